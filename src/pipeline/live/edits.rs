//! Resolving for a rebuild: the edited plans alone, when that gives what resolving the whole
//! site would, else the whole site.

use super::Last;
use crate::content::{Content, Located, Plan};
use crate::diag::Diagnostics;
use crate::resolve::{self, PlanId, Resolved};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// What resolving left for the rest of the rebuild.
pub(super) struct Resolving {
    /// Warnings of the resolve stage, by file.
    pub by_file: HashMap<String, usize>,
    /// How many of them are not among this rebuild's diagnostics (those of plans not resolved
    /// again).
    pub elsewhere: usize,
    /// The plans resolved again alone, when only they were.
    pub edited: Option<Vec<PlanId>>,
    /// The plan files as read, in plan order.
    pub sources: Arc<Vec<Arc<Plan>>>,
}

/// Resolves the whole site; also returns the resolver's state, for the next rebuild.
pub(super) fn resolve_whole(
    content: Content,
    as_of: chrono::NaiveDate,
    diags: &mut Diagnostics,
) -> (Resolved, Resolving, resolve::State) {
    let before = diags.len();
    let by_path: HashMap<String, Arc<Plan>> = (content.plans.iter())
        .map(|p| (p.path.clone(), p.clone()))
        .collect();
    let (r, mut st) = resolve::resolve_keeping(content, as_of, diags);
    let sources = r.plans.iter().map(|p| by_path[&p.path].clone()).collect();
    st.bodies = (*r.bodies).clone();
    st.docs = (*r.docs).clone();
    let mut by_file: HashMap<String, usize> = HashMap::default();
    for w in diags.warnings_since(before) {
        *by_file.entry(w.path.clone()).or_default() += 1;
    }
    let resolving = Resolving {
        by_file,
        elsewhere: 0,
        edited: None,
        sources: Arc::new(sources),
    };
    (r, resolving, st)
}

/// Re-resolves only the edited plans, when that gives what resolving the whole site would:
/// the registries, site.yaml and the set of plans are unchanged, and each edited plan keeps
/// its number, date, issuer, task ids and every name and reference it writes (so it finds
/// them all where the last build put them). Deadlines, titles, texts, outputs, status and
/// progress may change.
pub(super) fn resolve_alone(
    last: &mut Last,
    mut state: resolve::State,
    content: &Content,
    as_of: chrono::NaiveDate,
    diags: &mut Diagnostics,
) -> Option<(Resolved, Resolving, resolve::State)> {
    // Taken, not copied (10,000 paths): a full resolve, if this one gives up, counts anew.
    let mut per_path = std::mem::take(&mut last.resolve_warnings);
    let old = last.site.resolved();
    let reports = (content.reports.iter()).map(|r| (r.path.as_str(), r.source_hash));
    if super::whole_site_key(&content.config, as_of, reports) != last.config
        || content.bodies != last.registry.0
        || content.directives != last.registry.1
        || content.plans.len() != old.plans.len()
    {
        return None;
    }
    let by_path: HashMap<&str, &Arc<Plan>> =
        content.plans.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut plans = old.plans.clone();
    // The plan files as read now, in the last build's plan order.
    let sources: Vec<Arc<Plan>> = (old.plans.iter())
        .map(|rp| by_path.get(rp.path.as_str()).map(|p| (*p).clone()))
        .collect::<Option<_>>()?;
    let mut edited_paths: HashSet<&str> = HashSet::default();
    let mut edited = Vec::new();
    for (pid, rp) in old.plans.iter().enumerate() {
        let (was, new) = (&last.sources[pid], &sources[pid]);
        if Arc::ptr_eq(was, new) {
            continue;
        }
        // What reports say of a plan's tasks is put in them when the whole site is resolved.
        if !same_references(was, new) || old.reports.iter().any(|r| r.plans.contains(&pid)) {
            return None;
        }
        edited_paths.insert(rp.path.as_str());
        edited.push(pid);
        let before = state.untouched();
        let mut d = Diagnostics::default();
        let found = state.resolve_plan(pid, new, &sources, &mut d);
        let mut fresh = found.into_plan(Plan::clone(new));
        if state.untouched() != before {
            return None;
        }
        // Set by other plans (`replaces`), which did not change.
        fresh.status = if rp.replaced_by.is_empty() {
            fresh.status
        } else {
            rp.status
        };
        fresh.replaced_by = rp.replaced_by.clone();
        plans[pid] = Arc::new(fresh);
        per_path.insert(rp.path.clone(), d.count(crate::diag::Severity::Warning));
        diags.extend(d);
    }
    let elsewhere = per_path
        .iter()
        .filter(|(p, _)| !edited_paths.contains(p.as_str()))
        .map(|(_, n)| n)
        .sum();
    debug_assert_eq!(
        (state.bodies.len(), state.docs.len()),
        (old.bodies.len(), old.docs.len())
    );
    let resolved = Resolved {
        config: content.config.clone(),
        as_of,
        // The state added none (checked above): the last build's are the state's.
        bodies: old.bodies.clone(),
        docs: old.docs.clone(),
        plans,
        reports: old.reports.clone(),
    };
    let resolving = Resolving {
        by_file: per_path,
        elsewhere,
        edited: Some(edited),
        sources: Arc::new(sources),
    };
    Some((resolved, resolving, state))
}

/// Whether two versions of a plan resolve alike but for deadlines: same place in the site,
/// same issuer, tasks with the same ids, and the same names and references written.
fn same_references(a: &Plan, b: &Plan) -> bool {
    fn values<T: AsRef<str>>(l: &[Located<T>]) -> impl Iterator<Item = &str> {
        l.iter().map(|x| x.value.as_ref())
    }
    let cited = |p: &Plan| -> Vec<(String, Option<chrono::NaiveDate>, String)> {
        (p.citations.all().iter())
            .map(|(r, _)| (r.number.clone(), r.date, r.doc_type.clone()))
            .collect()
    };
    a.path == b.path
        && a.number == b.number
        && a.date == b.date
        && a.issuer.value == b.issuer.value
        && values(&a.implements).eq(values(&b.implements))
        && values(&a.based_on).eq(values(&b.based_on))
        && values(&a.replaces).eq(values(&b.replaces))
        && a.recipients == b.recipients
        && a.distribution == b.distribution
        && a.tasks.len() == b.tasks.len()
        && a.tasks.iter().zip(&b.tasks).all(|(x, y)| {
            x.id == y.id
                && values(&x.lead).eq(values(&y.lead))
                && values(&x.support).eq(values(&y.support))
                && values(&x.implements).eq(values(&y.implements))
        })
        && cited(a) == cited(b)
        && values(&a.reporting).eq(values(&b.reporting))
}
