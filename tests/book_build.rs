//! Whole-book builds: the guide itself and a small fixture book, built through the embedded
//! mdbook into a temporary directory, with the HTML checked for the rendered configs.

mod common;

use haguide_preprocessors::directive;

#[test]
fn the_guide_builds_and_every_page_shows_its_rendered_configs() {
    let root = common::repo_root();
    let out = tempfile::tempdir().expect("tempdir");
    haguide::book::build(&root, Some(out.path())).unwrap_or_else(|e| panic!("{e:#}"));
    let (engine, profile) = haguide::snippet_cmd::load(&root, None).expect("catalog");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") || entry.file_name() == "SUMMARY.md" {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).expect("read page");
        let rel = entry
            .path()
            .strip_prefix(root.join("src"))
            .expect("rel")
            .with_extension("html");
        let html_path = out.path().join(&rel);
        let html = std::fs::read_to_string(&html_path)
            .unwrap_or_else(|e| panic!("{}: {e}", html_path.display()));
        for d in directive::find(&source, &["snippet"]) {
            let id = &d.args[0];
            for v in engine.variants(id, &profile).expect("variants") {
                let r = engine.render(id, &v, &profile).expect("render");
                let wanted = common::html_escape(r.text.trim_end());
                let missing: Vec<&str> = wanted.lines().filter(|l| !html.contains(l)).collect();
                assert!(
                    html.contains(&wanted),
                    "{} does not show {} [{}] whole; lines not found: {missing:?}",
                    rel.display(),
                    id,
                    v
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no page includes a snippet");
    assert!(out.path().join("print.html").is_file());
}

#[test]
fn fixture_book_renders_tabs_labels_and_profile_values() {
    let book = common::fixture("mini-book");
    let out = tempfile::tempdir().expect("tempdir");
    haguide::book::build(book.path(), Some(out.path())).unwrap_or_else(|e| panic!("{e:#}"));
    let html = std::fs::read_to_string(out.path().join("chapter.html")).expect("chapter.html");
    // A value the deployment panel can change is marked for its script, and shown as is.
    assert!(
        html.contains(
            "The internal VIP is <span class=\"hg-prose-value\" data-key=\"vips.internal.address\">10.0.0.10</span>."
        ),
        "profile value missing"
    );
    assert!(
        html.contains("data-variants=\"distro=debian\""),
        "debian panel missing"
    );
    assert!(
        html.contains("data-variants=\"distro=rhel\""),
        "rhel panel missing"
    );
    assert!(html.contains("Ubuntu / Debian"), "variant label missing");
    assert!(
        html.contains("<code class=\"hg-target\">/etc/demo/demo.conf</code>"),
        "target path missing"
    );
    assert!(
        html.contains("servers = 10.0.0.11,10.0.0.12,10.0.0.13"),
        "rendered config missing"
    );
    // Cross-references resolve to the project's docs; an autolink takes the target's title.
    assert!(
        html.contains("<a href=\"https://docs.openstack.org/placement/2026.2/install/install-ubuntu.html\" title=\"(in openstack-placement v16.0.0)\">its guide says</a>"),
        "inline inv: link not resolved"
    );
    assert!(
        html.contains(">Verify Installation</a>"),
        "autolink did not take the target's title"
    );
    assert!(
        html.contains("id=\"demo-label\""),
        "(label)= did not become the heading's id"
    );
    // A directive inside a code block or inline code stays text.
    assert!(
        html.contains("{{#snippet does/not-exist}}"),
        "directive in code was touched"
    );
}

#[test]
fn non_html_renderers_get_labelled_blocks_one_after_another() {
    let book = common::fixture("mini-book");
    let out = tempfile::tempdir().expect("tempdir");
    haguide::book::markdown(book.path(), out.path()).unwrap_or_else(|e| panic!("{e:#}"));
    let md = std::fs::read_to_string(out.path().join("chapter.md")).expect("chapter.md");
    insta::assert_snapshot!("mini_book_markdown", md);
}

/// The JSON island of class `class` in a page.
fn island(html: &str, class: &str) -> serde_json::Value {
    let open = format!("<script type=\"application/json\" class=\"{class}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no {class} island"))
        + open.len();
    let end = start + html[start..].find("</script>").expect("island end");
    serde_json::from_str(&html[start..end]).expect("island JSON")
}

/// Decodes a panel's segments the way theme/haguide.js does, with the page's default values.
fn decode(page: &serde_json::Value, segments: &serde_json::Value, size: &str) -> String {
    let lines = page["lines"].as_array().expect("lines");
    let keys = page["keys"].as_array().expect("keys");
    let defaults = &page["defaults"][size];
    let line = |i: u64| lines[i as usize].as_str().expect("line").to_string();
    let mut out = String::new();
    for s in segments.as_array().expect("segments") {
        match s {
            serde_json::Value::Array(run) => {
                let (a, b) = (run[0].as_u64().expect("a"), run[1].as_u64().expect("b"));
                (a..=b).for_each(|i| out += &line(i));
            }
            n if n.as_i64().is_some_and(|n| n < 0) => {
                let key = keys[(-1 - n.as_i64().expect("key")) as usize]
                    .as_str()
                    .expect("key");
                out += defaults[key].as_str().expect("default value");
            }
            n => out += &line(n.as_u64().expect("line index")),
        }
    }
    out
}

#[test]
fn html_carries_the_deployment_panels_segments_for_every_size() {
    let book = common::fixture("mini-book");
    let out = tempfile::tempdir().expect("tempdir");
    haguide::book::build(book.path(), Some(out.path())).unwrap_or_else(|e| panic!("{e:#}"));
    let html = std::fs::read_to_string(out.path().join("chapter.html")).expect("chapter.html");
    let page = island(&html, "hg-profile");
    assert_eq!(page["size"], 3);
    let figure = island(&html, "hg-segments");
    let (engine, profile) = haguide::snippet_cmd::load(book.path(), None).expect("catalog");
    for &n in haguide_snippets::profile::PANEL_SIZES {
        let sized = profile.with_size(n).expect("resize");
        let panels = figure[n.to_string()]
            .as_array()
            .expect("panels for the size");
        for v in engine.variants("demo/settings", &sized).expect("variants") {
            let r = engine.render("demo/settings", &v, &sized).expect("render");
            let panel = panels
                .iter()
                .find(|p| {
                    p["v"]
                        .as_str()
                        .is_some_and(|s| s.split(';').any(|x| x == v.to_string()))
                })
                .unwrap_or_else(|| panic!("no panel for {v} at {n}"));
            assert_eq!(
                decode(&page, &panel["c"], &n.to_string()),
                r.text,
                "segments at {n} controllers give back the validated text of {v}"
            );
        }
    }
    // Five controllers name the fifth one; the islands cannot be closed by their content.
    let five = decode(&page, &figure["5"][0]["c"], "5");
    assert!(five.contains("10.0.0.15"), "{five}");
    assert_eq!(html.matches("class=\"hg-profile\"").count(), 1);
}
