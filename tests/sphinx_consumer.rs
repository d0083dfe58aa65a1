//! Sphinx consumes the guide's objects.inv: a small Sphinx project
//! (tests/fixtures/sphinx-consumer) links into a fresh build of the guide with intersphinx, and
//! its nitpicky build with warnings as errors must resolve every reference to the right page and
//! anchor, and must fail on a label the guide does not have.
//!
//! Set `HAGUIDE_SPHINX_PYTHON` to the Python of a venv with Sphinx (`bash ci/sphinx-venv.sh`
//! creates one and prints its path). Without it the tests print that they skipped, except under
//! CI (`CI` set), where they fail, so that CI can never pass without Sphinx reading the
//! inventory. The same convention as inventory/tests/sphinx_parity.rs.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The base URL the consumer maps the guide to (conf.py).
const BASE: &str = "https://example.invalid/ha/";

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The Python to run Sphinx with, or `None` (after saying so) outside CI.
fn sphinx_python(test: &str) -> Option<PathBuf> {
    match std::env::var_os("HAGUIDE_SPHINX_PYTHON") {
        Some(python) if !python.is_empty() => Some(PathBuf::from(python)),
        _ => {
            assert!(
                !under_ci(),
                "{test}: HAGUIDE_SPHINX_PYTHON is not set, but CI is; the Sphinx consumer tests \
                 must run in CI (bash ci/sphinx-venv.sh prints a Python with Sphinx)"
            );
            // Straight to stderr: the harness swallows eprintln! for a passing test, and a skip
            // has to be seen.
            let _ = writeln!(
                std::io::stderr(),
                "{test}: SKIPPED, HAGUIDE_SPHINX_PYTHON is not set \
                 (bash ci/sphinx-venv.sh prints a Python with Sphinx)"
            );
            None
        }
    }
}

/// Builds the guide into `dir` and writes its objects.inv there; returns the inventory's path.
fn guide_inventory(dir: &Path) -> PathBuf {
    let root = common::repo_root();
    let book_dir =
        haguide::book::build(&root, Some(dir)).unwrap_or_else(|e| panic!("build: {e:#}"));
    let md = haguide::book::load(&root).unwrap_or_else(|e| panic!("load: {e:#}"));
    let written = haguide::book_inventory::write(&book_dir, &md)
        .unwrap_or_else(|e| panic!("objects.inv: {e:#}"));
    assert!(written.entries > 0, "an empty inventory");
    written.path
}

/// Runs a nitpicky Sphinx HTML build (`-n -W --keep-going -q`) of the consumer sources in
/// `sources` (a directory of the fixture) against `inventory`, into `out`.
fn sphinx_build(python: &Path, sources: &str, inventory: &Path, out: &Path) -> Output {
    let fixture = common::repo_root().join("tests/fixtures/sphinx-consumer");
    Command::new(python)
        .args([
            "-m",
            "sphinx",
            "-b",
            "html",
            "-n",
            "-W",
            "--keep-going",
            "-q",
        ])
        // conf.py is shared; the sources differ. Doctrees go to the scratch directory so that
        // nothing is written into the repository.
        .arg("-c")
        .arg(&fixture)
        .arg("-d")
        .arg(out.join("doctrees"))
        .arg(fixture.join(sources))
        .arg(out.join("html"))
        .env("HAGUIDE_HA_INVENTORY", inventory)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()))
}

fn describe(output: &Output) -> String {
    format!(
        "{}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn sphinx_resolves_labels_pages_and_figures_through_our_objects_inv() {
    let Some(python) =
        sphinx_python("sphinx_resolves_labels_pages_and_figures_through_our_objects_inv")
    else {
        return;
    };
    let scratch = tempfile::tempdir().expect("tempdir");
    let inventory = guide_inventory(&scratch.path().join("book"));
    let out = scratch.path().join("consumer");
    let output = sphinx_build(&python, "resolves", &inventory, &out);
    assert!(
        output.status.success(),
        "the consumer build failed: {}",
        describe(&output)
    );
    let html = std::fs::read_to_string(out.join("html/index.html")).expect("consumer index.html");
    // Each reference: where it must link, and the text Sphinx must show for it (the heading,
    // page title or caption from the inventory, unless the reference gives its own).
    let expected = [
        (
            "concepts/ha-concepts.html#from-one-controller-to-three",
            "From one controller to three",
        ),
        (
            "infrastructure/pacemaker-corosync.html#the-corosync-key",
            "the Corosync key",
        ),
        (
            "infrastructure/pacemaker-corosync.html",
            "Pacemaker and Corosync",
        ),
        (
            "infrastructure/vip-haproxy.html",
            "Virtual IPs, HAProxy and keepalived",
        ),
        (
            "infrastructure/vip-haproxy.html#snippet-haproxy-api-endpoints",
            "HAProxy for every API endpoint and the database",
        ),
    ];
    for (location, text) in expected {
        let href = format!("href=\"{BASE}{location}\"");
        let Some(at) = html.find(&href) else {
            panic!("the consumer's index.html has no {href}:\n{html}");
        };
        // The link's text follows its start tag (inside a <span> for :ref: and :doc:).
        let link = &html[at..];
        let link = &link[..link.find("</a>").unwrap_or(link.len())];
        assert!(link.contains(text), "{href} should show {text:?}: {link}");
    }
    // The tooltip names the project and version from the inventory's header.
    assert!(
        html.contains("(in OpenStack High Availability Guide v2026.2)"),
        "no intersphinx tooltip with the guide's project and version:\n{html}"
    );
}

#[test]
fn sphinx_fails_on_a_label_the_guide_does_not_have() {
    let Some(python) = sphinx_python("sphinx_fails_on_a_label_the_guide_does_not_have") else {
        return;
    };
    let scratch = tempfile::tempdir().expect("tempdir");
    let inventory = guide_inventory(&scratch.path().join("book"));
    let output = sphinx_build(
        &python,
        "unresolved",
        &inventory,
        &scratch.path().join("consumer"),
    );
    assert!(
        !output.status.success(),
        "a reference to ha:no-such-label built: {}",
        describe(&output)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("undefined label") && stderr.contains("no-such-label"),
        "the build should fail for the missing label, not something else: {}",
        describe(&output)
    );
}
