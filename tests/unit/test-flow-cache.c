/* Tests of the exact-match flow cache: hits and misses, staleness by
 * either generation (the MAC one only for verdicts that used NORMAL),
 * replacement of a stale entry in place, LRU eviction within a bucket,
 * flush and statistics. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "datapath/flow-cache.h"

static struct xlate_out xout;
static const struct flow_cache_normal no_normal;

static void
make_flow(struct flow *flow, uint32_t in_port, uint8_t mac)
{
    memset(flow, 0, sizeof *flow);
    flow->in_port = in_port;
    flow->dl_src.ea[5] = mac;
}

static void
set_verdict(uint32_t port, uint32_t flags)
{
    memset(&xout, 0, sizeof xout);
    odp_actions_init(&xout.odp);
    xout.odp.actions[0].type = ODP_OUTPUT;
    xout.odp.actions[0].port = port;
    xout.odp.n = 1;
    xout.flags = flags;
}

static void
test_hit_miss(void **state)
{
    struct flow_cache *fc = flow_cache_create(64);
    struct flow a, b;
    make_flow(&a, 1, 1);
    make_flow(&b, 1, 2);
    uint32_t ha = flow_hash(&a, NULL, 0), hb = flow_hash(&b, NULL, 0);

    assert_null(flow_cache_lookup(fc, &a, ha, 1, 1));
    set_verdict(7, 0);
    flow_cache_insert(fc, &a, ha, 1, 1, &xout, &no_normal);
    struct flow_cache_entry *e = flow_cache_lookup(fc, &a, ha, 1, 1);
    assert_non_null(e);
    assert_int_equal(e->verdict->n_actions, 1);
    assert_int_equal(e->verdict->actions[0].port, 7);
    assert_null(flow_cache_lookup(fc, &b, hb, 1, 1));

    /* The MAC generation matters only for NORMAL verdicts. */
    assert_non_null(flow_cache_lookup(fc, &a, ha, 1, 2));
    assert_null(flow_cache_lookup(fc, &a, ha, 2, 1));
    set_verdict(8, XLATE_HAS_NORMAL);
    flow_cache_insert(fc, &a, ha, 2, 5, &xout, &no_normal);
    assert_non_null(flow_cache_lookup(fc, &a, ha, 2, 5));
    assert_null(flow_cache_lookup(fc, &a, ha, 2, 6));

    struct flow_cache_stats st;
    flow_cache_get_stats(fc, &st);
    assert_int_equal(st.n_entries, 1);     /* Replaced in place. */
    assert_int_equal(st.hits, 3);
    assert_int_equal(st.misses, 4);
    flow_cache_flush(fc);
    assert_null(flow_cache_lookup(fc, &a, ha, 2, 5));
    flow_cache_destroy(fc);
}

/* A tiny cache (one bucket of 4 ways) evicts the least recently used
 * entry. */
static void
test_lru(void **state)
{
    struct flow_cache *fc = flow_cache_create(4);
    struct flow f[5];
    uint32_t h[5];
    set_verdict(1, 0);
    for (int i = 0; i < 5; i++) {
        make_flow(&f[i], 1, i);
        h[i] = flow_hash(&f[i], NULL, 0);
    }
    for (int i = 0; i < 4; i++) {
        flow_cache_insert(fc, &f[i], h[i], 1, 1, &xout, &no_normal);
    }
    /* Use all but flow 1, then insert flow 4: flow 1 goes. */
    assert_non_null(flow_cache_lookup(fc, &f[0], h[0], 1, 1));
    assert_non_null(flow_cache_lookup(fc, &f[2], h[2], 1, 1));
    assert_non_null(flow_cache_lookup(fc, &f[3], h[3], 1, 1));
    flow_cache_insert(fc, &f[4], h[4], 1, 1, &xout, &no_normal);
    assert_null(flow_cache_lookup(fc, &f[1], h[1], 1, 1));
    assert_non_null(flow_cache_lookup(fc, &f[0], h[0], 1, 1));
    assert_non_null(flow_cache_lookup(fc, &f[4], h[4], 1, 1));
    struct flow_cache_stats st;
    flow_cache_get_stats(fc, &st);
    assert_int_equal(st.evictions, 1);
    assert_int_equal(st.capacity, 4);
    assert_int_equal(st.n_entries, 4);
    flow_cache_destroy(fc);
}

/* Many flows: everything inserted into a big enough cache is found. */
static void
test_many(void **state)
{
    struct flow_cache *fc = flow_cache_create(65536);
    set_verdict(1, 0);
    int found = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < 10000; i++) {
            struct flow f;
            make_flow(&f, i, 0);
            uint32_t h = flow_hash(&f, NULL, 0);
            if (!pass) {
                flow_cache_insert(fc, &f, h, 1, 1, &xout, &no_normal);
            } else if (flow_cache_lookup(fc, &f, h, 1, 1)) {
                found++;
            }
        }
    }
    /* 4-way buckets at 15% load lose nearly nothing. */
    assert_true(found > 9900);
    flow_cache_destroy(fc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_miss),
        cmocka_unit_test(test_lru),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
