//! A built site kept in memory between rebuilds, for `serve`. Each rebuild re-reads only the
//! plan files that changed, resolves and indexes the whole site again (cheap next to
//! rendering), compares fingerprints with the previous build (see `deps`) and renders only the
//! pages that show something that changed, writing each file in place only when its bytes
//! differ. The whole-site data exports come after, in [`Session::finish`], so the browser can
//! reload first. A change to site.yaml or to as_of rebuilds everything.

use super::deps::{self, Fingerprints};
use super::{output_dir, prepare_cached, write_full, BuildError, BuildOptions, Timings};
use crate::content::PlanCache;
use crate::output;
use crate::render::{self, theme::Theme, DataFile, Output, Page, Paged, Row, PER_PAGE};
use crate::site::Site;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Session {
    opts: BuildOptions,
    cache: PlanCache,
    last: Option<Last>,
    /// Whole-site files still to write for the last rebuild.
    pending: Vec<Output>,
}

struct Last {
    site: Site,
    theme: Theme,
    fingerprints: Fingerprints,
    files: HashSet<String>,
    /// site.yaml and as_of, as text: when they change every page may change.
    config: String,
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
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            cache: PlanCache::default(),
            last: None,
            pending: Vec::new(),
        }
    }

    pub fn output(&self) -> std::path::PathBuf {
        output_dir(&self.opts)
    }

    /// Brings the output folder up to date with the sources. On error the folder and the
    /// session are left as they were.
    pub fn rebuild(&mut self) -> Result<Rebuild, BuildError> {
        let start = Instant::now();
        let o = &self.opts;
        let (site, diags, timings) =
            prepare_cached(&o.root, o.as_of, o.base_url.as_deref(), &mut self.cache);
        let Some(site) = site else {
            return Err(BuildError::Content(diags.into_sorted()));
        };
        let theme = render::theme::load(&o.root, &site.r.config.theme)
            .map_err(|e| BuildError::Other(vec![e]))?;
        let config = format!("{:?} {}", site.r.config, site.as_of());
        let warnings = diags.count(crate::diag::Severity::Warning);
        let last = match self.last.take() {
            Some(l) if l.config == config => l,
            _ => {
                let report = write_full(&self.opts, &site, &theme, diags, timings)?;
                let files = all_files(&site, &theme);
                self.pending.clear();
                self.last = Some(Last {
                    fingerprints: deps::fingerprints(&site),
                    site,
                    theme,
                    files,
                    config,
                });
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
        match self.update(&last, site, theme, config, timings, start) {
            Ok(mut r) => {
                r.warnings = warnings;
                // Freeing a large site takes a while; nobody waits for it.
                std::thread::spawn(move || drop(last));
                Ok(r)
            }
            Err(e) => {
                self.last = Some(last);
                Err(e)
            }
        }
    }

    fn update(
        &mut self,
        last: &Last,
        site: Site,
        theme: Theme,
        config: String,
        mut timings: Timings,
        start: Instant,
    ) -> Result<Rebuild, BuildError> {
        let render_start = Instant::now();
        let mut steps = Vec::new();
        let mut step = Instant::now();
        let mut lap = |name: &'static str| {
            steps.push((name, step.elapsed()));
            step = Instant::now();
        };
        let fingerprints = deps::fingerprints(&site);
        let changed = deps::changed(&last.fingerprints, &fingerprints);
        let mut owners = deps::touched(&last.site, &changed);
        owners.extend(deps::touched(&site, &changed));
        // Year pages link to one another.
        let years_changed = !last.site.buckets.years.keys().eq(site.buckets.years.keys());
        let content_changed = !changed.is_empty() || years_changed;
        let templates = changed_templates(&last.theme, &theme);
        lap("so sánh");

        // Pages of long lists: only those whose rows moved, or show a changed row, are made.
        let old_pages: HashMap<String, (Paged, usize)> = Page::all(&last.site)
            .iter()
            .filter_map(|p| p.paged().map(|x| (p.file(&last.site), x)))
            .collect();
        let page_changed = |p: &Page| -> bool {
            let Some((list, n)) = p.paged() else {
                return true;
            };
            // A renamed body renames its lists.
            if p.owner(&site).is_some_and(|o| changed.contains(&o)) {
                return true;
            }
            let Some(&(old_list, old_n)) = old_pages.get(&p.file(&site)) else {
                return true;
            };
            let (new, old) = (
                page_rows(&site, list, n),
                page_rows(&last.site, old_list, old_n),
            );
            if (new.1, new.2) != (old.1, old.2) || new.0.len() != old.0.len() {
                return true;
            }
            // Same rows in the same order; those of changed plans (or of documents whose
            // implementers changed) are compared by what the template receives.
            new.0.iter().zip(&old.0).any(|(a, b)| {
                let key = a.key(&site);
                if key != b.key(&last.site) {
                    return true;
                }
                let suspect =
                    changed.contains(key.0) || (matches!(a, Row::Doc(_)) && owners.contains(key.0));
                suspect && a.digest(&site) != b.digest(&last.site)
            })
        };

        let mut files = HashSet::new();
        let mut now = Vec::new();
        let mut later = Vec::new();
        for o in Output::all(&site, &theme) {
            let names = o.files(&site, &theme);
            let is_new = names.iter().any(|f| !last.files.contains(f));
            let pick = is_new
                || match o {
                    // The sitemap lists URLs only: see below.
                    Output::Page(Page::Sitemap) => templates.contains("sitemap.xml"),
                    Output::Page(p) => {
                        templates.contains(p.template())
                            || (match p.owner(&site) {
                                None => content_changed,
                                Some(u) => {
                                    owners.contains(&u)
                                        || (years_changed && matches!(p, Page::Year(_)))
                                }
                            } && page_changed(&p))
                    }
                    Output::Asset(i) => {
                        let name = theme.statics.keys().nth(i);
                        name.is_some_and(|n| last.theme.statics.get(n) != theme.statics.get(n))
                    }
                    Output::Data(DataFile::Calendar(b)) => owners.contains(&site.body_url(b)),
                    Output::Data(_) => content_changed,
                };
            files.extend(names);
            if pick {
                if o.is_bulk() {
                    later.push(o)
                } else {
                    now.push(o)
                }
            }
        }
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
        let stats = render::render_outputs(&site, &theme, &now, &|path, data| {
            made.lock().unwrap().push((path.to_string(), data.to_vec()));
            Ok(())
        })
        .map_err(BuildError::Other)?;
        lap("tạo trang");
        let dir = self.output();
        let mut written = Vec::new();
        for (path, data) in made.into_inner().unwrap() {
            if output::update(&dir, &path, &data).map_err(|e| write_error(&path, e))? {
                written.push(path);
            }
        }
        let mut removed: Vec<String> = last.files.difference(&files).cloned().collect();
        for path in &removed {
            output::remove(&dir, path).map_err(|e| write_error(path, e))?;
        }
        written.sort();
        removed.sort();
        lap("ghi");
        timings.render = render_start.elapsed();
        let pending = later.len();
        self.pending = later;
        self.last = Some(Last {
            site,
            theme,
            fingerprints,
            files,
            config,
        });
        Ok(Rebuild {
            full: false,
            rendered: stats.files,
            written,
            removed,
            pending,
            timings,
            elapsed: start.elapsed(),
            steps,
            ..Rebuild::default()
        })
    }

    /// Writes the whole-site files the last rebuild left for later. Returns those that changed.
    pub fn finish(&mut self) -> Result<Vec<String>, BuildError> {
        let Some(last) = &self.last else {
            return Ok(Vec::new());
        };
        if self.pending.is_empty() {
            return Ok(Vec::new());
        }
        let dir = self.output();
        let written = Mutex::new(Vec::new());
        render::render_outputs(&last.site, &last.theme, &self.pending, &|path, data| {
            if output::update(&dir, path, data)? {
                written.lock().unwrap().push(path.to_string());
            }
            Ok(())
        })
        .map_err(BuildError::Other)?;
        self.pending.clear();
        let mut w = written.into_inner().unwrap();
        w.sort();
        Ok(w)
    }
}

/// What page `n` of a list shows: its rows, whether a next page follows, and on the first
/// page the total.
type PageRows = (Vec<Row>, bool, Option<usize>);

fn page_rows(site: &Site, list: Paged, n: usize) -> PageRows {
    let len = list.len(site);
    let rows = (n * PER_PAGE..((n + 1) * PER_PAGE).min(len))
        .map(|i| list.row(site, i))
        .collect();
    (rows, (n + 1) * PER_PAGE < len, (n == 0).then_some(len))
}

fn write_error(path: &str, e: std::io::Error) -> BuildError {
    BuildError::Other(vec![format!("không ghi được {path}: {e}")])
}

fn all_files(site: &Site, theme: &Theme) -> HashSet<String> {
    Output::all(site, theme)
        .iter()
        .flat_map(|o| o.files(site, theme))
        .collect()
}

/// Templates that changed, and those that extend, include or import them.
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
    loop {
        let more: BTreeSet<String> = new
            .templates
            .iter()
            .filter(|(n, t)| !out.contains(*n) && uses(t).iter().any(|u| out.contains(u)))
            .map(|(n, _)| n.clone())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// The templates a template names in `{% extends %}`, `{% include %}` and `{% import %}`.
fn uses(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in template.split("{%").skip(1) {
        let tag = tag
            .split("%}")
            .next()
            .unwrap_or("")
            .trim_start_matches('-')
            .trim();
        let kw = tag.split_whitespace().next().unwrap_or("");
        if matches!(kw, "extends" | "include" | "import") {
            if let Some(name) = tag.split(['"', '\'']).nth(1) {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uses;

    #[test]
    fn finds_the_templates_a_template_uses() {
        let t = r#"{% extends "base.html" %}{% import "macros.html" as m %}{%- include 'x.html' -%}{% if a %}"#;
        assert_eq!(uses(t), ["base.html", "macros.html", "x.html"]);
    }
}
