#!/bin/bash
# os-ken as the controller of a secure bridge over ssl: with mutual
# authentication (certificates from sluice-pki): two namespace hosts ping
# each other only through the flows that tests/controller/learning_switch.py
# installs.  Its table-miss flow asks for 128 bytes, so the packet-ins of
# the 1000-byte pings carry a buffer_id that its FLOW_MODs and PACKET_OUTs
# name.  Controller.status shows the connection and the controller's
# certificate.  tshark, given the switch's SSLKEYLOGFILE, decrypts the
# session into well-formed OpenFlow 1.3 (os-ken listens on the standard
# port 6653 in its own namespace, so tshark's OpenFlow dissector applies).
TEST_NAME=ctlosk
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
command -v osken-manager >/dev/null || sl_skip "needs osken-manager"
command -v tshark >/dev/null || sl_skip "needs tshark"
sl_setup

BR=slctloskbr
PORT=6653
PKI="$top_srcdir/utilities/sluice-pki"
P="$SL_DIR/pki"
"$PKI" -d "$P" init >/dev/null
"$PKI" -d "$P" -o "$P" req+sign switch switch >/dev/null
"$PKI" -d "$P" -o "$P" req+sign ctl controller >/dev/null

# os-ken runs in its own namespace on the standard port, reached over a
# veth whose root end is captured from the start.
sl_netns ctl >/dev/null
CNS=$SL_PREFIX-ctl
ip link add slctloskc type veth peer name eth0 netns "$CNS"
sl_link slctloskc
ip addr add 10.251.21.2/30 dev slctloskc
ip link set slctloskc up
ip -n "$CNS" addr add 10.251.21.1/30 dev eth0
ip -n "$CNS" link set eth0 up
sl_spawn tshark tshark -i slctloskc -f "tcp port $PORT" \
    -w "$SL_DIR/cap.pcapng"
TSHARK_PID=$SL_LAST_PID
check "capture started" sl_wait_for "grep -q Capturing '$SL_DIR/tshark.log'"

sl_spawn osken ip netns exec "$CNS" /usr/bin/python3 /usr/bin/osken-manager \
    --ofp-listen-host 10.251.21.1 --ofp-ssl-listen-port $PORT \
    --ofp-tcp-listen-port $((PORT + 1)) \
    --ctl-privkey "$P/ctl-privkey.pem" --ctl-cert "$P/ctl-cert.pem" \
    --ca-certs "$P/cacert.pem" \
    "$top_srcdir/tests/controller/learning_switch.py"
check "os-ken listens" sl_wait_for \
    "ip netns exec $CNS ss -ltn | grep -q '10.251.21.1:$PORT '" 20

sl_start_dbserver
SSLKEYLOGFILE="$SL_DIR/keys.log" sw_start_switchd
check "set-ssl" sluice-ctl set-ssl "$P/switch-privkey.pem" \
    "$P/switch-cert.pem" "$P/cacert.pem"
check "add-br (secure) with an ssl: controller" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sl_link "$BR"
sw_host h1 10.251.20.1/24
sw_host h2 10.251.20.2/24
check "add ports" sluice-ctl add-port "$BR" slctloskh1 ofport_request=1 \
    -- add-port "$BR" slctloskh2 ofport_request=2
check "set-controller (default port)" sluice-ctl set-controller "$BR" \
    ssl:10.251.21.1

status() { sluice-ctl get Controller "$1" "${2:-status}"; }
uuid=$(sluice-ctl get Bridge "$BR" controller | tr -d '[]')
check "controller connects" sl_wait_for \
    "[ \"\$(sluice-ctl get Controller $uuid is_connected)\" = true ]" 20
st=$(status "$uuid")
check_match "status: ACTIVE" 'state=ACTIVE' "$st"
check_match "status: the controller's certificate subject" \
    'peer_subject="?CN=ctl' "$st"
check_match "status: its expiry" 'peer_not_after="?20[0-9-]+T' "$st"
check_match "status: seconds connected" 'sec_since_connect="?[0-9]' "$st"
check_match "sluice-ctl show: connected" 'is_connected: true' \
    "$(sluice-ctl show)"

check "h1 pings h2 through the controller's flows" \
    ip netns exec slctlosk-h1 ping -q -c 3 -i 0.2 -W 2 -s 1000 10.251.20.2
flows=$(sluice-ofctl dump-flows "$BR")
check_match "table-miss flow from os-ken" \
    'priority=0 actions=CONTROLLER:128' "$flows"
check_match "learned flow towards h2" \
    'priority=10,in_port=1,dl_dst='"$(sw_mac h2)"' actions=output:2' \
    "$flows"
check_match "learned flow towards h1" \
    'priority=10,in_port=2,dl_dst='"$(sw_mac h1)"' actions=output:1' \
    "$flows"
log=$(cat "$SL_DIR/osken.log")
check_match "os-ken saw buffered packet-ins of the big pings" \
    'PACKET_IN .* buffer_id=0x[0-9a-f]+ total_len=1042 len=128' "$log"
check_match "os-ken sent flow-mods naming a buffer" \
    'FLOW_MOD .*priority=10 .*buffer_id=0x[0-9a-f]{1,7}$' "$log"
check_match "os-ken learned the hosts" \
    "PACKET_IN .* src=$(sw_mac h2) dst=$(sw_mac h1)" "$log"

# Decrypt the capture with the switch's key log.
kill -INT "$TSHARK_PID"
check "capture written" sl_wait_for "! kill -0 $TSHARK_PID" 10
check "key log written" test -s "$SL_DIR/keys.log"
dec() {
    tshark -r "$SL_DIR/cap.pcapng" -o "tls.keylog_file:$SL_DIR/keys.log" \
        -d "tcp.port==$PORT,tls" "$@" 2>/dev/null
}
# tshark 4.0 cannot hand TLS application data to its OpenFlow dissector,
# so tests/controller/ofstream.py checks the OpenFlow framing of the
# decrypted bytes.
dec -Y data -T fields -e tcp.srcport -e data.data >"$SL_DIR/of.txt"
check "decrypted streams are well-formed OpenFlow 1.3" \
    python3 "$top_srcdir/tests/controller/ofstream.py" <"$SL_DIR/of.txt"
types=$(python3 "$top_srcdir/tests/controller/ofstream.py" \
        <"$SL_DIR/of.txt" | awk '{print $1}' | tr '\n' ' ')
check_match "decrypted HELLO (0)" '(^| )0 ' "$types"
check_match "decrypted FEATURES_REPLY (6)" '(^| )6 ' "$types"
check_match "decrypted PACKET_IN (10)" '(^| )10 ' "$types"
check_match "decrypted FLOW_MOD (14)" '(^| )14 ' "$types"
check_match "decrypted PACKET_OUT (13)" '(^| )13 ' "$types"
check_eq "no malformed packets" 0 "$(dec -Y '_ws.malformed' | wc -l)"
check_match "TLS 1.2 or 1.3 only" 'TLS 1\.[23]|0x030[34]' \
    "$(dec -Y tls.handshake.type==2 -T fields \
       -e tls.handshake.extensions.supported_version -e tls.record.version)"
sl_finish
