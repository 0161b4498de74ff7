#!/bin/bash
# OpenFlow in the datapath over real AF_PACKET ports, with the veths'
# offloads on (checksum offload and GSO), rules installed with Debian's
# ovs-ofctl on BR.mgmt:
#   - TCP through a NAT-like pair of rules that rewrite the IPv4 address
#     and TCP port both ways: 8 MB arrive intact, which needs the
#     pseudo-header checksum seeds of partial-checksum/GSO packets fixed;
#     both rules' counters grow (credited from flow cache hits);
#   - NORMAL as an action on a secure bridge (ARP), table-miss drops;
#   - VLAN pop on the way in and push on the way back: a tagged ARP
#     request from a raw socket gets a tagged reply;
#   - a rule change takes effect for an already cached flow;
#   - a port's link going down and up shows in its OpenFlow state.
TEST_NAME=dpof
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v ovs-ofctl >/dev/null || sl_skip "needs ovs-ofctl"
sl_setup

BR=sldpofbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sw_host h1 10.251.6.1/24
sw_host h2 10.251.6.2/24
sw_host h3
for i in 1 2 3; do
    check "add-port h$i as port $i" sluice-ctl add-port "$BR" sldpofh$i \
        ofport_request=$i
done
MGMT="unix:$SLUICE_RUNDIR/$BR.mgmt"
check "BR.mgmt is up" sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10
of() { ovs-ofctl -O OpenFlow13 "$@"; }
# n_packets of the flows matching FILTER (summed).
npackets() {
    of dump-flows "$MGMT" "$1" | grep -o 'n_packets=[0-9]*' \
        | awk -F= '{s += $2} END {print s + 0}'
}

check_fails "secure bridge, no flows: ping fails" sw_ping h1 10.251.6.2

# NORMAL as an action, for ARP only; IPv4 by explicit rules.
H1=$(sw_mac h1)
H2=$(sw_mac h2)
check "add flows" of add-flows "$MGMT" - <<EOF2
priority=10,arp actions=NORMAL
priority=20,ip,in_port=1,nw_dst=10.251.6.2 actions=output:2
priority=20,ip,in_port=2,nw_dst=10.251.6.1 actions=output:1
EOF2
check "ping through NORMAL (ARP) and output rules" sw_ping h1 10.251.6.2

# TCP to a virtual address 10.251.6.99:8080, rewritten to h2:5201 and
# back.
ip -n sldpof-h1 neigh replace 10.251.6.99 lladdr "$H2" dev eth0
check "add NAT flows" of add-flows "$MGMT" - <<EOF2
priority=100,tcp,in_port=1,nw_dst=10.251.6.99,tp_dst=8080 actions=set_field:10.251.6.2->ip_dst,set_field:5201->tcp_dst,output:2
priority=100,tcp,in_port=2,nw_src=10.251.6.2,tp_src=5201 actions=set_field:10.251.6.99->ip_src,set_field:8080->tcp_src,output:1
EOF2
head -c 8000000 /dev/urandom >"$SL_DIR/send.bin"
XFER=$top_srcdir/tests/system/xfer.py
ip netns exec sldpof-h2 python3 "$XFER" recv 5201 \
    "$SL_DIR/recv.bin" &
recv_pid=$!
check "receiver listening" sl_wait_for \
    "ip netns exec sldpof-h2 ss -ltn | grep -q ':5201 '" 10
check "send 8 MB to 10.251.6.99:8080 (rewritten)" timeout 40 \
    ip netns exec sldpof-h1 python3 "$XFER" send 10.251.6.99 8080 \
    "$SL_DIR/send.bin"
wait $recv_pid
check_eq "data arrived intact (sha256)" \
    "$(sha256sum <"$SL_DIR/send.bin")" "$(sha256sum <"$SL_DIR/recv.bin")"
n_fwd=$(npackets "tcp,in_port=1,nw_dst=10.251.6.99")
n_rev=$(npackets "tcp,in_port=2,nw_src=10.251.6.2")
check "forward rule counted the frames ($n_fwd)" [ "$n_fwd" -gt 10 ]
check "reverse rule counted the frames ($n_rev)" [ "$n_rev" -gt 10 ]
check "dpif/show json: the flow cache served most frames" sw_json_check \
    "any(b['bridge'] == '$BR' and b['flow_cache']['hits'] > 100
         and b['flow_cache']['hits'] > b['flow_cache']['misses']
         and 0 < b['flow_cache']['entries'] <= b['flow_cache']['capacity']
         for b in d)" "$(sluice-appctl --format json dpif/show)"
check_match "dpif/show prints the flow cache line" \
    "^  flow cache: [0-9]+/65536 entries, hits:[0-9]+ misses:[0-9]+" \
    "$(sluice-appctl dpif/show)"

# VLAN pop/push between h3 (tagged, VLAN 100, raw socket) and h1.
cat >"$SL_DIR/vlan_arp.py" <<'PY'
# vlan_arp.py TARGET_IP: sends, from eth0 in VLAN 100, an ARP request
# for TARGET_IP from 10.251.6.3 and waits (3 s) for a reply tagged 100.
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind(("eth0", 0))
mac = s.getsockname()[4]
s.setsockopt(263, 8, 1)                   # SOL_PACKET, PACKET_AUXDATA
arp = (struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac
       + socket.inet_aton("10.251.6.3") + b"\0" * 6
       + socket.inet_aton(sys.argv[1]))
s.send(b"\xff" * 6 + mac + struct.pack("!HH", 0x8100, 100) + b"\x08\x06"
       + arp)
deadline = time.time() + 3
s.settimeout(0.5)
while time.time() < deadline:
    try:
        data, anc, _, addr = s.recvmsg(2048, 256)
    except socket.timeout:
        continue
    if addr[2] == 4:                           # PACKET_OUTGOING
        continue
    tag, etype, off = None, struct.unpack("!H", data[12:14])[0], 14
    for level, kind, val in anc:
        if level == 263 and kind == 8:
            status, _, _, _, _, tci = struct.unpack("IIIHHH", val[:18])
            if status & 0x10:                  # TP_STATUS_VLAN_VALID
                tag = tci & 0xfff
    if etype == 0x8100:
        tag = struct.unpack("!H", data[14:16])[0] & 0xfff
        etype, off = struct.unpack("!H", data[16:18])[0], 18
    if (etype == 0x0806 and tag == 100
            and data[off + 14:off + 18] == socket.inet_aton(sys.argv[1])
            and struct.unpack("!H", data[off + 6:off + 8])[0] == 2):
        sys.exit(0)
sys.exit(1)
PY
check "replace flows with VLAN ones" of replace-flows "$MGMT" - <<EOF2
priority=50,in_port=1 actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:3
priority=50,in_port=3,dl_vlan=100 actions=pop_vlan,output:1
EOF2
vlan_probe() {
    ip netns exec sldpof-h3 python3 "$SL_DIR/vlan_arp.py" 10.251.6.1
}
check "tagged ARP request popped to h1, reply pushed back tagged" vlan_probe
check "pop rule counted" [ "$(npackets in_port=3)" -gt 0 ]
check "push rule counted" [ "$(npackets in_port=1)" -gt 0 ]

# The same flow again after a rule change: the cached verdict is gone.
check "send h3's VLAN 100 to port 2 instead" of mod-flows "$MGMT" \
    "in_port=3,dl_vlan=100 actions=pop_vlan,output:2"
check_fails "no reply once h3's frames go to port 2" vlan_probe
check "restore" of mod-flows "$MGMT" \
    "in_port=3,dl_vlan=100 actions=pop_vlan,output:1"
check "reply again" vlan_probe

# Link state: h2's end goes down, then up again.
port2_state() {
    of dump-ports-desc "$MGMT" | sed -n '/^ 2(/,/state:/p' | grep state:
}
check_match "port 2 is live" "state: +LIVE" "$(port2_state)"
ip -n sldpof-h2 link set eth0 down
check "port 2 reports LINK_DOWN" sl_wait_for \
    "port2_state | grep -q LINK_DOWN" 10
ip -n sldpof-h2 link set eth0 up
check "port 2 is live again" sl_wait_for "port2_state | grep -q LIVE" 10

check "delete all flows" of del-flows "$MGMT"
check_fails "table-miss drops" sw_ping h1 10.251.6.2

sl_finish
