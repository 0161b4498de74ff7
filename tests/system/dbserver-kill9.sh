#!/bin/bash
# Durability: a client commits transactions one after another while the
# server is killed with SIGKILL at random moments and restarted.  Every
# transaction whose success reply arrived must be in the database
# afterwards, and the SQLite file must be intact.
TEST_NAME=dbkill9
. "$top_srcdir/tests/system/lib.sh"

sl_setup
sl_start_dbserver || exit 1
SOCK="$SLUICE_RUNDIR/db.sock"
ACKED="$SL_DIR/acked"
STOP="$SL_DIR/stop"

# The writer: transaction i inserts QoS row "q<i>" and sets next_cfg to i.
# It records i in $ACKED only after the success reply; on a dropped
# connection it reconnects and goes on with i+1 (i itself is then in doubt
# and may or may not have been committed).
cat >"$SL_DIR/writer.py" <<'EOF'
import json, os, socket, sys, time

sock_path, acked_path, stop_path = sys.argv[1:4]
acked = open(acked_path, "a")
dec = json.JSONDecoder()

def connect():
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock_path)
            s.settimeout(10)
            return s
        except OSError:
            s.close()
            time.sleep(0.02)
    raise SystemExit("server did not come back")

def call(s, msg):
    s.sendall(json.dumps(msg).encode())
    buf = ""
    while True:
        data = s.recv(65536)
        if not data:
            raise ConnectionError("closed")
        buf += data.decode()
        try:
            return dec.raw_decode(buf.lstrip())[0]
        except ValueError:
            pass

s = connect()
reply = call(s, {"method": "transact", "id": 0, "params": [
    "Open_vSwitch", {"op": "insert", "table": "Open_vSwitch",
                     "row": {"next_cfg": 0}}]})
assert "error" not in reply["result"][0], reply
i = 0
while not os.path.exists(stop_path):
    i += 1
    msg = {"method": "transact", "id": i, "params": [
        "Open_vSwitch",
        {"op": "insert", "table": "QoS", "row": {"type": "q%d" % i}},
        {"op": "update", "table": "Open_vSwitch", "where": [],
         "row": {"next_cfg": i}}]}
    try:
        reply = call(s, msg)
    except (OSError, ConnectionError):
        s.close()
        s = connect()
        continue
    if reply.get("error") or any("error" in r for r in reply["result"]):
        raise SystemExit("transaction %d failed: %s" % (i, reply))
    acked.write("%d\n" % i)
    acked.flush()
print("wrote %d transactions" % i)
EOF

: >"$ACKED"
sl_spawn writer python3 "$SL_DIR/writer.py" "$SOCK" "$ACKED" "$STOP"
WRITER=$SL_LAST_PID

kills=0
for round in 1 2 3 4 5 6; do
    # Let the writer make progress, then kill at a random moment.
    n0=$(wc -l <"$ACKED" 2>/dev/null || echo 0)
    sl_wait_for "[ \$(wc -l <'$ACKED') -ge $((n0 + 20)) ]" 20 || break
    sleep "0.$((RANDOM % 300))"
    kill -9 "$SL_DBSERVER_PID"
    wait "$SL_DBSERVER_PID" 2>/dev/null
    kills=$((kills + 1))
    rm -f "$SOCK"
    sl_start_dbserver || break
done
check_eq "server killed 6 times" 6 "$kills"

# A last stretch of writes after the final restart, then stop.
n0=$(wc -l <"$ACKED")
check "writer continues after the last restart" \
    sl_wait_for "[ \$(wc -l <'$ACKED') -ge $((n0 + 10)) ]" 20
touch "$STOP"
check "writer finishes" sl_wait_for "! kill -0 $WRITER" 20
check_match "writer made progress" "wrote [0-9]+ transactions" \
    "$(cat "$SL_DIR/writer.log")"

# Every acknowledged transaction is there.
python3 - "$SOCK" "$ACKED" >"$SL_DIR/verify.txt" 2>&1 <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(json.dumps({"method": "transact", "id": 1, "params": [
    "Open_vSwitch",
    {"op": "select", "table": "QoS", "where": [], "columns": ["type"]},
    {"op": "select", "table": "Open_vSwitch", "where": [],
     "columns": ["next_cfg"]}]}).encode())
buf = b""
dec = json.JSONDecoder()
while True:
    buf += s.recv(1 << 20)
    try:
        reply = dec.raw_decode(buf.decode())[0]
        break
    except ValueError:
        pass
present = {r["type"] for r in reply["result"][0]["rows"]}
next_cfg = reply["result"][1]["rows"][0]["next_cfg"]
acked = [int(l) for l in open(sys.argv[2]) if l.strip()]
missing = [i for i in acked if "q%d" % i not in present]
print("acked %d present %d missing %s" % (len(acked), len(present),
                                           missing[:10]))
print("next_cfg-ok" if next_cfg >= max(acked) else
      "next_cfg %d < %d" % (next_cfg, max(acked)))
EOF
verify=$(cat "$SL_DIR/verify.txt")
echo "# $(head -1 "$SL_DIR/verify.txt")"
check_match "no acknowledged transaction lost" "missing \[\]$" "$verify"
check_match "latest acknowledged update survived" "^next_cfg-ok$" "$verify"

kill -TERM "$SL_DBSERVER_PID"
check "dbserver stops" sl_wait_for "! kill -0 $SL_DBSERVER_PID" 10
check_eq "SQLite integrity_check" ok \
    "$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check")
      .fetchone()[0])' "$SLUICE_DB")"
rm -f "$SOCK"
restarted=no
sl_start_dbserver && restarted=yes
check_eq "dbserver starts again on the file" yes "$restarted"
check_match "data still there after a clean restart" '"next_cfg":[1-9]' \
    "$(python3 - "$SOCK" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'{"method":"transact","id":1,"params":["Open_vSwitch",'
          b'{"op":"select","table":"Open_vSwitch","where":[],'
          b'"columns":["next_cfg"]}]}')
print(s.recv(65536).decode())
EOF
)"
if [ "$SL_FAILED" -gt 0 ]; then
    sed 's/^/    | /' "$SL_DIR/verify.txt" "$SL_DIR/writer.log" \
        "$SL_DIR/dbserver.log" | tail -30
fi

sl_finish
