//! The plans an earlier build parsed, kept beside the site (`.kehoach-<folder>.plans`, a
//! [`Shelf`]) under the hash of their files' bytes: a build parses again only the plan files
//! whose bytes changed. Parsing (the YAML, NFC, the citations in running text) is most of
//! reading a site; decoding a kept parse is a small part of it.
//!
//! A parse depends on the file's bytes and its name only (and on the program, which the shelf
//! checks). What is not kept: a parse with an error (the build stops there anyway), and a
//! plan that publishes its official file (`source:` a file), whose parse holds that other
//! file's bytes.

use super::inputs::FileHashes;
use super::shelf::Shelf;
use crate::content::{self, Plan, SourceDoc};
use crate::diag::{Diagnostic, Diagnostics};
use std::path::Path;

/// A diagnostic as kept: every field written (the JSON form leaves out an empty snippet,
/// which a format without field names cannot read back).
#[derive(serde::Serialize, serde::Deserialize)]
struct Said {
    severity: crate::diag::Severity,
    path: String,
    line: usize,
    column: usize,
    message: String,
    snippet: Option<String>,
}

impl From<&Diagnostic> for Said {
    fn from(d: &Diagnostic) -> Said {
        let d = d.clone();
        Said {
            severity: d.severity,
            path: d.path,
            line: d.line,
            column: d.column,
            message: d.message,
            snippet: d.snippet,
        }
    }
}

impl From<Said> for Diagnostic {
    fn from(s: Said) -> Diagnostic {
        Diagnostic {
            severity: s.severity,
            path: s.path,
            line: s.line,
            column: s.column,
            message: s.message,
            snippet: s.snippet,
        }
    }
}

/// Parses of plan files: those the last build kept, and those this build makes.
pub struct ParsedPlans<'a> {
    /// The hashes of the plan files as this build's fingerprint read them.
    hashes: &'a FileHashes,
    shelf: Shelf,
}

impl<'a> ParsedPlans<'a> {
    /// The parses kept beside `output`, for plan files with `hashes`; with `reuse` false, none
    /// is taken (every file is parsed), but this build's are still kept for the next.
    pub fn open(output: &Path, hashes: &'a FileHashes, reuse: bool) -> Self {
        ParsedPlans {
            hashes,
            shelf: Shelf::open(output, "plans", reuse),
        }
    }

    /// The plan file `abs`, named `rel`: the parse kept for its bytes, or a new one.
    pub fn read(&self, abs: &Path, rel: &str) -> (Option<Plan>, Diagnostics) {
        if let Some((plan, diags)) = self.kept_parse(rel) {
            return (Some(plan), diags);
        }
        let (plan, diags, hash) = content::read_plan_hashed(abs, rel);
        let keep = plan
            .as_ref()
            .filter(|p| !diags.has_errors() && !matches!(p.source, Some(SourceDoc::File { .. })));
        if let (Some(plan), Some(hash)) = (keep, hash) {
            let said: Vec<Said> = diags.listed().iter().map(Said::from).collect();
            if let Ok(bytes) = postcard::to_allocvec(&(plan, said)) {
                self.shelf.put(rel, hash, &bytes);
            }
        }
        (plan, diags)
    }

    /// The parse kept for `rel`, when its file's bytes are those it was made from.
    fn kept_parse(&self, rel: &str) -> Option<(Plan, Diagnostics)> {
        let hash = *self.hashes.get(rel)?;
        let bytes = self.shelf.take(rel, hash)?;
        let (plan, said): (Plan, Vec<Said>) = postcard::from_bytes(&bytes).ok()?;
        let diags = said.into_iter().map(Diagnostic::from).collect();
        Some((plan, Diagnostics::listing(diags)))
    }

    /// Puts this build's parses in place of the last build's; returns how many plan files
    /// were not parsed again.
    pub fn finish(self) -> usize {
        self.shelf.finish()
    }

    /// How many files were not parsed again, so far.
    pub fn taken(&self) -> usize {
        self.shelf.taken()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const PLAN: &str = "---\nnumber: \"90/KH-UBND\"\ntitle: \"Kế hoạch\u{200b} thử\"\nissuer: ubnd-tp\ndate: 2026-03-20\ntasks:\n  - id: \"1\"\n    title: \"Việc theo Kế hoạch số 12/KH-UBND\"\n    lead: \"Sở Không Có\"\n    deadline: \"Quý I/2026\"\n---\nNội dung.\n";

    /// Reads `rel` under `root` through the parses kept beside `out`, as a build does; returns
    /// what it read and how many files it did not parse again.
    fn read(root: &Path, out: &Path, rel: &str) -> ((Option<Plan>, Vec<Diagnostic>), usize) {
        let hash = xxhash_rust::xxh3::xxh3_128(&fs::read(root.join(rel)).unwrap());
        let hashes = FileHashes::from([(rel.to_string(), hash)]);
        let parsed = ParsedPlans::open(out, &hashes, true);
        let (plan, d) = parsed.read(&root.join(rel), rel);
        ((plan, d.into_sorted()), parsed.finish())
    }

    #[test]
    fn a_kept_parse_is_the_parse_and_is_taken_only_for_the_same_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path(), tmp.path().join("public"));
        let rel = "content/plans/a.md";
        fs::create_dir_all(root.join("content/plans")).unwrap();
        fs::write(root.join(rel), PLAN).unwrap();
        let fresh = crate::content::read_plan(&root.join(rel), rel);
        let fresh = (fresh.0, fresh.1.into_sorted());
        assert_eq!(fresh.1.len(), 1, "a character no one sees: {:?}", fresh.1);
        assert_eq!(
            read(root, &out, rel),
            (fresh.clone(), 0),
            "nothing kept yet"
        );
        assert_eq!(read(root, &out, rel), (fresh.clone(), 1), "kept");
        assert_eq!(read(root, &out, rel), (fresh.clone(), 1), "kept again");

        // Other bytes are parsed again.
        fs::write(root.join(rel), PLAN.replace("thử", "khác")).unwrap();
        let (other, reused) = read(root, &out, rel);
        assert_eq!(reused, 0);
        assert_eq!(other.0.unwrap().title, "Kế hoạch khác");
        fs::write(root.join(rel), PLAN).unwrap();
        assert_eq!(
            read(root, &out, rel).1,
            0,
            "the file kept is the last build's"
        );
        assert_eq!(read(root, &out, rel), (fresh.clone(), 1));

        // A damaged byte anywhere, or a file cut short, is never trusted.
        let kept = crate::output::beside(&out, "plans").unwrap();
        let whole = fs::read(&kept).unwrap();
        for at in [whole.len() / 2, whole.len() - 20, 3] {
            let mut bytes = whole.clone();
            bytes[at] ^= 0x20;
            fs::write(&kept, &bytes).unwrap();
            assert_eq!(
                read(root, &out, rel),
                (fresh.clone(), 0),
                "byte {at} damaged"
            );
        }
        fs::write(&kept, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(read(root, &out, rel), (fresh.clone(), 0), "cut short");
    }

    #[test]
    fn a_parse_with_an_error_or_a_file_of_its_own_is_not_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path(), tmp.path().join("public"));
        fs::create_dir_all(root.join("content/plans")).unwrap();
        let broken = "content/plans/b.md";
        fs::write(
            root.join(broken),
            PLAN.replace("deadline:", "khong_biet: 1\n    deadline:"),
        )
        .unwrap();
        let with_file = "content/plans/c.md";
        let source = PLAN.replace("date:", "source: \"van-ban/c.pdf\"\ndate:");
        fs::write(root.join(with_file), source).unwrap();
        fs::create_dir_all(root.join("content/van-ban")).unwrap();
        fs::write(root.join("content/van-ban/c.pdf"), "%PDF-1.4").unwrap();
        for rel in [broken, with_file] {
            let ((plan, d), _) = read(root, &out, rel);
            let errors = d.iter().any(|d| d.severity == crate::diag::Severity::Error);
            assert!(errors || plan.is_some_and(|p| p.source.is_some()), "{rel}");
            assert_eq!(read(root, &out, rel).1, 0, "{rel} was kept");
        }
    }
}
