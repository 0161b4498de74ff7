/* Datapath action lists; see odp-actions.h. */
#include "ofproto/odp-actions.h"

#include <string.h>

struct odp_action *
odp_actions_put(struct odp_actions *odp, enum odp_action_type type)
{
    if (odp->n >= ODP_MAX_ACTIONS) {
        odp->overflow = true;
        return NULL;
    }
    struct odp_action *a = &odp->actions[odp->n++];
    memset(a, 0, sizeof *a);
    a->type = type;
    return a;
}

void
odp_actions_put_output(struct odp_actions *odp, uint32_t port)
{
    struct odp_action *a = odp_actions_put(odp, ODP_OUTPUT);
    if (a) {
        a->port = port;
    }
}

const char *
odp_action_type_to_string(enum odp_action_type type)
{
    switch (type) {
    case ODP_OUTPUT: return "output";
    case ODP_SET_FIELD: return "set_field";
    case ODP_PUSH_VLAN: return "push_vlan";
    case ODP_POP_VLAN: return "pop_vlan";
    case ODP_PUSH_MPLS: return "push_mpls";
    case ODP_POP_MPLS: return "pop_mpls";
    case ODP_PUSH_PBB: return "push_pbb";
    case ODP_POP_PBB: return "pop_pbb";
    case ODP_SET_MPLS_TTL: return "set_mpls_ttl";
    case ODP_SET_NW_TTL: return "set_nw_ttl";
    case ODP_CONTROLLER: return "controller";
    case ODP_SET_QUEUE: return "set_queue";
    case ODP_CLONE: return "clone";
    case ODP_COPY_TTL_OUT: return "copy_ttl_out";
    case ODP_COPY_TTL_IN: return "copy_ttl_in";
    }
    return "unknown";
}
