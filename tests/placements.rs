//! The pages' expected `pcs status` / `crm status` output agrees with where `crm_simulate`
//! placed the resources of the Pacemaker sequence they follow (snippet.toml `placement_of`).
//!
//! The placements come from the committed verification record, which CI regenerates with the
//! real tools and compares (ci/test.sh), so a page cannot show resources where Pacemaker would
//! not put them.

mod common;

use haguide_snippets::verification::{BookReport, placement_mismatches};

#[test]
fn status_transcripts_match_the_simulated_placements() {
    let root = common::repo_root();
    let (engine, profile) = haguide::snippet_cmd::load(&root, None).expect("load the catalog");
    let text = std::fs::read_to_string(root.join("reports/verification.json"))
        .expect("reports/verification.json");
    let report: BookReport = serde_json::from_str(&text).expect("a verification record");
    let mut compared = 0;
    let mut problems = Vec::new();
    for (id, snippet) in &engine.catalog().snippets {
        let Some(sequence) = &snippet.meta.placement_of else {
            continue;
        };
        for v in engine.variants(id, &profile).expect("variants") {
            let shown = engine.render(id, &v, &profile).expect("render");
            // Every recorded placement of the sequence whose variant agrees with this one on
            // the axes both have (a `tool=pcs` transcript follows every distro's pcs run).
            let variant = v.to_string();
            let wanted: Vec<&str> = variant.split(',').filter(|s| !s.is_empty()).collect();
            let matching: Vec<_> = report
                .placements
                .iter()
                .filter(|p| &p.id == sequence)
                .filter(|p| {
                    wanted.iter().all(|kv| {
                        let axis = kv.split('=').next().unwrap_or_default();
                        !p.variant.contains(&format!("{axis}="))
                            || p.variant.split(',').any(|x| x == *kv)
                    })
                })
                .collect();
            if matching.is_empty() {
                problems.push(format!(
                    "{id} [{variant}]: no placement of `{sequence}` in reports/verification.json"
                ));
            }
            for p in matching {
                for m in placement_mismatches(&shown.text, &p.actions) {
                    problems.push(format!(
                        "{id} [{variant}] after {} [{}]: {m}",
                        p.id, p.variant
                    ));
                }
                compared += 1;
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(compared > 0, "no snippet declares placement_of");
}
