//! Every upstream check passes a good file and fails a deliberately broken one.
//!
//! The tools come from Debian packages (`bash ci/install-upstream-tools.sh`). Without one, its
//! test prints that it skipped, except under CI (`CI` set), where it fails, so CI can never pass
//! without running the real tools.

use haguide_snippets::Format;
use haguide_upstream::{Earlier, Input, Outcome, Status, check};
use std::io::Write;

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Runs the check; `None` (after saying so) when its tool is missing outside CI.
fn run(test: &str, input: &Input<'_>) -> Option<Outcome> {
    let outcome = check(input);
    if let Status::Missing { tool, install_hint } = &outcome.status {
        assert!(
            !under_ci(),
            "{test}: `{tool}` is missing, but CI is set; the upstream checks must run in CI \
             ({install_hint})"
        );
        // Straight to stderr: the harness swallows eprintln! of a passing test, and a skip
        // has to be seen.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: SKIPPED, `{tool}` is not installed ({install_hint})"
        );
        return None;
    }
    Some(outcome)
}

fn file<'a>(text: &'a str, format: &'a Format, path: &'a str) -> Input<'a> {
    Input::file(text, format, path)
}

fn assert_pass(test: &str, o: &Outcome) {
    assert_eq!(
        o.status,
        Status::Pass,
        "{test}: expected a pass\ncommands: {:#?}\noutput:\n{}",
        o.commands,
        o.output
    );
    assert!(o.tool_version.is_some(), "{test}: tool version");
}

/// Asserts a failure with a finding that contains `needle` (and is at `line`, if given).
fn assert_fail(test: &str, o: &Outcome, needle: &str, line: Option<usize>) {
    let Status::Fail { diagnostics } = &o.status else {
        panic!(
            "{test}: expected a failure, got {:?}\noutput:\n{}",
            o.status, o.output
        );
    };
    let hit = diagnostics
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("{test}: no finding mentions {needle:?}: {diagnostics:#?}"));
    if let Some(line) = line {
        assert_eq!(hit.line, Some(line), "{test}: {hit:?}");
    }
}

const HAPROXY: &str = "global
    log stdout format short daemon
    user haproxy
    group haproxy
defaults
    mode http
    retries 3
    timeout connect 5s
    timeout client 1m
    timeout server 1m
listen keystone
    bind 10.0.0.10:5000
    bind 198.51.100.10:5000 ssl crt /etc/haproxy/certs/openstack.example.net.pem
    option httpchk
    http-check send meth GET uri /healthcheck
    server controller1 10.0.0.11:5000 check
";

#[test]
fn haproxy() {
    let f = Format::Haproxy;
    let Some(o) = run("haproxy", &file(HAPROXY, &f, "/etc/haproxy/haproxy.cfg")) else {
        return;
    };
    assert_pass("haproxy", &o);
    assert!(o.notes.iter().any(|n| n.contains("throwaway self-signed")));
    let broken = HAPROXY.replace("retries 3", "retires 3");
    let o = check(&file(&broken, &f, "/etc/haproxy/haproxy.cfg"));
    assert_fail("haproxy", &o, "unknown keyword 'retires'", Some(7));
    // -dW: a warning (no timeouts) is fatal.
    let warned = HAPROXY.replace("    timeout client 1m\n", "");
    let o = check(&file(&warned, &f, "/etc/haproxy/haproxy.cfg"));
    assert_fail("haproxy -dW", &o, "missing timeouts", None);
}

const KEEPALIVED: &str = "global_defs {
    router_id controller1
    enable_script_security
    script_user haguide_test_script
}
vrrp_script chk_haproxy {
    script \"/usr/bin/test -d /\"
    interval 2
}
vrrp_instance VI_INTERNAL {
    state BACKUP
    interface bond0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        10.0.0.10/24 dev bond0
    }
    track_script {
        chk_haproxy
    }
}
";

#[test]
fn keepalived() {
    let f = Format::Keepalived;
    let path = "/etc/keepalived/keepalived.conf";
    // With script_user and script security, keepalived 2.2.7 kills itself (exit 143) unless it
    // runs as PID 1 of its own PID namespace: this pass proves the workaround.
    let Some(o) = run("keepalived", &file(KEEPALIVED, &f, path)) else {
        return;
    };
    assert_pass("keepalived", &o);
    assert!(o.notes.iter().any(|n| n.contains("bond0")), "{:?}", o.notes);
    let broken = KEEPALIVED.replace("advert_int 1", "advert_intt 1");
    assert_fail(
        "keepalived",
        &check(&file(&broken, &f, path)),
        "Unknown keyword 'advert_intt'",
        Some(15),
    );
    let missing_script = KEEPALIVED.replace("/usr/bin/test", "/usr/bin/haguide-no-such-check");
    assert_fail(
        "keepalived script",
        &check(&file(&missing_script, &f, path)),
        "chk_haproxy",
        None,
    );
}

const COROSYNC: &str = "totem {
    version: 2
    cluster_name: openstack-ha
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    token: 3000
}
nodelist {
    node {
        ring0_addr: 10.0.0.11
        name: controller1
        nodeid: 1
    }
    node {
        ring0_addr: 10.0.0.12
        name: controller2
        nodeid: 2
    }
}
quorum {
    provider: corosync_votequorum
}
";

#[test]
fn corosync() {
    let f = Format::Corosync;
    let path = "/etc/corosync/corosync.conf";
    let Some(o) = run("corosync", &file(COROSYNC, &f, path)) else {
        return;
    };
    assert_pass("corosync", &o);
    assert_eq!(o.commands.len(), 2, "one run per node: {:?}", o.commands);
    let broken = COROSYNC.replace("token: 3000", "token: abc");
    assert_fail(
        "corosync",
        &check(&file(&broken, &f, path)),
        "totem.token",
        Some(7),
    );
    let twice = COROSYNC.replace("nodeid: 2", "nodeid: 1");
    assert_fail(
        "corosync nodeid",
        &check(&file(&twice, &f, path)),
        "appears twice",
        None,
    );
}

fn nodes() -> Vec<String> {
    ["controller1", "controller2", "controller3"]
        .map(String::from)
        .to_vec()
}

const PCS_FENCING: &str = "pcs stonith create fence-controller1 fence_ipmilan ip=10.0.9.11 username=u password=p lanplus=1 pcmk_host_list=controller1 op monitor interval=60s
pcs constraint location fence-controller1 avoids controller1
";
const PCS_VIP: &str = "# The VIP.
pcs resource create vip ocf:heartbeat:IPaddr2 ip=10.0.0.10 cidr_netmask=24 op monitor interval=10s
pcs property set no-quorum-policy=stop
";

/// The fencing step a pcs resource sequence has in its `after` chain.
fn pcs_fencing() -> [Earlier; 1] {
    [Earlier {
        file: None,
        id: "test/fencing".into(),
        text: PCS_FENCING.into(),
    }]
}

fn sequence<'a>(
    text: &'a str,
    format: &'a Format,
    earlier: &'a [Earlier],
    nodes: &'a [String],
) -> Input<'a> {
    Input {
        text,
        format,
        target: None,
        id: "test/sequence",
        variant: "default",
        earlier,
        nodes,
        release: None,
    }
}

#[test]
fn pcs() {
    let f = Format::Pcs;
    let nodes = nodes();
    let earlier = pcs_fencing();
    let Some(o) = run("pcs", &sequence(PCS_VIP, &f, &earlier, &nodes)) else {
        return;
    };
    assert_pass("pcs", &o);
    assert!(
        o.placement.iter().any(|p| p.starts_with("Start vip (")),
        "{:?}",
        o.placement
    );
    let broken = PCS_VIP.replace("cidr_netmask", "cidr_netmsk");
    assert_fail(
        "pcs",
        &check(&sequence(&broken, &f, &earlier, &nodes)),
        "cidr_netmsk",
        Some(2),
    );
    // Without fencing in its `after` chain, a resource cannot start: crm_verify says so.
    assert_fail(
        "pcs without fencing",
        &check(&sequence(PCS_VIP, &f, &[], &nodes)),
        "STONITH",
        None,
    );
}

#[test]
fn clone_options_left_on_a_primitive_fail() {
    let f = Format::Pcs;
    let nodes = nodes();
    let earlier = pcs_fencing();
    let good = "pcs resource create web ocf:heartbeat:Dummy clone\n\
                pcs resource meta web-clone interleave=true\n";
    let Some(o) = run("clone meta", &sequence(good, &f, &earlier, &nodes)) else {
        return;
    };
    assert_pass("clone meta", &o);
    // The same option on the primitive: Pacemaker ignores it and crm_verify is silent.
    let misplaced = good.replace("meta web-clone", "meta web");
    assert_fail(
        "clone meta on the primitive",
        &check(&sequence(&misplaced, &f, &earlier, &nodes)),
        "`interleave` on the primitive `web`",
        None,
    );
}

#[test]
fn pcs_cluster_setup_is_checked_through_corosync() {
    let f = Format::Pcs;
    let nodes = nodes();
    let setup = "pcs host auth controller1 addr=10.0.0.11 -u hacluster -p x
pcs cluster setup openstack-ha controller1 addr=10.0.0.11 controller2 addr=10.0.0.12 transport knet link_mode=passive
pcs cluster start --all
";
    let Some(o) = run("pcs cluster setup", &sequence(setup, &f, &[], &nodes)) else {
        return;
    };
    assert_pass("pcs cluster setup", &o);
    assert_eq!(o.exclusions.len(), 2, "{:?}", o.exclusions);
    assert!(o.commands.iter().any(|c| c.contains("corosync")));
    let broken = setup.replace("link_mode=passive", "link_mode=pasive");
    assert_fail(
        "pcs cluster setup",
        &check(&sequence(&broken, &f, &[], &nodes)),
        "link_mode",
        Some(2),
    );
}

const CRM_FENCING: &str = "crm configure primitive fence-controller1 stonith:fence_ipmilan params ip=10.0.9.11 username=u password=p lanplus=1 pcmk_host_list=controller1 op monitor interval=60s
crm configure location l-fence-controller1 fence-controller1 -inf: controller1
";
const CRM_VIP: &str = "crm configure primitive vip ocf:heartbeat:IPaddr2 params ip=10.0.0.10 cidr_netmask=24 op monitor interval=10s
crm configure property no-quorum-policy=stop
";

#[test]
fn crmsh() {
    let f = Format::Crmsh;
    let nodes = nodes();
    let earlier = [Earlier {
        file: None,
        id: "test/fencing".into(),
        text: CRM_FENCING.into(),
    }];
    let Some(o) = run("crmsh", &sequence(CRM_VIP, &f, &earlier, &nodes)) else {
        return;
    };
    assert_pass("crmsh", &o);
    assert!(!o.placement.is_empty());
    let broken = CRM_VIP.replace("cidr_netmask", "cidr_netmsk");
    assert_fail(
        "crmsh",
        &check(&sequence(&broken, &f, &earlier, &nodes)),
        "cidr_netmsk",
        Some(1),
    );
    // crmsh only warns about an unknown operation and exits 0: the warning fails the check.
    let warned = CRM_VIP.replace("op monitor", "op monitr");
    assert_fail(
        "crmsh warning",
        &check(&sequence(&warned, &f, &earlier, &nodes)),
        "monitr",
        Some(1),
    );
}

const MARIADB: &str = "[mysqld]
bind-address = 10.0.0.11
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
";

#[test]
fn mariadb() {
    let f = Format::Mariadb;
    let path = "/etc/mysql/mariadb.conf.d/99-galera.cnf";
    let Some(o) = run("mariadb", &file(MARIADB, &f, path)) else {
        return;
    };
    assert_pass("mariadb", &o);
    let broken = MARIADB.replace("innodb_autoinc_lock_mode", "innodb_autoinc_lock_mdoe");
    assert_fail(
        "mariadb",
        &check(&file(&broken, &f, path)),
        "unknown variable",
        Some(5),
    );
    // A unique prefix is accepted with only a note: the check fails it.
    let prefix = MARIADB.replace("default_storage_engine", "default_storage");
    assert_fail(
        "mariadb prefix",
        &check(&file(&prefix, &f, path)),
        "unique option prefix",
        Some(4),
    );
}

const RABBITMQ: &str = "listeners.tcp.default = 5672
cluster_partition_handling = pause_minority
heartbeat = 60
";

#[test]
fn rabbitmq() {
    let f = Format::Rabbitmq;
    let path = "/etc/rabbitmq/rabbitmq.conf";
    let Some(o) = run("rabbitmq", &file(RABBITMQ, &f, path)) else {
        return;
    };
    assert_pass("rabbitmq", &o);
    let broken = RABBITMQ.replace("heartbeat", "hearbeat");
    assert_fail(
        "rabbitmq",
        &check(&file(&broken, &f, path)),
        "unknown variable: hearbeat",
        Some(3),
    );
    let bad_enum = RABBITMQ.replace("pause_minority", "pause_minorty");
    assert_fail(
        "rabbitmq enum",
        &check(&file(&bad_enum, &f, path)),
        "pause_minorty",
        None,
    );
}

const MEMCACHED: &str = "-d
logfile /var/log/memcached.log
-m 64
-p 11211
-u memcache
-l 10.0.0.11,127.0.0.1
-c 1024
-P /var/run/memcached/memcached.pid
";

#[test]
fn memcached() {
    let f = Format::Memcached;
    let path = "/etc/memcached.conf";
    let Some(o) = run("memcached", &file(MEMCACHED, &f, path)) else {
        return;
    };
    assert_pass("memcached", &o);
    let broken = MEMCACHED.replace("-m 64", "-m lots");
    assert_fail(
        "memcached",
        &check(&file(&broken, &f, path)),
        "exited at once",
        None,
    );
    let rhel = "PORT=\"11211\"\nUSER=\"memcached\"\nMAXCONN=\"1024\"\nCACHESIZE=\"64\"\nOPTIONS=\"-l 10.0.0.11,::1\"\n";
    assert_pass(
        "memcached rhel",
        &check(&file(rhel, &f, "/etc/sysconfig/memcached")),
    );
}

#[test]
fn shell_and_console() {
    let f = Format::Shell;
    let script =
        "# Install.\napt install -y haproxy\nif [ -e /etc/haproxy ]; then\n  echo ok\nfi\n";
    let Some(o) = run("shell", &file(script, &f, "install.sh")) else {
        return;
    };
    assert_pass("shell", &o);
    let broken = "if [ -e /etc/haproxy ]\n  echo ok\nfi\n";
    assert_fail(
        "shell bash -n",
        &check(&file(broken, &f, "x.sh")),
        "bash -n",
        Some(3),
    );
    let unquoted = "for f in $(ls /etc); do echo $f; done\n";
    assert_fail(
        "shellcheck",
        &check(&file(unquoted, &f, "x.sh")),
        "SC2045",
        Some(1),
    );
    let c = Format::Console;
    let console = "# ping -M do -c 1 10.0.0.12\nPING 10.0.0.12 (10.0.0.12) 56(84) bytes of data.\n# ip -brief address show dev bond0\nbond0 UP 10.0.0.11/24\n";
    assert_pass("console", &check(&file(console, &c, "verify")));
    let broken_console = "# echo 'unterminated\nsome output\n";
    assert_fail(
        "console",
        &check(&file(broken_console, &c, "verify")),
        "bash -n",
        None,
    );
}

#[test]
fn sysctl() {
    let f = Format::Sysctl;
    let path = "/etc/sysctl.d/60-openstack-ha.conf";
    let good =
        "# HAProxy binds the VIPs everywhere.\nnet.ipv4.ip_nonlocal_bind = 1\nvm.swappiness = 10\n";
    let Some(o) = run("sysctl", &file(good, &f, path)) else {
        return;
    };
    assert_pass("sysctl", &o);
    let typo = good.replace("ip_nonlocal_bind", "ip_nonlocal_bnd");
    assert_fail(
        "sysctl key",
        &check(&file(&typo, &f, path)),
        "ip_nonlocal_bnd",
        Some(2),
    );
    let value = good.replace("= 1", "= lots");
    assert_fail(
        "sysctl value",
        &check(&file(&value, &f, path)),
        "Invalid argument",
        Some(2),
    );
}

#[test]
fn chrony() {
    let f = Format::Chrony;
    let path = "/etc/chrony/chrony.conf";
    let good = "server 10.0.0.11 iburst\nallow 10.0.0.0/24\nmakestep 1.0 3\n";
    let Some(o) = run("chrony", &file(good, &f, path)) else {
        return;
    };
    assert_pass("chrony", &o);
    let broken = good.replace("makestep", "makestepp");
    assert_fail(
        "chrony",
        &check(&file(&broken, &f, path)),
        "Invalid directive",
        Some(3),
    );
}

#[test]
fn systemd_units() {
    let f = Format::Systemd;
    let service = "[Unit]\nDescription=check\n\n[Service]\nExecStart=/usr/local/bin/clustercheck\nStandardInput=socket\nDynamicUser=yes\nRuntimeMaxSec=10\n";
    let socket = "[Unit]\nDescription=check\n\n[Socket]\nListenStream=10.0.0.11:9200\nFreeBind=yes\nAccept=yes\n\n[Install]\nWantedBy=sockets.target\n";
    let earlier = [Earlier {
        file: Some("/etc/systemd/system/clustercheck@.service".into()),
        id: "galera/clustercheck-service".into(),
        text: service.into(),
    }];
    let Some(o) = run("systemd", &socket_input(socket, &f, &earlier)) else {
        return;
    };
    assert_pass("systemd", &o);
    // A typo systemd would ignore with exit 0.
    let typo = socket.replace("FreeBind", "FreeBnd");
    let o = check(&socket_input(&typo, &f, &earlier));
    assert_fail("systemd typo", &o, "Unknown key", Some(6));
    // A socket with Accept=yes and no template service beside it.
    let o = check(&socket_input(socket, &f, &[]));
    assert_fail("systemd alone", &o, "not loaded", None);
}

fn socket_input<'a>(text: &'a str, format: &'a Format, earlier: &'a [Earlier]) -> Input<'a> {
    Input {
        text,
        format,
        target: Some("/etc/systemd/system/clustercheck.socket"),
        id: "galera/clustercheck-socket",
        variant: "node=controller1",
        earlier,
        nodes: &[],
        release: None,
    }
}

#[test]
fn django_settings() {
    let f = Format::DjangoSettings;
    let path = "/etc/openstack-dashboard/local_settings.py";
    let good = "OPENSTACK_HOST = 'controller'\nCACHES = {\n    'default': {\n        'LOCATION': ['10.0.0.11:11211'],\n    },\n}\n";
    let Some(o) = run("django", &file(good, &f, path)) else {
        return;
    };
    assert_pass("django", &o);
    let broken = good.replace("'10.0.0.11:11211']", "'10.0.0.11:11211'");
    assert_fail(
        "django",
        &check(&file(&broken, &f, path)),
        "SyntaxError",
        Some(5),
    );
}

#[test]
fn oslo_config_validator() {
    let f = Format::Oslo("nova".into());
    let path = "/etc/nova/nova.conf";
    let good = "[DEFAULT]\ntransport_url = rabbit://openstack:RABBIT_PASS@controller1:5672/\n\
                [database]\nconnection = mysql+pymysql://nova:NOVA_DBPASS@db/nova\n\
                max_retries = -1\n";
    let Some(o) = run("oslo", &file(good, &f, path)) else {
        return;
    };
    assert_pass("oslo", &o);
    // A misspelt option, checked against both releases: each one says so.
    let broken = good.replace("max_retries", "max_retry");
    let o = check(&file(&broken, &f, path));
    assert_fail(
        "oslo",
        &o,
        "2026.2: database/max_retry is not part of the sample config",
        Some(5),
    );
    assert_fail(
        "oslo",
        &o,
        "2026.1: database/max_retry is not part of the sample config",
        Some(5),
    );
    // An old name of an option is a deprecation warning, fatal here.
    let renamed = good.replace("[database]", "logfile = /var/log/nova/nova.log\n[database]");
    assert_fail(
        "oslo renamed",
        &check(&file(&renamed, &f, path)),
        "Deprecated opt DEFAULT/logfile found",
        Some(3),
    );
    // heartbeat_in_pthread is gone in 2026.2. In 2026.1 it is only deprecated for removal,
    // which the validator does not report (a blind spot the native check covers).
    let old = format!("{good}[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\n");
    let in_release = |release| Input {
        release: Some(release),
        ..file(&old, &f, path)
    };
    assert_pass("oslo 2026.1", &check(&in_release("2026.1")));
    assert_fail(
        "oslo 2026.2",
        &check(&in_release("2026.2")),
        "oslo_messaging_rabbit/heartbeat_in_pthread is not part of the sample config",
        Some(7),
    );
}

#[test]
fn oslo_runtime_groups_are_left_to_the_native_check() {
    // A cinder backend section exists only because enabled_backends names it.
    let f = Format::Oslo("cinder".into());
    let text = "[DEFAULT]\nenabled_backends = ceph\n[ceph]\nvolume_driver = \
                cinder.volume.drivers.rbd.RBDDriver\nrbd_pool = volumes\n";
    let Some(o) = run("oslo cinder", &file(text, &f, "/etc/cinder/cinder.conf")) else {
        return;
    };
    assert_pass("oslo cinder", &o);
    assert!(
        o.commands
            .iter()
            .any(|c| c.contains("--exclude-group ceph")),
        "{:#?}",
        o.commands
    );
}

#[test]
fn rabbitmq_commands_run_against_a_real_broker() {
    let f = Format::Shell;
    let good = "rabbitmqctl add_user openstack RABBIT_PASS\n\
                rabbitmqctl set_permissions -p / openstack \".*\" \".*\" \".*\"\n\
                rabbitmqctl list_queues name type | head\n\
                rabbitmqctl join_cluster rabbit@controller2\n";
    let nodes = nodes();
    let input = |text| sequence(text, &f, &[], &nodes);
    let Some(o) = run("rabbitmq cli", &input(good)) else {
        return;
    };
    assert_pass("rabbitmq cli", &o);
    assert!(o.tool.contains("RabbitMQ CLI on a broker"), "{}", o.tool);
    // join_cluster is valid, but one broker cannot carry it out: partly checked, with why.
    let join = o
        .exclusions
        .iter()
        .find(|e| e.command.contains("join_cluster"))
        .expect("join_cluster listed");
    assert_eq!(join.kind, haguide_upstream::ExclusionKind::Partial);
    assert_eq!(join.line, 4);
    // A misspelt command and an unknown column are the CLI's own usage errors.
    let broken = good
        .replace("set_permissions", "set_permisions")
        .replace("name type", "name typ");
    let o = check(&input(&broken));
    assert_fail(
        "rabbitmq cli",
        &o,
        "Did you mean 'set_permissions'?",
        Some(2),
    );
    assert_fail("rabbitmq cli", &o, "typ are not supported", Some(3));
}
