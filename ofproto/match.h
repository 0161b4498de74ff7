/* A match: a flow key plus a mask of the bits that matter.  The value
 * bits outside the mask are always zero (match_set_field() and the codec
 * keep it so), which makes two matches equal exactly when their bytes are
 * equal.  Plain data; safe from any thread. */
#ifndef SLUICE_MATCH_H
#define SLUICE_MATCH_H 1

#include <stdbool.h>

#include "lib/flow.h"
#include "ofproto/meta-flow.h"

struct match {
    struct flow flow;           /* Values, zero outside 'wc'. */
    struct flow wc;             /* Mask: 1-bits are significant. */
};

/* Makes 'match' match every packet. */
void match_init_catchall(struct match *match);
/* Makes 'match' match exactly 'flow' on every field (as the flow cache
 * and packet-out need). */
void match_init_exact(struct match *match, const struct flow *flow);

/* Sets 'field' of 'match' to 'value' under 'mask' (NULL: exact). */
void match_set_field(struct match *match, const struct mf_field *field,
                     const union mf_value *value,
                     const union mf_value *mask);
/* Reads 'field''s value and mask from 'match'. */
void match_get_field(const struct match *match, const struct mf_field *field,
                     union mf_value *value, union mf_value *mask);
/* True if some bit of 'field' is in 'match''s mask; '*exactp' (if
 * nonnull) tells whether all of them are. */
bool match_has_field(const struct match *match, const struct mf_field *field,
                     bool *exactp);

bool match_equal(const struct match *a, const struct match *b);
bool match_is_catchall(const struct match *match);
/* True if 'flow' matches 'match'. */
bool match_matches_flow(const struct match *match, const struct flow *flow);
/* True if every packet that 'b' matches is matched by 'a' (a is at least
 * as general as b): the "loose" relation of OpenFlow delete/modify. */
bool match_covers(const struct match *a, const struct match *b);
/* True if some packet could match both 'a' and 'b' (CHECK_OVERLAP). */
bool match_overlaps(const struct match *a, const struct match *b);

#endif /* ofproto/match.h */
