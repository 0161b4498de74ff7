/* OpenFlow 1.0 and 1.3 match codecs.  See ofproto/ofp-match.h. */
#include "ofproto/ofp-match.h"

#include <arpa/inet.h>
#include <endian.h>
#include <string.h>

#include "lib/util.h"

static uint16_t
get_u16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get_u32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
           | (uint32_t) p[2] << 8 | p[3];
}

static void
put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
}

static void
put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}

uint32_t
ofp_port_from_ofp10(uint16_t port)
{
    return port >= 0xff00 ? 0xffff0000u | port : port;
}

uint16_t
ofp_port_to_ofp10(uint32_t port)
{
    return (port < 0xff00 || port >= 0xffffff00u
            ? (uint16_t) port : 0xffff);
}

/* Sets 'id' in 'match' to the host-order integer 'v' of the field's
 * width, exactly. */
static void
set_uint(struct match *match, enum mf_field_id id, uint64_t v)
{
    const struct mf_field *mf = mf_from_id(id);
    union mf_value value;

    memset(&value, 0, sizeof value);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        value.bytes[mf->n_bytes - 1 - i] = (uint8_t) (v >> (8 * i));
    }
    match_set_field(match, mf, &value, NULL);
}

/* Reads 'id' from 'match' as a host-order integer and tells in '*exactp'
 * whether it is matched exactly.  Returns 0 if it is not matched. */
static uint64_t
get_uint(const struct match *match, enum mf_field_id id, bool *exactp)
{
    const struct mf_field *mf = mf_from_id(id);
    union mf_value value, mask;
    uint64_t v = 0;

    if (!match_has_field(match, mf, exactp)) {
        *exactp = false;
        return 0;
    }
    match_get_field(match, mf, &value, &mask);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        v = v << 8 | value.bytes[i];
    }
    return v;
}

/* Sets an IPv4 address field from an OF1.0 value and wildcard count. */
static void
set_ip10(struct match *match, enum mf_field_id id, const uint8_t *addr,
         unsigned int n_wild)
{
    union mf_value value, mask;
    uint32_t m;

    if (n_wild >= 32) {
        return;
    }
    m = n_wild ? ~0u << n_wild : ~0u;
    memset(&value, 0, sizeof value);
    memset(&mask, 0, sizeof mask);
    memcpy(&value.be32, addr, 4);
    mask.be32 = htonl(m);
    match_set_field(match, mf_from_id(id), &value, &mask);
}

ofperr
ofp_match10_decode(const void *data, struct match *match)
{
    const uint8_t *p = data;
    uint32_t wc = get_u32(p);
    uint16_t dl_vlan = get_u16(p + 18);
    uint8_t pcp = p[20];
    uint16_t dl_type = get_u16(p + 22);
    uint8_t nw_proto = p[25];
    bool tagged_exact = false;
    union mf_value value;

    match_init_catchall(match);
    if (!(wc & OFPFW10_IN_PORT)) {
        set_uint(match, MFF_IN_PORT, ofp_port_from_ofp10(get_u16(p + 4)));
    }
    memset(&value, 0, sizeof value);
    if (!(wc & OFPFW10_DL_SRC)) {
        memcpy(value.mac.ea, p + 6, 6);
        match_set_field(match, mf_from_id(MFF_ETH_SRC), &value, NULL);
    }
    if (!(wc & OFPFW10_DL_DST)) {
        memcpy(value.mac.ea, p + 12, 6);
        match_set_field(match, mf_from_id(MFF_ETH_DST), &value, NULL);
    }
    if (!(wc & OFPFW10_DL_VLAN)) {
        if (dl_vlan == OFP10_VLAN_NONE) {
            set_uint(match, MFF_VLAN_VID, 0);
        } else if (dl_vlan > VLAN_VID_MASK) {
            return OFPERR_OFPBMC_BAD_VALUE;
        } else {
            set_uint(match, MFF_VLAN_VID, VLAN_CFI | dl_vlan);
            tagged_exact = true;
        }
    }
    if (!(wc & OFPFW10_DL_VLAN_PCP)
        && (tagged_exact || (wc & OFPFW10_DL_VLAN))) {
        union mf_value present;

        if (pcp > 7) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        if (!tagged_exact) {
            /* A priority can only match a tagged frame. */
            memset(&present, 0, sizeof present);
            present.be16 = htons(VLAN_CFI);
            match_set_field(match, mf_from_id(MFF_VLAN_VID), &present,
                            &present);
        }
        set_uint(match, MFF_VLAN_PCP, pcp);
    }
    if (wc & OFPFW10_DL_TYPE) {
        return 0;
    }
    set_uint(match, MFF_ETH_TYPE, dl_type);

    if (dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6) {
        /* OF1.0 knows only IPv4, but like Open vSwitch its nw_tos,
         * nw_proto and tp_src/tp_dst also apply to IPv6; its addresses
         * stay IPv4-only. */
        bool ipv6 = dl_type == ETH_TYPE_IPV6;
        if (!ipv6) {
            set_ip10(match, MFF_IPV4_SRC, p + 28,
                     (wc & OFPFW10_NW_SRC_MASK) >> OFPFW10_NW_SRC_SHIFT);
            set_ip10(match, MFF_IPV4_DST, p + 32,
                     (wc & OFPFW10_NW_DST_MASK) >> OFPFW10_NW_DST_SHIFT);
        }
        if (!(wc & OFPFW10_NW_TOS)) {
            set_uint(match, MFF_IP_DSCP, p[24] >> 2);
        }
        if (wc & OFPFW10_NW_PROTO) {
            return 0;
        }
        set_uint(match, MFF_IP_PROTO, nw_proto);
        switch (nw_proto) {
        case 1:
        case 58:
            if (ipv6 != (nw_proto == 58)) {
                break;
            }
            if (!(wc & OFPFW10_TP_SRC)) {
                set_uint(match, ipv6 ? MFF_ICMPV6_TYPE : MFF_ICMPV4_TYPE,
                         get_u16(p + 36) & 0xff);
            }
            if (!(wc & OFPFW10_TP_DST)) {
                set_uint(match, ipv6 ? MFF_ICMPV6_CODE : MFF_ICMPV4_CODE,
                         get_u16(p + 38) & 0xff);
            }
            break;
        case 6:
        case 17:
        case 132: {
            enum mf_field_id src = (nw_proto == 6 ? MFF_TCP_SRC
                                    : nw_proto == 17 ? MFF_UDP_SRC
                                    : MFF_SCTP_SRC);
            enum mf_field_id dst = (nw_proto == 6 ? MFF_TCP_DST
                                    : nw_proto == 17 ? MFF_UDP_DST
                                    : MFF_SCTP_DST);
            if (!(wc & OFPFW10_TP_SRC)) {
                set_uint(match, src, get_u16(p + 36));
            }
            if (!(wc & OFPFW10_TP_DST)) {
                set_uint(match, dst, get_u16(p + 38));
            }
            break;
        }
        default:
            break;
        }
    } else if (dl_type == ETH_TYPE_ARP) {
        set_ip10(match, MFF_ARP_SPA, p + 28,
                 (wc & OFPFW10_NW_SRC_MASK) >> OFPFW10_NW_SRC_SHIFT);
        set_ip10(match, MFF_ARP_TPA, p + 32,
                 (wc & OFPFW10_NW_DST_MASK) >> OFPFW10_NW_DST_SHIFT);
        if (!(wc & OFPFW10_NW_PROTO)) {
            set_uint(match, MFF_ARP_OP, nw_proto);
        }
    }
    return 0;
}

/* Encodes IPv4 address field 'id' of 'match' at 'dst' and returns its
 * OF1.0 wildcard count (32 if it is not a prefix match). */
static unsigned int
encode_ip10(const struct match *match, enum mf_field_id id, uint8_t *dst)
{
    const struct mf_field *mf = mf_from_id(id);
    union mf_value value, mask;
    uint32_t m;
    unsigned int n_wild;

    if (!mf_are_prereqs_ok(mf, &match->flow, &match->wc)) {
        return 32;
    }
    match_get_field(match, mf, &value, &mask);
    m = ntohl(mask.be32);
    for (n_wild = 0; n_wild < 32 && !(m & (1u << n_wild)); n_wild++) {
        continue;
    }
    if (n_wild < 32 && (~m >> n_wild)) {
        return 32;              /* Not a prefix. */
    }
    memcpy(dst, &value.be32, 4);
    return n_wild;
}

bool
ofp_match10_encode(const struct match *match, void *dst_)
{
    uint8_t *p = dst_;
    uint32_t wc = OFPFW10_ALL;
    bool exact;
    uint64_t v;
    struct match check;
    union mf_value value, mask;
    unsigned int n_wild;

    memset(p, 0, OFP10_MATCH_LEN);
    v = get_uint(match, MFF_IN_PORT, &exact);
    if (exact) {
        wc &= ~OFPFW10_IN_PORT;
        put_u16(p + 4, ofp_port_to_ofp10((uint32_t) v));
    }
    match_get_field(match, mf_from_id(MFF_ETH_SRC), &value, &mask);
    if (match_has_field(match, mf_from_id(MFF_ETH_SRC), &exact) && exact) {
        wc &= ~OFPFW10_DL_SRC;
        memcpy(p + 6, value.mac.ea, 6);
    }
    match_get_field(match, mf_from_id(MFF_ETH_DST), &value, &mask);
    if (match_has_field(match, mf_from_id(MFF_ETH_DST), &exact) && exact) {
        wc &= ~OFPFW10_DL_DST;
        memcpy(p + 12, value.mac.ea, 6);
    }
    v = get_uint(match, MFF_VLAN_VID, &exact);
    if (exact) {
        wc &= ~OFPFW10_DL_VLAN;
        put_u16(p + 18, v & VLAN_CFI ? v & VLAN_VID_MASK : OFP10_VLAN_NONE);
    }
    v = get_uint(match, MFF_VLAN_PCP, &exact);
    if (exact) {
        wc &= ~OFPFW10_DL_VLAN_PCP;
        p[20] = (uint8_t) v;
    }
    v = get_uint(match, MFF_ETH_TYPE, &exact);
    if (exact) {
        wc &= ~OFPFW10_DL_TYPE;
        put_u16(p + 22, (uint16_t) v);
    }

    n_wild = encode_ip10(match, v == ETH_TYPE_ARP ? MFF_ARP_SPA
                         : MFF_IPV4_SRC, p + 28);
    wc = (wc & ~OFPFW10_NW_SRC_MASK) | n_wild << OFPFW10_NW_SRC_SHIFT;
    n_wild = encode_ip10(match, v == ETH_TYPE_ARP ? MFF_ARP_TPA
                         : MFF_IPV4_DST, p + 32);
    wc = (wc & ~OFPFW10_NW_DST_MASK) | n_wild << OFPFW10_NW_DST_SHIFT;

    if (v == ETH_TYPE_ARP) {
        v = get_uint(match, MFF_ARP_OP, &exact);
    } else {
        v = get_uint(match, MFF_IP_PROTO, &exact);
    }
    if (exact) {
        wc &= ~OFPFW10_NW_PROTO;
        p[25] = (uint8_t) v;
    }
    v = get_uint(match, MFF_IP_DSCP, &exact);
    if (exact) {
        wc &= ~OFPFW10_NW_TOS;
        p[24] = (uint8_t) (v << 2);
    }

    /* Transport ports and ICMP type/code share 'tp_src'/'tp_dst'. */
    static const enum mf_field_id tp_fields[] = {
        MFF_TCP_SRC, MFF_TCP_DST, MFF_UDP_SRC, MFF_UDP_DST, MFF_SCTP_SRC,
        MFF_SCTP_DST, MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE, MFF_ICMPV6_TYPE,
        MFF_ICMPV6_CODE,
    };
    for (size_t i = 0; i < ARRAY_SIZE(tp_fields); i++) {
        enum mf_field_id id = tp_fields[i];
        const struct mf_field *mf = mf_from_id(id);
        bool is_src = (id == MFF_TCP_SRC || id == MFF_UDP_SRC
                       || id == MFF_SCTP_SRC || id == MFF_ICMPV4_TYPE
                       || id == MFF_ICMPV6_TYPE);

        if (!mf_are_prereqs_ok(mf, &match->flow, &match->wc)) {
            continue;
        }
        v = get_uint(match, id, &exact);
        if (exact) {
            wc &= is_src ? ~OFPFW10_TP_SRC : ~OFPFW10_TP_DST;
            put_u16(p + (is_src ? 36 : 38), (uint16_t) v);
        }
    }
    put_u32(p, wc);

    return (!ofp_match10_decode(p, &check) && match_equal(&check, match));
}

ofperr
ofp_oxm_decode(const void *data, size_t len, const struct mf_field **fieldp,
               union mf_value *value, union mf_value *mask, size_t *oxm_lenp)
{
    const uint8_t *p = data;
    const struct mf_field *mf;
    uint32_t header;
    unsigned int payload, width;
    bool hasmask;

    if (len < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    header = get_u32(p);
    payload = header & 0xff;
    if (4 + payload > len) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if ((header >> 16) != OFPXMC_OPENFLOW_BASIC) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    mf = mf_from_oxm_field((header >> 9) & 0x7f);
    if (!mf) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    hasmask = (header >> 8) & 1;
    if (hasmask && !mf->maskable) {
        return OFPERR_OFPBMC_BAD_MASK;
    }
    width = mf->n_bytes;
    if (payload != (hasmask ? 2 * width : width)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    memset(value, 0, sizeof *value);
    memset(mask, 0, sizeof *mask);
    memcpy(value->bytes, p + 4, width);
    if (hasmask) {
        memcpy(mask->bytes, p + 4 + width, width);
    } else {
        memset(mask->bytes, 0xff, width);
    }
    *fieldp = mf;
    *oxm_lenp = 4 + payload;
    return 0;
}

size_t
ofp_oxm_encode(const struct mf_field *mf, const union mf_value *value,
               const union mf_value *mask, void *dst_)
{
    uint8_t *p = dst_;
    unsigned int width = mf->n_bytes;

    put_u32(p, OXM_HEADER(mf->oxm_field, mask != NULL,
                          mask ? 2 * width : width));
    memcpy(p + 4, value->bytes, width);
    if (mask) {
        memcpy(p + 4 + width, mask->bytes, width);
        return 4 + 2 * width;
    }
    return 4 + width;
}

/* Stores in 'ones' the all-ones value of 'mf' (its 'n_bits' low bits). */
static void
mf_ones(const struct mf_field *mf, union mf_value *ones)
{
    struct flow f;
    union mf_value all;

    memset(&f, 0, sizeof f);
    memset(&all, 0xff, sizeof all);
    mf_set_flow_value(mf, &all, &f);
    mf_get_value(mf, &f, ones);
}

ofperr
ofp_match13_decode(const void *data, size_t len, struct match *match,
                   size_t *match_lenp)
{
    const uint8_t *p = data;
    bool seen[MFF_N_IDS] = { false };
    size_t length, ofs;

    match_init_catchall(match);
    if (len < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (get_u16(p) != OFPMT_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    length = get_u16(p + 2);
    if (length < 4 || (length + 7) / 8 * 8 > len) {
        return OFPERR_OFPBMC_BAD_LEN;
    }

    for (ofs = 4; ofs < length; ) {
        const struct mf_field *mf;
        union mf_value value, mask, ones;
        size_t oxm_len;
        ofperr error;

        error = ofp_oxm_decode(p + ofs, length - ofs, &mf, &value, &mask,
                               &oxm_len);
        if (error) {
            return error;
        }
        if (seen[mf->id]) {
            return OFPERR_OFPBMC_DUP_FIELD;
        }
        seen[mf->id] = true;

        mf_ones(mf, &ones);
        for (unsigned int i = 0; i < mf->n_bytes; i++) {
            mask.bytes[i] &= ones.bytes[i];
        }
        if (!mf_is_value_valid(mf, &value)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
        for (unsigned int i = 0; i < mf->n_bytes; i++) {
            if (value.bytes[i] & ~mask.bytes[i]) {
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
        match_set_field(match, mf, &value, &mask);
        ofs += oxm_len;
    }

    for (int id = 0; id < MFF_N_IDS; id++) {
        if (seen[id] && !mf_are_prereqs_ok(mf_from_id(id), &match->flow,
                                           &match->wc)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
    }
    if (seen[MFF_IN_PHY_PORT] && !seen[MFF_IN_PORT]) {
        return OFPERR_OFPBMC_BAD_PREREQ;
    }
    *match_lenp = (length + 7) / 8 * 8;
    return 0;
}

/* Writes at 'dst' (or, if 'dst' is NULL, only measures) the OXM fields
 * of 'match' and returns their size.  Fields come in ascending OXM order
 * (the field table is in that order: test-ofp-match.c checks it).  A
 * field is emitted when some bit of it is matched and its prerequisites
 * hold, which keeps fields that share storage in 'struct flow' (ipv4_src and
 * arp_spa, the transport ports, ICMP types) from appearing twice. */
static size_t
match13_fields(const struct match *match, uint8_t *dst)
{
    size_t len = 0;

    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);
        union mf_value value, mask;
        bool exact;

        if (mf->oxm_field < 0 || !match_has_field(match, mf, &exact)
            || !mf_are_prereqs_ok(mf, &match->flow, &match->wc)) {
            continue;
        }
        if (dst) {
            match_get_field(match, mf, &value, &mask);
            len += ofp_oxm_encode(mf, &value, exact ? NULL : &mask,
                                  dst + len);
        } else {
            len += 4 + (exact ? 1 : 2) * mf->n_bytes;
        }
    }
    return len;
}

size_t
ofp_match13_len(const struct match *match)
{
    return (4 + match13_fields(match, NULL) + 7) / 8 * 8;
}

size_t
ofp_match13_encode(const struct match *match, void *dst_)
{
    uint8_t *p = dst_;
    size_t length = 4 + match13_fields(match, p + 4);
    size_t padded = (length + 7) / 8 * 8;

    put_u16(p, OFPMT_OXM);
    put_u16(p + 2, (uint16_t) length);
    memset(p + length, 0, padded - length);
    return padded;
}

void
ofp_match13_init_packet_in(struct match *match, const struct flow *flow)
{
    match_init_catchall(match);
    set_uint(match, MFF_IN_PORT, flow->in_port);
    if (flow->metadata) {
        set_uint(match, MFF_METADATA, be64toh(flow->metadata));
    }
    if (flow->tunnel_id) {
        set_uint(match, MFF_TUNNEL_ID, be64toh(flow->tunnel_id));
    }
}
