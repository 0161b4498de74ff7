# tests/dbserver.mk: tests of the dbserver area.

# Unit tests of the OVSDB data model (lib/ovsdb-data.c, lib/ovsdb-schema.c).
check_PROGRAMS += tests/unit/test-ovsdb-data
TESTS += tests/unit/test-ovsdb-data
tests_unit_test_ovsdb_data_SOURCES = tests/unit/test-ovsdb-data.c
tests_unit_test_ovsdb_data_LDADD = $(SLUICE_LIBS) $(CMOCKA_LIBS)
# End of the OVSDB data model tests.

# sluice-dbserver: transaction semantics, monitors and the SQLite store.
check_PROGRAMS += tests/unit/test-transact tests/unit/test-dbstore
TESTS += tests/unit/test-transact tests/unit/test-dbstore
tests_unit_test_transact_SOURCES = tests/unit/test-transact.c
tests_unit_test_transact_LDADD = $(DBSERVER_LIBS) $(CMOCKA_LIBS)
tests_unit_test_dbstore_SOURCES = tests/unit/test-dbstore.c
tests_unit_test_dbstore_LDADD = $(DBSERVER_LIBS) $(CMOCKA_LIBS)
TESTS += tests/system/dbserver-ovsdb-client.sh \
	tests/system/dbserver-bad-input.sh \
	tests/system/dbserver-kill9.sh
EXTRA_DIST += tests/system/dbserver-ovsdb-client.sh \
	tests/system/dbserver-bad-input.sh \
	tests/system/dbserver-kill9.sh
