//! End-to-end tests in headless Chromium, driven by Node's playwright-core (tests/browser/).
//! They need Debian's chromium (or KEHOACH_CHROMIUM) and Node with npm; `.ci/run` installs
//! both. Missing tools fail the test with what to install: a skipped browser test would
//! pass for the wrong reason.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    repo().join("tests/browser")
}

/// Checks the tools and installs playwright-core (from package-lock.json) when missing.
fn prepare() {
    let chromium =
        std::env::var("KEHOACH_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    assert!(
        Path::new(&chromium).exists(),
        "Chromium not found at {chromium}: install it (`apt-get install chromium`) or set \
         KEHOACH_CHROMIUM; .ci/run does this"
    );
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "Node.js not found: install it (`apt-get install nodejs npm`)"
    );
    let dir = browser_dir();
    if !dir.join("node_modules/playwright-core").exists() {
        let st = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(st.success(), "npm ci in tests/browser failed");
    }
}

fn node(script: &str, args: &[&str]) -> String {
    let out = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .current_dir(browser_dir())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn serve_reloads_the_tab_shows_errors_and_clears_them_in_chromium() {
    prepare();
    let site = fixture("mini");
    let out = tempfile::tempdir().unwrap();
    let srv = serve(site.path(), &out.path().join("public"));
    let plan = site.path().join("content/plans/2026/10-kh-ubnd.md");
    let said = node(
        "reload.mjs",
        &[
            &format!("http://127.0.0.1:{}/", srv.port),
            "ke-hoach/2026/10-kh-ubnd/",
            plan.to_str().unwrap(),
        ],
    );
    assert!(said.contains("ok: reload, error banner, fix"), "{said}");
}

#[test]
fn every_page_type_passes_axe_and_works_by_keyboard_on_desktop_and_phone() {
    prepare();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let run = build(&repo(), &site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Screenshots go to target/ (not committed) for a person to look at.
    let shots = repo().join("target/screenshots");
    let said = node(
        "a11y.mjs",
        &[site.to_str().unwrap(), shots.to_str().unwrap()],
    );
    assert!(said.contains("no axe violations"), "{said}");
    assert!(said.contains("keyboard: nv-"), "{said}");
}

/// The pages of reports (the demo site has them; the shipped site has none): the list, a
/// report, and the plan, body and progress pages with reporting periods, by the same rules.
#[test]
fn report_pages_are_accessible_and_fit_a_phone() {
    prepare();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let run = build(&repo().join("examples/demo"), &site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shots = repo().join("target/screenshots/demo");
    let pages = r#"{"reports": "bao-cao/", "report": "bao-cao/2026/bc-01-2026-10-05/",
        "plan": "ke-hoach/2026/902-kh-skhcn/", "body": "co-quan/so-khcn/", "progress": "tien-do/"}"#;
    let said = node(
        "a11y.mjs",
        &[site.to_str().unwrap(), shots.to_str().unwrap(), pages],
    );
    assert!(
        said.contains("ok: 5 page types") && said.contains("no axe violations"),
        "{said}"
    );
}

#[test]
fn search_finds_numbers_names_and_words_without_diacritics() {
    prepare();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let run = build(&repo(), &site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = node("search.mjs", &[site.to_str().unwrap()]);
    assert!(
        said.contains("ok: searches return the right first result"),
        "{said}"
    );
}
