# tests/ctl.mk: tests of the ctl area.

# System tests of sluice-ctl against sluice-dbserver.
TESTS += tests/system/ctl-basic.sh tests/system/ctl-bad-input.sh
EXTRA_DIST += tests/system/ctl-basic.sh tests/system/ctl-bad-input.sh \
	tests/system/ctl-lib.sh

# Unit tests of sluice-ctl's commands, parsing and output, offline.
check_PROGRAMS += tests/unit/test-ctl
TESTS += tests/unit/test-ctl
tests_unit_test_ctl_SOURCES = tests/unit/test-ctl.c \
	utilities/ctl-commands.c utilities/ctl-db.c utilities/ctl-format.c \
	utilities/ctl-generic.c utilities/ctl-controller.c \
	utilities/ctl-mirror.c
tests_unit_test_ctl_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
