/* ofp-print: Sluice's internal OpenFlow forms printed exactly as Open
 * vSwitch 3.1's ovs-ofctl prints them (flows, actions, ports, tables,
 * groups, errors, asynchronous messages), plus a JSON form of every
 * listing with stable keys (documented in docs/sluice-ofctl.md).
 *
 * Text printers append to a stdio stream ('FILE *': stdout, or an
 * open_memstream() buffer when a string is needed).  JSON converters
 * return a new jansson reference that the caller owns.
 *
 * 'version' is the wire version the objects came in (OFP10_VERSION or
 * OFP13_VERSION): it picks OF1.0's action names (mod_dl_src, mod_vlan_vid)
 * versus OF1.3's (set_field), and the "(OF1.3)" tag of message headers.
 *
 * Pure functions: safe from any thread. */
#ifndef SLUICE_OFP_PRINT_H
#define SLUICE_OFP_PRINT_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "ofproto/ofp-codec.h"
#include "ofproto/ofp-msgs.h"

/* Prints a message header as ovs-ofctl does: "NAME (OF1.3) (xid=0x2):"
 * (no version tag for OF1.0).  'name' is e.g. "OFPST_FLOW reply". */
void ofp_print_header(FILE *, const char *name, uint8_t version,
                      uint32_t xid);

/* Prints a port number: decimal, or a reserved name (LOCAL, IN_PORT, ...).
 */
void ofp_print_port(FILE *, uint32_t port);
/* Prints a duration as "1.234s" (ovs-ofctl's precision rules). */
void ofp_print_duration(FILE *, uint32_t sec, uint32_t nsec);

/* Prints 'match' in flow syntax ("priority=100,tcp,nw_src=10.0.0.0/8"),
 * starting with "priority=N," unless 'priority' is the default (32768) or
 * negative.  Prints nothing for a catch-all match at default priority. */
void ofp_print_match(FILE *, const struct match *match, int priority);

/* Prints an action list as "actions=" values are written; "drop" if
 * empty. */
void ofp_print_actions(FILE *, const struct ofpact *acts, size_t n,
                       uint8_t version);
/* Prints instructions: apply actions, clear_actions, write_actions(...),
 * write_metadata, goto_table, meter; "drop" if there is nothing. */
void ofp_print_instructions(FILE *, const struct ofpinsts *insts,
                            uint8_t version);

/* Prints one dump-flows line (with a leading space, without newline).
 * Without 'show_stats' the --no-stats form: no duration or counters, and
 * cookie and table only when nonzero. */
void ofp_print_flow_stats(FILE *, const struct ofp_flow_stats *fs,
                          uint8_t version, bool show_stats);

/* Prints a group as dump-groups does: "group_id=1,type=select,
 * bucket=weight:100,actions=output:1". */
void ofp_print_group_desc(FILE *, const struct ofp_group_desc *gd,
                          uint8_t version);
/* Prints one dump-group-stats entry (leading space, no newline). */
void ofp_print_group_stats(FILE *, const struct ofp_group_stats *gs);

/* Prints the port descriptions of show / dump-ports-desc, sorted by port
 * number ('ports' is sorted in place). */
void ofp_print_port_descs(FILE *, struct ofp_port_desc *ports, size_t n,
                          uint8_t version);
/* Prints dump-ports entries (each two or three lines). */
void ofp_print_port_stats(FILE *, const struct ofp_port_stats *ps,
                          size_t n, uint8_t version);
/* Prints dump-tables entries, coalescing runs of identical tables into
 * "tables A...B: ditto" as ovs-ofctl does. */
void ofp_print_table_stats(FILE *, const struct ofp_table_stats *ts,
                           size_t n);
void ofp_print_desc(FILE *, const struct ofp_desc *desc);
/* Prints the body of a FEATURES_REPLY after its header ("dpid:..." and
 * the lines that follow). */
void ofp_print_features(FILE *, const struct ofp_features *features,
                        uint8_t version);
void ofp_print_switch_config(FILE *, const struct ofp_switch_config *);

/* Prints "OFPT_ERROR (OF1.3) (xid=0x2): OFPBMC_BAD_PREREQ" and a newline;
 * if 'data' holds a complete message it is summarised on a second
 * line. */
void ofp_print_error(FILE *, uint8_t version, uint32_t xid, ofperr error,
                     const void *data, size_t len);

/* Asynchronous messages, as ovs-ofctl monitor prints them (each ends with
 * a newline). */
void ofp_print_packet_in(FILE *, uint8_t version, uint32_t xid,
                         const struct ofp_packet_in *pin);
void ofp_print_flow_removed(FILE *, uint8_t version, uint32_t xid,
                            const struct ofp_flow_removed *fr);
void ofp_print_port_status(FILE *, uint8_t version, uint32_t xid,
                           const struct ofp_port_status *ps);

/* Prints a packet's headers as a flow ("tcp,in_port=1,dl_src=..,nw_src=..,
 * tp_dst=80") showing the fields its protocols define (in_port if
 * nonzero). */
void ofp_print_packet_flow(FILE *, const struct flow *flow);

/* JSON forms. */
json_t *ofp_match_to_json(const struct match *match);
json_t *ofp_flow_stats_to_json(const struct ofp_flow_stats *fs,
                               uint8_t version);
json_t *ofp_group_desc_to_json(const struct ofp_group_desc *gd,
                               uint8_t version);
json_t *ofp_group_stats_to_json(const struct ofp_group_stats *gs);
json_t *ofp_port_desc_to_json(const struct ofp_port_desc *pd);
json_t *ofp_port_stats_to_json(const struct ofp_port_stats *ps);
json_t *ofp_table_stats_to_json(const struct ofp_table_stats *ts);
json_t *ofp_desc_to_json(const struct ofp_desc *desc);
json_t *ofp_aggregate_to_json(const struct ofp_aggregate_stats *as);

/* Returns a malloc'd string with what 'print' printed to its stream. */
char *ofp_print_to_string(void (*print)(FILE *, const void *aux),
                          const void *aux);

#endif /* ofproto/ofp-print.h */
