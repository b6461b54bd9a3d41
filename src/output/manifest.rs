//! What a built site holds, file by file: size, identity on disk and a hash of the bytes. The
//! next build rewrites the site before last in place and skips the files whose bytes it would
//! write again, without reading them (on a machine whose page cache does not hold a 2 GB site,
//! reading it back costs as much as writing it).
//!
//! A manifest names the folder it describes by the folder's inode (kept through renames), and
//! one that names another folder is not read: it is what lists the files a rewrite removes.
//! Its entries are trusted file by file: an entry counts when the file on disk still has the
//! inode, size and change time it recorded. The change time cannot be set by hand and moves
//! with every write, so a file edited since is written again, never skipped.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// One file as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub len: u64,
    pub ino: u64,
    pub ctime: (i64, i64),
    pub hash: u128,
}

impl Entry {
    pub fn new(meta: &fs::Metadata, hash: u128) -> Entry {
        Entry {
            len: meta.len(),
            ino: meta.ino(),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            hash,
        }
    }

    /// Whether the file is, on disk, still the one this entry recorded.
    pub fn matches(&self, meta: &fs::Metadata) -> bool {
        meta.is_file()
            && meta.len() == self.len
            && meta.ino() == self.ino
            && (meta.ctime(), meta.ctime_nsec()) == self.ctime
    }
}

pub fn hash(data: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(data)
}

pub type Manifest = HashMap<String, Entry>;

const HEADER: &str = "kehoach-manifest 1";

/// What names a folder in its manifest.
pub fn folder_id(dir: &Path) -> io::Result<u64> {
    Ok(fs::symlink_metadata(dir)?.ino())
}

/// Reads the manifest of the folder `dir`; a missing or damaged one, or one of another folder,
/// is empty (every file is then written, and the folder walked for files to remove).
pub fn load(path: &Path, dir: &Path) -> Manifest {
    let Ok(text) = fs::read_to_string(path) else {
        return Manifest::new();
    };
    let mut lines = text.lines();
    let id = folder_id(dir).ok().map(|id| format!("{HEADER} {id}"));
    if lines.next() != id.as_deref() {
        return Manifest::new();
    }
    let mut out = Manifest::new();
    for line in lines {
        let mut f = line.splitn(6, '\t');
        let mut num = || f.next().and_then(|x| x.parse::<i64>().ok());
        let (Some(len), Some(ino), Some(secs), Some(nanos)) = (num(), num(), num(), num()) else {
            return Manifest::new();
        };
        let (Some(hash), Some(rel)) = (
            f.next().and_then(|h| u128::from_str_radix(h, 16).ok()),
            f.next(),
        ) else {
            return Manifest::new();
        };
        let entry = Entry {
            len: len as u64,
            ino: ino as u64,
            ctime: (secs, nanos),
            hash,
        };
        out.insert(rel.to_string(), entry);
    }
    out
}

/// Writes the manifest of the folder whose id is `folder`, through a temporary file.
pub fn save(path: &Path, folder: u64, entries: &[(String, Entry)]) -> io::Result<()> {
    use std::fmt::Write;
    let mut text = String::with_capacity(entries.len() * 100);
    let _ = writeln!(text, "{HEADER} {folder}");
    for (rel, e) in entries {
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}\t{:032x}\t{rel}",
            e.len, e.ino, e.ctime.0, e.ctime.1, e.hash
        );
    }
    let tmp = path.with_extension("manifest-new");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_trusts_only_the_file_it_saw() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.html");
        fs::write(&file, "một").unwrap();
        let e = Entry::new(&fs::metadata(&file).unwrap(), hash("một".as_bytes()));
        let path = dir.path().join("m.manifest");
        let id = folder_id(dir.path()).unwrap();
        save(&path, id, &[("x/a b.html".into(), e)]).unwrap();
        assert_eq!(load(&path, dir.path()).get("x/a b.html"), Some(&e));
        // the manifest of another folder is not read
        let other = tempfile::tempdir().unwrap();
        assert!(load(&path, other.path()).is_empty());
        assert!(e.matches(&fs::metadata(&file).unwrap()));
        // rewritten with bytes of the same length: the change time moves
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&file, "hai").unwrap();
        assert!(!e.matches(&fs::metadata(&file).unwrap()));
        fs::write(&path, format!("{HEADER} {id}\ngarbage")).unwrap();
        assert!(load(&path, dir.path()).is_empty());
    }
}
