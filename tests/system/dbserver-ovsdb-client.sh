#!/bin/bash
# Interop: Debian's ovsdb-client (Open vSwitch) against sluice-dbserver:
# list-dbs, get-schema, transact, dump and a live monitor.
TEST_NAME=dbclient
. "$top_srcdir/tests/system/lib.sh"

command -v ovsdb-client >/dev/null || sl_skip "ovsdb-client not installed"
sl_setup
sl_start_dbserver || exit 1
DB="unix:$SLUICE_RUNDIR/db.sock"

# Compares two schemas semantically: defaults filled in, enum sets
# unordered, atomic types in either short or long form.
schema_equal() {
    python3 - "$1" "$2" <<'EOF'
import json, sys

def base(b):
    if isinstance(b, str):
        b = {"type": b}
    b = dict(b)
    if "enum" in b:
        e = b["enum"]
        vals = e[1] if isinstance(e, list) and e and e[0] == "set" else [e]
        b["enum"] = sorted(vals)
    return b

def norm(s):
    for t in s["tables"].values():
        t.setdefault("isRoot", False)
        for c in t["columns"].values():
            ty = c["type"]
            if not isinstance(ty, dict):
                ty = {"key": ty}
            ty = dict(ty)
            ty["key"] = base(ty["key"])
            if "value" in ty:
                ty["value"] = base(ty["value"])
            ty.setdefault("min", 1)
            ty.setdefault("max", 1)
            c["type"] = ty
            c.setdefault("mutable", True)
            c.setdefault("ephemeral", False)
    s.pop("cksum", None)
    return s

a, b = (norm(json.load(open(f))) for f in sys.argv[1:3])
sys.exit(0 if a == b else 1)
EOF
}

check_eq "list-dbs" "Open_vSwitch" "$(ovsdb-client list-dbs "$DB")"

ovsdb-client get-schema "$DB" >"$SL_DIR/schema.json"
check "get-schema matches sluice.ovsschema" \
    schema_equal "$SL_DIR/schema.json" "$top_srcdir/dbserver/sluice.ovsschema"
check_eq "get-schema-version" "1.0.0" \
    "$(ovsdb-client get-schema-version "$DB")"

# Insert the root row with one bridge.
out=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "insert", "table": "Open_vSwitch",
   "row": {"bridges": ["named-uuid", "br"], "next_cfg": 1}},
  {"op": "insert", "table": "Bridge", "uuid-name": "br",
   "row": {"name": "br0", "fail_mode": "secure",
           "external_ids": ["map", [["owner", "test"]]]}}]')
check_match "transact insert returns two uuids" \
    '^\[\{"uuid":\["uuid","[0-9a-f-]{36}"\]\},\{"uuid":\["uuid","[0-9a-f-]{36}"\]\}\]$' "$out"

out=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "select", "table": "Bridge", "where": [["name", "==", "br0"]],
   "columns": ["name", "fail_mode", "external_ids"]}]')
check_eq "transact select" \
    '[{"rows":[{"external_ids":["map",[["owner","test"]]],"fail_mode":"secure","name":"br0"}]}]' \
    "$out"

out=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "mutate", "table": "Open_vSwitch", "where": [],
   "mutations": [["next_cfg", "+=", 41]]},
  {"op": "select", "table": "Open_vSwitch", "where": [],
   "columns": ["next_cfg"]}]')
check_eq "transact mutate" '[{"count":1},{"rows":[{"next_cfg":42}]}]' "$out"

dump=$(ovsdb-client dump "$DB" Bridge name fail_mode external_ids)
check_match "dump shows the bridge" 'br0' "$dump"
check_match "dump shows its columns" 'secure.*owner=test|owner=test.*secure' \
    "$(echo "$dump" | grep br0)"

# A live monitor: start it, make changes, see them arrive.
sl_spawn monitor ovsdb-client monitor "$DB" Open_vSwitch Bridge name \
    --format=json
MON_LOG="$SL_DIR/monitor.log"
check "monitor shows the initial row" \
    sl_wait_for "grep -q br0 '$MON_LOG'" 10
ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "mutate", "table": "Open_vSwitch", "where": [],
   "mutations": [["bridges", "insert", ["named-uuid", "b1"]]]},
  {"op": "insert", "table": "Bridge", "uuid-name": "b1",
   "row": {"name": "br-live"}}]' >/dev/null
check "monitor shows an insert live" \
    sl_wait_for "grep -q br-live '$MON_LOG'" 10
check_match "the update is an insert of br-live" \
    '"insert".*br-live|br-live.*"insert"' "$(grep br-live "$MON_LOG")"

out=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "mutate", "table": "Open_vSwitch", "where": [],
   "mutations": [["bridges", "delete",
                  ["set", [["named-uuid", "none"]]]]]},
  {"op": "insert", "table": "Bridge", "uuid-name": "none",
   "row": {"name": "br-tmp"}},
  {"op": "delete", "table": "Bridge", "where": [["name", "==", "br0"]]}]')
check_match "deleting a referenced bridge is refused" \
    'referential integrity violation' "$out"

# Unhook br-live: garbage collection deletes it; the monitor sees that.
uuid=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "select", "table": "Bridge", "where": [["name", "==", "br-live"]],
   "columns": ["_uuid"]}]' | python3 -c \
    'import json,sys; print(json.load(sys.stdin)[0]["rows"][0]["_uuid"][1])')
out=$(ovsdb-client transact "$DB" "[\"Open_vSwitch\",
  {\"op\": \"mutate\", \"table\": \"Open_vSwitch\", \"where\": [],
   \"mutations\": [[\"bridges\", \"delete\", [\"uuid\", \"$uuid\"]]]}]")
check_eq "transact mutate delete" '[{"count":1}]' "$out"
check "monitor shows the delete" \
    sl_wait_for "grep -q '\"delete\"' '$MON_LOG'" 10
out=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "select", "table": "Bridge", "where": [], "columns": ["name"]}]')
check_eq "only br0 is left" '[{"rows":[{"name":"br0"}]}]' "$out"

out=$(ovsdb-client transact "$DB" '["Open_vSwitch",
  {"op": "delete", "table": "Open_vSwitch", "where": []}]')
check_eq "transact delete" '[{"count":1}]' "$out"
check_eq "garbage collection removed the bridge" '[{"rows":[]}]' \
    "$(ovsdb-client transact "$DB" '["Open_vSwitch",
      {"op": "select", "table": "Bridge", "where": []}]')"

# The socket and the database are not world-writable.
check_eq "socket mode" "660" "$(stat -c %a "$SLUICE_RUNDIR/db.sock")"
check_match "db file mode" '^6[04]0$' "$(stat -c %a "$SLUICE_DB")"

# SIGTERM exits cleanly and removes the socket.
kill -TERM "$SL_DBSERVER_PID"
check "dbserver exits on SIGTERM" \
    sl_wait_for "! kill -0 $SL_DBSERVER_PID" 10
check_fails "socket removed" test -e "$SLUICE_RUNDIR/db.sock"

sl_finish
