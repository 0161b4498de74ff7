/* Internals of the dpif shared by its source files (dpif.c: bridges and
 * ports; dpif-async.c: asynchronous calls and events).  Not for use
 * outside datapath/.
 *
 * Threads: everything in 'struct dpif' below the "datapath thread"
 * marker, and every bridge's and port's state, is written by the datapath
 * thread only; the control thread changes it through dp_call() (blocking)
 * or dpif_call() (queued).  The call and event rings are single-producer
 * single-consumer queues with atomic indexes. */
#ifndef SLUICE_DPIF_PRIVATE_H
#define SLUICE_DPIF_PRIVATE_H 1

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/capture.h"
#include "datapath/dpif.h"
#include "datapath/mirror.h"
#include "datapath/packet.h"
#include "ofproto/normal.h"
#include "ofproto/xlate.h"

#define DP_MAX_BURSTS 8         /* Bursts per port per wakeup (fairness). */
#define DP_MAX_EVENTS 64
#define DP_MAX_SHADOWS 256      /* Per burst. */
#define DP_MAX_COPIES 32        /* Per burst. */

struct dp_bridge;
struct event;

/* Counters kept by the datapath thread. */
struct dp_port_stats {
    uint64_t rx_packets, rx_bytes, rx_dropped;
    uint64_t tx_packets, tx_bytes;
};

struct dp_port {
    struct normal_port normal;  /* ofport and VLAN configuration. */
    struct port *port;
    enum dpif_port_type type;
    struct dp_bridge *bridge;
    size_t idx;                 /* Index in 'bridge->ports'. */
    struct dp_port_stats stats;
    struct dp_tx_batch tx;      /* Frames queued in the current burst. */
    bool in_pending;            /* In 'dpif->pending'. */
    bool link_up;               /* Last state told to the ofproto. */
    struct dp_taps *taps;       /* Mirrors and captures, or NULL. */
};

struct dp_bridge {
    char *name;
    struct mac_table *macs;
    struct dp_port **ports;     /* Sorted by ofport. */
    const struct normal_port **nports;  /* &ports[i]->normal. */
    size_t n_ports;
    struct ofproto *ofproto;    /* The bridge's OpenFlow switch. */
    struct flow_cache *cache;
    uint64_t mac_gen;           /* Bumped when NORMAL's decisions may
                                 * change: MAC learned, moved, expired,
                                 * flushed; VLAN config changed. */
    bool dpid_configured;       /* Else derived from the local port MAC. */
    struct dp_mirrors mirrors;
};

/* One queued dpif_call() or internal call ('br_fn' instead of 'fn'). */
struct dp_async_call {
    struct dp_bridge *br;
    dpif_call_fn *fn;
    void (*br_fn)(struct dpif *, struct dp_bridge *, void *arg);
    dpif_done_fn *done;
    void *arg;
};

/* One queued event, with its packet-in data (malloc'd) if any. */
struct dp_async_event {
    struct dpif_event ev;
    void *data;
};

struct dpif {
    struct dp_bridge **bridges;
    size_t n_bridges;
    size_t n_ports;             /* Over all bridges. */

    pthread_t thread;
    int epfd;
    int cmd_fd;                 /* Control -> datapath: run 'cmd' or the
                                 * call queue. */
    int ack_fd;                 /* Datapath -> control: done. */
    int timer_fd;               /* Aging tick. */
    void (*_Atomic cmd)(struct dpif *, void *aux);
    void *cmd_aux;
    bool exiting;

    /* Asynchronous calls: a ring of DPIF_CALL_QUEUE_LEN entries.  Control
     * writes 'call_head' (queued), datapath 'call_exec' (ran), control
     * 'call_tail' (completed).  Indexes only grow. */
    struct dp_async_call *calls;
    _Atomic size_t call_head;
    _Atomic size_t call_exec;
    size_t call_tail;
    bool call_blocked;          /* dpif_call() returned EAGAIN. */
    void (*space_cb)(void *aux);
    void *space_aux;

    /* Events: datapath writes 'ev_head', control 'ev_tail'. */
    struct dp_async_event *events;
    _Atomic size_t ev_head;
    _Atomic size_t ev_tail;
    dpif_event_cb *event_cb;
    void *event_aux;
    _Atomic uint64_t n_packet_in, n_packet_in_dropped, n_other_dropped;

    int notify_fd;              /* Datapath -> control: completions or
                                 * events are ready. */
    struct event *notify_ev;    /* libevent watcher of 'notify_fd'. */
    struct event *link_ev;      /* Link state poll timer. */
    bool notify_pending;        /* Datapath: must write 'notify_fd'. */

    /* Datapath thread's working state. */
    struct dp_packet_batch rx;
    struct normal_output *outs; /* Room for 'max_outs'. */
    size_t max_outs;
    struct dp_port **pending;   /* Ports with queued frames. */
    size_t n_pending, max_pending;

    /* Packets derived from received ones while executing actions, alive
     * until the transmit batches are flushed: 'shadows' share a buffer
     * with another packet (metadata changed), 'copies' own one. */
    struct dp_packet shadows[DP_MAX_SHADOWS];
    size_t n_shadows;
    struct dp_packet copies[DP_MAX_COPIES];
    size_t n_copies;
    uint8_t *pin_buf;           /* Linear frame for packet-ins. */
    struct dp_packet reparse_scratch;   /* dp_reparse()'s working copy. */
    struct dp_packet reparse_in;        /* ofproto/trace's packet. */

    /* Rule credits of the current burst, applied once per entry. */
    struct dp_credit {
        const struct xlate_credits *credits;
        uint64_t packets, bytes;
    } credits[DP_BATCH_SIZE];
    size_t n_credits;

    uint64_t n_exec_dropped;    /* Action overflow or no room to copy. */

    struct dp_captures captures;
    struct dp_tap_packet tap_pkt;   /* Taps' state for the current
                                     * packet. */
};

/* Runs 'fn(dpif, aux)' on the datapath thread and waits for it (after
 * every queued dpif_call()). */
void dp_call(struct dpif *, void (*fn)(struct dpif *, void *), void *aux);

/* Converts between dpif ofports and OpenFlow port numbers (the local
 * port is OFPP_LOCAL in OpenFlow). */
uint32_t dp_ofport_to_of(int ofport);
int dp_of_to_ofport(uint32_t port_no);

/* dp-forward.c: the packet path (datapath thread). */
void dp_forward_init(struct dpif *);
void dp_forward_uninit(struct dpif *);
void dp_port_input(struct dpif *, struct dp_port *);
void dp_queue_output(struct dpif *, struct dp_port *out,
                     const struct dp_packet *pkt, bool tagged, uint16_t tci,
                     uint16_t tpid);
struct dp_port *dp_bridge_find_port(const struct dp_bridge *, int ofport);
int dp_packet_out(struct dpif *, struct dp_bridge *,
                  const struct ofp_packet_out *);
void dp_post_ofproto_events(struct dpif *, const struct dp_bridge *,
                            struct ofproto_events *);

/* Runs the pipeline of 'br' for 'flow' (of 'pkt', if nonnull: then
 * decapsulations are followed through dp_reparse()), with 'base''s
 * settings and NORMAL switching at time 'now', into 'xout'.  Stores what
 * NORMAL did in '*normal' if nonnull.  With 'trace' nonnull, NORMAL
 * learns nothing and its first decision is stored there instead. */
struct flow_cache_normal;
struct dpif_trace_normal;
void dp_translate(struct dpif *, struct dp_bridge *, const struct flow *flow,
                  const struct dp_packet *pkt, const struct xlate_in *base,
                  long long now, struct xlate_out *xout,
                  struct flow_cache_normal *normal,
                  struct dpif_trace_normal *trace);

/* dp-trace.c: applies the header changes among the datapath actions
 * 'so_far' (outputs and clones left out) to a copy of 'pkt' in
 * 'scratch', and extracts the resulting packet's flow into '*flow' with
 * 'in_port'.  Returns false if an action could not be applied. */
bool dp_reparse(struct dp_packet *scratch, const struct dp_packet *pkt,
                const struct odp_actions *so_far, uint32_t in_port,
                struct flow *flow);

/* dpif-ofproto.c. */
void dp_link_poll_start(struct dpif *, struct event_base *);

/* dpif-async.c. */
int dp_async_call_br(struct dpif *, struct dp_bridge *,
                     void (*br_fn)(struct dpif *, struct dp_bridge *,
                                   void *),
                     dpif_done_fn *done, void *arg);
struct dp_bridge *dp_find_bridge(const struct dpif *, const char *name);
int dp_async_init(struct dpif *);
void dp_async_uninit(struct dpif *);
void dp_async_run_calls(struct dpif *);
void dp_async_notify(struct dpif *);
bool dp_async_post_event(struct dpif *, const struct dp_bridge *,
                         struct dpif_event *ev, const void *data,
                         size_t len);

#endif /* datapath/dpif-private.h */
