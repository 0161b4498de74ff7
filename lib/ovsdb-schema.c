/* OVSDB errors, atomic type names and schemas (RFC 7047 section 3.2):
 * parsing a <database-schema>, writing it back, and looking up tables and
 * columns.  The atom and datum half of the data model is in
 * lib/ovsdb-data.c. */
#include "lib/ovsdb-data.h"

#include <float.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Errors. */

struct ovsdb_error *
ovsdb_error_create(const char *tag, const char *fmt, ...)
{
    struct ovsdb_error *error = xmalloc(sizeof *error);
    va_list args;

    va_start(args, fmt);
    error->tag = xstrdup(tag);
    error->details = xvasprintf(fmt, args);
    va_end(args);
    return error;
}

json_t *
ovsdb_error_to_json(const struct ovsdb_error *error)
{
    return json_pack("{s:s, s:s}", "error", error->tag,
                     "details", error->details);
}

char *
ovsdb_error_to_string(const struct ovsdb_error *error)
{
    return xasprintf("%s: %s", error->tag, error->details);
}

void
ovsdb_error_destroy(struct ovsdb_error *error)
{
    if (error) {
        free(error->tag);
        free(error->details);
        free(error);
    }
}

const char *
ovsdb_atomic_type_to_string(enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_VOID:
        return "void";
    case OVSDB_TYPE_INTEGER:
        return "integer";
    case OVSDB_TYPE_REAL:
        return "real";
    case OVSDB_TYPE_BOOLEAN:
        return "boolean";
    case OVSDB_TYPE_STRING:
        return "string";
    case OVSDB_TYPE_UUID:
        return "uuid";
    }
    return "<invalid>";
}

/* Schemas. */

/* Prepends "prefix: " (formatted from 'fmt') to the details of 'error' and
 * returns 'error'. */
static struct ovsdb_error * SLUICE_PRINTF(2, 3)
error_prefix(struct ovsdb_error *error, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    char *prefix = xvasprintf(fmt, args);
    va_end(args);

    char *details = xasprintf("%s: %s", prefix, error->details);
    free(prefix);
    free(error->details);
    error->details = details;
    return error;
}

/* Returns a "syntax error" for member 'name' of an object whose value is
 * 'value' but should have been 'expected'. */
static struct ovsdb_error *
bad_member(const char *name, const json_t *value, const char *expected)
{
    char *s = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
    struct ovsdb_error *error = ovsdb_error_create(
        "syntax error", "member \"%s\" is %s but must be %s",
        name, s ? s : "?", expected);
    free(s);
    return error;
}

/* Checks that every member of 'object' is one of the NULL-terminated
 * 'allowed' names.  Returns NULL or a "syntax error". */
static struct ovsdb_error *
check_members(const json_t *object, const char *const *allowed)
{
    const char *key;
    json_t *value;

    json_object_foreach((json_t *) object, key, value) {
        const char *const *p;
        for (p = allowed; *p; p++) {
            if (!strcmp(*p, key)) {
                break;
            }
        }
        if (!*p) {
            return ovsdb_error_create("syntax error",
                                      "unknown member \"%s\"", key);
        }
    }
    return NULL;
}

/* Returns true if 'name' is an <id>: a letter or '_' followed by letters,
 * digits and '_'. */
static bool
is_valid_id(const char *name)
{
    if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z')
          || *name == '_')) {
        return false;
    }
    for (const char *p = name + 1; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (*p >= '0' && *p <= '9') || *p == '_')) {
            return false;
        }
    }
    return true;
}

/* Returns true if 'v' is a <version>: "x.y.z" with decimal numbers. */
static bool
is_valid_version(const char *v)
{
    for (int part = 0; part < 3; part++) {
        if (*v < '0' || *v > '9') {
            return false;
        }
        while (*v >= '0' && *v <= '9') {
            v++;
        }
        if (part < 2 && *v++ != '.') {
            return false;
        }
    }
    return *v == '\0';
}

static bool
atomic_type_from_string(const char *s, enum ovsdb_atomic_type *type)
{
    static const enum ovsdb_atomic_type types[] = {
        OVSDB_TYPE_INTEGER, OVSDB_TYPE_REAL, OVSDB_TYPE_BOOLEAN,
        OVSDB_TYPE_STRING, OVSDB_TYPE_UUID,
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        if (!strcmp(s, ovsdb_atomic_type_to_string(types[i]))) {
            *type = types[i];
            return true;
        }
    }
    return false;
}

/* Initializes 'base' as an unconstrained 'type'. */
static void
base_type_init(struct ovsdb_base_type *base, enum ovsdb_atomic_type type)
{
    memset(base, 0, sizeof *base);
    base->type = type;
    base->min_integer = INT64_MIN;
    base->max_integer = INT64_MAX;
    base->min_real = -DBL_MAX;
    base->max_real = DBL_MAX;
    base->min_length = 0;
    base->max_length = UINT_MAX;
    base->ref_is_strong = true;
}

static void
base_type_destroy(struct ovsdb_base_type *base)
{
    if (base->enum_) {
        struct ovsdb_type enum_type = {
            .n_min = 0, .n_max = OVSDB_UNLIMITED,
        };
        base_type_init(&enum_type.key, base->type);
        base_type_init(&enum_type.value, OVSDB_TYPE_VOID);
        ovsdb_datum_destroy(base->enum_, &enum_type);
        free(base->enum_);
    }
    free(base->ref_table_name);
}

static bool
base_type_has_constraints(const struct ovsdb_base_type *base)
{
    return (base->enum_
            || base->min_integer != INT64_MIN
            || base->max_integer != INT64_MAX
            || base->min_real != -DBL_MAX
            || base->max_real != DBL_MAX
            || base->min_length != 0
            || base->max_length != UINT_MAX
            || base->ref_table_name);
}

/* Parses an integer member 'name' of 'object' into '*value' if present.
 * Returns NULL or a "syntax error". */
static struct ovsdb_error *
parse_int_member(const json_t *object, const char *name, int64_t *value)
{
    const json_t *j = json_object_get(object, name);
    if (j) {
        if (!json_is_integer(j)) {
            return bad_member(name, j, "an integer");
        }
        *value = json_integer_value(j);
    }
    return NULL;
}

static struct ovsdb_error *
parse_real_member(const json_t *object, const char *name, double *value)
{
    const json_t *j = json_object_get(object, name);
    if (j) {
        if (!json_is_number(j)) {
            return bad_member(name, j, "a number");
        }
        *value = json_number_value(j);
    }
    return NULL;
}

static struct ovsdb_error *
parse_length_member(const json_t *object, const char *name,
                    unsigned int *value)
{
    const json_t *j = json_object_get(object, name);
    if (j) {
        if (!json_is_integer(j) || json_integer_value(j) < 0
            || json_integer_value(j) > UINT_MAX) {
            return bad_member(name, j, "a non-negative integer");
        }
        *value = json_integer_value(j);
    }
    return NULL;
}

/* Parses the "enum" member 'json' of a base type 'base' (whose 'type' is
 * set already). */
static struct ovsdb_error *
parse_enum(struct ovsdb_base_type *base, const json_t *json)
{
    struct ovsdb_type enum_type = {
        .n_min = 0, .n_max = OVSDB_UNLIMITED,
    };
    base_type_init(&enum_type.key, base->type);
    base_type_init(&enum_type.value, OVSDB_TYPE_VOID);

    struct ovsdb_datum *datum = xmalloc(sizeof *datum);
    struct ovsdb_error *error = ovsdb_datum_from_json(datum, &enum_type,
                                                      json, NULL);
    if (error) {
        free(datum);
        return error_prefix(error, "enum");
    }
    base->enum_ = datum;
    return NULL;
}

/* Parses the <base-type> 'json' into 'base'.  On error 'base' still needs
 * base_type_destroy(). */
static struct ovsdb_error *
base_type_from_json(struct ovsdb_base_type *base, const json_t *json)
{
    enum ovsdb_atomic_type type;
    struct ovsdb_error *error;

    base_type_init(base, OVSDB_TYPE_VOID);
    if (json_is_string(json)) {
        if (!atomic_type_from_string(json_string_value(json), &type)) {
            return ovsdb_error_create("syntax error",
                                      "unknown atomic type \"%s\"",
                                      json_string_value(json));
        }
        base->type = type;
        return NULL;
    }
    if (!json_is_object(json)) {
        return ovsdb_error_create("syntax error",
                                  "base type must be a string or object");
    }

    const json_t *jtype = json_object_get(json, "type");
    if (!jtype || !json_is_string(jtype)) {
        return ovsdb_error_create("syntax error",
                                  "base type lacks a string \"type\"");
    }
    if (!atomic_type_from_string(json_string_value(jtype), &type)) {
        return ovsdb_error_create("syntax error",
                                  "unknown atomic type \"%s\"",
                                  json_string_value(jtype));
    }
    base->type = type;

    static const char *const integer_members[] = {
        "type", "enum", "minInteger", "maxInteger", NULL
    };
    static const char *const real_members[] = {
        "type", "enum", "minReal", "maxReal", NULL
    };
    static const char *const boolean_members[] = { "type", "enum", NULL };
    static const char *const string_members[] = {
        "type", "enum", "minLength", "maxLength", NULL
    };
    static const char *const uuid_members[] = {
        "type", "enum", "refTable", "refType", NULL
    };
    const char *const *allowed = (
        type == OVSDB_TYPE_INTEGER ? integer_members
        : type == OVSDB_TYPE_REAL ? real_members
        : type == OVSDB_TYPE_BOOLEAN ? boolean_members
        : type == OVSDB_TYPE_STRING ? string_members
        : uuid_members);
    error = check_members(json, allowed);
    if (error) {
        return error;
    }

    switch (type) {
    case OVSDB_TYPE_INTEGER:
        error = parse_int_member(json, "minInteger", &base->min_integer);
        if (!error) {
            error = parse_int_member(json, "maxInteger", &base->max_integer);
        }
        if (!error && base->min_integer > base->max_integer) {
            error = ovsdb_error_create(
                "syntax error", "minInteger %"PRId64" is greater than "
                "maxInteger %"PRId64, base->min_integer, base->max_integer);
        }
        break;
    case OVSDB_TYPE_REAL:
        error = parse_real_member(json, "minReal", &base->min_real);
        if (!error) {
            error = parse_real_member(json, "maxReal", &base->max_real);
        }
        if (!error && base->min_real > base->max_real) {
            error = ovsdb_error_create(
                "syntax error", "minReal %.17g is greater than maxReal %.17g",
                base->min_real, base->max_real);
        }
        break;
    case OVSDB_TYPE_STRING:
        error = parse_length_member(json, "minLength", &base->min_length);
        if (!error) {
            error = parse_length_member(json, "maxLength", &base->max_length);
        }
        if (!error && base->min_length > base->max_length) {
            error = ovsdb_error_create(
                "syntax error", "minLength %u is greater than maxLength %u",
                base->min_length, base->max_length);
        }
        break;
    case OVSDB_TYPE_UUID: {
        const json_t *ref = json_object_get(json, "refTable");
        const json_t *ref_type = json_object_get(json, "refType");
        if (ref) {
            if (!json_is_string(ref) || !is_valid_id(json_string_value(ref))) {
                return bad_member("refTable", ref, "a table name");
            }
            base->ref_table_name = xstrdup(json_string_value(ref));
        }
        if (ref_type) {
            const char *s = json_is_string(ref_type)
                            ? json_string_value(ref_type) : "";
            if (!ref) {
                return ovsdb_error_create("syntax error",
                                          "refType without refTable");
            } else if (!strcmp(s, "strong")) {
                base->ref_is_strong = true;
            } else if (!strcmp(s, "weak")) {
                base->ref_is_strong = false;
            } else {
                return bad_member("refType", ref_type,
                                  "\"strong\" or \"weak\"");
            }
        }
        break;
    }
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
        break;
    }
    if (error) {
        return error;
    }

    const json_t *jenum = json_object_get(json, "enum");
    return jenum ? parse_enum(base, jenum) : NULL;
}

/* Parses the "min" or "max" member 'json' of a <type>. */
static struct ovsdb_error *
parse_bound(const json_t *json, const char *name, bool allow_unlimited,
            unsigned int *bound)
{
    if (allow_unlimited && json_is_string(json)
        && !strcmp(json_string_value(json), "unlimited")) {
        *bound = OVSDB_UNLIMITED;
        return NULL;
    }
    if (!json_is_integer(json) || json_integer_value(json) < 0
        || json_integer_value(json) >= UINT_MAX) {
        return bad_member(name, json, allow_unlimited
                          ? "a non-negative integer or \"unlimited\""
                          : "0 or 1");
    }
    *bound = json_integer_value(json);
    return NULL;
}

/* Parses the <type> 'json' into 'type'.  On error 'type' still needs
 * type_destroy(). */
static struct ovsdb_error *
type_from_json(struct ovsdb_type *type, const json_t *json)
{
    struct ovsdb_error *error;

    base_type_init(&type->key, OVSDB_TYPE_VOID);
    base_type_init(&type->value, OVSDB_TYPE_VOID);
    type->n_min = type->n_max = 1;

    if (json_is_string(json)) {
        return base_type_from_json(&type->key, json);
    }
    if (!json_is_object(json)) {
        return ovsdb_error_create("syntax error",
                                  "type must be a string or object");
    }
    static const char *const allowed[] = {
        "key", "value", "min", "max", NULL
    };
    error = check_members(json, allowed);
    if (error) {
        return error;
    }

    const json_t *key = json_object_get(json, "key");
    if (!key) {
        return ovsdb_error_create("syntax error", "type lacks \"key\"");
    }
    error = base_type_from_json(&type->key, key);
    if (error) {
        return error_prefix(error, "key");
    }
    const json_t *value = json_object_get(json, "value");
    if (value) {
        error = base_type_from_json(&type->value, value);
        if (error) {
            return error_prefix(error, "value");
        }
    }

    const json_t *min = json_object_get(json, "min");
    const json_t *max = json_object_get(json, "max");
    if (min) {
        error = parse_bound(min, "min", false, &type->n_min);
        if (error) {
            return error;
        }
        if (type->n_min > 1) {
            return bad_member("min", min, "0 or 1");
        }
    }
    if (max) {
        error = parse_bound(max, "max", true, &type->n_max);
        if (error) {
            return error;
        }
        if (type->n_max < 1) {
            return bad_member("max", max, "at least 1");
        }
    }
    if (type->n_min > type->n_max) {
        return ovsdb_error_create("syntax error", "min %u is greater than "
                                  "max %u", type->n_min, type->n_max);
    }
    return NULL;
}

static void
type_destroy(struct ovsdb_type *type)
{
    base_type_destroy(&type->key);
    base_type_destroy(&type->value);
}

static json_t *
base_type_to_json(const struct ovsdb_base_type *base)
{
    const char *name = ovsdb_atomic_type_to_string(base->type);
    if (!base_type_has_constraints(base)) {
        return json_string(name);
    }

    json_t *json = json_object();
    json_object_set_new(json, "type", json_string(name));
    if (base->enum_) {
        struct ovsdb_type enum_type = {
            .n_min = 0, .n_max = OVSDB_UNLIMITED,
        };
        base_type_init(&enum_type.key, base->type);
        base_type_init(&enum_type.value, OVSDB_TYPE_VOID);
        json_object_set_new(json, "enum",
                            ovsdb_datum_to_json(base->enum_, &enum_type));
    }
    if (base->min_integer != INT64_MIN) {
        json_object_set_new(json, "minInteger",
                            json_integer(base->min_integer));
    }
    if (base->max_integer != INT64_MAX) {
        json_object_set_new(json, "maxInteger",
                            json_integer(base->max_integer));
    }
    if (base->min_real != -DBL_MAX) {
        json_object_set_new(json, "minReal", json_real(base->min_real));
    }
    if (base->max_real != DBL_MAX) {
        json_object_set_new(json, "maxReal", json_real(base->max_real));
    }
    if (base->min_length != 0) {
        json_object_set_new(json, "minLength",
                            json_integer(base->min_length));
    }
    if (base->max_length != UINT_MAX) {
        json_object_set_new(json, "maxLength",
                            json_integer(base->max_length));
    }
    if (base->ref_table_name) {
        json_object_set_new(json, "refTable",
                            json_string(base->ref_table_name));
        if (!base->ref_is_strong) {
            json_object_set_new(json, "refType", json_string("weak"));
        }
    }
    return json;
}

static json_t *
type_to_json(const struct ovsdb_type *type)
{
    if (ovsdb_type_is_scalar(type)
        && !base_type_has_constraints(&type->key)) {
        return base_type_to_json(&type->key);
    }

    json_t *json = json_object();
    json_object_set_new(json, "key", base_type_to_json(&type->key));
    if (ovsdb_type_is_map(type)) {
        json_object_set_new(json, "value", base_type_to_json(&type->value));
    }
    if (type->n_min != 1) {
        json_object_set_new(json, "min", json_integer(type->n_min));
    }
    if (type->n_max == OVSDB_UNLIMITED) {
        json_object_set_new(json, "max", json_string("unlimited"));
    } else if (type->n_max != 1) {
        json_object_set_new(json, "max", json_integer(type->n_max));
    }
    return json;
}

static void
column_destroy(struct ovsdb_column_schema *column)
{
    if (column) {
        free(column->name);
        type_destroy(&column->type);
        free(column);
    }
}

static struct ovsdb_column_schema *
column_create_implicit(const char *name, unsigned int index)
{
    struct ovsdb_column_schema *column = xzalloc(sizeof *column);
    column->name = xstrdup(name);
    column->index = index;
    base_type_init(&column->type.key, OVSDB_TYPE_UUID);
    base_type_init(&column->type.value, OVSDB_TYPE_VOID);
    column->type.n_min = column->type.n_max = 1;
    column->mutable_ = false;
    column->ephemeral = false;
    return column;
}

/* Parses the <column-schema> 'json' for the column named 'name'. */
static struct ovsdb_error *
column_from_json(const char *name, const json_t *json,
                 struct ovsdb_column_schema **columnp)
{
    static const char *const allowed[] = {
        "type", "ephemeral", "mutable", NULL
    };
    struct ovsdb_error *error;

    *columnp = NULL;
    if (!is_valid_id(name) || name[0] == '_') {
        return ovsdb_error_create("syntax error",
                                  "invalid column name \"%s\"", name);
    }
    if (!json_is_object(json)) {
        return ovsdb_error_create("syntax error",
                                  "column schema must be an object");
    }
    error = check_members(json, allowed);
    if (error) {
        return error;
    }

    const json_t *jtype = json_object_get(json, "type");
    const json_t *jephemeral = json_object_get(json, "ephemeral");
    const json_t *jmutable = json_object_get(json, "mutable");
    if (!jtype) {
        return ovsdb_error_create("syntax error", "column lacks \"type\"");
    }
    if (jephemeral && !json_is_boolean(jephemeral)) {
        return bad_member("ephemeral", jephemeral, "a boolean");
    }
    if (jmutable && !json_is_boolean(jmutable)) {
        return bad_member("mutable", jmutable, "a boolean");
    }

    struct ovsdb_column_schema *column = xzalloc(sizeof *column);
    column->name = xstrdup(name);
    column->mutable_ = jmutable ? json_is_true(jmutable) : true;
    column->ephemeral = jephemeral ? json_is_true(jephemeral) : false;
    error = type_from_json(&column->type, jtype);
    if (error) {
        column_destroy(column);
        return error;
    }
    *columnp = column;
    return NULL;
}

static json_t *
column_to_json(const struct ovsdb_column_schema *column)
{
    json_t *json = json_object();
    json_object_set_new(json, "type", type_to_json(&column->type));
    if (column->ephemeral) {
        json_object_set_new(json, "ephemeral", json_true());
    }
    if (!column->mutable_) {
        json_object_set_new(json, "mutable", json_false());
    }
    return json;
}

static void
table_destroy(struct ovsdb_table_schema *table)
{
    if (table) {
        for (size_t i = 0; i < table->n_columns; i++) {
            column_destroy(table->columns[i]);
        }
        free(table->columns);
        for (size_t i = 0; i < table->n_indexes; i++) {
            free(table->indexes[i].columns);
        }
        free(table->indexes);
        free(table->name);
        free(table);
    }
}

static int
compare_column_ptrs(const void *a_, const void *b_)
{
    const struct ovsdb_column_schema *const *a = a_;
    const struct ovsdb_column_schema *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static int
compare_table_ptrs(const void *a_, const void *b_)
{
    const struct ovsdb_table_schema *const *a = a_;
    const struct ovsdb_table_schema *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Parses the "indexes" member 'json' of 'table', whose columns are parsed
 * already. */
static struct ovsdb_error *
parse_indexes(struct ovsdb_table_schema *table, const json_t *json)
{
    if (!json_is_array(json)) {
        return bad_member("indexes", json, "an array");
    }
    size_t n = json_array_size(json);
    table->indexes = xcalloc(n, sizeof *table->indexes);
    for (size_t i = 0; i < n; i++) {
        const json_t *jindex = json_array_get(json, i);
        if (!json_is_array(jindex) || !json_array_size(jindex)) {
            return ovsdb_error_create("syntax error", "index %zu must be a "
                                      "nonempty array of column names", i);
        }
        struct ovsdb_index_schema *index = &table->indexes[i];
        index->columns = xcalloc(json_array_size(jindex),
                                 sizeof *index->columns);
        table->n_indexes++;
        for (size_t j = 0; j < json_array_size(jindex); j++) {
            const json_t *jname = json_array_get(jindex, j);
            const struct ovsdb_column_schema *column = NULL;
            if (json_is_string(jname)) {
                column = ovsdb_table_schema_find_column(
                    table, json_string_value(jname));
            }
            if (!column) {
                char *s = json_dumps(jname, JSON_ENCODE_ANY);
                struct ovsdb_error *error = ovsdb_error_create(
                    "syntax error", "index %zu names unknown column %s",
                    i, s ? s : "?");
                free(s);
                return error;
            }
            if (column->ephemeral) {
                return ovsdb_error_create(
                    "syntax error", "index %zu names ephemeral column %s",
                    i, column->name);
            }
            index->columns[index->n_columns++] = column;
        }
    }
    return NULL;
}

/* Parses the <table-schema> 'json' for the table named 'name'. */
static struct ovsdb_error *
table_from_json(const char *name, const json_t *json,
                struct ovsdb_table_schema **tablep)
{
    static const char *const allowed[] = {
        "columns", "maxRows", "isRoot", "indexes", NULL
    };
    struct ovsdb_error *error;

    *tablep = NULL;
    if (!is_valid_id(name) || name[0] == '_') {
        return ovsdb_error_create("syntax error",
                                  "invalid table name \"%s\"", name);
    }
    if (!json_is_object(json)) {
        return ovsdb_error_create("syntax error",
                                  "table %s: schema must be an object", name);
    }
    error = check_members(json, allowed);
    if (error) {
        return error_prefix(error, "table %s", name);
    }

    const json_t *jcolumns = json_object_get(json, "columns");
    const json_t *jmax_rows = json_object_get(json, "maxRows");
    const json_t *jis_root = json_object_get(json, "isRoot");
    const json_t *jindexes = json_object_get(json, "indexes");
    if (!jcolumns || !json_is_object(jcolumns)
        || !json_object_size(jcolumns)) {
        return ovsdb_error_create("syntax error", "table %s: \"columns\" "
                                  "must be a nonempty object", name);
    }
    if (jmax_rows && (!json_is_integer(jmax_rows)
                      || json_integer_value(jmax_rows) < 1
                      || json_integer_value(jmax_rows) >= UINT_MAX)) {
        return error_prefix(bad_member("maxRows", jmax_rows,
                                       "a positive integer"),
                            "table %s", name);
    }
    if (jis_root && !json_is_boolean(jis_root)) {
        return error_prefix(bad_member("isRoot", jis_root, "a boolean"),
                            "table %s", name);
    }

    struct ovsdb_table_schema *table = xzalloc(sizeof *table);
    table->name = xstrdup(name);
    table->is_root = jis_root && json_is_true(jis_root);
    table->max_rows = jmax_rows ? json_integer_value(jmax_rows) : UINT_MAX;
    table->columns = xcalloc(json_object_size(jcolumns) + 2,
                             sizeof *table->columns);
    table->columns[table->n_columns++] = column_create_implicit(
        "_uuid", OVSDB_COL_UUID);
    table->columns[table->n_columns++] = column_create_implicit(
        "_version", OVSDB_COL_VERSION);

    const char *cname;
    json_t *jcolumn;
    json_object_foreach((json_t *) jcolumns, cname, jcolumn) {
        struct ovsdb_column_schema *column;
        error = column_from_json(cname, jcolumn, &column);
        if (error) {
            table_destroy(table);
            return error_prefix(error, "table %s column %s", name, cname);
        }
        table->columns[table->n_columns++] = column;
    }
    qsort(table->columns + 2, table->n_columns - 2, sizeof *table->columns,
          compare_column_ptrs);
    for (size_t i = 0; i < table->n_columns; i++) {
        table->columns[i]->index = i;
    }

    if (jindexes) {
        error = parse_indexes(table, jindexes);
        if (error) {
            table_destroy(table);
            return error_prefix(error, "table %s", name);
        }
    }
    *tablep = table;
    return NULL;
}

static json_t *
table_to_json(const struct ovsdb_table_schema *table)
{
    json_t *json = json_object();
    json_t *columns = json_object();
    for (size_t i = 0; i < table->n_columns; i++) {
        const struct ovsdb_column_schema *column = table->columns[i];
        if (column->name[0] != '_') {
            json_object_set_new(columns, column->name,
                                column_to_json(column));
        }
    }
    json_object_set_new(json, "columns", columns);
    if (table->is_root) {
        json_object_set_new(json, "isRoot", json_true());
    }
    if (table->max_rows != UINT_MAX) {
        json_object_set_new(json, "maxRows", json_integer(table->max_rows));
    }
    if (table->n_indexes) {
        json_t *indexes = json_array();
        for (size_t i = 0; i < table->n_indexes; i++) {
            const struct ovsdb_index_schema *index = &table->indexes[i];
            json_t *jindex = json_array();
            for (size_t j = 0; j < index->n_columns; j++) {
                json_array_append_new(jindex,
                                      json_string(index->columns[j]->name));
            }
            json_array_append_new(indexes, jindex);
        }
        json_object_set_new(json, "indexes", indexes);
    }
    return json;
}

/* Resolves the refTable of 'base' in 'schema'. */
static struct ovsdb_error *
resolve_ref(struct ovsdb_schema *schema, struct ovsdb_base_type *base)
{
    if (base->ref_table_name) {
        base->ref_table = (struct ovsdb_table_schema *)
            ovsdb_schema_find_table(schema, base->ref_table_name);
        if (!base->ref_table) {
            return ovsdb_error_create("syntax error",
                                      "refTable \"%s\" is not a table in "
                                      "the schema", base->ref_table_name);
        }
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_schema_from_json(const json_t *json, struct ovsdb_schema **schemap)
{
    static const char *const allowed[] = {
        "name", "version", "cksum", "tables", NULL
    };
    struct ovsdb_error *error;

    *schemap = NULL;
    if (!json_is_object(json)) {
        return ovsdb_error_create("syntax error",
                                  "database schema must be an object");
    }
    error = check_members(json, allowed);
    if (error) {
        return error_prefix(error, "database schema");
    }

    const json_t *jname = json_object_get(json, "name");
    const json_t *jversion = json_object_get(json, "version");
    const json_t *jcksum = json_object_get(json, "cksum");
    const json_t *jtables = json_object_get(json, "tables");
    if (!jname || !json_is_string(jname)
        || !is_valid_id(json_string_value(jname))) {
        return ovsdb_error_create("syntax error", "database schema lacks a "
                                  "valid \"name\"");
    }
    if (!jversion || !json_is_string(jversion)
        || !is_valid_version(json_string_value(jversion))) {
        return ovsdb_error_create("syntax error", "database schema lacks a "
                                  "valid \"version\" (\"x.y.z\")");
    }
    if (jcksum && !json_is_string(jcksum)) {
        return bad_member("cksum", jcksum, "a string");
    }
    if (!jtables || !json_is_object(jtables)) {
        return ovsdb_error_create("syntax error", "database schema lacks "
                                  "a \"tables\" object");
    }

    struct ovsdb_schema *schema = xzalloc(sizeof *schema);
    schema->name = xstrdup(json_string_value(jname));
    schema->version = xstrdup(json_string_value(jversion));
    schema->cksum = jcksum ? xstrdup(json_string_value(jcksum)) : NULL;
    schema->tables = xcalloc(json_object_size(jtables),
                             sizeof *schema->tables);

    const char *tname;
    json_t *jtable;
    json_object_foreach((json_t *) jtables, tname, jtable) {
        struct ovsdb_table_schema *table;
        error = table_from_json(tname, jtable, &table);
        if (error) {
            ovsdb_schema_destroy(schema);
            return error;
        }
        schema->tables[schema->n_tables++] = table;
    }
    qsort(schema->tables, schema->n_tables, sizeof *schema->tables,
          compare_table_ptrs);

    /* Before "isRoot" existed every table was a root; keep that meaning
     * for schemas that mark no table as a root. */
    bool any_root = false;
    for (size_t i = 0; i < schema->n_tables; i++) {
        any_root = any_root || schema->tables[i]->is_root;
    }
    for (size_t i = 0; i < schema->n_tables; i++) {
        struct ovsdb_table_schema *table = schema->tables[i];
        table->is_root = table->is_root || !any_root;
        for (size_t j = 0; j < table->n_columns; j++) {
            struct ovsdb_column_schema *column = table->columns[j];
            error = resolve_ref(schema, &column->type.key);
            if (!error) {
                error = resolve_ref(schema, &column->type.value);
            }
            if (error) {
                error_prefix(error, "table %s column %s",
                             table->name, column->name);
                ovsdb_schema_destroy(schema);
                return error;
            }
        }
    }
    *schemap = schema;
    return NULL;
}

json_t *
ovsdb_schema_to_json(const struct ovsdb_schema *schema)
{
    json_t *json = json_object();
    json_object_set_new(json, "name", json_string(schema->name));
    json_object_set_new(json, "version", json_string(schema->version));
    if (schema->cksum) {
        json_object_set_new(json, "cksum", json_string(schema->cksum));
    }
    json_t *tables = json_object();
    for (size_t i = 0; i < schema->n_tables; i++) {
        json_object_set_new(tables, schema->tables[i]->name,
                            table_to_json(schema->tables[i]));
    }
    json_object_set_new(json, "tables", tables);
    return json;
}

void
ovsdb_schema_destroy(struct ovsdb_schema *schema)
{
    if (schema) {
        for (size_t i = 0; i < schema->n_tables; i++) {
            table_destroy(schema->tables[i]);
        }
        free(schema->tables);
        free(schema->name);
        free(schema->version);
        free(schema->cksum);
        free(schema);
    }
}

const struct ovsdb_table_schema *
ovsdb_schema_find_table(const struct ovsdb_schema *schema, const char *name)
{
    size_t lo = 0, hi = schema->n_tables;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, schema->tables[mid]->name);
        if (!cmp) {
            return schema->tables[mid];
        } else if (cmp < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}

const struct ovsdb_column_schema *
ovsdb_table_schema_find_column(const struct ovsdb_table_schema *table,
                               const char *name)
{
    /* The implicit columns come first, then the rest in name order. */
    for (size_t i = 0; i < table->n_columns && i < 2; i++) {
        if (!strcmp(table->columns[i]->name, name)) {
            return table->columns[i];
        }
    }
    size_t lo = 2, hi = table->n_columns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, table->columns[mid]->name);
        if (!cmp) {
            return table->columns[mid];
        } else if (cmp < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}
