//! What a snippet directive becomes in the Markdown handed to a renderer.
//!
//! HTML gets one block per distinct rendering, all visible and labelled; the theme's script turns
//! them into tabs. Without JavaScript, in print.html and in print media, every variant stays
//! visible with its label. Other renderers (EPUB, PDF routes, `mdbook test`) get plain labelled
//! code blocks one after another.

use haguide_snippets::{Axes, Rendered};
use std::fmt::Write;

/// A group of variants that render to the same text and target.
pub struct Panel<'a> {
    /// The first rendering of the group (they are all the same).
    pub rendered: &'a Rendered,
    /// Every variant the group covers, as `distro=rhel,tool=pcs`.
    pub variants: Vec<String>,
    /// The label shown above the block.
    pub label: String,
}

/// Merges variants whose rendering is identical, keeping display order.
pub fn panels<'a>(rendered: &'a [Rendered], axes: &Axes) -> Vec<Panel<'a>> {
    let mut out: Vec<Panel<'a>> = Vec::new();
    let mut members: Vec<Vec<&Rendered>> = Vec::new();
    for r in rendered {
        match out
            .iter()
            .position(|p| p.rendered.text == r.text && p.rendered.target() == r.target())
        {
            Some(i) => {
                out[i].variants.push(r.variant.to_string());
                members[i].push(r);
            }
            None => {
                out.push(Panel {
                    rendered: r,
                    variants: vec![r.variant.to_string()],
                    label: String::new(),
                });
                members.push(vec![r]);
            }
        }
    }
    let single = out.len() == 1;
    for (panel, group) in out.iter_mut().zip(&members) {
        panel.label = if single {
            String::new()
        } else {
            label_of(group, axes)
        };
    }
    out
}

/// "Ubuntu / Debian · pcs", or for merged variants the axis values they share ("RHEL family"),
/// or the list of full labels when they share nothing.
fn label_of(group: &[&Rendered], axes: &Axes) -> String {
    if group.len() == 1 {
        return group[0].variant_label.clone();
    }
    let mut shared = group[0].variant.clone();
    shared
        .0
        .retain(|k, v| group.iter().all(|r| r.variant.get(k) == Some(v.as_str())));
    if shared.0.is_empty() {
        group
            .iter()
            .map(|r| r.variant_label.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    } else {
        axes.label(&shared)
    }
}

/// Escapes text for HTML attributes and element content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block that cannot be closed early by the content.
pub fn fence(language: &str, text: &str) -> String {
    let longest = text
        .lines()
        .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let body = text.strip_suffix('\n').unwrap_or(text);
    format!("{ticks}{language}\n{body}\n{ticks}\n")
}

/// HTML: a labelled figure holding one block per panel, and the deployment panel's data for it
/// (`island`, see [`crate::deployment`]) when the snippet follows the reader's values.
pub fn html(
    panels: &[Panel<'_>],
    anchor: &str,
    axes_of_snippet: &[String],
    island: Option<&str>,
) -> String {
    let Some(first) = panels.first() else {
        return String::new();
    };
    let r = first.rendered;
    let mut out = String::new();
    let _ = write!(
        out,
        "\n<figure class=\"hg-snippet\" id=\"{}\" data-snippet=\"{}\" data-axes=\"{}\">\n<figcaption class=\"hg-snippet-title\">{}</figcaption>\n",
        escape(anchor),
        escape(&r.id),
        escape(&axes_of_snippet.join(" ")),
        escape(&r.title),
    );
    for p in panels {
        let _ = write!(
            out,
            "<div class=\"hg-variant\" data-variants=\"{}\" data-label=\"{}\">\n<p class=\"hg-variant-head\">",
            escape(&p.variants.join(";")),
            escape(&p.label),
        );
        if !p.label.is_empty() {
            let _ = write!(
                out,
                "<span class=\"hg-variant-label\">{}</span> ",
                escape(&p.label)
            );
        }
        match (&p.rendered.file, &p.rendered.run_on) {
            (Some(file), _) => {
                let _ = write!(out, "<code class=\"hg-target\">{}</code>", escape(file));
            }
            (None, Some(run_on)) => {
                let _ = write!(
                    out,
                    "<span class=\"hg-run-on\">Run on {}</span>",
                    escape(run_on)
                );
            }
            (None, None) => {}
        }
        out.push_str("</p>\n\n");
        out.push_str(&fence(p.rendered.format.code_language(), &p.rendered.text));
        out.push_str("\n</div>\n");
    }
    if let Some(island) = island {
        out.push_str(island);
    }
    out.push_str("</figure>\n\n");
    out
}

/// Every other renderer: a bold title, then per panel an italic label with the target and the
/// code block. `language` is forced to `text` for `mdbook test` so rustdoc never compiles it.
pub fn print(panels: &[Panel<'_>], force_language: Option<&str>) -> String {
    let Some(first) = panels.first() else {
        return String::new();
    };
    let mut out = format!("\n**{}**\n\n", first.rendered.title.replace('*', "\\*"));
    for p in panels {
        let target = match (&p.rendered.file, &p.rendered.run_on) {
            (Some(file), _) => format!("`{file}`"),
            (None, Some(run_on)) => format!("run on {run_on}"),
            (None, None) => String::new(),
        };
        match (p.label.is_empty(), target.is_empty()) {
            (true, false) => {
                let _ = writeln!(out, "*{}{}*\n", target[..1].to_uppercase(), &target[1..]);
            }
            (false, false) => {
                let _ = writeln!(out, "*{}*: {target}\n", p.label);
            }
            (false, true) => {
                let _ = writeln!(out, "*{}*\n", p.label);
            }
            (true, true) => {}
        }
        let lang = force_language.unwrap_or_else(|| p.rendered.format.code_language());
        out.push_str(&fence(lang, &p.rendered.text));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_outgrows_backticks_in_content() {
        let f = fence("text", "a\n````\nb\n");
        assert!(f.starts_with("`````text\n"), "{f}");
    }

    #[test]
    fn escape_covers_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
