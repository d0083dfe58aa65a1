//! Bad input fails the build with the file and line of the problem, never a silently wrong page.

mod common;

use std::fs;

fn edit(book: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = book.join(file);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} lacks {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn unknown_snippet_id_names_file_line_and_near_match() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "{{#snippet demo/settings}}",
        "{{#snippet demo/setings}}",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("unknown snippet `demo/setings`"), "{err}");
    assert!(err.contains("chapter.md:8:1"), "{err}");
    assert!(err.contains("demo/settings"), "no near match: {err}");
}

#[test]
fn unknown_variant_names_file_line_and_near_match() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "{{#snippet demo/settings}}",
        "{{#snippet demo/settings distro=rehl}}",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("chapter.md:8:1"), "{err}");
    assert!(err.contains("did you mean `rhel`"), "{err}");
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "snippets/catalog/demo/settings/base.hbs",
        "{{vips.internal.address}}",
        "{{#if vips.internal.address}}",
    );
    let err = common::build_error(book.path());
    assert!(
        err.contains("template syntax error in snippet `demo/settings`"),
        "{err}"
    );
    assert!(err.contains("base.hbs"), "{err}");
    assert!(err.contains("chapter.md:8:1"), "{err}");
}

#[test]
fn missing_variable_names_template_line_and_suggests() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "snippets/catalog/demo/settings/base.hbs",
        "{{vips.internal.address}}",
        "{{vips.internal.adress}}",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("base.hbs:2"), "{err}");
    assert!(err.contains("vips.internal.adress"), "{err}");
    assert!(
        err.contains("vips.internal.address"),
        "no suggestion: {err}"
    );
}

#[test]
fn render_that_fails_validation_is_an_error_not_a_page() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "snippets/catalog/demo/settings/base.hbs",
        "[DEFAULT]\n",
        "[DEFAULT\n",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("renders an invalid ini file"), "{err}");
    assert!(err.contains("chapter.md:8:1"), "{err}");
    assert!(err.contains("/etc/demo/demo.conf"), "{err}");
}

#[test]
fn ids_that_are_paths_are_refused() {
    for bad in [
        "../../etc/passwd",
        "/etc/haproxy/haproxy.cfg",
        "demo/../demo/settings",
    ] {
        let book = common::fixture("mini-book");
        edit(
            book.path(),
            "src/chapter.md",
            "{{#snippet demo/settings}}",
            &format!("{{{{#snippet {bad}}}}}"),
        );
        let err = common::build_error(book.path());
        assert!(err.contains("is not a snippet id"), "{bad}: {err}");
        assert!(err.contains("chapter.md:8:1"), "{bad}: {err}");
    }
}

#[test]
fn unlabelled_code_block_is_refused_because_rustdoc_would_compile_it() {
    let book = common::fixture("mini-book");
    edit(book.path(), "src/chapter.md", "```text\n", "```\n");
    let err = common::build_error(book.path());
    assert!(err.contains("code block without a language"), "{err}");
    assert!(err.contains("chapter.md:14:1"), "{err}");
}

#[test]
fn unknown_profile_path_names_file_line() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "vips.internal.address",
        "vips.internal.addres",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("chapter.md:3:"), "{err}");
    assert!(
        err.contains("`vips.internal.address`"),
        "no near match: {err}"
    );
}

#[test]
fn every_error_of_a_run_is_reported_at_once() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "{{#snippet demo/settings}}",
        "{{#snippet demo/nope}}",
    );
    edit(
        book.path(),
        "src/chapter.md",
        "{{#snippet demo/commands}}",
        "{{#snippet demo/nada}}",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("2 errors in the book"), "{err}");
}

#[test]
fn unresolved_cross_reference_names_file_line_and_nearest_names() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "std:doc#install/install-ubuntu",
        "std:doc#install/instal-ubuntu",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("does not resolve in any inventory"), "{err}");
    assert!(err.contains("chapter.md:5:22"), "{err}");
    assert!(
        err.contains("inv:placement:std:doc#install/install-ubuntu"),
        "no nearest name: {err}"
    );
}

#[test]
fn unknown_inventory_key_suggests_the_right_one() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "inv:placement:std:doc",
        "inv:placment:std:doc",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("no inventory is called `placment`"), "{err}");
    assert!(err.contains("placement"), "{err}");
}

#[test]
fn ambiguous_cross_reference_lists_the_candidates() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "<inv:placement:doc#install/verify>",
        "<inv:#index>",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("is ambiguous"), "{err}");
    assert!(
        err.contains("inv:placement:std:doc#index") && err.contains("inv:masakari:std:doc#index"),
        "{err}"
    );
}

#[test]
fn broken_internal_link_and_anchor_fail_the_build_with_file_and_line() {
    let book = common::fixture("mini-book");
    edit(
        book.path(),
        "src/chapter.md",
        "Text.\n",
        "Text. See [nowhere](missing.md) and [no anchor](#no-such-heading).\n",
    );
    let err = common::build_error(book.path());
    assert!(err.contains("chapter.md:23"), "{err}");
    assert!(
        err.contains("missing.html") || err.contains("missing.md"),
        "{err}"
    );
    assert!(err.contains("#no-such-heading"), "{err}");
}
