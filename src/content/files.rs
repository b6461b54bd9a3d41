//! Finding and reading the files of a site: the plan files under content/plans, in a fixed
//! order; the registries; the size limit; links that lead outside the site's folder.

use super::plan::parse_plan;
use super::{Plan, DEPARTMENTS, DIRECTIVES};
use crate::diag::{Diagnostics, Pos};
use std::path::{Path, PathBuf};

/// Reads and parses one plan file (`abs`, named `rel` from the site root).
pub fn read_plan(abs: &Path, rel: &str) -> (Option<Plan>, Diagnostics) {
    let (plan, d, _) = read_plan_hashed(abs, rel);
    (plan, d)
}

/// [`read_plan`], with the hash of the bytes it parsed (xxh3, 128 bits, as the build's
/// fingerprint hashes files) when it could read them: the key a parse is kept under. Hashed
/// here, not taken from the fingerprint: the file may have changed in between.
pub fn read_plan_hashed(abs: &Path, rel: &str) -> (Option<Plan>, Diagnostics, Option<u128>) {
    match read_file(abs) {
        Ok(bytes) => {
            let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
            let (mut plan, mut d) = parse_plan(rel, &bytes);
            if let Some(p) = plan.as_mut() {
                read_source_doc(abs, rel, p, &mut d);
            }
            (plan, d, Some(hash))
        }
        Err(e) => {
            let mut d = Diagnostics::default();
            d.error(rel, Pos::line(1), e);
            (None, d, None)
        }
    }
}

/// Reads the plan's official file (`source:` a path under content/), which is published
/// beside its page; its bytes count in the plan's hash, so a new file rebuilds the page.
fn read_source_doc(abs: &Path, rel: &str, plan: &mut Plan, d: &mut Diagnostics) {
    let Some(super::SourceDoc::File { path, bytes }) = plan.source.as_mut() else {
        return;
    };
    // The site's folder: `rel` names the plan file from it.
    let Some(root) = abs.ancestors().nth(rel.split('/').count()) else {
        return;
    };
    let file = root.join("content").join(&*path);
    let read = if file.is_file() {
        read_file(&file)
    } else {
        Err("không có tệp này".to_string())
    };
    match read {
        Ok(b) => {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (plan.source_hash, &b).hash(&mut h);
            plan.source_hash = h.finish();
            *bytes = b.into();
        }
        Err(e) => {
            let message = format!("không đọc được tệp văn bản chính thức `content/{path}` (`source:`): {e}; đặt tệp vào thư mục content/ hoặc sửa đường dẫn");
            d.error(rel, plan.source_line, message);
            plan.source = None;
        }
    }
}

/// departments.yaml, parsed; empty, with a warning, when the site has none.
pub fn read_departments(root: &Path, diags: &mut Diagnostics) -> Vec<super::BodyEntry> {
    read_optional(root, DEPARTMENTS, diags).map_or_else(Vec::new, |t| {
        super::parse_departments(DEPARTMENTS, &t, diags)
    })
}

/// directives.yaml, parsed; empty, with a warning, when the site has none.
pub fn read_directives(root: &Path, diags: &mut Diagnostics) -> Vec<super::DirectiveEntry> {
    read_optional(root, DIRECTIVES, diags)
        .map_or_else(Vec::new, |t| super::parse_directives(DIRECTIVES, &t, diags))
}

/// The order of plan files: by names folder by folder, as a walk that sorts each folder's
/// names gives it.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().map(|c| if c == b'/' { 0 } else { c })
    }
    key(a).cmp(key(b))
}

/// Every `*.md` under content/plans, sorted by path so that runs are deterministic.
pub fn plan_files(root: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    markdown_files(root, "content/plans", diags)
}

/// Every `*.md` under content/bao-cao, sorted by path.
pub fn report_files(root: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    markdown_files(root, super::report::REPORTS_DIR, diags)
}

/// Reads and parses one report file.
pub fn read_report(abs: &Path, rel: &str) -> (Option<super::Report>, Diagnostics) {
    match read_file(abs) {
        Ok(bytes) => super::report::parse_report(rel, &bytes),
        Err(e) => {
            let mut d = Diagnostics::default();
            d.error(rel, Pos::line(1), e);
            (None, d)
        }
    }
}

/// Every `*.md` under the folder `sub` of the site, sorted by path.
fn markdown_files(root: &Path, sub: &str, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let dir = root.join(sub);
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let outside = std::cell::RefCell::new(Vec::new());
    // Links are followed so that a folder linked within the site is read, but one that leads
    // outside it is refused: a plan file must be part of the site that is published.
    let walk = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if !e.path_is_symlink() {
                return true;
            }
            match e.path().canonicalize() {
                Ok(real) if real.starts_with(&real_root) => true,
                Ok(real) => {
                    outside.borrow_mut().push((e.path().to_path_buf(), real));
                    false
                }
                // a broken link: walkdir reports it as an entry error below
                Err(_) => true,
            }
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| sub.into());
                diags.error(
                    &rel,
                    Pos::line(1),
                    format!("không đọc được thư mục hoặc tệp: {e}; cấp quyền đọc cho nó, hoặc sửa hay xóa liên kết tượng trưng (symlink) hỏng"),
                );
                continue;
            }
        };
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "md") {
            out.push((p.to_path_buf(), rel_path(root, p)));
        }
    }
    for (link, real) in outside.into_inner() {
        diags.error(&rel_path(root, &link), Pos::line(1), outside_message(&real));
    }
    // Sorted once, by names folder by folder (the order a walk sorted by file name gives):
    // walkdir's own sorting takes each name out of its path at every comparison. With the
    // separator made the lowest byte, comparing whole paths gives that order.
    out.sort_by_cached_key(|(_, rel)| rel.replace('/', "\0"));
    debug_assert!(out.windows(2).all(|w| path_order(&w[0].1, &w[1].1).is_lt()));
    out
}

pub fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn outside_message(real: &Path) -> String {
    format!(
        "đây là liên kết tượng trưng (symlink) trỏ ra ngoài thư mục của trang, tới {}; chép tệp vào content/ thay vì liên kết",
        real.display()
    )
}

/// Where `path` leads when it is a symbolic link to something outside the site's folder.
fn link_outside(root: &Path, path: &Path) -> Option<PathBuf> {
    if !path.symlink_metadata().ok()?.file_type().is_symlink() {
        return None;
    }
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (!real.starts_with(real_root)).then_some(real)
}

fn read_optional(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let path = root.join(rel);
    if let Some(real) = link_outside(root, &path) {
        diags.error(rel, Pos::line(1), outside_message(&real));
        return None;
    }
    if !path.exists() {
        diags.warning(
            rel,
            Pos::line(1),
            "không có tệp này; danh mục được coi là trống",
        );
        return None;
    }
    match read_file(&path) {
        Ok(bytes) => super::decode::decode_utf8(rel, &bytes, diags),
        Err(e) => {
            diags.error(rel, Pos::line(1), e);
            None
        }
    }
}

/// The largest content file read: hundreds of times the longest real plan (90/KH-UBND, 51
/// tasks, is 47 KB; 100,000 tasks fit), and small enough that parsing it stays within
/// the build's memory budget.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Reads a content file, refusing one too large to be a plan or a registry.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("không đọc được tệp: {e}"))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "tệp dài {len} byte, quá giới hạn {} byte ({} MB) của một tệp nội dung; tách thành nhiều kế hoạch, hoặc để phụ lục dài ở tệp đính kèm và dẫn liên kết tới nó",
            MAX_FILE_BYTES,
            MAX_FILE_BYTES / 1048576
        ));
    }
    std::fs::read(path).map_err(|e| format!("không đọc được tệp: {e}"))
}

#[cfg(test)]
mod tests {
    /// Plans are read in the order of a walk that sorts each folder's names: a folder's plans
    /// come before a file whose name extends the folder's, and `-` sorts before `.`.
    #[test]
    fn plan_files_come_in_the_order_of_a_sorted_walk() {
        let root = tempfile::tempdir().unwrap();
        let plans = root.path().join("content/plans");
        let names = [
            "b.md", "a.md", "a-b.md", "a/x.md", "a/b/c.md", "a b.md", "note.txt",
        ];
        for n in names {
            let p = plans.join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let mut diags = super::Diagnostics::default();
        let got: Vec<String> = super::plan_files(root.path(), &mut diags)
            .into_iter()
            .map(|(_, rel)| rel)
            .collect();
        let walked: Vec<String> = walkdir::WalkDir::new(&plans)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| super::rel_path(root.path(), e.path()))
            .collect();
        assert_eq!(got, walked);
        assert_eq!(
            got[..3],
            [
                "content/plans/a/b/c.md",
                "content/plans/a/x.md",
                "content/plans/a b.md"
            ]
        );
    }
}
