# ofproto: the OpenFlow switch's pure logic (NORMAL switching so far).
noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/mac-learning.c ofproto/mac-learning.h \
	ofproto/normal.c ofproto/normal.h

# OpenFlow connections: streams, connections, connection manager.
ofproto_libofproto_a_SOURCES += \
	ofproto/connmgr.c ofproto/connmgr.h \
	ofproto/ofconn.c ofproto/ofconn.h \
	ofproto/stream.c ofproto/stream.h
