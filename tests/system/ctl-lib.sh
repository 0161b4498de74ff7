# Helpers shared by the sluice-ctl system tests (tests/system/ctl-*.sh).
# Source after tests/system/lib.sh; they talk to the dbserver that
# sl_start_dbserver started in the private run directory.

# ctl ARGS...: sluice-ctl without waiting for a switchd (none runs here).
ctl() {
    sluice-ctl --no-wait "$@"
}

# dump [TABLE...]: the database (or those tables) as Debian's ovsdb-client
# prints it, to compare before and after a command.
dump() {
    ovsdb-client dump "unix:$SLUICE_RUNDIR/db.sock" "$@" 2>&1
}

# json_check DESCRIPTION PYTHON-EXPRESSION SLUICE-CTL-ARGS...: passes if
# the expression, with 'd' bound to the parsed JSON output, is true.
json_check() {
    local desc=$1 expr=$2 out
    shift 2
    out=$(ctl --format json "$@" 2>&1)
    if printf '%s' "$out" | python3 -c "
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if ($expr) else 1)" 2>/dev/null; then
        sl_pass "$desc"
    else
        sl_fail "$desc"
        printf '%s\n' "$out" | sed 's/^/    | /' | head -30
    fi
}

# bad DESCRIPTION REGEX SLUICE-CTL-ARGS...: the command must fail with
# exactly one line of output matching "^sluice-ctl: REGEX" and leave the
# database as "$before" (which the caller set from dump) was.
bad() {
    local desc=$1 regex=$2 out rc
    shift 2
    out=$(ctl "$@" 2>&1)
    rc=$?
    if [ "$rc" -ne 0 ]; then
        sl_pass "$desc: exit status $rc"
    else
        sl_fail "$desc: exit status 0"
    fi
    check_eq "$desc: one line" 1 "$(printf '%s\n' "$out" | wc -l)"
    check_match "$desc: message" "^sluice-ctl: $regex" "$out"
    check_eq "$desc: database unchanged" "$before" "$(dump)"
}
