#include "lib/unixctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/jsonrpc.h"
#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(unixctl);

struct unixctl_command {
    char *name;
    char *usage;
    int min_args, max_args;
    unixctl_cb_func *cb;
    void *aux;
};

/* The registry, sorted by name. */
static struct unixctl_command *commands;
static size_t n_commands, allocated_commands;

struct unixctl_conn {
    struct unixctl_server *server;
    struct jsonrpc_conn *rpc;
    struct unixctl_conn *prev, *next;
    json_t *request_id;         /* Id of the command being handled. */
    bool replied;
    bool wants_json;
};

struct unixctl_server {
    struct event_base *base;
    struct jsonrpc_server *listener;
    struct unixctl_conn *conns;
};

static struct unixctl_command *
find_command(const char *name)
{
    for (size_t i = 0; i < n_commands; i++) {
        if (!strcmp(commands[i].name, name)) {
            return &commands[i];
        }
    }
    return NULL;
}

static void
list_commands_cb(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux)
{
    if (unixctl_conn_wants_json(conn)) {
        json_t *list = json_array();
        for (size_t i = 0; i < n_commands; i++) {
            json_array_append_new(list, json_pack(
                "{s:s, s:s}", "command", commands[i].name,
                "usage", commands[i].usage));
        }
        char *s = json_dumps(list, JSON_COMPACT);
        unixctl_command_reply(conn, s);
        free(s);
        json_decref(list);
        return;
    }

    size_t len = 0;
    char *text = xstrdup("The available commands are:\n");
    len = strlen(text);
    for (size_t i = 0; i < n_commands; i++) {
        char *line = xasprintf("  %-24s %s\n", commands[i].name,
                               commands[i].usage);
        size_t n = strlen(line);
        text = xrealloc(text, len + n + 1);
        memcpy(text + len, line, n + 1);
        len += n;
        free(line);
    }
    unixctl_command_reply(conn, text);
    free(text);
}

static void
register_builtins(void)
{
    static bool done;
    if (!done) {
        done = true;
        unixctl_command_register("list-commands", "", 0, 0,
                                 list_commands_cb, NULL);
        unixctl_command_register("help", "", 0, 0, list_commands_cb, NULL);
    }
}

void
unixctl_command_register(const char *name, const char *usage,
                         int min_args, int max_args, unixctl_cb_func *cb,
                         void *aux)
{
    register_builtins();

    struct unixctl_command *c = find_command(name);
    if (!c) {
        if (n_commands >= allocated_commands) {
            allocated_commands = allocated_commands ? 2 * allocated_commands
                                                    : 16;
            commands = xrealloc(commands,
                                allocated_commands * sizeof *commands);
        }
        size_t i = n_commands;
        while (i > 0 && strcmp(commands[i - 1].name, name) > 0) {
            i--;
        }
        memmove(&commands[i + 1], &commands[i],
                (n_commands - i) * sizeof *commands);
        n_commands++;
        c = &commands[i];
        c->name = xstrdup(name);
    } else {
        free(c->usage);
    }
    c->usage = xstrdup(usage ? usage : "");
    c->min_args = min_args;
    c->max_args = max_args;
    c->cb = cb;
    c->aux = aux;
}

static void
send_reply(struct unixctl_conn *conn, json_t *result, json_t *error)
{
    if (conn->replied) {
        sluice_abort("unixctl: command replied to twice");
    }
    conn->replied = true;
    json_t *reply = json_pack("{s:o, s:o, s:O}", "result", result,
                              "error", error, "id", conn->request_id);
    jsonrpc_conn_send(conn->rpc, reply);
}

void
unixctl_command_reply(struct unixctl_conn *conn, const char *body)
{
    send_reply(conn, json_string(body ? body : ""), json_null());
}

void
unixctl_command_reply_error(struct unixctl_conn *conn, const char *error)
{
    VLOG_DBG("%s: error reply: %s", jsonrpc_conn_name(conn->rpc), error);
    send_reply(conn, json_null(), json_string(error ? error : "error"));
}

bool
unixctl_conn_wants_json(const struct unixctl_conn *conn)
{
    return conn->wants_json;
}

/* Runs the request 'msg' received on 'conn'. */
static void
handle_request(struct unixctl_conn *conn, json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");

    conn->request_id = json_object_get(msg, "id");
    conn->replied = false;
    conn->wants_json = false;
    if (!method || !conn->request_id || json_is_null(conn->request_id)) {
        /* A notification or a reply: nothing to answer. */
        conn->request_id = NULL;
        return;
    }
    if (params && !json_is_array(params)) {
        unixctl_command_reply_error(conn, "\"params\" must be an array");
        return;
    }

    size_t n_params = params ? json_array_size(params) : 0;
    const char **argv = xcalloc(n_params + 2, sizeof *argv);
    int argc = 0;
    argv[argc++] = method;
    for (size_t i = 0; i < n_params; i++) {
        const char *arg = json_string_value(json_array_get(params, i));
        if (!arg) {
            free(argv);
            unixctl_command_reply_error(conn,
                                        "command arguments must be strings");
            return;
        }
        if (i == 0 && !strcmp(arg, UNIXCTL_FORMAT_JSON_OPTION)) {
            conn->wants_json = true;
        } else if (i == 0 && strcmp(arg, UNIXCTL_FORMAT_TEXT_OPTION)) {
            argv[argc++] = arg;
        } else if (i > 0) {
            argv[argc++] = arg;
        }
    }

    struct unixctl_command *c = find_command(method);
    if (!c) {
        char *error = xasprintf("\"%s\" is not a valid command (use "
                                "list-commands to see the available "
                                "commands)", method);
        unixctl_command_reply_error(conn, error);
        free(error);
    } else if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
        char *error;
        if (c->min_args == c->max_args) {
            error = xasprintf("\"%s\" command takes %d argument%s, not %d "
                              "(usage: %s %s)", method, c->min_args,
                              c->min_args == 1 ? "" : "s", argc - 1,
                              method, c->usage);
        } else {
            error = xasprintf("\"%s\" command takes at %s %d arguments, "
                              "not %d (usage: %s %s)", method,
                              argc - 1 < c->min_args ? "least" : "most",
                              argc - 1 < c->min_args ? c->min_args
                                                     : c->max_args,
                              argc - 1, method, c->usage);
        }
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        VLOG_DBG("%s: running \"%s\"", jsonrpc_conn_name(conn->rpc), method);
        c->cb(conn, argc, argv, c->aux);
        if (!conn->replied) {
            sluice_abort("unixctl: command \"%s\" did not reply", method);
        }
    }
    free(argv);
    conn->request_id = NULL;
}

static void
conn_msg_cb(struct jsonrpc_conn *rpc, json_t *msg, void *conn_)
{
    struct unixctl_conn *conn = conn_;
    if (json_is_object(msg)) {
        handle_request(conn, msg);
    }
    json_decref(msg);
}

static void
conn_free(struct unixctl_conn *conn)
{
    struct unixctl_server *server = conn->server;
    if (conn->prev) {
        conn->prev->next = conn->next;
    } else {
        server->conns = conn->next;
    }
    if (conn->next) {
        conn->next->prev = conn->prev;
    }
    jsonrpc_conn_destroy(conn->rpc);
    free(conn);
}

static void
conn_close_cb(struct jsonrpc_conn *rpc, const char *reason, void *conn_)
{
    struct unixctl_conn *conn = conn_;
    VLOG_DBG("%s: connection closed (%s)", jsonrpc_conn_name(rpc), reason);
    conn_free(conn);
}

static void
accept_cb(struct jsonrpc_server *listener, int fd, void *server_)
{
    struct unixctl_server *server = server_;
    struct unixctl_conn *conn = xzalloc(sizeof *conn);
    conn->server = server;
    conn->rpc = jsonrpc_conn_create(server->base, fd, "unixctl",
                                    conn_msg_cb, conn_close_cb, conn);
    conn->next = server->conns;
    if (server->conns) {
        server->conns->prev = conn;
    }
    server->conns = conn;
}

int
unixctl_server_create(struct event_base *base, const char *path,
                      struct unixctl_server **serverp)
{
    register_builtins();

    struct unixctl_server *server = xzalloc(sizeof *server);
    int error;
    server->base = base;
    server->listener = jsonrpc_server_create(base, path, 0600, accept_cb,
                                             server, &error);
    if (!server->listener) {
        free(server);
        *serverp = NULL;
        return error;
    }
    *serverp = server;
    return 0;
}

void
unixctl_server_destroy(struct unixctl_server *server)
{
    if (server) {
        while (server->conns) {
            conn_free(server->conns);
        }
        jsonrpc_server_destroy(server->listener);
        free(server);
    }
}
