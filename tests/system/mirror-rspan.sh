#!/bin/bash
# RSPAN: a mirror with an output VLAN sends its copies tagged with that
# VLAN out of trunk ports (not access ports); a trunk host sees exactly the
# selected frames, tagged 99, with their contents intact.
TEST_NAME=mrspan
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v tcpdump >/dev/null || sl_skip "needs tcpdump"
sl_setup

BR=slmrspanbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
sw_host a 10.254.0.1/24
sw_host b 10.254.0.2/24
sw_host t
check "add ports" sluice-ctl add-port "$BR" slmrspana tag=10 -- \
    add-port "$BR" slmrspanb tag=10 -- add-port "$BR" slmrspant trunks=99
check "ping" sw_ping a 10.254.0.2
check "add-mirror" sluice-ctl add-mirror "$BR" r1 \
    --select-src-port slmrspana --output-vlan 99

ip netns exec slmrspan-t tcpdump -i eth0 -U -n -e -w "$SL_DIR/t.pcap" \
    >"$SL_DIR/t.log" 2>&1 &
TD=$!
sl_wait_for "grep -q listening '$SL_DIR/t.log'" 10
ip netns exec slmrspan-a ping -q -c 10 -i 0.01 -p 5a5a 10.254.0.2 >/dev/null
sl_wait_for "[ \$(tcpdump -r '$SL_DIR/t.pcap' -n 2>/dev/null | wc -l) \
    -ge 10 ]" 10
kill -INT $TD; wait $TD

ALL=$(tcpdump -r "$SL_DIR/t.pcap" -n -e 2>/dev/null)
check_eq "trunk host: 10 echo requests tagged 99" 10 \
    "$(printf '%s\n' "$ALL" | grep 'vlan 99' \
       | grep -c '10.254.0.1 > 10.254.0.2: ICMP echo request')"
check_eq "trunk host: no replies (b is not selected)" 0 \
    "$(printf '%s\n' "$ALL" | grep -c 'echo reply')"
check_eq "trunk host: nothing untagged or in VLAN 10" 0 \
    "$(printf '%s\n' "$ALL" | grep -vc 'vlan 99')"
check "payload intact" sh -c "tcpdump -r '$SL_DIR/t.pcap' -n -x 2>/dev/null \
    | grep -q '5a5a 5a5a 5a5a'"
sl_wait_for "sluice-ctl list-mirrors $BR --format json \
    | grep -q '\"tx_packets\": *[1-9]'" 15
check "counters" sw_json_check 'd[0]["tx_packets"] >= 10' \
    "$(sluice-ctl list-mirrors "$BR" --format json)"
sl_finish
