/* The table of OpenFlow fields.  See ofproto/meta-flow.h. */
#include "ofproto/meta-flow.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

/* One row per field, indexed by enum mf_field_id.  OXM numbers, widths
 * and maskability follow OpenFlow 1.3.x tables 11 and 12; PBB_UCA is
 * OF1.4's field 41. */
#define F(ID, NAME, OFCTL, BYTES, BITS, MASKABLE, SETTABLE, PREREQS, OXM) \
    [ID] = { ID, NAME, OFCTL, BYTES, BITS, MASKABLE, SETTABLE, PREREQS, OXM }
static const struct mf_field mf_fields[MFF_N_IDS] = {
    F(MFF_IN_PORT, "in_port", NULL, 4, 32, false, false, MFP_NONE, 0),
    F(MFF_IN_PHY_PORT, "in_phy_port", NULL, 4, 32, false, false, MFP_NONE,
      1),
    F(MFF_METADATA, "metadata", NULL, 8, 64, true, false, MFP_NONE, 2),
    F(MFF_ETH_DST, "eth_dst", "dl_dst", 6, 48, true, true, MFP_NONE, 3),
    F(MFF_ETH_SRC, "eth_src", "dl_src", 6, 48, true, true, MFP_NONE, 4),
    F(MFF_ETH_TYPE, "eth_type", "dl_type", 2, 16, false, true, MFP_NONE,
      5),
    F(MFF_VLAN_VID, "vlan_vid", NULL, 2, 13, true, true, MFP_NONE, 6),
    F(MFF_VLAN_PCP, "vlan_pcp", "dl_vlan_pcp", 1, 3, false, true,
      MFP_VLAN_VID, 7),
    F(MFF_IP_DSCP, "ip_dscp", NULL, 1, 6, false, true, MFP_IP_ANY, 8),
    F(MFF_IP_ECN, "ip_ecn", "nw_ecn", 1, 2, false, true, MFP_IP_ANY, 9),
    F(MFF_IP_PROTO, "ip_proto", "nw_proto", 1, 8, false, true, MFP_IP_ANY,
      10),
    F(MFF_IPV4_SRC, "ipv4_src", "nw_src", 4, 32, true, true, MFP_IPV4, 11),
    F(MFF_IPV4_DST, "ipv4_dst", "nw_dst", 4, 32, true, true, MFP_IPV4, 12),
    F(MFF_TCP_SRC, "tcp_src", "tp_src", 2, 16, false, true, MFP_TCP, 13),
    F(MFF_TCP_DST, "tcp_dst", "tp_dst", 2, 16, false, true, MFP_TCP, 14),
    F(MFF_UDP_SRC, "udp_src", "tp_src", 2, 16, false, true, MFP_UDP, 15),
    F(MFF_UDP_DST, "udp_dst", "tp_dst", 2, 16, false, true, MFP_UDP, 16),
    F(MFF_SCTP_SRC, "sctp_src", "tp_src", 2, 16, false, true, MFP_SCTP,
      17),
    F(MFF_SCTP_DST, "sctp_dst", "tp_dst", 2, 16, false, true, MFP_SCTP,
      18),
    F(MFF_ICMPV4_TYPE, "icmpv4_type", "icmp_type", 1, 8, false, true,
      MFP_ICMPV4, 19),
    F(MFF_ICMPV4_CODE, "icmpv4_code", "icmp_code", 1, 8, false, true,
      MFP_ICMPV4, 20),
    F(MFF_ARP_OP, "arp_op", NULL, 2, 16, false, true, MFP_ARP, 21),
    F(MFF_ARP_SPA, "arp_spa", NULL, 4, 32, true, true, MFP_ARP, 22),
    F(MFF_ARP_TPA, "arp_tpa", NULL, 4, 32, true, true, MFP_ARP, 23),
    F(MFF_ARP_SHA, "arp_sha", NULL, 6, 48, true, true, MFP_ARP, 24),
    F(MFF_ARP_THA, "arp_tha", NULL, 6, 48, true, true, MFP_ARP, 25),
    F(MFF_IPV6_SRC, "ipv6_src", NULL, 16, 128, true, true, MFP_IPV6, 26),
    F(MFF_IPV6_DST, "ipv6_dst", NULL, 16, 128, true, true, MFP_IPV6, 27),
    F(MFF_IPV6_LABEL, "ipv6_flabel", "ipv6_label", 4, 20, true, true,
      MFP_IPV6, 28),
    F(MFF_ICMPV6_TYPE, "icmpv6_type", NULL, 1, 8, false, true, MFP_ICMPV6,
      29),
    F(MFF_ICMPV6_CODE, "icmpv6_code", NULL, 1, 8, false, true, MFP_ICMPV6,
      30),
    F(MFF_ND_TARGET, "ipv6_nd_target", "nd_target", 16, 128, false, true,
      MFP_ND, 31),
    F(MFF_ND_SLL, "ipv6_nd_sll", "nd_sll", 6, 48, false, true,
      MFP_ND_SOLICIT, 32),
    F(MFF_ND_TLL, "ipv6_nd_tll", "nd_tll", 6, 48, false, true,
      MFP_ND_ADVERT, 33),
    F(MFF_MPLS_LABEL, "mpls_label", NULL, 4, 20, false, true, MFP_MPLS,
      34),
    F(MFF_MPLS_TC, "mpls_tc", NULL, 1, 3, false, true, MFP_MPLS, 35),
    F(MFF_MPLS_BOS, "mpls_bos", NULL, 1, 1, false, true, MFP_MPLS, 36),
    F(MFF_PBB_ISID, "pbb_isid", NULL, 3, 24, true, true, MFP_PBB, 37),
    F(MFF_TUNNEL_ID, "tunnel_id", "tun_id", 8, 64, true, true, MFP_NONE,
      38),
    F(MFF_IPV6_EXTHDR, "ipv6_exthdr", NULL, 2, 9, true, false, MFP_IPV6,
      39),
    F(MFF_PBB_UCA, "pbb_uca", NULL, 1, 1, false, true, MFP_PBB, 41),
    F(MFF_IP_TTL, "nw_ttl", NULL, 1, 8, false, false, MFP_IP_ANY, -1),
};
#undef F

/* Names accepted besides 'name' and 'ofctl_name'. */
static const struct {
    const char *alias;
    enum mf_field_id id;
} mf_aliases[] = {
    { "ip_ttl", MFF_IP_TTL },
    { "nw_tos_shifted", MFF_IP_DSCP },
};

const struct mf_field *
mf_from_id(enum mf_field_id id)
{
    return id < MFF_N_IDS ? &mf_fields[id] : NULL;
}

const struct mf_field *
mf_from_name(const char *name)
{
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        if (!strcasecmp(name, mf_fields[i].name)) {
            return &mf_fields[i];
        }
    }
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        if (mf_fields[i].ofctl_name
            && !strcasecmp(name, mf_fields[i].ofctl_name)) {
            return &mf_fields[i];
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(mf_aliases); i++) {
        if (!strcasecmp(name, mf_aliases[i].alias)) {
            return &mf_fields[mf_aliases[i].id];
        }
    }
    return NULL;
}

const struct mf_field *
mf_from_oxm_field(int oxm_field)
{
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        if (mf_fields[i].oxm_field >= 0
            && mf_fields[i].oxm_field == oxm_field) {
            return &mf_fields[i];
        }
    }
    return NULL;
}

/* MPLS label stack entry layout (host order). */
#define MPLS_LABEL_SHIFT 12
#define MPLS_TC_SHIFT 9
#define MPLS_TC_MASK (7u << MPLS_TC_SHIFT)
#define MPLS_BOS_SHIFT 8
#define MPLS_BOS_MASK (1u << MPLS_BOS_SHIFT)

void
mf_get_value(const struct mf_field *mf, const struct flow *flow,
             union mf_value *value)
{
    uint32_t lse = ntohl(flow->mpls_lse);
    uint32_t isid;

    memset(value, 0, sizeof *value);
    switch (mf->id) {
    case MFF_IN_PORT:
        value->be32 = htonl(flow->in_port);
        break;
    case MFF_IN_PHY_PORT:
        value->be32 = htonl(flow->in_phy_port);
        break;
    case MFF_METADATA:
        value->be64 = flow->metadata;
        break;
    case MFF_TUNNEL_ID:
        value->be64 = flow->tunnel_id;
        break;
    case MFF_ETH_DST:
        value->mac = flow->dl_dst;
        break;
    case MFF_ETH_SRC:
        value->mac = flow->dl_src;
        break;
    case MFF_ETH_TYPE:
        value->be16 = flow->dl_type;
        break;
    case MFF_VLAN_VID:
        value->be16 = flow->vlan_tci & htons(VLAN_VID_MASK | VLAN_CFI);
        break;
    case MFF_VLAN_PCP:
        value->u8 = (uint8_t) (ntohs(flow->vlan_tci) >> VLAN_PCP_SHIFT);
        break;
    case MFF_IP_DSCP:
        value->u8 = flow->nw_tos >> 2;
        break;
    case MFF_IP_ECN:
        value->u8 = flow->nw_tos & 3;
        break;
    case MFF_IP_PROTO:
        value->u8 = flow->nw_proto;
        break;
    case MFF_IP_TTL:
        value->u8 = flow->nw_ttl;
        break;
    case MFF_IPV4_SRC:
    case MFF_ARP_SPA:
        value->be32 = flow->nw_src;
        break;
    case MFF_IPV4_DST:
    case MFF_ARP_TPA:
        value->be32 = flow->nw_dst;
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        value->be16 = flow->tp_src;
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        value->be16 = flow->tp_dst;
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        value->u8 = (uint8_t) ntohs(flow->tp_src);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        value->u8 = (uint8_t) ntohs(flow->tp_dst);
        break;
    case MFF_ARP_OP:
        value->be16 = htons(flow->nw_proto);
        break;
    case MFF_ARP_SHA:
    case MFF_ND_SLL:
        value->mac = flow->arp_sha;
        break;
    case MFF_ARP_THA:
    case MFF_ND_TLL:
        value->mac = flow->arp_tha;
        break;
    case MFF_IPV6_SRC:
        value->ipv6 = flow->ipv6_src;
        break;
    case MFF_IPV6_DST:
        value->ipv6 = flow->ipv6_dst;
        break;
    case MFF_ND_TARGET:
        value->ipv6 = flow->nd_target;
        break;
    case MFF_IPV6_LABEL:
        value->be32 = flow->ipv6_label;
        break;
    case MFF_MPLS_LABEL:
        value->be32 = htonl(lse >> MPLS_LABEL_SHIFT);
        break;
    case MFF_MPLS_TC:
        value->u8 = (lse & MPLS_TC_MASK) >> MPLS_TC_SHIFT;
        break;
    case MFF_MPLS_BOS:
        value->u8 = (lse & MPLS_BOS_MASK) >> MPLS_BOS_SHIFT;
        break;
    case MFF_PBB_ISID:
        isid = ntohl(flow->pbb_isid);
        value->bytes[0] = (uint8_t) (isid >> 16);
        value->bytes[1] = (uint8_t) (isid >> 8);
        value->bytes[2] = (uint8_t) isid;
        break;
    case MFF_IPV6_EXTHDR:
        value->be16 = htons(flow->ipv6_exthdr);
        break;
    case MFF_PBB_UCA:
        value->u8 = flow->pbb_uca;
        break;
    case MFF_N_IDS:
    default:
        sluice_abort("mf_get_value: bad field %d", (int) mf->id);
    }
}

void
mf_set_flow_value(const struct mf_field *mf, const union mf_value *value,
                  struct flow *flow)
{
    uint32_t lse = ntohl(flow->mpls_lse);
    uint16_t tci = ntohs(flow->vlan_tci);

    switch (mf->id) {
    case MFF_IN_PORT:
        flow->in_port = ntohl(value->be32);
        break;
    case MFF_IN_PHY_PORT:
        flow->in_phy_port = ntohl(value->be32);
        break;
    case MFF_METADATA:
        flow->metadata = value->be64;
        break;
    case MFF_TUNNEL_ID:
        flow->tunnel_id = value->be64;
        break;
    case MFF_ETH_DST:
        flow->dl_dst = value->mac;
        break;
    case MFF_ETH_SRC:
        flow->dl_src = value->mac;
        break;
    case MFF_ETH_TYPE:
        flow->dl_type = value->be16;
        break;
    case MFF_VLAN_VID:
        tci = (uint16_t) ((tci & ~(VLAN_VID_MASK | VLAN_CFI))
                          | (ntohs(value->be16) & (VLAN_VID_MASK
                                                   | VLAN_CFI)));
        flow->vlan_tci = htons(tci);
        break;
    case MFF_VLAN_PCP:
        tci = (uint16_t) ((tci & ~VLAN_PCP_MASK)
                          | ((value->u8 << VLAN_PCP_SHIFT) & VLAN_PCP_MASK));
        flow->vlan_tci = htons(tci);
        break;
    case MFF_IP_DSCP:
        flow->nw_tos = (uint8_t) ((flow->nw_tos & 3) | (value->u8 << 2));
        break;
    case MFF_IP_ECN:
        flow->nw_tos = (uint8_t) ((flow->nw_tos & ~3) | (value->u8 & 3));
        break;
    case MFF_IP_PROTO:
        flow->nw_proto = value->u8;
        break;
    case MFF_IP_TTL:
        flow->nw_ttl = value->u8;
        break;
    case MFF_IPV4_SRC:
    case MFF_ARP_SPA:
        flow->nw_src = value->be32;
        break;
    case MFF_IPV4_DST:
    case MFF_ARP_TPA:
        flow->nw_dst = value->be32;
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        flow->tp_src = value->be16;
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        flow->tp_dst = value->be16;
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        flow->tp_src = htons(value->u8);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        flow->tp_dst = htons(value->u8);
        break;
    case MFF_ARP_OP:
        flow->nw_proto = (uint8_t) ntohs(value->be16);
        break;
    case MFF_ARP_SHA:
    case MFF_ND_SLL:
        flow->arp_sha = value->mac;
        break;
    case MFF_ARP_THA:
    case MFF_ND_TLL:
        flow->arp_tha = value->mac;
        break;
    case MFF_IPV6_SRC:
        flow->ipv6_src = value->ipv6;
        break;
    case MFF_IPV6_DST:
        flow->ipv6_dst = value->ipv6;
        break;
    case MFF_ND_TARGET:
        flow->nd_target = value->ipv6;
        break;
    case MFF_IPV6_LABEL:
        flow->ipv6_label = value->be32 & htonl(0xfffff);
        break;
    case MFF_MPLS_LABEL:
        lse = (lse & ((1u << MPLS_LABEL_SHIFT) - 1))
              | (ntohl(value->be32) << MPLS_LABEL_SHIFT);
        flow->mpls_lse = htonl(lse);
        break;
    case MFF_MPLS_TC:
        lse = (lse & ~MPLS_TC_MASK)
              | (((uint32_t) value->u8 << MPLS_TC_SHIFT) & MPLS_TC_MASK);
        flow->mpls_lse = htonl(lse);
        break;
    case MFF_MPLS_BOS:
        lse = (lse & ~MPLS_BOS_MASK)
              | (((uint32_t) value->u8 << MPLS_BOS_SHIFT) & MPLS_BOS_MASK);
        flow->mpls_lse = htonl(lse);
        break;
    case MFF_PBB_ISID:
        flow->pbb_isid = htonl((uint32_t) value->bytes[0] << 16
                               | (uint32_t) value->bytes[1] << 8
                               | value->bytes[2]);
        break;
    case MFF_IPV6_EXTHDR:
        flow->ipv6_exthdr = ntohs(value->be16) & 0x1ff;
        break;
    case MFF_PBB_UCA:
        flow->pbb_uca = value->u8 & 1;
        break;
    case MFF_N_IDS:
    default:
        sluice_abort("mf_set_flow_value: bad field %d", (int) mf->id);
    }
}

/* Returns true if 'value' has no bits set above the field's 'n_bits'
 * least significant bits (the value is right-aligned, big-endian, in its
 * first 'n_bytes' bytes). */
static bool
mf_fits_width(const struct mf_field *mf, const union mf_value *value)
{
    unsigned int extra = mf->n_bytes * 8 - mf->n_bits;

    for (unsigned int i = 0; i < mf->n_bytes && extra; i++) {
        unsigned int bits = extra < 8 ? extra : 8;
        uint8_t hi = (uint8_t) (0xff << (8 - bits));

        if (value->bytes[i] & hi) {
            return false;
        }
        extra -= bits;
    }
    return true;
}

bool
mf_is_value_valid(const struct mf_field *mf, const union mf_value *value)
{
    if (!mf_fits_width(mf, value)) {
        return false;
    }
    switch (mf->id) {
    case MFF_ARP_OP:
        /* Only the low byte of the opcode is kept in the flow. */
        return ntohs(value->be16) <= 0xff;
    default:
        return true;
    }
}

static bool
exact_be16(ovs_be16 value, ovs_be16 mask, uint16_t want)
{
    return mask == htons(0xffff) && value == htons(want);
}

static bool
exact_u8(uint8_t value, uint8_t mask, uint8_t want)
{
    return mask == 0xff && value == want;
}

static bool
prereq_ok(enum mf_prereqs p, const struct flow *f, const struct flow *m)
{
    switch (p) {
    case MFP_NONE:
        return true;
    case MFP_ARP:
        return exact_be16(f->dl_type, m->dl_type, ETH_TYPE_ARP);
    case MFP_VLAN_VID:
        return (m->vlan_tci & htons(VLAN_CFI)) && (f->vlan_tci
                                                   & htons(VLAN_CFI));
    case MFP_IPV4:
        return exact_be16(f->dl_type, m->dl_type, ETH_TYPE_IP);
    case MFP_IPV6:
        return exact_be16(f->dl_type, m->dl_type, ETH_TYPE_IPV6);
    case MFP_IP_ANY:
        return prereq_ok(MFP_IPV4, f, m) || prereq_ok(MFP_IPV6, f, m);
    case MFP_MPLS:
        return (exact_be16(f->dl_type, m->dl_type, ETH_TYPE_MPLS)
                || exact_be16(f->dl_type, m->dl_type, ETH_TYPE_MPLS_MCAST));
    case MFP_PBB:
        return exact_be16(f->dl_type, m->dl_type, ETH_TYPE_PBB);
    case MFP_TCP:
        return (prereq_ok(MFP_IP_ANY, f, m)
                && exact_u8(f->nw_proto, m->nw_proto, 6));
    case MFP_UDP:
        return (prereq_ok(MFP_IP_ANY, f, m)
                && exact_u8(f->nw_proto, m->nw_proto, 17));
    case MFP_SCTP:
        return (prereq_ok(MFP_IP_ANY, f, m)
                && exact_u8(f->nw_proto, m->nw_proto, 132));
    case MFP_ICMPV4:
        return (prereq_ok(MFP_IPV4, f, m)
                && exact_u8(f->nw_proto, m->nw_proto, 1));
    case MFP_ICMPV6:
        return (prereq_ok(MFP_IPV6, f, m)
                && exact_u8(f->nw_proto, m->nw_proto, 58));
    case MFP_ND_SOLICIT:
        return (prereq_ok(MFP_ICMPV6, f, m)
                && exact_be16(f->tp_src, m->tp_src, 135));
    case MFP_ND_ADVERT:
        return (prereq_ok(MFP_ICMPV6, f, m)
                && exact_be16(f->tp_src, m->tp_src, 136));
    case MFP_ND:
        return (prereq_ok(MFP_ND_SOLICIT, f, m)
                || prereq_ok(MFP_ND_ADVERT, f, m));
    default:
        return false;
    }
}

bool
mf_are_prereqs_ok(const struct mf_field *mf, const struct flow *flow,
                  const struct flow *mask)
{
    /* ICMP types live in the low byte of 'tp_src': the mask of an exact
     * icmpv6_type match is 0x00ff, so compare under that mask. */
    if (mf->prereqs == MFP_ND_SOLICIT || mf->prereqs == MFP_ND_ADVERT
        || mf->prereqs == MFP_ND) {
        struct flow m = *mask;

        if (mask->tp_src == htons(0x00ff)) {
            m.tp_src = htons(0xffff);
        }
        return prereq_ok(mf->prereqs, flow, &m);
    }
    return prereq_ok(mf->prereqs, flow, mask);
}
