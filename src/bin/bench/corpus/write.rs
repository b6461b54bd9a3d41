//! The corpus as files: for kehoach (site.yaml, the registries, content/plans/<year>/*.md), or
//! for Hugo (hugo.toml and layouts from bench/hugo/, data tables, content/ke-hoach/*.md with
//! the generator's answers as extra keys: issuer_id, refs, lead_ids, support_ids, buckets and
//! the taxonomies co-quan, van-ban, thoi-han).

use super::plans::loosely;
use super::rng::Rng;
use super::tables::{GHOSTS, ROMAN, SIGNERS, UNRESOLVED};
use super::{slug, Corpus, Plan, AS_OF};
use crate::measure::copy_tree;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Kehoach,
    Hugo,
}

/// A YAML value as the corpus writes it.
enum Y {
    /// A double-quoted string.
    Str(String),
    /// Written as it is: dates, numbers.
    Raw(String),
    List(Vec<Y>),
    Map(Vec<(&'static str, Y)>),
}

fn s(v: impl Into<String>) -> Y {
    Y::Str(v.into())
}

fn strs<T: AsRef<str>>(v: &[T]) -> Y {
    Y::List(v.iter().map(|x| s(x.as_ref())).collect())
}

/// A value on one line: strings as JSON strings (which YAML reads as double-quoted).
fn inline(v: &Y) -> String {
    match v {
        Y::Str(x) => serde_json::to_string(x).expect("a string"),
        Y::Raw(x) => x.clone(),
        Y::List(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Y::Map(kv) => format!(
            "{{ {} }}",
            kv.iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A mapping in block style; lists of mappings under `tasks` are written as blocks too,
/// other values on one line each.
fn block(kv: &[(&'static str, Y)], indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for (k, v) in kv {
        match v {
            Y::List(items) if *k == "tasks" && !items.is_empty() => {
                out.push(format!("{pad}{k}:"));
                for item in items {
                    let mut sub = Vec::new();
                    if let Y::Map(m) = item {
                        block(m, indent + 4, &mut sub);
                    }
                    if let Some(first) = sub.first_mut() {
                        *first = format!("{pad}  - {}", first.trim_start());
                    }
                    out.extend(sub);
                }
            }
            Y::List(items) if matches!(items.first(), Some(Y::Map(_))) => {
                out.push(format!("{pad}{k}:"));
                out.extend(items.iter().map(|i| format!("{pad}  - {}", inline(i))));
            }
            _ => out.push(format!("{pad}{k}: {}", inline(v))),
        }
    }
}

fn put(path: &Path, text: &str) -> Result<(), String> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, text).map_err(|e| format!("không ghi được {}: {e}", path.display()))
}

/// Writes the corpus into `out` (emptied first) in `format`. `repo` holds bench/hugo/.
pub fn write(c: &Corpus, out: &Path, format: Format, repo: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out);
    let title = "Kế hoạch của thành phố Hải Phòng";
    match format {
        Format::Kehoach => {
            let (y, m, d) = AS_OF;
            put(
                &out.join("site.yaml"),
                &format!("title: \"{title}\"\nbase_url: \"https://kehoach.example/\"\nlanguage: vi\nas_of: {y:04}-{m:02}-{d:02}\n"),
            )?;
            put(&out.join("content/departments.yaml"), &departments(c))?;
            put(&out.join("content/directives.yaml"), &directives(c))?;
        }
        Format::Hugo => {
            copy_tree(&repo.join("bench/hugo"), out)
                .map_err(|e| format!("không chép được bench/hugo: {e}"))?;
            for (name, text) in hugo_data(c) {
                put(&out.join(format!("data/{name}.yaml")), &text)?;
            }
            put(
                &out.join("content/ke-hoach/_index.md"),
                "---\ntitle: \"Kế hoạch\"\n---\n",
            )?;
        }
    }
    for &i in &c.order {
        let p = &c.plans[i];
        let mut lines = Vec::new();
        block(&front_matter(c, p, format), 0, &mut lines);
        let folder = match format {
            Format::Kehoach => format!("content/plans/{}", chrono::Datelike::year(&p.date)),
            Format::Hugo => "content/ke-hoach".to_string(),
        };
        let file = out.join(folder).join(format!("{}.md", plan_slug(p)));
        put(
            &file,
            &format!("---\n{}\n---\n{}\n", lines.join("\n"), p.body),
        )?;
    }
    Ok(())
}

fn plan_slug(p: &Plan) -> String {
    if p.number.is_empty() {
        format!("du-thao-{}-{}", slug(&p.issuer), p.i)
    } else {
        slug(&p.number)
    }
}

fn registry(items: Vec<Vec<(&'static str, Y)>>) -> String {
    let mut out = String::new();
    for it in items {
        let mut lines = Vec::new();
        block(&it, 0, &mut lines);
        for (j, l) in lines.iter().enumerate() {
            out.push_str(if j == 0 { "- " } else { "  " });
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

fn departments(c: &Corpus) -> String {
    registry(
        c.deps
            .iter()
            .map(|d| {
                let mut m = vec![("id", s(&d.id)), ("name", s(&d.name))];
                if let Some(short) = &d.short {
                    m.push(("short", s(short)));
                }
                if !d.aliases.is_empty() || d.kind != "unit" && d.kind != "commune" {
                    m.push(("aliases", strs(&d.aliases)));
                }
                if let Some(p) = &d.parent {
                    m.push(("parent", s(p)));
                }
                m.push(("kind", s(d.kind)));
                if let Some(code) = &d.code {
                    m.push(("code", s(code)));
                }
                m
            })
            .collect(),
    )
}

fn directives(c: &Corpus) -> String {
    registry(
        c.directives
            .iter()
            .map(|d| {
                let mut m = vec![
                    ("number", s(&d.number)),
                    ("type", s(d.kind)),
                    ("issuer", s(d.issuer)),
                    ("date", Y::Raw(d.date.to_string())),
                    ("title", s(&d.title)),
                ];
                if let Some(u) = &d.url {
                    m.push(("url", s(u)));
                }
                m
            })
            .collect(),
    )
}

fn front_matter(c: &Corpus, p: &Plan, format: Format) -> Vec<(&'static str, Y)> {
    // Choices of presentation draw from a generator of their own, so that the corpus is the
    // same whatever the format.
    let mut rng = Rng::new(p.i as u64);
    let mut date = p.date.to_string();
    if p.i.is_multiple_of(37) {
        date.truncate(7); // "ngày tháng 6 năm 2026": the day left blank
    } else if p.i.is_multiple_of(211) {
        date.truncate(4);
    }
    let d = c.dep(&p.issuer);
    let r = rng.random();
    let issuer = if r < 0.6 {
        p.issuer.clone()
    } else if r < 0.85 {
        d.name.clone()
    } else {
        d.aliases.first().unwrap_or(&d.name).clone()
    };
    let mut fm: Vec<(&'static str, Y)> = Vec::new();
    if !p.number.is_empty() {
        fm.push(("number", s(&p.number)));
    }
    if rng.random() < 0.05 {
        fm.push((
            if format == Format::Hugo {
                "doc_type" // `type` picks the layout in Hugo
            } else {
                "type"
            },
            s("Kế hoạch"),
        ));
    }
    fm.push(("title", s(&p.title)));
    fm.push(("issuer", s(issuer)));
    fm.push(("date", Y::Raw(date.clone())));
    fm.push(("place", s("Hải Phòng")));
    let boss = p.issuer == "ubnd-tp" || d.kind == "commune";
    let position = if boss {
        "Phó Chủ tịch"
    } else {
        rng.choice(&["Giám đốc", "Phó Giám đốc"])
    };
    let authority = if boss {
        "TM. Ủy ban nhân dân; KT. Chủ tịch"
    } else {
        "KT. Giám đốc"
    };
    fm.push((
        "signer",
        Y::Map(vec![
            ("name", s(SIGNERS[p.i % SIGNERS.len()])),
            ("position", s(position)),
            ("authority", s(authority)),
        ]),
    ));
    if p.number.is_empty() {
        fm.push(("status", s("draft")));
    } else if rng.random() < 0.1 {
        fm.push(("status", s("issued")));
    }
    let implements: Vec<String> = p.implements.iter().map(|x| loosely(&mut rng, x)).collect();
    fm.push(("implements", strs(&implements)));
    if !p.based_on.is_empty() {
        fm.push(("based_on", strs(&p.based_on)));
    }
    if !p.replaces.is_empty() {
        fm.push(("replaces", strs(&p.replaces)));
    }
    let mut ids: Vec<&str> = c.deps.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    let mut recipients: Vec<String> = rng
        .sample(&ids, 4)
        .into_iter()
        .map(|id| c.dep(id).name.clone())
        .collect();
    recipients.push("Lưu: VT".into());
    fm.push(("recipients", strs(&recipients)));
    // One plan in five asks its lead bodies for a report each quarter, as real plans do
    // ("Định kỳ hằng quý … báo cáo kết quả"); drawn from the plan's place, not the generator,
    // so that the rest of the corpus is as before.
    if format == Format::Kehoach && p.i.is_multiple_of(5) && !p.number.is_empty() {
        fm.push(("reporting", strs(&["quý"])));
    }
    if !p.targets.is_empty() {
        let targets = (p.targets.iter().enumerate())
            .map(|(j, text)| Y::Map(vec![("id", s(format!("{:02}", j + 1))), ("text", s(text))]))
            .collect();
        fm.push(("targets", Y::List(targets)));
    }
    let mut tasks = Vec::with_capacity(p.tasks.len());
    for t in &p.tasks {
        let mut ft = vec![("id", s(&t.id))];
        if let Some(g) = &t.group {
            ft.push(("group", s(g)));
        }
        ft.push(("title", s(&t.title)));
        let lead: Vec<&str> = t.lead.iter().map(|(n, _)| n.as_str()).collect();
        // A field may hold a single string where a list is shown.
        let single = rng.random() < 0.5;
        ft.push(match (lead.as_slice(), format, single) {
            ([one], Format::Kehoach, true) => ("lead", s(*one)),
            _ => ("lead", strs(&lead)),
        });
        if !t.support.is_empty() {
            let support: Vec<&str> = t.support.iter().map(|(n, _)| n.as_str()).collect();
            ft.push(("support", strs(&support)));
        }
        if !t.outputs.is_empty() {
            ft.push(("outputs", strs(&t.outputs)));
        }
        ft.push(("deadline", s(&t.deadline)));
        if let Some(i) = &t.implements {
            ft.push(("implements", s(i)));
        }
        if let Some(st) = t.status {
            ft.push(("status", s(st)));
        }
        if !t.progress.is_empty() {
            let reports = t
                .progress
                .iter()
                .map(|(d, note)| Y::Map(vec![("date", Y::Raw(d.to_string())), ("note", s(*note))]))
                .collect();
            ft.push(("progress", Y::List(reports)));
        }
        if format == Format::Hugo {
            let ids = |v: &[(String, String)]| strs(&v.iter().map(|x| &x.1).collect::<Vec<_>>());
            ft.push(("lead_ids", ids(&t.lead)));
            ft.push(("support_ids", ids(&t.support)));
            ft.push(("buckets", strs(&t.buckets)));
        }
        tasks.push(Y::Map(ft));
    }
    // A plan without a table of tasks leaves the key out (`tasks: []` is what `kehoach new`
    // writes before the tasks are filled in, and `check` warns about it).
    if !tasks.is_empty() || format == Format::Hugo {
        fm.push(("tasks", Y::List(tasks)));
    }
    if format == Format::Hugo {
        hugo_keys(p, &date, &mut fm);
    }
    fm
}

/// What Hugo cannot find out itself: full dates, the issuer's id, the documents cited and the
/// taxonomies.
fn hugo_keys(p: &Plan, date: &str, fm: &mut Vec<(&'static str, Y)>) {
    let full = match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    };
    for (k, v) in fm.iter_mut() {
        if *k == "date" {
            *v = Y::Raw(full.clone());
        }
    }
    fm.push(("date_text", s(date)));
    fm.push(("issuer_id", s(&p.issuer)));
    let mut refs = Vec::new();
    for (rel, list) in [("implements", &p.implements), ("based_on", &p.based_on)] {
        for x in list {
            refs.push(Y::Map(vec![
                ("rel", s(rel)),
                ("number", s(x)),
                ("slug", s(slug(x))),
            ]));
        }
    }
    fm.push(("refs", Y::List(refs)));
    let mut seen = BTreeSet::new();
    let mut bodies = vec![p.issuer.clone()];
    for t in &p.tasks {
        bodies.extend(t.lead.iter().chain(&t.support).map(|x| x.1.clone()));
    }
    let once = |v: Vec<String>, seen: &mut BTreeSet<String>| -> Vec<String> {
        seen.clear();
        v.into_iter().filter(|x| seen.insert(x.clone())).collect()
    };
    let bodies = once(bodies, &mut seen);
    let docs = once(
        p.implements
            .iter()
            .chain(&p.based_on)
            .map(|x| slug(x))
            .collect(),
        &mut seen,
    );
    let deadlines = once(
        p.tasks.iter().flat_map(|t| t.buckets.clone()).collect(),
        &mut seen,
    );
    for (k, v) in [
        ("co-quan", bodies),
        ("van-ban", docs),
        ("thoi-han", deadlines),
    ] {
        if !v.is_empty() {
            fm.push((k, strs(&v)));
        }
    }
}

/// Lookup tables for the Hugo templates: body id → name, document slug → number and title,
/// deadline list → label.
fn hugo_data(c: &Corpus) -> Vec<(&'static str, String)> {
    let line = |k: &str, v: Y| format!("{}: {}\n", serde_json::to_string(k).unwrap(), inline(&v));
    let mut bodies: String = c
        .deps
        .iter()
        .map(|d| {
            line(
                &d.id,
                Y::Map(vec![("name", s(&d.name)), ("kind", s(d.kind))]),
            )
        })
        .collect();
    for n in UNRESOLVED {
        bodies += &line(
            &slug(n),
            Y::Map(vec![("name", s(*n)), ("kind", s("unknown"))]),
        );
    }
    let mut docs: String = c
        .directives
        .iter()
        .map(|d| {
            let m = vec![
                ("number", s(&d.number)),
                ("type", s(d.kind)),
                ("title", s(&d.title)),
            ];
            line(&slug(&d.number), Y::Map(m))
        })
        .collect();
    for g in GHOSTS {
        let m = vec![("number", s(*g)), ("type", s("Văn bản")), ("title", s(""))];
        docs += &line(&slug(g), Y::Map(m));
    }
    let mut labels: String = [
        ("thuong-xuyen", "Thường xuyên"),
        ("hang-nam", "Hằng năm"),
        ("chua-xac-dinh", "Chưa xác định"),
        ("qua-han", "Quá hạn"),
    ]
    .iter()
    .map(|(k, v)| line(k, s(*v)))
    .collect();
    let quarters: BTreeSet<&String> = c
        .plans
        .iter()
        .flat_map(|p| p.tasks.iter().flat_map(|t| &t.buckets))
        .filter(|b| b.contains("-q"))
        .collect();
    for b in quarters {
        let q: usize = b[b.len() - 1..].parse().unwrap_or(1);
        labels += &line(b, s(format!("Quý {}/{}", ROMAN[q], &b[..4])));
    }
    vec![("co_quan", bodies), ("van_ban", docs), ("thoi_han", labels)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_yaml_reads_them() {
        let v = Y::Map(vec![
            ("a", s("x \"y\"")),
            ("b", Y::Raw("2026-01-02".into())),
        ]);
        assert_eq!(inline(&v), "{ a: \"x \\\"y\\\"\", b: 2026-01-02 }");
        let mut out = Vec::new();
        let task = Y::Map(vec![("id", s("1")), ("lead", strs(&["A", "B"]))]);
        block(
            &[("title", s("T")), ("tasks", Y::List(vec![task]))],
            0,
            &mut out,
        );
        assert_eq!(
            out,
            [
                "title: \"T\"",
                "tasks:",
                "  - id: \"1\"",
                "    lead: [\"A\", \"B\"]"
            ]
        );
    }
}
