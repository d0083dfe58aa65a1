//! The lab's measured figures in the book: `{{#lab-results}}` (every scenario),
//! `{{#lab-results SCENARIO}}` (one), and `{{#lab-chart SCENARIO/CASE}}` (one failover timeline).
//!
//! `haguide lab run` writes `reports/lab/results.json` and one SVG per failover case under
//! `reports/lab/charts/`; those committed files are what the book shows, so the page states only
//! what a lab run measured. The record's types live here because both the writer (the CLI) and
//! the reader (this preprocessor) need them, and the CLI already depends on this crate.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where the committed record lives, relative to the book's root.
pub const RESULTS_DIR: &str = "reports/lab";
/// The record's file name in [`RESULTS_DIR`].
pub const RESULTS_FILE: &str = "results.json";

/// One lab run: every scenario that ran, with the tools and the date.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LabResults {
    /// UTC date and time of the run, `YYYY-MM-DDTHH:MM:SSZ`.
    pub date: String,
    /// The machine, in a few words (`Debian GNU/Linux 12 (bookworm), 2 cores`).
    pub machine: String,
    /// Tool name to version, as the tools report them.
    pub tools: Vec<(String, String)>,
    /// The profile the snippets were rendered with.
    pub profile: String,
    /// True when every scenario passed.
    pub passed: bool,
    /// The scenarios in the order they ran.
    pub scenarios: Vec<ScenarioResult>,
}

/// One scenario (`vip`, `galera`, `rabbitmq`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScenarioResult {
    pub scenario: String,
    /// When this scenario ran (a run of some scenarios keeps the others' older figures).
    #[serde(default)]
    pub date: String,
    /// What it sets up, one sentence.
    pub description: String,
    pub passed: bool,
    /// Why the scenario stopped early, if it did.
    pub error: Option<String>,
    /// A deliberate break applied to the configs (`--break vrid`), if any.
    #[serde(default)]
    pub broken: Option<String>,
    pub cases: Vec<CaseResult>,
    /// Every mechanical change made to a rendered snippet before it ran.
    pub rewrites: Vec<Rewrite>,
    /// Measured facts worth a sentence that are not a bound (a duplicate VIP, who held what).
    pub notes: Vec<String>,
}

/// One failure and what the clients saw.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CaseResult {
    /// Short id, also the chart's name: `keepalived-stop`.
    pub case: String,
    /// What was done, for a table: `keepalived stopped cleanly on the VIP holder`.
    pub title: String,
    pub passed: bool,
    pub measured: Vec<Measure>,
    /// The chart's path relative to [`RESULTS_DIR`], when the case has a timeline.
    pub chart: Option<String>,
}

/// One measured value, with its bound when the issue sets one.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Measure {
    /// `vip_back_s`, `failed_requests`, `rows_lost`...
    pub name: String,
    pub value: f64,
    /// `s`, `requests`, `rows`, `messages`, `nodes`.
    pub unit: String,
    pub bound: Option<Bound>,
}

/// An upper bound (`value < limit`, or `value <= limit` when `inclusive`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Bound {
    pub limit: f64,
    pub inclusive: bool,
}

impl Bound {
    pub fn below(limit: f64) -> Bound {
        Bound {
            limit,
            inclusive: false,
        }
    }
    pub fn at_most(limit: f64) -> Bound {
        Bound {
            limit,
            inclusive: true,
        }
    }
    pub fn holds(&self, value: f64) -> bool {
        if self.inclusive {
            value <= self.limit
        } else {
            value < self.limit
        }
    }
    fn text(&self, unit: &str) -> String {
        let op = if self.inclusive { "≤" } else { "<" };
        format!("{op} {}", with_unit(self.limit, unit))
    }
}

impl Measure {
    /// False only when a bound exists and the value misses it.
    pub fn passed(&self) -> bool {
        self.bound.as_ref().is_none_or(|b| b.holds(self.value))
    }
}

/// A mechanical change to a rendered snippet, recorded so a reader can see exactly what ran.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rewrite {
    pub snippet: String,
    pub change: String,
    pub reason: String,
}

fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "s" => format!("{v:.2} s"),
        _ if v.fract() == 0.0 => format!("{v:.0} {unit}"),
        _ => format!("{v:.2} {unit}"),
    }
}

impl LabResults {
    /// The Markdown the book shows (and `results.md` holds): one table per scenario, then the
    /// notes, the rewrites, the tools and the date. `only` limits it to one scenario.
    pub fn to_markdown(&self, only: Option<&str>) -> String {
        let mut out = String::new();
        for s in self
            .scenarios
            .iter()
            .filter(|s| only.is_none_or(|o| o == s.scenario))
        {
            out.push_str(&format!(
                "**Scenario `{}`** ({}, {}): {}\n\n",
                s.scenario,
                if s.passed { "passed" } else { "FAILED" },
                s.date,
                s.description
            ));
            if let Some(b) = &s.broken {
                out.push_str(&format!("Deliberately broken: {b}.\n\n"));
            }
            if let Some(e) = &s.error {
                out.push_str(&format!("Stopped early: {}\n\n", e.replace('\n', " ")));
            }
            if !s.cases.is_empty() {
                out.push_str("| Case | Measured | Bound | Result |\n|---|---|---|---|\n");
                for c in &s.cases {
                    let measured: Vec<String> = c
                        .measured
                        .iter()
                        .map(|m| {
                            format!(
                                "{}: {}",
                                m.name.replace('_', " "),
                                with_unit(m.value, &m.unit)
                            )
                        })
                        .collect();
                    let bounds: Vec<String> = c
                        .measured
                        .iter()
                        .filter_map(|m| {
                            m.bound.as_ref().map(|b| {
                                format!("{} {}", m.name.replace('_', " "), b.text(&m.unit))
                            })
                        })
                        .collect();
                    out.push_str(&format!(
                        "| {} | {} | {} | {} |\n",
                        c.title,
                        measured.join("<br>"),
                        if bounds.is_empty() {
                            "—".to_string()
                        } else {
                            bounds.join("<br>")
                        },
                        if c.passed { "pass" } else { "**FAIL**" }
                    ));
                }
                out.push('\n');
            }
            for n in &s.notes {
                out.push_str(&format!("- {n}\n"));
            }
            if !s.notes.is_empty() {
                out.push('\n');
            }
            if !s.rewrites.is_empty() {
                out.push_str("Changes made to the rendered snippets before they ran:\n\n");
                for r in &s.rewrites {
                    out.push_str(&format!("- `{}`: {} ({})\n", r.snippet, r.change, r.reason));
                }
                out.push('\n');
            }
        }
        let tools: Vec<String> = self.tools.iter().map(|(k, v)| format!("{k} {v}")).collect();
        out.push_str(&format!(
            "Last run {} on {}, profile `{}`, with {}.\n",
            self.date,
            self.machine,
            self.profile,
            tools.join(", ")
        ));
        out
    }
}

/// The book's root: the nearest directory above `src_dir` (inclusive) that has a `book.toml`.
fn book_root(src_dir: &Path) -> PathBuf {
    src_dir
        .ancestors()
        .find(|d| d.join("book.toml").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| src_dir.parent().unwrap_or(src_dir).to_path_buf())
}

type DirectiveError = (String, Option<String>);

fn help_run() -> Option<String> {
    Some(format!(
        "run `sudo ./target/debug/haguide lab run` (or `bash ci/lab.sh`) and commit {RESULTS_DIR}/"
    ))
}

/// Reads the committed record.
pub fn load(root: &Path) -> Result<LabResults, DirectiveError> {
    let path = root.join(RESULTS_DIR).join(RESULTS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        (
            format!("cannot read the lab record {}: {e}", path.display()),
            help_run(),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        (
            format!("{} is not a lab record: {e}", path.display()),
            help_run(),
        )
    })
}

/// Expands `lab-results` and `lab-chart`.
pub fn expand(
    name: &str,
    args: &[String],
    src_dir: &Path,
    renderer: &str,
) -> Result<String, DirectiveError> {
    let root = book_root(src_dir);
    let results = load(&root)?;
    match name {
        "lab-results" => match args {
            [] => Ok(results.to_markdown(None)),
            [scenario] => {
                if !results.scenarios.iter().any(|s| &s.scenario == scenario) {
                    return Err((
                        format!("the lab record has no scenario `{scenario}`"),
                        Some(format!("it has: {}", names(&results))),
                    ));
                }
                Ok(results.to_markdown(Some(scenario)))
            }
            _ => Err(("`{{#lab-results}}` takes at most one scenario".into(), None)),
        },
        "lab-chart" => {
            let [id] = args else {
                return Err((
                    "`{{#lab-chart}}` takes one SCENARIO/CASE".into(),
                    Some("write `{{#lab-chart vip/keepalived-stop}}`".into()),
                ));
            };
            let Some((scenario, case)) = id.split_once('/') else {
                return Err((format!("`{id}` is not SCENARIO/CASE"), None));
            };
            let found = results
                .scenarios
                .iter()
                .find(|s| s.scenario == scenario)
                .and_then(|s| s.cases.iter().find(|c| c.case == case));
            let Some(c) = found else {
                return Err((
                    format!("the lab record has no case `{id}`"),
                    Some(format!("it has: {}", names(&results))),
                ));
            };
            let Some(chart) = &c.chart else {
                return Err((format!("the lab case `{id}` has no chart"), None));
            };
            let path = root.join(RESULTS_DIR).join(chart);
            let svg = std::fs::read_to_string(&path).map_err(|e| {
                (
                    format!("cannot read the lab chart {}: {e}", path.display()),
                    help_run(),
                )
            })?;
            let start = svg
                .find("<svg")
                .ok_or_else(|| (format!("{} is not an SVG file", path.display()), help_run()))?;
            // One line, so Markdown takes the whole SVG as a single HTML block.
            let inline: String = svg[start..]
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ");
            Ok(match renderer {
                "test" => String::new(),
                _ => format!(
                    "\n<figure class=\"hg-figure hg-lab-chart\" id=\"lab-{}\">{inline}<figcaption>{}</figcaption></figure>\n",
                    id.replace('/', "-"),
                    c.title
                ),
            })
        }
        other => Err((format!("unknown lab directive `{other}`"), None)),
    }
}

fn names(r: &LabResults) -> String {
    let mut out = Vec::new();
    for s in &r.scenarios {
        out.push(s.scenario.clone());
        for c in &s.cases {
            if c.chart.is_some() {
                out.push(format!("{}/{}", s.scenario, c.case));
            }
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> LabResults {
        LabResults {
            date: "2026-01-01T00:00:00Z".into(),
            machine: "test".into(),
            tools: vec![("keepalived".into(), "2.2.7".into())],
            profile: "snippets/profiles/lab.toml".into(),
            passed: true,
            scenarios: vec![ScenarioResult {
                scenario: "vip".into(),
                date: "2026-01-01T00:00:00Z".into(),
                description: "keepalived".into(),
                passed: true,
                error: None,
                broken: None,
                cases: vec![CaseResult {
                    case: "keepalived-stop".into(),
                    title: "clean stop".into(),
                    passed: true,
                    measured: vec![Measure {
                        name: "vip_back_s".into(),
                        value: 0.6,
                        unit: "s".into(),
                        bound: Some(Bound::below(1.0)),
                    }],
                    chart: Some("charts/vip-keepalived-stop.svg".into()),
                }],
                rewrites: vec![],
                notes: vec!["a note".into()],
            }],
        }
    }

    #[test]
    fn bounds() {
        assert!(Bound::below(1.0).holds(0.99));
        assert!(!Bound::below(1.0).holds(1.0));
        assert!(Bound::at_most(0.0).holds(0.0));
        assert!(!Bound::at_most(0.0).holds(1.0));
    }

    #[test]
    fn markdown_table() {
        let md = sample().to_markdown(None);
        assert!(
            md.contains("| clean stop | vip back s: 0.60 s | vip back s < 1.00 s | pass |"),
            "{md}"
        );
        assert!(md.contains("- a note"));
        assert!(md.contains("keepalived 2.2.7"));
    }

    #[test]
    fn missing_record_is_an_error_with_help() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("book.toml"), "").expect("write");
        std::fs::create_dir(dir.path().join("src")).expect("mkdir");
        let err =
            expand("lab-results", &[], &dir.path().join("src"), "html").expect_err("no record");
        assert!(err.0.contains("cannot read the lab record"), "{}", err.0);
        assert!(err.1.is_some());
    }

    #[test]
    fn chart_and_unknown_case() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("book.toml"), "").expect("write");
        std::fs::create_dir_all(root.join("src")).expect("mkdir");
        std::fs::create_dir_all(root.join("reports/lab/charts")).expect("mkdir");
        std::fs::write(
            root.join("reports/lab/results.json"),
            serde_json::to_string(&sample()).expect("json"),
        )
        .expect("write");
        let src = root.join("src");
        // The record names a chart that is not there.
        let err =
            expand("lab-chart", &["vip/keepalived-stop".into()], &src, "html").expect_err("no svg");
        assert!(err.0.contains("cannot read the lab chart"), "{}", err.0);
        std::fs::write(
            root.join("reports/lab/charts/vip-keepalived-stop.svg"),
            "<?xml version=\"1.0\"?>\n<svg width=\"1\">\n<rect/>\n</svg>\n",
        )
        .expect("write");
        let html =
            expand("lab-chart", &["vip/keepalived-stop".into()], &src, "html").expect("chart");
        assert!(html.contains("<svg width=\"1\"> <rect/> </svg>"), "{html}");
        assert!(!html.contains("<?xml"));
        assert_eq!(
            expand("lab-chart", &["vip/keepalived-stop".into()], &src, "test").expect("test"),
            ""
        );
        let err = expand("lab-chart", &["vip/nope".into()], &src, "html").expect_err("unknown");
        assert!(
            err.1
                .as_deref()
                .is_some_and(|h| h.contains("vip/keepalived-stop"))
        );
        let err = expand("lab-results", &["nope".into()], &src, "html").expect_err("unknown");
        assert!(err.0.contains("no scenario `nope`"));
    }
}
