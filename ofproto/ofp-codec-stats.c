/* The OpenFlow message codec: multipart (OF1.0: stats) requests and
 * replies.  See ofp-codec.h for the contracts. */
#include "ofproto/ofp-codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofproto/meta-flow.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-codec-private.h"
#include "ofproto/ofp-match.h"

/* Multipart types. */
enum {
    MP_DESC = 0,
    MP_FLOW = 1,
    MP_AGGREGATE = 2,
    MP_TABLE = 3,
    MP_PORT_STATS = 4,
    MP_QUEUE = 5,
    MP_GROUP = 6,
    MP_GROUP_DESC = 7,
    MP_GROUP_FEATURES = 8,
    MP_TABLE_FEATURES = 12,
    MP_PORT_DESC = 13,
};

static size_t
mp_hdr_len(uint8_t version)
{
    return version == OFP10_VERSION ? OFP10_STATS_HDR_LEN
                                    : OFP13_MP_HDR_LEN;
}

/* Appends the start of a multipart message of 'version' ('request'
 * chooses the raw type) with multipart type 'mp_type' and 'body_len' zero
 * bytes of body; returns its offset. */
static size_t
mp_start(struct ofpbuf *out, uint8_t version, bool request, uint32_t xid,
         uint16_t mp_type, size_t body_len)
{
    uint8_t raw = (version == OFP10_VERSION
                   ? (request ? OFPT10_STATS_REQUEST : OFPT10_STATS_REPLY)
                   : (request ? OFPT13_MULTIPART_REQUEST
                      : OFPT13_MULTIPART_REPLY));
    size_t start = ofp_codec_start(out, version, raw, xid,
                                   mp_hdr_len(version) - OFP_HEADER_LEN
                                   + body_len);
    put16(ofpbuf_at(out, start + 8), mp_type);
    return start;
}

/* A multipart reply being built, split into messages below 64 KiB. */
struct mp_reply {
    struct ofpbuf *out;
    uint8_t version;
    uint32_t xid;
    uint16_t mp_type;
    size_t start;                    /* Offset of the current message. */
};

static void
mp_reply_begin(struct mp_reply *r, struct ofpbuf *out, uint8_t version,
               uint32_t xid, uint16_t mp_type)
{
    r->out = out;
    r->version = version;
    r->xid = xid;
    r->mp_type = mp_type;
    r->start = mp_start(out, version, false, xid, mp_type, 0);
}

/* Returns room for an entry of 'len' bytes (zeroed) in the reply,
 * starting a new message first if the current one would exceed the
 * maximum length.  Returns NULL if the entry cannot fit in any message
 * (the caller then leaves it out). */
static uint8_t *
mp_reply_put(struct mp_reply *r, size_t len)
{
    size_t hdr = mp_hdr_len(r->version);
    if (len > OFP_MAX_MSG_LEN - hdr) {
        return NULL;
    }
    size_t cur = r->out->size - r->start;
    if (cur + len > OFP_MAX_MSG_LEN) {
        uint8_t *p = ofpbuf_at(r->out, r->start);
        put16(p + 10, OFPMPF_REPLY_MORE);
        ofp_codec_finish(r->out, r->start);
        r->start = mp_start(r->out, r->version, false, r->xid, r->mp_type,
                            0);
    }
    return ofpbuf_put_zeros(r->out, len);
}

static void
mp_reply_end(struct mp_reply *r)
{
    ofp_codec_finish(r->out, r->start);
}

/* Copies the string 'src' into the 'size'-byte wire field at 'dst',
 * NUL-padded and truncated to leave a NUL. */
static void
put_string(uint8_t *dst, const char *src, size_t size)
{
    memcpy(dst, src, strnlen(src, size - 1));
}

static void
get_string(char *dst, const uint8_t *src, size_t size)
{
    memcpy(dst, src, size);
    dst[size - 1] = '\0';
}

/* Grows the array '*arrayp' of '*allocatedp' elements of 'size' bytes so
 * that it can hold element 'n'; returns that element, zeroed. */
static void *
grow(void **arrayp, size_t *allocatedp, size_t n, size_t size)
{
    if (n >= *allocatedp) {
        *allocatedp = *allocatedp ? 2 * *allocatedp : 8;
        *arrayp = xrealloc(*arrayp, *allocatedp * size);
    }
    void *elem = (char *) *arrayp + n * size;
    memset(elem, 0, size);
    return elem;
}

/* ---------------------------------------------------------------------
 * DESC.
 * ------------------------------------------------------------------- */

#define DESC_LEN 1056

void
ofp_encode_desc_reply(uint8_t version, uint32_t xid,
                      const struct ofp_desc *desc, struct ofpbuf *out)
{
    size_t start = mp_start(out, version, false, xid, MP_DESC, DESC_LEN);
    uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + mp_hdr_len(version);
    put_string(p, desc->mfr_desc, 256);
    put_string(p + 256, desc->hw_desc, 256);
    put_string(p + 512, desc->sw_desc, 256);
    put_string(p + 768, desc->serial_num, 32);
    put_string(p + 800, desc->dp_desc, 256);
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_desc_reply(const struct ofp_header *oh, struct ofp_desc *desc)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    if (len != DESC_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    get_string(desc->mfr_desc, p, 256);
    get_string(desc->hw_desc, p + 256, 256);
    get_string(desc->sw_desc, p + 512, 256);
    get_string(desc->serial_num, p + 768, 32);
    get_string(desc->dp_desc, p + 800, 256);
    return 0;
}

/* ---------------------------------------------------------------------
 * FLOW and AGGREGATE.
 * ------------------------------------------------------------------- */

#define FLOW_REQ10_LEN 44
#define FLOW_REQ13_LEN 32                /* Before the match. */
#define FLOW_STATS10_LEN 88              /* Before the actions. */
#define FLOW_STATS13_LEN 48              /* Before the match. */

ofperr
ofp_encode_flow_stats_request(uint8_t version, uint32_t xid,
                              const struct ofp_flow_stats_request *req,
                              struct ofpbuf *out)
{
    uint16_t type = req->aggregate ? MP_AGGREGATE : MP_FLOW;
    size_t start;
    if (version == OFP10_VERSION) {
        start = mp_start(out, version, true, xid, type, FLOW_REQ10_LEN);
        uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + OFP10_STATS_HDR_LEN;
        ofp_match10_encode(&req->match, p);
        p[40] = req->table_id;
        put16(p + 42, ofp_port_to_ofp10(req->out_port));
    } else {
        size_t mlen = ofp_match13_len(&req->match);
        start = mp_start(out, version, true, xid, type,
                         FLOW_REQ13_LEN + mlen);
        uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + OFP13_MP_HDR_LEN;
        p[0] = req->table_id;
        put32(p + 4, req->out_port);
        put32(p + 8, req->out_group);
        put64(p + 16, req->cookie);
        put64(p + 24, req->cookie_mask);
        ofp_match13_encode(&req->match, p + FLOW_REQ13_LEN);
    }
    ofp_codec_finish(out, start);
    return 0;
}

ofperr
ofp_decode_flow_stats_request(const struct ofp_header *oh,
                              struct ofp_flow_stats_request *req)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    memset(req, 0, sizeof *req);
    req->aggregate = get16((const uint8_t *) oh + 8) == MP_AGGREGATE;
    if (oh->version == OFP10_VERSION) {
        if (len != FLOW_REQ10_LEN) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        req->table_id = p[40];
        req->out_port = ofp_port_from_ofp10(get16(p + 42));
        req->out_group = OFPG_ANY;
        return ofp_match10_decode(p, &req->match);
    }
    if (len < FLOW_REQ13_LEN + 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    req->table_id = p[0];
    req->out_port = get32(p + 4);
    req->out_group = get32(p + 8);
    req->cookie = get64(p + 16);
    req->cookie_mask = get64(p + 24);
    size_t mlen;
    ofperr error = ofp_match13_decode(p + FLOW_REQ13_LEN,
                                      len - FLOW_REQ13_LEN, &req->match,
                                      &mlen);
    if (!error && FLOW_REQ13_LEN + mlen != len) {
        error = OFPERR_OFPBRC_BAD_LEN;
    }
    return error;
}

static void
put_flow_stats10(struct mp_reply *r, const struct ofp_flow_stats *fs)
{
    const struct ofpinsts *insts = &fs->insts;
    size_t alen = ofp_actions10_len(insts->apply, insts->n_apply);
    uint8_t *p = mp_reply_put(r, FLOW_STATS10_LEN + alen);
    if (!p) {
        return;
    }
    put16(p, FLOW_STATS10_LEN + alen);
    p[2] = fs->table_id;
    ofp_match10_encode(&fs->match, p + 4);
    put32(p + 44, fs->duration_sec);
    put32(p + 48, fs->duration_nsec);
    put16(p + 52, fs->priority);
    put16(p + 54, fs->idle_timeout);
    put16(p + 56, fs->hard_timeout);
    put64(p + 64, fs->cookie);
    put64(p + 72, fs->packet_count);
    put64(p + 80, fs->byte_count);
    ofp_actions10_encode(insts->apply, insts->n_apply,
                         p + FLOW_STATS10_LEN);
}

static void
put_flow_stats13(struct mp_reply *r, const struct ofp_flow_stats *fs)
{
    size_t mlen = ofp_match13_len(&fs->match);
    size_t ilen = ofp_insts13_len(&fs->insts);
    uint8_t *p = mp_reply_put(r, FLOW_STATS13_LEN + mlen + ilen);
    if (!p) {
        return;
    }
    put16(p, FLOW_STATS13_LEN + mlen + ilen);
    p[2] = fs->table_id;
    put32(p + 4, fs->duration_sec);
    put32(p + 8, fs->duration_nsec);
    put16(p + 12, fs->priority);
    put16(p + 14, fs->idle_timeout);
    put16(p + 16, fs->hard_timeout);
    put16(p + 18, fs->flags);
    put64(p + 24, fs->cookie);
    put64(p + 32, fs->packet_count);
    put64(p + 40, fs->byte_count);
    ofp_match13_encode(&fs->match, p + FLOW_STATS13_LEN);
    ofp_insts13_encode(&fs->insts, p + FLOW_STATS13_LEN + mlen);
}

ofperr
ofp_encode_flow_stats_reply(uint8_t version, uint32_t xid,
                            const struct ofp_flow_stats *stats, size_t n,
                            struct ofpbuf *out)
{
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_FLOW);
    for (size_t i = 0; i < n; i++) {
        if (version == OFP10_VERSION) {
            put_flow_stats10(&r, &stats[i]);
        } else {
            put_flow_stats13(&r, &stats[i]);
        }
    }
    mp_reply_end(&r);
    return 0;
}

/* Decodes the 'len'-byte flow stats entry at 'p' into 'fs'. */
static ofperr
get_flow_stats(uint8_t version, const uint8_t *p, size_t len,
               struct ofp_flow_stats *fs)
{
    ofpinsts_init(&fs->insts);
    fs->table_id = p[2];
    if (version == OFP10_VERSION) {
        if (len < FLOW_STATS10_LEN) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fs->duration_sec = get32(p + 44);
        fs->duration_nsec = get32(p + 48);
        fs->priority = get16(p + 52);
        fs->idle_timeout = get16(p + 54);
        fs->hard_timeout = get16(p + 56);
        fs->cookie = get64(p + 64);
        fs->packet_count = get64(p + 72);
        fs->byte_count = get64(p + 80);
        ofperr error = ofp_match10_decode(p + 4, &fs->match);
        if (!error) {
            error = ofp_actions10_decode(p + FLOW_STATS10_LEN,
                                         len - FLOW_STATS10_LEN, &fs->match,
                                         &fs->insts.apply,
                                         &fs->insts.n_apply);
            fs->insts.has_apply = !error;
        }
        return error;
    }
    if (len < FLOW_STATS13_LEN + 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    fs->duration_sec = get32(p + 4);
    fs->duration_nsec = get32(p + 8);
    fs->priority = get16(p + 12);
    fs->idle_timeout = get16(p + 14);
    fs->hard_timeout = get16(p + 16);
    fs->flags = get16(p + 18);
    fs->cookie = get64(p + 24);
    fs->packet_count = get64(p + 32);
    fs->byte_count = get64(p + 40);
    size_t mlen;
    ofperr error = ofp_match13_decode(p + FLOW_STATS13_LEN,
                                      len - FLOW_STATS13_LEN, &fs->match,
                                      &mlen);
    if (!error) {
        size_t off = FLOW_STATS13_LEN + mlen;
        error = ofp_insts13_decode(p + off, len - off, &fs->insts);
    }
    return error;
}

ofperr
ofp_decode_flow_stats_reply(const struct ofp_header *oh,
                            struct ofp_flow_stats **statsp, size_t *np)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    struct ofp_flow_stats *stats = NULL;
    size_t n = 0, allocated = 0;
    *statsp = NULL;
    *np = 0;
    while (len > 0) {
        size_t elen = len >= 2 ? get16(p) : 0;
        if (elen < 4 || elen > len) {
            ofp_flow_stats_free(stats, n);
            return OFPERR_OFPBRC_BAD_LEN;
        }
        struct ofp_flow_stats *fs = grow((void **) &stats, &allocated, n,
                                         sizeof *stats);
        ofperr error = get_flow_stats(oh->version, p, elen, fs);
        if (error) {
            ofp_flow_stats_free(stats, n);
            return error;
        }
        n++;
        p += elen;
        len -= elen;
    }
    *statsp = stats;
    *np = n;
    return 0;
}

void
ofp_flow_stats_free(struct ofp_flow_stats *stats, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofpinsts_destroy(&stats[i].insts);
    }
    free(stats);
}

void
ofp_encode_aggregate_stats_reply(uint8_t version, uint32_t xid,
                                 const struct ofp_aggregate_stats *as,
                                 struct ofpbuf *out)
{
    size_t start = mp_start(out, version, false, xid, MP_AGGREGATE, 24);
    uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + mp_hdr_len(version);
    put64(p, as->packet_count);
    put64(p + 8, as->byte_count);
    put32(p + 16, as->flow_count);
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_aggregate_stats_reply(const struct ofp_header *oh,
                                 struct ofp_aggregate_stats *as)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    if (len != 24) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    as->packet_count = get64(p);
    as->byte_count = get64(p + 8);
    as->flow_count = get32(p + 16);
    return 0;
}

/* ---------------------------------------------------------------------
 * TABLE.
 * ------------------------------------------------------------------- */

#define TABLE_STATS10_LEN 64
#define TABLE_STATS13_LEN 24
#define TABLE_MAX_ENTRIES 1000000

void
ofp_encode_table_stats_reply(uint8_t version, uint32_t xid,
                             const struct ofp_table_stats *stats, size_t n,
                             struct ofpbuf *out)
{
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_TABLE);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_table_stats *ts = &stats[i];
        if (version == OFP10_VERSION) {
            uint8_t *p = mp_reply_put(&r, TABLE_STATS10_LEN);
            char name[32];
            snprintf(name, sizeof name, "table%u", ts->table_id);
            p[0] = ts->table_id;
            put_string(p + 4, name, 32);
            put32(p + 36, OFPFW10_ALL);
            put32(p + 40, TABLE_MAX_ENTRIES);
            put32(p + 44, ts->active_count);
            put64(p + 48, ts->lookup_count);
            put64(p + 56, ts->matched_count);
        } else {
            uint8_t *p = mp_reply_put(&r, TABLE_STATS13_LEN);
            p[0] = ts->table_id;
            put32(p + 4, ts->active_count);
            put64(p + 8, ts->lookup_count);
            put64(p + 16, ts->matched_count);
        }
    }
    mp_reply_end(&r);
}

/* Checks that the body of multipart reply 'oh' holds a whole number of
 * 'elen'-byte entries.  Stores the body in '*pp', the number of entries in
 * '*np' and a zeroed array of that many 'size'-byte elements in '*arrayp'
 * (NULL if there are none; the caller frees it).  Returns 0 or
 * OFPBRC_BAD_LEN (with '*np' 0 and '*arrayp' NULL). */
static ofperr
mp_fixed_entries(const struct ofp_header *oh, size_t elen, size_t size,
                 const uint8_t **pp, size_t *np, void **arrayp)
{
    size_t len;
    *pp = ofp_codec_mp_body(oh, &len);
    *np = 0;
    *arrayp = NULL;
    if (len % elen) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *np = len / elen;
    *arrayp = *np ? xcalloc(*np, size) : NULL;
    return 0;
}

ofperr
ofp_decode_table_stats_reply(const struct ofp_header *oh,
                             struct ofp_table_stats **statsp, size_t *np)
{
    bool v10 = oh->version == OFP10_VERSION;
    size_t elen = v10 ? TABLE_STATS10_LEN : TABLE_STATS13_LEN;
    const uint8_t *p;
    size_t n;
    void *array;
    ofperr error = mp_fixed_entries(oh, elen, sizeof(struct ofp_table_stats),
                                    &p, &n, &array);
    struct ofp_table_stats *stats = array;
    *statsp = NULL;
    *np = 0;
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n; i++, p += elen) {
        struct ofp_table_stats *ts = &stats[i];
        ts->table_id = p[0];
        if (v10) {
            ts->active_count = get32(p + 44);
            ts->lookup_count = get64(p + 48);
            ts->matched_count = get64(p + 56);
        } else {
            ts->active_count = get32(p + 4);
            ts->lookup_count = get64(p + 8);
            ts->matched_count = get64(p + 16);
        }
    }
    *statsp = stats;
    *np = n;
    return 0;
}

/* ---------------------------------------------------------------------
 * PORT_STATS, PORT_DESC.
 * ------------------------------------------------------------------- */

#define PORT_STATS10_LEN 104
#define PORT_STATS13_LEN 112

void
ofp_encode_port_stats_request(uint8_t version, uint32_t xid, uint32_t port,
                              struct ofpbuf *out)
{
    size_t start = mp_start(out, version, true, xid, MP_PORT_STATS, 8);
    uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + mp_hdr_len(version);
    if (version == OFP10_VERSION) {
        put16(p, ofp_port_to_ofp10(port));
    } else {
        put32(p, port);
    }
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_port_stats_request(const struct ofp_header *oh, uint32_t *portp)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    if (len != 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *portp = (oh->version == OFP10_VERSION ? ofp_port_from_ofp10(get16(p))
              : get32(p));
    return 0;
}

void
ofp_encode_port_stats_reply(uint8_t version, uint32_t xid,
                            const struct ofp_port_stats *stats, size_t n,
                            struct ofpbuf *out)
{
    bool v10 = version == OFP10_VERSION;
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_PORT_STATS);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_port_stats *ps = &stats[i];
        uint8_t *p = mp_reply_put(&r, v10 ? PORT_STATS10_LEN
                                          : PORT_STATS13_LEN);
        const uint64_t c[12] = {
            ps->rx_packets, ps->tx_packets, ps->rx_bytes, ps->tx_bytes,
            ps->rx_dropped, ps->tx_dropped, ps->rx_errors, ps->tx_errors,
            ps->rx_frame_err, ps->rx_over_err, ps->rx_crc_err,
            ps->collisions,
        };
        if (v10) {
            put16(p, ofp_port_to_ofp10(ps->port_no));
        } else {
            put32(p, ps->port_no);
            put32(p + 104, ps->duration_sec);
            put32(p + 108, ps->duration_nsec);
        }
        for (int j = 0; j < 12; j++) {
            put64(p + 8 + 8 * j, c[j]);
        }
    }
    mp_reply_end(&r);
}

ofperr
ofp_decode_port_stats_reply(const struct ofp_header *oh,
                            struct ofp_port_stats **statsp, size_t *np)
{
    bool v10 = oh->version == OFP10_VERSION;
    size_t elen = v10 ? PORT_STATS10_LEN : PORT_STATS13_LEN;
    const uint8_t *p;
    size_t n;
    void *array;
    ofperr error = mp_fixed_entries(oh, elen, sizeof(struct ofp_port_stats),
                                    &p, &n, &array);
    struct ofp_port_stats *stats = array;
    *statsp = NULL;
    *np = 0;
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n; i++, p += elen) {
        struct ofp_port_stats *ps = &stats[i];
        uint64_t *c[12] = {
            &ps->rx_packets, &ps->tx_packets, &ps->rx_bytes, &ps->tx_bytes,
            &ps->rx_dropped, &ps->tx_dropped, &ps->rx_errors,
            &ps->tx_errors, &ps->rx_frame_err, &ps->rx_over_err,
            &ps->rx_crc_err, &ps->collisions,
        };
        if (v10) {
            ps->port_no = ofp_port_from_ofp10(get16(p));
        } else {
            ps->port_no = get32(p);
            ps->duration_sec = get32(p + 104);
            ps->duration_nsec = get32(p + 108);
        }
        for (int j = 0; j < 12; j++) {
            *c[j] = get64(p + 8 + 8 * j);
        }
    }
    *statsp = stats;
    *np = n;
    return 0;
}

ofperr
ofp_encode_port_desc_reply(uint8_t version, uint32_t xid,
                           const struct ofp_port_desc *ports, size_t n,
                           struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_PORT_DESC);
    for (size_t i = 0; i < n; i++) {
        ofp_codec_put_port(version, &ports[i],
                           mp_reply_put(&r, OFP13_PORT_LEN));
    }
    mp_reply_end(&r);
    return 0;
}

ofperr
ofp_decode_port_desc_reply(const struct ofp_header *oh,
                           struct ofp_port_desc **portsp, size_t *np)
{
    const uint8_t *p;
    size_t n;
    void *array;
    ofperr error = mp_fixed_entries(oh, OFP13_PORT_LEN,
                                    sizeof(struct ofp_port_desc), &p, &n,
                                    &array);
    struct ofp_port_desc *ports = array;
    *portsp = NULL;
    *np = 0;
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n; i++) {
        ofp_codec_get_port(oh->version, p + i * OFP13_PORT_LEN, &ports[i]);
    }
    *portsp = ports;
    *np = n;
    return 0;
}

/* ---------------------------------------------------------------------
 * QUEUE.
 * ------------------------------------------------------------------- */

#define QUEUE_STATS10_LEN 32
#define QUEUE_STATS13_LEN 40
#define OFPP10_ALL 0xfffc

void
ofp_encode_queue_stats_request(uint8_t version, uint32_t xid,
                               uint32_t port, uint32_t queue_id,
                               struct ofpbuf *out)
{
    size_t start = mp_start(out, version, true, xid, MP_QUEUE, 8);
    uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + mp_hdr_len(version);
    if (version == OFP10_VERSION) {
        put16(p, port == OFPP_ANY ? OFPP10_ALL : ofp_port_to_ofp10(port));
    } else {
        put32(p, port);
    }
    put32(p + 4, queue_id);
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_queue_stats_request(const struct ofp_header *oh, uint32_t *portp,
                               uint32_t *queue_idp)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    if (len != 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (oh->version == OFP10_VERSION) {
        uint16_t port10 = get16(p);
        *portp = port10 == OFPP10_ALL ? OFPP_ANY
                                      : ofp_port_from_ofp10(port10);
    } else {
        *portp = get32(p);
    }
    *queue_idp = get32(p + 4);
    return 0;
}

void
ofp_encode_queue_stats_reply(uint8_t version, uint32_t xid,
                             const struct ofp_queue_stats *stats, size_t n,
                             struct ofpbuf *out)
{
    bool v10 = version == OFP10_VERSION;
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_QUEUE);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_queue_stats *qs = &stats[i];
        uint8_t *p = mp_reply_put(&r, v10 ? QUEUE_STATS10_LEN
                                          : QUEUE_STATS13_LEN);
        if (v10) {
            put16(p, ofp_port_to_ofp10(qs->port_no));
        } else {
            put32(p, qs->port_no);
            put32(p + 32, qs->duration_sec);
            put32(p + 36, qs->duration_nsec);
        }
        put32(p + 4, qs->queue_id);
        put64(p + 8, qs->tx_bytes);
        put64(p + 16, qs->tx_packets);
        put64(p + 24, qs->tx_errors);
    }
    mp_reply_end(&r);
}

ofperr
ofp_decode_queue_stats_reply(const struct ofp_header *oh,
                             struct ofp_queue_stats **statsp, size_t *np)
{
    bool v10 = oh->version == OFP10_VERSION;
    size_t elen = v10 ? QUEUE_STATS10_LEN : QUEUE_STATS13_LEN;
    const uint8_t *p;
    size_t n;
    void *array;
    ofperr error = mp_fixed_entries(oh, elen, sizeof(struct ofp_queue_stats),
                                    &p, &n, &array);
    struct ofp_queue_stats *stats = array;
    *statsp = NULL;
    *np = 0;
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n; i++, p += elen) {
        struct ofp_queue_stats *qs = &stats[i];
        if (v10) {
            qs->port_no = ofp_port_from_ofp10(get16(p));
        } else {
            qs->port_no = get32(p);
            qs->duration_sec = get32(p + 32);
            qs->duration_nsec = get32(p + 36);
        }
        qs->queue_id = get32(p + 4);
        qs->tx_bytes = get64(p + 8);
        qs->tx_packets = get64(p + 16);
        qs->tx_errors = get64(p + 24);
    }
    *statsp = stats;
    *np = n;
    return 0;
}

/* ---------------------------------------------------------------------
 * GROUP, GROUP_DESC, GROUP_FEATURES.
 * ------------------------------------------------------------------- */

#define GROUP_STATS_LEN 40
#define BUCKET_COUNTER_LEN 16
#define GROUP_DESC_LEN 8
#define GROUP_FEATURES_LEN 40

ofperr
ofp_encode_group_stats_request(uint8_t version, uint32_t xid,
                               uint32_t group_id, struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t start = mp_start(out, version, true, xid, MP_GROUP, 8);
    put32(ofpbuf_at(out, start + OFP13_MP_HDR_LEN), group_id);
    ofp_codec_finish(out, start);
    return 0;
}

ofperr
ofp_decode_group_stats_request(const struct ofp_header *oh,
                               uint32_t *group_idp)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    if (len != 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *group_idp = get32(p);
    return 0;
}

ofperr
ofp_encode_group_stats_reply(uint8_t version, uint32_t xid,
                             const struct ofp_group_stats *stats, size_t n,
                             struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_GROUP);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_group_stats *gs = &stats[i];
        size_t elen = GROUP_STATS_LEN + gs->n_buckets * BUCKET_COUNTER_LEN;
        uint8_t *p = mp_reply_put(&r, elen);
        if (!p) {
            continue;
        }
        put16(p, elen);
        put32(p + 4, gs->group_id);
        put32(p + 8, gs->ref_count);
        put64(p + 16, gs->packet_count);
        put64(p + 24, gs->byte_count);
        put32(p + 32, gs->duration_sec);
        put32(p + 36, gs->duration_nsec);
        for (size_t j = 0; j < gs->n_buckets; j++) {
            uint8_t *b = p + GROUP_STATS_LEN + j * BUCKET_COUNTER_LEN;
            put64(b, gs->buckets[j].packet_count);
            put64(b + 8, gs->buckets[j].byte_count);
        }
    }
    mp_reply_end(&r);
    return 0;
}

ofperr
ofp_decode_group_stats_reply(const struct ofp_header *oh,
                             struct ofp_group_stats **statsp, size_t *np)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    struct ofp_group_stats *stats = NULL;
    size_t n = 0, allocated = 0;
    *statsp = NULL;
    *np = 0;
    while (len > 0) {
        size_t elen = len >= 2 ? get16(p) : 0;
        if (elen < GROUP_STATS_LEN || elen > len
            || (elen - GROUP_STATS_LEN) % BUCKET_COUNTER_LEN) {
            ofp_group_stats_free(stats, n);
            return OFPERR_OFPBRC_BAD_LEN;
        }
        struct ofp_group_stats *gs = grow((void **) &stats, &allocated, n,
                                          sizeof *stats);
        gs->group_id = get32(p + 4);
        gs->ref_count = get32(p + 8);
        gs->packet_count = get64(p + 16);
        gs->byte_count = get64(p + 24);
        gs->duration_sec = get32(p + 32);
        gs->duration_nsec = get32(p + 36);
        gs->n_buckets = (elen - GROUP_STATS_LEN) / BUCKET_COUNTER_LEN;
        gs->buckets = (gs->n_buckets
                       ? xcalloc(gs->n_buckets, sizeof *gs->buckets)
                       : NULL);
        for (size_t j = 0; j < gs->n_buckets; j++) {
            const uint8_t *b = p + GROUP_STATS_LEN + j * BUCKET_COUNTER_LEN;
            gs->buckets[j].packet_count = get64(b);
            gs->buckets[j].byte_count = get64(b + 8);
        }
        n++;
        p += elen;
        len -= elen;
    }
    *statsp = stats;
    *np = n;
    return 0;
}

void
ofp_group_stats_free(struct ofp_group_stats *stats, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(stats[i].buckets);
    }
    free(stats);
}

ofperr
ofp_encode_group_desc_reply(uint8_t version, uint32_t xid,
                            const struct ofp_group_desc *descs, size_t n,
                            struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_GROUP_DESC);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_group_desc *gd = &descs[i];
        size_t blen = ofp_codec_buckets_len(gd->buckets, gd->n_buckets);
        uint8_t *p = mp_reply_put(&r, GROUP_DESC_LEN + blen);
        if (!p) {
            continue;
        }
        put16(p, GROUP_DESC_LEN + blen);
        p[2] = gd->type;
        put32(p + 4, gd->group_id);
        ofp_codec_put_buckets(gd->buckets, gd->n_buckets,
                              p + GROUP_DESC_LEN);
    }
    mp_reply_end(&r);
    return 0;
}

ofperr
ofp_decode_group_desc_reply(const struct ofp_header *oh,
                            struct ofp_group_desc **descsp, size_t *np)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    struct ofp_group_desc *descs = NULL;
    size_t n = 0, allocated = 0;
    *descsp = NULL;
    *np = 0;
    while (len > 0) {
        size_t elen = len >= 2 ? get16(p) : 0;
        if (elen < GROUP_DESC_LEN || elen > len) {
            ofp_group_desc_free(descs, n);
            return OFPERR_OFPBRC_BAD_LEN;
        }
        struct ofp_group_desc *gd = grow((void **) &descs, &allocated, n,
                                         sizeof *descs);
        gd->type = p[2];
        gd->group_id = get32(p + 4);
        ofperr error = ofp_codec_get_buckets(p + GROUP_DESC_LEN,
                                             elen - GROUP_DESC_LEN,
                                             &gd->buckets, &gd->n_buckets);
        if (error) {
            ofp_group_desc_free(descs, n);
            return error;
        }
        n++;
        p += elen;
        len -= elen;
    }
    *descsp = descs;
    *np = n;
    return 0;
}

void
ofp_group_desc_free(struct ofp_group_desc *descs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofp_buckets_free(descs[i].buckets, descs[i].n_buckets);
    }
    free(descs);
}

ofperr
ofp_encode_group_features_reply(uint8_t version, uint32_t xid,
                                const struct ofp_group_features *gf,
                                struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t start = mp_start(out, version, false, xid, MP_GROUP_FEATURES,
                            GROUP_FEATURES_LEN);
    uint8_t *p = (uint8_t *) ofpbuf_at(out, start) + OFP13_MP_HDR_LEN;
    put32(p, gf->types);
    put32(p + 4, gf->capabilities);
    for (int i = 0; i < 4; i++) {
        put32(p + 8 + 4 * i, gf->max_groups[i]);
        put32(p + 24 + 4 * i, gf->actions[i]);
    }
    ofp_codec_finish(out, start);
    return 0;
}

ofperr
ofp_decode_group_features_reply(const struct ofp_header *oh,
                                struct ofp_group_features *gf)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    if (len != GROUP_FEATURES_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gf->types = get32(p);
    gf->capabilities = get32(p + 4);
    for (int i = 0; i < 4; i++) {
        gf->max_groups[i] = get32(p + 8 + 4 * i);
        gf->actions[i] = get32(p + 24 + 4 * i);
    }
    return 0;
}

/* ---------------------------------------------------------------------
 * TABLE_FEATURES.
 * ------------------------------------------------------------------- */

#define TABLE_FEATURES_LEN 64

enum {
    TFPT_INSTRUCTIONS = 0,
    TFPT_NEXT_TABLES = 2,
    TFPT_WRITE_ACTIONS = 4,
    TFPT_APPLY_ACTIONS = 6,
    TFPT_MATCH = 8,
    TFPT_WILDCARDS = 10,
    TFPT_WRITE_SETFIELD = 12,
    TFPT_APPLY_SETFIELD = 14,
};

/* The action types every table supports. */
static const uint16_t tf_actions[] = {
    OFPAT13_OUTPUT, OFPAT13_COPY_TTL_OUT, OFPAT13_COPY_TTL_IN,
    OFPAT13_SET_MPLS_TTL, OFPAT13_DEC_MPLS_TTL, OFPAT13_PUSH_VLAN,
    OFPAT13_POP_VLAN, OFPAT13_PUSH_MPLS, OFPAT13_POP_MPLS,
    OFPAT13_SET_QUEUE, OFPAT13_GROUP, OFPAT13_SET_NW_TTL,
    OFPAT13_DEC_NW_TTL, OFPAT13_SET_FIELD, OFPAT13_PUSH_PBB,
    OFPAT13_POP_PBB,
};

/* Which OXM fields a property lists. */
enum tf_fields {
    TF_MATCH,                        /* All, with hasmask if maskable. */
    TF_WILDCARDS,                    /* All. */
    TF_SETFIELD,                     /* The settable ones. */
};

/* Starts a table feature property of 'type' at the end of 'b'; returns
 * its offset for tf_prop_end(). */
static size_t
tf_prop_start(struct ofpbuf *b, uint16_t type)
{
    size_t start = b->size;
    put16(ofpbuf_put_zeros(b, 4), type);
    return start;
}

/* Sets the length of the property at 'start' and pads it to 8 bytes. */
static void
tf_prop_end(struct ofpbuf *b, size_t start)
{
    size_t len = b->size - start;
    put16(ofpbuf_at(b, start + 2), len);
    ofpbuf_put_zeros(b, (len + 7) / 8 * 8 - len);
}

/* Returns true if field 'mf' belongs in OF1.3 table features. */
static bool
tf_field_ok(const struct mf_field *mf)
{
    return mf->oxm_field >= 0 && mf->oxm_field <= 39;
}

static void
tf_put_fields(struct ofpbuf *b, uint16_t type, enum tf_fields which)
{
    size_t start = tf_prop_start(b, type);
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);
        if (!tf_field_ok(mf) || (which == TF_SETFIELD && !mf->settable)) {
            continue;
        }
        bool masked = which == TF_MATCH && mf->maskable;
        put32(ofpbuf_put_uninit(b, 4),
              OXM_HEADER(mf->oxm_field, masked,
                         masked ? 2 * mf->n_bytes : mf->n_bytes));
    }
    tf_prop_end(b, start);
}

/* Appends the properties of table 'table_id' of 'n_tables' to 'b'; each
 * property that has a _MISS twin (type + 1) is given twice. */
static void
tf_put_properties(struct ofpbuf *b, unsigned int table_id,
                  unsigned int n_tables)
{
    for (int miss = 0; miss < 2; miss++) {
        size_t start = tf_prop_start(b, TFPT_INSTRUCTIONS + miss);
        for (uint16_t it = OFPIT13_GOTO_TABLE; it <= OFPIT13_CLEAR_ACTIONS;
             it++) {
            if (it != OFPIT13_GOTO_TABLE || table_id + 1 < n_tables) {
                uint8_t *p = ofpbuf_put_uninit(b, 4);
                put16(p, it);
                put16(p + 2, 4);
            }
        }
        tf_prop_end(b, start);

        start = tf_prop_start(b, TFPT_NEXT_TABLES + miss);
        for (unsigned int t = table_id + 1; t < n_tables; t++) {
            *(uint8_t *) ofpbuf_put_uninit(b, 1) = t;
        }
        tf_prop_end(b, start);

        static const uint16_t action_props[] = {
            TFPT_WRITE_ACTIONS, TFPT_APPLY_ACTIONS,
        };
        for (size_t i = 0; i < ARRAY_SIZE(action_props); i++) {
            start = tf_prop_start(b, action_props[i] + miss);
            for (size_t j = 0; j < ARRAY_SIZE(tf_actions); j++) {
                uint8_t *p = ofpbuf_put_uninit(b, 4);
                put16(p, tf_actions[j]);
                put16(p + 2, 4);
            }
            tf_prop_end(b, start);
        }
    }
    tf_put_fields(b, TFPT_MATCH, TF_MATCH);
    tf_put_fields(b, TFPT_WILDCARDS, TF_WILDCARDS);
    for (int miss = 0; miss < 2; miss++) {
        tf_put_fields(b, TFPT_WRITE_SETFIELD + miss, TF_SETFIELD);
        tf_put_fields(b, TFPT_APPLY_SETFIELD + miss, TF_SETFIELD);
    }
}

ofperr
ofp_decode_table_features_request(const struct ofp_header *oh)
{
    size_t len;
    ofp_codec_mp_body(oh, &len);
    return len ? OFPERR_OFPTFFC_EPERM : 0;
}

ofperr
ofp_encode_table_features_reply(uint8_t version, uint32_t xid,
                                unsigned int n_tables, struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    struct ofpbuf props;
    ofpbuf_init(&props);
    struct mp_reply r;
    mp_reply_begin(&r, out, version, xid, MP_TABLE_FEATURES);
    for (unsigned int t = 0; t < n_tables; t++) {
        ofpbuf_clear(&props);
        tf_put_properties(&props, t, n_tables);
        uint8_t *p = mp_reply_put(&r, TABLE_FEATURES_LEN + props.size);
        if (!p) {
            continue;
        }
        char name[32];
        snprintf(name, sizeof name, "table%u", t);
        put16(p, TABLE_FEATURES_LEN + props.size);
        p[2] = t;
        put_string(p + 8, name, 32);
        put64(p + 40, UINT64_MAX);
        put64(p + 48, UINT64_MAX);
        put32(p + 60, TABLE_MAX_ENTRIES);
        memcpy(p + TABLE_FEATURES_LEN, props.data, props.size);
    }
    mp_reply_end(&r);
    ofpbuf_uninit(&props);
    return 0;
}

/* Counts the properties in the 'len' bytes at 'p'; returns false if they
 * are malformed. */
static bool
tf_count_properties(const uint8_t *p, size_t len, size_t *np)
{
    size_t n = 0;
    while (len > 0) {
        size_t plen = len >= 4 ? get16(p + 2) : 0;
        size_t padded = (plen + 7) / 8 * 8;
        if (plen < 4 || padded > len) {
            return false;
        }
        n++;
        p += padded;
        len -= padded;
    }
    *np = n;
    return true;
}

ofperr
ofp_decode_table_features_reply(const struct ofp_header *oh,
                                struct ofp_table_features **tfsp,
                                size_t *np)
{
    size_t len;
    const uint8_t *p = ofp_codec_mp_body(oh, &len);
    struct ofp_table_features *tfs = NULL;
    size_t n = 0, allocated = 0;
    *tfsp = NULL;
    *np = 0;
    while (len > 0) {
        size_t elen = len >= 2 ? get16(p) : 0;
        struct ofp_table_features tf;
        if (elen < TABLE_FEATURES_LEN || elen > len
            || !tf_count_properties(p + TABLE_FEATURES_LEN,
                                    elen - TABLE_FEATURES_LEN,
                                    &tf.n_properties)) {
            free(tfs);
            return OFPERR_OFPBRC_BAD_LEN;
        }
        tf.table_id = p[2];
        get_string(tf.name, p + 8, 32);
        tf.metadata_match = get64(p + 40);
        tf.metadata_write = get64(p + 48);
        tf.config = get32(p + 56);
        tf.max_entries = get32(p + 60);
        *(struct ofp_table_features *) grow((void **) &tfs, &allocated, n,
                                            sizeof *tfs) = tf;
        n++;
        p += elen;
        len -= elen;
    }
    *tfsp = tfs;
    *np = n;
    return 0;
}
