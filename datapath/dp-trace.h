/* ofproto/trace in the datapath: runs a bridge's OpenFlow pipeline for a
 * flow (and optionally a packet) with the callbacks traffic uses, so the
 * trace shows where NORMAL would send the packet and follows
 * decapsulations, without learning or forwarding anything.
 *
 * dpif_trace() is called by the control thread; the request is filled in
 * by the datapath thread and may be read once 'done' ran (or after
 * dpif_drain()). */
#ifndef SLUICE_DP_TRACE_H
#define SLUICE_DP_TRACE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/dpif.h"
#include "ofproto/normal.h"
#include "ofproto/xlate.h"

#define DPIF_TRACE_MAX_PORTS 64

/* What the first NORMAL action of a trace decided. */
struct dpif_trace_normal {
    bool reached;                    /* NORMAL ran. */
    enum normal_verdict verdict;
    int vlan;                        /* VLAN switched in, -1 if refused. */
    uint32_t learned_port;           /* NORMAL_FORWARD and _SAME_PORT: the
                                      * OpenFlow port the destination MAC
                                      * was learned on. */
    size_t n_ports;                  /* Outputs (OpenFlow port numbers), */
    uint32_t ports[DPIF_TRACE_MAX_PORTS];   /* in port order. */
};

struct dpif_trace {
    /* Input. */
    struct flow flow;                /* in_port set. */
    const uint8_t *packet;           /* Optional frame whose flow is 'flow',
                                      * for following decapsulations. */
    size_t packet_len;

    /* Output. */
    struct xlate_trace trace;        /* Initialised by the caller. */
    struct xlate_out xout;
    struct dpif_trace_normal normal;
};

/* Queues the trace 'req' on 'bridge' like dpif_call(): it runs in the
 * datapath thread after every call queued before it, then 'done(req)'
 * (if nonnull) runs in the control thread.  'req' and its packet must
 * stay valid until then.  Returns 0, ENOENT (no such bridge) or EAGAIN
 * (call queue full). */
int dpif_trace(struct dpif *, const char *bridge, struct dpif_trace *req,
               dpif_done_fn *done);

#endif /* datapath/dp-trace.h */
