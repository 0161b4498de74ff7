/* Byte streams for OpenFlow: active connections ("unix:PATH",
 * "tcp:IP[:PORT]") and passive listeners ("punix:PATH", "ptcp:PORT[:IP]"),
 * built on libevent bufferevents.
 *
 * Each kind of target is a stream class, a const table of function
 * pointers, so that another transport (TLS: "ssl:" and "pssl:") is one
 * more class: an active class creates a connecting bufferevent for its
 * target, a passive class opens a listening socket and wraps each accepted
 * socket in a bufferevent.  Everything above the bufferevent (framing,
 * OpenFlow) is transport-independent.
 *
 * TCP targets take a numeric IPv4 or IPv6 address (IPv6 in brackets when
 * a port follows: "tcp:[::1]:6653"); the default port is 6653.  "ptcp:"
 * with no address listens on every IPv4 address.  Active connects are
 * non-blocking: stream_open() returns at once and the connection's event
 * callback reports success or failure later.
 *
 * Threads: a stream or pstream belongs to the thread that runs its
 * event_base (switchd's control thread). */
#ifndef SLUICE_STREAM_H
#define SLUICE_STREAM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

struct bufferevent;
struct evbuffer;
struct event_base;

#define STREAM_DEFAULT_OFP_PORT 6653

struct stream;
struct pstream;

/* Events a stream reports to its owner. */
enum stream_event {
    STREAM_CONNECTED,           /* An active connect completed. */
    STREAM_INPUT,               /* New bytes are in stream_input(). */
    STREAM_CLOSED,              /* Peer closed or I/O error; 'error' says
                                 * which (0 for a clean EOF). */
};

/* Called with each event.  On STREAM_CLOSED the owner must eventually
 * call stream_destroy(); nothing more is reported. */
typedef void stream_cb(struct stream *, enum stream_event, int error,
                       void *aux);

/* An active stream class. */
struct stream_class {
    const char *prefix;         /* "unix", "tcp". */

    /* Checks 'suffix' (the target after "PREFIX:").  Returns 0, or an
     * errno value and a malloc'd message in '*errorp'. */
    int (*parse)(const char *suffix, char **errorp);

    /* Starts a non-blocking connect to 'suffix' and stores a new
     * bufferevent for it in '*bevp'.  Returns 0, or an errno value and a
     * malloc'd message in '*errorp'. */
    int (*connect)(struct event_base *, const char *suffix,
                   struct bufferevent **bevp, char **errorp);

    /* Optional: called when a bufferevent of this class reports an error;
     * returns a malloc'd description that says more than the socket's
     * errno (a TLS alert or certificate verification failure), or NULL.
     * The stream then reports EPROTO and keeps the text for
     * stream_error_string(). */
    char *(*error_string)(struct bufferevent *);
};

/* A passive stream class. */
struct pstream_class {
    const char *prefix;         /* "punix", "ptcp". */

    /* Checks 'suffix' like stream_class's parse. */
    int (*parse)(const char *suffix, char **errorp);

    /* Opens a listening, non-blocking socket for 'suffix' (unix sockets
     * get permissions 'mode'; a stale socket file is replaced).  Stores
     * the fd in '*fdp'.  Returns 0, or an errno value and a malloc'd
     * message in '*errorp'. */
    int (*listen)(const char *suffix, mode_t mode, int *fdp,
                  char **errorp);

    /* Wraps accepted socket 'fd' in a new bufferevent that owns it. */
    struct bufferevent *(*wrap)(struct event_base *, int fd);

    /* Releases what 'listen' made besides the fd (the socket file). */
    void (*cleanup)(const char *suffix);

    /* Optional, for accepted streams, as in stream_class. */
    char *(*error_string)(struct bufferevent *);
};

/* Returns true if 'target' names an active ("unix:", "tcp:") or passive
 * ("punix:", "ptcp:") stream with a well-formed suffix.  On false stores
 * a malloc'd message in '*errorp' (e.g. "tcp:1.2.3: bad IP address
 * (expected tcp:IP[:PORT])"). */
bool stream_target_is_valid(const char *target, bool *passivep,
                            char **errorp);

/* Starts connecting to active 'target' in 'base'.  'cb' reports
 * STREAM_CONNECTED or STREAM_CLOSED later (even for an immediate
 * failure); it may be NULL if the caller sets one with stream_set_cb()
 * before returning to the event loop.  Returns 0 and stores the stream in '*streamp', or an errno
 * value and a malloc'd message in '*errorp'. */
int stream_open(struct event_base *base, const char *target,
                stream_cb *cb, void *aux, struct stream **streamp,
                char **errorp);

/* Sets the callback of 'stream' (streams from a pstream start without
 * one, and must get one before their first event is dispatched, i.e.
 * before returning to the event loop). */
void stream_set_cb(struct stream *, stream_cb *cb, void *aux);

/* Bytes received and not yet consumed; the owner drains what it used. */
struct evbuffer *stream_input(struct stream *);

/* Queues 'len' bytes of 'data' for sending. */
void stream_send(struct stream *, const void *data, size_t len);

/* Bytes queued for sending but not yet written. */
size_t stream_backlog(const struct stream *);

/* Stops (false) or resumes (true) reading from the socket. */
void stream_set_reading(struct stream *, bool reading);

/* The target or peer description, e.g. "tcp:10.0.0.1:6653" or
 * "punix:/run/sluice/br0.mgmt". */
const char *stream_name(const struct stream *);

/* After STREAM_CLOSED with EPROTO, why the transport gave up, e.g.
 * "TLS handshake failed: certificate verify failed (unable to get local
 * issuer certificate)"; NULL if the transport said nothing more than the
 * errno. */
const char *stream_error_string(const struct stream *);

/* The bufferevent under 'stream', for transport-specific queries such as
 * stream_ssl_peer_info(). */
struct bufferevent *stream_bufferevent(const struct stream *);

/* Closes at once (unsent bytes are lost).  Accepts NULL. */
void stream_destroy(struct stream *);

/* Called with each accepted stream, which the callee owns. */
typedef void pstream_accept_cb(struct pstream *, struct stream *,
                               void *aux);

/* Listens on passive 'target' ("punix:PATH" with permissions 'mode',
 * "ptcp:PORT[:IP]", port 0 picks a free one).  Returns 0 and stores the
 * listener in '*pstreamp', or an errno value and a malloc'd message in
 * '*errorp'. */
int pstream_open(struct event_base *base, const char *target, mode_t mode,
                 pstream_accept_cb *cb, void *aux,
                 struct pstream **pstreamp, char **errorp);

/* The target 'pstream' was opened with. */
const char *pstream_name(const struct pstream *);

/* For a TCP listener, the bound port (useful with "ptcp:0"); else 0. */
int pstream_port(const struct pstream *);

/* Stops listening and removes a unix socket file.  Accepts NULL. */
void pstream_destroy(struct pstream *);

/* For classes layered on TCP (TLS): parses an active "IP[:PORT]" or, if
 * 'passive', a "PORT[:IP]" 'suffix' into '*ss' and '*lenp', naming
 * 'prefix' in the malloc'd '*errorp' on failure.  Returns 0 or EINVAL. */
int stream_inet_parse(const char *prefix, const char *suffix, bool passive,
                      struct sockaddr_storage *ss, socklen_t *lenp,
                      char **errorp);

/* Opens a non-blocking TCP socket listening on passive 'suffix'
 * ("PORT[:IP]") and stores it in '*fdp'.  Returns 0, or an errno value and
 * a malloc'd message naming 'prefix' in '*errorp'. */
int stream_inet_listen(const char *prefix, const char *suffix, int *fdp,
                       char **errorp);

#endif /* ofproto/stream.h */
