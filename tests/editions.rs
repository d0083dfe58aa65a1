//! The offline editions without their outside tools: which editions there are, the Markdown to
//! XHTML conversion and its link rewriting, the EPUB's pages for each edition, and the HTML an
//! edition's PDF is printed from. (Chromium, epubcheck and the PDF checks run in
//! ci/editions-test.sh.)

mod common;

use haguide::editions::{self, Edition, Format, epub, pdf, xhtml};
use haguide_snippets::Axes;

fn builtin_editions() -> Vec<Edition> {
    editions::editions(&Axes::builtin().expect("axes")).expect("editions")
}

fn edition(distro: &str) -> Edition {
    builtin_editions()
        .into_iter()
        .find(|e| e.distro == distro)
        .unwrap_or_else(|| panic!("no {distro} edition"))
}

#[test]
fn one_edition_per_distro_family_with_its_usual_tool_and_the_current_release() {
    let eds = builtin_editions();
    let summary: Vec<(String, String, String, String)> = eds
        .iter()
        .map(|e| {
            (
                e.file_name(Format::Pdf),
                e.distro.clone(),
                e.tool.clone(),
                e.release.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "haguide-ubuntu-debian.pdf".to_string(),
                "debian".to_string(),
                "crmsh".to_string(),
                "2026.2".to_string()
            ),
            (
                "haguide-rhel.pdf".to_string(),
                "rhel".to_string(),
                "pcs".to_string(),
                "2026.2".to_string()
            ),
        ]
    );
    assert_eq!(eds[1].file_name(Format::Epub), "haguide-rhel.epub");
    assert_eq!(
        eds[0].select().get("tool").map(String::as_str),
        Some("crmsh")
    );
}

#[test]
fn a_distro_without_a_usual_tool_is_an_error() {
    let axes = Axes::parse(
        "[[axis]]\nid = \"distro\"\nlabel = \"D\"\n[[axis.value]]\nid = \"x\"\nlabel = \"X\"\n[[axis]]\nid = \"release\"\nlabel = \"R\"\n[[axis.value]]\nid = \"1\"\nlabel = \"1\"\n",
        std::path::Path::new("axes.toml"),
    )
    .expect("axes");
    let err = format!(
        "{:#}",
        editions::editions(&axes).expect_err("no usual_tool")
    );
    assert!(err.contains("usual_tool"), "{err}");
}

#[test]
fn links_point_at_the_package_pages() {
    let mut index = xhtml::PageIndex::default();
    index.pages.insert(
        "infrastructure/galera.md".into(),
        ["bootstrap".to_string()].into(),
    );
    index.pages.insert(
        "introduction.md".into(),
        ["who-it-is-for".to_string()].into(),
    );
    let mut warnings = Vec::new();
    let mut rw =
        |from: &str, dest: &str| xhtml::rewrite_link(from, dest, Some(&index), &mut warnings);
    use xhtml::Rewritten::{Drop, Href};
    assert_eq!(
        rw(
            "controller/nova.md",
            "../infrastructure/galera.md#bootstrap"
        ),
        Href("../infrastructure/galera.xhtml#bootstrap".into())
    );
    assert_eq!(
        rw("controller/nova.md", "../introduction.html"),
        Href("../introduction.xhtml".into())
    );
    assert_eq!(
        rw("introduction.md", "infrastructure/galera.md"),
        Href("infrastructure/galera.xhtml".into())
    );
    assert_eq!(
        rw("introduction.md", "#who-it-is-for"),
        Href("#who-it-is-for".into())
    );
    assert_eq!(
        rw("introduction.md", "https://docs.openstack.org/x.md#y"),
        Href("https://docs.openstack.org/x.md#y".into())
    );
    // A fragment only the HTML book has: the link still reaches the page.
    assert_eq!(
        rw("introduction.md", "infrastructure/galera.md#snippet-x"),
        Href("infrastructure/galera.xhtml".into())
    );
    assert_eq!(rw("introduction.md", "missing.md"), Drop);
    assert_eq!(rw("introduction.md", "../../outside.md"), Drop);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

#[test]
fn markdown_becomes_well_formed_xhtml() {
    let md = r#"# Title & more

Text with <kbd>S</kbd>&nbsp;and a [link](../other.md#x "t") and `code <x>`.

## Title & more

| A | B |
|:--|--:|
| 1 | 2 |

> [!WARNING]
> Careful.

```ini
[DEFAULT]
a = <b> & "c"
```

<a id="label"></a>

<figure class="hg-figure" id="figure-arch"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="100%"><title id="t">An  arch</title><defs><linearGradient id="g"/></defs><rect x="0" y="0" width="10" height="10"/></svg></figure>

Term
: Definition

- [x] done
"#;
    let mut index = xhtml::PageIndex::default();
    index
        .pages
        .insert("other.md".into(), ["x".to_string()].into());
    index.pages.insert("dir/page.md".into(), Default::default());
    let c = xhtml::convert(md, "dir/page.md", Some(&index)).expect("convert");
    let doc = xhtml::document("Page", "en", "../stylesheet.css", &c.body);
    xhtml::check_well_formed(&doc, "page").unwrap_or_else(|e| panic!("{e:#}\n{doc}"));
    // mdbook's heading ids, with its counter for repeats.
    assert!(c.ids.contains("title--more"), "{:?}", c.ids);
    assert!(c.ids.contains("title--more-1"), "{:?}", c.ids);
    assert!(c.ids.contains("label") && c.ids.contains("figure-arch") && c.ids.contains("term"));
    assert!(c.body.contains("href=\"../other.xhtml#x\""), "{}", c.body);
    assert!(c.body.contains("a = &lt;b&gt; &amp; \"c\""), "{}", c.body);
    assert!(c.body.contains("<kbd>S</kbd>\u{a0}and"), "{}", c.body);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // The figure is a file of its own, with SVG's case restored, and an <img> with its title.
    assert_eq!(c.svgs.len(), 1);
    let (file, svg) = &c.svgs[0];
    assert_eq!(file, "figures/dir-page-1.svg");
    assert!(svg.contains("viewBox=\"0 0 10 10\"") && svg.contains("<linearGradient id=\"g\"/>"));
    xhtml::check_well_formed(svg, file).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(
        c.body
            .contains("src=\"../figures/dir-page-1.svg\" alt=\"An arch\""),
        "{}",
        c.body
    );
}

#[test]
fn scripts_cannot_go_into_an_epub() {
    let err = xhtml::convert("<script>alert(1)</script>\n", "p.md", None).expect_err("script");
    assert!(format!("{err:#}").contains("<script>"), "{err:#}");
}

#[test]
fn each_epub_edition_shows_only_its_variants() {
    let book = common::fixture("mini-book");
    for (distro, shown, hidden) in [("rhel", true, false), ("debian", false, true)] {
        let p = epub::prepare(book.path(), &edition(distro)).unwrap_or_else(|e| panic!("{e:#}"));
        let page = p
            .package
            .pages
            .iter()
            .find(|pg| pg.file == "chapter.xhtml")
            .expect("chapter page");
        assert_eq!(page.document.contains("family = rhel"), shown, "{distro}");
        assert_eq!(!page.document.contains("family = rhel"), hidden, "{distro}");
        // The xref label is an anchor; the snippet is a plain labelled block (no tabs markup).
        assert!(page.document.contains("id=\"demo-label\""));
        assert!(!page.document.contains("hg-variant"));
    }
}

#[test]
fn an_epub_is_a_zip_whose_first_entry_is_its_stored_mimetype() {
    let book = common::fixture("mini-book");
    let out = tempfile::tempdir().expect("tempdir");
    let path = out.path().join("mini.epub");
    let (pages, warnings) =
        epub::build(book.path(), &edition("rhel"), &path).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(pages, 2, "title page and the chapter");
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = std::fs::read(&path).expect("epub");
    // Local file header: signature, then the name at 30, and the content right after it.
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
}

#[test]
fn an_edition_prints_from_an_html_with_its_title_page_and_print_rules() {
    let book = common::fixture("mini-book");
    let out = tempfile::tempdir().expect("tempdir");
    let print = pdf::build_html(book.path(), &edition("debian"), out.path())
        .unwrap_or_else(|e| panic!("{e:#}"));
    let html = std::fs::read_to_string(&print).expect("print.html");
    assert!(html.contains("hg-edition-title-page"));
    assert!(html.contains("Ubuntu / Debian edition"));
    assert!(html.contains("id=\"haguide-print-edition\""));
    assert!(html.contains("@bottom-center"));
    assert!(
        !html.contains("family = rhel"),
        "only the edition's variant"
    );
    assert!(html.contains("servers = "));
}

#[test]
fn the_guide_converts_for_every_edition_with_no_lost_link() {
    let root = common::repo_root();
    for e in builtin_editions() {
        let p = epub::prepare(&root, &e).unwrap_or_else(|err| panic!("{}: {err:#}", e.name()));
        assert!(
            p.package.warnings.is_empty(),
            "{}: links the EPUB cannot keep:\n{}",
            e.name(),
            p.package.warnings.join("\n")
        );
        assert!(
            !p.package.svgs.is_empty(),
            "{}: the guide's figures are missing",
            e.name()
        );
    }
}

#[test]
fn output_is_never_overwritten_without_force() {
    let out = tempfile::tempdir().expect("tempdir");
    let opts = editions::Options {
        out: out.path().to_path_buf(),
        only: Some(Format::Epub),
        force: false,
    };
    let first = &builtin_editions()[0];
    std::fs::write(out.path().join(first.file_name(Format::Epub)), "keep").expect("write");
    let err = format!(
        "{:#}",
        editions::build_all(common::fixture("mini-book").path(), &opts).expect_err("refused")
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.path().join(first.file_name(Format::Epub))).expect("read"),
        "keep"
    );
}

#[test]
fn the_command_has_help_and_lists_the_editions() {
    let bin = env!("CARGO_BIN_EXE_haguide");
    let help = std::process::Command::new(bin)
        .args(["editions", "--help"])
        .output()
        .expect("run");
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--force") && help.contains("--only"),
        "{help}"
    );
    let book = common::fixture("mini-book");
    let list = std::process::Command::new(bin)
        .arg("--root")
        .arg(book.path())
        .args(["editions", "--list"])
        .output()
        .expect("run");
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "haguide-ubuntu-debian\tdistro=debian,release=2026.2,tool=crmsh\tUbuntu / Debian edition\n\
         haguide-rhel\tdistro=rhel,release=2026.2,tool=pcs\tRHEL family edition\n"
    );
}
