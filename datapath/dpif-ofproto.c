/* The OpenFlow side of the dpif: fail mode, datapath ID, packet-out,
 * counters of the OpenFlow path, and link state polling; see dpif.h.
 * Control-thread entry points that run their work in the datapath thread
 * (synchronously with dp_call() or queued with dp_async_call_br()). */
#include "datapath/dpif-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <event2/event.h>
#include "datapath/flow-cache.h"
#include "datapath/port.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/ofproto.h"

VLOG_DEFINE_THIS_MODULE(dpif_ofproto);

struct bridge_of_cmd {
    struct dp_bridge *br;
    enum dpif_fail_mode fail_mode;
    uint64_t dpid;
    struct dpif_of_stats *stats;
};

static void
cmd_set_fail_mode(struct dpif *dpif, void *aux)
{
    struct bridge_of_cmd *c = aux;
    ofproto_set_fail_mode(c->br->ofproto,
                          (c->fail_mode == DPIF_FAIL_SECURE
                           ? OFPROTO_FAIL_SECURE : OFPROTO_FAIL_STANDALONE),
                          time_msec());
}

int
dpif_bridge_set_fail_mode(struct dpif *dpif, const char *bridge,
                          enum dpif_fail_mode mode)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    struct bridge_of_cmd c = { .br = br, .fail_mode = mode };
    dp_call(dpif, cmd_set_fail_mode, &c);
    return 0;
}

static void
cmd_set_dpid(struct dpif *dpif, void *aux)
{
    struct bridge_of_cmd *c = aux;
    struct dp_bridge *br = c->br;
    br->dpid_configured = c->dpid != 0;
    if (br->dpid_configured) {
        ofproto_set_datapath_id(br->ofproto, c->dpid);
        return;
    }
    const struct ofport *local = ofproto_port_find(br->ofproto, OFPP_LOCAL);
    uint64_t dpid = 0;
    if (local) {
        for (int i = 0; i < 6; i++) {
            dpid = (dpid << 8) | local->desc.hw_addr.ea[i];
        }
    }
    ofproto_set_datapath_id(br->ofproto, dpid);
}

int
dpif_bridge_set_datapath_id(struct dpif *dpif, const char *bridge,
                            uint64_t dpid)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    struct bridge_of_cmd c = { .br = br, .dpid = dpid };
    dp_call(dpif, cmd_set_dpid, &c);
    return 0;
}

static void
cmd_get_dpid(struct dpif *dpif, void *aux)
{
    struct bridge_of_cmd *c = aux;
    c->dpid = c->br->ofproto->datapath_id;
}

int
dpif_bridge_get_datapath_id(struct dpif *dpif, const char *bridge,
                            uint64_t *dpidp)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    struct bridge_of_cmd c = { .br = br };
    dp_call(dpif, cmd_get_dpid, &c);
    *dpidp = c.dpid;
    return 0;
}

static void
cmd_of_stats(struct dpif *dpif, void *aux)
{
    struct bridge_of_cmd *c = aux;
    struct flow_cache_stats fs;
    flow_cache_get_stats(c->br->cache, &fs);
    c->stats->cache_hits = fs.hits;
    c->stats->cache_misses = fs.misses;
    c->stats->cache_evictions = fs.evictions;
    c->stats->cache_entries = fs.n_entries;
    c->stats->cache_capacity = fs.capacity;
    c->stats->exec_dropped = dpif->n_exec_dropped;
}

int
dpif_bridge_get_of_stats(struct dpif *dpif, const char *bridge,
                         struct dpif_of_stats *stats)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    struct bridge_of_cmd c = { .br = br, .stats = stats };
    dp_call(dpif, cmd_of_stats, &c);
    return 0;
}

/* ---- Packet-out. ---- */

struct packet_out_ctx {
    struct ofp_packet_out po;       /* 'actions' and 'data' owned. */
    ofperr error;
    dpif_packet_out_done *done;
    void *arg;
};

static void
packet_out_fn(struct dpif *dpif, struct dp_bridge *br, void *ctx_)
{
    struct packet_out_ctx *ctx = ctx_;
    const struct ofp_packet_out *po = &ctx->po;
    ctx->error = ofproto_check_packet_out(br->ofproto, po->in_port,
                                          po->actions, po->n_actions);
    if (!ctx->error) {
        int error = dp_packet_out(dpif, br, po);
        if (error == EINVAL) {
            ctx->error = OFPERR_OFPBRC_BAD_LEN;
        } else if (error) {
            ctx->error = OFPERR_OFPBAC_TOO_MANY;
        }
    }
}

static void
packet_out_done(void *ctx_)
{
    struct packet_out_ctx *ctx = ctx_;
    if (ctx->done) {
        ctx->done(ctx->error, ctx->arg);
    }
    free(ctx->po.actions);
    free((void *) ctx->po.data);
    free(ctx);
}

int
dpif_packet_out(struct dpif *dpif, const char *bridge,
                const struct ofp_packet_out *po, dpif_packet_out_done *done,
                void *arg)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    struct packet_out_ctx *ctx = xzalloc(sizeof *ctx);
    ctx->po = *po;
    ctx->po.actions = xmalloc((po->n_actions ? po->n_actions : 1)
                              * sizeof *po->actions);
    memcpy(ctx->po.actions, po->actions,
           po->n_actions * sizeof *po->actions);
    void *data = xmalloc(po->len ? po->len : 1);
    memcpy(data, po->data, po->len);
    ctx->po.data = data;
    ctx->done = done;
    ctx->arg = arg;
    int error = dp_async_call_br(dpif, br, packet_out_fn, packet_out_done,
                                 ctx);
    if (error) {
        free(ctx->po.actions);
        free(data);
        free(ctx);
    }
    return error;
}

/* ---- Link state. ---- */

struct link_ctx {
    uint32_t port_no;
    bool link_up;
};

static void
link_fn(struct dpif *dpif, struct dp_bridge *br, void *ctx_)
{
    struct link_ctx *ctx = ctx_;
    const struct ofport *p = ofproto_port_find(br->ofproto, ctx->port_no);
    if (!p) {
        return;
    }
    uint32_t state = p->desc.state & ~(OFPPS_LIVE | OFPPS_LINK_DOWN);
    state |= ctx->link_up ? OFPPS_LIVE : OFPPS_LINK_DOWN;
    struct ofproto_events events;
    ofproto_events_init(&events);
    ofproto_port_set_state(br->ofproto, ctx->port_no, state, &events);
    dp_post_ofproto_events(dpif, br, &events);
    ofproto_events_destroy(&events);
}

static void
link_done(void *ctx)
{
    free(ctx);
}

/* Polls every port's link state (control thread; the port list changes
 * only while this thread waits in dp_call()). */
static void
link_poll_cb(evutil_socket_t fd, short what, void *dpif_)
{
    struct dpif *dpif = dpif_;
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        struct dp_bridge *br = dpif->bridges[i];
        for (size_t j = 0; j < br->n_ports; j++) {
            struct dp_port *p = br->ports[j];
            struct port_dev_status dev;
            memset(&dev, 0, sizeof dev);
            if (p->port->class->get_status(p->port, &dev)
                || dev.link_up == p->link_up) {
                continue;
            }
            struct link_ctx *ctx = xmalloc(sizeof *ctx);
            ctx->port_no = dp_ofport_to_of(p->normal.ofport);
            ctx->link_up = dev.link_up;
            if (dp_async_call_br(dpif, br, link_fn, link_done, ctx)) {
                free(ctx);
                continue;
            }
            VLOG_INFO("%s: port %s link %s", br->name, p->port->name,
                      dev.link_up ? "up" : "down");
            p->link_up = dev.link_up;
        }
    }
}

void
dp_link_poll_start(struct dpif *dpif, struct event_base *base)
{
    static const struct timeval second = { .tv_sec = 1 };
    if (dpif->link_ev) {
        event_free(dpif->link_ev);
    }
    dpif->link_ev = event_new(base, -1, EV_PERSIST, link_poll_cb, dpif);
    event_add(dpif->link_ev, &second);
}
