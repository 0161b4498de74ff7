/* unixctl: run-time control of a daemon over a unix socket, with the
 * JSON-RPC protocol that ovs-appctl speaks.
 *
 * A client sends one request per command:
 *   {"method": "fdb/show", "params": ["br0"], "id": 1}
 * and receives
 *   {"result": "<text>", "error": null, "id": 1}
 * on success or
 *   {"result": null, "error": "<message>", "id": 1}
 * on failure.  Every param is a string.
 *
 * Output format: if the first param is exactly "--format=json", the server
 * strips it before counting and passing the arguments, and the command's
 * handler sees unixctl_conn_wants_json() return true; it then replies
 * with JSON text (still carried as the "result" string).  A handler that
 * has no JSON form replies with its text form.  Without the option, or
 * with "--format=text", the reply is human-readable text.
 *
 * The registry of commands is process-wide.  Registration, the server and
 * the reply functions belong to the control thread (the thread that runs
 * the server's event_base). */
#ifndef SLUICE_UNIXCTL_H
#define SLUICE_UNIXCTL_H 1

#include <stdbool.h>

struct event_base;
struct unixctl_conn;
struct unixctl_server;

/* The option that requests JSON output, passed as the first param. */
#define UNIXCTL_FORMAT_JSON_OPTION "--format=json"
#define UNIXCTL_FORMAT_TEXT_OPTION "--format=text"

/* Handles one command.  'argv[0]' is the command name and 'argv[1]'
 * through 'argv[argc - 1]' its arguments (the format option already
 * removed).  The handler must call exactly one of unixctl_command_reply()
 * or unixctl_command_reply_error() on 'conn' before it returns. */
typedef void unixctl_cb_func(struct unixctl_conn *conn, int argc,
                             const char *argv[], void *aux);

/* Registers command 'name' taking between 'min_args' and 'max_args'
 * arguments (max_args may be INT_MAX).  'usage' describes the arguments
 * for list-commands, e.g. "[BRIDGE]"; it may be "".  Registering a name
 * twice replaces the earlier handler.  The strings are copied. */
void unixctl_command_register(const char *name, const char *usage,
                              int min_args, int max_args,
                              unixctl_cb_func *cb, void *aux);

/* Replies to the pending command on 'conn' with 'body' (may be NULL,
 * meaning the empty string). */
void unixctl_command_reply(struct unixctl_conn *conn, const char *body);

/* Replies to the pending command on 'conn' with the error 'error'. */
void unixctl_command_reply_error(struct unixctl_conn *conn,
                                 const char *error);

/* True if the client asked for JSON output for the pending command. */
bool unixctl_conn_wants_json(const struct unixctl_conn *conn);

/* Creates a server listening on 'path' (mode 0600; a stale socket is
 * replaced) in 'base'.  Returns 0 and stores the server in '*serverp', or
 * a positive errno value. */
int unixctl_server_create(struct event_base *base, const char *path,
                          struct unixctl_server **serverp);

/* Closes every client connection, stops listening and removes the
 * socket.  Accepts NULL. */
void unixctl_server_destroy(struct unixctl_server *server);

#endif /* lib/unixctl.h */
