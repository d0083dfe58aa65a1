//! Options that are gone from oslo.config's schemas but still turn up in configs copied from old
//! guides. The schema alone can only say "unknown option"; these say what happened and what to
//! write instead. A test checks that every one is really absent from the schemas it applies to.

/// One removed option.
pub(super) struct Removed {
    pub(super) group: &'static str,
    pub(super) names: &'static [&'static str],
    /// The services whose files it was in; empty for every service (library options).
    pub(super) services: &'static [&'static str],
    /// Services that have an option of their own by that name.
    pub(super) not_in: &'static [&'static str],
    /// What happened and what to write instead.
    pub(super) help: &'static str,
}

const RABBIT_HOSTS: &str = "oslo.messaging removed the rabbit_* connection options in 2018; name every RabbitMQ node in `[DEFAULT] transport_url = rabbit://user:pass@host1:5672,user:pass@host2:5672,user:pass@host3:5672/`";
const LEGACY_AUTHTOKEN: &str = "keystonemiddleware removed its own admin credentials; authenticate with `auth_type = password` and `auth_url`, `username`, `password`, `project_name`, `user_domain_name`, `project_domain_name`";

pub(super) const REMOVED: &[Removed] = &[
    Removed {
        group: "oslo_messaging_rabbit",
        names: &[
            "rabbit_host",
            "rabbit_port",
            "rabbit_hosts",
            "rabbit_userid",
            "rabbit_password",
            "rabbit_virtual_host",
        ],
        services: &[],
        not_in: &[],
        help: RABBIT_HOSTS,
    },
    Removed {
        group: "DEFAULT",
        names: &[
            "rabbit_host",
            "rabbit_port",
            "rabbit_hosts",
            "rabbit_userid",
            "rabbit_password",
        ],
        services: &[],
        not_in: &[],
        help: RABBIT_HOSTS,
    },
    Removed {
        group: "oslo_messaging_rabbit",
        names: &["rabbit_max_retries"],
        services: &[],
        not_in: &[],
        help: "oslo.messaging removed it: it reconnects without limit, pacing the attempts with `rabbit_retry_interval`, `rabbit_retry_backoff` and `rabbit_interval_max`",
    },
    Removed {
        group: "oslo_messaging_rabbit",
        names: &["rabbit_durable_queues"],
        services: &[],
        not_in: &[],
        help: "oslo.messaging removed this old name; write `amqp_durable_queues`",
    },
    Removed {
        group: "oslo_messaging_rabbit",
        names: &["heartbeat_in_pthread"],
        services: &[],
        not_in: &[],
        help: "oslo.messaging 18 (2026.2) removed it with its eventlet support (it was deprecated in 2026.1); delete the line",
    },
    Removed {
        group: "DEFAULT",
        names: &["rpc_backend"],
        services: &[],
        not_in: &[],
        help: "oslo.messaging removed it: the scheme of `[DEFAULT] transport_url` (`rabbit://`) picks the driver",
    },
    Removed {
        group: "DEFAULT",
        names: &["notification_driver", "notification_topics"],
        services: &[],
        not_in: &[],
        help: "oslo.messaging moved the notification options to `[oslo_messaging_notifications]` as `driver` and `topics`",
    },
    Removed {
        group: "DEFAULT",
        names: &["verbose"],
        services: &[],
        // gnocchi's own `verbose` is the log level of its command-line tools.
        not_in: &["gnocchi"],
        help: "oslo.log removed it: INFO is the default level; set `debug = true` for more",
    },
    Removed {
        group: "DEFAULT",
        names: &["sql_connection"],
        services: &[],
        not_in: &[],
        help: "the database URL is `[database] connection`",
    },
    Removed {
        group: "database",
        names: &["sql_connection"],
        services: &[],
        not_in: &[],
        help: "oslo.db removed this old name; write `connection`",
    },
    Removed {
        group: "database",
        names: &["idle_timeout"],
        services: &[],
        not_in: &[],
        help: "oslo.db removed this old name; write `connection_recycle_time`",
    },
    Removed {
        group: "database",
        names: &["min_pool_size"],
        services: &[],
        not_in: &[],
        help: "oslo.db removed it: SQLAlchemy's pool has no minimum size; `max_pool_size` and `max_overflow` remain",
    },
    Removed {
        group: "keystone_authtoken",
        names: &["auth_uri"],
        services: &[],
        not_in: &[],
        help: "keystonemiddleware 13 (2026.2) removed it after its deprecation in Queens; write `www_authenticate_uri`",
    },
    Removed {
        group: "keystone_authtoken",
        names: &[
            "identity_uri",
            "admin_user",
            "admin_password",
            "admin_tenant_name",
            "auth_host",
            "auth_port",
            "auth_protocol",
        ],
        services: &[],
        not_in: &[],
        help: LEGACY_AUTHTOKEN,
    },
    Removed {
        group: "keystone_authtoken",
        names: &["signing_dir"],
        services: &[],
        not_in: &[],
        help: "keystonemiddleware removed it with PKI tokens; delete the line",
    },
    Removed {
        group: "DEFAULT",
        names: &["memcached_servers"],
        services: &["nova", "keystone", "glance-api", "cinder"],
        not_in: &[],
        help: "the services moved their memcached list to `[cache] memcache_servers` (with `enabled = true` and a `backend`), and keystonemiddleware's to `[keystone_authtoken] memcached_servers`",
    },
    Removed {
        group: "DEFAULT",
        names: &["use_neutron", "firewall_driver"],
        services: &["nova"],
        not_in: &[],
        help: "nova removed it with nova-network: networking is always neutron's",
    },
    Removed {
        group: "api",
        names: &["auth_strategy"],
        services: &["nova"],
        not_in: &[],
        help: "nova removed it after deprecating it with its test-only `noauth2` pipeline: keystone is the only strategy; delete the line",
    },
    Removed {
        group: "DEFAULT",
        names: &["auth_strategy"],
        services: &["nova"],
        not_in: &[],
        help: "nova moved it to `[api] auth_strategy` and has since removed it: keystone is the only strategy; delete the line",
    },
    Removed {
        group: "vnc",
        names: &["vncserver_listen"],
        services: &["nova"],
        not_in: &[],
        help: "nova removed this old name; write `server_listen`",
    },
    Removed {
        group: "vnc",
        names: &["vncserver_proxyclient_address"],
        services: &["nova"],
        not_in: &[],
        help: "nova removed this old name; write `server_proxyclient_address`",
    },
];

/// What became of `[group] name` in `service`, if it is a known removal.
pub(super) fn lookup(service: &str, group: &str, name: &str) -> Option<&'static Removed> {
    REMOVED.iter().find(|r| {
        r.group == group
            && r.names.contains(&name)
            && (r.services.is_empty() || r.services.contains(&service))
            && !r.not_in.contains(&service)
    })
}
