//! `haguide snippet check --upstream` and `haguide lint` end to end, on the mini book and on
//! files an operator would have.
//!
//! They run the real tools (`bash ci/install-upstream-tools.sh`); without shellcheck or haproxy
//! a test says it skipped, except under CI (`CI` set), where it fails.

mod common;

use std::io::Write;
use std::process::{Command, Output};

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// True when `tool` is installed; otherwise says the test skipped (or fails under CI).
fn have(test: &str, tool: &str, package: &str) -> bool {
    let found = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .any(|d| std::path::Path::new(d).join(tool).exists());
    if !found {
        assert!(
            !under_ci(),
            "{test}: `{tool}` is missing, but CI is set (bash ci/install-upstream-tools.sh)"
        );
        let _ = writeln!(
            std::io::stderr(),
            "{test}: SKIPPED, `{tool}` is not installed (apt-get install {package})"
        );
    }
    found
}

fn haguide(root: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haguide"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("haguide runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn snippet_check_upstream_reports_every_variant_and_fails_on_a_rejection() {
    if !have("snippet check --upstream", "shellcheck", "shellcheck") {
        return;
    }
    let book = common::fixture("mini-book");
    let report = book.path().join("target/report.json");
    let report_arg = report.to_string_lossy().to_string();
    let ok = haguide(
        book.path(),
        &[
            "snippet",
            "check",
            "--upstream",
            "--jobs",
            "2",
            "--report",
            &report_arg,
        ],
    );
    assert!(ok.status.success(), "{}", text(&ok));
    let out = text(&ok);
    assert!(
        out.contains("format") && out.contains("tool version"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    // demo/settings (ini, two variants) is excluded with its reason; demo/commands passes.
    assert_eq!(json["total"], 3);
    assert_eq!(json["records"].as_array().map(Vec::len), Some(3));
    assert!(
        json["exclusions"]
            .as_array()
            .expect("exclusions")
            .iter()
            .any(|e| e["id"] == "demo/settings" && e["reason"].as_str().is_some())
    );
    assert!(json["summary"].as_array().is_some_and(|s| !s.is_empty()));

    // A rejected snippet fails the command, and its output is printed.
    let commands = book.path().join("snippets/catalog/demo/commands/base.hbs");
    std::fs::write(&commands, "for f in $(ls /etc); do echo \"$f\"; done\n").expect("write");
    let bad = haguide(book.path(), &["snippet", "check", "--upstream"]);
    assert!(!bad.status.success(), "{}", text(&bad));
    let out = text(&bad);
    assert!(
        out.contains("FAIL demo/commands") && out.contains("SC2045"),
        "{out}"
    );
}

#[test]
fn lint_reports_file_line_diagnostics_and_the_tools_output() {
    if !have("lint", "haproxy", "haproxy") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let good = "global\n    log stdout format short daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 1m\n    timeout server 1m\nlisten api\n    bind 10.0.0.10:5000\n    server c1 10.0.0.11:5000 check\n";
    let path = dir.path().join("haproxy.cfg");
    std::fs::write(&path, good).expect("write");
    let root = common::repo_root();
    let path_arg = path.to_string_lossy().to_string();
    let ok = haguide(&root, &["lint", &path_arg]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains(": pass"), "{}", text(&ok));

    std::fs::write(&path, good.replace("mode http", "mode htp")).expect("write");
    let bad = haguide(&root, &["lint", &path_arg]);
    assert!(!bad.status.success());
    let out = text(&bad);
    assert!(
        out.contains(&format!("{path_arg}:4: error: haproxy:")),
        "upstream diagnostic at its line: {out}"
    );
    assert!(out.contains("[ALERT]"), "the tool's own output: {out}");

    let unknown = dir.path().join("notes.xyz");
    std::fs::write(&unknown, "x\n").expect("write");
    let guess = haguide(&root, &["lint", &unknown.to_string_lossy()]);
    assert!(!guess.status.success());
    assert!(text(&guess).contains("--format"), "{}", text(&guess));
}

#[test]
fn snippet_check_takes_ids_and_groups_and_names_a_near_miss() {
    let book = common::fixture("mini-book");
    let one = haguide(book.path(), &["snippet", "check", "demo/commands"]);
    assert!(one.status.success(), "{}", text(&one));
    assert!(
        text(&one).contains("1 snippet variant(s) render"),
        "{}",
        text(&one)
    );
    let group = haguide(book.path(), &["snippet", "check", "demo/"]);
    assert!(group.status.success(), "{}", text(&group));
    let typo = haguide(book.path(), &["snippet", "check", "demo/comands"]);
    assert!(!typo.status.success());
    assert!(
        text(&typo).contains("no snippet `demo/comands` (did you mean `demo/commands`?)"),
        "{}",
        text(&typo)
    );
    // A partial run must not replace the book's record of every snippet.
    let partial = haguide(
        book.path(),
        &[
            "snippet",
            "check",
            "--upstream",
            "--book-report",
            "r.json",
            "demo/",
        ],
    );
    assert!(!partial.status.success(), "{}", text(&partial));
}
