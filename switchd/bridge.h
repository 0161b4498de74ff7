/* Bridge reconciliation: makes the running datapath match the
 * configuration replicated by the db client, and reports the outcome back
 * to the database.
 *
 * Each pass deletes what is gone or changed beyond repair (bridges and
 * ports no longer configured, ports whose type or ofport_request
 * changed), then adds what is new, then reconfigures in place (VLAN
 * settings, MTU, the bridges' MAC aging and table size).  It then writes
 * back, for each interface, ofport (-1 if it could not be attached),
 * error (the reason, or empty), mac_in_use, link_state, admin_state and
 * mtu, and finally sets Open_vSwitch.cur_cfg to next_cfg in the same
 * transaction, so that a client waiting for cur_cfg sees the errors too.
 * A port that could not be attached is not retried until next_cfg
 * changes.  Interface statistics are written every 5 seconds when they
 * changed.  Ports keep the ofport they had (the Interface's ofport
 * column) across a restart of switchd unless ofport_request says
 * otherwise.
 *
 * The module also registers the unixctl commands fdb/show, fdb/flush and
 * dpif/show.  After each pass it applies the Mirror table
 * (switchd/bridge-mirror.h); bridges_set_rundir() also starts the
 * capture server (switchd/capture-server.h) in that directory.
 *
 * Thread: control thread only. */
#ifndef SLUICE_SWITCHD_BRIDGE_H
#define SLUICE_SWITCHD_BRIDGE_H 1

struct bridges;
struct db_client;
struct dpif;
struct event_base;

/* Creates the reconciler for 'dpif' (not owned) in 'base', and registers
 * its unixctl commands.  Nothing happens until bridges_set_db(). */
struct bridges *bridges_create(struct event_base *base, struct dpif *dpif);

/* Sets the db client whose replica is the configuration (not owned). */
void bridges_set_db(struct bridges *, struct db_client *db);

/* Sets the run directory where each bridge's OpenFlow management socket
 * BR.mgmt is created (default: sluice_rundir(NULL)). */
void bridges_set_rundir(struct bridges *, const char *rundir);

/* Tells the reconciler that the replica changed; a reconciliation pass
 * runs soon from the event loop (several calls coalesce into one pass).
 * Suitable as the db client's change callback, with the bridges as
 * 'aux'. */
void bridges_db_changed(void *bridges);

/* Frees the reconciler's state without touching the datapath (the caller
 * destroys the dpif and decides whether devices stay).  Accepts NULL. */
void bridges_destroy(struct bridges *);

#endif /* switchd/bridge.h */
