#!/bin/bash
# Configuration that sluice-switchd cannot apply is an error the user sees:
# a missing device, a duplicate ofport_request, VLAN tag 4095, an unknown
# interface type.  sluice-ctl exits non-zero with a clear message and
# nothing is left half-configured (not in list-ports, not in dpif/show).
TEST_NAME=swbad
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswbadbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
sw_host h1
sw_host h2
sw_host h3

# A missing device.
out=$(sluice-ctl add-port "$BR" slswbadnope 2>&1)
check_eq "add-port of a missing device exits 1" 1 $?
check_match "the error names the device" "slswbadnope.*(No such device|not)" \
    "$out"
check_eq "the missing port is not left in the db" "" \
    "$(sluice-ctl list-ports "$BR" | grep slswbadnope)"

# Duplicate ofport_request.
check "add-port h1 ofport_request=5" \
    sluice-ctl add-port "$BR" slswbadh1 ofport_request=5
check_eq "h1 got ofport 5" 5 "$(sluice-ctl get Interface slswbadh1 ofport)"
out=$(sluice-ctl add-port "$BR" slswbadh2 ofport_request=5 2>&1)
check_eq "a second port with ofport_request=5 fails" 1 $?
check_match "the error names the ofport" "5" "$out"
check_eq "h2 is not left in the db" "" \
    "$(sluice-ctl list-ports "$BR" | grep slswbadh2)"
check_eq "h1 keeps ofport 5" 5 "$(sluice-ctl get Interface slswbadh1 ofport)"

# VLAN tag 4095.
out=$(sluice-ctl add-port "$BR" slswbadh3 tag=4095 2>&1)
check_eq "tag=4095 fails" 1 $?
check_match "the error names the tag" "4095" "$out"
check_eq "h3 is not left in the db" "" \
    "$(sluice-ctl list-ports "$BR" | grep slswbadh3)"

# An interface type switchd does not support.
out=$(sluice-ctl add-port "$BR" slswbadh3 type=slbogus 2>&1)
check_eq "an unknown interface type fails" 1 $?
check_match "the error names the type" "slbogus" "$out"
check_eq "h3 is not left in the db" "" \
    "$(sluice-ctl list-ports "$BR" | grep slswbadh3)"

show=$(sluice-appctl dpif/show)
check_match "dpif/show lists h1 as ofport 5" "^  slswbadh1 5/system:" "$show"
for p in slswbadnope slswbadh2 slswbadh3; do
    check_eq "dpif/show does not list $p" "" "$(printf '%s\n' "$show" |
                                                 grep "$p")"
done

# The switch still works after all that (del-port only matters if an
# undo above failed, which is already reported).
sluice-ctl --if-exists del-port slswbadh2 >/dev/null 2>&1
check "h2 added without a conflicting request" \
    sluice-ctl add-port "$BR" slswbadh2
check_eq "h2 got the lowest free ofport" 1 \
    "$(sluice-ctl get Interface slswbadh2 ofport)"
ip -n slswbad-h1 addr add 10.251.2.1/24 dev eth0
ip -n slswbad-h2 addr add 10.251.2.2/24 dev eth0
check "h1 pings h2" sw_ping h1 10.251.2.2

# appctl errors: exit 2 with the message on stderr; 1 if nothing listens.
sluice-appctl no/such-command >/dev/null 2>&1
check_eq "unknown command exits 2" 2 $?
sluice-appctl fdb/show >/dev/null 2>&1
check_eq "missing argument exits 2" 2 $?
out=$(sluice-appctl --rundir "$SL_DIR/none" dpif/show 2>&1)
check_eq "no daemon exits 1" 1 $?
check_match "no daemon: clear message" "is sluice-switchd running" "$out"

sl_finish
