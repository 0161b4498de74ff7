# tests/switchd.mk: tests of the switchd area.
# ---- Datapath and NORMAL tests (datapath helper). ----
check_PROGRAMS += tests/unit/test-mac-learning tests/unit/test-normal \
	tests/unit/test-dpif-dummy tests/dp-harness \
	tests/unit/test-dpif-async tests/unit/test-execute \
	tests/unit/test-dpif-openflow tests/unit/test-flow-cache
TESTS += tests/unit/test-mac-learning tests/unit/test-normal \
	tests/unit/test-dpif-dummy tests/unit/test-dpif-async \
	tests/unit/test-execute tests/unit/test-dpif-openflow \
	tests/unit/test-flow-cache
tests_unit_test_dpif_openflow_SOURCES = tests/unit/test-dpif-openflow.c
tests_unit_test_dpif_openflow_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)
tests_unit_test_flow_cache_SOURCES = tests/unit/test-flow-cache.c
tests_unit_test_flow_cache_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)
tests_unit_test_execute_SOURCES = tests/unit/test-execute.c
tests_unit_test_execute_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)
tests_unit_test_dpif_async_SOURCES = tests/unit/test-dpif-async.c
tests_unit_test_dpif_async_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)
tests_unit_test_mac_learning_SOURCES = tests/unit/test-mac-learning.c
tests_unit_test_mac_learning_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_test_normal_SOURCES = tests/unit/test-normal.c
tests_unit_test_normal_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_test_dpif_dummy_SOURCES = tests/unit/test-dpif-dummy.c
tests_unit_test_dpif_dummy_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)
tests_dp_harness_SOURCES = tests/dp-harness.c
tests_dp_harness_LDADD = $(DATAPATH_LIBS)
TESTS += tests/system/datapath-afpacket.sh tests/system/datapath-openflow.sh
EXTRA_DIST += tests/system/datapath-afpacket.sh \
	tests/system/datapath-openflow.sh
TESTS += tests/system/datapath-jumbo.sh
EXTRA_DIST += tests/system/datapath-jumbo.sh
# ---- End of datapath tests. ----

# System tests of sluice-switchd (netns + veth, real daemons).
EXTRA_DIST += tests/system/switchd-lib.sh tests/system/xfer.py
SWITCHD_SYSTEM_TESTS = \
	tests/system/switchd-l2.sh \
	tests/system/switchd-bad-input.sh \
	tests/system/switchd-restart.sh \
	tests/system/switchd-internal.sh \
	tests/system/switchd-tcp.sh \
	tests/system/switchd-host-isolation.sh \
	tests/system/switchd-qinq.sh \
	tests/system/switchd-tap.sh \
	tests/system/switchd-vlan.sh
TESTS += $(SWITCHD_SYSTEM_TESTS)
EXTRA_DIST += $(SWITCHD_SYSTEM_TESTS)

# Benchmarks (not part of make check): make bench.
EXTRA_DIST += tests/bench/forwarding.sh
EXTRA_PROGRAMS = tests/bench/slgen
tests_bench_slgen_SOURCES = tests/bench/slgen.c
bench: all tests/bench/slgen
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(SHELL) $(abs_top_srcdir)/tests/bench/forwarding.sh
.PHONY: bench
