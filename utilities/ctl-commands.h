/* sluice-ctl's commands, in the manner of ovs-vsctl: the bridge and port
 * commands (ctl-commands.c) and the generic database commands list, get,
 * set, clear, add and remove (ctl-generic.c), plus the lookups and value
 * parsing that both use.
 *
 * A command runs against the local copy of the database (ctl-db.h): it
 * validates everything, edits rows, and writes its output to a buffer that
 * the caller prints only once the whole transaction committed.  A command
 * that fails returns a one-line message naming the bad value and leaves
 * the caller to abandon the transaction, so the database is unchanged.
 * Single-threaded. */
#ifndef SLUICE_CTL_COMMANDS_H
#define SLUICE_CTL_COMMANDS_H 1

#include <stdbool.h>
#include <stdio.h>

#include "lib/ovsdb-data.h"
#include "utilities/ctl-db.h"

enum ctl_format {
    CTL_FORMAT_TABLE,           /* Human-readable text. */
    CTL_FORMAT_JSON,            /* One JSON document per command. */
};

struct ctl_context {
    struct ctl_db *db;
    int argc;                   /* Arguments, excluding the command name. */
    char **argv;
    bool may_exist;             /* --may-exist was given. */
    bool if_exists;             /* --if-exists was given. */
    enum ctl_format format;
    FILE *out;                  /* Output, printed after the commit. */
    int exit_code;              /* Set to 2 by a false "br-exists". */
};

struct ctl_command_def {
    const char *name;
    const char *usage;          /* Arguments, for --help and errors. */
    int min_args;
    int max_args;               /* INT_MAX for no limit. */
    /* Runs the command.  Returns NULL or an error message. */
    char *(*run)(struct ctl_context *);
};

/* Returns the definition of command 'name', or NULL. */
const struct ctl_command_def *ctl_command_find(const char *name);

/* Prints one line per command (name and usage) to 'stream'. */
void ctl_command_print_usage(FILE *stream);

/* The generic commands, terminated by an entry with a null 'name'. */
extern const struct ctl_command_def ctl_generic_commands[];

/* The controller, fail-mode and SSL commands (ctl-controller.c), in the
 * same form. */
extern const struct ctl_command_def ctl_controller_commands[];

/* add-mirror, del-mirror, list-mirrors (utilities/ctl-mirror.c). */
extern const struct ctl_command_def ctl_mirror_commands[];

/* Finds the table whose name matches 'name' case-insensitively, exactly
 * or as a unique prefix.  Returns NULL or an error message. */
char *ctl_find_table(struct ctl_db *, const char *name,
                     struct ctl_table **tablep);

/* Finds column 'name' (exact, or a unique prefix) of 'table'. */
char *ctl_find_column(const struct ctl_table *, const char *name,
                      const struct ovsdb_column_schema **colp);

/* Finds the record of 'table' named 'id': a UUID, a name for tables with
 * a "name" column, "." for Open_vSwitch and SSL, a bridge name for
 * Controller.  Stores NULL in '*rowp' and returns an error message if
 * there is none. */
char *ctl_find_record(struct ctl_db *, struct ctl_table *, const char *id,
                      struct ctl_row **rowp);

/* Returns the live Bridge named 'name' or NULL, and the same for Port and
 * Interface. */
struct ctl_row *ctl_find_bridge(struct ctl_db *, const char *name);
struct ctl_row *ctl_find_port(struct ctl_db *, const char *name);
struct ctl_row *ctl_find_iface(struct ctl_db *, const char *name);

/* Returns the message for a missing bridge: 'no bridge named "br9"
 * (known: br0, br1)'. */
char *ctl_no_bridge_error(struct ctl_db *, const char *name);

/* Parses the text 's' as a value for column 'col' of 'table' and checks
 * it: constraints, the VLAN range 1 to 4094 for VLAN columns, the known
 * Interface types, references to existing rows, and, if 'whole', the
 * column's size range (a whole column value rather than elements to add
 * or remove).  Sets and maps may be given without brackets ("10,20",
 * "a=b").  On success stores the value in '*datum' (owned by the caller)
 * and returns NULL; otherwise returns a message that names the column and
 * the value. */
char *ctl_parse_value(struct ctl_db *, const struct ctl_table *,
                      const struct ovsdb_column_schema *col, const char *s,
                      bool whole, struct ovsdb_datum *datum);

/* Applies "COLUMN=VALUE" or "COLUMN:KEY=VALUE" to 'row', looking the
 * column up in 'row''s table.  Refuses immutable columns of existing
 * rows.  Returns NULL or an error message. */
char *ctl_set_column(struct ctl_db *, struct ctl_row *, const char *arg);

/* Like ctl_set_column() but with the column already split off: 'col' and
 * the text after it, ":KEY=VALUE" or "=VALUE", in 'rest'. */
char *ctl_set_column_value(struct ctl_db *, struct ctl_row *,
                           const struct ovsdb_column_schema *col,
                           const char *rest);

#endif /* utilities/ctl-commands.h */
