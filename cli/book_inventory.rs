//! `objects.inv` for the built book, so that Sphinx projects (the OpenStack service guides) can
//! link into the HA Guide with intersphinx: `:doc:` for every chapter page and `:ref:` for every
//! heading and explicit anchor in it.
//!
//! What goes in (all with priority -1, "never shown in search", as Sphinx gives its own std
//! labels and documents):
//!
//! * `std:doc`: one per chapter page, named after its path without the extension
//!   (`infrastructure/pacemaker-corosync`), titled with the chapter's name in SUMMARY.md.
//! * `std:label`: every heading `id` in the page's `<main>` (mdbook 0.5 writes
//!   `<h2 id="x"><a class="header" href="#x">Text</a></h2>`, and the same for the terms `<dt>` of
//!   definition lists), titled with the heading's text;
//!   and every other element with an `id` there (the snippet figures, `<a id>` anchors), titled
//!   with its caption (`figcaption`, table `caption`) or `title` attribute, else left as `-`.
//!
//! The labels are read from the HTML that mdbook wrote, not from the Markdown, because the HTML
//! is what the links land on: the ids there are the ones mdbook made unique, the ones custom
//! `{#id}` headings set, and the ones preprocessors inserted.
//!
//! # Why html5gum
//!
//! The pages are read with `html5gum`, a WHATWG-conformant tokenizer with no dependencies of its
//! own. A tokenizer is the right level here: we need start and end tags, attributes and text,
//! with character references decoded the way a browser decodes them (`&amp;`, `&#x27;`, `&rsquo;`
//! in headings) and `<script>`/`<style>` contents kept out of the text, which the tokenizer's
//! state switching does, and byte offsets of every tag and attribute value, which the link check
//! (`linkcheck.rs`, same crate) turns into line numbers. A DOM (html5ever, `tl`) would build a
//! tree we only walk once, and `tl` is not a standard tokenizer; `lol_html` reads as well as
//! html5gum but is a streaming *rewriter* driven by CSS selectors and callbacks, with a selector
//! engine, encoding tables and eleven dependencies we would not use.
//! mdbook's output closes every element whose nesting matters to us (`main`, `h1`-`h6`, `dt`,
//! `figure`, `figcaption`, `table`, `caption`, `ol`), so counting start and end tags is exact;
//! for `dt`, whose end tag HTML lets authors omit, the next `dt`, `dd` or `</dl>` ends it too.

use anyhow::{Context, Result, bail};
use haguide_inventory::{Entry, Inventory, pystr};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use mdbook_driver::MDBook;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The version written into the inventory header (`# Version:`): the OpenStack release the guide
/// is written for. Intersphinx shows it in link tooltips ("in OpenStack High Availability Guide
/// v2026.2").
pub const VERSION: &str = "2026.2";

/// The prefix of the anchors the snippet preprocessor gives each snippet block.
const SNIPPET_ANCHOR_PREFIX: &str = "snippet-";

/// A chapter page of the built book, in SUMMARY.md order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page's path in the built book, with `/` separators: `infrastructure/vip-haproxy.html`.
    pub html_path: String,
    /// The chapter's name in SUMMARY.md.
    pub title: String,
}

/// A label that two places define; objects.inv keeps the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateLabel {
    /// The label as found (an `id`).
    pub name: String,
    /// Where the label in objects.inv points (`page.html#id`).
    pub kept: String,
    /// The later place with the same label (or one differing only in case), left out.
    pub dropped: String,
}

impl fmt::Display for DuplicateLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "label `{}` at {} is not in objects.inv: `{}` already names {}, which comes first in \
             SUMMARY.md; give one of them an explicit id ({{#...}}) to link both from Sphinx",
            self.name, self.dropped, self.name, self.kept
        )
    }
}

/// What [`write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The objects.inv file.
    pub path: PathBuf,
    /// How many entries it holds.
    pub entries: usize,
    /// Labels left out because an earlier page already has them.
    pub duplicates: Vec<DuplicateLabel>,
}

/// Writes `<book_dir>/objects.inv` for the book `md`, whose HTML has been built into `book_dir`.
/// Duplicate labels are returned, not printed: the caller decides how loud to be.
pub fn write(book_dir: &Path, md: &MDBook) -> Result<Written> {
    let project =
        md.config.book.title.as_deref().context(
            "book.toml has no [book] title, which objects.inv needs as its project name",
        )?;
    let pages = pages(md, book_dir)?;
    let (inventory, duplicates) = inventory(book_dir, project, VERSION, &pages)?;
    let bytes = inventory.to_bytes().context("encoding objects.inv")?;
    let path = book_dir.join("objects.inv");
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(Written {
        path,
        entries: inventory.entries.len(),
        duplicates,
    })
}

/// The chapter pages of `md` in SUMMARY.md order, located in the built book. Draft chapters have
/// no page and are left out.
pub fn pages(md: &MDBook, book_dir: &Path) -> Result<Vec<Page>> {
    md.book
        .chapters()
        .filter_map(|ch| ch.path.as_deref().map(|p| (ch, p)))
        .map(|(ch, path)| {
            Ok(Page {
                html_path: html_path(book_dir, path)
                    .with_context(|| format!("chapter `{}`", ch.name))?,
                title: ch.name.clone(),
            })
        })
        .collect()
}

/// Where mdbook put the page for a chapter source path: `a/b.md` becomes `a/b.html`, except that
/// the `index` preprocessor (on by default) turns `README.md` into `index.md`. Checking the
/// output rather than book.toml covers both settings.
fn html_path(book_dir: &Path, md_path: &Path) -> Result<String> {
    let plain = md_path.with_extension("html");
    let readme = md_path
        .file_stem()
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
        .then(|| md_path.with_file_name("index.html"));
    let found = std::iter::once(plain.clone())
        .chain(readme)
        .find(|p| book_dir.join(p).is_file());
    let Some(found) = found else {
        bail!(
            "its page {} is not in {} (is that the HTML build directory?)",
            plain.display(),
            book_dir.display()
        );
    };
    let parts: Option<Vec<&str>> = found.components().map(|c| c.as_os_str().to_str()).collect();
    parts
        .map(|p| p.join("/"))
        .with_context(|| format!("{} is not valid UTF-8", found.display()))
}

/// The inventory of `pages` (read from `book_dir`), and the labels left out as duplicates.
///
/// Heading ids are unique within a page, not across the book: mdbook derives them from the
/// heading text, so two pages with a "Verify" section both have `#verify`. Sphinx keeps one
/// entry per label (the last line read, so whichever sorts last), which would make `ha:verify`
/// land on an arbitrary page, and the inventory writer refuses duplicates for that reason. Instead the first in SUMMARY.md order is kept, which is the one a
/// reader meets first, and every later one is returned so the author can give it an explicit
/// `{#id}` if Sphinx projects need it. Labels that differ only in case count as duplicates too:
/// Sphinx lower-cases `:ref:` targets, so it could not tell them apart either. A repeated id
/// within one page (the same snippet included twice) is reported the same way; browsers also
/// go to the first.
pub fn inventory(
    book_dir: &Path,
    project: &str,
    version: &str,
    pages: &[Page],
) -> Result<(Inventory, Vec<DuplicateLabel>)> {
    let mut entries = Vec::new();
    let mut duplicates = Vec::new();
    // Lower-cased label -> location of the one kept.
    let mut seen: HashMap<String, String> = HashMap::new();
    for page in pages {
        let file = book_dir.join(&page.html_path);
        let html = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let anchors = anchors(&html).with_context(|| format!("reading {}", file.display()))?;
        let page_url = percent_encode(&page.html_path, PATH_ENCODE);
        entries.push(Entry {
            name: page
                .html_path
                .strip_suffix(".html")
                .unwrap_or(&page.html_path)
                .to_owned(),
            domain: "std".into(),
            role: "doc".into(),
            priority: -1,
            location: page_url.clone(),
            dispname: display_name(&page.title),
        });
        for anchor in anchors {
            let location = format!("{page_url}#{}", percent_encode(&anchor.id, FRAGMENT_ENCODE));
            match seen.get(&anchor.id.to_lowercase()) {
                // A snippet shown again on a later page (a recovery step, a check) keeps the
                // label of its first page, where it is explained; the repeat is deliberate.
                Some(_) if anchor.id.starts_with(SNIPPET_ANCHOR_PREFIX) => {}
                Some(kept) => duplicates.push(DuplicateLabel {
                    name: anchor.id,
                    kept: kept.clone(),
                    dropped: location,
                }),
                None => {
                    seen.insert(anchor.id.to_lowercase(), location.clone());
                    entries.push(Entry {
                        dispname: anchor.text.as_deref().and_then(display_name),
                        name: anchor.id,
                        domain: "std".into(),
                        role: "label".into(),
                        priority: -1,
                        location,
                    });
                }
            }
        }
    }
    let mut inventory = Inventory {
        project: project.to_owned(),
        version: version.to_owned(),
        entries,
    };
    // The writer sorts too; sorting here makes `inventory` equal what a reader gets back.
    inventory.sort_like_sphinx();
    Ok((inventory, duplicates))
}

/// Text as a display name: whitespace runs (Python's notion, as Sphinx splits lines on some of
/// them) become one space, and nothing left means "no display name" (written `-`).
fn display_name(text: &str) -> Option<String> {
    let collapsed = pystr::collapse_space(text);
    let trimmed = collapsed.trim_matches(' ');
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Bytes that a URL path must have percent-encoded besides those of a fragment (the URL
/// standard's path percent-encode set, plus `#` which would end the path).
const PATH_ENCODE: &[u8] = b"#?^{}";
/// The same for a fragment: `#` is legal there, but an id that contains one reads better encoded.
const FRAGMENT_ENCODE: &[u8] = b"#";

/// `text` as part of a URL: percent-encoded where the URL standard's fragment percent-encode set
/// says (controls, space, `"<>` and backtick), plus non-ASCII, `%` itself (so that a literal `%`
/// is not read as an escape) and the `extra` bytes. The inventory's locations may not contain
/// whitespace, and an encoded fragment still reaches its id: browsers decode it when looking the
/// id up. Ids as mdbook makes them (`[a-z0-9_-]` and letters) only change if they have letters
/// beyond ASCII.
fn percent_encode(text: &str, extra: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_graphic() && !b"\"<>`%".contains(&b) && !extra.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An element with an `id` in a page's `<main>`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    id: String,
    /// The heading's text, the caption, or the `title` attribute.
    text: Option<String>,
}

/// What the text being read belongs to.
#[derive(Debug, Clone, Copy)]
enum Capture {
    /// A heading (`h1`..`h6`, or a `dt`; the tag name kept to find its end): its whole text.
    Heading(usize, &'static str),
    /// The caption of the anchor at this index, until this end tag.
    Caption(usize, &'static str),
}

/// The anchors of one page's `<main>`, in document order.
fn anchors(html: &str) -> Result<Vec<Anchor>> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Treat <script>, <style>, <title>... contents as text, as a browser does.
    emitter.naively_switch_states(true);
    let mut found: Vec<Anchor> = Vec::new();
    let mut seen_main = false;
    let mut in_main = false;
    let mut capture: Option<Capture> = None;
    let mut text = String::new();
    // Open <figure>s and <table>s: the anchor whose caption a figcaption/caption gives, if any.
    let mut figures: Vec<Option<usize>> = Vec::new();
    let mut tables: Vec<Option<usize>> = Vec::new();
    // Depth of <ol> inside mdbook's footnote list (0 outside).
    let mut footnotes = 0usize;

    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                if name == "main" {
                    seen_main = true;
                    in_main = true;
                    continue;
                }
                if !in_main {
                    continue;
                }
                // `</dt>` is optional in HTML: the next term or its definition ends a term.
                if let Some(Capture::Heading(i, "dt")) = capture
                    && (name == "dt" || name == "dd")
                {
                    found[i].text = Some(std::mem::take(&mut text));
                    capture = None;
                }
                let attr = |a: &str| {
                    tag.attributes
                        .get(a.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                let class = attr("class").unwrap_or_default();
                let has_class = |c: &str| class.split_ascii_whitespace().any(|x| x == c);
                if name == "ol" && (footnotes > 0 || has_class("footnote-definition")) {
                    footnotes += 1;
                }
                let id = attr("id").filter(|id| !id.is_empty());
                // The element's own anchor, if it is one; opened figures and tables remember it.
                let mut anchor = None;
                if let Some(id) = id
                    && !is_footnote(&name, &id, &has_class, footnotes)
                {
                    anchor = Some(found.len());
                    found.push(Anchor {
                        id,
                        text: attr("title"),
                    });
                }
                match &*name {
                    // mdbook gives definition terms ids and header links like headings.
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" => {
                        if let Some(i) = anchor {
                            let end = heading_tag(&name);
                            capture = Some(Capture::Heading(i, end));
                            text.clear();
                        }
                    }
                    "figure" => figures.push(anchor),
                    "table" => tables.push(anchor),
                    "figcaption" | "caption" => {
                        let open = if name == "figcaption" {
                            &figures
                        } else {
                            &tables
                        };
                        // The caption titles its figure or table unless a title attribute did.
                        if let Some(Some(i)) = open.last()
                            && found[*i].text.is_none()
                            && capture.is_none()
                        {
                            let end = if name == "figcaption" {
                                "figcaption"
                            } else {
                                "caption"
                            };
                            capture = Some(Capture::Caption(*i, end));
                            text.clear();
                        }
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                if name == "main" {
                    in_main = false;
                    continue;
                }
                if !in_main {
                    continue;
                }
                match capture {
                    Some(Capture::Heading(i, end) | Capture::Caption(i, end))
                        if name == end || (end == "dt" && name == "dl") =>
                    {
                        found[i].text = Some(std::mem::take(&mut text));
                        capture = None;
                    }
                    _ => {}
                }
                match &*name {
                    "figure" => {
                        figures.pop();
                    }
                    "table" => {
                        tables.pop();
                    }
                    "ol" => footnotes = footnotes.saturating_sub(1),
                    _ => {}
                }
            }
            Token::String(s) if capture.is_some() => text.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    if !seen_main {
        bail!("the page has no <main> element, so its content cannot be told from the theme's");
    }
    Ok(found)
}

/// The end tag name for a heading (or `dt`) start tag, as a `'static` name to compare end tags
/// with.
fn heading_tag(name: &str) -> &'static str {
    match name {
        "dt" => "dt",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" => "h4",
        "h5" => "h5",
        _ => "h6",
    }
}

/// mdbook's footnote ids (`<sup class="footnote-reference" id="fr-x-1">` and the
/// `<li id="footnote-x">` of its footnote list) are numbered link targets it generates per page,
/// not places an author named: they are left out of the inventory.
fn is_footnote(name: &str, id: &str, has_class: &dyn Fn(&str) -> bool, footnotes: usize) -> bool {
    (name == "sup" && has_class("footnote-reference"))
        || (name == "li" && footnotes == 1 && id.starts_with("footnote-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use haguide_inventory::ParseMode;

    const CHROME_TOP: &str = r#"<!DOCTYPE html><html><head><title>T</title>
<script>const x = "<h2 id='in-script'>no</h2>";</script></head><body>
<nav id="mdbook-sidebar"><h2 id="sidebar-heading">Chrome</h2></nav>
<input type="search" id="mdbook-searchbar">
<div id="mdbook-content"><main>
"#;
    const CHROME_BOTTOM: &str = "</main></div><div id=\"after\"></div></body></html>\n";

    fn page(body: &str) -> String {
        format!("{CHROME_TOP}{body}{CHROME_BOTTOM}")
    }

    fn labels(html: &str) -> Vec<(String, Option<String>)> {
        anchors(html)
            .expect("anchors")
            .into_iter()
            .map(|a| (a.id, a.text))
            .collect()
    }

    #[test]
    fn headings_figures_and_anchors_in_main_only() {
        let html = page(
            r##"<h1 id="pacemaker-and-corosync"><a class="header" href="#pacemaker-and-corosync">Pacemaker and Corosync</a></h1>
<h2 id="corosyncconf"><a class="header" href="#corosyncconf"><code>corosync.conf</code> &amp; <em>quorum</em></a></h2>
<figure class="hg-snippet" id="snippet-haproxy-api-endpoints">
<figcaption class="hg-snippet-title">HAProxy for every API   endpoint</figcaption>
<pre><code>listen x</code></pre></figure>
<p>A <a id="keep-this">marked</a> place and <a id="titled" title="A title">one</a>.</p>
<table id="ports"><caption>Ports &lt;TCP&gt;</caption><tr><td>1</td></tr></table>
<p>Note<sup class="footnote-reference" id="fr-a-1"><a href="#footnote-a">1</a></sup></p>
<hr><ol class="footnote-definition"><li id="footnote-a"><p>Text <a href="#fr-a-1">↩</a></p></li></ol>
<h3 id="empty"></h3>
<dl><dt id="virtual-ip"><a class="header" href="#virtual-ip">Virtual IP</a></dt><dd>An address.</dd>
<dt id="vip">VIP<dd>Short for it.</dl>"##,
        );
        assert_eq!(
            labels(&html),
            [
                ("pacemaker-and-corosync", Some("Pacemaker and Corosync")),
                ("corosyncconf", Some("corosync.conf & quorum")),
                (
                    "snippet-haproxy-api-endpoints",
                    Some("HAProxy for every API   endpoint")
                ),
                ("keep-this", None),
                ("titled", Some("A title")),
                ("ports", Some("Ports <TCP>")),
                ("empty", Some("")),
                ("virtual-ip", Some("Virtual IP")),
                ("vip", Some("VIP")),
            ]
            .map(|(id, t)| (id.to_owned(), t.map(str::to_owned)))
        );
    }

    #[test]
    fn a_page_without_main_is_an_error() {
        let err = anchors("<html><body><h1 id='x'>X</h1></body></html>").expect_err("no main");
        assert!(err.to_string().contains("no <main>"), "{err}");
    }

    /// A built book of two pages in a tempdir, as `pages` would list them.
    fn book() -> (tempfile::TempDir, Vec<Page>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |rel: &str, body: &str| {
            let file = dir.path().join(rel);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, page(body)).expect("write");
        };
        write(
            "infrastructure/pacemaker-corosync.html",
            r##"<h1 id="pacemaker-and-corosync"><a class="header" href="#pacemaker-and-corosync">Pacemaker and Corosync</a></h1>
<h2 id="verify"><a class="header" href="#verify">Verify</a></h2>
<figure id="snippet-pacemaker-verify"><figcaption>Check the cluster</figcaption></figure>
<p><a id="plain-anchor"></a>No caption, no title: written as `-`.</p>"##,
        );
        write(
            "infrastructure/vip-haproxy.html",
            r##"<h1 id="virtual-ips"><a class="header" href="#virtual-ips">Virtual IPs</a></h1>
<h2 id="Verify"><a class="header" href="#Verify">Verify again</a></h2>
<h2 id="how-it-fails"><a class="header" href="#how-it-fails">How it fails</a></h2>"##,
        );
        let pages = vec![
            Page {
                html_path: "infrastructure/pacemaker-corosync.html".into(),
                title: "Pacemaker and Corosync".into(),
            },
            Page {
                html_path: "infrastructure/vip-haproxy.html".into(),
                title: "Virtual IPs, HAProxy and keepalived".into(),
            },
        ];
        (dir, pages)
    }

    #[test]
    fn objects_inv_round_trips_with_shorthands_and_first_label_wins() {
        let (dir, pages) = book();
        let (inv, duplicates) = inventory(
            dir.path(),
            "OpenStack High Availability Guide",
            VERSION,
            &pages,
        )
        .expect("inventory");
        assert_eq!(
            duplicates,
            [DuplicateLabel {
                name: "Verify".into(),
                kept: "infrastructure/pacemaker-corosync.html#verify".into(),
                dropped: "infrastructure/vip-haproxy.html#Verify".into(),
            }]
        );
        let bytes = inv.to_bytes().expect("encode");
        let (back, notes) = Inventory::parse(&bytes, ParseMode::Sphinx).expect("parse");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, inv);
        assert_eq!(back.project, "OpenStack High Availability Guide");
        assert_eq!(back.version, "2026.2");

        // The text Sphinx reads: `$` for an anchor ending with the name, `-` for no display name.
        let header_end = bytes
            .windows(6)
            .position(|w| w == b"zlib.\n")
            .expect("header")
            + 6;
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::ZlibDecoder::new(&bytes[header_end..]),
            &mut text,
        )
        .expect("zlib, UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "how-it-fails std:label -1 infrastructure/vip-haproxy.html#$ How it fails",
                "infrastructure/pacemaker-corosync std:doc -1 infrastructure/pacemaker-corosync.html Pacemaker and Corosync",
                "infrastructure/vip-haproxy std:doc -1 infrastructure/vip-haproxy.html Virtual IPs, HAProxy and keepalived",
                "pacemaker-and-corosync std:label -1 infrastructure/pacemaker-corosync.html#$ Pacemaker and Corosync",
                "plain-anchor std:label -1 infrastructure/pacemaker-corosync.html#$ -",
                "snippet-pacemaker-verify std:label -1 infrastructure/pacemaker-corosync.html#$ Check the cluster",
                "verify std:label -1 infrastructure/pacemaker-corosync.html#$ Verify",
                "virtual-ips std:label -1 infrastructure/vip-haproxy.html#$ Virtual IPs",
            ]
        );
        let found = back
            .find("std", "label", "snippet-pacemaker-verify")
            .expect("figure label");
        assert_eq!(
            found.entry().url("https://example.invalid/ha/"),
            "https://example.invalid/ha/infrastructure/pacemaker-corosync.html#snippet-pacemaker-verify"
        );
    }

    #[test]
    fn a_missing_page_names_the_book_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = html_path(dir.path(), Path::new("a/b.md")).expect_err("missing");
        assert!(err.to_string().contains("a/b.html"), "{err}");
        std::fs::create_dir_all(dir.path().join("a")).expect("mkdir");
        std::fs::write(dir.path().join("a/index.html"), "").expect("write");
        assert_eq!(
            html_path(dir.path(), Path::new("a/README.md")).expect("readme"),
            "a/index.html"
        );
    }

    #[test]
    fn locations_are_percent_encoded() {
        assert_eq!(
            percent_encode("a b/ü?.html", PATH_ENCODE),
            "a%20b/%C3%BC%3F.html"
        );
        assert_eq!(percent_encode("foo_bar-2", FRAGMENT_ENCODE), "foo_bar-2");
        assert_eq!(percent_encode("50%#x\"y", FRAGMENT_ENCODE), "50%25%23x%22y");
    }
}
