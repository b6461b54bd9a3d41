//! What a page says about itself to machines: a description, Open Graph properties (for the
//! preview a link gets when shared) and schema.org JSON-LD (for search engines and harvesters).
//!
//! Plans and directives are schema.org `Legislation`, the type schema.org took from the
//! European Legislation Identifier for official acts, which a plan (kế hoạch) issued under a
//! number by a public authority is: it has an identifier (`legislationIdentifier`: the number),
//! a type, a date, an authority that made it (`legislationPassedBy`), and links to the acts it
//! carries out (`legislationApplies`: "transfers another legislation into a different
//! legislative context", which is what a city plan does with a Politburo resolution), cites
//! (`citation`) and replaces (`legislationChanges`). `GovernmentService` would describe a
//! service a citizen uses, which a plan is not. Bodies are `GovernmentOrganization`, the open
//! data page a `Dataset`, and the home page a `WebSite` with its search.

use crate::content::PlanStatus;
use crate::resolve::{DocTarget, PlanId, Reference};
use crate::site::routes::{self, Page};
use crate::site::Site;
use serde_json::{json, Map, Value};

/// `meta` in every page's template context: `description`, `og_type` and `json_ld` (a string,
/// safe to put inside `<script type="application/ld+json">` as it is).
pub fn page_meta(site: &Site, page: &Page, canonical: &str) -> Meta {
    let cfg = &site.config();
    let abs = |url: &str| format!("{}{url}", cfg.base_url);
    let (og_type, description, ld) = match *page {
        Page::Home => (
            "website",
            cfg.description.clone(),
            Some(json!({
                "@type": "WebSite", "name": cfg.title, "url": abs(""), "inLanguage": "vi",
                "publisher": publisher(site),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": abs(&routes::search_with("{search_term_string}"))},
                    "query-input": "required name=search_term_string",
                },
            })),
        ),
        Page::Plan(p) => {
            let rp = site.plan(p);
            (
                "article",
                format!("{} {}: {}", rp.doc_type, rp.number, rp.title)
                    .trim()
                    .to_string(),
                Some(plan(site, p, canonical)),
            )
        }
        Page::Doc(d) => {
            let doc = site.doc(d);
            let mut ld = legislation(site, DocTarget::Doc(d));
            ld["url"] = json!(canonical);
            if !doc.implements.is_empty() {
                ld["legislationApplies"] = refs(site, &doc.implements);
            }
            (
                "article",
                format!(
                    "{} số {}{}: văn bản và các kế hoạch thực hiện",
                    doc.doc_type,
                    doc.number,
                    if doc.title.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", doc.title)
                    }
                ),
                Some(ld),
            )
        }
        Page::Body(b) => {
            let body = site.body(b);
            let mut org =
                json!({"@type": "GovernmentOrganization", "name": body.name, "url": canonical});
            let mut alt: Vec<&str> = body.aliases.iter().map(String::as_str).collect();
            if !body.short.is_empty() {
                alt.insert(0, &body.short);
            }
            if !alt.is_empty() {
                org["alternateName"] = json!(alt);
            }
            if let Some(parent) = body.parent {
                org["parentOrganization"] = json!({"@type": "GovernmentOrganization",
                    "name": site.body(parent).name, "url": abs(&site.body_url(parent))});
            }
            (
                "website",
                format!(
                    "Kế hoạch {} ban hành, nhiệm vụ {} chủ trì và phối hợp, thời hạn và tình hình thực hiện",
                    body.name, body.name
                ),
                Some(org),
            )
        }
        Page::Data => (
            "website",
            format!(
                "Dữ liệu mở của {}: kế hoạch và nhiệm vụ dạng JSON, CSV, lịch iCalendar",
                cfg.title
            ),
            Some(dataset(site, canonical)),
        ),
        _ => ("website", cfg.description.clone(), None),
    };
    let json_ld = ld.map(|mut v| {
        if let Value::Object(m) = &mut v {
            let mut with_context = Map::new();
            with_context.insert("@context".into(), json!("https://schema.org"));
            with_context.extend(std::mem::take(m));
            *m = with_context;
        }
        script_safe(&v.to_string())
    });
    Meta {
        description,
        og_type,
        json_ld,
    }
}

#[derive(serde::Serialize)]
pub struct Meta {
    description: String,
    og_type: &'static str,
    json_ld: Option<String>,
}

/// JSON inside a `<script>` element ends at the first `</script>`, whatever the JSON says;
/// escaping `<`, `>` and `&` keeps the text JSON and the element whole.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn publisher(site: &Site) -> Value {
    let cfg = &site.config();
    let name = if cfg.organization.is_empty() {
        &cfg.title
    } else {
        &cfg.organization
    };
    json!({"@type": "GovernmentOrganization", "name": name})
}

/// The common part of a plan or a directive as `Legislation`.
fn legislation(site: &Site, t: DocTarget) -> Value {
    let link = super::views::target_link(site, t);
    let mut v = reference(site, &link);
    let (issuer, issuer_url, date) = match t {
        DocTarget::Plan(p) => {
            let rp = site.plan(p);
            (
                site.body(rp.issuer).name.clone(),
                Some(site.body_url(rp.issuer)),
                rp.date.full(),
            )
        }
        DocTarget::Doc(d) => {
            let doc = site.doc(d);
            (
                doc.issuer.clone(),
                doc.issuer_body.map(|b| site.body_url(b)),
                doc.date.and_then(|x| x.full()),
            )
        }
    };
    if !link.doc_type.is_empty() {
        v["legislationType"] = json!(link.doc_type);
    }
    if !link.title.is_empty() {
        v["alternateName"] = json!(link.title);
    }
    if let Some(d) = date {
        v["legislationDate"] = json!(d.to_string());
    }
    if !issuer.is_empty() {
        let mut org = json!({"@type": "GovernmentOrganization", "name": issuer});
        if let Some(u) = issuer_url {
            org["url"] = json!(format!("{}{u}", site.config().base_url));
        }
        v["legislationPassedBy"] = org;
    }
    v
}

/// A plan or a directive by its name, URL and number.
fn reference(site: &Site, link: &super::views::RefLink) -> Value {
    let url = format!("{}{}", site.config().base_url, link.url);
    let mut v = json!({"@type": "Legislation", "name": link.label, "url": url});
    if !link.number.is_empty() {
        v["legislationIdentifier"] = json!(link.number);
    }
    v
}

/// Acts a page refers to, each by its number, name and URL: the page of each describes it
/// in full, and repeating that on every page citing it would be most of the markup.
fn refs(site: &Site, list: &[Reference]) -> Value {
    Value::Array(
        list.iter()
            .map(|r| match r.target {
                Some(t) => reference(site, &super::views::target_link(site, t)),
                None => json!({"@type": "Legislation", "legislationIdentifier": r.number}),
            })
            .collect(),
    )
}

fn plan(site: &Site, p: PlanId, canonical: &str) -> Value {
    let rp = site.plan(p);
    let mut v = legislation(site, DocTarget::Plan(p));
    v["url"] = json!(canonical);
    v["inLanguage"] = json!("vi");
    v["isAccessibleForFree"] = json!(true);
    v["legislationLegalForce"] = json!(match rp.status {
        PlanStatus::Issued => "https://schema.org/InForce",
        PlanStatus::Superseded => "https://schema.org/NotInForce",
        PlanStatus::Draft => "https://schema.org/NotInForce",
    });
    if !rp.tasks.is_empty() {
        v["description"] = json!(format!(
            "{} nhiệm vụ, mỗi nhiệm vụ có cơ quan chủ trì, phối hợp, sản phẩm và thời hạn.",
            rp.tasks.len()
        ));
    }
    if !rp.implements.is_empty() {
        v["legislationApplies"] = refs(site, &rp.implements);
    }
    if !rp.based_on.is_empty() {
        v["citation"] = refs(site, &rp.based_on);
    }
    if !rp.replaces.is_empty() {
        v["legislationChanges"] = refs(site, &rp.replaces);
    }
    v
}

fn dataset(site: &Site, canonical: &str) -> Value {
    let abs = |url: &str| format!("{}{url}", site.config().base_url);
    let file = |name: &str, format: &str, what: &str| {
        json!({"@type": "DataDownload", "name": name, "encodingFormat": format,
               "contentUrl": abs(&routes::data_file(name)), "description": what})
    };
    json!({
        "@type": "Dataset",
        "name": format!("Kế hoạch và nhiệm vụ — {}", site.config().title),
        "description": "Mọi kế hoạch và mọi nhiệm vụ trên trang: cơ quan chủ trì, phối hợp, sản phẩm, thời hạn, tình trạng; thứ tự ổn định giữa các lần cập nhật.",
        "url": canonical, "inLanguage": "vi", "isAccessibleForFree": true,
        "creator": publisher(site),
        "dateModified": site.as_of().to_string(),
        "distribution": [
            file("ke-hoach.json", "application/json", "Mỗi kế hoạch một mục"),
            file("nhiem-vu.json", "application/json", "Mỗi nhiệm vụ một mục"),
            file("nhiem-vu.csv", "text/csv", "Mỗi nhiệm vụ một dòng"),
            file("datapackage.json", "application/json", "Mô tả các trường dữ liệu (Frictionless Data Package)"),
        ],
    })
}
