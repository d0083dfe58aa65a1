//! The lab's namespaces: a switch namespace with one bridge per network, three controllers and a
//! client, wired with veth pairs that are created inside the namespaces (nothing is ever put in
//! the host's network namespace, so no lab packet can leave it).
//!
//! Each node is a network namespace (`ip netns`) plus a process that is PID 1 of its own PID,
//! mount, UTS and IPC namespaces. Inside, the node has private copies of /etc, /var/lib/mysql,
//! /var/lib/rabbitmq, /var/lib/haproxy, /var/log and /usr/local/bin, and fresh tmpfs on /run,
//! /tmp and /dev/shm, so the guide's configs go to their real paths and `pgrep haproxy` sees only
//! the node's own HAProxy. Killing that PID 1 makes the kernel kill everything in the node, which
//! is what teardown relies on.

use super::sys::{self, Ran};
use anyhow::{Context, Result, bail};
use haguide_snippets::Profile;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The switch namespace (bridges only, no process).
pub const SWITCH: &str = "hg-sw";
/// The client namespace.
pub const CLIENT: &str = "hg-cl";
/// The client's host number on each network.
const CLIENT_HOST: u32 = 100;
/// The networks the lab wires; the BMC network is out-of-band and has no daemon of the guide.
const SKIP_NETWORKS: &[&str] = &["bmc", "provider"];

/// What teardown must remove even if the scenario code panics or a signal arrives: the
/// namespaces and the PIDs that hold a node's PID namespace.
#[derive(Default)]
struct Registry {
    netns: Vec<String>,
    pids: Vec<u32>,
    closing: bool,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    netns: Vec::new(),
    pids: Vec::new(),
    closing: false,
});

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    // A panic while holding the lock must not stop teardown.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kills every registered node and deletes every registered namespace; returns what it did.
/// Safe to call more than once and from the signal thread. With `last`, nothing may be set up
/// afterwards (the process is about to exit); otherwise the next scenario may build a new lab.
pub fn teardown_registered(last: bool) -> Vec<String> {
    if last {
        // The main thread may be tearing a scenario's lab down right now: let it finish (bounded)
        // rather than exit under it.
        for _ in 0..150 {
            if !registry().closing {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let (netns, pids) = {
        let mut r = registry();
        if r.closing && !last {
            return Vec::new();
        }
        r.closing = true;
        (std::mem::take(&mut r.netns), std::mem::take(&mut r.pids))
    };
    let done = teardown_these(&netns, &pids);
    if !last {
        registry().closing = false;
    }
    done
}

fn teardown_these(netns: &[String], pids: &[u32]) -> Vec<String> {
    let mut done = Vec::new();
    for pid in pids {
        // SIGKILL to a PID 1 kills its whole PID namespace.
        if sys::signal(*pid, "KILL").is_ok() {
            done.push(format!("killed node init {pid}"));
        }
    }
    for ns in netns.iter().rev() {
        done.extend(remove_netns(ns));
    }
    done
}

/// Kills whatever still runs in `ns` (by PID) and deletes it.
fn remove_netns(ns: &str) -> Vec<String> {
    let mut done = Vec::new();
    // Bounded: a process that survives three rounds of SIGKILL is reported, not waited for.
    for _ in 0..3 {
        let pids = netns_pids(ns);
        if pids.is_empty() {
            break;
        }
        for p in pids {
            if sys::signal(p, "KILL").is_ok() {
                done.push(format!("killed {p} in {ns}"));
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    if netns_exists(ns) {
        match sys::run_bounded(
            Command::new("ip").args(["netns", "del", ns]),
            Duration::from_secs(10),
        ) {
            Ok(r) if r.ok() => done.push(format!("deleted {ns}")),
            Ok(r) => done.push(format!("could not delete {ns}: {}", r.tail())),
            Err(e) => done.push(format!("could not delete {ns}: {e:#}")),
        }
    }
    done
}

fn netns_pids(ns: &str) -> Vec<u32> {
    sys::run_bounded(
        Command::new("ip").args(["netns", "pids", ns]),
        Duration::from_secs(10),
    )
    .map(|r| {
        r.stdout
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect()
    })
    .unwrap_or_default()
}

/// The lab's namespaces that exist now (by name: `hg-sw`, `hg-cl`, `hg-c<N>`).
pub fn existing_netns() -> Vec<String> {
    let Ok(r) = sys::run_bounded(
        Command::new("ip").args(["netns", "list"]),
        Duration::from_secs(10),
    ) else {
        return Vec::new();
    };
    r.stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| is_lab_netns(n))
        .map(str::to_string)
        .collect()
}

/// True for the names this lab gives its namespaces.
pub fn is_lab_netns(name: &str) -> bool {
    name == SWITCH
        || name == CLIENT
        || name
            .strip_prefix("hg-c")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn netns_exists(ns: &str) -> bool {
    Path::new("/run/netns").join(ns).exists()
}

/// `haguide lab teardown`: removes what a crashed run left (processes first, then namespaces).
pub fn teardown_leftovers() -> Result<Vec<String>> {
    let mut done = Vec::new();
    for ns in existing_netns() {
        done.extend(remove_netns(&ns));
    }
    let left = existing_netns();
    if !left.is_empty() {
        bail!(
            "namespaces still present after teardown: {}",
            left.join(", ")
        );
    }
    Ok(done)
}

/// One network the lab wires: its bridge and the prefix length of its CIDR.
#[derive(Debug, Clone)]
pub struct Network {
    pub name: String,
    pub interface: String,
    pub base: Ipv4Addr,
    pub prefix: u8,
}

impl Network {
    pub fn bridge(&self) -> String {
        // IFNAMSIZ is 16 with the NUL: `br-management` fits.
        let mut b = format!("br-{}", self.name);
        b.truncate(15);
        b
    }
    fn host(&self, n: u32) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.base) + n)
    }
}

/// A controller or the client.
pub struct Node {
    /// `controller1`, or `client`.
    pub name: String,
    /// `hg-c1`.
    pub netns: String,
    /// Its files on the host: etc/, log/, mysql/...
    pub dir: PathBuf,
    /// Network name to address.
    pub addresses: BTreeMap<String, String>,
    /// The host PID of the node's PID 1.
    pub pid: u32,
    /// `ip netns exec … unshare …`, the parent of PID 1.
    holder: Child,
    lab_dir: PathBuf,
}

/// Directories a node gets its own copy of (empty unless the host has content to copy), each
/// bind-mounted over the real path: (path, copy the host's content, owner).
const PRIVATE_DIRS: &[(&str, bool, &str)] = &[
    ("/etc", true, "root:root"),
    ("/var/lib/mysql", false, "mysql:mysql"),
    ("/var/lib/rabbitmq", false, "rabbitmq:rabbitmq"),
    ("/var/lib/haproxy", true, "root:root"),
    ("/var/log", false, "root:root"),
    ("/usr/local/bin", false, "root:root"),
];

impl Node {
    /// A command run inside the node (all its namespaces), with the lab's shims first on PATH.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new("nsenter");
        c.arg("-t")
            .arg(self.pid.to_string())
            .args([
                "--net", "--mount", "--pid", "--uts", "--ipc", "--wd=/", "--",
            ])
            .arg("env")
            .arg("-i")
            .arg(format!(
                "PATH={}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                self.lab_dir.join("bin").display()
            ))
            .arg(format!("HAGUIDE_LAB_DIR={}", self.lab_dir.display()))
            .arg("HOME=/root")
            .arg("LANG=C.UTF-8")
            .arg(program);
        c
    }

    /// Runs a bash script in the node.
    pub fn sh(&self, script: &str, timeout: Duration) -> Result<Ran> {
        let mut c = self.command("bash");
        c.arg("-c").arg(script);
        sys::run_bounded(&mut c, timeout)
    }

    /// Runs a bash script in the node; an error naming the node unless it succeeds.
    pub fn sh_ok(&self, script: &str, timeout: Duration) -> Result<Ran> {
        let ran = self.sh(script, timeout)?;
        match ran.status {
            None => bail!(
                "on {}: `{}` did not finish within {} s",
                self.name,
                first_line(script),
                timeout.as_secs()
            ),
            Some(s) if !s.success() => {
                bail!(
                    "on {}: `{}` failed ({s}):\n{}",
                    self.name,
                    first_line(script),
                    ran.tail()
                )
            }
            Some(_) => Ok(ran),
        }
    }

    /// Host PIDs of the node's processes named `comm`.
    pub fn pids(&self, comm: &str) -> Vec<u32> {
        sys::pids_in_namespace_of(self.pid, "pid", Some(comm))
    }

    /// Sends `signal` to every process of the node named `comm`; how many there were.
    /// They are signalled at once, children (higher PIDs) first, as in a crash.
    pub fn signal_all(&self, comm: &str, signal: &str) -> Result<usize> {
        let mut pids = self.pids(comm);
        pids.reverse();
        sys::signal_many(&pids, signal)?;
        Ok(pids.len())
    }

    /// The IPv4 addresses on the node's interfaces.
    pub fn addresses_now(&self) -> Vec<String> {
        match sys::run_bounded(
            Command::new("ip").args(["-n", &self.netns, "-4", "-o", "addr", "show"]),
            Duration::from_secs(5),
        ) {
            Ok(r) => parse_addresses(&r.stdout),
            Err(_) => Vec::new(),
        }
    }

    /// Writes `text` to `path` as the node sees it (a path under one of its private directories).
    pub fn write_file(&self, path: &str, text: &str) -> Result<()> {
        let (base, _, _) = PRIVATE_DIRS
            .iter()
            .filter(|(p, _, _)| path.starts_with(&format!("{p}/")))
            .max_by_key(|(p, _, _)| p.len())
            .with_context(|| format!("{path} is not in a private directory of a lab node"))?;
        let host = self
            .dir
            .join(base.trim_start_matches('/').replace('/', "-"))
            .join(&path[base.len() + 1..]);
        if let Some(parent) = host.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&host, text).with_context(|| format!("writing {path} on {}", self.name))
    }

    /// The address on network `net` (`management`).
    pub fn address(&self, net: &str) -> Result<&str> {
        self.addresses
            .get(net)
            .map(String::as_str)
            .with_context(|| format!("{} has no {net} address in the lab profile", self.name))
    }
}

/// The addresses of `ip -4 -o addr show` output.
pub fn parse_addresses(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            w.position(|x| x == "inet")?;
            w.next()?.split('/').next().map(str::to_string)
        })
        .collect()
}

fn first_line(s: &str) -> &str {
    s.lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or(s)
        .trim()
}

/// The running lab. Dropping it tears everything down.
pub struct Lab {
    pub dir: PathBuf,
    pub networks: Vec<Network>,
    pub controllers: Vec<Node>,
    pub client: Node,
    torn_down: bool,
}

/// How long a node may live at most: even if haguide itself is killed with SIGKILL (no handler
/// runs), every daemon of the lab stops after this.
pub const NODE_LIFETIME_S: u64 = 3600;

impl Lab {
    /// The haguide binary the nodes can see: the lab directory's copy.
    pub fn exe(&self) -> PathBuf {
        self.dir.join("bin").join(LAB_EXE)
    }

    /// Creates the namespaces, links and nodes for `profile` under `dir` (which must be empty).
    pub fn up(profile: &Profile, dir: &Path) -> Result<Lab> {
        let leftovers = existing_netns();
        if !leftovers.is_empty() {
            bail!(
                "lab namespaces from an earlier run still exist ({}); run `haguide lab teardown` first",
                leftovers.join(", ")
            );
        }
        let networks = networks(profile)?;
        std::fs::create_dir_all(dir.join("nodes"))
            .with_context(|| format!("creating {}", dir.display()))?;
        install_shims(&dir.join("bin"))?;

        add_netns(SWITCH)?;
        for net in &networks {
            let br = net.bridge();
            ip(&[
                "-n",
                SWITCH,
                "link",
                "add",
                &br,
                "type",
                "bridge",
                "forward_delay",
                "0",
            ])?;
            ip(&["-n", SWITCH, "link", "set", &br, "up"])?;
        }
        let mut controllers = Vec::new();
        for (i, c) in profile.controllers.iter().enumerate() {
            let ns = format!("hg-c{}", i + 1);
            let mut addrs = BTreeMap::new();
            for net in &networks {
                if let Some(a) = c.addresses.get(&net.name) {
                    addrs.insert(net.name.clone(), a.clone());
                }
            }
            controllers.push(Node::create(
                &c.name,
                &ns,
                &format!("c{}", i + 1),
                addrs,
                &networks,
                dir,
            )?);
        }
        let mut client_addrs = BTreeMap::new();
        for net in networks
            .iter()
            .filter(|n| n.name == "management" || n.name == "public")
        {
            client_addrs.insert(net.name.clone(), net.host(CLIENT_HOST).to_string());
        }
        let client = Node::create("client", CLIENT, "cl", client_addrs, &networks, dir)?;
        let lab = Lab {
            dir: dir.to_path_buf(),
            networks,
            controllers,
            client,
            torn_down: false,
        };
        lab.check_isolated()?;
        Ok(lab)
    }

    /// The lab's safety claim, checked: no interface of the host's namespace belongs to the lab.
    fn check_isolated(&self) -> Result<()> {
        let host = sys::check(
            Command::new("ip").args(["-o", "link", "show"]),
            Duration::from_secs(5),
        )?;
        for net in &self.networks {
            if host.stdout.contains(&format!(": {}:", net.bridge())) {
                bail!("lab bridge {} appeared in the host namespace", net.bridge());
            }
        }
        for n in self.controllers.iter().chain([&self.client]) {
            let tag = n.netns.trim_start_matches("hg-");
            if host
                .stdout
                .lines()
                .any(|l| l.contains(&format!(": {tag}-")))
            {
                bail!("a lab veth of {} appeared in the host namespace", n.name);
            }
        }
        Ok(())
    }

    /// Sets the switch port of `node`'s link on `network` down or up: a cut cable.
    pub fn set_link(&self, node: &Node, network: &str, up: bool) -> Result<()> {
        let net = self
            .networks
            .iter()
            .find(|n| n.name == network)
            .with_context(|| format!("no lab network {network}"))?;
        let port = switch_port(node, net);
        ip(&[
            "-n",
            SWITCH,
            "link",
            "set",
            &port,
            if up { "up" } else { "down" },
        ])
    }

    pub fn controller(&self, name: &str) -> Result<&Node> {
        self.controllers
            .iter()
            .find(|n| n.name == name)
            .with_context(|| format!("no lab controller {name}"))
    }

    /// Kills every process and deletes every namespace; an error if anything is left.
    pub fn teardown(&mut self) -> Result<()> {
        if self.torn_down {
            return Ok(());
        }
        self.torn_down = true;
        teardown_registered(false);
        for n in self.controllers.iter_mut().chain([&mut self.client]) {
            // unshare --kill-child exits once its child (the node's PID 1) is dead; it reaps it.
            if sys::wait_deadline(&mut n.holder, Duration::from_secs(5))?.is_none() {
                let _ = n.holder.kill();
                let _ = n.holder.wait();
            }
        }
        let left = existing_netns();
        let mut alive = Vec::new();
        for n in self.controllers.iter().chain([&self.client]) {
            if process_alive(n.pid) {
                alive.push(n.pid);
            }
        }
        if !left.is_empty() || !alive.is_empty() {
            bail!("teardown left namespaces {left:?} and node PIDs {alive:?}");
        }
        Ok(())
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Err(e) = self.teardown() {
            eprintln!("lab: teardown: {e:#}");
        }
    }
}

/// True while `pid` exists and is not a zombie.
fn process_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| sys::parse_stat(&s).1 != Some('Z'))
        .unwrap_or(false)
}

fn switch_port(node: &Node, net: &Network) -> String {
    format!("{}-{}", node.netns.trim_start_matches("hg-"), net.interface)
}

impl Node {
    fn create(
        name: &str,
        netns: &str,
        tag: &str,
        addresses: BTreeMap<String, String>,
        networks: &[Network],
        lab_dir: &Path,
    ) -> Result<Node> {
        add_netns(netns)?;
        ip(&["-n", netns, "link", "set", "lo", "up"])?;
        for net in networks {
            let Some(addr) = addresses.get(&net.name) else {
                continue;
            };
            // The client names its links eth0, eth1…; controllers use the profile's names.
            let inner = if tag == "cl" {
                format!(
                    "eth{}",
                    addresses.keys().position(|k| k == &net.name).unwrap_or(0)
                )
            } else {
                net.interface.clone()
            };
            let port = format!("{tag}-{}", net.interface);
            // Created inside the switch namespace, the peer moved straight into the node's: the
            // pair never exists in the host's namespace.
            ip(&[
                "-n", SWITCH, "link", "add", &port, "type", "veth", "peer", "name", &inner,
                "netns", netns,
            ])?;
            ip(&[
                "-n",
                SWITCH,
                "link",
                "set",
                &port,
                "master",
                &net.bridge(),
                "up",
            ])?;
            ip(&[
                "-n",
                netns,
                "addr",
                "add",
                &format!("{addr}/{}", net.prefix),
                "dev",
                &inner,
            ])?;
            ip(&["-n", netns, "link", "set", &inner, "up"])?;
        }
        let dir = lab_dir.join("nodes").join(name);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut mounts = String::new();
        for (path, copy, owner) in PRIVATE_DIRS {
            let src = dir.join(path.trim_start_matches('/').replace('/', "-"));
            if *copy && Path::new(path).is_dir() {
                sys::check(
                    Command::new("cp").arg("-a").arg(path).arg(&src),
                    Duration::from_secs(60),
                )?;
            } else {
                std::fs::create_dir_all(&src)
                    .with_context(|| format!("creating {}", src.display()))?;
                sys::check(
                    Command::new("chown").arg(owner).arg(&src),
                    Duration::from_secs(5),
                )?;
            }
            mounts.push_str(&format!(
                "mkdir -p {path}\nmount --bind '{}' {path}\n",
                src.display()
            ));
        }
        let ready = dir.join("ready");
        let spool = dir.join("spool");
        std::fs::create_dir_all(&spool).with_context(|| format!("creating {}", spool.display()))?;
        // The fresh /run, /tmp and /dev/shm hide the lab directory when the checkout lives below
        // one of them (CI clones into /tmp): it is mounted back at its own path from a
        // descriptor opened before, so the node's configs, spool and scripts keep their paths.
        // PID 1 of the node. After the mounts it serves the node's "sshd": job files the ssh shim
        // drops in spool/ run in the node's namespaces (another node cannot enter this PID
        // namespace itself: setns only goes to descendants). The loop reaps orphans (bash reaps
        // every child on SIGCHLD) and ends by itself after NODE_LIFETIME_S.
        let ticks = NODE_LIFETIME_S * 10;
        let init = format!(
            r#"set -e
exec 9<'{lab}'
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/lock /run/lab
mount -t proc proc /proc
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
if [ ! -d '{lab}' ]; then
    mkdir -p '{lab}'
    mount --no-canonicalize --bind /proc/self/fd/9 '{lab}'
fi
exec 9<&-
{mounts}hostname {name}
touch '{ready}'
set +e
trap 'exit 0' TERM
cd '{spool}'
i=0
while [ "$i" -lt {ticks} ]; do
    for job in *.job; do
        [ -e "$job" ] || continue
        id=${{job%.job}}
        mv "$job" "$id.run"
        (bash "$id.run" >"$id.out" 2>"$id.err"; echo $? >"$id.rc.tmp"; mv "$id.rc.tmp" "$id.rc") &
    done
    sleep 0.1 & wait $!
    i=$((i + 1))
done
"#,
            ready = ready.display(),
            spool = spool.display(),
            lab = lab_dir.display()
        );
        let log = std::fs::File::create(dir.join("init.log")).context("creating init.log")?;
        let holder = Command::new("ip")
            .args([
                "netns", "exec", netns, "unshare", "--mount", "--pid", "--uts", "--ipc", "--fork",
            ])
            .args([
                "--kill-child",
                "--propagation",
                "private",
                "--",
                "bash",
                "-c",
                &init,
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().context("init.log")?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting node {name}"))?;
        let holder_pid = holder.id();
        registry().pids.push(holder_pid);
        let deadline = Instant::now() + Duration::from_secs(20);
        let pid = loop {
            if ready.exists()
                && let Some(&p) = sys::children(holder_pid).first()
            {
                break p;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(dir.join("init.log")).unwrap_or_default();
                bail!("node {name} did not start within 20 s:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        {
            let mut r = registry();
            r.pids.push(pid);
            if r.closing {
                drop(r);
                let _ = sys::signal(pid, "KILL");
                bail!("interrupted");
            }
        }
        std::fs::write(dir.join("pid"), pid.to_string()).context("writing the node's pid file")?;
        Ok(Node {
            name: name.to_string(),
            netns: netns.to_string(),
            dir,
            addresses,
            pid,
            holder,
            lab_dir: lab_dir.to_path_buf(),
        })
    }
}

fn add_netns(ns: &str) -> Result<()> {
    {
        let mut r = registry();
        if r.closing {
            bail!("interrupted");
        }
        r.netns.push(ns.to_string());
    }
    ip(&["netns", "add", ns])
}

fn ip(args: &[&str]) -> Result<()> {
    sys::check(Command::new("ip").args(args), Duration::from_secs(10)).map(|_| ())
}

/// The networks of the profile the lab wires, in profile order.
pub fn networks(profile: &Profile) -> Result<Vec<Network>> {
    let mut out = Vec::new();
    for (name, n) in &profile.networks {
        if SKIP_NETWORKS.contains(&name.as_str()) {
            continue;
        }
        if !profile
            .controllers
            .iter()
            .any(|c| c.addresses.contains_key(name))
        {
            continue;
        }
        let (base, prefix) = haguide_snippets::profile::parse_cidr(&n.cidr)
            .with_context(|| format!("network {name}: bad CIDR {}", n.cidr))?;
        if !in_benchmark_range(base) {
            bail!(
                "network {name} ({}) is outside 198.18.0.0/15: the lab only uses the benchmarking range",
                n.cidr
            );
        }
        out.push(Network {
            name: name.clone(),
            interface: n.interface.clone(),
            base,
            prefix,
        });
    }
    Ok(out)
}

/// 198.18.0.0/15 (RFC 2544), the only addresses the lab puts on an interface.
pub fn in_benchmark_range(a: Ipv4Addr) -> bool {
    let o = a.octets();
    o[0] == 198 && (o[1] == 18 || o[1] == 19)
}

fn install_shims(bin: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(bin).with_context(|| format!("creating {}", bin.display()))?;
    // The nodes run haguide itself (stand-in backends, the probe). A binary below /tmp (a CI
    // checkout) would be hidden by the nodes' fresh /tmp, so they run a copy in the lab directory,
    // which stays visible (see the node's init).
    let exe = std::env::current_exe().context("finding the haguide binary")?;
    let copy = bin.join(LAB_EXE);
    std::fs::copy(&exe, &copy)
        .with_context(|| format!("copying {} to {}", exe.display(), copy.display()))?;
    for (name, text) in super::SHIMS {
        let p = bin.join(name);
        std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))?;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("chmod {}", p.display()))?;
    }
    Ok(())
}

/// The name of the lab's copy of the haguide binary in its `bin` directory.
const LAB_EXE: &str = "haguide";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_names() {
        assert!(is_lab_netns("hg-sw"));
        assert!(is_lab_netns("hg-c12"));
        assert!(is_lab_netns("hg-cl"));
        assert!(!is_lab_netns("hg-c"));
        assert!(!is_lab_netns("hg-cx"));
        assert!(!is_lab_netns("other"));
    }

    #[test]
    fn benchmark_range() {
        assert!(in_benchmark_range(Ipv4Addr::new(198, 18, 0, 10)));
        assert!(in_benchmark_range(Ipv4Addr::new(198, 19, 255, 1)));
        assert!(!in_benchmark_range(Ipv4Addr::new(198, 20, 0, 1)));
        assert!(!in_benchmark_range(Ipv4Addr::new(10, 0, 0, 10)));
    }

    #[test]
    fn addresses_of_ip_output() {
        let out = "2: bond0    inet 198.18.0.11/24 scope global bond0\\       valid_lft forever\n\
                   2: bond0    inet 198.18.0.10/24 scope global secondary bond0\n";
        assert_eq!(parse_addresses(out), vec!["198.18.0.11", "198.18.0.10"]);
    }

    #[test]
    fn the_lab_profile_has_the_default_profiles_shape() {
        // Same controllers, networks (names and interfaces), VIPs and secrets: only addresses
        // differ, so every snippet renders for the lab as it does for the book.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let lab = Profile::load(&root.join("snippets/profiles/lab.toml")).expect("lab profile");
        let def =
            Profile::load(&root.join("snippets/profiles/default.toml")).expect("default profile");
        let names = |p: &Profile| {
            p.controllers
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&lab), names(&def));
        let nets = |p: &Profile| {
            p.networks
                .iter()
                .map(|(k, n)| (k.clone(), n.interface.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(nets(&lab), nets(&def));
        let vips = |p: &Profile| {
            p.vips
                .iter()
                .map(|(k, v)| (k.clone(), v.name.clone(), v.network.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(vips(&lab), vips(&def));
        assert_eq!(
            lab.secrets.keys().collect::<Vec<_>>(),
            def.secrets.keys().collect::<Vec<_>>(),
            "snippets/profiles/lab.toml must list the same secrets as default.toml"
        );
        assert_eq!(lab.cluster.name, def.cluster.name);
    }

    #[test]
    fn the_lab_profile_uses_the_benchmark_range_only() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let p = Profile::load(&root.join("snippets/profiles/lab.toml")).expect("lab profile");
        let nets = networks(&p).expect("networks");
        assert!(nets.iter().any(|n| n.name == "management"));
        for c in &p.controllers {
            for a in c.addresses.values() {
                let ip: Ipv4Addr = a.parse().expect("address");
                assert!(in_benchmark_range(ip), "{a}");
            }
        }
        for v in p.vips.values() {
            assert!(in_benchmark_range(v.address.parse().expect("vip")));
        }
    }
}
