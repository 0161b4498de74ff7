/* Unit tests for lib/jsonrpc: the stream framer (split, concatenated and
 * malformed texts) and a round trip between the event-driven server side
 * and the blocking client. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/thread.h>

#include "lib/jsonrpc.h"
#include "lib/util.h"

/* Feeds 'text' into a framer in pieces of 'chunk' bytes and collects the
 * results: parsed messages as compact JSON joined by '|', errors as "E". */
static char *
frame_all(const char *text, size_t chunk)
{
    struct jsonrpc_framer framer = { 0 };
    struct evbuffer *buf = evbuffer_new();
    size_t len = strlen(text);
    char *out = xstrdup("");

    for (size_t off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        evbuffer_add(buf, text + off, n);
        for (;;) {
            json_t *msg = NULL;
            char *error = NULL;
            enum jsonrpc_frame_result r = jsonrpc_framer_next(&framer, buf,
                                                              &msg, &error);
            if (r == JSONRPC_FRAME_NEED_MORE) {
                break;
            }
            char *piece;
            if (r == JSONRPC_FRAME_OK) {
                piece = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
                json_decref(msg);
            } else {
                piece = xstrdup("E");
                free(error);
            }
            char *joined = xasprintf("%s%s%s", out, *out ? "|" : "", piece);
            free(out);
            free(piece);
            out = joined;
        }
    }
    evbuffer_free(buf);
    return out;
}

static void
check_framing(const char *text, const char *expected)
{
    for (size_t chunk = 1; chunk <= strlen(text); chunk++) {
        char *got = frame_all(text, chunk);
        if (strcmp(got, expected)) {
            fail_msg("chunk %zu: framing \"%s\" gave \"%s\", expected "
                     "\"%s\"", chunk, text, got, expected);
        }
        free(got);
    }
}

static void
test_framer_single(void **state)
{
    check_framing("{\"a\":1}", "{\"a\":1}");
}

static void
test_framer_concatenated(void **state)
{
    check_framing("{\"a\":1} \n[2,3]{\"b\":[{}]}",
                  "{\"a\":1}|[2,3]|{\"b\":[{}]}");
}

static void
test_framer_braces_in_strings(void **state)
{
    check_framing("{\"s\":\"}{][\\\"\\\\\"}{\"t\":\"\\\\\"}",
                  "{\"s\":\"}{][\\\"\\\\\"}|{\"t\":\"\\\\\"}");
}

static void
test_framer_malformed_then_good(void **state)
{
    /* A bad text inside braces is consumed whole; the next one parses. */
    check_framing("{\"a\": bogus}{\"ok\":true}", "E|{\"ok\":true}");
}

static void
test_framer_garbage_outside(void **state)
{
    check_framing("hello {\"x\":1}", "E|{\"x\":1}");
}

static void
test_framer_whitespace_only(void **state)
{
    check_framing(" \n\t ", "");
}

static void
test_constructors(void **state)
{
    json_t *req = jsonrpc_request("echo", json_pack("[s]", "x"),
                                  json_integer(7));
    char *s = json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(s, "{\"id\":7,\"method\":\"echo\",\"params\":[\"x\"]}");
    free(s);
    json_decref(req);

    json_t *err = jsonrpc_error_reply(json_string("boom"), NULL);
    s = json_dumps(err, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(s, "{\"error\":\"boom\",\"id\":null,\"result\":null}");
    free(s);
    json_decref(err);
}

/* Server side of the round-trip test: answers every request with its
 * params, and sends a notification first to check that the client skips
 * it. */
struct echo_server {
    struct event_base *base;
    struct jsonrpc_conn *conn;
};

static void
echo_msg_cb(struct jsonrpc_conn *conn, json_t *msg, void *aux)
{
    jsonrpc_conn_send(conn, jsonrpc_notify("noise", NULL));
    jsonrpc_conn_send(conn, jsonrpc_reply(
                          json_incref(json_object_get(msg, "params")),
                          json_incref(json_object_get(msg, "id"))));
    json_decref(msg);
}

static void
echo_close_cb(struct jsonrpc_conn *conn, const char *reason, void *aux)
{
    struct echo_server *server = aux;
    event_base_loopbreak(server->base);
}

static void
echo_accept_cb(struct jsonrpc_server *s, int fd, void *aux)
{
    struct echo_server *server = aux;
    server->conn = jsonrpc_conn_create(server->base, fd, "test",
                                       echo_msg_cb, echo_close_cb, server);
}

static void *
run_loop(void *base)
{
    event_base_dispatch(base);
    return NULL;
}

static void
test_client_server_round_trip(void **state)
{
    char dir[] = "/tmp/sljsonrpc.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/test.sock", dir);

    evthread_use_pthreads();
    struct echo_server server = { .base = event_base_new() };
    int error;
    struct jsonrpc_server *listener = jsonrpc_server_create(
        server.base, path, 0600, echo_accept_cb, &server, &error);
    assert_non_null(listener);
    pthread_t thread;
    pthread_create(&thread, NULL, run_loop, server.base);

    struct jsonrpc_client *client;
    assert_int_equal(jsonrpc_client_open(path, &client), 0);
    for (int i = 0; i < 3; i++) {
        json_t *reply;
        assert_int_equal(jsonrpc_client_transact(
                             client, "echo", json_pack("[i]", i), 5000,
                             &reply), 0);
        json_t *result = json_object_get(reply, "result");
        assert_true(json_is_array(result));
        assert_int_equal(json_integer_value(json_array_get(result, 0)), i);
        json_decref(reply);
    }
    jsonrpc_client_close(client);
    pthread_join(thread, NULL);

    jsonrpc_conn_destroy(server.conn);
    jsonrpc_server_destroy(listener);
    event_base_free(server.base);
    assert_int_not_equal(access(path, F_OK), 0);
    rmdir(dir);
    free(path);
}

static void
test_client_connect_refused(void **state)
{
    struct jsonrpc_client *client;
    assert_int_equal(jsonrpc_client_open("/tmp/sljsonrpc-none/x.sock",
                                         &client), ENOENT);
    assert_null(client);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framer_single),
        cmocka_unit_test(test_framer_concatenated),
        cmocka_unit_test(test_framer_braces_in_strings),
        cmocka_unit_test(test_framer_malformed_then_good),
        cmocka_unit_test(test_framer_garbage_outside),
        cmocka_unit_test(test_framer_whitespace_only),
        cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_client_server_round_trip),
        cmocka_unit_test(test_client_connect_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
