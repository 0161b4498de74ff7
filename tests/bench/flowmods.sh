#!/bin/bash
# Flow table benchmark (needs root; not part of "make check"):
#   - seconds to add N flows (default 100000) through
#     "sluice-ofctl add-flows" and through Debian's "ovs-ofctl -O
#     OpenFlow13 add-flows", side by side, against the same Sluice bridge,
#     with the ratio;
#   - the resident memory of sluice-switchd with those N flows;
#   - the 64-byte UDP forwarding rate between two namespace hosts with 1,
#     1k and N rules installed (the method of tests/bench/forwarding.sh:
#     iperf3 -u -b 0 -l 18 for UDP_SECS seconds, counting what the
#     receiving eth0 actually got), where every rule but the one that
#     forwards the test traffic is a distinct exact-match flow of higher
#     priority that the traffic never hits.
set -u
TEST_NAME=fmbench
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || { echo "flowmods.sh: needs root" >&2; exit 1; }
command -v iperf3 >/dev/null || { echo "flowmods.sh: needs iperf3" >&2;
                                  exit 1; }
sl_setup

N=${N_FLOWS:-100000}
UDP_SECS=${UDP_SECS:-5}
BR=slfmbenchbr
H="slfmbench"

sw_host h1 10.251.10.1/24
sw_host h2 10.251.10.2/24
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
sluice-ctl add-br "$BR" -- set Bridge "$BR" fail_mode=secure >/dev/null
sluice-ctl add-port "$BR" "${H}h1" ofport_request=1 >/dev/null
sluice-ctl add-port "$BR" "${H}h2" ofport_request=2 >/dev/null
sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10

# make_flows COUNT FILE: COUNT-1 never-hit rules plus the two that carry
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

seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" || { echo "flowmods.sh: $* failed" >&2; exit 1; }
    end=$(date +%s.%N)
    python3 -c "print('%.3f' % ($end - $start))"
}

make_flows "$N" "$SL_DIR/flows.txt"
S_SECS=$(seconds sluice-ofctl add-flows "$BR" "$SL_DIR/flows.txt")
count=$(sluice-ofctl dump-aggregate "$BR" | sed 's/.*flow_count=//')
[ "$count" = "$N" ] || { echo "flowmods.sh: $count flows, not $N" >&2;
                         exit 1; }
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$SW_PID/status")
sluice-ofctl del-flows "$BR"
O_SECS=$(seconds ovs-ofctl -O OpenFlow13 add-flows \
         "unix:$SLUICE_RUNDIR/$BR.mgmt" "$SL_DIR/flows.txt")

rx_packets() {
    ip netns exec "$SL_PREFIX-h2" cat /sys/class/net/eth0/statistics/rx_packets
}

# udp_kpps RULES: installs RULES rules and measures the 64-byte rate.
udp_kpps() {
    local before after
    sluice-ofctl del-flows "$BR"
    make_flows "$1" "$SL_DIR/rules.txt"
    sluice-ofctl add-flows "$BR" "$SL_DIR/rules.txt"
    ip netns exec "$SL_PREFIX-h2" iperf3 -s -D -p 5302 \
        -I "$SL_DIR/iperf3.pid" >/dev/null
    sl_wait_for "ip netns exec $SL_PREFIX-h2 ss -ltn | grep -q ':5302 '" 10
    sw_ping h1 10.251.10.2 >/dev/null
    before=$(rx_packets)
    ip netns exec "$SL_PREFIX-h1" iperf3 -c 10.251.10.2 -p 5302 -u -b 0 \
        -l 18 -t "$UDP_SECS" >/dev/null
    after=$(rx_packets)
    kill "$(cat "$SL_DIR/iperf3.pid")" 2>/dev/null
    sleep 0.5
    echo $(( (after - before) / UDP_SECS / 1000 ))
}

K1=$(udp_kpps 2)
K1K=$(udp_kpps 1000)
KN=$(udp_kpps "$N")

python3 - "$N" "$S_SECS" "$O_SECS" "$RSS_KB" "$K1" "$K1K" "$KN" <<'PY'
import sys
n, s, o, rss, k1, k1k, kn = sys.argv[1:8]
s, o = float(s), float(o)
print("add-flows of %s flows: sluice-ofctl %.3f s, ovs-ofctl %.3f s, "
      "ratio %.2f" % (n, s, o, o / s if s else 0))
print("sluice-switchd RSS with %s flows: %.1f MiB" % (n, int(rss) / 1024))
print("64-byte UDP forwarding (kpps received): 2 rules %s, 1k rules %s, "
      "%s rules %s (%s / 2 rules: %.2f)"
      % (k1, k1k, n, kn, n, int(kn) / int(k1) if int(k1) else 0))
PY
