//! Markdown, as the book's preprocessors leave it, to the XHTML an EPUB holds.
//!
//! An EPUB reader is an XML parser, not a browser: every page must be well-formed XHTML with no
//! HTML entity but the five XML ones, links must name the `.xhtml` files of the package, and every
//! `#fragment` must exist. So this walks pulldown-cmark's events itself (with mdbook's Markdown
//! options and its heading-id rule, so `page.md#heading` links keep working), and passes raw HTML
//! through a browser's tokenizer (html5gum) to re-serialize it as XML.
//!
//! Inline SVG figures become files of their own (`figures/*.svg`, shown with `<img>`): a page
//! with inline SVG needs the `svg` manifest property, which epub-builder cannot declare.

use anyhow::{Result, bail};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The ids of every page of the book, by Markdown path (`controller/nova.md`), so links can be
/// checked; built by a first conversion pass.
#[derive(Debug, Default, Clone)]
pub struct PageIndex {
    /// Page path (`/`-separated, relative to src/) to the ids on that page.
    pub pages: BTreeMap<String, BTreeSet<String>>,
}

/// One converted page.
#[derive(Debug, Default)]
pub struct Converted {
    /// The content of `<body>`.
    pub body: String,
    /// Every id on the page.
    pub ids: BTreeSet<String>,
    /// SVG figures taken out of the page: (package path such as `figures/intro-1.svg`, document).
    pub svgs: Vec<(String, String)>,
    /// Local images the page shows, as paths relative to src/ (the package mirrors src/).
    pub images: Vec<String>,
    /// Links that could not be kept as written, and why.
    pub warnings: Vec<String>,
}

/// `controller/nova.md` → `controller/nova.xhtml`.
pub fn xhtml_path(md_path: &str) -> String {
    match md_path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.xhtml"),
        None => format!("{md_path}.xhtml"),
    }
}

/// `../` once per directory of `page`: the way from a page back to the package root.
pub fn to_root(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The mdbook Markdown options (mdbook-markdown's `new_cmark_parser` with its defaults), so the
/// EPUB reads the Markdown the way the HTML book does.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Converts one page. `page` is its Markdown path; `index` checks links against the other pages
/// (`None` in the first pass, which only collects ids).
pub fn convert(markdown: &str, page: &str, index: Option<&PageIndex>) -> Result<Converted> {
    let mut w = Writer {
        page,
        index,
        out: String::new(),
        captures: Vec::new(),
        auto_ids: HashSet::new(),
        result: Converted::default(),
        links: Vec::new(),
        table: None,
        html_block: None,
        svg: None,
        svg_count: 0,
        footnotes: BTreeMap::new(),
    };
    for event in Parser::new_ext(markdown, options()) {
        w.event(event)?;
    }
    if let Some(svg) = w.svg.take() {
        bail!(
            "{page}: an `<svg>` is never closed ({} element(s) still open)",
            svg.depth
        );
    }
    w.result.body = std::mem::take(&mut w.out);
    Ok(w.result)
}

/// A page as a whole XHTML document.
pub fn document(title: &str, lang: &str, stylesheet: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"{lang}\" lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"{css}\"/>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        lang = escape_attr(lang),
        title = escape_text(title),
        css = escape_attr(stylesheet),
    )
}

/// Fails unless `xml` is well-formed; `what` names it in the error.
pub fn check_well_formed(xml: &str, what: &str) -> Result<()> {
    let opts = roxmltree::ParsingOptions {
        // `<!DOCTYPE html>` is how an XHTML5 page begins.
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    if let Err(e) = roxmltree::Document::parse_with_options(xml, opts) {
        let pos = e.pos();
        let line = xml
            .lines()
            .nth(pos.row.saturating_sub(1) as usize)
            .unwrap_or("");
        let col = pos.col.saturating_sub(1) as usize;
        let around: String = line
            .chars()
            .skip(col.saturating_sub(60))
            .take(120)
            .collect();
        bail!("{what} is not well-formed XML: {e}\n  near: {around}");
    }
    Ok(())
}

/// Escapes element content; characters XML 1.0 forbids (C0 controls but tab, CR, LF) are dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes an attribute value (double-quoted).
pub fn escape_attr(text: &str) -> String {
    escape_text(text).replace('"', "&quot;")
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// mdbook's heading id (mdbook-html `id_from_content`): lowercase; alphanumerics, `_` and `-`
/// kept; whitespace to `-`; the rest dropped.
pub fn id_from_content(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Resolves `dest` (as written in `from`, a page path) against the book: the normalized path of
/// what it names, relative to src/, or `None` when it climbs out of src/.
pub fn resolve_path(from: &str, dest: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in dest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The relative href from page `from` to package file `to` (both relative to the root).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = {
        let mut v: Vec<&str> = from.split('/').collect();
        v.pop();
        v
    };
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dirs, file) = to_parts.split_at(to_parts.len().saturating_sub(1));
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    for d in &to_dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    if let Some(f) = file.first() {
        out.push_str(f);
    }
    out
}

/// A link target with a scheme (`https:`, `mailto:`) leaves the book and is kept as written.
fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// What rewriting one link gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Rewritten {
    /// Use this href.
    Href(String),
    /// No page of the book is there: show the text without a link.
    Drop,
}

/// Rewrites a link written in page `from` for the package: `x.md#frag` (or `x.html#frag`, the
/// HTML book's name) becomes `x.xhtml#frag` relative to `from`. With an index, a link to no page
/// is dropped and a missing fragment is left out (the reader still lands on the page); each is
/// reported in `warnings`.
pub fn rewrite_link(
    from: &str,
    dest: &str,
    index: Option<&PageIndex>,
    warnings: &mut Vec<String>,
) -> Rewritten {
    if dest.is_empty() {
        return Rewritten::Drop;
    }
    if has_scheme(dest) {
        return Rewritten::Href(dest.to_string());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let target = if path.is_empty() {
        from.to_string()
    } else {
        let Some(resolved) = resolve_path(from, path) else {
            warnings.push(format!(
                "{from}: link `{dest}` leaves the book; shown as text"
            ));
            return Rewritten::Drop;
        };
        match resolved.strip_suffix(".html") {
            Some(stem) => format!("{stem}.md"),
            None => resolved,
        }
    };
    if !target.ends_with(".md") {
        warnings.push(format!(
            "{from}: link `{dest}` names a file that is not a page; shown as text"
        ));
        return Rewritten::Drop;
    }
    let mut fragment = fragment.filter(|f| !f.is_empty());
    if let Some(index) = index {
        let Some(ids) = index.pages.get(&target) else {
            warnings.push(format!(
                "{from}: link `{dest}` names no page of the book; shown as text"
            ));
            return Rewritten::Drop;
        };
        if let Some(f) = fragment
            && !ids.contains(f)
        {
            warnings.push(format!(
                "{from}: link `{dest}`: `#{f}` is not on {target} in this edition; linking to the page"
            ));
            fragment = None;
        }
    }
    let file = if path.is_empty() {
        String::new()
    } else {
        relative(&xhtml_path(from), &xhtml_path(&target))
    };
    Rewritten::Href(match fragment {
        Some(f) => format!("{file}#{f}"),
        None if file.is_empty() => relative(&xhtml_path(from), &xhtml_path(&target)),
        None => file,
    })
}

/// Output being collected for a heading or term (its id depends on its text) or an image (its
/// text is the alt text).
struct Capture {
    kind: CaptureKind,
    outer: String,
    text: String,
}

enum CaptureKind {
    Heading {
        level: HeadingLevel,
        id: Option<String>,
        classes: Vec<String>,
    },
    Term,
    Image {
        src: Option<String>,
        title: String,
    },
}

struct Table {
    align: Vec<Alignment>,
    head: bool,
    cell: usize,
}

/// An inline SVG being copied out of the page.
struct Svg {
    xml: String,
    depth: usize,
    in_title: bool,
    title: String,
}

struct Writer<'a> {
    page: &'a str,
    index: Option<&'a PageIndex>,
    out: String,
    captures: Vec<Capture>,
    /// mdbook's id counter: the ids it derived so far (explicit ids are not in it).
    auto_ids: HashSet<String>,
    result: Converted,
    /// Per open link: whether an `<a>` was written for it.
    links: Vec<bool>,
    table: Option<Table>,
    html_block: Option<String>,
    svg: Option<Svg>,
    svg_count: usize,
    /// Footnote label → its number.
    footnotes: BTreeMap<String, usize>,
}

impl Writer<'_> {
    fn event(&mut self, event: Event<'_>) -> Result<()> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag)?,
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                self.capture_text(&t);
                if !self.in_image() {
                    self.out.push_str("<code>");
                    self.out.push_str(&escape_text(&t));
                    self.out.push_str("</code>");
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(t) => match self.html_block.as_mut() {
                Some(buf) => buf.push_str(&t),
                None => self.raw_html(&t)?,
            },
            Event::InlineHtml(t) => self.raw_html(&t)?,
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                let id = footnote_id(&label);
                self.out.push_str(&format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\">{n}</a></sup>",
                    escape_attr(&id)
                ));
            }
            Event::SoftBreak => self.text("\n"),
            Event::HardBreak => {
                if !self.in_image() {
                    self.out.push_str("<br/>");
                }
            }
            Event::Rule => self.out.push_str("<hr/>\n"),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
        Ok(())
    }

    fn in_image(&self) -> bool {
        matches!(
            self.captures.last(),
            Some(Capture {
                kind: CaptureKind::Image { .. },
                ..
            })
        )
    }

    fn capture_text(&mut self, t: &str) {
        for c in &mut self.captures {
            c.text.push_str(t);
        }
    }

    fn text(&mut self, t: &str) {
        self.capture_text(t);
        if !self.in_image() {
            self.out.push_str(&escape_text(t));
        }
    }

    fn push_capture(&mut self, kind: CaptureKind) {
        let outer = std::mem::take(&mut self.out);
        self.captures.push(Capture {
            kind,
            outer,
            text: String::new(),
        });
    }

    /// A unique id on this page; a clash (which the HTML book tolerates, XML does not) gets a
    /// suffix and a warning.
    fn claim_id(&mut self, id: String) -> String {
        if self.result.ids.insert(id.clone()) {
            return id;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{id}-{n}");
            if self.result.ids.insert(candidate.clone()) {
                self.result.warnings.push(format!(
                    "{}: id `{id}` is used twice; the second is `{candidate}` in the EPUB",
                    self.page
                ));
                return candidate;
            }
            n += 1;
        }
    }

    /// mdbook's `unique_id`: the id derived from the text, with `-1`, `-2`... on repeats.
    fn auto_id(&mut self, text: &str) -> String {
        let base = id_from_content(text);
        let mut id = base.clone();
        let mut n = 1;
        while !self.auto_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn start(&mut self, tag: Tag<'_>) -> Result<()> {
        match tag {
            Tag::Paragraph => self.out.push_str("<p>"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            } => self.push_capture(CaptureKind::Heading {
                level,
                id: id.map(|i| i.to_string()),
                classes: classes.iter().map(ToString::to_string).collect(),
            }),
            Tag::BlockQuote(None) => self.out.push_str("<blockquote>\n"),
            Tag::BlockQuote(Some(kind)) => {
                let (class, title) = admonition(kind);
                self.out.push_str(&format!(
                    "<div class=\"admonition {class}\">\n<p class=\"admonition-title\">{title}</p>\n"
                ));
            }
            Tag::CodeBlock(kind) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .next()
                        .unwrap_or("")
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                        .collect::<String>(),
                    CodeBlockKind::Indented => String::new(),
                };
                if lang.is_empty() {
                    self.out.push_str("<pre><code>");
                } else {
                    self.out
                        .push_str(&format!("<pre><code class=\"language-{lang}\">"));
                }
            }
            Tag::HtmlBlock => self.html_block = Some(String::new()),
            Tag::List(Some(1)) => self.out.push_str("<ol>\n"),
            Tag::List(Some(start)) => self.out.push_str(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.out.push_str("<ul>\n"),
            Tag::Item => self.out.push_str("<li>"),
            Tag::FootnoteDefinition(label) => {
                let n = self.footnote_number(&label);
                let id = self.claim_id(footnote_id(&label));
                self.out.push_str(&format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-label\">{n}</sup> ",
                    escape_attr(&id)
                ));
            }
            Tag::DefinitionList => self.out.push_str("<dl>\n"),
            Tag::DefinitionListTitle => self.push_capture(CaptureKind::Term),
            Tag::DefinitionListDefinition => self.out.push_str("<dd>"),
            Tag::Table(align) => {
                self.table = Some(Table {
                    align,
                    head: false,
                    cell: 0,
                });
                self.out.push_str("<table>\n");
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = true;
                    t.cell = 0;
                }
                self.out.push_str("<thead>\n<tr>");
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = 0;
                }
                self.out.push_str("<tr>");
            }
            Tag::TableCell => {
                let (name, align) = match &self.table {
                    Some(t) => (
                        if t.head { "th" } else { "td" },
                        t.align.get(t.cell).copied().unwrap_or(Alignment::None),
                    ),
                    None => ("td", Alignment::None),
                };
                let style = match align {
                    Alignment::Left => " style=\"text-align: left\"",
                    Alignment::Center => " style=\"text-align: center\"",
                    Alignment::Right => " style=\"text-align: right\"",
                    Alignment::None => "",
                };
                self.out.push_str(&format!("<{name}{style}>"));
            }
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<del>"),
            Tag::Superscript => self.out.push_str("<sup>"),
            Tag::Subscript => self.out.push_str("<sub>"),
            Tag::Link {
                dest_url, title, ..
            } => {
                let href =
                    rewrite_link(self.page, &dest_url, self.index, &mut self.result.warnings);
                match href {
                    Rewritten::Href(h) => {
                        self.out
                            .push_str(&format!("<a href=\"{}\"", escape_attr(&h)));
                        if !title.is_empty() {
                            self.out
                                .push_str(&format!(" title=\"{}\"", escape_attr(&title)));
                        }
                        self.out.push('>');
                        self.links.push(true);
                    }
                    Rewritten::Drop => self.links.push(false),
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let src = self.image_src(&dest_url);
                self.push_capture(CaptureKind::Image {
                    src,
                    title: title.to_string(),
                });
            }
            Tag::MetadataBlock(_) => {}
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) -> Result<()> {
        match tag {
            TagEnd::Paragraph => self.out.push_str("</p>\n"),
            TagEnd::Heading(_) | TagEnd::DefinitionListTitle | TagEnd::Image => {
                self.end_capture();
            }
            TagEnd::BlockQuote(None) => self.out.push_str("</blockquote>\n"),
            TagEnd::BlockQuote(Some(_)) => self.out.push_str("</div>\n"),
            TagEnd::CodeBlock => self.out.push_str("</code></pre>\n"),
            TagEnd::HtmlBlock => {
                let html = self.html_block.take().unwrap_or_default();
                self.raw_html(&html)?;
                self.out.push('\n');
            }
            TagEnd::List(true) => self.out.push_str("</ol>\n"),
            TagEnd::List(false) => self.out.push_str("</ul>\n"),
            TagEnd::Item => self.out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => self.out.push_str("</div>\n"),
            TagEnd::DefinitionList => self.out.push_str("</dl>\n"),
            TagEnd::DefinitionListDefinition => self.out.push_str("</dd>\n"),
            TagEnd::Table => {
                self.table = None;
                self.out.push_str("</tbody>\n</table>\n");
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = false;
                }
                self.out.push_str("</tr>\n</thead>\n<tbody>\n");
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                let name = match self.table.as_mut() {
                    Some(t) => {
                        t.cell += 1;
                        if t.head { "th" } else { "td" }
                    }
                    None => "td",
                };
                self.out.push_str(&format!("</{name}>"));
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</del>"),
            TagEnd::Superscript => self.out.push_str("</sup>"),
            TagEnd::Subscript => self.out.push_str("</sub>"),
            TagEnd::Link => {
                if self.links.pop().unwrap_or(false) {
                    self.out.push_str("</a>");
                }
            }
            TagEnd::MetadataBlock(_) => {}
        }
        Ok(())
    }

    fn end_capture(&mut self) {
        let Some(c) = self.captures.pop() else {
            return;
        };
        let inner = std::mem::replace(&mut self.out, c.outer);
        match c.kind {
            CaptureKind::Heading { level, id, classes } => {
                // mdbook keeps an explicit `{#id}` as written and counts only derived ones.
                let id = match id {
                    Some(id) => id,
                    None => self.auto_id(&c.text),
                };
                let id = self.claim_id(id);
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
                };
                self.out.push_str(&format!(
                    "<{level} id=\"{}\"{class}>{inner}</{level}>\n",
                    escape_attr(&id)
                ));
            }
            CaptureKind::Term => {
                let id = self.auto_id(&c.text);
                let id = self.claim_id(id);
                self.out
                    .push_str(&format!("<dt id=\"{}\">{inner}</dt>\n", escape_attr(&id)));
            }
            CaptureKind::Image { src, title } => match src {
                Some(src) => {
                    self.out.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\"",
                        escape_attr(&src),
                        escape_attr(&c.text)
                    ));
                    if !title.is_empty() {
                        self.out
                            .push_str(&format!(" title=\"{}\"", escape_attr(&title)));
                    }
                    self.out.push_str("/>");
                }
                // An image the package cannot hold shows as its alt text.
                None => self.out.push_str(&escape_text(&c.text)),
            },
        }
    }

    /// The `src` of a local image (recorded for the package), or `None` for a remote one: an
    /// EPUB that loads remote resources must declare them, and offline they would not show.
    fn image_src(&mut self, dest: &str) -> Option<String> {
        if has_scheme(dest) {
            self.result.warnings.push(format!(
                "{}: remote image `{dest}` is shown as its alt text",
                self.page
            ));
            return None;
        }
        let Some(path) = resolve_path(self.page, dest) else {
            self.result.warnings.push(format!(
                "{}: image `{dest}` is outside the book; shown as its alt text",
                self.page
            ));
            return None;
        };
        self.result.images.push(path.clone());
        Some(relative(&xhtml_path(self.page), &path))
    }

    /// Re-serializes raw HTML as XML; an `<svg>` is moved to a file of its own.
    fn raw_html(&mut self, html: &str) -> Result<()> {
        let mut emitter = DefaultEmitter::default();
        // Script and style bodies are text to a browser; a tokenizer that did not switch state
        // would read markup inside them.
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_string();
                    let attrs: Vec<(String, String)> = tag
                        .attributes
                        .iter()
                        .map(|(k, v)| {
                            (
                                String::from_utf8_lossy(k).to_string(),
                                String::from_utf8_lossy(v).to_string(),
                            )
                        })
                        .collect();
                    self.raw_start(&name, attrs, tag.self_closing)?;
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_string();
                    self.raw_end(&name);
                }
                Token::String(s) => {
                    let s = String::from_utf8_lossy(&s).to_string();
                    match self.svg.as_mut() {
                        Some(svg) => {
                            if svg.in_title {
                                svg.title.push_str(&s);
                            }
                            svg.xml.push_str(&escape_text(&s));
                        }
                        None => self.text(&s),
                    }
                }
                // Comments could hold `--`, which XML forbids; they carry nothing for a reader.
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
        Ok(())
    }

    fn raw_start(
        &mut self,
        name: &str,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    ) -> Result<()> {
        if let Some(svg) = self.svg.as_mut() {
            let name = svg_name(name, SVG_ELEMENTS);
            svg.xml.push('<');
            svg.xml.push_str(name);
            for (k, v) in &attrs {
                if is_xml_name(k) {
                    svg.xml.push_str(&format!(
                        " {}=\"{}\"",
                        svg_name(k, SVG_ATTRIBUTES),
                        escape_attr(v)
                    ));
                }
            }
            if self_closing {
                svg.xml.push_str("/>");
            } else {
                svg.xml.push('>');
                svg.depth += 1;
                if name == "title" && svg.title.is_empty() {
                    svg.in_title = true;
                }
            }
            return Ok(());
        }
        if matches!(name, "script" | "style") {
            bail!(
                "{}: a `<{name}>` cannot go into the EPUB (pages must not carry code or styles)",
                self.page
            );
        }
        if name == "svg" {
            let mut xml = String::from("<svg");
            let mut has_xlink = false;
            let mut has_ns = false;
            for (k, v) in &attrs {
                if !is_xml_name(k) {
                    continue;
                }
                has_ns |= k == "xmlns";
                has_xlink |= k == "xmlns:xlink";
                xml.push_str(&format!(
                    " {}=\"{}\"",
                    svg_name(k, SVG_ATTRIBUTES),
                    escape_attr(v)
                ));
            }
            // A standalone SVG document needs its namespaces declared (HTML implies them).
            if !has_ns {
                xml.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
            }
            if !has_xlink {
                xml.push_str(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
            }
            if self_closing {
                xml.push_str("/>");
                self.svg = Some(Svg {
                    xml,
                    depth: 0,
                    in_title: false,
                    title: String::new(),
                });
                self.finish_svg();
            } else {
                xml.push('>');
                self.svg = Some(Svg {
                    xml,
                    depth: 1,
                    in_title: false,
                    title: String::new(),
                });
            }
            return Ok(());
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            if !is_xml_name(&k) {
                continue;
            }
            let value = match (name, k.as_str()) {
                ("a", "href") => {
                    match rewrite_link(self.page, &v, self.index, &mut self.result.warnings) {
                        Rewritten::Href(h) => h,
                        Rewritten::Drop => continue,
                    }
                }
                ("img", "src") => match self.image_src(&v) {
                    Some(s) => s,
                    None => continue,
                },
                (_, "id") => self.claim_id(v),
                _ => v,
            };
            self.out
                .push_str(&format!(" {k}=\"{}\"", escape_attr(&value)));
        }
        if VOID_ELEMENTS.contains(&name) {
            self.out.push_str("/>");
        } else {
            // HTML ignores `/>` on other elements; they stay open until their end tag.
            self.out.push('>');
        }
        Ok(())
    }

    fn raw_end(&mut self, name: &str) {
        if let Some(svg) = self.svg.as_mut() {
            svg.xml.push_str("</");
            svg.xml.push_str(svg_name(name, SVG_ELEMENTS));
            svg.xml.push('>');
            svg.in_title = false;
            svg.depth = svg.depth.saturating_sub(1);
            if svg.depth == 0 {
                self.finish_svg();
            }
            return;
        }
        if VOID_ELEMENTS.contains(&name) {
            return;
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes the captured SVG as a package file and shows it with `<img>`, its `<title>` as the
    /// alt text.
    fn finish_svg(&mut self) {
        let Some(svg) = self.svg.take() else {
            return;
        };
        self.svg_count += 1;
        let stem = self
            .page
            .strip_suffix(".md")
            .unwrap_or(self.page)
            .replace('/', "-");
        let file = format!("figures/{stem}-{}.svg", self.svg_count);
        let alt = svg.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let alt = if alt.is_empty() {
            "Figure".to_string()
        } else {
            alt
        };
        self.out.push_str(&format!(
            "<img class=\"figure-svg\" src=\"{}\" alt=\"{}\"/>",
            escape_attr(&relative(&xhtml_path(self.page), &file)),
            escape_attr(&alt)
        ));
        self.result.svgs.push((
            file,
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", svg.xml),
        ));
    }
}

fn footnote_id(label: &str) -> String {
    format!("footnote-{}", id_from_content(label))
}

fn admonition(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// An attribute name XML accepts (a browser's tokenizer accepts far more).
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// The SVG name a tokenizer lowercased, restored (XML is case-sensitive: `viewbox` is not
/// `viewBox`). The tables are the HTML standard's "adjust SVG" lists.
fn svg_name<'a>(lower: &'a str, table: &'static [(&'static str, &'static str)]) -> &'a str {
    match table.iter().find(|(l, _)| *l == lower) {
        Some((_, proper)) => proper,
        None => lower,
    }
}

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

const SVG_ELEMENTS: &[(&str, &str)] = &[
    ("altglyph", "altGlyph"),
    ("altglyphdef", "altGlyphDef"),
    ("altglyphitem", "altGlyphItem"),
    ("animatecolor", "animateColor"),
    ("animatemotion", "animateMotion"),
    ("animatetransform", "animateTransform"),
    ("clippath", "clipPath"),
    ("feblend", "feBlend"),
    ("fecolormatrix", "feColorMatrix"),
    ("fecomponenttransfer", "feComponentTransfer"),
    ("fecomposite", "feComposite"),
    ("feconvolvematrix", "feConvolveMatrix"),
    ("fediffuselighting", "feDiffuseLighting"),
    ("fedisplacementmap", "feDisplacementMap"),
    ("fedistantlight", "feDistantLight"),
    ("fedropshadow", "feDropShadow"),
    ("feflood", "feFlood"),
    ("fefunca", "feFuncA"),
    ("fefuncb", "feFuncB"),
    ("fefuncg", "feFuncG"),
    ("fefuncr", "feFuncR"),
    ("fegaussianblur", "feGaussianBlur"),
    ("feimage", "feImage"),
    ("femerge", "feMerge"),
    ("femergenode", "feMergeNode"),
    ("femorphology", "feMorphology"),
    ("feoffset", "feOffset"),
    ("fepointlight", "fePointLight"),
    ("fespecularlighting", "feSpecularLighting"),
    ("fespotlight", "feSpotLight"),
    ("fetile", "feTile"),
    ("feturbulence", "feTurbulence"),
    ("foreignobject", "foreignObject"),
    ("glyphref", "glyphRef"),
    ("lineargradient", "linearGradient"),
    ("radialgradient", "radialGradient"),
    ("textpath", "textPath"),
];

const SVG_ATTRIBUTES: &[(&str, &str)] = &[
    ("attributename", "attributeName"),
    ("attributetype", "attributeType"),
    ("basefrequency", "baseFrequency"),
    ("baseprofile", "baseProfile"),
    ("calcmode", "calcMode"),
    ("clippathunits", "clipPathUnits"),
    ("diffuseconstant", "diffuseConstant"),
    ("edgemode", "edgeMode"),
    ("filterunits", "filterUnits"),
    ("glyphref", "glyphRef"),
    ("gradienttransform", "gradientTransform"),
    ("gradientunits", "gradientUnits"),
    ("kernelmatrix", "kernelMatrix"),
    ("kernelunitlength", "kernelUnitLength"),
    ("keypoints", "keyPoints"),
    ("keysplines", "keySplines"),
    ("keytimes", "keyTimes"),
    ("lengthadjust", "lengthAdjust"),
    ("limitingconeangle", "limitingConeAngle"),
    ("markerheight", "markerHeight"),
    ("markerunits", "markerUnits"),
    ("markerwidth", "markerWidth"),
    ("maskcontentunits", "maskContentUnits"),
    ("maskunits", "maskUnits"),
    ("numoctaves", "numOctaves"),
    ("pathlength", "pathLength"),
    ("patterncontentunits", "patternContentUnits"),
    ("patterntransform", "patternTransform"),
    ("patternunits", "patternUnits"),
    ("pointsatx", "pointsAtX"),
    ("pointsaty", "pointsAtY"),
    ("pointsatz", "pointsAtZ"),
    ("preservealpha", "preserveAlpha"),
    ("preserveaspectratio", "preserveAspectRatio"),
    ("primitiveunits", "primitiveUnits"),
    ("refx", "refX"),
    ("refy", "refY"),
    ("repeatcount", "repeatCount"),
    ("repeatdur", "repeatDur"),
    ("requiredextensions", "requiredExtensions"),
    ("requiredfeatures", "requiredFeatures"),
    ("specularconstant", "specularConstant"),
    ("specularexponent", "specularExponent"),
    ("spreadmethod", "spreadMethod"),
    ("startoffset", "startOffset"),
    ("stddeviation", "stdDeviation"),
    ("stitchtiles", "stitchTiles"),
    ("surfacescale", "surfaceScale"),
    ("systemlanguage", "systemLanguage"),
    ("tablevalues", "tableValues"),
    ("targetx", "targetX"),
    ("targety", "targetY"),
    ("textlength", "textLength"),
    ("viewbox", "viewBox"),
    ("viewtarget", "viewTarget"),
    ("xchannelselector", "xChannelSelector"),
    ("ychannelselector", "yChannelSelector"),
    ("zoomandpan", "zoomAndPan"),
];
