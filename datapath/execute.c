/* Packet editing primitives of the action executor; see execute.h.
 *
 * Checksum arithmetic follows RFC 1624 (eqn. 3): HC' = ~(~HC + ~m + m'),
 * on 16-bit words read big-endian, which ones' complement sums do not
 * mind.  Every field rewritten here starts at an even offset from its
 * header, so words line up with the checksummed regions. */
#include "datapath/execute.h"

#include <errno.h>
#include <string.h>

#define XT_VLAN 0x8100
#define XT_QINQ 0x88a8
#define XT_IPV4 0x0800
#define XT_IPV6 0x86dd
#define XT_ARP 0x0806
#define XT_MPLS 0x8847
#define XT_MPLS_MC 0x8848
#define XT_PBB 0x88e7

#define IPPROTO_SCTP_ 132

/* Header offsets of a normalised packet. */
struct layers {
    size_t eth_off;             /* EtherType after in-buffer tags. */
    uint16_t eth_type;
    size_t l3;                  /* 0 if no L3 header in the buffer. */
    size_t l4;                  /* 0 if no L4 header (or a later
                                 * fragment). */
    uint8_t proto;              /* IP protocol of the L4 header. */
};

static uint16_t
get16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static uint32_t
get32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static bool
is_tpid(uint16_t type)
{
    return type == XT_VLAN || type == XT_QINQ;
}

/* ---- Layout changes. ---- */

static void
vnet_shift(struct dp_packet *pkt, int delta)
{
    if (pkt->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
        pkt->vnet.csum_start += delta;
    }
    if (pkt->vnet.hdr_len) {
        pkt->vnet.hdr_len += delta;
    }
}

/* Opens 'n' bytes at offset 'off' by moving the first 'off' bytes into
 * the headroom. */
static int
insert_bytes(struct dp_packet *pkt, size_t off, size_t n)
{
    if ((size_t) (pkt->data - pkt->base) < n) {
        return ENOSPC;
    }
    memmove(pkt->data - n, pkt->data, off);
    pkt->data -= n;
    pkt->len += n;
    vnet_shift(pkt, n);
    return 0;
}

/* Removes the 'n' bytes at offset 'off' by moving the first 'off' bytes
 * forward. */
static void
remove_bytes(struct dp_packet *pkt, size_t off, size_t n)
{
    memmove(pkt->data + n, pkt->data, off);
    pkt->data += n;
    pkt->len -= n;
    vnet_shift(pkt, -(int) n);
}

/* Drops the in-frame copy of the metadata tag, so the buffer continues
 * right after the MAC addresses ('l2_rest' == 12). */
static void
normalise(struct dp_packet *pkt)
{
    if (pkt->l2_rest > DP_ETH_ADDRS_LEN) {
        remove_bytes(pkt, DP_ETH_ADDRS_LEN,
                     pkt->l2_rest - DP_ETH_ADDRS_LEN);
        pkt->l2_rest = DP_ETH_ADDRS_LEN;
    }
}

/* If the (normalised) untagged frame starts with a tag, moves it into
 * the metadata. */
static void
lift_tag(struct dp_packet *pkt)
{
    if (!pkt->tagged && pkt->len >= DP_ETH_HDR_LEN + DP_VLAN_HDR_LEN
        && is_tpid(get16(pkt->data + DP_ETH_ADDRS_LEN))) {
        pkt->tagged = true;
        pkt->tpid = get16(pkt->data + DP_ETH_ADDRS_LEN);
        pkt->tci = get16(pkt->data + DP_ETH_ADDRS_LEN + 2);
        remove_bytes(pkt, DP_ETH_ADDRS_LEN, DP_VLAN_HDR_LEN);
    }
}

/* Writes the metadata tag into the frame (normalised first). */
static int
materialise_tag(struct dp_packet *pkt)
{
    normalise(pkt);
    if (pkt->tagged) {
        int error = insert_bytes(pkt, DP_ETH_ADDRS_LEN, DP_VLAN_HDR_LEN);
        if (error) {
            return error;
        }
        put16(pkt->data + DP_ETH_ADDRS_LEN, pkt->tpid);
        put16(pkt->data + DP_ETH_ADDRS_LEN + 2, pkt->tci);
        pkt->tagged = false;
    }
    return 0;
}

/* Parses the normalised frame 'pkt' into 'l'.  Returns false if it has
 * no complete EtherType. */
static bool
parse(const struct dp_packet *pkt, struct layers *l)
{
    const uint8_t *d = pkt->data;
    size_t len = pkt->len;
    size_t off = DP_ETH_ADDRS_LEN;

    memset(l, 0, sizeof *l);
    while (off + 2 <= len && is_tpid(get16(d + off))) {
        off += DP_VLAN_HDR_LEN;
    }
    if (off + 2 > len) {
        return false;
    }
    l->eth_off = off;
    l->eth_type = get16(d + off);
    size_t l3 = off + 2;
    if (l->eth_type == XT_IPV4) {
        if (l3 + 20 > len || (d[l3] >> 4) != 4) {
            return true;
        }
        size_t ihl = (d[l3] & 0xf) * 4;
        l->l3 = l3;
        l->proto = d[l3 + 9];
        if (ihl >= 20 && l3 + ihl <= len
            && !(get16(d + l3 + 6) & 0x1fff)) {
            l->l4 = l3 + ihl;
        }
    } else if (l->eth_type == XT_IPV6) {
        if (l3 + 40 > len) {
            return true;
        }
        l->l3 = l3;
        uint8_t nh = d[l3 + 6];
        size_t p = l3 + 40;
        for (;;) {
            if (nh == 0 || nh == 43 || nh == 60 || nh == 51) {
                if (p + 8 > len) {
                    return true;
                }
                size_t hlen = nh == 51 ? (d[p + 1] + 2) * 4
                                       : (d[p + 1] + 1) * 8;
                nh = d[p];
                p += hlen;
            } else if (nh == 44) {
                if (p + 8 > len || (get16(d + p + 2) & 0xfff8)) {
                    return true;
                }
                nh = d[p];
                p += 8;
            } else {
                break;
            }
        }
        l->proto = nh;
        if (p <= len) {
            l->l4 = p;
        }
    } else if (l->eth_type == XT_ARP) {
        if (l3 + 28 <= len) {
            l->l3 = l3;
        }
    }
    return true;
}

/* Returns true if the packet's L4 checksum is partial (its field holds
 * the pseudo-header seed), for the header at 'l4'. */
static bool
csum_partial(const struct dp_packet *pkt, size_t l4)
{
    return (pkt->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
           && pkt->vnet.csum_start == l4;
}

/* ---- Checksums. ---- */

/* Sum of (~old + new) over changed words, to apply to checksums. */
struct csum_delta {
    uint32_t sum;
};

/* Writes the 'n' bytes of 'new' at 'p', where 'p' is at an even offset
 * from the checksummed region's start iff '!odd', and returns the
 * checksum delta of the change. */
static struct csum_delta
write_bytes(uint8_t *p, const void *new, size_t n, bool odd)
{
    struct csum_delta d = { 0 };
    uint8_t *start = p - odd;
    size_t words = (n + odd + 1) / 2;
    uint16_t old[12];

    for (size_t i = 0; i < words; i++) {
        old[i] = get16(start + 2 * i);
    }
    memcpy(p, new, n);
    for (size_t i = 0; i < words; i++) {
        d.sum += (uint16_t) ~old[i] + get16(start + 2 * i);
    }
    return d;
}

/* Applies 'd' to the checksum stored at 'field'.  If 'seed', the field
 * holds an uncomplemented partial sum instead of a checksum. */
static void
csum_apply(uint8_t *field, struct csum_delta d, bool seed)
{
    uint16_t c = get16(field);
    if (seed) {
        c = ~c;
    }
    uint32_t sum = (uint16_t) ~c + d.sum;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    c = ~sum;
    if (seed) {
        c = ~c;
    }
    put16(field, c);
}

/* Applies 'd', a change of pseudo-header fields, to the L4 checksum. */
static void
l4_pseudo_update(struct dp_packet *pkt, const struct layers *l,
                 struct csum_delta d)
{
    if (!l->l4) {
        return;
    }
    uint8_t *l4 = pkt->data + l->l4;
    bool seed = csum_partial(pkt, l->l4);
    if (l->proto == IPPROTO_TCP && l->l4 + 18 <= pkt->len) {
        csum_apply(l4 + 16, d, seed);
    } else if (l->proto == IPPROTO_UDP && l->l4 + 8 <= pkt->len) {
        if (seed || get16(l4 + 6)) {
            csum_apply(l4 + 6, d, seed);
            if (!seed && !get16(l4 + 6)) {
                put16(l4 + 6, 0xffff);
            }
        }
    } else if (l->proto == IPPROTO_ICMPV6 && l->l4 + 4 <= pkt->len) {
        csum_apply(l4 + 2, d, seed);
    }
}

uint32_t
dp_exec_crc32c(const uint8_t *data, size_t n)
{
    uint32_t crc = 0xffffffff;
    for (size_t i = 0; i < n; i++) {
        crc ^= data[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
        }
    }
    return ~crc;
}

static void
sctp_recompute(struct dp_packet *pkt, const struct layers *l)
{
    if (l->l4 + 12 > pkt->len || csum_partial(pkt, l->l4)) {
        return;
    }
    uint8_t *sctp = pkt->data + l->l4;
    memset(sctp + 8, 0, 4);
    uint32_t crc = dp_exec_crc32c(sctp, pkt->len - l->l4);
    sctp[8] = crc;
    sctp[9] = crc >> 8;
    sctp[10] = crc >> 16;
    sctp[11] = crc >> 24;
}

/* ---- Field setters. ---- */

/* Rewrites 'n' bytes at offset 'off' of the IPv4 header (updating its
 * checksum) and, if 'pseudo', the L4 checksum too. */
static void
set_ipv4_bytes(struct dp_packet *pkt, const struct layers *l, size_t off,
               const void *new, size_t n, bool pseudo)
{
    uint8_t *ip = pkt->data + l->l3;
    struct csum_delta d = write_bytes(ip + off, new, n, off & 1);
    csum_apply(ip + 10, d, false);
    if (pseudo) {
        l4_pseudo_update(pkt, l, d);
    }
}

static void
set_ipv6_addr(struct dp_packet *pkt, const struct layers *l, size_t off,
              const void *new)
{
    struct csum_delta d = write_bytes(pkt->data + l->l3 + off, new, 16,
                                      false);
    l4_pseudo_update(pkt, l, d);
}

/* Rewrites 'n' bytes at offset 'off' of the TCP/UDP/SCTP/ICMP header,
 * fixing its checksum (which covers them unless partial). */
static void
set_l4_bytes(struct dp_packet *pkt, const struct layers *l, size_t off,
             const void *new, size_t n)
{
    uint8_t *l4 = pkt->data + l->l4;
    /* write_bytes() reads whole words: an odd end needs one more byte. */
    if (l->l4 + off + n + ((off + n) & 1) > pkt->len) {
        return;
    }
    bool partial = csum_partial(pkt, l->l4);
    struct csum_delta d = write_bytes(l4 + off, new, n, off & 1);
    switch (l->proto) {
    case IPPROTO_TCP:
        if (!partial && l->l4 + 18 <= pkt->len) {
            csum_apply(l4 + 16, d, false);
        }
        break;
    case IPPROTO_UDP:
        if (!partial && l->l4 + 8 <= pkt->len && get16(l4 + 6)) {
            csum_apply(l4 + 6, d, false);
            if (!get16(l4 + 6)) {
                put16(l4 + 6, 0xffff);
            }
        }
        break;
    case IPPROTO_SCTP_:
        sctp_recompute(pkt, l);
        break;
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6:
        if (!partial && l->l4 + 4 <= pkt->len) {
            csum_apply(l4 + 2, d, false);
        }
        break;
    }
}

static void
set_tos(struct dp_packet *pkt, const struct layers *l, uint8_t mask,
        uint8_t bits)
{
    uint8_t *ip = pkt->data + l->l3;
    if (l->eth_type == XT_IPV4) {
        uint8_t tos = (ip[1] & ~mask) | bits;
        set_ipv4_bytes(pkt, l, 1, &tos, 1, false);
    } else {
        uint8_t tc = ((ip[0] & 0xf) << 4) | (ip[1] >> 4);
        tc = (tc & ~mask) | bits;
        ip[0] = (ip[0] & 0xf0) | (tc >> 4);
        ip[1] = (ip[1] & 0x0f) | (tc << 4);
    }
}

/* Finds the ND option of 'type' (1: SLL, 2: TLL) in the ND message at
 * 'l4'; returns its offset in the frame or 0. */
static size_t
find_nd_option(const struct dp_packet *pkt, const struct layers *l,
               uint8_t type)
{
    size_t p = l->l4 + 24;
    while (p + 8 <= pkt->len) {
        size_t olen = pkt->data[p + 1] * 8;
        if (!olen) {
            return 0;
        }
        if (pkt->data[p] == type && olen >= 8) {
            return p;
        }
        p += olen;
    }
    return 0;
}

static bool
is_ip(const struct layers *l)
{
    return l->l3 && (l->eth_type == XT_IPV4
                     || l->eth_type == XT_IPV6);
}

static bool
is_mpls(const struct layers *l)
{
    return l->eth_type == XT_MPLS || l->eth_type == XT_MPLS_MC;
}

static void
set_lse_bits(struct dp_packet *pkt, const struct layers *l, uint32_t mask,
             uint32_t bits)
{
    if (is_mpls(l) && l->eth_off + 6 <= pkt->len) {
        uint8_t *lse = pkt->data + l->eth_off + 2;
        put32(lse, (get32(lse) & ~mask) | (bits & mask));
    }
}

static bool
has_l4(const struct layers *l, uint8_t proto)
{
    return l->l4 && l->proto == proto;
}

/* The fields that live in the frame's headers (everything but the tag
 * metadata and the MAC addresses). */
static void
set_header_field(struct dp_packet *pkt, const struct layers *l,
                 enum mf_field_id field, const union mf_value *v)
{
    uint8_t *d = pkt->data;
    bool v4 = l->l3 && l->eth_type == XT_IPV4;
    bool v6 = l->l3 && l->eth_type == XT_IPV6;
    bool arp = l->l3 && l->eth_type == XT_ARP;
    uint8_t icmp = v4 ? IPPROTO_ICMP : IPPROTO_ICMPV6;

    switch (field) {
    case MFF_ETH_TYPE:
        put16(d + l->eth_off, ntohs(v->be16));
        break;
    case MFF_IP_DSCP:
        if (is_ip(l)) {
            set_tos(pkt, l, 0xfc, v->u8 << 2);
        }
        break;
    case MFF_IP_ECN:
        if (is_ip(l)) {
            set_tos(pkt, l, 0x03, v->u8 & 3);
        }
        break;
    case MFF_IP_PROTO:
        if (v4) {
            set_ipv4_bytes(pkt, l, 9, &v->u8, 1, false);
        } else if (v6) {
            d[l->l3 + 6] = v->u8;
        }
        break;
    case MFF_IP_TTL:
        dp_exec_set_nw_ttl(pkt, v->u8);
        break;
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST:
        if (v4) {
            set_ipv4_bytes(pkt, l, field == MFF_IPV4_SRC ? 12 : 16,
                           &v->be32, 4, true);
        }
        break;
    case MFF_IPV6_SRC:
    case MFF_IPV6_DST:
        if (v6) {
            set_ipv6_addr(pkt, l, field == MFF_IPV6_SRC ? 8 : 24,
                          &v->ipv6);
        }
        break;
    case MFF_IPV6_LABEL:
        if (v6) {
            uint32_t w = get32(d + l->l3);
            put32(d + l->l3, (w & 0xfff00000) | (ntohl(v->be32) & 0xfffff));
        }
        break;
    case MFF_TCP_SRC:
    case MFF_TCP_DST:
    case MFF_UDP_SRC:
    case MFF_UDP_DST:
    case MFF_SCTP_SRC:
    case MFF_SCTP_DST: {
        uint8_t proto = (field == MFF_TCP_SRC || field == MFF_TCP_DST
                         ? IPPROTO_TCP
                         : field == MFF_UDP_SRC || field == MFF_UDP_DST
                         ? IPPROTO_UDP : IPPROTO_SCTP_);
        bool src = (field == MFF_TCP_SRC || field == MFF_UDP_SRC
                    || field == MFF_SCTP_SRC);
        if (has_l4(l, proto)) {
            set_l4_bytes(pkt, l, src ? 0 : 2, &v->be16, 2);
        }
        break;
    }
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_TYPE:
    case MFF_ICMPV6_CODE:
        if (has_l4(l, icmp)
            && (v4 == (field == MFF_ICMPV4_TYPE
                       || field == MFF_ICMPV4_CODE))) {
            bool type = field == MFF_ICMPV4_TYPE || field == MFF_ICMPV6_TYPE;
            set_l4_bytes(pkt, l, type ? 0 : 1, &v->u8, 1);
        }
        break;
    case MFF_ND_TARGET:
        if (v6 && has_l4(l, IPPROTO_ICMPV6)) {
            set_l4_bytes(pkt, l, 8, &v->ipv6, 16);
        }
        break;
    case MFF_ND_SLL:
    case MFF_ND_TLL:
        if (v6 && has_l4(l, IPPROTO_ICMPV6)) {
            size_t opt = find_nd_option(pkt, l, field == MFF_ND_SLL ? 1 : 2);
            if (opt) {
                set_l4_bytes(pkt, l, opt + 2 - l->l4, &v->mac, 6);
            }
        }
        break;
    case MFF_ARP_OP:
        if (arp) {
            memcpy(d + l->l3 + 6, &v->be16, 2);
        }
        break;
    case MFF_ARP_SHA:
    case MFF_ARP_THA:
        if (arp) {
            memcpy(d + l->l3 + (field == MFF_ARP_SHA ? 8 : 18), &v->mac, 6);
        }
        break;
    case MFF_ARP_SPA:
    case MFF_ARP_TPA:
        if (arp) {
            memcpy(d + l->l3 + (field == MFF_ARP_SPA ? 14 : 24), &v->be32,
                   4);
        }
        break;
    case MFF_MPLS_LABEL:
        set_lse_bits(pkt, l, 0xfffff000, ntohl(v->be32) << 12);
        break;
    case MFF_MPLS_TC:
        set_lse_bits(pkt, l, 0x00000e00, (uint32_t) v->u8 << 9);
        break;
    case MFF_MPLS_BOS:
        set_lse_bits(pkt, l, 0x00000100, (uint32_t) v->u8 << 8);
        break;
    case MFF_PBB_ISID:
        if (l->eth_type == XT_PBB && l->eth_off + 6 <= pkt->len) {
            memcpy(d + l->eth_off + 3, v->bytes, 3);
        }
        break;
    case MFF_PBB_UCA:
        if (l->eth_type == XT_PBB && l->eth_off + 6 <= pkt->len) {
            d[l->eth_off + 2] = (d[l->eth_off + 2] & ~0x08)
                                | (v->u8 ? 0x08 : 0);
        }
        break;
    default:
        break;
    }
}

int
dp_exec_set_field(struct dp_packet *pkt, enum mf_field_id field,
                  const union mf_value *v)
{
    struct layers l;

    switch (field) {
    case MFF_IN_PORT:
    case MFF_IN_PHY_PORT:
    case MFF_METADATA:
    case MFF_TUNNEL_ID:
    case MFF_IPV6_EXTHDR:
    case MFF_N_IDS:
        return 0;
    case MFF_ETH_DST:
        memcpy(pkt->data, &v->mac, 6);
        return 0;
    case MFF_ETH_SRC:
        memcpy(pkt->data + 6, &v->mac, 6);
        return 0;
    case MFF_VLAN_VID:
        if (pkt->tagged) {
            pkt->tci = (pkt->tci & ~VLAN_VID_MASK)
                       | (ntohs(v->be16) & VLAN_VID_MASK);
        }
        return 0;
    case MFF_VLAN_PCP:
        if (pkt->tagged) {
            pkt->tci = (pkt->tci & ~VLAN_PCP_MASK)
                       | ((v->u8 & 7) << VLAN_PCP_SHIFT);
        }
        return 0;
    default:
        normalise(pkt);
        if (!parse(pkt, &l)) {
            return ENOSPC;
        }
        set_header_field(pkt, &l, field, v);
        return 0;
    }
}

int
dp_exec_push_vlan(struct dp_packet *pkt, uint16_t tpid, uint16_t tci)
{
    int error = materialise_tag(pkt);
    if (!error) {
        pkt->tagged = true;
        pkt->tpid = tpid;
        pkt->tci = tci;
    }
    return error;
}

void
dp_exec_pop_vlan(struct dp_packet *pkt)
{
    if (pkt->tagged) {
        normalise(pkt);
        pkt->tagged = false;
        lift_tag(pkt);
    }
}

int
dp_exec_push_mpls(struct dp_packet *pkt, uint16_t ethertype, uint32_t lse)
{
    struct layers l;
    normalise(pkt);
    if (!parse(pkt, &l)) {
        return ENOSPC;
    }
    int error = insert_bytes(pkt, l.eth_off + 2, 4);
    if (!error) {
        put16(pkt->data + l.eth_off, ethertype);
        put32(pkt->data + l.eth_off + 2, lse);
    }
    return error;
}

void
dp_exec_pop_mpls(struct dp_packet *pkt, uint16_t ethertype)
{
    struct layers l;
    normalise(pkt);
    if (parse(pkt, &l) && is_mpls(&l) && l.eth_off + 6 <= pkt->len) {
        remove_bytes(pkt, l.eth_off + 2, 4);
        put16(pkt->data + l.eth_off, ethertype);
    }
}

int
dp_exec_push_pbb(struct dp_packet *pkt, uint32_t isid)
{
    int error = materialise_tag(pkt);
    if (!error) {
        error = insert_bytes(pkt, DP_ETH_ADDRS_LEN, 18);
    }
    if (!error) {
        uint8_t *d = pkt->data;
        put16(d + 12, XT_PBB);
        put32(d + 14, isid & 0xffffff);
        memcpy(d + 18, d, DP_ETH_ADDRS_LEN);
    }
    return error;
}

void
dp_exec_pop_pbb(struct dp_packet *pkt)
{
    struct layers l;
    normalise(pkt);
    if (parse(pkt, &l) && l.eth_type == XT_PBB
        && l.eth_off + 6 + DP_ETH_HDR_LEN <= pkt->len) {
        size_t n = l.eth_off + 6;
        pkt->tagged = false;        /* A B-tag goes with the header. */
        pkt->data += n;
        pkt->len -= n;
        vnet_shift(pkt, -(int) n);
        lift_tag(pkt);
    }
}

void
dp_exec_set_mpls_ttl(struct dp_packet *pkt, uint8_t ttl)
{
    struct layers l;
    normalise(pkt);
    if (parse(pkt, &l)) {
        set_lse_bits(pkt, &l, 0xff, ttl);
    }
}

void
dp_exec_set_nw_ttl(struct dp_packet *pkt, uint8_t ttl)
{
    struct layers l;
    normalise(pkt);
    if (!parse(pkt, &l) || !l.l3) {
        return;
    }
    if (l.eth_type == XT_IPV4) {
        set_ipv4_bytes(pkt, &l, 8, &ttl, 1, false);
    } else if (l.eth_type == XT_IPV6) {
        pkt->data[l.l3 + 7] = ttl;
    }
}

/* Finds, for an MPLS packet, the outermost LSE and the TTL byte of the
 * header below it ('*innerp', NULL if unknown) and whether that is an
 * IPv4 header (at '*ipv4p', for its checksum). */
static uint8_t *
mpls_ttl_pair(struct dp_packet *pkt, uint8_t **innerp, uint8_t **ipv4p)
{
    struct layers l;
    *innerp = *ipv4p = NULL;
    normalise(pkt);
    if (!parse(pkt, &l) || !is_mpls(&l) || l.eth_off + 6 > pkt->len) {
        return NULL;
    }
    uint8_t *lse = pkt->data + l.eth_off + 2;
    uint8_t *below = lse + 4;
    size_t left = pkt->len - (below - pkt->data);
    if (!(lse[2] & 1)) {
        if (left >= 4) {
            *innerp = below + 3;
        }
    } else if (left >= 20 && (below[0] >> 4) == 4) {
        *innerp = below + 8;
        *ipv4p = below;
    } else if (left >= 40 && (below[0] >> 4) == 6) {
        *innerp = below + 7;
    }
    return lse;
}

void
dp_exec_copy_ttl_out(struct dp_packet *pkt)
{
    uint8_t *inner, *ipv4;
    uint8_t *lse = mpls_ttl_pair(pkt, &inner, &ipv4);
    if (lse && inner) {
        lse[3] = *inner;
    }
}

void
dp_exec_copy_ttl_in(struct dp_packet *pkt)
{
    uint8_t *inner, *ipv4;
    uint8_t *lse = mpls_ttl_pair(pkt, &inner, &ipv4);
    if (lse && inner) {
        if (ipv4) {
            struct csum_delta d = write_bytes(inner, &lse[3], 1, false);
            csum_apply(ipv4 + 10, d, false);
        } else {
            *inner = lse[3];
        }
    }
}
