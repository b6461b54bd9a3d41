//! Text in the words of real plans: an order-2 word Markov chain over the clauses of the source
//! documents (sources/; the OCR scan without diacritics is left out), so that titles and
//! bodies have the vocabulary, length and document references of real plans.

use super::rng::Rng;
use super::tables::VERBS;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;

pub struct Prose {
    next: HashMap<(String, String), Vec<Option<String>>>,
    starts: Vec<(String, String)>,
    verb_starts: Vec<(String, String)>,
}

/// Where a generated sentence cites a document: "§REF" with its type ("Kế hoạch số …"),
/// "§NUM" the number alone.
pub const REF: &str = "§REF";
pub const NUM: &str = "§NUM";

impl Prose {
    pub fn new(sources: &Path) -> Result<Prose, String> {
        let refs = Regex::new(concat!(
            r"(?:Nghị quyết|Kế hoạch hành động|Kế hoạch|Quyết định|Chương trình hành động|Chỉ thị|Kết luận|",
            r"Nghị định|Thông tư)\s+(?:số\s+)?\d+\s?[-/]\s?(?:\d{4}/)?[A-ZĐ][\w&]*(?:[-/][A-ZĐ0-9][\w&]*)*"
        ))
        .expect("pattern");
        let nums = Regex::new(r"\b\d+\s?[-/]\s?(?:\d{4}/)?[A-ZĐ][\w&]*(?:[-/][A-ZĐ0-9][\w&]*)*")
            .expect("pattern");
        let markup = Regex::new(r#"<[^>]+>|\*+|#+|“|”|""#).expect("pattern");
        let mut files: Vec<_> = std::fs::read_dir(sources)
            .map_err(|e| format!("không đọc được {}: {e}", sources.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let mut p = Prose {
            next: HashMap::new(),
            starts: Vec::new(),
            verb_starts: Vec::new(),
        };
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| e.to_string())?;
            if !text.contains("Nghị quyết") {
                continue;
            }
            let text = markup.replace_all(&text, "");
            for line in text.lines() {
                for cell in line.split('\t') {
                    for clause in clauses(cell.trim()) {
                        let clause = clause.trim_matches([' ', '-', '•']);
                        let clause = refs.replace_all(clause, REF);
                        let clause = nums.replace_all(&clause, NUM);
                        p.learn(&clause);
                    }
                }
            }
        }
        if p.starts.is_empty() || p.verb_starts.is_empty() {
            return Err(format!("{} không có văn bản để học", sources.display()));
        }
        Ok(p)
    }

    fn learn(&mut self, clause: &str) {
        let words: Vec<&str> = clause.split_whitespace().collect();
        let first = words.first().copied().unwrap_or("");
        if words.len() < 6
            || !first.chars().next().is_some_and(char::is_uppercase)
            || first.starts_with(|c: char| c.is_ascii_digit())
            || clause.contains("b/c")
            || first.starts_with("Lưu")
        {
            return;
        }
        let start = (words[0].to_string(), words[1].to_string());
        if VERBS.contains(&format!("{} {}", words[0], words[1]).trim_end_matches(',')) {
            self.verb_starts.push(start.clone());
        }
        self.starts.push(start);
        for i in 0..words.len() - 1 {
            let c = words.get(i + 2).map(|w| w.to_string());
            self.next
                .entry((words[i].to_string(), words[i + 1].to_string()))
                .or_default()
                .push(c);
        }
    }

    /// A sentence of `lo` to about `hi` words; `task` starts it with a verb. Each §REF or §NUM
    /// in it is replaced by what `cite` gives (true for §REF).
    pub fn sentence(
        &self,
        rng: &mut Rng,
        lo: usize,
        hi: usize,
        task: bool,
        cite: &mut dyn FnMut(&mut Rng, bool) -> String,
    ) -> String {
        let mut words: Vec<String> = Vec::new();
        while words.len() < lo {
            let pool = if task && words.is_empty() {
                &self.verb_starts
            } else {
                &self.starts
            };
            let (mut a, mut b) = rng.choice(pool).clone();
            // A clause joined on is lower-cased, but for the words that always start upper.
            if words.is_empty() || a == "Sở" || a == "Ủy" {
                words.push(a.clone());
            } else {
                words.push(a.to_lowercase());
            }
            words.push(b.clone());
            while words.len() < hi {
                let Some(Some(c)) = self
                    .next
                    .get(&(a.clone(), b.clone()))
                    .map(|v| rng.choice(v))
                else {
                    break;
                };
                words.push(c.clone());
                (a, b) = (b, c.clone());
            }
            if words.len() < lo {
                let last = words.pop().unwrap_or_default();
                words.push(format!("{},", last.trim_end_matches(['.', ';', ':'])));
            }
        }
        let text = format!(
            "{}.",
            words.join(" ").trim_end_matches([' ', ',', ';', ':', '.'])
        );
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(i) = rest.find('§') {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with(REF) || tail.starts_with(NUM) {
                out.push_str(&cite(rng, tail.starts_with(REF)));
                rest = &tail[REF.len()..];
            } else {
                out.push('§');
                rest = &tail['§'.len_utf8()..];
            }
        }
        out.push_str(rest);
        out
    }
}

/// A cell split after each `;`, `.` or `:` that white space follows.
fn clauses(cell: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = cell.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b';' | b'.' | b':')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            out.push(&cell[start..=i]);
            start = i + 1;
        }
    }
    out.push(&cell[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}
