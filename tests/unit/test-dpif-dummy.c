/* End-to-end test of the datapath over dummy ports: creates a dpif (with
 * its datapath thread), a bridge and dummy ports, injects frames and
 * checks what each port transmitted, 802.1Q tags included; also ofport
 * assignment, reconfiguration, statistics and the MAC table API. */
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

static int
setup(void **state)
{
    static const struct dpif_bridge_config bcfg = { 0, 0 };
    assert_int_equal(dpif_create(&dpif), 0);
    assert_int_equal(dpif_bridge_add(dpif, "br0", &bcfg), 0);
    return 0;
}

static int
teardown(void **state)
{
    dpif_destroy(dpif, false);
    dpif = NULL;
    return 0;
}

/* Adds dummy port 'name' with VLAN settings; returns its ofport. */
static int
add_port(const char *name, enum dpif_vlan_mode mode, int tag,
         const uint16_t *trunks, size_t n_trunks, int ofport_request)
{
    struct dpif_port_config cfg = {
        .name = name, .type = DPIF_PORT_DUMMY,
        .ofport_request = ofport_request, .tag = tag, .vlan_mode = mode,
        .trunks = trunks, .n_trunks = n_trunks,
    };
    struct dpif_port_status st;
    char *error = NULL;
    int retval = dpif_port_add(dpif, "br0", &cfg, &st, &error);
    assert_int_equal(retval, 0);
    assert_null(error);
    return st.ofport;
}

/* Builds a 64-byte frame from 'src' (last MAC byte) to 'dst' (0xff for
 * broadcast), tagged with 'vid' unless it is negative.  Returns its
 * length. */
static size_t
frame(uint8_t *buf, int dst, int src, int vid)
{
    memset(buf, 0, 64);
    memset(buf, dst == 0xff ? 0xff : 0, 6);
    if (dst != 0xff) {
        buf[0] = 0x02;
        buf[5] = dst;
    }
    buf[6] = 0x02;
    buf[11] = src;
    size_t off = 12;
    if (vid >= 0) {
        buf[12] = 0x81;
        buf[13] = 0x00;
        buf[14] = vid >> 8;
        buf[15] = vid & 0xff;
        off = 16;
    }
    buf[off] = 0x08;
    buf[off + 1] = 0x00;
    memset(buf + off + 2, 0xab, 64 - off - 2);
    return 64;
}

/* Takes one frame from 'port'; returns its VID, -1 if untagged, or -2 if
 * nothing was sent.  Checks that the payload survived. */
static int
take(const char *port)
{
    uint8_t buf[2048];
    size_t len;
    int error = dpif_dummy_take(dpif, "br0", port, buf, sizeof buf, &len);
    if (error == EAGAIN) {
        return -2;
    }
    assert_int_equal(error, 0);
    int vid = -1;
    size_t off = 12;
    if (buf[12] == 0x81 && buf[13] == 0x00) {
        vid = ((buf[14] << 8) | buf[15]) & 0xfff;
        off = 16;
    }
    assert_int_equal(buf[off], 0x08);
    assert_int_equal(buf[off + 1], 0x00);
    assert_int_equal(buf[len - 1], 0xab);
    return vid;
}

static void
inject(const char *port, int dst, int src, int vid)
{
    uint8_t buf[64];
    size_t len = frame(buf, dst, src, vid);
    assert_int_equal(dpif_dummy_inject(dpif, "br0", port, buf, len), 0);
}

static void
test_ofports(void **state)
{
    assert_int_equal(add_port("p1", DPIF_VLAN_TRUNK, -1, NULL, 0, 0), 1);
    assert_int_equal(add_port("p5", DPIF_VLAN_TRUNK, -1, NULL, 0, 5), 5);
    assert_int_equal(add_port("p2", DPIF_VLAN_TRUNK, -1, NULL, 0, 0), 2);
    assert_int_equal(add_port("br0", DPIF_VLAN_TRUNK, -1, NULL, 0, 0),
                     DPIF_OFPORT_LOCAL);

    struct dpif_port_config cfg = {
        .name = "p9", .type = DPIF_PORT_DUMMY, .ofport_request = 5,
        .tag = -1, .vlan_mode = DPIF_VLAN_TRUNK,
    };
    char *error = NULL;
    assert_int_equal(dpif_port_add(dpif, "br0", &cfg, NULL, &error), EEXIST);
    assert_string_equal(error, "ofport 5 is already used by port p5");
    free(error);
    cfg.name = "p1";
    cfg.ofport_request = 0;
    assert_int_equal(dpif_port_add(dpif, "br0", &cfg, NULL, &error), EEXIST);
    free(error);
    assert_int_equal(dpif_port_add(dpif, "nobr", &cfg, NULL, &error),
                     ENOENT);
    free(error);

    char **names;
    size_t n;
    assert_int_equal(dpif_port_list(dpif, "br0", &names, &n), 0);
    assert_int_equal(n, 4);
    assert_string_equal(names[0], "p1");
    assert_string_equal(names[1], "p2");
    assert_string_equal(names[2], "p5");
    assert_string_equal(names[3], "br0");
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);

    /* Deleting frees the ofport for reuse. */
    assert_int_equal(dpif_port_del(dpif, "br0", "p1"), 0);
    assert_int_equal(dpif_port_del(dpif, "br0", "p1"), ENOENT);
    assert_int_equal(add_port("p3", DPIF_VLAN_TRUNK, -1, NULL, 0, 0), 1);
}

static void
test_missing_device_error(void **state)
{
    struct dpif_port_config cfg = {
        .name = "slnosuchdev0", .type = DPIF_PORT_SYSTEM,
        .tag = -1, .vlan_mode = DPIF_VLAN_TRUNK,
    };
    char *error = NULL;
    assert_int_equal(dpif_port_add(dpif, "br0", &cfg, NULL, &error), ENODEV);
    assert_string_equal(error, "could not open network device slnosuchdev0 "
                        "(No such device)");
    free(error);
    char **names;
    size_t n;
    assert_int_equal(dpif_port_list(dpif, "br0", &names, &n), 0);
    assert_int_equal(n, 0);
    free(names);
}

static void
test_switching(void **state)
{
    static const uint16_t trunks[] = { 10, 20 };
    add_port("a10", DPIF_VLAN_ACCESS, 10, NULL, 0, 0);
    add_port("b10", DPIF_VLAN_ACCESS, 10, NULL, 0, 0);
    add_port("c20", DPIF_VLAN_ACCESS, 20, NULL, 0, 0);
    add_port("tr", DPIF_VLAN_TRUNK, -1, trunks, 2, 0);
    add_port("nu", DPIF_VLAN_NATIVE_UNTAGGED, 20, trunks, 1, 0);

    /* Broadcast from a10: untagged to b10, tagged 10 to tr and nu. */
    inject("a10", 0xff, 1, -1);
    assert_int_equal(take("b10"), -1);
    assert_int_equal(take("tr"), 10);
    assert_int_equal(take("nu"), 10);
    assert_int_equal(take("a10"), -2);
    assert_int_equal(take("c20"), -2);
    assert_int_equal(take("b10"), -2);

    /* Unicast back from tr in VLAN 10 goes to a10 only, untagged. */
    inject("tr", 1, 2, 10);
    assert_int_equal(take("a10"), -1);
    assert_int_equal(take("a10"), -2);
    assert_int_equal(take("b10"), -2);
    assert_int_equal(take("nu"), -2);

    /* VLAN 20 from tr: to c20 untagged and nu untagged (native). */
    inject("tr", 0xff, 2, 20);
    assert_int_equal(take("c20"), -1);
    assert_int_equal(take("nu"), -1);
    assert_int_equal(take("a10"), -2);

    /* Untagged from nu is VLAN 20: tagged on tr. */
    inject("nu", 0xff, 3, -1);
    assert_int_equal(take("c20"), -1);
    assert_int_equal(take("tr"), 20);

    /* Tagged frames on an access port are dropped and counted. */
    inject("a10", 0xff, 1, 10);
    assert_int_equal(take("b10"), -2);
    assert_int_equal(take("tr"), -2);
    struct dpif_port_status st;
    assert_int_equal(dpif_port_get_status(dpif, "br0", "a10", &st), 0);
    assert_int_equal(st.rx_packets, 2);
    assert_int_equal(st.rx_dropped, 1);
    assert_int_equal(st.tx_packets, 1);
    assert_int_equal(st.rx_bytes, 128);
    assert_int_equal(st.tx_bytes, 60);     /* Tag popped. */
    assert_int_equal(dpif_port_get_status(dpif, "br0", "tr", &st), 0);
    /* tr sent two 68-byte tagged frames. */
    assert_int_equal(st.tx_packets, 2);
    assert_int_equal(st.tx_bytes, 136);

    /* Reserved multicast is never forwarded. */
    uint8_t buf[64];
    frame(buf, 0, 1, -1);
    memcpy(buf, (uint8_t[]) { 0x01, 0x80, 0xc2, 0, 0, 0x0e }, 6);
    assert_int_equal(dpif_dummy_inject(dpif, "br0", "a10", buf, 64), 0);
    assert_int_equal(take("b10"), -2);
    assert_int_equal(take("tr"), -2);

    /* The MAC table has what was learned. */
    struct dpif_fdb_entry *e;
    size_t n;
    assert_int_equal(dpif_fdb_dump(dpif, "br0", &e, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(e[0].vlan, 10);
    assert_int_equal(e[0].mac[5], 1);
    assert_string_equal(e[0].port, "a10");
    assert_int_equal(e[0].ofport, 1);
    assert_int_equal(e[1].vlan, 10);
    assert_int_equal(e[1].mac[5], 2);
    assert_string_equal(e[1].port, "tr");
    assert_int_equal(e[2].vlan, 20);
    assert_int_equal(e[3].vlan, 20);
    assert_string_equal(e[3].port, "nu");
    free(e);

    /* Reconfiguring a10 to access 20 flushes its entries and moves it. */
    struct dpif_port_config cfg = {
        .name = "a10", .tag = 20, .vlan_mode = DPIF_VLAN_ACCESS,
    };
    char *error = NULL;
    assert_int_equal(dpif_port_reconfigure(dpif, "br0", &cfg, &error), 0);
    inject("tr", 1, 2, 10);
    assert_int_equal(take("b10"), -1);
    assert_int_equal(take("a10"), -2);
    inject("tr", 0xff, 2, 20);
    assert_int_equal(take("a10"), -1);

    assert_int_equal(dpif_fdb_flush(dpif, NULL), 0);
    assert_int_equal(dpif_fdb_dump(dpif, "br0", &e, &n), 0);
    assert_int_equal(n, 0);
    free(e);
}

static void
test_bridges(void **state)
{
    static const struct dpif_bridge_config bcfg = { 60, 100 };
    assert_int_equal(dpif_bridge_add(dpif, "br0", &bcfg), EEXIST);
    assert_int_equal(dpif_bridge_add(dpif, "br1", &bcfg), 0);
    assert_int_equal(dpif_bridge_set_config(dpif, "br1", &bcfg), 0);
    add_port("x", DPIF_VLAN_TRUNK, -1, NULL, 0, 0);

    char **names;
    size_t n;
    assert_int_equal(dpif_bridge_list(dpif, &names, &n), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
    assert_int_equal(dpif_bridge_del(dpif, "br0"), 0);
    assert_int_equal(dpif_bridge_del(dpif, "br0"), ENOENT);
    assert_int_equal(dpif_port_list(dpif, "br0", &names, &n), ENOENT);
    assert_int_equal(dpif_bridge_add(dpif, "br0", &bcfg), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ofports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_device_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_switching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bridges, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
