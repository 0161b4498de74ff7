/* Internals shared by the files of the OpenFlow message codec
 * (ofp-codec.c, ofp-codec-stats.c): unaligned big-endian access, message
 * building and the wire forms of ports.  Not for other modules.
 * Pure functions: safe from any thread. */
#ifndef SLUICE_OFP_CODEC_PRIVATE_H
#define SLUICE_OFP_CODEC_PRIVATE_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-codec.h"

/* Raw OF1.0 and OF1.3 message type numbers the codec files share. */
#define OFPT10_STATS_REQUEST 16
#define OFPT10_STATS_REPLY 17
#define OFPT13_MULTIPART_REQUEST 18
#define OFPT13_MULTIPART_REPLY 19

#define OFPMPF_REPLY_MORE 1

/* Multipart header sizes (ofp_header included). */
#define OFP10_STATS_HDR_LEN 12
#define OFP13_MP_HDR_LEN 16

/* Wire sizes of a port description. */
#define OFP10_PORT_LEN 48
#define OFP13_PORT_LEN 64

static inline uint16_t
get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static inline uint32_t
get32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16
           | (uint32_t) p[2] << 8 | p[3];
}

static inline uint64_t
get64(const uint8_t *p)
{
    return (uint64_t) get32(p) << 32 | get32(p + 4);
}

static inline void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static inline void
put32(uint8_t *p, uint32_t x)
{
    p[0] = x >> 24;
    p[1] = x >> 16;
    p[2] = x >> 8;
    p[3] = x;
}

static inline void
put64(uint8_t *p, uint64_t x)
{
    put32(p, x >> 32);
    put32(p + 4, x);
}

/* Returns the length field of 'oh' (host order). */
static inline size_t
ofp_codec_msg_len(const struct ofp_header *oh)
{
    return get16((const uint8_t *) oh + 2);
}

/* Appends a header of 'version', raw 'type' and 'xid' followed by
 * 'body_len' zero bytes to 'out'; returns the offset of the header, to be
 * passed to ofp_codec_finish() once the body is complete. */
size_t ofp_codec_start(struct ofpbuf *out, uint8_t version, uint8_t type,
                       uint32_t xid, size_t body_len);
/* Sets the length field of the message that starts at offset 'start' of
 * 'out' to everything from there to the end of 'out'. */
void ofp_codec_finish(struct ofpbuf *out, size_t start);

/* OF1.0 numbers the port feature bits (OFPPF_*) after 10GB_FD
 * differently: converts OF1.3 bits 'f' to OF1.0's and back. */
uint32_t ofp_codec_features_to_ofp10(uint32_t f);
uint32_t ofp_codec_features_from_ofp10(uint32_t f);

/* Writes 'pd' as an OF1.0 (48 bytes) or OF1.3 (64 bytes) port at 'p'. */
void ofp_codec_put_port(uint8_t version, const struct ofp_port_desc *pd,
                        uint8_t *p);
/* Reads a port written by ofp_codec_put_port() from 'p'. */
void ofp_codec_get_port(uint8_t version, const uint8_t *p,
                        struct ofp_port_desc *pd);

/* Returns the wire size of a port of 'version'. */
static inline size_t
ofp_codec_port_len(uint8_t version)
{
    return version == OFP10_VERSION ? OFP10_PORT_LEN : OFP13_PORT_LEN;
}

/* OF1.3 buckets (group_mod, group desc): the wire size of the 'n'
 * buckets at 'buckets', writing them at 'p', and decoding the 'len' bytes
 * of buckets at 'p' into a new array (0 or an error, OFPGMFC_BAD_BUCKET
 * for a bad bucket length; on error nothing is allocated). */
size_t ofp_codec_buckets_len(const struct ofp_bucket *buckets, size_t n);
void ofp_codec_put_buckets(const struct ofp_bucket *buckets, size_t n,
                           uint8_t *p);
ofperr ofp_codec_get_buckets(const uint8_t *p, size_t len,
                             struct ofp_bucket **bucketsp, size_t *np);

/* Returns the body of multipart message 'oh' and its length. */
const uint8_t *ofp_codec_mp_body(const struct ofp_header *oh, size_t *lenp);

#endif /* ofproto/ofp-codec-private.h */
