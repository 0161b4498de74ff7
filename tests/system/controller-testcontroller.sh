#!/bin/bash
# Debian's ovs-testcontroller, a controller implementation nobody here
# wrote, drives a secure bridge over ssl: with mutual authentication
# (certificates from sluice-pki; it listens with pssl:):
#   - as a learning switch it installs flows and two namespace hosts ping
#     each other through them only (fail_mode=secure: nothing else
#     forwards); the flow table then holds its flows;
#   - Controller.is_connected is true and the status names its
#     certificate;
#   - restarted in hub mode (-H --noflow: every packet comes as a
#     packet-in and goes out as a flooding PACKET_OUT), the hosts still
#     ping each other and the only flow is its table-miss flow.
TEST_NAME=ctltc
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v ovs-testcontroller >/dev/null \
    || sl_skip "needs ovs-testcontroller (openvswitch-testcontroller)"
sl_setup

BR=slctltcbr
PORT=26693
PKI="$top_srcdir/utilities/sluice-pki"
P="$SL_DIR/pki"
"$PKI" -d "$P" init >/dev/null
"$PKI" -d "$P" -o "$P" req+sign switch switch >/dev/null
"$PKI" -d "$P" -o "$P" req+sign ctl controller >/dev/null

# start_tc [OPTIONS]: runs ovs-testcontroller on pssl:PORT:127.0.0.1.
start_tc() {
    sl_spawn testcontroller ovs-testcontroller "$@" \
        -p "$P/ctl-privkey.pem" -c "$P/ctl-cert.pem" -C "$P/cacert.pem" \
        --no-chdir --unixctl="$SL_DIR/tc.ctl" \
        "-vconsole:info" "pssl:$PORT:127.0.0.1"
    TC_PID=$SL_LAST_PID
}
listening() { sl_wait_for "ss -ltn | grep -q '127.0.0.1:$PORT '" 20; }
stop_tc() {
    kill "$TC_PID"
    sl_wait_for "! kill -0 $TC_PID" 10
}
connected() {
    [ "$(sluice-ctl get Controller "$CTL" is_connected)" = "$1" ]
}
flows() { sluice-ofctl dump-flows --no-stats "$BR"; }
ping1() { ip netns exec "$SL_PREFIX-$1" ping -q -c 1 -W 2 "$2"; }

start_tc
check "ovs-testcontroller listens (learning switch)" listening
sl_start_dbserver
sw_start_switchd
check "set-ssl" sluice-ctl set-ssl "$P/switch-privkey.pem" \
    "$P/switch-cert.pem" "$P/cacert.pem"
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sl_link "$BR"
sw_host h1 10.251.24.1/24
sw_host h2 10.251.24.2/24
check "add ports" sluice-ctl add-port "$BR" slctltch1 ofport_request=1 \
    -- add-port "$BR" slctltch2 ofport_request=2
check_eq "secure, no controller yet: no flows" "" "$(flows)"
check_fails "no forwarding before the controller" ping1 h1 10.251.24.2
check "set-controller ssl:" sluice-ctl set-controller "$BR" \
    "ssl:127.0.0.1:$PORT"
CTL=$(sluice-ctl get Bridge "$BR" controller | tr -d '[]')
check "Controller is_connected" sl_wait_for "connected true" 20
st=$(sluice-ctl get Controller "$CTL" status)
check_match "status: ACTIVE" 'state=ACTIVE' "$st"
check_match "status: its certificate" 'peer_subject="?CN=ctl' "$st"

check "h1 pings h2 through ovs-testcontroller" \
    sl_wait_for "ping1 h1 10.251.24.2" 10
check "h2 pings h1" ping1 h2 10.251.24.1
check "ping of 1400 bytes" ip netns exec "$SL_PREFIX-h1" \
    ping -q -c 3 -i 0.2 -W 2 -s 1400 10.251.24.2
learned=$(flows)
check_match "its table-miss flow" '^ priority=0 actions=CONTROLLER:128$' \
    "$learned"
check_match "learning switch installed a flow to port 2" \
    'actions=output:"?2"?' "$learned"
check_match "and one to port 1" 'actions=output:"?1"?' "$learned"

# --- Hub mode, no flows. ---
stop_tc
check "disconnect noticed" sl_wait_for "connected false" 10
check "flush the learned flows" sluice-ofctl del-flows "$BR"
start_tc -H -n
check "ovs-testcontroller again, as a hub without flows" listening
check "reconnected" sl_wait_for "connected true" 20
check "hub: h1 pings h2 (every packet through the controller)" \
    sl_wait_for "ping1 h1 10.251.24.2" 10
check "hub: h2 pings h1" ping1 h2 10.251.24.1
check_eq "hub: only its table-miss flow, nothing learned" \
    " priority=0 actions=CONTROLLER:128" "$(flows)"
sl_finish
