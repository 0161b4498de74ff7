/* sluice-ctl's output forms: see ctl-format.h. */
#include "utilities/ctl-format.h"

#include <stdlib.h>

#include "lib/util.h"
#include "lib/uuid.h"
#include "utilities/ctl-db.h"

json_t *
ctl_format_atom_json(const union ovsdb_atom *atom,
                     enum ovsdb_atomic_type type)
{
    char buf[UUID_LEN + 1];

    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return json_integer(atom->integer);
    case OVSDB_TYPE_REAL:
        return json_real(atom->real);
    case OVSDB_TYPE_BOOLEAN:
        return json_boolean(atom->boolean);
    case OVSDB_TYPE_STRING:
        return json_string(atom->string);
    case OVSDB_TYPE_UUID:
        uuid_format(&atom->uuid, buf);
        return json_string(buf);
    case OVSDB_TYPE_VOID:
    default:
        return json_null();
    }
}

json_t *
ctl_format_datum_json(const struct ovsdb_datum *datum,
                      const struct ovsdb_type *type)
{
    if (ovsdb_type_is_map(type)) {
        json_t *obj = json_object();
        for (size_t i = 0; i < datum->n; i++) {
            json_t *value = ctl_format_atom_json(&datum->values[i],
                                                 type->value.type);
            if (type->key.type == OVSDB_TYPE_STRING) {
                json_object_set_new(obj, datum->keys[i].string, value);
            } else {
                char *key = ovsdb_atom_to_string(&datum->keys[i],
                                                 type->key.type);
                json_object_set_new(obj, key, value);
                free(key);
            }
        }
        return obj;
    } else if (type->n_max == 1) {
        return (datum->n
                ? ctl_format_atom_json(&datum->keys[0], type->key.type)
                : json_null());
    } else {
        json_t *array = json_array();
        for (size_t i = 0; i < datum->n; i++) {
            json_array_append_new(array,
                                  ctl_format_atom_json(&datum->keys[i],
                                                       type->key.type));
        }
        return array;
    }
}

json_t *
ctl_format_row_json(const struct ctl_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    char buf[UUID_LEN + 1];
    json_t *obj = json_object();

    uuid_format(&row->uuid, buf);
    json_object_set_new(obj, "_uuid", json_string(buf));
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column_schema *col = ts->columns[i];
        if (i != OVSDB_COL_UUID && i != OVSDB_COL_VERSION) {
            json_object_set_new(obj, col->name,
                                ctl_format_datum_json(&row->cur[i],
                                                      &col->type));
        }
    }
    return obj;
}

void
ctl_format_row_text(FILE *stream, const struct ctl_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    char buf[UUID_LEN + 1];

    uuid_format(&row->uuid, buf);
    fprintf(stream, "%-20s: %s\n", "_uuid", buf);
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column_schema *col = ts->columns[i];
        if (i != OVSDB_COL_UUID && i != OVSDB_COL_VERSION) {
            char *text = ovsdb_datum_to_string(&row->cur[i], &col->type);
            fprintf(stream, "%-20s: %s\n", col->name, text);
            free(text);
        }
    }
}

void
ctl_format_print_json(FILE *stream, json_t *json)
{
    json_dumpf(json, stream, JSON_INDENT(2) | JSON_PRESERVE_ORDER
               | JSON_ENCODE_ANY);
    fputc('\n', stream);
    json_decref(json);
}
