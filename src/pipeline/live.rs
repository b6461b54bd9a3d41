//! A built site kept in memory between rebuilds, for `serve`. Each rebuild re-reads only the
//! plan files that changed, resolves and indexes the whole site again (cheap next to
//! rendering), compares fingerprints with the previous build (see `deps`) and renders only the
//! pages that show something that changed, writing each file in place only when its bytes
//! differ. The whole-site data exports come after, in [`Session::finish`], so the browser can
//! reload first. A change to site.yaml or to as_of rebuilds everything.

use super::deps::{self, Fingerprints};
use super::sources::{self, PlanCache};
use super::{index, output_dir, reindex, settle, write_full, BuildError, BuildOptions, Timings};
use crate::content::{BodyEntry, Content, DirectiveEntry, Plan};
use crate::diag::Diagnostics;
use crate::output;
use crate::render::{self, rows, theme::Theme, views::row_digest};
use crate::resolve::{self, PlanId, Resolved, TaskKey};
use crate::site::lists::{Paged, Row};
use crate::site::routes::{DataFile, Output, Page};
use crate::site::{lists::TaskList, Site};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
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
        let edits = match state {
            Some(st) if !diags.has_errors() => self.resolve_edits(st, &content, as_of, &mut diags),
            _ => None,
        };
        let (resolved, resolve_warnings) = match edits {
            Some(r) => r,
            None => {
                let before = diags.len();
                let by_path: HashMap<String, Arc<Plan>> = (content.plans.iter())
                    .map(|p| (p.path.clone(), p.clone()))
                    .collect();
                let (r, mut st) = resolve::resolve_keeping(content, as_of, &mut diags);
                let sources = r.plans.iter().map(|p| by_path[&p.path].clone()).collect();
                st.bodies = (*r.bodies).clone();
                st.docs = (*r.docs).clone();
                let mut per_path: HashMap<String, usize> = HashMap::default();
                for w in diags.warnings_since(before) {
                    *per_path.entry(w.path.clone()).or_default() += 1;
                }
                self.state = Some(st);
                (r, (per_path, 0, None, Arc::new(sources)))
            }
        };
        timings.resolve = resolve_start.elapsed();
        if diags.has_errors() {
            self.state = None;
            return Err(BuildError::Content(diags.into_sorted()));
        }
        // An edit resolved alone moves tasks between lists by deadline only: the index keeps
        // the rest.
        let edited = resolve_warnings.2.clone();
        let site = match (&edited, &self.last) {
            (Some(pids), Some(l)) => reindex(&l.site, resolved, pids, &mut diags, &mut timings),
            _ => index(resolved, &mut diags, &mut timings),
        };
        let warnings = diags.count(crate::diag::Severity::Warning) + resolve_warnings.1;
        let state = self.state.take();
        let o = &self.opts;
        let theme = render::theme::load(&o.root, &site.config().theme)
            .map_err(|e| BuildError::Other(vec![e]))?;
        let config = format!("{:?} {}", site.config(), site.as_of());
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
                    resolve_warnings: resolve_warnings.0,
                    sources: resolve_warnings.3,
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
        match self.update(&last, site, theme, config, edited.as_deref(), timings) {
            Ok(mut r) => {
                r.elapsed = start.elapsed();
                r.warnings = warnings;
                r.reresolved = edited.as_ref().map(Vec::len);
                r.reindexed = edited.is_some();
                if let Some(l) = &mut self.last {
                    l.registry = registry;
                    l.resolve_warnings = resolve_warnings.0;
                    l.sources = resolve_warnings.3;
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

    /// Re-resolves only the edited plans, when that gives what resolving the whole site would:
    /// the registries, site.yaml and the set of plans are unchanged, and each edited plan keeps
    /// its number, date, issuer, task ids and every name and reference it writes (so it finds
    /// them all where the last build put them). Deadlines, titles, texts, outputs, status and
    /// progress may change. Returns the resolved site, warnings of the resolve stage by file,
    /// those not in `diags`, and the plans that were resolved.
    #[allow(clippy::type_complexity)]
    fn resolve_edits(
        &mut self,
        mut state: resolve::State,
        content: &Content,
        as_of: chrono::NaiveDate,
        diags: &mut Diagnostics,
    ) -> Option<(
        Resolved,
        (
            HashMap<String, usize>,
            usize,
            Option<Vec<PlanId>>,
            Arc<Vec<Arc<Plan>>>,
        ),
    )> {
        let last = self.last.as_mut()?;
        // Taken, not copied (10,000 paths): a full resolve, if this one gives up, counts anew.
        let mut per_path = std::mem::take(&mut last.resolve_warnings);
        let old = last.site.resolved();
        if format!("{:?} {}", content.config, as_of) != last.config
            || content.bodies != last.registry.0
            || content.directives != last.registry.1
            || content.plans.len() != old.plans.len()
        {
            return None;
        }
        let by_path: HashMap<&str, &Arc<Plan>> =
            content.plans.iter().map(|p| (p.path.as_str(), p)).collect();
        let mut plans = old.plans.clone();
        // The plan files as read now, in the last build's plan order.
        let sources: Vec<Arc<Plan>> = (old.plans.iter())
            .map(|rp| by_path.get(rp.path.as_str()).map(|p| (*p).clone()))
            .collect::<Option<_>>()?;
        let mut edited_paths: HashSet<&str> = HashSet::default();
        let mut edited = Vec::new();
        for (pid, rp) in old.plans.iter().enumerate() {
            let (was, new) = (&last.sources[pid], &sources[pid]);
            if Arc::ptr_eq(was, new) {
                continue;
            }
            if !same_references(was, new) {
                return None;
            }
            edited_paths.insert(rp.path.as_str());
            edited.push(pid);
            let before = state.untouched();
            let mut d = Diagnostics::default();
            let found = state.resolve_plan(pid, new, &sources, &mut d);
            let mut fresh = found.into_plan(Plan::clone(new));
            if state.untouched() != before {
                return None;
            }
            // Set by other plans (`replaces`), which did not change.
            fresh.status = if rp.replaced_by.is_empty() {
                fresh.status
            } else {
                rp.status
            };
            fresh.replaced_by = rp.replaced_by.clone();
            plans[pid] = Arc::new(fresh);
            per_path.insert(rp.path.clone(), d.count(crate::diag::Severity::Warning));
            diags.extend(d);
        }
        let elsewhere = per_path
            .iter()
            .filter(|(p, _)| !edited_paths.contains(p.as_str()))
            .map(|(_, n)| n)
            .sum();
        debug_assert_eq!(
            (state.bodies.len(), state.docs.len()),
            (old.bodies.len(), old.docs.len())
        );
        let resolved = Resolved {
            config: content.config.clone(),
            as_of,
            // The state added none (checked above): the last build's are the state's.
            bodies: old.bodies.clone(),
            docs: old.docs.clone(),
            plans,
        };
        self.state = Some(state);
        Some((
            resolved,
            (per_path, elsewhere, Some(edited), Arc::new(sources)),
        ))
    }

    fn update(
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
        // After an edit resolved alone, URLs and file names are those of the last build (see
        // `site::reindex`): only the edited plans are fingerprinted again, a page is known by
        // its value, and file names are made only for outputs that come or go.
        let same_names = edited.is_some() && last.theme.statics.keys().eq(theme.statics.keys());
        let (fingerprints, changed) = match edited {
            Some(plans) => deps::refingerprint(&site, &last.fingerprints, plans),
            None => {
                let f = deps::fingerprints(&site);
                let c = deps::changed(&last.fingerprints, &f);
                (f, c)
            }
        };
        let mut owners = deps::touched(&last.site, &changed);
        owners.extend(deps::touched(&site, &changed));
        // Year pages link to one another.
        let years_changed = !last
            .site
            .buckets()
            .years
            .keys()
            .eq(site.buckets().years.keys());
        let content_changed = !changed.is_empty() || years_changed;
        let templates = changed_templates(&last.theme, &theme);
        lap("so sánh");

        // Pages of long lists: only those whose rows moved, or show a changed row, are made.
        // Where each page of a long list was in the last build, by file (unless names are the
        // last build's, when a page is where it was).
        let old_pages: HashMap<String, (Paged, usize)> = if same_names {
            HashMap::default()
        } else {
            Page::all(&last.site)
                .iter()
                .filter_map(|p| p.paged().map(|x| (p.file(&last.site), x)))
                .collect()
        };
        let plan_changed: Vec<bool> = site
            .plan_urls()
            .iter()
            .map(|u| changed.contains(u))
            .collect();
        // Each list's rows are gathered once per build (a long list has many pages).
        let mut rows_new = ListRows::new(&site);
        let mut rows_old = ListRows::new(&last.site);
        // Whether a task's row shows something else: asked once per task of a changed plan,
        // however many lists show it.
        let mut task_differs: HashMap<TaskKey, bool> = HashMap::default();
        let mut differs = |k: TaskKey| {
            *task_differs.entry(k).or_insert_with(|| {
                row_digest(&site, Row::Task(k)) != row_digest(&last.site, Row::Task(k))
            })
        };
        // Task lists with the last build's tasks and page starts (most lists an edit touches:
        // its tasks stay where they were): which of their pages show a changed row, found in
        // one pass over the list rather than page by page. `None`: the list moved.
        let mut kept_lists: HashMap<TaskList, Option<Vec<bool>>> = HashMap::default();
        // `renamed`: the page's owner changed (a renamed body renames its lists).
        let mut page_changed = |p: &Page, renamed: bool| -> bool {
            let Some((list, n)) = p.paged() else {
                return true;
            };
            if renamed {
                return true;
            }
            if let (true, Paged::Tasks(l)) = (same_names, list) {
                let pages = kept_lists.entry(l).or_insert_with(|| {
                    let (keys, starts) = (l.keys(&site), site.task_pages(l));
                    if keys != l.keys(&last.site) || *starts != *last.site.task_pages(l) {
                        return None;
                    }
                    let mut pages = vec![false; starts.len()];
                    for (i, &k) in keys.iter().enumerate() {
                        if plan_changed[k.plan()] && differs(k) {
                            pages[starts.partition_point(|&s| s <= i) - 1] = true;
                        }
                    }
                    Some(pages)
                });
                if let Some(pages) = pages {
                    return pages.get(n).copied().unwrap_or(true);
                }
            }
            let (old_list, old_n) = if same_names {
                (list, n)
            } else {
                match old_pages.get(&p.file(&site)) {
                    Some(&x) => x,
                    None => return true,
                }
            };
            let (new, old) = (rows_new.page(list, n), rows_old.page(old_list, old_n));
            if (new.1, new.2) != (old.1, old.2) || new.0.len() != old.0.len() {
                return true;
            }
            // Same rows in the same order; those of changed plans (or of documents whose
            // implementers changed) are compared by what the template receives.
            let (new, old) = (new.0, old.0);
            (0..new.len())
                .map(|i| (new.get(i), old.get(i)))
                .any(|(a, b)| {
                    let same = if same_names {
                        a == b
                    } else {
                        a.key(&site) == b.key(&last.site)
                    };
                    if !same {
                        return true;
                    }
                    match a {
                        // Keys are the last build's only when names are.
                        Row::Task(k) if same_names => plan_changed[k.plan()] && differs(k),
                        Row::Task(k) => {
                            plan_changed[k.plan()]
                                && row_digest(&site, a) != row_digest(&last.site, b)
                        }
                        Row::Plan(p) => {
                            plan_changed[p] && row_digest(&site, a) != row_digest(&last.site, b)
                        }
                        Row::Doc(_) => {
                            let url = a.key(&site).0;
                            (changed.contains(url) || owners.contains(url))
                                && row_digest(&site, a) != row_digest(&last.site, b)
                        }
                    }
                })
        };

        // Outputs come in a fixed order: most rebuilds add and remove none.
        let all = Output::all(&site, theme.statics.len());
        let assets = theme.asset_names();
        let same_outputs = same_names && all == **last.outputs;
        let (added, gone): (HashSet<Output>, Vec<Output>) = if same_names && !same_outputs {
            let old: HashSet<Output> = last.outputs.iter().copied().collect();
            let new: HashSet<Output> = all.iter().copied().collect();
            (
                new.iter().filter(|o| !old.contains(o)).copied().collect(),
                old.iter().filter(|o| !new.contains(o)).copied().collect(),
            )
        } else {
            Default::default()
        };
        let mut files = HashSet::default();
        let mut now = Vec::new();
        let mut later = Vec::new();
        let mut owner_of_list: Option<(Paged, bool, bool)> = None;
        for &o in &all {
            let is_new = if same_names {
                added.contains(&o)
            } else {
                let names = o.files(&site, &assets);
                let new = names.iter().any(|f| !last.files.contains(f));
                files.extend(names);
                new
            };
            let pick = is_new
                || match o {
                    // The sitemap lists URLs only: see below.
                    Output::Page(Page::Sitemap) => {
                        templates.contains(render::template(&Page::Sitemap))
                    }
                    Output::Page(p) => {
                        (!templates.is_empty() && templates.contains(render::template(&p))) || {
                            // A list's pages all have its owner, and come one after another.
                            let (touched, renamed) = match (p.paged(), owner_of_list) {
                                (Some((list, _)), Some((l, t, r))) if l == list => (t, r),
                                _ => {
                                    let owner = p.owner(&site);
                                    let touched = match &owner {
                                        None => content_changed,
                                        Some(u) => {
                                            owners.contains(u.as_ref())
                                                || (years_changed && matches!(p, Page::Year(_)))
                                        }
                                    };
                                    let renamed =
                                        owner.is_some_and(|u| changed.contains(u.as_ref()));
                                    owner_of_list = p.paged().map(|(l, _)| (l, touched, renamed));
                                    (touched, renamed)
                                }
                            };
                            touched && page_changed(&p, renamed)
                        }
                    }
                    Output::Asset(i) => {
                        let name = theme.statics.keys().nth(i);
                        name.is_some_and(|n| last.theme.statics.get(n) != theme.statics.get(n))
                    }
                    Output::Data(DataFile::Calendar(b)) => owners.contains(&site.body_url(b)),
                    Output::Data(_) => content_changed,
                };
            if pick {
                if o.is_bulk() {
                    later.push(o)
                } else {
                    now.push(o)
                }
            }
        }
        // The files of outputs that went, and what the site's files now are.
        let (outputs, files, removed) = if same_outputs {
            (last.outputs.clone(), last.files.clone(), Vec::new())
        } else if same_names {
            let mut files = (*last.files).clone();
            let mut removed = Vec::new();
            let last_assets = last.theme.asset_names();
            for o in &gone {
                for f in o.files(&last.site, &last_assets) {
                    files.remove(&f);
                    removed.push(f);
                }
            }
            for o in &added {
                files.extend(o.files(&site, &assets));
            }
            (Arc::new(all), Arc::new(files), removed)
        } else {
            let removed = last.files.difference(&files).cloned().collect();
            (Arc::new(all), Arc::new(files), removed)
        };
        if files != last.files {
            let sitemap = Output::Page(Page::Sitemap);
            if !now.contains(&sitemap) {
                now.push(sitemap);
            }
        }
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
            )
            .map_err(BuildError::Other)?;
        }
        let mut w = written.into_inner().unwrap();
        w.sort();
        Ok((w, stopped))
    }
}

/// The rows of long lists of one build, and where their pages start, each list gathered once.
struct ListRows<'a> {
    site: &'a Site,
    /// Rows of lists other than of tasks (a task list's rows are its keys, see `Paged::rows`).
    rows: HashMap<Paged, Vec<Row>>,
    starts: HashMap<Paged, Arc<Vec<usize>>>,
}

/// The rows one page of a list shows, borrowed: a task list's keys or a gathered list's rows.
#[derive(Clone, Copy)]
enum PageRows<'r> {
    Tasks(&'r [TaskKey]),
    Rows(&'r [Row]),
}

impl PageRows<'_> {
    fn len(&self) -> usize {
        match self {
            PageRows::Tasks(k) => k.len(),
            PageRows::Rows(r) => r.len(),
        }
    }

    fn get(&self, i: usize) -> Row {
        match self {
            PageRows::Tasks(k) => Row::Task(k[i]),
            PageRows::Rows(r) => r[i],
        }
    }
}

impl<'a> ListRows<'a> {
    fn new(site: &'a Site) -> Self {
        ListRows {
            site,
            rows: HashMap::default(),
            starts: HashMap::default(),
        }
    }

    /// What page `n` of a list shows: its rows, whether a next page follows, and on the first
    /// page the total and the number of pages (it links them all). Nothing is copied: an
    /// edit asks this of thousands of pages.
    fn page(&mut self, list: Paged, n: usize) -> (PageRows<'_>, bool, Option<(usize, usize)>) {
        let site = self.site;
        let starts = self.starts.entry(list).or_insert_with(|| match list {
            Paged::Tasks(l) => site.task_pages(l),
            _ => Arc::new(list.starts(site)),
        });
        let (from, to, pages) = (
            starts.get(n).copied(),
            starts.get(n + 1).copied(),
            starts.len(),
        );
        let rows = match list {
            Paged::Tasks(l) => PageRows::Tasks(l.keys(site)),
            // Related plans are gathered anew at each call: once per list here.
            _ => PageRows::Rows(
                self.rows
                    .entry(list)
                    .or_insert_with(|| list.rows(site, 0, list.len(site))),
            ),
        };
        let len = rows.len();
        let (from, to) = (from.unwrap_or(len), to.unwrap_or(len));
        let rows = match rows {
            PageRows::Tasks(k) => PageRows::Tasks(&k[from..to]),
            PageRows::Rows(r) => PageRows::Rows(&r[from..to]),
        };
        (rows, n + 1 < pages, (n == 0).then_some((len, pages)))
    }
}

fn write_error(path: &str, e: std::io::Error) -> BuildError {
    BuildError::Other(vec![format!("không ghi được {path}: {e}")])
}

/// Templates that changed, and those that extend or include them or call their components.
fn changed_templates(old: &Theme, new: &Theme) -> HashSet<String> {
    let mut out: HashSet<String> = new
        .templates
        .iter()
        .filter(|(n, t)| old.templates.get(*n) != Some(t))
        .map(|(n, _)| n.clone())
        .collect();
    out.extend(
        old.templates
            .keys()
            .filter(|n| !new.templates.contains_key(*n))
            .cloned(),
    );
    if out.contains(rows::TEMPLATE) {
        out.extend(rows::PAGE_TEMPLATES.iter().map(|t| t.to_string()));
    }
    // Components are global: a call names the component, not the template defining it.
    let mut definer: HashMap<String, &str> = HashMap::default();
    for (n, t) in old.templates.iter().chain(&new.templates) {
        for c in uses(t).defines {
            definer.insert(c, n.as_str());
        }
    }
    loop {
        let more: BTreeSet<String> = new
            .templates
            .iter()
            .filter(|(n, t)| {
                let u = uses(t);
                !out.contains(*n)
                    && (u.templates.iter().any(|x| out.contains(x))
                        || u.calls
                            .iter()
                            .any(|c| definer.get(c).is_some_and(|d| out.contains(*d))))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// What a template names: the templates in `{% extends %}`, `{% include %}` and `{% import %}`,
/// the components it calls (`{{ <name … /> }}`, `{% <name> %}`), and those it defines.
#[derive(Debug, Default, PartialEq)]
struct Uses {
    templates: Vec<String>,
    calls: Vec<String>,
    defines: Vec<String>,
}

fn uses(template: &str) -> Uses {
    let mut out = Uses::default();
    let name = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect()
    };
    for (open, close) in [("{%", "%}"), ("{{", "}}")] {
        for tag in template.split(open).skip(1) {
            let tag = tag
                .split(close)
                .next()
                .unwrap_or("")
                .trim_start_matches('-')
                .trim();
            // A component call is `<` right before a name; a comparison has a space after it.
            for (i, _) in tag.match_indices('<') {
                let n = name(&tag[i + 1..]);
                if n.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                    out.calls.push(n);
                }
            }
            let mut words = tag.split_whitespace();
            match words.next().unwrap_or("") {
                "extends" | "include" | "import" => {
                    if let Some(n) = tag.split(['"', '\'']).nth(1) {
                        out.templates.push(n.to_string());
                    }
                }
                "component" => out.defines.push(name(words.next().unwrap_or(""))),
                _ => {}
            }
        }
    }
    out
}

/// Whether two versions of a plan resolve alike but for deadlines: same place in the site,
/// same issuer, tasks with the same ids, and the same names and references written.
fn same_references(a: &Plan, b: &Plan) -> bool {
    fn values<T: AsRef<str>>(l: &[crate::content::Located<T>]) -> impl Iterator<Item = &str> {
        l.iter().map(|x| x.value.as_ref())
    }
    let cited = |p: &Plan| -> Vec<(String, Option<chrono::NaiveDate>, String)> {
        (p.citations.all().iter())
            .map(|(r, _)| (r.number.clone(), r.date, r.doc_type.clone()))
            .collect()
    };
    a.path == b.path
        && a.number == b.number
        && a.date == b.date
        && a.issuer.value == b.issuer.value
        && values(&a.implements).eq(values(&b.implements))
        && values(&a.based_on).eq(values(&b.based_on))
        && values(&a.replaces).eq(values(&b.replaces))
        && a.recipients == b.recipients
        && a.distribution == b.distribution
        && a.tasks.len() == b.tasks.len()
        && a.tasks.iter().zip(&b.tasks).all(|(x, y)| {
            x.id == y.id
                && values(&x.lead).eq(values(&y.lead))
                && values(&x.support).eq(values(&y.support))
                && values(&x.implements).eq(values(&y.implements))
        })
        && cited(a) == cited(b)
}

#[cfg(test)]
mod tests {
    use super::uses;

    #[test]
    fn finds_the_templates_and_components_a_template_uses() {
        let t = r#"{% extends "base.html" %}{%- include 'x.html' -%}{% if a < 2 %}{{ <pager p={p} /> }}{% <card> %}{% </card> %}{% component ui.button(label) %}{{ label }}{% endcomponent %}"#;
        let u = uses(t);
        assert_eq!(u.templates, ["base.html", "x.html"]);
        assert_eq!(u.calls, ["card", "pager"]);
        assert_eq!(u.defines, ["ui.button"]);
    }
}
