#include "dbserver/monitor.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

/* Which changes a table's monitor reports. */
enum {
    SELECT_INITIAL = 1 << 0,
    SELECT_INSERT = 1 << 1,
    SELECT_DELETE = 1 << 2,
    SELECT_MODIFY = 1 << 3,
};

struct monitor_table {
    const struct ovsdb_table_schema *schema;
    bool *columns;              /* Indexed by column index. */
    unsigned int select;        /* SELECT_* bits. */
};

struct monitor {
    size_t n_tables;
    struct monitor_table *tables;
};

static struct monitor_table *
find_table(const struct monitor *m, const struct ovsdb_table_schema *ts)
{
    for (size_t i = 0; i < m->n_tables; i++) {
        if (m->tables[i].schema == ts) {
            return &m->tables[i];
        }
    }
    return NULL;
}

/* Adds one <monitor-request> 'req' for 'mt'. */
static struct ovsdb_error *
parse_request(struct monitor_table *mt, const json_t *req)
{
    const struct ovsdb_table_schema *ts = mt->schema;
    if (!json_is_object(req)) {
        return ovsdb_error_create("syntax error", "monitor request for "
                                  "table %s must be an object", ts->name);
    }
    const json_t *columns = json_object_get(req, "columns");
    if (columns && !json_is_array(columns)) {
        return ovsdb_error_create("syntax error", "\"columns\" must be an "
                                  "array");
    }
    if (!columns) {
        for (size_t i = 0; i < ts->n_columns; i++) {
            mt->columns[i] |= (i != OVSDB_COL_UUID
                               && i != OVSDB_COL_VERSION);
        }
    }
    size_t i;
    const json_t *name;
    json_array_foreach (columns, i, name) {
        const struct ovsdb_column_schema *c = (
            json_is_string(name)
            ? ovsdb_table_schema_find_column(ts, json_string_value(name))
            : NULL);
        if (!c) {
            return ovsdb_error_create("unknown column",
                                      "No column %s in table %s.",
                                      json_string_value(name) ?: "(bad)",
                                      ts->name);
        }
        mt->columns[c->index] = true;
    }

    const json_t *select = json_object_get(req, "select");
    if (select && !json_is_object(select)) {
        return ovsdb_error_create("syntax error", "\"select\" must be an "
                                  "object");
    }
    static const struct {
        const char *name;
        unsigned int bit;
    } kinds[] = {
        { "initial", SELECT_INITIAL }, { "insert", SELECT_INSERT },
        { "delete", SELECT_DELETE }, { "modify", SELECT_MODIFY },
    };
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        const json_t *v = select ? json_object_get(select, kinds[k].name)
                                 : NULL;
        if (v && !json_is_boolean(v)) {
            return ovsdb_error_create("syntax error", "\"%s\" must be a "
                                      "boolean", kinds[k].name);
        }
        if (!v || json_is_true(v)) {
            mt->select |= kinds[k].bit;
        }
    }
    return NULL;
}

/* Returns the monitored columns of 'row' as a <row> object; with
 * 'changed_from', only those that differ from it. */
static json_t *
row_json(const struct monitor_table *mt, const struct db_row *row,
         const struct db_row *changed_from)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < mt->schema->n_columns; i++) {
        const struct ovsdb_column_schema *c = mt->schema->columns[i];
        if (mt->columns[i]
            && (!changed_from
                || !ovsdb_datum_equals(&row->fields[i],
                                       &changed_from->fields[i],
                                       &c->type))) {
            json_object_set_new(obj, c->name,
                                ovsdb_datum_to_json(&row->fields[i],
                                                    &c->type));
        }
    }
    return obj;
}

/* Adds 'row_update' for the row with 'uuid' in table 'name' to
 * 'updates'. */
static void
add_update(json_t *updates, const char *name, const struct uuid *uuid,
           json_t *row_update)
{
    json_t *table = json_object_get(updates, name);
    if (!table) {
        table = json_object();
        json_object_set_new(updates, name, table);
    }
    char s[UUID_LEN + 1];
    uuid_format(uuid, s);
    json_object_set_new(table, s, row_update);
}

struct ovsdb_error *
monitor_create(const struct db *db, const json_t *requests,
               struct monitor **monitorp, json_t **initialp)
{
    struct monitor *m = xzalloc(sizeof *m);
    struct ovsdb_error *error = NULL;
    const char *name;
    json_t *value;

    *monitorp = NULL;
    *initialp = NULL;
    if (!json_is_object(requests)) {
        error = ovsdb_error_create("syntax error", "<monitor-requests> must "
                                   "be an object");
        goto fail;
    }
    m->tables = xcalloc(json_object_size(requests) + 1, sizeof *m->tables);
    json_object_foreach ((json_t *) requests, name, value) {
        struct db_table *table = db_find_table(db, name);
        if (!table) {
            error = ovsdb_error_create("unknown table", "No table named %s.",
                                       name);
            goto fail;
        }
        struct monitor_table *mt = &m->tables[m->n_tables++];
        mt->schema = table->schema;
        mt->columns = xcalloc(table->schema->n_columns, sizeof *mt->columns);
        if (json_is_array(value)) {
            size_t i;
            json_t *req;
            json_array_foreach (value, i, req) {
                error = parse_request(mt, req);
                if (error) {
                    goto fail;
                }
            }
        } else {
            error = parse_request(mt, value);
            if (error) {
                goto fail;
            }
        }
    }

    json_t *initial = json_object();
    for (size_t t = 0; t < m->n_tables; t++) {
        const struct monitor_table *mt = &m->tables[t];
        if (!(mt->select & SELECT_INITIAL)) {
            continue;
        }
        const struct db_table *table = db_table_for(db, mt->schema);
        size_t n;
        struct db_hnode **nodes = db_umap_nodes(&table->rows, &n);
        for (size_t i = 0; i < n; i++) {
            const struct db_row *row = CONTAINER_OF(nodes[i], struct db_row,
                                                    node);
            add_update(initial, mt->schema->name, db_row_uuid(row),
                       json_pack("{s:o}", "new", row_json(mt, row, NULL)));
        }
        free(nodes);
    }
    *monitorp = m;
    *initialp = initial;
    return NULL;

fail:
    monitor_destroy(m);
    return error;
}

void
monitor_destroy(struct monitor *m)
{
    if (m) {
        for (size_t i = 0; i < m->n_tables; i++) {
            free(m->tables[i].columns);
        }
        free(m->tables);
        free(m);
    }
}

json_t *
monitor_updates(const struct monitor *m, const struct db_txn *txn)
{
    json_t *updates = NULL;
    for (size_t i = 0; i < txn->n_changes; i++) {
        const struct db_txn_row *change = txn->changes[i];
        if (!db_txn_row_changed(change)) {
            continue;
        }
        const struct monitor_table *mt = find_table(m,
                                                    change->table->schema);
        if (!mt) {
            continue;
        }
        json_t *row_update;
        if (!change->old) {
            if (!(mt->select & SELECT_INSERT)) {
                continue;
            }
            row_update = json_pack("{s:o}", "new",
                                   row_json(mt, change->new, NULL));
        } else if (!change->new) {
            if (!(mt->select & SELECT_DELETE)) {
                continue;
            }
            row_update = json_pack("{s:o}", "old",
                                   row_json(mt, change->old, NULL));
        } else {
            if (!(mt->select & SELECT_MODIFY)) {
                continue;
            }
            json_t *old = row_json(mt, change->old, change->new);
            if (!json_object_size(old)) {
                json_decref(old);
                continue;
            }
            row_update = json_pack("{s:o, s:o}", "old", old, "new",
                                   row_json(mt, change->new, NULL));
        }
        if (!updates) {
            updates = json_object();
        }
        add_update(updates, mt->schema->name, &change->node.uuid,
                   row_update);
    }
    return updates;
}
