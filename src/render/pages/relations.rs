//! What the page of a plan or of a document shows of the documents around it.

use super::Vars;
use crate::render::views::{plan_row, PlanRow};
use crate::render::{chain, dashboard};
use crate::resolve::{DocTarget, PlanId};
use crate::site::lists::{has_related_list, related_plans, RELATED_INLINE};
use crate::site::routes::Page;
use crate::site::Site;

/// What the page of a plan or document shows of the documents around it: the chain of what
/// carries it out, the relation diagram (whose "… và N khác" boxes link to `more_anchor`),
/// and the plans that cite or mention it.
pub(super) fn put(vars: &mut Vars, site: &Site, t: DocTarget, root: &str, more_anchor: &str) {
    let links = site.links(t);
    let rows = |list: &[PlanId]| -> Vec<PlanRow> {
        list.iter()
            .take(RELATED_INLINE)
            .map(|&q| plan_row(site, q))
            .collect()
    };
    vars.put("chain", &chain::implementers(site, t));
    vars.put(
        "relations",
        &dashboard::relations(site, t, root, "luoc-do", more_anchor),
    );
    vars.put("cited_by", &rows(&links.cited_by));
    vars.put("mentioned_by", &rows(&links.mentioned_by));
    vars.put("related", &related_link(site, t));
}

/// The link to the page listing every plan related to `t`, when there is one.
#[derive(serde::Serialize)]
struct RelatedLink {
    url: String,
    count: usize,
    inline: usize,
    chain_max: usize,
}

fn related_link(site: &Site, t: DocTarget) -> Option<RelatedLink> {
    has_related_list(site, t).then(|| RelatedLink {
        url: Page::Related(t, 0).url(site),
        count: related_plans(site, t).len(),
        inline: RELATED_INLINE,
        chain_max: crate::render::chain::MAX_NODES,
    })
}
