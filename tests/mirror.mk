# Port mirroring and live capture (owned by the mirroring work).
TESTS += tests/system/mirror-span.sh
EXTRA_DIST += tests/system/mirror-span.sh

check_PROGRAMS += tests/unit/test-pcapng
TESTS += tests/unit/test-pcapng
tests_unit_test_pcapng_SOURCES = tests/unit/test-pcapng.c \
	utilities/pcapng.c utilities/pcapng.h
tests_unit_test_pcapng_LDADD = $(CMOCKA_LIBS)

TESTS += tests/system/capture.sh
EXTRA_DIST += tests/system/capture.sh

TESTS += tests/system/ctl-mirror.sh
EXTRA_DIST += tests/system/ctl-mirror.sh

TESTS += tests/system/mirror-rspan.sh
EXTRA_DIST += tests/system/mirror-rspan.sh

check_PROGRAMS += tests/unit/test-mirror
TESTS += tests/unit/test-mirror
tests_unit_test_mirror_SOURCES = tests/unit/test-mirror.c
tests_unit_test_mirror_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)

# Benchmark (not part of make check): make bench-mirror.
EXTRA_DIST += tests/bench/mirror.sh
bench-mirror: all tests/bench/slgen
	top_srcdir=$(abs_top_srcdir) top_builddir=$(abs_top_builddir) \
	PATH='$(abs_top_builddir)/dbserver:$(abs_top_builddir)/switchd:$(abs_top_builddir)/utilities:'"$$PATH" \
	    $(SHELL) $(abs_top_srcdir)/tests/bench/mirror.sh
.PHONY: bench-mirror
