//! Live rebuilds (the `serve` path): after each kind of edit, the output folder updated in place
//! must be byte-identical to a fresh full build of the same sources, and a small edit must
//! render only a small part of the site.

mod common;

use common::{
    copy_dir, edit, links_to, live_opts as opts, patch_template, rebuild_changed_matches_full,
    rebuild_matches_full, repo, snapshot,
};
use kehoach::pipeline::live::Session;

fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

#[test]
fn every_kind_of_edit_gives_the_same_site_as_a_full_build() {
    let site = shipped_copy();
    let root = site.path();
    let out_dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(opts(root, &out_dir.path().join("public")));
    let first = s.rebuild().unwrap();
    assert!(first.full);
    let total = first.rendered;

    let p269 = "content/plans/2026/269-kh-skhcn.md";
    let p90 = "content/plans/2026/90-kh-ubnd.md";

    // A task's deadline: moves between deadline pages.
    edit(
        root,
        p269,
        "deadline: \"Thường xuyên\"",
        "deadline: \"Quý II/2027\"",
    );
    let r = rebuild_matches_full(&mut s, root, "deadline");
    assert!(!r.full);
    assert_eq!(
        r.reresolved,
        Some(1),
        "a deadline edit re-resolves its plan alone"
    );
    assert!(r
        .written
        .contains(&"ke-hoach/2026/269-kh-skhcn/index.html".to_string()));
    assert!(r.written.contains(&"thoi-han/2027/index.html".to_string()));
    assert!(
        r.rendered * 3 < total,
        "a deadline edit rendered {} of {total} files",
        r.rendered
    );

    // A deadline in a year no other task has: that year's page comes, then goes, though the
    // plan is still resolved and indexed alone.
    edit(
        root,
        p269,
        "deadline: \"Quý II/2027\"",
        "deadline: \"Quý IV/2031\"",
    );
    let r = rebuild_matches_full(&mut s, root, "deadline in a new year");
    assert_eq!((r.reresolved, r.reindexed), (Some(1), true));
    assert!(r.written.contains(&"thoi-han/2031/index.html".to_string()));
    edit(
        root,
        p269,
        "deadline: \"Quý IV/2031\"",
        "deadline: \"Quý II/2027\"",
    );
    let r = rebuild_matches_full(&mut s, root, "deadline out of that year");
    assert_eq!((r.reresolved, r.reindexed), (Some(1), true));
    assert!(r.removed.contains(&"thoi-han/2031/index.html".to_string()));

    // A task's title: its plan and the pages listing the task.
    edit(
        root,
        p90,
        "Quán triệt đầy đủ, sâu sắc",
        "Quán triệt thật đầy đủ, sâu sắc",
    );
    let r = rebuild_matches_full(&mut s, root, "title");
    assert_eq!(
        r.reresolved,
        Some(1),
        "a title edit re-resolves its plan alone"
    );
    assert!(r
        .written
        .contains(&"ke-hoach/2026/90-kh-ubnd/index.html".to_string()));
    assert!(r
        .written
        .contains(&"thoi-han/thuong-xuyen/index.html".to_string()));

    // A progress note, then its date moved: the plan's newest date, its `lastmod` in the
    // sitemap, moves with it (a title edit leaves the sitemap as it was).
    let task_end = "kinh tế nhà nước.\"\n    lead: \"Sở Văn hóa, Thể thao và Du lịch\"\n";
    let with_note = "kinh tế nhà nước.\"\n    progress:\n      - { date: 2026-06-15, note: \"Đã quán triệt.\" }\n    lead: \"Sở Văn hóa, Thể thao và Du lịch\"\n";
    edit(root, p90, task_end, with_note);
    let r = rebuild_matches_full(&mut s, root, "progress note");
    assert!(r.written.contains(&"sitemap.xml".to_string()), "{r:?}");
    edit(
        root,
        p90,
        "date: 2026-06-15, note",
        "date: 2026-07-01, note",
    );
    let r = rebuild_matches_full(&mut s, root, "progress note's date");
    assert_eq!(
        r.reresolved,
        Some(1),
        "a note's date re-resolves its plan alone"
    );
    assert!(r.written.contains(&"sitemap.xml".to_string()), "{r:?}");
    edit(
        root,
        p90,
        with_note.replace("2026-06-15", "2026-07-01").as_str(),
        task_end,
    );
    rebuild_matches_full(&mut s, root, "progress note gone");

    // A lead body: leaves one body's page for another's.
    edit(
        root,
        p269,
        "lead: \"Văn phòng Sở\"",
        "lead: \"Sở Tài chính\"",
    );
    let r = rebuild_matches_full(&mut s, root, "lead");
    assert_eq!(r.reresolved, None, "a new name resolves the whole site");

    // A name found nowhere: a body page appears, then goes.
    edit(
        root,
        p269,
        "lead: \"Sở Tài chính\"",
        "lead: \"Ban Chưa Có Trong Danh Mục\"",
    );
    let r = rebuild_matches_full(&mut s, root, "unknown body");
    assert!(r
        .written
        .iter()
        .any(|f| f.contains("ban-chua-co-trong-danh-muc")));
    edit(
        root,
        p269,
        "lead: \"Ban Chưa Có Trong Danh Mục\"",
        "lead: \"Văn phòng Sở\"",
    );
    let r = rebuild_matches_full(&mut s, root, "unknown body removed");
    assert!(r
        .removed
        .iter()
        .any(|f| f.contains("ban-chua-co-trong-danh-muc")));

    // A plan's number: its URL changes, and every page linking to it.
    edit(
        root,
        p269,
        "number: \"269/KH-SKHCN\"",
        "number: \"270/KH-SKHCN\"",
    );
    let r = rebuild_matches_full(&mut s, root, "number");
    assert!(r
        .removed
        .contains(&"ke-hoach/2026/269-kh-skhcn/index.html".to_string()));

    // A new plan, and a plan removed.
    let new_plan = "content/plans/2026/moi.md";
    std::fs::copy(root.join(p269), root.join(new_plan)).unwrap();
    edit(
        root,
        new_plan,
        "number: \"270/KH-SKHCN\"",
        "number: \"300/KH-SKHCN\"",
    );
    rebuild_matches_full(&mut s, root, "new plan");
    std::fs::remove_file(root.join(new_plan)).unwrap();
    rebuild_matches_full(&mut s, root, "plan removed");

    // The registries.
    edit(
        root,
        "content/departments.yaml",
        "name: \"Sở Tài chính\"",
        "name: \"Sở Tài chính thành phố\"",
    );
    rebuild_matches_full(&mut s, root, "body renamed");
    edit(
        root,
        "content/directives.yaml",
        "title: \"Về phát triển kinh tế nhà nước\"",
        "title: \"Về phát triển kinh tế nhà nước (sửa)\"",
    );
    rebuild_matches_full(&mut s, root, "directive retitled");

    // A deeper chain: 1049/QĐ-UBND made to carry out 37-KH/TU, so the plan carrying out
    // 1049 shows up two levels down on the page of 79-NQ/TW.
    edit(
        root,
        "content/directives.yaml",
        "  date: 2026-03-23\n",
        "  date: 2026-03-23\n  implements: [\"37-KH/TU\"]\n",
    );
    let r = rebuild_matches_full(&mut s, root, "chain extended");
    assert!(
        r.written.iter().any(|f| f.starts_with("van-ban/79-nq-tw")),
        "{:?}",
        r.written
    );
    let p1049 = "content/plans/2026/skhcn-trien-khai-1049-qd-ubnd.md";
    edit(
        root,
        p1049,
        "title: \"Triển khai thực hiện",
        "title: \"Tổ chức triển khai thực hiện",
    );
    let r = rebuild_matches_full(&mut s, root, "plan deep in a chain");
    assert!(
        r.written.iter().any(|f| f.starts_with("van-ban/79-nq-tw")),
        "{:?}",
        r.written
    );

    // A template of the site's own theme: only the pages made with it.
    patch_template(
        root,
        "document.html",
        "{% block content %}",
        "{% block content %}<p>Đã sửa mẫu</p>",
    );
    let r = rebuild_matches_full(&mut s, root, "template");
    assert!(!r.written.is_empty());
    assert!(
        r.written.iter().all(|f| f.starts_with("van-ban/")),
        "{:?}",
        r.written
    );

    // The row of the many-plan task tables, which no template includes (pages receive the
    // rows it made): the pages that list tasks, and no plan page.
    patch_template(root, "task_row.html", "<tr", "<tr data-sua=\"1\"");
    let r = rebuild_matches_full(&mut s, root, "row template");
    for page in ["index.html", "thoi-han/qua-han-chua-bao-cao/index.html"] {
        assert!(
            r.written.iter().any(|f| f == page),
            "{page}: {:?}",
            r.written
        );
    }
    assert!(
        !r.written.iter().any(|f| f.starts_with("ke-hoach/")),
        "{:?}",
        r.written
    );

    // A component (here the list of references, `ref_list`), which pages call by name with no
    // import: the pages that call it are remade, and a page that does not is left alone.
    patch_template(
        root,
        "macros.html",
        "{% component ref_list(refs, root) %}",
        "{% component ref_list(refs, root) %}<span class=\"sua\"></span>",
    );
    let r = rebuild_matches_full(&mut s, root, "component");
    assert!(
        r.written
            .iter()
            .any(|f| f == "ke-hoach/2026/90-kh-ubnd/index.html"),
        "{:?}",
        r.written
    );
    assert!(
        !r.written.iter().any(|f| f.starts_with("thoi-han/")),
        "{:?}",
        r.written
    );
}

#[test]
fn an_error_keeps_the_last_good_site_and_a_fix_recovers() {
    let site = shipped_copy();
    let root = site.path();
    let out_dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(opts(root, &out_dir.path().join("public")));
    s.rebuild().unwrap();
    let before = snapshot(&s.output());
    let p = "content/plans/2026/269-kh-skhcn.md";
    edit(root, p, "date: 2026-04-22", "date: 2026-13-45");
    assert!(s.rebuild().is_err());
    assert!(
        snapshot(&s.output()) == before,
        "a failed rebuild changed the output"
    );
    edit(root, p, "date: 2026-13-45", "date: 2026-04-23");
    rebuild_matches_full(&mut s, root, "fixed");
}

/// A site whose one plan has 600 tasks led by Sở Hòa Bình, all due in March 2026.
/// The task links of a page of a task list, in order.
fn task_links(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("table.lines tbody td:first-child > a").unwrap();
    doc.select(&sel)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

/// Pages of a long task list end at tasks marked by their own URL, so an edit, or a task added
/// or removed, remakes the page it is on (and the first, which counts them), not the pages
/// after it.
#[test]
fn long_lists_are_paged_and_an_edit_remakes_only_its_page() {
    use kehoach::site::lists::{task_pages, MAX_ROWS, MIN_ROWS};
    let site = common::long_list_site();
    let root = site.path();
    let out_dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(opts(root, &out_dir.path().join("public")));
    s.rebuild().unwrap();
    let out = s.output();
    let base = "co-quan/so-a/chu-tri/";
    let page_file = |n: usize| match n {
        0 => format!("{base}index.html"),
        n => format!("{base}trang-{}/index.html", n + 1),
    };
    let (built, _, _) = kehoach::pipeline::prepare(root, opts(root, &out).as_of, None);
    let built = built.unwrap();
    let body = (0..built.bodies().len())
        .find(|&b| built.body(b).id == "so-a")
        .unwrap();
    let led = &built.body_links()[body].led;
    assert_eq!(led.len(), 601, "600 tasks and one of 10/KH-UBND");
    for k in led {
        let mark = kehoach::site::cut_mark(&built.plan_urls()[k.plan()], built.anchor(*k));
        assert_eq!(built.fact(*k).cut, mark, "a task's mark is its URL's");
    }
    let starts = task_pages(&built, led);
    assert!(starts.len() >= 3, "{starts:?}");
    let mut seen = Vec::new();
    for (n, &from) in starts.iter().enumerate() {
        let to = starts.get(n + 1).copied().unwrap_or(led.len());
        let html = std::fs::read_to_string(out.join(page_file(n))).unwrap();
        let ids = task_links(&html);
        assert_eq!(ids.len(), to - from, "page {n}");
        assert!(ids.len() <= MAX_ROWS);
        if to < led.len() {
            assert!(ids.len() >= MIN_ROWS, "page {n}");
            assert!(
                ids.len() == MAX_ROWS || built.fact(led[to - 1]).cut,
                "page {n} ends at a mark"
            );
        }
        assert!(
            html.contains("aria-label=\"Các trang của danh sách\""),
            "page {n} has no pager"
        );
        seen.extend(ids);
    }
    let unique: std::collections::BTreeSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), 601, "every task on exactly one page");
    assert!(!out.join(page_file(starts.len())).exists());
    let first = std::fs::read_to_string(out.join(base).join("index.html")).unwrap();
    let last = starts.len();
    assert!(links_to(
        &format!("{base}index.html"),
        &first,
        &format!("{base}trang-{last}/")
    ));

    // A task in the middle of page 2 (tasks in plan order: 10/KH-UBND's first).
    let mid = (starts[1] + starts[2]) / 2;
    let id = mid; // the plan's task `i` is row `i` of the list
    let p = "content/plans/2026/20-kh-ubnd.md";
    edit(
        root,
        p,
        &format!("title: \"Việc số {id}\""),
        &format!("title: \"Việc số {id}, sửa\""),
    );
    let r = rebuild_matches_full(&mut s, root, "task on page 2");
    assert!(r.written.contains(&page_file(1)), "{:?}", r.written);
    for n in (0..starts.len()).filter(|&n| n != 1) {
        assert!(
            !r.written.contains(&page_file(n)),
            "page {n}: {:?}",
            r.written
        );
    }

    // A task added there, and removed: page 2 and the first page (its total) change, not
    // the pages after them. (The new task is not a mark, or it could end page 2 early.)
    // Ids of letters and digits are their own anchors.
    let new = (0..)
        .map(|i| format!("{id}b{i}"))
        .find(|new| !kehoach::site::cut_mark(&built.plan_urls()[led[mid].plan()], new))
        .unwrap();
    let added = format!(
        "  - id: \"{new}\"\n    title: \"Việc thêm\"\n    lead: \"Sở Hòa Bình\"\n    deadline: \"Tháng 3/2026\"\n  - id: \"{}\"\n",
        id + 1
    );
    let next = format!("  - id: \"{}\"\n", id + 1);
    for (what, from, to) in [
        ("task added", &next, &added),
        ("task removed", &added, &next),
    ] {
        edit(root, p, from, to);
        let r = rebuild_matches_full(&mut s, root, what);
        assert!(r.written.contains(&page_file(0)), "{what}: {:?}", r.written);
        assert!(r.written.contains(&page_file(1)), "{what}: {:?}", r.written);
        for n in 2..starts.len() {
            assert!(
                !r.written.contains(&page_file(n)),
                "{what}, page {n}: {:?}",
                r.written
            );
        }
    }
}

#[test]
fn data_files_left_unwritten_by_a_new_edit_are_written_after_the_next() {
    let site = shipped_copy();
    let root = site.path();
    let out_dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(opts(root, &out_dir.path().join("public")));
    s.rebuild().unwrap();
    let p269 = "content/plans/2026/269-kh-skhcn.md";
    edit(
        root,
        p269,
        "deadline: \"Thường xuyên\"",
        "deadline: \"Quý II/2027\"",
    );
    let r = s.rebuild().unwrap();
    assert!(r.pending > 0, "the data files wait for after the reload");
    // a new edit arrives before any of them is written
    let (written, stopped) = s.finish_until(&mut || true).unwrap();
    assert!(stopped && written.is_empty());
    let stale = std::fs::read(s.output().join("du-lieu/nhiem-vu.json")).unwrap();
    // The next edit touches no content (a theme file), so nothing but what was left due
    // would rewrite the data files.
    let tpl = root.join("themes/default/templates/robots.txt");
    std::fs::create_dir_all(tpl.parent().unwrap()).unwrap();
    let robots = kehoach::render::theme::load(root, "default")
        .unwrap()
        .templates["robots.txt"]
        .clone();
    std::fs::write(&tpl, robots + "\n# sửa\n").unwrap();
    rebuild_matches_full(&mut s, root, "after an interrupted write of the data files");
    assert_ne!(
        std::fs::read(s.output().join("du-lieu/nhiem-vu.json")).unwrap(),
        stale
    );
}

/// `site::reindex`, which a live rebuild uses after an edit of deadlines, titles or statuses,
/// must give the lists by deadline a full index gives: edit every deadline of a 51-task plan
/// (into years the site has and one it has not, into and out of the overdue list) and some
/// statuses, several times over, each time from the last reindexed site.
#[test]
fn reindexing_an_edited_plan_gives_the_lists_of_a_full_index() {
    const DEADLINES: [&str; 9] = [
        "Thường xuyên",
        "Quý II/2027",
        "Tháng 4-5/2026",
        "Năm 2025",
        "Hằng năm",
        "Trước 30/06/2026",
        "Giai đoạn 2026 - 2030",
        "Quý IV/2031",
        "Tháng 12/2026",
    ];
    let site = shipped_copy();
    let root = site.path();
    let rel = "content/plans/2026/90-kh-ubnd.md";
    let original = std::fs::read_to_string(root.join(rel)).unwrap();
    let as_of = Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    let prepare = || {
        let (site, diags, _) = kehoach::pipeline::prepare(root, as_of, None);
        site.unwrap_or_else(|| panic!("{:?}", diags.into_sorted()))
    };
    let mut old = prepare();
    let plan = old
        .plans()
        .iter()
        .position(|p| p.path.ends_with("90-kh-ubnd.md"))
        .unwrap();
    // The last round makes every task ongoing: 2031, which only this plan uses, goes.
    for round in 0..7 {
        let mut i = 0;
        let text: Vec<String> = original
            .lines()
            .map(|l| match l.strip_prefix("    deadline: ") {
                Some(_) => {
                    i += 1;
                    let dl = match round {
                        6 => DEADLINES[0],
                        _ => DEADLINES[(i + round * 4) % DEADLINES.len()],
                    };
                    let status = if (i + round) % 3 == 0 {
                        "\n    status: \"done\""
                    } else {
                        ""
                    };
                    format!("    deadline: \"{dl}\"{status}")
                }
                None => l.to_string(),
            })
            .collect();
        assert!(i > 40, "the plan's deadlines were found");
        std::fs::write(root.join(rel), text.join("\n") + "\n").unwrap();
        let full = prepare();
        let re = kehoach::site::reindex(&old, prepare().into_resolved(), &[plan]);
        assert_eq!(
            re.buckets(),
            full.buckets(),
            "round {round}: lists by deadline"
        );
        let facts = |s: &kehoach::site::Site| -> Vec<kehoach::site::Fact> {
            s.plans()
                .iter()
                .enumerate()
                .flat_map(|(p, rp)| {
                    (0..rp.tasks.len()).map(move |t| kehoach::resolve::TaskKey::new(p, t))
                })
                .map(|k| s.fact(k))
                .collect()
        };
        assert_eq!(facts(&re), facts(&full), "round {round}: overdue, due soon");
        assert!(
            round > 0 || re.buckets() != old.buckets(),
            "the edit moved tasks between lists"
        );
        old = re;
    }
    assert!(!old.buckets().years.contains_key(&2031));
}

/// `serve` tells a rebuild which paths its file watcher saw change, and only those plan files
/// are looked at. An edit, a plan saved the way editors save (a temporary file renamed), a
/// plan removed, and a folder of plans added then removed (reported as the folder alone,
/// which makes the rebuild list every file) each give the site a full build gives. A change
/// nobody reported is not seen until a rebuild is told to look at everything.
#[test]
fn rebuilds_told_what_changed_give_the_same_site_as_a_full_build() {
    let site = shipped_copy();
    let root = site.path();
    let out_dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(opts(root, &out_dir.path().join("public")));
    s.rebuild().unwrap();
    let plans = root.join("content/plans");
    let p90 = plans.join("2026/90-kh-ubnd.md");
    let text90 = std::fs::read_to_string(&p90).unwrap();

    edit(
        root,
        "content/plans/2026/90-kh-ubnd.md",
        "Quán triệt đầy đủ, sâu sắc",
        "Quán triệt thật đầy đủ, sâu sắc",
    );
    let r = rebuild_changed_matches_full(&mut s, root, Some(std::slice::from_ref(&p90)), "title");
    assert_eq!(r.reresolved, Some(1));
    assert!(r
        .written
        .contains(&"ke-hoach/2026/90-kh-ubnd/index.html".to_string()));

    // A save that breaks the file, then its fix, each reported alone: the error names the
    // file, and the fix gives the full build's site (the load keeps every other file's plan
    // and diagnostics from the last one, and replaces this file's).
    let edited90 = std::fs::read_to_string(&p90).unwrap();
    std::fs::write(&p90, edited90.replacen("tasks:", "tasks: [", 1)).unwrap();
    match s.rebuild_changed(Some(std::slice::from_ref(&p90))) {
        Err(kehoach::pipeline::BuildError::Content(d)) => {
            assert!(
                d.iter()
                    .any(|x| x.path == "content/plans/2026/90-kh-ubnd.md"),
                "{d:?}"
            )
        }
        other => panic!("a broken plan must fail the rebuild: {other:?}"),
    }
    std::fs::write(&p90, &edited90).unwrap();
    rebuild_changed_matches_full(&mut s, root, Some(std::slice::from_ref(&p90)), "fixed");

    let p91 = plans.join("2026/91-kh-ubnd.md");
    let tmp = plans.join("2026/.91-kh-ubnd.md.swp");
    std::fs::write(&tmp, text90.replace("90/KH-UBND", "91/KH-UBND")).unwrap();
    std::fs::rename(&tmp, &p91).unwrap();
    let r = rebuild_changed_matches_full(&mut s, root, Some(&[tmp, p91.clone()]), "plan saved");
    assert!(r
        .written
        .contains(&"ke-hoach/2026/91-kh-ubnd/index.html".to_string()));

    std::fs::remove_file(&p91).unwrap();
    let r = rebuild_changed_matches_full(&mut s, root, Some(&[p91]), "plan removed");
    assert!(r
        .removed
        .contains(&"ke-hoach/2026/91-kh-ubnd/index.html".to_string()));

    let extra = plans.join("them");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(
        extra.join("92-kh-ubnd.md"),
        text90.replace("90/KH-UBND", "92/KH-UBND"),
    )
    .unwrap();
    let r = rebuild_changed_matches_full(
        &mut s,
        root,
        Some(std::slice::from_ref(&extra)),
        "folder added",
    );
    assert!(r
        .written
        .contains(&"ke-hoach/2026/92-kh-ubnd/index.html".to_string()));
    std::fs::remove_dir_all(&extra).unwrap();
    let r = rebuild_changed_matches_full(&mut s, root, Some(&[extra]), "folder removed");
    assert!(r
        .removed
        .contains(&"ke-hoach/2026/92-kh-ubnd/index.html".to_string()));

    // Not reported: not seen; then looked for.
    std::fs::write(
        &p90,
        text90.replace("Quán triệt đầy đủ", "Quán triệt rất đầy đủ"),
    )
    .unwrap();
    let r = s.rebuild_changed(Some(&[])).unwrap();
    assert!(r.written.is_empty(), "{:?}", r.written);
    rebuild_changed_matches_full(&mut s, root, None, "looked at everything");
}

#[test]
fn an_edit_of_a_plan_that_wants_reports_gives_the_same_site_as_a_full_build() {
    // The demo's plans want reports: body pages, the progress page and the plans' pages show
    // which periods each lead body owes. Its reports on 902 are taken away, so that plan,
    // reported on by none, is resolved alone after an edit.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("examples/demo"), root);
    for e in walkdir::WalkDir::new(root.join("content/bao-cao")) {
        let path = e.unwrap().into_path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.contains("reports_on: [\"902/") {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let out = tempfile::tempdir().unwrap();
    let mut s = Session::new(opts(root, &out.path().join("public")));
    assert!(s.rebuild().unwrap().full);
    s.finish().unwrap();

    // A title in a plan with reports: the reports' pages show it.
    let p901 = "content/plans/2026/901-kh-ubnd.md";
    edit(
        root,
        p901,
        "Hết hạn hôm qua, đang",
        "Hết hạn hôm qua (sửa), đang",
    );
    let r = rebuild_matches_full(&mut s, root, "a title in a plan with reports");
    assert!(
        r.written.iter().any(|f| f.starts_with("bao-cao/2026/")),
        "{r:?}"
    );
    edit(
        root,
        p901,
        "reporting: [\"quý\"]",
        "reporting: [\"6 tháng\"]",
    );
    rebuild_matches_full(&mut s, root, "how often reports are wanted");

    // Resolved alone: the site keeps the other plans' duties, and finds the edited one's.
    let p902 = "content/plans/2026/902-kh-skhcn.md";
    edit(root, p902, "số 1: triển khai", "số 1 (sửa): triển khai");
    let r = rebuild_matches_full(&mut s, root, "a title in a plan that wants reports");
    assert_eq!(r.reresolved, Some(1), "{r:?}");
    let draft = "type: \"Kế hoạch\"\nstatus: draft\n";
    edit(root, p902, "type: \"Kế hoạch\"\n", draft);
    let r = rebuild_matches_full(&mut s, root, "a plan that wants reports made a draft");
    assert_eq!(r.reresolved, Some(1), "{r:?}");
    assert!(
        r.written
            .contains(&"co-quan/so-khcn/index.html".to_string()),
        "{r:?}"
    );
    edit(root, p902, draft, "type: \"Kế hoạch\"\n");
    let r = rebuild_matches_full(&mut s, root, "issued again");
    assert_eq!(r.reresolved, Some(1), "{r:?}");
}
