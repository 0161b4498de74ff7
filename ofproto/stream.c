/* Byte streams for OpenFlow over libevent bufferevents: unix and tcp
 * classes, active and passive.  See stream.h. */
#include "ofproto/stream.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "lib/util.h"
#include "ofproto/stream-ssl.h"

struct stream {
    struct bufferevent *bev;
    char *name;
    stream_cb *cb;
    void *aux;
    char *(*error_string)(struct bufferevent *);  /* From the class. */
    char *error;                /* Why it closed, if the class said. */
};

struct pstream {
    const struct pstream_class *class;
    struct evconnlistener *listener;
    struct event_base *base;
    char *name;
    const char *suffix;         /* Points into 'name'. */
    int port;
    pstream_accept_cb *cb;
    void *aux;
};

/* Address parsing. */

/* Parses a numeric IPv4 or IPv6 address 'host' (IPv6 may be bracketed)
 * with 'port' into '*ss'.  Returns true on success. */
static bool
parse_ip(const char *host, int port, struct sockaddr_storage *ss,
         socklen_t *lenp)
{
    char buf[INET6_ADDRSTRLEN + 2];
    size_t len = strlen(host);

    if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
        if (len - 2 >= sizeof buf) {
            return false;
        }
        memcpy(buf, host + 1, len - 2);
        buf[len - 2] = '\0';
    } else if (len < sizeof buf) {
        memcpy(buf, host, len + 1);
    } else {
        return false;
    }

    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    if (inet_pton(AF_INET, buf, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        *lenp = sizeof *sin;
        return true;
    }
    if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        *lenp = sizeof *sin6;
        return true;
    }
    return false;
}

/* Parses a decimal port 0..65535 from 's'.  Returns -1 if invalid. */
static int
parse_port(const char *s)
{
    char *end;
    long v;

    if (!*s || strspn(s, "0123456789") != strlen(s)) {
        return -1;
    }
    errno = 0;
    v = strtol(s, &end, 10);
    return errno || v > 65535 ? -1 : (int) v;
}

/* Parses the "IP[:PORT]" suffix of a tcp: (or 'prefix':) target. */
static int
parse_tcp_active(const char *prefix, const char *suffix,
                 struct sockaddr_storage *ss, socklen_t *lenp,
                 char **errorp)
{
    const char *colon;
    char *host;
    int port = STREAM_DEFAULT_OFP_PORT;

    if (suffix[0] == '[') {
        const char *close = strchr(suffix, ']');
        colon = close && close[1] == ':' ? close + 1 : NULL;
        if (!close || (close[1] && close[1] != ':')) {
            goto bad_ip;
        }
    } else {
        colon = strchr(suffix, ':');
        if (colon && strchr(colon + 1, ':')) {
            colon = NULL;       /* A bare IPv6 address without port. */
        }
    }
    if (colon) {
        port = parse_port(colon + 1);
        if (port <= 0) {
            *errorp = xasprintf("%s:%s: bad port \"%s\" (expected "
                                "%s:IP[:PORT], PORT 1..65535)", prefix,
                                suffix, colon + 1, prefix);
            return EINVAL;
        }
        host = xstrndup(suffix, colon - suffix);
    } else {
        host = xstrdup(suffix);
    }
    bool ok = parse_ip(host, port, ss, lenp);
    free(host);
    if (ok) {
        return 0;
    }
bad_ip:
    *errorp = xasprintf("%s:%s: bad IP address (expected %s:IP[:PORT] "
                        "with a numeric IPv4 or IPv6 address)", prefix,
                        suffix, prefix);
    return EINVAL;
}

/* Parses the "PORT[:IP]" suffix of a ptcp: (or 'prefix':) target. */
static int
parse_tcp_passive(const char *prefix, const char *suffix,
                  struct sockaddr_storage *ss, socklen_t *lenp,
                  char **errorp)
{
    const char *colon = strchr(suffix, ':');
    char *port_s = colon ? xstrndup(suffix, colon - suffix)
                         : xstrdup(suffix);
    int port = parse_port(port_s);

    free(port_s);
    if (port < 0) {
        *errorp = xasprintf("%s:%s: bad port (expected %s:PORT[:IP], "
                            "PORT 0..65535)", prefix, suffix, prefix);
        return EINVAL;
    }
    if (!parse_ip(colon ? colon + 1 : "0.0.0.0", port, ss, lenp)) {
        *errorp = xasprintf("%s:%s: bad IP address \"%s\" (expected "
                            "%s:PORT[:IP])", prefix, suffix, colon + 1,
                            prefix);
        return EINVAL;
    }
    return 0;
}

static int
parse_unix_path(const char *prefix, const char *suffix,
                struct sockaddr_un *sun, char **errorp)
{
    memset(sun, 0, sizeof *sun);
    sun->sun_family = AF_UNIX;
    if (!*suffix) {
        *errorp = xasprintf("%s: missing socket path (expected %s:PATH)",
                            prefix, prefix);
        return EINVAL;
    }
    if (strlen(suffix) >= sizeof sun->sun_path) {
        *errorp = xasprintf("%s:%s: socket path longer than %zu bytes",
                            prefix, suffix, sizeof sun->sun_path - 1);
        return ENAMETOOLONG;
    }
    strcpy(sun->sun_path, suffix);
    return 0;
}

/* Active classes. */

static int
unix_parse(const char *suffix, char **errorp)
{
    struct sockaddr_un sun;
    return parse_unix_path("unix", suffix, &sun, errorp);
}

/* Creates a bufferevent around a new non-blocking socket of 'family' and
 * starts connecting it to 'sa'. */
static int
connect_bev(struct event_base *base, const struct sockaddr *sa,
            socklen_t len, const char *target, struct bufferevent **bevp,
            char **errorp)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK
                    | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int error = errno;
        *errorp = xasprintf("%s: socket: %s", target, strerror(error));
        return error;
    }
    if (sa->sa_family != AF_UNIX) {
        int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    struct bufferevent *bev = bufferevent_socket_new(base, fd,
                                                     BEV_OPT_CLOSE_ON_FREE);
    if (bufferevent_socket_connect(bev, sa, len) < 0) {
        int error = errno ? errno : ECONNREFUSED;
        bufferevent_free(bev);
        *errorp = xasprintf("%s: connect: %s", target, strerror(error));
        return error;
    }
    *bevp = bev;
    return 0;
}

static int
unix_connect(struct event_base *base, const char *suffix,
             struct bufferevent **bevp, char **errorp)
{
    struct sockaddr_un sun;
    int error = parse_unix_path("unix", suffix, &sun, errorp);
    if (error) {
        return error;
    }
    char *target = xasprintf("unix:%s", suffix);
    error = connect_bev(base, (struct sockaddr *) &sun, sizeof sun, target,
                        bevp, errorp);
    free(target);
    return error;
}

static int
tcp_parse(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return parse_tcp_active("tcp", suffix, &ss, &len, errorp);
}

static int
tcp_connect(struct event_base *base, const char *suffix,
            struct bufferevent **bevp, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int error = parse_tcp_active("tcp", suffix, &ss, &len, errorp);
    if (error) {
        return error;
    }
    char *target = xasprintf("tcp:%s", suffix);
    error = connect_bev(base, (struct sockaddr *) &ss, len, target, bevp,
                        errorp);
    free(target);
    return error;
}

static const struct stream_class unix_stream_class = {
    .prefix = "unix",
    .parse = unix_parse,
    .connect = unix_connect,
};

static const struct stream_class tcp_stream_class = {
    .prefix = "tcp",
    .parse = tcp_parse,
    .connect = tcp_connect,
};

static const struct stream_class *const stream_classes[] = {
    &unix_stream_class,
    &tcp_stream_class,
    &ssl_stream_class,
};

/* Passive classes. */

static int
punix_parse(const char *suffix, char **errorp)
{
    struct sockaddr_un sun;
    return parse_unix_path("punix", suffix, &sun, errorp);
}

/* Binds and listens on 'fd', closing it on failure. */
static int
bind_and_listen(int fd, const struct sockaddr *sa, socklen_t len,
                const char *target, char **errorp)
{
    if (bind(fd, sa, len) < 0 || listen(fd, 64) < 0) {
        int error = errno;
        *errorp = xasprintf("%s: cannot listen: %s", target,
                            strerror(error));
        close(fd);
        return error;
    }
    return 0;
}

static int
punix_listen(const char *suffix, mode_t mode, int *fdp, char **errorp)
{
    struct sockaddr_un sun;
    int error = parse_unix_path("punix", suffix, &sun, errorp);
    if (error) {
        return error;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        *errorp = xasprintf("punix:%s: socket: %s", suffix, strerror(error));
        return error;
    }
    unlink(suffix);
    char *target = xasprintf("punix:%s", suffix);
    error = bind_and_listen(fd, (struct sockaddr *) &sun, sizeof sun,
                            target, errorp);
    free(target);
    if (error) {
        return error;
    }
    if (chmod(suffix, mode) < 0) {
        error = errno;
        *errorp = xasprintf("punix:%s: chmod: %s", suffix, strerror(error));
        close(fd);
        unlink(suffix);
        return error;
    }
    *fdp = fd;
    return 0;
}

static struct bufferevent *
socket_wrap(struct event_base *base, int fd)
{
    return bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
}

static struct bufferevent *
tcp_wrap(struct event_base *base, int fd)
{
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return socket_wrap(base, fd);
}

static void
punix_cleanup(const char *suffix)
{
    unlink(suffix);
}

static int
ptcp_parse(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return parse_tcp_passive("ptcp", suffix, &ss, &len, errorp);
}

int
stream_inet_listen(const char *prefix, const char *suffix, int *fdp,
                   char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int error = parse_tcp_passive(prefix, suffix, &ss, &len, errorp);
    if (error) {
        return error;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK
                    | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        *errorp = xasprintf("%s:%s: socket: %s", prefix, suffix,
                            strerror(error));
        return error;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    char *target = xasprintf("%s:%s", prefix, suffix);
    error = bind_and_listen(fd, (struct sockaddr *) &ss, len, target,
                            errorp);
    free(target);
    if (error) {
        return error;
    }
    *fdp = fd;
    return 0;
}

static int
ptcp_listen(const char *suffix, mode_t mode, int *fdp, char **errorp)
{
    return stream_inet_listen("ptcp", suffix, fdp, errorp);
}

int
stream_inet_parse(const char *prefix, const char *suffix, bool passive,
                  struct sockaddr_storage *ss, socklen_t *lenp,
                  char **errorp)
{
    return (passive ? parse_tcp_passive : parse_tcp_active)(
        prefix, suffix, ss, lenp, errorp);
}

static void
ptcp_cleanup(const char *suffix)
{
}

static const struct pstream_class punix_pstream_class = {
    .prefix = "punix",
    .parse = punix_parse,
    .listen = punix_listen,
    .wrap = socket_wrap,
    .cleanup = punix_cleanup,
};

static const struct pstream_class ptcp_pstream_class = {
    .prefix = "ptcp",
    .parse = ptcp_parse,
    .listen = ptcp_listen,
    .wrap = tcp_wrap,
    .cleanup = ptcp_cleanup,
};

static const struct pstream_class *const pstream_classes[] = {
    &punix_pstream_class,
    &ptcp_pstream_class,
    &pssl_pstream_class,
};

/* Target lookup. */

/* If 'target' starts with "PREFIX:", returns the suffix; else NULL. */
static const char *
match_prefix(const char *target, const char *prefix)
{
    size_t n = strlen(prefix);
    return !strncmp(target, prefix, n) && target[n] == ':'
           ? target + n + 1 : NULL;
}

static const struct stream_class *
find_stream_class(const char *target, const char **suffixp)
{
    for (size_t i = 0; i < ARRAY_SIZE(stream_classes); i++) {
        *suffixp = match_prefix(target, stream_classes[i]->prefix);
        if (*suffixp) {
            return stream_classes[i];
        }
    }
    return NULL;
}

static const struct pstream_class *
find_pstream_class(const char *target, const char **suffixp)
{
    for (size_t i = 0; i < ARRAY_SIZE(pstream_classes); i++) {
        *suffixp = match_prefix(target, pstream_classes[i]->prefix);
        if (*suffixp) {
            return pstream_classes[i];
        }
    }
    return NULL;
}

bool
stream_target_is_valid(const char *target, bool *passivep, char **errorp)
{
    const char *suffix;
    const struct stream_class *sc = find_stream_class(target, &suffix);
    if (sc) {
        *passivep = false;
        return !sc->parse(suffix, errorp);
    }
    const struct pstream_class *pc = find_pstream_class(target, &suffix);
    if (pc) {
        *passivep = true;
        return !pc->parse(suffix, errorp);
    }
    *errorp = xasprintf("%s: unknown connection type (expected tcp:IP[:PORT],"
                        " ssl:IP[:PORT], unix:PATH, ptcp:PORT[:IP], "
                        "pssl:PORT[:IP] or punix:PATH)", target);
    return false;
}

/* Active streams. */

static void
stream_read_cb(struct bufferevent *bev, void *stream_)
{
    struct stream *stream = stream_;
    stream->cb(stream, STREAM_INPUT, 0, stream->aux);
}

static void
stream_event_cb(struct bufferevent *bev, short what, void *stream_)
{
    struct stream *stream = stream_;

    if (what & BEV_EVENT_CONNECTED) {
        stream->cb(stream, STREAM_CONNECTED, 0, stream->aux);
    } else if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        int error = what & BEV_EVENT_ERROR ? EVUTIL_SOCKET_ERROR() : 0;
        if (what & BEV_EVENT_ERROR && stream->error_string && !stream->error) {
            stream->error = stream->error_string(bev);
            if (stream->error) {
                error = EPROTO;
            }
        }
        if (what & BEV_EVENT_ERROR && !error) {
            error = ECONNRESET;
        }
        bufferevent_disable(bev, EV_READ | EV_WRITE);
        stream->cb(stream, STREAM_CLOSED, error, stream->aux);
    }
}

static struct stream *
stream_create(struct bufferevent *bev, char *name, stream_cb *cb,
              void *aux, char *(*error_string)(struct bufferevent *))
{
    struct stream *stream = xzalloc(sizeof *stream);
    stream->bev = bev;
    stream->error_string = error_string;
    stream->name = name;
    stream->cb = cb;
    stream->aux = aux;
    bufferevent_setcb(bev, stream_read_cb, NULL, stream_event_cb, stream);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    return stream;
}

int
stream_open(struct event_base *base, const char *target, stream_cb *cb,
            void *aux, struct stream **streamp, char **errorp)
{
    const char *suffix;
    const struct stream_class *class = find_stream_class(target, &suffix);
    struct bufferevent *bev;

    *streamp = NULL;
    if (!class) {
        bool passive;
        if (stream_target_is_valid(target, &passive, errorp)) {
            *errorp = xasprintf("%s: a passive target cannot be connected "
                                "to", target);
        }
        return EINVAL;
    }
    int error = class->connect(base, suffix, &bev, errorp);
    if (error) {
        return error;
    }
    *streamp = stream_create(bev, xstrdup(target), cb, aux,
                             class->error_string);
    return 0;
}

void
stream_set_cb(struct stream *stream, stream_cb *cb, void *aux)
{
    stream->cb = cb;
    stream->aux = aux;
}

struct evbuffer *
stream_input(struct stream *stream)
{
    return bufferevent_get_input(stream->bev);
}

void
stream_send(struct stream *stream, const void *data, size_t len)
{
    bufferevent_write(stream->bev, data, len);
}

size_t
stream_backlog(const struct stream *stream)
{
    return evbuffer_get_length(bufferevent_get_output(stream->bev));
}

void
stream_set_reading(struct stream *stream, bool reading)
{
    if (reading) {
        bufferevent_enable(stream->bev, EV_READ);
    } else {
        bufferevent_disable(stream->bev, EV_READ);
    }
}

const char *
stream_name(const struct stream *stream)
{
    return stream->name;
}

const char *
stream_error_string(const struct stream *stream)
{
    return stream->error;
}

struct bufferevent *
stream_bufferevent(const struct stream *stream)
{
    return stream->bev;
}

void
stream_destroy(struct stream *stream)
{
    if (stream) {
        bufferevent_free(stream->bev);
        free(stream->error);
        free(stream->name);
        free(stream);
    }
}

/* Passive streams. */

/* Describes the peer of an accepted socket for logs. */
static char *
peer_name(const struct pstream *p, const struct sockaddr *sa)
{
    char host[INET6_ADDRSTRLEN];

    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        return xasprintf("tcp:%s:%d", host, ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;
        inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
        return xasprintf("tcp:[%s]:%d", host, ntohs(sin6->sin6_port));
    }
    return xstrdup(p->name);
}

static void
pstream_accept(struct evconnlistener *listener, evutil_socket_t fd,
               struct sockaddr *sa, int salen, void *p_)
{
    struct pstream *p = p_;
    struct bufferevent *bev = p->class->wrap(p->base, fd);

    if (!bev) {
        close(fd);
        return;
    }
    struct stream *stream = stream_create(bev, peer_name(p, sa), NULL, NULL,
                                          p->class->error_string);
    p->cb(p, stream, p->aux);
}

int
pstream_open(struct event_base *base, const char *target, mode_t mode,
             pstream_accept_cb *cb, void *aux, struct pstream **pstreamp,
             char **errorp)
{
    const char *suffix;
    const struct pstream_class *class = find_pstream_class(target, &suffix);
    int fd;

    *pstreamp = NULL;
    if (!class) {
        bool passive;
        if (stream_target_is_valid(target, &passive, errorp)) {
            *errorp = xasprintf("%s: an active target cannot be listened "
                                "on", target);
        }
        return EINVAL;
    }
    int error = class->listen(suffix, mode, &fd, errorp);
    if (error) {
        return error;
    }

    struct pstream *p = xzalloc(sizeof *p);
    p->class = class;
    p->base = base;
    p->name = xstrdup(target);
    p->suffix = p->name + (suffix - target);
    p->cb = cb;
    p->aux = aux;

    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (!getsockname(fd, (struct sockaddr *) &ss, &len)) {
        if (ss.ss_family == AF_INET) {
            p->port = ntohs(((struct sockaddr_in *) &ss)->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            p->port = ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
        }
    }

    p->listener = evconnlistener_new(base, pstream_accept, p,
                                     LEV_OPT_CLOSE_ON_FREE
                                     | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
    if (!p->listener) {
        error = errno ? errno : ENOMEM;
        *errorp = xasprintf("%s: cannot watch listener: %s", target,
                            strerror(error));
        close(fd);
        class->cleanup(p->suffix);
        free(p->name);
        free(p);
        return error;
    }
    *pstreamp = p;
    return 0;
}

const char *
pstream_name(const struct pstream *p)
{
    return p->name;
}

int
pstream_port(const struct pstream *p)
{
    return p->port;
}

void
pstream_destroy(struct pstream *p)
{
    if (p) {
        evconnlistener_free(p->listener);
        p->class->cleanup(p->suffix);
        free(p->name);
        free(p);
    }
}
