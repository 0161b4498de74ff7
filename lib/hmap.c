/* Intrusive hash map; see hmap.h. */
#include "lib/hmap.h"

#include <stdlib.h>
#include <string.h>

void
hmap_init(struct hmap *map)
{
    map->buckets = NULL;
    map->mask = 0;
    map->n = 0;
}

void
hmap_destroy(struct hmap *map)
{
    if (map) {
        free(map->buckets);
        map->buckets = NULL;
        map->mask = 0;
        map->n = 0;
    }
}

/* Rehashes 'map' into 'n_buckets' buckets (a power of two). */
static void
hmap_resize(struct hmap *map, size_t n_buckets)
{
    struct hmap_node **buckets = xcalloc(n_buckets, sizeof *buckets);
    size_t old_n = map->buckets ? map->mask + 1 : 0;

    for (size_t i = 0; i < old_n; i++) {
        struct hmap_node *node = map->buckets[i];
        while (node) {
            struct hmap_node *next = node->next;
            struct hmap_node **b = &buckets[node->hash & (n_buckets - 1)];
            node->next = *b;
            *b = node;
            node = next;
        }
    }
    free(map->buckets);
    map->buckets = buckets;
    map->mask = n_buckets - 1;
}

void
hmap_insert(struct hmap *map, struct hmap_node *node, uint32_t hash)
{
    if (!map->buckets) {
        hmap_resize(map, 8);
    } else if (map->n >= map->mask + 1) {
        hmap_resize(map, (map->mask + 1) * 2);
    }
    struct hmap_node **b = &map->buckets[hash & map->mask];
    node->hash = hash;
    node->next = *b;
    *b = node;
    map->n++;
}

void
hmap_remove(struct hmap *map, struct hmap_node *node)
{
    struct hmap_node **p = &map->buckets[node->hash & map->mask];
    while (*p != node) {
        p = &(*p)->next;
    }
    *p = node->next;
    map->n--;
}

struct hmap_node *
hmap_first_with_hash(const struct hmap *map, uint32_t hash)
{
    if (!map->buckets) {
        return NULL;
    }
    struct hmap_node *node = map->buckets[hash & map->mask];
    while (node && node->hash != hash) {
        node = node->next;
    }
    return node;
}

struct hmap_node *
hmap_next_with_hash(const struct hmap_node *node)
{
    uint32_t hash = node->hash;
    for (node = node->next; node && node->hash != hash; node = node->next) {
        continue;
    }
    return (struct hmap_node *) node;
}

struct hmap_node *
hmap_next_in_buckets(const struct hmap *map, size_t *bucketp)
{
    if (!map->buckets) {
        return NULL;
    }
    for (size_t i = *bucketp; i <= map->mask; i++) {
        if (map->buckets[i]) {
            *bucketp = i;
            return map->buckets[i];
        }
    }
    *bucketp = map->mask + 1;
    return NULL;
}

struct hmap_node *
hmap_next(const struct hmap *map, const struct hmap_node *node,
          size_t *bucketp)
{
    if (node->next) {
        return node->next;
    }
    size_t b = (node->hash & map->mask) + 1;
    struct hmap_node *next = hmap_next_in_buckets(map, &b);
    *bucketp = b;
    return next;
}

uint32_t
hash_bytes(const void *p_, size_t n, uint32_t basis)
{
    const uint8_t *p = p_;
    uint32_t hash = basis;
    size_t i;

    for (i = 0; i + 4 <= n; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        hash = hash_add(hash, w);
    }
    if (i < n) {
        uint32_t w = 0;
        memcpy(&w, p + i, n - i);
        hash = hash_add(hash, w);
    }
    return hash_finish(hash, n);
}
