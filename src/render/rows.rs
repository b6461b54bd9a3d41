//! Rows of the many-plan task tables, made once per build and reused by every page that lists
//! the task.
//!
//! At scale a task is listed five to seven times (its lead's and each supporting body's lists,
//! its deadline's, the overdue list, body previews), and making its row anew each time would
//! be most of a build: a view of the task, then Tera looking up every field. The theme's
//! `task_row.html` makes the row once, with [`ROOT`] standing for `root`, and each page puts
//! its own `root` in place of the stand-in.

use crate::resolve::TaskKey;
use crate::site::Site;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use zstd_safe::{CCtx, CDict, DCtx, DDict};

/// Stands for `root` in a stored row. A C0 control character: every field of a row comes from
/// YAML, which cannot hold one (YAML 1.2, 5.1 "Character Set"; the parser rejects it), and
/// escaping leaves it alone.
pub const ROOT: char = '\u{1}';

/// The template that makes the rows.
pub const TEMPLATE: &str = "task_row.html";

/// Templates of the pages that receive rows: they change when [`TEMPLATE`] does, though none
/// of them includes it.
pub const PAGE_TEMPLATES: &[&str] = &["index.html", "body.html", "task_list.html"];

pub struct TaskRows {
    /// Whether the links of a task's row were checked already, on a page that shows it: a
    /// row leads to the same places from every page (its links are `root` and a path), so the
    /// link check reads it once, not on each of the five to seven pages that list the task.
    checked: Vec<std::sync::atomic::AtomicBool>,
    /// Index in `rows` of each plan's first task.
    first: Vec<usize>,
    rows: Vec<OnceLock<Row>>,
    packing: Option<Packing>,
}

/// A row as kept: as made, or packed (see [`Packing`]).
enum Row {
    Kept(Box<str>),
    Packed { len: u32, bytes: Box<[u8]> },
}

/// Rows past a budget are kept packed. At 100,000 plans the rows are 965 MB, and all of them
/// must be kept to the end of the build: a task's lead, supporters and deadline list it far
/// apart in any order, and making a row again costs ten times unpacking it. Rows are alike
/// (the same markup, labels and body names) but each is short, so they are packed with zstd
/// against a dictionary made of the first rows made, about a sixth of their size.
struct Packing {
    budget: usize,
    kept: AtomicUsize,
    /// The first rows made, up to [`SAMPLE`] bytes, to become the dictionary.
    sample: Mutex<Vec<u8>>,
    dict: OnceLock<(CDict<'static>, DDict<'static>)>,
}

/// The default budget of rows kept as made by a full build, in MB: the rows of a 10,000-plan
/// site (96 MB) are kept as made. `KEHOACH_ROWS_MB` sets another.
const BUDGET_MB: usize = 256;

/// About the size of a row, to tell beforehand whether a site's rows fit the budget (those
/// of the generated sites average 490 bytes, one line of a list each).
const ROW_BYTES: usize = 512;

/// Bytes of rows the dictionary is made of (zstd looks back 64 KB at most for small inputs
/// at level 3).
const SAMPLE: usize = 60 * 1024;

/// zstd's level: 3, its default, packs rows as fast as 1 and smaller.
const LEVEL: i32 = 3;

thread_local! {
    static PACK: std::cell::RefCell<Option<CCtx<'static>>> = const { std::cell::RefCell::new(None) };
    static UNPACK: std::cell::RefCell<Option<DCtx<'static>>> = const { std::cell::RefCell::new(None) };
    /// A packed row as unpacked, before `root` is put in.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Packing {
    fn new(budget: usize) -> Packing {
        Packing {
            budget,
            kept: AtomicUsize::new(0),
            sample: Mutex::new(Vec::with_capacity(SAMPLE)),
            dict: OnceLock::new(),
        }
    }

    /// `row` as kept: as made while the budget allows or the dictionary is still being
    /// sampled, packed after.
    fn keep(&self, row: String) -> Row {
        if self.dict.get().is_none() {
            let mut sample = self.sample.lock().unwrap();
            if self.dict.get().is_none() {
                sample.extend_from_slice(row.as_bytes());
                if sample.len() >= SAMPLE {
                    let _ = self
                        .dict
                        .set((CDict::create(&sample, LEVEL), DDict::create(&sample)));
                    *sample = Vec::new();
                }
                drop(sample);
                self.kept.fetch_add(row.len(), Ordering::Relaxed);
                return Row::Kept(row.into_boxed_str());
            }
        }
        if self.kept.fetch_add(row.len(), Ordering::Relaxed) + row.len() <= self.budget {
            return Row::Kept(row.into_boxed_str());
        }
        self.kept.fetch_sub(row.len(), Ordering::Relaxed);
        let (Some((cdict, _)), Ok(len)) = (self.dict.get(), u32::try_from(row.len())) else {
            return Row::Kept(row.into_boxed_str());
        };
        let mut out = Vec::with_capacity(zstd_safe::compress_bound(row.len()));
        let packed = PACK.with_borrow_mut(|cctx| {
            cctx.get_or_insert_with(CCtx::create).compress_using_cdict(
                &mut out,
                row.as_bytes(),
                cdict,
            )
        });
        match packed {
            Ok(_) => Row::Packed {
                len,
                bytes: out.into_boxed_slice(),
            },
            Err(_) => Row::Kept(row.into_boxed_str()),
        }
    }

    /// `f` of the packed row `bytes`, unpacked.
    fn unpack<T>(&self, len: u32, bytes: &[u8], f: impl FnOnce(&str) -> T) -> Result<T, String> {
        let Some((_, ddict)) = self.dict.get() else {
            unreachable!("a row is packed only once the dictionary is made")
        };
        SCRATCH.with_borrow_mut(|buf| {
            buf.clear();
            buf.reserve(len as usize);
            UNPACK
                .with_borrow_mut(|dctx| {
                    dctx.get_or_insert_with(DCtx::create)
                        .decompress_using_ddict(buf, bytes, ddict)
                })
                .map_err(|code| {
                    format!(
                        "không giải nén được hàng nhiệm vụ: {}",
                        zstd_safe::get_error_name(code)
                    )
                })?;
            let row = std::str::from_utf8(buf).map_err(|e| e.to_string())?;
            Ok(f(row))
        })
    }
}

impl TaskRows {
    /// Rows kept as made, however many (live rebuilds keep them between edits).
    pub fn new(site: &Site) -> Self {
        let mut first = Vec::with_capacity(site.plans().len());
        let mut n = 0;
        for p in site.plans() {
            first.push(n);
            n += p.tasks.len();
        }
        TaskRows {
            checked: (0..n).map(|_| Default::default()).collect(),
            first,
            rows: (0..n).map(|_| OnceLock::new()).collect(),
            packing: None,
        }
    }

    /// Rows kept as made when they fit a budget (`KEHOACH_ROWS_MB`, else [`BUDGET_MB`]), all
    /// packed when they would not (see [`Packing`]): a site too large for the budget is one
    /// where memory is short, and the rows kept as made would take the budget whole.
    pub fn packing(site: &Site) -> Self {
        let mb = std::env::var("KEHOACH_ROWS_MB")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(BUDGET_MB);
        let budget = mb.saturating_mul(1 << 20);
        let rows = TaskRows::new(site);
        let fits = rows.rows.len().saturating_mul(ROW_BYTES) <= budget;
        TaskRows {
            packing: Some(Packing::new(if fits { budget } else { 0 })),
            ..rows
        }
    }

    /// Forgets the rows of `plans`, to be made again; the others stay (a live rebuild after
    /// an edit that only these plans' rows can show).
    pub fn forget(&mut self, plans: &[usize]) {
        for &p in plans {
            let end = self.first.get(p + 1).copied().unwrap_or(self.rows.len());
            for slot in &mut self.rows[self.first[p]..end] {
                slot.take();
            }
            for c in &mut self.checked[self.first[p]..end] {
                *c.get_mut() = false;
            }
        }
    }

    /// The row of `k` with `root` in place, made by `make` (with [`ROOT`] as root) the first
    /// time it is asked for.
    pub fn get(
        &self,
        k: TaskKey,
        root: &str,
        make: impl FnOnce() -> Result<String, String>,
    ) -> Result<String, String> {
        let slot = &self.rows[self.first[k.plan()] + k.task()];
        let row = match slot.get() {
            Some(r) => r,
            // Two threads may make the same row at once; both make the same text, one is kept.
            None => {
                let made = make()?;
                slot.get_or_init(|| match &self.packing {
                    Some(p) => p.keep(made),
                    None => Row::Kept(made.into_boxed_str()),
                })
            }
        };
        match (row, &self.packing) {
            (Row::Kept(row), _) => Ok(with_root(row, root)),
            (Row::Packed { len, bytes }, Some(p)) => {
                p.unpack(*len, bytes, |row| with_root(row, root))
            }
            (Row::Packed { .. }, None) => unreachable!("rows are packed only when packing"),
        }
    }
}

/// How many rows a build made and how it kept them (for `build -v`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Rows kept as made: count, bytes.
    pub kept: (usize, u64),
    /// Rows packed: count, bytes as made, bytes packed.
    pub packed: (usize, u64, u64),
}

impl TaskRows {
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for r in self.rows.iter().filter_map(OnceLock::get) {
            match r {
                Row::Kept(row) => {
                    t.kept.0 += 1;
                    t.kept.1 += row.len() as u64;
                }
                Row::Packed { len, bytes } => {
                    t.packed.0 += 1;
                    t.packed.1 += u64::from(*len);
                    t.packed.2 += bytes.len() as u64;
                }
            }
        }
        t
    }
}

impl TaskRows {
    /// Whether a page's link check may pass over the row of `k`: its links were read on an
    /// earlier page. The first caller for each row is told no, and reads it.
    pub fn checked_before(&self, k: TaskKey) -> bool {
        self.checked[self.first[k.plan()] + k.task()]
            .swap(true, std::sync::atomic::Ordering::Relaxed)
    }
}

/// `row` with each [`ROOT`] replaced by `root`.
pub fn with_root(row: &str, root: &str) -> String {
    // The stand-in is one byte; the memchr crate finds it a few times faster than
    // `str::split`, which goes a word at a time (every row of every list page comes here).
    const _: () = assert!(ROOT.len_utf8() == 1);
    let mut out = String::with_capacity(row.len() + 4 * root.len());
    let mut at = 0;
    for i in memchr::memchr_iter(ROOT as u8, row.as_bytes()) {
        out.push_str(&row[at..i]);
        out.push_str(root);
        at = i + 1;
    }
    out.push_str(&row[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_root_replaces_every_stand_in() {
        assert_eq!(
            with_root("<a href=\"\u{1}x/\">\u{1}</a>", "../../"),
            "<a href=\"../../x/\">../../</a>"
        );
        assert_eq!(with_root("no links", "../"), "no links");
    }
}
