//! Everything a build depends on, as one hash: the kehoach program, the options, the date it
//! builds for, and the bytes of every file it may read (site.yaml, content/, themes/). Builds
//! are deterministic, so two builds with the same hash make the same site: a build that finds
//! the site in place made from this hash, and untouched since, has nothing to do (see
//! [`crate::output::read_note`] and [`crate::output::check_intact`]).
//!
//! Files are hashed by their bytes, not their times: a fresh checkout or a copy of unchanged
//! content is still unchanged. Whatever cannot be read makes no hash, and the build runs (and
//! says what it could not read).

use super::BuildOptions;
use rayon::prelude::*;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// The folders and files under the site's root that a build reads.
const READ: [&str; 3] = [crate::content::SITE, "content", "themes"];

/// What a build with some options would read, hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Everything, as hex.
    pub all: String,
    /// Everything but the plan files (content/plans/), as hex: while it holds, a build after
    /// an edit of plans can make only what the edit touches (see `partial`).
    pub frame: String,
}

/// Files' hashes (xxh3, 128 bits, of their bytes), by their names from the site's root.
pub type FileHashes = std::collections::HashMap<String, u128>;

/// The plan files, which a build can follow one by one (`deps`); everything else counts for the
/// whole site.
const PLANS: &str = "content/plans/";

/// The hash of what a build with `opts` would read, and each plan file's hash by its name
/// from the root (the key of its parse, see `parsed`); `None` when something could not be
/// read.
pub fn fingerprint(opts: &BuildOptions) -> Option<(Inputs, FileHashes)> {
    let (mut h, mut frame) = (Xxh3::new(), Xxh3::new());
    let mut put = |bytes: &[u8], plans: bool| {
        for h in [Some(&mut h), (!plans).then_some(&mut frame)]
            .into_iter()
            .flatten()
        {
            h.write_u64(bytes.len() as u64);
            h.write(bytes);
        }
    };
    put(b"kehoach-inputs 1", false);
    put(env!("CARGO_PKG_VERSION").as_bytes(), false);
    put(program()?.as_bytes(), false);
    // Without --as-of (and without as_of in site.yaml, which is hashed with it), the date is
    // today's: tomorrow the same content shows other states.
    let date = opts
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    put(date.to_string().as_bytes(), false);
    put(
        opts.base_url.as_deref().unwrap_or("\u{0}").as_bytes(),
        false,
    );
    put(&[u8::from(opts.strict), u8::from(opts.allow_shrink)], false);
    let files = listing(&opts.root)?;
    let hashes: Vec<Option<u128>> = files
        .par_iter()
        .map(|(_, abs)| match abs {
            Some(abs) => hash_file(abs).ok(),
            None => Some(0),
        })
        .collect();
    let mut plan_files = FileHashes::new();
    for ((rel, abs), hash) in files.iter().zip(hashes) {
        let (plans, hash) = (rel.starts_with(PLANS), hash?);
        put(rel.as_bytes(), plans);
        put(&hash.to_le_bytes(), plans);
        if let (true, Some(abs)) = (plans, abs) {
            plan_files.insert(crate::content::rel_path(&opts.root, abs), hash);
        }
    }
    let inputs = Inputs {
        all: format!("{:032x}", h.digest128()),
        frame: format!("{:032x}", frame.digest128()),
    };
    Some((inputs, plan_files))
}

/// The hash of a file's bytes, read a piece at a time: a large file dropped into content/ by
/// mistake (a video, a scan) must not be held whole.
fn hash_file(path: &Path) -> std::io::Result<u128> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Xxh3::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Ok(h.digest128()),
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// What names this kehoach program: its file's size, time and inode (a program built again
/// is another file).
pub(super) fn program() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    Some(format!(
        "{} {} {} {}",
        meta.len(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ino()
    ))
}

/// Every entry under the read paths of `root`, in a fixed order, as (what names it, the file
/// to hash): folders are named with a trailing `/` and have no file; a link is named with
/// where it leads and hashed by what it leads to.
fn listing(root: &Path) -> Option<Vec<(String, Option<PathBuf>)>> {
    let mut out = Vec::new();
    for top in READ {
        let path = root.join(top);
        if std::fs::symlink_metadata(&path).is_err() {
            out.push((format!("{top} (không có)"), None));
            continue;
        }
        let walk = walkdir::WalkDir::new(&path)
            .follow_links(true)
            .sort_by_file_name();
        for e in walk {
            let e = e.ok()?;
            let rel = e.path().strip_prefix(root).ok()?.to_string_lossy();
            let mut name = rel.into_owned();
            if e.path_is_symlink() {
                let to = std::fs::read_link(e.path()).ok()?;
                name = format!("{name} -> {}", to.display());
            }
            if e.file_type().is_dir() {
                out.push((format!("{name}/"), None));
            } else {
                out.push((name, Some(e.into_path())));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_fingerprint_moves_with_every_input_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        fs::create_dir_all(root.join("content/plans")).unwrap();
        fs::write(root.join("content/plans/a.md"), "một").unwrap();
        let opts = BuildOptions {
            root: root.to_path_buf(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 5, 1),
            ..BuildOptions::default()
        };
        let first = fingerprint(&opts).unwrap().0;
        // The same bytes written again, and a folder elsewhere under the root.
        fs::write(root.join("content/plans/a.md"), "một").unwrap();
        fs::create_dir_all(root.join("public")).unwrap();
        fs::write(root.join("public/index.html"), "x").unwrap();
        assert_eq!(fingerprint(&opts).unwrap().0, first);
        let mut seen = vec![first.all.clone()];
        let mut frame = first.frame.clone();
        // Plan files move the hash of everything, and only that; the rest moves both.
        let mut differs = |what: &str, fp: Inputs| {
            assert!(
                !seen.contains(&fp.all),
                "{what}: the fingerprint did not move"
            );
            seen.push(fp.all);
            let plans = what.starts_with("plans: ");
            assert_eq!(fp.frame == frame, plans, "{what}: the frame");
            frame = fp.frame;
        };
        fs::write(root.join("content/plans/a.md"), "hai").unwrap();
        differs("plans: a file's bytes", fingerprint(&opts).unwrap().0);
        fs::write(root.join("content/plans/b.md"), "").unwrap();
        differs("plans: an empty file added", fingerprint(&opts).unwrap().0);
        // A file read in pieces: its last byte counts.
        let mut big = vec![b'x'; 200_000];
        fs::write(root.join("content/plans/b.md"), &big).unwrap();
        differs("plans: a large file", fingerprint(&opts).unwrap().0);
        big[199_999] = b'y';
        fs::write(root.join("content/plans/b.md"), &big).unwrap();
        differs(
            "plans: the last byte of a large file",
            fingerprint(&opts).unwrap().0,
        );
        fs::create_dir_all(root.join("content/plans/c")).unwrap();
        differs(
            "plans: an empty folder added",
            fingerprint(&opts).unwrap().0,
        );
        fs::create_dir_all(root.join("themes/x/templates")).unwrap();
        differs("a theme folder", fingerprint(&opts).unwrap().0);
        fs::write(root.join("site.yaml"), "title: y\n").unwrap();
        differs("site.yaml", fingerprint(&opts).unwrap().0);
        let mut o = opts.clone();
        o.as_of = chrono::NaiveDate::from_ymd_opt(2026, 5, 2);
        differs("the date", fingerprint(&o).unwrap().0);
        o.base_url = Some("https://a/".into());
        differs("the base URL", fingerprint(&o).unwrap().0);
        o.strict = true;
        differs("--strict", fingerprint(&o).unwrap().0);
        std::os::unix::fs::symlink("a.md", root.join("content/plans/d.md")).unwrap();
        differs("plans: a link", fingerprint(&o).unwrap().0);
        fs::write(root.join("content/departments.yaml"), "").unwrap();
        differs(
            "a file of content/ beside the plans",
            fingerprint(&o).unwrap().0,
        );
        // A file that cannot be read makes no fingerprint.
        std::os::unix::fs::symlink("khong-co.md", root.join("content/plans/e.md")).unwrap();
        assert!(fingerprint(&opts).is_none());
    }
}
