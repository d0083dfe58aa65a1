//! `haguide lint FILE...`: an operator's own files through the guide's native validator and
//! the format's upstream tool, reported as `file:line: error: message` plus the tool's output.

use anyhow::{Context, Result, bail};
use haguide_snippets::{Format, Severity, validate};
use haguide_upstream::{Input, Status};
use std::fmt::Write as _;
use std::path::Path;

/// What one file gave.
pub struct Linted {
    /// The report lines.
    pub text: String,
    /// Errors: native errors plus an upstream failure or missing tool.
    pub errors: usize,
}

/// The release `--release` defaults to: the first value of the release axis.
pub fn default_release(axes: &haguide_snippets::Axes) -> Option<String> {
    axes.get("release")
        .and_then(|a| a.values.first())
        .map(|v| v.id.clone())
}

/// Lints one file.
pub fn lint(
    path: &Path,
    format: Option<&Format>,
    release: Option<&str>,
    nodes: &[String],
) -> Result<Linted> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let format = match format {
        Some(f) => f.clone(),
        None => Format::guess(path).with_context(|| {
            format!(
                "{}: cannot tell the format from the name; pass --format (one of {})",
                path.display(),
                haguide_snippets::format::FORMAT_NAMES.join(", ")
            )
        })?,
    };
    if format == Format::Cluster {
        bail!("--format cluster needs a variant; use --format pcs or --format crmsh");
    }
    let shown = path.display().to_string();
    let mut out = String::new();
    let mut errors = 0;

    let ctx = validate::Context {
        earlier: &[],
        release,
    };
    for d in validate::validate_in(&format, ctx, &text) {
        let level = match d.severity {
            Severity::Error => {
                errors += 1;
                "error"
            }
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{shown}:{}: {level}: {}", d.line, d.message);
        if let Some(help) = &d.help {
            let _ = write!(out, " (help: {help})");
        }
        out.push('\n');
    }

    let outcome = haguide_upstream::check(&Input {
        nodes,
        release,
        ..Input::file(&text, &format, &shown)
    });
    let tool = match &outcome.tool_version {
        Some(v) => format!("{} ({v})", outcome.tool),
        None => outcome.tool.clone(),
    };
    match &outcome.status {
        Status::Pass => {
            let _ = writeln!(out, "{shown}: {tool}: pass");
        }
        Status::Excluded { reason } => {
            let _ = writeln!(out, "{shown}: note: upstream check excluded: {reason}");
        }
        Status::Missing { tool, install_hint } => {
            errors += 1;
            let _ = writeln!(
                out,
                "{shown}: error: `{tool}` is not installed, so the upstream check did not run: {install_hint}"
            );
        }
        Status::Fail { diagnostics } => {
            errors += diagnostics.len().max(1);
            for d in diagnostics {
                let at = d.line.map(|n| format!(":{n}")).unwrap_or_default();
                let _ = writeln!(out, "{shown}{at}: error: {}: {}", outcome.tool, d.message);
            }
        }
    }
    for note in &outcome.notes {
        let _ = writeln!(out, "{shown}: note: {note}");
    }
    for e in &outcome.exclusions {
        let _ = writeln!(
            out,
            "{shown}:{}: note: not checked as written ({:?}): {}",
            e.line, e.kind, e.reason
        );
    }
    if !outcome.is_ok() && !outcome.output.trim().is_empty() {
        let _ = writeln!(out, "{shown}: {} said:", outcome.tool);
        for l in outcome.output.lines() {
            let _ = writeln!(out, "    {l}");
        }
    }
    Ok(Linted { text: out, errors })
}
