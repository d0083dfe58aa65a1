//! Checks rendered configs and command sequences with the real upstream tools, offline.
//!
//! The native validators of `haguide-snippets` run on every render; this crate runs what the
//! projects themselves ship (`haproxy -c`, `keepalived -t`, `corosync -t`, `pcs -f` and
//! `crm` on an offline CIB then `crm_verify`, `mariadbd --help --verbose`, RabbitMQ's cuttlefish
//! schemas, `memcached`, `bash -n` + `shellcheck`, `sysctl`, `chronyd -p`, `oslo-config-validator`) inside private
//! namespaces, so no packet leaves the machine and nothing on the host changes. Each format has
//! its own module; [`check`] picks it.
//!
//! ```no_run
//! use haguide_upstream::{Input, check};
//! use haguide_snippets::Format;
//! let text = std::fs::read_to_string("/etc/haproxy/haproxy.cfg")?;
//! let outcome = check(&Input::file(&text, &Format::Haproxy, "/etc/haproxy/haproxy.cfg"));
//! println!("{} {:?}", outcome.tool, outcome.status);
//! # Ok::<(), std::io::Error>(())
//! ```

mod chrony;
mod corosync;
mod django;
mod haproxy;
mod keepalived;
mod mariadb;
mod memcached;
mod oslo;
pub mod outcome;
mod pacemaker;
mod process;
mod rabbitmq;
mod rabbitmq_cli;
mod sandbox;
mod shell;
mod sysctl;
mod systemd;
mod tools;
mod words;

pub use outcome::{Exclusion, ExclusionKind, Finding, Outcome, Status};

use haguide_snippets::Format;
use process::Ran;
use sandbox::Sandbox;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A text to check, with what the check may need to know about it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The rendered snippet or the operator's file.
    pub text: &'a str,
    /// Its format (concrete: `cluster` is resolved to `pcs` or `crmsh` before this).
    pub format: &'a Format,
    /// The file it is for (`/etc/haproxy/haproxy.cfg`), if it is a file.
    pub target: Option<&'a str>,
    /// The snippet id, or the file's path for an operator's file.
    pub id: &'a str,
    /// The variant (`tool=pcs`), or `default`.
    pub variant: &'a str,
    /// Command sequences that run before this one (the snippet's `after` chain, in order).
    pub earlier: &'a [Earlier],
    /// The cluster's node names, for the offline CIB of Pacemaker sequences.
    pub nodes: &'a [String],
    /// The OpenStack release the text is for (an oslo.config file's schema); `None` when it is
    /// the same for every release, and is checked against each.
    pub release: Option<&'a str>,
}

/// A command sequence that runs before the checked one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    /// Its snippet id.
    pub id: String,
    /// The file it is written to, for file snippets (a unit that another unit needs beside it).
    pub file: Option<String>,
    /// Its rendered text.
    pub text: String,
}

impl<'a> Input<'a> {
    /// An operator's file with no sequence before it and no cluster nodes.
    pub fn file(text: &'a str, format: &'a Format, path: &'a str) -> Input<'a> {
        Input {
            text,
            format,
            target: Some(path),
            id: path,
            variant: "default",
            earlier: &[],
            nodes: &[],
            release: None,
        }
    }

    /// The name to show for the checked file in the tool's messages.
    fn display_name(&self) -> String {
        self.target.unwrap_or(self.id).to_string()
    }
}

/// Checks `input` with its format's upstream tool.
pub fn check(input: &Input<'_>) -> Outcome {
    let start = Instant::now();
    let mut outcome = match input.format {
        Format::Haproxy => haproxy::check(input),
        Format::Keepalived => keepalived::check(input),
        Format::Corosync => corosync::check(input),
        Format::Pcs => pacemaker::check(input, pacemaker::Shell::Pcs),
        Format::Crmsh => pacemaker::check(input, pacemaker::Shell::Crmsh),
        Format::Mariadb => mariadb::check(input),
        Format::Rabbitmq => rabbitmq::check(input),
        Format::Memcached => memcached::check(input),
        Format::Shell => shell_and_rabbitmq(input, shell::Kind::Script),
        Format::Console => shell_and_rabbitmq(input, shell::Kind::Console),
        Format::Sysctl => sysctl::check(input),
        Format::Chrony => chrony::check(input),
        Format::DjangoSettings => django::check(input),
        Format::Systemd => systemd::check(input),
        Format::Oslo(service) => oslo::check(input, service),
        Format::Ini => excluded(
            "none",
            "a generic INI file has no upstream tool; the native validator is its check",
        ),
        Format::Cluster => Outcome::broken(
            "format `cluster` must be resolved to `pcs` or `crmsh` by the variant first",
        ),
    };
    outcome.millis = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    outcome
}

/// `bash -n` and shellcheck; then, when the text runs the RabbitMQ CLI, those commands on a real
/// broker (a text bash rejects is not worth booting one for).
fn shell_and_rabbitmq(input: &Input<'_>, kind: shell::Kind) -> Outcome {
    let mut out = shell::check(input, kind);
    let script = match kind {
        shell::Kind::Script => input.text.to_string(),
        shell::Kind::Console => shell::console_commands(input.text),
    };
    if !out.is_ok() || !rabbitmq_cli::applies(&script) {
        return out;
    }
    out.tool = format!("{} + {}", out.tool, rabbitmq_cli::TOOL);
    if let Some(v) = rabbitmq_cli::version() {
        out.tool_version = Some(match out.tool_version.take() {
            Some(shell) => format!("{shell} + {v}"),
            None => v,
        });
    }
    let result = rabbitmq_cli::check(input, &script, &mut out);
    settle(&mut out, result);
    out
}

fn excluded(tool: &str, reason: &str) -> Outcome {
    let mut o = Outcome::new(tool);
    o.status = Status::Excluded {
        reason: reason.to_string(),
    };
    o
}

/// Why a check could not give a verdict from the tool.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CheckError {
    /// A tool is not installed.
    #[error("a tool is missing")]
    Missing(Status),
    /// Scratch files or spawning failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// The namespaces could not be made.
    #[error("{0}")]
    Sandbox(String),
}

impl From<Status> for CheckError {
    fn from(s: Status) -> CheckError {
        CheckError::Missing(s)
    }
}

/// Adds context to an io::Result.
pub(crate) trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, CheckError>;
}

impl<T> Context<T> for std::io::Result<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T, CheckError> {
        self.map_err(|source| CheckError::Io {
            context: what(),
            source,
        })
    }
}

/// Records a check's error in its outcome: a missing tool as Missing, anything else as a
/// failure (a check that could not run is never a pass).
pub(crate) fn settle(outcome: &mut Outcome, result: Result<(), CheckError>) {
    match result {
        Ok(()) => {}
        Err(CheckError::Missing(status)) => outcome.status = status,
        Err(e) => outcome.fail([Finding::general(format!("the check could not run: {e}"))]),
    }
}

/// A scratch directory for one check, removed when dropped.
pub(crate) struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub(crate) fn new() -> Result<Scratch, CheckError> {
        let dir = tempfile::Builder::new()
            .prefix("haguide-upstream-")
            .tempdir()
            .context(|| "creating a scratch directory".to_string())?;
        Ok(Scratch { dir })
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `name` inside the scratch directory.
    pub(crate) fn write(&self, name: &str, text: &str) -> Result<PathBuf, CheckError> {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }

    /// Replaces scratch paths in tool output: `file` by the name the reader knows, the
    /// directory by `<scratch>`.
    pub(crate) fn tidy(&self, text: &str, file: Option<(&Path, &str)>) -> String {
        let mut text = text.to_string();
        if let Some((path, shown)) = file {
            text = text.replace(&*path.to_string_lossy(), shown);
        }
        text.replace(&*self.dir.path().to_string_lossy(), "<scratch>")
    }
}

/// Runs `program args` in `sandbox`, recording the command and the tidied output in `outcome`.
/// Returns the run with its output tidied the same way.
pub(crate) fn run_in(
    outcome: &mut Outcome,
    sandbox: &Sandbox,
    program: &Path,
    args: &[OsString],
    scratch: &Scratch,
    file: Option<(&Path, &str)>,
) -> Result<Ran, CheckError> {
    let unshare = tools::UNSHARE.find()?;
    tools::IP.find()?;
    outcome
        .commands
        .push(scratch.tidy(&sandbox.describe(program, args), file));
    let mut ran = sandbox
        .run(&unshare, program, args)
        .context(|| format!("running {}", program.display()))?;
    if let Some(reason) = sandbox::setup_failure(&ran) {
        return Err(CheckError::Sandbox(reason));
    }
    ran.stdout = scratch.tidy(&ran.stdout, file);
    ran.stderr = scratch.tidy(&ran.stderr, file);
    outcome.add_output(&ran.combined());
    Ok(ran)
}

/// The 1-based line of the first line of `text` that contains `needle` as a word start
/// (`key =`, `key:`...), for tools that name a key but not its line.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(key)
                && t[key.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == '=' || c == ':')
        })
        .map(|i| i + 1)
}
