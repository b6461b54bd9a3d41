//! A plan's page: laid out like the official document, its task table, and the documents
//! around it.

use super::Vars;
use crate::render::markdown::{self, Links};
use crate::render::views::*;
use crate::render::{dashboard, Renderer};
use crate::resolve::{DocTarget, PlanId, TaskKey};

#[derive(serde::Serialize)]
struct Heading {
    level: usize,
    text: String,
    /// The anchor the table of contents links to.
    id: String,
}

/// An entry of a long plan page's table of contents: a part of the text or a group of tasks.
#[derive(serde::Serialize)]
struct TocEntry {
    level: usize,
    text: String,
    id: String,
}

/// Gives the `<h2>` and `<h3>` of a part of the body the anchors `muc-N` and adds them to the
/// table of contents.
fn anchor_headings(html: String, toc: &mut Vec<TocEntry>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<h") {
        let tail = &rest[at..];
        let level = match tail.as_bytes().get(2..4) {
            Some(b"2>") => 2,
            Some(b"3>") => 3,
            _ => {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
                continue;
            }
        };
        let close = format!("</h{level}>");
        let Some(end) = tail.find(&close) else { break };
        let inner = &tail[4..end];
        let id = format!("muc-{}", toc.len() + 1);
        out.push_str(&rest[..at]);
        out.push_str(&format!("<h{level} id=\"{id}\">"));
        out.push_str(inner);
        out.push_str(&close);
        toc.push(TocEntry {
            level: level - 2,
            text: markdown::unescape_html(&markdown::strip_tags(inner)).into_owned(),
            id,
        });
        rest = &tail[end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// A task of a plan's own table: its row, and what only the plan page shows.
struct TaskView<'a> {
    row: TaskRow<'a>,
    anchor: String,
    headings: Vec<Heading>,
    implements: Vec<Link>,
    children: Vec<TaskLink>,
    progress: Vec<Report<'a>>,
}

#[derive(serde::Serialize)]
struct Link {
    label: String,
    url: String,
}

impl serde::Serialize for TaskView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("TaskView", TaskRow::FIELDS + 5)?;
        self.row.fields(&mut s)?;
        s.serialize_field("anchor", &self.anchor)?;
        s.serialize_field("headings", &self.headings)?;
        s.serialize_field("implements", &self.implements)?;
        s.serialize_field("children", &self.children)?;
        s.serialize_field("progress", &self.progress)?;
        s.end()
    }
}

pub(super) fn plan<'a>(r: &Renderer<'a>, p: PlanId, root: &str) -> Vars {
    let site = r.site;
    let rp = site.plan(p);
    let url = |t| site.target_url(t);
    let links = |list| Links { list, url: &url };
    let trust = site.config().trust_html;
    // The body, cut where the task table and the targets are to be placed.
    let mut toc: Vec<TocEntry> = Vec::new();
    let parts: Vec<BodyPart> = crate::markdown::body_parts(&rp.body)
        .into_iter()
        .enumerate()
        .map(|(i, (md, insert))| {
            let l = &rp.body_links;
            let from = l.partition_point(|x| (x.part as usize) < i);
            let to = from + l[from..].partition_point(|x| x.part as usize == i);
            let html = markdown::to_html(md, root, Some(links(&l[from..to])), trust);
            BodyPart {
                html: anchor_headings(html, &mut toc),
                insert,
            }
        })
        .collect();
    let mut groups = 0;
    let mut prev_group: &[String] = &[];
    let tasks: Vec<TaskView> = rp
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = TaskKey::new(p, i);
            let same = prev_group
                .iter()
                .zip(&t.group)
                .take_while(|(a, b)| a == b)
                .count();
            let headings = t
                .group
                .iter()
                .enumerate()
                .skip(same)
                .map(|(l, g)| {
                    groups += 1;
                    Heading {
                        level: l,
                        text: g.clone(),
                        id: format!("nhom-{groups}"),
                    }
                })
                .collect();
            prev_group = &t.group;
            let implements = rp.tasks[i]
                .implements
                .iter()
                .map(|r| match r.task {
                    Some(tk) => Link {
                        label: task_link(site, tk).label,
                        url: site.task_url(tk),
                    },
                    None => {
                        let l = ref_link(site, r);
                        let label = match &r.task_id {
                            Some(id) => format!("{} (nhiệm vụ {id})", l.label),
                            None => l.label,
                        };
                        Link { label, url: l.url }
                    }
                })
                .collect();
            let children = (site.task_children(k).iter())
                .map(|&c| task_link(site, c))
                .collect();
            let progress = t.progress.iter().map(|x| report(site, x)).collect();
            let row = task_row_titled(
                site,
                &r.shared,
                k,
                markdown::title_html(&t.title, root, Some(links(rp.title_links(i))), trust),
            );
            TaskView {
                row,
                anchor: crate::site::routes::task_anchor(&t.slug),
                headings,
                implements,
                children,
                progress,
            }
        })
        .collect();
    let named = |list: &'a [crate::resolve::Recipient]| -> Vec<Named<'a>> {
        list.iter()
            .map(|(n, b)| Named {
                name: n,
                url: b.map(|b| site.body_url(b)),
            })
            .collect()
    };
    let header = PlanHeader {
        label: site.plan_label(p),
        number: &rp.number,
        blank_number: &rp.blank_number,
        official: rp.source.as_ref().map(|s| match s {
            crate::content::SourceDoc::Url(u) => Official {
                url: u.clone(),
                name: u.clone(),
                external: true,
            },
            crate::content::SourceDoc::File { path, bytes } => Official {
                url: crate::site::routes::plan_source_file(site, p).unwrap_or_default(),
                name: format!(
                    "{} ({})",
                    s.file_name().unwrap_or(path),
                    file_size(bytes.len())
                ),
                external: false,
            },
        }),
        missing: &rp.missing,
        doc_type: &rp.doc_type,
        title: &rp.title,
        issuer: body_link(site, rp.issuer),
        date: rp.date.written(),
        date_label: rp.date.vietnamese(),
        place: &rp.place,
        signer: rp.signer.as_ref().map(signer_view),
        status: rp.status.as_str(),
        status_label: rp.status.label(),
        implements: rp.implements.iter().map(|r| ref_link(site, r)).collect(),
        based_on: rp.based_on.iter().map(|r| ref_link(site, r)).collect(),
        replaces: rp.replaces.iter().map(|r| ref_link(site, r)).collect(),
        replaced_by: rp.replaced_by.iter().map(|&q| plan_row(site, q)).collect(),
        recipients: named(&rp.recipients),
        distribution: named(&rp.distribution),
        targets: rp
            .targets
            .iter()
            .map(|t| TargetView {
                id: &t.id,
                text: &t.text,
            })
            .collect(),
        task_count: rp.tasks.len(),
        overdue_count: site.plan_state_count(p, crate::site::TaskState::Overdue),
        past_deadline_count: site.plan_state_count(p, crate::site::TaskState::PastDeadline),
        source: &rp.path,
    };
    let caption = format!(
        "Tình hình thực hiện {} nhiệm vụ của kế hoạch",
        rp.tasks.len()
    );
    let mut vars = Vars::default();
    vars.put("plan", &header);
    vars.put("body_parts", &parts);
    // The groups of tasks, two levels deep, after the parts of the text.
    let group_toc: Vec<TocEntry> = tasks
        .iter()
        .flat_map(|t| &t.headings)
        .filter(|h| h.level < 2)
        .map(|h| TocEntry {
            level: h.level,
            text: crate::markdown::plain_cow(&h.text).into_owned(),
            id: h.id.clone(),
        })
        .collect();
    vars.put("toc", &toc);
    vars.put("group_toc", &group_toc);
    vars.put(
        "dashboard",
        &dashboard::dashboard(site, site.plan_tasks(p), "tien-do-ke-hoach", &caption, root),
    );
    vars.put("timeline", &dashboard::timeline(site, p, "tien-trinh"));
    super::relations::put(&mut vars, site, DocTarget::Plan(p), root, "thuc-hien");
    vars.put("tasks", &tasks);
    super::reports::on_plan(&mut vars, site, p);
    vars
}

/// A part of a plan's body, and what is placed after it ("tasks", "targets" or nothing).
#[derive(serde::Serialize)]
struct BodyPart {
    html: String,
    insert: crate::markdown::Insert,
}

/// A plan as its own page shows it at the top.
#[derive(serde::Serialize)]
struct PlanHeader<'a> {
    label: String,
    number: &'a str,
    blank_number: &'a str,
    official: Option<Official>,
    missing: &'a [String],
    doc_type: &'a str,
    title: &'a str,
    issuer: BodyLink<'a>,
    date: String,
    date_label: String,
    place: &'a str,
    signer: Option<SignerView<'a>>,
    status: &'static str,
    status_label: &'static str,
    implements: Vec<RefLink>,
    based_on: Vec<RefLink>,
    replaces: Vec<RefLink>,
    replaced_by: Vec<PlanRow<'a>>,
    recipients: Vec<Named<'a>>,
    distribution: Vec<Named<'a>>,
    targets: Vec<TargetView<'a>>,
    task_count: usize,
    overdue_count: usize,
    past_deadline_count: usize,
    source: &'a str,
}

/// Where the official document is: a URL, or the file published beside the page.
#[derive(serde::Serialize)]
struct Official {
    url: String,
    name: String,
    /// A URL of another site (linked as is, not under the site's root).
    external: bool,
}

/// "1,2 MB", "340 KB".
fn file_size(n: usize) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / 1048576.0).replace('.', ",")
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

/// A body as a plan names it, linked where it resolved to a body of the site.
#[derive(serde::Serialize)]
struct Named<'a> {
    name: &'a str,
    url: Option<String>,
}

#[derive(serde::Serialize)]
struct TargetView<'a> {
    id: &'a str,
    text: &'a str,
}
