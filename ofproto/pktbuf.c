/* Packet buffers for packet-ins.  See pktbuf.h. */
#include "ofproto/pktbuf.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofproto/ofp-msgs.h"

struct slot {
    void *data;                 /* NULL if the slot is free. */
    size_t len;
    uint32_t in_port;
    uint32_t cookie;            /* Part of the id above the slot bits. */
    long long saved_ms;
};

struct pktbuf {
    struct slot slots[PKTBUF_N_SLOTS];
    unsigned int next;          /* Next slot to try. */
    struct pktbuf_stats stats;
};

/* The largest cookie that keeps ids below OFP_NO_BUFFER. */
#define MAX_COOKIE ((OFP_NO_BUFFER >> PKTBUF_SLOT_BITS) - 1)

struct pktbuf *
pktbuf_create(void)
{
    return xzalloc(sizeof (struct pktbuf));
}

void
pktbuf_destroy(struct pktbuf *pb)
{
    if (pb) {
        for (size_t i = 0; i < PKTBUF_N_SLOTS; i++) {
            free(pb->slots[i].data);
        }
        free(pb);
    }
}

static void
slot_clear(struct slot *s)
{
    free(s->data);
    s->data = NULL;
    s->len = 0;
}

uint32_t
pktbuf_save(struct pktbuf *pb, const void *data, size_t len,
            uint32_t in_port, long long now)
{
    for (unsigned int i = 0; i < PKTBUF_N_SLOTS; i++) {
        unsigned int idx = (pb->next + i) % PKTBUF_N_SLOTS;
        struct slot *s = &pb->slots[idx];
        if (s->data && now - s->saved_ms < PKTBUF_TIMEOUT_MS) {
            continue;
        }
        slot_clear(s);
        s->cookie = s->cookie >= MAX_COOKIE ? 0 : s->cookie + 1;
        s->data = xmalloc(len ? len : 1);
        memcpy(s->data, data, len);
        s->len = len;
        s->in_port = in_port;
        s->saved_ms = now;
        pb->next = (idx + 1) % PKTBUF_N_SLOTS;
        pb->stats.saved++;
        return (s->cookie << PKTBUF_SLOT_BITS) | idx;
    }
    pb->stats.full++;
    return OFP_NO_BUFFER;
}

ofperr
pktbuf_retrieve(struct pktbuf *pb, uint32_t id, long long now,
                void **datap, size_t *lenp, uint32_t *in_portp)
{
    struct slot *s = &pb->slots[id & (PKTBUF_N_SLOTS - 1)];

    if (id == OFP_NO_BUFFER || !s->data
        || s->cookie != id >> PKTBUF_SLOT_BITS
        || now - s->saved_ms >= PKTBUF_TIMEOUT_MS) {
        pb->stats.unknown++;
        return OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    *datap = s->data;
    *lenp = s->len;
    *in_portp = s->in_port;
    s->data = NULL;
    s->len = 0;
    pb->stats.retrieved++;
    return 0;
}

void
pktbuf_get_stats(const struct pktbuf *pb, struct pktbuf_stats *stats)
{
    *stats = pb->stats;
}
