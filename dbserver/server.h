/* The JSON-RPC side of sluice-dbserver: accepts connections on db.sock and
 * answers the RFC 7047 methods (list_dbs, get_schema, transact, monitor,
 * monitor_cancel, echo, set_db_change_aware, lock, steal, unlock).
 *
 * A transaction that changes the database is written to the store and
 * committed before its reply and before the "update" notifications go
 * out.  Transactions whose "wait" is not yet satisfied are kept and run
 * again after each commit and when they time out.  A connection whose
 * unsent output exceeds SERVER_MAX_BACKLOG (a client that does not read
 * its monitor updates) is dropped, so it cannot make the server grow
 * without bound; others are never held up by it.
 *
 * Runs in, and may only be called from, the thread of its event_base. */
#ifndef DBSERVER_SERVER_H
#define DBSERVER_SERVER_H 1

#include <stddef.h>

struct db;
struct event_base;
struct store;

#define SERVER_MAX_BACKLOG ((size_t) 64 * 1024 * 1024)

struct server;

/* Starts serving 'db' (persisted in 'store'; neither is owned) on the unix
 * socket 'path' (mode 0660).  Returns 0 and stores the server in
 * '*serverp', or returns an errno value. */
int server_create(struct event_base *, struct db *, struct store *,
                  const char *path, struct server **serverp);

/* Closes every connection and the socket (unlinking it).  Accepts NULL. */
void server_destroy(struct server *);

#endif /* dbserver/server.h */
