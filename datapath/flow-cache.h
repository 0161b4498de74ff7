/* The datapath's exact-match flow cache: struct flow -> the pipeline's
 * verdict (datapath actions and what to credit), so that forwarding costs
 * the same whatever the number of OpenFlow rules.
 *
 * The cache is set-associative (4 ways per bucket), bounded at creation,
 * and evicts the least recently used way of a full bucket; it never
 * rehashes and allocates only when an entry is (re)filled, i.e. on a
 * miss.  An entry is valid while its generation stamps match the
 * bridge's: 'ofproto_gen' (rules, groups, ports, config) always, and
 * 'mac_gen' (MAC learning changes) if the verdict used NORMAL.
 *
 * One instance per bridge; used by the datapath thread only. */
#ifndef SLUICE_FLOW_CACHE_H
#define SLUICE_FLOW_CACHE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/flow.h"
#include "ofproto/xlate.h"

/* What NORMAL did during a translation, to repeat on cache hits. */
struct flow_cache_normal {
    bool learn;                     /* NORMAL learned the source... */
    uint16_t learn_vlan;            /* ...in this VLAN. */
    bool vlan_drop;                 /* NORMAL dropped the packet: its VLAN
                                     * is not allowed on the input port
                                     * (counted as an rx drop). */
};

/* The pipeline's verdict for one flow, as the executor needs it. */
struct flow_cache_verdict {
    struct xlate_credits credits;
    uint32_t flags;                 /* XLATE_* of the translation. */
    struct flow_cache_normal normal;
    size_t n_actions;
    struct odp_action actions[];    /* 'n_actions' of them. */
};

struct flow_cache_entry {
    struct flow flow;
    uint32_t hash;
    uint32_t used;                  /* Cache clock at last use. */
    uint64_t ofproto_gen;
    uint64_t mac_gen;
    struct flow_cache_verdict *verdict;     /* NULL: empty way. */
};

struct flow_cache_stats {
    uint64_t hits, misses, evictions;
    size_t n_entries, capacity;
};

/* Creates a cache of at least 'capacity' entries (rounded up to a power
 * of two, minimum 4). */
struct flow_cache *flow_cache_create(size_t capacity);
void flow_cache_destroy(struct flow_cache *);

/* Returns the valid entry for 'flow' (whose flow_hash() is 'hash') at
 * the generations given, or NULL (a miss).  Stale entries count as
 * misses. */
struct flow_cache_entry *flow_cache_lookup(struct flow_cache *,
                                           const struct flow *flow,
                                           uint32_t hash,
                                           uint64_t ofproto_gen,
                                           uint64_t mac_gen);

/* Stores 'xout''s verdict (and 'normal', what NORMAL did) for 'flow' at
 * the generations given, replacing the stale entry for 'flow' if any,
 * else an empty way, else the least recently used one.
 * Returns the entry (valid until the next insertion). */
struct flow_cache_entry *flow_cache_insert(struct flow_cache *,
                                           const struct flow *flow,
                                           uint32_t hash,
                                           uint64_t ofproto_gen,
                                           uint64_t mac_gen,
                                           const struct xlate_out *xout,
                                           const struct flow_cache_normal *);

/* Empties the cache. */
void flow_cache_flush(struct flow_cache *);

void flow_cache_get_stats(const struct flow_cache *,
                          struct flow_cache_stats *);

#endif /* datapath/flow-cache.h */
