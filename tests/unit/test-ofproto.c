/* Unit tests for ofproto/ofproto: flow_mod semantics of every command and
 * flag (OF1.3 and OF1.0), every validation error, group_mod, port_mod,
 * table_mod, switch config, statistics and timeouts with warped time. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "ofproto/ofproto.h"
#include "tests/unit/match-testlib.h"

static struct ofproto *ofp;
static struct ofproto_events ev;

static void
add_port(uint32_t port_no)
{
    struct ofp_port_desc d;
    memset(&d, 0, sizeof d);
    d.port_no = port_no;
    d.hw_addr.ea[5] = port_no;
    snprintf(d.name, sizeof d.name, "p%u", (unsigned) port_no);
    ofproto_port_add(ofp, &d, &ev);
}

static int
setup(void **state)
{
    ofproto_events_init(&ev);
    ofp = ofproto_create("br0", 0x1234, 1000);
    ofproto_set_fail_mode(ofp, OFPROTO_FAIL_SECURE, 1000);
    for (uint32_t p = 1; p <= 3; p++) {
        add_port(p);
    }
    ofproto_events_clear(&ev);
    return 0;
}

static int
teardown(void **state)
{
    ofproto_destroy(ofp);
    ofproto_events_destroy(&ev);
    return 0;
}

/* Flow mod builder: one static action array per call site is enough. */
struct fm_builder {
    struct ofp_flow_mod fm;
    struct ofpact apply[8];
    struct ofpact write[8];
};

static void
fm_init(struct fm_builder *b, enum ofp_flow_mod_command cmd, uint8_t table,
        int priority)
{
    memset(b, 0, sizeof *b);
    b->fm.version = OFP13_VERSION;
    match_init_catchall(&b->fm.match);
    b->fm.command = cmd;
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

static void
fm_output(struct fm_builder *b, uint32_t port)
{
    struct ofpact *a = &b->apply[b->fm.insts.n_apply++];
    memset(a, 0, sizeof *a);
    a->type = OFPACT_OUTPUT;
    a->output.port = port;
    b->fm.insts.has_apply = true;
}

static struct ofpact *
fm_apply(struct fm_builder *b, enum ofpact_type type)
{
    struct ofpact *a = &b->apply[b->fm.insts.n_apply++];
    memset(a, 0, sizeof *a);
    a->type = type;
    b->fm.insts.has_apply = true;
    return a;
}

static ofperr
do_fm(struct fm_builder *b, long long now)
{
    return ofproto_flow_mod(ofp, &b->fm, now, &ev);
}

static struct rule *
find_rule(uint8_t table, const struct match *m, int priority)
{
    struct cls_rule *cr = classifier_find_exact(&ofp->tables[table].cls, m,
                                                priority);
    return cr ? CONTAINER_OF(cr, struct rule, cr) : NULL;
}

static void
test_fail_mode(void **state)
{
    struct match any;
    match_init_catchall(&any);
    assert_int_equal(ofproto_n_rules(ofp), 0);
    ofproto_set_fail_mode(ofp, OFPROTO_FAIL_STANDALONE, 1000);
    assert_int_equal(ofproto_n_rules(ofp), 1);
    struct rule *r = find_rule(0, &any, 0);
    assert_non_null(r);
    assert_int_equal(r->insts.n_apply, 1);
    assert_int_equal(r->insts.apply[0].output.port, OFPP_NORMAL);
    ofproto_set_fail_mode(ofp, OFPROTO_FAIL_SECURE, 1000);
    assert_int_equal(ofproto_n_rules(ofp), 0);
}

static void
test_add_replace_counters(void **state)
{
    struct fm_builder b;
    uint64_t gen = ofproto_generation(ofp);

    fm_init(&b, OFPFC_ADD, 0, 100);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    fm_output(&b, 2);
    b.fm.cookie = 7;
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_true(ofproto_generation(ofp) > gen);
    struct rule *r = find_rule(0, &b.fm.match, 100);
    assert_non_null(r);
    ofproto_rule_credit(r, 3, 300, 1100);

    /* OF1.3 add of the same flow keeps counters... */
    b.fm.cookie = 8;
    assert_int_equal(do_fm(&b, 1200), 0);
    r = find_rule(0, &b.fm.match, 100);
    assert_int_equal(r->cookie, 8);
    assert_int_equal(r->packet_count, 3);
    assert_int_equal(r->byte_count, 300);
    assert_int_equal(ofproto_n_rules(ofp), 1);

    /* ...unless RESET_COUNTS. */
    b.fm.flags = OFPFF_RESET_COUNTS;
    assert_int_equal(do_fm(&b, 1300), 0);
    r = find_rule(0, &b.fm.match, 100);
    assert_int_equal(r->packet_count, 0);

    /* OF1.0 always resets. */
    ofproto_rule_credit(r, 1, 60, 1400);
    b.fm.flags = 0;
    b.fm.version = OFP10_VERSION;
    assert_int_equal(do_fm(&b, 1500), 0);
    r = find_rule(0, &b.fm.match, 100);
    assert_int_equal(r->packet_count, 0);

    /* NO_PKT_COUNTS / NO_BYT_COUNTS. */
    b.fm.version = OFP13_VERSION;
    b.fm.flags = OFPFF_NO_PKT_COUNTS;
    assert_int_equal(do_fm(&b, 1600), 0);
    r = find_rule(0, &b.fm.match, 100);
    ofproto_rule_credit(r, 2, 200, 1700);
    assert_int_equal(r->packet_count, 0);
    assert_int_equal(r->byte_count, 200);
    assert_int_equal(ofproto_n_rules(ofp), 1);
    assert_int_equal(ev.n_flow_removed, 0);
}

static void
test_check_overlap(void **state)
{
    struct fm_builder b;

    fm_init(&b, OFPFC_ADD, 0, 50);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    fm_output(&b, 2);
    assert_int_equal(do_fm(&b, 1000), 0);

    fm_init(&b, OFPFC_ADD, 0, 50);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    fm_output(&b, 3);
    b.fm.flags = OFPFF_CHECK_OVERLAP;
    assert_int_equal(do_fm(&b, 1000), OFPERR_OFPFMFC_OVERLAP);
    assert_int_equal(ofproto_n_rules(ofp), 1);
    b.fm.priority = 51;
    assert_int_equal(do_fm(&b, 1000), 0);
    /* Disjoint at the same priority is fine. */
    fm_init(&b, OFPFC_ADD, 0, 50);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 2);
    b.fm.flags = OFPFF_CHECK_OVERLAP;
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(ofproto_n_rules(ofp), 3);
}

/* ovs-ofctl's mod-flows without a table sends OFPTT_ALL: it modifies the
 * selected rules of every table, provided the new instructions are valid
 * in each rule's table. */
static void
test_modify_all_tables(void **state)
{
    struct fm_builder b;
    struct rule *r0, *r3;

    (void) state;
    for (uint8_t t = 0; t <= 3; t += 3) {
        fm_init(&b, OFPFC_ADD, t, 10);
        tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
        fm_output(&b, 2);
        assert_int_equal(do_fm(&b, 1000), 0);
    }
    fm_init(&b, OFPFC_MODIFY, OFPTT_ALL, 0);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    fm_output(&b, 3);
    assert_int_equal(do_fm(&b, 1000), 0);
    r0 = find_rule(0, &b.fm.match, 10);
    r3 = find_rule(3, &b.fm.match, 10);
    assert_non_null(r0);
    assert_non_null(r3);
    assert_true(ofpinsts_outputs_to_port(&r0->insts, 3));
    assert_true(ofpinsts_outputs_to_port(&r3->insts, 3));
    assert_false(ofpinsts_outputs_to_port(&r3->insts, 2));

    /* goto_table:2 is fine in table 0 but not in table 3: no change. */
    fm_init(&b, OFPFC_MODIFY_STRICT, OFPTT_ALL, 10);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    b.fm.insts.goto_table = 2;
    assert_int_equal(do_fm(&b, 1000), OFPERR_OFPBIC_BAD_TABLE_ID);
    assert_true(ofpinsts_outputs_to_port(&r0->insts, 3));
    assert_true(ofpinsts_outputs_to_port(&r3->insts, 3));

    /* A modify of every table that selects nothing adds nothing. */
    fm_init(&b, OFPFC_MODIFY, OFPTT_ALL, 0);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 2);
    fm_output(&b, 1);
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(ofproto_n_rules(ofp), 2);
}

static void
test_flow_mod_errors(void **state)
{
    struct fm_builder b;
    struct ofpact *a;

    fm_init(&b, OFPFC_ADD, 254, 1);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_TABLE_ID);
    fm_init(&b, OFPFC_ADD, OFPTT_ALL, 1);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_TABLE_ID);
    fm_init(&b, OFPFC_MODIFY, 254, 1);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_TABLE_ID);
    fm_init(&b, OFPFC_DELETE, 254, 1);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_TABLE_ID);
    fm_init(&b, OFPFC_DELETE, OFPTT_ALL, 1);
    assert_int_equal(do_fm(&b, 0), 0);
    fm_init(&b, 9, 0, 1);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_COMMAND);
    fm_init(&b, OFPFC_ADD, 0, 1);
    b.fm.flags = 1 << 7;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_FLAGS);
    fm_init(&b, OFPFC_ADD, 0, 1);
    b.fm.version = OFP10_VERSION;
    b.fm.flags = OFPFF_NO_PKT_COUNTS;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPFMFC_BAD_FLAGS);

    fm_init(&b, OFPFC_ADD, 3, 1);
    b.fm.insts.goto_table = 3;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBIC_BAD_TABLE_ID);
    b.fm.insts.goto_table = 2;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBIC_BAD_TABLE_ID);
    b.fm.insts.goto_table = 254;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBIC_BAD_TABLE_ID);
    b.fm.insts.goto_table = 4;
    assert_int_equal(do_fm(&b, 0), 0);

    fm_init(&b, OFPFC_ADD, 0, 1);
    b.fm.insts.meter_id = 1;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBIC_UNSUP_INST);

    fm_init(&b, OFPFC_ADD, 0, 1);
    fm_apply(&b, OFPACT_GROUP)->group_id = 5;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_OUT_GROUP);

    fm_init(&b, OFPFC_ADD, 0, 1);
    fm_output(&b, 99);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_OUT_PORT);
    fm_init(&b, OFPFC_ADD, 0, 1);
    fm_output(&b, 0);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_OUT_PORT);
    fm_init(&b, OFPFC_ADD, 0, 1);
    fm_output(&b, OFPP_TABLE);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_OUT_PORT);
    fm_init(&b, OFPFC_ADD, 0, 1);
    fm_output(&b, OFPP_ANY);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_OUT_PORT);

    /* set_field prerequisites. */
    fm_init(&b, OFPFC_ADD, 0, 1);
    a = fm_apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_IPV4_SRC;
    a->set_field.value.be32 = htonl(0x0a000001);
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    assert_int_equal(do_fm(&b, 0), 0);
    /* In the action set too. */
    fm_init(&b, OFPFC_ADD, 0, 2);
    b.fm.insts.has_write = true;
    b.write[0].type = OFPACT_SET_FIELD;
    b.write[0].set_field.field = MFF_TCP_DST;
    b.write[0].set_field.value.be16 = htons(80);
    b.fm.insts.n_write = 1;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    /* After push_vlan, vlan_pcp is settable. */
    fm_init(&b, OFPFC_ADD, 0, 3);
    a = fm_apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_VLAN_PCP;
    a->set_field.value.u8 = 3;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    fm_init(&b, OFPFC_ADD, 0, 3);
    fm_apply(&b, OFPACT_PUSH_VLAN)->ethertype = ETH_TYPE_VLAN;
    a = fm_apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_VLAN_PCP;
    a->set_field.value.u8 = 3;
    assert_int_equal(do_fm(&b, 0), 0);
    /* After push_mpls, mpls_label is settable and ip fields are not. */
    fm_init(&b, OFPFC_ADD, 0, 4);
    tm_set_u16(&b.fm.match, MFF_ETH_TYPE, ETH_TYPE_IP);
    fm_apply(&b, OFPACT_PUSH_MPLS)->ethertype = ETH_TYPE_MPLS;
    a = fm_apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_MPLS_LABEL;
    a->set_field.value.be32 = htonl(5);
    assert_int_equal(do_fm(&b, 0), 0);
    a = fm_apply(&b, OFPACT_SET_FIELD);
    a->set_field.field = MFF_IPV4_DST;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_MATCH_INCONSISTENT);
    /* Bad push ethertypes. */
    fm_init(&b, OFPFC_ADD, 0, 5);
    fm_apply(&b, OFPACT_PUSH_VLAN)->ethertype = 0x0800;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_ARGUMENT);
    fm_init(&b, OFPFC_ADD, 0, 5);
    fm_apply(&b, OFPACT_PUSH_MPLS)->ethertype = 0x0800;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_ARGUMENT);
    fm_init(&b, OFPFC_ADD, 0, 5);
    fm_apply(&b, OFPACT_PUSH_PBB)->ethertype = 0x8100;
    assert_int_equal(do_fm(&b, 0), OFPERR_OFPBAC_BAD_ARGUMENT);

    /* Nothing failed changed anything: 4 rules were accepted. */
    assert_int_equal(ofproto_n_rules(ofp), 4);
}

static void
add_simple(uint8_t table, uint32_t in_port, int priority, uint64_t cookie,
           uint32_t out, uint16_t flags)
{
    struct fm_builder b;
    fm_init(&b, OFPFC_ADD, table, priority);
    if (in_port) {
        tm_set_u32(&b.fm.match, MFF_IN_PORT, in_port);
    }
    fm_output(&b, out);
    b.fm.cookie = cookie;
    b.fm.flags = flags;
    assert_int_equal(do_fm(&b, 1000), 0);
}

static void
test_modify(void **state)
{
    struct fm_builder b;
    struct match m;

    add_simple(0, 1, 10, 0x11, 2, 0);
    add_simple(0, 2, 10, 0x12, 3, 0);
    add_simple(0, 1, 20, 0x21, 2, 0);
    add_simple(1, 1, 10, 0x11, 2, 0);

    /* Loose modify in table 0 of in_port=1 flows with cookie 0x1?. */
    fm_init(&b, OFPFC_MODIFY, 0, 0);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    fm_output(&b, 3);
    b.fm.cookie = 0x10;
    b.fm.cookie_mask = 0xf0;
    assert_int_equal(do_fm(&b, 1000), 0);
    match_init_catchall(&m);
    tm_set_u32(&m, MFF_IN_PORT, 1);
    assert_int_equal(find_rule(0, &m, 10)->insts.apply[0].output.port, 3);
    assert_int_equal(find_rule(0, &m, 20)->insts.apply[0].output.port, 2);
    assert_int_equal(find_rule(1, &m, 10)->insts.apply[0].output.port, 2);
    assert_int_equal(find_rule(0, &m, 10)->cookie, 0x11);

    /* Strict needs the priority. */
    fm_init(&b, OFPFC_MODIFY_STRICT, 0, 20);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    fm_output(&b, OFPP_CONTROLLER);
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(find_rule(0, &m, 20)->insts.apply[0].output.port,
                     OFPP_CONTROLLER);

    /* RESET_COUNTS on modify. */
    ofproto_rule_credit(find_rule(0, &m, 20), 5, 500, 1000);
    b.fm.flags = OFPFF_RESET_COUNTS;
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(find_rule(0, &m, 20)->packet_count, 0);

    /* OF1.3: no match, no add. */
    size_t n = ofproto_n_rules(ofp);
    fm_init(&b, OFPFC_MODIFY, 0, 0);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 3);
    fm_output(&b, 1);
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(ofproto_n_rules(ofp), n);

    /* OF1.0: no match adds; modify sets the cookie. */
    b.fm.version = OFP10_VERSION;
    b.fm.priority = 7;
    b.fm.new_cookie = 0x99;
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(ofproto_n_rules(ofp), n + 1);
    match_init_catchall(&m);
    tm_set_u32(&m, MFF_IN_PORT, 3);
    assert_int_equal(find_rule(0, &m, 7)->cookie, 0x99);
    b.fm.new_cookie = 0x77;
    assert_int_equal(do_fm(&b, 1000), 0);
    assert_int_equal(ofproto_n_rules(ofp), n + 1);
    assert_int_equal(find_rule(0, &m, 7)->cookie, 0x77);
}

static void
test_delete(void **state)
{
    struct fm_builder b;

    add_simple(0, 1, 10, 0x11, 2, OFPFF_SEND_FLOW_REM);
    add_simple(0, 2, 10, 0x12, 3, 0);
    add_simple(0, 1, 20, 0x21, 3, OFPFF_SEND_FLOW_REM);
    add_simple(5, 1, 10, 0x11, 2, OFPFF_SEND_FLOW_REM);
    add_simple(5, 0, 0, 0x31, 2, 0);
    assert_int_equal(ofproto_n_rules(ofp), 5);

    /* Strict delete with the wrong priority: nothing. */
    fm_init(&b, OFPFC_DELETE_STRICT, 0, 11);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    assert_int_equal(do_fm(&b, 2000), 0);
    assert_int_equal(ofproto_n_rules(ofp), 5);

    /* out_port filter across all tables: in_port=1 rules to port 2. */
    fm_init(&b, OFPFC_DELETE, OFPTT_ALL, 0);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    b.fm.out_port = 2;
    assert_int_equal(do_fm(&b, 2500), 0);
    assert_int_equal(ofproto_n_rules(ofp), 3);
    assert_int_equal(ev.n_flow_removed, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(ev.flow_removed[i].reason, OFPRR_DELETE);
        assert_int_equal(ev.flow_removed[i].cookie, 0x11);
        assert_int_equal(ev.flow_removed[i].duration_sec, 1);
        assert_int_equal(ev.flow_removed[i].duration_nsec, 500000000);
        assert_int_equal(ev.flow_removed[i].match.flow.in_port, 1);
    }
    ofproto_events_clear(&ev);

    /* Cookie filter. */
    fm_init(&b, OFPFC_DELETE, OFPTT_ALL, 0);
    b.fm.cookie = 0x12;
    b.fm.cookie_mask = UINT64_MAX;
    assert_int_equal(do_fm(&b, 3000), 0);
    assert_int_equal(ofproto_n_rules(ofp), 2);
    assert_int_equal(ev.n_flow_removed, 0);       /* No SEND_FLOW_REM. */

    /* Strict delete. */
    fm_init(&b, OFPFC_DELETE_STRICT, 0, 20);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    assert_int_equal(do_fm(&b, 3000), 0);
    assert_int_equal(ofproto_n_rules(ofp), 1);
    assert_int_equal(ev.n_flow_removed, 1);
    assert_int_equal(ev.flow_removed[0].priority, 20);

    /* OF1.0 delete spans every table even if table 0 is given. */
    fm_init(&b, OFPFC_DELETE, 0, 0);
    b.fm.version = OFP10_VERSION;
    assert_int_equal(do_fm(&b, 3000), 0);
    assert_int_equal(ofproto_n_rules(ofp), 0);
}

static void
test_timeouts(void **state)
{
    struct fm_builder b;

    fm_init(&b, OFPFC_ADD, 0, 1);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 1);
    fm_output(&b, 2);
    b.fm.idle_timeout = 10;
    b.fm.flags = OFPFF_SEND_FLOW_REM;
    assert_int_equal(do_fm(&b, 0), 0);
    fm_init(&b, OFPFC_ADD, 0, 1);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 2);
    fm_output(&b, 1);
    b.fm.hard_timeout = 15;
    b.fm.idle_timeout = 5;
    b.fm.flags = OFPFF_SEND_FLOW_REM;
    assert_int_equal(do_fm(&b, 0), 0);
    fm_init(&b, OFPFC_ADD, 0, 1);
    tm_set_u32(&b.fm.match, MFF_IN_PORT, 3);
    fm_output(&b, 1);
    b.fm.hard_timeout = 1;          /* Silently. */
    assert_int_equal(do_fm(&b, 0), 0);

    assert_int_equal(ofproto_run(ofp, 500, &ev), 1000);
    assert_int_equal(ofproto_run(ofp, 1000, &ev), 5000);
    assert_int_equal(ofproto_n_rules(ofp), 2);
    assert_int_equal(ev.n_flow_removed, 0);

    struct match m;
    match_init_catchall(&m);
    tm_set_u32(&m, MFF_IN_PORT, 2);
    struct rule *r2 = find_rule(0, &m, 1);
    match_init_catchall(&m);
    tm_set_u32(&m, MFF_IN_PORT, 1);
    struct rule *r1 = find_rule(0, &m, 1);

    /* Traffic keeps both idle rules alive. */
    ofproto_rule_credit(r2, 1, 100, 4000);
    ofproto_rule_credit(r1, 1, 100, 8000);
    assert_int_equal(ofproto_run(ofp, 8500, &ev), 9000);
    ofproto_rule_credit(r2, 1, 100, 8900);
    assert_int_equal(ofproto_run(ofp, 9000, &ev), 13900);
    assert_int_equal(ofproto_n_rules(ofp), 2);

    /* Hard timeout wins at 15 s even though r2 is used. */
    ofproto_rule_credit(r2, 1, 100, 14000);
    assert_int_equal(ofproto_run(ofp, 15000, &ev), 18000);
    assert_int_equal(ev.n_flow_removed, 1);
    assert_int_equal(ev.flow_removed[0].reason, OFPRR_HARD_TIMEOUT);
    assert_int_equal(ev.flow_removed[0].packet_count, 3);
    assert_int_equal(ev.flow_removed[0].duration_sec, 15);

    assert_int_equal(ofproto_run(ofp, 18000, &ev), LLONG_MAX);
    assert_int_equal(ev.n_flow_removed, 2);
    assert_int_equal(ev.flow_removed[1].reason, OFPRR_IDLE_TIMEOUT);
    assert_int_equal(ev.flow_removed[1].idle_timeout, 10);
    assert_int_equal(ofproto_n_rules(ofp), 0);
}

/* Groups. */

struct gm_builder {
    struct ofp_group_mod gm;
    struct ofp_bucket buckets[4];
    struct ofpact acts[4][2];
};

static void
gm_init(struct gm_builder *g, enum ofp_group_mod_command cmd,
        enum ofp_group_type type, uint32_t id)
{
    memset(g, 0, sizeof *g);
    g->gm.command = cmd;
    g->gm.type = type;
    g->gm.group_id = id;
    g->gm.buckets = g->buckets;
}

static struct ofp_bucket *
gm_bucket(struct gm_builder *g, uint32_t out_port)
{
    size_t i = g->gm.n_buckets++;
    struct ofp_bucket *b = &g->buckets[i];
    b->watch_port = OFPP_ANY;
    b->watch_group = OFPG_ANY;
    b->actions = g->acts[i];
    if (out_port) {
        b->actions[0].type = OFPACT_OUTPUT;
        b->actions[0].output.port = out_port;
        b->n_actions = 1;
    }
    return b;
}

static ofperr
do_gm(struct gm_builder *g)
{
    return ofproto_group_mod(ofp, &g->gm, 1000, &ev);
}

static void
test_group_mod(void **state)
{
    struct gm_builder g;
    struct ofp_bucket *b;

    gm_init(&g, OFPGC_ADD, OFPGT_ALL, 1);
    gm_bucket(&g, 1);
    gm_bucket(&g, 2);
    assert_int_equal(do_gm(&g), 0);
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_GROUP_EXISTS);
    g.gm.group_id = OFPG_ALL;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_INVALID_GROUP);
    g.gm.group_id = 2;
    g.gm.type = 7;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_BAD_TYPE);
    g.gm.type = OFPGT_INDIRECT;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_BAD_BUCKET);
    g.gm.type = OFPGT_ALL;
    g.buckets[0].weight = 5;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_BAD_BUCKET);
    g.gm.type = OFPGT_SELECT;
    assert_int_equal(do_gm(&g), 0);
    gm_init(&g, OFPGC_ADD, OFPGT_FF, 3);
    gm_bucket(&g, 1);
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_BAD_WATCH);
    g.buckets[0].watch_port = 1;
    assert_int_equal(do_gm(&g), 0);
    gm_init(&g, OFPGC_ADD, OFPGT_ALL, 4);
    gm_bucket(&g, 77);
    assert_int_equal(do_gm(&g), OFPERR_OFPBAC_BAD_OUT_PORT);

    /* Chaining: 10 -> 1 is fine; a loop is not. */
    gm_init(&g, OFPGC_ADD, OFPGT_INDIRECT, 10);
    b = gm_bucket(&g, 0);
    b->actions[0].type = OFPACT_GROUP;
    b->actions[0].group_id = 1;
    b->n_actions = 1;
    assert_int_equal(do_gm(&g), 0);
    b->actions[0].group_id = 99;
    g.gm.group_id = 11;
    assert_int_equal(do_gm(&g), OFPERR_OFPBAC_BAD_OUT_GROUP);
    b->actions[0].group_id = 11;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_LOOP);
    /* Modify group 1 to point at 10, which points at 1: loop. */
    gm_init(&g, OFPGC_MODIFY, OFPGT_INDIRECT, 1);
    b = gm_bucket(&g, 0);
    b->actions[0].type = OFPACT_GROUP;
    b->actions[0].group_id = 10;
    b->n_actions = 1;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_LOOP);
    g.gm.group_id = 50;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_UNKNOWN_GROUP);
    g.gm.command = 9;
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_BAD_COMMAND);

    /* Group 1 is referenced by group 10: not deletable alone. */
    gm_init(&g, OFPGC_DELETE, OFPGT_ALL, 1);
    assert_int_equal(do_gm(&g), OFPERR_OFPGMFC_CHAINED_GROUP);
    gm_init(&g, OFPGC_DELETE, OFPGT_ALL, 1234);
    assert_int_equal(do_gm(&g), 0);

    /* A rule using group 2; deleting group 2 removes it. */
    struct fm_builder fb;
    fm_init(&fb, OFPFC_ADD, 0, 5);
    fm_apply(&fb, OFPACT_GROUP)->group_id = 2;
    fb.fm.flags = OFPFF_SEND_FLOW_REM;
    assert_int_equal(do_fm(&fb, 1000), 0);
    add_simple(0, 3, 5, 0, 1, OFPFF_SEND_FLOW_REM);

    struct ofp_group_stats *gs;
    size_t n;
    ofproto_group_stats(ofp, OFPG_ALL, 3000, &gs, &n);
    assert_int_equal(n, 4);
    assert_int_equal(gs[0].group_id, 1);
    assert_int_equal(gs[0].ref_count, 1);          /* Group 10. */
    assert_int_equal(gs[1].group_id, 2);
    assert_int_equal(gs[1].ref_count, 1);          /* The rule. */
    assert_int_equal(gs[1].n_buckets, 2);
    assert_int_equal(gs[1].duration_sec, 2);
    for (size_t i = 0; i < n; i++) {
        free(gs[i].buckets);
    }
    free(gs);

    struct ofp_group_desc *gd;
    ofproto_group_desc(ofp, &gd, &n);
    assert_int_equal(n, 4);
    assert_int_equal(gd[1].type, OFPGT_SELECT);
    assert_int_equal(gd[1].buckets[0].weight, 5);
    assert_int_equal(gd[1].buckets[1].actions[0].output.port, 2);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < gd[i].n_buckets; j++) {
            free(gd[i].buckets[j].actions);
        }
        free(gd[i].buckets);
    }
    free(gd);

    gm_init(&g, OFPGC_DELETE, OFPGT_ALL, 2);
    assert_int_equal(do_gm(&g), 0);
    assert_null(ofproto_group_find(ofp, 2));
    assert_int_equal(ofproto_n_rules(ofp), 1);
    assert_int_equal(ev.n_flow_removed, 1);
    assert_int_equal(ev.flow_removed[0].reason, OFPRR_GROUP_DELETE);

    gm_init(&g, OFPGC_DELETE, OFPGT_ALL, OFPG_ALL);
    assert_int_equal(do_gm(&g), 0);
    assert_int_equal(hmap_count(&ofp->groups), 0);
    assert_int_equal(ofproto_n_rules(ofp), 1);

    struct ofp_group_features gf;
    ofproto_group_features(&gf);
    assert_int_equal(gf.types, 0xf);
}

static void
test_ports_tables_config(void **state)
{
    struct ofp_port_mod pm;

    memset(&pm, 0, sizeof pm);
    pm.port_no = 9;
    assert_int_equal(ofproto_port_mod(ofp, &pm, &ev), OFPERR_OFPPMFC_BAD_PORT);
    pm.port_no = 2;
    assert_int_equal(ofproto_port_mod(ofp, &pm, &ev),
                     OFPERR_OFPPMFC_BAD_HW_ADDR);
    pm.hw_addr.ea[5] = 2;
    pm.config = 1 << 3;
    pm.mask = 1 << 3;
    assert_int_equal(ofproto_port_mod(ofp, &pm, &ev),
                     OFPERR_OFPPMFC_BAD_CONFIG);
    pm.config = OFPPC_PORT_DOWN;
    pm.mask = OFPPC_PORT_DOWN | OFPPC_NO_FWD;
    assert_true(ofproto_port_is_live(ofp, 2));
    assert_int_equal(ofproto_port_mod(ofp, &pm, &ev), 0);
    assert_false(ofproto_port_is_live(ofp, 2));
    assert_int_equal(ev.n_port_status, 1);
    assert_int_equal(ev.port_status[0].reason, OFPPR_MODIFY);
    assert_int_equal(ev.port_status[0].desc.config, OFPPC_PORT_DOWN);
    assert_int_equal(ofproto_port_mod(ofp, &pm, &ev), 0);
    assert_int_equal(ev.n_port_status, 1);          /* No change. */

    assert_int_equal(ofproto_port_set_state(ofp, 3, OFPPS_LINK_DOWN, &ev),
                     0);
    assert_false(ofproto_port_is_live(ofp, 3));
    assert_int_equal(ev.n_port_status, 2);
    assert_int_equal(ofproto_port_set_state(ofp, 8, 0, &ev), ENOENT);
    assert_int_equal(ofproto_port_del(ofp, 3, &ev), 0);
    assert_int_equal(ev.port_status[2].reason, OFPPR_DELETE);
    assert_int_equal(ofproto_port_del(ofp, 3, &ev), ENOENT);
    add_port(7);
    assert_int_equal(ev.port_status[3].reason, OFPPR_ADD);

    struct ofp_port_desc *descs;
    size_t n;
    ofproto_port_descs(ofp, &descs, &n);
    assert_int_equal(n, 3);
    assert_int_equal(descs[0].port_no, 1);
    assert_int_equal(descs[2].port_no, 7);
    free(descs);

    assert_int_equal(ofproto_table_mod(ofp, 254, 0), OFPERR_OFPTMFC_BAD_TABLE);
    assert_int_equal(ofproto_table_mod(ofp, 3, 8), OFPERR_OFPTMFC_BAD_CONFIG);
    assert_int_equal(ofproto_table_mod(ofp, OFPTT_ALL, 0), 0);

    struct ofp_switch_config sc = { .flags = 0x100, .miss_send_len = 64 };
    assert_int_equal(ofproto_set_config(ofp, &sc), OFPERR_OFPSCFC_BAD_FLAGS);
    sc.flags = OFPC_INVALID_TTL_TO_CONTROLLER | 1;
    assert_int_equal(ofproto_set_config(ofp, &sc), 0);
    struct ofp_switch_config got;
    ofproto_get_config(ofp, &got);
    assert_int_equal(got.flags, sc.flags);
    assert_int_equal(got.miss_send_len, 64);
}

static void
test_stats(void **state)
{
    add_simple(0, 1, 10, 0x11, 2, 0);
    add_simple(0, 2, 30, 0x12, 3, 0);
    add_simple(3, 1, 10, 0x13, 2, OFPFF_SEND_FLOW_REM);
    struct match m;
    match_init_catchall(&m);
    tm_set_u32(&m, MFF_IN_PORT, 1);
    ofproto_rule_credit(find_rule(0, &m, 10), 2, 120, 1000);
    ofproto_rule_credit(find_rule(3, &m, 10), 1, 60, 1000);

    struct ofp_flow_stats_request req;
    memset(&req, 0, sizeof req);
    req.table_id = OFPTT_ALL;
    req.out_port = OFPP_ANY;
    req.out_group = OFPG_ANY;
    match_init_catchall(&req.match);

    struct ofp_flow_stats *fs;
    size_t n;
    ofproto_flow_stats(ofp, &req, 3250, &fs, &n);
    assert_int_equal(n, 3);
    assert_int_equal(fs[0].priority, 30);          /* Table 0 first. */
    assert_int_equal(fs[1].cookie, 0x11);
    assert_int_equal(fs[1].packet_count, 2);
    assert_int_equal(fs[1].duration_sec, 2);
    assert_int_equal(fs[1].duration_nsec, 250000000);
    assert_int_equal(fs[1].insts.apply[0].output.port, 2);
    assert_int_equal(fs[2].table_id, 3);
    assert_int_equal(fs[2].flags, OFPFF_SEND_FLOW_REM);
    for (size_t i = 0; i < n; i++) {
        ofpinsts_destroy(&fs[i].insts);
    }
    free(fs);

    req.match = m;
    req.out_port = 2;
    struct ofp_aggregate_stats agg;
    ofproto_aggregate_stats(ofp, &req, &agg);
    assert_int_equal(agg.flow_count, 2);
    assert_int_equal(agg.packet_count, 3);
    assert_int_equal(agg.byte_count, 180);
    req.table_id = 3;
    ofproto_aggregate_stats(ofp, &req, &agg);
    assert_int_equal(agg.flow_count, 1);
    req.table_id = OFPTT_ALL;
    req.cookie = 0x13;
    req.cookie_mask = 0xff;
    ofproto_aggregate_stats(ofp, &req, &agg);
    assert_int_equal(agg.flow_count, 1);
    assert_int_equal(agg.packet_count, 1);

    struct ofp_table_stats ts[SLUICE_N_TABLES];
    ofproto_table_stats(ofp, ts);
    assert_int_equal(ts[0].active_count, 2);
    assert_int_equal(ts[3].active_count, 1);
    assert_int_equal(ts[253].table_id, 253);
    assert_int_equal(ts[253].active_count, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fail_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_replace_counters, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_check_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flow_mod_errors, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_modify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modify_all_tables, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_mod, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports_tables_config, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
