//! What every scenario does around a failure: run a client in the client namespace, note when
//! the failure happened, read back the client's record, and turn it into measures and a chart.

use super::probe::{Outage, Sample};
use super::{Ctx, sys};
use anyhow::{Context, Result, bail};
use haguide_preprocessors::lab_results::{Bound, CaseResult, Measure, ScenarioResult};
use std::io::Read;
use std::process::{Child, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

/// A client running in the background.
pub(crate) struct Client {
    child: Child,
    out: JoinHandle<String>,
    err: JoinHandle<String>,
    /// The longest it may run.
    limit: Duration,
}

impl Client {
    /// Starts `haguide lab probe` against `url` in the client namespace for `count` requests.
    pub(crate) fn http(ctx: &Ctx, url: &str, count: u64) -> Result<Client> {
        let mut c = ctx.lab.client.command(&ctx.exe.to_string_lossy());
        c.args([
            "lab",
            "probe",
            "--url",
            url,
            "--interval-ms",
            "50",
            "--timeout-ms",
            "2000",
        ])
        .arg("--count")
        .arg(count.to_string());
        Client::spawn(c, Duration::from_millis(count * 50 + 6_000))
    }

    /// Starts any client command that prints samples as JSON lines.
    pub(crate) fn spawn(mut c: std::process::Command, limit: Duration) -> Result<Client> {
        let mut child = c
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting the lab client")?;
        let mut so = child.stdout.take().context("client stdout")?;
        let mut se = child.stderr.take().context("client stderr")?;
        let out = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = so.read_to_string(&mut s);
            s
        });
        let err = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = se.read_to_string(&mut s);
            s
        });
        Ok(Client {
            child,
            out,
            err,
            limit,
        })
    }

    /// Waits for the client to end and parses its output as one JSON list of strings.
    pub(crate) fn finish_json(mut self) -> Result<Vec<String>> {
        let status = sys::wait_deadline(&mut self.child, self.limit)?;
        if status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let out = self.out.join().unwrap_or_default();
        let err = self.err.join().unwrap_or_default();
        if !status.is_some_and(|s| s.success()) {
            bail!("the lab client failed: {}", err.trim());
        }
        serde_json::from_str(out.trim()).with_context(|| format!("the lab client's output: {out}"))
    }

    /// Waits for the client to end (killing it after its limit) and parses its record.
    pub(crate) fn finish(mut self) -> Result<Vec<Sample>> {
        let status = sys::wait_deadline(&mut self.child, self.limit)?;
        if status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let out = self.out.join().unwrap_or_default();
        let err = self.err.join().unwrap_or_default();
        if status.is_some_and(|s| !s.success()) {
            bail!("the lab client failed: {}", err.trim());
        }
        let samples = super::probe::parse_samples(&out)?;
        if samples.is_empty() {
            bail!("the lab client recorded nothing: {}", err.trim());
        }
        Ok(samples)
    }
}

fn plural(what: &str) -> &str {
    match what {
        "publish" => "publishes",
        "insert" => "inserts",
        _ => "requests",
    }
}

pub(crate) fn measure(name: &str, value: f64, unit: &str, bound: Option<Bound>) -> Measure {
    Measure {
        name: name.to_string(),
        value: if value.is_finite() {
            (value * 1000.0).round() / 1000.0
        } else {
            -1.0
        },
        unit: unit.to_string(),
        bound,
    }
}

/// A case whose verdict is its measures' bounds, and `extra_ok` (a check with no number).
pub(crate) fn case(
    case: &str,
    title: &str,
    measured: Vec<Measure>,
    chart: Option<String>,
    extra_ok: bool,
) -> CaseResult {
    CaseResult {
        case: case.to_string(),
        title: title.to_string(),
        passed: extra_ok && measured.iter().all(|m| m.passed() && m.value >= 0.0),
        measured,
        chart,
    }
}

/// Writes the case's timeline and returns its path relative to the results directory.
pub(crate) fn chart(
    ctx: &Ctx,
    (scenario, case): (&str, &str),
    title: &str,
    samples: &[Sample],
    event_us: i64,
    outage: &Outage,
    what: &str,
) -> Result<String> {
    let svg = super::chart::timeline(title, samples, event_us, outage, what)?;
    let name = format!("{scenario}-{case}.svg");
    let path = ctx.charts.join(&name);
    std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
    Ok(format!("charts/{name}"))
}

/// The standard measures of an outage: the longest stretch without an answer (with the bound),
/// when the service answered again, when the last failure was over, how many requests failed.
pub(crate) fn outage_measures(o: &Outage, what: &str, bound: Option<Bound>) -> Vec<Measure> {
    // The bound applies to the longest stretch without an answer: a request that hangs until
    // the VIP moves is as unanswered as one that fails.
    vec![
        measure("unanswered_for", o.longest_gap_s, "s", bound),
        measure("answering_again_after", o.back_after_s, "s", None),
        measure("last_failure_over_after", o.recovered_after_s, "s", None),
        measure(
            &format!("failed_{}", plural(what)),
            o.failed as f64,
            plural(what),
            None,
        ),
    ]
}

/// Who held the VIP at each moment of a case (microseconds, holders).
pub(crate) type Timeline = Vec<(i64, Vec<String>)>;

/// What a VIP case saw: the client's outage, the VIP's holders over time and the chart.
pub(crate) struct Observed {
    pub(crate) event_us: i64,
    pub(crate) outage: Outage,
    pub(crate) timeline: Timeline,
    pub(crate) end_us: i64,
    pub(crate) chart: String,
}

/// Ends a VIP case: reads the client's record, measures the outage from `event`, draws the chart
/// and reports the case on the progress line.
pub(crate) fn conclude(
    ctx: &Ctx,
    (scenario, case_id, title): (&str, &str, &str),
    client: Client,
    event: i64,
    timeline: Timeline,
) -> Result<Observed> {
    let samples = client.finish()?;
    let end_us = sys::now_us();
    let o = super::probe::outage(&samples, event);
    let chart = chart(
        ctx,
        (scenario, case_id),
        title,
        &samples,
        event,
        &o,
        "request",
    )?;
    ctx.progress.say(&format!(
        "  {case_id}: {} failed request(s), answering again after {:.2} s, last failure over after {:.2} s",
        o.failed, o.back_after_s, o.recovered_after_s
    ));
    Ok(Observed {
        event_us: event,
        outage: o,
        timeline,
        end_us,
        chart,
    })
}

/// Runs a scenario's `body` and turns its outcome into the scenario's record: passed when it
/// ran to the end and every case passed, otherwise the error that stopped it.
pub(crate) fn scenario(
    ctx: &mut Ctx,
    name: &str,
    description: &str,
    body: impl FnOnce(&mut Ctx, &mut ScenarioResult) -> Result<()>,
) -> ScenarioResult {
    let mut r = ScenarioResult {
        scenario: name.into(),
        date: sys::iso_utc(sys::now_us() / 1_000_000),
        description: description.into(),
        passed: false,
        error: None,
        broken: None,
        cases: Vec::new(),
        rewrites: Vec::new(),
        notes: Vec::new(),
    };
    match body(ctx, &mut r) {
        Ok(()) => r.passed = !r.cases.is_empty() && r.cases.iter().all(|c| c.passed),
        Err(e) => r.error = Some(format!("{e:#}")),
    }
    r
}

/// Starts a client polling `url` on the internal VIP every 50 ms for one second of baseline
/// plus `window`, and waits out the baseline. Returns the VIP's address and the client.
pub(crate) fn vip_client(ctx: &Ctx, port: u16, window: Duration) -> Result<(String, Client)> {
    let vip = ctx
        .snippets
        .profile
        .vips
        .get("internal")
        .context("no internal VIP")?
        .address
        .clone();
    let url = format!("http://{vip}:{port}/");
    let pre = Duration::from_secs(1);
    let count = ((pre + window).as_millis() / 50) as u64;
    let client = Client::http(ctx, &url, count)?;
    std::thread::sleep(pre);
    Ok((vip, client))
}
