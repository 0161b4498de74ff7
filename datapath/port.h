/* Port providers: the ways the datapath sends and receives frames.
 *
 * Each provider is a 'const struct port_class' (afpacket for existing
 * devices, tap for VM taps, internal for the bridge's own interface, dummy
 * for tests).  A concrete port embeds 'struct port' and gets back to
 * itself with CONTAINER_OF.
 *
 * Threads: open, close, get_status and set_mtu run on the control thread
 * (they may sleep in syscalls); recv and send run on the datapath thread
 * that owns the port, and must neither block nor allocate.  A port is
 * only ever closed after the datapath thread has let go of it. */
#ifndef SLUICE_PORT_H
#define SLUICE_PORT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "datapath/packet.h"

struct port_class;

struct port {
    const struct port_class *class;
    char *name;
};

/* Device state reported by a port class. */
struct port_dev_status {
    uint8_t mac[6];
    int mtu;
    bool link_up;
    bool admin_up;
    uint64_t kernel_rx_dropped;   /* Drops the kernel counted for us. */
};

/* Per-port counters of the provider, added to the datapath's own. */
struct port_io_stats {
    uint64_t rx_errors;           /* Truncated or malformed frames. */
    uint64_t tx_dropped;          /* Kernel had no room. */
    uint64_t tx_errors;           /* Other send failures. */
};

struct port_class {
    const char *type;             /* "system", "tap", "internal", "dummy". */

    /* Opens (creating it if the class creates devices) device 'name'.
     * On success stores the port in '*portp' and returns 0; on failure
     * returns a positive errno and stores a malloc'd reason in
     * '*errorp'. */
    int (*open)(const char *name, struct port **portp, char **errorp);

    /* Closes 'port' and frees it.  If 'delete_device', also deletes a
     * device the class creates (tap, internal). */
    void (*close)(struct port *port, bool delete_device);

    /* Returns the fd to wait on for input (EPOLLIN), or -1 if the port
     * is never readable (dummy: input is injected). */
    int (*get_fd)(const struct port *port);

    /* Receives up to DP_BATCH_SIZE frames into 'batch', parsed with
     * dp_packet_parse(); sets 'batch->n'.  Never blocks.  Returns 0, or
     * EAGAIN if nothing was waiting, or another errno. */
    int (*recv)(struct port *port, struct dp_packet_batch *batch);

    /* Sends the 'n' frames in 'items' (preparing each with
     * dp_tx_item_prepare()).  Never blocks; frames the kernel cannot take
     * are counted as dropped.  Sets 'items[i].pkt' to NULL for each frame
     * that was not sent, and returns the number sent. */
    size_t (*send)(struct port *port, struct dp_tx_item *items, size_t n);

    /* Adds this port's provider counters to '*stats'.  Datapath thread. */
    void (*get_io_stats)(const struct port *port,
                         struct port_io_stats *stats);

    /* Reads MAC, MTU, link state and kernel drop count of the device. */
    int (*get_status)(const struct port *port,
                      struct port_dev_status *status);

    /* Sets the device MTU.  Returns 0 or an errno. */
    int (*set_mtu)(struct port *port, int mtu);
};

extern const struct port_class port_afpacket_class;
extern const struct port_class port_tap_class;
extern const struct port_class port_internal_class;
extern const struct port_class port_dummy_class;

/* Dummy ports' test hooks (datapath thread, via dpif).  Inject copies
 * the frame into the receive queue; take pops the oldest transmitted
 * frame, returning EAGAIN if there is none and EMSGSIZE (after dropping
 * it) if it does not fit 'size'. */
int port_dummy_inject(struct port *, const void *data, size_t len);
int port_dummy_take(struct port *, void *buf, size_t size, size_t *lenp);

#endif /* datapath/port.h */
