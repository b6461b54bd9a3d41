//! Stage 5, write: the site is written into a staging folder beside the output folder and
//! swapped into place only when everything succeeded, so a failed or killed build leaves the
//! previous site exactly as it was.

use std::fs;
use std::io;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod manifest;
mod note;
use manifest::{Entry, Manifest};
pub use note::{beside, check_intact, read as read_note, read_recall, Threads, Untrusted};

const TMP: &str = ".kehoach-tmp-";
const OLD: &str = ".kehoach-old-";
/// The site before the one in place, kept to be rewritten by the next build (see
/// [`Staging::new`]).
const PREV: &str = ".kehoach-prev-";

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// When `dir` is an earlier site taken over to be rewritten in place: what it held.
    recycled: Option<Manifest>,
    /// Every file written (or found already written), for the next build's manifest.
    written: Mutex<Vec<(String, Entry)>>,
    /// What this build remembers for the next, saved with the note (see [`read_recall`]).
    recall: Option<Recall>,
}

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(target: &Path) -> io::Result<String> {
    target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "thư mục đầu ra không hợp lệ"))
}

fn sibling(target: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = name_of(target)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    Ok(parent_of(target).join(format!("{tag}{name}-{}-{nanos}", std::process::id())))
}

/// Where the site before the one in place is kept.
pub fn previous_site(target: &Path) -> io::Result<PathBuf> {
    Ok(parent_of(target).join(format!("{PREV}{}", name_of(target)?)))
}

/// The manifests of the site in place and of the one before it, beside them (never inside:
/// everything in the output folder is published).
fn manifests(target: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let name = name_of(target)?;
    let parent = parent_of(target);
    Ok((
        parent.join(format!(".kehoach-{name}.manifest")),
        parent.join(format!("{PREV}{name}.manifest")),
    ))
}

/// Removes staging and old folders left by builds that were killed, when their process is gone.
pub fn clean_leftovers(target: &Path) {
    let Ok(name) = name_of(target) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent_of(target)) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        for tag in [TMP, OLD] {
            if let Some(rest) = file.strip_prefix(&format!("{tag}{name}-")) {
                let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
                let alive = pid.is_some_and(|p| {
                    p != std::process::id() && Path::new(&format!("/proc/{p}")).exists()
                });
                if !alive {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
    }
}

impl Staging {
    /// A staging folder beside `target`. When the site before the one in place was kept, it is
    /// taken over (an atomic rename, so two builds never share it) and rewritten in place:
    /// files whose bytes did not change are not written at all, and no file is made anew.
    /// Deleting a whole site and making 40,000 new files, with the inode churn that follows,
    /// would be a third of a 10,000-plan rebuild, and its time varies twofold from run to run.
    pub fn new(target: &Path) -> io::Result<Staging> {
        clean_leftovers(target);
        let dir = sibling(target, TMP)?;
        let prev = previous_site(target)?;
        let is_dir = fs::symlink_metadata(&prev).is_ok_and(|m| m.is_dir());
        let recycled = if is_dir && fs::rename(&prev, &dir).is_ok() {
            let (files, folders) = manifest::load_with_folders(&manifests(target)?.1, &dir);
            // What was put into the kept site by hand would otherwise stay in the next one.
            // When that fails, every file is written and the folder walked at the end.
            let cleaned =
                files.is_empty() || manifest::remove_unknown(&dir, &files, &folders).is_ok();
            Some(if cleaned { files } else { Manifest::new() })
        } else {
            fs::create_dir_all(&dir)?;
            None
        };
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            recycled,
            written: Mutex::new(Vec::new()),
            recall: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes one file; `rel` is a `/`-separated path made by the site itself.
    pub fn write(&self, rel: &str, data: &[u8]) -> io::Result<()> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".."));
        let path = self.dir.join(rel);
        let hash = manifest::hash(data);
        let entry = match (&self.recycled, self.unchanged(rel, &path, hash)) {
            (_, Some(e)) => e,
            (Some(_), None) => rewrite(&path, data, hash)?,
            (None, None) => write_new(&path, data, hash)?,
        };
        self.written.lock().unwrap().push((rel.to_string(), entry));
        Ok(())
    }

    /// The entry of `rel` in the site being rewritten, when the file there already holds the
    /// bytes hashed to `hash`.
    fn unchanged(&self, rel: &str, path: &Path, hash: u128) -> Option<Entry> {
        let e = self
            .recycled
            .as_ref()?
            .get(rel)
            .filter(|e| e.hash == hash)?;
        let meta = fs::symlink_metadata(path).ok()?;
        e.matches(&meta).then_some(*e)
    }

    /// Writes one file that `make` writes piece by piece, never holding it whole: the largest
    /// data files (hundreds of MB at 100,000 plans) would be most of a build's peak memory. The
    /// bytes go to a file beside it, hashed on the way; it replaces the file unless the file
    /// already held them. Returns how many bytes were made.
    pub fn write_with(
        &self,
        rel: &str,
        make: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".."));
        let path = self.dir.join(rel);
        make_parent(&path)?;
        let part = self.dir.join(format!("{rel}{PART}"));
        // Buffered before the hash: serializers write a few bytes at a time.
        let mut out = io::BufWriter::with_capacity(
            1 << 20,
            Hashing {
                inner: fs::File::create(&part)?,
                hasher: xxhash_rust::xxh3::Xxh3::new(),
                len: 0,
            },
        );
        let made = make(&mut out).and_then(|()| out.flush());
        let out = match made.and_then(|()| out.into_inner().map_err(|e| e.into_error())) {
            Ok(out) => out,
            Err(e) => {
                let _ = fs::remove_file(&part);
                return Err(e);
            }
        };
        let (hash, len) = (out.hasher.digest128(), out.len);
        drop(out);
        let entry = match self.unchanged(rel, &path, hash) {
            Some(e) => {
                fs::remove_file(&part)?;
                e
            }
            None => {
                if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    fs::remove_dir_all(&path)?;
                }
                fs::rename(&part, &path)?;
                Entry::new(&fs::symlink_metadata(&path)?, hash)
            }
        };
        self.written.lock().unwrap().push((rel.to_string(), entry));
        Ok(len)
    }

    /// Puts the staged site in place of the target; the site it replaces is kept for the next
    /// build to rewrite. `note`, when given, is left beside the site for the next build (see
    /// [`read_note`], [`check_intact`]).
    pub fn commit(mut self, note: Option<&str>) -> io::Result<()> {
        // Whatever happens next, the note of the site in place no longer describes it.
        note::forget(&self.target)?;
        let mut written = std::mem::take(self.written.get_mut().unwrap());
        written.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Some(before) = &self.recycled {
            remove_unwritten(&self.dir, before, &written)?;
        }
        let (current, before) = manifests(&self.target)?;
        let root = manifest::folder_id(&self.dir)?;
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // The staging path now holds the previous site: kept, with its manifest.
                match previous_site(&self.target).and_then(|prev| fs::rename(&self.dir, prev)) {
                    Ok(()) => {
                        let _ = fs::rename(&current, &before);
                    }
                    Err(_) => remove_later(&self.dir),
                }
            } else {
                let old = sibling(&self.target, OLD)?;
                fs::rename(&self.target, &old)?;
                if let Err(e) = fs::rename(&self.dir, &self.target) {
                    let _ = fs::rename(&old, &self.target);
                    return Err(e);
                }
                let _ = fs::remove_dir_all(&old);
            }
        } else {
            if let Some(p) = self.target.parent() {
                fs::create_dir_all(p)?;
            }
            fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        // Only makes the next build faster; a build that cannot save it has still succeeded.
        // Its folders are taken as they are in place (moving the site changed its own). What
        // the build remembers is written meanwhile; the note, last, vouches for both.
        let target = &self.target;
        let recall = self.recall.as_ref().filter(|_| note.is_some());
        let (listed, recalled) = rayon::join(
            || {
                let folders = manifest::folders(target, written.iter().map(|(r, _)| r.as_str()));
                manifest::save(&current, root, &written, &folders)
            },
            || recall.map_or(Ok(()), |r| note::save_recall(target, root, &**r)),
        );
        if let (Some(note), Ok(()), Ok(())) = (note, listed, recalled) {
            let _ = note::save(target, root, note);
        }
        Ok(())
    }

    /// What this build remembers for the next, left beside the site with its note: written
    /// by `recall` when the site is in place.
    pub fn set_recall(&mut self, recall: Recall) {
        self.recall = Some(recall);
    }

    /// Puts into the staged site the files of the site in place (`current`, at the target)
    /// named by `rels`, as they are there: a build that makes only what changed keeps the rest.
    /// A file the site before last already holds alike is not touched. Returns their bytes, in
    /// all.
    pub fn carry(&self, rels: &[String], current: &InPlace) -> io::Result<u64> {
        use rayon::prelude::*;
        let current = &current.0;
        rels.par_iter()
            .map(|rel| {
                let e = current.get(rel).ok_or_else(|| {
                    io::Error::other(format!("{rel} không có trong trang đang đăng"))
                })?;
                let path = self.dir.join(rel);
                match self.unchanged(rel, &path, e.hash) {
                    Some(kept) => self.written.lock().unwrap().push((rel.clone(), kept)),
                    None => self.write(rel, &fs::read(self.target.join(rel))?)?,
                }
                Ok(e.len)
            })
            .sum()
    }
}

/// Writes what a build remembers for the next (see [`Staging::set_recall`]).
pub type Recall = Box<dyn Fn(&mut dyn Write) -> io::Result<()> + Send + Sync>;

/// Suffix of a file being made by [`Staging::write_with`]; never part of a finished site.
const PART: &str = ".kehoach-part";

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Makes the folder `path` goes in, removing a file that stands where a folder must be (an
/// earlier site may have had a file there).
fn make_parent(path: &Path) -> io::Result<()> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    match fs::create_dir_all(parent) {
        Ok(()) => Ok(()),
        Err(e) => {
            let blocker = parent
                .ancestors()
                .find(|a| fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()));
            match blocker {
                Some(b) => {
                    fs::remove_file(b)?;
                    fs::create_dir_all(parent)
                }
                None => Err(e),
            }
        }
    }
}

/// Makes the file at `path` (and its folder) holding `data`.
fn write_new(path: &Path, data: &[u8], hash: u128) -> io::Result<Entry> {
    make_parent(path)?;
    let mut f = fs::File::create(path)?;
    f.write_all(data)?;
    Ok(Entry::new(&f.metadata()?, hash))
}

/// Writes `data` over the file at `path` in an earlier site.
fn rewrite(path: &Path, data: &[u8], hash: u128) -> io::Result<Entry> {
    let mut f = match fs::OpenOptions::new().write(true).open(path) {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return write_new(path, data, hash);
        }
        // a folder of an earlier site where this file goes
        Err(_) if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) => {
            fs::remove_dir_all(path)?;
            return write_new(path, data, hash);
        }
        Err(e) => return Err(e),
    };
    // Over the old bytes, then cut: the file keeps its inode and its place on disk.
    f.write_all(data)?;
    f.set_len(data.len() as u64)?;
    Ok(Entry::new(&f.metadata()?, hash))
}

/// The HTML pages of the site published at `target` (none when there is none), `/`-separated
/// from it: what a new build is measured against before it replaces them.
pub fn published_pages(target: &Path) -> Vec<String> {
    walkdir::WalkDir::new(target)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(target).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// The files of a site in place, as its manifest lists them, the folder being checked to hold
/// exactly those ([`check_intact`]): for a build that keeps some of them ([`Staging::carry`]).
pub struct InPlace(Manifest);

impl InPlace {
    pub fn contains(&self, rel: &str) -> bool {
        self.0.contains_key(rel)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// Removes from a rewritten site the files this build did not write, and the folders left
/// empty. The manifest of the site lists its files; without one the folder is walked.
fn remove_unwritten(dir: &Path, before: &Manifest, written: &[(String, Entry)]) -> io::Result<()> {
    if !before.is_empty() {
        let now: std::collections::HashSet<&str> =
            written.iter().map(|(r, _)| r.as_str()).collect();
        for rel in before.keys().filter(|r| !now.contains(r.as_str())) {
            remove(dir, rel)?;
        }
        return Ok(());
    }
    let files: std::collections::HashSet<PathBuf> =
        written.iter().map(|(r, _)| dir.join(r)).collect();
    // Folders that hold a written file stay; trying to remove each of 40,000 would take seconds.
    let folders: std::collections::HashSet<&Path> =
        files.iter().flat_map(|f| f.ancestors().skip(1)).collect();
    for entry in walkdir::WalkDir::new(dir).contents_first(true).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            if !folders.contains(entry.path()) {
                fs::remove_dir(entry.path())?;
            }
        } else if !files.contains(entry.path()) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The hidden command that removes an old site in the background.
pub const REMOVE_COMMAND: &str = "__remove-old-output";

/// Removes the previous site without making the build wait for it (deleting tens of
/// thousands of files takes a fifth of a 10,000-plan build): a detached `kehoach` process does
/// it, and if it is killed the next build removes what is left. Run from another program (a
/// test harness using the library), it is removed here.
fn remove_later(dir: &Path) {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe()
        .ok()
        .filter(|e| e.file_name().is_some_and(|n| n == "kehoach"));
    let child = exe.and_then(|exe| {
        std::process::Command::new(exe)
            .arg(REMOVE_COMMAND)
            .arg(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .ok()
    });
    match child {
        // reaped by a thread, so that a long-running `serve` leaves no zombie
        Some(mut c) => {
            std::thread::spawn(move || c.wait());
        }
        None => {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// [`REMOVE_COMMAND`]: removes a folder this module made, and nothing else.
pub fn remove_old_output(dir: &Path) -> io::Result<()> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if !(name.starts_with(TMP) || name.starts_with(OLD)) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "chỉ xóa thư mục tạm do kehoach tạo",
        ));
    }
    fs::remove_dir_all(dir)
}

/// The files of a live output folder (for `serve`) as this process last wrote or found them,
/// so that a file a rebuild makes again with the same bytes is known by its hash and a stat,
/// not read back. Starts from the manifest of the build that made the folder.
pub struct LiveFiles {
    dir: PathBuf,
    known: std::sync::Mutex<Manifest>,
}

impl LiveFiles {
    /// The live folder `target`, with what its manifest says of it (nothing when the manifest
    /// is of another folder or missing: every file is then read back once).
    pub fn open(target: &Path) -> LiveFiles {
        let known = manifests(target)
            .map(|(current, _)| manifest::load(&current, target))
            .unwrap_or_default();
        LiveFiles {
            dir: target.to_path_buf(),
            known: std::sync::Mutex::new(known),
        }
    }

    /// [`update`] of the folder, skipping the read when the file is on disk as recorded with
    /// these bytes' hash (an entry counts only while the file keeps its inode, size and change
    /// time, see `manifest`).
    pub fn update(&self, rel: &str, data: &[u8]) -> io::Result<bool> {
        let path = self.dir.join(rel);
        let hash = manifest::hash(data);
        let known = self.known.lock().unwrap().get(rel).copied();
        let on_disk = known.filter(|e| fs::symlink_metadata(&path).is_ok_and(|m| e.matches(&m)));
        let changed = match on_disk {
            Some(e) if e.hash == hash => return Ok(false),
            // Known to hold other bytes: replaced without reading it.
            Some(_) => {
                replace(&path, data)?;
                true
            }
            None => update(&self.dir, rel, data)?,
        };
        if let Ok(meta) = fs::symlink_metadata(&path) {
            let e = Entry::new(&meta, hash);
            self.known.lock().unwrap().insert(rel.to_string(), e);
        }
        Ok(changed)
    }

    /// [`remove`] of the folder.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        self.known.lock().unwrap().remove(rel);
        remove(&self.dir, rel)
    }
}

/// Updates one file of a live output folder in place (for `serve`): written beside the target
/// and renamed over it, so a browser never reads half a page. Returns false when the file
/// already held these bytes and was left alone.
fn update(dir: &Path, rel: &str, data: &[u8]) -> io::Result<bool> {
    debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".."));
    let path = dir.join(rel);
    if let Ok(old) = fs::read(&path) {
        if old == data {
            return Ok(false);
        }
    }
    replace(&path, data)?;
    Ok(true)
}

/// Writes `data` beside `path` and renames it over `path`.
fn replace(path: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!("{TMP}{name}"));
    fs::write(&tmp, data)?;
    fs::rename(&tmp, path)
}

/// Removes one file of a live output folder, and the folders it leaves empty.
fn remove(dir: &Path, rel: &str) -> io::Result<()> {
    let path = dir.join(rel);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut p = path.parent();
    while let Some(d) = p {
        if d == dir || fs::remove_dir(d).is_err() {
            break;
        }
        p = d.parent();
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // A failed build: an earlier site taken over is kept for the next build (it is only
        // ever read to skip writes, so what this build left in it does no harm).
        if let Some(mut all) = self.recycled.take() {
            // What the folder holds now: what it held and what this build wrote into it (when
            // what it held was known).
            if !all.is_empty() {
                all.extend(std::mem::take(self.written.get_mut().unwrap()));
                let all: Vec<(String, Entry)> = all.into_iter().collect();
                let folders = manifest::folders(&self.dir, all.iter().map(|(r, _)| r.as_str()));
                let _ = manifest::folder_id(&self.dir)
                    .and_then(|id| manifest::save(&manifests(&self.target)?.1, id, &all, &folders));
            }
            let back = previous_site(&self.target).and_then(|prev| fs::rename(&self.dir, prev));
            if back.is_ok() {
                return;
            }
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE), so there is no moment without
/// a site in place.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; the call only reads them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn live_files_leave_what_they_wrote_and_rewrite_what_changed_behind_them() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a/index.html");
        let ino = || fs::metadata(&file).unwrap().ino();
        let live = LiveFiles::open(&dir);
        assert!(live.update("a/index.html", b"one").unwrap());
        let first = ino();
        // The same bytes again: known by their hash, the file is left as it is.
        assert!(!live.update("a/index.html", b"one").unwrap());
        assert_eq!(ino(), first);
        // Changed in place behind the session's back, to bytes of the same size: the entry no
        // longer matches the file, which is read, found different and written again. (File
        // times are coarse: the edit waits so that its change time differs.)
        std::thread::sleep(std::time::Duration::from_millis(50));
        fs::write(&file, b"two").unwrap();
        assert!(live.update("a/index.html", b"one").unwrap());
        assert_eq!(fs::read(&file).unwrap(), b"one");
        // Removed behind its back: written again.
        fs::remove_file(&file).unwrap();
        assert!(live.update("a/index.html", b"one").unwrap());
        assert!(live.update("a/index.html", b"three").unwrap());
        assert_eq!(fs::read(&file).unwrap(), b"three");
        live.remove("a/index.html").unwrap();
        assert!(!dir.join("a").exists());
        assert!(live.update("a/index.html", b"three").unwrap());
    }
}
