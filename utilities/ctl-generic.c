/* sluice-ctl's generic database commands (list, get, set, clear, add,
 * remove) and the table, column, record and value lookups that every
 * command shares.  See ctl-commands.h. */
#include "utilities/ctl-commands.h"

#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"
#include "utilities/ctl-format.h"

/* The Interface types that sluice-switchd implements.  "" (the default)
 * means "system". */
static const char *const ctl_iface_types[] = { "system", "internal", "tap" };

/* Columns that hold VLAN IDs, which users may set only to 1...4094. */
static const struct {
    const char *table;
    const char *column;
} ctl_vlan_columns[] = {
    { "Port", "tag" },
    { "Port", "trunks" },
    { "Mirror", "select_vlan" },
    { "Mirror", "output_vlan" },
};
#define CTL_VLAN_MIN 1
#define CTL_VLAN_MAX 4094

/* Tables whose rows have a "name" by which users refer to them. */
static const char *const ctl_named_tables[] = {
    "Bridge", "Port", "Interface", "Mirror",
};

/* Appends ", NAME" (or "NAME" first) to the growing list '*list'. */
static void
ctl_list_append(char **list, const char *name)
{
    char *new = *list ? xasprintf("%s, %s", *list, name) : xstrdup(name);
    free(*list);
    *list = new;
}

char *
ctl_find_table(struct ctl_db *db, const char *name,
               struct ctl_table **tablep)
{
    const struct ovsdb_schema *schema = db->schema;
    size_t len = strlen(name);
    struct ctl_table *match = NULL;
    char *matches = NULL;
    size_t n_matches = 0;

    *tablep = NULL;
    for (size_t i = 0; i < schema->n_tables; i++) {
        const char *tname = schema->tables[i]->name;
        if (!strcasecmp(tname, name)) {
            free(matches);
            *tablep = &db->tables[i];
            return NULL;
        }
        if (len && !strncasecmp(tname, name, len)) {
            match = &db->tables[i];
            n_matches++;
            ctl_list_append(&matches, tname);
        }
    }
    if (n_matches == 1) {
        free(matches);
        *tablep = match;
        return NULL;
    }

    char *msg;
    if (n_matches > 1) {
        msg = xasprintf("table name \"%s\" is ambiguous (%s)", name, matches);
    } else {
        char *known = NULL;
        for (size_t i = 0; i < schema->n_tables; i++) {
            ctl_list_append(&known, schema->tables[i]->name);
        }
        msg = xasprintf("unknown table \"%s\" (known: %s)", name, known);
        free(known);
    }
    free(matches);
    return msg;
}

char *
ctl_find_column(const struct ctl_table *table, const char *name,
                const struct ovsdb_column_schema **colp)
{
    const struct ovsdb_table_schema *ts = table->schema;
    size_t len = strlen(name);
    const struct ovsdb_column_schema *match = NULL;
    char *matches = NULL;
    size_t n_matches = 0;

    *colp = NULL;
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column_schema *col = ts->columns[i];
        if (!strcmp(col->name, name)) {
            /* Only an exact name reaches "_uuid" and "_version". */
            free(matches);
            *colp = col;
            return NULL;
        }
        if (len && !strncmp(col->name, name, len)
            && i != OVSDB_COL_UUID && i != OVSDB_COL_VERSION) {
            match = col;
            n_matches++;
            ctl_list_append(&matches, col->name);
        }
    }
    if (n_matches == 1) {
        free(matches);
        *colp = match;
        return NULL;
    }

    char *msg;
    if (n_matches > 1) {
        msg = xasprintf("column name \"%s\" is ambiguous in table %s (%s)",
                        name, ts->name, matches);
    } else {
        msg = xasprintf("table %s has no column \"%s\"", ts->name, name);
    }
    free(matches);
    return msg;
}

static bool
ctl_table_is_named(const struct ctl_table *table)
{
    for (size_t i = 0; i < ARRAY_SIZE(ctl_named_tables); i++) {
        if (!strcmp(table->schema->name, ctl_named_tables[i])) {
            return true;
        }
    }
    return false;
}

/* Returns the first live row of 'table' whose "name" is 'name', or NULL. */
static struct ctl_row *
ctl_table_find_named(const struct ctl_table *table, const char *name)
{
    for (size_t i = 0; i < table->n_rows; i++) {
        struct ctl_row *row = table->rows[i];
        if (!row->deleted && !strcmp(ctl_row_get_string(row, "name"),
                                     name)) {
            return row;
        }
    }
    return NULL;
}

struct ctl_row *
ctl_find_bridge(struct ctl_db *db, const char *name)
{
    return ctl_table_find_named(ctl_db_table(db, "Bridge"), name);
}

struct ctl_row *
ctl_find_port(struct ctl_db *db, const char *name)
{
    return ctl_table_find_named(ctl_db_table(db, "Port"), name);
}

struct ctl_row *
ctl_find_iface(struct ctl_db *db, const char *name)
{
    return ctl_table_find_named(ctl_db_table(db, "Interface"), name);
}

static int
ctl_compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

/* Returns the sorted names of the live rows of 'table', listed as in
 * "br0, br1", or NULL if there are none. */
static char *
ctl_table_names(const struct ctl_table *table)
{
    const char **names = xcalloc(table->n_rows, sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < table->n_rows; i++) {
        if (!table->rows[i]->deleted) {
            names[n++] = ctl_row_get_string(table->rows[i], "name");
        }
    }
    qsort(names, n, sizeof *names, ctl_compare_strings);
    char *list = NULL;
    for (size_t i = 0; i < n; i++) {
        ctl_list_append(&list, names[i]);
    }
    free(names);
    return list;
}

/* Returns 'no <what> named "NAME" (known: a, b)' for 'table'. */
static char *
ctl_no_named_error(const struct ctl_table *table, const char *what,
                   const char *name)
{
    char *known = ctl_table_names(table);
    char *msg = (known
                 ? xasprintf("no %s named \"%s\" (known: %s)", what, name,
                             known)
                 : xasprintf("no %s named \"%s\" (there are none)", what,
                             name));
    free(known);
    return msg;
}

char *
ctl_no_bridge_error(struct ctl_db *db, const char *name)
{
    return ctl_no_named_error(ctl_db_table(db, "Bridge"), "bridge", name);
}

char *
ctl_find_record(struct ctl_db *db, struct ctl_table *table, const char *id,
                struct ctl_row **rowp)
{
    const char *tname = table->schema->name;
    struct uuid uuid;

    *rowp = NULL;
    if (uuid_from_string(&uuid, id)) {
        *rowp = ctl_table_find(table, &uuid);
    } else if (ctl_table_is_named(table)) {
        *rowp = ctl_table_find_named(table, id);
        if (!*rowp) {
            char *what = xstrdup(tname);
            for (char *p = what; *p; p++) {
                *p = (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p;
            }
            char *msg = ctl_no_named_error(table, what, id);
            free(what);
            return msg;
        }
    } else if (!strcmp(id, ".") && !strcmp(tname, "Open_vSwitch")) {
        *rowp = ctl_db_root(db);
    } else if (!strcmp(id, ".") && !strcmp(tname, "SSL")) {
        struct ctl_row *root = ctl_db_root(db);
        const struct ovsdb_datum *ssl = root ? ctl_row_get(root, "ssl")
                                             : NULL;
        if (ssl && ssl->n) {
            *rowp = ctl_table_find(table, &ssl->keys[0].uuid);
        }
    } else if (!strcmp(tname, "Controller")) {
        struct ctl_row *br = ctl_find_bridge(db, id);
        if (!br) {
            return ctl_no_bridge_error(db, id);
        }
        const struct ovsdb_datum *ctrl = ctl_row_get(br, "controller");
        if (ctrl->n > 1) {
            return xasprintf("bridge \"%s\" has %zu controllers: name one "
                             "by UUID", id, ctrl->n);
        }
        if (ctrl->n == 1) {
            *rowp = ctl_table_find(table, &ctrl->keys[0].uuid);
        }
    }
    return (*rowp ? NULL
            : xasprintf("no %s record \"%s\"", tname, id));
}

/* Returns true if 'col' of 'table' holds VLAN IDs. */
static bool
ctl_is_vlan_column(const struct ctl_table *table,
                   const struct ovsdb_column_schema *col)
{
    for (size_t i = 0; i < ARRAY_SIZE(ctl_vlan_columns); i++) {
        if (!strcmp(table->schema->name, ctl_vlan_columns[i].table)
            && !strcmp(col->name, ctl_vlan_columns[i].column)) {
            return true;
        }
    }
    return false;
}

/* Returns the text of 'atom' for an error message. */
static char *
ctl_atom_text(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    return (type == OVSDB_TYPE_STRING ? xstrdup(atom->string)
            : ovsdb_atom_to_string(atom, type));
}

/* Checks 'atom', parsed with constraints relaxed, against 'base' and our
 * own rules for column 'col' of 'table'.  'is_key' tells whether it is a
 * key (rather than a map value).  Returns NULL or an error message. */
static char *
ctl_check_atom(struct ctl_db *db, const struct ctl_table *table,
               const struct ovsdb_column_schema *col,
               const struct ovsdb_base_type *base, bool is_key,
               const union ovsdb_atom *atom)
{
    char *text = ctl_atom_text(atom, base->type);
    char *msg = NULL;

    if (is_key && ctl_is_vlan_column(table, col)) {
        if (atom->integer < CTL_VLAN_MIN || atom->integer > CTL_VLAN_MAX) {
            msg = xasprintf("%s: \"%s\" is not in the range %d to %d "
                            "(VLANs 0 and 4095 are reserved)", col->name,
                            text, CTL_VLAN_MIN, CTL_VLAN_MAX);
        }
    } else if (is_key && !strcmp(table->schema->name, "Interface")
               && !strcmp(col->name, "type")) {
        bool ok = !atom->string[0];
        char *known = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(ctl_iface_types); i++) {
            ok = ok || !strcmp(atom->string, ctl_iface_types[i]);
            ctl_list_append(&known, ctl_iface_types[i]);
        }
        if (!ok) {
            msg = xasprintf("%s: \"%s\" is not one of %s", col->name, text,
                            known);
        }
        free(known);
    } else if (base->enum_
               && ovsdb_datum_find_key(base->enum_, atom, base->type)
                  == SIZE_MAX) {
        char *known = NULL;
        for (size_t i = 0; i < base->enum_->n; i++) {
            char *s = ctl_atom_text(&base->enum_->keys[i], base->type);
            ctl_list_append(&known, s);
            free(s);
        }
        msg = xasprintf("%s: \"%s\" is not one of %s", col->name, text,
                        known);
        free(known);
    } else if (base->type == OVSDB_TYPE_INTEGER
               && (atom->integer < base->min_integer
                   || atom->integer > base->max_integer)) {
        if (base->max_integer == INT64_MAX) {
            msg = xasprintf("%s: \"%s\" is less than the minimum %"PRId64,
                            col->name, text, base->min_integer);
        } else if (base->min_integer == INT64_MIN) {
            msg = xasprintf("%s: \"%s\" is more than the maximum %"PRId64,
                            col->name, text, base->max_integer);
        } else {
            msg = xasprintf("%s: \"%s\" is not in the range %"PRId64" to "
                            "%"PRId64, col->name, text, base->min_integer,
                            base->max_integer);
        }
    } else if (base->type == OVSDB_TYPE_UUID && base->ref_table_name) {
        struct ctl_table *ref = ctl_db_table(db, base->ref_table_name);
        if (ref && !ctl_table_find(ref, &atom->uuid)) {
            msg = xasprintf("%s: no %s record with UUID %s", col->name,
                            base->ref_table_name, text);
        }
    }

    if (!msg) {
        struct ovsdb_error *err = ovsdb_atom_check_constraints(atom, base);
        if (err) {
            msg = xasprintf("%s: \"%s\": %s", col->name, text, err->details);
            ovsdb_error_destroy(err);
        }
    }
    free(text);
    return msg;
}

/* Copies 'base' into 'relaxed' without enum, range and length
 * constraints, which ctl_check_atom() checks with clearer messages.  The
 * copy shares pointers with 'base' and must not be destroyed. */
static void
ctl_relax_base(struct ovsdb_base_type *relaxed,
               const struct ovsdb_base_type *base)
{
    *relaxed = *base;
    relaxed->enum_ = NULL;
    relaxed->min_integer = INT64_MIN;
    relaxed->max_integer = INT64_MAX;
    relaxed->min_real = -DBL_MAX;
    relaxed->max_real = DBL_MAX;
    relaxed->min_length = 0;
    relaxed->max_length = UINT_MAX;
}

char *
ctl_parse_value(struct ctl_db *db, const struct ctl_table *table,
                const struct ovsdb_column_schema *col, const char *s,
                bool whole, struct ovsdb_datum *datum)
{
    const struct ovsdb_type *type = &col->type;
    struct ovsdb_type relaxed = *type;
    char *text;

    ctl_relax_base(&relaxed.key, &type->key);
    ctl_relax_base(&relaxed.value, &type->value);
    if (!whole) {
        relaxed.n_min = 0;
        relaxed.n_max = OVSDB_UNLIMITED;
    }

    if (ovsdb_type_is_map(type) && s[0] != '{') {
        text = xasprintf("{%s}", s);
    } else if (!ovsdb_type_is_map(type) && (!whole || type->n_max > 1)
               && s[0] != '[') {
        text = xasprintf("[%s]", s);
    } else {
        text = xstrdup(s);
    }

    struct ovsdb_error *err = ovsdb_datum_from_string(datum, &relaxed, text,
                                                      NULL);
    free(text);
    if (err) {
        /* The details name the bad text. */
        char *msg = xasprintf("%s: %s", col->name, err->details);
        ovsdb_error_destroy(err);
        return msg;
    }

    char *msg = NULL;
    for (size_t i = 0; i < datum->n && !msg; i++) {
        msg = ctl_check_atom(db, table, col, &type->key, true,
                             &datum->keys[i]);
        if (!msg && datum->values) {
            msg = ctl_check_atom(db, table, col, &type->value, false,
                                 &datum->values[i]);
        }
    }
    if (!msg && whole) {
        err = ovsdb_datum_check_size(datum, type);
        if (err) {
            msg = (type->n_max == 1 && datum->n > 1
                   ? xasprintf("%s: \"%s\": takes a single value",
                               col->name, s)
                   : xasprintf("%s: \"%s\": %s", col->name, s,
                               err->details));
            ovsdb_error_destroy(err);
        }
    }
    if (msg) {
        ovsdb_datum_destroy(datum, type);
    }
    return msg;
}

/* Checks that 'col' of 'row' may be changed. */
static char *
ctl_check_mutable(const struct ctl_row *row,
                  const struct ovsdb_column_schema *col)
{
    bool fixed = col->index == OVSDB_COL_UUID
                 || col->index == OVSDB_COL_VERSION;
    return (fixed || (!col->mutable_ && !row->inserted)
            ? xasprintf("column %s of table %s cannot be changed",
                        col->name, row->table->schema->name)
            : NULL);
}

char *
ctl_set_column_value(struct ctl_db *db, struct ctl_row *row,
                     const struct ovsdb_column_schema *col, const char *rest)
{
    char *msg = ctl_check_mutable(row, col);
    if (msg) {
        return msg;
    }

    struct ovsdb_datum datum;
    if (rest[0] == ':') {
        if (!ovsdb_type_is_map(&col->type)) {
            return xasprintf("%s: cannot set a key of a column that is not "
                             "a map", col->name);
        }
        if (!strchr(rest, '=')) {
            return xasprintf("%s%s: expected KEY=VALUE", col->name, rest);
        }
        msg = ctl_parse_value(db, row->table, col, rest + 1, false, &datum);
        if (msg) {
            return msg;
        }
        struct ovsdb_datum merged;
        ovsdb_datum_clone(&merged, ctl_row_get_col(row, col), &col->type);
        struct ovsdb_type keys_type = col->type;
        keys_type.value.type = OVSDB_TYPE_VOID;
        ovsdb_datum_subtract(&merged, &col->type, &datum, &keys_type);
        ovsdb_datum_union(&merged, &datum, &col->type);
        ovsdb_datum_destroy(&datum, &col->type);
        ctl_row_set(row, col, &merged);
        return NULL;
    } else if (rest[0] == '=') {
        msg = ctl_parse_value(db, row->table, col, rest + 1, true, &datum);
        if (msg) {
            return msg;
        }
        ctl_row_set(row, col, &datum);
        return NULL;
    } else {
        return xasprintf("\"%s%s\": expected COLUMN=VALUE or "
                         "COLUMN:KEY=VALUE", col->name, rest);
    }
}

/* Splits 'arg' into a column name (returned, malloc'd) and the rest, which
 * starts at the first ':' or '='. */
static char *
ctl_split_column(const char *arg, const char **restp)
{
    size_t len = strcspn(arg, ":=");
    *restp = arg + len;
    return xstrndup(arg, len);
}

char *
ctl_set_column(struct ctl_db *db, struct ctl_row *row, const char *arg)
{
    const char *rest;
    char *name = ctl_split_column(arg, &rest);
    const struct ovsdb_column_schema *col;
    char *msg = ctl_find_column(row->table, name, &col);
    free(name);
    return msg ? msg : ctl_set_column_value(db, row, col, rest);
}

/* Finds the table argv[0] and the record argv[1] of 'ctx'.  Stores NULL
 * in '*rowp' without an error if the record is missing and --if-exists
 * was given. */
static char *
ctl_table_record(struct ctl_context *ctx, struct ctl_table **tablep,
                 struct ctl_row **rowp)
{
    char *msg = ctl_find_table(ctx->db, ctx->argv[0], tablep);
    if (!msg) {
        msg = ctl_find_record(ctx->db, *tablep, ctx->argv[1], rowp);
        if (msg && ctx->if_exists) {
            free(msg);
            msg = NULL;
        }
    }
    return msg;
}

static char *
cmd_list(struct ctl_context *ctx)
{
    struct ctl_table *table;
    char *msg = ctl_find_table(ctx->db, ctx->argv[0], &table);
    if (msg) {
        return msg;
    }

    size_t n = 0;
    struct ctl_row **rows = xcalloc(table->n_rows + ctx->argc,
                                    sizeof *rows);
    if (ctx->argc == 1) {
        for (size_t i = 0; i < table->n_rows; i++) {
            if (!table->rows[i]->deleted) {
                rows[n++] = table->rows[i];
            }
        }
    }
    for (int i = 1; i < ctx->argc; i++) {
        struct ctl_row *row;
        msg = ctl_find_record(ctx->db, table, ctx->argv[i], &row);
        if (msg && !ctx->if_exists) {
            free(rows);
            return msg;
        }
        free(msg);
        if (row) {
            rows[n++] = row;
        }
    }

    if (ctx->format == CTL_FORMAT_JSON) {
        json_t *records = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(records, ctl_format_row_json(rows[i]));
        }
        ctl_format_print_json(ctx->out,
                              json_pack("{s:s, s:o}",
                                        "table", table->schema->name,
                                        "records", records));
    } else {
        for (size_t i = 0; i < n; i++) {
            if (i) {
                fputc('\n', ctx->out);
            }
            ctl_format_row_text(ctx->out, rows[i]);
        }
    }
    free(rows);
    return NULL;
}

static char *
cmd_get(struct ctl_context *ctx)
{
    struct ctl_table *table;
    struct ctl_row *row;
    char *msg = ctl_table_record(ctx, &table, &row);
    if (msg || !row) {
        return msg;
    }

    json_t *values = json_object();
    for (int i = 2; i < ctx->argc && !msg; i++) {
        const char *arg = ctx->argv[i];
        const char *rest;
        char *name = ctl_split_column(arg, &rest);
        const struct ovsdb_column_schema *col;
        msg = ctl_find_column(table, name, &col);
        free(name);
        if (msg) {
            break;
        }
        const struct ovsdb_datum *d = ctl_row_get_col(row, col);
        const struct ovsdb_type *type = &col->type;
        if (rest[0] == '\0') {
            if (ctx->format == CTL_FORMAT_JSON) {
                json_object_set_new(values, arg,
                                    ctl_format_datum_json(d, type));
            } else {
                char *text = ovsdb_datum_to_string(d, type);
                fprintf(ctx->out, "%s\n", text);
                free(text);
            }
            continue;
        }
        if (rest[0] != ':' || !ovsdb_type_is_map(type)) {
            msg = xasprintf("\"%s\": expected COLUMN or MAP-COLUMN:KEY", arg);
            break;
        }

        union ovsdb_atom key;
        struct ovsdb_error *err = ovsdb_atom_from_string(&key, &type->key,
                                                         rest + 1, NULL);
        if (err) {
            msg = xasprintf("%s: %s", col->name, err->details);
            ovsdb_error_destroy(err);
            break;
        }
        size_t idx = ovsdb_datum_find_key(d, &key, type->key.type);
        ovsdb_atom_destroy(&key, type->key.type);
        if (idx == SIZE_MAX) {
            if (!ctx->if_exists) {
                msg = xasprintf("no key \"%s\" in %s record \"%s\" column "
                                "%s", rest + 1, table->schema->name,
                                ctx->argv[1], col->name);
            } else if (ctx->format == CTL_FORMAT_JSON) {
                json_object_set_new(values, arg, json_null());
            }
        } else if (ctx->format == CTL_FORMAT_JSON) {
            json_object_set_new(values, arg,
                                ctl_format_atom_json(&d->values[idx],
                                                     type->value.type));
        } else {
            char *text = ovsdb_atom_to_string(&d->values[idx],
                                              type->value.type);
            fprintf(ctx->out, "%s\n", text);
            free(text);
        }
    }
    if (!msg && ctx->format == CTL_FORMAT_JSON) {
        ctl_format_print_json(ctx->out, json_incref(values));
    }
    json_decref(values);
    return msg;
}

static char *
cmd_set(struct ctl_context *ctx)
{
    struct ctl_table *table;
    struct ctl_row *row;
    char *msg = ctl_table_record(ctx, &table, &row);
    for (int i = 2; !msg && row && i < ctx->argc; i++) {
        msg = ctl_set_column(ctx->db, row, ctx->argv[i]);
    }
    return msg;
}

static char *
cmd_clear(struct ctl_context *ctx)
{
    struct ctl_table *table;
    struct ctl_row *row;
    char *msg = ctl_table_record(ctx, &table, &row);
    for (int i = 2; !msg && row && i < ctx->argc; i++) {
        const struct ovsdb_column_schema *col;
        msg = ctl_find_column(table, ctx->argv[i], &col);
        if (!msg) {
            msg = ctl_check_mutable(row, col);
        }
        if (!msg && col->type.n_min > 0) {
            msg = xasprintf("column %s of table %s cannot be cleared: it "
                            "must have a value", col->name,
                            table->schema->name);
        }
        if (!msg) {
            struct ovsdb_datum empty;
            ovsdb_datum_init_empty(&empty);
            ctl_row_set(row, col, &empty);
        }
    }
    return msg;
}

/* Implements "add" (if 'add') and "remove". */
static char *
ctl_add_remove(struct ctl_context *ctx, bool add)
{
    struct ctl_table *table;
    struct ctl_row *row;
    char *msg = ctl_table_record(ctx, &table, &row);
    if (msg || !row) {
        return msg;
    }
    const struct ovsdb_column_schema *col;
    msg = ctl_find_column(table, ctx->argv[2], &col);
    if (!msg) {
        msg = ctl_check_mutable(row, col);
    }
    if (msg) {
        return msg;
    }

    const struct ovsdb_type *type = &col->type;
    struct ovsdb_datum result;
    ovsdb_datum_clone(&result, ctl_row_get_col(row, col), type);
    for (int i = 3; i < ctx->argc && !msg; i++) {
        const char *arg = ctx->argv[i];
        struct ovsdb_datum d;
        if (add) {
            msg = ctl_parse_value(ctx->db, table, col, arg, false, &d);
            if (!msg) {
                ovsdb_datum_union(&result, &d, type);
                ovsdb_datum_destroy(&d, type);
            }
        } else if (ovsdb_type_is_map(type) && !strchr(arg, '=')) {
            /* Removing keys, whatever their values. */
            struct ovsdb_column_schema keys_col = *col;
            keys_col.type.value.type = OVSDB_TYPE_VOID;
            msg = ctl_parse_value(ctx->db, table, &keys_col, arg, false, &d);
            if (!msg) {
                ovsdb_datum_subtract(&result, type, &d, &keys_col.type);
                ovsdb_datum_destroy(&d, &keys_col.type);
            }
        } else {
            msg = ctl_parse_value(ctx->db, table, col, arg, false, &d);
            if (!msg) {
                ovsdb_datum_subtract(&result, type, &d, type);
                ovsdb_datum_destroy(&d, type);
            }
        }
    }
    if (!msg) {
        struct ovsdb_error *err = ovsdb_datum_check_size(&result, type);
        if (err) {
            msg = xasprintf("%s: %s would leave %zu values, but it takes "
                            "%u to %u", col->name, add ? "add" : "remove",
                            result.n, type->n_min, type->n_max);
            ovsdb_error_destroy(err);
        }
    }
    if (msg) {
        ovsdb_datum_destroy(&result, type);
        return msg;
    }
    ctl_row_set(row, col, &result);
    return NULL;
}

static char *
cmd_add(struct ctl_context *ctx)
{
    return ctl_add_remove(ctx, true);
}

static char *
cmd_remove(struct ctl_context *ctx)
{
    return ctl_add_remove(ctx, false);
}

const struct ctl_command_def ctl_generic_commands[] = {
    { "list", "TABLE [RECORD...]", 1, INT_MAX, cmd_list },
    { "get", "TABLE RECORD COLUMN[:KEY]...", 3, INT_MAX, cmd_get },
    { "set", "TABLE RECORD COLUMN[:KEY]=VALUE...", 3, INT_MAX, cmd_set },
    { "clear", "TABLE RECORD COLUMN...", 3, INT_MAX, cmd_clear },
    { "add", "TABLE RECORD COLUMN [KEY=]VALUE...", 4, INT_MAX, cmd_add },
    { "remove", "TABLE RECORD COLUMN VALUE|KEY|KEY=VALUE...", 4, INT_MAX,
      cmd_remove },
    { NULL, NULL, 0, 0, NULL },
};
