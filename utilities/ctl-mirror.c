/* sluice-ctl commands for port mirrors: add-mirror, del-mirror,
 * list-mirrors (the Mirror table; docs/mirroring.md). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "lib/util.h"
#include "utilities/ctl-commands.h"

/* Returns the Mirror row named 'name' among the mirrors of bridge 'br', or
 * NULL. */
static struct ctl_row *
find_mirror(struct ctl_db *db, const struct ctl_row *br, const char *name)
{
    const struct ovsdb_datum *ms = ctl_row_get(br, "mirrors");
    struct ctl_table *table = ctl_db_table(db, "Mirror");
    for (size_t i = 0; i < ms->n; i++) {
        struct ctl_row *m = ctl_table_find(table, &ms->keys[i].uuid);
        if (m && !m->deleted && !strcmp(ctl_row_get_string(m, "name"),
                                        name)) {
            return m;
        }
    }
    return NULL;
}

/* Returns the Port row 'name' if it belongs to bridge 'br', or NULL. */
static struct ctl_row *
bridge_port(struct ctl_db *db, const struct ctl_row *br, const char *name)
{
    struct ctl_row *p = ctl_find_port(db, name);
    const struct ovsdb_datum *ports = ctl_row_get(br, "ports");
    for (size_t i = 0; p && i < ports->n; i++) {
        if (uuid_equals(&ports->keys[i].uuid, &p->uuid)) {
            return p;
        }
    }
    return NULL;
}

/* Adds each port of the comma-separated 'list' to 'column' of 'm'. */
static char *
add_ports(struct ctl_db *db, const struct ctl_row *br, struct ctl_row *m,
          const char *column, const char *list, const char *output)
{
    char *copy = xstrdup(list), *save = NULL;
    char *error = NULL;
    for (char *name = strtok_r(copy, ",", &save); name && !error;
         name = strtok_r(NULL, ",", &save)) {
        struct ctl_row *p = bridge_port(db, br, name);
        if (!p) {
            error = xasprintf("add-mirror: bridge %s has no port \"%s\"",
                              ctl_row_get_string(br, "name"), name);
        } else if (output && !strcmp(name, output)) {
            error = xasprintf("add-mirror: output port \"%s\" cannot also "
                              "be selected", name);
        } else {
            ctl_row_ref_add(m, column, p);
        }
    }
    free(copy);
    return error;
}

/* Parses 'list', comma-separated VLANs in [min, 4095], into the text form
 * "[v1,v2]" in '*textp'. */
static char *
parse_vlans(const char *list, int min, const char *option, char **textp)
{
    char *copy = xstrdup(list), *save = NULL;
    char *text = xstrdup("[");
    char *error = NULL;
    for (char *v = strtok_r(copy, ",", &save); v && !error;
         v = strtok_r(NULL, ",", &save)) {
        char *end;
        long vlan = strtol(v, &end, 10);
        if (*end || end == v || vlan < min || vlan > 4095) {
            error = xasprintf("add-mirror: %s: \"%s\" is not a VLAN (%d to "
                              "4095)", option, v, min);
        } else {
            char *t = xasprintf("%s%s%ld", text, text[1] ? "," : "", vlan);
            free(text);
            text = t;
        }
    }
    free(copy);
    if (error) {
        free(text);
        return error;
    }
    *textp = xasprintf("%s]", text);
    free(text);
    return NULL;
}

static char *
cmd_add_mirror(struct ctl_context *ctx)
{
    const char *br_name = ctx->argv[0], *name = ctx->argv[1];
    struct ctl_row *br = ctl_find_bridge(ctx->db, br_name);
    if (!br) {
        return ctl_no_bridge_error(ctx->db, br_name);
    }
    if (!*name) {
        return xstrdup("add-mirror: a mirror needs a name");
    }
    if (find_mirror(ctx->db, br, name)) {
        return xasprintf("add-mirror: bridge %s already has a mirror named "
                         "\"%s\"", br_name, name);
    }

    bool select_all = false;
    const char *src = NULL, *dst = NULL, *vlans = NULL;
    const char *out_port = NULL, *out_vlan = NULL;
    for (int i = 2; i < ctx->argc; i++) {
        const char *a = ctx->argv[i];
        const char *v = i + 1 < ctx->argc ? ctx->argv[i + 1] : NULL;
        const char **slot = (!strcmp(a, "--select-src-port") ? &src
                             : !strcmp(a, "--select-dst-port") ? &dst
                             : !strcmp(a, "--select-vlan") ? &vlans
                             : !strcmp(a, "--output-port") ? &out_port
                             : !strcmp(a, "--output-vlan") ? &out_vlan
                             : NULL);
        if (!strcmp(a, "--select-all")) {
            select_all = true;
        } else if (slot && v) {
            *slot = v;
            i++;
        } else if (slot) {
            return xasprintf("add-mirror: %s needs a value", a);
        } else {
            return xasprintf("add-mirror: unknown argument \"%s\" (usage: "
                             "add-mirror BR NAME [--select-all] "
                             "[--select-src-port P,..] "
                             "[--select-dst-port P,..] [--select-vlan V,..] "
                             "(--output-port P | --output-vlan V))", a);
        }
    }
    if (!out_port == !out_vlan) {
        return xstrdup("add-mirror: give exactly one of --output-port and "
                       "--output-vlan");
    }
    struct ctl_row *out = NULL;
    if (out_port) {
        out = bridge_port(ctx->db, br, out_port);
        if (!out) {
            return xasprintf("add-mirror: bridge %s has no port \"%s\"",
                             br_name, out_port);
        }
    }
    char *vlan_text = NULL, *out_vlan_text = NULL;
    char *error = vlans ? parse_vlans(vlans, 0, "--select-vlan",
                                      &vlan_text) : NULL;
    if (!error && out_vlan) {
        error = parse_vlans(out_vlan, 1, "--output-vlan", &out_vlan_text);
        if (!error && strchr(out_vlan, ',')) {
            error = xstrdup("add-mirror: --output-vlan takes one VLAN");
        }
    }
    if (error) {
        free(vlan_text);
        free(out_vlan_text);
        return error;
    }

    struct ctl_row *m = ctl_row_insert(ctl_db_table(ctx->db, "Mirror"));
    ctl_row_set_string(m, "name", name);
    if (select_all) {
        error = ctl_set_column(ctx->db, m, "select_all=true");
    }
    if (!error && src) {
        error = add_ports(ctx->db, br, m, "select_src_port", src, out_port);
    }
    if (!error && dst) {
        error = add_ports(ctx->db, br, m, "select_dst_port", dst, out_port);
    }
    if (!error && vlan_text) {
        char *arg = xasprintf("select_vlan=%s", vlan_text);
        error = ctl_set_column(ctx->db, m, arg);
        free(arg);
    }
    if (!error && out) {
        ctl_row_ref_add(m, "output_port", out);
    }
    if (!error && out_vlan_text) {
        char *arg = xasprintf("output_vlan=%s", out_vlan_text + 1);
        arg[strlen(arg) - 1] = '\0';
        error = ctl_set_column(ctx->db, m, arg);
        free(arg);
    }
    free(vlan_text);
    free(out_vlan_text);
    if (!error) {
        ctl_row_ref_add(br, "mirrors", m);
    }
    return error;
}

static char *
cmd_del_mirror(struct ctl_context *ctx)
{
    struct ctl_row *br = ctl_find_bridge(ctx->db, ctx->argv[0]);
    if (!br) {
        return ctl_no_bridge_error(ctx->db, ctx->argv[0]);
    }
    struct ctl_row *m = find_mirror(ctx->db, br, ctx->argv[1]);
    if (!m) {
        return (ctx->if_exists ? NULL
                : xasprintf("del-mirror: bridge %s has no mirror named "
                            "\"%s\"", ctx->argv[0], ctx->argv[1]));
    }
    ctl_row_ref_remove(br, "mirrors", m);
    ctl_row_delete(m);
    return NULL;
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_, *const *b = b_;
    return strcmp(*a, *b);
}

/* Names of the Port rows in uuid-set 'column' of 'm', sorted and
 * comma-separated. */
static char *
port_names(struct ctl_db *db, const struct ctl_row *m, const char *column)
{
    const struct ovsdb_datum *d = ctl_row_get(m, column);
    struct ctl_table *ports = ctl_db_table(db, "Port");
    const char **names = xcalloc(d->n + 1, sizeof *names);
    for (size_t i = 0; i < d->n; i++) {
        const struct ctl_row *p = ctl_table_find(ports, &d->keys[i].uuid);
        names[i] = p ? ctl_row_get_string(p, "name") : "?";
    }
    qsort(names, d->n, sizeof *names, compare_strings);
    char *s = xstrdup("");
    for (size_t i = 0; i < d->n; i++) {
        char *t = xasprintf("%s%s%s", s, *s ? "," : "", names[i]);
        free(s);
        s = t;
    }
    free(names);
    return s;
}

/* Compares Mirror rows by name. */
static int
compare_mirrors(const void *a_, const void *b_)
{
    const struct ctl_row *const *a = a_, *const *b = b_;
    return strcmp(ctl_row_get_string(*a, "name"),
                  ctl_row_get_string(*b, "name"));
}

static char *
vlan_list(const struct ovsdb_datum *d)
{
    char *s = xstrdup("");
    for (size_t i = 0; i < d->n; i++) {
        char *t = xasprintf("%s%s%lld", s, *s ? "," : "",
                            (long long) d->keys[i].integer);
        free(s);
        s = t;
    }
    return s;
}

static int64_t
stat_value(const struct ctl_row *m, const char *key)
{
    const struct ovsdb_datum *d = ctl_row_get(m, "statistics");
    for (size_t i = 0; i < d->n; i++) {
        if (!strcmp(d->keys[i].string, key)) {
            return d->values[i].integer;
        }
    }
    return 0;
}

static char *
cmd_list_mirrors(struct ctl_context *ctx)
{
    struct ctl_row *br = ctl_find_bridge(ctx->db, ctx->argv[0]);
    if (!br) {
        return ctl_no_bridge_error(ctx->db, ctx->argv[0]);
    }
    const struct ovsdb_datum *ms = ctl_row_get(br, "mirrors");
    struct ctl_table *table = ctl_db_table(ctx->db, "Mirror");
    json_t *list = json_array();
    if (ctx->format != CTL_FORMAT_JSON) {
        fprintf(ctx->out, "%-16s %-10s %-16s %-16s %-8s %-12s %12s %14s\n",
                "NAME", "SELECT", "SRC_PORTS", "DST_PORTS", "VLANS",
                "OUTPUT", "TX_PACKETS", "TX_BYTES");
    }
    const struct ctl_row **rows = xcalloc(ms->n + 1, sizeof *rows);
    size_t n_rows = 0;
    for (size_t i = 0; i < ms->n; i++) {
        const struct ctl_row *m = ctl_table_find(table, &ms->keys[i].uuid);
        if (m && !m->deleted) {
            rows[n_rows++] = m;
        }
    }
    qsort(rows, n_rows, sizeof *rows, compare_mirrors);
    for (size_t i = 0; i < n_rows; i++) {
        const struct ctl_row *m = rows[i];
        const struct ovsdb_datum *all = ctl_row_get(m, "select_all");
        bool select_all = all->n && all->keys[0].boolean;
        char *src = port_names(ctx->db, m, "select_src_port");
        char *dst = port_names(ctx->db, m, "select_dst_port");
        char *vlans = vlan_list(ctl_row_get(m, "select_vlan"));
        char *out_port = port_names(ctx->db, m, "output_port");
        const struct ovsdb_datum *ov = ctl_row_get(m, "output_vlan");
        char *output = (*out_port ? xstrdup(out_port)
                        : ov->n ? xasprintf("vlan%lld",
                                            (long long) ov->keys[0].integer)
                        : xstrdup("-"));
        int64_t packets = stat_value(m, "tx_packets");
        int64_t bytes = stat_value(m, "tx_bytes");
        const char *name = ctl_row_get_string(m, "name");
        if (ctx->format == CTL_FORMAT_JSON) {
            json_t *o = json_pack("{s:s, s:b, s:s, s:s, s:s, s:I, s:I}",
                                  "name", name, "select_all", select_all,
                                  "select_src_port", src,
                                  "select_dst_port", dst,
                                  "select_vlan", vlans,
                                  "tx_packets", (json_int_t) packets,
                                  "tx_bytes", (json_int_t) bytes);
            json_object_set_new(o, "output_port",
                                *out_port ? json_string(out_port)
                                : json_null());
            json_object_set_new(o, "output_vlan",
                                ov->n ? json_integer(ov->keys[0].integer)
                                : json_null());
            json_array_append_new(list, o);
        } else {
            fprintf(ctx->out, "%-16s %-10s %-16s %-16s %-8s %-12s %12lld "
                    "%14lld\n", name, select_all ? "all" : "ports",
                    *src ? src : "-", *dst ? dst : "-",
                    *vlans ? vlans : "-", output, (long long) packets,
                    (long long) bytes);
        }
        free(src);
        free(dst);
        free(vlans);
        free(out_port);
        free(output);
    }
    free(rows);
    if (ctx->format == CTL_FORMAT_JSON) {
        char *s = json_dumps(list, JSON_COMPACT);
        fprintf(ctx->out, "%s\n", s);
        free(s);
    }
    json_decref(list);
    return NULL;
}

const struct ctl_command_def ctl_mirror_commands[] = {
    { "add-mirror", "BR NAME [--select-all] [--select-src-port P,..] "
      "[--select-dst-port P,..] [--select-vlan V,..] "
      "(--output-port P | --output-vlan V)", 2, INT_MAX, cmd_add_mirror },
    { "del-mirror", "BR NAME", 2, 2, cmd_del_mirror },
    { "list-mirrors", "BR", 1, 1, cmd_list_mirrors },
    { NULL, NULL, 0, 0, NULL },
};
