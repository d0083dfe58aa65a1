//! Every reader and writer quirk, checked without Python. The Sphinx-mode
//! expectations here were confirmed against Sphinx 9.0.4 by
//! sphinx_parity.rs, which loads the same inventories with Sphinx.

mod common;

use common::{HEADER, QUIRK_BODY, V1, raw_v2, v2, zlib};
use haguide_inventory::{Entry, Error, Found, Inventory, NoteReason, ParseMode, WriteError};

fn parse(bytes: &[u8], mode: ParseMode) -> (Inventory, Vec<haguide_inventory::Note>) {
    Inventory::parse(bytes, mode).unwrap_or_else(|e| panic!("{mode:?}: {e}"))
}

fn get<'a>(inv: &'a Inventory, objtype: &str, name: &str) -> Option<&'a Entry> {
    inv.entries
        .iter()
        .find(|e| e.objtype() == objtype && e.name == name)
}

fn quirks(mode: ParseMode) -> Inventory {
    parse(&v2(QUIRK_BODY), mode).0
}

#[test]
fn empty_display_name_dropped_by_sphinx_kept_by_lenient() {
    for name in ["no-disp", "blank-disp"] {
        assert!(
            get(&quirks(ParseMode::Sphinx), "std:label", name).is_none(),
            "{name}"
        );
        let lenient = quirks(ParseMode::Lenient);
        let e = get(&lenient, "std:label", name).expect(name);
        assert_eq!(e.dispname, None);
        assert_eq!(e.location, format!("a.html#{name}"));
    }
    let (_, notes) = parse(&v2(QUIRK_BODY), ParseMode::Sphinx);
    let empty: Vec<usize> = notes
        .iter()
        .filter(|n| n.reason == NoteReason::EmptyDisplayName)
        .map(|n| n.line_no)
        .collect();
    assert_eq!(empty, [6, 7], "line numbers count the four header lines");
}

#[test]
fn spaces_in_names_and_tabs_as_separators() {
    for mode in [ParseMode::Sphinx, ParseMode::Lenient] {
        let inv = quirks(mode);
        let term = get(&inv, "std:term", "Virtual IP").expect("term with a space");
        assert_eq!(term.location, "glossary.html#term-virtual-ip");
        let tabbed = get(&inv, "std:label", "tabbed").expect("tab-separated");
        assert_eq!(
            tabbed.dispname.as_deref(),
            Some("Tabbed  title"),
            "inner spaces kept"
        );
        let nbsp = get(&inv, "std:label", "nbsp").expect("U+00A0 and U+3000 separate");
        assert_eq!(nbsp.location, "nbsp.html#nbsp");
        // U+001F is whitespace for Python, so it can separate fields, but
        // here the split would leave "std:label" as the priority.
        assert!(get(&inv, "std:label", "unit\u{1f}sep").is_some());
    }
}

#[test]
fn word_digits_word_names() {
    let name = "QEMU Copy On Write 2 (QCOW2)";
    let (sphinx, notes) = parse(&v2(QUIRK_BODY), ParseMode::Sphinx);
    assert!(get(&sphinx, "std:term", name).is_none());
    let note = notes.iter().find(|n| n.line_no == 10).expect("a note");
    assert_eq!(
        note.reason,
        NoteReason::TypeWithoutColon {
            sphinx_type: "Write".into(),
            recovered: true
        }
    );
    let lenient = quirks(ParseMode::Lenient);
    let e = get(&lenient, "std:term", name).expect("lenient reads the whole name");
    assert_eq!(e.location, "glossary.html#term-QEMU-Copy-On-Write-2-QCOW2");
}

#[test]
fn open_domains() {
    for mode in [ParseMode::Sphinx, ParseMode::Lenient] {
        let inv = quirks(mode);
        let opt = get(&inv, "oslo.config:option", "DEFAULT.debug").expect("oslo.config");
        assert_eq!(
            (opt.domain.as_str(), opt.role.as_str()),
            ("oslo.config", "option")
        );
        assert_eq!(opt.priority, 1);
        let get_ = get(&inv, "http:get", "get--v3-users").expect("http:get");
        assert_eq!(get_.display_name(), "GET /v3/users");
        assert!(get(&inv, "c:function", "kmalloc").is_some());
    }
}

#[test]
fn dollar_expansion() {
    let inv = quirks(ParseMode::Sphinx);
    assert_eq!(
        get(&inv, "std:label", "plain").expect("plain").location,
        "a.html#plain"
    );
    assert_eq!(
        get(&inv, "c:function", "kmalloc").expect("c").location,
        "mm.html#c.kmalloc"
    );
    // Only a trailing `$` is shorthand.
    assert_eq!(
        get(&inv, "std:label", "dollar-mid").expect("mid").location,
        "a$b.html#x"
    );
    // Absolute locations replace the base.
    let abs = get(&inv, "std:label", "abs").expect("abs");
    assert_eq!(
        abs.url("https://example.invalid/base"),
        "/abs/page.html#abs"
    );
}

#[test]
fn empty_location_from_dirhtml() {
    for mode in [ParseMode::Sphinx, ParseMode::Lenient] {
        let inv = quirks(mode);
        let index = get(&inv, "std:doc", "index").expect("root document");
        assert_eq!(index.location, "");
        assert_eq!(index.display_name(), "Root of a dirhtml build");
        assert_eq!(
            index.url("https://example.invalid/ha"),
            "https://example.invalid/ha/"
        );
    }
}

#[test]
fn duplicates_merge_like_sphinx() {
    let (inv, notes) = parse(&v2(QUIRK_BODY), ParseMode::Sphinx);
    // py:module: the first wins.
    assert_eq!(
        get(&inv, "py:module", "os").expect("os").location,
        "os.html#module-os"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.line_no == 16 && n.reason == NoteReason::DuplicateModule { first_line: 15 })
    );
    // Anything else: the last wins, at the position of the first.
    let dup = get(&inv, "std:label", "dup").expect("dup");
    assert_eq!(
        (dup.location.as_str(), dup.display_name()),
        ("second.html#dup", "Second")
    );
    assert!(
        notes
            .iter()
            .any(|n| n.line_no == 17 && n.reason == NoteReason::Overridden { by_line: 18 })
    );
    let os = inv.entries.iter().position(|e| e.name == "os").expect("os");
    let dup = inv
        .entries
        .iter()
        .position(|e| e.name == "dup")
        .expect("dup");
    assert_eq!(dup, os + 1);

    // Identical duplicates merge silently.
    let (inv, notes) = parse(
        &v2("a std:label -1 a.html -\na std:label -1 a.html -\n"),
        ParseMode::Sphinx,
    );
    assert_eq!(inv.entries.len(), 1);
    assert!(notes.is_empty());
}

#[test]
fn misparses_shared_and_fixed() {
    let (sphinx, notes) = parse(&v2(QUIRK_BODY), ParseMode::Sphinx);
    let lenient = quirks(ParseMode::Lenient);
    // ":b" has a colon, so Sphinx keeps its early split; lenient wants domain:role.
    assert_eq!(
        get(&sphinx, ":b", "a").expect("Sphinx's reading").location,
        "c"
    );
    assert_eq!(
        get(&lenient, "std:label", "a :b 1 c")
            .expect("lenient")
            .location,
        "loc"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.line_no == 19 && matches!(n.reason, NoteReason::Misparsed { .. }))
    );
    // "x:y 2 z" inside a name fools both readings (documented limit).
    for inv in [&sphinx, &lenient] {
        assert_eq!(get(inv, "x:y", "foo").expect("early split").location, "z");
    }
}

#[test]
fn splitlines_breaks_at_nel_ls_and_cr() {
    let (inv, notes) = parse(&v2(QUIRK_BODY), ParseMode::Sphinx);
    assert!(
        get(&inv, "std:label", "after-nel").is_some(),
        "U+0085 ends a line"
    );
    assert_eq!(
        get(&inv, "std:label", "ls-before")
            .expect("U+2028")
            .dispname
            .as_deref(),
        Some("Title"),
        "U+2028 cuts the display name"
    );
    assert!(
        get(&inv, "std:label", "after-cr").is_some(),
        "a lone \\r ends a line"
    );
    let no_match: Vec<(usize, &str)> = notes
        .iter()
        .filter(|n| n.reason == NoteReason::NoMatch)
        .map(|n| (n.line_no, n.text.as_str()))
        .collect();
    assert_eq!(
        no_match,
        [(21, "nel-before"), (24, "continued"), (32, "cr-before")]
    );
}

#[test]
fn priorities() {
    let (inv, notes) = parse(&v2(QUIRK_BODY), ParseMode::Sphinx);
    assert_eq!(
        get(&inv, "std:label", "arabic")
            .expect("\\d is Unicode")
            .priority,
        3
    );
    assert_eq!(
        get(&inv, "std:label", "big").expect("kept").priority,
        i32::MAX
    );
    assert!(
        notes
            .iter()
            .any(|n| n.line_no == 27 && n.reason == NoteReason::PriorityOutOfRange)
    );
}

#[test]
fn version_1() {
    let (inv, notes) = parse(V1, ParseMode::Sphinx);
    assert_eq!((inv.project.as_str(), inv.version.as_str()), ("old", "0.1"));
    // `mod` becomes py:module with a module- anchor; v1 has no first-wins rule.
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].line_no, &notes[0].reason),
        (4, &NoteReason::Overridden { by_line: 7 })
    );
    assert_eq!(
        get(&inv, "py:module", "os").expect("module").location,
        "again.html#module-os"
    );
    let func = get(&inv, "py:function", "os.path.join").expect("function");
    assert_eq!(func.location, "os.html#os.path.join");
    assert_eq!(func.dispname, None);
    // The third field takes the rest of the line.
    assert_eq!(
        get(&inv, "py:method", "str.split")
            .expect("method")
            .location,
        "builtins.html#str.split"
    );
    assert_eq!(inv.entries.len(), 4);

    // Sphinx refuses a version 1 file with a short line; lenient skips it.
    let short = [V1, b"lonely\n"].concat();
    assert!(matches!(
        Inventory::parse(&short, ParseMode::Sphinx),
        Err(Error::V1TooFewFields { line_no: 9, .. })
    ));
    let (inv, notes) = parse(&short, ParseMode::Lenient);
    assert_eq!(inv.entries.len(), 4);
    assert_eq!(
        (notes[1].line_no, &notes[1].reason),
        (9, &NoteReason::V1TooFewFields)
    );
}

#[test]
fn header_quirks() {
    let crlf = raw_v2(
        b"# Sphinx inventory version 2\r\n# Project: crlf\r\n# Version: 2.0\r\n# zlib\r\n",
        "a std:label -1 a.html -\r\n",
    );
    let (inv, _) = parse(&crlf, ParseMode::Sphinx);
    assert_eq!(
        (inv.project.as_str(), inv.version.as_str()),
        ("crlf", "2.0")
    );
    assert_eq!(inv.entries.len(), 1);

    // The first 11 bytes are dropped whatever they are.
    let tight = raw_v2(
        b"# Sphinx inventory version 2\n#Project: tight\n# Version:   spaced  \n# zlib\n",
        "a std:label -1 a.html -\n",
    );
    let (inv, _) = parse(&tight, ParseMode::Sphinx);
    assert_eq!(
        (inv.project.as_str(), inv.version.as_str()),
        ("ight", "  spaced")
    );

    // Bytes after the zlib stream are ignored, as by zlib.decompress.
    let trailing = [v2("a std:label -1 a.html -\n"), b"garbage".to_vec()].concat();
    assert_eq!(parse(&trailing, ParseMode::Sphinx).0.entries.len(), 1);
}

#[test]
fn errors_say_what_and_where() {
    let full = v2("a std:label -1 a.html -\nb std:label -1 b.html -\n");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"<!DOCTYPE html>\n".to_vec(),
            "not an inventory: first line is \"<!DOCTYPE html>\"",
        ),
        (
            b"# Sphinx inventory version 2\n# Project: x\n".to_vec(),
            "truncated header: line 3",
        ),
        (
            [HEADER, b"this is not zlib"].concat(),
            "zlib stream is corrupt at byte 1",
        ),
        (full[..full.len() - 3].to_vec(), "zlib stream is truncated"),
        (
            [HEADER, &zlib(b"a std:label -1 a.html -\nb\xff x:y 1 b -\n")].concat(),
            "line 6 is not valid UTF-8 (byte 25 of the decompressed body)",
        ),
        (
            b"# Sphinx inventory version 2\n# Project: x\n# Version: 1\n# gzip\n".to_vec(),
            "does not mention zlib",
        ),
        (
            b"# Sphinx inventory version 9\n".to_vec(),
            "unsupported inventory version \"9\"",
        ),
    ];
    for (bytes, want) in cases {
        for mode in [ParseMode::Sphinx, ParseMode::Lenient] {
            let err = Inventory::parse(&bytes, mode).expect_err(want).to_string();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
        }
    }
}

#[test]
fn case_insensitive_label_lookup_with_ambiguity() {
    let body = "Setup std:label -1 a.html#setup Setup A\nSETUP std:label -1 b.html#setup Setup B\nsetup-x std:doc -1 x.html X\n";
    let (inv, _) = parse(&v2(body), ParseMode::Sphinx);
    let found = inv.find("std", "label", "setup").expect("case-insensitive");
    assert!(found.is_ambiguous());
    assert_eq!(
        found.entry().location,
        "a.html#setup",
        "first in file order, as Sphinx"
    );
    let Found::CaseInsensitive { candidates, .. } = found else {
        panic!("not exact");
    };
    assert_eq!(candidates.len(), 2);
    assert!(
        matches!(inv.find("std", "label", "SETUP"), Some(Found::Exact(e)) if e.location == "b.html#setup")
    );
    assert!(inv.find("std", "doc", "SETUP-X").is_none());
}

fn entry(name: &str, objtype: &str, location: &str, dispname: Option<&str>) -> Entry {
    let (domain, role) = objtype.split_once(':').expect("domain:role");
    Entry {
        name: name.into(),
        domain: domain.into(),
        role: role.into(),
        priority: -1,
        location: location.into(),
        dispname: dispname.map(Into::into),
    }
}

#[test]
fn writer_shorthands_order_and_round_trip() {
    let mut inv = Inventory {
        project: "HA  Guide".into(),
        version: "2025.1".into(),
        entries: vec![
            entry("search", "std:label", "search.html", Some("Search Page")),
            entry("index", "std:doc", "index.html", Some("Home")),
            entry("genindex", "std:label", "genindex.html", Some("Index")),
            entry(
                "ha-overview",
                "std:label",
                "intro/overview.html#ha-overview",
                Some("Overview"),
            ),
            entry(
                "Virtual IP",
                "std:term",
                "glossary.html#term-Virtual-IP",
                None,
            ),
            entry("os", "py:module", "os.html#module-os", None),
        ],
    };
    let bytes = inv.to_bytes().expect("writable");
    let header = b"# Sphinx inventory version 2\n# Project: HA Guide\n# Version: 2025.1\n# The remainder of this file is compressed using zlib.\n";
    assert!(bytes.starts_with(header));
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::ZlibDecoder::new(&bytes[header.len()..]),
        &mut text,
    )
    .expect("zlib");
    assert_eq!(
        text,
        // Domains by name, then names (code point order: "V" < "g"), the
        // role only after that. "term-Virtual-IP" does not end with the
        // name, so no "$"; "Virtual IP" with "-": same as the name.
        "os py:module -1 os.html#module-$ -\n\
         Virtual IP std:term -1 glossary.html#term-Virtual-IP -\n\
         genindex std:label -1 genindex.html Index\n\
         ha-overview std:label -1 intro/overview.html#$ Overview\n\
         index std:doc -1 index.html Home\n\
         search std:label -1 search.html Search Page\n"
    );
    let (back, notes) = parse(&bytes, ParseMode::Sphinx);
    assert!(notes.is_empty());
    inv.sort_like_sphinx();
    inv.project = "HA Guide".into();
    assert_eq!(back, inv);
}

#[test]
fn writer_refuses_duplicates_and_newlines() {
    let inv = Inventory {
        project: "p".into(),
        version: String::new(),
        entries: vec![
            entry("a", "std:label", "a.html", None),
            entry("a", "std:label", "b.html", None),
        ],
    };
    assert!(matches!(
        inv.to_bytes(),
        Err(WriteError::Duplicate {
            first: 0,
            second: 1,
            ..
        })
    ));
    let inv = Inventory {
        project: "p".into(),
        version: String::new(),
        entries: vec![entry("a\nb", "std:label", "a.html", None)],
    };
    let err = inv.to_bytes().expect_err("newline").to_string();
    assert!(err.contains("line break"), "{err}");
}
