# tests/: libFuzzer targets of the parsers of untrusted input besides the
# OpenFlow codec (whose block, with FUZZ_CC and FUZZ_CFLAGS, is in
# tests/openflow.mk): the JSON-RPC framer, the dbserver's request
# handling and the OVSDB data model, flow extraction and the action
# executor.  `make fuzz` builds them; run e.g.
#   tests/fuzz/fuzz-ovsdb -max_total_time=180 CORPUS_DIR \
#       $(srcdir)/tests/fuzz/corpus/ovsdb
# Crashers found are committed under tests/fuzz/corpus/NAME/ beside the
# seed-* inputs; make check replays all of them with the normal compiler
# (tests/unit/test-fuzz-replay.c, built once per target).

check_PROGRAMS += tests/unit/test-fuzz-jsonrpc tests/unit/test-fuzz-ovsdb \
	tests/unit/test-fuzz-flow
TESTS += tests/unit/test-fuzz-jsonrpc tests/unit/test-fuzz-ovsdb \
	tests/unit/test-fuzz-flow
EXTRA_DIST += tests/fuzz/corpus
tests_unit_test_fuzz_jsonrpc_SOURCES = tests/unit/test-fuzz-replay.c \
	tests/fuzz/fuzz-jsonrpc.c
tests_unit_test_fuzz_jsonrpc_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_NAME='"jsonrpc"'
tests_unit_test_fuzz_jsonrpc_LDADD = $(SLUICE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_fuzz_ovsdb_SOURCES = tests/unit/test-fuzz-replay.c \
	tests/fuzz/fuzz-ovsdb.c
tests_unit_test_fuzz_ovsdb_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"ovsdb"'
tests_unit_test_fuzz_ovsdb_LDADD = $(DBSERVER_LIBS) $(CMOCKA_LIBS)
tests_unit_test_fuzz_flow_SOURCES = tests/unit/test-fuzz-replay.c \
	tests/fuzz/fuzz-flow.c
tests_unit_test_fuzz_flow_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"flow"'
tests_unit_test_fuzz_flow_LDADD = $(DATAPATH_LIBS) $(CMOCKA_LIBS)

FUZZ_JSONRPC_SRCS = tests/fuzz/fuzz-jsonrpc.c lib/jsonrpc.c lib/log.c \
	lib/util.c
tests/fuzz/fuzz-jsonrpc: $(FUZZ_JSONRPC_SRCS:%=$(srcdir)/%)
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=gnu11 $(DEFS) -I$(top_srcdir) -o $@ \
		$(FUZZ_JSONRPC_SRCS:%=$(srcdir)/%) $(LIBEVENT_LIBS) \
		$(JANSSON_LIBS)

FUZZ_OVSDB_SRCS = tests/fuzz/fuzz-ovsdb.c dbserver/database.c \
	dbserver/monitor.c dbserver/transact.c lib/ovsdb-data.c \
	lib/ovsdb-schema.c lib/hmap.c lib/uuid.c lib/log.c lib/util.c
tests/fuzz/fuzz-ovsdb: $(FUZZ_OVSDB_SRCS:%=$(srcdir)/%) \
		dbserver/schema-data.c
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=gnu11 $(DEFS) -I$(top_srcdir) -o $@ \
		$(FUZZ_OVSDB_SRCS:%=$(srcdir)/%) dbserver/schema-data.c \
		$(JANSSON_LIBS) -lm

FUZZ_FLOW_SRCS = tests/fuzz/fuzz-flow.c lib/flow.c datapath/execute.c \
	datapath/packet.c lib/util.c
tests/fuzz/fuzz-flow: $(FUZZ_FLOW_SRCS:%=$(srcdir)/%)
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=gnu11 $(DEFS) -I$(top_srcdir) -o $@ \
		$(FUZZ_FLOW_SRCS:%=$(srcdir)/%)

fuzz: tests/fuzz/fuzz-jsonrpc tests/fuzz/fuzz-ovsdb tests/fuzz/fuzz-flow
CLEANFILES += tests/fuzz/fuzz-jsonrpc tests/fuzz/fuzz-ovsdb \
	tests/fuzz/fuzz-flow
