/* Groups of 'struct ofproto': GROUP_MOD semantics, liveness, statistics
 * and descriptions. */
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofproto-private.h"

static uint32_t
group_hash(uint32_t group_id)
{
    return hash_int(group_id, 0);
}

struct ofgroup *
ofproto_group_find(const struct ofproto *ofproto, uint32_t group_id)
{
    struct ofgroup *g;
    HMAP_FOR_EACH_WITH_HASH (g, struct ofgroup, node, group_hash(group_id),
                             &ofproto->groups) {
        if (g->group_id == group_id) {
            return g;
        }
    }
    return NULL;
}

bool
ofproto_bucket_is_live(const struct ofproto *ofproto,
                       const struct ofp_bucket *b)
{
    if (b->watch_port != OFPP_ANY
        && !ofproto_port_is_live(ofproto, b->watch_port)) {
        return false;
    }
    if (b->watch_group != OFPG_ANY) {
        const struct ofgroup *g = ofproto_group_find(ofproto,
                                                     b->watch_group);
        return g && ofproto_group_is_live(ofproto, g);
    }
    return true;
}

bool
ofproto_group_is_live(const struct ofproto *ofproto,
                      const struct ofgroup *group)
{
    for (size_t i = 0; i < group->n_buckets; i++) {
        if (group->type != OFPGT_FF
            || ofproto_bucket_is_live(ofproto, &group->buckets[i])) {
            return true;
        }
    }
    return false;
}

static void
buckets_copy(struct ofp_bucket **dstp, const struct ofp_bucket *src,
             size_t n)
{
    struct ofp_bucket *dst = xcalloc(n + 1, sizeof *dst);
    for (size_t i = 0; i < n; i++) {
        dst[i] = src[i];
        dst[i].actions = xmalloc((src[i].n_actions + 1)
                                 * sizeof *dst[i].actions);
        memcpy(dst[i].actions, src[i].actions,
               src[i].n_actions * sizeof *dst[i].actions);
    }
    *dstp = dst;
}

static void
buckets_free(struct ofp_bucket *buckets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(buckets[i].actions);
    }
    free(buckets);
}

static void
group_free(struct ofgroup *g)
{
    buckets_free(g->buckets, g->n_buckets);
    free(g->bucket_packets);
    free(g->bucket_bytes);
    free(g);
}

void
ofproto_groups_destroy(struct ofproto *ofproto)
{
    struct ofgroup *g;
    HMAP_FOR_EACH (g, struct ofgroup, node, &ofproto->groups) {
        hmap_remove(&ofproto->groups, &g->node);
        group_free(g);
    }
    hmap_destroy(&ofproto->groups);
}

/* True if the buckets 'b' (of a group that is to be 'group_id') reach
 * 'group_id' again through group actions, directly or through other
 * groups.  'depth' bounds the walk. */
static bool
reaches(const struct ofproto *ofproto, const struct ofp_bucket *b,
        size_t n, uint32_t group_id, int depth)
{
    if (depth > 32) {
        return true;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < b[i].n_actions; j++) {
            const struct ofpact *a = &b[i].actions[j];
            if (a->type != OFPACT_GROUP) {
                continue;
            }
            if (a->group_id == group_id) {
                return true;
            }
            const struct ofgroup *g = ofproto_group_find(ofproto,
                                                         a->group_id);
            if (g && reaches(ofproto, g->buckets, g->n_buckets, group_id,
                             depth + 1)) {
                return true;
            }
        }
    }
    return false;
}

static ofperr
check_group(const struct ofproto *ofproto, const struct ofp_group_mod *gm)
{
    if (gm->type > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gm->type == OFPGT_INDIRECT && gm->n_buckets != 1) {
        return OFPERR_OFPGMFC_BAD_BUCKET;
    }
    for (size_t i = 0; i < gm->n_buckets; i++) {
        const struct ofp_bucket *b = &gm->buckets[i];
        if (gm->type != OFPGT_SELECT && b->weight) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        if (gm->type == OFPGT_FF && b->watch_port == OFPP_ANY
            && b->watch_group == OFPG_ANY) {
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        for (size_t j = 0; j < b->n_actions; j++) {
            const struct ofpact *a = &b->actions[j];
            if (a->type == OFPACT_GROUP && a->group_id == gm->group_id) {
                return OFPERR_OFPGMFC_LOOP;
            }
        }
        ofperr error = ofproto_check_actions(ofproto, b->actions,
                                             b->n_actions, NULL, false);
        if (error) {
            return error;
        }
    }
    if (reaches(ofproto, gm->buckets, gm->n_buckets, gm->group_id, 0)) {
        return OFPERR_OFPGMFC_LOOP;
    }
    return 0;
}

static void
group_set_buckets(struct ofgroup *g, const struct ofp_group_mod *gm)
{
    buckets_free(g->buckets, g->n_buckets);
    free(g->bucket_packets);
    free(g->bucket_bytes);
    g->type = gm->type;
    buckets_copy(&g->buckets, gm->buckets, gm->n_buckets);
    g->n_buckets = gm->n_buckets;
    g->bucket_packets = xcalloc(gm->n_buckets + 1, sizeof *g->bucket_packets);
    g->bucket_bytes = xcalloc(gm->n_buckets + 1, sizeof *g->bucket_bytes);
}

/* Number of other groups whose buckets name 'group_id'. */
static uint32_t
group_refs_from_groups(const struct ofproto *ofproto, uint32_t group_id)
{
    uint32_t n = 0;
    const struct ofgroup *g;
    HMAP_FOR_EACH (g, struct ofgroup, node, &ofproto->groups) {
        for (size_t i = 0; i < g->n_buckets; i++) {
            const struct ofp_bucket *b = &g->buckets[i];
            for (size_t j = 0; j < b->n_actions; j++) {
                if (b->actions[j].type == OFPACT_GROUP
                    && b->actions[j].group_id == group_id) {
                    n++;
                }
            }
        }
    }
    return n;
}

/* True if one of the 'n' actions 'acts' names group 'group_id'
 * (OFPG_ANY: any group). */
static bool
acts_name_group(const struct ofpact *acts, size_t n, uint32_t group_id)
{
    for (size_t i = 0; i < n; i++) {
        if (acts[i].type == OFPACT_GROUP
            && (group_id == OFPG_ANY || acts[i].group_id == group_id)) {
            return true;
        }
    }
    return false;
}

/* Removes every rule that names group 'group_id' (or any
 * group: OFPG_ANY), with FLOW_REMOVED reason GROUP_DELETE. */
static void
remove_rules_of_group(struct ofproto *ofproto, uint32_t group_id,
                      long long now, struct ofproto_events *events)
{
    for (size_t t = 0; t < SLUICE_N_TABLES; t++) {
        struct classifier *cls = &ofproto->tables[t].cls;
        struct cls_rule **crs;
        size_t n;

        if (classifier_is_empty(cls)) {
            continue;
        }
        classifier_collect(cls, NULL, &crs, &n);
        for (size_t i = 0; i < n; i++) {
            struct rule *rule = CONTAINER_OF(crs[i], struct rule, cr);
            if (acts_name_group(rule->insts.apply, rule->insts.n_apply,
                                group_id)
                || acts_name_group(rule->insts.write, rule->insts.n_write,
                                   group_id)) {
                ofproto_rule_remove(ofproto, rule, OFPRR_GROUP_DELETE, now,
                                    events);
            }
        }
        free(crs);
    }
}

static void
delete_group(struct ofproto *ofproto, struct ofgroup *g, long long now,
             struct ofproto_events *events)
{
    if (g->n_rule_refs) {
        remove_rules_of_group(ofproto, g->group_id, now, events);
    }
    hmap_remove(&ofproto->groups, &g->node);
    group_free(g);
    ofproto->generation++;
}

ofperr
ofproto_group_mod(struct ofproto *ofproto, const struct ofp_group_mod *gm,
                  long long now, struct ofproto_events *events)
{
    struct ofgroup *g;
    ofperr error;

    switch (gm->command) {
    case OFPGC_ADD:
        if (gm->group_id > OFPG_MAX) {
            return OFPERR_OFPGMFC_INVALID_GROUP;
        }
        if (ofproto_group_find(ofproto, gm->group_id)) {
            return OFPERR_OFPGMFC_GROUP_EXISTS;
        }
        error = check_group(ofproto, gm);
        if (error) {
            return error;
        }
        g = xzalloc(sizeof *g);
        g->group_id = gm->group_id;
        g->created = now;
        group_set_buckets(g, gm);
        hmap_insert(&ofproto->groups, &g->node, group_hash(g->group_id));
        ofproto->generation++;
        return 0;

    case OFPGC_MODIFY:
        if (gm->group_id > OFPG_MAX) {
            return OFPERR_OFPGMFC_INVALID_GROUP;
        }
        g = ofproto_group_find(ofproto, gm->group_id);
        if (!g) {
            return OFPERR_OFPGMFC_UNKNOWN_GROUP;
        }
        error = check_group(ofproto, gm);
        if (error) {
            return error;
        }
        group_set_buckets(g, gm);
        ofproto->generation++;
        return 0;

    case OFPGC_DELETE:
        if (gm->group_id == OFPG_ALL) {
            if (!hmap_is_empty(&ofproto->groups)) {
                remove_rules_of_group(ofproto, OFPG_ANY, now, events);
            }
            HMAP_FOR_EACH (g, struct ofgroup, node, &ofproto->groups) {
                delete_group(ofproto, g, now, events);
            }
            return 0;
        }
        g = ofproto_group_find(ofproto, gm->group_id);
        if (!g) {
            return 0;
        }
        if (group_refs_from_groups(ofproto, gm->group_id)) {
            return OFPERR_OFPGMFC_CHAINED_GROUP;
        }
        delete_group(ofproto, g, now, events);
        return 0;
    }
    return OFPERR_OFPGMFC_BAD_COMMAND;
}

static int
compare_group_ids(const void *a_, const void *b_)
{
    const struct ofgroup *a = *(const struct ofgroup *const *) a_;
    const struct ofgroup *b = *(const struct ofgroup *const *) b_;
    return a->group_id < b->group_id ? -1 : a->group_id > b->group_id;
}

/* Returns a malloc'd array of the groups selected by 'group_id' (OFPG_ALL:
 * all), sorted by id. */
static struct ofgroup **
select_groups(const struct ofproto *ofproto, uint32_t group_id, size_t *np)
{
    struct ofgroup **groups = xmalloc((hmap_count(&ofproto->groups) + 1)
                                      * sizeof *groups);
    size_t n = 0;
    struct ofgroup *g;

    if (group_id == OFPG_ALL) {
        HMAP_FOR_EACH (g, struct ofgroup, node, &ofproto->groups) {
            groups[n++] = g;
        }
        qsort(groups, n, sizeof *groups, compare_group_ids);
    } else {
        g = ofproto_group_find(ofproto, group_id);
        if (g) {
            groups[n++] = g;
        }
    }
    *np = n;
    return groups;
}

void
ofproto_group_stats(const struct ofproto *ofproto, uint32_t group_id,
                    long long now, struct ofp_group_stats **statsp,
                    size_t *np)
{
    size_t n;
    struct ofgroup **groups = select_groups(ofproto, group_id, &n);
    struct ofp_group_stats *stats = xcalloc(n + 1, sizeof *stats);

    for (size_t i = 0; i < n; i++) {
        const struct ofgroup *g = groups[i];
        struct ofp_group_stats *gs = &stats[i];
        long long ms = now > g->created ? now - g->created : 0;

        gs->group_id = g->group_id;
        gs->ref_count = (g->n_rule_refs
                         + group_refs_from_groups(ofproto, g->group_id));
        gs->packet_count = g->packet_count;
        gs->byte_count = g->byte_count;
        gs->duration_sec = ms / 1000;
        gs->duration_nsec = (ms % 1000) * 1000000;
        gs->n_buckets = g->n_buckets;
        gs->buckets = xcalloc(g->n_buckets + 1, sizeof *gs->buckets);
        for (size_t j = 0; j < g->n_buckets; j++) {
            gs->buckets[j].packet_count = g->bucket_packets[j];
            gs->buckets[j].byte_count = g->bucket_bytes[j];
        }
    }
    free(groups);
    *statsp = stats;
    *np = n;
}

void
ofproto_group_desc(const struct ofproto *ofproto,
                   struct ofp_group_desc **descp, size_t *np)
{
    size_t n;
    struct ofgroup **groups = select_groups(ofproto, OFPG_ALL, &n);
    struct ofp_group_desc *descs = xcalloc(n + 1, sizeof *descs);

    for (size_t i = 0; i < n; i++) {
        descs[i].type = groups[i]->type;
        descs[i].group_id = groups[i]->group_id;
        buckets_copy(&descs[i].buckets, groups[i]->buckets,
                     groups[i]->n_buckets);
        descs[i].n_buckets = groups[i]->n_buckets;
    }
    free(groups);
    *descp = descs;
    *np = n;
}

void
ofproto_group_features(struct ofp_group_features *gf)
{
    /* OF1.3 action type numbers that buckets may hold. */
    static const int actions[] = {
        0 /* OUTPUT */, 11 /* COPY_TTL_OUT */, 12 /* COPY_TTL_IN */,
        15 /* SET_MPLS_TTL */, 16 /* DEC_MPLS_TTL */, 17 /* PUSH_VLAN */,
        18 /* POP_VLAN */, 19 /* PUSH_MPLS */, 20 /* POP_MPLS */,
        21 /* SET_QUEUE */, 22 /* GROUP */, 23 /* SET_NW_TTL */,
        24 /* DEC_NW_TTL */, 25 /* SET_FIELD */, 26 /* PUSH_PBB */,
        27 /* POP_PBB */,
    };
    uint32_t bitmap = 0;

    for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
        bitmap |= 1u << actions[i];
    }
    memset(gf, 0, sizeof *gf);
    gf->types = ((1u << OFPGT_ALL) | (1u << OFPGT_SELECT)
                 | (1u << OFPGT_INDIRECT) | (1u << OFPGT_FF));
    gf->capabilities = (OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS
                        | OFPGFC_CHAINING | OFPGFC_CHAINING_CHECKS);
    for (size_t i = 0; i < 4; i++) {
        gf->max_groups[i] = OFPG_MAX;
        gf->actions[i] = bitmap;
    }
}
