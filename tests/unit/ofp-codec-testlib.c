/* Helpers shared by the OpenFlow message codec's unit tests.  See
 * ofp-codec-testlib.h. */
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

struct ofpbuf oct_corpus;

const struct ofp_header *
oct_msg_at(const struct ofpbuf *b, size_t offset)
{
    return (const struct ofp_header *) (b->data + offset);
}

/* Checks that 'b' holds exactly one message of 'type' and returns it. */
const struct ofp_header *
oct_check_one(const struct ofpbuf *b, enum ofptype type)
{
    enum ofptype got;
    assert_true(b->size >= OFP_HEADER_LEN);
    assert_int_equal(ofp_msg_length(b->data, b->size), b->size);
    assert_int_equal(ofp_decode_type(oct_msg_at(b, 0), b->size, &got), 0);
    assert_int_equal(got, type);
    ofpbuf_put(&oct_corpus, b->data, b->size);
    return oct_msg_at(b, 0);
}

uint8_t *
oct_hex_to_bytes(const char *hex, size_t *lenp)
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

void
oct_assert_bytes(const struct ofpbuf *b, const char *hex)
{
    size_t len;
    uint8_t *want = oct_hex_to_bytes(hex, &len);
    assert_int_equal(b->size, len);
    assert_memory_equal(b->data, want, len);
    free(want);
}

void
oct_set_field(struct match *m, enum mf_field_id id, const void *value,
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
void
oct_make_match(struct match *m)
{
    uint32_t port = htonl(1);
    uint16_t ip = htons(ETH_TYPE_IP);
    uint32_t net = htonl(0x0a000000), mask = htonl(0xffffff00);
    match_init_catchall(m);
    oct_set_field(m, MFF_IN_PORT, &port, 4, NULL);
    oct_set_field(m, MFF_ETH_TYPE, &ip, 2, NULL);
    oct_set_field(m, MFF_IPV4_SRC, &net, 4, &mask);
}

struct ofpact *
oct_make_output(uint32_t port, uint16_t max_len)
{
    struct ofpact *a = xzalloc(sizeof *a);
    a->type = OFPACT_OUTPUT;
    a->output.port = port;
    a->output.max_len = max_len;
    return a;
}

void
oct_make_port(struct ofp_port_desc *pd, uint32_t port_no, const char *name)
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

void
oct_make_flow_mod13(struct ofp_flow_mod *fm)
{
    memset(fm, 0, sizeof *fm);
    ofpinsts_init(&fm->insts);
    oct_make_match(&fm->match);
    uint8_t proto = 6;
    uint16_t dport = htons(80);
    oct_set_field(&fm->match, MFF_IP_PROTO, &proto, 1, NULL);
    oct_set_field(&fm->match, MFF_TCP_DST, &dport, 2, NULL);
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
    fm->insts.write = oct_make_output(3, 0);
    fm->insts.n_write = 1;
    fm->insts.has_write_metadata = true;
    fm->insts.metadata = 0x10;
    fm->insts.metadata_mask = 0xff;
    fm->insts.goto_table = 5;
}

void
oct_make_group(struct ofp_group_mod *gm)
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
        gm->buckets[i].actions = oct_make_output(i + 1, 0);
        gm->buckets[i].n_actions = 1;
    }
}

const uint8_t oct_frame[60] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
    0, 1, 8, 0, 6, 4, 0, 1,
};

/* Every message the other tests encoded, truncated at every length (with
 * the header's length fixed up to match, so decoders see a consistent
 * but short message) and mutated at random, goes through every decoder
 * via the fuzz target.  Run under valgrind or ASan to catch overreads. */
void
oct_test_robustness(void **state)
{
    assert_true(oct_corpus.size > 1000);
    unsigned int seed = 12345;
    size_t n_msgs = 0;
    for (size_t off = 0; off < oct_corpus.size; n_msgs++) {
        const uint8_t *msg = oct_corpus.data + off;
        size_t len = ofp_msg_length(msg, oct_corpus.size - off);
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
    assert_true(n_msgs > 20);
}

