#!/usr/bin/env bash
# Generates the oslo.config schemas that snippets/src/oslo checks every `oslo:<service>` config
# against, one per OpenStack release the guide covers.
#
#   bash ci/generate-oslo-schemas.sh            # every release
#   bash ci/generate-oslo-schemas.sh 2026.2     # one release
#
# For each release it
#   1. makes a venv in $HAGUIDE_TOOLS/oslo-<release> (default ~/.cache/haguide-tools) with that
#      release's service packages from PyPI, the OpenStack libraries pinned to their stable series
#      of that release (see LIBS_* below for why and how they were picked);
#   2. runs `oslo-config-generator --format yaml` with each service's own namespace list, into
#      $HAGUIDE_TOOLS/oslo-<release>/yaml/<service>.yaml, committed gzipped as
#      snippets/data/oslo/<release>/opts/<service>.yaml.gz, which the upstream check
#      (upstream/src/oslo.rs) hands to `oslo-config-validator --opt-data`;
#   3. converts each YAML file into snippets/data/oslo/<release>/<service>.json: groups,
#      options, types, choices, ranges, deprecations and renames, without help text, plus the
#      rules for groups that services register at run time, and writes keystoneauth.json (the
#      auth plugin options) and VERSIONS (what pip installed).
#
# Idempotent: a venv whose pins have not changed is reused, and the output is byte-for-byte the
# same for the same packages (sorted keys, one option a line). Needs python3 (3.10 to
# 3.13, which both releases support; HAGUIDE_PYTHON picks another) and PyPI. The first run of a
# release downloads about 900 MB and takes 5 to 10 minutes on two cores; later runs take 2.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_DIR="${HAGUIDE_TOOLS:-$HOME/.cache/haguide-tools}"
# Some services build their choices from Python sets (gnocchi's aggregation methods): a fixed hash
# seed keeps their order, and so the generated files, the same from one run to the next.
export PYTHONHASHSEED=0
PYTHON="${HAGUIDE_PYTHON:-python3}"
DATA_DIR="snippets/data/oslo"
ALL_RELEASES=(2026.1 2026.2)

# --- What each release is ------------------------------------------------------------------------
#
# Service versions: the last release of each service's major version of that series, from the
# openstack/releases deliverables (deliverables/<series>/<service>.yaml: 2026.1 Gazpacho is the
# first major after 2025.2, 2026.2 Hibiscus the next) and `pip index versions` for the stable
# releases made since. Gnocchi is not part of the coordinated release; both releases get its
# current version. Swift is left out on purpose: it reads its files with its own parser, not
# oslo.config, so it has no oslo-config-generator namespaces. Horizon has no oslo.config file.
# shellcheck disable=SC2034 # read by make_venv through ${!var}
SERVICES_2026_1=(
    keystone==29.1.0 glance==32.0.0 nova==33.0.2 neutron==28.0.2 cinder==28.0.0
    openstack-placement==15.0.0 openstack-heat==26.0.2 ceilometer==26.0.0 aodh==22.0.1
    octavia==18.0.1 manila==22.0.2 designate==22.0.1 barbican==22.0.0 gnocchi==4.7.1
)
# shellcheck disable=SC2034 # read by make_venv through ${!var}
SERVICES_2026_2=(
    keystone==30.0.0 glance==33.0.0 nova==34.0.0 neutron==29.0.0 cinder==29.0.0
    openstack-placement==16.0.0 openstack-heat==27.0.1 ceilometer==27.0.0 aodh==23.0.0
    octavia==19.0.0 manila==23.0.1 designate==23.0.0 barbican==23.0.0 gnocchi==4.7.1
)

# Library versions. Most options in a service file (oslo.messaging, oslo.cache, oslo.db,
# keystonemiddleware...) come from libraries, so letting pip pick the newest ones would give both
# releases the same, too new, library options. The release's upper-constraints file is not
# reachable from here (PyPI only), so each library is pinned to its stable series of the release:
# the series of the newest version published on PyPI three weeks before the release date (when
# the library branches are cut; nova 33.0.0 on 2026-04-01, 34.0.0 on 2026-09-30), at its newest
# stable patch. This agrees with the first version listed in deliverables/hibiscus/<lib>.yaml for
# every library checked (oslo.config 10.4.0, oslo.messaging 18.0.0, oslo.cache 4.2.0, oslo.db
# 18.1.0, oslo.log 8.2.0, oslo.policy 5.1.0, oslo.middleware 8.1.0, oslo.concurrency 7.5.0,
# oslo.service 4.6.0, keystonemiddleware 13.0.0, keystoneauth 5.14.0) and with the stable/2026.2
# branch points listed there (oslo.config 10.7, oslo.log 8.3, oslo.policy 6.0, oslo.middleware
# 8.2, oslo.concurrency 7.6, keystonemiddleware 13.0).
# shellcheck disable=SC2034 # read by make_venv through ${!var}
LIBS_2026_1=(
    oslo.config==10.3.0 oslo.messaging==17.3.2 oslo.cache==4.1.1 oslo.db==18.0.0
    oslo.log==8.1.1 oslo.policy==5.0.0 oslo.middleware==8.0.0 oslo.concurrency==7.4.1
    oslo.service==4.5.1 keystonemiddleware==12.0.0 keystoneauth1==5.13.1 oslo.i18n==6.7.2
    oslo.context==6.3.0 oslo.utils==10.0.1 oslo.serialization==5.9.1 oslo.rootwrap==7.9.0
    oslo.privsep==3.10.1 oslo.reports==3.7.0 oslo.upgradecheck==2.7.1
    oslo.versionedobjects==3.9.0 oslo.vmware==4.9.0 oslo.limit==2.10.0 oslo.metrics==0.15.1
    osprofiler==4.3.0 castellan==5.6.0 glance-store==5.4.1 os-brick==7.0.0 os-vif==4.3.1
    neutron-lib==3.24.0 os-ken==4.1.2 ovsdbapp==2.16.1 octavia-lib==3.11.0 tooz==8.1.0
    taskflow==6.2.0 futurist==3.2.1 automaton==3.3.0 debtcollector==3.0.0 stevedore==5.7.0
    pycadf==4.0.1 os-traits==3.6.0 os-service-types==1.8.2 openstacksdk==4.10.0
    osc-lib==4.4.0 cliff==4.13.3 python-keystoneclient==5.8.0 python-novaclient==18.12.0
    python-neutronclient==11.8.0 python-cinderclient==9.9.0 python-glanceclient==4.11.0
    python-swiftclient==4.10.0 python-barbicanclient==7.3.0 python-designateclient==6.4.0
    python-manilaclient==6.0.0 python-octaviaclient==3.13.0 python-ironicclient==6.0.0
    python-heatclient==5.1.0 python-openstackclient==9.0.1 aodhclient==3.10.1 cursive==0.2.4
)
# shellcheck disable=SC2034 # read by make_venv through ${!var}
LIBS_2026_2=(
    oslo.config==10.7.0 oslo.messaging==18.3.1 oslo.cache==4.3.0 oslo.db==18.1.1
    oslo.log==8.3.2 oslo.policy==6.0.1 oslo.middleware==8.2.0 oslo.concurrency==7.6.1
    oslo.service==4.8.0 keystonemiddleware==13.0.1 keystoneauth1==5.17.0 oslo.i18n==6.9.0
    oslo.context==6.5.0 oslo.utils==10.2.0 oslo.serialization==5.11.0 oslo.rootwrap==7.10.0
    oslo.privsep==3.12.0 oslo.reports==3.9.0 oslo.upgradecheck==2.8.0
    oslo.versionedobjects==3.12.0 oslo.vmware==4.10.1 oslo.limit==2.12.0 oslo.metrics==0.17.0
    osprofiler==4.4.0 castellan==5.8.0 glance-store==5.7.0 os-brick==7.1.1 os-vif==5.2.2
    neutron-lib==5.0.1 os-ken==4.2.2 ovsdbapp==2.19.0 octavia-lib==3.12.0 tooz==9.1.0
    taskflow==6.4.0 futurist==3.5.0 automaton==3.5.0 debtcollector==3.1.0 stevedore==5.9.1
    pycadf==4.1.0 os-traits==3.9.0 os-service-types==1.9.0 openstacksdk==4.20.0
    osc-lib==4.7.0 cliff==4.16.0 python-keystoneclient==6.0.0 python-novaclient==18.13.1
    python-neutronclient==14.0.0 python-cinderclient==9.10.0 python-glanceclient==4.13.0
    python-swiftclient==4.11.0 python-barbicanclient==7.6.0 python-designateclient==7.0.0
    python-manilaclient==6.3.0 python-octaviaclient==3.15.0 python-ironicclient==6.3.0
    python-heatclient==5.3.0 python-openstackclient==10.3.1 aodhclient==3.12.0 cursive==0.3.1
)
# Imported when the generator lists the options, but only optional extras of the services: cinder's
# Google Cloud Storage backup driver and barbican's KMIP secret store. Any version will do.
EXTRAS=(google-api-python-client pykmip)

# --- Which namespaces make each file ---------------------------------------------------------------
#
# From each service's own generator config in the sdists of these versions (etc/nova/
# nova-config-generator.conf, config-generator/keystone.conf, tools/config/
# cinder-config-generator.conf, etc/oslo-config-generator/*.conf, ...). The key is the service
# name of the `oslo:<service>` format; neutron's agent files are named after their file.
declare -A NS
NS[keystone]="keystone oslo.cache oslo.log oslo.messaging oslo.policy oslo.db oslo.middleware osprofiler"
NS[glance-api]="castellan.config glance.api glance.store os_brick glance.multi_store oslo.concurrency oslo.messaging oslo.db oslo.policy keystonemiddleware.auth_token oslo.limit oslo.log oslo.middleware.cors oslo.middleware.healthcheck oslo.middleware.http_proxy_to_wsgi oslo.reports"
NS[nova]="nova.conf oslo.limit oslo.log oslo.messaging oslo.policy oslo.privsep oslo.service.periodic_task oslo.service.service oslo.middleware oslo.concurrency oslo.reports oslo.versionedobjects keystonemiddleware.auth_token osprofiler os_vif os_brick"
# 2026.2 dropped oslo.service.wsgi from neutron.conf (see NS_2026_1 below for 2026.1).
NS[neutron]="neutron neutron.agent neutron.db neutron.experimental neutron.extensions nova.auth ironic.auth placement.auth designate.auth oslo.log oslo.cache oslo.db oslo.policy oslo.privsep oslo.concurrency oslo.messaging oslo.middleware.cors oslo.middleware.healthcheck oslo.middleware.http_proxy_to_wsgi oslo.reports oslo.service.periodic_task oslo.service.service oslo.versionedobjects keystonemiddleware.auth_token osprofiler"
NS[ml2_conf]="neutron.ml2 neutron.ml2.ovn oslo.log"
NS[openvswitch_agent]="neutron.ml2.ovs.agent oslo.log"
NS[ovn_agent]="neutron.ml2.ovn.agent oslo.log"
NS[l3_agent]="neutron.az.agent neutron.base.agent neutron.l3.agent oslo.log"
NS[dhcp_agent]="neutron.az.agent neutron.base.agent neutron.dhcp.agent oslo.log"
NS[metadata_agent]="neutron.metadata.agent oslo.log oslo.cache"
NS[neutron_ovn_metadata_agent]="neutron.ovn.metadata.agent oslo.log"
NS[cinder]="castellan.config cinder keystonemiddleware.auth_token osprofiler oslo.config oslo.concurrency oslo.db oslo.log oslo.messaging oslo.middleware oslo.policy oslo.privsep oslo.reports oslo.service.periodic_task oslo.service.service oslo.service.sslutils oslo.service.wsgi oslo.versionedobjects os_brick"
NS[placement]="placement.conf keystonemiddleware.auth_token oslo.log oslo.middleware.cors oslo.middleware.http_proxy_to_wsgi oslo.policy osprofiler"
NS[heat]="cotyledon heat.common.cache heat.common.config heat.common.context heat.common.crypt heat.engine.clients.os.keystone.heat_keystoneclient heat.engine.hot.functions heat.common.wsgi heat.engine.clients heat.engine.notification heat.engine.resources heat.api.aws.ec2token keystonemiddleware.auth_token oslo.cache oslo.messaging oslo.middleware oslo.log oslo.policy oslo.reports oslo.versionedobjects osprofiler"
NS[ceilometer]="ceilometer ceilometer-auth cotyledon oslo.cache oslo.concurrency oslo.log oslo.messaging oslo.reports oslo.service.service"
NS[aodh]="aodh aodh-auth cotyledon oslo.db oslo.log oslo.messaging oslo.middleware.cors oslo.middleware.healthcheck oslo.middleware.http_proxy_to_wsgi oslo.policy oslo.reports keystonemiddleware.auth_token"
NS[gnocchi]="gnocchi oslo.middleware.cors oslo.middleware.healthcheck oslo.policy cotyledon keystonemiddleware.auth_token"
NS[octavia]="octavia oslo.db oslo.log oslo.messaging oslo.middleware.cors oslo.middleware.http_proxy_to_wsgi oslo.middleware.healthcheck oslo.middleware.sizelimit oslo.policy oslo.reports keystonemiddleware.audit keystonemiddleware.auth_token cotyledon castellan.config"
NS[manila]="manila castellan.config oslo.concurrency oslo.db oslo.log oslo.messaging oslo.middleware oslo.policy oslo.reports oslo.service.periodic_task oslo.service.service oslo.service.sslutils oslo.service.wsgi keystonemiddleware.auth_token"
NS[designate]="designate.conf oslo.log oslo.messaging oslo.policy oslo.reports oslo.service.periodic_task oslo.service.service oslo.service.sslutils oslo.service.wsgi oslo.db oslo.middleware oslo.concurrency oslo.versionedobjects keystonemiddleware.auth_token"
# 2026.2 added cotyledon and oslo.reports and dropped oslo.service.service (see NS_2026_1).
NS[barbican]="barbican.common.config barbican.plugin.crypto barbican.plugin.crypto.p11 barbican.plugin.crypto.simple barbican.plugin.dogtag barbican.plugin.secret_store barbican.plugin.secret_store.kmip barbican.plugin.secret_store.vault cotyledon keystonemiddleware.audit keystonemiddleware.auth_token oslo.db oslo.log oslo.messaging oslo.middleware.cors oslo.middleware.healthcheck oslo.middleware.http_proxy_to_wsgi oslo.reports oslo.policy oslo.versionedobjects"

# Where 2026.1 differs from the lists above.
declare -A NS_2026_1
NS_2026_1[neutron]="${NS[neutron]/oslo.service.service/oslo.service.service oslo.service.wsgi}"
NS_2026_1[barbican]="barbican.common.config barbican.plugin.crypto barbican.plugin.crypto.p11 barbican.plugin.crypto.simple barbican.plugin.dogtag barbican.plugin.secret_store barbican.plugin.secret_store.kmip barbican.plugin.secret_store.vault keystonemiddleware.audit keystonemiddleware.auth_token oslo.db oslo.log oslo.messaging oslo.middleware.cors oslo.middleware.healthcheck oslo.middleware.http_proxy_to_wsgi oslo.policy oslo.service.service oslo.versionedobjects"

namespaces() { # release service
    if [[ $1 == 2026.1 && -n ${NS_2026_1[$2]:-} ]]; then
        echo "${NS_2026_1[$2]}"
    else
        echo "${NS[$2]}"
    fi
}

log() { printf '%s\n' "$*" >&2; }

# --- 1. The venv ------------------------------------------------------------------------------------

make_venv() { # release
    local release=$1 venv="$TOOLS_DIR/oslo-$1" var services libs
    var="SERVICES_${release/./_}[@]"
    services=("${!var}")
    var="LIBS_${release/./_}[@]"
    libs=("${!var}")
    local wanted
    wanted=$(printf '%s\n' "${services[@]}" "${libs[@]}" "${EXTRAS[@]}")
    # installed.txt is written only once the install succeeded, so it marks a finished venv.
    if [[ -x "$venv/bin/oslo-config-generator" && "$(cat "$venv/installed.txt" 2>/dev/null)" == "$wanted" ]]; then
        log "$release: reusing $venv"
        return
    fi
    log "$release: installing ${#services[@]} services into $venv (5 to 10 minutes, once)"
    # --clear: a venv left half-made by an interrupted run, or made for other pins, starts over.
    "$PYTHON" -m venv --clear "$venv"
    printf '%s\n' "${services[@]}" "${libs[@]}" >"$venv/constraints.txt"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
    # The constraints file pins the libraries without making them requirements; pip resolves the
    # rest (third-party packages) to what these versions accept. A service version that is not on
    # PyPI fails here, loudly, rather than being replaced by another one.
    "$venv/bin/pip" install --quiet --disable-pip-version-check -c "$venv/constraints.txt" \
        "${services[@]}" "${EXTRAS[@]}" || {
        log "$release: pip could not install these versions; see above"
        exit 1
    }
    printf '%s\n' "$wanted" >"$venv/installed.txt"
}

# --- 2. and 3. The YAML and the committed data -----------------------------------------------------

generate() { # release
    local release=$1 venv="$TOOLS_DIR/oslo-$1" out="$DATA_DIR/$1" service args ns nss
    mkdir -p "$venv/yaml" "$out"
    for service in $(printf '%s\n' "${!NS[@]}" | sort); do
        read -ra nss <<<"$(namespaces "$release" "$service")"
        args=()
        for ns in "${nss[@]}"; do args+=(--namespace "$ns"); done
        log "$release: $service"
        # The services warn about eventlet on import, so stderr goes to a log shown on failure.
        if ! {
            "$venv/bin/oslo-config-generator" --format yaml "${args[@]}" \
                --output-file "$venv/yaml/$service.yaml" 2>"$venv/yaml/$service.log" &&
                "$venv/bin/python" - convert "$service" "$release" "$venv/yaml/$service.yaml" \
                    "$out/$service.json" "${nss[@]}" <<<"$CONVERTER" 2>>"$venv/yaml/$service.log"
        }; then
            cat "$venv/yaml/$service.log" >&2
            exit 1
        fi
        # The generator's own YAML is committed too (gzip -n: no timestamp, so reruns are
        # byte-identical); the upstream check (upstream/src/oslo.rs) feeds it to
        # oslo-config-validator.
        mkdir -p "$out/opts"
        gzip -9 -n -c "$venv/yaml/$service.yaml" >"$out/opts/$service.yaml.gz"
    done
    "$venv/bin/python" - keystoneauth "$release" "$out/keystoneauth.json" <<<"$CONVERTER"
    versions "$release" >"$out/VERSIONS"
}

versions() { # release
    local venv="$TOOLS_DIR/oslo-$1"
    echo "# What ci/generate-oslo-schemas.sh installed from PyPI to generate the $1 schemas,"
    echo "# with $("$venv/bin/python" --version). The services and OpenStack libraries are pinned"
    echo "# in the script and all of them were on PyPI; pip resolved the other packages."
    echo "# Left out on purpose: swift (it does not read oslo.config) and horizon (no oslo.config file)."
    "$venv/bin/pip" list --disable-pip-version-check --format=freeze | LC_ALL=C sort -f
}

# The converter: YAML from the generator in, compact JSON out. It reads types from the YAML and
# then looks each option up in the loaded namespaces for what the YAML leaves out (a string's
# regex, a list's item type, a URI's schemes, an IP address's version).
CONVERTER=$(
    cat <<'PYTHON'
import json, sys, warnings

warnings.simplefilter("ignore")
import yaml
from oslo_config import cfg, generator, types

# oslo.config type names in the generator's YAML, to the short names snippets/src/oslo reads.
YAML_TYPES = {
    "string value": "str", "integer value": "int", "floating point value": "float",
    "boolean value": "bool", "port value": "port", "list value": "list", "dict value": "dict",
    "multi valued": "multi", "uri value": "uri", "IP address value": "ip",
    "hostname value": "hostname", "host address value": "hostaddr",
    "host domain value": "hostdomain", "range value": "range", "unknown value": "unknown",
}


def group_key(name):
    # oslo.config lower-cases group names when it reads a file, except DEFAULT.
    return name if name == "DEFAULT" else name.lower()


def type_spec(t):
    """What a value of oslo.config type instance `t` must look like."""
    if isinstance(t, type):  # keystoneauth plugin options use Python types
        return {"type": {str: "str", int: "int", bool: "bool", float: "float"}.get(t, "unknown")}
    spec = {"type": YAML_TYPES.get(getattr(t, "type_name", ""), "unknown")}
    if isinstance(t, types.Port):
        spec["type"] = "port"
    choices = getattr(t, "choices", None)
    if choices:
        spec["choices"] = [c for c in choices]
    for attr in ("min", "max"):
        v = getattr(t, attr, None)
        if v is not None:
            spec[attr] = v
    if isinstance(t, types.String):
        if t.regex is not None:
            spec["regex"] = t.regex.pattern
        if t.max_length:
            spec["max_length"] = t.max_length
        if t.ignore_case:
            spec["ignore_case"] = True
    if isinstance(t, types.URI):
        if t.schemes:
            spec["schemes"] = sorted(t.schemes)
        if t.max_length:
            spec["max_length"] = t.max_length
    if isinstance(t, types.IPAddress) and t.version_checker != t._check_both_versions:
        spec["version"] = 4 if t.version_checker == t._check_ipv4 else 6
    if isinstance(t, types.List) and t.item_type is not None:
        spec["item"] = type_spec(t.item_type)
    if isinstance(t, types.Dict) and t.value_type is not None:
        spec["item"] = type_spec(t.value_type)
    if isinstance(t, types.Range):
        spec["type"] = "range"
    return spec


def opt_spec(yopt, live):
    """One option from its YAML entry, with the details of its live Opt when there is one."""
    if live is not None:
        spec = type_spec(live.type)
        if live.multi:
            spec["type"] = "multi"
            spec.pop("item", None)
    else:
        spec = {"type": YAML_TYPES.get(yopt["type"], "unknown")}
        if yopt.get("choices"):
            spec["choices"] = [c[0] if isinstance(c, list) else c for c in yopt["choices"]]
        for attr in ("min", "max"):
            if yopt.get(attr) is not None:
                spec[attr] = yopt[attr]
    if yopt.get("deprecated_for_removal"):
        spec["deprecated"] = {}
        if yopt.get("deprecated_since"):
            spec["deprecated"]["since"] = str(yopt["deprecated_since"])
        reason = " ".join(str(yopt.get("deprecated_reason") or "").split())
        if reason:
            spec["deprecated"]["reason"] = reason
    old = []
    for d in yopt.get("deprecated_opts") or []:
        old.append([d.get("group") or None, d.get("name") or None])
    if old:
        spec["old"] = old
    return spec


def live_opts(namespaces):
    found = {}
    for _ns, listing in generator._list_opts(namespaces):
        for group, opts in listing:
            name = getattr(group, "name", group) or "DEFAULT"
            for o in opts:
                found[(group_key(name), o.dest)] = o
    return found


def dynamic_rules(service, data):
    """Groups a service registers at run time, named by another option's value."""
    rules = []
    owners = {}
    for gname, g in data["options"].items():
        if g.get("dynamic_group_owner"):
            owners.setdefault(g["dynamic_group_owner"], []).append(group_key(gname))
    # oslo.config's own: `[DEFAULT] config_source = name` adds a [name] group of a source driver.
    for owner, groups in sorted(owners.items()):
        rules.append({"owner": ["DEFAULT", owner], "kind": "list", "templates": sorted(groups)})
    if service == "cinder":
        # Each name in enabled_backends is a section of volume driver options; the generator
        # lists all of them under [backend_defaults], which is what cinder falls back to.
        # cinder-volume also registers [backend] backend_host in each backend section when it
        # starts (cinder/cmd/volume.py), so that group's options belong there too.
        rules.append({"owner": ["DEFAULT", "enabled_backends"], "kind": "list",
                      "templates": ["backend", "backend_defaults"]})
        rules.append({"owner": ["fc-zone-manager", "fc_fabric_names"], "kind": "list",
                      "templates": ["brcd_fabric_example", "cisco_fabric_example"]})
    if service == "manila":
        # manila lists share driver options under [DEFAULT]; a backend section holds them.
        rules.append({"owner": ["DEFAULT", "enabled_share_backends"], "kind": "list",
                      "templates": ["DEFAULT"]})
    if service == "keystone":
        # keystone registers [auth] <method> for every method in [auth] methods, and
        # remote_id_attribute in a group named after each federation protocol.
        rules.append({"owner": ["auth", "methods"], "kind": "list", "templates": [],
                      "opts": {"remote_id_attribute": {"type": "str"}},
                      "keys_in": "auth"})
    return rules


def glance_stores(groups, live):
    """glance-api: `[DEFAULT] enabled_backends = name:type` sections take the options of the
    store type, which glance_store matches by substring of its driver entry point names."""
    from glance_store import multi_backend
    stores = {}
    for entry, opts in multi_backend._list_driver_opts().items():
        stores[entry.lower()] = {o.dest: {**type_spec(o.type), **({"type": "multi"} if o.multi else {})}
                                 for o in opts}
    # glance registers these two file stores itself (glance/common/wsgi_app.py RESERVED_STORES).
    reserved = {
        "filesystem_store_datadir": {"type": "str"},
        "filesystem_store_datadirs": {"type": "multi"},
        "filesystem_store_metadata_file": {"type": "str"},
        "filesystem_store_file_perm": {"type": "int"},
        "filesystem_store_chunk_size": {"type": "int", "min": 1},
        "filesystem_thin_provisioning": {"type": "bool"},
    }
    for name in ("os_glance_staging_store", "os_glance_tasks_store"):
        groups.setdefault(name, reserved)
    return stores


def convert(service, release, src, dst, namespaces):
    data = yaml.safe_load(open(src))
    live = live_opts(namespaces)
    groups = {}
    missing = 0
    for gname, g in data["options"].items():
        key = group_key(gname)
        opts = groups.setdefault(key, {})
        for yopt in g["opts"]:
            lo = live.get((key, yopt["dest"]))
            missing += lo is None
            opts[yopt["dest"]] = opt_spec(yopt, lo)
    # keystoneauth1 reads a plugin's options (auth_url, username...) only through the plugin that
    # `auth_type` names. register_auth_conf_options() registers auth_type and auth_section, but
    # some list_opts() (oslo.limit's [oslo_limit], cinder's [service_user]) list the plugin's
    # options without them.
    for opts in groups.values():
        if "auth_url" in opts and "auth_type" not in opts:
            opts["auth_type"] = {"type": "str"}
            opts["auth_section"] = {"type": "str"}
    out = {
        "format": 1,
        "service": service,
        "release": release,
        "namespaces": namespaces,
        "groups": groups,
        "dynamic": dynamic_rules(service, data),
    }
    if service == "glance-api":
        out["stores"] = glance_stores(groups, live)
        out["dynamic"].append({"owner": ["DEFAULT", "enabled_backends"], "kind": "dict",
                               "templates": [], "by_value": "stores"})
    write(dst, out)
    print(f"  {sum(len(o) for o in groups.values())} options in {len(groups)} groups"
          f" ({missing} without a live Opt)", file=sys.stderr)


def keystoneauth(release, dst):
    """The options of every auth plugin installed, for groups that pick one with auth_type."""
    from keystoneauth1 import loading
    plugins = {}
    for name in sorted(loading.get_available_plugin_names()):
        try:
            opts = loading.get_plugin_options(name)
        except Exception:  # a plugin whose module does not import here
            continue
        plugins[name] = {}
        for o in opts:
            spec = type_spec(o.type)
            old = [[None, d.dest] for d in o.deprecated]
            if old:
                spec["old"] = old
            plugins[name][o.dest] = spec
    write(dst, {"format": 1, "release": release, "plugins": plugins})


def write(dst, obj):
    """Compact JSON with one option (or plugin option) a line, so `git diff` between two
    generations, or between the two releases, reads as a list of changed options."""
    def compact(v):
        return json.dumps(v, sort_keys=True, separators=(",", ":"))

    def table(tables):  # {"group": {"option": spec}} -> one option a line
        blocks = []
        for name in sorted(tables):
            rows = ",\n".join(f"{compact(k)}:{compact(v)}" for k, v in sorted(tables[name].items()))
            blocks.append(f"{compact(name)}:{{\n{rows}}}" if rows else f"{compact(name)}:{{}}")
        return "{\n" + ",\n".join(blocks) + "}"

    tables = {"groups", "stores", "plugins"}
    parts = [f"{compact(k)}:{table(v) if k in tables else compact(v)}" for k, v in sorted(obj.items())]
    with open(dst, "w") as f:
        f.write("{" + ",\n".join(parts) + "}\n")


if sys.argv[1] == "convert":
    convert(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
else:
    keystoneauth(sys.argv[2], sys.argv[3])
PYTHON
)

releases=("$@")
[[ ${#releases[@]} -gt 0 ]] || releases=("${ALL_RELEASES[@]}")
for release in "${releases[@]}"; do
    case " ${ALL_RELEASES[*]} " in
    *" $release "*) ;;
    *) log "unknown release $release (known: ${ALL_RELEASES[*]})"; exit 2 ;;
    esac
    make_venv "$release"
    generate "$release"
done
du -ch "$DATA_DIR"/*/*.json | tail -1 >&2
