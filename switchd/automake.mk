# switchd/: sluice-switchd, the switch daemon (control thread: db client,
# bridge reconciliation, unixctl; the datapath thread lives in datapath/).
# Built on request only until datapath/libdatapath.a lands.
EXTRA_PROGRAMS = switchd/sluice-switchd
switchd_sluice_switchd_SOURCES = \
	switchd/bridge.c switchd/bridge.h \
	switchd/db-client.c switchd/db-client.h \
	switchd/main.c
switchd_sluice_switchd_LDADD = datapath/libdatapath.a ofproto/libofproto.a \
	$(SLUICE_LIBS)
