//! Errors of the snippet crate. Each names the file (and line) to open and, where it helps, the
//! nearest valid names.

use crate::diag::{Diagnostic, render_report};
use std::path::PathBuf;

/// What can go wrong while loading, rendering or validating snippets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// A profile file is malformed or inconsistent.
    #[error("{source_name}:{line}: invalid deployment profile: {message}")]
    Profile {
        /// The file, or the embedded default.
        source_name: String,
        /// 1-based line, 0 if unknown.
        line: usize,
        /// What is wrong.
        message: String,
    },

    /// A catalog file (snippet.toml, axes.toml, a template's name) is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Catalog {
        /// The file.
        path: PathBuf,
        /// 1-based line, 0 if unknown.
        line: usize,
        /// What is wrong.
        message: String,
    },

    /// No snippet has this id.
    #[error("unknown snippet `{id}`{}", hint(suggestions))]
    UnknownSnippet {
        /// The id asked for.
        id: String,
        /// Near matches.
        suggestions: Vec<String>,
    },

    /// The id is not a catalog name (for example it tries `..` or is absolute).
    #[error("`{id}` is not a snippet id: {reason}")]
    InvalidId {
        /// The id asked for.
        id: String,
        /// Why it is refused.
        reason: String,
    },

    /// The snippet has no such variant.
    #[error(
        "snippet `{id}` has no variant `{variant}`: {reason}{}",
        hint(suggestions)
    )]
    UnknownVariant {
        /// The snippet.
        id: String,
        /// The variant asked for.
        variant: String,
        /// Why it does not fit.
        reason: String,
        /// Near matches.
        suggestions: Vec<String>,
    },

    /// A template does not compile.
    #[error("{}:{line}:{column}: template syntax error in snippet `{id}`: {message}", path.display())]
    TemplateSyntax {
        /// The snippet.
        id: String,
        /// The template file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },

    /// Rendering failed, usually a variable missing from the profile or variant (strict mode).
    #[error("{}:{line}: cannot render snippet `{id}` ({variant}): {message}{}", path.display(), hint(suggestions))]
    Render {
        /// The snippet.
        id: String,
        /// The variant being rendered.
        variant: String,
        /// The template file.
        path: PathBuf,
        /// 1-based line in the template, 0 if unknown.
        line: usize,
        /// What failed.
        message: String,
        /// Near matches for a missing variable.
        suggestions: Vec<String>,
    },

    /// The rendered text failed its format's validator.
    #[error("snippet `{id}` ({variant}) renders an invalid {format} file for {target}:\n{}", render_report(&format!("{target} [{id} {variant}]"), text, diagnostics))]
    Invalid {
        /// The snippet.
        id: String,
        /// The variant.
        variant: String,
        /// The format name.
        format: String,
        /// The target path or command description.
        target: String,
        /// The rendered text.
        text: String,
        /// What the validator found.
        diagnostics: Vec<Diagnostic>,
    },
}

fn hint(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("\n  help: did you mean `{one}`?"),
        many => format!(
            "\n  help: did you mean one of: {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
