/* sluice-ctl's controller, fail-mode and SSL commands, as in ovs-vsctl:
 * set/get/del-controller, set/get/del-fail-mode and set/get/del-ssl.  See
 * ctl-commands.h.
 *
 * Controller targets are checked with the stream layer's own parser
 * (ofproto/stream.h), so that sluice-ctl refuses exactly what
 * sluice-switchd could not connect to or listen on. */
#include "utilities/ctl-commands.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "ofproto/stream.h"
#include "utilities/ctl-format.h"

static char *
ctl_controller_bridge(struct ctl_context *ctx, struct ctl_row **brp)
{
    *brp = ctl_find_bridge(ctx->db, ctx->argv[0]);
    return *brp ? NULL : ctl_no_bridge_error(ctx->db, ctx->argv[0]);
}

/* Deletes every Controller of 'br' and empties its "controller" column. */
static void
ctl_controller_delete_all(struct ctl_db *db, struct ctl_row *br)
{
    const struct ovsdb_datum *refs = ctl_row_get(br, "controller");
    struct ctl_table *table = ctl_db_table(db, "Controller");

    for (size_t i = 0; i < refs->n; i++) {
        struct ctl_row *row = ctl_table_find(table, &refs->keys[i].uuid);
        if (row) {
            ctl_row_delete(row);
        }
    }
    struct ovsdb_datum empty = { .n = 0 };
    ctl_row_set(br, ctl_row_column(br, "controller"), &empty);
}

static char *
cmd_set_controller(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_controller_bridge(ctx, &br);
    if (msg) {
        return msg;
    }
    for (int i = 1; i < ctx->argc; i++) {
        const char *target = ctx->argv[i];
        bool passive;
        char *error = NULL;
        if (!stream_target_is_valid(target, &passive, &error)) {
            msg = xasprintf("set-controller: %s", error);
            free(error);
            return msg;
        }
        for (int j = 1; j < i; j++) {
            if (!strcmp(ctx->argv[j], target)) {
                return xasprintf("set-controller: target \"%s\" given "
                                 "twice", target);
            }
        }
    }

    ctl_controller_delete_all(ctx->db, br);
    struct ctl_table *table = ctl_db_table(ctx->db, "Controller");
    for (int i = 1; i < ctx->argc; i++) {
        struct ctl_row *c = ctl_row_insert(table);
        ctl_row_set_string(c, "target", ctx->argv[i]);
        ctl_row_ref_add(br, "controller", c);
    }
    return NULL;
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

static char *
cmd_get_controller(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_controller_bridge(ctx, &br);
    if (msg) {
        return msg;
    }

    const struct ovsdb_datum *refs = ctl_row_get(br, "controller");
    struct ctl_table *table = ctl_db_table(ctx->db, "Controller");
    const char **targets = xcalloc(refs->n + 1, sizeof *targets);
    size_t n = 0;
    for (size_t i = 0; i < refs->n; i++) {
        struct ctl_row *c = ctl_table_find(table, &refs->keys[i].uuid);
        if (c) {
            targets[n++] = ctl_row_get_string(c, "target");
        }
    }
    qsort(targets, n, sizeof *targets, compare_strings);

    if (ctx->format == CTL_FORMAT_JSON) {
        json_t *array = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(array, json_string(targets[i]));
        }
        ctl_format_print_json(ctx->out,
                              json_pack("{s:s, s:o}", "bridge", ctx->argv[0],
                                        "controllers", array));
    } else {
        for (size_t i = 0; i < n; i++) {
            fprintf(ctx->out, "%s\n", targets[i]);
        }
    }
    free(targets);
    return NULL;
}

static char *
cmd_del_controller(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_controller_bridge(ctx, &br);
    if (!msg) {
        ctl_controller_delete_all(ctx->db, br);
    }
    return msg;
}

static char *
cmd_set_fail_mode(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_controller_bridge(ctx, &br);
    if (msg) {
        return msg;
    }
    const char *mode = ctx->argv[1];
    if (strcmp(mode, "standalone") && strcmp(mode, "secure")) {
        return xasprintf("set-fail-mode: \"%s\" is not a fail mode "
                         "(expected standalone or secure)", mode);
    }
    ctl_row_set_string(br, "fail_mode", mode);
    return NULL;
}

static char *
cmd_get_fail_mode(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_controller_bridge(ctx, &br);
    if (msg) {
        return msg;
    }
    const struct ovsdb_datum *mode = ctl_row_get(br, "fail_mode");
    if (ctx->format == CTL_FORMAT_JSON) {
        ctl_format_print_json(ctx->out,
                              json_pack("{s:s, s:s?}", "bridge", ctx->argv[0],
                                        "fail_mode",
                                        mode->n ? mode->keys[0].string
                                        : NULL));
    } else if (mode->n) {
        fprintf(ctx->out, "%s\n", mode->keys[0].string);
    }
    return NULL;
}

static char *
cmd_del_fail_mode(struct ctl_context *ctx)
{
    struct ctl_row *br;
    char *msg = ctl_controller_bridge(ctx, &br);
    if (!msg) {
        struct ovsdb_datum empty = { .n = 0 };
        ctl_row_set(br, ctl_row_column(br, "fail_mode"), &empty);
    }
    return msg;
}

/* Returns the SSL row that Open_vSwitch.ssl names, or NULL. */
static struct ctl_row *
ctl_ssl_row(struct ctl_db *db)
{
    struct ctl_row *root = ctl_db_root(db);
    const struct ovsdb_datum *ref = root ? ctl_row_get(root, "ssl") : NULL;
    return (ref && ref->n
            ? ctl_table_find(ctl_db_table(db, "SSL"), &ref->keys[0].uuid)
            : NULL);
}

/* Deletes the SSL row, if any, and clears Open_vSwitch.ssl. */
static void
ctl_ssl_delete(struct ctl_db *db)
{
    struct ctl_row *ssl = ctl_ssl_row(db);
    struct ctl_row *root = ctl_db_root(db);
    if (ssl) {
        ctl_row_delete(ssl);
    }
    if (root && ctl_row_get(root, "ssl")->n) {
        struct ovsdb_datum empty = { .n = 0 };
        ctl_row_set(root, ctl_row_column(root, "ssl"), &empty);
    }
}

/* Returns 'file' as an absolute path (sluice-switchd does not share our
 * working directory), in a malloc'd string. */
static char *
ctl_absolute_path(const char *file)
{
    if (file[0] == '/') {
        return xstrdup(file);
    }
    char *cwd = getcwd(NULL, 0);
    char *path = xasprintf("%s/%s", cwd ? cwd : ".", file);
    free(cwd);
    return path;
}

static char *
cmd_set_ssl(struct ctl_context *ctx)
{
    static const char *const columns[] = {
        "private_key", "certificate", "ca_cert",
    };
    static const char *const what[] = {
        "private key", "certificate", "CA certificate",
    };
    for (int i = 0; i < 3; i++) {
        if (!ctx->argv[i][0]) {
            return xasprintf("set-ssl: the %s file name is empty", what[i]);
        }
    }

    ctl_ssl_delete(ctx->db);
    struct ctl_row *ssl = ctl_row_insert(ctl_db_table(ctx->db, "SSL"));
    for (int i = 0; i < 3; i++) {
        char *path = ctl_absolute_path(ctx->argv[i]);
        ctl_row_set_string(ssl, columns[i], path);
        free(path);
    }
    struct ctl_row *root = ctl_db_ensure_root(ctx->db);
    ctl_row_ref_add(root, "ssl", ssl);
    return NULL;
}

static char *
cmd_get_ssl(struct ctl_context *ctx)
{
    struct ctl_row *ssl = ctl_ssl_row(ctx->db);
    const struct ovsdb_datum *bootstrap = ssl
        ? ctl_row_get(ssl, "bootstrap_ca_cert") : NULL;
    bool boot = bootstrap && bootstrap->n && bootstrap->keys[0].boolean;

    if (ctx->format == CTL_FORMAT_JSON) {
        json_t *obj = ssl ? json_pack(
            "{s:s, s:s, s:s, s:b}",
            "private_key", ctl_row_get_string(ssl, "private_key"),
            "certificate", ctl_row_get_string(ssl, "certificate"),
            "ca_cert", ctl_row_get_string(ssl, "ca_cert"),
            "bootstrap_ca_cert", boot) : json_null();
        ctl_format_print_json(ctx->out, json_pack("{s:o}", "ssl", obj));
    } else if (ssl) {
        fprintf(ctx->out, "Private key: %s\nCertificate: %s\n"
                "CA Certificate: %s\nBootstrap: %s\n",
                ctl_row_get_string(ssl, "private_key"),
                ctl_row_get_string(ssl, "certificate"),
                ctl_row_get_string(ssl, "ca_cert"),
                boot ? "true" : "false");
    }
    return NULL;
}

static char *
cmd_del_ssl(struct ctl_context *ctx)
{
    ctl_ssl_delete(ctx->db);
    return NULL;
}

const struct ctl_command_def ctl_controller_commands[] = {
    { "set-controller", "BR TARGET...", 2, INT_MAX, cmd_set_controller },
    { "get-controller", "BR", 1, 1, cmd_get_controller },
    { "del-controller", "BR", 1, 1, cmd_del_controller },
    { "set-fail-mode", "BR standalone|secure", 2, 2, cmd_set_fail_mode },
    { "get-fail-mode", "BR", 1, 1, cmd_get_fail_mode },
    { "del-fail-mode", "BR", 1, 1, cmd_del_fail_mode },
    { "set-ssl", "PRIVATE-KEY CERTIFICATE CA-CERT", 3, 3, cmd_set_ssl },
    { "get-ssl", "", 0, 0, cmd_get_ssl },
    { "del-ssl", "", 0, 0, cmd_del_ssl },
    { NULL, NULL, 0, 0, NULL },
};
