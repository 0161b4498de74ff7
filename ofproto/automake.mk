# ofproto: the OpenFlow switch's pure logic (NORMAL switching so far).
noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/mac-learning.c ofproto/mac-learning.h \
	ofproto/normal.c ofproto/normal.h

# OpenFlow connections: streams, connections, connection manager.
ofproto_libofproto_a_SOURCES += \
	ofproto/connmgr.c ofproto/connmgr.h \
	ofproto/ofconn.c ofproto/ofconn.h \
	ofproto/pktbuf.c ofproto/pktbuf.h \
	ofproto/stream.c ofproto/stream.h \
	ofproto/stream-ssl.c ofproto/stream-ssl.h

# OpenFlow switch core: classifier, switch model, pipeline.
ofproto_libofproto_a_SOURCES += \
	ofproto/classifier.c ofproto/classifier.h \
	ofproto/odp-actions.c ofproto/odp-actions.h \
	ofproto/ofproto.c ofproto/ofproto.h ofproto/ofproto-private.h \
	ofproto/ofproto-check.c ofproto/ofproto-groups.c \
	ofproto/xlate.c ofproto/xlate.h

# OpenFlow message codec (OF1.0/OF1.3 messages <-> ofp-msgs.h).
ofproto_libofproto_a_SOURCES += \
	ofproto/ofp-codec.c ofproto/ofp-codec.h ofproto/ofp-codec-private.h \
	ofproto/ofp-codec-mods.c ofproto/ofp-codec-stats.c

# ovs-ofctl's flow syntax: parser and printer (sluice-ofctl, ofproto/trace).
ofproto_libofproto_a_SOURCES += \
	ofproto/ofp-parse.c ofproto/ofp-parse.h \
	ofproto/ofp-print.c ofproto/ofp-print.h

# OpenFlow data model and its wire codecs: meta-flow fields, matches,
# actions and instructions (OF1.0 and OF1.3), error names.
ofproto_libofproto_a_SOURCES += \
	ofproto/match.c ofproto/match.h \
	ofproto/meta-flow.c ofproto/meta-flow.h \
	ofproto/ofp-actions.c ofproto/ofp-actions.h \
	ofproto/ofp-errors.c ofproto/ofp-errors.h \
	ofproto/ofp-match.c ofproto/ofp-match.h \
	ofproto/ofpact.c ofproto/ofpact.h

# OpenFlow switch core: classifier, switch model, pipeline.
ofproto_libofproto_a_SOURCES += \
	ofproto/classifier.c ofproto/classifier.h \
	ofproto/odp-actions.c ofproto/odp-actions.h \
	ofproto/ofproto.c ofproto/ofproto.h ofproto/ofproto-private.h \
	ofproto/ofproto-check.c ofproto/ofproto-groups.c \
	ofproto/xlate.c ofproto/xlate.h
