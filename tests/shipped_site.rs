//! The shipped content (the five seed documents) built with --as-of 2026-11-20, checked
//! against what the source documents say.

mod common;
use common::*;
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The shipped site built once for all tests in this file.
fn site() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let r = build(&repo(), &out, &[]);
        assert_eq!(r.code, 0, "shipped site builds: {}", r.stderr);
        (dir, out)
    })
    .1
}

fn tasks() -> Vec<Value> {
    json(site(), "du-lieu/nhiem-vu.json")
        .as_array()
        .unwrap()
        .clone()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page(rel: &str) -> Html {
    Html::parse_document(&read(site(), rel))
}

const P90: &str = "/ke-hoach/2026/90-kh-ubnd/";
const P269: &str = "/ke-hoach/2026/269-kh-skhcn/";
const P1049: &str = "/ke-hoach/2026/skhcn-trien-khai-1049-qd-ubnd/";

#[test]
fn task_counts_per_plan() {
    let t = tasks();
    let count = |p: &str| t.iter().filter(|x| x["plan"] == p).count();
    assert_eq!(count(P90), 51);
    assert_eq!(count(P1049), 17);
    assert_eq!(count(P269), 6);
    assert_eq!(count("/ke-hoach/2026/skhcn-trien-khai-04-ctr-ubnd/"), 33);
    assert_eq!(t.len(), 107);
    // ids carry the part of 90/KH-UBND: I.1 … I.8, I.9.1 … I.9.3, II.1.1 … II.7.7
    let ids: Vec<&str> = t
        .iter()
        .filter(|x| x["plan"] == P90)
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        &ids[..11],
        ["I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "I.7", "I.8", "I.9.1", "I.9.2", "I.9.3"]
    );
    assert_eq!(ids[11], "II.1.1");
    assert_eq!(*ids.last().unwrap(), "II.7.7");
}

#[test]
fn so_tai_chinh_page_lists_the_20_tasks_it_leads_in_90() {
    let t = tasks();
    let led: Vec<&str> = t
        .iter()
        .filter(|x| {
            x["plan"] == P90
                && x["lead"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|b| b["id"] == "so-tc")
        })
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(led.len(), 20, "{led:?}");
    // The body's page links to the list of what it leads.
    let body = page("co-quan/so-tc/index.html");
    assert!(body
        .select(&sel("section[aria-labelledby=chu-tri] a"))
        .any(|a| a
            .value()
            .attr("href")
            .is_some_and(|h| target("co-quan/so-tc/index.html", h) == "co-quan/so-tc/chu-tri/")));
    let doc = page("co-quan/so-tc/chu-tri/index.html");
    let links: Vec<String> = doc
        .select(&sel("table.lines tbody td:first-child > a"))
        .map(|a| {
            target(
                "co-quan/so-tc/chu-tri/index.html",
                a.value().attr("href").unwrap(),
            )
        })
        .filter(|h| h.contains("ke-hoach/2026/90-kh-ubnd/#nv-"))
        .collect();
    assert_eq!(links.len(), 20, "{links:?}");
    for id in led {
        let anchor = format!("#nv-{}", id.to_lowercase().replace('.', "-"));
        assert!(
            links.iter().any(|l| l.ends_with(&anchor)),
            "{anchor} missing"
        );
    }
    // II.2.5 has three leads; Sở Tài chính is one of them.
    assert!(links.iter().any(|l| l.ends_with("#nv-ii-2-5")));
}

#[test]
fn ii_7_1_range_and_link_to_task_4_of_269() {
    let t = tasks();
    let x = t
        .iter()
        .find(|x| x["url"] == format!("{P90}#nv-ii-7-1"))
        .unwrap();
    assert_eq!(x["deadline"]["text"], "Quý II năm 2027");
    assert_eq!(x["deadline"]["kind"], "due");
    assert_eq!(x["deadline"]["from"], "2027-04-01");
    assert_eq!(x["deadline"]["to"], "2027-06-30");
    let doc = page("ke-hoach/2026/90-kh-ubnd/index.html");
    let row = doc
        .select(&sel("tr#nv-ii-7-1"))
        .next()
        .expect("row with anchor");
    let hrefs: Vec<&str> = row
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs
            .iter()
            .any(|h| target("ke-hoach/2026/90-kh-ubnd/index.html", h)
                == "ke-hoach/2026/269-kh-skhcn/#nv-4"),
        "{hrefs:?}"
    );
    let times: Vec<&str> = row
        .select(&sel("time"))
        .filter_map(|t| t.value().attr("datetime"))
        .collect();
    assert_eq!(times, ["2027-04-01", "2027-06-30"]);
    // and the child links back to its parent
    let doc = page("ke-hoach/2026/269-kh-skhcn/index.html");
    let row = doc.select(&sel("tr#nv-4")).next().unwrap();
    assert!(row
        .select(&sel("a"))
        .any(|a| a.value().attr("href").is_some_and(|h| target(
            "ke-hoach/2026/269-kh-skhcn/index.html",
            h
        )
            == "ke-hoach/2026/90-kh-ubnd/#nv-ii-7-1")));
    // every task of 269 links to the task of 90 it carries out
    let t269: Vec<&Value> = t.iter().filter(|x| x["plan"] == P269).collect();
    assert!(t269.iter().all(|x| x["implements"]
        .as_str()
        .is_some_and(|s| s.starts_with("90/KH-UBND#"))));
}

#[test]
fn past_deadline_is_not_overdue_without_a_report() {
    let t = tasks();
    let get = |id: &str| {
        t.iter()
            .find(|x| x["url"] == format!("{P90}#nv-{id}"))
            .unwrap()
    };
    // No task of the seeds has a report: a passed deadline says only that.
    assert!(t.iter().all(|x| x["status"].is_null()));
    assert!(
        t.iter().all(|x| x["overdue"] == false),
        "no report, no overdue"
    );
    assert_eq!(get("i-3")["deadline"]["text"], "Quý I/2026");
    assert_eq!(get("i-3")["state"], "past-deadline");
    assert_eq!(
        get("i-7")["state"],
        "no-report",
        "Quý IV/2026 ends 2026-12-31, after 2026-11-20"
    );
    assert_eq!(
        get("i-1")["state"],
        "no-report",
        "Thường xuyên never passes"
    );
    let late = t.iter().filter(|x| x["state"] == "past-deadline").count();
    assert!(late > 0);
    // No page calls a task overdue ("quá hạn" as a badge, a row or a count above zero).
    for e in walkdir::WalkDir::new(site()) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        let doc = Html::parse_document(&html);
        let rel = e.path().strip_prefix(site()).unwrap().display().to_string();
        assert!(
            doc.select(&sel(".badge.overdue, tr[data-s~=overdue]"))
                .next()
                .is_none(),
            "{rel}"
        );
        let text: String = doc.root_element().text().collect();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (i, _) in text.match_indices(" quá hạn") {
            let before = &text[..i];
            let n = before.rsplit(' ').next().unwrap_or("");
            assert!(
                n.parse::<usize>().is_err() || n == "0",
                "{rel}: \"{}\"",
                &text[before.len().saturating_sub(60)..(i + 40).min(text.len())]
            );
        }
    }
    let doc = page("ke-hoach/2026/90-kh-ubnd/index.html");
    let row = doc.select(&sel("tr#nv-i-3")).next().unwrap();
    assert_eq!(row.value().attr("data-s"), Some("past-deadline"));
    assert!(row.select(&sel(".badge.past-deadline")).next().is_some());
    let list = read(site(), "thoi-han/qua-han-chua-bao-cao/index.html");
    assert!(list.contains("90-kh-ubnd/#nv-i-3"));
    assert!(!read(site(), "thoi-han/qua-han/index.html").contains("#nv-"));
    // The home page leads with what is known.
    let home = read(site(), "index.html");
    assert!(home.contains("<strong>0</strong> nhiệm vụ có báo cáo kết quả"));
    assert!(home.contains(&format!(
        "<strong>{late}</strong> nhiệm vụ đã qua thời hạn, chưa có báo cáo"
    )));
}

#[test]
fn a_number_left_blank_is_not_a_draft() {
    let plans = json(site(), "du-lieu/ke-hoach.json");
    let p = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == P1049)
        .unwrap();
    assert_eq!(p["status"], "issued");
    assert_eq!(p["number"], "");
    assert_eq!(p["number_blank"], "…/KH-SKHCN");
    let html = read(
        site(),
        "ke-hoach/2026/skhcn-trien-khai-1049-qd-ubnd/index.html",
    );
    assert!(html.contains("Số: …/KH-SKHCN — chưa ghi số trong văn bản nguồn"));
    assert!(!html.contains("badge plan-draft") && html.contains("badge plan-issued"));
    assert!(!tasks().iter().any(|t| t["state"] == "draft"));
    // The plan whose appendices the source lacks says so.
    let snv = read(site(), "ke-hoach/2025/77-kh-snv/index.html");
    assert!(snv.contains("Văn bản nguồn còn thiếu") && snv.contains("Phụ lục 1–4"));
}

#[test]
fn a_department_answers_for_its_units() {
    let t = tasks();
    let units: Vec<&str> = [
        "so-khcn-van-phong",
        "so-khcn-qlkh",
        "so-khcn-qlcn",
        "so-khcn-cntt",
        "so-khcn-ha-tang-so",
        "so-khcn-tt-dmst",
        "so-khcn-tt-cntt-tt",
        "so-khcn-chi-cuc-tdc",
        "so-khcn-cac-don-vi",
    ]
    .to_vec();
    let by_units = t
        .iter()
        .filter(|x| {
            x["lead"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| units.contains(&b["id"].as_str().unwrap()))
                && !x["lead"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|b| b["id"] == "so-khcn")
        })
        .count();
    assert_eq!(by_units, 51, "what the seeds give Sở KH&CN's units");
    let html = read(site(), "co-quan/so-khcn/index.html");
    assert!(
        html.contains("các đơn vị trực thuộc chủ trì 51</a> (tổng 51)"),
        "{html}"
    );
    assert!(html.contains("Tình hình thực hiện 51 nhiệm vụ do Sở Khoa học và Công nghệ và các đơn vị trực thuộc chủ trì"));
    let list = read(site(), "co-quan/so-khcn/don-vi-chu-tri/index.html");
    assert_eq!(list.matches("<tr ").count(), 51);
    // The two offices named "Văn phòng Sở" are told apart wherever they are named.
    for rel in [
        "co-quan/index.html",
        "tien-do/index.html",
        "ke-hoach/2026/skhcn-trien-khai-04-ctr-ubnd/index.html",
    ] {
        let doc = page(rel);
        let named: Vec<String> = doc
            .select(&sel("a"))
            .filter(|a| {
                a.value()
                    .attr("href")
                    .is_some_and(|h| target(rel, h).starts_with("co-quan/"))
            })
            .map(|a| a.text().collect::<String>())
            .filter(|t| t.starts_with("Văn phòng Sở"))
            .collect();
        assert!(
            !named.is_empty() && named.iter().all(|t| t.contains(" — Sở ")),
            "{rel}: {named:?}"
        );
    }
    let bodies = read(site(), "co-quan/index.html");
    assert!(
        bodies.contains("Văn phòng Sở — Sở Nội vụ")
            && bodies.contains("Văn phòng Sở — Sở Khoa học và Công nghệ")
    );
    // An issuer's page lists what it issued; bodies with nothing to show get no row of zeros.
    let bct = read(site(), "co-quan/bo-chinh-tri/index.html");
    assert!(bct.contains("van-ban/79-nq-tw/") && bct.contains("van-ban/57-nq-tw/"));
    let doc = Html::parse_document(&bodies);
    for row in doc.select(&sel("table.bodies tbody tr")) {
        let nums: Vec<String> = row
            .select(&sel("td"))
            .skip(1)
            .map(|c| c.text().collect::<String>())
            .collect();
        assert!(nums.iter().any(|n| n.trim() != "0"), "{nums:?}");
    }
}

#[test]
fn trust_signals_contacts_favicon() {
    assert!(site().join("favicon.ico").is_file());
    let ico = std::fs::read(site().join("favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO file");
    let home = read(site(), "index.html");
    assert!(home.contains("<address class=\"contact\">Đơn vị chịu trách nhiệm: Sở Khoa học và Công nghệ thành phố Hải Phòng."));
    assert!(read(site(), "tiep-can/index.html").contains("<address class=\"contact\">"));
    // No plan of the seeds has its official file: each page says so rather than link nothing.
    assert!(read(site(), "ke-hoach/2026/90-kh-ubnd/index.html")
        .contains("Trang chưa có tệp văn bản chính thức"));
}

#[test]
fn directive_79_shows_the_chain_down_to_269() {
    let doc = page("van-ban/79-nq-tw/index.html");
    let chain = doc.select(&sel("ul.chain")).next().expect("chain");
    let hrefs: Vec<String> = chain
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .map(|h| target("van-ban/79-nq-tw/index.html", h))
        .collect();
    for want in [
        "van-ban/29-nq-cp/",
        "van-ban/37-kh-tu/",
        "ke-hoach/2026/90-kh-ubnd/",
        "ke-hoach/2026/269-kh-skhcn/",
        "ke-hoach/2026/269-kh-skhcn/#nv-4",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    // 269 sits below 90, which sits below 29/NQ-CP: nesting, not a flat list
    let nested = sel("ul.chain li.chain-doc ul li.chain-plan ul li.chain-plan > a");
    assert!(doc
        .select(&nested)
        .any(|a| a.value().attr("href") == Some("../../ke-hoach/2026/269-kh-skhcn/")));
}

#[test]
fn names_resolve_by_issuer_and_spelling() {
    let t = tasks();
    let lead = |plan: &str, id: &str| {
        let x = t
            .iter()
            .find(|x| x["plan"] == plan && x["id"] == id)
            .unwrap();
        x["lead"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lead(P269, "1"),
        ["so-khcn-van-phong"],
        "Văn phòng Sở in a Sở KHCN plan"
    );
    assert_eq!(lead(P269, "2"), ["so-khcn-tt-cntt-tt"]);
    assert_eq!(lead(P90, "II.6.1"), ["nhnn-kv6", "nhcsxh-hp"]);
    assert_eq!(
        lead(P90, "I.9.3"),
        ["bql-kkt", "cac-so-nganh", "ubnd-cap-xa"]
    );
    let x = t
        .iter()
        .find(|x| x["plan"] == P90 && x["id"] == "II.5.3")
        .unwrap();
    let support: Vec<&str> = x["support"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        support,
        ["so-khcn", "so-tc", "so-nv", "cac-so-nganh"],
        "Sở Khoa học và công nghệ (lower case) is Sở KHCN"
    );
}

#[test]
fn plan_pages_carry_the_document_header_and_links() {
    let doc = page("ke-hoach/2026/90-kh-ubnd/index.html");
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    assert_eq!(doc.select(&sel("html[lang=vi]")).count(), 1);
    assert_eq!(
        doc.select(&sel("table.plan-tasks tbody tr[id^=nv-]"))
            .count(),
        51
    );
    let text = doc.root_element().text().collect::<String>();
    for s in [
        "Số: 90/KH-UBND",
        "ngày 20 tháng 3 năm 2026",
        "Hải Phòng",
        "Lê Trung Kiên",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ] {
        assert!(text.contains(s), "{s}");
    }
    // implemented documents and legal bases are links
    let facts: Vec<&str> = doc
        .select(&sel("dl.facts a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        facts.contains(&"../../../van-ban/29-nq-cp/")
            && facts.contains(&"../../../van-ban/79-nq-tw/"),
        "{facts:?}"
    );
    // "Nghị quyết số 226/2025/QH15" in the body links to its page
    let body_links: Vec<&str> = doc
        .select(&sel(".doc-body a.ref"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        body_links.contains(&"../../../van-ban/226-2025-qh15/"),
        "{body_links:?}"
    );
    // group headings of the appendix
    let groups: Vec<String> = doc
        .select(&sel("tr.group th"))
        .map(|t| t.text().collect())
        .collect();
    assert!(groups.iter().any(|g| g.starts_with("I. Nhiệm vụ chung")));
    assert!(groups
        .iter()
        .any(|g| g.starts_with("9. Tăng cường hoạt động đối thoại")));
    assert!(groups
        .iter()
        .any(|g| g.starts_with("7. Đối với đơn vị sự nghiệp công lập")));
}

#[test]
fn replaced_plan_and_loose_numbers() {
    let plans = json(site(), "du-lieu/ke-hoach.json");
    let p = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "skhcn-trien-khai-04-ctr-ubnd")
        .unwrap();
    assert_eq!(p["number"], "");
    assert_eq!(p["date"], "2026-06");
    assert_eq!(p["status"], "issued", "a number left blank is not a draft");
    assert_eq!(p["replaces"][0]["number"], "160/KH-SKH&CN");
    assert_eq!(p["replaces"][0]["url"], "/van-ban/160-kh-skh-cn/");
    // "Nghị quyết số 226/2025QH15" written loosely in that plan links to 226/2025/QH15
    let html = read(
        site(),
        "ke-hoach/2026/skhcn-trien-khai-04-ctr-ubnd/index.html",
    );
    assert!(html.contains(
        "<a class=\"ref\" href=\"../../../van-ban/226-2025-qh15/\">Nghị quyết số 226/2025QH15</a>"
    ));
    // 77/KH-SNV restored from OCR: diacritics present, no invented tasks
    let p77 = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == "77/KH-SNV")
        .unwrap();
    assert_eq!(p77["date"], "2025");
    assert_eq!(p77["task_count"], 0);
    assert!(p77["title"]
        .as_str()
        .unwrap()
        .contains("đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"));
}

#[test]
fn exports_follow_the_contract() {
    let plans = json(site(), "du-lieu/ke-hoach.json");
    let plans = plans.as_array().unwrap();
    let keys: Vec<&str> = plans[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "number",
        "slug",
        "url",
        "title",
        "type",
        "issuer",
        "date",
        "status",
        "implements",
        "based_on",
        "replaces",
        "task_count",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
    // stable order: date, then number
    let dates: Vec<&str> = plans.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        ["2025", "2026-03-20", "2026-04", "2026-04-22", "2026-06"]
    );
    let t = tasks();
    for k in [
        "plan",
        "id",
        "url",
        "group",
        "title",
        "lead",
        "support",
        "outputs",
        "deadline",
        "implements",
        "status",
        "overdue",
    ] {
        assert!(t[0].get(k).is_some(), "{k}");
    }
    let csv = std::fs::read(site().join("du-lieu/nhiem-vu.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut r = csv::Reader::from_reader(&csv[3..]);
    assert_eq!(r.headers().unwrap().get(0), Some("plan"));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 107);
    let i1 = &rows[t
        .iter()
        .position(|x| x["url"] == format!("{P90}#nv-i-1"))
        .unwrap()];
    assert_eq!(&i1[5], "Sở Văn hóa, Thể thao và Du lịch");
    assert_eq!(&i1[7], "Các Sở, ban, ngành thành phố; UBND xã, phường, đặc khu; Báo và Phát thanh, Truyền hình Hải Phòng; Các cơ quan truyền thông, báo chí trên địa bàn thành phố");
}

/// Every internal link and anchor on every HTML page leads to a file and an element that exist.
#[test]
fn no_broken_internal_links() {
    let root = site();
    let a = sel("a[href], link[href]");
    let mut checked = 0;
    for (rel, bytes) in snapshot(root) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        let dir = Path::new(&rel).parent().unwrap().to_path_buf();
        for el in html.select(&a) {
            let href = el.value().attr("href").unwrap();
            if href.starts_with("http")
                || href.starts_with("mailto:")
                || href.starts_with('?')
                || rel == "404.html"
            {
                continue;
            }
            let (path, frag) = href
                .split_once('#')
                .map_or((href, None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                PathBuf::from(&rel)
            } else {
                let mut t = dir.join(path);
                if path.ends_with('/') || path == "." || path == "./" {
                    t = t.join("index.html");
                }
                t
            };
            let norm: PathBuf = target.components().fold(PathBuf::new(), |mut acc, c| {
                match c {
                    std::path::Component::ParentDir => {
                        acc.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => acc.push(c),
                }
                acc
            });
            let file = root.join(&norm);
            assert!(
                file.is_file(),
                "{rel}: broken link {href} ({})",
                norm.display()
            );
            if let Some(f) = frag.filter(|f| !f.is_empty()) {
                let target_html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
                let s = Selector::parse(&format!("[id=\"{f}\"]")).unwrap();
                assert!(
                    target_html.select(&s).next().is_some(),
                    "{rel}: missing anchor {href}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn no_request_leaves_the_site() {
    for (rel, bytes) in snapshot(site()) {
        if rel.ends_with(".html") || rel.ends_with(".css") || rel.ends_with(".js") {
            let s = String::from_utf8(bytes).unwrap();
            for bad in [
                "<script src=\"http",
                "<link rel=\"stylesheet\" href=\"http",
                "@import",
                "fonts.googleapis",
                "cdn.",
            ] {
                assert!(!s.contains(bad), "{rel} loads {bad}");
            }
        }
    }
}

#[test]
fn builds_are_byte_identical() {
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("public");
    assert_eq!(build(&repo(), &out, &[]).code, 0);
    let (a, b) = (snapshot(site()), snapshot(&out));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between two builds");
    }
}

#[test]
fn base_url_sub_path_in_absolute_urls() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(
        build(
            &repo(),
            &out,
            &["--base-url", "https://portal.example/ke-hoach-so"]
        )
        .code,
        0
    );
    let feed = read(&out, "feed.xml");
    assert!(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://portal.example/ke-hoach-so/ke-hoach/2026/90-kh-ubnd/\"/>"), "{feed}");
    let nf = read(&out, "404.html");
    assert!(
        nf.contains("href=\"/ke-hoach-so/assets/style.css\""),
        "404 links are absolute under the sub-path"
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://portal.example/ke-hoach-so/co-quan/so-tc/</loc>"));
}
