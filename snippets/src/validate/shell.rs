//! Shell command sequences and console transcripts.
//!
//! Every command a reader is told to run must exist: its name is a shell keyword or builtin, a
//! function defined earlier, a path, or one of the commands this guide uses (the allowlist
//! below), so a typo such as `systemclt` fails the build with a near-match hint. `systemctl`
//! verbs are checked, and `pcs` and `crm` commands go to their own validators with one
//! [`PacemakerState`] per text, so a constraint can be checked against the resources created
//! above it.

use super::lex::{self, Command, Heredoc, Op, Word};
use super::pacemaker::PacemakerState;
use super::{crmsh, pcs};
use crate::diag::{Diagnostic, did_you_mean};
use std::collections::BTreeSet;

/// Which Pacemaker shell a sequence is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Any commands; pcs and crm ones are still checked.
    Any,
    /// At least one `pcs` command and no `crm` command.
    Pcs,
    /// At least one `crm` command and no `pcs` command.
    Crmsh,
}

/// Reserved words that may stand before a command name.
const PREFIX_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac",
    "time",
];

/// Shell builtins (bash's, which is what a reader's root shell is).
const BUILTINS: &[&str] = &[
    ".",
    ":",
    "[",
    "alias",
    "bg",
    "break",
    "builtin",
    "cd",
    "command",
    "continue",
    "declare",
    "echo",
    "eval",
    "exec",
    "exit",
    "export",
    "false",
    "fg",
    "getopts",
    "hash",
    "jobs",
    "let",
    "local",
    "mapfile",
    "popd",
    "printf",
    "pushd",
    "pwd",
    "read",
    "readarray",
    "readonly",
    "return",
    "set",
    "shift",
    "shopt",
    "source",
    "test",
    "times",
    "trap",
    "true",
    "type",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "wait",
];

/// The commands this guide's sequences use. A command missing here is almost always a typo;
/// when the guide really needs a new one, add it.
#[rustfmt::skip] // one group of related commands per line
const ALLOWED: &[&str] = &[
    // packages
    "apt", "apt-get", "apt-cache", "dpkg", "dnf", "yum", "rpm", "update-alternatives",
    "subscription-manager",
    // systemd and the system
    "systemctl", "journalctl", "systemd-analyze", "hostnamectl", "timedatectl", "loginctl",
    "hostname", "uname", "uptime", "date", "id", "whoami", "getent", "passwd", "chpasswd",
    "usermod", "useradd", "groupadd", "su", "runuser", "sudo", "env", "nohup", "nice",
    "setsid", "timeout", "watch", "xargs", "modprobe", "lsmod", "mount", "umount", "df", "du",
    "free", "nproc", "lsblk", "blkid", "sysctl", "setenforce", "getenforce", "setsebool",
    "semanage", "restorecon", "update-ca-certificates", "logger", "bash", "sh",
    // Pacemaker and Corosync
    "pcs", "crm", "crm_mon", "crm_verify", "crm_simulate", "crm_resource", "crm_attribute",
    "crm_node", "crm_report", "crm_shadow", "crm_failcount", "crm_standby", "crm_ticket",
    "cibadmin", "corosync", "corosync-keygen", "corosync-cfgtool", "corosync-quorumtool",
    "corosync-cmapctl", "corosync-qnetd-tool", "corosync-qdevice-tool", "stonith_admin",
    "sbd", "fence_ipmilan", "fence_redfish", "fence_virsh", "fence_sbd", "ipmitool",
    // files and text
    "install", "cp", "mv", "rm", "ln", "mkdir", "rmdir", "touch", "chown", "chmod", "chgrp",
    "cat", "tee", "sed", "awk", "grep", "sort", "uniq", "head", "tail", "wc", "diff", "cmp",
    "tr", "cut", "base64", "dd", "ls", "stat", "readlink", "realpath", "basename", "dirname",
    "mktemp", "which", "seq", "find", "tar", "gzip", "sha256sum", "md5sum", "crudini", "jq",
    "less", "sleep", "qemu-img",
    // network
    "ip", "ss", "ping", "arping", "curl", "wget", "nc", "socat", "openssl", "scp", "ssh",
    "ssh-keygen", "ssh-copy-id", "rsync", "dig", "host", "nslookup", "tcpdump", "ethtool",
    "nmcli", "netplan", "bridge", "firewall-cmd", "ufw", "nft", "iptables", "chronyc", "ifup",
    "ifdown",
    // processes
    "kill", "pkill", "pgrep", "killall", "pidof", "lsof", "ps",
    // HA services
    "haproxy", "haguide", "keepalived", "memcached", "memcstat", "memccat", "redis-cli", "etcdctl",
    "mysql", "mariadb", "mariadb-admin", "mysqladmin", "mariadb-backup", "mariabackup",
    "galera_new_cluster", "galera_recovery", "mariadbd", "mysqld", "mysqld_safe", "garbd",
    "clustercheck", "rabbitmqctl", "rabbitmq-diagnostics", "rabbitmq-plugins",
    "rabbitmq-queues", "rabbitmq-streams", "rabbitmq-upgrade", "rabbitmq-server", "apachectl", "a2enmod",
    "a2ensite", "a2enconf", "podman", "docker", "virsh",
    // OpenStack
    "openstack", "keystone-manage", "glance-manage", "nova-manage", "placement-manage", "placement-status", "nova-status", "rbd",
    "neutron-db-manage", "cinder-manage", "heat-manage", "manila-manage", "ovn-nbctl",
    "ovn-sbctl", "ovs-vsctl", "ovs-appctl", "ovn-appctl", "ovsdb-tool", "ovsdb-client", "ovn-ctl",
    "swift-ring-builder", "swift-recon", "swift", "ceph", "python3",
];

/// systemctl verbs (systemctl(1), systemd 252).
const SYSTEMCTL_VERBS: &[&str] = &[
    "list-units",
    "list-automounts",
    "list-sockets",
    "list-timers",
    "list-jobs",
    "list-unit-files",
    "list-dependencies",
    "list-machines",
    "start",
    "stop",
    "reload",
    "restart",
    "try-restart",
    "reload-or-restart",
    "try-reload-or-restart",
    "isolate",
    "kill",
    "clean",
    "freeze",
    "thaw",
    "is-active",
    "is-failed",
    "status",
    "show",
    "cat",
    "help",
    "reset-failed",
    "set-property",
    "bind",
    "mount-image",
    "enable",
    "disable",
    "reenable",
    "preset",
    "preset-all",
    "is-enabled",
    "mask",
    "unmask",
    "link",
    "revert",
    "add-wants",
    "add-requires",
    "edit",
    "get-default",
    "set-default",
    "cancel",
    "show-environment",
    "set-environment",
    "unset-environment",
    "import-environment",
    "daemon-reload",
    "daemon-reexec",
    "log-level",
    "log-target",
    "service-watchdogs",
    "is-system-running",
    "default",
    "rescue",
    "emergency",
    "halt",
    "poweroff",
    "reboot",
    "kexec",
    "suspend",
    "hibernate",
    "switch-root",
];

/// Verbs that act on units and do nothing useful without one.
const SYSTEMCTL_UNIT_VERBS: &[&str] = &[
    "start",
    "stop",
    "reload",
    "restart",
    "try-restart",
    "reload-or-restart",
    "try-reload-or-restart",
    "isolate",
    "kill",
    "clean",
    "freeze",
    "thaw",
    "is-active",
    "is-failed",
    "cat",
    "set-property",
    "enable",
    "disable",
    "reenable",
    "preset",
    "is-enabled",
    "mask",
    "unmask",
    "link",
    "revert",
    "edit",
];

/// systemctl options whose value is the next word.
const SYSTEMCTL_OPTIONS_WITH_VALUE: &[&str] = &[
    "-t",
    "--type",
    "-p",
    "--property",
    "--state",
    "-H",
    "--host",
    "-M",
    "--machine",
    "-n",
    "--lines",
    "-o",
    "--output",
    "-s",
    "--signal",
    "--kill-whom",
    "--root",
    "--job-mode",
];

/// Checks a shell command sequence.
pub(crate) fn check(text: &str, expect: Expect) -> Vec<Diagnostic> {
    check_after(&[], text, expect)
}

/// Checks `text` as the continuation of `earlier` sequences (the snippets a reader ran before
/// it), so its constraints can name the resources and nodes those created; only the findings
/// in `text` are returned.
pub(crate) fn check_after(earlier: &[&str], text: &str, expect: Expect) -> Vec<Diagnostic> {
    let state = earlier.iter().fold(PacemakerState::default(), |state, e| {
        run(e, Expect::Any, state).1
    });
    run(text, expect, state).0
}

fn run(text: &str, expect: Expect, state: PacemakerState) -> (Vec<Diagnostic>, PacemakerState) {
    let lexed = lex::lex(text);
    let mut checker = Checker::new(text, expect, state);
    checker.out.extend(lexed.errors);
    for cmd in &lexed.commands {
        checker.command(cmd);
    }
    checker.finish()
}

/// Checks a console transcript: `# ` and `$ ` lines are commands, everything else is output.
pub(crate) fn check_console(text: &str) -> Vec<Diagnostic> {
    let (script, commands) = console_script(text);
    if commands == 0 {
        return vec![
            Diagnostic::error(0, "a console transcript has no command line")
                .help("start each command with the prompt `# ` (root) or `$ ` (user)"),
        ];
    }
    check(&script, Expect::Any)
}

/// The commands of a transcript as a script with the same line numbers and columns: prompts
/// become spaces, output lines become empty. Lines continuing a command (after a trailing `\`,
/// inside a here-document, or after a `> ` continuation prompt) are kept.
fn console_script(text: &str) -> (String, usize) {
    let mut out = Vec::new();
    let mut commands = 0;
    let mut continues = false;
    let mut heredoc: Option<String> = None;
    for line in text.lines() {
        let kept = if let Some(delimiter) = &heredoc {
            if line.strip_prefix("> ").unwrap_or(line).trim() == delimiter {
                heredoc = None;
            }
            // A here-document body is not a command: its `> ` prompt goes, columns do not matter.
            line.strip_prefix("> ").unwrap_or(line).to_string()
        } else if let Some(cmd) = prompt_command(line) {
            commands += 1;
            cmd
        } else if continues {
            line.strip_prefix("> ")
                .map_or_else(|| line.to_string(), |rest| format!("  {rest}"))
        } else {
            String::new()
        };
        if heredoc.is_none() {
            heredoc = heredoc_delimiter(&kept);
        }
        continues = kept.trim_end().ends_with('\\');
        out.push(kept);
    }
    (out.join("\n") + "\n", commands)
}

fn prompt_command(line: &str) -> Option<String> {
    ["# ", "$ "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .map(|rest| format!("  {rest}"))
}

/// The delimiter of a here-document started on a command line, quotes and `-` removed.
fn heredoc_delimiter(line: &str) -> Option<String> {
    let at = line.find("<<")?;
    let rest = line[at + 2..].trim_start_matches('-');
    if rest.starts_with('<') {
        return None;
    }
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '|' | '&' | '>' | ')'))
        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
        .collect();
    (!word.is_empty()).then_some(word)
}

/// Where a `case` statement is, so its patterns are not read as commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseState {
    Outside,
    /// After `in` or `;;`: the next words up to `)` are a pattern.
    Pattern,
    Arm,
}

struct Checker<'a> {
    lines: Vec<&'a str>,
    expect: Expect,
    state: PacemakerState,
    functions: BTreeSet<String>,
    case: CaseState,
    pcs_seen: bool,
    crm_seen: bool,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(text: &'a str, expect: Expect, state: PacemakerState) -> Self {
        Checker {
            lines: text.lines().collect(),
            expect,
            state,
            functions: BTreeSet::new(),
            case: CaseState::Outside,
            pcs_seen: false,
            crm_seen: false,
            out: Vec::new(),
        }
    }

    fn line_text(&self, line: usize) -> &'a str {
        line.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or_default()
    }

    fn finish(mut self) -> (Vec<Diagnostic>, PacemakerState) {
        match self.expect {
            Expect::Pcs if !self.pcs_seen => self.out.push(
                Diagnostic::error(0, "a pcs sequence has no `pcs` command")
                    .help("write the pcs commands, or give the snippet another format"),
            ),
            Expect::Crmsh if !self.crm_seen => self.out.push(
                Diagnostic::error(0, "a crmsh sequence has no `crm` command")
                    .help("write the crm commands, or give the snippet another format"),
            ),
            _ => {}
        }
        (self.out, self.state)
    }

    fn command(&mut self, cmd: &Command) {
        if cmd.function_def {
            self.functions
                .extend(cmd.words.first().map(|w| w.text.clone()));
            return;
        }
        if self.case_pattern(cmd) {
            return;
        }
        let Some(start) = self.command_start(cmd) else {
            return;
        };
        let Some(start) = skip_wrappers(&cmd.words, start) else {
            return;
        };
        let words = &cmd.words[start..];
        self.check_name(&words[0]);
        self.dispatch(words, cmd);
    }

    /// Tracks `case ... in`, `pattern)`, `;;` and `esac`; true when `cmd` is a pattern.
    fn case_pattern(&mut self, cmd: &Command) -> bool {
        let first = cmd.words.first().map(|w| w.text.as_str());
        if first == Some("esac") {
            self.case = CaseState::Outside;
            return true;
        }
        let is_pattern =
            self.case == CaseState::Pattern && matches!(cmd.ended_by, Some(Op::Pipe | Op::RParen));
        if cmd.ended_by == Some(Op::RParen) && is_pattern {
            self.case = CaseState::Arm;
        }
        if cmd.ended_by == Some(Op::DoubleSemi) && self.case != CaseState::Outside {
            self.case = CaseState::Pattern;
        }
        is_pattern
    }

    /// The index of the command name: after reserved words and variable assignments. None for
    /// commands that have no name to check (`for` headers, `case`, `[[ ]]`, assignments).
    fn command_start(&mut self, cmd: &Command) -> Option<usize> {
        let words = &cmd.words;
        let mut i = 0;
        while let Some(w) = words.get(i) {
            let t = w.text.as_str();
            match t {
                // `NAME="a value"` is an assignment even though part of it is quoted.
                _ if is_assignment(&w.raw) => i += 1,
                _ if w.quoted => break,
                "for" | "select" | "[[" => return None,
                "case" => {
                    self.case = CaseState::Pattern;
                    return None;
                }
                "function" => {
                    self.functions.extend(
                        words
                            .get(i + 1)
                            .map(|n| n.text.trim_end_matches("()").to_string()),
                    );
                    return None;
                }
                _ if PREFIX_KEYWORDS.contains(&t) => i += 1,
                _ if is_assignment(t) => i += 1,
                _ => break,
            }
        }
        (i < words.len()).then_some(i)
    }

    fn check_name(&mut self, name: &Word) {
        let text = name.text.as_str();
        let known = name.expands
            || text.contains('/')
            || BUILTINS.contains(&text)
            || ALLOWED.contains(&text)
            || self.functions.contains(text);
        if known {
            return;
        }
        let line_text = self.line_text(name.line);
        let candidates = ALLOWED.iter().chain(BUILTINS).copied();
        let help = did_you_mean(text, candidates).unwrap_or_else(|| {
            "not a command this guide uses; if it really needs it, add it to the allowlist in snippets/src/validate/shell.rs".to_string()
        });
        self.out.push(
            Diagnostic::error(name.line, format!("unknown command `{text}`"))
                .at(line_text, first_line(&name.raw))
                .help(help),
        );
    }

    fn dispatch(&mut self, words: &[Word], cmd: &Command) {
        let name = words[0].text.rsplit('/').next().unwrap_or_default();
        let line = words[0].line;
        let line_text = self.line_text(line);
        match name {
            "systemctl" => self.out.extend(check_systemctl(words, line_text)),
            "pcs" => {
                self.pcs_seen = true;
                if self.expect == Expect::Crmsh {
                    self.out
                        .push(wrong_tool(line, line_text, "pcs", "crmsh", "crm"));
                }
                let texts = texts(words);
                self.out
                    .extend(pcs::check_command(&texts, line, line_text, &mut self.state));
            }
            "crm" => {
                self.crm_seen = true;
                if self.expect == Expect::Pcs {
                    self.out
                        .push(wrong_tool(line, line_text, "crm", "pcs", "pcs"));
                }
                let texts = texts(words);
                self.out.extend(crmsh::check_command(
                    &texts,
                    line,
                    line_text,
                    &mut self.state,
                ));
                for doc in &cmd.heredocs {
                    self.crm_heredoc(&texts, doc);
                }
            }
            _ => {}
        }
    }

    fn crm_heredoc(&mut self, texts: &[String], doc: &Heredoc) {
        let found = crmsh::check_heredoc(texts, doc, &mut self.state);
        self.out.extend(found);
    }
}

fn texts(words: &[Word]) -> Vec<String> {
    words.iter().map(|w| w.text.clone()).collect()
}

fn first_line(raw: &str) -> &str {
    raw.lines().next().unwrap_or(raw)
}

fn wrong_tool(
    line: usize,
    line_text: &str,
    found: &str,
    format: &str,
    expected: &str,
) -> Diagnostic {
    Diagnostic::error(line, format!("`{found}` command in a {format} sequence"))
        .at(line_text, found)
        .help(format!(
            "this snippet's format is `{format}`: write the `{expected}` equivalent, or give the snippet the other format"
        ))
}

/// `NAME=value` or `NAME+=value` before a command.
fn is_assignment(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    let name = name.strip_suffix('+').unwrap_or(name);
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Skips commands that run another command (`sudo`, `env`, `timeout 30`...) and their options;
/// returns the index of the command they run, or None when there is none to check.
fn skip_wrappers(words: &[Word], mut i: usize) -> Option<usize> {
    loop {
        let w = words.get(i)?;
        let next = match w.text.as_str() {
            "sudo" => skip_options(
                words,
                i + 1,
                &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"],
            ),
            "env" => skip_assignments(words, skip_options(words, i + 1, &["-u", "-C", "-S"])),
            "nohup" | "exec" | "setsid" | "builtin" => skip_options(words, i + 1, &[]),
            "nice" => skip_options(words, i + 1, &["-n"]),
            "timeout" => skip_options(words, i + 1, &["-s", "-k"]) + 1,
            "xargs" => skip_options(
                words,
                i + 1,
                &["-n", "-I", "-L", "-P", "-d", "-a", "-E", "-s"],
            ),
            "watch" => skip_options(words, i + 1, &["-n", "-d", "-g", "-q"]),
            // `command -v NAME` asks whether NAME exists; it runs nothing.
            "command" if words.get(i + 1).is_some_and(|w| w.text.starts_with('-')) => return None,
            "command" => i + 1,
            _ => return Some(i),
        };
        if next >= words.len() {
            return None;
        }
        // `watch 'pcs status'`: the command is one string, not words to check.
        if w.text == "watch" && words[next].text.contains(' ') {
            return None;
        }
        i = next;
    }
}

fn skip_options(words: &[Word], mut i: usize, with_value: &[&str]) -> usize {
    while let Some(w) = words.get(i) {
        let t = w.text.as_str();
        if t == "--" {
            return i + 1;
        }
        if !t.starts_with('-') || t == "-" {
            break;
        }
        i += if with_value.contains(&t) { 2 } else { 1 };
    }
    i
}

fn skip_assignments(words: &[Word], mut i: usize) -> usize {
    while words.get(i).is_some_and(|w| is_assignment(&w.text)) {
        i += 1;
    }
    i
}

/// Checks `systemctl [options] VERB [units]`: a known verb, and a unit where the verb needs one.
fn check_systemctl(words: &[Word], line_text: &str) -> Vec<Diagnostic> {
    let mut i = 1;
    while let Some(w) = words.get(i).filter(|w| w.text.starts_with('-')) {
        i += if SYSTEMCTL_OPTIONS_WITH_VALUE.contains(&w.text.as_str()) {
            2
        } else {
            1
        };
    }
    let Some(verb) = words.get(i) else {
        return Vec::new();
    };
    let v = verb.text.as_str();
    if verb.expands {
        return Vec::new();
    }
    if !SYSTEMCTL_VERBS.contains(&v) {
        let help = did_you_mean(v, SYSTEMCTL_VERBS.iter().copied())
            .unwrap_or_else(|| "see `systemctl --help` for the verbs".to_string());
        return vec![
            Diagnostic::error(verb.line, format!("unknown systemctl verb `{v}`"))
                .at(line_text, first_line(&verb.raw))
                .help(help),
        ];
    }
    let has_unit = words[i + 1..].iter().any(|w| !w.text.starts_with('-'));
    if SYSTEMCTL_UNIT_VERBS.contains(&v) && !has_unit {
        return vec![
            Diagnostic::error(verb.line, format!("`systemctl {v}` needs a unit name"))
                .at(line_text, v)
                .help(format!("e.g. `systemctl {v} pcsd`")),
        ];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(found: &[Diagnostic]) -> Vec<&Diagnostic> {
        found.iter().filter(|d| d.is_error()).collect()
    }

    fn hint(d: &Diagnostic) -> &str {
        d.help.as_deref().unwrap_or_default()
    }

    const SETUP: &str = r#"# Install and start the cluster stack on every controller.
apt-get install -y --no-install-recommends pacemaker pcs corosync fence-agents resource-agents
echo "hacluster:HACLUSTER_PASS" | chpasswd
systemctl enable --now pcsd
for node in controller1 controller2 controller3; do
    ssh "$node" systemctl is-active pcsd || exit 1
done
if ! grep -q controller /etc/hosts; then
    cat >> /etc/hosts <<'EOF'
10.0.0.10 controller
10.0.0.11 controller1
EOF
fi
case "$(hostname -s)" in
    controller1|controller2) echo "first nodes" ;;
    *) echo other ;;
esac
wait_for_pcsd() { sleep 2; }
wait_for_pcsd
sysctl -w net.ipv4.ip_nonlocal_bind=1 && sysctl --system > /dev/null 2>&1
"#;

    /// The guide's Pacemaker setup as a reader types it: continuations, a loop, `$n`.
    const PCS_SETUP: &str = r#"pcs host auth controller1 addr=10.0.0.11 controller2 addr=10.0.0.12 \
    controller3 addr=10.0.0.13 -u hacluster -p HACLUSTER_PASS
pcs cluster setup openstack-ha \
    controller1 addr=10.0.0.11 addr=10.0.1.11 \
    controller2 addr=10.0.0.12 addr=10.0.1.12 \
    controller3 addr=10.0.0.13 addr=10.0.1.13 \
    transport knet link linknumber=0 link_priority=1 link linknumber=1 link_priority=0
pcs cluster start --all --wait=300
pcs cluster enable --all
pcs property set stonith-enabled=true no-quorum-policy=stop
for n in 1 2 3; do
    pcs stonith create "fence-controller$n" fence_ipmilan ip="10.0.9.1$n" \
        username=admin password=IPMI_PASS lanplus=1 pcmk_host_list="controller$n" \
        op monitor interval=60s
done
pcs constraint location fence-controller1 avoids controller1
pcs resource create vip ocf:heartbeat:IPaddr2 ip=10.0.0.10 cidr_netmask=24 \
    op monitor interval=10s
pcs resource create haproxy systemd:haproxy op monitor interval=5s clone
pcs resource meta haproxy-clone interleave=true
pcs constraint order start vip then start haproxy-clone kind=Optional
pcs constraint colocation add haproxy-clone with vip INFINITY
pcs resource create galera ocf:heartbeat:galera \
    wsrep_cluster_address="gcomm://controller1,controller2,controller3" \
    enable_creation=true op promote timeout=300s promotable
pcs resource meta galera-clone promoted-max=3 notify=true
pcs status --full
"#;

    /// The same in crmsh, partly as a `crm configure` session fed by a here-document.
    const CRM_SETUP: &str = r#"crm cluster init -y --name openstack-ha --nodes "controller1 controller2 controller3"
crm configure property stonith-enabled=true no-quorum-policy=stop
crm configure <<'EOF'
primitive fence-controller1 stonith:fence_ipmilan \
    params ip=10.0.9.11 username=admin password=IPMI_PASS lanplus=1 pcmk_host_list=controller1 \
    op monitor interval=60s
location l-fence-controller1 fence-controller1 -inf: controller1
primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.10 cidr_netmask=24 \
    op monitor interval=10s
primitive haproxy systemd:haproxy op monitor interval=5s
clone haproxy-clone haproxy meta interleave=true
order o-vip-haproxy Optional: vip haproxy-clone
colocation c-haproxy-vip inf: haproxy-clone vip
primitive galera ocf:heartbeat:galera \
    params wsrep_cluster_address="gcomm://controller1,controller2,controller3" \
    op promote timeout=300s
clone galera-clone galera meta promotable=true promoted-max=3 notify=true
commit
EOF
crm status
"#;

    #[test]
    fn realistic_pcs_sequence_passes() {
        let found = check(PCS_SETUP, Expect::Pcs);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn realistic_crmsh_sequence_passes() {
        let found = check(CRM_SETUP, Expect::Crmsh);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn crm_heredoc_error_has_body_line_and_hint() {
        let text = CRM_SETUP.replace("Optional: vip haproxy-clone", "Optional: vip haproxy-clon");
        let found = check(&text, Expect::Crmsh);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].line, 12);
        assert!(hint(&found[0]).contains("`haproxy-clone`"));
    }

    #[test]
    fn realistic_shell_sequence_passes() {
        let found = check(SETUP, Expect::Any);
        assert!(errors(&found).is_empty(), "{found:#?}");
    }

    #[test]
    fn unknown_command_gets_near_match() {
        let found = check("echo ok\nsudo systemclt restart haproxy\n", Expect::Any);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].message, "unknown command `systemclt`");
        assert!(
            hint(&found[0]).starts_with("did you mean one of `systemctl`"),
            "{}",
            hint(&found[0])
        );
        assert_eq!(found[0].columns, Some((5, 14)));
    }

    #[test]
    fn commands_in_substitutions_are_checked() {
        let found = check("echo \"node $(hostnmae -s)\"\n", Expect::Any);
        assert_eq!(found[0].message, "unknown command `hostnmae`");
        assert!(hint(&found[0]).contains("`hostname`"));
    }

    #[test]
    fn systemctl_verbs_are_checked() {
        let found = check(
            "systemctl enable --now pcsd\nsystemctl restrat haproxy\n",
            Expect::Any,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert!(found[0].message.contains("`restrat`"));
        assert!(hint(&found[0]).contains("`restart`"));
        let found = check("systemctl -q --no-pager start\n", Expect::Any);
        assert_eq!(found[0].message, "`systemctl start` needs a unit name");
    }

    #[test]
    fn wrappers_are_skipped_but_command_v_runs_nothing() {
        assert!(
            check(
                "command -v pcs >/dev/null || apt-get install -y pcs\n",
                Expect::Any
            )
            .is_empty()
        );
        let found = check("timeout 30 env LANG=C nohup pcz status\n", Expect::Any);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(hint(&found[0]).contains("`pcs`"));
    }

    #[test]
    fn lex_errors_are_reported() {
        let found = check("echo 'unclosed\n", Expect::Any);
        assert_eq!(found[0].message, "unterminated single quote");
        assert_eq!(found[0].line, 1);
    }

    #[test]
    fn pcs_sequence_needs_pcs_and_no_crm() {
        let found = check("systemctl start pcsd\n", Expect::Pcs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 0);
        assert!(found[0].message.contains("no `pcs` command"));
        let found = check("pcs status\ncrm status\n", Expect::Pcs);
        assert_eq!(errors(&found).len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert!(found[0].message.contains("`crm` command in a pcs sequence"));
    }

    #[test]
    fn crmsh_sequence_needs_crm_and_no_pcs() {
        let found = check("crm_mon -1\n", Expect::Crmsh);
        assert!(found[0].message.contains("no `crm` command"));
        let found = check("crm status\npcs status\n", Expect::Crmsh);
        assert_eq!(errors(&found).len(), 1);
        assert_eq!(found[0].line, 2);
        assert!(
            found[0]
                .message
                .contains("`pcs` command in a crmsh sequence")
        );
    }

    #[test]
    fn pcs_commands_share_state_across_lines() {
        let text = "pcs resource create haproxy systemd:haproxy clone\n\
                    pcs constraint order start vip then start haproxy-clon\n";
        let found = check(text, Expect::Pcs);
        let errs = errors(&found);
        assert_eq!(errs.len(), 1, "{found:?}");
        assert_eq!(errs[0].line, 2);
        assert!(hint(errs[0]).contains("`haproxy-clone`"));
        // `vip` may come from an earlier snippet: a warning, which check_after can settle.
        let warned = found.iter().find(|d| !d.is_error()).expect("warning");
        assert!(
            warned
                .message
                .contains("`vip` is not created in this sequence")
        );
    }

    #[test]
    fn check_after_knows_what_earlier_sequences_created() {
        let earlier = "pcs resource create vip ocf:heartbeat:IPaddr2 ip=10.0.0.10 --disabled\n";
        let text = "pcs resource create haproxy systemd:haproxy clone\n\
                    pcs constraint colocation add vip with haproxy-clone\n";
        assert_eq!(
            check(text, Expect::Pcs).len(),
            1,
            "alone: a warning about `vip`"
        );
        assert!(check_after(&[earlier], text, Expect::Pcs).is_empty());
        let found = check_after(
            &[earlier],
            "pcs constraint colocation add vip with haproxy-clone\n",
            Expect::Pcs,
        );
        assert_eq!(found.len(), 1);
        assert!(!found[0].is_error());
    }

    #[test]
    fn pcs_errors_reach_through_sudo_and_continuations() {
        let text = "sudo pcs resource create vip \\\n  ocf:heartbeat:IPaddr2 ip=10.0.0.10 \\\n  cidr_netmsk=24\n";
        let found = check(text, Expect::Pcs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 1);
        assert!(hint(&found[0]).contains("`cidr_netmask`"));
    }

    #[test]
    fn crm_heredoc_body_is_checked_as_configure_commands() {
        let text = "crm configure <<'EOF'\nprimitive vip ocf:heartbeat:IPaddr2 \\\n  params ip=10.0.0.10 cidr_netmsk=24\ncommit\nEOF\n";
        let found = check(text, Expect::Crmsh);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert!(hint(&found[0]).contains("`cidr_netmask`"));
    }

    #[test]
    fn console_transcript_checks_only_prompt_lines() {
        let text = "# pcs status\nCluster name: openstack-ha\n  * vip (ocf:heartbeat:IPaddr2): Started controller1\n$ systemctl status pcsd\n";
        assert!(check_console(text).is_empty(), "{:?}", check_console(text));
        let bad = "# pcs status\nCluster name: x\n# crm_mom -1\n";
        let found = check_console(bad);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert!(hint(&found[0]).contains("`crm_mon`"));
        assert_eq!(
            found[0].columns,
            Some((2, 9)),
            "columns match the original line"
        );
    }

    #[test]
    fn console_keeps_continuations_and_heredocs() {
        let text = "# cat > /tmp/x <<EOF\nnotacommand\nEOF\n# pcs resource create vip \\\n    ocf:heartbeat:IPaddr2 ip=10.0.0.10\nvip created\n";
        let found = check_console(text);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn console_without_commands_is_an_error() {
        let found = check_console("just output\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 0);
        assert!(found[0].message.contains("no command line"));
    }

    #[test]
    fn quoted_assignment_before_a_command_is_not_a_command_name() {
        let found = check(
            "OPTIONS=\"-l 10.0.0.11\" memcached -u memcache\nLIMIT=\"a b\"\n",
            Expect::Any,
        );
        assert!(found.iter().all(|d| !d.is_error()), "{found:?}");
        let found = check("\"systemclt\" start x\n", Expect::Any);
        assert!(
            found.iter().any(Diagnostic::is_error),
            "a quoted unknown command is still an error"
        );
    }
}
