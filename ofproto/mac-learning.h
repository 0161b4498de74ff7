/* MAC learning table for NORMAL switching: which port each (VLAN, MAC)
 * was last seen on.
 *
 * Entries live in a pool preallocated for the table's size limit, so
 * learning never allocates.  Each entry sits on its port's list in
 * least-recently-seen order: aging pops from the list heads, and when
 * the table is full the oldest entry of the port with the most entries is
 * evicted, so one port flooding random source MACs cannot push out every
 * other port's stations ("fair eviction").
 *
 * The module does no I/O and never reads a clock: every time-dependent
 * call takes 'now' in milliseconds, so tests can warp time.
 *
 * Thread safety: none.  A table belongs to one thread (in Sluice, the
 * datapath thread that forwards its bridge's packets). */
#ifndef SLUICE_MAC_LEARNING_H
#define SLUICE_MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAC_TABLE_DEFAULT_AGING_SEC 300
#define MAC_TABLE_DEFAULT_SIZE 8192

struct mac_table;

/* One entry, as reported by mac_table_dump(). */
struct mac_table_entry {
    uint16_t vlan;
    uint8_t mac[6];
    int port;                   /* Caller's port number (ofport). */
    unsigned int age_sec;       /* Seconds since last seen. */
};

/* What mac_table_learn() did. */
enum mac_learn_result {
    MAC_LEARN_REFRESHED,        /* Known on this port; timestamp updated. */
    MAC_LEARN_NEW,              /* New entry (possibly after an eviction). */
    MAC_LEARN_MOVED,            /* Known on another port; moved here. */
    MAC_LEARN_IGNORED           /* Multicast or all-zero source. */
};

/* Creates a table that holds at most 'max_entries' entries (0 means the
 * default, 8192) and forgets entries not seen for 'aging_sec' seconds (0
 * means the default, 300). */
struct mac_table *mac_table_create(unsigned int max_entries,
                                   unsigned int aging_sec);
void mac_table_destroy(struct mac_table *);

/* Changes the limits (0 means the default, as for mac_table_create()).
 * Shrinking below the current count evicts fairly until it fits. */
void mac_table_set_max(struct mac_table *, unsigned int max_entries);
void mac_table_set_aging(struct mac_table *, unsigned int aging_sec);
unsigned int mac_table_get_max(const struct mac_table *);
unsigned int mac_table_get_aging(const struct mac_table *);

/* Records that unicast source 'mac' was seen in 'vlan' on 'port' at time
 * 'now' (ms).  Multicast and all-zero sources are never learned. */
enum mac_learn_result mac_table_learn(struct mac_table *,
                                      const uint8_t mac[6], uint16_t vlan,
                                      int port, long long now);

/* Returns the port on which 'mac' in 'vlan' was last seen, or -1 if it is
 * unknown or has aged out by time 'now'. */
int mac_table_lookup(const struct mac_table *, const uint8_t mac[6],
                     uint16_t vlan, long long now);

/* Removes the entries that have aged out by time 'now'.  Returns how many
 * it removed.  Call it periodically, traffic or not. */
size_t mac_table_run(struct mac_table *, long long now);

/* Removes every entry, or every entry on 'port'.  Return how many. */
size_t mac_table_flush(struct mac_table *);
size_t mac_table_flush_port(struct mac_table *, int port);

/* Number of entries, including ones aged out but not yet removed by
 * mac_table_run(). */
size_t mac_table_count(const struct mac_table *);

/* Number of entries on 'port'. */
size_t mac_table_count_port(const struct mac_table *, int port);

/* Stores a malloc'd array of the live entries at time 'now', sorted by
 * VLAN then MAC, in '*entriesp' and its length in '*np'.  The caller
 * frees '*entriesp'. */
void mac_table_dump(const struct mac_table *, long long now,
                    struct mac_table_entry **entriesp, size_t *np);

#endif /* ofproto/mac-learning.h */
