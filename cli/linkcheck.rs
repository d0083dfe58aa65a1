//! Link check of the built book: every internal `href` in every HTML file must reach a file of
//! the book, and its fragment an element of that page, the way a browser resolves it.
//!
//! * Resolution follows the URL and HTML standards: relative to the page, or to its
//!   `<base href>` (mdbook gives 404.html `<base href="/">`, its `site-url`, which is taken to
//!   be the book's root); `?query` ignored; `%xx` decoded; a directory means its `index.html`.
//!   A fragment finds the element with that `id`, then an `<a name>`, then the same with the
//!   fragment percent-decoded; `#` alone and `#top` are the top of the page.
//! * Only static HTML counts: ids that the theme's scripts add later (the sidebar, the variant
//!   tabs) are no link targets for a reader without JavaScript, nor for a crawler.
//! * Links with a scheme a browser handles itself (`https:`, `mailto:`...) and links to other
//!   sites (`//host/...`) are not checked, nor root-absolute links (`/x`), whose target depends
//!   on where the book is deployed. Any other scheme (`inv:...`) is reported: no browser can
//!   follow it.
//! * print.html is one page made of every chapter, with links rewritten by mdbook to its own
//!   anchors (ids made unique with `-1`, `-2`... suffixes), so its links are checked against its
//!   own ids like any page's. To point back to the Markdown, its chapters are told apart by the
//!   page-break `<div>` mdbook puts between them, in the order of toc.html.
//! * index.html is mdbook's copy of the first chapter when the book has no index page; it keeps
//!   the chapter's relative links although it sits at the root (mdBook issue #2060), and such
//!   links are reported where they break.
//!
//! HTML is read with `html5gum` (see `book_inventory.rs` for why): a browser's tokenizer, with
//! byte offsets for line numbers.

use anyhow::{Context, Result};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Schemes a browser follows by itself; links with them are not the book's to check.
const EXTERNAL_SCHEMES: &[&str] = &[
    "http",
    "https",
    "mailto",
    "javascript",
    "tel",
    "ftp",
    "data",
];

/// The `<div>` mdbook 0.5 writes between two chapters of print.html (mdbook-html `print.rs`).
const PRINT_PAGE_BREAK: &str = "break-before: page; page-break-before: always;";

/// A link that does not reach its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The HTML file, relative to the book directory (`infrastructure/vip-haproxy.html`).
    pub html_file: PathBuf,
    /// The line of the `href` in that file (1-based).
    pub html_line: usize,
    /// The `href` as written in the HTML.
    pub href: String,
    /// Why it is broken.
    pub reason: String,
    /// The chapter's Markdown file (under the source directory) and the line where the link is
    /// written, when it can be found there.
    pub source: Option<(PathBuf, usize)>,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            // The HTML place is added because one Markdown link appears in up to three HTML
            // files (its page, print.html, and index.html for the first chapter).
            Some((md, line)) => write!(
                f,
                "{}:{line}: broken link `{}`: {} (in {}:{})",
                md.display(),
                self.href,
                self.reason,
                self.html_file.display(),
                self.html_line
            ),
            None => write!(
                f,
                "{}:{}: broken link `{}`: {}",
                self.html_file.display(),
                self.html_line,
                self.href,
                self.reason
            ),
        }
    }
}

/// Checks every `.html` file under `book_dir`; `src_dir` is the book's Markdown source, where
/// broken links are looked up to report their source line. Broken links come sorted by file and
/// line; an error means the book could not be read at all.
pub fn check(book_dir: &Path, src_dir: &Path) -> Result<Vec<BrokenLink>> {
    let book = Book::read(book_dir)?;
    let sources = Sources::new(&book, src_dir);
    let mut names: Vec<&String> = book.pages.keys().collect();
    names.sort();
    let mut broken = Vec::new();
    for rel in names {
        let page = &book.pages[rel];
        for (index, link) in page.links.iter().enumerate() {
            let Err(reason) = book.resolve(rel, &link.href) else {
                continue;
            };
            broken.push(BrokenLink {
                html_file: PathBuf::from(rel),
                html_line: page.line_of(link.offset),
                href: link.href.clone(),
                reason,
                source: sources.locate(&book, rel, index),
            });
        }
    }
    broken.sort_by(|a, b| (&a.html_file, a.html_line).cmp(&(&b.html_file, b.html_line)));
    Ok(broken)
}

/// The built book: its HTML pages, parsed, and every file and directory in it. Paths are
/// relative to the book directory, with `/` separators.
#[derive(Debug, Default)]
struct Book {
    pages: HashMap<String, Page>,
    files: HashSet<String>,
    dirs: HashSet<String>,
}

impl Book {
    fn read(book_dir: &Path) -> Result<Book> {
        let mut book = Book::default();
        for entry in walkdir::WalkDir::new(book_dir).min_depth(1) {
            let entry = entry.with_context(|| format!("listing {}", book_dir.display()))?;
            let rel = rel_path(book_dir, entry.path());
            if entry.file_type().is_dir() {
                book.dirs.insert(rel);
                continue;
            }
            if entry.path().extension().is_some_and(|e| e == "html") {
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("reading {}", entry.path().display()))?;
                let page = Page::parse(&String::from_utf8_lossy(&bytes));
                book.pages.insert(rel.clone(), page);
            }
            book.files.insert(rel);
        }
        Ok(book)
    }

    /// `Ok` if `href`, found in page `rel`, reaches an existing place or is not the book's to
    /// check; otherwise why not.
    fn resolve(&self, rel: &str, href: &str) -> Result<(), String> {
        let page = &self.pages[rel];
        // The URL parser ignores leading and trailing spaces and control characters.
        let href = href.trim_matches(|c: char| c <= ' ');
        if let Some(scheme) = scheme(href) {
            return if EXTERNAL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
                Ok(())
            } else {
                Err(format!(
                    "`{scheme}:` is not a URL scheme a browser can follow"
                ))
            };
        }
        if href.starts_with('/') {
            // `//host/...` is another site; `/path` depends on where the book is deployed.
            return Ok(());
        }
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        // The URL the link is relative to: the page itself, or its <base>.
        let base = match page.base.as_deref().map(str::trim) {
            None => rel.to_owned(),
            // mdbook's <base href> is `site-url`, the URL of the book's root.
            Some(b) if b.starts_with('/') && !b.starts_with("//") => String::new(),
            // A base on another site makes every relative link external.
            Some(b) if b.starts_with("//") || scheme(b).is_some() => return Ok(()),
            Some(b) => join(parent(rel), b.split(['?', '#']).next().unwrap_or_default())
                .ok_or_else(|| format!("its page's <base href=\"{b}\"> leaves the book"))?,
        };
        // An empty path is the base URL itself: this page, unless a <base> says otherwise.
        let url = if path.is_empty() {
            base
        } else {
            join(parent(&base), path).ok_or("it leaves the book's directory")?
        };
        let target = self.locate(&url)?;
        let Some(fragment) = fragment else {
            return Ok(());
        };
        // Only HTML pages have ids we know of; a fragment into anything else is not checked.
        let Some(target_page) = self.pages.get(&target) else {
            return Ok(());
        };
        if target_page.has_fragment(fragment) {
            Ok(())
        } else if target == rel {
            Err(format!("this page has no element with id `{fragment}`"))
        } else {
            let via = match &page.base {
                Some(base) => format!(" (where the page's <base href=\"{base}\"> sends it)"),
                None => String::new(),
            };
            Err(format!(
                "`{target}`{via} has no element with id `{fragment}`"
            ))
        }
    }

    /// The file that a resolved URL path names: the file itself, or a directory's
    /// `index.html`, which is what web servers serve for it.
    fn locate(&self, url: &str) -> Result<String, String> {
        let dir = url.trim_end_matches('/');
        if !url.ends_with('/') && !url.is_empty() {
            if self.files.contains(url) {
                return Ok(url.to_owned());
            }
            if !self.dirs.contains(url) {
                return Err(format!("there is no file `{url}` in the book"));
            }
        }
        let index = if dir.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{dir}/index.html")
        };
        if self.files.contains(&index) {
            Ok(index)
        } else {
            Err(format!("there is no `{index}` for the directory"))
        }
    }
}

/// One HTML file, as far as links go.
#[derive(Debug, Default)]
struct Page {
    /// Every `id` in the file.
    ids: HashSet<String>,
    /// Every `<a name>` (the legacy way to name a link target).
    names: HashSet<String>,
    /// Every `href` except `<base>`'s, in document order.
    links: Vec<Link>,
    /// The first `<base href>`.
    base: Option<String>,
    /// The source text of `<main>`'s content, to recognise index.html's chapter.
    main: Option<String>,
    /// Byte offsets of print.html's page breaks between chapters.
    breaks: Vec<usize>,
    /// Byte offset of each line start.
    line_starts: Vec<usize>,
}

#[derive(Debug)]
struct Link {
    href: String,
    /// Byte offset of the attribute value.
    offset: usize,
    /// Inside `<main>`: the chapter's content rather than the theme's.
    in_main: bool,
}

impl Page {
    fn parse(html: &str) -> Page {
        let mut page = Page {
            line_starts: std::iter::once(0)
                .chain(html.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            ..Page::default()
        };
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        // Script and style contents are text to a browser, not elements: a tokenizer that does
        // not switch state would find `<a href>` inside JavaScript strings.
        emitter.naively_switch_states(true);
        let mut main_start = None;
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name);
                    let attr = |a: &str| {
                        tag.attributes
                            .get(a.as_bytes())
                            .map(|v| (String::from_utf8_lossy(v).into_owned(), v.span.start))
                    };
                    if let Some((id, _)) = attr("id") {
                        page.ids.insert(id);
                    }
                    if name == "a"
                        && let Some((n, _)) = attr("name")
                    {
                        page.names.insert(n);
                    }
                    match (&*name, attr("href")) {
                        ("base", Some((href, _))) => {
                            page.base.get_or_insert(href);
                        }
                        (_, Some((href, offset))) => page.links.push(Link {
                            href,
                            offset,
                            in_main: main_start.is_some(),
                        }),
                        _ => {}
                    }
                    if name == "main" {
                        main_start = Some(tag.span.end);
                    } else if name == "div"
                        && main_start.is_some()
                        && attr("style").is_some_and(|(s, _)| s == PRINT_PAGE_BREAK)
                    {
                        page.breaks.push(tag.span.start);
                    }
                }
                Token::EndTag(tag) if &*tag.name == b"main" => {
                    if let Some(start) = main_start.take() {
                        page.main = html.get(start..tag.span.start).map(str::to_owned);
                    }
                }
                _ => {}
            }
        }
        page
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// Whether `fragment` names a place in this page: HTML's "indicated part of the document",
    /// which tries the fragment as is and then percent-decoded, and knows `#` and `#top`.
    fn has_fragment(&self, fragment: &str) -> bool {
        let found = |f: &str| self.ids.contains(f) || self.names.contains(f);
        if fragment.is_empty() || found(fragment) {
            return true;
        }
        let decoded = percent_decode(fragment);
        found(&decoded) || decoded.eq_ignore_ascii_case("top")
    }

    /// The chapter (0-based, in print order) that a byte offset of print.html belongs to.
    fn chapter_at(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset)
    }

    /// Indexes (into `links`) of the links in `<main>` that satisfy `keep`.
    fn main_links(&self, keep: impl Fn(&Link) -> bool) -> Vec<usize> {
        (0..self.links.len())
            .filter(|&i| self.links[i].in_main && keep(&self.links[i]))
            .collect()
    }
}

/// Where each HTML page's Markdown is.
#[derive(Debug, Default)]
struct Sources {
    /// HTML page -> its Markdown file (as `src_dir` joined with its path).
    markdown: HashMap<String, PathBuf>,
    /// print.html's chapters in order, as their HTML pages.
    print_chapters: Vec<String>,
}

impl Sources {
    fn new(book: &Book, src_dir: &Path) -> Sources {
        let mut markdown = HashMap::new();
        for rel in book.pages.keys() {
            let stem = rel.strip_suffix(".html").unwrap_or(rel);
            let readme = stem
                .strip_suffix("index")
                .filter(|d| d.is_empty() || d.ends_with('/'))
                .map(|d| format!("{d}README.md"));
            let found = std::iter::once(format!("{stem}.md"))
                .chain(readme)
                .map(|md| src_dir.join(md))
                .find(|p| p.is_file());
            if let Some(md) = found {
                markdown.insert(rel.clone(), md);
            }
        }
        // Without an index page of its own, index.html is a copy of the first chapter.
        if !markdown.contains_key("index.html")
            && let Some(index) = book.pages.get("index.html").and_then(|p| p.main.as_ref())
        {
            let chapter = markdown
                .iter()
                .filter(|(rel, _)| book.pages[*rel].main.as_ref() == Some(index))
                .min_by_key(|(rel, _)| rel.as_str())
                .map(|(_, md)| md.clone());
            if let Some(md) = chapter {
                markdown.insert("index.html".into(), md);
            }
        }
        Sources {
            print_chapters: print_chapters(book),
            markdown,
        }
    }

    /// The Markdown file and line of link `index` of page `rel`, if it can be found.
    fn locate(&self, book: &Book, rel: &str, index: usize) -> Option<(PathBuf, usize)> {
        let page = &book.pages[rel];
        let link = &page.links[index];
        if !link.in_main {
            return None;
        }
        if rel == "print.html" && !self.markdown.contains_key(rel) {
            let (chapter, chapter_index) = self.print_link(book, page, index)?;
            return self.locate(book, chapter, chapter_index);
        }
        let md = self.markdown.get(rel)?;
        let text = std::fs::read_to_string(md).ok()?;
        // The same href can be written several times on a page: take the matching occurrence.
        let occurrence = page
            .main_links(|l| l.href == link.href)
            .iter()
            .position(|&i| i == index)?;
        let line = find_in_markdown(&text, &link.href, occurrence)?;
        Some((md.clone(), line))
    }

    /// The chapter page and link index that print.html's link `index` was made from. mdbook
    /// rewrites print.html's hrefs but keeps every link, in order; it adds one, a heading link,
    /// at the top of a chapter that has no `h1` of its own.
    fn print_link(&self, book: &Book, print: &Page, index: usize) -> Option<(&str, usize)> {
        let chapter = print.chapter_at(print.links[index].offset);
        let page_rel = self.print_chapters.get(chapter)?;
        let in_chapter = print.main_links(|l| print.chapter_at(l.offset) == chapter);
        let nth = in_chapter.iter().position(|&i| i == index)?;
        let page_links = book.pages.get(page_rel)?.main_links(|_| true);
        let nth = match in_chapter.len().checked_sub(page_links.len())? {
            0 => nth,
            1 => nth.checked_sub(1)?,
            _ => return None,
        };
        Some((page_rel, *page_links.get(nth)?))
    }
}

/// The chapters of print.html in order: the chapter links of toc.html, which mdbook writes in
/// the same order as it joins the chapters. Empty when the two do not agree in number.
fn print_chapters(book: &Book) -> Vec<String> {
    let (Some(toc), Some(print)) = (book.pages.get("toc.html"), book.pages.get("print.html"))
    else {
        return Vec::new();
    };
    let mut chapters: Vec<String> = Vec::new();
    for link in &toc.links {
        let is_chapter = scheme(&link.href).is_none()
            && !link.href.starts_with(['#', '/'])
            && link.href.ends_with(".html");
        if let Some(url) = is_chapter.then(|| join("", &link.href)).flatten()
            && book.pages.contains_key(&url)
            && !chapters.contains(&url)
        {
            chapters.push(url);
        }
    }
    if chapters.len() == print.breaks.len() + 1 {
        chapters
    } else {
        Vec::new()
    }
}

/// The 1-based line of the `occurrence`-th (0-based) place where Markdown `text` writes `href`,
/// or of the first if there are fewer. mdbook turns `page.md#x` into `page.html#x` and keeps
/// everything else, so an href is looked for as written and with `.html` back to `.md`, and
/// percent-decoded in case the renderer encoded it.
fn find_in_markdown(text: &str, href: &str, occurrence: usize) -> Option<usize> {
    let mut forms = vec![href.to_owned()];
    let decoded = percent_decode(href);
    for form in [href, decoded.as_str()] {
        let (path, fragment) = form
            .split_once('#')
            .map_or((form, None), |(p, f)| (p, Some(f)));
        if let Some(stem) = path.strip_suffix(".html") {
            let mut md = format!("{stem}.md");
            if let Some(f) = fragment {
                md.push('#');
                md.push_str(f);
            }
            forms.push(md);
        }
        forms.push(form.to_owned());
    }
    forms.dedup();
    let mut places = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for form in &forms {
            for (at, _) in line.match_indices(form.as_str()) {
                let before = line[..at].chars().next_back();
                let after = line[at + form.len()..].chars().next();
                let opens = before.is_none_or(|c| "(<\"'= \t".contains(c));
                let closes = after.is_none_or(|c| ")>\"' \t".contains(c));
                if opens && closes {
                    places.push((n + 1, at));
                }
            }
        }
    }
    places.sort_unstable();
    places.dedup();
    places
        .get(occurrence)
        .or_else(|| places.first())
        .map(|&(line, _)| line)
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The scheme of an absolute URL (`https` in `https://...`), if it has one.
fn scheme(href: &str) -> Option<&str> {
    let (scheme, _) = href.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The directory part of a URL path: everything up to its last `/` (`a/b.html` -> `a`,
/// `a/` -> `a`, `b.html` -> ``).
fn parent(url: &str) -> &str {
    url.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The relative URL path `path` resolved in directory `dir`, percent-decoded, with `.` and `..`
/// applied (`%2e` counts as `.`, as in the URL standard). A result ending in a directory ends
/// with `/` (the root is ``). `None` if it climbs above the book's root.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let mut is_dir = false;
    // The URL standard treats `\` as `/` in web URLs.
    for segment in path.replace('\\', "/").split('/') {
        let segment = percent_decode(segment);
        is_dir = matches!(segment.as_str(), "" | "." | "..");
        match segment.as_str() {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_owned()),
        }
    }
    let mut url = parts.join("/");
    if is_dir && !url.is_empty() {
        url.push('/');
    }
    Some(url)
}

/// `%xx` sequences decoded (invalid UTF-8 replaced); any other text unchanged.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |i: usize| {
        bytes
            .get(i)
            .and_then(|&b| char::from(b).to_digit(16))
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page the way mdbook lays it out: theme around, chapter in `<main>`. `root` is the
    /// page's path back to the book root (`../` for `a/b.html`).
    fn html(root: &str, main: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html><head>\n<link rel=\"stylesheet\" href=\"{root}css/x.css\">\n\
             <script>const s = \"<a href='not-a-link.html'>\";</script>\n</head><body>\n\
             <nav id=\"sidebar\"><a href=\"{root}print.html\">Print</a></nav>\n\
             <input type=\"search\" id=\"mdbook-searchbar\">\n<main>\n{main}\n</main>\n\
             </body></html>\n"
        )
    }

    fn book(files: &[(&str, String)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    fn broken(dir: &Path) -> Vec<BrokenLink> {
        check(&dir.join("book"), &dir.join("src")).expect("check")
    }

    /// Where a broken link is written in Markdown.
    type Source = Option<(PathBuf, usize)>;

    /// `(file, href, reason)` of each broken link, for short assertions.
    fn summary(links: &[BrokenLink]) -> Vec<(String, String, String)> {
        links
            .iter()
            .map(|b| {
                (
                    b.html_file.display().to_string(),
                    b.href.clone(),
                    b.reason.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn a_valid_book_passes() {
        let index = html(
            "",
            r##"<h1 id="intro"><a class="header" href="#intro">Intro</a></h1>
<a href="a/b.html#sec">section</a> <a href="a/">a directory</a> <a href="a">no slash</a>
<a href="#">top</a> <a href="#top">top</a> <a href="">this page</a>
<a href="https://example.com/x">web</a> <a href="mailto:x@example.com">mail</a>
<a href="javascript:void(0)">js</a> <a href="//cdn.example/x.js">other site</a>
<a href="/deployed/elsewhere.html">root-absolute</a>
<a href="sp%20ace.html">encoded</a> <a href="a/b.html?x=1#sec">query</a>
<span id="café"></span><a href="#caf%C3%A9">encoded fragment</a>
<a name="legacy"></a><a href="#legacy">legacy name</a>
<a href="#mdbook-searchbar">theme id</a> <a href="./a/../a/b.html#sec">dots</a>"##,
        );
        let b = html(
            "../",
            r##"<h2 id="sec"><a class="header" href="#sec">Section</a></h2>
<a href="../index.html#intro">back</a> <a href="../">root</a>"##,
        );
        // 404.html: mdbook's <base href> (site-url) makes its links relative to the root.
        let not_found = r#"<html><head><base href="/"><link rel="stylesheet" href="css/x.css">
</head><body><main><p>Try <a href="a/b.html#sec">the section</a>.</p></main></body></html>"#;
        let print = html(
            "",
            r##"<h1 id="intro"><a class="header" href="#intro">Intro</a></h1>
<a href="#sec-1">section, renamed on the print page</a>
<div style="break-before: page; page-break-before: always;"></div>
<h2 id="sec-1"><a class="header" href="#sec-1">Section</a></h2>"##,
        );
        let dir = book(&[
            ("book/css/x.css", String::new()),
            ("book/index.html", index),
            ("book/a/index.html", html("../", "")),
            ("book/a/b.html", b),
            ("book/sp ace.html", html("", "")),
            ("book/404.html", not_found.to_owned()),
            ("book/print.html", print),
            (
                "book/toc.html",
                r#"<a href="index.html" target="_parent">Intro</a>"#.to_owned(),
            ),
        ]);
        assert_eq!(summary(&broken(dir.path())), []);
    }

    #[test]
    fn broken_files_fragments_schemes_and_print_links() {
        let dir = book(&[
            ("book/css/x.css", String::new()),
            (
                "book/index.html",
                html(
                    "",
                    r##"<a href="missing.html">gone</a>
<a href="a.html#nope">no such id</a>
<a href="../outside.html">outside</a>
<a href="inv:install-guide:std:doc#environment">unresolved</a>
<a href="dir/">no index</a>"##,
                ),
            ),
            ("book/a.html", html("", "<h1 id=\"a\">A</h1>")),
            ("book/dir/x.png", String::new()),
            (
                "book/print.html",
                html("", "<h1 id=\"a\">A</h1>\n<a href=\"#a-1\">renamed</a>"),
            ),
            (
                "book/404.html",
                r##"<html><head><base href="/"></head><body><main>
<h1 id="not-found"><a class="header" href="#not-found">Not found</a></h1>
</main></body></html>"##
                    .to_owned(),
            ),
        ]);
        let got = broken(dir.path());
        let expect = [
            (
                "404.html",
                "#not-found",
                "`index.html` (where the page's <base href=\"/\"> sends it) has no element with \
                 id `not-found`",
            ),
            (
                "index.html",
                "missing.html",
                "there is no file `missing.html` in the book",
            ),
            (
                "index.html",
                "a.html#nope",
                "`a.html` has no element with id `nope`",
            ),
            (
                "index.html",
                "../outside.html",
                "it leaves the book's directory",
            ),
            (
                "index.html",
                "inv:install-guide:std:doc#environment",
                "`inv:` is not a URL scheme a browser can follow",
            ),
            (
                "index.html",
                "dir/",
                "there is no `dir/index.html` for the directory",
            ),
            (
                "print.html",
                "#a-1",
                "this page has no element with id `a-1`",
            ),
        ]
        .map(|(f, h, r)| (f.to_owned(), h.to_owned(), r.to_owned()));
        assert_eq!(summary(&got), expect);
        assert_eq!(got[1].html_line, 9, "line of missing.html in index.html");
        assert_eq!(got[6].html_line, 10, "line of #a-1 in print.html");
        assert_eq!(
            got[1].to_string(),
            "index.html:9: broken link `missing.html`: there is no file `missing.html` in the book"
        );
    }

    #[test]
    fn broken_links_point_to_their_markdown_also_from_print_html() {
        let one_md = "# One\n\nSee [two](ch2.md#missing-in-two).\n";
        let two_md =
            "Text first.\n\n[back](ch1.md#one) and [gone](#gone).\n\n[gone again](#gone)\n";
        let ch1 = html(
            "",
            r##"<h1 id="one"><a class="header" href="#one">One</a></h1>
<p>See <a href="ch2.html#missing-in-two">two</a>.</p>"##,
        );
        let ch2 = html(
            "",
            r##"<p>Text first.</p>
<p><a href="ch1.html#one">back</a> and <a href="#gone">gone</a>.</p>
<p><a href="#gone">gone again</a></p>"##,
        );
        // mdbook gives the print page a heading for ch2, which has no h1: one link more.
        let print = html(
            "",
            r##"<h1 id="one"><a class="header" href="#one">One</a></h1>
<p>See <a href="#missing-in-two">two</a>.</p>
<div style="break-before: page; page-break-before: always;"></div>
<h1 id="two"><a class="header" href="#two">Two</a></h1>
<p>Text first.</p>
<p><a href="#one">back</a> and <a href="#gone">gone</a>.</p>
<p><a href="#gone">gone again</a></p>"##,
        );
        let toc = r#"<ol><li><a href="ch1.html" target="_parent">One</a></li>
<li><a href="ch2.html" target="_parent">Two</a></li></ol>"#;
        let dir = book(&[
            ("src/ch1.md", one_md.to_owned()),
            ("src/ch2.md", two_md.to_owned()),
            ("book/css/x.css", String::new()),
            ("book/ch1.html", ch1.clone()),
            ("book/ch2.html", ch2),
            // No index page of its own: mdbook copies the first chapter.
            ("book/index.html", ch1),
            ("book/print.html", print),
            ("book/toc.html", toc.to_owned()),
        ]);
        let src = dir.path().join("src");
        let places: Vec<(String, String, Source)> = broken(dir.path())
            .into_iter()
            .map(|b| (b.html_file.display().to_string(), b.href, b.source))
            .collect();
        let at = |md: &str, line| Some((src.join(md), line));
        assert_eq!(
            places,
            [
                ("ch1.html", "ch2.html#missing-in-two", at("ch1.md", 3)),
                ("ch2.html", "#gone", at("ch2.md", 3)),
                ("ch2.html", "#gone", at("ch2.md", 5)),
                ("index.html", "ch2.html#missing-in-two", at("ch1.md", 3)),
                ("print.html", "#missing-in-two", at("ch1.md", 3)),
                ("print.html", "#gone", at("ch2.md", 3)),
                ("print.html", "#gone", at("ch2.md", 5)),
            ]
            .map(|(f, h, s)| (f.to_owned(), h.to_owned(), s))
        );
        let first = &broken(dir.path())[0];
        assert_eq!(
            first.to_string(),
            format!(
                "{}:3: broken link `ch2.html#missing-in-two`: `ch2.html` has no element with id \
                 `missing-in-two` (in ch1.html:10)",
                src.join("ch1.md").display()
            )
        );
    }

    #[test]
    fn urls_resolve_like_a_browser() {
        assert_eq!(join("a/b", "../c.html").as_deref(), Some("a/c.html"));
        assert_eq!(join("a", "%2e%2e/c%20d.html").as_deref(), Some("c d.html"));
        assert_eq!(join("a", "..").as_deref(), Some(""));
        assert_eq!(join("a", "x/").as_deref(), Some("a/x/"));
        assert_eq!(join("a", "x\\y.html").as_deref(), Some("a/x/y.html"));
        assert_eq!(join("", "../x.html"), None);
        assert_eq!(scheme("inv:install-guide:std:doc#x"), Some("inv"));
        assert_eq!(scheme("c++:x"), Some("c++"));
        assert_eq!(scheme("1x:y"), None);
        assert_eq!(scheme("page.html#a:b"), None);
        assert_eq!(percent_decode("caf%C3%A9%zz%4"), "café%zz%4");
    }
}
