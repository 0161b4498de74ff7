/* The OpenFlow message codec: FLOW_MOD, GROUP_MOD (and the buckets that
 * group descriptions share), PORT_MOD, TABLE_MOD and PACKET_OUT.  See
 * ofp-codec.h for the contracts. */
#include "ofproto/ofp-codec.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-codec-private.h"
#include "ofproto/ofp-match.h"

/* ---------------------------------------------------------------------
 * FLOW_MOD.
 * ------------------------------------------------------------------- */

#define OFP10_FLOW_MOD_LEN 72
#define OFP13_FLOW_MOD_LEN 48            /* Before the match. */
#define OFPFF10_ALL (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP \
                     | OFPFF10_EMERG)
#define OFPFF13_ALL (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP      \
                     | OFPFF_RESET_COUNTS | OFPFF_NO_PKT_COUNTS     \
                     | OFPFF_NO_BYT_COUNTS)

static ofperr
decode_flow_mod10(const uint8_t *p, size_t len, struct ofp_flow_mod *fm)
{
    if (len < OFP10_FLOW_MOD_LEN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofperr error = ofp_match10_decode(p + 8, &fm->match);
    if (error) {
        return error;
    }
    uint64_t cookie = get64(p + 48);
    uint16_t command = get16(p + 56);
    if (command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    fm->command = command;
    fm->idle_timeout = get16(p + 58);
    fm->hard_timeout = get16(p + 60);
    fm->priority = get16(p + 62);
    fm->buffer_id = get32(p + 64);
    fm->out_port = ofp_port_from_ofp10(get16(p + 68));
    fm->flags = get16(p + 70);
    if (fm->flags & ~OFPFF10_ALL || fm->flags & OFPFF10_EMERG) {
        return OFPERR_OFPFMFC_BAD_FLAGS;
    }
    fm->out_group = OFPG_ANY;
    fm->cookie_mask = 0;
    fm->new_cookie = UINT64_MAX;
    fm->cookie = 0;
    if (command == OFPFC_ADD) {
        fm->cookie = cookie;
    } else if (command == OFPFC_MODIFY
               || command == OFPFC_MODIFY_STRICT) {
        fm->new_cookie = cookie;
    }
    bool del = command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT;
    fm->table_id = del ? OFPTT_ALL : 0;

    struct ofpact *acts;
    size_t n_acts;
    error = ofp_actions10_decode(p + OFP10_FLOW_MOD_LEN,
                                 len - OFP10_FLOW_MOD_LEN, &fm->match,
                                 &acts, &n_acts);
    if (error) {
        return error;
    }
    fm->insts.has_apply = true;
    fm->insts.apply = acts;
    fm->insts.n_apply = n_acts;
    return del ? 0 : ofp_actions_check(acts, n_acts, &fm->match,
                                       OFP10_VERSION, false);
}

static ofperr
decode_flow_mod13(const uint8_t *p, size_t len, struct ofp_flow_mod *fm)
{
    if (len < OFP13_FLOW_MOD_LEN + 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    fm->cookie = get64(p + 8);
    fm->cookie_mask = get64(p + 16);
    fm->new_cookie = UINT64_MAX;
    fm->table_id = p[24];
    if (p[25] > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
    fm->command = p[25];
    fm->idle_timeout = get16(p + 26);
    fm->hard_timeout = get16(p + 28);
    fm->priority = get16(p + 30);
    fm->buffer_id = get32(p + 32);
    fm->out_port = get32(p + 36);
    fm->out_group = get32(p + 40);
    fm->flags = get16(p + 44);
    if (fm->flags & ~OFPFF13_ALL) {
        return OFPERR_OFPFMFC_BAD_FLAGS;
    }
    bool del = (fm->command == OFPFC_DELETE
                || fm->command == OFPFC_DELETE_STRICT);
    bool all = fm->table_id == OFPTT_ALL;
    if (fm->table_id >= SLUICE_N_TABLES
        && !(all && fm->command != OFPFC_ADD)) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }

    size_t match_len;
    ofperr error = ofp_match13_decode(p + OFP13_FLOW_MOD_LEN,
                                      len - OFP13_FLOW_MOD_LEN, &fm->match,
                                      &match_len);
    if (error) {
        return error;
    }
    size_t off = OFP13_FLOW_MOD_LEN + match_len;
    error = ofp_insts13_decode(p + off, len - off, &fm->insts);
    if (error) {
        return error;
    }
    return del ? 0 : ofp_insts_check(&fm->insts, &fm->match,
                                     all ? 0 : fm->table_id,
                                     SLUICE_N_TABLES - 1, OFP13_VERSION);
}

ofperr
ofp_decode_flow_mod(const struct ofp_header *oh, struct ofp_flow_mod *fm)
{
    memset(fm, 0, sizeof *fm);
    ofpinsts_init(&fm->insts);
    fm->version = oh->version;

    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    ofperr error = (oh->version == OFP10_VERSION
                    ? decode_flow_mod10(p, len, fm)
                    : decode_flow_mod13(p, len, fm));
    if (error) {
        ofp_flow_mod_uninit(fm);
    }
    return error;
}

void
ofp_flow_mod_uninit(struct ofp_flow_mod *fm)
{
    if (fm) {
        ofpinsts_destroy(&fm->insts);
        ofpinsts_init(&fm->insts);
    }
}

/* Returns true if 'insts' holds nothing OF1.0 cannot express. */
static bool
insts_fit_ofp10(const struct ofpinsts *insts)
{
    return (!insts->meter_id && !insts->clear_actions && !insts->has_write
            && !insts->has_write_metadata && insts->goto_table < 0);
}

ofperr
ofp_encode_flow_mod(uint8_t version, uint32_t xid,
                    const struct ofp_flow_mod *fm, struct ofpbuf *out)
{
    const struct ofpinsts *insts = &fm->insts;
    if (version == OFP10_VERSION) {
        if (!insts_fit_ofp10(insts)) {
            return OFPERR_OFPBIC_UNSUP_INST;
        }
        size_t alen = ofp_actions10_len(insts->apply, insts->n_apply);
        size_t start = ofp_codec_start(out, version, 14, xid,
                                       OFP10_FLOW_MOD_LEN - OFP_HEADER_LEN
                                       + alen);
        uint8_t *p = ofpbuf_at(out, start);
        ofp_match10_encode(&fm->match, p + 8);
        bool modify = (fm->command == OFPFC_MODIFY
                       || fm->command == OFPFC_MODIFY_STRICT);
        put64(p + 48, (modify && fm->new_cookie != UINT64_MAX
                       ? fm->new_cookie : fm->cookie));
        put16(p + 56, fm->command);
        put16(p + 58, fm->idle_timeout);
        put16(p + 60, fm->hard_timeout);
        put16(p + 62, fm->priority);
        put32(p + 64, fm->buffer_id);
        put16(p + 68, ofp_port_to_ofp10(fm->out_port));
        put16(p + 70, fm->flags & OFPFF10_ALL);
        ofp_actions10_encode(insts->apply, insts->n_apply,
                             p + OFP10_FLOW_MOD_LEN);
        ofp_codec_finish(out, start);
        return 0;
    }

    size_t mlen = ofp_match13_len(&fm->match);
    size_t ilen = ofp_insts13_len(insts);
    size_t start = ofp_codec_start(out, version, 14, xid,
                                   OFP13_FLOW_MOD_LEN - OFP_HEADER_LEN
                                   + mlen + ilen);
    uint8_t *p = ofpbuf_at(out, start);
    put64(p + 8, fm->cookie);
    put64(p + 16, fm->cookie_mask);
    p[24] = fm->table_id;
    p[25] = fm->command;
    put16(p + 26, fm->idle_timeout);
    put16(p + 28, fm->hard_timeout);
    put16(p + 30, fm->priority);
    put32(p + 32, fm->buffer_id);
    put32(p + 36, fm->out_port);
    put32(p + 40, fm->out_group);
    put16(p + 44, fm->flags);
    ofp_match13_encode(&fm->match, p + OFP13_FLOW_MOD_LEN);
    ofp_insts13_encode(insts, p + OFP13_FLOW_MOD_LEN + mlen);
    ofp_codec_finish(out, start);
    return 0;
}

/* ---------------------------------------------------------------------
 * GROUP_MOD and buckets.
 * ------------------------------------------------------------------- */

#define OFP13_BUCKET_LEN 16

void
ofp_buckets_free(struct ofp_bucket *buckets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(buckets[i].actions);
    }
    free(buckets);
}

ofperr
ofp_codec_get_buckets(const uint8_t *p, size_t len,
                      struct ofp_bucket **bucketsp, size_t *np)
{
    struct ofp_bucket *buckets = NULL;
    size_t n = 0, allocated = 0;
    *bucketsp = NULL;
    *np = 0;
    while (len > 0) {
        size_t blen = len >= 2 ? get16(p) : 0;
        if (blen < OFP13_BUCKET_LEN || blen > len || blen % 8) {
            ofp_buckets_free(buckets, n);
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        if (n >= allocated) {
            allocated = allocated ? 2 * allocated : 4;
            buckets = xrealloc(buckets, allocated * sizeof *buckets);
        }
        struct ofp_bucket *b = &buckets[n];
        b->weight = get16(p + 2);
        b->watch_port = get32(p + 4);
        b->watch_group = get32(p + 8);
        ofperr error = ofp_actions13_decode(p + OFP13_BUCKET_LEN,
                                            blen - OFP13_BUCKET_LEN,
                                            &b->actions, &b->n_actions);
        if (error) {
            ofp_buckets_free(buckets, n);
            return error;
        }
        n++;
        p += blen;
        len -= blen;
    }
    *bucketsp = buckets;
    *np = n;
    return 0;
}

size_t
ofp_codec_buckets_len(const struct ofp_bucket *buckets, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += OFP13_BUCKET_LEN + ofp_actions13_len(buckets[i].actions,
                                                    buckets[i].n_actions);
    }
    return len;
}

void
ofp_codec_put_buckets(const struct ofp_bucket *buckets, size_t n,
                      uint8_t *p)
{
    for (size_t i = 0; i < n; i++) {
        const struct ofp_bucket *b = &buckets[i];
        size_t alen = ofp_actions13_len(b->actions, b->n_actions);
        memset(p, 0, OFP13_BUCKET_LEN);
        put16(p, OFP13_BUCKET_LEN + alen);
        put16(p + 2, b->weight);
        put32(p + 4, b->watch_port);
        put32(p + 8, b->watch_group);
        ofp_actions13_encode(b->actions, b->n_actions,
                             p + OFP13_BUCKET_LEN);
        p += OFP13_BUCKET_LEN + alen;
    }
}

ofperr
ofp_decode_group_mod(const struct ofp_header *oh, struct ofp_group_mod *gm)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    memset(gm, 0, sizeof *gm);
    if (len < 16) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    uint16_t command = get16(p + 8);
    if (command > OFPGC_DELETE) {
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
    if (p[10] > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    gm->command = command;
    gm->type = p[10];
    gm->group_id = get32(p + 12);
    return ofp_codec_get_buckets(p + 16, len - 16, &gm->buckets,
                                 &gm->n_buckets);
}

void
ofp_group_mod_uninit(struct ofp_group_mod *gm)
{
    if (gm) {
        ofp_buckets_free(gm->buckets, gm->n_buckets);
        gm->buckets = NULL;
        gm->n_buckets = 0;
    }
}

ofperr
ofp_encode_group_mod(uint8_t version, uint32_t xid,
                     const struct ofp_group_mod *gm, struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t blen = ofp_codec_buckets_len(gm->buckets, gm->n_buckets);
    size_t start = ofp_codec_start(out, version, 15, xid, 8 + blen);
    uint8_t *p = ofpbuf_at(out, start);
    put16(p + 8, gm->command);
    p[10] = gm->type;
    put32(p + 12, gm->group_id);
    ofp_codec_put_buckets(gm->buckets, gm->n_buckets, p + 16);
    ofp_codec_finish(out, start);
    return 0;
}

/* ---------------------------------------------------------------------
 * PORT_MOD, TABLE_MOD.
 * ------------------------------------------------------------------- */

ofperr
ofp_decode_port_mod(const struct ofp_header *oh, struct ofp_port_mod *pm)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    memset(pm, 0, sizeof *pm);
    if (oh->version == OFP10_VERSION) {
        if (len != 32) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pm->port_no = ofp_port_from_ofp10(get16(p + 8));
        memcpy(pm->hw_addr.ea, p + 10, 6);
        pm->config = get32(p + 16);
        pm->mask = get32(p + 20);
        pm->advertise = ofp_codec_features_from_ofp10(get32(p + 24));
    } else {
        if (len != 40) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        pm->port_no = get32(p + 8);
        memcpy(pm->hw_addr.ea, p + 16, 6);
        pm->config = get32(p + 24);
        pm->mask = get32(p + 28);
        pm->advertise = get32(p + 32);
    }
    return 0;
}

void
ofp_encode_port_mod(uint8_t version, uint32_t xid,
                    const struct ofp_port_mod *pm, struct ofpbuf *out)
{
    size_t start;
    if (version == OFP10_VERSION) {
        start = ofp_codec_start(out, version, 15, xid, 24);
        uint8_t *p = ofpbuf_at(out, start);
        put16(p + 8, ofp_port_to_ofp10(pm->port_no));
        memcpy(p + 10, pm->hw_addr.ea, 6);
        put32(p + 16, pm->config);
        put32(p + 20, pm->mask);
        put32(p + 24, ofp_codec_features_to_ofp10(pm->advertise));
    } else {
        start = ofp_codec_start(out, version, 16, xid, 32);
        uint8_t *p = ofpbuf_at(out, start);
        put32(p + 8, pm->port_no);
        memcpy(p + 16, pm->hw_addr.ea, 6);
        put32(p + 24, pm->config);
        put32(p + 28, pm->mask);
        put32(p + 32, pm->advertise);
    }
    ofp_codec_finish(out, start);
}

ofperr
ofp_decode_table_mod(const struct ofp_header *oh, struct ofp_table_mod *tm)
{
    const uint8_t *p = (const uint8_t *) oh;
    if (ofp_codec_msg_len(oh) != 16) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    tm->table_id = p[8];
    tm->config = get32(p + 12);
    return 0;
}

ofperr
ofp_encode_table_mod(uint8_t version, uint32_t xid,
                     const struct ofp_table_mod *tm, struct ofpbuf *out)
{
    if (version != OFP13_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t start = ofp_codec_start(out, version, 17, xid, 8);
    uint8_t *p = ofpbuf_at(out, start);
    p[8] = tm->table_id;
    put32(p + 12, tm->config);
    ofp_codec_finish(out, start);
    return 0;
}

/* ---------------------------------------------------------------------
 * PACKET_OUT.
 * ------------------------------------------------------------------- */

/* Returns true if 'port' may be a packet-out's in_port. */
static bool
packet_out_in_port_ok(uint32_t port)
{
    return (port < OFPP_MAX || port == OFPP_CONTROLLER || port == OFPP_LOCAL
            || port == OFPP_ANY);
}

ofperr
ofp_decode_packet_out(const struct ofp_header *oh, struct ofp_packet_out *po)
{
    const uint8_t *p = (const uint8_t *) oh;
    size_t len = ofp_codec_msg_len(oh);
    bool v10 = oh->version == OFP10_VERSION;
    size_t hdr = v10 ? 16 : 24;
    memset(po, 0, sizeof *po);
    if (len < hdr) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    po->buffer_id = get32(p + 8);
    po->in_port = v10 ? ofp_port_from_ofp10(get16(p + 12)) : get32(p + 12);
    size_t alen = get16(p + (v10 ? 14 : 16));
    if (alen > len - hdr) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (!packet_out_in_port_ok(po->in_port)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    po->data = p + hdr + alen;
    po->len = len - hdr - alen;

    struct flow flow;
    flow_extract(po->data, po->len, po->in_port, 0, &flow, NULL);
    struct match match;
    match_init_exact(&match, &flow);
    ofperr error = (v10
                    ? ofp_actions10_decode(p + hdr, alen, &match,
                                           &po->actions, &po->n_actions)
                    : ofp_actions13_decode(p + hdr, alen, &po->actions,
                                           &po->n_actions));
    if (!error) {
        error = ofp_actions_check(po->actions, po->n_actions, &match,
                                  oh->version, true);
        if (error) {
            ofp_packet_out_uninit(po);
        }
    }
    return error;
}

void
ofp_packet_out_uninit(struct ofp_packet_out *po)
{
    if (po) {
        free(po->actions);
        po->actions = NULL;
        po->n_actions = 0;
    }
}

ofperr
ofp_encode_packet_out(uint8_t version, uint32_t xid,
                      const struct ofp_packet_out *po, struct ofpbuf *out)
{
    bool v10 = version == OFP10_VERSION;
    size_t alen = (v10 ? ofp_actions10_len(po->actions, po->n_actions)
                   : ofp_actions13_len(po->actions, po->n_actions));
    size_t hdr = v10 ? 16 : 24;
    size_t start = ofp_codec_start(out, version, 13, xid,
                                   hdr - OFP_HEADER_LEN + alen);
    uint8_t *p = ofpbuf_at(out, start);
    put32(p + 8, po->buffer_id);
    if (v10) {
        put16(p + 12, ofp_port_to_ofp10(po->in_port));
        put16(p + 14, alen);
        ofp_actions10_encode(po->actions, po->n_actions, p + hdr);
    } else {
        put32(p + 12, po->in_port);
        put16(p + 16, alen);
        ofp_actions13_encode(po->actions, po->n_actions, p + hdr);
    }
    ofpbuf_put(out, po->data, po->len);
    ofp_codec_finish(out, start);
    return 0;
}
