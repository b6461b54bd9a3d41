//! The pieces of the whole-site task files (see `export::pieces`) that a build takes from the
//! site in place: those of the plans whose page it carries over. A plan's page shows every
//! fact its pieces hold (its tasks, their bodies, deadlines, states and links), so what the
//! partial build tells unchanged for the page is unchanged for the pieces; the rest is made.

use crate::export::pieces::{Pieces, Places};
use rustc_hash::FxHashMap as HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// What the last build noted, and which of its pieces this build may take.
#[derive(Default)]
pub(super) struct Before {
    /// Where the last build put each plan's piece, by file, in its order of plans.
    pub places: HashMap<String, Places>,
    /// For each plan of this build, its place in the last build's order when its pieces are
    /// taken.
    pub from: Vec<Option<u32>>,
}

/// Where the last build put the pieces of each task file, and in what order of plans: kept
/// for the files a build carries over whole.
#[derive(Default)]
pub(super) struct Noted {
    pub plans: Vec<String>,
    pub files: Vec<(String, Places)>,
}

/// The pieces a build takes and notes (see [`Pieces`]).
pub(super) struct PlanPieces {
    /// The site in place.
    dir: PathBuf,
    before: Option<Before>,
    /// The files of the site in place, opened when first read.
    open: HashMap<String, OnceLock<Option<File>>>,
    noted: Mutex<Vec<(String, Places)>>,
    taken: AtomicUsize,
}

impl PlanPieces {
    pub(super) fn new(dir: PathBuf, before: Option<Before>) -> PlanPieces {
        let open = (before.iter())
            .flat_map(|b| b.places.keys())
            .map(|f| (f.clone(), OnceLock::new()))
            .collect();
        PlanPieces {
            dir,
            before,
            open,
            noted: Mutex::new(Vec::new()),
            taken: AtomicUsize::new(0),
        }
    }

    /// Where this build put the pieces of each file it made, by file, and how many pieces
    /// it took.
    pub(super) fn finish(self) -> (Vec<(String, Places)>, usize) {
        let noted = self.noted.into_inner().unwrap_or_default();
        (noted, self.taken.into_inner())
    }
}

impl Pieces for PlanPieces {
    fn take(&self, file: &str, p: usize, into: &mut Vec<u8>) -> bool {
        let Some(b) = &self.before else { return false };
        let Some(old) = b.from.get(p).copied().flatten() else {
            return false;
        };
        let (Some(places), Some(open)) = (b.places.get(file), self.open.get(file)) else {
            return false;
        };
        let Some(&(at, len)) = places.get(old as usize) else {
            return false;
        };
        let Some(f) = open.get_or_init(|| File::open(self.dir.join(file)).ok()) else {
            return false;
        };
        let start = into.len();
        into.resize(start + len as usize, 0);
        if f.read_exact_at(&mut into[start..], at).is_ok() {
            self.taken.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        into.truncate(start);
        false
    }

    fn note(&self, file: &str, places: Places) {
        if let Ok(mut noted) = self.noted.lock() {
            noted.push((file.to_string(), places));
        }
    }
}
