/* Live captures as port taps: see datapath/capture.h. */
#include "datapath/capture.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <pcap/pcap.h>

#include "datapath/dpif-private.h"
#include "datapath/mirror.h"
#include "datapath/packet.h"
#include "datapath/port.h"
#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(capture);

/* Socket buffer asked for each capture, so bursts survive a reader that
 * is briefly slow. */
#define CAPTURE_SNDBUF (4 * 1024 * 1024)

/* ---- Packet path (datapath thread). ---- */

void
dp_capture_frame(struct dp_captures *cs, struct dp_capture *cap,
                 const struct dp_port *port, int direction,
                 const struct dp_packet *pkt, bool tagged, uint16_t tci,
                 uint16_t tpid)
{
    if (cap->dead) {
        return;
    }
    struct dp_tx_item item = {
        .pkt = pkt, .tagged = tagged, .tci = tci, .tpid = tpid,
    };
    size_t len = dp_tx_item_prepare(&item, false);
    if (cap->insns) {
        size_t n0 = item.iov[0].iov_len;
        memcpy(cs->buf, item.iov[0].iov_base, n0);
        memcpy(cs->buf + n0, item.iov[1].iov_base, item.iov[1].iov_len);
        if (!bpf_filter(cap->insns, cs->buf, len, len)) {
            return;
        }
    }

    size_t port_idx = 0;
    while (port_idx < cap->n_ports && cap->ports[port_idx] != port) {
        port_idx++;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct capture_record_hdr hdr = {
        .ts_ns = (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec,
        .orig_len = len,
        .port_idx = port_idx,
        .direction = direction,
        .dropped = cap->dropped,
    };
    size_t caplen = len < cap->snaplen ? len : cap->snaplen;
    struct iovec iov[3] = { { &hdr, sizeof hdr }, item.iov[0],
                            item.iov[1] };
    if (iov[1].iov_len > caplen) {
        iov[1].iov_len = caplen;
    }
    iov[2].iov_len = caplen - iov[1].iov_len;
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 3 };
    if (sendmsg(cap->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS
            || errno == EINTR) {
            cap->dropped++;
        } else {
            cap->dead = true;
        }
        return;
    }
    cap->packets++;
    cap->bytes += len;
}

/* ---- Lifetime (datapath thread). ---- */

static void
capture_free(struct dp_capture *cap)
{
    if (cap) {
        if (cap->fd >= 0) {
            close(cap->fd);
        }
        for (size_t i = 0; i < cap->n_ports; i++) {
            free(cap->port_names[i]);
        }
        free(cap->port_names);
        free(cap->ports);
        free(cap->insns);
        free(cap->filter);
        free(cap);
    }
}

/* Removes the captures for which 'remove(cap, aux)' is true and rebuilds
 * the taps of their bridges. */
static void
remove_captures(struct dpif *dpif,
                bool (*remove)(const struct dp_capture *, const void *),
                const void *aux)
{
    struct dp_captures *cs = &dpif->captures;
    struct dp_capture **gone = xcalloc(cs->n + 1, sizeof *gone);
    size_t n = 0, n_gone = 0;
    for (size_t i = 0; i < cs->n; i++) {
        struct dp_capture *cap = cs->caps[i];
        if (remove(cap, aux)) {
            cap->dead = true;
            gone[n_gone++] = cap;
        } else {
            cs->caps[n++] = cap;
        }
    }
    cs->n = n;
    for (size_t i = 0; i < n_gone; i++) {
        struct dp_capture *cap = gone[i];
        VLOG_INFO("capture %u on %s ended (%"PRIu64" packets, "
                  "%"PRIu64" dropped)", cap->id, cap->br->name,
                  cap->packets, cap->dropped);
        dp_taps_rebuild(dpif, cap->br);
    }
    for (size_t i = 0; i < n_gone; i++) {
        capture_free(gone[i]);
    }
    free(gone);
}

static bool
is_gone(const struct dp_capture *cap, const void *aux)
{
    if (cap->dead) {
        return true;
    }
    struct pollfd pfd = { .fd = cap->fd, .events = 0 };
    return (poll(&pfd, 1, 0) > 0
            && pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

void
dp_captures_run(struct dpif *dpif)
{
    remove_captures(dpif, is_gone, NULL);
}

static bool
has_no_ports(const struct dp_capture *cap, const void *aux)
{
    for (size_t i = 0; i < cap->n_ports; i++) {
        if (cap->ports[i]) {
            return false;
        }
    }
    return true;
}

void
dp_captures_port_deleted(struct dpif *dpif, const struct dp_port *port)
{
    struct dp_captures *cs = &dpif->captures;
    for (size_t i = 0; i < cs->n; i++) {
        struct dp_capture *cap = cs->caps[i];
        for (size_t j = 0; j < cap->n_ports; j++) {
            if (cap->ports[j] == port) {
                cap->ports[j] = NULL;
            }
        }
    }
    remove_captures(dpif, has_no_ports, NULL);
}

static bool
is_on_bridge(const struct dp_capture *cap, const void *br)
{
    return cap->br == br;
}

void
dp_captures_bridge_deleted(struct dpif *dpif, const struct dp_bridge *br)
{
    remove_captures(dpif, is_on_bridge, br);
}

void
dp_captures_destroy(struct dp_captures *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        capture_free(cs->caps[i]);
    }
    free(cs->caps);
    free(cs->buf);
    memset(cs, 0, sizeof *cs);
}

/* ---- Control thread. ---- */

struct capture_cmd {
    struct dp_capture *cap;
    struct dpif_capture_info *infos;
    size_t n_infos;
};

static void
cmd_capture_start(struct dpif *dpif, void *aux)
{
    struct capture_cmd *c = aux;
    struct dp_captures *cs = &dpif->captures;
    if (!cs->buf) {
        cs->buf = xmalloc(DP_PACKET_SIZE + 2 * DP_VLAN_HDR_LEN);
    }
    c->cap->id = ++cs->next_id;
    cs->caps = xrealloc(cs->caps, (cs->n + 1) * sizeof *cs->caps);
    cs->caps[cs->n++] = c->cap;
    dp_taps_rebuild(dpif, c->cap->br);
}

int
dpif_capture_start(struct dpif *dpif, const struct dpif_capture_config *cfg,
                   unsigned int *idp, char **errorp)
{
    struct dp_bridge *br = dp_find_bridge(dpif, cfg->bridge);
    *errorp = NULL;
    if (!br) {
        *errorp = xasprintf("no bridge named %s", cfg->bridge);
        return ENOENT;
    }
    if (!cfg->n_ports || (!cfg->in && !cfg->out) || !cfg->snaplen) {
        *errorp = xstrdup("a capture needs a port, a direction and a "
                          "snapshot length");
        return EINVAL;
    }
    struct dp_capture *cap = xzalloc(sizeof *cap);
    cap->fd = -1;
    cap->br = br;
    cap->ports = xcalloc(cfg->n_ports, sizeof *cap->ports);
    cap->port_names = xcalloc(cfg->n_ports, sizeof *cap->port_names);
    for (size_t i = 0; i < cfg->n_ports; i++) {
        for (size_t j = 0; j < br->n_ports; j++) {
            if (!strcmp(br->ports[j]->port->name, cfg->ports[i])) {
                cap->ports[i] = br->ports[j];
            }
        }
        cap->port_names[i] = xstrdup(cfg->ports[i]);
        cap->n_ports++;
        if (!cap->ports[i]) {
            *errorp = xasprintf("bridge %s has no port %s", cfg->bridge,
                                cfg->ports[i]);
            capture_free(cap);
            return ENOENT;
        }
    }
    cap->in = cfg->in;
    cap->out = cfg->out;
    cap->snaplen = cfg->snaplen;
    if (cfg->insns) {
        size_t size = cfg->n_insns * sizeof(struct bpf_insn);
        cap->insns = xmalloc(size);
        memcpy(cap->insns, cfg->insns, size);
        cap->n_insns = cfg->n_insns;
    }
    cap->filter = xstrdup(cfg->filter ? cfg->filter : "");

    int sndbuf = CAPTURE_SNDBUF;
    setsockopt(cfg->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    int flags = fcntl(cfg->fd, F_GETFL);
    if (flags < 0 || fcntl(cfg->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        int error = errno;
        *errorp = xasprintf("cannot set up the capture socket (%s)",
                            strerror(error));
        capture_free(cap);
        return error;
    }
    cap->fd = cfg->fd;

    struct capture_cmd c = { .cap = cap };
    dp_call(dpif, cmd_capture_start, &c);
    *idp = cap->id;
    VLOG_INFO("capture %u started on %s", *idp, cfg->bridge);
    return 0;
}

static void
cmd_capture_list(struct dpif *dpif, void *aux)
{
    struct capture_cmd *c = aux;
    dp_captures_run(dpif);
    const struct dp_captures *cs = &dpif->captures;
    c->infos = xcalloc(cs->n + 1, sizeof *c->infos);
    c->n_infos = cs->n;
    for (size_t i = 0; i < cs->n; i++) {
        const struct dp_capture *cap = cs->caps[i];
        struct dpif_capture_info *info = &c->infos[i];
        info->id = cap->id;
        snprintf(info->bridge, sizeof info->bridge, "%s", cap->br->name);
        size_t used = 0;
        for (size_t j = 0; j < cap->n_ports && cap->ports[j]; j++) {
            int n = snprintf(info->ports + used, sizeof info->ports - used,
                             "%s%s", used ? "," : "", cap->port_names[j]);
            if (n < 0 || (size_t) n >= sizeof info->ports - used) {
                break;
            }
            used += n;
        }
        info->in = cap->in;
        info->out = cap->out;
        info->snaplen = cap->snaplen;
        snprintf(info->filter, sizeof info->filter, "%s", cap->filter);
        info->packets = cap->packets;
        info->bytes = cap->bytes;
        info->dropped = cap->dropped;
    }
}

int
dpif_capture_list(struct dpif *dpif, struct dpif_capture_info **infosp,
                  size_t *np)
{
    struct capture_cmd c = { .cap = NULL };
    dp_call(dpif, cmd_capture_list, &c);
    *infosp = c.infos;
    *np = c.n_infos;
    return 0;
}
