#!/bin/bash
# Forwarding benchmark: Sluice against the Linux kernel bridge, side by
# side, between two namespace hosts on veth pairs (offloads as the veths
# come, i.e. on).  Run with "make bench" (needs root; not part of
# "make check").
#
# Measures, for each switch:
#   - TCP throughput: iperf3, one stream, 10 s, as the receiver reports;
#   - the 64-byte UDP forwarding rate: iperf3 -u -b 0 with 18-byte
#     payloads (18 + 8 UDP + 20 IP + 14 Ethernet + 4 FCS = 64 bytes on
#     the wire) for 5 s; the rate is the number of packets the receiving
#     host's eth0 actually received (its rx_packets counter, read before
#     and after) divided by the duration, so packets the switch dropped
#     do not count.
# and prints both and the Sluice/kernel ratio.
set -u
TEST_NAME=bench
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || { echo "forwarding.sh: needs root" >&2; exit 1; }
command -v iperf3 >/dev/null || { echo "forwarding.sh: needs iperf3" >&2;
                                  exit 1; }
sl_setup

TCP_SECS=${TCP_SECS:-10}
UDP_SECS=${UDP_SECS:-5}

sw_host h1 10.251.9.1/24
sw_host h2 10.251.9.2/24

rx_packets() {
    ip netns exec slbench-h2 cat /sys/class/net/eth0/statistics/rx_packets
}

# measure LABEL: runs both measurements over whatever connects h1 and h2
# now; sets TCP_GBPS and UDP_KPPS.
measure() {
    ip netns exec slbench-h2 iperf3 -s -D -p 5301 \
        -I "$SL_DIR/iperf3.pid" >/dev/null
    sl_wait_for "ip netns exec slbench-h2 ss -ltn | grep -q ':5301 '" 10
    sw_ping h1 10.251.9.2 >/dev/null
    TCP_GBPS=$(ip netns exec slbench-h1 iperf3 -c 10.251.9.2 -p 5301 \
               -t "$TCP_SECS" -J | python3 -c '
import json, sys
print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]
                ["bits_per_second"] / 1e9))')
    local before after
    before=$(rx_packets)
    ip netns exec slbench-h1 iperf3 -c 10.251.9.2 -p 5301 -u -b 0 -l 18 \
        -t "$UDP_SECS" >/dev/null
    after=$(rx_packets)
    UDP_KPPS=$(( (after - before) / UDP_SECS / 1000 ))
    kill "$(cat "$SL_DIR/iperf3.pid")" 2>/dev/null
    sleep 0.5
    echo "$1: TCP $TCP_GBPS Gbit/s, 64-byte UDP $UDP_KPPS kpps received"
}

# Sluice.
sl_start_dbserver
sw_start_switchd
sl_link slbenchbr
sluice-ctl add-br slbenchbr >/dev/null
sluice-ctl add-port slbenchbr slbenchh1 >/dev/null
sluice-ctl add-port slbenchbr slbenchh2 >/dev/null
measure "sluice"
S_TCP=$TCP_GBPS
S_UDP=$UDP_KPPS
sluice-ctl del-br slbenchbr >/dev/null

# The kernel bridge, same hosts and veths.
ip link add slbenchkbr type bridge
sl_link slbenchkbr
ip link set slbenchkbr up
ip link set slbenchh1 master slbenchkbr
ip link set slbenchh2 master slbenchkbr
measure "kernel bridge"
K_TCP=$TCP_GBPS
K_UDP=$UDP_KPPS

python3 - "$S_TCP" "$K_TCP" "$S_UDP" "$K_UDP" <<'PY'
import sys
s_tcp, k_tcp, s_udp, k_udp = map(float, sys.argv[1:5])
ratio = lambda a, b: "%.2f" % (a / b) if b else "n/a"
print("%-26s %12s %14s %8s" % ("", "sluice", "kernel bridge", "ratio"))
print("%-26s %12.2f %14.2f %8s" % ("TCP throughput (Gbit/s)", s_tcp, k_tcp,
                                  ratio(s_tcp, k_tcp)))
print("%-26s %12d %14d %8s" % ("64-byte UDP (kpps rcvd)", s_udp, k_udp,
                              ratio(s_udp, k_udp)))
PY
