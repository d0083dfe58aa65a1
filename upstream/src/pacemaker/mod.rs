//! pcs and crmsh command sequences, replayed on an offline CIB.
//!
//! 1. The sequence is the snippet's `after` predecessors, in order, then the snippet itself.
//! 2. A CIB file with the profile's nodes online ([`cib`]).
//! 3. Each command is run, skipped or forced as [`plan`] decides: `pcs -f CIB ...`, or
//!    `CIB_file=CIB crm ...` (with a scratch HOME, so parallel checks share no crmsh state, and a
//!    tmpfs over /var/log/crmsh, so the host's log stays clean), inside a network namespace. The first command that fails stops the replay: later ones
//!    depend on it.
//! 4. `crm_verify -x CIB -V` must pass. The one exception: "no STONITH resources have been
//!    defined" on a CIB that has no resources at all (right after `cluster setup`, or a step
//!    that only sets properties) is an expected intermediate state and becomes a note; with any
//!    resource it is an error, since Pacemaker would not start it.
//! 5. `crm_simulate -x CIB -S` gives the placement lines.
//!
//! `crmsh` prints its own validation problems (an unknown operation, a parameter that breaks
//! uniqueness) as `WARNING:` and still exits 0, so a `WARNING:` from `crm configure` is a failure.
//! pcs's warnings are notices ("Validation for node existence ... will be skipped") and are not.

pub(crate) mod cib;
mod plan;

use crate::outcome::{Exclusion, ExclusionKind, Finding, Outcome};
use crate::sandbox::Sandbox;
use crate::tools::{Tool, find_all};
use crate::words::{ShellCommand, commands};
use crate::{CheckError, Input, Scratch, run_in, settle};
use plan::Plan;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Stands for the CIB path in planned arguments until the scratch directory exists.
pub(crate) const CIB_PLACEHOLDER: &str = "@CIB@";

/// Which cluster shell the sequence uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shell {
    Pcs,
    Crmsh,
}

const PCS: Tool = Tool {
    bin: "pcs",
    package: "pcs",
};
const CRM: Tool = Tool {
    bin: "crm",
    package: "crmsh",
};
const CIBADMIN: Tool = Tool {
    bin: "cibadmin",
    package: "pacemaker-cli-utils",
};
const CRM_VERIFY: Tool = Tool {
    bin: "crm_verify",
    package: "pacemaker-cli-utils",
};
const CRM_SIMULATE: Tool = Tool {
    bin: "crm_simulate",
    package: "pacemaker-cli-utils",
};

/// Where crmsh writes its log, hidden by a tmpfs during the checks.
const CRMSH_LOG_DIR: &str = "/var/log/crmsh";

/// The OCF agents pcs and crmsh read metadata from.
const OCF_ROOT: &str = "/usr/lib/ocf/resource.d";

impl Shell {
    fn tool(self) -> Tool {
        match self {
            Shell::Pcs => PCS,
            Shell::Crmsh => CRM,
        }
    }
}

/// One command of the sequence with where it comes from.
struct Step {
    source: String,
    own: bool,
    cmd: ShellCommand,
}

pub(crate) fn check(input: &Input<'_>, shell: Shell) -> Outcome {
    let mut out = Outcome::new(match shell {
        Shell::Pcs => "pcs + crm_verify",
        Shell::Crmsh => "crmsh + crm_verify",
    });
    out.tool_version = crate::tools::versions(&[shell.tool(), CRM_VERIFY]);
    let result = run(input, shell, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, shell: Shell, out: &mut Outcome) -> Result<(), CheckError> {
    let found = find_all(&[shell.tool(), CIBADMIN, CRM_VERIFY, CRM_SIMULATE])?;
    let tools = cib::Tools {
        cibadmin: found[1].clone(),
        crm_verify: found[2].clone(),
        crm_simulate: found[3].clone(),
    };
    let steps = sequence(input);
    require_agents(&steps)?;
    let scratch = Scratch::new()?;
    let cib_path = cib::create(&tools, input.nodes, &scratch, out)?;
    for step in &steps {
        if !replay(step, shell, &found[0], &cib_path, &scratch, out)? {
            // Later commands build on the failed one; their errors would only repeat it.
            return Ok(());
        }
    }
    let verified = cib::verify(&tools, &cib_path, &scratch, out)?;
    if !verified.success() {
        let text = verified.combined();
        if !cib::has_resources(&cib_path) && only_missing_stonith(&text) {
            out.notes.push(
                "crm_verify: no STONITH resources defined yet; with no resource in the CIB this \
                 is the expected state before fencing is configured"
                    .into(),
            );
        } else {
            out.fail(verify_findings(&text));
            return Ok(());
        }
    }
    let misplaced = cib::misplaced_clone_meta(&cib_path);
    if !misplaced.is_empty() {
        out.fail(misplaced.into_iter().map(|(primitive, name)| {
            Finding::general(format!(
                "the CIB has `{name}` on the primitive `{primitive}`, where Pacemaker ignores it \
                 (crm_verify does not say so); set it on the clone"
            ))
        }));
        return Ok(());
    }
    out.placement = cib::placement(&tools, &cib_path, &scratch, out)?;
    Ok(())
}

/// The `after` predecessors' commands, then the text's own.
fn sequence(input: &Input<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    for e in input.earlier {
        steps.extend(commands(&e.text).into_iter().map(|cmd| Step {
            source: e.id.clone(),
            own: false,
            cmd,
        }));
    }
    steps.extend(commands(input.text).into_iter().map(|cmd| Step {
        source: input.id.to_string(),
        own: true,
        cmd,
    }));
    steps
}

/// A missing resource or fence agent is a missing tool, not a config error.
fn require_agents(steps: &[Step]) -> Result<(), CheckError> {
    for step in steps {
        for w in &step.cmd.words {
            let w = w.strip_prefix("stonith:").unwrap_or(w);
            if let Some(agent) = w.strip_prefix("ocf:heartbeat:") {
                if !Path::new(OCF_ROOT).join("heartbeat").join(agent).exists() {
                    return Err(CheckError::Missing(crate::Status::Missing {
                        tool: format!("ocf:heartbeat:{agent}"),
                        install_hint: "apt-get install --no-install-recommends resource-agents"
                            .into(),
                    }));
                }
            } else if w.starts_with("fence_") && !w.contains('=') {
                crate::tools::find_program(w, "fence-agents")?;
            }
        }
    }
    Ok(())
}

/// Runs, skips or forces one step. Returns false when the step failed.
fn replay(
    step: &Step,
    shell: Shell,
    program: &Path,
    cib_path: &Path,
    scratch: &Scratch,
    out: &mut Outcome,
) -> Result<bool, CheckError> {
    let exclusion = |kind, reason: String| Exclusion {
        source: step.source.clone(),
        line: step.cmd.line,
        command: step.cmd.text.clone(),
        kind,
        reason,
    };
    match plan::plan(&step.cmd, shell) {
        Plan::Skip(reason) => {
            out.exclusions
                .push(exclusion(ExclusionKind::Skipped, reason));
            Ok(true)
        }
        Plan::ClusterSetup { args } => cluster_setup(step, program, &args, scratch, out),
        Plan::Run {
            program: _,
            args,
            forced,
        } => {
            let argv: Vec<OsString> = args
                .iter()
                .map(|a| {
                    if a == CIB_PLACEHOLDER {
                        cib_path.as_os_str().to_owned()
                    } else {
                        OsString::from(a)
                    }
                })
                .collect();
            let mut sandbox = Sandbox::new();
            sandbox
                .env("CIB_file", &cib_path.to_string_lossy())
                .env("HOME", &scratch.path().to_string_lossy());
            // crmsh logs every command to /var/log/crmsh/crmsh.log; keep the host's log clean.
            if shell == Shell::Crmsh && Path::new(CRMSH_LOG_DIR).is_dir() {
                sandbox.tmpfs(CRMSH_LOG_DIR);
            }
            let ran = run_in(out, &sandbox, program, &argv, scratch, None)?;
            let text = ran.combined();
            if shell == Shell::Pcs && text.contains("is not supported in this command") {
                out.exclusions.push(exclusion(
                    ExclusionKind::Skipped,
                    format!(
                        "pcs cannot run it on a CIB file: {}",
                        text.lines().last().unwrap_or_default().trim()
                    ),
                ));
                return Ok(true);
            }
            if let Some(reason) = forced {
                out.exclusions
                    .push(exclusion(ExclusionKind::Forced, reason));
            }
            let warnings: Vec<&str> = if shell == Shell::Crmsh && is_configure(&step.cmd) {
                text.lines()
                    .filter(|l| l.trim_start().starts_with("WARNING:"))
                    .collect()
            } else {
                Vec::new()
            };
            if ran.success() && warnings.is_empty() {
                return Ok(true);
            }
            let mut messages: Vec<String> = text
                .lines()
                .filter(|l| {
                    let t = l.trim_start();
                    t.starts_with("Error") || t.starts_with("ERROR") || t.starts_with("WARNING")
                })
                .map(|l| l.trim().to_string())
                .collect();
            if messages.is_empty() {
                messages.push(format!("failed with {}: {}", ran.describe(), text.trim()));
            }
            out.fail(messages.into_iter().map(|m| finding(step, m)));
            Ok(false)
        }
    }
}

/// `pcs cluster setup ... --corosync_conf FILE`, then `corosync -t` on what it wrote.
fn cluster_setup(
    step: &Step,
    pcs: &Path,
    args: &[String],
    scratch: &Scratch,
    out: &mut Outcome,
) -> Result<bool, CheckError> {
    let conf: PathBuf = scratch.path().join("pcs-corosync.conf");
    let mut argv: Vec<OsString> = args.iter().map(OsString::from).collect();
    argv.push("--corosync_conf".into());
    argv.push(conf.clone().into_os_string());
    let ran = run_in(out, &Sandbox::new(), pcs, &argv, scratch, None)?;
    if !ran.success() {
        let text = ran.combined();
        let msgs: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with("Error"))
            .map(str::to_string)
            .collect();
        let msgs = if msgs.is_empty() {
            vec![format!("pcs cluster setup failed with {}", ran.describe())]
        } else {
            msgs
        };
        out.fail(msgs.into_iter().map(|m| finding(step, m)));
        return Ok(false);
    }
    let written = std::fs::read_to_string(&conf).map_err(|source| CheckError::Io {
        context: format!("reading {}", conf.display()),
        source,
    })?;
    let mut inner = Outcome::new("corosync");
    crate::corosync::check_text(
        &written,
        "corosync.conf written by pcs cluster setup",
        &mut inner,
    )?;
    out.commands.extend(inner.commands);
    out.add_output(&inner.output);
    out.notes.push(format!(
        "line {} ({}): pcs cluster setup ran with --corosync_conf into a scratch file, which corosync -t then checked",
        step.cmd.line, step.source
    ));
    if let crate::Status::Fail { diagnostics } = inner.status {
        out.fail(diagnostics.into_iter().map(|d| {
            finding(
                step,
                format!("corosync -t on the generated corosync.conf: {}", d.message),
            )
        }));
        return Ok(false);
    }
    Ok(true)
}

fn is_configure(cmd: &ShellCommand) -> bool {
    cmd.words
        .iter()
        .skip(1)
        .find(|w| !w.starts_with('-'))
        .is_some_and(|w| w == "configure")
}

/// A finding at the step's line, or naming the predecessor it comes from.
fn finding(step: &Step, message: String) -> Finding {
    if step.own {
        Finding::at(step.cmd.line, message)
    } else {
        Finding::general(format!(
            "in `{}` (an `after` predecessor), line {}: `{}`: {message}",
            step.source, step.cmd.line, step.cmd.text
        ))
    }
}

/// True when every error crm_verify printed is about missing STONITH resources.
fn only_missing_stonith(text: &str) -> bool {
    let errors: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("error:") && !l.starts_with("crm_verify:"))
        .collect();
    !errors.is_empty()
        && errors
            .iter()
            .all(|l| l.contains("STONITH") || l.contains("stonith-enabled"))
        && !text.contains("warning:")
}

fn verify_findings(text: &str) -> Vec<Finding> {
    text.lines()
        .filter(|l| l.contains("error:") || l.contains("warning:") || l.starts_with("crm_verify:"))
        .map(|l| {
            let l = l.trim();
            if l.starts_with("crm_verify:") {
                Finding::general(l)
            } else {
                Finding::general(format!("crm_verify: {l}"))
            }
        })
        .collect()
}
