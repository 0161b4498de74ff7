# Port mirroring and live capture (owned by the mirroring work).
TESTS += tests/system/mirror-span.sh
EXTRA_DIST += tests/system/mirror-span.sh
