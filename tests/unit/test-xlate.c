/* Unit tests for ofproto/xlate: outputs (ports, IN_PORT, FLOOD, ALL,
 * CONTROLLER, NORMAL, TABLE), instructions, action-set ordering, groups
 * of each type (FF liveness, SELECT spread by weight), table-miss per
 * version, TTL expiry, pushes and pops, credits and trace records. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "ofproto/xlate.h"
#include "tests/unit/match-testlib.h"

static struct ofproto *ofp;
static struct xlate_out xout;

static int
setup(void **state)
{
    ofp = ofproto_create("br0", 1, 0);
    ofproto_set_fail_mode(ofp, OFPROTO_FAIL_SECURE, 0);
    for (uint32_t p = 1; p <= 4; p++) {
        struct ofp_port_desc d;
        memset(&d, 0, sizeof d);
        d.port_no = p;
        d.hw_addr.ea[5] = p;
        ofproto_port_add(ofp, &d, NULL);
    }
    return 0;
}

static int
teardown(void **state)
{
    ofproto_destroy(ofp);
    return 0;
}

/* Builders. */

struct fmb {
    struct ofp_flow_mod fm;
    struct ofpact apply[8];
    struct ofpact write[8];
};

static void
fmb_init(struct fmb *b, uint8_t table, int priority)
{
    memset(b, 0, sizeof *b);
    b->fm.version = OFP13_VERSION;
    match_init_catchall(&b->fm.match);
    b->fm.command = OFPFC_ADD;
    b->fm.table_id = table;
    b->fm.priority = priority;
    b->fm.buffer_id = OFP_NO_BUFFER;
    b->fm.out_port = OFPP_ANY;
    b->fm.out_group = OFPG_ANY;
    b->fm.new_cookie = UINT64_MAX;
    ofpinsts_init(&b->fm.insts);
    b->fm.insts.apply = b->apply;
    b->fm.insts.write = b->write;
}

static struct ofpact *
apply(struct fmb *b, enum ofpact_type type)
{
    struct ofpact *a = &b->apply[b->fm.insts.n_apply++];
    memset(a, 0, sizeof *a);
    a->type = type;
    b->fm.insts.has_apply = true;
    return a;
}

static struct ofpact *
write_act(struct fmb *b, enum ofpact_type type)
{
    struct ofpact *a = &b->write[b->fm.insts.n_write++];
    memset(a, 0, sizeof *a);
    a->type = type;
    b->fm.insts.has_write = true;
    return a;
}

static void
out(struct fmb *b, uint32_t port)
{
    apply(b, OFPACT_OUTPUT)->output.port = port;
}

static void
install(struct fmb *b)
{
    assert_int_equal(ofproto_flow_mod(ofp, &b->fm, 0, NULL), 0);
}

static struct flow
tcp_flow(uint32_t in_port)
{
    struct flow f;
    memset(&f, 0, sizeof f);
    f.in_port = in_port;
    f.dl_type = htons(ETH_TYPE_IP);
    f.dl_src.ea[5] = 0x11;
    f.dl_dst.ea[5] = 0x22;
    f.nw_proto = 6;
    f.nw_ttl = 64;
    f.nw_src = htonl(0x0a000001);
    f.nw_dst = htonl(0x0a000002);
    f.tp_src = htons(1234);
    f.tp_dst = htons(80);
    return f;
}

static void
run(const struct flow *f)
{
    struct xlate_in xin;
    xlate_in_init(&xin);
    ofproto_xlate(ofp, f, &xin, &xout);
}

/* Asserts that the datapath actions are exactly the types given, ending
 * with -1. */
static void
expect_types(int first, ...)
{
    va_list args;
    size_t i = 0;
    va_start(args, first);
    for (int t = first; t != -1; t = va_arg(args, int), i++) {
        assert_true(i < xout.odp.n);
        assert_int_equal(xout.odp.actions[i].type, t);
    }
    va_end(args);
    assert_int_equal(xout.odp.n, i);
}

static void
test_outputs(void **state)
{
    struct fmb b;
    struct flow f = tcp_flow(1);

    /* Table miss, OF1.3: drop, one lookup without a match. */
    run(&f);
    assert_int_equal(xout.odp.n, 0);
    assert_int_equal(xout.credits.n_misses, 1);
    assert_int_equal(xout.credits.n_rules, 0);

    fmb_init(&b, 0, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    out(&b, 2);
    out(&b, 1);                          /* Input port: skipped. */
    out(&b, OFPP_IN_PORT);
    out(&b, OFPP_ALL);
    apply(&b, OFPACT_OUTPUT)->output.port = OFPP_CONTROLLER;
    b.apply[4].output.max_len = 0xffe5;
    b.fm.cookie = 0xabc;
    install(&b);

    struct ofp_port_mod pm = { .port_no = 4, .config = OFPPC_NO_FWD,
                               .mask = OFPPC_NO_FWD };
    pm.hw_addr.ea[5] = 4;
    assert_int_equal(ofproto_port_mod(ofp, &pm, NULL), 0);

    run(&f);
    expect_types(ODP_OUTPUT, ODP_OUTPUT, ODP_OUTPUT, ODP_OUTPUT,
                 ODP_CONTROLLER, -1);
    assert_int_equal(xout.odp.actions[0].port, 2);
    assert_int_equal(xout.odp.actions[1].port, 1);       /* IN_PORT. */
    assert_int_equal(xout.odp.actions[2].port, 2);       /* ALL: 2, 3. */
    assert_int_equal(xout.odp.actions[3].port, 3);
    const struct odp_action *c = &xout.odp.actions[4];
    assert_int_equal(c->controller.reason, OFPR_ACTION);
    assert_int_equal(c->controller.max_len, 0xffe5);
    assert_int_equal(c->controller.cookie, 0xabc);
    assert_int_equal(c->controller.table_id, 0);
    assert_true(xout.flags & XLATE_HAS_CONTROLLER);
    assert_int_equal(xout.credits.n_rules, 1);
    assert_int_equal(xout.wc.in_port, UINT32_MAX);

    /* A table-miss rule's packet-ins say NO_MATCH. */
    fmb_init(&b, 0, 0);
    out(&b, OFPP_CONTROLLER);
    install(&b);
    f.in_port = 3;
    run(&f);
    expect_types(ODP_CONTROLLER, -1);
    assert_int_equal(xout.odp.actions[0].controller.reason, OFPR_NO_MATCH);

    /* FLOOD skips the input port and NO_FWD ports. */
    fmb_init(&b, 0, 5);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 2);
    out(&b, OFPP_FLOOD);
    out(&b, OFPP_LOCAL);                 /* No local port here. */
    install(&b);
    f.in_port = 2;
    run(&f);
    expect_types(ODP_OUTPUT, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].port, 1);
    assert_int_equal(xout.odp.actions[1].port, 3);
}

static void
test_of10_miss(void **state)
{
    struct flow f = tcp_flow(1);
    struct ofp_switch_config sc = { .flags = 0, .miss_send_len = 200 };
    ofproto_set_config(ofp, &sc);
    ofproto_set_versions(ofp, 1u << OFP10_VERSION);
    run(&f);
    expect_types(ODP_CONTROLLER, -1);
    assert_int_equal(xout.odp.actions[0].controller.reason, OFPR_NO_MATCH);
    assert_int_equal(xout.odp.actions[0].controller.max_len, 200);
    ofproto_set_versions(ofp, (1u << OFP10_VERSION) | (1u << OFP13_VERSION));
    run(&f);
    assert_int_equal(xout.odp.n, 0);
}

static void
test_goto_metadata_set_field(void **state)
{
    struct fmb b;
    struct ofpact *a;

    /* Table 0: rewrite ipv4_dst, write metadata, goto 2. */
    fmb_init(&b, 0, 10);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    a = apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_IPV4_DST;
    a->set_field.value.be32 = htonl(0xc0a80001);
    b.fm.insts.has_write_metadata = true;
    b.fm.insts.metadata = 0x5500;
    b.fm.insts.metadata_mask = 0xff00;
    b.fm.insts.goto_table = 2;
    install(&b);

    /* Table 2 matches the new address and the metadata. */
    fmb_init(&b, 2, 10);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    tm_set_u32(&b.fm.match, MFF_IPV4_DST, 0xc0a80001);
    union mf_value md;
    memset(&md, 0, sizeof md);
    md.be64 = htobe64(0x5500);
    match_set_field(&b.fm.match, mf_from_id(MFF_METADATA), &md, NULL);
    out(&b, 3);
    install(&b);

    struct flow f = tcp_flow(1);
    f.metadata = htobe64(0x12);
    run(&f);
    /* Metadata: (0x12 & ~0xff00) | 0x5500 = 0x5512: no match. */
    expect_types(ODP_SET_FIELD, -1);
    assert_int_equal(xout.credits.n_rules, 1);
    assert_int_equal(xout.credits.n_misses, 1);
    assert_int_equal(xout.credits.miss_tables[0], 2);

    f.metadata = 0;
    run(&f);
    expect_types(ODP_SET_FIELD, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].set_field.field, MFF_IPV4_DST);
    assert_int_equal(xout.odp.actions[1].port, 3);
    assert_int_equal(xout.credits.n_rules, 2);
    assert_int_equal(xout.credits.rules[1]->table_id, 2);

    /* Credits reach the rules and the tables. */
    ofproto_credit(ofp, &xout.credits, 2, 200, 50);
    assert_int_equal(xout.credits.rules[1]->packet_count, 2);
    assert_int_equal(xout.credits.rules[1]->used, 50);
    assert_int_equal(ofp->tables[0].lookup_count, 2);
    assert_int_equal(ofp->tables[0].matched_count, 2);
    assert_int_equal(ofp->tables[2].matched_count, 2);
    assert_int_equal(ofp->tables[1].lookup_count, 0);
}

static void
test_action_set_order(void **state)
{
    struct fmb b;
    struct ofpact *a;

    fmb_init(&b, 0, 10);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    write_act(&b, OFPACT_OUTPUT)->output.port = 2;
    a = write_act(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_IPV4_SRC;
    a->set_field.value.be32 = htonl(1);
    write_act(&b, OFPACT_SET_QUEUE)->queue_id = 7;
    write_act(&b, OFPACT_DEC_NW_TTL);
    write_act(&b, OFPACT_PUSH_VLAN)->ethertype = ETH_TYPE_VLAN;
    b.fm.insts.goto_table = 1;
    install(&b);
    /* Table 1 overrides the output and adds a set_field. */
    fmb_init(&b, 1, 10);
    write_act(&b, OFPACT_OUTPUT)->output.port = 3;
    a = write_act(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_ETH_DST;
    a->set_field.value.mac.ea[0] = 0x0e;
    install(&b);

    struct flow f = tcp_flow(1);
    run(&f);
    expect_types(ODP_PUSH_VLAN, ODP_SET_NW_TTL, ODP_SET_FIELD,
                 ODP_SET_FIELD, ODP_SET_QUEUE, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].push_vlan.tpid, 0x8100);
    assert_int_equal(xout.odp.actions[0].push_vlan.tci, 0);
    assert_int_equal(xout.odp.actions[1].ttl, 63);
    assert_int_equal(xout.odp.actions[2].set_field.field, MFF_IPV4_SRC);
    assert_int_equal(xout.odp.actions[3].set_field.field, MFF_ETH_DST);
    assert_int_equal(xout.odp.actions[4].queue_id, 7);
    assert_int_equal(xout.odp.actions[5].port, 3);

    /* clear_actions in table 1 empties the set. */
    fmb_init(&b, 1, 10);
    b.fm.command = OFPFC_MODIFY_STRICT;
    b.fm.insts.clear_actions = true;
    assert_int_equal(ofproto_flow_mod(ofp, &b.fm, 0, NULL), 0);
    run(&f);
    assert_int_equal(xout.odp.n, 0);
}

static uint32_t
add_group(enum ofp_group_type type, uint32_t id, size_t n,
          const uint32_t *ports, const uint16_t *weights,
          const uint32_t *watch, bool set_dst)
{
    struct ofp_bucket buckets[8];
    struct ofpact acts[8][2];
    struct ofp_group_mod gm = { .command = OFPGC_ADD, .type = type,
                                .group_id = id, .buckets = buckets,
                                .n_buckets = n };
    memset(buckets, 0, sizeof buckets);
    memset(acts, 0, sizeof acts);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        if (set_dst) {
            acts[i][k].type = OFPACT_SET_FIELD;
            acts[i][k].set_field.field = MFF_ETH_DST;
            acts[i][k].set_field.value.mac.ea[0] = i + 1;
            k++;
        }
        acts[i][k].type = OFPACT_OUTPUT;
        acts[i][k].output.port = ports[i];
        buckets[i].actions = acts[i];
        buckets[i].n_actions = k + 1;
        buckets[i].weight = weights ? weights[i] : 0;
        buckets[i].watch_port = watch ? watch[i] : OFPP_ANY;
        buckets[i].watch_group = OFPG_ANY;
    }
    assert_int_equal(ofproto_group_mod(ofp, &gm, 0, NULL), 0);
    return id;
}

static void
flow_to_group(uint32_t in_port, uint32_t group_id, bool in_action_set)
{
    struct fmb b;
    fmb_init(&b, 0, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, in_port);
    if (in_action_set) {
        write_act(&b, OFPACT_GROUP)->group_id = group_id;
        write_act(&b, OFPACT_OUTPUT)->output.port = 4;   /* Ignored. */
    } else {
        apply(&b, OFPACT_GROUP)->group_id = group_id;
        out(&b, 4);
    }
    install(&b);
}

static void
test_group_all_indirect(void **state)
{
    static const uint32_t ports[] = { 2, 3 };
    add_group(OFPGT_ALL, 1, 2, ports, NULL, NULL, true);
    add_group(OFPGT_ALL, 2, 2, ports, NULL, NULL, false);
    add_group(OFPGT_INDIRECT, 3, 1, ports, NULL, NULL, true);
    flow_to_group(1, 1, false);
    flow_to_group(2, 2, true);
    flow_to_group(3, 3, false);

    /* Buckets that modify run in clones; the packet is unchanged for the
     * output that follows the group. */
    struct flow f = tcp_flow(1);
    run(&f);
    expect_types(ODP_CLONE, ODP_SET_FIELD, ODP_OUTPUT,
                 ODP_CLONE, ODP_SET_FIELD, ODP_OUTPUT, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].clone_len, 2);
    assert_int_equal(xout.odp.actions[1].set_field.value.mac.ea[0], 1);
    assert_int_equal(xout.odp.actions[4].set_field.value.mac.ea[0], 2);
    assert_int_equal(xout.odp.actions[6].port, 4);
    assert_int_equal(xout.credits.n_buckets, 2);
    assert_true(xout.credits.buckets[0].count_group);
    assert_false(xout.credits.buckets[1].count_group);
    ofproto_credit(ofp, &xout.credits, 1, 100, 0);
    struct ofgroup *g = ofproto_group_find(ofp, 1);
    assert_int_equal(g->packet_count, 1);
    assert_int_equal(g->bucket_packets[0], 1);
    assert_int_equal(g->bucket_packets[1], 1);

    /* Output-only buckets need no clone; the action set's output is
     * ignored because of the group. */
    f.in_port = 2;
    run(&f);
    expect_types(ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].port, 3);    /* 2 is in_port. */

    f.in_port = 3;
    run(&f);
    expect_types(ODP_CLONE, ODP_SET_FIELD, ODP_OUTPUT, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[2].port, 2);
}

static void
test_group_ff(void **state)
{
    static const uint32_t ports[] = { 2, 3 };
    static const uint32_t watch[] = { 2, 3 };
    add_group(OFPGT_FF, 5, 2, ports, NULL, watch, false);
    flow_to_group(1, 5, true);

    struct flow f = tcp_flow(1);
    run(&f);
    expect_types(ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].port, 2);

    uint64_t gen = ofproto_generation(ofp);
    ofproto_port_set_state(ofp, 2, OFPPS_LINK_DOWN, NULL);
    assert_true(ofproto_generation(ofp) > gen);
    run(&f);
    expect_types(ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].port, 3);

    ofproto_port_set_state(ofp, 3, OFPPS_LINK_DOWN, NULL);
    run(&f);
    assert_int_equal(xout.odp.n, 0);
}

static void
test_group_select(void **state)
{
    static const uint32_t ports[] = { 2, 3 };
    static const uint16_t weights[] = { 1, 3 };
    add_group(OFPGT_SELECT, 6, 2, ports, weights, NULL, false);
    flow_to_group(1, 6, false);

    enum { N = 4000 };
    int count[5] = { 0 };
    for (int i = 0; i < N; i++) {
        struct flow f = tcp_flow(1);
        f.tp_src = htons(10000 + i);
        f.nw_src = htonl(0x0a000000 + i * 7);
        run(&f);
        assert_int_equal(xout.odp.n, 2);
        uint32_t port = xout.odp.actions[0].port;
        count[port]++;
        /* Deterministic per flow. */
        run(&f);
        assert_int_equal(xout.odp.actions[0].port, port);
    }
    printf("# select 1:3 over %d flows: %d / %d\n", N, count[2], count[3]);
    assert_int_equal(count[2] + count[3], N);
    assert_in_range(count[2], N / 4 - N / 20, N / 4 + N / 20);
    /* The L4 ports were examined. */
    assert_int_equal(xout.wc.tp_src, htons(0xffff));
}

static void
test_ttl(void **state)
{
    struct fmb b;
    fmb_init(&b, 0, 10);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    apply(&b, OFPACT_DEC_NW_TTL);
    out(&b, 2);
    install(&b);

    struct flow f = tcp_flow(1);
    run(&f);
    expect_types(ODP_SET_NW_TTL, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].ttl, 63);
    assert_int_equal(xout.wc.nw_ttl, 0xff);

    f.nw_ttl = 1;
    run(&f);
    assert_int_equal(xout.odp.n, 0);
    assert_true(xout.flags & XLATE_TTL_EXPIRED);

    struct ofp_switch_config sc = {
        .flags = OFPC_INVALID_TTL_TO_CONTROLLER, .miss_send_len = 128 };
    ofproto_set_config(ofp, &sc);
    run(&f);
    expect_types(ODP_CONTROLLER, -1);
    assert_int_equal(xout.odp.actions[0].controller.reason,
                     OFPR_INVALID_TTL);

    /* MPLS TTL. */
    fmb_init(&b, 0, 20);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_MPLS);
    apply(&b, OFPACT_DEC_MPLS_TTL);
    apply(&b, OFPACT_COPY_TTL_IN);
    out(&b, 2);
    install(&b);
    memset(&f, 0, sizeof f);
    f.in_port = 1;
    f.dl_type = htons(ETH_TYPE_MPLS);
    f.mpls_lse = htonl((5 << 12) | 0x100 | 10);
    run(&f);
    expect_types(ODP_SET_MPLS_TTL, ODP_COPY_TTL_IN, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].ttl, 9);
    f.mpls_lse = htonl((5 << 12) | 0x100 | 1);
    run(&f);
    expect_types(ODP_CONTROLLER, -1);
}

static void
test_vlan_pbb_of10(void **state)
{
    struct fmb b;
    struct ofpact *a;

    fmb_init(&b, 0, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    apply(&b, OFPACT_PUSH_VLAN)->ethertype = ETH_TYPE_VLAN_8021AD;
    a = apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_VLAN_VID;
    a->set_field.value.be16 = htons(0x1000 | 42);
    out(&b, 2);
    apply(&b, OFPACT_POP_VLAN);
    apply(&b, OFPACT_POP_VLAN);          /* Tag already gone: no-op. */
    apply(&b, OFPACT_PUSH_PBB)->ethertype = ETH_TYPE_PBB;
    out(&b, 3);
    install(&b);

    struct flow f = tcp_flow(1);
    f.vlan_tci = htons(VLAN_CFI | (5 << VLAN_PCP_SHIFT) | 7);
    run(&f);
    expect_types(ODP_PUSH_VLAN, ODP_SET_FIELD, ODP_OUTPUT, ODP_POP_VLAN,
                 ODP_PUSH_PBB, ODP_OUTPUT, -1);
    /* The new tag copies the old one's PCP and VID. */
    assert_int_equal(xout.odp.actions[0].push_vlan.tpid, 0x88a8);
    assert_int_equal(xout.odp.actions[0].push_vlan.tci,
                     (5 << VLAN_PCP_SHIFT) | 7);
    assert_int_equal(xout.odp.actions[4].push_pbb.isid, 0);

    /* push_mpls: label 0, TC 0, BOS, TTL from IP; then pop_mpls. */
    fmb_init(&b, 0, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 3);
    apply(&b, OFPACT_PUSH_MPLS)->ethertype = ETH_TYPE_MPLS;
    apply(&b, OFPACT_COPY_TTL_OUT);
    out(&b, 2);
    apply(&b, OFPACT_POP_MPLS)->ethertype = ETH_TYPE_IP;
    out(&b, 1);
    install(&b);
    f = tcp_flow(3);
    run(&f);
    expect_types(ODP_PUSH_MPLS, ODP_SET_MPLS_TTL, ODP_OUTPUT, ODP_POP_MPLS,
                 ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[0].push_mpls.lse, 0x100 | 64);
    assert_int_equal(xout.odp.actions[0].push_mpls.ethertype, 0x8847);
    assert_int_equal(xout.odp.actions[1].ttl, 64);
    assert_int_equal(xout.odp.actions[3].ethertype, 0x0800);

    /* OF1.0 set_vlan_vid on an untagged packet pushes a tag. */
    fmb_init(&b, 0, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 2);
    apply(&b, OFPACT_SET_VLAN_VID)->vlan_vid = 100;
    apply(&b, OFPACT_STRIP_VLAN);
    out(&b, 3);
    install(&b);
    f = tcp_flow(2);
    run(&f);
    expect_types(ODP_PUSH_VLAN, ODP_SET_FIELD, ODP_POP_VLAN, ODP_OUTPUT,
                 -1);
    assert_int_equal(ntohs(xout.odp.actions[1].set_field.value.be16),
                     0x1000 | 100);
}

static struct flow normal_seen;

static void
normal_cb(void *aux, const struct flow *flow, struct odp_actions *odp)
{
    normal_seen = *flow;
    odp_actions_put_output(odp, *(uint32_t *) aux);
}

static void
test_normal_and_packet_out(void **state)
{
    struct fmb b;
    uint32_t normal_port = 4;
    struct ofpact *a;

    fmb_init(&b, 0, 0);
    a = apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_ETH_SRC;
    a->set_field.value.mac.ea[0] = 0x02;
    out(&b, OFPP_NORMAL);
    install(&b);

    struct xlate_in xin;
    struct flow f = tcp_flow(1);
    xlate_in_init(&xin);
    xin.normal_cb = normal_cb;
    xin.normal_aux = &normal_port;
    ofproto_xlate(ofp, &f, &xin, &xout);
    expect_types(ODP_SET_FIELD, ODP_OUTPUT, -1);
    assert_int_equal(xout.odp.actions[1].port, 4);
    assert_int_equal(normal_seen.dl_src.ea[0], 0x02);   /* Sees the set. */
    assert_true(xout.flags & XLATE_HAS_NORMAL);
    assert_int_equal(xout.wc.dl_dst.ea[0], 0xff);

    /* Without a callback, NORMAL drops. */
    xin.normal_cb = NULL;
    ofproto_xlate(ofp, &f, &xin, &xout);
    expect_types(ODP_SET_FIELD, -1);

    /* Packet-out: actions first, output:TABLE runs the pipeline. */
    struct ofpact po[2];
    memset(po, 0, sizeof po);
    po[0].type = OFPACT_OUTPUT;
    po[0].output.port = 3;
    po[1].type = OFPACT_OUTPUT;
    po[1].output.port = OFPP_TABLE;
    assert_int_equal(ofproto_check_packet_out(ofp, OFPP_CONTROLLER, po, 2),
                     0);
    assert_int_equal(ofproto_check_packet_out(ofp, 9, po, 2),
                     OFPERR_OFPBRC_BAD_PORT);
    xin.actions = po;
    xin.n_actions = 2;
    f.in_port = OFPP_CONTROLLER;
    ofproto_xlate(ofp, &f, &xin, &xout);
    expect_types(ODP_OUTPUT, ODP_SET_FIELD, -1);
    assert_int_equal(xout.odp.actions[0].port, 3);
}

static void
test_no_recv_and_trace(void **state)
{
    struct fmb b;
    fmb_init(&b, 0, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    out(&b, 2);
    b.fm.insts.goto_table = 1;
    b.fm.cookie = 0x42;
    install(&b);

    struct xlate_trace trace;
    struct xlate_in xin;
    struct flow f = tcp_flow(1);
    xlate_trace_init(&trace);
    xlate_in_init(&xin);
    xin.trace = &trace;
    ofproto_xlate(ofp, &f, &xin, &xout);
    expect_types(ODP_OUTPUT, -1);

    /* table 0 hit, its output action, table 1 miss and the note. */
    assert_int_equal(trace.n, 4);
    assert_int_equal(trace.recs[0].type, XT_TABLE);
    assert_true(trace.recs[0].matched);
    assert_int_equal(trace.recs[0].table_id, 0);
    assert_int_equal(trace.recs[0].priority, 10);
    assert_int_equal(trace.recs[0].cookie, 0x42);
    assert_int_equal(trace.recs[0].insts.goto_table, 1);
    assert_int_equal(trace.recs[0].flow.in_port, 1);
    assert_int_equal(trace.recs[1].type, XT_ACTION);
    assert_int_equal(trace.recs[1].action.output.port, 2);
    assert_int_equal(trace.recs[2].type, XT_TABLE);
    assert_false(trace.recs[2].matched);
    assert_int_equal(trace.recs[2].table_id, 1);
    assert_int_equal(trace.recs[3].type, XT_NOTE);
    assert_non_null(strstr(trace.recs[3].text, "miss"));
    assert_int_equal(trace.final_flow.in_port, 1);
    xlate_trace_destroy(&trace);

    struct ofp_port_mod pm = { .port_no = 1, .config = OFPPC_NO_RECV,
                               .mask = OFPPC_NO_RECV };
    pm.hw_addr.ea[5] = 1;
    assert_int_equal(ofproto_port_mod(ofp, &pm, NULL), 0);
    run(&f);
    assert_int_equal(xout.odp.n, 0);
    assert_true(xout.flags & XLATE_DROP_NO_RECV);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_outputs),
        T(test_of10_miss),
        T(test_goto_metadata_set_field),
        T(test_action_set_order),
        T(test_group_all_indirect),
        T(test_group_ff),
        T(test_group_select),
        T(test_ttl),
        T(test_vlan_pbb_of10),
        T(test_normal_and_packet_out),
        T(test_no_recv_and_trace),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
