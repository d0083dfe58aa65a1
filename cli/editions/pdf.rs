//! The PDF edition: the HTML book built with the edition's selection, its print page printed by
//! headless Chromium (Debian's `chromium-headless-shell`).
//!
//! Chromium gives what the PDF needs without a LaTeX stack: `--generate-pdf-document-outline`
//! turns the headings into bookmarks, links inside print.html become links inside the PDF, and
//! CSS `@page` margin boxes (Chromium 131 and later) put page numbers in the footer. The print
//! rules live in theme/print-edition.css, which only edition builds get.

use super::{Edition, Stamp};
use anyhow::{Context, Result, bail};
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The print rules of the editions, inlined into their print page only (the web book never
/// sees them).
pub const PRINT_CSS: &str = include_str!("../../theme/print-edition.css");

/// Chromium binaries tried in order when `HAGUIDE_CHROMIUM` is not set. The headless shell
/// comes first: it is smaller and made for this.
const CANDIDATES: &[&str] = &[
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
];

/// How long one print may take before it is taken as hung. The whole guide takes seconds.
const PRINT_LIMIT: Duration = Duration::from_secs(600);

/// Finds headless Chromium: `HAGUIDE_CHROMIUM`, or the first of [`CANDIDATES`] on PATH.
pub fn find_chromium() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("HAGUIDE_CHROMIUM") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        bail!("HAGUIDE_CHROMIUM is {}, which is not a file", p.display());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in CANDIDATES {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "no headless Chromium found (looked for {} on PATH, or set HAGUIDE_CHROMIUM): the PDF editions need Debian's `chromium-headless-shell` package; `bash ci/install-edition-tools.sh` installs it",
        CANDIDATES.join(", ")
    )
}

/// Puts the title page at the top of the first chapter, so it opens the print page. Registered
/// only for edition builds.
struct TitlePage(String);

impl Preprocessor for TitlePage {
    fn name(&self) -> &str {
        "haguide-edition-title"
    }

    fn run(&self, _: &PreprocessorContext, mut book: Book) -> Result<Book> {
        for item in &mut book.items {
            if let BookItem::Chapter(ch) = item
                && ch.path.is_some()
            {
                // A blank line ends the HTML block, so the chapter's Markdown is read as before.
                ch.content.insert_str(0, &format!("{}\n\n", self.0));
                break;
            }
        }
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html")
    }
}

/// Builds the PDF of `edition` into `out` with `chromium`; returns its number of pages.
pub fn build(root: &Path, edition: &Edition, chromium: &Path, out: &Path) -> Result<usize> {
    let work = tempfile::Builder::new()
        .prefix("haguide-edition-")
        .tempdir()
        .context("creating a temporary directory for the edition's HTML")?;
    let print = build_html(root, edition, &work.path().join("html"))?;
    let dir = out.parent().unwrap_or(Path::new("."));
    // Printed next to the target and renamed once checked, so a failed run leaves no half PDF.
    let tmp = tempfile::Builder::new()
        .prefix(".haguide-")
        .suffix(".pdf")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    print_pdf(chromium, &print, tmp.path(), &work.path().join("profile"))?;
    let bytes = std::fs::read(tmp.path())
        .with_context(|| format!("reading the PDF Chromium wrote ({})", tmp.path().display()))?;
    if !bytes.starts_with(b"%PDF-") {
        bail!("{} printed something that is not a PDF", chromium.display());
    }
    if !contains(&bytes, b"/Outlines") {
        bail!(
            "the PDF has no outline (bookmarks): {} does not support --generate-pdf-document-outline; install Debian's chromium-headless-shell (bash ci/install-edition-tools.sh)",
            chromium.display()
        );
    }
    let pages = count_pages(&bytes);
    super::publish(tmp, out)?;
    Ok(pages)
}

/// Builds the edition's HTML into `dest` and returns its print page, with the title page and
/// the print rules in it.
pub fn build_html(root: &Path, edition: &Edition, dest: &Path) -> Result<PathBuf> {
    let mut md = super::load_edition(root, edition)?;
    let stamp = Stamp::of(&md, root);
    md.with_preprocessor(TitlePage(super::title_page(&stamp, edition)));
    md.config.build.build_dir = dest.to_path_buf();
    let set = |md: &mut mdbook_driver::MDBook, key: &str, value: toml::Value| {
        md.config
            .set(key, value)
            .with_context(|| format!("setting {key} for the edition build"))
    };
    // The print page is the edition; the page scripts of the web book (variant switcher,
    // deployment panel) have nothing to do in print, and without them every variant the
    // selection keeps shows labelled, as the theme intends for no-JavaScript readers.
    set(
        &mut md,
        "output.html.additional-js",
        toml::Value::Array(Vec::new()),
    )?;
    set(
        &mut md,
        "output.html.print.enable",
        toml::Value::Boolean(true),
    )?;
    // Nobody searches a PDF; the index is the slowest part of an HTML build.
    set(
        &mut md,
        "output.html.search.enable",
        toml::Value::Boolean(false),
    )?;
    md.build()
        .with_context(|| format!("building the HTML of the {}", edition.name()))?;
    let print = md.build_dir_for("html").join("print.html");
    let html = std::fs::read_to_string(&print).with_context(|| {
        format!(
            "reading {} (is [output.html.print] disabled?)",
            print.display()
        )
    })?;
    // The document title is the PDF's title in a reader's window and its file properties.
    let html = match (html.find("<title>"), html.find("</title>")) {
        (Some(start), Some(end)) if start < end => format!(
            "{}<title>{} — {}</title>{}",
            &html[..start],
            super::xhtml::escape_text(&stamp.title),
            super::xhtml::escape_text(&edition.name()),
            &html[end + "</title>".len()..]
        ),
        _ => html,
    };
    let Some(head_end) = html.find("</head>") else {
        bail!("{} has no </head>", print.display());
    };
    let mut with_css = String::with_capacity(html.len() + PRINT_CSS.len() + 64);
    with_css.push_str(&html[..head_end]);
    with_css.push_str("<style id=\"haguide-print-edition\">\n");
    with_css.push_str(PRINT_CSS);
    with_css.push_str("</style>\n");
    with_css.push_str(&html[head_end..]);
    std::fs::write(&print, with_css).with_context(|| format!("writing {}", print.display()))?;
    Ok(print)
}

/// Prints `page` to `pdf` with headless Chromium.
fn print_pdf(chromium: &Path, page: &Path, pdf: &Path, profile: &Path) -> Result<()> {
    let page = std::path::absolute(page).context("locating the print page")?;
    let pdf = std::path::absolute(pdf).context("locating the PDF")?;
    let log_path = profile.with_extension("log");
    std::fs::create_dir_all(profile).context("creating Chromium's profile directory")?;
    let log = std::fs::File::create(&log_path).context("creating Chromium's log")?;
    let log_err = log.try_clone().context("sharing Chromium's log")?;
    let mut cmd = Command::new(chromium);
    let is_shell = chromium
        .file_name()
        .is_some_and(|n| n.to_string_lossy().contains("headless-shell"));
    if !is_shell {
        cmd.arg("--headless");
    }
    cmd.args([
        // Chromium refuses to run as root with its sandbox; CI and containers run as root, and
        // the page is our own, from a local file.
        "--no-sandbox",
        "--disable-gpu",
        // Containers often give /dev/shm 64 MB, too little for a few hundred pages.
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
    ])
    // Its own profile: another Chromium (the browser tests) may be running at the same time.
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(file_url(&page))
    .stdin(Stdio::null())
    .stdout(log)
    .stderr(log_err);
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", chromium.display()))?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("waiting for Chromium")? {
            break status;
        }
        if start.elapsed() > PRINT_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{} did not finish printing within {} s",
                chromium.display(),
                PRINT_LIMIT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let written = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    if !status.success() || written == 0 {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        bail!(
            "{} failed to print {} ({status}):\n{}",
            chromium.display(),
            page.display(),
            log.trim_end()
        );
    }
    Ok(())
}

/// A `file://` URL for an absolute path, with the bytes a URL path cannot hold percent-encoded.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// The number of page objects (`/Type /Page`, not `/Pages`): Chromium (Skia) writes every page
/// as a plain object, so counting them needs no PDF library.
pub fn count_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = find(&pdf[i..], b"/Type") {
        let mut j = i + at + b"/Type".len();
        while pdf.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page") && !pdf.get(j + 5).is_some_and(u8::is_ascii_alphabetic) {
            n += 1;
        }
        i = j;
    }
    n
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_without_the_tree() {
        let pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>>\n2 0 obj <</Type /Page>>\n3 0 obj <</Type/Page /Parent 1 0 R>>";
        assert_eq!(count_pages(pdf), 2);
    }

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/print.html")),
            "file:///tmp/a%20b/print.html"
        );
    }
}
