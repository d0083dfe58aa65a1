//! systemd unit files (`.service`, `.socket`, `.timer`).
//!
//! systemd only logs and ignores an unknown key or a bad value ("Unknown key 'FreeBnd' in section
//! [Socket], ignoring"), so a typo in a unit silently drops the setting: a health check socket that
//! binds every address, or a timer that never fires. This checks the syntax, the sections, the keys
//! the guide's units use and their neighbours (so a typo of one of them is an error), and the
//! values of boolean and time settings. `systemd-analyze verify` is the upstream check.

use crate::diag::{Diagnostic, did_you_mean};

/// Keys by section. Not every key systemd knows: the ones units of this kind commonly use, so a
/// misspelling of them is caught; other keys pass natively and are left to systemd-analyze.
const UNIT_KEYS: &[&str] = &[
    "Description",
    "Documentation",
    "Requires",
    "Requisite",
    "Wants",
    "BindsTo",
    "PartOf",
    "Upholds",
    "Conflicts",
    "Before",
    "After",
    "OnFailure",
    "OnSuccess",
    "PropagatesReloadTo",
    "ReloadPropagatedFrom",
    "JoinsNamespaceOf",
    "RequiresMountsFor",
    "DefaultDependencies",
    "StartLimitIntervalSec",
    "StartLimitBurst",
    "ConditionPathExists",
    "ConditionPathIsDirectory",
    "ConditionFileNotEmpty",
    "ConditionHost",
    "AssertPathExists",
    "StopWhenUnneeded",
    "RefuseManualStart",
    "RefuseManualStop",
    "AllowIsolate",
    "JobTimeoutSec",
    "SourcePath",
];
const SERVICE_KEYS: &[&str] = &[
    "Type",
    "ExitType",
    "RemainAfterExit",
    "GuessMainPID",
    "PIDFile",
    "BusName",
    "ExecStart",
    "ExecStartPre",
    "ExecStartPost",
    "ExecCondition",
    "ExecReload",
    "ExecStop",
    "ExecStopPost",
    "RestartSec",
    "TimeoutStartSec",
    "TimeoutStopSec",
    "TimeoutSec",
    "RuntimeMaxSec",
    "WatchdogSec",
    "Restart",
    "RestartPreventExitStatus",
    "SuccessExitStatus",
    "KillMode",
    "KillSignal",
    "User",
    "Group",
    "DynamicUser",
    "SupplementaryGroups",
    "WorkingDirectory",
    "Environment",
    "EnvironmentFile",
    "StandardInput",
    "StandardOutput",
    "StandardError",
    "SyslogIdentifier",
    "LoadCredential",
    "SetCredential",
    "Nice",
    "LimitNOFILE",
    "UMask",
    "PrivateTmp",
    "PrivateDevices",
    "PrivateNetwork",
    "ProtectSystem",
    "ProtectHome",
    "ReadWritePaths",
    "ReadOnlyPaths",
    "NoNewPrivileges",
    "CapabilityBoundingSet",
    "AmbientCapabilities",
    "StateDirectory",
    "RuntimeDirectory",
    "ConfigurationDirectory",
    "LogsDirectory",
    "CacheDirectory",
    "NotifyAccess",
    "Sockets",
    "OOMScoreAdjust",
];
const SOCKET_KEYS: &[&str] = &[
    "ListenStream",
    "ListenDatagram",
    "ListenSequentialPacket",
    "ListenFIFO",
    "Accept",
    "BindIPv6Only",
    "Backlog",
    "BindToDevice",
    "SocketUser",
    "SocketGroup",
    "SocketMode",
    "DirectoryMode",
    "FreeBind",
    "Transparent",
    "ReusePort",
    "KeepAlive",
    "KeepAliveTimeSec",
    "NoDelay",
    "MaxConnections",
    "MaxConnectionsPerSource",
    "Service",
    "RemoveOnStop",
    "TriggerLimitIntervalSec",
    "TriggerLimitBurst",
    "PollLimitIntervalSec",
    "PollLimitBurst",
    "IPAddressAllow",
    "IPAddressDeny",
];
const TIMER_KEYS: &[&str] = &[
    "OnActiveSec",
    "OnBootSec",
    "OnStartupSec",
    "OnUnitActiveSec",
    "OnUnitInactiveSec",
    "OnCalendar",
    "AccuracySec",
    "RandomizedDelaySec",
    "FixedRandomDelay",
    "OnClockChange",
    "OnTimezoneChange",
    "Unit",
    "Persistent",
    "WakeSystem",
    "RemainAfterElapse",
];
const INSTALL_KEYS: &[&str] = &[
    "Alias",
    "WantedBy",
    "RequiredBy",
    "UpheldBy",
    "Also",
    "DefaultInstance",
];

const BOOLEAN_KEYS: &[&str] = &[
    "DefaultDependencies",
    "StopWhenUnneeded",
    "RefuseManualStart",
    "RefuseManualStop",
    "AllowIsolate",
    "RemainAfterExit",
    "GuessMainPID",
    "DynamicUser",
    "PrivateTmp",
    "PrivateDevices",
    "PrivateNetwork",
    "NoNewPrivileges",
    "Accept",
    "FreeBind",
    "Transparent",
    "ReusePort",
    "KeepAlive",
    "NoDelay",
    "RemoveOnStop",
    "Persistent",
    "WakeSystem",
    "RemainAfterElapse",
    "FixedRandomDelay",
    "OnClockChange",
    "OnTimezoneChange",
];

/// systemd's boolean words (`parse_boolean` in systemd's source).
const BOOLEAN_WORDS: &[&str] = &[
    "1", "yes", "y", "true", "t", "on", "0", "no", "n", "false", "f", "off",
];

/// Keys that take a time span (`10`, `10s`, `5min 30s`, `infinity`).
const TIME_KEYS: &[&str] = &[
    "StartLimitIntervalSec",
    "JobTimeoutSec",
    "RestartSec",
    "TimeoutStartSec",
    "TimeoutStopSec",
    "TimeoutSec",
    "RuntimeMaxSec",
    "WatchdogSec",
    "KeepAliveTimeSec",
    "TriggerLimitIntervalSec",
    "PollLimitIntervalSec",
    "OnActiveSec",
    "OnBootSec",
    "OnStartupSec",
    "OnUnitActiveSec",
    "OnUnitInactiveSec",
    "AccuracySec",
    "RandomizedDelaySec",
];

/// Time units of systemd.time(7).
const TIME_UNITS: &[&str] = &[
    "us", "usec", "ms", "msec", "s", "sec", "second", "seconds", "m", "min", "minute", "minutes",
    "h", "hr", "hour", "hours", "d", "day", "days", "w", "week", "weeks", "M", "month", "months",
    "y", "year", "years",
];

const TYPES: &[&str] = &[
    "simple",
    "exec",
    "forking",
    "oneshot",
    "dbus",
    "notify",
    "notify-reload",
    "idle",
];
const RESTARTS: &[&str] = &[
    "no",
    "on-success",
    "on-failure",
    "on-abnormal",
    "on-watchdog",
    "on-abort",
    "always",
];

fn keys_of(section: &str) -> Option<&'static [&'static str]> {
    Some(match section {
        "Unit" => UNIT_KEYS,
        "Service" => SERVICE_KEYS,
        "Socket" => SOCKET_KEYS,
        "Timer" => TIMER_KEYS,
        "Install" => INSTALL_KEYS,
        _ => return None,
    })
}

/// Checks a unit file.
pub(super) fn check(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut section: Option<String> = None;
    let mut pending: Option<(usize, String)> = None;
    let mut sections_seen = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        // A trailing backslash continues the setting on the next line.
        let (start, mut logical) = match pending.take() {
            Some((start, mut acc)) => {
                acc.push(' ');
                acc.push_str(raw.trim());
                (start, acc)
            }
            None => (n, raw.trim().to_string()),
        };
        if let Some(stripped) = logical.strip_suffix('\\') {
            logical = stripped.to_string();
            pending = Some((start, logical));
            continue;
        }
        let line = logical.as_str();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                out.push(
                    Diagnostic::error(start, format!("`{line}` is not a section header"))
                        .help("write `[Service]`"),
                );
                continue;
            };
            if keys_of(name).is_none() && !name.starts_with("X-") {
                let known = ["Unit", "Service", "Socket", "Timer", "Install"];
                out.push(
                    Diagnostic::error(
                        start,
                        format!("unknown section [{name}]; systemd ignores all of it"),
                    )
                    .help(did_you_mean(name, known).unwrap_or_else(|| {
                        "expected [Unit], [Service], [Socket], [Timer] or [Install]".into()
                    })),
                );
            }
            if sections_seen.contains(&name.to_string()) {
                out.push(Diagnostic::warning(
                    start,
                    format!("[{name}] appears twice; systemd merges them, which hides settings"),
                ));
            }
            sections_seen.push(name.to_string());
            section = Some(name.to_string());
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            out.push(Diagnostic::error(
                start,
                format!("`{line}` is neither `Key=value` nor a section header"),
            ));
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let Some(sec) = section.as_deref() else {
            out.push(
                Diagnostic::error(start, format!("`{key}` comes before any section"))
                    .help("start the file with `[Unit]`"),
            );
            continue;
        };
        if let Some(keys) = keys_of(sec)
            && !keys.contains(&key)
        {
            // A key of another section is a misplaced key, which systemd ignores.
            let home = ["Unit", "Service", "Socket", "Timer", "Install"]
                .into_iter()
                .find(|s| keys_of(s).is_some_and(|k| k.contains(&key)));
            if let Some(home) = home {
                out.push(Diagnostic::error(
                    start,
                    format!("`{key}` belongs in [{home}], not [{sec}]; systemd ignores it here"),
                ));
            } else if let Some(hint) = did_you_mean(key, keys.iter().copied()) {
                out.push(
                    Diagnostic::error(
                        start,
                        format!("unknown key `{key}` in [{sec}]; systemd would ignore it"),
                    )
                    .help(hint),
                );
            }
        }
        check_value(start, key, value, &mut out);
    }
    if let Some((start, _)) = pending {
        out.push(Diagnostic::error(
            start,
            "the last line ends with `\\`, continuing into nothing",
        ));
    }
    out
}

fn check_value(line: usize, key: &str, value: &str, out: &mut Vec<Diagnostic>) {
    if BOOLEAN_KEYS.contains(&key) && !BOOLEAN_WORDS.contains(&value.to_ascii_lowercase().as_str())
    {
        out.push(
            Diagnostic::error(line, format!("`{key}={value}`: not a boolean"))
                .help("write yes or no"),
        );
    }
    if TIME_KEYS.contains(&key) && !is_timespan(value) {
        out.push(
            Diagnostic::error(line, format!("`{key}={value}`: not a time span")).help(
                "write a number with a unit of systemd.time(7), such as 10s, 5min or 1h 30min",
            ),
        );
    }
    let choice = |choices: &[&str], out: &mut Vec<Diagnostic>| {
        if !choices.contains(&value) {
            out.push(
                Diagnostic::error(
                    line,
                    format!("`{key}={value}` is not one of {}", choices.join(", ")),
                )
                .help(did_you_mean(value, choices.iter().copied()).unwrap_or_default()),
            );
        }
    };
    match key {
        "Type" => choice(TYPES, out),
        "Restart" => choice(RESTARTS, out),
        k if k.starts_with("Exec") => {
            // Prefixes (@ - : + !) may precede the path; the path must be absolute or a bare
            // name systemd looks up in its fixed search path.
            let cmd = value.trim_start_matches(['@', '-', ':', '+', '!']);
            if cmd.is_empty() {
                out.push(Diagnostic::error(line, format!("`{key}` has no command")));
            }
        }
        _ => {}
    }
}

/// A systemd time span: `infinity`, or numbers each followed by an optional unit.
fn is_timespan(value: &str) -> bool {
    if value == "infinity" {
        return true;
    }
    let mut rest = value.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        if digits == 0 {
            return false;
        }
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        if !unit.is_empty() && !TIME_UNITS.contains(&unit) {
            return false;
        }
        rest = rest[unit_len..].trim_start();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        crate::validate::error_lines(check(text))
    }

    const SOCKET: &str = "[Unit]\nDescription=check\n\n[Socket]\nListenStream=10.0.0.11:9200\nFreeBind=yes\nAccept=yes\n\n[Install]\nWantedBy=sockets.target\n";
    const TIMER: &str = "[Unit]\nDescription=rotate\n\n[Timer]\nOnCalendar=*-*-* 03:00:00\nRandomizedDelaySec=15min\nPersistent=true\n";

    #[test]
    fn accepts_the_guides_units() {
        assert_eq!(errors(SOCKET), Vec::<String>::new());
        assert_eq!(errors(TIMER), Vec::<String>::new());
        let service =
            "[Service]\nType=oneshot\nExecStart=/usr/local/sbin/x \\\n  --flag\nRuntimeMaxSec=10\n";
        assert_eq!(errors(service), Vec::<String>::new());
    }

    #[test]
    fn rejects_typos_misplaced_keys_and_bad_values() {
        let e = errors(&SOCKET.replace("FreeBind", "FreeBnd"));
        assert!(
            e.iter()
                .any(|e| e.starts_with("6:") && e.contains("did you mean `FreeBind`")),
            "{e:?}"
        );
        let e = errors(&SOCKET.replace("Accept=yes", "Accept=maybe"));
        assert!(
            e.iter()
                .any(|e| e.starts_with("7:") && e.contains("not a boolean")),
            "{e:?}"
        );
        let e = errors(&TIMER.replace("15min", "15 minuets"));
        assert!(e.iter().any(|e| e.contains("not a time span")), "{e:?}");
        let e = errors(&SOCKET.replace("[Install]\nWantedBy", "[Install]\nAccept=yes\nWantedBy"));
        assert!(e.iter().any(|e| e.contains("belongs in [Socket]")), "{e:?}");
        let e = errors(&SOCKET.replace("[Socket]", "[Sockets]"));
        assert!(
            e.iter().any(|e| e.contains("unknown section [Sockets]")),
            "{e:?}"
        );
        let e = errors("[Service]\nType=oneshott\n");
        assert!(
            e.iter().any(|e| e.contains("did you mean `oneshot`")),
            "{e:?}"
        );
        let e = errors("Description=x\n");
        assert!(e.iter().any(|e| e.contains("before any section")), "{e:?}");
    }
}
