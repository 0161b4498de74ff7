/* The OpenFlow switch model of one bridge; see ofproto.h.  Groups live in
 * ofproto-groups.c, validation of instructions and actions in
 * ofproto-check.c. */
#include "ofproto/ofproto.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofproto-private.h"

/* Events. */

void
ofproto_events_init(struct ofproto_events *ev)
{
    memset(ev, 0, sizeof *ev);
}

void
ofproto_events_clear(struct ofproto_events *ev)
{
    ev->n_flow_removed = 0;
    ev->n_port_status = 0;
}

void
ofproto_events_destroy(struct ofproto_events *ev)
{
    if (ev) {
        free(ev->flow_removed);
        free(ev->port_status);
        ofproto_events_init(ev);
    }
}

static void
push_port_status(struct ofproto_events *ev, enum ofp_port_reason reason,
                 const struct ofp_port_desc *desc)
{
    if (!ev) {
        return;
    }
    if (ev->n_port_status == ev->allocated_port_status) {
        ev->allocated_port_status = ev->allocated_port_status * 2 + 4;
        ev->port_status = xrealloc(ev->port_status,
                                   ev->allocated_port_status
                                   * sizeof *ev->port_status);
    }
    struct ofp_port_status *ps = &ev->port_status[ev->n_port_status++];
    ps->reason = reason;
    ps->desc = *desc;
}

static void
duration(long long created, long long now, uint32_t *sec, uint32_t *nsec)
{
    long long ms = now > created ? now - created : 0;
    *sec = ms / 1000;
    *nsec = (ms % 1000) * 1000000;
}

static void
push_flow_removed(struct ofproto_events *ev, const struct rule *rule,
                  enum ofp_flow_removed_reason reason, long long now)
{
    if (!ev || !(rule->flags & OFPFF_SEND_FLOW_REM)) {
        return;
    }
    if (ev->n_flow_removed == ev->allocated_flow_removed) {
        ev->allocated_flow_removed = ev->allocated_flow_removed * 2 + 4;
        ev->flow_removed = xrealloc(ev->flow_removed,
                                    ev->allocated_flow_removed
                                    * sizeof *ev->flow_removed);
    }
    struct ofp_flow_removed *fr = &ev->flow_removed[ev->n_flow_removed++];
    memset(fr, 0, sizeof *fr);
    fr->cookie = rule->cookie;
    fr->priority = rule->cr.priority;
    fr->reason = reason;
    fr->table_id = rule->table_id;
    duration(rule->created, now, &fr->duration_sec, &fr->duration_nsec);
    fr->idle_timeout = rule->idle_timeout;
    fr->hard_timeout = rule->hard_timeout;
    fr->packet_count = rule->packet_count;
    fr->byte_count = rule->byte_count;
    fr->match = rule->cr.match;
}

/* Creation and configuration. */

struct ofproto *
ofproto_create(const char *name, uint64_t datapath_id, long long now)
{
    struct ofproto *ofproto = xzalloc(sizeof *ofproto);
    ofproto->name = xstrdup(name);
    ofproto->datapath_id = datapath_id;
    ofproto->versions = (1u << OFP10_VERSION) | (1u << OFP13_VERSION);
    for (size_t i = 0; i < SLUICE_N_TABLES; i++) {
        classifier_init(&ofproto->tables[i].cls);
    }
    hmap_init(&ofproto->groups);
    ofproto->config.flags = 0;
    ofproto->config.miss_send_len = OFPROTO_DEFAULT_MISS_SEND_LEN;
    ofproto->fail_mode = OFPROTO_FAIL_SECURE;
    ofproto_set_fail_mode(ofproto, OFPROTO_FAIL_STANDALONE, now);
    return ofproto;
}

void
ofproto_destroy(struct ofproto *ofproto)
{
    if (!ofproto) {
        return;
    }
    for (size_t i = 0; i < SLUICE_N_TABLES; i++) {
        struct classifier *cls = &ofproto->tables[i].cls;
        struct cls_rule **rules;
        size_t n;
        classifier_collect(cls, NULL, &rules, &n);
        for (size_t j = 0; j < n; j++) {
            struct rule *rule = CONTAINER_OF(rules[j], struct rule, cr);
            classifier_remove(cls, &rule->cr);
            ofproto_rule_free(rule);
        }
        free(rules);
        classifier_destroy(cls);
    }
    ofproto_groups_destroy(ofproto);
    free(ofproto->ports);
    free(ofproto->name);
    free(ofproto);
}

void
ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t datapath_id)
{
    ofproto->datapath_id = datapath_id;
}

void
ofproto_set_versions(struct ofproto *ofproto, uint32_t versions)
{
    if (ofproto->versions != versions) {
        ofproto->versions = versions;
        ofproto->generation++;
    }
}

/* Builds the default "table=0, priority=0, actions=NORMAL" flow_mod. */
static void
default_flow_init(struct ofp_flow_mod *fm, struct ofpact *normal)
{
    memset(fm, 0, sizeof *fm);
    fm->version = OFP13_VERSION;
    match_init_catchall(&fm->match);
    fm->command = OFPFC_ADD;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    ofpinsts_init(&fm->insts);
    memset(normal, 0, sizeof *normal);
    normal->type = OFPACT_OUTPUT;
    normal->output.port = OFPP_NORMAL;
    fm->insts.has_apply = true;
    fm->insts.apply = normal;
    fm->insts.n_apply = 1;
}

void
ofproto_set_fail_mode(struct ofproto *ofproto, enum ofproto_fail_mode mode,
                      long long now)
{
    struct ofp_flow_mod fm;
    struct ofpact normal;

    ofproto->fail_mode = mode;
    default_flow_init(&fm, &normal);

    struct cls_rule *cr = classifier_find_exact(&ofproto->tables[0].cls,
                                                &fm.match, 0);
    if (mode == OFPROTO_FAIL_STANDALONE && !cr) {
        ofproto_flow_mod(ofproto, &fm, now, NULL);
    } else if (mode == OFPROTO_FAIL_SECURE && cr) {
        struct rule *rule = CONTAINER_OF(cr, struct rule, cr);
        if (ofpinsts_equal(&rule->insts, &fm.insts)) {
            ofproto_rule_remove(ofproto, rule, -1, now, NULL);
        }
    }
}

/* Rules. */

void
ofproto_rule_free(struct rule *rule)
{
    if (rule) {
        ofpinsts_destroy(&rule->insts);
        free(rule);
    }
}

/* Adds 'delta' to the rule reference count of every group that 'acts'
 * names. */
static void
ref_groups(struct ofproto *ofproto, const struct ofpact *acts, size_t n,
           int delta)
{
    for (size_t i = 0; i < n; i++) {
        if (acts[i].type == OFPACT_GROUP) {
            struct ofgroup *g = ofproto_group_find(ofproto,
                                                   acts[i].group_id);
            if (g) {
                g->n_rule_refs += delta;
            }
        }
    }
}

static void
rule_ref_groups(struct ofproto *ofproto, const struct rule *rule, int delta)
{
    ref_groups(ofproto, rule->insts.apply, rule->insts.n_apply, delta);
    ref_groups(ofproto, rule->insts.write, rule->insts.n_write, delta);
}

static void
expirable_insert(struct ofproto *ofproto, struct rule *rule)
{
    rule->exp_prev = NULL;
    rule->exp_next = ofproto->expirable;
    if (ofproto->expirable) {
        ofproto->expirable->exp_prev = rule;
    }
    ofproto->expirable = rule;
}

static void
expirable_remove(struct ofproto *ofproto, struct rule *rule)
{
    if (rule->exp_prev) {
        rule->exp_prev->exp_next = rule->exp_next;
    } else {
        ofproto->expirable = rule->exp_next;
    }
    if (rule->exp_next) {
        rule->exp_next->exp_prev = rule->exp_prev;
    }
    rule->exp_prev = rule->exp_next = NULL;
}

static bool
rule_has_timeout(const struct rule *rule)
{
    return rule->idle_timeout || rule->hard_timeout;
}

/* Undoes the bookkeeping of 'rule' (which is no longer in its classifier)
 * and frees it. */
static void
rule_forget(struct ofproto *ofproto, struct rule *rule)
{
    if (rule_has_timeout(rule)) {
        expirable_remove(ofproto, rule);
    }
    rule_ref_groups(ofproto, rule, -1);
    ofproto->n_rules--;
    ofproto_rule_free(rule);
}

void
ofproto_rule_remove(struct ofproto *ofproto, struct rule *rule, int reason,
            long long now, struct ofproto_events *events)
{
    classifier_remove(&ofproto->tables[rule->table_id].cls, &rule->cr);
    if (reason >= 0) {
        push_flow_removed(events, rule, reason, now);
    }
    rule_forget(ofproto, rule);
    ofproto->generation++;
}

void
ofproto_rule_credit(struct rule *rule, uint64_t packets, uint64_t bytes,
                    long long now)
{
    if (!(rule->flags & OFPFF_NO_PKT_COUNTS)) {
        rule->packet_count += packets;
    }
    if (!(rule->flags & OFPFF_NO_BYT_COUNTS)) {
        rule->byte_count += bytes;
    }
    if (now > rule->used) {
        rule->used = now;
    }
}

static bool
cookie_matches(const struct rule *rule, uint64_t cookie, uint64_t mask)
{
    return ((rule->cookie ^ cookie) & mask) == 0;
}

/* Flow mods. */

static ofperr
check_flags(const struct ofp_flow_mod *fm)
{
    uint16_t allowed = (fm->version == OFP10_VERSION
                        ? OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP
                        : OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP
                          | OFPFF_RESET_COUNTS | OFPFF_NO_PKT_COUNTS
                          | OFPFF_NO_BYT_COUNTS);
    return fm->flags & ~allowed ? OFPERR_OFPFMFC_BAD_FLAGS : 0;
}

/* OFPFC_ADD: installs a new rule; an existing rule with the same match
 * and priority is replaced (no FLOW_REMOVED), keeping its counters in
 * OF1.3 unless OFPFF_RESET_COUNTS (OF1.0 always resets them).  With
 * OFPFF_CHECK_OVERLAP, any rule of the same priority that could match the
 * same packet makes it fail with OFPFMFC_OVERLAP. */
static ofperr
add_flow(struct ofproto *ofproto, const struct ofp_flow_mod *fm,
         uint64_t cookie, long long now)
{
    if (fm->table_id >= SLUICE_N_TABLES) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    ofperr error = ofproto_check_insts(ofproto, fm->table_id, &fm->match,
                                       &fm->insts);
    if (error) {
        return error;
    }
    struct classifier *cls = &ofproto->tables[fm->table_id].cls;
    if (fm->flags & OFPFF_CHECK_OVERLAP
        && classifier_has_overlap(cls, &fm->match, fm->priority)) {
        return OFPERR_OFPFMFC_OVERLAP;
    }

    struct rule *rule = xzalloc(sizeof *rule);
    cls_rule_init(&rule->cr, &fm->match, fm->priority);
    rule->table_id = fm->table_id;
    rule->cookie = cookie;
    rule->idle_timeout = fm->idle_timeout;
    rule->hard_timeout = fm->hard_timeout;
    rule->flags = fm->flags & ~(OFPFF_CHECK_OVERLAP | OFPFF_RESET_COUNTS);
    ofpinsts_clone(&rule->insts, &fm->insts);
    rule->created = rule->used = now;

    struct cls_rule *old_cr = classifier_replace(cls, &rule->cr);
    if (old_cr) {
        struct rule *old = CONTAINER_OF(old_cr, struct rule, cr);
        if (fm->version != OFP10_VERSION
            && !(fm->flags & OFPFF_RESET_COUNTS)) {
            rule->packet_count = old->packet_count;
            rule->byte_count = old->byte_count;
        }
        rule_forget(ofproto, old);
    }
    ofproto->n_rules++;
    rule_ref_groups(ofproto, rule, 1);
    if (rule_has_timeout(rule)) {
        expirable_insert(ofproto, rule);
    }
    ofproto->generation++;
    return 0;
}

/* Stores in '*rulesp' (malloc'd) the rules of table 'table_id' (or every
 * table for OFPTT_ALL) selected by 'match' (loose) or by 'match' and
 * 'priority' (strict), and by the cookie, out_port and out_group
 * filters. */
static void
select_rules(const struct ofproto *ofproto, uint8_t table_id,
             const struct match *match, bool strict, int priority,
             uint64_t cookie, uint64_t cookie_mask, uint32_t out_port,
             uint32_t out_group, struct rule ***rulesp, size_t *np)
{
    struct rule **rules = NULL;
    size_t n = 0, allocated = 0;
    uint8_t first = table_id == OFPTT_ALL ? 0 : table_id;
    uint8_t last = table_id == OFPTT_ALL ? SLUICE_N_TABLES - 1 : table_id;

    for (size_t t = first; t <= last; t++) {
        const struct classifier *cls = &ofproto->tables[t].cls;
        struct cls_rule **crs;
        size_t n_crs;

        if (classifier_is_empty(cls)) {
            continue;
        }
        if (strict) {
            struct cls_rule *cr = classifier_find_exact(cls, match,
                                                        priority);
            crs = xmalloc(sizeof *crs);
            n_crs = 0;
            if (cr) {
                crs[n_crs++] = cr;
            }
        } else {
            classifier_collect(cls, match, &crs, &n_crs);
        }
        for (size_t i = 0; i < n_crs; i++) {
            struct rule *rule = CONTAINER_OF(crs[i], struct rule, cr);
            if (!cookie_matches(rule, cookie, cookie_mask)
                || (out_port != OFPP_ANY
                    && !ofpinsts_outputs_to_port(&rule->insts, out_port))
                || (out_group != OFPG_ANY
                    && !ofpinsts_outputs_to_group(&rule->insts,
                                                  out_group))) {
                continue;
            }
            if (n == allocated) {
                allocated = allocated * 2 + 16;
                rules = xrealloc(rules, allocated * sizeof *rules);
            }
            rules[n++] = rule;
        }
        free(crs);
    }
    *rulesp = rules;
    *np = n;
}

/* OFPFC_MODIFY(_STRICT): replaces the instructions of the selected rules
 * (cookie/cookie_mask filter; out_port/out_group are ignored), resetting
 * counters with OFPFF_RESET_COUNTS; OF1.0 also sets the cookie.  If
 * nothing is selected, OF1.0 adds the flow and OF1.3 does nothing.
 * Table OFPTT_ALL selects in every table, as Open vSwitch does (OF1.3
 * names it only for deletes, but controllers send it for modifies too);
 * the instructions must then be valid in the table of each selected
 * rule, else nothing changes. */
static ofperr
modify_flows(struct ofproto *ofproto, const struct ofp_flow_mod *fm,
             long long now)
{
    bool v10 = fm->version == OFP10_VERSION;
    bool all = fm->table_id == OFPTT_ALL;
    if (fm->table_id >= SLUICE_N_TABLES && !all) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    ofperr error = ofproto_check_insts(ofproto, all ? 0 : fm->table_id,
                                       &fm->match, &fm->insts);
    if (error) {
        return error;
    }

    struct rule **rules;
    size_t n;
    select_rules(ofproto, fm->table_id, &fm->match,
                 fm->command == OFPFC_MODIFY_STRICT, fm->priority,
                 fm->cookie, v10 ? 0 : fm->cookie_mask, OFPP_ANY, OFPG_ANY,
                 &rules, &n);
    for (size_t i = 0; all && i < n; i++) {
        error = ofproto_check_insts(ofproto, rules[i]->table_id,
                                    &fm->match, &fm->insts);
        if (error) {
            free(rules);
            return error;
        }
    }
    if (!n && v10) {
        free(rules);
        return add_flow(ofproto, fm, (fm->new_cookie != UINT64_MAX
                                      ? fm->new_cookie : fm->cookie), now);
    }
    for (size_t i = 0; i < n; i++) {
        struct rule *rule = rules[i];
        rule_ref_groups(ofproto, rule, -1);
        ofpinsts_destroy(&rule->insts);
        ofpinsts_clone(&rule->insts, &fm->insts);
        rule_ref_groups(ofproto, rule, 1);
        if (!v10 && fm->flags & OFPFF_RESET_COUNTS) {
            rule->packet_count = rule->byte_count = 0;
        }
        if (v10 && fm->new_cookie != UINT64_MAX) {
            rule->cookie = fm->new_cookie;
        }
    }
    if (n) {
        ofproto->generation++;
    }
    free(rules);
    return 0;
}

/* OFPFC_DELETE(_STRICT): removes the selected rules of one table or all
 * (OF1.0 deletes always span every table), with the cookie, out_port and
 * out_group filters, appending FLOW_REMOVED (reason DELETE) for those
 * with OFPFF_SEND_FLOW_REM. */
static ofperr
delete_flows(struct ofproto *ofproto, const struct ofp_flow_mod *fm,
             long long now, struct ofproto_events *events)
{
    bool v10 = fm->version == OFP10_VERSION;
    uint8_t table_id = v10 ? OFPTT_ALL : fm->table_id;
    if (table_id >= SLUICE_N_TABLES && table_id != OFPTT_ALL) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }

    struct rule **rules;
    size_t n;
    select_rules(ofproto, table_id, &fm->match,
                 fm->command == OFPFC_DELETE_STRICT, fm->priority,
                 fm->cookie, v10 ? 0 : fm->cookie_mask, fm->out_port,
                 v10 ? OFPG_ANY : fm->out_group, &rules, &n);
    for (size_t i = 0; i < n; i++) {
        ofproto_rule_remove(ofproto, rules[i], OFPRR_DELETE, now, events);
    }
    free(rules);
    return 0;
}

ofperr
ofproto_flow_mod(struct ofproto *ofproto, const struct ofp_flow_mod *fm,
                 long long now, struct ofproto_events *events)
{
    ofperr error = check_flags(fm);
    if (error) {
        return error;
    }
    switch (fm->command) {
    case OFPFC_ADD:
        return add_flow(ofproto, fm, fm->cookie, now);
    case OFPFC_MODIFY:
    case OFPFC_MODIFY_STRICT:
        return modify_flows(ofproto, fm, now);
    case OFPFC_DELETE:
    case OFPFC_DELETE_STRICT:
        return delete_flows(ofproto, fm, now, events);
    }
    return OFPERR_OFPFMFC_BAD_COMMAND;
}

/* Table mod and switch config. */

ofperr
ofproto_table_mod(struct ofproto *ofproto, uint8_t table_id,
                  uint32_t config)
{
    if (table_id >= SLUICE_N_TABLES && table_id != OFPTT_ALL) {
        return OFPERR_OFPTMFC_BAD_TABLE;
    }
    if (config & ~3u) {
        return OFPERR_OFPTMFC_BAD_CONFIG;
    }
    for (size_t t = 0; t < SLUICE_N_TABLES; t++) {
        if (table_id == OFPTT_ALL || t == table_id) {
            ofproto->tables[t].config = config;
        }
    }
    return 0;
}

ofperr
ofproto_set_config(struct ofproto *ofproto,
                   const struct ofp_switch_config *config)
{
    if (config->flags & ~(OFPC_FRAG_MASK | OFPC_INVALID_TTL_TO_CONTROLLER)) {
        return OFPERR_OFPSCFC_BAD_FLAGS;
    }
    ofproto->config = *config;
    ofproto->generation++;
    return 0;
}

void
ofproto_get_config(const struct ofproto *ofproto,
                   struct ofp_switch_config *config)
{
    *config = ofproto->config;
}

/* Ports. */

/* Returns the index of 'port_no' in 'ofproto->ports' or where it would
 * go, with '*found'. */
static size_t
port_search(const struct ofproto *ofproto, uint32_t port_no, bool *found)
{
    size_t lo = 0, hi = ofproto->n_ports;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t p = ofproto->ports[mid].desc.port_no;
        if (p == port_no) {
            *found = true;
            return mid;
        } else if (p < port_no) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *found = false;
    return lo;
}

const struct ofport *
ofproto_port_find(const struct ofproto *ofproto, uint32_t port_no)
{
    bool found;
    size_t i = port_search(ofproto, port_no, &found);
    return found ? &ofproto->ports[i] : NULL;
}

bool
ofproto_port_is_live(const struct ofproto *ofproto, uint32_t port_no)
{
    const struct ofport *port = ofproto_port_find(ofproto, port_no);
    return (port && !(port->desc.config & OFPPC_PORT_DOWN)
            && !(port->desc.state & OFPPS_LINK_DOWN));
}

void
ofproto_port_add(struct ofproto *ofproto, const struct ofp_port_desc *desc,
                 struct ofproto_events *events)
{
    bool found;
    size_t i = port_search(ofproto, desc->port_no, &found);
    if (!found) {
        if (ofproto->n_ports == ofproto->allocated_ports) {
            ofproto->allocated_ports = ofproto->allocated_ports * 2 + 8;
            ofproto->ports = xrealloc(ofproto->ports,
                                      ofproto->allocated_ports
                                      * sizeof *ofproto->ports);
        }
        memmove(&ofproto->ports[i + 1], &ofproto->ports[i],
                (ofproto->n_ports - i) * sizeof *ofproto->ports);
        ofproto->n_ports++;
    }
    ofproto->ports[i].desc = *desc;
    ofproto->generation++;
    push_port_status(events, found ? OFPPR_MODIFY : OFPPR_ADD, desc);
}

int
ofproto_port_del(struct ofproto *ofproto, uint32_t port_no,
                 struct ofproto_events *events)
{
    bool found;
    size_t i = port_search(ofproto, port_no, &found);
    if (!found) {
        return ENOENT;
    }
    struct ofp_port_desc desc = ofproto->ports[i].desc;
    memmove(&ofproto->ports[i], &ofproto->ports[i + 1],
            (ofproto->n_ports - i - 1) * sizeof *ofproto->ports);
    ofproto->n_ports--;
    ofproto->generation++;
    push_port_status(events, OFPPR_DELETE, &desc);
    return 0;
}

int
ofproto_port_set_state(struct ofproto *ofproto, uint32_t port_no,
                       uint32_t state, struct ofproto_events *events)
{
    bool found;
    size_t i = port_search(ofproto, port_no, &found);
    if (!found) {
        return ENOENT;
    }
    struct ofport *port = &ofproto->ports[i];
    if (port->desc.state != state) {
        port->desc.state = state;
        ofproto->generation++;
        push_port_status(events, OFPPR_MODIFY, &port->desc);
    }
    return 0;
}

ofperr
ofproto_port_mod(struct ofproto *ofproto, const struct ofp_port_mod *pm,
                 struct ofproto_events *events)
{
    const uint32_t settable = (OFPPC_PORT_DOWN | OFPPC_NO_RECV
                               | OFPPC_NO_FWD | OFPPC_NO_PACKET_IN);
    bool found;
    size_t i = port_search(ofproto, pm->port_no, &found);
    if (!found) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    struct ofport *port = &ofproto->ports[i];
    if (memcmp(&port->desc.hw_addr, &pm->hw_addr, sizeof pm->hw_addr)) {
        return OFPERR_OFPPMFC_BAD_HW_ADDR;
    }
    if (pm->mask & ~settable) {
        return OFPERR_OFPPMFC_BAD_CONFIG;
    }
    uint32_t config = (port->desc.config & ~pm->mask)
                      | (pm->config & pm->mask);
    if (config != port->desc.config) {
        port->desc.config = config;
        ofproto->generation++;
        push_port_status(events, OFPPR_MODIFY, &port->desc);
    }
    return 0;
}

void
ofproto_port_descs(const struct ofproto *ofproto,
                   struct ofp_port_desc **descsp, size_t *np)
{
    struct ofp_port_desc *descs = xmalloc((ofproto->n_ports + 1)
                                          * sizeof *descs);
    for (size_t i = 0; i < ofproto->n_ports; i++) {
        descs[i] = ofproto->ports[i].desc;
    }
    *descsp = descs;
    *np = ofproto->n_ports;
}

/* Statistics. */

static void
select_for_stats(const struct ofproto *ofproto,
                 const struct ofp_flow_stats_request *req,
                 struct rule ***rulesp, size_t *np)
{
    select_rules(ofproto, req->table_id, &req->match, false, 0,
                 req->cookie, req->cookie_mask, req->out_port,
                 req->out_group, rulesp, np);
}

void
ofproto_flow_stats(const struct ofproto *ofproto,
                   const struct ofp_flow_stats_request *req, long long now,
                   struct ofp_flow_stats **statsp, size_t *np)
{
    struct rule **rules;
    size_t n;

    if (req->table_id >= SLUICE_N_TABLES && req->table_id != OFPTT_ALL) {
        *statsp = xmalloc(sizeof **statsp);
        *np = 0;
        return;
    }
    select_for_stats(ofproto, req, &rules, &n);
    struct ofp_flow_stats *stats = xcalloc(n + 1, sizeof *stats);
    for (size_t i = 0; i < n; i++) {
        const struct rule *rule = rules[i];
        struct ofp_flow_stats *fs = &stats[i];
        fs->table_id = rule->table_id;
        duration(rule->created, now, &fs->duration_sec,
                 &fs->duration_nsec);
        fs->priority = rule->cr.priority;
        fs->idle_timeout = rule->idle_timeout;
        fs->hard_timeout = rule->hard_timeout;
        fs->flags = rule->flags;
        fs->cookie = rule->cookie;
        fs->packet_count = rule->packet_count;
        fs->byte_count = rule->byte_count;
        fs->match = rule->cr.match;
        ofpinsts_clone(&fs->insts, &rule->insts);
    }
    free(rules);
    *statsp = stats;
    *np = n;
}

void
ofproto_aggregate_stats(const struct ofproto *ofproto,
                        const struct ofp_flow_stats_request *req,
                        struct ofp_aggregate_stats *agg)
{
    memset(agg, 0, sizeof *agg);
    if (req->table_id >= SLUICE_N_TABLES && req->table_id != OFPTT_ALL) {
        return;
    }
    struct rule **rules;
    size_t n;
    select_for_stats(ofproto, req, &rules, &n);
    for (size_t i = 0; i < n; i++) {
        agg->packet_count += rules[i]->packet_count;
        agg->byte_count += rules[i]->byte_count;
    }
    agg->flow_count = n;
    free(rules);
}

void
ofproto_table_stats(const struct ofproto *ofproto,
                    struct ofp_table_stats stats[SLUICE_N_TABLES])
{
    for (size_t t = 0; t < SLUICE_N_TABLES; t++) {
        const struct oftable *table = &ofproto->tables[t];
        stats[t].table_id = t;
        stats[t].active_count = classifier_count(&table->cls);
        stats[t].lookup_count = table->lookup_count;
        stats[t].matched_count = table->matched_count;
    }
}

/* Timeouts. */

long long
ofproto_run(struct ofproto *ofproto, long long now,
            struct ofproto_events *events)
{
    long long next = LLONG_MAX;
    struct rule *rule = ofproto->expirable;

    while (rule) {
        struct rule *next_rule = rule->exp_next;
        long long hard = (rule->hard_timeout
                          ? rule->created + rule->hard_timeout * 1000LL
                          : LLONG_MAX);
        long long idle = (rule->idle_timeout
                          ? rule->used + rule->idle_timeout * 1000LL
                          : LLONG_MAX);
        if (now >= hard) {
            ofproto_rule_remove(ofproto, rule, OFPRR_HARD_TIMEOUT, now,
                                events);
        } else if (now >= idle) {
            ofproto_rule_remove(ofproto, rule, OFPRR_IDLE_TIMEOUT, now,
                                events);
        } else {
            long long when = hard < idle ? hard : idle;
            if (when < next) {
                next = when;
            }
        }
        rule = next_rule;
    }
    return next;
}
