/* Unit tests for the OF1.0/OF1.3 action and instruction codecs and their
 * checks: round trips of every action (set_field of every settable
 * field), every instruction, decoding errors, consistency checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "lib/util.h"
#include "ofproto/match.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpact.h"

static bool
acts_equal(const struct ofpact *a, size_t n_a, const struct ofpact *b,
           size_t n_b)
{
    struct ofpinsts x, y;

    ofpinsts_init(&x);
    ofpinsts_init(&y);
    x.has_apply = y.has_apply = true;
    x.apply = (struct ofpact *) a;
    x.n_apply = n_a;
    y.apply = (struct ofpact *) b;
    y.n_apply = n_b;
    return ofpinsts_equal(&x, &y);
}

/* Builds one of every OF1.3 action, set_field of every settable OXM
 * field included, into 'acts' (room for 64); returns the count. */
static size_t
all_actions13(struct ofpact *acts)
{
    size_t n = 0;

    memset(acts, 0, 64 * sizeof *acts);
    acts[n].type = OFPACT_OUTPUT;
    acts[n].output.port = 3;
    n++;
    acts[n].type = OFPACT_OUTPUT;
    acts[n].output.port = OFPP_CONTROLLER;
    acts[n].output.max_len = 0x1234;
    n++;
    acts[n++].type = OFPACT_COPY_TTL_OUT;
    acts[n++].type = OFPACT_COPY_TTL_IN;
    acts[n].type = OFPACT_SET_MPLS_TTL;
    acts[n++].ttl = 9;
    acts[n++].type = OFPACT_DEC_MPLS_TTL;
    acts[n].type = OFPACT_PUSH_VLAN;
    acts[n++].ethertype = ETH_TYPE_VLAN_8021AD;
    acts[n++].type = OFPACT_POP_VLAN;
    acts[n].type = OFPACT_PUSH_MPLS;
    acts[n++].ethertype = ETH_TYPE_MPLS;
    acts[n].type = OFPACT_POP_MPLS;
    acts[n++].ethertype = ETH_TYPE_IP;
    acts[n].type = OFPACT_SET_QUEUE;
    acts[n++].queue_id = 77;
    acts[n].type = OFPACT_GROUP;
    acts[n++].group_id = 12;
    acts[n].type = OFPACT_SET_NW_TTL;
    acts[n++].ttl = 200;
    acts[n++].type = OFPACT_DEC_NW_TTL;
    acts[n].type = OFPACT_PUSH_PBB;
    acts[n++].ethertype = ETH_TYPE_PBB;
    acts[n++].type = OFPACT_POP_PBB;
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);

        if (!mf->settable || mf->oxm_field < 0) {
            continue;
        }
        acts[n].type = OFPACT_SET_FIELD;
        acts[n].set_field.field = id;
        /* The last byte is in every field's width. */
        acts[n].set_field.value.bytes[mf->n_bytes - 1] = 1;
        if (id == MFF_VLAN_VID) {
            acts[n].set_field.value.be16 = htons(VLAN_CFI | 203);
        }
        n++;
    }
    assert_true(n <= 64);
    return n;
}

static void
test_actions13_round_trip(void **state)
{
    struct ofpact acts[64], *back;
    size_t n = all_actions13(acts), n_back, len;
    uint8_t buf[2048], buf2[2048];

    len = ofp_actions13_len(acts, n);
    assert_int_equal(len % 8, 0);
    assert_true(len <= sizeof buf);
    assert_int_equal(ofp_actions13_encode(acts, n, buf), len);
    /* output: type 0, length 16, port, max_len. */
    assert_memory_equal(buf, ((uint8_t[]) { 0, 0, 0, 16, 0, 0, 0, 3,
                                            0, 0, 0, 0, 0, 0, 0, 0 }), 16);
    assert_memory_equal(buf + 16, ((uint8_t[]) { 0, 0, 0, 16, 0xff, 0xff,
                                                 0xff, 0xfd, 0x12, 0x34 }),
                        10);
    assert_int_equal(ofp_actions13_decode(buf, len, &back, &n_back), 0);
    assert_int_equal(n_back, n);
    assert_true(acts_equal(acts, n, back, n_back));
    assert_int_equal(ofp_actions13_encode(back, n_back, buf2), len);
    assert_memory_equal(buf, buf2, len);
    free(back);

    /* Empty list. */
    assert_int_equal(ofp_actions13_decode(buf, 0, &back, &n_back), 0);
    assert_null(back);
    assert_int_equal(n_back, 0);

    /* OF1.0-only actions have OF1.3 forms. */
    memset(acts, 0, 3 * sizeof *acts);
    acts[0].type = OFPACT_SET_VLAN_VID;
    acts[0].vlan_vid = 5;
    acts[1].type = OFPACT_SET_VLAN_PCP;
    acts[1].vlan_pcp = 6;
    acts[2].type = OFPACT_STRIP_VLAN;
    len = ofp_actions13_encode(acts, 3, buf);
    assert_int_equal(len, ofp_actions13_len(acts, 3));
    assert_int_equal(ofp_actions13_decode(buf, len, &back, &n_back), 0);
    assert_int_equal(n_back, 3);
    assert_int_equal(back[0].type, OFPACT_SET_FIELD);
    assert_int_equal(back[0].set_field.field, MFF_VLAN_VID);
    assert_int_equal(ntohs(back[0].set_field.value.be16), VLAN_CFI | 5);
    assert_int_equal(back[1].set_field.field, MFF_VLAN_PCP);
    assert_int_equal(back[1].set_field.value.u8, 6);
    assert_int_equal(back[2].type, OFPACT_POP_VLAN);
    free(back);
}

/* Writes an 8-byte action of 'type' with a 32-bit argument. */
static void
act8(uint8_t *p, uint16_t type, uint32_t arg)
{
    memset(p, 0, 8);
    p[0] = (uint8_t) (type >> 8);
    p[1] = (uint8_t) type;
    p[3] = 8;
    p[4] = (uint8_t) (arg >> 24);
    p[5] = (uint8_t) (arg >> 16);
    p[6] = (uint8_t) (arg >> 8);
    p[7] = (uint8_t) arg;
}

static ofperr
decode13(const uint8_t *p, size_t len)
{
    struct ofpact *acts;
    size_t n;
    ofperr error = ofp_actions13_decode(p, len, &acts, &n);

    if (error) {
        assert_null(acts);
        assert_int_equal(n, 0);
    }
    free(acts);
    return error;
}

static void
test_actions13_errors(void **state)
{
    uint8_t buf[64];

    /* Bad lengths: not a multiple of 8, past the end, too short. */
    act8(buf, OFPAT13_DEC_NW_TTL, 0);
    buf[3] = 12;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_LEN);
    buf[3] = 16;
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_LEN);
    assert_int_equal(decode13(buf, 4), OFPERR_OFPBAC_BAD_LEN);
    act8(buf, OFPAT13_OUTPUT, 1);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_LEN);
    memset(buf + 8, 0, 8);
    buf[3] = 16;
    assert_int_equal(decode13(buf, 16), 0);

    /* Output ports. */
    act8(buf, OFPAT13_OUTPUT, 0);
    buf[3] = 16;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_OUT_PORT);
    act8(buf, OFPAT13_OUTPUT, 0xffffff01);
    buf[3] = 16;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_OUT_PORT);
    act8(buf, OFPAT13_OUTPUT, OFPP_ANY);
    buf[3] = 16;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_OUT_PORT);
    act8(buf, OFPAT13_OUTPUT, OFPP_IN_PORT);
    buf[3] = 16;
    assert_int_equal(decode13(buf, 16), 0);

    /* Types. */
    act8(buf, 99, 0);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_TYPE);
    act8(buf, 1, 0);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_TYPE);
    act8(buf, OFPAT13_EXPERIMENTER, 0x2320);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_EXPERIMENTER);

    /* Arguments. */
    act8(buf, OFPAT13_PUSH_VLAN, 0x08000000);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_ARGUMENT);
    act8(buf, OFPAT13_PUSH_MPLS, 0x81000000);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_ARGUMENT);
    act8(buf, OFPAT13_PUSH_PBB, 0x88470000);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_ARGUMENT);
    act8(buf, OFPAT13_GROUP, OFPG_ALL);
    assert_int_equal(decode13(buf, 8), OFPERR_OFPBAC_BAD_OUT_GROUP);

    /* set_field: unknown field, unsettable field, wrong OXM length,
     * masked, invalid value, padding that does not fit. */
    memset(buf, 0, sizeof buf);
    buf[1] = OFPAT13_SET_FIELD;
    buf[3] = 16;
    buf[4] = 0x80;
    buf[6] = 40 << 1;
    buf[7] = 2;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_SET_TYPE);
    buf[6] = 0 << 1;                    /* in_port */
    buf[7] = 4;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_SET_TYPE);
    buf[6] = 5 << 1;                    /* eth_type, 4 bytes */
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_SET_LEN);
    buf[6] = 3 << 1 | 1;                /* eth_dst, masked */
    buf[7] = 12;
    buf[3] = 24;
    assert_int_equal(decode13(buf, 24), OFPERR_OFPBAC_BAD_SET_LEN);
    buf[6] = 7 << 1;                    /* vlan_pcp = 9 */
    buf[7] = 1;
    buf[8] = 9;
    buf[3] = 16;
    assert_int_equal(decode13(buf, 16), OFPERR_OFPBAC_BAD_SET_ARGUMENT);
    buf[8] = 7;
    assert_int_equal(decode13(buf, 16), 0);
    buf[3] = 24;
    assert_int_equal(decode13(buf, 24), OFPERR_OFPBAC_BAD_SET_LEN);
}

static void
test_actions10_round_trip(void **state)
{
    struct ofpact acts[16], *back;
    struct match m;
    union mf_value v;
    uint8_t buf[512], buf2[512];
    size_t n = 0, n_back, len;

    memset(acts, 0, sizeof acts);
    acts[n].type = OFPACT_OUTPUT;
    acts[n].output.port = OFPP_CONTROLLER;
    acts[n++].output.max_len = 128;
    acts[n].type = OFPACT_SET_VLAN_VID;
    acts[n++].vlan_vid = 4095;
    acts[n].type = OFPACT_SET_VLAN_PCP;
    acts[n++].vlan_pcp = 7;
    acts[n++].type = OFPACT_STRIP_VLAN;
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_ETH_SRC;
    memset(acts[n++].set_field.value.mac.ea, 0x11, 6);
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_ETH_DST;
    memset(acts[n++].set_field.value.mac.ea, 0x22, 6);
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_IPV4_SRC;
    acts[n++].set_field.value.be32 = htonl(0x0a000001);
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_IPV4_DST;
    acts[n++].set_field.value.be32 = htonl(0x0a000002);
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_IP_DSCP;
    acts[n++].set_field.value.u8 = 46;
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_UDP_SRC;
    acts[n++].set_field.value.be16 = htons(53);
    acts[n].type = OFPACT_SET_FIELD;
    acts[n].set_field.field = MFF_UDP_DST;
    acts[n++].set_field.value.be16 = htons(54);
    acts[n].type = OFPACT_SET_QUEUE;
    acts[n++].queue_id = 3;
    acts[n].type = OFPACT_OUTPUT;
    acts[n++].output.port = 2;
    acts[n].type = OFPACT_OUTPUT;
    acts[n++].output.port = OFPP_LOCAL;

    /* set_tp_src/dst become UDP fields because the match says UDP. */
    match_init_catchall(&m);
    memset(&v, 0, sizeof v);
    v.be16 = htons(ETH_TYPE_IP);
    match_set_field(&m, mf_from_id(MFF_ETH_TYPE), &v, NULL);
    v.u8 = 17;
    match_set_field(&m, mf_from_id(MFF_IP_PROTO), &v, NULL);

    len = ofp_actions10_len(acts, n);
    assert_int_equal(len, 8 + 8 + 8 + 8 + 16 + 16 + 8 * 5 + 16 + 8);
    assert_int_equal(ofp_actions10_encode(acts, n, buf), len);
    /* The queue and its output became one ENQUEUE. */
    assert_int_equal(buf[len - 24 + 1], OFPAT10_ENQUEUE);
    assert_int_equal(ofp_actions10_decode(buf, len, &m, &back, &n_back), 0);
    assert_true(acts_equal(acts, n, back, n_back));
    assert_int_equal(ofp_actions10_encode(back, n_back, buf2), len);
    assert_memory_equal(buf, buf2, len);
    free(back);

    /* Without a match, transport ports default to TCP's fields. */
    assert_int_equal(ofp_actions10_decode(buf, len, NULL, &back, &n_back),
                     0);
    assert_int_equal(back[9].set_field.field, MFF_TCP_SRC);
    free(back);

    /* OF1.3-only actions are left out. */
    memset(acts, 0, 2 * sizeof *acts);
    acts[0].type = OFPACT_DEC_NW_TTL;
    acts[1].type = OFPACT_GROUP;
    assert_int_equal(ofp_actions10_len(acts, 2), 0);

    /* Errors. */
    act8(buf, OFPAT10_OUTPUT, 0);
    assert_int_equal(ofp_actions10_decode(buf, 8, NULL, &back, &n_back),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    act8(buf, OFPAT10_SET_VLAN_VID, 0x10000000);
    assert_int_equal(ofp_actions10_decode(buf, 8, NULL, &back, &n_back),
                     OFPERR_OFPBAC_BAD_ARGUMENT);
    act8(buf, OFPAT10_SET_NW_TOS, 0x01000000);
    assert_int_equal(ofp_actions10_decode(buf, 8, NULL, &back, &n_back),
                     OFPERR_OFPBAC_BAD_ARGUMENT);
    act8(buf, OFPAT10_SET_DL_SRC, 0);
    assert_int_equal(ofp_actions10_decode(buf, 8, NULL, &back, &n_back),
                     OFPERR_OFPBAC_BAD_LEN);
    act8(buf, 12, 0);
    assert_int_equal(ofp_actions10_decode(buf, 8, NULL, &back, &n_back),
                     OFPERR_OFPBAC_BAD_TYPE);
    act8(buf, OFPAT10_VENDOR, 0);
    assert_int_equal(ofp_actions10_decode(buf, 8, NULL, &back, &n_back),
                     OFPERR_OFPBAC_BAD_EXPERIMENTER);
    assert_null(back);
}

static void
test_instructions(void **state)
{
    struct ofpact acts[64];
    size_t n = all_actions13(acts), len;
    struct ofpinsts insts, back, back2;
    uint8_t buf[4096], buf2[4096];

    ofpinsts_init(&insts);
    insts.meter_id = 4;
    insts.has_apply = true;
    insts.apply = acts;
    insts.n_apply = n;
    insts.clear_actions = true;
    insts.has_write = true;
    insts.write = acts + 1;             /* output:CONTROLLER, */
    insts.n_write = 2;                  /* copy_ttl_out. */
    insts.has_write_metadata = true;
    insts.metadata = 0x0123456789abcdefull;
    insts.metadata_mask = 0xffff0000ffff0000ull;
    insts.goto_table = 9;

    len = ofp_insts13_len(&insts);
    assert_true(len <= sizeof buf);
    assert_int_equal(ofp_insts13_encode(&insts, buf), len);
    /* Order: meter, apply, clear, write, write_metadata, goto. */
    assert_int_equal(buf[1], OFPIT13_METER);
    assert_int_equal(buf[8 + 1], OFPIT13_APPLY_ACTIONS);
    assert_int_equal(buf[len - 8 + 1], OFPIT13_GOTO_TABLE);
    assert_int_equal(buf[len - 8 + 4], 9);
    assert_int_equal(buf[len - 32 + 1], OFPIT13_WRITE_METADATA);

    assert_int_equal(ofp_insts13_decode(buf, len, &back), 0);
    assert_true(ofpinsts_equal(&insts, &back));
    assert_int_equal(ofp_insts13_encode(&back, buf2), len);
    assert_memory_equal(buf, buf2, len);
    ofpinsts_clone(&back2, &back);
    assert_true(ofpinsts_equal(&back2, &back));
    assert_true(ofpinsts_outputs_to_port(&back2, 3));
    assert_true(ofpinsts_outputs_to_port(&back2, OFPP_ANY));
    assert_false(ofpinsts_outputs_to_port(&back2, 4));
    assert_true(ofpinsts_outputs_to_group(&back2, 12));
    assert_false(ofpinsts_outputs_to_group(&back2, 13));
    ofpinsts_destroy(&back);
    ofpinsts_destroy(&back2);
    ofpinsts_destroy(NULL);

    /* An empty apply_actions is kept as such. */
    ofpinsts_init(&insts);
    insts.has_apply = true;
    len = ofp_insts13_encode(&insts, buf);
    assert_int_equal(len, 8);
    assert_int_equal(ofp_insts13_decode(buf, len, &back), 0);
    assert_true(back.has_apply);
    assert_int_equal(back.n_apply, 0);
    assert_int_equal(back.goto_table, -1);
    ofpinsts_destroy(&back);

    /* write_actions keeps the last action of each kind. */
    memset(acts, 0, 3 * sizeof *acts);
    acts[0].type = OFPACT_OUTPUT;
    acts[0].output.port = 1;
    acts[1].type = OFPACT_GROUP;
    acts[1].group_id = 1;
    acts[2].type = OFPACT_OUTPUT;
    acts[2].output.port = 2;
    ofpinsts_init(&insts);
    insts.has_write = true;
    insts.write = acts;
    insts.n_write = 3;
    len = ofp_insts13_encode(&insts, buf);
    assert_int_equal(ofp_insts13_decode(buf, len, &back), 0);
    assert_int_equal(back.n_write, 2);
    assert_int_equal(back.write[0].type, OFPACT_GROUP);
    assert_int_equal(back.write[1].output.port, 2);
    ofpinsts_destroy(&back);
}

static void
test_instruction_errors(void **state)
{
    struct ofpinsts insts;
    uint8_t buf[64];

    memset(buf, 0, sizeof buf);
    buf[1] = 7;
    buf[3] = 8;
    assert_int_equal(ofp_insts13_decode(buf, 8, &insts),
                     OFPERR_OFPBIC_UNKNOWN_INST);
    buf[0] = buf[1] = 0xff;
    assert_int_equal(ofp_insts13_decode(buf, 8, &insts),
                     OFPERR_OFPBIC_BAD_EXPERIMENTER);
    buf[0] = 0;
    buf[1] = OFPIT13_GOTO_TABLE;
    buf[3] = 16;
    assert_int_equal(ofp_insts13_decode(buf, 16, &insts),
                     OFPERR_OFPBIC_BAD_LEN);
    assert_int_equal(ofp_insts13_decode(buf, 8, &insts),
                     OFPERR_OFPBIC_BAD_LEN);
    buf[1] = OFPIT13_WRITE_METADATA;
    buf[3] = 8;
    assert_int_equal(ofp_insts13_decode(buf, 8, &insts),
                     OFPERR_OFPBIC_BAD_LEN);
    /* The same instruction twice. */
    buf[1] = OFPIT13_CLEAR_ACTIONS;
    buf[3] = 8;
    buf[9] = OFPIT13_CLEAR_ACTIONS;
    buf[11] = 8;
    assert_int_equal(ofp_insts13_decode(buf, 16, &insts),
                     OFPERR_OFPBIC_UNSUP_INST);
    assert_int_equal(ofp_insts13_decode(buf, 8, &insts), 0);
    assert_true(insts.clear_actions);
    /* An action error inside apply_actions comes through, and nothing is
     * left allocated. */
    memset(buf, 0, sizeof buf);
    buf[1] = OFPIT13_APPLY_ACTIONS;
    buf[3] = 24;
    act8(buf + 8, OFPAT13_DEC_NW_TTL, 0);
    act8(buf + 16, OFPAT13_EXPERIMENTER, 0);
    assert_int_equal(ofp_insts13_decode(buf, 24, &insts),
                     OFPERR_OFPBAC_BAD_EXPERIMENTER);
    assert_null(insts.apply);
    assert_false(insts.has_apply);
}

static void
set_u16(struct match *m, enum mf_field_id id, uint16_t x)
{
    union mf_value v;

    memset(&v, 0, sizeof v);
    v.be16 = htons(x);
    match_set_field(m, mf_from_id(id), &v, NULL);
}

static void
set_u8(struct match *m, enum mf_field_id id, uint8_t x)
{
    union mf_value v;

    memset(&v, 0, sizeof v);
    v.u8 = x;
    match_set_field(m, mf_from_id(id), &v, NULL);
}

static void
test_checks(void **state)
{
    struct match any, ip, tcp, mpls, untagged;
    struct ofpact a[3];
    struct ofpinsts insts;

    match_init_catchall(&any);
    ip = any;
    set_u16(&ip, MFF_ETH_TYPE, ETH_TYPE_IP);
    tcp = ip;
    set_u8(&tcp, MFF_IP_PROTO, 6);
    mpls = any;
    set_u16(&mpls, MFF_ETH_TYPE, ETH_TYPE_MPLS);
    untagged = any;
    set_u16(&untagged, MFF_VLAN_VID, 0);

    memset(a, 0, sizeof a);
    a[0].type = OFPACT_SET_FIELD;
    a[0].set_field.field = MFF_TCP_SRC;
    a[0].set_field.value.be16 = htons(80);
    assert_int_equal(ofp_actions_check(a, 1, &ip, OFP13_VERSION, false),
                     OFPERR_OFPBAC_MATCH_INCONSISTENT);
    assert_int_equal(ofp_actions_check(a, 1, &tcp, OFP13_VERSION, false), 0);
    assert_int_equal(ofp_actions_check(a, 1, &ip, OFP10_VERSION, false), 0);

    /* Setting ip_proto first makes a later tcp_src consistent. */
    a[1] = a[0];
    memset(&a[0], 0, sizeof a[0]);
    a[0].type = OFPACT_SET_FIELD;
    a[0].set_field.field = MFF_IP_PROTO;
    a[0].set_field.value.u8 = 6;
    assert_int_equal(ofp_actions_check(a, 2, &ip, OFP13_VERSION, false), 0);

    /* push_mpls: IP fields are gone afterwards; pop_mpls needs MPLS. */
    memset(a, 0, sizeof a);
    a[0].type = OFPACT_PUSH_MPLS;
    a[0].ethertype = ETH_TYPE_MPLS;
    a[1].type = OFPACT_SET_FIELD;
    a[1].set_field.field = MFF_MPLS_LABEL;
    assert_int_equal(ofp_actions_check(a, 2, &ip, OFP13_VERSION, false), 0);
    a[1].set_field.field = MFF_IPV4_SRC;
    assert_int_equal(ofp_actions_check(a, 2, &ip, OFP13_VERSION, false),
                     OFPERR_OFPBAC_MATCH_INCONSISTENT);
    a[0].type = OFPACT_POP_MPLS;
    a[0].ethertype = ETH_TYPE_IP;
    assert_int_equal(ofp_actions_check(a, 1, &ip, OFP13_VERSION, false),
                     OFPERR_OFPBAC_MATCH_INCONSISTENT);
    assert_int_equal(ofp_actions_check(a, 2, &mpls, OFP13_VERSION, false),
                     0);
    a[0].type = OFPACT_DEC_NW_TTL;
    assert_int_equal(ofp_actions_check(a, 1, &mpls, OFP13_VERSION, false),
                     OFPERR_OFPBAC_MATCH_INCONSISTENT);
    assert_int_equal(ofp_actions_check(a, 1, &ip, OFP13_VERSION, false), 0);

    /* pop_vlan on a flow that matched "no tag". */
    a[0].type = OFPACT_POP_VLAN;
    assert_int_equal(ofp_actions_check(a, 1, &untagged, OFP13_VERSION,
                                       false),
                     OFPERR_OFPBAC_MATCH_INCONSISTENT);
    assert_int_equal(ofp_actions_check(a, 1, &any, OFP13_VERSION, false), 0);

    /* Output to TABLE only from packet-out. */
    a[0].type = OFPACT_OUTPUT;
    a[0].output.port = OFPP_TABLE;
    assert_int_equal(ofp_actions_check(a, 1, &any, OFP13_VERSION, false),
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    assert_int_equal(ofp_actions_check(a, 1, &any, OFP13_VERSION, true), 0);

    /* goto_table must go forward, within range. */
    ofpinsts_init(&insts);
    insts.goto_table = 5;
    assert_int_equal(ofp_insts_check(&insts, &any, 4, 253, OFP13_VERSION),
                     0);
    assert_int_equal(ofp_insts_check(&insts, &any, 5, 253, OFP13_VERSION),
                     OFPERR_OFPBIC_BAD_TABLE_ID);
    assert_int_equal(ofp_insts_check(&insts, &any, 0, 4, OFP13_VERSION),
                     OFPERR_OFPBIC_BAD_TABLE_ID);
    /* The write list is checked against the packet after apply. */
    memset(a, 0, sizeof a);
    a[0].type = OFPACT_PUSH_MPLS;
    a[0].ethertype = ETH_TYPE_MPLS;
    a[1].type = OFPACT_SET_FIELD;
    a[1].set_field.field = MFF_IPV4_DST;
    insts.goto_table = -1;
    insts.has_apply = insts.has_write = true;
    insts.apply = &a[0];
    insts.n_apply = 1;
    insts.write = &a[1];
    insts.n_write = 1;
    assert_int_equal(ofp_insts_check(&insts, &ip, 0, 253, OFP13_VERSION),
                     OFPERR_OFPBAC_MATCH_INCONSISTENT);
    insts.n_apply = 0;
    assert_int_equal(ofp_insts_check(&insts, &ip, 0, 253, OFP13_VERSION), 0);
}

static void
test_error_names(void **state)
{
    assert_string_equal(ofperr_to_string(OFPERR_OFPBMC_BAD_PREREQ),
                        "OFPBMC_BAD_PREREQ");
    assert_string_equal(ofperr_to_string(OFPERR_OFPBAC_BAD_SET_ARGUMENT),
                        "OFPBAC_BAD_SET_ARGUMENT");
    assert_string_equal(ofperr_to_string(OFPERR_MAKE(4, 99)),
                        "OFPET_BAD_MATCH/99");
    assert_string_equal(ofperr_to_string(OFPERR_MAKE(77, 1)),
                        "OFPET_77/1");
}

/* Decodes pseudo-random action and instruction lists (mostly
 * well-formed headers, random bodies) from exact-size buffers: errors,
 * never a crash, a leak or an overread; whatever decodes re-encodes. */
static void
test_robustness(void **state)
{
    static const uint16_t types[] = { 0, 11, 12, 15, 16, 17, 18, 19, 20,
                                      21, 22, 23, 24, 25, 26, 27, 3, 99 };
    uint32_t seed = 42;

    for (int i = 0; i < 20000; i++) {
        size_t n = 8 * (1 + i % 6), n_acts;
        uint8_t *copy = malloc(n);
        struct ofpact *acts;
        struct ofpinsts insts;

        for (size_t j = 0; j < n; j++) {
            seed = seed * 1103515245 + 12345;
            copy[j] = (uint8_t) (seed >> 16);
        }
        for (size_t j = 0; j + 8 <= n; j += 8) {
            copy[j] = 0;
            copy[j + 1] = (uint8_t) types[(seed >> (j % 16))
                                          % ARRAY_SIZE(types)];
            copy[j + 2] = 0;
            copy[j + 3] = (uint8_t) (8 * (1 + copy[j + 3] % 3));
            if (copy[j + 1] == OFPAT13_SET_FIELD) {
                copy[j + 4] = 0x80;
                copy[j + 5] = 0;
                copy[j + 6] &= 0x4e;
                copy[j + 7] %= 9;
            }
        }
        if (!ofp_actions13_decode(copy, n, &acts, &n_acts)) {
            uint8_t *out = malloc(ofp_actions13_len(acts, n_acts) + 1);

            ofp_actions13_encode(acts, n_acts, out);
            free(out);
            free(acts);
        }
        if (!ofp_actions10_decode(copy, n, NULL, &acts, &n_acts)) {
            free(acts);
        }
        copy[1] = (uint8_t) (1 + copy[1] % 6);
        if (!ofp_insts13_decode(copy, n, &insts)) {
            ofpinsts_destroy(&insts);
        }
        free(copy);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actions13_round_trip),
        cmocka_unit_test(test_actions13_errors),
        cmocka_unit_test(test_actions10_round_trip),
        cmocka_unit_test(test_instructions),
        cmocka_unit_test(test_instruction_errors),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_error_names),
        cmocka_unit_test(test_robustness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
