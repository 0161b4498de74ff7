/* Mirror configuration of switchd: applies the Mirror rows of each
 * bridge to the datapath (dpif_mirror_set()) and writes the mirrors'
 * counters back to Mirror.statistics (tx_packets, tx_bytes).
 *
 * Ports are named in the Mirror table by Port row; the datapath knows
 * them by device, so each Port is mapped to its first Interface's name.
 * A mirror output that is an internal or tap device (one that Sluice
 * creates) gets the largest MTU among the ports the mirror selects, so
 * no copy is truncated, and has IPv6 disabled, so it sends no neighbour
 * discovery of its own.
 *
 * Thread: control thread only. */
#ifndef SLUICE_SWITCHD_BRIDGE_MIRROR_H
#define SLUICE_SWITCHD_BRIDGE_MIRROR_H 1

#include <jansson.h>

struct bridge_mirrors;
struct db_client;
struct dpif;

struct bridge_mirrors *bridge_mirrors_create(void);

/* Frees the state (not the datapath's mirrors).  Accepts NULL. */
void bridge_mirrors_destroy(struct bridge_mirrors *);

/* Makes every bridge's mirrors in 'dpif' match the Mirror rows of the
 * replica in 'db'.  Bridges whose configuration did not change since the
 * last call are left alone; errors are logged once per change. */
void bridge_mirrors_reconcile(struct bridge_mirrors *, struct dpif *,
                              const struct db_client *db);

/* Appends to 'ops' updates of Mirror.statistics that changed. */
void bridge_mirrors_write_stats(struct bridge_mirrors *, struct dpif *,
                                const struct db_client *db, json_t *ops);

#endif /* switchd/bridge-mirror.h */
