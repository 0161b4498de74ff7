#!/bin/bash
# sluice-ctl refuses bad input with one clear line naming the bad value, a
# non-zero exit status, and an unchanged database.
TEST_NAME=ctlbad
. "$(dirname "$0")/lib.sh"
sl_setup
sl_start_dbserver || exit 1
. "$(dirname "$0")/ctl-lib.sh"

check "set-up" ctl add-br br0 -- add-br br1 -- add-port br0 p1 tag=10 \
    -- add-port br1 p2 -- set Bridge br0 other_config:a=b
before=$(dump)
check_match "dump shows the set-up" 'p1' "$before"

bad "unknown bridge" 'no bridge named "br9" \(known: br0, br1\)$' \
    add-port br9 p9
bad "unknown bridge for del-br" 'no bridge named "br9" \(known: br0, br1\)$' \
    del-br br9
bad "unknown bridge for list-ports" 'no bridge named "br9"' list-ports br9
bad "duplicate bridge" 'bridge "br0" already exists$' add-br br0
bad "bridge named like a port" \
    'a port named "p1" already exists on bridge "br0"$' \
    add-br p1
bad "duplicate port" 'a port named "p1" already exists on bridge "br0"$' \
    add-port br0 p1
bad "duplicate port across bridges" \
    'a port named "p1" already exists on bridge "br0"$' add-port br1 p1
bad "--may-exist port on another bridge" \
    'port "p1" already exists on bridge "br0", not on "br1"$' \
    --may-exist add-port br1 p1
bad "VLAN 5000" 'tag: "5000" is not in the range 1 to 4094' \
    add-port br0 p5 tag=5000
bad "VLAN 0 is reserved" 'tag: "0" is not in the range 1 to 4094' \
    add-port br0 p5 tag=0
bad "VLAN 4095 is reserved" 'tag: "4095" is not in the range 1 to 4094' \
    set Port p1 tag=4095
bad "trunk 5000" 'trunks: "5000" is not in the range 1 to 4094' \
    add-port br0 p5 trunks=10,5000
bad "trunk 0 via add" 'trunks: "0" is not in the range 1 to 4094' \
    add Port p1 trunks 0
bad "bad type" 'type: "bogus" is not one of system, internal, tap$' \
    add-port br0 p5 type=bogus
bad "bad type via set" 'type: "bogus" is not one of system, internal, tap$' \
    set Interface p1 type=bogus
bad "bad vlan_mode" \
    'vlan_mode: "sideways" is not one of access, native-tagged, '\
'native-untagged, trunk$' \
    add-port br0 p5 vlan_mode=sideways
bad "ofport_request out of range" \
    'ofport_request: "0" is not in the range 1 to 65279$' \
    add-port br0 p5 ofport_request=0
bad "malformed integer" 'tag: "ten"' add-port br0 p5 tag=ten
bad "malformed set" 'trunks: "\[1,2"' set Port p1 'trunks=[1,2'
bad "malformed map" 'other_config: "\{a=b"' set Bridge br0 'other_config={a=b'
bad "two values for a single-valued column" 'tag: .*\[1, ?2\]' \
    set Port p1 'tag=[1,2]'
bad "unknown table" 'unknown table "Nope" \(known: Bridge, ' list Nope
bad "ambiguous table prefix" 'table name "Q" is ambiguous \(QoS, Queue\)$' \
    list Q
bad "unknown column" 'table Bridge has no column "bogus"$' \
    get Bridge br0 bogus
bad "unknown add-port column" 'add-port: unknown column "bogus"' \
    add-port br0 p5 bogus=1
bad "unknown record" 'no port named "p9" \(known: br0, br1, p1, p2\)$' \
    set Port p9 tag=1
bad "unknown UUID" 'no Bridge record "01234567-89ab-cdef-0123-456789abcdef"$' \
    get Bridge 01234567-89ab-cdef-0123-456789abcdef name
bad "immutable column" 'column name of table Bridge cannot be changed$' \
    set Bridge br0 name=br5
bad "reference to a missing row" \
    'ports: no Port record with UUID 01234567-89ab-cdef-0123-456789abcdef$' \
    add Bridge br0 ports 01234567-89ab-cdef-0123-456789abcdef
bad "invalid bridge name" 'bridge name "a/b" is not a valid interface name' \
    add-br a/b
bad "too long port name" 'port name "abcdefghijklmnop" is not a valid' \
    add-port br0 abcdefghijklmnop
bad "unknown command" 'unknown command "frobnicate"' frobnicate
bad "wrong argument count" '"add-br" takes 1 argument, not 0' add-br
bad "bad --format" '--format: "xml" is not one of table, json$' \
    --format xml list-br
bad "local port" 'cannot delete port "br0": it is the local port' \
    del-port br0 br0
bad "missing map key" \
    'no key "zz" in Bridge record "br0" column other_config$' \
    get Bridge br0 other_config:zz
bad "bad value in a later command leaves the earlier ones undone" \
    'tag: "5000" is not in the range 1 to 4094' \
    add-br br5 -- add-port br5 p5 -- set Port p5 tag=5000

out=$(sluice-ctl --db unix:"$SL_DIR/nowhere.sock" list-br 2>&1)
check_eq "unreachable database: exit 1" 1 $?
check_eq "unreachable database: message" \
    "sluice-ctl: cannot connect to $SL_DIR/nowhere.sock: No such file or \
directory (is sluice-dbserver running?)" \
    "$out"
out=$(SLUICE_RUNDIR="$SL_DIR/empty" sluice-ctl list-br 2>&1)
check_match "SLUICE_RUNDIR picks the socket" \
    "cannot connect to $SL_DIR/empty/db.sock" "$out"

sl_finish
