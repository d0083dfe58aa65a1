//! Private namespaces for the tools: a network namespace always (no packet can leave the
//! machine, and daemons that look at interfaces see the ones the config names), a mount
//! namespace when files must appear at fixed paths (a Corosync key, an extra passwd entry), and
//! a PID namespace when the tool must be PID 1 (keepalived 2.2.7, see keepalived.rs).
//!
//! The sandbox is `unshare` running a small `sh` script that sets things up and then `exec`s
//! the tool, so the tool's exit status is the command's. A setup step that fails exits 125 with
//! a `haguide sandbox:` message, which [`setup_failure`] recognises.

use crate::process::{DEFAULT_TIMEOUT, Ran};
use crate::words::quote;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The exit code of a failed setup step.
const SETUP_FAILED: i32 = 125;
const SETUP_PREFIX: &str = "haguide sandbox:";

/// What to build around the tool.
#[derive(Debug, Default, Clone)]
pub(crate) struct Sandbox {
    steps: Vec<String>,
    mount: bool,
    pid_one: bool,
    uts: bool,
    links: usize,
    env: Vec<(String, String)>,
    timeout: Option<Duration>,
}

impl Sandbox {
    /// A network namespace with `lo` up and nothing else.
    pub(crate) fn new() -> Sandbox {
        let mut s = Sandbox::default();
        s.step("ip link set lo up");
        s
    }

    /// Adds an interface named `name` (one end of a veth pair; its peer is `hgpN`), up.
    pub(crate) fn link(&mut self, name: &str) -> &mut Sandbox {
        let peer = format!("hgp{}", self.links);
        self.links += 1;
        let name = quote(name);
        // `name` is explicit: a bare interface name such as `a` would be read as a keyword.
        self.step(&format!(
            "ip link add name {name} type veth peer name {peer}"
        ));
        self.step(&format!("ip link set {peer} up"));
        self.step(&format!("ip link set {name} up"));
        self
    }

    /// Adds an address (`10.0.0.11/32`) to an interface made with [`Sandbox::link`].
    pub(crate) fn address(&mut self, link: &str, cidr: &str) -> &mut Sandbox {
        // No duplicate address detection for IPv6: the address must be usable at once.
        let nodad = if cidr.contains(':') { " nodad" } else { "" };
        self.step(&format!(
            "ip addr add {} dev {}{nodad}",
            quote(cidr),
            quote(link)
        ));
        self
    }

    /// Mounts an empty tmpfs over an existing directory (private mount namespace).
    pub(crate) fn tmpfs(&mut self, dir: &str) -> &mut Sandbox {
        self.mount = true;
        self.step(&format!("mount -t tmpfs haguide {}", quote(dir)));
        self
    }

    /// Copies a file into place, after the mounts that make the place writable.
    pub(crate) fn copy(&mut self, from: &Path, to: &str) -> &mut Sandbox {
        self.step(&format!(
            "cp {} {}",
            quote(&from.to_string_lossy()),
            quote(to)
        ));
        self
    }

    /// Bind-mounts `from` over the existing file `to` (private mount namespace).
    pub(crate) fn bind(&mut self, from: &Path, to: &str) -> &mut Sandbox {
        self.mount = true;
        self.step(&format!(
            "mount --bind {} {}",
            quote(&from.to_string_lossy()),
            quote(to)
        ));
        self
    }

    /// A /proc of the sandbox's own PID namespace (implies [`Sandbox::pid_one`]): daemons that
    /// read `/proc/<own pid>` (RabbitMQ's memory monitor) find themselves.
    pub(crate) fn own_proc(&mut self) -> &mut Sandbox {
        self.pid_one = true;
        self.mount = true;
        self.step("mount -t proc proc /proc");
        self
    }

    /// Gives the sandbox its own host name (UTS namespace): daemons that name themselves after
    /// the host (a RabbitMQ node) see the name the config uses.
    pub(crate) fn hostname(&mut self, name: &str) -> &mut Sandbox {
        self.uts = true;
        self.step(&format!("hostname {}", quote(name)));
        self
    }

    /// Runs the tool as PID 1 of a new PID namespace, so its parent is outside the namespace
    /// and `getppid()` returns 0.
    pub(crate) fn pid_one(&mut self) -> &mut Sandbox {
        self.pid_one = true;
        self
    }

    /// Sets an environment variable for the tool.
    pub(crate) fn env(&mut self, key: &str, value: &str) -> &mut Sandbox {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// A deadline other than the default.
    pub(crate) fn timeout(&mut self, t: Duration) -> &mut Sandbox {
        self.timeout = Some(t);
        self
    }

    fn step(&mut self, cmd: &str) {
        self.steps.push(format!(
            "{cmd} || {{ echo {} >&2; exit {SETUP_FAILED}; }}",
            quote(&format!("{SETUP_PREFIX} `{cmd}` failed"))
        ));
    }

    /// The command that runs `program args` inside the sandbox.
    pub(crate) fn command(&self, unshare: &Path, program: &Path, args: &[OsString]) -> Command {
        let mut cmd = Command::new(unshare);
        cmd.arg("--net");
        if self.mount {
            // util-linux makes the new mount tree private, so nothing leaks to the host.
            cmd.arg("--mount");
        }
        if self.uts {
            cmd.arg("--uts");
        }
        if self.pid_one {
            cmd.args(["--pid", "--fork", "--kill-child"]);
        }
        let script = format!("{}\nexec \"$@\"\n", self.steps.join("\n"));
        cmd.arg("sh").arg("-c").arg(script).arg("haguide-sandbox");
        cmd.arg(program).args(args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs `program args` inside the sandbox.
    pub(crate) fn run(
        &self,
        unshare: &Path,
        program: &Path,
        args: &[OsString],
    ) -> std::io::Result<Ran> {
        crate::process::run(
            &mut self.command(unshare, program, args),
            self.timeout.unwrap_or(DEFAULT_TIMEOUT),
        )
    }

    /// A short description for the report: `unshare --net --mount (veth bond0, bond1)`.
    pub(crate) fn describe(&self, program: &Path, args: &[OsString]) -> String {
        let mut ns = vec!["--net"];
        if self.mount {
            ns.push("--mount");
        }
        if self.uts {
            ns.push("--uts");
        }
        if self.pid_one {
            ns.extend(["--pid", "--fork"]);
        }
        let env: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        let mut line = format!("unshare {} -- ", ns.join(" "));
        if !env.is_empty() {
            line.push_str(&env.join(" "));
            line.push(' ');
        }
        line.push_str(&quote(&program.to_string_lossy()));
        for a in args {
            line.push(' ');
            line.push_str(&quote(&a.to_string_lossy()));
        }
        line
    }
}

/// The reason, if the sandbox (not the tool) failed: `unshare` itself could not create the
/// namespaces (not root), or a setup step failed.
pub(crate) fn setup_failure(ran: &Ran) -> Option<String> {
    if let Some(l) = ran.stderr.lines().find(|l| l.starts_with("unshare: ")) {
        return Some(format!(
            "the sandbox could not be created ({l}); network namespaces need root or CAP_SYS_ADMIN"
        ));
    }
    if ran.code != Some(SETUP_FAILED) {
        return None;
    }
    let detail: Vec<&str> = ran.stderr.lines().collect();
    Some(format!(
        "the sandbox could not be set up: {}",
        detail.join("; ")
    ))
}

/// Arguments from strings and paths.
pub(crate) fn args<I, S>(items: I) -> Vec<OsString>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    items.into_iter().map(Into::into).collect()
}

/// A path as an argument.
pub(crate) fn path_arg(p: &Path) -> OsString {
    PathBuf::from(p).into_os_string()
}
