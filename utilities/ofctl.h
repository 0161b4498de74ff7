/* ofctl: helpers shared by sluice-ofctl's source files (the command
 * driver in sluice-ofctl.c and the flow-table comparisons in
 * ofctl-flows.c).  Failures print "sluice-ofctl: ..." and exit, as a
 * command-line tool should.  Single-threaded. */
#ifndef SLUICE_OFCTL_H
#define SLUICE_OFCTL_H 1

#include "lib/util.h"
#include "ofproto/ofp-codec.h"
#include "utilities/ofctl-conn.h"

/* Prints "sluice-ofctl: MESSAGE" to stderr and exits with status 1. */
void ofctl_fatal(const char *format, ...) SLUICE_PRINTF(1, 2)
    SLUICE_NORETURN;

/* Connects to 'target' with the versions and timeout of the command line,
 * or exits. */
struct ofctl_conn *ofctl_open(const char *target);

/* Sends the request in 'req' (freeing it) whose xid is 'xid' and returns
 * its reply of 'reply_type' (caller frees).  An error reply is printed and
 * exits. */
struct ofp_header *ofctl_transact(struct ofctl_conn *, struct ofpbuf *req,
                                  uint32_t xid, enum ofptype reply_type);

/* Like ofctl_transact() for a multipart request: calls 'cb' for each reply
 * message until the last one. */
void ofctl_dump(struct ofctl_conn *, struct ofpbuf *req, uint32_t xid,
                enum ofptype reply_type,
                void (*cb)(const struct ofp_header *, void *aux), void *aux);

/* Encodes 'fm' into 'batch', sending the batch when it is large. */
void ofctl_send_flow_mod(struct ofctl_conn *, const struct ofp_flow_mod *fm,
                         struct ofpbuf *batch);

/* Sends a barrier and waits for it; prints every error reply received
 * before it and exits with status 1 if there was any. */
void ofctl_barrier_or_die(struct ofctl_conn *);

/* The replace-flows and diff-flows commands (ofctl-flows.c). */
void ofctl_cmd_replace_flows(int argc, char *argv[]);
void ofctl_cmd_diff_flows(int argc, char *argv[]);

#endif /* utilities/ofctl.h */
