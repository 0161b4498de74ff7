/* OpenFlow request handling in sluice-switchd.  See ofp-handler.h. */
#include "switchd/ofp-handler.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/dpif.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/connmgr.h"
#include "ofproto/ofp-codec.h"
#include "ofproto/ofproto.h"
#include "ofproto/pktbuf.h"

VLOG_DEFINE_THIS_MODULE(ofp_handler);

/* OF1.0 actions supported (bitmap of OFPAT10_* 0..11). */
#define OF10_ACTIONS_BITMAP 0xfff

struct hbridge {
    char *name;
    struct connmgr *cm;
    struct pktbuf *pktbuf;      /* Frames of truncated packet-ins. */
};

struct ofp_handler {
    struct event_base *base;
    struct dpif *dpif;
    struct hbridge *bridges;
    size_t n_bridges;
};

/* One request on its way through the datapath thread. */
struct job {
    struct ofp_handler *h;
    char bridge[64];
    uint64_t conn_id;
    enum ofptype type;
    uint8_t version;
    uint32_t xid;
    uint8_t request[64];        /* First bytes of the request, for errors;
                                 * its header's length is the original. */
    ofperr error;
    struct ofproto_events events;
    ofperr buffer_error;        /* FLOW_MOD: its buffer_id is unknown. */
    void *buffered;             /* FLOW_MOD: the frame of its buffer_id, to
                                 * send through the tables afterwards. */
    size_t buffered_len;
    uint32_t buffered_in_port;
    union {
        struct ofp_flow_mod fm;
        struct ofp_group_mod gm;
        struct ofp_port_mod pm;
        struct ofp_table_mod tm;
        struct ofp_switch_config config;
        struct ofp_flow_stats_request fsr;
        uint32_t group_id;
        uint32_t port_no;
    } req;
    union {
        struct {
            uint64_t datapath_id;
            struct ofp_port_desc *ports;
            size_t n_ports;
        } features;             /* Also PORT_DESC. */
        struct ofp_switch_config config;
        struct {
            struct ofp_flow_stats *stats;
            size_t n;
        } flows;
        struct ofp_aggregate_stats aggregate;
        struct ofp_table_stats *tables;
        struct {
            struct ofp_group_stats *stats;
            size_t n;
        } groups;
        struct {
            struct ofp_group_desc *descs;
            size_t n;
        } group_descs;
    } rep;
};

static struct hbridge *
find_hbridge(const struct ofp_handler *h, const char *name)
{
    for (size_t i = 0; i < h->n_bridges; i++) {
        if (!strcmp(h->bridges[i].name, name)) {
            return &h->bridges[i];
        }
    }
    return NULL;
}

struct connmgr *
ofp_handler_get_connmgr(const struct ofp_handler *h, const char *name)
{
    struct hbridge *hb = find_hbridge(h, name);
    return hb ? hb->cm : NULL;
}

/* Sending. */

static void
send_buf(struct ofconn *ofconn, struct ofpbuf *buf)
{
    if (buf->size) {
        ofconn_send(ofconn, buf->data, buf->size);
    }
    ofpbuf_clear(buf);
}

static void
send_error(struct ofconn *ofconn, uint32_t xid, ofperr error,
           const struct ofp_header *request)
{
    struct ofpbuf buf;

    VLOG_DBG("%s: request xid %u failed: %s", ofconn_name(ofconn), xid,
             ofperr_to_string(error));
    ofpbuf_init(&buf);
    ofp_encode_error(ofconn_version(ofconn), xid, error, request, &buf);
    send_buf(ofconn, &buf);
    ofpbuf_uninit(&buf);
}

/* Fan-out of asynchronous messages. */

struct fanout {
    enum connmgr_async kind;
    uint32_t reason;
    const void *msg;            /* struct ofp_packet_in, _flow_removed or
                                 * _port_status. */
    struct ofpbuf buf;
};

static void
fanout_one(struct ofconn *ofconn, void *f_)
{
    struct fanout *f = f_;
    uint8_t version = ofconn_version(ofconn);

    if (!connmgr_wants(ofconn, f->kind, f->reason)
        || !connmgr_async_admit(ofconn)) {
        return;
    }
    uint32_t xid = 0;
    switch (f->kind) {
    case CONNMGR_PACKET_IN:
        ofp_encode_packet_in(version, xid, f->msg, &f->buf);
        break;
    case CONNMGR_FLOW_REMOVED:
        ofp_encode_flow_removed(version, xid, f->msg, &f->buf);
        break;
    case CONNMGR_PORT_STATUS:
        ofp_encode_port_status(version, xid, f->msg, &f->buf);
        break;
    }
    send_buf(ofconn, &f->buf);
}

static void
fanout(struct connmgr *cm, enum connmgr_async kind, uint32_t reason,
       const void *msg)
{
    struct fanout f = { .kind = kind, .reason = reason, .msg = msg };

    ofpbuf_init(&f.buf);
    connmgr_for_each_conn(cm, fanout_one, &f);
    ofpbuf_uninit(&f.buf);
}

static void
fanout_events(struct ofp_handler *h, const char *bridge,
              const struct ofproto_events *events)
{
    struct connmgr *cm = ofp_handler_get_connmgr(h, bridge);

    if (!cm) {
        return;
    }
    for (size_t i = 0; i < events->n_flow_removed; i++) {
        const struct ofp_flow_removed *fr = &events->flow_removed[i];
        fanout(cm, CONNMGR_FLOW_REMOVED, fr->reason, fr);
    }
    for (size_t i = 0; i < events->n_port_status; i++) {
        const struct ofp_port_status *ps = &events->port_status[i];
        fanout(cm, CONNMGR_PORT_STATUS, ps->reason, ps);
    }
}

static void
any_wants_cb(struct ofconn *ofconn, void *f_)
{
    struct fanout *f = f_;
    if (connmgr_wants(ofconn, f->kind, f->reason)) {
        f->msg = f;
    }
}

/* Sends the packet-in of 'ev' to the connections of 'hb' that want it,
 * truncated to the max_len its action asked for; the whole frame then
 * goes into the bridge's packet buffers (unless no connection wants it
 * or every buffer is young, when the whole frame goes out unbuffered). */
static void
packet_in(struct hbridge *hb, const struct dpif_event *ev)
{
    struct ofp_packet_in pi = ev->packet_in;
    uint16_t max_len = ev->packet_in_max_len;

    if (max_len != OFPCML_NO_BUFFER && max_len < pi.len) {
        struct fanout probe = { .kind = CONNMGR_PACKET_IN,
                                .reason = pi.reason };
        connmgr_for_each_conn(hb->cm, any_wants_cb, &probe);
        if (!probe.msg) {
            return;
        }
        pi.buffer_id = pktbuf_save(hb->pktbuf, pi.data, pi.len,
                                   pi.match.flow.in_port, time_msec());
        if (pi.buffer_id != OFP_NO_BUFFER) {
            pi.len = max_len;
        }
    }
    fanout(hb->cm, CONNMGR_PACKET_IN, pi.reason, &pi);
}

static void
event_cb(const struct dpif_event *ev, void *h_)
{
    struct ofp_handler *h = h_;
    struct connmgr *cm = ofp_handler_get_connmgr(h, ev->bridge);

    if (!cm) {
        return;
    }
    switch (ev->type) {
    case DPIF_EVENT_PACKET_IN:
        packet_in(find_hbridge(h, ev->bridge), ev);
        break;
    case DPIF_EVENT_FLOW_REMOVED:
        fanout(cm, CONNMGR_FLOW_REMOVED, ev->flow_removed.reason,
               &ev->flow_removed);
        break;
    case DPIF_EVENT_PORT_STATUS:
        fanout(cm, CONNMGR_PORT_STATUS, ev->port_status.reason,
               &ev->port_status);
        break;
    }
}

/* Jobs: the datapath side. */

static void
job_run(struct ofproto *ofproto, void *job_)
{
    struct job *job = job_;
    long long now = time_msec();

    switch (job->type) {
    case OFPTYPE_FEATURES_REQUEST:
        job->rep.features.datapath_id = ofproto->datapath_id;
        if (job->version == OFP10_VERSION) {
            ofproto_port_descs(ofproto, &job->rep.features.ports,
                               &job->rep.features.n_ports);
        }
        break;
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        ofproto_port_descs(ofproto, &job->rep.features.ports,
                           &job->rep.features.n_ports);
        break;
    case OFPTYPE_GET_CONFIG_REQUEST:
        ofproto_get_config(ofproto, &job->rep.config);
        break;
    case OFPTYPE_SET_CONFIG:
        job->error = ofproto_set_config(ofproto, &job->req.config);
        break;
    case OFPTYPE_FLOW_MOD:
        job->error = ofproto_flow_mod(ofproto, &job->req.fm, now,
                                      &job->events);
        if (!job->error) {
            job->error = job->buffer_error;
        }
        break;
    case OFPTYPE_GROUP_MOD:
        job->error = ofproto_group_mod(ofproto, &job->req.gm, now,
                                       &job->events);
        break;
    case OFPTYPE_PORT_MOD:
        job->error = ofproto_port_mod(ofproto, &job->req.pm, &job->events);
        break;
    case OFPTYPE_TABLE_MOD:
        job->error = ofproto_table_mod(ofproto, job->req.tm.table_id,
                                       job->req.tm.config);
        break;
    case OFPTYPE_FLOW_STATS_REQUEST:
        ofproto_flow_stats(ofproto, &job->req.fsr, now,
                           &job->rep.flows.stats, &job->rep.flows.n);
        break;
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        ofproto_aggregate_stats(ofproto, &job->req.fsr,
                                &job->rep.aggregate);
        break;
    case OFPTYPE_TABLE_STATS_REQUEST:
        job->rep.tables = xcalloc(SLUICE_N_TABLES, sizeof *job->rep.tables);
        ofproto_table_stats(ofproto, job->rep.tables);
        break;
    case OFPTYPE_GROUP_STATS_REQUEST:
        ofproto_group_stats(ofproto, job->req.group_id, now,
                            &job->rep.groups.stats, &job->rep.groups.n);
        break;
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        ofproto_group_desc(ofproto, &job->rep.group_descs.descs,
                           &job->rep.group_descs.n);
        break;
    default:
        /* BARRIER and replies built in the control thread: nothing to do
         * here but keep the order. */
        break;
    }
}

/* Jobs: the control side. */

static void
reply_port_stats(struct ofp_handler *h, struct job *job,
                 struct ofconn *ofconn, struct ofpbuf *buf)
{
    struct ofp_port_stats *stats = NULL;
    size_t n_stats = 0;
    char **names;
    size_t n_names;

    if (dpif_port_list(h->dpif, job->bridge, &names, &n_names)) {
        names = NULL;
        n_names = 0;
    }
    stats = xcalloc(n_names ? n_names : 1, sizeof *stats);
    for (size_t i = 0; i < n_names; i++) {
        struct dpif_port_status st;
        if (!dpif_port_get_status(h->dpif, job->bridge, names[i], &st)) {
            uint32_t port_no = st.ofport == DPIF_OFPORT_LOCAL
                               ? OFPP_LOCAL : (uint32_t) st.ofport;
            if (job->req.port_no == OFPP_ANY
                || job->req.port_no == port_no) {
                struct ofp_port_stats *ps = &stats[n_stats++];
                memset(ps, 0, sizeof *ps);
                ps->port_no = port_no;
                ps->rx_packets = st.rx_packets;
                ps->tx_packets = st.tx_packets;
                ps->rx_bytes = st.rx_bytes;
                ps->tx_bytes = st.tx_bytes;
                ps->rx_dropped = st.rx_dropped;
                ps->tx_dropped = st.tx_dropped;
                ps->rx_errors = st.rx_errors;
                ps->tx_errors = st.tx_errors;
            }
        }
        free(names[i]);
    }
    free(names);
    if (job->req.port_no != OFPP_ANY && !n_stats) {
        send_error(ofconn, job->xid, OFPERR_OFPBRC_BAD_PORT,
                   (const struct ofp_header *) job->request);
    } else {
        ofp_encode_port_stats_reply(job->version, job->xid, stats, n_stats,
                                    buf);
    }
    free(stats);
}

static void
reply_desc(struct job *job, struct ofpbuf *buf)
{
    struct ofp_desc desc;

    memset(&desc, 0, sizeof desc);
    snprintf(desc.mfr_desc, sizeof desc.mfr_desc, "Sluice");
    snprintf(desc.hw_desc, sizeof desc.hw_desc, "Sluice userspace switch");
    snprintf(desc.sw_desc, sizeof desc.sw_desc, "%s", PACKAGE_VERSION);
    snprintf(desc.serial_num, sizeof desc.serial_num, "None");
    snprintf(desc.dp_desc, sizeof desc.dp_desc, "%s", job->bridge);
    ofp_encode_desc_reply(job->version, job->xid, &desc, buf);
}

static void
reply_group_features(struct job *job, struct ofpbuf *buf)
{
    struct ofp_group_features gf;

    ofproto_group_features(&gf);
    ofp_encode_group_features_reply(job->version, job->xid, &gf, buf);
}

/* Builds the reply of 'job' (whose 'error' is 0) into 'buf'. */
static void
job_reply(struct job *job, struct ofconn *ofconn, struct ofpbuf *buf)
{
    struct ofp_features features;

    switch (job->type) {
    case OFPTYPE_FEATURES_REQUEST:
        memset(&features, 0, sizeof features);
        features.datapath_id = job->rep.features.datapath_id;
        features.n_tables = SLUICE_N_TABLES;
        features.capabilities = OFPROTO_CAPABILITIES;
        if (job->version == OFP10_VERSION) {
            /* Bit 3 means STP in OpenFlow 1.0. */
            features.capabilities &= ~OFPC_GROUP_STATS;
        }
        features.actions = OF10_ACTIONS_BITMAP;
        features.ports = job->rep.features.ports;
        features.n_ports = job->rep.features.n_ports;
        ofp_encode_features_reply(job->version, job->xid, &features, buf);
        break;
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        ofp_encode_port_desc_reply(job->version, job->xid,
                                   job->rep.features.ports,
                                   job->rep.features.n_ports, buf);
        break;
    case OFPTYPE_GET_CONFIG_REQUEST:
        ofp_encode_switch_config(OFPTYPE_GET_CONFIG_REPLY, job->version,
                                 job->xid, &job->rep.config, buf);
        break;
    case OFPTYPE_BARRIER_REQUEST:
        ofp_encode_simple(OFPTYPE_BARRIER_REPLY, job->version, job->xid,
                          buf);
        break;
    case OFPTYPE_DESC_STATS_REQUEST:
        reply_desc(job, buf);
        break;
    case OFPTYPE_FLOW_STATS_REQUEST:
        ofp_encode_flow_stats_reply(job->version, job->xid,
                                    job->rep.flows.stats, job->rep.flows.n,
                                    buf);
        break;
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        ofp_encode_aggregate_stats_reply(job->version, job->xid,
                                         &job->rep.aggregate, buf);
        break;
    case OFPTYPE_TABLE_STATS_REQUEST:
        ofp_encode_table_stats_reply(job->version, job->xid,
                                     job->rep.tables, SLUICE_N_TABLES, buf);
        break;
    case OFPTYPE_PORT_STATS_REQUEST:
        reply_port_stats(job->h, job, ofconn, buf);
        break;
    case OFPTYPE_QUEUE_STATS_REQUEST:
        ofp_encode_queue_stats_reply(job->version, job->xid, NULL, 0, buf);
        break;
    case OFPTYPE_GROUP_STATS_REQUEST:
        ofp_encode_group_stats_reply(job->version, job->xid,
                                     job->rep.groups.stats,
                                     job->rep.groups.n, buf);
        break;
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        ofp_encode_group_desc_reply(job->version, job->xid,
                                    job->rep.group_descs.descs,
                                    job->rep.group_descs.n, buf);
        break;
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
        reply_group_features(job, buf);
        break;
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
        ofp_encode_table_features_reply(job->version, job->xid,
                                        SLUICE_N_TABLES, buf);
        break;
    default:
        break;
    }
}

static void
job_free(struct job *job)
{
    switch (job->type) {
    case OFPTYPE_FLOW_MOD:
        ofp_flow_mod_uninit(&job->req.fm);
        break;
    case OFPTYPE_GROUP_MOD:
        ofp_group_mod_uninit(&job->req.gm);
        break;
    case OFPTYPE_FEATURES_REQUEST:
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        free(job->rep.features.ports);
        break;
    case OFPTYPE_FLOW_STATS_REQUEST:
        ofp_flow_stats_free(job->rep.flows.stats, job->rep.flows.n);
        break;
    case OFPTYPE_TABLE_STATS_REQUEST:
        free(job->rep.tables);
        break;
    case OFPTYPE_GROUP_STATS_REQUEST:
        ofp_group_stats_free(job->rep.groups.stats, job->rep.groups.n);
        break;
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        ofp_group_desc_free(job->rep.group_descs.descs,
                                job->rep.group_descs.n);
        break;
    default:
        break;
    }
    ofproto_events_destroy(&job->events);
    free(job->buffered);
    free(job);
}

/* After a FLOW_MOD that named a buffer succeeded: runs the buffered frame
 * through the flow tables (OFPP_TABLE), from its original input port. */
static void
send_buffered(struct job *job)
{
    struct ofpact table;
    struct ofp_packet_out po = {
        .buffer_id = OFP_NO_BUFFER,
        .in_port = job->buffered_in_port,
        .actions = &table,
        .n_actions = 1,
        .data = job->buffered,
        .len = job->buffered_len,
    };
    memset(&table, 0, sizeof table);
    table.type = OFPACT_OUTPUT;
    table.output.port = OFPP_TABLE;

    int error = dpif_packet_out(job->h->dpif, job->bridge, &po, NULL,
                                NULL);
    if (error == EAGAIN) {
        dpif_drain(job->h->dpif);
        error = dpif_packet_out(job->h->dpif, job->bridge, &po, NULL, NULL);
    }
    if (error) {
        VLOG_WARN("%s: buffered packet of a flow_mod not sent (%s)",
                  job->bridge, strerror(error));
    }
}

static void
job_done(void *job_)
{
    struct job *job = job_;
    struct ofconn *ofconn = connmgr_find_conn(job->conn_id);

    if (ofconn) {
        if (job->error) {
            send_error(ofconn, job->xid, job->error,
                       (const struct ofp_header *) job->request);
        } else {
            struct ofpbuf buf;
            ofpbuf_init(&buf);
            job_reply(job, ofconn, &buf);
            send_buf(ofconn, &buf);
            ofpbuf_uninit(&buf);
        }
    }
    fanout_events(job->h, job->bridge, &job->events);
    if (!job->error && job->buffered) {
        send_buffered(job);
    }
    job_free(job);
}

static struct job *
job_create(struct ofp_handler *h, struct connmgr *cm, struct ofconn *ofconn,
           enum ofptype type, const struct ofp_header *oh)
{
    struct job *job = xzalloc(sizeof *job);
    size_t len = ntohs(oh->length);

    job->h = h;
    snprintf(job->bridge, sizeof job->bridge, "%s", connmgr_name(cm));
    job->conn_id = connmgr_conn_id(ofconn);
    job->type = type;
    job->version = oh->version;
    job->xid = ofp_xid(oh);
    memcpy(job->request, oh, len < sizeof job->request
                             ? len : sizeof job->request);
    ofproto_events_init(&job->events);
    return job;
}

/* Queues 'job'.  Returns false (and frees it) if the queue is full. */
static bool
job_submit(struct ofp_handler *h, struct job *job)
{
    int error = dpif_call(h->dpif, job->bridge, job_run, job_done, job);

    if (error == EAGAIN) {
        job_free(job);
        return false;
    } else if (error) {
        /* The bridge is going away: answer nothing. */
        job_free(job);
    }
    return true;
}

/* Requests answered in the control thread. */

static void
handle_role(struct connmgr *cm, struct ofconn *ofconn,
            const struct ofp_header *oh)
{
    struct ofp_role req, reply;
    ofperr error = ofp_decode_role(oh, &req);

    if (!error) {
        error = connmgr_handle_role(cm, ofconn, req.role, req.generation_id,
                                    &reply);
    }
    if (error) {
        send_error(ofconn, ofp_xid(oh), error, oh);
    } else {
        struct ofpbuf buf;
        ofpbuf_init(&buf);
        ofp_encode_role(OFPTYPE_ROLE_REPLY, oh->version, ofp_xid(oh),
                        &reply, &buf);
        send_buf(ofconn, &buf);
        ofpbuf_uninit(&buf);
    }
}

static void
handle_async(struct ofconn *ofconn, enum ofptype type,
             const struct ofp_header *oh)
{
    struct ofpbuf buf;

    if (type == OFPTYPE_SET_ASYNC) {
        struct ofp_async_config ac;
        ofperr error = ofp_decode_async_config(oh, &ac);
        if (error) {
            send_error(ofconn, ofp_xid(oh), error, oh);
        } else {
            ofconn_set_async(ofconn, &ac);
            ofconn_set_wants_async(ofconn, true);
        }
        return;
    }
    ofpbuf_init(&buf);
    ofp_encode_async_config(OFPTYPE_GET_ASYNC_REPLY, oh->version,
                            ofp_xid(oh), ofconn_get_async(ofconn), &buf);
    send_buf(ofconn, &buf);
    ofpbuf_uninit(&buf);
}

static void
handle_queue_get_config(struct ofconn *ofconn, const struct ofp_header *oh)
{
    uint32_t port;
    ofperr error = ofp_decode_queue_get_config_request(oh, &port);

    if (error) {
        send_error(ofconn, ofp_xid(oh), error, oh);
    } else {
        struct ofpbuf buf;
        ofpbuf_init(&buf);
        ofp_encode_queue_get_config_reply(oh->version, ofp_xid(oh), port,
                                          &buf);
        send_buf(ofconn, &buf);
        ofpbuf_uninit(&buf);
    }
}

/* PACKET_OUT goes through dpif_packet_out(), in order with the calls. */
struct packet_out {
    uint64_t conn_id;
    uint32_t xid;
    uint8_t request[64];
};

static void
packet_out_done(ofperr error, void *po_)
{
    struct packet_out *po = po_;
    struct ofconn *ofconn = connmgr_find_conn(po->conn_id);

    if (error && ofconn) {
        send_error(ofconn, po->xid, error,
                   (const struct ofp_header *) po->request);
    }
    free(po);
}

/* Returns false if the datapath's queue is full. */
static bool
handle_packet_out(struct ofp_handler *h, struct connmgr *cm,
                  struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_packet_out po;
    ofperr error = connmgr_may_modify(ofconn);
    void *buffered = NULL;

    if (!error) {
        error = ofp_decode_packet_out(oh, &po);
        if (!error && po.buffer_id != OFP_NO_BUFFER) {
            uint32_t in_port;
            error = pktbuf_retrieve(find_hbridge(h, connmgr_name(cm))->pktbuf,
                                    po.buffer_id, time_msec(), &buffered,
                                    &po.len, &in_port);
            if (error) {
                ofp_packet_out_uninit(&po);
            } else {
                po.data = buffered;
            }
        }
    }
    if (error) {
        send_error(ofconn, ofp_xid(oh), error, oh);
        return true;
    }

    struct packet_out *arg = xzalloc(sizeof *arg);
    size_t len = ntohs(oh->length);
    arg->conn_id = connmgr_conn_id(ofconn);
    arg->xid = ofp_xid(oh);
    memcpy(arg->request, oh, len < sizeof arg->request
                             ? len : sizeof arg->request);
    int retval = dpif_packet_out(h->dpif, connmgr_name(cm), &po,
                                 packet_out_done, arg);
    if (retval == EAGAIN && buffered) {
        /* The message is offered again later, but its buffer is used up:
         * send it now, once the queue has room. */
        dpif_drain(h->dpif);
        retval = dpif_packet_out(h->dpif, connmgr_name(cm), &po,
                                 packet_out_done, arg);
    }
    ofp_packet_out_uninit(&po);
    free(buffered);
    if (retval) {
        free(arg);
    }
    return retval != EAGAIN;
}

/* Decodes the request part of a job.  Returns 0 or an ofperr. */
static ofperr
decode_job(struct job *job, struct ofconn *ofconn,
           const struct ofp_header *oh)
{
    ofperr error;

    switch (job->type) {
    case OFPTYPE_SET_CONFIG:
        error = ofp_decode_switch_config(oh, &job->req.config);
        if (!error && job->req.config.miss_send_len) {
            ofconn_set_miss_send_len(ofconn, job->req.config.miss_send_len);
            ofconn_set_wants_async(ofconn, true);
        }
        return error;
    case OFPTYPE_FLOW_MOD:
        error = connmgr_may_modify(ofconn);
        if (!error) {
            error = ofp_decode_flow_mod(oh, &job->req.fm);
        }
        if (!error && job->req.fm.buffer_id != OFP_NO_BUFFER
            && job->req.fm.command != OFPFC_DELETE
            && job->req.fm.command != OFPFC_DELETE_STRICT) {
            struct hbridge *hb = find_hbridge(job->h, job->bridge);
            job->buffer_error = pktbuf_retrieve(hb->pktbuf,
                                                job->req.fm.buffer_id,
                                                time_msec(), &job->buffered,
                                                &job->buffered_len,
                                                &job->buffered_in_port);
        }
        return error;
    case OFPTYPE_GROUP_MOD:
        error = connmgr_may_modify(ofconn);
        return error ? error : ofp_decode_group_mod(oh, &job->req.gm);
    case OFPTYPE_PORT_MOD:
        error = connmgr_may_modify(ofconn);
        return error ? error : ofp_decode_port_mod(oh, &job->req.pm);
    case OFPTYPE_TABLE_MOD:
        error = connmgr_may_modify(ofconn);
        return error ? error : ofp_decode_table_mod(oh, &job->req.tm);
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        return ofp_decode_flow_stats_request(oh, &job->req.fsr);
    case OFPTYPE_PORT_STATS_REQUEST:
        return ofp_decode_port_stats_request(oh, &job->req.port_no);
    case OFPTYPE_GROUP_STATS_REQUEST:
        return ofp_decode_group_stats_request(oh, &job->req.group_id);
    case OFPTYPE_QUEUE_STATS_REQUEST: {
        uint32_t port, queue;
        return ofp_decode_queue_stats_request(oh, &port, &queue);
    }
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
        return ofp_decode_table_features_request(oh);
    case OFPTYPE_FEATURES_REQUEST:
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_BARRIER_REQUEST:
    case OFPTYPE_DESC_STATS_REQUEST:
    case OFPTYPE_TABLE_STATS_REQUEST:
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
        return 0;
    default:
        return OFPERR_OFPBRC_BAD_TYPE;
    }
}

static bool
handle_msg(struct connmgr *cm, struct ofconn *ofconn, const void *msg,
           size_t len, void *h_)
{
    struct ofp_handler *h = h_;
    const struct ofp_header *oh = msg;
    enum ofptype type;
    ofperr error = ofp_decode_type(oh, len, &type);

    if (error) {
        send_error(ofconn, ofp_xid(oh), error, oh);
        return true;
    }
    switch (type) {
    case OFPTYPE_HELLO:
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY:
        /* The connection handles these itself. */
        return true;
    case OFPTYPE_ERROR:
        VLOG_INFO("%s: received an error message from %s", connmgr_name(cm),
                  ofconn_name(ofconn));
        return true;
    case OFPTYPE_EXPERIMENTER:
    case OFPTYPE_EXPERIMENTER_STATS_REQUEST:
        send_error(ofconn, ofp_xid(oh), OFPERR_OFPBRC_BAD_EXPERIMENTER, oh);
        return true;
    case OFPTYPE_ROLE_REQUEST:
        handle_role(cm, ofconn, oh);
        return true;
    case OFPTYPE_GET_ASYNC_REQUEST:
    case OFPTYPE_SET_ASYNC:
        handle_async(ofconn, type, oh);
        return true;
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
        handle_queue_get_config(ofconn, oh);
        return true;
    case OFPTYPE_PACKET_OUT:
        return handle_packet_out(h, cm, ofconn, oh);
    case OFPTYPE_METER_MOD:
        send_error(ofconn, ofp_xid(oh), OFPERR_OFPMMFC_INVALID_METER, oh);
        return true;
    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST:
    case OFPTYPE_METER_FEATURES_STATS_REQUEST:
        send_error(ofconn, ofp_xid(oh), OFPERR_OFPBRC_BAD_MULTIPART, oh);
        return true;
    default:
        break;
    }

    struct job *job = job_create(h, cm, ofconn, type, oh);
    error = decode_job(job, ofconn, oh);
    if (error) {
        /* Nothing decoded needs freeing; answer in order with the rest. */
        job->type = OFPTYPE_BARRIER_REQUEST;
        job->error = error;
    }
    return job_submit(h, job);
}

/* Setup. */

static void
queue_space_cb(void *h_)
{
    connmgr_resume_all();
}

struct ofp_handler *
ofp_handler_create(struct event_base *base, struct dpif *dpif)
{
    struct ofp_handler *h = xzalloc(sizeof *h);

    h->base = base;
    h->dpif = dpif;
    dpif_attach_event_base(dpif, base);
    dpif_set_event_cb(dpif, event_cb, h);
    dpif_set_queue_space_cb(dpif, queue_space_cb, h);
    return h;
}

void
ofp_handler_destroy(struct ofp_handler *h)
{
    if (h) {
        dpif_drain(h->dpif);
        dpif_set_event_cb(h->dpif, NULL, NULL);
        dpif_set_queue_space_cb(h->dpif, NULL, NULL);
        for (size_t i = 0; i < h->n_bridges; i++) {
            connmgr_destroy(h->bridges[i].cm);
            pktbuf_destroy(h->bridges[i].pktbuf);
            free(h->bridges[i].name);
        }
        free(h->bridges);
        free(h);
    }
}

int
ofp_handler_add_bridge(struct ofp_handler *h, const char *name,
                       const char *mgmt_path, char **errorp)
{
    if (find_hbridge(h, name)) {
        *errorp = xasprintf("bridge %s is already served", name);
        return EEXIST;
    }
    struct connmgr *cm = connmgr_create(h->base, name, handle_msg, h);
    int error = connmgr_set_mgmt(cm, mgmt_path, 0600, errorp);
    if (error) {
        connmgr_destroy(cm);
        return error;
    }
    h->bridges = xrealloc(h->bridges, (h->n_bridges + 1)
                          * sizeof *h->bridges);
    h->bridges[h->n_bridges].name = xstrdup(name);
    h->bridges[h->n_bridges].cm = cm;
    h->bridges[h->n_bridges].pktbuf = pktbuf_create();
    h->n_bridges++;
    return 0;
}

void
ofp_handler_del_bridge(struct ofp_handler *h, const char *name)
{
    struct hbridge *hb = find_hbridge(h, name);

    if (hb) {
        connmgr_destroy(hb->cm);
        pktbuf_destroy(hb->pktbuf);
        free(hb->name);
        *hb = h->bridges[--h->n_bridges];
    }
}

/* Runs in the datapath thread: applies the versions in 'versions_'. */
static void
versions_run(struct ofproto *ofproto, void *versions_)
{
    ofproto_set_versions(ofproto, *(uint32_t *) versions_);
}

void
ofp_handler_set_versions(struct ofp_handler *h, const char *name,
                         uint32_t versions)
{
    struct connmgr *cm = ofp_handler_get_connmgr(h, name);
    uint32_t *arg = xmalloc(sizeof *arg);

    if (!versions) {
        versions = OFCONN_DEFAULT_VERSIONS;
    }
    if (cm) {
        connmgr_set_versions(cm, versions);
    }
    *arg = versions;
    int error = dpif_call(h->dpif, name, versions_run, free, arg);
    if (error == EAGAIN) {
        /* Configuration is rare: wait the queue out. */
        dpif_drain(h->dpif);
        error = dpif_call(h->dpif, name, versions_run, free, arg);
    }
    if (error) {
        VLOG_WARN("%s: cannot configure OpenFlow versions (%s)", name,
                  strerror(error));
        free(arg);
    }
}
