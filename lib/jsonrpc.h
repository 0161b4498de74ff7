/* JSON-RPC 1.0 over stream sockets, as OVSDB (RFC 7047) and unixctl use it:
 * a stream of JSON objects with no other framing.
 *
 * Three layers:
 *   - a framer that finds complete JSON texts in a byte stream, resyncing
 *     after malformed input so one bad request does not kill a session;
 *   - 'struct jsonrpc_conn', a libevent (bufferevent) connection for
 *     daemons, plus 'struct jsonrpc_server', a unix-socket listener;
 *   - 'struct jsonrpc_client', a blocking client with timeouts for the
 *     command-line tools.
 * Connections and servers belong to the thread running their event_base. */
#ifndef SLUICE_JSONRPC_H
#define SLUICE_JSONRPC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <jansson.h>

struct event_base;
struct evbuffer;

/* Message constructors.  Each steals the references it is given ('params',
 * 'result', 'error', 'id') and returns a new object. */
json_t *jsonrpc_request(const char *method, json_t *params, json_t *id);
json_t *jsonrpc_notify(const char *method, json_t *params);
json_t *jsonrpc_reply(json_t *result, json_t *id);
json_t *jsonrpc_error_reply(json_t *error, json_t *id);

/* Framer: scans a byte stream incrementally for complete JSON texts. */
struct jsonrpc_framer {
    size_t scanned;             /* Bytes of the buffer already scanned. */
    size_t start;               /* Offset where the current text began. */
    int depth;                  /* Nesting depth of [ and {. */
    bool in_string;
    bool escape;
};

enum jsonrpc_frame_result {
    JSONRPC_FRAME_NEED_MORE,    /* No complete text yet. */
    JSONRPC_FRAME_OK,           /* '*msg' is a parsed message. */
    JSONRPC_FRAME_ERROR,        /* Bad text consumed; '*error' says why. */
};

/* Looks for one complete JSON text at the start of 'buf'.  On
 * JSONRPC_FRAME_OK stores the parsed value in '*msg' (caller owns it); on
 * JSONRPC_FRAME_ERROR stores a malloc'd message in '*error'.  In both cases
 * the consumed bytes are drained from 'buf'.  'framer' keeps scan state
 * between calls, so a large message arriving in pieces is scanned once. */
enum jsonrpc_frame_result jsonrpc_framer_next(struct jsonrpc_framer *framer,
                                              struct evbuffer *buf,
                                              json_t **msg, char **error);

/* Event-driven connection. */
struct jsonrpc_conn;

/* Called for each received message; the callee takes ownership of 'msg'.
 * A malformed text is answered with a JSON-RPC error reply by the
 * connection itself and is not passed up. */
typedef void jsonrpc_msg_cb(struct jsonrpc_conn *, json_t *msg, void *aux);

/* Called once when the peer closes or an I/O error occurs.  The callee
 * must call jsonrpc_conn_destroy() (possibly later). */
typedef void jsonrpc_close_cb(struct jsonrpc_conn *, const char *reason,
                              void *aux);

/* Takes ownership of connected socket 'fd'. */
struct jsonrpc_conn *jsonrpc_conn_create(struct event_base *, int fd,
                                         const char *name,
                                         jsonrpc_msg_cb *, jsonrpc_close_cb *,
                                         void *aux);
/* Connects to the unix socket at 'path'.  Returns NULL and sets '*errorp'
 * to an errno value on failure. */
struct jsonrpc_conn *jsonrpc_conn_open_unix(struct event_base *,
                                            const char *path,
                                            jsonrpc_msg_cb *,
                                            jsonrpc_close_cb *, void *aux,
                                            int *errorp);
/* Queues 'msg' (reference stolen) for sending. */
void jsonrpc_conn_send(struct jsonrpc_conn *, json_t *msg);
/* Bytes queued but not yet written to the socket. */
size_t jsonrpc_conn_backlog(const struct jsonrpc_conn *);
const char *jsonrpc_conn_name(const struct jsonrpc_conn *);
/* Flushes nothing; closes at once.  Accepts NULL. */
void jsonrpc_conn_destroy(struct jsonrpc_conn *);

/* Unix-socket listener. */
struct jsonrpc_server;
typedef void jsonrpc_accept_cb(struct jsonrpc_server *, int fd, void *aux);

/* Listens on 'path' (an existing stale socket is replaced) with
 * permissions 'mode'.  Calls 'cb' with each accepted socket.  Returns
 * NULL and sets '*errorp' on failure. */
struct jsonrpc_server *jsonrpc_server_create(struct event_base *,
                                             const char *path, mode_t mode,
                                             jsonrpc_accept_cb *cb, void *aux,
                                             int *errorp);
/* Stops listening and unlinks the socket.  Accepts NULL. */
void jsonrpc_server_destroy(struct jsonrpc_server *);

/* Blocking client for command-line tools. */
struct jsonrpc_client;

/* Connects to unix socket 'path'.  Returns 0 or an errno value. */
int jsonrpc_client_open(const char *path, struct jsonrpc_client **clientp);
void jsonrpc_client_close(struct jsonrpc_client *);
/* Sends 'msg' (not stolen).  Returns 0 or an errno value. */
int jsonrpc_client_send(struct jsonrpc_client *, const json_t *msg);
/* Waits up to 'timeout_ms' (negative: forever) for the next message and
 * stores it in '*msgp'.  Returns 0, ETIMEDOUT, EOF (peer closed) or
 * another errno value (EPROTO for unparseable input). */
int jsonrpc_client_recv(struct jsonrpc_client *, int timeout_ms,
                        json_t **msgp);
/* Sends a request for 'method' with 'params' (stolen) and waits for its
 * reply, answering "echo" requests and discarding other messages on the
 * way.  Stores the whole reply object in '*replyp'.  Returns as
 * jsonrpc_client_recv(). */
int jsonrpc_client_transact(struct jsonrpc_client *, const char *method,
                            json_t *params, int timeout_ms, json_t **replyp);

#endif /* lib/jsonrpc.h */
