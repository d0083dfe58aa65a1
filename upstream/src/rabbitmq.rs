//! rabbitmq.conf: RabbitMQ's own cuttlefish schemas, loaded by an escript
//! (`upstream/scripts/rabbitmq-conf-check.escript`, embedded here), with no node started.
//!
//! The script puts every plugin's `ebin` on the code path, loads every `priv/schema/*.schema`
//! of the installed server, reads the file with `cuttlefish_conf:files/1` and maps it with
//! `cuttlefish_generator:map/2`: unknown keys ("Conf file attempted to set unknown variable"),
//! bad enum values, bad numbers and syntax errors fail, as they would at broker boot. It runs in
//! a network namespace like every other check.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, path_arg};
use crate::tools::Tool;
use crate::{CheckError, Input, Scratch, line_of_key, run_in, settle};
use std::path::PathBuf;

/// The checker, committed under upstream/scripts/.
const SCRIPT: &str = include_str!("../scripts/rabbitmq-conf-check.escript");

const ESCRIPT: Tool = Tool {
    bin: "escript",
    package: "erlang-base",
};
const RABBITMQ: Tool = Tool {
    bin: "rabbitmq-server",
    package: "rabbitmq-server",
};

/// Where Debian installs the broker's applications.
const SERVER_GLOB_DIR: &str = "/usr/lib/rabbitmq/lib";

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("rabbitmq cuttlefish schemas");
    out.tool_version = crate::tools::versions(&[RABBITMQ, ESCRIPT]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let escript = ESCRIPT.find()?;
    RABBITMQ.find()?;
    let server = server_dir().ok_or_else(|| {
        CheckError::Missing(crate::Status::Missing {
            tool: format!("{SERVER_GLOB_DIR}/rabbitmq_server-*"),
            install_hint: "apt-get install --no-install-recommends rabbitmq-server".into(),
        })
    })?;
    let scratch = Scratch::new()?;
    let shown = input.display_name();
    let script = scratch.write("rabbitmq-conf-check.escript", SCRIPT)?;
    let conf = scratch.write("rabbitmq.conf", input.text)?;
    let argv = vec![path_arg(&script), path_arg(&server), path_arg(&conf)];
    let ran = run_in(
        out,
        &Sandbox::new(),
        &escript,
        &argv,
        &scratch,
        Some((&conf, &shown)),
    )?;
    if ran.success() {
        return Ok(());
    }
    let found: Vec<Finding> = ran
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Finding {
            line: key_in(l)
                .and_then(|k| line_of_key(input.text, &k))
                .or_else(|| syntax_line(l)),
            message: l.trim().to_string(),
        })
        .collect();
    out.fail(found);
    Ok(())
}

/// The newest `rabbitmq_server-*` directory.
fn server_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(SERVER_GLOB_DIR)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("rabbitmq_server-"))
        })
        .collect();
    dirs.sort();
    dirs.pop()
}

/// The key a message names: `unknown variable: hearbeat`, `datatype for: cluster_...`.
fn key_in(line: &str) -> Option<String> {
    let (_, rest) = line.rsplit_once(": ")?;
    let key = rest.trim();
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// `Syntax error in F after line 1 column 1`.
fn syntax_line(line: &str) -> Option<usize> {
    let (_, rest) = line.split_once("after line ")?;
    rest.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_point_at_keys() {
        assert_eq!(
            key_in("Conf file attempted to set unknown variable: hearbeat").as_deref(),
            Some("hearbeat")
        );
        assert_eq!(
            syntax_line("Syntax error in rabbitmq.conf after line 3 column 1, parsing incomplete"),
            Some(3)
        );
    }
}
