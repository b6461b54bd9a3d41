//! The pages of the site (see the URL table of docs/content-model.md) and the context each
//! template receives.

use super::views::*;
use super::{chain, markdown, Renderer};
use crate::resolve::{BodyId, DocId, DocTarget, PlanId, TaskKey};
use crate::site::{Site, Slot};
use chrono::Datelike;
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Overdue,
    Ongoing,
    Yearly,
    Unscheduled,
}

impl List {
    pub const ALL: [List; 4] = [
        List::Overdue,
        List::Ongoing,
        List::Yearly,
        List::Unscheduled,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            List::Overdue => "qua-han",
            List::Ongoing => "thuong-xuyen",
            List::Yearly => "hang-nam",
            List::Unscheduled => "chua-xac-dinh",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            List::Overdue => "Nhiệm vụ quá hạn",
            List::Ongoing => "Nhiệm vụ thường xuyên",
            List::Yearly => "Nhiệm vụ hằng năm",
            List::Unscheduled => "Nhiệm vụ chưa xác định thời hạn",
        }
    }
    fn tasks(self, site: &Site) -> &[TaskKey] {
        match self {
            List::Overdue => &site.buckets.overdue,
            List::Ongoing => &site.buckets.ongoing,
            List::Yearly => &site.buckets.yearly,
            List::Unscheduled => &site.buckets.unscheduled,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Plans,
    Plan(PlanId),
    Bodies,
    Body(BodyId),
    Deadlines,
    Year(i32),
    List(List),
    Docs,
    Doc(DocId),
    Search,
    NotFound,
    Feed,
    Sitemap,
}

impl Page {
    pub fn all(site: &Site) -> Vec<Page> {
        let mut v = vec![
            Page::Home,
            Page::Plans,
            Page::Bodies,
            Page::Deadlines,
            Page::Docs,
            Page::Search,
            Page::NotFound,
            Page::Feed,
            Page::Sitemap,
        ];
        v.extend((0..site.r.plans.len()).map(Page::Plan));
        v.extend((0..site.r.bodies.len()).map(Page::Body));
        v.extend(site.buckets.years.keys().map(|&y| Page::Year(y)));
        v.extend(List::ALL.iter().map(|&l| Page::List(l)));
        v.extend((0..site.r.docs.len()).map(Page::Doc));
        v
    }

    /// Site-relative URL of the page ("" for the home page).
    pub fn url(&self, site: &Site) -> String {
        match *self {
            Page::Home => String::new(),
            Page::Plans => "ke-hoach/".into(),
            Page::Plan(p) => site.plan_urls[p].clone(),
            Page::Bodies => "co-quan/".into(),
            Page::Body(b) => site.body_url(b),
            Page::Deadlines => "thoi-han/".into(),
            Page::Year(y) => format!("thoi-han/{y}/"),
            Page::List(l) => format!("thoi-han/{}/", l.slug()),
            Page::Docs => "van-ban/".into(),
            Page::Doc(d) => site.doc_urls[d].clone(),
            Page::Search => "tim-kiem/".into(),
            Page::NotFound => "404.html".into(),
            Page::Feed => "feed.xml".into(),
            Page::Sitemap => "sitemap.xml".into(),
        }
    }

    /// Output file path.
    pub fn file(&self, site: &Site) -> String {
        let u = self.url(site);
        if u.is_empty() || u.ends_with('/') {
            format!("{u}index.html")
        } else {
            u
        }
    }

    /// The theme template the page is made with.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home => "index.html",
            Page::Plans => "plans.html",
            Page::Plan(_) => "plan.html",
            Page::Bodies => "bodies.html",
            Page::Body(_) => "body.html",
            Page::Deadlines => "deadlines.html",
            Page::Year(_) => "deadline_year.html",
            Page::List(_) => "deadline_list.html",
            Page::Docs => "documents.html",
            Page::Doc(_) => "document.html",
            Page::Search => "search.html",
            Page::NotFound => "404.html",
            Page::Feed => "feed.xml",
            Page::Sitemap => "sitemap.xml",
        }
    }

    /// The plan, body, document or deadline bucket whose page this is, by URL; `None` for the
    /// site-wide pages (home, lists of everything, feed, sitemap), which show a bit of all.
    pub fn owner(&self, site: &Site) -> Option<String> {
        match self {
            Page::Plan(_) | Page::Body(_) | Page::Year(_) | Page::List(_) | Page::Doc(_) => {
                Some(self.url(site))
            }
            _ => None,
        }
    }

    pub fn is_html(&self) -> bool {
        !matches!(self, Page::Feed | Page::Sitemap)
    }
}

/// "../../" for a page two folders deep; "./" for the home page.
pub fn root_for(url: &str) -> String {
    let depth = url.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

fn abs(base: &str, url: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), url)
}

pub fn context(r: &Renderer, page: &Page) -> (&'static str, Value) {
    let site = r.site;
    let url = page.url(site);
    let root = if *page == Page::NotFound {
        r.base_path.clone()
    } else {
        root_for(&url)
    };
    let cfg = &site.r.config;
    let mut m = Map::new();
    m.insert(
        "site".into(),
        json!({
            "title": cfg.title, "description": cfg.description, "organization": cfg.organization,
            "base_url": cfg.base_url, "language": cfg.language,
            "as_of": date_vi(site.as_of()), "as_of_iso": site.as_of().to_string(),
            "plan_count": site.r.plans.len(), "task_count": site.task_count(),
        }),
    );
    m.insert("root".into(), json!(root));
    m.insert("page_url".into(), json!(url));
    m.insert("canonical".into(), json!(abs(&cfg.base_url, &url)));
    let (section, title, extra) = match *page {
        Page::Home => ("home", cfg.title.clone(), home(site, &root)),
        Page::Plans => ("plans", "Danh sách kế hoạch".into(), plans(site)),
        Page::Plan(p) => ("plans", plan_label(site, p), plan(site, p, &root)),
        Page::Bodies => ("bodies", "Cơ quan, đơn vị".into(), bodies(site)),
        Page::Body(b) => ("bodies", site.body(b).name.clone(), body(site, b, &root)),
        Page::Deadlines => (
            "deadlines",
            "Nhiệm vụ theo thời hạn".into(),
            deadlines(site),
        ),
        Page::Year(y) => (
            "deadlines",
            format!("Nhiệm vụ đến hạn năm {y}"),
            year(site, y, &root),
        ),
        Page::List(l) => ("deadlines", l.title().into(), list(site, l, &root)),
        Page::Docs => ("docs", "Văn bản được viện dẫn".into(), documents(site)),
        Page::Doc(d) => {
            let doc = site.doc(d);
            (
                "docs",
                format!("{} số {}", doc.doc_type, doc.number),
                document(site, d),
            )
        }
        Page::Search => ("search", "Tìm kiếm".into(), Map::new()),
        Page::NotFound => ("", "Không tìm thấy trang".into(), Map::new()),
        Page::Feed => ("", cfg.title.clone(), feed(site)),
        Page::Sitemap => ("", String::new(), sitemap(site)),
    };
    m.insert("section".into(), json!(section));
    m.insert("title".into(), json!(title));
    m.extend(extra);
    (page.template(), Value::Object(m))
}

fn to_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn rows(site: &Site, keys: &[TaskKey], root: &str) -> Vec<TaskRow> {
    keys.iter().map(|&k| task_row(site, k, root)).collect()
}

fn home(site: &Site, root: &str) -> Map<String, Value> {
    let mut newest: Vec<PlanId> = (0..site.r.plans.len()).collect();
    newest.reverse();
    newest.truncate(8);
    let as_of = site.as_of();
    let mut upcoming: Vec<TaskKey> = site
        .buckets
        .years
        .range(as_of.year()..)
        .flat_map(|(_, v)| v.iter().copied())
        .filter(|k| {
            let t = &site.plan(k.plan).plan.tasks[k.task];
            site.plan(k.plan).tasks[k.task]
                .deadline
                .to
                .is_some_and(|to| to >= as_of)
                && !t.status.is_some_and(|s| s.is_closed())
        })
        .take(10)
        .collect();
    upcoming.sort_by_key(|k| (site.plan(k.plan).tasks[k.task].deadline.to, *k));
    let overdue: Vec<TaskKey> = site.buckets.overdue.iter().take(10).copied().collect();
    to_map(json!({
        "counts": {
            "plans": site.r.plans.len(), "tasks": site.task_count(),
            "bodies": site.r.bodies.iter().filter(|b| b.registered).count(),
            "docs": site.r.docs.len(), "overdue": site.buckets.overdue.len(),
            "ongoing": site.buckets.ongoing.len(),
        },
        "newest": newest.iter().map(|&p| plan_row(site, p)).collect::<Vec<_>>(),
        "upcoming": rows(site, &upcoming, root),
        "overdue": rows(site, &overdue, root),
    }))
}

fn plans(site: &Site) -> Map<String, Value> {
    let mut years: Vec<(i32, Vec<PlanRow>)> = Vec::new();
    for p in (0..site.r.plans.len()).rev() {
        let y = site.plan(p).plan.date.year;
        if years.last().is_none_or(|(yy, _)| *yy != y) {
            years.push((y, Vec::new()));
        }
        years.last_mut().unwrap().1.push(plan_row(site, p));
    }
    to_map(
        json!({ "years": years.into_iter().map(|(y, p)| json!({"year": y, "plans": p})).collect::<Vec<_>>() }),
    )
}

#[derive(serde::Serialize)]
struct Heading {
    level: usize,
    text: String,
}

#[derive(serde::Serialize)]
struct TaskView {
    #[serde(flatten)]
    row: TaskRow,
    anchor: String,
    headings: Vec<Heading>,
    implements: Vec<Value>,
    children: Vec<TaskLink>,
    progress: Vec<Value>,
}

fn plan(site: &Site, p: PlanId, root: &str) -> Map<String, Value> {
    let rp = site.plan(p);
    let pl = &rp.plan;
    let link = |r: &crate::resolve::number::TextRef| -> Option<String> {
        // Same resolution as the mentions found when resolving, in the same order.
        let key = crate::resolve::number::normalize(&r.number);
        rp.mentions
            .iter()
            .find(|t| match **t {
                DocTarget::Plan(q) => {
                    crate::resolve::number::normalize(&site.plan(q).plan.number) == key
                }
                DocTarget::Doc(d) => site.doc(d).key == key,
            })
            .map(|&t| site.target_url(t).to_string())
    };
    // The body, split where the task table and the targets are to be placed.
    let mut parts = Vec::new();
    let mut rest = pl.body.as_str();
    loop {
        let next = ["<!-- nhiem-vu -->", "<!-- chi-tieu -->"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        match next {
            Some((i, marker)) => {
                parts.push(json!({"html": markdown::to_html(&rest[..i], root, Some(&link)),
                                  "insert": if marker.contains("nhiem-vu") { "tasks" } else { "targets" }}));
                rest = &rest[i + marker.len()..];
            }
            None => {
                parts.push(
                    json!({"html": markdown::to_html(rest, root, Some(&link)), "insert": ""}),
                );
                break;
            }
        }
    }
    let mut prev_group: &[String] = &[];
    let tasks: Vec<TaskView> = pl
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = TaskKey { plan: p, task: i };
            let same = prev_group.iter().zip(&t.group).take_while(|(a, b)| a == b).count();
            let headings = t.group.iter().enumerate().skip(same).map(|(l, g)| Heading { level: l, text: g.clone() }).collect();
            prev_group = &t.group;
            let implements = rp.tasks[i]
                .implements
                .iter()
                .map(|r| match r.task {
                    Some(tk) => json!({"label": task_link(site, tk).label, "url": site.task_url(tk)}),
                    None => {
                        let l = ref_link(site, r);
                        let label = match &r.task_id { Some(id) => format!("{} (nhiệm vụ {id})", l.label), None => l.label };
                        json!({"label": label, "url": l.url})
                    }
                })
                .collect();
            let children = site.task_children.get(&k).map(|v| v.iter().map(|&c| task_link(site, c)).collect()).unwrap_or_default();
            let progress = t.progress.iter().map(|pr| json!({"date": date_vi(pr.date), "iso": pr.date.to_string(), "note": pr.note})).collect();
            let mut row = task_row(site, k, root);
            row.title_html = markdown::title_html(&t.title, root, Some(&link));
            TaskView { row, anchor: format!("nv-{}", site.task_anchors[p][i]), headings, implements, children, progress }
        })
        .collect();
    let signer = pl.signer.as_ref().map(|s| {
        json!({"name": s.name, "position": s.position,
               "authority": s.authority.split(';').map(str::trim).filter(|x| !x.is_empty()).collect::<Vec<_>>()})
    });
    let named = |list: &[(String, Option<BodyId>)]| -> Vec<Value> {
        list.iter()
            .map(|(n, b)| json!({"name": n, "url": b.map(|b| site.body_url(b))}))
            .collect()
    };
    let links = &site.plan_links[p];
    to_map(json!({
        "plan": {
            "label": plan_label(site, p), "number": pl.number, "doc_type": pl.doc_type, "title": pl.title,
            "issuer": body_link(site, rp.issuer), "date": pl.date.written(), "date_label": pl.date.vietnamese(),
            "place": pl.place, "signer": signer, "status": rp.status.as_str(), "status_label": rp.status.label(),
            "implements": rp.implements.iter().map(|r| ref_link(site, r)).collect::<Vec<_>>(),
            "based_on": rp.based_on.iter().map(|r| ref_link(site, r)).collect::<Vec<_>>(),
            "replaces": rp.replaces.iter().map(|r| ref_link(site, r)).collect::<Vec<_>>(),
            "replaced_by": rp.replaced_by.iter().map(|&q| plan_row(site, q)).collect::<Vec<_>>(),
            "recipients": named(&rp.recipients), "distribution": named(&rp.distribution),
            "targets": pl.targets.iter().map(|t| json!({"id": t.id, "text": t.text})).collect::<Vec<_>>(),
            "task_count": pl.tasks.len(),
            "overdue_count": (0..pl.tasks.len()).filter(|&i| site.is_overdue(TaskKey{plan: p, task: i})).count(),
            "source": pl.path,
        },
        "body_parts": parts,
        "tasks": tasks,
        "chain": chain::implementers(site, DocTarget::Plan(p)),
        "cited_by": links.cited_by.iter().map(|&q| plan_row(site, q)).collect::<Vec<_>>(),
        "mentioned_by": links.mentioned_by.iter().map(|&q| plan_row(site, q)).collect::<Vec<_>>(),
    }))
}

fn bodies(site: &Site) -> Map<String, Value> {
    use crate::content::BodyKind::*;
    let kinds = [
        Some(Department),
        Some(Unit),
        Some(Commune),
        Some(Enterprise),
        Some(Group),
        Some(External),
        None,
    ];
    let groups: Vec<Value> = kinds
        .iter()
        .filter_map(|kind| {
            let mut list: Vec<BodyId> = (0..site.r.bodies.len()).filter(|&b| site.body(b).kind == *kind).collect();
            if list.is_empty() {
                return None;
            }
            crate::text::sort_by_collation(&mut list, |&b| site.body(b).name.as_str());
            let label = kind.map(|k| k.label()).unwrap_or("Chưa có trong danh mục");
            let items: Vec<Value> = list
                .iter()
                .map(|&b| {
                    let l = &site.body_links[b];
                    json!({"name": site.body(b).name, "url": site.body_url(b), "parent": site.body(b).parent.map(|p| body_link(site, p)),
                           "issued": l.issued.len(), "led": l.led.len(), "supported": l.supported.len()})
                })
                .collect();
            Some(json!({"label": label, "bodies": items}))
        })
        .collect();
    to_map(json!({ "groups": groups }))
}

fn body(site: &Site, b: BodyId, root: &str) -> Map<String, Value> {
    let body = site.body(b);
    let l = &site.body_links[b];
    let mut units = l.units.clone();
    crate::text::sort_by_collation(&mut units, |&u| site.body(u).name.as_str());
    let dated = l
        .led
        .iter()
        .chain(&l.supported)
        .any(|k| site.plan(k.plan).tasks[k.task].deadline.to.is_some());
    let overdue = l.led.iter().filter(|&&k| site.is_overdue(k)).count();
    to_map(json!({
        "body": {
            "id": body.id, "name": body.name, "short": body.short, "aliases": body.aliases,
            "kind_label": body.kind.map(|k| k.label()).unwrap_or("Chưa có trong danh mục"),
            "registered": body.registered, "parent": body.parent.map(|p| body_link(site, p)),
            "calendar": if dated { format!("lich/{}.ics", body.id) } else { String::new() },
        },
        "units": units.iter().map(|&u| body_link(site, u)).collect::<Vec<_>>(),
        "issued": l.issued.iter().rev().map(|&p| plan_row(site, p)).collect::<Vec<_>>(),
        "led": rows(site, &l.led, root),
        "supported": rows(site, &l.supported, root),
        "overdue_count": overdue,
    }))
}

fn deadlines(site: &Site) -> Map<String, Value> {
    let years: Vec<Value> = site
        .buckets
        .years
        .iter()
        .map(|(y, keys)| {
            let mut q = [0usize; 4];
            for &k in keys {
                if let Some(to) = site.plan(k.plan).tasks[k.task].deadline.to {
                    q[crate::resolve::deadline::quarter(to) as usize - 1] += 1;
                }
            }
            json!({"year": y, "url": format!("thoi-han/{y}/"), "count": keys.len(), "quarters": q,
                   "overdue": keys.iter().filter(|&&k| site.is_overdue(k)).count()})
        })
        .collect();
    let lists: Vec<Value> = List::ALL
        .iter()
        .map(|l| json!({"slug": l.slug(), "title": l.title(), "url": format!("thoi-han/{}/", l.slug()), "count": l.tasks(site).len()}))
        .collect();
    to_map(json!({"years": years, "lists": lists}))
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

fn year(site: &Site, y: i32, root: &str) -> Map<String, Value> {
    let keys = &site.buckets.years[&y];
    let in_slot = |s: Slot| -> Vec<TaskKey> {
        keys.iter()
            .copied()
            .filter(|&k| site.slot(k) == Some(s))
            .collect()
    };
    let quarters: Vec<Value> = (1..=4u32)
        .map(|q| {
            let months: Vec<Value> = (q * 3 - 2..=q * 3)
                .map(|m| json!({"month": m, "label": format!("Tháng {m}/{y}"), "tasks": rows(site, &in_slot(Slot::Month(m)), root)}))
                .collect();
            json!({"quarter": q, "label": format!("Quý {}/{y}", ROMAN[q as usize - 1]),
                   "tasks": rows(site, &in_slot(Slot::Quarter(q)), root), "months": months})
        })
        .collect();
    to_map(json!({
        "year": y,
        "count": keys.len(),
        "overdue": keys.iter().filter(|&&k| site.is_overdue(k)).count(),
        "quarters": quarters,
        "long": rows(site, &in_slot(Slot::Year), root),
        "years": site.buckets.years.keys().collect::<Vec<_>>(),
    }))
}

fn list(site: &Site, l: List, root: &str) -> Map<String, Value> {
    to_map(
        json!({"list": {"slug": l.slug(), "title": l.title()}, "tasks": rows(site, l.tasks(site), root)}),
    )
}

fn documents(site: &Site) -> Map<String, Value> {
    let mut all: Vec<DocTarget> = (0..site.r.docs.len()).map(DocTarget::Doc).collect();
    all.extend((0..site.r.plans.len()).map(DocTarget::Plan));
    let date = |t: &DocTarget| match *t {
        DocTarget::Plan(p) => Some(site.plan(p).plan.date.first_day()),
        DocTarget::Doc(d) => site.doc(d).date.map(|x| x.first_day()),
    };
    all.sort_by(|a, b| date(b).cmp(&date(a)).then_with(|| a.cmp(b)));
    let docs: Vec<Value> = all
        .iter()
        .map(|&t| {
            let l = site.links(t);
            let link = target_link(site, t);
            let issuer = match t {
                DocTarget::Plan(p) => site.body(site.plan(p).issuer).name.clone(),
                DocTarget::Doc(d) => site.doc(d).issuer.clone(),
            };
            json!({"link": link, "issuer": issuer,
                   "implementers": l.implemented_by_plans.len() + l.implemented_by_docs.len() + l.implemented_by_tasks.len(),
                   "citers": l.cited_by.len() + l.mentioned_by.len()})
        })
        .collect();
    to_map(json!({"docs": docs}))
}

fn document(site: &Site, d: DocId) -> Map<String, Value> {
    let doc = site.doc(d);
    let l = &site.doc_links[d];
    to_map(json!({
        "doc": {
            "number": doc.number, "doc_type": doc.doc_type, "title": doc.title, "issuer": doc.issuer,
            "issuer_url": doc.issuer_body.map(|b| site.body_url(b)),
            "date_label": doc.date.map(|x| x.vietnamese()).unwrap_or_default(),
            "official_url": doc.url, "registered": doc.registered,
            "implements": doc.implements.iter().map(|r| ref_link(site, r)).collect::<Vec<_>>(),
        },
        "chain": chain::implementers(site, DocTarget::Doc(d)),
        "cited_by": l.cited_by.iter().map(|&q| plan_row(site, q)).collect::<Vec<_>>(),
        "mentioned_by": l.mentioned_by.iter().map(|&q| plan_row(site, q)).collect::<Vec<_>>(),
    }))
}

fn feed(site: &Site) -> Map<String, Value> {
    let base = &site.r.config.base_url;
    let entries: Vec<Value> = (0..site.r.plans.len())
        .rev()
        .take(100)
        .map(|p| {
            let rp = site.plan(p);
            json!({"title": plan_label(site, p), "summary": rp.plan.title, "url": abs(base, &site.plan_urls[p]),
                   "id": abs(base, &site.plan_urls[p]), "updated": format!("{}T00:00:00+07:00", rp.plan.date.first_day()),
                   "author": site.body(rp.issuer).name})
        })
        .collect();
    let updated = (0..site.r.plans.len())
        .map(|p| site.plan(p).plan.date.first_day())
        .max()
        .unwrap_or(site.as_of());
    to_map(
        json!({"entries": entries, "updated": format!("{updated}T00:00:00+07:00"), "feed_url": abs(base, "feed.xml"), "home_url": abs(base, "")}),
    )
}

fn sitemap(site: &Site) -> Map<String, Value> {
    let base = &site.r.config.base_url;
    let urls: Vec<String> = Page::all(site)
        .iter()
        .filter(|p| p.is_html() && **p != Page::NotFound)
        .map(|p| abs(base, &p.url(site)))
        .collect();
    to_map(json!({"urls": urls}))
}
