//! Shell scripts and console transcripts: `bash -n` (the syntax bash itself accepts) and
//! `shellcheck -s bash -S warning` (Debian's shellcheck: quoting, `then` without `;`,
//! unassigned variables...). Neither executes anything, so they run without a namespace.
//!
//! A console transcript is checked on its command lines only: lines starting with `# ` or
//! `$ ` (and their `\` continuations) keep their line numbers, output lines become blank.
//!
//! Three shellcheck rules are left out, each for a reason:
//! - SC1113 and SC2096 judge a shebang. Snippets are pasted into a shell, not run as files, so
//!   they have none, and a first-line comment such as `# /usr/local/bin/clustercheck, ...` is
//!   read by shellcheck as a broken one. The shell is given by `-s bash` instead.
//! - SC1010 ("use semicolon or linefeed before 'then'/'do'") fires on those words used as
//!   arguments (`ping -M do`, `pcs constraint order start A then start B`). The real mistake it
//!   means, `if [ x ] then`, leaves the compound command unterminated, which `bash -n` rejects.

use crate::outcome::{Finding, Outcome};
use crate::process::{DEFAULT_TIMEOUT, run};
use crate::tools::{Tool, find_all};
use crate::{CheckError, Context, Input, Scratch, settle};
use std::process::Command;

const BASH: Tool = Tool {
    bin: "bash",
    package: "bash",
};
const SHELLCHECK: Tool = Tool {
    bin: "shellcheck",
    package: "shellcheck",
};

/// The shellcheck rules left out (see the module documentation).
const EXCLUDED: &str = "SC1010,SC1113,SC2096";

/// What the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A script: every line is shell.
    Script,
    /// A transcript: prompts, commands and their output.
    Console,
}

pub(crate) fn check(input: &Input<'_>, kind: Kind) -> Outcome {
    let mut out = Outcome::new("bash -n + shellcheck");
    out.tool_version = crate::tools::versions(&[BASH, SHELLCHECK]);
    let result = run_checks(input, kind, &mut out);
    settle(&mut out, result);
    out
}

fn run_checks(input: &Input<'_>, kind: Kind, out: &mut Outcome) -> Result<(), CheckError> {
    let found = find_all(&[BASH, SHELLCHECK])?;
    let scratch = Scratch::new()?;
    let script = match kind {
        Kind::Script => input.text.to_string(),
        Kind::Console => {
            out.notes.push(
                "console transcript: only the command lines (after `# ` or `$ `) are checked"
                    .into(),
            );
            console_commands(input.text)
        }
    };
    let shown = input.display_name();
    let file = scratch.write("script.sh", &script)?;
    let tidy = |s: &str| scratch.tidy(s, Some((&file, &shown)));

    let mut bash = Command::new(&found[0]);
    bash.arg("-n").arg(&file);
    out.commands.push(tidy(&crate::process::display(&bash)));
    let ran = run(&mut bash, DEFAULT_TIMEOUT).context(|| "running bash -n".to_string())?;
    let bash_out = tidy(&ran.combined());
    out.add_output(&bash_out);
    if !ran.success() {
        out.fail(bash_findings(&bash_out));
    }

    let mut sc = Command::new(&found[1]);
    sc.args(["-s", "bash", "-S", "warning", "-f", "gcc", "-e", EXCLUDED])
        .arg(&file);
    out.commands.push(tidy(&crate::process::display(&sc)));
    let ran = run(&mut sc, DEFAULT_TIMEOUT).context(|| "running shellcheck".to_string())?;
    let sc_out = tidy(&ran.combined());
    out.add_output(&sc_out);
    if !ran.success() {
        out.fail(shellcheck_findings(&sc_out, &shown));
    }
    Ok(())
}

/// The command lines of a transcript at their own line numbers; everything else blank.
pub(crate) fn console_commands(text: &str) -> String {
    let mut out = Vec::new();
    let mut continued = false;
    for line in text.lines() {
        let command = if continued {
            Some(line)
        } else {
            line.strip_prefix("# ")
                .or_else(|| line.strip_prefix("$ "))
                .or_else(|| (line == "#" || line == "$").then_some(""))
        };
        match command {
            Some(c) => {
                continued = c.ends_with('\\');
                out.push(c.to_string());
            }
            None => out.push(String::new()),
        }
    }
    out.join("\n") + "\n"
}

/// `F: line 3: syntax error near unexpected token ...`.
fn bash_findings(text: &str) -> Vec<Finding> {
    text.lines()
        .map(|l| {
            let line = l
                .split_once(": line ")
                .and_then(|(_, rest)| rest.split(':').next().and_then(|n| n.trim().parse().ok()));
            let message = l.rsplit_once(": ").map(|(_, m)| m).unwrap_or(l);
            Finding {
                line,
                message: format!("bash -n: {}", message.trim()),
            }
        })
        .collect()
}

/// `F:9:42: warning: message [SC1010]` (shellcheck -f gcc).
fn shellcheck_findings(text: &str, shown: &str) -> Vec<Finding> {
    let prefix = format!("{shown}:");
    text.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(&prefix)?;
            let mut parts = rest.splitn(3, ':');
            let line = parts.next()?.parse::<usize>().ok()?;
            let _column = parts.next()?;
            let message = parts.next()?.trim();
            Some(Finding::at(line, format!("shellcheck: {message}")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_keeps_command_lines_in_place() {
        let t = "# haproxy -c -f /etc/haproxy/haproxy.cfg\nConfiguration file is valid\n$ echo a \\\n  b\nout\n";
        assert_eq!(
            console_commands(t),
            "haproxy -c -f /etc/haproxy/haproxy.cfg\n\necho a \\\n  b\n\n"
        );
    }

    #[test]
    fn parses_tool_messages() {
        let f = shellcheck_findings(
            "x.sh:9:42: warning: Use semicolon or linefeed before 'then'. [SC1010]",
            "x.sh",
        );
        assert_eq!(f[0].line, Some(9));
        let b = bash_findings("x.sh: line 3: syntax error near unexpected token `fi'");
        assert_eq!(b[0].line, Some(3));
    }
}
