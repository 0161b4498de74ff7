/* sluice-ctl's database session: see ctl-db.h. */
#include "utilities/ctl-db.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/jsonrpc.h"
#include "lib/util.h"

/* How often ctl_db_wait_cfg() polls cur_cfg. */
#define CTL_POLL_MSEC 20

static void ctl_table_clear(struct ctl_table *);

/* Returns the milliseconds left before 'db''s deadline (at least 1, so
 * that a request always gets a chance), or -1 for no limit. */
static int
ctl_db_time_left(const struct ctl_db *db)
{
    if (db->deadline == LLONG_MAX) {
        return -1;
    }
    long long left = db->deadline - time_msec();
    return left > INT_MAX ? INT_MAX : left < 1 ? 1 : (int) left;
}

/* Sends 'method' with 'params' (stolen) and stores the "result" of a
 * successful reply in '*resultp' (a new reference).  Returns NULL or an
 * error message. */
static char *
ctl_db_rpc(struct ctl_db *db, const char *method, json_t *params,
           json_t **resultp)
{
    json_t *reply;
    int error = jsonrpc_client_transact(db->client, method, params,
                                        ctl_db_time_left(db), &reply);
    *resultp = NULL;
    if (error == ETIMEDOUT) {
        return xasprintf("%s: timed out waiting for the database", db->path);
    } else if (error == EOF) {
        return xasprintf("%s: the database closed the connection", db->path);
    } else if (error) {
        return xasprintf("%s: %s", db->path, strerror(error));
    }

    json_t *err = json_object_get(reply, "error");
    if (err && !json_is_null(err)) {
        char *text = json_dumps(err, JSON_COMPACT | JSON_ENCODE_ANY);
        char *msg = xasprintf("%s: \"%s\" failed: %s", db->path, method,
                              text ? text : "?");
        free(text);
        json_decref(reply);
        return msg;
    }
    *resultp = json_incref(json_object_get(reply, "result"));
    json_decref(reply);
    if (!*resultp) {
        return xasprintf("%s: reply to \"%s\" has no result", db->path,
                         method);
    }
    return NULL;
}

/* Creates the empty local tables for 'db''s schema. */
static void
ctl_db_init_tables(struct ctl_db *db)
{
    db->tables = xcalloc(db->schema->n_tables, sizeof *db->tables);
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        db->tables[i].schema = db->schema->tables[i];
    }
}

char *
ctl_db_open(const char *path, long long deadline, struct ctl_db **dbp)
{
    struct ctl_db *db = xzalloc(sizeof *db);
    db->path = xstrdup(path);
    db->deadline = deadline;
    *dbp = NULL;

    int error = jsonrpc_client_open(path, &db->client);
    if (error) {
        char *msg = xasprintf("cannot connect to %s: %s (is sluice-dbserver "
                              "running?)", path, strerror(error));
        ctl_db_close(db);
        return msg;
    }

    json_t *result;
    char *msg = ctl_db_rpc(db, "get_schema",
                           json_pack("[s]", "Open_vSwitch"), &result);
    if (msg) {
        ctl_db_close(db);
        return msg;
    }
    struct ovsdb_error *oerr = ovsdb_schema_from_json(result, &db->schema);
    json_decref(result);
    if (oerr) {
        char *text = ovsdb_error_to_string(oerr);
        msg = xasprintf("%s: bad schema from server: %s", path, text);
        free(text);
        ovsdb_error_destroy(oerr);
        ctl_db_close(db);
        return msg;
    }

    ctl_db_init_tables(db);
    *dbp = db;
    return NULL;
}

struct ctl_db *
ctl_db_create_offline(struct ovsdb_schema *schema)
{
    struct ctl_db *db = xzalloc(sizeof *db);
    db->path = xstrdup("(offline)");
    db->deadline = LLONG_MAX;
    db->schema = schema;
    ctl_db_init_tables(db);
    return db;
}

void
ctl_db_close(struct ctl_db *db)
{
    if (!db) {
        return;
    }
    if (db->tables) {
        for (size_t i = 0; i < db->schema->n_tables; i++) {
            ctl_table_clear(&db->tables[i]);
        }
        free(db->tables);
    }
    ovsdb_schema_destroy(db->schema);
    if (db->client) {
        jsonrpc_client_close(db->client);
    }
    free(db->iface_uuids);
    free(db->path);
    free(db);
}

static struct ovsdb_datum *
ctl_datums_new_default(const struct ovsdb_table_schema *ts)
{
    struct ovsdb_datum *d = xcalloc(ts->n_columns, sizeof *d);
    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_init_default(&d[i], &ts->columns[i]->type);
    }
    return d;
}

static struct ovsdb_datum *
ctl_datums_clone(const struct ovsdb_table_schema *ts,
                 const struct ovsdb_datum *src)
{
    struct ovsdb_datum *d = xcalloc(ts->n_columns, sizeof *d);
    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_clone(&d[i], &src[i], &ts->columns[i]->type);
    }
    return d;
}

static void
ctl_datums_destroy(const struct ovsdb_table_schema *ts, struct ovsdb_datum *d)
{
    if (d) {
        for (size_t i = 0; i < ts->n_columns; i++) {
            ovsdb_datum_destroy(&d[i], &ts->columns[i]->type);
        }
        free(d);
    }
}

static void
ctl_row_destroy(struct ctl_row *row)
{
    ctl_datums_destroy(row->table->schema, row->old);
    ctl_datums_destroy(row->table->schema, row->cur);
    free(row);
}

static void
ctl_table_clear(struct ctl_table *table)
{
    for (size_t i = 0; i < table->n_rows; i++) {
        ctl_row_destroy(table->rows[i]);
    }
    free(table->rows);
    table->rows = NULL;
    table->n_rows = table->allocated = 0;
}

static struct ctl_row *
ctl_table_add_row(struct ctl_table *table)
{
    if (table->n_rows >= table->allocated) {
        table->allocated = table->allocated ? 2 * table->allocated : 8;
        table->rows = xrealloc(table->rows,
                               table->allocated * sizeof *table->rows);
    }
    struct ctl_row *row = xzalloc(sizeof *row);
    row->table = table;
    table->rows[table->n_rows++] = row;
    return row;
}

/* Parses the <row> 'json' that a "select" returned into a new row of
 * 'table'.  Returns NULL or an error message. */
static char *
ctl_table_parse_row(struct ctl_table *table, const json_t *json)
{
    const struct ovsdb_table_schema *ts = table->schema;
    const json_t *uuid_json = json_object_get(json, "_uuid");
    const char *uuid_s = json_string_value(json_array_get(uuid_json, 1));
    struct uuid uuid;
    if (!uuid_s || !uuid_from_string(&uuid, uuid_s)) {
        return xasprintf("table %s: row without a valid _uuid", ts->name);
    }

    struct ctl_row *row = ctl_table_add_row(table);
    row->uuid = uuid;
    row->cur = ctl_datums_new_default(ts);
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column_schema *col = ts->columns[i];
        const json_t *value = json_object_get(json, col->name);
        if (!value) {
            continue;
        }
        struct ovsdb_datum d;
        struct ovsdb_error *err = ovsdb_datum_from_json(&d, &col->type,
                                                        value, NULL);
        if (err) {
            char *text = ovsdb_error_to_string(err);
            char *msg = xasprintf("table %s column %s: bad value from "
                                  "server: %s", ts->name, col->name, text);
            free(text);
            ovsdb_error_destroy(err);
            return msg;
        }
        ovsdb_datum_swap(&row->cur[i], &d);
        ovsdb_datum_destroy(&d, &col->type);
    }
    row->old = ctl_datums_clone(ts, row->cur);
    return NULL;
}

char *
ctl_db_fetch(struct ctl_db *db)
{
    const struct ovsdb_schema *schema = db->schema;
    json_t *params = json_pack("[s]", schema->name);
    for (size_t i = 0; i < schema->n_tables; i++) {
        ctl_table_clear(&db->tables[i]);
        json_array_append_new(params, json_pack("{s:s, s:s, s:[]}",
                                                "op", "select",
                                                "table",
                                                schema->tables[i]->name,
                                                "where"));
    }
    db->force_commit = false;

    json_t *result;
    char *msg = ctl_db_rpc(db, "transact", params, &result);
    if (msg) {
        return msg;
    }
    for (size_t i = 0; i < schema->n_tables && !msg; i++) {
        const json_t *op = json_array_get(result, i);
        const json_t *rows = json_object_get(op, "rows");
        if (!json_is_array(rows)) {
            char *text = json_dumps(op, JSON_COMPACT | JSON_ENCODE_ANY);
            msg = xasprintf("%s: cannot read table %s: %s", db->path,
                            schema->tables[i]->name, text ? text : "?");
            free(text);
            break;
        }
        size_t j;
        const json_t *row;
        json_array_foreach (rows, j, row) {
            msg = ctl_table_parse_row(&db->tables[i], row);
            if (msg) {
                break;
            }
        }
    }
    json_decref(result);
    return msg;
}

struct ctl_table *
ctl_db_table(struct ctl_db *db, const char *name)
{
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        if (!strcmp(db->schema->tables[i]->name, name)) {
            return &db->tables[i];
        }
    }
    return NULL;
}

struct ctl_row *
ctl_table_find(const struct ctl_table *table, const struct uuid *uuid)
{
    for (size_t i = 0; i < table->n_rows; i++) {
        struct ctl_row *row = table->rows[i];
        if (!row->deleted && uuid_equals(&row->uuid, uuid)) {
            return row;
        }
    }
    return NULL;
}

struct ctl_row *
ctl_db_root(struct ctl_db *db)
{
    struct ctl_table *table = ctl_db_table(db, "Open_vSwitch");
    for (size_t i = 0; table && i < table->n_rows; i++) {
        if (!table->rows[i]->deleted) {
            return table->rows[i];
        }
    }
    return NULL;
}

struct ctl_row *
ctl_db_ensure_root(struct ctl_db *db)
{
    struct ctl_row *root = ctl_db_root(db);
    return root ? root : ctl_row_insert(ctl_db_table(db, "Open_vSwitch"));
}

const struct ovsdb_column_schema *
ctl_row_column(const struct ctl_row *row, const char *column)
{
    const struct ovsdb_column_schema *col
        = ovsdb_table_schema_find_column(row->table->schema, column);
    if (!col) {
        sluice_abort("table %s has no column %s", row->table->schema->name,
                     column);
    }
    return col;
}

const struct ovsdb_datum *
ctl_row_get_col(const struct ctl_row *row,
                const struct ovsdb_column_schema *col)
{
    return &row->cur[col->index];
}

const struct ovsdb_datum *
ctl_row_get(const struct ctl_row *row, const char *column)
{
    return ctl_row_get_col(row, ctl_row_column(row, column));
}

const char *
ctl_row_get_string(const struct ctl_row *row, const char *column)
{
    const struct ovsdb_datum *d = ctl_row_get(row, column);
    return d->n ? d->keys[0].string : "";
}

void
ctl_row_set(struct ctl_row *row, const struct ovsdb_column_schema *col,
            struct ovsdb_datum *datum)
{
    ovsdb_datum_swap(&row->cur[col->index], datum);
    ovsdb_datum_destroy(datum, &col->type);
}

void
ctl_row_set_string(struct ctl_row *row, const char *column,
                   const char *value)
{
    const struct ovsdb_column_schema *col = ctl_row_column(row, column);
    struct ovsdb_datum d;
    d.n = 1;
    d.keys = xmalloc(sizeof *d.keys);
    d.keys[0].string = xstrdup(value);
    d.values = NULL;
    ctl_row_set(row, col, &d);
}

/* Adds or removes 'target''s UUID in the set column 'column' of 'row'. */
static void
ctl_row_ref_change(struct ctl_row *row, const char *column,
                   const struct ctl_row *target, bool add)
{
    const struct ovsdb_column_schema *col = ctl_row_column(row, column);
    union ovsdb_atom atom = { .uuid = target->uuid };
    struct ovsdb_datum one = { .n = 1, .keys = &atom, .values = NULL };
    if (add) {
        ovsdb_datum_union(&row->cur[col->index], &one, &col->type);
    } else {
        ovsdb_datum_subtract(&row->cur[col->index], &col->type, &one,
                             &col->type);
    }
}

void
ctl_row_ref_add(struct ctl_row *row, const char *column,
                const struct ctl_row *target)
{
    ctl_row_ref_change(row, column, target, true);
}

void
ctl_row_ref_remove(struct ctl_row *row, const char *column,
                   const struct ctl_row *target)
{
    ctl_row_ref_change(row, column, target, false);
}

struct ctl_row *
ctl_row_insert(struct ctl_table *table)
{
    struct ctl_row *row = ctl_table_add_row(table);
    uuid_generate(&row->uuid);
    row->inserted = true;
    row->cur = ctl_datums_new_default(table->schema);
    row->cur[OVSDB_COL_UUID].keys[0].uuid = row->uuid;
    return row;
}

void
ctl_row_delete(struct ctl_row *row)
{
    row->deleted = true;
}

/* Returns true if column 'i' of existing row 'row' was changed. */
static bool
ctl_row_column_changed(const struct ctl_row *row, size_t i)
{
    const struct ovsdb_type *type = &row->table->schema->columns[i]->type;
    return (i != OVSDB_COL_UUID && i != OVSDB_COL_VERSION
            && !ovsdb_datum_equals(&row->old[i], &row->cur[i], type));
}

bool
ctl_row_is_changed(const struct ctl_row *row)
{
    if (row->inserted || row->deleted) {
        return true;
    }
    for (size_t i = 0; i < row->table->schema->n_columns; i++) {
        if (ctl_row_column_changed(row, i)) {
            return true;
        }
    }
    return false;
}

/* The name under which inserted 'row' is sent as a named-uuid. */
static char *
ctl_row_uuid_name(const struct ctl_row *row)
{
    char buf[UUID_LEN + 1];
    uuid_format(&row->uuid, buf);
    for (char *p = buf; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    return xasprintf("row%s", buf);
}

/* Returns the inserted, live row whose placeholder UUID is 'uuid_s', or
 * NULL. */
static struct ctl_row *
ctl_db_find_inserted(struct ctl_db *db, const char *uuid_s)
{
    struct uuid uuid;
    if (!uuid_from_string(&uuid, uuid_s)) {
        return NULL;
    }
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        struct ctl_row *row = ctl_table_find(&db->tables[i], &uuid);
        if (row && row->inserted) {
            return row;
        }
    }
    return NULL;
}

/* Returns the inserted row that ctl_row_uuid_name() called 'name'. */
static struct ctl_row *
ctl_db_find_named(struct ctl_db *db, const char *name)
{
    if (strncmp(name, "row", 3)) {
        return NULL;
    }
    char *text = xstrdup(name + 3);
    for (char *p = text; *p; p++) {
        if (*p == '_') {
            *p = '-';
        }
    }
    struct ctl_row *row = ctl_db_find_inserted(db, text);
    free(text);
    return row;
}

/* Replaces, throughout 'json', each ["uuid", U] whose U is the placeholder
 * of a row being inserted by ["named-uuid", NAME]. */
static void
ctl_db_name_new_uuids(struct ctl_db *db, json_t *json)
{
    if (json_is_array(json)) {
        const char *tag = json_string_value(json_array_get(json, 0));
        const char *value = json_string_value(json_array_get(json, 1));
        if (json_array_size(json) == 2 && tag && value
            && !strcmp(tag, "uuid")) {
            struct ctl_row *row = ctl_db_find_inserted(db, value);
            if (row) {
                char *name = ctl_row_uuid_name(row);
                json_array_set_new(json, 0, json_string("named-uuid"));
                json_array_set_new(json, 1, json_string(name));
                free(name);
            }
            return;
        }
        size_t i;
        json_t *elem;
        json_array_foreach (json, i, elem) {
            ctl_db_name_new_uuids(db, elem);
        }
    } else if (json_is_object(json)) {
        const char *key;
        json_t *elem;
        json_object_foreach (json, key, elem) {
            ctl_db_name_new_uuids(db, elem);
        }
    }
}

static json_t *
ctl_row_where(const struct ctl_row *row)
{
    char buf[UUID_LEN + 1];
    uuid_format(&row->uuid, buf);
    return json_pack("[[s, s, [s, s]]]", "_uuid", "==", "uuid", buf);
}

/* Appends to 'ops' the operations that commit 'row': an insert, or a
 * "wait" that checks the changed columns still hold what was fetched
 * followed by an update, or a delete. */
static void
ctl_row_to_ops(struct ctl_db *db, const struct ctl_row *row, json_t *ops)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    if (row->inserted) {
        if (row->deleted) {
            return;
        }
        json_t *values = json_object();
        for (size_t i = 0; i < ts->n_columns; i++) {
            const struct ovsdb_type *type = &ts->columns[i]->type;
            struct ovsdb_datum def;
            if (i == OVSDB_COL_UUID || i == OVSDB_COL_VERSION) {
                continue;
            }
            ovsdb_datum_init_default(&def, type);
            if (!ovsdb_datum_equals(&def, &row->cur[i], type)) {
                json_object_set_new(values, ts->columns[i]->name,
                                    ovsdb_datum_to_json(&row->cur[i], type));
            }
            ovsdb_datum_destroy(&def, type);
        }
        ctl_db_name_new_uuids(db, values);
        char *name = ctl_row_uuid_name(row);
        json_array_append_new(ops, json_pack("{s:s, s:s, s:o, s:s}",
                                             "op", "insert",
                                             "table", ts->name,
                                             "row", values,
                                             "uuid-name", name));
        free(name);
    } else if (row->deleted) {
        json_array_append_new(ops, json_pack("{s:s, s:s, s:o}",
                                             "op", "delete",
                                             "table", ts->name,
                                             "where", ctl_row_where(row)));
    } else if (ctl_row_is_changed(row)) {
        json_t *columns = json_array();
        json_t *old = json_object();
        json_t *values = json_object();
        for (size_t i = 0; i < ts->n_columns; i++) {
            const struct ovsdb_column_schema *col = ts->columns[i];
            if (ctl_row_column_changed(row, i)) {
                json_array_append_new(columns, json_string(col->name));
                json_object_set_new(old, col->name,
                                    ovsdb_datum_to_json(&row->old[i],
                                                        &col->type));
                json_object_set_new(values, col->name,
                                    ovsdb_datum_to_json(&row->cur[i],
                                                        &col->type));
            }
        }
        ctl_db_name_new_uuids(db, values);
        json_array_append_new(ops, json_pack("{s:s, s:i, s:s, s:o, s:o, "
                                             "s:s, s:[o]}",
                                             "op", "wait", "timeout", 0,
                                             "table", ts->name,
                                             "where", ctl_row_where(row),
                                             "columns", columns,
                                             "until", "==",
                                             "rows", old));
        json_array_append_new(ops, json_pack("{s:s, s:s, s:o, s:o}",
                                             "op", "update",
                                             "table", ts->name,
                                             "where", ctl_row_where(row),
                                             "row", values));
    }
}

/* Records the real UUIDs that the "insert" results in 'result' gave the
 * inserted rows and which Interfaces 'ops' inserted or changed.  The local
 * copy keeps both the fetched and the committed values, for
 * ctl_db_prepare_undo(). */
/* Replaces each atom of 'datum' (of 'type') equal to 'from' by 'to'. */
static void
ctl_datum_replace_uuid(struct ovsdb_datum *datum,
                       const struct ovsdb_type *type,
                       const struct uuid *from, const struct uuid *to)
{
    bool changed = false;
    for (size_t i = 0; i < datum->n; i++) {
        if (type->key.type == OVSDB_TYPE_UUID
            && uuid_equals(&datum->keys[i].uuid, from)) {
            datum->keys[i].uuid = *to;
            changed = true;
        }
        if (type->value.type == OVSDB_TYPE_UUID
            && uuid_equals(&datum->values[i].uuid, from)) {
            datum->values[i].uuid = *to;
        }
    }
    if (changed) {
        ovsdb_error_destroy(ovsdb_datum_sort(datum, type));
    }
}

/* Gives inserted 'row' its real UUID 'uuid', throughout the local copy. */
static void
ctl_db_rename_row(struct ctl_db *db, struct ctl_row *row,
                  const struct uuid *uuid)
{
    struct uuid placeholder = row->uuid;
    row->uuid = *uuid;
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        struct ctl_table *table = &db->tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        for (size_t j = 0; j < table->n_rows; j++) {
            for (size_t k = 0; k < ts->n_columns; k++) {
                ctl_datum_replace_uuid(&table->rows[j]->cur[k],
                                       &ts->columns[k]->type, &placeholder,
                                       uuid);
            }
        }
    }
}

/* Records the real UUIDs that the "insert" results in 'result' gave the
 * inserted rows and which Interfaces 'ops' inserted or changed.  The local
 * copy keeps both the fetched and the committed values, for
 * ctl_db_prepare_undo(). */
static void
ctl_db_after_commit(struct ctl_db *db, const json_t *ops,
                    const json_t *result)
{
    size_t i;
    const json_t *op;
    json_array_foreach (ops, i, op) {
        const char *name = json_string_value(json_object_get(op,
                                                             "uuid-name"));
        const json_t *uuid_json = json_object_get(json_array_get(result, i),
                                                  "uuid");
        const char *uuid_s = json_string_value(json_array_get(uuid_json, 1));
        struct ctl_row *row = name ? ctl_db_find_named(db, name) : NULL;
        struct uuid uuid;
        if (row && uuid_s && uuid_from_string(&uuid, uuid_s)) {
            ctl_db_rename_row(db, row, &uuid);
        }
    }

    free(db->iface_uuids);
    db->iface_uuids = NULL;
    db->n_iface_uuids = 0;
    struct ctl_table *ifaces = ctl_db_table(db, "Interface");
    for (size_t j = 0; j < ifaces->n_rows; j++) {
        struct ctl_row *row = ifaces->rows[j];
        if (!row->deleted && ctl_row_is_changed(row)) {
            db->iface_uuids = xrealloc(db->iface_uuids,
                                       (db->n_iface_uuids + 1)
                                       * sizeof *db->iface_uuids);
            db->iface_uuids[db->n_iface_uuids++] = row->uuid;
        }
    }
}

/* Returns the error message for the failed transaction 'result' of 'ops',
 * or NULL if it succeeded.  Sets '*try_againp' if the failure was one of
 * our "wait" operations, that is a concurrent change. */
static char *
ctl_db_txn_error(const json_t *ops, const json_t *result, bool *try_againp)
{
    size_t i;
    const json_t *op_result;
    *try_againp = false;
    json_array_foreach (result, i, op_result) {
        const char *error = json_string_value(json_object_get(op_result,
                                                              "error"));
        if (!error) {
            continue;
        }
        const char *op = json_string_value(
            json_object_get(json_array_get(ops, i), "op"));
        if (op && !strcmp(op, "wait")) {
            *try_againp = true;
        }
        const char *details = json_string_value(json_object_get(op_result,
                                                                "details"));
        return details ? xasprintf("transaction failed: %s: %s", error,
                                   details)
                       : xasprintf("transaction failed: %s", error);
    }
    return NULL;
}

enum ctl_commit_result
ctl_db_commit(struct ctl_db *db, const char *comment, int64_t *next_cfgp,
              char **errorp)
{
    json_t *ops = json_array();
    *errorp = NULL;
    *next_cfgp = 0;

    /* Inserts first, so that the root row exists for the mutation. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < db->schema->n_tables; i++) {
            struct ctl_table *table = &db->tables[i];
            for (size_t j = 0; j < table->n_rows; j++) {
                if (table->rows[j]->inserted == !pass) {
                    ctl_row_to_ops(db, table->rows[j], ops);
                }
            }
        }
    }
    if (!json_array_size(ops) && !db->force_commit) {
        json_decref(ops);
        return CTL_COMMIT_UNCHANGED;
    }
    if (!ctl_db_root(db)) {
        json_decref(ops);
        *errorp = xstrdup("the Open_vSwitch table is empty "
                          "(run \"sluice-ctl init\")");
        return CTL_COMMIT_ERROR;
    }

    json_array_append_new(ops, json_pack("{s:s, s:s, s:[], s:[[s, s, i]]}",
                                         "op", "mutate",
                                         "table", "Open_vSwitch",
                                         "where",
                                         "mutations",
                                         "next_cfg", "+=", 1));
    size_t select_idx = json_array_size(ops);
    json_array_append_new(ops, json_pack("{s:s, s:s, s:[], s:[s]}",
                                         "op", "select",
                                         "table", "Open_vSwitch",
                                         "where",
                                         "columns", "next_cfg"));
    if (comment) {
        json_array_append_new(ops, json_pack("{s:s, s:s}", "op", "comment",
                                             "comment", comment));
    }

    json_t *params = json_pack("[s]", db->schema->name);
    json_array_extend(params, ops);
    json_t *result;
    *errorp = ctl_db_rpc(db, "transact", params, &result);
    if (*errorp) {
        json_decref(ops);
        return CTL_COMMIT_ERROR;
    }

    bool try_again;
    *errorp = ctl_db_txn_error(ops, result, &try_again);
    if (*errorp) {
        json_decref(ops);
        json_decref(result);
        if (try_again) {
            free(*errorp);
            *errorp = NULL;
            return CTL_COMMIT_TRY_AGAIN;
        }
        return CTL_COMMIT_ERROR;
    }

    const json_t *rows = json_object_get(json_array_get(result, select_idx),
                                         "rows");
    const json_t *next_cfg = json_object_get(json_array_get(rows, 0),
                                             "next_cfg");
    *next_cfgp = json_integer_value(next_cfg);
    ctl_db_after_commit(db, ops, result);
    json_decref(ops);
    json_decref(result);
    return CTL_COMMIT_OK;
}

void
ctl_db_prepare_undo(struct ctl_db *db)
{
    for (size_t i = 0; i < db->schema->n_tables; i++) {
        struct ctl_table *table = &db->tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        bool is_root = !strcmp(ts->name, "Open_vSwitch");
        for (size_t j = 0; j < table->n_rows; j++) {
            struct ctl_row *row = table->rows[j];
            if (row->inserted && row->deleted) {
                /* Never sent: stays out of every transaction. */
            } else if (row->inserted && is_root) {
                /* Keep the root row and its counters; clear the rest. */
                row->inserted = false;
                row->old = ctl_datums_clone(ts, row->cur);
                for (size_t k = 0; k < ts->n_columns; k++) {
                    const struct ovsdb_column_schema *col = ts->columns[k];
                    if (strcmp(col->name, "next_cfg")
                        && strcmp(col->name, "cur_cfg")) {
                        ovsdb_datum_destroy(&row->cur[k], &col->type);
                        ovsdb_datum_init_default(&row->cur[k], &col->type);
                    }
                }
            } else if (row->inserted) {
                row->inserted = false;
                row->old = ctl_datums_clone(ts, row->cur);
                row->deleted = true;
            } else if (row->deleted) {
                /* Already gone from the database: leave it alone. */
                row->deleted = false;
                ctl_datums_destroy(ts, row->cur);
                row->cur = ctl_datums_clone(ts, row->old);
            } else {
                struct ovsdb_datum *tmp = row->old;
                row->old = row->cur;
                row->cur = tmp;
            }
        }
    }
    db->force_commit = false;
}

int
ctl_db_wait_cfg(struct ctl_db *db, int64_t next_cfg, char **errorp)
{
    *errorp = NULL;
    for (bool first = true; ; first = false) {
        bool late = db->deadline != LLONG_MAX && time_msec() >= db->deadline;
        if (late && !first) {
            return ETIMEDOUT;
        }

        json_t *result;
        json_t *params = json_pack("[s, {s:s, s:s, s:[], s:[s]}]",
                                   db->schema->name,
                                   "op", "select", "table", "Open_vSwitch",
                                   "where", "columns", "cur_cfg");
        *errorp = ctl_db_rpc(db, "transact", params, &result);
        if (*errorp) {
            if (db->deadline != LLONG_MAX && time_msec() >= db->deadline) {
                free(*errorp);
                *errorp = NULL;
                return ETIMEDOUT;
            }
            return EPROTO;
        }
        const json_t *rows = json_object_get(json_array_get(result, 0),
                                             "rows");
        const json_t *cur = json_object_get(json_array_get(rows, 0),
                                            "cur_cfg");
        int64_t cur_cfg = json_integer_value(cur);
        json_decref(result);
        if (cur_cfg >= next_cfg) {
            return 0;
        }
        struct timespec ts = { 0, CTL_POLL_MSEC * 1000000L };
        nanosleep(&ts, NULL);
    }
}

char *
ctl_db_read_iface_errors(struct ctl_db *db, char ***msgsp, size_t *n_msgsp)
{
    *msgsp = NULL;
    *n_msgsp = 0;
    if (!db->n_iface_uuids) {
        return NULL;
    }

    json_t *params = json_pack("[s]", db->schema->name);
    for (size_t i = 0; i < db->n_iface_uuids; i++) {
        char buf[UUID_LEN + 1];
        uuid_format(&db->iface_uuids[i], buf);
        json_array_append_new(params,
                              json_pack("{s:s, s:s, s:[[s, s, [s, s]]], "
                                        "s:[s, s]}",
                                        "op", "select", "table", "Interface",
                                        "where", "_uuid", "==", "uuid", buf,
                                        "columns", "name", "error"));
    }
    json_t *result;
    char *msg = ctl_db_rpc(db, "transact", params, &result);
    if (msg) {
        return msg;
    }
    size_t i;
    const json_t *op;
    json_array_foreach (result, i, op) {
        const json_t *row = json_array_get(json_object_get(op, "rows"), 0);
        const char *name = json_string_value(json_object_get(row, "name"));
        const char *error = json_string_value(json_object_get(row, "error"));
        if (name && error) {
            *msgsp = xrealloc(*msgsp, (*n_msgsp + 1) * sizeof **msgsp);
            (*msgsp)[(*n_msgsp)++] = xasprintf("port \"%s\": %s", name,
                                               error);
        }
    }
    json_decref(result);
    return NULL;
}
