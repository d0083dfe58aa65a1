//! The schema checks on whole files: realistic HA control plane configs that must pass in both
//! releases, one failing case per check, and the options that differ between the releases.

use super::schema::{self, RELEASES, SERVICES};
use super::{check, check_in, removed};
use crate::diag::{Diagnostic, Severity};

const TRANSPORT: &str = "transport_url = rabbit://openstack:RABBIT_PASS@controller1:5672,openstack:RABBIT_PASS@controller2:5672,openstack:RABBIT_PASS@controller3:5672/";

fn keystone_conf() -> String {
    format!(
        "[DEFAULT]
debug = false
log_dir = /var/log/keystone
{TRANSPORT}

[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = controller1:11211,controller2:11211,controller3:11211
memcache_dead_retry = 30
memcache_pool_maxsize = 10
socket_timeout = 1.0

[database]
connection = mysql+pymysql://keystone:KEYSTONE_DBPASS@10.0.0.10/keystone
max_retries = -1
connection_recycle_time = 3600
max_pool_size = 10
max_overflow = 50

[fernet_tokens]
key_repository = /etc/keystone/fernet-keys/
max_active_keys = 3

[oslo_messaging_notifications]
driver = messagingv2

[oslo_messaging_rabbit]
rabbit_quorum_queue = true
amqp_durable_queues = true
heartbeat_timeout_threshold = 60
kombu_failover_strategy = round-robin
kombu_reconnect_delay = 1.0
rabbit_retry_interval = 1

[oslo_middleware]
enable_proxy_headers_parsing = true

[token]
provider = fernet
expiration = 3600
"
    )
}

fn nova_conf() -> String {
    format!(
        "[DEFAULT]
my_ip = 10.0.0.11
state_path = /var/lib/nova
{TRANSPORT}

[api_database]
connection = mysql+pymysql://nova:NOVA_DBPASS@10.0.0.10/nova_api
max_retries = -1

[database]
connection = mysql+pymysql://nova:NOVA_DBPASS@10.0.0.10/nova
max_retries = -1

[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = controller1:11211,controller2:11211,controller3:11211

[keystone_authtoken]
www_authenticate_uri = http://10.0.0.10:5000/
auth_url = http://10.0.0.10:5000/
memcached_servers = controller1:11211,controller2:11211,controller3:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = nova
password = NOVA_PASS
service_token_roles_required = true

[service_user]
send_service_user_token = true
auth_url = http://10.0.0.10:5000/
auth_type = password
project_domain_name = Default
project_name = service
user_domain_name = Default
username = nova
password = NOVA_PASS

[vnc]
enabled = true
server_listen = $my_ip
server_proxyclient_address = $my_ip
novncproxy_base_url = http://10.0.0.10:6080/vnc_auto.html

[glance]
valid_interfaces = internal

[oslo_concurrency]
lock_path = /var/lib/nova/tmp

[oslo_messaging_rabbit]
rabbit_quorum_queue = true

[placement]
region_name = RegionOne
project_domain_name = Default
project_name = service
auth_type = password
user_domain_name = Default
auth_url = http://10.0.0.10:5000/v3
username = placement
password = PLACEMENT_PASS

[neutron]
auth_url = http://10.0.0.10:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = RegionOne
project_name = service
username = neutron
password = NEUTRON_PASS
service_metadata_proxy = true
metadata_proxy_shared_secret = METADATA_SECRET

[scheduler]
discover_hosts_in_cells_interval = 300
"
    )
}

fn neutron_conf() -> String {
    format!(
        "[DEFAULT]
core_plugin = ml2
service_plugins = router
{TRANSPORT}
auth_strategy = keystone
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
l3_ha = true
max_l3_agents_per_router = 3
allow_automatic_l3agent_failover = true
dhcp_agents_per_network = 3

[database]
connection = mysql+pymysql://neutron:NEUTRON_DBPASS@10.0.0.10/neutron
max_retries = -1

[keystone_authtoken]
www_authenticate_uri = http://10.0.0.10:5000
auth_url = http://10.0.0.10:5000
memcached_servers = controller1:11211,controller2:11211,controller3:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = neutron
password = NEUTRON_PASS

[nova]
auth_url = http://10.0.0.10:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = RegionOne
project_name = service
username = nova
password = NOVA_PASS

[oslo_concurrency]
lock_path = /var/lib/neutron/tmp

[oslo_messaging_rabbit]
rabbit_quorum_queue = true
"
    )
}

fn errors(found: &[Diagnostic]) -> Vec<&Diagnostic> {
    found.iter().filter(|d| d.is_error()).collect()
}

/// The only error of `text`, which must be on `line` and contain `needle`.
fn only(service: &str, release: &str, text: &str, line: usize, needle: &str) -> Diagnostic {
    let found = check(service, release, text);
    let errs = errors(&found);
    assert_eq!(errs.len(), 1, "{service} {release}: {found:#?}");
    let d = errs[0].clone();
    assert_eq!(d.line, line, "{d}");
    assert!(d.message.contains(needle), "`{needle}` not in: {d}");
    d
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or_default()
}

#[test]
fn ha_control_plane_configs_pass_in_both_releases() {
    for release in RELEASES {
        for (service, text) in [
            ("keystone", keystone_conf()),
            ("nova", nova_conf()),
            ("neutron", neutron_conf()),
        ] {
            let found = check(service, release, &text);
            assert_eq!(found, Vec::new(), "{service} {release}");
            assert_eq!(check_in(service, None, &text), Vec::new(), "{service}");
        }
    }
}

#[test]
fn install_guide_configs_of_other_services_pass() {
    let glance = "[DEFAULT]
enabled_backends = fs:file

[database]
connection = mysql+pymysql://glance:GLANCE_DBPASS@10.0.0.10/glance

[keystone_authtoken]
www_authenticate_uri = http://10.0.0.10:5000
auth_url = http://10.0.0.10:5000
memcached_servers = controller1:11211,controller2:11211,controller3:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = glance
password = GLANCE_PASS

[paste_deploy]
flavor = keystone

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = /var/lib/glance/images/

[oslo_limit]
auth_url = http://10.0.0.10:5000
auth_type = password
user_domain_id = default
username = glance
system_scope = all
password = GLANCE_PASS
endpoint_id = 340be3625e9b4239a6415d034e98aace
region_name = RegionOne
";
    let placement = "[placement_database]
connection = mysql+pymysql://placement:PLACEMENT_DBPASS@10.0.0.10/placement

[api]
auth_strategy = keystone

[keystone_authtoken]
auth_url = http://10.0.0.10:5000/v3
memcached_servers = controller1:11211,controller2:11211,controller3:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = placement
password = PLACEMENT_PASS
";
    let cinder = format!(
        "[DEFAULT]
{TRANSPORT}
auth_strategy = keystone
my_ip = 10.0.0.11
enabled_backends = lvm

[database]
connection = mysql+pymysql://cinder:CINDER_DBPASS@10.0.0.10/cinder

[keystone_authtoken]
www_authenticate_uri = http://10.0.0.10:5000
auth_url = http://10.0.0.10:5000
memcached_servers = controller1:11211,controller2:11211,controller3:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = cinder
password = CINDER_PASS

[oslo_concurrency]
lock_path = /var/lib/cinder/tmp

[lvm]
volume_driver = cinder.volume.drivers.lvm.LVMVolumeDriver
volume_group = cinder-volumes
target_protocol = iscsi
target_helper = lioadm
"
    );
    for release in RELEASES {
        assert_eq!(
            check("glance-api", release, glance),
            Vec::new(),
            "{release}"
        );
        assert_eq!(
            check("placement", release, placement),
            Vec::new(),
            "{release}"
        );
        assert_eq!(check("cinder", release, &cinder), Vec::new(), "{release}");
    }
}

#[test]
fn unknown_option_with_near_match() {
    let d = only(
        "keystone",
        "2026.2",
        "[token]\nexpiraton = 3600\n",
        2,
        "unknown option `expiraton` in `[token]`",
    );
    assert!(help(&d).starts_with("did you mean `expiration`?"), "{d}");
    assert_eq!(d.columns, Some((0, 9)));
}

#[test]
fn option_in_the_wrong_group_names_its_group() {
    let d = only(
        "nova",
        "2026.2",
        "[DEFAULT]\nmemcache_servers = controller1:11211\n",
        2,
        "unknown option `memcache_servers` in `[DEFAULT]`",
    );
    assert!(help(&d).contains("`[cache]`"), "{d}");
}

#[test]
fn unknown_group() {
    let d = only(
        "keystone",
        "2026.2",
        "[tokens]\nexpiration = 3600\n",
        1,
        "`[tokens]` is not a group keystone reads",
    );
    assert!(help(&d).starts_with("did you mean `[token]`?"), "{d}");
}

#[test]
fn group_names_are_case_insensitive_like_oslo_config() {
    // oslo.config lower-cases group names; `validate::ini` warns about the spelling.
    assert_eq!(
        check("keystone", "2026.2", "[Token]\nexpiration = 3600\n"),
        Vec::new()
    );
    assert_eq!(
        check("keystone", "2026.2", "[default]\ndebug = 1\n"),
        Vec::new()
    );
}

#[test]
fn bad_integer() {
    let d = only(
        "keystone",
        "2026.2",
        "[token]\nexpiration = one-hour\n",
        2,
        "`expiration`: `one-hour` is not an integer",
    );
    assert_eq!(d.columns, Some((13, 21)));
}

#[test]
fn bad_boolean() {
    let d = only(
        "keystone",
        "2026.1",
        "[oslo_middleware]\nenable_proxy_headers_parsing = yes-please\n",
        2,
        "`yes-please` is not a boolean",
    );
    assert!(help(&d).contains("`true` or `false`"), "{d}");
}

#[test]
fn bad_choice() {
    let d = only(
        "nova",
        "2026.2",
        "[oslo_messaging_rabbit]\nkombu_failover_strategy = randomly\n",
        2,
        "`randomly` is not a valid value",
    );
    assert!(help(&d).contains("`round-robin`, `shuffle`"), "{d}");
}

#[test]
fn out_of_range() {
    only(
        "neutron",
        "2026.2",
        "[oslo_messaging_rabbit]\nkombu_reconnect_delay = 10\n",
        2,
        "`10` is out of range: the option takes values from 0 to 4.5",
    );
    only(
        "keystone",
        "2026.1",
        "[oslo_messaging_rabbit]\nrabbit_interval_max = 0\n",
        2,
        "of at least 1",
    );
}

#[test]
fn deprecated_option_names_its_replacement() {
    for release in RELEASES {
        let d = only(
            "nova",
            release,
            "[DEFAULT]\nvcpu_pin_set = 4-15\n",
            2,
            "`[DEFAULT] vcpu_pin_set` is deprecated for removal",
        );
        assert!(help(&d).contains("[compute] cpu_dedicated_set"), "{d}");
    }
}

#[test]
fn removed_option_explains_what_replaced_it() {
    // Gone from every schema of both releases, so the message can only come from `removed`.
    for release in RELEASES {
        for service in SERVICES {
            let s = schema::schema(release, service)
                .and_then(Result::ok)
                .expect("schema");
            assert!(s.opt("oslo_messaging_rabbit", "rabbit_hosts").is_none());
            assert!(
                !s.renamed
                    .contains_key(&("oslo_messaging_rabbit".into(), "rabbit_hosts".into()))
            );
        }
        let d = only(
            "keystone",
            release,
            "[oslo_messaging_rabbit]\nrabbit_hosts = controller1:5672,controller2:5672\n",
            2,
            "`[oslo_messaging_rabbit] rabbit_hosts` was removed",
        );
        assert!(help(&d).contains("2018"), "{d}");
        assert!(help(&d).contains("transport_url = rabbit://"), "{d}");
    }
}

#[test]
fn install_guide_api_auth_strategy_is_gone() {
    // The Install Guide's `[api] auth_strategy = keystone`: nova removed the option.
    for release in RELEASES {
        let d = only(
            "nova",
            release,
            "[api]\nauth_strategy = keystone\n",
            2,
            "`[api] auth_strategy` was removed",
        );
        assert!(help(&d).contains("delete the line"), "{d}");
    }
}

#[test]
fn old_names_point_to_the_new_ones() {
    let d = only(
        "keystone",
        "2026.2",
        "[cache]\nmemcache_socket_timeout = 1\n",
        2,
        "`memcache_socket_timeout` is a deprecated name of `socket_timeout`",
    );
    assert_eq!(help(&d), "write `socket_timeout`");
    only(
        "neutron",
        "2026.1",
        "[DEFAULT]\nrpc_thread_pool_size = 64\n",
        2,
        "deprecated name of `executor_thread_pool_size`",
    );
}

#[test]
fn auth_uri_differs_between_releases() {
    let text = "[keystone_authtoken]\nauth_uri = http://10.0.0.10:5000\n";
    // 2026.1: deprecated, and its reason names the replacement.
    let d = only("nova", "2026.1", text, 2, "is deprecated for removal");
    assert!(help(&d).contains("www_authenticate_uri"), "{d}");
    // 2026.2: keystonemiddleware 13 removed it.
    let d = only(
        "nova",
        "2026.2",
        text,
        2,
        "`[keystone_authtoken] auth_uri` was removed",
    );
    assert!(help(&d).contains("www_authenticate_uri"), "{d}");
    // Checked for both releases at once, each finding says where it applies.
    let both = check_in("nova", None, text);
    assert_eq!(both.len(), 2, "{both:#?}");
    assert!(both.iter().any(|d| d.message.ends_with("(in 2026.1 only)")));
    assert!(both.iter().any(|d| d.message.ends_with("(in 2026.2 only)")));
}

#[test]
fn option_added_in_2026_2_is_unknown_in_2026_1() {
    let text = "[DEFAULT]\nconcurrency_backend = threading\n";
    assert_eq!(check("nova", "2026.2", text), Vec::new());
    let d = only(
        "nova",
        "2026.1",
        text,
        2,
        "unknown option `concurrency_backend`",
    );
    assert!(
        help(&d).contains("nova has it in 2026.2, but 2026.1 does not"),
        "{d}"
    );
    let d = only(
        "nova",
        "2026.2",
        "[DEFAULT]\nconcurrency_backend = greenlet\n",
        2,
        "`greenlet` is not a valid value",
    );
    assert!(help(&d).contains("`threading`"), "{d}");
}

#[test]
fn eventlet_api_server_options_are_gone_in_2026_2() {
    // Neutron and glance-api run their API under a WSGI server only from 2026.2 on: the address,
    // port and workers of the API move to that server's configuration.
    let text = "[DEFAULT]\nbind_host = 10.0.0.11\nbind_port = 9696\napi_workers = 4\n";
    assert_eq!(check("neutron", "2026.1", text), Vec::new());
    let found = check("neutron", "2026.2", text);
    assert_eq!(errors(&found).len(), 3, "{found:#?}");
    for d in &found {
        assert!(help(d).contains("neutron has it in 2026.1"), "{d}");
    }
    let glance = "[DEFAULT]\nbind_host = 10.0.0.11\nworkers = 4\n";
    assert_eq!(check("glance-api", "2026.1", glance), Vec::new());
    assert_eq!(errors(&check("glance-api", "2026.2", glance)).len(), 2);
}

#[test]
fn interpolation_is_not_type_checked() {
    assert_eq!(
        check("keystone", "2026.2", "[token]\nexpiration = $lifetime\n"),
        Vec::new()
    );
    only(
        "keystone",
        "2026.2",
        "[token]\nexpiration = 36$$00\n",
        2,
        "is not an integer",
    );
}

#[test]
fn auth_plugin_options_follow_auth_type() {
    // No auth_type: keystonemiddleware would ignore the credentials.
    let found = check(
        "nova",
        "2026.2",
        "[keystone_authtoken]\nauth_url = http://10.0.0.10:5000\nusername = nova\n",
    );
    assert_eq!(errors(&found).len(), 2, "{found:#?}");
    assert_eq!(
        found[0].message,
        "`auth_url` is an auth plugin option but `[keystone_authtoken]` has no `auth_type`"
    );
    assert!(
        help(&found[1]).contains("auth_type = password"),
        "{}",
        found[1]
    );
    // A misspelt plugin, and an option the chosen plugin does not have.
    let found = check(
        "nova",
        "2026.2",
        "[keystone_authtoken]\nauth_type = passwrod\nusername = nova\n",
    );
    assert_eq!(errors(&found).len(), 1, "{found:#?}");
    assert!(help(&found[0]).contains("did you mean `password`?"));
    let d = only(
        "neutron",
        "2026.2",
        "[keystone_authtoken]\nauth_type = v3applicationcredential\napplication_credential_id = 1\npassword = x\n",
        4,
        "unknown option `password` in `[keystone_authtoken]`",
    );
    assert_eq!(d.severity, Severity::Error);
    // A plugin from another package: a warning, and its options are its own.
    let found = check(
        "nova",
        "2026.2",
        "[keystone_authtoken]\nauth_type = v3kerberos\nmutual_auth = required\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn auth_section_points_to_the_plugin_options() {
    let text = "[keystone_authtoken]\nauth_section = service_auth\nwww_authenticate_uri = http://10.0.0.10:5000\n\n[service_auth]\nauth_type = password\nauth_url = http://10.0.0.10:5000\nusername = nova\npasword = x\n";
    let found = check("nova", "2026.2", text);
    assert_eq!(errors(&found).len(), 1, "{found:#?}");
    assert_eq!(found[0].line, 9);
    assert!(help(&found[0]).contains("did you mean `password`?"));
}

#[test]
fn cinder_backend_sections_take_volume_driver_options() {
    let text = "[DEFAULT]\nenabled_backends = lvm\n\n[lvm]\nvolume_driver = cinder.volume.drivers.lvm.LVMVolumeDriver\nvolume_group = cinder-volumes\ntarget_protocol = iscsi\ntarget_helper = lioadm\nvolume_backend_name = lvm\n\n[coordination]\nbackend_url = etcd3+http://10.0.0.10:2379\n";
    for release in RELEASES {
        assert_eq!(check("cinder", release, text), Vec::new(), "{release}");
    }
    let d = only(
        "cinder",
        "2026.2",
        "[DEFAULT]\nenabled_backends = lvm\n[lvm]\nvolume_group = cinder-volumes\n[ceph]\nrbd_pool = volumes\n",
        5,
        "`[ceph]` is not a group cinder reads",
    );
    assert!(
        help(&d).contains("only when `[DEFAULT] enabled_backends`"),
        "{d}"
    );
    let found = check(
        "cinder",
        "2026.2",
        "[DEFAULT]\nenabled_backends = lvm\n[lvm]\nvolume_grop = cinder-volumes\n",
    );
    assert_eq!(errors(&found).len(), 1, "{found:#?}");
    assert!(help(&found[0]).starts_with("did you mean `volume_group`?"));
    assert!(help(&found[0]).contains("named by `[DEFAULT] enabled_backends`"));
}

#[test]
fn glance_store_sections_take_their_store_type_options() {
    let text = "[DEFAULT]\nenabled_backends = fast:rbd, local:file\n\n[glance_store]\ndefault_backend = fast\n\n[fast]\nrbd_store_pool = images\nrbd_store_user = glance\nrbd_store_ceph_conf = /etc/ceph/ceph.conf\n\n[local]\nfilesystem_store_datadir = /var/lib/glance/images/\n\n[os_glance_staging_store]\nfilesystem_store_datadir = /var/lib/glance/staging/\n";
    for release in RELEASES {
        assert_eq!(check("glance-api", release, text), Vec::new(), "{release}");
    }
    only(
        "glance-api",
        "2026.2",
        "[DEFAULT]\nenabled_backends = local:file\n[local]\nrbd_store_pool = images\n",
        4,
        "unknown option `rbd_store_pool` in `[local]`",
    );
}

#[test]
fn keystone_federation_protocol_groups() {
    let text = "[auth]\nmethods = password,token,openid\nopenid = keystone.auth.plugins.mapped.Mapped\n\n[openid]\nremote_id_attribute = HTTP_OIDC_ISS\n";
    assert_eq!(check("keystone", "2026.2", text), Vec::new());
}

#[test]
fn neutron_agent_files() {
    let l3 = "[DEFAULT]\ninterface_driver = openvswitch\nha_vrrp_auth_type = PASS\nha_vrrp_advert_int = 2\n";
    for release in RELEASES {
        assert_eq!(check("l3_agent", release, l3), Vec::new(), "{release}");
    }
    // 2026.2 added a lower bound to ha_vrrp_advert_int.
    only(
        "l3_agent",
        "2026.2",
        "[DEFAULT]\nha_vrrp_advert_int = 0\n",
        2,
        "of at least 1",
    );
    assert_eq!(
        check("l3_agent", "2026.1", "[DEFAULT]\nha_vrrp_advert_int = 0\n"),
        Vec::new()
    );
}

#[test]
fn unknown_service_or_release_is_one_error() {
    let d = check("keystne", "2026.2", "[DEFAULT]\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "no oslo.config schema for service `keystne`");
    assert_eq!(help(&d[0]), "did you mean `keystone`?");
    let d = check("keystone", "2025.2", "[DEFAULT]\n");
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("release `2025.2`"), "{}", d[0]);
    let d = check("swift", "2026.2", "[swift-hash]\n");
    assert_eq!(d.len(), 1);
    assert!(help(&d[0]).contains("`ini`"));
}

#[test]
fn every_embedded_schema_loads_and_matches_the_data_directory() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/oslo");
    for release in RELEASES {
        let mut on_disk: Vec<String> = std::fs::read_dir(dir.join(release))
            .expect("data dir")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = schema::files(release)
            .expect("release")
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "{release}");
        assert!(dir.join(release).join("VERSIONS").is_file());
        for service in SERVICES {
            let s = schema::schema(release, service)
                .expect("listed")
                .expect("parses");
            assert!(s.groups.contains_key("DEFAULT"), "{service} {release}");
        }
        let p = schema::plugins(release).expect("listed").expect("parses");
        assert!(p.plugins["password"].contains_key("auth_url"));
        // oslo-config-validator's --opt-data for every service, gzip magic first.
        for service in SERVICES {
            let gz = schema::opt_data_gz(release, service)
                .unwrap_or_else(|| panic!("{service} {release}: no opt data embedded"));
            assert_eq!(&gz[..2], &[0x1f, 0x8b], "{service} {release}");
        }
        assert!(schema::opt_data_gz(release, "keystoneauth").is_none());
    }
}

#[test]
fn removed_options_are_absent_from_the_current_release() {
    for r in removed::REMOVED {
        for name in r.names {
            for release in RELEASES {
                for service in SERVICES {
                    if (!r.services.is_empty() && !r.services.contains(service))
                        || r.not_in.contains(service)
                    {
                        continue;
                    }
                    let s = schema::schema(release, service)
                        .and_then(Result::ok)
                        .expect("schema");
                    let key = (r.group.to_string(), name.to_string());
                    // The newest release has none of them; the older may still have some,
                    // deprecated (heartbeat_in_pthread, auth_uri in 2026.1).
                    let present = s.opt(r.group, name);
                    if *release == RELEASES[0] {
                        assert!(
                            present.is_none(),
                            "{service} {release} [{}] {name}",
                            r.group
                        );
                    } else {
                        assert!(
                            present.is_none_or(|o| o.deprecated.is_some()),
                            "{service} {release} [{}] {name}",
                            r.group
                        );
                    }
                    assert!(!s.renamed.contains_key(&key), "{service} {release} {key:?}");
                }
            }
        }
    }
}
