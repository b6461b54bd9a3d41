//! The lists of plans and of documents, each document's page, and the paged lists of plans
//! related to a plan or document.

use super::{json, to_map, Map, Value};
use super::{pager, target_label, Vars};
use crate::render::views::*;
use crate::resolve::{DocId, DocTarget};
use crate::site::lists::{page_count, related_plans, PER_PAGE};
use crate::site::routes::Page;
use crate::site::Site;

pub(super) fn plans(site: &Site, n: usize) -> Map<String, Value> {
    let total = site.plans().len();
    let mut years: Vec<(i32, Vec<PlanRow>)> = Vec::new();
    for p in (0..total).rev().skip(n * PER_PAGE).take(PER_PAGE) {
        let y = site.plan(p).date.year;
        if years.last().is_none_or(|(yy, _)| *yy != y) {
            years.push((y, Vec::new()));
        }
        years.last_mut().unwrap().1.push(plan_row(site, p));
    }
    to_map(json!({
        "years": years.into_iter().map(|(y, p)| json!({"year": y, "plans": p})).collect::<Vec<_>>(),
        "total": total,
        "pager": pager(site, page_count(total), n, Page::Plans),
    }))
}

pub(super) fn documents(site: &Site, n: usize) -> Map<String, Value> {
    let all = &site.doc_order();
    let docs: Vec<Value> = all
        .iter()
        .skip(n * PER_PAGE)
        .take(PER_PAGE)
        .map(|&t| doc_row(site, t))
        .collect();
    to_map(
        json!({"docs": docs, "total": all.len(), "pager": pager(site, page_count(all.len()), n, Page::Docs)}),
    )
}

pub(super) fn document(site: &Site, d: DocId, root: &str) -> Vars {
    #[derive(serde::Serialize)]
    struct DocView<'a> {
        number: &'a str,
        doc_type: &'a str,
        title: &'a str,
        issuer: &'a str,
        issuer_url: Option<String>,
        date_label: String,
        official_url: &'a str,
        registered: bool,
        feed: String,
        implements: Vec<RefLink>,
    }
    let doc = site.doc(d);
    let mut vars = Vars::default();
    vars.put(
        "doc",
        &DocView {
            number: &doc.number,
            doc_type: &doc.doc_type,
            title: &doc.title,
            issuer: &doc.issuer,
            issuer_url: doc.issuer_body.map(|b| site.body_url(b)),
            date_label: doc.date.map(|x| x.vietnamese()).unwrap_or_default(),
            official_url: &doc.url,
            registered: doc.registered,
            feed: if crate::site::routes::has_doc_feed(site, d) {
                Page::DocFeed(d).url(site)
            } else {
                String::new()
            },
            implements: doc.implements.iter().map(|r| ref_link(site, r)).collect(),
        },
    );
    super::relations::put(&mut vars, site, DocTarget::Doc(d), root, "chuoi");
    vars
}

pub(super) fn related(site: &Site, t: DocTarget, n: usize) -> Map<String, Value> {
    let all = related_plans(site, t);
    let plans: Vec<PlanRow> = all
        .iter()
        .skip(n * PER_PAGE)
        .take(PER_PAGE)
        .map(|&q| plan_row(site, q))
        .collect();
    to_map(json!({
        "target": {"label": target_label(site, t), "url": site.target_url(t)},
        "plans": plans, "total": all.len(),
        "pager": pager(site, page_count(all.len()), n, |i| Page::Related(t, i)),
    }))
}
