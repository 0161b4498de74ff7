# tests/: OpenFlow (issue 4).  Each part keeps its own block.

# --- OpenFlow connections: streams, ofconn, connmgr, switchd handlers. ---
check_PROGRAMS += tests/unit/test-ofconn
TESTS += tests/unit/test-ofconn
tests_unit_test_ofconn_SOURCES = tests/unit/test-ofconn.c
tests_unit_test_ofconn_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
TESTS += tests/system/of-ovs-ofctl.sh tests/system/of-traffic.sh
EXTRA_DIST += tests/system/of-ovs-ofctl.sh tests/system/of-traffic.sh

# The os-ken switch tester's OpenFlow 1.3 cases against sluice-switchd
# (long; not part of make check).  CONFORMANCE_HOME locates the harness,
# CONFORMANCE_FLAGS adds run.sh options (e.g. -k '^match/0').
CONFORMANCE_HOME = $(abs_top_srcdir)/../shared/conformance
CONFORMANCE_FLAGS =
EXTRA_DIST += tests/conformance/sluice-adapter.sh tests/unit/match-testlib.h
conformance: all
	SLUICE_BUILDDIR='$(abs_top_builddir)' '$(CONFORMANCE_HOME)/run.sh' \
		-s of13 -a '$(abs_srcdir)/tests/conformance/sluice-adapter.sh' \
		$(CONFORMANCE_FLAGS)
.PHONY: conformance

# --- Flow syntax: ofp-parse / ofp-print, sluice-ofctl, ofproto/trace. ---
check_PROGRAMS += tests/unit/test-ofp-parse
TESTS += tests/unit/test-ofp-parse
tests_unit_test_ofp_parse_SOURCES = tests/unit/test-ofp-parse.c
tests_unit_test_ofp_parse_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
TESTS += tests/system/ofctl-basic.sh tests/system/ofctl-flows.sh \
	tests/system/trace-basic.sh
EXTRA_DIST += tests/system/ofctl-basic.sh tests/system/ofctl-flows.sh \
	tests/system/trace-basic.sh
# Flow-mod speed, switchd memory and forwarding rate at 100k rules
# (needs root; not part of make check).
EXTRA_DIST += tests/bench/flowmods.sh
bench-flowmods: all
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(SHELL) $(abs_top_srcdir)/tests/bench/flowmods.sh
.PHONY: bench-flowmods

# --- Switch core: classifier, ofproto, xlate. ---
check_PROGRAMS += tests/unit/test-classifier tests/unit/test-ofproto \
	tests/unit/test-xlate
TESTS += tests/unit/test-classifier tests/unit/test-ofproto \
	tests/unit/test-xlate
tests_unit_test_classifier_SOURCES = tests/unit/test-classifier.c
tests_unit_test_classifier_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_test_ofproto_SOURCES = tests/unit/test-ofproto.c
tests_unit_test_ofproto_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_test_xlate_SOURCES = tests/unit/test-xlate.c
tests_unit_test_xlate_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)

# --- Data model and wire codecs: flow, meta-flow, match, ofp-match,
# ofp-actions. ---
check_PROGRAMS += tests/unit/test-flow tests/unit/test-ofp-match \
	tests/unit/test-ofp-actions
TESTS += tests/unit/test-flow tests/unit/test-ofp-match \
	tests/unit/test-ofp-actions
tests_unit_test_flow_SOURCES = tests/unit/test-flow.c
tests_unit_test_flow_LDADD = $(SLUICE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ofp_match_SOURCES = tests/unit/test-ofp-match.c
tests_unit_test_ofp_match_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_test_ofp_actions_SOURCES = tests/unit/test-ofp-actions.c
tests_unit_test_ofp_actions_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)

# --- Message codec: ofp-codec (the unit test also drives the fuzz
# target's entry point with truncated and mutated messages). ---
check_PROGRAMS += tests/unit/test-ofp-codec tests/unit/test-ofp-codec-stats
TESTS += tests/unit/test-ofp-codec tests/unit/test-ofp-codec-stats
OFP_CODEC_TESTLIB = tests/unit/ofp-codec-testlib.c \
	tests/unit/ofp-codec-testlib.h tests/fuzz/fuzz-ofp-codec.c
tests_unit_test_ofp_codec_SOURCES = tests/unit/test-ofp-codec.c \
	$(OFP_CODEC_TESTLIB)
tests_unit_test_ofp_codec_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_test_ofp_codec_stats_SOURCES = tests/unit/test-ofp-codec-stats.c \
	$(OFP_CODEC_TESTLIB)
tests_unit_test_ofp_codec_stats_LDADD = ofproto/libofproto.a \
	$(SLUICE_LIBS) $(CMOCKA_LIBS)

# libFuzzer targets, built only by `make fuzz` (needs clang); run e.g.
# tests/fuzz/fuzz-ofp-codec -max_total_time=60.
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined
FUZZ_OFP_CODEC_SRCS = tests/fuzz/fuzz-ofp-codec.c \
	ofproto/ofp-codec.c ofproto/ofp-codec-mods.c \
	ofproto/ofp-codec-stats.c ofproto/ofp-match.c \
	ofproto/ofp-actions.c ofproto/match.c ofproto/meta-flow.c \
	ofproto/ofpact.c ofproto/ofp-errors.c lib/flow.c lib/util.c
tests/fuzz/fuzz-ofp-codec: $(FUZZ_OFP_CODEC_SRCS:%=$(srcdir)/%)
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=gnu11 $(DEFS) -I$(top_srcdir) -o $@ \
		$(FUZZ_OFP_CODEC_SRCS:%=$(srcdir)/%)
fuzz: tests/fuzz/fuzz-ofp-codec
CLEANFILES += tests/fuzz/fuzz-ofp-codec
.PHONY: fuzz
