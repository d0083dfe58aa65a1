//! The client side of the lab: an HTTP probe that sends one request every interval (each on its
//! own thread, so a hanging request does not delay the next one), the record of each request,
//! and the arithmetic that turns a record into "the VIP answered again after X s".

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// One client request (HTTP GET, SQL insert, AMQP publish) and how it ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sample {
    pub seq: u64,
    /// Microseconds since the Unix epoch.
    pub start_us: i64,
    pub end_us: i64,
    pub ok: bool,
    /// Who answered (the backend's name) or what went wrong.
    pub detail: String,
}

/// What a client saw around one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Outage {
    /// Failed requests that ended after the event.
    pub failed: usize,
    /// From the event to the first answer after the first failure, in seconds (0 if none
    /// failed): when the service answered again.
    pub back_after_s: f64,
    /// From the event to the first answer after the last failure, in seconds (0 if none failed):
    /// when it stopped failing altogether (later than `back_after_s` when some requests still
    /// failed after the first answer, for example on a dead backend HAProxy had not yet marked
    /// down).
    pub recovered_after_s: f64,
    /// The longest time with no successful answer, in seconds, from the event on.
    pub longest_gap_s: f64,
    /// When the first failure after the event started, if any (µs since the epoch).
    pub first_fail_us: Option<i64>,
    /// When service answered again (µs since the epoch), if it failed.
    pub back_us: Option<i64>,
    /// When the last failure was over (µs since the epoch), if it failed.
    pub recovered_us: Option<i64>,
    /// True when something failed and nothing succeeded after the last failure.
    pub never_back: bool,
}

/// The first answer to a request that started after `after_us` (µs since the epoch).
fn first_answer_after(samples: &[Sample], after_us: i64) -> Option<i64> {
    samples
        .iter()
        .filter(|s| s.ok && s.start_us > after_us)
        .map(|s| s.end_us)
        .min()
}

/// Measures the outage that `samples` show after an event at `event_us`.
pub fn outage(samples: &[Sample], event_us: i64) -> Outage {
    let failures: Vec<&Sample> = samples
        .iter()
        .filter(|s| !s.ok && s.end_us >= event_us)
        .collect();
    let first_fail_us = failures.iter().map(|s| s.start_us).min();
    let last_fail_start = failures.iter().map(|s| s.start_us).max();
    let back_us = first_fail_us.and_then(|f| first_answer_after(samples, f));
    let recovered_us = last_fail_start.and_then(|l| first_answer_after(samples, l));
    let never_back = !failures.is_empty() && recovered_us.is_none();
    let secs = |t: Option<i64>| match t {
        Some(b) => (b - event_us).max(0) as f64 / 1e6,
        None if failures.is_empty() => 0.0,
        None => f64::INFINITY,
    };
    // Successful answers over time: the longest stretch between two of them (or from the event to
    // the first one) is the longest time a polling client went unanswered.
    let mut answers: Vec<i64> = samples
        .iter()
        .filter(|s| s.ok && s.end_us >= event_us)
        .map(|s| s.end_us)
        .collect();
    answers.sort_unstable();
    let mut prev = event_us;
    let mut longest = 0i64;
    for a in &answers {
        longest = longest.max(a - prev);
        prev = *a;
    }
    if never_back && let Some(end) = samples.iter().map(|s| s.end_us).max() {
        longest = longest.max(end - prev);
    }
    Outage {
        failed: failures.len(),
        back_after_s: secs(back_us),
        recovered_after_s: secs(recovered_us),
        longest_gap_s: longest as f64 / 1e6,
        first_fail_us,
        back_us,
        recovered_us,
        never_back,
    }
}

/// Parses the probe's JSON-lines output; lines that are not samples are an error.
pub fn parse_samples(text: &str) -> Result<Vec<Sample>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line)
                .with_context(|| format!("probe output line {}: {line}", i + 1))?,
        );
    }
    out.sort_by_key(|s: &Sample| s.seq);
    Ok(out)
}

/// `haguide lab probe`: `count` GET requests to `url`, one every `interval`, each with `timeout`;
/// one JSON line per request on stdout.
pub fn run_http(url: &str, interval: Duration, count: u64, timeout: Duration) -> Result<()> {
    let (addr, host, path) = parse_url(url)?;
    if count > 100_000 {
        bail!("--count {count} is more than the lab allows (100000)");
    }
    let start = Instant::now();
    let mut handles = Vec::new();
    for seq in 0..count {
        let due = start + interval * u32::try_from(seq).unwrap_or(u32::MAX);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let host = host.clone();
        let path = path.clone();
        handles.push(std::thread::spawn(move || {
            let start_us = super::sys::now_us();
            let (ok, detail) = match get(addr, &host, &path, timeout) {
                Ok((200, body)) => (true, body.lines().next().unwrap_or("").trim().to_string()),
                Ok((code, _)) => (false, format!("HTTP {code}")),
                Err(e) => (false, e),
            };
            let s = Sample {
                seq,
                start_us,
                end_us: super::sys::now_us(),
                ok,
                detail,
            };
            if let Ok(line) = serde_json::to_string(&s) {
                // One write per line: lines from different threads do not interleave.
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
            }
        }));
        // Finished threads are joined as we go, so at most timeout/interval run at once.
        handles.retain(|h| !h.is_finished());
    }
    for h in handles {
        let _ = h.join();
    }
    Ok(())
}

/// `haguide lab writer`: `count` numbered INSERTs through `host`, one after the other and at
/// most one every `interval`, each by its own `mariadb` client (a new connection, as a service
/// that reconnects would make) with `timeout`; one JSON line per row on stdout. A row counts as
/// committed only when the client exits 0 (autocommit: the commit was acknowledged).
pub fn run_sql_writer(
    host: &str,
    user: &str,
    password: &str,
    first: u64,
    count: u64,
    interval: Duration,
    timeout: Duration,
) -> Result<()> {
    if count > 100_000 {
        bail!("--count {count} is more than the lab allows (100000)");
    }
    let start = Instant::now();
    for i in 0..count {
        let due = start + interval * u32::try_from(i).unwrap_or(u32::MAX);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let n = first + i;
        let start_us = super::sys::now_us();
        let mut c = std::process::Command::new("mariadb");
        c.args(["-h", host, "-u", user])
            .arg(format!("-p{password}"))
            .arg(format!("--connect-timeout={}", timeout.as_secs().max(1)))
            .arg("-e")
            .arg(format!("INSERT INTO lab.rows (n, at) VALUES ({n}, NOW(6))"));
        let (ok, detail) = match super::sys::run_bounded(&mut c, timeout) {
            Ok(r) if r.ok() => (true, n.to_string()),
            Ok(r) if r.status.is_none() => (false, format!("{n}: timeout")),
            Ok(r) => (
                false,
                format!("{n}: {}", r.tail().lines().last().unwrap_or("").trim()),
            ),
            Err(e) => (false, format!("{n}: {e}")),
        };
        let s = Sample {
            seq: i,
            start_us,
            end_us: super::sys::now_us(),
            ok,
            detail,
        };
        println!("{}", serde_json::to_string(&s).context("sample")?);
    }
    Ok(())
}

/// `http://198.18.0.10:5000/path` into the address, the Host header and the path.
pub fn parse_url(url: &str) -> Result<(SocketAddr, String, String)> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("{url}: only http:// URLs"))?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr: SocketAddr = if hostport.contains(':') {
        hostport.parse()
    } else {
        format!("{hostport}:80").parse()
    }
    .with_context(|| format!("{url}: the host must be an IPv4 address and port"))?;
    Ok((addr, hostport.to_string(), path.to_string()))
}

fn get(
    addr: SocketAddr,
    host: &str,
    path: &str,
    timeout: Duration,
) -> Result<(u16, String), String> {
    let deadline = Instant::now() + timeout;
    let mut s = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|e| format!("connect: {}", short(&e)))?;
    let left = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(1));
    s.set_read_timeout(Some(left)).map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(left)).map_err(|e| e.to_string())?;
    s.write_all(
        format!("GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .map_err(|e| format!("send: {}", short(&e)))?;
    let mut buf = Vec::new();
    s.take(64 * 1024)
        .read_to_end(&mut buf)
        .map_err(|e| format!("read: {}", short(&e)))?;
    let text = String::from_utf8_lossy(&buf);
    let code = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| "no HTTP status line".to_string())?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((code, body))
}

fn short(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => "timeout".into(),
        std::io::ErrorKind::ConnectionRefused => "refused".into(),
        std::io::ErrorKind::ConnectionReset => "reset".into(),
        _ => e.to_string(),
    }
}

/// `haguide lab backend`: answers 200 with `name` to every request on every `listen` address,
/// standing in for an OpenStack API behind HAProxy (its health checks and the client's GETs).
pub fn run_backend(name: &str, listen: &[String], lifetime: Duration) -> Result<()> {
    let mut threads = Vec::new();
    for l in listen {
        let server = tiny_http::Server::http(l.as_str())
            .map_err(|e| anyhow::anyhow!("listening on {l}: {e}"))?;
        let body = format!("{name}\n");
        threads.push(std::thread::spawn(move || {
            let end = Instant::now() + lifetime;
            while Instant::now() < end {
                match server.recv_timeout(Duration::from_millis(500)) {
                    Ok(Some(req)) => {
                        let _ = req.respond(tiny_http::Response::from_string(body.clone()));
                    }
                    Ok(None) => {}
                    Err(_) => break,
                }
            }
        }));
    }
    for t in threads {
        let _ = t.join();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(seq: u64, start_ms: i64, ok: bool) -> Sample {
        Sample {
            seq,
            start_us: start_ms * 1000,
            end_us: start_ms * 1000 + 5_000,
            ok,
            detail: String::new(),
        }
    }

    #[test]
    fn no_failure_is_no_outage() {
        let v: Vec<Sample> = (0..10).map(|i| s(i, i as i64 * 50, true)).collect();
        let o = outage(&v, 100_000);
        assert_eq!(o.failed, 0);
        assert_eq!(o.back_after_s, 0.0);
        assert!(!o.never_back);
        assert!(o.longest_gap_s < 0.06, "{o:?}");
    }

    #[test]
    fn back_after_the_last_failure() {
        // Event at 100 ms; requests at 150..=400 fail, 450 answers at 455.
        let v: Vec<Sample> = (0..12)
            .map(|i| s(i, i as i64 * 50, !(3..=8).contains(&i)))
            .collect();
        let o = outage(&v, 100_000);
        assert_eq!(o.failed, 6);
        assert!((o.back_after_s - 0.355).abs() < 1e-9, "{o:?}");
        assert_eq!(o.back_after_s, o.recovered_after_s);
        assert_eq!(o.first_fail_us, Some(150_000));
        assert_eq!(o.back_us, Some(455_000));
    }

    #[test]
    fn answering_again_and_recovering_differ_when_failures_straggle() {
        // A dead backend: the VIP answers again at 300 ms, one request in three still fails
        // until 600 ms.
        let ok = |i: u64| !((2..=4).contains(&i) || (5..=12).contains(&i) && i.is_multiple_of(3));
        let v: Vec<Sample> = (0..20).map(|i| s(i, i as i64 * 50, ok(i))).collect();
        let o = outage(&v, 90_000);
        assert!(
            (o.back_after_s - (255_000.0 - 90_000.0) / 1e6).abs() < 1e-9,
            "{o:?}"
        );
        assert!(
            (o.recovered_after_s - (655_000.0 - 90_000.0) / 1e6).abs() < 1e-9,
            "{o:?}"
        );
        assert!(!o.never_back);
    }

    #[test]
    fn failures_before_the_event_do_not_count() {
        let v = vec![s(0, 0, false), s(1, 50, true), s(2, 100, true)];
        assert_eq!(outage(&v, 80_000).failed, 0);
    }

    #[test]
    fn never_back() {
        let v = vec![s(0, 0, true), s(1, 50, false), s(2, 100, false)];
        let o = outage(&v, 40_000);
        assert!(o.never_back);
        assert!(o.recovered_after_s.is_infinite());
    }

    #[test]
    fn urls() {
        let (a, h, p) = parse_url("http://198.18.0.10:5000/v3").expect("url");
        assert_eq!(a.to_string(), "198.18.0.10:5000");
        assert_eq!(h, "198.18.0.10:5000");
        assert_eq!(p, "/v3");
        assert!(parse_url("https://x").is_err());
    }

    #[test]
    fn samples_round_trip() {
        let line = serde_json::to_string(&s(3, 10, true)).expect("json");
        assert_eq!(
            parse_samples(&format!("{line}\n\n")).expect("parse"),
            vec![s(3, 10, true)]
        );
        assert!(parse_samples("junk").is_err());
    }
}
