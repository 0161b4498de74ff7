/* The OpenFlow pipeline; see xlate.h. */
#include "ofproto/xlate.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofproto-private.h"

#define MAX_ACTION_SET 64
#define MAX_GROUP_DEPTH 16

struct xlate_ctx {
    const struct ofproto *ofproto;
    const struct xlate_in *xin;
    struct xlate_out *xout;
    struct flow flow;               /* The packet as it is now. */
    uint8_t table_id;               /* Current table. */
    uint64_t cookie;                /* Cookie of the current rule. */
    bool table_miss_rule;           /* The current rule is a table-miss
                                     * rule (priority 0, catch-all). */
    struct ofpact action_set[MAX_ACTION_SET];
    size_t n_action_set;
    int depth;                      /* Group nesting. */
    bool exit;                      /* Stop translating. */
};

static void do_actions(struct xlate_ctx *, const struct ofpact *, size_t,
                       bool in_action_set);
static void xlate_table(struct xlate_ctx *, uint8_t table_id);

/* Trace sink. */

void
xlate_trace_init(struct xlate_trace *trace)
{
    memset(trace, 0, sizeof *trace);
}

void
xlate_trace_destroy(struct xlate_trace *trace)
{
    if (!trace) {
        return;
    }
    for (size_t i = 0; i < trace->n; i++) {
        ofpinsts_destroy(&trace->recs[i].insts);
    }
    free(trace->recs);
    xlate_trace_init(trace);
}

static struct xlate_trace_rec *
trace_push(struct xlate_ctx *ctx, enum xlate_trace_type type)
{
    struct xlate_trace *t = ctx->xin->trace;
    if (!t) {
        return NULL;
    }
    if (t->n == t->allocated) {
        t->allocated = t->allocated * 2 + 8;
        t->recs = xrealloc(t->recs, t->allocated * sizeof *t->recs);
    }
    struct xlate_trace_rec *rec = &t->recs[t->n++];
    memset(rec, 0, sizeof *rec);
    ofpinsts_init(&rec->insts);
    rec->type = type;
    rec->depth = ctx->depth;
    rec->table_id = ctx->table_id;
    return rec;
}

static void SLUICE_PRINTF(2, 3)
trace_note(struct xlate_ctx *ctx, const char *format, ...)
{
    struct xlate_trace_rec *rec = trace_push(ctx, XT_NOTE);
    if (rec) {
        va_list args;
        va_start(args, format);
        vsnprintf(rec->text, sizeof rec->text, format, args);
        va_end(args);
    }
}

/* Credits. */

static void
credit_rule(struct xlate_ctx *ctx, const struct rule *rule)
{
    struct xlate_credits *c = &ctx->xout->credits;
    if (c->n_rules < XLATE_MAX_CREDITS) {
        c->rules[c->n_rules++] = (struct rule *) rule;
    }
}

static void
credit_miss(struct xlate_ctx *ctx, uint8_t table_id)
{
    struct xlate_credits *c = &ctx->xout->credits;
    if (c->n_misses < XLATE_MAX_CREDITS) {
        c->miss_tables[c->n_misses++] = table_id;
    }
}

static void
credit_bucket(struct xlate_ctx *ctx, const struct ofgroup *group,
              size_t bucket, bool count_group)
{
    struct xlate_credits *c = &ctx->xout->credits;
    if (c->n_buckets < XLATE_MAX_CREDITS) {
        c->buckets[c->n_buckets].group = (struct ofgroup *) group;
        c->buckets[c->n_buckets].bucket = bucket;
        c->buckets[c->n_buckets].count_group = count_group;
        c->n_buckets++;
    }
}

void
ofproto_credit(struct ofproto *ofproto, const struct xlate_credits *c,
               uint64_t packets, uint64_t bytes, long long now)
{
    for (size_t i = 0; i < c->n_rules; i++) {
        struct rule *rule = c->rules[i];
        struct oftable *table = &ofproto->tables[rule->table_id];
        ofproto_rule_credit(rule, packets, bytes, now);
        table->lookup_count += packets;
        table->matched_count += packets;
    }
    for (size_t i = 0; i < c->n_misses; i++) {
        ofproto->tables[c->miss_tables[i]].lookup_count += packets;
    }
    for (size_t i = 0; i < c->n_buckets; i++) {
        struct ofgroup *g = c->buckets[i].group;
        uint16_t b = c->buckets[i].bucket;
        if (c->buckets[i].count_group) {
            g->packet_count += packets;
            g->byte_count += bytes;
        }
        if (b < g->n_buckets) {
            g->bucket_packets[b] += packets;
            g->bucket_bytes[b] += bytes;
        }
    }
}

/* Helpers on the working flow. */

static bool
is_ip(const struct flow *flow)
{
    return (flow->dl_type == htons(ETH_TYPE_IP)
            || flow->dl_type == htons(ETH_TYPE_IPV6));
}

static bool
is_mpls(const struct flow *flow)
{
    return (flow->dl_type == htons(ETH_TYPE_MPLS)
            || flow->dl_type == htons(ETH_TYPE_MPLS_MCAST));
}

static bool
has_vlan(const struct flow *flow)
{
    return (flow->vlan_tci & htons(VLAN_CFI)) != 0;
}

static void
wc_exact_in_port(struct xlate_ctx *ctx)
{
    ctx->xout->wc.in_port = UINT32_MAX;
}

static struct odp_action *
put(struct xlate_ctx *ctx, enum odp_action_type type)
{
    return odp_actions_put(&ctx->xout->odp, type);
}

/* Forgets everything the flow says above L2 (after a decapsulation that
 * cannot be followed), or re-extracts it through the reparse callback. */
static void
reparse(struct xlate_ctx *ctx)
{
    const struct xlate_in *xin = ctx->xin;
    struct flow flow = ctx->flow;

    if (xin->reparse_cb
        && xin->reparse_cb(xin->reparse_aux, &ctx->xout->odp, &flow)) {
        flow.in_port = ctx->flow.in_port;
        flow.in_phy_port = ctx->flow.in_phy_port;
        flow.metadata = ctx->flow.metadata;
        flow.tunnel_id = ctx->flow.tunnel_id;
        ctx->flow = flow;
    } else {
        size_t l3 = offsetof(struct flow, nw_proto);
        memset((char *) &ctx->flow + l3, 0, sizeof ctx->flow - l3);
        ctx->flow.dl_type = 0;
        ctx->flow.mpls_lse = 0;
        ctx->flow.pbb_isid = 0;
        trace_note(ctx, "flow above L2 unknown after decapsulation");
    }
    ctx->xout->flags |= XLATE_UNCACHEABLE;
}

/* Outputs. */

static void
controller(struct xlate_ctx *ctx, enum ofp_packet_in_reason reason,
           uint16_t max_len)
{
    const struct ofport *in = ofproto_port_find(ctx->ofproto,
                                                ctx->flow.in_port);
    wc_exact_in_port(ctx);
    if (in && in->desc.config & OFPPC_NO_PACKET_IN) {
        trace_note(ctx, "input port has no_packet_in: no packet-in");
        return;
    }
    struct odp_action *a = put(ctx, ODP_CONTROLLER);
    if (a) {
        a->controller.reason = reason;
        a->controller.table_id = ctx->table_id;
        a->controller.max_len = max_len;
        a->controller.cookie = ctx->cookie;
        a->controller.metadata = ctx->flow.metadata;
        a->controller.tunnel_id = ctx->flow.tunnel_id;
    }
    ctx->xout->flags |= XLATE_HAS_CONTROLLER;
}

/* Outputs to the real port 'port_no', unless it is the input port (and
 * not 'to_in_port') or cannot forward. */
static void
output_port(struct xlate_ctx *ctx, uint32_t port_no, bool to_in_port)
{
    wc_exact_in_port(ctx);
    if (port_no == ctx->flow.in_port && !to_in_port) {
        trace_note(ctx, "output to input port %"PRIu32" skipped", port_no);
        return;
    }
    const struct ofport *port = ofproto_port_find(ctx->ofproto, port_no);
    if (!port) {
        trace_note(ctx, "output to nonexistent port %"PRIu32" skipped",
                   port_no);
        return;
    }
    if (port->desc.config & (OFPPC_PORT_DOWN | OFPPC_NO_FWD)) {
        trace_note(ctx, "port %"PRIu32" is down or no_fwd: skipped",
                   port_no);
        return;
    }
    odp_actions_put_output(&ctx->xout->odp, port_no);
}

static void
flood(struct xlate_ctx *ctx, bool all)
{
    const struct ofproto *ofproto = ctx->ofproto;
    wc_exact_in_port(ctx);
    for (size_t i = 0; i < ofproto->n_ports; i++) {
        const struct ofp_port_desc *d = &ofproto->ports[i].desc;
        if (d->port_no == ctx->flow.in_port
            || d->config & (OFPPC_PORT_DOWN | OFPPC_NO_FWD)
            || (!all && d->state & OFPPS_BLOCKED)) {
            continue;
        }
        odp_actions_put_output(&ctx->xout->odp, d->port_no);
    }
}

static void
normal(struct xlate_ctx *ctx)
{
    struct flow *wc = &ctx->xout->wc;
    wc->in_port = UINT32_MAX;
    memset(&wc->dl_src, 0xff, sizeof wc->dl_src);
    memset(&wc->dl_dst, 0xff, sizeof wc->dl_dst);
    wc->vlan_tci = htons(0xffff);
    ctx->xout->flags |= XLATE_HAS_NORMAL;
    if (ctx->xin->normal_cb) {
        ctx->xin->normal_cb(ctx->xin->normal_aux, &ctx->flow,
                            &ctx->xout->odp);
    } else {
        trace_note(ctx, "NORMAL unavailable: dropped");
    }
}

static void
output(struct xlate_ctx *ctx, uint32_t port, uint16_t max_len)
{
    switch (port) {
    case OFPP_IN_PORT:
        output_port(ctx, ctx->flow.in_port, true);
        break;
    case OFPP_TABLE:
        if (ctx->xin->actions && !ctx->depth) {
            struct ofpact saved[MAX_ACTION_SET];
            size_t n_saved = ctx->n_action_set;
            memcpy(saved, ctx->action_set, n_saved * sizeof *saved);
            ctx->n_action_set = 0;
            xlate_table(ctx, 0);
            memcpy(ctx->action_set, saved, n_saved * sizeof *saved);
            ctx->n_action_set = n_saved;
            ctx->exit = false;
        } else {
            trace_note(ctx, "output:TABLE outside packet-out ignored");
        }
        break;
    case OFPP_NORMAL:
        normal(ctx);
        break;
    case OFPP_FLOOD:
    case OFPP_ALL:
        flood(ctx, port == OFPP_ALL);
        break;
    case OFPP_CONTROLLER:
        controller(ctx, (ctx->table_miss_rule ? OFPR_NO_MATCH
                         : OFPR_ACTION), max_len);
        break;
    default:
        output_port(ctx, port, false);
        break;
    }
}

/* Groups. */

/* Runs 'n' bucket actions on a copy of the packet: the working flow and
 * the packet are as before afterwards.  The ODP_CLONE wrapper is dropped
 * when the bucket only outputs. */
static void
run_bucket(struct xlate_ctx *ctx, const struct ofp_bucket *b)
{
    struct odp_actions *odp = &ctx->xout->odp;
    struct flow saved = ctx->flow;
    size_t start = odp->n;
    struct odp_action *clone = put(ctx, ODP_CLONE);

    if (!clone) {
        return;
    }
    ctx->depth++;
    do_actions(ctx, b->actions, b->n_actions, false);
    ctx->depth--;
    ctx->flow = saved;
    ctx->exit = false;

    bool modifies = false;
    for (size_t i = start + 1; i < odp->n; i++) {
        enum odp_action_type t = odp->actions[i].type;
        if (t != ODP_OUTPUT && t != ODP_CONTROLLER) {
            modifies = true;
            break;
        }
    }
    if (modifies) {
        odp->actions[start].clone_len = odp->n - start - 1;
    } else {
        memmove(&odp->actions[start], &odp->actions[start + 1],
                (odp->n - start - 1) * sizeof *odp->actions);
        odp->n--;
    }
}

/* Chooses the bucket of SELECT group 'g' for the flow: a hash of its L2-L4
 * addresses and ports, spread over the live buckets by weight.  Returns
 * the bucket index or -1. */
static int
select_bucket(struct xlate_ctx *ctx, const struct ofgroup *g)
{
    const struct flow *f = &ctx->flow;
    struct flow *wc = &ctx->xout->wc;
    uint32_t total = 0;

    for (size_t i = 0; i < g->n_buckets; i++) {
        if (ofproto_bucket_is_live(ctx->ofproto, &g->buckets[i])) {
            total += g->buckets[i].weight;
        }
    }
    if (!total) {
        return -1;
    }

    uint32_t h = 0;
    h = hash_bytes(&f->dl_src, sizeof f->dl_src, h);
    h = hash_bytes(&f->dl_dst, sizeof f->dl_dst, h);
    h = hash_add(h, f->dl_type);
    h = hash_add(h, f->nw_src);
    h = hash_add(h, f->nw_dst);
    h = hash_bytes(&f->ipv6_src, sizeof f->ipv6_src, h);
    h = hash_bytes(&f->ipv6_dst, sizeof f->ipv6_dst, h);
    h = hash_add(h, f->nw_proto);
    h = hash_add(h, ((uint32_t) f->tp_src << 16) | f->tp_dst);
    h = hash_finish(h, 0);

    memset(&wc->dl_src, 0xff, sizeof wc->dl_src);
    memset(&wc->dl_dst, 0xff, sizeof wc->dl_dst);
    wc->dl_type = htons(0xffff);
    wc->nw_src = wc->nw_dst = UINT32_MAX;
    memset(&wc->ipv6_src, 0xff, sizeof wc->ipv6_src);
    memset(&wc->ipv6_dst, 0xff, sizeof wc->ipv6_dst);
    wc->nw_proto = 0xff;
    wc->tp_src = wc->tp_dst = htons(0xffff);

    uint32_t point = (uint32_t) (((uint64_t) h * total) >> 32);
    for (size_t i = 0; i < g->n_buckets; i++) {
        const struct ofp_bucket *b = &g->buckets[i];
        if (!ofproto_bucket_is_live(ctx->ofproto, b) || !b->weight) {
            continue;
        }
        if (point < b->weight) {
            return i;
        }
        point -= b->weight;
    }
    return -1;
}

static void
group(struct xlate_ctx *ctx, uint32_t group_id)
{
    const struct ofgroup *g = ofproto_group_find(ctx->ofproto, group_id);
    struct xlate_trace_rec *rec;
    int bucket = -1;

    if (!g) {
        trace_note(ctx, "group %"PRIu32" does not exist", group_id);
        return;
    }
    if (ctx->depth >= MAX_GROUP_DEPTH) {
        trace_note(ctx, "groups nested too deeply: dropped");
        return;
    }
    switch (g->type) {
    case OFPGT_ALL:
        for (size_t i = 0; i < g->n_buckets; i++) {
            rec = trace_push(ctx, XT_GROUP);
            if (rec) {
                rec->group_id = group_id;
                rec->bucket = i;
            }
            credit_bucket(ctx, g, i, i == 0);
            run_bucket(ctx, &g->buckets[i]);
        }
        return;
    case OFPGT_SELECT:
        bucket = select_bucket(ctx, g);
        break;
    case OFPGT_INDIRECT:
        bucket = g->n_buckets ? 0 : -1;
        break;
    case OFPGT_FF:
        for (size_t i = 0; i < g->n_buckets; i++) {
            if (ofproto_bucket_is_live(ctx->ofproto, &g->buckets[i])) {
                bucket = i;
                break;
            }
        }
        break;
    }
    rec = trace_push(ctx, XT_GROUP);
    if (rec) {
        rec->group_id = group_id;
        rec->bucket = bucket;
    }
    if (bucket >= 0) {
        credit_bucket(ctx, g, bucket, true);
        run_bucket(ctx, &g->buckets[bucket]);
    } else {
        credit_bucket(ctx, g, UINT16_MAX, true);
    }
}

/* TTLs. */

static void
ttl_expired(struct xlate_ctx *ctx)
{
    ctx->xout->flags |= XLATE_TTL_EXPIRED;
    if (ctx->ofproto->config.flags & OFPC_INVALID_TTL_TO_CONTROLLER) {
        controller(ctx, OFPR_INVALID_TTL, OFPCML_NO_BUFFER);
    } else {
        trace_note(ctx, "TTL expired: dropped");
    }
    ctx->exit = true;
}

static uint8_t
mpls_ttl(const struct flow *flow)
{
    return ntohl(flow->mpls_lse) & 0xff;
}

static void
set_mpls_ttl(struct xlate_ctx *ctx, uint8_t ttl)
{
    struct odp_action *a = put(ctx, ODP_SET_MPLS_TTL);
    if (a) {
        a->ttl = ttl;
    }
    ctx->flow.mpls_lse = htonl((ntohl(ctx->flow.mpls_lse) & ~0xffu) | ttl);
}

static void
set_nw_ttl(struct xlate_ctx *ctx, uint8_t ttl)
{
    struct odp_action *a = put(ctx, ODP_SET_NW_TTL);
    if (a) {
        a->ttl = ttl;
    }
    ctx->flow.nw_ttl = ttl;
}

/* Tags. */

static void
push_vlan(struct xlate_ctx *ctx, uint16_t tpid)
{
    uint16_t tci = ntohs(ctx->flow.vlan_tci) & ~VLAN_CFI;
    struct odp_action *a = put(ctx, ODP_PUSH_VLAN);
    if (a) {
        a->push_vlan.tpid = tpid;
        a->push_vlan.tci = has_vlan(&ctx->flow) ? tci : 0;
    }
    ctx->flow.vlan_tci = htons((has_vlan(&ctx->flow) ? tci : 0) | VLAN_CFI);
}

static void
pop_vlan(struct xlate_ctx *ctx)
{
    ctx->xout->wc.vlan_tci |= htons(VLAN_CFI);
    if (has_vlan(&ctx->flow)) {
        put(ctx, ODP_POP_VLAN);
        ctx->flow.vlan_tci = 0;
    }
}

static void
set_field(struct xlate_ctx *ctx, enum mf_field_id id,
          const union mf_value *value)
{
    const struct mf_field *mf = mf_from_id(id);

    if ((id == MFF_VLAN_VID || id == MFF_VLAN_PCP)
        && !has_vlan(&ctx->flow)) {
        ctx->xout->wc.vlan_tci |= htons(VLAN_CFI);
        trace_note(ctx, "set_field on %s without a VLAN tag ignored",
                   mf->name);
        return;
    }
    struct odp_action *a = put(ctx, ODP_SET_FIELD);
    if (a) {
        a->set_field.field = id;
        a->set_field.value = *value;
    }
    mf_set_flow_value(mf, value, &ctx->flow);
}

/* OF1.0 set_vlan_vid / set_vlan_pcp: pushes a tag if there is none. */
static void
set_vlan_10(struct xlate_ctx *ctx, const struct ofpact *a)
{
    union mf_value v;

    ctx->xout->wc.vlan_tci |= htons(VLAN_CFI);
    if (!has_vlan(&ctx->flow)) {
        push_vlan(ctx, ETH_TYPE_VLAN);
    }
    memset(&v, 0, sizeof v);
    if (a->type == OFPACT_SET_VLAN_VID) {
        v.be16 = htons(a->vlan_vid | VLAN_CFI);
        set_field(ctx, MFF_VLAN_VID, &v);
    } else {
        v.u8 = a->vlan_pcp;
        set_field(ctx, MFF_VLAN_PCP, &v);
    }
}

static void
do_action(struct xlate_ctx *ctx, const struct ofpact *a)
{
    struct flow *wc = &ctx->xout->wc;
    struct odp_action *o;

    switch (a->type) {
    case OFPACT_OUTPUT:
        output(ctx, a->output.port, a->output.max_len);
        break;
    case OFPACT_GROUP:
        group(ctx, a->group_id);
        break;
    case OFPACT_SET_QUEUE:
        o = put(ctx, ODP_SET_QUEUE);
        if (o) {
            o->queue_id = a->queue_id;
        }
        break;
    case OFPACT_SET_FIELD:
        set_field(ctx, a->set_field.field, &a->set_field.value);
        break;
    case OFPACT_SET_VLAN_VID:
    case OFPACT_SET_VLAN_PCP:
        set_vlan_10(ctx, a);
        break;
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
        pop_vlan(ctx);
        break;
    case OFPACT_PUSH_VLAN:
        wc->vlan_tci = htons(0xffff);
        push_vlan(ctx, a->ethertype);
        break;
    case OFPACT_PUSH_MPLS: {
        uint32_t lse;
        wc->dl_type = htons(0xffff);
        if (is_mpls(&ctx->flow)) {
            wc->mpls_lse = UINT32_MAX;
            lse = ntohl(ctx->flow.mpls_lse) & ~0x100u;
        } else {
            wc->nw_ttl = 0xff;
            lse = 0x100 | (is_ip(&ctx->flow) ? ctx->flow.nw_ttl : 0);
        }
        o = put(ctx, ODP_PUSH_MPLS);
        if (o) {
            o->push_mpls.ethertype = a->ethertype;
            o->push_mpls.lse = lse;
        }
        ctx->flow.dl_type = htons(a->ethertype);
        ctx->flow.mpls_lse = htonl(lse);
        break;
    }
    case OFPACT_POP_MPLS:
        wc->dl_type = htons(0xffff);
        if (is_mpls(&ctx->flow)) {
            bool bos = ntohl(ctx->flow.mpls_lse) & 0x100;
            wc->mpls_lse |= htonl(0x100);
            o = put(ctx, ODP_POP_MPLS);
            if (o) {
                o->ethertype = a->ethertype;
            }
            ctx->flow.dl_type = htons(a->ethertype);
            if (bos) {
                ctx->flow.mpls_lse = 0;
                if (ctx->flow.nw_proto == 0 && ctx->flow.nw_ttl == 0) {
                    reparse(ctx);
                    ctx->flow.dl_type = htons(a->ethertype);
                }
            } else {
                ctx->flow.dl_type = htons(a->ethertype);
                reparse(ctx);
            }
        }
        break;
    case OFPACT_PUSH_PBB: {
        uint32_t isid = (ctx->flow.dl_type == htons(ETH_TYPE_PBB)
                         ? ntohl(ctx->flow.pbb_isid) : 0);
        wc->dl_type = htons(0xffff);
        o = put(ctx, ODP_PUSH_PBB);
        if (o) {
            o->push_pbb.isid = isid;
        }
        ctx->flow.dl_type = htons(ETH_TYPE_PBB);
        ctx->flow.pbb_isid = htonl(isid);
        ctx->flow.vlan_tci = 0;
        ctx->flow.mpls_lse = 0;
        break;
    }
    case OFPACT_POP_PBB:
        wc->dl_type = htons(0xffff);
        if (ctx->flow.dl_type == htons(ETH_TYPE_PBB)) {
            put(ctx, ODP_POP_PBB);
            reparse(ctx);
        }
        break;
    case OFPACT_COPY_TTL_OUT:
        wc->dl_type = htons(0xffff);
        if (is_mpls(&ctx->flow)) {
            if (ctx->flow.nw_ttl) {
                set_mpls_ttl(ctx, ctx->flow.nw_ttl);
            } else {
                put(ctx, ODP_COPY_TTL_OUT);
            }
        }
        break;
    case OFPACT_COPY_TTL_IN:
        wc->dl_type = htons(0xffff);
        if (is_mpls(&ctx->flow)) {
            put(ctx, ODP_COPY_TTL_IN);
            ctx->flow.nw_ttl = mpls_ttl(&ctx->flow);
        }
        break;
    case OFPACT_SET_MPLS_TTL:
        wc->dl_type = htons(0xffff);
        if (is_mpls(&ctx->flow)) {
            set_mpls_ttl(ctx, a->ttl);
        }
        break;
    case OFPACT_DEC_MPLS_TTL:
        wc->dl_type = htons(0xffff);
        if (is_mpls(&ctx->flow)) {
            wc->mpls_lse |= htonl(0xff);
            if (mpls_ttl(&ctx->flow) <= 1) {
                ttl_expired(ctx);
            } else {
                set_mpls_ttl(ctx, mpls_ttl(&ctx->flow) - 1);
            }
        }
        break;
    case OFPACT_SET_NW_TTL:
        wc->dl_type = htons(0xffff);
        if (is_ip(&ctx->flow)) {
            set_nw_ttl(ctx, a->ttl);
        }
        break;
    case OFPACT_DEC_NW_TTL:
        wc->dl_type = htons(0xffff);
        if (is_ip(&ctx->flow)) {
            wc->nw_ttl = 0xff;
            if (ctx->flow.nw_ttl <= 1) {
                ttl_expired(ctx);
            } else {
                set_nw_ttl(ctx, ctx->flow.nw_ttl - 1);
            }
        }
        break;
    }
}

static void
do_actions(struct xlate_ctx *ctx, const struct ofpact *acts, size_t n,
           bool in_action_set)
{
    for (size_t i = 0; i < n && !ctx->exit; i++) {
        struct xlate_trace_rec *rec = trace_push(ctx, XT_ACTION);
        if (rec) {
            rec->action = acts[i];
            rec->in_action_set = in_action_set;
        }
        do_action(ctx, &acts[i]);
    }
}

/* The action set. */

/* True if 'a' and 'b' occupy the same slot of an action set (one per
 * type, one per field for set_field). */
static bool
same_slot(const struct ofpact *a, const struct ofpact *b)
{
    return (a->type == b->type
            && (a->type != OFPACT_SET_FIELD
                || a->set_field.field == b->set_field.field));
}

static void
write_actions(struct xlate_ctx *ctx, const struct ofpact *acts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t j;
        for (j = 0; j < ctx->n_action_set; j++) {
            if (same_slot(&ctx->action_set[j], &acts[i])) {
                break;
            }
        }
        if (j == ctx->n_action_set) {
            if (j == MAX_ACTION_SET) {
                continue;
            }
            ctx->n_action_set++;
        }
        ctx->action_set[j] = acts[i];
    }
}

static void
execute_action_set(struct xlate_ctx *ctx)
{
    struct ofpact set[MAX_ACTION_SET];
    size_t n = 0;
    bool has_group = false;

    /* Stable insertion sort by the spec's order. */
    for (size_t i = 0; i < ctx->n_action_set; i++) {
        const struct ofpact *a = &ctx->action_set[i];
        int rank = ofproto_action_set_rank(a->type);
        size_t j = n;
        has_group |= a->type == OFPACT_GROUP;
        while (j > 0 && ofproto_action_set_rank(set[j - 1].type) > rank) {
            set[j] = set[j - 1];
            j--;
        }
        set[j] = *a;
        n++;
    }
    if (has_group) {
        while (n > 0 && set[n - 1].type == OFPACT_OUTPUT) {
            n--;
        }
    }
    ctx->n_action_set = 0;
    do_actions(ctx, set, n, true);
}

/* Tables. */

static bool
only_of10(const struct ofproto *ofproto)
{
    return ofproto->versions == (1u << OFP10_VERSION);
}

static void
xlate_table(struct xlate_ctx *ctx, uint8_t table_id)
{
    for (;;) {
        const struct oftable *table = &ctx->ofproto->tables[table_id];
        const struct cls_rule *cr;
        struct xlate_trace_rec *rec;

        ctx->table_id = table_id;
        ctx->cookie = UINT64_MAX;
        ctx->table_miss_rule = false;
        cr = classifier_lookup(&table->cls, &ctx->flow, &ctx->xout->wc);
        rec = trace_push(ctx, XT_TABLE);
        if (rec) {
            rec->flow = ctx->flow;
        }
        if (!cr) {
            credit_miss(ctx, table_id);
            if (only_of10(ctx->ofproto)) {
                controller(ctx, OFPR_NO_MATCH,
                           ctx->ofproto->config.miss_send_len);
            } else {
                trace_note(ctx, "table miss: dropped");
            }
            ctx->n_action_set = 0;
            return;
        }

        const struct rule *rule = CONTAINER_OF(cr, struct rule, cr);
        const struct ofpinsts *insts = &rule->insts;
        credit_rule(ctx, rule);
        ctx->cookie = rule->cookie;
        ctx->table_miss_rule = (cr->priority == 0
                                && match_is_catchall(&cr->match));
        if (rec) {
            rec->matched = true;
            rec->match = cr->match;
            rec->priority = cr->priority;
            rec->cookie = rule->cookie;
            ofpinsts_clone(&rec->insts, insts);
        }

        if (insts->has_apply) {
            do_actions(ctx, insts->apply, insts->n_apply, false);
            if (ctx->exit) {
                return;
            }
        }
        if (insts->clear_actions) {
            ctx->n_action_set = 0;
        }
        if (insts->has_write) {
            write_actions(ctx, insts->write, insts->n_write);
        }
        if (insts->has_write_metadata) {
            uint64_t md = be64toh(ctx->flow.metadata);
            md = (md & ~insts->metadata_mask)
                 | (insts->metadata & insts->metadata_mask);
            ctx->flow.metadata = htobe64(md);
        }
        if (insts->goto_table < 0) {
            execute_action_set(ctx);
            return;
        }
        table_id = insts->goto_table;
    }
}

void
xlate_in_init(struct xlate_in *xin)
{
    memset(xin, 0, sizeof *xin);
}

void
ofproto_xlate(const struct ofproto *ofproto, const struct flow *flow,
              const struct xlate_in *xin, struct xlate_out *xout)
{
    struct xlate_ctx ctx;

    odp_actions_init(&xout->odp);
    memset(&xout->wc, 0, sizeof xout->wc);
    memset(&xout->credits, 0, sizeof xout->credits);
    xout->flags = 0;

    memset(&ctx, 0, sizeof ctx);
    ctx.ofproto = ofproto;
    ctx.xin = xin;
    ctx.xout = xout;
    ctx.flow = *flow;
    ctx.table_id = xin->table_id;
    ctx.cookie = UINT64_MAX;

    const struct ofport *in = ofproto_port_find(ofproto, flow->in_port);
    xout->wc.in_port = UINT32_MAX;
    if (in && in->desc.config & OFPPC_NO_RECV) {
        xout->flags |= XLATE_DROP_NO_RECV;
        trace_note(&ctx, "input port has no_recv: dropped");
    } else if (xin->actions) {
        do_actions(&ctx, xin->actions, xin->n_actions, false);
    } else if (ofproto->fail_open) {
        trace_note(&ctx, "fail-open: no controller, switching by NORMAL");
        normal(&ctx);
    } else if (xin->table_id < SLUICE_N_TABLES) {
        xlate_table(&ctx, xin->table_id);
    }
    if (xin->trace) {
        xin->trace->final_flow = ctx.flow;
    }
}

void
ofproto_set_fail_open(struct ofproto *ofproto, bool fail_open)
{
    if (ofproto->fail_open != fail_open) {
        ofproto->fail_open = fail_open;
        ofproto->generation++;
    }
}
