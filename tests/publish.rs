//! The published site as a portal serves it: the shipped site built for a sub-path, served by
//! a real nginx (Debian's package; `.ci/run` installs it) under `/ke-hoach-so/`, crawled from
//! its home page. Zero 404s, every HTML page reached, every task anchor linked to present on
//! its page, and every canonical URL under `base_url`.

mod common;
use common::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const PREFIX: &str = "/ke-hoach-so/";
const BASE: &str = "https://portal.example/ke-hoach-so/";

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn nginx(dir: &Path, port: u16) -> Nginx {
    let bin = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("nginx not found: install it (`apt-get install nginx-light`); .ci/run does this");
    let conf = dir.join("nginx.conf");
    // The configuration a portal would use for a site in a subfolder (see docs/deploy.md).
    std::fs::write(
        &conf,
        format!(
            r#"daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    gzip on;
    gzip_types application/json application/xml text/css text/javascript text/calendar;
    client_body_temp_path {dir}/tmp;
    proxy_temp_path {dir}/tmp;
    fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp;
    scgi_temp_path {dir}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        location {PREFIX} {{
            index index.html;
            error_page 404 {PREFIX}404.html;
        }}
    }}
}}
"#,
            dir = dir.display()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    let child = Command::new(bin)
        .args(["-c", conf.to_str().unwrap(), "-p", dir.to_str().unwrap()])
        .spawn()
        .unwrap();
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx(child)
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(buf.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&buf[..end]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf[end..].to_vec())
}

/// Joins a link to the folder of the page it is on, as a browser does; None for other sites.
fn join(page: &str, link: &str) -> Option<(String, Option<String>)> {
    if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
        return None;
    }
    let (link, frag) = match link.split_once('#') {
        Some((a, b)) => (a, Some(b.to_string())),
        None => (link, None),
    };
    let link = link.split('?').next().unwrap_or("");
    if link.is_empty() {
        return Some((page.to_string(), frag));
    }
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if link.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    Some((out, frag))
}

#[test]
fn the_site_under_a_sub_path_of_nginx_has_no_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("www/ke-hoach-so");
    let run = build(&repo(), &site, &["--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let port = free_port();
    let _server = nginx(dir.path(), port);

    let a = Selector::parse("a[href], link[href]").unwrap();
    let src = Selector::parse("script[src]").unwrap();
    let ids = Selector::parse("[id]").unwrap();
    let canonical = Selector::parse("link[rel=canonical]").unwrap();

    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    queue.push_back((PREFIX.to_string(), "(start)".to_string()));
    seen.insert(PREFIX.to_string());
    let mut broken: Vec<String> = Vec::new();
    let mut anchors: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut page_ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages = 0;
    while let Some((path, from)) = queue.pop_front() {
        let (status, body) = get(port, &path);
        if status != 200 {
            broken.push(format!("{path} ({status}), linked from {from}"));
            continue;
        }
        let is_html = path.ends_with('/') || path.ends_with(".html");
        if !is_html {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&String::from_utf8_lossy(&body));
        page_ids.insert(
            path.clone(),
            doc.select(&ids)
                .filter_map(|e| e.value().attr("id").map(String::from))
                .collect(),
        );
        for c in doc.select(&canonical) {
            let href = c.value().attr("href").unwrap_or("");
            let want = format!("{BASE}{}", path.trim_start_matches(PREFIX));
            if href != want {
                broken.push(format!("{path}: canonical {href}, want {want}"));
            }
        }
        let links = doc
            .select(&a)
            .filter_map(|e| e.value().attr("href"))
            .chain(doc.select(&src).filter_map(|e| e.value().attr("src")));
        for href in links {
            let Some((target, frag)) = join(&path, href) else {
                // Absolute links to this site must use base_url.
                if href.starts_with("http") && href.contains("portal.example") {
                    assert!(href.starts_with(BASE), "{path}: {href} is outside base_url");
                }
                continue;
            };
            if !target.starts_with(PREFIX) {
                broken.push(format!("{path}: `{href}` leaves {PREFIX}"));
                continue;
            }
            if let Some(f) = frag.filter(|f| f.starts_with("nv-")) {
                anchors
                    .entry(target.clone())
                    .or_default()
                    .push((f, path.clone()));
            }
            if seen.insert(target.clone()) {
                queue.push_back((target, path.clone()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    let mut missing = Vec::new();
    for (page, list) in &anchors {
        for (f, from) in list {
            if !page_ids.get(page).is_some_and(|ids| ids.contains(f)) {
                missing.push(format!("{page}#{f} (from {from})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing anchors:\n{}",
        missing.join("\n")
    );

    // Every HTML page the build wrote was reached (the 404 page is reached by a miss).
    let mut unreached = Vec::new();
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let url = format!("{PREFIX}{}", rel.trim_end_matches("index.html"));
        if !seen.contains(&url) {
            unreached.push(url);
        }
    }
    assert!(
        unreached.is_empty(),
        "pages no link leads to:\n{}",
        unreached.join("\n")
    );
    let (status, body) = get(port, &format!("{PREFIX}khong-co/"));
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Không tìm thấy"));
    eprintln!(
        "crawled {pages} pages, {} URLs, {} anchors",
        seen.len(),
        anchors.values().map(Vec::len).sum::<usize>()
    );
    assert!(pages > 50, "only {pages} pages crawled");
}

/// Entry ids of every feed of a build, by feed file; each feed parsed as Atom.
fn feeds(site: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(site) {
        let e = e.unwrap();
        if e.file_name() != "feed.xml" {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(e.path()).unwrap();
        let feed: atom_syndication::Feed = text
            .parse()
            .unwrap_or_else(|err| panic!("{rel} is not valid Atom: {err}"));
        assert!(!feed.title().is_empty(), "{rel}: no title");
        assert_eq!(feed.id(), format!("{BASE}{rel}"), "{rel}: feed id");
        let ids: Vec<String> = feed.entries().iter().map(|x| x.id().to_string()).collect();
        for x in feed.entries() {
            assert!(x.id().starts_with(BASE), "{rel}: entry id {}", x.id());
            assert!(!x.title().is_empty(), "{rel}: an entry without title");
            assert_eq!(x.links().len(), 1, "{rel}: {}", x.id());
        }
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{rel}: repeated entry ids");
        out.insert(rel, ids);
    }
    out
}

/// UIDs of every calendar of a build, by file; each calendar parsed per RFC 5545.
fn calendars(site: &Path) -> BTreeMap<String, Vec<String>> {
    use icalendar::{CalendarComponent, Component};
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(site.join("lich")).unwrap() {
        let e = e.unwrap();
        let rel = format!("lich/{}", e.file_name().to_string_lossy());
        let text = std::fs::read_to_string(e.path()).unwrap();
        let cal: icalendar::Calendar = text
            .parse()
            .unwrap_or_else(|err| panic!("{rel} is not valid iCalendar: {err}"));
        let mut uids = Vec::new();
        for c in &cal.components {
            let CalendarComponent::Event(ev) = c else {
                continue;
            };
            let uid = ev
                .get_uid()
                .unwrap_or_else(|| panic!("{rel}: event without UID"));
            let (Some(start), Some(end)) = (ev.get_start(), ev.get_end()) else {
                panic!("{rel}: {uid} has no start or end");
            };
            let day = |d: icalendar::DatePerhapsTime| match d {
                icalendar::DatePerhapsTime::Date(d) => d,
                other => panic!("{rel}: {uid} is not all-day: {other:?}"),
            };
            assert!(day(start) < day(end), "{rel}: {uid} ends before it starts");
            assert!(ev.get_summary().is_some(), "{rel}: {uid} has no summary");
            uids.push(uid.to_string());
        }
        out.insert(rel, uids);
    }
    out
}

#[test]
fn feeds_and_calendars_are_valid_and_keep_their_ids_from_build_to_build() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let run = build(&repo(), &a, &["--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A later build (another as_of date) of the same content: ids must not move.
    let run = kehoach(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        b.to_str().unwrap(),
        "--as-of",
        "2027-01-15",
        "--base-url",
        BASE,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let (fa, fb) = (feeds(&a), feeds(&b));
    assert_eq!(fa, fb, "feed entry ids changed between builds");
    assert!(fa.contains_key("feed.xml"));
    // A citizen follows a body and a directive.
    let tc = &fa["co-quan/so-tc/feed.xml"];
    assert!(
        tc.contains(&format!("{BASE}ke-hoach/2026/90-kh-ubnd/")),
        "{tc:?}"
    );
    let nq79 = &fa["van-ban/79-nq-tw/feed.xml"];
    for p in ["ke-hoach/2026/90-kh-ubnd/", "ke-hoach/2026/269-kh-skhcn/"] {
        assert!(
            nq79.contains(&format!("{BASE}{p}")),
            "79-NQ/TW feed lacks {p}: {nq79:?}"
        );
    }

    let (ca, cb) = (calendars(&a), calendars(&b));
    assert_eq!(ca, cb, "calendar UIDs changed between builds");
    let all = &ca["lich/tat-ca.ics"];
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "tat-ca.ics repeats a task");
    // Every event of a body's calendar is in the whole-site calendar, under the same UID.
    for (f, uids) in &ca {
        for u in uids {
            assert!(unique.contains(u), "{f}: {u} is not in tat-ca.ics");
        }
    }
    // Every dated task of the export is there.
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("du-lieu/nhiem-vu.json")).unwrap())
            .unwrap();
    let dated = tasks
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !t["deadline"]["to"].is_null())
        .count();
    assert_eq!(all.len(), dated, "tat-ca.ics has every dated task once");
}
