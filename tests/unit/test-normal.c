/* Unit tests for ofproto/normal: ingress acceptance, output sets and
 * egress tagging for every vlan_mode, flooding rules, reserved
 * multicast, learning and aging through NORMAL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "ofproto/mac-learning.h"
#include "ofproto/normal.h"

/* The test bridge:
 *   idx 0, ofport 1: access tag 10
 *   idx 1, ofport 2: access tag 10
 *   idx 2, ofport 3: access tag 20
 *   idx 3, ofport 4: trunk, all VLANs
 *   idx 4, ofport 5: trunk 10,30
 *   idx 5, ofport 6: native-tagged tag 10, trunks 20
 *   idx 6, ofport 7: native-untagged tag 20, trunks 10 */
#define N_PORTS 7
struct fixture {
    struct normal_port ports[N_PORTS];
    const struct normal_port *pp[N_PORTS];
    struct mac_table *macs;
    struct normal_output out[N_PORTS];
    size_t n_out;
};

static struct fixture fx;

static int
setup(void **state)
{
    static const uint16_t t5[] = { 10, 30 }, t6[] = { 20 }, t7[] = { 10 };
    normal_port_init(&fx.ports[0], 1, NORMAL_VLAN_ACCESS, 10, NULL, 0);
    normal_port_init(&fx.ports[1], 2, NORMAL_VLAN_ACCESS, 10, NULL, 0);
    normal_port_init(&fx.ports[2], 3, NORMAL_VLAN_ACCESS, 20, NULL, 0);
    normal_port_init(&fx.ports[3], 4, NORMAL_VLAN_TRUNK, -1, NULL, 0);
    normal_port_init(&fx.ports[4], 5, NORMAL_VLAN_TRUNK, -1, t5, 2);
    normal_port_init(&fx.ports[5], 6, NORMAL_VLAN_NATIVE_TAGGED, 10, t6, 1);
    normal_port_init(&fx.ports[6], 7, NORMAL_VLAN_NATIVE_UNTAGGED, 20,
                     t7, 1);
    for (size_t i = 0; i < N_PORTS; i++) {
        fx.pp[i] = &fx.ports[i];
    }
    fx.macs = mac_table_create(0, 0);
    return 0;
}

static int
teardown(void **state)
{
    mac_table_destroy(fx.macs);
    return 0;
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0xa };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0, 0xb };

static enum normal_verdict
sw(size_t in_idx, const uint8_t *dst, const uint8_t *src, int vid,
   long long now)
{
    struct normal_frame f = {
        .dst = dst, .src = src,
        .tagged = vid >= 0, .tci = vid >= 0 ? vid : 0,
    };
    return normal_switch(fx.pp, N_PORTS, in_idx, fx.macs, &f, now, fx.out,
                         &fx.n_out);
}

/* Returns "idx:tag,idx:-,..." for the outputs, '-' meaning untagged. */
static const char *
outs(void)
{
    static char buf[256];
    char *p = buf;
    buf[0] = '\0';
    for (size_t i = 0; i < fx.n_out; i++) {
        if (fx.out[i].tagged) {
            p += sprintf(p, "%s%u:%u", i ? "," : "", fx.out[i].port_idx,
                         fx.out[i].tci);
        } else {
            p += sprintf(p, "%s%u:-", i ? "," : "", fx.out[i].port_idx);
        }
    }
    return buf;
}

static void
test_access_ingress(void **state)
{
    /* Untagged broadcast on access 10 floods to VLAN 10 ports. */
    assert_int_equal(sw(0, BCAST, MAC_A, -1, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "1:-,3:10,4:10,5:10,6:10");
    /* Priority-tagged (VID 0) frames are accepted as VLAN 10. */
    assert_int_equal(sw(0, BCAST, MAC_A, 0, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "1:-,3:10,4:10,5:10,6:10");
    /* Tagged frames are dropped, even with the port's own VID. */
    assert_int_equal(sw(0, BCAST, MAC_A, 10, 0), NORMAL_DROP_VLAN);
    assert_int_equal(fx.n_out, 0);
    assert_int_equal(sw(0, BCAST, MAC_A, 20, 0), NORMAL_DROP_VLAN);
}

static void
test_access_vlan20(void **state)
{
    assert_int_equal(sw(2, BCAST, MAC_A, -1, 0), NORMAL_FLOOD);
    /* Trunk all tagged, native-tagged 6 trunks 20 tagged, native-untagged
     * 7 has native 20: untagged. */
    assert_string_equal(outs(), "3:20,5:20,6:-");
}

static void
test_trunk_ingress(void **state)
{
    /* Trunk with all VLANs: VLAN 30 tagged goes to trunks carrying 30. */
    assert_int_equal(sw(3, BCAST, MAC_A, 30, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "4:30");
    /* Untagged on a trunk is VLAN 0: only to ports carrying VLAN 0. */
    assert_int_equal(sw(3, BCAST, MAC_A, -1, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "");
    /* Trunk 10,30 drops VLAN 20 and untagged (VLAN 0 not trunked). */
    assert_int_equal(sw(4, BCAST, MAC_A, 20, 0), NORMAL_DROP_VLAN);
    assert_int_equal(sw(4, BCAST, MAC_A, -1, 0), NORMAL_DROP_VLAN);
    /* PCP is kept on egress tags and dropped on untagged egress. */
    assert_int_equal(sw(4, BCAST, MAC_A, 0xa000 | 10, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "0:-,1:-,3:40970,5:40970,6:40970");
}

static void
test_native_tagged(void **state)
{
    /* Untagged input on native-tagged 10 is VLAN 10. */
    assert_int_equal(sw(5, BCAST, MAC_A, -1, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "0:-,1:-,3:10,4:10,6:10");
    /* Tagged with the native VID is accepted too. */
    assert_int_equal(sw(5, BCAST, MAC_A, 10, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "0:-,1:-,3:10,4:10,6:10");
    /* Trunked VLAN 20 accepted; VLAN 30 is not carried. */
    assert_int_equal(sw(5, BCAST, MAC_A, 20, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "2:-,3:20,6:-");
    assert_int_equal(sw(5, BCAST, MAC_A, 30, 0), NORMAL_DROP_VLAN);
}

static void
test_native_untagged(void **state)
{
    /* Untagged input on native-untagged 20 is VLAN 20; egress to VLAN 10
     * on it is tagged (from port 0), VLAN 20 untagged (from port 2). */
    assert_int_equal(sw(6, BCAST, MAC_A, -1, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "2:-,3:20,5:20");
    assert_int_equal(sw(6, BCAST, MAC_A, 10, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "0:-,1:-,3:10,4:10,5:10");
    assert_int_equal(sw(6, BCAST, MAC_A, 30, 0), NORMAL_DROP_VLAN);
}

static void
test_learning_unicast(void **state)
{
    /* B on port 1 (access 10); A on trunk port 3 in VLAN 10. */
    sw(1, BCAST, MAC_B, -1, 0);
    assert_int_equal(sw(3, MAC_B, MAC_A, 10, 0), NORMAL_FORWARD);
    assert_string_equal(outs(), "1:-");
    assert_int_equal(sw(1, MAC_A, MAC_B, -1, 0), NORMAL_FORWARD);
    assert_string_equal(outs(), "3:10");
    /* B in VLAN 20 is unknown: floods. */
    assert_int_equal(sw(3, MAC_B, MAC_A, 20, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "2:-,5:20,6:-");
    /* Destination on the input port: dropped. */
    assert_int_equal(sw(0, MAC_B, MAC_A, -1, 0), NORMAL_FORWARD);
    assert_int_equal(sw(1, MAC_A, MAC_B, -1, 0), NORMAL_FORWARD);
    assert_string_equal(outs(), "0:-");
    assert_int_equal(sw(0, MAC_B, MAC_A, -1, 0), NORMAL_FORWARD);
    assert_string_equal(outs(), "1:-");
    sw(1, BCAST, MAC_A, -1, 0);     /* A moves to port 1. */
    assert_int_equal(sw(1, MAC_A, MAC_B, -1, 0), NORMAL_DROP_SAME_PORT);
    assert_int_equal(fx.n_out, 0);
    /* After aging, A is unknown again and floods. */
    assert_int_equal(sw(0, MAC_A, MAC_B, -1, 300 * 1000),
                     NORMAL_FLOOD);
    assert_string_equal(outs(), "1:-,3:10,4:10,5:10,6:10");
}

static void
test_multicast_floods(void **state)
{
    static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
    assert_int_equal(sw(2, mcast, MAC_A, -1, 0), NORMAL_FLOOD);
    assert_string_equal(outs(), "3:20,5:20,6:-");
    /* Broadcast/multicast sources are not learned. */
    assert_int_equal(sw(0, BCAST, mcast, -1, 0), NORMAL_FLOOD);
    assert_int_equal(mac_table_count(fx.macs), 1);
}

static void
test_reserved_never_forwarded(void **state)
{
    for (int last = 0; last < 16; last++) {
        uint8_t dst[6] = { 0x01, 0x80, 0xc2, 0, 0, last };
        assert_int_equal(sw(3, dst, MAC_A, -1, 0), NORMAL_DROP_RESERVED);
        assert_int_equal(sw(0, dst, MAC_A, -1, 0), NORMAL_DROP_RESERVED);
        assert_int_equal(fx.n_out, 0);
    }
    /* 01:80:C2:00:00:10 is not reserved. */
    uint8_t dst[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x10 };
    assert_int_equal(sw(0, dst, MAC_A, -1, 0), NORMAL_FLOOD);
}

static void
test_carries(void **state)
{
    assert_true(normal_port_carries(&fx.ports[0], 10));
    assert_false(normal_port_carries(&fx.ports[0], 0));
    assert_true(normal_port_carries(&fx.ports[3], 0));
    assert_true(normal_port_carries(&fx.ports[3], 4094));
    assert_false(normal_port_carries(&fx.ports[4], 0));
    assert_true(normal_port_carries(&fx.ports[4], 30));
    assert_true(normal_port_carries(&fx.ports[5], 10));
    assert_true(normal_port_carries(&fx.ports[5], 20));
    assert_false(normal_port_carries(&fx.ports[5], 0));
    assert_false(normal_port_carries(&fx.ports[6], 30));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_access_ingress, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_access_vlan20, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trunk_ingress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_native_tagged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_native_untagged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_learning_unicast, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_multicast_floods, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reserved_never_forwarded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_carries, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
