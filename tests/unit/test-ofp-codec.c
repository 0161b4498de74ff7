/* Unit tests of the OpenFlow message codec (ofproto/ofp-codec.h): framing
 * and types, HELLO negotiation, errors per version, encode/decode round
 * trips of every message in OF1.0 and OF1.3, multipart splitting, bytes
 * compared with what Open vSwitch produces, ovs-ofctl ofp-print of our
 * encodings (when ovs-ofctl is installed), and robustness against
 * truncated and mutated input (through the fuzz target's entry point). */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every message a test encodes is also kept here for the robustness
 * test, which truncates and mutates them. */
static struct ofpbuf corpus;

static const struct ofp_header *
msg_at(const struct ofpbuf *b, size_t offset)
{
    return (const struct ofp_header *) (b->data + offset);
}

/* Checks that 'b' holds exactly one message of 'type' and returns it. */
static const struct ofp_header *
check_one(const struct ofpbuf *b, enum ofptype type)
{
    enum ofptype got;
    assert_true(b->size >= OFP_HEADER_LEN);
    assert_int_equal(ofp_msg_length(b->data, b->size), b->size);
    assert_int_equal(ofp_decode_type(msg_at(b, 0), b->size, &got), 0);
    assert_int_equal(got, type);
    ofpbuf_put(&corpus, b->data, b->size);
    return msg_at(b, 0);
}

static uint8_t *
hex_to_bytes(const char *hex, size_t *lenp)
{
    size_t n = 0;
    uint8_t *bytes = xmalloc(strlen(hex) / 2 + 1);
    for (const char *p = hex; *p; ) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned int x;
        assert_int_equal(sscanf(p, "%2x", &x), 1);
        bytes[n++] = x;
        p += 2;
    }
    *lenp = n;
    return bytes;
}

static void
assert_bytes(const struct ofpbuf *b, const char *hex)
{
    size_t len;
    uint8_t *want = hex_to_bytes(hex, &len);
    assert_int_equal(b->size, len);
    assert_memory_equal(b->data, want, len);
    free(want);
}

static void
set_field(struct match *m, enum mf_field_id id, const void *value,
          size_t n, const void *mask)
{
    union mf_value v, mk;
    memset(&v, 0, sizeof v);
    memset(&mk, 0, sizeof mk);
    memcpy(&v, value, n);
    if (mask) {
        memcpy(&mk, mask, n);
    }
    match_set_field(m, mf_from_id(id), &v, mask ? &mk : NULL);
}

/* A match on in_port=1, ip, nw_src=10.0.0.0/24 (OF1.0-expressible). */
static void
make_match(struct match *m)
{
    uint32_t port = htonl(1);
    uint16_t ip = htons(ETH_TYPE_IP);
    uint32_t net = htonl(0x0a000000), mask = htonl(0xffffff00);
    match_init_catchall(m);
    set_field(m, MFF_IN_PORT, &port, 4, NULL);
    set_field(m, MFF_ETH_TYPE, &ip, 2, NULL);
    set_field(m, MFF_IPV4_SRC, &net, 4, &mask);
}

static struct ofpact *
make_output(uint32_t port, uint16_t max_len)
{
    struct ofpact *a = xzalloc(sizeof *a);
    a->type = OFPACT_OUTPUT;
    a->output.port = port;
    a->output.max_len = max_len;
    return a;
}

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
        uint8_t *msg = hex_to_bytes(cases[i].hex, &len);
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
            assert_int_equal(check_one(&b, types[i])->version, v);
            assert_int_equal(ofp_xid(msg_at(&b, 0)), 7);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(types13); i++) {
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_simple(types13[i], OFP13_VERSION, 7,
                                           &b), 0);
        check_one(&b, types13[i]);
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
    assert_bytes(&b, "04 12 00 10 00 00 00 02 00 0d 00 00 00 00 00 00");
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * HELLO and ERROR.
 * ------------------------------------------------------------------- */

static ofperr
negotiate(const char *hex, uint32_t ours, uint8_t *version, char **text)
{
    size_t len;
    uint8_t *msg = hex_to_bytes(hex, &len);
    ofperr error = ofp_hello_negotiate((struct ofp_header *) msg, ours,
                                       version, text);
    free(msg);
    return error;
}

static void
test_hello(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    ofp_encode_hello(OFP_VERSIONS_DEFAULT, 1, &b);
    /* What ovs-ofctl -O OpenFlow10,OpenFlow13 sends. */
    assert_bytes(&b, "04 00 00 10 00 00 00 01 00 01 00 08 00 00 00 12");
    check_one(&b, OFPTYPE_HELLO);
    ofpbuf_clear(&b);
    ofp_encode_hello(OFP_VERSION_BIT(OFP10_VERSION), 2, &b);
    assert_bytes(&b, "01 00 00 08 00 00 00 02");
    ofpbuf_uninit(&b);

    uint32_t ours = OFP_VERSIONS_DEFAULT;
    uint8_t v = 0;
    char *text = NULL;
    /* Bitmap 1.0..1.4 -> 1.3. */
    assert_int_equal(negotiate("05 00 00 10 00 00 00 01 00 01 00 08 00 00 "
                               "00 3e", ours, &v, NULL), 0);
    assert_int_equal(v, OFP13_VERSION);
    /* Bitmap {1.0} -> 1.0, although the header says 1.3. */
    assert_int_equal(negotiate("04 00 00 10 00 00 00 01 00 01 00 08 00 00 "
                               "00 02", ours, &v, NULL), 0);
    assert_int_equal(v, OFP10_VERSION);
    /* Unknown element first, then the bitmap. */
    assert_int_equal(negotiate("04 00 00 18 00 00 00 01 00 07 00 05 aa 00 "
                               "00 00 00 01 00 08 00 00 00 12", ours, &v,
                               NULL), 0);
    assert_int_equal(v, OFP13_VERSION);
    /* No bitmap: min(peer, ours). */
    assert_int_equal(negotiate("05 00 00 08 00 00 00 01", ours, &v, NULL),
                     0);
    assert_int_equal(v, OFP13_VERSION);
    assert_int_equal(negotiate("01 00 00 08 00 00 00 01", ours, &v, NULL),
                     0);
    assert_int_equal(v, OFP10_VERSION);
    /* No common version. */
    assert_int_equal(negotiate("03 00 00 08 00 00 00 01", ours, &v, &text),
                     OFPERR_OFPHFC_INCOMPATIBLE);
    assert_string_equal(text, "We support versions 0x01, 0x04, peer "
                        "supports version 0x03");
    free(text);
    assert_int_equal(negotiate("04 00 00 10 00 00 00 01 00 01 00 08 00 00 "
                               "00 0c", ours, &v, &text),
                     OFPERR_OFPHFC_INCOMPATIBLE);
    assert_string_equal(text, "We support versions 0x01, 0x04, peer "
                        "supports versions 0x02, 0x03");
    free(text);
    assert_int_equal(negotiate("01 00 00 08 00 00 00 01",
                               OFP_VERSION_BIT(OFP13_VERSION), &v, NULL),
                     OFPERR_OFPHFC_INCOMPATIBLE);
    /* A truncated bitmap element counts as absent. */
    assert_int_equal(negotiate("04 00 00 0c 00 00 00 01 00 01 00 08", ours,
                               &v, NULL), 0);
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
                     msg_at(&req, 0), &b);
    const struct ofp_header *oh = check_one(&b, OFPTYPE_ERROR);
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
        oh = check_one(&b, OFPTYPE_ERROR);
        assert_int_equal(b.size, 12);
        assert_int_equal(b.data[0], OFP10_VERSION);
        assert_int_equal(b.data[8] << 8 | b.data[9], cases[i].type);
        assert_int_equal(b.data[10] << 8 | b.data[11], cases[i].code);
        assert_int_equal(ofp_decode_error(oh, &error, &data, &len), 0);
        assert_int_equal(error, cases[i].back);
    }

    ofpbuf_clear(&b);
    ofp_encode_hello_failed(OFP10_VERSION, 0, "no common version", &b);
    oh = check_one(&b, OFPTYPE_ERROR);
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
    ofp_encode_echo_reply(check_one(&b, OFPTYPE_ECHO_REQUEST), &r);
    assert_bytes(&r, "04 03 00 0c 00 00 12 34 70 69 6e 67");
    check_one(&r, OFPTYPE_ECHO_REPLY);

    size_t len;
    uint8_t *msg = hex_to_bytes("04 04 00 14 00 00 00 05 00 00 23 20 00 00 "
                                "00 11 de ad be ef", &len);
    uint32_t exp, exp_type;
    assert_int_equal(ofp_decode_experimenter((struct ofp_header *) msg,
                                             &exp, &exp_type), 0);
    assert_int_equal(exp, 0x2320);
    assert_int_equal(exp_type, 0x11);
    free(msg);
    msg = hex_to_bytes("01 04 00 0c 00 00 00 05 00 00 23 20", &len);
    assert_int_equal(ofp_decode_experimenter((struct ofp_header *) msg,
                                             &exp, &exp_type), 0);
    assert_int_equal(exp, 0x2320);
    assert_int_equal(exp_type, 0);
    free(msg);
    msg = hex_to_bytes("04 04 00 0c 00 00 00 05 00 00 23 20", &len);
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
make_port(struct ofp_port_desc *pd, uint32_t port_no, const char *name)
{
    memset(pd, 0, sizeof *pd);
    pd->port_no = port_no;
    memcpy(pd->hw_addr.ea, "\x02\x00\x00\x00\x00\x01", 6);
    snprintf(pd->name, sizeof pd->name, "%s", name);
    pd->config = OFPPC_NO_PACKET_IN;
    pd->state = OFPPS_LINK_DOWN;
    pd->curr = OFPPF_10GB_FD | OFPPF_COPPER;
    pd->advertised = OFPPF_COPPER;
    pd->curr_speed = 10000000;
    pd->max_speed = 10000000;
}

static void
test_features_config(void **state)
{
    struct ofp_port_desc ports[2];
    make_port(&ports[0], 1, "eth1");
    make_port(&ports[1], OFPP_LOCAL, "br0");
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
        const struct ofp_header *oh = check_one(&b, OFPTYPE_FEATURES_REPLY);
        struct ofp_features g;
        assert_int_equal(ofp_decode_features_reply(oh, &g), 0);
        assert_int_equal(g.datapath_id, f.datapath_id);
        assert_int_equal(g.n_tables, SLUICE_N_TABLES);
        if (v == OFP10_VERSION) {
            assert_int_equal(b.size, 32 + 2 * 48);
            assert_int_equal(g.capabilities, f.capabilities & 0xff);
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
            assert_int_equal(ofp_decode_switch_config(check_one(&b, t),
                                                      &sc2), 0);
            assert_int_equal(sc2.miss_send_len, 128);
        }

        struct ofp_port_status ps = { .reason = OFPPR_MODIFY,
                                      .desc = ports[0] };
        ofpbuf_clear(&b);
        ofp_encode_port_status(v, 0, &ps, &b);
        struct ofp_port_status ps2;
        assert_int_equal(ofp_decode_port_status(
                             check_one(&b, OFPTYPE_PORT_STATUS), &ps2), 0);
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
        assert_int_equal(ofp_decode_port_mod(check_one(&b,
                                                       OFPTYPE_PORT_MOD),
                                             &pm2), 0);
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
    make_match(&fm.match);
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
    fm.insts.apply = make_output(2, 0);
    fm.insts.n_apply = 1;

    struct ofpbuf b;
    ofpbuf_init(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP10_VERSION, 1, &fm, &b), 0);
    assert_int_equal(b.size, 72 + 8);
    struct ofp_flow_mod fm2;
    assert_int_equal(ofp_decode_flow_mod(check_one(&b, OFPTYPE_FLOW_MOD),
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
    assert_int_equal(ofp_decode_flow_mod(check_one(&b, OFPTYPE_FLOW_MOD),
                                         &fm2), 0);
    assert_int_equal(fm2.new_cookie, 0x99);
    assert_int_equal(fm2.cookie_mask, 0);
    ofp_flow_mod_uninit(&fm2);
    fm.command = OFPFC_DELETE_STRICT;
    fm.out_port = 3;
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP10_VERSION, 1, &fm, &b), 0);
    assert_int_equal(ofp_decode_flow_mod(check_one(&b, OFPTYPE_FLOW_MOD),
                                         &fm2), 0);
    assert_int_equal(fm2.table_id, OFPTT_ALL);
    assert_int_equal(fm2.out_port, 3);
    ofp_flow_mod_uninit(&fm2);

    /* Emergency flows and bad commands are refused. */
    b.data[70] = 0;
    b.data[71] = OFPFF10_EMERG;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_FLAGS);
    b.data[71] = 0;
    b.data[57] = 9;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
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
make_flow_mod13(struct ofp_flow_mod *fm)
{
    memset(fm, 0, sizeof *fm);
    ofpinsts_init(&fm->insts);
    make_match(&fm->match);
    uint8_t proto = 6;
    uint16_t dport = htons(80);
    set_field(&fm->match, MFF_IP_PROTO, &proto, 1, NULL);
    set_field(&fm->match, MFF_TCP_DST, &dport, 2, NULL);
    fm->version = OFP13_VERSION;
    fm->command = OFPFC_ADD;
    fm->table_id = 1;
    fm->priority = 0x8000;
    fm->cookie = 0xfedcba9876543210ULL;
    fm->cookie_mask = 0;
    fm->new_cookie = UINT64_MAX;
    fm->flags = OFPFF_SEND_FLOW_REM | OFPFF_NO_BYT_COUNTS;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    fm->insts.has_apply = true;
    fm->insts.apply = xcalloc(2, sizeof *fm->insts.apply);
    fm->insts.n_apply = 2;
    fm->insts.apply[0].type = OFPACT_SET_FIELD;
    fm->insts.apply[0].set_field.field = MFF_TCP_DST;
    fm->insts.apply[0].set_field.value.be16 = htons(8080);
    fm->insts.apply[1].type = OFPACT_OUTPUT;
    fm->insts.apply[1].output.port = OFPP_CONTROLLER;
    fm->insts.apply[1].output.max_len = 128;
    fm->insts.has_write = true;
    fm->insts.write = make_output(3, 0);
    fm->insts.n_write = 1;
    fm->insts.has_write_metadata = true;
    fm->insts.metadata = 0x10;
    fm->insts.metadata_mask = 0xff;
    fm->insts.goto_table = 5;
}

static void
test_flow_mod13(void **state)
{
    struct ofp_flow_mod fm, fm2;
    make_flow_mod13(&fm);
    struct ofpbuf b;
    ofpbuf_init(&b);
    assert_int_equal(ofp_encode_flow_mod(OFP13_VERSION, 1, &fm, &b), 0);
    assert_int_equal(ofp_decode_flow_mod(check_one(&b, OFPTYPE_FLOW_MOD),
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
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2), 0);
    ofp_encode_flow_mod(OFP13_VERSION, 1, &fm2, &c);
    assert_int_equal(b.size, c.size);
    assert_memory_equal(b.data, c.data, b.size);
    ofp_flow_mod_uninit(&fm2);
    ofpbuf_uninit(&c);

    /* Errors: table 254 for an add, goto_table backwards, bad command,
     * unknown flags, missing prerequisite. */
    b.data[24] = 254;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_TABLE_ID);
    b.data[24] = 7;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
                     OFPERR_OFPBIC_BAD_TABLE_ID);
    b.data[24] = 1;
    b.data[25] = 5;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_COMMAND);
    b.data[25] = OFPFC_DELETE;
    b.data[24] = OFPTT_ALL;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2), 0);
    assert_int_equal(fm2.table_id, OFPTT_ALL);
    ofp_flow_mod_uninit(&fm2);
    b.data[45] = 0x40;
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
                     OFPERR_OFPFMFC_BAD_FLAGS);
    ofpbuf_clear(&b);

    /* tcp_dst without ip_proto: BAD_PREREQ from the match decoder. */
    size_t len;
    uint8_t *raw = hex_to_bytes(
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
    assert_int_equal(ofp_decode_flow_mod(msg_at(&b, 0), &fm2),
                     OFPERR_OFPBRC_BAD_LEN);
    ofpinsts_destroy(&fm.insts);
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * GROUP_MOD, TABLE_MOD, PACKET_OUT, PACKET_IN, FLOW_REMOVED.
 * ------------------------------------------------------------------- */

static void
make_group(struct ofp_group_mod *gm)
{
    memset(gm, 0, sizeof *gm);
    gm->command = OFPGC_ADD;
    gm->type = OFPGT_SELECT;
    gm->group_id = 7;
    gm->n_buckets = 2;
    gm->buckets = xcalloc(2, sizeof *gm->buckets);
    for (size_t i = 0; i < 2; i++) {
        gm->buckets[i].weight = 10 * (i + 1);
        gm->buckets[i].watch_port = OFPP_ANY;
        gm->buckets[i].watch_group = OFPG_ANY;
        gm->buckets[i].actions = make_output(i + 1, 0);
        gm->buckets[i].n_actions = 1;
    }
}

static void
test_group_table_mod(void **state)
{
    struct ofp_group_mod gm, gm2;
    make_group(&gm);
    struct ofpbuf b;
    ofpbuf_init(&b);
    assert_int_equal(ofp_encode_group_mod(OFP13_VERSION, 1, &gm, &b), 0);
    /* group_id=7,type=select,bucket=weight:10,actions=output:1,
     * bucket=weight:20,actions=output:2 as ovs-ofctl encodes it. */
    assert_bytes(&b, "04 0f 00 50 00 00 00 01 00 00 01 00 00 00 00 07 "
                 "00 20 00 0a ff ff ff ff ff ff ff ff 00 00 00 00 "
                 "00 00 00 10 00 00 00 01 00 00 00 00 00 00 00 00 "
                 "00 20 00 14 ff ff ff ff ff ff ff ff 00 00 00 00 "
                 "00 00 00 10 00 00 00 02 00 00 00 00 00 00 00 00");
    assert_int_equal(ofp_decode_group_mod(check_one(&b, OFPTYPE_GROUP_MOD),
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
    assert_int_equal(ofp_decode_group_mod(msg_at(&b, 0), &gm2),
                     OFPERR_OFPGMFC_BAD_TYPE);
    b.data[10] = 1;
    b.data[9] = 3;
    assert_int_equal(ofp_decode_group_mod(msg_at(&b, 0), &gm2),
                     OFPERR_OFPGMFC_BAD_COMMAND);
    b.data[9] = 0;
    b.data[17] = 0x48;               /* Bucket longer than the message. */
    assert_int_equal(ofp_decode_group_mod(msg_at(&b, 0), &gm2),
                     OFPERR_OFPGMFC_BAD_BUCKET);
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_group_mod(OFP10_VERSION, 1, &gm, &b),
                     OFPERR_OFPBRC_BAD_VERSION);
    ofp_group_mod_uninit(&gm);

    struct ofp_table_mod tm = { .table_id = 3, .config = 0 }, tm2;
    assert_int_equal(ofp_encode_table_mod(OFP13_VERSION, 1, &tm, &b), 0);
    assert_int_equal(ofp_decode_table_mod(check_one(&b, OFPTYPE_TABLE_MOD),
                                          &tm2), 0);
    assert_int_equal(tm2.table_id, 3);
    ofpbuf_uninit(&b);
}

static const uint8_t frame[60] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
    0, 1, 8, 0, 6, 4, 0, 1,
};

static void
test_packet_out_in(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        struct ofp_packet_out po = {
            .buffer_id = OFP_NO_BUFFER, .in_port = OFPP_CONTROLLER,
            .actions = make_output(OFPP_FLOOD, 0), .n_actions = 1,
            .data = frame, .len = sizeof frame,
        }, po2;
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_packet_out(v, 1, &po, &b), 0);
        assert_int_equal(ofp_decode_packet_out(
                             check_one(&b, OFPTYPE_PACKET_OUT), &po2), 0);
        assert_int_equal(po2.in_port, OFPP_CONTROLLER);
        assert_int_equal(po2.buffer_id, OFP_NO_BUFFER);
        assert_int_equal(po2.n_actions, 1);
        assert_int_equal(po2.actions[0].output.port, OFPP_FLOOD);
        assert_int_equal(po2.len, sizeof frame);
        assert_memory_equal(po2.data, frame, sizeof frame);
        ofp_packet_out_uninit(&po2);
        /* actions_len past the end. */
        b.data[v == OFP10_VERSION ? 14 : 16] = 0x10;
        assert_int_equal(ofp_decode_packet_out(msg_at(&b, 0), &po2),
                         OFPERR_OFPBRC_BAD_LEN);
        free(po.actions);

        struct ofp_packet_in pin, pin2;
        memset(&pin, 0, sizeof pin);
        pin.buffer_id = OFP_NO_BUFFER;
        pin.total_len = sizeof frame;
        pin.reason = OFPR_ACTION;
        pin.table_id = 2;
        pin.cookie = 0xabc;
        struct flow flow;
        memset(&flow, 0, sizeof flow);
        flow.in_port = 3;
        ofp_match13_init_packet_in(&pin.match, &flow);
        pin.data = frame;
        pin.len = sizeof frame;
        ofpbuf_clear(&b);
        ofp_encode_packet_in(v, 0, &pin, &b);
        assert_int_equal(ofp_decode_packet_in(
                             check_one(&b, OFPTYPE_PACKET_IN), &pin2), 0);
        assert_int_equal(pin2.reason, OFPR_ACTION);
        assert_int_equal(pin2.total_len, sizeof frame);
        assert_int_equal(pin2.match.flow.in_port, 3);
        assert_true(match_equal(&pin.match, &pin2.match));
        assert_int_equal(pin2.len, sizeof frame);
        assert_memory_equal(pin2.data, frame, sizeof frame);
        if (v == OFP13_VERSION) {
            assert_int_equal(pin2.table_id, 2);
            assert_int_equal(pin2.cookie, 0xabc);
            /* Header 24, match 16 (in_port OXM padded), pad 2, data. */
            assert_int_equal(b.size, 24 + 16 + 2 + sizeof frame);
        } else {
            assert_int_equal(b.size, 18 + sizeof frame);
        }

        struct ofp_flow_removed fr, fr2;
        memset(&fr, 0, sizeof fr);
        make_match(&fr.match);
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
                             check_one(&b, OFPTYPE_FLOW_REMOVED), &fr2), 0);
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
    assert_int_equal(ofp_decode_role(check_one(&b, OFPTYPE_ROLE_REQUEST),
                                     &role2), 0);
    assert_int_equal(role2.role, OFPCR_ROLE_MASTER);
    assert_int_equal(role2.generation_id, 42);
    b.data[11] = 7;
    assert_int_equal(ofp_decode_role(msg_at(&b, 0), &role2),
                     OFPERR_OFPRRFC_BAD_ROLE);
    ofpbuf_clear(&b);
    ofp_encode_role(OFPTYPE_ROLE_REPLY, OFP13_VERSION, 1, &role, &b);
    check_one(&b, OFPTYPE_ROLE_REPLY);

    struct ofp_async_config ac = {
        { 3, 0 }, { 7, 7 }, { 15, 0 },
    }, ac2;
    for (int set = 0; set < 2; set++) {
        enum ofptype t = set ? OFPTYPE_SET_ASYNC : OFPTYPE_GET_ASYNC_REPLY;
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_async_config(t, OFP13_VERSION, 1, &ac,
                                                 &b), 0);
        assert_int_equal(ofp_decode_async_config(check_one(&b, t), &ac2),
                         0);
        assert_memory_equal(&ac, &ac2, sizeof ac);
    }
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        uint32_t port;
        ofpbuf_clear(&b);
        ofp_encode_queue_get_config_request(v, 1, 4, &b);
        assert_int_equal(ofp_decode_queue_get_config_request(
                             check_one(&b,
                                       OFPTYPE_QUEUE_GET_CONFIG_REQUEST),
                             &port), 0);
        assert_int_equal(port, 4);
        ofpbuf_clear(&b);
        ofp_encode_queue_get_config_reply(v, 1, 4, &b);
        check_one(&b, OFPTYPE_QUEUE_GET_CONFIG_REPLY);
    }
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * Multipart.
 * ------------------------------------------------------------------- */

static void
test_desc_aggregate(void **state)
{
    struct ofp_desc d, d2;
    memset(&d, 0, sizeof d);
    strcpy(d.mfr_desc, "Sluice");
    strcpy(d.hw_desc, "userspace");
    strcpy(d.sw_desc, "0.1.0");
    strcpy(d.serial_num, "None");
    memset(d.dp_desc, 'x', sizeof d.dp_desc - 1);
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        ofpbuf_clear(&b);
        ofp_encode_desc_reply(v, 1, &d, &b);
        assert_int_equal(ofp_decode_desc_reply(
                             check_one(&b, OFPTYPE_DESC_STATS_REPLY), &d2),
                         0);
        assert_memory_equal(&d, &d2, sizeof d);

        struct ofp_aggregate_stats as = { 1, 2, 3 }, as2;
        ofpbuf_clear(&b);
        ofp_encode_aggregate_stats_reply(v, 1, &as, &b);
        assert_int_equal(ofp_decode_aggregate_stats_reply(
                             check_one(&b, OFPTYPE_AGGREGATE_STATS_REPLY),
                             &as2), 0);
        assert_int_equal(as2.packet_count, 1);
        assert_int_equal(as2.byte_count, 2);
        assert_int_equal(as2.flow_count, 3);

        struct ofp_flow_stats_request req, req2;
        memset(&req, 0, sizeof req);
        make_match(&req.match);
        req.aggregate = true;
        req.table_id = v == OFP13_VERSION ? 3 : OFPTT_ALL;
        req.out_port = 2;
        req.out_group = OFPG_ANY;
        req.cookie = v == OFP13_VERSION ? 0x10 : 0;
        req.cookie_mask = v == OFP13_VERSION ? 0xf0 : 0;
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_flow_stats_request(v, 1, &req, &b), 0);
        assert_int_equal(ofp_decode_flow_stats_request(
                             check_one(&b,
                                       OFPTYPE_AGGREGATE_STATS_REQUEST),
                             &req2), 0);
        assert_memory_equal(&req, &req2, sizeof req);
        req.aggregate = false;
        ofpbuf_clear(&b);
        ofp_encode_flow_stats_request(v, 1, &req, &b);
        check_one(&b, OFPTYPE_FLOW_STATS_REQUEST);
    }
    ofpbuf_uninit(&b);
}

static void
test_flow_stats(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        struct ofp_flow_stats fs[2];
        memset(fs, 0, sizeof fs);
        for (int i = 0; i < 2; i++) {
            ofpinsts_init(&fs[i].insts);
            make_match(&fs[i].match);
            fs[i].duration_sec = 1;
            fs[i].duration_nsec = 2;
            fs[i].priority = 100 + i;
            fs[i].idle_timeout = 3;
            fs[i].hard_timeout = 4;
            fs[i].flags = v == OFP13_VERSION ? OFPFF_SEND_FLOW_REM : 0;
            fs[i].cookie = 5;
            fs[i].packet_count = 6;
            fs[i].byte_count = 7;
            fs[i].insts.has_apply = true;
            fs[i].insts.apply = make_output(OFPP_CONTROLLER, 0xffe5);
            fs[i].insts.n_apply = 1;
        }
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_flow_stats_reply(v, 1, fs, 2, &b), 0);
        struct ofp_flow_stats *got;
        size_t n;
        const struct ofp_header *oh = check_one(&b,
                                                OFPTYPE_FLOW_STATS_REPLY);
        assert_false(ofp_multipart_more(oh));
        assert_int_equal(ofp_decode_flow_stats_reply(oh, &got, &n), 0);
        assert_int_equal(n, 2);
        for (int i = 0; i < 2; i++) {
            assert_true(match_equal(&got[i].match, &fs[i].match));
            assert_true(ofpinsts_equal(&got[i].insts, &fs[i].insts));
            assert_int_equal(got[i].priority, 100 + i);
            assert_int_equal(got[i].packet_count, 6);
            assert_int_equal(got[i].byte_count, 7);
            assert_int_equal(got[i].flags, fs[i].flags);
            ofpinsts_destroy(&fs[i].insts);
        }
        ofp_flow_stats_free(got, n);
    }
    ofpbuf_uninit(&b);
}

/* 3000 flows do not fit in one message: the reply is split, every part
 * but the last says "more", and together they hold every flow. */
static void
test_multipart_split(void **state)
{
    enum { N = 3000 };
    struct ofp_flow_stats *fs = xcalloc(N, sizeof *fs);
    struct ofp_flow_mod fm;
    make_flow_mod13(&fm);
    for (size_t i = 0; i < N; i++) {
        fs[i].match = fm.match;
        fs[i].priority = i;
        fs[i].insts = fm.insts;
    }
    struct ofpbuf b;
    ofpbuf_init(&b);
    ofp_encode_flow_stats_reply(OFP13_VERSION, 77, fs, N, &b);
    size_t off = 0, n_msgs = 0, n_flows = 0;
    bool more = true;
    while (off < b.size) {
        assert_true(more);
        const struct ofp_header *oh = msg_at(&b, off);
        size_t len = ofp_msg_length(oh, b.size - off);
        enum ofptype type;
        assert_int_equal(ofp_decode_type(oh, b.size - off, &type), 0);
        assert_int_equal(type, OFPTYPE_FLOW_STATS_REPLY);
        assert_int_equal(ofp_xid(oh), 77);
        assert_true(len <= 65535);
        more = ofp_multipart_more(oh);
        struct ofp_flow_stats *got;
        size_t n;
        assert_int_equal(ofp_decode_flow_stats_reply(oh, &got, &n), 0);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(got[i].priority, n_flows + i);
        }
        n_flows += n;
        ofp_flow_stats_free(got, n);
        off += len;
        n_msgs++;
    }
    assert_false(more);
    assert_true(n_msgs > 1);
    assert_int_equal(n_flows, N);
    ofpinsts_destroy(&fm.insts);
    free(fs);
    ofpbuf_uninit(&b);
}

static void
test_table_port_queue_stats(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        struct ofp_table_stats ts[SLUICE_N_TABLES];
        memset(ts, 0, sizeof ts);
        for (size_t i = 0; i < SLUICE_N_TABLES; i++) {
            ts[i].table_id = i;
            ts[i].active_count = i + 1;
            ts[i].lookup_count = 1000 + i;
            ts[i].matched_count = i;
        }
        ofpbuf_clear(&b);
        ofp_encode_table_stats_reply(v, 1, ts, SLUICE_N_TABLES, &b);
        struct ofp_table_stats *tgot;
        size_t n;
        assert_int_equal(ofp_decode_table_stats_reply(
                             check_one(&b, OFPTYPE_TABLE_STATS_REPLY),
                             &tgot, &n), 0);
        assert_int_equal(n, SLUICE_N_TABLES);
        assert_memory_equal(tgot, ts, sizeof ts);
        free(tgot);

        uint32_t port, queue;
        ofpbuf_clear(&b);
        ofp_encode_port_stats_request(v, 1, OFPP_ANY, &b);
        assert_int_equal(ofp_decode_port_stats_request(
                             check_one(&b, OFPTYPE_PORT_STATS_REQUEST),
                             &port), 0);
        assert_int_equal(port, OFPP_ANY);
        if (v == OFP10_VERSION) {
            assert_int_equal(b.data[12] << 8 | b.data[13], 0xffff);
        }

        struct ofp_port_stats ps[2], *pgot;
        memset(ps, 0, sizeof ps);
        for (int i = 0; i < 2; i++) {
            ps[i].port_no = i ? OFPP_LOCAL : 1;
            ps[i].rx_packets = 1;
            ps[i].tx_bytes = 2;
            ps[i].collisions = 3;
            ps[i].duration_sec = v == OFP13_VERSION ? 4 : 0;
        }
        ofpbuf_clear(&b);
        ofp_encode_port_stats_reply(v, 1, ps, 2, &b);
        assert_int_equal(ofp_decode_port_stats_reply(
                             check_one(&b, OFPTYPE_PORT_STATS_REPLY),
                             &pgot, &n), 0);
        assert_int_equal(n, 2);
        assert_memory_equal(pgot, ps, sizeof ps);
        free(pgot);

        ofpbuf_clear(&b);
        ofp_encode_queue_stats_request(v, 1, OFPP_ANY, OFPQ_ALL, &b);
        assert_int_equal(ofp_decode_queue_stats_request(
                             check_one(&b, OFPTYPE_QUEUE_STATS_REQUEST),
                             &port, &queue), 0);
        assert_int_equal(port, OFPP_ANY);
        assert_int_equal(queue, OFPQ_ALL);
        struct ofp_queue_stats qs = { 1, 2, 3, 4, 5, 0, 0 }, *qgot;
        ofpbuf_clear(&b);
        ofp_encode_queue_stats_reply(v, 1, &qs, 1, &b);
        assert_int_equal(ofp_decode_queue_stats_reply(
                             check_one(&b, OFPTYPE_QUEUE_STATS_REPLY),
                             &qgot, &n), 0);
        assert_int_equal(n, 1);
        assert_memory_equal(qgot, &qs, sizeof qs);
        free(qgot);
    }

    struct ofp_port_desc pd[3], *pdgot;
    size_t n;
    make_port(&pd[0], 1, "p1");
    make_port(&pd[1], 2, "p2");
    make_port(&pd[2], OFPP_LOCAL, "br0");
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_port_desc_reply(OFP13_VERSION, 1, pd, 3,
                                                &b), 0);
    assert_int_equal(ofp_decode_port_desc_reply(
                         check_one(&b, OFPTYPE_PORT_DESC_STATS_REPLY),
                         &pdgot, &n), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(pdgot, pd, sizeof pd);
    free(pdgot);
    ofpbuf_uninit(&b);
}

static void
test_group_stats(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    uint32_t group_id;
    ofp_encode_group_stats_request(OFP13_VERSION, 1, OFPG_ALL, &b);
    assert_int_equal(ofp_decode_group_stats_request(
                         check_one(&b, OFPTYPE_GROUP_STATS_REQUEST),
                         &group_id), 0);
    assert_int_equal(group_id, OFPG_ALL);

    struct ofp_group_stats gs = {
        .group_id = 7, .ref_count = 2, .packet_count = 3, .byte_count = 4,
        .duration_sec = 5, .duration_nsec = 6, .n_buckets = 2,
    }, *gsgot;
    gs.buckets = xcalloc(2, sizeof *gs.buckets);
    gs.buckets[1].packet_count = 8;
    gs.buckets[1].byte_count = 9;
    size_t n;
    ofpbuf_clear(&b);
    ofp_encode_group_stats_reply(OFP13_VERSION, 1, &gs, 1, &b);
    assert_int_equal(ofp_decode_group_stats_reply(
                         check_one(&b, OFPTYPE_GROUP_STATS_REPLY), &gsgot,
                         &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(gsgot[0].group_id, 7);
    assert_int_equal(gsgot[0].n_buckets, 2);
    assert_int_equal(gsgot[0].buckets[1].byte_count, 9);
    ofp_group_stats_free(gsgot, n);
    free(gs.buckets);

    struct ofp_group_mod gm;
    make_group(&gm);
    struct ofp_group_desc gd = {
        .type = gm.type, .group_id = gm.group_id, .buckets = gm.buckets,
        .n_buckets = gm.n_buckets,
    }, *gdgot;
    ofpbuf_clear(&b);
    ofp_encode_group_desc_reply(OFP13_VERSION, 1, &gd, 1, &b);
    assert_int_equal(ofp_decode_group_desc_reply(
                         check_one(&b, OFPTYPE_GROUP_DESC_STATS_REPLY),
                         &gdgot, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(gdgot[0].type, OFPGT_SELECT);
    assert_int_equal(gdgot[0].n_buckets, 2);
    assert_int_equal(gdgot[0].buckets[0].weight, 10);
    ofp_group_desc_free(gdgot, n);
    ofp_group_mod_uninit(&gm);

    struct ofp_group_features gf = {
        .types = 0xf, .capabilities = OFPGFC_SELECT_WEIGHT
                                      | OFPGFC_SELECT_LIVENESS,
        .max_groups = { 1, 2, 3, 4 }, .actions = { 5, 6, 7, 8 },
    }, gf2;
    ofpbuf_clear(&b);
    ofp_encode_group_features_reply(OFP13_VERSION, 1, &gf, &b);
    assert_int_equal(ofp_decode_group_features_reply(
                         check_one(&b, OFPTYPE_GROUP_FEATURES_STATS_REPLY),
                         &gf2), 0);
    assert_memory_equal(&gf, &gf2, sizeof gf);
    ofpbuf_uninit(&b);
}

static void
test_table_features(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    ofp_encode_simple(OFPTYPE_TABLE_FEATURES_STATS_REQUEST, OFP13_VERSION,
                      1, &b);
    assert_int_equal(ofp_decode_table_features_request(msg_at(&b, 0)), 0);
    ofpbuf_put_zeros(&b, 8);
    b.data[3] += 8;
    assert_int_equal(ofp_decode_table_features_request(msg_at(&b, 0)),
                     OFPERR_OFPTFFC_EPERM);

    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_table_features_reply(OFP13_VERSION, 9,
                                                     SLUICE_N_TABLES, &b),
                     0);
    size_t off = 0, n_tables = 0;
    while (off < b.size) {
        const struct ofp_header *oh = msg_at(&b, off);
        enum ofptype type;
        assert_int_equal(ofp_decode_type(oh, b.size - off, &type), 0);
        assert_int_equal(type, OFPTYPE_TABLE_FEATURES_STATS_REPLY);
        struct ofp_table_features *tf;
        size_t n;
        assert_int_equal(ofp_decode_table_features_reply(oh, &tf, &n), 0);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(tf[i].table_id, n_tables + i);
            assert_int_equal(tf[i].n_properties, 14);
            assert_int_equal(tf[i].metadata_match, UINT64_MAX);
        }
        n_tables += n;
        free(tf);
        assert_int_equal(ofp_multipart_more(oh),
                         off + ofp_msg_length(oh, 8) < b.size);
        if (off == 0) {
            ofpbuf_put(&corpus, oh, ofp_msg_length(oh, 8));
        }
        off += ofp_msg_length(oh, 8);
    }
    assert_int_equal(n_tables, SLUICE_N_TABLES);
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * ovs-ofctl ofp-print of our encodings.
 * ------------------------------------------------------------------- */

/* Runs "ovs-ofctl ofp-print" on the message at 'oh' and returns its
 * output (malloc'd), or NULL if ovs-ofctl is not installed. */
static char *
ofp_print(const struct ofp_header *oh)
{
    if (access("/usr/bin/ovs-ofctl", X_OK)) {
        return NULL;
    }
    size_t len = ofp_msg_length(oh, 8);
    char *cmd = xmalloc(64 + 2 * len);
    char *p = cmd + sprintf(cmd, "/usr/bin/ovs-ofctl ofp-print ");
    for (size_t i = 0; i < len; i++) {
        p += sprintf(p, "%02x", ((const uint8_t *) oh)[i]);
    }
    strcpy(p, " 2>&1");
    FILE *f = popen(cmd, "r");
    free(cmd);
    assert_non_null(f);
    struct ofpbuf out;
    ofpbuf_init(&out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        ofpbuf_put(&out, buf, n);
    }
    pclose(f);
    *(char *) ofpbuf_put_zeros(&out, 1) = '\0';
    return (char *) out.data;
}

static void
assert_prints(const struct ofpbuf *b, const char *const *expect)
{
    char *s = ofp_print(msg_at(b, 0));
    if (!s) {
        return;
    }
    if (strstr(s, "decode error") || strstr(s, "***")
        || strstr(s, "bad ") || strstr(s, "unknown")) {
        fail_msg("ovs-ofctl complained:\n%s", s);
    }
    for (; *expect; expect++) {
        if (!strstr(s, *expect)) {
            fail_msg("missing \"%s\" in:\n%s", *expect, s);
        }
    }
    free(s);
}

static void
test_ovs_ofctl_prints(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);

    struct ofp_flow_mod fm;
    make_flow_mod13(&fm);
    ofp_encode_flow_mod(OFP13_VERSION, 1, &fm, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPT_FLOW_MOD (OF1.3)", "table:1",
        "tcp,in_port=1,nw_src=10.0.0.0/24,tp_dst=80",
        "cookie:0xfedcba9876543210", "send_flow_rem", "no_byte_counts",
        "actions=set_field:8080->tcp_dst,CONTROLLER:128,"
        "write_actions(output:3),write_metadata:0x10/0xff,goto_table:5",
        NULL });
    ofpinsts_destroy(&fm.insts);

    struct ofp_flow_mod fm10;
    memset(&fm10, 0, sizeof fm10);
    ofpinsts_init(&fm10.insts);
    make_match(&fm10.match);
    fm10.priority = 5;
    fm10.buffer_id = OFP_NO_BUFFER;
    fm10.out_port = OFPP_ANY;
    fm10.new_cookie = UINT64_MAX;
    fm10.insts.has_apply = true;
    fm10.insts.apply = make_output(2, 0);
    fm10.insts.n_apply = 1;
    ofpbuf_clear(&b);
    ofp_encode_flow_mod(OFP10_VERSION, 1, &fm10, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPT_FLOW_MOD (xid=0x1): ADD",
        "priority=5,ip,in_port=1,nw_src=10.0.0.0/24 actions=output:2",
        NULL });
    ofpinsts_destroy(&fm10.insts);

    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        struct ofp_packet_out po = {
            .buffer_id = OFP_NO_BUFFER, .in_port = OFPP_CONTROLLER,
            .actions = make_output(OFPP_FLOOD, 0), .n_actions = 1,
            .data = frame, .len = sizeof frame,
        };
        ofpbuf_clear(&b);
        ofp_encode_packet_out(v, 1, &po, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_PACKET_OUT", "in_port=CONTROLLER", "actions=FLOOD",
            "data_len=60", "arp", NULL });
        free(po.actions);
    }

    struct ofp_group_mod gm;
    make_group(&gm);
    ofpbuf_clear(&b);
    ofp_encode_group_mod(OFP13_VERSION, 1, &gm, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPT_GROUP_MOD (OF1.3)", "ADD group_id=7,type=select",
        "bucket=weight:10,actions=output:1",
        "bucket=weight:20,actions=output:2", NULL });
    ofp_group_mod_uninit(&gm);

    struct ofp_flow_stats fs;
    memset(&fs, 0, sizeof fs);
    ofpinsts_init(&fs.insts);
    make_match(&fs.match);
    fs.priority = 7;
    fs.duration_sec = 3;
    fs.packet_count = 4;
    fs.byte_count = 5;
    fs.insts.has_apply = true;
    fs.insts.apply = make_output(OFPP_NORMAL, 0);
    fs.insts.n_apply = 1;
    ofpbuf_clear(&b);
    ofp_encode_flow_stats_reply(OFP13_VERSION, 1, &fs, 1, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_FLOW reply (OF1.3)", "duration=3s", "n_packets=4",
        "n_bytes=5", "priority=7,ip,in_port=1,nw_src=10.0.0.0/24",
        "actions=NORMAL", NULL });
    ofpbuf_clear(&b);
    ofp_encode_flow_stats_reply(OFP10_VERSION, 1, &fs, 1, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_FLOW reply", "priority=7,ip,in_port=1,nw_src=10.0.0.0/24",
        "actions=NORMAL", NULL });
    ofpinsts_destroy(&fs.insts);

    struct ofp_port_desc pd;
    make_port(&pd, 1, "p1");
    ofpbuf_clear(&b);
    ofp_encode_port_desc_reply(OFP13_VERSION, 1, &pd, 1, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_PORT_DESC reply (OF1.3)", "1(p1): addr:02:00:00:00:00:01",
        "config:     NO_PACKET_IN", "state:      LINK_DOWN",
        "current:    10GB-FD COPPER", NULL });

    struct ofp_table_stats ts = { 0, 1, 10, 5 };
    ofpbuf_clear(&b);
    ofp_encode_table_stats_reply(OFP13_VERSION, 1, &ts, 1, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_TABLE reply (OF1.3)", "active=1, lookup=10, matched=5",
        NULL });

    ofpbuf_clear(&b);
    ofp_encode_table_features_reply(OFP13_VERSION, 1, 2, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_TABLE_FEATURES reply (OF1.3)", "table 0",
        "max_entries=1000000", "next tables: 1", NULL });

    ofpbuf_clear(&b);
    ofp_encode_error(OFP13_VERSION, 2, OFPERR_OFPBMC_BAD_PREREQ, NULL, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPT_ERROR (OF1.3) (xid=0x2): OFPBMC_BAD_PREREQ", NULL });
    ofpbuf_uninit(&b);
}

/* ---------------------------------------------------------------------
 * Robustness.
 * ------------------------------------------------------------------- */

/* Every message the other tests encoded, truncated at every length (with
 * the header's length fixed up to match, so decoders see a consistent
 * but short message) and mutated at random, goes through every decoder
 * via the fuzz target.  Run under valgrind or ASan to catch overreads. */
static void
test_truncated_and_mutated(void **state)
{
    assert_true(corpus.size > 1000);
    unsigned int seed = 12345;
    size_t n_msgs = 0;
    for (size_t off = 0; off < corpus.size; n_msgs++) {
        const uint8_t *msg = corpus.data + off;
        size_t len = ofp_msg_length(msg, corpus.size - off);
        uint8_t *copy = xmalloc(len);
        for (size_t cut = 0; cut <= len; cut++) {
            memcpy(copy, msg, cut);
            if (cut >= 4) {
                copy[2] = cut >> 8;
                copy[3] = cut;
            }
            LLVMFuzzerTestOneInput(copy, cut);
        }
        for (int i = 0; i < 200; i++) {
            memcpy(copy, msg, len);
            int flips = 1 + rand_r(&seed) % 4;
            for (int j = 0; j < flips; j++) {
                size_t at = 2 + rand_r(&seed) % (len - 2);
                copy[at] = rand_r(&seed);
            }
            LLVMFuzzerTestOneInput(copy, len);
        }
        free(copy);
        off += len;
    }
    assert_true(n_msgs > 50);
}

int
main(void)
{
    ofpbuf_init(&corpus);
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
        cmocka_unit_test(test_desc_aggregate),
        cmocka_unit_test(test_flow_stats),
        cmocka_unit_test(test_multipart_split),
        cmocka_unit_test(test_table_port_queue_stats),
        cmocka_unit_test(test_group_stats),
        cmocka_unit_test(test_table_features),
        cmocka_unit_test(test_ovs_ofctl_prints),
        cmocka_unit_test(test_truncated_and_mutated),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ofpbuf_uninit(&corpus);
    return failed;
}
