//! Stage 1, load: reads site.yaml, the plan files and the two registries into plain data, with
//! the position of every value that a later stage may need to complain about. Nothing here knows
//! what a name or a number refers to; that is `resolve`.

mod fields;
pub mod locate;
mod plan;
mod registry;

use crate::diag::{Diagnostics, Pos};
use crate::number::{find_in_text, TextRef};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

pub use plan::parse_plan;
pub use registry::{parse_departments, parse_directives};

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

/// A date as documents write it: drafts leave the day (or the month) blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; the error says what is wrong, in Vietnamese.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let shape = || {
            format!("ngày `{s}` không đúng dạng: viết YYYY-MM-DD (ví dụ 2026-03-20), hoặc YYYY-MM / YYYY khi văn bản để trống ngày")
        };
        let year = num(parts[0], 4).ok_or_else(shape)? as i32;
        let month = match parts.get(1) {
            Some(p) => Some(num(p, 2).ok_or_else(shape)?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(p) => Some(num(p, 2).ok_or_else(shape)?),
            None => None,
        };
        if parts.len() > 3 {
            return Err(shape());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!(
                    "ngày `{s}` không hợp lệ: tháng {m} không tồn tại (tháng từ 01 đến 12)"
                ));
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if chrono::NaiveDate::from_ymd_opt(year, m, d).is_none() {
                return Err(format!(
                    "ngày `{s}` không hợp lệ: tháng {m} năm {year} không có ngày {d}"
                ));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// As written in exports: `2026-03-20`, `2026-06` or `2026`.
    pub fn written(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// As Vietnamese documents print it: "ngày 20 tháng 3 năm 2026", "tháng 6 năm 2026", "năm 2026".
    pub fn vietnamese(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("ngày {d} tháng {m} năm {}", self.year),
            (Some(m), None) => format!("tháng {m} năm {}", self.year),
            _ => format!("năm {}", self.year),
        }
    }

    /// The full date when the day is known.
    pub fn full(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// Earliest day the date can mean; used for ordering and feeds.
    pub fn first_day(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub as_of: Option<chrono::NaiveDate>,
    pub theme: String,
    pub organization: String,
    /// Raw HTML in plan bodies passes as written (`trust_html: true`); by default it is
    /// sanitized to a safe allow-list.
    pub trust_html: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Kế hoạch".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "vi".into(),
            as_of: None,
            theme: "default".into(),
            organization: String::new(),
            trust_html: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    Draft,
    Issued,
    Superseded,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Issued => "issued",
            PlanStatus::Superseded => "superseded",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Dự thảo",
            PlanStatus::Issued => "Đã ban hành",
            PlanStatus::Superseded => "Đã được thay thế",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "not-started" => TaskStatus::NotStarted,
            "in-progress" => TaskStatus::InProgress,
            "done" => TaskStatus::Done,
            "cancelled" => TaskStatus::Cancelled,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not-started",
            TaskStatus::InProgress => "in-progress",
            TaskStatus::Done => "done",
            TaskStatus::Cancelled => "cancelled",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Chưa bắt đầu",
            TaskStatus::InProgress => "Đang thực hiện",
            TaskStatus::Done => "Hoàn thành",
            TaskStatus::Cancelled => "Đã hủy",
        }
    }
    /// Closed tasks are never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signer {
    pub name: String,
    pub position: String,
    pub authority: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub date: chrono::NaiveDate,
    pub note: String,
}

// The lists are boxed slices, not vectors: a site keeps every task to the end of the build,
// and a vector's capacity is a word more per list.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: String,
    /// The id as a URL fragment (its slug): unique within the plan, checked when it is read.
    pub slug: String,
    pub pos: Pos,
    /// Headings above the task, outermost first ("I. Nhiệm vụ chung", "9. Tăng cường ...").
    pub group: Box<[String]>,
    pub title: String,
    pub lead: Box<[Located<Arc<str>>]>,
    pub support: Box<[Located<Arc<str>>]>,
    pub outputs: Box<[String]>,
    pub deadline: Option<Located<String>>,
    pub implements: Box<[Located<String>]>,
    pub status: Option<TaskStatus>,
    pub progress: Box<[Progress]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// File name without extension; the slug of an unnumbered plan.
    pub stem: String,
    pub number: String,
    pub number_pos: Pos,
    pub doc_type: String,
    pub title: String,
    pub issuer: Located<String>,
    pub date: PartialDate,
    pub place: String,
    pub signer: Option<Signer>,
    pub status: Option<PlanStatus>,
    pub implements: Vec<Located<String>>,
    pub based_on: Vec<Located<String>>,
    pub replaces: Vec<Located<String>>,
    pub recipients: Vec<String>,
    pub distribution: Vec<String>,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub body: String,
    pub body_line: usize,
    /// Hash of the file's bytes: a rebuild compares it to tell which plans changed.
    pub source_hash: u64,
    /// Document numbers the body and the task titles write in running text.
    pub citations: Citations,
    /// Where the plan's page links document numbers: in the body's parts, then in the task
    /// titles (`part` is the task), in order.
    pub body_refs: Vec<PlacedRef>,
    pub title_refs: Vec<PlacedRef>,
    /// Link targets written in the body, with their lines.
    pub links: Vec<(String, usize)>,
}

/// The documents a plan cites in running text ("Kế hoạch số 90/KH-UBND ngày 20/3/2026"): in
/// the body, then in each task title, in order, each with its line. Found once per version of
/// the file, when it is read: scanning the text is the costliest part of resolving.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Citations {
    refs: Vec<(TextRef, Pos)>,
    /// For each task, the index in `refs` of its title's first reference; then one past the
    /// last.
    titles: Vec<u32>,
}

impl Citations {
    fn find(body: &str, body_line: usize, tasks: &[Task]) -> Citations {
        let mut refs = Vec::new();
        let (mut line, mut upto) = (body_line, 0);
        for r in find_in_text(body) {
            line += body[upto..r.start].matches('\n').count();
            upto = r.start;
            refs.push((r, Pos::line(line)));
        }
        let mut titles = Vec::with_capacity(tasks.len() + 1);
        for t in tasks {
            titles.push(refs.len() as u32);
            refs.extend(find_in_text(&t.title).into_iter().map(|r| (r, t.pos)));
        }
        titles.push(refs.len() as u32);
        // Kept with the plan for the whole build: without the room a growing vector leaves.
        refs.shrink_to_fit();
        Citations { refs, titles }
    }

    /// Every citation: the body's, then the task titles'.
    pub fn all(&self) -> &[(TextRef, Pos)] {
        &self.refs
    }

    /// The citations in the title of task `task` (offsets within the title).
    pub fn in_title(&self, task: usize) -> &[(TextRef, Pos)] {
        match (self.titles.get(task), self.titles.get(task + 1)) {
            (Some(&a), Some(&b)) => &self.refs[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// A document number in the linkable text of a part of the body or of a task title (see
/// [`crate::markdown::walk`]): the part (or task), the text event, the bytes of the event's
/// text to link, and the number's comparison key.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRef {
    pub part: u32,
    pub event: u32,
    pub start: u32,
    pub end: u32,
    pub key: String,
}

impl PlacedRef {
    fn new(part: usize, event: u32, r: &TextRef) -> PlacedRef {
        PlacedRef {
            part: part as u32,
            event,
            start: r.start as u32,
            end: r.end as u32,
            key: crate::number::normalize(&r.number),
        }
    }
}

/// Where the page of a plan will link document numbers: in each part of the body, and in
/// each task title (whose references, when it is one line of text, are its citations).
fn placed_refs(body: &str, tasks: &[Task], cited: &Citations) -> (Vec<PlacedRef>, Vec<PlacedRef>) {
    let mut in_body = Vec::new();
    for (i, (part, _)) in crate::markdown::body_parts(body).into_iter().enumerate() {
        for (ev, r) in crate::markdown::linkable_refs(part) {
            in_body.push(PlacedRef::new(i, ev, &r));
        }
    }
    let mut in_titles = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        if crate::markdown::title_is_one_text(&t.title) {
            in_titles.extend(
                cited
                    .in_title(i)
                    .iter()
                    .map(|(r, _)| PlacedRef::new(i, 0, r)),
            );
        } else {
            for (ev, r) in crate::markdown::linkable_refs(&t.title) {
                in_titles.push(PlacedRef::new(i, ev, &r));
            }
        }
    }
    (in_body, in_titles)
}

/// The destinations of the Markdown links in `body`, each with its line.
fn body_links(body: &str, body_line: usize) -> Vec<(String, usize)> {
    use pulldown_cmark::{Event, Parser, Tag};
    let (mut line, mut upto) = (body_line, 0);
    let mut out = Vec::new();
    for (ev, range) in Parser::new(body).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. }) = ev {
            line += body[upto..range.start].matches('\n').count();
            upto = range.start;
            out.push((dest_url.to_string(), line));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    Department,
    Unit,
    Commune,
    Enterprise,
    Group,
    External,
}

impl BodyKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "department" => BodyKind::Department,
            "unit" => BodyKind::Unit,
            "commune" => BodyKind::Commune,
            "enterprise" => BodyKind::Enterprise,
            "group" => BodyKind::Group,
            "external" => BodyKind::External,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            BodyKind::Department => "Cơ quan",
            BodyKind::Unit => "Đơn vị trực thuộc",
            BodyKind::Commune => "Xã, phường, đặc khu",
            BodyKind::Enterprise => "Doanh nghiệp",
            BodyKind::Group => "Nhóm cơ quan",
            BodyKind::External => "Cơ quan ngoài thành phố",
        }
    }
}

/// An entry of departments.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyEntry {
    pub id: String,
    pub name: String,
    pub short: String,
    /// The body's code in document numbers ("SKHCN" in 269/KH-SKHCN); lets `new` infer the issuer.
    pub code: String,
    pub aliases: Vec<String>,
    pub parent: Option<Located<String>>,
    pub kind: BodyKind,
    pub pos: Pos,
}

/// An entry of directives.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveEntry {
    pub number: String,
    pub doc_type: String,
    pub issuer: String,
    pub date: Option<PartialDate>,
    pub title: String,
    pub url: String,
    pub implements: Vec<Located<String>>,
    pub pos: Pos,
}

pub const DEPARTMENTS: &str = "content/departments.yaml";
pub const DIRECTIVES: &str = "content/directives.yaml";
pub const SITE: &str = "site.yaml";

#[derive(Debug)]
pub struct Content {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub plans: Vec<Arc<Plan>>,
    pub bodies: Vec<BodyEntry>,
    pub directives: Vec<DirectiveEntry>,
}

/// Reads a whole site. Problems go to `diags`; what could be read is returned regardless, so
/// that one run reports every error.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Content {
    load_cached(root, &mut PlanCache::default(), diags)
}

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
    /// What the last load gave, file by file in the order of the listing: an edit that adds
    /// and removes no file replaces its own entries instead of looking up every file again.
    merged: Option<Merged>,
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

struct Cached {
    stamp: (Option<SystemTime>, u64),
    plan: Option<Arc<Plan>>,
    diags: Diagnostics,
}

fn stamp(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len()))
}

/// [`load`] that reuses the plans of `cache` whose files did not change, and updates it.
pub fn load_cached(root: &Path, cache: &mut PlanCache, diags: &mut Diagnostics) -> Content {
    load_changed(root, cache, None, diags)
}

/// [`load_cached`] told which paths changed since the cache was filled (by a file watcher):
/// only those are looked at, not every plan file. Anything it cannot place for sure (a
/// folder, a link, a path outside the site) makes it list and check every file as
/// [`load_cached`] does. `None` is the same as [`load_cached`].
pub fn load_changed(
    root: &Path,
    cache: &mut PlanCache,
    changed: Option<&[PathBuf]>,
    diags: &mut Diagnostics,
) -> Content {
    let config = cached(&mut cache.config, &root.join(SITE), diags, |d| {
        load_config(root, d)
    });
    let bodies = cached(&mut cache.bodies, &root.join(DEPARTMENTS), diags, |d| {
        read_optional(root, DEPARTMENTS, d)
            .map_or_else(Vec::new, |t| parse_departments(DEPARTMENTS, &t, d))
    });
    let directives = cached(&mut cache.directives, &root.join(DIRECTIVES), diags, |d| {
        read_optional(root, DIRECTIVES, d)
            .map_or_else(Vec::new, |t| parse_directives(DIRECTIVES, &t, d))
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
    }
}

/// Reads and parses one plan file, with the time and size it had.
fn read_plan(abs: &Path, rel: &str) -> Cached {
    let st = stamp(abs);
    let (plan, d) = match read_file(abs) {
        Ok(bytes) => parse_plan(rel, &bytes),
        Err(e) => {
            let mut d = Diagnostics::default();
            d.error(rel, Pos::line(1), e);
            (None, d)
        }
    };
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

/// The order of plan files: by names folder by folder, as a walk that sorts each folder's
/// names gives it.
fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().map(|c| if c == b'/' { 0 } else { c })
    }
    key(a).cmp(key(b))
}

/// Every `*.md` under content/plans, sorted by path so that runs are deterministic.
fn plan_files(root: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let dir = root.join("content").join("plans");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let outside = std::cell::RefCell::new(Vec::new());
    // Links are followed so that a folder linked within the site is read, but one that leads
    // outside it is refused: a plan file must be part of the site that is published.
    let walk = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if !e.path_is_symlink() {
                return true;
            }
            match e.path().canonicalize() {
                Ok(real) if real.starts_with(&real_root) => true,
                Ok(real) => {
                    outside.borrow_mut().push((e.path().to_path_buf(), real));
                    false
                }
                // a broken link: walkdir reports it as an entry error below
                Err(_) => true,
            }
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| "content/plans".into());
                diags.error(
                    &rel,
                    Pos::line(1),
                    format!("không đọc được thư mục hoặc tệp: {e}; cấp quyền đọc cho nó, hoặc sửa hay xóa liên kết tượng trưng (symlink) hỏng"),
                );
                continue;
            }
        };
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "md") {
            out.push((p.to_path_buf(), rel_path(root, p)));
        }
    }
    for (link, real) in outside.into_inner() {
        diags.error(&rel_path(root, &link), Pos::line(1), outside_message(&real));
    }
    // Sorted once, by names folder by folder (the order a walk sorted by file name gives):
    // walkdir's own sorting takes each name out of its path at every comparison. With the
    // separator made the lowest byte, comparing whole paths gives that order.
    out.sort_by_cached_key(|(_, rel)| rel.replace('/', "\0"));
    debug_assert!(out.windows(2).all(|w| path_order(&w[0].1, &w[1].1).is_lt()));
    out
}

pub fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn outside_message(real: &Path) -> String {
    format!(
        "đây là liên kết tượng trưng (symlink) trỏ ra ngoài thư mục của trang, tới {}; chép tệp vào content/ thay vì liên kết",
        real.display()
    )
}

/// Where `path` leads when it is a symbolic link to something outside the site's folder.
fn link_outside(root: &Path, path: &Path) -> Option<PathBuf> {
    if !path.symlink_metadata().ok()?.file_type().is_symlink() {
        return None;
    }
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (!real.starts_with(real_root)).then_some(real)
}

fn read_optional(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let path = root.join(rel);
    if let Some(real) = link_outside(root, &path) {
        diags.error(rel, Pos::line(1), outside_message(&real));
        return None;
    }
    if !path.exists() {
        diags.warning(
            rel,
            Pos::line(1),
            "không có tệp này; danh mục được coi là trống",
        );
        return None;
    }
    match read_file(&path) {
        Ok(bytes) => fields::decode_utf8(rel, &bytes, diags),
        Err(e) => {
            diags.error(rel, Pos::line(1), e);
            None
        }
    }
}

/// The largest content file read: hundreds of times the longest real plan (90/KH-UBND, 51
/// tasks, is 47 KB; 100,000 tasks fit), and small enough that parsing it stays within
/// the build's memory budget.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Reads a content file, refusing one too large to be a plan or a registry.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("không đọc được tệp: {e}"))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "tệp dài {:.1} MB, quá giới hạn {} MB của một tệp nội dung; tách thành nhiều kế hoạch, hoặc để phụ lục dài ở tệp đính kèm và dẫn liên kết tới nó",
            len as f64 / 1048576.0,
            MAX_FILE_BYTES / 1048576
        ));
    }
    std::fs::read(path).map_err(|e| format!("không đọc được tệp: {e}"))
}

fn load_config(root: &Path, diags: &mut Diagnostics) -> SiteConfig {
    let bytes = match std::fs::read(root.join(SITE)) {
        Ok(b) => b,
        Err(_) => {
            diags.error(
                SITE,
                Pos::line(1),
                format!(
                    "không tìm thấy site.yaml trong {}: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --root",
                    root.display()
                ),
            );
            return SiteConfig::default();
        }
    };
    match fields::decode_utf8(SITE, &bytes, diags) {
        Some(text) => parse_config(&text, diags),
        None => SiteConfig::default(),
    }
}

/// The settings of site.yaml; what is missing keeps its default.
pub fn parse_config(text: &str, diags: &mut Diagnostics) -> SiteConfig {
    let mut cfg = SiteConfig::default();
    let Some(map) = fields::parse_mapping(SITE, text, 1, diags) else {
        return cfg;
    };
    let loc = locate::Locator::new(text, 1);
    let f = fields::Fields::new(SITE, &map, &loc, "");
    if let Some(s) = f.string("title", diags) {
        cfg.title = s;
    }
    if let Some(s) = f.string("description", diags) {
        cfg.description = s;
    }
    if let Some(s) = f.string("base_url", diags) {
        cfg.base_url = s;
    }
    if let Some(s) = f.string("language", diags) {
        cfg.language = s;
    }
    if let Some(s) = f.string("theme", diags) {
        cfg.theme = s;
    }
    if let Some(s) = f.string("organization", diags) {
        cfg.organization = s;
    }
    if let Some(s) = f.string("trust_html", diags) {
        match s.as_str() {
            "true" => cfg.trust_html = true,
            "false" => cfg.trust_html = false,
            _ => diags.error(
                SITE,
                f.pos("trust_html"),
                format!("trust_html `{s}` phải là true hoặc false"),
            ),
        }
    }
    if let Some(s) = f.string("as_of", diags) {
        match PartialDate::parse(&s).ok().and_then(|d| d.full()) {
            Some(d) => cfg.as_of = Some(d),
            None => diags.error(
                SITE,
                f.pos("as_of"),
                format!("as_of `{s}` phải là một ngày đầy đủ YYYY-MM-DD"),
            ),
        }
    }
    cfg
}

#[cfg(test)]
mod tests {
    /// Plans are read in the order of a walk that sorts each folder's names: a folder's plans
    /// come before a file whose name extends the folder's, and `-` sorts before `.`.
    #[test]
    fn plan_files_come_in_the_order_of_a_sorted_walk() {
        let root = tempfile::tempdir().unwrap();
        let plans = root.path().join("content/plans");
        let names = [
            "b.md", "a.md", "a-b.md", "a/x.md", "a/b/c.md", "a b.md", "note.txt",
        ];
        for n in names {
            let p = plans.join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let mut diags = super::Diagnostics::default();
        let got: Vec<String> = super::plan_files(root.path(), &mut diags)
            .into_iter()
            .map(|(_, rel)| rel)
            .collect();
        let walked: Vec<String> = walkdir::WalkDir::new(&plans)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| super::rel_path(root.path(), e.path()))
            .collect();
        assert_eq!(got, walked);
        assert_eq!(
            got[..3],
            [
                "content/plans/a/b/c.md",
                "content/plans/a/x.md",
                "content/plans/a b.md"
            ]
        );
    }
}
