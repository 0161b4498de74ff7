#!/bin/bash
# OpenFlow forwarding of real traffic between namespace hosts behind a
# Sluice bridge in fail_mode=secure, with flows from ovs-ofctl (OF1.3 and
# OF1.0) and sluice-ofctl: steering by L2/L3/L4 fields, header rewrites
# checked on the receiving host (tcpdump -vv validates the checksums),
# VLAN push and pop seen on the wire, a select group spreading flows over
# two ports, a fast-failover group following link down/up, idle and hard
# timeouts reported by monitor, table-miss drops, packet-in, mod-flows
# without a table, and ofproto/trace showing NORMAL's outputs.
TEST_NAME=oft
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v ovs-ofctl >/dev/null || sl_skip "needs ovs-ofctl"
command -v tcpdump >/dev/null || sl_skip "needs tcpdump"
sl_setup

BR=sloftbr
NET=10.251.9
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
for i in 1 2 3; do
    sw_host "h$i" "$NET.$i/24"
    # Full checksums from the senders, so that the switch's fix-ups after
    # rewrites are what tcpdump validates.
    ip netns exec "$SL_PREFIX-h$i" ethtool -K eth0 tx off >/dev/null 2>&1
    check "add-port h$i as port $i" sluice-ctl add-port "$BR" "slofth$i" \
        ofport_request="$i"
done
sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10
MGMT="unix:$SLUICE_RUNDIR/$BR.mgmt"
for i in 1 2 3; do
    for j in 1 2 3; do
        [ "$i" = "$j" ] && continue
        ip -n "$SL_PREFIX-h$i" neigh replace "$NET.$j" lladdr \
            "$(sw_mac "h$j")" dev eth0 nud permanent
    done
done
MAC2=$(sw_mac h2)

of13() { ovs-ofctl -O OpenFlow13 "$@"; }
of10() { ovs-ofctl -O OpenFlow10 "$@"; }

# send HOST PROTO DST DPORT [SPORTS...]: one UDP datagram (or TCP SYN)
# from HOST to DST:DPORT per source port (default: one from port 4000).
send() {
    local host=$1 proto=$2 dst=$3 dport=$4
    shift 4
    ip netns exec "$SL_PREFIX-$host" python3 - "$proto" "$dst" "$dport" \
        "${@:-4000}" <<'EOF'
import socket, sys
proto, dst, dport = sys.argv[1], sys.argv[2], int(sys.argv[3])
for sport in map(int, sys.argv[4:]):
    if proto == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", sport))
        s.sendto(b"sluice-of-traffic", (dst, dport))
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((dst, dport))
    s.close()
EOF
}

# cap_start NAME HOST FILTER: captures on HOST's eth0 into NAME.pcap.
cap_start() {
    local name=$1 host=$2
    shift 2
    ip netns exec "$SL_PREFIX-$host" tcpdump -U -n -i eth0 \
        -w "$SL_DIR/$name.pcap" "$@" >"$SL_DIR/$name.tcpdump.log" 2>&1 &
    SL_PIDS+=("$!")
    eval "CAP_$name=$!"
    sl_wait_for "grep -q listening '$SL_DIR/$name.tcpdump.log'" 10
}

# cap_text NAME: the capture decoded with link headers and checksums.
cap_text() {
    tcpdump -n -e -vv -r "$SL_DIR/$1.pcap" 2>/dev/null
}

# cap_count NAME REGEX: how many decoded packets of NAME match REGEX.
cap_count() {
    tcpdump -n -e -r "$SL_DIR/$1.pcap" 2>/dev/null | grep -Ec -- "$2"
}

cap_stop() {
    local pid
    eval "pid=\$CAP_$1"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

# --- ovs-ofctl: mod-flows without a table (OFPTT_ALL), OF1.0 ---
check "add-flow 1.3 table 0" of13 add-flow "$MGMT" \
    "table=0,priority=5,udp,tp_dst=9,actions=output:2"
check "add-flow 1.3 table 1" of13 add-flow "$MGMT" \
    "table=1,priority=5,udp,tp_dst=9,actions=output:2"
# ovs-ofctl 3.1 sends table 0 for a 1.3 mod-flows without a table; the
# switch's OFPTT_ALL semantics are covered by test-ofproto.
check "mod-flows 1.3 without a table" of13 mod-flows "$MGMT" \
    "udp,tp_dst=9,actions=output:3"
check_eq "mod-flows changed the flow of table 0" \
    " priority=5,udp,tp_dst=9 actions=output:3
 table=1, priority=5,udp,tp_dst=9 actions=output:2" \
    "$(of13 dump-flows --no-stats "$MGMT" udp,tp_dst=9)"
check "mod-flows --strict 1.3 in table 1" of13 mod-flows --strict \
    "$MGMT" "table=1,priority=5,udp,tp_dst=9,actions=output:1"
check_eq "mod-flows --strict changed table 1" \
    " priority=5,udp,tp_dst=9 actions=output:3
 table=1, priority=5,udp,tp_dst=9 actions=output:1" \
    "$(of13 dump-flows --no-stats "$MGMT" udp,tp_dst=9)"
check "add-flow 1.0" of10 add-flow "$MGMT" \
    "priority=6,udp,tp_dst=10,actions=output:2"
check "mod-flows 1.0" of10 mod-flows "$MGMT" \
    "udp,tp_dst=10,actions=mod_vlan_vid:7,output:3"
check_eq "dump-flows 1.0 shows the modified flow" \
    " priority=6,udp,tp_dst=10 actions=mod_vlan_vid:7,output:3" \
    "$(of10 dump-flows --no-stats "$MGMT" udp,tp_dst=10)"
check "del-flows 1.0" of10 del-flows "$MGMT" udp
check_eq "del-flows 1.0 removed every udp flow (all tables)" "" \
    "$(of13 dump-flows --no-stats "$MGMT")"

# --- steering by L2, L3 and L4 fields ---
cat >"$SL_DIR/steer.txt" <<EOF
priority=10,dl_dst=$MAC2,actions=output:2
priority=20,ip,nw_dst=$NET.3,actions=output:3
priority=30,udp,tp_dst=5002,actions=output:3
EOF
check "add-flows (steering)" sluice-ofctl add-flows "$BR" "$SL_DIR/steer.txt"
cap_start st2 h2 udp
cap_start st3 h3 udp
send h1 udp "$NET.2" 5001
send h1 udp "$NET.3" 5001
send h1 udp "$NET.2" 5002
sl_wait_for "[ \$(cap_count st3 'UDP') -ge 2 ] && [ \$(cap_count st2 UDP) -ge 1 ]" 10
check_eq "L2: udp to h2's MAC reached h2 (only that one)" 1 \
    "$(cap_count st2 "> $NET.2.5001: UDP")"
check_eq "L3: udp to $NET.3 reached h3" 1 \
    "$(cap_count st3 "> $NET.3.5001: UDP")"
check_eq "L4: udp to h2 port 5002 was steered to h3" 1 \
    "$(cap_count st3 "> $NET.2.5002: UDP")"
check_eq "L4: h2 did not get port 5002" 0 \
    "$(cap_count st2 "5002: UDP")"
cap_stop st2
cap_stop st3

# --- rewrites: mod_dl_dst, mod_nw_src, mod_tp_dst; checksums valid ---
check "add-flow rewrite udp" of13 add-flow "$MGMT" \
    "priority=40,udp,tp_dst=6000,actions=mod_dl_dst:02:00:00:00:00:22,mod_nw_src:$NET.99,mod_tp_dst:6001,output:2"
check "add-flow rewrite tcp" of13 add-flow "$MGMT" \
    "priority=40,tcp,tp_dst=7000,actions=mod_nw_src:$NET.98,mod_tp_dst:7001,output:2"
cap_start rw h2 udp or tcp
send h1 udp "$NET.2" 6000
send h1 tcp "$NET.2" 7000
sl_wait_for "[ \$(cap_count rw '> $NET.2.7001') -ge 1 ] && [ \$(cap_count rw '> $NET.2.6001') -ge 1 ]" 10
cap_stop rw
out=$(cap_text rw)
check_match "udp: destination MAC rewritten" \
    "> 02:00:00:00:00:22, ethertype IPv4" "$out"
check_match "udp: source address and port rewritten, checksum ok" \
    "$NET.99.4000 > $NET.2.6001: \\[udp sum ok\\] UDP" "$out"
check_match "tcp: source address and port rewritten, checksum correct" \
    "$NET.98.[0-9]+ > $NET.2.7001: Flags \\[S\\], cksum 0x[0-9a-f]+ \\(correct\\)" \
    "$out"
check_eq "no bad IP header checksum" 0 \
    "$(printf '%s\n' "$out" | grep -c 'bad cksum')"

# --- VLAN push (tag seen on the wire) and pop ---
check "add-flow push_vlan" of13 add-flow "$MGMT" \
    "priority=40,in_port=1,udp,tp_dst=5100,actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:2"
check "add-flow pop_vlan" of13 add-flow "$MGMT" \
    "priority=40,in_port=2,dl_vlan=200,actions=pop_vlan,output:1"
cap_start vl2 h2 vlan
cap_start vl1 h1 udp port 5101
send h1 udp "$NET.2" 5100
# A VLAN 200 frame from h2, written raw (no 8021q module needed).
ip netns exec "$SL_PREFIX-h2" python3 - "$(sw_mac h1)" "$MAC2" <<'EOF'
import socket, struct, sys
dst, src = (bytes.fromhex(m.replace(":", "")) for m in sys.argv[1:3])
udp = struct.pack("!HHHH", 4000, 5101, 8 + 4, 0) + b"vlan"
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 socket.inet_aton("10.251.10.2"),
                 socket.inet_aton("10.251.10.1"))
s = sum(struct.unpack("!10H", ip))
s = (s & 0xffff) + (s >> 16)
ip = ip[:10] + struct.pack("!H", ~s & 0xffff) + ip[12:]
frame = dst + src + struct.pack("!HHH", 0x8100, 200, 0x0800) + ip + udp
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind(("eth0", 0))
sock.send(frame)
EOF
sl_wait_for "[ \$(cap_count vl2 'vlan 100') -ge 1 ] && [ \$(cap_count vl1 5101) -ge 1 ]" 10
cap_stop vl2
cap_stop vl1
check_match "push_vlan: h2 saw the frame tagged with VLAN 100" \
    'ethertype 802.1Q \(0x8100\).*vlan 100, p 0, ethertype IPv4.*> 10.251.9.2.5100: UDP' \
    "$(tcpdump -n -e -r "$SL_DIR/vl2.pcap" 2>/dev/null)"
out=$(tcpdump -n -e -r "$SL_DIR/vl1.pcap" 2>/dev/null)
check_match "pop_vlan: h1 got h2's VLAN 200 frame untagged" \
    'ethertype IPv4 \(0x0800\).*10.251.10.2.4000 > 10.251.10.1.5101: UDP' \
    "$out"
check_eq "pop_vlan: no tag left" 0 "$(printf '%s\n' "$out" | grep -c vlan)"

# --- select group: flows spread over ports 2 and 3 ---
check "add-group select" of13 add-group "$MGMT" \
    "group_id=1,type=select,bucket=output:2,bucket=output:3"
check "add-flow to the select group" of13 add-flow "$MGMT" \
    "priority=50,udp,tp_dst=5200,actions=group:1"
cap_start sel2 h2 udp port 5200
cap_start sel3 h3 udp port 5200
send h1 udp "$NET.2" 5200 $(seq 4100 4131)
sl_wait_for "[ \$((\$(cap_count sel2 5200) + \$(cap_count sel3 5200))) -ge 32 ]" 10
n2=$(cap_count sel2 5200)
n3=$(cap_count sel3 5200)
cap_stop sel2
cap_stop sel3
check_eq "select: all 32 flows delivered exactly once" 32 $((n2 + n3))
check "select: port 2 got some flows ($n2)" [ "$n2" -gt 0 ]
check "select: port 3 got some flows ($n3)" [ "$n3" -gt 0 ]
out=$(of13 dump-group-stats "$MGMT" group_id=1)
check_match "dump-group-stats: 32 packets through group 1" \
    "group_id=1,.*packet_count=32,byte_count=[0-9]+,bucket0:packet_count=$n2,byte_count=[0-9]+,bucket1:packet_count=$n3," \
    "$out"

# --- fast failover: port 2 watched, port 3 backup ---
check "add-group fast_failover" of13 add-group "$MGMT" \
    "group_id=2,type=fast_failover,bucket=watch_port:2,output:2,bucket=watch_port:3,output:3"
check "add-flow to the ff group" of13 add-flow "$MGMT" \
    "priority=50,udp,tp_dst=5300,actions=group:2"
cap_start ff2 h2 udp port 5300
cap_start ff3 h3 udp port 5300
send h1 udp "$NET.2" 5300 4001
sl_wait_for "[ \$(cap_count ff2 4001) -ge 1 ]" 10
ip link set slofth2 down
# port2_state: the OpenFlow state of port 2.
port2_state() {
    of13 dump-ports-desc "$MGMT" | grep -A2 '^ 2(' | sed -n 's/^ *state: *//p'
}
sl_wait_for "[ \"\$(port2_state)\" = LINK_DOWN ]" 10
send h1 udp "$NET.2" 5300 4002
sl_wait_for "[ \$(cap_count ff3 4002) -ge 1 ]" 10
ip link set slofth2 up
sl_wait_for "[ \"\$(port2_state)\" = LIVE ]" 10
send h1 udp "$NET.2" 5300 4003
sl_wait_for "[ \$(cap_count ff2 4003) -ge 1 ]" 10
cap_stop ff2
cap_stop ff3
check_eq "ff: watched port up, traffic on port 2" 1 \
    "$(cap_count ff2 '\.4001 >')"
check_eq "ff: port 2 down, traffic on the backup port 3" 1 \
    "$(cap_count ff3 '\.4002 >')"
check_eq "ff: port 2 up again, traffic back on port 2" 1 \
    "$(cap_count ff2 '\.4003 >')"
check_eq "ff: the backup got nothing while port 2 was up" 0 \
    "$(cap_count ff3 '\.400[13] >')"

# --- packet-in and timeouts, seen by monitor ---
sl_spawn monitor sluice-ofctl monitor "$BR"
check "add-flow to the controller" of13 add-flow "$MGMT" \
    "priority=60,udp,tp_dst=5600,actions=controller"
# The monitor is listening once it printed a packet-in.
sl_wait_for "send h1 udp $NET.2 5600 4600; \
    grep -q OFPT_PACKET_IN '$SL_DIR/monitor.log'" 10
out=$(cat "$SL_DIR/monitor.log")
check_match "monitor: packet-in for actions=controller" \
    '^OFPT_PACKET_IN \(OF1.3\) .*total_len=[0-9]+ in_port=1 \(via action\)' \
    "$out"
check_match "monitor: the packet-in carries the datagram" \
    "^udp,.*nw_src=$NET.1,nw_dst=$NET.2,.*tp_src=4600,tp_dst=5600" "$out"
check "add-flow idle timeout" of13 add-flow "$MGMT" \
    "cookie=0x11,priority=60,idle_timeout=1,send_flow_rem,udp,tp_dst=5400,actions=output:2"
check "add-flow hard timeout" of13 add-flow "$MGMT" \
    "cookie=0x12,priority=60,hard_timeout=2,send_flow_rem,udp,tp_dst=5401,actions=output:2"
send h1 udp "$NET.2" 5401
sl_wait_for "grep -q 'reason=idle' '$SL_DIR/monitor.log' && grep -q 'reason=hard' '$SL_DIR/monitor.log'" 15
out=$(cat "$SL_DIR/monitor.log")
check_match "monitor: idle timeout flow removed" \
    '^OFPT_FLOW_REMOVED \(OF1.3\) .*priority=60,udp,tp_dst=5400 reason=idle table_id=0 cookie:0x11 .*idle1 pkts0' \
    "$out"
check_match "monitor: hard timeout flow removed, with its packet" \
    '^OFPT_FLOW_REMOVED \(OF1.3\) .*priority=60,udp,tp_dst=5401 reason=hard table_id=0 cookie:0x12 .*hard2 pkts1 ' \
    "$out"
check_eq "expired flows are gone" "" \
    "$(of13 dump-flows --no-stats "$MGMT" 'udp,tp_dst=5400'; of13 dump-flows --no-stats "$MGMT" 'udp,tp_dst=5401')"

# --- table-miss in secure mode drops ---
check "del-flows" of13 del-flows "$MGMT"
check "add-flow marker" of13 add-flow "$MGMT" \
    "priority=10,ip,nw_dst=$NET.3,actions=output:3"
cap_start miss2 h2 udp
cap_start miss3 h3 udp
send h1 udp "$NET.2" 5500 4500
send h1 udp "$NET.3" 5500 4501
sl_wait_for "[ \$(cap_count miss3 4501) -ge 1 ]" 10
cap_stop miss2
cap_stop miss3
check_eq "table-miss: the marker sent after the miss arrived" 1 \
    "$(cap_count miss3 '\.4501 >')"
check_eq "table-miss: the unmatched datagram was dropped" 0 \
    "$(cap_count miss2 '\.4500 >')"

# --- ofproto/trace shows where NORMAL sends a packet ---
check "add-flow NORMAL" of13 add-flow "$MGMT" "priority=1,actions=NORMAL"
send h2 udp "$NET.1" 5700
sl_wait_for "sluice-appctl --rundir '$SLUICE_RUNDIR' fdb/show '$BR' | grep -qi '$MAC2'" 10
out=$(sluice-appctl --rundir "$SLUICE_RUNDIR" ofproto/trace "$BR" \
    "in_port=1,dl_src=$(sw_mac h1),dl_dst=$MAC2")
check_match "trace: NORMAL sends a known MAC to its port" \
    "NORMAL: learned MAC $MAC2 .* output to port 2" "$out"
check_match "trace: datapath actions output to port 2" \
    "Datapath actions: 2$" "$out"
out=$(sluice-appctl --rundir "$SLUICE_RUNDIR" ofproto/trace "$BR" \
    "in_port=1,dl_src=$(sw_mac h1),dl_dst=02:00:00:00:00:77")
check_match "trace: NORMAL floods an unknown MAC" \
    "NORMAL: unknown destination 02:00:00:00:00:77, flooded to ports 2,3" \
    "$out"

# --- decapsulation: after pop_mpls the pipeline sees the inner packet ---
check "add-flow pop_mpls" of13 add-flow "$MGMT" \
    "table=0,priority=100,mpls,actions=pop_mpls:0x0800,goto_table:1"
check "add-flow inner udp with dec_ttl" of13 add-flow "$MGMT" \
    "table=1,priority=10,udp,tp_dst=5800,actions=dec_ttl,output:2"
# MPLS label 16 (TTL 9) over IPv4 TTL 33, UDP 4000 -> 5800.
frame="0000000000020000000000018847"
frame+="00010109"
frame+="4500001c000100002111b68b0afb09010afb0902"
frame+="0fa016a800080000"
out=$(sluice-appctl --rundir "$SLUICE_RUNDIR" ofproto/trace "$BR" in_port=1 \
    "$frame")
check_match "trace: table 1 matched the inner udp after pop_mpls" \
    "^ 1\\. priority=10,udp,tp_dst=5800" "$out"
check_match "trace: dec_ttl used the inner TTL (33 -> 32)" \
    "Datapath actions: pop_mpls\\(eth_type=0x0800\\),set_nw_ttl\\(32\\),2$" \
    "$out"

sl_finish
