#!/bin/bash
# sluice-appctl ofproto/trace on a two-table pipeline: the tables visited,
# the rules matched in dump-flows syntax, the actions run, the final flow,
# the megaflow and the datapath actions; a miss; a packet given in hex;
# groups; --format json; errors.  The trace runs the same pipeline as
# traffic, which is checked by sending that traffic.
TEST_NAME=trcb
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=sltrcbbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sw_host h1 10.251.8.1/24
sw_host h2 10.251.8.2/24
check "add-port h1 as port 1" sluice-ctl add-port "$BR" sltrcbh1 \
    ofport_request=1
check "add-port h2 as port 2" sluice-ctl add-port "$BR" sltrcbh2 \
    ofport_request=2
sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10

cat >"$SL_DIR/flows.txt" <<'EOF'
table=0,priority=10,in_port=1,ip,actions=write_metadata:0x5/0xff,goto_table:1
table=0,priority=10,in_port=2,ip,actions=goto_table:1
table=0,priority=5,arp,actions=group:1
table=1,priority=20,ip,nw_dst=10.251.8.2,actions=mod_nw_tos:32,output:2
table=1,priority=20,ip,nw_dst=10.251.8.1,actions=output:1
EOF
check "add-group" sluice-ofctl add-group "$BR" \
    "group_id=1,type=all,bucket=output:1,bucket=output:2"
check "add-flows" sluice-ofctl add-flows "$BR" "$SL_DIR/flows.txt"

# --- a flow through both tables ---
out=$(sluice-appctl ofproto/trace "$BR" \
      "in_port=1,ip,nw_src=10.251.8.1,nw_dst=10.251.8.2,nw_ttl=64")
check_eq "trace through two tables" \
"Flow: ip,in_port=1,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=10.251.8.1,nw_dst=10.251.8.2,nw_proto=0,nw_tos=0,nw_ecn=0,nw_ttl=64

bridge(\"$BR\")
------------------
 0. priority=10,ip,in_port=1 actions=write_metadata:0x5/0xff,goto_table:1
 1. priority=20,ip,nw_dst=10.251.8.2 actions=set_field:8->ip_dscp,output:2
    set_field:8->ip_dscp
    output:2

Final flow: ip,in_port=1,dl_src=00:00:00:00:00:00,dl_dst=00:00:00:00:00:00,nw_src=10.251.8.1,nw_dst=10.251.8.2,nw_proto=0,nw_tos=32,nw_ecn=0,nw_ttl=64
Megaflow: ip,in_port=1,nw_dst=10.251.8.2
Datapath actions: set_field:8->ip_dscp,2" "$out"

# --- a miss in table 1 ---
out=$(sluice-appctl ofproto/trace "$BR" "in_port=2,ip,nw_dst=10.251.8.9")
check_match "miss: table 0 rule" '^ 0\. priority=10,ip,in_port=2 actions=goto_table:1$' \
    "$out"
check_match "miss: table 1 no match" '^ 1\. No match\.$' "$out"
check_match "miss: note" '^    >> table miss: dropped$' "$out"
check_match "miss: datapath drops" '^Datapath actions: drop$' "$out"

# --- a packet in hex (an ICMP echo from h2 to h1) ---
pkt="000000000001000000000002080045000054000040004001000a0afb08020afb0801"
pkt+="0800f7ff00000000"
out=$(sluice-appctl ofproto/trace "$BR" "in_port=2" "$pkt")
check_match "packet: flow extracted from the frame" \
    '^Flow: icmp,in_port=2,dl_src=00:00:00:00:00:02,dl_dst=00:00:00:00:00:01,nw_src=10.251.8.2,nw_dst=10.251.8.1,nw_tos=0,nw_ecn=0,nw_ttl=64,icmp_type=8,icmp_code=0$' \
    "$out"
check_match "packet: output to port 1" '^Datapath actions: 1$' "$out"

# --- a group ---
out=$(sluice-appctl ofproto/trace "$BR" "in_port=1,arp")
check_match "group: rule" '^ 0\. priority=5,arp actions=group:1$' "$out"
check_match "group: bucket 0 ran" 'group:1: bucket 0' "$out"
check_match "group: bucket 1 ran" 'group:1: bucket 1' "$out"
check_match "group: input port skipped" 'output to input port 1 skipped' \
    "$out"
check_match "group: datapath output to port 2" '^Datapath actions: .*2$' \
    "$out"

# --- JSON ---
json=$(sluice-appctl --format json ofproto/trace "$BR" \
       "in_port=1,ip,nw_dst=10.251.8.2")
check "json: tables visited" sw_json_check \
    '[(s["table"], s["matched"]) for s in d["steps"] if s["type"] == "table"] == [(0, True), (1, True)]' \
    "$json"
check "json: rule of table 1" sw_json_check \
    '[s["rule"] for s in d["steps"] if s["type"] == "table"][1] == "priority=20,ip,nw_dst=10.251.8.2 actions=set_field:8->ip_dscp,output:2"' \
    "$json"
check "json: actions and datapath actions" sw_json_check \
    '[s["action"] for s in d["steps"] if s["type"] == "action"] == ["set_field:8->ip_dscp", "output:2"] and d["datapath_actions"] == "set_field:8->ip_dscp,2" and d["megaflow"] == "ip,in_port=1,nw_dst=10.251.8.2"' \
    "$json"

# --- the trace predicts what traffic does: h1 pings h2 through it ---
check "h1 reaches h2 by the traced path" sl_wait_for \
    "ip netns exec $SL_PREFIX-h1 ping -c 1 -W 1 10.251.8.2" 10
check_match "the traced rule counted the traffic" \
    'n_packets=[1-9][0-9]*, .*priority=20,ip,nw_dst=10.251.8.2 ' \
    "$(sluice-ofctl dump-flows "$BR" table=1)"

# --- errors ---
out=$(sluice-appctl ofproto/trace nosuchbr "in_port=1" 2>&1)
check_match "unknown bridge" 'no bridge named nosuchbr' "$out"
out=$(sluice-appctl ofproto/trace "$BR" "in_port=1,bogus=3" 2>&1)
check_match "bad flow names the field" 'unknown field "bogus"' "$out"
out=$(sluice-appctl ofproto/trace "$BR" "in_port=1" "00zz" 2>&1)
check_match "bad packet hex" 'bad hex digits' "$out"

sl_finish
