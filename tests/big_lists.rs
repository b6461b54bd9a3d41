//! A directive that many plans carry out: its page stays small (the chain and the lists stop
//! and point to a paged list of every related plan), and every plan is still one click away.

mod common;
use common::*;
use scraper::{Html, Selector};

const PLANS: usize = 160;

fn site() -> tempfile::TempDir {
    let site = fixture("mini");
    for i in 0..PLANS {
        std::fs::write(
            site.path().join(format!("content/plans/2026/{}-kh-a.md", 100 + i)),
            format!(
                "---\nnumber: \"{}/KH-A\"\ntitle: \"Thực hiện lần {i}\"\nissuer: so-a\ndate: 2026-04-01\nimplements: [\"1-NQ/TW\"]\nbased_on: [\"10/KH-UBND\"]\ntasks:\n  - id: \"1\"\n    title: \"Việc một\"\n    lead: \"Văn phòng Sở\"\n    deadline: \"Quý III/2026\"\n  - id: \"2\"\n    title: \"Việc hai\"\n    lead: \"Văn phòng Sở\"\n    deadline: \"Thường xuyên\"\n---\nThực hiện Nghị quyết số 1-NQ/TW.\n",
                100 + i
            ),
        )
        .unwrap();
    }
    site
}

#[test]
fn a_directive_with_many_plans_gets_a_paged_list() {
    let site = site();
    let out = site.path().join("public");
    let run = build(site.path(), &out, &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let page = read(&out, "van-ban/1-nq-tw/index.html");
    let doc = Html::parse_document(&page);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let all = doc
        .select(&sel("p.related-all a"))
        .next()
        .expect("a link to the full list");
    assert_eq!(
        all.value()
            .attr("href")
            .map(|h| target("van-ban/1-nq-tw/index.html", h)),
        Some("van-ban/1-nq-tw/lien-quan/".to_string())
    );
    assert!(all
        .text()
        .collect::<String>()
        .contains(&format!("{} kế hoạch", PLANS + 1)));
    // the chain shows at most 150 entries and says how many it left out
    let entries = doc.select(&sel("ul.chain li:not(.chain-more)")).count();
    assert_eq!(entries, 150, "{entries} entries");
    let more: Vec<String> = doc
        .select(&sel("li.chain-more a"))
        .map(|a| a.text().collect())
        .collect();
    assert!(
        more.contains(&format!("… và {} mục khác", PLANS + 1 - 150)),
        "the chain says what it left out: {more:?}"
    );

    // the full list: every related plan once, 100 a page
    let rows = |rel: &str| {
        Html::parse_document(&read(&out, rel))
            .select(&sel("table.plans tbody tr"))
            .count()
    };
    assert_eq!(rows("van-ban/1-nq-tw/lien-quan/index.html"), 100);
    assert_eq!(
        rows("van-ban/1-nq-tw/lien-quan/trang-2/index.html"),
        PLANS + 1 - 100
    );
    // the plan many cite as a basis: at most 20 on its page, the rest on its list
    let cited = Html::parse_document(&read(&out, "ke-hoach/2026/10-kh-ubnd/index.html"));
    let caption = sel("table.plans caption");
    let cited_rows = cited
        .select(&sel("table.plans"))
        .filter(|t| {
            t.select(&caption)
                .next()
                .is_some_and(|c| c.text().collect::<String>().contains("viện dẫn"))
        })
        .map(|t| t.select(&sel("tbody tr")).count())
        .next()
        .unwrap();
    assert_eq!(cited_rows, 20);
    assert!(out
        .join("ke-hoach/2026/10-kh-ubnd/lien-quan/trang-2/index.html")
        .exists());

    for (rel, bytes) in snapshot(&out) {
        assert!(
            bytes.len() <= 300 * 1024 || !rel.ends_with(".html"),
            "{rel}: {} KB",
            bytes.len() / 1024
        );
    }
}

#[test]
fn live_edits_of_a_related_plan_match_a_full_build() {
    let site = site();
    let root = site.path();
    let out = tempfile::tempdir().unwrap();
    let mut s = kehoach::pipeline::live::Session::new(live_opts(root, &out.path().join("public")));
    s.rebuild().unwrap();
    s.finish().unwrap();
    // a title shown on the second page of the related list, and a plan that stops citing
    edit(
        root,
        "content/plans/2026/250-kh-a.md",
        "Thực hiện lần 150",
        "Thực hiện lần thứ 150 (sửa)",
    );
    let r = rebuild_matches_full(&mut s, root, "title of a related plan");
    assert!(!r.full);
    edit(
        root,
        "content/plans/2026/101-kh-a.md",
        "based_on: [\"10/KH-UBND\"]",
        "based_on: []",
    );
    rebuild_matches_full(&mut s, root, "a plan stops citing");
}

/// Rows of task lists past the memory budget (`KEHOACH_ROWS_MB`) are kept packed and unpacked
/// for each page that lists them: the site is byte for byte the same.
#[test]
fn rows_past_the_memory_budget_are_packed_and_the_site_is_the_same() {
    let site = site();
    // Rows as long as real ones, so that most come after the dictionary's sample.
    let long = "Việc một: rà soát, sửa đổi, bổ sung quy chế phối hợp giữa các cơ quan, đơn vị trong việc tổ chức thực hiện và báo cáo kết quả định kỳ";
    for i in 0..PLANS {
        edit(
            site.path(),
            &format!("content/plans/2026/{}-kh-a.md", 100 + i),
            "title: \"Việc một\"",
            &format!("title: \"{long} ({i})\""),
        );
        edit(
            site.path(),
            &format!("content/plans/2026/{}-kh-a.md", 100 + i),
            "title: \"Việc hai\"",
            &format!("title: \"{long} ({i}, việc hai)\""),
        );
    }
    let run = |out: &str, budget: &str| {
        let out = site.path().join(out);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .args(["build", "-v", "--as-of", "2026-11-20", "--root"])
            .arg(site.path())
            .arg("--output")
            .arg(&out)
            .env("KEHOACH_ROWS_MB", budget)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let said = String::from_utf8(run.stdout).unwrap();
        let line = said
            .lines()
            .find(|l| l.starts_with("Hàng bảng nhiệm vụ:"))
            .unwrap_or_else(|| panic!("no rows line in:\n{said}"))
            .to_string();
        // "Hàng bảng nhiệm vụ: 320 giữ nguyên (…), 0 nén lại (…)."
        let numbers: Vec<usize> = line
            .split([':', ','])
            .skip(1)
            .map(|part| part.trim().split(' ').next().unwrap().parse().unwrap())
            .collect();
        (snapshot(&out), numbers, line)
    };
    let (as_made, n, said) = run("as-made", "256");
    assert_eq!(n[1], 0, "{said}");
    let made = n[0];
    assert!(made >= 2 * PLANS, "{said}");
    let (packed, n, said) = run("packed", "0");
    // The first rows are kept as made to sample the dictionary; with no budget, the rest
    // are packed.
    assert_eq!(n[0] + n[1], made, "{said}");
    assert!(n[1] > made / 2, "{said}");
    assert_eq!(as_made.len(), packed.len());
    for (path, bytes) in &as_made {
        assert!(packed.get(path) == Some(bytes), "{path} differs");
    }
}
