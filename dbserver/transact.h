/* RFC 7047 "transact": executes the operations of one request against the
 * in-memory database inside a 'struct db_txn', then runs the commit-time
 * checks of OVSDB (garbage collection of unreferenced rows in non-root
 * tables, removal of dangling weak references, referential integrity of
 * strong references, maxRows, index uniqueness).
 *
 * This module decides what a transaction does and what its reply says; it
 * neither persists nor notifies.  The caller (dbserver/server.c) writes
 * the resulting transaction to the store, tells the monitors, commits it
 * in memory and only then sends the reply.
 *
 * Single-threaded: only the thread that owns the database may call it. */
#ifndef DBSERVER_TRANSACT_H
#define DBSERVER_TRANSACT_H 1

#include <jansson.h>

#include "dbserver/database.h"

/* Executes the operations in 'params[1..]' (params[0] is the database
 * name, which the caller has checked) against 'db'.
 *
 * 'elapsed_ms' is how long ago the request first arrived, for "wait"
 * operations with a timeout.
 *
 * Returns the result array for the reply (new reference): one element per
 * operation, up to and including the first error (with nothing changed),
 * or one per operation plus a final error if a commit-time check failed.
 * If the transaction changes the database, stores it in '*txnp' for the
 * caller to persist and then db_txn_commit() or db_txn_abort(); otherwise
 * stores NULL.
 *
 * Returns NULL instead if a "wait" with a timeout is not yet satisfied:
 * then nothing was changed and '*retry_ms' says how many milliseconds
 * later the request times out (LLONG_MAX: never); the caller should run
 * it again after the next change to the database or at that time. */
json_t *transact_execute(struct db *db, const json_t *params,
                         long long elapsed_ms, struct db_txn **txnp,
                         long long *retry_ms);

#endif /* dbserver/transact.h */
