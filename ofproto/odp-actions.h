/* Datapath actions: the flat, fully resolved action list that the
 * pipeline (ofproto/xlate.h) produces for one flow and the datapath's
 * executor applies to every packet of that flow.
 *
 * Everything that depends on the flow is resolved at translation time:
 * output ports are concrete (FLOOD, ALL and IN_PORT are expanded; NORMAL
 * became the outputs it chose), TTL decrements and copy_ttl_in/out became
 * SET_*_TTL with the computed value, group buckets are chosen.  That is
 * correct because the flow cache is keyed by the exact flow.
 *
 * The executor runs the actions in order on one packet: header changes
 * apply to the packet in place and an OUTPUT sends the packet as it is at
 * that point.  ODP_CLONE(n) runs the next 'n' actions (which may include
 * nested clones, counted in 'n') on a private copy of the packet, after
 * which execution continues with the packet as it was before the clone.
 *
 * Capacity is bounded (ODP_MAX_ACTIONS): a translation that would need
 * more sets 'overflow' and the datapath drops the packet (and counts it).
 *
 * Plain data; safe from any thread. */
#ifndef SLUICE_ODP_ACTIONS_H
#define SLUICE_ODP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/flow.h"
#include "ofproto/meta-flow.h"

#define ODP_MAX_ACTIONS 64

enum odp_action_type {
    ODP_OUTPUT,          /* 'port': an OpenFlow port number of the bridge
                          * (OFPP_LOCAL for the bridge's local port). */
    ODP_SET_FIELD,       /* 'set_field': write the field, fixing IP/L4
                          * checksums.  MFF_TUNNEL_ID is metadata only.
                          * MFF_VLAN_VID/PCP apply to the outermost tag
                          * (the translation emits them only if there is
                          * one).  MFF_IP_TTL sets the IPv4 TTL or IPv6
                          * hop limit. */
    ODP_PUSH_VLAN,       /* 'push_vlan': new outermost tag. */
    ODP_POP_VLAN,        /* Remove the outermost tag. */
    ODP_PUSH_MPLS,       /* 'push_mpls': new outermost label stack entry,
                          * EtherType becomes 'ethertype'. */
    ODP_POP_MPLS,        /* 'ethertype': EtherType after the pop. */
    ODP_PUSH_PBB,        /* 'push_pbb': add B-DA, B-SA (copies of the
                          * current DA/SA), EtherType 0x88e7 and an I-tag
                          * with 'isid'; the old frame (from its DA)
                          * becomes the encapsulated customer frame. */
    ODP_POP_PBB,         /* Remove the B-DA/B-SA/I-tag encapsulation. */
    ODP_SET_MPLS_TTL,    /* 'ttl' into the outermost LSE. */
    ODP_SET_NW_TTL,      /* 'ttl' into the IPv4 TTL (checksum fixed) or
                          * IPv6 hop limit. */
    ODP_CONTROLLER,      /* 'controller': send a packet-in with the packet
                          * as it is now. */
    ODP_SET_QUEUE,       /* 'queue_id' for the following outputs. */
    ODP_CLONE,           /* 'clone_len': see above. */
    ODP_COPY_TTL_OUT,    /* Copy the TTL of the header below the outermost
                          * MPLS LSE (next LSE or IP) into it: emitted when
                          * the translation cannot know that value. */
    ODP_COPY_TTL_IN,     /* Copy the outermost LSE's TTL into the header
                          * below it (next LSE or IP). */
};

struct odp_action {
    enum odp_action_type type;
    union {
        uint32_t port;
        struct {
            enum mf_field_id field;
            union mf_value value;      /* Wire layout, see meta-flow.h. */
        } set_field;
        struct {
            uint16_t tpid;             /* 0x8100 or 0x88a8, host order. */
            uint16_t tci;              /* PCP|DEI|VID, host order. */
        } push_vlan;
        struct {
            uint16_t ethertype;        /* 0x8847/0x8848, host order. */
            uint32_t lse;              /* The new LSE, host order. */
        } push_mpls;
        uint16_t ethertype;            /* ODP_POP_MPLS, host order. */
        struct {
            uint32_t isid;             /* Low 24 bits. */
        } push_pbb;
        uint8_t ttl;
        struct {
            uint8_t reason;            /* enum ofp_packet_in_reason. */
            uint8_t table_id;
            uint16_t max_len;          /* OFPCML_NO_BUFFER: whole frame. */
            uint64_t cookie;
            ovs_be64 metadata;         /* For the packet-in's match. */
            ovs_be64 tunnel_id;
        } controller;
        uint32_t queue_id;
        uint32_t clone_len;
    };
};

struct odp_actions {
    struct odp_action actions[ODP_MAX_ACTIONS];
    size_t n;
    bool overflow;               /* Something did not fit: drop. */
};

static inline void
odp_actions_init(struct odp_actions *odp)
{
    odp->n = 0;
    odp->overflow = false;
}

/* Appends an action of 'type' and returns it (zeroed but for 'type'), or
 * returns NULL and sets 'overflow' if 'odp' is full. */
struct odp_action *odp_actions_put(struct odp_actions *odp,
                                   enum odp_action_type type);

/* Convenience for ODP_OUTPUT. */
void odp_actions_put_output(struct odp_actions *odp, uint32_t port);

/* Returns a short name for 'type', e.g. "push_vlan", for traces. */
const char *odp_action_type_to_string(enum odp_action_type type);

#endif /* ofproto/odp-actions.h */
