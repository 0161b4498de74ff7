#!/bin/bash
# TCP through sluice-switchd with the veths' offloads left on (checksum
# offload, TSO/GSO): a few MB of random data arrive intact (sha256
# compared), and a short iperf3 run succeeds.
TEST_NAME=swtcp
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswtcpbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
sw_host h1 10.251.4.1/24
sw_host h2 10.251.4.2/24
check "add-port h1" sluice-ctl add-port "$BR" slswtcph1
check "add-port h2" sluice-ctl add-port "$BR" slswtcph2
check "h1 pings h2" sw_ping h1 10.251.4.2

head -c $((8 * 1024 * 1024)) /dev/urandom >"$SL_DIR/send.bin"
XFER=$top_srcdir/tests/system/xfer.py
ip netns exec slswtcp-h2 python3 "$XFER" recv 5201 \
    "$SL_DIR/recv.bin" &
recv_pid=$!
check "receiver listening" sl_wait_for \
    "ip netns exec slswtcp-h2 ss -ltn | grep -q ':5201 '" 10
check "send 8 MB over TCP" timeout 40 ip netns exec slswtcp-h1 \
    python3 "$XFER" send 10.251.4.2 5201 "$SL_DIR/send.bin"
wait $recv_pid
check_eq "data arrived intact (sha256)" \
    "$(sha256sum <"$SL_DIR/send.bin")" "$(sha256sum <"$SL_DIR/recv.bin")"

ip netns exec slswtcp-h2 iperf3 -s -1 -p 5202 >"$SL_DIR/iperf-server.log" 2>&1 &
check "iperf3 server listening" sl_wait_for \
    "ip netns exec slswtcp-h2 ss -ltn | grep -q ':5202 '" 10
out=$(timeout 30 ip netns exec slswtcp-h1 iperf3 -c 10.251.4.2 -p 5202 \
      -t 3 -J 2>&1)
check_eq "iperf3 exits 0" 0 $?
check "iperf3 moved data" sw_json_check \
    "d['end']['sum_received']['bytes'] > 1000000" "$out"
echo "    iperf3 throughput: $(python3 -c '
import json, sys
print("%.2f Gbit/s" % (json.loads(sys.argv[1])["end"]["sum_received"]
                        ["bits_per_second"] / 1e9))' "$out" 2>/dev/null)"

sl_finish
