//! `haguide lab`: the executable lab. It renders the guide's own snippets with a lab profile
//! (addresses from 198.18.0.0/15), boots them on real daemons in network namespaces, breaks them,
//! measures what a client sees, and writes the figures the book's testing page shows.
//!
//! Safety: the namespaces have no link or route to the host's network; every loop is bounded in
//! count and time; teardown runs on return, on panic (a Drop guard) and on SIGINT/SIGTERM (a
//! signal thread), and checks that no namespace or process is left.

mod case;
pub mod chart;
mod galera;
mod pacemaker;
pub mod probe;
mod rabbitmq;
pub mod render;
mod results;
pub mod sys;
pub mod topology;
mod vip;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use haguide_preprocessors::lab_results::ScenarioResult;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The commands a node finds first on its PATH, standing in for what a lab node lacks (systemd,
/// ssh to the other controllers, a package manager with a network).
pub(crate) const SHIMS: &[(&str, &str)] = &[
    ("systemctl", include_str!("shims/systemctl")),
    ("ssh", include_str!("shims/ssh")),
    ("apt", include_str!("shims/apt")),
    ("scp", include_str!("shims/scp")),
];

/// `haguide lab …`
#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// Boot the guide's configs in network namespaces, fail them, and measure (root only).
    Run(RunArgs),
    /// Remove the namespaces and processes a crashed run left behind.
    Teardown,
    /// A client that polls a URL (runs inside the client namespace).
    #[command(hide = true)]
    Probe {
        #[arg(long)]
        url: String,
        #[arg(long, default_value_t = 50)]
        interval_ms: u64,
        #[arg(long)]
        count: u64,
        #[arg(long, default_value_t = 1000)]
        timeout_ms: u64,
    },
    /// A writer that inserts numbered rows through a MySQL address (runs inside the client
    /// namespace).
    #[command(hide = true)]
    Writer {
        #[arg(long)]
        host: String,
        #[arg(long)]
        user: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        first: u64,
        #[arg(long)]
        count: u64,
        #[arg(long, default_value_t = 50)]
        interval_ms: u64,
        #[arg(long, default_value_t = 3000)]
        timeout_ms: u64,
    },
    /// A stand-in API that answers 200 on each address (runs inside a controller namespace).
    #[command(hide = true)]
    Backend {
        #[arg(long)]
        name: String,
        #[arg(long, required = true)]
        listen: Vec<String>,
        #[arg(long, default_value_t = topology::NODE_LIFETIME_S)]
        lifetime_s: u64,
    },
}

/// `haguide lab run` options.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenarios to run (default: all), in this order.
    #[arg(value_enum)]
    pub scenarios: Vec<Scenario>,
    /// Where results.json, results.md and charts/ go (default: reports/lab, or target/lab-broken
    /// with --break, so a deliberately broken run does not replace the book's record).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Go on with the next scenario after one fails.
    #[arg(long)]
    pub keep_going: bool,
    /// Break one config on purpose; the matching scenario must then fail.
    #[arg(long = "break", value_enum)]
    pub break_: Option<Break>,
    /// The lab profile.
    #[arg(long, default_value = "snippets/profiles/lab.toml")]
    pub profile: PathBuf,
}

/// A scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// keepalived and HAProxy on three controllers: the API VIP.
    Vip,
    /// Three MariaDB Galera nodes behind HAProxy.
    Galera,
    /// Three RabbitMQ nodes and a quorum queue.
    Rabbitmq,
    /// Corosync and Pacemaker on three controllers: the VIPs as cluster resources.
    Pacemaker,
}

impl Scenario {
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Vip => "vip",
            Scenario::Galera => "galera",
            Scenario::Rabbitmq => "rabbitmq",
            Scenario::Pacemaker => "pacemaker",
        }
    }
}

/// A deliberate misconfiguration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Break {
    /// controller2's keepalived.conf gets another virtual_router_id for the internal VIP.
    Vrid,
    /// controller1 (the bootstrap node) is left out of wsrep_cluster_address on the other nodes.
    GaleraAddress,
}

impl Break {
    pub fn scenario(self) -> Scenario {
        match self {
            Break::Vrid => Scenario::Vip,
            Break::GaleraAddress => Scenario::Galera,
        }
    }
}

/// Dispatches `haguide lab …`.
pub fn main(root: &Path, cmd: LabCommand) -> Result<()> {
    match cmd {
        LabCommand::Probe {
            url,
            interval_ms,
            count,
            timeout_ms,
        } => probe::run_http(
            &url,
            Duration::from_millis(interval_ms),
            count,
            Duration::from_millis(timeout_ms),
        ),
        LabCommand::Writer {
            host,
            user,
            password,
            first,
            count,
            interval_ms,
            timeout_ms,
        } => probe::run_sql_writer(
            &host,
            &user,
            &password,
            first,
            count,
            Duration::from_millis(interval_ms),
            Duration::from_millis(timeout_ms),
        ),
        LabCommand::Backend {
            name,
            listen,
            lifetime_s,
        } => probe::run_backend(&name, &listen, Duration::from_secs(lifetime_s)),
        LabCommand::Teardown => {
            sys::require_root()?;
            let done = topology::teardown_leftovers()?;
            if done.is_empty() {
                eprintln!("lab: nothing to tear down");
            }
            for d in done {
                eprintln!("lab: {d}");
            }
            Ok(())
        }
        LabCommand::Run(args) => run(root, args),
    }
}

/// Progress on stderr, with the time since the run started.
pub(crate) struct Progress {
    start: Instant,
}

impl Progress {
    pub(crate) fn say(&self, what: &str) {
        eprintln!("[{:6.1}s] {what}", self.start.elapsed().as_secs_f64());
    }
}

/// What a scenario gets: the running lab, the snippets, and where to put charts.
pub(crate) struct Ctx<'a> {
    pub lab: &'a topology::Lab,
    pub snippets: &'a mut render::Snippets,
    pub progress: &'a Progress,
    pub charts: &'a Path,
    pub broken: Option<Break>,
    /// This binary, for the probe and backend subcommands run inside the namespaces.
    pub exe: PathBuf,
}

fn run(root: &Path, args: RunArgs) -> Result<()> {
    sys::require_root()?;
    // Absolute: the lab's paths are used inside namespaces whose working directory is /.
    let root = &root
        .canonicalize()
        .with_context(|| format!("finding {}", root.display()))?;
    let scenarios = if args.scenarios.is_empty() {
        vec![
            Scenario::Vip,
            Scenario::Galera,
            Scenario::Rabbitmq,
            Scenario::Pacemaker,
        ]
    } else {
        args.scenarios.clone()
    };
    if let Some(b) = args.break_
        && !scenarios.contains(&b.scenario())
    {
        bail!(
            "--break {b:?} breaks the {} scenario, which is not in this run",
            b.scenario().name()
        );
    }
    let out = match (&args.out, args.break_) {
        (Some(o), _) => root.join(o),
        (None, Some(_)) => root.join("target/lab-broken"),
        (None, None) => root.join(haguide_preprocessors::lab_results::RESULTS_DIR),
    };
    let charts = out.join("charts");
    std::fs::create_dir_all(&charts).with_context(|| format!("creating {}", charts.display()))?;
    install_signal_handler()?;

    let progress = Progress {
        start: Instant::now(),
    };
    let profile_path = root.join(&args.profile);
    let (engine, profile) = crate::snippet_cmd::load(root, Some(&profile_path))?;
    let mut snippets = render::Snippets {
        engine,
        profile,
        rewrites: Vec::new(),
    };
    let work = root.join("target").join("lab-work");
    let mut ran: Vec<ScenarioResult> = Vec::new();
    for s in &scenarios {
        progress.say(&format!("scenario {}: setting up the namespaces", s.name()));
        snippets.rewrites.clear();
        let dir = work.join(s.name());
        if dir.exists() {
            // Only files: the mounts of an earlier run died with its mount namespaces.
            std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        let broken = args.break_.filter(|b| b.scenario() == *s);
        let result = match topology::Lab::up(&snippets.profile, &dir) {
            Ok(mut lab) => {
                let mut ctx = Ctx {
                    lab: &lab,
                    snippets: &mut snippets,
                    progress: &progress,
                    charts: &charts,
                    broken,
                    exe: lab.exe(),
                };
                let r = match s {
                    Scenario::Vip => vip::run(&mut ctx),
                    Scenario::Galera => galera::run(&mut ctx),
                    Scenario::Rabbitmq => rabbitmq::run(&mut ctx),
                    Scenario::Pacemaker => pacemaker::run(&mut ctx),
                };
                progress.say(&format!("scenario {}: tearing down", s.name()));
                let down = lab.teardown();
                let mut r = r;
                if let Err(e) = down {
                    r.passed = false;
                    let before = r.error.take().map(|e| format!("{e}; ")).unwrap_or_default();
                    r.error = Some(format!("{before}teardown: {e:#}"));
                }
                r
            }
            Err(e) => {
                let _ = topology::teardown_registered(false);
                results::failed_setup(s.name(), &format!("{e:#}"))
            }
        };
        let mut result = result;
        result.rewrites = std::mem::take(&mut snippets.rewrites);
        result.broken = broken.map(|b| match b {
            Break::Vrid => "controller2's keepalived.conf has virtual_router_id 61 for the internal VIP (51 elsewhere)".to_string(),
            Break::GaleraAddress => "controller1 (the first node) is left out of wsrep_cluster_address on controller2 and controller3".to_string(),
        });
        progress.say(&format!(
            "scenario {}: {}{}",
            s.name(),
            if result.passed { "passed" } else { "FAILED" },
            result
                .error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        ));
        let failed = !result.passed;
        if !failed {
            // A passed scenario's files are not needed (Galera's gcache files alone take 3 GB);
            // a failed one keeps them for its logs.
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            progress.say(&format!(
                "scenario {}: logs kept in {}",
                s.name(),
                dir.display()
            ));
        }
        ran.push(result);
        if failed && !args.keep_going {
            break;
        }
    }
    let record = results::write(&out, &args.profile, ran)?;
    progress.say(&format!("wrote {}", out.display()));
    print!("{}", record.to_markdown(None));
    let failed: Vec<&str> = record
        .scenarios
        .iter()
        .filter(|r| !r.passed && scenarios.iter().any(|s| s.name() == r.scenario))
        .map(|r| r.scenario.as_str())
        .collect();
    if !failed.is_empty() {
        bail!("lab scenario(s) failed: {}", failed.join(", "));
    }
    Ok(())
}

/// SIGINT and SIGTERM tear the lab down before the process exits.
fn install_signal_handler() -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .context("installing signal handlers")?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            eprintln!("lab: signal {sig}: tearing down");
            for d in topology::teardown_registered(true) {
                eprintln!("lab: {d}");
            }
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Waits up to `timeout` for `f` to give `Some`, checking every `every`.
pub(crate) fn wait_for<T>(
    timeout: Duration,
    every: Duration,
    mut f: impl FnMut() -> Option<T>,
) -> Option<T> {
    let end = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() >= end {
            return None;
        }
        std::thread::sleep(every);
    }
}
