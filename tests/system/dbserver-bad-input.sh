#!/bin/bash
# Bad input over a raw socket: each mistake gets the RFC 7047 error, the
# connection keeps answering, and the stored data is untouched.
TEST_NAME=dbbad
. "$top_srcdir/tests/system/lib.sh"

sl_setup
sl_start_dbserver || exit 1

# The client prints one line per probe: "NAME<TAB>ERROR-STRING-OR-ok".
python3 - "$SLUICE_RUNDIR/db.sock" >"$SL_DIR/probes.txt" 2>&1 <<'EOF'
import json, socket, sys

sock = socket.socket(socket.AF_UNIX)
sock.connect(sys.argv[1])
sock.settimeout(10)
dec = json.JSONDecoder()
buf = ""
next_id = 0

def recv():
    global buf
    while True:
        s = buf.lstrip()
        if s:
            try:
                msg, end = dec.raw_decode(s)
                buf = s[end:]
                return msg
            except ValueError:
                pass
        data = sock.recv(65536)
        if not data:
            raise SystemExit("connection closed")
        buf += data.decode()

def raw(text):
    sock.sendall(text.encode())
    return recv()

def call(method, params):
    global next_id
    next_id += 1
    reply = raw(json.dumps({"method": method, "params": params,
                            "id": next_id}))
    assert reply["id"] == next_id, reply
    return reply

def first_error(reply):
    if reply.get("error"):
        return reply["error"]["error"] if isinstance(reply["error"], dict) \
            else reply["error"]
    for r in reply["result"]:
        if isinstance(r, dict) and "error" in r:
            return r["error"]
    return "ok"

def report(name, reply):
    print("%s\t%s" % (name, first_error(reply)))
    echo = call("echo", ["still-there"])
    print("%s-echo\t%s" % (name, "ok" if echo["result"] == ["still-there"]
                          else json.dumps(echo)))

def transact(*ops):
    return call("transact", ["Open_vSwitch"] + list(ops))

# A stored row to compare against at the end.
setup = transact(
    {"op": "insert", "table": "Open_vSwitch",
     "row": {"bridges": ["named-uuid", "b"], "next_cfg": 7}},
    {"op": "insert", "table": "Bridge", "uuid-name": "b",
     "row": {"name": "br0", "ports": ["named-uuid", "p"]}},
    {"op": "insert", "table": "Port", "uuid-name": "p",
     "row": {"name": "p0", "interfaces": ["named-uuid", "i"]}},
    {"op": "insert", "table": "Interface", "uuid-name": "i",
     "row": {"name": "p0"}})
print("setup\t%s" % first_error(setup))

def snapshot():
    return [transact({"op": "select", "table": t, "where": []})["result"]
            for t in ("Open_vSwitch", "Bridge", "Port", "Interface")]

before = snapshot()

report("malformed-json", raw('{"method": "echo", "params": [1,,2]}'))
report("unknown-method", call("frobnicate", []))
report("unknown-database", call("transact", ["Nope", {"op": "comment"}]))
report("unknown-table", transact({"op": "insert", "table": "Nope",
                                  "row": {}}))
report("unknown-column", transact({"op": "update", "table": "Bridge",
                                   "where": [], "row": {"color": "red"}}))
report("wrong-type", transact({"op": "update", "table": "Open_vSwitch",
                               "where": [], "row": {"next_cfg": "eight"}}))
report("enum-violation", transact({"op": "update", "table": "Bridge",
                                   "where": [],
                                   "row": {"fail_mode": "sometimes"}}))
report("dangling-reference", transact(
    {"op": "mutate", "table": "Bridge", "where": [],
     "mutations": [["ports", "insert",
                    ["uuid", "00000000-0000-0000-0000-000000000001"]]]}))
report("constraint-violation", transact(
    {"op": "update", "table": "Port", "where": [],
     "row": {"tag": 5000}}))
report("max-rows", transact({"op": "insert", "table": "Open_vSwitch",
                             "row": {}}))
report("duplicate-index", transact(
    {"op": "mutate", "table": "Open_vSwitch", "where": [],
     "mutations": [["bridges", "insert", ["named-uuid", "b2"]]]},
    {"op": "insert", "table": "Bridge", "uuid-name": "b2",
     "row": {"name": "br0"}}))
report("immutable-column", transact({"op": "update", "table": "Bridge",
                                     "where": [], "row": {"name": "x"}}))
report("division-by-zero", transact(
    {"op": "mutate", "table": "Open_vSwitch", "where": [],
     "mutations": [["next_cfg", "/=", 0]]}))
report("bad-operation", transact({"op": "explode"}))
report("unknown-monitor", call("monitor_cancel", ["nope"]))
report("wait-timeout", transact({"op": "wait", "table": "Bridge",
                                 "where": [], "columns": ["name"],
                                 "until": "==", "rows": [],
                                 "timeout": 50}))

print("unchanged\t%s" % ("ok" if snapshot() == before else "CHANGED"))

# A wait with a timeout is answered once another client's commit
# satisfies it.  The echo on the same connection proves it was pending.
other = socket.socket(socket.AF_UNIX)
other.connect(sys.argv[1])
sock.sendall(json.dumps({"method": "transact", "id": "w", "params": [
    "Open_vSwitch", {"op": "wait", "table": "Open_vSwitch", "where": [],
                     "columns": ["next_cfg"], "until": "==",
                     "rows": [{"next_cfg": 99}], "timeout": 20000}]}).encode())
sock.sendall(json.dumps({"method": "echo", "id": "e", "params": []}).encode())
first = recv()
other.sendall(json.dumps({"method": "transact", "id": 1, "params": [
    "Open_vSwitch", {"op": "update", "table": "Open_vSwitch", "where": [],
                     "row": {"next_cfg": 99}}]}).encode())
second = recv()
print("wait-pending\t%s" % ("ok" if first["id"] == "e" else json.dumps(first)))
print("wait-satisfied\t%s" % ("ok" if second["id"] == "w"
                              and second["result"] == [{}]
                              else json.dumps(second)))

# A monitor client that never reads must not hold up anyone else.
slow = socket.socket(socket.AF_UNIX)
slow.connect(sys.argv[1])
slow.sendall(json.dumps({"method": "monitor", "id": 1, "params": [
    "Open_vSwitch", None, {"QoS": {}}]}).encode())
ok = True
for n in range(300):
    r = transact({"op": "insert", "table": "QoS",
                  "row": {"type": "x" * 2000,
                          "external_ids": ["map", [["n", str(n)]]]}})
    ok = ok and "error" not in r["result"][0]
print("slow-monitor\t%s" % ("ok" if ok else "FAILED"))

# Locks: A gets it, B queues; A's unlock hands it to B; A steals it back.
class Peer:
    def __init__(self):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(sys.argv[1])
        self.s.settimeout(10)
        self.buf = ""
    def send(self, method, params, id):
        self.s.sendall(json.dumps({"method": method, "params": params,
                                   "id": id}).encode())
    def recv(self):
        while True:
            t = self.buf.lstrip()
            if t:
                try:
                    msg, end = dec.raw_decode(t)
                    self.buf = t[end:]
                    return msg
                except ValueError:
                    pass
            self.buf += self.s.recv(65536).decode()
a, b = Peer(), Peer()
a.send("lock", ["L"], 1)
b.send("lock", ["L"], 2)
got = [a.recv()["result"], b.recv()["result"]]
a.send("unlock", ["L"], 3)
got += [a.recv()["result"], b.recv()]
a.send("steal", ["L"], 4)
got += [a.recv()["result"], b.recv()]
expect = [{"locked": True}, {"locked": False}, {},
          {"method": "locked", "params": ["L"], "id": None},
          {"locked": True},
          {"method": "stolen", "params": ["L"], "id": None}]
print("locks\t%s" % ("ok" if got == expect else json.dumps(got)))
EOF

probes=$(cat "$SL_DIR/probes.txt")
probe() {
    printf '%s\n' "$probes" | awk -F'\t' -v n="$1" '$1 == n { print $2 }'
}

check_eq "setup transaction" ok "$(probe setup)"
check_eq "malformed JSON" "syntax error" "$(probe malformed-json)"
check_eq "unknown method" "unknown method" "$(probe unknown-method)"
check_eq "unknown database" "unknown database" "$(probe unknown-database)"
check_eq "unknown table" "unknown table" "$(probe unknown-table)"
check_eq "unknown column" "unknown column" "$(probe unknown-column)"
check_eq "wrong type" "syntax error" "$(probe wrong-type)"
check_eq "value outside enum" "constraint violation" \
    "$(probe enum-violation)"
check_eq "dangling reference" "referential integrity violation" \
    "$(probe dangling-reference)"
check_eq "integer out of range" "constraint violation" \
    "$(probe constraint-violation)"
check_eq "maxRows" "constraint violation" "$(probe max-rows)"
check_eq "duplicate index" "constraint violation" \
    "$(probe duplicate-index)"
check_eq "immutable column" "constraint violation" \
    "$(probe immutable-column)"
check_eq "division by zero" "domain error" "$(probe division-by-zero)"
check_eq "unknown operation" "unknown operation" "$(probe bad-operation)"
check_eq "unknown monitor" "unknown monitor" "$(probe unknown-monitor)"
check_eq "wait times out" "timed out" "$(probe wait-timeout)"
for p in malformed-json unknown-method unknown-database unknown-table \
         unknown-column wrong-type enum-violation dangling-reference \
         constraint-violation max-rows duplicate-index immutable-column \
         division-by-zero bad-operation unknown-monitor wait-timeout; do
    check_eq "connection answers echo after $p" ok "$(probe "$p-echo")"
done
check_eq "stored rows unchanged" ok "$(probe unchanged)"
check_eq "wait with timeout stays pending" ok "$(probe wait-pending)"
check_eq "wait answered after another client's commit" ok \
    "$(probe wait-satisfied)"
check_eq "a monitor that never reads does not stall others" ok \
    "$(probe slow-monitor)"
check_eq "lock, unlock and steal" ok "$(probe locks)"
check "server still running" kill -0 "$SL_DBSERVER_PID"
if [ "$SL_FAILED" -gt 0 ]; then
    sed 's/^/    | /' "$SL_DIR/probes.txt"
fi

sl_finish
