#!/bin/bash
# sluice-switchd L2 switching: three hosts on one bridge reach each other,
# fdb/show lists their MACs on the right ports, entries age out with a
# short mac-aging-time, dpif/show lists ports with counters, and the
# --format json forms parse and agree.
TEST_NAME=swl2
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slswl2br
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
check "add-br" sluice-ctl add-br "$BR"
for i in 1 2 3; do
    sw_host h$i 10.251.1.$i/24
    check "add-port h$i" sluice-ctl add-port "$BR" "slswl2h$i"
done

for a in 1 2 3; do
    for b in 1 2 3; do
        [ $a = $b ] && continue
        check "h$a pings h$b" sw_ping h$a 10.251.1.$b
    done
done
# No more traffic from here on: forget neighbours so no ARP probe refreshes
# the MAC table while we watch it age.
for i in 1 2 3; do
    ip -n slswl2-h$i neigh flush all
done

fdb=$(sluice-appctl fdb/show "$BR")
fdb_json=$(sluice-appctl --format json fdb/show "$BR")
show=$(sluice-appctl dpif/show)
show_json=$(sluice-appctl --format json dpif/show)
for i in 1 2 3; do
    mac=$(sw_mac h$i)
    ofport=$(sluice-ctl get Interface "slswl2h$i" ofport)
    check_match "h$i has an ofport" '^[0-9]+$' "$ofport"
    check_match "fdb/show: h$i's MAC on ofport $ofport" \
        "^ +$ofport +0 +$mac +[0-9]+\$" "$fdb"
    check "fdb/show json: h$i's MAC on port slswl2h$i" sw_json_check \
        "any(e['mac'] == '$mac' and e['port'] == 'slswl2h$i' and
             e['ofport'] == $ofport and e['vlan'] == 0 and e['age'] >= 0
             for e in d)" "$fdb_json"
    check_match "dpif/show lists slswl2h$i as ofport $ofport" \
        "^  slswl2h$i $ofport/system:" "$show"
    check "dpif/show json: slswl2h$i received and sent packets" \
        sw_json_check \
        "any(p['name'] == 'slswl2h$i' and p['ofport'] == $ofport and
             p['type'] == 'system' and p['rx_packets'] >= 2 and
             p['tx_packets'] >= 2 and p['rx_bytes'] > 0
             for b in d if b['bridge'] == '$BR' for p in b['ports'])" \
        "$show_json"
done
check_match "dpif/show lists the local port" "^  $BR LOCAL/internal:" "$show"
check_eq "fdb/show has exactly the three hosts" 3 \
    "$(printf '%s\n' "$fdb" | grep -c -E '^ +[0-9]+ ')"
check_fails "fdb/show of an unknown bridge fails" \
    sluice-appctl fdb/show slswl2nope
out=$(sluice-appctl fdb/show slswl2nope 2>&1)
check_match "the error names the bridge" "slswl2nope" "$out"

# Statistics reach the database (written every few seconds).
check "statistics written to the Interface row" sl_wait_for \
    "sluice-ctl get Interface slswl2h1 statistics:rx_packets | grep -qv '^0\$'" 15

# Aging: a 2-second aging time empties the table of idle hosts.
check "set mac-aging-time" \
    sluice-ctl set Bridge "$BR" other_config:mac-aging-time=2
check "idle entries age out" sl_wait_for \
    "[ -z \"\$(sluice-appctl fdb/show $BR | grep -E '^ +[0-9]+ ')\" ]" 20
check "h1 pings h2 again" sw_ping h1 10.251.1.2
check_match "relearned after traffic" "$(sw_mac h1)" \
    "$(sluice-appctl fdb/show "$BR")"
check "fdb/flush" sluice-appctl fdb/flush "$BR"
check_eq "flushed table is empty" "" \
    "$(sluice-appctl fdb/show "$BR" | grep -E '^ +[0-9]+ ')"

# vlog and list-commands.
check "vlog/set" sluice-appctl vlog/set bridge:dbg
check_match "vlog/list shows the new level" "^bridge +dbg" \
    "$(sluice-appctl vlog/list)"
check "vlog/list json" sw_json_check "d['bridge'] == 'dbg'" \
    "$(sluice-appctl --format json vlog/list)"
check_fails "vlog/set rejects a bad level" sluice-appctl vlog/set bridge:loud
check_match "list-commands lists fdb/show" "fdb/show +BRIDGE" \
    "$(sluice-appctl list-commands)"

sl_finish
