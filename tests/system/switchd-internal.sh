#!/bin/bash
# The bridge's internal port: the root namespace reaches a namespace host
# through an address on the bridge's own interface (a /30 used by nothing
# else, so the traffic stays between our namespaces), both directions,
# and the internal port's counters and status are reported.
TEST_NAME=swint
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswintbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
check "the internal device exists" ip link show "$BR"
check_eq "the local port has ofport 65534" 65534 \
    "$(sluice-ctl get Interface "$BR" ofport)"
sw_host h1 10.254.77.2/30
check "add-port h1" sluice-ctl add-port "$BR" slswinth1

sysctl -qw "net.ipv6.conf.$BR.disable_ipv6=1"
ip addr add 10.254.77.1/30 dev "$BR"
ip link set "$BR" up
check "root namespace pings h1 through the internal port" \
    ping -q -c 2 -W 2 -I "$BR" 10.254.77.2
check "h1 pings the internal port's address" sw_ping h1 10.254.77.1
check_match "fdb/show has the internal port's MAC on LOCAL" \
    "^ *LOCAL +0 +$(cat /sys/class/net/$BR/address) " \
    "$(sluice-appctl fdb/show "$BR")"
check "dpif/show json: the local port sent and received" sw_json_check \
    "any(p['name'] == '$BR' and p['ofport'] == 65534 and
         p['type'] == 'internal' and p['rx_packets'] >= 2 and
         p['tx_packets'] >= 2 for b in d for p in b['ports'])" \
    "$(sluice-appctl --format json dpif/show)"
check "mac_in_use is the device's MAC" sl_wait_for \
    "sluice-ctl get Interface $BR mac_in_use | tr -d '\"' |
     grep -qx $(cat /sys/class/net/$BR/address)" 10
check_eq "link_state is up" up "$(sluice-ctl get Interface "$BR" link_state)"
check_eq "admin_state is up" up \
    "$(sluice-ctl get Interface "$BR" admin_state)"

check "del-br" sluice-ctl del-br "$BR"
check_fails "the internal device is gone with its bridge" ip link show "$BR"

sl_finish
