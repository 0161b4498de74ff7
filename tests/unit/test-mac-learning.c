/* Unit tests for ofproto/mac-learning: learning, lookup, moves, aging with
 * warped time, the size limit with fair eviction, flushing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include "ofproto/mac-learning.h"

static void
mac(uint8_t out[6], unsigned int n)
{
    out[0] = 0x02;
    out[1] = 0;
    out[2] = n >> 24;
    out[3] = n >> 16;
    out[4] = n >> 8;
    out[5] = n;
}

static void
test_learn_lookup(void **state)
{
    struct mac_table *t = mac_table_create(0, 0);
    uint8_t a[6], b[6];
    mac(a, 1);
    mac(b, 2);

    assert_int_equal(mac_table_get_max(t), 8192);
    assert_int_equal(mac_table_get_aging(t), 300);
    assert_int_equal(mac_table_lookup(t, a, 0, 0), -1);
    assert_int_equal(mac_table_learn(t, a, 10, 3, 0), MAC_LEARN_NEW);
    assert_int_equal(mac_table_learn(t, a, 10, 3, 5), MAC_LEARN_REFRESHED);
    assert_int_equal(mac_table_lookup(t, a, 10, 10), 3);
    /* Same MAC in another VLAN is a different entry. */
    assert_int_equal(mac_table_lookup(t, a, 20, 10), -1);
    assert_int_equal(mac_table_learn(t, a, 20, 4, 0), MAC_LEARN_NEW);
    assert_int_equal(mac_table_lookup(t, a, 20, 10), 4);
    assert_int_equal(mac_table_lookup(t, a, 10, 10), 3);
    assert_int_equal(mac_table_lookup(t, b, 10, 10), -1);
    assert_int_equal(mac_table_count(t), 2);
    mac_table_destroy(t);
}

static void
test_multicast_not_learned(void **state)
{
    struct mac_table *t = mac_table_create(0, 0);
    uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
    uint8_t zero[6] = { 0 };
    assert_int_equal(mac_table_learn(t, bcast, 0, 1, 0), MAC_LEARN_IGNORED);
    assert_int_equal(mac_table_learn(t, mcast, 0, 1, 0), MAC_LEARN_IGNORED);
    assert_int_equal(mac_table_learn(t, zero, 0, 1, 0), MAC_LEARN_IGNORED);
    assert_int_equal(mac_table_count(t), 0);
    mac_table_destroy(t);
}

static void
test_move(void **state)
{
    struct mac_table *t = mac_table_create(0, 0);
    uint8_t a[6];
    mac(a, 7);
    mac_table_learn(t, a, 0, 1, 0);
    assert_int_equal(mac_table_learn(t, a, 0, 2, 100), MAC_LEARN_MOVED);
    assert_int_equal(mac_table_lookup(t, a, 0, 200), 2);
    assert_int_equal(mac_table_count(t), 1);
    assert_int_equal(mac_table_count_port(t, 1), 0);
    assert_int_equal(mac_table_count_port(t, 2), 1);
    mac_table_destroy(t);
}

static void
test_aging(void **state)
{
    struct mac_table *t = mac_table_create(0, 10);
    uint8_t a[6], b[6];
    mac(a, 1);
    mac(b, 2);
    mac_table_learn(t, a, 0, 1, 0);
    mac_table_learn(t, b, 0, 1, 5000);

    assert_int_equal(mac_table_run(t, 9999), 0);
    assert_int_equal(mac_table_lookup(t, a, 0, 9999), 1);
    /* 'a' is 10 s old: gone from lookups even before mac_table_run(). */
    assert_int_equal(mac_table_lookup(t, a, 0, 10000), -1);
    assert_int_equal(mac_table_run(t, 10000), 1);
    assert_int_equal(mac_table_count(t), 1);
    /* Refreshing 'b' keeps it alive. */
    mac_table_learn(t, b, 0, 1, 14000);
    assert_int_equal(mac_table_run(t, 20000), 0);
    assert_int_equal(mac_table_lookup(t, b, 0, 20000), 1);
    assert_int_equal(mac_table_run(t, 24000), 1);
    assert_int_equal(mac_table_count(t), 0);

    /* Changing the aging time applies to existing entries. */
    mac_table_learn(t, a, 0, 1, 30000);
    mac_table_set_aging(t, 2);
    assert_int_equal(mac_table_run(t, 32000), 1);
    mac_table_destroy(t);
}

static void
test_fair_eviction(void **state)
{
    struct mac_table *t = mac_table_create(10, 0);
    uint8_t m[6];

    /* Port 1 has 3 stations, port 2 floods 7 then more. */
    for (unsigned int i = 0; i < 3; i++) {
        mac(m, 100 + i);
        mac_table_learn(t, m, 0, 1, i);
    }
    for (unsigned int i = 0; i < 7; i++) {
        mac(m, 200 + i);
        mac_table_learn(t, m, 0, 2, 10 + i);
    }
    assert_int_equal(mac_table_count(t), 10);
    for (unsigned int i = 7; i < 20; i++) {
        mac(m, 200 + i);
        assert_int_equal(mac_table_learn(t, m, 0, 2, 10 + i), MAC_LEARN_NEW);
    }
    assert_int_equal(mac_table_count(t), 10);
    /* Port 1's stations survive; port 2's oldest went first. */
    assert_int_equal(mac_table_count_port(t, 1), 3);
    for (unsigned int i = 0; i < 3; i++) {
        mac(m, 100 + i);
        assert_int_equal(mac_table_lookup(t, m, 0, 100), 1);
    }
    mac(m, 200);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), -1);
    mac(m, 212);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), -1);
    mac(m, 213);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), 2);
    mac(m, 219);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), 2);

    /* A new station on port 1 evicts from port 2, the biggest. */
    mac(m, 103);
    mac_table_learn(t, m, 0, 1, 50);
    assert_int_equal(mac_table_count_port(t, 1), 4);
    assert_int_equal(mac_table_count_port(t, 2), 6);

    /* Shrinking the table evicts fairly too. */
    mac_table_set_max(t, 6);
    assert_int_equal(mac_table_count(t), 6);
    assert_int_equal(mac_table_count_port(t, 1), 3);
    assert_int_equal(mac_table_count_port(t, 2), 3);
    mac(m, 219);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), 2);
    mac(m, 103);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), 1);
    /* Growing keeps everything. */
    mac_table_set_max(t, 100);
    assert_int_equal(mac_table_count(t), 6);
    assert_int_equal(mac_table_lookup(t, m, 0, 100), 1);
    mac_table_destroy(t);
}

static void
test_flush_and_dump(void **state)
{
    struct mac_table *t = mac_table_create(0, 0);
    uint8_t m[6];
    mac(m, 3);
    mac_table_learn(t, m, 20, 1, 0);
    mac(m, 1);
    mac_table_learn(t, m, 10, 2, 0);
    mac(m, 2);
    mac_table_learn(t, m, 10, 2, 1000);

    struct mac_table_entry *e;
    size_t n;
    mac_table_dump(t, 5500, &e, &n);
    assert_int_equal(n, 3);
    assert_int_equal(e[0].vlan, 10);
    assert_int_equal(e[0].mac[5], 1);
    assert_int_equal(e[0].port, 2);
    assert_int_equal(e[0].age_sec, 5);
    assert_int_equal(e[1].mac[5], 2);
    assert_int_equal(e[1].age_sec, 4);
    assert_int_equal(e[2].vlan, 20);
    assert_int_equal(e[2].port, 1);
    free(e);

    assert_int_equal(mac_table_flush_port(t, 2), 2);
    assert_int_equal(mac_table_count(t), 1);
    assert_int_equal(mac_table_flush(t), 1);
    assert_int_equal(mac_table_count(t), 0);
    mac_table_dump(t, 0, &e, &n);
    assert_int_equal(n, 0);
    free(e);
    mac_table_destroy(t);
}

static void
test_many(void **state)
{
    struct mac_table *t = mac_table_create(0, 0);
    uint8_t m[6];
    for (unsigned int i = 0; i < 8192; i++) {
        mac(m, i);
        mac_table_learn(t, m, i % 4, i % 5 + 1, 0);
    }
    assert_int_equal(mac_table_count(t), 8192);
    for (unsigned int i = 0; i < 8192; i++) {
        mac(m, i);
        assert_int_equal(mac_table_lookup(t, m, i % 4, 1), i % 5 + 1);
    }
    mac_table_destroy(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learn_lookup),
        cmocka_unit_test(test_multicast_not_learned),
        cmocka_unit_test(test_move),
        cmocka_unit_test(test_aging),
        cmocka_unit_test(test_fair_eviction),
        cmocka_unit_test(test_flush_and_dump),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
