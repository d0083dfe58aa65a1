//! Scenario `pacemaker`: Corosync and Pacemaker on three controllers, set up by the Pacemaker
//! page's crmsh snippets (packages, key, corosync.conf, cluster setup, properties, fencing), with
//! the VIPs and the HAProxy clone of the VIP page's architecture A and stand-in APIs behind
//! HAProxy. A client polls Keystone's listener on the internal VIP every 50 ms while the VIP
//! holder is cut off from the others (a partition of one) and then powered off.
//!
//! Each node runs its own corosync and pacemakerd: libqb's IPC uses abstract unix sockets (one
//! set per network namespace) and /dev/shm (a tmpfs per node), and the lab gives every node its
//! own /var/lib/pacemaker and /var/lib/corosync. There are no BMCs: the guide's fence_ipmilan
//! devices become Debian's fence_dummy, which reports success without doing anything (see the
//! notes the scenario writes).

use super::case::{self, Observed, Timeline};
use super::render::DISTRO;
use super::topology::Node;
use super::vip::{duplicate_time, run_snippet};
use super::{Ctx, sys, wait_for};
use anyhow::{Context, Result, bail};
use haguide_preprocessors::lab_results::ScenarioResult;
use std::time::{Duration, Instant};

const SCENARIO: &str = "pacemaker";
/// Keystone's listener in haproxy/api-endpoints: the port the client polls on the VIP.
const KEYSTONE_PORT: u16 = 5000;

pub(crate) fn run(ctx: &mut Ctx) -> ScenarioResult {
    case::scenario(
        ctx,
        SCENARIO,
        "Corosync 3 and Pacemaker on three controllers with crmsh (pacemaker/packages, corosync/authkey, \
                      corosync/corosync-conf, pacemaker/cluster-setup, pacemaker/properties, pacemaker/fencing-ipmilan), \
                      the VIPs and the HAProxy clone of architecture A (vip/pacemaker-vip, haproxy/pacemaker-clone), \
                      stand-in APIs behind HAProxy, a client polling Keystone's listener on the internal VIP every 50 ms",
        body,
    )
}

fn variant(node: &Node) -> String {
    format!("distro={DISTRO},node={},tool=crmsh", node.name)
}

/// What the packages' maintainer scripts would have left on a real controller, on the node's
/// own disk: Pacemaker's and Corosync's state directories (the host's must not be shared by three
/// nodes) and the log directories the node's empty /var/log lacks.
fn prepare(node: &Node) -> Result<()> {
    let own = |d: &str| node.dir.join(d).display().to_string();
    let script = format!(
        r#"set -e
install -d -o hacluster -g haclient -m 0750 '{pm}' '{pm}/cib' '{pm}/pengine' '{pm}/blackbox' '{pm}/cores'
install -d -o root -g root -m 0755 '{cs}'
mount --bind '{pm}' /var/lib/pacemaker
mount --bind '{cs}' /var/lib/corosync
install -d -o hacluster -g haclient -m 0770 /var/log/pacemaker /var/log/pacemaker/bundles
install -d -o hacluster -g haclient -m 0775 /var/log/crmsh
install -d -m 0755 /var/log/corosync
"#,
        pm = own("var-lib-pacemaker"),
        cs = own("var-lib-corosync"),
    );
    node.sh_ok(&script, Duration::from_secs(20))?;
    Ok(())
}

/// The live controllers (not `dead`) that hold `vip` now.
fn holders(ctx: &Ctx, vip: &str, dead: Option<&str>) -> Vec<String> {
    ctx.lab
        .controllers
        .iter()
        .filter(|n| Some(n.name.as_str()) != dead)
        .filter(|n| n.addresses_now().iter().any(|a| a == vip))
        .map(|n| n.name.clone())
        .collect()
}

/// `crm_mon -1` on `node` shows every controller online, in a partition with quorum.
fn all_online(ctx: &Ctx, node: &Node) -> bool {
    let Ok(r) = node.sh("crm_mon -1", Duration::from_secs(15)) else {
        return false;
    };
    let want = format!(
        "Online: [ {} ]",
        ctx.lab
            .controllers
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    r.ok() && r.stdout.contains("partition with quorum") && r.stdout.contains(&want)
}

/// Waits until exactly one live controller has held `vip` for `stable`; its name.
fn settle(ctx: &Ctx, vip: &str, stable: Duration, timeout: Duration) -> Result<String> {
    let start = Instant::now();
    let mut since = Instant::now();
    let mut last: Vec<String> = Vec::new();
    let found = wait_for(timeout, Duration::from_millis(200), || {
        let now = holders(ctx, vip, None);
        if now != last {
            last = now.clone();
            since = Instant::now();
        }
        (now.len() == 1 && since.elapsed() >= stable).then(|| now[0].clone())
    });
    found.with_context(|| {
        format!(
            "no single holder of {vip} after {:.0} s (holders: {})",
            start.elapsed().as_secs_f64(),
            if last.is_empty() {
                "none".to_string()
            } else {
                last.join(", ")
            }
        )
    })
}

impl Observed {
    /// Seconds from the event until `pred` first held for the holders, if it did.
    fn first(&self, pred: impl Fn(&[String]) -> bool) -> Option<f64> {
        self.timeline
            .iter()
            .filter(|(t, _)| *t >= self.event_us)
            .find(|(_, h)| pred(h))
            .map(|(t, _)| (t - self.event_us) as f64 / 1e6)
    }
    fn holders_text(&self) -> String {
        self.timeline
            .iter()
            .map(|(t, h)| {
                format!(
                    "{} ({:+.1} s)",
                    if h.is_empty() {
                        "nobody".to_string()
                    } else {
                        h.join("+")
                    },
                    (t - self.event_us) as f64 / 1e6
                )
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// A second action during the window, after the given time.
type Later<'a> = Option<(Duration, Box<dyn FnOnce() -> Result<()> + 'a>)>;

/// Polls the internal VIP through a failure: one second of baseline, `action` at t = 0, `later`
/// when its time comes, then the rest of `window`, noting every change of holder (the
/// controller `dead` is not counted).
fn observe(
    ctx: &Ctx,
    (case_id, title): (&str, &str),
    window: Duration,
    dead: Option<&str>,
    action: impl FnOnce() -> Result<()>,
    mut later: Later,
) -> Result<Observed> {
    let (vip, client) = case::vip_client(ctx, KEYSTONE_PORT, window)?;
    let vip = vip.as_str();
    let mut timeline: Timeline = vec![(sys::now_us(), holders(ctx, vip, None))];
    let event = sys::now_us();
    action()?;
    let t0 = Instant::now();
    let end = t0 + window;
    while Instant::now() < end {
        if later.as_ref().is_some_and(|(at, _)| t0.elapsed() >= *at)
            && let Some((_, f)) = later.take()
        {
            f()?;
        }
        let h = holders(ctx, vip, dead);
        if timeline.last().is_none_or(|(_, last)| *last != h) {
            timeline.push((sys::now_us(), h));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    case::conclude(ctx, (SCENARIO, case_id, title), client, event, timeline)
}

/// Sets every link of `node` down (or up) at the switch.
fn set_links(ctx: &Ctx, node: &Node, up: bool) -> Result<()> {
    for net in &ctx.lab.networks {
        if node.addresses.contains_key(&net.name) {
            ctx.lab.set_link(node, &net.name, up)?;
        }
    }
    Ok(())
}

/// Installs and starts the cluster the way the Pacemaker page does it, then creates the VIPs and
/// the HAProxy clone as the VIP page does.
fn setup(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    let lab = ctx.lab;
    ctx.progress.say(
        "pacemaker: HAProxy and the stand-in APIs on every controller (as in the vip scenario)",
    );
    super::vip::setup(ctx, false)?;
    for node in &lab.controllers {
        prepare(node)?;
    }
    ctx.progress
        .say("pacemaker: packages, key, corosync.conf and cluster start from the snippets");
    for node in &lab.controllers {
        let id = "pacemaker/packages";
        let text = ctx.snippets.render(id, &variant(node))?;
        let text = ctx.snippets.rewrite(
            id,
            &text,
            "crmsh ipmitool\n",
            "crmsh\n",
            "the lab has no BMC for ipmitool",
        )?;
        run_snippet(ctx, node, id, &text, Duration::from_secs(60))?;
    }
    let first = &lab.controllers[0];
    let id = "corosync/authkey";
    let text = ctx.snippets.render(id, &variant(first))?;
    run_snippet(ctx, first, id, &text, Duration::from_secs(60))?;
    // The page: "With crmsh, write this file on controller1; the next step copies it."
    let id = "corosync/corosync-conf";
    let v = variant(first);
    first.write_file(&ctx.snippets.target(id, &v)?, &ctx.snippets.render(id, &v)?)?;
    let started = Instant::now();
    let id = "pacemaker/cluster-setup";
    let text = ctx.snippets.render(id, &variant(first))?;
    run_snippet(ctx, first, id, &text, Duration::from_secs(240))?;
    let returned = started.elapsed().as_secs_f64();
    if wait_for(Duration::from_secs(90), Duration::from_secs(1), || {
        all_online(ctx, first).then_some(())
    })
    .is_none()
    {
        let mon = first.sh("crm_mon -1", Duration::from_secs(15))?;
        bail!(
            "the cluster did not show every controller online with quorum within 90 s of pacemaker/cluster-setup:\n{}",
            mon.stdout.trim()
        );
    }
    r.notes.push(format!(
        "pacemaker/cluster-setup returned {returned:.1} s after it started (`crm cluster wait_for_startup` waits for \
         the local pacemakerd only); crm_mon showed all three controllers online, in a partition with quorum, \
         {:.1} s after the start (Pacemaker elects its DC after dc-deadtime, 20 s). The lab waits for that before \
         the next snippet.",
        started.elapsed().as_secs_f64()
    ));

    ctx.progress
        .say("pacemaker: properties, fencing, VIPs and the HAProxy clone from the snippets");
    let id = "pacemaker/properties";
    let text = ctx.snippets.render(id, &variant(first))?;
    run_snippet(ctx, first, id, &text, Duration::from_secs(60))?;

    let id = "pacemaker/fencing-ipmilan";
    let mut text = ctx.snippets.render(id, &variant(first))?;
    let ipmi_pass = ctx
        .snippets
        .profile
        .secrets
        .get("IPMI_PASS")
        .context("the profile has no IPMI_PASS")?
        .clone();
    let bmcs: Vec<String> = ctx
        .snippets
        .profile
        .controllers
        .iter()
        .map(|c| {
            c.addresses
                .get("bmc")
                .cloned()
                .with_context(|| format!("{} has no bmc address", c.name))
        })
        .collect::<Result<_>>()?;
    for bmc in &bmcs {
        text = ctx.snippets.rewrite(
            id,
            &text,
            &format!(
                "fence_ipmilan --ip={bmc} --username=IPMI_USER --password={ipmi_pass} --lanplus --action=status\n"
            ),
            "",
            "the lab has no BMCs to ask",
        )?;
        text = ctx.snippets.rewrite(
            id,
            &text,
            &format!(
                "stonith:fence_ipmilan params ip={bmc} username=IPMI_USER password={ipmi_pass} lanplus=1 "
            ),
            "stonith:fence_dummy params ",
            "no BMCs: Debian's fence_dummy (fence-agents) stands in for fence_ipmilan; it reports success \
             without powering anything off",
        )?;
    }
    run_snippet(ctx, first, id, &text, Duration::from_secs(90))?;

    let id = "vip/pacemaker-vip";
    let text = ctx.snippets.render(id, &variant(first))?;
    run_snippet(ctx, first, id, &text, Duration::from_secs(60))?;
    let id = "haproxy/pacemaker-clone";
    let text = ctx.snippets.render(id, &variant(first))?;
    let text = ctx.snippets.rewrite(
        id,
        &text,
        "systemd:haproxy",
        "lsb:haproxy",
        "a lab node has no systemd for Pacemaker's systemd class; Debian's /etc/init.d/haproxy starts the same \
         haproxy with the same configuration",
    )?;
    run_snippet(ctx, first, id, &text, Duration::from_secs(90))?;
    Ok(())
}

fn body(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    setup(ctx, r)?;
    let ctx = &*ctx;
    let lab = ctx.lab;
    let first = &lab.controllers[0];
    let vip = ctx
        .snippets
        .profile
        .vips
        .get("internal")
        .context("no internal VIP")?
        .address
        .clone();
    let t0 = Instant::now();
    let holder = settle(ctx, &vip, Duration::from_secs(3), Duration::from_secs(60))?;
    let mon = first.sh_ok("crm_mon -1", Duration::from_secs(15))?.stdout;
    if !mon.contains("haproxy-clone") {
        bail!("crm_mon shows no haproxy-clone after haproxy/pacemaker-clone:\n{mon}");
    }
    r.notes.push(format!(
        "{holder} held {vip} {:.1} s after haproxy/pacemaker-clone returned (the lab waits for 3 s without a \
         change); controller1 runs no HAProxy (the clone's ban until haproxy/pacemaker-admit), so the VIPs can \
         only run on the other two.",
        t0.elapsed().as_secs_f64() - 3.0
    ));
    r.notes.push(
        "Fencing: the lab has no BMCs, so the three fence_ipmilan devices of pacemaker/fencing-ipmilan are \
         fence_dummy devices (same names, pcmk_host_list and location constraints, stonith-enabled=true as \
         pacemaker/properties sets it). fence_dummy answers \"OK\" at once and powers nothing off: the survivors \
         carry on as if the lost node had been powered off, while it may still run. With fence_ipmilan the \
         survivors wait until the BMC confirms the power-off; that wait is not in these figures."
            .to_string(),
    );

    // 1. The VIP holder's management link cut for 10 s (drills/link-down, step 1): Corosync
    //    keeps the membership over link 1 (storage), so nothing moves.
    let h = lab.controller(&holder)?;
    let cut = Duration::from_secs(10);
    let membership = std::cell::Cell::new(false);
    let restore: Box<dyn FnOnce() -> Result<()> + '_> = Box::new(|| {
        // Just before the link returns: is everybody still a member?
        membership.set(all_online(ctx, first));
        lab.set_link(h, "management", true)
    });
    let o = observe(
        ctx,
        (
            "management-link-cut",
            "the VIP holder's management link cut for 10 s",
        ),
        Duration::from_secs(14),
        None,
        || lab.set_link(h, "management", false),
        Some((cut, restore)),
    )?;
    let membership = membership.get();
    let m = case::outage_measures(&o.outage, "request", None);
    r.notes.push(format!(
        "Management link of {holder} cut for {} s (drills/link-down, step 1): VIP holders {}; {}. The client got \
         no answer for {:.1} s: Pacemaker watches nodes and resources, not links (IPaddr2's monitor checks that the \
         address is configured, and the address stays on the dead interface), so the internal VIP stays unreachable \
         until the link returns.",
        cut.as_secs(),
        o.holders_text(),
        if membership {
            "crm_mon still showed all three controllers online with quorum just before the link returned (Corosync \
             carried on over link 1, the storage network)"
        } else {
            "crm_mon did NOT show all three controllers online with quorum just before the link returned"
        },
        o.outage.longest_gap_s
    ));
    r.cases.push(case::case(
        "management-link-cut",
        &format!("management link of the VIP holder ({holder}) cut for 10 s, storage link (Corosync link 1) up"),
        m,
        Some(o.chart),
        !o.outage.never_back && membership,
    ));
    let holder = settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(30))?;

    // 2. Partition of one: every link of the VIP holder cut at the switch (drills/link-down, both
    //    steps at once). The node lives on, without quorum.
    let h = lab.controller(&holder)?;
    let o = observe(
        ctx,
        (
            "partition",
            "every link of the VIP holder cut (a partition of one)",
        ),
        Duration::from_secs(25),
        None,
        || set_links(ctx, h, false),
        None,
    )?;
    let (dup_s, dup_nodes) = duplicate_time(&o.timeline, o.end_us);
    let isolated_still = o.timeline.last().is_some_and(|(_, h)| h.contains(&holder));
    let stopped = o.first(|h| !h.contains(&holder));
    let moved = o.first(|h| h.iter().any(|n| *n != holder));
    let mut m = case::outage_measures(&o.outage, "request", None);
    m.push(case::measure(
        "isolated_node_stopped_vip_after",
        stopped.unwrap_or(-1.0),
        "s",
        None,
    ));
    m.push(case::measure(
        "survivors_started_vip_after",
        moved.unwrap_or(-1.0),
        "s",
        None,
    ));
    m.push(case::measure("duplicate_vip", dup_s, "s", None));
    r.notes.push(format!(
        "Partition of {holder}: VIP holders {}. The isolated node lost quorum and stopped its resources \
         (no-quorum-policy=stop){}; {}.",
        o.holders_text(),
        stopped
            .map(|s| format!(" {s:.1} s after the cut"))
            .unwrap_or_else(|| " — not within the window".to_string()),
        if dup_nodes.len() >= 2 {
            format!(
                "{vip} was on {} at once for {dup_s:.2} s: with fence_dummy nothing makes the survivors wait for \
                 the isolated node to be gone, so only the isolated node's own quorum loss removes its copy",
                dup_nodes.join(" and ")
            )
        } else {
            "no controller pair held the VIP at the same time in this run, but with fence_dummy that is a race \
             between the isolated node's quorum loss and the survivors' start, not a guarantee"
                .to_string()
        }
    ));
    r.cases.push(case::case(
        "partition",
        &format!("every link of the VIP holder ({holder}) cut at the switch: a partition of one"),
        m,
        Some(o.chart),
        !o.outage.never_back && !isolated_still && moved.is_some(),
    ));
    // The links come back; the node rejoins (it was "fenced" by fence_dummy, so it never restarted).
    set_links(ctx, h, true)?;
    let t = Instant::now();
    let rejoined = wait_for(Duration::from_secs(60), Duration::from_secs(1), || {
        all_online(ctx, first).then_some(())
    });
    let after = settle(ctx, &vip, Duration::from_secs(2), Duration::from_secs(30))?;
    r.notes.push(match rejoined {
        Some(()) => format!(
            "Links of {holder} restored: all three controllers online again after {:.1} s; the VIP stayed on \
             {after} (resource-stickiness=1).",
            t.elapsed().as_secs_f64()
        ),
        None => format!(
            "Links of {holder} restored, but crm_mon did not show all three controllers online within 60 s."
        ),
    });
    if rejoined.is_none() {
        bail!("{holder} did not rejoin the cluster within 60 s of its links coming back");
    }

    // 3. Power failure of the VIP holder (drills/power-off): its links go down and every process
    //    of the node dies at once (SIGKILL to the node's PID 1).
    let victim = lab.controller(&after)?;
    let o = observe(
        ctx,
        (
            "node-killed",
            "the VIP holder powered off (links cut, every process killed)",
        ),
        Duration::from_secs(25),
        Some(after.as_str()),
        || {
            set_links(ctx, victim, false)?;
            sys::signal(victim.pid, "KILL")
        },
        None,
    )?;
    let moved = o.first(|h| !h.is_empty());
    let survivor = lab
        .controllers
        .iter()
        .find(|n| n.name != after)
        .context("no survivor")?;
    let history = survivor
        .sh(
            &format!("stonith_admin --history {after}"),
            Duration::from_secs(15),
        )
        .map(|r| r.stdout.lines().next().unwrap_or("").trim().to_string())
        .unwrap_or_default();
    let mut m = case::outage_measures(&o.outage, "request", None);
    m.push(case::measure(
        "survivors_started_vip_after",
        moved.unwrap_or(-1.0),
        "s",
        None,
    ));
    r.notes.push(format!(
        "Power failure of {after}: VIP holders {} ({after} not counted). Fence history on {}: {}.",
        o.holders_text(),
        survivor.name,
        if history.is_empty() {
            "none"
        } else {
            history.as_str()
        }
    ));
    r.cases.push(case::case(
        "node-killed",
        &format!(
            "the VIP holder ({after}) powered off: links cut and every process killed at once"
        ),
        m,
        Some(o.chart),
        !o.outage.never_back && moved.is_some(),
    ));
    Ok(())
}
