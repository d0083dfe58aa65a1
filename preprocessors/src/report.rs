//! Book-level error reports: every problem of every chapter, each with its file, line and column,
//! printed the way Cargo prints compiler errors. The build fails once, at the end, so an author
//! sees all problems of a run instead of one per run.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::path::PathBuf;

/// The source file of a chapter, for error locations (its name when it has no file).
pub fn chapter_file(ch: &mdbook_preprocessor::book::Chapter, src_dir: &std::path::Path) -> PathBuf {
    ch.source_path
        .as_ref()
        .map(|p| src_dir.join(p))
        .unwrap_or_else(|| PathBuf::from(&ch.name))
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The chapter's source file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Problems collected over a whole book.
#[derive(Debug, Default)]
pub struct BookErrors {
    found: Vec<(Location, String, Option<String>)>,
}

impl BookErrors {
    /// Records a problem.
    pub fn push(&mut self, at: Location, message: String, help: Option<String>) {
        self.found.push((at, message, help));
    }

    /// True if nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// `Ok` if nothing was recorded, otherwise one error holding every report.
    pub fn into_result(mut self) -> anyhow::Result<()> {
        if self.found.is_empty() {
            return Ok(());
        }
        self.found.sort_by(|a, b| {
            (&a.0.file, a.0.line, a.0.column).cmp(&(&b.0.file, b.0.line, b.0.column))
        });
        let mut text = String::new();
        for (at, message, help) in &self.found {
            text.push_str(&render(at, message, help.as_deref()));
            text.push('\n');
        }
        let n = self.found.len();
        anyhow::bail!(
            "{text}{n} error{} in the book",
            if n == 1 { "" } else { "s" }
        )
    }
}

fn render(at: &Location, message: &str, help: Option<&str>) -> String {
    let path = display_path(&at.file);
    // The first line of the message is the title; the rest (a validator's report) follows as is.
    let (title, detail) = message.split_once('\n').unwrap_or((message, ""));
    let source = std::fs::read_to_string(&at.file).ok();
    let mut groups = Vec::new();
    let line_text = source
        .as_deref()
        .and_then(|s| s.lines().nth(at.line.saturating_sub(1)));
    match line_text {
        Some(line) => {
            let start = (at.column - 1).min(line.len());
            let end = line[start..]
                .find("}}")
                .map_or(line.len(), |e| start + e + 2);
            groups.push(
                Level::ERROR.primary_title(title).element(
                    Snippet::source(line)
                        .line_start(at.line)
                        .path(path.as_str())
                        .annotation(
                            AnnotationKind::Primary
                                .span(start..end.max(start + 1).min(line.len().max(start + 1))),
                        ),
                ),
            );
        }
        None => {
            groups.push(Group::with_title(Level::ERROR.primary_title(title)));
            groups.push(Group::with_title(
                Level::NOTE.secondary_title(format!("at {path}:{}:{}", at.line, at.column)),
            ));
        }
    }
    if let Some(help) = help {
        groups.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    let mut out = Renderer::plain().render(&groups).to_string();
    if !detail.is_empty() {
        out.push('\n');
        out.push_str(detail);
    }
    out.push('\n');
    out
}

/// A path relative to the working directory when possible, as compilers print them.
fn display_path(p: &std::path::Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.display().to_string()))
        .unwrap_or_else(|| p.display().to_string())
}
