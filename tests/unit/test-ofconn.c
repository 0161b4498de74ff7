/* Unit tests of ofproto/stream, ofproto/ofconn and ofproto/connmgr: target
 * parsing, HELLO negotiation, echo, flow control, roles and the
 * asynchronous-message filter, over a real unix socket driven by a
 * libevent loop in this thread. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "lib/util.h"
#include "ofproto/connmgr.h"
#include "ofproto/ofconn.h"
#include "ofproto/stream.h"

struct fixture {
    struct event_base *base;
    struct connmgr *cm;
    char path[108];
    int n_msgs;
    uint8_t last_type;
    bool refuse;                /* Message callback pushes back. */
    struct ofconn *last_conn;
};

static bool
msg_cb(struct connmgr *cm, struct ofconn *ofconn, const void *msg,
       size_t len, void *f_)
{
    struct fixture *f = f_;
    if (f->refuse) {
        return false;
    }
    f->n_msgs++;
    f->last_type = ((const uint8_t *) msg)[1];
    f->last_conn = ofconn;
    return true;
}

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);
    char *error = NULL;

    f->base = event_base_new();
    snprintf(f->path, sizeof f->path, "/tmp/sltestofconn.%d.mgmt",
             (int) getpid());
    f->cm = connmgr_create(f->base, "br0", msg_cb, f);
    assert_int_equal(connmgr_set_mgmt(f->cm, f->path, 0600, &error), 0);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    connmgr_destroy(f->cm);
    assert_int_equal(access(f->path, F_OK), -1);
    event_base_free(f->base);
    free(f);
    return 0;
}

/* Runs the loop for about 'ms' milliseconds. */
static void
pump(struct fixture *f, int ms)
{
    for (int i = 0; i < ms; i++) {
        event_base_loop(f->base, EVLOOP_NONBLOCK);
        usleep(1000);
    }
}

static int
client_connect(struct fixture *f)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    strcpy(sun.sun_path, f->path);
    assert_int_equal(connect(fd, (struct sockaddr *) &sun, sizeof sun), 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    pump(f, 5);
    return fd;
}

static void
put_msg(int fd, uint8_t version, uint8_t type, uint32_t xid,
        const void *body, size_t body_len)
{
    uint8_t buf[64];
    uint16_t len = htons(8 + body_len);
    uint32_t xid_be = htonl(xid);

    buf[0] = version;
    buf[1] = type;
    memcpy(buf + 2, &len, 2);
    memcpy(buf + 4, &xid_be, 4);
    memcpy(buf + 8, body, body_len);
    assert_int_equal(write(fd, buf, 8 + body_len), 8 + body_len);
}

static void
send_hello_bitmap(int fd, uint8_t version, uint32_t bitmap)
{
    uint8_t body[8] = { 0, 1, 0, 8 };
    uint32_t bm = htonl(bitmap);
    memcpy(body + 4, &bm, 4);
    put_msg(fd, version, OFCONN_OFPT_HELLO, 1, body, sizeof body);
}

/* Reads the next message from 'fd' into 'buf' (pumping the loop while
 * waiting).  Returns its length, or 0 on EOF/timeout. */
static size_t
get_msg(struct fixture *f, int fd, uint8_t *buf, size_t size)
{
    size_t have = 0;
    for (int i = 0; i < 1000; i++) {
        ssize_t n = read(fd, buf + have, have < 8 ? 8 - have
                         : ((buf[2] << 8) | buf[3]) - have);
        if (n == 0) {
            return 0;
        } else if (n > 0) {
            have += n;
            if (have >= 8 && have == (size_t) ((buf[2] << 8) | buf[3])) {
                return have;
            }
            continue;
        }
        pump(f, 1);
    }
    return 0;
}

static void
test_targets(void **state)
{
    static const char *const good[] = {
        "tcp:127.0.0.1", "tcp:10.0.0.1:6633", "tcp:[::1]:6653", "tcp:::1",
        "unix:/tmp/x", "ptcp:6653", "ptcp:0:127.0.0.1", "ptcp:6653:[::1]",
        "punix:/tmp/x.mgmt", "ssl:10.0.0.1:6653", "ssl:[::1]",
        "pssl:6653", "pssl:0:127.0.0.1",
    };
    static const char *const bad[] = {
        "tcp:", "tcp:1.2.3", "tcp:1.2.3.4:0", "tcp:1.2.3.4:70000",
        "tcp:host.example", "unix:", "ptcp:abc", "ptcp:1:1.2.3",
        "ssl:1.2.3", "1.2.3.4",
    };
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        char *error = NULL;
        bool passive;
        assert_true(stream_target_is_valid(good[i], &passive, &error));
        assert_int_equal(passive, good[i][0] == 'p');
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        char *error = NULL;
        bool passive;
        assert_false(stream_target_is_valid(bad[i], &passive, &error));
        assert_non_null(error);
        assert_non_null(strstr(error, bad[i]));
        free(error);
    }
}

static void
test_hello_bitmap(void **state)
{
    struct fixture *f = *state;
    int fd = client_connect(f);
    uint8_t buf[256];

    size_t n = get_msg(f, fd, buf, sizeof buf);
    assert_int_equal(n, 16);                /* Our HELLO with a bitmap. */
    assert_int_equal(buf[0], OFP13_VERSION);
    assert_int_equal(buf[15], 0x12);        /* 1.0 and 1.3. */

    /* A 1.4 peer that also speaks 1.0-1.3 gets 1.3. */
    send_hello_bitmap(fd, OFP14_VERSION, 0x3e);
    put_msg(fd, OFP13_VERSION, OFCONN_OFPT_ECHO_REQUEST, 7, "abc", 3);
    n = get_msg(f, fd, buf, sizeof buf);
    assert_int_equal(n, 11);
    assert_int_equal(buf[1], OFCONN_OFPT_ECHO_REPLY);
    assert_int_equal(buf[7], 7);
    assert_memory_equal(buf + 8, "abc", 3);

    /* Other messages go to the handler; a wrong version does not. */
    put_msg(fd, OFP13_VERSION, 5, 8, NULL, 0);
    put_msg(fd, OFP10_VERSION, 5, 9, NULL, 0);
    n = get_msg(f, fd, buf, sizeof buf);
    assert_int_equal(f->n_msgs, 1);
    assert_int_equal(f->last_type, 5);
    assert_int_equal(ofconn_version(f->last_conn), OFP13_VERSION);
    assert_int_equal(buf[1], OFCONN_OFPT_ERROR);
    assert_int_equal(buf[7], 9);
    assert_int_equal(buf[9], 1);            /* BAD_REQUEST */
    assert_int_equal(buf[11], 0);           /* BAD_VERSION */
    close(fd);
}

static void
test_hello_no_bitmap(void **state)
{
    struct fixture *f = *state;
    int fd = client_connect(f);
    uint8_t buf[256];

    get_msg(f, fd, buf, sizeof buf);
    put_msg(fd, OFP10_VERSION, OFCONN_OFPT_HELLO, 1, NULL, 0);
    put_msg(fd, OFP10_VERSION, 5, 2, NULL, 0);
    pump(f, 20);
    assert_int_equal(f->n_msgs, 1);
    assert_int_equal(ofconn_version(f->last_conn), OFP10_VERSION);
    close(fd);
}

static void
test_hello_incompatible(void **state)
{
    struct fixture *f = *state;
    int fd = client_connect(f);
    uint8_t buf[512];

    get_msg(f, fd, buf, sizeof buf);
    send_hello_bitmap(fd, 3, 0x08);         /* 1.2 only. */
    size_t n = get_msg(f, fd, buf, sizeof buf);
    assert_true(n > 12);
    assert_int_equal(buf[1], OFCONN_OFPT_ERROR);
    assert_int_equal(buf[9], 0);            /* HELLO_FAILED */
    assert_int_equal(buf[11], 0);           /* INCOMPATIBLE */
    buf[n] = '\0';
    assert_non_null(strstr((char *) buf + 12, "We support"));
    assert_int_equal(get_msg(f, fd, buf, sizeof buf), 0);   /* Closed. */
    assert_int_equal(f->n_msgs, 0);
    close(fd);
}

static void
test_flow_control(void **state)
{
    struct fixture *f = *state;
    int fd = client_connect(f);
    uint8_t buf[256];

    get_msg(f, fd, buf, sizeof buf);
    send_hello_bitmap(fd, OFP13_VERSION, 0x10);
    f->refuse = true;
    put_msg(fd, OFP13_VERSION, 14, 2, NULL, 0);
    put_msg(fd, OFP13_VERSION, 20, 3, NULL, 0);
    pump(f, 20);
    assert_int_equal(f->n_msgs, 0);
    f->refuse = false;
    connmgr_resume_all();
    pump(f, 20);
    assert_int_equal(f->n_msgs, 2);
    assert_int_equal(f->last_type, 20);
    close(fd);
}

static struct ofconn *
ready_conn(struct fixture *f, int *fdp)
{
    uint8_t buf[256];
    int fd = client_connect(f);

    get_msg(f, fd, buf, sizeof buf);
    send_hello_bitmap(fd, OFP13_VERSION, 0x10);
    put_msg(fd, OFP13_VERSION, 5, 2, NULL, 0);
    pump(f, 20);
    *fdp = fd;
    return f->last_conn;
}

static void
test_roles(void **state)
{
    struct fixture *f = *state;
    int fd1, fd2;
    struct ofconn *a = ready_conn(f, &fd1);
    struct ofconn *b = ready_conn(f, &fd2);
    struct ofp_role reply;

    assert_ptr_not_equal(a, b);
    assert_ptr_equal(connmgr_find_conn(connmgr_conn_id(a)), a);
    assert_int_equal(connmgr_handle_role(f->cm, a, OFPCR_ROLE_MASTER, 10,
                                         &reply), 0);
    assert_int_equal(reply.role, OFPCR_ROLE_MASTER);
    assert_int_equal(reply.generation_id, 10);
    assert_int_equal(connmgr_handle_role(f->cm, b, OFPCR_ROLE_MASTER, 9,
                                         &reply), OFPERR_OFPRRFC_STALE);
    assert_int_equal(connmgr_handle_role(f->cm, b, OFPCR_ROLE_MASTER, 11,
                                         &reply), 0);
    assert_int_equal(ofconn_get_role(a), OFPCR_ROLE_SLAVE);
    assert_int_equal(connmgr_may_modify(a), OFPERR_OFPBRC_IS_SLAVE);
    assert_int_equal(connmgr_may_modify(b), 0);
    assert_int_equal(connmgr_handle_role(f->cm, a, OFPCR_ROLE_NOCHANGE, 0,
                                         &reply), 0);
    assert_int_equal(reply.role, OFPCR_ROLE_SLAVE);
    assert_int_equal(reply.generation_id, 11);
    /* Generation ids compare as a wrapping difference: 2^64-1 is 12
     * before 11. */
    assert_int_equal(connmgr_handle_role(f->cm, a, OFPCR_ROLE_SLAVE,
                                         UINT64_MAX, &reply),
                     OFPERR_OFPRRFC_STALE);

    /* Service connections get nothing until they ask; slaves get only
     * port-status by default. */
    assert_false(connmgr_wants(b, CONNMGR_PACKET_IN, OFPR_ACTION));
    ofconn_set_wants_async(b, true);
    assert_true(connmgr_wants(b, CONNMGR_PACKET_IN, OFPR_ACTION));
    assert_false(connmgr_wants(b, CONNMGR_PACKET_IN, OFPR_INVALID_TTL));
    ofconn_set_wants_async(a, true);
    assert_false(connmgr_wants(a, CONNMGR_PACKET_IN, OFPR_ACTION));
    assert_false(connmgr_wants(a, CONNMGR_FLOW_REMOVED, OFPRR_DELETE));
    assert_true(connmgr_wants(a, CONNMGR_PORT_STATUS, OFPPR_ADD));

    uint64_t id = connmgr_conn_id(a);
    close(fd1);
    pump(f, 20);
    assert_null(connmgr_find_conn(id));
    close(fd2);
    pump(f, 20);
}

static void
test_active_backoff(void **state)
{
    struct fixture *f = *state;
    struct connmgr_controller ctl = {
        .target = "unix:/tmp/sltestofconn-nobody.sock",
        .max_backoff_ms = 1000,
    };
    struct connmgr_status st;

    connmgr_set_controllers(f->cm, &ctl, 1);
    pump(f, 30);
    assert_true(connmgr_get_status(f->cm, ctl.target, &st));
    assert_false(st.is_connected);
    assert_string_equal(st.state, "BACKOFF");
    assert_non_null(st.last_error);

    /* A controller listening on a passive target of our own. */
    struct connmgr_controller both[2] = {
        ctl, { .target = "punix:/tmp/sltestofconn-ctl.sock" },
    };
    connmgr_set_controllers(f->cm, both, 2);
    assert_true(connmgr_get_status(f->cm, both[1].target, &st));
    assert_string_equal(st.state, "LISTENING");
    connmgr_set_controllers(f->cm, NULL, 0);
    assert_false(connmgr_get_status(f->cm, ctl.target, &st));
    assert_int_equal(access("/tmp/sltestofconn-ctl.sock", F_OK), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targets),
        cmocka_unit_test_setup_teardown(test_hello_bitmap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hello_no_bitmap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hello_incompatible, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_flow_control, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_active_backoff, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
