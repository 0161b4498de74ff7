/* Unit tests for the meta-flow field table, struct match, and the OF1.0
 * and OF1.3 (OXM) match codecs: round trips for every field with and
 * without masks, canonical field order, every decoding error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <endian.h>
#include <cmocka.h>

#include "lib/util.h"
#include "ofproto/match.h"
#include "ofproto/meta-flow.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofpact.h"

/* The OXM numbers of OF1.3 (and PBB_UCA of OF1.4), by field. */
static const struct {
    enum mf_field_id id;
    int oxm;
    unsigned int n_bytes;
    bool maskable;
} expected[] = {
    { MFF_IN_PORT, 0, 4, false }, { MFF_IN_PHY_PORT, 1, 4, false },
    { MFF_METADATA, 2, 8, true }, { MFF_ETH_DST, 3, 6, true },
    { MFF_ETH_SRC, 4, 6, true }, { MFF_ETH_TYPE, 5, 2, false },
    { MFF_VLAN_VID, 6, 2, true }, { MFF_VLAN_PCP, 7, 1, false },
    { MFF_IP_DSCP, 8, 1, false }, { MFF_IP_ECN, 9, 1, false },
    { MFF_IP_PROTO, 10, 1, false }, { MFF_IPV4_SRC, 11, 4, true },
    { MFF_IPV4_DST, 12, 4, true }, { MFF_TCP_SRC, 13, 2, false },
    { MFF_TCP_DST, 14, 2, false }, { MFF_UDP_SRC, 15, 2, false },
    { MFF_UDP_DST, 16, 2, false }, { MFF_SCTP_SRC, 17, 2, false },
    { MFF_SCTP_DST, 18, 2, false }, { MFF_ICMPV4_TYPE, 19, 1, false },
    { MFF_ICMPV4_CODE, 20, 1, false }, { MFF_ARP_OP, 21, 2, false },
    { MFF_ARP_SPA, 22, 4, true }, { MFF_ARP_TPA, 23, 4, true },
    { MFF_ARP_SHA, 24, 6, true }, { MFF_ARP_THA, 25, 6, true },
    { MFF_IPV6_SRC, 26, 16, true }, { MFF_IPV6_DST, 27, 16, true },
    { MFF_IPV6_LABEL, 28, 4, true }, { MFF_ICMPV6_TYPE, 29, 1, false },
    { MFF_ICMPV6_CODE, 30, 1, false }, { MFF_ND_TARGET, 31, 16, false },
    { MFF_ND_SLL, 32, 6, false }, { MFF_ND_TLL, 33, 6, false },
    { MFF_MPLS_LABEL, 34, 4, false }, { MFF_MPLS_TC, 35, 1, false },
    { MFF_MPLS_BOS, 36, 1, false }, { MFF_PBB_ISID, 37, 3, true },
    { MFF_TUNNEL_ID, 38, 8, true }, { MFF_IPV6_EXTHDR, 39, 2, true },
    { MFF_PBB_UCA, 41, 1, false }, { MFF_IP_TTL, -1, 1, false },
};

static void
test_field_table(void **state)
{
    int last_oxm = -1;

    assert_int_equal(ARRAY_SIZE(expected), MFF_N_IDS);
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = mf_from_id(expected[i].id);

        assert_non_null(mf);
        assert_int_equal(mf->id, expected[i].id);
        assert_int_equal(mf->oxm_field, expected[i].oxm);
        assert_int_equal(mf->n_bytes, expected[i].n_bytes);
        assert_int_equal(mf->maskable, expected[i].maskable);
        assert_true(mf->n_bits <= 8 * mf->n_bytes);
        assert_ptr_equal(mf_from_name(mf->name), mf);
        if (mf->oxm_field >= 0) {
            /* Ascending in id order: the encoder relies on it. */
            assert_true(mf->oxm_field > last_oxm);
            last_oxm = mf->oxm_field;
            assert_ptr_equal(mf_from_oxm_field(mf->oxm_field), mf);
        }
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(mf->name, mf_from_id(j)->name);
        }
    }
    assert_null(mf_from_oxm_field(40));
    assert_null(mf_from_oxm_field(-1));
    assert_null(mf_from_name("no_such_field"));
    assert_int_equal(mf_from_name("dl_src")->id, MFF_ETH_SRC);
    assert_int_equal(mf_from_name("dl_type")->id, MFF_ETH_TYPE);
    assert_int_equal(mf_from_name("nw_src")->id, MFF_IPV4_SRC);
    assert_int_equal(mf_from_name("nw_proto")->id, MFF_IP_PROTO);
    assert_int_equal(mf_from_name("tun_id")->id, MFF_TUNNEL_ID);
    assert_int_equal(mf_from_name("nd_target")->id, MFF_ND_TARGET);
    assert_int_equal(mf_from_name("ipv6_label")->id, MFF_IPV6_LABEL);
    assert_int_equal(mf_from_name("dl_vlan_pcp")->id, MFF_VLAN_PCP);
    assert_false(mf_from_id(MFF_IN_PORT)->settable);
    assert_false(mf_from_id(MFF_METADATA)->settable);
    assert_true(mf_from_id(MFF_ETH_TYPE)->settable);
    assert_true(mf_from_id(MFF_IP_PROTO)->settable);
    assert_true(mf_from_id(MFF_MPLS_BOS)->settable);
}

/* Sets the prerequisites of 'id' in 'm' and returns a sample value
 * (nonzero in its field's low bits) in 'value'. */
static void
setup_field(struct match *m, enum mf_field_id id, union mf_value *value)
{
    const struct mf_field *mf = mf_from_id(id);
    union mf_value v;
    uint16_t dl_type = 0;
    int proto = -1, icmp6_type = -1;

    switch (mf->prereqs) {
    case MFP_NONE:
        break;
    case MFP_ARP:
        dl_type = ETH_TYPE_ARP;
        break;
    case MFP_VLAN_VID:
        memset(&v, 0, sizeof v);
        v.be16 = htons(VLAN_CFI | 10);
        match_set_field(m, mf_from_id(MFF_VLAN_VID), &v, NULL);
        break;
    case MFP_IPV4:
    case MFP_IP_ANY:
        dl_type = ETH_TYPE_IP;
        break;
    case MFP_IPV6:
        dl_type = ETH_TYPE_IPV6;
        break;
    case MFP_MPLS:
        dl_type = ETH_TYPE_MPLS;
        break;
    case MFP_PBB:
        dl_type = ETH_TYPE_PBB;
        break;
    case MFP_TCP:
        dl_type = ETH_TYPE_IPV6;
        proto = 6;
        break;
    case MFP_UDP:
        dl_type = ETH_TYPE_IP;
        proto = 17;
        break;
    case MFP_SCTP:
        dl_type = ETH_TYPE_IP;
        proto = 132;
        break;
    case MFP_ICMPV4:
        dl_type = ETH_TYPE_IP;
        proto = 1;
        break;
    case MFP_ICMPV6:
        dl_type = ETH_TYPE_IPV6;
        proto = 58;
        break;
    case MFP_ND_SOLICIT:
    case MFP_ND:
        dl_type = ETH_TYPE_IPV6;
        proto = 58;
        icmp6_type = 135;
        break;
    case MFP_ND_ADVERT:
        dl_type = ETH_TYPE_IPV6;
        proto = 58;
        icmp6_type = 136;
        break;
    }
    if (dl_type) {
        memset(&v, 0, sizeof v);
        v.be16 = htons(dl_type);
        match_set_field(m, mf_from_id(MFF_ETH_TYPE), &v, NULL);
    }
    if (proto >= 0) {
        memset(&v, 0, sizeof v);
        v.u8 = (uint8_t) proto;
        match_set_field(m, mf_from_id(MFF_IP_PROTO), &v, NULL);
    }
    if (icmp6_type >= 0) {
        memset(&v, 0, sizeof v);
        v.u8 = (uint8_t) icmp6_type;
        match_set_field(m, mf_from_id(MFF_ICMPV6_TYPE), &v, NULL);
    }
    if (id == MFF_IN_PHY_PORT) {
        memset(&v, 0, sizeof v);
        v.be32 = htonl(3);
        match_set_field(m, mf_from_id(MFF_IN_PORT), &v, NULL);
    }

    /* A value with alternating bits, trimmed to the field's width. */
    memset(value, 0, sizeof *value);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        value->bytes[i] = (uint8_t) (0x5a + i);
    }
    {
        unsigned int extra = mf->n_bytes * 8 - mf->n_bits;
        for (unsigned int i = 0; extra; i++) {
            unsigned int bits = extra < 8 ? extra : 8;
            value->bytes[i] &= (uint8_t) (0xff >> bits);
            extra -= bits;
        }
    }
    if (id == MFF_ARP_OP) {
        value->be16 = htons(2);
    } else if (id == MFF_VLAN_VID) {
        value->be16 = htons(VLAN_CFI | 0x123);
    } else if (id == MFF_ICMPV6_TYPE) {
        value->u8 = 128;
    }
}

/* Encodes 'm' as OXM, decodes it back, and checks both directions. */
static void
oxm_round_trip(const struct match *m)
{
    uint8_t buf[512], buf2[512];
    struct match back;
    size_t len, len2, consumed;

    len = ofp_match13_len(m);
    assert_true(len <= sizeof buf);
    assert_int_equal(len % 8, 0);
    memset(buf, 0xcc, sizeof buf);
    assert_int_equal(ofp_match13_encode(m, buf), len);
    assert_int_equal(buf[len], 0xcc);
    assert_int_equal(ofp_match13_decode(buf, len, &back, &consumed), 0);
    assert_int_equal(consumed, len);
    assert_true(match_equal(&back, m));
    len2 = ofp_match13_encode(&back, buf2);
    assert_int_equal(len2, len);
    assert_memory_equal(buf, buf2, len);
}

static void
test_oxm_every_field(void **state)
{
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);
        union mf_value value, mask, got_v, got_m;
        struct match m;
        bool exact;

        if (mf->oxm_field < 0) {
            continue;
        }
        match_init_catchall(&m);
        setup_field(&m, id, &value);
        match_set_field(&m, mf, &value, NULL);
        assert_true(match_has_field(&m, mf, &exact));
        assert_true(exact);
        match_get_field(&m, mf, &got_v, &got_m);
        assert_memory_equal(got_v.bytes, value.bytes, mf->n_bytes);
        oxm_round_trip(&m);

        if (mf->maskable) {
            memset(&mask, 0, sizeof mask);
            mask.bytes[mf->n_bytes - 1] = 0x0f;
            match_init_catchall(&m);
            setup_field(&m, id, &value);
            match_set_field(&m, mf, &value, &mask);
            assert_true(match_has_field(&m, mf, &exact));
            assert_false(exact);
            match_get_field(&m, mf, &got_v, &got_m);
            for (unsigned int i = 0; i < mf->n_bytes; i++) {
                assert_int_equal(got_v.bytes[i],
                                 value.bytes[i] & mask.bytes[i]);
            }
            oxm_round_trip(&m);
        }
    }
}

/* Appends an OXM TLV to 'p' at '*n'. */
static void
oxm(uint8_t *p, size_t *n, int field, bool hasmask, const void *payload,
    size_t len)
{
    uint32_t h = htonl(OXM_HEADER(field, hasmask, len));

    memcpy(p + *n, &h, 4);
    memcpy(p + *n + 4, payload, len);
    *n += 4 + len;
}

/* Wraps the 'n' bytes of OXM TLVs at 'tlvs' into an ofp_match and
 * decodes it. */
static ofperr
decode_tlvs(const uint8_t *tlvs, size_t n, struct match *m)
{
    uint8_t buf[600];
    size_t consumed;
    size_t padded = (4 + n + 7) / 8 * 8;

    memset(buf, 0, sizeof buf);
    buf[0] = 0;
    buf[1] = OFPMT_OXM;
    buf[2] = (uint8_t) ((4 + n) >> 8);
    buf[3] = (uint8_t) (4 + n);
    memcpy(buf + 4, tlvs, n);
    return ofp_match13_decode(buf, padded, m, &consumed);
}

static void
test_oxm_order_and_vlan(void **state)
{
    uint8_t tlvs[128], buf[256];
    size_t n = 0, len, ofs;
    uint16_t tcp = htons(80), ip = htons(ETH_TYPE_IP), vid;
    uint8_t proto = 6;
    uint32_t port = htonl(5);
    struct match m;
    struct flow flow;
    int last = -1;

    /* Given in descending order... */
    oxm(tlvs, &n, 14, false, &tcp, 2);
    oxm(tlvs, &n, 10, false, &proto, 1);
    oxm(tlvs, &n, 5, false, &ip, 2);
    oxm(tlvs, &n, 0, false, &port, 4);
    assert_int_equal(decode_tlvs(tlvs, n, &m), 0);
    /* ...and encoded in ascending order, without masks. */
    len = ofp_match13_encode(&m, buf);
    for (ofs = 4; ofs + 4 <= len && buf[ofs] == 0x80; ) {
        int field = buf[ofs + 2] >> 1;

        assert_false(buf[ofs + 2] & 1);
        assert_true(field > last);
        last = field;
        ofs += 4 + buf[ofs + 3];
    }
    assert_int_equal(last, 14);
    assert_int_equal(buf[2] << 8 | buf[3], 4 + 8 + 6 + 5 + 6);

    /* vlan_vid: NONE, any tag, and an exact tag. */
    memset(&flow, 0, sizeof flow);
    n = 0;
    vid = htons(0);
    oxm(tlvs, &n, 6, false, &vid, 2);
    assert_int_equal(decode_tlvs(tlvs, n, &m), 0);
    assert_true(match_matches_flow(&m, &flow));
    flow.vlan_tci = htons(VLAN_CFI | 7);
    assert_false(match_matches_flow(&m, &flow));

    n = 0;
    vid = htons(0x1000);
    oxm(tlvs, &n, 6, true, (uint16_t[]) { vid, vid }, 4);
    assert_int_equal(decode_tlvs(tlvs, n, &m), 0);
    assert_true(match_matches_flow(&m, &flow));
    flow.vlan_tci = 0;
    assert_false(match_matches_flow(&m, &flow));

    n = 0;
    vid = htons(0x1000 | 7);
    oxm(tlvs, &n, 6, false, &vid, 2);
    assert_int_equal(decode_tlvs(tlvs, n, &m), 0);
    assert_false(match_matches_flow(&m, &flow));
    flow.vlan_tci = htons(VLAN_CFI | 5 << 13 | 7);
    assert_true(match_matches_flow(&m, &flow));
    flow.vlan_tci = htons(VLAN_CFI | 8);
    assert_false(match_matches_flow(&m, &flow));
}

static void
test_oxm_errors(void **state)
{
    uint8_t tlvs[128], buf[64];
    size_t n, consumed;
    struct match m;
    uint16_t ip = htons(ETH_TYPE_IP), tcp = htons(80);
    uint8_t proto = 6, pcp = 8;
    uint32_t port = htonl(1);

    /* Missing prerequisite. */
    n = 0;
    oxm(tlvs, &n, 13, false, &tcp, 2);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_PREREQ);
    n = 0;
    oxm(tlvs, &n, 5, false, &ip, 2);
    oxm(tlvs, &n, 13, false, &tcp, 2);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_PREREQ);
    oxm(tlvs, &n, 10, false, &proto, 1);
    assert_int_equal(decode_tlvs(tlvs, n, &m), 0);
    n = 0;
    oxm(tlvs, &n, 1, false, &port, 4);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_PREREQ);

    /* Duplicate field. */
    n = 0;
    oxm(tlvs, &n, 5, false, &ip, 2);
    oxm(tlvs, &n, 5, false, &ip, 2);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_DUP_FIELD);

    /* Unknown field, unknown class. */
    n = 0;
    oxm(tlvs, &n, 40, false, &ip, 2);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_FIELD);
    n = 0;
    oxm(tlvs, &n, 5, false, &ip, 2);
    tlvs[0] = 0x00;
    tlvs[1] = 0x01;
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_FIELD);

    /* Mask on an unmaskable field. */
    n = 0;
    oxm(tlvs, &n, 5, true, (uint16_t[]) { ip, 0xffff }, 4);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_MASK);

    /* Length not the field's width. */
    n = 0;
    oxm(tlvs, &n, 5, false, &port, 4);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_LEN);

    /* Invalid value, value bits outside the mask. */
    n = 0;
    oxm(tlvs, &n, 6, false, (uint16_t[]) { htons(0x1000) }, 2);
    oxm(tlvs, &n, 7, false, &pcp, 1);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_VALUE);
    n = 0;
    oxm(tlvs, &n, 5, false, &ip, 2);
    oxm(tlvs, &n, 11, true,
        (uint32_t[]) { htonl(0x0a000001), htonl(0xffffff00) }, 8);
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_WILDCARDS);

    /* Match header: wrong type, length past the buffer, truncated TLV. */
    memset(buf, 0, sizeof buf);
    buf[1] = OFPMT_STANDARD;
    buf[3] = 4;
    assert_int_equal(ofp_match13_decode(buf, 8, &m, &consumed),
                     OFPERR_OFPBMC_BAD_TYPE);
    buf[1] = OFPMT_OXM;
    buf[3] = 12;
    assert_int_equal(ofp_match13_decode(buf, 8, &m, &consumed),
                     OFPERR_OFPBMC_BAD_LEN);
    assert_int_equal(ofp_match13_decode(buf, 3, &m, &consumed),
                     OFPERR_OFPBMC_BAD_LEN);
    buf[3] = 4;
    assert_int_equal(ofp_match13_decode(buf, 4, &m, &consumed),
                     OFPERR_OFPBMC_BAD_LEN);
    assert_int_equal(ofp_match13_decode(buf, 8, &m, &consumed), 0);
    assert_int_equal(consumed, 8);
    assert_true(match_is_catchall(&m));
    n = 0;
    oxm(tlvs, &n, 0, false, &port, 4);
    tlvs[3] = 8;                        /* Says 8, only 4 follow. */
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_LEN);
    tlvs[3] = 2;                        /* Says 2: not the width. */
    assert_int_equal(decode_tlvs(tlvs, n, &m), OFPERR_OFPBMC_BAD_LEN);
}

static void
test_match_relations(void **state)
{
    struct match a, b, c;
    union mf_value v, mask;
    struct flow flow;

    match_init_catchall(&a);
    assert_true(match_is_catchall(&a));
    memset(&v, 0, sizeof v);
    memset(&mask, 0, sizeof mask);
    v.be16 = htons(ETH_TYPE_IP);
    match_set_field(&a, mf_from_id(MFF_ETH_TYPE), &v, NULL);
    b = a;
    v.be32 = htonl(0x0a000001);
    mask.be32 = htonl(0xff000000);
    match_set_field(&b, mf_from_id(MFF_IPV4_SRC), &v, &mask);
    /* Values outside the mask are dropped. */
    assert_int_equal(ntohl(b.flow.nw_src), 0x0a000000);
    c = a;
    v.be32 = htonl(0x0b000001);
    match_set_field(&c, mf_from_id(MFF_IPV4_SRC), &v, NULL);

    assert_true(match_covers(&a, &b));
    assert_false(match_covers(&b, &a));
    assert_true(match_covers(&a, &c));
    assert_false(match_covers(&b, &c));
    assert_true(match_overlaps(&a, &b));
    assert_false(match_overlaps(&b, &c));
    assert_false(match_equal(&a, &b));
    assert_false(match_is_catchall(&b));

    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = htonl(0x0a0b0c0d);
    assert_true(match_matches_flow(&b, &flow));
    assert_false(match_matches_flow(&c, &flow));
    match_init_exact(&c, &flow);
    assert_true(match_matches_flow(&c, &flow));
    assert_true(match_covers(&b, &c));
    flow.tp_src = htons(1);
    assert_false(match_matches_flow(&c, &flow));
}

static void
test_ofp10(void **state)
{
    uint8_t buf[OFP10_MATCH_LEN], buf2[OFP10_MATCH_LEN];
    struct match m, back;
    union mf_value v, mask;
    uint32_t wc;

    /* Every OF1.0 field at once, nw_src as a /24. */
    match_init_catchall(&m);
    memset(&v, 0, sizeof v);
    v.be32 = htonl(3);
    match_set_field(&m, mf_from_id(MFF_IN_PORT), &v, NULL);
    memset(v.mac.ea, 0x11, 6);
    match_set_field(&m, mf_from_id(MFF_ETH_SRC), &v, NULL);
    memset(v.mac.ea, 0x22, 6);
    match_set_field(&m, mf_from_id(MFF_ETH_DST), &v, NULL);
    memset(&v, 0, sizeof v);
    v.be16 = htons(VLAN_CFI | 100);
    match_set_field(&m, mf_from_id(MFF_VLAN_VID), &v, NULL);
    v.u8 = 5;
    match_set_field(&m, mf_from_id(MFF_VLAN_PCP), &v, NULL);
    v.be16 = htons(ETH_TYPE_IP);
    match_set_field(&m, mf_from_id(MFF_ETH_TYPE), &v, NULL);
    v.u8 = 46;
    match_set_field(&m, mf_from_id(MFF_IP_DSCP), &v, NULL);
    v.u8 = 17;
    match_set_field(&m, mf_from_id(MFF_IP_PROTO), &v, NULL);
    v.be32 = htonl(0x0a000100);
    memset(&mask, 0, sizeof mask);
    mask.be32 = htonl(0xffffff00);
    match_set_field(&m, mf_from_id(MFF_IPV4_SRC), &v, &mask);
    v.be32 = htonl(0x0a000202);
    match_set_field(&m, mf_from_id(MFF_IPV4_DST), &v, NULL);
    memset(&v, 0, sizeof v);
    v.be16 = htons(53);
    match_set_field(&m, mf_from_id(MFF_UDP_SRC), &v, NULL);
    v.be16 = htons(5353);
    match_set_field(&m, mf_from_id(MFF_UDP_DST), &v, NULL);

    assert_true(ofp_match10_encode(&m, buf));
    wc = (uint32_t) buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
    assert_int_equal(wc, 8u << OFPFW10_NW_SRC_SHIFT);
    assert_int_equal(buf[24], 46 << 2);
    assert_int_equal(ofp_match10_decode(buf, &back), 0);
    assert_true(match_equal(&back, &m));
    assert_true(ofp_match10_encode(&back, buf2));
    assert_memory_equal(buf, buf2, sizeof buf);

    /* Untagged, ARP, ICMP. */
    memset(buf, 0, sizeof buf);
    wc = OFPFW10_ALL & ~(OFPFW10_DL_VLAN | OFPFW10_DL_TYPE
                         | OFPFW10_NW_PROTO | OFPFW10_NW_SRC_MASK
                         | OFPFW10_NW_DST_MASK);
    wc |= 32 << OFPFW10_NW_DST_SHIFT;
    buf[0] = (uint8_t) (wc >> 24);
    buf[1] = (uint8_t) (wc >> 16);
    buf[2] = (uint8_t) (wc >> 8);
    buf[3] = (uint8_t) wc;
    buf[18] = buf[19] = 0xff;
    buf[22] = 0x08;
    buf[23] = 0x06;
    buf[25] = 1;
    memcpy(buf + 28, (uint8_t[]) { 10, 0, 0, 1 }, 4);
    assert_int_equal(ofp_match10_decode(buf, &back), 0);
    assert_int_equal(back.wc.vlan_tci, htons(0x1fff));
    assert_int_equal(back.flow.vlan_tci, 0);
    assert_int_equal(back.flow.nw_proto, 1);
    assert_int_equal(ntohl(back.flow.nw_src), 0x0a000001);
    assert_true(ofp_match10_encode(&back, buf2));
    assert_memory_equal(buf, buf2, sizeof buf);

    /* For IPv6, as in Open vSwitch, nw_proto (and nw_tos, tp_src/tp_dst)
     * apply while the IPv4 addresses are ignored; ICMPv6 type and code
     * ride in tp_src/tp_dst. */
    buf[22] = 0x86;
    buf[23] = 0xdd;
    buf[25] = 58;
    wc &= ~OFPFW10_TP_SRC;
    buf[0] = (uint8_t) (wc >> 24);
    buf[1] = (uint8_t) (wc >> 16);
    buf[2] = (uint8_t) (wc >> 8);
    buf[3] = (uint8_t) wc;
    buf[37] = 135;
    assert_int_equal(ofp_match10_decode(buf, &back), 0);
    assert_int_equal(back.wc.nw_proto, 0xff);
    assert_int_equal(back.flow.nw_proto, 58);
    assert_int_equal(back.wc.nw_src, 0);
    assert_int_equal(ntohs(back.flow.tp_src), 135);
    assert_true(ofp_match10_encode(&back, buf2));
    assert_int_equal(buf2[25], 58);
    assert_int_equal(buf2[37], 135);
    assert_int_equal(ofp_match10_decode(buf2, &m), 0);
    assert_true(match_equal(&m, &back));

    /* Fields without their prerequisites are ignored. */
    buf[22] = 0x88;
    buf[23] = 0x47;
    assert_int_equal(ofp_match10_decode(buf, &back), 0);
    assert_int_equal(back.wc.nw_proto, 0);
    assert_int_equal(back.wc.nw_src, 0);

    /* Bad values. */
    buf[18] = 0x10;
    buf[19] = 0x00;
    assert_int_equal(ofp_match10_decode(buf, &back),
                     OFPERR_OFPBMC_BAD_VALUE);

    /* An IPv6 match can only be widened. */
    match_init_catchall(&m);
    v.be16 = htons(ETH_TYPE_IPV6);
    match_set_field(&m, mf_from_id(MFF_ETH_TYPE), &v, NULL);
    memset(&v, 0x20, sizeof v);
    match_set_field(&m, mf_from_id(MFF_IPV6_SRC), &v, NULL);
    assert_false(ofp_match10_encode(&m, buf));
    assert_int_equal(ofp_match10_decode(buf, &back), 0);
    assert_true(match_covers(&back, &m));

    /* Port numbering. */
    assert_int_equal(ofp_port_from_ofp10(0xfffd), OFPP_CONTROLLER);
    assert_int_equal(ofp_port_from_ofp10(0xffff), 0xffffffffu);
    assert_int_equal(ofp_port_from_ofp10(7), 7);
    assert_int_equal(ofp_port_to_ofp10(0xfffffffeu), 0xfffe);
    assert_int_equal(ofp_port_to_ofp10(0x10000), 0xffff);
}

static void
test_packet_in_match(void **state)
{
    struct flow flow;
    struct match m;
    uint8_t buf[64];

    memset(&flow, 0, sizeof flow);
    flow.in_port = 9;
    flow.dl_type = htons(ETH_TYPE_IP);
    ofp_match13_init_packet_in(&m, &flow);
    assert_int_equal(ofp_match13_len(&m), 16);
    assert_int_equal(ofp_match13_encode(&m, buf), 16);
    assert_memory_equal(buf, ((uint8_t[]) { 0, 1, 0, 12, 0x80, 0, 0, 4,
                                            0, 0, 0, 9, 0, 0, 0, 0 }), 16);
    flow.metadata = htobe64(0x55);
    flow.tunnel_id = htobe64(0x66);
    ofp_match13_init_packet_in(&m, &flow);
    assert_int_equal(ofp_match13_len(&m), 40);
    oxm_round_trip(&m);
}

/* Decodes every truncation of a valid match, and pseudo-random bytes
 * behind a valid header: errors, never a crash or an overread (the
 * input is copied into a buffer of exactly its size, for valgrind). */
static void
test_oxm_robustness(void **state)
{
    struct match m, back;
    union mf_value v;
    uint8_t buf[256];
    size_t len, consumed;
    uint32_t seed = 12345;

    match_init_catchall(&m);
    setup_field(&m, MFF_ND_SLL, &v);
    match_set_field(&m, mf_from_id(MFF_ND_SLL), &v, NULL);
    len = ofp_match13_encode(&m, buf);
    for (size_t n = 0; n <= len; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        ofperr error;

        memcpy(copy, buf, n);
        error = ofp_match13_decode(copy, n, &back, &consumed);
        assert_int_equal(error, n == len ? 0 : OFPERR_OFPBMC_BAD_LEN);
        free(copy);
    }
    for (int i = 0; i < 20000; i++) {
        size_t n = 4 + i % 60;
        uint8_t *copy = malloc(n);

        for (size_t j = 0; j < n; j++) {
            seed = seed * 1103515245 + 12345;
            copy[j] = (uint8_t) (seed >> 16);
        }
        copy[0] = 0;
        copy[1] = OFPMT_OXM;
        copy[2] = 0;
        copy[3] = (uint8_t) (4 + (seed >> 8) % (n - 3));
        for (size_t j = 4; j + 4 <= n && i % 2; j += 4 + copy[j + 3]) {
            copy[j] = 0x80;             /* Mostly valid classes. */
            copy[j + 1] = 0;
            copy[j + 2] &= 0x4f;
            copy[j + 3] %= 17;
        }
        if (!ofp_match13_decode(copy, n, &back, &consumed)) {
            assert_true(consumed <= n);
            assert_int_equal(ofp_match13_len(&back),
                             ofp_match13_encode(&back, buf));
        }
        if (n >= OFP10_MATCH_LEN) {
            ofp_match10_decode(copy, &back);
        }
        free(copy);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_table),
        cmocka_unit_test(test_oxm_every_field),
        cmocka_unit_test(test_oxm_order_and_vlan),
        cmocka_unit_test(test_oxm_errors),
        cmocka_unit_test(test_match_relations),
        cmocka_unit_test(test_ofp10),
        cmocka_unit_test(test_packet_in_match),
        cmocka_unit_test(test_oxm_robustness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
