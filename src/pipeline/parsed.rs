//! The plans an earlier build parsed, kept beside the site under the hash of their files'
//! bytes: a build parses again only the plan files whose bytes changed. Parsing (the YAML,
//! NFC, the citations in running text) is most of reading a site; decoding a kept parse is a
//! small part of it.
//!
//! A parse depends on the file's bytes and its name only, and on the program that made it;
//! the file is `.kehoach-<folder>.plans` beside the output folder:
//! - a header line naming the format and the program;
//! - each plan's parse and the diagnostics it made (postcard), one after another;
//! - the index: each file's name, hash, and where its parse is (postcard);
//! - where the index starts (8 bytes, little-endian).
//!
//! What is not kept: a parse with an error (the build stops there anyway), and a plan that
//! publishes its official file (`source:` a file), whose parse holds that other file's bytes.
//! Anything unreadable, or written by another program, is parsed again; the file is
//! rewritten by each build, under another name first, so a build that stops halfway leaves
//! the last whole one.

use super::inputs::FileHashes;
use crate::content::{self, Plan, SourceDoc};
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const FORMAT: &str = "kehoach-plans 1";

/// Where a plan's parse is in the file, and what it was made from.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    /// The hash of the plan file's bytes.
    file: u128,
    at: u64,
    len: u32,
    /// The hash of the parse's bytes: a file damaged on disk is parsed again, not trusted.
    check: u64,
}

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
    kept: Option<Kept>,
    new: Option<Mutex<New>>,
    reused: AtomicUsize,
}

/// The file the last build left.
struct Kept {
    file: File,
    index: HashMap<String, Entry>,
}

/// The file this build writes.
struct New {
    out: BufWriter<File>,
    at: u64,
    index: Vec<(String, Entry)>,
    tmp: PathBuf,
    path: PathBuf,
    failed: bool,
}

impl<'a> ParsedPlans<'a> {
    /// The parses kept beside `output`, for plan files with `hashes`; with `reuse` false, none
    /// is taken (every file is parsed), but this build's are still kept for the next.
    pub fn open(output: &Path, hashes: &'a FileHashes, reuse: bool) -> Self {
        let path = crate::output::beside(output, "plans").ok();
        let header = header();
        let kept = (path.as_deref())
            .filter(|_| reuse)
            .and_then(|p| read_kept(p, &header));
        let new = path.and_then(|path| {
            let tmp = path.with_extension("plans-new");
            let mut out = BufWriter::with_capacity(1 << 16, File::create(&tmp).ok()?);
            out.write_all(header.as_bytes()).ok()?;
            Some(Mutex::new(New {
                out,
                at: header.len() as u64,
                index: Vec::new(),
                tmp,
                path,
                failed: false,
            }))
        });
        ParsedPlans {
            hashes,
            kept,
            new,
            reused: AtomicUsize::new(0),
        }
    }

    /// The plan file `abs`, named `rel`: the parse kept for its bytes, or a new one.
    pub fn read(&self, abs: &Path, rel: &str) -> (Option<Plan>, Diagnostics) {
        if let Some((plan, diags)) = self.kept_parse(rel) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return (Some(plan), diags);
        }
        let (plan, diags, hash) = content::read_plan_hashed(abs, rel);
        let keep = plan
            .as_ref()
            .filter(|p| !diags.has_errors() && !matches!(p.source, Some(SourceDoc::File { .. })));
        if let (Some(plan), Some(hash)) = (keep, hash) {
            let said: Vec<Said> = diags.listed().iter().map(Said::from).collect();
            if let Ok(bytes) = postcard::to_allocvec(&(plan, said)) {
                self.put(rel, hash, &bytes);
            }
        }
        (plan, diags)
    }

    /// The parse kept for `rel`, when its file's bytes are those it was made from.
    fn kept_parse(&self, rel: &str) -> Option<(Plan, Diagnostics)> {
        let kept = self.kept.as_ref()?;
        let entry = kept.index.get(rel)?;
        if self.hashes.get(rel) != Some(&entry.file) {
            return None;
        }
        let mut bytes = vec![0; entry.len as usize];
        kept.file.read_exact_at(&mut bytes, entry.at).ok()?;
        if xxhash_rust::xxh3::xxh3_64(&bytes) != entry.check {
            return None;
        }
        let (plan, said): (Plan, Vec<Said>) = postcard::from_bytes(&bytes).ok()?;
        self.put(rel, entry.file, &bytes);
        let diags = said.into_iter().map(Diagnostic::from).collect();
        Some((plan, Diagnostics::listing(diags)))
    }

    /// Keeps the parse `bytes` of the file `rel` whose bytes hash to `file`.
    fn put(&self, rel: &str, file: u128, bytes: &[u8]) {
        let Some(new) = &self.new else { return };
        let Ok(mut new) = new.lock() else { return };
        let Ok(len) = u32::try_from(bytes.len()) else {
            return;
        };
        if new.failed || new.out.write_all(bytes).is_err() {
            new.failed = true;
            return;
        }
        let entry = Entry {
            file,
            at: new.at,
            len,
            check: xxhash_rust::xxh3::xxh3_64(bytes),
        };
        new.at += u64::from(len);
        new.index.push((rel.to_string(), entry));
    }

    /// Puts this build's parses in place of the last build's; returns how many plan files
    /// were not parsed again.
    pub fn finish(self) -> usize {
        let reused = self.reused.into_inner();
        let Some(new) = self.new.and_then(|m| m.into_inner().ok()) else {
            return reused;
        };
        let New {
            mut out,
            at,
            index,
            tmp,
            path,
            failed,
        } = new;
        let written = (!failed)
            .then(|| postcard::to_allocvec(&index).ok())
            .flatten()
            .ok_or_else(|| io::Error::other("not written"))
            .and_then(|bytes| {
                out.write_all(&bytes)?;
                out.write_all(&at.to_le_bytes())?;
                out.flush()
            });
        match written {
            Ok(()) => {
                let _ = std::fs::rename(&tmp, &path);
            }
            Err(_) => {
                let _ = std::fs::remove_file(&tmp);
            }
        }
        reused
    }
}

/// The first line of the file: its format, and the program that parsed (another version may
/// parse otherwise).
fn header() -> String {
    let program = super::inputs::program().unwrap_or_default();
    format!("{FORMAT} {} {program}\n", env!("CARGO_PKG_VERSION"))
}

/// The index of the file at `path`, when this program wrote it whole.
fn read_kept(path: &Path, header: &str) -> Option<Kept> {
    let file = File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut head = vec![0; header.len()];
    file.read_exact_at(&mut head, 0).ok()?;
    if head != header.as_bytes() || size < header.len() as u64 + 8 {
        return None;
    }
    let mut at = [0; 8];
    file.read_exact_at(&mut at, size - 8).ok()?;
    let at = u64::from_le_bytes(at);
    let len = usize::try_from(size.checked_sub(8)?.checked_sub(at)?).ok()?;
    let mut bytes = vec![0; len];
    file.read_exact_at(&mut bytes, at).ok()?;
    let index: Vec<(String, Entry)> = postcard::from_bytes(&bytes).ok()?;
    // An entry must lie between the header and the index.
    let whole = |e: &Entry| e.at >= header.len() as u64 && e.at + u64::from(e.len) <= at;
    index.iter().all(|(_, e)| whole(e)).then(|| Kept {
        file,
        index: index.into_iter().collect(),
    })
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
