#!/bin/bash
# sluice-ctl's mirror commands against sluice-dbserver (no switchd):
# add-mirror with every selection, list-mirrors in both forms, the generic
# list/set/get commands on the Mirror table, del-mirror, and every bad
# input refused with one line, a non-zero exit status and an unchanged
# database.
TEST_NAME=ctlmirror
. "$(dirname "$0")/lib.sh"
sl_setup
sl_start_dbserver || exit 1

DB="unix:$SLUICE_RUNDIR/db.sock"
ctl() {
    sluice-ctl --no-wait "$@"
}
dump() {
    ovsdb-client dump "$DB" Open_vSwitch Mirror Bridge 2>&1
}

check "set-up" ctl add-br br0 -- add-br br1 -- add-port br0 p1 \
    -- add-port br0 p2 -- add-port br0 mon -- add-port br1 q1
check "add-mirror select-all" ctl add-mirror br0 m1 --select-all \
    --output-port mon
check "add-mirror ports+vlans" ctl add-mirror br0 m2 \
    --select-src-port p1,p2 --select-dst-port p2 --select-vlan 10,20 \
    --output-vlan 99
OUT=$(ctl list-mirrors br0)
check_match "table: m1" "^m1 +all +- +- +- +mon +0 +0$" "$OUT"
check_match "table: m2" "^m2 +ports +p1,p2 +p2 +10,20 +vlan99 +0 +0$" "$OUT"
J=$(ctl list-mirrors br0 --format json)
check "json" python3 -c '
import json, sys
d = {m["name"]: m for m in json.loads(sys.argv[1])}
assert d["m1"]["select_all"] and d["m1"]["output_port"] == "mon"
assert d["m1"]["output_vlan"] is None
assert d["m2"]["select_src_port"] == "p1,p2"
assert d["m2"]["select_vlan"] == "10,20" and d["m2"]["output_vlan"] == 99
assert d["m2"]["tx_packets"] == 0' "$J"
check_eq "generic get" m1 "$(ctl get Mirror m1 name)"
check_match "generic list" "select_all +: true" "$(ctl list Mirror m1)"
check "generic set" ctl set Mirror m2 output_vlan=98
check_eq "generic set took" 98 "$(ctl get Mirror m2 output_vlan)"
check_eq "bridge refers to both" 2 \
    "$(ctl get Bridge br0 mirrors | tr ',' '\n' | grep -c .)"

# Bad input: one line, non-zero, db unchanged.
BEFORE=$(dump)
bad() {
    local desc=$1 pattern=$2 out status
    shift 2
    out=$(ctl "$@" 2>&1); status=$?
    if [ $status -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] \
        && printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
        sl_pass "$desc"
    else
        sl_fail "$desc (status $status)"
        printf '%s\n' "$out" | sed 's/^/    | /'
    fi
}
bad "unknown output port" 'no port "nope"' add-mirror br0 m3 --select-all \
    --output-port nope
bad "port of another bridge" 'no port "q1"' add-mirror br0 m3 \
    --select-src-port q1 --output-port mon
bad "both outputs" 'exactly one of' add-mirror br0 m3 --select-all \
    --output-port mon --output-vlan 5
bad "no output" 'exactly one of' add-mirror br0 m3 --select-all
bad "VLAN 5000" '"5000" is not a VLAN' add-mirror br0 m3 --select-vlan 5000 \
    --output-port mon
bad "output VLAN 5000" '"5000" is not a VLAN' add-mirror br0 m3 \
    --select-all --output-vlan 5000
bad "output VLAN 0" '"0" is not a VLAN' add-mirror br0 m3 \
    --select-all --output-vlan 0
bad "duplicate name" 'already has a mirror named "m1"' add-mirror br0 m1 \
    --select-all --output-port mon
bad "output also selected" 'cannot also be selected' add-mirror br0 m3 \
    --select-src-port mon --output-port mon
bad "unknown option" 'unknown argument "--select-everything"' \
    add-mirror br0 m3 --select-everything --output-port mon
bad "missing value" '--output-port needs a value' add-mirror br0 m3 \
    --select-all --output-port
bad "no bridge" 'br9' add-mirror br9 m3 --select-all --output-port mon
bad "del unknown" 'no mirror named "zz"' del-mirror br0 zz
bad "list unknown bridge" 'br9' list-mirrors br9
check_eq "db unchanged" "$BEFORE" "$(dump)"

check "del-mirror" ctl del-mirror br0 m1
check "del-mirror --if-exists" ctl --if-exists del-mirror br0 m1
check_eq "one left" "m2" "$(ctl --format json list-mirrors br0 \
    | python3 -c 'import json, sys
print(",".join(m["name"] for m in json.load(sys.stdin)))')"
check_eq "row deleted" 1 "$(ovsdb-client dump "$DB" Open_vSwitch Mirror \
    | grep -c '^[0-9a-f]\{8\}-')"
sl_finish
