# utilities/: command-line tools.

# sluice-appctl (owned by the switchd work).
bin_PROGRAMS += utilities/sluice-appctl
utilities_sluice_appctl_SOURCES = utilities/sluice-appctl.c
utilities_sluice_appctl_LDADD = $(SLUICE_LIBS)

# sluice-ctl (owned by the ctl work): the configuration CLI.
bin_PROGRAMS += utilities/sluice-ctl
utilities_sluice_ctl_SOURCES = \
	utilities/sluice-ctl.c \
	utilities/ctl-commands.c utilities/ctl-commands.h \
	utilities/ctl-db.c utilities/ctl-db.h \
	utilities/ctl-format.c utilities/ctl-format.h \
	utilities/ctl-generic.c \
	utilities/ctl-controller.c \
	utilities/ctl-mirror.c
utilities_sluice_ctl_LDADD = ofproto/libofproto.a $(SLUICE_LIBS)

# sluice-ofctl (owned by the OpenFlow tools work): ovs-ofctl's commands.
bin_PROGRAMS += utilities/sluice-ofctl
utilities_sluice_ofctl_SOURCES = \
	utilities/sluice-ofctl.c utilities/ofctl.h \
	utilities/ofctl-conn.c utilities/ofctl-conn.h \
	utilities/ofctl-flows.c
utilities_sluice_ofctl_LDADD = ofproto/libofproto.a $(SLUICE_LIBS)

# sluice-pki (owned by the controller/TLS work): a CA for TLS certificates.
dist_bin_SCRIPTS = utilities/sluice-pki

# sluice-tcpdump (owned by the mirroring work): live capture on any port.
bin_PROGRAMS += utilities/sluice-tcpdump
utilities_sluice_tcpdump_SOURCES = utilities/sluice-tcpdump.c \
	utilities/pcapng.c utilities/pcapng.h
utilities_sluice_tcpdump_LDADD = $(SLUICE_LIBS)
