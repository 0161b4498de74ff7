/* Unit tests for lib/hmap and ofproto/classifier: priorities, masks and
 * the fields examined, identical and chained rules, strict and loose
 * selection, overlaps, and 100k rules (timed, not asserted). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "lib/hmap.h"
#include "ofproto/classifier.h"
#include "tests/unit/match-testlib.h"

struct item {
    struct hmap_node node;
    int value;
};

static void
test_hmap(void **state)
{
    struct hmap map;
    struct item *items = calloc(1000, sizeof *items);
    struct item *it;
    size_t n;

    hmap_init(&map);
    for (int i = 0; i < 1000; i++) {
        items[i].value = i;
        hmap_insert(&map, &items[i].node, hash_int(i % 100, 0));
    }
    assert_int_equal(hmap_count(&map), 1000);

    n = 0;
    HMAP_FOR_EACH_WITH_HASH (it, struct item, node, hash_int(7, 0), &map) {
        if (it->value % 100 == 7) {
            n++;
        }
    }
    assert_int_equal(n, 10);

    /* Remove the even ones while iterating. */
    n = 0;
    HMAP_FOR_EACH (it, struct item, node, &map) {
        n++;
        if (it->value % 2 == 0) {
            hmap_remove(&map, &it->node);
        }
    }
    assert_int_equal(n, 1000);
    assert_int_equal(hmap_count(&map), 500);
    n = 0;
    HMAP_FOR_EACH (it, struct item, node, &map) {
        assert_true(it->value % 2 == 1);
        n++;
    }
    assert_int_equal(n, 500);
    hmap_destroy(&map);
    free(items);
}

/* Match builders. */
static void
set_ipv4(struct match *m, enum mf_field_id id, uint32_t v, uint32_t mask)
{
    union mf_value val, msk;
    memset(&val, 0, sizeof val);
    memset(&msk, 0, sizeof msk);
    val.be32 = htonl(v & mask);
    msk.be32 = htonl(mask);
    match_set_field(m, mf_from_id(id), &val, &msk);
}

static struct cls_rule *
new_rule(const struct match *m, int priority)
{
    struct cls_rule *r = malloc(sizeof *r);
    cls_rule_init(r, m, priority);
    return r;
}

static struct flow
ip_flow(uint32_t in_port, uint32_t dst)
{
    struct flow f;
    memset(&f, 0, sizeof f);
    f.in_port = in_port;
    f.dl_type = htons(ETH_TYPE_IP);
    f.nw_dst = htonl(dst);
    f.nw_proto = 6;
    return f;
}

static void
free_all(struct classifier *cls)
{
    struct cls_rule **rules;
    size_t n;
    classifier_collect(cls, NULL, &rules, &n);
    for (size_t i = 0; i < n; i++) {
        classifier_remove(cls, rules[i]);
        free(rules[i]);
    }
    free(rules);
    assert_int_equal(classifier_count(cls), 0);
    classifier_destroy(cls);
}

static void
test_priorities_and_wildcards(void **state)
{
    struct classifier cls;
    struct match any, port1, port1_ip, net10;

    classifier_init(&cls);
    match_init_catchall(&any);
    match_init_catchall(&port1);
    tm_set_u32(&port1, MFF_IN_PORT, 1);
    port1_ip = port1;
    tm_set_u16(&port1_ip, MFF_ETH_TYPE, ETH_TYPE_IP);
    match_init_catchall(&net10);
    tm_set_u16(&net10, MFF_ETH_TYPE, ETH_TYPE_IP);
    set_ipv4(&net10, MFF_IPV4_DST, 0x0a000000, 0xff000000);

    struct cls_rule *r_any = new_rule(&any, 0);
    struct cls_rule *r_p1 = new_rule(&port1, 10);
    struct cls_rule *r_p1ip = new_rule(&port1_ip, 20);
    struct cls_rule *r_net = new_rule(&net10, 30);
    assert_null(classifier_replace(&cls, r_any));
    assert_null(classifier_replace(&cls, r_p1));
    assert_null(classifier_replace(&cls, r_p1ip));
    assert_null(classifier_replace(&cls, r_net));
    assert_int_equal(classifier_count(&cls), 4);

    struct flow f = ip_flow(1, 0x0a010203), wc;
    memset(&wc, 0, sizeof wc);
    assert_ptr_equal(classifier_lookup(&cls, &f, &wc), r_net);
    /* net10 (priority 30) was found first: nothing else could beat it,
     * so only its mask was examined. */
    assert_int_equal(wc.nw_dst, htonl(0xff000000));
    assert_int_equal(wc.in_port, 0);

    f = ip_flow(1, 0x0b000001);
    memset(&wc, 0, sizeof wc);
    assert_ptr_equal(classifier_lookup(&cls, &f, &wc), r_p1ip);
    assert_int_equal(wc.in_port, UINT32_MAX);
    assert_int_equal(wc.nw_dst, htonl(0xff000000));

    f = ip_flow(1, 0x0b000001);
    f.dl_type = htons(ETH_TYPE_ARP);
    assert_ptr_equal(classifier_lookup(&cls, &f, NULL), r_p1);
    f.in_port = 2;
    assert_ptr_equal(classifier_lookup(&cls, &f, NULL), r_any);

    classifier_remove(&cls, r_any);
    free(r_any);
    assert_null(classifier_lookup(&cls, &f, NULL));
    free_all(&cls);
}

static void
test_identical_and_chains(void **state)
{
    struct classifier cls;
    struct match m;

    classifier_init(&cls);
    match_init_catchall(&m);
    tm_set_u32(&m, MFF_IN_PORT, 5);

    struct cls_rule *a = new_rule(&m, 100);
    struct cls_rule *b = new_rule(&m, 200);
    struct cls_rule *c = new_rule(&m, 150);
    struct cls_rule *a2 = new_rule(&m, 100);
    assert_null(classifier_replace(&cls, a));
    assert_null(classifier_replace(&cls, b));
    assert_null(classifier_replace(&cls, c));
    assert_int_equal(classifier_count(&cls), 3);

    struct flow f;
    memset(&f, 0, sizeof f);
    f.in_port = 5;
    assert_ptr_equal(classifier_lookup(&cls, &f, NULL), b);

    /* Identical match and priority: replaced, old one handed back. */
    assert_ptr_equal(classifier_replace(&cls, a2), a);
    free(a);
    assert_int_equal(classifier_count(&cls), 3);
    assert_ptr_equal(classifier_find_exact(&cls, &m, 100), a2);
    assert_ptr_equal(classifier_find_exact(&cls, &m, 150), c);
    assert_null(classifier_find_exact(&cls, &m, 151));

    /* Remove the head, then the middle. */
    classifier_remove(&cls, b);
    free(b);
    assert_ptr_equal(classifier_lookup(&cls, &f, NULL), c);
    classifier_remove(&cls, a2);
    free(a2);
    assert_ptr_equal(classifier_lookup(&cls, &f, NULL), c);
    assert_ptr_equal(classifier_find_exact(&cls, &m, 150), c);
    free_all(&cls);
}

static void
test_collect_and_overlap(void **state)
{
    struct classifier cls;
    struct match any, p1, p1ip, p2;

    classifier_init(&cls);
    match_init_catchall(&any);
    match_init_catchall(&p1);
    tm_set_u32(&p1, MFF_IN_PORT, 1);
    p1ip = p1;
    tm_set_u16(&p1ip, MFF_ETH_TYPE, ETH_TYPE_IP);
    match_init_catchall(&p2);
    tm_set_u32(&p2, MFF_IN_PORT, 2);

    struct cls_rule *r1 = new_rule(&any, 1);
    struct cls_rule *r2 = new_rule(&p1, 5);
    struct cls_rule *r3 = new_rule(&p1ip, 5);
    struct cls_rule *r4 = new_rule(&p2, 9);
    classifier_replace(&cls, r1);
    classifier_replace(&cls, r2);
    classifier_replace(&cls, r3);
    classifier_replace(&cls, r4);

    struct cls_rule **rules;
    size_t n;
    classifier_collect(&cls, &p1, &rules, &n);
    assert_int_equal(n, 2);
    assert_ptr_equal(rules[0], r2);      /* Same priority: insertion. */
    assert_ptr_equal(rules[1], r3);
    free(rules);

    classifier_collect(&cls, NULL, &rules, &n);
    assert_int_equal(n, 4);
    assert_ptr_equal(rules[0], r4);
    assert_ptr_equal(rules[3], r1);
    free(rules);

    classifier_collect(&cls, &any, &rules, &n);
    assert_int_equal(n, 4);
    free(rules);

    /* Overlaps: same priority and some common packet. */
    struct match ip;
    match_init_catchall(&ip);
    tm_set_u16(&ip, MFF_ETH_TYPE, ETH_TYPE_IP);
    assert_true(classifier_has_overlap(&cls, &ip, 5));     /* p1 */
    assert_false(classifier_has_overlap(&cls, &ip, 6));
    assert_true(classifier_has_overlap(&cls, &p2, 9));
    struct match p3;
    match_init_catchall(&p3);
    tm_set_u32(&p3, MFF_IN_PORT, 3);
    assert_false(classifier_has_overlap(&cls, &p3, 5));    /* Disjoint. */
    assert_true(classifier_has_overlap(&cls, &p3, 1));     /* Catch-all. */
    free_all(&cls);
}

static double
elapsed(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) + (b.tv_nsec - a->tv_nsec) / 1e9;
}

static void
test_100k(void **state)
{
    enum { N = 100000 };
    struct classifier cls;
    struct cls_rule **rules = malloc(N * sizeof *rules);
    struct timespec t0;

    classifier_init(&cls);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        struct match m;
        match_init_catchall(&m);
        tm_set_u16(&m, MFF_ETH_TYPE, ETH_TYPE_IP);
        if (i % 10 == 0) {
            set_ipv4(&m, MFF_IPV4_DST, 0x80000000u | (uint32_t) i << 8,
                     0xffffff00);
        } else {
            set_ipv4(&m, MFF_IPV4_DST, i, 0xffffffff);
        }
        rules[i] = new_rule(&m, i % 10 == 0 ? 10 : 20 + i % 3);
        assert_null(classifier_replace(&cls, rules[i]));
    }
    double t_insert = elapsed(&t0);
    assert_int_equal(classifier_count(&cls), N);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        struct flow f = ip_flow(1, (i % 10 == 0
                                       ? 0x80000000u | (uint32_t) i << 8 | 7
                                       : (uint32_t) i));
        assert_ptr_equal(classifier_lookup(&cls, &f, NULL), rules[i]);
    }
    double t_lookup = elapsed(&t0);

    /* Loose delete with a catch-all target. */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct match any;
    struct cls_rule **sel;
    size_t n;
    match_init_catchall(&any);
    classifier_collect(&cls, &any, &sel, &n);
    assert_int_equal(n, N);
    for (size_t i = 0; i < n; i++) {
        classifier_remove(&cls, sel[i]);
    }
    free(sel);
    double t_delete = elapsed(&t0);
    assert_int_equal(classifier_count(&cls), 0);
    assert_int_equal(cls.n_subtables, 0);

    printf("# 100k rules: insert %.3f s, lookup %.3f s, delete %.3f s\n",
           t_insert, t_lookup, t_delete);
    for (int i = 0; i < N; i++) {
        free(rules[i]);
    }
    free(rules);
    classifier_destroy(&cls);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmap),
        cmocka_unit_test(test_priorities_and_wildcards),
        cmocka_unit_test(test_identical_and_chains),
        cmocka_unit_test(test_collect_and_overlap),
        cmocka_unit_test(test_100k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
