/* The flow key: every packet header field that OpenFlow 1.3 can match on,
 * extracted from a frame once, in a fixed layout.
 *
 * Used by the datapath (flow cache key, action execution), by the
 * pipeline (classifier lookups) and by ofproto/trace.  A 'struct flow' is
 * plain data: compare and hash it as bytes (its padding is always zero,
 * flow_extract() clears the whole struct first).
 *
 * Byte order: every multi-byte field that is a packet header field is kept
 * in network byte order (the _be suffix of the comments), exactly as on
 * the wire, so masks apply bytewise; 'in_port' and 'in_phy_port' (switch
 * metadata, not packet fields) are in host byte order.
 *
 * Field reuse follows OpenFlow's own overlaying: ARP puts its opcode in
 * 'nw_proto' (low 8 bits) and SPA/TPA in 'nw_src'/'nw_dst', SHA/THA in
 * 'arp_sha'/'arp_tha'; ICMPv4/v6 put type/code in 'tp_src'/'tp_dst' (low 8
 * bits, network order); IPv6 ND puts SLL/TLL in 'arp_sha'/'arp_tha'.
 * Thread-safe: pure functions. */
#ifndef SLUICE_FLOW_H
#define SLUICE_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

typedef uint16_t ovs_be16;
typedef uint32_t ovs_be32;
typedef uint64_t ovs_be64;

struct eth_addr {
    uint8_t ea[6];
};

/* EtherTypes. */
#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_VLAN 0x8100     /* C-tag. */
#define ETH_TYPE_VLAN_8021AD 0x88a8 /* S-tag. */
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848
#define ETH_TYPE_PBB 0x88e7      /* 802.1ah I-tag. */
#define ETH_TYPE_MIN 0x600       /* Below this, the field is a length. */

/* 'vlan_tci' encoding, as in OVS: VID in the low 12 bits, PCP in the top 3,
 * and VLAN_CFI (0x1000) set iff the frame has a tag.  This makes
 * OFPVID_PRESENT (0x1000) of OF1.3's vlan_vid line up with VLAN_CFI. */
#define VLAN_VID_MASK 0x0fff
#define VLAN_CFI 0x1000
#define VLAN_PCP_MASK 0xe000
#define VLAN_PCP_SHIFT 13

/* 'nw_frag' bits. */
#define FLOW_NW_FRAG_ANY (1 << 0)    /* Some fragment. */
#define FLOW_NW_FRAG_LATER (1 << 1)  /* A fragment other than the first. */

/* 'ipv6_exthdr' bits: OF1.3 OFPIEH_* flags (host byte order). */
#define FLOW_IEH_NONEXT (1 << 0)
#define FLOW_IEH_ESP (1 << 1)
#define FLOW_IEH_AUTH (1 << 2)
#define FLOW_IEH_DEST (1 << 3)
#define FLOW_IEH_FRAG (1 << 4)
#define FLOW_IEH_ROUTER (1 << 5)
#define FLOW_IEH_HOP (1 << 6)
#define FLOW_IEH_UNREP (1 << 7)
#define FLOW_IEH_UNSEQ (1 << 8)

struct flow {
    /* Switch metadata. */
    uint32_t in_port;           /* OpenFlow port number (host order). */
    uint32_t in_phy_port;       /* Same as 'in_port' for Sluice's ports. */
    ovs_be64 metadata;          /* OF metadata register. */
    ovs_be64 tunnel_id;         /* Tunnel (e.g. VXLAN VNI), 0 if none. */

    /* L2. */
    struct eth_addr dl_dst;
    struct eth_addr dl_src;
    ovs_be16 dl_type;           /* EtherType after VLAN tags (and, for
                                 * PBB, after the I-tag's inner frame is
                                 * not parsed: 0x88e7). */
    ovs_be16 vlan_tci;          /* Outermost 802.1Q/802.1ad tag, see
                                 * above; 0 if untagged. */
    ovs_be32 mpls_lse;          /* Outermost MPLS label stack entry. */
    ovs_be32 pbb_isid;          /* I-SID (low 24 bits), 0 if not PBB. */
    uint8_t pbb_uca;            /* I-tag UCA bit (OF1.4). */

    /* L3. */
    uint8_t nw_proto;           /* IP protocol, or ARP opcode low byte. */
    uint8_t nw_tos;             /* DSCP (high 6 bits) and ECN (low 2). */
    uint8_t nw_ttl;             /* IPv4 TTL or IPv6 hop limit. */
    uint8_t nw_frag;            /* FLOW_NW_FRAG_* bits. */
    uint8_t pad1[2];
    ovs_be32 nw_src;            /* IPv4 source, or ARP SPA. */
    ovs_be32 nw_dst;            /* IPv4 destination, or ARP TPA. */
    struct in6_addr ipv6_src;
    struct in6_addr ipv6_dst;
    ovs_be32 ipv6_label;        /* Flow label (low 20 bits). */
    uint16_t ipv6_exthdr;       /* FLOW_IEH_* bits (host order). */
    struct eth_addr arp_sha;    /* ARP SHA, or ND source link-layer addr. */
    struct eth_addr arp_tha;    /* ARP THA, or ND target link-layer addr. */
    struct in6_addr nd_target;  /* IPv6 ND target. */

    /* L4. */
    ovs_be16 tp_src;            /* TCP/UDP/SCTP source port, ICMP type. */
    ovs_be16 tp_dst;            /* TCP/UDP/SCTP dest port, ICMP code. */
    uint8_t pad2[4];
};

/* Offsets of the start of each header layer in a frame, as found by
 * flow_extract(); UINT16_MAX where the layer is absent. */
struct flow_layers {
    uint16_t l2_5;              /* First MPLS LSE or PBB I-tag. */
    uint16_t l3;                /* IPv4/IPv6/ARP header. */
    uint16_t l4;                /* TCP/UDP/SCTP/ICMP header. */
    uint16_t l7;                /* Payload after the L4 header. */
};

/* Parses the 'len'-byte Ethernet frame 'data' received on OpenFlow port
 * 'in_port' into 'flow' (zeroed first), and records header offsets in
 * 'layers' if nonnull.  Never reads past 'len'; a truncated header leaves
 * the fields of that layer and above zero.  If the frame's outermost tag
 * was stripped by the kernel, the caller passes it as 'vlan_tci'
 * (including VLAN_CFI, network order), else 0. */
void flow_extract(const void *data, size_t len, uint32_t in_port,
                  ovs_be16 vlan_tci, struct flow *flow,
                  struct flow_layers *layers);

/* Hashes the bytes of 'flow' masked with 'mask' (NULL: unmasked). */
uint32_t flow_hash(const struct flow *flow, const struct flow *mask,
                   uint32_t basis);

/* Returns true if 'a' and 'b' agree on every bit set in 'mask'. */
bool flow_equal_masked(const struct flow *a, const struct flow *b,
                       const struct flow *mask);

static inline bool
eth_addr_is_multicast(struct eth_addr a)
{
    return a.ea[0] & 1;
}

#endif /* lib/flow.h */
