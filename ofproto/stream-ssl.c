/* TLS stream classes ("ssl:", "pssl:") over libevent's OpenSSL
 * bufferevents.  See stream-ssl.h. */
#include "ofproto/stream-ssl.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/stream.h"

VLOG_DEFINE_THIS_MODULE(stream_ssl);

enum { SSL_KEY, SSL_CERT, SSL_CACERT, SSL_N_FILES };

static const char *const file_kinds[SSL_N_FILES] = {
    "private key", "certificate", "CA certificate",
};

/* The process-wide TLS configuration. */
static struct {
    char *files[SSL_N_FILES];   /* NULL until configured. */
    struct stat st[SSL_N_FILES];  /* As of the last successful load. */
    SSL_CTX *ctx;               /* NULL until loaded. */
} config;

static bool
same_file_state(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino
           && a->st_size == b->st_size
           && a->st_mtim.tv_sec == b->st_mtim.tv_sec
           && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Returns the reason of the oldest OpenSSL error queued in this thread
 * (or "unknown error"), and clears the queue. */
static const char *
openssl_reason(void)
{
    unsigned long e = ERR_get_error();
    const char *reason = e ? ERR_reason_error_string(e) : NULL;

    ERR_clear_error();
    return reason ? reason : "unknown error";
}

/* Appends 'line' (NSS key log format) to $SSLKEYLOGFILE, if set. */
static void
keylog_cb(const SSL *ssl, const char *line)
{
    const char *path = getenv("SSLKEYLOGFILE");
    if (!path || !*path) {
        return;
    }
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 60000);
        VLOG_WARN_RL(&rl, "SSLKEYLOGFILE \"%s\": %s", path, strerror(errno));
        return;
    }
    struct iovec iov[2] = {
        { .iov_base = (void *) line, .iov_len = strlen(line) },
        { .iov_base = "\n", .iov_len = 1 },
    };
    if (writev(fd, iov, 2) < 0) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 60000);
        VLOG_WARN_RL(&rl, "SSLKEYLOGFILE \"%s\": %s", path, strerror(errno));
    }
    close(fd);
}

/* Builds a new SSL_CTX from the configured files.  Returns it, or NULL
 * with a malloc'd message in '*errorp'. */
static SSL_CTX *
load_ctx(char **errorp)
{
    const char *key = config.files[SSL_KEY];
    const char *cert = config.files[SSL_CERT];
    const char *cacert = config.files[SSL_CACERT];
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    if (!ctx) {
        *errorp = xasprintf("cannot create TLS context: %s",
                            openssl_reason());
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       NULL);
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);

    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
        *errorp = xasprintf("cannot load certificate \"%s\": %s", cert,
                            openssl_reason());
    } else if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        *errorp = xasprintf("cannot load private key \"%s\": %s", key,
                            openssl_reason());
    } else if (SSL_CTX_check_private_key(ctx) != 1) {
        *errorp = xasprintf("private key \"%s\" does not match certificate "
                            "\"%s\": %s", key, cert, openssl_reason());
    } else if (SSL_CTX_load_verify_locations(ctx, cacert, NULL) != 1) {
        *errorp = xasprintf("cannot load CA certificate \"%s\": %s", cacert,
                            openssl_reason());
    } else {
        /* Every certificate in the CA file is a trust anchor, even one
         * that a CA signed (a controller's own certificate given as the
         * CA file), not only self-signed roots. */
        X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx),
                             X509_V_FLAG_PARTIAL_CHAIN);
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cacert);
        if (names) {
            SSL_CTX_set_client_CA_list(ctx, names);
        }
        ERR_clear_error();
        return ctx;
    }
    SSL_CTX_free(ctx);
    return NULL;
}

int
stream_ssl_check_files(char **errorp)
{
    struct stat st[SSL_N_FILES];
    bool changed = !config.ctx;

    for (int i = 0; i < SSL_N_FILES; i++) {
        if (!config.files[i]) {
            *errorp = xstrdup("TLS is not configured (set the private key, "
                              "certificate and CA certificate with "
                              "\"sluice-ctl set-ssl KEY CERT CACERT\")");
            return ENOENT;
        }
        if (stat(config.files[i], &st[i]) < 0) {
            int error = errno;
            *errorp = xasprintf("%s \"%s\": %s", file_kinds[i],
                                config.files[i], strerror(error));
            return error;
        }
        if (!same_file_state(&st[i], &config.st[i])) {
            changed = true;
        }
    }
    if (!changed) {
        return 0;
    }

    SSL_CTX *ctx = load_ctx(errorp);
    if (!ctx) {
        return EPROTO;
    }
    if (config.ctx) {
        VLOG_INFO("TLS certificate files changed, reloaded");
    }
    SSL_CTX_free(config.ctx);   /* Live connections keep their own ref. */
    config.ctx = ctx;
    memcpy(config.st, st, sizeof config.st);
    return 0;
}

void
stream_ssl_set_files(const char *key, const char *cert, const char *cacert)
{
    const char *files[SSL_N_FILES] = { key, cert, cacert };
    bool changed = false;

    for (int i = 0; i < SSL_N_FILES; i++) {
        const char *old = config.files[i];
        if (!old != !files[i] || (old && strcmp(old, files[i]))) {
            free(config.files[i]);
            config.files[i] = files[i] ? xstrdup(files[i]) : NULL;
            changed = true;
        }
    }
    if (changed) {
        SSL_CTX_free(config.ctx);
        config.ctx = NULL;
        memset(config.st, 0, sizeof config.st);
    }
}

/* Returns a new SSL object for one connection to or from 'target',
 * reloading the files if they changed, or NULL with a message. */
static SSL *
new_ssl(const char *target, char **errorp)
{
    char *error = NULL;
    if (stream_ssl_check_files(&error)) {
        *errorp = xasprintf("%s: %s", target, error);
        free(error);
        return NULL;
    }
    SSL *ssl = SSL_new(config.ctx);
    if (!ssl) {
        *errorp = xasprintf("%s: %s", target, openssl_reason());
    }
    return ssl;
}

static void
set_nodelay(int fd)
{
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

/* Describes the OpenSSL failure recorded in 'bev', or returns NULL if it
 * failed for a plain socket reason (libevent then records only the
 * SSL_get_error() code, which belongs to no OpenSSL library). */
static char *
ssl_error_string(struct bufferevent *bev)
{
    unsigned long e, first = 0;

    while ((e = bufferevent_get_openssl_error(bev)) != 0) {
        if (!first && ERR_GET_LIB(e)) {
            first = e;
        }
    }
    if (!first) {
        return NULL;
    }
    const char *reason = ERR_reason_error_string(first);
    SSL *ssl = bufferevent_openssl_get_ssl(bev);
    bool handshake = ssl && !SSL_is_init_finished(ssl);
    long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
    char *detail = verify != X509_V_OK
                   ? xasprintf(" (%s)", X509_verify_cert_error_string(verify))
                   : xstrdup("");
    char *s = xasprintf("TLS %s: %s%s",
                        handshake ? "handshake failed" : "error",
                        reason ? reason : "unknown error", detail);
    free(detail);
    return s;
}

/* The active class. */

static int
ssl_parse(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return stream_inet_parse("ssl", suffix, false, &ss, &len, errorp);
}

static int
ssl_connect(struct event_base *base, const char *suffix,
            struct bufferevent **bevp, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int error = stream_inet_parse("ssl", suffix, false, &ss, &len, errorp);
    if (error) {
        return error;
    }

    char *target = xasprintf("ssl:%s", suffix);
    SSL *ssl = new_ssl(target, errorp);
    if (!ssl) {
        free(target);
        return EPROTO;
    }
    struct bufferevent *bev = bufferevent_openssl_socket_new(
        base, -1, ssl, BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
    if (!bev) {
        SSL_free(ssl);
        *errorp = xasprintf("%s: cannot create TLS bufferevent", target);
        free(target);
        return ENOMEM;
    }
    if (bufferevent_socket_connect(bev, (struct sockaddr *) &ss, len) < 0) {
        error = errno ? errno : ECONNREFUSED;
        bufferevent_free(bev);
        *errorp = xasprintf("%s: connect: %s", target, strerror(error));
        free(target);
        return error;
    }
    set_nodelay(bufferevent_getfd(bev));
    free(target);
    *bevp = bev;
    return 0;
}

const struct stream_class ssl_stream_class = {
    .prefix = "ssl",
    .parse = ssl_parse,
    .connect = ssl_connect,
    .error_string = ssl_error_string,
};

/* The passive class. */

static int
pssl_parse(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return stream_inet_parse("pssl", suffix, true, &ss, &len, errorp);
}

/* Listens like ptcp:, but only once the TLS files load, so that a
 * misconfiguration shows up at once rather than as silently dropped
 * connections. */
static int
pssl_listen(const char *suffix, mode_t mode, int *fdp, char **errorp)
{
    char *error = NULL;
    if (stream_ssl_check_files(&error)) {
        *errorp = xasprintf("pssl:%s: %s", suffix, error);
        free(error);
        return EPROTO;
    }
    return stream_inet_listen("pssl", suffix, fdp, errorp);
}

static struct bufferevent *
pssl_wrap(struct event_base *base, int fd)
{
    char *error = NULL;
    SSL *ssl = new_ssl("pssl", &error);
    if (!ssl) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 10000);
        VLOG_WARN_RL(&rl, "refusing connection: %s", error);
        free(error);
        return NULL;
    }
    set_nodelay(fd);
    struct bufferevent *bev = bufferevent_openssl_socket_new(
        base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
    if (!bev) {
        SSL_free(ssl);
        return NULL;
    }
    return bev;
}

static void
pssl_cleanup(const char *suffix)
{
}

const struct pstream_class pssl_pstream_class = {
    .prefix = "pssl",
    .parse = pssl_parse,
    .listen = pssl_listen,
    .wrap = pssl_wrap,
    .cleanup = pssl_cleanup,
    .error_string = ssl_error_string,
};

/* Peer information. */

int
stream_ssl_peer_info(const struct stream *stream, char **subjectp,
                     time_t *not_afterp)
{
    SSL *ssl = bufferevent_openssl_get_ssl(stream_bufferevent(stream));
    if (!ssl) {
        return EINVAL;
    }
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    X509 *cert = SSL_get1_peer_certificate(ssl);
#else
    X509 *cert = SSL_get_peer_certificate(ssl);
#endif
    if (!cert) {
        return ENOTCONN;
    }

    BIO *bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0,
                       XN_FLAG_RFC2253);
    char *data;
    long n = BIO_get_mem_data(bio, &data);
    *subjectp = xstrndup(data, n);
    BIO_free(bio);

    struct tm tm;
    *not_afterp = ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1
                  ? timegm(&tm) : 0;
    X509_free(cert);
    return 0;
}
