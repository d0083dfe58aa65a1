//! systemd units: `systemd-analyze verify` loads the unit the way PID 1 would, without a running
//! systemd, and reports what it would ignore or refuse.
//!
//! It runs in a private mount namespace where /etc/systemd/system is an empty tmpfs holding only
//! this unit and the units of its `after` chain (a socket with `Accept=yes` needs its
//! `name@.service` beside it). Commands named by `Exec*=` that this machine lacks (the guide's own
//! scripts in /usr/local) are replaced by stub executables inside the namespace: the scripts are
//! snippets of their own, checked as shell.
//!
//! verify exits 0 after "Unknown key ..., ignoring" and "Failed to parse ..., ignoring", which are
//! exactly the typos that matter, so any output line with "ignoring" or "Unknown" fails the check.
//! Blind spots (upstream): values only used at runtime (addresses in ListenStream, credentials)
//! are not checked; dependencies on units this machine does not have are reported as missing.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, path_arg};
use crate::tools::Tool;
use crate::{CheckError, Input, Scratch, run_in, settle};
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::Path;

const ANALYZE: Tool = Tool {
    bin: "systemd-analyze",
    package: "systemd",
};

const UNIT_DIR: &str = "/etc/systemd/system";

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("systemd-analyze verify");
    out.tool_version = crate::tools::versions(&[ANALYZE]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

/// The unit's file name: its target's, or one made from the id.
fn unit_name(file: Option<&str>, id: &str) -> String {
    file.and_then(|f| Path::new(f).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}.service", id.replace('/', "-")))
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let analyze = ANALYZE.find()?;
    let scratch = Scratch::new()?;
    let mut sandbox = Sandbox::new();
    sandbox.tmpfs(UNIT_DIR);
    let mut units = Vec::new();
    for earlier in input.earlier.iter().filter(|e| e.file.is_some()) {
        units.push((
            unit_name(earlier.file.as_deref(), &earlier.id),
            earlier.text.as_str(),
        ));
    }
    let own = unit_name(input.target, input.id);
    units.push((own.clone(), input.text));
    let stub = scratch.write("stub", "#!/bin/sh\nexit 0\n")?;
    set_executable(&stub)?;
    let mut stub_dirs = BTreeSet::new();
    let mut stubs = BTreeSet::new();
    for (name, text) in &units {
        let path = scratch.write(name, text)?;
        sandbox.copy(&path, &format!("{UNIT_DIR}/{name}"));
        for cmd in exec_paths(text) {
            if !Path::new(&cmd).exists()
                && let Some(dir) = Path::new(&cmd).parent()
            {
                stub_dirs.insert(dir.to_string_lossy().into_owned());
                stubs.insert(cmd);
            }
        }
    }
    for dir in &stub_dirs {
        if Path::new(dir).is_dir() {
            sandbox.tmpfs(dir);
        } else {
            return Err(CheckError::Sandbox(format!(
                "{dir} does not exist here, so a stub for its commands cannot be mounted"
            )));
        }
    }
    for cmd in &stubs {
        sandbox.copy(&stub, cmd);
    }
    let shown = input.display_name();
    let argv: Vec<OsString> = vec![
        "verify".into(),
        "--man=no".into(),
        path_arg(&Path::new(UNIT_DIR).join(&own)),
    ];
    let own_path = scratch.path().join(&own);
    let ran = run_in(
        out,
        &sandbox,
        &analyze,
        &argv,
        &scratch,
        Some((&own_path, &shown)),
    )?;
    // On failure every line is a complaint; on success only what systemd says it ignores.
    let failed = !ran.success();
    let complaints: Vec<Finding> = ran
        .combined()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| failed || l.contains("ignoring") || l.contains("Unknown"))
        .map(|l| {
            let line = l
                .split_once(&format!("{own}:"))
                .and_then(|(_, r)| r.split(':').next())
                .and_then(|n| n.trim().parse().ok());
            Finding {
                line,
                message: l.trim().to_string(),
            }
        })
        .collect();
    if ran.success() && complaints.is_empty() {
        return Ok(());
    }
    if complaints.is_empty() {
        out.fail([Finding::general(
            "systemd-analyze verify failed without a message".to_string(),
        )]);
    } else {
        out.fail(complaints);
    }
    Ok(())
}

/// The absolute command paths of `Exec*=` lines, without systemd's prefix characters.
fn exec_paths(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().split_once('='))
        .filter(|(k, _)| k.trim().starts_with("Exec"))
        .filter_map(|(_, v)| {
            v.trim()
                .trim_start_matches(['@', '-', ':', '+', '!'])
                .split_whitespace()
                .next()
        })
        .filter(|c| c.starts_with('/'))
        .map(str::to_string)
        .collect()
}

fn set_executable(path: &Path) -> Result<(), CheckError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|e| {
        CheckError::Io {
            context: format!("making {} executable", path.display()),
            source: e,
        }
    })
}
