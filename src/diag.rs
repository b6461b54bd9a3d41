//! Diagnostics: every problem found in the content, with the file, line and column it came from.
//!
//! Messages are in Vietnamese because the staff who edit plans read Vietnamese. Errors stop a
//! build (after all of them are collected); warnings never do.

use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasher;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file, 1-based. Line 0 means "the file as a whole".
///
/// Kept in 32 bits each: every task holds several (its own, its names', its deadline's), and
/// no file the loader accepts has four billion lines.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
    pub fn line(line: usize) -> Self {
        Pos::new(line, 1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The line written, with a caret under the place (see [`snippet`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        // A file name or a line may hold control characters, which a terminal would obey.
        let safe = crate::text::printable;
        write!(
            f,
            "{}:{}:{}: {}: {}",
            safe(&self.path),
            self.line.max(1),
            self.column.max(1),
            label,
            safe(&self.message)
        )?;
        if let Some(snippet) = &self.snippet {
            for line in snippet.lines() {
                write!(f, "\n    {}", safe(line))?;
            }
        }
        Ok(())
    }
}

/// Collects diagnostics from one stage; stages hand their collections on.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Set by [`Diagnostics::counting_warnings`]: warnings are kept as a hash of what they
    /// say, to be counted (each once, as [`Diagnostics::into_sorted`] keeps them), not read.
    counted: Option<HashSet<u64>>,
}

impl Diagnostics {
    /// Diagnostics that keep errors whole and only count warnings. A build prints how many
    /// warnings there are (`check` lists them): at 100,000 plans their text, 371,000
    /// messages made among the resolved tasks, stayed to the end of the build, where its
    /// memory peaks.
    pub fn counting_warnings() -> Self {
        Diagnostics {
            items: Vec::new(),
            counted: Some(HashSet::default()),
        }
    }
    pub fn error(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Error, path, pos, message.into());
    }
    pub fn warning(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Warning, path, pos, message.into());
    }
    /// A diagnostic shown with the line it is about.
    pub fn add(
        &mut self,
        severity: Severity,
        path: &str,
        pos: Pos,
        message: impl Into<String>,
        snippet: Option<String>,
    ) {
        let before = self.items.len();
        self.push(severity, path, pos, message.into());
        if self.items.len() > before {
            if let Some(last) = self.items.last_mut() {
                last.snippet = snippet;
            }
        }
    }
    fn push(&mut self, severity: Severity, path: &str, pos: Pos, message: String) {
        if let (Severity::Warning, Some(counted)) = (severity, &mut self.counted) {
            counted.insert(warning_hash(
                path,
                pos.line as usize,
                pos.column as usize,
                &message,
            ));
            return;
        }
        self.items.push(Diagnostic {
            severity,
            path: path.to_string(),
            line: pos.line as usize,
            column: pos.column as usize,
            message,
            snippet: None,
        });
    }
    pub fn extend(&mut self, other: Diagnostics) {
        if let Some(counted) = &mut self.counted {
            counted.extend(other.counted.into_iter().flatten());
            for d in other.items {
                match d.severity {
                    Severity::Warning => {
                        counted.insert(warning_hash(&d.path, d.line, d.column, &d.message));
                    }
                    Severity::Error => self.items.push(d),
                }
            }
        } else {
            debug_assert!(other.counted.is_none(), "counted warnings cannot be listed");
            self.items.extend(other.items);
        }
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
    /// How many there are of `severity`, as kept: a listed warning made twice counts twice
    /// here, once in [`Diagnostics::warning_count`] (a counted one is kept once).
    pub fn count(&self, severity: Severity) -> usize {
        let counted = match severity {
            Severity::Warning => self.counted.as_ref().map_or(0, HashSet::len),
            Severity::Error => 0,
        };
        self.items.iter().filter(|d| d.severity == severity).count() + counted
    }
    /// How many different warnings there are, whether listed or counted.
    pub fn warning_count(self) -> usize {
        let counted = self.counted.as_ref().map_or(0, HashSet::len);
        let listed = self.into_sorted();
        listed
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
            + counted
    }
    /// Diagnostics that list `items`.
    pub fn listing(items: Vec<Diagnostic>) -> Self {
        Diagnostics {
            items,
            counted: None,
        }
    }
    /// What is listed (a counting set's warnings are not).
    pub fn listed(&self) -> &[Diagnostic] {
        &self.items
    }
    /// Sorted by file, then position, then severity; duplicates removed. Stable output matters:
    /// staff compare runs, and tests compare text.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
    /// Keeps the diagnostics `keep` says to.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Warnings added after the first `n` diagnostics.
    pub fn warnings_since(&self, n: usize) -> impl Iterator<Item = &Diagnostic> {
        self.items[n.min(self.items.len())..]
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.counted.as_ref().is_none_or(HashSet::is_empty)
    }
}

/// The line of `text` (line `pos.line` of a file whose text starts at `first_line`) with a
/// caret under column `pos.column` spanning `width` characters (`None`: the value written
/// there), as compilers show a mistake:
///
/// ```text
///    12 |     deadlne: "Quý III/2026"
///       |     ^^^^^^^
/// ```
pub fn snippet(text: &str, first_line: usize, pos: Pos, width: Option<usize>) -> Option<String> {
    let index = (pos.line as usize).checked_sub(first_line)?;
    let source = text.split('\n').nth(index)?.trim_end_matches('\r');
    // Tabs are shown as one space, so that the caret stays under its character.
    let shown: Vec<char> = source
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let before = (pos.column as usize).saturating_sub(1).min(shown.len());
    let width = width.unwrap_or_else(|| value_width(&shown[before..]));
    let number = pos.line.to_string();
    let pad = " ".repeat(number.len());
    Some(format!(
        "{number} | {}\n{pad} | {}{}",
        shown.iter().collect::<String>().trim_end(),
        " ".repeat(before),
        "^".repeat(width.max(1))
    ))
}

/// How many characters the YAML value at the start of `rest` takes: to its closing quote, or
/// to the end of the line before a comment.
fn value_width(rest: &[char]) -> usize {
    match rest.first() {
        Some(&q @ ('"' | '\'')) => rest[1..]
            .iter()
            .position(|&c| c == q)
            .map_or(rest.len(), |end| end + 2),
        Some(_) => {
            let end = (1..rest.len())
                .find(|&i| rest[i] == '#' && rest[i - 1] == ' ')
                .unwrap_or(rest.len());
            rest[..end]
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(1, |last| last + 1)
        }
        None => 1,
    }
}

/// Gives each diagnostic about a value in a file (a column past the first) the line it is
/// about, read from the file under `root`, unless it has one.
pub fn show_lines(diags: &mut [Diagnostic], root: &std::path::Path) {
    // Diagnostics come sorted by file: one file is held at a time.
    let mut file: Option<(String, Option<String>)> = None;
    for d in diags.iter_mut() {
        if d.snippet.is_some() || d.column <= 1 || d.line == 0 {
            continue;
        }
        if file.as_ref().is_none_or(|(p, _)| *p != d.path) {
            let text = std::fs::read(root.join(&d.path)).ok().map(|bytes| {
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                crate::text::nfc(&String::from_utf8_lossy(bytes))
            });
            file = Some((d.path.clone(), text));
        }
        if let Some((_, Some(text))) = &file {
            d.snippet = snippet(text, 1, Pos::new(d.line, d.column), None);
        }
    }
}

/// A warning's identity for counting: 64 bits of SipHash with fixed keys, so that two different
/// warnings among millions are counted as one with odds of about 10⁻⁸.
fn warning_hash(path: &str, line: usize, column: usize, message: &str) -> u64 {
    std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
        .hash_one((path, line, column, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_warnings_are_counted_once_each_and_errors_kept_whole() {
        let mut listed = Diagnostics::default();
        let mut counted = Diagnostics::counting_warnings();
        for d in [&mut listed, &mut counted] {
            d.warning("a.md", Pos::new(3, 1), "cơ quan lạ");
            d.warning("a.md", Pos::new(3, 1), "cơ quan lạ");
            d.warning("a.md", Pos::new(4, 1), "cơ quan lạ");
            d.warning("b.md", Pos::new(3, 1), "cơ quan lạ");
            d.error("b.md", Pos::new(9, 2), "thiếu tiêu đề");
        }
        let mut per_file = Diagnostics::default();
        per_file.warning("c.md", Pos::new(1, 1), "thời hạn lạ");
        per_file.warning("a.md", Pos::new(3, 1), "cơ quan lạ");
        counted.extend(per_file.clone());
        listed.extend(per_file);
        assert!(counted.has_errors());
        assert_eq!(counted.errors().count(), 1);
        assert_eq!(counted.warnings().count(), 0, "no warning text is kept");
        assert_eq!(listed.clone().warning_count(), 4);
        assert_eq!(counted.warning_count(), 4);
        let mut one = Diagnostics::counting_warnings();
        assert!(one.is_empty());
        one.warning("a.md", Pos::line(1), "x");
        assert!(!one.is_empty());
    }
}
