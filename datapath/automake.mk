# datapath: the fast path of sluice-switchd (ports, packets, dpif).
noinst_LIBRARIES += datapath/libdatapath.a
datapath_libdatapath_a_SOURCES = \
	datapath/dpif.c datapath/dpif.h \
	datapath/dpif-async.c datapath/dpif-private.h \
	datapath/dp-forward.c \
	datapath/dp-trace.c datapath/dp-trace.h \
	datapath/dpif-ofproto.c \
	datapath/execute.c datapath/execute.h \
	datapath/flow-cache.c datapath/flow-cache.h \
	datapath/netdev-linux.c datapath/netdev-linux.h \
	datapath/packet.c datapath/packet.h \
	datapath/port.h \
	datapath/port-afpacket.c \
	datapath/port-dummy.c \
	datapath/port-internal.c \
	datapath/mirror.c datapath/mirror.h \
	datapath/capture.c datapath/capture.h
# What a program needs to link the datapath (after its own objects).
DATAPATH_LIBS = datapath/libdatapath.a ofproto/libofproto.a $(SLUICE_LIBS) \
	$(PCAP_LIBS)
