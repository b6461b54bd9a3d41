//! Live rebuilds, for `serve`: the whole policy of what a change remakes, in one place. The
//! stages offer the pieces (read one file, resolve one plan, index again after an edit, make
//! chosen pages, write a file in place); a [`Session`] decides when each is enough.
//!
//! | what changed | read again | resolved again | indexed again | pages remade |
//! |---|---|---|---|---|
//! | a plan's deadlines, titles, texts, outputs, status (names and references kept) | that file | that plan (`edits`) | its tasks' lists by deadline (`site::reindex`) | those that show it (`choose`, from `deps`) |
//! | anything else in plans (a file added or removed, a name, a reference, a number) | the files that changed | the site | the site | those that show what changed |
//! | departments.yaml, directives.yaml | the registry | the site | the site | those that show what changed |
//! | a template or a static file of the theme | the theme | — | — | the pages made with it (or with a template that uses it) |
//! | site.yaml, `--as-of` | everything | the site | the site | every page (a full build) |
//!
//! Files are written in place, only when their bytes change; the whole-site data files come
//! after the browser was told to reload ([`Session::finish`]). Parsed templates and the rows of
//! task tables are kept from one rebuild to the next, less what the change touches.

mod choose;
mod edits;

use super::deps::{self, Fingerprints};
use super::sources::{self, PlanCache};
use super::{index, output_dir, reindex, settle, write_full, BuildError, BuildOptions, Timings};
use crate::content::{BodyEntry, DirectiveEntry, Plan};
use crate::diag::Diagnostics;
use crate::output;
use crate::render::{self, rows, theme::Theme};
use crate::resolve::{self, PlanId};
use crate::site::routes::{DataFile, Output};
use crate::site::Site;
use choose::Choice;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Session {
    opts: BuildOptions,
    cache: PlanCache,
    last: Option<Last>,
    /// The resolver's state after the last good build, to re-resolve edited plans alone.
    state: Option<resolve::State>,
    /// Whole-site files still to write for the last rebuild.
    pending: Vec<Output>,
    /// The last build's parsed templates and the task rows made since (for `last.site`).
    kept: Option<render::Kept>,
    /// The output folder's files as last written, since the last full build.
    files: Option<Arc<output::LiveFiles>>,
}

struct Last {
    site: Site,
    theme: Theme,
    fingerprints: Fingerprints,
    /// Every output, and the files they make: shared by rebuilds that add and remove none.
    outputs: Arc<Vec<Output>>,
    files: Arc<HashSet<String>>,
    /// site.yaml and as_of, as text: when they change every page may change.
    config: String,
    /// departments.yaml and directives.yaml as read.
    registry: (Vec<BodyEntry>, Vec<DirectiveEntry>),
    /// Warnings of the resolve stage, by file.
    resolve_warnings: HashMap<String, usize>,
    /// The plan files as read for this build, in plan order: an edit is told apart by them.
    sources: Arc<Vec<Arc<Plan>>>,
}

#[derive(Debug, Default)]
pub struct Rebuild {
    /// Everything was rendered (first build, or site.yaml / as_of changed).
    pub full: bool,
    /// Files rendered this time.
    pub rendered: usize,
    /// Files whose bytes changed, sorted.
    pub written: Vec<String>,
    /// Files that no longer exist, sorted.
    pub removed: Vec<String>,
    pub warnings: usize,
    /// Whole-site files left for [`Session::finish`].
    pub pending: usize,
    pub timings: Timings,
    /// From the start of the rebuild until the pages were written.
    pub elapsed: Duration,
    /// Where a live rebuild's render time went, step by step.
    pub steps: Vec<(&'static str, Duration)>,
    /// Plans resolved again when only they were (None: the whole site was).
    pub reresolved: Option<usize>,
    /// Whether the index was updated for those plans rather than built again.
    pub reindexed: bool,
    /// Whether every plan file was listed again, not only those the watcher reported.
    pub listed_all: bool,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            cache: PlanCache::default(),
            last: None,
            state: None,
            pending: Vec::new(),
            kept: None,
            files: None,
        }
    }

    /// The output folder's files, as the last full build's manifest and the rebuilds since
    /// left them.
    fn live_files(&mut self) -> Arc<output::LiveFiles> {
        let dir = self.output();
        self.files
            .get_or_insert_with(|| Arc::new(output::LiveFiles::open(&dir)))
            .clone()
    }

    pub fn output(&self) -> std::path::PathBuf {
        output_dir(&self.opts)
    }

    /// Brings the output folder up to date with the sources. On error the folder and the
    /// session are left as they were.
    pub fn rebuild(&mut self) -> Result<Rebuild, BuildError> {
        self.rebuild_changed(None)
    }

    /// [`Session::rebuild`] when a file watcher reported every path that changed since the
    /// last rebuild: plan files not among them are not looked at (`sources::load_changed`).
    pub fn rebuild_changed(
        &mut self,
        changed: Option<&[std::path::PathBuf]>,
    ) -> Result<Rebuild, BuildError> {
        let start = Instant::now();
        // The resolver's state matches the last good build only: any failure below drops it.
        let state = self.state.take();
        let o = &self.opts;
        let mut diags = Diagnostics::default();
        let mut timings = Timings::default();
        let load_start = Instant::now();
        let content = sources::load_changed(&o.root, &mut self.cache, changed, &mut diags);
        timings.load = load_start.elapsed();
        let (content, as_of) = settle(content, o.as_of, o.base_url.as_deref());
        let registry = (content.bodies.clone(), content.directives.clone());
        let resolve_start = Instant::now();
        let edits = match (state, self.last.as_mut()) {
            (Some(st), Some(last)) if !diags.has_errors() => {
                edits::resolve_alone(last, st, &content, as_of, &mut diags)
            }
            _ => None,
        };
        let (resolved, resolving, state) = match edits {
            Some(r) => r,
            None => edits::resolve_whole(content, as_of, &mut diags),
        };
        self.state = Some(state);
        timings.resolve = resolve_start.elapsed();
        if diags.has_errors() {
            self.state = None;
            return Err(BuildError::Content(diags.into_sorted()));
        }
        // An edit resolved alone moves tasks between lists by deadline only: the index keeps
        // the rest.
        let edited = resolving.edited.clone();
        let site = match (&edited, &self.last) {
            (Some(pids), Some(l)) => reindex(&l.site, resolved, pids, &mut diags, &mut timings),
            _ => index(resolved, &mut diags, &mut timings),
        };
        let warnings = diags.count(crate::diag::Severity::Warning) + resolving.elsewhere;
        let state = self.state.take();
        let o = &self.opts;
        let theme = render::theme::load(&o.root, &site.config().theme)
            .map_err(|e| BuildError::Other(vec![e]))?;
        let config = whole_site_key(
            site.config(),
            site.as_of(),
            (site.resolved().reports.iter()).map(|r| (r.path.as_str(), r.source_hash)),
        );
        let last = match self.last.take() {
            Some(l) if l.config == config => l,
            _ => {
                let report = write_full(&self.opts, &site, &theme, diags, timings)?;
                let outputs = Output::all(&site, theme.statics.len());
                let assets = theme.asset_names();
                let files = outputs
                    .iter()
                    .flat_map(|o| o.files(&site, &assets))
                    .collect();
                self.pending.clear();
                self.kept = None;
                self.files = None;
                self.last = Some(Last {
                    fingerprints: deps::fingerprints(&site),
                    site,
                    theme,
                    outputs: Arc::new(outputs),
                    files: Arc::new(files),
                    config,
                    registry,
                    resolve_warnings: resolving.by_file,
                    sources: resolving.sources,
                });
                self.state = state;
                return Ok(Rebuild {
                    full: true,
                    rendered: report.files,
                    warnings,
                    timings: report.timings,
                    elapsed: start.elapsed(),
                    ..Rebuild::default()
                });
            }
        };
        match self.remake(&last, site, theme, config, edited.as_deref(), timings) {
            Ok(mut r) => {
                r.elapsed = start.elapsed();
                r.listed_all = self.cache.listed_all();
                r.warnings = warnings;
                r.reresolved = edited.as_ref().map(Vec::len);
                r.reindexed = edited.is_some();
                if let Some(l) = &mut self.last {
                    l.registry = registry;
                    l.resolve_warnings = resolving.by_file;
                    l.sources = resolving.sources;
                }
                self.state = state;
                super::drop_aside(last);
                Ok(r)
            }
            Err(e) => {
                self.last = Some(last);
                Err(e)
            }
        }
    }

    /// Remakes what changed since `last` (see `choose`) and writes it in place.
    fn remake(
        &mut self,
        last: &Last,
        site: Site,
        theme: Theme,
        config: String,
        edited: Option<&[PlanId]>,
        mut timings: Timings,
    ) -> Result<Rebuild, BuildError> {
        let render_start = Instant::now();
        let mut steps = Vec::new();
        let mut step = Instant::now();
        let mut lap = |name: &'static str| {
            steps.push((name, step.elapsed()));
            step = Instant::now();
        };
        let Choice {
            fingerprints,
            templates,
            now,
            mut later,
            outputs,
            files,
            removed,
        } = choose::choose(last, &site, &theme, edited, &mut lap);
        // Whole-site files not yet written for an earlier rebuild are still due.
        for o in std::mem::take(&mut self.pending) {
            if !later.contains(&o) {
                later.push(o);
            }
        }

        lap("chọn trang");
        // Render to memory first: a template error must not leave half the pages updated.
        let made = Mutex::new(Vec::new());
        let kept = self.keep(&site, &theme, edited, &templates)?;
        let stats = super::make_kept(
            &site,
            &theme,
            &kept,
            &now,
            None,
            &|path: &str, data: &[u8]| {
                made.lock().unwrap().push((path.to_string(), data.to_vec()));
                Ok(())
            },
            super::DataFiles::OneAtATime,
        )
        .map_err(BuildError::Other)?;
        lap("tạo trang");
        let files_now = self.live_files();
        // Files on both threads: a rebuild after the disk went quiet waits on each write.
        let mut written = made
            .into_inner()
            .unwrap()
            .into_par_iter()
            .filter_map(|(path, data)| match files_now.update(&path, &data) {
                Ok(true) => Some(Ok(path)),
                Ok(false) => None,
                Err(e) => Some(Err(write_error(&path, e))),
            })
            .collect::<Result<Vec<String>, BuildError>>()?;
        let mut removed = removed;
        for path in &removed {
            files_now.remove(path).map_err(|e| write_error(path, e))?;
        }
        written.sort();
        removed.sort();
        lap("ghi");
        timings.render = render_start.elapsed();
        let pending = later.len();
        self.pending = later;
        self.kept = Some(kept);
        self.last = Some(Last {
            site,
            theme,
            fingerprints,
            outputs,
            files,
            config,
            registry: Default::default(),
            resolve_warnings: HashMap::default(),
            sources: Default::default(),
        });
        Ok(Rebuild {
            full: false,
            rendered: stats.files,
            written,
            removed,
            pending,
            timings,
            steps,
            ..Rebuild::default()
        })
    }

    /// The templates and task rows to render `site` with: those of the last build where no
    /// template they come from changed, less the rows of `edited` plans (an edit resolved
    /// alone changes only its own plans' rows, see `rows.rs`).
    fn keep(
        &mut self,
        site: &Site,
        theme: &Theme,
        edited: Option<&[PlanId]>,
        templates: &HashSet<String>,
    ) -> Result<render::Kept, BuildError> {
        let old = self.kept.take();
        let tera = match &old {
            Some(k) if templates.is_empty() => k.tera.clone(),
            _ => Arc::new(render::templates(theme).map_err(|e| BuildError::Other(vec![e]))?),
        };
        let rows = match (old, edited) {
            (Some(k), Some(plans)) if !templates.contains(rows::TEMPLATE) => {
                let mut rows = k.rows;
                match Arc::get_mut(&mut rows) {
                    Some(r) => {
                        r.forget(plans);
                        rows
                    }
                    None => Arc::new(rows::TaskRows::new(site)),
                }
            }
            _ => Arc::new(rows::TaskRows::new(site)),
        };
        Ok(render::Kept { tera, rows })
    }

    /// Writes the whole-site files the last rebuild left for later. Returns those that changed.
    pub fn finish(&mut self) -> Result<Vec<String>, BuildError> {
        self.finish_until(&mut || false).map(|(written, _)| written)
    }

    /// [`Session::finish`], one file group at a time, stopping as soon as `stop` says so (a new
    /// edit is waiting: at 10,000 plans these files take seconds, and the edit should not wait
    /// for them). What is left stays due and is written after the next rebuild. Returns the
    /// files that changed and whether it stopped early.
    pub fn finish_until(
        &mut self,
        stop: &mut dyn FnMut() -> bool,
    ) -> Result<(Vec<String>, bool), BuildError> {
        if self.last.is_none() {
            return Ok((Vec::new(), false));
        }
        let files = self.live_files();
        let Some(last) = &self.last else {
            return Ok((Vec::new(), false));
        };
        let written = Mutex::new(Vec::new());
        let mut stopped = false;
        while !self.pending.is_empty() {
            if stop() {
                stopped = true;
                break;
            }
            // One large file at a time; the small calendars of bodies in groups.
            let is_small = |o: &Output| matches!(o, Output::Data(DataFile::Calendar(_)));
            let n = match self.pending.iter().position(|o| !is_small(o)) {
                Some(0) => 1,
                Some(i) => i.min(64),
                None => self.pending.len().min(64),
            };
            let group: Vec<Output> = self.pending.drain(..n).collect();
            let kept = match &self.kept {
                Some(k) => k,
                None => self.kept.insert(
                    render::Kept::new(&last.site, &last.theme)
                        .map_err(|e| BuildError::Other(vec![e]))?,
                ),
            };
            super::make_kept(
                &last.site,
                &last.theme,
                kept,
                &group,
                None,
                &|path: &str, data: &[u8]| {
                    if files.update(path, data)? {
                        written.lock().unwrap().push(path.to_string());
                    }
                    Ok(())
                },
                super::DataFiles::Spread,
            )
            .map_err(BuildError::Other)?;
        }
        let mut w = written.into_inner().unwrap();
        w.sort();
        Ok((w, stopped))
    }
}

fn write_error(path: &str, e: std::io::Error) -> BuildError {
    BuildError::Other(vec![format!("không ghi được {path}: {e}")])
}

/// What every page may show: site.yaml, the date, and the reports (which speak of tasks across
/// plans and bodies, `(path, hash)` each). When it changes, a rebuild remakes everything.
fn whole_site_key<'a>(
    config: &crate::content::SiteConfig,
    as_of: chrono::NaiveDate,
    reports: impl Iterator<Item = (&'a str, u64)>,
) -> String {
    let mut reports: Vec<(&str, u64)> = reports.collect();
    reports.sort_unstable();
    format!("{config:?} {as_of} {reports:?}")
}
