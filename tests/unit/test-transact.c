/* Unit tests of sluice-dbserver's transaction semantics (dbserver/transact.c
 * on dbserver/database.c) and monitor updates (dbserver/monitor.c), on a
 * small test schema that exercises every type, plus the real schema for
 * garbage collection of the bridge/port/interface chain. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dbserver/database.h"
#include "dbserver/monitor.h"
#include "dbserver/schema.h"
#include "dbserver/transact.h"
#include "lib/util.h"

/* JSON written with single quotes, to keep the tests readable. */
static json_t *
J(const char *text)
{
    char *s = xstrdup(text);
    for (char *p = s; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    json_error_t err;
    json_t *json = json_loads(s, JSON_DECODE_ANY, &err);
    if (!json) {
        fail_msg("bad test JSON %s: %s", s, err.text);
    }
    free(s);
    return json;
}

static const char test_schema[] =
    "{'name': 'T', 'version': '1.2.3', 'tables': {"
    " 'Root': {'isRoot': true, 'maxRows': 3, 'indexes': [['name']],"
    "  'columns': {"
    "   'name': {'type': 'string', 'mutable': false},"
    "   's': {'type': 'string'},"
    "   'i': {'type': 'integer'},"
    "   'r': {'type': 'real'},"
    "   'b': {'type': 'boolean'},"
    "   'u': {'type': 'uuid'},"
    "   'oi': {'type': {'key': {'type': 'integer', 'maxInteger': 10},"
    "                   'min': 0, 'max': 1}},"
    "   'si': {'type': {'key': 'integer', 'min': 0, 'max': 3}},"
    "   'ss': {'type': {'key': 'string', 'min': 0, 'max': 'unlimited'}},"
    "   'm': {'type': {'key': 'string', 'value': 'string', 'min': 0,"
    "                  'max': 'unlimited'}},"
    "   'kids': {'type': {'key': {'type': 'uuid', 'refTable': 'Kid'},"
    "                     'min': 0, 'max': 'unlimited'}},"
    "   'weak': {'type': {'key': {'type': 'uuid', 'refTable': 'Kid',"
    "                             'refType': 'weak'},"
    "                     'min': 0, 'max': 'unlimited'}}}},"
    " 'W': {'isRoot': true, 'columns': {"
    "   'weak1': {'type': {'key': {'type': 'uuid', 'refTable': 'Kid',"
    "                              'refType': 'weak'},"
    "                      'min': 1, 'max': 1}}}},"
    " 'Kid': {'columns': {"
    "   'n': {'type': 'integer'},"
    "   'child': {'type': {'key': {'type': 'uuid', 'refTable': 'Kid'},"
    "                      'min': 0, 'max': 1}}}}}}";

static struct db *
make_db(const char *schema_text)
{
    json_t *json = J(schema_text);
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    json_decref(json);
    assert_null(error);
    return db_create(schema);
}

static struct db *
make_real_db(void)
{
    json_t *json = json_loads(dbserver_schema_text, 0, NULL);
    struct ovsdb_schema *schema;
    assert_null(ovsdb_schema_from_json(json, &schema));
    json_decref(json);
    return db_create(schema);
}

/* Runs transaction 'ops' (without the db name) and commits it in memory.
 * Returns the result array. */
static json_t *
run(struct db *db, const char *ops)
{
    json_t *params = J(ops);
    json_array_insert_new(params, 0, json_string(db->schema->name));
    struct db_txn *txn;
    long long retry;
    json_t *results = transact_execute(db, params, 0, &txn, &retry);
    assert_non_null(results);
    if (txn) {
        db_txn_commit(txn);
    }
    json_decref(params);
    return results;
}

/* Returns the "error" string of result 'i', or NULL. */
static const char *
error_at(const json_t *results, size_t i)
{
    return json_string_value(json_object_get(json_array_get(results, i),
                                             "error"));
}

/* Asserts that 'results' has 'n' elements and no error. */
static void
assert_ok(const json_t *results, size_t n)
{
    char *s = json_dumps(results, 0);
    if (json_array_size(results) != n) {
        fail_msg("expected %zu results: %s", n, s);
    }
    for (size_t i = 0; i < n; i++) {
        if (error_at(results, i)) {
            fail_msg("unexpected error: %s", s);
        }
    }
    free(s);
}

static void
assert_json_eq(const json_t *actual, const char *expected_text)
{
    json_t *expected = J(expected_text);
    if (!json_equal((json_t *) actual, expected)) {
        char *a = json_dumps(actual, JSON_SORT_KEYS);
        char *e = json_dumps(expected, JSON_SORT_KEYS);
        fail_msg("expected %s\n   got %s", e, a);
    }
    json_decref(expected);
}

/* Runs 'ops' and asserts that it fails with 'tag' at position 'pos'. */
static void
assert_fails(struct db *db, const char *ops, size_t pos, const char *tag)
{
    json_t *r = run(db, ops);
    const char *e = error_at(r, pos);
    if (!e || strcmp(e, tag) || json_array_size(r) != pos + 1) {
        char *s = json_dumps(r, 0);
        fail_msg("expected \"%s\" at %zu: %s", tag, pos, s);
    }
    json_decref(r);
}

/* The whole database as JSON, for checking that nothing changed. */
static json_t *
dump(const struct db *db)
{
    json_t *all = json_object();
    for (size_t t = 0; t < db->n_tables; t++) {
        json_t *rows = json_object();
        size_t n;
        struct db_hnode **nodes = db_umap_nodes(&db->tables[t].rows, &n);
        for (size_t i = 0; i < n; i++) {
            const struct db_row *row = CONTAINER_OF(nodes[i], struct db_row,
                                                    node);
            char s[UUID_LEN + 1];
            uuid_format(db_row_uuid(row), s);
            json_object_set_new(rows, s, db_row_to_json(row, false));
        }
        free(nodes);
        json_object_set_new(all, db->tables[t].schema->name, rows);
    }
    return all;
}

static size_t
n_rows(const struct db *db, const char *table)
{
    return db_find_table(db, table)->rows.n;
}

/* Selects column 'col' of the rows of 'table' matching 'where'. */
static json_t *
select_col(struct db *db, const char *table, const char *where,
           const char *col)
{
    char *ops = xasprintf("[{'op': 'select', 'table': '%s', 'where': %s, "
                          "'columns': ['%s']}]", table, where, col);
    json_t *r = run(db, ops);
    free(ops);
    assert_ok(r, 1);
    json_t *rows = json_incref(json_object_get(json_array_get(r, 0),
                                               "rows"));
    json_decref(r);
    return rows;
}

static void
test_insert_select(void **state)
{
    struct db *db = make_db(test_schema);
    json_t *r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': {"
                    "'name': 'a', 'i': 5, 'r': 1.5, 'b': true, "
                    "'ss': ['set', ['x', 'y']], 'm': ['map', [['k', 'v']]],"
                    "'kids': ['named-uuid', 'k1']}},"
                    "{'op': 'insert', 'table': 'Kid', 'uuid-name': 'k1',"
                    " 'row': {'n': 7}},"
                    "{'op': 'select', 'table': 'Root', 'where': [],"
                    " 'columns': ['name', 'i', 'r', 'b', 'ss', 'm']}]");
    assert_ok(r, 3);
    assert_json_eq(json_object_get(json_array_get(r, 2), "rows"),
                   "[{'name': 'a', 'i': 5, 'r': 1.5, 'b': true,"
                   "  'ss': ['set', ['x', 'y']],"
                   "  'm': ['map', [['k', 'v']]]}]");

    /* The named-uuid resolved to the kid's real UUID. */
    const char *kid = json_string_value(json_array_get(
        json_object_get(json_array_get(r, 1), "uuid"), 1));
    json_t *kids = select_col(db, "Root", "[]", "kids");
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(json_array_get(kids, 0), "kids"), 1)), kid);
    json_decref(kids);

    /* A select without "columns" returns every column with _uuid. */
    json_t *all = run(db, "[{'op': 'select', 'table': 'Kid', 'where': []}]");
    json_t *row = json_array_get(json_object_get(json_array_get(all, 0),
                                                 "rows"), 0);
    assert_non_null(json_object_get(row, "_uuid"));
    assert_non_null(json_object_get(row, "_version"));
    assert_int_equal(json_integer_value(json_object_get(row, "n")), 7);
    json_decref(all);
    json_decref(r);
    db_destroy(db);
}

static void
test_insert_uuid_member(void **state)
{
    struct db *db = make_db(test_schema);
    json_t *r = run(db, "[{'op': 'insert', 'table': 'Root', 'uuid': "
                    "['uuid', '11111111-2222-3333-4444-555555555555'],"
                    " 'row': {'name': 'a'}}]");
    assert_ok(r, 1);
    assert_json_eq(r, "[{'uuid': ['uuid', "
                   "'11111111-2222-3333-4444-555555555555']}]");
    json_decref(r);
    assert_fails(db, "[{'op': 'insert', 'table': 'Root', 'uuid': "
                 "['uuid', '11111111-2222-3333-4444-555555555555'],"
                 " 'row': {'name': 'b'}}]", 0, "duplicate uuid");
    assert_fails(db, "[{'op': 'insert', 'table': 'Kid', 'uuid-name': 'x'},"
                 " {'op': 'insert', 'table': 'Kid', 'uuid-name': 'x'}]",
                 1, "duplicate uuid-name");
    db_destroy(db);
}

static void
test_update_mutate_delete(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'i': 1}}, {'op': 'insert', 'table': "
                    "'Root', 'row': {'name': 'b', 'i': 2}}]"));
    json_t *r = run(db, "[{'op': 'update', 'table': 'Root', 'where': "
                    "[['i', '>=', 2]], 'row': {'s': 'big'}},"
                    "{'op': 'update', 'table': 'Root', 'where': "
                    "[['i', '>', 100]], 'row': {'s': 'none'}},"
                    "{'op': 'mutate', 'table': 'Root', 'where': [],"
                    " 'mutations': [['i', '*=', 10]]}]");
    assert_json_eq(r, "[{'count': 1}, {'count': 0}, {'count': 2}]");
    json_decref(r);
    json_t *rows = select_col(db, "Root", "[['s', '==', 'big']]", "i");
    assert_json_eq(rows, "[{'i': 20}]");
    json_decref(rows);

    r = run(db, "[{'op': 'delete', 'table': 'Root', 'where': "
            "[['name', '==', 'a']]}]");
    assert_json_eq(r, "[{'count': 1}]");
    json_decref(r);
    assert_int_equal(n_rows(db, "Root"), 1);
    db_destroy(db);
}

/* Counts the Root rows matching 'where'. */
static size_t
count(struct db *db, const char *where)
{
    json_t *rows = select_col(db, "Root", where, "name");
    size_t n = json_array_size(rows);
    json_decref(rows);
    return n;
}

static void
test_conditions(void **state)
{
    struct db *db = make_db(test_schema);
    json_t *r = run(db, "["
        "{'op': 'insert', 'table': 'Root', 'uuid-name': 'a', 'row': "
        " {'name': 'a', 'i': 1, 'r': 0.5, 'b': true, 'oi': 3,"
        "  'si': ['set', [1, 2]], 'ss': 'x', 'm': ['map', [['k', 'v']]],"
        "  'u': ['uuid', '00000000-0000-0000-0000-000000000001']}},"
        "{'op': 'insert', 'table': 'Root', 'row': "
        " {'name': 'b', 'i': 2, 'r': 2.5, 'b': false,"
        "  'si': ['set', [2, 3]], 'ss': ['set', ['x', 'y']],"
        "  'm': ['map', [['k', 'w'], ['j', 'v']]]}}]");
    assert_ok(r, 2);
    const char *a_uuid = json_string_value(json_array_get(
        json_object_get(json_array_get(r, 0), "uuid"), 1));

    /* Integers and reals, every operator. */
    assert_int_equal(count(db, "[['i', '==', 1]]"), 1);
    assert_int_equal(count(db, "[['i', '!=', 1]]"), 1);
    assert_int_equal(count(db, "[['i', '<', 2]]"), 1);
    assert_int_equal(count(db, "[['i', '<=', 2]]"), 2);
    assert_int_equal(count(db, "[['i', '>', 1]]"), 1);
    assert_int_equal(count(db, "[['i', '>=', 1]]"), 2);
    assert_int_equal(count(db, "[['r', '<', 1.0]]"), 1);
    assert_int_equal(count(db, "[['r', '>=', 0.5]]"), 2);
    assert_int_equal(count(db, "[['r', '>', 2.5]]"), 0);
    assert_int_equal(count(db, "[['i', 'includes', 2]]"), 1);
    assert_int_equal(count(db, "[['i', 'excludes', 2]]"), 1);
    /* Optional integer: an empty value never satisfies an ordering. */
    assert_int_equal(count(db, "[['oi', '<', 5]]"), 1);
    assert_int_equal(count(db, "[['oi', '>=', 0]]"), 1);
    assert_int_equal(count(db, "[['oi', '==', ['set', []]]]"), 1);
    /* Booleans, strings, uuids. */
    assert_int_equal(count(db, "[['b', '==', true]]"), 1);
    assert_int_equal(count(db, "[['b', '!=', true]]"), 1);
    assert_int_equal(count(db, "[['name', '==', 'b']]"), 1);
    assert_int_equal(count(db, "[['name', 'includes', 'b']]"), 1);
    assert_int_equal(count(db, "[['name', 'excludes', 'b']]"), 1);
    assert_int_equal(count(db, "[['u', '==', ['uuid', "
                           "'00000000-0000-0000-0000-000000000001']]]"), 1);
    char *where = xasprintf("[['_uuid', '==', ['uuid', '%s']]]", a_uuid);
    json_t *rows = select_col(db, "Root", where, "name");
    assert_json_eq(rows, "[{'name': 'a'}]");
    json_decref(rows);
    free(where);
    /* Sets. */
    assert_int_equal(count(db, "[['si', 'includes', 2]]"), 2);
    assert_int_equal(count(db, "[['si', 'includes', ['set', [1, 2]]]]"), 1);
    assert_int_equal(count(db, "[['si', 'excludes', ['set', [1, 3]]]]"), 0);
    assert_int_equal(count(db, "[['si', 'excludes', 3]]"), 1);
    assert_int_equal(count(db, "[['si', '==', ['set', [2, 3]]]]"), 1);
    assert_int_equal(count(db, "[['ss', 'includes', 'x']]"), 2);
    assert_int_equal(count(db, "[['ss', '!=', 'x']]"), 1);
    /* Maps. */
    assert_int_equal(count(db, "[['m', 'includes', ['map', [['k', 'v']]]]]"),
                     1);
    assert_int_equal(count(db, "[['m', 'excludes', ['map', [['k', 'v']]]]]"),
                     1);
    assert_int_equal(count(db, "[['m', '==', ['map', [['j', 'v'], "
                           "['k', 'w']]]]]"), 1);
    /* Several clauses are a conjunction. */
    assert_int_equal(count(db, "[['i', '>', 0], ['b', '==', false]]"), 1);

    /* Bad conditions. */
    assert_fails(db, "[{'op': 'select', 'table': 'Root', "
                 "'where': [['ss', '<', 'x']]}]", 0, "syntax error");
    assert_fails(db, "[{'op': 'select', 'table': 'Root', "
                 "'where': [['i', 'like', 1]]}]", 0, "unknown function");
    assert_fails(db, "[{'op': 'select', 'table': 'Root', "
                 "'where': [['nope', '==', 1]]}]", 0, "unknown column");
    assert_fails(db, "[{'op': 'select', 'table': 'Root', "
                 "'where': [['i', '==', 'one']]}]", 0, "syntax error");
    json_decref(r);
    db_destroy(db);
}

static void
test_mutations(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'i': 7, 'r': 1.0, 'oi': 4,"
                    " 'si': ['set', [1, 2]], 'm': ['map', [['a', '1'],"
                    " ['b', '2']]]}}]"));
    json_t *r = run(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                    " 'mutations': [['i', '+=', 3], ['i', '-=', 1],"
                    "  ['i', '%=', 4], ['r', '*=', 3.0], ['r', '/=', 2.0],"
                    "  ['si', '+=', 10], ['oi', '+=', 1],"
                    "  ['ss', 'insert', ['set', ['p', 'q']]],"
                    "  ['ss', 'delete', 'p'],"
                    "  ['m', 'insert', ['map', [['a', 'X'], ['c', '3']]]],"
                    "  ['m', 'delete', ['set', ['b']]]]}]");
    assert_json_eq(r, "[{'count': 1}]");
    json_decref(r);
    json_t *rows = run(db, "[{'op': 'select', 'table': 'Root', 'where': [],"
                       " 'columns': ['i', 'r', 'si', 'oi', 'ss', 'm']}]");
    assert_json_eq(rows, "[{'rows': [{'i': 1, 'r': 1.5, "
                   "'si': ['set', [11, 12]], 'oi': 5, 'ss': 'q',"
                   "'m': ['map', [['a', '1'], ['c', '3']]]}]}]");
    json_decref(rows);

    /* Deleting map pairs needs the value to match. */
    r = run(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
            " 'mutations': [['m', 'delete', ['map', [['a', 'nope'],"
            " ['c', '3']]]]]}]");
    assert_ok(r, 1);
    json_decref(r);
    rows = select_col(db, "Root", "[]", "m");
    assert_json_eq(rows, "[{'m': ['map', [['a', '1']]]}]");
    json_decref(rows);

    /* Errors, each leaving the row as it was. */
    json_t *before = dump(db);
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['i', '/=', 0]]}]", 0, "domain error");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['i', '%=', 0]]}]", 0, "domain error");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['oi', '+=', 6]]}]", 0,
                 "constraint violation");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['si', 'insert', ['set', [1, 2]]]]}]", 0,
                 "constraint violation");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['i', '+=', 9223372036854775807]]}]", 0,
                 "range error");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['r', '%=', 2.0]]}]", 0, "syntax error");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['i', '^=', 2]]}]", 0, "unknown mutator");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['name', 'insert', 'x']]}]", 0,
                 "constraint violation");
    assert_fails(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
                 " 'mutations': [['m', '+=', 1]]}]", 0, "syntax error");
    json_t *after = dump(db);
    assert_true(json_equal(before, after));
    json_decref(before);
    json_decref(after);
    db_destroy(db);
}

static void
test_rollback(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'i': 1}}]"));
    json_t *before = dump(db);
    json_t *r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'b'}},"
                    "{'op': 'update', 'table': 'Root', 'where': [], "
                    " 'row': {'i': 42}},"
                    "{'op': 'delete', 'table': 'Root', "
                    " 'where': [['name', '==', 'a']]},"
                    "{'op': 'insert', 'table': 'Nope', 'row': {}},"
                    "{'op': 'insert', 'table': 'Root', 'row': {}}]");
    /* Results up to and including the error, nothing after it. */
    assert_int_equal(json_array_size(r), 4);
    assert_null(error_at(r, 2));
    assert_string_equal(error_at(r, 3), "unknown table");
    json_decref(r);
    json_t *after = dump(db);
    assert_true(json_equal(before, after));
    json_decref(after);

    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                 " 'row': {'i': 5}}, {'op': 'abort'}]", 1, "aborted");
    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                 " 'row': {'nope': 5}}]", 0, "unknown column");
    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                 " 'row': {'i': 'five'}}]", 0, "syntax error");
    assert_fails(db, "[{'op': 'frobnicate'}]", 0, "unknown operation");
    after = dump(db);
    assert_true(json_equal(before, after));
    json_decref(after);
    json_decref(before);
    db_destroy(db);
}

static void
test_referential_integrity(void **state)
{
    struct db *db = make_db(test_schema);
    /* A strong reference to nothing is refused at commit, after the
     * operations' results. */
    json_t *r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'kids': ['uuid', "
                    "'00000000-0000-0000-0000-0000000000aa']}}]");
    assert_int_equal(json_array_size(r), 2);
    assert_null(error_at(r, 0));
    assert_string_equal(error_at(r, 1), "referential integrity violation");
    json_decref(r);
    assert_int_equal(n_rows(db, "Root"), 0);

    /* Strong and weak references to real rows. */
    r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
            "{'name': 'a', 'kids': ['set', [['named-uuid', 'k1'],"
            " ['named-uuid', 'k2']]],"
            " 'weak': ['set', [['named-uuid', 'k1'], ['named-uuid', 'k2']]]}},"
            "{'op': 'insert', 'table': 'W', 'row': "
            " {'weak1': ['named-uuid', 'k2']}},"
            "{'op': 'insert', 'table': 'Kid', 'uuid-name': 'k1', "
            " 'row': {'n': 1}},"
            "{'op': 'insert', 'table': 'Kid', 'uuid-name': 'k2', "
            " 'row': {'n': 2}}]");
    assert_ok(r, 4);
    json_decref(r);
    assert_int_equal(n_rows(db, "Kid"), 2);

    /* Deleting a strongly referenced row is refused. */
    json_t *before = dump(db);
    assert_fails(db, "[{'op': 'delete', 'table': 'Kid', "
                 "'where': [['n', '==', 1]]}]", 1,
                 "referential integrity violation");
    json_t *after = dump(db);
    assert_true(json_equal(before, after));
    json_decref(before);
    json_decref(after);

    /* Dropping the strong reference to k1 garbage-collects k1, and the
     * weak reference to it disappears. */
    r = run(db, "[{'op': 'mutate', 'table': 'Root', 'where': [],"
            " 'mutations': [['kids', 'delete', "
            " ['set', [['named-uuid', 'x']]]]]},"
            " {'op': 'insert', 'table': 'Kid', 'uuid-name': 'x'}]");
    assert_ok(r, 2);
    json_decref(r);
    /* 'x' was inserted, never referenced after the mutation: collected. */
    assert_int_equal(n_rows(db, "Kid"), 2);
    json_t *k1 = select_col(db, "Kid", "[['n', '==', 1]]", "_uuid");
    char *k1_s = json_dumps(json_object_get(json_array_get(k1, 0), "_uuid"),
                            0);
    char *ops = xasprintf("[{'op': 'mutate', 'table': 'Root', 'where': [],"
                          " 'mutations': [['kids', 'delete', %s]]}]", k1_s);
    free(k1_s);
    for (char *p = ops; *p; p++) {
        if (*p == '"') {
            *p = '\'';
        }
    }
    r = run(db, ops);
    assert_ok(r, 1);
    json_decref(r);
    free(ops);
    json_decref(k1);
    assert_int_equal(n_rows(db, "Kid"), 1);
    json_t *weak = select_col(db, "Root", "[]", "weak");
    json_t *kids = select_col(db, "Root", "[]", "kids");
    assert_true(json_equal(json_object_get(json_array_get(weak, 0), "weak"),
                           json_object_get(json_array_get(kids, 0), "kids")));
    json_decref(weak);
    json_decref(kids);

    /* Removing the last strong reference to k2 would leave weak1, which
     * needs exactly one value, empty: a constraint violation. */
    before = dump(db);
    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                 " 'row': {'kids': ['set', []]}}]", 1,
                 "constraint violation");
    after = dump(db);
    assert_true(json_equal(before, after));
    json_decref(before);
    json_decref(after);
    db_destroy(db);
}

static void
test_garbage_collection(void **state)
{
    struct db *db = make_real_db();
    json_t *r = run(db, "["
        "{'op': 'insert', 'table': 'Open_vSwitch', 'row': "
        " {'bridges': ['named-uuid', 'br']}},"
        "{'op': 'insert', 'table': 'Bridge', 'uuid-name': 'br', 'row': "
        " {'name': 'br0', 'ports': ['named-uuid', 'p']}},"
        "{'op': 'insert', 'table': 'Port', 'uuid-name': 'p', 'row': "
        " {'name': 'p0', 'interfaces': ['named-uuid', 'i']}},"
        "{'op': 'insert', 'table': 'Interface', 'uuid-name': 'i', 'row': "
        " {'name': 'p0'}},"
        "{'op': 'insert', 'table': 'Bridge', 'row': {'name': 'orphan'}}]");
    assert_ok(r, 5);
    json_decref(r);
    /* The unreferenced bridge never made it. */
    assert_int_equal(n_rows(db, "Bridge"), 1);
    assert_int_equal(n_rows(db, "Port"), 1);
    assert_int_equal(n_rows(db, "Interface"), 1);

    /* Unhooking the bridge removes the whole chain. */
    r = run(db, "[{'op': 'update', 'table': 'Open_vSwitch', 'where': [],"
            " 'row': {'bridges': ['set', []]}}]");
    assert_ok(r, 1);
    json_decref(r);
    assert_int_equal(n_rows(db, "Bridge"), 0);
    assert_int_equal(n_rows(db, "Port"), 0);
    assert_int_equal(n_rows(db, "Interface"), 0);
    assert_int_equal(n_rows(db, "Open_vSwitch"), 1);
    db_destroy(db);
}

static void
test_index_maxrows_immutable(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a'}}]"));
    json_t *before = dump(db);
    json_t *r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a'}}]");
    assert_int_equal(json_array_size(r), 2);
    assert_string_equal(error_at(r, 1), "constraint violation");
    assert_non_null(strstr(json_string_value(json_object_get(
        json_array_get(r, 1), "details")), "(a)"));
    json_decref(r);

    /* Swapping names within one transaction is fine; index checked at
     * commit only. */
    r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': {'name': 'b'}},"
            "{'op': 'delete', 'table': 'Root', 'where': "
            " [['name', '==', 'a']]},"
            "{'op': 'insert', 'table': 'Root', 'row': {'name': 'a'}}]");
    assert_ok(r, 3);
    json_decref(r);
    assert_int_equal(n_rows(db, "Root"), 2);

    /* maxRows is 3. */
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'c'}}]"));
    r = run(db, "[{'op': 'insert', 'table': 'Root', 'row': {'name': 'd'}}]");
    assert_int_equal(json_array_size(r), 2);
    assert_string_equal(error_at(r, 1), "constraint violation");
    json_decref(r);
    assert_int_equal(n_rows(db, "Root"), 3);

    /* Immutable columns. */
    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': "
                 "[['name', '==', 'c']], 'row': {'name': 'z'}}]", 0,
                 "constraint violation");
    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': [], "
                 " 'row': {'_uuid': ['uuid', "
                 "'00000000-0000-0000-0000-000000000001']}}]", 0,
                 "constraint violation");
    json_decref(before);
    db_destroy(db);
}

static void
test_version(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'i': 1}}]"));
    json_t *v1 = select_col(db, "Root", "[]", "_version");
    /* An update that changes nothing keeps the version. */
    json_decref(run(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                    " 'row': {'i': 1}}]"));
    json_t *v2 = select_col(db, "Root", "[]", "_version");
    assert_true(json_equal(v1, v2));
    json_decref(run(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                    " 'row': {'i': 2}}]"));
    json_t *v3 = select_col(db, "Root", "[]", "_version");
    assert_false(json_equal(v2, v3));
    json_decref(v1);
    json_decref(v2);
    json_decref(v3);
    db_destroy(db);
}

static void
test_wait(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'i': 1}}]"));
    json_t *r = run(db, "[{'op': 'wait', 'table': 'Root', 'where': [],"
                    " 'columns': ['name', 'i'], 'until': '==',"
                    " 'rows': [{'name': 'a', 'i': 1}], 'timeout': 0},"
                    " {'op': 'wait', 'table': 'Root', 'where': [],"
                    " 'columns': ['i'], 'until': '!=',"
                    " 'rows': [{'i': 2}], 'timeout': 0}]");
    assert_ok(r, 2);
    json_decref(r);
    assert_fails(db, "[{'op': 'update', 'table': 'Root', 'where': [],"
                 " 'row': {'i': 9}}, {'op': 'wait', 'table': 'Root', "
                 " 'where': [], 'columns': ['i'], 'until': '==',"
                 " 'rows': [{'i': 1}], 'timeout': 0}]", 1, "timed out");

    /* With a timeout, an unsatisfied wait asks to be retried and changes
     * nothing; once the time is up it fails. */
    json_t *params = J("['T', {'op': 'update', 'table': 'Root', "
                       "'where': [], 'row': {'i': 5}},"
                       "{'op': 'wait', 'table': 'Root', 'where': [],"
                       " 'columns': ['name'], 'until': '==',"
                       " 'rows': [], 'timeout': 1000}]");
    struct db_txn *txn;
    long long retry;
    assert_null(transact_execute(db, params, 200, &txn, &retry));
    assert_null(txn);
    assert_int_equal(retry, 800);
    r = transact_execute(db, params, 1000, &txn, &retry);
    assert_string_equal(error_at(r, 1), "timed out");
    assert_null(txn);
    json_decref(r);
    json_decref(params);
    json_t *rows = select_col(db, "Root", "[]", "i");
    assert_json_eq(rows, "[{'i': 1}]");
    json_decref(rows);
    db_destroy(db);
}

static void
test_comment_commit(void **state)
{
    struct db *db = make_db(test_schema);
    json_t *r = run(db, "[{'op': 'comment', 'comment': 'hello'},"
                    " {'op': 'commit', 'durable': true},"
                    " {'op': 'commit', 'durable': false}]");
    assert_json_eq(r, "[{}, {}, {}]");
    json_decref(r);
    db_destroy(db);
}

/* Runs 'ops' and returns what 'm' is told about it. */
static json_t *
run_monitored(struct db *db, const struct monitor *m, const char *ops)
{
    json_t *params = J(ops);
    json_array_insert_new(params, 0, json_string(db->schema->name));
    struct db_txn *txn;
    long long retry;
    json_t *results = transact_execute(db, params, 0, &txn, &retry);
    json_t *updates = NULL;
    assert_non_null(txn);
    updates = monitor_updates(m, txn);
    db_txn_commit(txn);
    json_decref(results);
    json_decref(params);
    return updates;
}

/* Returns the only row update in 'updates' for 'table'. */
static json_t *
only_update(json_t *updates, const char *table)
{
    json_t *t = json_object_get(updates, table);
    assert_int_equal(json_object_size(t), 1);
    return json_object_iter_value(json_object_iter(t));
}

static void
test_monitor(void **state)
{
    struct db *db = make_db(test_schema);
    json_decref(run(db, "[{'op': 'insert', 'table': 'Root', 'row': "
                    "{'name': 'a', 'i': 1}}]"));
    json_t *req = J("{'Root': {'columns': ['name', 'i'],"
                    " 'select': {'initial': true, 'insert': true,"
                    " 'delete': true, 'modify': true}}}");
    struct monitor *m;
    json_t *initial;
    assert_null(monitor_create(db, req, &m, &initial));
    assert_json_eq(only_update(initial, "Root"),
                   "{'new': {'name': 'a', 'i': 1}}");
    json_decref(initial);

    json_t *u = run_monitored(db, m, "[{'op': 'insert', 'table': 'Root', "
                              "'row': {'name': 'b', 'i': 2, 's': 'x'}}]");
    assert_json_eq(only_update(u, "Root"), "{'new': {'name': 'b', 'i': 2}}");
    json_decref(u);

    u = run_monitored(db, m, "[{'op': 'update', 'table': 'Root', 'where': "
                      "[['name', '==', 'b']], 'row': {'i': 3}}]");
    assert_json_eq(only_update(u, "Root"),
                   "{'old': {'i': 2}, 'new': {'name': 'b', 'i': 3}}");
    json_decref(u);

    /* A change to an unmonitored column says nothing. */
    u = run_monitored(db, m, "[{'op': 'update', 'table': 'Root', 'where': "
                      "[['name', '==', 'b']], 'row': {'s': 'y'}}]");
    assert_null(u);

    u = run_monitored(db, m, "[{'op': 'delete', 'table': 'Root', 'where': "
                      "[['name', '==', 'a']]}]");
    assert_json_eq(only_update(u, "Root"), "{'old': {'name': 'a', 'i': 1}}");
    json_decref(u);
    monitor_destroy(m);
    json_decref(req);

    /* "select" can leave out kinds of change; no columns means all. */
    req = J("{'Root': [{'select': {'initial': false, 'modify': false}}]}");
    assert_null(monitor_create(db, req, &m, &initial));
    assert_int_equal(json_object_size(initial), 0);
    json_decref(initial);
    u = run_monitored(db, m, "[{'op': 'update', 'table': 'Root', 'where': "
                      "[], 'row': {'i': 30}}]");
    assert_null(u);
    u = run_monitored(db, m, "[{'op': 'insert', 'table': 'Root', "
                      "'row': {'name': 'c'}}]");
    json_t *new = json_object_get(only_update(u, "Root"), "new");
    assert_non_null(json_object_get(new, "m"));
    assert_null(json_object_get(new, "_uuid"));
    json_decref(u);
    monitor_destroy(m);
    json_decref(req);

    /* Bad requests. */
    req = J("{'Nope': {}}");
    struct ovsdb_error *error = monitor_create(db, req, &m, &initial);
    assert_string_equal(error->tag, "unknown table");
    ovsdb_error_destroy(error);
    json_decref(req);
    req = J("{'Root': {'columns': ['nope']}}");
    error = monitor_create(db, req, &m, &initial);
    assert_string_equal(error->tag, "unknown column");
    ovsdb_error_destroy(error);
    json_decref(req);
    db_destroy(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_select),
        cmocka_unit_test(test_insert_uuid_member),
        cmocka_unit_test(test_update_mutate_delete),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_rollback),
        cmocka_unit_test(test_referential_integrity),
        cmocka_unit_test(test_garbage_collection),
        cmocka_unit_test(test_index_maxrows_immutable),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_wait),
        cmocka_unit_test(test_comment_commit),
        cmocka_unit_test(test_monitor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
