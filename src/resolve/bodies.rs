//! Body names → bodies. A name resolves first among the units of the plan's issuer (so
//! "Văn phòng Sở" in a Sở KHCN plan is that department's office), then anywhere; at each step
//! comparing folded names exactly, then case-insensitively. A name found nowhere gets a body of
//! its own, so it still has a page.

use super::{Body, BodyId};
use crate::text::{name_key, name_key_ci, slugify};
// Names and numbers are hashed millions of times per build; SipHash's flood resistance buys
// nothing against files the site's own staff write.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

#[derive(Default)]
pub struct BodyIndex {
    /// Suggestions already worked out, by name: comparing with every body is slow.
    suggested: std::cell::RefCell<HashMap<String, Vec<BodyId>>>,
    /// Registered names folded for suggestions, made on the first suggestion.
    words: std::cell::OnceCell<Words>,
    exact: HashMap<String, Vec<BodyId>>,
    ci: HashMap<String, Vec<BodyId>>,
    by_id: HashMap<String, BodyId>,
    used_ids: HashSet<String>,
}

/// The registered bodies' names without diacritics, and the bodies each word appears in: a
/// suggestion compares a name only with the bodies that share an uncommon word with it, so a
/// registry of thousands of bodies and thousands of unknown names is not a product of the two.
#[derive(Default)]
struct Words {
    folded: Vec<(BodyId, Vec<String>)>,
    by_word: HashMap<String, Vec<usize>>,
}

/// A registry this small is compared in full: every body is a candidate.
const SCAN_ALL: usize = 2000;

fn words_of(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Words {
    fn new(bodies: &[Body]) -> Self {
        let mut w = Words::default();
        for (i, b) in bodies.iter().enumerate().filter(|(_, b)| b.registered) {
            let names: Vec<String> = std::iter::once(&b.name)
                .chain(b.aliases.iter())
                .map(|n| crate::text::search_fold(n))
                .collect();
            let k = w.folded.len();
            let mut seen = HashSet::default();
            for word in names.iter().flat_map(|n| words_of(n)) {
                if seen.insert(word.to_string()) {
                    w.by_word.entry(word.to_string()).or_default().push(k);
                }
            }
            w.folded.push((i, names));
        }
        w
    }

    /// Indexes into `folded` worth scoring against `want`.
    fn candidates(&self, want: &str) -> Vec<usize> {
        if self.folded.len() <= SCAN_ALL {
            return (0..self.folded.len()).collect();
        }
        let rare = (self.folded.len() / 50).max(32);
        let lists: Vec<&Vec<usize>> = words_of(want).filter_map(|w| self.by_word.get(w)).collect();
        let mut out: Vec<usize> = lists
            .iter()
            .filter(|l| l.len() <= rare)
            .flat_map(|l| l.iter().copied())
            .collect();
        if out.is_empty() {
            if let Some(shortest) = lists.iter().min_by_key(|l| l.len()) {
                out = shortest.to_vec();
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

pub enum Found {
    Registered(BodyId),
    /// Several bodies share the name and none is a unit of the issuer; the first is used.
    Ambiguous(BodyId, Vec<BodyId>),
    /// Not in the registry: a body made for the name (new or made earlier).
    Unregistered(BodyId),
}

impl BodyIndex {
    pub fn new(bodies: &[Body]) -> Self {
        let mut idx = BodyIndex::default();
        for (i, b) in bodies.iter().enumerate() {
            idx.by_id.insert(b.id.clone(), i);
            idx.used_ids.insert(b.id.clone());
            let mut names: Vec<&str> = vec![&b.name];
            if !b.short.is_empty() {
                names.push(&b.short);
            }
            names.extend(b.aliases.iter().map(String::as_str));
            let mut seen = HashSet::default();
            for n in names {
                let k = name_key(n);
                if seen.insert(k.clone()) {
                    idx.exact.entry(k).or_default().push(i);
                }
                let k = name_key_ci(n);
                let list = idx.ci.entry(k).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        idx
    }

    pub fn by_id(&self, id: &str) -> Option<BodyId> {
        self.by_id.get(id).copied()
    }

    /// Up to three registered bodies whose names are closest to `name` (for "did you mean").
    pub fn suggest(&self, name: &str, bodies: &[Body]) -> Vec<BodyId> {
        if let Some(hit) = self.suggested.borrow().get(name) {
            return hit.clone();
        }
        let found = self.closest(name, bodies);
        self.suggested
            .borrow_mut()
            .insert(name.to_string(), found.clone());
        found
    }

    fn closest(&self, name: &str, bodies: &[Body]) -> Vec<BodyId> {
        let want = crate::text::search_fold(name);
        let words = self.words.get_or_init(|| Words::new(bodies));
        let mut scored: Vec<(f64, BodyId)> = words
            .candidates(&want)
            .into_iter()
            .map(|k| {
                let (i, names) = &words.folded[k];
                let best = names
                    .iter()
                    .map(|n| strsim::jaro_winkler(&want, n))
                    .fold(0.0, f64::max);
                (best, *i)
            })
            .filter(|(s, _)| *s >= 0.85)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, i)| i).collect()
    }

    /// Whether the name may resolve differently by issuer: several bodies bear it (folded
    /// exactly or case-insensitively), so the issuer's own unit would be preferred.
    pub fn by_issuer(&self, name: &str) -> bool {
        let exact = self.exact.get(&name_key(name));
        let ci = self.ci.get(&name_key_ci(name));
        let mut all = [exact, ci].into_iter().flatten().flatten();
        let first = all.next();
        all.any(|b| Some(b) != first)
    }

    /// Finds a name among the bodies already known, without making one.
    pub fn find(&self, name: &str, issuer: Option<BodyId>, bodies: &[Body]) -> Option<Found> {
        if let Some(id) = self.by_id(name) {
            return Some(if bodies[id].registered {
                Found::Registered(id)
            } else {
                Found::Unregistered(id)
            });
        }
        let exact = self.exact.get(&name_key(name));
        let ci = self.ci.get(&name_key_ci(name));
        let is_unit = |i: &BodyId| issuer.is_some() && bodies[*i].parent == issuer;
        for list in [exact, ci].into_iter().flatten() {
            if let Some(&i) = list.iter().find(|i| is_unit(i)) {
                return Some(Found::Registered(i));
            }
        }
        for list in [exact, ci].into_iter().flatten() {
            if let Some(&first) = list.first() {
                if !bodies[first].registered {
                    return Some(Found::Unregistered(first));
                }
                if list.len() > 1 {
                    return Some(Found::Ambiguous(first, list.clone()));
                }
                return Some(Found::Registered(first));
            }
        }
        None
    }

    /// Resolves a name as written in a plan issued by `issuer`, making a body for it when it
    /// is found nowhere.
    pub fn resolve(&mut self, name: &str, issuer: Option<BodyId>, bodies: &mut Vec<Body>) -> Found {
        if let Some(found) = self.find(name, issuer, bodies) {
            return found;
        }
        // A body of its own, found by the same name (any spelling that folds alike) next time.
        // A namesake's id takes a hash of its own name, not a counter, so that it stays the
        // same whatever other names come and go.
        let mut id = slugify(name);
        if self.used_ids.contains(&id) {
            let base = id.clone();
            let hash = crate::text::fnv(name_key_ci(name).as_bytes()) & 0xff_ffff;
            id = crate::text::with_suffix(&base, &format!("{hash:06x}"));
            let mut n = 2;
            while self.used_ids.contains(&id) {
                id = crate::text::with_suffix(&base, &n.to_string());
                n += 1;
            }
        }
        let i = bodies.len();
        let shown = crate::text::capitalize_first(&crate::text::collapse_ws(name));
        bodies.push(Body {
            id: id.clone(),
            label: shown.clone(),
            name: shown,
            short: String::new(),
            aliases: Vec::new(),
            parent: None,
            kind: None,
            registered: false,
        });
        self.used_ids.insert(id.clone());
        self.by_id.insert(id, i);
        self.exact.entry(name_key(name)).or_default().push(i);
        self.ci.entry(name_key_ci(name)).or_default().push(i);
        Found::Unregistered(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(id: &str, name: &str, parent: Option<BodyId>, aliases: &[&str]) -> Body {
        Body {
            id: id.into(),
            name: name.into(),
            label: name.into(),
            short: String::new(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            parent,
            kind: None,
            registered: true,
        }
    }

    fn registry() -> Vec<Body> {
        vec![
            body("ubnd-tp", "Ủy ban nhân dân thành phố", None, &["UBND TP"]),
            body(
                "so-khcn",
                "Sở Khoa học và Công nghệ",
                Some(0),
                &["Sở KH&CN"],
            ),
            body("so-khcn-van-phong", "Văn phòng Sở", Some(1), &[]),
            body("so-nv", "Sở Nội vụ", Some(0), &[]),
            body("so-nv-van-phong", "Văn phòng Sở", Some(3), &[]),
            body("so-vh", "Sở Văn hóa, Thể thao và Du lịch", Some(0), &[]),
        ]
    }

    fn id(f: Found, bodies: &[Body]) -> (&'static str, String) {
        match f {
            Found::Registered(i) => ("registered", bodies[i].id.clone()),
            Found::Ambiguous(i, _) => ("ambiguous", bodies[i].id.clone()),
            Found::Unregistered(i) => ("unregistered", bodies[i].id.clone()),
        }
    }

    #[test]
    fn a_unit_name_resolves_within_the_issuer_first() {
        let mut b = registry();
        let mut ix = BodyIndex::new(&b);
        let r = ix.resolve("Văn phòng Sở", Some(1), &mut b);
        assert_eq!(id(r, &b), ("registered", "so-khcn-van-phong".into()));
        let r = ix.resolve("Văn phòng Sở", Some(3), &mut b);
        assert_eq!(id(r, &b), ("registered", "so-nv-van-phong".into()));
        let r = ix.resolve("văn phòng sở", Some(3), &mut b);
        assert_eq!(
            id(r, &b),
            ("registered", "so-nv-van-phong".into()),
            "case-insensitive, still by issuer"
        );
        // issued by the city: two candidates, none a unit of the issuer
        let r = ix.resolve("Văn phòng Sở", Some(0), &mut b);
        assert_eq!(id(r, &b).0, "ambiguous");
    }

    #[test]
    fn spellings_fold_to_one_body() {
        let mut b = registry();
        let mut ix = BodyIndex::new(&b);
        for name in [
            "Sở Văn hoá, Thể thao và Du lịch",
            "sở văn hóa, thể thao và du lịch",
            "Sở  Văn hóa, Thể thao và Du lịch.",
        ] {
            assert_eq!(
                id(ix.resolve(name, None, &mut b), &b),
                ("registered", "so-vh".into()),
                "{name}"
            );
        }
        assert_eq!(
            id(ix.resolve("Sở KH&CN", None, &mut b), &b),
            ("registered", "so-khcn".into())
        );
        assert_eq!(
            id(ix.resolve("so-nv", None, &mut b), &b),
            ("registered", "so-nv".into()),
            "an id resolves too"
        );
    }

    #[test]
    fn unknown_names_get_one_body_each() {
        let mut b = registry();
        let mut ix = BodyIndex::new(&b);
        let n = b.len();
        let a = id(ix.resolve("Tổ công tác liên ngành", Some(1), &mut b), &b);
        let c = id(ix.resolve("tổ công tác liên ngành", None, &mut b), &b);
        assert_eq!(a, ("unregistered", "to-cong-tac-lien-nganh".into()));
        assert_eq!(c, a, "same name, other spelling: same body");
        assert_eq!(b.len(), n + 1);
        assert!(
            ix.find("Không có", None, &b).is_none(),
            "find never makes a body"
        );
        assert_eq!(b.len(), n + 1);
    }
}
