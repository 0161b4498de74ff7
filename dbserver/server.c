#include "dbserver/server.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "dbserver/database.h"
#include "dbserver/monitor.h"
#include "dbserver/store.h"
#include "dbserver/transact.h"
#include "lib/jsonrpc.h"
#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(server);

struct client_monitor {
    json_t *id;
    struct monitor *monitor;
};

struct client {
    struct client *prev, *next;     /* In server's 'clients'. */
    struct server *server;
    struct jsonrpc_conn *conn;
    size_t n_monitors;
    struct client_monitor *monitors;
    bool dead;                      /* To be freed by 'reap'. */
};

/* A transact request waiting for a "wait" operation to be satisfied. */
struct pending {
    struct client *client;
    json_t *id;
    json_t *params;
    long long start;                /* time_msec() on arrival. */
    long long deadline;             /* LLONG_MAX if none. */
};

/* An RFC 7047 lock: 'queue[0]' holds it, the others wait in order. */
struct lock {
    char *name;
    size_t n;
    struct client **queue;
};

struct server {
    struct event_base *base;
    struct db *db;
    struct store *store;
    struct jsonrpc_server *listener;
    struct client clients;          /* List head. */
    size_t n_pending;
    struct pending *pending;
    struct event *timer;            /* For the nearest pending deadline. */
    struct event *reap;             /* Frees dead clients. */
    bool running_pending;           /* Inside run_pending(). */
    bool pending_again;             /* A commit happened meanwhile. */
    unsigned long long n_conns;
    size_t n_locks;
    struct lock *locks;
};

static void run_pending(struct server *);
static void locks_release_all(struct client *);

static void
client_free(struct client *c)
{
    for (size_t i = 0; i < c->n_monitors; i++) {
        json_decref(c->monitors[i].id);
        monitor_destroy(c->monitors[i].monitor);
    }
    free(c->monitors);
    jsonrpc_conn_destroy(c->conn);
    free(c);
}

/* Unlinks 'c' and its pending requests, and schedules it to be freed
 * outside any callback of its connection. */
static void
client_kill(struct client *c)
{
    struct server *server = c->server;
    if (c->dead) {
        return;
    }
    c->dead = true;
    for (size_t i = 0; i < server->n_pending; ) {
        struct pending *p = &server->pending[i];
        if (p->client == c) {
            json_decref(p->id);
            json_decref(p->params);
            server->pending[i] = server->pending[--server->n_pending];
        } else {
            i++;
        }
    }
    locks_release_all(c);
    event_active(server->reap, EV_TIMEOUT, 0);
}

static void
reap_cb(evutil_socket_t fd, short events, void *server_)
{
    struct server *server = server_;
    struct client *c = server->clients.next;
    while (c != &server->clients) {
        struct client *next = c->next;
        if (c->dead) {
            c->prev->next = c->next;
            c->next->prev = c->prev;
            client_free(c);
        }
        c = next;
    }
}

static void
client_send(struct client *c, json_t *msg)
{
    if (c->dead) {
        json_decref(msg);
        return;
    }
    jsonrpc_conn_send(c->conn, msg);
    if (jsonrpc_conn_backlog(c->conn) > SERVER_MAX_BACKLOG) {
        VLOG_WARN("%s: disconnecting client that does not read its "
                  "replies (%zu bytes queued)", jsonrpc_conn_name(c->conn),
                  jsonrpc_conn_backlog(c->conn));
        client_kill(c);
    }
}

static void
reply_error(struct client *c, json_t *id, const char *tag,
            const char *details)
{
    client_send(c, jsonrpc_error_reply(
                    json_pack("{s:s, s:s}", "error", tag, "details", details),
                    json_incref(id)));
}

/* Checks that 'params' is an array whose first element names our
 * database; answers the request with an error and returns false if not. */
static bool
check_db(struct client *c, json_t *id, const json_t *params)
{
    const char *name = json_string_value(json_array_get(params, 0));
    if (!name) {
        reply_error(c, id, "syntax error",
                    "params must begin with a database name");
        return false;
    }
    if (strcmp(name, c->server->db->schema->name)) {
        char *details = xasprintf("no database named \"%s\" (known: %s)",
                                  name, c->server->db->schema->name);
        reply_error(c, id, "unknown database", details);
        free(details);
        return false;
    }
    return true;
}

/* Sends each client's monitors the updates of 'txn'. */
static void
notify_monitors(struct server *server, const struct db_txn *txn)
{
    for (struct client *c = server->clients.next; c != &server->clients;
         c = c->next) {
        for (size_t i = 0; !c->dead && i < c->n_monitors; i++) {
            json_t *updates = monitor_updates(c->monitors[i].monitor, txn);
            if (updates) {
                client_send(c, jsonrpc_notify(
                                "update",
                                json_pack("[O, o]", c->monitors[i].id,
                                          updates)));
            }
        }
    }
}

/* Runs the transact request 'params' from 'c' that arrived at 'start'.
 * Returns true if it finished (and was answered), false if it waits. */
static bool
execute_transact(struct client *c, json_t *id, const json_t *params,
                 long long start, long long *deadline)
{
    struct server *server = c->server;
    long long now = time_msec();
    struct db_txn *txn;
    long long retry_ms;
    json_t *results = transact_execute(server->db, params, now - start,
                                       &txn, &retry_ms);
    if (!results) {
        *deadline = retry_ms == LLONG_MAX ? LLONG_MAX : now + retry_ms;
        return false;
    }
    bool committed = false;
    if (txn) {
        char *error;
        if (store_commit(server->store, txn, &error)) {
            VLOG_ERR("%s", error);
            json_array_append_new(results, json_pack("{s:s, s:s}",
                                                     "error", "I/O error",
                                                     "details", error));
            free(error);
            db_txn_abort(txn);
        } else {
            notify_monitors(server, txn);
            db_txn_commit(txn);
            committed = true;
        }
    }
    client_send(c, jsonrpc_reply(results, json_incref(id)));
    if (committed) {
        run_pending(server);
    }
    return true;
}

static void
add_pending(struct server *server, const struct pending *p)
{
    server->pending = xrealloc(server->pending,
                               (server->n_pending + 1)
                               * sizeof *server->pending);
    server->pending[server->n_pending++] = *p;
}

static void
schedule_timer(struct server *server)
{
    long long deadline = LLONG_MAX;
    for (size_t i = 0; i < server->n_pending; i++) {
        if (server->pending[i].deadline < deadline) {
            deadline = server->pending[i].deadline;
        }
    }
    event_del(server->timer);
    if (deadline != LLONG_MAX) {
        long long ms = deadline - time_msec();
        struct timeval tv = {
            .tv_sec = ms > 0 ? ms / 1000 : 0,
            .tv_usec = ms > 0 ? (ms % 1000) * 1000 : 0,
        };
        event_add(server->timer, &tv);
    }
}

/* Runs every waiting transaction again, after a commit or a timeout.  A
 * commit made by one of them runs them all again in turn. */
static void
run_pending(struct server *server)
{
    if (server->running_pending) {
        server->pending_again = true;
        return;
    }
    server->running_pending = true;
    do {
        /* Take the whole list; requests that still wait go back on it. */
        size_t n = server->n_pending;
        struct pending *list = server->pending;
        server->pending_again = false;
        server->pending = NULL;
        server->n_pending = 0;
        for (size_t i = 0; i < n; i++) {
            struct pending *p = &list[i];
            long long deadline;
            if (p->client->dead
                || execute_transact(p->client, p->id, p->params, p->start,
                                    &deadline)) {
                json_decref(p->id);
                json_decref(p->params);
            } else {
                p->deadline = deadline;
                add_pending(server, p);
            }
        }
        free(list);
    } while (server->pending_again);
    server->running_pending = false;
    schedule_timer(server);
}

static void
timer_cb(evutil_socket_t fd, short events, void *server_)
{
    run_pending(server_);
}

static void
handle_transact(struct client *c, json_t *id, json_t *params)
{
    struct server *server = c->server;
    long long start = time_msec();
    long long deadline;
    if (!check_db(c, id, params)) {
        return;
    }
    if (!execute_transact(c, id, params, start, &deadline)) {
        struct pending p = {
            .client = c,
            .id = json_incref(id),
            .params = json_incref(params),
            .start = start,
            .deadline = deadline,
        };
        add_pending(server, &p);
        schedule_timer(server);
    }
}

static struct client_monitor *
find_monitor(struct client *c, const json_t *id)
{
    for (size_t i = 0; i < c->n_monitors; i++) {
        if (json_equal(c->monitors[i].id, (json_t *) id)) {
            return &c->monitors[i];
        }
    }
    return NULL;
}

static void
handle_monitor(struct client *c, json_t *id, json_t *params)
{
    if (!check_db(c, id, params)) {
        return;
    }
    if (json_array_size(params) != 3) {
        reply_error(c, id, "syntax error", "monitor takes [db-name, "
                    "monitor-id, monitor-requests]");
        return;
    }
    json_t *monitor_id = json_array_get(params, 1);
    if (find_monitor(c, monitor_id)) {
        reply_error(c, id, "duplicate monitor ID",
                    "this monitor ID is already in use");
        return;
    }
    struct monitor *m;
    json_t *initial;
    struct ovsdb_error *error = monitor_create(c->server->db,
                                               json_array_get(params, 2),
                                               &m, &initial);
    if (error) {
        client_send(c, jsonrpc_error_reply(ovsdb_error_to_json(error),
                                           json_incref(id)));
        ovsdb_error_destroy(error);
        return;
    }
    c->monitors = xrealloc(c->monitors,
                           (c->n_monitors + 1) * sizeof *c->monitors);
    c->monitors[c->n_monitors++] = (struct client_monitor) {
        .id = json_incref(monitor_id),
        .monitor = m,
    };
    client_send(c, jsonrpc_reply(initial, json_incref(id)));
}

static void
handle_monitor_cancel(struct client *c, json_t *id, json_t *params)
{
    struct client_monitor *cm = (json_array_size(params) == 1
                                 ? find_monitor(c, json_array_get(params, 0))
                                 : NULL);
    if (!cm) {
        reply_error(c, id, "unknown monitor", "no monitor with this ID");
        return;
    }
    json_decref(cm->id);
    monitor_destroy(cm->monitor);
    *cm = c->monitors[--c->n_monitors];
    client_send(c, jsonrpc_reply(json_object(), json_incref(id)));
}

/* Locks. */

static struct lock *
lock_find(struct server *server, const char *name)
{
    for (size_t i = 0; i < server->n_locks; i++) {
        if (!strcmp(server->locks[i].name, name)) {
            return &server->locks[i];
        }
    }
    return NULL;
}

static struct lock *
lock_get(struct server *server, const char *name)
{
    struct lock *lock = lock_find(server, name);
    if (!lock) {
        server->locks = xrealloc(server->locks, (server->n_locks + 1)
                                 * sizeof *server->locks);
        lock = &server->locks[server->n_locks++];
        lock->name = xstrdup(name);
        lock->n = 0;
        lock->queue = NULL;
    }
    return lock;
}

static void
lock_notify(struct client *c, const char *method, const char *name)
{
    client_send(c, jsonrpc_notify(method, json_pack("[s]", name)));
}

/* Removes 'c' from 'lock''s queue, if it is there, and hands the lock on
 * if 'c' held it.  Frees the lock when nobody wants it.  Returns true if
 * 'c' was in the queue. */
static bool
lock_remove(struct server *server, struct lock *lock, struct client *c)
{
    size_t i;
    for (i = 0; i < lock->n && lock->queue[i] != c; i++) {
        continue;
    }
    if (i == lock->n) {
        return false;
    }
    memmove(&lock->queue[i], &lock->queue[i + 1],
            (lock->n - i - 1) * sizeof *lock->queue);
    lock->n--;
    if (!lock->n) {
        free(lock->name);
        free(lock->queue);
        *lock = server->locks[--server->n_locks];
    } else if (!i) {
        lock_notify(lock->queue[0], "locked", lock->name);
    }
    return true;
}

static void
locks_release_all(struct client *c)
{
    struct server *server = c->server;
    for (size_t i = 0; i < server->n_locks; ) {
        struct lock *lock = &server->locks[i];
        size_t n_locks = server->n_locks;
        if (!lock_remove(server, lock, c) || n_locks == server->n_locks) {
            i++;
        }
    }
}

/* Implements "lock", "steal" and "unlock". */
static void
handle_lock(struct client *c, json_t *id, const char *method,
            json_t *params)
{
    struct server *server = c->server;
    const char *name = json_string_value(json_array_get(params, 0));
    if (!name || json_array_size(params) != 1) {
        reply_error(c, id, "syntax error", "params must be [lock-name]");
        return;
    }
    struct lock *lock = lock_find(server, name);
    json_t *result;
    if (!strcmp(method, "unlock")) {
        if (!lock || !lock_remove(server, lock, c)) {
            reply_error(c, id, "not locked", "this session does not hold "
                        "or wait for this lock");
            return;
        }
        result = json_object();
    } else if (lock && lock->n && lock->queue[0] != c
               && !strcmp(method, "steal")) {
        struct client *victim = lock->queue[0];
        lock_remove(server, lock, c);
        lock = lock_get(server, name);
        lock->queue = xrealloc(lock->queue,
                               (lock->n + 1) * sizeof *lock->queue);
        memmove(&lock->queue[1], &lock->queue[0],
                lock->n * sizeof *lock->queue);
        lock->queue[0] = c;
        lock->n++;
        lock_notify(victim, "stolen", name);
        result = json_pack("{s:b}", "locked", true);
    } else {
        if (lock) {
            for (size_t i = 0; i < lock->n; i++) {
                if (lock->queue[i] == c) {
                    reply_error(c, id, "duplicate lock", "this session "
                                "already holds or waits for this lock");
                    return;
                }
            }
        }
        lock = lock_get(server, name);
        lock->queue = xrealloc(lock->queue,
                               (lock->n + 1) * sizeof *lock->queue);
        lock->queue[lock->n++] = c;
        result = json_pack("{s:b}", "locked", lock->n == 1);
    }
    client_send(c, jsonrpc_reply(result, json_incref(id)));
}

static void
handle_request(struct client *c, const char *method, json_t *params,
               json_t *id)
{
    struct server *server = c->server;
    if (!strcmp(method, "echo")) {
        client_send(c, jsonrpc_reply(json_incref(params), json_incref(id)));
    } else if (!strcmp(method, "list_dbs")) {
        client_send(c, jsonrpc_reply(
                        json_pack("[s]", server->db->schema->name),
                        json_incref(id)));
    } else if (!strcmp(method, "get_schema")) {
        if (check_db(c, id, params)) {
            client_send(c, jsonrpc_reply(
                            ovsdb_schema_to_json(server->db->schema),
                            json_incref(id)));
        }
    } else if (!strcmp(method, "transact")) {
        handle_transact(c, id, params);
    } else if (!strcmp(method, "monitor")) {
        handle_monitor(c, id, params);
    } else if (!strcmp(method, "monitor_cancel")) {
        handle_monitor_cancel(c, id, params);
    } else if (!strcmp(method, "lock") || !strcmp(method, "steal")
               || !strcmp(method, "unlock")) {
        handle_lock(c, id, method, params);
    } else if (!strcmp(method, "set_db_change_aware")) {
        client_send(c, jsonrpc_reply(json_object(), json_incref(id)));
    } else {
        char *details = xasprintf("no method named \"%s\"", method);
        reply_error(c, id, "unknown method", details);
        free(details);
    }
}

static void
msg_cb(struct jsonrpc_conn *conn, json_t *msg, void *c_)
{
    struct client *c = c_;
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    json_t *id = json_object_get(msg, "id");

    if (c->dead) {
        /* Dropped; ignore what is still buffered. */
    } else if (!json_is_object(msg)) {
        reply_error(c, NULL, "syntax error", "message is not an object");
    } else if (!method) {
        /* A reply (e.g. to nothing we sent) or junk: ignore replies,
         * complain about anything else if it can be answered. */
        if (!json_object_get(msg, "result") && id && !json_is_null(id)) {
            reply_error(c, id, "syntax error", "request lacks a method");
        }
    } else if (!id || json_is_null(id)) {
        /* Notifications need no reply; we act on none. */
    } else if (!json_is_array(params)) {
        reply_error(c, id, "syntax error", "params must be an array");
    } else {
        handle_request(c, method, params, id);
    }
    json_decref(msg);
}

static void
close_cb(struct jsonrpc_conn *conn, const char *reason, void *c_)
{
    struct client *c = c_;
    VLOG_DBG("%s: %s", jsonrpc_conn_name(conn), reason);
    client_kill(c);
}

static void
accept_cb(struct jsonrpc_server *listener, int fd, void *server_)
{
    struct server *server = server_;
    struct client *c = xzalloc(sizeof *c);
    char *name = xasprintf("db.sock#%llu", ++server->n_conns);
    c->server = server;
    c->conn = jsonrpc_conn_create(server->base, fd, name, msg_cb, close_cb,
                                  c);
    free(name);
    c->next = &server->clients;
    c->prev = server->clients.prev;
    c->prev->next = c;
    server->clients.prev = c;
}

int
server_create(struct event_base *base, struct db *db, struct store *store,
              const char *path, struct server **serverp)
{
    struct server *server = xzalloc(sizeof *server);
    int error;

    server->base = base;
    server->db = db;
    server->store = store;
    server->clients.next = server->clients.prev = &server->clients;
    server->timer = evtimer_new(base, timer_cb, server);
    server->reap = event_new(base, -1, 0, reap_cb, server);
    server->listener = jsonrpc_server_create(base, path, 0660, accept_cb,
                                             server, &error);
    if (!server->listener) {
        *serverp = NULL;
        server_destroy(server);
        return error;
    }
    *serverp = server;
    return 0;
}

void
server_destroy(struct server *server)
{
    if (!server) {
        return;
    }
    jsonrpc_server_destroy(server->listener);
    while (server->clients.next != &server->clients) {
        struct client *c = server->clients.next;
        client_kill(c);
        c->prev->next = c->next;
        c->next->prev = c->prev;
        client_free(c);
    }
    event_free(server->timer);
    event_free(server->reap);
    free(server->locks);
    free(server->pending);
    free(server);
}
