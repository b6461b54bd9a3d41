//! The note a build leaves beside the site it put in place, and the check that the folder still
//! holds exactly what that build wrote. A build whose inputs are those the note names, over a
//! folder that passes the check, would write the same bytes again: it has nothing to do.
//!
//! The note names the folder by its inode, as the manifest does, and is removed before a site
//! is swapped in, so a note never speaks for a folder another build (or `serve`) changed. The
//! check trusts the manifest file by file (inode, size, change time): a page edited, added or
//! removed by hand since the build makes the folder count as changed.

use super::manifest;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const HEADER: &str = "kehoach-note 1";

fn path(target: &Path) -> io::Result<PathBuf> {
    beside(target, "note")
}

/// The file `.kehoach-<folder>.<ext>` beside the output folder `target`.
pub fn beside(target: &Path, ext: &str) -> io::Result<PathBuf> {
    let name = super::name_of(target)?;
    Ok(super::parent_of(target).join(format!(".kehoach-{name}.{ext}")))
}

/// What a build remembers of the site it made for a later build to make only what changed
/// (`pipeline::partial`), beside the note; a later build trusts it only with the note.
const RECALL: &str = "recall";

/// Removes the note of the site at `target`, and what its build remembered: that site is
/// about to change.
pub(super) fn forget(target: &Path) -> io::Result<()> {
    for file in [path(target)?, beside(target, RECALL)?] {
        match fs::remove_file(file) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Leaves what the build of the folder whose id is `folder`, now at `target`, remembers, as
/// `recall` writes it.
pub(super) fn save_recall(
    target: &Path,
    folder: u64,
    recall: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    use io::Write;
    let path = beside(target, RECALL)?;
    let tmp = path.with_extension("recall-new");
    let written = fs::File::create(&tmp).and_then(|mut file| {
        writeln!(file, "{HEADER} {folder}")?;
        recall(&mut file)
    });
    match written {
        Ok(()) => fs::rename(&tmp, path),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// What the build of the site at `target` remembered, when it was left for this folder. The
/// caller trusts it only beside a note ([`read`]) of a folder found intact ([`check_intact`]).
pub fn read_recall(target: &Path) -> Option<Vec<u8>> {
    let bytes = fs::read(beside(target, RECALL).ok()?).ok()?;
    let at = memchr::memchr(b'\n', &bytes)?;
    let folder = manifest::folder_id(target).ok()?;
    (bytes[..at] == *format!("{HEADER} {folder}").as_bytes()).then(|| bytes[at + 1..].to_vec())
}

/// Leaves `note` for the folder whose id is `folder`, now at `target`.
pub(super) fn save(target: &Path, folder: u64, note: &str) -> io::Result<()> {
    let path = path(target)?;
    let tmp = path.with_extension("note-new");
    fs::write(&tmp, format!("{HEADER} {folder}\n{note}"))?;
    fs::rename(&tmp, path)
}

/// Why a site has no note to trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untrusted {
    /// No build left a note for the folder in place (none finished since, or none kept one).
    NoNote,
    /// Something in the folder changed after its build wrote it.
    Changed,
}

/// The note the build of the site at `target` left, when the folder still holds exactly the
/// files that build wrote, each unchanged (what a build reads in two steps).
#[cfg(test)]
fn read_if_intact(target: &Path) -> Result<String, Untrusted> {
    let note = read(target)?;
    check_intact(target, Threads::All)?;
    Ok(note)
}

/// The note the build of the site at `target` left for this folder, without the check that
/// the folder is still as it was ([`check_intact`]): a build that has to make the site anyway
/// runs that check beside its reading of the plans.
pub fn read(target: &Path) -> Result<String, Untrusted> {
    let text = path(target)
        .and_then(fs::read_to_string)
        .map_err(|_| Untrusted::NoNote)?;
    let (head, note) = text.split_once('\n').ok_or(Untrusted::NoNote)?;
    let folder = manifest::folder_id(target).map_err(|_| Untrusted::NoNote)?;
    if head != format!("{HEADER} {folder}") {
        return Err(Untrusted::NoNote);
    }
    Ok(note.to_string())
}

/// The files of the site at `target`, when the folder still holds exactly those its manifest
/// lists, each unchanged.
pub fn check_intact(target: &Path, threads: Threads) -> Result<super::InPlace, Untrusted> {
    let (current, _) = super::manifests(target).map_err(|_| Untrusted::NoNote)?;
    let (files, folders) = manifest::load_with_folders(&current, target);
    if intact(target, &files, &folders, threads) {
        Ok(super::InPlace(files))
    } else {
        Err(Untrusted::Changed)
    }
}

/// Whether `dir` holds the files of `files` and nothing else, each as recorded: every file
/// and folder the manifest names is unchanged (a name added to or removed from a folder moves
/// the folder's change time).
fn intact(
    dir: &Path,
    files: &manifest::Manifest,
    folders: &manifest::Manifest,
    threads: Threads,
) -> bool {
    use rayon::prelude::*;
    let file = |(rel, e): (&String, &manifest::Entry)| {
        fs::symlink_metadata(dir.join(rel)).is_ok_and(|m| e.matches(&m))
    };
    let folder = |(name, e): (&String, &manifest::Entry)| {
        fs::symlink_metadata(manifest::folder_path(dir, name)).is_ok_and(|m| e.matches_folder(&m))
    };
    !files.is_empty()
        && !folders.is_empty()
        && match threads {
            Threads::All => files.par_iter().all(file) && folders.par_iter().all(folder),
            Threads::This => files.iter().all(file) && folders.iter().all(folder),
        }
}

/// Which threads a check takes: every worker (nothing else is running), or only the caller's
/// (it runs beside work that has the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    All,
    This,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Staging;

    fn publish(target: &Path, note: &str) {
        let s = Staging::new(target).unwrap();
        s.write("index.html", b"<p>trang</p>").unwrap();
        s.write("a/b.html", b"<p>b</p>").unwrap();
        s.commit(Some(note)).unwrap();
    }

    #[test]
    fn a_note_speaks_only_for_the_folder_as_its_build_left_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        assert_eq!(read_if_intact(&out), Err(Untrusted::NoNote));
        publish(&out, "một");
        assert_eq!(read_if_intact(&out).ok().as_deref(), Some("một"));
        // A page edited by hand (the same length; its change time moves).
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("a/b.html"), b"<p>c</p>").unwrap();
        assert_eq!(read_if_intact(&out), Err(Untrusted::Changed));
        publish(&out, "hai");
        assert_eq!(read_if_intact(&out).ok().as_deref(), Some("hai"));
        // A file added, even if removed again: its folder changed.
        fs::write(out.join("a/them.html"), b"x").unwrap();
        fs::remove_file(out.join("a/them.html")).unwrap();
        assert_eq!(read_if_intact(&out), Err(Untrusted::Changed));
        publish(&out, "hai");
        fs::create_dir(out.join("moi")).unwrap();
        assert_eq!(read_if_intact(&out), Err(Untrusted::Changed));
        publish(&out, "hai");
        assert_eq!(read_if_intact(&out).ok().as_deref(), Some("hai"));
        fs::remove_file(out.join("index.html")).unwrap();
        assert_eq!(read_if_intact(&out), Err(Untrusted::Changed));
        // A build that leaves no note removes the last one.
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"<p>trang</p>").unwrap();
        s.commit(None).unwrap();
        assert_eq!(read_if_intact(&out), Err(Untrusted::NoNote));
        // Another folder put where the site was.
        publish(&out, "ba");
        let moved = tmp.path().join("khac");
        fs::rename(&out, &moved).unwrap();
        fs::create_dir_all(out.join("a")).unwrap();
        for f in ["index.html", "a/b.html"] {
            fs::copy(moved.join(f), out.join(f)).unwrap();
        }
        assert_eq!(read_if_intact(&out), Err(Untrusted::NoNote));
    }
}
