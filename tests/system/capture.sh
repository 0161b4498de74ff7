#!/bin/bash
# sluice-tcpdump: captures on a tap port (that tcpdump could not open by
# name in the namespace-free sense: the VM side is a tap we hold) and on a
# system port with a filter; the pcapng parses in tshark with the port
# names and directions; 9000-byte frames arrive whole; killing the client
# with SIGINT, SIGTERM, SIGHUP or SIGKILL leaves no capture, link or
# mirror behind.
TEST_NAME=cap
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v tshark >/dev/null || sl_skip "needs tshark"
command -v iperf3 >/dev/null || sl_skip "needs iperf3"
sl_setup

BR=slcapbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
sw_host a 10.253.0.1/24
sw_host b 10.253.0.2/24
check "add ports" sluice-ctl add-port "$BR" slcapa -- add-port "$BR" slcapb
check "ping" sw_ping a 10.253.0.2

# cap_start NAME ARGS...: runs sluice-tcpdump in the background with pcapng
# to $SL_DIR/NAME.pcapng; CAP_PID is its pid.
cap_start() {
    local name=$1; shift
    sluice-tcpdump --rundir "$SLUICE_RUNDIR" "$@" -w "$SL_DIR/$name.pcapng" \
        2>"$SL_DIR/$name.err" &
    CAP_PID=$!
    sl_wait_for "sluice-appctl --rundir '$SLUICE_RUNDIR' capture/list \
        | grep -q capture" 10
}
n_captures() {
    sluice-appctl --rundir "$SLUICE_RUNDIR" capture/list --format=json \
        | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# 1. A filter on a system port: only TCP port 5201 is captured.
ip netns exec slcap-b iperf3 -s -1 -D -p 5201 --logfile "$SL_DIR/iperf.log"
sl_wait_for "ip netns exec slcap-b ss -ltn | grep -q 5201" 10
cap_start filt -i slcapa tcp port 5201
ip netns exec slcap-a ping -q -c 5 -i 0.01 10.253.0.2 >/dev/null
check "iperf3" ip netns exec slcap-a iperf3 -c 10.253.0.2 -p 5201 -n 200K
sleep 0.5
kill -INT $CAP_PID; wait $CAP_PID
F="$SL_DIR/filt.pcapng"
N_TCP=$(tshark -r "$F" -Y 'tcp.port == 5201' 2>/dev/null | wc -l)
N_ALL=$(tshark -r "$F" 2>/dev/null | wc -l)
check "filter: some TCP 5201" [ "$N_TCP" -gt 10 ]
check_eq "filter: nothing else (no ICMP)" "$N_TCP" "$N_ALL"
check_eq "filter: interface name" "slcapa" \
    "$(tshark -r "$F" -T fields -e frame.interface_name 2>/dev/null | sort -u)"
IN=$(tshark -r "$F" -Y 'ip.src == 10.253.0.1 && tcp.port == 5201' \
    -T fields -e frame.packet_flags_direction 2>/dev/null | sort -u)
OUT=$(tshark -r "$F" -Y 'ip.src == 10.253.0.2 && tcp.port == 5201' \
    -T fields -e frame.packet_flags_direction 2>/dev/null | sort -u)
check_eq "direction of a's frames: inbound" "0x00000001" "$IN"
check_eq "direction of frames to a: outbound" "0x00000002" "$OUT"
check_match "client reports drops" "packets dropped by sluice-switchd" \
    "$(cat "$SL_DIR/filt.err")"
check_eq "capture gone after SIGINT" 0 "$(n_captures)"

# 2. A tap port of a "VM": frames to it, in direction out only, two ports
# at once give two interfaces.
check "add tap" sluice-ctl add-port "$BR" slcaptap -- \
    set Interface slcaptap type=tap
sl_link slcaptap
ip link set slcaptap up
cap_start tap -i slcaptap,slcapb --direction out
ip netns exec slcap-a ping -q -c 3 -i 0.01 -b 10.253.0.255 >/dev/null 2>&1
ip netns exec slcap-a arping -c 1 -I eth0 10.253.0.9 >/dev/null 2>&1 || \
    ip -n slcap-a neigh flush all
check "ping after flush" sw_ping a 10.253.0.2
sleep 0.5
kill -TERM $CAP_PID; wait $CAP_PID
T="$SL_DIR/tap.pcapng"
N_TAP=$(tshark -r "$T" -Y 'frame.interface_name == "slcaptap"' 2>/dev/null \
    | wc -l)
check "tap: frames flooded to the tap captured" [ "$N_TAP" -ge 1 ]
check_eq "tap: only outbound" "0x00000002" \
    "$(tshark -r "$T" -T fields -e frame.packet_flags_direction \
       2>/dev/null | sort -u)"
check_eq "tap: two interfaces" "2" \
    "$(capinfos -I "$T" 2>/dev/null | grep -c 'Name = slcap')"
check_eq "capture gone after SIGTERM" 0 "$(n_captures)"

# 3. 9000-byte frames, captured whole; through the real tcpdump (no -w).
for p in slcapa slcapb; do ip link set $p mtu 9000; done
ip -n slcap-a link set eth0 mtu 9000
ip -n slcap-b link set eth0 mtu 9000
cap_start jumbo -i slcapa -s 0 icmp
check "jumbo ping" ip netns exec slcap-a ping -q -c 2 -s 8972 -M do 10.253.0.2
sleep 0.5
kill -HUP $CAP_PID; wait $CAP_PID
check_eq "jumbo: 9014-byte frames captured whole" "9014" \
    "$(tshark -r "$SL_DIR/jumbo.pcapng" -T fields -e frame.cap_len \
       2>/dev/null | sort -u)"
check_eq "capture gone after SIGHUP" 0 "$(n_captures)"
sluice-tcpdump --rundir "$SLUICE_RUNDIR" -i slcapa -n -c 4 icmp \
    >"$SL_DIR/td.out" 2>"$SL_DIR/td.err" &
TDP=$!
sl_wait_for "[ \$(n_captures) = 1 ]" 10
ip netns exec slcap-a ping -q -c 2 -i 0.1 10.253.0.2 >/dev/null
wait $TDP
check_match "tcpdump child printed the pings" \
    "IP 10.253.0.1 > 10.253.0.2: ICMP echo request" "$(cat "$SL_DIR/td.out")"
check_eq "tcpdump child: 4 lines" 4 "$(wc -l <"$SL_DIR/td.out")"

# 4. SIGKILL mid-capture: nothing remains.
# links: the root namespace's links, except other tests' (named "sl..."
# but not "slcap..."), which come and go while tests run in parallel.
links() {
    ip -o link | awk -F': ' '$2 !~ /^sl/ || $2 ~ /^slcap/ {print $2}'
}
LINKS_BEFORE=$(links | sort)
MIRRORS_BEFORE=$(sluice-ctl list-mirrors "$BR")
sluice-tcpdump --rundir "$SLUICE_RUNDIR" -i slcapa -w - >/dev/null 2>&1 &
KP=$!
sl_wait_for "[ \$(n_captures) = 1 ]" 10
ip netns exec slcap-a ping -q -c 20 -i 0.01 10.253.0.2 >/dev/null &
PP=$!
kill -KILL $KP; wait $KP 2>/dev/null
wait $PP
check "capture gone after SIGKILL" sl_wait_for "[ \$(n_captures) = 0 ]" 5
check_eq "no new links" "" \
    "$(comm -13 <(printf '%s\n' "$LINKS_BEFORE") <(links | sort))"
check_eq "no mirrors" "$MIRRORS_BEFORE" "$(sluice-ctl list-mirrors "$BR")"
check "forwarding still fine" sw_ping a 10.253.0.2

# 5. Bad requests: one clear line, non-zero exit.
check_fails "unknown port" sluice-tcpdump --rundir "$SLUICE_RUNDIR" \
    -i nosuchport -w /dev/null
check_fails "bad filter" sluice-tcpdump --rundir "$SLUICE_RUNDIR" \
    -i slcapa -w /dev/null "tcp port nonsense"
check_match "bad filter message" "bad filter" \
    "$(sluice-tcpdump --rundir "$SLUICE_RUNDIR" -i slcapa -w /dev/null \
       'tcp port nonsense' 2>&1)"
sl_finish
