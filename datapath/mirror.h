/* Port taps of the datapath: port mirroring (SPAN and RSPAN) and the hook
 * points that live captures (datapath/capture.h) share with it.
 *
 * Every port may carry a 'struct dp_taps': the mirrors that select the
 * frames it receives (ingress) and sends (egress), the captures that
 * watch it, and whether it is itself a mirror output.  A port without
 * taps has a NULL pointer, so the packet path pays one branch per
 * received frame and one per queued output.  The tap lists are rebuilt
 * from the bridge's mirrors and the dpif's captures whenever either
 * changes (dp_taps_rebuild()).
 *
 * Semantics (those of OVS's Mirror table): a mirror selects a frame
 * received on a port in 'select_src_port', or sent on a port in
 * 'select_dst_port', or any frame if 'select_all'; if 'select_vlan' is
 * not empty, only frames in those VLANs (with no port selection, in those
 * VLANs on any port).  Ingress copies show the frame as received, egress
 * copies as sent (after NORMAL's egress tagging).  A SPAN mirror sends
 * copies to its output port, which is never selected, never learned on
 * or flooded to by NORMAL, and whose input is dropped.  An RSPAN mirror
 * sends each copy tagged with 'output_vlan' (replacing any tag) out of
 * every trunk port that carries that VLAN, except the port the frame came
 * in on or was tapped at.  Each mirror fires at most once per received
 * packet, and a packet is copied at most once to each port, however many
 * mirrors select it.  Mirrors count the copies they sent (tx_packets,
 * tx_bytes).
 *
 * Threads: everything here runs on the datapath thread (the dpif's
 * synchronous calls bring configuration changes to it). */
#ifndef SLUICE_DP_MIRROR_H
#define SLUICE_DP_MIRROR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dp_bridge;
struct dp_capture;
struct dp_packet;
struct dp_port;
struct dpif;
struct dpif_mirror_config;

/* Most mirrors per bridge (one bit each in a per-packet mask). */
#define DP_MAX_MIRRORS 64

/* Most distinct ports that receive mirror copies of one packet. */
#define DP_MAX_MIRROR_COPIES 16

/* One mirror of a bridge, as the datapath runs it. */
struct dp_mirror {
    char *name;
    unsigned int idx;           /* Bit in 'dp_tap_packet.fired'. */
    bool select_all;
    int *src_ofports, *dst_ofports;     /* Selected ports, by ofport. */
    size_t n_src, n_dst;
    uint64_t vlans[4096 / 64];  /* Bitmap of selected VLANs. */
    bool any_vlan;              /* 'select_vlan' was empty. */
    int out_ofport;             /* SPAN output port, or -1. */
    int out_vlan;               /* RSPAN output VLAN, or -1. */
    uint64_t tx_packets, tx_bytes;
};

/* The mirrors of one bridge. */
struct dp_mirrors {
    struct dp_mirror **mirrors;
    size_t n;
};

/* The taps of one port. */
struct dp_taps {
    struct dp_mirror **in_mirrors, **out_mirrors;
    size_t n_in_mirrors, n_out_mirrors;
    struct dp_capture **in_caps, **out_caps;
    size_t n_in_caps, n_out_caps;
    bool mirror_output;         /* A SPAN output: input dropped, never an
                                 * output of NORMAL. */
};

/* What the taps did with the packet being processed: reset before each
 * received packet. */
struct dp_tap_packet {
    uint64_t fired;             /* Mirrors that copied it already. */
    const struct dp_port *in;   /* Its input port. */
    struct dp_port *copied[DP_MAX_MIRROR_COPIES];  /* Ports sent a copy. */
    size_t n_copied;
};

/* Results of dp_taps_input(). */
enum dp_taps_verdict {
    DP_TAPS_PASS,               /* Process the packet as usual. */
    DP_TAPS_SHARED,             /* Copies reference the packet: execute
                                 * it copy-on-write. */
    DP_TAPS_DROP                /* Input of a mirror output port. */
};

/* Runs the ingress taps of 'in' on 'pkt', just received, after
 * dp_tap_packet_reset().  Returns what the caller must do with it. */
enum dp_taps_verdict dp_taps_input(struct dpif *, struct dp_port *in,
                                   const struct dp_packet *pkt);

/* Runs the egress taps of 'out' on 'pkt' about to be queued on 'out' with
 * egress tag ('tagged', 'tci', 'tpid'). */
void dp_taps_output(struct dpif *, struct dp_port *out,
                    const struct dp_packet *pkt, bool tagged, uint16_t tci,
                    uint16_t tpid);

/* Forgets what the taps did for the previous packet; 'in' is the input
 * port of the next one (NULL for a packet-out). */
static inline void
dp_tap_packet_reset(struct dp_tap_packet *tp, const struct dp_port *in)
{
    tp->fired = 0;
    tp->n_copied = 0;
    tp->in = in;
}

/* Forgets 'port' of 'br' in every capture and tap (it is being
 * deleted, and already out of 'br->ports'). */
void dp_taps_port_deleted(struct dpif *, struct dp_bridge *br,
                          struct dp_port *port);

/* Frees 'taps' (NULL is fine). */
void dp_taps_free(struct dp_taps *taps);

/* Frees every mirror of 'br' and the taps of its ports. */
void dp_mirrors_destroy(struct dp_bridge *br);

/* Rebuilds the taps of every port of 'br' from its mirrors and the
 * dpif's captures, and makes cached NORMAL decisions stale. */
void dp_taps_rebuild(struct dpif *, struct dp_bridge *br);

#endif /* datapath/mirror.h */
