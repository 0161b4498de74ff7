/* End-to-end tests of forwarding through the OpenFlow pipeline over dummy
 * ports: flows installed with dpif_call() rewrite and steer frames taken
 * from the dummy ports; the flow cache follows flow changes; counters are
 * credited on cache hits; output:CONTROLLER produces packet-in events
 * with the frame; packet-out; fail modes; port-status events; learning
 * keeps working for frames served from the cache. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "datapath/dpif.h"
#include "lib/util.h"
#include "ofproto/match.h"
#include "ofproto/ofp-codec.h"
#include "ofproto/ofproto.h"

static struct dpif *dpif;

/* Events seen by event_cb(). */
static struct dpif_event events[16];
static uint8_t pin_data[16][256];
static size_t n_events;
static size_t n_all_events;

static void
event_cb(const struct dpif_event *ev, void *aux)
{
    n_all_events++;
    if (n_events < ARRAY_SIZE(events)) {
        events[n_events] = *ev;
        if (ev->type == DPIF_EVENT_PACKET_IN) {
            size_t len = ev->packet_in.len;
            memcpy(pin_data[n_events], ev->packet_in.data,
                   len < 256 ? len : 256);
        }
        n_events++;
    }
}

static void
add_port(const char *name, int ofport)
{
    struct dpif_port_config cfg = {
        .name = name, .type = DPIF_PORT_DUMMY, .ofport_request = ofport,
        .tag = -1, .vlan_mode = DPIF_VLAN_TRUNK,
    };
    char *error = NULL;
    assert_int_equal(dpif_port_add(dpif, "br0", &cfg, NULL, &error), 0);
}

static int
setup(void **state)
{
    static const struct dpif_bridge_config bcfg = { 0, 0 };
    n_events = 0;
    assert_int_equal(dpif_create(&dpif), 0);
    dpif_set_event_cb(dpif, event_cb, NULL);
    assert_int_equal(dpif_bridge_add(dpif, "br0", &bcfg), 0);
    add_port("p1", 1);
    add_port("p2", 2);
    add_port("p3", 3);
    dpif_drain(dpif);
    assert_int_equal(n_events, 3);          /* Port-status ADD each. */
    n_events = 0;
    return 0;
}

static int
teardown(void **state)
{
    dpif_destroy(dpif, false);
    dpif = NULL;
    return 0;
}

/* Builds a 60-byte IPv4/UDP frame from MAC ..:'src' to MAC ..:'dst'
 * (0xff: broadcast). */
static size_t
frame(uint8_t *buf, int dst, int src)
{
    memset(buf, 0, 60);
    memset(buf, dst == 0xff ? 0xff : 0, 6);
    if (dst != 0xff) {
        buf[0] = 0x02;
        buf[5] = dst;
    }
    buf[6] = 0x02;
    buf[11] = src;
    buf[12] = 0x08;
    buf[14] = 0x45;
    buf[17] = 46;
    buf[22] = 64;
    buf[23] = 17;
    buf[26] = 10;
    buf[29] = src;
    buf[30] = 10;
    buf[33] = dst;
    buf[35] = 1;
    buf[37] = 2;
    buf[39] = 26;
    return 60;
}

static void
inject(const char *port, int dst, int src)
{
    uint8_t buf[60];
    size_t len = frame(buf, dst, src);
    assert_int_equal(dpif_dummy_inject(dpif, "br0", port, buf, len), 0);
}

/* Takes one frame from 'port' into 'buf'; returns its length or 0. */
static size_t
take(const char *port, uint8_t *buf)
{
    size_t len;
    int error = dpif_dummy_take(dpif, "br0", port, buf, 256, &len);
    return error ? 0 : len;
}

/* ---- Flow mods through dpif_call(). ---- */

struct fm_call {
    struct ofp_flow_mod fm;
    ofperr error;
    int done;
};

static void
fm_fn(struct ofproto *ofproto, void *arg)
{
    struct fm_call *c = arg;
    struct ofproto_events ev;
    ofproto_events_init(&ev);
    c->error = ofproto_flow_mod(ofproto, &c->fm, time_msec(), &ev);
    ofproto_events_destroy(&ev);
}

static void
fm_done(void *arg)
{
    ((struct fm_call *) arg)->done++;
}

/* Adds (or with 'command' changes) a flow in table 0 matching in_port
 * 'in_port' (0: any) at 'priority' with the 'n' actions 'acts'. */
static ofperr
flow_mod(enum ofp_flow_mod_command command, int in_port, int priority,
         const struct ofpact *acts, size_t n)
{
    struct fm_call c;
    memset(&c, 0, sizeof c);
    c.fm.version = OFP13_VERSION;
    match_init_catchall(&c.fm.match);
    if (in_port) {
        union mf_value v = { .be32 = htonl(in_port) };
        match_set_field(&c.fm.match, mf_from_id(MFF_IN_PORT), &v, NULL);
    }
    c.fm.priority = priority;
    c.fm.command = command;
    c.fm.buffer_id = OFP_NO_BUFFER;
    c.fm.out_port = OFPP_ANY;
    c.fm.out_group = OFPG_ANY;
    ofpinsts_init(&c.fm.insts);
    c.fm.insts.has_apply = true;
    c.fm.insts.apply = (struct ofpact *) acts;
    c.fm.insts.n_apply = n;
    assert_int_equal(dpif_call(dpif, "br0", fm_fn, fm_done, &c), 0);
    dpif_drain(dpif);
    assert_int_equal(c.done, 1);
    return c.error;
}

static struct ofpact
output(uint32_t port)
{
    struct ofpact a = { .type = OFPACT_OUTPUT };
    a.output.port = port;
    a.output.max_len = OFPCML_NO_BUFFER;
    return a;
}

static struct ofpact
set_eth_dst(uint8_t last)
{
    struct ofpact a = { .type = OFPACT_SET_FIELD };
    a.set_field.field = MFF_ETH_DST;
    uint8_t mac[6] = { 0x0a, 0, 0, 0, 0, last };
    memcpy(a.set_field.value.mac.ea, mac, 6);
    return a;
}

/* Reads the packet count of the only flow at 'priority' in table 0. */
struct stats_call {
    int priority;
    uint64_t packets, bytes;
};

static void
stats_fn(struct ofproto *ofproto, void *arg)
{
    struct stats_call *c = arg;
    struct ofp_flow_stats_request req;
    memset(&req, 0, sizeof req);
    req.table_id = 0;
    req.out_port = OFPP_ANY;
    req.out_group = OFPG_ANY;
    match_init_catchall(&req.match);
    struct ofp_flow_stats *stats;
    size_t n;
    ofproto_flow_stats(ofproto, &req, time_msec(), &stats, &n);
    for (size_t i = 0; i < n; i++) {
        if (stats[i].priority == c->priority) {
            c->packets = stats[i].packet_count;
            c->bytes = stats[i].byte_count;
        }
    }
    ofp_flow_stats_free(stats, n);
}

static void
flow_counts(int priority, uint64_t *packets, uint64_t *bytes)
{
    struct stats_call c = { .priority = priority };
    assert_int_equal(dpif_call(dpif, "br0", stats_fn, NULL, &c), 0);
    dpif_drain(dpif);
    *packets = c.packets;
    *bytes = c.bytes;
}

/* ---- Tests. ---- */

/* The standalone bridge's default NORMAL flow switches and learns, and
 * is credited for every frame, cached or not. */
static void
test_standalone_normal(void **state)
{
    uint8_t buf[256];
    inject("p1", 0xff, 1);                 /* Flood, learn 1 on p1. */
    assert_int_equal(take("p2", buf), 60);
    assert_int_equal(take("p3", buf), 60);
    inject("p2", 1, 2);                    /* To p1 only; learn 2. */
    assert_int_equal(take("p1", buf), 60);
    assert_int_equal(take("p3", buf), 0);
    for (int i = 0; i < 5; i++) {          /* Cached now. */
        inject("p1", 2, 1);
        assert_int_equal(take("p2", buf), 60);
        assert_int_equal(take("p3", buf), 0);
    }
    uint64_t packets, bytes;
    flow_counts(0, &packets, &bytes);
    assert_int_equal(packets, 7);
    assert_int_equal(bytes, 7 * 60);

    /* A MAC moving to another port is learned from a cached flow's
     * frame too: 1 now talks from p3. */
    inject("p3", 2, 1);
    assert_int_equal(take("p2", buf), 60);
    inject("p2", 1, 2);
    assert_int_equal(take("p3", buf), 60);
    assert_int_equal(take("p1", buf), 0);
}

/* A rule rewrites eth_dst and outputs to port 2; changing the rule is
 * seen by the next frame of the same (cached) flow. */
static void
test_rewrite_and_steer(void **state)
{
    uint8_t buf[256];
    struct ofpact acts[2] = { set_eth_dst(0x99), output(2) };
    assert_int_equal(flow_mod(OFPFC_ADD, 1, 100, acts, 2), 0);

    for (int i = 0; i < 3; i++) {
        inject("p1", 5, 1);
        assert_int_equal(take("p2", buf), 60);
        static const uint8_t want[6] = { 0x0a, 0, 0, 0, 0, 0x99 };
        assert_memory_equal(buf, want, 6);
        assert_int_equal(buf[11], 1);
        assert_int_equal(take("p3", buf), 0);
    }
    uint64_t packets, bytes;
    flow_counts(100, &packets, &bytes);
    assert_int_equal(packets, 3);
    assert_int_equal(bytes, 180);

    acts[1] = output(3);
    assert_int_equal(flow_mod(OFPFC_MODIFY_STRICT, 1, 100, acts, 2), 0);
    inject("p1", 5, 1);
    assert_int_equal(take("p2", buf), 0);
    assert_int_equal(take("p3", buf), 60);
    assert_int_equal(buf[5], 0x99);
}

/* One frame, two outputs with a change in between: each port gets the
 * frame as it was at its output. */
static void
test_output_then_modify(void **state)
{
    uint8_t buf[256];
    struct ofpact acts[3] = { output(2), set_eth_dst(0x42), output(3) };
    assert_int_equal(flow_mod(OFPFC_ADD, 1, 100, acts, 3), 0);
    for (int i = 0; i < 2; i++) {
        inject("p1", 5, 1);
        assert_int_equal(take("p2", buf), 60);
        assert_int_equal(buf[5], 5);
        assert_int_equal(take("p3", buf), 60);
        assert_int_equal(buf[5], 0x42);
    }
}

/* push_vlan + set_field:vlan_vid, then pop_vlan on the way back. */
static void
test_vlan_push_pop(void **state)
{
    uint8_t buf[256];
    struct ofpact acts[3] = {
        { .type = OFPACT_PUSH_VLAN, .ethertype = 0x8100 },
        { .type = OFPACT_SET_FIELD },
        output(3),
    };
    acts[1].set_field.field = MFF_VLAN_VID;
    acts[1].set_field.value.be16 = htons(0x1000 | 100);
    assert_int_equal(flow_mod(OFPFC_ADD, 1, 50, acts, 3), 0);
    inject("p1", 0xff, 1);
    assert_int_equal(take("p3", buf), 64);
    static const uint8_t tag[4] = { 0x81, 0x00, 0x00, 100 };
    assert_memory_equal(buf + 12, tag, 4);
}

static void
test_packet_in(void **state)
{
    uint8_t buf[256];
    struct ofpact acts[1] = { output(OFPP_CONTROLLER) };
    acts[0].output.max_len = 20;
    assert_int_equal(flow_mod(OFPFC_ADD, 1, 100, acts, 1), 0);
    inject("p1", 5, 1);
    inject("p1", 5, 1);
    dpif_drain(dpif);
    assert_int_equal(n_events, 2);
    for (int i = 0; i < 2; i++) {
        const struct ofp_packet_in *pi = &events[i].packet_in;
        assert_int_equal(events[i].type, DPIF_EVENT_PACKET_IN);
        assert_string_equal(events[i].bridge, "br0");
        assert_int_equal(pi->reason, OFPR_ACTION);
        assert_int_equal(pi->total_len, 60);
        assert_int_equal(pi->len, 60);
        assert_int_equal(events[i].packet_in_max_len, 20);
        assert_int_equal(pi->buffer_id, OFP_NO_BUFFER);
        assert_int_equal(pi->match.flow.in_port, 1);
        frame(buf, 5, 1);
        assert_memory_equal(pin_data[i], buf, 20);
    }
    struct dpif_event_stats st;
    dpif_get_event_stats(dpif, &st);
    assert_int_equal(st.packet_in, 2);
    assert_int_equal(st.packet_in_dropped, 0);
}

/* The event ring is bounded: packet-ins beyond it are dropped and
 * counted, never waited for. */
static void
test_packet_in_overflow(void **state)
{
    struct ofpact acts[1] = { output(OFPP_CONTROLLER) };
    assert_int_equal(flow_mod(OFPFC_ADD, 1, 100, acts, 1), 0);
    n_all_events = 0;
    for (int i = 0; i < DPIF_EVENT_QUEUE_LEN + 50; i++) {
        inject("p1", 5, 1);
    }
    struct dpif_event_stats st;
    dpif_get_event_stats(dpif, &st);
    assert_int_equal(st.packet_in, DPIF_EVENT_QUEUE_LEN);
    assert_int_equal(st.packet_in_dropped, 50);
    dpif_drain(dpif);
    assert_int_equal(n_all_events, DPIF_EVENT_QUEUE_LEN);
    inject("p1", 5, 1);
    dpif_drain(dpif);
    assert_int_equal(n_all_events, DPIF_EVENT_QUEUE_LEN + 1);
}

/* Secure mode has no NORMAL flow: frames are dropped; back to
 * standalone, they flow again. */
static void
test_fail_mode(void **state)
{
    uint8_t buf[256];
    assert_int_equal(dpif_bridge_set_fail_mode(dpif, "br0",
                                               DPIF_FAIL_SECURE), 0);
    inject("p1", 0xff, 1);
    assert_int_equal(take("p2", buf), 0);
    assert_int_equal(dpif_bridge_set_fail_mode(dpif, "br0",
                                               DPIF_FAIL_STANDALONE), 0);
    inject("p1", 0xff, 1);
    assert_int_equal(take("p2", buf), 60);
    assert_int_equal(dpif_bridge_set_fail_mode(dpif, "nobr",
                                               DPIF_FAIL_SECURE), ENOENT);
}

static int po_done_calls;
static ofperr po_error;

static void
po_done(ofperr error, void *arg)
{
    po_done_calls++;
    po_error = error;
}

static void
test_packet_out(void **state)
{
    uint8_t buf[256], pkt[60];
    struct ofpact acts[2] = { set_eth_dst(0x77), output(3) };
    struct ofp_packet_out po = {
        .buffer_id = OFP_NO_BUFFER, .in_port = OFPP_CONTROLLER,
        .actions = acts, .n_actions = 2, .data = pkt,
        .len = frame(pkt, 5, 1),
    };
    po_done_calls = 0;
    assert_int_equal(dpif_packet_out(dpif, "br0", &po, po_done, NULL), 0);
    dpif_drain(dpif);
    assert_int_equal(po_done_calls, 1);
    assert_int_equal(po_error, 0);
    assert_int_equal(take("p3", buf), 60);
    assert_int_equal(buf[5], 0x77);
    assert_int_equal(take("p2", buf), 0);

    /* output:TABLE runs the pipeline (here: the NORMAL flow floods). */
    acts[0] = output(OFPP_TABLE);
    po.n_actions = 1;
    po.in_port = 1;
    assert_int_equal(dpif_packet_out(dpif, "br0", &po, po_done, NULL), 0);
    dpif_drain(dpif);
    assert_int_equal(po_error, 0);
    assert_int_equal(take("p2", buf), 60);
    assert_int_equal(take("p3", buf), 60);
    assert_int_equal(take("p1", buf), 0);

    /* A bad port is the switch's error, not a crash. */
    acts[0] = output(77);
    po.in_port = OFPP_CONTROLLER;
    assert_int_equal(dpif_packet_out(dpif, "br0", &po, po_done, NULL), 0);
    dpif_drain(dpif);
    assert_int_not_equal(po_error, 0);
    assert_int_equal(take("p2", buf), 0);
}

static void
test_port_status(void **state)
{
    dpif_drain(dpif);
    n_events = 0;
    add_port("p4", 4);
    assert_int_equal(dpif_port_del(dpif, "br0", "p4"), 0);
    dpif_drain(dpif);
    assert_int_equal(n_events, 2);
    assert_int_equal(events[0].type, DPIF_EVENT_PORT_STATUS);
    assert_int_equal(events[0].port_status.reason, OFPPR_ADD);
    assert_int_equal(events[0].port_status.desc.port_no, 4);
    assert_string_equal(events[0].port_status.desc.name, "p4");
    assert_int_equal(events[1].port_status.reason, OFPPR_DELETE);
}

/* The bridge's datapath ID follows its local port's MAC unless set. */
static void
test_datapath_id(void **state)
{
    uint64_t dpid;
    add_port("br0", 0);
    assert_int_equal(dpif_bridge_get_datapath_id(dpif, "br0", &dpid), 0);
    struct dpif_port_status st;
    assert_int_equal(dpif_port_get_status(dpif, "br0", "br0", &st), 0);
    uint64_t want = 0;
    for (int i = 0; i < 6; i++) {
        want = (want << 8) | st.mac[i];
    }
    assert_int_equal(dpid, want);
    assert_int_equal(dpif_bridge_set_datapath_id(dpif, "br0", 0x1234), 0);
    assert_int_equal(dpif_bridge_get_datapath_id(dpif, "br0", &dpid), 0);
    assert_int_equal(dpid, 0x1234);
    assert_int_equal(dpif_bridge_set_datapath_id(dpif, "br0", 0), 0);
    assert_int_equal(dpif_bridge_get_datapath_id(dpif, "br0", &dpid), 0);
    assert_int_equal(dpid, want);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_standalone_normal),
        T(test_rewrite_and_steer),
        T(test_output_then_modify),
        T(test_vlan_push_pop),
        T(test_packet_in),
        T(test_packet_in_overflow),
        T(test_fail_mode),
        T(test_packet_out),
        T(test_port_status),
        T(test_datapath_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
