//! Diagnostics: what a validator found, where, and what it expected.
//!
//! Validators only collect [`Diagnostic`]s with line numbers in the text they checked. Turning them
//! into rustc-style reports is done by [`render_report`] through annotate-snippets, so every part of
//! the project prints problems the same way.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors fail the build; warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Printed, but the build goes on.
    Warning,
    /// Fails the render, the build and the lint.
    Error,
}

/// One finding in a checked text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// 1-based line in the checked text; 0 when the finding is about the file as a whole.
    pub line: usize,
    /// Byte range inside that line to underline, when the validator knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<(usize, usize)>,
    /// What was found.
    pub message: String,
    /// What was expected instead, or how to fix it (`help:` in the report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error on a line.
    pub fn error(line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            line,
            columns: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning on a line.
    pub fn warning(line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(line, message)
        }
    }

    /// Adds what was expected, or how to fix it.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Underlines a byte range of the line.
    #[must_use]
    pub fn columns(mut self, start: usize, end: usize) -> Self {
        self.columns = Some((start, end.max(start + 1)));
        self
    }

    /// Underlines the first occurrence of `needle` on `line_text`.
    #[must_use]
    pub fn at(self, line_text: &str, needle: &str) -> Self {
        match line_text.find(needle) {
            Some(start) if !needle.is_empty() => self.columns(start, start + needle.len()),
            _ => self,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: line {}: {}", self.line, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Renders diagnostics against the text they were found in, the way rustc and Cargo print errors.
///
/// `origin` is what the reader should open: a rendered snippet's target path with its snippet id,
/// or an operator's own file for `haguide lint`.
pub fn render_report(origin: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let renderer = if std::env::var_os("NO_COLOR").is_none() && colors_wanted() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let line_starts = line_starts(text);
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.clone().primary_title(d.message.as_str());
        let report: Vec<Group<'_>> = if d.line == 0 || d.line > line_starts.len() {
            let mut groups = vec![Group::with_title(title)];
            groups.push(Group::with_title(
                Level::NOTE.secondary_title(format!("in {origin}")),
            ));
            if let Some(help) = &d.help {
                groups.push(Group::with_title(
                    Level::HELP.secondary_title(help.as_str()),
                ));
            }
            groups
        } else {
            let start = line_starts[d.line - 1];
            let line_text = text[start..].split('\n').next().unwrap_or_default();
            let (from, to) = d.columns.unwrap_or((0, line_text.len().max(1)));
            let from = from.min(line_text.len());
            let to = to.clamp(from, line_text.len().max(from));
            let span = (start + from)..(start + to.max(from));
            let mut groups = vec![
                title.element(
                    Snippet::source(text)
                        .path(origin)
                        .line_start(1)
                        .annotation(AnnotationKind::Primary.span(span)),
                ),
            ];
            if let Some(help) = &d.help {
                groups.push(Group::with_title(
                    Level::HELP.secondary_title(help.as_str()),
                ));
            }
            groups
        };
        out.push_str(&renderer.render(&report));
        out.push('\n');
    }
    out
}

fn colors_wanted() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// Byte offsets where each line of `text` starts.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len() || i == 0)
        .collect()
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The closest candidates to `found`, best first, for "did you mean" hints.
pub fn near_matches<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(found, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `x`?" for the best near matches, or nothing.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let near = near_matches(found, candidates);
    match near.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// "did you mean" offering only the closest candidates. Jaro-Winkler ranks them; when one is
/// strictly fewer edits away than the rest, only that one is offered, so `retires` suggests
/// `retries` alone. Jaro-Winkler misses swaps in very short words (`uir`), so one edit always
/// counts.
pub fn best_match_hint<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let mut near = near_matches(found, candidates.iter().copied());
    let one_edit: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| strsim::osa_distance(found, c) == 1 && !near.contains(c))
        .collect();
    near.extend(one_edit);
    let best = near.iter().map(|c| strsim::osa_distance(found, c)).min()?;
    let closest: Vec<&str> = near
        .iter()
        .copied()
        .filter(|c| strsim::osa_distance(found, c) == best)
        .collect();
    match closest.as_slice() {
        [one] => Some(format!("did you mean `{one}`?")),
        _ => Some(format!(
            "did you mean one of {}?",
            closest
                .iter()
                .take(3)
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_origin_line_and_help() {
        let text = "global\n    maxconn 4000\ndefaults\n    retires 3\n";
        let d = Diagnostic::error(4, "unknown keyword `retires` in `defaults`")
            .at("    retires 3", "retires")
            .help("did you mean `retries`?");
        let report = render_report("/etc/haproxy/haproxy.cfg", text, &[d]);
        assert!(
            report.contains("error: unknown keyword `retires`"),
            "{report}"
        );
        assert!(report.contains("/etc/haproxy/haproxy.cfg:4:5"), "{report}");
        assert!(report.contains("help: did you mean `retries`?"), "{report}");
    }

    #[test]
    fn near_matches_rank_closest_first() {
        let near = near_matches("retires", ["retries", "maxconn", "redispatch"]);
        assert_eq!(near.first(), Some(&"retries"));
        assert!(near_matches("zzz", ["retries"]).is_empty());
    }

    #[test]
    fn line_numbers() {
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_starts("a\nb\n"), vec![0, 2]);
    }
}
