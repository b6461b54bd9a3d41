//! Which outputs a rebuild remakes: the pages that show something that changed (found from
//! the fingerprints and link indexes of the last build and this one), the pages whose template
//! changed, the outputs that came or went, and the whole-site data files, which are written
//! after the reload.

use super::super::deps;
use super::super::list_rows::ListRows;
use super::Last;
use crate::render::theme::{self, Theme};
use crate::render::{self, views::row_digest};
use crate::resolve::{PlanId, TaskKey};
use crate::site::lists::{Paged, Row, TaskList};
use crate::site::routes::{DataFile, Output, Page};
use crate::site::Site;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// What a rebuild makes, and what the site's outputs are after it.
pub(super) struct Choice {
    pub fingerprints: deps::Fingerprints,
    /// Templates that changed, with those that use them.
    pub templates: HashSet<String>,
    /// Outputs to make before the reload, and after it (the large data files).
    pub now: Vec<Output>,
    pub later: Vec<Output>,
    /// Every output and file of the site now, and the files that went.
    pub outputs: Arc<Vec<Output>>,
    pub files: Arc<HashSet<String>>,
    pub removed: Vec<String>,
}

/// The outputs of `site` (built with `theme`) to make, given the `last` build; `edited`: the
/// plans resolved again alone, when only they were. `lap` marks the end of each step.
pub(super) fn choose(
    last: &Last,
    site: &Site,
    theme: &Theme,
    edited: Option<&[PlanId]>,
    lap: &mut dyn FnMut(&'static str),
) -> Choice {
    // After an edit resolved alone, URLs and file names are those of the last build (see
    // `site::reindex`): only the edited plans are fingerprinted again, a page is known by
    // its value, and file names are made only for outputs that come or go.
    let same_names = edited.is_some() && last.theme.statics.keys().eq(theme.statics.keys());
    let (fingerprints, changed) = match edited {
        Some(plans) => deps::refingerprint(site, &last.fingerprints, plans),
        None => {
            let f = deps::fingerprints(site);
            let c = deps::changed(&last.fingerprints, &f);
            (f, c)
        }
    };
    let mut owners = deps::touched(&last.site, &changed);
    owners.extend(deps::touched(site, &changed));
    // Year pages link to one another.
    let years_changed = !last
        .site
        .buckets()
        .years
        .keys()
        .eq(site.buckets().years.keys());
    let content_changed = !changed.is_empty() || years_changed;
    // The sitemap lists URLs, and a plan's newest date (`lastmod`): an edit resolved alone
    // that moved no date leaves it as it was (when URLs change, see below).
    let lastmods_changed = match edited {
        Some(plans) if same_names => {
            (plans.iter()).any(|&p| site.plan_lastmod(p) != last.site.plan_lastmod(p))
        }
        _ => content_changed,
    };
    let templates = theme::changed_templates(&last.theme, theme);
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
    let mut rows_new = ListRows::new(site);
    let mut rows_old = ListRows::new(&last.site);
    // Whether a task's row shows something else: asked once per task of a changed plan,
    // however many lists show it.
    let mut task_differs: HashMap<TaskKey, bool> = HashMap::default();
    let mut differs = |k: TaskKey| {
        *task_differs.entry(k).or_insert_with(|| {
            row_digest(site, Row::Task(k)) != row_digest(&last.site, Row::Task(k))
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
                let (keys, starts) = (l.keys(site), site.task_pages(l));
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
            match old_pages.get(&p.file(site)) {
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
                    a.key(site) == b.key(&last.site)
                };
                if !same {
                    return true;
                }
                match a {
                    // Keys are the last build's only when names are.
                    Row::Task(k) if same_names => plan_changed[k.plan()] && differs(k),
                    Row::Task(k) => {
                        plan_changed[k.plan()] && row_digest(site, a) != row_digest(&last.site, b)
                    }
                    Row::Plan(p) => {
                        plan_changed[p] && row_digest(site, a) != row_digest(&last.site, b)
                    }
                    Row::Doc(_) => {
                        let url = a.key(site).0;
                        (changed.contains(url) || owners.contains(url))
                            && row_digest(site, a) != row_digest(&last.site, b)
                    }
                }
            })
    };

    // Outputs come in a fixed order: most rebuilds add and remove none.
    let all = Output::all(site, theme.statics.len());
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
    let mut owner_of_list = None;
    let changes = deps::Changes {
        changed: &changed,
        owners: &owners,
        years_changed,
        content_changed,
    };
    for &o in &all {
        let is_new = if same_names {
            added.contains(&o)
        } else {
            let names = o.files(site, &assets);
            let new = names.iter().any(|f| !last.files.contains(f));
            files.extend(names);
            new
        };
        let pick = is_new
            || match o {
                Output::Page(p @ (Page::Sitemap | Page::SitemapPart(_))) => {
                    lastmods_changed || templates.contains(render::template(&p))
                }
                Output::Page(p) => {
                    (!templates.is_empty() && templates.contains(render::template(&p))) || {
                        let (touched, renamed) = changes.owner(site, &p, &mut owner_of_list);
                        touched && page_changed(&p, renamed)
                    }
                }
                Output::Asset(i) => {
                    let name = theme.statics.keys().nth(i);
                    name.is_some_and(|n| last.theme.statics.get(n) != theme.statics.get(n))
                }
                Output::Data(DataFile::Calendar(b)) => owners.contains(&site.body_url(b)),
                Output::Data(_) => content_changed,
                // The file is hashed with its plan: an edited plan's page is its owner.
                Output::SourceDoc(p) => owners.contains(&site.plan_urls()[p]),
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
            files.extend(o.files(site, &assets));
        }
        (Arc::new(all), Arc::new(files), removed)
    } else {
        let removed = last.files.difference(&files).cloned().collect();
        (Arc::new(all), Arc::new(files), removed)
    };
    if files != last.files {
        for sitemap in outputs
            .iter()
            .filter(|o| matches!(o, Output::Page(Page::Sitemap | Page::SitemapPart(_))))
        {
            if !now.contains(sitemap) {
                now.push(*sitemap);
            }
        }
    }
    Choice {
        fingerprints,
        templates,
        now,
        later,
        outputs,
        files,
        removed,
    }
}
