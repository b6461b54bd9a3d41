//! A build rewrites the site before last in place (src/output/): the files it would write
//! again byte for byte are skipped, the others overwritten, those the new site lacks removed.
//! Whatever the sequence of builds, the output must be exactly what a build from nothing makes.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every folder under `dir`, empty ones included.
fn folders(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn inode(file: &Path) -> u64 {
    std::fs::metadata(file).unwrap().ino()
}

type Tree = (BTreeMap<String, Vec<u8>>, BTreeSet<String>);

fn tree(dir: &Path) -> Tree {
    (snapshot(dir), folders(dir))
}

/// Puts the content in one of three versions: as shipped, edited with a plan removed, and
/// edited with a plan added.
fn set_version(site: &Path, shipped: &Path, v: usize) {
    let plans = site.join("content/plans");
    let _ = std::fs::remove_dir_all(&plans);
    copy_dir(&shipped.join("content/plans"), &plans);
    let edit = |rel: &str, from: &str, to: &str| {
        let p = plans.join(rel);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{rel}: {from}");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    match v {
        0 => {}
        1 => {
            edit("2026/90-kh-ubnd.md", "title: \"", "title: \"(Bản sửa) ");
            std::fs::remove_file(plans.join("2025/77-kh-snv.md")).unwrap();
        }
        _ => {
            edit(
                "2026/269-kh-skhcn.md",
                "title: \"",
                "title: \"(Sửa lần hai) ",
            );
            let mut extra = std::fs::read_to_string(plans.join("2025/77-kh-snv.md")).unwrap();
            extra = extra.replacen("number: \"77/KH-SNV\"", "number: \"78/KH-SNV\"", 1);
            assert!(extra.contains("78/KH-SNV"));
            std::fs::write(plans.join("2025/78-kh-snv.md"), extra).unwrap();
        }
    }
}

#[test]
fn any_sequence_of_builds_gives_what_a_build_from_nothing_gives() {
    let site = shipped_site();
    let s = site.path();
    let original = shipped_site();
    let out = s.join("public");
    let mut fresh: BTreeMap<usize, Tree> = BTreeMap::new();
    for v in 0..3 {
        set_version(s, original.path(), v);
        let dir = s.join(format!("fresh-{v}"));
        assert_eq!(build(s, &dir, &[]).code, 0);
        fresh.insert(v, tree(&dir));
    }
    assert_ne!(fresh[&0].0, fresh[&1].0);
    assert_ne!(fresh[&1].0.keys().len(), fresh[&2].0.keys().len());

    let mut style_inode = None;
    let mut tasks_inode = None;
    for (i, v) in [0, 1, 0, 2, 2, 1, 0].into_iter().enumerate() {
        set_version(s, original.path(), v);
        let r = build(s, &out, &[]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            tree(&out) == fresh[&v],
            "build {i} (version {v}) differs from a build from nothing"
        );
        let ino = inode(&out.join("assets/style.css"));
        // Written as it is made, through a file beside it (src/output/, `write_with`).
        let tasks_ino = inode(&out.join("du-lieu/nhiem-vu.json"));
        if i == 2 {
            // The third build rewrote the first one's folder, and left the files it did not
            // need to change where they were.
            assert_eq!(
                Some(ino),
                style_inode,
                "the site before last is rewritten in place"
            );
            assert_eq!(
                Some(tasks_ino),
                tasks_inode,
                "a data file written as it is made is left alone when its bytes are the same"
            );
        }
        if i == 0 {
            style_inode = Some(ino);
            tasks_inode = Some(tasks_ino);
        }
    }
    assert!(s.join(".kehoach-prev-public").is_dir());
}

#[test]
fn a_file_changed_by_hand_in_the_kept_site_is_written_again() {
    let site = shipped_site();
    let s = site.path();
    let out = s.join("public");
    assert_eq!(build(s, &out, &[]).code, 0);
    let want = tree(&out);
    assert_eq!(build(s, &out, &["--force"]).code, 0);
    // The kept site is the first build; change a page without changing its length.
    let kept = s.join(".kehoach-prev-public/index.html");
    let mut bytes = std::fs::read(&kept).unwrap();
    let at = bytes.iter().position(|&b| b == b'<').unwrap();
    bytes[at] = b'#';
    std::fs::write(&kept, &bytes).unwrap();
    assert_eq!(build(s, &out, &[]).code, 0);
    assert!(tree(&out) == want, "the edited page was written again");
}

#[test]
fn a_failed_build_keeps_the_site_it_was_rewriting_and_the_next_build_is_whole() {
    let site = shipped_site();
    let s = site.path();
    let original = shipped_site();
    let out = s.join("public");
    set_version(s, original.path(), 1);
    let dir = s.join("fresh");
    assert_eq!(build(s, &dir, &[]).code, 0);
    let want = tree(&dir);
    set_version(s, original.path(), 0);
    assert_eq!(build(s, &out, &[]).code, 0);
    assert_eq!(build(s, &out, &["--force"]).code, 0);
    let published = tree(&out);
    // A template error stops the build after pages were written into the kept site.
    let theme = s.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("plan.html"),
        "{% extends \"base.html\" %}{% block content %}{{ khong_co.x }}{% endblock content %}",
    )
    .unwrap();
    set_version(s, original.path(), 1);
    let r = build(s, &out, &[]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(
        tree(&out) == published,
        "a failed build leaves the site as it was"
    );
    assert!(s.join(".kehoach-prev-public").is_dir());
    std::fs::remove_file(theme.join("plan.html")).unwrap();
    assert_eq!(build(s, &out, &[]).code, 0);
    assert!(tree(&out) == want);
}

/// Every file under `dir` with its inode and change time: what a build that writes nothing
/// leaves as it was.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                (m.ino(), m.ctime(), m.ctime_nsec()),
            )
        })
        .collect()
}

const UNCHANGED: &str = "Không có gì thay đổi từ lần tạo trước";

#[test]
fn a_build_with_nothing_changed_writes_nothing_and_anything_changed_makes_it_build() {
    let site = shipped_site();
    let s = site.path();
    let original = shipped_site();
    let out = s.join("public");
    let first = build(s, &out, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(!first.stdout.contains(UNCHANGED));
    // `-v` says why a build made every file.
    let why = |extra: &[&str]| {
        let mut args = vec!["-v"];
        args.extend_from_slice(extra);
        let r = build(s, &out, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let line = (r.stdout.lines())
            .find(|l| l.starts_with("Tạo mọi tệp: ") || l.starts_with("Chỉ tạo lại "));
        line.map(|l| l.to_string()).unwrap_or_default()
    };
    let want = tree(&out);
    let written = stamps(&out);
    let unchanged = |extra: &[&str]| {
        // `build` sets the date, unless another is given
        let r = if extra.first() == Some(&"--as-of") {
            let mut args = vec!["build", "--root", s.to_str().unwrap()];
            args.extend(["--output", out.to_str().unwrap()]);
            args.extend_from_slice(extra);
            kehoach(&args)
        } else {
            build(s, &out, extra)
        };
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.contains(UNCHANGED)
    };
    // Nothing changed, and the plan files written again with the same bytes (a fresh
    // checkout): nothing is made, no file touched, and the report is the first build's.
    assert!(unchanged(&[]));
    set_version(s, original.path(), 0);
    let again = build(s, &out, &[]);
    assert!(again.stdout.contains(UNCHANGED), "{}", again.stdout);
    let report = |o: &str| -> Vec<String> {
        o.lines()
            .map(|l| l.split(" trong ").next().unwrap().replace(UNCHANGED, ""))
            .filter(|l| !l.contains("--force"))
            .collect()
    };
    assert_eq!(
        report(&again.stdout)[1..],
        report(&first.stdout)[1..],
        "the same warnings are reported"
    );
    assert!(stamps(&out) == written, "no file was written");

    // A page edited, added or removed in the output: built again, and put back as it was.
    let page = out.join("index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[0] = b'#';
    std::fs::write(&page, &bytes).unwrap();
    assert!(why(&[]).contains("thư mục đầu ra đã bị sửa"));
    assert!(tree(&out) == want);
    assert_eq!(why(&[]), "", "nothing changed");
    assert!(why(&["--force"]).contains("--force"));
    std::fs::write(out.join("them.html"), "x").unwrap();
    assert!(!unchanged(&[]));
    assert!(tree(&out) == want);
    std::fs::remove_file(out.join("assets/style.css")).unwrap();
    assert!(!unchanged(&[]));
    assert!(tree(&out) == want);
    assert!(unchanged(&[]));
    // A page replaced by a link to a file elsewhere: when that site is taken over to be
    // rewritten, the link is removed, never written through.
    let victim = s.join("victim.txt");
    std::fs::write(&victim, "giữ nguyên").unwrap();
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&victim, &page).unwrap();
    assert!(!unchanged(&[]));
    assert!(!unchanged(&["--force"]));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "giữ nguyên");
    assert!(std::fs::symlink_metadata(&page).unwrap().is_file());
    assert!(tree(&out) == want);

    // Another date, base URL or option, or a theme file: built again.
    assert!(!unchanged(&["--as-of", "2026-11-21"]));
    assert!(!unchanged(&[]));
    assert!(!unchanged(&["--base-url", "https://portal.example/khac/"]));
    assert!(!unchanged(&[]));
    assert!(unchanged(&[]));
    assert!(!unchanged(&["--force"]));
    assert!(tree(&out) == want);
    let theme = s.join("themes/default/static");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("them.css"), "p{}").unwrap();
    assert!(!unchanged(&[]));
    assert!(out.join("assets/them.css").is_file());
    std::fs::remove_file(theme.join("them.css")).unwrap();
    assert!(!unchanged(&[]));
    assert!(tree(&out) == want);

    // Plans edited: what they show made again (tests/partial.rs), as a build from nothing
    // would.
    set_version(s, original.path(), 1);
    let fresh = s.join("fresh");
    assert_eq!(build(s, &fresh, &[]).code, 0);
    assert!(why(&[]).starts_with("Chỉ tạo lại "));
    assert!(tree(&out) == tree(&fresh));

    // A failed build changes nothing: with the content put back as it was, the site in place
    // is still the one it was made from.
    std::fs::write(s.join("content/plans/hong.md"), "---\nnumber: [\n---\n").unwrap();
    assert_ne!(build(s, &out, &[]).code, 0);
    std::fs::remove_file(s.join("content/plans/hong.md")).unwrap();
    assert!(unchanged(&[]));
    assert!(tree(&out) == tree(&fresh));
}
