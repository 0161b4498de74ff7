#!/bin/bash
# SPAN mirrors: tcpdump on an internal mirror output port sees exactly the
# selected traffic (select-all, by source port, by destination port, by
# VLAN), counted against what the hosts sent; the output port is not
# flooded to, and the mirror counters in Mirror.statistics agree.
TEST_NAME=mspan
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v tcpdump >/dev/null || sl_skip "needs tcpdump"
sl_setup

BR=slmspanbr
MON=slmspanmon
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
sl_link "$MON"
check "add-br" sluice-ctl add-br "$BR"
sw_host a 10.252.0.1/24
sw_host b 10.252.0.2/24
sw_host c 10.252.0.3/24
check "add ports" sluice-ctl add-port "$BR" slmspana -- \
    add-port "$BR" slmspanb -- add-port "$BR" slmspanc -- \
    add-port "$BR" "$MON" -- set Interface "$MON" type=internal
sl_wait_for "ip link show $MON >/dev/null 2>&1" 10
ip link set "$MON" up
check "warm-up ping" sw_ping a 10.252.0.2
check "warm-up ping c" sw_ping c 10.252.0.2

# run_case NAME CTL-ARGS...: adds mirror NAME, captures on $MON while a
# sends 20 pings to b and c sends 10 pings to b, and leaves the pcap in
# $SL_DIR/NAME.pcap.
run_case() {
    local name=$1; shift
    check "add-mirror $name" sluice-ctl add-mirror "$BR" "$name" "$@" \
        --output-port "$MON"
    tcpdump -i "$MON" -U -n -w "$SL_DIR/$name.pcap" icmp \
        >"$SL_DIR/$name.tcpdump.log" 2>&1 &
    local td=$!
    sl_wait_for "grep -q listening '$SL_DIR/$name.tcpdump.log'" 10
    ip netns exec slmspan-a ping -q -c 20 -i 0.01 10.252.0.2 >/dev/null
    ip netns exec slmspan-c ping -q -c 10 -i 0.01 -w 2 10.252.0.2 >/dev/null
    sl_wait_for "[ \$(tcpdump -r '$SL_DIR/$name.pcap' -n 2>/dev/null \
        | wc -l) -ge $EXPECT ]" 10
    kill -INT $td; wait $td
    check "del-mirror $name" sluice-ctl del-mirror "$BR" "$name"
}
count() {
    tcpdump -r "$SL_DIR/$1.pcap" -n 2>/dev/null | grep -c "$2"
}
total() {
    tcpdump -r "$SL_DIR/$1.pcap" -n 2>/dev/null | wc -l
}

# select-all: both directions of both conversations, each packet once.
EXPECT=60
run_case all --select-all
check_eq "all: a->b requests" 20 \
    "$(count all '10.252.0.1 > 10.252.0.2: ICMP echo request')"
check_eq "all: b->a replies" 20 \
    "$(count all '10.252.0.2 > 10.252.0.1: ICMP echo reply')"
check_eq "all: c->b requests" 10 \
    "$(count all '10.252.0.3 > 10.252.0.2: ICMP echo request')"
check_eq "all: total" 60 "$(total all)"

# Source port a: only what a sent.
EXPECT=20
run_case src --select-src-port slmspana
check_eq "src: a's requests" 20 \
    "$(count src '10.252.0.1 > 10.252.0.2: ICMP echo request')"
check_eq "src: total" 20 "$(total src)"

# Destination port c: only what was sent to c.
EXPECT=10
run_case dst --select-dst-port slmspanc
check_eq "dst: replies to c" 10 \
    "$(count dst '10.252.0.2 > 10.252.0.3: ICMP echo reply')"
check_eq "dst: total" 10 "$(total dst)"

# By VLAN: a and b in VLAN 10, c alone in VLAN 20 (its pings go
# nowhere); a mirror of VLAN 20 sees only c's ARP (not ICMP), one of VLAN
# 10 the 40 ICMP packets between a and b.  VLAN 99: nothing.
check "tags" sluice-ctl set Port slmspana tag=10 -- set Port slmspanb tag=10 \
    -- set Port slmspanc tag=20
ip -n slmspan-c neigh flush all
check "ping in VLAN 10" sw_ping a 10.252.0.2
EXPECT=40
run_case vlan10 --select-vlan 10
check_eq "vlan 10: a->b" 20 \
    "$(count vlan10 '10.252.0.1 > 10.252.0.2: ICMP echo request')"
check_eq "vlan 10: total" 40 "$(total vlan10)"
check "untag" sluice-ctl clear Port slmspana tag -- clear Port slmspanb tag \
    -- clear Port slmspanc tag
check "ping untagged" sw_ping c 10.252.0.2
check "add-mirror vlan99" sluice-ctl add-mirror "$BR" v99 --select-vlan 99 \
    --output-port "$MON"
tcpdump -i "$MON" -U -n -w "$SL_DIR/v99.pcap" icmp >"$SL_DIR/v99.log" 2>&1 &
TD=$!
sl_wait_for "grep -q listening '$SL_DIR/v99.log'" 10
ip netns exec slmspan-a ping -q -c 5 -i 0.01 10.252.0.2 >/dev/null
# A second mirror on the same output with select-all shows each packet
# once, not twice, after which both go.
check "add-mirror all2" sluice-ctl add-mirror "$BR" all2 --select-all \
    --output-port "$MON"
check "add-mirror all3" sluice-ctl add-mirror "$BR" all3 \
    --select-src-port slmspana --output-port "$MON"
ip netns exec slmspan-a ping -q -c 5 -i 0.01 10.252.0.2 >/dev/null
sl_wait_for "[ \$(tcpdump -r '$SL_DIR/v99.pcap' -n 2>/dev/null \
    | wc -l) -ge 10 ]" 10
kill -INT $TD; wait $TD
check_eq "vlan 99 + dedup: total" 10 "$(total v99)"

# The internal output device: IPv6 off (no ND of its own), MTU raised to
# the largest selected port's.
ip link set slmspana mtu 9000
check "mtu mirror" sluice-ctl add-mirror "$BR" big \
    --select-src-port slmspana --output-port "$MON"
check_eq "output device: IPv6 disabled" 1 \
    "$(cat /proc/sys/net/ipv6/conf/$MON/disable_ipv6)"
sl_wait_for "ip link show $MON | grep -q 'mtu 9000'" 5
check_match "output device: MTU 9000" "mtu 9000" "$(ip link show "$MON")"
check "del mtu mirror" sluice-ctl del-mirror "$BR" big
ip link set slmspana mtu 1500

# The output port is not flooded to: with no mirror selecting, a
# broadcast ARP from a does not reach it.
check "del mirrors" sluice-ctl del-mirror "$BR" v99 -- del-mirror "$BR" all2
tcpdump -i "$MON" -U -n -w "$SL_DIR/flood.pcap" arp \
    >"$SL_DIR/flood.log" 2>&1 &
TD=$!
sl_wait_for "grep -q listening '$SL_DIR/flood.log'" 10
ip -n slmspan-a neigh flush all
check "ping after flush" sw_ping a 10.252.0.2
sl_wait_for "[ \$(total flood) -ge 1 ]" 5
kill -INT $TD; wait $TD
# all3 (source a) still mirrors a's ARP request; b's reply is not mirrored
# and the broadcast is not flooded to the output port a second time.
check_eq "output port: a's ARP only once" 1 \
    "$(count flood 'Request who-has 10.252.0.2')"

# Counters: which of several mirrors to one output counts a shared copy
# depends on their order, so count with all3 alone: a's ARP request, the
# echo request above and 5 more.
ip netns exec slmspan-a ping -q -c 5 -i 0.01 10.252.0.2 >/dev/null
sl_wait_for "sw_json_check 'd[0][\"tx_packets\"] >= 7' \
    \"\$(sluice-ctl list-mirrors $BR --format json)\"" 15
J=$(sluice-ctl list-mirrors "$BR" --format json)
check "list-mirrors json counters" sw_json_check \
    '(len(d) == 1 and d[0]["name"] == "all3" and d[0]["tx_packets"] >= 7
      and d[0]["tx_bytes"] >= 6 * 98 + 42)' "$J"
check_match "list-mirrors table" "all3 +ports +slmspana +- +- +slmspanmon" \
    "$(sluice-ctl list-mirrors "$BR")"
sl_finish
