/* One OpenFlow connection: framing, HELLO, echo, probe, flow control.
 * See ofconn.h. */
#include "ofproto/ofconn.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/ofp-codec.h"
#include "ofproto/stream.h"

VLOG_DEFINE_THIS_MODULE(ofconn);

/* Highest wire version whose bit is set in 'bitmap', or 0. */
static uint8_t
highest_version(uint32_t bitmap)
{
    for (int v = 31; v > 0; v--) {
        if (bitmap & (1u << v)) {
            return v;
        }
    }
    return 0;
}

enum ofconn_state {
    OFCONN_HELLO,               /* Waiting for the peer's HELLO. */
    OFCONN_ACTIVE,              /* Version negotiated. */
    OFCONN_DEAD,                /* Close reported; waiting for destroy. */
};

struct ofconn {
    struct stream *stream;
    struct event_base *base;
    enum ofconn_type type;
    enum ofconn_state state;
    struct ofconn_config cfg;
    struct ofconn_cbs cbs;
    void *aux;
    void *owner_data;

    uint8_t version;
    uint32_t next_xid;

    /* Flow control. */
    bool paused;                /* Owner could not take a message. */
    struct event *resume_ev;    /* Reprocesses buffered input. */
    struct event *close_ev;     /* Reports the close to the owner. */
    char *close_reason;
    int close_waits;            /* Times 'close_ev' waited for output. */
    bool stream_closed;         /* The stream reported STREAM_CLOSED. */
    bool in_dispatch;           /* Inside process_input(). */

    /* Inactivity probe. */
    struct event *probe_ev;
    long long last_rx_ms;
    bool probe_sent;

    /* OpenFlow state. */
    enum ofp_controller_role role;
    struct ofp_async_config async;
    uint16_t miss_send_len;
    bool wants_async;
};

static void process_input(struct ofconn *);
static void schedule_probe(struct ofconn *);

void
ofconn_default_async(struct ofp_async_config *cfg)
{
    cfg->packet_in_mask[0] = (1u << OFPR_NO_MATCH) | (1u << OFPR_ACTION);
    cfg->packet_in_mask[1] = 0;
    cfg->port_status_mask[0] = cfg->port_status_mask[1]
        = (1u << OFPPR_ADD) | (1u << OFPPR_DELETE) | (1u << OFPPR_MODIFY);
    cfg->flow_removed_mask[0] = (1u << OFPRR_IDLE_TIMEOUT)
                                | (1u << OFPRR_HARD_TIMEOUT)
                                | (1u << OFPRR_DELETE)
                                | (1u << OFPRR_GROUP_DELETE);
    cfg->flow_removed_mask[1] = 0;
}

/* Writes an OpenFlow header for 'version', 'type', 'length', 'xid' into
 * the first 8 bytes of 'buf'. */
static void
put_header(uint8_t *buf, uint8_t version, uint8_t type, uint16_t length,
           uint32_t xid)
{
    buf[0] = version;
    buf[1] = type;
    uint16_t len_be = htons(length);
    uint32_t xid_be = htonl(xid);
    memcpy(buf + 2, &len_be, 2);
    memcpy(buf + 4, &xid_be, 4);
}

/* Reports the end of the connection to the owner, once. */
static void
ofconn_die(struct ofconn *ofconn, const char *reason)
{
    if (ofconn->state == OFCONN_DEAD) {
        return;
    }
    ofconn->state = OFCONN_DEAD;
    ofconn->close_reason = xstrdup(reason);
    stream_set_reading(ofconn->stream, false);
    event_del(ofconn->probe_ev);
    event_del(ofconn->resume_ev);
    event_active(ofconn->close_ev, 0, 0);
}

/* Delivers the close from the event loop, so that the owner may destroy
 * the connection in its callback; first lets what is queued for sending
 * (a final error message) go out, for up to a second. */
static void
close_cb(evutil_socket_t fd, short events, void *ofconn_)
{
    struct ofconn *ofconn = ofconn_;

    if (!ofconn->stream_closed && stream_backlog(ofconn->stream)
        && ofconn->close_waits++ < 100) {
        struct timeval tv = { 0, 10 * 1000 };
        event_add(ofconn->close_ev, &tv);
        return;
    }
    ofconn->cbs.close(ofconn, ofconn->close_reason, ofconn->aux);
}

static void
send_hello(struct ofconn *ofconn)
{
    struct ofpbuf buf;

    ofpbuf_init(&buf);
    ofp_encode_hello(ofconn->cfg.allowed_versions, ofconn_next_xid(ofconn),
                     &buf);
    stream_send(ofconn->stream, buf.data, buf.size);
    ofpbuf_uninit(&buf);
}

/* Sends HELLO_FAILED/INCOMPATIBLE with 'text' and closes. */
static void
hello_failed(struct ofconn *ofconn, uint32_t xid, const char *text)
{
    struct ofpbuf buf;

    VLOG_INFO("%s: version negotiation failed: %s",
              stream_name(ofconn->stream), text);
    ofconn->version = highest_version(ofconn->cfg.allowed_versions);
    ofpbuf_init(&buf);
    ofp_encode_hello_failed(ofconn->version, xid, text, &buf);
    stream_send(ofconn->stream, buf.data, buf.size);
    ofpbuf_uninit(&buf);
    ofconn_die(ofconn, "version negotiation failed");
}

static void
handle_hello(struct ofconn *ofconn, const uint8_t *msg, size_t len)
{
    char *text = NULL;
    uint8_t version;

    if (!ofp_hello_negotiate((const struct ofp_header *) msg,
                             ofconn->cfg.allowed_versions, &version,
                             &text)) {
        hello_failed(ofconn, 0, text ? text : "no common version");
        free(text);
        return;
    }
    ofconn->version = version;
    ofconn->state = OFCONN_ACTIVE;
    VLOG_DBG("%s: negotiated OpenFlow version 0x%02x",
             stream_name(ofconn->stream), version);
    if (ofconn->cbs.ready) {
        ofconn->cbs.ready(ofconn, ofconn->aux);
    }
}

/* Handles one complete message.  Returns false if the owner could not
 * take it (flow control). */
static bool
handle_message(struct ofconn *ofconn, const uint8_t *msg, size_t len)
{
    uint8_t type = msg[1];
    uint32_t xid;

    memcpy(&xid, msg + 4, 4);
    xid = ntohl(xid);
    if (ofconn->state == OFCONN_HELLO) {
        if (type == OFCONN_OFPT_HELLO) {
            handle_hello(ofconn, msg, len);
        } else {
            hello_failed(ofconn, xid, "first message was not a HELLO");
        }
        return true;
    }

    if (msg[0] != ofconn->version) {
        if (type == OFCONN_OFPT_HELLO || type == OFCONN_OFPT_ERROR) {
            return true;
        }
        ofconn_send_raw_error(ofconn, xid,
                              OFPERR_TYPE(OFPERR_OFPBRC_BAD_VERSION),
                              OFPERR_CODE(OFPERR_OFPBRC_BAD_VERSION),
                              msg, len < 64 ? len : 64);
        return true;
    }
    switch (type) {
    case OFCONN_OFPT_HELLO:
        return true;
    case OFCONN_OFPT_ECHO_REQUEST: {
        uint8_t *reply = xmalloc(len);
        memcpy(reply, msg, len);
        reply[1] = OFCONN_OFPT_ECHO_REPLY;
        stream_send(ofconn->stream, reply, len);
        free(reply);
        return true;
    }
    case OFCONN_OFPT_ECHO_REPLY:
        return true;
    default:
        return ofconn->cbs.msg(ofconn, msg, len, ofconn->aux);
    }
}

/* Dispatches every complete buffered message until the owner pushes back
 * or the connection dies. */
static void
process_input(struct ofconn *ofconn)
{
    struct evbuffer *in = stream_input(ofconn->stream);

    if (ofconn->in_dispatch) {
        return;
    }
    ofconn->in_dispatch = true;
    while (ofconn->state != OFCONN_DEAD && !ofconn->paused) {
        uint8_t hdr[OFCONN_HEADER_LEN];
        if (evbuffer_copyout(in, hdr, sizeof hdr) < (ssize_t) sizeof hdr) {
            break;
        }
        size_t len = (hdr[2] << 8) | hdr[3];
        if (len < OFCONN_HEADER_LEN) {
            VLOG_WARN("%s: message length %zu shorter than a header",
                      stream_name(ofconn->stream), len);
            ofconn_die(ofconn, "bad message length");
            break;
        }
        if (evbuffer_get_length(in) < len) {
            break;
        }
        const uint8_t *msg = evbuffer_pullup(in, len);
        if (handle_message(ofconn, msg, len)) {
            evbuffer_drain(in, len);
        } else {
            ofconn->paused = true;
            stream_set_reading(ofconn->stream, false);
        }
    }
    ofconn->in_dispatch = false;
}

static void
stream_cb_(struct stream *stream, enum stream_event event, int error,
           void *ofconn_)
{
    struct ofconn *ofconn = ofconn_;

    switch (event) {
    case STREAM_CONNECTED:
        VLOG_DBG("%s: connected", stream_name(stream));
        break;
    case STREAM_INPUT:
        ofconn->last_rx_ms = time_msec();
        ofconn->probe_sent = false;
        schedule_probe(ofconn);
        process_input(ofconn);
        break;
    case STREAM_CLOSED: {
        ofconn->stream_closed = true;
        /* Messages that arrived just before the close are still
         * handled (a tool may send a request and close at once). */
        process_input(ofconn);
        char *reason = error ? xasprintf("connection failed (%s)",
                                         strerror(error))
                             : xstrdup("connection closed by peer");
        ofconn_die(ofconn, reason);
        free(reason);
        break;
    }
    }
}

static void
resume_cb(evutil_socket_t fd, short events, void *ofconn_)
{
    struct ofconn *ofconn = ofconn_;
    process_input(ofconn);
}

static void
schedule_probe(struct ofconn *ofconn)
{
    if (ofconn->cfg.probe_interval_ms > 0
        && ofconn->state != OFCONN_DEAD) {
        struct timeval tv = {
            .tv_sec = ofconn->cfg.probe_interval_ms / 1000,
            .tv_usec = ofconn->cfg.probe_interval_ms % 1000 * 1000,
        };
        event_add(ofconn->probe_ev, &tv);
    } else {
        event_del(ofconn->probe_ev);
    }
}

static void
probe_cb(evutil_socket_t fd, short events, void *ofconn_)
{
    struct ofconn *ofconn = ofconn_;

    if (ofconn->probe_sent) {
        VLOG_INFO("%s: no response to inactivity probe after %d ms, "
                  "disconnecting", stream_name(ofconn->stream),
                  ofconn->cfg.probe_interval_ms);
        ofconn_die(ofconn, "inactivity probe timeout");
        return;
    }
    if (ofconn->state == OFCONN_ACTIVE) {
        uint8_t buf[OFCONN_HEADER_LEN];
        put_header(buf, ofconn->version, OFCONN_OFPT_ECHO_REQUEST,
                   sizeof buf, ofconn_next_xid(ofconn));
        stream_send(ofconn->stream, buf, sizeof buf);
    }
    ofconn->probe_sent = true;
    schedule_probe(ofconn);
}

struct ofconn *
ofconn_create(struct event_base *base, struct stream *stream,
              enum ofconn_type type, const struct ofconn_config *cfg,
              const struct ofconn_cbs *cbs, void *aux)
{
    struct ofconn *ofconn = xzalloc(sizeof *ofconn);

    ofconn->stream = stream;
    ofconn->base = base;
    ofconn->type = type;
    ofconn->state = OFCONN_HELLO;
    ofconn->cbs = *cbs;
    ofconn->aux = aux;
    ofconn->next_xid = 1;
    ofconn->role = OFPCR_ROLE_EQUAL;
    ofconn_default_async(&ofconn->async);
    ofconn->miss_send_len = type == OFCONN_PRIMARY ? 128 : 0;
    ofconn->last_rx_ms = time_msec();
    ofconn->resume_ev = event_new(base, -1, 0, resume_cb, ofconn);
    ofconn->probe_ev = event_new(base, -1, 0, probe_cb, ofconn);
    ofconn->close_ev = event_new(base, -1, 0, close_cb, ofconn);
    ofconn_set_config(ofconn, cfg);
    stream_set_cb(stream, stream_cb_, ofconn);
    send_hello(ofconn);
    return ofconn;
}

void
ofconn_destroy(struct ofconn *ofconn)
{
    if (ofconn) {
        stream_destroy(ofconn->stream);
        event_free(ofconn->resume_ev);
        event_free(ofconn->probe_ev);
        event_free(ofconn->close_ev);
        free(ofconn->close_reason);
        free(ofconn);
    }
}

void
ofconn_set_config(struct ofconn *ofconn, const struct ofconn_config *cfg)
{
    ofconn->cfg = *cfg;
    if (!ofconn->cfg.allowed_versions) {
        ofconn->cfg.allowed_versions = OFCONN_DEFAULT_VERSIONS;
    }
    schedule_probe(ofconn);
}

void
ofconn_send(struct ofconn *ofconn, const void *msg, size_t len)
{
    if (ofconn->state != OFCONN_DEAD) {
        stream_send(ofconn->stream, msg, len);
    }
}

size_t
ofconn_backlog(const struct ofconn *ofconn)
{
    return stream_backlog(ofconn->stream);
}

void
ofconn_send_raw_error(struct ofconn *ofconn, uint32_t xid, uint16_t type,
                      uint16_t code, const void *data, size_t len)
{
    size_t total = OFCONN_HEADER_LEN + 4 + len;
    uint8_t *buf = xmalloc(total);
    uint16_t type_be = htons(type), code_be = htons(code);

    put_header(buf, ofconn->version, OFCONN_OFPT_ERROR, total, xid);
    memcpy(buf + 8, &type_be, 2);
    memcpy(buf + 10, &code_be, 2);
    memcpy(buf + 12, data, len);
    ofconn_send(ofconn, buf, total);
    free(buf);
}

void
ofconn_resume(struct ofconn *ofconn)
{
    if (ofconn->paused && ofconn->state != OFCONN_DEAD) {
        ofconn->paused = false;
        stream_set_reading(ofconn->stream, true);
        event_active(ofconn->resume_ev, 0, 0);
    }
}

uint32_t
ofconn_next_xid(struct ofconn *ofconn)
{
    return ofconn->next_xid++;
}

const char *
ofconn_name(const struct ofconn *ofconn)
{
    return stream_name(ofconn->stream);
}

enum ofconn_type
ofconn_get_type(const struct ofconn *ofconn)
{
    return ofconn->type;
}

bool
ofconn_is_ready(const struct ofconn *ofconn)
{
    return ofconn->state == OFCONN_ACTIVE;
}

uint8_t
ofconn_version(const struct ofconn *ofconn)
{
    return ofconn->state == OFCONN_ACTIVE ? ofconn->version : 0;
}

enum ofp_controller_role
ofconn_get_role(const struct ofconn *ofconn)
{
    return ofconn->role;
}

void
ofconn_set_role(struct ofconn *ofconn, enum ofp_controller_role role)
{
    ofconn->role = role;
}

const struct ofp_async_config *
ofconn_get_async(const struct ofconn *ofconn)
{
    return &ofconn->async;
}

void
ofconn_set_async(struct ofconn *ofconn, const struct ofp_async_config *cfg)
{
    ofconn->async = *cfg;
}

uint16_t
ofconn_get_miss_send_len(const struct ofconn *ofconn)
{
    return ofconn->miss_send_len;
}

void
ofconn_set_miss_send_len(struct ofconn *ofconn, uint16_t miss_send_len)
{
    ofconn->miss_send_len = miss_send_len;
}

bool
ofconn_wants_async(const struct ofconn *ofconn)
{
    return ofconn->type == OFCONN_PRIMARY || ofconn->wants_async;
}

void
ofconn_set_wants_async(struct ofconn *ofconn, bool wants)
{
    ofconn->wants_async = wants;
}

void
ofconn_set_owner_data(struct ofconn *ofconn, void *data)
{
    ofconn->owner_data = data;
}

void *
ofconn_get_owner_data(const struct ofconn *ofconn)
{
    return ofconn->owner_data;
}
