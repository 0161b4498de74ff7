/* The OpenFlow pipeline: translates a flow, through a bridge's tables and
 * groups, into the datapath actions for every packet of that flow.
 *
 * ofproto_xlate() is a pure function of (flow, tables, groups, ports,
 * config): it changes nothing in the ofproto.  What traffic should be
 * credited with (rules hit, table lookups and matches, group buckets) is
 * returned in 'xout->credits', for the caller to apply per packet batch
 * with ofproto_credit() (the flow cache keeps a copy in its entry).
 *
 * Semantics (OF1.3): start in table 0 (or the table of 'xin'); in each
 * table the highest-priority matching rule's instructions run in order:
 * apply_actions (on a working copy of the flow, so later lookups and sets
 * see earlier changes), clear_actions, write_actions (into the action
 * set), write_metadata, goto_table.  Without a goto, the action set runs
 * in the spec's order: copy_ttl_in, pop, push_mpls, push_pbb, push_vlan,
 * copy_ttl_out, dec_ttl, set, qos, group (then output is ignored), output.
 * A miss drops, unless the ofproto allows only OF1.0 (packet-in with
 * reason NO_MATCH).  Outputs never send a packet back to its input port
 * unless the port is IN_PORT; FLOOD and ALL send to every other port
 * (FLOOD skips ports with NO_FWD); ports administratively down or with
 * NO_FWD get nothing.  A TTL decrement at TTL <= 1 stops the translation
 * and, if the switch config has OFPC_INVALID_TTL_TO_CONTROLLER, sends a
 * packet-in with reason INVALID_TTL.  Groups: ALL runs every bucket on its
 * own copy; SELECT picks a bucket by a hash of the L2-L4 addresses and
 * ports weighted by the bucket weights (deterministic per flow); INDIRECT
 * runs its bucket; FF runs its first live bucket.
 *
 * Called by the datapath thread that owns the ofproto (on a flow cache
 * miss, for packet-out, for ofproto/trace). */
#ifndef SLUICE_XLATE_H
#define SLUICE_XLATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/odp-actions.h"
#include "ofproto/ofproto.h"

#define XLATE_MAX_CREDITS 16

/* What one translation owes to OpenFlow counters.  Pointers are valid
 * while ofproto_generation() is unchanged. */
struct xlate_credits {
    uint8_t n_rules, n_misses, n_buckets;
    struct rule *rules[XLATE_MAX_CREDITS];        /* Each also counts as a
                                                   * lookup and match in its
                                                   * table. */
    uint8_t miss_tables[XLATE_MAX_CREDITS];       /* Lookups that missed. */
    struct {
        struct ofgroup *group;
        uint16_t bucket;
        bool count_group;                         /* First bucket of one
                                                   * execution of the
                                                   * group. */
    } buckets[XLATE_MAX_CREDITS];                 /* Bucket executions. */
};

/* The trace sink: a record of everything one translation did, for
 * ofproto/trace.  Self-contained (owns copies of the rules' matches and
 * instructions), so it can be built in the datapath thread and printed in
 * the control thread. */
enum xlate_trace_type {
    XT_TABLE,            /* A lookup in 'table_id': 'rule' or a miss. */
    XT_ACTION,           /* 'action' ran ('in_action_set' tells where). */
    XT_GROUP,            /* Group 'group_id' ran 'bucket' (-1: none). */
    XT_NOTE,             /* 'text': a decision worth telling (e.g. "output
                          * to input port skipped"). */
};

struct xlate_trace_rec {
    enum xlate_trace_type type;
    int depth;                       /* Nesting: groups increase it. */
    uint8_t table_id;
    bool matched;                    /* XT_TABLE. */
    struct flow flow;                /* XT_TABLE: the flow looked up. */
    struct match match;              /* XT_TABLE, if matched. */
    int priority;
    uint64_t cookie;
    struct ofpinsts insts;           /* Owned copy, if matched. */
    struct ofpact action;            /* XT_ACTION. */
    bool in_action_set;
    uint32_t group_id;               /* XT_GROUP. */
    int bucket;
    char text[96];                   /* XT_NOTE. */
};

struct xlate_trace {
    struct xlate_trace_rec *recs;
    size_t n, allocated;
    struct flow final_flow;          /* The flow after every change. */
};

void xlate_trace_init(struct xlate_trace *);
void xlate_trace_destroy(struct xlate_trace *);

/* Called for the NORMAL action: must append to 'out' the outputs (and
 * per-port VLAN pushes/pops) that NORMAL switching chooses for 'flow',
 * leaving the packet's headers as it found them afterwards (e.g. wrap a
 * retagged output in ODP_CLONE).  May learn the source MAC. */
typedef void xlate_normal_cb(void *aux, const struct flow *flow,
                             struct odp_actions *out);

/* Called after a pop_pbb, or a pop_mpls of the last label, since the
 * flow key does not describe what was encapsulated: must apply the
 * actions 'so_far' to a scratch copy of the packet being translated and
 * re-extract '*flow' from it (keeping 'in_port', 'metadata' and
 * 'tunnel_id'), or return false if it cannot (the flow then knows nothing
 * above L2).  A translation that used it is XLATE_UNCACHEABLE. */
typedef bool xlate_reparse_cb(void *aux, const struct odp_actions *so_far,
                              struct flow *flow);

struct xlate_in {
    uint8_t table_id;                /* First table (normally 0). */
    /* Packet-out: if 'actions' is nonnull the translation runs these
     * actions instead of starting with a table lookup (output:TABLE then
     * runs the pipeline from table 0). */
    const struct ofpact *actions;
    size_t n_actions;
    xlate_normal_cb *normal_cb;      /* NULL: NORMAL drops. */
    void *normal_aux;
    xlate_reparse_cb *reparse_cb;    /* NULL: cannot reparse. */
    void *reparse_aux;
    struct xlate_trace *trace;       /* NULL unless tracing. */
};

/* Initialises 'xin' for a pipeline run from table 0 with no NORMAL
 * callback and no trace. */
void xlate_in_init(struct xlate_in *xin);

#define XLATE_HAS_CONTROLLER (1 << 0)    /* Some packet-in. */
#define XLATE_HAS_NORMAL (1 << 1)        /* NORMAL ran (learning). */
#define XLATE_TTL_EXPIRED (1 << 2)       /* Stopped at a TTL decrement. */
#define XLATE_DROP_NO_RECV (1 << 3)      /* Input port has NO_RECV. */
#define XLATE_UNCACHEABLE (1 << 4)       /* Depends on more than the flow
                                          * key (a reparse happened): do
                                          * not cache, translate each
                                          * packet. */

struct xlate_out {
    struct odp_actions odp;
    struct flow wc;                  /* Fields the decision examined. */
    struct xlate_credits credits;
    uint32_t flags;                  /* XLATE_*. */
};

/* Translates 'flow' (as received: in_port set) through 'ofproto' into
 * 'xout' (fully overwritten).  While 'ofproto' is in fail-open state, a
 * received packet (not a packet-out's actions) goes to NORMAL without a
 * table lookup. */
void ofproto_xlate(const struct ofproto *ofproto, const struct flow *flow,
                   const struct xlate_in *xin, struct xlate_out *xout);

/* Credits 'packets' and 'bytes' to everything in 'credits' (rules, table
 * lookup/matched counts, groups and buckets), marking rules used at 'now'.
 * 'credits' must come from a translation at the current generation. */
void ofproto_credit(struct ofproto *ofproto,
                    const struct xlate_credits *credits, uint64_t packets,
                    uint64_t bytes, long long now);

/* Fail-open (a standalone bridge whose controllers have all been gone
 * for a while, see connmgr.h): while 'fail_open' is true, traffic is
 * switched by NORMAL as by a learning bridge and the flow tables are left
 * exactly as they are, neither consulted nor changed, so the controller's
 * and the user's flows are all still there when a controller returns.
 * Bumps the generation when the state changes (cached decisions are
 * retranslated). */
void ofproto_set_fail_open(struct ofproto *, bool fail_open);

#endif /* ofproto/xlate.h */
