#!/bin/bash
# Fail modes with a real controller (the os-ken learning switch over tcp:,
# inactivity_probe 1000 ms, so fail-open comes after 3 s), and a user's
# static flows that must survive everything:
#   - secure: with os-ken stopped, the flows it installed keep forwarding
#     (h1<->h2), traffic it never saw (h3) is dropped, nothing changes in
#     the flow table; os-ken back: it regains control (h3 reachable
#     through new packet-ins);
#   - standalone: with os-ken stopped, the bridge fails open after 3x the
#     probe interval (Controller.status:fail_open=true) and switches
#     h1<->h4 on its own by NORMAL; os-ken back: fail-open ends (the key
#     goes away, traffic goes to os-ken again).
# The flow table (without statistics) is identical before and after.
TEST_NAME=ctlfm
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v osken-manager >/dev/null || sl_skip "needs osken-manager"
sl_setup

BR=slctlfmbr
PORT=26671
sl_start_dbserver
sw_start_switchd

start_osken() {
    sl_spawn osken /usr/bin/python3 /usr/bin/osken-manager \
        --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port $PORT \
        "$top_srcdir/tests/controller/learning_switch.py"
    OSKEN_PID=$SL_LAST_PID
}
stop_osken() {
    kill "$OSKEN_PID"
    sl_wait_for "! kill -0 $OSKEN_PID" 10
}
connected() {
    [ "$(sluice-ctl get Controller "$CTL" is_connected)" = "$1" ]
}
flows() { sluice-ofctl dump-flows --no-stats "$BR"; }
ping1() { ip netns exec "$SL_PREFIX-$1" ping -q -c 1 -W 1 "$2"; }

check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sl_link "$BR"
sw_host h1 10.251.22.1/24
sw_host h2 10.251.22.2/24
sw_host h3 10.251.22.3/24
sw_host h4 10.251.22.4/24
check "add ports" sluice-ctl add-port "$BR" slctlfmh1 ofport_request=1 \
    -- add-port "$BR" slctlfmh2 ofport_request=2 \
    -- add-port "$BR" slctlfmh3 ofport_request=3 \
    -- add-port "$BR" slctlfmh4 ofport_request=4
check "user's static flow" sluice-ofctl add-flow "$BR" \
    "priority=500,cookie=0x5,udp,tp_dst=9 actions=drop"

start_osken
check "os-ken listens" sl_wait_for "ss -ltn | grep -q '127.0.0.1:$PORT '" 20
check "set-controller" sluice-ctl set-controller "$BR" "tcp:127.0.0.1:$PORT"
CTL=$(sluice-ctl get Bridge "$BR" controller | tr -d '[]')
check "probe 1000 ms, backoff up to 1 s" sluice-ctl set Controller "$CTL" \
    inactivity_probe=1000 max_backoff=1000
check "connected" sl_wait_for "connected true" 20
check "h1 pings h2 through os-ken" sl_wait_for "ping1 h1 10.251.22.2" 10
before=$(flows)
check_match "os-ken's flows are in place" 'priority=10,in_port=1' "$before"

# --- secure: controller gone. ---
stop_osken
check "disconnect noticed" sl_wait_for "connected false" 10
check_match "status says why" 'last_error=' \
    "$(sluice-ctl get Controller "$CTL" status)"
check "installed flows keep forwarding (h1->h2)" ping1 h1 10.251.22.2
sleep 4   # longer than 3x the probe: a standalone bridge would fail open
check_fails "secure: no forwarding on its own (h1->h3)" ping1 h1 10.251.22.3
check_eq "secure: flow table unchanged" "$before" "$(flows)"
check_fails "secure never fails open" grep -q "entering fail-open" \
    "$SL_DIR/switchd.log"
check_fails "secure: status never says fail_open" grep -q fail_open \
    <<<"$(sluice-ctl get Controller "$CTL" status)"

start_osken
check "controller back" sl_wait_for "connected true" 20
check "os-ken regains control: h1 reaches h3" \
    sl_wait_for "ping1 h1 10.251.22.3" 10
check_match "static flow intact (secure)" 'cookie=0x5.*priority=500' \
    "$(flows)"

# --- standalone. ---
check "fail_mode=standalone" sluice-ctl set Bridge "$BR" \
    fail_mode=standalone
before=$(flows)
stop_osken
check "disconnect noticed" sl_wait_for "connected false" 10
check "standalone fails open" sl_wait_for \
    "grep -q 'slctlfmbr: entering fail-open' '$SL_DIR/switchd.log'" 10
check "Controller.status says fail_open=true" sl_wait_for \
    "sluice-ctl get Controller $CTL status | grep -q 'fail_open=\"\\?true'" 5
# h4 is new: no flow of os-ken's knows it, only NORMAL can reach it.
check "fail-open: NORMAL switches a new host (h1->h4)" \
    sl_wait_for "ping1 h1 10.251.22.4" 10
check_eq "fail-open: flow table unchanged" "$before" "$(flows)"
n_pi=$(grep -c PACKET_IN "$SL_DIR/osken.log")
start_osken
check "controller back" sl_wait_for "connected true" 20
check "fail-open ends" sl_wait_for \
    "grep -q 'slctlfmbr: leaving fail-open' '$SL_DIR/switchd.log'" 10
check "fail_open leaves Controller.status" sl_wait_for \
    "! sluice-ctl get Controller $CTL status | grep -q fail_open" 5
check "pings go through os-ken again (h4 is new to it)" \
    sl_wait_for "ping1 h4 10.251.22.1" 10
check "os-ken gets packet-ins again" \
    test "$(grep -c PACKET_IN "$SL_DIR/osken.log")" -gt "$n_pi"
check_match "static flow intact (standalone)" 'cookie=0x5.*priority=500' \
    "$(flows)"
check_match "flush-free: no flow deleted by fail-open" \
    'flow tables unchanged' "$(grep fail-open "$SL_DIR/switchd.log")"
sl_finish
