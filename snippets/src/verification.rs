//! The verification record the book shows: which upstream tool checked each format, with which
//! version and result, what could not be checked here and why, and where the Pacemaker
//! sequences place their resources. `haguide snippet check --upstream --book-report` writes it;
//! the `{{#verification-report}}` directive renders it. It is committed data, so the book shows
//! exactly what the last check measured.

use serde::{Deserialize, Serialize};

/// The whole record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookReport {
    /// The day of the check, `YYYY-MM-DD` (UTC).
    pub checked_on: String,
    /// The operating system the tools ran on.
    pub platform: String,
    /// Snippet × variant checks run.
    pub total: usize,
    /// Of those, how many failed.
    pub failed: usize,
    /// Of those, how many lacked their tool.
    pub missing: usize,
    /// One row per format.
    pub summary: Vec<SummaryRow>,
    /// What was not checked by an upstream tool, and why.
    pub exclusions: Vec<Exclusion>,
    /// Where `crm_simulate` placed the resources of each Pacemaker sequence.
    pub placements: Vec<Placement>,
}

/// A format's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// Format name.
    pub format: String,
    /// Distinct snippets.
    pub snippets: usize,
    /// Snippet × variant checks.
    pub variants: usize,
    /// The tool and how it was run.
    pub tool: String,
    /// Its version.
    pub tool_version: String,
    /// `8 pass`, `1 FAIL, 2 pass`...
    pub result: String,
}

/// One exclusion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    /// Snippet id.
    pub id: String,
    /// Variant.
    pub variant: String,
    /// `whole snippet` or `line N: command`.
    pub scope: String,
    /// Why.
    pub reason: String,
}

/// Resource placement of one Pacemaker sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// Snippet id.
    pub id: String,
    /// Variant.
    pub variant: String,
    /// `crm_simulate` lines such as `Start vip-internal ( controller1 )`.
    pub actions: Vec<String>,
}

impl BookReport {
    /// The record without what varies from machine to machine (date, platform, tool package
    /// versions), for comparing a fresh check with the committed record: results, tools and
    /// exclusions must match.
    pub fn undated(&self) -> BookReport {
        let mut r = BookReport {
            checked_on: String::new(),
            platform: String::new(),
            ..self.clone()
        };
        for row in &mut r.summary {
            row.tool_version.clear();
        }
        r
    }

    /// Markdown tables for the book.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "Checked on {} ({}): {} snippet variants, {} failed, {} without their tool.\n\n",
            self.checked_on, self.platform, self.total, self.failed, self.missing
        );
        out.push_str("| Format | Snippets | Variants | Tool | Tool version | Result |\n|---|---:|---:|---|---|---|\n");
        for r in &self.summary {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                cell(&r.format),
                r.snippets,
                r.variants,
                cell(&r.tool),
                cell(&r.tool_version),
                cell(&r.result)
            ));
        }
        if !self.exclusions.is_empty() {
            out.push_str("\n**What the tools could not check here, and why**\n\n| Snippet | Variant | Scope | Reason |\n|---|---|---|---|\n");
            for e in &self.exclusions {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    e.id,
                    cell(&e.variant),
                    cell(&e.scope),
                    cell(&e.reason)
                ));
            }
        }
        if !self.placements.is_empty() {
            out.push_str("\n**Where the Pacemaker sequences place their resources** (`crm_simulate`, all controllers online)\n\n| Snippet | Variant | Actions |\n|---|---|---|\n");
            for p in &self.placements {
                out.push_str(&format!(
                    "| `{}` | {} | {} |\n",
                    p.id,
                    cell(&p.variant),
                    cell(&p.actions.join("; "))
                ));
            }
        }
        out
    }
}

/// A table cell: pipes escaped, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
