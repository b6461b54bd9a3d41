//! What a live session keeps of the files it read: each plan file parsed, with the time and
//! size it had, site.yaml and the registries, and the listing of plan files. A rebuild reads
//! again only what changed.

use crate::content::{self, path_order, plan_files, rel_path, Content, Plan, SiteConfig};
use crate::content::{BodyEntry, DirectiveEntry, DEPARTMENTS, DIRECTIVES, SITE};
use crate::diag::Diagnostics;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Parsed plan files kept between builds (by `serve`): a file is parsed again only when its
/// size or modification time changed, so an edit costs one file, not the whole site.
#[derive(Default)]
pub struct PlanCache {
    /// By path from the root (FxHash: a live rebuild looks up every plan file).
    files: rustc_hash::FxHashMap<String, Cached>,
    /// The plan files found by the last listing, as (path, path from the root), in order,
    /// and what listing them reported (a link leading out of the site stays an error).
    listing: Option<(Listing, Diagnostics)>,
    config: Option<CachedFile<SiteConfig>>,
    bodies: Option<CachedFile<Vec<BodyEntry>>>,
    directives: Option<CachedFile<Vec<DirectiveEntry>>>,
    /// Report files as last read, by path from the root: few beside the plans, listed again
    /// on every rebuild and read again when their time or size changed.
    reports: rustc_hash::FxHashMap<String, CachedReport>,
    /// What the last load gave, file by file in the order of the listing: an edit that adds
    /// and removes no file replaces its own entries instead of looking up every file again.
    merged: Option<Merged>,
    /// Whether the last load listed every plan file (not told, or not able to use, what
    /// changed).
    listed_all: bool,
}

impl PlanCache {
    /// Whether the last load listed every plan file again.
    pub fn listed_all(&self) -> bool {
        self.listed_all
    }
}

struct Merged {
    plans: Vec<Option<Arc<Plan>>>,
    diags: Diagnostics,
}

/// Plan files as (path, path from the root), in the order they are read.
type Listing = Vec<(PathBuf, String)>;

/// A whole-site file (site.yaml and the registries) as last read, with what reading it
/// reported: a live rebuild after a plan edit need not parse them again.
struct CachedFile<T> {
    stamp: (SystemTime, u64),
    value: T,
    diags: Diagnostics,
}

/// `read` of the file at `path`, or what it gave last time when the file's time and size
/// are unchanged.
fn cached<T: Clone>(
    slot: &mut Option<CachedFile<T>>,
    path: &Path,
    diags: &mut Diagnostics,
    read: impl FnOnce(&mut Diagnostics) -> T,
) -> T {
    let st = stamp(path).and_then(|(t, n)| Some((t?, n)));
    if let (Some(st), Some(c)) = (st, slot.as_ref()) {
        if c.stamp == st {
            diags.extend(c.diags.clone());
            return c.value.clone();
        }
    }
    let mut d = Diagnostics::default();
    let value = read(&mut d);
    *slot = st.map(|stamp| CachedFile {
        stamp,
        value: value.clone(),
        diags: d.clone(),
    });
    diags.extend(d);
    value
}

struct CachedReport {
    stamp: (Option<SystemTime>, u64),
    report: Option<Arc<content::Report>>,
    diags: Diagnostics,
}

/// The site's reports, through the cache: a file is read again when its time or size changed.
fn load_reports(
    root: &Path,
    cache: &mut rustc_hash::FxHashMap<String, CachedReport>,
    diags: &mut Diagnostics,
) -> Vec<Arc<content::Report>> {
    let files = content::report_files(root, diags);
    let mut kept = rustc_hash::FxHashMap::default();
    let mut out = Vec::with_capacity(files.len());
    for (abs, rel) in files {
        let st = stamp(&abs).unwrap_or((None, 0));
        let c = match cache.remove(&rel) {
            Some(c) if st.0.is_some() && c.stamp == st => c,
            _ => {
                let (report, diags) = content::read_report(&abs, &rel);
                CachedReport {
                    stamp: st,
                    report: report.map(Arc::new),
                    diags,
                }
            }
        };
        diags.extend(c.diags.clone());
        out.extend(c.report.clone());
        kept.insert(rel, c);
    }
    *cache = kept;
    out
}

struct Cached {
    stamp: (Option<SystemTime>, u64),
    plan: Option<Arc<Plan>>,
    diags: Diagnostics,
}

fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len()))
}

/// The site as [`content::load`] reads it, reading through `cache`: only the files whose time
/// or size changed since the cache was filled are read again. When a file watcher reported
/// every path that changed (`changed`), only those are looked at, not every plan file;
/// anything it cannot place for sure (a folder, a link, a path outside the site) makes it list
/// and check every file.
pub fn load_changed(
    root: &Path,
    cache: &mut PlanCache,
    changed: Option<&[PathBuf]>,
    diags: &mut Diagnostics,
) -> Content {
    let config = cached(&mut cache.config, &root.join(SITE), diags, |d| {
        content::read_config(root, d)
    });
    let bodies = cached(&mut cache.bodies, &root.join(DEPARTMENTS), diags, |d| {
        content::read_departments(root, d)
    });
    let directives = cached(&mut cache.directives, &root.join(DIRECTIVES), diags, |d| {
        content::read_directives(root, d)
    });
    // Plan files the watcher reported are read again and the others taken from the cache
    // unchecked; otherwise every file is listed, and read again when its time or size changed.
    let relisted = match (changed, cache.listing.take()) {
        (Some(paths), Some((listing, d))) => relist(root, listing, paths)
            .ok()
            .map(|(files, touched, moved)| (files, d, Some(touched), moved)),
        _ => None,
    };
    let (files, listing_diags, touched, moved) = relisted.unwrap_or_else(|| {
        let mut d = Diagnostics::default();
        (plan_files(root, &mut d), d, None, true)
    });
    cache.listed_all = touched.is_none();
    let read = |(abs, rel): &(PathBuf, String)| (rel.clone(), read_plan(abs, rel));
    let fresh: Vec<(String, Cached)> = match &touched {
        // Told what changed: the listing came with the cache, which holds every other file
        // of it, so only the changed files are looked up (by path, in the sorted listing).
        Some(t) => t
            .iter()
            .filter_map(|rel| {
                let at = files.binary_search_by(|(_, r)| path_order(r, rel)).ok()?;
                Some(&files[at])
            })
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(read)
            .collect(),
        None => files
            .par_iter()
            .filter(|(abs, rel)| match cache.files.get(rel) {
                None => true,
                Some(c) => !(c.stamp.0.is_some() && stamp(abs) == Some(c.stamp)),
            })
            .map(read)
            .collect(),
    };
    let merged = match (&touched, moved, cache.merged.take()) {
        // The same files as last time: the changed ones take their new places.
        (Some(t), false, Some(mut m)) => {
            m.diags.retain(|d| !t.contains(&d.path));
            for (rel, c) in &fresh {
                if let Ok(at) = files.binary_search_by(|(_, r)| path_order(r, rel)) {
                    m.plans[at] = c.plan.clone();
                    m.diags.extend(c.diags.clone());
                }
            }
            cache.files.extend(fresh);
            m
        }
        _ => {
            cache.files.extend(fresh);
            if cache.files.len() > files.len() {
                let listed: HashSet<&str> = files.iter().map(|(_, r)| r.as_str()).collect();
                cache.files.retain(|rel, _| listed.contains(rel.as_str()));
            }
            let mut m = Merged {
                plans: Vec::with_capacity(files.len()),
                diags: Diagnostics::default(),
            };
            for (_, rel) in &files {
                let c = &cache.files[rel];
                m.diags.extend(c.diags.clone());
                m.plans.push(c.plan.clone());
            }
            m
        }
    };
    diags.extend(listing_diags.clone());
    diags.extend(merged.diags.clone());
    let plans = merged.plans.iter().flatten().cloned().collect();
    cache.merged = Some(merged);
    cache.listing = Some((files, listing_diags));
    Content {
        root: root.to_path_buf(),
        config,
        plans,
        bodies,
        directives,
        reports: load_reports(root, &mut cache.reports, diags),
    }
}

/// Reads and parses one plan file, with the time and size it had.
fn read_plan(abs: &Path, rel: &str) -> Cached {
    let st = stamp(abs);
    let (plan, d) = content::read_plan(abs, rel);
    Cached {
        stamp: st.unwrap_or((None, 0)),
        plan: plan.map(Arc::new),
        diags: d,
    }
}

/// The plan files after the changes of `paths` to `listing`, and the plan files among the
/// changes; `Err` when a change may have been to a folder or a link, or is not placed under
/// the root, so that every file must be listed again.
fn relist(
    root: &Path,
    mut listing: Listing,
    paths: &[PathBuf],
) -> Result<(Listing, HashSet<String>, bool), ()> {
    const PLANS: &str = "content/plans";
    let mut touched = HashSet::new();
    // Whether a file came or went.
    let mut moved = false;
    for p in paths {
        let rel = match p.strip_prefix(root) {
            Ok(r)
                if r.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_))) =>
            {
                rel_path(root, p)
            }
            _ => return Err(()),
        };
        if PLANS.starts_with(rel.as_str()) && !rel.is_empty() {
            // content or content/plans itself
            return Err(());
        }
        if !rel.starts_with("content/plans/") {
            // site.yaml, the registries and themes are checked on every rebuild anyway
            continue;
        }
        let meta = std::fs::symlink_metadata(p);
        let is_plan = rel.ends_with(".md");
        match meta {
            Ok(m) if m.is_file() => {
                if is_plan {
                    if let Err(at) = listing.binary_search_by(|(_, r)| path_order(r, &rel)) {
                        listing.insert(at, (root.join(&rel), rel.clone()));
                        moved = true;
                    }
                    touched.insert(rel);
                }
            }
            // a folder or a link: what it holds is not known without listing it
            Ok(_) => return Err(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let folder = format!("{rel}/");
                if listing.iter().any(|(_, r)| r.starts_with(&folder)) {
                    return Err(());
                }
                let before = listing.len();
                listing.retain(|(_, r)| *r != rel);
                moved |= listing.len() != before;
            }
            Err(_) => return Err(()),
        }
    }
    Ok((listing, touched, moved))
}
