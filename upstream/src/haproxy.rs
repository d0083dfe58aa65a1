//! haproxy.cfg: `haproxy -c -dW -f F` in a network namespace.
//!
//! - `-dW` makes warnings fatal (missing timeouts, ignored keywords...), as they would be in a
//!   reviewed production config.
//! - `-q` is not used: HAProxy 2.6 then prints nothing at all, not even the alerts, and a
//!   failure could not be reported.
//! - Certificates: every path after `crt` or `ca-file` is rewritten, on its own line, to a
//!   throwaway self-signed certificate in the scratch directory (`openssl req -x509`). A private
//!   mount namespace with a tmpfs over the certificate directory was the alternative, but the
//!   directory (`/etc/haproxy/certs`) does not exist on a fresh host, and creating the mount
//!   point would write into the host's /etc; a tmpfs over `/etc/haproxy` would hide the error
//!   pages a config may name. Rewriting changes no line number.
//! - The network namespace has only `lo`: HAProxy resolves server names through libc at check
//!   time, and here a name must come from /etc/hosts or be an address. No query leaves.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, args, path_arg};
use crate::tools::{Tool, find_all};
use crate::{CheckError, Context, Input, Scratch, run_in, settle};
use std::path::Path;

const HAPROXY: Tool = Tool {
    bin: "haproxy",
    package: "haproxy",
};
const OPENSSL: Tool = Tool {
    bin: "openssl",
    package: "openssl",
};

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("haproxy");
    out.tool_version = crate::tools::versions(&[HAPROXY]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let found = find_all(&[HAPROXY, OPENSSL])?;
    let (haproxy, openssl) = (&found[0], &found[1]);
    let scratch = Scratch::new()?;
    let (text, certs) = rewrite_certs(input.text, scratch.path());
    for cert in &certs {
        make_cert(openssl, &cert.scratch, &cert.common_name)?;
        let lines: Vec<String> = cert.lines.iter().map(usize::to_string).collect();
        out.notes.push(format!(
            "{} {} (line {}) replaced by a throwaway self-signed certificate (CN={})",
            cert.keyword,
            cert.original,
            lines.join(", "),
            cert.common_name
        ));
    }
    let shown = input.display_name();
    let cfg = scratch.write("haproxy.cfg", &text)?;
    let argv = args(["-c", "-dW", "-f"]);
    let mut argv = argv;
    argv.push(path_arg(&cfg));
    let ran = run_in(
        out,
        &Sandbox::new(),
        haproxy,
        &argv,
        &scratch,
        Some((&cfg, &shown)),
    )?;
    if !ran.success() {
        let findings = findings(&ran.combined(), &shown);
        out.fail(findings);
    }
    Ok(())
}

/// A certificate path found in the config, and the lines that name it.
struct Cert {
    lines: Vec<usize>,
    keyword: String,
    original: String,
    scratch: std::path::PathBuf,
    common_name: String,
}

/// Rewrites the word after `crt` / `ca-file` to scratch files (one per distinct path); same
/// lines, same line count.
fn rewrite_certs(text: &str, scratch: &Path) -> (String, Vec<Cert>) {
    let mut certs: Vec<Cert> = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split('#').next().unwrap_or_default();
        let words: Vec<&str> = code.split_whitespace().collect();
        let mut new = line.to_string();
        for pair in words.windows(2) {
            let [keyword, path] = pair else { continue };
            if !matches!(*keyword, "crt" | "ca-file") {
                continue;
            }
            let n = match certs.iter().position(|c| c.original == *path) {
                Some(n) => n,
                None => {
                    certs.push(new_cert(keyword, path, scratch, certs.len()));
                    certs.len() - 1
                }
            };
            let Some(cert) = certs.get_mut(n) else {
                continue;
            };
            cert.lines.push(i + 1);
            // A directory (`crt /etc/haproxy/certs/`) is replaced by a directory holding one.
            let replacement = if path.ends_with('/') {
                cert.scratch.parent().unwrap_or(scratch).to_path_buf()
            } else {
                cert.scratch.clone()
            };
            new = new.replacen(path, &replacement.to_string_lossy(), 1);
        }
        lines.push(new);
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    (out, certs)
}

fn new_cert(keyword: &str, path: &str, scratch: &Path, n: usize) -> Cert {
    let stem = Path::new(path.trim_end_matches('/'))
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    Cert {
        lines: Vec::new(),
        keyword: keyword.to_string(),
        original: path.to_string(),
        scratch: if path.ends_with('/') {
            scratch.join(format!("cert{n}.d")).join("cert.pem")
        } else {
            scratch.join(format!("cert{n}.pem"))
        },
        // A file named after the host it serves gives that name as CN; HAProxy does not care.
        common_name: if stem.contains('.') {
            stem
        } else {
            "haguide.invalid".into()
        },
    }
}

/// A self-signed EC certificate and its key in one PEM file, as HAProxy wants them.
fn make_cert(openssl: &Path, pem: &Path, common_name: &str) -> Result<(), CheckError> {
    let dir = pem.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
    let key = pem.with_extension("key");
    let crt = pem.with_extension("crt");
    let mut cmd = std::process::Command::new(openssl);
    cmd.args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .arg("ec_paramgen_curve:prime256v1")
        .args(["-nodes", "-days", "2", "-subj"])
        .arg(format!("/CN={common_name}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&crt);
    let ran = crate::process::run(&mut cmd, crate::process::DEFAULT_TIMEOUT)
        .context(|| "running openssl req".to_string())?;
    if !ran.success() {
        return Err(CheckError::Sandbox(format!(
            "openssl could not make a throwaway certificate: {}",
            ran.combined()
        )));
    }
    let mut both = std::fs::read(&crt).context(|| format!("reading {}", crt.display()))?;
    both.extend(std::fs::read(&key).context(|| format!("reading {}", key.display()))?);
    std::fs::write(pem, both).context(|| format!("writing {}", pem.display()))
}

/// `[ALERT] ... : parsing [F:12] : message` and `[WARNING] ... [F:12] ...` as findings; the
/// summary alerts ("Fatal errors found") are left to the output.
fn findings(output: &str, shown: &str) -> Vec<Finding> {
    let marker = format!("[{shown}:");
    let mut found = Vec::new();
    let mut general = Vec::new();
    for line in output.lines() {
        let is_alert = line.starts_with("[ALERT]") || line.starts_with("[WARNING]");
        if !is_alert {
            continue;
        }
        let message = line
            .split_once(" : ")
            .map(|(_, rest)| rest)
            .unwrap_or(line)
            .trim_start_matches("config : ")
            .to_string();
        if let Some(pos) = line.find(&marker) {
            let rest = &line[pos + marker.len()..];
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = n.parse::<usize>() {
                // The location is the finding's line; keep only what follows it.
                let located = format!("[{shown}:{n}] : ");
                let message = message
                    .split_once(&located)
                    .map(|(_, m)| m.to_string())
                    .unwrap_or(message);
                found.push(Finding::at(n, message));
                continue;
            }
        }
        general.push(Finding::general(message));
    }
    if found.is_empty() {
        return general;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_paths_are_rewritten_in_place() {
        let text = "frontend f\n    bind :443 ssl crt /etc/haproxy/certs/a.example.pem alpn h2\n    bind :444 ssl crt /etc/haproxy/certs/\n    bind :445 ssl crt /etc/haproxy/certs/a.example.pem\n";
        let (new, certs) = rewrite_certs(text, Path::new("/s"));
        assert_eq!(new.lines().count(), 4);
        assert!(new.contains("crt /s/cert0.pem alpn h2"), "{new}");
        assert!(new.contains("crt /s/cert1.d\n"), "{new}");
        assert_eq!(certs.len(), 2, "one certificate per distinct path");
        assert_eq!(certs[0].lines, [2, 4]);
        assert_eq!(certs[0].common_name, "a.example");
        assert_eq!(certs[1].scratch, Path::new("/s/cert1.d/cert.pem"));
    }

    #[test]
    fn alerts_with_lines_become_findings() {
        let out = "[NOTICE]   (1) : haproxy version is 2.6.12\n[ALERT]    (1) : config : parsing [/etc/haproxy/haproxy.cfg:26] : unknown keyword 'retires'\n[ALERT]    (1) : config : Fatal errors found in configuration.\n";
        let f = findings(out, "/etc/haproxy/haproxy.cfg");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, Some(26));
        assert_eq!(f[0].message, "unknown keyword 'retires'");
    }
}
