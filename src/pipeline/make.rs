//! Making the outputs of a site: its pages (render), its data files (export) and the theme's
//! static files, in parallel, each handed to a [`Sink`] as soon as it is made and each page to
//! the link check when there is one.

use crate::export;
use crate::export::pieces::Pieces;
use crate::export::search::Stretches;
use crate::linkcheck::LinkCheck;
use crate::output::Staging;
use crate::render::{rows, theme::Theme, timed, Kept, Renderer};
use crate::site::routes::{self, DataFile, Output, Page};
use crate::site::Site;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Default, Clone)]
pub struct MakeStats {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Where the time went, added over the worker threads (for `build -v`).
    pub profile: Vec<(&'static str, Duration)>,
    /// The rows of task lists made, and how they were kept.
    pub rows: rows::Tally,
}

/// Time spent in the parts of making outputs that are not pages, added over threads: ns.
#[derive(Default)]
struct Profile {
    links: AtomicU64,
    data: AtomicU64,
    write: AtomicU64,
}

/// Where rendered files go: a staging folder for a full build, the live folder for `serve`
/// (any `Fn(path, bytes)`).
pub trait Sink: Sync {
    fn write(&self, path: &str, data: &[u8]) -> std::io::Result<()>;

    /// The stretches of the search index an earlier build kept, for a sink that has them.
    fn stretches(&self) -> Option<&dyn Stretches> {
        None
    }

    /// The pieces of the whole-site task files the site in place has, for a sink that has
    /// them.
    fn pieces(&self) -> Option<&dyn Pieces> {
        None
    }

    /// A file that `make` writes piece by piece; returns its length. A sink that cannot
    /// write as it goes takes it whole.
    fn write_with(
        &self,
        path: &str,
        make: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<u64> {
        let mut buf = Vec::new();
        make(&mut buf)?;
        self.write(path, &buf)?;
        Ok(buf.len() as u64)
    }
}

impl<F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync> Sink for F {
    fn write(&self, path: &str, data: &[u8]) -> std::io::Result<()> {
        self(path, data)
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, data: &[u8]) -> std::io::Result<()> {
        Staging::write(self, path, data)
    }

    fn write_with(
        &self,
        path: &str,
        make: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<u64> {
        Staging::write_with(self, path, make)
    }
}

/// What the last build kept for this one to take, and where this one keeps what it makes for
/// the next.
#[derive(Clone, Copy)]
pub struct Shelves<'a> {
    pub stretches: &'a dyn Stretches,
    pub pieces: &'a dyn Pieces,
}

/// A staging folder, with what the last build kept.
struct Keeping<'a> {
    staging: &'a Staging,
    shelves: Shelves<'a>,
}

impl Sink for Keeping<'_> {
    fn write(&self, path: &str, data: &[u8]) -> std::io::Result<()> {
        self.staging.write(path, data)
    }

    fn write_with(
        &self,
        path: &str,
        make: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<u64> {
        self.staging.write_with(path, make)
    }

    fn stretches(&self) -> Option<&dyn Stretches> {
        Some(self.shelves.stretches)
    }

    fn pieces(&self) -> Option<&dyn Pieces> {
        Some(self.shelves.pieces)
    }
}

/// What a build made itself, not carried over from the site in place, and the ids of every
/// page of the site when asked to keep them.
pub struct Made {
    pub files: usize,
    pub ids: Vec<(String, Vec<u64>)>,
}

/// Makes every page and data file into `out` (or, given `part`, those it chooses, carrying
/// over the other files of the site in place), checking every link the pages carry (broken
/// ones are added to `diags` as warnings), taking the stretches of the search index `kept`
/// has (and the pieces of the whole-site task files). Returns all errors at once.
pub fn make_site(
    site: &Site,
    theme: &Theme,
    out: &Staging,
    diags: &mut crate::diag::Diagnostics,
    part: Option<&super::partial::Choice>,
    keep_ids: bool,
    kept: Option<Shelves>,
) -> Result<(MakeStats, Made), Vec<String>> {
    let keeping = kept.map(|shelves| Keeping {
        staging: out,
        shelves,
    });
    let sink: &dyn Sink = match &keeping {
        Some(k) => k,
        None => out,
    };
    let all = Output::all(site, theme.statics.len());
    let assets = theme.asset_names();
    let files = all.iter().flat_map(|o| o.files(site, &assets));
    let base_path = routes::base_path(&site.config().base_url);
    let mut check = LinkCheck::new(site, files, &base_path);
    if keep_ids {
        check = check.keeping_ids();
    }
    let Some(part) = part else {
        let stats = make(site, theme, &all, Some(&check), sink, DataFiles::OneAtATime)?;
        let ids = check.take_ids();
        check.finish(diags);
        let files = stats.files;
        return Ok((stats, Made { files, ids }));
    };
    for (_, ids) in &part.carried_ids {
        check.know(ids.iter().copied());
    }
    let mut stats = make(
        site,
        theme,
        &part.make,
        Some(&check),
        sink,
        DataFiles::Spread,
    )?;
    let made = stats.files;
    let carried = out.carry(&part.carry, &part.in_place).map_err(|e| {
        vec![format!(
            "không giữ lại được các tệp không đổi của trang đang đăng ({e}); trang đang đăng được giữ nguyên. Chạy lại với --force để tạo lại mọi tệp"
        )]
    })?;
    stats.files += part.carry.len();
    stats.bytes += carried;
    stats.pages = all.iter().filter(|o| matches!(o, Output::Page(_))).count();
    let mut ids = check.take_ids();
    check.finish(diags);
    for d in &part.carried_links {
        let pos = crate::diag::Pos::new(d.line, d.column);
        diags.add(
            d.severity,
            &d.path,
            pos,
            d.message.clone(),
            d.snippet.clone(),
        );
    }
    ids.extend(part.carried_ids.iter().cloned());
    Ok((stats, Made { files: made, ids }))
}

/// How the data files are made beside the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFiles {
    /// One at a time, by one worker while the others render pages: a build of every page holds
    /// one data file at a time, and its peak memory is what it is at 100,000 plans.
    OneAtATime,
    /// Over every worker: when few pages are made beside them, the data files are most of the
    /// work, and one worker alone would leave the others idle.
    Spread,
}

/// Makes the given outputs, in parallel, handing each file to `sink` (and each page to
/// `check`, when given).
pub fn make(
    site: &Site,
    theme: &Theme,
    outputs: &[Output],
    check: Option<&LinkCheck>,
    sink: &dyn Sink,
    data_files: DataFiles,
) -> Result<MakeStats, Vec<String>> {
    let kept = Kept {
        tera: Arc::new(crate::render::templates(theme).map_err(|e| vec![e])?),
        rows: Arc::new(rows::TaskRows::packing(site)),
    };
    let stats = make_kept(site, theme, &kept, outputs, check, sink, data_files);
    // The rows of every task list (200,000 at 10,000 plans).
    super::drop_aside(kept);
    stats
}

/// [`make`] with templates parsed and rows made before (for `site`).
pub fn make_kept(
    site: &Site,
    theme: &Theme,
    kept: &Kept,
    outputs: &[Output],
    check: Option<&LinkCheck>,
    sink: &dyn Sink,
    data_files: DataFiles,
) -> Result<MakeStats, Vec<String>> {
    let mut renderer = Renderer::with(site, kept);
    renderer.checking = check.is_some();
    let bytes = AtomicU64::new(0);
    let files = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let errors = Mutex::new(Vec::new());
    let prof = Profile::default();
    let prof = &prof;
    let record = |path: &str, written: std::io::Result<u64>| match written {
        Ok(n) => {
            bytes.fetch_add(n, Ordering::Relaxed);
            files.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => errors
            .lock()
            .unwrap()
            .push(format!("không ghi được {path}: {e}")),
    };
    let write = |path: &str, data: &[u8]| {
        let written = timed(&prof.write, || sink.write(path, data));
        record(path, written.map(|()| data.len() as u64))
    };
    // The data files, up to hundreds of MB each at scale, are made one at a time beside the
    // pages (one worker takes them in turn while the others render pages, then helps): the
    // build holds one of them at a time, not all, and the largest not even whole.
    let (bulk, rest): (Vec<&Output>, Vec<&Output>) = outputs.iter().partition(|o| o.is_bulk());
    let data_file = |o: &&Output| {
        let Output::Data(d) = **o else {
            return;
        };
        let start = std::time::Instant::now();
        let mut out = DataOut {
            write: &write,
            record: &record,
            sink,
            writing: 0,
        };
        let made = export::render(d, site, &mut out, sink.stretches(), sink.pieces());
        // Files written as they are made count as making them.
        let made_in = start.elapsed().as_nanos() as u64;
        prof.data
            .fetch_add(made_in.saturating_sub(out.writing), Ordering::Relaxed);
        if let Err(e) = made {
            errors.lock().unwrap().push(e);
        }
    };
    let data = || match data_files {
        DataFiles::OneAtATime => bulk.iter().for_each(data_file),
        DataFiles::Spread => {
            // The longest first: started last, the search index alone set the time of a build
            // after an edit, while the other worker waited.
            let mut bulk = bulk.clone();
            bulk.sort_by_key(|o| longest_first(o));
            bulk.par_iter().with_max_len(1).for_each(data_file)
        }
    };
    let others = || {
        // In small pieces: rayon otherwise splits a slice into as many parts as threads (and
        // halves), and once the data files are done the other thread finds nothing left to take
        // while one part of thousands of pages runs alone: half of a 10,000-plan build ran on
        // one core.
        rest.par_iter().with_max_len(8).for_each(|o| match **o {
            Output::Page(page) => match renderer.make(&page) {
                Ok(made) => {
                    pages.fetch_add(1, Ordering::Relaxed);
                    if let Some(c) = check.filter(|_| page != Page::Robots) {
                        timed(&prof.links, || c.scan(&made));
                    }
                    write(&made.file, &routes::shorten_links(&made.file, &made.html))
                }
                Err(e) => errors.lock().unwrap().push(e),
            },
            Output::Asset(i) => {
                if let Some((name, data)) = theme.statics.iter().nth(i) {
                    write(&routes::asset(name), data)
                }
            }
            Output::SourceDoc(p) => {
                let file = routes::plan_source_file(site, p);
                if let (Some(file), Some(crate::content::SourceDoc::File { bytes, .. })) =
                    (file, &site.plan(p).source)
                {
                    write(&file, bytes)
                }
            }
            Output::Data(_) => {}
        })
    };
    rayon::join(data, others);
    let mut errors = errors.into_inner().unwrap();
    if !errors.is_empty() {
        errors.sort();
        return Err(errors);
    }
    let d = |a: &AtomicU64| Duration::from_nanos(a.load(Ordering::Relaxed));
    let mut profile = renderer.times().to_vec();
    profile.extend([
        ("kiểm tra liên kết", d(&prof.links)),
        ("dữ liệu mở, lịch, chỉ mục tìm kiếm", d(&prof.data)),
        ("ghi tệp", d(&prof.write)),
    ]);
    Ok(MakeStats {
        pages: pages.into_inner(),
        files: files.into_inner(),
        bytes: bytes.into_inner(),
        rows: kept.rows.tally(),
        profile,
    })
}

/// Data files in the order they are best started when spread over the workers: those that
/// take longest first (at 10,000 plans: the search index 1.6 s, the tasks as JSON and as CSV
/// 0.5 s each, the calendar of every task 0.2 s).
fn longest_first(o: &Output) -> u8 {
    match o {
        Output::Data(DataFile::Search) => 0,
        Output::Data(DataFile::Tasks | DataFile::TasksCsv) => 1,
        Output::Data(DataFile::AllCalendar | DataFile::Plans) => 2,
        _ => 3,
    }
}

/// Hands data files to the sink, counted with the pages.
struct DataOut<'a> {
    write: &'a dyn Fn(&str, &[u8]),
    record: &'a dyn Fn(&str, std::io::Result<u64>),
    sink: &'a dyn Sink,
    /// Time spent writing files made whole, in ns.
    writing: u64,
}

impl export::Emit for DataOut<'_> {
    fn file(&mut self, path: &str, bytes: &[u8]) {
        let start = std::time::Instant::now();
        (self.write)(path, bytes);
        self.writing += start.elapsed().as_nanos() as u64;
    }

    fn stream(
        &mut self,
        path: &str,
        make: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        (self.record)(path, self.sink.write_with(path, make));
    }
}
