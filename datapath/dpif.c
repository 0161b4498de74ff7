/* The datapath: bridges, ports and the datapath thread; see dpif.h.
 *
 * Ownership and threads.  All dpif state (bridges, ports, MAC tables,
 * OpenFlow switches, flow caches, counters) is written only by the
 * datapath thread.  The control thread
 * changes it by running a function on the datapath thread with dp_call():
 * it publishes the function in 'cmd', kicks 'cmd_fd' (an eventfd), and
 * blocks reading 'ack_fd' until the datapath thread has run it between
 * two bursts.  So the command queue is bounded to one entry, a call
 * returns only once its change is visible to traffic, and the packet path
 * needs no locks.  The control thread may read the bridge and port lists
 * (which change only while it waits in dp_call()), and does the slow
 * device work (opening, ioctl) itself before or after the call.
 *
 * More datapath threads would each get their own epoll set, command
 * channel and batches, with dp_call() broadcasting; one thread is
 * enough for now.
 *
 * Asynchronous calls and events are in dpif-async.c, the OpenFlow-facing
 * entry points in dpif-ofproto.c, the packet path in dp-forward.c:
 * epoll_wait() (no polling when idle); for each ready port, up to
 * DP_MAX_BURSTS bursts of DP_BATCH_SIZE frames; the flow cache or the
 * OpenFlow pipeline for each frame; per-output-port transmit batches,
 * flushed once per burst.  A 1-second timerfd ages MAC tables and expires
 * OpenFlow timeouts whether or not traffic flows. */
#include "datapath/dpif-private.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include "datapath/packet.h"
#include "datapath/port.h"
#include "lib/log.h"
#include "lib/util.h"
#include "datapath/flow-cache.h"
#include "ofproto/mac-learning.h"
#include "ofproto/normal.h"
#include "ofproto/ofproto.h"

VLOG_DEFINE_THIS_MODULE(dpif);

static const enum normal_vlan_mode vlan_modes[] = {
    [DPIF_VLAN_ACCESS] = NORMAL_VLAN_ACCESS,
    [DPIF_VLAN_TRUNK] = NORMAL_VLAN_TRUNK,
    [DPIF_VLAN_NATIVE_TAGGED] = NORMAL_VLAN_NATIVE_TAGGED,
    [DPIF_VLAN_NATIVE_UNTAGGED] = NORMAL_VLAN_NATIVE_UNTAGGED,
};

static const struct port_class *const port_classes[] = {
    [DPIF_PORT_SYSTEM] = &port_afpacket_class,
    [DPIF_PORT_INTERNAL] = &port_internal_class,
    [DPIF_PORT_TAP] = &port_tap_class,
    [DPIF_PORT_DUMMY] = &port_dummy_class,
};

/* ---- Datapath thread: commands and timers. ---- */

static void
run_command(struct dpif *dpif)
{
    uint64_t n;
    if (read(dpif->cmd_fd, &n, sizeof n) < 0) {
        return;
    }
    dp_async_run_calls(dpif);
    void (*cmd)(struct dpif *, void *) = atomic_load_explicit(
        &dpif->cmd, memory_order_acquire);
    if (cmd) {
        atomic_store_explicit(&dpif->cmd, NULL, memory_order_relaxed);
        cmd(dpif, dpif->cmd_aux);
        uint64_t one = 1;
        if (write(dpif->ack_fd, &one, sizeof one) < 0) {
            sluice_abort("dpif: cannot acknowledge command (%s)",
                         strerror(errno));
        }
    }
}

static void
run_aging(struct dpif *dpif)
{
    uint64_t ticks;
    if (read(dpif->timer_fd, &ticks, sizeof ticks) < 0) {
        return;
    }
    long long now = time_msec();
    dp_captures_run(dpif);
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        struct dp_bridge *br = dpif->bridges[i];
        struct ofproto_events events;
        if (mac_table_run(br->macs, now)) {
            br->mac_gen++;
        }
        ofproto_events_init(&events);
        ofproto_run(br->ofproto, now, &events);
        dp_post_ofproto_events(dpif, br, &events);
        ofproto_events_destroy(&events);
    }
}

static void *
datapath_main(void *dpif_)
{
    struct dpif *dpif = dpif_;
    struct epoll_event events[DP_MAX_EVENTS];

    while (!dpif->exiting) {
        int n = epoll_wait(dpif->epfd, events, DP_MAX_EVENTS, -1);
        if (n < 0) {
            if (errno != EINTR) {
                sluice_abort("dpif: epoll_wait failed (%s)",
                             strerror(errno));
            }
            continue;
        }
        bool cmd = false, tick = false;
        for (int i = 0; i < n; i++) {
            void *ptr = events[i].data.ptr;
            if (ptr == &dpif->cmd_fd) {
                cmd = true;
            } else if (ptr == &dpif->timer_fd) {
                tick = true;
            } else {
                dp_port_input(dpif, ptr);
            }
        }
        /* Commands last: one may remove a port named in 'events'. */
        if (tick) {
            run_aging(dpif);
        }
        if (cmd) {
            run_command(dpif);
        }
        dp_async_notify(dpif);
    }
    return NULL;
}

/* ---- Control thread: calls into the datapath thread. ---- */

void
dp_call(struct dpif *dpif, void (*fn)(struct dpif *, void *), void *aux)
{
    uint64_t one = 1, n;
    dpif->cmd_aux = aux;
    atomic_store_explicit(&dpif->cmd, fn, memory_order_release);
    if (write(dpif->cmd_fd, &one, sizeof one) < 0) {
        sluice_abort("dpif: cannot signal datapath (%s)", strerror(errno));
    }
    while (read(dpif->ack_fd, &n, sizeof n) < 0) {
        if (errno != EINTR) {
            sluice_abort("dpif: cannot wait for datapath (%s)",
                         strerror(errno));
        }
    }
}

static struct dp_bridge *
find_bridge(const struct dpif *dpif, const char *name)
{
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        if (!strcmp(dpif->bridges[i]->name, name)) {
            return dpif->bridges[i];
        }
    }
    return NULL;
}

static struct dp_port *
find_port(const struct dp_bridge *br, const char *name)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (!strcmp(br->ports[i]->port->name, name)) {
            return br->ports[i];
        }
    }
    return NULL;
}

static struct dp_port *
find_port_by_ofport(const struct dp_bridge *br, int ofport)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (br->ports[i]->normal.ofport == ofport) {
            return br->ports[i];
        }
    }
    return NULL;
}

int
dpif_create(struct dpif **dpifp)
{
    struct dpif *dpif = xzalloc(sizeof *dpif);
    int error = dp_async_init(dpif);
    if (error) {
        free(dpif);
        *dpifp = NULL;
        return error;
    }

    dpif->epfd = epoll_create1(EPOLL_CLOEXEC);
    dpif->cmd_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    dpif->ack_fd = eventfd(0, EFD_CLOEXEC);
    dpif->timer_fd = timerfd_create(CLOCK_MONOTONIC,
                                    TFD_CLOEXEC | TFD_NONBLOCK);
    if (dpif->epfd < 0 || dpif->cmd_fd < 0 || dpif->ack_fd < 0
        || dpif->timer_fd < 0) {
        error = errno;
        goto fail;
    }
    struct itimerspec its = {
        .it_interval = { .tv_sec = 1 },
        .it_value = { .tv_sec = 1 },
    };
    struct epoll_event cmd_ev = { .events = EPOLLIN,
                                  .data.ptr = &dpif->cmd_fd };
    struct epoll_event timer_ev = { .events = EPOLLIN,
                                    .data.ptr = &dpif->timer_fd };
    if (timerfd_settime(dpif->timer_fd, 0, &its, NULL) < 0
        || epoll_ctl(dpif->epfd, EPOLL_CTL_ADD, dpif->cmd_fd, &cmd_ev) < 0
        || epoll_ctl(dpif->epfd, EPOLL_CTL_ADD, dpif->timer_fd,
                     &timer_ev) < 0) {
        error = errno;
        goto fail;
    }
    dp_packet_batch_init(&dpif->rx);
    dp_forward_init(dpif);
    /* The datapath thread never handles signals: it inherits a full
     * mask, so they go to the control thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    error = pthread_create(&dpif->thread, NULL, datapath_main, dpif);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (error) {
        dp_packet_batch_uninit(&dpif->rx);
        dp_forward_uninit(dpif);
        goto fail;
    }
    *dpifp = dpif;
    return 0;

fail:
    VLOG_ERR("cannot create datapath (%s)", strerror(error));
    int fds[] = { dpif->epfd, dpif->cmd_fd, dpif->ack_fd, dpif->timer_fd };
    for (size_t i = 0; i < ARRAY_SIZE(fds); i++) {
        if (fds[i] >= 0) {
            close(fds[i]);
        }
    }
    dp_async_uninit(dpif);
    free(dpif);
    *dpifp = NULL;
    return error;
}

static void
cmd_exit(struct dpif *dpif, void *aux)
{
    dpif->exiting = true;
}

static void
close_dp_port(struct dp_port *p, bool delete_device)
{
    p->port->class->close(p->port, delete_device);
    dp_taps_free(p->taps);
    free(p);
}

static void
free_bridge(struct dp_bridge *br, bool delete_devices)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        close_dp_port(br->ports[i], delete_devices);
    }
    mac_table_destroy(br->macs);
    dp_mirrors_destroy(br);
    ofproto_destroy(br->ofproto);
    flow_cache_destroy(br->cache);
    free(br->ports);
    free(br->nports);
    free(br->name);
    free(br);
}

void
dpif_destroy(struct dpif *dpif, bool keep_devices)
{
    if (!dpif) {
        return;
    }
    dp_call(dpif, cmd_exit, NULL);
    pthread_join(dpif->thread, NULL);
    dpif_run(dpif);
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        free_bridge(dpif->bridges[i], !keep_devices);
    }
    free(dpif->bridges);
    free(dpif->outs);
    free(dpif->pending);
    dp_captures_destroy(&dpif->captures);
    dp_packet_batch_uninit(&dpif->rx);
    dp_forward_uninit(dpif);
    close(dpif->epfd);
    close(dpif->cmd_fd);
    close(dpif->ack_fd);
    close(dpif->timer_fd);
    dp_async_uninit(dpif);
    free(dpif);
}

/* ---- Bridges. ---- */

struct bridge_cmd {
    struct dp_bridge *br;
    const struct dpif_bridge_config *cfg;
};

static void
cmd_bridge_add(struct dpif *dpif, void *aux)
{
    struct bridge_cmd *c = aux;
    dpif->bridges = xrealloc(dpif->bridges,
                             (dpif->n_bridges + 1) * sizeof *dpif->bridges);
    dpif->bridges[dpif->n_bridges++] = c->br;
}

int
dpif_bridge_add(struct dpif *dpif, const char *name,
                const struct dpif_bridge_config *cfg)
{
    if (find_bridge(dpif, name)) {
        return EEXIST;
    }
    struct dp_bridge *br = xzalloc(sizeof *br);
    br->name = xstrdup(name);
    br->macs = mac_table_create(cfg ? cfg->mac_table_size : 0,
                                cfg ? cfg->mac_aging_sec : 0);
    br->ofproto = ofproto_create(name, 0, time_msec());
    ofproto_set_fail_mode(br->ofproto, OFPROTO_FAIL_STANDALONE,
                          time_msec());
    br->cache = flow_cache_create(DPIF_FLOW_CACHE_SIZE);
    struct bridge_cmd c = { .br = br };
    dp_call(dpif, cmd_bridge_add, &c);
    return 0;
}

static void
cmd_bridge_set_config(struct dpif *dpif, void *aux)
{
    struct bridge_cmd *c = aux;
    mac_table_set_aging(c->br->macs, c->cfg->mac_aging_sec);
    mac_table_set_max(c->br->macs, c->cfg->mac_table_size);
    c->br->mac_gen++;
}

int
dpif_bridge_set_config(struct dpif *dpif, const char *name,
                       const struct dpif_bridge_config *cfg)
{
    struct dp_bridge *br = find_bridge(dpif, name);
    if (!br) {
        return ENOENT;
    }
    struct bridge_cmd c = { .br = br, .cfg = cfg };
    dp_call(dpif, cmd_bridge_set_config, &c);
    return 0;
}

static void
unwatch_port(struct dpif *dpif, struct dp_port *p)
{
    int fd = p->port->class->get_fd(p->port);
    if (fd >= 0) {
        epoll_ctl(dpif->epfd, EPOLL_CTL_DEL, fd, NULL);
    }
    dpif->n_ports--;
}

static void
cmd_bridge_del(struct dpif *dpif, void *aux)
{
    struct bridge_cmd *c = aux;
    dp_captures_bridge_deleted(dpif, c->br);
    for (size_t i = 0; i < c->br->n_ports; i++) {
        unwatch_port(dpif, c->br->ports[i]);
    }
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        if (dpif->bridges[i] == c->br) {
            dpif->bridges[i] = dpif->bridges[--dpif->n_bridges];
            break;
        }
    }
}

int
dpif_bridge_del(struct dpif *dpif, const char *name)
{
    struct dp_bridge *br = find_bridge(dpif, name);
    if (!br) {
        return ENOENT;
    }
    struct bridge_cmd c = { .br = br };
    dp_call(dpif, cmd_bridge_del, &c);
    free_bridge(br, true);
    return 0;
}

/* ---- Ports. ---- */

struct port_cmd {
    struct dp_bridge *br;
    struct dp_port *port;
    struct ofp_port_desc desc;  /* For the ofproto, on add. */
    struct normal_port normal;
    int error;
    struct port_io_stats io;
    struct dp_port_stats stats;
};

/* Rebuilds 'br->nports' and the ports' indexes after 'br->ports'
 * changed. */
static void
reindex_bridge(struct dp_bridge *br)
{
    br->nports = xrealloc(br->nports,
                          (br->n_ports ? br->n_ports : 1)
                          * sizeof *br->nports);
    for (size_t i = 0; i < br->n_ports; i++) {
        br->ports[i]->idx = i;
        br->nports[i] = &br->ports[i]->normal;
    }
}

static uint64_t
dpid_from_mac(struct eth_addr mac)
{
    uint64_t dpid = 0;
    for (int i = 0; i < 6; i++) {
        dpid = (dpid << 8) | mac.ea[i];
    }
    return dpid;
}

static void
cmd_port_add(struct dpif *dpif, void *aux)
{
    struct port_cmd *c = aux;
    struct dp_bridge *br = c->br;
    struct dp_port *p = c->port;

    int fd = p->port->class->get_fd(p->port);
    if (fd >= 0) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = p };
        if (epoll_ctl(dpif->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            c->error = errno;
            return;
        }
    }

    size_t pos = 0;
    while (pos < br->n_ports && br->ports[pos]->normal.ofport
           < p->normal.ofport) {
        pos++;
    }
    br->ports = xrealloc(br->ports, (br->n_ports + 1) * sizeof *br->ports);
    memmove(&br->ports[pos + 1], &br->ports[pos],
            (br->n_ports - pos) * sizeof *br->ports);
    br->ports[pos] = p;
    br->n_ports++;
    reindex_bridge(br);

    struct ofproto_events events;
    ofproto_events_init(&events);
    ofproto_port_add(br->ofproto, &c->desc, &events);
    dp_post_ofproto_events(dpif, br, &events);
    ofproto_events_destroy(&events);
    if (p->normal.ofport == DPIF_OFPORT_LOCAL && !br->dpid_configured) {
        ofproto_set_datapath_id(br->ofproto, dpid_from_mac(c->desc.hw_addr));
    }
    br->mac_gen++;

    dpif->n_ports++;
    if (br->n_ports > dpif->max_outs) {
        dpif->max_outs = br->n_ports * 2;
        dpif->outs = xrealloc(dpif->outs,
                              dpif->max_outs * sizeof *dpif->outs);
    }
    if (dpif->n_ports > dpif->max_pending) {
        dpif->max_pending = dpif->n_ports * 2;
        dpif->pending = xrealloc(dpif->pending,
                                 dpif->max_pending * sizeof *dpif->pending);
    }
}

/* Describes 'p' as an OpenFlow port (control thread, before the port is
 * attached). */
static void
port_desc_init(struct ofp_port_desc *desc, struct dp_port *p)
{
    struct port_dev_status dev;
    memset(&dev, 0, sizeof dev);
    p->port->class->get_status(p->port, &dev);
    memset(desc, 0, sizeof *desc);
    desc->port_no = dp_ofport_to_of(p->normal.ofport);
    memcpy(desc->hw_addr.ea, dev.mac, 6);
    snprintf(desc->name, sizeof desc->name, "%s", p->port->name);
    desc->config = dev.admin_up ? 0 : OFPPC_PORT_DOWN;
    desc->state = dev.link_up ? OFPPS_LIVE : OFPPS_LINK_DOWN;
    desc->curr = desc->advertised = desc->supported = OFPPF_10GB_FD
                                                     | OFPPF_COPPER;
    desc->curr_speed = desc->max_speed = 10000000;
    p->link_up = dev.link_up;
}

/* Picks the ofport for a new port 'cfg' on 'br', or returns an error with
 * a reason in '*errorp'. */
static int
choose_ofport(const struct dp_bridge *br, const struct dpif_port_config *cfg,
              int *ofportp, char **errorp)
{
    if (!strcmp(cfg->name, br->name)) {
        *ofportp = DPIF_OFPORT_LOCAL;
        return 0;
    }
    if (cfg->ofport_request) {
        const struct dp_port *other;
        if (cfg->ofport_request < 1
            || cfg->ofport_request > DPIF_OFPORT_MAX) {
            *errorp = xasprintf("ofport_request %d is out of range "
                                "(1 to %d)", cfg->ofport_request,
                                DPIF_OFPORT_MAX);
            return EINVAL;
        }
        other = find_port_by_ofport(br, cfg->ofport_request);
        if (other) {
            *errorp = xasprintf("ofport %d is already used by port %s",
                                cfg->ofport_request, other->port->name);
            return EEXIST;
        }
        *ofportp = cfg->ofport_request;
        return 0;
    }
    for (int ofport = 1; ofport <= DPIF_OFPORT_MAX; ofport++) {
        if (!find_port_by_ofport(br, ofport)) {
            *ofportp = ofport;
            return 0;
        }
    }
    *errorp = xstrdup("no free ofport");
    return ENOSPC;
}

static int
check_vlan_config(const struct dpif_port_config *cfg, char **errorp)
{
    if ((unsigned int) cfg->vlan_mode >= ARRAY_SIZE(vlan_modes)) {
        *errorp = xasprintf("port %s: invalid vlan_mode %d", cfg->name,
                            cfg->vlan_mode);
        return EINVAL;
    }
    if (cfg->tag != -1 && (cfg->tag < 0 || cfg->tag > 4095)) {
        *errorp = xasprintf("port %s: invalid tag %d", cfg->name, cfg->tag);
        return EINVAL;
    }
    if (cfg->vlan_mode != DPIF_VLAN_TRUNK && cfg->tag < 0) {
        *errorp = xasprintf("port %s: vlan_mode %s needs a tag", cfg->name,
                            cfg->vlan_mode == DPIF_VLAN_ACCESS ? "access"
                            : "native");
        return EINVAL;
    }
    for (size_t i = 0; i < cfg->n_trunks; i++) {
        if (cfg->trunks[i] > 4095) {
            *errorp = xasprintf("port %s: invalid trunk VLAN %u", cfg->name,
                                cfg->trunks[i]);
            return EINVAL;
        }
    }
    return 0;
}

static void
cmd_port_stats(struct dpif *dpif, void *aux)
{
    struct port_cmd *c = aux;
    memset(&c->io, 0, sizeof c->io);
    c->port->port->class->get_io_stats(c->port->port, &c->io);
    c->stats = c->port->stats;
}

static int
port_status(struct dpif *dpif, struct dp_port *p,
            struct dpif_port_status *st)
{
    struct port_dev_status dev;
    memset(&dev, 0, sizeof dev);
    int error = p->port->class->get_status(p->port, &dev);

    struct port_cmd c = { .port = p };
    dp_call(dpif, cmd_port_stats, &c);

    memset(st, 0, sizeof *st);
    st->ofport = p->normal.ofport;
    memcpy(st->mac, dev.mac, 6);
    st->mtu = dev.mtu;
    st->link_up = dev.link_up;
    st->admin_up = dev.admin_up;
    st->rx_packets = c.stats.rx_packets;
    st->rx_bytes = c.stats.rx_bytes;
    st->rx_dropped = c.stats.rx_dropped + dev.kernel_rx_dropped;
    st->rx_errors = c.io.rx_errors;
    st->tx_packets = c.stats.tx_packets;
    st->tx_bytes = c.stats.tx_bytes;
    st->tx_dropped = c.io.tx_dropped;
    st->tx_errors = c.io.tx_errors;
    return error;
}

int
dpif_port_add(struct dpif *dpif, const char *bridge,
              const struct dpif_port_config *cfg,
              struct dpif_port_status *status, char **errorp)
{
    *errorp = NULL;
    struct dp_bridge *br = find_bridge(dpif, bridge);
    if (!br) {
        *errorp = xasprintf("no bridge named %s", bridge);
        return ENOENT;
    }
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        if (find_port(dpif->bridges[i], cfg->name)) {
            *errorp = xasprintf("port %s already exists on bridge %s",
                                cfg->name, dpif->bridges[i]->name);
            return EEXIST;
        }
    }
    if ((unsigned int) cfg->type >= ARRAY_SIZE(port_classes)) {
        *errorp = xasprintf("port %s: invalid type %d", cfg->name,
                            cfg->type);
        return EINVAL;
    }
    int ofport;
    int error = check_vlan_config(cfg, errorp);
    if (!error) {
        error = choose_ofport(br, cfg, &ofport, errorp);
    }
    if (error) {
        return error;
    }

    const struct port_class *class = port_classes[cfg->type];
    struct port *port;
    error = class->open(cfg->name, &port, errorp);
    if (error) {
        return error;
    }
    if (cfg->mtu_request > 0) {
        error = class->set_mtu(port, cfg->mtu_request);
        if (error) {
            *errorp = xasprintf("port %s: cannot set MTU %d (%s)",
                                cfg->name, cfg->mtu_request,
                                strerror(error));
            class->close(port, true);
            return error;
        }
    }

    struct dp_port *p = xzalloc(sizeof *p);
    p->port = port;
    p->type = cfg->type;
    p->bridge = br;
    normal_port_init(&p->normal, ofport, vlan_modes[cfg->vlan_mode],
                     cfg->tag, cfg->trunks, cfg->n_trunks);

    struct port_cmd c = { .br = br, .port = p };
    port_desc_init(&c.desc, p);
    dp_call(dpif, cmd_port_add, &c);
    if (c.error) {
        *errorp = xasprintf("port %s: cannot watch device (%s)", cfg->name,
                            strerror(c.error));
        close_dp_port(p, true);
        return c.error;
    }
    VLOG_INFO("%s: added %s port %s as ofport %d", bridge, class->type,
              cfg->name, ofport);
    if (status) {
        port_status(dpif, p, status);
    }
    return 0;
}

static void
cmd_port_reconfigure(struct dpif *dpif, void *aux)
{
    struct port_cmd *c = aux;
    struct normal_port *np = &c->port->normal;
    if (memcmp(np, &c->normal, sizeof *np)) {
        *np = c->normal;
        mac_table_flush_port(c->br->macs, np->ofport);
        c->br->mac_gen++;
    }
}

int
dpif_port_reconfigure(struct dpif *dpif, const char *bridge,
                      const struct dpif_port_config *cfg, char **errorp)
{
    *errorp = NULL;
    struct dp_bridge *br = find_bridge(dpif, bridge);
    struct dp_port *p = br ? find_port(br, cfg->name) : NULL;
    if (!p) {
        *errorp = xasprintf("no port %s on bridge %s", cfg->name, bridge);
        return ENOENT;
    }
    int error = check_vlan_config(cfg, errorp);
    if (error) {
        return error;
    }
    if (cfg->mtu_request > 0) {
        error = p->port->class->set_mtu(p->port, cfg->mtu_request);
        if (error) {
            *errorp = xasprintf("port %s: cannot set MTU %d (%s)",
                                cfg->name, cfg->mtu_request,
                                strerror(error));
            return error;
        }
    }
    struct port_cmd c = { .br = br, .port = p };
    normal_port_init(&c.normal, p->normal.ofport, vlan_modes[cfg->vlan_mode],
                     cfg->tag, cfg->trunks, cfg->n_trunks);
    dp_call(dpif, cmd_port_reconfigure, &c);
    return 0;
}

static void
cmd_port_del(struct dpif *dpif, void *aux)
{
    struct port_cmd *c = aux;
    struct dp_bridge *br = c->br;
    size_t idx = c->port->idx;

    unwatch_port(dpif, c->port);
    memmove(&br->ports[idx], &br->ports[idx + 1],
            (br->n_ports - idx - 1) * sizeof *br->ports);
    br->n_ports--;
    reindex_bridge(br);
    mac_table_flush_port(br->macs, c->port->normal.ofport);
    dp_taps_port_deleted(dpif, br, c->port);
    br->mac_gen++;

    struct ofproto_events events;
    ofproto_events_init(&events);
    ofproto_port_del(br->ofproto, dp_ofport_to_of(c->port->normal.ofport),
                     &events);
    dp_post_ofproto_events(dpif, br, &events);
    ofproto_events_destroy(&events);
}

int
dpif_port_del(struct dpif *dpif, const char *bridge, const char *port)
{
    struct dp_bridge *br = find_bridge(dpif, bridge);
    struct dp_port *p = br ? find_port(br, port) : NULL;
    if (!p) {
        return ENOENT;
    }
    struct port_cmd c = { .br = br, .port = p };
    dp_call(dpif, cmd_port_del, &c);
    VLOG_INFO("%s: deleted port %s", bridge, port);
    close_dp_port(p, true);
    return 0;
}

int
dpif_port_get_status(struct dpif *dpif, const char *bridge,
                     const char *port, struct dpif_port_status *status)
{
    struct dp_bridge *br = find_bridge(dpif, bridge);
    struct dp_port *p = br ? find_port(br, port) : NULL;
    if (!p) {
        return ENOENT;
    }
    return port_status(dpif, p, status);
}

/* ---- MAC tables. ---- */

struct fdb_cmd {
    struct dp_bridge *br;
    struct mac_table_entry *entries;
    size_t n;
};

static void
cmd_fdb_dump(struct dpif *dpif, void *aux)
{
    struct fdb_cmd *c = aux;
    mac_table_dump(c->br->macs, time_msec(), &c->entries, &c->n);
}

int
dpif_fdb_dump(struct dpif *dpif, const char *bridge,
              struct dpif_fdb_entry **entriesp, size_t *np)
{
    struct dp_bridge *br = find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    struct fdb_cmd c = { .br = br };
    dp_call(dpif, cmd_fdb_dump, &c);

    struct dpif_fdb_entry *out = xcalloc(c.n ? c.n : 1, sizeof *out);
    for (size_t i = 0; i < c.n; i++) {
        const struct dp_port *p = find_port_by_ofport(br, c.entries[i].port);
        out[i].vlan = c.entries[i].vlan;
        memcpy(out[i].mac, c.entries[i].mac, 6);
        out[i].ofport = c.entries[i].port;
        snprintf(out[i].port, sizeof out[i].port, "%s",
                 p ? p->port->name : "?");
        out[i].age_sec = c.entries[i].age_sec;
    }
    free(c.entries);
    *entriesp = out;
    *np = c.n;
    return 0;
}

static void
cmd_fdb_flush(struct dpif *dpif, void *aux)
{
    struct fdb_cmd *c = aux;
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        if (!c->br || dpif->bridges[i] == c->br) {
            mac_table_flush(dpif->bridges[i]->macs);
            dpif->bridges[i]->mac_gen++;
        }
    }
}

int
dpif_fdb_flush(struct dpif *dpif, const char *bridge)
{
    struct fdb_cmd c = { .br = NULL };
    if (bridge) {
        c.br = find_bridge(dpif, bridge);
        if (!c.br) {
            return ENOENT;
        }
    }
    dp_call(dpif, cmd_fdb_flush, &c);
    return 0;
}

/* ---- Listings. ---- */

int
dpif_bridge_list(struct dpif *dpif, char ***namesp, size_t *np)
{
    char **names = xcalloc(dpif->n_bridges + 1, sizeof *names);
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        names[i] = xstrdup(dpif->bridges[i]->name);
    }
    *namesp = names;
    *np = dpif->n_bridges;
    return 0;
}

int
dpif_port_list(struct dpif *dpif, const char *bridge, char ***namesp,
               size_t *np)
{
    const struct dp_bridge *br = find_bridge(dpif, bridge);
    if (!br) {
        return ENOENT;
    }
    char **names = xcalloc(br->n_ports + 1, sizeof *names);
    for (size_t i = 0; i < br->n_ports; i++) {
        names[i] = xstrdup(br->ports[i]->port->name);
    }
    *namesp = names;
    *np = br->n_ports;
    return 0;
}

/* ---- Dummy-port test hooks. ---- */

struct dummy_cmd {
    struct dp_port *port;
    const void *data;
    void *buf;
    size_t len, size;
    int error;
};

static void
cmd_dummy_inject(struct dpif *dpif, void *aux)
{
    struct dummy_cmd *c = aux;
    c->error = port_dummy_inject(c->port->port, c->data, c->len);
    if (!c->error) {
        dp_port_input(dpif, c->port);
    }
}

static void
cmd_dummy_take(struct dpif *dpif, void *aux)
{
    struct dummy_cmd *c = aux;
    c->error = port_dummy_take(c->port->port, c->buf, c->size, &c->len);
}

int
dpif_dummy_inject(struct dpif *dpif, const char *bridge, const char *port,
                  const void *data, size_t len)
{
    struct dp_bridge *br = find_bridge(dpif, bridge);
    struct dp_port *p = br ? find_port(br, port) : NULL;
    if (!p) {
        return ENOENT;
    }
    struct dummy_cmd c = { .port = p, .data = data, .len = len };
    dp_call(dpif, cmd_dummy_inject, &c);
    return c.error;
}

int
dpif_dummy_take(struct dpif *dpif, const char *bridge, const char *port,
                void *buf, size_t size, size_t *lenp)
{
    struct dp_bridge *br = find_bridge(dpif, bridge);
    struct dp_port *p = br ? find_port(br, port) : NULL;
    if (!p) {
        return ENOENT;
    }
    struct dummy_cmd c = { .port = p, .buf = buf, .size = size };
    dp_call(dpif, cmd_dummy_take, &c);
    *lenp = c.len;
    return c.error;
}
