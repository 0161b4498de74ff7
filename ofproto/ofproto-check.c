/* Validation of a flow's instructions and actions against the switch
 * (tables, ports, groups) and against its match (set_field
 * prerequisites). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofproto-private.h"

int
ofproto_action_set_rank(enum ofpact_type type)
{
    switch (type) {
    case OFPACT_COPY_TTL_IN:
        return 0;
    case OFPACT_POP_VLAN:
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_MPLS:
    case OFPACT_POP_PBB:
        return 1;
    case OFPACT_PUSH_MPLS:
        return 2;
    case OFPACT_PUSH_PBB:
        return 3;
    case OFPACT_PUSH_VLAN:
        return 4;
    case OFPACT_COPY_TTL_OUT:
        return 5;
    case OFPACT_DEC_MPLS_TTL:
    case OFPACT_DEC_NW_TTL:
        return 6;
    case OFPACT_SET_FIELD:
    case OFPACT_SET_MPLS_TTL:
    case OFPACT_SET_NW_TTL:
    case OFPACT_SET_VLAN_VID:
    case OFPACT_SET_VLAN_PCP:
        return 7;
    case OFPACT_SET_QUEUE:
        return 8;
    case OFPACT_GROUP:
        return 9;
    case OFPACT_OUTPUT:
        return 10;
    }
    return 10;
}

static ofperr
check_output_port(const struct ofproto *ofproto, uint32_t port,
                  bool packet_out)
{
    switch (port) {
    case OFPP_IN_PORT:
    case OFPP_NORMAL:
    case OFPP_FLOOD:
    case OFPP_ALL:
    case OFPP_CONTROLLER:
    case OFPP_LOCAL:
        return 0;
    case OFPP_TABLE:
        return packet_out ? 0 : OFPERR_OFPBAC_BAD_OUT_PORT;
    default:
        return (port && port <= OFPP_MAX && ofproto_port_find(ofproto, port)
                ? 0 : OFPERR_OFPBAC_BAD_OUT_PORT);
    }
}

/* Makes 'ctx' say "the packet has a VLAN tag" (or, if '!present', that
 * nothing is known about tags). */
static void
ctx_set_vlan(struct match *ctx, bool present)
{
    if (present) {
        ctx->flow.vlan_tci |= htons(VLAN_CFI);
        ctx->wc.vlan_tci |= htons(VLAN_CFI);
    } else {
        ctx->flow.vlan_tci = 0;
        ctx->wc.vlan_tci = 0;
    }
}

/* Makes 'ctx' say "the EtherType is now 'ethertype'"; what was known
 * above L2 no longer holds. */
static void
ctx_set_ethertype(struct match *ctx, uint16_t ethertype)
{
    struct flow keep_flow = ctx->flow, keep_wc = ctx->wc;

    match_init_catchall(ctx);
    ctx->flow.in_port = keep_flow.in_port;
    ctx->wc.in_port = keep_wc.in_port;
    ctx->flow.metadata = keep_flow.metadata;
    ctx->wc.metadata = keep_wc.metadata;
    ctx->flow.dl_src = keep_flow.dl_src;
    ctx->wc.dl_src = keep_wc.dl_src;
    ctx->flow.dl_dst = keep_flow.dl_dst;
    ctx->wc.dl_dst = keep_wc.dl_dst;
    ctx->flow.vlan_tci = keep_flow.vlan_tci;
    ctx->wc.vlan_tci = keep_wc.vlan_tci;
    ctx->flow.dl_type = htons(ethertype);
    ctx->wc.dl_type = htons(0xffff);
}

static ofperr
check_action(const struct ofproto *ofproto, const struct ofpact *a,
             struct match *ctx, bool packet_out)
{
    const struct mf_field *mf;

    switch (a->type) {
    case OFPACT_OUTPUT:
        return check_output_port(ofproto, a->output.port, packet_out);
    case OFPACT_GROUP:
        return (ofproto_group_find(ofproto, a->group_id)
                ? 0 : OFPERR_OFPBAC_BAD_OUT_GROUP);
    case OFPACT_SET_FIELD:
        mf = mf_from_id(a->set_field.field);
        if (!mf || !mf->settable) {
            return OFPERR_OFPBAC_BAD_SET_TYPE;
        }
        if (!mf_is_value_valid(mf, &a->set_field.value)) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
        if (ctx) {
            if (!mf_are_prereqs_ok(mf, &ctx->flow, &ctx->wc)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            if (mf->id == MFF_ETH_TYPE) {
                ctx_set_ethertype(ctx, ntohs(a->set_field.value.be16));
            } else {
                match_set_field(ctx, mf, &a->set_field.value, NULL);
            }
        }
        return 0;
    case OFPACT_SET_VLAN_VID:
    case OFPACT_SET_VLAN_PCP:
    case OFPACT_PUSH_VLAN:
        if (a->type == OFPACT_PUSH_VLAN && a->ethertype != ETH_TYPE_VLAN
            && a->ethertype != ETH_TYPE_VLAN_8021AD) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (ctx) {
            ctx_set_vlan(ctx, true);
        }
        return 0;
    case OFPACT_POP_VLAN:
    case OFPACT_STRIP_VLAN:
        if (ctx) {
            ctx_set_vlan(ctx, false);
        }
        return 0;
    case OFPACT_PUSH_MPLS:
        if (a->ethertype != ETH_TYPE_MPLS
            && a->ethertype != ETH_TYPE_MPLS_MCAST) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (ctx) {
            ctx_set_ethertype(ctx, a->ethertype);
        }
        return 0;
    case OFPACT_POP_MPLS:
        if (ctx) {
            ctx_set_ethertype(ctx, a->ethertype);
        }
        return 0;
    case OFPACT_PUSH_PBB:
        if (a->ethertype != ETH_TYPE_PBB) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (ctx) {
            ctx_set_ethertype(ctx, ETH_TYPE_PBB);
            ctx_set_vlan(ctx, false);
        }
        return 0;
    case OFPACT_POP_PBB:
        if (ctx) {
            match_init_catchall(ctx);
        }
        return 0;
    case OFPACT_SET_QUEUE:
    case OFPACT_COPY_TTL_OUT:
    case OFPACT_COPY_TTL_IN:
    case OFPACT_SET_MPLS_TTL:
    case OFPACT_DEC_MPLS_TTL:
    case OFPACT_SET_NW_TTL:
    case OFPACT_DEC_NW_TTL:
        return 0;
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

ofperr
ofproto_check_actions(const struct ofproto *ofproto,
                      const struct ofpact *acts, size_t n,
                      struct match *ctx, bool packet_out)
{
    for (size_t i = 0; i < n; i++) {
        ofperr error = check_action(ofproto, &acts[i], ctx, packet_out);
        if (error) {
            return error;
        }
    }
    return 0;
}

static int
compare_by_rank(const void *a_, const void *b_)
{
    const struct ofpact *a = a_, *b = b_;
    return ofproto_action_set_rank(a->type) - ofproto_action_set_rank(b->type);
}

ofperr
ofproto_check_insts(const struct ofproto *ofproto, uint8_t table_id,
                    const struct match *match, const struct ofpinsts *insts)
{
    struct match ctx = *match;
    ofperr error;

    if (insts->meter_id) {
        return OFPERR_OFPBIC_UNSUP_INST;
    }
    if (insts->goto_table >= 0
        && (insts->goto_table <= table_id
            || insts->goto_table >= SLUICE_N_TABLES)) {
        return OFPERR_OFPBIC_BAD_TABLE_ID;
    }
    error = ofproto_check_actions(ofproto, insts->apply, insts->n_apply,
                                  &ctx, false);
    if (error || !insts->n_write) {
        return error;
    }

    /* The action set runs in its own order, whatever the order written. */
    struct ofpact *set = xmalloc(insts->n_write * sizeof *set);
    memcpy(set, insts->write, insts->n_write * sizeof *set);
    qsort(set, insts->n_write, sizeof *set, compare_by_rank);
    error = ofproto_check_actions(ofproto, set, insts->n_write, &ctx, false);
    free(set);
    return error;
}

ofperr
ofproto_check_packet_out(const struct ofproto *ofproto, uint32_t in_port,
                         const struct ofpact *acts, size_t n)
{
    if (in_port != OFPP_CONTROLLER && in_port != OFPP_LOCAL
        && in_port != OFPP_ANY
        && (!in_port || in_port > OFPP_MAX
            || !ofproto_port_find(ofproto, in_port))) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    return ofproto_check_actions(ofproto, acts, n, NULL, true);
}
