//! Stage 5, write: the site is written into a staging folder beside the output folder and
//! swapped into place only when everything succeeded, so a failed or killed build leaves the
//! previous site exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const TMP: &str = ".kehoach-tmp-";
const OLD: &str = ".kehoach-old-";

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, tag: &str) -> io::Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "thư mục đầu ra không hợp lệ"))?
        .to_string_lossy();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    Ok(parent.join(format!("{tag}{name}-{}-{nanos}", std::process::id())))
}

/// Removes staging and old folders left by builds that were killed, when their process is gone.
pub fn clean_leftovers(target: &Path) {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
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
    pub fn new(target: &Path) -> io::Result<Staging> {
        clean_leftovers(target);
        let dir = sibling(target, TMP)?;
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes one file; `rel` is a `/`-separated path made by the site itself.
    pub fn write(&self, rel: &str, data: &[u8]) -> io::Result<()> {
        debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".."));
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, data)
    }

    /// Puts the staged site in place of the target.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // the staging path now holds the previous site
                remove_later(&self.dir);
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
        Ok(())
    }
}

/// The hidden command that removes an old site in the background.
pub const REMOVE_COMMAND: &str = "__remove-old-output";

/// Removes the previous site without making the build wait for it (deleting tens of
/// thousands of files took a fifth of a 10,000-plan build): a detached `kehoach` process does
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

/// Updates one file of a live output folder in place (for `serve`): written beside the target
/// and renamed over it, so a browser never reads half a page. Returns false when the file
/// already held these bytes and was left alone.
pub fn update(dir: &Path, rel: &str, data: &[u8]) -> io::Result<bool> {
    debug_assert!(!rel.starts_with('/') && !rel.split('/').any(|c| c == ".."));
    let path = dir.join(rel);
    if let Ok(old) = fs::read(&path) {
        if old == data {
            return Ok(false);
        }
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!("{TMP}{name}"));
    fs::write(&tmp, data)?;
    fs::rename(&tmp, &path)?;
    Ok(true)
}

/// Removes one file of a live output folder, and the folders it leaves empty.
pub fn remove(dir: &Path, rel: &str) -> io::Result<()> {
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
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
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
