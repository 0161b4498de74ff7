/* The datapath thread's packet path: receive a burst, look each packet's
 * flow up in the bridge's flow cache, run the OpenFlow pipeline on a miss,
 * execute the datapath actions and flush per-port transmit batches.
 *
 * Outputs never copy a frame they do not have to: a queued output points
 * at the packet (and its buffer) as it was when the output ran, with the
 * outer VLAN tag as metadata.  A later change to that packet first moves
 * execution to a 'shadow' (a second packet header sharing the buffer) if
 * only metadata changes, or to a 'copy' (own buffer) if bytes change.
 * Both pools last one burst; when they run low, the batches are flushed
 * between two packets so everything can be reused.
 *
 * NORMAL is one action among others: the pipeline calls normal_cb(),
 * which learns the source and turns NORMAL's outputs into datapath
 * actions (per-port VLAN changes wrapped in clones).  Cache entries that
 * used NORMAL remember the VLAN to learn in, so cache hits keep learning;
 * a new or moved MAC bumps the bridge's MAC generation, which makes
 * those entries stale. */
#include "datapath/dpif-private.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "datapath/dp-trace.h"
#include "datapath/execute.h"
#include "datapath/flow-cache.h"
#include "datapath/port.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/mac-learning.h"
#include "ofproto/match.h"

VLOG_DEFINE_THIS_MODULE(dp_forward);

uint32_t
dp_ofport_to_of(int ofport)
{
    return ofport == DPIF_OFPORT_LOCAL ? OFPP_LOCAL : (uint32_t) ofport;
}

int
dp_of_to_ofport(uint32_t port_no)
{
    return (port_no == OFPP_LOCAL ? DPIF_OFPORT_LOCAL
            : port_no <= DPIF_OFPORT_MAX ? (int) port_no : -1);
}

void
dp_forward_init(struct dpif *dpif)
{
    for (size_t i = 0; i < DP_MAX_COPIES; i++) {
        dp_packet_init(&dpif->copies[i]);
    }
    dpif->pin_buf = xmalloc(DP_PACKET_SIZE + 2 * DP_VLAN_HDR_LEN);
    dp_packet_init(&dpif->reparse_scratch);
    dp_packet_init(&dpif->reparse_in);
}

void
dp_forward_uninit(struct dpif *dpif)
{
    for (size_t i = 0; i < DP_MAX_COPIES; i++) {
        dp_packet_uninit(&dpif->copies[i]);
    }
    free(dpif->pin_buf);
    dp_packet_uninit(&dpif->reparse_scratch);
    dp_packet_uninit(&dpif->reparse_in);
}

/* Returns the port of 'br' with 'ofport' (binary search: ports are sorted
 * by ofport), or NULL. */
struct dp_port *
dp_bridge_find_port(const struct dp_bridge *br, int ofport)
{
    size_t lo = 0, hi = br->n_ports;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int o = br->ports[mid]->normal.ofport;
        if (o == ofport) {
            return br->ports[mid];
        } else if (o < ofport) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

/* ---- Transmit batches. ---- */

static void
flush_port(struct dp_port *p)
{
    struct dp_tx_item *items = p->tx.items;
    size_t n = p->tx.n;
    if (!n) {
        return;
    }
    p->port->class->send(p->port, items, n);
    for (size_t j = 0; j < n; j++) {
        const struct dp_packet *pkt = items[j].pkt;
        if (pkt) {
            p->stats.tx_packets++;
            p->stats.tx_bytes += pkt->len - pkt->l2_rest + DP_ETH_ADDRS_LEN
                                 + (items[j].tagged ? DP_VLAN_HDR_LEN : 0);
        }
    }
    p->tx.n = 0;
}

/* Sends everything queued and makes the shadow and copy pools
 * reusable. */
static void
flush_outputs(struct dpif *dpif)
{
    for (size_t i = 0; i < dpif->n_pending; i++) {
        struct dp_port *p = dpif->pending[i];
        flush_port(p);
        p->in_pending = false;
    }
    dpif->n_pending = 0;
    dpif->n_shadows = 0;
    dpif->n_copies = 0;
}

/* Queues 'pkt' for output on 'out' with egress tag ('tagged', 'tci',
 * 'tpid'), without running 'out''s taps (mirror copies use it). */
void
dp_queue_output(struct dpif *dpif, struct dp_port *out,
                const struct dp_packet *pkt, bool tagged, uint16_t tci,
                uint16_t tpid)
{
    if (out->tx.n == DP_BATCH_SIZE) {
        flush_port(out);
    }
    if (!out->in_pending) {
        out->in_pending = true;
        dpif->pending[dpif->n_pending++] = out;
    }
    struct dp_tx_item *item = &out->tx.items[out->tx.n++];
    item->pkt = pkt;
    item->tagged = tagged;
    item->tci = tci;
    item->tpid = tpid;
}

static void
queue_output(struct dpif *dpif, struct dp_port *out,
             const struct dp_packet *pkt, bool tagged, uint16_t tci,
             uint16_t tpid)
{
    if (out->taps) {
        dp_taps_output(dpif, out, pkt, tagged, tci, tpid);
    }
    dp_queue_output(dpif, out, pkt, tagged, tci, tpid);
}

/* ---- Credits. ---- */

static void
apply_credits(struct dpif *dpif, struct dp_bridge *br, long long now)
{
    for (size_t i = 0; i < dpif->n_credits; i++) {
        struct dp_credit *c = &dpif->credits[i];
        ofproto_credit(br->ofproto, c->credits, c->packets, c->bytes, now);
    }
    dpif->n_credits = 0;
}

static void
add_credit(struct dpif *dpif, struct dp_bridge *br,
           const struct xlate_credits *credits, uint64_t bytes,
           long long now)
{
    for (size_t i = 0; i < dpif->n_credits; i++) {
        if (dpif->credits[i].credits == credits) {
            dpif->credits[i].packets++;
            dpif->credits[i].bytes += bytes;
            return;
        }
    }
    if (dpif->n_credits == DP_BATCH_SIZE) {
        apply_credits(dpif, br, now);
    }
    dpif->credits[dpif->n_credits++] = (struct dp_credit) {
        .credits = credits, .packets = 1, .bytes = bytes,
    };
}

/* ---- NORMAL. ---- */

/* State of one translation, for normal_cb() and reparse_cb(). */
struct xlate_ctx {
    struct dpif *dpif;
    struct dp_bridge *br;
    long long now;
    struct flow_cache_normal normal;
    const struct dp_packet *pkt;        /* The packet, if known. */
    struct dpif_trace_normal *trace;    /* Tracing: learn nothing, tell
                                         * what NORMAL decided. */
};

static bool
is_reserved_mac(const uint8_t *dst)
{
    return dst[0] == 0x01 && dst[1] == 0x80 && dst[2] == 0xc2
           && dst[3] == 0x00 && dst[4] == 0x00 && (dst[5] & 0xf0) == 0;
}

/* Appends to 'out' the actions that send a packet whose outer tag is
 * ('cur_tagged', 'cur_tci') to 'port' with NORMAL's egress tag 'o'. */
static void
put_normal_output(struct odp_actions *out, const struct dp_port *port,
                  bool cur_tagged, uint16_t cur_tci,
                  const struct normal_output *o)
{
    uint32_t port_no = dp_ofport_to_of(port->normal.ofport);
    if (o->tagged == cur_tagged && (!o->tagged || o->tci == cur_tci)) {
        odp_actions_put_output(out, port_no);
        return;
    }
    struct odp_action *clone = odp_actions_put(out, ODP_CLONE);
    size_t start = out->n;
    if (cur_tagged) {
        odp_actions_put(out, ODP_POP_VLAN);
    }
    if (o->tagged) {
        struct odp_action *a = odp_actions_put(out, ODP_PUSH_VLAN);
        if (a) {
            a->push_vlan.tpid = DP_ETH_TYPE_VLAN;
            a->push_vlan.tci = o->tci;
        }
    }
    odp_actions_put_output(out, port_no);
    if (clone) {
        clone->clone_len = out->n - start;
    }
}

static void
normal_cb(void *ctx_, const struct flow *flow, struct odp_actions *out)
{
    struct xlate_ctx *ctx = ctx_;
    struct dp_bridge *br = ctx->br;
    struct dpif *dpif = ctx->dpif;
    struct dp_port *in = dp_bridge_find_port(br,
                                             dp_of_to_ofport(flow->in_port));
    struct dpif_trace_normal *trace = ctx->trace;
    if (trace && trace->reached) {
        trace = NULL;
    } else if (trace) {
        trace->reached = true;
        trace->verdict = NORMAL_DROP_RESERVED;
        trace->vlan = -1;
    }
    if (!in || is_reserved_mac(flow->dl_dst.ea)) {
        return;
    }
    uint16_t vlan_tci = ntohs(flow->vlan_tci);
    bool tagged = vlan_tci & VLAN_CFI;
    struct normal_frame frame = {
        .dst = flow->dl_dst.ea,
        .src = flow->dl_src.ea,
        .tagged = tagged,
        .tci = vlan_tci & ~VLAN_CFI,
    };
    int vlan = normal_input_vlan(&in->normal, &frame);
    if (vlan < 0) {
        ctx->normal.vlan_drop = true;
        if (trace) {
            trace->verdict = NORMAL_DROP_VLAN;
        }
        return;
    }
    if (ctx->trace) {
        /* An all-zero source is never learned. */
        static const uint8_t zero_mac[6];
        frame.src = zero_mac;
    } else if (!ctx->normal.learn) {
        enum mac_learn_result r = mac_table_learn(br->macs, frame.src, vlan,
                                                  in->normal.ofport,
                                                  ctx->now);
        if (r == MAC_LEARN_NEW || r == MAC_LEARN_MOVED) {
            br->mac_gen++;
        }
        ctx->normal.learn = r != MAC_LEARN_IGNORED;
        ctx->normal.learn_vlan = vlan;
    }
    size_t n_out;
    enum normal_verdict verdict = normal_switch(br->nports, br->n_ports,
                                                in->idx, br->macs, &frame,
                                                ctx->now, dpif->outs,
                                                &n_out);
    if (trace) {
        int learned = mac_table_lookup(br->macs, frame.dst, vlan, ctx->now);
        trace->verdict = verdict;
        trace->vlan = vlan;
        trace->learned_port = learned < 0 ? 0 : dp_ofport_to_of(learned);
    }
    for (size_t i = 0; i < n_out; i++) {
        const struct dp_port *port = br->ports[dpif->outs[i].port_idx];
        if (!port->taps || !port->taps->mirror_output) {
            put_normal_output(out, port, tagged, frame.tci, &dpif->outs[i]);
            if (trace && trace->n_ports < DPIF_TRACE_MAX_PORTS) {
                trace->ports[trace->n_ports++]
                    = dp_ofport_to_of(port->normal.ofport);
            }
        }
    }
}

static bool
reparse_cb(void *ctx_, const struct odp_actions *so_far, struct flow *flow)
{
    struct xlate_ctx *ctx = ctx_;
    return dp_reparse(&ctx->dpif->reparse_scratch, ctx->pkt, so_far,
                      flow->in_port, flow);
}

/* ---- Executing datapath actions. ---- */

/* Execution state of one packet. */
struct exec_ctx {
    struct dpif *dpif;
    struct dp_bridge *br;
    const struct flow *flow;    /* As received (for packet-ins). */
    struct dp_packet *cur;
    bool cur_shared;            /* 'cur' itself is referenced. */
    bool buf_shared;            /* 'cur''s buffer is referenced. */
};

/* Makes 'cur' safe to change in its metadata. */
static bool
prepare_meta_write(struct exec_ctx *x)
{
    if (x->cur_shared) {
        struct dpif *dpif = x->dpif;
        if (dpif->n_shadows == DP_MAX_SHADOWS) {
            return false;
        }
        struct dp_packet *s = &dpif->shadows[dpif->n_shadows++];
        *s = *x->cur;
        x->cur = s;
        x->cur_shared = false;
    }
    return true;
}

/* Makes 'cur' safe to change in its bytes. */
static bool
prepare_buf_write(struct exec_ctx *x)
{
    if (x->buf_shared) {
        struct dpif *dpif = x->dpif;
        if (dpif->n_copies == DP_MAX_COPIES) {
            return false;
        }
        struct dp_packet *c = &dpif->copies[dpif->n_copies++];
        dp_packet_copy(c, x->cur);
        x->cur = c;
        x->cur_shared = x->buf_shared = false;
        return true;
    }
    return prepare_meta_write(x);
}

/* True if the tag operation 'a' on 'pkt' changes only metadata. */
static bool
is_meta_only(const struct dp_packet *pkt, const struct odp_action *a)
{
    const uint8_t *after = pkt->data + DP_ETH_ADDRS_LEN;
    switch (a->type) {
    case ODP_SET_FIELD:
        return (a->set_field.field == MFF_VLAN_VID
                || a->set_field.field == MFF_VLAN_PCP
                || a->set_field.field == MFF_TUNNEL_ID
                || a->set_field.field == MFF_METADATA);
    case ODP_PUSH_VLAN:
        return !pkt->tagged && pkt->l2_rest == DP_ETH_ADDRS_LEN;
    case ODP_POP_VLAN: {
        uint16_t type = (after[0] << 8) | after[1];
        return (pkt->l2_rest == DP_ETH_ADDRS_LEN
                && type != DP_ETH_TYPE_VLAN && type != 0x88a8);
    }
    default:
        return false;
    }
}

/* Copies the frame of 'pkt' as it would be sent into 'buf'; returns its
 * length. */
static size_t
linearise(const struct dp_packet *pkt, uint8_t *buf)
{
    struct dp_tx_item item = {
        .pkt = pkt, .tagged = pkt->tagged, .tci = pkt->tci,
        .tpid = pkt->tpid,
    };
    size_t len = dp_tx_item_prepare(&item, false);
    memcpy(buf, item.iov[0].iov_base, item.iov[0].iov_len);
    memcpy(buf + item.iov[0].iov_len, item.iov[1].iov_base,
           item.iov[1].iov_len);
    return len;
}

static void
send_packet_in(struct exec_ctx *x, const struct odp_action *a)
{
    struct dpif *dpif = x->dpif;
    size_t len = linearise(x->cur, dpif->pin_buf);
    struct dpif_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = DPIF_EVENT_PACKET_IN;

    struct ofp_packet_in *pi = &ev.packet_in;
    pi->buffer_id = OFP_NO_BUFFER;
    pi->total_len = len > UINT16_MAX ? UINT16_MAX : len;
    pi->reason = a->controller.reason;
    pi->table_id = a->controller.table_id;
    pi->cookie = a->controller.cookie;
    match_init_catchall(&pi->match);
    union mf_value v = { .be32 = htonl(x->flow->in_port) };
    match_set_field(&pi->match, mf_from_id(MFF_IN_PORT), &v, NULL);
    if (a->controller.metadata) {
        v.be64 = a->controller.metadata;
        match_set_field(&pi->match, mf_from_id(MFF_METADATA), &v, NULL);
    }
    if (a->controller.tunnel_id) {
        v.be64 = a->controller.tunnel_id;
        match_set_field(&pi->match, mf_from_id(MFF_TUNNEL_ID), &v, NULL);
    }
    ev.packet_in_max_len = a->controller.max_len;
    dp_async_post_event(dpif, x->br, &ev, dpif->pin_buf, len);
}

/* Runs the 'n' actions 'acts' on 'x->cur'.  Returns false if the packet
 * had to be dropped half-way (no room to copy it). */
static bool
execute(struct exec_ctx *x, const struct odp_action *acts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct odp_action *a = &acts[i];
        struct dp_packet *pkt;
        int error = 0;

        if (a->type == ODP_OUTPUT) {
            struct dp_port *out = dp_bridge_find_port(
                x->br, dp_of_to_ofport(a->port));
            if (out) {
                pkt = x->cur;
                queue_output(x->dpif, out, pkt, pkt->tagged, pkt->tci,
                             pkt->tpid);
                x->cur_shared = x->buf_shared = true;
            }
            continue;
        } else if (a->type == ODP_CONTROLLER) {
            send_packet_in(x, a);
            continue;
        } else if (a->type == ODP_SET_QUEUE) {
            /* Queues come with QoS; until then outputs ignore them. */
            continue;
        } else if (a->type == ODP_CLONE) {
            struct dp_packet *saved = x->cur;
            size_t len = a->clone_len;
            if (len > n - i - 1) {
                return false;
            }
            x->cur_shared = x->buf_shared = true;
            if (!execute(x, a + 1, len)) {
                return false;
            }
            x->cur = saved;
            x->cur_shared = x->buf_shared = true;
            i += len;
            continue;
        }

        if (!(is_meta_only(x->cur, a) ? prepare_meta_write(x)
              : prepare_buf_write(x))) {
            return false;
        }
        pkt = x->cur;
        switch (a->type) {
        case ODP_SET_FIELD:
            error = dp_exec_set_field(pkt, a->set_field.field,
                                      &a->set_field.value);
            break;
        case ODP_PUSH_VLAN:
            error = dp_exec_push_vlan(pkt, a->push_vlan.tpid,
                                      a->push_vlan.tci);
            break;
        case ODP_POP_VLAN:
            dp_exec_pop_vlan(pkt);
            break;
        case ODP_PUSH_MPLS:
            error = dp_exec_push_mpls(pkt, a->push_mpls.ethertype,
                                      a->push_mpls.lse);
            break;
        case ODP_POP_MPLS:
            dp_exec_pop_mpls(pkt, a->ethertype);
            break;
        case ODP_PUSH_PBB:
            error = dp_exec_push_pbb(pkt, a->push_pbb.isid);
            break;
        case ODP_POP_PBB:
            dp_exec_pop_pbb(pkt);
            break;
        case ODP_SET_MPLS_TTL:
            dp_exec_set_mpls_ttl(pkt, a->ttl);
            break;
        case ODP_SET_NW_TTL:
            dp_exec_set_nw_ttl(pkt, a->ttl);
            break;
        case ODP_COPY_TTL_OUT:
            dp_exec_copy_ttl_out(pkt);
            break;
        case ODP_COPY_TTL_IN:
            dp_exec_copy_ttl_in(pkt);
            break;
        case ODP_OUTPUT:
        case ODP_CONTROLLER:
        case ODP_SET_QUEUE:
        case ODP_CLONE:
            break;
        }
        if (error) {
            return false;
        }
    }
    return true;
}

/* Executes 'acts' on 'pkt' (whose flow is 'flow') received by 'br'.  If
 * 'shared', mirror copies reference 'pkt', so it is changed only
 * copy-on-write. */
static void
execute_packet(struct dpif *dpif, struct dp_bridge *br,
               const struct flow *flow, struct dp_packet *pkt,
               const struct odp_action *acts, size_t n, bool shared)
{
    if (dpif->n_shadows > DP_MAX_SHADOWS / 2
        || dpif->n_copies > DP_MAX_COPIES / 2) {
        flush_outputs(dpif);
    }
    struct exec_ctx x = {
        .dpif = dpif, .br = br, .flow = flow, .cur = pkt,
        .cur_shared = shared, .buf_shared = shared,
    };
    if (!execute(&x, acts, n)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1000);
        dpif->n_exec_dropped++;
        VLOG_WARN_RL(&rl, "%s: packet dropped while executing actions "
                     "(out of buffer space)", br->name);
    }
}

/* ---- The pipeline on a cache miss. ---- */

void
dp_translate(struct dpif *dpif, struct dp_bridge *br,
             const struct flow *flow, const struct dp_packet *pkt,
             const struct xlate_in *base, long long now,
             struct xlate_out *xout, struct flow_cache_normal *normal,
             struct dpif_trace_normal *trace)
{
    struct xlate_in xin = *base;
    struct xlate_ctx ctx = {
        .dpif = dpif, .br = br, .now = now, .pkt = pkt, .trace = trace,
    };
    xin.normal_cb = normal_cb;
    xin.normal_aux = &ctx;
    if (pkt) {
        xin.reparse_cb = reparse_cb;
        xin.reparse_aux = &ctx;
    }
    ofproto_xlate(br->ofproto, flow, &xin, xout);
    if (normal) {
        *normal = ctx.normal;
    }
}

static void
process_batch(struct dpif *dpif, struct dp_port *in, long long now)
{
    struct dp_bridge *br = in->bridge;
    uint32_t in_port = dp_ofport_to_of(in->normal.ofport);
    struct xlate_in xin;
    struct xlate_out xout;
    xlate_in_init(&xin);

    for (size_t i = 0; i < dpif->rx.n; i++) {
        struct dp_packet *pkt = &dpif->rx.pkts[i];
        bool stripped = pkt->tagged && pkt->l2_rest == DP_ETH_ADDRS_LEN;
        uint64_t bytes = pkt->len + (stripped ? DP_VLAN_HDR_LEN : 0);
        struct flow flow;
        enum dp_taps_verdict tapped = DP_TAPS_PASS;

        in->stats.rx_packets++;
        in->stats.rx_bytes += bytes;
        dp_tap_packet_reset(&dpif->tap_pkt, in);
        if (in->taps) {
            tapped = dp_taps_input(dpif, in, pkt);
            if (tapped == DP_TAPS_DROP) {
                in->stats.rx_dropped++;
                continue;
            }
        }
        flow_extract(pkt->data, pkt->len, in_port,
                     stripped ? htons(pkt->tci | VLAN_CFI) : 0, &flow,
                     NULL);
        uint32_t hash = flow_hash(&flow, NULL, 0);
        uint64_t gen = ofproto_generation(br->ofproto);
        struct flow_cache_entry *e = flow_cache_lookup(br->cache, &flow,
                                                       hash, gen,
                                                       br->mac_gen);
        if (e && e->verdict->normal.learn) {
            enum mac_learn_result r = mac_table_learn(
                br->macs, flow.dl_src.ea, e->verdict->normal.learn_vlan,
                in->normal.ofport, now);
            if (r == MAC_LEARN_NEW || r == MAC_LEARN_MOVED) {
                br->mac_gen++;
                e = NULL;
            }
        }
        if (!e) {
            struct flow_cache_normal normal;
            apply_credits(dpif, br, now);
            dp_translate(dpif, br, &flow, pkt, &xin, now, &xout, &normal,
                         NULL);
            if (xout.odp.overflow) {
                dpif->n_exec_dropped++;
                in->stats.rx_dropped++;
                continue;
            }
            if (xout.flags & XLATE_UNCACHEABLE) {
                /* The verdict depends on more than the flow key (a
                 * decapsulated header): this packet only. */
                if (xout.flags & XLATE_DROP_NO_RECV || normal.vlan_drop) {
                    in->stats.rx_dropped++;
                }
                ofproto_credit(br->ofproto, &xout.credits, 1, bytes, now);
                execute_packet(dpif, br, &flow, pkt, xout.odp.actions,
                               xout.odp.n, tapped == DP_TAPS_SHARED);
                continue;
            }
            e = flow_cache_insert(br->cache, &flow, hash,
                                  ofproto_generation(br->ofproto),
                                  br->mac_gen, &xout, &normal);
        }
        const struct flow_cache_verdict *v = e->verdict;
        if (v->flags & XLATE_DROP_NO_RECV || v->normal.vlan_drop) {
            in->stats.rx_dropped++;
        }
        add_credit(dpif, br, &v->credits, bytes, now);
        execute_packet(dpif, br, &flow, pkt, v->actions, v->n_actions,
                       tapped == DP_TAPS_SHARED);
    }
    flush_outputs(dpif);
    apply_credits(dpif, br, now);
}

/* Receives and switches up to DP_MAX_BURSTS bursts from 'in'. */
void
dp_port_input(struct dpif *dpif, struct dp_port *in)
{
    for (int burst = 0; burst < DP_MAX_BURSTS; burst++) {
        dp_packet_batch_reset(&dpif->rx);
        int error = in->port->class->recv(in->port, &dpif->rx);
        if (error || !dpif->rx.n) {
            if (error && error != EAGAIN && error != ENETDOWN) {
                static struct vlog_rate_limit rl =
                    VLOG_RATE_LIMIT_INIT(5, 1000);
                VLOG_WARN_RL(&rl, "%s: receive failed (%s)",
                             in->port->name, strerror(error));
            }
            return;
        }
        process_batch(dpif, in, time_msec());
        if (dpif->rx.n < DP_BATCH_SIZE) {
            return;
        }
    }
}

/* ---- Packet-out. ---- */

int
dp_packet_out(struct dpif *dpif, struct dp_bridge *br,
              const struct ofp_packet_out *po)
{
    struct dp_packet *pkt = &dpif->copies[0];
    long long now = time_msec();

    flush_outputs(dpif);
    if (po->len < DP_ETH_HDR_LEN || po->len > DP_PACKET_SIZE) {
        return EINVAL;
    }
    dp_packet_batch_reset(&dpif->rx);
    memset(&pkt->vnet, 0, sizeof pkt->vnet);
    pkt->data = pkt->base + DP_HEADROOM;
    memcpy(pkt->data, po->data, po->len);
    pkt->len = po->len;
    dp_packet_parse(pkt, 0, 0);
    dpif->n_copies = 1;

    struct flow flow;
    flow_extract(pkt->data, pkt->len, po->in_port, 0, &flow, NULL);

    struct xlate_in xin;
    struct xlate_out xout;
    xlate_in_init(&xin);
    xin.actions = po->actions;
    xin.n_actions = po->n_actions;
    dp_translate(dpif, br, &flow, pkt, &xin, now, &xout, NULL, NULL);
    if (xout.odp.overflow) {
        dpif->n_exec_dropped++;
        return ENOSPC;
    }
    ofproto_credit(br->ofproto, &xout.credits, 1, po->len, now);
    dp_tap_packet_reset(&dpif->tap_pkt, NULL);
    struct exec_ctx x = {
        .dpif = dpif, .br = br, .flow = &flow, .cur = pkt,
    };
    bool ok = execute(&x, xout.odp.actions, xout.odp.n);
    flush_outputs(dpif);
    return ok ? 0 : ENOSPC;
}

/* ---- Events from the ofproto. ---- */

void
dp_post_ofproto_events(struct dpif *dpif, const struct dp_bridge *br,
                       struct ofproto_events *events)
{
    struct dpif_event ev;
    for (size_t i = 0; i < events->n_flow_removed; i++) {
        memset(&ev, 0, sizeof ev);
        ev.type = DPIF_EVENT_FLOW_REMOVED;
        ev.flow_removed = events->flow_removed[i];
        dp_async_post_event(dpif, br, &ev, NULL, 0);
    }
    for (size_t i = 0; i < events->n_port_status; i++) {
        memset(&ev, 0, sizeof ev);
        ev.type = DPIF_EVENT_PORT_STATUS;
        ev.port_status = events->port_status[i];
        dp_async_post_event(dpif, br, &ev, NULL, 0);
    }
    ofproto_events_clear(events);
}
