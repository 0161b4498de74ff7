/* Flow key extraction, hashing and masked comparison.  See lib/flow.h. */
#include "lib/flow.h"

#include <arpa/inet.h>
#include <string.h>

/* IP protocol numbers and IPv6 extension headers. */
#define IPPROTO_NUM_HOPOPTS 0
#define IPPROTO_NUM_ICMP 1
#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_UDP 17
#define IPPROTO_NUM_ROUTING 43
#define IPPROTO_NUM_FRAGMENT 44
#define IPPROTO_NUM_ESP 50
#define IPPROTO_NUM_AH 51
#define IPPROTO_NUM_ICMPV6 58
#define IPPROTO_NUM_NONE 59
#define IPPROTO_NUM_DSTOPTS 60
#define IPPROTO_NUM_SCTP 132

#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136
#define ND_OPT_SLL 1
#define ND_OPT_TLL 2

/* The dl_type of an 802.3 frame without a SNAP EtherType, as in OVS. */
#define FLOW_DL_TYPE_NONE 0x05ff

/* A cursor over the frame: 'p' is the start, 'ofs' the current offset
 * and 'end' the number of valid bytes. */
struct cursor {
    const uint8_t *p;
    size_t ofs;
    size_t end;
};

static bool
cursor_has(const struct cursor *c, size_t n)
{
    return c->ofs <= c->end && c->end - c->ofs >= n;
}

static const uint8_t *
cursor_at(const struct cursor *c)
{
    return c->p + c->ofs;
}

static uint16_t
get_u16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static ovs_be16
get_be16(const uint8_t *p)
{
    ovs_be16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static ovs_be32
get_be32(const uint8_t *p)
{
    ovs_be32 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void
parse_tcp_udp_sctp(struct cursor *c, struct flow *flow,
                   struct flow_layers *layers)
{
    size_t hdr_len;

    switch (flow->nw_proto) {
    case IPPROTO_NUM_TCP:
        if (!cursor_has(c, 20)) {
            return;
        }
        hdr_len = (size_t) (cursor_at(c)[12] >> 4) * 4;
        if (hdr_len < 20 || !cursor_has(c, hdr_len)) {
            hdr_len = 20;
        }
        break;
    case IPPROTO_NUM_UDP:
        hdr_len = 8;
        break;
    case IPPROTO_NUM_SCTP:
        hdr_len = 12;
        break;
    default:
        return;
    }
    if (!cursor_has(c, hdr_len)) {
        return;
    }
    flow->tp_src = get_be16(cursor_at(c));
    flow->tp_dst = get_be16(cursor_at(c) + 2);
    layers->l4 = (uint16_t) c->ofs;
    layers->l7 = (uint16_t) (c->ofs + hdr_len);
}

static void
parse_icmpv4(struct cursor *c, struct flow *flow, struct flow_layers *layers)
{
    if (!cursor_has(c, 4)) {
        return;
    }
    flow->tp_src = htons(cursor_at(c)[0]);
    flow->tp_dst = htons(cursor_at(c)[1]);
    layers->l4 = (uint16_t) c->ofs;
    layers->l7 = (uint16_t) (c->ofs + 4);
}

/* Parses the ND options after the target address: the first SLL option of
 * a solicitation, the first TLL option of an advertisement.  A malformed
 * option list (zero length, overrun) clears the ND fields, as a packet
 * with invalid ND options cannot be trusted for its addresses. */
static void
parse_nd(struct cursor *c, struct flow *flow, uint8_t type)
{
    size_t ofs = c->ofs + 24;
    bool have_sll = false, have_tll = false;

    memcpy(&flow->nd_target, cursor_at(c) + 8, 16);
    while (ofs + 8 <= c->end) {
        const uint8_t *opt = c->p + ofs;
        size_t opt_len = (size_t) opt[1] * 8;

        if (!opt_len || ofs + opt_len > c->end) {
            goto invalid;
        }
        if (opt[0] == ND_OPT_SLL && type == ND_NEIGHBOR_SOLICIT
            && opt_len == 8) {
            if (have_sll) {
                goto invalid;
            }
            memcpy(&flow->arp_sha, opt + 2, 6);
            have_sll = true;
        } else if (opt[0] == ND_OPT_TLL && type == ND_NEIGHBOR_ADVERT
                   && opt_len == 8) {
            if (have_tll) {
                goto invalid;
            }
            memcpy(&flow->arp_tha, opt + 2, 6);
            have_tll = true;
        }
        ofs += opt_len;
    }
    return;

invalid:
    memset(&flow->nd_target, 0, sizeof flow->nd_target);
    memset(&flow->arp_sha, 0, sizeof flow->arp_sha);
    memset(&flow->arp_tha, 0, sizeof flow->arp_tha);
}

static void
parse_icmpv6(struct cursor *c, struct flow *flow, struct flow_layers *layers)
{
    uint8_t type, code;

    if (!cursor_has(c, 4)) {
        return;
    }
    type = cursor_at(c)[0];
    code = cursor_at(c)[1];
    flow->tp_src = htons(type);
    flow->tp_dst = htons(code);
    layers->l4 = (uint16_t) c->ofs;
    layers->l7 = (uint16_t) (c->ofs + 4);
    if ((type == ND_NEIGHBOR_SOLICIT || type == ND_NEIGHBOR_ADVERT)
        && code == 0 && cursor_has(c, 24)) {
        parse_nd(c, flow, type);
        layers->l7 = (uint16_t) c->end;
    }
}

static void
parse_ipv4(struct cursor *c, struct flow *flow, struct flow_layers *layers)
{
    const uint8_t *ip;
    size_t ihl, tot_len;
    uint16_t frag;

    if (!cursor_has(c, 20)) {
        return;
    }
    ip = cursor_at(c);
    ihl = (size_t) (ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ihl < 20 || !cursor_has(c, ihl)) {
        return;
    }
    layers->l3 = (uint16_t) c->ofs;
    flow->nw_tos = ip[1];
    flow->nw_ttl = ip[8];
    flow->nw_proto = ip[9];
    flow->nw_src = get_be32(ip + 12);
    flow->nw_dst = get_be32(ip + 16);

    frag = get_u16(ip + 6);
    if (frag & 0x3fff) {
        flow->nw_frag = FLOW_NW_FRAG_ANY;
        if (frag & 0x1fff) {
            flow->nw_frag |= FLOW_NW_FRAG_LATER;
            return;
        }
    }

    /* Ignore Ethernet padding past the datagram's own length. */
    tot_len = get_u16(ip + 2);
    if (tot_len >= ihl && cursor_has(c, tot_len)) {
        c->end = c->ofs + tot_len;
    }
    c->ofs += ihl;
    if (flow->nw_proto == IPPROTO_NUM_ICMP) {
        parse_icmpv4(c, flow, layers);
    } else {
        parse_tcp_udp_sctp(c, flow, layers);
    }
}

/* Ranks of the IPv6 extension headers in RFC 8200's recommended order,
 * for OFPIEH_UNSEQ. */
enum {
    IEH_RANK_HOP = 1,
    IEH_RANK_DEST1,
    IEH_RANK_ROUTER,
    IEH_RANK_FRAG,
    IEH_RANK_AUTH,
    IEH_RANK_ESP,
    IEH_RANK_DEST2,
};

/* Records extension header 'flag' of 'rank' in 'flow''s ipv6_exthdr,
 * flagging out-of-order headers and, unless 'may_repeat', repeats. */
static void
note_exthdr(struct flow *flow, uint16_t flag, int rank, bool may_repeat,
            int *last_rank)
{
    if (flow->ipv6_exthdr & flag && !may_repeat) {
        flow->ipv6_exthdr |= FLOW_IEH_UNREP;
    }
    flow->ipv6_exthdr |= flag;
    if (rank < *last_rank) {
        flow->ipv6_exthdr |= FLOW_IEH_UNSEQ;
    }
    *last_rank = rank;
}

static void
parse_ipv6(struct cursor *c, struct flow *flow, struct flow_layers *layers)
{
    const uint8_t *ip;
    uint32_t word;
    uint8_t next;
    size_t payload_len;
    int last_rank = 0;
    int n_dest = 0;

    if (!cursor_has(c, 40)) {
        return;
    }
    ip = cursor_at(c);
    word = (uint32_t) ip[0] << 24 | (uint32_t) ip[1] << 16
           | (uint32_t) ip[2] << 8 | ip[3];
    if ((word >> 28) != 6) {
        return;
    }
    layers->l3 = (uint16_t) c->ofs;
    flow->nw_tos = (uint8_t) (word >> 20);
    flow->ipv6_label = htonl(word & 0xfffff);
    flow->nw_ttl = ip[7];
    memcpy(&flow->ipv6_src, ip + 8, 16);
    memcpy(&flow->ipv6_dst, ip + 24, 16);
    next = ip[6];
    payload_len = get_u16(ip + 4);
    c->ofs += 40;
    if (payload_len && cursor_has(c, payload_len)) {
        c->end = c->ofs + payload_len;
    }

    for (;;) {
        const uint8_t *h = cursor_at(c);
        size_t len;

        flow->nw_proto = next;
        switch (next) {
        case IPPROTO_NUM_HOPOPTS:
        case IPPROTO_NUM_ROUTING:
        case IPPROTO_NUM_DSTOPTS:
            if (next == IPPROTO_NUM_HOPOPTS) {
                note_exthdr(flow, FLOW_IEH_HOP, IEH_RANK_HOP, false,
                            &last_rank);
            } else if (next == IPPROTO_NUM_ROUTING) {
                note_exthdr(flow, FLOW_IEH_ROUTER, IEH_RANK_ROUTER, false,
                            &last_rank);
            } else {
                /* A destination options header may come twice: before a
                 * routing header and last. */
                bool first = !n_dest && !(flow->ipv6_exthdr
                                          & FLOW_IEH_ROUTER);
                n_dest++;
                note_exthdr(flow, FLOW_IEH_DEST,
                            first ? IEH_RANK_DEST1 : IEH_RANK_DEST2,
                            n_dest <= 2, &last_rank);
            }
            if (!cursor_has(c, 8)) {
                return;
            }
            len = ((size_t) h[1] + 1) * 8;
            break;
        case IPPROTO_NUM_AH:
            note_exthdr(flow, FLOW_IEH_AUTH, IEH_RANK_AUTH, false,
                        &last_rank);
            if (!cursor_has(c, 8)) {
                return;
            }
            len = ((size_t) h[1] + 2) * 4;
            break;
        case IPPROTO_NUM_FRAGMENT: {
            uint16_t frag;

            note_exthdr(flow, FLOW_IEH_FRAG, IEH_RANK_FRAG, false,
                        &last_rank);
            if (!cursor_has(c, 8)) {
                return;
            }
            frag = get_u16(h + 2);
            flow->nw_frag |= FLOW_NW_FRAG_ANY;
            if (frag & 0xfff8) {
                flow->nw_frag |= FLOW_NW_FRAG_LATER;
            }
            len = 8;
            break;
        }
        case IPPROTO_NUM_ESP:
            note_exthdr(flow, FLOW_IEH_ESP, IEH_RANK_ESP, false,
                        &last_rank);
            return;
        case IPPROTO_NUM_NONE:
            flow->ipv6_exthdr |= FLOW_IEH_NONEXT;
            return;
        default:
            goto upper;
        }
        if (!cursor_has(c, len)) {
            return;
        }
        next = h[0];
        c->ofs += len;
    }

upper:
    if (flow->nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    if (flow->nw_proto == IPPROTO_NUM_ICMPV6) {
        parse_icmpv6(c, flow, layers);
    } else {
        parse_tcp_udp_sctp(c, flow, layers);
    }
}

static void
parse_arp(struct cursor *c, struct flow *flow, struct flow_layers *layers)
{
    const uint8_t *arp;
    uint16_t op;

    if (!cursor_has(c, 28)) {
        return;
    }
    arp = cursor_at(c);
    if (get_u16(arp) != 1 || get_u16(arp + 2) != ETH_TYPE_IP
        || arp[4] != 6 || arp[5] != 4) {
        return;
    }
    layers->l3 = (uint16_t) c->ofs;
    op = get_u16(arp + 6);
    if (op <= 0xff) {
        flow->nw_proto = (uint8_t) op;
    }
    memcpy(&flow->arp_sha, arp + 8, 6);
    flow->nw_src = get_be32(arp + 14);
    memcpy(&flow->arp_tha, arp + 18, 6);
    flow->nw_dst = get_be32(arp + 24);
}

void
flow_extract(const void *data, size_t len, uint32_t in_port,
             ovs_be16 vlan_tci, struct flow *flow, struct flow_layers *layers)
{
    struct flow_layers dummy;
    struct cursor c = { .p = data, .ofs = 0, .end = len };
    uint16_t type;

    memset(flow, 0, sizeof *flow);
    if (!layers) {
        layers = &dummy;
    }
    layers->l2_5 = layers->l3 = layers->l4 = layers->l7 = UINT16_MAX;
    flow->in_port = in_port;
    flow->in_phy_port = in_port;
    if (vlan_tci) {
        flow->vlan_tci = vlan_tci | htons(VLAN_CFI);
    }

    if (!cursor_has(&c, 14)) {
        return;
    }
    memcpy(&flow->dl_dst, c.p, 6);
    memcpy(&flow->dl_src, c.p + 6, 6);
    type = get_u16(c.p + 12);
    c.ofs = 14;

    /* 802.1Q/802.1ad tags: the outermost goes into vlan_tci. */
    while (type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD) {
        if (!cursor_has(&c, 4)) {
            flow->dl_type = htons(type);
            return;
        }
        if (!flow->vlan_tci) {
            flow->vlan_tci = get_be16(cursor_at(&c)) | htons(VLAN_CFI);
        }
        type = get_u16(cursor_at(&c) + 2);
        c.ofs += 4;
    }

    /* 802.3 length field: look for an LLC/SNAP EtherType. */
    if (type < ETH_TYPE_MIN) {
        const uint8_t *llc = cursor_at(&c);

        if (cursor_has(&c, 8) && llc[0] == 0xaa && llc[1] == 0xaa
            && llc[2] == 0x03 && !llc[3] && !llc[4] && !llc[5]) {
            type = get_u16(llc + 6);
            c.ofs += 8;
        } else {
            flow->dl_type = htons(FLOW_DL_TYPE_NONE);
            return;
        }
    }
    flow->dl_type = htons(type);

    switch (type) {
    case ETH_TYPE_MPLS:
    case ETH_TYPE_MPLS_MCAST:
        if (cursor_has(&c, 4)) {
            layers->l2_5 = (uint16_t) c.ofs;
            flow->mpls_lse = get_be32(cursor_at(&c));
        }
        break;
    case ETH_TYPE_PBB:
        if (cursor_has(&c, 4)) {
            const uint8_t *itag = cursor_at(&c);

            layers->l2_5 = (uint16_t) c.ofs;
            flow->pbb_isid = htonl((uint32_t) itag[1] << 16
                                   | (uint32_t) itag[2] << 8 | itag[3]);
            flow->pbb_uca = (itag[0] >> 3) & 1;
        }
        break;
    case ETH_TYPE_IP:
        parse_ipv4(&c, flow, layers);
        break;
    case ETH_TYPE_IPV6:
        parse_ipv6(&c, flow, layers);
        break;
    case ETH_TYPE_ARP:
        parse_arp(&c, flow, layers);
        break;
    default:
        break;
    }
}

/* Number of 64-bit words in 'struct flow'. */
#define FLOW_N_WORDS (sizeof(struct flow) / sizeof(uint64_t))
_Static_assert(sizeof(struct flow) % sizeof(uint64_t) == 0,
               "struct flow must be a whole number of 64-bit words");

static uint64_t
flow_word(const struct flow *flow, size_t i)
{
    uint64_t w;
    memcpy(&w, (const uint8_t *) flow + i * sizeof w, sizeof w);
    return w;
}

static uint32_t
hash_add64(uint32_t hash, uint64_t data)
{
    /* Two rounds of the murmur3 32-bit block mix, one per half. */
    uint32_t halves[2] = { (uint32_t) data, (uint32_t) (data >> 32) };

    for (int i = 0; i < 2; i++) {
        uint32_t k = halves[i] * 0xcc9e2d51u;
        k = (k << 15) | (k >> 17);
        k *= 0x1b873593u;
        hash ^= k;
        hash = (hash << 13) | (hash >> 19);
        hash = hash * 5 + 0xe6546b64u;
    }
    return hash;
}

static uint32_t
hash_finish(uint32_t hash, uint32_t n_bytes)
{
    hash ^= n_bytes;
    hash ^= hash >> 16;
    hash *= 0x85ebca6bu;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35u;
    hash ^= hash >> 16;
    return hash;
}

uint32_t
flow_hash(const struct flow *flow, const struct flow *mask, uint32_t basis)
{
    uint32_t hash = basis;

    for (size_t i = 0; i < FLOW_N_WORDS; i++) {
        uint64_t w = flow_word(flow, i);
        if (mask) {
            w &= flow_word(mask, i);
        }
        hash = hash_add64(hash, w);
    }
    return hash_finish(hash, sizeof *flow);
}

bool
flow_equal_masked(const struct flow *a, const struct flow *b,
                  const struct flow *mask)
{
    for (size_t i = 0; i < FLOW_N_WORDS; i++) {
        if ((flow_word(a, i) ^ flow_word(b, i)) & flow_word(mask, i)) {
            return false;
        }
    }
    return true;
}
