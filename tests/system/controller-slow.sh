#!/bin/bash
# A slow controller must not slow the switch down.  A secure bridge has
# static flows between h1 and h2 and a table-miss flow to the controller
# (whole packets); the controller (tests/controller/minictl.py, with a
# small receive buffer) stops reading its socket while h3 floods frames
# that all miss.  Then:
#   - the switch's output to it is bounded: asynchronous messages beyond
#     the backlog limit are dropped and counted
#     (Controller.status:async_dropped grows, the log says why once);
#   - h1 and h2 keep pinging each other during a second flood, and
#     sluice-ofctl still gets answers (nothing waits for the controller);
#   - the connection stays up, and once the controller reads again it
#     gets new packet-ins.
TEST_NAME=ctlslow
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slctlslowbr
PORT=26694
MINICTL="$top_srcdir/tests/controller/minictl.py"

ofc() { echo "$*" >"$SL_DIR/ctl.fifo"; }
seen() { grep -Eq -- "$1" "$SL_DIR/ctl.of"; }
n_pi() { grep -c PACKET_IN "$SL_DIR/ctl.of"; }
dropped() {
    sluice-ctl get Controller "$CTL" status \
        | grep -o 'async_dropped="\?[0-9]*' | grep -o '[0-9]*$'
}
# flood N: h3 sends N broadcast frames of 1400 bytes (each one misses).
flood() {
    ip netns exec "$SL_PREFIX-h3" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x03" + b"\x88\xb5" + bytes(1386)
for _ in range(int(sys.argv[1])):
    s.send(frame)
' "$1"
}

sl_spawn ctl python3 "$MINICTL" --port "$PORT" --rcvbuf 4096 \
    --log "$SL_DIR/ctl.of" --fifo "$SL_DIR/ctl.fifo"
check "controller listens" sl_wait_for "seen LISTENING" 10

sl_start_dbserver
sw_start_switchd
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sl_link "$BR"
sw_host h1 10.251.25.1/24
sw_host h2 10.251.25.2/24
sw_host h3
check "add ports" sluice-ctl add-port "$BR" slctlslowh1 ofport_request=1 \
    -- add-port "$BR" slctlslowh2 ofport_request=2 \
    -- add-port "$BR" slctlslowh3 ofport_request=3
check "static flows h1<->h2, table-miss to the controller" \
    sluice-ofctl add-flows "$BR" - <<EOF
priority=10,in_port=1 actions=output:2
priority=10,in_port=2 actions=output:1
priority=0 actions=CONTROLLER:65535
EOF
check "set-controller" sluice-ctl set-controller "$BR" \
    "tcp:127.0.0.1:$PORT"
CTL=$(sluice-ctl get Bridge "$BR" controller | tr -d '[]')
# No inactivity probe during the test: a paused controller answers no
# echo request, and the point is the backlog, not the probe.
check "no probe for a minute" sluice-ctl set Controller "$CTL" \
    inactivity_probe=60000
check "connected" sl_wait_for "seen FEATURES_REPLY" 20
check "db: is_connected" sl_wait_for \
    "[ \"\$(sluice-ctl get Controller $CTL is_connected)\" = true ]" 10
check_eq "nothing dropped yet" 0 "$(dropped)"
flood 5
check "packet-ins while the controller reads" \
    sl_wait_for "[ \$(n_pi) -ge 5 ]" 10

# --- The controller stops reading. ---
ofc pause
sleep 0.2   # let the pause take effect before the flood (not an assertion)
n0=$(n_pi)
check "flood of 20000 table misses" flood 20000
check "drops counted in Controller.status:async_dropped" \
    sl_wait_for "[ \"\$(dropped)\" -gt 0 ]" 10
d1=$(dropped)
warned=$(grep 'does not keep up' "$SL_DIR/switchd.log")
check_match "logged, with where to look" \
    'controller does not keep up.*async_dropped' "$warned"
check_eq "logged once" 1 "$(printf '%s\n' "$warned" | wc -l)"

flood 20000 &
FLOOD_PID=$!
check "h1 pings h2 during the next flood" ip netns exec "$SL_PREFIX-h1" \
    ping -q -c 5 -i 0.2 -W 2 10.251.25.2
check "h2 pings h1" \
    ip netns exec "$SL_PREFIX-h2" ping -q -c 1 -W 2 10.251.25.1
check_match "sluice-ofctl answers" 'priority=10,in_port=1' \
    "$(sluice-ofctl dump-flows --no-stats "$BR")"
wait "$FLOOD_PID"
check "the drop counter keeps growing" \
    sl_wait_for "[ \"\$(dropped)\" -gt $d1 ]" 10
check_eq "no packet-in read while paused" "$n0" "$(n_pi)"
check_eq "still connected" true \
    "$(sluice-ctl get Controller "$CTL" is_connected)"

# --- The controller reads again. ---
ofc resume
ofc barrier 7
check "backlog drains up to a barrier reply" \
    sl_wait_for "seen 'BARRIER_REPLY xid=7'" 20
check "the queued packet-ins arrive" test "$(n_pi)" -gt "$n0"
n1=$(n_pi)
flood 3
check "new packet-ins after the drain" \
    sl_wait_for "[ \$(n_pi) -ge $((n1 + 3)) ]" 10
check_fails "the connection never dropped" seen DISCONNECTED
sl_finish
