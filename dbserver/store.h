/* The durable copy of the database: one SQLite file in WAL mode with
 * synchronous=FULL, so that a transaction acknowledged after
 * store_commit() survives the process being killed.
 *
 * Layout: table "rows" (tbl, uuid, data) holds each row as the JSON object
 * of its persistent columns (ephemeral columns are not stored: they start
 * from their defaults after a restart); table "meta" holds the schema's
 * name, version and text.  PRAGMA user_version is the store format
 * version (STORE_FORMAT_VERSION).
 *
 * Versions: a file with an older store format or an older schema version
 * is migrated when opened (logged); a file from a newer format or a newer
 * schema is refused.
 *
 * Single-threaded: only the thread that owns the database may call these
 * functions. */
#ifndef DBSERVER_STORE_H
#define DBSERVER_STORE_H 1

#include "dbserver/database.h"

#define STORE_FORMAT_VERSION 1

struct store;

/* Opens the SQLite file 'path' (creating it and its parent directories if
 * needed) for 'schema', and loads it into a new in-memory database, which
 * takes ownership of 'schema'.  On success stores the store in '*storep',
 * the database in '*dbp' and returns 0.  On failure returns a positive
 * errno value, stores a malloc'd message in '*errorp' (caller frees),
 * destroys 'schema' and stores NULLs. */
int store_open(const char *path, struct ovsdb_schema *schema,
               struct store **storep, struct db **dbp, char **errorp);

/* Writes the changes in 'txn' in one SQLite transaction and returns only
 * when it is durable.  Returns 0, or an errno value with a malloc'd
 * message in '*errorp', in which case nothing was written. */
int store_commit(struct store *, const struct db_txn *txn, char **errorp);

/* Closes the file.  Accepts NULL. */
void store_close(struct store *);

#endif /* dbserver/store.h */
