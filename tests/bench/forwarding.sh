#!/bin/bash
# Forwarding benchmark (make bench; needs root; not part of make check).
#
# Compares, side by side in one run and with the same traffic, between
# two namespace hosts on veth pairs (offloads as the veths come: on):
#   - the Linux kernel bridge;
#   - sluice-switchd: a standalone bridge (NORMAL), then fail_mode=secure
#     with 1, 1k and 100k OpenFlow rules (RULES), where every rule but the
#     ones that carry the traffic is a distinct exact-match flow of higher
#     priority that the traffic never hits;
#   - Open vSwitch's userspace datapath (Debian's ovs-vswitchd,
#     datapath_type=netdev, NORMAL), a private ovsdb-server and
#     ovs-vswitchd in a temporary directory and their own namespace
#     (never the system service).
#
# Measures, for each:
#   - 64-byte UDP: tests/bench/slgen blasts 60-byte frames (64 on the
#     wire) over FLOWS source ports from h1 for UDP_SECS seconds as fast
#     as it can (AF_PACKET, qdisc bypass, sendmmsg), UDP_RUNS times (the
#     run with the median rate counts); the rate is what h2's
#     eth0 received (its rx_packets counter) over the sender's duration,
#     so what the switch dropped does not count.  The frames go to a
#     MAC address that h2 announced (one broadcast frame from it, before
#     each run) but does not own, so every switch forwards them to h2
#     alone and h2's kernel drops them as soon as it sees they are for
#     another host: the receiving host's IP stack would otherwise cost
#     more CPU than the switch itself (it runs in the context of whoever
#     transmits to h2, i.e. the switch).  For the userspace switches,
#     also the switch process's CPU time (user + system, /proc) per
#     packet received;
#   - latency: the average round-trip time of 20 pings from h1 to h2,
#     50 ms apart (an idle switch: what a lone packet waits);
#   - TCP: iperf3, one stream, TCP_SECS seconds, as the receiver reports,
#     bounded by a timeout (OVS's userspace datapath may stall with
#     offloads on; a stalled or failed run shows as 0).
# and prints a table with the ratios Sluice/OVS and Sluice/kernel.
#
# Knobs (environment): TARGETS (default "kernel sluice ovs"), RULES
# (default "1 1000 100000"), FLOWS (64), UDP_SECS (5), UDP_RUNS (3),
# TCP_SECS (10).
set -u
TEST_NAME=bench
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || { echo "forwarding.sh: needs root" >&2; exit 1; }
command -v iperf3 >/dev/null || { echo "forwarding.sh: needs iperf3" >&2;
                                  exit 1; }
SLGEN="$top_builddir/tests/bench/slgen"
[ -x "$SLGEN" ] || { echo "forwarding.sh: build $SLGEN first" \
                          "(make tests/bench/slgen)" >&2; exit 1; }
sl_setup

TARGETS=${TARGETS:-kernel sluice ovs}
RULES=${RULES:-1 1000 100000}
FLOWS=${FLOWS:-64}
TCP_SECS=${TCP_SECS:-10}
UDP_SECS=${UDP_SECS:-5}
UDP_RUNS=${UDP_RUNS:-3}
H1=slbench-h1
H2=slbench-h2
RESULTS="$SL_DIR/results"
: >"$RESULTS"

sw_host h1 10.251.9.1/24
sw_host h2 10.251.9.2/24
SINK_MAC=02:5b:00:00:00:02

# cpu_ticks PID: user + system clock ticks of process PID so far.
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

# udp_run PID: measures the 64-byte rate once; PID is the switch process
# (empty for the kernel).  Prints "KPPS USEC_PER_PACKET".
udp_run() {
    local pid=$1 before after out secs t0 t1 last
    ip netns exec "$H2" "$SLGEN" send -i eth0 -s "$SINK_MAC" \
        -d ff:ff:ff:ff:ff:ff -S 10.251.9.2 -D 10.251.9.255 -n 1 >/dev/null
    sleep 0.2
    before=$(ip netns exec "$H2" "$SLGEN" rx -i eth0)
    [ -n "$pid" ] && t0=$(cpu_ticks "$pid")
    out=$(ip netns exec "$H1" "$SLGEN" send -i eth0 -d "$SINK_MAC" \
          -S 10.251.9.1 -D 10.251.9.2 -f "$FLOWS" -t "$UDP_SECS")
    # Let the switch drain its socket buffers, then read the counter.
    after=$(ip netns exec "$H2" "$SLGEN" rx -i eth0)
    while sleep 0.1; last=$after
          after=$(ip netns exec "$H2" "$SLGEN" rx -i eth0)
          [ "$after" != "$last" ]; do :; done
    [ -n "$pid" ] && t1=$(cpu_ticks "$pid")
    secs=$(echo "$out" | sed -n 's/.* in \([0-9.]*\) s:.*/\1/p')
    python3 - "$before" "$after" "$secs" "${t0:-}" "${t1:-}" \
        "$(getconf CLK_TCK)" <<'PY'
import sys
b, a, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
n = a - b
us = "-"
if sys.argv[4] and n:
    us = "%.2f" % ((int(sys.argv[5]) - int(sys.argv[4]))
                   / int(sys.argv[6]) * 1e6 / n)
print("%d %s" % (n / secs / 1000, us))
PY
}

# tcp_run: prints the TCP rate in Gbit/s (0 if the run failed or
# stalled).
tcp_run() {
    ip netns exec "$H2" iperf3 -s -D -p 5301 -I "$SL_DIR/iperf3.pid" \
        >/dev/null
    sl_wait_for "ip netns exec $H2 ss -ltn | grep -q ':5301 '" 10
    timeout $((TCP_SECS + 10)) ip netns exec "$H1" iperf3 -c 10.251.9.2 \
        -p 5301 -t "$TCP_SECS" -J 2>/dev/null | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
    print("%.2f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))
except Exception:
    print("0")'
    kill "$(cat "$SL_DIR/iperf3.pid")" 2>/dev/null
    sleep 0.5
}

# measure LABEL PID [notcp]: runs the measurements over whatever
# connects h1 and h2 now and records a result line.
measure() {
    local label=$1 pid=$2 tcp=- rtt
    sw_ping h1 10.251.9.2 >/dev/null \
        || { echo "forwarding.sh: $label does not forward" >&2; }
    sw_ping h2 10.251.9.1 >/dev/null
    rtt=$(ip netns exec "$H1" ping -q -c 20 -i 0.05 -W 1 10.251.9.2 \
          | sed -n 's|^rtt [^=]*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
    local i runs=""
    for ((i = 0; i < UDP_RUNS; i++)); do
        runs="$runs $(udp_run "$pid")"
    done
    # The run with the median rate.
    read -r kpps us <<<"$(echo $runs | xargs -n 2 | sort -n \
                          | sed -n "$(( (UDP_RUNS + 1) / 2 ))p")"
    if [ "${3:-}" != notcp ]; then
        tcp=$(tcp_run)
    fi
    echo "$label|$kpps|$us|${rtt:--}|$tcp" >>"$RESULTS"
    echo "$label: 64-byte UDP $kpps kpps received ($us us CPU/packet)," \
         "ping ${rtt:--} ms, TCP $tcp Gbit/s" >&2
}

# make_flows COUNT FILE: COUNT-2 never-hit rules plus the two that carry
# the test traffic (h1 <-> h2, ARP included).
make_flows() {
    python3 - "$1" >"$2" <<'PY'
import sys
n = int(sys.argv[1])
for i in range(max(n - 2, 0)):
    print("priority=%d,udp,nw_src=10.%d.%d.%d,tp_dst=%d,actions=output:2"
          % (100 + i % 100, 100 + (i >> 16) % 100, (i >> 8) & 255, i & 255,
             1 + i % 1000))
print("priority=1,in_port=1,actions=output:2")
print("priority=1,in_port=2,actions=output:1")
PY
}

bench_kernel() {
    ip link add slbenchkbr type bridge
    sl_link slbenchkbr
    ip link set slbenchkbr up
    ip link set slbenchh1 master slbenchkbr
    ip link set slbenchh2 master slbenchkbr
    measure "kernel bridge" ""
    ip link del slbenchkbr
}

bench_sluice() {
    local br=slbenchbr n
    sl_start_dbserver
    sw_start_switchd
    sl_link "$br"
    sluice-ctl add-br "$br" >/dev/null
    sluice-ctl add-port "$br" slbenchh1 ofport_request=1 >/dev/null
    sluice-ctl add-port "$br" slbenchh2 ofport_request=2 >/dev/null
    measure "sluice NORMAL" "$SW_PID"
    sluice-ctl set-fail-mode "$br" secure >/dev/null
    sl_wait_for "[ -S '$SLUICE_RUNDIR/$br.mgmt' ]" 10
    for n in $RULES; do
        sluice-ofctl del-flows "$br"
        make_flows "$n" "$SL_DIR/rules.txt"
        sluice-ofctl add-flows "$br" "$SL_DIR/rules.txt"
        measure "sluice $n rules" "$SW_PID" notcp
    done
    sluice-ctl del-br "$br" >/dev/null
    kill "$SW_PID" 2>/dev/null
}

# The environment of the private OVS instance.
OVS_DIR="$SL_DIR/ovs"
OVS_ENV=(env OVS_RUNDIR="$OVS_DIR/run" OVS_DBDIR="$OVS_DIR/db"
         OVS_LOGDIR="$OVS_DIR/log" OVS_SYSCONFDIR="$OVS_DIR/etc")
ovs_vsctl() {
    "${OVS_ENV[@]}" ovs-vsctl --db="unix:$OVS_DIR/run/db.sock" \
        --timeout=20 "$@"
}
ovs_stop() {
    local d pid
    for d in ovs-vswitchd ovsdb-server; do
        pid=$(cat "$OVS_DIR/run/$d.pid" 2>/dev/null) || continue
        kill "$pid" 2>/dev/null
        sl_wait_for "! kill -0 $pid" 5 || kill -9 "$pid" 2>/dev/null
    done
}

# OVS runs in its own namespace (its netdev datapath creates a device
# named ovs-netdev), so the switch ends of the veths move there.
bench_ovs() {
    local ns pid
    command -v ovs-vswitchd >/dev/null \
        || { echo "forwarding.sh: no ovs-vswitchd, skipping OVS" >&2;
             return; }
    ns=$SL_PREFIX-ovs
    sl_netns ovs >/dev/null
    mkdir -p "$OVS_DIR"/run "$OVS_DIR"/db "$OVS_DIR"/log "$OVS_DIR"/etc
    sl_on_cleanup ovs_stop
    ovsdb-tool create "$OVS_DIR/db/conf.db" \
        /usr/share/openvswitch/vswitch.ovsschema
    ip netns exec "$ns" "${OVS_ENV[@]}" ovsdb-server "$OVS_DIR/db/conf.db" \
        --remote="punix:$OVS_DIR/run/db.sock" \
        --unixctl="$OVS_DIR/run/ovsdb-server.ctl" \
        --pidfile="$OVS_DIR/run/ovsdb-server.pid" \
        --log-file="$OVS_DIR/log/ovsdb-server.log" -vconsole:off \
        --no-chdir --detach 2>/dev/null
    ovs_vsctl --no-wait init
    ip netns exec "$ns" "${OVS_ENV[@]}" ovs-vswitchd \
        "unix:$OVS_DIR/run/db.sock" \
        --unixctl="$OVS_DIR/run/ovs-vswitchd.ctl" \
        --pidfile="$OVS_DIR/run/ovs-vswitchd.pid" \
        --log-file="$OVS_DIR/log/ovs-vswitchd.log" -vconsole:off \
        --no-chdir --detach 2>/dev/null
    ip link set slbenchh1 netns "$ns"
    ip link set slbenchh2 netns "$ns"
    ip -n "$ns" link set slbenchh1 up
    ip -n "$ns" link set slbenchh2 up
    ovs_vsctl add-br slbenchobr -- set bridge slbenchobr datapath_type=netdev \
        -- add-port slbenchobr slbenchh1 -- add-port slbenchobr slbenchh2
    pid=$(cat "$OVS_DIR/run/ovs-vswitchd.pid")
    sl_wait_for "ip netns exec $H1 ping -q -c 1 -W 1 10.251.9.2" 20
    measure "ovs netdev NORMAL" "$pid"
    ovs_stop
}

for t in $TARGETS; do
    "bench_$t"
done

echo
python3 - "$RESULTS" "$FLOWS" <<'PY'
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
by = {r[0]: r for r in rows}
print("%-20s %14s %12s %9s %10s" % ("", "64B UDP kpps", "us CPU/pkt",
                                     "ping ms", "TCP Gbit/s"))
for r in rows:
    print("%-20s %14s %12s %9s %10s" % tuple(r))
def num(label, i):
    try:
        return float(by[label][i])
    except (KeyError, ValueError):
        return None
def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "n/a"
s = "sluice NORMAL"
print()
print("(%s flows; kpps received by h2)" % sys.argv[2])
for other in ("ovs netdev NORMAL", "kernel bridge"):
    print("%s / %s: 64B UDP %s, TCP %s"
          % (s, other, ratio(num(s, 1), num(other, 1)),
             ratio(num(s, 4), num(other, 4))))
rules = [r[0] for r in rows if r[0].endswith(" rules")]
if len(rules) > 1:
    print("%s / %s (64B UDP): %s"
          % (rules[-1], rules[0], ratio(num(rules[-1], 1),
                                        num(rules[0], 1))))
PY
