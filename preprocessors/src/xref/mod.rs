//! The `haguide-xref` preprocessor: Install Guide and project cross-references through Sphinx
//! inventories, written the MyST way.
//!
//! - `[text](inv:keystone:std:label#keystone-install-configure-ubuntu)` links with your text;
//! - `<inv:install-guide:std:doc#environment-ntp>` and `[](inv:…)` take the target's own title;
//! - `(my-label)=` on the line before a heading gives that heading an explicit anchor, which the
//!   book's own objects.inv then exports as a `std:label`.
//!
//! A reference that does not resolve fails the build with its file and line and the nearest names
//! across every inventory. Runs before the snippet preprocessor, so line numbers are the source's.

mod inventories;
mod reference;

pub use inventories::{Inventories, InventorySpec, Resolved, Unresolved, XrefConfig};
pub use reference::Reference;

use crate::report::{BookErrors, Location};
use anyhow::Context as _;
use mdbook_preprocessor::book::{Book, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use std::ops::Range;
use std::path::Path;

/// The name in book.toml: `[preprocessor.haguide-xref]`.
pub const NAME: &str = "haguide-xref";

/// The cross-reference preprocessor.
#[derive(Debug, Default)]
pub struct XrefPreprocessor;

/// An `inv:` link found in a chapter.
#[derive(Debug, Clone)]
pub struct Found {
    /// Its span in the chapter source: the whole link.
    pub span: Range<usize>,
    /// 1-based line and column.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The destination as written (`inv:…`).
    pub dest: String,
    /// The link text as written (empty for autolinks and `[](…)`).
    pub text: String,
    /// True for `<inv:…>`.
    pub autolink: bool,
    /// True for reference-style links, which are not supported.
    pub reference_style: bool,
}

/// Loads the xref configuration of a book.
pub fn config(ctx_config: &mdbook_preprocessor::config::Config) -> anyhow::Result<XrefConfig> {
    let config: XrefConfig = ctx_config
        .get(&format!("preprocessor.{NAME}"))
        .with_context(|| format!("reading [preprocessor.{NAME}] in book.toml"))?
        .unwrap_or_default();
    config.check_keys(&format!("preprocessor.{NAME}"))?;
    Ok(config)
}

impl Preprocessor for XrefPreprocessor {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let inventories = config(&ctx.config)?.load(&ctx.root)?;
        let src_dir = ctx.root.join(&ctx.config.book.src);
        let mut errors = BookErrors::default();
        book.for_each_chapter_mut(|ch| rewrite_chapter(ch, &inventories, &src_dir, &mut errors));
        errors.into_result()?;
        Ok(book)
    }
}

fn rewrite_chapter(
    ch: &mut Chapter,
    inventories: &Inventories,
    src_dir: &Path,
    errors: &mut BookErrors,
) {
    let file = crate::report::chapter_file(ch, src_dir);
    let mut edits: Edits = Vec::new();
    for f in find(&ch.content) {
        let at = Location {
            file: file.clone(),
            line: f.line,
            column: f.column,
        };
        match replacement(&f, inventories) {
            Ok(text) => edits.push((f.span.clone(), text)),
            Err((message, help)) => errors.push(at, message, help),
        }
    }
    match label_edits(&ch.content) {
        Ok(more) => edits.extend(more),
        Err((line, message)) => errors.push(
            Location {
                file: file.clone(),
                line,
                column: 1,
            },
            message,
            None,
        ),
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (span, text) in edits {
        ch.content.replace_range(span, &text);
    }
}

/// Every `inv:` link of a chapter, outside code.
pub fn find(source: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(source, Options::all()).into_offset_iter() {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) = event
        else {
            continue;
        };
        if !dest_url.starts_with("inv:") {
            continue;
        }
        let raw = &source[range.clone()];
        let autolink = matches!(link_type, LinkType::Autolink);
        let text = if autolink {
            String::new()
        } else {
            raw.get(1..raw.rfind("](").unwrap_or(1))
                .unwrap_or_default()
                .to_string()
        };
        let line = source[..range.start].matches('\n').count() + 1;
        let column = range.start - source[..range.start].rfind('\n').map_or(0, |i| i + 1) + 1;
        out.push(Found {
            span: range,
            line,
            column,
            dest: dest_url.to_string(),
            text,
            autolink,
            reference_style: matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            ),
        });
    }
    out
}

/// The Markdown that replaces a found link.
fn replacement(f: &Found, inventories: &Inventories) -> Result<String, (String, Option<String>)> {
    if f.reference_style {
        return Err((
            format!("inventory reference `{}` in a reference-style link", f.dest),
            Some("write it inline: `[text](inv:KEY#name)`".to_string()),
        ));
    }
    let reference = Reference::parse(&f.dest).map_err(|m| (m, None))?;
    let resolved = inventories
        .resolve(&reference)
        .map_err(|u| explain(&f.dest, u))?;
    let text = if f.text.trim().is_empty() {
        escape_text(resolved.entry.display_name())
    } else {
        f.text.clone()
    };
    Ok(format!(
        "[{text}]({} \"{}\")",
        resolved.url,
        tooltip(&resolved).replace('"', "'")
    ))
}

/// Sphinx's tooltip: `(in Project v1.2)`, the `v` only when the version starts with a digit.
pub fn tooltip(r: &Resolved<'_>) -> String {
    match r.version.chars().next() {
        None => format!("(in {})", r.project),
        Some(c) if c.is_ascii_digit() => format!("(in {} v{})", r.project, r.version),
        Some(_) => format!("(in {} {})", r.project, r.version),
    }
}

fn explain(dest: &str, u: Unresolved) -> (String, Option<String>) {
    match u {
        Unresolved::UnknownKey { key, suggestions } => (
            format!("`{dest}`: no inventory is called `{key}` in book.toml"),
            Some(format!("known inventories: {}", suggestions.join(", "))),
        ),
        Unresolved::NotFound { suggestions } if suggestions.is_empty() => (
            format!("`{dest}` does not resolve in any inventory"),
            Some("check the name with `haguide xref list` or the project's objects.inv".into()),
        ),
        Unresolved::NotFound { suggestions } => (
            format!("`{dest}` does not resolve in any inventory"),
            Some(format!("nearest names: {}", suggestions.join(", "))),
        ),
        Unresolved::Ambiguous { candidates } => (
            format!("`{dest}` is ambiguous: {} objects match", candidates.len()),
            Some(format!(
                "name the inventory and type; candidates:\n  {}",
                candidates.join("\n  ")
            )),
        ),
    }
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#!|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `(name)=` lines: the next heading gets `{#name}`; without a heading, an anchor element.
/// Text replacements: a byte range of the source and what goes there.
type Edits = Vec<(Range<usize>, String)>;

fn label_edits(source: &str) -> Result<Edits, (usize, String)> {
    let code = crate::directive::code_ranges(source);
    let mut edits = Vec::new();
    let mut offset = 0;
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    for l in &lines {
        starts.push(offset);
        offset += l.len();
    }
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let Some(name) = t.strip_prefix('(').and_then(|r| r.strip_suffix(")=")) else {
            continue;
        };
        if code.iter().any(|r| r.contains(&starts[i])) {
            continue;
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err((
                i + 1,
                format!("label `({name})=` may only use letters, digits, `-`, `_` and `.`"),
            ));
        }
        let line_range = starts[i]..starts[i] + line.len();
        let next = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| !l.trim().is_empty());
        match next {
            Some((j, heading)) if heading.trim_start().starts_with('#') => {
                if heading.contains("{#") {
                    return Err((
                        j + 1,
                        format!("heading already has an id; remove `({name})=` or its `{{#…}}`"),
                    ));
                }
                let body = heading.trim_end_matches(['\n', '\r']);
                let end = starts[j] + body.len();
                edits.push((line_range, String::new()));
                edits.push((end..end, format!(" {{#{name}}}")));
            }
            _ => edits.push((line_range, format!("<a id=\"{name}\"></a>\n"))),
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_autolinks_and_skips_code() {
        let src = "See [the guide](inv:install-guide:std:doc#environment-ntp) and <inv:keystone#x>.\n\n```text\n[a](inv:k#x)\n```\n";
        let found = find(src);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "the guide");
        assert!(found[1].autolink);
        assert_eq!((found[1].line, found[1].column), (1, 64));
    }

    #[test]
    fn labels_become_heading_ids() {
        let src = "(fencing)=\n## Fencing\n\ntext\n";
        let mut edits = label_edits(src).expect("edits");
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut s = src.to_string();
        for (r, t) in edits {
            s.replace_range(r, &t);
        }
        assert_eq!(s, "## Fencing {#fencing}\n\ntext\n");
        assert!(label_edits("(bad label)=\n# X\n").is_err());
    }
}
