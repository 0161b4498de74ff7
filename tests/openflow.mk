# tests/: OpenFlow (issue 4).  Each part keeps its own block.

# --- OpenFlow connections: streams, ofconn, connmgr, switchd handlers. ---
check_PROGRAMS += tests/unit/test-ofconn
TESTS += tests/unit/test-ofconn
tests_unit_test_ofconn_SOURCES = tests/unit/test-ofconn.c
tests_unit_test_ofconn_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)

# The os-ken switch tester's OpenFlow 1.3 cases against sluice-switchd
# (long; not part of make check).  CONFORMANCE_HOME locates the harness,
# CONFORMANCE_FLAGS adds run.sh options (e.g. -k '^match/0').
CONFORMANCE_HOME = $(abs_top_srcdir)/../shared/conformance
CONFORMANCE_FLAGS =
EXTRA_DIST += tests/conformance/sluice-adapter.sh
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
