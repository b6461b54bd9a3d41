//! `kehoach serve`: builds the site, serves it on 127.0.0.1, watches site.yaml, content/ and
//! themes/, rebuilds on save and reloads open browser tabs over server-sent events. A save that
//! breaks the build keeps the last good site served and shows the errors as a banner in the
//! browser and in the terminal; fixing the file clears them.

mod files;

use crate::diag::Severity;
use crate::pipeline::live::Session;
use crate::pipeline::{BuildError, BuildOptions};
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub output: Option<PathBuf>,
    pub as_of: Option<NaiveDate>,
    /// Print the files each rebuild wrote, and its stage times.
    pub verbose: bool,
}

#[derive(Clone, Debug)]
enum Msg {
    Reload,
    Failed(String),
}

struct Shared {
    out: PathBuf,
    tx: broadcast::Sender<Msg>,
    /// The errors of the last build when it failed; shown to every new page.
    error: Mutex<Option<String>>,
}

const RELOAD_JS: &str = include_str!("reload.js");

/// Runs a rebuild (of the `changed` paths only, when known) and turns its failure into the
/// text shown in terminal and banner.
/// Also says whether any file was written or removed.
fn rebuild(
    session: &mut Session,
    root: &Path,
    changed: Option<&[PathBuf]>,
    verbose: bool,
) -> Result<(String, bool), String> {
    match session.rebuild_changed(changed) {
        Ok(r) => {
            let touched = r.full || !r.written.is_empty() || !r.removed.is_empty();
            let ms = r.elapsed.as_secs_f64() * 1000.0;
            let mut msg = if r.full {
                format!("Đã tạo {} tệp trong {ms:.0} ms", r.rendered)
            } else {
                format!(
                    "Đã tạo lại {} tệp, ghi {} tệp thay đổi, xóa {} tệp trong {ms:.0} ms",
                    r.rendered,
                    r.written.len(),
                    r.removed.len()
                )
            };
            msg.push_str(&format!(" ({} cảnh báo).", r.warnings));
            if verbose {
                let t = &r.timings;
                let resolved = match r.reresolved {
                    Some(n) => format!(" ({n} kế hoạch)"),
                    None => String::new(),
                };
                let listed = match r.listed_all && !r.full {
                    true => " (liệt kê lại mọi tệp kế hoạch)",
                    false => "",
                };
                msg.push_str(&format!(
                    "\n  đọc {:.0} ms{listed}, phân giải{resolved} {:.0} ms, lập chỉ mục {:.0} ms, tạo và ghi {:.0} ms",
                    t.load.as_secs_f64() * 1000.0,
                    t.resolve.as_secs_f64() * 1000.0,
                    t.index.as_secs_f64() * 1000.0,
                    t.render.as_secs_f64() * 1000.0
                ));
                if !r.steps.is_empty() {
                    let steps: Vec<String> = r
                        .steps
                        .iter()
                        .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
                        .collect();
                    msg.push_str(&format!(" ({})", steps.join(", ")));
                }
                for f in &r.written {
                    msg.push_str(&format!("\n  ghi {f}"));
                }
                for f in &r.removed {
                    msg.push_str(&format!("\n  xóa {f}"));
                }
            }
            Ok((msg, touched))
        }
        Err(BuildError::Content(diags) | BuildError::Strict(diags)) => {
            let mut errors: Vec<_> = diags
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            crate::diag::show_lines(&mut errors, root);
            Err(errors
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"))
        }
        Err(BuildError::Other(msgs)) => Err(msgs.join("\n")),
    }
}

/// Writes the whole-site data files a rebuild left for after the reload, until a new edit
/// arrives. Returns whether one did.
fn finish(session: &mut Session, verbose: bool, edited: &mut dyn FnMut() -> bool) -> bool {
    let start = Instant::now();
    match session.finish_until(edited) {
        Ok((written, stopped)) => {
            if verbose && !written.is_empty() {
                println!(
                    "  dữ liệu toàn trang: {} tệp trong {} ms{}",
                    written.len(),
                    start.elapsed().as_millis(),
                    if stopped {
                        " (dừng: có sửa đổi mới)"
                    } else {
                        ""
                    }
                );
            }
            stopped
        }
        Err(BuildError::Other(m)) => {
            eprintln!("{}", m.join("\n"));
            false
        }
        Err(BuildError::Content(_) | BuildError::Strict(_)) => false,
    }
}

/// Each open connection is a file descriptor; the usual soft limit of 1,024 would refuse a
/// browser's burst plus a load test. Raise it to what the system allows.
fn raise_open_files() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain calls with a valid pointer to a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max.min(65_536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

pub fn serve(opts: ServeOptions) -> Result<(), String> {
    // The watcher reports whole paths: taken against a root as given (`.` by default), none
    // of them would be found under it, and every save would list every plan file again. The
    // folders watched are named from the same root.
    let root = (opts.root.canonicalize())
        .or_else(|_| std::path::absolute(&opts.root))
        .unwrap_or_else(|_| opts.root.clone());
    if !root.join(crate::content::SITE).is_file() {
        return Err(format!("không tìm thấy site.yaml trong {}: chạy lệnh trong thư mục của trang, hoặc chỉ rõ bằng --root", root.display()));
    }
    let addr: SocketAddr = format!("{}:{}", opts.bind, opts.port)
        .parse()
        .map_err(|_| {
            format!(
                "địa chỉ `{}` không hợp lệ; ví dụ --bind 127.0.0.1",
                opts.bind
            )
        })?;
    // Bind before building, so a port in use is reported at once.
    let listener = std::net::TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "cổng {} đang được chương trình khác dùng; chọn cổng khác bằng --port",
            opts.port
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "không được phép mở cổng {}; chọn cổng lớn hơn 1024 bằng --port",
            opts.port
        ),
        _ => format!("không mở được {addr}: {e}"),
    })?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    raise_open_files();
    // std listens with a backlog of 128: a burst of connections beyond it is reset. Listening
    // again on the same socket raises it (capped by the system's somaxconn).
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a valid listening socket of ours; listen only changes its queue length.
        unsafe { libc::listen(listener.as_raw_fd(), 4096) };
    }
    let out = match &opts.output {
        Some(o) => o.clone(),
        None => std::env::temp_dir()
            .join(format!("kehoach-serve-{}", std::process::id()))
            .join("public"),
    };
    let shown = if opts.bind == "0.0.0.0" {
        "127.0.0.1".to_string()
    } else {
        opts.bind.clone()
    };
    let build_opts = BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        as_of: opts.as_of,
        base_url: Some(format!("http://{shown}:{}/", opts.port)),
        strict: false,
        // A preview folder of the staff member's own: whatever the content holds is shown.
        allow_shrink: true,
        force: true,
    };
    let (tx, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        out: out.clone(),
        tx,
        error: Mutex::new(None),
    });
    let mut session = Session::new(build_opts);
    match rebuild(&mut session, &root, None, opts.verbose) {
        Ok((msg, _)) => println!("{msg}"),
        Err(e) => {
            eprintln!("{e}\n");
            *shared.error.lock().unwrap() = Some(e);
        }
    }
    println!(
        "Đang phục vụ trang tại http://{shown}:{}/ (Ctrl+C để dừng)",
        opts.port
    );
    watch(root, session, opts.verbose, shared.clone())?;

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        let app = Router::new()
            .route("/__kehoach/events", get(events))
            .route(
                "/__kehoach/reload.js",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                        RELOAD_JS,
                    )
                }),
            )
            .fallback(get(page))
            .with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| e.to_string())
    });
    if opts.output.is_none() {
        let _ = std::fs::remove_dir_all(out.parent().unwrap_or(&out));
    }
    result
}

/// Watches the site's sources on a thread of its own; each burst of changes is one rebuild.
fn watch(
    root: PathBuf,
    mut session: Session,
    verbose: bool,
    shared: Arc<Shared>,
) -> Result<(), String> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<notify::Event>();
    // What is watched: site.yaml, and the folders of sources as a whole. The site's own folder
    // is watched alone too, so that a source folder made while serving (themes/, to override
    // a template) is seen; of what happens there, only those names count (the output folder
    // is often there, and a full build swaps it).
    let sources = ["site.yaml", "content", "themes"].map(|n| root.join(n));
    let source = sources.clone();
    let top = root.clone();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        match ev {
            Ok(ev) if matches!(ev.kind, notify::EventKind::Access(_)) => {}
            Ok(ev)
                if !ev.paths.is_empty()
                    && ev
                        .paths
                        .iter()
                        .all(|p| p.parent() == Some(top.as_path()) && !source.contains(p)) => {}
            Ok(ev) => {
                let _ = tx.send(ev);
            }
            // An error may mean lost events: the next rebuild looks at every file.
            Err(_) => {
                let _ = tx.send(notify::Event::default().set_flag(notify::event::Flag::Rescan));
            }
        }
    })
    .map_err(|e| format!("không theo dõi được thư mục: {e}"))?;
    let mut unwatched = Vec::new();
    for p in sources {
        if p.exists() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| format!("không theo dõi được {}: {e}", p.display()))?;
        } else {
            unwatched.push(p);
        }
    }
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("không theo dõi được {}: {e}", root.display()))?;
    std::thread::spawn(move || {
        // The paths changed since the last rebuild; None when every file must be looked at:
        // at first, since a save may have come between the first build and the watcher's
        // start (that look is taken at once, not at the first save), and after lost events.
        let mut changed: Option<Vec<PathBuf>> = None;
        let add = |changed: &mut Option<Vec<PathBuf>>, ev: notify::Event| {
            if ev.need_rescan() || ev.paths.is_empty() {
                *changed = None;
                return;
            }
            if let Some(c) = changed {
                c.extend(ev.paths);
            }
        };
        // True when an edit arrived while the data files of the last one were being written,
        // and at first.
        let mut waiting = true;
        let mut checking = true;
        loop {
            if !waiting {
                match rx.recv() {
                    Ok(ev) => add(&mut changed, ev),
                    Err(_) => return,
                }
            }
            // Editors save in several steps, within a millisecond or two of one another;
            // wait until the burst is over.
            while let Ok(ev) = rx.recv_timeout(Duration::from_millis(8)) {
                add(&mut changed, ev);
            }
            // A source folder made since: watched from now on, and every file looked at (some
            // may have come before the watch).
            for p in std::mem::take(&mut unwatched) {
                if p.exists() && watcher.watch(&p, RecursiveMode::Recursive).is_ok() {
                    changed = None;
                } else {
                    unwatched.push(p);
                }
            }
            waiting = false;
            let result = rebuild(&mut session, &root, changed.as_deref(), verbose);
            changed = Some(Vec::new());
            let first = std::mem::take(&mut checking);
            match result {
                // The first look found the site as built: nothing to say.
                Ok((_, false)) if first => {}
                Ok((msg, touched)) => {
                    // A save that changed no file (a folder made, a file saved as it was)
                    // reloads no page, unless a page shows the last build's errors.
                    let was_failing = shared.error.lock().unwrap().take().is_some();
                    if touched || was_failing {
                        let _ = shared.tx.send(Msg::Reload);
                    }
                    println!("{msg}");
                    let mut next = Vec::new();
                    waiting = finish(&mut session, verbose, &mut || match rx.try_recv() {
                        Ok(ev) => {
                            next.push(ev);
                            true
                        }
                        Err(_) => false,
                    });
                    for ev in next {
                        add(&mut changed, ev);
                    }
                }
                // The first build failed and still does alike: its errors are shown already.
                // (A save during the first look, after a good first build, is announced.)
                Err(e) if first && shared.error.lock().unwrap().as_deref() == Some(e.as_str()) => {}
                Err(e) => {
                    eprintln!("\n{e}\nTrang đang phục vụ vẫn là bản tạo thành công gần nhất.\n");
                    *shared.error.lock().unwrap() = Some(e.clone());
                    let _ = shared.tx.send(Msg::Failed(e));
                }
            }
        }
    });
    Ok(())
}

async fn events(State(s): State<Arc<Shared>>) -> impl IntoResponse {
    let rx = s.tx.subscribe();
    // Every event carries data: browsers drop an event whose data is empty (HTML, "dispatch
    // the event"), so `reload` and `ok` would never fire.
    let first = Some(match s.error.lock().unwrap().clone() {
        Some(e) => Event::default().event("failed").data(e),
        None => Event::default().event("ok").data("ok"),
    });
    let stream = futures_util::stream::unfold((rx, first), |(mut rx, first)| async move {
        if let Some(ev) = first {
            return Some((Ok::<Event, Infallible>(ev), (rx, None)));
        }
        loop {
            match rx.recv().await {
                Ok(Msg::Reload) => {
                    return Some((
                        Ok(Event::default().event("reload").data("reload")),
                        (rx, None),
                    ))
                }
                Ok(Msg::Failed(e)) => {
                    return Some((Ok(Event::default().event("failed").data(e)), (rx, None)))
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn page(State(s): State<Arc<Shared>>, uri: Uri) -> Response {
    let out = s.out.clone();
    let error = s.error.lock().unwrap().clone();
    let path = uri.path().to_string();
    tokio::task::spawn_blocking(move || files::respond(&out, &path, error.as_deref()))
        .await
        .unwrap_or_else(|_| (StatusCode::INTERNAL_SERVER_ERROR, "lỗi máy chủ").into_response())
}
