/* Port mirroring (SPAN and RSPAN) as port taps: see datapath/mirror.h. */
#include "datapath/mirror.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/capture.h"
#include "datapath/dpif-private.h"
#include "datapath/packet.h"
#include "datapath/port.h"
#include "lib/util.h"
#include "ofproto/normal.h"

#define VLAN_VID_MASK 0x0fff
#define VLAN_PCP_MASK 0xe000

/* ---- Packet path (datapath thread). ---- */

static bool
mirror_wants_vlan(const struct dp_mirror *m, int vlan)
{
    return m->any_vlan
           || (vlan >= 0 && vlan < 4096
               && (m->vlans[vlan / 64] >> (vlan % 64)) & 1);
}

/* Queues a copy of 'pkt' with egress tag ('tagged', 'tci', 'tpid') on
 * 'port' for 'm', unless this packet already sent a copy there. */
static void
send_copy(struct dpif *dpif, struct dp_mirror *m, struct dp_port *port,
          const struct dp_packet *pkt, bool tagged, uint16_t tci,
          uint16_t tpid)
{
    struct dp_tap_packet *tp = &dpif->tap_pkt;
    for (size_t i = 0; i < tp->n_copied; i++) {
        if (tp->copied[i] == port) {
            return;
        }
    }
    if (tp->n_copied == DP_MAX_MIRROR_COPIES) {
        return;
    }
    tp->copied[tp->n_copied++] = port;
    dp_queue_output(dpif, port, pkt, tagged, tci, tpid);
    m->tx_packets++;
    m->tx_bytes += pkt->len - pkt->l2_rest + DP_ETH_ADDRS_LEN
                   + (tagged ? DP_VLAN_HDR_LEN : 0);
}

/* Sends the copies of mirror 'm' for 'pkt', tapped at 'at' with tag
 * ('tagged', 'tci', 'tpid'), unless 'm' fired for this packet already.
 * Returns true if it queued anything. */
static bool
fire(struct dpif *dpif, struct dp_mirror *m, const struct dp_port *at,
     const struct dp_packet *pkt, bool tagged, uint16_t tci, uint16_t tpid)
{
    struct dp_tap_packet *tp = &dpif->tap_pkt;
    uint64_t bit = UINT64_C(1) << m->idx;
    if (tp->fired & bit) {
        return false;
    }
    tp->fired |= bit;

    struct dp_bridge *br = at->bridge;
    size_t before = tp->n_copied;
    if (m->out_ofport >= 0) {
        struct dp_port *out = dp_bridge_find_port(br, m->out_ofport);
        if (out && out != at) {
            send_copy(dpif, m, out, pkt, tagged, tci, tpid);
        }
    } else {
        uint16_t rspan_tci = (tagged ? tci & VLAN_PCP_MASK : 0)
                             | (uint16_t) m->out_vlan;
        for (size_t i = 0; i < br->n_ports; i++) {
            struct dp_port *p = br->ports[i];
            if (p != at && p != tp->in
                && p->normal.vlan_mode != NORMAL_VLAN_ACCESS
                && normal_port_carries(&p->normal, m->out_vlan)
                && !(p->taps && p->taps->mirror_output)) {
                send_copy(dpif, m, p, pkt, true, rspan_tci,
                          DP_ETH_TYPE_VLAN);
            }
        }
    }
    return tp->n_copied > before;
}

enum dp_taps_verdict
dp_taps_input(struct dpif *dpif, struct dp_port *in,
              const struct dp_packet *pkt)
{
    const struct dp_taps *taps = in->taps;
    if (taps->mirror_output) {
        return DP_TAPS_DROP;
    }
    for (size_t i = 0; i < taps->n_in_caps; i++) {
        dp_capture_frame(&dpif->captures, taps->in_caps[i], in,
                         CAPTURE_DIR_IN, pkt, pkt->tagged, pkt->tci,
                         pkt->tpid);
    }
    if (!taps->n_in_mirrors) {
        return DP_TAPS_PASS;
    }

    struct normal_frame frame = {
        .dst = pkt->data, .src = pkt->data + 6,
        .tagged = pkt->tagged, .tci = pkt->tci,
    };
    int vlan = normal_input_vlan(&in->normal, &frame);
    if (vlan < 0) {
        vlan = pkt->tagged ? pkt->tci & VLAN_VID_MASK : 0;
    }
    bool shared = false;
    for (size_t i = 0; i < taps->n_in_mirrors; i++) {
        struct dp_mirror *m = taps->in_mirrors[i];
        if (mirror_wants_vlan(m, vlan)
            && fire(dpif, m, in, pkt, pkt->tagged, pkt->tci, pkt->tpid)) {
            shared = true;
        }
    }
    return shared ? DP_TAPS_SHARED : DP_TAPS_PASS;
}

void
dp_taps_output(struct dpif *dpif, struct dp_port *out,
               const struct dp_packet *pkt, bool tagged, uint16_t tci,
               uint16_t tpid)
{
    const struct dp_taps *taps = out->taps;
    for (size_t i = 0; i < taps->n_out_caps; i++) {
        dp_capture_frame(&dpif->captures, taps->out_caps[i], out,
                         CAPTURE_DIR_OUT, pkt, tagged, tci, tpid);
    }
    if (!taps->n_out_mirrors) {
        return;
    }
    int vlan;
    if (tagged) {
        vlan = tci & VLAN_VID_MASK;
    } else if (out->normal.vlan_mode != NORMAL_VLAN_TRUNK
               && out->normal.tag >= 0) {
        vlan = out->normal.tag;
    } else {
        vlan = 0;
    }
    for (size_t i = 0; i < taps->n_out_mirrors; i++) {
        struct dp_mirror *m = taps->out_mirrors[i];
        if (mirror_wants_vlan(m, vlan)) {
            fire(dpif, m, out, pkt, tagged, tci, tpid);
        }
    }
}

/* ---- Taps (datapath thread). ---- */

static bool
has_ofport(const int *ofports, size_t n, int ofport)
{
    for (size_t i = 0; i < n; i++) {
        if (ofports[i] == ofport) {
            return true;
        }
    }
    return false;
}

/* True if 'm' taps port 'ofport' on ingress ('ingress') or egress. */
static bool
mirror_taps_port(const struct dp_mirror *m, int ofport, bool ingress)
{
    if (ofport == m->out_ofport) {
        return false;
    }
    if (m->select_all || (!m->n_src && !m->n_dst && !m->any_vlan)) {
        return true;
    }
    return (ingress ? has_ofport(m->src_ofports, m->n_src, ofport)
            : has_ofport(m->dst_ofports, m->n_dst, ofport));
}

void
dp_taps_free(struct dp_taps *taps)
{
    if (taps) {
        free(taps->in_mirrors);
        free(taps->out_mirrors);
        free(taps->in_caps);
        free(taps->out_caps);
        free(taps);
    }
}

static bool
capture_watches(const struct dp_capture *cap, const struct dp_port *port)
{
    for (size_t i = 0; i < cap->n_ports; i++) {
        if (cap->ports[i] == port) {
            return true;
        }
    }
    return false;
}

/* Builds the taps of 'port' of 'br', or returns NULL if it has none. */
static struct dp_taps *
build_taps(const struct dpif *dpif, const struct dp_bridge *br,
           const struct dp_port *port)
{
    const struct dp_mirrors *ms = &br->mirrors;
    const struct dp_captures *cs = &dpif->captures;
    struct dp_taps *taps = xzalloc(sizeof *taps);
    int ofport = port->normal.ofport;

    taps->in_mirrors = xcalloc(ms->n + 1, sizeof *taps->in_mirrors);
    taps->out_mirrors = xcalloc(ms->n + 1, sizeof *taps->out_mirrors);
    for (size_t i = 0; i < ms->n; i++) {
        struct dp_mirror *m = ms->mirrors[i];
        if (m->out_ofport == ofport) {
            taps->mirror_output = true;
        }
        if (mirror_taps_port(m, ofport, true)) {
            taps->in_mirrors[taps->n_in_mirrors++] = m;
        }
        if (mirror_taps_port(m, ofport, false)) {
            taps->out_mirrors[taps->n_out_mirrors++] = m;
        }
    }
    taps->in_caps = xcalloc(cs->n + 1, sizeof *taps->in_caps);
    taps->out_caps = xcalloc(cs->n + 1, sizeof *taps->out_caps);
    for (size_t i = 0; i < cs->n; i++) {
        struct dp_capture *cap = cs->caps[i];
        if (cap->br == br && !cap->dead && capture_watches(cap, port)) {
            if (cap->in) {
                taps->in_caps[taps->n_in_caps++] = cap;
            }
            if (cap->out) {
                taps->out_caps[taps->n_out_caps++] = cap;
            }
        }
    }
    if (!taps->mirror_output && !taps->n_in_mirrors && !taps->n_out_mirrors
        && !taps->n_in_caps && !taps->n_out_caps) {
        dp_taps_free(taps);
        return NULL;
    }
    return taps;
}

void
dp_taps_rebuild(struct dpif *dpif, struct dp_bridge *br)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        struct dp_port *p = br->ports[i];
        dp_taps_free(p->taps);
        p->taps = build_taps(dpif, br, p);
    }
    br->mac_gen++;
}

void
dp_taps_port_deleted(struct dpif *dpif, struct dp_bridge *br,
                     struct dp_port *port)
{
    dp_captures_port_deleted(dpif, port);
    dp_taps_free(port->taps);
    port->taps = NULL;
    dp_taps_rebuild(dpif, br);
}

/* ---- Configuration. ---- */

static void
mirror_free(struct dp_mirror *m)
{
    if (m) {
        free(m->name);
        free(m->src_ofports);
        free(m->dst_ofports);
        free(m);
    }
}

static void
mirrors_clear(struct dp_mirrors *ms)
{
    for (size_t i = 0; i < ms->n; i++) {
        mirror_free(ms->mirrors[i]);
    }
    free(ms->mirrors);
    ms->mirrors = NULL;
    ms->n = 0;
}

void
dp_mirrors_destroy(struct dp_bridge *br)
{
    mirrors_clear(&br->mirrors);
}

static const struct dp_port *
port_by_name(const struct dp_bridge *br, const char *name)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (!strcmp(br->ports[i]->port->name, name)) {
            return br->ports[i];
        }
    }
    return NULL;
}

/* Resolves the 'n' port names in 'names' of mirror 'm' to ofports in a
 * new array in '*ofportsp'. */
static int
resolve_ports(const struct dp_bridge *br, const char *mirror,
              const char *const *names, size_t n, int **ofportsp,
              char **errorp)
{
    int *ofports = xcalloc(n + 1, sizeof *ofports);
    for (size_t i = 0; i < n; i++) {
        const struct dp_port *p = port_by_name(br, names[i]);
        if (!p) {
            *errorp = xasprintf("mirror %s: bridge %s has no port %s",
                                mirror, br->name, names[i]);
            free(ofports);
            return ENOENT;
        }
        ofports[i] = p->normal.ofport;
    }
    *ofportsp = ofports;
    return 0;
}

static int
build_mirror(const struct dp_bridge *br, const struct dpif_mirror_config *c,
             unsigned int idx, struct dp_mirror **mp, char **errorp)
{
    struct dp_mirror *m = xzalloc(sizeof *m);
    m->name = xstrdup(c->name);
    m->idx = idx;
    m->select_all = c->select_all;
    m->out_ofport = -1;
    m->out_vlan = -1;
    *mp = m;

    int error = resolve_ports(br, c->name, c->src_ports, c->n_src_ports,
                              &m->src_ofports, errorp);
    if (error) {
        return error;
    }
    m->n_src = c->n_src_ports;
    error = resolve_ports(br, c->name, c->dst_ports, c->n_dst_ports,
                          &m->dst_ofports, errorp);
    if (error) {
        return error;
    }
    m->n_dst = c->n_dst_ports;
    m->any_vlan = !c->n_vlans;
    for (size_t i = 0; i < c->n_vlans; i++) {
        if (c->vlans[i] > 4095) {
            *errorp = xasprintf("mirror %s: VLAN %u is out of range "
                                "(0 to 4095)", c->name, c->vlans[i]);
            return EINVAL;
        }
        m->vlans[c->vlans[i] / 64] |= UINT64_C(1) << (c->vlans[i] % 64);
    }
    if (!c->output_port == (c->output_vlan < 0)) {
        *errorp = xasprintf("mirror %s: needs exactly one of an output "
                            "port and an output VLAN", c->name);
        return EINVAL;
    }
    if (c->output_port) {
        const struct dp_port *p = port_by_name(br, c->output_port);
        if (!p) {
            *errorp = xasprintf("mirror %s: bridge %s has no port %s",
                                c->name, br->name, c->output_port);
            return ENOENT;
        }
        m->out_ofport = p->normal.ofport;
        if (has_ofport(m->src_ofports, m->n_src, m->out_ofport)
            || has_ofport(m->dst_ofports, m->n_dst, m->out_ofport)) {
            *errorp = xasprintf("mirror %s: output port %s cannot also be "
                                "selected", c->name, c->output_port);
            return EINVAL;
        }
    } else if (c->output_vlan < 1 || c->output_vlan > 4095) {
        *errorp = xasprintf("mirror %s: output VLAN %d is out of range "
                            "(1 to 4095)", c->name, c->output_vlan);
        return EINVAL;
    } else {
        m->out_vlan = c->output_vlan;
    }
    return 0;
}

struct mirror_cmd {
    struct dp_bridge *br;
    struct dp_mirrors new;
    struct dpif_mirror_stats *stats;
    size_t n_stats;
};

static void
cmd_mirror_set(struct dpif *dpif, void *aux)
{
    struct mirror_cmd *c = aux;
    struct dp_mirrors *old = &c->br->mirrors;
    for (size_t i = 0; i < c->new.n; i++) {
        struct dp_mirror *m = c->new.mirrors[i];
        for (size_t j = 0; j < old->n; j++) {
            if (!strcmp(old->mirrors[j]->name, m->name)) {
                m->tx_packets = old->mirrors[j]->tx_packets;
                m->tx_bytes = old->mirrors[j]->tx_bytes;
            }
        }
    }
    struct dp_mirrors tmp = *old;
    *old = c->new;
    c->new = tmp;
    dp_taps_rebuild(dpif, c->br);
}

int
dpif_mirror_set(struct dpif *dpif, const char *bridge,
                const struct dpif_mirror_config *cfgs, size_t n,
                char **errorp)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    *errorp = NULL;
    if (!br) {
        *errorp = xasprintf("no bridge named %s", bridge);
        return ENOENT;
    }
    if (n > DP_MAX_MIRRORS) {
        *errorp = xasprintf("bridge %s: %zu mirrors, at most %d are "
                            "supported", bridge, n, DP_MAX_MIRRORS);
        return E2BIG;
    }
    struct mirror_cmd c = { .br = br };
    c.new.mirrors = xcalloc(n + 1, sizeof *c.new.mirrors);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (!strcmp(cfgs[i].name, cfgs[j].name)) {
                *errorp = xasprintf("bridge %s: two mirrors named %s",
                                    bridge, cfgs[i].name);
                mirrors_clear(&c.new);
                return EINVAL;
            }
        }
        int error = build_mirror(br, &cfgs[i], i, &c.new.mirrors[c.new.n++],
                                 errorp);
        if (error) {
            mirrors_clear(&c.new);
            return error;
        }
    }
    dp_call(dpif, cmd_mirror_set, &c);
    mirrors_clear(&c.new);
    return 0;
}

static void
cmd_mirror_stats(struct dpif *dpif, void *aux)
{
    struct mirror_cmd *c = aux;
    const struct dp_mirrors *ms = &c->br->mirrors;
    c->stats = xcalloc(ms->n + 1, sizeof *c->stats);
    c->n_stats = ms->n;
    for (size_t i = 0; i < ms->n; i++) {
        snprintf(c->stats[i].name, sizeof c->stats[i].name, "%s",
                 ms->mirrors[i]->name);
        c->stats[i].tx_packets = ms->mirrors[i]->tx_packets;
        c->stats[i].tx_bytes = ms->mirrors[i]->tx_bytes;
    }
}

int
dpif_mirror_get_stats(struct dpif *dpif, const char *bridge,
                      struct dpif_mirror_stats **statsp, size_t *np)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    *statsp = NULL;
    *np = 0;
    if (!br) {
        return ENOENT;
    }
    struct mirror_cmd c = { .br = br };
    dp_call(dpif, cmd_mirror_stats, &c);
    *statsp = c.stats;
    *np = c.n_stats;
    return 0;
}
