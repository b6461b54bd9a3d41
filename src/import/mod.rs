//! `kehoach import`: a plan as Word, PDF, a scan or extracted text (`read` turns each into
//! lines) → a plan file. What it recognizes goes into the front matter; everything else stays in the
//! body, never dropped, and is listed as a warning.

mod cells;
pub mod read;
mod tasks;

use crate::content::BodyEntry;
use crate::number::{find_in_text, normalize};
use crate::resolve::{Body, BodyId};
use cells::{split_items, split_known};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
pub use tasks::RawTask;

pub struct Imported {
    pub markdown: String,
    pub warnings: Vec<String>,
}

macro_rules! re {
    ($s:expr) => {{
        static R: LazyLock<Regex> = LazyLock::new(|| Regex::new($s).unwrap());
        &*R
    }};
}

/// Bodies of the registry, for issuer lookup and for splitting "A, B" into known names.
struct Registry {
    bodies: Vec<Body>,
    entries: Vec<BodyEntry>,
    index: crate::resolve::bodies_index::BodyIndex,
}

impl Registry {
    fn new(entries: Vec<BodyEntry>) -> Self {
        let bodies = crate::resolve::bodies_from_registry(&entries);
        let index = crate::resolve::bodies_index::BodyIndex::new(&bodies);
        Registry {
            bodies,
            entries,
            index,
        }
    }
    fn known(&self, name: &str, issuer: Option<BodyId>) -> bool {
        self.index.find(name, issuer, &self.bodies).is_some()
    }
    fn by_code(&self, code: &str) -> Option<BodyId> {
        self.entries
            .iter()
            .position(|b| !b.code.is_empty() && b.code.eq_ignore_ascii_case(code))
    }
    fn by_name(&self, name: &str) -> Option<BodyId> {
        match self.index.find(name, None, &self.bodies)? {
            crate::resolve::bodies_index::Found::Registered(b) => Some(b),
            _ => None,
        }
    }
}

/// What a reader makes of a document: lines of text (a blank line ends a paragraph), and the
/// rows of real tables (a .docx's, or a PDF's ruled ones) with each cell's paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Text(String),
    Row(Vec<Vec<String>>),
}

impl Line {
    /// The line as text lines: a row gives each paragraph of each cell.
    fn texts(&self) -> Vec<&str> {
        match self {
            Line::Text(s) => vec![s.as_str()],
            Line::Row(cells) => cells.iter().flatten().flat_map(|p| p.lines()).collect(),
        }
    }
}

/// Paragraphs (blank-line separated), Markdown emphasis and heading marks removed, a paragraph
/// that starts in lower case (a page break inside a sentence) joined to the one before. A
/// table row that holds no task (a layout table: number beside date, recipients beside the
/// signature) gives each paragraph of its cells, left to right.
fn paragraphs(lines: &[Line], skip: &HashSet<usize>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let flush = |cur: &mut Vec<String>, out: &mut Vec<String>| {
        if cur.is_empty() {
            return;
        }
        let p = cur.join("\n");
        cur.clear();
        let p = p.replace("**", "");
        let p = re!(r"^#+\s*").replace(&p, "").to_string();
        let p = p.trim().trim_matches('*').trim().to_string();
        if p.is_empty() {
            return;
        }
        if let (Some(prev), true) = (
            out.last_mut(),
            p.chars().next().is_some_and(|c| c.is_lowercase()),
        ) {
            prev.push(' ');
            prev.push_str(&p);
        } else {
            out.push(p);
        }
    };
    for (i, l) in lines.iter().enumerate() {
        match l {
            _ if skip.contains(&i) => flush(&mut cur, &mut out),
            Line::Text(l) if l.trim().is_empty() => flush(&mut cur, &mut out),
            Line::Text(l) => cur.push(l.trim_end().to_string()),
            Line::Row(cells) => {
                flush(&mut cur, &mut out);
                for p in cells.iter().flatten() {
                    cur.extend(p.lines().map(|l| l.trim_end().to_string()));
                    flush(&mut cur, &mut out);
                }
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn sentence_case(s: &str) -> String {
    // "TM. ỦY BAN NHÂN DÂN" → "TM. Ủy ban nhân dân"; "PHÓ CHỦ TỊCH" → "Phó Chủ tịch"
    let (prefix, rest) = match re!(r"^((?:TM|KT|TL|TUQ|Q)\.\s*)(.*)$").captures(s) {
        Some(c) => (c[1].to_string(), c[2].to_string()),
        None => (String::new(), s.to_string()),
    };
    let mut t = crate::text::capitalize_first(&rest.to_lowercase());
    if let Some(r) = t.strip_prefix("Phó ") {
        t = format!("Phó {}", crate::text::capitalize_first(r));
    }
    format!("{prefix}{t}")
}

fn is_upper(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| !c.is_lowercase())
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn list(key: &str, items: &[String], indent: &str) -> String {
    match items {
        [] => String::new(),
        [one] => format!("{indent}{key}: {}\n", q(one)),
        many => {
            let mut s = format!("{indent}{key}:\n");
            for i in many {
                s.push_str(&format!("{indent}  - {}\n", q(i)));
            }
            s
        }
    }
}

/// References in a paragraph as front-matter strings: "29/NQ-CP ngày 24/02/2026".
fn refs_in(text: &str) -> Vec<(usize, String, String)> {
    find_in_text(text)
        .into_iter()
        .map(|r| {
            let num = crate::text::collapse_ws(&r.number);
            let s = match &r.date_text {
                Some(d) => format!("{num} ngày {d}"),
                None => num.clone(),
            };
            (r.start, normalize(&num), s)
        })
        .collect()
}

/// A plan as extracted text.
pub fn import(text: &str, registry: Vec<BodyEntry>) -> Imported {
    let text = text.replace('\r', "");
    import_lines(
        text.lines().map(|l| Line::Text(l.to_string())).collect(),
        registry,
    )
}

/// A plan as a reader gave it.
pub fn import_lines(lines: Vec<Line>, registry: Vec<BodyEntry>) -> Imported {
    let reg = Registry::new(registry);
    let nfc = |s: &String| crate::text::nfc(s);
    let lines: Vec<Line> = lines
        .iter()
        .map(|l| match l {
            Line::Text(s) => Line::Text(nfc(s)),
            Line::Row(cells) => {
                Line::Row(cells.iter().map(|c| c.iter().map(nfc).collect()).collect())
            }
        })
        .collect();
    let flat: Vec<&str> = lines.iter().flat_map(Line::texts).collect();
    let mut warnings = Vec::new();

    let (table_rows, table_lines) = tasks::from_tables(&lines, &mut warnings);
    let skip: HashSet<usize> = table_lines.into_iter().collect();
    let paras = paragraphs(&lines, &skip);
    let mut consumed: HashSet<usize> = HashSet::new();

    // --- header
    let mut number = String::new();
    let (mut place, mut date) = (String::new(), String::new());
    let (mut doc_type, mut title) = ("Kế hoạch".to_string(), String::new());
    let mut body_start = 0;
    for (i, p) in paras.iter().enumerate().take(12) {
        if let Some(c) = re!(r"^Số\s*:\s*(.*)$").captures(p) {
            let raw = re!(r"\s*([/-])\s*")
                .replace_all(c[1].trim(), "$1")
                .to_string();
            // A number whose serial is left blank ("Số: /KH-SKHCN") is kept as written: the
            // plan is unnumbered, and its page says the source has no number yet.
            number = if raw
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit() || ch == '/')
            {
                raw
            } else {
                String::new()
            };
            consumed.insert(i);
        } else if let Some(c) =
            re!(r"^(.+?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})").captures(p)
        {
            place = c[1].trim().to_string();
            let (y, m) = (&c[4], c[3].parse::<u32>().unwrap_or(0));
            date = match c.get(2) {
                Some(d) => format!("{y}-{m:02}-{:02}", d.as_str().parse::<u32>().unwrap_or(0)),
                None => format!("{y}-{m:02}"),
            };
            consumed.insert(i);
        } else if re!(r"^(KẾ HOẠCH|KẾ HOẠCH HÀNH ĐỘNG|CHƯƠNG TRÌNH HÀNH ĐỘNG)$").is_match(p.trim())
        {
            doc_type = sentence_case(p.trim());
            consumed.insert(i);
            if let Some(t) = paras.get(i + 1) {
                title = crate::text::collapse_ws(t);
                consumed.insert(i + 1);
                body_start = i + 2;
            }
            break;
        }
    }
    if date.is_empty() {
        warnings.push("không tìm thấy dòng địa danh, ngày tháng (\"Hải Phòng, ngày … tháng … năm …\"); hãy điền `date`".into());
    }
    if title.is_empty() {
        warnings.push(
            "không tìm thấy tên loại văn bản (\"KẾ HOẠCH\") và trích yếu; hãy điền `title`".into(),
        );
    }

    // --- issuer: the code in the number, else "<cơ quan> ban hành / xây dựng Kế hoạch"
    let code = re!(r"/[^/]*?-\s*([\p{L}&]+)$")
        .captures(&number)
        .map(|c| c[1].to_string())
        .or_else(|| {
            paras.iter().take(6).find_map(|p| {
                re!(r"^Số\s*:.*-\s*([\p{L}&]+)\s*$")
                    .captures(p)
                    .map(|c| c[1].to_string())
            })
        });
    // unnumbered drafts still carry the code ("Số: /KH-SKHCN"): look at the raw lines
    let code = code.or_else(|| {
        flat.iter().take(12).find_map(|l| {
            re!(r"^Số\s*:.*-\s*([\p{L}&]+)\s*$")
                .captures(l.trim())
                .map(|c| c[1].to_string())
        })
    });
    let issuer = code.as_deref().and_then(|c| reg.by_code(c)).or_else(|| {
        paras.iter().find_map(|p| {
            re!(r"[;,]\s*([^;,]+?)\s+(?:ban hành|xây dựng)\s+Kế hoạch")
                .captures(p)
                .and_then(|c| reg.by_name(c[1].trim()))
        })
    });
    if issuer.is_none() {
        warnings.push("không xác định được cơ quan ban hành; hãy điền `issuer` bằng mã trong content/departments.yaml".into());
    }

    // --- cited documents, from the paragraphs before the first section
    let first_section = paras
        .iter()
        .enumerate()
        .skip(body_start)
        .find(|(_, p)| re!(r"^[IVX]+\.\s").is_match(p))
        .map(|(i, _)| i)
        .unwrap_or(paras.len());
    let (mut implements, mut based_on, mut replaces): (Vec<String>, Vec<String>, Vec<String>) =
        (Vec::new(), Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    let own = normalize(&number);
    for p in &paras[body_start.min(paras.len())..first_section] {
        // "Thực hiện A … thực hiện B": A is carried out; B is what A carries out (cited).
        let inner = if p.starts_with("Thực hiện") || p.starts_with("Triển khai") {
            let from = p.find("hiện").map(|i| i + "hiện".len()).unwrap_or(0);
            p[from..]
                .find(" thực hiện ")
                .map(|i| i + from)
                .unwrap_or(p.len())
        } else {
            0
        };
        for (at, key, s) in refs_in(p) {
            if key == own || !seen.insert(key) {
                continue;
            }
            let named_after = p[at..]
                .find(')')
                .is_some_and(|e| p[at..at + e].contains("sau đây gọi tắt là"));
            if at < inner || named_after {
                implements.push(s);
            } else {
                based_on.push(s);
            }
        }
    }
    for p in &paras {
        if let Some(i) = p.find("thay thế ") {
            if let Some((_, key, s)) = refs_in(&p[i..]).into_iter().next() {
                based_on.retain(|b| normalize(b.split(" ngày ").next().unwrap_or(b)) != key);
                replaces.push(s);
            }
        }
    }

    // --- recipients, signer, distribution list, targets
    let mut recipients = Vec::new();
    let mut signer: Vec<String> = Vec::new();
    let mut distribution = Vec::new();
    let mut targets = Vec::new();
    let recipients_at = paras.iter().position(|p| re!(r"^Nơi nhận\s*:").is_match(p));
    if let Some(r) = recipients_at {
        consumed.insert(r);
        let mut i = r + 1;
        while let Some(p) = paras.get(i) {
            if !p.starts_with("- ") {
                break;
            }
            for l in p.lines() {
                recipients.push(
                    l.trim_start_matches("- ")
                        .trim()
                        .trim_end_matches(['.', ';'])
                        .trim()
                        .to_string(),
                );
            }
            consumed.insert(i);
            i += 1;
        }
        while let Some(p) = paras.get(i) {
            if re!(r"^(PHỤ LỤC|DANH SÁCH)").is_match(p) {
                break;
            }
            signer.extend(
                p.lines()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty()),
            );
            consumed.insert(i);
            i += 1;
        }
    }
    let (authority, position, name) = {
        let upper: Vec<&String> = signer.iter().filter(|l| is_upper(l)).collect();
        let auth: Vec<String> = upper
            .iter()
            .filter(|l| re!(r"^(TM|KT|TL|TUQ|Q)\.").is_match(l))
            .map(|l| sentence_case(l))
            .collect();
        let pos = upper
            .iter()
            .rev()
            .find(|l| !re!(r"^(TM|KT|TL|TUQ|Q)\.").is_match(l))
            .map(|l| sentence_case(l))
            .unwrap_or_default();
        let name = signer
            .iter()
            .rev()
            .find(|l| !is_upper(l) && l.split_whitespace().count() <= 6)
            .cloned()
            .unwrap_or_default();
        (
            auth.join("; "),
            pos,
            name.trim_start_matches(['*', ' ']).to_string(),
        )
    };
    if let Some(i) = flat
        .iter()
        .position(|l| l.trim().starts_with("DANH SÁCH CÁC ĐƠN VỊ"))
    {
        for l in &flat[i + 1..] {
            if let Some(c) = re!(r"^\d+\.\s*(\S.*)$").captures(l.trim()) {
                distribution.push(c[1].trim().to_string());
            }
        }
        for (k, p) in paras.iter().enumerate() {
            if p.starts_with("DANH SÁCH CÁC ĐƠN VỊ") {
                consumed.insert(k);
            }
        }
    }
    for (i, p) in paras.iter().enumerate() {
        if let Some(c) = re!(r"^\((\d{2})\)\s+(.+)$").captures(p) {
            targets.push((c[1].to_string(), c[2].trim().to_string()));
            consumed.insert(i);
        }
    }

    // --- tasks: tables, else prose sub-items, else assignments per unit
    let issuer_known = |n: &str| reg.known(n, issuer);
    let (mut rows, used) = if !table_rows.is_empty() {
        (table_rows, Vec::new())
    } else {
        let (prose, used) = tasks::from_prose(&paras);
        if !prose.is_empty() {
            (prose, used)
        } else {
            tasks::from_units(&paras, &issuer_known)
        }
    };
    let tasks_at = used.first().copied();
    consumed.extend(used.iter().copied());
    let split = |raw: &str| split_known(split_items(raw), &issuer_known);
    for r in &mut rows {
        r.task.lead = split(&r.lead_raw);
        r.task.support = split(&r.support_raw);
        for n in r.task.lead.iter().chain(&r.task.support) {
            if !issuer_known(n) {
                warnings.push(format!(
                    "nhiệm vụ {}: cơ quan `{n}` không có trong danh mục",
                    r.task.id
                ));
            }
        }
    }

    // --- body: every paragraph not placed above, in order
    let mut body = Vec::new();
    let mut placed_tasks = false;
    let mut placed_targets = false;
    for (i, p) in paras.iter().enumerate().skip(body_start) {
        if Some(i) == tasks_at && !placed_tasks {
            body.push("<!-- nhiem-vu -->".to_string());
            placed_tasks = true;
        }
        if consumed.contains(&i) {
            if !placed_targets && re!(r"^\(\d{2}\)").is_match(p) {
                body.push("<!-- chi-tieu -->".to_string());
                placed_targets = true;
            }
            continue;
        }
        if re!(r"^[IVX]+\.\s*\S").is_match(p) && p.len() < 120 {
            body.push(format!("## {p}"));
        } else if re!(r"^\d+(\.\d+)*\.\s").is_match(p)
            && p.len() < 80
            && !p.ends_with('.')
            && !p.ends_with(';')
        {
            body.push(format!("### {p}"));
        } else {
            body.push(p.clone());
        }
    }
    for (i, p) in paras.iter().enumerate().take(body_start) {
        if !consumed.contains(&i) {
            warnings.push(format!(
                "giữ lại trong nội dung: \"{}\"",
                p.chars().take(70).collect::<String>()
            ));
            body.insert(0, p.clone());
        }
    }

    // --- write
    let mut out = String::from(
        "---\n# Nhập bằng `kehoach import`: hãy đối chiếu với văn bản gốc trước khi đăng.\n",
    );
    out.push_str(&format!("number: {}\n", q(&number)));
    out.push_str(&format!("type: {}\n", q(&doc_type)));
    out.push_str(&format!("title: {}\n", q(&title)));
    out.push_str(&format!(
        "issuer: {}\n",
        issuer
            .map(|b| reg.bodies[b].id.clone())
            .unwrap_or_else(|| "\"\"".into())
    ));
    out.push_str(&format!(
        "date: {}\n",
        if date.is_empty() { "\"\"".into() } else { date }
    ));
    if !place.is_empty() {
        out.push_str(&format!("place: {}\n", q(&place)));
    }
    if !name.is_empty() {
        out.push_str(&format!(
            "signer: {{ name: {}, position: {}",
            q(&name),
            q(&position)
        ));
        if !authority.is_empty() {
            out.push_str(&format!(", authority: {}", q(&authority)));
        }
        out.push_str(" }\n");
    }
    out.push_str(&list("implements", &implements, ""));
    out.push_str(&list("based_on", &based_on, ""));
    out.push_str(&list("replaces", &replaces, ""));
    out.push_str(&list("recipients", &recipients, ""));
    out.push_str(&list("distribution", &distribution, ""));
    if !targets.is_empty() {
        out.push_str("targets:\n");
        for (id, t) in &targets {
            out.push_str(&format!("  - {{ id: {}, text: {} }}\n", q(id), q(t)));
        }
    }
    if !rows.is_empty() {
        out.push_str("tasks:\n");
        for r in &rows {
            let t = &r.task;
            out.push_str(&format!("  - id: {}\n", q(&t.id)));
            out.push_str(&list("group", &t.group, "    "));
            if t.title.contains('\n') {
                out.push_str("    title: |-\n");
                for l in t.title.lines() {
                    out.push_str(&if l.is_empty() {
                        "\n".to_string()
                    } else {
                        format!("      {l}\n")
                    });
                }
            } else {
                out.push_str(&format!("    title: {}\n", q(&t.title)));
            }
            out.push_str(&list("lead", &t.lead, "    "));
            out.push_str(&list("support", &t.support, "    "));
            out.push_str(&list("outputs", &t.outputs, "    "));
            if !t.deadline.is_empty() {
                out.push_str(&format!("    deadline: {}\n", q(&t.deadline)));
            }
        }
    }
    out.push_str("---\n");
    out.push_str(&body.join("\n\n"));
    out.push('\n');
    Imported {
        markdown: out,
        warnings,
    }
}
