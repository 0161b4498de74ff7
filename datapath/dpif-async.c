/* Asynchronous calls into the bridges' OpenFlow switches and events out
 * of the datapath; see dpif.h for the contract and dpif-private.h for
 * the rings.
 *
 * Calls.  dpif_call() stores the call at 'call_head' and, if the
 * datapath thread may have gone to sleep (it had run everything before
 * this call), kicks 'cmd_fd'.  The datapath thread runs calls between
 * bursts, advances 'call_exec' and then rechecks 'call_head' (both
 * sequentially consistent), so no wakeup is lost.  After running calls
 * it writes 'notify_fd' once; the control thread then runs the 'done'
 * functions from 'call_tail' to 'call_exec'.
 *
 * Events.  The datapath thread fills the slot at 'ev_head' (copying
 * packet-in data into a malloc'd buffer: the slow path) and writes
 * 'notify_fd' at the end of its loop iteration; the control thread
 * delivers and frees slots up to 'ev_head'. */
#include "datapath/dpif-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <event2/event.h>
#include "lib/log.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(dpif_async);

int
dp_async_init(struct dpif *dpif)
{
    dpif->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (dpif->notify_fd < 0) {
        return errno;
    }
    dpif->calls = xcalloc(DPIF_CALL_QUEUE_LEN, sizeof *dpif->calls);
    dpif->events = xcalloc(DPIF_EVENT_QUEUE_LEN, sizeof *dpif->events);
    return 0;
}

void
dp_async_uninit(struct dpif *dpif)
{
    if (dpif->notify_ev) {
        event_free(dpif->notify_ev);
    }
    if (dpif->link_ev) {
        event_free(dpif->link_ev);
    }
    size_t head = atomic_load(&dpif->ev_head);
    for (size_t i = atomic_load(&dpif->ev_tail); i != head; i++) {
        free(dpif->events[i % DPIF_EVENT_QUEUE_LEN].data);
    }
    free(dpif->events);
    free(dpif->calls);
    if (dpif->notify_fd >= 0) {
        close(dpif->notify_fd);
    }
}

/* ---- Datapath thread. ---- */

void
dp_async_run_calls(struct dpif *dpif)
{
    size_t exec = atomic_load(&dpif->call_exec);
    size_t head = atomic_load(&dpif->call_head);
    while (exec != head) {
        do {
            struct dp_async_call *c = &dpif->calls[exec
                                                   % DPIF_CALL_QUEUE_LEN];
            if (c->br_fn) {
                c->br_fn(dpif, c->br, c->arg);
            } else {
                c->fn(c->br->ofproto, c->arg);
            }
            exec++;
        } while (exec != head);
        atomic_store(&dpif->call_exec, exec);
        dpif->notify_pending = true;
        head = atomic_load(&dpif->call_head);
    }
}

void
dp_async_notify(struct dpif *dpif)
{
    if (dpif->notify_pending) {
        uint64_t one = 1;
        dpif->notify_pending = false;
        if (write(dpif->notify_fd, &one, sizeof one) < 0
            && errno != EAGAIN) {
            sluice_abort("dpif: cannot notify control thread (%s)",
                         strerror(errno));
        }
    }
}

/* Queues 'ev' (whose 'bridge' this fills in from 'br'), with a copy of
 * the 'len' bytes of 'data' as packet-in data.  Returns false if the ring
 * was full (the event is dropped and counted). */
bool
dp_async_post_event(struct dpif *dpif, const struct dp_bridge *br,
                    struct dpif_event *ev, const void *data, size_t len)
{
    size_t head = atomic_load_explicit(&dpif->ev_head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&dpif->ev_tail, memory_order_acquire);
    if (head - tail >= DPIF_EVENT_QUEUE_LEN) {
        if (ev->type == DPIF_EVENT_PACKET_IN) {
            atomic_fetch_add(&dpif->n_packet_in_dropped, 1);
        } else {
            atomic_fetch_add(&dpif->n_other_dropped, 1);
        }
        return false;
    }
    struct dp_async_event *slot = &dpif->events[head % DPIF_EVENT_QUEUE_LEN];
    slot->ev = *ev;
    snprintf(slot->ev.bridge, sizeof slot->ev.bridge, "%s", br->name);
    slot->data = NULL;
    if (ev->type == DPIF_EVENT_PACKET_IN) {
        slot->data = xmalloc(len ? len : 1);
        memcpy(slot->data, data, len);
        slot->ev.packet_in.data = slot->data;
        slot->ev.packet_in.len = len;
        atomic_fetch_add(&dpif->n_packet_in, 1);
    }
    atomic_store_explicit(&dpif->ev_head, head + 1, memory_order_release);
    dpif->notify_pending = true;
    return true;
}

/* ---- Control thread. ---- */

static void
run_completions(struct dpif *dpif)
{
    size_t exec = atomic_load(&dpif->call_exec);
    while (dpif->call_tail != exec) {
        struct dp_async_call c = dpif->calls[dpif->call_tail
                                             % DPIF_CALL_QUEUE_LEN];
        dpif->call_tail++;
        if (c.done) {
            c.done(c.arg);
        }
        exec = atomic_load(&dpif->call_exec);
    }
    size_t pending = atomic_load(&dpif->call_head) - dpif->call_tail;
    if (dpif->call_blocked && pending <= DPIF_CALL_QUEUE_LEN / 2) {
        dpif->call_blocked = false;
        if (dpif->space_cb) {
            dpif->space_cb(dpif->space_aux);
        }
    }
}

static void
deliver_events(struct dpif *dpif)
{
    size_t tail = atomic_load_explicit(&dpif->ev_tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&dpif->ev_head, memory_order_acquire);
    while (tail != head) {
        struct dp_async_event *slot = &dpif->events[tail
                                                    % DPIF_EVENT_QUEUE_LEN];
        if (dpif->event_cb) {
            dpif->event_cb(&slot->ev, dpif->event_aux);
        }
        free(slot->data);
        slot->data = NULL;
        tail++;
        atomic_store_explicit(&dpif->ev_tail, tail, memory_order_release);
        head = atomic_load_explicit(&dpif->ev_head, memory_order_acquire);
    }
}

void
dpif_run(struct dpif *dpif)
{
    uint64_t n;
    if (read(dpif->notify_fd, &n, sizeof n) < 0 && errno != EAGAIN) {
        VLOG_WARN("cannot read notification eventfd (%s)", strerror(errno));
    }
    run_completions(dpif);
    deliver_events(dpif);
}

static void
notify_cb(evutil_socket_t fd, short what, void *dpif_)
{
    dpif_run(dpif_);
}

void
dpif_attach_event_base(struct dpif *dpif, struct event_base *base)
{
    if (dpif->notify_ev) {
        event_free(dpif->notify_ev);
    }
    dpif->notify_ev = event_new(base, dpif->notify_fd, EV_READ | EV_PERSIST,
                                notify_cb, dpif);
    event_add(dpif->notify_ev, NULL);
    dp_link_poll_start(dpif, base);
}

struct dp_bridge *
dp_find_bridge(const struct dpif *dpif, const char *name)
{
    for (size_t i = 0; i < dpif->n_bridges; i++) {
        if (!strcmp(dpif->bridges[i]->name, name)) {
            return dpif->bridges[i];
        }
    }
    return NULL;
}

/* Queues a call of 'fn' or 'br_fn' (one is NULL) on 'br'. */
static int
queue_call(struct dpif *dpif, struct dp_bridge *br, dpif_call_fn *fn,
           void (*br_fn)(struct dpif *, struct dp_bridge *, void *),
           dpif_done_fn *done, void *arg)
{
    size_t head = atomic_load(&dpif->call_head);
    if (head - dpif->call_tail >= DPIF_CALL_QUEUE_LEN) {
        dpif->call_blocked = true;
        return EAGAIN;
    }
    dpif->calls[head % DPIF_CALL_QUEUE_LEN] = (struct dp_async_call) {
        .br = br, .fn = fn, .br_fn = br_fn, .done = done, .arg = arg,
    };
    atomic_store(&dpif->call_head, head + 1);
    if (atomic_load(&dpif->call_exec) == head) {
        uint64_t one = 1;
        if (write(dpif->cmd_fd, &one, sizeof one) < 0 && errno != EAGAIN) {
            sluice_abort("dpif: cannot signal datapath (%s)",
                         strerror(errno));
        }
    }
    return 0;
}

int
dpif_call(struct dpif *dpif, const char *bridge, dpif_call_fn *fn,
          dpif_done_fn *done, void *arg)
{
    struct dp_bridge *br = dp_find_bridge(dpif, bridge);
    return br ? queue_call(dpif, br, fn, NULL, done, arg) : ENOENT;
}

int
dp_async_call_br(struct dpif *dpif, struct dp_bridge *br,
                 void (*br_fn)(struct dpif *, struct dp_bridge *, void *),
                 dpif_done_fn *done, void *arg)
{
    return queue_call(dpif, br, NULL, br_fn, done, arg);
}

void
dpif_set_queue_space_cb(struct dpif *dpif, void (*cb)(void *aux), void *aux)
{
    dpif->space_cb = cb;
    dpif->space_aux = aux;
}

static void
cmd_nothing(struct dpif *dpif, void *aux)
{
}

void
dpif_drain(struct dpif *dpif)
{
    dp_call(dpif, cmd_nothing, NULL);
    dpif_run(dpif);
}

void
dpif_set_event_cb(struct dpif *dpif, dpif_event_cb *cb, void *aux)
{
    dpif->event_cb = cb;
    dpif->event_aux = aux;
}

void
dpif_get_event_stats(struct dpif *dpif, struct dpif_event_stats *stats)
{
    stats->packet_in = atomic_load(&dpif->n_packet_in);
    stats->packet_in_dropped = atomic_load(&dpif->n_packet_in_dropped);
    stats->other_dropped = atomic_load(&dpif->n_other_dropped);
}
