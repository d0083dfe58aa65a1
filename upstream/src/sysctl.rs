//! sysctl.d files: the kernel itself judges each key.
//!
//! - `net.*` keys that belong to a network namespace are written for real with
//!   `sysctl -p F` inside a fresh network namespace, which is thrown away afterwards: the
//!   kernel checks the key and the value, and the host is untouched.
//! - Every other key (`vm.*`, `kernel.*`, and the `net.*` keys that are global, which a child
//!   namespace shows read-only, such as `net.core.rmem_max`) is only checked for existence under
//!   /proc/sys on this host, never written. Its value is not checked; the report lists them.
//! - Which `net.*` keys are per-namespace is asked from a namespace (`test -w` on the
//!   /proc/sys path: read-only there means global), not from a list.
//! - A key of a kernel module that is not loaded here (`net.bridge.*`, `nf_conntrack_*`) is
//!   reported as unknown: load the module or drop the key.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, path_arg};
use crate::tools::{Tool, find_all};
use crate::{CheckError, Input, Scratch, run_in, settle};
use std::ffi::OsString;
use std::path::Path;

const SYSCTL: Tool = Tool {
    bin: "sysctl",
    package: "procps",
};
const SH: Tool = Tool {
    bin: "sh",
    package: "dash",
};

/// One `key = value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Setting {
    line: usize,
    key: String,
    path: String,
}

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("sysctl");
    out.tool_version = crate::tools::versions(&[SYSCTL]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let found = find_all(&[SYSCTL, SH])?;
    let scratch = Scratch::new()?;
    let settings = settings(input.text);
    let net: Vec<&Setting> = settings
        .iter()
        .filter(|s| s.key.starts_with("net."))
        .collect();
    let writable = per_namespace(&found[1], &net, &scratch, out)?;
    let mut unknown = Vec::new();
    let mut existence_only = Vec::new();
    for s in &settings {
        if writable.contains(&s.path) {
            continue;
        }
        if Path::new(&s.path).exists() {
            existence_only.push(s.key.clone());
        } else {
            unknown.push(Finding::at(
                s.line,
                format!(
                    "unknown key `{}`: no {} on this kernel (a typo, or a module not loaded here)",
                    s.key, s.path
                ),
            ));
        }
    }
    if !existence_only.is_empty() {
        out.notes.push(format!(
            "checked for existence only, not written (not per network namespace): {}",
            existence_only.join(", ")
        ));
    }
    if !writable.is_empty() {
        let shown = input.display_name();
        let only_net = keep_lines(input.text, &settings, &writable);
        let file = scratch.write("sysctl.conf", &only_net)?;
        let argv: Vec<OsString> = vec!["-p".into(), path_arg(&file)];
        let ran = run_in(
            out,
            &Sandbox::new(),
            &found[0],
            &argv,
            &scratch,
            Some((&file, &shown)),
        )?;
        if !ran.success() {
            unknown.extend(sysctl_findings(&ran.stderr, &settings));
        }
        out.notes.push(format!(
            "written in a throwaway network namespace: {}",
            settings
                .iter()
                .filter(|s| writable.contains(&s.path))
                .map(|s| s.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !unknown.is_empty() {
        out.fail(unknown);
    }
    Ok(())
}

/// The settings of a sysctl.d file (`-` prefixes, which only silence errors, removed).
fn settings(text: &str) -> Vec<Setting> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let l = l.trim();
            if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
                return None;
            }
            let (key, _) = l.split_once('=')?;
            let key = key.trim().trim_start_matches('-').to_string();
            // sysctl.d(5): with `/` as the first separator, dots are part of names.
            let path = if key.contains('/') {
                format!("/proc/sys/{}", key.trim_start_matches('/'))
            } else {
                format!("/proc/sys/{}", key.replace('.', "/"))
            };
            Some(Setting {
                line: i + 1,
                key,
                path,
            })
        })
        .collect()
}

/// The /proc/sys paths of `net` that a child network namespace may write.
fn per_namespace(
    sh: &Path,
    net: &[&Setting],
    scratch: &Scratch,
    out: &mut Outcome,
) -> Result<Vec<String>, CheckError> {
    if net.is_empty() {
        return Ok(Vec::new());
    }
    let mut argv: Vec<OsString> = vec![
        "-c".into(),
        r#"for p do if [ -w "$p" ]; then echo "$p"; fi; done"#.into(),
        "per-namespace".into(),
    ];
    argv.extend(net.iter().map(|s| OsString::from(&s.path)));
    let ran = run_in(out, &Sandbox::new(), sh, &argv, scratch, None)?;
    Ok(ran.stdout.lines().map(str::to_string).collect())
}

/// `text` with only the lines of settings in `keep`; other lines blank, so numbers stay.
fn keep_lines(text: &str, settings: &[Setting], keep: &[String]) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let kept = settings
                .iter()
                .any(|s| s.line == i + 1 && keep.contains(&s.path));
            if kept { l } else { "" }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `sysctl: setting key "net.x": Invalid argument`, `sysctl: cannot stat /proc/sys/...`.
fn sysctl_findings(stderr: &str, settings: &[Setting]) -> Vec<Finding> {
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let line = settings
                .iter()
                .find(|s| {
                    l.contains(&format!("\"{}\"", s.key)) || l.contains(&format!("{}:", s.path))
                })
                .map(|s| s.line);
            Finding {
                line,
                message: l.trim().to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings() {
        let s = settings(
            "# c\nnet.ipv4.ip_nonlocal_bind = 1\n-vm.swappiness=10\nnet/ipv4/conf/eth0.100/rp_filter = 0\n",
        );
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].path, "/proc/sys/net/ipv4/ip_nonlocal_bind");
        assert_eq!(s[1].key, "vm.swappiness");
        assert_eq!(s[2].path, "/proc/sys/net/ipv4/conf/eth0.100/rp_filter");
        let kept = keep_lines(
            "a\nnet.ipv4.ip_nonlocal_bind = 1\nc\n",
            &settings("a\nnet.ipv4.ip_nonlocal_bind = 1\n"),
            &["/proc/sys/net/ipv4/ip_nonlocal_bind".into()],
        );
        assert_eq!(kept, "\nnet.ipv4.ip_nonlocal_bind = 1\n\n");
    }
}
