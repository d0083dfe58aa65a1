//! Django settings (Horizon's local_settings): CPython compiles the file, which catches every
//! syntax error the native subset check might let through or report differently.
//!
//! `compile()` parses without executing, so nothing is imported and no Django or Horizon needs to
//! be installed. Blind spots (upstream): a name that is not defined, a misspelled setting and a
//! wrong value all compile; the native validator checks those.

use crate::outcome::{Finding, Outcome};
use crate::sandbox::{Sandbox, path_arg};
use crate::tools::Tool;
use crate::{CheckError, Input, Scratch, run_in, settle};
use std::ffi::OsString;

/// Debian's interpreter, not whatever `python3` comes first on PATH (a pyenv shim, a venv), so
/// the reported version is the one that ran.
const PYTHON: Tool = Tool {
    bin: "python3",
    package: "python3-minimal",
};
const DEBIAN_PYTHON: &str = "/usr/bin/python3";

/// Reads the file named by argv[1] and compiles it under the name argv[2], so messages show the
/// reader's path.
const COMPILE: &str =
    "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[2], 'exec')";

pub(crate) fn check(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::new("python3 compile()");
    out.tool_version = crate::tools::versions(&[PYTHON]);
    let result = run(input, &mut out);
    settle(&mut out, result);
    out
}

fn run(input: &Input<'_>, out: &mut Outcome) -> Result<(), CheckError> {
    let python = if std::path::Path::new(DEBIAN_PYTHON).is_file() {
        std::path::PathBuf::from(DEBIAN_PYTHON)
    } else {
        PYTHON.find()?
    };
    let scratch = Scratch::new()?;
    let shown = input.display_name();
    let file = scratch.write("local_settings.py", input.text)?;
    let argv: Vec<OsString> = vec![
        "-I".into(),
        "-c".into(),
        COMPILE.into(),
        path_arg(&file),
        shown.clone().into(),
    ];
    let ran = run_in(
        out,
        &Sandbox::new(),
        &python,
        &argv,
        &scratch,
        Some((&file, &shown)),
    )?;
    if ran.success() {
        return Ok(());
    }
    // The traceback ends with `  File "NAME", line N` and then `SyntaxError: message`.
    let line = ran
        .stderr
        .lines()
        .filter_map(|l| l.split_once(", line ").map(|(_, r)| r))
        .filter_map(|r| r.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .next_back();
    let message = ran
        .stderr
        .lines()
        .rev()
        .find(|l| l.contains("Error"))
        .unwrap_or("python3 rejected the file")
        .trim()
        .to_string();
    out.fail([Finding { line, message }]);
    Ok(())
}
