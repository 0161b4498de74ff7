/* AF_PACKET port providers: "system" (an existing device) and "tap" (a
 * persistent tap for a VM, reached through its netdev).
 *
 * Two SOCK_RAW packet sockets per port: a transmit-only one (protocol 0,
 * qdisc bypass except on taps, never polled) and a receive one, bound to
 * the device's ifindex for ETH_P_ALL, promiscuous, nonblocking, with:
 *   - PACKET_VNET_HDR, so checksum-offloaded and GSO/GRO frames up to
 *     64 KiB cross Sluice intact with their virtio_net_hdr;
 *   - PACKET_AUXDATA, to recover VLAN tags the kernel stripped;
 *   - PACKET_IGNORE_OUTGOING, so our own transmissions are not received;
 *   - a TPACKET_V2 receive ring (RING_FRAMES slots of RING_FRAME_SIZE
 *     bytes): the kernel copies each frame into the ring in the sender's
 *     context and wakes us per frame as a plain socket would (no block
 *     retire timeout, so no added latency at low rates), and a burst is
 *     read from shared memory with no syscall.  Frames too big for a slot
 *     (GSO/GRO frames, jumbo frames) are also queued whole on the socket
 *     (PACKET_COPY_THRESH), their slot marked TP_STATUS_COPY, and are read
 *     with recvmmsg() in ring order.  Without a ring (setup failed), every
 *     frame comes through recvmmsg().
 * Sends go out in batches with sendmmsg(): one syscall per burst.
 *
 * A tap can be attached by one fd at a time and the guest's QEMU needs
 * it, so the tap class creates the tap persistent, lets go of its fd, and
 * then talks to the tap's netdev like a system port: frames the guest
 * writes come out of the netdev, and frames sent on the netdev reach the
 * guest (or are dropped by the kernel while no guest is attached). */
#include "datapath/port.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include "datapath/netdev-linux.h"
#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(port_afpacket);

#define SOCKET_BUFFER (4 * 1024 * 1024)
#define RING_FRAME_SIZE 2048        /* Holds a 1500-byte-MTU frame and its
                                     * tpacket2_hdr and virtio_net_hdr. */
#define RING_BLOCK_SIZE (64 * 1024)
#define RING_FRAMES 2048            /* 4 MiB per port. */

struct afpacket_port {
    struct port up;
    int fd;                         /* Receives (in the epoll set). */
    int tx_fd;                      /* Sends (never polled). */
    uint8_t *ring;                  /* Receive ring (mmap), or NULL. */
    size_t rx_head;                 /* Next ring slot to read. */
    bool is_tap;
    struct netdev_stack_settings stack;  /* Host stack settings to put
                                          * back when the port goes. */
    uint64_t kernel_drops;          /* Accumulated PACKET_STATISTICS. */
    struct port_io_stats stats;

    /* Receive and send descriptors, reused for every burst. */
    struct mmsghdr rx_msgs[DP_BATCH_SIZE];
    struct iovec rx_iov[DP_BATCH_SIZE][2];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } rx_cmsg[DP_BATCH_SIZE];
    struct mmsghdr tx_msgs[DP_BATCH_SIZE];
};

static struct afpacket_port *
afpacket_cast(const struct port *port)
{
    return CONTAINER_OF(port, struct afpacket_port, up);
}

/* Returns the TPID of a tag the kernel stripped, given the packet's
 * 'status' and 'tpid' from auxdata or the ring: kernels that can strip
 * 802.1ad tags report the TPID, older ones only strip 802.1Q. */
static uint16_t
afpacket_aux_tpid(uint32_t status, uint16_t tpid)
{
    return status & TP_STATUS_VLAN_TPID_VALID && tpid ? tpid
                                                      : DP_ETH_TYPE_VLAN;
}

static int
set_int_opt(int fd, int level, int name, int value)
{
    return setsockopt(fd, level, name, &value, sizeof value) < 0 ? errno : 0;
}

/* Opens the transmit-only socket of device 'ifindex' into '*fdp'.  It is
 * separate from the receive socket because a socket in an epoll set has a
 * waiter on its wait queue, so the kernel would take that queue's lock
 * to signal write space every time one of our sent frames is freed; a
 * socket nobody waits on skips that.  Bound with protocol 0, it receives
 * nothing. */
static int
afpacket_tx_socket_open(int ifindex, bool is_tap, int *fdp,
                        const char **whatp)
{
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *whatp = "socket";
        return errno;
    }
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = 0,
        .sll_ifindex = ifindex,
    };
    int error = set_int_opt(fd, SOL_PACKET, PACKET_VNET_HDR, 1);
    if (error) {
        *whatp = "PACKET_VNET_HDR";
    } else if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        error = errno;
        *whatp = "bind";
    }
    if (error) {
        close(fd);
        return error;
    }
    set_int_opt(fd, SOL_SOCKET, SO_SNDBUFFORCE, SOCKET_BUFFER);
    /* veths and NICs need no qdisc on our path; taps keep it, so frames
     * to a tap without a guest are dropped quietly rather than failing. */
    if (!is_tap) {
        set_int_opt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, 1);
    }
    *fdp = fd;
    return 0;
}

/* Sets up the receive ring of 'p''s receive socket (before binding it).
 * Returns 0 or an errno value, with the failed step in '*whatp'. */
static int
afpacket_ring_open(struct afpacket_port *p, const char **whatp)
{
    struct tpacket_req req = {
        .tp_block_size = RING_BLOCK_SIZE,
        .tp_block_nr = RING_FRAMES * RING_FRAME_SIZE / RING_BLOCK_SIZE,
        .tp_frame_size = RING_FRAME_SIZE,
        .tp_frame_nr = RING_FRAMES,
    };
    int error;
    if ((error = set_int_opt(p->fd, SOL_PACKET, PACKET_VERSION,
                             TPACKET_V2))) {
        *whatp = "PACKET_VERSION";
    } else if ((error = set_int_opt(p->fd, SOL_PACKET, PACKET_COPY_THRESH,
                                    1))) {
        *whatp = "PACKET_COPY_THRESH";
    } else if (setsockopt(p->fd, SOL_PACKET, PACKET_RX_RING, &req,
                          sizeof req) < 0) {
        error = errno;
        *whatp = "PACKET_RX_RING";
    } else {
        void *ring = mmap(NULL, (size_t) RING_FRAMES * RING_FRAME_SIZE,
                          PROT_READ | PROT_WRITE, MAP_SHARED, p->fd, 0);
        if (ring == MAP_FAILED) {
            error = errno;
            *whatp = "mmap";
        } else {
            p->ring = ring;
            p->rx_head = 0;
        }
    }
    return error;
}

/* Makes 'fd' the receive socket of 'p' (named 'name') and gives it a
 * receive ring if it can: without one (memory limits, an old kernel),
 * frames come through recvmmsg(), slower but the same. */
static void
afpacket_rx_setup(struct afpacket_port *p, int fd, const char *name)
{
    const char *what;
    p->fd = fd;
    int error = afpacket_ring_open(p, &what);
    if (error) {
        VLOG_WARN("%s: no receive ring (%s: %s), receiving with recvmmsg",
                  name, what, strerror(error));
    }
}

/* Opens the packet sockets for device 'name' into 'p'. */
static int
afpacket_socket_open(struct afpacket_port *p, const char *name, bool is_tap,
                     char **errorp)
{
    int ifindex;
    int error = netdev_linux_get_ifindex(name, &ifindex);
    if (error) {
        *errorp = xasprintf("could not open network device %s (%s)", name,
                            strerror(error));
        return error;
    }

    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        *errorp = xasprintf("%s: cannot create packet socket (%s)", name,
                            strerror(error));
        return error;
    }

    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ETH_P_ALL),
        .sll_ifindex = ifindex,
    };
    struct packet_mreq mreq = {
        .mr_ifindex = ifindex,
        .mr_type = PACKET_MR_PROMISC,
    };
    const char *what;
    if ((error = set_int_opt(fd, SOL_PACKET, PACKET_VNET_HDR, 1))) {
        what = "PACKET_VNET_HDR";
    } else if ((error = set_int_opt(fd, SOL_PACKET, PACKET_AUXDATA, 1))) {
        what = "PACKET_AUXDATA";
    } else if ((error = set_int_opt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING,
                                    1))) {
        what = "PACKET_IGNORE_OUTGOING";
    }
    if (!error) {
        /* The ring comes after PACKET_VNET_HDR (which a ring locks) and
         * before bind (so that no frame is queued outside it). */
        afpacket_rx_setup(p, fd, name);
        if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
            error = errno;
            what = "bind";
        } else if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                              sizeof mreq) < 0) {
            error = errno;
            what = "PACKET_MR_PROMISC";
        } else {
            error = afpacket_tx_socket_open(ifindex, is_tap, &p->tx_fd,
                                            &what);
        }
    }
    if (error) {
        *errorp = xasprintf("could not open network device %s (%s: %s)",
                            name, what, strerror(error));
        if (p->ring) {
            munmap(p->ring, (size_t) RING_FRAMES * RING_FRAME_SIZE);
            p->ring = NULL;
        }
        close(fd);
        return error;
    }
    /* Larger socket buffers absorb bursts; failure only costs speed. */
    set_int_opt(fd, SOL_SOCKET, SO_RCVBUFFORCE, SOCKET_BUFFER);

    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        struct msghdr *msg = &p->rx_msgs[i].msg_hdr;
        msg->msg_iov = p->rx_iov[i];
        msg->msg_iovlen = 2;
        p->tx_msgs[i].msg_hdr.msg_iovlen = 2;
    }
    return 0;
}

static int
afpacket_open__(const char *name, bool is_tap, struct port **portp,
                char **errorp)
{
    /* Up first: a socket bound to a down device reports ENETDOWN once
     * the device comes up. */
    int error = netdev_linux_set_up(name);
    if (error && error != ENODEV) {
        VLOG_WARN("%s: cannot bring device up (%s)", name, strerror(error));
    }
    struct afpacket_port *p = xzalloc(sizeof *p);
    error = afpacket_socket_open(p, name, is_tap, errorp);
    if (error) {
        free(p);
        return error;
    }
    p->up.class = is_tap ? &port_tap_class : &port_afpacket_class;
    p->up.name = xstrdup(name);
    p->is_tap = is_tap;
    error = netdev_linux_isolate_stack(name, &p->stack);
    if (error) {
        VLOG_WARN("%s: cannot keep the host IP stack off the port (%s)",
                  name, strerror(error));
    }
    *portp = &p->up;
    return 0;
}

static int
afpacket_open(const char *name, struct port **portp, char **errorp)
{
    return afpacket_open__(name, false, portp, errorp);
}

static int
tap_open(const char *name, struct port **portp, char **errorp)
{
    int fd;
    int error = netdev_linux_tap_open(name, &fd);
    if (error == EBUSY) {
        /* A guest holds the tap (switchd restarted under it): fine. */
        VLOG_INFO("%s: tap is attached to a guest, reusing it", name);
    } else if (error) {
        *errorp = xasprintf("could not create tap device %s (%s)", name,
                            strerror(error));
        return error;
    } else {
        close(fd);
    }
    error = afpacket_open__(name, true, portp, errorp);
    if (error) {
        netdev_linux_delete(name);
    }
    return error;
}

static void
afpacket_close(struct port *port, bool delete_device)
{
    struct afpacket_port *p = afpacket_cast(port);
    if (p->ring) {
        munmap(p->ring, (size_t) RING_FRAMES * RING_FRAME_SIZE);
    }
    close(p->fd);
    close(p->tx_fd);
    if (!p->is_tap || !delete_device) {
        netdev_linux_restore_stack(port->name, &p->stack);
    }
    if (p->is_tap && delete_device) {
        int error = netdev_linux_delete(port->name);
        if (error) {
            VLOG_WARN("%s: cannot delete tap (%s)", port->name,
                      strerror(error));
        }
    }
    free(port->name);
    free(p);
}

static int
afpacket_get_fd(const struct port *port)
{
    return afpacket_cast(port)->fd;
}

/* Receives up to 'max' frames queued on 'p''s socket with recvmmsg(),
 * appending them to 'batch' (which must have room).  Returns 0 or an
 * errno value (EAGAIN if nothing was queued). */
static int
afpacket_recv_queued(struct afpacket_port *p, struct dp_packet_batch *batch,
                     size_t max)
{
    size_t first = batch->n;
    for (size_t i = 0; i < max; i++) {
        struct dp_packet *pkt = &batch->pkts[first + i];
        struct msghdr *msg = &p->rx_msgs[i].msg_hdr;
        p->rx_iov[i][0].iov_base = &pkt->vnet;
        p->rx_iov[i][0].iov_len = sizeof pkt->vnet;
        p->rx_iov[i][1].iov_base = pkt->data;
        p->rx_iov[i][1].iov_len = DP_PACKET_SIZE;
        msg->msg_control = p->rx_cmsg[i].buf;
        msg->msg_controllen = sizeof p->rx_cmsg[i].buf;
        msg->msg_flags = 0;
    }

    int n = recvmmsg(p->fd, p->rx_msgs, max, MSG_DONTWAIT, NULL);
    if (n <= 0) {
        return n < 0 ? errno : EAGAIN;
    }

    for (int i = 0; i < n; i++) {
        struct msghdr *msg = &p->rx_msgs[i].msg_hdr;
        struct dp_packet *pkt = &batch->pkts[batch->n];
        struct dp_packet *got = &batch->pkts[first + i];
        size_t len = p->rx_msgs[i].msg_len;
        if (msg->msg_flags & MSG_TRUNC || len < sizeof pkt->vnet) {
            p->stats.rx_errors++;
            continue;
        }
        if (pkt != got) {
            /* An earlier frame was skipped: slide this one down. */
            memcpy(pkt->data, got->data, len - sizeof pkt->vnet);
            pkt->vnet = got->vnet;
        }
        pkt->len = len - sizeof pkt->vnet;

        uint16_t aux_tpid = 0;
        uint16_t aux_tci = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
             c = CMSG_NXTHDR(msg, c)) {
            if (c->cmsg_level == SOL_PACKET
                && c->cmsg_type == PACKET_AUXDATA
                && c->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
                struct tpacket_auxdata aux;
                memcpy(&aux, CMSG_DATA(c), sizeof aux);
                if (aux.tp_status & TP_STATUS_VLAN_VALID) {
                    aux_tpid = afpacket_aux_tpid(aux.tp_status,
                                                 aux.tp_vlan_tpid);
                    aux_tci = aux.tp_vlan_tci;
                }
            }
        }
        if (!dp_packet_parse(pkt, aux_tpid, aux_tci)) {
            p->stats.rx_errors++;
            continue;
        }
        batch->n++;
    }
    return 0;
}

static struct tpacket2_hdr *
ring_slot(const struct afpacket_port *p, size_t idx)
{
    return (struct tpacket2_hdr *) (void *) (p->ring
                                             + idx * RING_FRAME_SIZE);
}

/* Receives up to DP_BATCH_SIZE frames from 'p''s ring into 'batch'
 * (copying each, so the slot goes back to the kernel at once). */
static int
afpacket_recv_ring(struct afpacket_port *p, struct dp_packet_batch *batch)
{
    batch->n = 0;
    while (batch->n < DP_BATCH_SIZE) {
        struct tpacket2_hdr *h = ring_slot(p, p->rx_head);
        uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
        if (!(status & TP_STATUS_USER)) {
            break;
        }
        struct dp_packet *pkt = &batch->pkts[batch->n];
        if (status & TP_STATUS_COPY) {
            /* Too big for the slot: the whole frame is on the socket. */
            int error = afpacket_recv_queued(p, batch, 1);
            if (error && error != EAGAIN) {
                p->stats.rx_errors++;
            }
        } else if (h->tp_snaplen < h->tp_len
                   || h->tp_mac < sizeof pkt->vnet
                   || h->tp_mac + h->tp_snaplen > RING_FRAME_SIZE) {
            /* Truncated (no socket buffer space for a copy). */
            p->stats.rx_errors++;
        } else {
            const uint8_t *frame = (const uint8_t *) h + h->tp_mac;
            memcpy(&pkt->vnet, frame - sizeof pkt->vnet, sizeof pkt->vnet);
            memcpy(pkt->data, frame, h->tp_snaplen);
            pkt->len = h->tp_snaplen;
            uint16_t tpid = (status & TP_STATUS_VLAN_VALID
                             ? afpacket_aux_tpid(status, h->tp_vlan_tpid)
                             : 0);
            if (dp_packet_parse(pkt, tpid, h->tp_vlan_tci)) {
                batch->n++;
            } else {
                p->stats.rx_errors++;
            }
        }
        __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        p->rx_head = (p->rx_head + 1) % RING_FRAMES;
    }
    if (!batch->n) {
        /* Nothing in the ring: report a pending socket error (e.g.
         * ENETDOWN), which would otherwise keep the socket readable. */
        int error = 0;
        socklen_t len = sizeof error;
        if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
            error = errno;
        }
        return error ? error : EAGAIN;
    }
    return 0;
}

static int
afpacket_recv(struct port *port, struct dp_packet_batch *batch)
{
    struct afpacket_port *p = afpacket_cast(port);
    if (p->ring) {
        return afpacket_recv_ring(p, batch);
    }
    batch->n = 0;
    return afpacket_recv_queued(p, batch, DP_BATCH_SIZE);
}

static size_t
afpacket_send(struct port *port, struct dp_tx_item *items, size_t n)
{
    struct afpacket_port *p = afpacket_cast(port);
    for (size_t i = 0; i < n; i++) {
        dp_tx_item_prepare(&items[i], true);
        p->tx_msgs[i].msg_hdr.msg_iov = items[i].iov;
    }

    size_t sent = 0;
    while (sent < n) {
        int r = sendmmsg(p->tx_fd, &p->tx_msgs[sent], n - sent, MSG_DONTWAIT);
        if (r > 0) {
            sent += r;
            continue;
        }
        /* The frame at 'sent' failed: count it and go past it. */
        int error = r < 0 ? errno : EIO;
        if (error == EAGAIN || error == ENOBUFS || error == ENETDOWN
            || error == ENXIO) {
            p->stats.tx_dropped++;
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1000);
            p->stats.tx_errors++;
            VLOG_WARN_RL(&rl, "%s: send failed (%s)", port->name,
                         strerror(error));
        }
        items[sent].pkt = NULL;
        sent++;
    }
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        ok += items[i].pkt != NULL;
    }
    return ok;
}

static void
afpacket_get_io_stats(const struct port *port, struct port_io_stats *stats)
{
    const struct afpacket_port *p = afpacket_cast(port);
    stats->rx_errors += p->stats.rx_errors;
    stats->tx_dropped += p->stats.tx_dropped;
    stats->tx_errors += p->stats.tx_errors;
}

static int
afpacket_get_status(const struct port *port, struct port_dev_status *st)
{
    struct afpacket_port *p = afpacket_cast(port);
    struct tpacket_stats ts;
    socklen_t len = sizeof ts;

    /* Reading PACKET_STATISTICS resets it, so accumulate. */
    if (!getsockopt(p->fd, SOL_PACKET, PACKET_STATISTICS, &ts, &len)) {
        p->kernel_drops += ts.tp_drops;
    }
    st->kernel_rx_dropped = p->kernel_drops;
    return netdev_linux_get_status(port->name, st->mac, &st->mtu,
                                   &st->admin_up, &st->link_up);
}

static int
afpacket_set_mtu(struct port *port, int mtu)
{
    return netdev_linux_set_mtu(port->name, mtu);
}

const struct port_class port_afpacket_class = {
    .type = "system",
    .open = afpacket_open,
    .close = afpacket_close,
    .get_fd = afpacket_get_fd,
    .recv = afpacket_recv,
    .send = afpacket_send,
    .get_io_stats = afpacket_get_io_stats,
    .get_status = afpacket_get_status,
    .set_mtu = afpacket_set_mtu,
};

const struct port_class port_tap_class = {
    .type = "tap",
    .open = tap_open,
    .close = afpacket_close,
    .get_fd = afpacket_get_fd,
    .recv = afpacket_recv,
    .send = afpacket_send,
    .get_io_stats = afpacket_get_io_stats,
    .get_status = afpacket_get_status,
    .set_mtu = afpacket_set_mtu,
};
