/* OpenFlow wire codec for matches: OpenFlow 1.0's fixed 40-byte
 * 'struct ofp_match' and OpenFlow 1.3's OXM 'struct ofp_match' (type
 * OFPMT_OXM, TLVs padded to 8 bytes), both to and from 'struct match'.
 * Also the single-OXM codec that set_field actions reuse.
 *
 * Decoders never read past the length they are given and report
 * malformed input with the OF1.3 error the spec names (ofperr 0 on
 * success).  Encoders write into caller-provided memory whose size the
 * matching _len() function gives, so any output buffer (a growable
 * ofpbuf, an evbuffer reservation, a stack array) works.
 *
 * Encoding is canonical: OXM fields come out in ascending OXM field
 * number, each with a mask only when the mask is not all-ones, so a flow
 * echoed in flow stats compares equal field by field to what the
 * controller installed.
 *
 * Pure functions over plain data: safe from any thread. */
#ifndef SLUICE_OFP_MATCH_H
#define SLUICE_OFP_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/match.h"
#include "ofproto/meta-flow.h"
#include "ofproto/ofp-errors.h"

/* OpenFlow 1.0. */
#define OFP10_MATCH_LEN 40

/* OF1.0 wildcard bits. */
#define OFPFW10_IN_PORT (1u << 0)
#define OFPFW10_DL_VLAN (1u << 1)
#define OFPFW10_DL_SRC (1u << 2)
#define OFPFW10_DL_DST (1u << 3)
#define OFPFW10_DL_TYPE (1u << 4)
#define OFPFW10_NW_PROTO (1u << 5)
#define OFPFW10_TP_SRC (1u << 6)
#define OFPFW10_TP_DST (1u << 7)
#define OFPFW10_NW_SRC_SHIFT 8
#define OFPFW10_NW_SRC_MASK (0x3fu << OFPFW10_NW_SRC_SHIFT)
#define OFPFW10_NW_DST_SHIFT 14
#define OFPFW10_NW_DST_MASK (0x3fu << OFPFW10_NW_DST_SHIFT)
#define OFPFW10_DL_VLAN_PCP (1u << 20)
#define OFPFW10_NW_TOS (1u << 21)
#define OFPFW10_ALL ((1u << 22) - 1)

#define OFP10_VLAN_NONE 0xffff       /* dl_vlan value: untagged. */

/* Converts an OF1.0 16-bit port number to the 32-bit numbering Sluice
 * uses everywhere (OF1.3's): 0xff00..0xffff map onto 0xffffff00..
 * 0xffffffff (so OF1.0's OFPP_NONE becomes OFPP_ANY). */
uint32_t ofp_port_from_ofp10(uint16_t port);
/* The reverse of ofp_port_from_ofp10().  A port in neither range (not
 * representable in OF1.0) becomes OFPP_NONE (0xffff). */
uint16_t ofp_port_to_ofp10(uint32_t port);

/* Decodes the 40-byte OF1.0 match at 'data' into 'match'.  As OF1.0
 * says, fields whose prerequisites are absent (e.g. nw_src without
 * dl_type=0x0800, tp_src without nw_proto) are ignored rather than
 * rejected; nw_src/nw_dst wildcard counts of 32 or more wildcard the
 * whole address.  dl_vlan 0xffff means "untagged".  Returns 0 or
 * OFPBMC_BAD_VALUE (vlan_pcp > 7, dl_vlan > 4095 other than 0xffff). */
ofperr ofp_match10_decode(const void *data, struct match *match);

/* Encodes 'match' as a 40-byte OF1.0 match at 'dst'.  Fields that OF1.0
 * cannot express (OF1.3-only fields, partial masks other than IPv4
 * prefixes) are widened to fully wildcarded, so the encoded match is a
 * superset of 'match'; returns true if it is exact, false if widened. */
bool ofp_match10_encode(const struct match *match, void *dst);

/* OpenFlow 1.3. */
#define OFPMT_STANDARD 0
#define OFPMT_OXM 1
#define OFPXMC_OPENFLOW_BASIC 0x8000
#define OFPXMC_EXPERIMENTER 0xffff

/* OXM header helpers: class (16 bits), field (7), hasmask (1),
 * length (8). */
#define OXM_HEADER(FIELD, HASMASK, LEN)                                 \
    ((uint32_t) OFPXMC_OPENFLOW_BASIC << 16 | (uint32_t) (FIELD) << 9   \
     | (uint32_t) (HASMASK) << 8 | (uint32_t) (LEN))

/* Decodes the OF1.3 'struct ofp_match' at 'data', of which at most 'len'
 * bytes are available, into 'match'.  On success stores in '*match_lenp'
 * the number of bytes the match occupies including its padding to a
 * multiple of 8 (what to skip to reach the next part of the message).
 * Returns 0 or:
 *   OFPBMC_BAD_TYPE      type is not OFPMT_OXM;
 *   OFPBMC_BAD_LEN       length field, an OXM length or the padding does
 *                        not fit 'len', or an OXM length does not fit its
 *                        field's width;
 *   OFPBMC_BAD_FIELD     unknown class or field;
 *   OFPBMC_DUP_FIELD     a field appears twice;
 *   OFPBMC_BAD_MASK      a mask on an unmaskable field;
 *   OFPBMC_BAD_WILDCARDS value bits set where the mask is 0;
 *   OFPBMC_BAD_VALUE     an invalid value (see mf_is_value_valid());
 *   OFPBMC_BAD_PREREQ    a field's prerequisites are not in the match. */
ofperr ofp_match13_decode(const void *data, size_t len, struct match *match,
                          size_t *match_lenp);

/* Returns the number of bytes ofp_match13_encode() writes for 'match',
 * padding included (a multiple of 8, at least 8). */
size_t ofp_match13_len(const struct match *match);

/* Encodes 'match' as an OF1.3 OXM 'struct ofp_match' at 'dst', which
 * must have room for ofp_match13_len(match) bytes; the padding is
 * zeroed.  Returns the number of bytes written. */
size_t ofp_match13_encode(const struct match *match, void *dst);

/* Builds in 'match' the pipeline-field match that an OF1.3 packet-in
 * carries for a packet whose flow is 'flow': in_port always, metadata and
 * tunnel_id when nonzero.  Encode it with ofp_match13_encode(). */
void ofp_match13_init_packet_in(struct match *match, const struct flow *flow);

/* Decodes one OXM TLV (header and payload) at 'data', of which 'len'
 * bytes are available.  On success stores the field, its value, its mask
 * (all-ones if the TLV has none) and the TLV's total size.  Checks the
 * length against the field's width and the mask against its maskability;
 * it does not check values or prerequisites.  Returns 0 or BAD_LEN,
 * BAD_FIELD, BAD_MASK (OFPBMC_* codes). */
ofperr ofp_oxm_decode(const void *data, size_t len,
                      const struct mf_field **fieldp, union mf_value *value,
                      union mf_value *mask, size_t *oxm_lenp);

/* Encodes 'field' with 'value' (and 'mask' if nonnull) as one OXM TLV at
 * 'dst' (room for 4 + 2 * field->n_bytes bytes) and returns its size. */
size_t ofp_oxm_encode(const struct mf_field *field,
                      const union mf_value *value,
                      const union mf_value *mask, void *dst);

#endif /* ofproto/ofp-match.h */
