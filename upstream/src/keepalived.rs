//! keepalived.conf: `keepalived -t -f F` as PID 1 of private PID, mount and network namespaces.
//!
//! - Interfaces: keepalived refuses a config whose interfaces do not exist, so every interface
//!   the config names (`interface`, `dev`, `track_interface`, `lvs_sync_daemon_interface`) is
//!   created as one end of a veth pair inside the network namespace.
//! - `script_user` / `user`: keepalived resolves the user and drops to it to check each script
//!   path. A user missing on this host (the guide's install step creates it) is added to a copy
//!   of /etc/passwd and /etc/group bind-mounted in the private mount namespace; the host's files
//!   are untouched. Script binaries are not faked: keepalived checks them on this host.
//! - PID 1: keepalived 2.2.7 (Debian 12) kills itself with SIGTERM (exit 143) in config-test
//!   mode whenever it checks a script as another user, valid config or not: after restoring its
//!   privileges it compares `getppid()` with `main_pid`, which is never set under `-t`
//!   (acassen/keepalived#2587 and #2617, fixed in 2.2.8). As PID 1 of its own PID namespace its
//!   parent is outside the namespace, `getppid()` returns 0 and equals the unset `main_pid`, so
//!   the test runs to its end and the exit code means something again.
//! - Exit code 0 with messages on stderr is a failure too: keepalived reports many problems
//!   (an address it skips, a script it disables) as warnings and runs anyway.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, args, path_arg};
use crate::tools::{Tool, user_exists};
use crate::{CheckError, Context, Input, Scratch, run_in, settle};
use std::collections::BTreeSet;

const KEEPALIVED: Tool = Tool {
    bin: "keepalived",
    package: "keepalived",
};

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("keepalived");
    out.tool_version = crate::tools::versions(&[KEEPALIVED]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let keepalived = KEEPALIVED.find()?;
    let scratch = Scratch::new()?;
    let shown = input.display_name();
    let conf = scratch.write("keepalived.conf", input.text)?;
    let mut sandbox = Sandbox::new();
    sandbox.pid_one();
    let names = interfaces(input.text);
    for name in &names {
        sandbox.link(name);
    }
    if !names.is_empty() {
        out.notes.push(format!(
            "interfaces created as veth in a private network namespace: {}",
            names.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    let missing: Vec<String> = users(input.text)
        .into_iter()
        .filter(|u| !user_exists(u))
        .collect();
    if !missing.is_empty() {
        provide_users(&scratch, &missing, &mut sandbox)?;
        out.notes.push(format!(
            "user(s) {} missing on this host, added to a private copy of /etc/passwd for the check",
            missing.join(", ")
        ));
    }
    let mut argv = args(["-t", "-f"]);
    argv.push(path_arg(&conf));
    let ran = run_in(
        out,
        &sandbox,
        &keepalived,
        &argv,
        &scratch,
        Some((&conf, &shown)),
    )?;
    let messages = ran.combined();
    if !ran.success() || !messages.trim().is_empty() {
        let mut found = findings(&messages, &shown);
        if ran.signal.is_some() || ran.code.is_some_and(|c| c > 128) {
            found.push(Finding::general(format!(
                "keepalived was {} before it finished the test",
                ran.describe()
            )));
        } else if !ran.success() {
            found.push(Finding::general(format!(
                "keepalived -t failed with {}",
                ran.describe()
            )));
        }
        out.fail(found);
    }
    Ok(())
}

/// Interface names the config refers to.
fn interfaces(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_track = 0usize;
    for line in text.lines() {
        let code = line.split(['#', '!']).next().unwrap_or_default();
        let words: Vec<&str> = code.split_whitespace().collect();
        if in_track > 0 {
            if words.first() == Some(&"}") {
                in_track -= 1;
            } else if let Some(w) = words.first().filter(|w| **w != "{") {
                names.insert((*w).to_string());
            }
            continue;
        }
        if words.first() == Some(&"track_interface") && words.contains(&"{") {
            in_track = 1;
            continue;
        }
        for pair in words.windows(2) {
            if matches!(
                pair[0],
                "interface" | "dev" | "lvs_sync_daemon_interface" | "mcast_src_ip_dev"
            ) && pair[1] != "{"
            {
                names.insert(pair[1].to_string());
            }
        }
    }
    names
}

/// Users named by `script_user NAME [GROUP]` and a script's `user NAME [GROUP]`.
fn users(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            match w.next() {
                Some("script_user" | "user") => w.next().map(str::to_string),
                _ => None,
            }
        })
        .collect()
}

/// Copies /etc/passwd and /etc/group with the users added and binds them over the originals.
fn provide_users(
    scratch: &Scratch,
    users: &[String],
    sandbox: &mut Sandbox,
) -> Result<(), CheckError> {
    let mut passwd =
        std::fs::read_to_string("/etc/passwd").context(|| "reading /etc/passwd".to_string())?;
    let mut group =
        std::fs::read_to_string("/etc/group").context(|| "reading /etc/group".to_string())?;
    // Ids above the system range and far from real ones; only their existence matters.
    for (i, user) in users.iter().enumerate() {
        let id = 64000 + i;
        passwd.push_str(&format!(
            "{user}:x:{id}:{id}::/nonexistent:/usr/sbin/nologin\n"
        ));
        group.push_str(&format!("{user}:x:{id}:\n"));
    }
    let p = scratch.write("passwd", &passwd)?;
    let g = scratch.write("group", &group)?;
    sandbox.bind(&p, "/etc/passwd").bind(&g, "/etc/group");
    Ok(())
}

/// `(F: Line 20) Unknown keyword 'advert_intt'` as a finding at line 20; other lines as
/// general findings.
fn findings(output: &str, shown: &str) -> Vec<Finding> {
    let with_file = format!("({shown}: Line ");
    output
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (prefix_len, rest) = if let Some(r) = l.strip_prefix(&with_file) {
                (with_file.len(), r)
            } else if let Some(r) = l.strip_prefix("(Line ") {
                ("(Line ".len(), r)
            } else {
                return Finding::general(l.trim());
            };
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let message = l[prefix_len + n.len()..]
                .trim_start_matches(')')
                .trim()
                .to_string();
            match n.parse::<usize>() {
                Ok(n) => Finding::at(n, message),
                Err(_) => Finding::general(l.trim()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_interfaces_and_users() {
        let text = "global_defs {\n  script_user ks\n}\nvrrp_instance V {\n  interface bond0\n  track_interface {\n    eth9\n  }\n  virtual_ipaddress {\n    10.0.0.10/24 dev bond1\n  }\n}\n";
        let names: Vec<String> = interfaces(text).into_iter().collect();
        assert_eq!(names, ["bond0", "bond1", "eth9"]);
        assert_eq!(users(text).into_iter().collect::<Vec<_>>(), ["ks"]);
    }

    #[test]
    fn line_numbers_come_from_the_messages() {
        let f = findings(
            "(/etc/keepalived/keepalived.conf: Line 32) Unknown keyword 'advert_intt'\n(Line 8) Error setting global script uid/gid\nNon-existent interface",
            "/etc/keepalived/keepalived.conf",
        );
        assert_eq!(f[0].line, Some(32));
        assert_eq!(f[0].message, "Unknown keyword 'advert_intt'");
        assert_eq!(f[1].line, Some(8));
        assert_eq!(f[2].line, None);
    }
}
