/* The OpenFlow switch model of one bridge: its flow tables, rules, groups,
 * the OpenFlow view of its ports, its switch configuration and counters,
 * with the OpenFlow 1.3 (and 1.0) semantics of every request that changes
 * or reads them.
 *
 * A 'struct ofproto' is a single-threaded object with no locks.  It is
 * OWNED BY THE DATAPATH THREAD: the control thread reaches it only through
 * dpif_call() (datapath/dpif.h), which runs a function on it between two
 * packet bursts.  Time is passed in ('now', monotonic milliseconds) so
 * tests can warp it.
 *
 * Requests come in the version-independent forms of ofproto/ofp-msgs.h
 * (decoded by the codec); failures are 'ofperr' values (0 on success)
 * that the caller turns into an OFPT_ERROR.  Changes that the controller
 * must hear about (FLOW_REMOVED, PORT_STATUS) are appended to a caller's
 * 'struct ofproto_events', which the caller drains.
 *
 * Every change that can alter a forwarding decision (rules, groups, ports,
 * configuration) increments 'generation'; flow cache entries built at an
 * older generation must be retranslated.  Rule and group pointers handed
 * out by the pipeline (struct xlate_credits) stay valid until the
 * generation changes, never longer. */
#ifndef SLUICE_OFPROTO_H
#define SLUICE_OFPROTO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hmap.h"
#include "ofproto/classifier.h"
#include "ofproto/ofp-codec.h"
#include "ofproto/ofp-msgs.h"

/* OFPC_* switch configuration flag (OF1.0-1.2; kept for 1.3 as OVS does):
 * send packets whose TTL expires to the controller. */
#define OFPC_INVALID_TTL_TO_CONTROLLER (1 << 2)

/* OFPC_* capabilities advertised in FEATURES_REPLY. */
#define OFPROTO_CAPABILITIES (OFPC_FLOW_STATS | OFPC_TABLE_STATS \
                              | OFPC_PORT_STATS | OFPC_GROUP_STATS)

/* Miss send length default (OFPCML of SET_CONFIG). */
#define OFPROTO_DEFAULT_MISS_SEND_LEN 128

/* One flow entry. */
struct rule {
    struct cls_rule cr;             /* Match and priority. */
    struct rule *exp_prev, *exp_next; /* In 'expirable' if it has a
                                     * timeout. */
    uint8_t table_id;
    uint64_t cookie;
    uint16_t idle_timeout, hard_timeout;
    uint16_t flags;                 /* OFPFF_*. */
    struct ofpinsts insts;
    long long created;              /* ms. */
    long long used;                 /* Last packet (or creation), ms. */
    uint64_t packet_count, byte_count;
};

/* One group. */
struct ofgroup {
    struct hmap_node node;          /* In 'ofproto->groups'. */
    uint32_t group_id;
    enum ofp_group_type type;
    struct ofp_bucket *buckets;     /* Owned. */
    size_t n_buckets;
    uint64_t *bucket_packets, *bucket_bytes;   /* Per bucket. */
    uint64_t packet_count, byte_count;
    uint32_t n_rule_refs;           /* Rules whose insts name it. */
    long long created;
};

/* One port as OpenFlow sees it. */
struct ofport {
    struct ofp_port_desc desc;
};

struct oftable {
    struct classifier cls;          /* Of 'struct rule' (cr). */
    uint64_t lookup_count, matched_count;
    uint32_t config;                /* OFPTC_* from TABLE_MOD. */
};

enum ofproto_fail_mode {
    OFPROTO_FAIL_STANDALONE,        /* Table 0 gets "priority=0 NORMAL". */
    OFPROTO_FAIL_SECURE,            /* No default flow. */
};

struct ofproto {
    char *name;
    uint64_t datapath_id;
    uint32_t versions;              /* Bit N: wire version N allowed. */
    enum ofproto_fail_mode fail_mode;
    bool fail_open;                 /* Every packet goes to NORMAL, the
                                     * flow tables are not consulted (see
                                     * ofproto_set_fail_open()). */
    struct oftable tables[SLUICE_N_TABLES];
    struct hmap groups;             /* Of 'struct ofgroup', by id. */
    struct ofport *ports;           /* Sorted by port_no. */
    size_t n_ports, allocated_ports;
    struct ofp_switch_config config;
    struct rule *expirable;         /* List of rules with timeouts. */
    size_t n_rules;
    uint64_t generation;
};

/* Things the controller must be told, appended by the functions below.
 * The caller drains them (and then calls ofproto_events_clear()). */
struct ofproto_events {
    struct ofp_flow_removed *flow_removed;
    size_t n_flow_removed, allocated_flow_removed;
    struct ofp_port_status *port_status;
    size_t n_port_status, allocated_port_status;
};

void ofproto_events_init(struct ofproto_events *);
void ofproto_events_clear(struct ofproto_events *);     /* Empties. */
void ofproto_events_destroy(struct ofproto_events *);   /* Frees. */

/* Creates the OpenFlow state of bridge 'name' with 'datapath_id',
 * OpenFlow 1.0 and 1.3 allowed, fail mode standalone (so table 0 holds
 * the default "priority=0 actions=NORMAL" flow), no ports, no groups. */
struct ofproto *ofproto_create(const char *name, uint64_t datapath_id,
                               long long now);
/* Frees everything.  Accepts NULL. */
void ofproto_destroy(struct ofproto *);

void ofproto_set_datapath_id(struct ofproto *, uint64_t datapath_id);
/* Sets the allowed wire versions (bit N = version N).  If 1.0 is the only
 * one, table-miss sends packets to the controller as OF1.0 requires;
 * otherwise a miss drops (OF1.3) unless a table-miss rule exists. */
void ofproto_set_versions(struct ofproto *, uint32_t versions);
/* Standalone adds the default NORMAL flow to table 0 if table 0 has no
 * priority-0 catch-all flow; secure removes that flow if it is exactly
 * the default one. */
void ofproto_set_fail_mode(struct ofproto *, enum ofproto_fail_mode,
                           long long now);

/* Applies a FLOW_MOD with the spec's semantics for 'fm->version' (see
 * the implementation's comments for each command).  Appends a
 * FLOW_REMOVED to 'events' (reason DELETE) for each deleted rule that has
 * OFPFF_SEND_FLOW_REM.  Returns 0 or the ofperr to report; on error
 * nothing changed.  'fm' is not modified (its insts are copied). */
ofperr ofproto_flow_mod(struct ofproto *, const struct ofp_flow_mod *fm,
                        long long now, struct ofproto_events *events);

/* Checks the instructions 'insts' of a rule in 'table_id' whose match is
 * 'match' without changing anything: goto_table, meters, output ports,
 * groups, set_field prerequisites.  Returns 0 or an ofperr. */
ofperr ofproto_check_insts(const struct ofproto *, uint8_t table_id,
                           const struct match *match,
                           const struct ofpinsts *insts);

/* Checks the 'n' actions 'acts' of a packet-out whose input port is
 * 'in_port' (output:TABLE allowed there).  Returns 0 or an ofperr. */
ofperr ofproto_check_packet_out(const struct ofproto *, uint32_t in_port,
                                const struct ofpact *acts, size_t n);

/* Applies a GROUP_MOD.  Deleting a group (or all, OFPG_ALL) removes the
 * rules that reference it, with FLOW_REMOVED reason GROUP_DELETE for those
 * with OFPFF_SEND_FLOW_REM.  Returns 0 or an ofperr; on error nothing
 * changed. */
ofperr ofproto_group_mod(struct ofproto *, const struct ofp_group_mod *gm,
                         long long now, struct ofproto_events *events);

/* Applies a PORT_MOD (config bits PORT_DOWN, NO_RECV, NO_FWD,
 * NO_PACKET_IN under 'mask'); appends a PORT_STATUS (MODIFY) if the
 * config changed.  BAD_PORT for an unknown port, BAD_HW_ADDR if
 * 'hw_addr' differs from the port's, BAD_CONFIG if 'mask' has another
 * bit. */
ofperr ofproto_port_mod(struct ofproto *, const struct ofp_port_mod *pm,
                        struct ofproto_events *events);

/* Applies a TABLE_MOD: 'table_id' 0..253 or OFPTT_ALL; only the OF1.1/1.2
 * miss bits (config & 3) are accepted, and they change nothing in OF1.3
 * semantics. */
ofperr ofproto_table_mod(struct ofproto *, uint8_t table_id,
                         uint32_t config);

/* SET_CONFIG / GET_CONFIG.  Flags beyond FRAG_MASK and
 * OFPC_INVALID_TTL_TO_CONTROLLER give OFPSCFC_BAD_FLAGS. */
ofperr ofproto_set_config(struct ofproto *,
                          const struct ofp_switch_config *);
void ofproto_get_config(const struct ofproto *, struct ofp_switch_config *);

/* Ports (called by the datapath when ports come and go or change state).
 * Each appends a PORT_STATUS with reason ADD, DELETE or MODIFY to
 * 'events' (if nonnull).  ofproto_port_add() replaces a port with the
 * same number (reason MODIFY then).  ofproto_port_del() returns ENOENT
 * for an unknown port. */
void ofproto_port_add(struct ofproto *, const struct ofp_port_desc *,
                      struct ofproto_events *events);
int ofproto_port_del(struct ofproto *, uint32_t port_no,
                     struct ofproto_events *events);
/* Changes a port's OFPPS_* 'state' (LINK_DOWN, BLOCKED, LIVE); a MODIFY
 * PORT_STATUS is appended only if it changed.  ENOENT if unknown. */
int ofproto_port_set_state(struct ofproto *, uint32_t port_no,
                           uint32_t state, struct ofproto_events *events);
/* Returns the port numbered 'port_no', or NULL. */
const struct ofport *ofproto_port_find(const struct ofproto *,
                                       uint32_t port_no);
/* True if 'port_no' exists, is administratively up and its link is up
 * (fast-failover liveness). */
bool ofproto_port_is_live(const struct ofproto *, uint32_t port_no);

/* Stores a malloc'd copy of every port description, sorted by port
 * number, in '*descsp' and their number in '*np'. */
void ofproto_port_descs(const struct ofproto *, struct ofp_port_desc **descsp,
                        size_t *np);

/* Returns the group with 'group_id', or NULL. */
struct ofgroup *ofproto_group_find(const struct ofproto *,
                                   uint32_t group_id);
/* True if 'group' has a live bucket (FF watch_group semantics): for
 * fast-failover, one whose watch port and watch group are live; for other
 * types, any bucket. */
bool ofproto_group_is_live(const struct ofproto *,
                           const struct ofgroup *group);
/* True if FF bucket 'b' is live. */
bool ofproto_bucket_is_live(const struct ofproto *,
                            const struct ofp_bucket *b);

/* Flow statistics for 'req' (table or OFPTT_ALL, out_port, out_group,
 * cookie/cookie_mask, loose match): a malloc'd array in '*statsp' (free
 * with ofp_flow_stats_free()) in table order, then descending priority,
 * then insertion order. */
void ofproto_flow_stats(const struct ofproto *,
                        const struct ofp_flow_stats_request *req,
                        long long now, struct ofp_flow_stats **statsp,
                        size_t *np);
/* Aggregate statistics for the same selection. */
void ofproto_aggregate_stats(const struct ofproto *,
                             const struct ofp_flow_stats_request *req,
                             struct ofp_aggregate_stats *);
/* Fills 'stats' with all SLUICE_N_TABLES tables. */
void ofproto_table_stats(const struct ofproto *,
                         struct ofp_table_stats stats[SLUICE_N_TABLES]);

/* Group statistics of 'group_id' (OFPG_ALL: every group, by id) into a
 * malloc'd array; free with ofp_group_stats_free().  An unknown id gives
 * an empty array. */
void ofproto_group_stats(const struct ofproto *, uint32_t group_id,
                         long long now, struct ofp_group_stats **statsp,
                         size_t *np);
/* Descriptions of every group, by id: a malloc'd array, free with
 * ofp_group_desc_free(). */
void ofproto_group_desc(const struct ofproto *, struct ofp_group_desc **descp,
                        size_t *np);
/* Fills in what GROUP_FEATURES reports. */
void ofproto_group_features(struct ofp_group_features *);

/* Expires idle and hard timeouts at time 'now' (idle counts from the
 * rule's last use, which ofproto_credit() updates), appending FLOW_REMOVED
 * (reason IDLE_TIMEOUT/HARD_TIMEOUT) for rules with OFPFF_SEND_FLOW_REM.
 * Returns the time of the next possible expiry, or LLONG_MAX if no rule
 * has a timeout, so the datapath can arm a timer. */
long long ofproto_run(struct ofproto *, long long now,
                      struct ofproto_events *events);

/* Adds 'packets' and 'bytes' to 'rule' (unless OFPFF_NO_PKT_COUNTS /
 * OFPFF_NO_BYT_COUNTS) and marks it used at 'now'. */
void ofproto_rule_credit(struct rule *rule, uint64_t packets,
                         uint64_t bytes, long long now);

/* Number of rules in all tables. */
static inline size_t
ofproto_n_rules(const struct ofproto *ofproto)
{
    return ofproto->n_rules;
}

static inline uint64_t
ofproto_generation(const struct ofproto *ofproto)
{
    return ofproto->generation;
}

#endif /* ofproto/ofproto.h */
