/* The "internal" port provider: the bridge's own interface, a tap device
 * whose fd Sluice holds (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR), brought up
 * so the host can put an address on it.  Its MAC is the random
 * locally-administered one the kernel gave the tap at creation, which
 * stays as long as the device does.
 *
 * TUNSETOFFLOAD announces checksum and TSO support, so the host's stack
 * hands us (and accepts from us) checksum-offloaded and GSO frames with
 * their virtio_net_hdr.  A tap fd has no batched read or write, so this
 * provider costs one readv()/writev() per frame; it carries the host's
 * own traffic, not the switched fast path between other ports. */
#include "datapath/port.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include "datapath/netdev-linux.h"
#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(port_internal);

struct internal_port {
    struct port up;
    int fd;
    struct port_io_stats stats;
};

static struct internal_port *
internal_cast(const struct port *port)
{
    return CONTAINER_OF(port, struct internal_port, up);
}

static int
internal_open(const char *name, struct port **portp, char **errorp)
{
    int fd;
    int error = netdev_linux_tap_open(name, &fd);
    if (error) {
        *errorp = xasprintf("could not create internal device %s (%s)",
                            name, strerror(error));
        return error;
    }
    unsigned int offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
    if (ioctl(fd, TUNSETOFFLOAD, offloads) < 0) {
        VLOG_WARN("%s: TUNSETOFFLOAD failed (%s)", name, strerror(errno));
    }
    error = netdev_linux_set_up(name);
    if (error) {
        *errorp = xasprintf("could not bring up internal device %s (%s)",
                            name, strerror(error));
        ioctl(fd, TUNSETPERSIST, 0);
        close(fd);
        return error;
    }

    struct internal_port *p = xzalloc(sizeof *p);
    p->up.class = &port_internal_class;
    p->up.name = xstrdup(name);
    p->fd = fd;
    *portp = &p->up;
    return 0;
}

static void
internal_close(struct port *port, bool delete_device)
{
    struct internal_port *p = internal_cast(port);
    if (delete_device) {
        /* A non-persistent tap disappears with its last fd. */
        ioctl(p->fd, TUNSETPERSIST, 0);
    }
    close(p->fd);
    free(port->name);
    free(p);
}

static int
internal_get_fd(const struct port *port)
{
    return internal_cast(port)->fd;
}

static int
internal_recv(struct port *port, struct dp_packet_batch *batch)
{
    struct internal_port *p = internal_cast(port);
    int error = 0;

    batch->n = 0;
    while (batch->n < DP_BATCH_SIZE) {
        struct dp_packet *pkt = &batch->pkts[batch->n];
        struct iovec iov[2] = {
            { .iov_base = &pkt->vnet, .iov_len = sizeof pkt->vnet },
            { .iov_base = pkt->data, .iov_len = DP_PACKET_SIZE },
        };
        ssize_t n = readv(p->fd, iov, 2);
        if (n < 0) {
            error = errno;
            break;
        }
        if (n < (ssize_t) sizeof pkt->vnet) {
            p->stats.rx_errors++;
            continue;
        }
        pkt->len = n - sizeof pkt->vnet;
        if (!dp_packet_parse(pkt, 0, 0)) {
            p->stats.rx_errors++;
            continue;
        }
        batch->n++;
    }
    return batch->n ? 0 : error;
}

static size_t
internal_send(struct port *port, struct dp_tx_item *items, size_t n)
{
    struct internal_port *p = internal_cast(port);
    size_t sent = 0;
    for (size_t i = 0; i < n; i++) {
        dp_tx_item_prepare(&items[i], true);
        if (writev(p->fd, items[i].iov, 2) >= 0) {
            sent++;
        } else {
            /* EAGAIN: the host is not keeping up; EIO: the device is
             * down, as on a switch port whose link is down. */
            if (errno == EAGAIN || errno == EIO) {
                p->stats.tx_dropped++;
            } else {
                p->stats.tx_errors++;
            }
            items[i].pkt = NULL;
        }
    }
    return sent;
}

static void
internal_get_io_stats(const struct port *port, struct port_io_stats *stats)
{
    const struct internal_port *p = internal_cast(port);
    stats->rx_errors += p->stats.rx_errors;
    stats->tx_dropped += p->stats.tx_dropped;
    stats->tx_errors += p->stats.tx_errors;
}

static int
internal_get_status(const struct port *port, struct port_dev_status *st)
{
    st->kernel_rx_dropped = 0;
    return netdev_linux_get_status(port->name, st->mac, &st->mtu,
                                   &st->admin_up, &st->link_up);
}

static int
internal_set_mtu(struct port *port, int mtu)
{
    return netdev_linux_set_mtu(port->name, mtu);
}

const struct port_class port_internal_class = {
    .type = "internal",
    .open = internal_open,
    .close = internal_close,
    .get_fd = internal_get_fd,
    .recv = internal_recv,
    .send = internal_send,
    .get_io_stats = internal_get_io_stats,
    .get_status = internal_get_status,
    .set_mtu = internal_set_mtu,
};
