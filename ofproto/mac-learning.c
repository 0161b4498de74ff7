/* MAC learning table; see mac-learning.h for the contract. */
#include "ofproto/mac-learning.h"

#include <stdlib.h>
#include <string.h>
#include "lib/util.h"

#define NIL UINT32_MAX

struct mac_entry {
    uint8_t mac[6];
    uint16_t vlan;
    uint32_t slot;              /* Index into 'ports'. */
    uint32_t prev, next;        /* Port list, oldest first. */
    uint32_t hnext;             /* Hash chain; free list when unused. */
    long long used;             /* When last seen (ms). */
};

/* The entries learned on one port. */
struct mac_port {
    int port;
    uint32_t n;
    uint32_t head, tail;
};

struct mac_table {
    struct mac_entry *entries;  /* Pool of 'max' entries. */
    uint32_t max;
    uint32_t count;
    uint32_t free_head;
    uint32_t *buckets;
    uint32_t mask;              /* Number of buckets minus one. */
    struct mac_port *ports;
    size_t n_ports, alloc_ports;
    long long aging_ms;
};

static uint32_t
mac_hash(const uint8_t mac[6], uint16_t vlan)
{
    uint64_t x = 0;
    memcpy(&x, mac, 6);
    x ^= (uint64_t) vlan << 48;
    x *= 0x9e3779b97f4a7c15ULL;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ULL;
    return x ^ (x >> 32);
}

static void
table_alloc(struct mac_table *t, uint32_t max)
{
    uint32_t n_buckets = 16;
    while (n_buckets < max * 2) {
        n_buckets *= 2;
    }
    t->max = max;
    t->count = 0;
    t->entries = xcalloc(max, sizeof *t->entries);
    for (uint32_t i = 0; i < max; i++) {
        t->entries[i].hnext = i + 1 < max ? i + 1 : NIL;
    }
    t->free_head = 0;
    t->mask = n_buckets - 1;
    t->buckets = xmalloc(n_buckets * sizeof *t->buckets);
    memset(t->buckets, 0xff, n_buckets * sizeof *t->buckets);
}

struct mac_table *
mac_table_create(unsigned int max_entries, unsigned int aging_sec)
{
    struct mac_table *t = xzalloc(sizeof *t);
    table_alloc(t, max_entries ? max_entries : MAC_TABLE_DEFAULT_SIZE);
    mac_table_set_aging(t, aging_sec);
    return t;
}

void
mac_table_destroy(struct mac_table *t)
{
    if (t) {
        free(t->entries);
        free(t->buckets);
        free(t->ports);
        free(t);
    }
}

void
mac_table_set_aging(struct mac_table *t, unsigned int aging_sec)
{
    t->aging_ms = (long long) (aging_sec ? aging_sec
                               : MAC_TABLE_DEFAULT_AGING_SEC) * 1000;
}

unsigned int
mac_table_get_max(const struct mac_table *t)
{
    return t->max;
}

unsigned int
mac_table_get_aging(const struct mac_table *t)
{
    return t->aging_ms / 1000;
}

size_t
mac_table_count(const struct mac_table *t)
{
    return t->count;
}

static struct mac_port *
find_port(const struct mac_table *t, int port)
{
    for (size_t i = 0; i < t->n_ports; i++) {
        if (t->ports[i].port == port) {
            return &t->ports[i];
        }
    }
    return NULL;
}

size_t
mac_table_count_port(const struct mac_table *t, int port)
{
    const struct mac_port *p = find_port(t, port);
    return p ? p->n : 0;
}

static uint32_t
get_slot(struct mac_table *t, int port)
{
    struct mac_port *p = find_port(t, port);
    if (p) {
        return p - t->ports;
    }
    for (size_t i = 0; i < t->n_ports; i++) {
        if (!t->ports[i].n) {
            t->ports[i].port = port;
            return i;
        }
    }
    if (t->n_ports == t->alloc_ports) {
        t->alloc_ports = t->alloc_ports ? t->alloc_ports * 2 : 16;
        t->ports = xrealloc(t->ports, t->alloc_ports * sizeof *t->ports);
    }
    p = &t->ports[t->n_ports];
    p->port = port;
    p->n = 0;
    p->head = p->tail = NIL;
    return t->n_ports++;
}

static void
list_remove(struct mac_table *t, uint32_t idx)
{
    struct mac_entry *e = &t->entries[idx];
    struct mac_port *p = &t->ports[e->slot];
    if (e->prev != NIL) {
        t->entries[e->prev].next = e->next;
    } else {
        p->head = e->next;
    }
    if (e->next != NIL) {
        t->entries[e->next].prev = e->prev;
    } else {
        p->tail = e->prev;
    }
    p->n--;
}

static void
list_append(struct mac_table *t, uint32_t idx, uint32_t slot)
{
    struct mac_entry *e = &t->entries[idx];
    struct mac_port *p = &t->ports[slot];
    e->slot = slot;
    e->next = NIL;
    e->prev = p->tail;
    if (p->tail != NIL) {
        t->entries[p->tail].next = idx;
    } else {
        p->head = idx;
    }
    p->tail = idx;
    p->n++;
}

static uint32_t
find_entry(const struct mac_table *t, const uint8_t mac[6], uint16_t vlan)
{
    uint32_t idx = t->buckets[mac_hash(mac, vlan) & t->mask];
    while (idx != NIL) {
        const struct mac_entry *e = &t->entries[idx];
        if (e->vlan == vlan && !memcmp(e->mac, mac, 6)) {
            return idx;
        }
        idx = e->hnext;
    }
    return NIL;
}

/* Unlinks entry 'idx' from its hash chain and port list and frees it. */
static void
remove_entry(struct mac_table *t, uint32_t idx)
{
    struct mac_entry *e = &t->entries[idx];
    uint32_t *pp = &t->buckets[mac_hash(e->mac, e->vlan) & t->mask];
    while (*pp != idx) {
        pp = &t->entries[*pp].hnext;
    }
    *pp = e->hnext;
    list_remove(t, idx);
    e->hnext = t->free_head;
    t->free_head = idx;
    t->count--;
}

/* Evicts the oldest entry of the port with the most entries. */
static void
evict_one(struct mac_table *t)
{
    struct mac_port *victim = NULL;
    for (size_t i = 0; i < t->n_ports; i++) {
        if (!victim || t->ports[i].n > victim->n) {
            victim = &t->ports[i];
        }
    }
    if (victim && victim->n) {
        remove_entry(t, victim->head);
    }
}

static uint32_t
insert_entry(struct mac_table *t, const uint8_t mac[6], uint16_t vlan,
             int port, long long now)
{
    if (t->free_head == NIL) {
        evict_one(t);
    }
    uint32_t idx = t->free_head;
    struct mac_entry *e = &t->entries[idx];
    t->free_head = e->hnext;
    memcpy(e->mac, mac, 6);
    e->vlan = vlan;
    e->used = now;
    uint32_t *bucket = &t->buckets[mac_hash(mac, vlan) & t->mask];
    e->hnext = *bucket;
    *bucket = idx;
    list_append(t, idx, get_slot(t, port));
    t->count++;
    return idx;
}

enum mac_learn_result
mac_table_learn(struct mac_table *t, const uint8_t mac[6], uint16_t vlan,
                int port, long long now)
{
    static const uint8_t zero[6];
    if ((mac[0] & 1) || !memcmp(mac, zero, 6)) {
        return MAC_LEARN_IGNORED;
    }

    uint32_t idx = find_entry(t, mac, vlan);
    if (idx == NIL) {
        insert_entry(t, mac, vlan, port, now);
        return MAC_LEARN_NEW;
    }

    struct mac_entry *e = &t->entries[idx];
    bool moved = t->ports[e->slot].port != port;
    uint32_t slot = moved ? get_slot(t, port) : e->slot;
    e->used = now;
    if (moved || t->ports[slot].tail != idx) {
        list_remove(t, idx);
        list_append(t, idx, slot);
    }
    return moved ? MAC_LEARN_MOVED : MAC_LEARN_REFRESHED;
}

int
mac_table_lookup(const struct mac_table *t, const uint8_t mac[6],
                 uint16_t vlan, long long now)
{
    uint32_t idx = find_entry(t, mac, vlan);
    if (idx == NIL) {
        return -1;
    }
    const struct mac_entry *e = &t->entries[idx];
    if (now - e->used >= t->aging_ms) {
        return -1;
    }
    return t->ports[e->slot].port;
}

size_t
mac_table_run(struct mac_table *t, long long now)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_ports; i++) {
        struct mac_port *p = &t->ports[i];
        while (p->head != NIL && now - t->entries[p->head].used
               >= t->aging_ms) {
            remove_entry(t, p->head);
            n++;
        }
    }
    return n;
}

size_t
mac_table_flush_port(struct mac_table *t, int port)
{
    struct mac_port *p = find_port(t, port);
    size_t n = 0;
    while (p && p->head != NIL) {
        remove_entry(t, p->head);
        n++;
    }
    return n;
}

size_t
mac_table_flush(struct mac_table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_ports; i++) {
        n += mac_table_flush_port(t, t->ports[i].port);
    }
    return n;
}

void
mac_table_set_max(struct mac_table *t, unsigned int max_entries)
{
    uint32_t max = max_entries ? max_entries : MAC_TABLE_DEFAULT_SIZE;
    if (max == t->max) {
        return;
    }
    while (t->count > max) {
        evict_one(t);
    }

    /* Rebuild into a pool of the new size, keeping each port's order. */
    struct mac_table old = *t;
    table_alloc(t, max);
    t->ports = NULL;
    t->n_ports = t->alloc_ports = 0;
    for (size_t i = 0; i < old.n_ports; i++) {
        for (uint32_t idx = old.ports[i].head; idx != NIL;
             idx = old.entries[idx].next) {
            const struct mac_entry *e = &old.entries[idx];
            insert_entry(t, e->mac, e->vlan, old.ports[i].port, e->used);
        }
    }
    free(old.entries);
    free(old.buckets);
    free(old.ports);
}

static int
compare_entries(const void *a_, const void *b_)
{
    const struct mac_table_entry *a = a_, *b = b_;
    if (a->vlan != b->vlan) {
        return a->vlan < b->vlan ? -1 : 1;
    }
    return memcmp(a->mac, b->mac, 6);
}

void
mac_table_dump(const struct mac_table *t, long long now,
               struct mac_table_entry **entriesp, size_t *np)
{
    struct mac_table_entry *out = xcalloc(t->count ? t->count : 1,
                                          sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < t->n_ports; i++) {
        for (uint32_t idx = t->ports[i].head; idx != NIL;
             idx = t->entries[idx].next) {
            const struct mac_entry *e = &t->entries[idx];
            long long age = now - e->used;
            if (age >= t->aging_ms) {
                continue;
            }
            out[n].vlan = e->vlan;
            memcpy(out[n].mac, e->mac, 6);
            out[n].port = t->ports[i].port;
            out[n].age_sec = age > 0 ? age / 1000 : 0;
            n++;
        }
    }
    qsort(out, n, sizeof *out, compare_entries);
    *entriesp = out;
    *np = n;
}
