#!/bin/bash
# Datapath over AF_PACKET, driven by tests/dp-harness (no daemon): ping and
# TCP with default offloads between two namespaces, then 802.1Q access and
# trunk ports with the kernel's VLAN offload on and off, a tap port and an
# internal port.
TEST_NAME=dpaf
. "${top_srcdir:-$(dirname "$0")/../..}/tests/system/lib.sh"

[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v iperf3 >/dev/null || sl_skip "needs iperf3"
HARNESS=$top_builddir/tests/dp-harness
[ -x "$HARNESS" ] || sl_skip "build tests/dp-harness first"

sl_setup
P=$SL_PREFIX

# veth pair: $P$1 in the root namespace, "eth0" in namespace $1 with
# address $2 (and VLAN subinterfaces if more arguments are given: VID=ADDR).
mkns() {
    local name=$1 addr=$2 ns
    shift 2
    ns=$(sl_netns "$name")
    ip link add "$P$name" type veth peer name eth0 netns "$ns"
    sl_link "$P$name"
    ip -n "$ns" link set eth0 up
    [ "$addr" = - ] || ip -n "$ns" addr add "$addr" dev eth0
    for v in "$@"; do
        ip -n "$ns" link add link eth0 name "eth0.${v%%=*}" type vlan \
            id "${v%%=*}"
        ip -n "$ns" addr add "${v#*=}" dev "eth0.${v%%=*}"
        ip -n "$ns" link set "eth0.${v%%=*}" up
    done
}

# Starts the harness on bridge $P-br with the given port specs.
start_harness() {
    # The log keeps earlier runs' lines: wait for one more "ready".
    local n
    n=$(grep -c '^ready' "$SL_DIR/harness.log" 2>/dev/null)
    sl_spawn harness "$HARNESS" --aging 60 "${P}br" "$@"
    HARNESS_PID=$SL_LAST_PID
    sl_wait_for "[ \$(grep -c '^ready' '$SL_DIR/harness.log') -gt ${n:-0} ]" \
        10 \
        || { echo "harness did not start:"; cat "$SL_DIR/harness.log"; }
}

stop_harness() {
    kill "$HARNESS_PID"
    sl_wait_for "! kill -0 $HARNESS_PID" 10
}

# Prints the harness's port and MAC table lines.
harness_state() {
    local n
    n=$(wc -l <"$SL_DIR/harness.log")
    kill -USR1 "$HARNESS_PID"
    sl_wait_for "[ \$(grep -c '^port ' '$SL_DIR/harness.log') -gt \
        $(grep -c '^port ' "$SL_DIR/harness.log") ]" 5
    tail -n +"$((n + 1))" "$SL_DIR/harness.log"
}

NS_A=$P-a NS_B=$P-b NS_C=$P-c

# --- Untagged forwarding, ping and TCP. ---
mkns a 10.77.0.1/24
mkns b 10.77.0.2/24
check_fails "missing device is an error" "$HARNESS" "${P}x" "${P}nodev"
out=$("$HARNESS" "${P}x" "${P}nodev" 2>&1)
check_match "missing device message" \
    "could not open network device ${P}nodev \(No such device\)" "$out"

start_harness "${P}a" "${P}b"
check "ping a -> b" ip netns exec "$NS_A" ping -c 3 -i 0.2 -W 2 10.77.0.2
state=$(harness_state)
mac_b=$(ip -n "$NS_B" -br link show eth0 | awk '{print $3}')
check_match "b's MAC learned on its port" \
    "fdb vlan=0 mac=$mac_b port=${P}b" "$state"

ip netns exec "$NS_B" iperf3 -s -1 -D -p 5301
sl_wait_for "ip netns exec $NS_B ss -ltn | grep -q :5301" 5
json=$(ip netns exec "$NS_A" iperf3 -c 10.77.0.2 -p 5301 -t 3 -J)
bytes=$(printf '%s' "$json" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bytes"])')
gbps=$(printf '%s' "$json" | python3 -c \
    'import json,sys; d=json.load(sys.stdin); print(round(d["end"]["sum_received"]["bits_per_second"]/1e9, 2))')
echo "TCP throughput through the datapath: $gbps Gbit/s"
check "TCP transferred more than 100 MB" [ "${bytes:-0}" -gt 100000000 ]
state=$(harness_state)
check_match "GSO frames crossed the datapath (avg frame > 1500 bytes)" \
    "port ${P}b .*tx=([0-9]+)/([0-9]+)" "$state"
read -r txp txb < <(printf '%s\n' "$state" | \
    sed -n "s/^port ${P}b .*tx=\([0-9]*\)\/\([0-9]*\) .*/\1 \2/p")
check "average frame to b larger than the MTU" [ "$((txb / txp))" -gt 1500 ]
stop_harness

# --- VLANs: a access 10, b access 20, c trunk 10,20. ---
# This kernel may lack 802.1Q devices, so namespace c tags with a second
# datapath of its own: internal ports c10 (access 10) and c20 (access 20)
# behind its trunk eth0.
ip -n "$NS_B" addr add 10.77.10.2/24 dev eth0
ip -n "$NS_A" addr add 10.77.10.1/24 dev eth0
mkns c -
sl_spawn harness-c ip netns exec "$NS_C" "$HARNESS" cbr "eth0,trunks=10:20" \
    "c10,type=internal,tag=10" "c20,type=internal,tag=20"
sl_wait_for "grep -q '^ready' '$SL_DIR/harness-c.log'" 10
ip -n "$NS_C" addr add 10.77.10.3/24 dev c10
ip -n "$NS_C" addr add 10.77.0.3/24 dev c20
start_harness "${P}a,tag=10" "${P}b,tag=20" "${P}c,trunks=10:20"
for offload in on off; do
    ip netns exec "$NS_C" ethtool -K eth0 txvlan "$offload" rxvlan \
        "$offload" >/dev/null 2>&1
    ethtool -K "${P}c" txvlan "$offload" rxvlan "$offload" >/dev/null 2>&1
    check "vlan offload $offload: a (access 10) -> c10" \
        ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 2 10.77.10.3
    check "vlan offload $offload: b (access 20) -> c20" \
        ip netns exec "$NS_B" ping -c 2 -i 0.2 -W 2 10.77.0.3
    check_fails "vlan offload $offload: a (VLAN 10) cannot reach b (VLAN 20)" \
        ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 1 10.77.10.2
done
state=$(harness_state)
mac_c10=$(ip -n "$NS_C" -br link show c10 | awk '{print $3}')
mac_c20=$(ip -n "$NS_C" -br link show c20 | awk '{print $3}')
check_match "c10 learned in VLAN 10 on the trunk" \
    "fdb vlan=10 mac=$mac_c10 port=${P}c" "$state"
check_match "c20 learned in VLAN 20 on the trunk" \
    "fdb vlan=20 mac=$mac_c20 port=${P}c" "$state"
# Frames a sends leave c's port tagged 10.
ip netns exec "$NS_C" tcpdump -U -c 1 -nei eth0 -w "$SL_DIR/c.pcap" \
    icmp >/dev/null 2>&1 &
TCPDUMP_PID=$!
SL_PIDS+=("$TCPDUMP_PID")
sl_wait_for "ip netns exec $NS_A ping -c 1 -W 1 10.77.10.3; \
    ! kill -0 $TCPDUMP_PID" 10
check_match "frame on the trunk carries tag 10" "vlan 10" \
    "$(tcpdump -nner "$SL_DIR/c.pcap" 2>/dev/null)"
stop_harness

# --- A tap port (no guest) and the bridge's internal port. ---
start_harness "${P}br,type=internal" "${P}a" "${P}tap,type=tap"
check "internal port exists and is up" \
    sh -c "ip -br link show ${P}br | grep -qw UP"
check "tap port exists" ip link show "${P}tap"
ip addr add 10.77.0.254/24 dev "${P}br"
check "host (internal port) -> a" ping -c 2 -i 0.2 -W 2 10.77.0.1
state=$(harness_state)
check_match "internal port is LOCAL" "port ${P}br ofport=65534" "$state"
check_match "tap has no carrier without a guest" \
    "port ${P}tap ofport=[0-9]+ mtu=1500 link=down admin=up" "$state"
stop_harness
check_fails "internal device deleted with the datapath" \
    ip link show "${P}br"
check_fails "tap device deleted with the datapath" ip link show "${P}tap"

sl_finish
