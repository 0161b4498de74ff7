#include "dbserver/transact.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

/* A named-uuid of the transaction: created by an insert's "uuid-name" or,
 * for forward references, by the first use of the name. */
struct symbol {
    char *name;
    struct uuid uuid;
    bool created;               /* Some insert used this uuid-name. */
};

struct ctx {
    struct db *db;
    struct db_txn *txn;
    struct ovsdb_symtab symtab;
    struct symbol *symbols;
    size_t n_symbols;
    long long elapsed_ms;
    long long retry_ms;         /* Set by an unsatisfied wait. */
    bool retry;
};

static struct symbol *
symbol_find(struct ctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->n_symbols; i++) {
        if (!strcmp(ctx->symbols[i].name, name)) {
            return &ctx->symbols[i];
        }
    }
    return NULL;
}

static struct symbol *
symbol_add(struct ctx *ctx, const char *name)
{
    ctx->symbols = xrealloc(ctx->symbols,
                            (ctx->n_symbols + 1) * sizeof *ctx->symbols);
    struct symbol *s = &ctx->symbols[ctx->n_symbols++];
    s->name = xstrdup(name);
    uuid_generate(&s->uuid);
    s->created = false;
    return s;
}

static bool
symtab_lookup(struct ovsdb_symtab *symtab, const char *name,
              struct uuid *uuid)
{
    struct ctx *ctx = CONTAINER_OF(symtab, struct ctx, symtab);
    struct symbol *s = symbol_find(ctx, name);
    if (!s) {
        s = symbol_add(ctx, name);
    }
    *uuid = s->uuid;
    return true;
}

/* Parsing helpers. */

static struct ovsdb_error *
get_member(const json_t *op, const char *name, json_type type, bool optional,
           const json_t **valuep)
{
    const json_t *value = json_object_get(op, name);
    *valuep = value;
    if (!value) {
        return optional ? NULL : ovsdb_error_create(
            "syntax error", "required member \"%s\" is missing", name);
    }
    if (json_typeof(value) != type
        && !(type == JSON_TRUE && json_is_boolean(value))) {
        return ovsdb_error_create("syntax error",
                                  "member \"%s\" has the wrong type", name);
    }
    return NULL;
}

static struct ovsdb_error *
parse_table(struct ctx *ctx, const json_t *op, struct db_table **tablep)
{
    const json_t *name;
    struct ovsdb_error *error = get_member(op, "table", JSON_STRING, false,
                                           &name);
    if (error) {
        return error;
    }
    *tablep = db_find_table(ctx->db, json_string_value(name));
    if (!*tablep) {
        return ovsdb_error_create("unknown table", "No table named %s.",
                                  json_string_value(name));
    }
    return NULL;
}

static struct ovsdb_error *
parse_column(const struct db_table *table, const json_t *json,
             const struct ovsdb_column_schema **columnp)
{
    if (!json_is_string(json)) {
        return ovsdb_error_create("syntax error",
                                  "column name must be a string");
    }
    *columnp = ovsdb_table_schema_find_column(table->schema,
                                              json_string_value(json));
    if (!*columnp) {
        return ovsdb_error_create("unknown column",
                                  "No column %s in table %s.",
                                  json_string_value(json),
                                  table->schema->name);
    }
    return NULL;
}

/* A set of columns, as an array of flags indexed by column index. */
static struct ovsdb_error *
parse_columns(const struct db_table *table, const json_t *json,
              bool **columnsp)
{
    size_t n = table->schema->n_columns;
    bool *columns = xcalloc(n, sizeof *columns);
    *columnsp = columns;
    if (!json) {
        for (size_t i = 0; i < n; i++) {
            columns[i] = true;
        }
        return NULL;
    }
    size_t i;
    const json_t *name;
    json_array_foreach (json, i, name) {
        const struct ovsdb_column_schema *column;
        struct ovsdb_error *error = parse_column(table, name, &column);
        if (error) {
            return error;
        }
        columns[column->index] = true;
    }
    return NULL;
}

static json_t *
row_to_json(const struct db_row *row, const bool *columns)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < row->table->n_columns; i++) {
        if (columns[i]) {
            const struct ovsdb_column_schema *c = row->table->columns[i];
            json_object_set_new(obj, c->name,
                                ovsdb_datum_to_json(&row->fields[i],
                                                    &c->type));
        }
    }
    return obj;
}

/* Parses the <row> 'json' into 'row', rejecting _uuid and _version, and
 * with 'check_mutable', immutable columns.  Marks set columns in
 * 'columns' if nonnull. */
static struct ovsdb_error *
parse_row(struct ctx *ctx, const struct db_table *table, const json_t *json,
          struct db_row *row, bool check_mutable)
{
    const char *name;
    json_t *value;
    json_object_foreach ((json_t *) json, name, value) {
        const struct ovsdb_column_schema *c
            = ovsdb_table_schema_find_column(table->schema, name);
        if (!c) {
            return ovsdb_error_create("unknown column",
                                      "No column %s in table %s.", name,
                                      table->schema->name);
        }
        if (c->index == OVSDB_COL_UUID || c->index == OVSDB_COL_VERSION) {
            return ovsdb_error_create("constraint violation",
                                      "Cannot set column %s.", name);
        }
        if (check_mutable && !c->mutable_) {
            return ovsdb_error_create("constraint violation",
                                      "Cannot update immutable column %s "
                                      "in table %s.", name,
                                      table->schema->name);
        }
        struct ovsdb_datum d;
        struct ovsdb_error *error = ovsdb_datum_from_json(&d, &c->type, value,
                                                          &ctx->symtab);
        if (error) {
            return error;
        }
        ovsdb_datum_swap(&row->fields[c->index], &d);
        ovsdb_datum_destroy(&d, &c->type);
    }
    return NULL;
}

/* Conditions. */

enum func {
    F_EQ, F_NE, F_LT, F_LE, F_GT, F_GE, F_INCLUDES, F_EXCLUDES
};

static const char *const func_names[] = {
    [F_EQ] = "==", [F_NE] = "!=", [F_LT] = "<", [F_LE] = "<=",
    [F_GT] = ">", [F_GE] = ">=", [F_INCLUDES] = "includes",
    [F_EXCLUDES] = "excludes",
};

struct clause {
    const struct ovsdb_column_schema *column;
    enum func func;
    struct ovsdb_datum arg;
};

struct condition {
    size_t n;
    struct clause *clauses;
};

static void
condition_destroy(struct condition *cond)
{
    for (size_t i = 0; i < cond->n; i++) {
        ovsdb_datum_destroy(&cond->clauses[i].arg,
                            &cond->clauses[i].column->type);
    }
    free(cond->clauses);
    cond->n = 0;
    cond->clauses = NULL;
}

static struct ovsdb_error *
parse_clause(struct ctx *ctx, const struct db_table *table,
             const json_t *json, struct clause *clause)
{
    if (!json_is_array(json) || json_array_size(json) != 3
        || !json_is_string(json_array_get(json, 1))) {
        return ovsdb_error_create("syntax error",
                                  "condition must be [column, function, "
                                  "value]");
    }
    struct ovsdb_error *error = parse_column(table, json_array_get(json, 0),
                                             &clause->column);
    if (error) {
        return error;
    }
    const char *fname = json_string_value(json_array_get(json, 1));
    size_t f;
    for (f = 0; f < ARRAY_SIZE(func_names); f++) {
        if (!strcmp(func_names[f], fname)) {
            break;
        }
    }
    if (f == ARRAY_SIZE(func_names)) {
        return ovsdb_error_create("unknown function",
                                  "No function named %s.", fname);
    }
    clause->func = f;

    const struct ovsdb_type *type = &clause->column->type;
    if (f >= F_LT && f <= F_GE
        && (ovsdb_type_is_map(type) || type->n_max != 1
            || (type->key.type != OVSDB_TYPE_INTEGER
                && type->key.type != OVSDB_TYPE_REAL))) {
        return ovsdb_error_create("syntax error",
                                  "Type mismatch: \"%s\" operator may not "
                                  "be applied to column %s.", fname,
                                  clause->column->name);
    }
    error = ovsdb_datum_from_json_unsized(&clause->arg, type,
                                          json_array_get(json, 2),
                                          &ctx->symtab);
    if (!error && f >= F_LT && f <= F_GE && clause->arg.n != 1) {
        ovsdb_datum_destroy(&clause->arg, type);
        error = ovsdb_error_create("syntax error",
                                   "\"%s\" needs exactly one value", fname);
    }
    return error;
}

static struct ovsdb_error *
parse_condition(struct ctx *ctx, const struct db_table *table,
                const json_t *json, struct condition *cond)
{
    cond->n = 0;
    cond->clauses = NULL;
    if (!json_is_array(json)) {
        return ovsdb_error_create("syntax error", "\"where\" must be an "
                                  "array of conditions");
    }
    cond->clauses = xcalloc(json_array_size(json) + 1,
                            sizeof *cond->clauses);
    size_t i;
    const json_t *clause;
    json_array_foreach (json, i, clause) {
        struct ovsdb_error *error = parse_clause(ctx, table, clause,
                                                 &cond->clauses[cond->n]);
        if (error) {
            condition_destroy(cond);
            return error;
        }
        cond->n++;
    }
    return NULL;
}

static bool
clause_matches(const struct clause *c, const struct db_row *row)
{
    const struct ovsdb_datum *field = &row->fields[c->column->index];
    const struct ovsdb_type *type = &c->column->type;
    int cmp;

    switch (c->func) {
    case F_EQ:
        return ovsdb_datum_equals(field, &c->arg, type);
    case F_NE:
        return !ovsdb_datum_equals(field, &c->arg, type);
    case F_INCLUDES:
        return ovsdb_datum_includes_all(field, &c->arg, type);
    case F_EXCLUDES:
        return ovsdb_datum_excludes_all(field, &c->arg, type);
    case F_LT:
    case F_LE:
    case F_GT:
    case F_GE:
        if (field->n != 1) {
            return false;
        }
        cmp = ovsdb_atom_compare_3way(&field->keys[0], &c->arg.keys[0],
                                      type->key.type);
        return (c->func == F_LT ? cmp < 0
                : c->func == F_LE ? cmp <= 0
                : c->func == F_GT ? cmp > 0
                : cmp >= 0);
    }
    return false;
}

static bool
condition_matches(const struct condition *cond, const struct db_row *row)
{
    for (size_t i = 0; i < cond->n; i++) {
        if (!clause_matches(&cond->clauses[i], row)) {
            return false;
        }
    }
    return true;
}

/* Returns the rows of 'table' that match 'cond' in a new array (caller
 * frees); stores the count in '*n'. */
static const struct db_row **
select_rows(struct ctx *ctx, struct db_table *table,
            const struct condition *cond, size_t *n)
{
    size_t n_all;
    const struct db_row **rows = db_txn_rows(ctx->txn, table, &n_all);
    *n = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (condition_matches(cond, rows[i])) {
            rows[(*n)++] = rows[i];
        }
    }
    return rows;
}

/* Mutations. */

enum mutator { M_ADD, M_SUB, M_MUL, M_DIV, M_MOD, M_INSERT, M_DELETE };

static const char *const mutator_names[] = {
    [M_ADD] = "+=", [M_SUB] = "-=", [M_MUL] = "*=", [M_DIV] = "/=",
    [M_MOD] = "%=", [M_INSERT] = "insert", [M_DELETE] = "delete",
};

static struct ovsdb_error *
arith_atom(union ovsdb_atom *atom, enum ovsdb_atomic_type type,
           enum mutator m, const union ovsdb_atom *arg)
{
    if (type == OVSDB_TYPE_INTEGER) {
        int64_t a = atom->integer, b = arg->integer, r = 0;
        bool overflow = false;
        switch (m) {
        case M_ADD:
            overflow = __builtin_add_overflow(a, b, &r);
            break;
        case M_SUB:
            overflow = __builtin_sub_overflow(a, b, &r);
            break;
        case M_MUL:
            overflow = __builtin_mul_overflow(a, b, &r);
            break;
        case M_DIV:
        case M_MOD:
            if (!b) {
                return ovsdb_error_create("domain error",
                                          "Division by zero.");
            }
            if (a == INT64_MIN && b == -1) {
                overflow = m == M_DIV;
                r = 0;
            } else {
                r = m == M_DIV ? a / b : a % b;
            }
            break;
        case M_INSERT:
        case M_DELETE:
            break;
        }
        if (overflow) {
            return ovsdb_error_create("range error",
                                      "Result of \"%s\" operation is out "
                                      "of range.", mutator_names[m]);
        }
        atom->integer = r;
    } else {
        double a = atom->real, b = arg->real, r = 0;
        switch (m) {
        case M_ADD:
            r = a + b;
            break;
        case M_SUB:
            r = a - b;
            break;
        case M_MUL:
            r = a * b;
            break;
        case M_DIV:
            if (b == 0) {
                return ovsdb_error_create("domain error",
                                          "Division by zero.");
            }
            r = a / b;
            break;
        case M_MOD:
        case M_INSERT:
        case M_DELETE:
            break;
        }
        if (!isfinite(r)) {
            return ovsdb_error_create("range error",
                                      "Result of \"%s\" operation is out "
                                      "of range.", mutator_names[m]);
        }
        atom->real = r;
    }
    return NULL;
}

/* Returns 'base' without its constraints, for parsing mutation
 * arguments, whose values need not lie in the column's range. */
static struct ovsdb_base_type
unconstrained(const struct ovsdb_base_type *base)
{
    struct ovsdb_base_type b = {
        .type = base->type,
        .enum_ = NULL,
        .min_integer = INT64_MIN,
        .max_integer = INT64_MAX,
        .min_real = -DBL_MAX,
        .max_real = DBL_MAX,
        .min_length = 0,
        .max_length = UINT_MAX,
        .ref_table_name = NULL,
        .ref_table = NULL,
        .ref_is_strong = false,
    };
    return b;
}

static struct ovsdb_error *
mutate_arith(struct ctx *ctx, const struct ovsdb_column_schema *c,
             enum mutator m, const json_t *value, struct ovsdb_datum *field)
{
    const struct ovsdb_type *type = &c->type;
    if (ovsdb_type_is_map(type)
        || (type->key.type != OVSDB_TYPE_INTEGER
            && type->key.type != OVSDB_TYPE_REAL)
        || (m == M_MOD && type->key.type != OVSDB_TYPE_INTEGER)) {
        return ovsdb_error_create("syntax error",
                                  "Type mismatch: \"%s\" may not be applied "
                                  "to column %s.", mutator_names[m],
                                  c->name);
    }
    struct ovsdb_base_type base = unconstrained(&type->key);
    union ovsdb_atom arg;
    struct ovsdb_error *error = ovsdb_atom_from_json(&arg, &base, value,
                                                     &ctx->symtab);
    if (error) {
        return error;
    }
    for (size_t i = 0; i < field->n; i++) {
        error = arith_atom(&field->keys[i], type->key.type, m, &arg);
        if (!error) {
            error = ovsdb_atom_check_constraints(&field->keys[i],
                                                 &type->key);
        }
        if (error) {
            return error;
        }
    }
    return ovsdb_datum_sort(field, type);
}

static struct ovsdb_error *
mutate_set(struct ctx *ctx, const struct ovsdb_column_schema *c,
           enum mutator m, const json_t *value, struct ovsdb_datum *field)
{
    const struct ovsdb_type *type = &c->type;
    struct ovsdb_type arg_type = *type;
    struct ovsdb_datum arg;

    if (m == M_DELETE && ovsdb_type_is_map(type)
        && !(json_is_array(value) && json_array_size(value) == 2
             && json_is_string(json_array_get(value, 0))
             && !strcmp(json_string_value(json_array_get(value, 0)),
                        "map"))) {
        /* Deleting a set of keys from a map. */
        arg_type.value.type = OVSDB_TYPE_VOID;
        arg_type.n_min = 0;
        arg_type.n_max = OVSDB_UNLIMITED;
    }
    struct ovsdb_error *error = ovsdb_datum_from_json_unsized(
        &arg, &arg_type, value, &ctx->symtab);
    if (error) {
        return error;
    }
    if (m == M_INSERT) {
        ovsdb_datum_union(field, &arg, type);
    } else {
        ovsdb_datum_subtract(field, type, &arg, &arg_type);
    }
    ovsdb_datum_destroy(&arg, &arg_type);
    error = ovsdb_datum_check_size(field, type);
    if (error) {
        ovsdb_error_destroy(error);
        return ovsdb_error_create("constraint violation",
                                  "Mutation \"%s\" of column %s leaves %zu "
                                  "elements, outside the allowed range.",
                                  mutator_names[m], c->name, field->n);
    }
    return NULL;
}

static struct ovsdb_error *
apply_mutation(struct ctx *ctx, const struct db_table *table,
               const json_t *json, struct db_row *row)
{
    if (!json_is_array(json) || json_array_size(json) != 3
        || !json_is_string(json_array_get(json, 1))) {
        return ovsdb_error_create("syntax error",
                                  "mutation must be [column, mutator, "
                                  "value]");
    }
    const struct ovsdb_column_schema *c;
    struct ovsdb_error *error = parse_column(table, json_array_get(json, 0),
                                             &c);
    if (error) {
        return error;
    }
    const char *mname = json_string_value(json_array_get(json, 1));
    size_t m;
    for (m = 0; m < ARRAY_SIZE(mutator_names); m++) {
        if (!strcmp(mutator_names[m], mname)) {
            break;
        }
    }
    if (m == ARRAY_SIZE(mutator_names)) {
        return ovsdb_error_create("unknown mutator", "No mutator named %s.",
                                  mname);
    }
    if (c->index == OVSDB_COL_UUID || c->index == OVSDB_COL_VERSION
        || !c->mutable_) {
        return ovsdb_error_create("constraint violation",
                                  "Cannot mutate immutable column %s in "
                                  "table %s.", c->name, table->schema->name);
    }
    const json_t *value = json_array_get(json, 2);
    struct ovsdb_datum *field = &row->fields[c->index];
    return (m == M_INSERT || m == M_DELETE
            ? mutate_set(ctx, c, m, value, field)
            : mutate_arith(ctx, c, m, value, field));
}

/* Operations.  Each returns NULL and stores its result object in
 * '*resultp', or returns an error. */

static struct ovsdb_error *
op_insert(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    struct db_table *table;
    const json_t *row_json, *uuid_name, *uuid_json;
    struct ovsdb_error *error;
    struct uuid uuid;

    if ((error = parse_table(ctx, op, &table))
        || (error = get_member(op, "row", JSON_OBJECT, true, &row_json))
        || (error = get_member(op, "uuid-name", JSON_STRING, true,
                               &uuid_name))
        || (error = get_member(op, "uuid", JSON_ARRAY, true, &uuid_json))) {
        return error;
    }
    if (uuid_json) {
        const json_t *s = json_array_get(uuid_json, 1);
        if (json_array_size(uuid_json) != 2 || !json_is_string(s)
            || strcmp(json_string_value(json_array_get(uuid_json, 0)) ?: "",
                      "uuid")
            || !uuid_from_string(&uuid, json_string_value(s))) {
            return ovsdb_error_create("syntax error",
                                      "\"uuid\" must be [\"uuid\", UUID]");
        }
    } else {
        uuid_generate(&uuid);
    }
    if (uuid_name) {
        const char *name = json_string_value(uuid_name);
        struct symbol *s = symbol_find(ctx, name);
        if (s && s->created) {
            return ovsdb_error_create("duplicate uuid-name",
                                      "This uuid-name %s is already used.",
                                      name);
        } else if (s && uuid_json) {
            return ovsdb_error_create("syntax error",
                                      "uuid-name %s was referenced before "
                                      "its insert gave it a \"uuid\".",
                                      name);
        } else if (!s) {
            s = symbol_add(ctx, name);
            s->uuid = uuid;
        }
        s->created = true;
        uuid = s->uuid;
    }
    for (size_t i = 0; i < ctx->db->n_tables; i++) {
        if (db_txn_get_row(ctx->txn, &ctx->db->tables[i], &uuid)) {
            return ovsdb_error_create("duplicate uuid",
                                      "This UUID would duplicate a UUID "
                                      "already present.");
        }
    }
    struct db_row *row = db_txn_insert(ctx->txn, table, &uuid);
    if (row_json) {
        error = parse_row(ctx, table, row_json, row, false);
        if (error) {
            return error;
        }
    }
    char s[UUID_LEN + 1];
    uuid_format(&uuid, s);
    *resultp = json_pack("{s:[s,s]}", "uuid", "uuid", s);
    return NULL;
}

static struct ovsdb_error *
op_select(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    struct db_table *table;
    const json_t *where, *columns_json;
    struct ovsdb_error *error;
    struct condition cond;
    bool *columns;

    if ((error = parse_table(ctx, op, &table))
        || (error = get_member(op, "where", JSON_ARRAY, false, &where))
        || (error = get_member(op, "columns", JSON_ARRAY, true,
                               &columns_json))) {
        return error;
    }
    error = parse_columns(table, columns_json, &columns);
    if (!error) {
        error = parse_condition(ctx, table, where, &cond);
    }
    if (!error) {
        size_t n;
        const struct db_row **rows = select_rows(ctx, table, &cond, &n);
        json_t *array = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(array, row_to_json(rows[i], columns));
        }
        free(rows);
        condition_destroy(&cond);
        *resultp = json_pack("{s:o}", "rows", array);
    }
    free(columns);
    return error;
}

/* Implements "update" (with 'row_json') and "mutate" (with 'mutations'):
 * changes every row that 'where' matches. */
static struct ovsdb_error *
update_rows(struct ctx *ctx, const json_t *op, bool is_mutate,
            json_t **resultp)
{
    struct db_table *table;
    const json_t *where, *changes;
    struct ovsdb_error *error;
    struct condition cond;

    if ((error = parse_table(ctx, op, &table))
        || (error = get_member(op, "where", JSON_ARRAY, false, &where))
        || (error = get_member(op, is_mutate ? "mutations" : "row",
                               is_mutate ? JSON_ARRAY : JSON_OBJECT, false,
                               &changes))
        || (error = parse_condition(ctx, table, where, &cond))) {
        return error;
    }
    size_t n;
    const struct db_row **rows = select_rows(ctx, table, &cond, &n);
    for (size_t i = 0; !error && i < n; i++) {
        struct db_row *row = db_txn_modify(ctx->txn, table, rows[i]);
        if (is_mutate) {
            size_t j;
            const json_t *mutation;
            json_array_foreach (changes, j, mutation) {
                error = apply_mutation(ctx, table, mutation, row);
                if (error) {
                    break;
                }
            }
        } else {
            error = parse_row(ctx, table, changes, row, true);
        }
    }
    if (!error && !n && !is_mutate) {
        /* Validate the row even when nothing matched. */
        struct db_row *scratch = db_row_create(table->schema,
                                               &(struct uuid) { { 0 } });
        error = parse_row(ctx, table, changes, scratch, true);
        db_row_destroy(scratch);
    }
    free(rows);
    condition_destroy(&cond);
    if (!error) {
        *resultp = json_pack("{s:I}", "count", (json_int_t) n);
    }
    return error;
}

static struct ovsdb_error *
op_update(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    return update_rows(ctx, op, false, resultp);
}

static struct ovsdb_error *
op_mutate(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    return update_rows(ctx, op, true, resultp);
}

static struct ovsdb_error *
op_delete(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    struct db_table *table;
    const json_t *where;
    struct ovsdb_error *error;
    struct condition cond;

    if ((error = parse_table(ctx, op, &table))
        || (error = get_member(op, "where", JSON_ARRAY, false, &where))
        || (error = parse_condition(ctx, table, where, &cond))) {
        return error;
    }
    size_t n;
    const struct db_row **rows = select_rows(ctx, table, &cond, &n);
    for (size_t i = 0; i < n; i++) {
        db_txn_delete(ctx->txn, table, rows[i]);
    }
    free(rows);
    condition_destroy(&cond);
    *resultp = json_pack("{s:I}", "count", (json_int_t) n);
    return NULL;
}

static bool
rows_match_on(const struct db_row *a, const struct db_row *b,
              const bool *columns)
{
    for (size_t i = 0; i < a->table->n_columns; i++) {
        if (columns[i]
            && !ovsdb_datum_equals(&a->fields[i], &b->fields[i],
                                   &a->table->columns[i]->type)) {
            return false;
        }
    }
    return true;
}

/* Returns true if the rows 'actual' and 'expected' are equal as multisets
 * when projected onto 'columns'. */
static bool
row_sets_equal(const struct db_row **actual, size_t n_actual,
               struct db_row **expected, size_t n_expected,
               const bool *columns)
{
    if (n_actual != n_expected) {
        return false;
    }
    bool *used = xcalloc(n_expected + 1, sizeof *used);
    bool equal = true;
    for (size_t i = 0; equal && i < n_actual; i++) {
        equal = false;
        for (size_t j = 0; j < n_expected; j++) {
            if (!used[j] && rows_match_on(actual[i], expected[j], columns)) {
                used[j] = equal = true;
                break;
            }
        }
    }
    free(used);
    return equal;
}

static struct ovsdb_error *
op_wait(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    struct db_table *table;
    const json_t *where, *columns_json, *until, *rows_json, *timeout;
    struct ovsdb_error *error;
    struct condition cond;
    bool *columns = NULL;

    if ((error = parse_table(ctx, op, &table))
        || (error = get_member(op, "where", JSON_ARRAY, false, &where))
        || (error = get_member(op, "columns", JSON_ARRAY, false,
                               &columns_json))
        || (error = get_member(op, "until", JSON_STRING, false, &until))
        || (error = get_member(op, "rows", JSON_ARRAY, false, &rows_json))
        || (error = get_member(op, "timeout", JSON_INTEGER, true,
                               &timeout))) {
        return error;
    }
    const char *until_s = json_string_value(until);
    if (strcmp(until_s, "==") && strcmp(until_s, "!=")) {
        return ovsdb_error_create("syntax error",
                                  "\"until\" must be \"==\" or \"!=\"");
    }
    error = parse_columns(table, columns_json, &columns);
    if (error) {
        free(columns);
        return error;
    }
    size_t n_expected = json_array_size(rows_json);
    struct db_row **expected = xcalloc(n_expected + 1, sizeof *expected);
    for (size_t i = 0; !error && i < n_expected; i++) {
        const json_t *r = json_array_get(rows_json, i);
        expected[i] = db_row_create(table->schema, &(struct uuid) { { 0 } });
        if (!json_is_object(r)) {
            error = ovsdb_error_create("syntax error",
                                       "\"rows\" must hold objects");
        } else {
            error = parse_row(ctx, table, r, expected[i], false);
        }
        /* Columns that a row does not give cannot be compared. */
        const char *name;
        json_t *value;
        if (!error) {
            json_object_foreach ((json_t *) r, name, value) {
                const struct ovsdb_column_schema *c
                    = ovsdb_table_schema_find_column(table->schema, name);
                if (!columns[c->index]) {
                    error = ovsdb_error_create(
                        "syntax error", "column %s of \"rows\" is not in "
                        "\"columns\"", name);
                    break;
                }
            }
        }
    }
    if (!error) {
        error = parse_condition(ctx, table, where, &cond);
    }
    if (!error) {
        size_t n;
        const struct db_row **rows = select_rows(ctx, table, &cond, &n);
        bool equal = row_sets_equal(rows, n, expected, n_expected, columns);
        bool ok = (!strcmp(until_s, "==")) == equal;
        free(rows);
        condition_destroy(&cond);

        long long t = timeout ? json_integer_value(timeout) : LLONG_MAX;
        if (ok) {
            *resultp = json_object();
        } else if (t <= 0 || ctx->elapsed_ms >= t) {
            error = ovsdb_error_create("timed out",
                                       "\"wait\" timed out after %lld ms",
                                       ctx->elapsed_ms);
        } else {
            ctx->retry = true;
            ctx->retry_ms = t == LLONG_MAX ? t : t - ctx->elapsed_ms;
            *resultp = json_object();
        }
    }
    for (size_t i = 0; i < n_expected; i++) {
        db_row_destroy(expected[i]);
    }
    free(expected);
    free(columns);
    return error;
}

static struct ovsdb_error *
op_commit(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    const json_t *durable;
    struct ovsdb_error *error = get_member(op, "durable", JSON_TRUE, false,
                                           &durable);
    if (!error) {
        /* Every commit is durable: nothing more to do. */
        *resultp = json_object();
    }
    return error;
}

static struct ovsdb_error *
op_abort(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    return ovsdb_error_create("aborted", "Aborted by request.");
}

static struct ovsdb_error *
op_comment(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    const json_t *comment;
    struct ovsdb_error *error = get_member(op, "comment", JSON_STRING, true,
                                           &comment);
    if (!error) {
        *resultp = json_object();
    }
    return error;
}

static const struct {
    const char *name;
    struct ovsdb_error *(*execute)(struct ctx *, const json_t *op,
                                   json_t **resultp);
} operations[] = {
    { "insert", op_insert },
    { "select", op_select },
    { "update", op_update },
    { "mutate", op_mutate },
    { "delete", op_delete },
    { "wait", op_wait },
    { "commit", op_commit },
    { "abort", op_abort },
    { "comment", op_comment },
};

static struct ovsdb_error *
execute_op(struct ctx *ctx, const json_t *op, json_t **resultp)
{
    *resultp = NULL;
    if (!json_is_object(op)) {
        return ovsdb_error_create("syntax error",
                                  "operation must be an object");
    }
    const char *name = json_string_value(json_object_get(op, "op"));
    if (!name) {
        return ovsdb_error_create("syntax error",
                                  "operation lacks an \"op\" string");
    }
    for (size_t i = 0; i < ARRAY_SIZE(operations); i++) {
        if (!strcmp(operations[i].name, name)) {
            return operations[i].execute(ctx, op, resultp);
        }
    }
    return ovsdb_error_create("unknown operation", "No operation \"%s\".",
                              name);
}

/* Commit-time checks. */

/* Calls 'cb' for every reference in 'row' whose strength is 'strong'. */
static void
for_each_ref(const struct db_row *row, bool strong,
             void (*cb)(const struct db_row *, unsigned int column,
                        const struct ovsdb_base_type *,
                        const struct uuid *, void *aux),
             void *aux)
{
    const struct ovsdb_table_schema *ts = row->table;
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_type *type = &ts->columns[i]->type;
        const struct ovsdb_datum *d = &row->fields[i];
        if (type->key.ref_table && type->key.ref_is_strong == strong) {
            for (size_t j = 0; j < d->n; j++) {
                cb(row, i, &type->key, &d->keys[j].uuid, aux);
            }
        }
        if (type->value.ref_table && type->value.ref_is_strong == strong) {
            for (size_t j = 0; j < d->n; j++) {
                cb(row, i, &type->value, &d->values[j].uuid, aux);
            }
        }
    }
}

struct refcount {
    struct db_hnode node;
    size_t count;
};

static void
count_ref(const struct db_row *row, unsigned int column,
          const struct ovsdb_base_type *base, const struct uuid *uuid,
          void *counts_)
{
    struct db_umap *counts = counts_;
    struct db_hnode *node = db_umap_find(counts, uuid);
    if (!node) {
        struct refcount *rc = xzalloc(sizeof *rc);
        rc->node.uuid = *uuid;
        db_umap_insert(counts, &rc->node);
        node = &rc->node;
    }
    CONTAINER_OF(node, struct refcount, node)->count++;
}

static void
free_refcounts(struct db_umap *counts)
{
    size_t n;
    struct db_hnode **nodes = db_umap_nodes(counts, &n);
    for (size_t i = 0; i < n; i++) {
        free(CONTAINER_OF(nodes[i], struct refcount, node));
    }
    free(nodes);
    db_umap_destroy(counts);
}

/* Deletes rows of non-root tables that no strong reference points to,
 * repeatedly, since each deletion may orphan more rows. */
static void
collect_garbage(struct ctx *ctx)
{
    bool deleted;
    do {
        struct db_umap counts;
        db_umap_init(&counts);
        for (size_t t = 0; t < ctx->db->n_tables; t++) {
            size_t n;
            const struct db_row **rows = db_txn_rows(ctx->txn,
                                                     &ctx->db->tables[t], &n);
            for (size_t i = 0; i < n; i++) {
                for_each_ref(rows[i], true, count_ref, &counts);
            }
            free(rows);
        }
        deleted = false;
        for (size_t t = 0; t < ctx->db->n_tables; t++) {
            struct db_table *table = &ctx->db->tables[t];
            if (table->schema->is_root) {
                continue;
            }
            size_t n;
            const struct db_row **rows = db_txn_rows(ctx->txn, table, &n);
            for (size_t i = 0; i < n; i++) {
                if (!db_umap_find(&counts, db_row_uuid(rows[i]))) {
                    db_txn_delete(ctx->txn, table, rows[i]);
                    deleted = true;
                }
            }
            free(rows);
        }
        free_refcounts(&counts);
    } while (deleted);
}

static bool
ref_exists(struct ctx *ctx, const struct ovsdb_base_type *base,
           const struct uuid *uuid)
{
    return db_txn_get_row(ctx->txn, db_table_for(ctx->db, base->ref_table),
                          uuid) != NULL;
}

/* Removes from 'row' (a row the transaction sees) every weak reference to
 * a row that does not exist, and checks that the remaining values still
 * satisfy their columns' size constraints. */
static struct ovsdb_error *
remove_weak_refs(struct ctx *ctx, struct db_table *table,
                 const struct db_row *row)
{
    const struct ovsdb_table_schema *ts = table->schema;
    struct db_row *copy = NULL;
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_type *type = &ts->columns[i]->type;
        bool weak_key = type->key.ref_table && !type->key.ref_is_strong;
        bool weak_value = type->value.ref_table && !type->value.ref_is_strong;
        if (!weak_key && !weak_value) {
            continue;
        }
        const struct ovsdb_datum *d = &(copy ? copy : row)->fields[i];
        size_t j;
        for (j = 0; j < d->n; j++) {
            if ((weak_key && !ref_exists(ctx, &type->key, &d->keys[j].uuid))
                || (weak_value
                    && !ref_exists(ctx, &type->value,
                                   &d->values[j].uuid))) {
                break;
            }
        }
        if (j == d->n) {
            continue;
        }
        if (!copy) {
            copy = db_txn_modify(ctx->txn, table, row);
        }
        struct ovsdb_datum *f = &copy->fields[i];
        size_t kept = 0;
        for (j = 0; j < f->n; j++) {
            bool dangling = ((weak_key
                              && !ref_exists(ctx, &type->key,
                                             &f->keys[j].uuid))
                             || (weak_value
                                 && !ref_exists(ctx, &type->value,
                                                &f->values[j].uuid)));
            if (dangling) {
                ovsdb_atom_destroy(&f->keys[j], type->key.type);
                if (f->values) {
                    ovsdb_atom_destroy(&f->values[j], type->value.type);
                }
            } else {
                f->keys[kept] = f->keys[j];
                if (f->values) {
                    f->values[kept] = f->values[j];
                }
                kept++;
            }
        }
        f->n = kept;
        struct ovsdb_error *error = ovsdb_datum_check_size(f, type);
        if (error) {
            char s[UUID_LEN + 1];
            uuid_format(db_row_uuid(row), s);
            ovsdb_error_destroy(error);
            return ovsdb_error_create("constraint violation",
                                      "Deleting a weakly referenced row "
                                      "leaves column %s of %s row %s with "
                                      "too few values.",
                                      ts->columns[i]->name, ts->name, s);
        }
    }
    return NULL;
}

/* Fails if any strong reference in the transaction's view points to a row
 * that does not exist, considering only references from changed rows or
 * to rows deleted by the transaction. */
struct ref_check {
    struct ctx *ctx;
    bool row_changed;
    struct ovsdb_error *error;
};

static void
check_ref(const struct db_row *row, unsigned int column,
          const struct ovsdb_base_type *base, const struct uuid *uuid,
          void *check_)
{
    struct ref_check *check = check_;
    struct ctx *ctx = check->ctx;
    struct db_table *ref_table = db_table_for(ctx->db, base->ref_table);
    if (check->error || db_txn_get_row(ctx->txn, ref_table, uuid)) {
        return;
    }
    if (check->row_changed || db_table_find_row(ref_table, uuid)) {
        char src[UUID_LEN + 1], dst[UUID_LEN + 1];
        uuid_format(db_row_uuid(row), src);
        uuid_format(uuid, dst);
        check->error = ovsdb_error_create(
            "referential integrity violation",
            "Table %s column %s row %s references nonexistent row %s in "
            "table %s.", row->table->name, row->table->columns[column]->name,
            src, dst, ref_table->schema->name);
    }
}

static struct ovsdb_error *
check_references(struct ctx *ctx)
{
    struct ref_check check = { .ctx = ctx };
    for (size_t t = 0; !check.error && t < ctx->db->n_tables; t++) {
        struct db_table *table = &ctx->db->tables[t];
        size_t n;
        const struct db_row **rows = db_txn_rows(ctx->txn, table, &n);
        for (size_t i = 0; !check.error && i < n; i++) {
            check.error = remove_weak_refs(ctx, table, rows[i]);
        }
        free(rows);
    }
    for (size_t t = 0; !check.error && t < ctx->db->n_tables; t++) {
        struct db_table *table = &ctx->db->tables[t];
        size_t n;
        const struct db_row **rows = db_txn_rows(ctx->txn, table, &n);
        for (size_t i = 0; !check.error && i < n; i++) {
            check.row_changed = (db_table_find_row(table,
                                                   db_row_uuid(rows[i]))
                                 != rows[i]);
            for_each_ref(rows[i], true, check_ref, &check);
        }
        free(rows);
    }
    return check.error;
}

static bool
table_changed(const struct ctx *ctx, const struct db_table *table)
{
    return ctx->txn->maps[table - ctx->db->tables].n > 0;
}

static struct ovsdb_error *
check_index(const struct db_table *table, const struct ovsdb_index_schema *ix,
            const struct db_row **rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            size_t k;
            for (k = 0; k < ix->n_columns; k++) {
                const struct ovsdb_column_schema *c = ix->columns[k];
                if (!ovsdb_datum_equals(&rows[i]->fields[c->index],
                                        &rows[j]->fields[c->index],
                                        &c->type)) {
                    break;
                }
            }
            if (k < ix->n_columns) {
                continue;
            }
            const struct ovsdb_column_schema *c = ix->columns[0];
            char *value = ovsdb_datum_to_string(&rows[i]->fields[c->index],
                                                &c->type);
            struct ovsdb_error *error = ovsdb_error_create(
                "constraint violation",
                "Transaction causes multiple rows in \"%s\" table to have "
                "identical values (%s) for index on column \"%s\".",
                table->schema->name, value, c->name);
            free(value);
            return error;
        }
    }
    return NULL;
}

static struct ovsdb_error *
check_tables(struct ctx *ctx)
{
    for (size_t t = 0; t < ctx->db->n_tables; t++) {
        struct db_table *table = &ctx->db->tables[t];
        const struct ovsdb_table_schema *ts = table->schema;
        if (!table_changed(ctx, table)) {
            continue;
        }
        size_t n;
        const struct db_row **rows = db_txn_rows(ctx->txn, table, &n);
        struct ovsdb_error *error = NULL;
        if (n > ts->max_rows) {
            error = ovsdb_error_create("constraint violation",
                                       "Transaction causes \"%s\" table to "
                                       "contain %zu rows, greater than the "
                                       "schema-defined limit of %u row(s).",
                                       ts->name, n, ts->max_rows);
        }
        for (size_t i = 0; !error && i < ts->n_indexes; i++) {
            error = check_index(table, &ts->indexes[i], rows, n);
        }
        free(rows);
        if (error) {
            return error;
        }
    }
    return NULL;
}

static struct ovsdb_error *
precommit(struct ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_symbols; i++) {
        if (!ctx->symbols[i].created) {
            return ovsdb_error_create("syntax error",
                                      "named-uuid \"%s\" is not the "
                                      "uuid-name of any insert.",
                                      ctx->symbols[i].name);
        }
    }
    collect_garbage(ctx);
    struct ovsdb_error *error = check_references(ctx);
    return error ? error : check_tables(ctx);
}

json_t *
transact_execute(struct db *db, const json_t *params, long long elapsed_ms,
                 struct db_txn **txnp, long long *retry_ms)
{
    struct ctx ctx = {
        .db = db,
        .txn = db_txn_create(db),
        .symtab = { .lookup = symtab_lookup },
        .elapsed_ms = elapsed_ms,
        .retry_ms = LLONG_MAX,
    };
    json_t *results = json_array();
    struct ovsdb_error *error = NULL;

    *txnp = NULL;
    *retry_ms = LLONG_MAX;
    for (size_t i = 1; !error && i < json_array_size(params); i++) {
        json_t *result;
        error = execute_op(&ctx, json_array_get(params, i), &result);
        if (ctx.retry) {
            json_decref(result);
            ovsdb_error_destroy(error);
            json_decref(results);
            results = NULL;
            *retry_ms = ctx.retry_ms;
            break;
        }
        json_array_append_new(results,
                              error ? ovsdb_error_to_json(error) : result);
    }
    if (results && !error) {
        error = precommit(&ctx);
        if (error) {
            json_array_append_new(results, ovsdb_error_to_json(error));
        }
    }
    if (results && !error && db_txn_finalize(ctx.txn)) {
        *txnp = ctx.txn;
    } else {
        db_txn_abort(ctx.txn);
    }
    ovsdb_error_destroy(error);
    for (size_t i = 0; i < ctx.n_symbols; i++) {
        free(ctx.symbols[i].name);
    }
    free(ctx.symbols);
    return results;
}
