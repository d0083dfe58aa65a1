#!/usr/bin/env bash
# Cross-checks every rendered oslo.config file with the upstream `oslo-config-validator`, against
# the options generated for its service and release by ci/generate-oslo-schemas.sh.
#
#   cargo run -- snippet render --all --out rendered/
#   bash ci/oslo-validator-check.sh rendered/
#
# DIR is what `haguide snippet render --all --out DIR` writes: index.json lists each file with
# its snippet id, variant, axes and format. Every `oslo:<service>` file is validated with
# `oslo-config-validator --opt-data <service>.yaml --fatal-warnings` from the venv of its release
# (axes.release; a snippet that does not vary on the release is validated for every release).
# A non-zero exit is a failure, printed with the file, snippet and the validator's output.
#
# The validator knows only the groups in the generated YAML, so the groups a service creates at
# run time are excluded from it with --exclude-group, found with the same rules as the native
# check (snippets/src/oslo/dynamic.rs) from snippets/data/oslo/<release>/<service>.json: cinder
# backends, glance stores and manila share backends named in the file, keystone federation
# protocols, `auth_section` targets, glance's reserved stores, auth groups whose `auth_type` is
# not `password` (the YAML lists only the password plugin's options), and auth groups the YAML
# lists without `auth_type` ([oslo_limit], cinder's [service_user]). The native check covers
# those groups. The validator itself skips unknown options in [keystone_authtoken].
#
# The generator's YAML is committed (snippets/data/oslo/<release>/opts/<service>.yaml.gz, written
# by ci/generate-oslo-schemas.sh), so this needs only oslo.config itself: a small venv in
# $HAGUIDE_TOOLS (default ~/.cache/haguide-tools), created on first use from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${1:?usage: bash ci/oslo-validator-check.sh DIR (from haguide snippet render --all --out DIR)}"
TOOLS_DIR="${HAGUIDE_TOOLS:-$HOME/.cache/haguide-tools}"
DATA_DIR="snippets/data/oslo"
ALL_RELEASES=(2026.1 2026.2)

if [[ ! -f "$DIR/index.json" ]]; then
    echo "$DIR/index.json not found: render with \`haguide snippet render --all --out $DIR\` first" >&2
    exit 2
fi

# One line per check: file, snippet id, variant, service, release (tab-separated).
mapfile -t jobs < <(
    python3 - "$DIR/index.json" "${ALL_RELEASES[*]}" <<'PY'
import json, sys

index, releases = sys.argv[1], sys.argv[2].split()
for e in json.load(open(index)):
    fmt = e.get("format", "")
    if not fmt.startswith("oslo:"):
        continue
    release = (e.get("axes") or {}).get("release")
    for r in [release] if release else releases:
        print("\t".join([e["file"], e["id"], e["variant"], fmt[len("oslo:"):], r]))
PY
)

if [[ ${#jobs[@]} -eq 0 ]]; then
    echo "no oslo.config files in $DIR/index.json: nothing for oslo-config-validator to check"
    exit 0
fi

# The groups to leave to the native check, one per line. Arguments: the config file, the
# schema JSON and the generator YAML. Runs in the release's venv for oslo.config's own parser.
EXCLUDES=$(
    cat <<'PY'
import json, sys
import yaml
from oslo_config import cfg

conf_file, schema_file, yaml_file = sys.argv[1:4]
sections = {}
cfg.ConfigParser(conf_file, sections).parse()
schema = json.load(open(schema_file))
opt_data = yaml.safe_load(open(yaml_file))["options"]
known_to_validator = set(opt_data)


def key(name):  # oslo.config compares group names in lower case, except DEFAULT
    return name if name == "DEFAULT" else name.lower()


def value(group, option):
    for name, opts in sections.items():
        if key(name) == group and option in opts:
            return opts[option][-1]
    return None


dynamic = set()
for rule in schema["dynamic"]:
    v = value(*rule["owner"])
    for item in (v or "").split(","):
        name = item.split(":")[0].strip() if rule["kind"] == "dict" else item.strip()
        if name:
            dynamic.add(key(name))
for name, opts in sections.items():
    if "auth_section" in opts:
        dynamic.add(key(opts["auth_section"][-1]))
    auth_type = opts.get("auth_type", [""])[-1]
    if auth_type and auth_type != "password":
        dynamic.add(key(name))
    # [oslo_limit] and cinder's [service_user] register auth_type at run time only.
    listed = {o["dest"] for o in opt_data.get(name, {}).get("opts", [])}
    if auth_type and "auth_type" not in listed:
        dynamic.add(key(name))
    # Groups the converter adds for glance's reserved stores are not in the generator's YAML.
    if name not in known_to_validator and key(name) in schema["groups"]:
        dynamic.add(key(name))
for name in sections:
    if key(name) in dynamic:
        print(name)
PY
)

# oslo-config-validator from the newest target release's oslo.config; the opt-data format is the
# same for both releases.
OSLO_CONFIG_VERSION=10.7.0
venv="$TOOLS_DIR/oslo-validator"
if ! "$venv/bin/python" -c "import sys, oslo_config.version as v; sys.exit(v.version_info.release_string() != '$OSLO_CONFIG_VERSION')" 2>/dev/null; then
    echo "installing oslo.config $OSLO_CONFIG_VERSION into $venv (once)" >&2
    mkdir -p "$TOOLS_DIR"
    python3 -m venv --clear "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "oslo.config==$OSLO_CONFIG_VERSION" PyYAML >&2
fi
opts=$(mktemp -d)
trap 'rm -rf "$opts"' EXIT

passed=0
failed=0
for job in "${jobs[@]}"; do
    IFS=$'\t' read -r file id variant service release <<<"$job"
    what="$file ($id, $variant, $release)"
    yaml="$opts/$release-$service.yaml"
    if [[ -f "$DATA_DIR/$release/opts/$service.yaml.gz" && ! -f "$yaml" ]]; then
        gzip -dc "$DATA_DIR/$release/opts/$service.yaml.gz" >"$yaml"
    fi
    schema="$DATA_DIR/$release/$service.json"
    if [[ ! -f "$schema" ]]; then
        echo "FAIL $what: no oslo.config schema for service \`$service\`"
        failed=$((failed + 1))
        continue
    fi
    if [[ ! -f "$yaml" ]]; then
        echo "FAIL $what: $DATA_DIR/$release/opts/$service.yaml.gz is missing; run \`bash ci/generate-oslo-schemas.sh $release\`"
        failed=$((failed + 1))
        continue
    fi
    args=()
    while IFS= read -r group; do
        [[ -n "$group" ]] && args+=(--exclude-group "$group")
    done < <("$venv/bin/python" - "$DIR/$file" "$schema" "$yaml" <<<"$EXCLUDES")
    if output=$("$venv/bin/oslo-config-validator" --opt-data "$yaml" --input-file "$DIR/$file" \
        --fatal-warnings "${args[@]}" 2>&1); then
        echo "ok   $what"
        passed=$((passed + 1))
    else
        echo "FAIL $what: oslo-config-validator exited non-zero"
        # Its INFO lines are about what it skipped; the WARNING and ERROR lines are the findings.
        grep -v '^INFO:' <<<"$output" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
echo "oslo-config-validator: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
