/* NORMAL switching: the forwarding decision of a learning 802.1Q bridge,
 * as a pure function from (input port, frame's L2 header, MAC table,
 * time) to a set of (output port, egress tag) pairs.
 *
 * VLAN semantics follow OVS's Port.vlan_mode:
 *   - access (tag N): accepts untagged or priority-tagged (VID 0) frames,
 *     which belong to VLAN N; drops other tagged frames; sends untagged.
 *   - trunk: a tagged frame belongs to its VID, an untagged one to VLAN 0;
 *     the port carries the VLANs in 'trunks' (all if none are listed); it
 *     sends VLAN 0 untagged and every other VLAN tagged.
 *   - native-tagged (tag N): like trunk, but untagged or priority-tagged
 *     input belongs to VLAN N, and VLAN N is always carried, tagged.
 *   - native-untagged: like native-tagged, but VLAN N egresses untagged.
 * Frames in a VLAN the input port does not carry are dropped.  Frames to
 * 01:80:C2:00:00:00-0F (802.1D reserved) are never forwarded.  Sources
 * are learned per (VLAN, MAC) when unicast; known unicast destinations go
 * to their port (if it carries the VLAN and is not the input port),
 * everything else floods to every port carrying the VLAN but the input.
 *
 * The module does no I/O and reads no clock.  It is called by the
 * datapath thread that owns the MAC table; it keeps no state itself. */
#ifndef SLUICE_NORMAL_H
#define SLUICE_NORMAL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mac_table;

enum normal_vlan_mode {
    NORMAL_VLAN_ACCESS,
    NORMAL_VLAN_TRUNK,
    NORMAL_VLAN_NATIVE_TAGGED,
    NORMAL_VLAN_NATIVE_UNTAGGED
};

#define NORMAL_VLAN_WORDS (4096 / 64)

/* A port's switching configuration.  Callers usually embed it in their
 * own port structure. */
struct normal_port {
    int ofport;
    enum normal_vlan_mode vlan_mode;
    int tag;                            /* Access/native VLAN, or -1. */
    bool all_vlans;                     /* 'trunks' was empty. */
    uint64_t trunks[NORMAL_VLAN_WORDS]; /* Bitmap of trunked VLANs. */
};

/* Sets up 'port' from a configuration: 'tag' (-1 for none) and the
 * 'n_trunks' VLANs in 'trunks' (none means all). */
void normal_port_init(struct normal_port *port, int ofport,
                      enum normal_vlan_mode mode, int tag,
                      const uint16_t *trunks, size_t n_trunks);

/* Returns true if 'port' carries VLAN 'vlan'. */
bool normal_port_carries(const struct normal_port *port, uint16_t vlan);

/* The parts of a received frame that NORMAL looks at.  'tagged' and 'tci'
 * describe its 802.1Q tag (from the frame or from the kernel's metadata),
 * if any. */
struct normal_frame {
    const uint8_t *dst;
    const uint8_t *src;
    bool tagged;
    uint16_t tci;               /* PCP, DEI and VID, host byte order. */
};

/* One output: port index into the caller's array and the egress tag. */
struct normal_output {
    uint32_t port_idx;
    bool tagged;
    uint16_t tci;               /* Valid if 'tagged'. */
};

enum normal_verdict {
    NORMAL_FORWARD,             /* Unicast to a learned port. */
    NORMAL_FLOOD,               /* Unknown, multicast or broadcast. */
    NORMAL_DROP_RESERVED,       /* 01:80:C2:00:00:0X. */
    NORMAL_DROP_VLAN,           /* VLAN not allowed on the input port. */
    NORMAL_DROP_SAME_PORT       /* Destination is on the input port. */
};

/* Switches 'frame' received on 'ports[in_idx]' of a bridge whose ports
 * are the 'n_ports' entries of 'ports' and whose MAC table is 'macs',
 * at time 'now' (ms): learns the source in 'macs', and stores the
 * outputs in 'out' (room for 'n_ports' entries) and their number in
 * '*n_out'.  Returns the verdict; '*n_out' is 0 for the drop verdicts
 * (and for a flood with no eligible port).  Outputs come in 'ports'
 * order. */
enum normal_verdict normal_switch(const struct normal_port *const *ports,
                                  size_t n_ports, size_t in_idx,
                                  struct mac_table *macs,
                                  const struct normal_frame *frame,
                                  long long now, struct normal_output *out,
                                  size_t *n_out);

/* Returns the VLAN that 'frame' received on 'port' belongs to (the VLAN
 * normal_switch() learns its source in), or -1 if the port does not
 * accept it.  The datapath uses it to keep learning on flow cache hits. */
int normal_input_vlan(const struct normal_port *port,
                      const struct normal_frame *frame);

/* Returns the name of 'verdict', e.g. "flood", for traces and logs. */
const char *normal_verdict_to_string(enum normal_verdict verdict);

#endif /* ofproto/normal.h */
