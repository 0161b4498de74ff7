/* NORMAL switching; see normal.h for the contract. */
#include "ofproto/normal.h"

#include <string.h>
#include "ofproto/mac-learning.h"

#define VID_MASK 0x0fff
#define PCP_MASK 0xe000

void
normal_port_init(struct normal_port *port, int ofport,
                 enum normal_vlan_mode mode, int tag,
                 const uint16_t *trunks, size_t n_trunks)
{
    memset(port, 0, sizeof *port);
    port->ofport = ofport;
    port->vlan_mode = mode;
    port->tag = tag;
    port->all_vlans = n_trunks == 0;
    for (size_t i = 0; i < n_trunks; i++) {
        uint16_t v = trunks[i] & VID_MASK;
        port->trunks[v / 64] |= UINT64_C(1) << (v % 64);
    }
}

static bool
trunks_vlan(const struct normal_port *port, uint16_t vlan)
{
    return port->all_vlans
           || (port->trunks[vlan / 64] >> (vlan % 64)) & 1;
}

bool
normal_port_carries(const struct normal_port *port, uint16_t vlan)
{
    switch (port->vlan_mode) {
    case NORMAL_VLAN_ACCESS:
        return port->tag >= 0 && vlan == port->tag;
    case NORMAL_VLAN_TRUNK:
        return trunks_vlan(port, vlan);
    case NORMAL_VLAN_NATIVE_TAGGED:
    case NORMAL_VLAN_NATIVE_UNTAGGED:
        return (port->tag >= 0 && vlan == port->tag)
               || (vlan != 0 && trunks_vlan(port, vlan));
    }
    return false;
}

/* Works out the VLAN of 'frame' received on 'port', or returns -1 if the
 * port does not accept it. */
static int
input_vlan(const struct normal_port *port, const struct normal_frame *frame)
{
    uint16_t vid = frame->tagged ? frame->tci & VID_MASK : 0;
    switch (port->vlan_mode) {
    case NORMAL_VLAN_ACCESS:
        return vid == 0 && port->tag >= 0 ? port->tag : -1;
    case NORMAL_VLAN_TRUNK:
        return trunks_vlan(port, vid) ? vid : -1;
    case NORMAL_VLAN_NATIVE_TAGGED:
    case NORMAL_VLAN_NATIVE_UNTAGGED:
        if (vid == 0) {
            return port->tag >= 0 ? port->tag : -1;
        }
        return normal_port_carries(port, vid) ? vid : -1;
    }
    return -1;
}

int
normal_input_vlan(const struct normal_port *port,
                  const struct normal_frame *frame)
{
    return input_vlan(port, frame);
}

/* Fills in the egress tag of 'out' for VLAN 'vlan' leaving on 'port',
 * keeping priority 'pcp'. */
static void
output_tag(const struct normal_port *port, uint16_t vlan, uint16_t pcp,
           struct normal_output *out)
{
    switch (port->vlan_mode) {
    case NORMAL_VLAN_ACCESS:
        out->tagged = false;
        break;
    case NORMAL_VLAN_TRUNK:
    case NORMAL_VLAN_NATIVE_TAGGED:
        out->tagged = vlan != 0;
        break;
    case NORMAL_VLAN_NATIVE_UNTAGGED:
        out->tagged = vlan != 0 && vlan != port->tag;
        break;
    }
    out->tci = out->tagged ? (pcp | vlan) : 0;
}

static bool
is_reserved(const uint8_t *dst)
{
    return dst[0] == 0x01 && dst[1] == 0x80 && dst[2] == 0xc2
           && dst[3] == 0x00 && dst[4] == 0x00 && (dst[5] & 0xf0) == 0;
}

enum normal_verdict
normal_switch(const struct normal_port *const *ports, size_t n_ports,
              size_t in_idx, struct mac_table *macs,
              const struct normal_frame *frame, long long now,
              struct normal_output *out, size_t *n_out)
{
    const struct normal_port *in = ports[in_idx];
    *n_out = 0;

    if (is_reserved(frame->dst)) {
        return NORMAL_DROP_RESERVED;
    }
    int vlan = input_vlan(in, frame);
    if (vlan < 0) {
        return NORMAL_DROP_VLAN;
    }
    uint16_t pcp = frame->tagged ? frame->tci & PCP_MASK : 0;

    mac_table_learn(macs, frame->src, vlan, in->ofport, now);

    if (!(frame->dst[0] & 1)) {
        int ofport = mac_table_lookup(macs, frame->dst, vlan, now);
        if (ofport == in->ofport) {
            return NORMAL_DROP_SAME_PORT;
        }
        if (ofport >= 0) {
            for (size_t i = 0; i < n_ports; i++) {
                if (ports[i]->ofport == ofport
                    && normal_port_carries(ports[i], vlan)) {
                    out[0].port_idx = i;
                    output_tag(ports[i], vlan, pcp, &out[0]);
                    *n_out = 1;
                    return NORMAL_FORWARD;
                }
            }
        }
    }

    size_t n = 0;
    for (size_t i = 0; i < n_ports; i++) {
        if (i != in_idx && normal_port_carries(ports[i], vlan)) {
            out[n].port_idx = i;
            output_tag(ports[i], vlan, pcp, &out[n]);
            n++;
        }
    }
    *n_out = n;
    return NORMAL_FLOOD;
}

const char *
normal_verdict_to_string(enum normal_verdict verdict)
{
    switch (verdict) {
    case NORMAL_FORWARD:
        return "forward";
    case NORMAL_FLOOD:
        return "flood";
    case NORMAL_DROP_RESERVED:
        return "drop: reserved multicast";
    case NORMAL_DROP_VLAN:
        return "drop: VLAN not allowed on input port";
    case NORMAL_DROP_SAME_PORT:
        return "drop: destination is on the input port";
    }
    return "unknown";
}
