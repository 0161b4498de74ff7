/* The OpenFlow message codec: buffers, framing, message types, HELLO,
 * ERROR, ECHO, EXPERIMENTER, features, switch config, the asynchronous
 * messages, roles and async config.  Modifications and PACKET_OUT are in
 * ofp-codec-mods.c, multipart messages in ofp-codec-stats.c.  See
 * ofp-codec.h for the contracts. */
#include "ofproto/ofp-codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofproto/ofp-codec-private.h"
#include "ofproto/ofp-match.h"

/* ---------------------------------------------------------------------
 * Buffers.
 * ------------------------------------------------------------------- */

void
ofpbuf_init(struct ofpbuf *b)
{
    b->data = NULL;
    b->size = 0;
    b->allocated = 0;
}

void
ofpbuf_uninit(struct ofpbuf *b)
{
    if (b) {
        free(b->data);
        ofpbuf_init(b);
    }
}

void
ofpbuf_clear(struct ofpbuf *b)
{
    b->size = 0;
}

void *
ofpbuf_put_uninit(struct ofpbuf *b, size_t n)
{
    if (b->allocated - b->size < n) {
        size_t want = b->size + n;
        size_t alloc = b->allocated ? b->allocated : 256;
        while (alloc < want) {
            alloc *= 2;
        }
        b->data = xrealloc(b->data, alloc);
        b->allocated = alloc;
    }
    void *p = b->data + b->size;
    b->size += n;
    return p;
}

void *
ofpbuf_put_zeros(struct ofpbuf *b, size_t n)
{
    void *p = ofpbuf_put_uninit(b, n);
    if (n) {
        memset(p, 0, n);
    }
    return p;
}

void *
ofpbuf_put(struct ofpbuf *b, const void *p, size_t n)
{
    void *dst = ofpbuf_put_uninit(b, n);
    if (n) {
        memcpy(dst, p, n);
    }
    return dst;
}

void *
ofpbuf_at(const struct ofpbuf *b, size_t offset)
{
    return b->data + offset;
}

/* ---------------------------------------------------------------------
 * Message types.
 * ------------------------------------------------------------------- */

#define V10 (1u << 0)
#define V13 (1u << 1)
#define VBOTH (V10 | V13)

/* Bodies: */
#define BODY_ANY -1            /* Any length; the decoder checks. */

struct ofptype_info {
    enum ofptype type;
    const char *name;
    unsigned int versions;     /* V10, V13. */
    int raw10, raw13;          /* Raw type per version, -1 if none. */
    int mp;                    /* Multipart type (same numbers in both
                                * versions), -1 if not multipart. */
    int body;                  /* Exact body length after the (multipart)
                                * header, or BODY_ANY. */
};

static const struct ofptype_info ofptypes[] = {
    { OFPTYPE_HELLO, "OFPT_HELLO", VBOTH, 0, 0, -1, BODY_ANY },
    { OFPTYPE_ERROR, "OFPT_ERROR", VBOTH, 1, 1, -1, BODY_ANY },
    { OFPTYPE_ECHO_REQUEST, "OFPT_ECHO_REQUEST", VBOTH, 2, 2, -1,
      BODY_ANY },
    { OFPTYPE_ECHO_REPLY, "OFPT_ECHO_REPLY", VBOTH, 3, 3, -1, BODY_ANY },
    { OFPTYPE_EXPERIMENTER, "OFPT_EXPERIMENTER", VBOTH, 4, 4, -1,
      BODY_ANY },
    { OFPTYPE_FEATURES_REQUEST, "OFPT_FEATURES_REQUEST", VBOTH, 5, 5, -1,
      0 },
    { OFPTYPE_FEATURES_REPLY, "OFPT_FEATURES_REPLY", VBOTH, 6, 6, -1,
      BODY_ANY },
    { OFPTYPE_GET_CONFIG_REQUEST, "OFPT_GET_CONFIG_REQUEST", VBOTH, 7, 7,
      -1, 0 },
    { OFPTYPE_GET_CONFIG_REPLY, "OFPT_GET_CONFIG_REPLY", VBOTH, 8, 8, -1,
      BODY_ANY },
    { OFPTYPE_SET_CONFIG, "OFPT_SET_CONFIG", VBOTH, 9, 9, -1, BODY_ANY },
    { OFPTYPE_PACKET_IN, "OFPT_PACKET_IN", VBOTH, 10, 10, -1, BODY_ANY },
    { OFPTYPE_FLOW_REMOVED, "OFPT_FLOW_REMOVED", VBOTH, 11, 11, -1,
      BODY_ANY },
    { OFPTYPE_PORT_STATUS, "OFPT_PORT_STATUS", VBOTH, 12, 12, -1,
      BODY_ANY },
    { OFPTYPE_PACKET_OUT, "OFPT_PACKET_OUT", VBOTH, 13, 13, -1, BODY_ANY },
    { OFPTYPE_FLOW_MOD, "OFPT_FLOW_MOD", VBOTH, 14, 14, -1, BODY_ANY },
    { OFPTYPE_GROUP_MOD, "OFPT_GROUP_MOD", V13, -1, 15, -1, BODY_ANY },
    { OFPTYPE_PORT_MOD, "OFPT_PORT_MOD", VBOTH, 15, 16, -1, BODY_ANY },
    { OFPTYPE_TABLE_MOD, "OFPT_TABLE_MOD", V13, -1, 17, -1, BODY_ANY },
    { OFPTYPE_BARRIER_REQUEST, "OFPT_BARRIER_REQUEST", VBOTH, 18, 20, -1,
      0 },
    { OFPTYPE_BARRIER_REPLY, "OFPT_BARRIER_REPLY", VBOTH, 19, 21, -1, 0 },
    { OFPTYPE_QUEUE_GET_CONFIG_REQUEST, "OFPT_QUEUE_GET_CONFIG_REQUEST",
      VBOTH, 20, 22, -1, BODY_ANY },
    { OFPTYPE_QUEUE_GET_CONFIG_REPLY, "OFPT_QUEUE_GET_CONFIG_REPLY",
      VBOTH, 21, 23, -1, BODY_ANY },
    { OFPTYPE_ROLE_REQUEST, "OFPT_ROLE_REQUEST", V13, -1, 24, -1,
      BODY_ANY },
    { OFPTYPE_ROLE_REPLY, "OFPT_ROLE_REPLY", V13, -1, 25, -1, BODY_ANY },
    { OFPTYPE_GET_ASYNC_REQUEST, "OFPT_GET_ASYNC_REQUEST", V13, -1, 26, -1,
      0 },
    { OFPTYPE_GET_ASYNC_REPLY, "OFPT_GET_ASYNC_REPLY", V13, -1, 27, -1,
      BODY_ANY },
    { OFPTYPE_SET_ASYNC, "OFPT_SET_ASYNC", V13, -1, 28, -1, BODY_ANY },
    { OFPTYPE_METER_MOD, "OFPT_METER_MOD", V13, -1, 29, -1, BODY_ANY },

#define MP_REQ(TYPE, NAME, VERSIONS, MP, BODY)                          \
    { TYPE, NAME, VERSIONS, OFPT10_STATS_REQUEST,                       \
      OFPT13_MULTIPART_REQUEST, MP, BODY }
#define MP_REPLY(TYPE, NAME, VERSIONS, MP)                              \
    { TYPE, NAME, VERSIONS, OFPT10_STATS_REPLY, OFPT13_MULTIPART_REPLY, \
      MP, BODY_ANY }
    MP_REQ(OFPTYPE_DESC_STATS_REQUEST, "OFPST_DESC request", VBOTH, 0, 0),
    MP_REPLY(OFPTYPE_DESC_STATS_REPLY, "OFPST_DESC reply", VBOTH, 0),
    MP_REQ(OFPTYPE_FLOW_STATS_REQUEST, "OFPST_FLOW request", VBOTH, 1,
           BODY_ANY),
    MP_REPLY(OFPTYPE_FLOW_STATS_REPLY, "OFPST_FLOW reply", VBOTH, 1),
    MP_REQ(OFPTYPE_AGGREGATE_STATS_REQUEST, "OFPST_AGGREGATE request",
           VBOTH, 2, BODY_ANY),
    MP_REPLY(OFPTYPE_AGGREGATE_STATS_REPLY, "OFPST_AGGREGATE reply",
             VBOTH, 2),
    MP_REQ(OFPTYPE_TABLE_STATS_REQUEST, "OFPST_TABLE request", VBOTH, 3,
           0),
    MP_REPLY(OFPTYPE_TABLE_STATS_REPLY, "OFPST_TABLE reply", VBOTH, 3),
    MP_REQ(OFPTYPE_PORT_STATS_REQUEST, "OFPST_PORT request", VBOTH, 4,
           BODY_ANY),
    MP_REPLY(OFPTYPE_PORT_STATS_REPLY, "OFPST_PORT reply", VBOTH, 4),
    MP_REQ(OFPTYPE_QUEUE_STATS_REQUEST, "OFPST_QUEUE request", VBOTH, 5,
           BODY_ANY),
    MP_REPLY(OFPTYPE_QUEUE_STATS_REPLY, "OFPST_QUEUE reply", VBOTH, 5),
    MP_REQ(OFPTYPE_GROUP_STATS_REQUEST, "OFPST_GROUP request", V13, 6,
           BODY_ANY),
    MP_REPLY(OFPTYPE_GROUP_STATS_REPLY, "OFPST_GROUP reply", V13, 6),
    MP_REQ(OFPTYPE_GROUP_DESC_STATS_REQUEST, "OFPST_GROUP_DESC request",
           V13, 7, 0),
    MP_REPLY(OFPTYPE_GROUP_DESC_STATS_REPLY, "OFPST_GROUP_DESC reply",
             V13, 7),
    MP_REQ(OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
           "OFPST_GROUP_FEATURES request", V13, 8, 0),
    MP_REPLY(OFPTYPE_GROUP_FEATURES_STATS_REPLY,
             "OFPST_GROUP_FEATURES reply", V13, 8),
    MP_REQ(OFPTYPE_METER_STATS_REQUEST, "OFPST_METER request", V13, 9,
           BODY_ANY),
    MP_REQ(OFPTYPE_METER_CONFIG_STATS_REQUEST, "OFPST_METER_CONFIG request",
           V13, 10, BODY_ANY),
    MP_REQ(OFPTYPE_METER_FEATURES_STATS_REQUEST,
           "OFPST_METER_FEATURES request", V13, 11, BODY_ANY),
    MP_REQ(OFPTYPE_TABLE_FEATURES_STATS_REQUEST,
           "OFPST_TABLE_FEATURES request", V13, 12, BODY_ANY),
    MP_REPLY(OFPTYPE_TABLE_FEATURES_STATS_REPLY,
             "OFPST_TABLE_FEATURES reply", V13, 12),
    MP_REQ(OFPTYPE_PORT_DESC_STATS_REQUEST, "OFPST_PORT_DESC request", V13,
           13, 0),
    MP_REPLY(OFPTYPE_PORT_DESC_STATS_REPLY, "OFPST_PORT_DESC reply", V13,
             13),
    MP_REQ(OFPTYPE_EXPERIMENTER_STATS_REQUEST,
           "OFPST_EXPERIMENTER request", VBOTH, 0xffff, BODY_ANY),
    MP_REPLY(OFPTYPE_EXPERIMENTER_STATS_REPLY, "OFPST_EXPERIMENTER reply",
             VBOTH, 0xffff),
#undef MP_REQ
#undef MP_REPLY
};

static const struct ofptype_info *
ofptype_info_get(enum ofptype type)
{
    for (size_t i = 0; i < ARRAY_SIZE(ofptypes); i++) {
        if (ofptypes[i].type == type) {
            return &ofptypes[i];
        }
    }
    return NULL;
}

static unsigned int
version_bit(uint8_t version)
{
    return (version == OFP10_VERSION ? V10
            : version == OFP13_VERSION ? V13
            : 0);
}

static int
info_raw(const struct ofptype_info *info, uint8_t version)
{
    return version == OFP10_VERSION ? info->raw10 : info->raw13;
}

static bool
is_mp_raw(uint8_t version, int raw)
{
    return (version == OFP10_VERSION
            ? raw == OFPT10_STATS_REQUEST || raw == OFPT10_STATS_REPLY
            : raw == OFPT13_MULTIPART_REQUEST
              || raw == OFPT13_MULTIPART_REPLY);
}

static size_t
mp_hdr_len(uint8_t version)
{
    return version == OFP10_VERSION ? OFP10_STATS_HDR_LEN
                                    : OFP13_MP_HDR_LEN;
}

size_t
ofp_msg_length(const void *buf, size_t avail)
{
    if (avail < OFP_HEADER_LEN) {
        return 0;
    }
    size_t len = get16((const uint8_t *) buf + 2);
    return len ? len : 1;
}

ofperr
ofp_decode_type(const struct ofp_header *oh, size_t avail,
                enum ofptype *typep)
{
    const uint8_t *p = (const uint8_t *) oh;
    if (avail < OFP_HEADER_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = get16(p + 2);
    if (len < OFP_HEADER_LEN || len > avail) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    unsigned int vbit = version_bit(oh->version);
    if (!vbit) {
        /* HELLO and ERROR have the same numbers in every version. */
        if (oh->type == 0) {
            *typep = OFPTYPE_HELLO;
            return 0;
        } else if (oh->type == 1) {
            *typep = OFPTYPE_ERROR;
            return 0;
        }
        return OFPERR_OFPBRC_BAD_VERSION;
    }

    int mp = -1;
    size_t hdr_len = OFP_HEADER_LEN;
    if (is_mp_raw(oh->version, oh->type)) {
        hdr_len = mp_hdr_len(oh->version);
        if (len < hdr_len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        mp = get16(p + 8);
    }
    for (size_t i = 0; i < ARRAY_SIZE(ofptypes); i++) {
        const struct ofptype_info *info = &ofptypes[i];
        if (info->versions & vbit
            && info_raw(info, oh->version) == oh->type
            && info->mp == mp) {
            if (info->body != BODY_ANY
                && len != hdr_len + (size_t) info->body) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            *typep = info->type;
            return 0;
        }
    }
    return mp >= 0 ? OFPERR_OFPBRC_BAD_MULTIPART : OFPERR_OFPBRC_BAD_TYPE;
}

const char *
ofptype_name(enum ofptype type)
{
    const struct ofptype_info *info = ofptype_info_get(type);
    return info ? info->name : "OFPT_UNKNOWN";
}

uint32_t
ofp_xid(const struct ofp_header *oh)
{
    return get32((const uint8_t *) oh + 4);
}

bool
ofp_multipart_more(const struct ofp_header *oh)
{
    const uint8_t *p = (const uint8_t *) oh;
    return ofp_codec_msg_len(oh) >= OFP10_STATS_HDR_LEN
           && is_mp_raw(oh->version, oh->type)
           && (get16(p + 10) & OFPMPF_REPLY_MORE);
}

const uint8_t *
ofp_codec_mp_body(const struct ofp_header *oh, size_t *lenp)
{
    size_t hdr = mp_hdr_len(oh->version);
    *lenp = ofp_codec_msg_len(oh) - hdr;
    return (const uint8_t *) oh + hdr;
}

size_t
ofp_codec_start(struct ofpbuf *out, uint8_t version, uint8_t type,
                uint32_t xid, size_t body_len)
{
    size_t start = out->size;
    uint8_t *p = ofpbuf_put_zeros(out, OFP_HEADER_LEN + body_len);
    p[0] = version;
    p[1] = type;
    put32(p + 4, xid);
    return start;
}

void
ofp_codec_finish(struct ofpbuf *out, size_t start)
{
    put16(ofpbuf_at(out, start + 2), out->size - start);
}

ofperr
ofp_encode_simple(enum ofptype type, uint8_t version, uint32_t xid,
                  struct ofpbuf *out)
{
    /* A table features request may have a body, but an empty one is
     * the usual query. */
    const struct ofptype_info *info = ofptype_info_get(type);
    if (!info || (info->body != 0
                  && type != OFPTYPE_TABLE_FEATURES_STATS_REQUEST)) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (!(info->versions & version_bit(version))) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t body = info->mp >= 0 ? mp_hdr_len(version) - OFP_HEADER_LEN : 0;
    size_t start = ofp_codec_start(out, version, info_raw(info, version),
                                   xid, body);
    if (info->mp >= 0) {
        put16(ofpbuf_at(out, start + 8), info->mp);
    }
    ofp_codec_finish(out, start);
    return 0;
}

/* ---------------------------------------------------------------------
 * HELLO.
 * ------------------------------------------------------------------- */

#define OFPHET_VERSIONBITMAP 1

static uint8_t
highest_version(uint32_t versions)
{
    for (int v = 31; v > 0; v--) {
        if (versions & OFP_VERSION_BIT(v)) {
            return v;
        }
    }
    return 0;
}

void
ofp_encode_hello(uint32_t versions, uint32_t xid, struct ofpbuf *out)
{
    uint8_t version = highest_version(versions);
    size_t start = ofp_codec_start(out, version, 0, xid, 0);
    if (version >= OFP13_VERSION) {
        uint8_t *e = ofpbuf_put_zeros(out, 8);
        put16(e, OFPHET_VERSIONBITMAP);
        put16(e + 2, 8);
        put32(e + 4, versions);
    }
    ofp_codec_finish(out, start);
}

/* Parses the elements of 'hello' and stores the version bitmap's first
 * word in '*bitmapp'.  Returns false if there is no (well-formed) bitmap
 * element. */
static bool
hello_bitmap(const struct ofp_header *hello, uint32_t *bitmapp)
{
    const uint8_t *p = (const uint8_t *) hello + OFP_HEADER_LEN;
    size_t left = ofp_codec_msg_len(hello) - OFP_HEADER_LEN;
    while (left >= 4) {
        size_t elen = get16(p + 2);
        if (elen < 4 || elen > left) {
            return false;
        }
        if (get16(p) == OFPHET_VERSIONBITMAP) {
            if (elen < 8) {
                return false;
            }
            *bitmapp = get32(p + 4);
            return true;
        }
        size_t padded = (elen + 7) / 8 * 8;
        if (padded >= left) {
            break;
        }
        p += padded;
        left -= padded;
    }
    return false;
}

static void
format_versions(char *buf, size_t size, uint32_t versions)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int v = 0; v < 32; v++) {
        if (versions & OFP_VERSION_BIT(v) && n < size) {
            n += snprintf(buf + n, size - n, "%s0x%02x", n ? ", " : "", v);
        }
    }
}

bool
ofp_hello_negotiate(const struct ofp_header *hello, uint32_t versions,
                    uint8_t *versionp, char **errtextp)
{
    uint32_t peer;
    uint8_t version;
    bool has_bitmap = hello_bitmap(hello, &peer);
    if (has_bitmap) {
        version = highest_version(versions & peer);
    } else {
        uint8_t ours = highest_version(versions);
        version = hello->version < ours ? hello->version : ours;
        if (!(versions & OFP_VERSION_BIT(version))) {
            version = 0;
        }
        peer = hello->version < 32 ? OFP_VERSION_BIT(hello->version) : 0;
    }
    if (version) {
        *versionp = version;
        return true;
    }
    if (errtextp) {
        char ours_s[128], peer_s[128];
        format_versions(ours_s, sizeof ours_s, versions);
        if (has_bitmap || peer) {
            format_versions(peer_s, sizeof peer_s, peer);
        } else {
            snprintf(peer_s, sizeof peer_s, "0x%02x", hello->version);
        }
        *errtextp = xasprintf("We support version%s %s, peer supports "
                              "version%s %s",
                              ours_s[4] ? "s" : "", ours_s,
                              peer_s[4] ? "s" : "", peer_s);
    }
    return false;
}

/* ---------------------------------------------------------------------
 * ERROR.
 * ------------------------------------------------------------------- */

/* OF1.0 error types. */
#define OFPET10_HELLO_FAILED 0
#define OFPET10_BAD_REQUEST 1
#define OFPET10_BAD_ACTION 2
#define OFPET10_FLOW_MOD_FAILED 3
#define OFPET10_PORT_MOD_FAILED 4
#define OFPET10_QUEUE_OP_FAILED 5

/* OF1.0 OFPET_FLOW_MOD_FAILED codes. */
#define OFPFMFC10_ALL_TABLES_FULL 0
#define OFPFMFC10_OVERLAP 1
#define OFPFMFC10_EPERM 2
#define OFPFMFC10_BAD_EMERG_TIMEOUT 3
#define OFPFMFC10_BAD_COMMAND 4
#define OFPFMFC10_UNSUPPORTED 5

/* Maps OF1.3 'error' to OF1.0's type and code. */
static void
error_to_ofp10(ofperr error, uint16_t *typep, uint16_t *codep)
{
    uint16_t type = OFPERR_TYPE(error);
    uint16_t code = OFPERR_CODE(error);
    uint16_t t10 = OFPET10_BAD_REQUEST, c10 = 5;   /* BAD_REQUEST/EPERM. */

    switch (type) {
    case OFPET_HELLO_FAILED:
        t10 = OFPET10_HELLO_FAILED;
        c10 = code <= 1 ? code : 1;
        break;
    case OFPET_BAD_REQUEST:
        if (code <= 8) {
            c10 = code;
        }
        break;
    case OFPET_BAD_ACTION:
        t10 = OFPET10_BAD_ACTION;
        c10 = (code <= 8 ? code
               : error == OFPERR_OFPBAC_BAD_SET_TYPE ? 0
               : error == OFPERR_OFPBAC_BAD_SET_LEN ? 1
               : 5);                                /* BAD_ARGUMENT. */
        break;
    case OFPET_BAD_INSTRUCTION:
        t10 = OFPET10_BAD_ACTION;
        c10 = (error == OFPERR_OFPBIC_UNKNOWN_INST
               || error == OFPERR_OFPBIC_UNSUP_INST ? 0
               : error == OFPERR_OFPBIC_BAD_LEN ? 1
               : error == OFPERR_OFPBIC_EPERM ? 6
               : 5);
        break;
    case OFPET_BAD_MATCH:
        t10 = OFPET10_FLOW_MOD_FAILED;
        c10 = OFPFMFC10_UNSUPPORTED;
        break;
    case OFPET_FLOW_MOD_FAILED:
        t10 = OFPET10_FLOW_MOD_FAILED;
        c10 = (error == OFPERR_OFPFMFC_TABLE_FULL ? OFPFMFC10_ALL_TABLES_FULL
               : error == OFPERR_OFPFMFC_OVERLAP ? OFPFMFC10_OVERLAP
               : error == OFPERR_OFPFMFC_EPERM ? OFPFMFC10_EPERM
               : error == OFPERR_OFPFMFC_BAD_TIMEOUT
               ? OFPFMFC10_BAD_EMERG_TIMEOUT
               : error == OFPERR_OFPFMFC_BAD_COMMAND ? OFPFMFC10_BAD_COMMAND
               : OFPFMFC10_UNSUPPORTED);
        break;
    case OFPET_PORT_MOD_FAILED:
        if (code <= 1) {
            t10 = OFPET10_PORT_MOD_FAILED;
            c10 = code;
        }
        break;
    case OFPET_QUEUE_OP_FAILED:
        t10 = OFPET10_QUEUE_OP_FAILED;
        c10 = code;
        break;
    default:
        break;
    }
    *typep = t10;
    *codep = c10;
}

/* The reverse of error_to_ofp10(), as far as it goes. */
static ofperr
error_from_ofp10(uint16_t type, uint16_t code)
{
    static const ofperr fmfc[] = {
        [OFPFMFC10_ALL_TABLES_FULL] = OFPERR_OFPFMFC_TABLE_FULL,
        [OFPFMFC10_OVERLAP] = OFPERR_OFPFMFC_OVERLAP,
        [OFPFMFC10_EPERM] = OFPERR_OFPFMFC_EPERM,
        [OFPFMFC10_BAD_EMERG_TIMEOUT] = OFPERR_OFPFMFC_BAD_TIMEOUT,
        [OFPFMFC10_BAD_COMMAND] = OFPERR_OFPFMFC_BAD_COMMAND,
        [OFPFMFC10_UNSUPPORTED] = OFPERR_OFPFMFC_UNKNOWN,
    };

    switch (type) {
    case OFPET10_HELLO_FAILED:
    case OFPET10_BAD_REQUEST:
    case OFPET10_BAD_ACTION:
        return OFPERR_MAKE(type, code);
    case OFPET10_FLOW_MOD_FAILED:
        return code < ARRAY_SIZE(fmfc) ? fmfc[code]
                                       : OFPERR_OFPFMFC_UNKNOWN;
    case OFPET10_PORT_MOD_FAILED:
        return OFPERR_MAKE(OFPET_PORT_MOD_FAILED, code);
    case OFPET10_QUEUE_OP_FAILED:
        return OFPERR_MAKE(OFPET_QUEUE_OP_FAILED, code);
    default:
        return OFPERR_MAKE(type, code);
    }
}

static void
encode_error__(uint8_t version, uint32_t xid, ofperr error,
               const void *data, size_t len, struct ofpbuf *out)
{
    uint16_t type = OFPERR_TYPE(error), code = OFPERR_CODE(error);
    if (version == OFP10_VERSION) {
        error_to_ofp10(error, &type, &code);
    }
    size_t start = ofp_codec_start(out, version, 1, xid, 4);
    uint8_t *p = ofpbuf_at(out, start);
    put16(p + 8, type);
    put16(p + 10, code);
    ofpbuf_put(out, data, len);
    ofp_codec_finish(out, start);
}

void
ofp_encode_error(uint8_t version, uint32_t xid, ofperr error,
                 const struct ofp_header *request, struct ofpbuf *out)
{
    size_t len = request ? ofp_codec_msg_len(request) : 0;
    encode_error__(version, xid, error, request, len < 64 ? len : 64, out);
}

void
ofp_encode_hello_failed(uint8_t version, uint32_t xid, const char *text,
                        struct ofpbuf *out)
{
    encode_error__(version, xid, OFPERR_OFPHFC_INCOMPATIBLE, text,
                   strlen(text), out);
}

ofperr
ofp_decode_error(const struct ofp_header *oh, ofperr *errorp,
                 const void **datap, size_t *lenp)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    if (len < 12) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint16_t type = get16(p + 8), code = get16(p + 10);
    *errorp = (oh->version == OFP10_VERSION ? error_from_ofp10(type, code)
               : OFPERR_MAKE(type, code));
    *datap = p + 12;
    *lenp = len - 12;
    return 0;
}

/* ---------------------------------------------------------------------
 * ECHO, EXPERIMENTER.
 * ------------------------------------------------------------------- */

void
ofp_encode_echo_request(uint8_t version, uint32_t xid, const void *data,
                        size_t len, struct ofpbuf *out)
{
    size_t start = ofp_codec_start(out, version, 2, xid, 0);
    ofpbuf_put(out, data, len);
    ofp_codec_finish(out, start);
}

void
ofp_encode_echo_reply(const struct ofp_header *request, struct ofpbuf *out)
{
    size_t len = ofp_codec_msg_len(request);
    uint8_t *p = ofpbuf_put(out, request, len);
    p[1] = 3;
}

ofperr
ofp_decode_experimenter(const struct ofp_header *oh,
                        uint32_t *experimenterp, uint32_t *exp_typep)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    size_t off = OFP_HEADER_LEN;
    if (is_mp_raw(oh->version, oh->type)) {
        off = mp_hdr_len(oh->version);
    }
    bool v10 = oh->version == OFP10_VERSION;
    if (len < off + (v10 ? 4 : 8)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *experimenterp = get32(p + off);
    *exp_typep = v10 ? 0 : get32(p + off + 4);
    return 0;
}

/* ---------------------------------------------------------------------
 * Ports.
 * ------------------------------------------------------------------- */

uint32_t
ofp_codec_features_to_ofp10(uint32_t f)
{
    return (f & 0x7f) | ((f >> 11) & 0x1f) << 7;
}

uint32_t
ofp_codec_features_from_ofp10(uint32_t f)
{
    return (f & 0x7f) | ((f >> 7) & 0x1f) << 11;
}

static void
copy_name(char *dst, const void *src, size_t size)
{
    memcpy(dst, src, size);
    dst[size - 1] = '\0';
}

void
ofp_codec_put_port(uint8_t version, const struct ofp_port_desc *pd,
                   uint8_t *p)
{
    if (version == OFP10_VERSION) {
        memset(p, 0, OFP10_PORT_LEN);
        put16(p, ofp_port_to_ofp10(pd->port_no));
        memcpy(p + 2, pd->hw_addr.ea, 6);
        memcpy(p + 8, pd->name, strnlen(pd->name, 15));
        put32(p + 24, pd->config & 0x7f);
        put32(p + 28, pd->state & OFPPS_LINK_DOWN);
        put32(p + 32, ofp_codec_features_to_ofp10(pd->curr));
        put32(p + 36, ofp_codec_features_to_ofp10(pd->advertised));
        put32(p + 40, ofp_codec_features_to_ofp10(pd->supported));
        put32(p + 44, ofp_codec_features_to_ofp10(pd->peer));
    } else {
        memset(p, 0, OFP13_PORT_LEN);
        put32(p, pd->port_no);
        memcpy(p + 8, pd->hw_addr.ea, 6);
        memcpy(p + 16, pd->name, strnlen(pd->name, 15));
        put32(p + 32, pd->config);
        put32(p + 36, pd->state);
        put32(p + 40, pd->curr);
        put32(p + 44, pd->advertised);
        put32(p + 48, pd->supported);
        put32(p + 52, pd->peer);
        put32(p + 56, pd->curr_speed);
        put32(p + 60, pd->max_speed);
    }
}

void
ofp_codec_get_port(uint8_t version, const uint8_t *p,
                   struct ofp_port_desc *pd)
{
    memset(pd, 0, sizeof *pd);
    if (version == OFP10_VERSION) {
        pd->port_no = ofp_port_from_ofp10(get16(p));
        memcpy(pd->hw_addr.ea, p + 2, 6);
        copy_name(pd->name, p + 8, 16);
        pd->config = get32(p + 24);
        pd->state = get32(p + 28);
        pd->curr = ofp_codec_features_from_ofp10(get32(p + 32));
        pd->advertised = ofp_codec_features_from_ofp10(get32(p + 36));
        pd->supported = ofp_codec_features_from_ofp10(get32(p + 40));
        pd->peer = ofp_codec_features_from_ofp10(get32(p + 44));
    } else {
        pd->port_no = get32(p);
        memcpy(pd->hw_addr.ea, p + 8, 6);
        copy_name(pd->name, p + 16, 16);
        pd->config = get32(p + 32);
        pd->state = get32(p + 36);
        pd->curr = get32(p + 40);
        pd->advertised = get32(p + 44);
        pd->supported = get32(p + 48);
        pd->peer = get32(p + 52);
        pd->curr_speed = get32(p + 56);
        pd->max_speed = get32(p + 60);
    }
}

/* ---------------------------------------------------------------------
 * FEATURES, GET/SET_CONFIG.
 * ------------------------------------------------------------------- */

/* The capabilities OF1.0 shares with OF1.3 (its bit 3 is STP, where OF1.3
 * has GROUP_STATS). */
#define OFPC10_MASK (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS \
                     | OFPC_IP_REASM | OFPC_QUEUE_STATS)

void
ofp_encode_features_reply(uint8_t version, uint32_t xid,
                          const struct ofp_features *f, struct ofpbuf *out)
{
    size_t start = ofp_codec_start(out, version, 6, xid, 24);
    uint8_t *p = ofpbuf_at(out, start);
    put64(p + 8, f->datapath_id);
    put32(p + 16, f->n_buffers);
    p[20] = f->n_tables;
    if (version == OFP10_VERSION) {
        put32(p + 24, f->capabilities & OFPC10_MASK);
        put32(p + 28, f->actions);
        for (size_t i = 0; i < f->n_ports; i++) {
            ofp_codec_put_port(version, &f->ports[i],
                               ofpbuf_put_uninit(out, OFP10_PORT_LEN));
        }
    } else {
        p[21] = f->auxiliary_id;
        put32(p + 24, f->capabilities);
    }
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_features_reply(const struct ofp_header *oh,
                          struct ofp_features *f)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    memset(f, 0, sizeof *f);
    if (len < 32) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    f->datapath_id = get64(p + 8);
    f->n_buffers = get32(p + 16);
    f->n_tables = p[20];
    f->capabilities = get32(p + 24);
    if (oh->version == OFP10_VERSION) {
        f->capabilities &= OFPC10_MASK;
        if ((len - 32) % OFP10_PORT_LEN) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        f->actions = get32(p + 28);
        f->n_ports = (len - 32) / OFP10_PORT_LEN;
        f->ports = f->n_ports ? xcalloc(f->n_ports, sizeof *f->ports)
                              : NULL;
        for (size_t i = 0; i < f->n_ports; i++) {
            ofp_codec_get_port(oh->version, p + 32 + i * OFP10_PORT_LEN,
                               &f->ports[i]);
        }
    } else {
        if (len != 32) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        f->auxiliary_id = p[21];
    }
    return 0;
}

void
ofp_features_uninit(struct ofp_features *f)
{
    if (f) {
        free(f->ports);
        f->ports = NULL;
        f->n_ports = 0;
    }
}

void
ofp_encode_switch_config(enum ofptype type, uint8_t version, uint32_t xid,
                         const struct ofp_switch_config *config,
                         struct ofpbuf *out)
{
    size_t start = ofp_codec_start(out, version,
                                   type == OFPTYPE_SET_CONFIG ? 9 : 8,
                                   xid, 4);
    uint8_t *p = ofpbuf_at(out, start);
    put16(p + 8, config->flags);
    put16(p + 10, config->miss_send_len);
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_switch_config(const struct ofp_header *oh,
                         struct ofp_switch_config *config)
{
    const uint8_t *p = (const uint8_t *) oh;
    if (ofp_codec_msg_len(oh) != 12) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    config->flags = get16(p + 8);
    config->miss_send_len = get16(p + 10);
    return 0;
}

/* ---------------------------------------------------------------------
 * PACKET_IN, FLOW_REMOVED, PORT_STATUS.
 * ------------------------------------------------------------------- */

static void
match_set_in_port(struct match *match, uint32_t port)
{
    union mf_value value;
    memset(&value, 0, sizeof value);
    value.be32 = htonl(port);
    match_set_field(match, mf_from_id(MFF_IN_PORT), &value, NULL);
}

void
ofp_encode_packet_in(uint8_t version, uint32_t xid,
                     const struct ofp_packet_in *pin, struct ofpbuf *out)
{
    size_t start;
    if (version == OFP10_VERSION) {
        start = ofp_codec_start(out, version, 10, xid, 10);
        uint8_t *p = ofpbuf_at(out, start);
        put32(p + 8, pin->buffer_id);
        put16(p + 12, pin->total_len);
        put16(p + 14, ofp_port_to_ofp10(pin->match.flow.in_port));
        p[16] = pin->reason == OFPR_NO_MATCH ? OFPR_NO_MATCH : OFPR_ACTION;
    } else {
        size_t mlen = ofp_match13_len(&pin->match);
        start = ofp_codec_start(out, version, 10, xid, 16 + mlen + 2);
        uint8_t *p = ofpbuf_at(out, start);
        put32(p + 8, pin->buffer_id);
        put16(p + 12, pin->total_len);
        p[14] = pin->reason;
        p[15] = pin->table_id;
        put64(p + 16, pin->cookie);
        ofp_match13_encode(&pin->match, p + 24);
    }
    ofpbuf_put(out, pin->data, pin->len);
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_packet_in(const struct ofp_header *oh, struct ofp_packet_in *pin)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    memset(pin, 0, sizeof *pin);
    match_init_catchall(&pin->match);
    if (oh->version == OFP10_VERSION) {
        if (len < 18) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pin->buffer_id = get32(p + 8);
        pin->total_len = get16(p + 12);
        match_set_in_port(&pin->match, ofp_port_from_ofp10(get16(p + 14)));
        pin->reason = p[16];
        pin->data = p + 18;
        pin->len = len - 18;
        return 0;
    }
    if (len < 24 + 8 + 2) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pin->buffer_id = get32(p + 8);
    pin->total_len = get16(p + 12);
    pin->reason = p[14];
    pin->table_id = p[15];
    pin->cookie = get64(p + 16);
    size_t mlen;
    ofperr error = ofp_match13_decode(p + 24, len - 24, &pin->match, &mlen);
    if (error) {
        return error;
    }
    if (len < 24 + mlen + 2) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pin->data = p + 24 + mlen + 2;
    pin->len = len - 24 - mlen - 2;
    return 0;
}

void
ofp_encode_flow_removed(uint8_t version, uint32_t xid,
                        const struct ofp_flow_removed *fr,
                        struct ofpbuf *out)
{
    size_t start;
    if (version == OFP10_VERSION) {
        start = ofp_codec_start(out, version, 11, xid, 80);
        uint8_t *p = ofpbuf_at(out, start);
        ofp_match10_encode(&fr->match, p + 8);
        put64(p + 48, fr->cookie);
        put16(p + 56, fr->priority);
        p[58] = (fr->reason == OFPRR_GROUP_DELETE ? OFPRR_DELETE
                 : fr->reason);
        put32(p + 60, fr->duration_sec);
        put32(p + 64, fr->duration_nsec);
        put16(p + 68, fr->idle_timeout);
        put64(p + 72, fr->packet_count);
        put64(p + 80, fr->byte_count);
    } else {
        size_t mlen = ofp_match13_len(&fr->match);
        start = ofp_codec_start(out, version, 11, xid, 40 + mlen);
        uint8_t *p = ofpbuf_at(out, start);
        put64(p + 8, fr->cookie);
        put16(p + 16, fr->priority);
        p[18] = fr->reason;
        p[19] = fr->table_id;
        put32(p + 20, fr->duration_sec);
        put32(p + 24, fr->duration_nsec);
        put16(p + 28, fr->idle_timeout);
        put16(p + 30, fr->hard_timeout);
        put64(p + 32, fr->packet_count);
        put64(p + 40, fr->byte_count);
        ofp_match13_encode(&fr->match, p + 48);
    }
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_flow_removed(const struct ofp_header *oh,
                        struct ofp_flow_removed *fr)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    memset(fr, 0, sizeof *fr);
    if (oh->version == OFP10_VERSION) {
        if (len != 88) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ofperr error = ofp_match10_decode(p + 8, &fr->match);
        if (error) {
            return error;
        }
        fr->cookie = get64(p + 48);
        fr->priority = get16(p + 56);
        fr->reason = p[58];
        fr->duration_sec = get32(p + 60);
        fr->duration_nsec = get32(p + 64);
        fr->idle_timeout = get16(p + 68);
        fr->packet_count = get64(p + 72);
        fr->byte_count = get64(p + 80);
        return 0;
    }
    if (len < 56) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    fr->cookie = get64(p + 8);
    fr->priority = get16(p + 16);
    fr->reason = p[18];
    fr->table_id = p[19];
    fr->duration_sec = get32(p + 20);
    fr->duration_nsec = get32(p + 24);
    fr->idle_timeout = get16(p + 28);
    fr->hard_timeout = get16(p + 30);
    fr->packet_count = get64(p + 32);
    fr->byte_count = get64(p + 40);
    size_t mlen;
    ofperr error = ofp_match13_decode(p + 48, len - 48, &fr->match, &mlen);
    if (!error && 48 + mlen != len) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    return error;
}

void
ofp_encode_port_status(uint8_t version, uint32_t xid,
                       const struct ofp_port_status *ps, struct ofpbuf *out)
{
    size_t start = ofp_codec_start(out, version, 12, xid,
                                   8 + ofp_codec_port_len(version));
    uint8_t *p = ofpbuf_at(out, start);
    p[8] = ps->reason;
    ofp_codec_put_port(version, &ps->desc, p + 16);
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_port_status(const struct ofp_header *oh,
                       struct ofp_port_status *ps)
{
    const uint8_t *p = (const uint8_t *) oh;
    memset(ps, 0, sizeof *ps);
    if (ofp_codec_msg_len(oh) != 16 + ofp_codec_port_len(oh->version)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ps->reason = p[8];
    ofp_codec_get_port(oh->version, p + 16, &ps->desc);
    return 0;
}

/* ---------------------------------------------------------------------
 * ROLE, ASYNC, QUEUE_GET_CONFIG.
 * ------------------------------------------------------------------- */

ofperr
ofp_encode_role(enum ofptype type, uint8_t version, uint32_t xid,
                const struct ofp_role *role, struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t start = ofp_codec_start(out, version,
                                   type == OFPTYPE_ROLE_REPLY ? 25 : 24,
                                   xid, 16);
    uint8_t *p = ofpbuf_at(out, start);
    put32(p + 8, role->role);
    put64(p + 16, role->generation_id);
    ofp_codec_finish(out, start);
    return 0;
}

ofperr
ofp_decode_role(const struct ofp_header *oh, struct ofp_role *role)
{
    const uint8_t *p = (const uint8_t *) oh;
    if (ofp_codec_msg_len(oh) != 24) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint32_t r = get32(p + 8);
    if (r > OFPCR_ROLE_SLAVE) {
        return OFPERR_OFPRRFC_BAD_ROLE;
    }
    role->role = r;
    role->generation_id = get64(p + 16);
    return 0;
}

ofperr
ofp_encode_async_config(enum ofptype type, uint8_t version, uint32_t xid,
                        const struct ofp_async_config *ac,
                        struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t start = ofp_codec_start(out, version,
                                   type == OFPTYPE_SET_ASYNC ? 28 : 27,
                                   xid, 24);
    uint8_t *p = ofpbuf_at(out, start);
    for (int i = 0; i < 2; i++) {
        put32(p + 8 + 4 * i, ac->packet_in_mask[i]);
        put32(p + 16 + 4 * i, ac->port_status_mask[i]);
        put32(p + 24 + 4 * i, ac->flow_removed_mask[i]);
    }
    ofp_codec_finish(out, start);
    return 0;
}

ofperr
ofp_decode_async_config(const struct ofp_header *oh,
                        struct ofp_async_config *ac)
{
    const uint8_t *p = (const uint8_t *) oh;
    if (ofp_codec_msg_len(oh) != 32) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    for (int i = 0; i < 2; i++) {
        ac->packet_in_mask[i] = get32(p + 8 + 4 * i);
        ac->port_status_mask[i] = get32(p + 16 + 4 * i);
        ac->flow_removed_mask[i] = get32(p + 24 + 4 * i);
    }
    return 0;
}

void
ofp_encode_queue_get_config_request(uint8_t version, uint32_t xid,
                                    uint32_t port, struct ofpbuf *out)
{
    size_t start;
    if (version == OFP10_VERSION) {
        start = ofp_codec_start(out, version, 20, xid, 4);
        put16(ofpbuf_at(out, start + 8), ofp_port_to_ofp10(port));
    } else {
        start = ofp_codec_start(out, version, 22, xid, 8);
        put32(ofpbuf_at(out, start + 8), port);
    }
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_queue_get_config_request(const struct ofp_header *oh,
                                    uint32_t *portp)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    if (oh->version == OFP10_VERSION) {
        if (len != 12) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        *portp = ofp_port_from_ofp10(get16(p + 8));
    } else {
        if (len != 16) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        *portp = get32(p + 8);
    }
    return 0;
}

void
ofp_encode_queue_get_config_reply(uint8_t version, uint32_t xid,
                                  uint32_t port, struct ofpbuf *out)
{
    size_t start;
    if (version == OFP10_VERSION) {
        start = ofp_codec_start(out, version, 21, xid, 8);
        put16(ofpbuf_at(out, start + 8), ofp_port_to_ofp10(port));
    } else {
        start = ofp_codec_start(out, version, 23, xid, 8);
        put32(ofpbuf_at(out, start + 8), port);
    }
    ofp_codec_finish(out, start);
}
