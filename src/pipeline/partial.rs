//! A build that makes only what an edit of plans changed, as `serve` does, though no build is
//! kept in memory between two runs of the command: each build leaves beside its site a
//! [`Recall`] of what it made (every plan's, body's and document's fingerprint, the pages each
//! showed on, the shape of every page of a long list, the ids of every page), and the next
//! build compares its own site with it. What it does not make it carries over from the site
//! in place, which the note has shown untouched since.
//!
//! Only plan files may have changed: anything else (site.yaml, content/ beside the plans, a
//! theme, the options, the date, the program) shows on every page, and the whole site is made.
//! What counts as changed, and which pages show it, is the live rebuild's (`deps`); a page of a
//! long list is made again when its rows moved or one of them belongs to what changed.

use super::deps::{self, Fingerprints};
use super::list_rows::ListRows;
use super::pieces::{Before, Noted};
use crate::diag::Diagnostic;
use crate::export::pieces::Places;
use crate::render::theme::Theme;
use crate::site::lists::Row;
use crate::site::routes::{DataFile, Output, Page};
use crate::site::Site;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io::Write;

/// What a build remembers of the site it made, for the next build. It is saved as JSON, then
/// a line break, then the ids of every page as little-endian u64s, in `id_files` order.
#[derive(serde::Serialize, serde::Deserialize, Default)]
pub(super) struct Recall {
    /// The hash of what the build read (`Inputs::all`): the note beside the site names it.
    inputs: String,
    /// What the build read but the plan files (`Inputs::frame`).
    frame: String,
    fingerprints: Vec<(String, u64)>,
    /// The owners of the pages each plan, body and document showed on, as indexes into
    /// `owners`.
    owners: Vec<String>,
    touched: Vec<(String, Vec<u32>)>,
    years: Vec<i32>,
    /// The shape of each page of a long list, by file ([`ListRows::shape`]).
    shapes: Vec<(String, u64)>,
    /// The files of pages with ids, with how many each has.
    id_files: Vec<(String, u32)>,
    /// The plans in the order of the pieces of the whole-site task files, and where each
    /// piece is in each file (`export::pieces`).
    piece_plans: Vec<String>,
    pieces: Vec<(String, Places)>,
    #[serde(skip)]
    ids: Vec<u64>,
}

impl Recall {
    /// What to remember of `site`, built from `inputs` (its fingerprints, when known), but
    /// the ids of its pages ([`Recall::with_ids`]).
    pub(super) fn begin(
        site: &Site,
        inputs: &super::inputs::Inputs,
        fingerprints: Option<&Fingerprints>,
    ) -> Recall {
        let ((touched, owners), shapes) = rayon::join(
            || {
                let mut owners: Vec<String> = Vec::new();
                let mut index: HashMap<String, u32> = HashMap::default();
                let mut touched = Vec::new();
                deps::touched_each(site, &mut |url, pages| {
                    let pages = (pages.into_iter())
                        .map(|o| {
                            *index.entry(o).or_insert_with_key(|o| {
                                owners.push(o.clone());
                                owners.len() as u32 - 1
                            })
                        })
                        .collect();
                    touched.push((url, pages));
                });
                (touched, owners)
            },
            || shapes(site),
        );
        let mut fingerprints: Vec<(String, u64)> = match fingerprints {
            Some(f) => f.iter().map(|(u, f)| (u.clone(), *f)).collect(),
            None => deps::fingerprints(site).into_iter().collect(),
        };
        fingerprints.sort_unstable();
        Recall {
            inputs: inputs.all.clone(),
            frame: inputs.frame.clone(),
            fingerprints,
            owners,
            touched,
            years: site.buckets().years.keys().copied().collect(),
            shapes,
            id_files: Vec::new(),
            piece_plans: site.plan_urls().to_vec(),
            pieces: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// The recall, with where this build put the pieces of the files it made (`noted`), and
    /// those of the files it carried over as the last build noted them (`before`, in the same
    /// order of plans).
    pub(super) fn with_pieces(
        mut self,
        noted: Vec<(String, Places)>,
        before: Option<Noted>,
    ) -> Recall {
        if let Some(before) = before.filter(|b| b.plans == self.piece_plans) {
            let made = |file: &str| noted.iter().any(|(f, _)| f == file);
            let carried = before.files.into_iter().filter(|(file, _)| !made(file));
            self.pieces.extend(carried);
        }
        self.pieces.extend(noted);
        self
    }

    /// The recall, with `ids`: the ids of every page, by file.
    pub(super) fn with_ids(mut self, ids: crate::linkcheck::IdsByFile) -> Recall {
        self.id_files = Vec::with_capacity(ids.len());
        for (file, v) in ids {
            self.id_files.push((file, v.len() as u32));
            self.ids.extend(v);
        }
        self
    }

    /// Writes the recall as it is saved (see [`Recall`]), a piece at a time: at 100,000 plans
    /// it is over 100 MB, written when the build's memory peaks.
    pub(super) fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(w);
        serde_json::to_writer(&mut w, self)?;
        w.write_all(b"\n")?;
        for id in &self.ids {
            w.write_all(&id.to_le_bytes())?;
        }
        w.flush()
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Recall> {
        let at = memchr::memchr(b'\n', bytes)?;
        let mut r: Recall = serde_json::from_slice(&bytes[..at]).ok()?;
        let ids = &bytes[at + 1..];
        let want: usize = r.id_files.iter().map(|(_, n)| *n as usize).sum();
        if ids.len() != want * 8 {
            return None;
        }
        r.ids = ids
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        Some(r)
    }
}

/// Every page of a long list of `site`, by file, with its shape.
fn shapes(site: &Site) -> Vec<(String, u64)> {
    let mut rows = ListRows::new(site);
    Page::all(site)
        .iter()
        .filter_map(|p| {
            let (list, n) = p.paged()?;
            Some((p.file(site), rows.shape(list, n)))
        })
        .collect()
}

/// What a build that makes only what changed makes, and what it carries over.
pub(super) struct Choice {
    /// Outputs to make.
    pub make: Vec<Output>,
    /// Files of the site in place to keep as they are.
    pub carry: Vec<String>,
    /// The ids of the pages carried over, by file: links to them are good.
    pub carried_ids: Vec<(String, Vec<u64>)>,
    /// The broken links the last build found in the pages carried over.
    pub carried_links: Vec<Diagnostic>,
    /// The fingerprints of this build's site (for its own [`Recall`]).
    pub fingerprints: Fingerprints,
    /// The files of the site in place.
    pub in_place: crate::output::InPlace,
    /// The pieces of the whole-site task files this build may take from the site in place.
    pub pieces: Before,
    /// The order of plans of the last build's pieces, and where they are, for the files this
    /// build carries over.
    pub pieces_in_place: Noted,
}

/// The site in place, as a build that makes only what changed takes it: what its build
/// remembered, its broken links and its files. It needs nothing of this build's site, so it
/// is read while the plans are read and resolved.
pub(super) struct Last {
    recall: Recall,
    /// `recall`'s fingerprints, by URL.
    old: Fingerprints,
    links: Vec<Diagnostic>,
    in_place: crate::output::InPlace,
}

impl Last {
    /// The site at `output`, whose note says it was built from `built_from` with broken
    /// `links`; `Err` says why it cannot be taken from (everything is then made).
    pub(super) fn read(
        output: &std::path::Path,
        built_from: &str,
        links: Vec<Diagnostic>,
    ) -> Result<Last, &'static str> {
        // Beside the resolving of plans, on this thread alone.
        let in_place = crate::output::check_intact(output, crate::output::Threads::This)
            .map_err(super::untrusted)?;
        let recall = crate::output::read_recall(output)
            .ok_or("lần tạo trước không ghi nhớ gì cho lần sau")?;
        let mut recall = Recall::decode(&recall)
            .filter(|r| r.inputs == built_from)
            .ok_or("không đọc được những gì lần tạo trước ghi nhớ")?;
        Ok(Last {
            old: std::mem::take(&mut recall.fingerprints)
                .into_iter()
                .collect(),
            recall,
            links,
            in_place,
        })
    }
}

/// What to make of `site`, built from `inputs`, given the site in place (`last`); `Err` says
/// why everything must be made instead.
pub(super) fn choose(
    last: Last,
    inputs: &super::inputs::Inputs,
    site: &Site,
    theme: &Theme,
) -> Result<Choice, &'static str> {
    let Last {
        mut recall,
        old,
        links,
        in_place,
    } = last;
    if recall.frame != inputs.frame {
        return Err(
            "site.yaml, tệp ngoài content/plans/, giao diện, tùy chọn hay ngày đối chiếu đã đổi từ lần tạo trước",
        );
    }
    let fingerprints = deps::fingerprints(site);
    let changed = deps::changed(&old, &fingerprints);
    let mut owners = deps::touched(site, &changed);
    let touched: HashMap<&str, &[u32]> = (recall.touched.iter())
        .map(|(u, t)| (u.as_str(), t.as_slice()))
        .collect();
    for c in &changed {
        let before = touched.get(c.as_str()).copied().unwrap_or_default();
        owners.extend(
            before
                .iter()
                .filter_map(|&i| recall.owners.get(i as usize).cloned()),
        );
    }
    let years_changed = !site.buckets().years.keys().eq(recall.years.iter());
    let content_changed = !changed.is_empty() || years_changed;
    let plan_changed: Vec<bool> = (site.plan_urls().iter())
        .map(|u| changed.contains(u))
        .collect();
    let shapes: HashMap<&str, u64> = (recall.shapes.iter())
        .map(|(f, s)| (f.as_str(), *s))
        .collect();
    let mut rows = ListRows::new(site);
    // Whether page `n` of a list shows other rows than it did, or a row of something changed.
    let mut page_changed = |list, n, file: &str| {
        if shapes.get(file) != Some(&rows.shape(list, n)) {
            return true;
        }
        let (r, _, _) = rows.page(list, n);
        (0..r.len()).any(|i| match r.get(i) {
            Row::Task(k) => plan_changed[k.plan()],
            Row::Plan(p) => plan_changed[p],
            d @ Row::Doc(_) => {
                let url = d.key(site).0;
                changed.contains(url) || owners.contains(url)
            }
        })
    };

    let assets = theme.asset_names();
    let (mut make, mut carry) = (Vec::new(), Vec::new());
    let (mut files_now, mut any_new) = (0, false);
    let mut sitemaps = Vec::new();
    let mut owner_of_list = None;
    let mut plan_carried = vec![false; site.plans().len()];
    let changes = deps::Changes {
        changed: &changed,
        owners: &owners,
        years_changed,
        content_changed,
    };
    for o in Output::all(site, theme.statics.len()) {
        let files = o.files(site, &assets);
        files_now += files.len();
        let is_new = files.iter().any(|f| !in_place.contains(f));
        any_new |= is_new;
        let pick = is_new
            || match o {
                Output::Page(Page::Sitemap | Page::SitemapPart(_)) => {
                    sitemaps.push((o, files.clone()));
                    continue;
                }
                Output::Page(p) => {
                    let (touched, renamed) = changes.owner(site, &p, &mut owner_of_list);
                    touched
                        && match p.paged() {
                            None => true,
                            Some((list, n)) => renamed || page_changed(list, n, &files[0]),
                        }
                }
                Output::Asset(_) => false,
                Output::Data(DataFile::Calendar(b)) => owners.contains(&site.body_url(b)),
                Output::Data(_) => content_changed,
                Output::SourceDoc(p) => owners.contains(&site.plan_urls()[p]),
            };
        if pick {
            make.push(o);
        } else {
            if let Output::Page(Page::Plan(p)) = o {
                plan_carried[p] = true;
            }
            carry.extend(files);
        }
    }
    // The sitemap lists every URL, with the newest date of each plan.
    let files_changed = any_new || files_now != in_place.len();
    for (o, files) in sitemaps {
        if content_changed || files_changed {
            make.push(o);
        } else {
            carry.extend(files);
        }
    }

    let carried: HashSet<&str> = carry.iter().map(String::as_str).collect();
    let mut at = 0;
    let mut carried_ids = Vec::new();
    for (file, n) in &recall.id_files {
        let ids = &recall.ids[at..at + *n as usize];
        at += *n as usize;
        if carried.contains(file.as_str()) {
            carried_ids.push((file.clone(), ids.to_vec()));
        }
    }
    let carried_links = (links.into_iter())
        .filter(|d| carried.contains(d.path.as_str()))
        .collect();
    let old: HashMap<&str, u32> = (recall.piece_plans.iter().enumerate())
        .map(|(i, u)| (u.as_str(), i as u32))
        .collect();
    let from = (site.plan_urls().iter().zip(&plan_carried))
        .map(|(u, &carried)| old.get(u.as_str()).copied().filter(|_| carried))
        .collect();
    let pieces = Before {
        places: recall.pieces.iter().cloned().collect(),
        from,
    };
    Ok(Choice {
        make,
        carry,
        carried_ids,
        carried_links,
        fingerprints,
        in_place,
        pieces,
        pieces_in_place: Noted {
            plans: std::mem::take(&mut recall.piece_plans),
            files: std::mem::take(&mut recall.pieces),
        },
    })
}
