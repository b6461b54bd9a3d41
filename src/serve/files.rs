//! Static files for `serve`: only files inside the output folder are ever read, whatever the
//! request path says (`..`, encoded dots, backslashes, symlinks leading out).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};

/// Percent-decodes a URL path; None when it is not valid UTF-8 after decoding.
fn decode(path: &str) -> Option<String> {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a request path names inside `root`, or None when the path tries to leave it.
pub fn locate(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = decode(url_path)?;
    let mut rel = PathBuf::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => rel.push(s),
        }
    }
    let mut full = root.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    // Symlinks may point anywhere: compare real paths.
    let real = full.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    real.starts_with(&real_root).then_some(real)
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

const SCRIPT: &str = "<script src=\"/__kehoach/reload.js\"></script>";

/// Adds the reload script to an HTML page (only in `serve`; built files never have it).
fn inject(mut html: String) -> String {
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, SCRIPT),
        None => html.push_str(SCRIPT),
    }
    html
}

fn error_page(error: &str) -> String {
    let esc = crate::render::markdown::escape(error);
    inject(format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Lỗi khi tạo trang</title></head><body><h1>Chưa tạo được trang</h1><p>Sửa các lỗi dưới đây rồi lưu tệp; trang sẽ tự tải lại.</p><pre>{esc}</pre></body></html>"
    ))
}

pub fn respond(root: &Path, url_path: &str, error: Option<&str>) -> Response {
    if !root.join("index.html").exists() {
        // No good build yet: show why.
        let body = error_page(error.unwrap_or("Đang tạo trang…"));
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
    }
    // "/co-quan/so-tc" → "/co-quan/so-tc/" so that relative links resolve.
    if !url_path.ends_with('/') && !url_path.rsplit('/').next().unwrap_or("").contains('.') {
        if let Some(p) = locate(root, url_path) {
            if p.ends_with("index.html") {
                let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
                if let Ok(v) = HeaderValue::from_str(&format!("{url_path}/")) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                return r;
            }
        }
    }
    let (status, file) = match locate(root, url_path).filter(|p| p.is_file()) {
        Some(p) => (StatusCode::OK, p),
        None => (StatusCode::NOT_FOUND, root.join("404.html")),
    };
    let Ok(bytes) = std::fs::read(&file) else {
        return (StatusCode::NOT_FOUND, "Không tìm thấy").into_response();
    };
    let ct = content_type(&file);
    if ct.starts_with("text/html") {
        let html = inject(String::from_utf8_lossy(&bytes).into_owned());
        return (
            status,
            [
                (header::CONTENT_TYPE, ct),
                (header::CACHE_CONTROL, "no-store"),
            ],
            html,
        )
            .into_response();
    }
    (
        status,
        [
            (header::CONTENT_TYPE, ct),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_leaves_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        assert!(locate(&root, "/a/").is_some());
        assert!(locate(&root, "/a/index.html").is_some());
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/a\\..\\..\\secret.txt",
            "/link.txt",
            "/%00",
        ] {
            assert!(locate(&root, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(decode("/c%C6%A1-quan/").as_deref(), Some("/cơ-quan/"));
        assert_eq!(decode("/%zz"), None);
        assert_eq!(decode("/a%2"), Some("/a%2".into()));
    }
}
