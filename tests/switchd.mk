# tests/switchd.mk: tests of the switchd area.

# System tests of sluice-switchd (netns + veth, real daemons).
EXTRA_DIST += tests/system/switchd-lib.sh
SWITCHD_SYSTEM_TESTS = \
	tests/system/switchd-l2.sh
TESTS += $(SWITCHD_SYSTEM_TESTS)
EXTRA_DIST += $(SWITCHD_SYSTEM_TESTS)
