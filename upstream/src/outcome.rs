//! What an upstream check returns: which tool ran, in which version, and what it said.

use serde::Serialize;

/// The result of checking one text with its format's upstream tool.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The tool that decides (`haproxy`, `keepalived`, `pcs + crm_verify`...).
    pub tool: String,
    /// Its Debian package version, when it is installed.
    pub tool_version: Option<String>,
    /// Pass, fail, missing tool or excluded format.
    pub status: Status,
    /// The command lines run, in order, so a reader can repeat the check by hand.
    pub commands: Vec<String>,
    /// What the sandbox provided so the tool could run offline (throwaway certificate, veth
    /// interfaces, a generated key...), so nobody mistakes it for part of the config.
    pub notes: Vec<String>,
    /// Commands of a sequence that were not run, or were run with `--force`, with the reason.
    pub exclusions: Vec<Exclusion>,
    /// For Pacemaker sequences: where `crm_simulate` places the resources with every node
    /// online (`Start vip-internal ( controller1 )`).
    pub placement: Vec<String>,
    /// The tool's own output (stdout and stderr), with scratch paths replaced by the target's.
    pub output: String,
    /// Wall-clock time of the check.
    pub millis: u64,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub enum Status {
    /// The tool accepted the text.
    Pass,
    /// The tool rejected it, or the check could not be completed (never a pass).
    Fail {
        /// What is wrong, with the line in the checked text where the tool says.
        diagnostics: Vec<Finding>,
    },
    /// The tool is not installed: not a pass.
    Missing {
        /// The program that was looked for.
        tool: String,
        /// How to install it on Debian.
        install_hint: String,
    },
    /// This format is checked elsewhere, or has no upstream tool.
    Excluded {
        /// Why.
        reason: String,
    },
}

/// One problem the tool reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 1-based line in the checked text, when the tool names one.
    pub line: Option<usize>,
    /// The tool's message.
    pub message: String,
}

impl Finding {
    /// A finding at a line.
    pub fn at(line: usize, message: impl Into<String>) -> Finding {
        Finding {
            line: (line > 0).then_some(line),
            message: message.into(),
        }
    }

    /// A finding about the whole text.
    pub fn general(message: impl Into<String>) -> Finding {
        Finding {
            line: None,
            message: message.into(),
        }
    }
}

/// A command of a sequence that was not checked as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exclusion {
    /// The snippet (or file) the command comes from: an `after` predecessor or the text itself.
    pub source: String,
    /// Its 1-based line there.
    pub line: usize,
    /// The command.
    pub command: String,
    /// Skipped entirely, or run with `--force` (a partial exclusion).
    pub kind: ExclusionKind,
    /// Why.
    pub reason: String,
}

/// How much of a command was left unchecked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExclusionKind {
    /// Not run at all.
    Skipped,
    /// Run with `--force` / `crm -F`: the syntax and the CIB change are checked, the agent's
    /// metadata is not.
    Forced,
    /// Run and accepted by the tool, which could not carry it out here (a RabbitMQ command that
    /// needs the other cluster members).
    Partial,
}

impl Outcome {
    /// An outcome with no tool run yet.
    pub(crate) fn new(tool: &str) -> Outcome {
        Outcome {
            tool: tool.to_string(),
            tool_version: None,
            status: Status::Pass,
            commands: Vec::new(),
            notes: Vec::new(),
            exclusions: Vec::new(),
            placement: Vec::new(),
            output: String::new(),
            millis: 0,
        }
    }

    /// A failure that happened outside any tool (the check itself broke): never a pass.
    pub fn broken(message: impl Into<String>) -> Outcome {
        let mut o = Outcome::new("none");
        o.fail([Finding::general(message)]);
        o
    }

    /// True when the status is [`Status::Pass`] or [`Status::Excluded`]: nothing to fix.
    pub fn is_ok(&self) -> bool {
        matches!(self.status, Status::Pass | Status::Excluded { .. })
    }

    /// A short word for tables: `pass`, `FAIL`, `MISSING`, `excluded`.
    pub fn verdict(&self) -> &'static str {
        match self.status {
            Status::Pass => "pass",
            Status::Fail { .. } => "FAIL",
            Status::Missing { .. } => "MISSING",
            Status::Excluded { .. } => "excluded",
        }
    }

    /// Marks the outcome failed with these findings (keeps earlier ones).
    pub(crate) fn fail(&mut self, findings: impl IntoIterator<Item = Finding>) {
        let mut new: Vec<Finding> = findings.into_iter().collect();
        if new.is_empty() {
            new.push(Finding::general(
                "the tool rejected the text without a message",
            ));
        }
        match &mut self.status {
            Status::Fail { diagnostics } => diagnostics.extend(new),
            _ => self.status = Status::Fail { diagnostics: new },
        }
    }

    /// Appends the tool's output, separated from what is already there.
    pub(crate) fn add_output(&mut self, text: &str) {
        let text = text.trim_end();
        if text.is_empty() {
            return;
        }
        if !self.output.is_empty() {
            self.output.push('\n');
        }
        self.output.push_str(text);
    }
}
