# --- Controllers over TCP and TLS: TLS streams, sluice-pki, and
# sluice-ctl's controller, fail-mode and SSL commands. ---
check_PROGRAMS += tests/unit/test-stream-ssl
TESTS += tests/unit/test-stream-ssl
tests_unit_test_stream_ssl_SOURCES = tests/unit/test-stream-ssl.c
tests_unit_test_stream_ssl_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)

# System tests: sluice-ctl's controller/fail-mode/SSL commands, sluice-pki.
TESTS += tests/system/ctl-controller.sh tests/system/pki.sh
EXTRA_DIST += tests/system/ctl-controller.sh tests/system/pki.sh

# Packet-in buffers (ofproto/pktbuf).
check_PROGRAMS += tests/unit/test-pktbuf
TESTS += tests/unit/test-pktbuf
tests_unit_test_pktbuf_SOURCES = tests/unit/test-pktbuf.c
tests_unit_test_pktbuf_LDADD = ofproto/libofproto.a $(SLUICE_LIBS) \
	$(CMOCKA_LIBS)

# sluice-switchd with real controllers over TCP and TLS.
TESTS += tests/system/controller-osken-tls.sh \
	tests/system/controller-failmode.sh \
	tests/system/controller-tls-negative.sh
EXTRA_DIST += tests/system/controller-osken-tls.sh \
	tests/system/controller-failmode.sh \
	tests/system/controller-tls-negative.sh \
	tests/controller/learning_switch.py tests/controller/ofstream.py

# Controller roles, a slow controller, and ovs-testcontroller over TLS
# (tests/controller/minictl.py: a scriptable OpenFlow 1.3 controller).
TESTS += tests/system/controller-roles.sh \
	tests/system/controller-testcontroller.sh \
	tests/system/controller-slow.sh
EXTRA_DIST += tests/system/controller-roles.sh \
	tests/system/controller-testcontroller.sh \
	tests/system/controller-slow.sh tests/controller/minictl.py
