/* The "dummy" port provider: no device, two in-memory frame queues.
 * Tests inject frames into the receive queue and take what the datapath
 * transmitted from the transmit queue (port_dummy_inject/take, called on
 * the datapath thread through dpif).  For root-free tests only, so it
 * allocates per frame. */
#include "datapath/port.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util.h"

#define DUMMY_QUEUE_LEN 256

struct dummy_frame {
    uint8_t *data;
    size_t len;
};

struct dummy_queue {
    struct dummy_frame frames[DUMMY_QUEUE_LEN];
    size_t head, n;
};

struct dummy_port {
    struct port up;
    uint8_t mac[6];
    int mtu;
    struct dummy_queue rxq, txq;
    struct port_io_stats stats;
};

static struct dummy_port *
dummy_cast(const struct port *port)
{
    return CONTAINER_OF(port, struct dummy_port, up);
}

/* Appends a copy of 'data' to 'q'.  Returns false if 'q' is full. */
static bool
queue_push(struct dummy_queue *q, const void *data, size_t len)
{
    if (q->n == DUMMY_QUEUE_LEN) {
        return false;
    }
    struct dummy_frame *f = &q->frames[(q->head + q->n++) % DUMMY_QUEUE_LEN];
    f->data = xmalloc(len ? len : 1);
    memcpy(f->data, data, len);
    f->len = len;
    return true;
}

/* Removes the oldest frame of 'q' into '*f' (caller frees 'f->data'). */
static bool
queue_pop(struct dummy_queue *q, struct dummy_frame *f)
{
    if (!q->n) {
        return false;
    }
    *f = q->frames[q->head];
    q->head = (q->head + 1) % DUMMY_QUEUE_LEN;
    q->n--;
    return true;
}

static void
queue_clear(struct dummy_queue *q)
{
    struct dummy_frame f;
    while (queue_pop(q, &f)) {
        free(f.data);
    }
}

static int
dummy_open(const char *name, struct port **portp, char **errorp)
{
    static unsigned int serial;
    struct dummy_port *p = xzalloc(sizeof *p);
    p->up.class = &port_dummy_class;
    p->up.name = xstrdup(name);
    p->mtu = 1500;
    serial++;
    uint8_t mac[6] = { 0xaa, 0x55, 0, 0, serial >> 8, serial & 0xff };
    memcpy(p->mac, mac, 6);
    *portp = &p->up;
    return 0;
}

static void
dummy_close(struct port *port, bool delete_device)
{
    struct dummy_port *p = dummy_cast(port);
    queue_clear(&p->rxq);
    queue_clear(&p->txq);
    free(port->name);
    free(p);
}

static int
dummy_get_fd(const struct port *port)
{
    return -1;
}

static int
dummy_recv(struct port *port, struct dp_packet_batch *batch)
{
    struct dummy_port *p = dummy_cast(port);
    struct dummy_frame f;

    batch->n = 0;
    while (batch->n < DP_BATCH_SIZE && queue_pop(&p->rxq, &f)) {
        struct dp_packet *pkt = &batch->pkts[batch->n];
        memset(&pkt->vnet, 0, sizeof pkt->vnet);
        pkt->len = f.len < DP_PACKET_SIZE ? f.len : DP_PACKET_SIZE;
        memcpy(pkt->data, f.data, pkt->len);
        free(f.data);
        if (dp_packet_parse(pkt, 0, 0)) {
            batch->n++;
        } else {
            p->stats.rx_errors++;
        }
    }
    return batch->n ? 0 : EAGAIN;
}

static size_t
dummy_send(struct port *port, struct dp_tx_item *items, size_t n)
{
    struct dummy_port *p = dummy_cast(port);
    size_t sent = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = dp_tx_item_prepare(&items[i], false);
        uint8_t *frame = xmalloc(len);
        memcpy(frame, items[i].iov[0].iov_base, items[i].iov[0].iov_len);
        memcpy(frame + items[i].iov[0].iov_len, items[i].iov[1].iov_base,
               items[i].iov[1].iov_len);
        if (queue_push(&p->txq, frame, len)) {
            sent++;
        } else {
            p->stats.tx_dropped++;
            items[i].pkt = NULL;
        }
        free(frame);
    }
    return sent;
}

static void
dummy_get_io_stats(const struct port *port, struct port_io_stats *stats)
{
    const struct dummy_port *p = dummy_cast(port);
    stats->rx_errors += p->stats.rx_errors;
    stats->tx_dropped += p->stats.tx_dropped;
    stats->tx_errors += p->stats.tx_errors;
}

static int
dummy_get_status(const struct port *port, struct port_dev_status *st)
{
    const struct dummy_port *p = dummy_cast(port);
    memcpy(st->mac, p->mac, 6);
    st->mtu = p->mtu;
    st->link_up = st->admin_up = true;
    st->kernel_rx_dropped = 0;
    return 0;
}

static int
dummy_set_mtu(struct port *port, int mtu)
{
    dummy_cast(port)->mtu = mtu;
    return 0;
}

int
port_dummy_inject(struct port *port, const void *data, size_t len)
{
    if (port->class != &port_dummy_class) {
        return EINVAL;
    }
    return queue_push(&dummy_cast(port)->rxq, data, len) ? 0 : ENOBUFS;
}

int
port_dummy_take(struct port *port, void *buf, size_t size, size_t *lenp)
{
    if (port->class != &port_dummy_class) {
        return EINVAL;
    }
    struct dummy_frame f;
    if (!queue_pop(&dummy_cast(port)->txq, &f)) {
        return EAGAIN;
    }
    int error = f.len <= size ? 0 : EMSGSIZE;
    if (!error) {
        memcpy(buf, f.data, f.len);
    }
    *lenp = f.len;
    free(f.data);
    return error;
}

const struct port_class port_dummy_class = {
    .type = "dummy",
    .open = dummy_open,
    .close = dummy_close,
    .get_fd = dummy_get_fd,
    .recv = dummy_recv,
    .send = dummy_send,
    .get_io_stats = dummy_get_io_stats,
    .get_status = dummy_get_status,
    .set_mtu = dummy_set_mtu,
};
