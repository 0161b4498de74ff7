/* Internal, version-independent forms of the OpenFlow messages that carry
 * more than a header: what the codec decodes requests into and encodes
 * replies and async messages from, and what the OpenFlow switch core
 * (ofproto/ofproto.h) consumes and produces.
 *
 * Values are in host byte order except inside 'struct match' (see
 * lib/flow.h).  Structs that own arrays say so; each has a _destroy or
 * _uninit in the codec.  Plain data; safe from any thread. */
#ifndef SLUICE_OFP_MSGS_H
#define SLUICE_OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/flow.h"
#include "ofproto/match.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofpact.h"

/* Wire versions. */
#define OFP10_VERSION 0x01
#define OFP13_VERSION 0x04
#define OFP14_VERSION 0x05

#define OFPTT_MAX 0xfe               /* Highest table id. */
#define OFPTT_ALL 0xff
#define SLUICE_N_TABLES 254          /* Tables 0..253. */
#define OFP_NO_BUFFER 0xffffffffu
#define OFP_DEFAULT_PRIORITY 0x8000

/* Flow mod commands and flags (OF1.3 values; the OF1.0 codec maps). */
enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};
#define OFPFF_SEND_FLOW_REM (1 << 0)
#define OFPFF_CHECK_OVERLAP (1 << 1)
#define OFPFF_RESET_COUNTS (1 << 2)
#define OFPFF_NO_PKT_COUNTS (1 << 3)
#define OFPFF_NO_BYT_COUNTS (1 << 4)
#define OFPFF10_EMERG (1 << 2)       /* OF1.0 only; rejected. */

struct ofp_flow_mod {
    uint8_t version;                 /* Wire version it came in (OF1.0's
                                      * modify adds when nothing matches;
                                      * OF1.0 has a single table). */
    struct match match;
    uint16_t priority;
    uint8_t table_id;                /* OFPTT_ALL only for deletes. */
    enum ofp_flow_mod_command command;
    uint64_t cookie;
    uint64_t cookie_mask;
    uint64_t new_cookie;             /* OF1.0 modify: cookie to set
                                      * (UINT64_MAX: keep). */
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t flags;                  /* OFPFF_*. */
    uint32_t buffer_id;
    uint32_t out_port;               /* OFPP_ANY: no filter. */
    uint32_t out_group;              /* OFPG_ANY: no filter. */
    struct ofpinsts insts;           /* Owned. */
};

/* Groups. */
enum ofp_group_mod_command {
    OFPGC_ADD = 0,
    OFPGC_MODIFY = 1,
    OFPGC_DELETE = 2,
};
enum ofp_group_type {
    OFPGT_ALL = 0,
    OFPGT_SELECT = 1,
    OFPGT_INDIRECT = 2,
    OFPGT_FF = 3,
};

struct ofp_bucket {
    uint16_t weight;
    uint32_t watch_port;             /* OFPP_ANY: none. */
    uint32_t watch_group;            /* OFPG_ANY: none. */
    struct ofpact *actions;          /* Owned. */
    size_t n_actions;
};

struct ofp_group_mod {
    enum ofp_group_mod_command command;
    enum ofp_group_type type;
    uint32_t group_id;
    struct ofp_bucket *buckets;      /* Owned. */
    size_t n_buckets;
};

/* Flow statistics: a request (also for aggregate stats) and one entry. */
struct ofp_flow_stats_request {
    bool aggregate;
    uint8_t table_id;                /* OFPTT_ALL: every table. */
    uint32_t out_port;
    uint32_t out_group;
    uint64_t cookie;
    uint64_t cookie_mask;
    struct match match;
};

struct ofp_flow_stats {
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t priority;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t flags;
    uint64_t cookie;
    uint64_t packet_count;
    uint64_t byte_count;
    struct match match;
    struct ofpinsts insts;           /* Owned. */
};

struct ofp_aggregate_stats {
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t flow_count;
};

struct ofp_table_stats {
    uint8_t table_id;
    uint32_t active_count;
    uint64_t lookup_count;
    uint64_t matched_count;
};

/* Ports. */
#define OFPPC_PORT_DOWN (1 << 0)
#define OFPPC_NO_RECV (1 << 2)
#define OFPPC_NO_FWD (1 << 5)
#define OFPPC_NO_PACKET_IN (1 << 6)
#define OFPPS_LINK_DOWN (1 << 0)
#define OFPPS_BLOCKED (1 << 1)
#define OFPPS_LIVE (1 << 2)
#define OFPPF_10GB_FD (1 << 6)
#define OFPPF_COPPER (1 << 11)

struct ofp_port_desc {
    uint32_t port_no;
    struct eth_addr hw_addr;
    char name[16];
    uint32_t config;                 /* OFPPC_*. */
    uint32_t state;                  /* OFPPS_*. */
    uint32_t curr, advertised, supported, peer;      /* OFPPF_*. */
    uint32_t curr_speed, max_speed;  /* kbps. */
};

struct ofp_port_stats {
    uint32_t port_no;
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
    uint32_t duration_sec, duration_nsec;
};

struct ofp_port_mod {
    uint32_t port_no;
    struct eth_addr hw_addr;
    uint32_t config;
    uint32_t mask;
    uint32_t advertise;
};

enum ofp_port_reason {
    OFPPR_ADD = 0,
    OFPPR_DELETE = 1,
    OFPPR_MODIFY = 2,
};

struct ofp_port_status {
    enum ofp_port_reason reason;
    struct ofp_port_desc desc;
};

/* Group statistics and descriptions. */
struct ofp_group_stats {
    uint32_t group_id;
    uint32_t ref_count;
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t duration_sec, duration_nsec;
    size_t n_buckets;
    struct {
        uint64_t packet_count;
        uint64_t byte_count;
    } *buckets;                      /* Owned. */
};

/* Asynchronous messages. */
enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,
    OFPR_ACTION = 1,
    OFPR_INVALID_TTL = 2,
};

struct ofp_packet_in {
    uint32_t buffer_id;
    uint16_t total_len;
    enum ofp_packet_in_reason reason;
    uint8_t table_id;
    uint64_t cookie;
    struct match match;              /* Pipeline fields: in_port, and
                                      * metadata/tunnel_id if nonzero. */
    const void *data;                /* Not owned. */
    size_t len;                      /* Bytes of 'data' included. */
};

enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,
};

struct ofp_flow_removed {
    uint64_t cookie;
    uint16_t priority;
    enum ofp_flow_removed_reason reason;
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    uint16_t idle_timeout, hard_timeout;
    uint64_t packet_count, byte_count;
    struct match match;
};

struct ofp_packet_out {
    uint32_t buffer_id;
    uint32_t in_port;                /* OFPP_CONTROLLER if none. */
    struct ofpact *actions;          /* Owned. */
    size_t n_actions;
    const void *data;                /* Not owned: points into the
                                      * received message. */
    size_t len;
};

/* Switch configuration (GET/SET_CONFIG). */
#define OFPC_FRAG_MASK 3
struct ofp_switch_config {
    uint16_t flags;
    uint16_t miss_send_len;
};

/* Roles (OF1.3 ROLE_REQUEST/REPLY). */
enum ofp_controller_role {
    OFPCR_ROLE_NOCHANGE = 0,
    OFPCR_ROLE_EQUAL = 1,
    OFPCR_ROLE_MASTER = 2,
    OFPCR_ROLE_SLAVE = 3,
};

struct ofp_role {
    enum ofp_controller_role role;
    uint64_t generation_id;
};

/* GET/SET_ASYNC: for [0] master/equal and [1] slave, bitmaps of packet-in
 * reasons, port-status reasons and flow-removed reasons. */
struct ofp_async_config {
    uint32_t packet_in_mask[2];
    uint32_t port_status_mask[2];
    uint32_t flow_removed_mask[2];
};

#endif /* ofproto/ofp-msgs.h */
