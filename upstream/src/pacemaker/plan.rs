//! What to do with each command of a Pacemaker sequence: run it on the offline CIB, run it with
//! `--force`, check it another way (`pcs cluster setup`), or skip it with a reason.
//!
//! Only commands that change the CIB can be checked offline. Commands that act on running
//! daemons, other hosts, accounts or fence devices are skipped one by one, each with its reason,
//! so the report says exactly what was not checked.

use super::Shell;
use crate::words::ShellCommand;

/// The decision for one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Run this tool with these arguments against the CIB file.
    Run {
        /// `pcs` or `crm`, with the CIB option added.
        program: &'static str,
        /// The arguments after the program.
        args: Vec<String>,
        /// Why `--force` / `-F` was added, if it was.
        forced: Option<String>,
    },
    /// `pcs cluster setup`: run it with `--corosync_conf` into a scratch file and check that
    /// file with `corosync -t`.
    ClusterSetup {
        /// The arguments after `pcs`.
        args: Vec<String>,
    },
    /// Not run.
    Skip(String),
}

/// Decides what to do with `cmd` in a sequence for `shell`.
pub(crate) fn plan(cmd: &ShellCommand, shell: Shell) -> Plan {
    let words = &cmd.words;
    let Some(first) = words.first().map(String::as_str) else {
        return Plan::Skip("empty command".into());
    };
    let is_cluster_tool = matches!((shell, first), (Shell::Pcs, "pcs") | (Shell::Crmsh, "crm"));
    if !is_cluster_tool {
        return Plan::Skip(host_command_reason(first, cmd.needs_shell));
    }
    if cmd.needs_shell {
        return Plan::Skip(
            "uses shell syntax (pipes, redirections, expansions); only plain commands are replayed"
                .into(),
        );
    }
    match shell {
        Shell::Pcs => plan_pcs(&words[1..]),
        Shell::Crmsh => plan_crm(&words[1..]),
    }
}

/// Subcommand words, without options.
fn positional(args: &[String]) -> Vec<&str> {
    args.iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect()
}

fn plan_pcs(args: &[String]) -> Plan {
    let pos = positional(args);
    let pair = (
        pos.first().copied().unwrap_or_default(),
        pos.get(1).copied().unwrap_or_default(),
    );
    let live = |what: &str| Plan::Skip(format!("{what}; it needs the running cluster"));
    match pair {
        ("host", _) | ("client", _) => {
            return Plan::Skip(
                "authenticates to pcsd on the nodes over the network; nothing to check offline"
                    .into(),
            );
        }
        ("cluster", "setup") => {
            return Plan::ClusterSetup {
                args: args.to_vec(),
            };
        }
        ("cluster", _) => return live("acts on the cluster daemons (corosync, pacemaker, pcsd)"),
        ("status", _) | ("quorum", _) => return live("reads or changes live cluster state"),
        ("stonith", "fence" | "confirm" | "history" | "sbd") => {
            return live("fences a node or reads the fencer's history");
        }
        ("resource", "cleanup" | "refresh" | "restart" | "failcount" | "relocate")
        | ("resource", "debug-start" | "debug-stop" | "debug-monitor" | "debug-promote") => {
            return live("acts on running resources");
        }
        _ => {}
    }
    let mut run_args = vec!["-f".to_string(), super::CIB_PLACEHOLDER.to_string()];
    run_args.extend(args.iter().cloned());
    let forced = systemd_agent(args).filter(|_| !args.iter().any(|a| a == "--force"));
    if forced.is_some() {
        run_args.push("--force".into());
    }
    Plan::Run {
        program: "pcs",
        args: run_args,
        forced,
    }
}

fn plan_crm(args: &[String]) -> Plan {
    let pos = positional(args);
    let level = pos.first().copied().unwrap_or_default();
    let sub = pos.get(1).copied().unwrap_or_default();
    match (level, sub) {
        ("cluster", _) => {
            return Plan::Skip(
                "acts on the cluster daemons (crm cluster ...); it needs the running cluster"
                    .into(),
            );
        }
        ("status", _) | ("history", _) | ("report", _) => {
            return Plan::Skip("reads the running cluster".into());
        }
        ("node", "fence" | "clearstate") => {
            return Plan::Skip("fences a node; it needs the running cluster".into());
        }
        ("resource", "cleanup" | "refresh" | "restart" | "failcount" | "operations") => {
            return Plan::Skip("acts on running resources; it needs the running cluster".into());
        }
        _ => {}
    }
    let forced = if level == "configure" {
        systemd_agent(args)
    } else {
        None
    }
    .filter(|_| !args.iter().any(|a| a == "-F" || a == "--force"));
    let mut run_args = Vec::new();
    if forced.is_some() {
        run_args.push("-F".to_string());
    }
    run_args.extend(args.iter().cloned());
    Plan::Run {
        program: "crm",
        args: run_args,
        forced,
    }
}

/// The reason to force a command that creates a `systemd:` resource.
fn systemd_agent(args: &[String]) -> Option<String> {
    args.iter().find(|a| a.starts_with("systemd:")).map(|a| {
        format!(
            "{a}: systemd agents have no metadata without a running systemd here; the command \
             and the CIB change are checked, the unit's existence is not"
        )
    })
}

/// Why a non-Pacemaker command of a sequence is not run.
fn host_command_reason(program: &str, needs_shell: bool) -> String {
    let base = match program {
        "systemctl" | "service" => "manages services on the host",
        "ssh" | "scp" | "rsync" => "reaches another host",
        "passwd" | "chpasswd" | "useradd" | "usermod" => "changes accounts on the host",
        "echo" if needs_shell => "feeds another command on the host",
        p if p.starts_with("fence_") => "talks to a fence device",
        "stonith_admin" | "crm_mon" | "crm_resource" | "crm_node" | "crm_attribute" => {
            "needs the running cluster"
        }
        p if p.starts_with("corosync-") => "acts on Corosync on the host",
        _ => "a host command, not a Pacemaker change",
    };
    format!("{base}; not replayed offline")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::commands;

    fn one(line: &str, shell: Shell) -> Plan {
        plan(&commands(line)[0], shell)
    }

    #[test]
    fn pcs_commands() {
        assert!(matches!(
            one(
                "pcs host auth c1 addr=10.0.0.11 -u hacluster -p x",
                Shell::Pcs
            ),
            Plan::Skip(_)
        ));
        assert!(matches!(
            one("pcs cluster setup c c1 addr=10.0.0.11", Shell::Pcs),
            Plan::ClusterSetup { .. }
        ));
        assert!(matches!(
            one("pcs cluster start --all --wait", Shell::Pcs),
            Plan::Skip(_)
        ));
        let Plan::Run { args, forced, .. } = one(
            "pcs resource create haproxy systemd:haproxy op monitor interval=10s clone --disabled",
            Shell::Pcs,
        ) else {
            panic!("runs");
        };
        assert!(forced.is_some());
        assert_eq!(args.first().map(String::as_str), Some("-f"));
        assert_eq!(args.last().map(String::as_str), Some("--force"));
    }

    #[test]
    fn crm_commands() {
        let Plan::Run { args, forced, .. } = one(
            "crm configure primitive haproxy systemd:haproxy op monitor interval=10s",
            Shell::Crmsh,
        ) else {
            panic!("runs");
        };
        assert!(forced.is_some());
        assert_eq!(args[0], "-F");
        assert!(matches!(
            one("crm cluster wait_for_startup 120", Shell::Crmsh),
            Plan::Skip(_)
        ));
        assert!(matches!(
            one("crm node fence controller3", Shell::Crmsh),
            Plan::Skip(_)
        ));
        assert!(matches!(
            one("systemctl enable --now pcsd", Shell::Crmsh),
            Plan::Skip(_)
        ));
        assert!(matches!(
            one("echo 'hacluster:x' | chpasswd", Shell::Pcs),
            Plan::Skip(r) if r.contains("feeds another command")
        ));
    }
}
