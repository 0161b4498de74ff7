#!/bin/bash
# sluice-ctl's controller, fail-mode and SSL commands against
# sluice-dbserver: set/get/del-controller with several targets of every
# kind, set/get/del-fail-mode, set/get/del-ssl, their show and JSON forms
# (status columns written by ovsdb-client, as sluice-switchd would), and
# every bad input refused with one line, a non-zero exit status and an
# unchanged database.
TEST_NAME=ctlcontroller
. "$(dirname "$0")/lib.sh"
sl_setup
sl_start_dbserver || exit 1
. "$(dirname "$0")/ctl-lib.sh"

DB="unix:$SLUICE_RUNDIR/db.sock"

check "set-up" ctl add-br br0 -- add-br br1

# --- Controllers. ---
check "set-controller with four targets" ctl set-controller br0 \
    tcp:192.0.2.1 ssl:192.0.2.2:6654 'tcp:[2001:db8::1]:6653' ptcp:6633
check_eq "get-controller lists them sorted" \
    "$(printf '%s\n' 'ptcp:6633' 'ssl:192.0.2.2:6654' \
        'tcp:192.0.2.1' 'tcp:[2001:db8::1]:6653')" \
    "$(ctl get-controller br0)"
check_eq "four Controller rows" 4 \
    "$(ctl --format json list Controller | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["records"]))')"
check_eq "br1 has no controller" "" "$(ctl get-controller br1)"
json_check "get-controller JSON" \
    'd == {"bridge": "br0", "controllers": ["ptcp:6633",
     "ssl:192.0.2.2:6654", "tcp:192.0.2.1", "tcp:[2001:db8::1]:6653"]}' \
    get-controller br0
check "set-controller replaces the targets" \
    ctl set-controller br0 ssl:10.0.0.5 pssl:6653:127.0.0.1
check_eq "get-controller after replacing" \
    "$(printf '%s\n' 'pssl:6653:127.0.0.1' 'ssl:10.0.0.5')" \
    "$(ctl get-controller br0)"
check_eq "the old Controller rows are gone" 2 \
    "$(ctl --format json list Controller | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["records"]))')"
check "unix: and punix: targets" ctl set-controller br1 \
    "unix:$SL_DIR/ctrl.sock" "punix:$SL_DIR/br1.listen"
check_eq "get-controller br1" \
    "$(printf '%s\n' "punix:$SL_DIR/br1.listen" "unix:$SL_DIR/ctrl.sock")" \
    "$(ctl get-controller br1)"
check "del-controller" ctl del-controller br1
check_eq "no controller after del-controller" "" "$(ctl get-controller br1)"
check_eq "del-controller deleted the rows" 2 \
    "$(ctl --format json list Controller | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["records"]))')"

# --- Fail mode. ---
check_eq "no fail mode at first" "" "$(ctl get-fail-mode br0)"
json_check "get-fail-mode JSON when unset" \
    'd == {"bridge": "br0", "fail_mode": None}' get-fail-mode br0
check "set-fail-mode secure" ctl set-fail-mode br0 secure
check_eq "get-fail-mode" secure "$(ctl get-fail-mode br0)"
check_eq "stored in Bridge.fail_mode" secure "$(ctl get Bridge br0 fail_mode)"
check "set-fail-mode standalone" ctl set-fail-mode br1 standalone
json_check "get-fail-mode JSON" \
    'd == {"bridge": "br1", "fail_mode": "standalone"}' get-fail-mode br1
check "del-fail-mode" ctl del-fail-mode br1
check_eq "no fail mode after del-fail-mode" "" "$(ctl get-fail-mode br1)"

# --- SSL. ---
check_eq "get-ssl prints nothing without SSL" "" "$(ctl get-ssl)"
json_check "get-ssl JSON without SSL" 'd == {"ssl": None}' get-ssl
check "set-ssl" ctl set-ssl /etc/sluice/sw-privkey.pem \
    /etc/sluice/sw-cert.pem /etc/sluice/cacert.pem
check_eq "get-ssl" "$(printf '%s\n' \
    'Private key: /etc/sluice/sw-privkey.pem' \
    'Certificate: /etc/sluice/sw-cert.pem' \
    'CA Certificate: /etc/sluice/cacert.pem' 'Bootstrap: false')" \
    "$(ctl get-ssl)"
json_check "get-ssl JSON" \
    'd == {"ssl": {"private_key": "/etc/sluice/sw-privkey.pem",
     "certificate": "/etc/sluice/sw-cert.pem",
     "ca_cert": "/etc/sluice/cacert.pem", "bootstrap_ca_cert": False}}' \
    get-ssl
check_eq "Open_vSwitch.ssl references the SSL row" "$(ctl get SSL . _uuid)" \
    "$(ctl get Open_vSwitch . ssl)"
check "set-ssl again with relative paths" \
    bash -c "cd '$SL_DIR' && sluice-ctl --no-wait set-ssl k.pem c.pem ca.pem"
check_eq "relative paths are stored absolute" "$SL_DIR/k.pem" \
    "$(ctl get SSL . private_key | tr -d '"')"
check_eq "set-ssl replaced the SSL row" 1 \
    "$(ctl --format json list SSL | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["records"]))')"
check "del-ssl" ctl del-ssl
check_eq "get-ssl after del-ssl" "" "$(ctl get-ssl)"
check_eq "no SSL row after del-ssl" 0 \
    "$(ctl --format json list SSL | python3 -c '
import json, sys; print(len(json.load(sys.stdin)["records"]))')"
check_eq "Open_vSwitch.ssl is empty" "[]" "$(ctl get Open_vSwitch . ssl)"

# --- show, with the status columns sluice-switchd writes. ---
check "set-controller for show" ctl set-controller br0 tcp:127.0.0.1:6653 \
    ssl:10.0.0.5
uuid=$(ctl --format json list Controller | python3 -c '
import json, sys
for r in json.load(sys.stdin)["records"]:
    if r["target"] == "tcp:127.0.0.1:6653":
        print(r["_uuid"])')
check "ovsdb-client marks a controller connected" ovsdb-client transact "$DB" \
    "[\"Open_vSwitch\", {\"op\": \"update\", \"table\": \"Controller\",
      \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"$uuid\"]]],
      \"row\": {\"is_connected\": true, \"role\": \"master\"}}]"
show=$(ctl show)
check_match "show: the connected controller" \
    "$(printf '%s' '        Controller "tcp:127.0.0.1:6653"')" "$show"
check_eq "show: the connected controller with its status" \
    "$(printf '%s\n' '        Controller "tcp:127.0.0.1:6653"' \
        '            is_connected: true' '            role: master')" \
    "$(printf '%s\n' "$show" | grep -A2 'Controller "tcp:127.0.0.1:6653"')"
check_eq "show: no status under the unconnected controller" "" \
    "$(printf '%s\n' "$show" | grep -A1 'Controller "ssl:10.0.0.5"' \
        | sed -n 2p | grep -E 'is_connected|role')"
check_match "show: fail_mode of br0" '^        fail_mode: secure$' \
    "$(printf '%s\n' "$show" | sed -n '/Bridge "br0"/,/Bridge "br1"/p')"
json_check "show JSON: controllers, role and fail mode" \
    '[b for b in d["bridges"] if b["name"] == "br0"][0]["fail_mode"]
     == "secure" and sorted(
        (c["target"], c["is_connected"], c["role"])
        for c in [b for b in d["bridges"] if b["name"] == "br0"][0]
        ["controllers"]) == [("ssl:10.0.0.5", False, None),
                             ("tcp:127.0.0.1:6653", True, "master")]' show

# --- Bad input: one line, non-zero exit, database unchanged. ---
before=$(dump)

bad "short IP" 'set-controller: tcp:1\.2\.3: bad IP address' \
    set-controller br0 tcp:1.2.3
bad "ssl: without an IP" 'set-controller: ssl:host: bad IP address' \
    set-controller br0 ssl:host
bad "port 70000" 'set-controller: tcp:10\.0\.0\.1:70000: bad port "70000"' \
    set-controller br0 tcp:10.0.0.1:70000
bad "port 0 for an active target" \
    'set-controller: ssl:10\.0\.0\.1:0: bad port "0"' \
    set-controller br0 ssl:10.0.0.1:0
bad "bad passive port" 'set-controller: ptcp:99999: bad port' \
    set-controller br0 ptcp:99999
bad "bad passive IP" 'set-controller: pssl:6653:1\.2: bad IP address "1\.2"' \
    set-controller br0 pssl:6653:1.2
bad "unknown connection type" \
    'set-controller: udp:10\.0\.0\.1: unknown connection type' \
    set-controller br0 udp:10.0.0.1
bad "one bad target among good ones" 'set-controller: tcp:1\.2\.3: bad IP' \
    set-controller br0 tcp:10.0.0.1 tcp:1.2.3
bad "duplicate target" \
    'set-controller: target "tcp:10\.0\.0\.1" given twice$' \
    set-controller br0 tcp:10.0.0.1 tcp:10.0.0.1
bad "set-controller without targets" \
    '"set-controller" takes at least 2 arguments, not 1' set-controller br0
bad "set-controller, unknown bridge" \
    'no bridge named "br9" \(known: br0, br1\)$' \
    set-controller br9 tcp:10.0.0.1
bad "get-controller, unknown bridge" 'no bridge named "br9"' \
    get-controller br9
bad "del-controller, unknown bridge" 'no bridge named "br9"' \
    del-controller br9
bad "bogus fail mode" \
    'set-fail-mode: "bogus" is not a fail mode \(expected standalone or '\
'secure\)$' \
    set-fail-mode br0 bogus
bad "set-fail-mode, unknown bridge" 'no bridge named "br9"' \
    set-fail-mode br9 secure
bad "get-fail-mode, unknown bridge" 'no bridge named "br9"' \
    get-fail-mode br9
bad "del-fail-mode, unknown bridge" 'no bridge named "br9"' \
    del-fail-mode br9
bad "set-ssl with an empty file name" \
    'set-ssl: the certificate file name is empty$' set-ssl /k "" /ca
bad "set-ssl with two files" '"set-ssl" takes 3 arguments, not 2' \
    set-ssl /k /c
bad "a bad target in a multi-command transaction" \
    'set-controller: ssl:host: bad IP address' \
    set-fail-mode br1 secure -- set-controller br1 ssl:host

sl_finish
