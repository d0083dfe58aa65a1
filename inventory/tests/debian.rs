//! The committed Debian inventories (see tests/data/debian/VERSIONS), read in
//! both modes without Python. The Sphinx-mode counts were measured with
//! Sphinx 9.0.4's own loader (tests/sphinx_dump.py); sphinx_parity.rs checks
//! them entry for entry when a Sphinx venv is available.

mod common;

use std::io::Read;

use haguide_inventory::{Found, Inventory, NoteReason, ParseMode};

/// (file stem, project, entries Sphinx loads, entries the lenient mode keeps).
const EXPECTED: &[(&str, &str, usize, usize)] = &[
    ("ceilometer-doc", "ceilometer", 110, 110),
    ("cinder-doc", "cinder", 5084, 5084),
    ("glance-doc", "glance", 2831, 2833),
    ("heat-doc", "openstack-heat", 3721, 3721),
    ("keystone-doc", "keystone", 3821, 3821),
    ("neutron-doc", "neutron", 559, 559),
    ("nova-doc", "nova", 753, 753),
    ("placement-doc", "openstack-placement", 65, 65),
    ("swift-doc-api-ref", "swift", 5, 22),
    ("swift-doc-base", "swift", 2192, 2192),
];

fn load(stem: &str, mode: ParseMode) -> Inventory {
    let path = format!(
        "{}/tests/data/debian/{stem}.inv",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Inventory::parse(&bytes, mode)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .0
}

#[test]
fn every_committed_inventory_has_the_measured_counts() {
    let stems: Vec<String> = common::debian_inventories()
        .into_iter()
        .map(|(stem, _)| stem)
        .collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|row| row.0).collect();
    assert_eq!(
        stems, expected,
        "every committed inventory needs a row here"
    );

    for &(stem, project, sphinx_count, lenient_count) in EXPECTED {
        let path = format!(
            "{}/tests/data/debian/{stem}.inv",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).expect("committed test data");
        let (sphinx, sphinx_notes) = Inventory::parse(&bytes, ParseMode::Sphinx).expect(stem);
        let (lenient, lenient_notes) = Inventory::parse(&bytes, ParseMode::Lenient).expect(stem);
        println!(
            "{stem}: project {:?}, Sphinx mode {}, lenient {}, notes {}",
            sphinx.project,
            sphinx.entries.len(),
            lenient.entries.len(),
            sphinx_notes.len()
        );
        assert_eq!(sphinx.project, project, "{stem}");
        assert_eq!(
            sphinx.version, "",
            "{stem}: Debian builds leave the version empty"
        );
        assert_eq!(sphinx.entries.len(), sphinx_count, "{stem} in Sphinx mode");
        assert_eq!(
            lenient.entries.len(),
            lenient_count,
            "{stem} in lenient mode"
        );
        // Notes describe Sphinx, so they do not depend on the mode here, and
        // each recovered line has one.
        assert_eq!(sphinx_notes, lenient_notes, "{stem}");
        assert_eq!(sphinx_notes.len(), lenient_count - sphinx_count, "{stem}");
        for note in &sphinx_notes {
            assert!(
                matches!(
                    note.reason,
                    NoteReason::EmptyDisplayName
                        | NoteReason::TypeWithoutColon {
                            recovered: true,
                            ..
                        }
                ),
                "{stem}: {note}"
            );
        }
        // Everything Sphinx loads, the lenient mode loads the same way.
        for entry in &sphinx.entries {
            assert!(lenient.entries.contains(entry), "{stem}: {entry}");
        }
    }
}

#[test]
fn install_guide_labels_resolve() {
    let cases = [
        (
            "keystone-doc",
            "keystone-install-configure-ubuntu",
            "install/keystone-install-ubuntu.html#keystone-install-configure-ubuntu",
            "Install and configure components",
        ),
        (
            "keystone-doc",
            "redhat_configure_apache",
            "install/keystone-install-rdo.html#redhat-configure-apache",
            "Configure the Apache HTTP server",
        ),
        (
            "nova-doc",
            "overview-example-architectures",
            "install/overview.html#overview-example-architectures",
            "Example architecture",
        ),
        (
            "nova-doc",
            "verify-install-nova-status",
            "install/verify.html#verify-install-nova-status",
            "verify-install-nova-status",
        ),
        (
            "neutron-doc",
            "networking-ubuntu",
            "install/install-ubuntu.html#networking-ubuntu",
            "Install and configure for Ubuntu",
        ),
        (
            "cinder-doc",
            "cinder-verify",
            "install/cinder-verify.html#cinder-verify",
            "Verify Cinder operation",
        ),
        (
            "ceilometer-doc",
            "install_controller",
            "install/install-controller.html#install-controller",
            "Install and Configure Controller Services",
        ),
        (
            "heat-doc",
            "install-ubuntu",
            "install/install-ubuntu.html#install-ubuntu",
            "Install and configure for Ubuntu",
        ),
        (
            "swift-doc-base",
            "controller-ubuntu",
            "install/controller-install-ubuntu.html#controller-ubuntu",
            "Install and configure the controller node for Ubuntu",
        ),
    ];
    for (stem, label, location, title) in cases {
        let inv = load(stem, ParseMode::Sphinx);
        let found = inv
            .find("std", "label", label)
            .unwrap_or_else(|| panic!("{stem}: {label}"));
        assert!(matches!(found, Found::Exact(_)), "{stem}: {label}");
        assert_eq!(found.entry().location, location, "{stem}: {label}");
        assert_eq!(found.entry().display_name(), title, "{stem}: {label}");

        // Labels also match case-insensitively, as intersphinx does.
        let upper = inv
            .find("std", "label", &label.to_uppercase())
            .expect("case-insensitive");
        assert!(matches!(upper, Found::CaseInsensitive { .. }));
        assert_eq!(upper.entry().location, location);
    }
    let keystone = load("keystone-doc", ParseMode::Sphinx);
    let entry = keystone
        .find("std", "label", "keystone-install-configure-ubuntu")
        .expect("known label")
        .entry();
    assert_eq!(
        entry.url("https://docs.openstack.org/keystone/latest/"),
        "https://docs.openstack.org/keystone/latest/install/keystone-install-ubuntu.html#keystone-install-configure-ubuntu"
    );
    let doc = keystone
        .find("std", "doc", "install/keystone-install-ubuntu")
        .expect("known document");
    assert_eq!(doc.entry().location, "install/keystone-install-ubuntu.html");
    assert!(
        keystone
            .find("std", "doc", "INSTALL/keystone-install-ubuntu")
            .is_none(),
        "documents are case-sensitive"
    );
}

#[test]
fn glance_word_digits_word_terms_only_in_lenient_mode() {
    let sphinx = load("glance-doc", ParseMode::Sphinx);
    let lenient = load("glance-doc", ParseMode::Lenient);
    for (term, anchor) in [
        (
            "QEMU Copy On Write 2 (QCOW2)",
            "glossary.html#term-QEMU-Copy-On-Write-2-QCOW2",
        ),
        (
            "Modular Layer 2 (ML2) neutron plug-in",
            "glossary.html#term-Modular-Layer-2-ML2-neutron-plug-in",
        ),
    ] {
        assert!(
            sphinx.find("std", "term", term).is_none(),
            "Sphinx 9 drops {term:?}"
        );
        let found = lenient.find("std", "term", term).expect(term);
        assert_eq!(found.entry().location, anchor);
        assert_eq!(found.entry().dispname, None);
    }
}

#[test]
fn swift_api_ref_lines_without_display_name() {
    let sphinx = load("swift-doc-api-ref", ParseMode::Sphinx);
    let lenient = load("swift-doc-api-ref", ParseMode::Lenient);
    let name = "copy-object-ae07cb8757b493b7078209ef679eaec538afe34f-selector";
    assert!(sphinx.find("std", "label", name).is_none());
    let entry = lenient.find("std", "label", name).expect("kept").entry();
    assert_eq!(entry.location, format!("index.html#{name}"));
    assert_eq!(entry.dispname, None);
    assert_eq!(entry.display_name(), name);
    let kept: Vec<&str> = sphinx.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(kept.len(), 5, "{kept:?}");
}

/// The decompressed text of a committed inventory.
fn body_text(stem: &str) -> String {
    let path = format!(
        "{}/tests/data/debian/{stem}.inv",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("committed test data");
    decompressed_body(&bytes)
}

fn decompressed_body(bytes: &[u8]) -> String {
    let start = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(3)
        .expect("four header lines")
        .0
        + 1;
    let mut text = String::new();
    flate2::read::ZlibDecoder::new(&bytes[start..])
        .read_to_string(&mut text)
        .expect("valid zlib and UTF-8");
    text
}

#[test]
fn rewriting_reproduces_what_sphinx_wrote() {
    // Sphinx (of whatever version Debian used) wrote these files; where
    // Sphinx can read every line back, our writer must produce the very
    // same text: order, `$` and `-` shorthands, priorities.
    for &(stem, _, sphinx_count, lenient_count) in EXPECTED {
        let inv = load(stem, ParseMode::Sphinx);
        let written = inv.to_bytes().unwrap_or_else(|e| panic!("{stem}: {e}"));
        if sphinx_count == lenient_count {
            assert!(
                body_text(stem) == decompressed_body(&written),
                "{stem}: rewritten text differs from Sphinx's"
            );
        }
        let header_end = written.iter().filter(|&&b| b == b'\n').take(4).count();
        assert_eq!(header_end, 4);
        assert!(written.starts_with(
            format!("# Sphinx inventory version 2\n# Project: {}\n# Version: \n# The remainder of this file is compressed using zlib.\n", inv.project).as_bytes()
        ));
    }
}

#[test]
fn round_trip_in_both_modes() {
    for &(stem, ..) in EXPECTED {
        for mode in [ParseMode::Sphinx, ParseMode::Lenient] {
            let mut inv = load(stem, mode);
            inv.sort_like_sphinx();
            let bytes = match inv.to_bytes() {
                Ok(bytes) => bytes,
                // The writer refuses what Sphinx 9 would drop on reading,
                // which are exactly glance's "word 2 word" terms.
                Err(e) if stem == "glance-doc" && mode == ParseMode::Lenient => {
                    assert!(e.to_string().contains("Sphinx would skip the line"), "{e}");
                    continue;
                }
                Err(e) => panic!("{stem} {mode:?}: {e}"),
            };
            let (back, notes) = Inventory::parse(&bytes, ParseMode::Sphinx).expect("own output");
            assert!(notes.is_empty(), "{stem} {mode:?}: {notes:?}");
            assert!(
                back == inv,
                "{stem} {mode:?}: round trip changed the inventory"
            );
        }
    }
}
