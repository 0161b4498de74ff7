#!/bin/bash
# Frames of every size cross an AF_PACKET port's receive ring: those that
# fit a 2 KiB ring slot are read from the ring, bigger ones (jumbo frames
# here; GSO frames in switchd-tcp.sh) come whole through the socket queue
# (TP_STATUS_COPY).  Pings with the don't-fragment bit around the slot's
# capacity (1972 bytes of frame) and up to a 9000-byte MTU must all come
# back, in both directions through the switch.
set -u
TEST_NAME=dpjumbo
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

sw_host h1 10.251.29.1/24
sw_host h2 10.251.29.2/24
for h in h1 h2; do
    ip link set "$SL_PREFIX$h" mtu 9000
    ip -n "$SL_PREFIX-$h" link set eth0 mtu 9000
done
sl_start_dbserver
sw_start_switchd
sl_link "${SL_PREFIX}br"
sluice-ctl add-br "${SL_PREFIX}br" >/dev/null
sluice-ctl add-port "${SL_PREFIX}br" "${SL_PREFIX}h1" >/dev/null
sluice-ctl add-port "${SL_PREFIX}br" "${SL_PREFIX}h2" >/dev/null

check "small ping" sw_ping h1 10.251.29.2
# ICMP payload + 8 + 20 + 14 = frame length: 1900 -> 1942, 1930 -> 1972
# (a full slot), 1931 -> 1973 (the first through the socket queue).
for s in 1900 1930 1931 1960 4000 8972; do
    out=$(ip netns exec "$SL_PREFIX-h1" ping -c 3 -i 0.2 -W 2 -M do \
          -s "$s" 10.251.29.2 2>&1)
    check_match "ping -s $s: 3 replies" " 3 received" "$out"
done
out=$(ip netns exec "$SL_PREFIX-h2" ping -c 3 -i 0.2 -W 2 -M do -s 8972 \
      10.251.29.1 2>&1)
check_match "ping -s 8972 the other way: 3 replies" " 3 received" "$out"
sl_finish
