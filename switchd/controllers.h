/* The controller side of sluice-switchd that is not OpenFlow message
 * handling: the SSL table (which key, certificate and CA file every TLS
 * connection uses), the Controller.status map written back to the
 * database, and fail-open (what a bridge's connection manager decides is
 * applied to its switch in the datapath thread).
 *
 * Threads: control thread only. */
#ifndef SLUICE_SWITCHD_CONTROLLERS_H
#define SLUICE_SWITCHD_CONTROLLERS_H 1

#include <stdbool.h>
#include <jansson.h>

struct connmgr;
struct connmgr_status;
struct db_client;
struct db_row;
struct dpif;

/* Applies the SSL row that Open_vSwitch row 'root' refers to (or no TLS
 * configuration if there is none) to every later TLS connection.  The
 * files themselves are (re)read at each connection attempt. */
void controllers_apply_ssl(const struct db_client *, const struct db_row *root);

/* Returns the Controller.status value (an RFC 7047 map) for 'st': state,
 * last_error, sec_since_connect or sec_since_disconnect, for TLS peers
 * peer_subject and peer_not_after (UTC, "2025-01-31T12:00:00Z"),
 * async_dropped, and fail_open="true" while the bridge is in fail-open.
 * The caller owns the result. */
json_t *controllers_status_json(const struct connmgr_status *st);

/* Makes 'cm' (a bridge of 'dpif') apply fail-open to its switch: the
 * callback runs ofproto_set_fail_open() in the datapath thread. */
void controllers_watch_fail_open(struct connmgr *cm, struct dpif *dpif);

#endif /* switchd/controllers.h */
