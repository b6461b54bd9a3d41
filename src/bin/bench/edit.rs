//! Edits through a running `kehoach serve`, timed from the save to the browser's reload.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Edits one plan of a running `kehoach serve` at a time and times, end to end, from the
/// moment the file is written to the moment the server tells the browser to reload (the
/// rebuilt pages are on disk by then). Edits alternate between a task's deadline and a title.
/// Then edits that are not to a plan, each made and undone twice: a template used by one page,
/// the template of every body page, and a unit renamed in departments.yaml; for these the
/// number of files the server remade is kept too.
/// `runs` edits of each kind of plan edit.
pub fn edit_bench(
    bin: &Path,
    corpus: &Path,
    work: &Path,
    runs: usize,
) -> Result<EditTimes, String> {
    use std::io::{BufRead, BufReader, Write};
    let root = work.join("edit-site");
    crate::measure::discard(&root);
    let st = Command::new("cp").arg("-r").arg(corpus).arg(&root).status();
    if !st.is_ok_and(|s| s.success()) {
        return Err("không sao chép được bộ dữ liệu".into());
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--as-of",
            "2026-09-30",
            "--port",
            &port.to_string(),
            "--root",
        ])
        .arg(&root)
        .arg("--output")
        .arg(work.join("edit-public"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Đang phục vụ") {
        line.clear();
        if out.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("kehoach serve dừng trước khi phục vụ".into());
        }
    }
    // The server's output is read on a thread so that it never blocks; the number of files
    // each rebuild remade is passed on.
    let (remade_tx, remade) = std::sync::mpsc::channel::<usize>();
    std::thread::spawn(move || {
        let mut l = String::new();
        while out.read_line(&mut l).is_ok_and(|n| n > 0) {
            if let Some(n) = l
                .strip_prefix("Đã tạo lại ")
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse().ok())
            {
                let _ = remade_tx.send(n);
            }
            l.clear();
        }
    });
    let mut sse = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        sse,
        "GET /__kehoach/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    // A rebuild that never comes is an error, not a benchmark that waits forever.
    sse.set_read_timeout(Some(std::time::Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let mut events = BufReader::new(sse);
    let mut wait_for = |name: &str| -> Result<(), String> {
        let mut l = String::new();
        loop {
            l.clear();
            if events.read_line(&mut l).map_err(|e| e.to_string())? == 0 {
                return Err("kênh sự kiện bị đóng".into());
            }
            if l.trim() == format!("event: {name}") {
                return Ok(());
            }
            if l.trim() == "event: failed" {
                return Err("tạo lại thất bại".into());
            }
        }
    };
    wait_for("ok")?;
    // Edits start once the first build is on disk: at 10,000 plans it writes 1.7 GB, which
    // the disk is still writing out during the first edits otherwise; staff edit a site whose
    // preview they are reading.
    // SAFETY: sync has no arguments and cannot fail.
    unsafe { libc::sync() };
    let mut files: Vec<PathBuf> = walkdir_md(&root.join("content/plans"));
    files.sort();
    let (mut deadline, mut title) = (Vec::new(), Vec::new());
    for i in 0..runs * 2 {
        let f = &files[(files.len() / 2 + i * 7) % files.len()];
        let text = std::fs::read_to_string(f).map_err(|e| e.to_string())?;
        let edited = if i % 2 == 0 {
            // The first task's deadline.
            let mut done = false;
            let lines: Vec<String> = text
                .lines()
                .map(|l| match l.find("deadline: ") {
                    Some(at) if !done => {
                        done = true;
                        let new = if l.contains("Quý III/2027") {
                            "Tháng 5/2028"
                        } else {
                            "Quý III/2027"
                        };
                        format!("{}deadline: \"{new}\"", &l[..at])
                    }
                    _ => l.to_string(),
                })
                .collect();
            lines.join("\n") + "\n"
        } else {
            text.replacen("\ntitle: ", "\ntitle: Sửa đổi — ", 1)
        };
        // Give the server time to write the whole-site data of the previous edit.
        std::thread::sleep(std::time::Duration::from_millis(8000));
        let start = Instant::now();
        std::fs::write(f, edited).map_err(|e| e.to_string())?;
        wait_for("reload")?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "  sửa {}: {ms:.0} ms",
            f.file_name().unwrap().to_string_lossy()
        );
        if i % 2 == 0 {
            deadline.push(ms)
        } else {
            title.push(ms)
        }
    }
    let mut site_wide = Vec::new();
    for (what, edit) in site_wide_edits(&root)? {
        let mut times = Vec::new();
        let mut files = Vec::new();
        for _ in 0..2 {
            for (path, text) in [&edit.0, &edit.1] {
                // A registry edit remakes thousands of pages and the whole-site data after them.
                std::thread::sleep(std::time::Duration::from_millis(15000));
                while remade.try_recv().is_ok() {}
                let start = Instant::now();
                match text {
                    Some(t) => std::fs::write(path, t),
                    None => std::fs::remove_file(path),
                }
                .map_err(|e| e.to_string())?;
                wait_for("reload")?;
                times.push(start.elapsed().as_secs_f64() * 1000.0);
                files.push(
                    remade
                        .recv_timeout(std::time::Duration::from_secs(5))
                        .unwrap_or(0),
                );
                eprintln!(
                    "  {what}: {:.0} ms, {} tệp",
                    times.last().unwrap(),
                    files.last().unwrap()
                );
            }
        }
        site_wide.push((what, times, files));
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(EditTimes {
        deadline,
        title,
        site_wide,
    })
}

/// Edit → reload times (ms) of plan edits, and of each site-wide edit with the files remade.
pub struct EditTimes {
    pub deadline: Vec<f64>,
    pub title: Vec<f64>,
    pub site_wide: Vec<(&'static str, Vec<f64>, Vec<usize>)>,
}

/// A file written (`Some`) or removed (`None`).
type FileEdit = (PathBuf, Option<String>);

/// A site-wide edit: what it is, the edit, and its undoing.
type SiteWideEdit = (&'static str, (FileEdit, FileEdit));

/// Each site-wide edit as (the edit, its undoing). Templates are changed by putting a copy of
/// the built-in one, changed, in the site's `themes/default/templates/` (which overrides it);
/// undoing removes it.
fn site_wide_edits(root: &Path) -> Result<Vec<SiteWideEdit>, String> {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let over = root.join("themes/default/templates");
    std::fs::create_dir_all(&over).map_err(|e| e.to_string())?;
    let mut v = Vec::new();
    for (what, name) in [
        ("a template used by one page", "accessibility.html"),
        ("the template of the body pages", "body.html"),
    ] {
        let text = std::fs::read_to_string(theme.join(name)).map_err(|e| e.to_string())?;
        let changed = text.replacen("<h1", "<h1 data-edited=\"1\"", 1);
        v.push((
            what,
            ((over.join(name), Some(changed)), (over.join(name), None)),
        ));
    }
    // The first unit (a body under a department) gets another name: tasks that name it by the
    // old one no longer find it.
    let reg = root.join("content/departments.yaml");
    let text = std::fs::read_to_string(&reg).map_err(|e| e.to_string())?;
    let block = text
        .split("\n- id: ")
        .find(|b| b.contains("kind: \"unit\""))
        .ok_or("departments.yaml không có đơn vị (kind: unit)")?;
    let name = block
        .lines()
        .find_map(|l| l.strip_prefix("  name: "))
        .ok_or("đơn vị không có tên")?;
    let new_name = match name.strip_prefix('"') {
        Some(rest) => format!("\"Đổi tên {rest}"),
        None => format!("Đổi tên {name}"),
    };
    let renamed = text.replacen(
        block,
        &block.replacen(
            &format!("  name: {name}"),
            &format!("  name: {new_name}"),
            1,
        ),
        1,
    );
    v.push((
        "a unit renamed in departments.yaml",
        ((reg.clone(), Some(renamed)), (reg, Some(text))),
    ));
    Ok(v)
}

fn walkdir_md(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walkdir_md(&p));
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out
}
