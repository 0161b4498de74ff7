#include "dbserver/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(store);

struct store {
    sqlite3 *sql;
    char *path;
    sqlite3_stmt *put;          /* INSERT OR REPLACE one row. */
    sqlite3_stmt *del;          /* DELETE one row. */
};

/* Steps that bring the store format from 'version - 1' to 'version'. */
struct format_step {
    int version;
    const char *sql;
};

static const struct format_step format_steps[] = {
    { 1,
      "CREATE TABLE IF NOT EXISTS meta ("
      "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS rows ("
      "  tbl TEXT NOT NULL, uuid TEXT NOT NULL, data TEXT NOT NULL,"
      "  PRIMARY KEY (tbl, uuid));" },
};

/* Creates the directories leading to 'path'.  Returns 0 or an errno. */
static int
make_parent_dirs(const char *path)
{
    char *dir = xstrdup(path);
    int error = 0;
    for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (mkdir(dir, 0755) && errno != EEXIST) {
            error = errno;
            break;
        }
        *p = '/';
    }
    free(dir);
    return error;
}

static int
sql_exec(struct store *store, const char *sql, char **errorp)
{
    char *msg = NULL;
    if (sqlite3_exec(store->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
        *errorp = xasprintf("%s: %s", store->path,
                            msg ? msg : sqlite3_errmsg(store->sql));
        sqlite3_free(msg);
        return EIO;
    }
    return 0;
}

/* Returns the single integer result of 'sql', or -1 on error. */
static long long
sql_int(struct store *store, const char *sql)
{
    sqlite3_stmt *stmt;
    long long value = -1;
    if (sqlite3_prepare_v2(store->sql, sql, -1, &stmt, NULL) == SQLITE_OK) {
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            value = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
    }
    return value;
}

/* Returns the meta value for 'key' as a new string, or NULL. */
static char *
meta_get(struct store *store, const char *key)
{
    sqlite3_stmt *stmt;
    char *value = NULL;
    if (sqlite3_prepare_v2(store->sql,
                           "SELECT value FROM meta WHERE key = ?", -1,
                           &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            value = xstrdup((const char *) sqlite3_column_text(stmt, 0));
        }
        sqlite3_finalize(stmt);
    }
    return value;
}

static int
meta_set(struct store *store, const char *key, const char *value,
         char **errorp)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(store->sql,
                                "INSERT OR REPLACE INTO meta (key, value) "
                                "VALUES (?, ?)", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(stmt);
    }
    if (rc != SQLITE_OK) {
        *errorp = xasprintf("%s: %s", store->path,
                            sqlite3_errmsg(store->sql));
        return EIO;
    }
    return 0;
}

/* Compares dotted version strings "x.y.z" numerically. */
static int
version_compare(const char *a, const char *b)
{
    for (;;) {
        char *end_a, *end_b;
        unsigned long x = strtoul(a, &end_a, 10);
        unsigned long y = strtoul(b, &end_b, 10);
        if (x != y) {
            return x < y ? -1 : 1;
        }
        if (*end_a != '.' && *end_b != '.') {
            return 0;
        }
        a = *end_a == '.' ? end_a + 1 : end_a;
        b = *end_b == '.' ? end_b + 1 : end_b;
    }
}

/* Brings the store format up to STORE_FORMAT_VERSION inside the current
 * SQLite transaction.  Returns 0 or an errno value. */
static int
upgrade_format(struct store *store, char **errorp)
{
    long long version = sql_int(store, "PRAGMA user_version");
    if (version < 0) {
        *errorp = xasprintf("%s: cannot read store format version: %s",
                            store->path, sqlite3_errmsg(store->sql));
        return EIO;
    }
    if (version > STORE_FORMAT_VERSION) {
        *errorp = xasprintf("%s: store format version %lld is newer than "
                            "the supported version %d; use a newer "
                            "sluice-dbserver", store->path, version,
                            STORE_FORMAT_VERSION);
        return EPROTO;
    }
    for (size_t i = 0; i < ARRAY_SIZE(format_steps); i++) {
        const struct format_step *step = &format_steps[i];
        if (step->version > version) {
            int error = sql_exec(store, step->sql, errorp);
            if (error) {
                return error;
            }
            if (version > 0) {
                VLOG_INFO("%s: upgraded store format from version %lld "
                          "to %d", store->path, version, step->version);
            }
        }
    }
    char *sql = xasprintf("PRAGMA user_version = %d", STORE_FORMAT_VERSION);
    int error = sql_exec(store, sql, errorp);
    free(sql);
    return error;
}

/* Loads every row into 'db'.  Rows of tables that the schema no longer
 * has, and values of columns it no longer has, are dropped and counted in
 * '*n_dropped'. */
static int
load_rows(struct store *store, struct db *db, size_t *n_dropped,
          char **errorp)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(store->sql,
                                "SELECT tbl, uuid, data FROM rows", -1,
                                &stmt, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *tbl = (const char *) sqlite3_column_text(stmt, 0);
        const char *uuid_s = (const char *) sqlite3_column_text(stmt, 1);
        const char *data = (const char *) sqlite3_column_text(stmt, 2);
        struct db_table *table = db_find_table(db, tbl);
        struct uuid uuid;

        rc = SQLITE_OK;
        if (!table || !uuid_from_string(&uuid, uuid_s)) {
            (*n_dropped)++;
            continue;
        }
        json_t *json = json_loads(data, 0, NULL);
        struct db_row *row = db_row_create(table->schema, &uuid);
        if (!json || db_row_set_from_json(row, json, n_dropped)) {
            VLOG_WARN("%s: dropping unreadable row %s in table %s",
                      store->path, uuid_s, tbl);
            (*n_dropped)++;
            db_row_destroy(row);
        } else {
            db_umap_insert(&table->rows, &row->node);
        }
        json_decref(json);
    }
    if (rc != SQLITE_DONE) {
        *errorp = xasprintf("%s: cannot load rows: %s", store->path,
                            sqlite3_errmsg(store->sql));
        sqlite3_finalize(stmt);
        return EIO;
    }
    sqlite3_finalize(stmt);
    return 0;
}

static int
write_row(struct store *store, const char *table, const struct db_row *row)
{
    char uuid_s[UUID_LEN + 1];
    uuid_format(db_row_uuid(row), uuid_s);
    json_t *json = db_row_to_json(row, true);
    char *data = json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(json);

    sqlite3_reset(store->put);
    sqlite3_bind_text(store->put, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(store->put, 2, uuid_s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(store->put, 3, data, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(store->put);
    free(data);
    return rc == SQLITE_DONE ? 0 : EIO;
}

static int
delete_row(struct store *store, const char *table, const struct uuid *uuid)
{
    char uuid_s[UUID_LEN + 1];
    uuid_format(uuid, uuid_s);
    sqlite3_reset(store->del);
    sqlite3_bind_text(store->del, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(store->del, 2, uuid_s, -1, SQLITE_TRANSIENT);
    return sqlite3_step(store->del) == SQLITE_DONE ? 0 : EIO;
}

/* Rewrites every row of 'db' in the current schema's form and records the
 * schema, inside the current SQLite transaction. */
static int
rewrite_all(struct store *store, const struct db *db, char **errorp)
{
    int error = sql_exec(store, "DELETE FROM rows", errorp);
    for (size_t i = 0; !error && i < db->n_tables; i++) {
        const struct db_table *table = &db->tables[i];
        size_t n;
        struct db_hnode **nodes = db_umap_nodes(&table->rows, &n);
        for (size_t j = 0; !error && j < n; j++) {
            error = write_row(store, table->schema->name,
                              CONTAINER_OF(nodes[j], struct db_row, node));
        }
        free(nodes);
    }
    if (error && !*errorp) {
        *errorp = xasprintf("%s: cannot write rows: %s", store->path,
                            sqlite3_errmsg(store->sql));
    }
    return error;
}

/* Compares the file's schema version with 'db''s, migrating older files.
 * Runs inside the SQLite transaction of store_open(). */
static int
check_schema(struct store *store, struct db *db, char **errorp)
{
    const struct ovsdb_schema *schema = db->schema;
    char *name = meta_get(store, "schema_name");
    char *version = meta_get(store, "schema_version");
    size_t n_dropped = 0;
    int error = 0;

    if (name && strcmp(name, schema->name)) {
        *errorp = xasprintf("%s: holds database \"%s\", not \"%s\"",
                            store->path, name, schema->name);
        error = EPROTO;
    } else if (version && version_compare(version, schema->version) > 0) {
        *errorp = xasprintf("%s: schema version %s is newer than the "
                            "supported version %s; use a newer "
                            "sluice-dbserver", store->path, version,
                            schema->version);
        error = EPROTO;
    } else {
        error = load_rows(store, db, &n_dropped, errorp);
        if (!error && version && (version_compare(version,
                                                  schema->version) < 0
                                  || n_dropped)) {
            VLOG_INFO("%s: migrating from schema version %s to %s "
                      "(%zu obsolete values dropped, new columns take "
                      "their defaults)", store->path, version,
                      schema->version, n_dropped);
            error = rewrite_all(store, db, errorp);
        }
        if (!error && (!version || strcmp(version, schema->version))) {
            json_t *json = ovsdb_schema_to_json(schema);
            char *text = json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS);
            json_decref(json);
            error = (meta_set(store, "schema_name", schema->name, errorp)
                     || meta_set(store, "schema_version", schema->version,
                                 errorp)
                     || meta_set(store, "schema", text, errorp)) ? EIO : 0;
            free(text);
        }
    }
    free(name);
    free(version);
    return error;
}

int
store_open(const char *path, struct ovsdb_schema *schema,
           struct store **storep, struct db **dbp, char **errorp)
{
    struct store *store = xzalloc(sizeof *store);
    struct db *db = db_create(schema);
    int error;

    *storep = NULL;
    *dbp = NULL;
    *errorp = NULL;
    store->path = xstrdup(path);

    error = make_parent_dirs(path);
    if (error) {
        *errorp = xasprintf("%s: cannot create directory: %s", path,
                            strerror(error));
        goto fail;
    }
    if (sqlite3_open_v2(path, &store->sql,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                        | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        *errorp = xasprintf("%s: cannot open: %s", path,
                            store->sql ? sqlite3_errmsg(store->sql)
                                       : "out of memory");
        error = EIO;
        goto fail;
    }
    sqlite3_busy_timeout(store->sql, 5000);
    error = sql_exec(store, "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = FULL;", errorp);
    if (error) {
        goto fail;
    }
    error = sql_exec(store, "BEGIN IMMEDIATE", errorp);
    if (error) {
        goto fail;
    }
    error = upgrade_format(store, errorp);
    if (!error
        && (sqlite3_prepare_v2(store->sql,
                               "INSERT OR REPLACE INTO rows (tbl, uuid, data)"
                               " VALUES (?, ?, ?)", -1, &store->put, NULL)
            || sqlite3_prepare_v2(store->sql,
                                  "DELETE FROM rows WHERE tbl = ? AND "
                                  "uuid = ?", -1, &store->del, NULL))) {
        *errorp = xasprintf("%s: %s", path, sqlite3_errmsg(store->sql));
        error = EIO;
    }
    if (!error) {
        error = check_schema(store, db, errorp);
    }
    if (!error) {
        error = sql_exec(store, "COMMIT", errorp);
    }
    if (error) {
        sqlite3_exec(store->sql, "ROLLBACK", NULL, NULL, NULL);
        goto fail;
    }
    *storep = store;
    *dbp = db;
    return 0;

fail:
    store_close(store);
    db_destroy(db);
    return error;
}

int
store_commit(struct store *store, const struct db_txn *txn, char **errorp)
{
    *errorp = NULL;
    int error = sql_exec(store, "BEGIN IMMEDIATE", errorp);
    if (error) {
        return error;
    }
    for (size_t i = 0; !error && i < txn->n_changes; i++) {
        const struct db_txn_row *change = txn->changes[i];
        if (!db_txn_row_changed(change)) {
            continue;
        }
        const char *table = change->table->schema->name;
        error = (change->new
                 ? write_row(store, table, change->new)
                 : delete_row(store, table, &change->node.uuid));
    }
    if (error) {
        *errorp = xasprintf("%s: cannot write: %s", store->path,
                            sqlite3_errmsg(store->sql));
    } else {
        error = sql_exec(store, "COMMIT", errorp);
    }
    if (error) {
        sqlite3_exec(store->sql, "ROLLBACK", NULL, NULL, NULL);
    }
    return error;
}

void
store_close(struct store *store)
{
    if (store) {
        sqlite3_finalize(store->put);
        sqlite3_finalize(store->del);
        sqlite3_close(store->sql);
        free(store->path);
        free(store);
    }
}
