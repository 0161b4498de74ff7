/* The in-memory copy of the OVSDB database that sluice-dbserver serves,
 * and transactions on it.
 *
 * The whole database lives in memory, as in OVSDB: conditions, monitors
 * and commit-time checks are evaluated here; SQLite (dbserver/store.c) is
 * only the durable copy.  A row holds one datum per column of its table
 * schema, including "_uuid" (OVSDB_COL_UUID) and "_version"
 * (OVSDB_COL_VERSION).
 *
 * A 'struct db_txn' records changes without touching the committed rows:
 * each changed row has its committed version ('old', NULL if inserted) and
 * its working copy ('new', NULL if deleted).  Readers of the transaction
 * see the working copies; everyone else sees the committed rows until
 * db_txn_commit().  Dropping the transaction leaves the database exactly
 * as it was.
 *
 * Single-threaded: only the thread that owns the database may call these
 * functions. */
#ifndef DBSERVER_DATABASE_H
#define DBSERVER_DATABASE_H 1

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "lib/ovsdb-data.h"
#include "lib/uuid.h"

/* A node in a 'struct db_umap', keyed by UUID. */
struct db_hnode {
    struct db_hnode *next;
    struct uuid uuid;
};

/* A chained hash table of 'struct db_hnode's keyed by UUID. */
struct db_umap {
    struct db_hnode **buckets;
    size_t n_buckets;           /* Zero or a power of 2. */
    size_t n;
};

void db_umap_init(struct db_umap *);
void db_umap_destroy(struct db_umap *);   /* Frees buckets, not nodes. */
void db_umap_insert(struct db_umap *, struct db_hnode *);
void db_umap_remove(struct db_umap *, struct db_hnode *);
struct db_hnode *db_umap_find(const struct db_umap *, const struct uuid *);
/* Returns all nodes of 'map' in a new array (caller frees), or NULL if
 * empty; stores the count in '*n'. */
struct db_hnode **db_umap_nodes(const struct db_umap *, size_t *n);

struct db_row {
    struct db_hnode node;       /* In its table's 'rows'; 'uuid' is key. */
    const struct ovsdb_table_schema *table;
    struct ovsdb_datum fields[];    /* One per column of 'table'. */
};

struct db_table {
    const struct ovsdb_table_schema *schema;
    struct db_umap rows;        /* Committed 'struct db_row's. */
};

struct db {
    struct ovsdb_schema *schema;    /* Owned. */
    size_t n_tables;
    struct db_table *tables;        /* Parallel to schema->tables. */
};

/* Creates an empty database for 'schema', taking ownership of it. */
struct db *db_create(struct ovsdb_schema *schema);
void db_destroy(struct db *);       /* Accepts NULL. */
/* Returns the table named 'name' or NULL. */
struct db_table *db_find_table(const struct db *, const char *name);
/* Returns the table whose schema is 'ts'. */
struct db_table *db_table_for(const struct db *,
                              const struct ovsdb_table_schema *ts);
const struct db_row *db_table_find_row(const struct db_table *,
                                       const struct uuid *);

/* Rows. */

/* Returns a new row of 'ts' with UUID 'uuid', a fresh _version and the
 * default value in every other column. */
struct db_row *db_row_create(const struct ovsdb_table_schema *ts,
                             const struct uuid *uuid);
struct db_row *db_row_clone(const struct db_row *);
void db_row_destroy(struct db_row *);     /* Accepts NULL. */
static inline const struct uuid *
db_row_uuid(const struct db_row *row)
{
    return &row->node.uuid;
}
/* Returns the row as a JSON object of columns (new reference).  With
 * 'persistent', leaves out "_uuid" and ephemeral columns, as the store
 * writes it; otherwise includes every column. */
json_t *db_row_to_json(const struct db_row *, bool persistent);
/* Sets the columns of 'row' from the JSON object 'json' written by
 * db_row_to_json(row, true), perhaps under an older schema: names that are
 * not columns are skipped (counted in '*n_dropped'), missing columns keep
 * their defaults, and values that no longer fit their column are replaced
 * by the default (also counted).  Returns 0 or EINVAL if 'json' is not an
 * object. */
int db_row_set_from_json(struct db_row *, const json_t *json,
                         size_t *n_dropped);

/* Transactions. */

struct db_txn_row {
    struct db_hnode node;       /* In the txn's per-table map. */
    struct db_table *table;
    const struct db_row *old;   /* Committed row, or NULL if inserted. */
    struct db_row *new;         /* Working copy, or NULL if deleted; equal
                                 * to 'old' (cast) if finally unchanged. */
};

struct db_txn {
    struct db *db;
    struct db_umap *maps;       /* One per table, of db_txn_row. */
    size_t n_changes;
    struct db_txn_row **changes;    /* In order of first change. */
};

struct db_txn *db_txn_create(struct db *);
/* Forgets the transaction; the database is unchanged.  Accepts NULL. */
void db_txn_abort(struct db_txn *);
/* Returns the row with 'uuid' in 'table' as the transaction sees it, or
 * NULL. */
const struct db_row *db_txn_get_row(const struct db_txn *, struct db_table *,
                                    const struct uuid *);
/* Returns every row of 'table' as the transaction sees it, in a new array
 * that the caller frees (NULL if none); stores the count in '*n'.  The
 * pointers stay valid until the row is next modified or deleted. */
const struct db_row **db_txn_rows(const struct db_txn *, struct db_table *,
                                  size_t *n);
/* Inserts a new row with 'uuid' into 'table' with default values and
 * returns it for the caller to fill in.  The caller must have checked that
 * no row with 'uuid' exists. */
struct db_row *db_txn_insert(struct db_txn *, struct db_table *,
                             const struct uuid *);
/* Returns a writable working copy of 'row' (a row the transaction sees). */
struct db_row *db_txn_modify(struct db_txn *, struct db_table *,
                             const struct db_row *row);
/* Deletes 'row' (a row the transaction sees). */
void db_txn_delete(struct db_txn *, struct db_table *,
                   const struct db_row *row);
/* Finds changes that leave a row exactly as committed and turns them
 * into no-ops; gives every really modified or inserted row a new
 * _version.  Returns true if anything changes at all. */
bool db_txn_finalize(struct db_txn *);
/* Returns true if 'change' really changes something. */
static inline bool
db_txn_row_changed(const struct db_txn_row *change)
{
    return (const struct db_row *) change->new != change->old;
}
/* Applies the changes to the database and frees the transaction. */
void db_txn_commit(struct db_txn *);

#endif /* dbserver/database.h */
