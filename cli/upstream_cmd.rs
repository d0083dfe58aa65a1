//! `haguide snippet check --upstream`: every snippet × variant through its upstream tool.
//!
//! Rendering (with the native validators) happens first, in order; the upstream checks then run
//! on `--jobs` threads, since each one is a short-lived process tree (50 ms to 2 s).

use anyhow::{Context, Result, bail};
use haguide_snippets::{Engine, Profile, Variant};
use haguide_upstream::{Earlier, Input, Outcome};
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One rendered snippet variant to check.
pub struct Job {
    /// Snippet id.
    pub id: String,
    /// Variant (`tool=pcs`, `default`).
    pub variant: String,
    /// Concrete format name (`pcs`, not `cluster`).
    pub format: haguide_snippets::Format,
    /// The file it is for, or where its commands run.
    pub target: String,
    /// True when `target` is a file path.
    pub is_file: bool,
    /// Rendered text.
    pub text: String,
    /// The `after` chain, rendered in the matching variant, in run order.
    pub earlier: Vec<Earlier>,
    /// The OpenStack release of the variant, if it varies on the release.
    pub release: Option<String>,
}

/// A job and its outcome.
pub struct Checked {
    /// What was checked.
    pub job: Job,
    /// What the tool said.
    pub outcome: Outcome,
}

/// Renders every snippet variant of the catalog into jobs.
pub fn jobs(engine: &Engine, profile: &Profile) -> Result<Vec<Job>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for id in engine.catalog().snippets.keys() {
        for v in engine.variants(id, profile)? {
            match job(engine, profile, id, &v) {
                Ok(j) => out.push(j),
                Err(e) => errors.push(format!("{id} [{v}]: {e:#}")),
            }
        }
    }
    if !errors.is_empty() {
        bail!(
            "{} snippet variant(s) do not render (fix these first; `haguide snippet render` shows them):\n{}",
            errors.len(),
            errors.join("\n")
        );
    }
    Ok(out)
}

/// The jobs of the snippets `ids` names (ids, or groups ending in `/`); all of them when `ids`
/// is empty. A name that matches nothing is an error with the nearest id.
pub fn only(jobs: Vec<Job>, ids: &[String], engine: &Engine) -> Result<Vec<Job>> {
    if ids.is_empty() {
        return Ok(jobs);
    }
    let matches = |wanted: &str, id: &str| match wanted.strip_suffix('/') {
        Some(group) => id.starts_with(group) && id[group.len()..].starts_with('/'),
        None => id == wanted,
    };
    let known: Vec<&str> = engine
        .catalog()
        .snippets
        .keys()
        .map(String::as_str)
        .collect();
    for wanted in ids {
        if !known.iter().any(|id| matches(wanted, id)) {
            let help = haguide_snippets::diag::best_match_hint(wanted, known.iter().copied())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            bail!("no snippet `{wanted}`{help}");
        }
    }
    Ok(jobs
        .into_iter()
        .filter(|j| ids.iter().any(|w| matches(w, &j.id)))
        .collect())
}

fn job(engine: &Engine, profile: &Profile, id: &str, v: &Variant) -> Result<Job> {
    let r = engine.render(id, v, profile)?;
    let mut earlier = Vec::new();
    let mut seen = BTreeSet::new();
    predecessors(engine, profile, id, v, 0, &mut seen, &mut earlier)?;
    Ok(Job {
        id: r.id.clone(),
        variant: r.variant.to_string(),
        format: r.format.clone(),
        target: r.target(),
        is_file: r.file.is_some(),
        text: r.text,
        earlier,
        release: v.get("release").map(str::to_string),
    })
}

/// The `after` chain of `id`, depth first (a predecessor's predecessors before it), each in the
/// variant that agrees with `v`, each snippet once.
fn predecessors(
    engine: &Engine,
    profile: &Profile,
    id: &str,
    v: &Variant,
    depth: usize,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<Earlier>,
) -> Result<()> {
    if depth > 8 {
        bail!("`after` chain of {id} is longer than 8 snippets or loops");
    }
    let snippet = engine.catalog().get(id)?;
    for before in &snippet.meta.after {
        let candidates = engine.variants(before, profile)?;
        let Some(bv) = v.select(&candidates) else {
            continue;
        };
        predecessors(engine, profile, before, bv, depth + 1, seen, out)?;
        if seen.insert(before.clone()) {
            let r = engine
                .render(before, bv, profile)
                .with_context(|| format!("rendering `after` predecessor {before} [{bv}]"))?;
            out.push(Earlier {
                id: before.clone(),
                file: r.file.clone(),
                text: r.text,
            });
        }
    }
    Ok(())
}

/// Runs the upstream check of every job on `threads` threads; results are in job order.
pub fn run(jobs: Vec<Job>, nodes: &[String], threads: usize) -> Vec<Checked> {
    let bar = crate::progress::bar(jobs.len() as u64, "Checking");
    // Pacemaker sequences take seconds (pcs is a Python start per command), everything else
    // milliseconds: start the long ones first so the threads finish together.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| {
        !jobs.get(i).is_some_and(|j| {
            matches!(
                j.format,
                haguide_snippets::Format::Pcs | haguide_snippets::Format::Crmsh
            )
        })
    });
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&i) = order.get(n) else { break };
                    let Some(job) = jobs.get(i) else { break };
                    bar.set_message(format!("{} [{}]", job.id, job.variant));
                    let outcome = haguide_upstream::check(&input(job, nodes));
                    if let Ok(mut r) = results.lock()
                        && let Some(slot) = r.get_mut(i)
                    {
                        *slot = Some(outcome);
                    }
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    jobs.into_iter()
        .zip(results)
        .map(|(job, outcome)| {
            // A slot is empty only if its thread panicked: report that, never a pass.
            let outcome = outcome.unwrap_or_else(|| {
                Outcome::broken("the check of this variant panicked; see the message above")
            });
            Checked { job, outcome }
        })
        .collect()
}

fn input<'a>(job: &'a Job, nodes: &'a [String]) -> Input<'a> {
    Input {
        text: &job.text,
        format: &job.format,
        target: job.is_file.then_some(job.target.as_str()),
        id: &job.id,
        variant: &job.variant,
        earlier: &job.earlier,
        nodes,
        release: job.release.as_deref(),
    }
}

/// The profile's controller names: the nodes of the offline CIB.
pub fn nodes(profile: &Profile) -> Vec<String> {
    profile.controllers.iter().map(|c| c.name.clone()).collect()
}

/// A sensible default for `--jobs`: the machine's cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(2)
}
