//! corosync.conf: `corosync -t -c F`, once per node of the nodelist, each time in a network
//! namespace that holds that node's addresses.
//!
//! - Corosync finds "its" node by matching the nodelist's `ringN_addr` against local addresses
//!   (`No valid name found for local host` otherwise), so every node's view is checked: an
//!   address typo in one node block fails that node.
//! - The key: `corosync-keygen -k` makes a throwaway key in the scratch directory. A config
//!   with a `keyfile:` line has that line's value pointed at it; otherwise the key is put at
//!   /etc/corosync/authkey on a tmpfs mounted over /etc/corosync in a private mount namespace.
//!   No line number changes and the host's /etc/corosync is untouched.
//! - Outside a namespace Corosync does reverse lookups that can stall for seconds; inside, it
//!   has no resolver to ask.
//! - Blind spots of `corosync -t` (upstream): unknown keys (`tokn:`) and a wrong
//!   `quorum.provider` pass.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, args, path_arg};
use crate::tools::{Tool, find_all};
use crate::{CheckError, Input, Scratch, run_in, settle};
use std::path::Path;

const COROSYNC: Tool = Tool {
    bin: "corosync",
    package: "corosync",
};
const KEYGEN: Tool = Tool {
    bin: "corosync-keygen",
    package: "corosync",
};

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("corosync");
    out.tool_version = crate::tools::versions(&[COROSYNC]);
    let result = check_text(input.text, &input.display_name(), &mut out);
    settle(&mut out, result);
    out
}

/// Checks a corosync.conf text into `out` (also used for the file `pcs cluster setup` writes).
pub(crate) fn check_text(text: &str, shown: &str, out: &mut Outcome) -> Result<(), CheckError> {
    let found = find_all(&[COROSYNC, KEYGEN])?;
    let (corosync, keygen) = (&found[0], &found[1]);
    let scratch = Scratch::new()?;
    let key = scratch.path().join("authkey");
    make_key(keygen, &key)?;
    let (text, rewritten) = point_keyfile(text, &key);
    let conf = scratch.write("corosync.conf", &text)?;
    let mut base = Sandbox::new();
    match rewritten {
        Some(line) => out.notes.push(format!(
            "line {line}: keyfile pointed at a throwaway key from corosync-keygen -k"
        )),
        None => {
            base.tmpfs("/etc/corosync")
                .copy(&key, "/etc/corosync/authkey");
            out.notes.push(
                "a throwaway /etc/corosync/authkey (corosync-keygen -k) on a tmpfs in a private mount namespace".into(),
            );
        }
    }
    let nodes = nodes(&text);
    let mut argv = args(["-t", "-c"]);
    argv.push(path_arg(&conf));
    if nodes.is_empty() {
        // No nodelist (an old multicast config): one run, which says what it misses.
        let ran = run_in(out, &base, corosync, &argv, &scratch, Some((&conf, shown)))?;
        if !ran.success() {
            out.fail(findings(&ran.combined(), shown, None));
        }
        return Ok(());
    }
    for node in &nodes {
        let mut sandbox = base.clone();
        sandbox.link("eth0");
        for addr in &node.addresses {
            let prefix = if addr.contains(':') { 128 } else { 32 };
            sandbox.address("eth0", &format!("{addr}/{prefix}"));
        }
        let ran = run_in(
            out,
            &sandbox,
            corosync,
            &argv,
            &scratch,
            Some((&conf, shown)),
        )?;
        if !ran.success() {
            out.fail(findings(&ran.combined(), shown, Some(node)));
        }
    }
    out.notes.push(format!(
        "checked as each node in turn, its addresses on a veth in a private network namespace: {}",
        nodes
            .iter()
            .map(|n| format!("{} ({})", n.name, n.addresses.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    Ok(())
}

fn make_key(keygen: &Path, key: &Path) -> Result<(), CheckError> {
    let mut cmd = std::process::Command::new(keygen);
    cmd.arg("-k").arg(key);
    let ran = crate::process::run(&mut cmd, crate::process::DEFAULT_TIMEOUT).map_err(|e| {
        CheckError::Io {
            context: "running corosync-keygen".into(),
            source: e,
        }
    })?;
    if !ran.success() {
        return Err(CheckError::Sandbox(format!(
            "corosync-keygen -k failed: {}",
            ran.combined()
        )));
    }
    Ok(())
}

/// Points an existing `keyfile:` line at `key`; returns the new text and the line changed.
fn point_keyfile(text: &str, key: &Path) -> (String, Option<usize>) {
    let mut changed = None;
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim_start();
            if changed.is_none() && t.starts_with("keyfile:") {
                changed = Some(i + 1);
                let indent = &l[..l.len() - t.len()];
                format!("{indent}keyfile: {}", key.display())
            } else {
                l.to_string()
            }
        })
        .collect();
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    (out, changed)
}

/// A node of the nodelist.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    name: String,
    addresses: Vec<String>,
}

/// The nodes of `nodelist { node { ringN_addr: ... } }`, with the addresses that are IPs.
fn nodes(text: &str) -> Vec<Node> {
    let mut out = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut current: Option<Node> = None;
    for line in text.lines() {
        let code = line.split('#').next().unwrap_or_default().trim();
        if let Some(section) = code.strip_suffix('{') {
            path.push(section.trim().to_string());
            if path.len() == 2 && path[0] == "nodelist" && path[1] == "node" {
                current = Some(Node {
                    name: format!("node {}", out.len() + 1),
                    addresses: Vec::new(),
                });
            }
            continue;
        }
        if code == "}" {
            if path.len() == 2
                && let Some(n) = current.take()
            {
                out.push(n);
            }
            path.pop();
            continue;
        }
        let Some(node) = current.as_mut() else {
            continue;
        };
        let Some((key, value)) = code.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "name" {
            node.name = value.to_string();
        } else if key.starts_with("ring")
            && key.ends_with("_addr")
            && value.parse::<std::net::IpAddr>().is_ok()
        {
            node.addresses.push(value.to_string());
        }
    }
    out
}

/// `parse error in config: ...` and `F:8: ...` as findings, labelled with the node checked.
fn findings(output: &str, shown: &str, node: Option<&Node>) -> Vec<Finding> {
    let label = node
        .map(|n| format!("as {} ({}): ", n.name, n.addresses.join(", ")))
        .unwrap_or_default();
    let marker = format!("{shown}:");
    output
        .lines()
        .filter(|l| l.contains("error") || l.contains("parse"))
        .filter(|l| !l.contains("exiting with status"))
        .map(|l| {
            let message = l
                .split_once("] ")
                .map(|(_, m)| m)
                .unwrap_or(l)
                .trim()
                .to_string();
            let line = l.find(&marker).and_then(|p| {
                l[p + marker.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse::<usize>()
                    .ok()
            });
            Finding {
                line,
                message: format!("{label}{message}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodelist_gives_each_node_its_addresses() {
        let text = "totem {\n  version: 2\n  interface {\n    linknumber: 0\n  }\n}\nnodelist {\n  node {\n    ring0_addr: 10.0.0.11\n    ring1_addr: 10.0.1.11\n    name: c1\n    nodeid: 1\n  }\n  node {\n    ring0_addr: c2.example\n    nodeid: 2\n  }\n}\n";
        let n = nodes(text);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].name, "c1");
        assert_eq!(n[0].addresses, ["10.0.0.11", "10.0.1.11"]);
        assert!(n[1].addresses.is_empty(), "names are not addresses");
    }

    #[test]
    fn keyfile_line_is_rewritten_in_place() {
        let (t, line) = point_keyfile(
            "totem {\n    keyfile: /etc/corosync/authkey\n}\n",
            Path::new("/s/k"),
        );
        assert_eq!(line, Some(2));
        assert_eq!(t, "totem {\n    keyfile: /s/k\n}\n");
    }
}
