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

/// The scope of an exclusion that covers a whole snippet variant.
pub const WHOLE_SNIPPET: &str = "whole snippet";

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
        let whole = self
            .exclusions
            .iter()
            .filter(|e| e.scope == WHOLE_SNIPPET)
            .count();
        let lines = self.exclusions.len() - whole;
        let mut out = format!(
            "Checked on {} ({}): {} snippet variants, {} failed, {} missing their tool; {whole} \
             excluded as a whole and {lines} commands not checked as written, each listed below \
             with its reason.\n\n",
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

/// Where a console transcript of `pcs status` or `crm status` says resources run, compared
/// with where `crm_simulate` placed them (`actions` of a [`Placement`]). Returns one message per
/// disagreement; resources the transcript does not show are not compared, since `pcs status
/// resources` leaves out fence devices.
pub fn placement_mismatches(console: &str, actions: &[String]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut placed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for action in actions {
        // `Start haproxy:1 ( controller2 )`
        let Some(rest) = action.strip_prefix("Start ") else {
            continue;
        };
        let Some((name, node)) = rest.split_once(" (") else {
            continue;
        };
        let base = name.split(':').next().unwrap_or(name).trim();
        let node = node.trim().trim_end_matches(')').trim();
        placed
            .entry(base.to_string())
            .or_default()
            .insert(node.to_string());
    }
    let mut shown: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut clone_of: Option<String> = None;
    for line in console.lines() {
        let t = line.trim().trim_start_matches("* ").trim();
        if let Some(rest) = t.strip_prefix("Clone Set: ") {
            // `Clone Set: haproxy-clone [haproxy]:`
            clone_of = rest
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(n, _)| n.trim().to_string());
            continue;
        }
        if let Some(list) = t.strip_prefix("Started: [") {
            if let Some(name) = &clone_of {
                let nodes = list.trim_end_matches(']').split_whitespace();
                shown.push((name.clone(), nodes.map(str::to_string).collect()));
            }
            continue;
        }
        if t.starts_with("Stopped: [") {
            continue;
        }
        clone_of = None;
        // `vip-internal	(ocf:heartbeat:IPaddr2):	 Started controller2`
        if let Some((head, state)) = t.rsplit_once("Started ")
            && head.contains("):")
        {
            let name = head.split_whitespace().next().unwrap_or_default();
            let node = state.split_whitespace().next().unwrap_or_default();
            shown.push((name.to_string(), [node.to_string()].into_iter().collect()));
        }
    }
    let mut out = Vec::new();
    for (name, nodes) in shown {
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(" ");
        match placed.get(&name) {
            Some(p) if *p == nodes => {}
            Some(p) => out.push(format!(
                "`{name}` is shown started on [{}], but crm_simulate placed it on [{}]",
                list(&nodes),
                list(p)
            )),
            None => out.push(format!(
                "`{name}` is shown started on [{}], but crm_simulate started no such resource",
                list(&nodes)
            )),
        }
    }
    out
}

#[cfg(test)]
mod placement_tests {
    use super::placement_mismatches;

    fn actions() -> Vec<String> {
        [
            "Start fence-controller1 ( controller2 )",
            "Start vip-internal ( controller3 )",
            "Start haproxy:0 ( controller3 )",
            "Start haproxy:1 ( controller2 )",
        ]
        .map(String::from)
        .to_vec()
    }

    const STATUS: &str = "# pcs status resources\n  * vip-internal\t(ocf:heartbeat:IPaddr2):\t Started controller3\n  * Clone Set: haproxy-clone [haproxy]:\n    * Started: [ controller2 controller3 ]\n    * Stopped: [ controller1 ]\n";

    #[test]
    fn agrees_with_the_simulation() {
        assert_eq!(
            placement_mismatches(STATUS, &actions()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn reports_a_resource_on_the_wrong_node_and_a_wrong_clone_set() {
        let wrong = STATUS
            .replace("Started controller3", "Started controller2")
            .replace("[ controller2 controller3 ]", "[ controller1 controller3 ]");
        let found = placement_mismatches(&wrong, &actions());
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("`vip-internal` is shown started on [controller2]"));
        assert!(found[1].contains("`haproxy`"));
        let unknown = STATUS.replace("vip-internal", "vip-admin");
        assert!(placement_mismatches(&unknown, &actions())[0].contains("no such resource"));
    }
}
