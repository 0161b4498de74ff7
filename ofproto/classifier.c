/* Tuple space search classifier; see classifier.h. */
#include "ofproto/classifier.h"

#include <stdlib.h>
#include <string.h>

/* One mask and the rules that have it. */
struct cls_subtable {
    struct hmap_node node;          /* In 'cls->subtables'. */
    struct flow mask;
    struct hmap rules;              /* Chain heads, by masked hash. */
    size_t n_rules;
    size_t index;                   /* Position in 'cls->sorted'. */
    struct cls_prio {
        int priority;
        size_t count;
    } *prios;                       /* Distinct priorities, descending. */
    size_t n_prios, allocated_prios;
};

static uint32_t
mask_hash(const struct flow *mask)
{
    return hash_bytes(mask, sizeof *mask, 0);
}

static uint32_t
rule_hash(const struct match *match)
{
    return flow_hash(&match->flow, &match->wc, 0);
}

static int
subtable_max_priority(const struct cls_subtable *st)
{
    return st->n_prios ? st->prios[0].priority : -1;
}

void
classifier_init(struct classifier *cls)
{
    hmap_init(&cls->subtables);
    cls->sorted = NULL;
    cls->n_subtables = 0;
    cls->n_rules = 0;
    cls->next_seq = 0;
}

void
classifier_destroy(struct classifier *cls)
{
    if (!cls) {
        return;
    }
    for (size_t i = 0; i < cls->n_subtables; i++) {
        struct cls_subtable *st = cls->sorted[i];
        hmap_destroy(&st->rules);
        free(st->prios);
        free(st);
    }
    free(cls->sorted);
    hmap_destroy(&cls->subtables);
    cls->sorted = NULL;
    cls->n_subtables = 0;
    cls->n_rules = 0;
}

void
cls_rule_init(struct cls_rule *rule, const struct match *match,
              int priority)
{
    memset(rule, 0, sizeof *rule);
    rule->match = *match;
    rule->priority = priority;
}

static void
sorted_swap(struct classifier *cls, size_t a, size_t b)
{
    struct cls_subtable *tmp = cls->sorted[a];
    cls->sorted[a] = cls->sorted[b];
    cls->sorted[b] = tmp;
    cls->sorted[a]->index = a;
    cls->sorted[b]->index = b;
}

/* Moves 'st' to its place in 'cls->sorted' after its max priority
 * changed. */
static void
subtable_reposition(struct classifier *cls, struct cls_subtable *st)
{
    int prio = subtable_max_priority(st);
    size_t i = st->index;

    while (i > 0 && subtable_max_priority(cls->sorted[i - 1]) < prio) {
        sorted_swap(cls, i - 1, i);
        i--;
    }
    while (i + 1 < cls->n_subtables
           && subtable_max_priority(cls->sorted[i + 1]) > prio) {
        sorted_swap(cls, i, i + 1);
        i++;
    }
}

static struct cls_subtable *
find_subtable(const struct classifier *cls, const struct flow *mask)
{
    struct cls_subtable *st;
    HMAP_FOR_EACH_WITH_HASH (st, struct cls_subtable, node, mask_hash(mask),
                             &cls->subtables) {
        if (!memcmp(&st->mask, mask, sizeof *mask)) {
            return st;
        }
    }
    return NULL;
}

static struct cls_subtable *
create_subtable(struct classifier *cls, const struct flow *mask)
{
    struct cls_subtable *st = xzalloc(sizeof *st);
    st->mask = *mask;
    hmap_init(&st->rules);
    hmap_insert(&cls->subtables, &st->node, mask_hash(mask));
    cls->sorted = xrealloc(cls->sorted,
                           (cls->n_subtables + 1) * sizeof *cls->sorted);
    st->index = cls->n_subtables;
    cls->sorted[cls->n_subtables++] = st;
    return st;
}

static void
destroy_subtable(struct classifier *cls, struct cls_subtable *st)
{
    /* Empty subtables have priority -1 and sort last. */
    subtable_reposition(cls, st);
    cls->n_subtables--;
    hmap_remove(&cls->subtables, &st->node);
    hmap_destroy(&st->rules);
    free(st->prios);
    free(st);
}

/* Returns the index of 'priority' in 'st->prios', or where it would be
 * inserted (with '*found' telling which). */
static size_t
prio_search(const struct cls_subtable *st, int priority, bool *found)
{
    size_t lo = 0, hi = st->n_prios;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->prios[mid].priority == priority) {
            *found = true;
            return mid;
        } else if (st->prios[mid].priority > priority) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *found = false;
    return lo;
}

static void
prio_add(struct classifier *cls, struct cls_subtable *st, int priority)
{
    bool found;
    size_t i = prio_search(st, priority, &found);
    if (found) {
        st->prios[i].count++;
        return;
    }
    if (st->n_prios == st->allocated_prios) {
        st->allocated_prios = st->allocated_prios * 2 + 4;
        st->prios = xrealloc(st->prios,
                             st->allocated_prios * sizeof *st->prios);
    }
    memmove(&st->prios[i + 1], &st->prios[i],
            (st->n_prios - i) * sizeof *st->prios);
    st->prios[i].priority = priority;
    st->prios[i].count = 1;
    st->n_prios++;
    if (i == 0) {
        subtable_reposition(cls, st);
    }
}

static void
prio_remove(struct classifier *cls, struct cls_subtable *st, int priority)
{
    bool found;
    size_t i = prio_search(st, priority, &found);
    if (--st->prios[i].count) {
        return;
    }
    memmove(&st->prios[i], &st->prios[i + 1],
            (st->n_prios - i - 1) * sizeof *st->prios);
    st->n_prios--;
    if (i == 0) {
        subtable_reposition(cls, st);
    }
}

/* Returns the chain head in 'st' whose match equals 'match', or NULL. */
static struct cls_rule *
find_head(const struct cls_subtable *st, const struct match *match,
          uint32_t hash)
{
    struct cls_rule *head;
    HMAP_FOR_EACH_WITH_HASH (head, struct cls_rule, hmap_node, hash,
                             &st->rules) {
        if (!memcmp(&head->match.flow, &match->flow, sizeof match->flow)) {
            return head;
        }
    }
    return NULL;
}

struct cls_rule *
classifier_replace(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st = find_subtable(cls, &rule->match.wc);
    if (!st) {
        st = create_subtable(cls, &rule->match.wc);
    }
    uint32_t hash = rule_hash(&rule->match);
    struct cls_rule *head = find_head(st, &rule->match, hash);

    rule->subtable = st;
    rule->seq = cls->next_seq++;
    rule->next = NULL;
    if (!head) {
        hmap_insert(&st->rules, &rule->hmap_node, hash);
    } else {
        struct cls_rule **p = &head;
        bool is_head = true;
        while (*p && (*p)->priority > rule->priority) {
            p = &(*p)->next;
            is_head = false;
        }
        struct cls_rule *old = *p;
        if (old && old->priority == rule->priority) {
            rule->next = old->next;
            old->next = NULL;
            old->subtable = NULL;
            if (is_head) {
                hmap_remove(&st->rules, &old->hmap_node);
                hmap_insert(&st->rules, &rule->hmap_node, hash);
            } else {
                *p = rule;
            }
            return old;
        }
        rule->next = old;
        if (is_head) {
            hmap_remove(&st->rules, &head->hmap_node);
            hmap_insert(&st->rules, &rule->hmap_node, hash);
        } else {
            *p = rule;
        }
    }
    st->n_rules++;
    cls->n_rules++;
    prio_add(cls, st, rule->priority);
    return NULL;
}

void
classifier_remove(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st = rule->subtable;
    uint32_t hash = rule_hash(&rule->match);
    struct cls_rule *head = find_head(st, &rule->match, hash);

    if (head == rule) {
        hmap_remove(&st->rules, &rule->hmap_node);
        if (rule->next) {
            hmap_insert(&st->rules, &rule->next->hmap_node, hash);
        }
    } else {
        struct cls_rule *p = head;
        while (p->next != rule) {
            p = p->next;
        }
        p->next = rule->next;
    }
    rule->next = NULL;
    rule->subtable = NULL;
    st->n_rules--;
    cls->n_rules--;
    prio_remove(cls, st, rule->priority);
    if (!st->n_rules) {
        destroy_subtable(cls, st);
    }
}

static void
wc_or(struct flow *wc, const struct flow *mask)
{
    uint8_t *dst = (uint8_t *) wc;
    const uint8_t *src = (const uint8_t *) mask;
    for (size_t i = 0; i < sizeof *wc; i++) {
        dst[i] |= src[i];
    }
}

const struct cls_rule *
classifier_lookup(const struct classifier *cls, const struct flow *flow,
                  struct flow *wc)
{
    const struct cls_rule *best = NULL;

    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->sorted[i];
        if (best && subtable_max_priority(st) <= best->priority) {
            break;
        }
        if (wc) {
            wc_or(wc, &st->mask);
        }
        uint32_t hash = flow_hash(flow, &st->mask, 0);
        const struct cls_rule *head;
        HMAP_FOR_EACH_WITH_HASH (head, struct cls_rule, hmap_node, hash,
                                 &st->rules) {
            if (flow_equal_masked(flow, &head->match.flow, &st->mask)) {
                if (!best || head->priority > best->priority) {
                    best = head;
                }
                break;
            }
        }
    }
    return best;
}

struct cls_rule *
classifier_find_exact(const struct classifier *cls,
                      const struct match *match, int priority)
{
    struct cls_subtable *st = find_subtable(cls, &match->wc);
    if (!st) {
        return NULL;
    }
    for (struct cls_rule *r = find_head(st, match, rule_hash(match)); r;
         r = r->next) {
        if (r->priority == priority) {
            return r;
        }
    }
    return NULL;
}

bool
classifier_has_overlap(const struct classifier *cls,
                       const struct match *match, int priority)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->sorted[i];
        bool found;
        prio_search(st, priority, &found);
        if (!found) {
            continue;
        }
        struct cls_rule *head;
        HMAP_FOR_EACH (head, struct cls_rule, hmap_node, &st->rules) {
            for (struct cls_rule *r = head; r; r = r->next) {
                if (r->priority == priority
                    && match_overlaps(match, &r->match)) {
                    return true;
                }
            }
        }
    }
    return false;
}

/* True if every bit of 'inner' is also set in 'outer'. */
static bool
mask_includes(const struct flow *outer, const struct flow *inner)
{
    const uint8_t *o = (const uint8_t *) outer;
    const uint8_t *in = (const uint8_t *) inner;
    for (size_t i = 0; i < sizeof *outer; i++) {
        if (in[i] & ~o[i]) {
            return false;
        }
    }
    return true;
}

static int
compare_rules(const void *a_, const void *b_)
{
    const struct cls_rule *a = *(const struct cls_rule *const *) a_;
    const struct cls_rule *b = *(const struct cls_rule *const *) b_;
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
classifier_collect(const struct classifier *cls, const struct match *target,
                   struct cls_rule ***rulesp, size_t *np)
{
    struct cls_rule **rules = xmalloc((cls->n_rules + 1) * sizeof *rules);
    size_t n = 0;

    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->sorted[i];
        if (target && !mask_includes(&st->mask, &target->wc)) {
            continue;
        }
        struct cls_rule *head;
        HMAP_FOR_EACH (head, struct cls_rule, hmap_node, &st->rules) {
            if (target && !match_covers(target, &head->match)) {
                continue;
            }
            for (struct cls_rule *r = head; r; r = r->next) {
                rules[n++] = r;
            }
        }
    }
    qsort(rules, n, sizeof *rules, compare_rules);
    *rulesp = rules;
    *np = n;
}
