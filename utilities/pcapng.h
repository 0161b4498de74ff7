/* pcapng writer: the section header, interface description and enhanced
 * packet blocks that tcpdump, tshark and wireshark read
 * (draft-ietf-opsawg-pcapng), in host byte order.
 *
 * Interfaces get nanosecond timestamps (if_tsresol 9) and their names
 * (if_name); each packet carries epb_flags with its direction.  Functions
 * return 0 or an errno from writing to the stream.
 *
 * Thread: any; a stream is used by one thread at a time. */
#ifndef SLUICE_PCAPNG_H
#define SLUICE_PCAPNG_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Link type of Ethernet frames. */
#define PCAPNG_LINKTYPE_ETHERNET 1

enum pcapng_direction {
    PCAPNG_DIR_UNKNOWN = 0,
    PCAPNG_DIR_INBOUND = 1,
    PCAPNG_DIR_OUTBOUND = 2
};

/* Writes a section header and one interface description block per name
 * in 'ifnames' (interface ids 0 to 'n' - 1). */
int pcapng_write_header(FILE *, const char *const *ifnames, size_t n,
                        uint32_t snaplen, uint16_t linktype);

/* Writes one enhanced packet block: 'caplen' bytes of 'data' of a frame
 * that was 'origlen' bytes long, seen on interface 'if_id' at 'ts_ns'
 * (nanoseconds since the epoch) in 'dir'. */
int pcapng_write_packet(FILE *, uint32_t if_id, uint64_t ts_ns,
                        const void *data, uint32_t caplen, uint32_t origlen,
                        enum pcapng_direction dir);

#endif /* utilities/pcapng.h */
