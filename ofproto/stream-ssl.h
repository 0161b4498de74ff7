/* TLS streams for OpenFlow: the active "ssl:IP[:PORT]" and passive
 * "pssl:PORT[:IP]" stream classes (see stream.h), built on libevent's
 * OpenSSL bufferevents.
 *
 * One process-wide configuration, as in Open vSwitch: a private key, its
 * certificate (chain) and a CA certificate file, set with
 * stream_ssl_set_files() from the SSL table.  Every connection, in either
 * direction, is mutually authenticated: TLS 1.2 or newer only, the switch
 * presents its certificate, and the peer must present one that verifies
 * against the CA file (a peer without a certificate, or with one from
 * another CA, gets no connection).  Every certificate in the CA file is a
 * trust anchor, so a controller's self-signed certificate given as the CA
 * file works (the way Faucet is deployed), and so does a controller
 * certificate that some other CA signed.
 *
 * The files are checked on each new connection attempt (connect or
 * accept): if one changed (inode, size or mtime), all three are loaded
 * again, so renewed certificates take effect without a restart.  If the
 * SSLKEYLOGFILE environment variable names a file, the TLS secrets of
 * every handshake are appended to it in the NSS key log format, for
 * decrypting captures with tshark or Wireshark.
 *
 * Why a handshake failed comes back through stream_error_string() (e.g.
 * "TLS handshake failed: certificate verify failed (unable to get local
 * issuer certificate)"), and stream_ssl_peer_info() tells who the peer is,
 * for Controller.status.
 *
 * Threads: the control thread only (like the streams themselves). */
#ifndef SLUICE_STREAM_SSL_H
#define SLUICE_STREAM_SSL_H 1

#include <time.h>

struct stream;

extern const struct stream_class ssl_stream_class;
extern const struct pstream_class pssl_pstream_class;

/* Sets the private key, certificate and CA certificate files used by every
 * later TLS connection.  Any of them may be NULL to leave TLS unconfigured
 * (then "ssl:" connects and "pssl:" listens fail with a message saying
 * so).  The files are read lazily, at the next connection attempt. */
void stream_ssl_set_files(const char *key, const char *cert,
                          const char *cacert);

/* Loads the configured files if they changed since they were last loaded,
 * as a connection attempt would.  Returns 0, or an errno value and a
 * malloc'd message in '*errorp' (e.g. 'cannot load certificate
 * "/etc/sluice/cert.pem": no start line'), for showing the certificate
 * status before any connection is made. */
int stream_ssl_check_files(char **errorp);

/* For a TLS 'stream' whose handshake completed (after STREAM_CONNECTED):
 * stores the peer certificate's subject, as a malloc'd RFC 2253 string
 * ("CN=ctrl1,O=Example"), in '*subjectp' and its expiry in '*not_afterp'.
 * Returns 0, EINVAL if 'stream' is not a TLS stream, or ENOTCONN if no
 * peer certificate is known yet. */
int stream_ssl_peer_info(const struct stream *stream, char **subjectp,
                         time_t *not_afterp);

#endif /* ofproto/stream-ssl.h */
