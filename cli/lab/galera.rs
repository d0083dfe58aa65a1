//! Scenario `galera`: three MariaDB Galera nodes set up the way the Galera page does it
//! (server-cnf, users, bootstrap, join, clustercheck), behind HAProxy's `mariadb` listener on
//! the internal VIP. A writer inserts numbered rows through the VIP while the writer node is
//! killed, rejoins, and while every node is killed and the cluster is recovered by the page's own
//! recovery steps.

use super::case::{self, Client};
use super::probe::{Sample, outage};
use super::render::console_commands;
use super::topology::Node;
use super::vip::{run_snippet, setup as vip_setup};
use super::{Break, Ctx, sys, wait_for};
use anyhow::{Context, Result, bail};
use haguide_preprocessors::lab_results::{Bound, ScenarioResult};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const SCENARIO: &str = "galera";
/// The lab's own test account and table (not part of the guide: they stand for a service's).
const LAB_USER: &str = "lab";
const LAB_PASS: &str = "lab";

pub(crate) fn run(ctx: &mut Ctx) -> ScenarioResult {
    case::scenario(
        ctx,
        SCENARIO,
        "three MariaDB Galera nodes (galera/server-cnf, users, bootstrap, join, clustercheck) behind \
                      HAProxy's mariadb listener on the internal VIP, a writer inserting numbered rows through the \
                      VIP every 50 ms",
        body,
    )
}

fn variant(node: &Node) -> String {
    format!("distro={},node={}", super::render::DISTRO, node.name)
}

/// `n` of every row on a node (through its own socket).
fn rows_on(node: &Node) -> Result<BTreeSet<u64>> {
    let ran = node.sh_ok(
        "mariadb -N -B -e 'SELECT n FROM lab.rows'",
        Duration::from_secs(30),
    )?;
    Ok(ran
        .stdout
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect())
}

/// The committed rows a record shows (requests that succeeded).
fn committed(samples: &[Sample]) -> BTreeSet<u64> {
    samples
        .iter()
        .filter(|s| s.ok)
        .filter_map(|s| s.detail.parse().ok())
        .collect()
}

/// A global status value on a node, or `None` if the server does not answer.
fn status(node: &Node, var: &str) -> Option<String> {
    let ran = node
        .sh(
            &format!("mariadb -N -B -e \"SHOW GLOBAL STATUS LIKE '{var}'\""),
            Duration::from_secs(10),
        )
        .ok()?;
    if !ran.ok() {
        return None;
    }
    ran.stdout.split_whitespace().nth(1).map(str::to_string)
}

fn synced(node: &Node) -> bool {
    status(node, "wsrep_local_state_comment").as_deref() == Some("Synced")
}

/// Starts the writer in the client namespace: rows `first..first+count` through the VIP.
fn writer(ctx: &Ctx, first: u64, count: u64) -> Result<Client> {
    let vip = &ctx
        .snippets
        .profile
        .vips
        .get("internal")
        .context("no internal VIP")?
        .address;
    let mut c = ctx.lab.client.command(&ctx.exe.to_string_lossy());
    c.args([
        "lab",
        "writer",
        "--host",
        vip,
        "--user",
        LAB_USER,
        "--password",
        LAB_PASS,
    ])
    .args(["--first", &first.to_string(), "--count", &count.to_string()]);
    // Each insert may take up to its 3 s timeout.
    Client::spawn(c, Duration::from_millis(count * 3_100 + 5_000))
}

/// How the lab sees a case's rows: committed by the writer, missing from `nodes`.
fn lost_rows(samples: &[Sample], nodes: &[&Node]) -> Result<(usize, usize)> {
    let done = committed(samples);
    let mut lost = 0;
    for n in nodes {
        let have = rows_on(n)?;
        lost = lost.max(done.difference(&have).count());
    }
    Ok((done.len(), lost))
}

fn setup(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    ctx.progress
        .say("galera: HAProxy and keepalived first (the mariadb listener is on the internal VIP)");
    vip_setup(ctx, true)?;
    let lab = ctx.lab;
    ctx.progress
        .say("galera: a fresh datadir on every controller (what the package's postinst does)");
    std::thread::scope(|s| -> Result<()> {
        let jobs: Vec<_> = lab
            .controllers
            .iter()
            .map(|n| {
                s.spawn(move || {
                    n.sh_ok(
                        "mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/var/log/lab/install-db.log 2>&1",
                        Duration::from_secs(120),
                    )
                })
            })
            .collect();
        for j in jobs {
            j.join()
                .map_err(|_| anyhow::anyhow!("mariadb-install-db thread panicked"))??;
        }
        Ok(())
    })?;
    let first = &lab.controllers[0];
    // The Install Guide's standalone server runs on the first controller when the page starts.
    first.sh_ok("systemctl start mariadb", Duration::from_secs(120))?;
    for node in &lab.controllers {
        let v = variant(node);
        let text = ctx.snippets.render("galera/packages", &v)?;
        run_snippet(ctx, node, "galera/packages", &text, Duration::from_secs(30))?;
        let id = "galera/server-cnf";
        let mut cnf = ctx.snippets.render(id, &v)?;
        if ctx.broken == Some(Break::GaleraAddress) && node.name != first.name {
            let addr = first.address("management")?;
            let list = cnf
                .lines()
                .find_map(|l| l.strip_prefix("wsrep_cluster_address = "))
                .context("server-cnf has no wsrep_cluster_address")?
                .to_string();
            let without = list
                .replace(&format!("{addr},"), "")
                .replace(&format!(",{addr}"), "");
            cnf = ctx.snippets.rewrite(
                id,
                &cnf,
                &format!("wsrep_cluster_address = {list}"),
                &format!("wsrep_cluster_address = {without}"),
                &format!(
                    "--break galera-address: {} left out on the other nodes",
                    first.name
                ),
            )?;
        }
        node.write_file(&ctx.snippets.target(id, &v)?, &cnf)?;
    }
    let text = ctx.snippets.render("galera/users", &variant(first))?;
    run_snippet(ctx, first, "galera/users", &text, Duration::from_secs(30))?;
    let t = Instant::now();
    let text = ctx.snippets.render("galera/bootstrap", &variant(first))?;
    run_snippet(
        ctx,
        first,
        "galera/bootstrap",
        &text,
        Duration::from_secs(180),
    )?;
    r.notes.push(format!(
        "galera/bootstrap on {}: {:.1} s.",
        first.name,
        t.elapsed().as_secs_f64()
    ));
    for node in &lab.controllers[1..] {
        let t = Instant::now();
        let text = ctx.snippets.render("galera/join", &variant(node))?;
        run_snippet(ctx, node, "galera/join", &text, Duration::from_secs(300)).with_context(|| {
            format!("{} did not join the cluster (is every running member in its wsrep_cluster_address?)", node.name)
        })?;
        if !synced(node) {
            bail!("{} started but is not Synced", node.name);
        }
        r.notes.push(format!(
            "galera/join on {} (full state transfer by mariabackup): {:.1} s.",
            node.name,
            t.elapsed().as_secs_f64()
        ));
    }
    let size = status(first, "wsrep_cluster_size").unwrap_or_default();
    if size != lab.controllers.len().to_string() {
        bail!("wsrep_cluster_size is {size:?} after every node joined");
    }
    // The health check HAProxy asks on port 9200.
    for node in &lab.controllers {
        let v = variant(node);
        let text = ctx.snippets.render("galera/clustercheck-script", &v)?;
        run_snippet(
            ctx,
            node,
            "galera/clustercheck-script",
            &text,
            Duration::from_secs(20),
        )?;
        for id in ["galera/clustercheck-socket", "galera/clustercheck-service"] {
            node.write_file(&ctx.snippets.target(id, &v)?, &ctx.snippets.render(id, &v)?)?;
        }
        let text = ctx.snippets.render("galera/clustercheck-enable", &v)?;
        run_snippet(
            ctx,
            node,
            "galera/clustercheck-enable",
            &text,
            Duration::from_secs(20),
        )?;
    }
    ctx.snippets.note_rewrite(
        "galera/clustercheck-socket",
        "socat TCP-LISTEN on the socket's ListenStream, running /usr/local/bin/clustercheck per connection as root with \
         CREDENTIALS_DIRECTORY holding a copy of /etc/clustercheck.cnf",
        "a lab node has no systemd: the socket unit (Accept=yes), LoadCredential and the service are emulated; DynamicUser is not",
    );
    // The lab's test table and account, on the cluster (they replicate).
    first.sh_ok(
        &format!(
            "mariadb -e \"CREATE DATABASE IF NOT EXISTS lab; CREATE TABLE IF NOT EXISTS lab.rows (n BIGINT PRIMARY KEY, at DATETIME(6)); \
             CREATE USER IF NOT EXISTS '{LAB_USER}'@'%' IDENTIFIED BY '{LAB_PASS}'; GRANT ALL ON lab.* TO '{LAB_USER}'@'%'\""
        ),
        Duration::from_secs(30),
    )?;
    // HAProxy marks the servers up after two good checks 2 s apart.
    let vip = ctx
        .snippets
        .profile
        .vips
        .get("internal")
        .context("no internal VIP")?
        .address
        .clone();
    let reachable = wait_for(Duration::from_secs(30), Duration::from_millis(500), || {
        lab.client
            .sh(
                &format!("mariadb -h {vip} -u {LAB_USER} -p{LAB_PASS} --connect-timeout=2 -N -e 'SELECT @@wsrep_node_name'"),
                Duration::from_secs(5),
            )
            .ok()
            .filter(|r| r.ok())
            .map(|r| r.stdout.trim().to_string())
    });
    let writer_node = reachable
        .context("the database does not answer through the VIP (HAProxy mariadb listener)")?;
    r.notes.push(format!(
        "HAProxy sends the writer to {writer_node} (the others are backup servers)."
    ));
    Ok(())
}

fn body(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    setup(ctx, r)?;
    let lab = ctx.lab;
    let mut next_row = 1u64;

    // 1. SIGKILL of the node HAProxy writes to.
    let victim = &lab.controllers[0];
    let survivors: Vec<&Node> = lab
        .controllers
        .iter()
        .filter(|n| n.name != victim.name)
        .collect();
    ctx.progress.say(&format!(
        "galera: killing mariadbd on {} while writing",
        victim.name
    ));
    let count = 300;
    let w = writer(ctx, next_row, count)?;
    std::thread::sleep(Duration::from_secs(2));
    let event = sys::now_us();
    if victim.signal_all("mariadbd", "KILL")? == 0 {
        bail!("no mariadbd on {}", victim.name);
    }
    let samples = w.finish()?;
    next_row += count;
    let o = outage(&samples, event);
    let (done, lost) = lost_rows(&samples, &survivors)?;
    let chart = case::chart(
        ctx,
        (SCENARIO, "writer-killed"),
        "mariadbd killed (SIGKILL) on the node HAProxy writes to",
        &samples,
        event,
        &o,
        "insert",
    )?;
    let mut m = case::outage_measures(&o, "insert", None);
    m.push(case::measure("rows_committed", done as f64, "rows", None));
    m.push(case::measure(
        "rows_lost",
        lost as f64,
        "rows",
        Some(Bound::at_most(0.0)),
    ));
    ctx.progress.say(&format!(
        "  writer-killed: write gap {:.2} s, {done} rows committed, {lost} lost",
        o.longest_gap_s
    ));
    r.cases.push(case::case(
        "writer-killed",
        &format!(
            "mariadbd killed (SIGKILL) on {}, the node HAProxy writes to",
            victim.name
        ),
        m,
        Some(chart),
        !o.never_back,
    ));

    // 2. The node comes back (systemctl start: galera_recovery, then an incremental transfer).
    ctx.progress
        .say(&format!("galera: {} rejoins", victim.name));
    let w = writer(ctx, next_row, 300)?;
    std::thread::sleep(Duration::from_secs(1));
    let event = sys::now_us();
    let t = Instant::now();
    victim.sh_ok("systemctl start mariadb", Duration::from_secs(300))?;
    let joined = t.elapsed().as_secs_f64();
    let samples = w.finish()?;
    next_row += 300;
    let log =
        std::fs::read_to_string(victim.dir.join("var-log/lab/mariadb.log")).unwrap_or_default();
    let last_start = log.rsplit("== ").next().unwrap_or("");
    let transfer = if last_start.contains("IST received") || last_start.contains("Receiving IST") {
        "IST"
    } else if last_start.contains("SST") && last_start.contains("mariabackup") {
        "SST"
    } else {
        "unknown"
    };
    let o = outage(&samples, event);
    let all: Vec<&Node> = lab.controllers.iter().collect();
    let (done, lost) = lost_rows(&samples, &all)?;
    let chart = case::chart(
        ctx,
        (SCENARIO, "rejoin"),
        "the killed node started again and rejoined",
        &samples,
        event,
        &o,
        "insert",
    )?;
    let mut m = case::outage_measures(&o, "insert", None);
    m.push(case::measure("rejoin_time", joined, "s", None));
    m.push(case::measure(
        "rows_lost",
        lost as f64,
        "rows",
        Some(Bound::at_most(0.0)),
    ));
    r.notes.push(format!(
        "{} rejoined with {transfer} in {joined:.1} s (systemctl start until it accepts connections); {done} rows \
         committed meanwhile, {lost} missing from any node.",
        victim.name
    ));
    r.cases.push(case::case(
        "rejoin",
        &format!("{} started again: rejoins by {transfer}", victim.name),
        m,
        Some(chart),
        !o.never_back && transfer != "unknown",
    ));

    // 3. Every node killed at once, then the page's recovery.
    ctx.progress.say("galera: killing every node, then recovering by galera/recover and galera/recover-bootstrap");
    let w = writer(ctx, next_row, 60)?;
    std::thread::sleep(Duration::from_secs(2));
    let mut pids = Vec::new();
    for n in &lab.controllers {
        pids.extend(n.pids("mariadbd"));
    }
    sys::signal_many(&pids, "KILL")?;
    let samples = w.finish()?;
    let done = committed(&samples);
    let t = Instant::now();
    recover(ctx, r)?;
    let recovered = t.elapsed().as_secs_f64();
    let mut lost = 0;
    for n in &lab.controllers {
        lost = lost.max(done.difference(&rows_on(n)?).count());
    }
    let size = status(&lab.controllers[0], "wsrep_cluster_size").unwrap_or_default();
    let all_synced = lab.controllers.iter().all(synced);
    r.cases.push(case::case(
        "full-stop-recovery",
        "every mariadbd killed at once, recovered by the page's steps (galera/recover, galera/recover-bootstrap)",
        vec![
            case::measure("recovery_time", recovered, "s", None),
            case::measure("cluster_size", size.parse().unwrap_or(0.0), "nodes", None),
            case::measure("rows_committed_before", done.len() as f64, "rows", None),
            case::measure("rows_lost", lost as f64, "rows", Some(Bound::at_most(0.0))),
        ],
        None,
        all_synced && size == lab.controllers.len().to_string(),
    ));
    r.notes.push(
        "Killing mariadbd is a process crash, not a power loss: the kernel's page cache survives it, so \
         `innodb_flush_log_at_trx_commit = 2` loses nothing here; after a power loss of every node, up to about a \
         second of commits could be missing."
            .into(),
    );
    Ok(())
}

/// The page's recovery after every node stopped: find the most advanced node with galera/recover,
/// then bootstrap it and start the others with galera/recover-bootstrap.
fn recover(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    let lab = ctx.lab;
    let on = &lab.controllers[0];
    let recover = ctx.snippets.render("galera/recover", "")?;
    let cmds = console_commands(&recover);
    let [state_cmd, position_cmd] = cmds.as_slice() else {
        bail!(
            "galera/recover has {} commands; the lab expects two (grastate.dat, galera_recovery)",
            cmds.len()
        );
    };
    let state = on.sh_ok(state_cmd, Duration::from_secs(60))?.stdout;
    let unsafe_nodes = state.matches("safe_to_bootstrap: 0").count();
    r.notes.push(format!(
        "After every node was killed, grastate.dat said safe_to_bootstrap: 0 on {unsafe_nodes} of {} nodes, as on the page.",
        lab.controllers.len()
    ));
    let positions = on.sh_ok(position_cmd, Duration::from_secs(180))?.stdout;
    let winner = most_advanced(&positions)
        .with_context(|| format!("no position in the output of galera_recovery:\n{positions}"))?;
    ctx.progress.say(&format!(
        "  galera_recovery positions: {}; bootstrapping {winner}",
        positions.trim().replace('\n', ", ")
    ));
    r.notes.push(format!(
        "galera_recovery after the crash: {}.",
        positions.trim().replace('\n', "; ")
    ));
    let id = "galera/recover-bootstrap";
    let mut text = ctx.snippets.render(id, "")?;
    // The page's example bootstraps controller2; the lab swaps names when another node is ahead.
    let example = lab
        .controllers
        .get(1)
        .map(|n| n.name.clone())
        .context("fewer than two controllers")?;
    if winner != example {
        if !text.contains(&format!("root@{winner} ")) {
            bail!(
                "{id}: the lab expected `ssh root@{winner}` in the page's example, and it is not there"
            );
        }
        // A three-way swap through a placeholder that cannot occur in the text.
        let marker = "\u{1}";
        text = text
            .replace(&format!("root@{winner} "), &format!("root@{marker} "))
            .replace(&format!("root@{example} "), &format!("root@{winner} "))
            .replace(&format!("root@{marker} "), &format!("root@{example} "));
        ctx.snippets.note_rewrite(
            id,
            &format!("`ssh root@{winner}` → `ssh root@{example}` (run on {winner} instead of the example's {example})"),
            &format!("the page bootstraps the most advanced node, {example} in its example; in the lab it was {winner}"),
        );
    }
    let node = lab.controller(&winner)?;
    for cmd in console_commands(&text) {
        ctx.progress.say(&format!("  {winner}: {cmd}"));
        node.sh_ok(&cmd, Duration::from_secs(300))
            .with_context(|| format!("{id} on {winner}"))?;
    }
    Ok(())
}

/// The node with the highest `--wsrep_start_position` seqno in `NODE --wsrep_start_position=UUID:SEQ`
/// lines; the first such node on a tie.
pub(crate) fn most_advanced(output: &str) -> Option<String> {
    let mut best: Option<(i64, String)> = None;
    for line in output.lines() {
        let mut w = line.split_whitespace();
        let Some(node) = w.next() else { continue };
        let Some(pos) = w.find_map(|x| x.strip_prefix("--wsrep_start_position=")) else {
            continue;
        };
        let Some(seq) = pos.rsplit(':').next().and_then(|s| s.parse::<i64>().ok()) else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _)| seq > *b) {
            best = Some((seq, node.to_string()));
        }
    }
    best.map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_advanced_node() {
        let out = "controller1 --wsrep_start_position=6f4c:1527\ncontroller2 --wsrep_start_position=6f4c:1529\n\
                   controller3 --wsrep_start_position=6f4c:1528\n";
        assert_eq!(most_advanced(out).as_deref(), Some("controller2"));
        let tie =
            "controller1 --wsrep_start_position=u:7\ncontroller2 --wsrep_start_position=u:7\n";
        assert_eq!(most_advanced(tie).as_deref(), Some("controller1"));
        assert_eq!(most_advanced("controller1 \n"), None);
    }

    #[test]
    fn committed_rows_are_the_successful_inserts() {
        let s = |n: u64, ok| Sample {
            seq: n,
            start_us: 0,
            end_us: 0,
            ok,
            detail: if ok {
                n.to_string()
            } else {
                format!("{n}: timeout")
            },
        };
        let c = committed(&[s(1, true), s(2, false), s(3, true)]);
        assert_eq!(c.into_iter().collect::<Vec<_>>(), vec![1, 3]);
    }
}
