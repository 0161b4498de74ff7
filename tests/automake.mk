# tests/: each area keeps its own fragment of unit and system tests.
EXTRA_DIST += tests/system/lib.sh
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	PATH='$(abs_top_builddir)/dbserver:$(abs_top_builddir)/switchd:$(abs_top_builddir)/utilities:'"$$PATH"; \
	export top_srcdir top_builddir PATH;
# Unit tests of lib/.
check_PROGRAMS += tests/unit/test-jsonrpc
TESTS += tests/unit/test-jsonrpc
tests_unit_test_jsonrpc_SOURCES = tests/unit/test-jsonrpc.c
tests_unit_test_jsonrpc_LDADD = $(SLUICE_LIBS) $(CMOCKA_LIBS)

include tests/dbserver.mk
include tests/ctl.mk
include tests/switchd.mk
include tests/openflow.mk
include tests/controller.mk
include tests/mirror.mk
include tests/fuzz.mk
