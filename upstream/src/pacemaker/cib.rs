//! The offline CIB: a blank one from `cibadmin --empty`, the profile's nodes added with
//! `cibadmin -o nodes -C`, then brought online with quorum by `crm_simulate -u NODE... -q 1
//! -I`, which writes the status section only.
//!
//! Without the status section every check on the file warns "Fencing and resource management
//! disabled due to lack of quorum" and "Node ... is unclean", and `crm_verify -V` exits 78 for
//! an empty configuration. With it, `crm_verify` judges the configuration alone, and
//! `crm_simulate -S` shows where resources would start.

use crate::outcome::Outcome;
use crate::process::{DEFAULT_TIMEOUT, Ran, run};
use crate::{CheckError, Context, Scratch};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Paths of the Pacemaker command-line tools.
pub(crate) struct Tools {
    pub(crate) cibadmin: PathBuf,
    pub(crate) crm_verify: PathBuf,
    pub(crate) crm_simulate: PathBuf,
}

/// Creates the CIB file for `nodes` in `scratch` and returns its path.
pub(crate) fn create(
    tools: &Tools,
    nodes: &[String],
    scratch: &Scratch,
    out: &mut Outcome,
) -> Result<PathBuf, CheckError> {
    let blank = scratch.path().join("blank.xml");
    let cib = scratch.path().join("cib.xml");
    let ran = logged(out, scratch, Command::new(&tools.cibadmin).arg("--empty"))?;
    expect_ok(&ran, "cibadmin --empty")?;
    std::fs::write(&blank, &ran.stdout).context(|| format!("writing {}", blank.display()))?;
    for (i, node) in nodes.iter().enumerate() {
        let xml = format!(r#"<node id="{}" uname="{}"/>"#, i + 1, xml_escape(node));
        let ran = logged(
            out,
            scratch,
            Command::new(&tools.cibadmin)
                .env("CIB_file", &blank)
                .args(["-o", "nodes", "-C", "-X"])
                .arg(xml),
        )?;
        expect_ok(&ran, "cibadmin -o nodes -C")?;
    }
    let mut sim = Command::new(&tools.crm_simulate);
    sim.arg("-x").arg(&blank);
    for node in nodes {
        sim.arg("-u").arg(node);
    }
    sim.args(["-q", "1", "-I"]).arg(&cib);
    let ran = logged(out, scratch, &mut sim)?;
    expect_ok(&ran, "crm_simulate -I")?;
    if !nodes.is_empty() {
        out.notes.push(format!(
            "offline CIB with nodes {} online and quorum (status section only)",
            nodes.join(", ")
        ));
    }
    Ok(cib)
}

/// `crm_verify -x CIB -V`: exit code and output.
pub(crate) fn verify(
    tools: &Tools,
    cib: &Path,
    scratch: &Scratch,
    out: &mut Outcome,
) -> Result<Ran, CheckError> {
    let ran = logged(
        out,
        scratch,
        Command::new(&tools.crm_verify).arg("-x").arg(cib).arg("-V"),
    )?;
    out.add_output(&ran.combined());
    Ok(ran)
}

/// `crm_simulate -x CIB -S`: the lines of its transition summary, whitespace normalised
/// (`Start vip-internal ( controller1 )`).
pub(crate) fn placement(
    tools: &Tools,
    cib: &Path,
    scratch: &Scratch,
    out: &mut Outcome,
) -> Result<Vec<String>, CheckError> {
    let ran = logged(
        out,
        scratch,
        Command::new(&tools.crm_simulate)
            .arg("-x")
            .arg(cib)
            .arg("-S"),
    )?;
    expect_ok(&ran, "crm_simulate -S")?;
    Ok(transition_summary(&ran.stdout))
}

/// True when the CIB defines no resource (no primitive, no stonith device).
pub(crate) fn has_resources(cib: &Path) -> bool {
    std::fs::read_to_string(cib).is_ok_and(|x| x.contains("<primitive"))
}

/// Clone options that Pacemaker reads only on a clone (`clone` and `promotable` meta attributes).
const CLONE_ONLY: &[&str] = &[
    "clone-max",
    "clone-node-max",
    "clone-min",
    "globally-unique",
    "interleave",
    "notify",
    "ordered",
    "promotable",
    "promoted-max",
    "promoted-node-max",
];

/// Clone options that ended up on a primitive, where Pacemaker ignores them and `crm_verify`
/// says nothing: `(primitive id, attribute)`. A pcs that reads `clone meta ...` as the
/// primitive's meta attributes (0.11.5) leaves exactly this.
pub(crate) fn misplaced_clone_meta(cib: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(cib) else {
        return Vec::new();
    };
    let Ok(doc) = roxmltree::Document::parse(&text) else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("primitive"))
        .flat_map(|p| {
            let id = p.attribute("id").unwrap_or("?").to_string();
            p.children()
                .filter(|c| c.has_tag_name("meta_attributes"))
                .flat_map(|m| m.children().filter(|c| c.has_tag_name("nvpair")))
                .filter_map(|nv| nv.attribute("name"))
                .filter(|name| CLONE_ONLY.contains(name))
                .map(|name| (id.clone(), name.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn transition_summary(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.starts_with("Transition Summary"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty() && !l.starts_with("Executing"))
        .map(|l| {
            l.trim()
                .trim_start_matches("* ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn logged(out: &mut Outcome, scratch: &Scratch, cmd: &mut Command) -> Result<Ran, CheckError> {
    out.commands
        .push(scratch.tidy(&crate::process::display(cmd), None));
    let program = cmd.get_program().to_string_lossy().to_string();
    run(cmd, DEFAULT_TIMEOUT).context(|| format!("running {program}"))
}

fn expect_ok(ran: &Ran, what: &str) -> Result<(), CheckError> {
    if ran.success() {
        return Ok(());
    }
    Err(CheckError::Sandbox(format!(
        "{what} failed ({}): {}",
        ran.describe(),
        ran.combined()
    )))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_transition_summary() {
        let out = "Current cluster status:\n  * x\n\nTransition Summary:\n  * Start      fence-controller1     ( controller2 )\n  * Start      vip     ( controller1 )\n\nExecuting Cluster Transition:\n";
        assert_eq!(
            transition_summary(out),
            [
                "Start fence-controller1 ( controller2 )",
                "Start vip ( controller1 )"
            ]
        );
    }
}
