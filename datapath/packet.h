/* Packet buffers, receive batches and per-port transmit batches of the
 * datapath.
 *
 * A 'struct dp_packet' is a preallocated buffer large enough for a GSO/GRO
 * frame (64 KiB) plus its virtio_net_hdr, which carries checksum-offload
 * and segmentation metadata between kernel and Sluice unchanged.  The
 * 802.1Q tag of a received frame is parsed once into metadata ('tagged',
 * 'tci'), whether the kernel stripped it (AF_PACKET auxdata) or it is in
 * the frame; 'l2_rest' marks where the frame continues after the MAC
 * addresses and any in-frame tag.
 *
 * Output never modifies the received buffer: a 'struct dp_tx_item' builds
 * its own 22..26-byte prefix (virtio_net_hdr, MAC addresses, the egress
 * tag if any) and points an iovec at the rest of the payload, so one
 * received frame can leave tagged on one port and untagged on another
 * without copying the payload ("headroom" in a separate small buffer).
 * The prefix's csum_start and hdr_len are shifted by the difference in L2
 * header length, so offloaded checksums and GSO stay correct.
 *
 * All of this is used by one datapath thread at a time; nothing here
 * locks or allocates per packet. */
#ifndef SLUICE_DP_PACKET_H
#define SLUICE_DP_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <linux/virtio_net.h>

#define DP_BATCH_SIZE 32            /* Packets per receive burst. */
#define DP_PACKET_SIZE (65536 + 64) /* Largest frame, GSO included. */
#define DP_ETH_ADDRS_LEN 12         /* Destination and source MACs. */
#define DP_ETH_HDR_LEN 14
#define DP_VLAN_HDR_LEN 4
#define DP_ETH_TYPE_VLAN 0x8100
#define DP_ETH_TYPE_QINQ 0x88a8    /* 802.1ad S-tag. */
#define DP_VNET_HDR_LEN sizeof(struct virtio_net_hdr)
#define DP_HEADROOM 128             /* Room in front of a received frame
                                     * for pushed headers (MPLS, PBB,
                                     * VLAN). */

struct dp_packet {
    struct virtio_net_hdr vnet;     /* Zero if the port supplied none. */
    uint8_t *base;                  /* DP_HEADROOM + DP_PACKET_SIZE bytes. */
    uint8_t *data;                  /* Frame: 'base' + DP_HEADROOM when
                                     * received; the action executor may
                                     * move it within 'base'. */
    uint32_t len;                   /* Frame length. */
    uint16_t l2_rest;               /* Offset of the EtherType after the
                                     * MAC addresses and in-frame tag. */
    bool tagged;                    /* Has an 802.1Q tag. */
    uint16_t tci;                   /* The tag's TCI, if 'tagged'. */
    uint16_t tpid;                  /* The tag's TPID, if 'tagged' (0x8100
                                     * unless the executor pushed an
                                     * 802.1ad tag). */
};

/* A burst of received packets, and the pool that backs it. */
struct dp_packet_batch {
    struct dp_packet pkts[DP_BATCH_SIZE];
    size_t n;
};

/* Allocates the buffers of 'batch' (DP_BATCH_SIZE * (DP_HEADROOM +
 * DP_PACKET_SIZE) bytes), once per datapath thread. */
void dp_packet_batch_init(struct dp_packet_batch *batch);
void dp_packet_batch_uninit(struct dp_packet_batch *batch);

/* Points every packet's 'data' back at its buffer's start (after the
 * headroom), before a port receives into the batch again. */
void dp_packet_batch_reset(struct dp_packet_batch *batch);

/* Allocates one standalone packet buffer (for copies and packet-out);
 * free it with dp_packet_uninit(). */
void dp_packet_init(struct dp_packet *pkt);
void dp_packet_uninit(struct dp_packet *pkt);

/* Copies 'src' (frame, metadata and virtio_net_hdr) into 'dst', whose
 * buffer was set up by dp_packet_init() or a batch.  The copy starts at
 * 'dst''s full headroom. */
void dp_packet_copy(struct dp_packet *dst, const struct dp_packet *src);

/* Parses the outer VLAN tag (802.1Q 0x8100 or 802.1ad 0x88a8) of the
 * 'pkt->len'-byte frame in 'pkt': uses the kernel-stripped tag with TPID
 * 'aux_tpid' and TCI 'aux_tci' if 'aux_tpid' is nonzero, else a tag in the
 * frame.  Sets 'tagged', 'tci', 'tpid' and 'l2_rest', so the tag leaves
 * with the TPID it came with.  Returns false if the frame is too short to
 * be Ethernet. */
bool dp_packet_parse(struct dp_packet *pkt, uint16_t aux_tpid,
                     uint16_t aux_tci);

/* One frame queued for output: 'pkt' sent with egress tag 'tci' if
 * 'tagged', else untagged. */
struct dp_tx_item {
    const struct dp_packet *pkt;
    bool tagged;
    uint16_t tci;
    uint16_t tpid;                  /* 0x8100 or 0x88a8, if 'tagged'. */
    uint8_t prefix[DP_VNET_HDR_LEN + DP_ETH_ADDRS_LEN + DP_VLAN_HDR_LEN];
    struct iovec iov[2];            /* Prefix, then the rest. */
};

/* Frames queued for one port during one receive burst. */
struct dp_tx_batch {
    struct dp_tx_item items[DP_BATCH_SIZE];
    size_t n;
};

/* Builds 'item''s prefix and iovecs for 'item->pkt', with a leading
 * virtio_net_hdr if 'with_vnet'.  Returns the frame's length on the wire
 * (without the virtio_net_hdr). */
size_t dp_tx_item_prepare(struct dp_tx_item *item, bool with_vnet);

#endif /* datapath/packet.h */
