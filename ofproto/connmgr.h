/* The connection manager of one bridge: every OpenFlow connection to it.
 *
 * It listens on the bridge's management socket (punix:$RUNDIR/BR.mgmt,
 * whose connections are "service" connections, as for OVS's ovs-ofctl),
 * and keeps the configured controllers: active targets ("tcp:IP[:PORT]",
 * "unix:PATH") are connected and reconnected with a backoff that starts at
 * 1 s and doubles up to 'max_backoff_ms'; passive ones ("ptcp:PORT[:IP]",
 * "punix:PATH") listen, and what they accept are primary connections like
 * active ones.
 *
 * Messages received on any connection go to the owner's handler
 * (switchd/ofp-handler.h), which decodes and executes them; this module
 * implements the OpenFlow 1.3 controller-role rules the handler needs
 * (connmgr_handle_role(), connmgr_may_modify()) and the fan-out of
 * asynchronous messages (packet-in, flow-removed, port-status) to the
 * connections that want them according to their role and asynchronous
 * configuration: primary connections per their configuration, service
 * connections only after they asked (ofconn_set_wants_async()).
 *
 * Slow controllers: asynchronous messages are queued on a connection only
 * while its unsent output stays under CONNMGR_ASYNC_BACKLOG_LIMIT bytes;
 * beyond that they are dropped and counted per controller
 * (connmgr_async_admit(), Controller.status:async_dropped), so nothing
 * ever waits for a controller.
 *
 * Fail mode: on a standalone bridge with controllers configured, when no
 * controller has been connected for three times the longest inactivity
 * probe interval, the manager enters fail-open and tells its owner
 * (connmgr_set_fail_open_cb()), who makes the datapath switch every packet
 * by NORMAL without touching the flow tables (ofproto_set_fail_open()); it
 * leaves fail-open as soon as a controller connects (version negotiated).
 * A secure bridge never fails open.  Each transition is logged.
 *
 * Connections have ids unique in the process and never reused, so that a
 * reply completing later (after a datapath call) can find its connection,
 * or learn that it is gone, with connmgr_find_conn().
 *
 * Threads: control thread only. */
#ifndef SLUICE_CONNMGR_H
#define SLUICE_CONNMGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "ofproto/ofconn.h"
#include "ofproto/ofp-msgs.h"

struct event_base;
struct connmgr;

#define CONNMGR_DEFAULT_MAX_BACKOFF_MS 8000
#define CONNMGR_ASYNC_BACKLOG_LIMIT (256 * 1024)

/* Called for each message an ofconn of 'cm' receives (see ofconn_msg_cb:
 * return false to have it offered again after ofconn_resume()). */
typedef bool connmgr_msg_cb(struct connmgr *cm, struct ofconn *,
                            const void *msg, size_t len, void *aux);

/* Creates the manager of bridge 'name' in 'base'; 'cb' receives the
 * messages.  Nothing listens until connmgr_set_mgmt(). */
struct connmgr *connmgr_create(struct event_base *base, const char *name,
                               connmgr_msg_cb *cb, void *aux);

/* Closes every connection and listener (the management socket file is
 * removed).  Accepts NULL. */
void connmgr_destroy(struct connmgr *);

/* The bridge name. */
const char *connmgr_name(const struct connmgr *);

/* Listens for service connections on unix socket 'path' with permissions
 * 'mode' (replacing a stale socket file).  Returns 0, or an errno value
 * and a malloc'd message in '*errorp'. */
int connmgr_set_mgmt(struct connmgr *, const char *path, mode_t mode,
                     char **errorp);

/* Sets the OpenFlow versions allowed on new connections (a bitmap of
 * OFCONN_VERSION_BIT()s; 0 means the default, 1.0 and 1.3).  Connections
 * whose negotiated version is no longer allowed are closed. */
void connmgr_set_versions(struct connmgr *, uint32_t allowed_versions);

/* One configured controller (a Controller row). */
struct connmgr_controller {
    const char *target;         /* "tcp:...", "unix:...", "ptcp:...",
                                 * "punix:...". */
    int max_backoff_ms;         /* 0: CONNMGR_DEFAULT_MAX_BACKOFF_MS. */
    int probe_interval_ms;      /* 0: OFCONN_DEFAULT_PROBE_MS; negative:
                                 * no probe. */
};

/* Makes the set of controllers 'ctls' (of 'n'): targets no longer listed
 * are disconnected, new ones connect or listen, kept ones keep their
 * connections.  A target that cannot be parsed or listened on is reported
 * through connmgr_get_status()'s 'last_error'. */
void connmgr_set_controllers(struct connmgr *,
                             const struct connmgr_controller *ctls,
                             size_t n);

/* What the Controller row reports. */
struct connmgr_status {
    bool is_connected;
    enum ofp_controller_role role;
    const char *state;          /* "ACTIVE", "CONNECTING", "BACKOFF",
                                 * "LISTENING", "VOID" (bad target). */
    const char *last_error;     /* NULL if none (cleared when a
                                 * connection is established); for TLS
                                 * the handshake's reason, e.g. "TLS
                                 * handshake failed: ...".  Valid until
                                 * the next call into this module. */
    long long sec_since_connect;    /* While connected: seconds since the
                                     * connection was established; else
                                     * -1. */
    long long sec_since_disconnect; /* While not connected: seconds since
                                     * the last connection or attempt
                                     * ended, -1 if none did. */
    const char *peer_subject;   /* While connected over TLS: the peer
                                 * certificate's subject (RFC 2253), else
                                 * NULL.  Valid like 'last_error'. */
    time_t peer_not_after;      /* Its expiry, if 'peer_subject'. */
    uint64_t async_dropped;     /* Asynchronous messages dropped because
                                 * the controller did not keep up. */
    bool fail_open;             /* The bridge is in fail-open (the same
                                 * for every controller of a bridge). */
};

/* Fills '*status' for configured controller 'target'.  Returns false if
 * no such target is configured. */
bool connmgr_get_status(const struct connmgr *, const char *target,
                        struct connmgr_status *status);

/* Each connection's process-unique id, and the reverse lookup (NULL if
 * the connection has closed since). */
uint64_t connmgr_conn_id(const struct ofconn *);
struct ofconn *connmgr_find_conn(uint64_t id);

/* Resumes every connection of every manager that the handler paused
 * (call when the datapath's call queue has room again). */
void connmgr_resume_all(void);

/* Roles.  Applies a ROLE_REQUEST for 'role' with 'generation_id' from
 * 'ofconn' (OpenFlow 1.3 semantics: NOCHANGE only reads; MASTER and SLAVE
 * requests with a generation_id older than the newest one seen, compared
 * as a wrapping 64-bit difference, fail with OFPRRFC_STALE; a new master
 * demotes the others to slaves).  On success stores the resulting role
 * and the current generation_id (0 if none was seen) in 'reply'. */
ofperr connmgr_handle_role(struct connmgr *, struct ofconn *,
                           enum ofp_controller_role role,
                           uint64_t generation_id, struct ofp_role *reply);

/* Returns 0 if 'ofconn' may change the switch's state (FLOW_MOD,
 * GROUP_MOD, PORT_MOD, TABLE_MOD, PACKET_OUT), OFPERR_OFPBRC_IS_SLAVE if
 * it is a slave. */
ofperr connmgr_may_modify(const struct ofconn *);

/* Kinds of asynchronous message, for connmgr_wants(). */
enum connmgr_async {
    CONNMGR_PACKET_IN,
    CONNMGR_PORT_STATUS,
    CONNMGR_FLOW_REMOVED,
};

/* Returns true if 'ofconn' should receive an asynchronous message of
 * 'kind' for 'reason' (its role, its asynchronous configuration, and for
 * service connections whether they asked). */
bool connmgr_wants(const struct ofconn *, enum connmgr_async kind,
                   uint32_t reason);

/* Returns true if an asynchronous message may be queued on 'ofconn' now;
 * false if its unsent output exceeds CONNMGR_ASYNC_BACKLOG_LIMIT, in which
 * case the message is to be dropped and the drop is counted for its
 * controller (and logged, rate-limited). */
bool connmgr_async_admit(struct ofconn *);

/* Sets the bridge's fail mode (true: standalone, the default; false:
 * secure) and re-evaluates fail-open. */
void connmgr_set_fail_mode(struct connmgr *, bool standalone);

/* Called when 'cm' enters ('fail_open' true) or leaves fail-open. */
typedef void connmgr_fail_open_cb(struct connmgr *cm, bool fail_open,
                                  void *aux);
void connmgr_set_fail_open_cb(struct connmgr *, connmgr_fail_open_cb *,
                              void *aux);

/* Whether 'cm' is in fail-open now. */
bool connmgr_is_fail_open(const struct connmgr *);

/* Calls 'cb' for each ready (version-negotiated) connection of 'cm'. */
void connmgr_for_each_conn(struct connmgr *,
                           void (*cb)(struct ofconn *, void *aux),
                           void *aux);

#endif /* ofproto/connmgr.h */
