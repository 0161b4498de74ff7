/* The OVSDB data model of RFC 7047 section 3 and 5.1: schemas, column
 * types with their constraints, atoms and datums, and their JSON and
 * ovs-vsctl-style text forms.
 *
 * Shared by sluice-dbserver (which validates and stores data),
 * sluice-ctl (which parses user input against the schema it fetched) and
 * sluice-switchd (which reads monitor updates).  Pure data code: no I/O,
 * no globals, safe from any thread on distinct objects.
 *
 * Invariants: a datum's keys are sorted (ovsdb_atom_compare_3way) and
 * unique; for a map, values[i] belongs to keys[i]; for a set, 'values' is
 * NULL.  An "optional" column (min 0, max 1) is a set of 0 or 1 atoms. */
#ifndef SLUICE_OVSDB_DATA_H
#define SLUICE_OVSDB_DATA_H 1

#include <stdbool.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <jansson.h>

#include "lib/util.h"
#include "lib/uuid.h"

/* Errors, carrying one of the RFC 7047 error strings as 'tag'
 * ("syntax error", "constraint violation", "referential integrity
 * violation", "unknown database", "not supported", ...) and a
 * human-readable 'details'. */
struct ovsdb_error {
    char *tag;
    char *details;
};

struct ovsdb_error *ovsdb_error_create(const char *tag, const char *fmt, ...)
    SLUICE_PRINTF(2, 3);
/* Returns {"error": tag, "details": details} as a new reference. */
json_t *ovsdb_error_to_json(const struct ovsdb_error *);
/* Returns "tag: details" as a new string. */
char *ovsdb_error_to_string(const struct ovsdb_error *);
void ovsdb_error_destroy(struct ovsdb_error *);   /* Accepts NULL. */

enum ovsdb_atomic_type {
    OVSDB_TYPE_VOID,            /* Only as a set's value type. */
    OVSDB_TYPE_INTEGER,
    OVSDB_TYPE_REAL,
    OVSDB_TYPE_BOOLEAN,
    OVSDB_TYPE_STRING,
    OVSDB_TYPE_UUID,
};
const char *ovsdb_atomic_type_to_string(enum ovsdb_atomic_type);

union ovsdb_atom {
    int64_t integer;
    double real;
    bool boolean;
    char *string;               /* Owned. */
    struct uuid uuid;
};

struct ovsdb_table_schema;
struct ovsdb_datum;

/* <base-type>: an atomic type with optional constraints. */
struct ovsdb_base_type {
    enum ovsdb_atomic_type type;
    struct ovsdb_datum *enum_;  /* Allowed values (a set) or NULL. */
    int64_t min_integer, max_integer;
    double min_real, max_real;
    unsigned int min_length, max_length;     /* For strings. */
    char *ref_table_name;       /* For uuids: referenced table or NULL. */
    struct ovsdb_table_schema *ref_table;    /* Resolved 'ref_table_name'. */
    bool ref_is_strong;         /* "strong" (default) or "weak". */
};

/* <type>: key, optional value, and the cardinality range. */
#define OVSDB_UNLIMITED UINT_MAX
struct ovsdb_type {
    struct ovsdb_base_type key;
    struct ovsdb_base_type value;    /* OVSDB_TYPE_VOID for sets/scalars. */
    unsigned int n_min;              /* 0 or 1. */
    unsigned int n_max;              /* >= 1, or OVSDB_UNLIMITED. */
};

static inline bool
ovsdb_type_is_map(const struct ovsdb_type *t)
{
    return t->value.type != OVSDB_TYPE_VOID;
}

static inline bool
ovsdb_type_is_scalar(const struct ovsdb_type *t)
{
    return !ovsdb_type_is_map(t) && t->n_min == 1 && t->n_max == 1;
}

static inline bool
ovsdb_type_is_optional(const struct ovsdb_type *t)
{
    return t->n_min == 0 && t->n_max == 1;
}

struct ovsdb_column_schema {
    char *name;
    unsigned int index;         /* Position in the table's 'columns'. */
    struct ovsdb_type type;
    bool mutable_;
    bool ephemeral;
};

/* Every table has the implicit columns "_uuid" (index 0) and "_version"
 * (index 1) followed by the schema's columns in name order. */
#define OVSDB_COL_UUID 0
#define OVSDB_COL_VERSION 1

struct ovsdb_table_schema {
    char *name;
    bool is_root;
    unsigned int max_rows;      /* UINT_MAX if unlimited. */
    size_t n_columns;
    struct ovsdb_column_schema **columns;
    size_t n_indexes;
    struct ovsdb_index_schema {
        size_t n_columns;
        const struct ovsdb_column_schema **columns;
    } *indexes;
};

struct ovsdb_schema {
    char *name;
    char *version;
    char *cksum;                /* May be NULL. */
    size_t n_tables;
    struct ovsdb_table_schema **tables;    /* Sorted by name. */
};

/* Parses the <database-schema> 'json'.  On success stores a new schema in
 * '*schemap' and returns NULL; on failure returns an error ("syntax error"
 * tag) and stores NULL. */
struct ovsdb_error *ovsdb_schema_from_json(const json_t *json,
                                           struct ovsdb_schema **schemap);
/* Returns the schema as a <database-schema> JSON object (new reference),
 * as get_schema sends it. */
json_t *ovsdb_schema_to_json(const struct ovsdb_schema *);
void ovsdb_schema_destroy(struct ovsdb_schema *);  /* Accepts NULL. */
const struct ovsdb_table_schema *ovsdb_schema_find_table(
    const struct ovsdb_schema *, const char *name);
const struct ovsdb_column_schema *ovsdb_table_schema_find_column(
    const struct ovsdb_table_schema *, const char *name);

/* Atoms. */

/* Sets 'atom' to the default for 'type': 0, 0.0, false, "" or all-zeros
 * uuid. */
void ovsdb_atom_init_default(union ovsdb_atom *, enum ovsdb_atomic_type);
void ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                      enum ovsdb_atomic_type);
void ovsdb_atom_destroy(union ovsdb_atom *, enum ovsdb_atomic_type);
int ovsdb_atom_compare_3way(const union ovsdb_atom *,
                            const union ovsdb_atom *,
                            enum ovsdb_atomic_type);
uint32_t ovsdb_atom_hash(const union ovsdb_atom *, enum ovsdb_atomic_type,
                         uint32_t basis);

/* Resolves the name of a "named-uuid" to a real UUID while parsing data
 * in a transaction.  Returns false if 'name' is unknown.  May be NULL where
 * named-uuids are not allowed. */
struct ovsdb_symtab {
    bool (*lookup)(struct ovsdb_symtab *, const char *name,
                   struct uuid *uuid);
};

/* Parses the JSON <atom> 'json' as 'base' (type and constraints).  Returns
 * NULL or an error; on error 'atom' is left uninitialized. */
struct ovsdb_error *ovsdb_atom_from_json(union ovsdb_atom *,
                                         const struct ovsdb_base_type *base,
                                         const json_t *json,
                                         struct ovsdb_symtab *symtab);
json_t *ovsdb_atom_to_json(const union ovsdb_atom *,
                           enum ovsdb_atomic_type);
/* Checks 'atom' against the constraints of 'base' (enum, ranges, string
 * length).  Returns NULL or a "constraint violation" error. */
struct ovsdb_error *ovsdb_atom_check_constraints(
    const union ovsdb_atom *, const struct ovsdb_base_type *base);

/* Parses the ovs-vsctl text form: integers, reals, true/false, strings
 * (bare or double-quoted with C escapes), UUIDs.  'symtab' resolves names
 * that are not UUIDs for uuid atoms (e.g. "@name"); may be NULL. */
struct ovsdb_error *ovsdb_atom_from_string(union ovsdb_atom *,
                                           const struct ovsdb_base_type *,
                                           const char *s,
                                           struct ovsdb_symtab *symtab);
/* Formats 'atom' as ovs-vsctl does (strings quoted only when needed). */
char *ovsdb_atom_to_string(const union ovsdb_atom *, enum ovsdb_atomic_type);

/* Datums. */

struct ovsdb_datum {
    size_t n;
    union ovsdb_atom *keys;
    union ovsdb_atom *values;
};

void ovsdb_datum_init_empty(struct ovsdb_datum *);
/* The default of 'type': empty if n_min is 0, else one default atom. */
void ovsdb_datum_init_default(struct ovsdb_datum *, const struct ovsdb_type *);
void ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *,
                       const struct ovsdb_type *);
void ovsdb_datum_destroy(struct ovsdb_datum *, const struct ovsdb_type *);
void ovsdb_datum_swap(struct ovsdb_datum *, struct ovsdb_datum *);

/* Parses the JSON <value> 'json' for 'type': an atom, ["set", [...]],
 * ["map", [[k, v], ...]], ["uuid", "..."], ["named-uuid", "..."].  Checks
 * atom constraints and the size range, and rejects duplicate keys.
 * Returns NULL or an error. */
struct ovsdb_error *ovsdb_datum_from_json(struct ovsdb_datum *,
                                          const struct ovsdb_type *,
                                          const json_t *json,
                                          struct ovsdb_symtab *symtab);
/* Like ovsdb_datum_from_json() but does not check the size range (for
 * mutation arguments and conditions, whose sizes are not the column's). */
struct ovsdb_error *ovsdb_datum_from_json_unsized(
    struct ovsdb_datum *, const struct ovsdb_type *, const json_t *json,
    struct ovsdb_symtab *symtab);
/* Returns the RFC 7047 JSON form (scalars bare when the type is scalar,
 * one-element sets bare as OVSDB does) as a new reference. */
json_t *ovsdb_datum_to_json(const struct ovsdb_datum *,
                            const struct ovsdb_type *);

/* Parses ovs-vsctl text for 'type': "10", "[1,2,3]", "{a=b, c=d}", a bare
 * comma-free value for a set column, "" or "[]" for empty.  Checks
 * constraints and size.  Returns NULL or an error naming the bad value. */
struct ovsdb_error *ovsdb_datum_from_string(struct ovsdb_datum *,
                                            const struct ovsdb_type *,
                                            const char *s,
                                            struct ovsdb_symtab *symtab);
/* Formats as ovs-vsctl does: scalars bare, sets "[a, b]", maps
 * "{k=v, ...}". */
char *ovsdb_datum_to_string(const struct ovsdb_datum *,
                            const struct ovsdb_type *);

bool ovsdb_datum_equals(const struct ovsdb_datum *, const struct ovsdb_datum *,
                        const struct ovsdb_type *);
int ovsdb_datum_compare_3way(const struct ovsdb_datum *,
                             const struct ovsdb_datum *,
                             const struct ovsdb_type *);
/* Returns the index of 'key' in 'datum' or SIZE_MAX. */
size_t ovsdb_datum_find_key(const struct ovsdb_datum *,
                            const union ovsdb_atom *key,
                            enum ovsdb_atomic_type);
/* True if every element (key, and value for maps) of 'b' is in 'a'. */
bool ovsdb_datum_includes_all(const struct ovsdb_datum *a,
                              const struct ovsdb_datum *b,
                              const struct ovsdb_type *);
/* True if no element of 'b' is in 'a'. */
bool ovsdb_datum_excludes_all(const struct ovsdb_datum *a,
                              const struct ovsdb_datum *b,
                              const struct ovsdb_type *);
/* Adds to 'a' each element of 'b' whose key is not already in 'a'
 * (RFC 7047 "insert" mutator). */
void ovsdb_datum_union(struct ovsdb_datum *a, const struct ovsdb_datum *b,
                       const struct ovsdb_type *);
/* Removes from 'a' each element of 'b'; for maps, 'b' may be a set of
 * keys ('b_type' a set type) or a map whose pairs must match exactly
 * (RFC 7047 "delete" mutator). */
void ovsdb_datum_subtract(struct ovsdb_datum *a, const struct ovsdb_type *,
                          const struct ovsdb_datum *b,
                          const struct ovsdb_type *b_type);
/* Sorts 'datum' and checks for duplicate keys.  Returns NULL or a
 * "constraint violation" error. */
struct ovsdb_error *ovsdb_datum_sort(struct ovsdb_datum *,
                                     const struct ovsdb_type *);
/* Checks the size range of 'type'.  Returns NULL or a "constraint
 * violation" error. */
struct ovsdb_error *ovsdb_datum_check_size(const struct ovsdb_datum *,
                                           const struct ovsdb_type *);

#endif /* lib/ovsdb-data.h */
