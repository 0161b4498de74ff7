# lib/: code shared by the daemons and the tools.
noinst_LIBRARIES += lib/libsluice.a
lib_libsluice_a_SOURCES = \
	lib/hmap.c lib/hmap.h \
	lib/jsonrpc.c lib/jsonrpc.h \
	lib/log.c lib/log.h \
	lib/ovsdb-data.c lib/ovsdb-data.h lib/ovsdb-schema.c \
	lib/unixctl.c lib/unixctl.h \
	lib/util.c lib/util.h \
	lib/uuid.c lib/uuid.h
SLUICE_LIBS = lib/libsluice.a $(LIBEVENT_LIBS) $(JANSSON_LIBS) \
	$(OPENSSL_LIBS) -lpthread

# Flow key extraction (the OpenFlow data model).
lib_libsluice_a_SOURCES += lib/flow.c lib/flow.h
