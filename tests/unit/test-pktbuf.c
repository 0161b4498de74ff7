/* Unit tests of the packet-in buffer store (ofproto/pktbuf.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ofproto/ofp-msgs.h"
#include "ofproto/pktbuf.h"

static const uint8_t frame[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void
test_save_retrieve(void **state)
{
    struct pktbuf *pb = pktbuf_create();
    uint32_t id = pktbuf_save(pb, frame, sizeof frame, 7, 1000);
    void *data;
    size_t len;
    uint32_t in_port;

    (void) state;
    assert_int_not_equal(id, OFP_NO_BUFFER);
    assert_int_equal(pktbuf_retrieve(pb, id, 2000, &data, &len, &in_port),
                     0);
    assert_int_equal(len, sizeof frame);
    assert_int_equal(in_port, 7);
    assert_memory_equal(data, frame, sizeof frame);
    free(data);

    /* A buffer is used once. */
    assert_int_equal(pktbuf_retrieve(pb, id, 2000, &data, &len, &in_port),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);
    /* Ids never handed out. */
    assert_int_equal(pktbuf_retrieve(pb, id + 1, 2000, &data, &len,
                                     &in_port),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);
    assert_int_equal(pktbuf_retrieve(pb, OFP_NO_BUFFER, 2000, &data, &len,
                                     &in_port),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);

    struct pktbuf_stats st;
    pktbuf_get_stats(pb, &st);
    assert_int_equal(st.saved, 1);
    assert_int_equal(st.retrieved, 1);
    assert_int_equal(st.unknown, 3);
    pktbuf_destroy(pb);
}

static void
test_expiry(void **state)
{
    struct pktbuf *pb = pktbuf_create();
    uint32_t id = pktbuf_save(pb, frame, sizeof frame, 1, 0);
    void *data;
    size_t len;
    uint32_t in_port;

    (void) state;
    assert_int_equal(pktbuf_retrieve(pb, id, PKTBUF_TIMEOUT_MS, &data, &len,
                                     &in_port),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);
    pktbuf_destroy(pb);
}

/* When every slot is young, packet-ins go out unbuffered; old slots are
 * reused, and the ids of what they held are no longer valid. */
static void
test_full_and_reuse(void **state)
{
    struct pktbuf *pb = pktbuf_create();
    uint32_t ids[PKTBUF_N_SLOTS];
    void *data;
    size_t len;
    uint32_t in_port;

    (void) state;
    for (size_t i = 0; i < PKTBUF_N_SLOTS; i++) {
        ids[i] = pktbuf_save(pb, frame, sizeof frame, 1, 100);
        assert_int_not_equal(ids[i], OFP_NO_BUFFER);
        for (size_t j = 0; j < i; j++) {
            assert_int_not_equal(ids[i], ids[j]);
        }
    }
    assert_int_equal(pktbuf_save(pb, frame, sizeof frame, 1, 200),
                     OFP_NO_BUFFER);

    uint32_t id = pktbuf_save(pb, frame, 3, 2, 100 + PKTBUF_TIMEOUT_MS);
    assert_int_not_equal(id, OFP_NO_BUFFER);
    assert_int_equal(id & (PKTBUF_N_SLOTS - 1),
                     ids[0] & (PKTBUF_N_SLOTS - 1));
    assert_int_not_equal(id, ids[0]);
    assert_int_equal(pktbuf_retrieve(pb, ids[0], 150 + PKTBUF_TIMEOUT_MS,
                                     &data, &len, &in_port),
                     OFPERR_OFPBRC_BUFFER_UNKNOWN);
    assert_int_equal(pktbuf_retrieve(pb, id, 150 + PKTBUF_TIMEOUT_MS,
                                     &data, &len, &in_port), 0);
    assert_int_equal(len, 3);
    assert_int_equal(in_port, 2);
    free(data);

    struct pktbuf_stats st;
    pktbuf_get_stats(pb, &st);
    assert_int_equal(st.full, 1);
    pktbuf_destroy(pb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_retrieve),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_full_and_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
