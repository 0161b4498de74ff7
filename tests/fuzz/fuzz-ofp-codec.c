/* libFuzzer target for the OpenFlow message codec: frames the input into
 * messages as a connection does, copies each into a buffer of exactly its
 * length (so a sanitizer catches any overread), classifies it and runs the
 * decoder for its type; whatever decodes is encoded again in both
 * versions, which must not crash either.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address; the unit
 * test tests/unit/test-ofp-codec.c also links this file and feeds it
 * truncated and mutated versions of valid messages. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofp-codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };

static void
reencode_flow_mod(const struct ofp_flow_mod *fm, struct ofpbuf *out)
{
    for (size_t i = 0; i < sizeof versions; i++) {
        ofp_encode_flow_mod(versions[i], 1, fm, out);
    }
}

static void
decode_stats(const struct ofp_header *oh, enum ofptype type,
             struct ofpbuf *out)
{
    uint8_t v = oh->version;
    size_t n;
    uint32_t a, b;

    switch (type) {
    case OFPTYPE_DESC_STATS_REPLY: {
        struct ofp_desc desc;
        if (!ofp_decode_desc_reply(oh, &desc)) {
            ofp_encode_desc_reply(v, 1, &desc, out);
        }
        break;
    }
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST: {
        struct ofp_flow_stats_request req;
        if (!ofp_decode_flow_stats_request(oh, &req)) {
            ofp_encode_flow_stats_request(v, 1, &req, out);
        }
        break;
    }
    case OFPTYPE_FLOW_STATS_REPLY: {
        struct ofp_flow_stats *fs;
        if (!ofp_decode_flow_stats_reply(oh, &fs, &n)) {
            ofp_encode_flow_stats_reply(v, 1, fs, n, out);
            ofp_flow_stats_free(fs, n);
        }
        break;
    }
    case OFPTYPE_AGGREGATE_STATS_REPLY: {
        struct ofp_aggregate_stats as;
        if (!ofp_decode_aggregate_stats_reply(oh, &as)) {
            ofp_encode_aggregate_stats_reply(v, 1, &as, out);
        }
        break;
    }
    case OFPTYPE_TABLE_STATS_REPLY: {
        struct ofp_table_stats *ts;
        if (!ofp_decode_table_stats_reply(oh, &ts, &n)) {
            ofp_encode_table_stats_reply(v, 1, ts, n, out);
            free(ts);
        }
        break;
    }
    case OFPTYPE_PORT_STATS_REQUEST:
        if (!ofp_decode_port_stats_request(oh, &a)) {
            ofp_encode_port_stats_request(v, 1, a, out);
        }
        break;
    case OFPTYPE_PORT_STATS_REPLY: {
        struct ofp_port_stats *ps;
        if (!ofp_decode_port_stats_reply(oh, &ps, &n)) {
            ofp_encode_port_stats_reply(v, 1, ps, n, out);
            free(ps);
        }
        break;
    }
    case OFPTYPE_PORT_DESC_STATS_REPLY: {
        struct ofp_port_desc *pd;
        if (!ofp_decode_port_desc_reply(oh, &pd, &n)) {
            ofp_encode_port_desc_reply(v, 1, pd, n, out);
            free(pd);
        }
        break;
    }
    case OFPTYPE_QUEUE_STATS_REQUEST:
        if (!ofp_decode_queue_stats_request(oh, &a, &b)) {
            ofp_encode_queue_stats_request(v, 1, a, b, out);
        }
        break;
    case OFPTYPE_QUEUE_STATS_REPLY: {
        struct ofp_queue_stats *qs;
        if (!ofp_decode_queue_stats_reply(oh, &qs, &n)) {
            ofp_encode_queue_stats_reply(v, 1, qs, n, out);
            free(qs);
        }
        break;
    }
    case OFPTYPE_GROUP_STATS_REQUEST:
        if (!ofp_decode_group_stats_request(oh, &a)) {
            ofp_encode_group_stats_request(v, 1, a, out);
        }
        break;
    case OFPTYPE_GROUP_STATS_REPLY: {
        struct ofp_group_stats *gs;
        if (!ofp_decode_group_stats_reply(oh, &gs, &n)) {
            ofp_encode_group_stats_reply(v, 1, gs, n, out);
            ofp_group_stats_free(gs, n);
        }
        break;
    }
    case OFPTYPE_GROUP_DESC_STATS_REPLY: {
        struct ofp_group_desc *gd;
        if (!ofp_decode_group_desc_reply(oh, &gd, &n)) {
            ofp_encode_group_desc_reply(v, 1, gd, n, out);
            ofp_group_desc_free(gd, n);
        }
        break;
    }
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY: {
        struct ofp_group_features gf;
        if (!ofp_decode_group_features_reply(oh, &gf)) {
            ofp_encode_group_features_reply(v, 1, &gf, out);
        }
        break;
    }
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
        ofp_decode_table_features_request(oh);
        break;
    case OFPTYPE_TABLE_FEATURES_STATS_REPLY: {
        struct ofp_table_features *tf;
        if (!ofp_decode_table_features_reply(oh, &tf, &n)) {
            free(tf);
        }
        break;
    }
    case OFPTYPE_EXPERIMENTER_STATS_REQUEST:
    case OFPTYPE_EXPERIMENTER_STATS_REPLY:
        ofp_decode_experimenter(oh, &a, &b);
        break;
    default:
        break;
    }
}

static void
decode_one(const struct ofp_header *oh, size_t len, struct ofpbuf *out)
{
    enum ofptype type;
    ofperr error = ofp_decode_type(oh, len, &type);
    if (error) {
        bool whole = ofp_msg_length(oh, len) <= len;
        ofp_encode_error(OFP13_VERSION, ofp_xid(oh), error,
                         whole ? oh : NULL, out);
        return;
    }
    uint8_t v = oh->version;
    uint32_t a, b;

    switch (type) {
    case OFPTYPE_HELLO: {
        uint8_t version;
        char *text = NULL;
        ofp_hello_negotiate(oh, OFP_VERSIONS_DEFAULT, &version, &text);
        free(text);
        break;
    }
    case OFPTYPE_ERROR: {
        ofperr peer_error;
        const void *data;
        size_t n;
        if (!ofp_decode_error(oh, &peer_error, &data, &n)) {
            ofperr_to_string(peer_error);
        }
        break;
    }
    case OFPTYPE_ECHO_REQUEST:
        ofp_encode_echo_reply(oh, out);
        break;
    case OFPTYPE_EXPERIMENTER:
        ofp_decode_experimenter(oh, &a, &b);
        break;
    case OFPTYPE_FEATURES_REPLY: {
        struct ofp_features f;
        if (!ofp_decode_features_reply(oh, &f)) {
            ofp_encode_features_reply(v, 1, &f, out);
        }
        ofp_features_uninit(&f);
        break;
    }
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG: {
        struct ofp_switch_config sc;
        if (!ofp_decode_switch_config(oh, &sc)) {
            ofp_encode_switch_config(type, v, 1, &sc, out);
        }
        break;
    }
    case OFPTYPE_PACKET_IN: {
        struct ofp_packet_in pin;
        if (!ofp_decode_packet_in(oh, &pin)) {
            ofp_encode_packet_in(v, 1, &pin, out);
        }
        break;
    }
    case OFPTYPE_FLOW_REMOVED: {
        struct ofp_flow_removed fr;
        if (!ofp_decode_flow_removed(oh, &fr)) {
            ofp_encode_flow_removed(v, 1, &fr, out);
        }
        break;
    }
    case OFPTYPE_PORT_STATUS: {
        struct ofp_port_status ps;
        if (!ofp_decode_port_status(oh, &ps)) {
            ofp_encode_port_status(v, 1, &ps, out);
        }
        break;
    }
    case OFPTYPE_PACKET_OUT: {
        struct ofp_packet_out po;
        if (!ofp_decode_packet_out(oh, &po)) {
            ofp_encode_packet_out(v, 1, &po, out);
            ofp_packet_out_uninit(&po);
        }
        break;
    }
    case OFPTYPE_FLOW_MOD: {
        struct ofp_flow_mod fm;
        if (!ofp_decode_flow_mod(oh, &fm)) {
            reencode_flow_mod(&fm, out);
            ofp_flow_mod_uninit(&fm);
        }
        break;
    }
    case OFPTYPE_GROUP_MOD: {
        struct ofp_group_mod gm;
        if (!ofp_decode_group_mod(oh, &gm)) {
            ofp_encode_group_mod(v, 1, &gm, out);
            ofp_group_mod_uninit(&gm);
        }
        break;
    }
    case OFPTYPE_PORT_MOD: {
        struct ofp_port_mod pm;
        if (!ofp_decode_port_mod(oh, &pm)) {
            ofp_encode_port_mod(v, 1, &pm, out);
        }
        break;
    }
    case OFPTYPE_TABLE_MOD: {
        struct ofp_table_mod tm;
        if (!ofp_decode_table_mod(oh, &tm)) {
            ofp_encode_table_mod(v, 1, &tm, out);
        }
        break;
    }
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
        if (!ofp_decode_queue_get_config_request(oh, &a)) {
            ofp_encode_queue_get_config_reply(v, 1, a, out);
        }
        break;
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY: {
        struct ofp_role role;
        if (!ofp_decode_role(oh, &role)) {
            ofp_encode_role(type, v, 1, &role, out);
        }
        break;
    }
    case OFPTYPE_GET_ASYNC_REPLY:
    case OFPTYPE_SET_ASYNC: {
        struct ofp_async_config ac;
        if (!ofp_decode_async_config(oh, &ac)) {
            ofp_encode_async_config(type, v, 1, &ac, out);
        }
        break;
    }
    default:
        decode_stats(oh, type, out);
        break;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ofpbuf out;
    ofpbuf_init(&out);
    while (size >= OFP_HEADER_LEN) {
        size_t len = ofp_msg_length(data, size);
        if (len < OFP_HEADER_LEN) {
            len = OFP_HEADER_LEN;
        }
        if (len > size) {
            len = size;
        }
        /* A buffer of exactly 'len' bytes, so overreads are caught. */
        void *msg = malloc(len);
        memcpy(msg, data, len);
        decode_one(msg, len, &out);
        free(msg);
        ofpbuf_clear(&out);
        data += len;
        size -= len;
    }
    ofpbuf_uninit(&out);
    return 0;
}
