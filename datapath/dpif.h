/* The datapath interface: everything sluice-switchd's control side needs
 * from the fast path.
 *
 * A 'struct dpif' owns every bridge and port of one switchd process and
 * the datapath thread that forwards their packets.  The datapath thread
 * blocks in epoll on the ports' fds, receives in bursts, looks each
 * frame's flow up in the bridge's flow cache or runs the bridge's OpenFlow
 * pipeline (ofproto/xlate.h, with NORMAL switching, ofproto/normal.h, as
 * an action), executes the resulting actions and flushes per-port
 * transmit batches; it takes no locks and does no per-packet allocation
 * or syscall on the cached path.
 *
 * Threads: every function here is called from the control thread only
 * (one thread at a time; the dpif does not lock against concurrent
 * callers).  Calls are synchronous: each one is carried to the datapath
 * thread through a bounded command queue plus an eventfd, executed there
 * between two receive bursts, and acknowledged; the call returns only
 * after that acknowledgement, so a packet received after a call returns
 * sees the change.  Queries (status, statistics, MAC table) are answered
 * the same way, so they read the datapath thread's state without locks.
 *
 * Asynchronous calls and events: dpif_call() is the exception to the
 * rule above.  It queues a function to run in the datapath thread on one
 * bridge's OpenFlow switch ('struct ofproto', owned by that thread) and
 * returns at once; a completion function then runs back in the control
 * thread.  Calls run in the order they were queued, and synchronous calls
 * are ordered after every call queued before them.  Completions and the
 * datapath's asynchronous events (packet-in, flow-removed, port-status)
 * are delivered from the control thread's libevent loop once
 * dpif_attach_event_base() was called, or by dpif_run() otherwise.
 *
 * Errors: functions return 0 or a positive errno value.  ENOENT means "no
 * such bridge" or "no such port", EEXIST "already exists".  Functions with
 * an 'errorp' argument also store a malloc'd, user-readable reason on
 * failure (caller frees), and leave nothing half-attached.
 *
 * Devices: ports of type DPIF_PORT_SYSTEM open an existing device with
 * AF_PACKET.  DPIF_PORT_TAP creates a persistent tap (if missing) that the
 * dpif does not hold open, so a QEMU guest can attach to it; DPIF_PORT_
 * INTERNAL creates a tap that the dpif holds open (the bridge's own
 * interface).  Both are brought up.  Tap and internal devices are deleted
 * by dpif_port_del() and dpif_bridge_del(), but dpif_destroy() deletes
 * them only if 'keep_devices' is false. */
#ifndef SLUICE_DPIF_H
#define SLUICE_DPIF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-msgs.h"

struct event_base;
struct ofproto;

/* The whole datapath: ports, bridges, datapath thread(s). */
struct dpif;

enum dpif_port_type {
    DPIF_PORT_SYSTEM,           /* Existing device, over AF_PACKET. */
    DPIF_PORT_INTERNAL,         /* The bridge's own interface (tap). */
    DPIF_PORT_TAP,              /* Persistent tap for a VM. */
    DPIF_PORT_DUMMY             /* In-memory queues, for tests. */
};

/* 802.1Q handling of a port, with Port.vlan_mode's meaning in OVS. */
enum dpif_vlan_mode {
    DPIF_VLAN_ACCESS,           /* Untagged frames only, in VLAN 'tag'. */
    DPIF_VLAN_TRUNK,            /* Tagged VLANs in 'trunks'; untagged is
                                 * VLAN 0. */
    DPIF_VLAN_NATIVE_TAGGED,    /* Trunk; untagged input is VLAN 'tag';
                                 * output to 'tag' is tagged. */
    DPIF_VLAN_NATIVE_UNTAGGED   /* Trunk; untagged input is VLAN 'tag';
                                 * output to 'tag' is untagged. */
};

/* ofport of the bridge's own internal port (the port named like the
 * bridge). */
#define DPIF_OFPORT_LOCAL 65534

/* Highest ofport an ordinary port may have. */
#define DPIF_OFPORT_MAX 65279

struct dpif_bridge_config {
    unsigned int mac_aging_sec;   /* other_config:mac-aging-time; 0 means
                                   * the default, 300. */
    unsigned int mac_table_size;  /* other_config:mac-table-size; 0 means
                                   * the default, 8192. */
};

struct dpif_port_config {
    const char *name;             /* Port and device name. */
    enum dpif_port_type type;
    int ofport_request;           /* 0: pick the lowest free ofport >= 1.
                                   * Ignored for the port named like the
                                   * bridge, which always gets
                                   * DPIF_OFPORT_LOCAL. */
    int tag;                      /* Access/native VLAN 1..4094, or -1. */
    enum dpif_vlan_mode vlan_mode; /* The daemon computes OVS's default:
                                    * access if tag set, else trunk. */
    const uint16_t *trunks;       /* Allowed VLANs on a trunk;
                                   * n_trunks == 0 means all. */
    size_t n_trunks;
    int mtu_request;              /* 0: leave the device's MTU alone. */
};

struct dpif_port_status {
    int ofport;
    uint8_t mac[6];
    int mtu;
    bool link_up;                 /* Carrier/operational state. */
    bool admin_up;                /* IFF_UP. */
    uint64_t rx_packets, rx_bytes, rx_dropped, rx_errors;
    uint64_t tx_packets, tx_bytes, tx_dropped, tx_errors;
};

struct dpif_fdb_entry {
    uint16_t vlan;                /* 0 for the VLAN-less untagged domain. */
    uint8_t mac[6];
    int ofport;
    char port[16];                /* Port name. */
    unsigned int age_sec;         /* Seconds since last seen. */
};

/* Creates the datapath and starts its thread.  Returns 0 and stores the
 * new dpif in '*dpifp', or returns a positive errno. */
int dpif_create(struct dpif **dpifp);

/* Stops the thread and closes every port.  Tap and internal devices that
 * Sluice created are deleted unless 'keep_devices', so a restart of
 * switchd does not disturb guests attached to taps.  Accepts NULL. */
void dpif_destroy(struct dpif *, bool keep_devices);

/* Adds an empty bridge 'name' (EEXIST if it exists).  Its ports are added
 * with dpif_port_add(), including its local port named like it. */
int dpif_bridge_add(struct dpif *, const char *name,
                    const struct dpif_bridge_config *);

/* Changes MAC aging and table size of bridge 'name'.  Shrinking the table
 * evicts entries fairly until the new limit holds. */
int dpif_bridge_set_config(struct dpif *, const char *name,
                           const struct dpif_bridge_config *);

/* Deletes bridge 'name' and its ports (and their tap/internal devices). */
int dpif_bridge_del(struct dpif *, const char *name);

/* Opens or creates the device described by 'cfg' and attaches it to
 * 'bridge'.  On success returns 0 and, if 'status' is nonnull, fills it
 * in (the assigned ofport among others).  On failure returns a positive
 * errno and stores a malloc'd, user-readable reason in '*errorp' (e.g.
 * "could not open network device p1 (No such device)" or "ofport 5 is
 * already used by port p1"); nothing is left attached. */
int dpif_port_add(struct dpif *, const char *bridge,
                  const struct dpif_port_config *cfg,
                  struct dpif_port_status *status, char **errorp);

/* Changes tag, trunks, vlan_mode and mtu_request of the attached port
 * 'cfg->name' in place ('cfg->type' and 'cfg->ofport_request' are
 * ignored: the daemon changes those by delete + add).  MAC entries
 * learned on the port are flushed when its VLAN settings change.  On
 * failure stores a reason in '*errorp' like dpif_port_add(). */
int dpif_port_reconfigure(struct dpif *, const char *bridge,
                          const struct dpif_port_config *cfg,
                          char **errorp);

/* Detaches and closes 'port' of 'bridge', deleting its device if it is a
 * tap or internal port. */
int dpif_port_del(struct dpif *, const char *bridge, const char *port);

/* Fills in '*status' for 'port' of 'bridge' (statistics, link state, MTU,
 * MAC, ofport). */
int dpif_port_get_status(struct dpif *, const char *bridge,
                         const char *port, struct dpif_port_status *);

/* Stores a snapshot of 'bridge''s MAC table in '*entriesp' and '*np',
 * sorted by VLAN then MAC; the caller frees '*entriesp' with free(). */
int dpif_fdb_dump(struct dpif *, const char *bridge,
                  struct dpif_fdb_entry **entriesp, size_t *np);

/* Flushes one bridge's MAC table, or every bridge's if 'bridge' is
 * NULL. */
int dpif_fdb_flush(struct dpif *, const char *bridge);

/* Names of the bridges, and of the ports of 'bridge' (in ofport order),
 * for dpif/show.  The caller frees each string and the array. */
int dpif_bridge_list(struct dpif *, char ***namesp, size_t *np);
int dpif_port_list(struct dpif *, const char *bridge, char ***namesp,
                   size_t *np);

/* Testing hooks for DPIF_PORT_DUMMY ports (the unit tests and the
 * harness use these; the daemon does not).  dpif_dummy_inject() queues
 * the 'len'-byte frame 'data' for reception on dummy port 'port' of
 * 'bridge' and wakes the datapath thread; the call returns after the
 * frame has been processed.  dpif_dummy_take() pops the oldest frame that
 * the datapath transmitted on that port into 'buf' (of 'size' bytes) and
 * stores its length in '*lenp'; returns EAGAIN if none is queued. */
int dpif_dummy_inject(struct dpif *, const char *bridge, const char *port,
                      const void *data, size_t len);
int dpif_dummy_take(struct dpif *, const char *bridge, const char *port,
                    void *buf, size_t size, size_t *lenp);

/* ---- OpenFlow configuration of a bridge. ---- */

/* Each bridge owns an OpenFlow switch ('struct ofproto') in the datapath
 * thread; forwarding runs its pipeline through an exact-match flow cache
 * of this many entries per bridge. */
#define DPIF_FLOW_CACHE_SIZE 65536

enum dpif_fail_mode {
    DPIF_FAIL_STANDALONE,       /* A priority-0 NORMAL flow in table 0
                                 * (added when the bridge is created):
                                 * the bridge switches like a learning
                                 * bridge until a controller says
                                 * otherwise. */
    DPIF_FAIL_SECURE            /* No such flow: only the controller's
                                 * flows forward. */
};

/* Sets the fail mode of 'bridge'.  Switching to secure deletes the
 * priority-0 catch-all NORMAL flow of table 0 if it exists; switching to
 * standalone adds it if table 0 has no priority-0 catch-all flow.
 * Synchronous. */
int dpif_bridge_set_fail_mode(struct dpif *, const char *bridge,
                              enum dpif_fail_mode);

/* Sets the datapath ID of 'bridge' (other_config:datapath-id); 0 goes
 * back to the default, derived from the MAC address of the bridge's local
 * port.  Synchronous. */
int dpif_bridge_set_datapath_id(struct dpif *, const char *bridge,
                                uint64_t datapath_id);

/* Returns the current datapath ID of 'bridge' in '*dpidp'. */
int dpif_bridge_get_datapath_id(struct dpif *, const char *bridge,
                                uint64_t *dpidp);

/* Packet-out: asynchronously (like dpif_call(), in order with the calls)
 * checks the actions of 'po' against the bridge's switch, runs them on
 * a copy of the frame 'po->data' through the pipeline (output:TABLE runs
 * the flow tables; in_port is 'po->in_port'), and then calls 'done' in
 * the control thread with 0 or the ofperr to report.  'po' is copied;
 * the caller keeps ownership.  Returns 0, ENOENT or EAGAIN as
 * dpif_call(). */
typedef void dpif_packet_out_done(ofperr error, void *arg);
int dpif_packet_out(struct dpif *, const char *bridge,
                    const struct ofp_packet_out *po,
                    dpif_packet_out_done *done, void *arg);

/* Counters of the OpenFlow path of 'bridge', for dpif/show. */
struct dpif_of_stats {
    uint64_t cache_hits, cache_misses, cache_evictions;
    size_t cache_entries, cache_capacity;
    uint64_t exec_dropped;        /* Dropped while executing actions (no
                                   * buffer space or too many actions);
                                   * over all bridges. */
};
int dpif_bridge_get_of_stats(struct dpif *, const char *bridge,
                             struct dpif_of_stats *);

/* ---- Asynchronous calls into a bridge's OpenFlow switch. ---- */

/* How many dpif_call()s may be queued (not yet completed) at once. */
#define DPIF_CALL_QUEUE_LEN 4096

/* Runs in the datapath thread with the bridge's switch.  It may change
 * anything in it (flow tables, groups, port config); the datapath
 * invalidates its flow cache afterwards, so packets received after 'fn'
 * returns see the change. */
typedef void dpif_call_fn(struct ofproto *, void *arg);

/* Runs in the control thread after the matching dpif_call_fn. */
typedef void dpif_done_fn(void *arg);

/* Makes the dpif deliver call completions and events from 'base''s loop
 * (an eventfd registered with libevent), and poll its ports' link state
 * once a second (a change updates the OpenFlow port state, for
 * fast-failover and PORT_STATUS).  Call once, before the first
 * dpif_call(); 'base' must outlive the dpif. */
void dpif_attach_event_base(struct dpif *, struct event_base *base);

/* Queues 'fn(ofproto, arg)' to run in the datapath thread on the switch
 * of 'bridge', after every call queued before it, then 'done(arg)' (if
 * nonnull) to run in the control thread.  Returns 0, ENOENT if there is
 * no such bridge, or EAGAIN if DPIF_CALL_QUEUE_LEN calls are pending: the
 * caller then stops producing calls (e.g. stops reading an OpenFlow
 * connection) until the queue-space callback fires.  'arg' stays owned
 * by the caller; 'done' is the usual place to free it.  If the bridge is
 * deleted first, 'fn' still runs before the deletion. */
int dpif_call(struct dpif *, const char *bridge, dpif_call_fn *fn,
              dpif_done_fn *done, void *arg);

/* Sets the function called (in the control thread) when the call queue,
 * after dpif_call() returned EAGAIN, has room again (at most half full).
 * One callback per dpif; NULL disables it. */
void dpif_set_queue_space_cb(struct dpif *, void (*cb)(void *aux),
                             void *aux);

/* Runs the completions of finished calls and delivers pending events,
 * in the control thread.  The event base does this by itself; tests
 * without one call it. */
void dpif_run(struct dpif *);

/* Waits until every queued call has run in the datapath thread, then
 * does what dpif_run() does.  For tests and shutdown. */
void dpif_drain(struct dpif *);

/* ---- Asynchronous events from the datapath. ---- */

enum dpif_event_type {
    DPIF_EVENT_PACKET_IN,
    DPIF_EVENT_FLOW_REMOVED,
    DPIF_EVENT_PORT_STATUS
};

struct dpif_event {
    enum dpif_event_type type;
    char bridge[64];                /* Bridge name. */
    union {
        struct ofp_packet_in packet_in;   /* 'data' (the whole frame,
                                           * 'len' bytes) is valid during
                                           * the callback only. */
        struct ofp_flow_removed flow_removed;
        struct ofp_port_status port_status;
    };
    uint16_t packet_in_max_len;     /* PACKET_IN: the max_len asked for
                                     * (OFPCML_NO_BUFFER: whole frame);
                                     * the receiver truncates 'data' to
                                     * it, buffering the frame. */
};

/* How many events may wait for delivery; when the ring is full, new
 * packet-ins are dropped (and counted), other events too (counted
 * separately: they are rare enough that this means the control thread
 * is stuck). */
#define DPIF_EVENT_QUEUE_LEN 1024

/* Sets the function that receives events, in the control thread.
 * Events that arrive while none is set are discarded. */
typedef void dpif_event_cb(const struct dpif_event *, void *aux);
void dpif_set_event_cb(struct dpif *, dpif_event_cb *, void *aux);

struct dpif_event_stats {
    uint64_t packet_in;             /* Packet-ins queued. */
    uint64_t packet_in_dropped;     /* Dropped because the ring was full. */
    uint64_t other_dropped;         /* Flow-removed/port-status dropped. */
};

void dpif_get_event_stats(struct dpif *, struct dpif_event_stats *);

/* ---- Port mirroring and live capture (datapath/mirror.h and
 * datapath/capture.h describe the semantics). ---- */

/* One mirror: what it selects and where copies go.  Port names are those
 * of ports of the same bridge. */
struct dpif_mirror_config {
    const char *name;
    bool select_all;
    const char *const *src_ports;   /* Frames received on these. */
    size_t n_src_ports;
    const char *const *dst_ports;   /* Frames sent on these. */
    size_t n_dst_ports;
    const uint16_t *vlans;          /* Only in these VLANs (none: all). */
    size_t n_vlans;
    const char *output_port;        /* SPAN output, or NULL. */
    int output_vlan;                /* RSPAN output VLAN 1..4095, or -1. */
};

/* Replaces the mirrors of 'bridge' by the 'n' in 'cfgs' (counters of
 * mirrors that keep their name carry on).  Fails with ENOENT and a reason
 * in '*errorp' if a port does not exist, EINVAL if a mirror has both or
 * neither outputs, selects its own output port or an out-of-range VLAN,
 * E2BIG beyond 64 mirrors; nothing changes then.  Synchronous. */
int dpif_mirror_set(struct dpif *, const char *bridge,
                    const struct dpif_mirror_config *cfgs, size_t n,
                    char **errorp);

struct dpif_mirror_stats {
    char name[64];
    uint64_t tx_packets, tx_bytes;
};

/* Stores the counters of 'bridge''s mirrors in a new array in '*statsp'
 * (caller frees) and their number in '*np'. */
int dpif_mirror_get_stats(struct dpif *, const char *bridge,
                          struct dpif_mirror_stats **statsp, size_t *np);

/* A live capture.  'fd' is a connected SOCK_SEQPACKET socket that the
 * dpif takes over on success (and closes when the capture ends); on
 * failure it stays the caller's. */
struct dpif_capture_config {
    const char *bridge;
    const char *const *ports;       /* Ports of 'bridge' to watch. */
    size_t n_ports;
    bool in, out;                   /* Directions. */
    unsigned int snaplen;           /* Bytes copied per frame (>= 1). */
    const void *insns;              /* Classic BPF (struct bpf_insn), or
                                     * NULL to take every frame. */
    size_t n_insns;
    const char *filter;             /* Source of 'insns', for listings. */
    int fd;
};

/* Starts a capture; stores its id in '*idp'.  ENOENT (with a reason in
 * '*errorp') if the bridge or a port does not exist. */
int dpif_capture_start(struct dpif *, const struct dpif_capture_config *,
                       unsigned int *idp, char **errorp);

struct dpif_capture_info {
    unsigned int id;
    char bridge[64];
    char ports[256];                /* Comma-separated. */
    bool in, out;
    unsigned int snaplen;
    char filter[256];
    uint64_t packets, bytes, dropped;
};

/* Lists the running captures in a new array in '*infosp' (caller frees),
 * by id; removes first those whose client went away. */
int dpif_capture_list(struct dpif *, struct dpif_capture_info **infosp,
                      size_t *np);

#endif /* datapath/dpif.h */
