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
//!
//! It records the site's folders the same way (their names end in `/`; the site's own folder
//! is `/`): a folder's change time moves whenever a name in it is added, removed or renamed,
//! so a file put into the site by hand is found by reading the folders that changed, not by
//! walking the whole site.

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

    /// Whether the folder is, on disk, still the one this entry recorded, holding the same
    /// names.
    pub fn matches_folder(&self, meta: &fs::Metadata) -> bool {
        meta.is_dir() && meta.ino() == self.ino && (meta.ctime(), meta.ctime_nsec()) == self.ctime
    }
}

/// The path under `dir` of a folder named as in a manifest (`a/b/`, or `/` for `dir`).
pub fn folder_path(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(name.trim_end_matches('/'))
}

/// The entries of the folders of `dir` that hold `files` (and of `dir` itself), as on disk
/// now; a folder that cannot be read is left out, and the manifest then knows less.
pub fn folders<'a>(dir: &Path, files: impl Iterator<Item = &'a str>) -> Vec<(String, Entry)> {
    use rayon::prelude::*;
    let mut names: Vec<String> = ancestors(files)
        .into_iter()
        .map(|n| format!("{n}/"))
        .collect();
    names.push("/".to_string());
    names
        .into_par_iter()
        .filter_map(|n| {
            let meta = fs::symlink_metadata(folder_path(dir, &n)).ok()?;
            Some((n, Entry::new(&meta, 0)))
        })
        .collect()
}

pub fn hash(data: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(data)
}

pub type Manifest = HashMap<String, Entry>;

const HEADER: &str = "kehoach-manifest 2";

/// What names a folder in its manifest.
pub fn folder_id(dir: &Path) -> io::Result<u64> {
    Ok(fs::symlink_metadata(dir)?.ino())
}

/// Reads the files of the manifest of the folder `dir`; a missing or damaged one, or one of
/// another folder, is empty (every file is then written, and the folder walked for files to
/// remove).
pub fn load(path: &Path, dir: &Path) -> Manifest {
    load_with_folders(path, dir).0
}

/// [`load`], with the folders (empty when the manifest recorded none).
pub fn load_with_folders(path: &Path, dir: &Path) -> (Manifest, Manifest) {
    let none = || (Manifest::new(), Manifest::new());
    let Ok(text) = fs::read_to_string(path) else {
        return none();
    };
    let mut lines = text.lines();
    let id = folder_id(dir).ok().map(|id| format!("{HEADER} {id}"));
    if lines.next() != id.as_deref() {
        return none();
    }
    let mut out = Manifest::new();
    let mut folders = Manifest::new();
    for line in lines {
        let mut f = line.splitn(6, '\t');
        let mut num = || f.next().and_then(|x| x.parse::<i64>().ok());
        let (Some(len), Some(ino), Some(secs), Some(nanos)) = (num(), num(), num(), num()) else {
            return none();
        };
        let (Some(hash), Some(rel)) = (
            f.next().and_then(|h| u128::from_str_radix(h, 16).ok()),
            f.next(),
        ) else {
            return none();
        };
        let entry = Entry {
            len: len as u64,
            ino: ino as u64,
            ctime: (secs, nanos),
            hash,
        };
        if rel.ends_with('/') {
            folders.insert(rel.to_string(), entry);
        } else {
            out.insert(rel.to_string(), entry);
        }
    }
    (out, folders)
}

/// Writes the manifest of the folder whose id is `folder`, through a temporary file: its
/// files, and its folders (see [`folders`]). Its lines are made a few thousand at a time in
/// parallel: 45,000 of them at 10,000 plans.
pub fn save(
    path: &Path,
    folder: u64,
    entries: &[(String, Entry)],
    folders: &[(String, Entry)],
) -> io::Result<()> {
    use io::Write;
    use rayon::prelude::*;
    let lines = |some: &[(String, Entry)]| {
        use std::fmt::Write;
        let mut text = String::with_capacity(some.len() * 100);
        for (rel, e) in some {
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{}\t{:032x}\t{rel}",
                e.len, e.ino, e.ctime.0, e.ctime.1, e.hash
            );
        }
        text
    };
    let texts: Vec<String> = (entries.par_chunks(4096))
        .chain(folders.par_chunks(4096))
        .map(lines)
        .collect();
    let tmp = path.with_extension("manifest-new");
    let mut out = io::BufWriter::with_capacity(1 << 16, fs::File::create(&tmp)?);
    writeln!(out, "{HEADER} {folder}")?;
    for text in &texts {
        out.write_all(text.as_bytes())?;
    }
    out.into_inner().map_err(io::IntoInnerError::into_error)?;
    fs::rename(&tmp, path)
}

/// The folders (`a`, `a/b`) that hold the files named, below the site's own.
fn ancestors<'a>(files: impl Iterator<Item = &'a str>) -> std::collections::HashSet<&'a str> {
    let mut names = std::collections::HashSet::new();
    for f in files {
        let mut at = f;
        while let Some(i) = at.rfind('/') {
            at = &at[..i];
            if !names.insert(at) {
                break;
            }
        }
    }
    names
}

/// Removes from `dir` what its manifest does not know: names added by hand (or left by a build
/// that was killed), and anything that is neither a file nor a folder. Only the folders whose
/// entries moved are read; with no folders recorded, the whole of `dir` is walked.
pub fn remove_unknown(dir: &Path, files: &Manifest, folders: &Manifest) -> io::Result<()> {
    let changed: Vec<std::path::PathBuf> = if folders.is_empty() {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir())
            .map(walkdir::DirEntry::into_path)
            .collect()
    } else {
        folders
            .iter()
            .filter(|(name, e)| {
                let path = folder_path(dir, name);
                !fs::symlink_metadata(path).is_ok_and(|m| e.matches_folder(&m))
            })
            .map(|(name, _)| folder_path(dir, name))
            .collect()
    };
    // With no folders recorded, a folder is known when it holds a known file.
    let known: std::collections::HashSet<String> = if folders.is_empty() {
        ancestors(files.keys().map(String::as_str))
            .into_iter()
            .map(|n| format!("{n}/"))
            .collect()
    } else {
        folders.keys().cloned().collect()
    };
    // Outermost first, and never through a link: a link put where a folder was is removed
    // with the folder that holds it before anything below it is read, so nothing outside `dir`
    // is ever listed, let alone removed.
    let mut changed = changed;
    changed.sort_by_key(|p| p.components().count());
    for folder in changed {
        if !fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for e in entries {
            let e = e?;
            let path = e.path();
            let Ok(rel) = path.strip_prefix(dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let kind = e.file_type()?;
            if kind.is_dir() {
                if !known.contains(&format!("{rel}/")) {
                    fs::remove_dir_all(&path)?;
                }
            } else if !(kind.is_file() && files.contains_key(&rel)) {
                fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_site_does_not_know_is_removed_and_nothing_is_read_through_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        for f in [
            "index.html",
            "a/index.html",
            "a/b/index.html",
            "c/index.html",
        ] {
            fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
            fs::write(dir.join(f), f).unwrap();
        }
        let files: Manifest = [
            "index.html",
            "a/index.html",
            "a/b/index.html",
            "c/index.html",
        ]
        .iter()
        .map(|f| {
            let e = Entry::new(&fs::metadata(dir.join(f)).unwrap(), hash(f.as_bytes()));
            (f.to_string(), e)
        })
        .collect();
        let folders: Manifest = folders(&dir, files.keys().map(String::as_str))
            .into_iter()
            .collect();
        assert_eq!(folders.len(), 4, "{folders:?}");
        // A folder elsewhere, with the names the site has, put in place of a folder; a file
        // and a folder added; a file put in place of a page.
        let outside = tmp.path().join("ngoai");
        fs::create_dir_all(outside.join("b")).unwrap();
        fs::write(outside.join("index.html"), "giữ").unwrap();
        fs::write(outside.join("b/khac.html"), "giữ").unwrap();
        fs::remove_dir_all(dir.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("a")).unwrap();
        fs::write(dir.join("c/them.html"), "x").unwrap();
        fs::create_dir_all(dir.join("moi/sau")).unwrap();
        fs::remove_file(dir.join("index.html")).unwrap();
        std::os::unix::fs::symlink(outside.join("index.html"), dir.join("index.html")).unwrap();
        remove_unknown(&dir, &files, &folders).unwrap();
        assert_eq!(
            fs::read_to_string(outside.join("index.html")).unwrap(),
            "giữ"
        );
        assert_eq!(
            fs::read_to_string(outside.join("b/khac.html")).unwrap(),
            "giữ"
        );
        let left: Vec<String> = walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(left, ["c", "c/index.html"]);
        // With no folders recorded, the whole site is walked.
        fs::write(dir.join("c/them.html"), "x").unwrap();
        fs::create_dir_all(dir.join("moi")).unwrap();
        remove_unknown(&dir, &files, &Manifest::new()).unwrap();
        assert!(!dir.join("c/them.html").exists() && !dir.join("moi").exists());
        assert!(dir.join("c/index.html").exists());
    }

    #[test]
    fn a_manifest_reads_back_and_trusts_only_the_file_it_saw() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.html");
        fs::write(&file, "một").unwrap();
        let e = Entry::new(&fs::metadata(&file).unwrap(), hash("một".as_bytes()));
        let path = dir.path().join("m.manifest");
        let id = folder_id(dir.path()).unwrap();
        save(&path, id, &[("x/a b.html".into(), e)], &[]).unwrap();
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
