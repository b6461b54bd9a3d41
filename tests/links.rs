//! The build checks every internal link and anchor it writes: broken ones are warnings naming
//! the output file and line (and the template), and `--strict` refuses to publish.

mod common;
use common::*;

fn override_template(site: &std::path::Path, name: &str, body: &str) {
    let t = site.join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join(name),
        format!(
            "{{% extends \"base.html\" %}}{{% block content %}}\n{body}\n{{% endblock content %}}"
        ),
    )
    .unwrap();
}

#[test]
fn the_shipped_site_has_no_broken_link_at_the_root_or_under_a_sub_path() {
    let out = tempfile::tempdir().unwrap();
    for base in [
        "https://example.gov.vn/",
        "https://portal.example/ke-hoach-so/",
    ] {
        let r = build(&repo(), &out.path().join("public"), &["--base-url", base]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stderr.contains("liên kết"), "{base}: {}", r.stderr);
    }
}

#[test]
fn a_template_link_to_a_missing_page_or_anchor_is_a_warning_with_file_and_line() {
    let site = fixture("mini");
    override_template(
        site.path(),
        "accessibility.html",
        "<p>ok: <a href=\"{{ root }}ke-hoach/\">kế hoạch</a> <a href=\"#noi-dung\">lên</a> <a href=\"https://example.org/x\">ngoài</a></p>\n\
         <p><a href=\"{{ root }}khong-co/\">hỏng</a></p>\n\
         <p><a href=\"{{ root }}co-quan/#khong-co-dau\">neo hỏng</a> <img src=\"{{ root }}assets/khong-co.png\" alt=\"\"></p>",
    );
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "a warning does not stop the build: {}", r.stderr);
    let html = read(&out, "tiep-can/index.html");
    let line_of = |needle: &str| html.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (href, needle) in [
        ("../khong-co/", "hỏng</a>"),
        ("../co-quan/#khong-co-dau", "neo hỏng"),
        ("../assets/khong-co.png", "neo hỏng"),
    ] {
        let want = format!(
            "tiep-can/index.html:{}:1: cảnh báo: liên kết `{href}`",
            line_of(needle)
        );
        assert!(r.stderr.contains(&want), "{want}\n{}", r.stderr);
    }
    assert!(
        r.stderr.contains("mẫu giao diện accessibility.html"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("không có trên trang đích"),
        "the anchor message differs: {}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("cảnh báo: liên kết").count(),
        3,
        "good links pass: {}",
        r.stderr
    );
}

#[test]
fn strict_refuses_to_publish_while_a_link_is_broken_and_keeps_the_old_site() {
    let site = fixture("mini");
    let out = site.path().join("public");
    let r = build(site.path(), &out, &["--strict"]);
    assert_eq!(r.code, 0, "the fixture is clean: {}", r.stderr);
    let before = snapshot(&out);

    override_template(
        site.path(),
        "index.html",
        "<a href=\"{{ root }}ke-hoach/2026/10-kh-ubnd/#nv-khong-co\">hỏng</a>",
    );
    let r = build(site.path(), &out, &["--strict"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("index.html:"), "{}", r.stderr);
    assert!(r.stderr.contains("--strict"), "{}", r.stderr);
    assert_eq!(snapshot(&out), before, "the published site is untouched");
    let leftovers = staging_leftovers(site.path());
    assert!(leftovers.is_empty(), "no staging folder is left behind");

    // Without --strict the same build publishes, and says how to be strict.
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("--strict"), "{}", r.stdout);
}

#[test]
fn strict_also_stops_on_a_broken_link_in_a_plan_body() {
    let site = fixture("mini");
    let plan = site.path().join("content/plans/2026/10-kh-ubnd.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text + "\nXem [trang cũ](../../../khong-co/).\n").unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &["--strict"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/plans/2026/10-kh-ubnd.md:")
            && r.stderr
                .contains("`../../../khong-co/` không dẫn tới trang nào"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("index.html:"),
        "reported once, against the source line: {}",
        r.stderr
    );
    assert!(!out.exists());
}

#[test]
fn a_broken_link_in_the_row_template_is_found_once_per_row_at_its_line() {
    // A row is read on the first task list that shows it and passed over on the others (its
    // links lead to the same places from every page); a link after it is still found, at
    // its own line.
    let site = fixture("mini");
    patch_template(
        site.path(),
        "task_row.html",
        "<td>{{ t.plan_short }}",
        "<td><a href=\"{{ root }}khong-co/{{ t.plan_url }}{{ t.id }}/\">hỏng</a>\n{{ t.plan_short }}",
    );
    patch_template(
        site.path(),
        "task_list.html",
        "{% endblock",
        "<p><a href=\"{{ root }}sau-bang/\">sau</a></p>\n{% endblock",
    );
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut on_lists: std::collections::BTreeMap<String, usize> = Default::default();
    let mut after_table = 0;
    for l in r
        .stderr
        .lines()
        .filter(|l| l.contains("cảnh báo: liên kết `"))
    {
        let (place, rest) = l.split_once(": cảnh báo: liên kết `").unwrap();
        let href = rest.split('`').next().unwrap();
        let mut parts = place.rsplitn(3, ':');
        let (_, line, file) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
        let line: usize = line.parse().unwrap();
        let text = read(&out, file);
        assert!(
            text.lines()
                .nth(line - 1)
                .unwrap()
                .contains(&format!("\"{href}\"")),
            "{file}:{line} does not hold {href}"
        );
        let list_page = file.contains("/chu-tri/")
            || file.contains("/don-vi-chu-tri/")
            || file.contains("/phoi-hop/")
            || file.starts_with("thoi-han/");
        if href.contains("sau-bang") {
            after_table += 1;
        } else if list_page {
            let to = href.trim_start_matches("../");
            *on_lists.entry(to.to_string()).or_default() += 1;
        }
    }
    assert!(!on_lists.is_empty(), "{}", r.stderr);
    assert!(
        on_lists.values().all(|&n| n == 1),
        "each row is read on one list page: {on_lists:?}"
    );
    let lists = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let p = e.path().to_string_lossy().to_string();
            p.ends_with("index.html")
                && (p.contains("/chu-tri/")
                    || p.contains("/don-vi-chu-tri/")
                    || p.contains("/phoi-hop/")
                    || p.contains("/thoi-han/"))
                && std::fs::read_to_string(e.path())
                    .unwrap()
                    .contains("sau-bang")
        })
        .count();
    assert_eq!(
        after_table, lists,
        "the link after the table, on every list page"
    );
}
