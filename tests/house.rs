//! The layout of the code, as docs/architecture.md states it: stages use only the stages
//! before them; every URL is put together in `site::routes`; no file grows past the size a
//! reader can hold.

use std::path::{Path, PathBuf};

mod common;

/// The modules of `src/` in the order they may use one another: a module may name only those
/// before it (and itself). Shared helpers first, then the stages, then what runs them.
const ORDER: &[&str] = &[
    "text",
    "diag",
    "number",
    "yaml",
    "markdown",
    "content",
    "resolve",
    "site",
    "export",
    "render",
    "linkcheck",
    "output",
    "pipeline",
    "import",
    "scaffold",
    "report_draft",
    "serve",
    "cli",
    "fuzzing",
];

/// The code of every `.rs` file under `dir`, with its path, tests left out (a test may
/// build whatever it checks).
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            out.push((e.path().to_path_buf(), code));
        }
    }
    out
}

/// The top module a file of `src/` belongs to ("src/render/pages/plan.rs" → "render").
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root.join("src")).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn stages_use_only_the_stages_before_them() {
    let root = common::repo();
    let mut wrong = Vec::new();
    for (file, code) in sources(&root.join("src")) {
        let module = module_of(&root, &file);
        let Some(rank) = ORDER.iter().position(|m| *m == module) else {
            continue; // lib.rs, main.rs, bin/
        };
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if let Some(used) = ORDER.iter().position(|m| *m == name) {
                if used > rank {
                    wrong.push(format!("{}: {module} uses {name}", file.display()));
                }
            }
        }
    }
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "a stage uses a later one:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn only_routes_puts_urls_together() {
    let root = common::repo();
    // The first folder of every kind of page and file, as a string literal starts it.
    let prefixes = [
        "\"ke-hoach/",
        "\"co-quan/",
        "\"thoi-han/",
        "\"van-ban/",
        "\"lich/",
        "\"du-lieu/",
        "\"tim-kiem/",
        "\"tien-do/",
        "\"tiep-can/",
        "\"assets/",
        "\"#nv-",
        "\"nv-",
        "\"feed.xml\"",
        "\"sitemap.xml\"",
        "\"robots.txt\"",
        "\"trang-",
        "\"lien-quan/",
        "\"bao-cao/",
    ];
    let routes = root.join("src/site/routes");
    let mut found = Vec::new();
    for (file, code) in sources(&root.join("src")) {
        if file.starts_with(&routes) || file.starts_with(root.join("src/bin")) {
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            let text = line.trim_start();
            if text.starts_with("//") {
                continue;
            }
            // Template names are names of theme files, not URLs.
            let template = ["\"feed.xml\"", "\"sitemap.xml\"", "\"robots.txt\""]
                .iter()
                .any(|t| line.contains(&format!("=> {t}")) || text.starts_with(t));
            if !template && prefixes.iter().any(|p| line.contains(p)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, text));
            }
        }
    }
    assert!(
        found.is_empty(),
        "URLs put together outside site/routes/:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_file_is_longer_than_a_reader_can_hold() {
    let root = common::repo();
    let long: Vec<String> = sources(&root.join("src"))
        .into_iter()
        .map(|(file, _)| {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            (file, lines)
        })
        .filter(|(_, lines)| *lines > 700)
        .map(|(file, lines)| format!("{}: {lines} lines", file.display()))
        .collect();
    assert!(
        long.is_empty(),
        "files over 700 lines:\n{}",
        long.join("\n")
    );
}
