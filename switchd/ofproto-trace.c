/* ofproto/trace BRIDGE FLOW [PACKET]: runs the bridge's pipeline
 * (ofproto_xlate(), the function the datapath runs on a flow cache miss)
 * with a trace sink, in the datapath thread through dpif_trace(), and
 * prints each table's lookup, the rule that matched (in dump-flows syntax),
 * the actions it ran, the final flow, the fields the decision examined and
 * the resulting datapath actions.
 *
 * FLOW is in ovs-ofctl's match syntax ("in_port=1,tcp,nw_dst=10.0.0.2,
 * tp_dst=80"); fields it does not mention are zero.  PACKET, if given, is
 * an Ethernet frame in hex whose headers replace FLOW's, with in_port from
 * FLOW; decapsulations (pop_mpls, pop_pbb) are then followed into the
 * inner packet.  NORMAL shows its decision from the bridge's MAC table as
 * it is (known destination and its port, or flooded and to which ports),
 * without learning the source. */
#include "switchd/ofproto-trace.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datapath/dp-trace.h"
#include "datapath/dpif.h"
#include "lib/unixctl.h"
#include "lib/util.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofp-print.h"
#include "ofproto/xlate.h"

struct trace_ctx {
    struct dpif_trace req;      /* Input flow, outputs. */
    uint8_t *packet;            /* PACKET, if given (req.packet). */
};

/* Prints the datapath actions 'odp'. */
static void
print_odp_actions(FILE *s, const struct odp_actions *odp)
{
    int open[ODP_MAX_ACTIONS];
    int n_open = 0;

    if (!odp->n) {
        fputs("drop", s);
    }
    for (size_t i = 0; i < odp->n; i++) {
        const struct odp_action *a = &odp->actions[i];

        if (i) {
            fputc(',', s);
        }
        switch (a->type) {
        case ODP_OUTPUT:
            ofp_print_port(s, a->port);
            break;
        case ODP_SET_FIELD: {
            struct ofpact act;

            memset(&act, 0, sizeof act);
            act.type = OFPACT_SET_FIELD;
            act.set_field.field = a->set_field.field;
            act.set_field.value = a->set_field.value;
            ofp_print_actions(s, &act, 1, OFP13_VERSION);
            break;
        }
        case ODP_PUSH_VLAN:
            fprintf(s, "push_vlan(tpid=0x%04"PRIx16",tci=0x%04"PRIx16")",
                    a->push_vlan.tpid, a->push_vlan.tci);
            break;
        case ODP_PUSH_MPLS:
            fprintf(s, "push_mpls(eth_type=0x%04"PRIx16",lse=0x%08"PRIx32
                    ")", a->push_mpls.ethertype, a->push_mpls.lse);
            break;
        case ODP_POP_MPLS:
            fprintf(s, "pop_mpls(eth_type=0x%04"PRIx16")", a->ethertype);
            break;
        case ODP_PUSH_PBB:
            fprintf(s, "push_pbb(isid=0x%06"PRIx32")", a->push_pbb.isid);
            break;
        case ODP_SET_MPLS_TTL:
        case ODP_SET_NW_TTL:
            fprintf(s, "%s(%"PRIu8")", odp_action_type_to_string(a->type),
                    a->ttl);
            break;
        case ODP_CONTROLLER:
            fprintf(s, "controller(reason=%d,table=%"PRIu8",max_len=%"
                    PRIu16")", a->controller.reason,
                    a->controller.table_id, a->controller.max_len);
            break;
        case ODP_SET_QUEUE:
            fprintf(s, "set_queue(%"PRIu32")", a->queue_id);
            break;
        case ODP_CLONE:
            fputs("clone(", s);
            open[n_open++] = i + a->clone_len;
            continue;
        default:
            fputs(odp_action_type_to_string(a->type), s);
            break;
        }
        while (n_open && open[n_open - 1] == (int) i) {
            fputc(')', s);
            n_open--;
        }
    }
    while (n_open--) {
        fputc(')', s);
    }
    if (odp->overflow) {
        fputs(" (too many actions: the datapath drops this flow)", s);
    }
}

/* Returns 'm' with its values masked, for the "Megaflow" line. */
static void
make_megaflow(const struct flow *flow, const struct flow *wc,
              struct match *m)
{
    const uint8_t *f = (const uint8_t *) flow;
    const uint8_t *w = (const uint8_t *) wc;
    uint8_t *out = (uint8_t *) &m->flow;

    for (size_t i = 0; i < sizeof *flow; i++) {
        out[i] = f[i] & w[i];
    }
    m->wc = *wc;
}

static void
print_flow(FILE *s, const struct flow *flow)
{
    ofp_print_packet_flow(s, flow);
}

/* Prints what NORMAL decided for 'req''s flow. */
static void
print_normal(FILE *s, const struct dpif_trace *req)
{
    const struct dpif_trace_normal *n = &req->normal;
    const struct eth_addr *dst = &req->flow.dl_dst;
    char mac[18];

    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
             dst->ea[0], dst->ea[1], dst->ea[2], dst->ea[3], dst->ea[4],
             dst->ea[5]);
    fputs("NORMAL: ", s);
    switch (n->verdict) {
    case NORMAL_FORWARD:
        fprintf(s, "learned MAC %s in VLAN %d on port ", mac, n->vlan);
        ofp_print_port(s, n->learned_port);
        fputs(": output to port ", s);
        break;
    case NORMAL_FLOOD:
        fprintf(s, "%s destination %s, flooded to ports ",
                dst->ea[0] & 1 ? "multicast" : "unknown", mac);
        break;
    case NORMAL_DROP_SAME_PORT:
        fprintf(s, "learned MAC %s on the input port: dropped", mac);
        return;
    case NORMAL_DROP_VLAN:
        fputs("the input port does not carry the packet's VLAN: dropped",
              s);
        return;
    case NORMAL_DROP_RESERVED:
    default:
        fprintf(s, "reserved destination %s (or no such input port): "
                "dropped", mac);
        return;
    }
    if (!n->n_ports) {
        fputs("none", s);
    }
    for (size_t i = 0; i < n->n_ports; i++) {
        if (i) {
            fputc(',', s);
        }
        ofp_print_port(s, n->ports[i]);
    }
}

static void
print_normal_cb(FILE *s, const void *req)
{
    print_normal(s, req);
}

struct trace_text_aux {
    const char *bridge;
    const struct trace_ctx *ctx;
};

static void
print_rule(FILE *s, const struct xlate_trace_rec *rec)
{
    struct ofp_flow_stats fs;

    memset(&fs, 0, sizeof fs);
    fs.priority = rec->priority;
    fs.cookie = rec->cookie;
    fs.match = rec->match;
    fs.insts = rec->insts;
    ofp_print_flow_stats(s, &fs, OFP13_VERSION, false);
}

static void
indent(FILE *s, int depth)
{
    fprintf(s, "%*s", 4 + 4 * depth, "");
}

static void
print_trace_text(FILE *s, const void *aux_)
{
    const struct trace_text_aux *aux = aux_;
    const struct trace_ctx *ctx = aux->ctx;
    const struct xlate_trace *t = &ctx->req.trace;
    struct match megaflow;
    size_t title;

    fputs("Flow: ", s);
    print_flow(s, &ctx->req.flow);
    fprintf(s, "\n\nbridge(\"%s\")\n", aux->bridge);
    title = strlen(aux->bridge) + 10;
    for (size_t i = 0; i < title; i++) {
        fputc('-', s);
    }
    fputc('\n', s);
    for (size_t i = 0; i < t->n; i++) {
        const struct xlate_trace_rec *rec = &t->recs[i];

        switch (rec->type) {
        case XT_TABLE:
            fprintf(s, "%*s%2d.", 4 * rec->depth, "", rec->table_id);
            if (rec->matched) {
                print_rule(s, rec);
                fputc('\n', s);
            } else {
                fputs(" No match.\n", s);
            }
            break;
        case XT_ACTION:
            indent(s, rec->depth);
            ofp_print_actions(s, &rec->action, 1, OFP13_VERSION);
            if (rec->in_action_set) {
                fputs(" (from the action set)", s);
            }
            if (rec->action.type == OFPACT_OUTPUT
                && rec->action.output.port == OFPP_NORMAL) {
                fputs("\n", s);
                indent(s, rec->depth);
                fputs(">> ", s);
                print_normal(s, &ctx->req);
            }
            fputc('\n', s);
            break;
        case XT_GROUP:
            indent(s, rec->depth);
            if (rec->bucket >= 0) {
                fprintf(s, "group:%"PRIu32": bucket %d\n", rec->group_id,
                        rec->bucket);
            } else {
                fprintf(s, "group:%"PRIu32": no bucket\n", rec->group_id);
            }
            break;
        case XT_NOTE:
            indent(s, rec->depth);
            fprintf(s, ">> %s\n", rec->text);
            break;
        default:
            break;
        }
    }
    fputs("\nFinal flow: ", s);
    if (!memcmp(&t->final_flow, &ctx->req.flow, sizeof ctx->req.flow)) {
        fputs("unchanged", s);
    } else {
        print_flow(s, &t->final_flow);
    }
    make_megaflow(&ctx->req.flow, &ctx->req.xout.wc, &megaflow);
    fputs("\nMegaflow: ", s);
    ofp_print_match(s, &megaflow, -1);
    fputs("\nDatapath actions: ", s);
    print_odp_actions(s, &ctx->req.xout.odp);
    fputc('\n', s);
}

typedef void print_fn(FILE *, const void *aux);

static json_t *
json_text(print_fn *print, const void *aux)
{
    char *text = ofp_print_to_string(print, aux);
    json_t *j = json_string(text);

    free(text);
    return j;
}

static void
print_flow_cb(FILE *s, const void *flow)
{
    print_flow(s, flow);
}

static void
print_rule_cb(FILE *s, const void *rec)
{
    print_rule(s, rec);
}

static void
print_action_cb(FILE *s, const void *act)
{
    ofp_print_actions(s, act, 1, OFP13_VERSION);
}

static void
print_megaflow_cb(FILE *s, const void *m)
{
    ofp_print_match(s, m, -1);
}

static void
print_odp_cb(FILE *s, const void *odp)
{
    print_odp_actions(s, odp);
}

static json_t *
trace_to_json(const char *bridge, const struct trace_ctx *ctx)
{
    const struct xlate_trace *t = &ctx->req.trace;
    json_t *steps = json_array();
    struct match megaflow;

    for (size_t i = 0; i < t->n; i++) {
        const struct xlate_trace_rec *rec = &t->recs[i];
        json_t *step = json_pack("{s:i}", "depth", rec->depth);

        switch (rec->type) {
        case XT_TABLE:
            json_object_set_new(step, "type", json_string("table"));
            json_object_set_new(step, "table", json_integer(rec->table_id));
            json_object_set_new(step, "matched",
                                json_boolean(rec->matched));
            if (rec->matched) {
                char *text = ofp_print_to_string(print_rule_cb, rec);

                /* Drop the leading space of the dump-flows form. */
                json_object_set_new(step, "rule", json_string(text + 1));
                free(text);
                json_object_set_new(step, "priority",
                                    json_integer(rec->priority));
            }
            break;
        case XT_ACTION:
            json_object_set_new(step, "type", json_string("action"));
            json_object_set_new(step, "action",
                                json_text(print_action_cb, &rec->action));
            json_object_set_new(step, "action_set",
                                json_boolean(rec->in_action_set));
            break;
        case XT_GROUP:
            json_object_set_new(step, "type", json_string("group"));
            json_object_set_new(step, "group_id",
                                json_integer(rec->group_id));
            json_object_set_new(step, "bucket", json_integer(rec->bucket));
            break;
        case XT_NOTE:
        default:
            json_object_set_new(step, "type", json_string("note"));
            json_object_set_new(step, "text", json_string(rec->text));
            break;
        }
        json_array_append_new(steps, step);
    }
    make_megaflow(&ctx->req.flow, &ctx->req.xout.wc, &megaflow);
    json_t *normal_ports = json_array();
    for (size_t i = 0; i < ctx->req.normal.n_ports; i++) {
        json_array_append_new(normal_ports,
                              json_integer(ctx->req.normal.ports[i]));
    }
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}",
                     "bridge", bridge,
                     "flow", json_text(print_flow_cb, &ctx->req.flow),
                     "steps", steps,
                     "final_flow", json_text(print_flow_cb, &t->final_flow),
                     "megaflow", json_text(print_megaflow_cb, &megaflow),
                     "datapath_actions", json_text(print_odp_cb,
                                                   &ctx->req.xout.odp),
                     "normal", ctx->req.normal.reached,
                     "normal_decision",
                     (ctx->req.normal.reached
                      ? json_text(print_normal_cb, &ctx->req)
                      : json_null()),
                     "normal_ports", normal_ports);
}

/* Fills 'flow' from the FLOW and optional PACKET arguments; stores the
 * packet (malloc'd) in '*packetp' and its length in '*lenp', or NULL. */
static int
parse_trace_flow(const char *flow_s, const char *packet_s, struct flow *flow,
                 uint8_t **packetp, size_t *lenp, char **errorp)
{
    struct match match;
    int error = ofp_parse_match(flow_s, &match, errorp);

    if (error) {
        return error;
    }
    if (packet_s) {
        uint8_t *packet;
        size_t len;

        error = ofp_parse_hex(packet_s, &packet, &len, errorp);
        if (error) {
            return error;
        }
        if (len < 14) {
            free(packet);
            *errorp = xasprintf("packet of %zu bytes is shorter than an "
                                "Ethernet header", len);
            return EINVAL;
        }
        flow_extract(packet, len, match.flow.in_port, 0, flow, NULL);
        *packetp = packet;
        *lenp = len;
    } else {
        *flow = match.flow;
    }
    return 0;
}

static void
trace_cb(struct unixctl_conn *conn, int argc, const char *argv[], void *dpif_)
{
    struct dpif *dpif = dpif_;
    struct trace_ctx *ctx = xzalloc(sizeof *ctx);
    char *error = NULL;
    int retval;

    if (parse_trace_flow(argv[2], argc > 3 ? argv[3] : NULL, &ctx->req.flow,
                         &ctx->packet, &ctx->req.packet_len, &error)) {
        unixctl_command_reply_error(conn, error);
        free(error);
        free(ctx);
        return;
    }
    ctx->req.packet = ctx->packet;
    xlate_trace_init(&ctx->req.trace);
    retval = dpif_trace(dpif, argv[1], &ctx->req, NULL);
    if (retval == EAGAIN) {
        dpif_drain(dpif);
        retval = dpif_trace(dpif, argv[1], &ctx->req, NULL);
    }
    if (retval) {
        char *msg = retval == ENOENT
                    ? xasprintf("no bridge named %s", argv[1])
                    : xasprintf("%s: cannot reach the datapath (%s)",
                                argv[1], strerror(retval));

        unixctl_command_reply_error(conn, msg);
        free(msg);
        xlate_trace_destroy(&ctx->req.trace);
        free(ctx->packet);
        free(ctx);
        return;
    }
    /* The trace runs between two packet bursts; wait for it so that the
     * reply goes out from this handler, as unixctl requires. */
    dpif_drain(dpif);

    if (unixctl_conn_wants_json(conn)) {
        json_t *json = trace_to_json(argv[1], ctx);
        char *text = json_dumps(json, JSON_SORT_KEYS);

        unixctl_command_reply(conn, text);
        free(text);
        json_decref(json);
    } else {
        struct trace_text_aux aux = { argv[1], ctx };
        char *text = ofp_print_to_string(print_trace_text, &aux);

        unixctl_command_reply(conn, text);
        free(text);
    }
    xlate_trace_destroy(&ctx->req.trace);
    free(ctx->packet);
    free(ctx);
}

void
ofproto_trace_register(struct dpif *dpif)
{
    unixctl_command_register("ofproto/trace", "BRIDGE FLOW [PACKET]", 2, 3,
                             trace_cb, dpif);
}
