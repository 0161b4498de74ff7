/* Unit tests for lib/flow: flow_extract() on hand-built frames of every
 * kind the switch parses, every truncation of each (no overread: run
 * under valgrind, each prefix is copied into a buffer of exactly its
 * size), flow_hash() and flow_equal_masked(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "lib/flow.h"

/* A frame under construction. */
struct frame {
    uint8_t b[256];
    size_t n;
};

static void
put(struct frame *f, const void *p, size_t n)
{
    assert_true(f->n + n <= sizeof f->b);
    memcpy(f->b + f->n, p, n);
    f->n += n;
}

static void
put8(struct frame *f, uint8_t v)
{
    put(f, &v, 1);
}

static void
put16(struct frame *f, uint16_t v)
{
    put8(f, v >> 8);
    put8(f, v & 0xff);
}

static void
put32(struct frame *f, uint32_t v)
{
    put16(f, v >> 16);
    put16(f, v & 0xffff);
}

static const uint8_t MAC_A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 0x02, 0, 0, 0, 0, 0x0b };

static void
put_eth(struct frame *f, uint16_t type)
{
    put(f, MAC_B, 6);
    put(f, MAC_A, 6);
    put16(f, type);
}

/* An IPv4 header with 'n_opt_words' words of options. */
static void
put_ipv4(struct frame *f, uint8_t proto, uint16_t frag, int n_opt_words,
         uint16_t payload)
{
    put8(f, 0x45 + n_opt_words);
    put8(f, 0xb9);                      /* DSCP 46, ECN 1. */
    put16(f, 20 + 4 * n_opt_words + payload);
    put16(f, 0x1234);
    put16(f, frag);
    put8(f, 64);
    put8(f, proto);
    put16(f, 0);
    put32(f, 0xc0a80a0a);
    put32(f, 0xc0a81414);
    for (int i = 0; i < n_opt_words; i++) {
        put32(f, 0x01010101);           /* NOPs. */
    }
}

static void
put_ipv6(struct frame *f, uint8_t next, uint16_t payload)
{
    static const uint8_t src[16] = { 0x20, 0x01, [15] = 1 };
    static const uint8_t dst[16] = { 0x20, 0x01, [15] = 2 };

    put32(f, 0x6 << 28 | 0x20 << 20 | 0x12345);
    put16(f, payload);
    put8(f, next);
    put8(f, 63);
    put(f, src, 16);
    put(f, dst, 16);
}

static void
put_tcp(struct frame *f)
{
    put16(f, 11111);
    put16(f, 2222);
    put32(f, 1);
    put32(f, 0);
    put16(f, 0x5002);
    put16(f, 1000);
    put32(f, 0);
}

/* Extracts 'f' through a heap copy of exactly 'len' bytes. */
static void
extract(const struct frame *f, size_t len, struct flow *flow,
        struct flow_layers *layers)
{
    uint8_t *copy = malloc(len ? len : 1);

    memcpy(copy, f->b, len);
    flow_extract(copy, len, 7, 0, flow, layers);
    free(copy);
}

/* Extracts every proper prefix of 'f' and checks that each yields a flow
 * no richer than the whole frame's: every nonzero byte of a prefix's flow
 * (other than in_port) matches the full flow. */
static void
check_truncations(const struct frame *f)
{
    struct flow full, part;
    struct flow_layers layers;

    extract(f, f->n, &full, &layers);
    for (size_t len = 0; len < f->n; len++) {
        const uint8_t *a, *b;

        extract(f, len, &part, &layers);
        assert_int_equal(part.in_port, 7);
        a = (const uint8_t *) &part;
        b = (const uint8_t *) &full;
        for (size_t i = offsetof(struct flow, dl_dst); i < sizeof part;
             i++) {
            if (a[i] && a[i] != b[i]) {
                /* A truncated header leaves its layer unparsed, but a
                 * shorter frame may stop IPv6 extension parsing at a
                 * header whose protocol number is then reported. */
                assert_true(i == offsetof(struct flow, nw_proto)
                            || i == offsetof(struct flow, ipv6_exthdr)
                            || i == offsetof(struct flow, ipv6_exthdr) + 1
                            || i == offsetof(struct flow, dl_type)
                            || i == offsetof(struct flow, dl_type) + 1);
            }
        }
        if (layers.l7 != UINT16_MAX) {
            assert_true(layers.l7 <= len);
        }
    }
}

static void
test_vlan_ipv4_tcp(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;
    struct flow_layers layers;

    put(&f, MAC_B, 6);
    put(&f, MAC_A, 6);
    put16(&f, ETH_TYPE_VLAN);
    put16(&f, 3 << 13 | 100);
    put16(&f, ETH_TYPE_IP);
    put_ipv4(&f, 6, 0, 0, 20);
    put_tcp(&f);
    put32(&f, 0xdeadbeef);

    extract(&f, f.n, &flow, &layers);
    assert_int_equal(flow.in_port, 7);
    assert_int_equal(flow.in_phy_port, 7);
    assert_memory_equal(flow.dl_dst.ea, MAC_B, 6);
    assert_memory_equal(flow.dl_src.ea, MAC_A, 6);
    assert_int_equal(ntohs(flow.vlan_tci), VLAN_CFI | 3 << 13 | 100);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_IP);
    assert_int_equal(flow.nw_proto, 6);
    assert_int_equal(flow.nw_tos, 0xb9);
    assert_int_equal(flow.nw_ttl, 64);
    assert_int_equal(flow.nw_frag, 0);
    assert_int_equal(ntohl(flow.nw_src), 0xc0a80a0a);
    assert_int_equal(ntohl(flow.nw_dst), 0xc0a81414);
    assert_int_equal(ntohs(flow.tp_src), 11111);
    assert_int_equal(ntohs(flow.tp_dst), 2222);
    assert_int_equal(layers.l2_5, UINT16_MAX);
    assert_int_equal(layers.l3, 18);
    assert_int_equal(layers.l4, 38);
    assert_int_equal(layers.l7, 58);
    check_truncations(&f);
}

static void
test_qinq_and_stripped_tag(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;

    put(&f, MAC_B, 6);
    put(&f, MAC_A, 6);
    put16(&f, ETH_TYPE_VLAN_8021AD);
    put16(&f, 5 << 13 | 300);
    put16(&f, ETH_TYPE_VLAN);
    put16(&f, 10);
    put16(&f, ETH_TYPE_ARP);
    put16(&f, 1);
    put16(&f, ETH_TYPE_IP);
    put8(&f, 6);
    put8(&f, 4);
    put16(&f, 2);
    put(&f, MAC_A, 6);
    put32(&f, 0x0a000001);
    put(&f, MAC_B, 6);
    put32(&f, 0x0a000002);

    extract(&f, f.n, &flow, NULL);
    /* The outer (S-)tag is the one that counts. */
    assert_int_equal(ntohs(flow.vlan_tci), VLAN_CFI | 5 << 13 | 300);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_ARP);
    assert_int_equal(flow.nw_proto, 2);
    assert_int_equal(ntohl(flow.nw_src), 0x0a000001);
    assert_int_equal(ntohl(flow.nw_dst), 0x0a000002);
    assert_memory_equal(flow.arp_sha.ea, MAC_A, 6);
    assert_memory_equal(flow.arp_tha.ea, MAC_B, 6);
    check_truncations(&f);

    /* A tag stripped by the kernel is passed in and wins. */
    flow_extract(f.b, f.n, 1, htons(VLAN_CFI | 42), &flow, NULL);
    assert_int_equal(ntohs(flow.vlan_tci), VLAN_CFI | 42);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_ARP);
}

static void
test_mpls_pbb(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;
    struct flow_layers layers;

    put_eth(&f, ETH_TYPE_MPLS);
    put32(&f, 1000 << 12 | 5 << 9 | 1 << 8 | 64);
    put_ipv4(&f, 17, 0, 0, 8);
    extract(&f, f.n, &flow, &layers);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_MPLS);
    assert_int_equal(ntohl(flow.mpls_lse), 1000 << 12 | 5 << 9 | 1 << 8 | 64);
    assert_int_equal(layers.l2_5, 14);
    assert_int_equal(layers.l3, UINT16_MAX);
    /* Nothing below the label stack is parsed. */
    assert_int_equal(flow.nw_proto, 0);
    assert_int_equal(flow.nw_src, 0);
    check_truncations(&f);

    f.n = 0;
    put_eth(&f, ETH_TYPE_PBB);
    put32(&f, 3u << 29 | 1u << 27 | 0xabcdef);
    put_eth(&f, ETH_TYPE_IP);
    extract(&f, f.n, &flow, &layers);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_PBB);
    assert_int_equal(ntohl(flow.pbb_isid), 0xabcdef);
    assert_int_equal(flow.pbb_uca, 1);
    assert_int_equal(layers.l2_5, 14);
    check_truncations(&f);
}

static void
test_ipv4_options_fragments_icmp(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;
    struct flow_layers layers;

    /* Options, UDP, and Ethernet padding after the datagram. */
    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 17, 0, 2, 8);
    put16(&f, 53);
    put16(&f, 5353);
    put16(&f, 8);
    put16(&f, 0);
    put32(&f, 0);
    extract(&f, f.n, &flow, &layers);
    assert_int_equal(layers.l4, 14 + 28);
    assert_int_equal(ntohs(flow.tp_src), 53);
    assert_int_equal(ntohs(flow.tp_dst), 5353);
    check_truncations(&f);

    /* First fragment: ports parsed; later fragment: not. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 6, 0x2000, 0, 20);
    put_tcp(&f);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(flow.nw_frag, FLOW_NW_FRAG_ANY);
    assert_int_equal(ntohs(flow.tp_src), 11111);
    f.n = 0;
    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 6, 0x0010, 0, 20);
    put_tcp(&f);
    extract(&f, f.n, &flow, &layers);
    assert_int_equal(flow.nw_frag, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    assert_int_equal(flow.tp_src, 0);
    assert_int_equal(layers.l4, UINT16_MAX);
    assert_int_equal(flow.nw_proto, 6);

    /* ICMP echo request. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 1, 0, 0, 8);
    put8(&f, 8);
    put8(&f, 0);
    put16(&f, 0);
    put32(&f, 0x00010001);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.tp_src), 8);
    assert_int_equal(ntohs(flow.tp_dst), 0);
    check_truncations(&f);

    /* SCTP. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 132, 0, 0, 12);
    put16(&f, 4000);
    put16(&f, 5000);
    put32(&f, 1);
    put32(&f, 0);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.tp_src), 4000);
    assert_int_equal(ntohs(flow.tp_dst), 5000);
    check_truncations(&f);

    /* Not IPv4 after all: version 5. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 6, 0, 0, 0);
    f.b[14] = 0x55;
    extract(&f, f.n, &flow, &layers);
    assert_int_equal(flow.nw_proto, 0);
    assert_int_equal(layers.l3, UINT16_MAX);
}

/* Appends a generic 8-byte IPv6 extension header. */
static void
put_ext(struct frame *f, uint8_t next)
{
    put8(f, next);
    put8(f, 0);
    put16(f, 0);
    put32(f, 0);
}

static void
test_ipv6_exthdr(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;
    struct flow_layers layers;
    static const uint8_t src[16] = { 0x20, 0x01, [15] = 1 };

    /* HOP, DEST, ROUTER, FRAG (first), AUTH, then TCP: in order. */
    put_eth(&f, ETH_TYPE_IPV6);
    put_ipv6(&f, 0, 8 * 4 + 16 + 32);
    put_ext(&f, 60);
    put_ext(&f, 43);
    put_ext(&f, 44);
    put8(&f, 51);                       /* Fragment header. */
    put8(&f, 0);
    put16(&f, 0x0001);                  /* Offset 0, M=1. */
    put32(&f, 99);
    put8(&f, 6);                        /* AH: length (2+2)*4 = 16. */
    put8(&f, 2);
    put16(&f, 0);
    put32(&f, 0);
    put32(&f, 0);
    put32(&f, 0);
    put_tcp(&f);
    extract(&f, f.n, &flow, &layers);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_IPV6);
    assert_memory_equal(&flow.ipv6_src, src, 16);
    assert_int_equal(ntohl(flow.ipv6_label), 0x12345);
    assert_int_equal(flow.nw_tos, 0x20);
    assert_int_equal(flow.nw_ttl, 63);
    assert_int_equal(flow.nw_proto, 6);
    assert_int_equal(flow.nw_frag, FLOW_NW_FRAG_ANY);
    assert_int_equal(flow.ipv6_exthdr,
                     FLOW_IEH_HOP | FLOW_IEH_DEST | FLOW_IEH_ROUTER
                     | FLOW_IEH_FRAG | FLOW_IEH_AUTH);
    assert_int_equal(ntohs(flow.tp_src), 11111);
    assert_int_equal(layers.l4, 14 + 40 + 32 + 16);
    check_truncations(&f);

    /* DEST, then HOP out of order, then DEST twice more (repeat), then
     * no next header. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IPV6);
    put_ipv6(&f, 60, 32);
    put_ext(&f, 0);
    put_ext(&f, 60);
    put_ext(&f, 60);
    put_ext(&f, 59);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(flow.ipv6_exthdr,
                     FLOW_IEH_DEST | FLOW_IEH_HOP | FLOW_IEH_UNSEQ
                     | FLOW_IEH_UNREP | FLOW_IEH_NONEXT);
    assert_int_equal(flow.nw_proto, 59);
    check_truncations(&f);

    /* ESP stops parsing. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IPV6);
    put_ipv6(&f, 50, 8);
    put32(&f, 1);
    put32(&f, 2);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(flow.ipv6_exthdr, FLOW_IEH_ESP);
    assert_int_equal(flow.nw_proto, 50);

    /* A later fragment has no L4. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IPV6);
    put_ipv6(&f, 44, 28);
    put8(&f, 17);
    put8(&f, 0);
    put16(&f, 0x0100);
    put32(&f, 7);
    put16(&f, 1);
    put16(&f, 2);
    put32(&f, 0);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(flow.nw_frag, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    assert_int_equal(flow.nw_proto, 17);
    assert_int_equal(flow.tp_src, 0);
}

static void
test_ipv6_nd(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;
    static const uint8_t target[16] = { 0xfe, 0x80, [15] = 9 };

    /* Neighbor solicitation with an SLL option. */
    put_eth(&f, ETH_TYPE_IPV6);
    put_ipv6(&f, 58, 32);
    put8(&f, 135);
    put8(&f, 0);
    put16(&f, 0);
    put32(&f, 0);
    put(&f, target, 16);
    put8(&f, 1);
    put8(&f, 1);
    put(&f, MAC_A, 6);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(flow.nw_proto, 58);
    assert_int_equal(ntohs(flow.tp_src), 135);
    assert_int_equal(ntohs(flow.tp_dst), 0);
    assert_memory_equal(&flow.nd_target, target, 16);
    assert_memory_equal(flow.arp_sha.ea, MAC_A, 6);
    assert_int_equal(flow.arp_tha.ea[5], 0);
    check_truncations(&f);

    /* Advertisement with a TLL option. */
    f.b[14 + 40] = 136;
    f.b[14 + 40 + 24] = 2;
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.tp_src), 136);
    assert_memory_equal(flow.arp_tha.ea, MAC_A, 6);
    assert_int_equal(flow.arp_sha.ea[5], 0);

    /* A zero-length option invalidates the ND fields. */
    f.b[14 + 40 + 25] = 0;
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.tp_src), 136);
    assert_int_equal(flow.nd_target.s6_addr[0], 0);
    assert_int_equal(flow.arp_tha.ea[5], 0);

    /* Echo request: ICMPv6 type/code only. */
    f.n = 0;
    put_eth(&f, ETH_TYPE_IPV6);
    put_ipv6(&f, 58, 8);
    put8(&f, 128);
    put8(&f, 0);
    put16(&f, 0);
    put32(&f, 0);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.tp_src), 128);
    check_truncations(&f);
}

static void
test_llc_snap(void **state)
{
    struct frame f = { .n = 0 };
    struct flow flow;

    put_eth(&f, 40);
    put8(&f, 0x42);
    put8(&f, 0x42);
    put8(&f, 0x03);
    put32(&f, 0);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.dl_type), 0x05ff);

    f.n = 0;
    put_eth(&f, 60);
    put8(&f, 0xaa);
    put8(&f, 0xaa);
    put8(&f, 0x03);
    put8(&f, 0);
    put16(&f, 0);
    put16(&f, ETH_TYPE_IP);
    put_ipv4(&f, 17, 0, 0, 8);
    put32(&f, 0x00010002);
    put32(&f, 0);
    extract(&f, f.n, &flow, NULL);
    assert_int_equal(ntohs(flow.dl_type), ETH_TYPE_IP);
    assert_int_equal(ntohs(flow.tp_dst), 2);
    check_truncations(&f);
}

static void
test_hash_and_masked_equality(void **state)
{
    struct frame f = { .n = 0 };
    struct flow a, b, mask;

    put_eth(&f, ETH_TYPE_IP);
    put_ipv4(&f, 6, 0, 0, 20);
    put_tcp(&f);
    extract(&f, f.n, &a, NULL);
    b = a;
    assert_int_equal(flow_hash(&a, NULL, 0), flow_hash(&b, NULL, 0));
    assert_int_not_equal(flow_hash(&a, NULL, 0), flow_hash(&a, NULL, 1));

    b.tp_src = htons(1);
    assert_int_not_equal(flow_hash(&a, NULL, 0), flow_hash(&b, NULL, 0));
    memset(&mask, 0, sizeof mask);
    mask.nw_dst = htonl(0xffffff00);
    assert_true(flow_equal_masked(&a, &b, &mask));
    assert_int_equal(flow_hash(&a, &mask, 5), flow_hash(&b, &mask, 5));
    mask.tp_src = htons(0x8000);
    assert_true(flow_equal_masked(&a, &b, &mask));
    mask.tp_src = htons(0x0002);
    assert_false(flow_equal_masked(&a, &b, &mask));
    assert_int_not_equal(flow_hash(&a, &mask, 5), flow_hash(&b, &mask, 5));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vlan_ipv4_tcp),
        cmocka_unit_test(test_qinq_and_stripped_tag),
        cmocka_unit_test(test_mpls_pbb),
        cmocka_unit_test(test_ipv4_options_fragments_icmp),
        cmocka_unit_test(test_ipv6_exthdr),
        cmocka_unit_test(test_ipv6_nd),
        cmocka_unit_test(test_llc_snap),
        cmocka_unit_test(test_hash_and_masked_equality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
