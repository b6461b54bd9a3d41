//! Helpers shared by the integration tests: run the real binary, copy fixture sites, snapshot
//! output trees.
#![allow(dead_code)]

pub mod plans;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn kehoach(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .output()
        .expect("run kehoach");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Builds a site root into `out`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
    ];
    args.extend_from_slice(extra);
    kehoach(&args)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A fresh copy of tests/fixtures/<name> in a temporary folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// The shipped site (content, themes, site.yaml) copied into a temporary folder.
pub fn shipped_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

/// Staging folders of builds left in `parent` (the site before last and the manifests are
/// kept there on purpose; see src/output/).
pub fn staging_leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kehoach-tmp-") || n.starts_with(".kehoach-old-"))
        .collect()
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    m
}

/// Where a link written on the page at `file` (its path in the output folder) leads, resolved
/// as a browser resolves it: a path from the site root, with its query and fragment.
pub fn target(file: &str, href: &str) -> String {
    let base = url::Url::parse("http://site.invalid/").unwrap();
    let to = base.join(file).and_then(|page| page.join(href)).unwrap();
    let mut s = to.path().trim_start_matches('/').to_string();
    if let Some(q) = to.query() {
        s.push('?');
        s.push_str(q);
    }
    if let Some(f) = to.fragment() {
        s.push('#');
        s.push_str(f);
    }
    s
}

/// Where every `href` of the page at `file` leads (see [`target`]).
pub fn link_targets(file: &str, html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(href, _)| target(file, &href.replace("&amp;", "&")))
        .collect()
}

/// Whether the page at `file` has a link to `to`, a path from the site root.
pub fn links_to(file: &str, html: &str, to: &str) -> bool {
    link_targets(file, html).iter().any(|t| t == to)
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn json(dir: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(dir, rel)).unwrap()
}

/// `kehoach serve` running on a free loopback port; killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `kehoach serve` on `root`, writing to `out`, and waits until it serves.
pub fn serve(root: &Path, out: &Path) -> Server {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args([
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-20",
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if line.contains("Đang phục vụ") {
            assert!(
                line.contains(&format!("http://127.0.0.1:{port}/")),
                "{line}"
            );
            break;
        }
    }
    // keep draining the output so the child never blocks on a full pipe
    std::thread::spawn(move || for _ in lines {});
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || for _ in BufReader::new(err).lines() {});
    Server { child, port }
}

/// Options of a live session or full build of `root` into `out`, as the live tests use them.
pub fn live_opts(root: &Path, out: &Path) -> kehoach::pipeline::BuildOptions {
    kehoach::pipeline::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        as_of: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        base_url: Some("https://portal.example/ke-hoach-so/".into()),
        strict: false,
        allow_shrink: false,
        force: false,
    }
}

pub fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    // A different length, so the size changes even when the clock is coarse.
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// Overrides a template of the built-in theme in the site at `root`: the default one with its
/// first `from` replaced by `to`.
pub fn patch_template(root: &Path, name: &str, from: &str, to: &str) {
    let default =
        std::fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap();
    assert!(default.contains(from), "{name} has no `{from}`");
    let dir = root.join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), default.replacen(from, to, 1)).unwrap();
}

/// Rebuilds live, then compares with a full build of the same sources.
pub fn rebuild_matches_full(
    s: &mut kehoach::pipeline::live::Session,
    root: &Path,
    what: &str,
) -> kehoach::pipeline::live::Rebuild {
    rebuild_changed_matches_full(s, root, None, what)
}

/// [`rebuild_matches_full`] told which paths changed, as the file watcher of `serve` does.
pub fn rebuild_changed_matches_full(
    s: &mut kehoach::pipeline::live::Session,
    root: &Path,
    changed: Option<&[PathBuf]>,
    what: &str,
) -> kehoach::pipeline::live::Rebuild {
    let r = s
        .rebuild_changed(changed)
        .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    s.finish().unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("public");
    let report = kehoach::pipeline::build(&live_opts(root, &out)).unwrap();
    assert_eq!(
        r.warnings, report.warnings,
        "{what}: live and full builds count warnings alike"
    );
    let (live, full) = (snapshot(&s.output()), snapshot(&out));
    let live_names: Vec<_> = live.keys().collect();
    let full_names: Vec<_> = full.keys().collect();
    assert_eq!(live_names, full_names, "{what}: different files");
    for (name, bytes) in &full {
        assert!(
            live[name] == *bytes,
            "{what}: {name} differs from a full build"
        );
    }
    r
}

/// The mini fixture with a plan of 600 tasks, all led by one body and due the same month: its
/// lists run over several pages.
pub fn long_list_site() -> tempfile::TempDir {
    let site = fixture("mini");
    let mut plan = String::from(
        "---\nnumber: \"20/KH-UBND\"\ntitle: \"Kế hoạch dài\"\nissuer: ubnd-tp\ndate: 2026-01-05\ntasks:\n",
    );
    for i in 1..=600 {
        plan.push_str(&format!(
            "  - id: \"{i}\"\n    title: \"Việc số {i}\"\n    lead: \"Sở Hòa Bình\"\n    deadline: \"Tháng 3/2026\"\n"
        ));
    }
    plan.push_str("---\nKế hoạch có nhiều nhiệm vụ.\n");
    std::fs::write(site.path().join("content/plans/2026/20-kh-ubnd.md"), plan).unwrap();
    site
}
