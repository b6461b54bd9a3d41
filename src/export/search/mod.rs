//! The search index, split so that a browser fetches only what a query needs: an inverted
//! index of folded words in [`SHARDS`] files (by a hash of each word's first two letters), and
//! the items themselves (what a result shows) in chunks of [`CHUNK`]. themes/default/static/
//! search.js reads it; the two must fold, split and hash words alike.
//!
//! Words are folded as people type without diacritics (`text::search_fold`: "Sở Tài chính" →
//! "so tai chinh", "đ" → "d", "hoà" and "hòa" → "hoa") and split on anything but a–z and 0–9.
//! Document numbers are also kept whole, squashed ("90/KH-UBND" → "#90khubnd"), so a number
//! typed loosely ("90 kh ubnd") finds its document first.

use crate::resolve::TaskKey;
use crate::site::routes;
use crate::site::Site;
use crate::text::{search_fold, search_fold_into};
use rayon::prelude::*;
use std::collections::BTreeMap;

mod postings;
use postings::List;

/// Files of the inverted index.
pub const SHARDS: usize = routes::SEARCH_SHARDS;
/// Items per chunk file.
const CHUNK: usize = routes::SEARCH_CHUNK;

/// One thing a search can find: kind ("p" plan, "t" task, "b" body, "d" document, "r"
/// report), URL,
/// label, title; the words of `title_text` count more than those of `other_text`.
struct Item<'a> {
    kind: &'static str,
    /// Names that, typed whole, should come first (a body's name, short name and aliases).
    names: Vec<String>,
    url: String,
    label: String,
    title: std::borrow::Cow<'a, str>,
    number: Option<String>,
    other_text: String,
}

/// The shard a key is kept in: from its first two characters (ASCII after folding).
pub fn shard(key: &str) -> usize {
    let b = key.as_bytes();
    let c0 = b.first().copied().unwrap_or(0) as usize;
    let c1 = b.get(1).copied().unwrap_or(0) as usize;
    (c0 * 31 + c1) % SHARDS
}

/// The words of a text, folded.
pub fn words(text: &str) -> Vec<String> {
    split_words(&search_fold(text))
        .map(str::to_string)
        .collect()
}

/// The words of folded text: runs of a–z and 0–9.
fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A name typed whole, as one key: `=` and its words joined by `_`.
pub fn name_key(name: &str) -> String {
    format!("={}", words(name).join("_"))
}

/// Two words that follow each other, as one key: `~` and the words joined by `_`.
pub fn phrase_key(a: &str, b: &str) -> String {
    format!("~{a}_{b}")
}

/// How kinds rank when all else is equal: plans, documents and reports, bodies, tasks.
fn rank(kind: &str) -> u32 {
    match kind {
        "p" => 0,
        "d" | "r" => 1,
        "b" => 2,
        _ => 3,
    }
}

/// A document number as one key: folded, only letters and digits, after `#`.
pub fn number_key(number: &str) -> String {
    let folded: String = search_fold(number)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("#{folded}")
}

/// What an item of the index is, in index order: each plan followed by its tasks, then the
/// bodies, the documents, then the reports. Items are made from it when needed and dropped, so the index
/// of 200,000 tasks never holds them all.
#[derive(Clone, Copy)]
enum Entry {
    Plan(usize),
    Task(TaskKey),
    Body(usize),
    Doc(usize),
    Report(usize),
}

fn entries(site: &Site) -> Vec<Entry> {
    let mut out = Vec::with_capacity(routes::search_items(site));
    for (p, rp) in site.plans().iter().enumerate() {
        out.push(Entry::Plan(p));
        out.extend((0..rp.tasks.len()).map(|task| Entry::Task(TaskKey::new(p, task))));
    }
    out.extend((0..site.bodies().len()).map(Entry::Body));
    out.extend((0..site.docs().len()).map(Entry::Doc));
    out.extend((0..site.resolved().reports.len()).map(Entry::Report));
    out
}

fn item(site: &Site, e: Entry) -> Item<'_> {
    match e {
        Entry::Plan(p) => {
            let rp = site.plan(p);
            Item {
                kind: "p",
                names: Vec::new(),
                url: site.plan_urls()[p].clone(),
                label: site.plan_label(p),
                title: rp.title.as_str().into(),
                number: (!rp.number.is_empty()).then(|| rp.number.clone()),
                other_text: site.body(rp.issuer).name.clone(),
            }
        }
        Entry::Task(k) => {
            let rp = site.plan(k.plan());
            let t = &rp.tasks[k.task()];
            let names: Vec<&str> = rp.tasks[k.task()]
                .lead
                .iter()
                .chain(&rp.tasks[k.task()].support)
                .map(|n| site.body(n.body).label.as_str())
                .collect();
            Item {
                kind: "t",
                names: Vec::new(),
                // A task's row names its anchor and its plan's URL instead (see `Row`).
                url: String::new(),
                label: ["Nhiệm vụ ", &t.id, " — ", &site.plan_label(k.plan())].concat(),
                title: crate::markdown::plain_cow(&t.title),
                number: None,
                other_text: format!("{} {}", names.join(" "), t.outputs.join(" ")),
            }
        }
        Entry::Body(b) => {
            let body = site.body(b);
            Item {
                kind: "b",
                names: std::iter::once(&body.name)
                    .chain(std::iter::once(&body.short).filter(|s| !s.is_empty()))
                    .chain(&body.aliases)
                    .cloned()
                    .collect(),
                url: site.body_url(b),
                label: body.label.clone(),
                title: "".into(),
                number: None,
                other_text: format!("{} {}", body.short, body.aliases.join(" ")),
            }
        }
        Entry::Doc(d) => {
            let doc = site.doc(d);
            Item {
                kind: "d",
                names: vec![format!("{} số {}", doc.doc_type, doc.number)],
                url: site.doc_urls()[d].clone(),
                label: format!("{} số {}", doc.doc_type, doc.number),
                title: doc.title.as_str().into(),
                number: Some(doc.number.clone()),
                other_text: doc.issuer.clone(),
            }
        }
        Entry::Report(r) => {
            let rep = site.report(r);
            let label = if rep.number.is_empty() {
                format!("Báo cáo của {}", site.body(rep.issuer).name)
            } else {
                format!("Báo cáo số {}", rep.number)
            };
            Item {
                kind: "r",
                names: Vec::new(),
                url: site.reports().urls[r].clone(),
                label,
                title: rep.title.as_str().into(),
                number: (!rep.number.is_empty()).then(|| rep.number.clone()),
                other_text: format!(
                    "{} {}",
                    site.body(rep.issuer).name,
                    rep.period.as_ref().map_or("", |p| p.text.as_str())
                ),
            }
        }
    }
}

/// The keys an item is found by, each with its posting: item id × 8 + kind rank × 2 + 1 when
/// the word is in the label or title, so results are ranked without fetching items. Each key
/// is added to `postings`. `folded` is scratch space.
fn add_keys(id: usize, it: &Item, postings: &mut Postings, folded: &mut String) {
    let base = id as u32 * 8 + rank(it.kind) * 2;
    folded.clear();
    search_fold_into(folded, &it.label);
    folded.push(' ');
    let title_at = folded.len();
    search_fold_into(folded, &it.title);
    let strong_end = folded.len();
    folded.push(' ');
    search_fold_into(folded, &it.other_text);
    let (strong, weak) = folded.split_at(strong_end);
    for w in split_words(strong) {
        add(postings, w, base + 1);
    }
    // Each two words that follow each other in the title, so that a phrase typed ranks the
    // titles that hold it first ("quyet dinh": "Quyết định", not "Nghị quyết … quy định").
    // The key is put together in one buffer, not a new string per pair of words.
    let mut pair = String::new();
    let mut prev: Option<&str> = None;
    for w in split_words(&strong[title_at..]) {
        if let Some(p) = prev {
            pair.clear();
            pair.extend(["~", p, "_", w]);
            debug_assert_eq!(pair, phrase_key(p, w));
            add(postings, &pair, base + 1);
        }
        prev = Some(w);
    }
    for w in split_words(weak) {
        add(postings, w, base);
    }
    if let Some(n) = &it.number {
        add(postings, &number_key(n), base + 1);
    }
    for n in &it.names {
        add(postings, &name_key(n), base + 1);
    }
}

/// Adds `posting` to the list of `key`. Items come in order, so a key already found in the same
/// item is the last of its list; it keeps the stronger of the two postings.
fn add(postings: &mut Postings, key: &str, posting: u32) {
    match postings.get_mut(key) {
        Some(list) => list.add(posting),
        None => {
            let mut list = List::default();
            list.add(posting);
            postings.insert(key.to_string(), list);
        }
    }
}

type Postings = rustc_hash::FxHashMap<String, List>;

/// What a stretch of items makes: its postings and its chunk files.
enum Stretch {
    Made(Postings, Vec<Vec<u8>>),
    /// As an earlier build kept it ([`KeptStretch`]), read when merged.
    Kept(Vec<u8>),
}

/// A stretch as kept between builds; read back, its lists and files are borrowed from the
/// bytes kept, not copied.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptStretch<'a> {
    #[serde(borrow)]
    postings: Vec<(&'a str, postings::Kept<'a>)>,
    #[serde(borrow)]
    chunks: Vec<&'a [u8]>,
}

/// Stretches of the index an earlier build made, each under its first item and the digest of
/// what it was made from: a stretch of the same items is the same, and is taken, not made.
/// After an edit of one plan, the index of 10,000 plans is a few stretches to make, not 50.
pub trait Stretches: Sync {
    /// The stretch starting at item `first` made from what hashes to `digest`, as kept (and
    /// kept again for the next build).
    fn take(&self, first: usize, digest: u128) -> Option<Vec<u8>>;
    /// Keeps a stretch made anew for the next build.
    fn put(&self, first: usize, digest: u128, made: &[u8]);
}

/// The hash of everything a stretch is made from: where it starts, and each item as its keys
/// and its row in a chunk file take it. A task's item and row are made from its own fields and
/// its plan's label and URL (see [`item`] and [`chunk_file`]), which are hashed without making
/// it: most items are tasks. Other items are hashed as made.
fn digest(site: &Site, first: usize, entries: &[Entry]) -> u128 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.write_u64(s.len() as u64);
        h.write(s.as_bytes());
    };
    put(&first.to_string());
    let mut plan = None;
    for &e in entries {
        if let Entry::Task(k) = e {
            if plan.replace(k.plan()) != Some(k.plan()) {
                put("\u{1}");
                put(&site.plan_label(k.plan()));
                put(&site.plan_urls()[k.plan()]);
            }
            let t = &site.plan(k.plan()).tasks[k.task()];
            for s in [&t.id, &t.title, site.anchor(k)] {
                put(s);
            }
            for names in [&t.lead, &t.support] {
                names.iter().for_each(|n| put(&site.body(n.body).label));
                put("\u{0}");
            }
            t.outputs.iter().for_each(|o| put(o));
            put("\u{0}");
            continue;
        }
        let it = item(site, e);
        put(it.kind);
        it.names.iter().for_each(|n| put(n));
        put("\u{0}");
        for s in [&it.url, &it.label, &*it.title, &it.other_text] {
            put(s);
        }
        put(it.number.as_deref().unwrap_or("\u{0}"));
    }
    h.digest128()
}

/// The bytes kept of a stretch made anew (its lists are encoded to their end).
fn encode(postings: &mut Postings, chunks: &[Vec<u8>]) -> Option<Vec<u8>> {
    let kept = KeptStretch {
        postings: (postings.iter_mut())
            .map(|(w, list)| (w.as_str(), list.kept()))
            .collect(),
        chunks: chunks.iter().map(Vec::as_slice).collect(),
    };
    postcard::to_allocvec(&kept).ok()
}

/// The postings and chunk files of the items of `entries`, the first of which is item
/// `first`, or the stretch kept for them.
fn stretch(
    site: &Site,
    first: usize,
    entries: &[Entry],
    kept: Option<&dyn Stretches>,
) -> Result<Stretch, String> {
    let digest = kept.map(|_| digest(site, first, entries));
    if let Some(bytes) = kept
        .zip(digest)
        .and_then(|(kept, digest)| kept.take(first, digest))
    {
        return Ok(Stretch::Kept(bytes));
    }
    let (mut postings, chunks) = make(site, first, entries)?;
    if let (Some(kept), Some(digest)) = (kept, digest) {
        if let Some(bytes) = encode(&mut postings, &chunks) {
            kept.put(first, digest, &bytes);
        }
    }
    Ok(Stretch::Made(postings, chunks))
}

/// The postings and chunk files of the items of `entries`, the first of which is item `first`.
fn make(site: &Site, first: usize, entries: &[Entry]) -> Result<(Postings, Vec<Vec<u8>>), String> {
    let items: Vec<Item> = entries.iter().map(|&e| item(site, e)).collect();
    let mut postings = Postings::default();
    let mut chunks = Vec::with_capacity(STRETCH / CHUNK);
    let mut folded = String::new();
    for (j, (chunk, items)) in entries.chunks(CHUNK).zip(items.chunks(CHUNK)).enumerate() {
        for (i, it) in items.iter().enumerate() {
            add_keys(first + j * CHUNK + i, it, &mut postings, &mut folded);
        }
        chunks.push(chunk_file(site, chunk, items)?);
    }
    Ok((postings, chunks))
}

/// Items gathered into one postings map and one set of item files at a time, in parallel: a
/// multiple of [`CHUNK`].
const STRETCH: usize = 64 * CHUNK;

/// A row of a chunk file: what a result shows of an item.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Row<'a> {
    /// Kind, URL, label, title.
    Whole([&'a str; 4]),
    /// A task after its plan's row, or after a task of the same plan, in the same chunk:
    /// "t", its anchor's slug, its number, its title. Its URL and label are its plan's with
    /// those (search.js puts them back), which saves a third of the index's item files.
    Task([&'a str; 4]),
    /// The first task of its plan in a chunk: the same, then its plan's URL and label.
    TaskAndPlan([&'a str; 6]),
}

/// The chunk file of `items`, made from `entries`.
fn chunk_file(site: &Site, entries: &[Entry], items: &[Item]) -> Result<Vec<u8>, String> {
    // Whether each task is the first of its plan in the chunk (its plan's row is not here),
    // and for those the plan's label: one for each plan a chunk starts inside.
    let mut plan_here = None;
    let plan_label: Vec<Option<String>> = entries
        .iter()
        .map(|e| match *e {
            Entry::Plan(p) => {
                plan_here = Some(p);
                None
            }
            Entry::Task(k) if plan_here.replace(k.plan()) != Some(k.plan()) => {
                Some(site.plan_label(k.plan()))
            }
            _ => None,
        })
        .collect();
    let rows: Vec<Row> = entries
        .iter()
        .zip(items)
        .zip(&plan_label)
        .map(|((e, it), label)| match (*e, label) {
            (Entry::Task(k), label) => {
                let t = &site.plan(k.plan()).tasks[k.task()];
                let [a, b, c, d] = [it.kind, site.anchor(k), t.id.as_str(), &it.title];
                match label {
                    None => Row::Task([a, b, c, d]),
                    Some(l) => Row::TaskAndPlan([a, b, c, d, &site.plan_urls()[k.plan()], l]),
                }
            }
            _ => Row::Whole([it.kind, &it.url, &it.label, &it.title]),
        })
        .collect();
    serde_json::to_vec(&rows).map_err(|e| e.to_string())
}

/// Appends the postings of the stretch that follows what `postings` holds.
fn merge(postings: &mut Postings, next: Postings) {
    if postings.is_empty() {
        *postings = next;
        return;
    }
    for (w, list) in next {
        match postings.get_mut(&w) {
            Some(all) => all.append(list),
            None => {
                postings.insert(w, list);
            }
        }
    }
}

/// Makes every file of the index (given as `files`, in the order `site::routes` lists them)
/// and hands each to `emit` when made.
pub fn render(
    site: &Site,
    files: &[String],
    kept: Option<&dyn Stretches>,
    emit: &mut dyn FnMut(&str, &[u8]),
) -> Result<(), String> {
    let entries = entries(site);
    // Each item is made once: its keys go to the postings of its stretch, its text to its
    // chunk file. Stretches are taken a few at a time, so the build holds a few stretches of
    // item files, not all; their postings are merged in order, so each list stays sorted by
    // item, and a word is stored once per stretch, not once per item.
    let mut postings = Postings::default();
    let mut next_file = SHARDS;
    for (b, batch) in entries.chunks(STRETCH * 8).enumerate() {
        let made: Vec<Result<Stretch, String>> = batch
            .par_chunks(STRETCH)
            .enumerate()
            .map(|(c, entries)| stretch(site, b * STRETCH * 8 + c * STRETCH, entries, kept))
            .collect();
        for (c, stretch) in made.into_iter().enumerate() {
            let mut emit_chunk = |bytes: &[u8]| {
                emit(&files[next_file], bytes);
                next_file += 1;
            };
            let bytes = match stretch? {
                Stretch::Made(m, chunks) => {
                    chunks.iter().for_each(|c| emit_chunk(c));
                    merge(&mut postings, m);
                    continue;
                }
                Stretch::Kept(bytes) => bytes,
            };
            match postcard::from_bytes::<KeptStretch>(&bytes) {
                Ok(k) => {
                    k.chunks.iter().for_each(|c| emit_chunk(c));
                    for (w, list) in k.postings {
                        match postings.get_mut(w) {
                            Some(all) => all.append_kept(list),
                            None => {
                                postings.insert(w.to_string(), List::from(list));
                            }
                        }
                    }
                }
                // Bytes kept whole but not read back: the stretch is made again.
                Err(_) => {
                    let first = b * STRETCH * 8 + c * STRETCH;
                    let at = c * STRETCH;
                    let entries = &batch[at..(at + STRETCH).min(batch.len())];
                    let (m, chunks) = make(site, first, entries)?;
                    chunks.iter().for_each(|c| emit_chunk(c));
                    merge(&mut postings, m);
                }
            }
        }
    }
    let mut shards: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); SHARDS];
    // Items were taken in order, and stretches appended in order: each list is sorted.
    for (w, list) in postings {
        shards[shard(&w)].insert(w, list.finish());
    }
    for (i, map) in shards.into_iter().enumerate() {
        emit(
            &files[i],
            &serde_json::to_vec(&map).map_err(|e| e.to_string())?,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_like_people_type() {
        assert_eq!(words("Sở Tài chính"), ["so", "tai", "chinh"]);
        assert_eq!(words("Quyết định"), ["quyet", "dinh"]);
        assert_eq!(words("hoà"), words("hòa"), "old and new tone placement");
        assert_eq!(words("90/KH-UBND"), ["90", "kh", "ubnd"]);
        assert_eq!(number_key("90/KH-UBND"), "#90khubnd");
        assert_eq!(name_key("Sở Tài chính"), "=so_tai_chinh");
        assert_eq!(number_key("226/2025/QH15"), number_key("226/2025/qh15"));
    }

    #[test]
    fn a_stretch_kept_reads_back_as_made() {
        let mut made = Postings::default();
        for (w, postings) in [("so", vec![8, 9, 17]), ("~so_tai", vec![1]), ("ha", vec![])] {
            let mut list = List::default();
            postings.into_iter().for_each(|p| list.add(p));
            made.insert(w.to_string(), list);
        }
        let chunks = vec![b"[[\"t\"]]".to_vec(), Vec::new(), vec![0, 255, 10]];
        let bytes = encode(&mut made, &chunks).unwrap();
        let kept: KeptStretch = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(kept.chunks, chunks);
        let mut read: Vec<(&str, String)> = (kept.postings.into_iter())
            .map(|(w, l)| (w, List::from(l).finish()))
            .collect();
        read.sort();
        // 9 kept over 8 (the same item), then 17: differences of 9 and 8.
        let want = [("ha", ""), ("so", "JI"), ("~so_tai", "B")];
        assert_eq!(read, want.map(|(w, l)| (w, l.to_string())));
    }

    #[test]
    fn shards_spread_and_match_the_script() {
        // search.js computes the same: (c0 * 31 + c1) % 256 over char codes.
        assert_eq!(shard("so"), (115 * 31 + 111) % 256);
        assert_eq!(shard("a"), (97 * 31) % 256);
        assert_eq!(shard("#9"), (35 * 31 + 57) % 256);
    }
}
