//! Crash-safe output: the build is killed (SIGKILL) at random moments, over and over, while the
//! content flips between two versions. After every kill the output folder holds one whole
//! site, the old or the new, never a mix and never nothing; the next run cleans what the
//! killed builds left.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn spawn_build(root: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["build", "--root", root.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap(), "--as-of", "2026-11-20"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn killing_the_build_at_any_moment_leaves_a_whole_site() {
    let site = shipped_site();
    let s = site.path();
    let plan = s.join("content/plans/2026/90-kh-ubnd.md");
    let a = std::fs::read_to_string(&plan).unwrap();
    let b = a.replacen("title: \"", "title: \"(Bản sửa) ", 1);
    assert_ne!(a, b);

    // The two whole sites, each built without interruption.
    let mut whole: Vec<BTreeMap<String, Vec<u8>>> = Vec::new();
    let mut took = Duration::ZERO;
    for text in [&a, &b] {
        std::fs::write(&plan, text).unwrap();
        let out = s.join(format!("mau-{}", whole.len()));
        let t = Instant::now();
        assert_eq!(build(s, &out, &[]).code, 0);
        took = took.max(t.elapsed());
        whole.push(snapshot(&out));
        std::fs::remove_dir_all(&out).unwrap();
    }
    assert_ne!(whole[0], whole[1]);

    let out = s.join("public");
    std::fs::write(&plan, &a).unwrap();
    assert_eq!(build(s, &out, &[]).code, 0);

    // Kill times spread over the whole build, including its last moments (the swap).
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}, a build takes {took:?}");
    let span = took.as_micros() as u64 * 5 / 4 + 1;
    let (mut saw_old, mut saw_new) = (0, 0);
    for i in 0..40 {
        // xorshift: no dependency needed for a spread of kill times
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // even iterations build b over a, odd ones a over b
        let (text, new) = if i % 2 == 0 { (&b, 1) } else { (&a, 0) };
        std::fs::write(&plan, text).unwrap();
        let mut child = spawn_build(s, &out);
        std::thread::sleep(Duration::from_micros(seed % span));
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        match whole.iter().position(|w| *w == now) {
            Some(k) if k == new => saw_new += 1,
            Some(_) => saw_old += 1,
            None => panic!(
                "after a kill at iteration {i}, public/ is neither site ({} files)",
                now.len()
            ),
        }
        // the next iteration starts from what is there now
        if now == whole[new] {
            continue;
        }
        std::fs::write(&plan, text).unwrap();
        assert_eq!(build(s, &out, &[]).code, 0);
    }
    eprintln!("kills that left the previous site: {saw_old}, the new one: {saw_new}");
    assert!(saw_old > 0, "some kills landed before the swap");

    // The next run cleans what the killed builds left (the previous site it replaces is
    // removed in the background, after it returns).
    std::fs::write(&plan, &b).unwrap();
    assert_eq!(build(s, &out, &[]).code, 0);
    assert_eq!(snapshot(&out), whole[1]);
    let until = Instant::now() + Duration::from_secs(60);
    while !staging_leftovers(s).is_empty() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(staging_leftovers(s), Vec::<String>::new());
}
