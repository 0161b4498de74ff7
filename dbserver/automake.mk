# dbserver/: sluice-dbserver.  Owned by the dbserver work.
#
# Everything but main.c goes into a library so that unit tests link it.
noinst_LIBRARIES += dbserver/libdbserver.a
dbserver_libdbserver_a_SOURCES = \
	dbserver/database.c dbserver/database.h \
	dbserver/monitor.c dbserver/monitor.h \
	dbserver/schema.h \
	dbserver/server.c dbserver/server.h \
	dbserver/store.c dbserver/store.h \
	dbserver/transact.c dbserver/transact.h
nodist_dbserver_libdbserver_a_SOURCES = dbserver/schema-data.c
DBSERVER_LIBS = dbserver/libdbserver.a $(SLUICE_LIBS) $(SQLITE_LIBS) -lm

sbin_PROGRAMS += dbserver/sluice-dbserver
dbserver_sluice_dbserver_SOURCES = dbserver/main.c
dbserver_sluice_dbserver_LDADD = $(DBSERVER_LIBS)

# The schema is compiled into the binary (so the daemon never depends on
# finding a file at run time) and also installed for other tools.
dist_pkgdata_DATA += dbserver/sluice.ovsschema
EXTRA_DIST += dbserver/README.md
BUILT_SOURCES = dbserver/schema-data.c
CLEANFILES += dbserver/schema-data.c
dbserver/schema-data.c: dbserver/sluice.ovsschema
	$(AM_V_GEN)$(MKDIR_P) dbserver && { \
	  echo '/* Generated from sluice.ovsschema; do not edit. */'; \
	  echo '#include "dbserver/schema.h"'; \
	  echo 'const char dbserver_schema_text[] = {'; \
	  od -An -v -tx1 $(srcdir)/dbserver/sluice.ovsschema \
	    | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^ *//'; \
	  echo '0 };'; \
	} > $@.tmp && mv $@.tmp $@
