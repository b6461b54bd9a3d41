//! What a build keeps beside the site for the next to take instead of making it again: pieces
//! of bytes, each under a name and a key (the hash of what it was made from). A piece is taken
//! only under the same name and key, whole and unaltered; the file is rewritten by each build
//! with what that build used, under another name first, so a build that stops halfway leaves
//! the last whole one.
//!
//! The file, `.kehoach-<folder>.<kind>` beside the output folder:
//! - a header line naming the kind, the format and the program (another may make otherwise);
//! - the pieces, one after another;
//! - the index: each piece's name, key, place and hash (postcard);
//! - where the index starts (8 bytes, little-endian).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where a piece is in the file, and what it was made from.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    key: u128,
    at: u64,
    len: u32,
    /// The hash of the piece: a file damaged on disk is not trusted.
    check: u64,
}

pub struct Shelf {
    kept: Option<Kept>,
    new: Option<Mutex<New>>,
    /// How many pieces were taken.
    taken: AtomicUsize,
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

impl Shelf {
    /// The shelf of `kind` beside `output`; with `reuse` false nothing is taken from it, but
    /// what this build puts is kept for the next.
    pub fn open(output: &Path, kind: &str, reuse: bool) -> Shelf {
        let path = crate::output::beside(output, kind).ok();
        let header = header(kind);
        let kept = (path.as_deref())
            .filter(|_| reuse)
            .and_then(|p| read_kept(p, &header));
        let new = path.and_then(|path| {
            let tmp = path.with_extension(format!("{kind}-new"));
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
        Shelf {
            kept,
            new,
            taken: AtomicUsize::new(0),
        }
    }

    /// The piece kept under `name` when it was made from `key`; it is kept again for the next
    /// build, and counted as taken.
    pub fn take(&self, name: &str, key: u128) -> Option<Vec<u8>> {
        let kept = self.kept.as_ref()?;
        let entry = kept.index.get(name).filter(|e| e.key == key)?;
        let mut bytes = vec![0; entry.len as usize];
        kept.file.read_exact_at(&mut bytes, entry.at).ok()?;
        if xxhash_rust::xxh3::xxh3_64(&bytes) != entry.check {
            return None;
        }
        self.put(name, key, &bytes);
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(bytes)
    }

    /// Keeps `bytes` under `name`, made from `key`, for the next build.
    pub fn put(&self, name: &str, key: u128, bytes: &[u8]) {
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
            key,
            at: new.at,
            len,
            check: xxhash_rust::xxh3::xxh3_64(bytes),
        };
        new.at += u64::from(len);
        new.index.push((name.to_string(), entry));
    }

    /// How many pieces were taken so far.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    /// Puts what this build put in place of the last build's file; returns how many pieces
    /// were taken.
    pub fn finish(self) -> usize {
        let taken = self.taken.into_inner();
        let Some(New {
            mut out,
            at,
            index,
            tmp,
            path,
            failed,
        }) = self.new.and_then(|m| m.into_inner().ok())
        else {
            return taken;
        };
        let written = !failed
            && postcard::to_allocvec(&index).is_ok_and(|bytes| {
                out.write_all(&bytes).is_ok()
                    && out.write_all(&at.to_le_bytes()).is_ok()
                    && out.flush().is_ok()
            });
        if written {
            let _ = std::fs::rename(&tmp, &path);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
        taken
    }
}

/// The first line of a shelf of `kind`: its format, and the program that made it.
fn header(kind: &str) -> String {
    let program = super::inputs::program().unwrap_or_default();
    format!("kehoach-{kind} 1 {} {program}\n", env!("CARGO_PKG_VERSION"))
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
    // A piece must lie between the header and the index.
    let whole = |e: &Entry| e.at >= header.len() as u64 && e.at + u64::from(e.len) <= at;
    index.iter().all(|(_, e)| whole(e)).then(|| Kept {
        file,
        index: index.into_iter().collect(),
    })
}

/// The search index's stretches are kept under their first item.
impl crate::export::search::Stretches for Shelf {
    fn take(&self, first: usize, digest: u128) -> Option<Vec<u8>> {
        Shelf::take(self, &first.to_string(), digest)
    }
    fn put(&self, first: usize, digest: u128, made: &[u8]) {
        Shelf::put(self, &first.to_string(), digest, made);
    }
}
