#!/bin/bash
# 802.1ad: a frame whose outer tag is an S-tag (TPID 0x88a8) crosses a
# NORMAL bridge between two trunk ports with its TPID and both tags
# intact, whether the kernel strips the S-tag into auxdata (veth's default
# rx-vlan-stag-hw-parse) or leaves it in the frame (offload off).
TEST_NAME=swqinq
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v tcpdump >/dev/null || sl_skip "needs tcpdump"
command -v ethtool >/dev/null || sl_skip "needs ethtool"
sl_setup

BR=slswqinqbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
sw_host h1
sw_host h2
check "add-port h1" sluice-ctl add-port "$BR" slswqinqh1
check "add-port h2" sluice-ctl add-port "$BR" slswqinqh2

cat >"$SL_DIR/send.py" <<'PY'
# Sends two broadcast frames S-tag 100 / C-tag 200 / IPv4 out of eth0.
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
frame = (b"\xff" * 6 + bytes.fromhex("02000000aa01")
         + struct.pack("!HH", 0x88a8, 100) + struct.pack("!HH", 0x8100, 200)
         + struct.pack("!H", 0x0800) + b"\x45" + b"\x00" * 45)
for _ in range(2):
    s.send(frame)
PY

# crosses LABEL: h1 sends until h2's tcpdump has seen three of its
# frames; they must carry the S-tag and then the C-tag.
crosses() {
    local out="$SL_DIR/cap-$1.txt" i
    ip netns exec slswqinq-h2 timeout 15 tcpdump -l -i eth0 -e -n -c 3 \
        ether src 02:00:00:00:aa:01 >"$out" 2>/dev/null &
    local cap=$!
    for ((i = 0; i < 40; i++)); do
        kill -0 $cap 2>/dev/null || break
        ip netns exec slswqinq-h1 python3 "$SL_DIR/send.py"
        sleep 0.25
    done
    wait $cap
    check_match "$1: the outer tag is still an S-tag (0x88a8), VLAN 100" \
        "ethertype 802\.1Q-QinQ \(0x88a8\).*vlan 100" "$(cat "$out")"
    check_match "$1: the inner C-tag (VLAN 200) follows" \
        "vlan 100.*ethertype 802\.1Q \(0x8100\).*vlan 200" "$(cat "$out")"
}

crosses "S-tag stripped by the kernel"
ethtool -K slswqinqh1 rx-vlan-stag-hw-parse off rxvlan off >/dev/null 2>&1
check_eq "offload off on the ingress port" off \
    "$(ethtool -k slswqinqh1 | awk '/rx-vlan-stag-hw-parse/ {print $2}')"
crosses "S-tag left in the frame"

sl_finish
