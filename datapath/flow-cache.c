/* The exact-match flow cache; see flow-cache.h. */
#include "datapath/flow-cache.h"

#include <stdlib.h>
#include <string.h>
#include "lib/util.h"

#define FLOW_CACHE_WAYS 4

struct flow_cache {
    struct flow_cache_entry *entries;   /* n_buckets * FLOW_CACHE_WAYS. */
    size_t n_buckets;                   /* Power of two. */
    uint32_t clock;
    size_t n_entries;
    uint64_t hits, misses, evictions;
};

struct flow_cache *
flow_cache_create(size_t capacity)
{
    struct flow_cache *fc = xzalloc(sizeof *fc);
    size_t n = 1;
    while (n * FLOW_CACHE_WAYS < capacity) {
        n *= 2;
    }
    fc->n_buckets = n;
    fc->entries = xcalloc(n * FLOW_CACHE_WAYS, sizeof *fc->entries);
    return fc;
}

void
flow_cache_flush(struct flow_cache *fc)
{
    for (size_t i = 0; i < fc->n_buckets * FLOW_CACHE_WAYS; i++) {
        free(fc->entries[i].verdict);
        fc->entries[i].verdict = NULL;
    }
    fc->n_entries = 0;
}

void
flow_cache_destroy(struct flow_cache *fc)
{
    if (fc) {
        flow_cache_flush(fc);
        free(fc->entries);
        free(fc);
    }
}

static struct flow_cache_entry *
bucket(struct flow_cache *fc, uint32_t hash)
{
    return &fc->entries[(hash & (fc->n_buckets - 1)) * FLOW_CACHE_WAYS];
}

static bool
is_fresh(const struct flow_cache_entry *e, uint64_t ofproto_gen,
         uint64_t mac_gen)
{
    return e->ofproto_gen == ofproto_gen
           && (!(e->verdict->flags & XLATE_HAS_NORMAL)
               || e->mac_gen == mac_gen);
}

struct flow_cache_entry *
flow_cache_lookup(struct flow_cache *fc, const struct flow *flow,
                  uint32_t hash, uint64_t ofproto_gen, uint64_t mac_gen)
{
    struct flow_cache_entry *b = bucket(fc, hash);
    for (size_t i = 0; i < FLOW_CACHE_WAYS; i++) {
        struct flow_cache_entry *e = &b[i];
        if (e->verdict && e->hash == hash
            && !memcmp(&e->flow, flow, sizeof *flow)) {
            if (!is_fresh(e, ofproto_gen, mac_gen)) {
                break;
            }
            e->used = ++fc->clock;
            fc->hits++;
            return e;
        }
    }
    fc->misses++;
    return NULL;
}

struct flow_cache_entry *
flow_cache_insert(struct flow_cache *fc, const struct flow *flow,
                  uint32_t hash, uint64_t ofproto_gen, uint64_t mac_gen,
                  const struct xlate_out *xout,
                  const struct flow_cache_normal *normal)
{
    struct flow_cache_entry *b = bucket(fc, hash);
    struct flow_cache_entry *victim = NULL;

    for (size_t i = 0; i < FLOW_CACHE_WAYS && !victim; i++) {
        if (b[i].verdict && b[i].hash == hash
            && !memcmp(&b[i].flow, flow, sizeof *flow)) {
            victim = &b[i];
        }
    }
    for (size_t i = 0; i < FLOW_CACHE_WAYS && !victim; i++) {
        if (!b[i].verdict) {
            victim = &b[i];
        }
    }
    if (!victim) {
        victim = &b[0];
        for (size_t i = 1; i < FLOW_CACHE_WAYS; i++) {
            if ((int32_t) (b[i].used - victim->used) < 0) {
                victim = &b[i];
            }
        }
        fc->evictions++;
    }
    if (victim->verdict) {
        free(victim->verdict);
        fc->n_entries--;
    }

    size_t n = xout->odp.n;
    struct flow_cache_verdict *v = xmalloc(sizeof *v
                                           + n * sizeof v->actions[0]);
    v->credits = xout->credits;
    v->flags = xout->flags;
    v->normal = *normal;
    v->n_actions = n;
    memcpy(v->actions, xout->odp.actions, n * sizeof v->actions[0]);

    victim->flow = *flow;
    victim->hash = hash;
    victim->used = ++fc->clock;
    victim->ofproto_gen = ofproto_gen;
    victim->mac_gen = mac_gen;
    victim->verdict = v;
    fc->n_entries++;
    return victim;
}

void
flow_cache_get_stats(const struct flow_cache *fc,
                     struct flow_cache_stats *stats)
{
    stats->hits = fc->hits;
    stats->misses = fc->misses;
    stats->evictions = fc->evictions;
    stats->n_entries = fc->n_entries;
    stats->capacity = fc->n_buckets * FLOW_CACHE_WAYS;
}
