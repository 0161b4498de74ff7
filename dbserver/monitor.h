/* RFC 7047 section 4.1.5 "monitor": what one monitor watches (per table,
 * a set of columns and which kinds of change), its initial contents and
 * the <table-updates> that a committed transaction produces for it.
 *
 * The module builds JSON only; dbserver/server.c owns the connections and
 * sends it.  Single-threaded: only the thread that owns the database may
 * call these functions. */
#ifndef DBSERVER_MONITOR_H
#define DBSERVER_MONITOR_H 1

#include <jansson.h>

#include "dbserver/database.h"

struct monitor;

/* Parses the <monitor-requests> object 'requests' against 'db'.  On
 * success stores a new monitor in '*monitorp', the <table-updates> of the
 * rows selected as "initial" in '*initialp' (new reference) and returns
 * NULL; otherwise returns an error and stores NULLs.  A request without
 * "columns" watches every column but "_uuid" and "_version". */
struct ovsdb_error *monitor_create(const struct db *db,
                                   const json_t *requests,
                                   struct monitor **monitorp,
                                   json_t **initialp);

void monitor_destroy(struct monitor *);   /* Accepts NULL. */

/* Returns the <table-updates> that 'txn' (finalized, not yet committed)
 * means for 'monitor' as a new reference, or NULL if the monitor does not
 * see any of its changes. */
json_t *monitor_updates(const struct monitor *, const struct db_txn *txn);

#endif /* dbserver/monitor.h */
