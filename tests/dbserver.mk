# tests/dbserver.mk: tests of the dbserver area.

# Unit tests of the OVSDB data model (lib/ovsdb-data.c, lib/ovsdb-schema.c).
check_PROGRAMS += tests/unit/test-ovsdb-data
TESTS += tests/unit/test-ovsdb-data
tests_unit_test_ovsdb_data_SOURCES = tests/unit/test-ovsdb-data.c
tests_unit_test_ovsdb_data_LDADD = $(SLUICE_LIBS) $(CMOCKA_LIBS)
# End of the OVSDB data model tests.
