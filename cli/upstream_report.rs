//! What `snippet check --upstream` prints and writes: a summary table per format, every failure
//! with the tool's own output, every exclusion with its reason, and the same as JSON.

use crate::upstream_cmd::Checked;
use anyhow::{Context, Result};
use haguide_upstream::{ExclusionKind, Status};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// One row of the summary: a format and the tool that checked it.
#[derive(Debug, Serialize)]
pub struct SummaryRow {
    /// Format name.
    pub format: String,
    /// Distinct snippets.
    pub snippets: usize,
    /// Snippet × variant checks.
    pub variants: usize,
    /// Tool(s) used.
    pub tool: String,
    /// Their versions.
    pub tool_version: String,
    /// `3 pass`, `1 FAIL, 2 pass`...
    pub result: String,
    /// Counts by verdict.
    pub counts: BTreeMap<String, usize>,
}

/// One check in the JSON report.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    variant: &'a str,
    format: String,
    target: &'a str,
    earlier: Vec<&'a str>,
    #[serde(flatten)]
    outcome: &'a haguide_upstream::Outcome,
}

/// A listed exclusion: a whole snippet variant or one command of a sequence.
#[derive(Serialize)]
struct ExclusionRow {
    id: String,
    variant: String,
    scope: String,
    kind: String,
    reason: String,
}

#[derive(Serialize)]
struct Report<'a> {
    summary: Vec<SummaryRow>,
    records: Vec<Record<'a>>,
    exclusions: Vec<ExclusionRow>,
    failed: usize,
    missing: usize,
    total: usize,
}

/// The summary rows, by format and tool.
pub fn summary(checked: &[Checked]) -> Vec<SummaryRow> {
    // One row per format and tool: a shell script that runs the RabbitMQ CLI is checked by more
    // tools than one that does not, and the table says so.
    let mut by_format: BTreeMap<(String, String), Vec<&Checked>> = BTreeMap::new();
    for c in checked {
        by_format
            .entry((c.job.format.name(), c.outcome.tool.clone()))
            .or_default()
            .push(c);
    }
    by_format
        .into_iter()
        .map(|((format, _), cs)| {
            let ids: BTreeSet<&str> = cs.iter().map(|c| c.job.id.as_str()).collect();
            let tools: BTreeSet<&str> = cs.iter().map(|c| c.outcome.tool.as_str()).collect();
            let versions: BTreeSet<&str> = cs
                .iter()
                .filter_map(|c| c.outcome.tool_version.as_deref())
                .collect();
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for c in &cs {
                *counts.entry(c.outcome.verdict().to_string()).or_default() += 1;
            }
            let order = ["FAIL", "MISSING", "pass", "excluded"];
            let result = order
                .iter()
                .filter_map(|k| counts.get(*k).map(|n| format!("{n} {k}")))
                .collect::<Vec<_>>()
                .join(", ");
            SummaryRow {
                format,
                snippets: ids.len(),
                variants: cs.len(),
                tool: tools.into_iter().collect::<Vec<_>>().join(", "),
                tool_version: if versions.is_empty() {
                    "-".into()
                } else {
                    versions.into_iter().collect::<Vec<_>>().join(", ")
                },
                result,
                counts,
            }
        })
        .collect()
}

/// The summary as an aligned text table.
pub fn table(rows: &[SummaryRow]) -> String {
    let header = [
        "format",
        "snippets",
        "variants",
        "tool",
        "tool version",
        "result",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.format.clone(),
                r.snippets.to_string(),
                r.variants.to_string(),
                r.tool.clone(),
                r.tool_version.clone(),
                r.result.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, row: &[String]| {
        let parts: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", parts.join("  ").trim_end());
    };
    line(&mut out, &header.map(String::from));
    line(&mut out, &widths.map(|w| "-".repeat(w)));
    for row in &cells {
        line(&mut out, row);
    }
    out
}

/// Every failure and missing tool, with the tool's diagnostics and output.
pub fn failures(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        let o = &c.outcome;
        match &o.status {
            Status::Fail { diagnostics } => {
                let _ = writeln!(
                    out,
                    "\nFAIL {} [{}] ({}) by {}",
                    c.job.id, c.job.variant, c.job.target, o.tool
                );
                for d in diagnostics {
                    match d.line {
                        Some(n) => {
                            let _ = writeln!(out, "  line {n}: {}", d.message);
                        }
                        None => {
                            let _ = writeln!(out, "  {}", d.message);
                        }
                    }
                }
                if let Some(cmd) = o.commands.last() {
                    let _ = writeln!(out, "  last command: {cmd}");
                }
                if !o.output.trim().is_empty() {
                    let _ = writeln!(out, "  tool output:");
                    for l in o.output.lines() {
                        let _ = writeln!(out, "    | {l}");
                    }
                }
            }
            Status::Missing { tool, install_hint } => {
                let _ = writeln!(
                    out,
                    "\nMISSING {} [{}]: `{tool}` is not installed: {install_hint}",
                    c.job.id, c.job.variant
                );
            }
            Status::Pass | Status::Excluded { .. } => {}
        }
    }
    out
}

fn exclusions(checked: &[Checked]) -> Vec<ExclusionRow> {
    let mut rows = Vec::new();
    for c in checked {
        if let Status::Excluded { reason } = &c.outcome.status {
            rows.push(ExclusionRow {
                id: c.job.id.clone(),
                variant: c.job.variant.clone(),
                scope: haguide_snippets::verification::WHOLE_SNIPPET.into(),
                kind: "excluded".into(),
                reason: reason.clone(),
            });
        }
        for e in &c.outcome.exclusions {
            // A predecessor's commands are listed under the predecessor itself.
            if e.source != c.job.id {
                continue;
            }
            rows.push(ExclusionRow {
                id: c.job.id.clone(),
                variant: c.job.variant.clone(),
                scope: format!("line {}: {}", e.line, e.command),
                kind: match e.kind {
                    ExclusionKind::Skipped => "skipped".into(),
                    ExclusionKind::Forced => "forced (partial)".into(),
                    ExclusionKind::Partial => "partly checked".into(),
                },
                reason: e.reason.clone(),
            });
        }
    }
    rows
}

/// The exclusions as text lines.
pub fn exclusions_text(checked: &[Checked]) -> String {
    let mut out = String::new();
    for r in exclusions(checked) {
        let _ = writeln!(
            out,
            "  {} [{}] {} — {}: {}",
            r.id, r.variant, r.scope, r.kind, r.reason
        );
    }
    out
}

/// Where Pacemaker sequences place their resources.
pub fn placements(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked.iter().filter(|c| !c.outcome.placement.is_empty()) {
        let _ = writeln!(
            out,
            "  {} [{}]: {}",
            c.job.id,
            c.job.variant,
            c.outcome.placement.join("; ")
        );
    }
    out
}

/// Writes the JSON report.
pub fn write_json(path: &Path, checked: &[Checked]) -> Result<()> {
    let report = Report {
        summary: summary(checked),
        records: checked
            .iter()
            .map(|c| Record {
                id: &c.job.id,
                variant: &c.job.variant,
                format: c.job.format.name(),
                target: &c.job.target,
                earlier: c.job.earlier.iter().map(|e| e.id.as_str()).collect(),
                outcome: &c.outcome,
            })
            .collect(),
        exclusions: exclusions(checked),
        failed: count(checked, |s| matches!(s, Status::Fail { .. })),
        missing: count(checked, |s| matches!(s, Status::Missing { .. })),
        total: checked.len(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")
        .with_context(|| format!("writing {}", path.display()))
}

/// How many outcomes match.
pub fn count(checked: &[Checked], f: impl Fn(&Status) -> bool) -> usize {
    checked.iter().filter(|c| f(&c.outcome.status)).count()
}

/// The compact record the book's verification appendix shows.
pub fn book_report(checked: &[Checked]) -> haguide_snippets::verification::BookReport {
    use haguide_snippets::verification as v;
    v::BookReport {
        checked_on: today(),
        platform: platform(),
        total: checked.len(),
        failed: count(checked, |s| matches!(s, Status::Fail { .. })),
        missing: count(checked, |s| matches!(s, Status::Missing { .. })),
        summary: summary(checked)
            .into_iter()
            .map(|r| v::SummaryRow {
                format: r.format,
                snippets: r.snippets,
                variants: r.variants,
                tool: r.tool,
                tool_version: r.tool_version,
                result: r.result,
            })
            .collect(),
        exclusions: exclusions(checked)
            .into_iter()
            .map(|e| v::Exclusion {
                id: e.id,
                variant: e.variant,
                scope: e.scope,
                reason: format!("{}: {}", e.kind, e.reason),
            })
            .collect(),
        placements: checked
            .iter()
            .filter(|c| !c.outcome.placement.is_empty())
            .map(|c| v::Placement {
                id: c.job.id.clone(),
                variant: c.job.variant.clone(),
                actions: c.outcome.placement.clone(),
            })
            .collect(),
    }
}

/// Writes the book record. An existing file that differs in more than its date is only replaced
/// with `force`, since it is committed data the book shows.
pub fn write_book_report(
    path: &Path,
    report: &haguide_snippets::verification::BookReport,
    force: bool,
) -> Result<()> {
    if let Ok(old) = std::fs::read_to_string(path) {
        let old: haguide_snippets::verification::BookReport = serde_json::from_str(&old)
            .with_context(|| format!("{} is not a verification record", path.display()))?;
        if old.undated() == report.undated() {
            return Ok(());
        }
        if !force {
            anyhow::bail!(
                "{} differs from this check (results, tools or exclusions changed); pass --force to replace it, then commit it",
                path.display()
            );
        }
    }
    std::fs::write(path, serde_json::to_string_pretty(report)? + "\n")
        .with_context(|| format!("writing {}", path.display()))
}

/// Today's date in UTC as `YYYY-MM-DD` (days-to-civil from Howard Hinnant's algorithm, so no
/// date crate is needed for one line of the report).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `PRETTY_NAME` from /etc/os-release.
fn platform() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_string())
            })
        })
        .unwrap_or_else(|| "unknown platform".to_string())
}
