/* switchd's OVSDB client: a replica of the configuration that switchd
 * needs, kept current from the database server, plus write-back.
 *
 * The client connects to the server's unix socket, fetches the schema
 * (get_schema), monitors the Open_vSwitch, Bridge, Port and Interface
 * tables (only the columns switchd reads or writes, and only those the
 * schema has) and applies each "update" notification to an in-memory
 * replica of rows.  If the connection fails or the server goes away, the
 * replica is kept as it was (so switchd keeps forwarding with the last
 * configuration it saw) and the client reconnects with exponential
 * backoff, 0.1 s doubling up to 8 s; on reconnection the replica is
 * replaced by the fresh monitor snapshot.
 *
 * Rows are JSON objects as the server sent them; the db_row_get_*()
 * helpers parse a column with the schema's type (lib/ovsdb-data.h), and
 * use the column's default when the server left it out.
 *
 * Thread: everything here runs in the control thread, the one that runs
 * the event_base given to db_client_create(). */
#ifndef SLUICE_SWITCHD_DB_CLIENT_H
#define SLUICE_SWITCHD_DB_CLIENT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "lib/uuid.h"

struct event_base;
struct db_client;
struct ovsdb_table_schema;

/* One replicated row. */
struct db_row {
    struct uuid uuid;
    json_t *json;                       /* Column name -> JSON <value>. */
    const struct ovsdb_table_schema *table;
};

/* Called after the replica changed: once after each (re)connection's
 * snapshot, and after each update notification. */
typedef void db_client_change_cb(void *aux);

/* Creates a client for the database server at unix socket 'path' in
 * 'base' and starts connecting.  'change_cb' is called with 'aux' as
 * described above. */
struct db_client *db_client_create(struct event_base *base, const char *path,
                                   db_client_change_cb *change_cb,
                                   void *aux);

/* Closes the connection and frees the replica.  Accepts NULL. */
void db_client_destroy(struct db_client *);

/* True if the client is connected and its replica is current. */
bool db_client_is_connected(const struct db_client *);

/* Number of successful connections so far (changes on each reconnect,
 * so a caller can tell that the server may have lost ephemeral data). */
unsigned int db_client_connection_seqno(const struct db_client *);

/* Rows of 'table' ("Bridge", ...) in the replica: stores the array in
 * '*rowsp' (owned by the client, valid until control returns to the event
 * loop) and returns their number.  Returns 0 for an unknown table. */
size_t db_client_rows(const struct db_client *, const char *table,
                      struct db_row *const **rowsp);

/* Returns the row of 'table' with 'uuid', or NULL. */
const struct db_row *db_client_find(const struct db_client *,
                                    const char *table,
                                    const struct uuid *uuid);

/* Sends 'ops' (a JSON array of RFC 7047 operations, reference stolen) as
 * one "transact" on the monitored database.  Errors in the reply are
 * logged.  If the client is not connected, the operations are dropped:
 * callers write state derived from the replica, and rewrite it after a
 * reconnection. */
void db_client_transact(struct db_client *, json_t *ops);

/* Column accessors.  Each parses column 'column' of 'row' with its schema
 * type; a column missing from the schema reads as empty. */

/* The string of a string or optional-string column, as a new string, or
 * NULL if the column is empty. */
char *db_row_get_string(const struct db_row *, const char *column);

/* Stores the integer of an integer or optional-integer column in '*value'
 * and returns true, or returns false if the column is empty. */
bool db_row_get_integer(const struct db_row *, const char *column,
                        int64_t *value);

/* Stores the integers of an integer-set column in a new array in
 * '*valuesp' (caller frees) and returns their number. */
size_t db_row_get_integers(const struct db_row *, const char *column,
                           int64_t **valuesp);

/* Stores the UUIDs of a uuid-set column in a new array in '*uuidsp'
 * (caller frees) and returns their number. */
size_t db_row_get_uuids(const struct db_row *, const char *column,
                        struct uuid **uuidsp);

/* Returns the value for 'key' in string-to-string map column 'column', as
 * a new string, or NULL if the key is absent. */
char *db_row_get_map_value(const struct db_row *, const char *column,
                           const char *key);

/* True if 'row''s column 'column' holds the same data as the RFC 7047
 * <value> 'value' (parsed with the column's type).  False if 'value' does
 * not parse or the schema has no such column. */
bool db_row_column_equals(const struct db_row *, const char *column,
                          const json_t *value);

#endif /* switchd/db-client.h */
