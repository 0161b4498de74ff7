/* An intrusive hash map: the caller embeds a 'struct hmap_node' in its
 * own structure, computes the hash itself and compares keys itself while
 * walking the nodes that share a hash (HMAP_FOR_EACH_WITH_HASH).
 *
 * Buckets are a power of two; the map doubles when it holds more nodes
 * than buckets, so insertion is O(1) amortised, and removal is O(length of
 * one bucket chain).  Iteration order is unspecified but deterministic for
 * a given sequence of operations.
 *
 * Not thread-safe: one thread at a time per map. */
#ifndef SLUICE_HMAP_H
#define SLUICE_HMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/util.h"

struct hmap_node {
    uint32_t hash;
    struct hmap_node *next;     /* Next in the same bucket. */
};

struct hmap {
    struct hmap_node **buckets;
    size_t mask;                /* Number of buckets - 1. */
    size_t n;                   /* Number of nodes. */
};

/* Initialises 'map' as empty (allocates nothing). */
void hmap_init(struct hmap *map);
/* Frees the bucket array; the nodes themselves belong to the caller. */
void hmap_destroy(struct hmap *map);
/* Inserts 'node' with 'hash' (duplicates allowed). */
void hmap_insert(struct hmap *map, struct hmap_node *node, uint32_t hash);
/* Removes 'node', which must be in 'map'. */
void hmap_remove(struct hmap *map, struct hmap_node *node);

static inline size_t
hmap_count(const struct hmap *map)
{
    return map->n;
}

static inline bool
hmap_is_empty(const struct hmap *map)
{
    return map->n == 0;
}

/* Returns the first node with 'hash', or NULL; hmap_next_with_hash()
 * continues after 'node'. */
struct hmap_node *hmap_first_with_hash(const struct hmap *map,
                                       uint32_t hash);
struct hmap_node *hmap_next_with_hash(const struct hmap_node *node);

/* Iteration over every node: returns the first node at or after bucket
 * '*bucketp' and sets '*bucketp' to its bucket, or returns NULL. */
struct hmap_node *hmap_next_in_buckets(const struct hmap *map,
                                       size_t *bucketp);
/* Returns the node after 'node' (in bucket '*bucketp'), or NULL. */
struct hmap_node *hmap_next(const struct hmap *map,
                            const struct hmap_node *node, size_t *bucketp);

/* Walks the nodes of 'MAP' with 'HASH', as 'STRUCT' pointers in 'VAR'
 * (MEMBER is the embedded hmap_node). */
#define HMAP_FOR_EACH_WITH_HASH(VAR, STRUCT, MEMBER, HASH, MAP)         \
    for (struct hmap_node *hmap_n_ = hmap_first_with_hash(MAP, HASH);   \
         hmap_n_ && ((VAR) = CONTAINER_OF(hmap_n_, STRUCT, MEMBER), 1); \
         hmap_n_ = hmap_next_with_hash(hmap_n_))

/* Walks every node of 'MAP'.  The loop body may remove 'VAR' (the next
 * node is fetched before the body runs) but no other node. */
#define HMAP_FOR_EACH(VAR, STRUCT, MEMBER, MAP)                         \
    for (size_t hmap_b_ = 0, hmap_c_ = 1; hmap_c_; hmap_c_ = 0)         \
        for (struct hmap_node *hmap_n_ = hmap_next_in_buckets(MAP,      \
                                                              &hmap_b_), \
                 *hmap_x_ = NULL;                                       \
             hmap_n_                                                    \
                 && ((VAR) = CONTAINER_OF(hmap_n_, STRUCT, MEMBER),     \
                     hmap_x_ = hmap_next(MAP, hmap_n_, &hmap_b_), 1);   \
             hmap_n_ = hmap_x_)

/* Hash helpers (a 32-bit mixer of the Murmur family). */
uint32_t hash_bytes(const void *p, size_t n, uint32_t basis);
static inline uint32_t
hash_add(uint32_t hash, uint32_t data)
{
    data *= 0xcc9e2d51;
    data = (data << 15) | (data >> 17);
    data *= 0x1b873593;
    hash ^= data;
    hash = (hash << 13) | (hash >> 19);
    return hash * 5 + 0xe6546b64;
}
static inline uint32_t
hash_finish(uint32_t hash, uint32_t n_bytes)
{
    hash ^= n_bytes;
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >> 16;
    return hash;
}
static inline uint32_t
hash_int(uint32_t x, uint32_t basis)
{
    return hash_finish(hash_add(basis, x), 4);
}

#endif /* lib/hmap.h */
