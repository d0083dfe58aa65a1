//! memcached options (Debian's /etc/memcached.conf or RHEL's /etc/sysconfig/memcached):
//! memcached has no check mode, so it is started with the file's flags for two seconds in a
//! network namespace that holds the addresses it listens on: `timeout 2 memcached FLAGS -u
//! nobody`. Exit 124 (still running when `timeout` stopped it) is a pass; an unknown flag or a
//! bad value makes it exit at once (1, 64, 71...).
//!
//! The flags are read the way the distributions' wrappers read the files:
//! - Debian (`systemd-memcached-wrapper`): one flag per line, `#` comments, `-d`/`-h` dropped,
//!   `logfile` ignored.
//! - RHEL (the unit's `EnvironmentFile`): `PORT`, `USER`, `MAXCONN`, `CACHESIZE`, `OPTIONS`.
//!
//! `-u` is replaced by `-u nobody` (the package's user may not exist here), `-d` (daemonise) and
//! `-P` (pid file on the host) are dropped; the report notes each.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::Sandbox;
use crate::tools::{Tool, find_all};
use crate::{CheckError, Input, Scratch, run_in, settle};
use std::ffi::OsString;
use std::time::Duration;

const MEMCACHED: Tool = Tool {
    bin: "memcached",
    package: "memcached",
};
const TIMEOUT: Tool = Tool {
    bin: "timeout",
    package: "coreutils",
};

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("memcached");
    out.tool_version = crate::tools::versions(&[MEMCACHED]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let found = find_all(&[TIMEOUT, MEMCACHED])?;
    let scratch = Scratch::new()?;
    let flags = if looks_like_sysconfig(input.text) {
        sysconfig_flags(input.text)
    } else {
        debian_flags(input.text)
    };
    let (flags, notes) = sandbox_flags(&flags);
    out.notes.extend(notes);
    let mut sandbox = Sandbox::new();
    sandbox.timeout(Duration::from_secs(10));
    let addrs = listen_addresses(&flags);
    if !addrs.is_empty() {
        sandbox.link("eth0");
        for a in &addrs {
            let prefix = if a.contains(':') { 128 } else { 32 };
            sandbox.address("eth0", &format!("{a}/{prefix}"));
        }
        out.notes.push(format!(
            "listen addresses added on a veth in a private network namespace: {}",
            addrs.join(", ")
        ));
    }
    let mut argv: Vec<OsString> = vec!["2".into(), found[1].clone().into_os_string()];
    argv.extend(flags.iter().map(OsString::from));
    let ran = run_in(out, &sandbox, &found[0], &argv, &scratch, None)?;
    if ran.code == Some(124) {
        return Ok(());
    }
    let mut found: Vec<Finding> = ran
        .combined()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Finding::general(l.trim()))
        .collect();
    found.push(Finding::general(format!(
        "memcached exited at once ({}) instead of running",
        ran.describe()
    )));
    out.fail(found);
    Ok(())
}

fn looks_like_sysconfig(text: &str) -> bool {
    text.lines().map(str::trim).any(|l| {
        ["PORT=", "USER=", "MAXCONN=", "CACHESIZE=", "OPTIONS="]
            .iter()
            .any(|k| l.starts_with(k))
    })
}

/// Flags of a Debian memcached.conf.
fn debian_flags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() || line.starts_with("logfile") {
            continue;
        }
        out.extend(line.split_whitespace().map(str::to_string));
    }
    out
}

/// Flags of a RHEL /etc/sysconfig/memcached, as its unit builds them.
fn sysconfig_flags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').trim_matches('\'');
        let flag = match key.trim() {
            "PORT" => "-p",
            "USER" => "-u",
            "MAXCONN" => "-c",
            "CACHESIZE" => "-m",
            "OPTIONS" => {
                out.extend(value.split_whitespace().map(str::to_string));
                continue;
            }
            _ => continue,
        };
        out.push(flag.to_string());
        out.push(value.to_string());
    }
    out
}

/// Drops the flags that would touch the host or detach, and runs as `nobody`.
fn sandbox_flags(flags: &[String]) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut it = flags.iter();
    while let Some(f) = it.next() {
        match f.as_str() {
            "-d" | "--daemon" => {
                notes.push("-d dropped: the check runs memcached in the foreground".into())
            }
            "-u" | "-P" => {
                let value = it.next().cloned().unwrap_or_default();
                notes.push(format!("{f} {value} dropped for the check"));
            }
            _ => out.push(f.clone()),
        }
    }
    out.push("-u".into());
    out.push("nobody".into());
    (out, notes)
}

/// Addresses of `-l a,b` / `--listen=a`.
fn listen_addresses(flags: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = flags.iter();
    while let Some(f) = it.next() {
        let value = if f == "-l" || f == "--listen" {
            it.next().cloned()
        } else {
            f.strip_prefix("--listen=").map(str::to_string)
        };
        for a in value.iter().flat_map(|v| v.split(',')) {
            let a = a.trim().trim_start_matches('[');
            let a = a.split(']').next().unwrap_or(a);
            if let Ok(ip) = a.parse::<std::net::IpAddr>()
                && !ip.is_loopback()
            {
                out.push(ip.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_file_styles() {
        let deb = "# comment\n-d\nlogfile /var/log/memcached.log\n-m 64\n-p 11211\n-u memcache\n-l 10.0.0.11,127.0.0.1\n-P /var/run/memcached/memcached.pid\n";
        let (flags, notes) = sandbox_flags(&debian_flags(deb));
        assert_eq!(
            flags,
            [
                "-m",
                "64",
                "-p",
                "11211",
                "-l",
                "10.0.0.11,127.0.0.1",
                "-u",
                "nobody"
            ]
        );
        assert_eq!(notes.len(), 3);
        assert_eq!(listen_addresses(&flags), ["10.0.0.11"]);
        let rhel = "PORT=\"11211\"\nUSER=\"memcached\"\nMAXCONN=\"1024\"\nCACHESIZE=\"64\"\nOPTIONS=\"-l 10.0.0.11,::1\"\n";
        assert!(looks_like_sysconfig(rhel));
        assert_eq!(
            sysconfig_flags(rhel),
            [
                "-p",
                "11211",
                "-u",
                "memcached",
                "-c",
                "1024",
                "-m",
                "64",
                "-l",
                "10.0.0.11,::1"
            ]
        );
    }
}
