//! Scenario `rabbitmq`: three RabbitMQ nodes clustered the way the RabbitMQ page does it
//! (rabbitmq.conf, the cookie, join, the openstack user). A publisher with confirms writes to a
//! quorum queue through the brokers of the guide's transport_url while the broker it uses is
//! killed; afterwards every confirmed message must be consumed exactly once.

use super::case::{self, Client};
use super::probe::{Sample, outage};
use super::topology::Node;
use super::vip::run_snippet;
use super::{Ctx, sys, wait_for};
use anyhow::{Context, Result, bail};
use haguide_preprocessors::lab_results::{Bound, ScenarioResult};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const SCENARIO: &str = "rabbitmq";
/// Debian's interpreter, which has python3-pika (ci/lab.sh installs it).
const PYTHON: &str = "/usr/bin/python3";
const MESSAGES: u64 = 300;

pub(crate) fn run(ctx: &mut Ctx) -> ScenarioResult {
    case::scenario(
        ctx,
        SCENARIO,
        "three RabbitMQ nodes (rabbitmq/conf, cookie, join, user), a publisher with confirms writing \
                      one message every 50 ms to a quorum queue through the brokers of rabbitmq/oslo-messaging's \
                      transport_url",
        body,
    )
}

/// The brokers, user and password of a `rabbit://user:pass@host:port,user:pass@host:port/` URL.
pub(crate) fn transport(url: &str) -> Option<(Vec<String>, String, String)> {
    let rest = url.strip_prefix("rabbit://")?;
    let rest = rest.split('/').next()?;
    let mut hosts = Vec::new();
    let mut cred = None;
    for part in rest.split(',') {
        let (c, hp) = part.rsplit_once('@')?;
        let (u, p) = c.split_once(':')?;
        cred.get_or_insert((u.to_string(), p.to_string()));
        hosts.push(hp.split(':').next()?.to_string());
    }
    let (u, p) = cred?;
    Some((hosts, u, p))
}

fn variant(node: &Node) -> String {
    format!("node={}", node.name)
}

fn body(ctx: &mut Ctx, r: &mut ScenarioResult) -> Result<()> {
    let lab = ctx.lab;
    if !sys::executable(std::path::Path::new(PYTHON))
        || !sys::run_bounded(
            std::process::Command::new(PYTHON).args(["-c", "import pika"]),
            Duration::from_secs(20),
        )?
        .ok()
    {
        bail!("{PYTHON} cannot import pika: install python3-pika (bash ci/lab.sh does)");
    }
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
    ctx.progress
        .say("rabbitmq: rabbitmq.conf and the cookie on every controller, controller1 first");
    for node in &lab.controllers {
        let v = variant(node);
        let id = "rabbitmq/conf";
        node.write_file(&ctx.snippets.target(id, &v)?, &ctx.snippets.render(id, &v)?)?;
    }
    for node in &lab.controllers {
        let t = Instant::now();
        let text = ctx.snippets.render("rabbitmq/cookie", &variant(node))?;
        run_snippet(
            ctx,
            node,
            "rabbitmq/cookie",
            &text,
            Duration::from_secs(180),
        )?;
        r.notes.push(format!(
            "{} booted in {:.1} s (rabbitmq/cookie).",
            node.name,
            t.elapsed().as_secs_f64()
        ));
    }
    for node in &lab.controllers[1..] {
        let text = ctx.snippets.render("rabbitmq/join", &variant(node))?;
        run_snippet(ctx, node, "rabbitmq/join", &text, Duration::from_secs(180))?;
    }
    let first = &lab.controllers[0];
    let text = ctx.snippets.render("rabbitmq/user", "")?;
    run_snippet(ctx, first, "rabbitmq/user", &text, Duration::from_secs(60))?;
    let status = first
        .sh_ok(
            "rabbitmqctl cluster_status --formatter json",
            Duration::from_secs(60),
        )?
        .stdout;
    let running = lab
        .controllers
        .iter()
        .filter(|n| status.contains(&format!("\"rabbit@{}\"", n.name)))
        .count();
    let json: serde_json::Value =
        serde_json::from_str(status.trim()).context("cluster_status JSON")?;
    let running_nodes = json
        .get("running_nodes")
        .and_then(|v| v.as_array())
        .map(Vec::len)
        .unwrap_or(0);
    if running_nodes != lab.controllers.len() || running != lab.controllers.len() {
        bail!(
            "the cluster runs {running_nodes} node(s) after rabbitmq/join, not {}",
            lab.controllers.len()
        );
    }

    // The client: the guide's transport_url gives the brokers and the account.
    let messaging = ctx.snippets.render("rabbitmq/oslo-messaging", "")?;
    let url = messaging
        .lines()
        .find_map(|l| l.strip_prefix("transport_url = "))
        .context("rabbitmq/oslo-messaging has no transport_url")?;
    let (brokers, user, password) = transport(url).with_context(|| format!("cannot read {url}"))?;
    let script = lab.dir.join("amqp.py");
    std::fs::write(&script, include_str!("scripts/amqp.py")).context("writing amqp.py")?;
    let client = |mode: &str, count: u64| {
        let mut c = lab.client.command(PYTHON);
        c.arg(&script).args([
            mode,
            &brokers.join(","),
            &user,
            &password,
            &count.to_string(),
            "50",
        ]);
        c
    };

    // Kill the broker the publisher talks to (the first of the list) while it publishes.
    let victim = lab.controller(&brokers[0])?;
    ctx.progress.say(&format!(
        "rabbitmq: publishing with confirms, then killing {}",
        victim.name
    ));
    let publisher = Client::spawn(
        client("publish", MESSAGES),
        Duration::from_secs(MESSAGES * 6 + 30),
    )?;
    std::thread::sleep(Duration::from_secs(3));
    let event = sys::now_us();
    let killed = victim.signal_all("beam.smp", "KILL")?;
    if killed == 0 {
        bail!("no beam.smp on {}", victim.name);
    }
    let samples = publisher.finish()?;
    let o = outage(&samples, event);
    ctx.progress.say(&format!(
        "  broker-killed: publish gap {:.2} s, {} failed",
        o.longest_gap_s, o.failed
    ));
    let consumer = Client::spawn(client("consume", MESSAGES * 2), Duration::from_secs(120))?;
    let consumed = consumer.finish_json()?;
    let check = check_messages(&samples, &consumed);
    let chart = case::chart(
        ctx,
        (SCENARIO, "broker-killed"),
        "the publisher's broker killed (SIGKILL)",
        &samples,
        event,
        &o,
        "publish",
    )?;
    let mut m = case::outage_measures(&o, "publish", None);
    m.push(case::measure(
        "confirmed",
        check.confirmed as f64,
        "messages",
        None,
    ));
    m.push(case::measure(
        "confirmed_lost",
        check.lost as f64,
        "messages",
        Some(Bound::at_most(0.0)),
    ));
    m.push(case::measure(
        "confirmed_duplicated",
        check.duplicated as f64,
        "messages",
        Some(Bound::at_most(0.0)),
    ));
    m.push(case::measure(
        "unconfirmed_delivered",
        check.unconfirmed_delivered as f64,
        "messages",
        None,
    ));
    r.cases.push(case::case(
        "broker-killed",
        &format!(
            "RabbitMQ killed (SIGKILL of beam.smp) on {}, the publisher's broker",
            victim.name
        ),
        m,
        Some(chart),
        !o.never_back,
    ));
    r.notes.push(format!(
        "{} of {MESSAGES} messages confirmed, {} consumed; {} confirmed message(s) lost, {} consumed more than once, {} \
         unconfirmed message(s) delivered anyway (allowed: a publisher that did not get its confirm must publish again).",
        check.confirmed,
        consumed.len(),
        check.lost,
        check.duplicated,
        check.unconfirmed_delivered
    ));

    // The killed node comes back and rejoins.
    let t = Instant::now();
    victim.sh_ok("systemctl start rabbitmq-server", Duration::from_secs(180))?;
    let back = wait_for(Duration::from_secs(60), Duration::from_secs(1), || {
        let s = first_alive(ctx, victim)?
            .sh(
                "rabbitmqctl cluster_status --formatter json",
                Duration::from_secs(30),
            )
            .ok()?;
        let v: serde_json::Value = serde_json::from_str(s.stdout.trim()).ok()?;
        (v.get("running_nodes")?.as_array()?.len() == lab.controllers.len()).then_some(())
    });
    r.notes.push(match back {
        Some(()) => format!(
            "{} started again and was back in the cluster after {:.1} s.",
            victim.name,
            t.elapsed().as_secs_f64()
        ),
        None => format!(
            "{} started again but was not back in the cluster after {:.0} s.",
            victim.name,
            t.elapsed().as_secs_f64()
        ),
    });
    Ok(())
}

fn first_alive<'a>(ctx: &'a Ctx, not: &Node) -> Option<&'a Node> {
    ctx.lab.controllers.iter().find(|n| n.name != not.name)
}

/// What the consumer found against what the publisher had confirmed.
#[derive(Debug, PartialEq)]
pub(crate) struct MessageCheck {
    pub confirmed: usize,
    pub lost: usize,
    pub duplicated: usize,
    pub unconfirmed_delivered: usize,
}

pub(crate) fn check_messages(published: &[Sample], consumed: &[String]) -> MessageCheck {
    let number = |d: &str| {
        d.split(['@', ':'])
            .next()
            .and_then(|n| n.parse::<u64>().ok())
    };
    let confirmed: Vec<u64> = published
        .iter()
        .filter(|s| s.ok)
        .filter_map(|s| number(&s.detail))
        .collect();
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    for b in consumed {
        if let Ok(n) = b.parse::<u64>() {
            *seen.entry(n).or_default() += 1;
        }
    }
    MessageCheck {
        confirmed: confirmed.len(),
        lost: confirmed.iter().filter(|n| !seen.contains_key(n)).count(),
        duplicated: confirmed
            .iter()
            .filter(|n| seen.get(n).is_some_and(|c| *c > 1))
            .count(),
        unconfirmed_delivered: seen.keys().filter(|n| !confirmed.contains(n)).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_url_of_the_guide() {
        let (h, u, p) = transport("rabbit://openstack:RABBIT_PASS@controller1:5672,openstack:RABBIT_PASS@controller2:5672/")
            .expect("url");
        assert_eq!(h, vec!["controller1", "controller2"]);
        assert_eq!((u.as_str(), p.as_str()), ("openstack", "RABBIT_PASS"));
        assert!(transport("amqp://x").is_none());
    }

    #[test]
    fn confirmed_messages_exactly_once() {
        let s = |n: u64, ok| Sample {
            seq: n,
            start_us: 0,
            end_us: 0,
            ok,
            detail: if ok {
                format!("{n}@c1")
            } else {
                format!("{n}: X")
            },
        };
        let published = [s(1, true), s(2, true), s(3, false), s(4, true)];
        let consumed: Vec<String> = ["1", "2", "2", "3"].iter().map(|x| x.to_string()).collect();
        assert_eq!(
            check_messages(&published, &consumed),
            MessageCheck {
                confirmed: 3,
                lost: 1,
                duplicated: 1,
                unconfirmed_delivered: 1
            }
        );
    }
}
