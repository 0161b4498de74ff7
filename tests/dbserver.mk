# tests/dbserver.mk: tests of the dbserver area.
