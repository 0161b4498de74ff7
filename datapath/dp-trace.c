/* The datapath's side of ofproto/trace and of pipeline reparsing.
 *
 * dp_reparse() lets the pipeline follow a decapsulation (pop_mpls of the
 * last label, pop_pbb): it replays the header-changing datapath actions
 * chosen so far on a scratch copy of the packet and extracts the inner
 * flow from the result.
 *
 * dpif_trace() runs the pipeline for ofproto/trace in the datapath thread
 * with the same NORMAL and reparse callbacks as traffic, except that
 * NORMAL learns nothing and reports what it decided. */
#include "datapath/dp-trace.h"

#include "datapath/dpif-private.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "datapath/execute.h"
#include "lib/util.h"

bool
dp_reparse(struct dp_packet *scratch, const struct dp_packet *pkt,
           const struct odp_actions *so_far, uint32_t in_port,
           struct flow *flow)
{
    dp_packet_copy(scratch, pkt);
    for (size_t i = 0; i < so_far->n; i++) {
        const struct odp_action *a = &so_far->actions[i];
        int error = 0;

        switch (a->type) {
        case ODP_CLONE:
            /* A clone's changes do not outlive it. */
            i += a->clone_len;
            break;
        case ODP_SET_FIELD:
            error = dp_exec_set_field(scratch, a->set_field.field,
                                      &a->set_field.value);
            break;
        case ODP_PUSH_VLAN:
            error = dp_exec_push_vlan(scratch, a->push_vlan.tpid,
                                      a->push_vlan.tci);
            break;
        case ODP_POP_VLAN:
            dp_exec_pop_vlan(scratch);
            break;
        case ODP_PUSH_MPLS:
            error = dp_exec_push_mpls(scratch, a->push_mpls.ethertype,
                                      a->push_mpls.lse);
            break;
        case ODP_POP_MPLS:
            dp_exec_pop_mpls(scratch, a->ethertype);
            break;
        case ODP_PUSH_PBB:
            error = dp_exec_push_pbb(scratch, a->push_pbb.isid);
            break;
        case ODP_POP_PBB:
            dp_exec_pop_pbb(scratch);
            break;
        case ODP_SET_MPLS_TTL:
            dp_exec_set_mpls_ttl(scratch, a->ttl);
            break;
        case ODP_SET_NW_TTL:
            dp_exec_set_nw_ttl(scratch, a->ttl);
            break;
        case ODP_COPY_TTL_OUT:
            dp_exec_copy_ttl_out(scratch);
            break;
        case ODP_COPY_TTL_IN:
            dp_exec_copy_ttl_in(scratch);
            break;
        case ODP_OUTPUT:
        case ODP_CONTROLLER:
        case ODP_SET_QUEUE:
            break;
        }
        if (error) {
            return false;
        }
    }
    bool stripped = (scratch->tagged
                     && scratch->l2_rest == DP_ETH_ADDRS_LEN);
    flow_extract(scratch->data, scratch->len, in_port,
                 stripped ? htons(scratch->tci | VLAN_CFI) : 0, flow, NULL);
    return true;
}

/* Runs in the datapath thread. */
static void
trace_br_fn(struct dpif *dpif, struct dp_bridge *br, void *req_)
{
    struct dpif_trace *req = req_;
    struct dp_packet *pkt = NULL;
    struct xlate_in xin;

    if (req->packet && req->packet_len >= DP_ETH_HDR_LEN
        && req->packet_len <= DP_PACKET_SIZE) {
        pkt = &dpif->reparse_in;
        memset(&pkt->vnet, 0, sizeof pkt->vnet);
        pkt->data = pkt->base + DP_HEADROOM;
        memcpy(pkt->data, req->packet, req->packet_len);
        pkt->len = req->packet_len;
        dp_packet_parse(pkt, 0, 0);
    }
    xlate_in_init(&xin);
    xin.trace = &req->trace;
    dp_translate(dpif, br, &req->flow, pkt, &xin, time_msec(), &req->xout,
                 NULL, &req->normal);
}

int
dpif_trace(struct dpif *dpif, const char *bridge, struct dpif_trace *req,
           dpif_done_fn *done)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);

    if (!br) {
        return ENOENT;
    }
    memset(&req->normal, 0, sizeof req->normal);
    return dp_async_call_br(dpif, br, trace_br_fn, done, req);
}
