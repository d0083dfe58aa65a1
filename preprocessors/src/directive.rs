//! Finding `{{#snippet …}}`-style directives in a chapter's Markdown.
//!
//! pulldown-cmark tells us where code blocks and inline code are, so a directive written inside
//! one is left as text: that is how the guide documents its own syntax. The directives themselves
//! are found in the raw source, so their byte ranges (and line numbers) are exact.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// One directive occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// `snippet`, `profile`, `profile-table`...
    pub name: String,
    /// The words after the name.
    pub args: Vec<String>,
    /// Where it is in the chapter source, including the braces.
    pub span: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A fenced code block without a language, which `mdbook test` would compile as Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlabelledFence {
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// The directives of `source` that this crate handles (`names`), outside code.
pub fn find(source: &str, names: &[&str]) -> Vec<Directive> {
    let code = code_ranges(source);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = source[from..].find("{{#") {
        let start = from + rel;
        from = start + 3;
        if code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        // `\{{#snippet x}}` is mdbook's escape; the built-in links preprocessor drops the backslash.
        if start > 0 && source.as_bytes()[start - 1] == b'\\' {
            continue;
        }
        let Some(end_rel) = source[start..].find("}}") else {
            continue;
        };
        let inner = &source[start + 3..start + end_rel];
        if inner.contains('\n') {
            continue;
        }
        let mut words = inner.split_whitespace();
        let Some(name) = words.next() else { continue };
        if !names.contains(&name) {
            continue;
        }
        let line = source[..start].matches('\n').count() + 1;
        let column = start - source[..start].rfind('\n').map_or(0, |i| i + 1) + 1;
        out.push(Directive {
            name: name.to_string(),
            args: words.map(str::to_string).collect(),
            span: start..start + end_rel + 2,
            line,
            column,
        });
        from = start + end_rel + 2;
    }
    out
}

/// Byte ranges of code blocks and inline code: where directives and labels are only text.
pub(crate) fn code_ranges(source: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                ranges.push(open.take().unwrap_or(range.start)..range.end);
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Fenced code blocks with no info string. rustdoc treats them as Rust under `mdbook test`.
pub fn unlabelled_fences(source: &str) -> Vec<UnlabelledFence> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(source, Options::all()).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) = event
            && info.trim().is_empty()
        {
            out.push(UnlabelledFence {
                line: source[..range.start].matches('\n').count() + 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_with_lines_and_args() {
        let src = "# Title\n\nText {{#snippet haproxy/api-endpoints distro=rhel}} more.\n";
        let found = find(src, &["snippet"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].args, vec!["haproxy/api-endpoints", "distro=rhel"]);
        assert_eq!((found[0].line, found[0].column), (3, 6));
        assert_eq!(
            &src[found[0].span.clone()],
            "{{#snippet haproxy/api-endpoints distro=rhel}}"
        );
    }

    #[test]
    fn leaves_code_and_escapes_alone() {
        let src = "```text\n{{#snippet a/b}}\n```\n\nInline `{{#snippet a/b}}` and \\{{#snippet a/b}}.\n\n    {{#snippet a/b}}\n";
        assert!(find(src, &["snippet"]).is_empty());
    }

    #[test]
    fn ignores_other_directives() {
        assert!(find("{{#include x.md}}", &["snippet"]).is_empty());
    }

    #[test]
    fn reports_unlabelled_fences() {
        let src = "a\n\n```\nx\n```\n\n```console\ny\n```\n";
        assert_eq!(unlabelled_fences(src), vec![UnlabelledFence { line: 3 }]);
    }
}
