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
