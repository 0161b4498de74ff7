/* The capture server of sluice-switchd: serves live captures
 * (sluice-tcpdump) on the unix socket $RUNDIR/capture.sock, and
 * registers the unixctl command capture/list.
 *
 * Protocol (SOCK_SEQPACKET, one message per record): the client connects
 * and sends one JSON request
 *   {"ports": ["p1", ...], "bridge": "br0", "direction": "in"|"out"|
 *    "both", "snaplen": 262144, "filter": "tcp port 5201"}
 * ("bridge" may be omitted: the bridge that has the first port is used;
 * "filter" may be empty).  The server compiles the filter with libpcap,
 * checks the ports and replies with one JSON message, either
 *   {"error": "reason"}
 * (and closes), or
 *   {"bridge": "br0", "ports": ["p1", ...], "snaplen": N,
 *    "linktype": 1}
 * after which the same connection carries the captured frames, one
 * message each (datapath/capture.h: struct capture_record_hdr, then the
 * frame's first bytes).  The connection is handed to the datapath, which
 * ends the capture when the client closes it or dies; switchd keeps
 * nothing else, so nothing outlives the client.
 *
 * Thread: control thread only. */
#ifndef SLUICE_SWITCHD_CAPTURE_SERVER_H
#define SLUICE_SWITCHD_CAPTURE_SERVER_H 1

struct capture_server;
struct dpif;
struct event_base;

/* Name of the socket in the run directory. */
#define CAPTURE_SOCKET_NAME "capture.sock"

/* Starts serving captures of 'dpif' on 'rundir'/capture.sock in 'base'.
 * Returns 0 and stores the server in '*serverp', or a positive errno. */
int capture_server_create(struct event_base *base, struct dpif *dpif,
                          const char *rundir,
                          struct capture_server **serverp);

/* Stops listening and removes the socket; running captures continue
 * until their clients leave.  Accepts NULL. */
void capture_server_destroy(struct capture_server *);

#endif /* switchd/capture-server.h */
