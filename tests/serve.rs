//! `kehoach serve` end to end: a real process on a free loopback port, spoken to over TCP.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status = buf
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf)
}

/// Reads a server-sent event stream until an event with the given name arrives; returns its data.
fn next_event(r: &mut BufReader<TcpStream>, name: &str, deadline: Duration) -> String {
    let start = Instant::now();
    let (mut event, mut data) = (String::new(), Vec::new());
    let mut line = String::new();
    while start.elapsed() < deadline {
        line.clear();
        match r.read_line(&mut line) {
            Ok(0) => panic!("stream closed"),
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                continue
            }
            Err(e) => panic!("{e}"),
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if let Some(v) = l.strip_prefix("event:") {
            event = v.trim().to_string();
        } else if let Some(v) = l.strip_prefix("data:") {
            data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
        } else if l.is_empty() && !event.is_empty() {
            if event == name {
                return data.join("\n");
            }
            event.clear();
            data.clear();
        }
    }
    panic!("no `{name}` event within {deadline:?}");
}

/// The server's event stream, once it has said the site is good.
fn events(port: u16) -> BufReader<TcpStream> {
    let mut sse = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        sse,
        "GET /__kehoach/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    sse.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut sse = BufReader::new(sse);
    next_event(&mut sse, "ok", Duration::from_secs(5));
    sse
}

#[test]
fn serves_rebuilds_and_reports_errors_live() {
    let site = fixture("mini");
    let out = site.path().join("served");
    let srv = serve(site.path(), &out);
    let (status, home) = get(srv.port, "/");
    assert_eq!(status, 200);
    assert!(
        home.contains("Trang thử")
            && home.contains("<script src=\"/__kehoach/reload.js\"></script></body>"),
        "{home}"
    );
    assert!(
        !read(&out, "index.html").contains("__kehoach"),
        "built files never carry the reload script"
    );
    assert_eq!(
        get(srv.port, "/co-quan/so-a").0,
        301,
        "folder without slash redirects"
    );
    assert_eq!(get(srv.port, "/khong-co/").0, 404);
    assert!(
        get(srv.port, "/khong-co/")
            .1
            .contains("Không tìm thấy trang"),
        "the site's own 404 page"
    );

    // never a file outside the output folder
    std::fs::write(site.path().join("bi-mat.txt"), "BI-MAT").unwrap();
    std::os::unix::fs::symlink(site.path().join("bi-mat.txt"), out.join("lien-ket.txt")).unwrap();
    for bad in [
        "/../bi-mat.txt",
        "/%2e%2e/bi-mat.txt",
        "/..%2fbi-mat.txt",
        "/%2E%2E%2Fbi-mat.txt",
        "/lien-ket.txt",
        "/ke-hoach/../../bi-mat.txt",
    ] {
        let (status, body) = get(srv.port, bad);
        assert!(!body.contains("BI-MAT"), "{bad} leaked the file");
        assert_ne!(status, 200, "{bad}");
    }

    let mut sse = events(srv.port);

    // a save that breaks the build: banner text with file and line; the last good site stays
    let plan = site.path().join("content/plans/2026/10-kh-ubnd.md");
    let good = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, good.replace("date: 2026-03-20", "date: 2026-13-45")).unwrap();
    let err = next_event(&mut sse, "failed", Duration::from_secs(10));
    assert!(
        err.contains("content/plans/2026/10-kh-ubnd.md:5:7: lỗi: ngày `2026-13-45` không hợp lệ"),
        "{err}"
    );
    assert_eq!(
        get(srv.port, "/ke-hoach/2026/10-kh-ubnd/").0,
        200,
        "last good site still served"
    );

    // fixing it reloads the page with the new content
    std::fs::write(&plan, good.replace("Việc thứ nhất", "Việc thứ nhất đã sửa")).unwrap();
    next_event(&mut sse, "reload", Duration::from_secs(10));
    let (_, page) = get(srv.port, "/ke-hoach/2026/10-kh-ubnd/");
    assert!(page.contains("Việc thứ nhất đã sửa"));
}

/// A theme folder made while serving (to override one template) is watched from then on: the
/// first template saved there, and the next edit of it, each rebuild and reload; making the
/// folder alone reloads nothing.
#[test]
fn a_theme_folder_made_while_serving_is_watched() {
    let site = fixture("mini");
    assert!(!site.path().join("themes").exists());
    let out = site.path().join("served");
    let srv = serve(site.path(), &out);
    let mut sse = events(srv.port);
    let templates = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    // Making the folders changes no page: no reload is sent for it (had one been, the wait
    // below would take it, before the template's rebuild, and find the page without its mark).
    std::thread::sleep(Duration::from_millis(1000));
    let own = std::fs::read_to_string(repo().join("themes/default/templates/accessibility.html"))
        .unwrap();
    for mark in ["data-sua=\"1\"", "data-sua=\"2\""] {
        std::fs::write(
            templates.join("accessibility.html"),
            own.replacen("<h1", &format!("<h1 {mark}"), 1),
        )
        .unwrap();
        next_event(&mut sse, "reload", Duration::from_secs(10));
        assert!(
            read(&out, "tiep-can/index.html").contains(mark),
            "{mark} not in the page"
        );
    }
}

#[test]
fn a_port_in_use_is_one_line() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let site = fixture("mini");
    let r = kehoach(&[
        "serve",
        "--root",
        site.path().to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim(),
        format!("lỗi: cổng {port} đang được chương trình khác dùng; chọn cổng khác bằng --port")
    );
}

#[test]
fn serve_without_a_site_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let r = kehoach(&[
        "serve",
        "--root",
        dir.path().to_str().unwrap(),
        "--port",
        &free_port().to_string(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("không tìm thấy site.yaml"));
}

/// The listening sockets of this port, from /proc/net/tcp{,6}: local address in hex.
fn listeners(port: u16) -> Vec<String> {
    let mut out = Vec::new();
    for f in ["/proc/net/tcp", "/proc/net/tcp6"] {
        for line in std::fs::read_to_string(f)
            .unwrap_or_default()
            .lines()
            .skip(1)
        {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // state 0A is LISTEN
            if cols.len() > 3 && cols[3] == "0A" && cols[1].ends_with(&format!(":{port:04X}")) {
                out.push(cols[1].to_string());
            }
        }
    }
    out
}

#[test]
fn listens_on_loopback_only_and_answers_a_thousand_at_once() {
    let site = fixture("mini");
    let srv = serve(site.path(), &site.path().join("served"));
    assert_eq!(
        listeners(srv.port),
        vec![format!("0100007F:{:04X}", srv.port)],
        "only 127.0.0.1 by default"
    );

    // A thousand connections opened together, each asking for a page, a missing page or a
    // path that tries to leave the site; every one answered.
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain calls with a valid pointer to a local struct.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        lim.rlim_cur = lim.rlim_max.min(65_536);
        libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
    }
    let n = 1000;
    let start = std::sync::Arc::new(std::sync::Barrier::new(n));
    let paths = [
        "/",
        "/ke-hoach/2026/10-kh-ubnd/",
        "/khong-co/",
        "/../../etc/passwd",
        "/du-lieu/nhiem-vu.json",
    ];
    let port = srv.port;
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let start = start.clone();
            std::thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || -> Result<u16, String> {
                    let path = paths[i % paths.len()];
                    let mut s =
                        TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                    start.wait();
                    write!(
                        s,
                        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    )
                    .map_err(|e| e.to_string())?;
                    let mut resp = String::new();
                    s.read_to_string(&mut resp)
                        .map_err(|e| format!("{path}: {e}"))?;
                    let status: u16 = resp
                        .split_whitespace()
                        .nth(1)
                        .and_then(|c| c.parse().ok())
                        .ok_or(format!("{path}: no status in {resp:.100}"))?;
                    if path.contains("..") && resp.contains("root:") {
                        return Err("left the site".into());
                    }
                    Ok(status)
                })
                .unwrap()
        })
        .collect();
    let mut by_status = std::collections::BTreeMap::new();
    for h in handles {
        let status = h.join().unwrap().unwrap();
        *by_status.entry(status).or_insert(0) += 1;
    }
    assert_eq!(by_status.values().sum::<usize>(), n, "{by_status:?}");
    assert_eq!(by_status[&200], 600, "{by_status:?}");
    assert_eq!(by_status[&404], 400, "{by_status:?}");
}

/// `serve` run in the site's folder (`--root` is `.`) takes from the watcher which plan files
/// changed, as with a whole `--root`: a save reads that file, not a listing of every plan.
#[test]
fn a_save_is_read_alone_when_serving_from_the_sites_folder() {
    use std::process::Command;
    let site = fixture("mini");
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .current_dir(site.path())
        .args(["serve", "-v", "--as-of", "2026-11-20", "--port"])
        .arg(port.to_string())
        .arg("--output")
        .arg(site.path().join("served"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Stopped when the test ends, whether it passes or not.
    let mut srv = Server { child, port };
    let (tx, lines) = std::sync::mpsc::channel::<String>();
    let out = srv.child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let wait_for = |what: &str| -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(l) if l.contains(what) => return l,
                Ok(_) => {}
                Err(_) => panic!("serve never said `{what}`"),
            }
        }
    };
    wait_for("Đang phục vụ");
    let plan = site.path().join("content/plans/2026/10-kh-ubnd.md");
    let good = std::fs::read_to_string(&plan).unwrap();
    // The watcher's first look, taken at once, lists every file: the saves come after it.
    std::thread::sleep(Duration::from_millis(500));
    for (i, title) in ["Việc thứ nhất (sửa)", "Việc thứ nhất (sửa lại)"]
        .iter()
        .enumerate()
    {
        std::fs::write(&plan, good.replace("Việc thứ nhất", title)).unwrap();
        wait_for("Đã tạo lại");
        let read = wait_for("  đọc");
        assert!(!read.contains("liệt kê lại"), "save {i}: {read}");
    }
}
