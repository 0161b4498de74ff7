# Helpers shared by the switchd system tests (tests/system/switchd-*.sh).
# Source after tests/system/lib.sh; everything made here is registered
# with lib.sh's cleanup.

# Starts sluice-switchd in the private rundir (extra arguments are passed
# on) and waits for its control socket.  Stores its pid in SW_PID.
sw_start_switchd() {
    rm -f "$SLUICE_RUNDIR/switchd.ctl"
    sl_spawn switchd sluice-switchd --rundir "$SLUICE_RUNDIR" "$@"
    SW_PID=$SL_LAST_PID
    sl_wait_for "[ -S '$SLUICE_RUNDIR/switchd.ctl' ]" 10 \
        || { echo "switchd did not start:"; tail -20 "$SL_DIR/switchd.log";
             return 1; }
}

# sw_host NAME [ADDR/LEN]: makes namespace "$SL_PREFIX-NAME" holding eth0,
# one end of a veth pair whose other end, "$SL_PREFIX$NAME", stays in the
# root namespace (up, ready to be a switch port).  IPv6 is off in the
# namespace so that no unsolicited traffic disturbs MAC learning.
sw_host() {
    local name=$1 addr=${2:-}
    local ns="$SL_PREFIX-$name" port="$SL_PREFIX$name"
    sl_netns "$name" >/dev/null
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
    ip link add "$port" type veth peer name eth0 netns "$ns"
    sl_link "$port"
    sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1"
    ip link set "$port" up
    ip -n "$ns" link set eth0 up
    if [ -n "$addr" ]; then
        ip -n "$ns" addr add "$addr" dev eth0
    fi
}

# sw_mac NAME: the MAC address of eth0 in host NAME's namespace.
sw_mac() {
    ip -n "$SL_PREFIX-$1" link show eth0 | awk '/link\/ether/ {print $2}'
}

# sw_ping NAME ADDR: one ping from host NAME to ADDR (2 s deadline).
sw_ping() {
    ip netns exec "$SL_PREFIX-$1" ping -q -c 1 -W 2 "$2"
}

# sw_json_check PYTHON-EXPR TEXT: evaluates the Python expression with
# 'd' bound to TEXT parsed as JSON; succeeds if it is true.
sw_json_check() {
    python3 -c '
import json, sys
d = json.loads(sys.argv[2])
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" "$2"
}
