/* Unit tests of ofproto/stream-ssl: real TLS over loopback, with
 * certificates made at test time by utilities/sluice-pki, between our
 * own "ssl:"/"pssl:" streams and against openssl s_client/s_server:
 * mutual authentication, refusals (other CA, no certificate, TLS 1.1,
 * plain TCP), a self-signed peer certificate as the CA file, reloading
 * changed certificate files, SSLKEYLOGFILE and target parsing. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "lib/util.h"
#include "ofproto/stream-ssl.h"
#include "ofproto/stream.h"

static char dir[64];            /* Holds every file of this run. */

/* One end of a connection, as its stream callback sees it. */
struct peer {
    struct stream *stream;
    bool connected;
    bool closed;
    int error;
    char *error_string;
    char buf[256];
    size_t n;
};

struct fixture {
    struct event_base *base;
    struct pstream *pstream;
    int port;
    struct peer server;
    struct peer client;
    pid_t server_pid;           /* An openssl s_server, killed at the end. */
};

static void
peer_cb(struct stream *stream, enum stream_event event, int error,
        void *peer_)
{
    struct peer *peer = peer_;
    struct evbuffer *in;

    switch (event) {
    case STREAM_CONNECTED:
        peer->connected = true;
        break;
    case STREAM_INPUT:
        in = stream_input(stream);
        while (evbuffer_get_length(in) && peer->n < sizeof peer->buf - 1) {
            peer->n += evbuffer_remove(in, peer->buf + peer->n,
                                       sizeof peer->buf - 1 - peer->n);
        }
        peer->buf[peer->n] = '\0';
        break;
    case STREAM_CLOSED:
        peer->closed = true;
        peer->error = error;
        const char *s = stream_error_string(stream);
        peer->error_string = s ? xstrdup(s) : NULL;
        break;
    }
}

static void
peer_reset(struct peer *peer)
{
    stream_destroy(peer->stream);
    free(peer->error_string);
    memset(peer, 0, sizeof *peer);
}

static void
accept_cb(struct pstream *p, struct stream *stream, void *f_)
{
    struct fixture *f = f_;
    peer_reset(&f->server);
    f->server.stream = stream;
    stream_set_cb(stream, peer_cb, &f->server);
}

/* Returns the path of 'name' in this run's directory (static buffer). */
static const char *
path(const char *name)
{
    static char buf[4][256];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static void
use_files(const char *name, const char *cacert)
{
    char key[256], cert[256];
    snprintf(key, sizeof key, "%s/%s-privkey.pem", dir, name);
    snprintf(cert, sizeof cert, "%s/%s-cert.pem", dir, name);
    stream_ssl_set_files(key, cert, path(cacert));
}

static void
run_or_fail(const char *cmd)
{
    int status = system(cmd);
    if (status) {
        fail_msg("\"%s\" exited with status %d", cmd, status);
    }
}

/* Runs the loop until 'cond' holds or 10 seconds pass. */
static void
run_until(struct fixture *f, bool (*cond)(struct fixture *, void *),
          void *aux)
{
    long long deadline = time_msec() + 10000;
    struct timeval tv = { 0, 10000 };

    while (!cond(f, aux)) {
        if (time_msec() > deadline) {
            fail_msg("timed out waiting for a condition");
        }
        event_base_loopexit(f->base, &tv);
        event_base_dispatch(f->base);
    }
}

static bool
both_connected(struct fixture *f, void *aux)
{
    return f->client.connected && f->server.connected;
}

static bool
server_closed(struct fixture *f, void *aux)
{
    return f->server.closed;
}

static bool
client_closed(struct fixture *f, void *aux)
{
    return f->client.closed;
}

static bool
client_done(struct fixture *f, void *aux)
{
    return f->client.connected || f->client.closed;
}

static bool
received(struct fixture *f, void *expected_)
{
    const char *expected = expected_;
    return strlen(f->client.buf) >= strlen(expected)
           && strlen(f->server.buf) >= strlen(expected);
}

static bool
client_line(struct fixture *f, void *aux)
{
    return strchr(f->client.buf, '\n') != NULL;
}

static bool
child_exited(struct fixture *f, void *pid_)
{
    pid_t *pid = pid_;
    return waitpid(*pid, NULL, WNOHANG) == *pid;
}

static pid_t
spawn(const char *cmd)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (!pid) {
        execl("/bin/sh", "sh", "-c", cmd, (char *) NULL);
        _exit(127);
    }
    return pid;
}

static int
group_setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/sltest-stream-ssl.%d", (int) getpid());
    char *cmd = xasprintf(
        "(set -e; rm -rf %1$s; mkdir -p %1$s; cd %1$s; "
        "P=%2$s/utilities/sluice-pki; "
        "$P -d pki init; $P -d pki req+sign sw switch; "
        "$P -d pki req+sign sw2 switch; $P -d pki req+sign ctl controller; "
        "$P -d pki2 init; $P -d pki2 req+sign rogue switch; "
        "$P self-sign selfctl; cp pki/cacert.pem ca.pem; "
        "cp pki2/cacert.pem ca2.pem) >/dev/null", dir, SLUICE_SRCDIR);
    int status = system(cmd);
    free(cmd);
    signal(SIGPIPE, SIG_IGN);
    return status ? -1 : 0;
}

static int
group_teardown(void **state)
{
    /* SLTEST_KEEP=1 keeps the certificates and logs for a look. */
    char *cmd = xasprintf(getenv("SLTEST_KEEP") ? "true %s" : "rm -rf %s",
                          dir);
    int status = system(cmd);
    free(cmd);
    return status ? -1 : 0;
}

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);
    f->base = event_base_new();
    use_files("sw", "ca.pem");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    if (f->server_pid > 0) {
        kill(f->server_pid, SIGTERM);
        waitpid(f->server_pid, NULL, 0);
    }
    peer_reset(&f->client);
    peer_reset(&f->server);
    pstream_destroy(f->pstream);
    event_base_free(f->base);
    free(f);
    return 0;
}

static void
listen_pssl(struct fixture *f)
{
    char *error = NULL;
    int rc = pstream_open(f->base, "pssl:0:127.0.0.1", 0, accept_cb, f,
                          &f->pstream, &error);
    if (rc) {
        fail_msg("pssl: %s", error);
    }
    f->port = pstream_port(f->pstream);
    assert_true(f->port > 0);
}

static void
connect_to(struct fixture *f, const char *type, int port)
{
    char *target = xasprintf("%s:127.0.0.1:%d", type, port);
    char *error = NULL;
    peer_reset(&f->client);
    int rc = stream_open(f->base, target, peer_cb, &f->client,
                         &f->client.stream, &error);
    if (rc) {
        fail_msg("%s: %s", target, error);
    }
    free(target);
}

/* Our client to our server: both present "sw" (CA 1). */
static void
connect_pair(struct fixture *f)
{
    connect_to(f, "ssl", f->port);
    run_until(f, both_connected, NULL);
}

static void
check_subject(const struct stream *stream, const char *cn)
{
    char *subject = NULL;
    time_t not_after = 0;
    assert_int_equal(stream_ssl_peer_info(stream, &subject, &not_after), 0);
    if (!strstr(subject, cn)) {
        fail_msg("peer subject \"%s\" lacks \"%s\"", subject, cn);
    }
    /* sluice-pki signs for 365 days. */
    time_t now = time(NULL);
    assert_true(not_after > now + 364 * 86400);
    assert_true(not_after < now + 366 * 86400);
    free(subject);
}

static void
check_contains(const char *s, const char *needle)
{
    if (!s || !strstr(s, needle)) {
        fail_msg("\"%s\" lacks \"%s\"", s ? s : "(null)", needle);
    }
}

static void
test_mutual_handshake_and_data(void **state)
{
    struct fixture *f = *state;

    listen_pssl(f);
    connect_pair(f);
    stream_send(f->client.stream, "ping", 4);
    stream_send(f->server.stream, "pong", 4);
    run_until(f, received, "ping");
    assert_string_equal(f->server.buf, "ping");
    assert_string_equal(f->client.buf, "pong");
    check_subject(f->client.stream, "CN=sw,OU=switch,O=Sluice");
    check_subject(f->server.stream, "CN=sw");
}

/* Runs openssl s_client with 'args' against our pssl listener and waits
 * for both it and the server side to finish.  Stores its output in the
 * file "s_client.out". */
static void
s_client_refused(struct fixture *f, const char *args)
{
    listen_pssl(f);
    char *cmd = xasprintf("exec openssl s_client -connect 127.0.0.1:%d "
                          "-CAfile %s %s </dev/null >%s 2>&1", f->port,
                          path("ca.pem"), args, path("s_client.out"));
    pid_t pid = spawn(cmd);
    free(cmd);
    run_until(f, child_exited, &pid);
    run_until(f, server_closed, NULL);
    assert_false(f->server.connected);
    assert_int_equal(f->server.n, 0);
}

static void
test_other_ca_refused(void **state)
{
    struct fixture *f = *state;
    char *args = xasprintf("-cert %s -key %s", path("rogue-cert.pem"),
                           path("rogue-privkey.pem"));
    s_client_refused(f, args);
    free(args);
    assert_int_equal(f->server.error, EPROTO);
    check_contains(f->server.error_string,
                   "TLS handshake failed: certificate verify failed");
    check_contains(f->server.error_string, "local issuer");
}

static void
test_no_cert_refused(void **state)
{
    struct fixture *f = *state;
    s_client_refused(f, "");
    assert_int_equal(f->server.error, EPROTO);
    check_contains(f->server.error_string, "did not return a certificate");
}

static void
test_tls11_refused(void **state)
{
    struct fixture *f = *state;
    char *args = xasprintf("-tls1_1 -cipher DEFAULT@SECLEVEL=0 -cert %s "
                           "-key %s", path("sw-cert.pem"),
                           path("sw-privkey.pem"));
    s_client_refused(f, args);
    free(args);

    char *cmd = xasprintf("grep -q 'no protocols available' %s",
                          path("s_client.out"));
    int status = system(cmd);
    free(cmd);
    if (!status) {
        print_message("openssl s_client cannot offer TLS 1.1 here: "
                      "skipping\n");
        skip();
    }
    assert_int_equal(f->server.error, EPROTO);
    check_contains(f->server.error_string, "unsupported protocol");
}

static void
test_plain_tcp_refused(void **state)
{
    struct fixture *f = *state;

    listen_pssl(f);
    connect_to(f, "tcp", f->port);
    static const char junk[] = "GET / HTTP/1.0\r\n\r\n";
    stream_send(f->client.stream, junk, sizeof junk - 1);
    run_until(f, server_closed, NULL);
    assert_false(f->server.connected);
    assert_int_equal(f->server.n, 0);
    assert_int_equal(f->server.error, EPROTO);
    assert_non_null(f->server.error_string);
    check_contains(f->server.error_string, "TLS handshake failed: ");
}

/* Returns a TCP port that was free a moment ago. */
static int
free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET };
    socklen_t len = sizeof sin;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *) &sin, sizeof sin), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *) &sin, &len), 0);
    close(fd);
    return ntohs(sin.sin_port);
}

/* Connects to an s_server on 'port', retrying while it starts. */
static void
connect_retrying(struct fixture *f, int port)
{
    long long deadline = time_msec() + 10000;
    for (;;) {
        connect_to(f, "ssl", port);
        run_until(f, client_done, NULL);
        if (f->client.connected || f->client.error != ECONNREFUSED
            || time_msec() > deadline) {
            return;
        }
        usleep(20000);
    }
}

/* The controller runs s_server with a self-signed certificate (Faucet
 * style) that the switch takes as its CA file; the controller verifies
 * the switch against our CA.  Then a switch with the wrong CA file. */
static void
test_self_signed_ca(void **state)
{
    struct fixture *f = *state;
    int port = free_port();
    char *cmd = xasprintf("exec openssl s_server -accept 127.0.0.1:%d "
                          "-cert %s -key %s -CAfile %s -Verify 1 "
                          "-verify_return_error -rev -naccept 3 "
                          ">%s 2>&1", port, path("selfctl-cert.pem"),
                          path("selfctl-privkey.pem"), path("ca.pem"),
                          path("s_server.out"));
    f->server_pid = spawn(cmd);
    free(cmd);

    use_files("sw", "selfctl-cert.pem");
    connect_retrying(f, port);
    if (!f->client.connected) {
        fail_msg("not connected: %s (%s)", strerror(f->client.error),
                 f->client.error_string);
    }
    check_subject(f->client.stream, "CN=selfctl");
    stream_send(f->client.stream, "hello\n", 6);
    run_until(f, client_line, NULL);
    assert_string_equal(f->client.buf, "olleh\n");

    use_files("sw", "ca2.pem");
    connect_to(f, "ssl", port);
    run_until(f, client_done, NULL);
    assert_false(f->client.connected);
    assert_int_equal(f->client.error, EPROTO);
    check_contains(f->client.error_string, "certificate verify failed");

    /* The controller refuses a switch certificate from another CA; the
     * switch learns why from the alert. */
    use_files("rogue", "selfctl-cert.pem");
    connect_to(f, "ssl", port);
    run_until(f, client_closed, NULL);
    assert_int_equal(f->client.error, EPROTO);
    check_contains(f->client.error_string, "alert unknown ca");
}

/* A peer's own certificate as the CA file, though a CA signed it rather
 * than itself: it is still a trust anchor. */
static void
test_leaf_as_ca(void **state)
{
    struct fixture *f = *state;

    use_files("ctl", "ctl-cert.pem");
    listen_pssl(f);
    connect_pair(f);
    check_subject(f->client.stream, "CN=ctl,OU=controller");
}

static void
replace_file(const char *from, const char *to)
{
    char *cmd = xasprintf("cp %s %s.new && mv -f %s.new %s", path(from),
                          path(to), path(to), path(to));
    run_or_fail(cmd);
    free(cmd);
}

static void
test_reload_changed_files(void **state)
{
    struct fixture *f = *state;

    replace_file("sw-privkey.pem", "cur-privkey.pem");
    replace_file("sw-cert.pem", "cur-cert.pem");
    use_files("cur", "ca.pem");
    listen_pssl(f);
    connect_pair(f);
    check_subject(f->client.stream, "CN=sw,");

    /* The live connection survives; the next one shows the new cert. */
    replace_file("sw2-privkey.pem", "cur-privkey.pem");
    replace_file("sw2-cert.pem", "cur-cert.pem");
    struct stream *old = f->client.stream;
    f->client.stream = NULL;
    connect_pair(f);
    check_subject(f->client.stream, "CN=sw2,");
    stream_destroy(old);

    /* A broken file is reported with its name. */
    replace_file("ca.pem", "cur-cert.pem");
    char *error = NULL;
    assert_int_equal(stream_ssl_check_files(&error), EPROTO);
    check_contains(error, path("cur-"));
    free(error);
}

static void
test_keylog(void **state)
{
    struct fixture *f = *state;
    const char *log = path("keylog.txt");

    unlink(log);
    setenv("SSLKEYLOGFILE", log, 1);
    listen_pssl(f);
    connect_pair(f);
    unsetenv("SSLKEYLOGFILE");

    /* TLS 1.3 gives five secrets per side; TLS 1.2 one CLIENT_RANDOM. */
    char *cmd = xasprintf("test \"$(grep -cE '^(CLIENT_RANDOM|[A-Z_]+_"
                          "SECRET(_0)?) [0-9a-f]{64} [0-9a-f]+$' %s)\" = 10 "
                          "&& test $(wc -l <%s) = 10", log, log);
    run_or_fail(cmd);
    free(cmd);
    struct stat st;
    assert_int_equal(stat(log, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void
test_targets(void **state)
{
    static const char *const good[] = {
        "ssl:10.0.0.1", "ssl:10.0.0.1:6653", "ssl:[::1]:16653",
        "pssl:6653", "pssl:0:127.0.0.1",
    };
    static const struct {
        const char *target;
        const char *message;
    } bad[] = {
        { "ssl:1.2.3", "ssl:1.2.3: bad IP address" },
        { "ssl:host", "ssl:host: bad IP address" },
        { "ssl:10.0.0.1:70000", "ssl:10.0.0.1:70000: bad port" },
        { "pssl:x", "pssl:x: bad port" },
        { "tls:10.0.0.1", "unknown connection type" },
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
        assert_false(stream_target_is_valid(bad[i].target, &passive,
                                            &error));
        check_contains(error, bad[i].message);
        free(error);
    }

    struct fixture *f = *state;
    struct stream *stream = NULL;
    struct pstream *pstream = NULL;
    char *error = NULL;
    stream_ssl_set_files(NULL, NULL, NULL);
    assert_int_equal(stream_open(f->base, "ssl:127.0.0.1", NULL, NULL,
                                 &stream, &error), EPROTO);
    check_contains(error, "TLS is not configured");
    free(error);
    assert_int_equal(pstream_open(f->base, "pssl:0", 0, NULL, NULL,
                                  &pstream, &error), EPROTO);
    check_contains(error, "pssl:0: TLS is not configured");
    free(error);
    use_files("sw", "missing.pem");
    assert_int_equal(stream_ssl_check_files(&error), ENOENT);
    check_contains(error, "CA certificate");
    free(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
        T(test_mutual_handshake_and_data),
        T(test_other_ca_refused),
        T(test_no_cert_refused),
        T(test_tls11_refused),
        T(test_plain_tcp_refused),
        T(test_self_signed_ca),
        T(test_leaf_as_ca),
        T(test_reload_changed_files),
        T(test_keylog),
        T(test_targets),
#undef T
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
