/* ofctl-conn: the blocking OpenFlow client of sluice-ofctl.
 *
 * Connects to "unix:PATH", "tcp:IP[:PORT]" or a bare bridge name (the
 * socket $RUNDIR/NAME.mgmt), exchanges HELLOs offering a set of versions
 * and keeps the negotiated one, then sends requests and reads replies with
 * a timeout.  Echo requests from the switch are answered while waiting.
 * Large batches (add-flows) are written while incoming messages are read
 * and queued, so neither side can block the other.
 *
 * Single-threaded; one connection per object. */
#ifndef SLUICE_OFCTL_CONN_H
#define SLUICE_OFCTL_CONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-codec.h"

struct ofctl_conn;

/* Opens 'target' and negotiates a version among 'versions' (a bitmap of
 * OFP_VERSION_BIT), waiting at most 'timeout_ms' for each step (0: wait
 * forever).  On failure returns a positive errno and stores a malloc'd
 * message in '*errorp'. */
int ofctl_conn_open(const char *target, uint32_t versions, int timeout_ms,
                    struct ofctl_conn **connp, char **errorp);
void ofctl_conn_close(struct ofctl_conn *);

/* The negotiated wire version. */
uint8_t ofctl_conn_version(const struct ofctl_conn *);
/* Returns a fresh transaction id. */
uint32_t ofctl_conn_next_xid(struct ofctl_conn *);

/* Sends the complete messages in 'buf' (reading and queueing whatever
 * arrives meanwhile).  Returns 0 or errno. */
int ofctl_conn_send(struct ofctl_conn *, const struct ofpbuf *buf);

/* Receives the next message that is not an echo request: a malloc'd
 * buffer holding exactly one message, in '*msgp'.  Returns 0, ETIMEDOUT,
 * EPROTO (malformed framing) or another errno (EOF: ECONNRESET). */
int ofctl_conn_recv(struct ofctl_conn *, struct ofp_header **msgp);

/* Sends a barrier request and receives messages until its reply, passing
 * every other message to 'cb' (if nonnull).  Returns 0 or errno. */
int ofctl_conn_barrier(struct ofctl_conn *,
                       void (*cb)(const struct ofp_header *, void *aux),
                       void *aux);

#endif /* utilities/ofctl-conn.h */
