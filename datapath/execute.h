/* The action executor's packet editing primitives: header rewrites with
 * checksum fix-ups, and pushes and pops of VLAN, MPLS and PBB headers, on
 * a 'struct dp_packet' in place.
 *
 * Packet model (see packet.h): the outermost VLAN tag lives in the
 * packet's metadata ('tagged', 'tci', 'tpid'), not necessarily in the
 * buffer: the kernel may have stripped it (then 'l2_rest' is 12) or it is
 * still in the frame (then 'l2_rest' is 16 and output skips those bytes).
 * Tag operations change only the metadata when they can, so one frame can
 * still leave with different tags on different ports without copies.
 * Operations that need the byte layout first normalise the packet so
 * that the buffer holds the MAC addresses followed by everything after
 * the metadata tag ('l2_rest' == 12); inner tags stay in the buffer.
 * Pushed headers go into the headroom in front of 'data' (the MAC
 * addresses move, never the payload).
 *
 * Checksums: IPv4 header checksums are updated incrementally; TCP, UDP
 * and ICMPv6 checksums are updated for pseudo-header and covered-field
 * changes, and SCTP's CRC32c is recomputed.  When the packet carries a
 * partial checksum (virtio_net_hdr NEEDS_CSUM, e.g. from a veth with
 * offloads on, GSO included), the L4 checksum field holds the
 * pseudo-header seed: pseudo-header changes update the seed, and
 * changes to bytes the seed does not cover are left to whoever completes
 * the checksum.  csum_start and hdr_len follow L2 length changes.
 *
 * Datapath thread only (or any single thread owning the packet); no
 * allocation. */
#ifndef SLUICE_EXECUTE_H
#define SLUICE_EXECUTE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath/packet.h"
#include "ofproto/meta-flow.h"

/* Sets 'field' of 'pkt' to 'value' (meta-flow wire layout, network byte
 * order; OF1.3 vlan_vid semantics with OFPVID_PRESENT).  A field whose
 * header the packet lacks is left alone (the pipeline enforces
 * prerequisites).  Switch metadata (metadata, tunnel_id, in_port) is not
 * part of the frame and is ignored.  Returns 0, or ENOSPC if the frame is
 * malformed beyond repair. */
int dp_exec_set_field(struct dp_packet *pkt, enum mf_field_id field,
                      const union mf_value *value);

/* Pushes a new outermost tag 'tpid' (0x8100 or 0x88a8) with 'tci' (host
 * order).  An existing outer tag moves into the frame as the inner tag.
 * Returns 0 or ENOSPC if the headroom is exhausted. */
int dp_exec_push_vlan(struct dp_packet *pkt, uint16_t tpid, uint16_t tci);

/* Pops the outermost tag; an inner tag (if any) becomes the outer one.
 * No-op on an untagged packet. */
void dp_exec_pop_vlan(struct dp_packet *pkt);

/* Pushes MPLS label stack entry 'lse' (host order) with EtherType
 * 'ethertype' (0x8847 or 0x8848), after the Ethernet header and tags and
 * before any existing label.  Returns 0 or ENOSPC. */
int dp_exec_push_mpls(struct dp_packet *pkt, uint16_t ethertype,
                      uint32_t lse);

/* Pops the outermost MPLS label and sets the EtherType to 'ethertype'.
 * No-op if the packet is not MPLS. */
void dp_exec_pop_mpls(struct dp_packet *pkt, uint16_t ethertype);

/* Pushes an 802.1ah header: new outer MAC addresses (copies of the
 * current ones), EtherType 0x88e7 and an I-TAG with I-SID 'isid'; the
 * current frame, tags included, becomes the encapsulated one.  Returns 0
 * or ENOSPC. */
int dp_exec_push_pbb(struct dp_packet *pkt, uint32_t isid);

/* Removes the outer MAC addresses, 0x88e7 and I-TAG of a PBB frame, so
 * the encapsulated frame is forwarded.  No-op if the frame is not PBB. */
void dp_exec_pop_pbb(struct dp_packet *pkt);

/* Sets the TTL of the outermost MPLS label, or the IPv4 TTL / IPv6 hop
 * limit, with checksum fix-up.  No-op without such a header. */
void dp_exec_set_mpls_ttl(struct dp_packet *pkt, uint8_t ttl);
void dp_exec_set_nw_ttl(struct dp_packet *pkt, uint8_t ttl);

/* MPLS TTL copies: copy_ttl_out sets the outermost label's TTL from the
 * header below it (the next label, or the IPv4 TTL / IPv6 hop limit
 * after the bottom of the stack); copy_ttl_in does the reverse (IPv4
 * checksum fixed).  No-op on a packet that is not MPLS. */
void dp_exec_copy_ttl_out(struct dp_packet *pkt);
void dp_exec_copy_ttl_in(struct dp_packet *pkt);

/* Recomputes the CRC32c (RFC 3309) of 'n' bytes at 'data', as SCTP
 * stores it (the result is the value to store in host byte order as
 * little-endian bytes; see execute.c).  Exposed for the tests. */
uint32_t dp_exec_crc32c(const uint8_t *data, size_t n);

#endif /* datapath/execute.h */
