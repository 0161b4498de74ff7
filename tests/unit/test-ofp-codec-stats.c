/* Unit tests of the OpenFlow message codec (ofproto/ofp-codec.h), part 2:
 * multipart (stats) requests and replies in OF1.0 and OF1.3 incl.
 * splitting above 64 KiB, ovs-ofctl ofp-print of our encodings (when
 * Debian's ovs-ofctl is installed), bytes captured from ovs-ofctl decoded
 * and re-encoded identically; then robustness as in part 1. */
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
                             oct_check_one(&b, OFPTYPE_DESC_STATS_REPLY), &d2),
                         0);
        assert_memory_equal(&d, &d2, sizeof d);

        struct ofp_aggregate_stats as = { 1, 2, 3 }, as2;
        ofpbuf_clear(&b);
        ofp_encode_aggregate_stats_reply(v, 1, &as, &b);
        assert_int_equal(ofp_decode_aggregate_stats_reply(
                             oct_check_one(&b, OFPTYPE_AGGREGATE_STATS_REPLY),
                             &as2), 0);
        assert_int_equal(as2.packet_count, 1);
        assert_int_equal(as2.byte_count, 2);
        assert_int_equal(as2.flow_count, 3);

        struct ofp_flow_stats_request req, req2;
        memset(&req, 0, sizeof req);
        oct_make_match(&req.match);
        req.aggregate = true;
        req.table_id = v == OFP13_VERSION ? 3 : OFPTT_ALL;
        req.out_port = 2;
        req.out_group = OFPG_ANY;
        req.cookie = v == OFP13_VERSION ? 0x10 : 0;
        req.cookie_mask = v == OFP13_VERSION ? 0xf0 : 0;
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_flow_stats_request(v, 1, &req, &b), 0);
        assert_int_equal(ofp_decode_flow_stats_request(
                             oct_check_one(&b,
                                           OFPTYPE_AGGREGATE_STATS_REQUEST),
                             &req2), 0);
        assert_memory_equal(&req, &req2, sizeof req);
        req.aggregate = false;
        ofpbuf_clear(&b);
        ofp_encode_flow_stats_request(v, 1, &req, &b);
        oct_check_one(&b, OFPTYPE_FLOW_STATS_REQUEST);
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
            oct_make_match(&fs[i].match);
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
            fs[i].insts.apply = oct_make_output(OFPP_CONTROLLER, 0xffe5);
            fs[i].insts.n_apply = 1;
        }
        ofpbuf_clear(&b);
        assert_int_equal(ofp_encode_flow_stats_reply(v, 1, fs, 2, &b), 0);
        struct ofp_flow_stats *got;
        size_t n;
        const struct ofp_header *oh
            = oct_check_one(&b, OFPTYPE_FLOW_STATS_REPLY);
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
    oct_make_flow_mod13(&fm);
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
        const struct ofp_header *oh = oct_msg_at(&b, off);
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
                             oct_check_one(&b, OFPTYPE_TABLE_STATS_REPLY),
                             &tgot, &n), 0);
        assert_int_equal(n, SLUICE_N_TABLES);
        assert_memory_equal(tgot, ts, sizeof ts);
        free(tgot);

        uint32_t port, queue;
        ofpbuf_clear(&b);
        ofp_encode_port_stats_request(v, 1, OFPP_ANY, &b);
        assert_int_equal(ofp_decode_port_stats_request(
                             oct_check_one(&b, OFPTYPE_PORT_STATS_REQUEST),
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
                             oct_check_one(&b, OFPTYPE_PORT_STATS_REPLY),
                             &pgot, &n), 0);
        assert_int_equal(n, 2);
        assert_memory_equal(pgot, ps, sizeof ps);
        free(pgot);

        ofpbuf_clear(&b);
        ofp_encode_queue_stats_request(v, 1, OFPP_ANY, OFPQ_ALL, &b);
        assert_int_equal(ofp_decode_queue_stats_request(
                             oct_check_one(&b, OFPTYPE_QUEUE_STATS_REQUEST),
                             &port, &queue), 0);
        assert_int_equal(port, OFPP_ANY);
        assert_int_equal(queue, OFPQ_ALL);
        struct ofp_queue_stats qs = { 1, 2, 3, 4, 5, 0, 0 }, *qgot;
        ofpbuf_clear(&b);
        ofp_encode_queue_stats_reply(v, 1, &qs, 1, &b);
        assert_int_equal(ofp_decode_queue_stats_reply(
                             oct_check_one(&b, OFPTYPE_QUEUE_STATS_REPLY),
                             &qgot, &n), 0);
        assert_int_equal(n, 1);
        assert_memory_equal(qgot, &qs, sizeof qs);
        free(qgot);
    }

    struct ofp_port_desc pd[3], *pdgot;
    size_t n;
    oct_make_port(&pd[0], 1, "p1");
    oct_make_port(&pd[1], 2, "p2");
    oct_make_port(&pd[2], OFPP_LOCAL, "br0");
    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_port_desc_reply(OFP13_VERSION, 1, pd, 3,
                                                &b), 0);
    assert_int_equal(ofp_decode_port_desc_reply(
                         oct_check_one(&b, OFPTYPE_PORT_DESC_STATS_REPLY),
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
                         oct_check_one(&b, OFPTYPE_GROUP_STATS_REQUEST),
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
                         oct_check_one(&b, OFPTYPE_GROUP_STATS_REPLY), &gsgot,
                         &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(gsgot[0].group_id, 7);
    assert_int_equal(gsgot[0].n_buckets, 2);
    assert_int_equal(gsgot[0].buckets[1].byte_count, 9);
    ofp_group_stats_free(gsgot, n);
    free(gs.buckets);

    struct ofp_group_mod gm;
    oct_make_group(&gm);
    struct ofp_group_desc gd = {
        .type = gm.type, .group_id = gm.group_id, .buckets = gm.buckets,
        .n_buckets = gm.n_buckets,
    }, *gdgot;
    ofpbuf_clear(&b);
    ofp_encode_group_desc_reply(OFP13_VERSION, 1, &gd, 1, &b);
    assert_int_equal(ofp_decode_group_desc_reply(
                         oct_check_one(&b, OFPTYPE_GROUP_DESC_STATS_REPLY),
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
                         oct_check_one(&b, OFPTYPE_GROUP_FEATURES_STATS_REPLY),
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
    assert_int_equal(ofp_decode_table_features_request(oct_msg_at(&b, 0)), 0);
    ofpbuf_put_zeros(&b, 8);
    b.data[3] += 8;
    assert_int_equal(ofp_decode_table_features_request(oct_msg_at(&b, 0)),
                     OFPERR_OFPTFFC_EPERM);

    ofpbuf_clear(&b);
    assert_int_equal(ofp_encode_table_features_reply(OFP13_VERSION, 9,
                                                     SLUICE_N_TABLES, &b),
                     0);
    size_t off = 0, n_tables = 0;
    while (off < b.size) {
        const struct ofp_header *oh = oct_msg_at(&b, off);
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
            ofpbuf_put(&oct_corpus, oh, ofp_msg_length(oh, 8));
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
    char *s = ofp_print(oct_msg_at(b, 0));
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
    oct_make_flow_mod13(&fm);
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
    oct_make_match(&fm10.match);
    fm10.priority = 5;
    fm10.buffer_id = OFP_NO_BUFFER;
    fm10.out_port = OFPP_ANY;
    fm10.new_cookie = UINT64_MAX;
    fm10.insts.has_apply = true;
    fm10.insts.apply = oct_make_output(2, 0);
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
            .actions = oct_make_output(OFPP_FLOOD, 0), .n_actions = 1,
            .data = oct_frame, .len = sizeof oct_frame,
        };
        ofpbuf_clear(&b);
        ofp_encode_packet_out(v, 1, &po, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_PACKET_OUT", "in_port=CONTROLLER", "actions=FLOOD",
            "data_len=60", "arp", NULL });
        free(po.actions);
    }

    struct ofp_group_mod gm;
    oct_make_group(&gm);
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
    oct_make_match(&fs.match);
    fs.priority = 7;
    fs.duration_sec = 3;
    fs.packet_count = 4;
    fs.byte_count = 5;
    fs.insts.has_apply = true;
    fs.insts.apply = oct_make_output(OFPP_NORMAL, 0);
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
    oct_make_port(&pd, 1, "p1");
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

/* The asynchronous messages and the other replies a switch sends, in both
 * versions, as ovs-ofctl prints them. */
static void
test_ovs_ofctl_prints_replies(void **state)
{
    struct ofpbuf b;
    ofpbuf_init(&b);
    struct ofp_port_desc pd;
    oct_make_port(&pd, 1, "p1");
    for (uint8_t v = OFP10_VERSION; v <= OFP13_VERSION; v += 3) {
        const char *ver = v == OFP10_VERSION ? "(xid=0x" : "(OF1.3)";
        struct ofp_features f = {
            .datapath_id = 0x1234, .n_tables = SLUICE_N_TABLES,
            .capabilities = OFPC_FLOW_STATS | OFPC_GROUP_STATS,
            .ports = &pd, .n_ports = 1,
        };
        ofpbuf_clear(&b);
        ofp_encode_features_reply(v, 1, &f, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_FEATURES_REPLY", ver, "dpid:0000000000001234",
            "n_tables:254", v == OFP10_VERSION ? "1(p1): addr:02:00"
                                               : "FLOW_STATS GROUP_STATS",
            NULL });

        struct ofp_packet_in pin;
        memset(&pin, 0, sizeof pin);
        struct flow flow;
        memset(&flow, 0, sizeof flow);
        flow.in_port = 2;
        ofp_match13_init_packet_in(&pin.match, &flow);
        pin.buffer_id = OFP_NO_BUFFER;
        pin.total_len = sizeof oct_frame;
        pin.reason = OFPR_ACTION;
        pin.table_id = 3;
        pin.data = oct_frame;
        pin.len = sizeof oct_frame;
        ofpbuf_clear(&b);
        ofp_encode_packet_in(v, 0, &pin, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_PACKET_IN", "total_len=60", "in_port=2",
            "(via action)", "data_len=60", "arp", NULL });

        struct ofp_flow_removed fr;
        memset(&fr, 0, sizeof fr);
        oct_make_match(&fr.match);
        fr.priority = 9;
        fr.reason = OFPRR_IDLE_TIMEOUT;
        fr.idle_timeout = 5;
        fr.packet_count = 3;
        fr.byte_count = 180;
        ofpbuf_clear(&b);
        ofp_encode_flow_removed(v, 0, &fr, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_FLOW_REMOVED", "priority=9,ip,in_port=1,"
            "nw_src=10.0.0.0/24", "reason=idle", "idle5", "pkts3",
            "bytes180", NULL });

        struct ofp_port_status ps = { .reason = OFPPR_ADD, .desc = pd };
        ofpbuf_clear(&b);
        ofp_encode_port_status(v, 0, &ps, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_PORT_STATUS", "ADD: 1(p1): addr:02:00:00:00:00:01",
            NULL });

        struct ofp_desc d;
        memset(&d, 0, sizeof d);
        strcpy(d.mfr_desc, "Sluice");
        strcpy(d.dp_desc, "br0");
        ofpbuf_clear(&b);
        ofp_encode_desc_reply(v, 1, &d, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPST_DESC reply", "Manufacturer: Sluice", "DP Description: br0",
            NULL });

        struct ofp_port_stats pst;
        memset(&pst, 0, sizeof pst);
        pst.port_no = 1;
        pst.rx_packets = 10;
        pst.tx_bytes = 20;
        ofpbuf_clear(&b);
        ofp_encode_port_stats_reply(v, 1, &pst, 1, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPST_PORT reply", "port  1: rx pkts=10", "bytes=20", NULL });

        struct ofp_aggregate_stats as = { 5, 300, 2 };
        ofpbuf_clear(&b);
        ofp_encode_aggregate_stats_reply(v, 1, &as, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPST_AGGREGATE reply", "packet_count=5 byte_count=300 "
            "flow_count=2", NULL });

        struct ofp_switch_config sc = { 0, 128 };
        ofpbuf_clear(&b);
        ofp_encode_switch_config(OFPTYPE_GET_CONFIG_REPLY, v, 1, &sc, &b);
        assert_prints(&b, (const char *const[]) {
            "OFPT_GET_CONFIG_REPLY", "frags=normal miss_send_len=128",
            NULL });
    }

    struct ofp_role role = { OFPCR_ROLE_SLAVE, 7 };
    ofpbuf_clear(&b);
    ofp_encode_role(OFPTYPE_ROLE_REPLY, OFP13_VERSION, 1, &role, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPT_ROLE_REPLY (OF1.3)", "role=secondary generation_id=7",
        NULL });

    struct ofp_group_stats gs = { .group_id = 7, .packet_count = 4,
                                  .n_buckets = 0 };
    ofpbuf_clear(&b);
    ofp_encode_group_stats_reply(OFP13_VERSION, 1, &gs, 1, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_GROUP reply (OF1.3)", "group_id=7", "packet_count=4", NULL });

    struct ofp_group_mod gm;
    oct_make_group(&gm);
    struct ofp_group_desc gd = { gm.type, gm.group_id, gm.buckets,
                                 gm.n_buckets };
    ofpbuf_clear(&b);
    ofp_encode_group_desc_reply(OFP13_VERSION, 1, &gd, 1, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_GROUP_DESC reply (OF1.3)", "group_id=7,type=select,"
        "bucket=weight:10,actions=output:1,bucket=weight:20,"
        "actions=output:2", NULL });
    ofp_group_mod_uninit(&gm);

    struct ofp_group_features gf = {
        .types = 0xf, .capabilities = OFPGFC_SELECT_WEIGHT,
        .max_groups = { 100, 100, 100, 100 }, .actions = { 1, 1, 1, 1 },
    };
    ofpbuf_clear(&b);
    ofp_encode_group_features_reply(OFP13_VERSION, 1, &gf, &b);
    assert_prints(&b, (const char *const[]) {
        "OFPST_GROUP_FEATURES reply (OF1.3)", "Capabilities:  0x1",
        "all group:", "max_groups=0x64", "actions: output", NULL });
    ofpbuf_uninit(&b);
}

/* Messages captured from Debian's ovs-ofctl 3.1 (-O OpenFlow13, or 10
 * where marked) talking to a fake switch: each decodes to what the
 * command said, and encoding the result again gives back the same
 * bytes. */
static void
test_ovs_ofctl_bytes(void **state)
{
    static const char *const msgs[] = {
        /* add-flow table=1,priority=100,ip,nw_src=10.0.0.0/8,
         *          actions=output:2,goto_table:3 */
        "040e006800000006000000000000000000000000000000000100000000000064"
        "ffffffffffffffffffffffff000000000001001680000a020800800017080a00"
        "0000ff00000000000004001800000000000000100000000200000000000000"
        "000001000803000000",
        /* add-flow tcp,tp_dst=80,actions=oct_set_field:10.0.0.1->ip_dst,
         *          controller:64,group:1 */
        "040e007800000006000000000000000000000000000000000000000000008000"
        "ffffffffffffffffffffffff000000000001001580000a020800800014010680"
        "001c020050000000000400300000000000190010800018040a00000100000000"
        "00000010fffffffd00400000000000000016000800000001",
        /* del-flows */
        "040e00380000000600000000000000000000000000000000ff03000000008000"
        "ffffffffffffffffffffffff000000000001000400000000",
        /* add-group group_id=1,type=ff,bucket=watch_port:1,actions=
         * output:1,bucket=watch_port:2,actions=output:2 */
        "040f00500000000600000300000000010020000000000001ffffffff00000000"
        "000000100000000100000000000000000020000000000002ffffffff00000000"
        "00000010000000020000000000000000",
        /* packet-out CONTROLLER output:1 <arp> */
        "040d005200000006fffffffffffffffd00100000000000000000001000000001"
        "0000000000000000ffffffffffff020000000001080600010800060400010200"
        "000000010a0000010000000000000a000002",
        /* -O OpenFlow10 add-flow priority=100,ip,nw_src=10.0.0.0/8,
         *                        actions=output:2 */
        "010e005000000006003818ef0000000000000000000000000000000000000800"
        "000000000a000000000000000000000000000000000000000000000000000064"
        "ffffffffffff00000000000800020000",
        /* -O OpenFlow10 add-flow in_port=3,dl_vlan=5,tcp,tp_dst=22,
         *     actions=mod_nw_dst:10.0.0.1,strip_vlan,enqueue:2:1,
         *     controller:100 */
        "010e0070000000060038204c0003000000000000000000000000000500000800"
        "0006000000000000000000000000001600000000000000000000000000008000"
        "ffffffffffff0000000700080a0000010003000800000000000b001000020000"
        "000000000000000100000008fffd0064",
        /* -O OpenFlow10 mod-flows cookie=0x7,udp,actions=drop */
        "010e004800000006003820cf0000000000000000000000000000000000000800"
        "0011000000000000000000000000000000000000000000070001000000008000"
        "ffffffffffff0000",
        /* -O OpenFlow10 del-flows --strict priority=5,ip */
        "010e004800000006003820ef0000000000000000000000000000000000000800"
        "0000000000000000000000000000000000000000000000000004000000000005"
        "ffffffffffff0000",
        /* -O OpenFlow10 packet-out CONTROLLER output:1 <arp> */
        "010d004200000006fffffffffffd00080000000800010000ffffffffffff0200"
        "00000001080600010800060400010200000000010a0000010000000000000a00"
        "0002",
    };
    struct ofpbuf b;
    ofpbuf_init(&b);
    for (size_t i = 0; i < ARRAY_SIZE(msgs); i++) {
        size_t len;
        uint8_t *raw = oct_hex_to_bytes(msgs[i], &len);
        const struct ofp_header *oh = (const struct ofp_header *) raw;
        enum ofptype type;
        assert_int_equal(ofp_decode_type(oh, len, &type), 0);
        ofpbuf_clear(&b);
        if (type == OFPTYPE_FLOW_MOD) {
            struct ofp_flow_mod fm;
            assert_int_equal(ofp_decode_flow_mod(oh, &fm), 0);
            if (oh->version == OFP10_VERSION) {
                assert_int_equal(fm.table_id,
                                 fm.command >= OFPFC_DELETE ? OFPTT_ALL : 0);
            } else if (i == 0) {
                assert_int_equal(fm.table_id, 1);
                assert_int_equal(fm.priority, 100);
                assert_int_equal(fm.insts.goto_table, 3);
                assert_int_equal(fm.insts.n_apply, 1);
                assert_int_equal(fm.insts.apply[0].output.port, 2);
            } else if (i == 1) {
                assert_int_equal(fm.insts.n_apply, 3);
                assert_int_equal(fm.insts.apply[0].set_field.field,
                                 MFF_IPV4_DST);
                assert_int_equal(fm.insts.apply[1].output.port,
                                 OFPP_CONTROLLER);
                assert_int_equal(fm.insts.apply[1].output.max_len, 64);
                assert_int_equal(fm.insts.apply[2].group_id, 1);
            } else {
                assert_int_equal(fm.command, OFPFC_DELETE);
                assert_int_equal(fm.table_id, OFPTT_ALL);
                assert_true(match_is_catchall(&fm.match));
            }
            ofp_encode_flow_mod(oh->version, 6, &fm, &b);
            ofp_flow_mod_uninit(&fm);
        } else if (type == OFPTYPE_GROUP_MOD) {
            struct ofp_group_mod gm;
            assert_int_equal(ofp_decode_group_mod(oh, &gm), 0);
            assert_int_equal(gm.type, OFPGT_FF);
            assert_int_equal(gm.n_buckets, 2);
            assert_int_equal(gm.buckets[1].watch_port, 2);
            assert_int_equal(gm.buckets[1].watch_group, OFPG_ANY);
            ofp_encode_group_mod(OFP13_VERSION, 6, &gm, &b);
            ofp_group_mod_uninit(&gm);
        } else {
            struct ofp_packet_out po;
            assert_int_equal(type, OFPTYPE_PACKET_OUT);
            assert_int_equal(ofp_decode_packet_out(oh, &po), 0);
            assert_int_equal(po.in_port, OFPP_CONTROLLER);
            assert_int_equal(po.n_actions, 1);
            assert_int_equal(po.len, 42);
            ofp_encode_packet_out(oh->version, 6, &po, &b);
            ofp_packet_out_uninit(&po);
        }
        assert_int_equal(b.size, len);
        assert_memory_equal(b.data, raw, len);
        ofpbuf_put(&oct_corpus, raw, len);
        free(raw);
    }
    ofpbuf_uninit(&b);
}

int
main(void)
{
    ofpbuf_init(&oct_corpus);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_desc_aggregate),
        cmocka_unit_test(test_flow_stats),
        cmocka_unit_test(test_multipart_split),
        cmocka_unit_test(test_table_port_queue_stats),
        cmocka_unit_test(test_group_stats),
        cmocka_unit_test(test_table_features),
        cmocka_unit_test(test_ovs_ofctl_prints),
        cmocka_unit_test(test_ovs_ofctl_prints_replies),
        cmocka_unit_test(test_ovs_ofctl_bytes),
        cmocka_unit_test(oct_test_robustness),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    ofpbuf_uninit(&oct_corpus);
    return failed;
}
