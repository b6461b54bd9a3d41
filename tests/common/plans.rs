//! Imported plans compared with the hand-made ones in content/, field by field.

use super::{kehoach, repo};
use kehoach::content::{parse_plan, Located, Plan, Task};
use std::path::Path;

/// The plan `kehoach import` makes of a file, or the errors that keep it from being a valid
/// plan as it stands.
pub fn imported(file: &Path) -> Result<Plan, String> {
    let r = kehoach(&[
        "import",
        file.to_str().unwrap(),
        "--root",
        repo().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (plan, d) = parse_plan("imported.md", r.stdout.as_bytes());
    plan.ok_or_else(|| {
        d.into_sorted()
            .iter()
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

pub fn hand(rel: &str) -> Plan {
    let (plan, _) = parse_plan(rel, &std::fs::read(repo().join(rel)).unwrap());
    plan.unwrap()
}

pub fn names<T: AsRef<str>>(v: &[Located<T>]) -> Vec<String> {
    v.iter().map(|l| l.value.as_ref().to_string()).collect()
}

/// The fields a task must carry over exactly.
pub const TASK_FIELDS: [&str; 6] = [
    "task ids",
    "task titles",
    "leads",
    "supports",
    "products",
    "deadlines",
];

/// (field, matched, total) for one plan.
pub fn compare(a: &Plan, b: &Plan) -> Vec<(&'static str, usize, usize)> {
    let eq = |x: bool| usize::from(x);
    let mut rows = vec![
        (
            "number",
            eq(a.number == b.number && a.blank_number == b.blank_number),
            1,
        ),
        ("date", eq(a.date == b.date), 1),
        ("title", eq(a.title == b.title), 1),
        ("issuer", eq(a.issuer.value == b.issuer.value), 1),
        (
            "implements",
            eq(names(&a.implements) == names(&b.implements)),
            1,
        ),
        ("based_on", eq(names(&a.based_on) == names(&b.based_on)), 1),
        ("replaces", eq(names(&a.replaces) == names(&b.replaces)), 1),
        ("signer", eq(a.signer == b.signer), 1),
        ("recipients", eq(a.recipients == b.recipients), 1),
        ("targets", eq(a.targets == b.targets), 1),
    ];
    let n = b.tasks.len();
    let pairs: Vec<_> = b
        .tasks
        .iter()
        .map(|t| (t, a.tasks.iter().find(|x| x.id == t.id)))
        .collect();
    let count = |f: &dyn Fn(&Task, &Task) -> bool| {
        pairs
            .iter()
            .filter(|(h, i)| i.is_some_and(|i| f(h, i)))
            .count()
    };
    rows.push(("task ids", count(&|_, _| true), n));
    rows.push(("task titles", count(&|h, i| h.title == i.title), n));
    rows.push(("task groups", count(&|h, i| h.group == i.group), n));
    rows.push(("leads", count(&|h, i| names(&h.lead) == names(&i.lead)), n));
    rows.push((
        "supports",
        count(&|h, i| names(&h.support) == names(&i.support)),
        n,
    ));
    rows.push(("products", count(&|h, i| h.outputs == i.outputs), n));
    rows.push((
        "deadlines",
        count(&|h, i| {
            h.deadline.as_ref().map(|d| &d.value) == i.deadline.as_ref().map(|d| &d.value)
        }),
        n,
    ));
    rows
}

/// Each task whose fields differ, hand-made above imported, to stderr.
pub fn print_mismatches(label: &str, a: &Plan, b: &Plan) {
    for h in &b.tasks {
        let Some(i) = a.tasks.iter().find(|x| x.id == h.id) else {
            eprintln!("{label} {}: not imported", h.id);
            continue;
        };
        if names(&h.lead) != names(&i.lead)
            || names(&h.support) != names(&i.support)
            || h.title != i.title
            || h.outputs != i.outputs
            || h.deadline.as_ref().map(|d| &d.value) != i.deadline.as_ref().map(|d| &d.value)
        {
            eprintln!(
                "{label} {}:\n  hand   {:?} | {:?} | {:?} | {:?} | {:?}\n  import {:?} | {:?} | {:?} | {:?} | {:?}",
                h.id,
                h.title,
                names(&h.lead),
                names(&h.support),
                h.outputs,
                h.deadline.as_ref().map(|d| &d.value),
                i.title,
                names(&i.lead),
                names(&i.support),
                i.outputs,
                i.deadline.as_ref().map(|d| &d.value)
            );
        }
    }
}
