//! The lab's record: results.json (machine-readable, what the book reads) and results.md (the
//! same tables for people). A run of some scenarios replaces those scenarios in the record and
//! keeps the others, so `haguide lab run vip` does not drop the Galera figures.

use super::sys;
use anyhow::{Context, Result};
use haguide_preprocessors::lab_results::{LabResults, ScenarioResult};
use std::path::Path;

/// A scenario that could not even set up.
pub(super) fn failed_setup(scenario: &str, error: &str) -> ScenarioResult {
    ScenarioResult {
        scenario: scenario.to_string(),
        date: sys::iso_utc(sys::now_us() / 1_000_000),
        description: String::new(),
        passed: false,
        error: Some(error.to_string()),
        broken: None,
        cases: Vec::new(),
        rewrites: Vec::new(),
        notes: Vec::new(),
    }
}

/// The versions of the tools the lab ran.
pub(super) fn tools() -> Vec<(String, String)> {
    [
        ("haproxy", "haproxy"),
        ("keepalived", "keepalived"),
        ("mariadb-server", "MariaDB"),
        ("galera-4", "Galera"),
        ("rabbitmq-server", "RabbitMQ"),
        ("erlang-base", "Erlang"),
        ("python3-pika", "pika"),
        ("corosync", "Corosync"),
        ("pacemaker", "Pacemaker"),
        ("crmsh", "crmsh"),
        ("fence-agents", "fence-agents"),
        ("resource-agents", "resource-agents"),
        ("iproute2", "iproute2"),
    ]
    .iter()
    .map(|(pkg, name)| (name.to_string(), sys::package_version(pkg)))
    .collect()
}

fn machine() -> String {
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "Linux".to_string());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let kernel = sys::version_line("uname", &["-r"]);
    format!("{os}, kernel {kernel}, {cores} cores")
}

/// Merges `ran` into the record in `out` and writes results.json and results.md.
pub(super) fn write(out: &Path, profile: &Path, ran: Vec<ScenarioResult>) -> Result<LabResults> {
    let json_path = out.join(haguide_preprocessors::lab_results::RESULTS_FILE);
    let mut scenarios: Vec<ScenarioResult> = std::fs::read_to_string(&json_path)
        .ok()
        .and_then(|t| serde_json::from_str::<LabResults>(&t).ok())
        .map(|r| r.scenarios)
        .unwrap_or_default();
    for r in ran {
        match scenarios.iter_mut().find(|s| s.scenario == r.scenario) {
            Some(slot) => *slot = r,
            None => scenarios.push(r),
        }
    }
    let order = |s: &ScenarioResult| {
        ["vip", "galera", "rabbitmq", "pacemaker"]
            .iter()
            .position(|n| *n == s.scenario)
            .unwrap_or(9)
    };
    scenarios.sort_by_key(order);
    let record = LabResults {
        date: sys::iso_utc(sys::now_us() / 1_000_000),
        machine: machine(),
        tools: tools(),
        profile: profile.display().to_string(),
        passed: scenarios.iter().all(|s| s.passed),
        scenarios,
    };
    let text = serde_json::to_string_pretty(&record).context("serialising the lab record")?;
    std::fs::write(&json_path, format!("{text}\n"))
        .with_context(|| format!("writing {}", json_path.display()))?;
    let md = format!(
        "# Lab results\n\nWritten by `haguide lab run`; the book's testing page shows the same figures.\n\n{}",
        record.to_markdown(None)
    );
    let md_path = out.join("results.md");
    std::fs::write(&md_path, md).with_context(|| format!("writing {}", md_path.display()))?;
    Ok(record)
}
