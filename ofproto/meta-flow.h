/* Meta-flow: the table of every field OpenFlow can match or set, and the
 * single place that knows, for each one, its OXM identity, width, ovs-ofctl
 * name, whether it can be masked or set, its prerequisites, and where it
 * lives in 'struct flow'.
 *
 * The OpenFlow codec (OXM and OF1.0 match encoding, set_field), the flow
 * syntax parser and printer (sluice-ofctl, ofproto/trace) and the action
 * executor all go through this table, so adding a field is one row here.
 * Read-only data: safe from any thread. */
#ifndef SLUICE_META_FLOW_H
#define SLUICE_META_FLOW_H 1

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "lib/flow.h"

enum mf_field_id {
    MFF_IN_PORT,         /* OXM_OF_IN_PORT, 32 bits. */
    MFF_IN_PHY_PORT,
    MFF_METADATA,
    MFF_ETH_DST,
    MFF_ETH_SRC,
    MFF_ETH_TYPE,
    MFF_VLAN_VID,        /* OF1.3 semantics: 13 bits, OFPVID_PRESENT. */
    MFF_VLAN_PCP,
    MFF_IP_DSCP,         /* 6 bits, value not shifted (0..63). */
    MFF_IP_ECN,
    MFF_IP_PROTO,
    MFF_IPV4_SRC,
    MFF_IPV4_DST,
    MFF_TCP_SRC,
    MFF_TCP_DST,
    MFF_UDP_SRC,
    MFF_UDP_DST,
    MFF_SCTP_SRC,
    MFF_SCTP_DST,
    MFF_ICMPV4_TYPE,
    MFF_ICMPV4_CODE,
    MFF_ARP_OP,
    MFF_ARP_SPA,
    MFF_ARP_TPA,
    MFF_ARP_SHA,
    MFF_ARP_THA,
    MFF_IPV6_SRC,
    MFF_IPV6_DST,
    MFF_IPV6_LABEL,
    MFF_ICMPV6_TYPE,
    MFF_ICMPV6_CODE,
    MFF_ND_TARGET,
    MFF_ND_SLL,
    MFF_ND_TLL,
    MFF_MPLS_LABEL,
    MFF_MPLS_TC,
    MFF_MPLS_BOS,
    MFF_PBB_ISID,
    MFF_TUNNEL_ID,
    MFF_IPV6_EXTHDR,
    MFF_PBB_UCA,         /* OF1.4. */
    MFF_IP_TTL,          /* Not an OXM field: for dec/set_nw_ttl, trace. */
    MFF_N_IDS
};

/* A field's value or mask, in network byte order, left-aligned in the
 * union's first 'n_bytes' bytes. */
union mf_value {
    uint8_t u8;
    ovs_be16 be16;
    ovs_be32 be32;
    ovs_be64 be64;
    struct eth_addr mac;
    struct in6_addr ipv6;
    uint8_t bytes[16];
};

/* Prerequisites (OF1.3 spec, table 11), as a chain of requirements. */
enum mf_prereqs {
    MFP_NONE,
    MFP_ARP,             /* eth_type=0x0806. */
    MFP_VLAN_VID,        /* vlan_vid != NONE (for vlan_pcp). */
    MFP_IPV4,
    MFP_IPV6,
    MFP_IP_ANY,          /* eth_type=0x0800 or 0x86dd. */
    MFP_MPLS,
    MFP_PBB,
    MFP_TCP,             /* ip_proto=6 (with IP_ANY). */
    MFP_UDP,
    MFP_SCTP,
    MFP_ICMPV4,          /* ipv4 and ip_proto=1. */
    MFP_ICMPV6,          /* ipv6 and ip_proto=58. */
    MFP_ND_SOLICIT,      /* icmpv6_type=135. */
    MFP_ND_ADVERT,       /* icmpv6_type=136. */
    MFP_ND,              /* icmpv6_type=135 or 136. */
};

struct mf_field {
    enum mf_field_id id;
    const char *name;            /* OXM-style name, e.g. "eth_src". */
    const char *ofctl_name;      /* The name ovs-ofctl prints, e.g.
                                  * "dl_src", or NULL if same as 'name'. */
    unsigned int n_bytes;        /* Width in bytes on the wire. */
    unsigned int n_bits;         /* Significant bits. */
    bool maskable;               /* OXM allows a mask. */
    bool settable;               /* set_field allowed. */
    enum mf_prereqs prereqs;
    int oxm_field;               /* OXM field number in OFPXMC_OPENFLOW_BASIC,
                                  * or -1. */
};

/* Returns the field with 'id'. */
const struct mf_field *mf_from_id(enum mf_field_id id);
/* Returns the field named 'name' (OXM name or ovs-ofctl alias), or NULL. */
const struct mf_field *mf_from_name(const char *name);
/* Returns the OFPXMC_OPENFLOW_BASIC field with OXM number 'oxm_field', or
 * NULL. */
const struct mf_field *mf_from_oxm_field(int oxm_field);

/* Reads 'field' from 'flow' into 'value' (wire layout). */
void mf_get_value(const struct mf_field *, const struct flow *,
                  union mf_value *value);
/* Writes 'value' into 'field' of 'flow'. */
void mf_set_flow_value(const struct mf_field *, const union mf_value *value,
                       struct flow *flow);
/* Returns true if 'value' is valid for 'field' (e.g. vlan_pcp <= 7,
 * ip_dscp <= 63, mpls_label < 2^20, vlan_vid with OFPVID_PRESENT rules). */
bool mf_is_value_valid(const struct mf_field *, const union mf_value *value);
/* Returns true if the prerequisites of 'field' are met by the match whose
 * values are 'flow' and mask 'mask' (exact match on the prerequisite
 * fields, as the spec requires). */
bool mf_are_prereqs_ok(const struct mf_field *, const struct flow *flow,
                       const struct flow *mask);

#endif /* ofproto/meta-flow.h */
