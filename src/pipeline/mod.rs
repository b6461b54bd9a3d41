//! The pipeline: load → resolve → index → render → write. `check` runs the first three;
//! `live` keeps a built site in memory and remakes only what an edit touches.

mod deps;
mod inputs;
mod list_rows;
pub mod live;
mod make;
mod parsed;
mod partial;
mod pieces;
mod shelf;
mod sources;

pub use make::{make, make_kept, DataFiles, MakeStats, Sink};

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::render::theme;
use crate::resolve;
use crate::site::{self, Site};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub base_url: Option<String>,
    /// Treat every warning (an unresolved name, a broken link) as an error: nothing is
    /// published while one remains.
    pub strict: bool,
    /// Publish even a site with no plan, or with less than half the pages of the one in
    /// place (a content folder that failed to mount must not replace the published site).
    pub allow_shrink: bool,
    /// Make every file even when nothing changed since the build of the site in place.
    pub force: bool,
}

#[derive(Debug, Default)]
pub struct Timings {
    pub load: Duration,
    /// Plan files not parsed again: their bytes are those the last build parsed.
    pub plans_kept: usize,
    /// Stretches of the search index not made again: their items are the last build's.
    pub stretches_kept: usize,
    /// Pieces of the whole-site task files taken from the site in place.
    pub pieces_kept: usize,
    pub resolve: Duration,
    pub index: Duration,
    /// Finding what changed since the site in place (a build of only what changed).
    pub compare: Duration,
    pub render: Duration,
    pub commit: Duration,
    /// The parts of `render`, added over threads.
    pub render_parts: Vec<(&'static str, Duration)>,
    /// Rows of task lists made, and how many were packed.
    pub rows: crate::render::rows::Tally,
}

/// What a build made; kept in the note it leaves beside the site (see [`Note`]), without its
/// timings.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct BuildReport {
    #[serde(skip)]
    pub output: PathBuf,
    pub plans: usize,
    pub tasks: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// How many content warnings there are (`check` lists them).
    pub warnings: usize,
    /// Broken links in the pages written, by output file and line.
    pub link_warnings: Vec<Diagnostic>,
    #[serde(skip)]
    pub timings: Timings,
    /// Nothing was made: the site in place was built from the same inputs and is untouched.
    #[serde(skip)]
    pub unchanged: bool,
    /// Why everything was made, when it was (for `build -v`).
    #[serde(skip)]
    pub made_because: Option<&'static str>,
    /// When only what changed since the site in place was made: how many files were made (the
    /// others were kept as they were).
    #[serde(skip)]
    pub remade: Option<usize>,
}

/// What a build leaves beside the site it put in place: the hash of its inputs, and its
/// report, for a build that finds nothing changed to give again.
#[derive(serde::Deserialize)]
struct Note {
    inputs: String,
    report: BuildReport,
}

/// The report of the site in place at `output`, when it was built from `inputs` (`None`: they
/// could not all be read) and nothing in it changed since. Otherwise why the site must be
/// made, as staff read it, with the note of the site in place when it was built from other
/// inputs (a build can then make only what changed, see `partial`, once the folder is found
/// untouched: that check runs beside the reading of the plans).
fn unchanged(
    output: &Path,
    inputs: Option<&inputs::Inputs>,
) -> Result<BuildReport, (&'static str, Option<Box<Note>>)> {
    let inputs = inputs.ok_or((
        "không đọc được hết các tệp nguồn để so với lần tạo trước",
        None,
    ))?;
    let note = crate::output::read_note(output).map_err(|why| (untrusted(why), None))?;
    let note: Note =
        serde_json::from_str(&note).map_err(|_| ("ghi chú của lần tạo trước hỏng", None))?;
    if note.inputs != inputs.all {
        return Err((
            "nội dung, giao diện, tùy chọn hay ngày đối chiếu đã đổi từ lần tạo trước",
            Some(Box::new(note)),
        ));
    }
    crate::output::check_intact(output, crate::output::Threads::All)
        .map_err(|why| (untrusted(why), None))?;
    Ok(BuildReport {
        output: output.to_path_buf(),
        unchanged: true,
        ..note.report
    })
}

/// Why the site in place cannot be taken from, as staff read it.
fn untrusted(why: crate::output::Untrusted) -> &'static str {
    match why {
        crate::output::Untrusted::NoNote => "chưa có lần tạo trước nào hoàn tất vào thư mục này",
        crate::output::Untrusted::Changed => {
            "thư mục đầu ra đã bị sửa, thêm hay bớt tệp từ lần tạo trước"
        }
    }
}

#[derive(Debug)]
pub enum BuildError {
    /// Content errors (and the warnings found alongside), sorted.
    Content(Vec<Diagnostic>),
    /// Theme or output problems, as messages.
    Other(Vec<String>),
    /// A `--strict` build found warnings (sorted); nothing was published.
    Strict(Vec<Diagnostic>),
}

/// The site as `check` and `build` see it, with every diagnostic found on the way.
pub fn prepare(
    root: &Path,
    as_of: Option<NaiveDate>,
    base_url: Option<&str>,
) -> (Option<Site>, Diagnostics, Timings) {
    prepare_into(
        root,
        as_of,
        base_url,
        Diagnostics::default(),
        &content::read_plan,
        || {},
    )
}

/// [`prepare`], adding to `diags`; `loaded` is called when every file is read, before the
/// plans are resolved (on one core).
fn prepare_into(
    root: &Path,
    as_of: Option<NaiveDate>,
    base_url: Option<&str>,
    mut diags: Diagnostics,
    read: &content::ReadPlan<'_>,
    loaded: impl FnOnce(),
) -> (Option<Site>, Diagnostics, Timings) {
    let mut t = Timings::default();
    let start = Instant::now();
    let content = content::load_with(root, &mut diags, read);
    t.load = start.elapsed();
    loaded();
    // Nothing else holds the plans read: they move into the resolved site uncopied.
    let (content, as_of) = settle(content, as_of, base_url);
    let start = Instant::now();
    let resolved = resolve::resolve(content, as_of, &mut diags);
    t.resolve = start.elapsed();
    if diags.has_errors() {
        return (None, diags, t);
    }
    let site = index(resolved, &mut diags, &mut t);
    (Some(site), diags, t)
}

/// The site as read, with the base URL and as_of date to build for (the command line's, or
/// site.yaml's, or today).
fn settle(
    mut content: content::Content,
    as_of: Option<NaiveDate>,
    base_url: Option<&str>,
) -> (content::Content, NaiveDate) {
    if let Some(b) = base_url {
        content.config.base_url = b.to_string();
    }
    if !content.config.base_url.ends_with('/') {
        content.config.base_url.push('/');
    }
    let as_of = as_of
        .or(content.config.as_of)
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    (content, as_of)
}

/// Stage 3: the cross-linked site, and the check of links written in plan bodies.
fn index(resolved: resolve::Resolved, diags: &mut Diagnostics, t: &mut Timings) -> Site {
    let start = Instant::now();
    let site = site::index(resolved);
    crate::linkcheck::check_body_links(&site, diags);
    t.index = start.elapsed();
    site
}

/// [`index`] after an edit of `edited` plans only, given the last build's index (see
/// [`site::reindex`] for when that holds).
fn reindex(
    old: &Site,
    resolved: resolve::Resolved,
    edited: &[resolve::PlanId],
    diags: &mut Diagnostics,
    t: &mut Timings,
) -> Site {
    let start = Instant::now();
    let site = site::reindex(old, resolved, edited);
    crate::linkcheck::check_body_links(&site, diags);
    t.index = start.elapsed();
    site
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (inputs, hashes) = inputs::fingerprint(opts).unzip();
    let output = output_dir(opts);
    let (mut made_because, last) = if opts.force {
        ("theo --force", None)
    } else {
        match unchanged(&output, inputs.as_ref()) {
            Ok(report) => return Ok(report),
            Err(why) => why,
        }
    };
    let hashes = hashes.unwrap_or_default();
    // The folder the site is made in is made ready (the site before the one in place taken
    // over, and cleaned of what it should not hold), and the site in place read and checked,
    // while the plans are resolved: neither needs anything of them, and resolving runs on one
    // core (reading them runs on all). Likewise the parses kept for the next build are put in
    // place while this one makes the site.
    std::thread::scope(|scope| {
        let mut beside = None;
        let beside_resolving = || {
            beside = Some(scope.spawn(|| {
                let staging = staging_beside(&output);
                let last = last.map(|note| {
                    let Note { inputs, report } = *note;
                    partial::Last::read(&output, &inputs, report.link_warnings)
                });
                (staging, last)
            }));
        };
        // Only `--strict` prints the warnings; otherwise a build counts them.
        let diags = if opts.strict {
            Diagnostics::default()
        } else {
            Diagnostics::counting_warnings()
        };
        // Plan files whose bytes the last build parsed are not parsed again (but with --force).
        let parsed = parsed::ParsedPlans::open(&output, &hashes, !opts.force);
        let read = |abs: &Path, rel: &str| parsed.read(abs, rel);
        let (site, diags, mut timings) = prepare_into(
            &opts.root,
            opts.as_of,
            opts.base_url.as_deref(),
            diags,
            &read,
            beside_resolving,
        );
        timings.plans_kept = parsed.taken();
        scope.spawn(move || parsed.finish());
        let Some(site) = site else {
            return Err(BuildError::Content(diags.into_sorted()));
        };
        let theme = theme::load(&opts.root, &site.config().theme)
            .map_err(|e| BuildError::Other(vec![e]))?;
        // Only what changed, when the site in place remembers what it showed.
        let start = Instant::now();
        let (staging, last) = match beside.map(joined) {
            Some(made) => made,
            None => (staging_beside(&output), None),
        };
        let part = match (last, &inputs) {
            (Some(last), Some(inputs)) => last
                .and_then(|last| partial::choose(last, inputs, &site, &theme))
                .map_err(|why| made_because = why)
                .ok(),
            _ => None,
        };
        timings.compare = start.elapsed();
        let remade = part.is_some();
        let staging = staging?;
        let keep = inputs.map(|inputs| Keep { inputs, part });
        let report =
            write_site(opts, &site, &theme, diags, timings, staging, keep).map(|r| BuildReport {
                made_because: (!remade).then_some(made_because),
                ..r
            });
        drop_aside(site);
        report
    })
}

/// What a thread of a build's scope gave; its panic goes on.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A build that would publish fewer pages than this share of the site in place is refused.
pub const SHRINK_LIMIT: f64 = 0.5;

/// An error when publishing `site` over `output` would lose what the site in place holds: no
/// plan at all, or fewer than [`SHRINK_LIMIT`] of its pages. A failed mount or a wrong
/// `--root` looks like this; a site that really shrinks is published with `--allow-shrink`.
/// `published`: the files of the site in place, when known (else the folder is walked).
fn refuse_to_shrink(
    site: &Site,
    output: &Path,
    published: Option<&crate::output::InPlace>,
) -> Result<(), String> {
    let files: Vec<String> = match published {
        Some(site) => (site.files())
            .filter(|f| f.ends_with(".html"))
            .map(str::to_string)
            .collect(),
        None => crate::output::published_pages(output),
    };
    let published = files.len();
    let published_plans = files
        .iter()
        .filter(|f| crate::site::routes::is_plan_page(f))
        .count();
    if site.plans().is_empty() {
        return Err(format!(
            "không có kế hoạch nào trong content/plans/ (thư mục trống, chưa gắn ổ đĩa, hay --root sai?); trang đang đăng ({published} trang) được giữ nguyên. Nếu thật sự muốn đăng trang không có kế hoạch, chạy lại với --allow-shrink"
        ));
    }
    let pages = crate::site::routes::Page::all(site)
        .iter()
        .filter(|p| p.file(site).ends_with(".html"))
        .count();
    let plans = site.plans().len();
    let lost =
        |now: usize, before: usize| before > 0 && (now as f64) < before as f64 * SHRINK_LIMIT;
    if lost(pages, published) || lost(plans, published_plans) {
        return Err(format!(
            "bản mới có {plans} kế hoạch, {pages} trang; trang đang đăng có {published_plans} kế hoạch, {published} trang: bản mới chưa tới một nửa, nội dung có thể đã mất một phần (thư mục chưa đủ, --root sai?); trang đang đăng được giữ nguyên. Nếu thật sự muốn bỏ bớt, chạy lại với --allow-shrink"
        ));
    }
    Ok(())
}

/// Drops `value` on a thread of its own: freeing a site takes a quarter of a second at
/// 10,000 plans, and nothing waits for it (a command that exits next need not free at all).
pub fn drop_aside<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

pub fn output_dir(opts: &BuildOptions) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"))
}

/// Renders the whole site into a staging folder and swaps it in place of the output folder.
fn write_full(
    opts: &BuildOptions,
    site: &Site,
    theme: &theme::Theme,
    diags: Diagnostics,
    timings: Timings,
) -> Result<BuildReport, BuildError> {
    let staging = staging_beside(&output_dir(opts))?;
    write_site(opts, site, theme, diags, timings, staging, None)
}

/// The folder a site is made in before it takes the place of `output`.
fn staging_beside(output: &Path) -> Result<Staging, BuildError> {
    Staging::new(output).map_err(|e| {
        BuildError::Other(vec![format!(
            "không tạo được thư mục tạm cạnh {}: {e}",
            output.display()
        )])
    })
}

/// What a build from the command line leaves beside the site for the next: it was made from
/// `inputs`; `part`, when only plans changed, is what it makes of it.
struct Keep {
    inputs: inputs::Inputs,
    part: Option<partial::Choice>,
}

/// Renders the site into `staging` (only the outputs of `keep`'s part when given, the rest
/// kept from the site in place) and swaps it in place of the output folder, leaving a note
/// that it was made from `keep`'s inputs (when known), and what the next build needs to make
/// only what changes.
fn write_site(
    opts: &BuildOptions,
    site: &Site,
    theme: &theme::Theme,
    mut diags: Diagnostics,
    mut timings: Timings,
    mut staging: Staging,
    keep: Option<Keep>,
) -> Result<BuildReport, BuildError> {
    let (inputs, mut part) = match keep {
        Some(Keep { inputs, part }) => (Some(inputs), part),
        None => (None, None),
    };
    let output = output_dir(opts);
    if !opts.allow_shrink {
        let in_place = part.as_ref().map(|p| &p.in_place);
        refuse_to_shrink(site, &output, in_place).map_err(|e| BuildError::Other(vec![e]))?;
    }
    let start = Instant::now();
    let mut links = Diagnostics::default();
    // What the next build needs is gathered while the outputs are made; only the ids of the
    // pages come from making them.
    let keep = inputs.is_some();
    // A build from the command line keeps the stretches of the search index it made, and takes
    // those the last one kept (but with --force); likewise the pieces of the task files.
    let stretches = keep.then(|| shelf::Shelf::open(&output, "search", !opts.force));
    let (before, pieces_in_place) = match part.as_mut() {
        Some(p) => (
            Some(std::mem::take(&mut p.pieces)),
            Some(std::mem::take(&mut p.pieces_in_place)),
        ),
        None => (None, None),
    };
    let pieces = keep.then(|| pieces::PlanPieces::new(output.clone(), before));
    let kept = stretches
        .as_ref()
        .zip(pieces.as_ref())
        .map(|(s, p)| make::Shelves {
            stretches: s,
            pieces: p,
        });
    let (made, recall) = rayon::join(
        || make::make_site(site, theme, &staging, &mut links, part.as_ref(), keep, kept),
        || {
            let fingerprints = part.as_ref().map(|p| &p.fingerprints);
            (inputs.as_ref()).map(|i| partial::Recall::begin(site, i, fingerprints))
        },
    );
    timings.stretches_kept = stretches.map_or(0, shelf::Shelf::finish);
    let (noted, pieces_kept) = pieces.map(pieces::PlanPieces::finish).unwrap_or_default();
    timings.pieces_kept = pieces_kept;
    let (stats, made) = made.map_err(BuildError::Other)?;
    timings.render = start.elapsed();
    timings.render_parts = stats.profile.clone();
    timings.rows = stats.rows;
    if opts.strict && !(diags.is_empty() && links.is_empty()) {
        // Dropping the staging folder removes it; the published site stays as it was.
        diags.extend(links);
        return Err(BuildError::Strict(diags.into_sorted()));
    }
    let mut report = BuildReport {
        output,
        plans: site.plans().len(),
        tasks: site.task_count(),
        pages: stats.pages,
        files: stats.files,
        bytes: stats.bytes,
        warnings: diags.warning_count(),
        link_warnings: links.into_sorted(),
        timings,
        unchanged: false,
        made_because: None,
        remade: part.is_some().then_some(made.files),
    };
    // A [`Note`], and what the next build needs to make only what changes.
    let note = inputs.as_ref().and_then(|inputs| {
        serde_json::to_string(&serde_json::json!({ "inputs": inputs.all, "report": &report })).ok()
    });
    if let Some(recall) = recall {
        let recall = recall
            .with_ids(made.ids)
            .with_pieces(noted, pieces_in_place);
        staging.set_recall(Box::new(move |w| recall.write_to(w)));
    }
    let start = Instant::now();
    staging.commit(note.as_deref()).map_err(|e| {
        BuildError::Other(vec![format!(
            "không thay được thư mục {}: {e}",
            report.output.display()
        )])
    })?;
    report.timings.commit = start.elapsed();
    Ok(report)
}
