/* Unit tests of sluice-dbserver's SQLite store (dbserver/store.c):
 * reloading what was committed, ephemeral columns, schema migration and
 * refusal of files from newer versions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "dbserver/database.h"
#include "dbserver/store.h"
#include "dbserver/transact.h"
#include "lib/util.h"

static json_t *
J(const char *text)
{
    char *s = xstrdup(text);
    for (char *p = s; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    json_t *json = json_loads(s, 0, NULL);
    assert_non_null(json);
    free(s);
    return json;
}

/* Version 1.0.0 of a schema: table Thing with a column "old" that version
 * 2.0.0 drops and without "fresh", which 2.0.0 adds. */
static const char schema_v1[] =
    "{'name': 'S', 'version': '1.0.0', 'tables': {"
    " 'Thing': {'isRoot': true, 'columns': {"
    "  'name': {'type': 'string'},"
    "  'old': {'type': 'integer'},"
    "  'eph': {'type': 'integer', 'ephemeral': true},"
    "  'tags': {'type': {'key': 'string', 'min': 0, 'max': 'unlimited'}}}},"
    " 'Gone': {'isRoot': true, 'columns': {'x': {'type': 'integer'}}}}}";

static const char schema_v2[] =
    "{'name': 'S', 'version': '2.0.0', 'tables': {"
    " 'Thing': {'isRoot': true, 'columns': {"
    "  'name': {'type': 'string'},"
    "  'fresh': {'type': {'key': 'integer', 'min': 0, 'max': 1}},"
    "  'eph': {'type': 'integer', 'ephemeral': true},"
    "  'tags': {'type': {'key': 'string', 'min': 0, 'max': 'unlimited'}}}}}}";

static struct ovsdb_schema *
schema(const char *text)
{
    json_t *json = J(text);
    struct ovsdb_schema *s;
    assert_null(ovsdb_schema_from_json(json, &s));
    json_decref(json);
    return s;
}

struct fixture {
    char dir[64];
    char path[128];
};

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);
    strcpy(f->dir, "/tmp/sltest-dbstore.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/sub/dir/conf.db", f->dir);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char *cmd = xasprintf("rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(f);
    return 0;
}

/* Runs 'ops' and makes it durable, as the server does. */
static void
commit(struct db *db, struct store *store, const char *ops)
{
    json_t *params = J(ops);
    json_array_insert_new(params, 0, json_string(db->schema->name));
    struct db_txn *txn;
    long long retry;
    json_t *r = transact_execute(db, params, 0, &txn, &retry);
    assert_non_null(txn);
    char *error;
    assert_int_equal(store_commit(store, txn, &error), 0);
    db_txn_commit(txn);
    json_decref(r);
    json_decref(params);
}

static json_t *
select_all(struct db *db, const char *table)
{
    char *ops = xasprintf("['%s', {'op': 'select', 'table': '%s', "
                          "'where': []}]", db->schema->name, table);
    json_t *params = J(ops);
    struct db_txn *txn;
    long long retry;
    json_t *r = transact_execute(db, params, 0, &txn, &retry);
    json_t *rows = json_incref(json_object_get(json_array_get(r, 0),
                                               "rows"));
    json_decref(r);
    json_decref(params);
    free(ops);
    return rows;
}

static void
open_ok(const char *path, const char *schema_text, struct store **store,
        struct db **db)
{
    char *error;
    int rc = store_open(path, schema(schema_text), store, db, &error);
    if (rc) {
        fail_msg("store_open: %s", error);
    }
}

static void
test_reload(void **state)
{
    struct fixture *f = *state;
    struct store *store;
    struct db *db;
    open_ok(f->path, schema_v1, &store, &db);
    commit(db, store, "[{'op': 'insert', 'table': 'Thing', 'row': "
           "{'name': 'a', 'old': 1, 'eph': 5, 'tags': ['set', ['x', 'y']]}},"
           "{'op': 'insert', 'table': 'Thing', 'row': {'name': 'b'}}]");
    commit(db, store, "[{'op': 'update', 'table': 'Thing', 'where': "
           "[['name', '==', 'b']], 'row': {'old': 7}}]");
    commit(db, store, "[{'op': 'insert', 'table': 'Thing', 'row': "
           "{'name': 'c'}}]");
    commit(db, store, "[{'op': 'delete', 'table': 'Thing', 'where': "
           "[['name', '==', 'c']]}]");
    json_t *before = select_all(db, "Thing");
    store_close(store);
    db_destroy(db);

    /* Whatever the umask, the file is never world-writable. */
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0002, 0);

    open_ok(f->path, schema_v1, &store, &db);
    json_t *after = select_all(db, "Thing");
    assert_int_equal(json_array_size(after), 2);
    /* Same rows, _uuid and _version included, except that the ephemeral
     * column starts from its default. */
    for (size_t i = 0; i < json_array_size(before); i++) {
        json_object_set_new(json_array_get(before, i), "eph",
                            json_integer(0));
    }
    size_t matched = 0;
    for (size_t i = 0; i < 2; i++) {
        for (size_t j = 0; j < 2; j++) {
            matched += json_equal(json_array_get(before, i),
                                  json_array_get(after, j));
        }
    }
    assert_int_equal(matched, 2);
    json_decref(before);
    json_decref(after);
    store_close(store);
    db_destroy(db);
}

static void
test_migration(void **state)
{
    struct fixture *f = *state;
    struct store *store;
    struct db *db;
    open_ok(f->path, schema_v1, &store, &db);
    commit(db, store, "[{'op': 'insert', 'table': 'Thing', 'row': "
           "{'name': 'a', 'old': 1, 'tags': 'x'}},"
           "{'op': 'insert', 'table': 'Gone', 'row': {'x': 1}}]");
    store_close(store);
    db_destroy(db);

    open_ok(f->path, schema_v2, &store, &db);
    json_t *rows = select_all(db, "Thing");
    assert_int_equal(json_array_size(rows), 1);
    json_t *row = json_array_get(rows, 0);
    assert_string_equal(json_string_value(json_object_get(row, "name")),
                        "a");
    assert_string_equal(json_string_value(json_object_get(row, "tags")),
                        "x");
    assert_null(json_object_get(row, "old"));
    json_t *empty = J("['set', []]");
    assert_true(json_equal(json_object_get(row, "fresh"), empty));
    json_decref(empty);
    json_decref(rows);
    store_close(store);
    db_destroy(db);

    /* The file now says 2.0.0 and holds rows in the new form only. */
    sqlite3 *sql;
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_open(f->path, &sql), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(
                         sql, "SELECT value FROM meta WHERE key = "
                         "'schema_version'", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *) sqlite3_column_text(stmt, 0),
                        "2.0.0");
    sqlite3_finalize(stmt);
    assert_int_equal(sqlite3_prepare_v2(
                         sql, "SELECT count(*) FROM rows WHERE data LIKE "
                         "'%\"old\"%' OR tbl = 'Gone'", -1, &stmt, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), 0);
    sqlite3_finalize(stmt);
    sqlite3_close(sql);

    /* Going back to 1.0.0 is refused, and the file is left alone. */
    char *error;
    assert_int_not_equal(store_open(f->path, schema(schema_v1), &store, &db,
                                    &error), 0);
    assert_null(store);
    assert_null(db);
    assert_non_null(strstr(error, "newer"));
    free(error);
    open_ok(f->path, schema_v2, &store, &db);
    store_close(store);
    db_destroy(db);
}

static void
test_newer_format_refused(void **state)
{
    struct fixture *f = *state;
    struct store *store;
    struct db *db;
    open_ok(f->path, schema_v1, &store, &db);
    store_close(store);
    db_destroy(db);

    sqlite3 *sql;
    assert_int_equal(sqlite3_open(f->path, &sql), SQLITE_OK);
    assert_int_equal(sqlite3_exec(sql, "PRAGMA user_version = 99", NULL,
                                  NULL, NULL), SQLITE_OK);
    sqlite3_close(sql);

    char *error;
    assert_int_not_equal(store_open(f->path, schema(schema_v1), &store, &db,
                                    &error), 0);
    assert_non_null(strstr(error, "store format version 99"));
    free(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_format_refused, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
