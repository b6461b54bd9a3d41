//! Atom feeds of plans and the sitemap.

use super::Vars;
use crate::resolve::{BodyId, PlanId};
use crate::site::lists::{sitemap_file, SitemapFile, SITEMAP_URLS};
use crate::site::routes::{abs, Page};
use crate::site::Site;

/// Plans a body issued or has tasks in, newest first.
pub(super) fn body_feed_plans(site: &Site, b: BodyId) -> Vec<PlanId> {
    let l = &site.body_links()[b];
    let mut v: Vec<PlanId> = l
        .issued
        .iter()
        .copied()
        .chain(l.led.iter().chain(&l.supported).map(|k| k.plan()))
        .collect();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v.dedup();
    v
}

/// An entry of an Atom feed: `id` is its page's URL, which stays the same from build to build.
#[derive(serde::Serialize)]
pub(super) struct Entry<'a> {
    pub title: String,
    pub summary: &'a str,
    pub url: String,
    pub id: String,
    pub updated: String,
    pub author: &'a str,
}

impl<'a> Entry<'a> {
    pub fn new(
        site: &Site,
        title: String,
        summary: &'a str,
        url: &str,
        day: chrono::NaiveDate,
        author: &'a str,
    ) -> Self {
        let url = abs(&site.config().base_url, url);
        Entry {
            title,
            summary,
            id: url.clone(),
            url,
            updated: format!("{day}T00:00:00+07:00"),
            author,
        }
    }
}

/// A feed's variables: its entries, newest first, updated on `updated`, at `url`.
pub(super) fn vars(site: &Site, entries: &[Entry], updated: chrono::NaiveDate, url: &str) -> Vars {
    let base = &site.config().base_url;
    let mut vars = Vars::default();
    vars.put("entries", entries);
    vars.put("updated", &format!("{updated}T00:00:00+07:00"));
    vars.put("feed_url", &abs(base, url));
    vars.put("home_url", &abs(base, ""));
    vars
}

/// An Atom feed of plans (the newest 50 of `plans`, which come newest first). Entry ids are
/// the plans' URLs, which stay the same from build to build.
pub(super) fn feed(site: &Site, plans: Vec<PlanId>, url: &str) -> Vars {
    // Plans are numbered in the order of their dates (`resolve`), so the first is the newest:
    // the site's feed is remade on every edit, and looking at every plan's date costs more.
    debug_assert!(plans.windows(2).all(|w| w[0] > w[1]));
    let updated = plans
        .first()
        .map_or(site.as_of(), |&p| site.plan(p).date.first_day());
    let entries: Vec<Entry> = plans
        .iter()
        .take(50)
        .map(|&p| {
            let rp = site.plan(p);
            let author = &site.body(rp.issuer).name;
            let url = &site.plan_urls()[p];
            Entry::new(
                site,
                site.plan_label(p),
                &rp.title,
                url,
                rp.date.first_day(),
                author,
            )
        })
        .collect();
    vars(site, &entries, updated, url)
}
/// The sitemap (`part` None), or past [`SITEMAP_URLS`] pages its index (`part` None) and its
/// parts: each page's absolute URL, and for a plan the newest date known of it (its date, or
/// its newest progress report).
pub(super) fn sitemap(site: &Site, part: Option<usize>) -> Vars {
    #[derive(serde::Serialize)]
    struct Url {
        loc: String,
        lastmod: Option<String>,
    }
    let base = &site.config().base_url;
    let pages = Page::all(site);
    let listed: Vec<&Page> = pages.iter().filter(|p| p.in_sitemap()).collect();
    let mut vars = Vars::default();
    let range = match sitemap_file(listed.len(), part, SITEMAP_URLS) {
        SitemapFile::Index(_) => {
            let parts: Vec<String> = pages
                .iter()
                .filter(|p| matches!(p, Page::SitemapPart(_)))
                .map(|p| abs(base, &p.url(site)))
                .collect();
            vars.put("parts", &parts);
            return vars;
        }
        SitemapFile::Urls(r) => r,
    };
    let urls: Vec<Url> = listed[range]
        .iter()
        .map(|p| Url {
            loc: abs(base, &p.url(site)),
            lastmod: match **p {
                Page::Plan(i) => site.plan_lastmod(i).map(|d| d.to_string()),
                _ => None,
            },
        })
        .collect();
    vars.put("urls", &urls);
    vars
}
