//! Stage 4, render: applies the theme to the indexed site and hands each file to the output
//! stage as soon as it is made. Pages are independent, so they render in parallel.

pub mod chain;
pub mod dashboard;
mod data;
pub mod datapackage;
pub mod linkcheck;
pub mod links;
pub mod markdown;
mod meta;
mod pages;
pub mod rows;
pub mod search;
pub mod svg;
pub mod theme;
pub mod views;

use crate::output::Staging;
use crate::resolve::TaskKey;
use crate::site::Site;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::Mutex;
use tera::Tera;

pub use data::DataFile;
pub use pages::{
    related_list_url, task_pages, List, Page, Paged, Row, TaskList, MAX_ROWS, MIN_ROWS, PER_PAGE,
};

#[derive(Debug, Default, Clone)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    /// Where the rendering time went, added over the worker threads (for `build -v`).
    pub profile: Vec<(&'static str, std::time::Duration)>,
    /// The rows of task lists made, in memory and in the scratch file.
    pub rows: rows::Tally,
}

/// Time spent in each part of rendering, added over threads: nanoseconds per part.
#[derive(Default)]
struct Profile {
    context: AtomicU64,
    /// Making rows of task tables, which happens inside `context`.
    rows: AtomicU64,
    template: AtomicU64,
    links: AtomicU64,
    data: AtomicU64,
    write: AtomicU64,
}

fn timed<T>(clock: &AtomicU64, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let out = f();
    clock.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    out
}

/// What rendering can keep between live rebuilds: the theme's parsed templates, and the task
/// rows made so far (see `rows.rs`).
pub struct Kept {
    pub tera: Arc<Tera>,
    pub rows: Arc<rows::TaskRows>,
}

impl Kept {
    pub fn new(site: &Site, theme: &theme::Theme) -> Result<Kept, String> {
        Ok(Kept {
            tera: Arc::new(templates(theme)?),
            rows: Arc::new(rows::TaskRows::new(site)),
        })
    }
}

/// The theme's templates, parsed and set up as every page expects.
pub fn templates(theme: &theme::Theme) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    // The characters that matter in HTML text and quoted attributes, with `'` as `&#39;`.
    tera.set_escape_fn(markdown::escape_to);
    tera.register_filter("striptags", |s: &str, _: tera::Kwargs, _: &tera::State| {
        markdown::strip_tags(s)
    });
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(|e| format!("lỗi mẫu giao diện: {}", error_chain(&e)))?;
    Ok(tera)
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: Arc<Tera>,
    /// Path part of base_url, e.g. "/ke-hoach-so/": the 404 page's links must be absolute
    /// because a server shows it at any depth.
    pub base_path: String,
    profile: Profile,
    task_rows: Arc<rows::TaskRows>,
    /// Whether the pages made are link-checked (see [`Renderer::row_checked_before`]).
    pub checking: bool,
    /// The largest page made so far with each template: a page's buffer starts that large.
    /// Grown from a guess, a 200 KB page was copied four times over as it doubled.
    sizes: std::sync::Mutex<rustc_hash::FxHashMap<&'static str, usize>>,
    /// `site` of every page's variables, made once.
    site_vars: tera::Value,
    /// Deadlines and bodies of task rows, each made once (see [`views::SharedViews`]).
    pub shared: views::SharedViews<'a>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &theme::Theme) -> Result<Self, String> {
        Ok(Renderer::with(site, &Kept::new(site, theme)?))
    }

    fn with(site: &'a Site, kept: &Kept) -> Self {
        Renderer {
            site,
            tera: kept.tera.clone(),
            base_path: base_path(&site.r.config.base_url),
            profile: Profile::default(),
            task_rows: kept.rows.clone(),
            checking: false,
            sizes: Default::default(),
            site_vars: pages::site_vars(site),
            shared: Default::default(),
        }
    }

    /// The template a page is made with and the variables it receives: the interface of
    /// themes, documented in docs/themes.md.
    pub fn context(&self, page: &Page) -> Result<(&'static str, serde_json::Value), String> {
        let (template, vars) = pages::context(self, page)?;
        let mut m = vars.json;
        for (k, v) in vars.direct {
            m.insert(
                k.into(),
                serde_json::to_value(&v).map_err(|e| e.to_string())?,
            );
        }
        Ok((template, serde_json::Value::Object(m)))
    }

    /// The rows of `keys` in a table of tasks from many plans (`task_row.html`), for a page
    /// whose root is `root`. Each row is made once per build (see `rows.rs`).
    pub fn task_rows(&self, keys: &[TaskKey], root: &str) -> Result<Vec<String>, String> {
        keys.iter()
            .map(|&k| self.task_rows.get(k, root, || self.make_task_row(k)))
            .collect()
    }

    /// Whether the links of the row of `k` were read on an earlier page (when pages are
    /// link-checked): a page's check passes over such rows.
    pub fn row_checked_before(&self, k: TaskKey) -> bool {
        self.task_rows.checked_before(k)
    }

    /// [`task_pages`] of a task list, found once and kept with the site.
    pub fn task_pages(&self, l: TaskList) -> Arc<Vec<usize>> {
        self.site.task_pages(l)
    }

    fn make_task_row(&self, k: TaskKey) -> Result<String, String> {
        timed(&self.profile.rows, || {
            let stand_in = rows::ROOT.to_string();
            let mut ctx = tera::Context::new();
            ctx.insert("t", &views::task_row(self.site, &self.shared, k, &stand_in));
            ctx.insert("root", &stand_in);
            // Into a buffer kept by the thread, checked by simdutf8 and copied out at its size:
            // `Tera::render` checks its output with the standard library, slow on Vietnamese,
            // and leaves room that keeping the row would copy again to drop.
            ROW_SCRATCH.with_borrow_mut(|buf| {
                buf.clear();
                self.tera.render_to(rows::TEMPLATE, &ctx, &mut *buf)?;
                simdutf8::basic::from_utf8(buf)
                    .map(str::to_string)
                    .map_err(|_| tera::Error::message("hàng nhiệm vụ không phải UTF-8"))
            })
        })
        .map_err(|e| {
            format!(
                "lỗi khi áp dụng mẫu {} cho nhiệm vụ {} của {}: {}",
                rows::TEMPLATE,
                self.site.plan(k.plan()).plan.tasks[k.task()].id,
                self.site.plan_label(k.plan()),
                error_chain(&e)
            )
        })
    }

    pub fn render(&self, page: &Page) -> Result<(String, Vec<u8>), String> {
        self.render_checked(page)
            .map(|(file, html, _)| (file, html))
    }

    /// [`Renderer::render`], with where in the page the rows whose links were checked on an
    /// earlier page are.
    fn render_checked(&self, page: &Page) -> Result<Rendered, String> {
        let made = timed(&self.profile.context, || {
            let (template, ctx) = pages::context(self, page)?;
            let mut c = tera::Context::new();
            for (k, v) in &ctx.json {
                c.insert(k.clone(), v);
            }
            for (k, v) in ctx.direct {
                c.insert_value(k, v);
            }
            Ok::<_, String>((template, c, ctx.checked_rows))
        });
        let (template, ctx, checked) =
            made.map_err(|e| format!("{}: {e}", page.file(self.site)))?;
        // Rendered to bytes: `Tera::render` would check the whole page is UTF-8 once more.
        let hint = self
            .sizes
            .lock()
            .map_or(0, |m| m.get(template).copied().unwrap_or(0));
        let mut html = Vec::with_capacity(hint.max(16 * 1024));
        timed(&self.profile.template, || {
            self.tera.render_to(template, &ctx, &mut html)
        })
        .map_err(|e| {
            format!(
                "{}: lỗi khi áp dụng mẫu {template}: {}",
                page.file(self.site),
                error_chain(&e)
            )
        })?;
        if html.len() > hint {
            if let Ok(mut m) = self.sizes.lock() {
                let largest = m.entry(template).or_default();
                *largest = (*largest).max(html.len());
            }
        }
        // The rows are in the page as they were given, in order; a row holding an id stays
        // in the check, which must see every id of the page.
        let mut skip = Vec::with_capacity(checked.len());
        let mut at = 0;
        for row in checked.iter().filter_map(|r| r.as_str()).map(str::as_bytes) {
            // Found by its first bytes, then compared whole: searching for a whole row of a
            // kilobyte cost more than reading its links.
            let head = &row[..row.len().min(32)];
            while let Some(i) = memchr::memmem::find(&html[at..], head) {
                if html[at + i..].starts_with(row) {
                    let start = at + i;
                    at = start + row.len();
                    if memchr::memmem::find(row, b" id=\"").is_none() {
                        skip.push(start..at);
                    }
                    break;
                }
                at += i + 1;
            }
        }
        Ok((page.file(self.site), html, skip))
    }
}

/// A page made: its file, its bytes, and where in them are rows whose links were checked on
/// an earlier page.
type Rendered = (String, Vec<u8>, Vec<Range<usize>>);

/// Hands data files to the sink, counted with the pages.
struct DataOut<'a> {
    write: &'a dyn Fn(&str, &[u8]),
    record: &'a dyn Fn(&str, std::io::Result<u64>),
    sink: &'a dyn Sink,
    /// Time spent writing files made whole, in ns.
    writing: u64,
}

impl data::Emit for DataOut<'_> {
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

thread_local! {
    /// Where [`Renderer::make_task_row`] renders a row before copying it out.
    static ROW_SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        s.push_str(": ");
        s.push_str(&x.to_string());
        src = x.source();
    }
    s
}

pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|x| x.1).unwrap_or(base_url);
    let path = match after_scheme.find('/') {
        Some(i) if base_url.contains("://") => &after_scheme[i..],
        Some(_) => base_url,
        None => "/",
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

/// One file of the built site (or, for [`DataFile::Tasks`], two made together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    Page(Page),
    /// A static file of the theme, by index into `Theme::statics`.
    Asset(usize),
    Data(DataFile),
}

impl Output {
    /// Every output of the site, in a fixed order.
    pub fn all(site: &Site, theme: &theme::Theme) -> Vec<Output> {
        let mut v: Vec<Output> = Page::all(site).into_iter().map(Output::Page).collect();
        v.extend((0..theme.statics.len()).map(Output::Asset));
        v.extend(DataFile::all(site).into_iter().map(Output::Data));
        v
    }

    pub fn files(&self, site: &Site, theme: &theme::Theme) -> Vec<String> {
        match self {
            Output::Page(p) => vec![p.file(site)],
            Output::Asset(i) => theme
                .statics
                .keys()
                .nth(*i)
                .map(|n| format!("assets/{n}"))
                .into_iter()
                .collect(),
            Output::Data(d) => d.files(site),
        }
    }

    /// Data files, large at scale and not looked at in the browser: a live rebuild writes
    /// them after the pages.
    pub fn is_bulk(&self) -> bool {
        matches!(self, Output::Data(_))
    }
}

/// Where rendered files go: a staging folder for a full build, the live folder for `serve`
/// (any `Fn(path, bytes)`).
pub trait Sink: Sync {
    fn write(&self, path: &str, data: &[u8]) -> std::io::Result<()>;

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

/// Renders every page and data file into `out`, checking every link the pages carry (broken
/// ones are added to `diags` as warnings). Returns all render errors at once.
pub fn render_site(
    site: &Site,
    theme: &theme::Theme,
    out: &Staging,
    diags: &mut crate::diag::Diagnostics,
) -> Result<RenderStats, Vec<String>> {
    let outputs = Output::all(site, theme);
    let files = outputs.iter().flat_map(|o| o.files(site, theme));
    let check = linkcheck::LinkCheck::new(site, files, &base_path(&site.r.config.base_url));
    let stats = render_outputs(site, theme, &outputs, Some(&check), out)?;
    check.finish(diags);
    Ok(stats)
}

/// Renders the given outputs, in parallel, handing each file to `sink` (and each page to
/// `check`, when given).
pub fn render_outputs(
    site: &Site,
    theme: &theme::Theme,
    outputs: &[Output],
    check: Option<&linkcheck::LinkCheck>,
    sink: &dyn Sink,
) -> Result<RenderStats, Vec<String>> {
    let kept = Kept {
        tera: Arc::new(templates(theme).map_err(|e| vec![e])?),
        rows: Arc::new(rows::TaskRows::packing(site)),
    };
    let stats = render_outputs_kept(site, theme, &kept, outputs, check, sink);
    // The rows of every task list (200,000 at 10,000 plans).
    crate::build::drop_aside(kept);
    stats
}

/// [`render_outputs`] with templates parsed and rows made before (for `site`).
pub fn render_outputs_kept(
    site: &Site,
    theme: &theme::Theme,
    kept: &Kept,
    outputs: &[Output],
    check: Option<&linkcheck::LinkCheck>,
    sink: &dyn Sink,
) -> Result<RenderStats, Vec<String>> {
    let mut renderer = Renderer::with(site, kept);
    renderer.checking = check.is_some();
    let bytes = AtomicU64::new(0);
    let files = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let errors = Mutex::new(Vec::new());
    let prof = &renderer.profile;
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
    let data = || {
        for o in &bulk {
            if let Output::Data(d) = **o {
                let start = std::time::Instant::now();
                let mut out = DataOut {
                    write: &write,
                    record: &record,
                    sink,
                    writing: 0,
                };
                let made = d.render(site, &mut out);
                // Files written as they are made count as making them.
                let made_in = start.elapsed().as_nanos() as u64;
                prof.data
                    .fetch_add(made_in.saturating_sub(out.writing), Ordering::Relaxed);
                if let Err(e) = made {
                    errors.lock().unwrap().push(e);
                }
            }
        }
    };
    let others = || {
        // In small pieces: rayon otherwise splits a slice into as many parts as threads (and
        // halves), and once the data files are done the other thread finds nothing left to take
        // while one part of thousands of pages runs alone: half of a 10,000-plan build ran on
        // one core.
        rest.par_iter().with_max_len(8).for_each(|o| match **o {
            Output::Page(page) => match renderer.render_checked(&page) {
                Ok((path, html, skip)) => {
                    pages.fetch_add(1, Ordering::Relaxed);
                    if let Some(c) = check.filter(|_| page != Page::Robots) {
                        timed(&prof.links, || c.scan(&page, &path, &html, &skip));
                    }
                    write(&path, &html)
                }
                Err(e) => errors.lock().unwrap().push(e),
            },
            Output::Asset(i) => {
                if let Some((name, data)) = theme.statics.iter().nth(i) {
                    write(&format!("assets/{name}"), data)
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
    let d = |a: &AtomicU64| std::time::Duration::from_nanos(a.load(Ordering::Relaxed));
    Ok(RenderStats {
        pages: pages.into_inner(),
        files: files.into_inner(),
        bytes: bytes.into_inner(),
        rows: kept.rows.tally(),
        profile: vec![
            (
                "dựng ngữ cảnh trang",
                d(&prof.context).saturating_sub(d(&prof.rows)),
            ),
            (
                "dựng hàng bảng nhiệm vụ (mỗi nhiệm vụ một lần)",
                d(&prof.rows),
            ),
            ("áp mẫu Tera", d(&prof.template)),
            ("kiểm tra liên kết", d(&prof.links)),
            ("dữ liệu mở, lịch, chỉ mục tìm kiếm", d(&prof.data)),
            ("ghi tệp", d(&prof.write)),
        ],
    })
}
