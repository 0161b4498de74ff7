# tests/ctl.mk: tests of the ctl area.

# System tests of sluice-ctl against sluice-dbserver.
TESTS += tests/system/ctl-basic.sh tests/system/ctl-bad-input.sh
EXTRA_DIST += tests/system/ctl-basic.sh tests/system/ctl-bad-input.sh
