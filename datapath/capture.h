/* Live captures: port taps that copy frames, filtered by a compiled BPF
 * program, to a client's socket.
 *
 * A capture watches some ports of one bridge in one or both directions.
 * For each tapped frame (as received, or as sent), the datapath runs the
 * capture's classic BPF filter (compiled by libpcap in the control
 * thread) and, if it matches, writes one SOCK_SEQPACKET message to the
 * capture's socket without blocking: a 'struct capture_record_hdr' and
 * then at most 'snaplen' bytes of the frame.  If the socket has no room,
 * the frame is counted as dropped: forwarding never waits for a slow
 * reader.  When the client goes away (its end of the socket closes, for
 * whatever reason, SIGKILL included), the next send fails with EPIPE or
 * the datapath's once-a-second check sees POLLHUP, and the capture is
 * removed.  A capture creates nothing outside the datapath's memory: no
 * database row, no device.
 *
 * The message layout below is shared with the client (sluice-tcpdump);
 * both ends run on the same host, so fields are in host byte order.
 *
 * Threads: dp_capture_*() run on the datapath thread; the dpif_capture_*()
 * calls in datapath/dpif.h are the control thread's way in. */
#ifndef SLUICE_DP_CAPTURE_H
#define SLUICE_DP_CAPTURE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Directions, in 'capture_record_hdr.direction'. */
#define CAPTURE_DIR_IN 1
#define CAPTURE_DIR_OUT 2

/* Header of each captured frame's message. */
struct capture_record_hdr {
    uint64_t ts_ns;             /* CLOCK_REALTIME, nanoseconds. */
    uint32_t orig_len;          /* Frame length on the wire. */
    uint16_t port_idx;          /* Index in the capture's port list. */
    uint8_t direction;          /* CAPTURE_DIR_IN or CAPTURE_DIR_OUT. */
    uint8_t pad;
    uint32_t dropped;           /* Frames dropped so far (no room). */
    uint32_t reserved;
};

struct dp_bridge;
struct dp_packet;
struct dp_port;
struct dpif;

/* One capture (datapath thread's state). */
struct dp_capture {
    unsigned int id;
    int fd;                     /* Our end of the client's socket. */
    struct dp_bridge *br;
    struct dp_port **ports;     /* Watched ports; NULL once deleted. */
    char **port_names;
    size_t n_ports;
    bool in, out;               /* Directions. */
    unsigned int snaplen;
    void *insns;                /* struct bpf_insn[], or NULL: all. */
    size_t n_insns;
    char *filter;               /* Its source text, for listings. */
    uint64_t packets, bytes, dropped;
    bool dead;                  /* The client went away. */
};

/* Every capture of a dpif. */
struct dp_captures {
    struct dp_capture **caps;
    size_t n;
    unsigned int next_id;
    uint8_t *buf;               /* Linear frame for the filter. */
};

/* Copies the frame 'pkt', as it is sent with tag ('tagged', 'tci',
 * 'tpid'), seen on 'port' in 'direction', to 'cap' if its filter
 * matches. */
void dp_capture_frame(struct dp_captures *, struct dp_capture *cap,
                      const struct dp_port *port, int direction,
                      const struct dp_packet *pkt, bool tagged,
                      uint16_t tci, uint16_t tpid);

/* Removes the captures whose client went away (once a second). */
void dp_captures_run(struct dpif *);

/* Removes 'port' from every capture (it is being deleted); a capture left
 * without ports is closed, so its client sees the end of the stream. */
void dp_captures_port_deleted(struct dpif *, const struct dp_port *port);

/* Closes every capture of bridge 'br' (it is being deleted). */
void dp_captures_bridge_deleted(struct dpif *, const struct dp_bridge *br);

/* Frees every capture (dpif destruction). */
void dp_captures_destroy(struct dp_captures *);

#endif /* datapath/capture.h */
