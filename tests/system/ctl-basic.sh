#!/bin/bash
# sluice-ctl against sluice-dbserver: bridge and port commands, generic
# database commands, JSON output, multi-command transactions, and the
# wait for sluice-switchd (with fake switchds written in Python).
TEST_NAME=ctlbasic
. "$(dirname "$0")/lib.sh"
sl_setup
sl_start_dbserver || exit 1
. "$(dirname "$0")/ctl-lib.sh"

DB="unix:$SLUICE_RUNDIR/db.sock"
NOTE="sluice-ctl: sluice-switchd is not running; the change is stored and \
applies when it starts"

# --- Without any switchd: the note, exit 0; --no-wait is silent. ---
out=$(sluice-ctl init 2>&1)
check_eq "init without switchd exits 0" 0 $?
check_eq "init without switchd prints the note" "$NOTE" "$out"
out=$(sluice-ctl add-br br0 2>&1)
check_eq "add-br without switchd exits 0" 0 $?
check_eq "add-br without switchd prints the note" "$NOTE" "$out"
out=$(sluice-ctl --no-wait add-br br1 2>&1)
check_eq "--no-wait add-br exits 0" 0 $?
check_eq "--no-wait prints nothing" "" "$out"
out=$(sluice-ctl list-br 2>&1)
check_eq "read-only commands print no note" "$(printf 'br0\nbr1')" "$out"

# --- Bridges. ---
check_eq "list-br" "$(printf 'br0\nbr1')" "$(ctl list-br)"
check "br-exists br0" ctl br-exists br0
ctl br-exists br9
check_eq "br-exists of a missing bridge exits 2" 2 $?
check_eq "the local port has the bridge's name" "internal" \
    "$(ctl get Interface br0 type)"
check_eq "the local port is in the bridge" "$(ctl get Port br0 _uuid)" \
    "$(ctl get Bridge br0 ports | tr -d '[]')"
check_fails "add-br of an existing bridge fails" ctl add-br br0
check "--may-exist add-br of an existing bridge" ctl --may-exist add-br br0
check_eq "--may-exist added nothing" "$(printf 'br0\nbr1')" "$(ctl list-br)"

# --- Ports with every option. ---
check "add-port internal with a tag" ctl add-port br0 p1 type=internal tag=10
check "add-port with trunks N,M and vlan_mode" \
    ctl add-port br0 p2 trunks=10,20 vlan_mode=trunk
check "add-port with [N,M], options, ofport_request, type tap" \
    ctl add-port br0 p3 'trunks=[30,40]' vlan_mode=native-untagged tag=30 \
    ofport_request=7 options:key=val type=tap
check "add-port system on br1" ctl add-port br1 p4 type=system \
    vlan_mode=access tag=4094
check_eq "list-ports br0" "$(printf 'p1\np2\np3')" "$(ctl list-ports br0)"
check_eq "list-ports br1" "p4" "$(ctl list-ports br1)"
check_eq "tag" "10" "$(ctl get Port p1 tag)"
check_eq "type internal" "internal" "$(ctl get Interface p1 type)"
check_eq "trunks from N,M" "[10, 20]" "$(ctl get Port p2 trunks)"
check_eq "vlan_mode" "trunk" "$(ctl get Port p2 vlan_mode)"
check_eq "trunks from [N,M]" "[30, 40]" "$(ctl get Port p3 trunks)"
check_eq "interface columns" "$(printf 'tap\n{key=val}\n7')" \
    "$(ctl get Interface p3 type options ofport_request)"
check_eq "get map key" "val" "$(ctl get Interface p3 options:key)"
check_eq "native-untagged with tag 30" "$(printf 'native-untagged\n30')" \
    "$(ctl get Port p3 vlan_mode tag)"
check_eq "port-to-br" "br0" "$(ctl port-to-br p2)"
check_eq "port-to-br on br1" "br1" "$(ctl port-to-br p4)"
check_fails "add-port of an existing port fails" ctl add-port br0 p1
check_fails "port names are unique across bridges" ctl add-port br1 p1
check "--may-exist add-port on the same bridge" \
    ctl --may-exist add-port br0 p1
check_fails "--may-exist add-port on another bridge fails" \
    ctl --may-exist add-port br1 p1
check_eq "ports unchanged" "$(printf 'p1\np2\np3')" "$(ctl list-ports br0)"

# --- show. ---
show=$(ctl show)
check_match "show: bridge" '^    Bridge "br0"$' "$show"
check_match "show: port" '^        Port "p1"$' "$show"
check_match "show: tag" '^            tag: 10$' "$show"
check_match "show: trunks" '^            trunks: \[10, 20\]$' "$show"
check_match "show: vlan_mode" '^            vlan_mode: trunk$' "$show"
check_match "show: interface" '^            Interface "p3"$' "$show"
check_match "show: type" '^                type: tap$' "$show"
check_match "show: options" '^                options: \{key=val\}$' "$show"
check_match "show: second bridge" '^    Bridge "br1"$' "$show"
check "set fail_mode" ctl set Bridge br1 fail_mode=secure
ctl_uuid=$(ovsdb-client transact "$DB" '["Open_vSwitch",
    {"op": "insert", "table": "Controller",
     "row": {"target": "tcp:127.0.0.1:6653"}, "uuid-name": "c"},
    {"op": "mutate", "table": "Bridge", "where": [["name", "==", "br1"]],
     "mutations": [["controller", "insert", ["named-uuid", "c"]]]}]' \
    2>&1)
check_match "controller inserted with ovsdb-client" '"uuid"' "$ctl_uuid"
show=$(ctl show)
check_match "show: fail_mode" '^        fail_mode: secure$' "$show"
check_match "show: controller" '^        Controller "tcp:127.0.0.1:6653"$' \
    "$show"
check_eq "Controller record named by its bridge" 'tcp:127.0.0.1:6653' \
    "$(ctl get Controller br1 target)"

# --- Generic commands. ---
check "set map keys" ctl set Bridge br0 other_config:a=1 other_config:b=two
check_eq "get map key" "two" "$(ctl get Bridge br0 other_config:b)"
check "add map pair" ctl add Bridge br0 other_config c=3
check "remove map key" ctl remove Bridge br0 other_config a
check "remove map pair that does not match keeps it" \
    ctl remove Bridge br0 other_config c=4
check_eq "map after add/remove" '{b=two, c="3"}' \
    "$(ctl get Bridge br0 other_config)"
check "clear map" ctl clear Bridge br0 other_config
check_eq "map cleared" "{}" "$(ctl get Bridge br0 other_config)"
check "set whole map" ctl set Bridge br0 'other_config={x=1, y=2}'
check_eq "whole map" '{x="1", y="2"}' "$(ctl get Bridge br0 other_config)"
check "set trunks" ctl set Port p1 trunks=1,2,3
check "add trunk" ctl add Port p1 trunks 4
check "remove trunk" ctl remove Port p1 trunks 2
check_eq "trunks after add/remove" "[1, 3, 4]" "$(ctl get Port p1 trunks)"
check "clear trunks" ctl clear Port p1 trunks
check_eq "trunks cleared" "[]" "$(ctl get Port p1 trunks)"
check "set interface option" ctl set Interface p1 options:remote=10.0.0.1
check_eq "interface option" "{remote=10.0.0.1}" \
    "$(ctl get Interface p1 options)"
check "remove interface option" ctl remove Interface p1 options remote
check_eq "interface options empty" "{}" "$(ctl get Interface p1 options)"
check "table names are case-insensitive prefixes" \
    ctl set interf p1 options:k=v
check_eq "prefix set worked" "v" "$(ctl get Interface p1 options:k)"
check_match "list Bridge br0" '^name +: br0$' "$(ctl list Bridge br0)"
check_match "list Open_vSwitch ." '^bridges +: \[' \
    "$(ctl list Open_vSwitch .)"
check_eq "list of two records has one blank separator" 1 \
    "$(ctl list Bridge br0 br1 | grep -c '^$')"
check_fails "get of a missing key fails" ctl get Bridge br0 other_config:no
check_eq "--if-exists get of a missing key prints nothing" "" \
    "$(ctl --if-exists get Bridge br0 other_config:no)"
check "--if-exists set on a missing record" \
    ctl --if-exists set Bridge nobr other_config:a=b
check_eq "get by UUID" "br1" \
    "$(ctl get Bridge "$(ctl get Bridge br1 _uuid)" name)"

# --- JSON output. ---
json_check "list-br json" 'd == {"bridges": ["br0", "br1"]}' list-br
check_eq "options may follow the command's arguments" \
    '{"bridge": "br0", "ports": ["p1", "p2", "p3"]}' \
    "$(ctl list-ports br0 --format=json | python3 -c \
       'import json, sys; print(json.dumps(json.load(sys.stdin)))')"
check_eq "a value that looks like an option stays a value" '"-1"' \
    "$(ctl set Bridge br1 other_config:neg=-1 -- \
       get Bridge br1 other_config:neg --no-wait)"
json_check "list-ports json" \
    'd == {"bridge": "br0", "ports": ["p1", "p2", "p3"]}' list-ports br0
json_check "port-to-br json" 'd == {"port": "p4", "bridge": "br1"}' \
    port-to-br p4
json_check "get json" \
    'd == {"tag": 30, "trunks": [30, 40], "vlan_mode": "native-untagged"}' \
    get Port p3 tag trunks vlan_mode
json_check "get json map key" \
    'd == {"options:key": "val", "options": {"key": "val"}}' \
    get Interface p3 options:key options
json_check "list json" \
    'd["table"] == "Port" and len(d["records"]) == 1
     and d["records"][0]["name"] == "p2"
     and d["records"][0]["trunks"] == [10, 20]
     and d["records"][0]["tag"] is None
     and len(d["records"][0]["_uuid"]) == 36' list Port p2
json_check "show json" \
    '[b["name"] for b in d["bridges"]] == ["br0", "br1"]
     and d["bridges"][1]["fail_mode"] == "secure"
     and d["bridges"][1]["controllers"][0]["target"] == "tcp:127.0.0.1:6653"
     and [p["name"] for p in d["bridges"][0]["ports"]]
         == ["br0", "p1", "p2", "p3"]
     and d["bridges"][0]["ports"][3]["tag"] == 30
     and d["bridges"][0]["ports"][3]["interfaces"][0]["type"] == "tap"
     and d["bridges"][0]["ports"][3]["interfaces"][0]["options"]
         == {"key": "val"}' show

# --- Multi-command transactions. ---
check "add-br, add-port and set in one transaction" \
    ctl add-br br2 -- add-port br2 q1 tag=5 -- set Bridge br2 \
    other_config:k=v -- --may-exist add-br br0
check_eq "multi-command: bridge" "$(printf 'br0\nbr1\nbr2')" \
    "$(ctl list-br)"
check_eq "multi-command: port" "q1" "$(ctl list-ports br2)"
check_eq "multi-command: setting" "v" "$(ctl get Bridge br2 other_config:k)"
cfg_before=$(ctl get Open_vSwitch . next_cfg)
check_fails "a bad command fails the whole transaction" \
    ctl add-br br3 -- add-port br3 q2 tag=5000
check_fails "... so br3 does not exist" ctl br-exists br3
check_eq "... and next_cfg did not move" "$cfg_before" \
    "$(ctl get Open_vSwitch . next_cfg)"
check_eq "outputs of several commands in order" \
    "$(printf 'q1\nbr2')" "$(ctl list-ports br2 -- port-to-br q1)"
cfg_before=$(ctl get Open_vSwitch . next_cfg)
check "one transaction bumps next_cfg once" \
    ctl set Port q1 tag=6 -- set Port q1 tag=7
check_eq "next_cfg + 1" "$((cfg_before + 1))" \
    "$(ctl get Open_vSwitch . next_cfg)"
check_eq "last set wins" "7" "$(ctl get Port q1 tag)"

# --- Deleting. ---
check "del-port BR PORT" ctl del-port br0 p2
check "del-port PORT" ctl del-port p3
check_eq "ports after del-port" "p1" "$(ctl list-ports br0)"
check_fails "deleted port is gone" ctl get Port p2 name
check_fails "deleted port's interface is gone" ctl get Interface p2 name
check_fails "del-port of a missing port fails" ctl del-port p2
check "--if-exists del-port of a missing port" ctl --if-exists del-port p2
check_fails "del-port of the local port fails" ctl del-port br0 br0
check "del-br" ctl del-br br2
check_eq "bridges after del-br" "$(printf 'br0\nbr1')" "$(ctl list-br)"
check_fails "del-br removed its ports" ctl get Port q1 name
check_fails "del-br removed its interfaces" ctl get Interface br2 name
check_fails "del-br of a missing bridge fails" ctl del-br br2
check "--if-exists del-br of a missing bridge" ctl --if-exists del-br br2
check_eq "Open_vSwitch.bridges holds two bridges" 2 \
    "$(ctl get Open_vSwitch . bridges | tr ',' '\n' | grep -c .)"

# --- Concurrent invocations: each one retries when another changed a
# column it rewrites, so no change is lost. ---
pids=()
for i in 1 2 3 4 5 6 7 8; do
    ctl add-port br1 c$i &
    pids+=($!)
done
fails=0
for pid in "${pids[@]}"; do
    wait "$pid" || fails=$((fails + 1))
done
check_eq "concurrent add-ports all succeed" 0 "$fails"
check_eq "concurrent add-ports all stored" \
    "$(printf 'c%s\n' 1 2 3 4 5 6 7 8; echo p4)" "$(ctl list-ports br1)"
check "a leading -- is accepted" ctl -- del-port c1 -- del-port c2

# --- A fake switchd: listens on switchd.ctl; in "apply" mode copies
# next_cfg to cur_cfg and sets Interface.error on the ports named on its
# command line; in "never" mode never updates cur_cfg. ---
cat >"$SL_DIR/fake-switchd.py" <<'EOF'
import json, os, socket, sys, threading, time

rundir, mode, bad = sys.argv[1], sys.argv[2], sys.argv[3:]
conns = []
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(os.path.join(rundir, "switchd.ctl"))
listener.listen(8)

def accept_loop():
    while True:
        conn, _ = listener.accept()
        conns.append(conn)

threading.Thread(target=accept_loop, daemon=True).start()
db = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
db.connect(os.path.join(rundir, "db.sock"))
decoder = json.JSONDecoder()
buf = ""
next_id = 0

def rpc(method, params):
    global buf, next_id
    next_id += 1
    db.sendall(json.dumps({"method": method, "params": params,
                           "id": next_id}).encode())
    while True:
        text = buf.lstrip()
        try:
            msg, end = decoder.raw_decode(text)
        except ValueError:
            data = db.recv(65536)
            if not data:
                sys.exit(0)
            buf = text + data.decode()
            continue
        buf = text[end:]
        if msg.get("id") == next_id and "result" in msg:
            return msg["result"]

while True:
    if mode == "apply":
        r = rpc("transact", ["Open_vSwitch",
            {"op": "select", "table": "Open_vSwitch", "where": [],
             "columns": ["next_cfg", "cur_cfg"]},
            {"op": "select", "table": "Interface", "where": [],
             "columns": ["_uuid", "name", "error"]}])
        ops = []
        for row in r[1]["rows"]:
            if row["name"] in bad and row["error"] == ["set", []]:
                ops.append({"op": "update", "table": "Interface",
                            "where": [["_uuid", "==", row["_uuid"]]],
                            "row": {"error": "could not open device %s"
                                             % row["name"]}})
        for root in r[0]["rows"]:
            if root["cur_cfg"] != root["next_cfg"]:
                ops.append({"op": "update", "table": "Open_vSwitch",
                            "where": [], "row": {"cur_cfg": root["next_cfg"]}})
        if ops:
            rpc("transact", ["Open_vSwitch"] + ops)
    time.sleep(0.02)
EOF

# start_fake MODE [BAD-PORT...]: starts the fake and waits for its socket.
start_fake() {
    rm -f "$SLUICE_RUNDIR/switchd.ctl"
    sl_spawn fake-switchd python3 "$SL_DIR/fake-switchd.py" \
        "$SLUICE_RUNDIR" "$@"
    FAKE_PID=$SL_LAST_PID
    sl_wait_for "[ -S '$SLUICE_RUNDIR/switchd.ctl' ]" 10
}

stop_fake() {
    kill "$FAKE_PID" 2>/dev/null
    wait "$FAKE_PID" 2>/dev/null
    rm -f "$SLUICE_RUNDIR/switchd.ctl"
}

start_fake never
out=$(sluice-ctl --timeout 1 add-br br5 2>&1)
check_eq "switchd that never applies: exit 3" 3 $?
check_match "switchd that never applies: message" \
    '^sluice-ctl: sluice-switchd did not apply the change within 1 seconds' \
    "$out"
check "... and the change is stored" ctl br-exists br5
out=$(sluice-ctl --no-wait --timeout 1 add-br br6 2>&1)
check_eq "--no-wait does not wait for a running switchd" "0:" "$?:$out"
stop_fake

start_fake apply pbad
out=$(sluice-ctl --timeout 10 add-port br0 pgood tag=100 2>&1)
check_eq "switchd that applies: exit 0, silent" "0:" "$?:$out"
check_eq "cur_cfg caught up with next_cfg" \
    "$(ctl get Open_vSwitch . next_cfg)" "$(ctl get Open_vSwitch . cur_cfg)"
out=$(sluice-ctl --timeout 10 add-port br0 pbad tag=101 2>&1)
check_eq "port with an error: exit 1" 1 $?
check_eq "port with an error: message" \
    'sluice-ctl: port "pbad": could not open device pbad' "$out"
check_fails "port with an error was removed" ctl get Port pbad name
check_fails "its interface was removed" ctl get Interface pbad name
check_eq "other ports untouched" "$(printf 'p1\npgood')" \
    "$(ctl list-ports br0)"
out=$(sluice-ctl --timeout 10 add-br br7 -- add-port br7 pbad 2>&1)
check_eq "bridge with a failing port: exit 1" 1 $?
check_fails "the whole change was undone" ctl br-exists br7
check_eq "bridges after the undo" "$(printf 'br0\nbr1\nbr5\nbr6')" \
    "$(ctl list-br)"
stop_fake

sl_finish
