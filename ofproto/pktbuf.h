/* Packet buffers for packet-ins: the frames the switch keeps when it sends
 * a controller only the first 'max_len' bytes of a packet, so that a later
 * PACKET_OUT or FLOW_MOD naming the buffer_id can send the whole frame.
 *
 * A store has PKTBUF_N_SLOTS slots, reused round-robin.  A buffer_id is
 * the slot index in its low PKTBUF_SLOT_BITS bits and a per-slot cookie
 * above them, so an id stays unique long after its slot was reused: a
 * PACKET_OUT for a reused, expired or already used buffer fails with
 * OFPBRC_BUFFER_UNKNOWN (as Open vSwitch answers) instead of sending some
 * other packet.  A buffer lives PKTBUF_TIMEOUT_MS; a slot younger than
 * that is never overwritten, so when every slot is young the packet-in
 * goes out unbuffered (OFP_NO_BUFFER, the whole frame), as the OpenFlow
 * 1.3 specification asks.  Retrieving a buffer consumes it.
 *
 * Time comes in as an argument ('now', in ms), so tests can warp it.
 *
 * Threads: a store belongs to one thread (switchd's control thread). */
#ifndef SLUICE_PKTBUF_H
#define SLUICE_PKTBUF_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"

#define PKTBUF_SLOT_BITS 8
#define PKTBUF_N_SLOTS (1u << PKTBUF_SLOT_BITS)
#define PKTBUF_TIMEOUT_MS 5000

struct pktbuf;

/* Counters, for dpif/show and tests. */
struct pktbuf_stats {
    uint64_t saved;             /* Frames buffered. */
    uint64_t full;              /* Packet-ins sent unbuffered: no free
                                 * slot. */
    uint64_t retrieved;         /* Buffers used by PACKET_OUT/FLOW_MOD. */
    uint64_t unknown;           /* Lookups of unknown or expired ids. */
};

/* Creates an empty store; pktbuf_destroy() frees it (accepts NULL). */
struct pktbuf *pktbuf_create(void);
void pktbuf_destroy(struct pktbuf *);

/* Copies the 'len'-byte frame 'data' received on OpenFlow port 'in_port'
 * into a free slot at time 'now' and returns its buffer_id, or
 * OFP_NO_BUFFER if every slot holds a buffer younger than
 * PKTBUF_TIMEOUT_MS. */
uint32_t pktbuf_save(struct pktbuf *, const void *data, size_t len,
                     uint32_t in_port, long long now);

/* Takes buffer 'id' out of the store at time 'now': stores the frame (a
 * malloc'd copy the caller frees) in '*datap', its length in '*lenp' and
 * its input port in '*in_portp', and returns 0.  Returns
 * OFPERR_OFPBRC_BUFFER_UNKNOWN if 'id' was never handed out, was already
 * used, was overwritten or has expired. */
ofperr pktbuf_retrieve(struct pktbuf *, uint32_t id, long long now,
                       void **datap, size_t *lenp, uint32_t *in_portp);

void pktbuf_get_stats(const struct pktbuf *, struct pktbuf_stats *);

#endif /* ofproto/pktbuf.h */
