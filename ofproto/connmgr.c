/* The connection manager of one bridge.  See connmgr.h. */
#include "ofproto/connmgr.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/stream.h"
#include "ofproto/stream-ssl.h"

VLOG_DEFINE_THIS_MODULE(connmgr);

/* Limits of the reconnection backoff. */
#define MIN_BACKOFF_MS 1000

enum controller_state {
    CTL_VOID,                   /* Bad target; nothing to do. */
    CTL_LISTENING,              /* Passive target listening. */
    CTL_CONNECTING,             /* Active: connect and HELLO in progress. */
    CTL_ACTIVE,                 /* Active: version negotiated. */
    CTL_BACKOFF,                /* Active: waiting to reconnect. */
};

struct controller {
    struct connmgr *cm;
    char *target;
    bool passive;
    int max_backoff_ms;
    int probe_interval_ms;
    enum controller_state state;
    char *last_error;

    struct pstream *pstream;    /* Passive. */
    struct conn *conn;          /* Active: the connection, if any. */
    int backoff_ms;             /* Active: next backoff. */
    struct event *reconnect_ev;

    /* Status. */
    long long connected_ms;     /* When a connection last became ready,
                                 * or LLONG_MIN. */
    long long disconnected_ms;  /* When the last connection ended or
                                 * attempt failed, or LLONG_MIN. */
    char *peer_subject;         /* TLS peer of the ready connection. */
    time_t peer_not_after;
    uint64_t async_dropped;     /* Asynchronous messages not sent because
                                 * the controller did not keep up. */
};

/* One connection of a manager. */
struct conn {
    struct connmgr *cm;
    struct ofconn *ofconn;
    struct controller *ctl;     /* Active controller's own connection, or
                                 * NULL. */
    struct controller *listener; /* Passive controller it was accepted
                                  * on, or NULL. */
    struct stream *stream;      /* Owned by 'ofconn'; for TLS details. */
    uint64_t id;
    struct conn *next, *prev;   /* In the process-wide list. */
};

struct connmgr {
    struct event_base *base;
    char *name;
    connmgr_msg_cb *cb;
    void *aux;
    uint32_t allowed_versions;

    struct pstream *mgmt;
    struct controller **ctls;
    size_t n_ctls;

    bool generation_defined;
    uint64_t master_generation;

    /* Fail mode (see connmgr_set_fail_mode()). */
    bool standalone;
    bool fail_open;
    long long last_controller_ms;   /* When a controller was last
                                     * connected (or controllers were
                                     * configured). */
    struct event *fail_ev;
    connmgr_fail_open_cb *fail_open_cb;
    void *fail_open_aux;
};

/* Every connection of every manager, for connmgr_find_conn() and
 * connmgr_resume_all(). */
static struct conn all_conns = { .next = &all_conns, .prev = &all_conns };
static uint64_t next_conn_id = 1;

static void controller_connect(struct controller *);
static void update_fail_open(struct connmgr *);

/* The controller whose status connection 'conn' counts for, or NULL for
 * a service connection. */
static struct controller *
conn_controller(const struct conn *conn)
{
    return conn->ctl ? conn->ctl : conn->listener;
}

static bool
conn_msg_cb(struct ofconn *ofconn, const void *msg, size_t len, void *conn_)
{
    struct conn *conn = conn_;
    return conn->cm->cb(conn->cm, ofconn, msg, len, conn->cm->aux);
}

static void
conn_ready_cb(struct ofconn *ofconn, void *conn_)
{
    struct conn *conn = conn_;
    struct connmgr *cm = conn->cm;

    if (ofconn_get_type(ofconn) == OFCONN_SERVICE) {
        VLOG_DBG("%s<->%s: connected (OpenFlow version 0x%02x)", cm->name,
                 ofconn_name(ofconn), ofconn_version(ofconn));
    } else {
        VLOG_INFO("%s<->%s: connected (OpenFlow version 0x%02x)", cm->name,
                  ofconn_name(ofconn), ofconn_version(ofconn));
    }
    if (conn->ctl) {
        conn->ctl->state = CTL_ACTIVE;
        conn->ctl->backoff_ms = MIN_BACKOFF_MS;
    }
    struct controller *ctl = conn_controller(conn);
    if (ctl) {
        free(ctl->last_error);
        ctl->last_error = NULL;
        ctl->connected_ms = time_msec();
        free(ctl->peer_subject);
        ctl->peer_subject = NULL;
        if (stream_ssl_peer_info(conn->stream, &ctl->peer_subject,
                                 &ctl->peer_not_after)) {
            ctl->peer_subject = NULL;
        }
        update_fail_open(cm);
    }
}

static void
conn_destroy(struct conn *conn)
{
    conn->prev->next = conn->next;
    conn->next->prev = conn->prev;
    ofconn_destroy(conn->ofconn);
    free(conn);
}

static void
schedule_reconnect(struct controller *ctl)
{
    struct timeval tv = {
        .tv_sec = ctl->backoff_ms / 1000,
        .tv_usec = ctl->backoff_ms % 1000 * 1000,
    };

    ctl->state = CTL_BACKOFF;
    event_add(ctl->reconnect_ev, &tv);
    ctl->backoff_ms *= 2;
    if (ctl->backoff_ms > ctl->max_backoff_ms) {
        ctl->backoff_ms = ctl->max_backoff_ms;
    }
}

static void
conn_close_cb(struct ofconn *ofconn, const char *reason, void *conn_)
{
    struct conn *conn = conn_;
    struct connmgr *cm = conn->cm;
    struct controller *ctl = conn_controller(conn);
    const char *detail = stream_error_string(conn->stream);

    /* A TLS failure says more than the socket's errno. */
    if (detail) {
        reason = detail;
    }
    if (ofconn_get_type(ofconn) == OFCONN_SERVICE) {
        VLOG_DBG("%s<->%s: %s", cm->name, ofconn_name(ofconn), reason);
    } else {
        VLOG_INFO("%s<->%s: %s", cm->name, ofconn_name(ofconn), reason);
    }
    if (ctl) {
        free(ctl->last_error);
        ctl->last_error = xstrdup(reason);
        ctl->disconnected_ms = time_msec();
        free(ctl->peer_subject);
        ctl->peer_subject = NULL;
    }
    if (conn->ctl) {
        conn->ctl->conn = NULL;
        schedule_reconnect(conn->ctl);
    }
    bool was_ready = ctl && ofconn_is_ready(ofconn);
    if (was_ready) {
        cm->last_controller_ms = time_msec();
    }
    conn_destroy(conn);
    if (was_ready) {
        update_fail_open(cm);
    }
}

static struct conn *
conn_create(struct connmgr *cm, struct stream *stream, enum ofconn_type type,
            struct controller *ctl, struct controller *listener,
            int probe_interval_ms)
{
    static const struct ofconn_cbs cbs = {
        .msg = conn_msg_cb,
        .ready = conn_ready_cb,
        .close = conn_close_cb,
    };
    struct ofconn_config cfg = {
        .allowed_versions = cm->allowed_versions,
        .probe_interval_ms = probe_interval_ms,
    };
    struct conn *conn = xzalloc(sizeof *conn);

    conn->cm = cm;
    conn->ctl = ctl;
    conn->listener = listener;
    conn->stream = stream;
    conn->id = next_conn_id++;
    conn->next = &all_conns;
    conn->prev = all_conns.prev;
    all_conns.prev->next = conn;
    all_conns.prev = conn;
    conn->ofconn = ofconn_create(cm->base, stream, type, &cfg, &cbs, conn);
    ofconn_set_owner_data(conn->ofconn, conn);
    return conn;
}

static void
fail_timer_cb(evutil_socket_t fd, short events, void *cm_)
{
    update_fail_open(cm_);
}

struct connmgr *
connmgr_create(struct event_base *base, const char *name,
               connmgr_msg_cb *cb, void *aux)
{
    struct connmgr *cm = xzalloc(sizeof *cm);

    cm->base = base;
    cm->name = xstrdup(name);
    cm->cb = cb;
    cm->aux = aux;
    cm->allowed_versions = OFCONN_DEFAULT_VERSIONS;
    cm->standalone = true;
    cm->last_controller_ms = time_msec();
    cm->fail_ev = event_new(base, -1, 0, fail_timer_cb, cm);
    return cm;
}

static void close_conns(struct connmgr *, const struct controller *);

static void
controller_destroy(struct controller *ctl)
{
    if (ctl->conn) {
        conn_destroy(ctl->conn);
    }
    close_conns(ctl->cm, ctl);
    pstream_destroy(ctl->pstream);
    event_free(ctl->reconnect_ev);
    free(ctl->target);
    free(ctl->last_error);
    free(ctl->peer_subject);
    free(ctl);
}

/* Closes the connections of 'cm' accepted on passive controller 'ctl',
 * or all of its connections if 'ctl' is NULL. */
static void
close_conns(struct connmgr *cm, const struct controller *ctl)
{
    struct conn *conn, *next;

    for (conn = all_conns.next; conn != &all_conns; conn = next) {
        next = conn->next;
        if (conn->cm == cm && (!ctl || conn->listener == ctl)) {
            conn_destroy(conn);
        }
    }
}

void
connmgr_destroy(struct connmgr *cm)
{
    if (cm) {
        for (size_t i = 0; i < cm->n_ctls; i++) {
            controller_destroy(cm->ctls[i]);
        }
        free(cm->ctls);
        close_conns(cm, NULL);
        pstream_destroy(cm->mgmt);
        event_free(cm->fail_ev);
        free(cm->name);
        free(cm);
    }
}

const char *
connmgr_name(const struct connmgr *cm)
{
    return cm->name;
}

static void
mgmt_accept_cb(struct pstream *p, struct stream *stream, void *cm_)
{
    struct connmgr *cm = cm_;
    conn_create(cm, stream, OFCONN_SERVICE, NULL, NULL,
                OFCONN_DEFAULT_PROBE_MS);
}

int
connmgr_set_mgmt(struct connmgr *cm, const char *path, mode_t mode,
                 char **errorp)
{
    char *target = xasprintf("punix:%s", path);
    struct pstream *p;
    int error = pstream_open(cm->base, target, mode, mgmt_accept_cb, cm, &p,
                             errorp);

    free(target);
    if (!error) {
        pstream_destroy(cm->mgmt);
        cm->mgmt = p;
    }
    return error;
}

void
connmgr_set_versions(struct connmgr *cm, uint32_t allowed)
{
    struct conn *conn, *next;

    if (!allowed) {
        allowed = OFCONN_DEFAULT_VERSIONS;
    }
    if (allowed == cm->allowed_versions) {
        return;
    }
    cm->allowed_versions = allowed;
    for (conn = all_conns.next; conn != &all_conns; conn = next) {
        next = conn->next;
        if (conn->cm != cm) {
            continue;
        }
        uint8_t version = ofconn_version(conn->ofconn);
        if (version && !(allowed & OFCONN_VERSION_BIT(version))) {
            VLOG_INFO("%s<->%s: OpenFlow version 0x%02x no longer "
                      "allowed, disconnecting", cm->name,
                      ofconn_name(conn->ofconn), version);
            if (conn->ctl) {
                conn->ctl->conn = NULL;
                controller_connect(conn->ctl);
            }
            conn_destroy(conn);
        } else {
            struct ofconn_config cfg = {
                .allowed_versions = allowed,
                .probe_interval_ms = conn->ctl
                                     ? conn->ctl->probe_interval_ms
                                     : OFCONN_DEFAULT_PROBE_MS,
            };
            ofconn_set_config(conn->ofconn, &cfg);
        }
    }
}

static void
set_last_error(struct controller *ctl, char *error)
{
    free(ctl->last_error);
    ctl->last_error = error;
}

static void
controller_connect(struct controller *ctl)
{
    struct stream *stream;
    char *error_s;
    int error = stream_open(ctl->cm->base, ctl->target, NULL, NULL,
                            &stream, &error_s);
    if (error) {
        VLOG_WARN("%s: %s", ctl->cm->name, error_s);
        set_last_error(ctl, error_s);
        ctl->disconnected_ms = time_msec();
        schedule_reconnect(ctl);
        return;
    }
    ctl->state = CTL_CONNECTING;
    ctl->conn = conn_create(ctl->cm, stream, OFCONN_PRIMARY, ctl, NULL,
                            ctl->probe_interval_ms);
}

static void
reconnect_cb(evutil_socket_t fd, short events, void *ctl_)
{
    controller_connect(ctl_);
}

static void
controller_accept_cb(struct pstream *p, struct stream *stream, void *ctl_)
{
    struct controller *ctl = ctl_;
    conn_create(ctl->cm, stream, OFCONN_PRIMARY, NULL, ctl,
                ctl->probe_interval_ms);
}

/* Sets the backoff limit and probe interval of 'ctl' from 'c'. */
static void
controller_set_timing(struct controller *ctl,
                      const struct connmgr_controller *c)
{
    ctl->max_backoff_ms = c->max_backoff_ms > 0
                          ? c->max_backoff_ms
                          : CONNMGR_DEFAULT_MAX_BACKOFF_MS;
    if (ctl->max_backoff_ms < MIN_BACKOFF_MS) {
        ctl->max_backoff_ms = MIN_BACKOFF_MS;
    }
    ctl->probe_interval_ms = (c->probe_interval_ms == 0
                              ? OFCONN_DEFAULT_PROBE_MS
                              : c->probe_interval_ms < 0
                              ? 0 : c->probe_interval_ms);
}

static struct controller *
controller_create(struct connmgr *cm, const struct connmgr_controller *c)
{
    struct controller *ctl = xzalloc(sizeof *ctl);
    char *error_s;

    ctl->cm = cm;
    ctl->target = xstrdup(c->target);
    controller_set_timing(ctl, c);
    ctl->backoff_ms = MIN_BACKOFF_MS;
    ctl->reconnect_ev = event_new(cm->base, -1, 0, reconnect_cb, ctl);
    ctl->connected_ms = ctl->disconnected_ms = LLONG_MIN;

    if (!stream_target_is_valid(c->target, &ctl->passive, &error_s)) {
        VLOG_WARN("%s: controller %s", cm->name, error_s);
        ctl->state = CTL_VOID;
        ctl->last_error = error_s;
    } else if (ctl->passive) {
        if (pstream_open(cm->base, c->target, 0600, controller_accept_cb,
                         ctl, &ctl->pstream, &error_s)) {
            VLOG_WARN("%s: %s", cm->name, error_s);
            ctl->state = CTL_VOID;
            ctl->last_error = error_s;
        } else {
            ctl->state = CTL_LISTENING;
        }
    } else {
        controller_connect(ctl);
    }
    return ctl;
}

/* Applies the backoff and probe settings of 'c' to the kept controller
 * 'ctl' and its connections. */
static void
controller_reconfigure(struct controller *ctl,
                       const struct connmgr_controller *c)
{
    controller_set_timing(ctl, c);
    for (struct conn *conn = all_conns.next; conn != &all_conns;
         conn = conn->next) {
        if (conn_controller(conn) == ctl) {
            struct ofconn_config cfg = {
                .allowed_versions = ctl->cm->allowed_versions,
                .probe_interval_ms = ctl->probe_interval_ms,
            };
            ofconn_set_config(conn->ofconn, &cfg);
        }
    }
    if (ctl->backoff_ms > ctl->max_backoff_ms) {
        ctl->backoff_ms = ctl->max_backoff_ms;
    }
}

void
connmgr_set_controllers(struct connmgr *cm,
                        const struct connmgr_controller *ctls, size_t n)
{
    struct controller **new = xcalloc(n ? n : 1, sizeof *new);
    size_t n_new = 0;

    if (n && !cm->n_ctls) {
        /* The fail-open clock starts when there are controllers. */
        cm->last_controller_ms = time_msec();
    }

    for (size_t i = 0; i < n; i++) {
        struct controller *found = NULL;
        for (size_t j = 0; j < cm->n_ctls; j++) {
            struct controller *c = cm->ctls[j];
            if (c && !strcmp(c->target, ctls[i].target)) {
                found = c;
                cm->ctls[j] = NULL;
                break;
            }
        }
        if (found) {
            controller_reconfigure(found, &ctls[i]);
        }
        new[n_new++] = found ? found : controller_create(cm, &ctls[i]);
    }
    for (size_t j = 0; j < cm->n_ctls; j++) {
        if (cm->ctls[j]) {
            controller_destroy(cm->ctls[j]);
        }
    }
    free(cm->ctls);
    cm->ctls = new;
    cm->n_ctls = n_new;
    update_fail_open(cm);
}

static const char *
state_name(enum controller_state state)
{
    switch (state) {
    case CTL_VOID: return "VOID";
    case CTL_LISTENING: return "LISTENING";
    case CTL_CONNECTING: return "CONNECTING";
    case CTL_ACTIVE: return "ACTIVE";
    case CTL_BACKOFF: return "BACKOFF";
    }
    return "VOID";
}

bool
connmgr_get_status(const struct connmgr *cm, const char *target,
                   struct connmgr_status *status)
{
    for (size_t i = 0; i < cm->n_ctls; i++) {
        const struct controller *ctl = cm->ctls[i];
        if (strcmp(ctl->target, target)) {
            continue;
        }
        long long now = time_msec();
        status->state = state_name(ctl->state);
        status->last_error = ctl->last_error;
        status->is_connected = false;
        status->role = OFPCR_ROLE_EQUAL;
        status->peer_subject = ctl->peer_subject;
        status->peer_not_after = ctl->peer_not_after;
        status->async_dropped = ctl->async_dropped;
        status->fail_open = cm->fail_open;
        if (ctl->conn && ofconn_is_ready(ctl->conn->ofconn)) {
            status->is_connected = true;
            status->role = ofconn_get_role(ctl->conn->ofconn);
        } else if (ctl->passive) {
            for (const struct conn *c = all_conns.next; c != &all_conns;
                 c = c->next) {
                if (c->listener == ctl && ofconn_is_ready(c->ofconn)) {
                    status->is_connected = true;
                    status->role = ofconn_get_role(c->ofconn);
                    break;
                }
            }
        }
        status->sec_since_connect = (status->is_connected
                                     && ctl->connected_ms != LLONG_MIN
                                     ? (now - ctl->connected_ms) / 1000
                                     : -1);
        status->sec_since_disconnect = (!status->is_connected
                                        && ctl->disconnected_ms != LLONG_MIN
                                        ? (now - ctl->disconnected_ms) / 1000
                                        : -1);
        return true;
    }
    return false;
}

uint64_t
connmgr_conn_id(const struct ofconn *ofconn)
{
    const struct conn *conn = ofconn_get_owner_data(ofconn);
    return conn->id;
}

struct ofconn *
connmgr_find_conn(uint64_t id)
{
    /* Recent connections are at the tail, and busy ones tend to be. */
    for (struct conn *c = all_conns.prev; c != &all_conns; c = c->prev) {
        if (c->id == id) {
            return c->ofconn;
        }
    }
    return NULL;
}

void
connmgr_resume_all(void)
{
    for (struct conn *c = all_conns.next; c != &all_conns; c = c->next) {
        ofconn_resume(c->ofconn);
    }
}

ofperr
connmgr_handle_role(struct connmgr *cm, struct ofconn *ofconn,
                    enum ofp_controller_role role, uint64_t generation_id,
                    struct ofp_role *reply)
{
    switch (role) {
    case OFPCR_ROLE_NOCHANGE:
        break;
    case OFPCR_ROLE_MASTER:
    case OFPCR_ROLE_SLAVE:
        if (cm->generation_defined
            && (int64_t) (generation_id - cm->master_generation) < 0) {
            return OFPERR_OFPRRFC_STALE;
        }
        cm->generation_defined = true;
        cm->master_generation = generation_id;
        /* Fall through. */
    case OFPCR_ROLE_EQUAL:
        if (role == OFPCR_ROLE_MASTER) {
            for (struct conn *c = all_conns.next; c != &all_conns;
                 c = c->next) {
                if (c->cm == cm && c->ofconn != ofconn
                    && ofconn_get_role(c->ofconn) == OFPCR_ROLE_MASTER) {
                    ofconn_set_role(c->ofconn, OFPCR_ROLE_SLAVE);
                }
            }
        }
        ofconn_set_role(ofconn, role);
        break;
    default:
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    reply->role = ofconn_get_role(ofconn);
    reply->generation_id = cm->generation_defined ? cm->master_generation
                                                  : 0;
    return 0;
}

ofperr
connmgr_may_modify(const struct ofconn *ofconn)
{
    return ofconn_get_role(ofconn) == OFPCR_ROLE_SLAVE
           ? OFPERR_OFPBRC_IS_SLAVE : 0;
}

bool
connmgr_wants(const struct ofconn *ofconn, enum connmgr_async kind,
              uint32_t reason)
{
    if (!ofconn_is_ready(ofconn) || !ofconn_wants_async(ofconn)
        || reason >= 32) {
        return false;
    }
    const struct ofp_async_config *ac = ofconn_get_async(ofconn);
    int i = ofconn_get_role(ofconn) == OFPCR_ROLE_SLAVE;
    uint32_t mask = (kind == CONNMGR_PACKET_IN ? ac->packet_in_mask[i]
                     : kind == CONNMGR_PORT_STATUS ? ac->port_status_mask[i]
                     : ac->flow_removed_mask[i]);
    return (mask & (1u << reason)) != 0;
}

void
connmgr_for_each_conn(struct connmgr *cm,
                      void (*cb)(struct ofconn *, void *aux), void *aux)
{
    struct conn *c, *next;

    for (c = all_conns.next; c != &all_conns; c = next) {
        next = c->next;
        if (c->cm == cm && ofconn_is_ready(c->ofconn)) {
            cb(c->ofconn, aux);
        }
    }
}

bool
connmgr_async_admit(struct ofconn *ofconn)
{
    const struct conn *conn = ofconn_get_owner_data(ofconn);

    if (ofconn_backlog(ofconn) <= CONNMGR_ASYNC_BACKLOG_LIMIT) {
        return true;
    }
    struct controller *ctl = conn_controller(conn);
    if (ctl) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5000);
        if (!ctl->async_dropped) {
            VLOG_WARN("%s<->%s: controller does not keep up, dropping "
                      "asynchronous messages (counted in "
                      "Controller.status:async_dropped)", conn->cm->name,
                      ofconn_name(ofconn));
        } else {
            VLOG_INFO_RL(&rl, "%s<->%s: %"PRIu64" asynchronous messages "
                         "dropped so far", conn->cm->name,
                         ofconn_name(ofconn), ctl->async_dropped);
        }
        ctl->async_dropped++;
    }
    return false;
}

/* Fail mode. */

/* Whether any controller connection of 'cm' has negotiated a version. */
static bool
any_controller_connected(const struct connmgr *cm)
{
    for (const struct conn *c = all_conns.next; c != &all_conns;
         c = c->next) {
        if (c->cm == cm && conn_controller(c) && ofconn_is_ready(c->ofconn)) {
            return true;
        }
    }
    return false;
}

/* How long a standalone bridge waits without controllers before failing
 * open: three times the longest inactivity probe interval. */
static long long
fail_open_delay_ms(const struct connmgr *cm)
{
    int probe = 0;

    for (size_t i = 0; i < cm->n_ctls; i++) {
        int p = cm->ctls[i]->probe_interval_ms;
        if (p > probe) {
            probe = p;
        }
    }
    return 3LL * (probe ? probe : OFCONN_DEFAULT_PROBE_MS);
}

static void
set_fail_open(struct connmgr *cm, bool fail_open, const char *why)
{
    if (cm->fail_open == fail_open) {
        return;
    }
    cm->fail_open = fail_open;
    VLOG_WARN("%s: %s fail-open (%s); flow tables unchanged", cm->name,
              fail_open ? "entering" : "leaving", why);
    if (cm->fail_open_cb) {
        cm->fail_open_cb(cm, fail_open, cm->fail_open_aux);
    }
}

/* Enters or leaves fail-open as the rules in connmgr.h say, and arms the
 * timer for the next time the answer may change. */
static void
update_fail_open(struct connmgr *cm)
{
    event_del(cm->fail_ev);
    if (!cm->standalone || !cm->n_ctls) {
        set_fail_open(cm, false, !cm->standalone ? "fail mode is secure"
                                 : "no controller configured");
        return;
    }
    if (any_controller_connected(cm)) {
        set_fail_open(cm, false, "a controller connected");
        return;
    }
    long long left = cm->last_controller_ms + fail_open_delay_ms(cm)
                     - time_msec();
    if (left <= 0) {
        char *why = xasprintf("no controller for %lld ms",
                              fail_open_delay_ms(cm));
        set_fail_open(cm, true, why);
        free(why);
    } else {
        struct timeval tv = { left / 1000, left % 1000 * 1000 };
        event_add(cm->fail_ev, &tv);
    }
}

void
connmgr_set_fail_mode(struct connmgr *cm, bool standalone)
{
    if (cm->standalone != standalone) {
        cm->standalone = standalone;
        cm->last_controller_ms = time_msec();
    }
    update_fail_open(cm);
}

void
connmgr_set_fail_open_cb(struct connmgr *cm, connmgr_fail_open_cb *cb,
                         void *aux)
{
    cm->fail_open_cb = cb;
    cm->fail_open_aux = aux;
}

bool
connmgr_is_fail_open(const struct connmgr *cm)
{
    return cm->fail_open;
}
