/* Internal form of OpenFlow actions and instructions, independent of the
 * wire version.  The codec turns OF1.0 and OF1.3 actions into these and
 * back; the pipeline and the datapath's executor run them; the flow
 * syntax printer shows them as ovs-ofctl does.
 *
 * An action list is an array of 'struct ofpact' (fixed size, no
 * pointers), so a rule's actions are one allocation and can be copied
 * with memcpy.  Ordering is kept exactly as received: flow stats echo
 * actions back in the same order.  Plain data; safe from any thread. */
#ifndef SLUICE_OFPACT_H
#define SLUICE_OFPACT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/meta-flow.h"

/* Reserved OpenFlow port numbers (OF1.3 numbering; the OF1.0 codec maps
 * its 16-bit 0xfff8.. range onto these). */
#define OFPP_MAX 0xffffff00u
#define OFPP_IN_PORT 0xfffffff8u
#define OFPP_TABLE 0xfffffff9u
#define OFPP_NORMAL 0xfffffffau
#define OFPP_FLOOD 0xfffffffbu
#define OFPP_ALL 0xfffffffcu
#define OFPP_CONTROLLER 0xfffffffdu
#define OFPP_LOCAL 0xfffffffeu
#define OFPP_ANY 0xffffffffu        /* OF1.0 OFPP_NONE. */

#define OFPG_MAX 0xffffff00u
#define OFPG_ALL 0xfffffffcu
#define OFPG_ANY 0xffffffffu

#define OFPCML_NO_BUFFER 0xffffu

enum ofpact_type {
    OFPACT_OUTPUT,           /* 'output'. */
    OFPACT_GROUP,            /* 'group_id'. */
    OFPACT_SET_QUEUE,        /* 'queue_id'. */
    OFPACT_SET_FIELD,        /* 'set_field' (OF1.3 set_field; OF1.0
                              * set_dl_src/dst, set_nw_src/dst/tos,
                              * set_tp_src/dst map here). */
    OFPACT_SET_VLAN_VID,     /* OF1.0 only: 'vlan_vid' (pushes a tag if
                              * none). */
    OFPACT_SET_VLAN_PCP,     /* OF1.0 only: 'vlan_pcp' (pushes a tag if
                              * none). */
    OFPACT_STRIP_VLAN,       /* OF1.0 strip_vlan. */
    OFPACT_PUSH_VLAN,        /* 'ethertype': 0x8100 or 0x88a8. */
    OFPACT_POP_VLAN,
    OFPACT_PUSH_MPLS,        /* 'ethertype': 0x8847 or 0x8848. */
    OFPACT_POP_MPLS,         /* 'ethertype': the payload's EtherType. */
    OFPACT_PUSH_PBB,         /* 'ethertype': 0x88e7. */
    OFPACT_POP_PBB,
    OFPACT_COPY_TTL_OUT,
    OFPACT_COPY_TTL_IN,
    OFPACT_SET_MPLS_TTL,     /* 'ttl'. */
    OFPACT_DEC_MPLS_TTL,
    OFPACT_SET_NW_TTL,       /* 'ttl'. */
    OFPACT_DEC_NW_TTL,
};

struct ofpact {
    enum ofpact_type type;
    union {
        struct {
            uint32_t port;           /* OF port or OFPP_*. */
            uint16_t max_len;        /* For OFPP_CONTROLLER. */
        } output;
        uint32_t group_id;
        uint32_t queue_id;
        struct {
            enum mf_field_id field;
            union mf_value value;
        } set_field;
        uint16_t vlan_vid;           /* Host order, 0..4095. */
        uint8_t vlan_pcp;            /* 0..7. */
        uint16_t ethertype;          /* Host order. */
        uint8_t ttl;
    };
};

/* A rule's instructions, in the fixed order in which OF1.3 executes and
 * encodes them: meter, apply_actions, clear_actions, write_actions,
 * write_metadata, goto_table.  Owns its arrays. */
struct ofpinsts {
    uint32_t meter_id;               /* 0: none. */
    bool has_apply;                  /* An apply_actions instruction is
                                      * present (possibly empty). */
    struct ofpact *apply;
    size_t n_apply;
    bool clear_actions;
    bool has_write;
    struct ofpact *write;            /* At most one action of each type,
                                      * as the spec's action set. */
    size_t n_write;
    bool has_write_metadata;
    uint64_t metadata;               /* Host order. */
    uint64_t metadata_mask;
    int goto_table;                  /* -1: none. */
};

void ofpinsts_init(struct ofpinsts *);
void ofpinsts_clone(struct ofpinsts *dst, const struct ofpinsts *src);
void ofpinsts_destroy(struct ofpinsts *);       /* Frees the arrays. */
bool ofpinsts_equal(const struct ofpinsts *, const struct ofpinsts *);
/* True if any action in 'insts' outputs to 'port' (OFPP_ANY: always true),
 * for the out_port filter of flow_mod delete and flow stats. */
bool ofpinsts_outputs_to_port(const struct ofpinsts *, uint32_t port);
/* Likewise for groups and out_group. */
bool ofpinsts_outputs_to_group(const struct ofpinsts *, uint32_t group);

#endif /* ofproto/ofpact.h */
