# dbserver/: sluice-dbserver.  Owned by the dbserver work.
sbin_PROGRAMS += dbserver/sluice-dbserver
dbserver_sluice_dbserver_SOURCES = dbserver/main.c
