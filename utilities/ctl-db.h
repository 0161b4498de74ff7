/* sluice-ctl's database session: the connection to sluice-dbserver, the
 * schema it serves, a local copy of every row, and the transaction that
 * turns local edits into one OVSDB "transact".
 *
 * The flow of one sluice-ctl run, as in ovs-vsctl:
 *   1. ctl_db_open() connects and fetches the schema;
 *   2. ctl_db_fetch() reads every table into the local copy;
 *   3. commands read and edit rows through ctl_row_*();
 *   4. ctl_db_commit() sends the edits, plus "next_cfg += 1", as one
 *      transaction guarded by "wait" operations on every column it
 *      rewrites; if another client changed one of them meanwhile, it
 *      returns CTL_COMMIT_TRY_AGAIN and the caller starts over at step 2;
 *   5. ctl_db_wait_cfg() waits until the switch reports cur_cfg caught up.
 *
 * Rows inserted locally get a placeholder UUID; it is sent as a
 * "named-uuid" and replaced by the real one after the commit.  Every
 * function prints nothing: errors come back as malloc'd one-line messages
 * for the caller to print.  Single-threaded (a command-line tool). */
#ifndef SLUICE_CTL_DB_H
#define SLUICE_CTL_DB_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ovsdb-data.h"
#include "lib/uuid.h"

struct jsonrpc_client;

struct ctl_row {
    struct ctl_table *table;
    struct uuid uuid;           /* Real, or a placeholder if 'inserted'. */
    bool inserted;              /* Created by this run, not yet committed. */
    bool deleted;               /* To be deleted by the commit. */
    struct ovsdb_datum *old;    /* As fetched, per column; NULL if new. */
    struct ovsdb_datum *cur;    /* Current local value, per column. */
};

struct ctl_table {
    const struct ovsdb_table_schema *schema;
    struct ctl_row **rows;      /* Includes deleted rows. */
    size_t n_rows;
    size_t allocated;
};

struct ctl_db {
    struct jsonrpc_client *client;
    char *path;                 /* Socket path, for messages. */
    struct ovsdb_schema *schema;
    struct ctl_table *tables;   /* Parallel to schema->tables. */
    long long deadline;         /* time_msec() limit, or LLONG_MAX. */
    bool force_commit;          /* Commit (bump next_cfg) even if clean. */

    /* Interfaces that the last commit inserted or changed (real UUIDs). */
    struct uuid *iface_uuids;
    size_t n_iface_uuids;
};

/* Connects to the OVSDB socket 'path' and fetches the schema.  Every
 * request must complete before 'deadline' (a time_msec() value, LLONG_MAX
 * for none).  On success stores the session in '*dbp' and returns NULL;
 * otherwise returns an error message. */
char *ctl_db_open(const char *path, long long deadline, struct ctl_db **dbp);
void ctl_db_close(struct ctl_db *);          /* Accepts NULL. */

/* Returns a session without a connection, with empty tables over 'schema'
 * (which it takes over), for unit tests: rows can be inserted and
 * commands run, but nothing can be fetched or committed. */
struct ctl_db *ctl_db_create_offline(struct ovsdb_schema *schema);

/* Discards the local copy and reads every row of every table again. */
char *ctl_db_fetch(struct ctl_db *);

/* Returns the local table named exactly 'name', or NULL. */
struct ctl_table *ctl_db_table(struct ctl_db *, const char *name);

/* Returns the live (not deleted) row of 'table' with 'uuid', or NULL. */
struct ctl_row *ctl_table_find(const struct ctl_table *,
                               const struct uuid *uuid);

/* Returns the single live row of the root table Open_vSwitch, or NULL if
 * the table is empty.  ctl_db_ensure_root() inserts one when missing. */
struct ctl_row *ctl_db_root(struct ctl_db *);
struct ctl_row *ctl_db_ensure_root(struct ctl_db *);

/* Returns the column schema of 'row' named 'column'; aborts if there is
 * none, since callers name columns from our own schema. */
const struct ovsdb_column_schema *ctl_row_column(const struct ctl_row *,
                                                 const char *column);

/* Returns the current value of 'row''s column 'column'. */
const struct ovsdb_datum *ctl_row_get(const struct ctl_row *,
                                      const char *column);
const struct ovsdb_datum *ctl_row_get_col(
    const struct ctl_row *, const struct ovsdb_column_schema *);

/* Returns the first string of 'column' (e.g. "name"), or "" if empty. */
const char *ctl_row_get_string(const struct ctl_row *, const char *column);

/* Replaces the value of 'column' with 'datum', whose atoms it takes over
 * (the caller must not destroy 'datum' afterwards). */
void ctl_row_set(struct ctl_row *, const struct ovsdb_column_schema *,
                 struct ovsdb_datum *datum);
void ctl_row_set_string(struct ctl_row *, const char *column,
                        const char *value);

/* Adds the UUID of 'target' to, or removes it from, the uuid-set column
 * 'column' of 'row'. */
void ctl_row_ref_add(struct ctl_row *, const char *column,
                     const struct ctl_row *target);
void ctl_row_ref_remove(struct ctl_row *, const char *column,
                        const struct ctl_row *target);

/* Returns a new row of 'table' with default values, to be inserted. */
struct ctl_row *ctl_row_insert(struct ctl_table *);
/* Marks 'row' for deletion.  References to it are the caller's job. */
void ctl_row_delete(struct ctl_row *);

/* Returns true if 'row' is new or has a column that differs from what was
 * fetched. */
bool ctl_row_is_changed(const struct ctl_row *);

enum ctl_commit_result {
    CTL_COMMIT_UNCHANGED,       /* Nothing to send; nothing was sent. */
    CTL_COMMIT_OK,              /* Committed; '*next_cfgp' is set. */
    CTL_COMMIT_TRY_AGAIN,       /* A concurrent change; fetch and rerun. */
    CTL_COMMIT_ERROR,           /* '*errorp' says why. */
};

/* Sends every local change as one transaction that also increments
 * Open_vSwitch.next_cfg, and stores the new next_cfg in '*next_cfgp'.  On
 * success, inserted rows get their real UUIDs and the local copy becomes
 * the new "fetched" state.  'comment' (may be NULL) is recorded in the
 * server's log as a "comment" operation. */
enum ctl_commit_result ctl_db_commit(struct ctl_db *, const char *comment,
                                     int64_t *next_cfgp, char **errorp);

/* Reverts the changes of the last successful ctl_db_commit() in the local
 * copy (new rows become deletions, changed columns get their previous
 * values), so that another ctl_db_commit() undoes it.  Rows the commit
 * deleted cannot be brought back and stay deleted. */
void ctl_db_prepare_undo(struct ctl_db *);

/* Waits until Open_vSwitch.cur_cfg reaches 'next_cfg' or the deadline
 * passes.  Returns 0, ETIMEDOUT, or another errno value with a message in
 * '*errorp'. */
int ctl_db_wait_cfg(struct ctl_db *, int64_t next_cfg, char **errorp);

/* Reads the "error" column of every Interface that the last commit
 * inserted or changed.  Returns NULL on success and stores in '*msgsp' a
 * malloc'd array of '*n_msgsp' malloc'd messages, one per interface with
 * an error ('port "p1": error text').  Returns an error message if the
 * read failed. */
char *ctl_db_read_iface_errors(struct ctl_db *, char ***msgsp,
                               size_t *n_msgsp);

#endif /* utilities/ctl-db.h */
