//! chrony.conf: `chronyd -p -f F` parses the file and prints it back without starting the
//! daemon, touching the clock or opening a socket (it still runs in a network namespace).
//!
//! It stops at the first error with exit 1 (`Fatal error : Invalid directive at line 2`,
//! `Could not parse server directive at line 1`). Blind spots (upstream): `allow`/`deny`
//! subnets are parsed only when the NTP server starts, so `allow 10.0.0.0/33` passes; `include`
//! and `confdir` read this host's files.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, args, path_arg};
use crate::tools::Tool;
use crate::{CheckError, Input, Scratch, run_in, settle};

const CHRONYD: Tool = Tool {
    bin: "chronyd",
    package: "chrony",
};

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("chronyd -p");
    out.tool_version = crate::tools::versions(&[CHRONYD]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let chronyd = CHRONYD.find()?;
    let scratch = Scratch::new()?;
    let shown = input.display_name();
    let conf = scratch.write("chrony.conf", input.text)?;
    let mut argv = args(["-p", "-f"]);
    argv.push(path_arg(&conf));
    let ran = run_in(
        out,
        &Sandbox::new(),
        &chronyd,
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
        .map(|l| {
            let message = l
                .split_once("Fatal error : ")
                .map(|(_, m)| m)
                .unwrap_or(l)
                .trim();
            let line = message
                .split_once("at line ")
                .and_then(|(_, r)| r.split_whitespace().next())
                .and_then(|n| n.parse().ok());
            Finding {
                line,
                message: message.to_string(),
            }
        })
        .collect();
    out.fail(found);
    Ok(())
}
