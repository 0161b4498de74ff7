#include "lib/jsonrpc.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(jsonrpc);

/* Upper bound on one JSON text, to bound memory used by a bad peer. */
#define JSONRPC_MAX_MSG (64u * 1024 * 1024)

json_t *
jsonrpc_request(const char *method, json_t *params, json_t *id)
{
    return json_pack("{s:s, s:o, s:o}", "method", method,
                     "params", params ? params : json_array(),
                     "id", id ? id : json_null());
}

json_t *
jsonrpc_notify(const char *method, json_t *params)
{
    return jsonrpc_request(method, params, json_null());
}

json_t *
jsonrpc_reply(json_t *result, json_t *id)
{
    return json_pack("{s:o, s:n, s:o}", "result", result ? result : json_null(),
                     "error", "id", id ? id : json_null());
}

json_t *
jsonrpc_error_reply(json_t *error, json_t *id)
{
    return json_pack("{s:n, s:o, s:o}", "result", "error", error,
                     "id", id ? id : json_null());
}

/* Framer. */

static void
framer_reset(struct jsonrpc_framer *f)
{
    memset(f, 0, sizeof *f);
}

enum jsonrpc_frame_result
jsonrpc_framer_next(struct jsonrpc_framer *f, struct evbuffer *buf,
                    json_t **msg, char **error)
{
    size_t len = evbuffer_get_length(buf);
    if (f->scanned >= len) {
        return JSONRPC_FRAME_NEED_MORE;
    }
    const char *p = (const char *) evbuffer_pullup(buf, -1);

    for (size_t i = f->scanned; i < len; i++) {
        unsigned char c = p[i];
        if (f->depth == 0) {
            /* Between texts: skip white space; anything that cannot
             * start an object or array is garbage, reported once per run
             * of garbage. */
            if (c == '{' || c == '[') {
                if (i > f->start) {
                    evbuffer_drain(buf, i);
                    framer_reset(f);
                    *error = xstrdup("syntax error: text outside any "
                                     "JSON object");
                    return JSONRPC_FRAME_ERROR;
                }
                f->start = i;
                f->depth = 1;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (i == f->start) {
                    f->start = i + 1;
                }
            }
            continue;
        }
        if (f->in_string) {
            if (f->escape) {
                f->escape = false;
            } else if (c == '\\') {
                f->escape = true;
            } else if (c == '"') {
                f->in_string = false;
            }
            continue;
        }
        if (c == '"') {
            f->in_string = true;
        } else if (c == '{' || c == '[') {
            f->depth++;
        } else if (c == '}' || c == ']') {
            if (--f->depth == 0) {
                json_error_t jerr;
                size_t start = f->start;
                *msg = json_loadb(p + start, i + 1 - start,
                                  JSON_DECODE_ANY, &jerr);
                evbuffer_drain(buf, i + 1);
                framer_reset(f);
                if (!*msg) {
                    *error = xasprintf("syntax error: %s", jerr.text);
                    return JSONRPC_FRAME_ERROR;
                }
                return JSONRPC_FRAME_OK;
            }
        }
    }
    f->scanned = len;
    if (f->depth == 0 && f->start == len) {
        /* Only white space so far: drop it. */
        evbuffer_drain(buf, len);
        framer_reset(f);
    } else if (len - f->start > JSONRPC_MAX_MSG) {
        evbuffer_drain(buf, len);
        framer_reset(f);
        *error = xasprintf("message longer than %u bytes", JSONRPC_MAX_MSG);
        return JSONRPC_FRAME_ERROR;
    }
    return JSONRPC_FRAME_NEED_MORE;
}

/* Event-driven connection. */

struct jsonrpc_conn {
    struct bufferevent *bev;
    struct jsonrpc_framer framer;
    char *name;
    jsonrpc_msg_cb *msg_cb;
    jsonrpc_close_cb *close_cb;
    void *aux;
    bool closed;
};

static void
conn_closed(struct jsonrpc_conn *conn, const char *reason)
{
    if (!conn->closed) {
        conn->closed = true;
        bufferevent_disable(conn->bev, EV_READ | EV_WRITE);
        conn->close_cb(conn, reason, conn->aux);
    }
}

static void
conn_read_cb(struct bufferevent *bev, void *conn_)
{
    struct jsonrpc_conn *conn = conn_;
    struct evbuffer *in = bufferevent_get_input(bev);

    while (!conn->closed) {
        json_t *msg = NULL;
        char *error = NULL;
        enum jsonrpc_frame_result r = jsonrpc_framer_next(&conn->framer, in,
                                                          &msg, &error);
        if (r == JSONRPC_FRAME_NEED_MORE) {
            break;
        } else if (r == JSONRPC_FRAME_ERROR) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1000);
            VLOG_WARN_RL(&rl, "%s: %s", conn->name, error);
            json_t *err = json_pack("{s:s, s:s}", "error", "syntax error",
                                    "details", error);
            jsonrpc_conn_send(conn, jsonrpc_error_reply(err, NULL));
            free(error);
        } else {
            conn->msg_cb(conn, msg, conn->aux);
        }
    }
}

static void
conn_event_cb(struct bufferevent *bev, short events, void *conn_)
{
    struct jsonrpc_conn *conn = conn_;
    if (events & BEV_EVENT_EOF) {
        conn_closed(conn, "connection closed by peer");
    } else if (events & BEV_EVENT_ERROR) {
        conn_closed(conn, strerror(EVUTIL_SOCKET_ERROR()));
    }
}

struct jsonrpc_conn *
jsonrpc_conn_create(struct event_base *base, int fd, const char *name,
                    jsonrpc_msg_cb *msg_cb, jsonrpc_close_cb *close_cb,
                    void *aux)
{
    struct jsonrpc_conn *conn = xzalloc(sizeof *conn);
    evutil_make_socket_nonblocking(fd);
    evutil_make_socket_closeonexec(fd);
    conn->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
    conn->name = xstrdup(name);
    conn->msg_cb = msg_cb;
    conn->close_cb = close_cb;
    conn->aux = aux;
    bufferevent_setcb(conn->bev, conn_read_cb, NULL, conn_event_cb, conn);
    bufferevent_enable(conn->bev, EV_READ | EV_WRITE);
    return conn;
}

struct jsonrpc_conn *
jsonrpc_conn_open_unix(struct event_base *base, const char *path,
                       jsonrpc_msg_cb *msg_cb, jsonrpc_close_cb *close_cb,
                       void *aux, int *errorp)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sun.sun_path) {
        *errorp = ENAMETOOLONG;
        return NULL;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *errorp = errno;
        return NULL;
    }
    if (connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        *errorp = errno;
        close(fd);
        return NULL;
    }
    *errorp = 0;
    return jsonrpc_conn_create(base, fd, path, msg_cb, close_cb, aux);
}

void
jsonrpc_conn_send(struct jsonrpc_conn *conn, json_t *msg)
{
    if (!conn->closed) {
        char *s = json_dumps(msg, JSON_COMPACT);
        if (s) {
            bufferevent_write(conn->bev, s, strlen(s));
            free(s);
        }
    }
    json_decref(msg);
}

size_t
jsonrpc_conn_backlog(const struct jsonrpc_conn *conn)
{
    return evbuffer_get_length(bufferevent_get_output(conn->bev));
}

const char *
jsonrpc_conn_name(const struct jsonrpc_conn *conn)
{
    return conn->name;
}

void
jsonrpc_conn_destroy(struct jsonrpc_conn *conn)
{
    if (conn) {
        bufferevent_free(conn->bev);
        free(conn->name);
        free(conn);
    }
}

/* Listener. */

struct jsonrpc_server {
    struct evconnlistener *listener;
    char *path;
    jsonrpc_accept_cb *cb;
    void *aux;
};

static void
server_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
                 struct sockaddr *sa, int socklen, void *server_)
{
    struct jsonrpc_server *server = server_;
    server->cb(server, fd, server->aux);
}

struct jsonrpc_server *
jsonrpc_server_create(struct event_base *base, const char *path, mode_t mode,
                      jsonrpc_accept_cb *cb, void *aux, int *errorp)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sun.sun_path) {
        *errorp = ENAMETOOLONG;
        return NULL;
    }
    strcpy(sun.sun_path, path);
    unlink(path);

    /* Create the socket with restrictive permissions from the start, so
     * it is never world-writable, not even briefly. */
    mode_t old_umask = umask(~mode & 0777);
    struct jsonrpc_server *server = xzalloc(sizeof *server);
    server->listener = evconnlistener_new_bind(
        base, server_accept_cb, server,
        LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 64,
        (struct sockaddr *) &sun, sizeof sun);
    int error = errno;
    umask(old_umask);
    if (!server->listener) {
        free(server);
        *errorp = error ? error : EINVAL;
        return NULL;
    }
    chmod(path, mode);
    server->path = xstrdup(path);
    server->cb = cb;
    server->aux = aux;
    *errorp = 0;
    return server;
}

void
jsonrpc_server_destroy(struct jsonrpc_server *server)
{
    if (server) {
        evconnlistener_free(server->listener);
        unlink(server->path);
        free(server->path);
        free(server);
    }
}

/* Blocking client. */

struct jsonrpc_client {
    int fd;
    struct evbuffer *in;
    struct jsonrpc_framer framer;
    long long next_id;
};

int
jsonrpc_client_open(const char *path, struct jsonrpc_client **clientp)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    *clientp = NULL;
    if (strlen(path) >= sizeof sun.sun_path) {
        return ENAMETOOLONG;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    if (connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        int error = errno;
        close(fd);
        return error;
    }
    struct jsonrpc_client *client = xzalloc(sizeof *client);
    client->fd = fd;
    client->in = evbuffer_new();
    *clientp = client;
    return 0;
}

void
jsonrpc_client_close(struct jsonrpc_client *client)
{
    if (client) {
        close(client->fd);
        evbuffer_free(client->in);
        free(client);
    }
}

int
jsonrpc_client_send(struct jsonrpc_client *client, const json_t *msg)
{
    char *s = json_dumps(msg, JSON_COMPACT);
    if (!s) {
        return EINVAL;
    }
    size_t len = strlen(s), done = 0;
    int error = 0;
    while (done < len) {
        ssize_t n = send(client->fd, s + done, len - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = errno;
            break;
        }
        done += n;
    }
    free(s);
    return error;
}

int
jsonrpc_client_recv(struct jsonrpc_client *client, int timeout_ms,
                    json_t **msgp)
{
    long long deadline = timeout_ms < 0 ? -1 : time_msec() + timeout_ms;
    *msgp = NULL;
    for (;;) {
        char *error = NULL;
        switch (jsonrpc_framer_next(&client->framer, client->in, msgp,
                                    &error)) {
        case JSONRPC_FRAME_OK:
            return 0;
        case JSONRPC_FRAME_ERROR:
            free(error);
            return EPROTO;
        case JSONRPC_FRAME_NEED_MORE:
            break;
        }

        int wait = -1;
        if (deadline >= 0) {
            long long left = deadline - time_msec();
            if (left <= 0) {
                return ETIMEDOUT;
            }
            wait = (int) left;
        }
        struct pollfd pfd = { .fd = client->fd, .events = POLLIN };
        int n = poll(&pfd, 1, wait);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        } else if (n == 0) {
            return ETIMEDOUT;
        }
        char buf[65536];
        ssize_t got = recv(client->fd, buf, sizeof buf, 0);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            return errno;
        } else if (got == 0) {
            return EOF;
        }
        evbuffer_add(client->in, buf, got);
    }
}

int
jsonrpc_client_transact(struct jsonrpc_client *client, const char *method,
                        json_t *params, int timeout_ms, json_t **replyp)
{
    long long id = ++client->next_id;
    json_t *request = jsonrpc_request(method, params, json_integer(id));
    int error = jsonrpc_client_send(client, request);
    json_decref(request);
    *replyp = NULL;
    if (error) {
        return error;
    }

    long long deadline = timeout_ms < 0 ? -1 : time_msec() + timeout_ms;
    for (;;) {
        int wait = -1;
        if (deadline >= 0) {
            long long left = deadline - time_msec();
            wait = left > 0 ? (int) left : 0;
        }
        json_t *msg;
        error = jsonrpc_client_recv(client, wait, &msg);
        if (error) {
            return error;
        }
        json_t *msg_id = json_object_get(msg, "id");
        const char *msg_method = json_string_value(
            json_object_get(msg, "method"));
        if (msg_method && !strcmp(msg_method, "echo") && msg_id
            && !json_is_null(msg_id)) {
            json_t *echo = jsonrpc_reply(
                json_incref(json_object_get(msg, "params")),
                json_incref(msg_id));
            jsonrpc_client_send(client, echo);
            json_decref(echo);
        } else if (!msg_method && json_is_integer(msg_id)
                   && json_integer_value(msg_id) == id) {
            *replyp = msg;
            return 0;
        }
        json_decref(msg);
    }
}
