/* sluice-ctl's output forms: rows and values as ovs-vsctl prints them, and
 * as JSON for --format json.
 *
 * The JSON form of a value is "natural" rather than RFC 7047's tagged one:
 * a scalar column is a JSON scalar; an optional column (0 or 1 values) is
 * the value or null; a set is an array; a map is an object whose keys are
 * the map keys in text form; UUIDs are strings.  Single-threaded. */
#ifndef SLUICE_CTL_FORMAT_H
#define SLUICE_CTL_FORMAT_H 1

#include <stdio.h>
#include <jansson.h>

#include "lib/ovsdb-data.h"

struct ctl_row;

/* Returns the natural JSON form of 'atom' of 'type' (new reference). */
json_t *ctl_format_atom_json(const union ovsdb_atom *,
                             enum ovsdb_atomic_type);

/* Returns the natural JSON form of 'datum' of 'type' (new reference). */
json_t *ctl_format_datum_json(const struct ovsdb_datum *,
                              const struct ovsdb_type *);

/* Returns 'row' as a JSON object: "_uuid" and every column in name order
 * (new reference). */
json_t *ctl_format_row_json(const struct ctl_row *);

/* Prints 'row' as ovs-vsctl's "list" does: one "column : value" line per
 * column, "_uuid" first. */
void ctl_format_row_text(FILE *, const struct ctl_row *);

/* Prints 'json' (reference stolen) to 'stream', indented, with a final
 * newline. */
void ctl_format_print_json(FILE *, json_t *json);

#endif /* utilities/ctl-format.h */
