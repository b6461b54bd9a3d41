//! Word (.docx): paragraphs with Word's own numbering written out ("1.", "a)", "-"), and tables
//! as tables: a cell merged across columns fills the first of them, a cell merged down a
//! column gives its text to every task row it covers, header rows repeated on each page are
//! one header.
//!
//! Built on `zip` and `roxmltree` rather than docx-rs (which the project uses to write reports):
//! docx-rs 0.4 keeps a cell's merges private, drops `w:tblHeader`, reads every part of the
//! package whole, and panics on a damaged part. Here only the three parts the text needs are
//! decompressed, each through a bound, so a zip bomb costs at most `MAX_PART` bytes.

use super::super::Line;
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest part decompressed: a 1,000-page plan's document.xml is about 20 MB.
pub const MAX_PART: u64 = 48 << 20;
const MAX_ENTRIES: usize = 50_000;

pub fn read(bytes: &[u8], shown: &str) -> Result<Vec<Line>, String> {
    let damaged = |e: &dyn std::fmt::Display| {
        format!(
            "{shown}: tệp .docx bị hỏng ({e}); hãy mở bằng Word hoặc LibreOffice, lưu lại thành .docx rồi nhập lại"
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "{shown}: gói .docx có {} tệp con, quá nhiều cho một văn bản; không đọc",
            zip.len()
        ));
    }
    let rels = part(&mut zip, "_rels/.rels", shown)?;
    let main = rels
        .as_deref()
        .and_then(|r| {
            let d = Document::parse(r).ok()?;
            let t = d
                .descendants()
                .find(|n| {
                    n.attribute("Type")
                        .is_some_and(|t| t.ends_with("/officeDocument"))
                })?
                .attribute("Target")?
                .trim_start_matches('/')
                .to_string();
            Some(t)
        })
        .unwrap_or_else(|| "word/document.xml".into());
    let Some(doc) = part(&mut zip, &main, shown)? else {
        return Err(format!(
            "{shown}: tệp zip này không phải văn bản Word (không có {main}); hãy lưu văn bản thành .docx"
        ));
    };
    let dir = main.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let at = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let numbering = part(&mut zip, &at("numbering.xml"), shown)?;
    let styles = part(&mut zip, &at("styles.xml"), shown)?;
    let mut numbers = Numbers::new(numbering.as_deref(), styles.as_deref());
    let doc = Document::parse(&doc).map_err(|e| damaged(&e))?;
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((W, "body")))
        .ok_or_else(|| damaged(&"không có w:body"))?;
    let mut out = Vec::new();
    for b in blocks(body, &mut numbers, false) {
        match b {
            Block::Para(p) => {
                out.extend(p.lines().map(|l| Line::Text(l.to_string())));
                out.push(Line::Text(String::new()));
            }
            Block::Table(rows) => {
                out.extend(grid(rows).into_iter().map(Line::Row));
                out.push(Line::Text(String::new()));
            }
        }
    }
    Ok(out)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One part of the package, decompressed through a bound; `None` when the package lacks it.
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    shown: &str,
) -> Result<Option<String>, String> {
    let bomb = || {
        format!(
            "{shown}: phần {name} của tệp .docx giải nén ra hơn {} MB; đây không phải văn bản bình thường (có thể là tệp độc hại), không đọc",
            MAX_PART >> 20
        )
    };
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(format!(
            "{shown}: không đọc được phần {name} của tệp .docx ({e}); tệp bị hỏng hoặc có mật khẩu"
        ))
        }
    };
    if f.size() > MAX_PART {
        return Err(bomb());
    }
    let mut buf = Vec::new();
    f.by_ref()
        .take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{shown}: phần {name} của tệp .docx bị hỏng ({e})"))?;
    if buf.len() as u64 > MAX_PART {
        return Err(bomb());
    }
    let text = String::from_utf8(buf)
        .map_err(|_| format!("{shown}: phần {name} của tệp .docx không phải UTF-8; tệp bị hỏng"))?;
    Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
}

enum Block {
    Para(String),
    Table(Vec<Row>),
}

struct Row {
    before: usize,
    cells: Vec<Cell>,
}

#[derive(PartialEq)]
enum Merge {
    No,
    Restart,
    Continue,
}

struct Cell {
    span: usize,
    merge: Merge,
    paras: Vec<String>,
}

fn child<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

fn val(n: Node, name: &str) -> Option<String> {
    child(n, name).map(|c| c.attribute((W, "val")).unwrap_or("").to_string())
}

fn blocks(n: Node, numbers: &mut Numbers, in_cell: bool) -> Vec<Block> {
    let mut out = Vec::new();
    for c in n.children().filter(Node::is_element) {
        if c.tag_name().namespace() != Some(W) {
            continue;
        }
        match c.tag_name().name() {
            "p" => {
                let mut text = String::new();
                runs(c, &mut text);
                let label = child(c, "pPr").and_then(|ppr| numbers.label(ppr, in_cell));
                let text = match label {
                    Some(l) if !text.trim().is_empty() => format!("{l}{}", text.trim_start()),
                    _ => text,
                };
                out.push(Block::Para(text));
            }
            "tbl" => out.push(Block::Table(rows(c, numbers))),
            "sdt" | "customXml" | "sdtContent" | "ins" | "smartTag" => {
                out.extend(blocks(c, numbers, in_cell))
            }
            _ => {}
        }
    }
    out
}

/// The text of a paragraph's runs: deleted text, field codes, and the fallback copy of
/// drawings left out; tabs and line breaks kept.
fn runs(n: Node, out: &mut String) {
    for c in n.children().filter(Node::is_element) {
        match c.tag_name().name() {
            "pPr" | "rPr" | "del" | "moveFrom" | "instrText" | "delText" | "Fallback"
            | "fldData" | "footnoteReference" | "endnoteReference" => {}
            "t" => out.push_str(c.text().unwrap_or("")),
            "tab" | "ptab" => out.push('\t'),
            "br" | "cr" => {
                if !matches!(c.attribute((W, "type")), Some("page" | "column")) {
                    out.push('\n')
                }
            }
            "noBreakHyphen" => out.push('-'),
            // a text box's paragraphs are paragraphs of their own
            "txbxContent" => {
                for p in c.descendants().filter(|d| d.has_tag_name((W, "p"))) {
                    out.push('\n');
                    runs(p, out);
                }
            }
            _ => runs(c, out),
        }
    }
}

fn rows(tbl: Node, numbers: &mut Numbers) -> Vec<Row> {
    let mut out = Vec::new();
    for tr in tbl.descendants().filter(|d| d.has_tag_name((W, "tr"))) {
        // rows of a nested table belong to their own table
        if tr.ancestors().find(|a| a.has_tag_name((W, "tbl"))) != Some(tbl) {
            continue;
        }
        let before = child(tr, "trPr")
            .and_then(|p| val(p, "gridBefore"))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut cells = Vec::new();
        for tc in tr.descendants().filter(|d| d.has_tag_name((W, "tc"))) {
            if tc.ancestors().find(|a| a.has_tag_name((W, "tr"))) != Some(tr) {
                continue;
            }
            let pr = child(tc, "tcPr");
            let span = pr
                .and_then(|p| val(p, "gridSpan"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 64);
            let merge = match pr.and_then(|p| val(p, "vMerge")).as_deref() {
                None => Merge::No,
                Some("restart") => Merge::Restart,
                Some(_) => Merge::Continue,
            };
            let mut paras = Vec::new();
            for b in blocks(tc, numbers, true) {
                match b {
                    Block::Para(p) => paras.push(p),
                    // a table inside a cell: each of its rows as one line
                    Block::Table(inner) => paras.extend(grid(inner).into_iter().map(|r| {
                        r.into_iter()
                            .map(|c| c.join(" "))
                            .filter(|c| !c.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })),
                }
            }
            paras.retain(|p| !p.trim().is_empty());
            cells.push(Cell { span, merge, paras });
        }
        out.push(Row { before, cells });
    }
    out
}

/// Rows spread over the table's grid columns. A cell merged down gives its paragraphs to the
/// rows below it that start a task of their own (a first cell with text); under a merged first
/// cell a row continues the task above, as a row split by a page break does.
fn grid(rows: Vec<Row>) -> Vec<Vec<Vec<String>>> {
    let width = rows
        .iter()
        .map(|r| r.before + r.cells.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut above: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut out = Vec::new();
    for r in rows {
        let mut line = vec![Vec::new(); width];
        let mut col = r.before;
        let mut merged = Vec::new();
        for c in r.cells {
            if col >= width {
                break;
            }
            match c.merge {
                Merge::Continue => merged.push(col),
                _ => {
                    above[col] = c.paras.clone();
                    line[col] = c.paras;
                }
            }
            col += c.span;
        }
        let own_task = line.first().is_some_and(|c| !c.is_empty());
        for col in merged {
            if col > 0 && own_task {
                line[col] = above[col].clone();
            }
        }
        out.push(line);
    }
    out
}

/// Word's list numbering: the label each numbered paragraph shows, counted as Word counts.
struct Numbers {
    /// abstract numbering id → levels
    abstracts: HashMap<String, Vec<Level>>,
    /// numbering instance → (abstract id, start overrides by level)
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    styles: HashMap<String, StyleNumbering>,
    counters: HashMap<String, [u32; 9]>,
}

/// A paragraph style's numbering: instance, level, and the style it is based on.
struct StyleNumbering {
    num: Option<String>,
    level: Option<usize>,
    based_on: Option<String>,
}

#[derive(Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    suffix: String,
}

impl Numbers {
    fn new(numbering: Option<&str>, styles: Option<&str>) -> Self {
        let mut n = Numbers {
            abstracts: HashMap::new(),
            nums: HashMap::new(),
            styles: HashMap::new(),
            counters: HashMap::new(),
        };
        if let Some(d) = numbering.and_then(|t| Document::parse(t).ok()) {
            for a in d
                .descendants()
                .filter(|x| x.has_tag_name((W, "abstractNum")))
            {
                let id = a.attribute((W, "abstractNumId")).unwrap_or("").to_string();
                let mut levels = vec![Level::default(); 9];
                for l in a.children().filter(|x| x.has_tag_name((W, "lvl"))) {
                    let Some(i) = l
                        .attribute((W, "ilvl"))
                        .and_then(|v| v.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    if i < 9 {
                        levels[i] = Level {
                            start: val(l, "start").and_then(|v| v.parse().ok()).unwrap_or(1),
                            format: val(l, "numFmt").unwrap_or_else(|| "decimal".into()),
                            text: val(l, "lvlText").unwrap_or_default(),
                            suffix: val(l, "suff").unwrap_or_else(|| "tab".into()),
                        };
                    }
                }
                n.abstracts.insert(id, levels);
            }
            for m in d.descendants().filter(|x| x.has_tag_name((W, "num"))) {
                let id = m.attribute((W, "numId")).unwrap_or("").to_string();
                let abs = val(m, "abstractNumId").unwrap_or_default();
                let starts = m
                    .children()
                    .filter(|x| x.has_tag_name((W, "lvlOverride")))
                    .filter_map(|o| {
                        let l = o.attribute((W, "ilvl"))?.parse().ok()?;
                        Some((l, val(o, "startOverride")?.parse().ok()?))
                    })
                    .collect();
                n.nums.insert(id, (abs, starts));
            }
        }
        if let Some(d) = styles.and_then(|t| Document::parse(t).ok()) {
            for s in d.descendants().filter(|x| x.has_tag_name((W, "style"))) {
                let id = s.attribute((W, "styleId")).unwrap_or("").to_string();
                let pr = child(s, "pPr").and_then(|p| child(p, "numPr"));
                let num = pr.and_then(|p| val(p, "numId"));
                let lvl = pr.and_then(|p| val(p, "ilvl")).and_then(|v| v.parse().ok());
                n.styles.insert(
                    id,
                    StyleNumbering {
                        num,
                        level: lvl,
                        based_on: val(s, "basedOn"),
                    },
                );
            }
        }
        n
    }

    /// The numbering of a paragraph: its own, else its style's (or a style it is based on).
    fn which(&self, ppr: Node) -> Option<(String, usize)> {
        let own = child(ppr, "numPr");
        let mut num = own.and_then(|p| val(p, "numId"));
        let mut lvl = own
            .and_then(|p| val(p, "ilvl"))
            .and_then(|v| v.parse().ok());
        let mut style = val(ppr, "pStyle");
        for _ in 0..10 {
            if num.is_some() {
                break;
            }
            let Some(st) = style.as_ref().and_then(|s| self.styles.get(s)) else {
                break;
            };
            num = st.num.clone();
            lvl = lvl.or(st.level);
            style = st.based_on.clone();
        }
        let num = num.filter(|n| n != "0")?;
        Some((num, lvl.unwrap_or(0).min(8)))
    }

    fn label(&mut self, ppr: Node, in_cell: bool) -> Option<String> {
        let (num, lvl) = self.which(ppr)?;
        let (abs, starts) = self.nums.get(&num)?;
        let levels = self.abstracts.get(abs)?;
        let start = |i: usize| starts.get(&i).copied().unwrap_or(levels[i].start);
        let counter = self.counters.entry(num.clone()).or_insert([0; 9]);
        counter[lvl] = if counter[lvl] == 0 {
            start(lvl)
        } else {
            counter[lvl] + 1
        };
        for c in counter.iter_mut().skip(lvl + 1) {
            *c = 0;
        }
        let level = &levels[lvl];
        if level.format == "bullet" {
            return Some(if level.text.trim() == "+" { "+ " } else { "- " }.into());
        }
        if level.format == "none" && level.text.is_empty() {
            return None;
        }
        let mut label = level.text.clone();
        for i in (0..=lvl).rev() {
            let v = if counter[i] == 0 {
                start(i)
            } else {
                counter[i]
            };
            label = label.replace(&format!("%{}", i + 1), &format_number(v, &levels[i].format));
        }
        let suffix = match level.suffix.as_str() {
            "nothing" => "",
            "space" => " ",
            _ if in_cell => " ",
            _ => "\t",
        };
        Some(format!("{label}{suffix}"))
    }
}

fn format_number(v: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(v),
        "lowerRoman" => roman(v).to_lowercase(),
        "upperLetter" => letter(v).to_uppercase(),
        "lowerLetter" => letter(v),
        "decimalZero" => format!("{v:02}"),
        "none" => String::new(),
        _ => v.to_string(),
    }
}

fn roman(mut v: u32) -> String {
    let mut s = String::new();
    for (n, r) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while v >= n {
            s.push_str(r);
            v -= n;
        }
    }
    s
}

/// Word's letters: a … z, then aa … zz.
fn letter(v: u32) -> String {
    if v == 0 {
        return String::new();
    }
    let c = (b'a' + ((v - 1) % 26) as u8) as char;
    c.to_string().repeat(((v - 1) / 26 + 1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_word_writes_them() {
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(1), "a");
        assert_eq!(letter(27), "aa");
        assert_eq!(format_number(7, "decimalZero"), "07");
    }
}
