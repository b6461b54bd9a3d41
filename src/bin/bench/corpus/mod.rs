//! A synthetic but realistic site for the benchmark, the same for a given size and seed:
//! ~120 bodies with aliases and units, 300 directives, plans with a mean of ~21 tasks (most
//! 5–20, a few over 50), every deadline form the content model reads and some it does not,
//! loosely written numbers, partial dates, unnumbered drafts, names that resolve nowhere,
//! documents cited that exist nowhere, chains of implementation up to four deep, and
//! 1–4 KB bodies in the words of the source documents (see `prose`).
//!
//! `write` lays it out for kehoach, or for Hugo with the generator's answers (which bodies and
//! documents a name or number means) as extra keys, since Hugo cannot resolve them.

mod plans;
mod prose;
mod reports;
mod rng;
mod tables;
mod write;

use chrono::NaiveDate;
use rng::Rng;
use std::collections::HashMap;
use tables::*;

pub use reports::write_reports;
pub use write::{write, Format};

/// The day the corpus is measured on (its site.yaml's as_of): it decides which tasks are late.
pub const AS_OF: (i32, u32, u32) = (2026, 9, 30);

fn as_of() -> NaiveDate {
    date(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// A body of departments.yaml.
pub struct Dep {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
    pub kind: &'static str,
    pub code: Option<String>,
}

/// An entry of directives.yaml.
pub struct Directive {
    pub number: String,
    pub kind: &'static str,
    pub issuer: &'static str,
    pub date: NaiveDate,
    pub title: String,
    pub url: Option<String>,
}

/// A body as a task names it: (written, id).
pub type Named = (String, String);

pub struct Task {
    pub id: String,
    pub group: Option<String>,
    pub title: String,
    pub lead: Vec<Named>,
    pub support: Vec<Named>,
    pub outputs: Vec<String>,
    pub deadline: String,
    pub implements: Option<String>,
    pub status: Option<&'static str>,
    pub progress: Vec<(NaiveDate, &'static str)>,
    /// The deadline lists the task belongs on (for Hugo, which cannot read deadlines).
    pub buckets: Vec<String>,
}

pub struct Plan {
    /// Its place in the order plans were made (they are then ordered by date).
    pub i: usize,
    pub issuer: String,
    pub date: NaiveDate,
    pub topic: String,
    pub parent: Option<usize>,
    pub number: String,
    pub implements: Vec<String>,
    pub based_on: Vec<String>,
    pub replaces: Vec<String>,
    pub title: String,
    /// Numbered targets (chỉ tiêu), in some plans.
    pub targets: Vec<String>,
    pub tasks: Vec<Task>,
    pub body: String,
}

pub struct Corpus {
    pub deps: Vec<Dep>,
    pub directives: Vec<Directive>,
    /// By `i`.
    pub plans: Vec<Plan>,
    /// Indices into `plans`, by date (then `i`): the order plans are filled and written.
    pub order: Vec<usize>,
    dep: HashMap<String, usize>,
    units: HashMap<String, Vec<String>>,
}

impl Corpus {
    pub fn new(n: usize, seed: u64, sources: &std::path::Path) -> Result<Corpus, String> {
        let mut rng = Rng::new(seed);
        let prose = prose::Prose::new(sources)?;
        let deps = departments();
        let directives = directives(&mut rng);
        let mut units: HashMap<String, Vec<String>> = HashMap::new();
        for d in deps.iter().filter(|d| d.kind == "unit") {
            let parent = d.parent.clone().unwrap_or_default();
            units.entry(parent).or_default().push(d.id.clone());
        }
        let mut c = Corpus {
            dep: deps
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect(),
            deps,
            directives,
            plans: Vec::new(),
            order: Vec::new(),
            units,
        };
        plans::make(&mut c, &mut rng, &prose, n);
        Ok(c)
    }

    pub fn dep(&self, id: &str) -> &Dep {
        &self.deps[self.dep[id]]
    }

    pub fn task_count(&self) -> usize {
        self.plans.iter().map(|p| p.tasks.len()).sum()
    }
}

/// A URL segment of a name: no diacritics, lower case, dashes between words.
pub fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = s
        .replace('đ', "d")
        .replace('Đ', "D")
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    let mut out = String::new();
    for c in plain.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn departments() -> Vec<Dep> {
    let s = |x: &str| x.to_string();
    let strings = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut deps = vec![
        Dep {
            id: s("ubnd-tp"),
            name: s("Ủy ban nhân dân thành phố"),
            short: Some(s("UBND thành phố")),
            aliases: strings(&[
                "UBND TP",
                "UBND thành phố Hải Phòng",
                "Ủy ban nhân dân thành phố Hải Phòng",
            ]),
            parent: None,
            kind: "department",
            code: Some(s("UBND")),
        },
        Dep {
            id: s("vp-ubnd-tp"),
            name: s("Văn phòng Ủy ban nhân dân thành phố"),
            short: Some(s("VP UBND TP")),
            aliases: strings(&["Văn phòng UBND thành phố"]),
            parent: Some(s("ubnd-tp")),
            kind: "department",
            code: None,
        },
    ];
    for &(id, name, short, code, aliases, units) in SO {
        deps.push(Dep {
            id: s(id),
            name: s(name),
            short: Some(s(short)),
            aliases: strings(aliases),
            parent: Some(s("ubnd-tp")),
            kind: "department",
            code: Some(s(code)),
        });
        for u in std::iter::once(&"Văn phòng Sở").chain(units) {
            let part = u.replace("Phòng ", "").replace("Văn phòng Sở", "van-phong");
            deps.push(Dep {
                id: format!("{id}-{}", slug(&part)),
                name: s(u),
                short: None,
                aliases: Vec::new(),
                parent: Some(s(id)),
                kind: "unit",
                code: None,
            });
        }
    }
    for &(id, name, kind, aliases) in OTHER {
        deps.push(Dep {
            id: s(id),
            name: s(name),
            short: None,
            aliases: strings(aliases),
            parent: (kind == "department").then(|| s("ubnd-tp")),
            kind,
            code: None,
        });
    }
    for c in COMMUNES {
        deps.push(Dep {
            id: format!("ubnd-{}", slug(c)),
            name: format!("UBND {c}"),
            short: None,
            aliases: vec![format!("Ủy ban nhân dân {c}")],
            parent: Some(s("ubnd-tp")),
            kind: "commune",
            code: Some(s("UBND")),
        });
    }
    deps
}

fn directives(rng: &mut Rng) -> Vec<Directive> {
    const COUNT: usize = 300;
    let mut out = Vec::with_capacity(COUNT);
    let mut seen = std::collections::HashSet::new();
    for &(number, k, (y, m, d), topic) in KNOWN {
        let (_, kind, _, issuer, prefix) = DIRECTIVE_KINDS[k];
        out.push(Directive {
            number: number.to_string(),
            kind,
            issuer,
            date: date(y, m, d),
            title: format!("{prefix}{topic}"),
            url: None,
        });
        seen.insert(number.to_string());
    }
    while out.len() < COUNT {
        let &(_, kind, pattern, issuer, prefix) = rng.weighted(DIRECTIVE_KINDS, |k| k.0);
        let day = date(2019, 1, 1) + chrono::Duration::days(rng.below(7 * 365 + 120) as i64);
        let party = pattern.contains("/TW") || pattern.contains("/TU");
        let n = rng.int(1, if party { 160 } else { 2400 });
        let number = pattern
            .replace("{n}", &format!("{n:02}"))
            .replace("{y}", &chrono::Datelike::year(&day).to_string());
        if !seen.insert(number.clone()) {
            continue;
        }
        let title = format!("{prefix}{}", rng.choice(TOPICS));
        let url = (rng.random() < 0.4).then(|| {
            format!(
                "https://vanban.chinhphu.vn/?pageid=27160&docid={}",
                rng.int(100_000, 299_999)
            )
        });
        out.push(Directive {
            number,
            kind,
            issuer,
            date: day,
            title,
            url,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    /// The same seed writes the same files; another seed, others. The corpus has what the
    /// benchmark is meant to exercise.
    #[test]
    fn a_seed_gives_the_same_corpus_with_everything_real_plans_do() {
        let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let sources = repo.join("sources");
        let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
        for (d, seed) in dirs.iter().zip([7, 7, 8]) {
            let c = Corpus::new(300, seed, &sources).unwrap();
            write(&c, d.path(), Format::Kehoach, &repo).unwrap();
        }
        let (a, b, other) = (
            files(dirs[0].path()),
            files(dirs[1].path()),
            files(dirs[2].path()),
        );
        assert_eq!(a, b);
        assert_ne!(a, other);
        let all: String = a
            .iter()
            .filter(|(p, _)| p.starts_with("content/plans"))
            .map(|(_, t)| String::from_utf8_lossy(t).into_owned())
            .collect();
        for (what, needle) in [
            ("a partial date", "\ndate: 2025-0"),
            ("an unnumbered draft", "status: \"draft\""),
            ("a task carrying out another plan's task", "#I"),
            ("a name no registry has", "Liên đoàn Lao động thành phố"),
            ("a document cited nowhere else", "160/KH-SKH&CN"),
            ("a loose number", " /"),
            ("an ongoing deadline", "\"Thường xuyên\""),
            ("a quarter", "\"Quý II"),
            ("a month span", "\"Tháng "),
            ("a period", "\"Giai đoạn "),
            ("a day", "\"Trước "),
            ("an unreadable deadline", "\"Khi có yêu cầu\""),
            ("a report", "progress:"),
            ("a Markdown table", "| TT | Chỉ tiêu"),
        ] {
            assert!(all.contains(needle), "no {what} ({needle:?})");
        }
    }
}
