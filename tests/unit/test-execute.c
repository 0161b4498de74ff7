/* Tests of the action executor's primitives (datapath/execute.h): every
 * header rewrite on hand-built frames, with every checksum verified by
 * recomputing it from scratch; partial (offloaded) checksum seeds; VLAN,
 * MPLS and PBB pushes and pops checked byte for byte on the frame that
 * would leave the port. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "datapath/execute.h"
#include "datapath/packet.h"

static struct dp_packet pkt;

static int
setup(void **state)
{
    dp_packet_init(&pkt);
    return 0;
}

static int
teardown(void **state)
{
    dp_packet_uninit(&pkt);
    return 0;
}

/* ---- Frame construction. ---- */

static const uint8_t dst_mac[6] = { 0x22, 0x22, 0x22, 0x22, 0x22, 0x22 };
static const uint8_t src_mac[6] = { 0x12, 0x11, 0x11, 0x11, 0x11, 0x11 };

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    if (n & 1) {
        sum += p[n - 1] << 8;
    }
    return sum;
}

static uint16_t
fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* Pseudo-header sum for the L4 segment of 'len' bytes at 'l3'. */
static uint32_t
pseudo_sum(const uint8_t *l3, uint8_t proto, size_t len)
{
    uint32_t sum = 0;
    if ((l3[0] >> 4) == 4) {
        sum = sum16(l3 + 12, 8, 0);
    } else {
        sum = sum16(l3 + 8, 32, 0);
    }
    return sum + proto + len;
}

/* Returns true if the frame at 'f' (untagged, 'len' bytes, IPv4 or IPv6
 * at offset 14) has correct IP and L4 checksums. */
static bool
checksums_ok(const uint8_t *f, size_t len)
{
    const uint8_t *l3 = f + 14;
    const uint8_t *l4;
    uint8_t proto;
    if ((l3[0] >> 4) == 4) {
        size_t ihl = (l3[0] & 0xf) * 4;
        if (fold(sum16(l3, ihl, 0)) != 0xffff) {
            return false;
        }
        l4 = l3 + ihl;
        proto = l3[9];
    } else {
        l4 = l3 + 40;
        proto = l3[6];
    }
    size_t l4len = len - (l4 - f);
    switch (proto) {
    case IPPROTO_TCP:
    case IPPROTO_UDP:
    case IPPROTO_ICMPV6:
        return fold(sum16(l4, l4len, pseudo_sum(l3, proto, l4len)))
               == 0xffff;
    case IPPROTO_ICMP:
        return fold(sum16(l4, l4len, 0)) == 0xffff;
    case IPPROTO_SCTP: {
        uint8_t copy[2048];
        memcpy(copy, l4, l4len);
        memset(copy + 8, 0, 4);
        uint32_t crc = dp_exec_crc32c(copy, l4len);
        return l4[8] == (crc & 0xff) && l4[9] == ((crc >> 8) & 0xff)
               && l4[10] == ((crc >> 16) & 0xff) && l4[11] == crc >> 24;
    }
    }
    return false;
}

/* Fills in the checksums of the frame built by the helpers below. */
static void
fix_checksums(uint8_t *f, size_t len)
{
    uint8_t *l3 = f + 14;
    uint8_t *l4;
    uint8_t proto;
    if ((l3[0] >> 4) == 4) {
        size_t ihl = (l3[0] & 0xf) * 4;
        l3[10] = l3[11] = 0;
        uint16_t c = ~fold(sum16(l3, ihl, 0));
        l3[10] = c >> 8;
        l3[11] = c;
        l4 = l3 + ihl;
        proto = l3[9];
    } else {
        l4 = l3 + 40;
        proto = l3[6];
    }
    size_t l4len = len - (l4 - f);
    size_t off = proto == IPPROTO_TCP ? 16 : proto == IPPROTO_UDP ? 6
                 : proto == IPPROTO_SCTP ? 8 : 2;
    if (proto == IPPROTO_SCTP) {
        memset(l4 + 8, 0, 4);
        uint32_t crc = dp_exec_crc32c(l4, l4len);
        l4[8] = crc;
        l4[9] = crc >> 8;
        l4[10] = crc >> 16;
        l4[11] = crc >> 24;
        return;
    }
    l4[off] = l4[off + 1] = 0;
    uint32_t ps = (proto == IPPROTO_ICMP ? 0
                   : pseudo_sum(l3, proto, l4len));
    uint16_t c = ~fold(sum16(l4, l4len, ps));
    l4[off] = c >> 8;
    l4[off + 1] = c;
}

/* Builds an IPv4 frame carrying 'proto' with a 20-byte L4 part and 13
 * bytes of payload into 'pkt'; returns the offset of L4. */
static size_t
build_ipv4(uint8_t proto)
{
    uint8_t *f = pkt.data;
    memset(f, 0, 128);
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, src_mac, 6);
    f[12] = 0x08;
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ip[1] = 0x20;
    size_t l4len = 20 + 13;
    size_t tot = 20 + l4len;
    ip[2] = tot >> 8;
    ip[3] = tot;
    ip[8] = 64;
    ip[9] = proto;
    uint8_t a[4] = { 192, 168, 10, 10 }, b[4] = { 192, 168, 20, 20 };
    memcpy(ip + 12, a, 4);
    memcpy(ip + 16, b, 4);
    uint8_t *l4 = ip + 20;
    l4[0] = 0x2b;                /* Port 11111. */
    l4[1] = 0x67;
    l4[2] = 0x08;                /* Port 2222. */
    l4[3] = 0xae;
    if (proto == IPPROTO_UDP) {
        l4[4] = l4len >> 8;
        l4[5] = l4len;
    }
    if (proto == IPPROTO_TCP) {
        l4[12] = 0x50;
    }
    for (size_t i = 20; i < l4len; i++) {
        l4[i] = i;
    }
    pkt.len = 14 + tot;
    fix_checksums(f, pkt.len);
    assert_true(dp_packet_parse(&pkt, 0, 0));
    return 34;
}

/* Builds an IPv6 frame carrying 'proto' (20-byte L4 part + 13 bytes). */
static size_t
build_ipv6(uint8_t proto)
{
    uint8_t *f = pkt.data;
    memset(f, 0, 128);
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, src_mac, 6);
    f[12] = 0x86;
    f[13] = 0xdd;
    uint8_t *ip = f + 14;
    ip[0] = 0x62;
    ip[3] = 100;
    size_t l4len = 20 + 13;
    ip[5] = l4len;
    ip[6] = proto;
    ip[7] = 64;
    ip[8] = 0x00;
    ip[9] = 0x10;
    ip[23] = 0x10;
    ip[24] = 0x00;
    ip[25] = 0x20;
    ip[39] = 0x20;
    uint8_t *l4 = ip + 40;
    l4[0] = 0x2b;
    l4[1] = 0x67;
    l4[2] = 0x08;
    l4[3] = 0xae;
    if (proto == IPPROTO_UDP) {
        l4[5] = l4len;
    }
    if (proto == IPPROTO_TCP) {
        l4[12] = 0x50;
    }
    for (size_t i = 20; i < l4len; i++) {
        l4[i] = i;
    }
    pkt.len = 14 + 40 + l4len;
    fix_checksums(f, pkt.len);
    assert_true(dp_packet_parse(&pkt, 0, 0));
    return 54;
}

/* The frame as it would leave a port (no virtio_net_hdr). */
static size_t
out_frame(uint8_t *buf)
{
    struct dp_tx_item item = {
        .pkt = &pkt, .tagged = pkt.tagged, .tci = pkt.tci,
        .tpid = pkt.tpid,
    };
    size_t len = dp_tx_item_prepare(&item, false);
    memcpy(buf, item.iov[0].iov_base, item.iov[0].iov_len);
    memcpy(buf + item.iov[0].iov_len, item.iov[1].iov_base,
           item.iov[1].iov_len);
    return len;
}

static void
set_be16(enum mf_field_id f, uint16_t v)
{
    union mf_value val = { .be16 = htons(v) };
    assert_int_equal(dp_exec_set_field(&pkt, f, &val), 0);
}

static void
set_u8(enum mf_field_id f, uint8_t v)
{
    union mf_value val = { .u8 = v };
    assert_int_equal(dp_exec_set_field(&pkt, f, &val), 0);
}

static void
set_be32(enum mf_field_id f, uint32_t v)
{
    union mf_value val = { .be32 = htonl(v) };
    assert_int_equal(dp_exec_set_field(&pkt, f, &val), 0);
}

/* ---- Tests. ---- */

static void
test_ipv4_l4_rewrites(void **state)
{
    static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP,
                                      IPPROTO_SCTP };
    static const enum mf_field_id srcs[] = { MFF_TCP_SRC, MFF_UDP_SRC,
                                             MFF_SCTP_SRC };
    static const enum mf_field_id dsts[] = { MFF_TCP_DST, MFF_UDP_DST,
                                             MFF_SCTP_DST };
    for (size_t i = 0; i < 3; i++) {
        size_t l4 = build_ipv4(protos[i]);
        assert_true(checksums_ok(pkt.data, pkt.len));
        set_be32(MFF_IPV4_SRC, 0x0a000001);
        set_be32(MFF_IPV4_DST, 0x0a000102);
        set_be16(srcs[i], 1234);
        set_be16(dsts[i], 80);
        set_u8(MFF_IP_DSCP, 46);
        set_u8(MFF_IP_ECN, 1);
        set_u8(MFF_IP_TTL, 7);
        uint8_t out[256];
        size_t len = out_frame(out);
        assert_int_equal(len, pkt.len);
        assert_true(checksums_ok(out, len));
        static const uint8_t src[4] = { 10, 0, 0, 1 };
        static const uint8_t dst[4] = { 10, 0, 1, 2 };
        assert_memory_equal(out + 26, src, 4);
        assert_memory_equal(out + 30, dst, 4);
        assert_int_equal(out[15], (46 << 2) | 1);
        assert_int_equal(out[22], 7);
        assert_int_equal((out[l4] << 8) | out[l4 + 1], 1234);
        assert_int_equal((out[l4 + 2] << 8) | out[l4 + 3], 80);
    }
}

static void
test_udp_zero_checksum(void **state)
{
    size_t l4 = build_ipv4(IPPROTO_UDP);
    pkt.data[l4 + 6] = pkt.data[l4 + 7] = 0;
    set_be32(MFF_IPV4_SRC, 0x0a000001);
    set_be16(MFF_UDP_DST, 53);
    assert_int_equal(pkt.data[l4 + 6], 0);
    assert_int_equal(pkt.data[l4 + 7], 0);
}

static void
test_ipv6_rewrites(void **state)
{
    static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP,
                                      IPPROTO_SCTP };
    for (size_t i = 0; i < 3; i++) {
        build_ipv6(protos[i]);
        union mf_value a = { .bytes = { 0x20, 0x01, 0xd, 0xb8, [15] = 1 } };
        union mf_value b = { .bytes = { 0xfe, 0x80, [14] = 0x12, 0x34 } };
        assert_int_equal(dp_exec_set_field(&pkt, MFF_IPV6_SRC, &a), 0);
        assert_int_equal(dp_exec_set_field(&pkt, MFF_IPV6_DST, &b), 0);
        set_be32(MFF_IPV6_LABEL, 0xabcde);
        set_u8(MFF_IP_DSCP, 10);
        set_u8(MFF_IP_TTL, 3);
        uint8_t out[256];
        size_t len = out_frame(out);
        assert_true(checksums_ok(out, len));
        assert_memory_equal(out + 22, a.bytes, 16);
        assert_memory_equal(out + 38, b.bytes, 16);
        assert_int_equal(out[14], 0x62);     /* Version 6, TC high 2. */
        assert_int_equal(out[15], 0x8a);     /* TC low, label high. */
        assert_int_equal(out[16], 0xbc);
        assert_int_equal(out[17], 0xde);
        assert_int_equal(out[21], 3);
    }
}

static void
test_icmp(void **state)
{
    size_t l4 = build_ipv4(IPPROTO_ICMP);
    set_u8(MFF_ICMPV4_TYPE, 0);
    set_u8(MFF_ICMPV4_CODE, 3);
    assert_int_equal(pkt.data[l4], 0);
    assert_int_equal(pkt.data[l4 + 1], 3);
    assert_true(checksums_ok(pkt.data, pkt.len));

    l4 = build_ipv6(IPPROTO_ICMPV6);
    /* A neighbour solicitation with an SLL option, then a TLL one. */
    uint8_t *icmp = pkt.data + l4;
    memset(icmp, 0, 40);
    icmp[0] = 135;
    icmp[24] = 1;
    icmp[25] = 1;
    icmp[32] = 2;
    icmp[33] = 1;
    pkt.len = l4 + 40;
    pkt.data[19] = 40;
    fix_checksums(pkt.data, pkt.len);
    union mf_value t = { .bytes = { 0xfe, 0x80, [15] = 9 } };
    union mf_value sll = { .mac = { { 1, 2, 3, 4, 5, 6 } } };
    union mf_value tll = { .mac = { { 7, 8, 9, 10, 11, 12 } } };
    assert_int_equal(dp_exec_set_field(&pkt, MFF_ND_TARGET, &t), 0);
    assert_int_equal(dp_exec_set_field(&pkt, MFF_ND_SLL, &sll), 0);
    assert_int_equal(dp_exec_set_field(&pkt, MFF_ND_TLL, &tll), 0);
    set_u8(MFF_ICMPV6_CODE, 1);
    icmp = pkt.data + l4;
    assert_memory_equal(icmp + 8, t.bytes, 16);
    assert_memory_equal(icmp + 26, sll.bytes, 6);
    assert_memory_equal(icmp + 34, tll.bytes, 6);
    assert_int_equal(icmp[1], 1);
    assert_true(checksums_ok(pkt.data, pkt.len));
}

static void
test_arp_and_eth(void **state)
{
    uint8_t *f = pkt.data;
    memset(f, 0, 64);
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, src_mac, 6);
    f[12] = 0x08;
    f[13] = 0x06;
    f[14 + 7] = 1;
    pkt.len = 60;
    assert_true(dp_packet_parse(&pkt, 0, 0));
    union mf_value mac = { .mac = { { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } } };
    assert_int_equal(dp_exec_set_field(&pkt, MFF_ARP_SHA, &mac), 0);
    assert_int_equal(dp_exec_set_field(&pkt, MFF_ARP_THA, &mac), 0);
    assert_int_equal(dp_exec_set_field(&pkt, MFF_ETH_DST, &mac), 0);
    set_be32(MFF_ARP_SPA, 0x01020304);
    set_be32(MFF_ARP_TPA, 0x05060708);
    set_be16(MFF_ARP_OP, 2);
    f = pkt.data;
    assert_memory_equal(f, mac.bytes, 6);
    assert_memory_equal(f + 22, mac.bytes, 6);
    assert_memory_equal(f + 32, mac.bytes, 6);
    static const uint8_t spa[4] = { 1, 2, 3, 4 }, tpa[4] = { 5, 6, 7, 8 };
    assert_memory_equal(f + 28, spa, 4);
    assert_memory_equal(f + 38, tpa, 4);
    assert_int_equal(f[21], 2);
}

/* A partially checksummed TCP packet (as from a veth with offloads):
 * the checksum field holds the pseudo-header sum, which must follow
 * address changes and ignore port changes. */
static void
test_partial_checksum(void **state)
{
    size_t l4 = build_ipv4(IPPROTO_TCP);
    size_t l4len = pkt.len - l4;
    uint16_t seed = fold(pseudo_sum(pkt.data + 14, IPPROTO_TCP, l4len));
    pkt.data[l4 + 16] = seed >> 8;
    pkt.data[l4 + 17] = seed;
    pkt.vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    pkt.vnet.csum_start = l4;
    pkt.vnet.csum_offset = 16;
    set_be32(MFF_IPV4_DST, 0xc0a80001);
    set_be16(MFF_TCP_DST, 443);
    seed = fold(pseudo_sum(pkt.data + 14, IPPROTO_TCP, l4len));
    assert_int_equal((pkt.data[l4 + 16] << 8) | pkt.data[l4 + 17], seed);
    assert_int_equal(fold(sum16(pkt.data + 14, 20, 0)), 0xffff);
}

static void
test_vlan(void **state)
{
    build_ipv4(IPPROTO_UDP);
    uint8_t orig[256], out[256];
    size_t olen = out_frame(orig);

    assert_int_equal(dp_exec_push_vlan(&pkt, 0x8100, 0x2005), 0);
    set_be16(MFF_VLAN_VID, 0x1000 | 10);
    set_u8(MFF_VLAN_PCP, 3);
    size_t len = out_frame(out);
    assert_int_equal(len, olen + 4);
    static const uint8_t tag1[4] = { 0x81, 0x00, 0x60, 0x0a };
    assert_memory_equal(out + 12, tag1, 4);
    assert_memory_equal(out + 16, orig + 12, olen - 12);

    /* QinQ: the old tag goes inside. */
    assert_int_equal(dp_exec_push_vlan(&pkt, 0x88a8, 20), 0);
    len = out_frame(out);
    static const uint8_t tag2[8] = { 0x88, 0xa8, 0x00, 0x14,
                                     0x81, 0x00, 0x60, 0x0a };
    assert_int_equal(len, olen + 8);
    assert_memory_equal(out + 12, tag2, 8);
    assert_memory_equal(out + 20, orig + 12, olen - 12);

    /* A rewrite below the tags still finds the IP header. */
    set_be32(MFF_IPV4_SRC, 0x0a000001);
    len = out_frame(out);
    assert_int_equal(out[34], 10);

    dp_exec_pop_vlan(&pkt);
    len = out_frame(out);
    assert_int_equal(len, olen + 4);
    assert_memory_equal(out + 12, tag1, 4);
    dp_exec_pop_vlan(&pkt);
    dp_exec_pop_vlan(&pkt);
    len = out_frame(out);
    assert_int_equal(len, olen);
    assert_memory_equal(out + 12, orig + 12, 10);
}

/* A tag still in the frame (not stripped by the kernel) is handled like
 * a stripped one. */
static void
test_in_frame_tag(void **state)
{
    build_ipv4(IPPROTO_TCP);
    memmove(pkt.data + 16, pkt.data + 12, pkt.len - 12);
    pkt.data[12] = 0x81;
    pkt.data[13] = 0x00;
    pkt.data[14] = 0x00;
    pkt.data[15] = 0x07;
    pkt.len += 4;
    assert_true(dp_packet_parse(&pkt, 0, 0));
    assert_int_equal(pkt.l2_rest, 16);
    set_be16(MFF_TCP_DST, 8080);
    uint8_t out[256];
    size_t len = out_frame(out);
    assert_int_equal(len, pkt.len + 4);
    assert_int_equal(out[15], 7);
    assert_int_equal((out[40] << 8) | out[41], 8080);
    dp_exec_pop_vlan(&pkt);
    len = out_frame(out);
    assert_true(checksums_ok(out, len));
}

static void
test_mpls(void **state)
{
    build_ipv4(IPPROTO_TCP);
    uint8_t orig[256], out[256];
    size_t olen = out_frame(orig);
    pkt.vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    pkt.vnet.csum_start = 34;

    assert_int_equal(dp_exec_push_mpls(&pkt, 0x8847, (100 << 12) | 0x140),
                     0);
    assert_int_equal(pkt.vnet.csum_start, 38);
    assert_int_equal(dp_exec_push_mpls(&pkt, 0x8847, (200 << 12) | 0x40),
                     0);
    set_be32(MFF_MPLS_LABEL, 300);
    set_u8(MFF_MPLS_TC, 5);
    dp_exec_set_mpls_ttl(&pkt, 9);
    size_t len = out_frame(out);
    assert_int_equal(len, olen + 8);
    static const uint8_t stack[10] = { 0x88, 0x47, 0x00, 0x12, 0xca, 0x09,
                                       0x00, 0x06, 0x41, 0x40 };
    assert_memory_equal(out + 12, stack, 10);
    assert_memory_equal(out + 22, orig + 14, olen - 14);

    dp_exec_pop_mpls(&pkt, 0x8847);
    dp_exec_pop_mpls(&pkt, 0x0800);
    len = out_frame(out);
    assert_int_equal(pkt.vnet.csum_start, 34);
    assert_int_equal(len, olen);
    assert_memory_equal(out, orig, olen);
}

/* copy_ttl_out/in between the outermost label and the next label or the
 * IP header below the stack (IPv4 checksum kept right). */
static void
test_copy_ttl(void **state)
{
    build_ipv4(IPPROTO_UDP);                  /* IP TTL 64. */
    assert_int_equal(dp_exec_push_mpls(&pkt, 0x8847, (7 << 12) | 0x100 | 5),
                     0);
    dp_exec_copy_ttl_out(&pkt);               /* LSE TTL := 64. */
    assert_int_equal(pkt.data[17], 64);
    dp_exec_set_mpls_ttl(&pkt, 9);
    dp_exec_copy_ttl_in(&pkt);                /* IP TTL := 9. */
    assert_int_equal(pkt.data[18 + 8], 9);
    assert_int_equal(fold(sum16(pkt.data + 18, 20, 0)), 0xffff);

    assert_int_equal(dp_exec_push_mpls(&pkt, 0x8847, (8 << 12) | 30), 0);
    dp_exec_copy_ttl_out(&pkt);               /* Outer := inner (9). */
    assert_int_equal(pkt.data[17], 9);
    dp_exec_set_mpls_ttl(&pkt, 33);
    dp_exec_copy_ttl_in(&pkt);                /* Inner := 33. */
    assert_int_equal(pkt.data[21], 33);
    assert_int_equal(pkt.data[22 + 8], 9);    /* IP untouched. */
}

static void
test_pbb(void **state)
{
    build_ipv4(IPPROTO_TCP);
    uint8_t orig[256], out[256];
    size_t olen = out_frame(orig);

    assert_int_equal(dp_exec_push_pbb(&pkt, 0), 0);
    assert_int_equal(dp_exec_push_pbb(&pkt, 0), 0);
    size_t len = out_frame(out);
    assert_int_equal(len, olen + 36);
    for (int i = 0; i < 2; i++) {
        const uint8_t *h = out + 18 * i;
        static const uint8_t itag[6] = { 0x88, 0xe7, 0, 0, 0, 0 };
        assert_memory_equal(h, dst_mac, 6);
        assert_memory_equal(h + 6, src_mac, 6);
        assert_memory_equal(h + 12, itag, 6);
    }
    assert_memory_equal(out + 36, orig, olen);

    union mf_value isid = { .bytes = { 0, 0, 100 } };
    assert_int_equal(dp_exec_set_field(&pkt, MFF_PBB_ISID, &isid), 0);
    len = out_frame(out);
    assert_int_equal(out[17], 100);

    dp_exec_pop_pbb(&pkt);
    dp_exec_pop_pbb(&pkt);
    len = out_frame(out);
    assert_int_equal(len, olen);
    assert_memory_equal(out, orig, olen);
}

/* Popping PBB from a frame whose inner frame is tagged (the os-ken
 * tester's 27_POP_PBB case) yields the inner frame, tags included. */
static void
test_pop_pbb_inner_tags(void **state)
{
    build_ipv4(IPPROTO_TCP);
    uint8_t inner[256], out[256];
    assert_int_equal(dp_exec_push_vlan(&pkt, 0x8100, 0x6064), 0);
    assert_int_equal(dp_exec_push_vlan(&pkt, 0x88a8, 10), 0);
    size_t ilen = out_frame(inner);
    assert_int_equal(dp_exec_push_pbb(&pkt, 100), 0);
    size_t len = out_frame(out);
    assert_int_equal(len, ilen + 18);
    assert_int_equal(out[17], 100);
    assert_memory_equal(out + 18, inner, ilen);
    dp_exec_pop_pbb(&pkt);
    assert_true(pkt.tagged);
    assert_int_equal(pkt.tpid, 0x88a8);
    len = out_frame(out);
    assert_int_equal(len, ilen);
    assert_memory_equal(out, inner, ilen);
}

static void
test_crc32c(void **state)
{
    assert_int_equal(dp_exec_crc32c((const uint8_t *) "123456789", 9),
                     0xe3069283);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_ipv4_l4_rewrites),
        T(test_udp_zero_checksum),
        T(test_ipv6_rewrites),
        T(test_icmp),
        T(test_arp_and_eth),
        T(test_partial_checksum),
        T(test_vlan),
        T(test_in_frame_tag),
        T(test_mpls),
        T(test_copy_ttl),
        T(test_pbb),
        T(test_pop_pbb_inner_tags),
        T(test_crc32c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
