/* The classifier: a set of rules (match + priority), looked up by packet
 * with tuple space search.
 *
 * Rules are grouped into subtables, one per distinct mask.  A subtable is
 * a hash table keyed by the hash of the masked match; rules with the same
 * match but different priorities share one hash node, chained by
 * descending priority.  Subtables are kept sorted by the highest priority
 * they hold, so a lookup probes them in that order and stops as soon as no
 * remaining subtable can beat the best rule found so far.  The lookup
 * reports the union of the masks of the subtables it probed: the fields
 * the decision depended on (a flow cache entry is valid for any packet
 * that agrees with the looked-up flow on those bits).
 *
 * Costs: insert and remove are O(1) amortised (plus O(number of distinct
 * priorities in the subtable) and O(number of subtables) to keep the
 * orders); a lookup is O(number of subtables probed).
 *
 * The classifier does not own its rules: callers embed 'struct cls_rule'
 * in their own rule and free it after classifier_remove().
 *
 * Single-threaded: the datapath thread owns every classifier (through
 * 'struct ofproto'); nothing here locks. */
#ifndef SLUICE_CLASSIFIER_H
#define SLUICE_CLASSIFIER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hmap.h"
#include "ofproto/match.h"

struct cls_subtable;

struct cls_rule {
    struct hmap_node hmap_node;     /* In the subtable (chain heads only). */
    struct cls_rule *next;          /* Same match, lower priority. */
    struct cls_subtable *subtable;  /* NULL while not in a classifier. */
    struct match match;
    int priority;
    uint64_t seq;                   /* Insertion order, set by insert. */
};

struct classifier {
    struct hmap subtables;          /* Of 'struct cls_subtable', by mask. */
    struct cls_subtable **sorted;   /* By descending max priority. */
    size_t n_subtables;
    size_t n_rules;
    uint64_t next_seq;
};

void classifier_init(struct classifier *);
/* Frees the classifier's own memory.  It must be empty (remove the rules
 * first; they belong to the caller). */
void classifier_destroy(struct classifier *);

/* Sets 'rule' up with 'match' and 'priority', not yet in a classifier. */
void cls_rule_init(struct cls_rule *rule, const struct match *match,
                   int priority);

/* Inserts 'rule'.  If a rule with an identical match and priority is
 * present, 'rule' takes its place and the displaced rule is returned (it
 * is no longer in the classifier; the caller owns it); otherwise returns
 * NULL. */
struct cls_rule *classifier_replace(struct classifier *,
                                    struct cls_rule *rule);

/* Removes 'rule', which must be in 'cls'. */
void classifier_remove(struct classifier *cls, struct cls_rule *rule);

/* Returns the highest-priority rule that matches 'flow', or NULL.  Among
 * rules of equal priority the choice is deterministic but unspecified.
 * If 'wc' is nonnull, ORs into it the masks of every subtable probed. */
const struct cls_rule *classifier_lookup(const struct classifier *,
                                         const struct flow *flow,
                                         struct flow *wc);

/* Returns the rule whose match equals 'match' and whose priority is
 * 'priority' (OpenFlow's "strict" identity), or NULL. */
struct cls_rule *classifier_find_exact(const struct classifier *,
                                       const struct match *match,
                                       int priority);

/* Returns true if some rule of priority 'priority' could match a packet
 * that 'match' matches (OFPFF_CHECK_OVERLAP). */
bool classifier_has_overlap(const struct classifier *,
                            const struct match *match, int priority);

/* Stores in '*rulesp' a malloc'd array of the rules that 'target' covers
 * (every packet they match, 'target' matches: OpenFlow's "loose"
 * selection; NULL selects every rule), and their number in '*np'.  The
 * array is sorted by descending priority, then by insertion order, and
 * stays valid while the caller removes rules from it (the caller frees
 * it).  Subtables whose mask cannot be covered by 'target' are skipped, so
 * a selective target is cheap. */
void classifier_collect(const struct classifier *,
                        const struct match *target,
                        struct cls_rule ***rulesp, size_t *np);

static inline size_t
classifier_count(const struct classifier *cls)
{
    return cls->n_rules;
}

static inline bool
classifier_is_empty(const struct classifier *cls)
{
    return cls->n_rules == 0;
}

#endif /* ofproto/classifier.h */
