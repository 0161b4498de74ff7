#include "switchd/db-client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lib/jsonrpc.h"
#include "lib/log.h"
#include "lib/ovsdb-data.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(db_client);

#define DB_NAME "Open_vSwitch"
#define MONITOR_ID "switchd"
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 8000

/* The columns switchd monitors, per table.  Columns the schema lacks are
 * left out of the monitor request. */
static const char *const ovs_columns[] = {
    "bridges", "next_cfg", "cur_cfg", "ssl", NULL
};
static const char *const bridge_columns[] = {
    "name", "ports", "other_config", "datapath_type", "controller",
    "fail_mode", "protocols", "datapath_id", "mirrors", NULL
};
static const char *const mirror_columns[] = {
    "name", "select_all", "select_src_port", "select_dst_port",
    "select_vlan", "output_port", "output_vlan", "statistics", NULL
};
static const char *const controller_columns[] = {
    "target", "max_backoff", "inactivity_probe", "is_connected", "role",
    "status", NULL
};
static const char *const ssl_columns[] = {
    "private_key", "certificate", "ca_cert", NULL
};
static const char *const port_columns[] = {
    "name", "interfaces", "tag", "trunks", "vlan_mode", NULL
};
static const char *const iface_columns[] = {
    "name", "type", "ofport_request", "mtu_request", "ofport", "error",
    "mac_in_use", "link_state", "admin_state", "mtu", NULL
};

static const struct {
    const char *name;
    const char *const *columns;
} monitored[] = {
    { "Open_vSwitch", ovs_columns },
    { "Bridge", bridge_columns },
    { "Port", port_columns },
    { "Interface", iface_columns },
    { "Controller", controller_columns },
    { "SSL", ssl_columns },
    { "Mirror", mirror_columns },
};
#define N_TABLES ARRAY_SIZE(monitored)

struct table_replica {
    struct db_row **rows;
    size_t n, allocated;
};

enum client_state {
    S_BACKOFF,                  /* Not connected; 'timer' reconnects. */
    S_SCHEMA,                   /* Waiting for the get_schema reply. */
    S_MONITOR,                  /* Waiting for the monitor reply. */
    S_ACTIVE,                   /* Replica current; updates flowing. */
};

struct db_client {
    struct event_base *base;
    char *path;
    db_client_change_cb *change_cb;
    void *aux;

    enum client_state state;
    struct jsonrpc_conn *conn;
    struct event *timer;
    int backoff_ms;
    bool logged_failure;        /* Logged the current outage already. */
    unsigned int seqno;

    long long next_id;
    long long schema_id, monitor_id;

    struct ovsdb_schema *schema;          /* Schema of the replica rows. */
    struct ovsdb_schema *new_schema;      /* Fetched, awaiting monitor. */
    struct table_replica tables[N_TABLES];
};

static void client_connect(struct db_client *);

/* Replica. */

static int
table_index(const char *name)
{
    for (size_t i = 0; i < N_TABLES; i++) {
        if (!strcmp(monitored[i].name, name)) {
            return i;
        }
    }
    return -1;
}

static void
row_destroy(struct db_row *row)
{
    if (row) {
        json_decref(row->json);
        free(row);
    }
}

static void
replica_clear(struct db_client *client)
{
    for (size_t i = 0; i < N_TABLES; i++) {
        struct table_replica *t = &client->tables[i];
        for (size_t j = 0; j < t->n; j++) {
            row_destroy(t->rows[j]);
        }
        t->n = 0;
    }
}

static size_t
replica_find_index(const struct table_replica *t, const struct uuid *uuid)
{
    for (size_t i = 0; i < t->n; i++) {
        if (uuid_equals(&t->rows[i]->uuid, uuid)) {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Applies one <table-updates> object to the replica.  Returns false if it
 * is malformed (some of it may have been applied). */
static bool
replica_apply(struct db_client *client, const json_t *updates)
{
    const char *table_name;
    json_t *table_updates;

    if (!json_is_object(updates)) {
        return false;
    }
    json_object_foreach ((json_t *) updates, table_name, table_updates) {
        int idx = table_index(table_name);
        const struct ovsdb_table_schema *ts
            = ovsdb_schema_find_table(client->schema, table_name);
        if (idx < 0 || !ts || !json_is_object(table_updates)) {
            return false;
        }
        struct table_replica *t = &client->tables[idx];

        const char *uuid_s;
        json_t *row_update;
        json_object_foreach (table_updates, uuid_s, row_update) {
            struct uuid uuid;
            if (!uuid_from_string(&uuid, uuid_s)) {
                return false;
            }
            json_t *new = json_object_get(row_update, "new");
            size_t i = replica_find_index(t, &uuid);
            if (!new) {
                if (i != SIZE_MAX) {
                    row_destroy(t->rows[i]);
                    t->rows[i] = t->rows[--t->n];
                }
            } else if (!json_is_object(new)) {
                return false;
            } else if (i != SIZE_MAX) {
                /* "new" holds every monitored column (RFC 7047) or, from
                 * some servers, just the changed ones: merging is right
                 * either way. */
                json_object_update(t->rows[i]->json, new);
            } else {
                struct db_row *row = xzalloc(sizeof *row);
                row->uuid = uuid;
                row->json = json_deep_copy(new);
                row->table = ts;
                if (t->n >= t->allocated) {
                    t->allocated = t->allocated ? 2 * t->allocated : 16;
                    t->rows = xrealloc(t->rows,
                                       t->allocated * sizeof *t->rows);
                }
                t->rows[t->n++] = row;
            }
        }
    }
    return true;
}

/* Connection handling. */

static void
arm_timer(struct db_client *client, int ms)
{
    struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
    event_add(client->timer, &tv);
}

/* Gives up on the current connection (if any) because of 'reason' and
 * schedules a reconnection after the current backoff.  The connection
 * itself is destroyed from the timer, never from inside its own
 * callbacks. */
static void
client_fail(struct db_client *client, const char *reason)
{
    if (!client->logged_failure) {
        VLOG_WARN("%s: %s; keeping the current configuration and "
                  "reconnecting", client->path, reason);
        client->logged_failure = true;
    } else {
        VLOG_DBG("%s: %s; retrying in %d ms", client->path, reason,
                 client->backoff_ms);
    }
    client->state = S_BACKOFF;
    ovsdb_schema_destroy(client->new_schema);
    client->new_schema = NULL;
    arm_timer(client, client->backoff_ms);
    client->backoff_ms = client->backoff_ms * 2 > BACKOFF_MAX_MS
                         ? BACKOFF_MAX_MS : client->backoff_ms * 2;
}

static long long
send_request(struct db_client *client, const char *method, json_t *params)
{
    long long id = ++client->next_id;
    jsonrpc_conn_send(client->conn,
                      jsonrpc_request(method, params, json_integer(id)));
    return id;
}

static void
send_monitor(struct db_client *client)
{
    json_t *requests = json_object();
    for (size_t i = 0; i < N_TABLES; i++) {
        const struct ovsdb_table_schema *ts
            = ovsdb_schema_find_table(client->new_schema, monitored[i].name);
        if (!ts) {
            continue;
        }
        json_t *columns = json_array();
        for (const char *const *c = monitored[i].columns; *c; c++) {
            if (ovsdb_table_schema_find_column(ts, *c)) {
                json_array_append_new(columns, json_string(*c));
            }
        }
        json_object_set_new(requests, monitored[i].name,
                            json_pack("{s:o}", "columns", columns));
    }
    client->monitor_id = send_request(
        client, "monitor",
        json_pack("[s, s, o]", DB_NAME, MONITOR_ID, requests));
    client->state = S_MONITOR;
}

static void
handle_schema_reply(struct db_client *client, const json_t *result)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(result, &schema);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        char *reason = xasprintf("bad schema from server (%s)", s);
        client_fail(client, reason);
        free(reason);
        free(s);
        ovsdb_error_destroy(error);
        return;
    }
    client->new_schema = schema;
    send_monitor(client);
}

static void
handle_monitor_reply(struct db_client *client, const json_t *result)
{
    replica_clear(client);
    ovsdb_schema_destroy(client->schema);
    client->schema = client->new_schema;
    client->new_schema = NULL;
    if (!replica_apply(client, result)) {
        replica_clear(client);
        client_fail(client, "malformed monitor reply");
        return;
    }
    client->state = S_ACTIVE;
    client->backoff_ms = BACKOFF_MIN_MS;
    client->seqno++;
    if (client->logged_failure || client->seqno > 1) {
        VLOG_INFO("%s: connected; configuration resynchronized",
                  client->path);
    } else {
        VLOG_INFO("%s: connected", client->path);
    }
    client->logged_failure = false;
    client->change_cb(client->aux);
}

static void
log_transact_errors(const json_t *result)
{
    size_t i;
    json_t *op;
    json_array_foreach (result, i, op) {
        json_t *error = json_object_get(op, "error");
        if (error) {
            VLOG_WARN("write-back operation %zu failed: %s: %s", i,
                      json_string_value(error) ? json_string_value(error)
                                               : "?",
                      json_string_value(json_object_get(op, "details"))
                      ? json_string_value(json_object_get(op, "details"))
                      : "");
        }
    }
}

static void
handle_reply(struct db_client *client, json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    json_t *error = json_object_get(msg, "error");
    json_t *result = json_object_get(msg, "result");
    long long n = json_is_integer(id) ? json_integer_value(id) : -1;

    if (error && !json_is_null(error)) {
        char *s = json_dumps(error, JSON_COMPACT | JSON_ENCODE_ANY);
        if (n == client->schema_id || n == client->monitor_id) {
            char *reason = xasprintf("%s failed: %s",
                                     n == client->schema_id
                                     ? "get_schema" : "monitor", s);
            client_fail(client, reason);
            free(reason);
        } else {
            VLOG_WARN("%s: request %lld failed: %s", client->path, n, s);
        }
        free(s);
    } else if (n == client->schema_id && client->state == S_SCHEMA) {
        handle_schema_reply(client, result);
    } else if (n == client->monitor_id && client->state == S_MONITOR) {
        handle_monitor_reply(client, result);
    } else if (json_is_array(result)) {
        log_transact_errors(result);
    }
}

static void
conn_msg_cb(struct jsonrpc_conn *conn, json_t *msg, void *client_)
{
    struct db_client *client = client_;
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");

    if (client->state == S_BACKOFF) {
        /* A connection we already gave up on. */
    } else if (!method) {
        handle_reply(client, msg);
    } else if (!strcmp(method, "echo")) {
        jsonrpc_conn_send(conn, jsonrpc_reply(
                              json_incref(params),
                              json_incref(json_object_get(msg, "id"))));
    } else if (!strcmp(method, "update") && client->state == S_ACTIVE) {
        if (json_array_size(params) != 2
            || !replica_apply(client, json_array_get(params, 1))) {
            client_fail(client, "malformed update notification");
        } else {
            client->change_cb(client->aux);
        }
    }
    json_decref(msg);
}

static void
conn_close_cb(struct jsonrpc_conn *conn, const char *reason, void *client_)
{
    struct db_client *client = client_;
    if (client->state != S_BACKOFF) {
        client_fail(client, reason);
    }
}

static void
client_connect(struct db_client *client)
{
    int error;
    client->conn = jsonrpc_conn_open_unix(client->base, client->path,
                                          conn_msg_cb, conn_close_cb, client,
                                          &error);
    if (!client->conn) {
        char *reason = xasprintf("cannot connect (%s)", strerror(error));
        client_fail(client, reason);
        free(reason);
        return;
    }
    client->state = S_SCHEMA;
    client->schema_id = send_request(client, "get_schema",
                                     json_pack("[s]", DB_NAME));
    client->monitor_id = -1;
}

static void
timer_cb(evutil_socket_t fd, short events, void *client_)
{
    struct db_client *client = client_;
    jsonrpc_conn_destroy(client->conn);
    client->conn = NULL;
    client_connect(client);
}

struct db_client *
db_client_create(struct event_base *base, const char *path,
                 db_client_change_cb *change_cb, void *aux)
{
    struct db_client *client = xzalloc(sizeof *client);
    client->base = base;
    client->path = xstrdup(path);
    client->change_cb = change_cb;
    client->aux = aux;
    client->backoff_ms = BACKOFF_MIN_MS;
    client->schema_id = client->monitor_id = -1;
    client->timer = evtimer_new(base, timer_cb, client);
    client->state = S_BACKOFF;
    client_connect(client);
    return client;
}

void
db_client_destroy(struct db_client *client)
{
    if (client) {
        event_free(client->timer);
        jsonrpc_conn_destroy(client->conn);
        replica_clear(client);
        for (size_t i = 0; i < N_TABLES; i++) {
            free(client->tables[i].rows);
        }
        ovsdb_schema_destroy(client->schema);
        ovsdb_schema_destroy(client->new_schema);
        free(client->path);
        free(client);
    }
}

bool
db_client_is_connected(const struct db_client *client)
{
    return client->state == S_ACTIVE;
}

unsigned int
db_client_connection_seqno(const struct db_client *client)
{
    return client->seqno;
}

size_t
db_client_rows(const struct db_client *client, const char *table,
               struct db_row *const **rowsp)
{
    int idx = table_index(table);
    if (idx < 0) {
        *rowsp = NULL;
        return 0;
    }
    *rowsp = client->tables[idx].rows;
    return client->tables[idx].n;
}

const struct db_row *
db_client_find(const struct db_client *client, const char *table,
               const struct uuid *uuid)
{
    int idx = table_index(table);
    if (idx < 0) {
        return NULL;
    }
    const struct table_replica *t = &client->tables[idx];
    size_t i = replica_find_index(t, uuid);
    return i == SIZE_MAX ? NULL : t->rows[i];
}

void
db_client_transact(struct db_client *client, json_t *ops)
{
    if (client->state != S_ACTIVE) {
        json_decref(ops);
        return;
    }
    json_array_insert_new(ops, 0, json_string(DB_NAME));
    send_request(client, "transact", ops);
}

/* Column accessors. */

/* Parses 'row''s 'column' into 'datum'.  Returns its type, or NULL (with
 * 'datum' empty) if the schema lacks the column.  A column the server did
 * not send, or that does not parse, reads as the type's default. */
static const struct ovsdb_type *
get_datum(const struct db_row *row, const char *column,
          struct ovsdb_datum *datum)
{
    const struct ovsdb_column_schema *cs
        = ovsdb_table_schema_find_column(row->table, column);
    if (!cs) {
        ovsdb_datum_init_empty(datum);
        return NULL;
    }
    const json_t *json = json_object_get(row->json, column);
    if (json) {
        struct ovsdb_error *error = ovsdb_datum_from_json(datum, &cs->type,
                                                          json, NULL);
        if (!error) {
            return &cs->type;
        }
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5000);
        char *s = ovsdb_error_to_string(error);
        VLOG_WARN_RL(&rl, "%s column %s: %s", row->table->name, column, s);
        free(s);
        ovsdb_error_destroy(error);
    }
    ovsdb_datum_init_default(datum, &cs->type);
    return &cs->type;
}

char *
db_row_get_string(const struct db_row *row, const char *column)
{
    struct ovsdb_datum d;
    const struct ovsdb_type *type = get_datum(row, column, &d);
    char *s = NULL;
    if (type && type->key.type == OVSDB_TYPE_STRING && d.n > 0) {
        s = xstrdup(d.keys[0].string);
    }
    if (type) {
        ovsdb_datum_destroy(&d, type);
    }
    return s;
}

bool
db_row_get_integer(const struct db_row *row, const char *column,
                   int64_t *value)
{
    struct ovsdb_datum d;
    const struct ovsdb_type *type = get_datum(row, column, &d);
    bool found = false;
    if (type && type->key.type == OVSDB_TYPE_INTEGER && d.n > 0) {
        *value = d.keys[0].integer;
        found = true;
    }
    if (type) {
        ovsdb_datum_destroy(&d, type);
    }
    return found;
}

size_t
db_row_get_integers(const struct db_row *row, const char *column,
                    int64_t **valuesp)
{
    struct ovsdb_datum d;
    const struct ovsdb_type *type = get_datum(row, column, &d);
    size_t n = 0;
    *valuesp = NULL;
    if (type && type->key.type == OVSDB_TYPE_INTEGER && d.n > 0) {
        *valuesp = xcalloc(d.n, sizeof **valuesp);
        for (n = 0; n < d.n; n++) {
            (*valuesp)[n] = d.keys[n].integer;
        }
    }
    if (type) {
        ovsdb_datum_destroy(&d, type);
    }
    return n;
}

size_t
db_row_get_uuids(const struct db_row *row, const char *column,
                 struct uuid **uuidsp)
{
    struct ovsdb_datum d;
    const struct ovsdb_type *type = get_datum(row, column, &d);
    size_t n = 0;
    *uuidsp = NULL;
    if (type && type->key.type == OVSDB_TYPE_UUID && d.n > 0) {
        *uuidsp = xcalloc(d.n, sizeof **uuidsp);
        for (n = 0; n < d.n; n++) {
            (*uuidsp)[n] = d.keys[n].uuid;
        }
    }
    if (type) {
        ovsdb_datum_destroy(&d, type);
    }
    return n;
}

char *
db_row_get_map_value(const struct db_row *row, const char *column,
                     const char *key)
{
    struct ovsdb_datum d;
    const struct ovsdb_type *type = get_datum(row, column, &d);
    char *s = NULL;
    if (type && type->key.type == OVSDB_TYPE_STRING
        && type->value.type == OVSDB_TYPE_STRING) {
        union ovsdb_atom atom = { .string = (char *) key };
        size_t i = ovsdb_datum_find_key(&d, &atom, OVSDB_TYPE_STRING);
        if (i != SIZE_MAX) {
            s = xstrdup(d.values[i].string);
        }
    }
    if (type) {
        ovsdb_datum_destroy(&d, type);
    }
    return s;
}

bool
db_row_column_equals(const struct db_row *row, const char *column,
                     const json_t *value)
{
    struct ovsdb_datum have, want;
    const struct ovsdb_type *type = get_datum(row, column, &have);
    if (!type) {
        return false;
    }
    bool equal = false;
    struct ovsdb_error *error = ovsdb_datum_from_json(&want, type, value,
                                                      NULL);
    if (!error) {
        equal = ovsdb_datum_equals(&have, &want, type);
        ovsdb_datum_destroy(&want, type);
    }
    ovsdb_error_destroy(error);
    ovsdb_datum_destroy(&have, type);
    return equal;
}
