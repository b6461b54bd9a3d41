//! What no input may do: replace the published site with a site that lost its content.

mod common;
use common::*;

fn index_bytes(out: &std::path::Path) -> Vec<u8> {
    std::fs::read(out.join("index.html")).unwrap()
}

#[test]
fn a_build_with_no_plans_or_half_the_pages_does_not_replace_the_published_site() {
    let site = shipped_site();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = index_bytes(&out);

    // A content folder that did not mount: no plan at all.
    let plans = site.path().join("content/plans");
    let aside = site.path().join("plans-aside");
    std::fs::rename(&plans, &aside).unwrap();
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("không có kế hoạch nào"), "{}", r.stderr);
    assert!(r.stderr.contains("--allow-shrink"), "{}", r.stderr);
    assert_eq!(index_bytes(&out), before, "the published site stays");

    // Only one plan of five, without tasks: far fewer pages.
    std::fs::create_dir_all(plans.join("2025")).unwrap();
    std::fs::copy(
        aside.join("2025/77-kh-snv.md"),
        plans.join("2025/77-kh-snv.md"),
    )
    .unwrap();
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("chưa tới một nửa"), "{}", r.stderr);
    assert_eq!(index_bytes(&out), before, "the published site stays");

    // Said on purpose, it is published.
    let r = build(site.path(), &out, &["--allow-shrink"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(index_bytes(&out), before);

    // A first build, with nothing published before, is not measured against anything.
    let fresh = tempfile::tempdir().unwrap();
    let r = build(site.path(), &fresh.path().join("public"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
