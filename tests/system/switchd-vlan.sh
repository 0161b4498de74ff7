#!/bin/bash
# VLANs in NORMAL switching: access ports of VLAN 10 and 20 are isolated
# from each other but reach their own VLAN; a trunk host with VLAN
# subinterfaces reaches both and sees frames tagged 10 and 20; a
# native-untagged port is untagged in and out; a native-tagged port takes
# untagged input into its VLAN and sends that VLAN tagged.
TEST_NAME=swvlan
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswvlanbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"

sw_host a10 10.251.10.1/24
sw_host b10 10.251.10.2/24
sw_host a20 10.251.20.3/24
# a20 also holds an address in VLAN 10's subnet: only the VLAN separates
# it from a10.
ip -n slswvlan-a20 addr add 10.251.10.3/24 dev eth0
sw_host b20 10.251.20.4/24
sw_host t
# The trunk host speaks VLANs through subinterfaces if the kernel has
# 802.1Q support, else through a raw-socket ARP probe (vlan_arp below).
if ip -n slswvlan-t link add link eth0 name eth0.10 type vlan id 10 \
        2>/dev/null; then
    HAVE_8021Q=yes
    ip -n slswvlan-t link add link eth0 name eth0.20 type vlan id 20
    for v in 10 20; do
        ip -n slswvlan-t addr add 10.251.$v.100/24 dev eth0.$v
        ip -n slswvlan-t link set eth0.$v up
    done
else
    HAVE_8021Q=no
    echo "    (no 802.1Q support in this kernel: the trunk host uses raw"
    echo "     tagged ARP instead of VLAN subinterfaces)"
fi
cat >"$SL_DIR/vlan_arp.py" <<'PY'
# vlan_arp.py VLAN TARGET_IP TARGET_MAC: from eth0, sends an ARP request
# tagged VLAN for TARGET_IP and waits up to 3 s for TARGET_MAC's reply,
# which must arrive tagged with the same VLAN.  Exits 0 if it did.
import socket, struct, sys, time
vlan, target, tmac = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind(("eth0", 0))
SOL_PACKET, PACKET_AUXDATA = 263, 8
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
mac = s.getsockname()[4]
me = socket.inet_aton("10.251.%d.100" % vlan)
frame = (b"\xff" * 6 + mac + struct.pack("!HH", 0x8100, vlan) + b"\x08\x06" +
         struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + me + b"\0" * 6 +
         socket.inet_aton(target))
s.send(frame)
s.settimeout(0.2)
deadline = time.time() + 3
while time.time() < deadline:
    try:
        data, anc, _, _ = s.recvmsg(2048, 256)
    except socket.timeout:
        continue
    tag = None
    for level, typ, val in anc:
        if level == SOL_PACKET and typ == PACKET_AUXDATA and len(val) >= 20:
            status, _, _, _, _, tci = struct.unpack("IIIHHH", val[:18])
            if status & 0x10:          # TP_STATUS_VLAN_VALID
                tag = tci & 0xfff
    if data[12:14] == b"\x81\x00":
        tag = struct.unpack("!H", data[14:16])[0] & 0xfff
        data = data[:12] + data[16:]
    if (data[12:14] == b"\x08\x06" and data[20:22] == b"\x00\x02"
            and data[22:28].hex(":") == tmac and tag == vlan):
        sys.exit(0)
sys.exit(1)
PY
# trunk_reaches VLAN IP HOST: the trunk host reaches HOST at IP over VLAN.
trunk_reaches() {
    if [ "$HAVE_8021Q" = yes ]; then
        sw_ping t "$2"
    else
        ip netns exec slswvlan-t python3 "$SL_DIR/vlan_arp.py" "$1" "$2" \
            "$(sw_mac "$3")"
    fi
}
sw_host nu 10.251.10.5/24
sw_host nt 10.251.20.6/24

check "add-port a10 tag=10" sluice-ctl add-port "$BR" slswvlana10 tag=10
check "add-port b10 tag=10" sluice-ctl add-port "$BR" slswvlanb10 tag=10
check "add-port a20 tag=20" sluice-ctl add-port "$BR" slswvlana20 tag=20
check "add-port b20 tag=20" sluice-ctl add-port "$BR" slswvlanb20 tag=20
check "add-port t trunks=10,20" sluice-ctl add-port "$BR" slswvlant \
    trunks=10,20
check "add-port nu native-untagged 10" sluice-ctl add-port "$BR" \
    slswvlannu tag=10 vlan_mode=native-untagged
check "add-port nt native-tagged 20" sluice-ctl add-port "$BR" \
    slswvlannt tag=20 vlan_mode=native-tagged

# Captures: tcpdump -e on the trunk host and on the native-tagged host.
capture() {
    local name=$1
    ip netns exec "slswvlan-$name" tcpdump -l -n -e -i eth0 \
        >"$SL_DIR/cap-$name.txt" 2>"$SL_DIR/cap-$name.err" &
    SL_PIDS+=("$!")
    sl_wait_for "grep -q 'listening on' '$SL_DIR/cap-$name.err'" 10
}
check "capture on the trunk host" capture t
check "capture on the native-tagged host" capture nt
check "capture on a20" capture a20

check "a10 pings b10 (same VLAN)" sw_ping a10 10.251.10.2
check "a20 pings b20 (same VLAN)" sw_ping a20 10.251.20.4
check_fails "a10 cannot reach a20 (VLAN 10 vs 20)" sw_ping a10 10.251.10.3
check_fails "b20 cannot reach b10's subnet" sw_ping b20 10.251.10.2
check "trunk host reaches a10 over VLAN 10" trunk_reaches 10 10.251.10.1 a10
check "trunk host reaches b20 over VLAN 20" trunk_reaches 20 10.251.20.4 b20
check "trunk host sees frames tagged 10" sl_wait_for \
    "grep -q 'vlan 10,' '$SL_DIR/cap-t.txt'" 5
check "trunk host sees frames tagged 20" sl_wait_for \
    "grep -q 'vlan 20,' '$SL_DIR/cap-t.txt'" 5

check "native-untagged host reaches a10 untagged" sw_ping nu 10.251.10.1
check "the trunk host reaches the native-untagged host over VLAN 10" \
    trunk_reaches 10 10.251.10.5 nu
check_fails "the trunk host does not reach a10 over VLAN 20" \
    trunk_reaches 20 10.251.10.1 a10
check_fails "native-untagged host is not in VLAN 20" sw_ping nu 10.251.10.3

# Native-tagged: nt sends untagged (it has no VLAN device); its ARP
# request must reach a20 in VLAN 20, and a20's reply must reach nt
# tagged 20 (which nt's kernel then ignores, so the ping itself fails).
ip netns exec slswvlan-nt ping -q -c 2 -W 1 10.251.20.3 >/dev/null 2>&1
ntmac=$(sw_mac nt)
check "nt's untagged ARP request reached a20 (VLAN 20)" sl_wait_for \
    "grep -q '^[0-9:.]* $ntmac > ff:ff:ff:ff:ff:ff, ethertype ARP' \
     '$SL_DIR/cap-a20.txt'" 5
check "a20's reply reached nt tagged 20" sl_wait_for \
    "grep -q '$(sw_mac a20) > $ntmac, ethertype 802.1Q.*vlan 20,' \
     '$SL_DIR/cap-nt.txt'" 5

# fdb/show shows the VLANs.
fdb=$(sluice-appctl fdb/show "$BR")
check_match "fdb/show: a10 in VLAN 10" \
    " +10 +$(sw_mac a10) " "$fdb"
check_match "fdb/show: b20 in VLAN 20" \
    " +20 +$(sw_mac b20) " "$fdb"

# Moving a port between VLANs in place.
check "retag b10 to VLAN 20" sluice-ctl set Port slswvlanb10 tag=20
ip -n slswvlan-b10 addr add 10.251.20.2/24 dev eth0
check "b10 now reaches b20" sl_wait_for "sw_ping b10 10.251.20.4" 10
check_fails "b10 no longer reaches a10" sw_ping b10 10.251.10.1

# The same with VLAN offloads off, if ethtool is there.
if command -v ethtool >/dev/null; then
    ip netns exec slswvlan-t ethtool -K eth0 rxvlan off txvlan off
    ethtool -K slswvlant rxvlan off txvlan off
    check "offloads off: trunk host reaches a10" \
        trunk_reaches 10 10.251.10.1 a10
    check "offloads off: trunk host reaches b20" \
        trunk_reaches 20 10.251.20.4 b20
else
    echo "    (ethtool not installed: the VLAN-offload-off variant is skipped)"
fi

sl_finish
