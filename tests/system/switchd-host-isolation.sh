#!/bin/bash
# A system port keeps the host's own IP stack off the wire, as a kernel
# bridge port does: while the root-side veth of a host is a switch port,
# the root namespace no longer answers that host's ARP for the root's own
# addresses with the port's own MAC, around the switch (it did before the
# port was attached: the positive control; through the switch, the
# bridge's internal port may still answer, as a kernel bridge's does),
# IPv6 is off on the port, and del-port puts the settings back.
TEST_NAME=swiso
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswisobr
PORT=slswisoh1
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"

# An address that only the root namespace has, on a spare veth (this
# kernel has no dummy devices), in the subnet of host h1.
ip link add slswiso-d type veth peer name slswiso-e
sl_link slswiso-d
ip link set slswiso-d up
ip link set slswiso-e up
ip addr add 198.19.77.1/24 dev slswiso-d
sw_host h1 198.19.77.2/24
sysctl -qw "net.ipv6.conf.$PORT.disable_ipv6=0"

PORT_MAC=$(cat "/sys/class/net/$PORT/address")

# resolves_to_port ADDR: true if, after one ping attempt from h1 (whose
# reply goes elsewhere: only ARP matters here), h1 resolved ADDR to the
# MAC of the root-side veth itself.
resolves_to_port() {
    ip -n slswiso-h1 neigh flush all
    ip netns exec slswiso-h1 ping -q -c 1 -W 1 "$1" >/dev/null 2>&1
    ip -n slswiso-h1 neigh show "$1" | grep -q "lladdr $PORT_MAC"
}

check "control: before attaching, the root answers ARP on the veth" \
    resolves_to_port 198.19.77.1
check_eq "control: arp_ignore starts at 0" 0 \
    "$(sysctl -n net.ipv4.conf.$PORT.arp_ignore)"

check "add-port" sluice-ctl add-port "$BR" "$PORT"
check_fails "attached: the root no longer answers ARP on the port" \
    resolves_to_port 198.19.77.1
check_eq "attached: arp_ignore is 8" 8 \
    "$(sysctl -n net.ipv4.conf.$PORT.arp_ignore)"
check_eq "attached: IPv6 is off on the port" 1 \
    "$(sysctl -n net.ipv6.conf.$PORT.disable_ipv6)"

check "del-port" sluice-ctl del-port "$BR" "$PORT"
check_eq "detached: arp_ignore is back to 0" 0 \
    "$(sysctl -n net.ipv4.conf.$PORT.arp_ignore)"
check_eq "detached: IPv6 setting is back" 0 \
    "$(sysctl -n net.ipv6.conf.$PORT.disable_ipv6)"
check "detached: the root answers ARP on the veth again" \
    resolves_to_port 198.19.77.1

sl_finish
