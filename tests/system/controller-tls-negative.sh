#!/bin/bash
# TLS connections that must not come up, and the reason each one shows in
# Controller.status (not only in the log), while the switch keeps running:
#   - a controller whose certificate another CA signed;
#   - a controller that only speaks TLS 1.1;
#   - a plain TCP OpenFlow "controller" behind an ssl: target;
#   - a client without a certificate on a pssl: listener of the switch.
TEST_NAME=ctltlsn
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BASE=26681
PKI="$top_srcdir/utilities/sluice-pki"
P="$SL_DIR/pki"
Q="$SL_DIR/other"
"$PKI" -d "$P" init >/dev/null
"$PKI" -d "$P" -o "$P" req+sign switch switch >/dev/null
"$PKI" -d "$P" -o "$P" req+sign ctl controller >/dev/null
"$PKI" -d "$Q" init >/dev/null
"$PKI" -d "$Q" -o "$Q" req+sign rogue controller >/dev/null

# 1: a certificate from another CA (that server trusts our CA).
sl_spawn s1 openssl s_server -quiet -accept "127.0.0.1:$BASE" \
    -cert "$Q/rogue-cert.pem" -key "$Q/rogue-privkey.pem" \
    -CAfile "$P/cacert.pem" -Verify 1
# 2: TLS 1.1 only.
sl_spawn s2 openssl s_server -quiet -accept "127.0.0.1:$((BASE + 1))" \
    -cert "$P/ctl-cert.pem" -key "$P/ctl-privkey.pem" \
    -CAfile "$P/cacert.pem" -Verify 1 -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
# 3: plain TCP that sends an OpenFlow 1.3 HELLO.
sl_spawn s3 python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
while True:
    c, _ = s.accept()
    c.sendall(bytes.fromhex("0400000800000001"))
    time.sleep(0.5)
    c.close()
' $((BASE + 2))
for p in 0 1 2; do
    check "server $p listens" sl_wait_for \
        "ss -ltn | grep -q '127.0.0.1:$((BASE + p)) '" 10
done

sl_start_dbserver
sw_start_switchd
check "set-ssl" sluice-ctl set-ssl "$P/switch-privkey.pem" \
    "$P/switch-cert.pem" "$P/cacert.pem"
for i in 1 2 3 4; do
    check "add-br $i" sluice-ctl add-br slctltlsn$i \
        -- set Bridge slctltlsn$i fail_mode=secure
    sl_link slctltlsn$i
done
check "set-controllers" sluice-ctl \
    set-controller slctltlsn1 "ssl:127.0.0.1:$BASE" \
    -- set-controller slctltlsn2 "ssl:127.0.0.1:$((BASE + 1))" \
    -- set-controller slctltlsn3 "ssl:127.0.0.1:$((BASE + 2))" \
    -- set-controller slctltlsn4 "pssl:$((BASE + 3)):127.0.0.1"

ctl_of() { sluice-ctl get Bridge "$1" controller | tr -d '[]'; }
status_of() { sluice-ctl get Controller "$(ctl_of "$1")" status; }
# expect_error BRIDGE DESCRIPTION REGEX: waits for last_error to match.
expect_error() {
    if sl_wait_for "status_of $1 | grep -Eq -- '$3'" 15; then
        sl_pass "$2"
    else
        sl_fail "$2"
        echo "    status: $(status_of "$1")"
    fi
}
expect_error slctltlsn1 "another CA: certificate verify failed" \
    'last_error=".*certificate verify failed'
expect_error slctltlsn2 "TLS 1.1 only: refused for its protocol version" \
    'last_error=".*(unsupported protocol|protocol version)'
expect_error slctltlsn3 "plain TCP: wrong version number" \
    'last_error=".*(wrong version number|packet length too long)'

check "pssl: listening" sl_wait_for \
    "ss -ltn | grep -q '127.0.0.1:$((BASE + 3)) '" 10
echo | timeout 5 openssl s_client -connect "127.0.0.1:$((BASE + 3))" \
    -CAfile "$P/cacert.pem" >"$SL_DIR/client.log" 2>&1
expect_error slctltlsn4 "client without a certificate: refused" \
    'last_error=".*(certificate|handshake)'

for i in 1 2 3 4; do
    check_eq "bridge $i: not connected" false \
        "$(sluice-ctl get Controller "$(ctl_of slctltlsn$i)" is_connected)"
done
check "the switch keeps running" kill -0 "$SW_PID"
check "and answers" sluice-ofctl show slctltlsn1
sl_finish
