/* Matches: a flow and a mask.  See ofproto/match.h. */
#include "ofproto/match.h"

#include <string.h>

#define MATCH_N_WORDS (sizeof(struct flow) / sizeof(uint64_t))

static uint64_t
word(const struct flow *flow, size_t i)
{
    uint64_t w;
    memcpy(&w, (const uint8_t *) flow + i * sizeof w, sizeof w);
    return w;
}

void
match_init_catchall(struct match *match)
{
    memset(match, 0, sizeof *match);
}

/* Stores in 'mask' a mask with every bit of every field set and every
 * byte that no field covers (padding) zero. */
static void
flow_all_fields_mask(struct flow *mask)
{
    union mf_value all;

    memset(mask, 0, sizeof *mask);
    memset(&all, 0xff, sizeof all);
    for (int id = 0; id < MFF_N_IDS; id++) {
        mf_set_flow_value(mf_from_id(id), &all, mask);
    }
    mask->nw_frag = 0xff;
}

void
match_init_exact(struct match *match, const struct flow *flow)
{
    flow_all_fields_mask(&match->wc);
    for (size_t i = 0; i < MATCH_N_WORDS; i++) {
        uint64_t v = word(flow, i) & word(&match->wc, i);
        memcpy((uint8_t *) &match->flow + i * sizeof v, &v, sizeof v);
    }
}

/* Stores in 'ones' the field's all-ones mask. */
static void
field_all_ones(const struct mf_field *mf, union mf_value *ones)
{
    struct flow f;
    union mf_value all;

    memset(&f, 0, sizeof f);
    memset(&all, 0xff, sizeof all);
    mf_set_flow_value(mf, &all, &f);
    mf_get_value(mf, &f, ones);
}

void
match_set_field(struct match *match, const struct mf_field *mf,
                const union mf_value *value, const union mf_value *mask)
{
    union mf_value m, v;

    if (mask) {
        m = *mask;
    } else {
        field_all_ones(mf, &m);
    }
    for (size_t i = 0; i < sizeof v.bytes; i++) {
        v.bytes[i] = value->bytes[i] & m.bytes[i];
    }
    mf_set_flow_value(mf, &v, &match->flow);
    mf_set_flow_value(mf, &m, &match->wc);
}

void
match_get_field(const struct match *match, const struct mf_field *mf,
                union mf_value *value, union mf_value *mask)
{
    mf_get_value(mf, &match->flow, value);
    mf_get_value(mf, &match->wc, mask);
}

bool
match_has_field(const struct match *match, const struct mf_field *mf,
                bool *exactp)
{
    union mf_value mask, ones;
    bool any = false;

    mf_get_value(mf, &match->wc, &mask);
    field_all_ones(mf, &ones);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        any |= mask.bytes[i] != 0;
    }
    if (exactp) {
        *exactp = !memcmp(mask.bytes, ones.bytes, mf->n_bytes);
    }
    return any;
}

bool
match_equal(const struct match *a, const struct match *b)
{
    return !memcmp(a, b, sizeof *a);
}

bool
match_is_catchall(const struct match *match)
{
    for (size_t i = 0; i < MATCH_N_WORDS; i++) {
        if (word(&match->wc, i)) {
            return false;
        }
    }
    return true;
}

bool
match_matches_flow(const struct match *match, const struct flow *flow)
{
    return flow_equal_masked(&match->flow, flow, &match->wc);
}

bool
match_covers(const struct match *a, const struct match *b)
{
    for (size_t i = 0; i < MATCH_N_WORDS; i++) {
        uint64_t am = word(&a->wc, i);

        if ((am & ~word(&b->wc, i))
            || ((word(&a->flow, i) ^ word(&b->flow, i)) & am)) {
            return false;
        }
    }
    return true;
}

bool
match_overlaps(const struct match *a, const struct match *b)
{
    for (size_t i = 0; i < MATCH_N_WORDS; i++) {
        if ((word(&a->flow, i) ^ word(&b->flow, i))
            & word(&a->wc, i) & word(&b->wc, i)) {
            return false;
        }
    }
    return true;
}
