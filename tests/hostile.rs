//! Hostile content (tests/fixtures/hostile): script tags, event handlers, javascript: links,
//! `</title>`, malformed HTML, spreadsheet formulas and iCalendar line breaks in every field.
//! The site is built and every output file parsed as a browser or tool would read it: no
//! script or handler reaches any page, and the text still says what the content said.

mod common;
use common::*;
use scraper::{Html, Node};
use std::path::Path;

const PLAN_TITLE: &str = "Kế hoạch </title><script>alert('title')</script> & \"nháy\" 'đơn' <img src=x onerror=alert('img')>";
const TASK_TITLE: &str = "=HYPERLINK(\"http://evil.example\",\"bấm\") <script>alert('task')</script> [liên kết](javascript:alert('md'))";

fn built(extra_site_yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = fixture("hostile");
    if !extra_site_yaml.is_empty() {
        let p = site.path().join("site.yaml");
        let s = std::fs::read_to_string(&p).unwrap() + extra_site_yaml;
        std::fs::write(p, s).unwrap();
    }
    let out = site.path().join("public");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (site, out)
}

fn files(out: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect()
}

/// A URL that would run script when followed or loaded, as browsers read it: leading blanks
/// and control characters are ignored, tabs and newlines inside the scheme are dropped.
fn runs_script(url: &str) -> bool {
    let u: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| u.starts_with(s))
}

/// Every way a page could run content's script: returns what was found, for the message.
fn script_in(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        for (attr, value) in el.attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                found.push(format!("<{name} {attr}=…>"));
            }
            if matches!(
                attr,
                "href" | "src" | "action" | "formaction" | "xlink:href" | "data" | "poster"
            ) && runs_script(value)
            {
                found.push(format!("<{name} {attr}=\"{value}\">"));
            }
            if attr == "style" && (value.contains("url(") || value.contains("expression")) {
                found.push(format!("<{name} style=\"{value}\">"));
            }
        }
        match name {
            "script" => {
                let own = el.attr("src").is_some_and(|s| {
                    s.ends_with("assets/tables.js") || s.ends_with("assets/search.js")
                });
                let data = el.attr("type") == Some("application/ld+json") && {
                    let text: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    serde_json::from_str::<serde_json::Value>(&text).is_ok()
                };
                if !own && !data {
                    found.push(format!("<script {:?}>", el.attrs().collect::<Vec<_>>()));
                }
            }
            // the site's own search box, and nothing else, may be a form
            "form"
                if el.attr("role") == Some("search")
                    && el
                        .attr("action")
                        .is_some_and(|a| a.ends_with("tim-kiem/") || a == "./") => {}
            "iframe" | "frame" | "object" | "embed" | "applet" | "form" | "base" | "style" => {
                found.push(format!("<{name}>"))
            }
            "meta" if el.attr("http-equiv").is_some() => found.push("<meta http-equiv>".into()),
            "link" if el.attr("href").is_some_and(|h| h.contains("evil")) => {
                found.push("<link> to another site".into())
            }
            _ => {}
        }
    }
    found
}

#[test]
fn no_script_or_handler_reaches_any_page() {
    let (_site, out) = built("");
    let pages = files(&out, "html");
    assert!(pages.len() > 20, "{} pages", pages.len());
    for p in &pages {
        let html = std::fs::read_to_string(p).unwrap();
        let found = script_in(&html);
        assert!(found.is_empty(), "{}: {found:?}", p.display());
    }
    // The check itself catches what it must: the same body trusted lets script through.
    let (_site2, trusted) = built("trust_html: true\n");
    let page = read(&trusted, "ke-hoach/2026/10-kh-ubnd/index.html");
    let found = script_in(&page);
    for want in [
        "<iframe>",
        "<img onerror=…>",
        "<form>",
        "<a href=\"javascript:alert('raw-link')\">",
    ] {
        assert!(
            found.iter().any(|f| f == want),
            "{want} not found in {found:?}"
        );
    }
}

#[test]
fn hostile_text_is_shown_as_text() {
    let (_site, out) = built("");
    let doc = Html::parse_document(&read(&out, "ke-hoach/2026/10-kh-ubnd/index.html"));
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let title: String = doc.select(&sel("title")).next().unwrap().text().collect();
    assert!(
        title.ends_with("— Trang </title><script>alert('site')</script>"),
        "{title}"
    );
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert!(h1.contains(PLAN_TITLE), "{h1}");
    // the body keeps what the allow-list permits, as markup, and drops the rest
    let main: String = doc.select(&sel("main")).next().unwrap().html();
    assert!(main.contains("<b>thẻ được phép</b>"), "allowed markup kept");
    assert!(main.contains("<strong>chữ đậm</strong>"));
    assert!(!main.contains("alert('body')"), "script content dropped");
    // raw HTML in a task title is sanitized, the rest of the title stays
    let tasks: String = doc
        .select(&sel("table.tasks"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        tasks.contains("=HYPERLINK(\"http://evil.example\",\"bấm\")"),
        "{tasks}"
    );
    assert!(!tasks.contains("alert('task')"), "{tasks}");

    // Escaped once, never twice: no page's text, as a browser reads it, shows an entity.
    for p in files(&out, "html") {
        let page = Html::parse_document(&std::fs::read_to_string(&p).unwrap());
        for text in page.root_element().text() {
            for entity in ["&amp;", "&quot;", "&#39;", "&lt;", "&gt;"] {
                assert!(!text.contains(entity), "{}: {text}", p.display());
            }
        }
    }

    // Open data keeps the text exactly as written.
    let plans = json(&out, "du-lieu/ke-hoach.json");
    assert_eq!(plans[0]["title"], PLAN_TITLE);
    let tasks = json(&out, "du-lieu/nhiem-vu.json");
    assert_eq!(tasks[0]["title"], TASK_TITLE);
    for p in files(&out, "json") {
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&p).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
    // Feeds and the sitemap are well-formed XML carrying the title as text.
    for p in files(&out, "xml") {
        let text = std::fs::read_to_string(&p).unwrap();
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
    let feed = atom_syndication::Feed::read_from(read(&out, "feed.xml").as_bytes()).unwrap();
    assert!(
        feed.entries()
            .iter()
            .any(|e| e.summary().map(|s| s.as_str()) == Some(PLAN_TITLE)),
        "{:?}",
        feed.entries()
            .iter()
            .map(|e| e.summary())
            .collect::<Vec<_>>()
    );
}

#[test]
fn spreadsheet_formulas_are_not_run() {
    let (_site, out) = built("");
    let text = read(&out, "du-lieu/nhiem-vu.csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert_eq!(&rows[0][col("title")], format!("'{TASK_TITLE}"));
    assert!(rows[0][col("outputs")].starts_with("'+cmd|"));
}

#[test]
fn calendar_lines_cannot_be_injected() {
    let (_site, out) = built("");
    for p in files(&out, "ics") {
        let text = std::fs::read_to_string(&p).unwrap();
        let cal: icalendar::Calendar = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let events: Vec<&icalendar::Event> = cal
            .components
            .iter()
            .filter_map(|c| match c {
                icalendar::CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        // tasks 1, 2 and 4 are dated; task 3 is ongoing and has no event
        assert!(
            events.len() <= 3,
            "{}: {} events",
            p.display(),
            events.len()
        );
        for e in &events {
            use icalendar::Component;
            assert!(e.property_value("ATTACH").is_none(), "{}", p.display());
            let uid = e.get_uid().unwrap_or_default();
            if uid.contains("nv-2") {
                let summary = e.get_summary().unwrap();
                assert!(
                    summary.contains("END:VEVENT") && summary.contains("ATTACH:"),
                    "{summary}"
                );
            }
        }
    }
    let all: icalendar::Calendar = read(&out, "lich/tat-ca.ics").parse().unwrap();
    assert_eq!(
        all.components.len(),
        3,
        "one event per dated task, nothing injected"
    );
}
