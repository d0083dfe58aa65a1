//! The `haguide` binary: snippet list/render, render --all with its index, and --force.

mod common;

use std::process::Command;

fn haguide(root: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haguide"));
    cmd.arg("--root").arg(root);
    cmd
}

#[test]
fn render_all_writes_files_and_an_index_and_never_overwrites_without_force() {
    let book = common::fixture("mini-book");
    let out = book.path().join("rendered");
    let first = haguide(book.path())
        .args(["snippet", "render", "--all", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let conf =
        std::fs::read_to_string(out.join("demo/settings/distro-rhel.conf")).expect("rendered file");
    assert!(conf.contains("family = rhel"));
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("index.json")).expect("index"))
            .expect("json");
    let entries = index.as_array().expect("array");
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().any(|e| e["id"] == "demo/settings"
        && e["variant"] == "distro=rhel"
        && e["format"] == "ini"
        && e["target"] == "/etc/demo/demo.conf"));
    assert!(
        entries
            .iter()
            .any(|e| e["id"] == "demo/commands" && e["run_on"] == "every controller")
    );

    let again = haguide(book.path())
        .args(["snippet", "render", "--all", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = haguide(book.path())
        .args(["snippet", "render", "--all", "--force", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
}

#[test]
fn render_one_variant_and_list() {
    let book = common::fixture("mini-book");
    let out = haguide(book.path())
        .args([
            "snippet",
            "render",
            "demo/settings",
            "--variant",
            "distro=rhel",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("family = rhel") && !text.contains("distro=debian"),
        "{text}"
    );
    let list = haguide(book.path())
        .args(["snippet", "list"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("demo/settings") && text.contains("2 variant(s)"),
        "{text}"
    );
}

#[test]
fn unknown_variant_on_the_command_line_suggests() {
    let book = common::fixture("mini-book");
    let out = haguide(book.path())
        .args([
            "snippet",
            "render",
            "demo/settings",
            "--variant",
            "distro=rehl",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `rhel`"));
}

#[test]
fn help_is_everywhere() {
    for args in [
        vec!["--help"],
        vec!["snippet", "--help"],
        vec!["snippet", "render", "--help"],
        vec!["build", "--help"],
        vec!["test", "--help"],
        vec!["serve", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_haguide"))
            .args(&args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}");
    }
}

#[test]
fn test_command_validates_and_runs_rustdoc_per_chapter() {
    let book = common::fixture("mini-book");
    let out = haguide(book.path()).arg("test").output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed, 0 failed"));
}
