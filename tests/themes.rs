//! A site overrides any template or static file of the default theme by file name, in its own
//! themes/default/ or in the theme that site.yaml names.

mod common;
use common::*;

#[test]
fn site_templates_override_the_built_in_theme() {
    let site = fixture("mini");
    let t = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("404.html"), "{% extends \"base.html\" %}{% block content %}<h1>Trang riêng 404</h1>{% endblock content %}").unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&out, "404.html").contains("<h1>Trang riêng 404</h1>"));
    // everything else still comes from the built-in theme
    assert!(read(&out, "index.html").contains("Kế hoạch mới nhất"));
}

#[test]
fn a_named_theme_overrides_templates_and_static_files() {
    let site = fixture("mini");
    let theme = site.path().join("themes/so-a");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("static/style.css"), "body { color: #123456 }").unwrap();
    std::fs::write(
        theme.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Cổng riêng</h1>{% endblock content %}",
    )
    .unwrap();
    let cfg = site.path().join("site.yaml");
    let s = std::fs::read_to_string(&cfg).unwrap() + "theme: so-a\n";
    std::fs::write(&cfg, s).unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&out, "index.html").contains("<h1>Cổng riêng</h1>"));
    assert_eq!(read(&out, "assets/style.css"), "body { color: #123456 }");
}

#[test]
fn a_missing_theme_or_a_broken_template_fails_cleanly() {
    let site = fixture("mini");
    let cfg = site.path().join("site.yaml");
    std::fs::write(
        &cfg,
        std::fs::read_to_string(&cfg).unwrap() + "theme: khong-co\n",
    )
    .unwrap();
    let r = build(site.path(), &site.path().join("public"), &[]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("không tìm thấy giao diện `khong-co`"),
        "{}",
        r.stderr
    );

    let site = fixture("mini");
    let t = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("index.html"), "{% extends \"base.html\" %}{% block content %}{{ no_such_variable }}{% endblock content %}").unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr
            .contains("index.html: lỗi khi áp dụng mẫu index.html"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "nothing published");
}

/// A theme's `task_row.html` is made once per task and put on pages at every depth: each copy
/// links from where its page is (checked by `--strict`, which fails on a broken link), and a
/// row that reaches for a page variable stops the build naming the template.
#[test]
fn a_task_row_made_once_links_right_from_every_page() {
    let site = fixture("mini");
    let t = site.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("task_row.html"),
        "<tr class=\"my-row\"><td><a href=\"{{ root }}{{ t.plan_url }}\">{{ t.id }}</a></td></tr>",
    )
    .unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &["--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut depths = std::collections::BTreeSet::new();
    for (rel, bytes) in snapshot(&out) {
        let html = String::from_utf8_lossy(&bytes);
        for row in html.split("<tr class=\"my-row\">").skip(1) {
            let depth = rel.matches('/').count();
            let root = if depth == 0 {
                "./".to_string()
            } else {
                "../".repeat(depth)
            };
            let href = row
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let target = href
                .strip_prefix(&root)
                .unwrap_or_else(|| panic!("{rel}: {href}"));
            assert!(target.starts_with("ke-hoach/2026/"), "{rel}: {href}");
            depths.insert(depth);
        }
    }
    assert!(depths.len() >= 3, "rows on pages at depths {depths:?}");

    std::fs::write(t.join("task_row.html"), "<tr><td>{{ page_url }}</td></tr>").unwrap();
    let before = snapshot(&out);
    let r = build(site.path(), &out, &[]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("lỗi khi áp dụng mẫu task_row.html"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&out), before, "the site is left as it was");
}

/// docs/themes.md is the public interface of themes: every variable a page's template receives
/// (and every field of the objects it receives) is named in the section of that template, in
/// the shared shapes, or among the variables of every page.
#[test]
fn docs_themes_names_every_variable_each_template_receives() {
    use kehoach::render::{theme, Renderer};
    use kehoach::site::routes::Page;
    let doc = std::fs::read_to_string(repo().join("docs/themes.md")).unwrap();
    let common_start = doc.find("## Variables every page receives").unwrap();
    let pages_start = doc.find("## Page types").unwrap();
    let shared = &doc[common_start..pages_start];
    let section = |template: &str| -> &str {
        let at = doc[pages_start..]
            .match_indices("\n### ")
            .map(|(i, _)| pages_start + i)
            .find(|&i| {
                let line = doc[i + 1..].lines().next().unwrap();
                line.contains(template)
            })
            .unwrap_or_else(|| panic!("docs/themes.md has no section for {template}"));
        let end = doc[at + 5..]
            .find("\n### ")
            .map_or(doc.len(), |e| at + 5 + e);
        &doc[at..end]
    };
    let mut missing = std::collections::BTreeSet::new();
    for root in [repo(), repo().join("tests/fixtures/mini")] {
        let (site, _, _) =
            kehoach::pipeline::prepare(&root, chrono::NaiveDate::from_ymd_opt(2026, 11, 20), None);
        let site = site.unwrap();
        let theme = theme::load(&root, &site.config().theme).unwrap();
        let r = Renderer::new(&site, &theme).unwrap();
        for page in Page::all(&site) {
            let (template, ctx) = r.context(&page).unwrap();
            let here = section(template);
            let named = |k: &str| {
                let k = format!("`{k}`");
                here.contains(&k) || shared.contains(&k)
            };
            for (k, v) in ctx.as_object().unwrap() {
                if !named(k) {
                    missing.insert(format!("{template}: {k}"));
                }
                // One level down: the fields of objects, and of the items of lists.
                let inner = match v {
                    serde_json::Value::Array(a) => a.first(),
                    other => Some(other),
                };
                if let Some(serde_json::Value::Object(o)) = inner {
                    for f in o.keys() {
                        if !named(f) {
                            missing.insert(format!("{template}: {k}.{f}"));
                        }
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/themes.md: {missing:#?}");
}

/// The example theme of examples/themes/ changes the header and the colours, builds without a
/// broken link, and leaves every other page to the default theme.
#[test]
fn the_example_theme_changes_the_header_and_colours() {
    let site = fixture("mini");
    copy_dir(
        &repo().join("examples/themes/hai-cang"),
        &site.path().join("themes/hai-cang"),
    );
    let cfg = site.path().join("site.yaml");
    let s = std::fs::read_to_string(&cfg).unwrap() + "theme: hai-cang\n";
    std::fs::write(&cfg, s).unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &["--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan = read(&out, "ke-hoach/2026/10-kh-ubnd/index.html");
    assert!(plan.contains("class=\"hc-strip\""), "the new header");
    assert!(plan.contains("href=\"../../../assets/hai-cang.css\""));
    assert!(
        plan.contains("href=\"../../../assets/style.css\""),
        "the default stylesheet stays"
    );
    assert!(plan.contains("plan-tasks"), "the default plan template");
    let css = read(&out, "assets/hai-cang.css");
    assert!(css.contains("--brand: #00505e"));
}
