#!/bin/bash
# OpenFlow 1.3 controller roles with two controllers connected at once to
# one bridge (two tests/controller/minictl.py instances, reached through
# "tcp:" targets):
#   - A asks for master: A is master, Controller.role says so, B (equal
#     until it asks) gets slave when it asks for it;
#   - the master's FLOW_MOD and PACKET_OUT apply, the slave's fail with
#     OFPBRC_IS_SLAVE (error type 1, code 10) and change nothing;
#   - packet-ins from a table-miss->controller flow go to the master only;
#   - B asks for master with a newer generation_id: B is master, A is
#     demoted (its NOCHANGE request reads "slave"), the db follows, and
#     packet-ins now go to B only;
#   - A's request with the older generation_id fails with OFPRRFC_STALE
#     (type 11, code 0); an equal request ignores generation_ids;
#   - the generation_id compares as a wrapping difference (2^64-1 is
#     older than 6, 2^63 newer than 2^63-1, 1 older than 2^63).
TEST_NAME=ctlrole
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
sl_setup

BR=slctlrolebr
PORT_A=26691
PORT_B=26692
MINICTL="$top_srcdir/tests/controller/minictl.py"

start_ctl() {
    sl_spawn "ctl$1" python3 "$MINICTL" --port "$2" \
        --log "$SL_DIR/$1.of" --fifo "$SL_DIR/$1.fifo"
    sl_wait_for "grep -q LISTENING '$SL_DIR/$1.of'" 10
}
# ofc NAME COMMAND...: sends a command to controller NAME.
ofc() {
    local name=$1
    shift
    echo "$*" >"$SL_DIR/$name.fifo"
}
# seen NAME REGEX: controller NAME logged a line matching REGEX.
seen() { grep -Eq -- "$2" "$SL_DIR/$1.of"; }
# reply NAME XID: the line that answers request XID of controller NAME.
reply() {
    sl_wait_for "grep -Eq ' xid=$2( |\$)' '$SL_DIR/$1.of'" 10
    grep -E " xid=$2( |\$)" "$SL_DIR/$1.of"
}
n_pi() { grep -c PACKET_IN "$SL_DIR/$1.of"; }
role_of() {
    sluice-ctl get Controller "$1" role
}
flows() { sluice-ofctl dump-flows --no-stats "$BR"; }
# Broadcasts an ARP request from h1 (a table miss: one packet-in).
arp1() {
    ip netns exec "$SL_PREFIX-h1" arping -c 1 -w 1 -I eth0 10.251.23.2 \
        >/dev/null 2>&1 || true
}

start_ctl A $PORT_A
check "controller A listens" seen A LISTENING
start_ctl B $PORT_B
check "controller B listens" seen B LISTENING

sl_start_dbserver
sw_start_switchd
check "add-br (secure)" sluice-ctl add-br "$BR" \
    -- set Bridge "$BR" fail_mode=secure
sl_link "$BR"
sw_host h1 10.251.23.1/24
sw_host h2 10.251.23.2/24
check "add ports" sluice-ctl add-port "$BR" slctlroleh1 ofport_request=1 \
    -- add-port "$BR" slctlroleh2 ofport_request=2
check "set-controller with two targets" sluice-ctl set-controller "$BR" \
    "tcp:127.0.0.1:$PORT_A" "tcp:127.0.0.1:$PORT_B"
CTLS=$(sluice-ctl get Bridge "$BR" controller | tr -d '[]' | tr , ' ')
for c in $CTLS; do
    case $(sluice-ctl get Controller "$c" target) in
        *$PORT_A*) CTL_A=$c ;;
        *$PORT_B*) CTL_B=$c ;;
    esac
done
check "both rows found" test -n "${CTL_A:-}" -a -n "${CTL_B:-}"
check "A gets FEATURES_REPLY" sl_wait_for "seen A FEATURES_REPLY" 20
check "B gets FEATURES_REPLY" sl_wait_for "seen B FEATURES_REPLY" 20
check "both connected in the db" sl_wait_for \
    "[ \"\$(sluice-ctl get Controller $CTL_A is_connected)\$(sluice-ctl \
get Controller $CTL_B is_connected)\" = truetrue ]" 10
check_eq "role other before any request" "other" "$(role_of "$CTL_A")"

# --- A master (generation 5), B slave. ---
ofc A role 101 master 5
check_eq "A: ROLE_REPLY master" "ROLE_REPLY xid=101 role=master generation=5" \
    "$(reply A 101)"
ofc B role 201 nochange 0
check_eq "B is still equal" "ROLE_REPLY xid=201 role=equal generation=5" \
    "$(reply B 201)"
ofc B role 202 slave 5
check_eq "B: ROLE_REPLY slave" "ROLE_REPLY xid=202 role=slave generation=5" \
    "$(reply B 202)"
check "db: A master, B slave" sl_wait_for \
    "[ \"\$(role_of $CTL_A) \$(role_of $CTL_B)\" = 'master slave' ]" 10
show_a="$PORT_A\" is_connected: true role: master"
show_b="$PORT_B\" is_connected: true role: slave"
show=$(sluice-ctl show | tr -s '\n ' '  ')
check_match "show prints A's role" "$show_a" "$show"
check_match "show prints B's role" "$show_b" "$show"

# --- FLOW_MODs. ---
ofc B flow 203 100 normal
ofc B barrier 204
check_eq "slave's FLOW_MOD: OFPBRC_IS_SLAVE" "ERROR xid=203 type=1 code=10" \
    "$(reply B 203)"
check "B's barrier answered" sl_wait_for "seen B 'BARRIER_REPLY xid=204'" 10
check_fails "slave's flow not added" grep -q priority=100 <<<"$(flows)"
ofc B packetout 208 2
check_eq "slave's PACKET_OUT: OFPBRC_IS_SLAVE" "ERROR xid=208 type=1 code=10" \
    "$(reply B 208)"
ofc A packetout 113 2
ofc A barrier 114
check_eq "master's PACKET_OUT: no error" "BARRIER_REPLY xid=114" \
    "$(reply A 114)"
check_fails "no error for the master's PACKET_OUT" seen A 'xid=113 '
ofc A flow 102 0 controller
ofc A barrier 103
check_eq "master's barrier answered, no error" "BARRIER_REPLY xid=103" \
    "$(reply A 103)"
check_fails "no error for the master's FLOW_MOD" seen A 'xid=102 '
check_match "master's table-miss flow added" \
    'priority=0 actions=CONTROLLER:65535' "$(flows)"

# --- Packet-ins go to the master only. ---
a0=$(n_pi A)
b0=$(n_pi B)
arp1
check "master gets the packet-in" sl_wait_for "[ \$(n_pi A) -gt $a0 ]" 10
arp1
check "master gets the second one" \
    sl_wait_for "[ \$(n_pi A) -gt $((a0 + 1)) ]" 10
# A barrier reply comes after anything queued earlier on the connection.
ofc B barrier 210
check "B's barrier answered" sl_wait_for "seen B 'BARRIER_REPLY xid=210'" 10
check_eq "slave gets no packet-in" "$b0" "$(n_pi B)"

# --- B takes over with a newer generation. ---
ofc B role 205 master 6
check_eq "B: ROLE_REPLY master" "ROLE_REPLY xid=205 role=master generation=6" \
    "$(reply B 205)"
ofc A role 104 nochange 0
check_eq "A demoted to slave" "ROLE_REPLY xid=104 role=slave generation=6" \
    "$(reply A 104)"
check "db: A slave, B master" sl_wait_for \
    "[ \"\$(role_of $CTL_A) \$(role_of $CTL_B)\" = 'slave master' ]" 10
ofc A role 105 master 5
check_eq "A's stale generation: OFPRRFC_STALE" "ERROR xid=105 type=11 code=0" \
    "$(reply A 105)"
ofc A role 106 nochange 0
check_eq "A stays slave after the stale request" \
    "ROLE_REPLY xid=106 role=slave generation=6" "$(reply A 106)"
ofc A flow 107 100 normal
check_eq "demoted A's FLOW_MOD: OFPBRC_IS_SLAVE" \
    "ERROR xid=107 type=1 code=10" "$(reply A 107)"
a1=$(n_pi A)
b1=$(n_pi B)
arp1
check "new master gets the packet-in" sl_wait_for "[ \$(n_pi B) -gt $b1 ]" 10
ofc A barrier 120
check "A's barrier answered" sl_wait_for "seen A 'BARRIER_REPLY xid=120'" 10
check_eq "demoted master gets none" "$a1" "$(n_pi A)"

# --- Equal ignores generations; wrapping comparison. ---
ofc A role 108 equal 0
check_eq "A equal with an old generation_id" \
    "ROLE_REPLY xid=108 role=equal generation=6" "$(reply A 108)"
check "db: A other" sl_wait_for "[ \"\$(role_of $CTL_A)\" = other ]" 10
ofc A role 109 slave 18446744073709551615
check_eq "2^64-1 is older than 6" "ERROR xid=109 type=11 code=0" \
    "$(reply A 109)"
ofc B role 206 master 9223372036854775807
check_eq "B: generation 2^63-1 is newer than 6" \
    "ROLE_REPLY xid=206 role=master generation=9223372036854775807" \
    "$(reply B 206)"
ofc A role 110 slave 9223372036854775808
check_eq "A: 2^63 is newer than 2^63-1" \
    "ROLE_REPLY xid=110 role=slave generation=9223372036854775808" \
    "$(reply A 110)"
ofc A role 111 master 1
check_eq "A: 1 is older than 2^63 (stale)" "ERROR xid=111 type=11 code=0" \
    "$(reply A 111)"
ofc A role 112 master 9223372036854775809
check_eq "A master again (generation 2^63+1)" \
    "ROLE_REPLY xid=112 role=master generation=9223372036854775809" \
    "$(reply A 112)"
ofc B role 207 nochange 0
check_eq "B demoted" \
    "ROLE_REPLY xid=207 role=slave generation=9223372036854775809" \
    "$(reply B 207)"
check "db: A master, B slave again" sl_wait_for \
    "[ \"\$(role_of $CTL_A) \$(role_of $CTL_B)\" = 'master slave' ]" 10
check_fails "no unexpected messages" grep -Eq 'BAD_COMMAND|MSG type' \
    "$SL_DIR/A.of" "$SL_DIR/B.of"
sl_finish
