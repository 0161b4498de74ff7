# Shared helpers for Sluice system tests (sourced by tests/system/*.sh).
#
# A test sets TEST_NAME (short, e.g. "ctl"), sources this file, calls
# sl_setup, then uses check/check_eq/check_fails; it ends with sl_finish,
# which prints the closing count line "N passed, N failed" and exits
# non-zero if anything failed.  Every namespace, interface and temp path
# is prefixed "sl$TEST_NAME"; sl_cleanup runs from an EXIT trap and removes
# everything the test made, even on failure.

set -u
: "${TEST_NAME:?set TEST_NAME before sourcing lib.sh}"
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
PATH="$top_builddir/dbserver:$top_builddir/switchd:$top_builddir/utilities:$PATH"
export PATH

SL_PREFIX="sl$TEST_NAME"
SL_DIR=""
SL_PASSED=0
SL_FAILED=0
SL_NETNS=()
SL_LINKS=()
SL_PIDS=()
SL_CLEANUPS=()

# Makes the private run directory and installs the cleanup trap.
sl_setup() {
    SL_DIR=$(mktemp -d "/tmp/${SL_PREFIX}.XXXXXX")
    export SLUICE_RUNDIR="$SL_DIR/run"
    export SLUICE_DB="$SL_DIR/conf.db"
    mkdir -p "$SLUICE_RUNDIR"
    trap sl_cleanup EXIT
    trap 'exit 130' INT TERM
}

# Registers a shell command to run at cleanup (last registered runs first).
sl_on_cleanup() {
    SL_CLEANUPS+=("$1")
}

sl_cleanup() {
    local i
    for ((i = ${#SL_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${SL_CLEANUPS[$i]}" >/dev/null 2>&1 || true
    done
    for pid in "${SL_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${SL_PIDS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    for l in "${SL_LINKS[@]}"; do
        ip link del "$l" 2>/dev/null || true
    done
    # Every namespace with the test's prefix goes, registered or not
    # (sl_netns called in a $(...) subshell cannot register), and so do
    # the processes still running in it.
    local all_ns
    all_ns=$( (printf '%s\n' "${SL_NETNS[@]}";
               ip netns list 2>/dev/null | awk '{print $1}' |
                   grep "^$SL_PREFIX-") | sort -u)
    for ns in $all_ns; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns del "$ns" 2>/dev/null || true
    done
    if [ -n "$SL_DIR" ] && [ -z "${SL_KEEP:-}" ]; then
        rm -rf "$SL_DIR"
    fi
}

# Starts "$@" in the background, logging to $SL_DIR/NAME.log; records the
# pid for cleanup and stores it in SL_LAST_PID.
sl_spawn() {
    local name=$1
    shift
    "$@" >>"$SL_DIR/$name.log" 2>&1 &
    SL_LAST_PID=$!
    SL_PIDS+=("$SL_LAST_PID")
}

# Waits up to $2 seconds (default 10) for the condition command $1.
sl_wait_for() {
    local cond=$1 limit=${2:-10} i
    for ((i = 0; i < limit * 20; i++)); do
        if eval "$cond" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# Starts sluice-dbserver in the private rundir and waits for its socket.
sl_start_dbserver() {
    sl_spawn dbserver sluice-dbserver --rundir "$SLUICE_RUNDIR" \
        --db-file "$SLUICE_DB" "$@"
    SL_DBSERVER_PID=$SL_LAST_PID
    sl_wait_for "[ -S '$SLUICE_RUNDIR/db.sock' ]" 10 \
        || { echo "dbserver did not start:"; cat "$SL_DIR/dbserver.log"; \
             return 1; }
}

# Creates namespace "sl$TEST_NAME-$1" and prints its name; cleanup
# deletes it (and every other namespace with the test's prefix).
sl_netns() {
    local ns="$SL_PREFIX-$1"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    SL_NETNS+=("$ns")
    echo "$ns"
}

# Records link $1 (in the root namespace) for deletion at cleanup.
sl_link() {
    SL_LINKS+=("$1")
}

sl_pass() {
    SL_PASSED=$((SL_PASSED + 1))
    echo "ok - $1"
}

sl_fail() {
    SL_FAILED=$((SL_FAILED + 1))
    echo "FAIL - $1"
}

# check DESCRIPTION COMMAND...: passes if the command succeeds.
check() {
    local desc=$1
    shift
    local out
    if out=$("$@" 2>&1); then
        sl_pass "$desc"
    else
        sl_fail "$desc"
        echo "    command: $*"
        echo "$out" | sed 's/^/    | /' | head -20
    fi
}

# check_fails DESCRIPTION COMMAND...: passes if the command fails.
check_fails() {
    local desc=$1
    shift
    local out
    if out=$("$@" 2>&1); then
        sl_fail "$desc (unexpectedly succeeded)"
        echo "$out" | sed 's/^/    | /' | head -20
    else
        sl_pass "$desc"
    fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then
        sl_pass "$1"
    else
        sl_fail "$1"
        echo "    expected: $(printf '%q' "$2")"
        echo "    actual:   $(printf '%q' "$3")"
    fi
}

# check_match DESCRIPTION REGEX ACTUAL (grep -E on the whole text)
check_match() {
    if printf '%s\n' "$3" | grep -Eq -- "$2"; then
        sl_pass "$1"
    else
        sl_fail "$1"
        echo "    pattern: $2"
        printf '%s\n' "$3" | sed 's/^/    | /' | head -20
    fi
}

# Prints the closing count line and exits with the right status.
sl_finish() {
    echo "$TEST_NAME: $SL_PASSED passed, $SL_FAILED failed"
    [ "$SL_FAILED" -eq 0 ]
}

# Skips the whole test (exit 77 in automake's harness) with a reason.
sl_skip() {
    echo "SKIP: $*"
    exit 77
}
