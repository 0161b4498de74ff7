#!/bin/bash
# The demo topology: two hosts in network namespaces (sldemo-h1 and
# sldemo-h2), each wired by a veth pair to a port of the Sluice bridge
# "sldemo", pinging each other through it.
#   utilities/sluice-demo.sh start   start the daemons, build it, ping
#   utilities/sluice-demo.sh stop    tear it all down again
# Daemons run with the default run directory (/run/sluice) and database
# (/var/lib/sluice/conf.db), so sluice-ctl, sluice-appctl work as usual.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/dbserver:$top/switchd:$top/utilities:$PATH"
RUNDIR=${SLUICE_RUNDIR:-/run/sluice}
LOGDIR=/var/log/sluice
BR=sldemo

running() {
    [ -f "$RUNDIR/$1.pid" ] && kill -0 "$(cat "$RUNDIR/$1.pid")" 2>/dev/null
}

wait_for_socket() {
    for _ in $(seq 100); do
        [ -S "$1" ] && return 0
        sleep 0.1
    done
    echo "sluice-demo: $1 did not appear; see $LOGDIR" >&2
    exit 1
}

start() {
    mkdir -p "$RUNDIR" "$LOGDIR"
    if ! running dbserver; then
        sluice-dbserver --rundir "$RUNDIR" --log-file "$LOGDIR/dbserver.log" \
            >/dev/null 2>&1 &
        wait_for_socket "$RUNDIR/db.sock"
    fi
    if ! running switchd; then
        sluice-switchd --rundir "$RUNDIR" --log-file "$LOGDIR/switchd.log" \
            >/dev/null 2>&1 &
        wait_for_socket "$RUNDIR/switchd.ctl"
    fi

    for i in 1 2; do
        ns=sldemo-h$i
        if ! ip netns list | grep -qw "$ns"; then
            ip netns add "$ns"
            ip link add sldemo-p$i type veth peer name eth0 netns "$ns"
            ip link set sldemo-p$i up
            ip -n "$ns" link set lo up
            ip -n "$ns" link set eth0 up
            ip -n "$ns" addr add 198.18.0.$i/24 dev eth0
        fi
    done
    sluice-ctl --may-exist add-br $BR
    sluice-ctl --may-exist add-port $BR sldemo-p1
    sluice-ctl --may-exist add-port $BR sldemo-p2

    echo "== sluice-ctl show"
    sluice-ctl show
    echo "== ip netns exec sldemo-h1 ping -c 3 198.18.0.2"
    ip netns exec sldemo-h1 ping -c 3 -W 2 198.18.0.2
    echo "== sluice-appctl fdb/show $BR"
    sluice-appctl fdb/show $BR
    echo
    echo "The demo is running: try 'ip netns exec sldemo-h2 ping 198.18.0.1',"
    echo "'sluice-appctl dpif/show'; stop it with '$0 stop'."
}

stop() {
    sluice-ctl --if-exists --timeout 5 del-br $BR 2>/dev/null || true
    for d in switchd dbserver; do
        if running $d; then
            kill "$(cat "$RUNDIR/$d.pid")"
        fi
    done
    for i in 1 2; do
        ip netns del sldemo-h$i 2>/dev/null || true
        ip link del sldemo-p$i 2>/dev/null || true
    done
    echo "sluice-demo: stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
