/* OpenFlow request handling in sluice-switchd: for every bridge a
 * connection manager (ofproto/connmgr.h) whose messages are decoded with
 * the codec (ofproto/ofp-codec.h) and executed on the bridge's switch
 * (ofproto/ofproto.h) in the datapath thread through dpif_call().
 *
 * Ordering: every request that reads or changes the switch, and every
 * request that is answered (BARRIER, FEATURES, GET_CONFIG, multipart),
 * is one dpif_call(); calls run in order and their completions run in
 * order, so replies leave in request order and a BARRIER reply (sent from
 * the completion of a call queued after every earlier request) means
 * every earlier change is visible to traffic.  ROLE, GET/SET_ASYNC and
 * QUEUE_GET_CONFIG only touch the connection and are answered at once.
 * Errors go back with the request's xid and its first 64 bytes.  When the
 * datapath's call queue is full, the connection stops being read until it
 * drains (connmgr_resume_all()).
 *
 * Asynchronous events of the datapath (packet-in, flow-removed,
 * port-status) and the FLOW_REMOVED/PORT_STATUS produced by requests are
 * sent to every connection of the bridge that wants them
 * (connmgr_wants()), encoded for each connection's version.
 *
 * Threads: control thread only. */
#ifndef SLUICE_SWITCHD_OFP_HANDLER_H
#define SLUICE_SWITCHD_OFP_HANDLER_H 1

#include <stdint.h>

struct connmgr;
struct dpif;
struct event_base;

struct ofp_handler;

/* Creates the handler for 'dpif' (not owned), attaches the dpif to
 * 'base' and takes over its event and queue-space callbacks. */
struct ofp_handler *ofp_handler_create(struct event_base *base,
                                       struct dpif *dpif);

/* Closes every connection of every bridge.  Accepts NULL. */
void ofp_handler_destroy(struct ofp_handler *);

/* Starts serving OpenFlow for bridge 'name' (already added to the dpif)
 * on the unix socket 'mgmt_path' (mode 0600).  Returns 0, or an errno
 * value and a malloc'd message in '*errorp'; EEXIST if already served. */
int ofp_handler_add_bridge(struct ofp_handler *, const char *name,
                           const char *mgmt_path, char **errorp);

/* Stops serving bridge 'name': closes its connections and removes its
 * management socket.  Does nothing for an unknown bridge. */
void ofp_handler_del_bridge(struct ofp_handler *, const char *name);

/* Returns the connection manager of bridge 'name', or NULL, so the caller
 * can configure controllers and read their status. */
struct connmgr *ofp_handler_get_connmgr(const struct ofp_handler *,
                                        const char *name);

/* Sets the OpenFlow versions of bridge 'name' (bitmap of
 * OFCONN_VERSION_BIT()s; 0: default) on its connections and its switch
 * (table-miss behaviour follows them). */
void ofp_handler_set_versions(struct ofp_handler *, const char *name,
                              uint32_t versions);

#endif /* switchd/ofp-handler.h */
