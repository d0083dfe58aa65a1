//! Running a tool with a time limit and capturing what it says.
//!
//! A checker must never hang the whole run: every command gets a deadline, and a tool still
//! running then is killed (the sandboxes use `unshare --kill-child`, so killing `unshare` takes
//! the tool with it).

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one tool may run. The slowest checks here (an escript, pcs) take under a second.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// What a finished (or killed) command did.
#[derive(Debug, Clone)]
pub(crate) struct Ran {
    /// Exit code, if it exited.
    pub(crate) code: Option<i32>,
    /// The signal that ended it, if one did.
    pub(crate) signal: Option<i32>,
    /// Standard output, lossily decoded.
    pub(crate) stdout: String,
    /// Standard error, lossily decoded.
    pub(crate) stderr: String,
    /// True if it was killed at the deadline.
    pub(crate) timed_out: bool,
}

impl Ran {
    /// Exit code 0.
    pub(crate) fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Stdout then stderr, trimmed, without terminal colour codes.
    pub(crate) fn combined(&self) -> String {
        let mut out = strip_ansi(self.stdout.trim_end());
        let err = strip_ansi(self.stderr.trim_end());
        if !err.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&err);
        }
        out
    }

    /// "exit code 5", "killed by signal 15", "timed out".
    pub(crate) fn describe(&self) -> String {
        if self.timed_out {
            return "timed out".to_string();
        }
        match (self.code, self.signal) {
            (Some(c), _) => format!("exit code {c}"),
            (None, Some(s)) => format!("killed by signal {s}"),
            (None, None) => "ended without an exit code".to_string(),
        }
    }
}

/// Runs `cmd` with stdin closed, killing it after `timeout`.
pub(crate) fn run(cmd: &mut Command, timeout: Duration) -> std::io::Result<Ran> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Read both pipes on their own threads so a chatty tool cannot block on a full pipe.
    let out = child.stdout.take().map(reader);
    let err = child.stderr.take().map(reader);
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > timeout {
            timed_out = true;
            // The child may have exited between try_wait and kill; either way, reap it.
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let collect = |h: Option<std::thread::JoinHandle<Vec<u8>>>| {
        h.and_then(|h| h.join().ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    };
    Ok(Ran {
        code: status.code(),
        signal: status.signal(),
        stdout: collect(out),
        stderr: collect(err),
        timed_out,
    })
}

fn reader<R: Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// Removes ANSI escape sequences: crmsh colours its messages even into a pipe.
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                // Parameters and intermediates, then one final byte in @..~.
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A command line as a person would type it, for the report.
pub(crate) fn display(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .filter_map(|(k, v)| {
            v.map(|v| {
                format!(
                    "{}={}",
                    k.to_string_lossy(),
                    crate::words::quote(&v.to_string_lossy())
                )
            })
        })
        .collect();
    parts.push(crate::words::quote(&cmd.get_program().to_string_lossy()));
    parts.extend(
        cmd.get_args()
            .map(|a| crate::words::quote(&a.to_string_lossy())),
    );
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colour_codes() {
        assert_eq!(
            strip_ansi("\u{1b}[33mWARNING\u{1b}[0m: x"),
            "WARNING: x".to_string()
        );
    }

    #[test]
    fn kills_at_the_deadline() {
        let ran =
            run(Command::new("sleep").arg("5"), Duration::from_millis(100)).expect("sleep runs");
        assert!(ran.timed_out);
        assert!(!ran.success());
    }
}
