#!/bin/bash
# Mirroring benchmark (make bench-mirror; needs root; not part of make
# check).
#
# Forwarding rate between two namespace hosts through one Sluice bridge,
# side by side in one run with the same traffic:
#   - no mirror;
#   - a select-all SPAN mirror to an internal port that tcpdump reads
#     (writing to /dev/null), as a user would watch it;
#   - a live capture (sluice-tcpdump -i PORT -w /dev/null) on the
#     sending host's port.
# For each: 64-byte UDP (tests/bench/slgen, FLOWS flows, UDP_SECS
# seconds; rate = frames h2 received per second) and one iperf3 TCP
# stream (TCP_SECS seconds), then a table with each rate's ratio to the
# no-mirror run.
set -u
TEST_NAME=benchm
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || { echo "mirror.sh: needs root" >&2; exit 1; }
SLGEN="$top_builddir/tests/bench/slgen"
[ -x "$SLGEN" ] || { echo "mirror.sh: build $SLGEN first" \
                          "(make tests/bench/slgen)" >&2; exit 1; }
sl_setup
FLOWS=${FLOWS:-64}
UDP_SECS=${UDP_SECS:-5}
TCP_SECS=${TCP_SECS:-10}
H1=slbenchm-h1
H2=slbenchm-h2
BR=slbenchmbr
MON=slbenchmmon

sw_host h1 10.251.8.1/24
sw_host h2 10.251.8.2/24
H2_MAC=$(sw_mac h2)
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
sl_link "$MON"
sluice-ctl add-br "$BR" -- add-port "$BR" slbenchmh1 \
    -- add-port "$BR" slbenchmh2 -- add-port "$BR" "$MON" \
    -- set Interface "$MON" type=internal >/dev/null || exit 1
ip link set "$MON" up

udp_rate() {
    ip netns exec "$H2" "$SLGEN" sink -t $((UDP_SECS + 3)) &
    local sink=$! before after last out secs
    sleep 0.2
    before=$(ip netns exec "$H2" "$SLGEN" rx -i eth0)
    out=$(ip netns exec "$H1" "$SLGEN" send -i eth0 -d "$H2_MAC" \
          -S 10.251.8.1 -D 10.251.8.2 -f "$FLOWS" -t "$UDP_SECS")
    after=$(ip netns exec "$H2" "$SLGEN" rx -i eth0)
    while sleep 0.1; last=$after
          after=$(ip netns exec "$H2" "$SLGEN" rx -i eth0)
          [ "$after" != "$last" ]; do :; done
    kill "$sink" 2>/dev/null; wait "$sink" 2>/dev/null
    secs=$(echo "$out" | sed -n 's/.* in \([0-9.]*\) s:.*/\1/p')
    python3 -c "print(int(($after - $before) / $secs / 1000))"
}

tcp_rate() {
    ip netns exec "$H2" iperf3 -s -D -p 5302 -I "$SL_DIR/iperf3.pid" \
        >/dev/null
    sl_wait_for "ip netns exec $H2 ss -ltn | grep -q ':5302 '" 10
    timeout $((TCP_SECS + 10)) ip netns exec "$H1" iperf3 -c 10.251.8.2 \
        -p 5302 -t "$TCP_SECS" -J 2>/dev/null | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
    print("%.2f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))
except Exception:
    print("0")'
    kill "$(cat "$SL_DIR/iperf3.pid")" 2>/dev/null
    sleep 0.5
}

RESULTS="$SL_DIR/results"
: >"$RESULTS"
measure() {
    sw_ping h1 10.251.8.2 >/dev/null
    local kpps gbps
    kpps=$(udp_rate)
    gbps=$(tcp_rate)
    echo "$1|$kpps|$gbps" >>"$RESULTS"
    echo "$1: 64-byte UDP $kpps kpps, TCP $gbps Gbit/s" >&2
}

measure "no mirror"

sluice-ctl add-mirror "$BR" all --select-all --output-port "$MON" \
    >/dev/null || exit 1
tcpdump -i "$MON" -n -w /dev/null 2>/dev/null &
TD=$!
measure "select-all SPAN"
kill "$TD"; wait "$TD" 2>/dev/null
sluice-ctl del-mirror "$BR" all >/dev/null

sluice-tcpdump --rundir "$SLUICE_RUNDIR" -i slbenchmh1 -w /dev/null \
    2>"$SL_DIR/cap.err" &
CP=$!
sl_wait_for "sluice-appctl --rundir '$SLUICE_RUNDIR' capture/list \
    | grep -q capture" 10
measure "sluice-tcpdump"
kill -INT "$CP"; wait "$CP"
echo "sluice-tcpdump said: $(tr '\n' ' ' <"$SL_DIR/cap.err")" >&2

python3 - "$RESULTS" <<'PY'
import sys
rows = [l.strip().split("|") for l in open(sys.argv[1]) if l.strip()]
base_k, base_t = float(rows[0][1]) or 1, float(rows[0][2]) or 1
print("%-18s %12s %8s %12s %8s" % ("", "UDP64 kpps", "ratio", "TCP Gbit/s",
                                     "ratio"))
for name, k, t in rows:
    print("%-18s %12s %8.2f %12s %8.2f" % (name, k, float(k) / base_k, t,
                                           float(t) / base_t))
PY
