/* Internals shared by the files that implement 'struct ofproto'
 * (ofproto.c, ofproto-check.c, ofproto-groups.c).  Not for other modules.
 * Datapath thread only, like the rest of ofproto. */
#ifndef SLUICE_OFPROTO_PRIVATE_H
#define SLUICE_OFPROTO_PRIVATE_H 1

#include "ofproto/ofproto.h"

/* Frees 'rule' (not in any classifier).  Accepts NULL. */
void ofproto_rule_free(struct rule *rule);

/* Removes 'rule' from its table and frees it.  If 'reason' is a
 * flow-removed reason (>= 0), appends a FLOW_REMOVED to 'events' for a
 * rule with OFPFF_SEND_FLOW_REM; -1 means silently. */
void ofproto_rule_remove(struct ofproto *, struct rule *rule, int reason,
                         long long now, struct ofproto_events *events);

/* Checks the 'n' actions 'acts'.  If 'ctx' is nonnull, set_field
 * prerequisites are checked against it, and it is updated as the actions
 * change the packet (pushes, pops, set_fields), so later actions are
 * checked against what the packet will be.  'packet_out' allows
 * output:TABLE.  Returns 0 or an ofperr. */
ofperr ofproto_check_actions(const struct ofproto *,
                             const struct ofpact *acts, size_t n,
                             struct match *ctx, bool packet_out);

/* Returns the position of an action of 'type' in the execution order of
 * an action set (OF1.3 5.10: copy_ttl_in, pop, push_mpls, push_pbb,
 * push_vlan, copy_ttl_out, dec_ttl, set, qos, group, output). */
int ofproto_action_set_rank(enum ofpact_type type);

/* Frees every group (at destruction). */
void ofproto_groups_destroy(struct ofproto *);

#endif /* ofproto/ofproto-private.h */
