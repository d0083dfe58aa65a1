//! OpenStack config files: `oslo-config-validator --opt-data` against the options the service
//! registers in the release, from the generator YAML committed with the schemas
//! (`snippets/data/oslo/<release>/opts/<service>.yaml.gz`, embedded in `haguide-snippets`).
//!
//! - The validator runs from a venv holding the pinned oslo.config ([`OSLO_CONFIG`]):
//!   `$HAGUIDE_OSLO_VENV`, else `$HAGUIDE_TOOLS/oslo-validator` (default
//!   `~/.cache/haguide-tools`), which `ci/install-upstream-tools.sh` creates.
//! - A file for one release is checked against that release's options; a file that is the same
//!   for every release (no `release` axis) against each of them, and a finding says which.
//! - `--fatal-warnings`: a deprecated option fails, as in the native check.
//! - Groups the service creates at run time are not in the YAML, so they are skipped with
//!   `--exclude-group` and left to the native check, which knows them. A small script,
//!   `upstream/scripts/oslo-validate.py`, finds them with oslo.config's own parser and then runs
//!   the validator's `main()` in the same process.
//! - Blind spots (upstream): values are not type checked; `[keystone_authtoken]` is skipped
//!   by the validator itself.

use crate::outcome::{Finding, Outcome, Status};
use crate::sandbox::{Sandbox, path_arg};
use crate::{CheckError, Context, Input, Scratch, run_in, settle};
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The oslo.config the venv holds: the newest target release's (the opt-data format is the same
/// for both releases).
pub(crate) const OSLO_CONFIG: &str = "10.7.0";

/// Runs the validator with the runtime groups excluded; committed under upstream/scripts/.
const VALIDATE: &str = include_str!("../scripts/oslo-validate.py");

/// The validator's venv, where the install script puts it.
pub(crate) fn venv_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HAGUIDE_OSLO_VENV") {
        return PathBuf::from(dir);
    }
    let tools = std::env::var_os("HAGUIDE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
            PathBuf::from(home).join(".cache/haguide-tools")
        });
    tools.join("oslo-validator")
}

pub(crate) fn check(input: &Input<'_>, service: &str) -> Outcome {
    let mut out = Outcome::new(&format!("oslo-config-validator ({service})"));
    let result = run(input, service, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, service: &str, out: &mut Outcome) -> Result<(), CheckError> {
    let venv = venv_dir();
    let validator = venv.join("bin/oslo-config-validator");
    let python = venv.join("bin/python");
    if !validator.is_file() || !python.is_file() {
        return Err(missing(&venv).into());
    }
    out.tool_version = Some(version(&python).ok_or_else(|| missing(&venv))?);
    let releases: Vec<&str> = match input.release {
        Some(r) => vec![r],
        None => haguide_snippets::oslo::RELEASES.to_vec(),
    };
    let scratch = Scratch::new()?;
    let shown = input.display_name();
    let conf = scratch.write("service.conf", input.text)?;
    let script = scratch.write("oslo-validate.py", VALIDATE)?;
    let mut findings = Vec::new();
    for release in &releases {
        let (Some(json), Some(gz)) = (
            haguide_snippets::oslo::schema_json(release, service),
            haguide_snippets::oslo::opt_data_gz(release, service),
        ) else {
            findings.push(Finding::general(format!(
                "no option data for service `{service}` in release {release} (the services are {})",
                haguide_snippets::oslo::SERVICES.join(", ")
            )));
            continue;
        };
        let schema = scratch.write(&format!("{release}-{service}.json"), json)?;
        let yaml = scratch.write(&format!("{release}-{service}.yaml"), &gunzip(gz)?)?;
        let mut record = Outcome::new("python");
        let ran = run_in(
            &mut record,
            &Sandbox::new(),
            &python,
            &[
                path_arg(&script),
                path_arg(&conf),
                path_arg(&schema),
                path_arg(&yaml),
            ],
            &scratch,
            Some((&conf, &shown)),
        )?;
        // The script's first line is the validator command it ran; the rest is the validator's.
        let (command, _) = ran.stdout.split_once('\n').unwrap_or((&ran.stdout, ""));
        if command.starts_with("oslo-config-validator ") {
            out.commands.push(command.to_string());
        } else {
            // oslo.config could not even parse the file: one verdict for every release.
            out.commands.extend(record.commands);
            out.add_output(&ran.combined());
            let why = ran.stderr.lines().last().unwrap_or("").trim().to_string();
            findings.push(Finding::general(format!(
                "oslo.config cannot read the file: {why}"
            )));
            break;
        }
        // Its INFO lines say what it skipped; WARNING and ERROR lines are the findings.
        let said: Vec<&str> = ran
            .stderr
            .lines()
            .filter(|l| !l.starts_with("INFO:"))
            .collect();
        out.add_output(&said.join("\n"));
        if ran.success() {
            continue;
        }
        let mut found: Vec<Finding> = said.iter().filter_map(|l| finding(l, input.text)).collect();
        if found.is_empty() {
            found.push(Finding::general(format!(
                "oslo-config-validator {}",
                ran.describe()
            )));
        }
        if releases.len() > 1 {
            for f in &mut found {
                f.message = format!("{release}: {}", f.message);
            }
        }
        findings.extend(found);
    }
    if !findings.is_empty() {
        out.fail(findings);
    }
    Ok(())
}

fn missing(venv: &std::path::Path) -> Status {
    let v = venv.display();
    Status::Missing {
        tool: "oslo-config-validator".into(),
        install_hint: format!(
            "python3 -m venv {v} && {v}/bin/pip install oslo.config=={OSLO_CONFIG} PyYAML \
             (or bash ci/install-upstream-tools.sh)"
        ),
    }
}

/// `oslo.config 10.7.0`, read once from the venv.
fn version(python: &std::path::Path) -> Option<String> {
    static VERSION: OnceLock<Option<String>> = OnceLock::new();
    VERSION
        .get_or_init(|| {
            let o = Command::new(python)
                .args([
                    "-c",
                    "import importlib.metadata as m; print(m.version('oslo.config'))",
                ])
                .output()
                .ok()
                .filter(|o| o.status.success())?;
            let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
            (!v.is_empty()).then(|| format!("oslo.config {v} (PyPI)"))
        })
        .clone()
}

fn gunzip(gz: &[u8]) -> Result<String, CheckError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut text)
        .context(|| "decompressing the embedded option data".to_string())?;
    Ok(text)
}

/// A validator ERROR or WARNING line as a finding at the option's line:
/// `ERROR:oslo_config.validator:DEFAULT/foo is not part of the sample config`,
/// `WARNING:oslo_config.validator:Deprecated opt database/idle_timeout found`.
fn finding(line: &str, text: &str) -> Option<Finding> {
    let (level, rest) = line.split_once(':')?;
    if level != "ERROR" && level != "WARNING" {
        return None;
    }
    let message = rest.split_once(':').map_or(rest, |(_, m)| m).trim();
    let at = message
        .split_whitespace()
        .find_map(|w| w.split_once('/'))
        .and_then(|(group, option)| line_of_option(text, group, option));
    Some(Finding {
        line: at,
        message: message.to_string(),
    })
}

/// The 1-based line that sets `option` inside `[group]`.
fn line_of_option(text: &str, group: &str, option: &str) -> Option<usize> {
    let mut current = "";
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            current = name.trim();
        } else if current == group
            && t.split(['=', ':'])
                .next()
                .is_some_and(|k| k.trim() == option)
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_install_script_installs_this_oslo_config() {
        let script = include_str!("../../ci/install-upstream-tools.sh");
        assert!(
            script.contains(&format!("OSLO_CONFIG_VERSION={OSLO_CONFIG}\n")),
            "ci/install-upstream-tools.sh must install oslo.config {OSLO_CONFIG}"
        );
    }

    #[test]
    fn a_missing_venv_says_how_to_make_it() {
        let Status::Missing { tool, install_hint } = missing(std::path::Path::new("/x/venv"))
        else {
            panic!("not Missing");
        };
        assert_eq!(tool, "oslo-config-validator");
        assert!(
            install_hint.contains("python3 -m venv /x/venv"),
            "{install_hint}"
        );
        assert!(install_hint.contains(&format!("oslo.config=={OSLO_CONFIG}")));
    }

    #[test]
    fn validator_lines_become_findings_at_the_option() {
        let text = "[DEFAULT]\ndebug = true\n[database]\nidle_timeout = 3600\nconection = x\n";
        let f = finding(
            "ERROR:oslo_config.validator:database/conection is not part of the sample config",
            text,
        )
        .expect("an error line");
        assert_eq!(f.line, Some(5));
        assert_eq!(
            f.message,
            "database/conection is not part of the sample config"
        );
        let w = finding(
            "WARNING:oslo_config.validator:Deprecated opt database/idle_timeout found",
            text,
        )
        .expect("a warning line");
        assert_eq!(w.line, Some(4));
        assert!(finding("INFO:oslo_config.validator:skipped", text).is_none());
    }
}
