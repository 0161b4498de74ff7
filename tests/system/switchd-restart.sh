#!/bin/bash
# Restarts: sluice-switchd killed with SIGKILL comes back with every port
# and the same ofports from the database alone; SIGTERM exits cleanly
# (control socket gone, the bridge's internal device kept); while the
# dbserver is down forwarding continues, and when it returns switchd
# reconnects and applies new changes (cur_cfg catches up).
TEST_NAME=swrst
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswrstbr
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
sl_link slswrsttap
check "add-br" sluice-ctl add-br "$BR"
for i in 1 2 3; do
    sw_host h$i 10.251.3.$i/24
done
# Added in an order that differs from name order, so that a restart that
# numbered ports afresh would give different ofports.
check "add-port h2" sluice-ctl add-port "$BR" slswrsth2
check "add-port h1" sluice-ctl add-port "$BR" slswrsth1
check "add-port tap" sluice-ctl add-port "$BR" slswrsttap type=tap
check "h1 pings h2" sw_ping h1 10.251.3.2
of1=$(sluice-ctl get Interface slswrsth1 ofport)
of2=$(sluice-ctl get Interface slswrsth2 ofport)
check_eq "h2 got ofport 1" 1 "$of2"
check_eq "h1 got ofport 2" 2 "$of1"

# SIGKILL and restart.
kill -9 "$SW_PID"
wait "$SW_PID" 2>/dev/null
check "the internal device survives SIGKILL" ip link show "$BR"
sw_start_switchd
check "ports come back: h1 pings h2" sl_wait_for "sw_ping h1 10.251.3.2" 15
check_eq "h1 keeps its ofport" "$of1" \
    "$(sluice-ctl get Interface slswrsth1 ofport)"
check_eq "h2 keeps its ofport" "$of2" \
    "$(sluice-ctl get Interface slswrsth2 ofport)"
check_match "dpif/show has h1 at its old ofport" "^  slswrsth1 $of1/system:" \
    "$(sluice-appctl dpif/show)"

# SIGTERM: clean exit, devices of configured ports stay.
kill -TERM "$SW_PID"
check "SIGTERM stops switchd" sl_wait_for "! kill -0 $SW_PID" 10
check_fails "the control socket is removed" \
    test -S "$SLUICE_RUNDIR/switchd.ctl"
check "the internal device stays after SIGTERM" ip link show "$BR"
check "the tap device stays after SIGTERM" ip link show slswrsttap
sw_start_switchd
check "forwarding is back after SIGTERM + start" \
    sl_wait_for "sw_ping h1 10.251.3.2" 15

# A port removed from the configuration loses its device.
check "del-port tap" sluice-ctl del-port "$BR" slswrsttap
check_fails "the tap device of a deleted port is gone" \
    ip link show slswrsttap

# The dbserver goes away: forwarding continues.
kill -9 "$SL_DBSERVER_PID"
wait "$SL_DBSERVER_PID" 2>/dev/null
rm -f "$SLUICE_RUNDIR/db.sock"
check "forwarding continues without the dbserver" sw_ping h2 10.251.3.1
check_match "switchd logged the lost connection" "reconnecting" \
    "$(cat "$SL_DIR/switchd.log")"
check "switchd still answers" sluice-appctl dpif/show

# ... and comes back: a new change is applied.
sl_start_dbserver
check "add-port h3 after the dbserver returned" \
    sluice-ctl --timeout 20 add-port "$BR" slswrsth3
check "cur_cfg caught up with next_cfg" sl_wait_for \
    "[ \"\$(sluice-ctl get Open_vSwitch . cur_cfg)\" = \
       \"\$(sluice-ctl get Open_vSwitch . next_cfg)\" ]" 10
check "h3 pings h1" sw_ping h3 10.251.3.1
check "h1 still pings h2" sw_ping h1 10.251.3.2

sl_finish
