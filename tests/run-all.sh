#!/bin/bash
# Runs the whole test suite (make check) in a built tree and prints the
# test log of anything that failed, then one closing count line over all
# test programs: "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."

make -s -j"$(nproc)" check
status=$?

pass=0 fail=0 skip=0
for trs in $(find tests -name '*.trs' | sort); do
    case "$(sed -n 's/^:test-result: //p' "$trs" | head -1)" in
    PASS|XFAIL) pass=$((pass + 1)) ;;
    SKIP) skip=$((skip + 1)) ;;
    *) fail=$((fail + 1))
       echo "==== ${trs%.trs}.log ===="
       cat "${trs%.trs}.log" ;;
    esac
done
echo "sluice: $pass passed, $fail failed, $skip skipped"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
