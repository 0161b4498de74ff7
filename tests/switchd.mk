# tests/switchd.mk: tests of the switchd area.
