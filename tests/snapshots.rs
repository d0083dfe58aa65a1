//! An insta snapshot of every rendered config: every snippet × variant of the catalog with the
//! default profile. The list comes from the catalog, so a new snippet is covered without editing
//! this file, and a snapshot whose snippet is gone fails the stale-snapshot test.

mod common;

use std::collections::BTreeSet;

fn snapshot_name(id: &str, slug: &str) -> String {
    format!("{}@{}", id.replace('/', "__"), slug)
}

#[test]
fn every_rendered_config_matches_its_snapshot() {
    let (engine, profile) =
        haguide::snippet_cmd::load(&common::repo_root(), None).expect("load the catalog");
    let mut count = 0;
    insta::with_settings!({ snapshot_path => "snapshots/configs", prepend_module_to_snapshot => false, omit_expression => true }, {
        for id in engine.catalog().snippets.keys() {
            for v in engine.variants(id, &profile).expect("variants") {
                let r = engine.render(id, &v, &profile).unwrap_or_else(|e| panic!("{e}"));
                let header = format!("# {} [{}] {}\n", r.id, r.variant, r.target());
                insta::assert_snapshot!(snapshot_name(id, &v.slug()), format!("{header}{}", r.text));
                count += 1;
            }
        }
    });
    assert!(count > 0, "the catalog is empty");
}

#[test]
fn no_snapshot_is_stale() {
    let (engine, profile) =
        haguide::snippet_cmd::load(&common::repo_root(), None).expect("load the catalog");
    let mut expected = BTreeSet::new();
    for id in engine.catalog().snippets.keys() {
        for v in engine.variants(id, &profile).expect("variants") {
            expected.insert(format!("{}.snap", snapshot_name(id, &v.slug())));
        }
    }
    let dir = common::repo_root().join("tests/snapshots/configs");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".snap"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|n| !expected.contains(n))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots without a snippet variant (delete them): {stale:?}"
    );
}
