//! RabbitMQ CLI commands in shell scripts and console transcripts (`rabbitmqctl`,
//! `rabbitmq-diagnostics`, `rabbitmq-queues`, `rabbitmq-plugins`), run against a real broker.
//!
//! 1. The sequence is the RabbitMQ commands of the snippet's `after` predecessors, then its own:
//!    `rabbitmq/user` finds the user that an earlier step created.
//! 2. One broker boots in private network, mount, PID and UTS namespaces, named
//!    `rabbit@<first controller>` (the name the commands use), with its own empty
//!    /var/lib/rabbitmq, /var/log/rabbitmq and /etc/rabbitmq and a hosts file for the name.
//! 3. Each command runs as written, up to the first pipe or shell operator (`rabbitmqctl
//!    list_queues name type | head` runs `rabbitmqctl list_queues name type`).
//!    - The CLI rejecting the command (unknown command, argument validation, invalid options:
//!      exit 64 with those messages) fails the check.
//!    - A command that is valid but needs what one broker cannot give (`join_cluster` to another
//!      node, `forget_cluster_node`, `force_boot` on a running node) is listed as partly
//!      checked, with the broker's answer. (The lab's `rabbitmq` scenario runs the cluster
//!      steps, cookie, join and user, against three brokers.)
//!    - A command with shell expansions (`$VAR`) is skipped with that reason.
//!    - Commands of predecessors only set up state: their failures are reported on their own
//!      snippet, not here.
//! 4. Blind spot: the broker is the Debian package's version (3.10 on Debian 12), so commands or
//!    flags that only newer RabbitMQ releases have are rejected, and ones newer releases removed
//!    are accepted.

use crate::outcome::{Exclusion, ExclusionKind, Finding, Outcome};
use crate::sandbox::{Sandbox, path_arg};
use crate::tools::Tool;
use crate::words::{ShellCommand, commands, quote};
use crate::{CheckError, Input, Scratch, run_in};
use std::time::Duration;

/// The CLI tools this check runs.
const CLIS: &[&str] = &[
    "rabbitmqctl",
    "rabbitmq-diagnostics",
    "rabbitmq-queues",
    "rabbitmq-plugins",
    "rabbitmq-upgrade",
];

const SERVER: Tool = Tool {
    bin: "rabbitmq-server",
    package: "rabbitmq-server",
};
const BASH: Tool = Tool {
    bin: "bash",
    package: "bash",
};

/// Commands that would stop the broker every later command needs.
const STOPS_THE_BROKER: &[&str] = &["stop", "shutdown"];

/// Broker boot (about 9 s here, up to the 120 s the driver waits) plus about 1 s a command.
const DEADLINE: Duration = Duration::from_secs(300);

/// The name of what this adds to a shell check, for reports.
pub(crate) const TOOL: &str = "RabbitMQ CLI on a broker";

/// One RabbitMQ command to run.
struct Step {
    source: String,
    own: bool,
    line: usize,
    text: String,
    words: Vec<String>,
}

/// True when the text (a script, or a transcript's command lines) runs a RabbitMQ CLI.
pub(crate) fn applies(script: &str) -> bool {
    commands(script).iter().any(|c| cli_words(c).is_some())
}

/// The version of the broker the commands run against, for the tool column.
pub(crate) fn version() -> Option<String> {
    crate::tools::versions(&[SERVER])
}

/// Runs the RabbitMQ commands of `script` (the input's command lines), after those of the
/// input's `after` predecessors, against a real broker, adding commands, findings and
/// exclusions to `out`.
pub(crate) fn check(input: &Input<'_>, script: &str, out: &mut Outcome) -> Result<(), CheckError> {
    let server = SERVER.find()?;
    let bash = BASH.find()?;
    let mut steps = Vec::new();
    for e in input.earlier {
        steps.extend(steps_of(&e.id, &e.text, false));
    }
    steps.extend(steps_of(input.id, script, true));
    let mut runnable = Vec::new();
    for step in steps {
        let skip = |reason: &str| Exclusion {
            source: step.source.clone(),
            line: step.line,
            command: step.text.clone(),
            kind: ExclusionKind::Skipped,
            reason: reason.to_string(),
        };
        if step
            .words
            .iter()
            .any(|w| w.contains('$') || w.contains('`'))
        {
            if step.own {
                out.exclusions.push(skip(
                    "uses shell expansions; bash -n and shellcheck check it, the broker does not",
                ));
            }
        } else if step
            .words
            .get(1)
            .is_some_and(|w| STOPS_THE_BROKER.contains(&w.as_str()))
        {
            if step.own {
                out.exclusions
                    .push(skip("stops the broker that the later commands run against"));
            }
        } else {
            runnable.push(step);
        }
    }
    if !runnable.iter().any(|s| s.own) {
        return Ok(());
    }
    let node = input.nodes.first().map_or("controller1", String::as_str);
    let scratch = Scratch::new()?;
    let hosts = scratch.write(
        "hosts",
        &format!("127.0.0.1 localhost\n127.0.1.1 {node}\n::1 localhost\n"),
    )?;
    let driver = scratch.write("driver.sh", &driver(&server, &runnable))?;
    let mut sandbox = Sandbox::new();
    sandbox
        .hostname(node)
        .bind(&hosts, "/etc/hosts")
        .tmpfs("/var/lib/rabbitmq")
        .tmpfs("/var/log/rabbitmq")
        .tmpfs("/etc/rabbitmq")
        .own_proc()
        .timeout(DEADLINE);
    let ran = run_in(
        &mut Outcome::new(TOOL),
        &sandbox,
        &bash,
        &[path_arg(&driver)],
        &scratch,
        None,
    )?;
    out.commands.push(format!(
        "a broker rabbit@{node} in private namespaces, then: {}",
        runnable
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    ));
    let results = parse(&ran.stdout);
    if let Some(why) = boot_failure(&ran.stdout) {
        out.add_output(&ran.combined());
        out.fail([Finding::general(format!(
            "the broker did not start in the sandbox: {why}"
        ))]);
        return Ok(());
    }
    for (i, step) in runnable.iter().enumerate() {
        let Some((code, said)) = results.get(i) else {
            out.add_output(&ran.combined());
            out.fail([Finding::general(format!(
                "the replay stopped before `{}` ({})",
                step.text,
                ran.describe()
            ))]);
            return Ok(());
        };
        if !step.own {
            continue;
        }
        if *code == 0 {
            continue;
        }
        out.add_output(&format!("$ {}\n{}", step.text, said.trim_end()));
        if rejected(*code, said) {
            out.fail([Finding::at(
                step.line,
                format!("{}: {}", step.words[0], first_error(said)),
            )]);
        } else {
            out.exclusions.push(Exclusion {
                source: step.source.clone(),
                line: step.line,
                command: step.text.clone(),
                kind: ExclusionKind::Partial,
                reason: format!(
                    "accepted by the CLI, which a single broker cannot carry out (exit {code}: {})",
                    first_error(said)
                ),
            });
        }
    }
    Ok(())
}

/// The RabbitMQ commands of a script, each cut at its first shell operator.
fn steps_of(source: &str, script: &str, own: bool) -> Vec<Step> {
    commands(script)
        .iter()
        .filter_map(|c| {
            let words = cli_words(c)?;
            Some(Step {
                source: source.to_string(),
                own,
                line: c.line,
                text: words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "),
                words,
            })
        })
        .collect()
}

/// The words of the RabbitMQ command in `cmd`: from the CLI name (after `if`, `!`, `sudo`,
/// `timeout N`...) to the first shell operator.
fn cli_words(cmd: &ShellCommand) -> Option<Vec<String>> {
    let start = cmd.words.iter().position(|w| CLIS.contains(&w.as_str()))?;
    let before_ok = cmd.words[..start].iter().all(|w| {
        matches!(
            w.as_str(),
            "if" | "!" | "then" | "sudo" | "do" | "until" | "while"
        )
    });
    if !before_ok {
        return None;
    }
    let words: Vec<String> = cmd.words[start..]
        .iter()
        .take_while(|w| {
            !w.starts_with(['|', '&', ';', '<', '>', '(', ')']) && *w != "then" && *w != "do"
        })
        .map(|w| w.trim_end_matches(';').to_string())
        .collect();
    Some(words)
}

/// A bash script that boots the broker, waits for it, and runs each step between markers.
fn driver(server: &std::path::Path, steps: &[Step]) -> String {
    let mut s = String::from(
        "set -u\n\
         chown rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq\n\
         su -s /bin/sh rabbitmq -c 'HOME=/var/lib/rabbitmq exec ",
    );
    s.push_str(&quote(&server.to_string_lossy()));
    s.push_str(
        "' >/var/log/rabbitmq/server.out 2>&1 &\n\
         up=\n\
         for _ in $(seq 1 480); do\n\
         \x20   if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then up=1; break; fi\n\
         \x20   sleep 0.25\n\
         done\n\
         if [ -z \"$up\" ] || ! rabbitmqctl -q await_startup >/dev/null 2>&1; then\n\
         \x20   echo '@@haguide boot-failed'; tail -n 20 /var/log/rabbitmq/*.log /var/log/rabbitmq/server.out; exit 1\n\
         fi\n",
    );
    for (i, step) in steps.iter().enumerate() {
        s.push_str(&format!(
            "echo '@@haguide {i} begin'\n{} 2>&1\nprintf '\\n@@haguide {i} end %d\\n' \"$?\"\n",
            step.text
        ));
    }
    s
}

/// Exit code and output of each step, in order.
fn parse(stdout: &str) -> Vec<(i32, String)> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("@@haguide ") {
            if rest.ends_with(" begin") {
                current = Some(String::new());
            } else if let Some((_, code)) = rest.split_once(" end ") {
                let said = current.take().unwrap_or_default();
                out.push((code.trim().parse().unwrap_or(-1), said));
            }
        } else if let Some(c) = current.as_mut() {
            c.push_str(line);
            c.push('\n');
        }
    }
    out
}

fn boot_failure(stdout: &str) -> Option<String> {
    let (_, after) = stdout.split_once("@@haguide boot-failed")?;
    let last = after.lines().rev().find(|l| !l.trim().is_empty());
    Some(
        last.unwrap_or("no output from rabbitmq-server")
            .trim()
            .to_string(),
    )
}

/// The CLI itself refused the command as written: usage errors exit 64 (EX_USAGE) with one of
/// these. (A valid command that needs a stopped app also exits 64, with other words.)
fn rejected(code: i32, said: &str) -> bool {
    code == 64
        && [
            "not found",
            "argument validation",
            "Invalid options",
            "Too many arguments",
            "Not enough arguments",
        ]
        .iter()
        .any(|m| said.contains(m))
}

/// The first line that says what went wrong.
fn first_error(said: &str) -> String {
    let lines: Vec<&str> = said
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let line = lines
        .iter()
        .find(|l| l.starts_with("Error") || l.starts_with("Command '") || l.contains("not found"))
        .or(lines.first())
        .copied()
        .unwrap_or("no output");
    // `Error:` alone is followed by the reason on the next line.
    if line == "Error:"
        && let Some(next) = lines.iter().skip_while(|l| **l != "Error:").nth(1)
    {
        return if next.starts_with("Error") {
            next.to_string()
        } else {
            format!("Error: {next}")
        };
    }
    let mut line = crate::process::strip_ansi(line);
    if let Some(hint) = lines.iter().find(|l| l.starts_with("Did you mean")) {
        line.push(' ');
        line.push_str(hint);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cli_part_of_each_command() {
        let script = "if ! rabbitmqctl list_users --silent | grep -q '^openstack[[:space:]]'; then\n    rabbitmqctl add_user openstack PASS\nfi\nsystemctl stop rabbitmq-server\nrabbitmqctl list_queues name type leader | grep x\n";
        let steps = steps_of("t", script, true);
        let texts: Vec<&str> = steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "rabbitmqctl list_users --silent",
                "rabbitmqctl add_user openstack PASS",
                "rabbitmqctl list_queues name type leader"
            ]
        );
        assert_eq!(steps[1].line, 2);
        assert!(applies(script));
        assert!(!applies("systemctl restart rabbitmq-server\n"));
    }

    #[test]
    fn usage_errors_are_rejections_and_state_errors_are_not() {
        let typo = "Command 'set_permisions' not found. \nDid you mean 'set_permissions'? \n";
        assert!(rejected(64, typo));
        assert_eq!(
            first_error(typo),
            "Command 'set_permisions' not found. Did you mean 'set_permissions'?"
        );
        let running =
            "Error: this command requires the 'rabbit' app to be stopped on the target node.\n";
        assert!(!rejected(64, running));
        let elsewhere = "Removing node rabbit@c3 from the cluster\nError:\n{:not_a_cluster_node, 'The node selected is not in the cluster.'}\n";
        assert!(!rejected(69, elsewhere));
        assert_eq!(
            first_error(elsewhere),
            "Error: {:not_a_cluster_node, 'The node selected is not in the cluster.'}"
        );
    }

    #[test]
    fn parses_the_markers() {
        let out = "@@haguide 0 begin\nAdding user\n@@haguide 0 end 0\n@@haguide 1 begin\nCommand 'x' not found.\n@@haguide 1 end 64\n";
        let r = parse(out);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].0, 64);
        assert!(r[1].1.contains("not found"));
        assert!(boot_failure(out).is_none());
        assert_eq!(
            boot_failure("@@haguide boot-failed\nERROR: epmd error\n").as_deref(),
            Some("ERROR: epmd error")
        );
    }
}
