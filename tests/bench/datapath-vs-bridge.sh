#!/bin/bash
# Compares the Sluice datapath (tests/dp-harness, AF_PACKET ports) with the
# Linux kernel bridge between two veth-attached namespaces: TCP throughput
# (iperf3, default offloads) and 64-byte UDP (iperf3 -u -l 64 -b 0).
# Prints each result and the ratio.  Not part of make check.
set -u
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
HARNESS=$top_builddir/tests/dp-harness
P=slbench
SECS=${SECS:-5}

cleanup() {
    [ -n "${HPID:-}" ] && kill "$HPID" 2>/dev/null && wait "$HPID" 2>/dev/null
    ip link del ${P}kbr 2>/dev/null
    for n in a b; do
        ip link del $P$n 2>/dev/null
        ip netns del $P-$n 2>/dev/null
    done
}
trap cleanup EXIT

for n in a b; do
    ip netns add $P-$n
    ip link add $P$n type veth peer name eth0 netns $P-$n
    ip -n $P-$n link set lo up
    ip -n $P-$n link set eth0 up
done
ip -n $P-a addr add 10.78.0.1/24 dev eth0
ip -n $P-b addr add 10.78.0.2/24 dev eth0

# measure NAME: prints "NAME tcp_gbps udp_rx_kpps".
measure() {
    ip netns exec $P-a ping -c 2 -i 0.2 -W 2 10.78.0.2 >/dev/null || {
        echo "$1: no connectivity" >&2; return 1; }
    ip netns exec $P-b iperf3 -s -1 -D -p 5401
    sleep 0.5
    local tcp udp
    tcp=$(ip netns exec $P-a iperf3 -c 10.78.0.2 -p 5401 -t "$SECS" -J \
          | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9,2))')
    ip netns exec $P-b iperf3 -s -1 -D -p 5402
    sleep 0.5
    udp=$(ip netns exec $P-a iperf3 -c 10.78.0.2 -p 5402 -u -l 64 -b 0 \
              -t "$SECS" -J \
          | python3 -c 'import json,sys; s=json.load(sys.stdin)["end"]["sum"]; print(round((s["packets"]-s["lost_packets"])/s["seconds"]/1e3))')
    echo "$1 $tcp $udp"
}

"$HARNESS" ${P}br ${P}a ${P}b >/dev/null 2>&1 &
HPID=$!
sleep 1
read -r _ s_tcp s_udp < <(measure sluice)
kill $HPID; wait $HPID 2>/dev/null; HPID=
ip link add ${P}kbr type bridge
ip link set ${P}a master ${P}kbr
ip link set ${P}b master ${P}kbr
ip link set ${P}kbr up
sleep 1
read -r _ k_tcp k_udp < <(measure kernel-bridge)
printf '%-14s %10s %14s\n' "" "TCP Gbit/s" "UDP64 rx kpps"
printf '%-14s %10s %14s\n' sluice "$s_tcp" "$s_udp" kernel-bridge "$k_tcp" \
    "$k_udp"
python3 -c "print('ratio sluice/kernel: TCP %.2f, UDP64 %.2f' % ($s_tcp/$k_tcp, $s_udp/$k_udp))"
