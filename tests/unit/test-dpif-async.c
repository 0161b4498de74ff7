/* Tests of dpif_call(): FIFO order of the calls and their completions,
 * ordering against synchronous dpif calls, the bounded queue with
 * EAGAIN and the queue-space callback, unknown bridges, and delivery
 * through a libevent loop. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <event2/event.h>
#include "datapath/dpif.h"

static struct dpif *dpif;

/* Shared by the datapath thread (fn) and the control thread (done): the
 * datapath appends to 'ran', the control thread to 'done'; each reads
 * the other's array only after dpif_drain()/dpif_run() synchronised. */
#define MAX_CALLS (3 * DPIF_CALL_QUEUE_LEN)
static int ran[MAX_CALLS], n_ran;
static int done_order[MAX_CALLS], n_done;
static int seq[MAX_CALLS];
static int space_calls;

static void
call_fn(struct ofproto *ofproto, void *arg)
{
    ran[n_ran++] = *(int *) arg;
}

static void
call_done(void *arg)
{
    done_order[n_done++] = *(int *) arg;
}

static void
space_cb(void *aux)
{
    space_calls++;
}

static int
setup(void **state)
{
    static const struct dpif_bridge_config bcfg = { 0, 0 };
    n_ran = n_done = space_calls = 0;
    for (int i = 0; i < MAX_CALLS; i++) {
        seq[i] = i;
    }
    assert_int_equal(dpif_create(&dpif), 0);
    assert_int_equal(dpif_bridge_add(dpif, "br0", &bcfg), 0);
    return 0;
}

static int
teardown(void **state)
{
    dpif_destroy(dpif, false);
    dpif = NULL;
    return 0;
}

static void
test_fifo(void **state)
{
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(dpif_call(dpif, "br0", call_fn, call_done,
                                   &seq[i]), 0);
    }
    dpif_drain(dpif);
    assert_int_equal(n_ran, 1000);
    assert_int_equal(n_done, 1000);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(ran[i], i);
        assert_int_equal(done_order[i], i);
    }
}

static void
test_unknown_bridge(void **state)
{
    assert_int_equal(dpif_call(dpif, "nobr", call_fn, call_done, &seq[0]),
                     ENOENT);
    dpif_drain(dpif);
    assert_int_equal(n_ran, 0);
}

/* A synchronous call made after queued calls sees their effects: a port
 * added after them is added after they ran, and deleting the bridge runs
 * every call queued for it first. */
static void
test_sync_after_async(void **state)
{
    for (int i = 0; i < 100; i++) {
        assert_int_equal(dpif_call(dpif, "br0", call_fn, NULL, &seq[i]), 0);
    }
    assert_int_equal(dpif_bridge_del(dpif, "br0"), 0);
    assert_int_equal(n_ran, 100);
    dpif_run(dpif);
    assert_int_equal(n_done, 0);
}

static void
test_backpressure(void **state)
{
    int queued = 0;
    int error = 0;
    dpif_set_queue_space_cb(dpif, space_cb, NULL);
    /* The datapath thread runs calls while we queue, so keep going until
     * the queue is really full. */
    while (queued < MAX_CALLS) {
        error = dpif_call(dpif, "br0", call_fn, call_done, &seq[queued]);
        if (error) {
            break;
        }
        queued++;
        if (queued == DPIF_CALL_QUEUE_LEN) {
            break;
        }
    }
    assert_int_equal(error, 0);
    assert_int_equal(queued, DPIF_CALL_QUEUE_LEN);
    /* Nothing completed yet from the control thread's view, so the
     * queue is full even if the datapath ran everything. */
    assert_int_equal(dpif_call(dpif, "br0", call_fn, call_done,
                               &seq[queued]), EAGAIN);
    assert_int_equal(space_calls, 0);
    dpif_drain(dpif);
    assert_int_equal(space_calls, 1);
    assert_int_equal(n_done, DPIF_CALL_QUEUE_LEN);
    assert_int_equal(dpif_call(dpif, "br0", call_fn, call_done,
                               &seq[queued]), 0);
    dpif_drain(dpif);
    assert_int_equal(n_ran, DPIF_CALL_QUEUE_LEN + 1);
    for (int i = 0; i < n_ran; i++) {
        assert_int_equal(ran[i], i);
    }
}

static struct event_base *loop_base;

static void
loop_done2(void *arg)
{
    call_done(arg);
    if (n_done == 50) {
        event_base_loopbreak(loop_base);
    }
}

static void
test_event_base(void **state)
{
    loop_base = event_base_new();
    dpif_attach_event_base(dpif, loop_base);
    for (int i = 0; i < 50; i++) {
        assert_int_equal(dpif_call(dpif, "br0", call_fn, loop_done2,
                                   &seq[i]), 0);
    }
    struct timeval tv = { .tv_sec = 10 };
    event_base_loopexit(loop_base, &tv);
    event_base_dispatch(loop_base);
    assert_int_equal(n_done, 50);
    for (int i = 0; i < 50; i++) {
        assert_int_equal(done_order[i], i);
    }
    dpif_destroy(dpif, false);
    dpif = NULL;
    event_base_free(loop_base);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_bridge, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sync_after_async, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_backpressure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_base, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
