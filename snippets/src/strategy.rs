//! The HA strategy of every service: which processes run where, in which mode, and how they are
//! made highly available.
//!
//! Each service has one TOML file in the services directory (`snippets/services/nova.toml`). The
//! service's own page shows its rows with `{{#ha-strategy nova}}` and the operations chapter shows
//! every row with `{{#ha-strategy}}`, so the table and the pages read the same data and cannot
//! drift apart.

use crate::diag::{did_you_mean, line_of};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How a process is made highly available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Mode {
    /// Every copy serves at once; any copy can take any request.
    ActiveActive,
    /// One copy serves; another takes over when it fails.
    ActivePassive,
    /// Every copy holds the state and a majority must agree (Galera, RabbitMQ, raft OVSDB).
    Clustered,
    /// Every copy runs, and a coordinator splits the work among the live ones.
    Partitioned,
    /// One copy per node it serves; it is not made redundant, its node is.
    PerNode,
}

/// The mode names as written in the services files.
pub const MODE_NAMES: &[&str] = &[
    "active/active",
    "active/passive",
    "clustered",
    "partitioned",
    "per-node",
];

impl Mode {
    /// The name used in the files and in the table.
    pub fn name(self) -> &'static str {
        match self {
            Mode::ActiveActive => "active/active",
            Mode::ActivePassive => "active/passive",
            Mode::Clustered => "clustered",
            Mode::Partitioned => "partitioned",
            Mode::PerNode => "per-node",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let modes = [
            Mode::ActiveActive,
            Mode::ActivePassive,
            Mode::Clustered,
            Mode::Partitioned,
            Mode::PerNode,
        ];
        modes.into_iter().find(|m| m.name() == s).ok_or_else(|| {
            let hint = crate::diag::best_match_hint(s, MODE_NAMES.iter().copied())
                .unwrap_or_else(|| format!("expected one of {}", MODE_NAMES.join(", ")));
            format!("unknown HA mode `{s}`; {hint}")
        })
    }
}

impl TryFrom<String> for Mode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Mode> for String {
    fn from(m: Mode) -> String {
        m.name().to_string()
    }
}

/// One process (or group of processes that share a strategy) of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// The process names, as an operator sees them in `ps` or systemd.
    pub name: String,
    /// Where it runs ("every controller", "compute nodes").
    pub runs_on: String,
    /// Its HA mode.
    pub mode: Mode,
    /// How it is made highly available, in one line.
    pub strategy: String,
    /// The heading id on the service's page that explains it.
    #[serde(default)]
    pub anchor: Option<String>,
}

/// One service's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The id: the file's stem (`nova`), used by `{{#ha-strategy nova}}`.
    #[serde(skip)]
    pub id: String,
    /// The file it was read from, for error messages.
    #[serde(skip)]
    pub path: PathBuf,
    /// The name shown in the table.
    pub name: String,
    /// The page that explains the service, relative to the book's `src`.
    pub page: String,
    /// Position in the table; the guide's install order.
    pub order: u32,
    /// Its processes.
    #[serde(rename = "process")]
    pub processes: Vec<Process>,
}

/// Every service, in table order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Strategy {
    /// The services, sorted by `order` then id.
    pub services: Vec<Service>,
}

impl Strategy {
    /// Reads every `*.toml` file of `dir`. A missing directory is an empty strategy, so a book
    /// that does not use the directive needs no files.
    pub fn load(dir: &Path) -> Result<Strategy, Error> {
        let mut services = Vec::new();
        if !dir.is_dir() {
            return Ok(Strategy { services });
        }
        for entry in walkdir::WalkDir::new(dir).max_depth(1).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Io {
                path: dir.to_path_buf(),
                source: e.into(),
            })?;
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                services.push(Service::load(path)?);
            }
        }
        services.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));
        Ok(Strategy { services })
    }

    /// Checks every service against the book: its page must be a chapter (`pages` maps each
    /// chapter path to its heading ids) and each anchor a heading of that page.
    pub fn check_pages(
        &self,
        pages: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    ) -> Result<(), Error> {
        for s in &self.services {
            let text = std::fs::read_to_string(&s.path).unwrap_or_default();
            let line_of_text =
                |needle: &str| text.find(needle).map(|o| line_of(&text, o)).unwrap_or(0);
            let fail = |line: usize, message: String| Error::Catalog {
                path: s.path.clone(),
                line,
                message,
            };
            let Some(ids) = pages.get(&s.page) else {
                let hint = did_you_mean(&s.page, pages.keys().map(String::as_str))
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                return Err(fail(
                    line_of_text(&s.page),
                    format!(
                        "`{}` is not a chapter of this book (see src/SUMMARY.md){hint}",
                        s.page
                    ),
                ));
            };
            for p in &s.processes {
                let Some(anchor) = &p.anchor else { continue };
                if !ids.contains(anchor) {
                    let hint = did_you_mean(anchor, ids.iter().map(String::as_str))
                        .map(|h| format!("; {h}"))
                        .unwrap_or_default();
                    return Err(fail(
                        line_of_text(&format!("\"{anchor}\"")),
                        format!("anchor `{anchor}` is not a heading id of {}{hint}", s.page),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The service with this id, or an error with near matches.
    pub fn service(&self, id: &str) -> Result<&Service, String> {
        self.services.iter().find(|s| s.id == id).ok_or_else(|| {
            let hint = did_you_mean(id, self.services.iter().map(|s| s.id.as_str()))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            format!("no HA strategy file for service `{id}`{hint}")
        })
    }
}

impl Service {
    fn load(path: &Path) -> Result<Service, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let fail = |line: usize, message: String| Error::Catalog {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut service: Service = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
            fail(line, e.message().to_string())
        })?;
        service.id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        service.path = path.to_path_buf();
        if !service.page.ends_with(".md") || service.page.starts_with('/') {
            return Err(fail(
                text.find("page").map(|o| line_of(&text, o)).unwrap_or(0),
                format!(
                    "`page = \"{}\"` should be a chapter path below src/, such as `controller/nova.md`",
                    service.page
                ),
            ));
        }
        if service.processes.is_empty() {
            return Err(fail(0, "a service needs at least one [[process]]".into()));
        }
        Ok(service)
    }

    /// The link to the page (and anchor) from a chapter at `from` (both relative to src/).
    fn link(&self, from: &Path, anchor: Option<&str>) -> String {
        let depth = from.parent().map(|p| p.components().count()).unwrap_or(0);
        let mut link = "../".repeat(depth) + &self.page;
        if let Some(a) = anchor {
            link.push('#');
            link.push_str(a);
        }
        link
    }
}

/// Escapes what would break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The full table, one row per process, with links relative to the chapter at `from`.
pub fn table_markdown(strategy: &Strategy, from: &Path) -> String {
    let mut out = String::from(
        "\n| Service | Process | Runs on | Mode | Strategy |\n|---|---|---|---|---|\n",
    );
    for s in &strategy.services {
        for (i, p) in s.processes.iter().enumerate() {
            let service = if i == 0 {
                format!("[{}]({})", cell(&s.name), s.link(from, None))
            } else {
                String::new()
            };
            let process = match &p.anchor {
                Some(a) => format!("[{}]({})", cell(&p.name), s.link(from, Some(a))),
                None => cell(&p.name),
            };
            out.push_str(&format!(
                "| {service} | {process} | {} | {} | {} |\n",
                cell(&p.runs_on),
                p.mode,
                cell(&p.strategy)
            ));
        }
    }
    out.push('\n');
    out
}

/// One service's rows, for its own page; anchors link within the page.
pub fn service_markdown(service: &Service) -> String {
    let mut out = String::from("\n| Process | Runs on | Mode | Strategy |\n|---|---|---|---|\n");
    for p in &service.processes {
        let process = match &p.anchor {
            Some(a) => format!("[{}](#{a})", cell(&p.name)),
            None => cell(&p.name),
        };
        out.push_str(&format!(
            "| {process} | {} | {} | {} |\n",
            cell(&p.runs_on),
            p.mode,
            cell(&p.strategy)
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }

    const NOVA: &str = r#"
name = "Compute"
page = "controller/nova.md"
order = 40
[[process]]
name = "nova-api"
runs_on = "every controller"
mode = "active/active"
strategy = "HAProxy | both VIPs"
anchor = "nova-conf"
"#;

    #[test]
    fn loads_sorted_and_renders_relative_links() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "nova.toml", NOVA);
        write(
            dir.path(),
            "keystone.toml",
            &NOVA
                .replace("order = 40", "order = 10")
                .replace("nova-api", "keystone"),
        );
        let s = Strategy::load(dir.path()).expect("loads");
        assert_eq!(s.services[0].id, "keystone");
        let table = table_markdown(&s, Path::new("operations/strategy.md"));
        assert!(
            table.contains("[Compute](../controller/nova.md)"),
            "{table}"
        );
        assert!(table.contains("[nova-api](../controller/nova.md#nova-conf)"));
        assert!(table.contains("HAProxy \\| both VIPs"), "pipes are escaped");
        let own = service_markdown(s.service("nova").expect("nova"));
        assert!(own.contains("[nova-api](#nova-conf)"));
    }

    #[test]
    fn rejects_an_unknown_mode_with_a_suggestion_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "nova.toml",
            &NOVA.replace("active/active", "active-active"),
        );
        let e = Strategy::load(dir.path())
            .expect_err("bad mode")
            .to_string();
        assert!(e.contains("nova.toml:8"), "{e}");
        assert!(e.contains("did you mean `active/active`"), "{e}");
    }

    #[test]
    fn rejects_unknown_fields_and_bad_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "nova.toml", &NOVA.replace("runs_on", "run_on"));
        assert!(Strategy::load(dir.path()).is_err());
        write(
            dir.path(),
            "nova.toml",
            &NOVA.replace("controller/nova.md", "nova"),
        );
        let e = Strategy::load(dir.path())
            .expect_err("bad page")
            .to_string();
        assert!(e.contains("chapter path"), "{e}");
    }

    #[test]
    fn checks_pages_and_anchors_against_the_book() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "nova.toml", NOVA);
        let s = Strategy::load(dir.path()).expect("loads");
        let mut pages = std::collections::BTreeMap::new();
        pages.insert(
            "controller/nova.md".to_string(),
            ["nova-conf".to_string()].into_iter().collect(),
        );
        s.check_pages(&pages).expect("page and anchor exist");
        pages.insert(
            "controller/nova.md".to_string(),
            ["nova-config".to_string()].into_iter().collect(),
        );
        let e = s
            .check_pages(&pages)
            .expect_err("anchor missing")
            .to_string();
        assert!(e.contains("nova.toml:10"), "{e}");
        assert!(e.contains("did you mean `nova-config`"), "{e}");
        let e = s
            .check_pages(&std::collections::BTreeMap::new())
            .expect_err("page missing")
            .to_string();
        assert!(e.contains("not a chapter"), "{e}");
    }

    #[test]
    fn unknown_service_suggests_near_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "nova.toml", NOVA);
        let s = Strategy::load(dir.path()).expect("loads");
        let e = s.service("novaa").expect_err("unknown");
        assert!(e.contains("did you mean `nova`"), "{e}");
    }
}
