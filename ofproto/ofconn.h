/* One OpenFlow connection over a stream (ofproto/stream.h): message
 * framing, HELLO version negotiation, echo handling, the inactivity
 * probe, flow control, and the per-connection OpenFlow state that the
 * connection manager (ofproto/connmgr.h) and the message handlers use
 * (role, asynchronous-message configuration, miss_send_len).
 *
 * Life cycle: ofconn_create() sends our HELLO at once (on an active
 * stream still connecting, it is queued until the connect completes).
 * The peer's HELLO fixes the version: the highest one in both version
 * bitmaps, or, when the peer's HELLO has no bitmap, the lower of the two
 * header versions if we allow it.  With no common version the connection
 * sends OFPT_ERROR HELLO_FAILED/INCOMPATIBLE with an explanatory text and
 * closes.  Echo requests are answered here; every other message after
 * negotiation goes to the owner's message callback, whole and contiguous,
 * after its header's version was checked (a wrong version is answered
 * with BAD_REQUEST/BAD_VERSION here).
 *
 * Inactivity probe: when nothing arrives for 'probe_interval_ms', an echo
 * request goes out; when still nothing arrives for another interval, the
 * connection closes ("inactivity probe timeout").
 *
 * Flow control: the message callback returns false when it could not take
 * a message now (the datapath's call queue is full); the connection then
 * keeps that message, stops reading, and waits for ofconn_resume().
 *
 * Threads: control thread only (the one running the event_base). */
#ifndef SLUICE_OFCONN_H
#define SLUICE_OFCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-msgs.h"

struct event_base;
struct stream;
struct ofconn;

/* Bit for wire version 'V' in an allowed-versions bitmap. */
#define OFCONN_VERSION_BIT(V) (1u << (V))
#define OFCONN_DEFAULT_VERSIONS (OFCONN_VERSION_BIT(OFP10_VERSION) \
                                 | OFCONN_VERSION_BIT(OFP13_VERSION))
#define OFCONN_DEFAULT_PROBE_MS 5000

/* Wire message types that the connection itself understands (same
 * numbers in OpenFlow 1.0 and 1.3). */
#define OFCONN_OFPT_HELLO 0
#define OFCONN_OFPT_ERROR 1
#define OFCONN_OFPT_ECHO_REQUEST 2
#define OFCONN_OFPT_ECHO_REPLY 3
#define OFCONN_HEADER_LEN 8

/* Whether the connection is to a controller (an active "tcp:"/"unix:"
 * target or one accepted on a controller's passive target) or a service
 * connection (the management socket BR.mgmt, tools such as ovs-ofctl). */
enum ofconn_type {
    OFCONN_PRIMARY,
    OFCONN_SERVICE,
};

struct ofconn_config {
    uint32_t allowed_versions;  /* OFCONN_VERSION_BIT()s; 0: default. */
    int probe_interval_ms;      /* 0: no inactivity probe. */
};

/* Called for each complete message 'msg' of 'len' bytes (the header
 * included; valid only during the call).  Returns true if the message was
 * taken, false to have it offered again after ofconn_resume(). */
typedef bool ofconn_msg_cb(struct ofconn *, const void *msg, size_t len,
                           void *aux);

/* Called once when the version is negotiated. */
typedef void ofconn_ready_cb(struct ofconn *, void *aux);

/* Called once, from the event loop, when the connection is over
 * ('reason' says why).  The owner must call ofconn_destroy() (it may do
 * so from the callback). */
typedef void ofconn_close_cb(struct ofconn *, const char *reason,
                             void *aux);

struct ofconn_cbs {
    ofconn_msg_cb *msg;
    ofconn_ready_cb *ready;     /* May be NULL. */
    ofconn_close_cb *close;
};

/* Creates a connection over 'stream' (taken over) and sends our HELLO. */
struct ofconn *ofconn_create(struct event_base *, struct stream *stream,
                             enum ofconn_type,
                             const struct ofconn_config *,
                             const struct ofconn_cbs *, void *aux);

/* Closes the stream at once and frees the connection.  Accepts NULL. */
void ofconn_destroy(struct ofconn *);

/* Changes the allowed versions and the probe interval.  Versions matter
 * only before negotiation; a negotiated version outside the new set makes
 * the caller's business (connmgr closes such connections). */
void ofconn_set_config(struct ofconn *, const struct ofconn_config *);

/* Queues the 'len'-byte OpenFlow message 'msg' for sending. */
void ofconn_send(struct ofconn *, const void *msg, size_t len);

/* Bytes queued for sending (a peer that does not read makes it grow;
 * callers drop optional asynchronous messages above a limit). */
size_t ofconn_backlog(const struct ofconn *);

/* Sends an OFPT_ERROR of OpenFlow 1.3 type/code numbering 'type'/'code'
 * as-is (only for types whose numbers are the same in every version, such
 * as HELLO_FAILED) with 'data' as its body. */
void ofconn_send_raw_error(struct ofconn *, uint32_t xid, uint16_t type,
                           uint16_t code, const void *data, size_t len);

/* Resumes delivery after the message callback returned false. */
void ofconn_resume(struct ofconn *);

/* A new xid for a message the switch originates. */
uint32_t ofconn_next_xid(struct ofconn *);

/* Accessors. */
const char *ofconn_name(const struct ofconn *);
enum ofconn_type ofconn_get_type(const struct ofconn *);
bool ofconn_is_ready(const struct ofconn *);     /* Version negotiated. */
uint8_t ofconn_version(const struct ofconn *);   /* 0 before. */

/* OpenFlow state of the connection (defaults: role EQUAL, the spec's
 * default asynchronous configuration, miss_send_len 128 for primary
 * connections and 0 for service ones, as in OVS). */
enum ofp_controller_role ofconn_get_role(const struct ofconn *);
void ofconn_set_role(struct ofconn *, enum ofp_controller_role);
const struct ofp_async_config *ofconn_get_async(const struct ofconn *);
void ofconn_set_async(struct ofconn *, const struct ofp_async_config *);
uint16_t ofconn_get_miss_send_len(const struct ofconn *);
void ofconn_set_miss_send_len(struct ofconn *, uint16_t);

/* Whether a service connection asked for asynchronous messages (the
 * handlers set this on SET_ASYNC, or SET_CONFIG with a nonzero
 * miss_send_len); primary connections always get them per role and
 * asynchronous configuration. */
bool ofconn_wants_async(const struct ofconn *);
void ofconn_set_wants_async(struct ofconn *, bool);

/* Fills 'cfg' with the OpenFlow 1.3 default asynchronous configuration:
 * master/equal get every packet-in, port-status and flow-removed reason
 * but INVALID_TTL packet-ins; slaves get port-status only. */
void ofconn_default_async(struct ofp_async_config *cfg);

/* Owner's data, for callbacks that get only the connection. */
void ofconn_set_owner_data(struct ofconn *, void *);
void *ofconn_get_owner_data(const struct ofconn *);

#endif /* ofproto/ofconn.h */
