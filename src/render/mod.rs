//! Stage 4, render: the site's HTML pages, made by applying the theme (Tera templates) to the
//! indexed site. Each page is made on its own from the read-only [`Site`], so pages render in
//! parallel; the pipeline decides which pages to make and where they go, and hands them to the
//! link check. Data files (JSON, CSV, calendars, search) are `export`'s.

pub mod chain;
pub mod dashboard;
pub mod markdown;
mod meta;
mod pages;
pub mod rows;
pub mod svg;
pub mod theme;
pub mod views;

use crate::resolve::TaskKey;
use crate::site::lists::TaskList;
use crate::site::routes::{self, Page};
use crate::site::Site;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tera::Tera;

pub use pages::template;

/// Time spent in each part of making pages, added over threads: nanoseconds per part.
#[derive(Default)]
struct Profile {
    context: AtomicU64,
    /// Making rows of task tables, which happens inside `context`.
    rows: AtomicU64,
    template: AtomicU64,
}

pub fn timed<T>(clock: &AtomicU64, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let out = f();
    clock.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    out
}

/// A page as made: its file, its bytes, its template, and where in the bytes are rows whose
/// links were checked on an earlier page (when pages are checked: see
/// [`Renderer::checking`]).
pub struct MadePage {
    pub page: Page,
    pub file: String,
    pub html: Vec<u8>,
    pub template: &'static str,
    pub checked_rows: Vec<Range<usize>>,
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

/// Makes the pages of one site with one theme.
pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: Arc<Tera>,
    /// Path part of base_url, e.g. "/ke-hoach-so/": the 404 page's links must be absolute
    /// because a server shows it at any depth.
    pub base_path: String,
    profile: Profile,
    task_rows: Arc<rows::TaskRows>,
    /// Whether the pages made are link-checked: a row of a task table is then checked once,
    /// on the first page that shows it (see [`MadePage::checked_rows`]).
    pub checking: bool,
    /// The largest page made so far with each template: a page's buffer starts that large.
    /// Grown from a guess, a 200 KB page would be copied four times over as it doubles.
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

    pub fn with(site: &'a Site, kept: &Kept) -> Self {
        Renderer {
            site,
            tera: kept.tera.clone(),
            base_path: routes::base_path(&site.config().base_url),
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
                self.site.plan(k.plan()).tasks[k.task()].id,
                self.site.plan_label(k.plan()),
                error_chain(&e)
            )
        })
    }

    /// The page, its file and bytes.
    pub fn render(&self, page: &Page) -> Result<(String, Vec<u8>), String> {
        self.make(page).map(|m| (m.file, m.html))
    }

    /// Makes one page.
    pub fn make(&self, page: &Page) -> Result<MadePage, String> {
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
            // kilobyte costs more than reading its links.
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
        Ok(MadePage {
            page: *page,
            file: page.file(self.site),
            html,
            template,
            checked_rows: skip,
        })
    }

    /// Where the time of making pages went so far, added over threads: the page contexts
    /// (but their rows), the rows of task tables, the templates.
    pub fn times(&self) -> [(&'static str, Duration); 3] {
        let p = &self.profile;
        let d = |a: &AtomicU64| Duration::from_nanos(a.load(Ordering::Relaxed));
        [
            (
                "dựng ngữ cảnh trang",
                d(&p.context).saturating_sub(d(&p.rows)),
            ),
            ("dựng hàng bảng nhiệm vụ (mỗi nhiệm vụ một lần)", d(&p.rows)),
            ("áp mẫu Tera", d(&p.template)),
        ]
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
