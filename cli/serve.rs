//! `haguide serve`: build, serve the book on localhost, and rebuild when a source changes.
//!
//! Pages get a small script that polls the build number and reloads after a rebuild, so the
//! preview follows the sources without a websocket server.

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const RELOAD_SCRIPT: &str = r#"<script>(function(){let v=null;setInterval(function(){fetch('/__haguide/build').then(r=>r.text()).then(t=>{if(v!==null&&t!==v){location.reload();}v=t;}).catch(function(){});},1000);})();</script>"#;

/// Serves the book at `root` on `addr` until interrupted.
pub fn serve(root: &Path, addr: &str) -> Result<()> {
    let dest = root.join("book");
    let build_no = Arc::new(AtomicU64::new(0));
    rebuild(root, &dest, &build_no);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev
            && !ev.kind.is_access()
        {
            let _ = tx.send(());
        }
    })?;
    for watched in ["src", "snippets", "theme", "book.toml"] {
        let p = root.join(watched);
        if p.exists() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .with_context(|| format!("watching {}", p.display()))?;
        }
    }
    let server = tiny_http::Server::http(addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    eprintln!("Serving the guide on http://{addr}/ (Ctrl-C to stop)");
    let rebuild_root = root.to_path_buf();
    let rebuild_dest = dest.clone();
    let rebuild_no = build_no.clone();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // Editors write several events per save; wait for them to settle.
            std::thread::sleep(Duration::from_millis(300));
            while rx.try_recv().is_ok() {}
            rebuild(&rebuild_root, &rebuild_dest, &rebuild_no);
        }
    });
    for request in server.incoming_requests() {
        let response = respond(&dest, request.url(), build_no.load(Ordering::SeqCst));
        let _ = request.respond(response);
    }
    Ok(())
}

fn rebuild(root: &Path, dest: &Path, build_no: &AtomicU64) {
    match crate::book::build(root, Some(dest)) {
        Ok(_) => {
            let n = build_no.fetch_add(1, Ordering::SeqCst) + 1;
            eprintln!("build {n}: ok");
        }
        Err(e) => eprintln!("build failed (the preview keeps the last good build):\n{e:#}"),
    }
}

fn respond(dest: &Path, url: &str, build_no: u64) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == "/__haguide/build" {
        return tiny_http::Response::from_string(build_no.to_string());
    }
    let Some(file) = resolve(dest, path) else {
        return tiny_http::Response::from_string("not found").with_status_code(404);
    };
    let Ok(mut body) = std::fs::read(&file) else {
        return tiny_http::Response::from_string("not found").with_status_code(404);
    };
    let mime = mime_of(&file);
    if mime.starts_with("text/html") {
        let text =
            String::from_utf8_lossy(&body).replace("</body>", &format!("{RELOAD_SCRIPT}</body>"));
        body = text.into_bytes();
    }
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], mime.as_bytes());
    let response = tiny_http::Response::from_data(body);
    match header {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// Maps a URL path to a file under `dest`, refusing anything that climbs out of it.
fn resolve(dest: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = url_path.trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return None;
    }
    let mut p = dest.join(rel);
    if p.is_dir() {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
}

fn mime_of(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}
