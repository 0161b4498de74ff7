#!/bin/bash
# OpenFlow interop with Debian's ovs-ofctl over the management socket
# BR.mgmt, in OpenFlow 1.3 and 1.0: show, dump-desc, dump-tables,
# dump-ports, dump-ports-desc, flows (add/mod/dump/del with exact
# dump-flows output), groups, packet-out reaching a namespace host, the
# errors of bad requests sent raw (prerequisites, experimenter, unknown
# type, slave role) without losing the connection, and a tshark decode of
# a whole session over a ptcp: controller target with nothing malformed.
TEST_NAME=ofo
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v ovs-ofctl >/dev/null || sl_skip "needs ovs-ofctl"
sl_setup

BR=slofobr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br (secure, dpid a1)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure \
       other_config:datapath-id=00000000000000a1
sw_host h1 10.251.4.1/24
sw_host h2 10.251.4.2/24
check "add-port h1 as port 1" sluice-ctl add-port "$BR" slofoh1 \
    ofport_request=1
check "add-port h2 as port 2" sluice-ctl add-port "$BR" slofoh2 \
    ofport_request=2
MGMT="unix:$SLUICE_RUNDIR/$BR.mgmt"
sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10
check_eq "BR.mgmt is private (0600)" 600 \
    "$(stat -c %a "$SLUICE_RUNDIR/$BR.mgmt")"
check_eq "Bridge.datapath_id written back" 00000000000000a1 \
    "$(sluice-ctl get Bridge "$BR" datapath_id)"

of13() { ovs-ofctl -O OpenFlow13 "$@"; }
of10() { ovs-ofctl -O OpenFlow10 "$@"; }
# Drops the durations so dumps compare exactly.
norm() { sed -E '1d; s/duration=[0-9.]+s/duration=Xs/g'; }

# --- show, dump-desc, dump-tables, dump-ports, dump-ports-desc ---
out=$(of13 show "$MGMT")
check_match "show 1.3: reply header and dpid" \
    '^OFPT_FEATURES_REPLY \(OF1.3\) .*dpid:00000000000000a1' "$out"
check_match "show 1.3: 254 tables" 'n_tables:254' "$out"
check_match "show 1.3: port 1" '^ 1\(slofoh1\): addr:' "$out"
check_match "show 1.3: port 2" '^ 2\(slofoh2\): addr:' "$out"
check_match "show 1.3: LOCAL" "^ LOCAL\\($BR\\): addr:" "$out"
out=$(of10 show "$MGMT")
check_match "show 1.0: reply header" '^OFPT_FEATURES_REPLY \(xid=' "$out"
check_match "show 1.0: port 2 in the features reply" \
    '^ 2\(slofoh2\): addr:' "$out"
check_match "show 1.0: actions listed" '^actions: output' "$out"
out=$(of13 dump-desc "$MGMT")
check_match "dump-desc: manufacturer" '^Manufacturer: Sluice$' "$out"
check_match "dump-desc: datapath description" "^DP Description: +$BR\$" \
    "$out"
out=$(of13 dump-tables "$MGMT" | head -3)
check_match "dump-tables 1.3: header" '^OFPST_TABLE reply \(OF1.3\)' "$out"
check_match "dump-tables 1.3: table 0" '^ +table 0:' "$out"
check_match "dump-tables 1.3: no flows in secure mode" \
    '^ +active=0, lookup=[0-9]+, matched=[0-9]+' "$out"
out=$(of10 dump-tables "$MGMT" | head -3)
check_match "dump-tables 1.0: header" '^OFPST_TABLE reply \(xid=' "$out"
out=$(of13 dump-ports "$MGMT")
check_match "dump-ports: three ports" \
    '^OFPST_PORT reply \(OF1.3\) \(xid=0x[0-9a-f]+\): 3 ports' "$out"
check_match "dump-ports: port 1 counters" '^ +port +1: rx pkts=' "$out"
out=$(of13 dump-ports "$MGMT" 2)
check_match "dump-ports 2: one port" '\): 1 ports' "$out"
out=$(of10 dump-ports "$MGMT")
check_match "dump-ports 1.0: port LOCAL" '^ +port LOCAL: rx pkts=' "$out"
out=$(of13 dump-ports-desc "$MGMT")
check_match "dump-ports-desc: header" '^OFPST_PORT_DESC reply \(OF1.3\)' \
    "$out"
check_match "dump-ports-desc: port 2" '^ 2\(slofoh2\): addr:' "$out"

# --- flows ---
check "add-flow ip to port 2" of13 add-flow "$MGMT" \
    "table=0,priority=100,ip,nw_dst=10.251.4.2,actions=output:2"
check "add-flow arp, cookie, timeout" of13 add-flow "$MGMT" \
    "table=0,priority=90,cookie=0x5,idle_timeout=300,arp,actions=NORMAL"
check "add-flow table 1 tcp" of13 add-flow "$MGMT" \
    "table=1,priority=10,tcp,tp_dst=80,actions=drop"
expected=" cookie=0x0, duration=Xs, table=0, n_packets=0, n_bytes=0, priority=100,ip,nw_dst=10.251.4.2 actions=output:2
 cookie=0x5, duration=Xs, table=0, n_packets=0, n_bytes=0, idle_timeout=300, priority=90,arp actions=NORMAL
 cookie=0x0, duration=Xs, table=1, n_packets=0, n_bytes=0, priority=10,tcp,tp_dst=80 actions=drop"
check_eq "dump-flows 1.3" "$expected" "$(of13 dump-flows "$MGMT" | norm)"
check "mod-flows output to 1 for ip" of13 mod-flows "$MGMT" \
    "ip,actions=output:1"
expected=" priority=100,ip,nw_dst=10.251.4.2 actions=output:1
 cookie=0x5, idle_timeout=300, priority=90,arp actions=NORMAL
 table=1, priority=10,tcp,tp_dst=80 actions=drop"
check_eq "dump-flows --no-stats after mod-flows" "$expected" \
    "$(of13 dump-flows --no-stats "$MGMT")"
check_eq "dump-flows with a match filter" \
    " cookie=0x5, idle_timeout=300, priority=90,arp actions=NORMAL" \
    "$(of13 dump-flows --no-stats "$MGMT" arp)"
check_eq "dump-flows 1.0 (every table)" \
    " priority=100,ip,nw_dst=10.251.4.2 actions=output:1
 table=1, priority=10,tcp,tp_dst=80 actions=drop" \
    "$(of10 dump-flows --no-stats "$MGMT" ip)"
out=$(of13 dump-aggregate "$MGMT")
check_match "dump-aggregate counts 3 flows" 'flow_count=3' "$out"
check "del-flows --strict one" of13 del-flows --strict "$MGMT" \
    "priority=90,arp"
check "del-flows cookie" of13 del-flows "$MGMT" "cookie=0x0/-1,table=1"
check_eq "dump-flows after deletes" \
    " priority=100,ip,nw_dst=10.251.4.2 actions=output:1" \
    "$(of13 dump-flows --no-stats "$MGMT")"
check "add-flow 1.0" of10 add-flow "$MGMT" "priority=5,in_port=1,actions=2"
check_eq "OF1.0 flow visible in 1.3" \
    " priority=5,in_port=1 actions=output:2" \
    "$(of13 dump-flows --no-stats "$MGMT" in_port=1)"
check "del-flows all" of13 del-flows "$MGMT"
check_eq "no flows left" "" "$(of13 dump-flows --no-stats "$MGMT")"

# --- groups ---
check "add-group all" of13 add-group "$MGMT" \
    "group_id=1,type=all,bucket=output:1,bucket=output:2"
check "add-group select" of13 add-group "$MGMT" \
    "group_id=2,type=select,bucket=weight:10,output:1,bucket=weight:20,output:2"
out=$(of13 dump-groups "$MGMT")
check_match "dump-groups: group 1" \
    '^ group_id=1,type=all,bucket=(bucket_id:0,)?actions=output:1,bucket=(bucket_id:1,)?actions=output:2$' \
    "$out"
check_match "dump-groups: group 2 weights" \
    '^ group_id=2,type=select,bucket=(bucket_id:0,)?weight:10,actions=output:1,bucket=(bucket_id:1,)?weight:20,actions=output:2$' \
    "$out"
check "flow using group 1" of13 add-flow "$MGMT" "priority=1,actions=group:1"
out=$(of13 dump-group-stats "$MGMT")
check_match "dump-group-stats: group 1 ref_count 1" \
    'group_id=1,duration=[0-9.]+s,ref_count=1,packet_count=[0-9]+' "$out"
check "del-groups 1" of13 del-groups "$MGMT" group_id=1
check_eq "deleting the group deleted its flow" "" \
    "$(of13 dump-flows --no-stats "$MGMT")"
check "del-groups all" of13 del-groups "$MGMT"
check_eq "no groups left" "" \
    "$(of13 dump-groups "$MGMT" | tail -n +2)"

# --- packet-out reaches h2 ---
ip netns exec "$SL_PREFIX-h2" tcpdump -U -n -e -c 1 -i eth0 -w "$SL_DIR/po.pcap" \
    udp port 4242 >"$SL_DIR/tcpdump.log" 2>&1 &
TCPDUMP=$!
SL_PIDS+=("$TCPDUMP")
sl_wait_for "grep -q listening '$SL_DIR/tcpdump.log'" 10
frame="ffffffffffff0000000000010800"
frame+="4500001c00010000401100000afb04010afb0402"
frame+="1092109200080000"
check "packet-out output:2" of13 packet-out "$MGMT" CONTROLLER \
    "output:2" "$frame"
sl_wait_for "! kill -0 $TCPDUMP" 10
out=$(tcpdump -n -e -r "$SL_DIR/po.pcap" 2>/dev/null)
check_match "h2 received the packet-out frame" \
    '00:00:00:00:00:01 > ff:ff:ff:ff:ff:ff.*10.251.4.1.4242 > 10.251.4.2.4242: UDP' \
    "$out"

# --- errors on bad requests, sent raw; the connection survives ---
raw=$(python3 - "$SLUICE_RUNDIR/$BR.mgmt" <<'EOF'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)

def msg(t, xid, body=b"", v=4):
    return struct.pack("!BBHI", v, t, 8 + len(body), xid) + body

def recv():
    hdr = b""
    while len(hdr) < 8:
        hdr += s.recv(8 - len(hdr))
    v, t, n, xid = struct.unpack("!BBHI", hdr)
    body = b""
    while len(body) < n - 8:
        body += s.recv(n - 8 - len(body))
    return t, xid, body

def expect_reply(xid):
    while True:
        t, x, body = recv()
        if x == xid:
            return t, body

s.sendall(msg(0, 1, struct.pack("!HHI", 1, 8, 0x10)))
# FLOW_MOD (add) matching tcp_dst=80 with no eth_type/ip_proto.
oxm = struct.pack("!IH", (0x8000 << 16) | (14 << 9) | 2, 80)
match = struct.pack("!HH", 1, 4 + len(oxm)) + oxm
match += b"\0" * ((8 - len(match) % 8) % 8)
fm = struct.pack("!QQBBHHHIIIHxx", 0, 0, 0, 0, 0, 0, 100, 0xffffffff,
                 0xffffffff, 0xffffffff, 0) + match
tests = [
    ("prereq", msg(14, 100, fm)),
    ("experimenter", msg(4, 101, struct.pack("!II", 0x00abcdef, 1))),
    ("unknown-type", msg(99, 102)),
]
for name, m in tests:
    s.sendall(m)
    t, body = expect_reply(struct.unpack("!I", m[4:8])[0])
    etype, code = struct.unpack("!HH", body[:4])
    same = body[4:4 + 64] == m[:64]
    print(f"{name} type={t} error={etype},{code} data={'ok' if same else 'bad'}")
# Slave: role request then a flow_mod.
s.sendall(msg(24, 103, struct.pack("!I4xQ", 3, 7)))
t, body = expect_reply(103)
print(f"role type={t} role={struct.unpack('!I', body[:4])[0]}")
s.sendall(msg(14, 104, fm))
t, body = expect_reply(104)
print(f"slave type={t} error=%d,%d" % struct.unpack("!HH", body[:4]))
s.sendall(msg(24, 105, struct.pack("!I4xQ", 2, 6)))
t, body = expect_reply(105)
print(f"stale type={t} error=%d,%d" % struct.unpack("!HH", body[:4]))
s.sendall(msg(2, 106, b"ping"))
t, body = expect_reply(106)
print(f"echo type={t} body={body.decode()}")
EOF
)
check_eq "raw requests get the spec's errors" \
"prereq type=1 error=4,9 data=ok
experimenter type=1 error=1,3 data=ok
unknown-type type=1 error=1,1 data=ok
role type=25 role=3
slave type=1 error=1,10
stale type=1 error=11,0
echo type=3 body=ping" "$raw"

# --- a whole session over ptcp, decoded by tshark ---
if command -v tshark >/dev/null; then
    PORT=$((20000 + RANDOM % 20000))
    check "controller ptcp:$PORT:127.0.0.1" ovsdb-client transact \
        "unix:$SLUICE_RUNDIR/db.sock" "[\"Open_vSwitch\",
         {\"op\": \"insert\", \"table\": \"Controller\",
          \"row\": {\"target\": \"ptcp:$PORT:127.0.0.1\"},
          \"uuid-name\": \"c\"},
         {\"op\": \"update\", \"table\": \"Bridge\",
          \"where\": [[\"name\", \"==\", \"$BR\"]],
          \"row\": {\"controller\": [\"named-uuid\", \"c\"]}}]"
    sl_wait_for "ss -ltn | grep -q '127.0.0.1:$PORT '" 10
    tshark -n -i lo -f "tcp port $PORT" -w "$SL_DIR/of.pcap" \
        >"$SL_DIR/tshark.log" 2>&1 &
    TSHARK=$!
    SL_PIDS+=("$TSHARK")
    sl_wait_for "grep -q Capturing '$SL_DIR/tshark.log'" 10
    T="tcp:127.0.0.1:$PORT"
    of13 add-flow "$T" "priority=7,tcp,tp_dst=22,actions=set_field:10.0.0.9->ip_dst,output:1,controller:128" >/dev/null
    of13 add-group "$T" "group_id=3,type=ff,bucket=watch_port:1,output:1,bucket=watch_port:2,output:2" >/dev/null
    for cmd in show dump-flows dump-tables dump-ports dump-ports-desc \
               dump-groups dump-group-stats dump-desc dump-aggregate \
               queue-stats; do
        of13 "$cmd" "$T" >/dev/null
    done
    of10 show "$T" >/dev/null
    of10 dump-flows "$T" >/dev/null
    of13 dump-table-features "$T" >/dev/null
    kill -INT "$TSHARK"
    sl_wait_for "! kill -0 $TSHARK" 10
    decoded=$(tshark -n -r "$SL_DIR/of.pcap" -d "tcp.port==$PORT,openflow" \
              -Y "openflow_v1 || openflow_v4" 2>/dev/null | wc -l)
    check "tshark decoded the OpenFlow session ($decoded messages)" \
        test "$decoded" -gt 40
    # What the switch sent.  TCP's own window notes are not OpenFlow's, and
    # Wireshark leaves some OF1.0 bodies undissected (expert group
    # "Undecoded", 0x05000000): neither is a fault of the message.
    bad=$(tshark -n -r "$SL_DIR/of.pcap" -d "tcp.port==$PORT,openflow" \
          -Y "tcp.srcport == $PORT && (_ws.malformed
              || (_ws.expert.severity >= warning && !tcp.analysis.flags
                  && _ws.expert.group != 0x05000000))" 2>/dev/null)
    check_eq "tshark: nothing malformed or unknown from the switch" "" \
        "$bad"
fi

sl_finish
