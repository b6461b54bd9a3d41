//! The plans of the corpus: a tree of plans carrying out directives and one another, each with
//! its tasks (lead and supporting bodies, outputs, deadlines, reports) and its body text.

use super::prose::Prose;
use super::rng::Rng;
use super::tables::*;
use super::{as_of, date, slug, Corpus, Named, Plan, Task};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{HashMap, HashSet};

/// Makes `n` plans into `c`: their tree, numbers, then each filled in date order (a parent is
/// always filled before the plans that carry it out).
pub fn make(c: &mut Corpus, rng: &mut Rng, prose: &Prose, n: usize) {
    // Level 0 carries out directives; level k a plan of level k - 1.
    let mut levels: [Vec<usize>; 4] = Default::default();
    for i in 0..n {
        let mut lv = if i == 0 {
            0
        } else {
            rng.weighted(&[(0usize, 40u32), (1, 30), (2, 20), (3, 10)], |x| x.1)
                .0
        };
        while lv > 0 && levels[lv - 1].is_empty() {
            lv -= 1;
        }
        let parent = (lv > 0).then(|| *rng.choice(&levels[lv - 1]));
        let p = skeleton(c, rng, parent, i);
        levels[lv].push(i);
        c.plans.push(p);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (c.plans[i].date, i));
    // Numbers grow with the date, one counter per code; a few plans are unnumbered drafts.
    let mut counters: HashMap<String, i64> = HashMap::new();
    let reserved: HashSet<String> = c
        .directives
        .iter()
        .map(|d| d.number.clone())
        .chain(GHOSTS.iter().map(|g| g.to_string()))
        .collect();
    for &i in &order {
        if rng.random() < 0.03 {
            continue;
        }
        let code = c.dep(&c.plans[i].issuer).code.clone().unwrap_or_default();
        let mut k = match counters.get(&code) {
            Some(&k) => k,
            None => rng.int(1, 40),
        };
        while reserved.contains(&format!("{k}/KH-{code}")) {
            k += 1;
        }
        counters.insert(code.clone(), k + rng.int(1, 3));
        c.plans[i].number = format!("{k}/KH-{code}");
    }
    let mut docs = Docs::new(c);
    let mut done: Vec<usize> = Vec::new();
    for &i in &order {
        fill(c, rng, prose, &mut docs, &done, i);
        done.push(i);
    }
    c.order = order;
}

fn skeleton(c: &Corpus, rng: &mut Rng, parent: Option<usize>, i: usize) -> Plan {
    let so: Vec<&str> = SO.iter().map(|s| s.0).collect();
    let communes: Vec<String> = communes(c);
    let (issuer, day, topic) = match parent {
        None => (
            if rng.random() < 0.45 {
                "ubnd-tp".to_string()
            } else {
                rng.choice(&so).to_string()
            },
            date(2024, 1, 1) + Duration::days(rng.below(820) as i64),
            rng.choice(TOPICS).to_string(),
        ),
        Some(p) => {
            let parent = &c.plans[p];
            (
                if rng.random() < 0.6 {
                    rng.choice(&so).to_string()
                } else {
                    rng.choice(&communes).clone()
                },
                parent.date + Duration::days(rng.int(7, 60)),
                parent.topic.clone(),
            )
        }
    };
    Plan {
        i,
        issuer,
        date: day,
        topic,
        parent,
        number: String::new(),
        implements: Vec::new(),
        based_on: Vec::new(),
        replaces: Vec::new(),
        title: String::new(),
        targets: Vec::new(),
        tasks: Vec::new(),
        body: String::new(),
    }
}

fn communes(c: &Corpus) -> Vec<String> {
    c.deps
        .iter()
        .filter(|d| d.kind == "commune")
        .map(|d| d.id.clone())
        .collect()
}

/// What a number names, for the titles and references that name it: (type, date, issuer).
struct Docs {
    info: HashMap<String, (String, NaiveDate, String)>,
}

impl Docs {
    fn new(c: &Corpus) -> Docs {
        let mut info = HashMap::new();
        for d in &c.directives {
            info.insert(
                d.number.clone(),
                (d.kind.to_string(), d.date, d.issuer.to_string()),
            );
        }
        for p in c.plans.iter().filter(|p| !p.number.is_empty()) {
            let issuer = c.dep(&p.issuer).name.clone();
            info.insert(p.number.clone(), ("Kế hoạch".into(), p.date, issuer));
        }
        Docs { info }
    }

    fn get(&self, number: &str) -> (String, NaiveDate, String) {
        self.info.get(number).cloned().unwrap_or_else(|| {
            (
                "Văn bản".into(),
                date(2025, 1, 1),
                "cơ quan có thẩm quyền".into(),
            )
        })
    }
}

/// A number as written: loosely now and then ("90 /KH-UBND", "57- NQ/TW").
pub fn loosely(rng: &mut Rng, number: &str) -> String {
    if rng.random() < 0.03 {
        if let Some(i) = number.find(['-', '/']) {
            let sep = &number[i..=i];
            let with = if sep == "/" { " /" } else { "- " };
            return format!("{}{with}{}", &number[..i], &number[i + 1..]);
        }
    }
    number.to_string()
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    v.into_iter().filter(|x| seen.insert(x.clone())).collect()
}

fn fill(c: &mut Corpus, rng: &mut Rng, prose: &Prose, docs: &mut Docs, done: &[usize], i: usize) {
    let numbers: Vec<String> = c.directives.iter().map(|d| d.number.clone()).collect();
    let parent = c.plans[i].parent;
    let mut implements = match parent {
        Some(p) => {
            let q = &c.plans[p];
            let mut v = vec![if q.number.is_empty() {
                q.implements[0].clone()
            } else {
                q.number.clone()
            }];
            if rng.random() < 0.2 {
                v.push(rng.choice(&numbers).clone());
            }
            v
        }
        None => {
            let k = *rng.choice(&[1, 1, 1, 2]);
            rng.sample(&numbers, k)
        }
    };
    implements = dedup(implements);
    let k = *rng.choice(&[0, 1, 1, 2, 3]);
    let mut based_on = rng.sample(&numbers, k);
    if rng.random() < 0.02 {
        based_on.push(rng.choice(GHOSTS).to_string());
    }
    let based_on: Vec<String> = dedup(based_on)
        .into_iter()
        .filter(|b| !implements.contains(b))
        .collect();
    let (kind, day, issuer) = docs.get(&implements[0]);
    let verb = if parent.is_some() {
        "Triển khai thực hiện"
    } else {
        "Thực hiện"
    };
    let topic = c.plans[i].topic.clone();
    let mut title = format!(
        "{verb} {kind} số {} ngày {} của {issuer} về {topic}",
        implements[0],
        vn_date(day, true)
    );
    if rng.random() < 0.1 {
        title = format!("Triển khai công tác {topic} năm {}", c.plans[i].date.year());
    }
    // What the body may cite: its own references and a few earlier plans of the corpus.
    let earlier: Vec<String> = rng
        .sample(done, 3)
        .into_iter()
        .map(|q| c.plans[q].number.clone())
        .filter(|n| !n.is_empty())
        .collect();
    let pool: Vec<String> = implements
        .iter()
        .chain(&based_on)
        .chain(&earlier)
        .cloned()
        .collect();
    let mut cite = |rng: &mut Rng, with_type: bool| {
        let number = rng.choice(&pool).clone();
        if with_type {
            format!("{} số {}", docs.get(&number).0, loosely(rng, &number))
        } else {
            number
        }
    };
    let targets = if rng.random() < 0.15 {
        (1..rng.int(3, 8))
            .map(|_| prose.sentence(rng, 8, 25, false, &mut |_, _| "Kế hoạch này".into()))
            .collect()
    } else {
        Vec::new()
    };
    let tasks = tasks(c, rng, prose, i, &mut cite);
    let body = body(c, rng, prose, i, tasks.len(), &mut cite);
    let mut replaces = Vec::new();
    if rng.random() < 0.03 {
        let same: Vec<String> = done
            .iter()
            .map(|&q| &c.plans[q])
            .filter(|q| q.issuer == c.plans[i].issuer && !q.number.is_empty())
            .map(|q| q.number.clone())
            .collect();
        if !same.is_empty() {
            replaces.push(rng.choice(&same).clone());
        }
    }
    if rng.random() < 0.01 {
        replaces.push("160/KH-SKH&CN".into());
    }
    let p = &mut c.plans[i];
    (p.implements, p.based_on, p.replaces) = (implements, based_on, replaces);
    (p.title, p.targets, p.tasks, p.body) = (title, targets, tasks, body);
}

fn tasks(
    c: &Corpus,
    rng: &mut Rng,
    prose: &Prose,
    i: usize,
    cite: &mut dyn FnMut(&mut Rng, bool) -> String,
) -> Vec<Task> {
    let n = match rng.random() {
        r if r < 0.04 => rng.int(0, 3),
        r if r < 0.82 => rng.int(5, 20),
        r if r < 0.94 => rng.int(21, 45),
        _ => rng.int(50, 150),
    } as usize;
    let p = &c.plans[i];
    let grouped = n > 25 || rng.random() < 0.35;
    // 15 % of a child plan's tasks hand down one of its parent's.
    let parent = p.parent.map(|q| &c.plans[q]);
    let (mut g, mut k) = (0usize, 0usize);
    let mut group = String::new();
    let mut out = Vec::with_capacity(n);
    for t in 0..n {
        if grouped && (t == 0 || (g < 10 && rng.random() < 0.12)) {
            (g, k) = (g + 1, 0);
            group = format!("{}. {}", ROMAN[g], GROUPS[(g + i) % GROUPS.len()]);
        }
        k += 1;
        let id = if grouped {
            format!("{}.{k}", ROMAN[g])
        } else {
            (t + 1).to_string()
        };
        let (mut title, mut implements) = (String::new(), None);
        match parent.filter(|q| !q.tasks.is_empty() && rng.random() < 0.15) {
            Some(q) => {
                let src = rng.choice(&q.tasks);
                title = src.title.clone();
                if !q.number.is_empty() {
                    implements = Some(format!("{}#{}", q.number, src.id));
                }
            }
            None => {
                title.push_str(&prose.sentence(rng, 14, 50, true, cite));
                if rng.random() < 0.05 {
                    let w: Vec<&str> = title.split(' ').collect();
                    let part = |a: usize, b: usize| w[a.min(w.len())..b.min(w.len())].join(" ");
                    title = format!("{} *{}* {}", part(0, 3), part(3, 8), part(8, w.len()));
                }
            }
        }
        let lead = leads(c, rng, &p.issuer);
        let lead_ids: Vec<&str> = lead.iter().map(|(_, id)| id.as_str()).collect();
        let support = supports(c, rng, &p.issuer, &lead_ids);
        let outputs = if rng.random() < 0.7 {
            let k = *rng.choice(&[1, 1, 2]);
            rng.sample(OUTPUTS, k)
                .into_iter()
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        };
        let (deadline, kind, end) = deadline(rng, p.date);
        let (mut status, mut progress) = (None, Vec::new());
        if rng.random() < 0.35 {
            let s = rng
                .weighted(
                    &[
                        ("not-started", 30),
                        ("in-progress", 45),
                        ("done", 20),
                        ("cancelled", 5),
                    ],
                    |x| x.1,
                )
                .0;
            status = Some(s);
            if matches!(s, "in-progress" | "done") && rng.random() < 0.4 {
                let days = (as_of() - p.date).num_days().max(1) as usize;
                let mut dates: Vec<NaiveDate> = (0..rng.int(1, 3))
                    .map(|_| p.date + Duration::days(rng.below(days) as i64))
                    .collect();
                dates.sort();
                progress = dates.into_iter().map(|d| (d, *rng.choice(NOTES))).collect();
            }
        }
        out.push(Task {
            buckets: buckets(kind, end, status),
            id,
            group: grouped.then(|| group.clone()),
            title,
            lead,
            support,
            outputs,
            deadline,
            implements,
            status,
            progress,
        });
    }
    out
}

/// A body's name as a plan writes it: mostly as registered, now and then an alias or the
/// short name.
fn say(c: &Corpus, rng: &mut Rng, id: &str) -> Named {
    let d = c.dep(id);
    let r = rng.random();
    let name = if r < 0.15 && !d.aliases.is_empty() {
        rng.choice(&d.aliases).clone()
    } else if r < 0.22 && d.short.is_some() {
        d.short.clone().unwrap_or_default()
    } else {
        d.name.clone()
    };
    (name, id.to_string())
}

fn leads(c: &Corpus, rng: &mut Rng, issuer: &str) -> Vec<Named> {
    let kind = c.dep(issuer).kind;
    let units = c.units.get(issuer);
    let pool: Vec<String> = match units {
        // A department's plan: its own units.
        Some(u) if rng.random() < 0.8 => u
            .iter()
            .cloned()
            .chain(["cac-don-vi-thuoc-so".to_string()])
            .collect(),
        _ if kind == "commune" && rng.random() < 0.6 => vec![issuer.to_string()],
        _ => SO
            .iter()
            .map(|s| s.0)
            .chain([
                "thanh-tra-tp",
                "cong-an-tp",
                "bql-kkt",
                "cac-so-nganh",
                "dnnn-tp",
                "dv-su-nghiep",
            ])
            .map(str::to_string)
            .collect(),
    };
    let k = if rng.random() < 0.88 {
        1
    } else {
        rng.int(2, 3) as usize
    };
    rng.sample(&pool, k)
        .into_iter()
        .map(|x| say(c, rng, &x))
        .collect()
}

fn supports(c: &Corpus, rng: &mut Rng, issuer: &str, lead: &[&str]) -> Vec<Named> {
    let pool: Vec<String> = match c.units.get(issuer) {
        Some(u) => u
            .iter()
            .map(String::as_str)
            .chain(["cac-don-vi-thuoc-so", "don-vi-tu-van", "so-tc"])
            .map(str::to_string)
            .collect(),
        None => {
            let mut v: Vec<String> = SO.iter().map(|s| s.0.to_string()).collect();
            v.extend(std::iter::repeat_n("cac-so-nganh".to_string(), 6));
            v.extend(std::iter::repeat_n("ubnd-cap-xa".to_string(), 5));
            v.extend(communes(c).into_iter().take(8));
            v.extend(
                [
                    "dnnn-tp",
                    "co-quan-bao-chi",
                    "bao-ptth",
                    "mttq-tp",
                    "bo-tc",
                    "nhnn-kv6",
                    "cty-cap-nuoc",
                ]
                .map(str::to_string),
            );
            v
        }
    };
    let k = *rng.choice(&[0, 1, 1, 2, 2, 3, 4]);
    let mut out: Vec<Named> = Vec::new();
    for x in rng.sample(&pool, k) {
        if !lead.contains(&x.as_str()) && !out.iter().any(|(_, id)| *id == x) {
            out.push(say(c, rng, &x));
        }
    }
    if rng.random() < 0.02 {
        let name = rng.choice(UNRESOLVED).to_string();
        let id = slug(&name);
        out.push((name, id));
    }
    out
}

/// A deadline as plans write it: (text, kind, last day if dated).
fn deadline(rng: &mut Rng, start: NaiveDate) -> (String, &'static str, Option<NaiveDate>) {
    let y = start.year() + *rng.choice(&[0, 0, 0, 1, 1, 2]);
    let r = rng.random();
    let pick = |rng: &mut Rng, v: &[String]| rng.choice(v).clone();
    if r < 0.28 {
        return ("Thường xuyên".into(), "ongoing", None);
    }
    if r < 0.36 {
        let t = *rng.choice(&["Hàng năm", "Hằng năm", "Định kỳ hàng năm"]);
        return (t.into(), "yearly", None);
    }
    if r < 0.54 {
        let q = rng.int(1, 4) as usize;
        let t = pick(
            rng,
            &[
                format!("Quý {}/{y}", ROMAN[q]),
                format!("Quý {} năm {y}", ROMAN[q]),
                format!("Trong Quý {}/{y}", ROMAN[q]),
            ],
        );
        return (t, "due", Some(month_end(y, 3 * q as u32)));
    }
    if r < 0.66 {
        let m = rng.int(1, 12) as u32;
        return (format!("Tháng {m}/{y}"), "due", Some(month_end(y, m)));
    }
    if r < 0.71 {
        let m1 = rng.int(1, 10);
        let m2 = rng.int(m1 + 1, 12);
        let t = pick(
            rng,
            &[
                format!("Tháng {m1}-{m2}/{y}"),
                format!("Tháng {m1}/{y}-{m2}/{y}"),
            ],
        );
        return (t, "due", Some(month_end(y, m2 as u32)));
    }
    if r < 0.79 {
        let t = pick(rng, &[format!("Năm {y}"), format!("Trong năm {y}")]);
        return (t, "due", Some(date(y, 12, 31)));
    }
    if r < 0.84 {
        let dash = *rng.choice(&["-", "–"]);
        let (a, b) = (start.year(), start.year() + 4);
        return (
            format!("Giai đoạn {a} {dash} {b}"),
            "period",
            Some(date(b, 12, 31)),
        );
    }
    if r < 0.92 {
        let d = date(y, rng.int(1, 12) as u32, rng.int(1, 28) as u32);
        let t = pick(
            rng,
            &[
                vn_date(d, false),
                format!("Trước {}", vn_date(d, true)),
                format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year()),
            ],
        );
        return (t, "due", Some(d));
    }
    let texts: &[&str] = if r < 0.98 {
        &[
            "Trong từng giai đoạn",
            "Theo tiến độ thực hiện",
            "theo kế hoạch được phê duyệt",
            "theo kế hoạch về tổ chức hội nghị đối thoại doanh nghiệp",
        ]
    } else {
        &[
            "Sau khi có hướng dẫn của Bộ Tài chính",
            "Khi có yêu cầu",
            "Ngay sau khi Kế hoạch được ban hành",
        ]
    };
    (rng.choice(texts).to_string(), "unscheduled", None)
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    date(ny, nm, 1) - Duration::days(1)
}

pub fn vn_date(d: NaiveDate, pad: bool) -> String {
    if pad {
        format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
    } else {
        format!("{}/{}/{}", d.day(), d.month(), d.year())
    }
}

/// The deadline lists a task belongs on, as Hugo's taxonomy `thoi-han` names them.
fn buckets(kind: &str, end: Option<NaiveDate>, status: Option<&str>) -> Vec<String> {
    let mut b = vec![match (kind, end) {
        ("ongoing", _) => "thuong-xuyen".to_string(),
        ("yearly", _) => "hang-nam".to_string(),
        (_, None) => "chua-xac-dinh".to_string(),
        (_, Some(e)) => format!("{}-q{}", e.year(), (e.month() - 1) / 3 + 1),
    }];
    if end.is_some_and(|e| e < as_of()) && !matches!(status, Some("done" | "cancelled")) {
        b.push("qua-han".into());
    }
    b
}

fn body(
    c: &Corpus,
    rng: &mut Rng,
    prose: &Prose,
    i: usize,
    tasks: usize,
    cite: &mut dyn FnMut(&mut Rng, bool) -> String,
) -> String {
    let target = rng.int(1000, 4000) as usize;
    let s = |rng: &mut Rng, lo, hi, cite: &mut dyn FnMut(&mut Rng, bool) -> String| {
        prose.sentence(rng, lo, hi, false, cite)
    };
    let mut parts = vec![
        s(rng, 25, 60, cite),
        String::new(),
        "## I. MỤC ĐÍCH, YÊU CẦU".into(),
        String::new(),
    ];
    for _ in 0..rng.int(2, 4) {
        parts.push(format!("- {}", s(rng, 12, 40, cite)));
    }
    parts.extend([
        String::new(),
        "## II. MỤC TIÊU".into(),
        String::new(),
        s(rng, 20, 60, cite),
        String::new(),
    ]);
    if rng.random() < 0.25 {
        let y = c.plans[i].date.year();
        parts.push(format!("| TT | Chỉ tiêu | Năm {y} | Năm {} |", y + 4));
        parts.push("|---|---|---|---|".into());
        for j in 1..rng.int(3, 7) {
            let what = s(rng, 6, 14, &mut |_, _| "Kế hoạch này".into());
            let (a, b) = (rng.int(30, 80), rng.int(80, 100));
            parts.push(format!(
                "| {j} | {} | {a}% | {b}% |",
                what.trim_end_matches('.')
            ));
        }
        parts.push(String::new());
    }
    parts.extend([
        "## III. NHIỆM VỤ CỤ THỂ".into(),
        String::new(),
        format!("Nhiệm vụ cụ thể của các cơ quan, đơn vị được phân công chi tiết gồm có {tasks} nhiệm vụ tại Phụ lục kèm theo Kế hoạch."),
        String::new(),
        "## IV. TỔ CHỨC THỰC HIỆN".into(),
        String::new(),
    ]);
    let mut len: usize = parts.iter().map(|p| p.len() + 1).sum();
    let mut j = 1;
    while len < target {
        let para = format!("{j}. {}", s(rng, 20, 70, cite));
        len += para.len() + 2;
        parts.push(para);
        parts.push(String::new());
        j += 1;
    }
    parts.join("\n")
}
