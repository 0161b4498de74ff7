/* ofctl-conn: blocking OpenFlow client for sluice-ofctl. */
#include "utilities/ofctl-conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/util.h"

struct ofctl_conn {
    int fd;
    uint8_t version;
    uint32_t next_xid;
    int timeout_ms;
    uint8_t *in;                /* Bytes received, not yet returned. */
    size_t in_len, in_alloc;
};

static int
connect_unix(const char *path, int *fdp, char **errorp)
{
    struct sockaddr_un sun;
    int fd;

    if (strlen(path) >= sizeof sun.sun_path) {
        *errorp = xasprintf("%s: socket path too long", path);
        return ENAMETOOLONG;
    }
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        int error = errno;

        *errorp = xasprintf("%s: connection failed (%s)", path,
                            strerror(error));
        if (fd >= 0) {
            close(fd);
        }
        return error;
    }
    *fdp = fd;
    return 0;
}

static int
connect_tcp(const char *spec, int *fdp, char **errorp)
{
    char *copy = xstrdup(spec);
    char *host = copy, *port = NULL;
    struct addrinfo hints, *ai;
    int error, fd;

    if (*host == '[') {
        char *end = strchr(host, ']');

        if (!end) {
            *errorp = xasprintf("tcp:%s: missing ']'", spec);
            free(copy);
            return EINVAL;
        }
        *end = '\0';
        host++;
        if (end[1] == ':') {
            port = end + 2;
        }
    } else {
        char *colon = strchr(host, ':');

        if (colon) {
            *colon = '\0';
            port = colon + 1;
        }
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    error = getaddrinfo(host, port && *port ? port : "6653", &hints, &ai);
    if (error) {
        *errorp = xasprintf("tcp:%s: %s", spec, gai_strerror(error));
        free(copy);
        return EINVAL;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        error = errno;
        *errorp = xasprintf("tcp:%s: connection failed (%s)", spec,
                            strerror(error));
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(ai);
        free(copy);
        return error;
    }
    freeaddrinfo(ai);
    free(copy);
    *fdp = fd;
    return 0;
}

/* Waits for 'events' on the connection's socket. */
static int
wait_fd(struct ofctl_conn *conn, short events)
{
    struct pollfd pfd = { .fd = conn->fd, .events = events };
    int n;

    do {
        n = poll(&pfd, 1, conn->timeout_ms > 0 ? conn->timeout_ms : -1);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno;
    }
    return n == 0 ? ETIMEDOUT : 0;
}

/* Reads what is available into the input buffer (at least one byte unless
 * 'nonblock').  Returns 0, EAGAIN (nonblock, nothing there) or errno. */
static int
read_some(struct ofctl_conn *conn, bool nonblock)
{
    ssize_t n;

    if (!nonblock) {
        int error = wait_fd(conn, POLLIN);

        if (error) {
            return error;
        }
    }
    if (conn->in_alloc - conn->in_len < 65536) {
        conn->in_alloc = conn->in_alloc * 2 + 65536;
        conn->in = xrealloc(conn->in, conn->in_alloc);
    }
    do {
        n = recv(conn->fd, conn->in + conn->in_len,
                 conn->in_alloc - conn->in_len,
                 nonblock ? MSG_DONTWAIT : 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno == EWOULDBLOCK ? EAGAIN : errno;
    } else if (n == 0) {
        return ECONNRESET;
    }
    conn->in_len += n;
    return 0;
}

static int
send_all(struct ofctl_conn *conn, const uint8_t *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(conn->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);

        if (n > 0) {
            data += n;
            len -= n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return errno;
        }
        /* The socket is full: drain input so the peer can make progress,
         * then wait until we may write again. */
        struct pollfd pfd = { .fd = conn->fd, .events = POLLIN | POLLOUT };
        int r = poll(&pfd, 1,
                     conn->timeout_ms > 0 ? conn->timeout_ms : -1);

        if (r < 0 && errno != EINTR) {
            return errno;
        } else if (r == 0) {
            return ETIMEDOUT;
        }
        if (pfd.revents & POLLIN) {
            int error = read_some(conn, true);

            if (error && error != EAGAIN) {
                return error;
            }
        }
    }
    return 0;
}

int
ofctl_conn_send(struct ofctl_conn *conn, const struct ofpbuf *buf)
{
    return send_all(conn, buf->data, buf->size);
}

/* Takes one complete message off the input buffer, if there is one. */
static int
take_msg(struct ofctl_conn *conn, struct ofp_header **msgp)
{
    size_t len = ofp_msg_length(conn->in, conn->in_len);

    if (len == 0 || len > conn->in_len) {
        *msgp = NULL;
        return 0;
    }
    if (len < OFP_HEADER_LEN) {
        return EPROTO;
    }
    *msgp = xmalloc(len);
    memcpy(*msgp, conn->in, len);
    memmove(conn->in, conn->in + len, conn->in_len - len);
    conn->in_len -= len;
    return 0;
}

int
ofctl_conn_recv(struct ofctl_conn *conn, struct ofp_header **msgp)
{
    for (;;) {
        struct ofp_header *msg;
        enum ofptype type;
        int error = take_msg(conn, &msg);

        if (error) {
            return error;
        }
        if (!msg) {
            error = read_some(conn, false);
            if (error) {
                return error;
            }
            continue;
        }
        if (!ofp_decode_type(msg, ntohs(msg->length), &type)
            && type == OFPTYPE_ECHO_REQUEST) {
            struct ofpbuf reply;

            ofpbuf_init(&reply);
            ofp_encode_echo_reply(msg, &reply);
            error = ofctl_conn_send(conn, &reply);
            ofpbuf_uninit(&reply);
            free(msg);
            if (error) {
                return error;
            }
            continue;
        }
        *msgp = msg;
        return 0;
    }
}

int
ofctl_conn_open(const char *target, uint32_t versions, int timeout_ms,
                struct ofctl_conn **connp, char **errorp)
{
    struct ofctl_conn *conn;
    struct ofp_header *hello = NULL;
    struct ofpbuf buf;
    char *errtext = NULL;
    enum ofptype type;
    int fd = -1;
    int error;

    *connp = NULL;
    if (!strncmp(target, "unix:", 5)) {
        error = connect_unix(target + 5, &fd, errorp);
    } else if (!strncmp(target, "tcp:", 4)) {
        error = connect_tcp(target + 4, &fd, errorp);
    } else if (strchr(target, '/')) {
        error = connect_unix(target, &fd, errorp);
    } else if (strchr(target, ':')) {
        *errorp = xasprintf("%s: unknown target type (use a bridge name, "
                            "unix:PATH or tcp:IP[:PORT])", target);
        error = EINVAL;
    } else {
        char *path = xasprintf("%s/%s.mgmt", sluice_rundir(NULL), target);

        error = connect_unix(path, &fd, errorp);
        if (error) {
            free(*errorp);
            *errorp = xasprintf("%s: cannot connect to bridge %s (%s); is "
                                "sluice-switchd running with this bridge?",
                                path, target, strerror(error));
        }
        free(path);
    }
    if (error) {
        return error;
    }

    conn = xzalloc(sizeof *conn);
    conn->fd = fd;
    conn->next_xid = 1;
    conn->timeout_ms = timeout_ms;

    ofpbuf_init(&buf);
    ofp_encode_hello(versions, ofctl_conn_next_xid(conn), &buf);
    error = ofctl_conn_send(conn, &buf);
    ofpbuf_uninit(&buf);
    if (!error) {
        error = ofctl_conn_recv(conn, &hello);
    }
    if (error) {
        *errorp = xasprintf("%s: OpenFlow handshake failed (%s)", target,
                            error == ECONNRESET ? "connection closed"
                            : strerror(error));
        ofctl_conn_close(conn);
        return error;
    }
    if (ofp_decode_type(hello, ntohs(hello->length), &type)
        || type != OFPTYPE_HELLO) {
        *errorp = xasprintf("%s: expected HELLO from the switch", target);
        free(hello);
        ofctl_conn_close(conn);
        return EPROTO;
    }
    if (!ofp_hello_negotiate(hello, versions, &conn->version, &errtext)) {
        *errorp = xasprintf("%s: version negotiation failed: %s", target,
                            errtext ? errtext : "no common version");
        free(errtext);
        free(hello);
        ofctl_conn_close(conn);
        return EPROTO;
    }
    free(hello);
    *connp = conn;
    return 0;
}

void
ofctl_conn_close(struct ofctl_conn *conn)
{
    if (conn) {
        close(conn->fd);
        free(conn->in);
        free(conn);
    }
}

uint8_t
ofctl_conn_version(const struct ofctl_conn *conn)
{
    return conn->version;
}

uint32_t
ofctl_conn_next_xid(struct ofctl_conn *conn)
{
    return conn->next_xid++;
}

int
ofctl_conn_barrier(struct ofctl_conn *conn,
                   void (*cb)(const struct ofp_header *, void *aux),
                   void *aux)
{
    uint32_t xid = ofctl_conn_next_xid(conn);
    struct ofpbuf buf;
    int error;

    ofpbuf_init(&buf);
    ofp_encode_simple(OFPTYPE_BARRIER_REQUEST, conn->version, xid, &buf);
    error = ofctl_conn_send(conn, &buf);
    ofpbuf_uninit(&buf);
    while (!error) {
        struct ofp_header *msg;
        enum ofptype type;

        error = ofctl_conn_recv(conn, &msg);
        if (error) {
            break;
        }
        if (!ofp_decode_type(msg, ntohs(msg->length), &type)
            && type == OFPTYPE_BARRIER_REPLY && ofp_xid(msg) == xid) {
            free(msg);
            return 0;
        }
        if (cb) {
            cb(msg, aux);
        }
        free(msg);
    }
    return error;
}
