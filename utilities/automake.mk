# utilities/: command-line tools.

# sluice-appctl (owned by the switchd work).
bin_PROGRAMS += utilities/sluice-appctl
utilities_sluice_appctl_SOURCES = utilities/sluice-appctl.c
utilities_sluice_appctl_LDADD = $(SLUICE_LIBS)
