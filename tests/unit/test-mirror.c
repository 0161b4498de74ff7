/* Mirror selection and delivery over dummy ports (datapath/mirror.h):
 * select-all, by source, by destination, by VLAN, SPAN and RSPAN, one
 * copy per packet however many mirrors select it, ingress copies as
 * received and egress copies as sent, the output port neither flooded to
 * nor accepted as input, counters, and configuration errors. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "datapath/dpif.h"

static struct dpif *dpif;

/* p1, p2: access VLAN 10; p3: access VLAN 20; mon: SPAN output; t: trunk
 * of every VLAN. */
static int
setup(void **state)
{
    static const struct dpif_bridge_config bcfg = { 0, 0 };
    static const struct {
        const char *name;
        enum dpif_vlan_mode mode;
        int tag;
    } ports[] = {
        { "p1", DPIF_VLAN_ACCESS, 10 }, { "p2", DPIF_VLAN_ACCESS, 10 },
        { "p3", DPIF_VLAN_ACCESS, 20 }, { "mon", DPIF_VLAN_TRUNK, -1 },
        { "t", DPIF_VLAN_TRUNK, -1 },
    };
    assert_int_equal(dpif_create(&dpif), 0);
    assert_int_equal(dpif_bridge_add(dpif, "br0", &bcfg), 0);
    for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
        struct dpif_port_config cfg = {
            .name = ports[i].name, .type = DPIF_PORT_DUMMY,
            .tag = ports[i].tag, .vlan_mode = ports[i].mode,
        };
        char *error = NULL;
        assert_int_equal(dpif_port_add(dpif, "br0", &cfg, NULL, &error), 0);
    }
    return 0;
}

static int
teardown(void **state)
{
    dpif_destroy(dpif, false);
    dpif = NULL;
    return 0;
}

/* Injects a broadcast frame from MAC ...:'src' on 'port', untagged. */
static void
inject(const char *port, int src)
{
    uint8_t buf[64];
    memset(buf, 0xab, sizeof buf);
    memset(buf, 0xff, 6);
    memcpy(buf + 6, (uint8_t[]) { 0x02, 0, 0, 0, 0, src }, 6);
    buf[12] = 0x08;
    buf[13] = 0x00;
    assert_int_equal(dpif_dummy_inject(dpif, "br0", port, buf, sizeof buf),
                     0);
}

/* Drains 'port'; returns how many frames it sent and stores the VID of
 * the last (-1 if untagged) in '*vidp' if nonnull. */
static int
drain(const char *port, int *vidp)
{
    uint8_t buf[256];
    size_t len;
    int n = 0;
    while (!dpif_dummy_take(dpif, "br0", port, buf, sizeof buf, &len)) {
        n++;
        if (vidp) {
            *vidp = (buf[12] == 0x81 && buf[13] == 0x00
                     ? ((buf[14] << 8) | buf[15]) & 0xfff : -1);
        }
    }
    return n;
}

static void
drain_all(void)
{
    const char *names[] = { "p1", "p2", "p3", "mon", "t" };
    for (size_t i = 0; i < 5; i++) {
        drain(names[i], NULL);
    }
}

static void
set(const struct dpif_mirror_config *cfgs, size_t n)
{
    char *error = NULL;
    assert_int_equal(dpif_mirror_set(dpif, "br0", cfgs, n, &error), 0);
    assert_null(error);
}

static uint64_t
tx_packets(const char *name)
{
    struct dpif_mirror_stats *stats;
    size_t n;
    uint64_t result = UINT64_MAX;
    assert_int_equal(dpif_mirror_get_stats(dpif, "br0", &stats, &n), 0);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(stats[i].name, name)) {
            result = stats[i].tx_packets;
        }
    }
    free(stats);
    return result;
}

static void
test_no_mirror_floods_everywhere(void **state)
{
    inject("p1", 1);
    assert_int_equal(drain("p2", NULL), 1);
    assert_int_equal(drain("t", NULL), 1);
    assert_int_equal(drain("mon", NULL), 1);
    assert_int_equal(drain("p3", NULL), 0);
}

static void
test_select_all_span_once(void **state)
{
    struct dpif_mirror_config m = {
        .name = "all", .select_all = true, .output_port = "mon",
        .output_vlan = -1,
    };
    set(&m, 1);
    int vid;
    inject("p1", 1);
    assert_int_equal(drain("p2", NULL), 1);
    assert_int_equal(drain("t", NULL), 1);
    /* One copy (the ingress one, untagged as received), not one per
     * output; and no flooded copy on top of it. */
    assert_int_equal(drain("mon", &vid), 1);
    assert_int_equal(vid, -1);
    assert_int_equal(tx_packets("all"), 1);

    /* Input on the output port is dropped. */
    inject("mon", 9);
    assert_int_equal(drain("p1", NULL), 0);
    assert_int_equal(drain("t", NULL), 0);
    assert_int_equal(drain("mon", NULL), 0);
}

static void
test_dst_port_egress_as_sent(void **state)
{
    const char *dst[] = { "t" };
    struct dpif_mirror_config m = {
        .name = "to-t", .dst_ports = dst, .n_dst_ports = 1,
        .output_port = "mon", .output_vlan = -1,
    };
    set(&m, 1);
    int vid;
    inject("p1", 1);
    assert_int_equal(drain("t", &vid), 1);
    assert_int_equal(vid, 10);
    /* The copy is the frame as sent on t: tagged 10. */
    assert_int_equal(drain("mon", &vid), 1);
    assert_int_equal(vid, 10);
    drain_all();

    /* p2's frames in VLAN 10 reach t too; p3's VLAN 20 flood as well. */
    inject("p3", 3);
    assert_int_equal(drain("mon", &vid), 1);
    assert_int_equal(vid, 20);
    assert_int_equal(tx_packets("to-t"), 2);
}

static void
test_src_port_and_vlan(void **state)
{
    const char *src[] = { "p1", "p3" };
    const uint16_t vlans[] = { 20 };
    struct dpif_mirror_config m = {
        .name = "src20", .src_ports = src, .n_src_ports = 2,
        .vlans = vlans, .n_vlans = 1, .output_port = "mon",
        .output_vlan = -1,
    };
    set(&m, 1);
    inject("p1", 1);            /* VLAN 10: not selected. */
    assert_int_equal(drain("mon", NULL), 0);
    inject("p3", 3);            /* VLAN 20, from p3: selected. */
    assert_int_equal(drain("mon", NULL), 1);
    inject("p2", 2);            /* Not a selected source. */
    assert_int_equal(drain("mon", NULL), 0);
}

static void
test_two_mirrors_one_copy(void **state)
{
    const char *src[] = { "p1" };
    const char *dst[] = { "p2" };
    struct dpif_mirror_config ms[] = {
        { .name = "a", .src_ports = src, .n_src_ports = 1,
          .output_port = "mon", .output_vlan = -1 },
        { .name = "b", .dst_ports = dst, .n_dst_ports = 1,
          .output_port = "mon", .output_vlan = -1 },
        { .name = "c", .select_all = true, .output_port = "mon",
          .output_vlan = -1 },
    };
    set(ms, 3);
    inject("p1", 1);
    assert_int_equal(drain("mon", NULL), 1);
}

static void
test_rspan(void **state)
{
    const char *src[] = { "p1" };
    struct dpif_mirror_config m = {
        .name = "r", .src_ports = src, .n_src_ports = 1,
        .output_vlan = 99,
    };
    set(&m, 1);
    int vid = 0;
    inject("p1", 1);
    /* t gets the flooded frame (VLAN 10) and the copy (VLAN 99); access
     * ports get no copy. */
    uint8_t buf[256];
    size_t len;
    int vids[2] = { 0, 0 }, n = 0;
    while (!dpif_dummy_take(dpif, "br0", "t", buf, sizeof buf, &len)) {
        assert_true(n < 2);
        vids[n++] = ((buf[14] << 8) | buf[15]) & 0xfff;
    }
    assert_int_equal(n, 2);
    assert_true((vids[0] == 10 && vids[1] == 99)
                || (vids[0] == 99 && vids[1] == 10));
    assert_int_equal(drain("p2", &vid), 1);
    assert_int_equal(vid, -1);
    assert_int_equal(drain("p3", NULL), 0);
    assert_int_equal(tx_packets("r"), 2);       /* t and mon. */
}

static void
test_config_errors(void **state)
{
    const char *bad[] = { "nope" };
    const char *mon[] = { "mon" };
    const uint16_t vlan5000[] = { 5000 };
    struct dpif_mirror_config cases[] = {
        { .name = "x", .src_ports = bad, .n_src_ports = 1,
          .output_port = "mon", .output_vlan = -1 },
        { .name = "x", .select_all = true, .output_port = "nope",
          .output_vlan = -1 },
        { .name = "x", .select_all = true, .output_port = "mon",
          .output_vlan = 5 },
        { .name = "x", .select_all = true, .output_vlan = -1 },
        { .name = "x", .select_all = true, .output_vlan = 4096 },
        { .name = "x", .src_ports = mon, .n_src_ports = 1,
          .output_port = "mon", .output_vlan = -1 },
        { .name = "x", .vlans = vlan5000, .n_vlans = 1,
          .output_port = "mon", .output_vlan = -1 },
    };
    const int errors[] = { ENOENT, ENOENT, EINVAL, EINVAL, EINVAL, EINVAL,
                           EINVAL };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *error = NULL;
        assert_int_equal(dpif_mirror_set(dpif, "br0", &cases[i], 1, &error),
                         errors[i]);
        assert_non_null(error);
        free(error);
    }
    struct dpif_mirror_config dup[] = {
        { .name = "x", .select_all = true, .output_port = "mon",
          .output_vlan = -1 },
        { .name = "x", .select_all = true, .output_port = "mon",
          .output_vlan = -1 },
    };
    char *error = NULL;
    assert_int_equal(dpif_mirror_set(dpif, "br0", dup, 2, &error), EINVAL);
    free(error);
    /* Nothing was applied: the output port is still flooded to. */
    inject("p1", 1);
    assert_int_equal(drain("mon", NULL), 1);
}

static void
test_port_deleted(void **state)
{
    struct dpif_mirror_config m = {
        .name = "all", .select_all = true, .output_port = "mon",
        .output_vlan = -1,
    };
    set(&m, 1);
    assert_int_equal(dpif_port_del(dpif, "br0", "mon"), 0);
    inject("p1", 1);
    assert_int_equal(drain("p2", NULL), 1);
    assert_int_equal(tx_packets("all"), 0);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_no_mirror_floods_everywhere),
        T(test_select_all_span_once),
        T(test_dst_port_egress_as_sent),
        T(test_src_port_and_vlan),
        T(test_two_mirrors_one_copy),
        T(test_rspan),
        T(test_config_errors),
        T(test_port_deleted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
