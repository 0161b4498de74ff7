#!/bin/bash
# sluice-ofctl with whole flow tables and live traffic: add-flows of 10k
# flows from a file, diff-flows and replace-flows between files and the
# switch, packet-out (both syntaxes) reaching a namespace host, and monitor
# printing the packet-ins and flow-removed messages of real traffic.
TEST_NAME=ofcf
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v tcpdump >/dev/null || sl_skip "needs tcpdump"
sl_setup

BR=slofcfbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sw_host h1 10.251.6.1/24
sw_host h2 10.251.6.2/24
check "add-port h1 as port 1" sluice-ctl add-port "$BR" slofcfh1 \
    ofport_request=1
check "add-port h2 as port 2" sluice-ctl add-port "$BR" slofcfh2 \
    ofport_request=2
sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10

# --- 10k flows from a file ---
for ((i = 0; i < 10000; i++)); do
    echo "table=1,priority=$((i % 50 + 1)),ip,nw_dst=10.$((i / 256)).$((i % 256)).1,actions=output:2"
done >"$SL_DIR/10k.txt"
check "add-flows 10k" sluice-ofctl add-flows "$BR" "$SL_DIR/10k.txt"
check_match "aggregate counts 10000 flows" 'flow_count=10000$' \
    "$(sluice-ofctl dump-aggregate "$BR" table=1)"
check_eq "dump-flows lists 10000 flows" 10000 \
    "$(sluice-ofctl dump-flows "$BR" --no-stats | grep -c 'actions=output:2$')"
check_eq "a flow from the middle of the file is there" \
    " table=1, priority=1,ip,nw_dst=10.19.136.1 actions=output:2" \
    "$(sluice-ofctl dump-flows "$BR" 'table=1,ip,nw_dst=10.19.136.1' --no-stats)"
check "diff-flows file vs switch: identical" \
    sluice-ofctl diff-flows "$SL_DIR/10k.txt" "$BR"
check "del-flows table=1" sluice-ofctl del-flows "$BR" table=1
check_match "table 1 empty" 'flow_count=0$' \
    "$(sluice-ofctl dump-aggregate "$BR")"

# --- diff-flows and replace-flows ---
cat >"$SL_DIR/a.txt" <<'EOF'
priority=10,ip,nw_dst=10.251.6.2,actions=output:2
priority=10,ip,nw_dst=10.251.6.1,actions=output:1
cookie=0x7,table=2,arp,actions=drop
EOF
cat >"$SL_DIR/b.txt" <<'EOF'
priority=10,ip,nw_dst=10.251.6.2,actions=output:2
priority=10,ip,nw_dst=10.251.6.1,actions=output:1,output:2
priority=5,arp,actions=output:1
EOF
check "add-flows a.txt" sluice-ofctl add-flows "$BR" "$SL_DIR/a.txt"
check "diff-flows switch vs its own file" \
    sluice-ofctl diff-flows "$BR" "$SL_DIR/a.txt"
out=$(sluice-ofctl diff-flows "$BR" "$SL_DIR/b.txt")
check_eq "diff-flows exits 2 when tables differ" 2 "$?"
check_eq "diff-flows lists the differences" \
"-priority=10,ip,nw_dst=10.251.6.1 actions=output:1
+priority=10,ip,nw_dst=10.251.6.1 actions=output:1,output:2
+priority=5,arp actions=output:1
-table=2 arp cookie=0x7 actions=drop" "$out"
check "replace-flows b.txt" sluice-ofctl replace-flows "$BR" "$SL_DIR/b.txt"
check "after replace-flows, switch equals b.txt" \
    sluice-ofctl diff-flows "$BR" "$SL_DIR/b.txt"
check_eq "replaced table" \
" priority=10,ip,nw_dst=10.251.6.1 actions=output:1,output:2
 priority=10,ip,nw_dst=10.251.6.2 actions=output:2
 priority=5,arp actions=output:1" \
    "$(sluice-ofctl dump-flows "$BR" --no-stats | LC_ALL=C sort)"
check "diff-flows between two files" sh -c \
    "sluice-ofctl diff-flows '$SL_DIR/a.txt' '$SL_DIR/b.txt' >'$SL_DIR/ab.diff'; [ \$? = 2 ]"
check_eq "file diff has 4 lines" 4 "$(wc -l <"$SL_DIR/ab.diff")"
check "del-flows" sluice-ofctl del-flows "$BR"

# --- packet-out reaches h2 (both syntaxes) ---
capture() {
    ip netns exec "$SL_PREFIX-h2" tcpdump -U -n -e -c 2 -i eth0 \
        -w "$SL_DIR/po.pcap" udp port 4335 >"$SL_DIR/tcpdump.log" 2>&1 &
    TCPDUMP=$!
    SL_PIDS+=("$TCPDUMP")
    sl_wait_for "grep -q listening '$SL_DIR/tcpdump.log'" 10
}
capture
frame="ffffffffffff0000000000aa0800"
frame+="4500001c00010000401100000afb06010afb0602"
frame+="10ef10ef00080000"
check "packet-out IN_PORT ACTIONS PACKET" sluice-ofctl packet-out "$BR" \
    CONTROLLER output:2 "$frame"
check "packet-out in_port=,packet=,actions=" sluice-ofctl packet-out "$BR" \
    "in_port=1,packet=${frame/0000000000aa/0000000000bb},actions=output:2"
sl_wait_for "! kill -0 $TCPDUMP" 10
out=$(tcpdump -n -e -r "$SL_DIR/po.pcap" 2>/dev/null)
check_match "h2 got the first packet-out" \
    '00:00:00:00:00:aa > ff:ff:ff:ff:ff:ff.*10.251.6.1.4335 > 10.251.6.2.4335: UDP' \
    "$out"
check_match "h2 got the second packet-out" \
    '00:00:00:00:00:bb > ff:ff:ff:ff:ff:ff.*10.251.6.1.4335 > 10.251.6.2.4335: UDP' \
    "$out"
out=$(sluice-ofctl packet-out "$BR" "in_port=1,actions=output:2" 2>&1)
check_match "packet-out without packet= is refused" 'needs packet=HEX' \
    "$out"

# --- monitor: packet-in from traffic, flow-removed on expiry ---
sl_spawn monitor sluice-ofctl monitor "$BR"
check "flow to the controller" sluice-ofctl add-flow "$BR" \
    "priority=20,in_port=1,arp,actions=controller:128"
check "flow that expires" sluice-ofctl add-flow "$BR" \
    "cookie=0x42,priority=7,icmp,hard_timeout=1,send_flow_rem,actions=drop"
sl_wait_for "ip netns exec $SL_PREFIX-h1 arping -c 1 -w 1 -I eth0 10.251.6.2 \
    >/dev/null 2>&1 || ip netns exec $SL_PREFIX-h1 ping -c 1 -W 1 10.251.6.2; \
    grep -q OFPT_PACKET_IN '$SL_DIR/monitor.log'" 20
out=$(cat "$SL_DIR/monitor.log")
check_match "monitor printed a packet-in" \
    '^OFPT_PACKET_IN \(OF1.3\) \(xid=0x[0-9a-f]+\): table_id=0 cookie=0x0 total_len=42 in_port=1 \(via action\) data_len=42 \(unbuffered\)$' \
    "$out"
check_match "monitor printed the ARP packet's headers" \
    '^arp,dl_src=.*,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.251.6.1,arp_tpa=10.251.6.2,arp_op=1$' \
    "$out"
sl_wait_for "grep -q OFPT_FLOW_REMOVED '$SL_DIR/monitor.log'" 10
check_match "monitor printed the flow-removed" \
    '^OFPT_FLOW_REMOVED \(OF1.3\) \(xid=0x[0-9a-f]+\): priority=7,icmp reason=hard table_id=0 cookie:0x42 duration[0-9.]+s idle0 hard1 pkts0 bytes0$' \
    "$(cat "$SL_DIR/monitor.log")"

sl_finish
