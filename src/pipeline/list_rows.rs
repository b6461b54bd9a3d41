//! The rows each page of a long list shows, gathered once per list: what tells whether a page
//! of a list changed between two builds (`live::choose`), or since the build of the site in
//! place (`partial`, by each page's [`ListRows::shape`]).

use crate::resolve::TaskKey;
use crate::site::lists::{Paged, Row};
use crate::site::Site;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// The rows of long lists of one build, and where their pages start, each list gathered once.
pub(super) struct ListRows<'a> {
    site: &'a Site,
    /// Rows of lists other than of tasks (a task list's rows are its keys, see `Paged::rows`).
    rows: HashMap<Paged, Vec<Row>>,
    starts: HashMap<Paged, Arc<Vec<usize>>>,
}

/// The rows one page of a list shows, borrowed: a task list's keys or a gathered list's rows.
#[derive(Clone, Copy)]
pub(super) enum PageRows<'r> {
    Tasks(&'r [TaskKey]),
    Rows(&'r [Row]),
}

impl PageRows<'_> {
    pub(super) fn len(&self) -> usize {
        match self {
            PageRows::Tasks(k) => k.len(),
            PageRows::Rows(r) => r.len(),
        }
    }

    pub(super) fn get(&self, i: usize) -> Row {
        match self {
            PageRows::Tasks(k) => Row::Task(k[i]),
            PageRows::Rows(r) => r[i],
        }
    }
}

impl<'a> ListRows<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        ListRows {
            site,
            rows: HashMap::default(),
            starts: HashMap::default(),
        }
    }

    /// What page `n` of a list shows: its rows, whether a next page follows, and on the first
    /// page the total and the number of pages (it links them all). Nothing is copied: an
    /// edit asks this of thousands of pages.
    pub(super) fn page(
        &mut self,
        list: Paged,
        n: usize,
    ) -> (PageRows<'_>, bool, Option<(usize, usize)>) {
        let site = self.site;
        let starts = self.starts.entry(list).or_insert_with(|| match list {
            Paged::Tasks(l) => site.task_pages(l),
            _ => Arc::new(list.starts(site)),
        });
        let (from, to, pages) = (
            starts.get(n).copied(),
            starts.get(n + 1).copied(),
            starts.len(),
        );
        let rows = match list {
            Paged::Tasks(l) => PageRows::Tasks(l.keys(site)),
            // Related plans are gathered anew at each call: once per list here.
            _ => PageRows::Rows(
                self.rows
                    .entry(list)
                    .or_insert_with(|| list.rows(site, 0, list.len(site))),
            ),
        };
        let len = rows.len();
        let (from, to) = (from.unwrap_or(len), to.unwrap_or(len));
        let rows = match rows {
            PageRows::Tasks(k) => PageRows::Tasks(&k[from..to]),
            PageRows::Rows(r) => PageRows::Rows(&r[from..to]),
        };
        (rows, n + 1 < pages, (n == 0).then_some((len, pages)))
    }

    /// A digest of which rows page `n` of `list` shows, by what each row is (its URL and
    /// anchor), with whether a next page follows and, on the first, the totals: two builds
    /// whose page has the same shape show the same rows where they were, though perhaps not
    /// alike.
    pub(super) fn shape(&mut self, list: Paged, n: usize) -> u64 {
        use std::hash::{Hash, Hasher};
        let site = self.site;
        let (rows, next, first) = self.page(list, n);
        let mut h = rustc_hash::FxHasher::default();
        (next, first, rows.len()).hash(&mut h);
        for i in 0..rows.len() {
            rows.get(i).key(site).hash(&mut h);
        }
        h.finish()
    }
}
