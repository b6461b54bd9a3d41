//! Entry points for the fuzz targets in `fuzz/` and for the property and regression tests in
//! `tests/`: each takes arbitrary input, runs one parser the way a build does, and panics only
//! when an invariant the rest of the program relies on is broken. Kept in the library so that
//! the fuzzer and `cargo test` exercise exactly the same code.

use crate::diag::Diagnostics;

/// Front matter and body of a plan file, as `content/plans/**.md`.
pub fn plan_file(bytes: &[u8]) {
    let (plan, d) = crate::content::parse_plan("content/plans/2026/x.md", bytes);
    let input = String::from_utf8_lossy(bytes);
    if let Some(plan) = plan {
        let mut slugs = std::collections::HashSet::new();
        let clean = |s: &str| {
            assert!(
                !s.contains(crate::text::is_unwanted),
                "{s:?} kept an invisible or control character"
            )
        };
        clean(&plan.title);
        clean(&plan.number);
        clean(&plan.body);
        for t in &plan.tasks {
            assert!(!t.id.is_empty());
            assert!(slugs.insert(&t.slug), "task anchors are distinct");
            clean(&t.title);
            t.lead
                .iter()
                .chain(&t.support)
                .for_each(|n| clean(&n.value));
        }
        // Past the nesting limit a body is an error, so the sanitizer never meets it.
        if crate::markdown::too_deep_html(&plan.body).is_some() {
            assert!(d.has_errors(), "HTML nested too deep is an error");
        }
    }
    for diag in d.into_sorted() {
        said_in_vietnamese(&diag, &input);
    }
}

/// A report file: read like a plan file, with the same invariants, and what resolving reads of
/// it (its period as a deadline phrase, each task as a reference) never fails.
pub fn report_file(bytes: &[u8]) {
    let (report, d) = crate::content::parse_report("content/bao-cao/2026/x.md", bytes);
    let input = String::from_utf8_lossy(bytes);
    if let Some(r) = report {
        let clean = |s: &str| {
            assert!(
                !s.contains(crate::text::is_unwanted),
                "{s:?} kept an invisible or control character"
            )
        };
        clean(&r.title);
        clean(&r.number);
        clean(&r.body);
        clean(&r.issuer.value);
        if let Some(p) = &r.period {
            clean(&p.value);
            let dl = crate::resolve::deadline::parse(&p.value);
            if let (Some(from), Some(to)) = (dl.from, dl.to) {
                assert!(from <= to, "a period runs forwards");
            }
        }
        for e in &r.entries {
            clean(&e.task.value);
            clean(&e.note);
            let _ = crate::number::parse_reference(&e.task.value);
        }
    }
    for diag in d.into_sorted() {
        said_in_vietnamese(&diag, &input);
    }
}

/// A message names a place in its file and says in Vietnamese what is wrong: no words of the
/// YAML parser's own (English) messages, outside the `quoted` text the file wrote, and but for
/// words the file itself holds (a value quoted with a backtick in it ends the quote early).
fn said_in_vietnamese(diag: &crate::diag::Diagnostic, input: &str) {
    let input = input.to_lowercase();
    assert!(
        diag.line >= 1 && diag.column >= 1,
        "every message names a line and column: {}",
        diag.message
    );
    let own: String = diag
        .message
        .split('`')
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    for english in [
        "expected",
        "found",
        "while ",
        "did not",
        "invalid",
        "unexpected",
        "mapping",
        "scalar",
    ] {
        assert!(
            input.contains(english) || !own.to_lowercase().contains(english),
            "English in the message: {}",
            diag.message
        );
    }
}

/// departments.yaml, directives.yaml and site.yaml.
pub fn registry_files(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut d = Diagnostics::default();
    let bodies = crate::content::parse_departments("content/departments.yaml", text, &mut d);
    for b in &bodies {
        assert!(crate::text::is_url_segment(&b.id), "body id `{}`", b.id);
    }
    crate::content::parse_directives("content/directives.yaml", text, &mut d);
    crate::content::parse_config(text, &mut d);
    for diag in d.into_sorted() {
        said_in_vietnamese(&diag, text);
    }
}

/// A deadline as written in a task.
pub fn deadline(text: &str) {
    let dl = crate::resolve::deadline::parse(text);
    assert_eq!(
        dl.from.is_some(),
        dl.to.is_some(),
        "`{text}`: a range has both ends"
    );
    if let (Some(from), Some(to)) = (dl.from, dl.to) {
        assert!(from <= to, "`{text}`: range {from}..{to}");
    }
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date");
    let _ = (dl.is_past(day), dl.is_due_soon(day));
    // Understood, or told why not: a date that cannot be, or the closest forms.
    use crate::resolve::deadline::{problem, Problem};
    match problem(text) {
        None => assert!(dl.recognized, "`{text}`: no problem, so understood"),
        Some(Problem::Impossible(why)) => {
            assert!(!dl.recognized && !why.is_empty(), "`{text}`: {why}")
        }
        Some(Problem::Unknown(forms)) => {
            assert!(!dl.recognized && forms.len() == 3, "`{text}`: {forms:?}")
        }
    }
    if dl.kind != crate::resolve::deadline::DeadlineKind::Unscheduled {
        assert!(dl.recognized, "`{text}`: a kind only when understood");
    }
}

/// Document numbers: normalizing, parsing a reference, finding references in running text.
pub fn number(text: &str) {
    use crate::number::{find_in_text, normalize, parse_reference};
    let n = normalize(text);
    assert_eq!(normalize(&n), n, "normalize is idempotent on `{text}`");
    parse_reference(text);
    let mut last = 0;
    for r in find_in_text(text) {
        assert!(r.start >= last && r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        last = r.end;
    }
}

const REGISTRY: &str = r#"
- id: ubnd-tp
  name: "Ủy ban nhân dân thành phố"
  aliases: ["UBND TP"]
- id: so-a
  name: "Sở Hòa Bình"
  parent: ubnd-tp
- id: so-a-van-phong
  name: "Văn phòng Sở"
  parent: so-a
- id: so-b
  name: "Sở Bình An"
  parent: ubnd-tp
- id: so-b-van-phong
  name: "Văn phòng Sở"
  parent: so-b
"#;

fn registry() -> Vec<crate::content::BodyEntry> {
    let mut d = Diagnostics::default();
    crate::content::parse_departments("departments.yaml", REGISTRY, &mut d)
}

/// Body names, one per line, resolved as a plan issued by the first body would resolve them.
pub fn names(text: &str) {
    use crate::resolve::bodies_index::{BodyIndex, Found};
    let mut bodies = crate::resolve::bodies_from_registry(&registry());
    let registered = bodies.len();
    let mut index = BodyIndex::new(&bodies);
    for name in text.lines() {
        let name = crate::text::nfc(name);
        let first = index.resolve(&name, Some(0), &mut bodies);
        let again = index.resolve(&name, Some(0), &mut bodies);
        let id = |f: &Found| match f {
            Found::Registered(i) | Found::Unregistered(i) | Found::Ambiguous(i, _) => *i,
        };
        assert_eq!(id(&first), id(&again), "`{name}` resolves the same twice");
        index.suggest(&name, &bodies);
    }
    let mut ids = std::collections::HashSet::new();
    for b in &bodies[registered..] {
        assert!(
            crate::text::is_url_segment(&b.id),
            "made body id `{}`",
            b.id
        );
        assert!(ids.insert(&b.id), "made body ids are distinct");
    }
}

/// Text extracted from Word or PDF, through `kehoach import`.
pub fn import(text: &str) {
    let out = crate::import::import(text, registry());
    // What the importer writes must load as a plan file, or fail with messages, never panic.
    plan_file(out.markdown.as_bytes());
}

/// A Word file (any bytes under a .docx name): read, or refused with a message that names the
/// file; what it reads goes through the import like any plan.
pub fn docx(bytes: &[u8]) {
    match crate::import::read::read_docx(bytes, "x.docx") {
        Ok(lines) => {
            let out = crate::import::import_lines(lines, registry());
            plan_file(out.markdown.as_bytes());
        }
        Err(e) => assert!(e.starts_with("x.docx"), "{e}"),
    }
}

/// A Markdown body, rendered as the site renders it without trusting raw HTML: nothing that
/// runs script may come out.
pub fn markdown(text: &str) {
    let html = crate::render::markdown::to_html(text, "../", None, false);
    if let Some(bad) = script_in(&html) {
        panic!("{bad} in {html}");
    }
}

/// The first tag or attribute of serialized HTML that could run script. Both writers the site
/// uses (pulldown-cmark and the sanitizer) escape every `<` of text, so each `<` opens a tag.
fn script_in(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let mut parts = tag.split_ascii_whitespace();
        let name = parts.next().unwrap_or("").trim_start_matches('/');
        let name = name.to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "iframe" | "object" | "embed" | "form" | "style" | "base" | "meta" | "link"
        ) {
            return Some(format!("<{name}>"));
        }
        // Attribute values are quoted and their quotes escaped: split at `="…"`.
        let mut attrs = tag[tag.find(char::is_whitespace).unwrap_or(tag.len())..].trim();
        while let Some(eq) = attrs.find('=') {
            let attr = attrs[..eq].trim().to_ascii_lowercase();
            let after = &attrs[eq + 1..];
            let (value, next) = match after.strip_prefix('"') {
                Some(v) => {
                    let close = v.find('"').unwrap_or(v.len());
                    (&v[..close], v.get(close + 1..).unwrap_or(""))
                }
                None => return Some(format!("unquoted attribute {attr}")),
            };
            if attr.starts_with("on") {
                return Some(format!("handler {attr}"));
            }
            let v = value.trim().to_ascii_lowercase();
            if matches!(attr.as_str(), "href" | "src")
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| v.starts_with(s))
            {
                return Some(format!("{attr}={value}"));
            }
            attrs = next.trim();
        }
    }
    None
}

/// Document numbers that may share an address (one per line; a line starting with `+` is a
/// registered document): every document gets its own address, and among those that make the
/// same slug, a registered one with a well-formed number keeps the plain one.
pub fn addresses(text: &str) {
    let docs: Vec<crate::resolve::Doc> = text
        .lines()
        .take(64)
        .map(|l| {
            let (registered, number) = match l.strip_prefix('+') {
                Some(n) => (true, n),
                None => (false, l),
            };
            crate::resolve::Doc {
                number: number.to_string(),
                key: crate::number::normalize(number),
                doc_type: String::new(),
                issuer: String::new(),
                issuer_body: None,
                date: None,
                title: String::new(),
                url: String::new(),
                registered,
                implements: Vec::new(),
            }
        })
        .collect();
    let urls = crate::site::routes::docs(&docs);
    let unique: std::collections::HashSet<&String> = urls.iter().collect();
    assert_eq!(
        unique.len(),
        urls.len(),
        "every document its own address: {urls:?}"
    );
    for (i, d) in docs.iter().enumerate() {
        let plain = crate::site::routes::docs(std::slice::from_ref(d)).remove(0);
        if urls[i] != plain {
            // Someone else holds the plain address: not a worse claim than this one's.
            let holder = urls.iter().position(|u| *u == plain);
            if let Some(h) = holder {
                let claim = |d: &crate::resolve::Doc| {
                    (!d.registered, !crate::number::is_well_formed(&d.number))
                };
                assert!(
                    claim(&docs[h]) <= claim(d),
                    "{:?} holds {plain} over {:?}",
                    docs[h].number,
                    d.number
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_check_finds_script() {
        for bad in [
            "<script>x</script>",
            "<p><img src=\"x\" onerror=\"y\"></p>",
            "<a href=\"JavaScript:x\">a</a>",
            "<IFRAME src=\"x\">",
        ] {
            assert!(super::script_in(bad).is_some(), "{bad}");
        }
        assert_eq!(
            super::script_in(
                "<p>javascript: &lt;script&gt; <a class=\"ref\" href=\"../x/\">x</a></p>"
            ),
            None
        );
    }
}
