//! What pages and data say about themselves to machines: Open Graph, schema.org JSON-LD, and
//! the Frictionless description of the open data.

mod common;
use common::*;
use scraper::{Html, Selector};
use serde_json::Value;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn meta(doc: &Html, property: &str) -> String {
    doc.select(&sel(&format!("meta[property=\"{property}\"]")))
        .next()
        .and_then(|m| m.value().attr("content"))
        .unwrap_or_else(|| panic!("no {property}"))
        .to_string()
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(doc: &Html) -> Vec<Value> {
    doc.select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

#[test]
fn every_page_has_open_graph_and_well_formed_json_ld() {
    let out = tempfile::tempdir().unwrap();
    let base = "https://portal.example/ke-hoach-so/";
    let r = build(&repo(), out.path(), &["--base-url", base]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut with_ld = 0;
    for e in walkdir::WalkDir::new(out.path()) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
        let canonical = doc
            .select(&sel("link[rel=canonical]"))
            .next()
            .and_then(|l| l.value().attr("href"))
            .unwrap()
            .to_string();
        assert_eq!(meta(&doc, "og:url"), canonical, "{}", e.path().display());
        assert!(canonical.starts_with(base));
        assert!(!meta(&doc, "og:title").is_empty());
        assert_eq!(meta(&doc, "og:locale"), "vi_VN");
        for ld in json_ld(&doc) {
            assert_eq!(ld["@context"], "https://schema.org");
            with_ld += 1;
        }
    }
    assert!(
        with_ld > 20,
        "plans, documents, bodies, home, data: {with_ld}"
    );

    // A plan: Legislation, with its number, issuer, date and what it carries out.
    let doc = Html::parse_document(&read(out.path(), "ke-hoach/2026/90-kh-ubnd/index.html"));
    assert_eq!(meta(&doc, "og:type"), "article");
    let ld = &json_ld(&doc)[0];
    assert_eq!(ld["@type"], "Legislation");
    assert_eq!(ld["legislationIdentifier"], "90/KH-UBND");
    assert_eq!(ld["legislationDate"], "2026-03-20");
    assert_eq!(ld["legislationPassedBy"]["@type"], "GovernmentOrganization");
    assert_eq!(ld["url"], format!("{base}ke-hoach/2026/90-kh-ubnd/"));
    let applies: Vec<&str> = ld["legislationApplies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["legislationIdentifier"].as_str().unwrap())
        .collect();
    assert!(applies.contains(&"37-KH/TU"), "{applies:?}");
    let description = doc
        .select(&sel("meta[name=description]"))
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert!(description.contains("90/KH-UBND"), "{description}");

    // Home: the site's search, for search engines.
    let doc = Html::parse_document(&read(out.path(), "index.html"));
    let ld = &json_ld(&doc)[0];
    assert_eq!(ld["@type"], "WebSite");
    assert_eq!(
        ld["potentialAction"]["target"]["urlTemplate"],
        format!("{base}tim-kiem/?q={{search_term_string}}")
    );
}

#[test]
fn json_ld_stays_one_script_whatever_a_title_says() {
    let site = fixture("mini");
    let plan = site.path().join("content/plans/2026/10-kh-ubnd.md");
    let hostile = r#"A </script><script>alert(1)</script> & "B""#;
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "title: \"Thực hiện Nghị quyết số 1-NQ/TW\"",
        &format!("title: '{hostile}'"),
    );
    std::fs::write(&plan, text).unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = Html::parse_document(&read(&out, "ke-hoach/2026/10-kh-ubnd/index.html"));
    let scripts: Vec<_> = doc
        .select(&sel("script"))
        .filter(|s| s.value().attr("src").is_none())
        .collect();
    assert_eq!(scripts.len(), 1, "only the JSON-LD block is inline");
    let ld = &json_ld(&doc)[0];
    assert_eq!(ld["alternateName"], hostile, "the title survives, as data");
}

#[test]
fn the_data_description_names_every_field_of_every_file() {
    let site = fixture("mini");
    let out = site.path().join("public");
    let r = build(site.path(), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pkg = json(&out, "du-lieu/datapackage.json");
    let resources = pkg["resources"].as_array().unwrap();
    let fields = |name: &str| -> Vec<String> {
        let r = resources.iter().find(|r| r["name"] == name).unwrap();
        r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert!(!f["description"].as_str().unwrap().is_empty());
                f["name"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        sorted(fields("ke-hoach")),
        keys(&json(&out, "du-lieu/ke-hoach.json")[0])
    );
    assert_eq!(
        sorted(fields("nhiem-vu")),
        keys(&json(&out, "du-lieu/nhiem-vu.json")[0])
    );
    let csv = read(&out, "du-lieu/nhiem-vu.csv");
    let header: Vec<String> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    assert_eq!(fields("nhiem-vu-csv"), header, "in column order");
    for r in resources {
        let path = r["path"].as_str().unwrap();
        if !path.contains("://") {
            assert!(out.join("du-lieu").join(path).is_file(), "{path}");
        }
    }
    // The guide shows the same fields to people.
    let page = read(&out, "du-lieu/index.html");
    assert!(page.contains("<code>lead_ids</code>") && page.contains("datapackage.json"));
}
