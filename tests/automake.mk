# tests/: each area keeps its own fragment of unit and system tests.
EXTRA_DIST += tests/system/lib.sh
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	PATH='$(abs_top_builddir)/dbserver:$(abs_top_builddir)/switchd:$(abs_top_builddir)/utilities:'"$$PATH"; \
	export top_srcdir top_builddir PATH;
include tests/dbserver.mk
include tests/ctl.mk
include tests/switchd.mk
