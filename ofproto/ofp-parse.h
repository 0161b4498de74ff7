/* ofp-parse: ovs-ofctl's flow syntax in, Sluice's internal OpenFlow forms
 * out (struct match, struct ofpinsts, struct ofp_flow_mod, struct
 * ofp_flow_stats_request, struct ofp_group_mod, struct ofp_packet_out).
 *
 * The syntax is ovs-ofctl(8)'s, so that what users paste from the Open
 * vSwitch documentation works: comma- or space-separated "key=value"
 * fields, protocol shorthands ("tcp", "arp", ...), ovs-ofctl's field names
 * and their OXM aliases, masks as "/mask" or CIDR "/24", and everything
 * after "actions=" is the action list.  Additions of our own, for things
 * Open vSwitch has no syntax for: the match fields "in_phy_port",
 * "pbb_isid" and "ipv6_exthdr", and the actions "push_pbb:0x88e7",
 * "pop_pbb", "copy_ttl_in" and "copy_ttl_out" (docs/sluice-ofctl.md).
 *
 * Every function returns 0 on success, or EINVAL and stores in '*errorp' a
 * malloc'd message that names the offending token (the caller frees it);
 * on failure the output arguments own nothing.  'version' (OFP10_VERSION
 * or OFP13_VERSION) selects how version-specific actions are represented
 * (OF1.0's mod_vlan_vid and strip_vlan versus OF1.3's set_field and
 * pop_vlan).
 *
 * Pure functions with no global state: safe from any thread. */
#ifndef SLUICE_OFP_PARSE_H
#define SLUICE_OFP_PARSE_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/match.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpact.h"

/* Parses a port: a number (1 to 0xffffff00) or a reserved name (IN_PORT,
 * TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, ANY, NONE; case does not
 * matter), or OF1.0's 16-bit reserved numbers (65528..65535, which ovs-ofctl
 * still accepts).  Stores the OF1.3 port number in '*portp'. */
int ofp_parse_port(const char *s, uint32_t *portp, char **errorp);

/* Returns the name of field 'id' in ovs-ofctl's set_field spelling
 * ("eth_src", "ip_dst", "tun_id", ...), which the parser also accepts and
 * the printer prints.  Static storage. */
const char *ofp_field_name(enum mf_field_id id);

/* Parses a match such as "tcp,nw_src=10.0.0.0/8,tp_dst=80" into 'match'.
 * Flow-mod keywords (priority=, actions=, ...) are errors here.  Unlike
 * flows, this also accepts packet fields that OpenFlow cannot match
 * (nw_ttl), since ofproto/trace describes packets with it. */
int ofp_parse_match(const char *s, struct match *match, char **errorp);

/* Parses an instruction list (what follows "actions=" in a flow):
 * actions, "goto_table:N", "write_metadata:V[/M]", "write_actions(...)",
 * "clear_actions", "meter:N", "drop".  Initializes 'insts', which the
 * caller must ofpinsts_destroy() on success. */
int ofp_parse_instructions(const char *s, uint8_t version,
                           struct ofpinsts *insts, char **errorp);

/* Parses a plain action list (no instructions), as in a group bucket or a
 * packet-out.  Stores a malloc'd array in '*actsp' (caller frees) and its
 * length in '*n_actsp'. */
int ofp_parse_actions(const char *s, uint8_t version, struct ofpact **actsp,
                      size_t *n_actsp, char **errorp);

/* Parses a flow for a flow_mod with 'command' (OFPFC_*), as for ovs-ofctl
 * add-flow ("table=,priority=,cookie=,idle_timeout=,...,MATCH,actions=").
 * Defaults follow ovs-ofctl: priority 32768, table 0 for add and modify
 * (OpenFlow 1.3 allows OFPTT_ALL only in deletes) and every table for
 * delete, cookie filter "cookie=V/M" (M may be -1) for modify and
 * delete, out_port/out_group OFPP_ANY/OFPG_ANY, buffer_id OFP_NO_BUFFER.
 * An add without "actions=" drops; modify needs actions; delete must not
 * have any.  The caller ofpinsts_destroy()s
 * 'fm->insts'. */
int ofp_parse_flow_mod(const char *s, enum ofp_flow_mod_command command,
                       uint8_t version, struct ofp_flow_mod *fm,
                       char **errorp);

/* Parses the optional filter of dump-flows or dump-aggregate ("table=",
 * "cookie=V/M", "out_port=", "out_group=" and a match) into 'req'. */
int ofp_parse_flow_stats_request(const char *s, bool aggregate,
                                 struct ofp_flow_stats_request *req,
                                 char **errorp);

/* Parses a group in ovs-ofctl syntax:
 *   group_id=N,type=all|select|indirect|ff,bucket=...,bucket=...
 * where a bucket is "[weight=W,][watch_port=P,][watch_group=G,]
 * actions=A" (or ovs-ofctl's short "bucket=output:1,..." form; "weight:",
 * "watch_port:", "watch_group:" are accepted too).  For
 * OFPGC_DELETE only "group_id=" matters (absent or "all": OFPG_ALL).  The
 * caller frees with ofp_group_mod_uninit() (ofproto/ofp-codec.h). */
int ofp_parse_group_mod(const char *s, enum ofp_group_mod_command command,
                        uint8_t version, struct ofp_group_mod *gm,
                        char **errorp);

/* Parses a hex string (whitespace and ':' between bytes ignored) into a
 * malloc'd buffer stored in '*datap' with its length in '*lenp'. */
int ofp_parse_hex(const char *s, uint8_t **datap, size_t *lenp,
                  char **errorp);

/* Parses ovs-ofctl's newer packet-out syntax
 * "in_port=P,packet=HEX,actions=A" into 'po'.  'po->data' points to a
 * malloc'd copy of the frame that the caller frees together with
 * 'po->actions'. */
int ofp_parse_packet_out(const char *s, uint8_t version,
                         struct ofp_packet_out *po, char **errorp);

#endif /* ofproto/ofp-parse.h */
