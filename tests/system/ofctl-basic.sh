#!/bin/bash
# sluice-ofctl against a Sluice bridge: flows added, modified, dumped and
# deleted with exact output, identical to what Debian's ovs-ofctl prints
# for the same switch; a table of flows in every syntax; groups; errors
# printed like ovs-ofctl with exit status 1; OpenFlow 1.0 spellings; the
# listings in --format json, parsed with python3.
TEST_NAME=ofcb
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v ovs-ofctl >/dev/null || sl_skip "needs ovs-ofctl"
sl_setup

BR=slofcbbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure \
       other_config:datapath-id=00000000000000b2
sw_host h1 10.251.5.1/24
sw_host h2 10.251.5.2/24
check "add-port h1 as port 1" sluice-ctl add-port "$BR" slofcbh1 \
    ofport_request=1
check "add-port h2 as port 2" sluice-ctl add-port "$BR" slofcbh2 \
    ofport_request=2
sl_wait_for "[ -S '$SLUICE_RUNDIR/$BR.mgmt' ]" 10
MGMT="unix:$SLUICE_RUNDIR/$BR.mgmt"

ovs13() { ovs-ofctl -O OpenFlow13 "$@"; }
nodur() { sed -E 's/duration=[0-9.]+s/duration=X/g; s/xid=0x[0-9a-f]+/xid/'; }

# --- show and listings: same text as ovs-ofctl, by bridge name ---
out=$(sluice-ofctl show "$BR")
check_match "show: features header and dpid" \
    '^OFPT_FEATURES_REPLY \(OF1.3\) \(xid=0x[0-9a-f]+\): dpid:00000000000000b2$' \
    "$out"
check_match "show: port 1 by name" '^ 1\(slofcbh1\): addr:' "$out"
check_match "show: LOCAL" "^ LOCAL\\($BR\\): addr:" "$out"
check_match "show: config reply" '^OFPT_GET_CONFIG_REPLY \(OF1.3\)' "$out"
for c in show dump-desc dump-tables dump-ports dump-ports-desc \
         dump-aggregate; do
    check_eq "$c equals ovs-ofctl's" \
        "$(ovs13 "$c" "$MGMT" | nodur)" \
        "$(sluice-ofctl "$c" "$BR" | nodur)"
done
out=$(sluice-ofctl -O OpenFlow10 show "$MGMT")
check_match "show -O OpenFlow10: no version tag" \
    '^OFPT_FEATURES_REPLY \(xid=0x[0-9a-f]+\): dpid:' "$out"
check_match "show -O OpenFlow10: actions line" '^actions: output' "$out"

# --- add, dump, modify, delete ---
check "add-flow" sluice-ofctl add-flow "$BR" \
    "priority=100,ip,nw_src=10.0.0.0/8,actions=output:2"
check "add-flow with cookie, timeouts, flags" sluice-ofctl add-flow "$BR" \
    "table=3,cookie=0x1234,idle_timeout=100,hard_timeout=200,send_flow_rem,dl_vlan=10,dl_vlan_pcp=3,actions=pop_vlan,output:1,goto_table:4"
check_eq "dump-flows --no-stats" \
" priority=100,ip,nw_src=10.0.0.0/8 actions=output:2
 cookie=0x1234, table=3, idle_timeout=100, hard_timeout=200, send_flow_rem dl_vlan=10,dl_vlan_pcp=3 actions=pop_vlan,output:1,goto_table:4" \
    "$(sluice-ofctl dump-flows "$BR" --no-stats)"
out=$(sluice-ofctl dump-flows "$BR")
check_match "dump-flows: header" '^OFPST_FLOW reply \(OF1.3\) \(xid=' "$out"
check_match "dump-flows: stats fields" \
    '^ cookie=0x0, duration=[0-9.]+s, table=0, n_packets=0, n_bytes=0, priority=100,ip,nw_src=10.0.0.0/8 actions=output:2$' \
    "$out"
check "mod-flows (loose)" sluice-ofctl mod-flows "$BR" \
    "ip,actions=output:1"
check_eq "mod-flows changed the actions" \
    " priority=100,ip,nw_src=10.0.0.0/8 actions=output:1" \
    "$(sluice-ofctl dump-flows "$BR" ip --no-stats)"
check "mod-flows --strict that matches nothing" sluice-ofctl mod-flows \
    --strict "$BR" "ip,actions=output:2"
check_eq "strict modify left the flow alone" \
    " priority=100,ip,nw_src=10.0.0.0/8 actions=output:1" \
    "$(sluice-ofctl dump-flows "$BR" ip --no-stats)"
check "del-flows --strict" sluice-ofctl del-flows --strict "$BR" \
    "priority=100,ip,nw_src=10.0.0.0/8"
check "del-flows by cookie" sluice-ofctl del-flows "$BR" \
    "cookie=0x1234/-1"
check_eq "table empty" "" "$(sluice-ofctl dump-flows "$BR" --no-stats)"

# --- a table of flows in many syntaxes: printed as ovs-ofctl prints ---
cat >"$SL_DIR/flows.txt" <<'EOF'
# Comments and blank lines are skipped.

priority=100,ip,nw_src=10.0.0.0/8,actions=output:2
in_port=1,dl_vlan=5,dl_src=00:00:00:00:00:01/ff:ff:ff:00:00:00,actions=clear_actions,write_actions(output:2,set_field:4102->vlan_vid),write_metadata:0x1/0xff,goto_table:5
arp,arp_spa=1.2.3.4,arp_op=1,arp_sha=00:11:22:33:44:55,actions=drop
icmp,icmp_type=8,icmp_code=0,nw_tos=16,nw_ecn=1,actions=controller,controller(max_len=200)
icmp6,icmp_type=135,nd_target=fe80::1,ipv6_label=0x12345,actions=output:1
mpls,mpls_label=5,mpls_tc=2,mpls_bos=1,actions=set_field:3->mpls_tc,pop_mpls:0x0800
vlan_tci=0x1000/0x1000,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=strip_vlan
dl_vlan=0xffff,actions=output:1
priority=5,udp,nw_dst=10.1.2.0/255.255.0.255,udp_src=53,actions=mod_dl_dst:00:00:00:00:00:09,mod_nw_src:1.1.1.1
tunnel_id=0x10,ip,actions=set_field:0x20->tunnel_id
cookie=0x5,ipv6,nw_proto=17,no_packet_counts,no_byte_counts,actions=output:2
sctp,sctp_src=4,actions=set_field:5->sctp_dst,set_field:3->ip_dscp,set_field:2->ip_ecn
ipv6,ipv6_dst=2001::1/ffff:0:ffff::,ipv6_label=0x5/0xf,actions=1,2
in_port=LOCAL,actions=in_port
dl_vlan=3,actions=mod_vlan_vid:10,mod_vlan_pcp:3,strip_vlan,push_vlan:0x88a8,set_field:0x1005->vlan_vid
table=1,priority=7,actions=goto_table:2
EOF
check "add-flows FILE" sluice-ofctl add-flows "$BR" "$SL_DIR/flows.txt"
check_eq "dump-flows --no-stats equals ovs-ofctl's (modulo header)" \
    "$(ovs13 dump-flows "$MGMT" --no-stats | grep -v '^OFPST_FLOW')" \
    "$(sluice-ofctl dump-flows "$BR" --no-stats)"
check_eq "dump-flows equals ovs-ofctl's (modulo durations)" \
    "$(ovs13 dump-flows "$MGMT" | nodur)" \
    "$(sluice-ofctl dump-flows "$BR" | nodur)"
out=$(sluice-ofctl dump-flows "$BR" --no-stats)
check_match "flow printed with OVS's field order and names" \
    '^ icmp,nw_tos=16,nw_ecn=1,icmp_type=8,icmp_code=0 actions=CONTROLLER:65535,CONTROLLER:200$' \
    "$out"
check_match "OF1.0 names become set_field" \
    '^ priority=5,udp,nw_dst=10.1.0.0/255.255.0.255,tp_src=53 actions=set_field:00:00:00:00:00:09->eth_dst,set_field:1.1.1.1->ip_src$' \
    "$out"
check_match "dl_vlan=0xffff is no tag" \
    '^ vlan_tci=0x0000/0x1fff actions=output:1$' "$out"
check_match "flags and cookie" \
    '^ cookie=0x5, no_packet_counts no_byte_counts udp6 actions=output:2$' \
    "$out"
check_eq "dump-flows with a filter" \
    " table=1, priority=7 actions=goto_table:2" \
    "$(sluice-ofctl dump-flows "$BR" table=1 --no-stats)"
# (The bridge's own interface may send an IPv6 report meanwhile, so the
# packet and byte counts are not asserted here.)
check_match "dump-aggregate counts the flows" \
    'OFPST_AGGREGATE reply \(OF1.3\) \(xid=0x[0-9a-f]+\): packet_count=[0-9]+ byte_count=[0-9]+ flow_count=16$' \
    "$(sluice-ofctl dump-aggregate "$BR")"
check "add-flows from stdin" sh -c \
    "echo 'table=9,priority=1,actions=drop' | sluice-ofctl add-flows $BR -"
check_eq "stdin flow installed" " table=9, priority=1 actions=drop" \
    "$(sluice-ofctl dump-flows "$BR" table=9 --no-stats)"

# --- errors: printed like ovs-ofctl, exit status 1 ---
out=$(sluice-ofctl add-flow "$BR" "tcp,actions=group:99" 2>&1)
check_eq "error exit status" 1 "$?"
check_match "error printed like ovs-ofctl" \
    '^OFPT_ERROR \(OF1.3\) \(xid=0x[0-9a-f]+\): OFPBAC_BAD_OUT_GROUP$' \
    "$out"
out=$(sluice-ofctl add-flow "$BR" "tcp,actions=frobnicate" 2>&1)
check_match "parse error names the token" \
    'sluice-ofctl: unknown action "frobnicate"' "$out"
check_fails "unknown bridge" sluice-ofctl dump-flows nosuchbr
out=$(sluice-ofctl dump-flows nosuchbr 2>&1)
check_match "unknown bridge message" 'cannot connect to bridge nosuchbr' \
    "$out"

# --- groups ---
check "add-group select" sluice-ofctl add-group "$BR" \
    "group_id=1,type=select,bucket=weight:100,watch_port:1,actions=output:1,bucket=weight:50,actions=output:2"
check "add-group ff" sluice-ofctl add-group "$BR" \
    "group_id=2,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,actions=output:2"
check "add-group all (short bucket syntax)" sluice-ofctl add-group "$BR" \
    "group_id=3,type=all,bucket=output:1,bucket=output:2"
check_eq "dump-groups equals ovs-ofctl's" \
    "$(ovs13 dump-groups "$MGMT" | nodur)" \
    "$(sluice-ofctl dump-groups "$BR" | nodur)"
out=$(sluice-ofctl dump-groups "$BR")
check_match "select group printed" \
    '^ group_id=1,type=select,bucket=weight:100,watch_port:1,actions=output:1,bucket=weight:50,actions=output:2$' \
    "$out"
check_match "all group printed in the long bucket form" \
    '^ group_id=3,type=all,bucket=actions=output:1,bucket=actions=output:2$' \
    "$out"
check "mod-group" sluice-ofctl mod-group "$BR" \
    "group_id=3,type=indirect,bucket=actions=output:2"
check_eq "dump-groups GROUP after mod-group" \
    " group_id=3,type=indirect,bucket=actions=output:2" \
    "$(sluice-ofctl dump-groups "$BR" 3 | tail -n +2)"
check "flow using a group" sluice-ofctl add-flow "$BR" \
    "table=2,ip,actions=group:3"
check_match "group stats: ref_count" \
    '^ group_id=3,duration=[0-9.]+s,ref_count=1,packet_count=0,byte_count=0,bucket0:packet_count=0,byte_count=0$' \
    "$(sluice-ofctl dump-group-stats "$BR" 3)"
check "del-groups one" sluice-ofctl del-groups "$BR" group_id=1
check_eq "two groups left" 2 \
    "$(sluice-ofctl dump-groups "$BR" | tail -n +2 | wc -l)"
check "del-groups all" sluice-ofctl del-groups "$BR"
check_eq "no groups left" "" \
    "$(sluice-ofctl dump-groups "$BR" | tail -n +2)"

# --- JSON forms ---
check "dump-flows --format json parses" sw_json_check \
    'any(f["match"] == "priority=100,ip,nw_src=10.0.0.0/8" or f["match"] == "ip,nw_src=10.0.0.0/8" for f in d) and all(set(f) >= {"table","priority","cookie","duration","n_packets","n_bytes","match","actions","flags"} for f in d)' \
    "$(sluice-ofctl --format json dump-flows "$BR")"
check "dump-flows json: priority and actions" sw_json_check \
    '[(f["priority"], f["actions"]) for f in d if f["table"] == 9] == [(1, "drop")]' \
    "$(sluice-ofctl dump-flows "$BR" --format json)"
check "show --format json" sw_json_check \
    'd["datapath_id"] == "00000000000000b2" and d["n_tables"] == 254 and sorted(p["name"] for p in d["ports"]) == sorted(["slofcbh1", "slofcbh2", "'"$BR"'"])' \
    "$(sluice-ofctl show "$BR" --format json)"
check "dump-ports --format json" sw_json_check \
    'sorted(str(p["port"]) for p in d) == ["1", "2", "LOCAL"]' \
    "$(sluice-ofctl dump-ports "$BR" --format json)"
check "dump-tables --format json" sw_json_check \
    'len(d) == 254 and d[0]["table"] == 0' \
    "$(sluice-ofctl dump-tables "$BR" --format json)"
check "dump-aggregate --format json" sw_json_check \
    'd["flow_count"] == 17' \
    "$(sluice-ofctl dump-aggregate "$BR" --format json)"
check "dump-desc --format json" sw_json_check \
    'd["manufacturer"] == "Sluice"' \
    "$(sluice-ofctl dump-desc "$BR" --format json)"
sluice-ofctl add-group "$BR" "group_id=7,type=all,bucket=output:1"
check "dump-groups --format json" sw_json_check \
    'd == [{"group_id": 7, "type": "all", "buckets": [{"weight": 0, "actions": "output:1"}]}]' \
    "$(sluice-ofctl dump-groups "$BR" --format json)"

# --- OpenFlow 1.0 ---
check "del-flows" sluice-ofctl del-flows "$BR"
check "add-flow -O OpenFlow10" sluice-ofctl -O OpenFlow10 add-flow "$BR" \
    "ip,dl_vlan=3,actions=mod_vlan_vid:10,strip_vlan,mod_nw_tos:16,output:2"
out=$(sluice-ofctl -O OpenFlow10 dump-flows "$BR")
check_match "OF1.0 dump-flows header" '^OFPST_FLOW reply \(xid=' "$out"
check_match "OF1.0 actions printed in OF1.0 names" \
    ' ip,dl_vlan=3 actions=mod_vlan_vid:10,strip_vlan,mod_nw_tos:16,output:2$' \
    "$out"

sl_finish
