"""Runs oslo-config-validator on one oslo.config file, skipping the groups a service creates at
run time.

Usage: python oslo-validate.py CONFIG SCHEMA_JSON OPT_DATA_YAML

The generator's YAML lists only the groups a service registers when it loads, so
oslo-config-validator reports the groups a service creates at run time as unknown. Those are left
to haguide's native check, which knows them (snippets/src/oslo/dynamic.rs), and passed to the
validator as --exclude-group: cinder backends, glance stores and manila share backends named in
the file (the schema's "dynamic" rules), `auth_section` targets, auth groups whose `auth_type` is
not `password` (the YAML lists only the password plugin's options), auth groups the YAML lists
without `auth_type` ([oslo_limit], cinder's [service_user]), and groups the schema has but the YAML
lacks (glance's reserved stores).

The first line on stdout is the validator command line; then the validator's own main() runs in
this process, so its exit code is ours. It would parse the YAML with PyYAML's pure-Python loader
(about 2.5 s for nova's); it gets the same data, parsed once with libyaml, instead.
"""

import json
import shlex
import sys

import yaml
from oslo_config import cfg, validator

conf_file, schema_file, yaml_file = sys.argv[1:4]
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
with open(yaml_file) as f:
    data = yaml.load(f, Loader=loader)
opt_data = data["options"]
sections = {}
cfg.ConfigParser(conf_file, sections).parse()
with open(schema_file) as f:
    schema = json.load(f)


def key(name):  # oslo.config compares group names in lower case, except DEFAULT
    return name if name == "DEFAULT" else name.lower()


def value(group, option):
    for name, opts in sections.items():
        if key(name) == group and option in opts:
            return opts[option][-1]
    return None


runtime = set()
for rule in schema["dynamic"]:
    for item in (value(*rule["owner"]) or "").split(","):
        name = item.split(":")[0].strip() if rule["kind"] == "dict" else item.strip()
        if name:
            runtime.add(key(name))
for name, opts in sections.items():
    if "auth_section" in opts:
        runtime.add(key(opts["auth_section"][-1]))
    auth_type = opts.get("auth_type", [""])[-1]
    if auth_type and auth_type != "password":
        runtime.add(key(name))
    listed = {o["dest"] for o in opt_data.get(name, {}).get("opts", [])}
    if auth_type and "auth_type" not in listed:
        runtime.add(key(name))
    if name not in opt_data and key(name) in schema["groups"]:
        runtime.add(key(name))

argv = ["--opt-data", yaml_file, "--input-file", conf_file, "--fatal-warnings"]
for name in sections:
    if key(name) in runtime:
        argv += ["--exclude-group", name]
print(" ".join(shlex.quote(a) for a in ["oslo-config-validator"] + argv), flush=True)
validator.load_opt_data = lambda conf: data
sys.argv = ["oslo-config-validator"] + argv
sys.exit(validator.main())
