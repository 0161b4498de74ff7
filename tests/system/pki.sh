#!/bin/bash
# sluice-pki: a CA, switch and controller certificates signed by it, a
# self-signed certificate, chains checked with "openssl verify", the
# certificates' contents, key permissions, and no overwriting without
# --force.
TEST_NAME=pki
. "$(dirname "$0")/lib.sh"
sl_setup

PKI="$top_srcdir/utilities/sluice-pki"
P="$SL_DIR/pki"
cd "$SL_DIR" || exit 1

pki() {
    "$PKI" "$@"
}

# mode FILE: prints the octal permissions of FILE.
mode() {
    stat -c %a "$1"
}

# text FILE: openssl's description of certificate FILE.
text() {
    openssl x509 -in "$1" -noout -text
}

# --- The CA. ---
check "init" pki init "$P"
check "CA key exists" test -s "$P/private/cakey.pem"
check_eq "CA key is 0600" 600 "$(mode "$P/private/cakey.pem")"
check_eq "CA private directory is 0700" 700 "$(mode "$P/private")"
check_eq "CA certificate is 0644" 644 "$(mode "$P/cacert.pem")"
ca=$(text "$P/cacert.pem")
check_match "CA is a CA" 'CA:TRUE' "$ca"
check_match "CA signs certificates" 'Certificate Sign' "$ca"
check_match "CA uses SHA-256" 'ecdsa-with-SHA256' "$ca"
check_match "CA key is EC P-256" 'NIST CURVE: P-256' "$ca"
check_eq "CA is valid for 10 years" "$(date -u -d '+3650 days' +%Y-%m-%d)" \
    "$(date -u -d "$(openssl x509 -in "$P/cacert.pem" -noout -enddate \
        | cut -d= -f2)" +%Y-%m-%d)"
check "CA verifies itself" openssl verify -CAfile "$P/cacert.pem" \
    "$P/cacert.pem"
check_fails "init refuses to overwrite" pki init "$P"
check_match "init names the existing file" \
    'sluice-pki: .*/private/cakey.pem already exists \(use --force' \
    "$(pki init "$P" 2>&1)"
old=$(md5sum <"$P/cacert.pem")
check_eq "the refused init left the CA alone" "$old" \
    "$(md5sum <"$P/cacert.pem")"

# --- Signed certificates. ---
check "req+sign a switch" pki -d "$P" req+sign sw1 switch
check "req+sign a controller into --out" \
    pki -d "$P" -o "$SL_DIR/ctl" req+sign 10.0.0.5 controller
check_eq "switch key is 0600" 600 "$(mode sw1-privkey.pem)"
check_eq "controller key is 0600" 600 "$(mode ctl/10.0.0.5-privkey.pem)"
check_eq "switch certificate chains to the CA" "sw1-cert.pem: OK" \
    "$(openssl verify -CAfile "$P/cacert.pem" sw1-cert.pem 2>&1)"
check_eq "controller certificate chains to the CA" \
    "ctl/10.0.0.5-cert.pem: OK" \
    "$(openssl verify -CAfile "$P/cacert.pem" ctl/10.0.0.5-cert.pem 2>&1)"
sw=$(text sw1-cert.pem)
check_match "switch subject" 'Subject: O = Sluice, OU = switch, CN = sw1' \
    "$sw"
check_match "switch SAN is its name" 'DNS:sw1' "$sw"
check_match "switch certificate is not a CA" 'CA:FALSE' "$sw"
check_match "both TLS roles" 'TLS Web Server Authentication, TLS Web Client'\
' Authentication' "$sw"
check_match "controller SAN is its address" 'IP Address:10.0.0.5' \
    "$(text ctl/10.0.0.5-cert.pem)"
check_eq "a leaf is valid for one year" \
    "$(date -u -d '+365 days' +%Y-%m-%d)" \
    "$(date -u -d "$(openssl x509 -in sw1-cert.pem -noout -enddate \
        | cut -d= -f2)" +%Y-%m-%d)"
check "key matches certificate" test \
    "$(openssl pkey -in sw1-privkey.pem -pubout)" = \
    "$(openssl x509 -in sw1-cert.pem -noout -pubkey)"
check "an RSA key with --key rsa and --san" \
    pki -d "$P" --key rsa --san DNS:c2.example.com,IP:192.0.2.7 \
    req+sign c2 controller
c2=$(text c2-cert.pem)
check_match "RSA 2048" 'Public-Key: \(2048 bit\)' "$c2"
check_match "custom SAN" 'DNS:c2.example.com, IP Address:192.0.2.7' "$c2"
check_eq "RSA certificate chains to the CA" "c2-cert.pem: OK" \
    "$(openssl verify -CAfile "$P/cacert.pem" c2-cert.pem 2>&1)"

old=$(md5sum <sw1-cert.pem)
check_fails "req+sign refuses to overwrite" pki -d "$P" req+sign sw1 switch
check_eq "the refused req+sign left the certificate alone" "$old" \
    "$(md5sum <sw1-cert.pem)"
check "--force overwrites" pki -d "$P" --force req+sign sw1 switch
check "the certificate changed" test "$old" != "$(md5sum <sw1-cert.pem)"
check_eq "the new certificate chains to the CA" "sw1-cert.pem: OK" \
    "$(openssl verify -CAfile "$P/cacert.pem" sw1-cert.pem 2>&1)"

# --- Self-signed (Faucet style). ---
check "self-sign" pki self-sign faucet
check_eq "self-signed key is 0600" 600 "$(mode faucet-privkey.pem)"
check_eq "self-signed certificate is its own CA" "faucet-cert.pem: OK" \
    "$(openssl verify -CAfile faucet-cert.pem faucet-cert.pem 2>&1)"
check_match "self-signed issuer is its subject" \
    'Issuer: O = Sluice, OU = self-signed, CN = faucet' \
    "$(text faucet-cert.pem)"
check_fails "the self-signed certificate does not chain to our CA" \
    openssl verify -CAfile "$P/cacert.pem" faucet-cert.pem
check_fails "self-sign refuses to overwrite" pki self-sign faucet

# --- Another CA does not vouch for our certificates. ---
check "a second CA" pki init "$SL_DIR/pki2"
check_fails "sw1 does not chain to the second CA" \
    openssl verify -CAfile "$SL_DIR/pki2/cacert.pem" sw1-cert.pem

# --- Bad input. ---
check_match "unknown type" \
    '^sluice-pki: bad type "router" \(expected switch or controller\)$' \
    "$(pki -d "$P" req+sign r1 router 2>&1)"
check_match "missing CA" '^sluice-pki: no CA in .*/nope' \
    "$(pki -d "$SL_DIR/nope" req+sign x switch 2>&1)"
check_match "bad name" '^sluice-pki: bad NAME "a/b"' \
    "$(pki -d "$P" req+sign a/b switch 2>&1)"
check_match "unknown command" '^sluice-pki: unknown command "sign"' \
    "$(pki sign 2>&1)"
check_fails "bad key type fails" pki --key dsa self-sign x
check "nothing was written by the failures" test ! -e r1-privkey.pem \
    -a ! -e x-privkey.pem -a ! -e a

sl_finish
