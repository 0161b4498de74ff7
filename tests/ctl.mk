# tests/ctl.mk: tests of the ctl area.
