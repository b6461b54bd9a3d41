//! The slugs things are published under: unique among namesakes, and decided by the names
//! that share them alone, so that a URL never moves once published.

use super::{DOCS, PLANS, REPORTS};
use crate::text::slugify;
use rustc_hash::FxHashSet as HashSet;

/// One thing that gets a URL: the group its slug must be unique in, the slug of its name, a
/// year that tells namesakes apart, and its name as written (then its file), which orders
/// namesakes and identifies each for good.
struct Named {
    group: String,
    slug: String,
    year: Option<i32>,
    /// Who keeps the plain slug among namesakes, lowest first: a plan or registered document
    /// with a well-formed number before a mention or a malformed number, whatever their order
    /// by name ([`rank_of`]).
    rank: u8,
    key: String,
}

/// The rank of a number among namesakes (see [`Named::rank`]): `registered` for a plan of the
/// site or a document of directives.yaml.
fn rank_of(number: &str, registered: bool) -> u8 {
    let well_formed = crate::number::is_well_formed(number);
    match (registered, well_formed) {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => 2,
        (false, false) => 3,
    }
}

/// Gives each item a slug unique among its group. Namesakes are taken by rank, then in the
/// order of their names as written, not of their files: the first keeps the plain slug (every
/// plain slug is given before any suffix, so no suffix takes one), the others get the
/// year (when given), else a short hash of their own name. So a URL depends only on the names
/// that share its slug: not on file order, and not on how many namesakes come or go later.
fn unique_slugs(items: impl Iterator<Item = Named>) -> Vec<String> {
    let items: Vec<Named> = items.collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&items[a], &items[b]);
        (&a.group, &a.slug, a.rank, &a.key).cmp(&(&b.group, &b.slug, b.rank, &b.key))
    });
    let mut used: HashSet<String> = HashSet::default();
    let mut out = vec![String::new(); items.len()];
    // Plain slugs first, to the first of each set of namesakes: a namesake's suffix ("2-2",
    // "90-kh-ubnd-2026") then never takes another item's plain slug, whatever the order.
    let mut namesakes = Vec::new();
    for &i in &order {
        let it = &items[i];
        if used.insert(format!("{}/{}", it.group, it.slug)) {
            out[i] = it.slug.clone();
        } else {
            namesakes.push(i);
        }
    }
    for i in namesakes {
        let it = &items[i];
        let taken = |s: &str| used.contains(&format!("{}/{s}", it.group));
        let mut s = it.slug.clone();
        // a suffix never takes the slug past the longest segment allowed
        let suffixed = |suffix: String| crate::text::with_suffix(&it.slug, &suffix);
        if let Some(y) = it.year {
            s = suffixed(y.to_string());
        }
        if taken(&s) {
            s = suffixed(format!(
                "{:06x}",
                crate::text::fnv(it.key.as_bytes()) & 0xff_ffff
            ));
        }
        let mut n = 2;
        while taken(&s) {
            s = suffixed(n.to_string());
            n += 1;
        }
        used.insert(format!("{}/{s}", it.group));
        out[i] = s;
    }
    out
}

/// The slugs of the plans and their URLs: under the year of the plan, by number, or by file
/// name when unnumbered.
pub fn plans(plans: &[std::sync::Arc<crate::resolve::Plan>]) -> (Vec<String>, Vec<String>) {
    let slugs = unique_slugs(plans.iter().map(|p| Named {
        group: p.date.year.to_string(),
        slug: if p.number.is_empty() {
            slugify(&p.stem)
        } else {
            slugify(&p.number)
        },
        year: None,
        // An unnumbered plan named by its file never takes a number's slug.
        rank: if p.number.is_empty() {
            rank_of("", true)
        } else {
            rank_of(&p.number, true)
        },
        key: if p.number.is_empty() {
            format!("{}|{}", p.stem, p.path)
        } else {
            format!("{}|{}", p.number, p.path)
        },
    }));
    let urls = plans
        .iter()
        .zip(&slugs)
        .map(|(p, s)| format!("{PLANS}{}/{s}/", p.date.year))
        .collect();
    (slugs, urls)
}

/// The URLs of the documents, by number; namesakes told apart by year.
pub fn docs(docs: &[crate::resolve::Doc]) -> Vec<String> {
    let slugs = unique_slugs(docs.iter().map(|d| Named {
        group: String::new(),
        slug: slugify(&d.number),
        year: d.date.map(|x| x.year),
        rank: rank_of(&d.number, d.registered),
        key: format!("{}|{:?}", d.number, d.date),
    }));
    slugs.iter().map(|s| [DOCS, s, "/"].concat()).collect()
}

/// The URLs of the reports: under the year of the report, by number, or by file name when
/// unnumbered.
pub fn reports(reports: &[crate::resolve::Report]) -> Vec<String> {
    use chrono::Datelike;
    let slugs = unique_slugs(reports.iter().map(|r| Named {
        group: r.date.year().to_string(),
        slug: if r.number.is_empty() {
            slugify(&r.stem)
        } else {
            slugify(&r.number)
        },
        year: None,
        rank: if r.number.is_empty() {
            rank_of("", true)
        } else {
            rank_of(&r.number, true)
        },
        key: format!("{}|{}", r.number, r.path),
    }));
    reports
        .iter()
        .zip(&slugs)
        .map(|(r, s)| format!("{REPORTS}{}/{s}/", r.date.year()))
        .collect()
}
