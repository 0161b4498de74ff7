/* Unit tests of the OpenFlow message codec (ofproto/ofp-codec.h), part 1:
 * framing and types, HELLO negotiation, errors per version, and
 * encode/decode round trips of every message that is not a multipart one,
 * in OF1.0 and OF1.3; then robustness against truncated and mutated
 * versions of all of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "lib/util.h"
#include "ofproto/meta-flow.h"
#include "ofproto/ofp-codec.h"
#include "ofproto/ofp-match.h"
#include "tests/unit/ofp-codec-testlib.h"

/* ---------------------------------------------------------------------
 * Framing, types.
 * ------------------------------------------------------------------- */

static void
test_decode_type(void **state)
{
    enum ofptype type;
    struct {
        const char *hex;
        ofperr error;
        enum ofptype type;
    } cases[] = {
        { "04 05 00 08 00 00 00 01", 0, OFPTYPE_FEATURES_REQUEST },
        { "01 05 00 08 00 00 00 01", 0, OFPTYPE_FEATURES_REQUEST },
        { "04 14 00 08 00 00 00 01", 0, OFPTYPE_BARRIER_REQUEST },
        { "01 12 00 08 00 00 00 01", 0, OFPTYPE_BARRIER_REQUEST },
        { "04 0f 00 10 00 00 00 01 00 00 00 00 00 00 00 01", 0,
          OFPTYPE_GROUP_MOD },
        { "01 0f 00 08 00 00 00 01", 0, OFPTYPE_PORT_MOD },
        { "04 12 00 10 00 00 00 01 00 0d 00 00 00 00 00 00", 0,
          OFPTYPE_PORT_DESC_STATS_REQUEST },
        { "01 10 00 0c 00 00 00 01 00 03 00 00", 0,
          OFPTYPE_TABLE_STATS_REQUEST },
        { "01 10 00 0c 00 00 00 01 00 0d 00 00",
          OFPERR_OFPBRC_BAD_MULTIPART, 0 },
        { "04 12 00 10 00 00 00 01 00 63 00 00 00 00 00 00",
          OFPERR_OFPBRC_BAD_MULTIPART, 0 },
        { "04 12 00 0c 00 00 00 01 00 00 00 00", OFPERR_OFPBRC_BAD_LEN,
          0 },
        { "04 05 00 0c 00 00 00 01 00 00 00 00", OFPERR_OFPBRC_BAD_LEN,
          0 },
        { "04 1e 00 08 00 00 00 01", OFPERR_OFPBRC_BAD_TYPE, 0 },
        { "01 16 00 08 00 00 00 01", OFPERR_OFPBRC_BAD_TYPE, 0 },
        { "02 05 00 08 00 00 00 01", OFPERR_OFPBRC_BAD_VERSION, 0 },
        { "06 00 00 08 00 00 00 01", 0, OFPTYPE_HELLO },
        { "05 01 00 0c 00 00 00 01 00 01 00 00", 0, OFPTYPE_ERROR },
        { "04 05 00 07 00 00 00 01", OFPERR_OFPBRC_BAD_LEN, 0 },
        { "04 05 00 09 00 00 00 01", OFPERR_OFPBRC_BAD_LEN, 0 },
        { "04 1d 00 08 00 00 00 01", 0, OFPTYPE_METER_MOD },
        { "04 04 00 10 00 00 23 20 00 00 00 00 00 00 00 00", 0,
          OFPTYPE_EXPERIMENTER },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        size_t len;
        uint8_t *msg = oct_hex_to_bytes(cases[i].hex, &len);
        ofperr error = ofp_decode_type((struct ofp_header *) msg, len,
                                       &type);
        if (error != cases[i].error) {
            fail_msg("case %zu: got %s", i, ofperr_to_string(error));
        }
        if (!error) {
            assert_int_equal(type, cases[i].type);
        }
        free(msg);
    }
    assert_int_equal(ofp_msg_length("\x04\x00\x00", 3), 0);
    assert_int_equal(ofp_msg_length("\x04\x00\x00\x00\0\0\0\0", 8), 1);
    assert_int_equal(ofp_msg_length("\x04\x00\x00\x05\0\0\0\0", 8), 5);
    assert_int_equal(ofp_msg_length("\x04\x00\x01\x00\0\0\0\0", 8), 256);
    assert_string_equal(ofptype_name(OFPTYPE_FLOW_MOD), "OFPT_FLOW_MOD");
}

static void
test_simple(void **state)
{
    static const enum ofptype types[] = {
        OFPTYPE_FEATURES_REQUEST, OFPTYPE_GET_CONFIG_REQUEST,
        OFPTYPE_BARRIER_REQUEST, OFPTYPE_BARRIER_REPLY,
        OFPTYPE_DESC_STATS_REQUEST, OFPTYPE_TABLE_STATS_REQUEST,
    };
    static const enum ofptype types13[] = {
        OFPTYPE_GET_ASYNC_REQUEST, OFPTYPE_PORT_DESC_STATS_REQUEST,
        OFPTYPE_GROUP_DESC_STATS_REQUEST,
        OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
        OFPTYPE_TABLE_FEATURES_STATS_REQUEST,
    };
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
            ofpbuf_clear(&b);
            assert_int_equal(ofp_encode_simple(types[i], v, 7, &b), 0);
            assert_int_equal(oct_check_one(&b, types[i])->version, v);
            assert_int_equal(ofp_xid(oct_msg_at(&b, 0)), 7);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(types13); i++) {
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_simple(types13[i], OFP13_VERSION, 7,
                                           &b), 0);
        oct_check_one(&b, types13[i]);
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_simple(types13[i], OFP10_VERSION, 7,
                                           &b), OFPERR_OFPBRC_BAD_VERSION);
        assert_int_equal(b.size, 0);
    }
    assert_int_equal(ofp_encode_simple(OFPTYPE_FLOW_MOD, OFP13_VERSION, 1,
                                       &b), OFPERR_OFPBRC_BAD_TYPE);
    ofpbuf_clear(&b);
    ofp_encode_simple(OFPTYPE_PORT_DESC_STATS_REQUEST, OFP13_VERSION, 2,
                      &b);
    oct_assert_bytes(&b, "04 12 00 10 00 00 00 02 00 0d 00 00 00 00 00 00");
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * HELLO and ERROR.
 * ------------------------------------------------------------------- */

static bool
negotiate(const char *hex, uint32_t ours, uint8_t *version, char **text)
{
    size_t len;
    uint8_t *msg = oct_hex_to_bytes(hex, &len);
    bool ok = ofp_hello_negotiate((struct ofp_header *) msg, ours, version,
                                  text);
    free(msg);
    return ok;
}

static void
test_hello(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    ofp_encode_hello(OFP_VERSIONS_DEFAULT, 1, &b);
    /* What ovs-ofctl -O OpenFlow10,OpenFlow13 sends. */
    oct_assert_bytes(&b, "04 00 00 10 00 00 00 01 00 01 00 08 00 00 00 12");
    oct_check_one(&b, OFPTYPE_HELLO);
    ofpbuf_clear(&b);
    ofp_encode_hello(OFP_VERSION_BIT(OFP10_VERSION), 2, &b);
    oct_assert_bytes(&b, "01 00 00 08 00 00 00 02");
    ofpbuf_uninit(&b);

    uint32_t ours = OFP_VERSIONS_DEFAULT;
    uint8_t v = 0;
    char *text = NULL;
    /* Bitmap 1.0..1.4 -> 1.3. */
    assert_int_equal(negotiate("05 00 00 10 00 00 00 01 00 01 00 08 00 00 "
                               "00 3e", ours, &v, NULL), true);
    assert_int_equal(v, OFP13_VERSION);
    /* Bitmap {1.0} -> 1.0, although the header says 1.3. */
    assert_int_equal(negotiate("04 00 00 10 00 00 00 01 00 01 00 08 00 00 "
                               "00 02", ours, &v, NULL), true);
    assert_int_equal(v, OFP10_VERSION);
    /* Unknown element first, then the bitmap. */
    assert_int_equal(negotiate("04 00 00 18 00 00 00 01 00 07 00 05 aa 00 "
                               "00 00 00 01 00 08 00 00 00 12", ours, &v,
                               NULL), true);
    assert_int_equal(v, OFP13_VERSION);
    /* No bitmap: min(peer, ours). */
    assert_int_equal(negotiate("05 00 00 08 00 00 00 01", ours, &v, NULL),
                     true);
    assert_int_equal(v, OFP13_VERSION);
    assert_int_equal(negotiate("01 00 00 08 00 00 00 01", ours, &v, NULL),
                     true);
    assert_int_equal(v, OFP10_VERSION);
    /* No common version. */
    assert_int_equal(negotiate("03 00 00 08 00 00 00 01", ours, &v, &text),
                     false);
    assert_string_equal(text, "We support versions 0x01, 0x04, peer "
                        "supports version 0x03");
    free(text);
    assert_int_equal(negotiate("04 00 00 10 00 00 00 01 00 01 00 08 00 00 "
                               "00 0c", ours, &v, &text),
                     false);
    assert_string_equal(text, "We support versions 0x01, 0x04, peer "
                        "supports versions 0x02, 0x03");
    free(text);
    assert_int_equal(negotiate("01 00 00 08 00 00 00 01",
                               OFP_VERSION_BIT(OFP13_VERSION), &v, NULL),
                     false);
    /* A truncated bitmap element counts as absent. */
    assert_int_equal(negotiate("04 00 00 0c 00 00 00 01 00 01 00 08", ours,
                               &v, NULL), true);
    assert_int_equal(v, OFP13_VERSION);
}

static void
test_error(void **state)
{
    struct ofpbuf req, b;
    ofpbuf_init(&req);
    ofpbuf_init(&b);
    /* A 100-byte request: the error echoes 64 bytes of it. */
    ofp_encode_echo_request(OFP13_VERSION, 9, "0123456789012345678901234"
                            "5678901234567890123456789012345678901234567890"
                            "12345678901234567890", 92, &req);
    assert_int_equal(req.size, 100);
    ofp_encode_error(OFP13_VERSION, 9, OFPERR_OFPBMC_BAD_PREREQ,
                     oct_msg_at(&req, 0), &b);
    const struct ofp_header *oh = oct_check_one(&b, OFPTYPE_ERROR);
    assert_int_equal(b.size, 12 + 64);
    assert_memory_equal(b.data, "\x04\x01\x00\x4c\x00\x00\x00\x09"
                        "\x00\x04\x00\x09", 12);
    assert_memory_equal(b.data + 12, req.data, 64);
    ofperr error;
    const void *data;
    size_t len;
    assert_int_equal(ofp_decode_error(oh, &error, &data, &len), 0);
    assert_int_equal(error, OFPERR_OFPBMC_BAD_PREREQ);
    assert_int_equal(len, 64);

    /* OF1.0 renumbering, both ways where it is one-to-one. */
    struct {
        ofperr error;
        uint16_t type, code;
        ofperr back;
    } cases[] = {
        { OFPERR_OFPBRC_BAD_TYPE, 1, 1, OFPERR_OFPBRC_BAD_TYPE },
        { OFPERR_OFPBRC_BAD_LEN, 1, 6, OFPERR_OFPBRC_BAD_LEN },
        { OFPERR_OFPBRC_IS_SLAVE, 1, 5, OFPERR_OFPBRC_EPERM },
        { OFPERR_OFPBAC_BAD_OUT_PORT, 2, 4, OFPERR_OFPBAC_BAD_OUT_PORT },
        { OFPERR_OFPBAC_MATCH_INCONSISTENT, 2, 5,
          OFPERR_OFPBAC_BAD_ARGUMENT },
        { OFPERR_OFPBIC_UNSUP_INST, 2, 0, OFPERR_OFPBAC_BAD_TYPE },
        { OFPERR_OFPBMC_BAD_PREREQ, 3, 5, OFPERR_OFPFMFC_UNKNOWN },
        { OFPERR_OFPFMFC_OVERLAP, 3, 1, OFPERR_OFPFMFC_OVERLAP },
        { OFPERR_OFPFMFC_TABLE_FULL, 3, 0, OFPERR_OFPFMFC_TABLE_FULL },
        { OFPERR_OFPFMFC_BAD_COMMAND, 3, 4, OFPERR_OFPFMFC_BAD_COMMAND },
        { OFPERR_OFPPMFC_BAD_PORT, 4, 0, OFPERR_OFPPMFC_BAD_PORT },
        { OFPERR_OFPQOFC_BAD_QUEUE, 5, 1, OFPERR_OFPQOFC_BAD_QUEUE },
        { OFPERR_OFPHFC_INCOMPATIBLE, 0, 0, OFPERR_OFPHFC_INCOMPATIBLE },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        ofpbuf_clear(&b);
        ofp_encode_error(OFP10_VERSION, 3, cases[i].error, NULL, &b);
        oh = oct_check_one(&b, OFPTYPE_ERROR);
        assert_int_equal(b.size, 12);
        assert_int_equal(b.data[0], OFP10_VERSION);
        assert_int_equal(b.data[8] << 8 | b.data[9], cases[i].type);
        assert_int_equal(b.data[10] << 8 | b.data[11], cases[i].code);
        assert_int_equal(ofp_decode_error(oh, &error, &data, &len), 0);
        assert_int_equal(error, cases[i].back);
    }

    ofpbuf_clear(&b);
    ofp_encode_hello_failed(OFP10_VERSION, 0, "no common version", &b);
    oh = oct_check_one(&b, OFPTYPE_ERROR);
    assert_int_equal(ofp_decode_error(oh, &error, &data, &len), 0);
    assert_int_equal(error, OFPERR_OFPHFC_INCOMPATIBLE);
    assert_int_equal(len, 17);
    assert_memory_equal(data, "no common version", 17);
    ofpbuf_uninit(&req);
    ofpbuf_uninit(&b);
}

static void
test_echo_experimenter(void **state)
{
    struct ofpbuf b, r;
    ofpbuf_init(&b);
    ofpbuf_init(&r);
    ofp_encode_echo_request(OFP13_VERSION, 0x1234, "ping", 4, &b);
    ofp_encode_echo_reply(oct_check_one(&b, OFPTYPE_ECHO_REQUEST), &r);
    oct_assert_bytes(&r, "04 03 00 0c 00 00 12 34 70 69 6e 67");
    oct_check_one(&r, OFPTYPE_ECHO_REPLY);

    size_t len;
    uint8_t *msg = oct_hex_to_bytes("04 04 00 14 00 00 00 05 00 00 23 20 "
                                    "00 00 00 11 de ad be ef", &len);
    uint32_t exp, exp_type;
    assert_int_equal(ofp_decode_experimenter((struct ofp_header *) msg,
                                             &exp, &exp_type), 0);
    assert_int_equal(exp, 0x2320);
    assert_int_equal(exp_type, 0x11);
    free(msg);
    msg = oct_hex_to_bytes("01 04 00 0c 00 00 00 05 00 00 23 20", &len);
    assert_int_equal(ofp_decode_experimenter((struct ofp_header *) msg,
                                             &exp, &exp_type), 0);
    assert_int_equal(exp, 0x2320);
    assert_int_equal(exp_type, 0);
    free(msg);
    msg = oct_hex_to_bytes("04 04 00 0c 00 00 00 05 00 00 23 20", &len);
    assert_int_equal(ofp_decode_experimenter((struct ofp_header *) msg,
                                             &exp, &exp_type),
                     OFPERR_OFPBRC_BAD_LEN);
    free(msg);
    ofpbuf_uninit(&b);
    ofpbuf_uninit(&r);
}

/* ---------------------------------------------------------------------
 * Features, config, port messages.
 * ------------------------------------------------------------------- */

static void
test_features_config(void **state)
{
    struct ofp_port_desc ports[2];
    oct_make_port(&ports[0], 1, "eth1");
    oct_make_port(&ports[1], OFPP_LOCAL, "br0");
    struct ofp_features f = {
        .datapath_id = 0x0000aabbccddeeffULL,
        .n_buffers = 0,
        .n_tables = SLUICE_N_TABLES,
        .capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS
                        | OFPC_PORT_STATS | OFPC_GROUP_STATS,
        .actions = 0xfff,
        .ports = ports,
        .n_ports = 2,
    };
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        ofpbuf_clear(&b);
        ofp_encode_features_reply(v, 5, &f, &b);
        const struct ofp_header *oh
            = oct_check_one(&b, OFPTYPE_FEATURES_REPLY);
        struct ofp_features g;
        assert_int_equal(ofp_decode_features_reply(oh, &g), 0);
        assert_int_equal(g.datapath_id, f.datapath_id);
        assert_int_equal(g.n_tables, SLUICE_N_TABLES);
        if (v == OFP10_VERSION) {
            assert_int_equal(b.size, 32 + 2 * 48);
            assert_int_equal(g.capabilities, OFPC_FLOW_STATS
                             | OFPC_TABLE_STATS | OFPC_PORT_STATS);
            assert_int_equal(b.data[27], 0x07);     /* No STP bit. */
            assert_int_equal(g.actions, 0xfff);
            assert_int_equal(g.n_ports, 2);
            assert_int_equal(g.ports[1].port_no, OFPP_LOCAL);
            assert_string_equal(g.ports[0].name, "eth1");
            assert_int_equal(g.ports[0].curr, ports[0].curr);
            assert_int_equal(g.ports[0].config, OFPPC_NO_PACKET_IN);
        } else {
            assert_int_equal(b.size, 32);
            assert_int_equal(g.capabilities, f.capabilities);
            assert_int_equal(g.n_ports, 0);
        }
        ofp_features_uninit(&g);

        struct ofp_switch_config sc = { .flags = 0, .miss_send_len = 128 };
        for (int set = 0; set < 2; set++) {
            enum ofptype t = set ? OFPTYPE_SET_CONFIG
                                 : OFPTYPE_GET_CONFIG_REPLY;
            ofpbuf_clear(&b);
            ofp_encode_switch_config(t, v, 1, &sc, &b);
            struct ofp_switch_config sc2;
            assert_int_equal(ofp_decode_switch_config(oct_check_one(&b, t),
                                                      &sc2), 0);
            assert_int_equal(sc2.miss_send_len, 128);
        }

        struct ofp_port_status ps = { .reason = OFPPR_MODIFY,
                                      .desc = ports[0] };
        ofpbuf_clear(&b);
        ofp_encode_port_status(v, 0, &ps, &b);
        struct ofp_port_status ps2;
        assert_int_equal(ofp_decode_port_status(
                             oct_check_one(&b, OFPTYPE_PORT_STATUS), &ps2), 0);
        assert_int_equal(ps2.reason, OFPPR_MODIFY);
        assert_string_equal(ps2.desc.name, "eth1");
        assert_memory_equal(ps2.desc.hw_addr.ea, ports[0].hw_addr.ea, 6);
        if (v == OFP13_VERSION) {
            assert_memory_equal(&ps2.desc, &ports[0], sizeof ps2.desc);
        }

        struct ofp_port_mod pm = { .port_no = 2, .config = OFPPC_PORT_DOWN,
                                   .mask = OFPPC_PORT_DOWN,
                                   .advertise = OFPPF_COPPER };
        memcpy(pm.hw_addr.ea, "\x02\x00\x00\x00\x00\x02", 6);
        ofpbuf_clear(&b);
        ofp_encode_port_mod(v, 1, &pm, &b);
        struct ofp_port_mod pm2;
        assert_int_equal(ofp_decode_port_mod(
                             oct_check_one(&b, OFPTYPE_PORT_MOD), &pm2), 0);
        assert_memory_equal(&pm, &pm2, sizeof pm);
    }
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * FLOW_MOD.
 * ------------------------------------------------------------------- */

static void
test_flow_mod10(void **state)
{
    struct ofp_flow_mod fm;
    memset(&fm, 0, sizeof fm);
    ofpinsts_init(&fm.insts);
    oct_make_match(&fm.match);
    fm.command = OFPFC_ADD;
    fm.priority = 100;
    fm.cookie = 0x1234;
    fm.idle_timeout = 10;
    fm.hard_timeout = 20;
    fm.flags = OFPFF_SEND_FLOW_REM;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    fm.new_cookie = UINT64_MAX;
    fm.insts.has_apply = true;
    fm.insts.apply = oct_make_output(2, 0);
    fm.insts.n_apply = 1;

    struct ofpbuf b;
    ofpbuf_init(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP10_VERSION, 1, &fm, &b), 0);
    assert_int_equal(b.size, 72 + 8);
    struct ofp_flow_mod fm2;
    assert_int_equal(ofp_decode_flow_mod(oct_check_one(&b, OFPTYPE_FLOW_MOD),
                                         &fm2), 0);
    assert_int_equal(fm2.version, OFP10_VERSION);
    assert_true(match_equal(&fm.match, &fm2.match));
    assert_int_equal(fm2.priority, 100);
    assert_int_equal(fm2.cookie, 0x1234);
    assert_int_equal(fm2.cookie_mask, 0);
    assert_int_equal(fm2.table_id, 0);
    assert_int_equal(fm2.idle_timeout, 10);
    assert_int_equal(fm2.hard_timeout, 20);
    assert_int_equal(fm2.flags, OFPFF_SEND_FLOW_REM);
    assert_int_equal(fm2.out_port, OFPP_ANY);
    assert_int_equal(fm2.out_group, OFPG_ANY);
    assert_int_equal(fm2.buffer_id, OFP_NO_BUFFER);
    assert_true(ofpinsts_equal(&fm.insts, &fm2.insts));
    ofp_flow_mod_uninit(&fm2);

    /* Modify: the cookie is the new cookie; delete: all tables. */
    fm.command = OFPFC_MODIFY;
    fm.new_cookie = 0x99;
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP10_VERSION, 1, &fm, &b), 0);
    assert_int_equal(ofp_decode_flow_mod(oct_check_one(&b, OFPTYPE_FLOW_MOD),
                                         &fm2), 0);
    assert_int_equal(fm2.new_cookie, 0x99);
    assert_int_equal(fm2.cookie_mask, 0);
    ofp_flow_mod_uninit(&fm2);
    fm.command = OFPFC_DELETE_STRICT;
    fm.out_port = 3;
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP10_VERSION, 1, &fm, &b), 0);
    assert_int_equal(ofp_decode_flow_mod(oct_check_one(&b, OFPTYPE_FLOW_MOD),
                                         &fm2), 0);
    assert_int_equal(fm2.table_id, OFPTT_ALL);
    assert_int_equal(fm2.out_port, 3);
    ofp_flow_mod_uninit(&fm2);

    /* Emergency flows and bad commands are refused. */
    b.data[70] = 0;
    b.data[71] = OFPFF10_EMERG;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_FLAGS);
    b.data[71] = 0;
    b.data[57] = 9;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_COMMAND);

    /* OF1.0 cannot carry goto_table. */
    fm.insts.goto_table = 3;
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP10_VERSION, 1, &fm, &b),
                     OFPERR_OFPBIC_UNSUP_INST);
    assert_int_equal(b.size, 0);
    ofpinsts_destroy(&fm.insts);
    ofpbuf_uninit(&b);
}

static void
test_flow_mod13(void **state)
{
    struct ofp_flow_mod fm, fm2;
    oct_make_flow_mod13(&fm);
    struct ofpbuf b;
    ofpbuf_init(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP13_VERSION, 1, &fm, &b), 0);
    assert_int_equal(ofp_decode_flow_mod(oct_check_one(&b, OFPTYPE_FLOW_MOD),
                                         &fm2), 0);
    assert_true(match_equal(&fm.match, &fm2.match));
    assert_int_equal(fm2.table_id, 1);
    assert_int_equal(fm2.cookie, fm.cookie);
    assert_int_equal(fm2.new_cookie, UINT64_MAX);
    assert_int_equal(fm2.flags, fm.flags);
    assert_true(ofpinsts_equal(&fm.insts, &fm2.insts));
    ofp_flow_mod_uninit(&fm2);

    /* Byte-for-byte: re-encoding the decoded flow_mod is identical. */
    struct ofpbuf c;
    ofpbuf_init(&c);
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2), 0);
    ofp_encode_flow_mod(OFP13_VERSION, 1, &fm2, &c);
    assert_int_equal(b.size, c.size);
    assert_memory_equal(b.data, c.data, b.size);
    ofp_flow_mod_uninit(&fm2);
    ofpbuf_uninit(&c);

    /* Errors: table 254 for an add, goto_table backwards, bad command,
     * unknown flags, missing prerequisite. */
    b.data[24] = 254;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_TABLE_ID);
    b.data[24] = 7;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPBIC_BAD_TABLE_ID);
    b.data[24] = 1;
    b.data[25] = 5;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_COMMAND);
    b.data[25] = OFPFC_DELETE;
    b.data[24] = OFPTT_ALL;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2), 0);
    assert_int_equal(fm2.table_id, OFPTT_ALL);
    ofp_flow_mod_uninit(&fm2);
    b.data[45] = 0x40;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_FLAGS);
    ofpbuf_clear(&b);

    /* tcp_dst without ip_proto: BAD_PREREQ from the match decoder. */
    size_t len;
    uint8_t *raw = oct_hex_to_bytes(
        "04 0e 00 40 00 00 00 01 00 00 00 00 00 00 00 00 "
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 00 "
        "ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00 00 "
        "00 01 00 10 80 00 0a 02 08 00 80 00 1c 02 00 50", &len);
    assert_int_equal(ofp_decode_flow_mod((struct ofp_header *) raw, &fm2),
                     OFPERR_OFPBMC_BAD_PREREQ);
    raw[61] = 0x14;                  /* ip_proto of length 1: a stray
                                      * byte is left over. */
    raw[62] = 0x01;
    raw[63] = 0x06;
    assert_int_equal(ofp_decode_flow_mod((struct ofp_header *) raw, &fm2),
                     OFPERR_OFPBMC_BAD_LEN);
    free(raw);
    fm.insts.goto_table = -1;

    /* OF1.3 length checks. */
    ofp_encode_flow_mod(OFP13_VERSION, 1, &fm, &b);
    b.data[2] = 0;
    b.data[3] = 48;
    assert_int_equal(ofp_decode_flow_mod(oct_msg_at(&b, 0), &fm2),
                     OFPERR_OFPBRC_BAD_LEN);
    ofpinsts_destroy(&fm.insts);
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * GROUP_MOD, TABLE_MOD, PACKET_OUT, PACKET_IN, FLOW_REMOVED.
 * ------------------------------------------------------------------- */

static void
test_group_table_mod(void **state)
{
    struct ofp_group_mod gm, gm2;
    oct_make_group(&gm);
    struct ofpbuf b;
    ofpbuf_init(&b);
    assert_int_equal(ofp_encode_group_mod(OFP13_VERSION, 1, &gm, &b), 0);
    /* group_id=7,type=select,bucket=weight:10,actions=output:1,
     * bucket=weight:20,actions=output:2 as ovs-ofctl encodes it. */
    oct_assert_bytes(&b, "04 0f 00 50 00 00 00 01 00 00 01 00 00 00 00 07 "
                 "00 20 00 0a ff ff ff ff ff ff ff ff 00 00 00 00 "
                 "00 00 00 10 00 00 00 01 00 00 00 00 00 00 00 00 "
                 "00 20 00 14 ff ff ff ff ff ff ff ff 00 00 00 00 "
                 "00 00 00 10 00 00 00 02 00 00 00 00 00 00 00 00");
    assert_int_equal(ofp_decode_group_mod(oct_check_one(&b, OFPTYPE_GROUP_MOD),
                                          &gm2), 0);
    assert_int_equal(gm2.type, OFPGT_SELECT);
    assert_int_equal(gm2.group_id, 7);
    assert_int_equal(gm2.n_buckets, 2);
    assert_int_equal(gm2.buckets[1].weight, 20);
    assert_int_equal(gm2.buckets[1].n_actions, 1);
    assert_int_equal(gm2.buckets[1].actions[0].output.port, 2);
    ofp_group_mod_uninit(&gm2);

    b.data[11] = 0;
    b.data[10] = 9;
    assert_int_equal(ofp_decode_group_mod(oct_msg_at(&b, 0), &gm2),
                     OFPERR_OFPGMFC_BAD_TYPE);
    b.data[10] = 1;
    b.data[9] = 3;
    assert_int_equal(ofp_decode_group_mod(oct_msg_at(&b, 0), &gm2),
                     OFPERR_OFPGMFC_BAD_COMMAND);
    b.data[9] = 0;
    b.data[17] = 0x48;               /* Bucket longer than the message. */
    assert_int_equal(ofp_decode_group_mod(oct_msg_at(&b, 0), &gm2),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_group_mod(OFP10_VERSION, 1, &gm, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    ofp_group_mod_uninit(&gm);

    struct ofp_table_mod tm = { .table_id = 3, .config = 0 }, tm2;
    assert_int_equal(ofp_encode_table_mod(OFP13_VERSION, 1, &tm, &b), 0);
    assert_int_equal(ofp_decode_table_mod(oct_check_one(&b, OFPTYPE_TABLE_MOD),
                                          &tm2), 0);
    assert_int_equal(tm2.table_id, 3);
    ofpbuf_uninit(&b);
}

static void
test_packet_out_in(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        struct ofp_packet_out po = {
            .buffer_id = OFP_NO_BUFFER, .in_port = OFPP_CONTROLLER,
            .actions = oct_make_output(OFPP_FLOOD, 0), .n_actions = 1,
            .data = oct_frame, .len = sizeof oct_frame,
        }, po2;
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_packet_out(v, 1, &po, &b), 0);
        assert_int_equal(ofp_decode_packet_out(
                             oct_check_one(&b, OFPTYPE_PACKET_OUT), &po2), 0);
        assert_int_equal(po2.in_port, OFPP_CONTROLLER);
        assert_int_equal(po2.buffer_id, OFP_NO_BUFFER);
        assert_int_equal(po2.n_actions, 1);
        assert_int_equal(po2.actions[0].output.port, OFPP_FLOOD);
        assert_int_equal(po2.len, sizeof oct_frame);
        assert_memory_equal(po2.data, oct_frame, sizeof oct_frame);
        ofp_packet_out_uninit(&po2);
        /* actions_len past the end. */
        b.data[v == OFP10_VERSION ? 14 : 16] = 0x10;
        assert_int_equal(ofp_decode_packet_out(oct_msg_at(&b, 0), &po2),
                         OFPERR_OFPBRC_BAD_LEN);
        free(po.actions);

        struct ofp_packet_in pin, pin2;
        memset(&pin, 0, sizeof pin);
        pin.buffer_id = OFP_NO_BUFFER;
        pin.total_len = sizeof oct_frame;
        pin.reason = OFPR_ACTION;
        pin.table_id = 2;
        pin.cookie = 0xabc;
        struct flow flow;
        memset(&flow, 0, sizeof flow);
        flow.in_port = 3;
        ofp_match13_init_packet_in(&pin.match, &flow);
        pin.data = oct_frame;
        pin.len = sizeof oct_frame;
        ofpbuf_clear(&b);
        ofp_encode_packet_in(v, 0, &pin, &b);
        assert_int_equal(ofp_decode_packet_in(
                             oct_check_one(&b, OFPTYPE_PACKET_IN), &pin2), 0);
        assert_int_equal(pin2.reason, OFPR_ACTION);
        assert_int_equal(pin2.total_len, sizeof oct_frame);
        assert_int_equal(pin2.match.flow.in_port, 3);
        assert_true(match_equal(&pin.match, &pin2.match));
        assert_int_equal(pin2.len, sizeof oct_frame);
        assert_memory_equal(pin2.data, oct_frame, sizeof oct_frame);
        if (v == OFP13_VERSION) {
            assert_int_equal(pin2.table_id, 2);
            assert_int_equal(pin2.cookie, 0xabc);
            /* Header 24, match 16 (in_port OXM padded), pad 2, data. */
            assert_int_equal(b.size, 24 + 16 + 2 + sizeof oct_frame);
        } else {
            assert_int_equal(b.size, 18 + sizeof oct_frame);
        }

        struct ofp_flow_removed fr, fr2;
        memset(&fr, 0, sizeof fr);
        oct_make_match(&fr.match);
        fr.cookie = 5;
        fr.priority = 9;
        fr.reason = OFPRR_HARD_TIMEOUT;
        fr.duration_sec = 11;
        fr.duration_nsec = 12;
        fr.idle_timeout = 13;
        fr.hard_timeout = v == OFP13_VERSION ? 14 : 0;
        fr.packet_count = 15;
        fr.byte_count = 16;
        ofpbuf_clear(&b);
        ofp_encode_flow_removed(v, 0, &fr, &b);
        assert_int_equal(ofp_decode_flow_removed(
                             oct_check_one(&b, OFPTYPE_FLOW_REMOVED), &fr2),
                         0);
        assert_memory_equal(&fr, &fr2, sizeof fr);
    }
    ofpbuf_uninit(&b);
}

static void
test_role_async_queue(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    struct ofp_role role = { OFPCR_ROLE_MASTER, 42 }, role2;
    assert_int_equal(ofp_encode_role(OFPTYPE_ROLE_REQUEST, OFP13_VERSION, 1,
                                     &role, &b), 0);
    assert_int_equal(ofp_decode_role(oct_check_one(&b, OFPTYPE_ROLE_REQUEST),
                                     &role2), 0);
    assert_int_equal(role2.role, OFPCR_ROLE_MASTER);
    assert_int_equal(role2.generation_id, 42);
    b.data[11] = 7;
    assert_int_equal(ofp_decode_role(oct_msg_at(&b, 0), &role2),
                     OFPERR_OFPRRFC_BAD_ROLE);
    ofpbuf_clear(&b);
    ofp_encode_role(OFPTYPE_ROLE_REPLY, OFP13_VERSION, 1, &role, &b);
    oct_check_one(&b, OFPTYPE_ROLE_REPLY);

    struct ofp_async_config ac = {
        { 3, 0 }, { 7, 7 }, { 15, 0 },
    }, ac2;
    for (int set = 0; set < 2; set++) {
        enum ofptype t = set ? OFPTYPE_SET_ASYNC : OFPTYPE_GET_ASYNC_REPLY;
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_async_config(t, OFP13_VERSION, 1, &ac,
                                                 &b), 0);
        assert_int_equal(ofp_decode_async_config(oct_check_one(&b, t), &ac2),
                         0);
        assert_memory_equal(&ac, &ac2, sizeof ac);
    }
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        uint32_t port;
        ofpbuf_clear(&b);
        ofp_encode_queue_get_config_request(v, 1, 4, &b);
        assert_int_equal(ofp_decode_queue_get_config_request(
                             oct_check_one(&b,
                                           OFPTYPE_QUEUE_GET_CONFIG_REQUEST),
                             &port), 0);
        assert_int_equal(port, 4);
        ofpbuf_clear(&b);
        ofp_encode_queue_get_config_reply(v, 1, 4, &b);
        oct_check_one(&b, OFPTYPE_QUEUE_GET_CONFIG_REPLY);
    }
    ofpbuf_uninit(&b);
}

int
main(void)
{
    ofpbuf_init(&oct_corpus);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_type),
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_hello),
        cmocka_unit_test(test_error),
        cmocka_unit_test(test_echo_experimenter),
        cmocka_unit_test(test_features_config),
        cmocka_unit_test(test_flow_mod10),
        cmocka_unit_test(test_flow_mod13),
        cmocka_unit_test(test_group_table_mod),
        cmocka_unit_test(test_packet_out_in),
        cmocka_unit_test(test_role_async_queue),
        cmocka_unit_test(oct_test_robustness),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ofpbuf_uninit(&oct_corpus);
    return failed;
}
