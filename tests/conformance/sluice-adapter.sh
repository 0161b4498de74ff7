# shellcheck shell=bash
# Conformance target adapter for Sluice: runs a private sluice-dbserver and
# sluice-switchd inside TARGET_NS, with one bridge whose ports are the
# harness's three interfaces as OpenFlow ports 1, 2, 3, fail_mode=secure,
# only TARGET_OFVERSION allowed, datapath id TARGET_DPID, and the harness's
# controller (reconnecting within 1 s).  See the harness's
# adapters/TEMPLATE.sh for the contract.
#
# The Sluice programs are taken from SLUICE_BUILDDIR (a build directory,
# as `make conformance` sets it) or else from PATH.

_sl_bin() {
    local dir=${SLUICE_BUILDDIR:-}
    if [ -n "$dir" ] && [ -x "$dir/$1/$2" ]; then
        echo "$dir/$1/$2"
    else
        command -v "$2"
    fi
}

_sl_br() { echo "${TARGET_PREFIX}br"; }
_sl_run() { echo "$TARGET_DIR/run"; }

_sl_ctl() {
    ip netns exec "$TARGET_NS" "$(_sl_bin utilities sluice-ctl)" \
        --rundir "$(_sl_run)" --timeout 20 "$@"
}

_sl_wait_sock() {
    local i
    for ((i = 0; i < 100; i++)); do
        [ -S "$1" ] && return 0
        sleep 0.1
    done
    echo "sluice-adapter: $1 did not appear" >&2
    return 1
}

target_start() {
    local run br dbserver switchd
    run=$(_sl_run)
    br=$(_sl_br)
    dbserver=$(_sl_bin dbserver sluice-dbserver)
    switchd=$(_sl_bin switchd sluice-switchd)
    mkdir -p "$run"
    # shellcheck disable=SC2086
    set -- $TARGET_PORTS

    # Every start configures the switch from scratch: a restart after a
    # crash or hang must not trip over the previous run's bridge.
    rm -f "$TARGET_DIR/conf.db" "$TARGET_DIR/conf.db-wal" \
        "$TARGET_DIR/conf.db-shm"
    ip netns exec "$TARGET_NS" "$dbserver" --rundir "$run" \
        --db-file "$TARGET_DIR/conf.db" >>"$TARGET_DIR/dbserver.log" 2>&1 &
    echo $! >"$TARGET_DIR/dbserver.pid"
    _sl_wait_sock "$run/db.sock" || return 1

    _sl_ctl --no-wait add-br "$br" \
        -- set Bridge "$br" fail_mode=secure \
           protocols="$TARGET_OFVERSION" \
           other_config:datapath-id="$TARGET_DPID" \
        -- add-port "$br" "$1" ofport_request=1 \
        -- add-port "$br" "$2" ofport_request=2 \
        -- add-port "$br" "$3" ofport_request=3 || return 1
    ip netns exec "$TARGET_NS" ovsdb-client transact "unix:$run/db.sock" "
        [\"Open_vSwitch\",
         {\"op\": \"insert\", \"table\": \"Controller\",
          \"row\": {\"target\": \"$TARGET_CONTROLLER\",
                    \"max_backoff\": 1000},
          \"uuid-name\": \"ctl\"},
         {\"op\": \"update\", \"table\": \"Bridge\",
          \"where\": [[\"name\", \"==\", \"$br\"]],
          \"row\": {\"controller\": [\"named-uuid\", \"ctl\"]}}]" \
        >/dev/null || return 1

    ip netns exec "$TARGET_NS" "$switchd" --rundir "$run" \
        --pidfile "$TARGET_DIR/switchd.pid" \
        --log-file "$TARGET_DIR/switchd.log" >/dev/null 2>&1 &
    _sl_wait_sock "$run/$br.mgmt"
}

_sl_stop_pidfile() {
    local pid i
    pid=$(cat "$1" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
    return 0
}

target_stop() {
    _sl_stop_pidfile "$TARGET_DIR/switchd.pid"
    _sl_stop_pidfile "$TARGET_DIR/dbserver.pid"
    rm -f "$TARGET_DIR/switchd.pid" "$TARGET_DIR/dbserver.pid"
    return 0
}

target_dpid() {
    echo "$TARGET_DPID"
}

target_alive() {
    local pid
    pid=$(cat "$TARGET_DIR/switchd.pid" 2>/dev/null) || return 1
    kill -0 "$pid" 2>/dev/null
}

target_version() {
    "$(_sl_bin switchd sluice-switchd)" --version | head -1
}

target_dump() {
    ovs-ofctl -O "$TARGET_OFVERSION" show "unix:$(_sl_run)/$(_sl_br).mgmt" \
        2>&1
    ovs-ofctl -O "$TARGET_OFVERSION" dump-flows \
        "unix:$(_sl_run)/$(_sl_br).mgmt" 2>&1
}
