//! Process helpers for the lab: commands with a deadline, signals by PID, and the processes of a
//! PID namespace found through /proc. The workspace forbids `unsafe`, so signals go through
//! `kill(1)` and namespaces through `ip`, `unshare` and `nsenter`.

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What a bounded command printed and how it ended.
#[derive(Debug)]
pub struct Ran {
    /// `None` when the deadline killed it.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn ok(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    /// The command's output for an error message: the last lines of stderr, else of stdout.
    pub fn tail(&self) -> String {
        let text = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(12)..].join("\n")
    }
}

/// Runs `cmd` with no input, kills it after `timeout`, and collects its output.
pub fn run_bounded(cmd: &mut Command, timeout: Duration) -> Result<Ran> {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {what}"))?;
    // Readers on their own threads: a full pipe must not block the child while we wait.
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let status = wait_deadline(&mut child, timeout)?;
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    Ok(Ran {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// Like [`run_bounded`], but an error unless the command succeeded.
pub fn check(cmd: &mut Command, timeout: Duration) -> Result<Ran> {
    let what = format!("{cmd:?}");
    let ran = run_bounded(cmd, timeout)?;
    match ran.status {
        None => bail!("{what} did not finish within {} s", timeout.as_secs_f64()),
        Some(s) if !s.success() => bail!("{what} failed ({s}):\n{}", ran.tail()),
        Some(_) => Ok(ran),
    }
}

fn reader<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Waits for `child` until `timeout`; `None` if it is still running then.
pub fn wait_deadline(child: &mut Child, timeout: Duration) -> Result<Option<ExitStatus>> {
    let end = Instant::now() + timeout;
    loop {
        if let Some(s) = child.try_wait().context("waiting for a child process")? {
            return Ok(Some(s));
        }
        if Instant::now() >= end {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `signal` (`KILL`, `TERM`) to one PID.
pub fn signal(pid: u32, signal: &str) -> Result<()> {
    let ran = run_bounded(
        Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string()),
        Duration::from_secs(5),
    )?;
    if !ran.ok() {
        bail!("kill -{signal} {pid}: {}", ran.tail());
    }
    Ok(())
}

/// Sends `signal` to several PIDs with one `kill` call, so that none of them has time to react to
/// another's death (keepalived's children clean up when their parent dies) before its own signal.
pub fn signal_many(pids: &[u32], signal: &str) -> Result<()> {
    if pids.is_empty() {
        return Ok(());
    }
    let ran = run_bounded(
        Command::new("kill")
            .arg(format!("-{signal}"))
            .args(pids.iter().map(u32::to_string)),
        Duration::from_secs(5),
    )?;
    if !ran.ok() {
        bail!("kill -{signal} {pids:?}: {}", ran.tail());
    }
    Ok(())
}

/// The namespace a process is in (`pid:[4026532301]`), or `None` if it is gone.
pub fn namespace_of(pid: u32, kind: &str) -> Option<String> {
    std::fs::read_link(format!("/proc/{pid}/ns/{kind}"))
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
}

/// The host PIDs of the processes in the same `kind` namespace as `pid` whose command name is
/// `comm` (every process when `comm` is `None`). Zombies are left out: they hold no resources.
pub fn pids_in_namespace_of(pid: u32, kind: &str, comm: Option<&str>) -> Vec<u32> {
    let Some(ns) = namespace_of(pid, kind) else {
        return Vec::new();
    };
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in dir.flatten() {
        let Some(p) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if namespace_of(p, kind).as_deref() != Some(ns.as_str()) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
            continue;
        };
        let (name, state) = parse_stat(&stat);
        if state == Some('Z') {
            continue;
        }
        if comm.is_none_or(|c| name == Some(c)) {
            found.push(p);
        }
    }
    found.sort_unstable();
    found
}

/// The command name and state of a `/proc/PID/stat` line. The name is in parentheses and may
/// itself contain spaces or parentheses, so it runs to the last `)`.
pub fn parse_stat(stat: &str) -> (Option<&str>, Option<char>) {
    let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
        return (None, None);
    };
    let name = stat.get(open + 1..close);
    let state = stat
        .get(close + 1..)
        .and_then(|rest| rest.trim_start().chars().next());
    (name, state)
}

/// The children of `pid` (from /proc/PID/task/PID/children).
pub fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .map(|s| {
            s.split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// An error unless we run as root: namespaces, veths and daemons need it.
pub fn require_root() -> Result<()> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("");
    if uid != "0" {
        bail!(
            "the lab must run as root: it creates network namespaces, veth links and bridges and starts \
             keepalived, HAProxy, MariaDB and RabbitMQ in them (try `sudo ./target/debug/haguide lab run`)"
        );
    }
    Ok(())
}

/// The first line of `program args…`, for the record of tool versions.
pub fn version_line(program: &str, args: &[&str]) -> String {
    let ran = run_bounded(Command::new(program).args(args), Duration::from_secs(10));
    match ran {
        Ok(r) => {
            let text = if r.stdout.trim().is_empty() {
                r.stderr
            } else {
                r.stdout
            };
            text.lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .to_string()
        }
        Err(_) => "not found".to_string(),
    }
}

/// The installed Debian package version, or `not installed`.
pub fn package_version(package: &str) -> String {
    match run_bounded(
        Command::new("dpkg-query").args(["-W", "-f", "${Version}", package]),
        Duration::from_secs(10),
    ) {
        Ok(r) if r.ok() && !r.stdout.trim().is_empty() => r.stdout.trim().to_string(),
        _ => "not installed".to_string(),
    }
}

/// Microseconds since the Unix epoch: the clock the probes and the scenario share (every
/// namespace of the lab reads the same system clock).
pub fn now_us() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time in seconds (UTC), without a date crate.
pub fn iso_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// True if `path` exists and is executable by someone.
pub fn executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_names_with_parentheses() {
        assert_eq!(
            parse_stat("12 (keepalived) S 1 2"),
            (Some("keepalived"), Some('S'))
        );
        assert_eq!(parse_stat("12 (a) b) Z 1"), (Some("a) b"), Some('Z')));
        assert_eq!(parse_stat("garbage"), (None, None));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn bounded_commands_are_killed() {
        let start = Instant::now();
        let ran = run_bounded(Command::new("sleep").arg("5"), Duration::from_millis(200))
            .expect("sleep runs");
        assert!(ran.status.is_none());
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}
