//! MariaDB / Galera option files: `mariadbd --defaults-file=F --help --verbose` in a network
//! namespace, with stderr read, not only the exit code.
//!
//! - `--help --verbose` reads `[mysqld]`, `[galera]`, `[server]`, `[mariadb]` and prints the
//!   resulting variables without starting the server; there is no `--validate-config` in 10.11.
//! - Fails: a non-zero exit (`unknown variable` exits 7, a bad value 9 or 13, a wsrep setting the
//!   provider refuses 1), and on stderr any `[ERROR]`, `unknown variable`, or the note `Using
//!   unique option prefix` (a prefix of a real option is accepted with only that note and breaks
//!   when a new option shares the prefix).
//! - Harmless stderr kept in the output but not failed on: `failed to retrieve the MAC address`
//!   (the namespace has no hardware) and `Could not increase number of max_open_files`.
//! - Blind spots (upstream): `loose-` options pass with a warning, `wsrep_provider_options`
//!   is not parsed.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::Sandbox;
use crate::tools::Tool;
use crate::{CheckError, Input, Scratch, line_of_key, run_in, settle};

const MARIADBD: Tool = Tool {
    bin: "mariadbd",
    package: "mariadb-server",
};

/// Messages that make a check fail even with exit code 0.
const FATAL: &[&str] = &["[ERROR]", "unknown variable", "Using unique option prefix"];

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("mariadbd");
    out.tool_version = crate::tools::versions(&[MARIADBD]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let mariadbd = MARIADBD.find()?;
    let scratch = Scratch::new()?;
    let shown = input.display_name();
    let cnf = scratch.write("my.cnf", input.text)?;
    let mut arg = std::ffi::OsString::from("--defaults-file=");
    arg.push(&cnf);
    let argv = vec![arg, "--help".into(), "--verbose".into()];
    let mut sandbox = Sandbox::new();
    // The variable dump goes to stdout and is long; only stderr carries verdicts.
    let mut ran = run_in_quiet(out, &mut sandbox, &mariadbd, &argv, &scratch, &cnf, &shown)?;
    ran.stdout.clear();
    let bad: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| FATAL.iter().any(|f| l.contains(f)))
        .collect();
    if ran.success() && bad.is_empty() {
        return Ok(());
    }
    let mut found: Vec<Finding> = bad
        .iter()
        .map(|l| {
            let message = l.split_once("] ").map(|(_, m)| m).unwrap_or(l).trim();
            Finding {
                line: variable_in(l).and_then(|v| line_of_variable(input.text, &v)),
                message: message.to_string(),
            }
        })
        .collect();
    if !ran.success() {
        found.push(Finding::general(format!("mariadbd {}", ran.describe())));
    }
    out.fail(found);
    Ok(())
}

/// Like [`run_in`], but keeps only stderr in the outcome's output.
fn run_in_quiet(
    out: &mut Outcome,
    sandbox: &mut Sandbox,
    program: &std::path::Path,
    argv: &[std::ffi::OsString],
    scratch: &Scratch,
    cnf: &std::path::Path,
    shown: &str,
) -> Result<crate::process::Ran, CheckError> {
    let mut scratch_out = Outcome::new("mariadbd");
    let ran = run_in(
        &mut scratch_out,
        sandbox,
        program,
        argv,
        scratch,
        Some((cnf, shown)),
    )?;
    out.commands.extend(scratch_out.commands);
    out.add_output(&crate::process::strip_ansi(ran.stderr.trim_end()));
    Ok(ran)
}

/// The variable a message is about: `unknown variable 'x=1'`, `option prefix 'x'`.
fn variable_in(line: &str) -> Option<String> {
    let start = line.find('\'')? + 1;
    let rest = &line[start..];
    let end = rest.find('\'')?;
    let v = &rest[..end];
    Some(v.split('=').next().unwrap_or(v).trim().to_string())
}

/// MariaDB treats `-` and `_` in option names alike.
fn line_of_variable(text: &str, var: &str) -> Option<usize> {
    line_of_key(text, var)
        .or_else(|| line_of_key(text, &var.replace('-', "_")))
        .or_else(|| line_of_key(text, &var.replace('_', "-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_variable_line() {
        let text = "[mysqld]\nbind-address = 10.0.0.11\ninnodb_autoinc_lock_mdoe = 2\n";
        let v = variable_in("[ERROR] mariadbd: unknown variable 'innodb_autoinc_lock_mdoe=2'");
        assert_eq!(v.as_deref(), Some("innodb_autoinc_lock_mdoe"));
        assert_eq!(line_of_variable(text, "innodb_autoinc_lock_mdoe"), Some(3));
        assert_eq!(line_of_variable(text, "bind_address"), Some(2));
    }
}
