/* OpenFlow 1.0/1.3 action and instruction codecs and checks.  See
 * ofproto/ofp-actions.h. */
#include "ofproto/ofp-actions.h"

#include <arpa/inet.h>
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp-msgs.h"

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

static uint64_t
get_u64(const uint8_t *p)
{
    return (uint64_t) get_u32(p) << 32 | get_u32(p + 4);
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
    put_u16(p, (uint16_t) (v >> 16));
    put_u16(p + 2, (uint16_t) v);
}

static void
put_u64(uint8_t *p, uint64_t v)
{
    put_u32(p, (uint32_t) (v >> 32));
    put_u32(p + 4, (uint32_t) v);
}

/* A growable array of actions being decoded. */
struct ofpact_list {
    struct ofpact *acts;
    size_t n, allocated;
};

static struct ofpact *
list_add(struct ofpact_list *list, enum ofpact_type type)
{
    struct ofpact *a;

    if (list->n == list->allocated) {
        list->allocated = list->allocated ? 2 * list->allocated : 8;
        list->acts = xrealloc(list->acts,
                              list->allocated * sizeof *list->acts);
    }
    a = &list->acts[list->n++];
    memset(a, 0, sizeof *a);
    a->type = type;
    return a;
}

static void
list_add_set_field(struct ofpact_list *list, enum mf_field_id id,
                   const void *value, size_t n)
{
    struct ofpact *a = list_add(list, OFPACT_SET_FIELD);

    a->set_field.field = id;
    memcpy(a->set_field.value.bytes, value, n);
}

/* Finishes decoding into 'list': on success hands the array over (NULL
 * if empty), on error frees it. */
static ofperr
list_finish(struct ofpact_list *list, ofperr error, struct ofpact **actsp,
            size_t *n_actsp)
{
    if (error || !list->n) {
        free(list->acts);
        *actsp = NULL;
        *n_actsp = 0;
    } else {
        *actsp = list->acts;
        *n_actsp = list->n;
    }
    return error;
}

/* Returns true if 'port' may be the target of an output action. */
static bool
output_port_ok(uint32_t port)
{
    return (port && (port <= OFPP_MAX
                     || (port >= OFPP_IN_PORT && port <= OFPP_LOCAL)));
}

/* Decodes one OF1.0 action of type 'type' and length 'len' at 'p'. */
static ofperr
decode_action10(const uint8_t *p, uint16_t type, uint16_t len,
                const struct match *match, struct ofpact_list *list)
{
    static const uint16_t lens[] = {
        [OFPAT10_OUTPUT] = 8, [OFPAT10_SET_VLAN_VID] = 8,
        [OFPAT10_SET_VLAN_PCP] = 8, [OFPAT10_STRIP_VLAN] = 8,
        [OFPAT10_SET_DL_SRC] = 16, [OFPAT10_SET_DL_DST] = 16,
        [OFPAT10_SET_NW_SRC] = 8, [OFPAT10_SET_NW_DST] = 8,
        [OFPAT10_SET_NW_TOS] = 8, [OFPAT10_SET_TP_SRC] = 8,
        [OFPAT10_SET_TP_DST] = 8, [OFPAT10_ENQUEUE] = 16,
    };
    uint8_t proto = 0;
    struct ofpact *a;
    uint32_t port;

    if (type == OFPAT10_VENDOR) {
        return OFPERR_OFPBAC_BAD_EXPERIMENTER;
    }
    if (type >= ARRAY_SIZE(lens)) {
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (len != lens[type]) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    if (match && match->wc.nw_proto == 0xff) {
        proto = match->flow.nw_proto;
    }

    switch ((enum ofp10_action_type) type) {
    case OFPAT10_OUTPUT:
        port = ofp_port_from_ofp10(get_u16(p + 4));
        if (!output_port_ok(port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        a = list_add(list, OFPACT_OUTPUT);
        a->output.port = port;
        a->output.max_len = get_u16(p + 6);
        break;
    case OFPAT10_SET_VLAN_VID:
        if (get_u16(p + 4) > VLAN_VID_MASK) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        list_add(list, OFPACT_SET_VLAN_VID)->vlan_vid = get_u16(p + 4);
        break;
    case OFPAT10_SET_VLAN_PCP:
        if (p[4] > 7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        list_add(list, OFPACT_SET_VLAN_PCP)->vlan_pcp = p[4];
        break;
    case OFPAT10_STRIP_VLAN:
        list_add(list, OFPACT_STRIP_VLAN);
        break;
    case OFPAT10_SET_DL_SRC:
        list_add_set_field(list, MFF_ETH_SRC, p + 4, 6);
        break;
    case OFPAT10_SET_DL_DST:
        list_add_set_field(list, MFF_ETH_DST, p + 4, 6);
        break;
    case OFPAT10_SET_NW_SRC:
        list_add_set_field(list, MFF_IPV4_SRC, p + 4, 4);
        break;
    case OFPAT10_SET_NW_DST:
        list_add_set_field(list, MFF_IPV4_DST, p + 4, 4);
        break;
    case OFPAT10_SET_NW_TOS: {
        uint8_t dscp = p[4] >> 2;

        if (p[4] & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        list_add_set_field(list, MFF_IP_DSCP, &dscp, 1);
        break;
    }
    case OFPAT10_SET_TP_SRC:
        list_add_set_field(list, (proto == 17 ? MFF_UDP_SRC
                                  : proto == 132 ? MFF_SCTP_SRC
                                  : MFF_TCP_SRC), p + 4, 2);
        break;
    case OFPAT10_SET_TP_DST:
        list_add_set_field(list, (proto == 17 ? MFF_UDP_DST
                                  : proto == 132 ? MFF_SCTP_DST
                                  : MFF_TCP_DST), p + 4, 2);
        break;
    case OFPAT10_ENQUEUE:
        port = ofp_port_from_ofp10(get_u16(p + 4));
        if (!output_port_ok(port)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        list_add(list, OFPACT_SET_QUEUE)->queue_id = get_u32(p + 12);
        list_add(list, OFPACT_OUTPUT)->output.port = port;
        break;
    case OFPAT10_VENDOR:
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    return 0;
}

static ofperr decode_actions(uint8_t version, const void *data, size_t len,
                             const struct match *match,
                             struct ofpact **actsp, size_t *n_actsp);

ofperr
ofp_actions10_decode(const void *data, size_t len, const struct match *match,
                     struct ofpact **actsp, size_t *n_actsp)
{
    return decode_actions(OFP10_VERSION, data, len, match, actsp, n_actsp);
}

/* Returns the OF1.0 action type that set_field of 'id' encodes as, or
 * -1 if none. */
static int
set_field_type10(enum mf_field_id id)
{
    switch (id) {
    case MFF_ETH_SRC:
        return OFPAT10_SET_DL_SRC;
    case MFF_ETH_DST:
        return OFPAT10_SET_DL_DST;
    case MFF_IPV4_SRC:
        return OFPAT10_SET_NW_SRC;
    case MFF_IPV4_DST:
        return OFPAT10_SET_NW_DST;
    case MFF_IP_DSCP:
        return OFPAT10_SET_NW_TOS;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        return OFPAT10_SET_TP_SRC;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        return OFPAT10_SET_TP_DST;
    case MFF_VLAN_VID:
        return OFPAT10_SET_VLAN_VID;
    case MFF_VLAN_PCP:
        return OFPAT10_SET_VLAN_PCP;
    default:
        return -1;
    }
}

/* Encodes 'acts[*ip]' (and, for an ENQUEUE, the OUTPUT after it,
 * advancing '*ip') at 'dst' if nonnull, and returns the encoded size (0
 * for an action OF1.0 cannot express). */
static size_t
encode_action10(const struct ofpact *acts, size_t n, size_t *ip,
                uint8_t *dst)
{
    const struct ofpact *a = &acts[*ip];
    uint8_t buf[16];
    size_t len = 8;
    int type;

    memset(buf, 0, sizeof buf);
    switch (a->type) {
    case OFPACT_OUTPUT:
        type = OFPAT10_OUTPUT;
        put_u16(buf + 4, ofp_port_to_ofp10(a->output.port));
        put_u16(buf + 6, a->output.max_len);
        break;
    case OFPACT_SET_QUEUE:
        if (*ip + 1 >= n || acts[*ip + 1].type != OFPACT_OUTPUT) {
            return 0;
        }
        type = OFPAT10_ENQUEUE;
        len = 16;
        put_u16(buf + 4, ofp_port_to_ofp10(acts[*ip + 1].output.port));
        put_u32(buf + 12, a->queue_id);
        ++*ip;
        break;
    case OFPACT_SET_VLAN_VID:
        type = OFPAT10_SET_VLAN_VID;
        put_u16(buf + 4, a->vlan_vid);
        break;
    case OFPACT_SET_VLAN_PCP:
        type = OFPAT10_SET_VLAN_PCP;
        buf[4] = a->vlan_pcp;
        break;
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
        type = OFPAT10_STRIP_VLAN;
        break;
    case OFPACT_SET_FIELD: {
        const union mf_value *v = &a->set_field.value;

        type = set_field_type10(a->set_field.field);
        switch (type) {
        case OFPAT10_SET_DL_SRC:
        case OFPAT10_SET_DL_DST:
            len = 16;
            memcpy(buf + 4, v->mac.ea, 6);
            break;
        case OFPAT10_SET_NW_SRC:
        case OFPAT10_SET_NW_DST:
            memcpy(buf + 4, &v->be32, 4);
            break;
        case OFPAT10_SET_NW_TOS:
            buf[4] = (uint8_t) (v->u8 << 2);
            break;
        case OFPAT10_SET_TP_SRC:
        case OFPAT10_SET_TP_DST:
            memcpy(buf + 4, &v->be16, 2);
            break;
        case OFPAT10_SET_VLAN_VID:
            put_u16(buf + 4, ntohs(v->be16) & VLAN_VID_MASK);
            break;
        case OFPAT10_SET_VLAN_PCP:
            buf[4] = v->u8;
            break;
        default:
            return 0;
        }
        break;
    }
    case OFPACT_GROUP:
    case OFPACT_PUSH_VLAN:
    case OFPACT_PUSH_MPLS:
    case OFPACT_POP_MPLS:
    case OFPACT_PUSH_PBB:
    case OFPACT_POP_PBB:
    case OFPACT_COPY_TTL_OUT:
    case OFPACT_COPY_TTL_IN:
    case OFPACT_SET_MPLS_TTL:
    case OFPACT_DEC_MPLS_TTL:
    case OFPACT_SET_NW_TTL:
    case OFPACT_DEC_NW_TTL:
    default:
        return 0;
    }
    put_u16(buf, (uint16_t) type);
    put_u16(buf + 2, (uint16_t) len);
    if (dst) {
        memcpy(dst, buf, len);
    }
    return len;
}

size_t
ofp_actions10_len(const struct ofpact *acts, size_t n_acts)
{
    size_t len = 0;

    for (size_t i = 0; i < n_acts; i++) {
        len += encode_action10(acts, n_acts, &i, NULL);
    }
    return len;
}

size_t
ofp_actions10_encode(const struct ofpact *acts, size_t n_acts, void *dst)
{
    uint8_t *p = dst;
    size_t len = 0;

    for (size_t i = 0; i < n_acts; i++) {
        len += encode_action10(acts, n_acts, &i, p + len);
    }
    return len;
}

/* Maps an OXM decoding error to its set_field counterpart. */
static ofperr
set_field_error(ofperr error)
{
    switch (error) {
    case OFPERR_OFPBMC_BAD_FIELD:
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    case OFPERR_OFPBMC_BAD_VALUE:
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    default:
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
}

static ofperr
decode_set_field13(const uint8_t *p, uint16_t len, struct ofpact_list *list)
{
    const struct mf_field *mf;
    union mf_value value, mask;
    size_t oxm_len;
    ofperr error;

    if (len >= 8 && (get_u32(p + 4) >> 8 & 1)) {
        return OFPERR_OFPBAC_BAD_SET_LEN;         /* Masked. */
    }
    error = ofp_oxm_decode(p + 4, len - 4u, &mf, &value, &mask, &oxm_len);
    if (error) {
        return set_field_error(error);
    }
    if ((4 + oxm_len + 7) / 8 * 8 != len) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    if (!mf->settable) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (!mf_is_value_valid(mf, &value)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    list_add_set_field(list, mf->id, value.bytes, mf->n_bytes);
    return 0;
}

/* The length of each fixed-size OF1.3 action, 0 for unknown types. */
static const uint8_t action13_lens[] = {
    [OFPAT13_OUTPUT] = 16, [OFPAT13_COPY_TTL_OUT] = 8,
    [OFPAT13_COPY_TTL_IN] = 8, [OFPAT13_SET_MPLS_TTL] = 8,
    [OFPAT13_DEC_MPLS_TTL] = 8, [OFPAT13_PUSH_VLAN] = 8,
    [OFPAT13_POP_VLAN] = 8, [OFPAT13_PUSH_MPLS] = 8,
    [OFPAT13_POP_MPLS] = 8, [OFPAT13_SET_QUEUE] = 8,
    [OFPAT13_GROUP] = 8, [OFPAT13_SET_NW_TTL] = 8,
    [OFPAT13_DEC_NW_TTL] = 8, [OFPAT13_PUSH_PBB] = 8,
    [OFPAT13_POP_PBB] = 8,
};

/* Decodes one OF1.3 action of type 'type' and length 'len' at 'p'. */
static ofperr
decode_action13(const uint8_t *p, uint16_t type, uint16_t len,
                struct ofpact_list *list)
{
    uint16_t ethertype = len >= 8 ? get_u16(p + 4) : 0;
    struct ofpact *a;

    if (type == OFPAT13_EXPERIMENTER) {
        return OFPERR_OFPBAC_BAD_EXPERIMENTER;
    }
    if (type == OFPAT13_SET_FIELD) {
        return decode_set_field13(p, len, list);
    }
    if (type > OFPAT13_POP_PBB || !action13_lens[type]) {
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (len != action13_lens[type]) {
        return OFPERR_OFPBAC_BAD_LEN;
    }

    switch ((enum ofp13_action_type) type) {
    case OFPAT13_OUTPUT:
        if (!output_port_ok(get_u32(p + 4))) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        a = list_add(list, OFPACT_OUTPUT);
        a->output.port = get_u32(p + 4);
        a->output.max_len = get_u16(p + 8);
        break;
    case OFPAT13_COPY_TTL_OUT:
        list_add(list, OFPACT_COPY_TTL_OUT);
        break;
    case OFPAT13_COPY_TTL_IN:
        list_add(list, OFPACT_COPY_TTL_IN);
        break;
    case OFPAT13_SET_MPLS_TTL:
        list_add(list, OFPACT_SET_MPLS_TTL)->ttl = p[4];
        break;
    case OFPAT13_DEC_MPLS_TTL:
        list_add(list, OFPACT_DEC_MPLS_TTL);
        break;
    case OFPAT13_PUSH_VLAN:
        if (ethertype != ETH_TYPE_VLAN && ethertype != ETH_TYPE_VLAN_8021AD) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        list_add(list, OFPACT_PUSH_VLAN)->ethertype = ethertype;
        break;
    case OFPAT13_POP_VLAN:
        list_add(list, OFPACT_POP_VLAN);
        break;
    case OFPAT13_PUSH_MPLS:
        if (ethertype != ETH_TYPE_MPLS && ethertype != ETH_TYPE_MPLS_MCAST) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        list_add(list, OFPACT_PUSH_MPLS)->ethertype = ethertype;
        break;
    case OFPAT13_POP_MPLS:
        list_add(list, OFPACT_POP_MPLS)->ethertype = ethertype;
        break;
    case OFPAT13_SET_QUEUE:
        list_add(list, OFPACT_SET_QUEUE)->queue_id = get_u32(p + 4);
        break;
    case OFPAT13_GROUP:
        if (get_u32(p + 4) > OFPG_MAX) {
            return OFPERR_OFPBAC_BAD_OUT_GROUP;
        }
        list_add(list, OFPACT_GROUP)->group_id = get_u32(p + 4);
        break;
    case OFPAT13_SET_NW_TTL:
        list_add(list, OFPACT_SET_NW_TTL)->ttl = p[4];
        break;
    case OFPAT13_DEC_NW_TTL:
        list_add(list, OFPACT_DEC_NW_TTL);
        break;
    case OFPAT13_PUSH_PBB:
        if (ethertype != ETH_TYPE_PBB) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        list_add(list, OFPACT_PUSH_PBB)->ethertype = ethertype;
        break;
    case OFPAT13_POP_PBB:
        list_add(list, OFPACT_POP_PBB);
        break;
    case OFPAT13_SET_FIELD:
    case OFPAT13_EXPERIMENTER:
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    return 0;
}

/* Walks the action TLVs in the 'len' bytes at 'data', checking each
 * header's length, and decodes each one with decode_action10() (against
 * 'match') if 'version' is OF1.0, else with decode_action13().  On success
 * stores the actions in '*actsp' and '*n_actsp' (caller frees). */
static ofperr
decode_actions(uint8_t version, const void *data, size_t len,
               const struct match *match, struct ofpact **actsp,
               size_t *n_actsp)
{
    struct ofpact_list list = { NULL, 0, 0 };
    const uint8_t *p = data;
    ofperr error = 0;

    for (size_t ofs = 0; ofs < len && !error; ) {
        uint16_t type, alen;

        if (len - ofs < 8) {
            error = OFPERR_OFPBAC_BAD_LEN;
            break;
        }
        type = get_u16(p + ofs);
        alen = get_u16(p + ofs + 2);
        if (alen < 8 || alen % 8 || alen > len - ofs) {
            error = OFPERR_OFPBAC_BAD_LEN;
            break;
        }
        error = (version == OFP10_VERSION
                 ? decode_action10(p + ofs, type, alen, match, &list)
                 : decode_action13(p + ofs, type, alen, &list));
        ofs += alen;
    }
    return list_finish(&list, error, actsp, n_actsp);
}

ofperr
ofp_actions13_decode(const void *data, size_t len, struct ofpact **actsp,
                     size_t *n_actsp)
{
    return decode_actions(OFP13_VERSION, data, len, NULL, actsp, n_actsp);
}

/* Encodes 'a' as an OF1.3 action at 'dst' if nonnull; returns its size. */
static size_t
encode_action13(const struct ofpact *a, uint8_t *dst)
{
    uint8_t buf[32];
    size_t len = 8;
    uint16_t type;

    memset(buf, 0, sizeof buf);
    switch (a->type) {
    case OFPACT_OUTPUT:
        type = OFPAT13_OUTPUT;
        len = 16;
        put_u32(buf + 4, a->output.port);
        put_u16(buf + 8, a->output.max_len);
        break;
    case OFPACT_GROUP:
        type = OFPAT13_GROUP;
        put_u32(buf + 4, a->group_id);
        break;
    case OFPACT_SET_QUEUE:
        type = OFPAT13_SET_QUEUE;
        put_u32(buf + 4, a->queue_id);
        break;
    case OFPACT_SET_FIELD:
    case OFPACT_SET_VLAN_VID:
    case OFPACT_SET_VLAN_PCP: {
        const struct mf_field *mf;
        union mf_value value;

        memset(&value, 0, sizeof value);
        if (a->type == OFPACT_SET_FIELD) {
            mf = mf_from_id(a->set_field.field);
            value = a->set_field.value;
        } else if (a->type == OFPACT_SET_VLAN_VID) {
            mf = mf_from_id(MFF_VLAN_VID);
            value.be16 = htons(VLAN_CFI | a->vlan_vid);
        } else {
            mf = mf_from_id(MFF_VLAN_PCP);
            value.u8 = a->vlan_pcp;
        }
        type = OFPAT13_SET_FIELD;
        len = (4 + ofp_oxm_encode(mf, &value, NULL, buf + 4) + 7) / 8 * 8;
        break;
    }
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
        type = OFPAT13_POP_VLAN;
        break;
    case OFPACT_PUSH_VLAN:
        type = OFPAT13_PUSH_VLAN;
        put_u16(buf + 4, a->ethertype);
        break;
    case OFPACT_PUSH_MPLS:
        type = OFPAT13_PUSH_MPLS;
        put_u16(buf + 4, a->ethertype);
        break;
    case OFPACT_POP_MPLS:
        type = OFPAT13_POP_MPLS;
        put_u16(buf + 4, a->ethertype);
        break;
    case OFPACT_PUSH_PBB:
        type = OFPAT13_PUSH_PBB;
        put_u16(buf + 4, a->ethertype);
        break;
    case OFPACT_POP_PBB:
        type = OFPAT13_POP_PBB;
        break;
    case OFPACT_COPY_TTL_OUT:
        type = OFPAT13_COPY_TTL_OUT;
        break;
    case OFPACT_COPY_TTL_IN:
        type = OFPAT13_COPY_TTL_IN;
        break;
    case OFPACT_SET_MPLS_TTL:
        type = OFPAT13_SET_MPLS_TTL;
        buf[4] = a->ttl;
        break;
    case OFPACT_DEC_MPLS_TTL:
        type = OFPAT13_DEC_MPLS_TTL;
        break;
    case OFPACT_SET_NW_TTL:
        type = OFPAT13_SET_NW_TTL;
        buf[4] = a->ttl;
        break;
    case OFPACT_DEC_NW_TTL:
        type = OFPAT13_DEC_NW_TTL;
        break;
    default:
        sluice_abort("encode_action13: bad action type %d", (int) a->type);
    }
    put_u16(buf, type);
    put_u16(buf + 2, (uint16_t) len);
    if (dst) {
        memcpy(dst, buf, len);
    }
    return len;
}

size_t
ofp_actions13_len(const struct ofpact *acts, size_t n_acts)
{
    size_t len = 0;

    for (size_t i = 0; i < n_acts; i++) {
        len += encode_action13(&acts[i], NULL);
    }
    return len;
}

size_t
ofp_actions13_encode(const struct ofpact *acts, size_t n_acts, void *dst)
{
    uint8_t *p = dst;
    size_t len = 0;

    for (size_t i = 0; i < n_acts; i++) {
        len += encode_action13(&acts[i], p + len);
    }
    return len;
}

/* True if 'a' and 'b' are the same kind of action for an action set:
 * the same type and, for set_field, the same field. */
static bool
same_set_slot(const struct ofpact *a, const struct ofpact *b)
{
    return (a->type == b->type
            && (a->type != OFPACT_SET_FIELD
                || a->set_field.field == b->set_field.field));
}

/* Removes from 'acts' every action that a later one of the same kind
 * overrides, keeping the order of the rest. */
static void
dedup_action_set(struct ofpact *acts, size_t *n)
{
    size_t kept = 0;

    for (size_t i = 0; i < *n; i++) {
        bool overridden = false;

        for (size_t j = i + 1; j < *n && !overridden; j++) {
            overridden = same_set_slot(&acts[i], &acts[j]);
        }
        if (!overridden) {
            acts[kept++] = acts[i];
        }
    }
    *n = kept;
}

static ofperr
decode_inst13(const uint8_t *p, uint16_t type, uint16_t len,
              struct ofpinsts *insts, uint32_t *seen)
{
    ofperr error;

    if (type == OFPIT13_EXPERIMENTER) {
        return OFPERR_OFPBIC_BAD_EXPERIMENTER;
    }
    if (type < OFPIT13_GOTO_TABLE || type > OFPIT13_METER) {
        return OFPERR_OFPBIC_UNKNOWN_INST;
    }
    if (*seen & (1u << type)) {
        return OFPERR_OFPBIC_UNSUP_INST;
    }
    *seen |= 1u << type;

    switch ((enum ofp13_instruction_type) type) {
    case OFPIT13_GOTO_TABLE:
        if (len != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        insts->goto_table = p[4];
        break;
    case OFPIT13_WRITE_METADATA:
        if (len != 24) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        insts->has_write_metadata = true;
        insts->metadata = get_u64(p + 8);
        insts->metadata_mask = get_u64(p + 16);
        break;
    case OFPIT13_WRITE_ACTIONS:
        error = ofp_actions13_decode(p + 8, len - 8u, &insts->write,
                                     &insts->n_write);
        if (error) {
            return error;
        }
        insts->has_write = true;
        dedup_action_set(insts->write, &insts->n_write);
        break;
    case OFPIT13_APPLY_ACTIONS:
        error = ofp_actions13_decode(p + 8, len - 8u, &insts->apply,
                                     &insts->n_apply);
        if (error) {
            return error;
        }
        insts->has_apply = true;
        break;
    case OFPIT13_CLEAR_ACTIONS:
        if (len != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        insts->clear_actions = true;
        break;
    case OFPIT13_METER:
        if (len != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        insts->meter_id = get_u32(p + 4);
        break;
    case OFPIT13_EXPERIMENTER:
    default:
        return OFPERR_OFPBIC_UNKNOWN_INST;
    }
    return 0;
}

ofperr
ofp_insts13_decode(const void *data, size_t len, struct ofpinsts *insts)
{
    const uint8_t *p = data;
    uint32_t seen = 0;
    ofperr error = 0;

    ofpinsts_init(insts);
    for (size_t ofs = 0; ofs < len && !error; ) {
        uint16_t type, ilen;

        if (len - ofs < 8) {
            error = OFPERR_OFPBIC_BAD_LEN;
            break;
        }
        type = get_u16(p + ofs);
        ilen = get_u16(p + ofs + 2);
        if (ilen < 8 || ilen % 8 || ilen > len - ofs) {
            error = OFPERR_OFPBIC_BAD_LEN;
            break;
        }
        error = decode_inst13(p + ofs, type, ilen, insts, &seen);
        ofs += ilen;
    }
    if (error) {
        ofpinsts_destroy(insts);
        ofpinsts_init(insts);
    }
    return error;
}

/* Writes an 8-byte instruction header of 'type' and 'len' (whose
 * payload is zero unless 'arg' is nonzero: then the 32 bits after the
 * header fields) at 'dst + ofs' if 'dst' is nonnull. */
static void
put_inst(uint8_t *dst, size_t ofs, uint16_t type, size_t len, uint32_t arg)
{
    if (dst) {
        memset(dst + ofs, 0, 8);
        put_u16(dst + ofs, type);
        put_u16(dst + ofs + 2, (uint16_t) len);
        put_u32(dst + ofs + 4, arg);
    }
}

/* Encodes 'insts' at 'dst' if nonnull; returns the size. */
static size_t
encode_insts13(const struct ofpinsts *insts, uint8_t *dst)
{
    size_t len = 0;

    if (insts->meter_id) {
        put_inst(dst, len, OFPIT13_METER, 8, insts->meter_id);
        len += 8;
    }
    if (insts->has_apply) {
        size_t n = ofp_actions13_len(insts->apply, insts->n_apply);

        put_inst(dst, len, OFPIT13_APPLY_ACTIONS, 8 + n, 0);
        if (dst) {
            ofp_actions13_encode(insts->apply, insts->n_apply, dst + len + 8);
        }
        len += 8 + n;
    }
    if (insts->clear_actions) {
        put_inst(dst, len, OFPIT13_CLEAR_ACTIONS, 8, 0);
        len += 8;
    }
    if (insts->has_write) {
        size_t n = ofp_actions13_len(insts->write, insts->n_write);

        put_inst(dst, len, OFPIT13_WRITE_ACTIONS, 8 + n, 0);
        if (dst) {
            ofp_actions13_encode(insts->write, insts->n_write, dst + len + 8);
        }
        len += 8 + n;
    }
    if (insts->has_write_metadata) {
        put_inst(dst, len, OFPIT13_WRITE_METADATA, 24, 0);
        if (dst) {
            put_u64(dst + len + 8, insts->metadata);
            put_u64(dst + len + 16, insts->metadata_mask);
        }
        len += 24;
    }
    if (insts->goto_table >= 0) {
        put_inst(dst, len, OFPIT13_GOTO_TABLE, 8,
                 (uint32_t) insts->goto_table << 24);
        len += 8;
    }
    return len;
}

size_t
ofp_insts13_len(const struct ofpinsts *insts)
{
    return encode_insts13(insts, NULL);
}

size_t
ofp_insts13_encode(const struct ofpinsts *insts, void *dst)
{
    return encode_insts13(insts, dst);
}

/* Forgets in 'm' everything above L2, after an action that changed the
 * EtherType, and sets the new 'dl_type' exactly (0: unknown). */
static void
track_new_ethertype(struct match *m, uint16_t dl_type)
{
    struct match l2;

    match_init_catchall(&l2);
    l2.flow.in_port = m->flow.in_port;
    l2.wc.in_port = m->wc.in_port;
    l2.flow.in_phy_port = m->flow.in_phy_port;
    l2.wc.in_phy_port = m->wc.in_phy_port;
    l2.flow.metadata = m->flow.metadata;
    l2.wc.metadata = m->wc.metadata;
    l2.flow.tunnel_id = m->flow.tunnel_id;
    l2.wc.tunnel_id = m->wc.tunnel_id;
    l2.flow.dl_src = m->flow.dl_src;
    l2.wc.dl_src = m->wc.dl_src;
    l2.flow.dl_dst = m->flow.dl_dst;
    l2.wc.dl_dst = m->wc.dl_dst;
    l2.flow.vlan_tci = m->flow.vlan_tci;
    l2.wc.vlan_tci = m->wc.vlan_tci;
    if (dl_type) {
        l2.flow.dl_type = htons(dl_type);
        l2.wc.dl_type = htons(0xffff);
    }
    *m = l2;
}

static bool
track_is_mpls(const struct match *m)
{
    return (m->wc.dl_type == htons(0xffff)
            && (m->flow.dl_type == htons(ETH_TYPE_MPLS)
                || m->flow.dl_type == htons(ETH_TYPE_MPLS_MCAST)));
}

static bool
track_is_ip(const struct match *m)
{
    return (m->wc.dl_type == htons(0xffff)
            && (m->flow.dl_type == htons(ETH_TYPE_IP)
                || m->flow.dl_type == htons(ETH_TYPE_IPV6)));
}

/* Checks 'acts' against 'm', updating 'm' to describe the packet after
 * each action. */
static ofperr
check_actions(const struct ofpact *acts, size_t n, struct match *m,
              bool strict, bool allow_table)
{
    for (size_t i = 0; i < n; i++) {
        const struct ofpact *a = &acts[i];

        switch (a->type) {
        case OFPACT_OUTPUT:
            if (!output_port_ok(a->output.port)
                || (a->output.port == OFPP_TABLE && !allow_table)) {
                return OFPERR_OFPBAC_BAD_OUT_PORT;
            }
            break;
        case OFPACT_GROUP:
            if (a->group_id > OFPG_MAX) {
                return OFPERR_OFPBAC_BAD_OUT_GROUP;
            }
            break;
        case OFPACT_SET_FIELD: {
            const struct mf_field *mf = mf_from_id(a->set_field.field);

            if (!mf->settable) {
                return OFPERR_OFPBAC_BAD_SET_TYPE;
            }
            /* vlan_vid/vlan_pcp: rewriting a missing tag does nothing
             * at run time, as OF1.3 gives vlan_vid no prerequisite. */
            if (strict && mf->id != MFF_VLAN_VID && mf->id != MFF_VLAN_PCP
                && !mf_are_prereqs_ok(mf, &m->flow, &m->wc)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            if (mf->id == MFF_ETH_TYPE) {
                track_new_ethertype(m, ntohs(a->set_field.value.be16));
            } else {
                match_set_field(m, mf, &a->set_field.value, NULL);
            }
            break;
        }
        case OFPACT_SET_VLAN_VID:
        case OFPACT_SET_VLAN_PCP:
        case OFPACT_PUSH_VLAN: {
            union mf_value present;

            memset(&present, 0, sizeof present);
            present.be16 = htons(VLAN_CFI);
            match_set_field(m, mf_from_id(MFF_VLAN_VID), &present,
                            &present);
            break;
        }
        case OFPACT_STRIP_VLAN:
        case OFPACT_POP_VLAN:
            if (strict && (m->wc.vlan_tci & htons(VLAN_CFI))
                && !(m->flow.vlan_tci & htons(VLAN_CFI))) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            m->flow.vlan_tci = m->wc.vlan_tci = 0;
            break;
        case OFPACT_PUSH_MPLS:
            track_new_ethertype(m, a->ethertype);
            break;
        case OFPACT_POP_MPLS:
            if (strict && !track_is_mpls(m)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            track_new_ethertype(m, a->ethertype);
            break;
        case OFPACT_SET_MPLS_TTL:
        case OFPACT_DEC_MPLS_TTL:
            if (strict && !track_is_mpls(m)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            break;
        case OFPACT_SET_NW_TTL:
        case OFPACT_DEC_NW_TTL:
            if (strict && !track_is_ip(m)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            break;
        case OFPACT_PUSH_PBB:
            track_new_ethertype(m, ETH_TYPE_PBB);
            break;
        case OFPACT_POP_PBB:
            if (strict && !(m->wc.dl_type == htons(0xffff)
                            && m->flow.dl_type == htons(ETH_TYPE_PBB))) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            track_new_ethertype(m, 0);
            break;
        case OFPACT_SET_QUEUE:
        case OFPACT_COPY_TTL_OUT:
        case OFPACT_COPY_TTL_IN:
        default:
            break;
        }
    }
    return 0;
}

ofperr
ofp_actions_check(const struct ofpact *acts, size_t n_acts,
                  const struct match *match, uint8_t version,
                  bool allow_table)
{
    struct match m = *match;

    return check_actions(acts, n_acts, &m, version != OFP10_VERSION,
                         allow_table);
}

ofperr
ofp_insts_check(const struct ofpinsts *insts, const struct match *match,
                uint8_t table_id, uint8_t max_table, uint8_t version)
{
    bool strict = version != OFP10_VERSION;
    struct match m = *match;
    ofperr error;

    if (insts->goto_table >= 0
        && (insts->goto_table <= table_id
            || insts->goto_table > max_table)) {
        return OFPERR_OFPBIC_BAD_TABLE_ID;
    }
    error = check_actions(insts->apply, insts->n_apply, &m, strict, false);
    if (!error) {
        error = check_actions(insts->write, insts->n_write, &m, strict,
                              false);
    }
    return error;
}
