# switchd/: sluice-switchd, the switch daemon (control thread: db client,
# bridge reconciliation, unixctl; the datapath thread lives in datapath/).
sbin_PROGRAMS += switchd/sluice-switchd
switchd_sluice_switchd_SOURCES = \
	switchd/bridge.c switchd/bridge.h \
	switchd/bridge-mirror.c switchd/bridge-mirror.h \
	switchd/capture-server.c switchd/capture-server.h \
	switchd/controllers.c switchd/controllers.h \
	switchd/db-client.c switchd/db-client.h \
	switchd/main.c \
	switchd/ofp-handler.c switchd/ofp-handler.h
switchd_sluice_switchd_LDADD = $(DATAPATH_LIBS)

# ofproto/trace (owned by the OpenFlow tools work).
switchd_sluice_switchd_SOURCES += \
	switchd/ofproto-trace.c switchd/ofproto-trace.h
