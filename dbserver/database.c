#include "dbserver/database.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

/* The transaction code hands out const rows but owns them. */
#define CONST_CAST_ROW(P) ((struct db_row *) (P))
#define CONST_CAST_NODE(P) ((struct db_hnode *) (P))

/* UUID hash map. */

void
db_umap_init(struct db_umap *map)
{
    memset(map, 0, sizeof *map);
}

void
db_umap_destroy(struct db_umap *map)
{
    if (map) {
        free(map->buckets);
        db_umap_init(map);
    }
}

static size_t
umap_bucket(const struct db_umap *map, const struct uuid *uuid)
{
    return uuid_hash(uuid) & (map->n_buckets - 1);
}

static void
umap_grow(struct db_umap *map)
{
    size_t n_buckets = map->n_buckets ? map->n_buckets * 2 : 16;
    struct db_hnode **buckets = xcalloc(n_buckets, sizeof *buckets);
    for (size_t i = 0; i < map->n_buckets; i++) {
        struct db_hnode *node = map->buckets[i];
        while (node) {
            struct db_hnode *next = node->next;
            size_t b = uuid_hash(&node->uuid) & (n_buckets - 1);
            node->next = buckets[b];
            buckets[b] = node;
            node = next;
        }
    }
    free(map->buckets);
    map->buckets = buckets;
    map->n_buckets = n_buckets;
}

void
db_umap_insert(struct db_umap *map, struct db_hnode *node)
{
    if (map->n >= map->n_buckets) {
        umap_grow(map);
    }
    size_t b = umap_bucket(map, &node->uuid);
    node->next = map->buckets[b];
    map->buckets[b] = node;
    map->n++;
}

void
db_umap_remove(struct db_umap *map, struct db_hnode *node)
{
    struct db_hnode **p = &map->buckets[umap_bucket(map, &node->uuid)];
    while (*p != node) {
        p = &(*p)->next;
    }
    *p = node->next;
    map->n--;
}

struct db_hnode *
db_umap_find(const struct db_umap *map, const struct uuid *uuid)
{
    if (!map->n) {
        return NULL;
    }
    for (struct db_hnode *node = map->buckets[umap_bucket(map, uuid)];
         node; node = node->next) {
        if (uuid_equals(&node->uuid, uuid)) {
            return node;
        }
    }
    return NULL;
}

struct db_hnode **
db_umap_nodes(const struct db_umap *map, size_t *n)
{
    *n = 0;
    if (!map->n) {
        return NULL;
    }
    struct db_hnode **nodes = xmalloc(map->n * sizeof *nodes);
    for (size_t i = 0; i < map->n_buckets; i++) {
        for (struct db_hnode *node = map->buckets[i]; node;
             node = node->next) {
            nodes[(*n)++] = node;
        }
    }
    return nodes;
}

/* Database. */

struct db *
db_create(struct ovsdb_schema *schema)
{
    struct db *db = xzalloc(sizeof *db);
    db->schema = schema;
    db->n_tables = schema->n_tables;
    db->tables = xcalloc(schema->n_tables, sizeof *db->tables);
    for (size_t i = 0; i < schema->n_tables; i++) {
        db->tables[i].schema = schema->tables[i];
        db_umap_init(&db->tables[i].rows);
    }
    return db;
}

void
db_destroy(struct db *db)
{
    if (!db) {
        return;
    }
    for (size_t i = 0; i < db->n_tables; i++) {
        size_t n;
        struct db_hnode **nodes = db_umap_nodes(&db->tables[i].rows, &n);
        for (size_t j = 0; j < n; j++) {
            db_row_destroy(CONTAINER_OF(nodes[j], struct db_row, node));
        }
        free(nodes);
        db_umap_destroy(&db->tables[i].rows);
    }
    free(db->tables);
    ovsdb_schema_destroy(db->schema);
    free(db);
}

struct db_table *
db_find_table(const struct db *db, const char *name)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        if (!strcmp(db->tables[i].schema->name, name)) {
            return &db->tables[i];
        }
    }
    return NULL;
}

struct db_table *
db_table_for(const struct db *db, const struct ovsdb_table_schema *ts)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        if (db->tables[i].schema == ts) {
            return &db->tables[i];
        }
    }
    return NULL;
}

const struct db_row *
db_table_find_row(const struct db_table *table, const struct uuid *uuid)
{
    struct db_hnode *node = db_umap_find(&table->rows, uuid);
    return node ? CONTAINER_OF(node, struct db_row, node) : NULL;
}

/* Rows. */

static struct db_row *
row_alloc(const struct ovsdb_table_schema *ts)
{
    struct db_row *row = xzalloc(sizeof *row
                                 + ts->n_columns * sizeof row->fields[0]);
    row->table = ts;
    return row;
}

static void
row_set_uuid_field(struct db_row *row, unsigned int column,
                   const struct uuid *uuid)
{
    struct ovsdb_datum *d = &row->fields[column];
    ovsdb_datum_destroy(d, &row->table->columns[column]->type);
    d->n = 1;
    d->keys = xmalloc(sizeof *d->keys);
    d->keys[0].uuid = *uuid;
    d->values = NULL;
}

struct db_row *
db_row_create(const struct ovsdb_table_schema *ts, const struct uuid *uuid)
{
    struct db_row *row = row_alloc(ts);
    row->node.uuid = *uuid;
    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_init_default(&row->fields[i], &ts->columns[i]->type);
    }
    struct uuid version;
    uuid_generate(&version);
    row_set_uuid_field(row, OVSDB_COL_UUID, uuid);
    row_set_uuid_field(row, OVSDB_COL_VERSION, &version);
    return row;
}

struct db_row *
db_row_clone(const struct db_row *src)
{
    const struct ovsdb_table_schema *ts = src->table;
    struct db_row *row = row_alloc(ts);
    row->node.uuid = src->node.uuid;
    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_clone(&row->fields[i], &src->fields[i],
                          &ts->columns[i]->type);
    }
    return row;
}

void
db_row_destroy(struct db_row *row)
{
    if (row) {
        for (size_t i = 0; i < row->table->n_columns; i++) {
            ovsdb_datum_destroy(&row->fields[i],
                                &row->table->columns[i]->type);
        }
        free(row);
    }
}

json_t *
db_row_to_json(const struct db_row *row, bool persistent)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < row->table->n_columns; i++) {
        const struct ovsdb_column_schema *c = row->table->columns[i];
        if (persistent && (i == OVSDB_COL_UUID || c->ephemeral)) {
            continue;
        }
        json_object_set_new(obj, c->name,
                            ovsdb_datum_to_json(&row->fields[i], &c->type));
    }
    return obj;
}

int
db_row_set_from_json(struct db_row *row, const json_t *json,
                     size_t *n_dropped)
{
    const char *name;
    json_t *value;

    if (!json_is_object(json)) {
        return EINVAL;
    }
    json_object_foreach ((json_t *) json, name, value) {
        const struct ovsdb_column_schema *c
            = ovsdb_table_schema_find_column(row->table, name);
        if (!c || c->index == OVSDB_COL_UUID) {
            (*n_dropped)++;
            continue;
        }
        struct ovsdb_datum d;
        struct ovsdb_error *error = ovsdb_datum_from_json(&d, &c->type,
                                                          value, NULL);
        if (error) {
            ovsdb_error_destroy(error);
            (*n_dropped)++;
            continue;
        }
        ovsdb_datum_swap(&row->fields[c->index], &d);
        ovsdb_datum_destroy(&d, &c->type);
    }
    return 0;
}

/* Transactions. */

struct db_txn *
db_txn_create(struct db *db)
{
    struct db_txn *txn = xzalloc(sizeof *txn);
    txn->db = db;
    txn->maps = xcalloc(db->n_tables, sizeof *txn->maps);
    return txn;
}

static void
txn_free(struct db_txn *txn, bool committed)
{
    for (size_t i = 0; i < txn->n_changes; i++) {
        struct db_txn_row *change = txn->changes[i];
        if (committed) {
            db_row_destroy(CONST_CAST_ROW(change->old));
        } else if (db_txn_row_changed(change)) {
            db_row_destroy(change->new);
        }
        free(change);
    }
    for (size_t i = 0; i < txn->db->n_tables; i++) {
        db_umap_destroy(&txn->maps[i]);
    }
    free(txn->maps);
    free(txn->changes);
    free(txn);
}

void
db_txn_abort(struct db_txn *txn)
{
    if (txn) {
        txn_free(txn, false);
    }
}

static struct db_txn_row *
txn_find(const struct db_txn *txn, const struct db_table *table,
         const struct uuid *uuid)
{
    struct db_hnode *node = db_umap_find(&txn->maps[table - txn->db->tables],
                                         uuid);
    return node ? CONTAINER_OF(node, struct db_txn_row, node) : NULL;
}

const struct db_row *
db_txn_get_row(const struct db_txn *txn, struct db_table *table,
               const struct uuid *uuid)
{
    struct db_txn_row *change = txn_find(txn, table, uuid);
    return change ? change->new : db_table_find_row(table, uuid);
}

const struct db_row **
db_txn_rows(const struct db_txn *txn, struct db_table *table, size_t *n)
{
    const struct db_umap *map = &txn->maps[table - txn->db->tables];
    size_t max = table->rows.n + map->n;
    const struct db_row **rows = max ? xmalloc(max * sizeof *rows) : NULL;
    size_t n_nodes;
    struct db_hnode **nodes = db_umap_nodes(&table->rows, &n_nodes);

    *n = 0;
    for (size_t i = 0; i < n_nodes; i++) {
        struct db_row *row = CONTAINER_OF(nodes[i], struct db_row, node);
        struct db_txn_row *change = txn_find(txn, table, &row->node.uuid);
        if (!change) {
            rows[(*n)++] = row;
        } else if (change->new) {
            rows[(*n)++] = change->new;
        }
    }
    free(nodes);

    nodes = db_umap_nodes(map, &n_nodes);
    for (size_t i = 0; i < n_nodes; i++) {
        struct db_txn_row *change = CONTAINER_OF(nodes[i], struct db_txn_row,
                                                 node);
        if (!change->old && change->new) {
            rows[(*n)++] = change->new;
        }
    }
    free(nodes);
    return rows;
}

static struct db_txn_row *
txn_add_change(struct db_txn *txn, struct db_table *table,
               const struct uuid *uuid, const struct db_row *old)
{
    struct db_txn_row *change = xzalloc(sizeof *change);
    change->node.uuid = *uuid;
    change->table = table;
    change->old = old;
    db_umap_insert(&txn->maps[table - txn->db->tables], &change->node);
    txn->changes = xrealloc(txn->changes,
                            (txn->n_changes + 1) * sizeof *txn->changes);
    txn->changes[txn->n_changes++] = change;
    return change;
}

struct db_row *
db_txn_insert(struct db_txn *txn, struct db_table *table,
              const struct uuid *uuid)
{
    struct db_txn_row *change = txn_find(txn, table, uuid);
    if (!change) {
        change = txn_add_change(txn, table, uuid, NULL);
    }
    change->new = db_row_create(table->schema, uuid);
    return change->new;
}

struct db_row *
db_txn_modify(struct db_txn *txn, struct db_table *table,
              const struct db_row *row)
{
    struct db_txn_row *change = txn_find(txn, table, db_row_uuid(row));
    if (!change) {
        change = txn_add_change(txn, table, db_row_uuid(row), row);
        change->new = db_row_clone(row);
    }
    return change->new;
}

void
db_txn_delete(struct db_txn *txn, struct db_table *table,
              const struct db_row *row)
{
    struct db_txn_row *change = txn_find(txn, table, db_row_uuid(row));
    if (!change) {
        change = txn_add_change(txn, table, db_row_uuid(row), row);
    } else {
        db_row_destroy(change->new);
    }
    change->new = NULL;
}

static bool
rows_equal(const struct db_row *a, const struct db_row *b)
{
    for (size_t i = 0; i < a->table->n_columns; i++) {
        if (i != OVSDB_COL_VERSION
            && !ovsdb_datum_equals(&a->fields[i], &b->fields[i],
                                   &a->table->columns[i]->type)) {
            return false;
        }
    }
    return true;
}

bool
db_txn_finalize(struct db_txn *txn)
{
    bool any = false;
    for (size_t i = 0; i < txn->n_changes; i++) {
        struct db_txn_row *change = txn->changes[i];
        if (change->old && change->new && change->new != change->old
            && rows_equal(change->old, change->new)) {
            db_row_destroy(change->new);
            change->new = CONST_CAST_ROW(change->old);
        }
        if (db_txn_row_changed(change)) {
            any = true;
            if (change->new) {
                struct uuid version;
                uuid_generate(&version);
                row_set_uuid_field(change->new, OVSDB_COL_VERSION, &version);
            }
        }
    }
    return any;
}

void
db_txn_commit(struct db_txn *txn)
{
    for (size_t i = 0; i < txn->n_changes; i++) {
        struct db_txn_row *change = txn->changes[i];
        if (!db_txn_row_changed(change)) {
            change->old = NULL;     /* Nothing to free on commit. */
            continue;
        }
        struct db_umap *rows = &change->table->rows;
        if (change->old) {
            db_umap_remove(rows, CONST_CAST_NODE(&change->old->node));
        }
        if (change->new) {
            db_umap_insert(rows, &change->new->node);
        }
    }
    txn_free(txn, true);
}
