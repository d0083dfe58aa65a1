//! Scenario `vip`: keepalived and HAProxy on three controllers, configured by the guide's
//! snippets, with stand-in APIs behind HAProxy. A client polls Keystone's listener on the internal
//! VIP every 50 ms while the VIP holder is failed in five ways.

use super::case::{self, Observed, Timeline};
use super::render::shell_summary;
use super::topology::Node;
use super::{Break, Ctx, sys, wait_for};
use anyhow::{Context, Result, bail};
use haguide_preprocessors::lab_results::{Bound, ScenarioResult};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SCENARIO: &str = "vip";
/// Keystone's listener in haproxy/api-endpoints: the port the client polls on the VIP.
const KEYSTONE_PORT: u16 = 5000;

pub(crate) fn run(ctx: &mut Ctx) -> ScenarioResult {
    case::scenario(
        ctx,
        SCENARIO,
        "keepalived and HAProxy on three controllers (keepalived/keepalived-conf, haproxy/api-endpoints), \
                      stand-in APIs behind HAProxy, a client polling Keystone's listener on the internal VIP every 50 ms",
        body,
    )
}

/// Generates the throwaway TLS files that haproxy/install concatenates into the PEM HAProxy
/// reads for the public VIP (a lab CA as the "chain", a server certificate and its key).
fn certificates(ctx: &Ctx, dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = &ctx
        .snippets
        .profile
        .vips
        .get("public")
        .context("the profile has no public VIP")?
        .name;
    let script = format!(
        r#"set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=haguide lab CA" -keyout ca.key -out {name}.chain.crt 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN={name}" \
  -keyout {name}.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:{name}\n' > san.ext
openssl x509 -req -in server.csr -CA {name}.chain.crt -CAkey ca.key -CAcreateserial -days 2 \
  -extfile san.ext -out {name}.crt 2>/dev/null
"#
    );
    sys::check(
        Command::new("bash").arg("-c").arg(script).current_dir(dir),
        Duration::from_secs(30),
    )?;
    Ok(())
}

/// Runs a shell snippet on a node, as the page says to.
pub(crate) fn run_snippet(
    ctx: &Ctx,
    node: &Node,
    id: &str,
    text: &str,
    timeout: Duration,
) -> Result<()> {
    ctx.progress
        .say(&format!("  {}: {id}: {}", node.name, shell_summary(text)));
    node.sh_ok(text, timeout)
        .with_context(|| format!("running {id} on {}", node.name))?;
    Ok(())
}

/// The ports the node's stand-in APIs listen on: every `server` line for its management address
/// in haproxy.cfg, except the database listener (a real MariaDB in the galera scenario).
pub(crate) fn backend_ports(haproxy_cfg: &str, address: &str) -> Vec<u16> {
    let mut listen = "";
    let mut ports = Vec::new();
    for line in haproxy_cfg.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["listen", name, ..] => listen = name,
            ["server", _, addr, ..] if listen != "mariadb" => {
                if let Some((a, p)) = addr.rsplit_once(':')
                    && a == address
                    && let Ok(p) = p.parse::<u16>()
                    && !ports.contains(&p)
                {
                    ports.push(p);
                }
            }
            _ => {}
        }
    }
    ports
}

/// Installs keepalived and HAProxy on every controller the way the pages do, writes their
/// configs and starts them; starts the stand-in APIs.
pub(crate) fn setup(ctx: &mut Ctx, with_keepalived: bool) -> Result<()> {
    let lab = ctx.lab;
    let certs = lab.dir.join("certs");
    certificates(ctx, &certs)?;
    for node in lab.controllers.iter().chain([&lab.client]) {
        let text = ctx.snippets.render("hosts/controllers", "")?;
        run_snippet(
            ctx,
            node,
            "hosts/controllers",
            &text,
            Duration::from_secs(20),
        )?;
    }
    let variant_of = |n: &Node| format!("distro={},node={}", super::render::DISTRO, n.name);
    for node in &lab.controllers {
        let v = variant_of(node);
        if with_keepalived {
            let text = ctx.snippets.render("keepalived/install", &v)?;
            run_snippet(
                ctx,
                node,
                "keepalived/install",
                &text,
                Duration::from_secs(30),
            )?;
        }
        let id = "haproxy/sysctl-nonlocal-bind";
        node.write_file(&ctx.snippets.target(id, &v)?, &ctx.snippets.render(id, &v)?)?;
        let id = "haproxy/install";
        let text = ctx.snippets.render(id, &v)?;
        ctx.snippets.note_rewrite(
            id,
            "run in the lab's certificate directory (`cd` first)",
            "the certificate files it concatenates are the lab's throwaway CA, certificate and key",
        );
        run_snippet(
            ctx,
            node,
            id,
            &format!("cd '{}'\n{text}", certs.display()),
            Duration::from_secs(30),
        )?;
        let id = "haproxy/api-endpoints";
        let mut cfg = ctx.snippets.render(id, &v)?;
        if let Some(limit) = open_files_hard_limit()
            && limit < 100_000
        {
            // HAProxy needs about 2 descriptors per connection of the global maxconn; systemd
            // gives a service 524288, this machine's sandbox caps every process at `limit` and
            // does not let root raise it.
            let fit = (limit.saturating_sub(2_000) / 2 / 1000 * 1000).max(1000);
            cfg = ctx.snippets.rewrite(
                id,
                &cfg,
                "    maxconn 40000\n",
                &format!("    maxconn {fit}\n"),
                &format!("this machine caps open files at {limit} (hard limit; systemd would give 524288), too few for 40000 connections"),
            )?;
        }
        node.write_file(&ctx.snippets.target(id, &v)?, &cfg)?;
        if with_keepalived {
            let id = "keepalived/keepalived-conf";
            let mut conf = ctx.snippets.render(id, &v)?;
            if ctx.broken == Some(Break::Vrid) && node.name == lab.controllers[1].name {
                conf = ctx.snippets.rewrite(
                    id,
                    &conf,
                    "virtual_router_id 51",
                    "virtual_router_id 61",
                    "--break vrid: a peer with the wrong VRID for the internal VIP",
                )?;
            }
            node.write_file(&ctx.snippets.target(id, &v)?, &conf)?;
        }
        // The stand-in APIs: every port HAProxy checks on this controller.
        let addr = node.address("management")?;
        let ports = backend_ports(&cfg, addr);
        if !ports.contains(&KEYSTONE_PORT) {
            bail!("haproxy/api-endpoints has no Keystone server on {addr}:{KEYSTONE_PORT}");
        }
        let mut c = node.command(&ctx.exe.to_string_lossy());
        c.args(["lab", "backend", "--name", &node.name]);
        for p in ports {
            c.arg("--listen").arg(format!("{addr}:{p}"));
        }
        let log = std::fs::File::create(node.dir.join("backend.log")).context("backend.log")?;
        // Runs until the node is torn down (the node's PID namespace ends it).
        c.stdin(Stdio::null())
            .stdout(log.try_clone().context("backend.log")?)
            .stderr(log);
        c.spawn()
            .with_context(|| format!("starting the stand-in APIs on {}", node.name))?;
    }
    if with_keepalived {
        for node in &lab.controllers {
            let id = "keepalived/enable";
            let text = ctx.snippets.render(id, &variant_of(node))?;
            // Debian 12's keepalived 2.2.7 kills itself (exit 143) in `-t` mode when the config
            // drops privileges for scripts (script_user) unless it is PID 1 of a PID namespace
            // (acassen/keepalived#2587, fixed in 2.2.8): the same workaround as the upstream checks.
            let text = ctx.snippets.rewrite(
                id,
                &text,
                "keepalived -t -f",
                "unshare --pid --fork --mount-proc keepalived -t -f",
                "keepalived 2.2.7 (Debian 12) exits 143 in -t mode with script_user unless it is PID 1 of a PID namespace; fixed in 2.2.8",
            )?;
            run_snippet(ctx, node, id, &text, Duration::from_secs(30))?;
        }
    }
    Ok(())
}

/// The hard limit on open files of this process (inherited by every lab process).
fn open_files_hard_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(4)?.parse().ok()
}

/// The controllers that hold `vip` now.
pub(crate) fn holders(ctx: &Ctx, vip: &str) -> Vec<String> {
    ctx.lab
        .controllers
        .iter()
        .filter(|n| n.addresses_now().iter().any(|a| a == vip))
        .map(|n| n.name.clone())
        .collect()
}

/// Waits until exactly one controller has held the VIP for `stable`; its name.
fn settle(ctx: &Ctx, vip: &str, stable: Duration, timeout: Duration) -> Result<String> {
    let start = Instant::now();
    let mut since = Instant::now();
    let mut last: Vec<String> = Vec::new();
    let found = wait_for(timeout, Duration::from_millis(200), || {
        let now = holders(ctx, vip);
        if now != last {
            last = now.clone();
            since = Instant::now();
        }
        (now.len() == 1 && since.elapsed() >= stable).then(|| now[0].clone())
    });
    match found {
        Some(h) => Ok(h),
        None if last.len() > 1 => bail!(
            "duplicate VIP: {vip} is held by {} at once, still after {:.0} s: the keepalived peers do not \
             hear each other's adverts (a virtual_router_id, authentication or unicast_peer mismatch?)",
            last.join(" and "),
            start.elapsed().as_secs_f64()
        ),
        None => bail!(
            "no single holder of {vip} after {:.0} s (holders: {})",
            start.elapsed().as_secs_f64(),
            if last.is_empty() {
                "none".to_string()
            } else {
                last.join(", ")
            }
        ),
    }
}

/// Seconds during which two or more controllers held the VIP, and which ones.
pub(crate) fn duplicate_time(timeline: &Timeline, end_us: i64) -> (f64, Vec<String>) {
    let mut total = 0i64;
    let mut who: Vec<String> = Vec::new();
    for (i, (t, h)) in timeline.iter().enumerate() {
        if h.len() >= 2 {
            let next = timeline.get(i + 1).map(|x| x.0).unwrap_or(end_us);
            total += next - t;
            for n in h {
                if !who.contains(n) {
                    who.push(n.clone());
                }
            }
        }
    }
    (total as f64 / 1e6, who)
}

/// Polls the VIP through a failure: one second of baseline, `action` at t = 0, then `window`.
fn observe(
    ctx: &Ctx,
    case_id: &str,
    title: &str,
    window: Duration,
    action: impl FnOnce() -> Result<()>,
) -> Result<Observed> {
    let (vip, client) = case::vip_client(ctx, KEYSTONE_PORT, window)?;
    let vip = vip.as_str();
    let event = sys::now_us();
    action()?;
    let mut timeline: Timeline = Vec::new();
    let end = Instant::now() + window;
    while Instant::now() < end {
        let h = holders(ctx, vip);
        if timeline.last().is_none_or(|(_, last)| *last != h) {
            timeline.push((sys::now_us(), h));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    case::conclude(ctx, (SCENARIO, case_id, title), client, event, timeline)
}

fn holders_text(t: &Timeline) -> String {
    t.iter()
        .map(|(_, h)| {
            if h.is_empty() {
                "nobody".to_string()
            } else {
                h.join("+")
            }
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

fn body(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    ctx.progress
        .say("vip: installing and starting HAProxy and keepalived from the snippets");
    setup(ctx, true)?;
    let ctx = &*ctx;
    let vip = ctx
        .snippets
        .profile
        .vips
        .get("internal")
        .context("no internal VIP")?
        .address
        .clone();
    let t0 = Instant::now();
    let first = settle(ctx, &vip, Duration::from_secs(3), Duration::from_secs(25))?;
    r.notes.push(format!(
        "Every controller starts as BACKUP with `nopreempt`; {first} (the highest priority) held {vip} \
         {:.1} s after keepalived started (the lab waits for 3 s without a change).",
        t0.elapsed().as_secs_f64() - 3.0
    ));

    // 1. Clean stop of keepalived on the holder: it sends a priority-0 advert.
    let node = ctx.lab.controller(&first)?;
    let o = observe(
        ctx,
        "keepalived-stop",
        "keepalived stopped (systemctl stop) on the VIP holder",
        Duration::from_secs(6),
        || {
            node.sh_ok("systemctl stop keepalived", Duration::from_secs(20))
                .map(|_| ())
        },
    )?;
    r.notes.push(format!(
        "keepalived stop on {first}: VIP holders {}.",
        holders_text(&o.timeline)
    ));
    r.cases.push(case::case(
        "keepalived-stop",
        &format!("keepalived stopped cleanly on the VIP holder ({first})"),
        case::outage_measures(&o.outage, "request", Some(Bound::below(1.0))),
        Some(o.chart),
        !o.outage.never_back,
    ));
    let second = settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(20))?;

    // 2. Failback: keepalived comes back on the first holder; nopreempt keeps the VIP where it is.
    let o = observe(
        ctx,
        "failback",
        "keepalived started again on the former holder",
        Duration::from_secs(6),
        || {
            node.sh_ok("systemctl start keepalived", Duration::from_secs(20))
                .map(|_| ())
        },
    )?;
    let after = settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(20))?;
    r.notes.push(format!(
        "Failback: keepalived started again on {first}; the VIP {} ({}), {} failed request(s).",
        if after == second {
            format!("stayed on {second}")
        } else {
            format!("moved to {after}")
        },
        if after == second {
            "nopreempt"
        } else {
            "preempted"
        },
        o.outage.failed
    ));
    r.cases.push(case::case(
        "failback",
        &format!("keepalived started again on {first} (failback)"),
        case::outage_measures(&o.outage, "request", None),
        Some(o.chart),
        !o.outage.never_back,
    ));

    // 3. SIGKILL of keepalived on the holder: no priority-0 advert, and nobody removes the VIP.
    let h = ctx.lab.controller(&after)?;
    let o = observe(
        ctx,
        "keepalived-sigkill",
        "keepalived killed (SIGKILL) on the VIP holder",
        Duration::from_secs(8),
        || {
            let n = h.signal_all("keepalived", "KILL")?;
            if n == 0 {
                bail!("no keepalived process on {}", h.name);
            }
            Ok(())
        },
    )?;
    let (dup_s, dup_nodes) = duplicate_time(&o.timeline, o.end_us);
    // keepalived starts again on the killed node; the time until only one holder is left.
    let restart = Instant::now();
    h.sh_ok("systemctl start keepalived", Duration::from_secs(20))?;
    let single = wait_for(Duration::from_secs(15), Duration::from_millis(100), || {
        (holders(ctx, &vip).len() == 1).then_some(())
    });
    let cleared = restart.elapsed().as_secs_f64();
    let dup_from = o
        .timeline
        .iter()
        .find(|(_, h)| h.len() >= 2)
        .map(|(t, _)| (t - o.event_us) as f64 / 1e6);
    r.notes.push(match (dup_nodes.len() >= 2, dup_from, single) {
        (true, Some(from), Some(())) => format!(
            "Duplicate VIP after SIGKILL of keepalived on {after}: {vip} was on {} at once from {from:.1} s after \
             the kill to the end of the {:.0} s observed ({dup_s:.1} s), and went from {after} {cleared:.1} s after \
             keepalived was started there again. The client saw {} failed request(s) meanwhile.",
            dup_nodes.join(" and "),
            (o.end_us - o.event_us) as f64 / 1e6,
            o.outage.failed
        ),
        (true, _, _) => format!(
            "Duplicate VIP after SIGKILL of keepalived on {after}: {vip} was on {} at once ({dup_s:.1} s observed), \
             still {cleared:.0} s after keepalived was started there again.",
            dup_nodes.join(" and ")
        ),
        _ => format!("SIGKILL of keepalived on {after}: no duplicate VIP seen (holders {}).", holders_text(&o.timeline)),
    });
    let mut m = case::outage_measures(&o.outage, "request", None);
    m.push(case::measure("duplicate_vip", dup_s, "s", None));
    r.cases.push(case::case(
        "keepalived-sigkill",
        &format!("keepalived killed with SIGKILL on the VIP holder ({after})"),
        m,
        Some(o.chart),
        !o.outage.never_back,
    ));
    if single.is_none() {
        bail!(
            "{vip} was still on more than one controller 15 s after keepalived started again on {after}"
        );
    }

    // 4. Link cut: the holder's management port on the switch goes down.
    let holder = settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(20))?;
    let h = ctx.lab.controller(&holder)?;
    let o = observe(
        ctx,
        "link-cut",
        "the VIP holder's management link cut",
        Duration::from_secs(20),
        || ctx.lab.set_link(h, "management", false),
    )?;
    r.cases.push(case::case(
        "link-cut",
        &format!("management link of the VIP holder ({holder}) cut at the switch"),
        case::outage_measures(&o.outage, "request", Some(Bound::below(4.0))),
        Some(o.chart),
        !o.outage.never_back,
    ));
    let during = holders(ctx, &vip);
    // 5. The link comes back: two masters meet, the higher priority keeps the VIP.
    let o = observe(
        ctx,
        "link-restore",
        "the cut link restored",
        Duration::from_secs(8),
        || ctx.lab.set_link(h, "management", true),
    )?;
    let back = settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(20))?;
    r.notes.push(format!(
        "Link cut on {holder}: VIP holders during the cut: {}; after the link came back: {} (finally {back}), \
         {} failed request(s).",
        if during.is_empty() { "nobody".to_string() } else { during.join("+") },
        holders_text(&o.timeline),
        o.outage.failed
    ));
    r.cases.push(case::case(
        "link-restore",
        &format!("management link of {holder} restored"),
        case::outage_measures(&o.outage, "request", None),
        Some(o.chart),
        !o.outage.never_back,
    ));

    // 6. HAProxy crash on the holder: chk_haproxy (pgrep) fails, the node gives the VIP up.
    let h = ctx.lab.controller(&back)?;
    let o = observe(
        ctx,
        "haproxy-crash",
        "HAProxy killed (SIGKILL) on the VIP holder",
        Duration::from_secs(12),
        || {
            let n = h.signal_all("haproxy", "KILL")?;
            if n == 0 {
                bail!("no haproxy process on {}", h.name);
            }
            Ok(())
        },
    )?;
    let moved_to = holders(ctx, &vip);
    r.notes.push(format!(
        "HAProxy crash on {back}: the check script (pgrep, interval 2, fall 2) moved {vip} to {}.",
        if moved_to.is_empty() {
            "nobody".to_string()
        } else {
            moved_to.join("+")
        }
    ));
    r.cases.push(case::case(
        "haproxy-crash",
        &format!("HAProxy killed with SIGKILL on the VIP holder ({back}); chk_haproxy at work"),
        case::outage_measures(&o.outage, "request", None),
        Some(o.chart),
        !o.outage.never_back,
    ));
    h.sh_ok("systemctl start haproxy", Duration::from_secs(20))?;
    settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(20))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_of_the_guides_haproxy_cfg() {
        let cfg = "listen keystone\n    bind 198.18.0.10:5000\n    server controller1 198.18.0.11:5000 check\n\
                   server controller2 198.18.0.12:5000 check\nlisten mariadb\n    server controller1 198.18.0.11:3306 check port 9200\n\
                   listen glance_api\n    server controller1 198.18.0.11:9292 check\n";
        assert_eq!(backend_ports(cfg, "198.18.0.11"), vec![5000, 9292]);
        assert_eq!(backend_ports(cfg, "198.18.0.12"), vec![5000]);
    }

    #[test]
    fn duplicates_are_timed() {
        let t: Timeline = vec![
            (0, vec!["a".into()]),
            (1_000_000, vec!["a".into(), "b".into()]),
            (3_000_000, vec!["b".into()]),
        ];
        let (s, who) = duplicate_time(&t, 5_000_000);
        assert_eq!(s, 2.0);
        assert_eq!(who, vec!["a", "b"]);
        assert_eq!(duplicate_time(&t[..1].to_vec(), 5_000_000).0, 0.0);
    }
}
