/* sluice-ctl's bridge and port commands and "show".  See ctl-commands.h.
 *
 * Every bridge has a "local" Port and an Interface of type internal named
 * like the bridge, as in Open vSwitch.  Port and Interface names are
 * unique across all bridges. */
#include "utilities/ctl-commands.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "utilities/ctl-format.h"

/* Linux limits interface names to IFNAMSIZ - 1 bytes. */
#define CTL_IFNAME_MAX 15

/* Checks that 'name' can name a network device, as a bridge or port name
 * must.  'what' is "bridge" or "port". */
static char *
ctl_check_ifname(const char *what, const char *name)
{
    size_t len = strlen(name);
    bool ok = len > 0 && len <= CTL_IFNAME_MAX && strcmp(name, ".")
              && strcmp(name, "..");
    for (const char *p = name; ok && *p; p++) {
        ok = *p > ' ' && *p != '/' && *p != ':' && *p != 0x7f;
    }
    return (ok ? NULL
            : xasprintf("%s name \"%s\" is not a valid interface name "
                        "(1 to %d characters, no \"/\", \":\" or spaces)",
                        what, name, CTL_IFNAME_MAX));
}

/* Returns the live Bridge whose "ports" hold 'port', or NULL. */
static struct ctl_row *
ctl_port_bridge(struct ctl_db *db, const struct ctl_row *port)
{
    struct ctl_table *bridges = ctl_db_table(db, "Bridge");
    for (size_t i = 0; i < bridges->n_rows; i++) {
        struct ctl_row *br = bridges->rows[i];
        const struct ovsdb_datum *ports = ctl_row_get(br, "ports");
        for (size_t j = 0; !br->deleted && j < ports->n; j++) {
            if (uuid_equals(&ports->keys[j].uuid, &port->uuid)) {
                return br;
            }
        }
    }
    return NULL;
}

/* Returns the live rows of 'table' that the uuid set 'refs' names, sorted
 * by name, in a malloc'd array of '*np' elements. */
static struct ctl_row **
ctl_rows_by_name(struct ctl_db *db, const char *table,
                 const struct ovsdb_datum *refs, size_t *np)
{
    struct ctl_table *t = ctl_db_table(db, table);
    struct ctl_row **rows = xcalloc(refs->n, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < refs->n; i++) {
        struct ctl_row *row = ctl_table_find(t, &refs->keys[i].uuid);
        if (row) {
            size_t j = n++;
            const char *name = ctl_row_get_string(row, "name");
            for (; j > 0 && strcmp(ctl_row_get_string(rows[j - 1], "name"),
                                   name) > 0; j--) {
                rows[j] = rows[j - 1];
            }
            rows[j] = row;
        }
    }
    *np = n;
    return rows;
}

/* Returns the live bridges sorted by name; see ctl_rows_by_name(). */
static struct ctl_row **
ctl_bridges_sorted(struct ctl_db *db, size_t *np)
{
    struct ctl_row *root = ctl_db_root(db);
    if (!root) {
        *np = 0;
        return NULL;
    }
    return ctl_rows_by_name(db, "Bridge", ctl_row_get(root, "bridges"), np);
}

/* Finds bridge 'name' for a command, with the standard error. */
static char *
ctl_need_bridge(struct ctl_context *ctx, const char *name,
                struct ctl_row **brp)
{
    *brp = ctl_find_bridge(ctx->db, name);
    return *brp ? NULL : ctl_no_bridge_error(ctx->db, name);
}

/* Deletes 'port' and its interfaces, and removes it from bridge 'br'. */
static void
ctl_delete_port(struct ctl_db *db, struct ctl_row *br, struct ctl_row *port)
{
    const struct ovsdb_datum *ifaces = ctl_row_get(port, "interfaces");
    struct ctl_table *itable = ctl_db_table(db, "Interface");
    for (size_t i = 0; i < ifaces->n; i++) {
        struct ctl_row *iface = ctl_table_find(itable, &ifaces->keys[i].uuid);
        if (iface) {
            ctl_row_delete(iface);
        }
    }
    ctl_row_ref_remove(br, "ports", port);
    ctl_row_delete(port);
}

/* Creates a Port named 'name' with one Interface of the same name on
 * bridge 'br'.  Returns the port and stores the interface in '*ifacep'. */
static struct ctl_row *
ctl_create_port(struct ctl_db *db, struct ctl_row *br, const char *name,
                struct ctl_row **ifacep)
{
    struct ctl_row *iface = ctl_row_insert(ctl_db_table(db, "Interface"));
    ctl_row_set_string(iface, "name", name);
    struct ctl_row *port = ctl_row_insert(ctl_db_table(db, "Port"));
    ctl_row_set_string(port, "name", name);

    /* "interfaces" holds at least one UUID, so its default is one zero
     * UUID: replace it rather than add to it. */
    struct ovsdb_datum ifaces;
    ifaces.n = 1;
    ifaces.keys = xmalloc(sizeof *ifaces.keys);
    ifaces.keys[0].uuid = iface->uuid;
    ifaces.values = NULL;
    ctl_row_set(port, ctl_row_column(port, "interfaces"), &ifaces);
    ctl_row_ref_add(br, "ports", port);
    *ifacep = iface;
    return port;
}

/* Checks that no port or interface is named 'name' yet. */
static char *
ctl_check_port_free(struct ctl_db *db, const char *name)
{
    struct ctl_row *port = ctl_find_port(db, name);
    if (port) {
        struct ctl_row *br = ctl_port_bridge(db, port);
        return (br
                ? xasprintf("a port named \"%s\" already exists on bridge "
                            "\"%s\"", name, ctl_row_get_string(br, "name"))
                : xasprintf("a port named \"%s\" already exists", name));
    }
    if (ctl_find_iface(db, name)) {
        return xasprintf("an interface named \"%s\" already exists", name);
    }
    return NULL;
}

static char *
cmd_init(struct ctl_context *ctx)
{
    ctl_db_ensure_root(ctx->db);
    ctx->db->force_commit = true;
    return NULL;
}

static char *
cmd_add_br(struct ctl_context *ctx)
{
    const char *name = ctx->argv[0];
    char *msg = ctl_check_ifname("bridge", name);
    if (msg) {
        return msg;
    }
    if (ctl_find_bridge(ctx->db, name)) {
        return (ctx->may_exist ? NULL
                : xasprintf("bridge \"%s\" already exists", name));
    }
    msg = ctl_check_port_free(ctx->db, name);
    if (msg) {
        return msg;
    }

    struct ctl_row *root = ctl_db_ensure_root(ctx->db);
    struct ctl_row *br = ctl_row_insert(ctl_db_table(ctx->db, "Bridge"));
    ctl_row_set_string(br, "name", name);
    struct ctl_row *iface;
    ctl_create_port(ctx->db, br, name, &iface);
    ctl_row_set_string(iface, "type", "internal");
    ctl_row_ref_add(root, "bridges", br);
    return NULL;
}

static char *
cmd_del_br(struct ctl_context *ctx)
{
    struct ctl_row *br = ctl_find_bridge(ctx->db, ctx->argv[0]);
    if (!br) {
        return (ctx->if_exists ? NULL
                : ctl_no_bridge_error(ctx->db, ctx->argv[0]));
    }

    size_t n;
    struct ctl_row **ports = ctl_rows_by_name(ctx->db, "Port",
                                              ctl_row_get(br, "ports"), &n);
    for (size_t i = 0; i < n; i++) {
        ctl_delete_port(ctx->db, br, ports[i]);
    }
    free(ports);

    static const char *const owned[][2] = {
        { "controller", "Controller" },
        { "mirrors", "Mirror" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(owned); i++) {
        const struct ovsdb_datum *refs = ctl_row_get(br, owned[i][0]);
        struct ctl_table *table = ctl_db_table(ctx->db, owned[i][1]);
        for (size_t j = 0; j < refs->n; j++) {
            struct ctl_row *row = ctl_table_find(table, &refs->keys[j].uuid);
            if (row) {
                ctl_row_delete(row);
            }
        }
    }

    struct ctl_row *root = ctl_db_root(ctx->db);
    if (root) {
        ctl_row_ref_remove(root, "bridges", br);
    }
    ctl_row_delete(br);
    return NULL;
}

static char *
cmd_list_br(struct ctl_context *ctx)
{
    size_t n;
    struct ctl_row **bridges = ctl_bridges_sorted(ctx->db, &n);
    json_t *names = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *name = ctl_row_get_string(bridges[i], "name");
        if (ctx->format == CTL_FORMAT_JSON) {
            json_array_append_new(names, json_string(name));
        } else {
            fprintf(ctx->out, "%s\n", name);
        }
    }
    if (ctx->format == CTL_FORMAT_JSON) {
        ctl_format_print_json(ctx->out, json_pack("{s:O}", "bridges",
                                                  names));
    }
    json_decref(names);
    free(bridges);
    return NULL;
}

static char *
cmd_br_exists(struct ctl_context *ctx)
{
    if (!ctl_find_bridge(ctx->db, ctx->argv[0])) {
        ctx->exit_code = 2;
    }
    return NULL;
}

/* Applies one "COLUMN[:KEY]=VALUE" setting of add-port to 'port' or
 * 'iface': Port columns first, then Interface columns. */
static char *
ctl_add_port_setting(struct ctl_context *ctx, struct ctl_row *port,
                     struct ctl_row *iface, const char *arg)
{
    size_t len = strcspn(arg, ":=");
    char *name = xstrndup(arg, len);
    struct ctl_row *rows[] = { port, iface };
    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        const struct ovsdb_column_schema *col
            = ovsdb_table_schema_find_column(rows[i]->table->schema, name);
        if (col && strcmp(name, "name") && strcmp(name, "interfaces")
            && col->index != OVSDB_COL_UUID
            && col->index != OVSDB_COL_VERSION) {
            free(name);
            return ctl_set_column_value(ctx->db, rows[i], col, arg + len);
        }
    }
    char *msg = (arg[len] == '\0'
                 ? xasprintf("\"%s\": expected COLUMN=VALUE", arg)
                 : xasprintf("add-port: unknown column \"%s\" (not a column "
                             "of Port or Interface)", name));
    free(name);
    return msg;
}

static char *
cmd_add_port(struct ctl_context *ctx)
{
    const char *br_name = ctx->argv[0];
    const char *name = ctx->argv[1];
    struct ctl_row *br;
    char *msg = ctl_need_bridge(ctx, br_name, &br);
    if (!msg) {
        msg = ctl_check_ifname("port", name);
    }
    if (msg) {
        return msg;
    }

    struct ctl_row *old = ctl_find_port(ctx->db, name);
    if (old && ctx->may_exist) {
        struct ctl_row *old_br = ctl_port_bridge(ctx->db, old);
        if (old_br == br) {
            return NULL;
        }
        return xasprintf("port \"%s\" already exists on bridge \"%s\", not "
                         "on \"%s\"", name,
                         old_br ? ctl_row_get_string(old_br, "name") : "",
                         br_name);
    }
    msg = ctl_check_port_free(ctx->db, name);
    if (msg) {
        return msg;
    }

    struct ctl_row *iface;
    struct ctl_row *port = ctl_create_port(ctx->db, br, name, &iface);
    for (int i = 2; i < ctx->argc && !msg; i++) {
        msg = ctl_add_port_setting(ctx, port, iface, ctx->argv[i]);
    }
    return msg;
}

static char *
cmd_del_port(struct ctl_context *ctx)
{
    const char *name = ctx->argv[ctx->argc - 1];
    struct ctl_row *br = NULL;
    char *msg = NULL;
    if (ctx->argc == 2) {
        msg = ctl_need_bridge(ctx, ctx->argv[0], &br);
        if (msg) {
            return msg;
        }
    }

    struct ctl_row *port = ctl_find_port(ctx->db, name);
    if (!port) {
        if (ctx->if_exists) {
            return NULL;
        }
        return (br ? xasprintf("bridge \"%s\" has no port named \"%s\"",
                               ctx->argv[0], name)
                : xasprintf("no port named \"%s\"", name));
    }
    struct ctl_row *port_br = ctl_port_bridge(ctx->db, port);
    if (br && port_br != br) {
        return xasprintf("port \"%s\" is on bridge \"%s\", not on \"%s\"",
                         name,
                         port_br ? ctl_row_get_string(port_br, "name") : "",
                         ctx->argv[0]);
    }
    if (port_br && !strcmp(ctl_row_get_string(port_br, "name"), name)) {
        return xasprintf("cannot delete port \"%s\": it is the local port "
                         "of bridge \"%s\" (use del-br to delete the bridge)",
                         name, name);
    }
    if (port_br) {
        ctl_delete_port(ctx->db, port_br, port);
    } else {
        ctl_row_delete(port);
    }
    return NULL;
}

static char *
cmd_list_ports(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_need_bridge(ctx, ctx->argv[0], &br);
    if (msg) {
        return msg;
    }

    size_t n;
    struct ctl_row **ports = ctl_rows_by_name(ctx->db, "Port",
                                              ctl_row_get(br, "ports"), &n);
    json_t *names = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *name = ctl_row_get_string(ports[i], "name");
        if (!strcmp(name, ctx->argv[0])) {
            continue;
        }
        if (ctx->format == CTL_FORMAT_JSON) {
            json_array_append_new(names, json_string(name));
        } else {
            fprintf(ctx->out, "%s\n", name);
        }
    }
    if (ctx->format == CTL_FORMAT_JSON) {
        ctl_format_print_json(ctx->out,
                              json_pack("{s:s, s:O}", "bridge", ctx->argv[0],
                                        "ports", names));
    }
    json_decref(names);
    free(ports);
    return NULL;
}

static char *
cmd_port_to_br(struct ctl_context *ctx)
{
    const char *name = ctx->argv[0];
    struct ctl_row *port = ctl_find_port(ctx->db, name);
    struct ctl_row *br = port ? ctl_port_bridge(ctx->db, port) : NULL;
    if (!br) {
        return xasprintf("no port named \"%s\"", name);
    }
    const char *br_name = ctl_row_get_string(br, "name");
    if (ctx->format == CTL_FORMAT_JSON) {
        ctl_format_print_json(ctx->out, json_pack("{s:s, s:s}",
                                                  "port", name,
                                                  "bridge", br_name));
    } else {
        fprintf(ctx->out, "%s\n", br_name);
    }
    return NULL;
}

/* Prints "KEY: VALUE" for column 'column' of 'row' at 'indent' if it is not
 * empty (or, for strings, not ""), and adds it to 'obj' as natural JSON
 * (null when empty). */
static void
ctl_show_column(struct ctl_context *ctx, const struct ctl_row *row,
                const char *column, int indent, json_t *obj)
{
    const struct ovsdb_column_schema *col = ctl_row_column(row, column);
    const struct ovsdb_datum *d = ctl_row_get_col(row, col);
    bool empty = !d->n || (col->type.key.type == OVSDB_TYPE_STRING
                           && !ovsdb_type_is_map(&col->type)
                           && d->n == 1 && !d->keys[0].string[0]);
    if (ctx->format == CTL_FORMAT_JSON) {
        json_object_set_new(obj, column,
                            (empty && col->type.n_max == 1 ? json_null()
                             : ctl_format_datum_json(d, &col->type)));
    } else if (!empty) {
        char *text = ovsdb_datum_to_string(d, &col->type);
        fprintf(ctx->out, "%*s%s: %s\n", indent, "", column, text);
        free(text);
    }
}

/* Prints the name line of 'row' ('label' "NAME") at 'indent' and, for
 * JSON, returns a new object holding its name. */
static json_t *
ctl_show_header(struct ctl_context *ctx, const char *label,
                const char *name, int indent)
{
    if (ctx->format == CTL_FORMAT_JSON) {
        return json_pack("{s:s}", "name", name);
    }
    fprintf(ctx->out, "%*s%s \"%s\"\n", indent, "", label, name);
    return NULL;
}

static json_t *
ctl_show_port(struct ctl_context *ctx, const struct ctl_row *port)
{
    static const char *const port_columns[] = {
        "tag", "trunks", "vlan_mode",
    };
    static const char *const iface_columns[] = {
        "type", "options", "ofport_request", "ofport", "error",
    };
    json_t *obj = ctl_show_header(ctx, "Port",
                                  ctl_row_get_string(port, "name"), 8);
    for (size_t i = 0; i < ARRAY_SIZE(port_columns); i++) {
        ctl_show_column(ctx, port, port_columns[i], 12, obj);
    }

    size_t n;
    struct ctl_row **ifaces = ctl_rows_by_name(
        ctx->db, "Interface", ctl_row_get(port, "interfaces"), &n);
    json_t *iface_array = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *iobj = ctl_show_header(ctx, "Interface",
                                       ctl_row_get_string(ifaces[i], "name"),
                                       12);
        for (size_t j = 0; j < ARRAY_SIZE(iface_columns); j++) {
            ctl_show_column(ctx, ifaces[i], iface_columns[j], 16, iobj);
        }
        if (iobj) {
            json_array_append_new(iface_array, iobj);
        }
    }
    free(ifaces);
    if (obj) {
        json_object_set_new(obj, "interfaces", iface_array);
    } else {
        json_decref(iface_array);
    }
    return obj;
}

static json_t *
ctl_show_bridge(struct ctl_context *ctx, const struct ctl_row *br)
{
    json_t *obj = ctl_show_header(ctx, "Bridge",
                                  ctl_row_get_string(br, "name"), 4);

    const struct ovsdb_datum *ctrl = ctl_row_get(br, "controller");
    struct ctl_table *ctable = ctl_db_table(ctx->db, "Controller");
    json_t *controllers = json_array();
    for (size_t i = 0; i < ctrl->n; i++) {
        struct ctl_row *c = ctl_table_find(ctable, &ctrl->keys[i].uuid);
        if (!c) {
            continue;
        }
        const char *target = ctl_row_get_string(c, "target");
        const struct ovsdb_datum *conn = ctl_row_get(c, "is_connected");
        bool connected = conn->n && conn->keys[0].boolean;
        const struct ovsdb_datum *role = ctl_row_get(c, "role");
        const char *role_s = role->n ? role->keys[0].string : NULL;
        if (obj) {
            json_array_append_new(controllers,
                                  json_pack("{s:s, s:b, s:s?}", "target",
                                            target, "is_connected", connected,
                                            "role", role_s));
        } else {
            fprintf(ctx->out, "        Controller \"%s\"\n", target);
            if (connected) {
                fprintf(ctx->out, "            is_connected: true\n");
            }
            if (role_s) {
                fprintf(ctx->out, "            role: %s\n", role_s);
            }
        }
    }
    if (obj) {
        json_object_set_new(obj, "controllers", controllers);
    } else {
        json_decref(controllers);
    }
    ctl_show_column(ctx, br, "fail_mode", 8, obj);

    size_t n;
    struct ctl_row **ports = ctl_rows_by_name(ctx->db, "Port",
                                              ctl_row_get(br, "ports"), &n);
    json_t *port_array = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *pobj = ctl_show_port(ctx, ports[i]);
        if (pobj) {
            json_array_append_new(port_array, pobj);
        }
    }
    free(ports);
    if (obj) {
        json_object_set_new(obj, "ports", port_array);
    } else {
        json_decref(port_array);
    }
    return obj;
}

static char *
cmd_show(struct ctl_context *ctx)
{
    struct ctl_row *root = ctl_db_root(ctx->db);
    char buf[UUID_LEN + 1] = "";
    if (root) {
        uuid_format(&root->uuid, buf);
    }
    if (ctx->format == CTL_FORMAT_TABLE && root) {
        fprintf(ctx->out, "%s\n", buf);
    }

    size_t n;
    struct ctl_row **bridges = ctl_bridges_sorted(ctx->db, &n);
    json_t *array = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *obj = ctl_show_bridge(ctx, bridges[i]);
        if (obj) {
            json_array_append_new(array, obj);
        }
    }
    free(bridges);
    if (ctx->format == CTL_FORMAT_JSON) {
        ctl_format_print_json(ctx->out,
                              json_pack("{s:s?, s:O}",
                                        "uuid", root ? buf : NULL,
                                        "bridges", array));
    }
    json_decref(array);
    return NULL;
}

static const struct ctl_command_def ctl_bridge_commands[] = {
    { "init", "", 0, 0, cmd_init },
    { "show", "", 0, 0, cmd_show },
    { "add-br", "BR", 1, 1, cmd_add_br },
    { "del-br", "BR", 1, 1, cmd_del_br },
    { "list-br", "", 0, 0, cmd_list_br },
    { "br-exists", "BR", 1, 1, cmd_br_exists },
    { "add-port", "BR PORT [COLUMN[:KEY]=VALUE...]", 2, INT_MAX,
      cmd_add_port },
    { "del-port", "[BR] PORT", 1, 2, cmd_del_port },
    { "list-ports", "BR", 1, 1, cmd_list_ports },
    { "port-to-br", "PORT", 1, 1, cmd_port_to_br },
    { NULL, NULL, 0, 0, NULL },
};

static const struct ctl_command_def *const ctl_command_tables[] = {
    ctl_bridge_commands,
    ctl_controller_commands,
    ctl_mirror_commands,
    ctl_generic_commands,
};

const struct ctl_command_def *
ctl_command_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(ctl_command_tables); i++) {
        for (const struct ctl_command_def *c = ctl_command_tables[i];
             c->name; c++) {
            if (!strcmp(c->name, name)) {
                return c;
            }
        }
    }
    return NULL;
}

void
ctl_command_print_usage(FILE *stream)
{
    for (size_t i = 0; i < ARRAY_SIZE(ctl_command_tables); i++) {
        for (const struct ctl_command_def *c = ctl_command_tables[i];
             c->name; c++) {
            fprintf(stream, "  %s%s%s\n", c->name, c->usage[0] ? " " : "",
                    c->usage);
        }
    }
}
