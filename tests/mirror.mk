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
