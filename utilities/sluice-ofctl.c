/* sluice-ofctl: ovs-ofctl's commands and flow syntax against any OpenFlow
 * 1.0/1.3 switch (a Sluice bridge by name, or unix:/tcp: targets).
 * See docs/sluice-ofctl.md. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "lib/util.h"
#include "ofproto/ofp-codec.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofp-print.h"
#include "utilities/ofctl-conn.h"
#include "utilities/ofctl.h"

/* Command-line options. */
static uint32_t allowed_versions = OFP_VERSIONS_DEFAULT;
static bool format_json;
static bool no_stats;
static bool strict;
static int timeout_sec;

void
ofctl_fatal(const char *format, ...)
{
    va_list args;

    fflush(stdout);
    fputs("sluice-ofctl: ", stderr);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(1);
}

struct ofctl_conn *
ofctl_open(const char *target)
{
    struct ofctl_conn *conn;
    char *error;

    if (ofctl_conn_open(target, allowed_versions,
                        timeout_sec ? timeout_sec * 1000 : 30000, &conn,
                        &error)) {
        ofctl_fatal("%s", error);
    }
    return conn;
}

static void
send_or_die(struct ofctl_conn *conn, const struct ofpbuf *buf)
{
    int error = ofctl_conn_send(conn, buf);

    if (error) {
        ofctl_fatal("send failed (%s)", strerror(error));
    }
}

static struct ofp_header *
recv_or_die(struct ofctl_conn *conn)
{
    struct ofp_header *msg;
    int error = ofctl_conn_recv(conn, &msg);

    if (error) {
        ofctl_fatal("receive failed (%s)", error == ECONNRESET
                    ? "connection closed by the switch" : strerror(error));
    }
    return msg;
}

static enum ofptype
msg_type(const struct ofp_header *msg)
{
    enum ofptype type;

    if (ofp_decode_type(msg, ntohs(msg->length), &type)) {
        ofctl_fatal("received a malformed message (type %d)", msg->type);
    }
    return type;
}

/* Prints an OFPT_ERROR to stderr. */
static void
print_error_msg(const struct ofp_header *msg)
{
    const void *data;
    size_t len;
    ofperr err;

    if (ofp_decode_error(msg, &err, &data, &len)) {
        fprintf(stderr, "sluice-ofctl: malformed OFPT_ERROR\n");
        return;
    }
    fflush(stdout);
    ofp_print_error(stderr, msg->version, ofp_xid(msg), err, data, len);
}

/* Sends the single request in 'req' (xid 'xid') and returns its reply of
 * 'reply_type'; an error reply is printed and exits. */
struct ofp_header *
ofctl_transact(struct ofctl_conn *conn, struct ofpbuf *req, uint32_t xid,
         enum ofptype reply_type)
{
    send_or_die(conn, req);
    ofpbuf_uninit(req);
    for (;;) {
        struct ofp_header *msg = recv_or_die(conn);
        enum ofptype type = msg_type(msg);

        if (ofp_xid(msg) == xid && type == reply_type) {
            return msg;
        } else if (ofp_xid(msg) == xid && type == OFPTYPE_ERROR) {
            print_error_msg(msg);
            exit(1);
        }
        free(msg);
    }
}

void
ofctl_dump(struct ofctl_conn *conn, struct ofpbuf *req, uint32_t xid,
           enum ofptype reply_type,
           void (*cb)(const struct ofp_header *, void *aux), void *aux)
{
    struct ofp_header *msg = ofctl_transact(conn, req, xid, reply_type);

    for (;;) {
        bool more = ofp_multipart_more(msg);

        cb(msg, aux);
        free(msg);
        if (!more) {
            return;
        }
        for (;;) {
            msg = recv_or_die(conn);
            if (ofp_xid(msg) == xid && msg_type(msg) == reply_type) {
                break;
            }
            free(msg);
        }
    }
}

static void
print_json(json_t *json)
{
    char *s = json_dumps(json, JSON_SORT_KEYS | JSON_INDENT(2));

    puts(s);
    free(s);
    json_decref(json);
}

static void
check_decode(ofperr err, const char *what)
{
    if (err) {
        ofctl_fatal("cannot decode %s (%s)", what, ofperr_to_string(err));
    }
}

/* show. */

static void
cmd_show(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    struct ofp_port_desc *ports = NULL;
    struct ofp_switch_config config;
    struct ofp_features features;
    struct ofp_header *msg;
    size_t n_ports = 0;
    struct ofpbuf buf;
    uint32_t xid;

    xid = ofctl_conn_next_xid(conn);
    ofpbuf_init(&buf);
    ofp_encode_simple(OFPTYPE_FEATURES_REQUEST, version, xid, &buf);
    msg = ofctl_transact(conn, &buf, xid, OFPTYPE_FEATURES_REPLY);
    check_decode(ofp_decode_features_reply(msg, &features), "features");
    if (!format_json) {
        ofp_print_header(stdout, "OFPT_FEATURES_REPLY", version, xid);
        ofp_print_features(stdout, &features, version);
    }
    free(msg);

    if (version != OFP10_VERSION) {
        xid = ofctl_conn_next_xid(conn);
        ofpbuf_init(&buf);
        ofp_encode_simple(OFPTYPE_PORT_DESC_STATS_REQUEST, version, xid,
                          &buf);
        msg = ofctl_transact(conn, &buf, xid, OFPTYPE_PORT_DESC_STATS_REPLY);
        check_decode(ofp_decode_port_desc_reply(msg, &ports, &n_ports),
                     "port descriptions");
        if (!format_json) {
            ofp_print_header(stdout, "OFPST_PORT_DESC reply", version, xid);
            fputc('\n', stdout);
            ofp_print_port_descs(stdout, ports, n_ports, version);
        }
        free(msg);
    }

    xid = ofctl_conn_next_xid(conn);
    ofpbuf_init(&buf);
    ofp_encode_simple(OFPTYPE_GET_CONFIG_REQUEST, version, xid, &buf);
    msg = ofctl_transact(conn, &buf, xid, OFPTYPE_GET_CONFIG_REPLY);
    check_decode(ofp_decode_switch_config(msg, &config), "config");
    free(msg);

    if (format_json) {
        const struct ofp_port_desc *list = version == OFP10_VERSION
                                           ? features.ports : ports;
        size_t n = version == OFP10_VERSION ? features.n_ports : n_ports;
        json_t *jports = json_array();
        char dpid[17];

        for (size_t i = 0; i < n; i++) {
            json_array_append_new(jports, ofp_port_desc_to_json(&list[i]));
        }
        snprintf(dpid, sizeof dpid, "%016"PRIx64, features.datapath_id);
        print_json(json_pack("{s:s, s:s, s:i, s:I, s:I, s:o, s:i}",
                             "version", version == OFP10_VERSION
                             ? "OpenFlow10" : "OpenFlow13",
                             "datapath_id", dpid,
                             "n_tables", features.n_tables,
                             "n_buffers", (json_int_t) features.n_buffers,
                             "capabilities",
                             (json_int_t) features.capabilities,
                             "ports", jports,
                             "miss_send_len", config.miss_send_len));
    } else {
        ofp_print_header(stdout, "OFPT_GET_CONFIG_REPLY", version, xid);
        ofp_print_switch_config(stdout, &config);
    }
    free(ports);
    ofp_features_uninit(&features);
    ofctl_conn_close(conn);
    (void) argc;
}

static void
cmd_dump_desc(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    uint32_t xid = ofctl_conn_next_xid(conn);
    struct ofp_header *msg;
    struct ofp_desc desc;
    struct ofpbuf buf;

    ofpbuf_init(&buf);
    ofp_encode_simple(OFPTYPE_DESC_STATS_REQUEST, version, xid, &buf);
    msg = ofctl_transact(conn, &buf, xid, OFPTYPE_DESC_STATS_REPLY);
    check_decode(ofp_decode_desc_reply(msg, &desc), "description");
    if (format_json) {
        print_json(ofp_desc_to_json(&desc));
    } else {
        ofp_print_header(stdout, "OFPST_DESC reply", version, xid);
        fputc('\n', stdout);
        ofp_print_desc(stdout, &desc);
    }
    free(msg);
    ofctl_conn_close(conn);
    (void) argc;
}

/* dump-tables. */

struct table_dump {
    struct ofp_table_stats *stats;
    size_t n;
};

static void
table_stats_cb(const struct ofp_header *msg, void *aux)
{
    struct table_dump *d = aux;
    struct ofp_table_stats *stats;
    size_t n;

    check_decode(ofp_decode_table_stats_reply(msg, &stats, &n),
                 "table stats");
    d->stats = xrealloc(d->stats, (d->n + n) * sizeof *d->stats);
    memcpy(&d->stats[d->n], stats, n * sizeof *stats);
    d->n += n;
    free(stats);
}

static void
cmd_dump_tables(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    uint32_t xid = ofctl_conn_next_xid(conn);
    struct table_dump d = { NULL, 0 };
    struct ofpbuf buf;

    ofpbuf_init(&buf);
    ofp_encode_simple(OFPTYPE_TABLE_STATS_REQUEST, version, xid, &buf);
    ofctl_dump(conn, &buf, xid, OFPTYPE_TABLE_STATS_REPLY, table_stats_cb,
               &d);
    if (format_json) {
        json_t *array = json_array();

        for (size_t i = 0; i < d.n; i++) {
            json_array_append_new(array, ofp_table_stats_to_json(&d.stats[i]));
        }
        print_json(array);
    } else {
        ofp_print_header(stdout, "OFPST_TABLE reply", version, xid);
        ofp_print_table_stats(stdout, d.stats, d.n);
    }
    free(d.stats);
    ofctl_conn_close(conn);
    (void) argc;
}

/* dump-ports. */

struct port_dump {
    uint8_t version;
    uint32_t xid;
    json_t *json;
};

static void
port_stats_cb(const struct ofp_header *msg, void *aux)
{
    struct port_dump *d = aux;
    struct ofp_port_stats *stats;
    size_t n;

    check_decode(ofp_decode_port_stats_reply(msg, &stats, &n), "port stats");
    if (d->json) {
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(d->json, ofp_port_stats_to_json(&stats[i]));
        }
    } else {
        ofp_print_header(stdout, "OFPST_PORT reply", d->version, d->xid);
        printf(" %zu ports\n", n);
        ofp_print_port_stats(stdout, stats, n, d->version);
    }
    free(stats);
}

static uint32_t
parse_port_or_die(const char *s)
{
    uint32_t port;
    char *error;

    if (ofp_parse_port(s, &port, &error)) {
        ofctl_fatal("%s", error);
    }
    return port;
}

static void
cmd_dump_ports(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    struct port_dump d;
    struct ofpbuf buf;

    d.version = ofctl_conn_version(conn);
    d.xid = ofctl_conn_next_xid(conn);
    d.json = format_json ? json_array() : NULL;
    ofpbuf_init(&buf);
    ofp_encode_port_stats_request(d.version, d.xid,
                                  argc > 2 ? parse_port_or_die(argv[2])
                                  : OFPP_ANY, &buf);
    ofctl_dump(conn, &buf, d.xid, OFPTYPE_PORT_STATS_REPLY, port_stats_cb,
               &d);
    if (d.json) {
        print_json(d.json);
    }
    ofctl_conn_close(conn);
}

/* Fetches every port description (OF1.0: from the features reply). */
static void
get_port_descs(struct ofctl_conn *conn, struct ofp_port_desc **portsp,
               size_t *np, uint32_t *xidp)
{
    uint8_t version = ofctl_conn_version(conn);
    uint32_t xid = ofctl_conn_next_xid(conn);
    struct ofp_header *msg;
    struct ofpbuf buf;

    ofpbuf_init(&buf);
    if (version == OFP10_VERSION) {
        struct ofp_features features;

        ofp_encode_simple(OFPTYPE_FEATURES_REQUEST, version, xid, &buf);
        msg = ofctl_transact(conn, &buf, xid, OFPTYPE_FEATURES_REPLY);
        check_decode(ofp_decode_features_reply(msg, &features), "features");
        *portsp = features.ports;
        *np = features.n_ports;
        features.ports = NULL;
        features.n_ports = 0;
        ofp_features_uninit(&features);
    } else {
        ofp_encode_simple(OFPTYPE_PORT_DESC_STATS_REQUEST, version, xid,
                          &buf);
        msg = ofctl_transact(conn, &buf, xid, OFPTYPE_PORT_DESC_STATS_REPLY);
        check_decode(ofp_decode_port_desc_reply(msg, portsp, np),
                     "port descriptions");
    }
    free(msg);
    if (xidp) {
        *xidp = xid;
    }
}

static void
cmd_dump_ports_desc(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    struct ofp_port_desc *ports;
    size_t n;
    uint32_t xid;

    get_port_descs(conn, &ports, &n, &xid);
    if (format_json) {
        json_t *array = json_array();

        for (size_t i = 0; i < n; i++) {
            json_array_append_new(array, ofp_port_desc_to_json(&ports[i]));
        }
        print_json(array);
    } else {
        ofp_print_header(stdout, "OFPST_PORT_DESC reply", version, xid);
        fputc('\n', stdout);
        ofp_print_port_descs(stdout, ports, n, version);
    }
    free(ports);
    ofctl_conn_close(conn);
    (void) argc;
}

static void
cmd_mod_port(int argc, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t bit;
        bool set;
    } actions[] = {
        { "up", OFPPC_PORT_DOWN, false },
        { "down", OFPPC_PORT_DOWN, true },
        { "receive", OFPPC_NO_RECV, false },
        { "no-receive", OFPPC_NO_RECV, true },
        { "forward", OFPPC_NO_FWD, false },
        { "no-forward", OFPPC_NO_FWD, true },
        { "packet-in", OFPPC_NO_PACKET_IN, false },
        { "no-packet-in", OFPPC_NO_PACKET_IN, true },
    };
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    struct ofp_port_desc *ports, *port = NULL;
    struct ofp_port_mod pm;
    struct ofpbuf buf;
    size_t n, i;

    for (i = 0; i < ARRAY_SIZE(actions); i++) {
        if (!strcasecmp(argv[3], actions[i].name)) {
            break;
        }
    }
    if (i == ARRAY_SIZE(actions)) {
        ofctl_fatal("unknown mod-port action \"%s\" (up, down, receive, "
                    "no-receive, forward, no-forward, packet-in, "
                    "no-packet-in)", argv[3]);
    }
    get_port_descs(conn, &ports, &n, NULL);
    for (size_t j = 0; j < n; j++) {
        char name[17];

        snprintf(name, sizeof name, "%.16s", ports[j].name);
        if (!strcmp(name, argv[2])) {
            port = &ports[j];
        }
    }
    if (!port) {
        uint32_t port_no;
        char *error;

        if (ofp_parse_port(argv[2], &port_no, &error)) {
            free(error);
            ofctl_fatal("%s: no port named %s", argv[1], argv[2]);
        }
        for (size_t j = 0; j < n; j++) {
            if (ports[j].port_no == port_no) {
                port = &ports[j];
            }
        }
        if (!port) {
            ofctl_fatal("%s: no port %s", argv[1], argv[2]);
        }
    }
    memset(&pm, 0, sizeof pm);
    pm.port_no = port->port_no;
    pm.hw_addr = port->hw_addr;
    pm.mask = actions[i].bit;
    pm.config = actions[i].set ? actions[i].bit : 0;
    ofpbuf_init(&buf);
    ofp_encode_port_mod(ofctl_conn_version(conn), ofctl_conn_next_xid(conn),
                        &pm, &buf);
    send_or_die(conn, &buf);
    ofpbuf_uninit(&buf);
    free(ports);
    ofctl_barrier_or_die(conn);
    ofctl_conn_close(conn);
    (void) argc;
}

/* Flow and group modifications. */

static int n_errors;

static void
error_cb(const struct ofp_header *msg, void *aux)
{
    (void) aux;
    if (msg_type(msg) == OFPTYPE_ERROR) {
        print_error_msg(msg);
        n_errors++;
    }
}

void
ofctl_barrier_or_die(struct ofctl_conn *conn)
{
    int error = ofctl_conn_barrier(conn, error_cb, NULL);

    if (error) {
        ofctl_fatal("barrier failed (%s)", error == ECONNRESET
                    ? "connection closed by the switch" : strerror(error));
    }
    if (n_errors) {
        exit(1);
    }
}

void
ofctl_send_flow_mod(struct ofctl_conn *conn, const struct ofp_flow_mod *fm,
                    struct ofpbuf *batch)
{
    ofperr err = ofp_encode_flow_mod(ofctl_conn_version(conn),
                                     ofctl_conn_next_xid(conn), fm, batch);

    if (err) {
        ofctl_fatal("cannot encode flow_mod for this OpenFlow version (%s)",
                    ofperr_to_string(err));
    }
    if (batch->size >= 256 * 1024) {
        send_or_die(conn, batch);
        ofpbuf_clear(batch);
    }
}

static void
parse_flow_mod_or_die(const char *s, enum ofp_flow_mod_command command,
                      uint8_t version, struct ofp_flow_mod *fm)
{
    char *error;

    if (ofp_parse_flow_mod(s, command, version, fm, &error)) {
        ofctl_fatal("%s (in \"%s\")", error, s);
    }
}

static void
do_flow_mod(const char *target, const char *flow,
            enum ofp_flow_mod_command command)
{
    struct ofctl_conn *conn = ofctl_open(target);
    struct ofp_flow_mod fm;
    struct ofpbuf buf;

    parse_flow_mod_or_die(flow ? flow : "", command,
                          ofctl_conn_version(conn), &fm);
    ofpbuf_init(&buf);
    ofctl_send_flow_mod(conn, &fm, &buf);
    send_or_die(conn, &buf);
    ofpbuf_uninit(&buf);
    ofpinsts_destroy(&fm.insts);
    ofctl_barrier_or_die(conn);
    ofctl_conn_close(conn);
}

static void
cmd_add_flow(int argc, char *argv[])
{
    (void) argc;
    do_flow_mod(argv[1], argv[2], OFPFC_ADD);
}

static void
cmd_mod_flows(int argc, char *argv[])
{
    (void) argc;
    do_flow_mod(argv[1], argv[2],
                strict ? OFPFC_MODIFY_STRICT : OFPFC_MODIFY);
}

static void
cmd_del_flows(int argc, char *argv[])
{
    do_flow_mod(argv[1], argc > 2 ? argv[2] : NULL,
                strict ? OFPFC_DELETE_STRICT : OFPFC_DELETE);
}

static void
cmd_add_flows(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    FILE *file = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
    char *line = NULL;
    size_t alloc = 0;
    struct ofpbuf buf;
    int line_no = 0;

    if (!file) {
        ofctl_fatal("%s: open failed (%s)", argv[2], strerror(errno));
    }
    ofpbuf_init(&buf);
    while (getline(&line, &alloc, file) > 0) {
        struct ofp_flow_mod fm;
        char *error;
        char *p = line + strspn(line, " \t\r\n");

        line_no++;
        if (!*p || *p == '#') {
            continue;
        }
        if (ofp_parse_flow_mod(p, OFPFC_ADD, version, &fm, &error)) {
            p[strcspn(p, "\r\n")] = '\0';
            ofctl_fatal("%s:%d: %s (in \"%s\")", argv[2], line_no, error,
                        p);
        }
        ofctl_send_flow_mod(conn, &fm, &buf);
        ofpinsts_destroy(&fm.insts);
    }
    free(line);
    if (file != stdin) {
        fclose(file);
    }
    send_or_die(conn, &buf);
    ofpbuf_uninit(&buf);
    ofctl_barrier_or_die(conn);
    ofctl_conn_close(conn);
    (void) argc;
}

/* dump-flows and dump-aggregate. */

struct flow_dump {
    uint8_t version;
    uint32_t xid;
    bool header_done;
    json_t *json;
};

static void
flow_stats_cb(const struct ofp_header *msg, void *aux)
{
    struct flow_dump *d = aux;
    struct ofp_flow_stats *stats;
    size_t n;

    check_decode(ofp_decode_flow_stats_reply(msg, &stats, &n), "flow stats");
    if (!d->json && !no_stats) {
        ofp_print_header(stdout, "OFPST_FLOW reply", d->version, d->xid);
        fputc('\n', stdout);
    }
    for (size_t i = 0; i < n; i++) {
        if (d->json) {
            json_array_append_new(d->json,
                                  ofp_flow_stats_to_json(&stats[i],
                                                         d->version));
        } else {
            ofp_print_flow_stats(stdout, &stats[i], d->version, !no_stats);
            fputc('\n', stdout);
        }
    }
    ofp_flow_stats_free(stats, n);
}

static void
encode_flow_stats_request_or_die(struct ofctl_conn *conn, const char *filter,
                                 bool aggregate, uint32_t xid,
                                 struct ofpbuf *buf)
{
    struct ofp_flow_stats_request req;
    char *error;
    ofperr err;

    if (ofp_parse_flow_stats_request(filter, aggregate, &req, &error)) {
        ofctl_fatal("%s", error);
    }
    ofpbuf_init(buf);
    err = ofp_encode_flow_stats_request(ofctl_conn_version(conn), xid, &req,
                                        buf);
    if (err) {
        ofctl_fatal("cannot encode flow stats request (%s)",
                    ofperr_to_string(err));
    }
}

static void
cmd_dump_flows(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    struct flow_dump d;
    struct ofpbuf buf;

    d.version = ofctl_conn_version(conn);
    d.xid = ofctl_conn_next_xid(conn);
    d.header_done = false;
    d.json = format_json ? json_array() : NULL;
    encode_flow_stats_request_or_die(conn, argc > 2 ? argv[2] : NULL, false,
                                     d.xid, &buf);
    ofctl_dump(conn, &buf, d.xid, OFPTYPE_FLOW_STATS_REPLY, flow_stats_cb,
               &d);
    if (d.json) {
        print_json(d.json);
    }
    ofctl_conn_close(conn);
}

static void
cmd_dump_aggregate(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    uint32_t xid = ofctl_conn_next_xid(conn);
    struct ofp_aggregate_stats as;
    struct ofp_header *msg;
    struct ofpbuf buf;

    encode_flow_stats_request_or_die(conn, argc > 2 ? argv[2] : NULL, true,
                                     xid, &buf);
    msg = ofctl_transact(conn, &buf, xid, OFPTYPE_AGGREGATE_STATS_REPLY);
    check_decode(ofp_decode_aggregate_stats_reply(msg, &as), "aggregate");
    if (format_json) {
        print_json(ofp_aggregate_to_json(&as));
    } else {
        ofp_print_header(stdout, "OFPST_AGGREGATE reply", version, xid);
        printf(" packet_count=%"PRIu64" byte_count=%"PRIu64" flow_count=%"
               PRIu32"\n", as.packet_count, as.byte_count, as.flow_count);
    }
    free(msg);
    ofctl_conn_close(conn);
}

/* Groups. */

static void
do_group_mod(const char *target, const char *group,
             enum ofp_group_mod_command command)
{
    struct ofctl_conn *conn = ofctl_open(target);
    uint8_t version = ofctl_conn_version(conn);
    struct ofp_group_mod gm;
    struct ofpbuf buf;
    char *error;
    ofperr err;

    if (ofp_parse_group_mod(group ? group : "", command, version, &gm,
                            &error)) {
        ofctl_fatal("%s", error);
    }
    ofpbuf_init(&buf);
    err = ofp_encode_group_mod(version, ofctl_conn_next_xid(conn), &gm, &buf);
    if (err) {
        ofctl_fatal("groups need OpenFlow 1.3 (%s)", ofperr_to_string(err));
    }
    send_or_die(conn, &buf);
    ofpbuf_uninit(&buf);
    ofp_group_mod_uninit(&gm);
    ofctl_barrier_or_die(conn);
    ofctl_conn_close(conn);
}

static void
cmd_add_group(int argc, char *argv[])
{
    (void) argc;
    do_group_mod(argv[1], argv[2], OFPGC_ADD);
}

static void
cmd_mod_group(int argc, char *argv[])
{
    (void) argc;
    do_group_mod(argv[1], argv[2], OFPGC_MODIFY);
}

static void
cmd_del_groups(int argc, char *argv[])
{
    do_group_mod(argv[1], argc > 2 ? argv[2] : NULL, OFPGC_DELETE);
}

static void
cmd_add_groups(int argc, char *argv[])
{
    FILE *file = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
    char *line = NULL;
    size_t alloc = 0;

    if (!file) {
        ofctl_fatal("%s: open failed (%s)", argv[2], strerror(errno));
    }
    while (getline(&line, &alloc, file) > 0) {
        char *p = line + strspn(line, " \t\r\n");

        p[strcspn(p, "\r\n")] = '\0';
        if (*p && *p != '#') {
            do_group_mod(argv[1], p, OFPGC_ADD);
        }
    }
    free(line);
    if (file != stdin) {
        fclose(file);
    }
    (void) argc;
}

/* Returns the group id filter of "[GROUP]" arguments ("group_id=N" or
 * "N"), or OFPG_ALL. */
static uint32_t
group_filter(int argc, char *argv[])
{
    const char *s;
    uint64_t id;
    char *end;

    if (argc <= 2) {
        return OFPG_ALL;
    }
    s = argv[2];
    if (!strncmp(s, "group_id=", 9)) {
        s += 9;
    }
    if (!strcasecmp(s, "all")) {
        return OFPG_ALL;
    }
    id = strtoull(s, &end, 0);
    if (*end || !*s || id > OFPG_MAX) {
        ofctl_fatal("%s: not a group id", argv[2]);
    }
    return id;
}

struct group_dump {
    uint8_t version;
    uint32_t xid;
    uint32_t filter;
    json_t *json;
};

static void
group_desc_cb(const struct ofp_header *msg, void *aux)
{
    struct group_dump *d = aux;
    struct ofp_group_desc *descs;
    size_t n;

    check_decode(ofp_decode_group_desc_reply(msg, &descs, &n), "groups");
    if (!d->json) {
        ofp_print_header(stdout, "OFPST_GROUP_DESC reply", d->version,
                         d->xid);
        fputc('\n', stdout);
    }
    for (size_t i = 0; i < n; i++) {
        if (d->filter != OFPG_ALL && descs[i].group_id != d->filter) {
            continue;
        }
        if (d->json) {
            json_array_append_new(d->json,
                                  ofp_group_desc_to_json(&descs[i],
                                                         d->version));
        } else {
            fputc(' ', stdout);
            ofp_print_group_desc(stdout, &descs[i], d->version);
            fputc('\n', stdout);
        }
    }
    ofp_group_desc_free(descs, n);
}

static void
group_stats_cb(const struct ofp_header *msg, void *aux)
{
    struct group_dump *d = aux;
    struct ofp_group_stats *stats;
    size_t n;

    check_decode(ofp_decode_group_stats_reply(msg, &stats, &n),
                 "group stats");
    if (!d->json) {
        ofp_print_header(stdout, "OFPST_GROUP reply", d->version, d->xid);
        fputc('\n', stdout);
    }
    for (size_t i = 0; i < n; i++) {
        if (d->json) {
            json_array_append_new(d->json,
                                  ofp_group_stats_to_json(&stats[i]));
        } else {
            ofp_print_group_stats(stdout, &stats[i]);
            fputc('\n', stdout);
        }
    }
    ofp_group_stats_free(stats, n);
}

/* dump-groups (group descriptions) and, if 'stats', dump-group-stats:
 * asks the switch argv[1] about the group in argv[2] (default: all) and
 * prints the replies. */
static void
group_dump_run(int argc, char *argv[], bool stats)
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    struct group_dump d;
    struct ofpbuf buf;

    d.version = ofctl_conn_version(conn);
    d.xid = ofctl_conn_next_xid(conn);
    d.filter = group_filter(argc, argv);
    d.json = format_json ? json_array() : NULL;
    ofpbuf_init(&buf);
    if (stats
        ? ofp_encode_group_stats_request(d.version, d.xid, d.filter, &buf)
        : ofp_encode_simple(OFPTYPE_GROUP_DESC_STATS_REQUEST, d.version,
                            d.xid, &buf)) {
        ofctl_fatal("groups need OpenFlow 1.3");
    }
    ofctl_dump(conn, &buf, d.xid,
               stats ? OFPTYPE_GROUP_STATS_REPLY
                     : OFPTYPE_GROUP_DESC_STATS_REPLY,
               stats ? group_stats_cb : group_desc_cb, &d);
    if (d.json) {
        print_json(d.json);
    }
    ofctl_conn_close(conn);
}

static void
cmd_dump_groups(int argc, char *argv[])
{
    group_dump_run(argc, argv, false);
}

static void
cmd_dump_group_stats(int argc, char *argv[])
{
    group_dump_run(argc, argv, true);
}

/* packet-out. */

static void
cmd_packet_out(int argc, char *argv[])
{
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    uint8_t version = ofctl_conn_version(conn);
    struct ofp_packet_out po;
    struct ofpbuf buf;
    char *error;
    ofperr err;
    int n_packets = 1;

    if (argc == 3) {
        if (ofp_parse_packet_out(argv[2], version, &po, &error)) {
            ofctl_fatal("%s", error);
        }
    } else if (argc >= 4) {
        memset(&po, 0, sizeof po);
        po.buffer_id = OFP_NO_BUFFER;
        po.in_port = parse_port_or_die(argv[2]);
        if (ofp_parse_actions(argv[3], version, &po.actions, &po.n_actions,
                              &error)) {
            ofctl_fatal("%s", error);
        }
        n_packets = argc - 4;
    } else {
        ofctl_fatal("packet-out needs \"in_port=P,packet=HEX,actions=A\" or "
                    "IN_PORT ACTIONS PACKET...");
    }
    ofpbuf_init(&buf);
    for (int i = 0; i < n_packets; i++) {
        uint8_t *packet = NULL;
        size_t len;

        if (argc >= 4) {
            if (ofp_parse_hex(argv[4 + i], &packet, &len, &error)) {
                ofctl_fatal("%s", error);
            }
            po.data = packet;
            po.len = len;
        }
        err = ofp_encode_packet_out(version, ofctl_conn_next_xid(conn), &po,
                                    &buf);
        if (err) {
            ofctl_fatal("cannot encode packet-out (%s)",
                        ofperr_to_string(err));
        }
        free(packet);
    }
    if (argc == 3) {
        free((void *) po.data);
    }
    free(po.actions);
    send_or_die(conn, &buf);
    ofpbuf_uninit(&buf);
    ofctl_barrier_or_die(conn);
    ofctl_conn_close(conn);
}

/* monitor. */

static void
print_async(const struct ofp_header *msg)
{
    enum ofptype type = msg_type(msg);
    uint8_t version = msg->version;

    if (type == OFPTYPE_PACKET_IN) {
        struct ofp_packet_in pin;

        check_decode(ofp_decode_packet_in(msg, &pin), "packet-in");
        ofp_print_packet_in(stdout, version, ofp_xid(msg), &pin);
    } else if (type == OFPTYPE_FLOW_REMOVED) {
        struct ofp_flow_removed fr;

        check_decode(ofp_decode_flow_removed(msg, &fr), "flow-removed");
        ofp_print_flow_removed(stdout, version, ofp_xid(msg), &fr);
    } else if (type == OFPTYPE_PORT_STATUS) {
        struct ofp_port_status ps;

        check_decode(ofp_decode_port_status(msg, &ps), "port-status");
        ofp_print_port_status(stdout, version, ofp_xid(msg), &ps);
    } else if (type == OFPTYPE_ERROR) {
        const void *data;
        size_t len;
        ofperr err;

        check_decode(ofp_decode_error(msg, &err, &data, &len), "error");
        ofp_print_error(stdout, version, ofp_xid(msg), err, data, len);
    } else {
        ofp_print_header(stdout, ofptype_name(type), version, ofp_xid(msg));
        fputc('\n', stdout);
    }
    fflush(stdout);
}

static void
cmd_monitor(int argc, char *argv[])
{
    struct ofctl_conn *conn;
    uint8_t version;
    struct ofpbuf buf;

    conn = ofctl_open(argv[1]);
    version = ofctl_conn_version(conn);
    ofpbuf_init(&buf);
    if (argc > 2) {
        struct ofp_switch_config config = { 0, 0 };
        char *end;
        unsigned long miss_len = strtoul(argv[2], &end, 0);

        if (*end || miss_len > UINT16_MAX) {
            ofctl_fatal("%s: bad miss-len", argv[2]);
        }
        config.miss_send_len = miss_len;
        ofp_encode_switch_config(OFPTYPE_SET_CONFIG, version,
                                 ofctl_conn_next_xid(conn), &config, &buf);
    }
    if (version != OFP10_VERSION) {
        struct ofp_async_config ac;

        memset(&ac, 0, sizeof ac);
        ac.packet_in_mask[0] = ac.packet_in_mask[1] = 0x7;
        ac.port_status_mask[0] = ac.port_status_mask[1] = 0x7;
        ac.flow_removed_mask[0] = ac.flow_removed_mask[1] = 0xf;
        ofp_encode_async_config(OFPTYPE_SET_ASYNC, version,
                                ofctl_conn_next_xid(conn), &ac, &buf);
    }
    send_or_die(conn, &buf);
    ofpbuf_uninit(&buf);
    ofctl_barrier_or_die(conn);
    for (;;) {
        struct ofp_header *msg;
        int error = ofctl_conn_recv(conn, &msg);

        if (error == ETIMEDOUT) {
            continue;
        } else if (error) {
            ofctl_fatal("connection closed (%s)", error == ECONNRESET
                        ? "by the switch" : strerror(error));
        }
        print_async(msg);
        free(msg);
    }
}

static void
usage(void)
{
    printf("\
sluice-ofctl: OpenFlow switch management utility\n\
usage: sluice-ofctl [OPTIONS] COMMAND [ARG...]\n\
\n\
SWITCH is a bridge name (the socket $SLUICE_RUNDIR/BRIDGE.mgmt),\n\
unix:PATH or tcp:IP[:PORT].\n\
\n\
Commands:\n\
  show SWITCH                 show OpenFlow information\n\
  dump-desc SWITCH            print switch description\n\
  dump-tables SWITCH          print table stats\n\
  dump-ports SWITCH [PORT]    print port statistics\n\
  dump-ports-desc SWITCH      print port descriptions\n\
  mod-port SWITCH PORT ACTION up, down, [no-]receive, [no-]forward,\n\
                              [no-]packet-in\n\
  dump-flows SWITCH [FLOW]    print matching flows\n\
  dump-aggregate SWITCH [FLOW] print aggregate stats of matching flows\n\
  add-flow SWITCH FLOW        add flow described by FLOW\n\
  add-flows SWITCH FILE       add flows from FILE (- for stdin)\n\
  mod-flows SWITCH FLOW       modify actions of matching FLOWs\n\
  del-flows SWITCH [FLOW]     delete matching FLOWs\n\
  replace-flows SWITCH FILE   replace flows with those in FILE\n\
  diff-flows SOURCE1 SOURCE2  compare flows from two sources\n\
  add-group SWITCH GROUP      add group described by GROUP\n\
  add-groups SWITCH FILE      add groups from FILE\n\
  mod-group SWITCH GROUP      modify a group\n\
  del-groups SWITCH [GROUP]   delete matching GROUPs\n\
  dump-groups SWITCH [GROUP]  print group descriptions\n\
  dump-group-stats SWITCH [GROUP] print group statistics\n\
  packet-out SWITCH \"in_port=P,packet=HEX,actions=A\"\n\
  packet-out SWITCH IN_PORT ACTIONS PACKET...\n\
  monitor SWITCH [MISS-LEN]   print packet-ins, flow-removed, port-status\n\
\n\
Options:\n\
  -O, --protocols=VERSIONS    OpenFlow10, OpenFlow13 (comma-separated)\n\
  --strict                    use strict match for mod-flows, del-flows\n\
  --no-stats                  dump-flows without statistics\n\
  -f, --format=FORMAT         text (default) or json for listings\n\
  -t, --timeout=SECS          give up after SECS seconds\n\
  -h, --help                  display this help message\n");
}

static uint32_t
parse_versions(const char *s)
{
    char *copy = xstrdup(s);
    char *save = NULL;
    uint32_t versions = 0;

    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (!strcasecmp(tok, "OpenFlow10")) {
            versions |= OFP_VERSION_BIT(OFP10_VERSION);
        } else if (!strcasecmp(tok, "OpenFlow13")) {
            versions |= OFP_VERSION_BIT(OFP13_VERSION);
        } else {
            ofctl_fatal("%s: unsupported OpenFlow version (use OpenFlow10 "
                        "or OpenFlow13)", tok);
        }
    }
    free(copy);
    return versions;
}

struct command {
    const char *name;
    int min_args, max_args;     /* Not counting the command name. */
    void (*handler)(int argc, char *argv[]);
};

static const struct command commands[] = {
    { "show", 1, 1, cmd_show },
    { "dump-desc", 1, 1, cmd_dump_desc },
    { "dump-tables", 1, 1, cmd_dump_tables },
    { "dump-ports", 1, 2, cmd_dump_ports },
    { "dump-ports-desc", 1, 1, cmd_dump_ports_desc },
    { "mod-port", 3, 3, cmd_mod_port },
    { "dump-flows", 1, 2, cmd_dump_flows },
    { "dump-aggregate", 1, 2, cmd_dump_aggregate },
    { "add-flow", 2, 2, cmd_add_flow },
    { "add-flows", 2, 2, cmd_add_flows },
    { "mod-flows", 2, 2, cmd_mod_flows },
    { "del-flows", 1, 2, cmd_del_flows },
    { "replace-flows", 2, 2, ofctl_cmd_replace_flows },
    { "diff-flows", 2, 2, ofctl_cmd_diff_flows },
    { "add-group", 2, 2, cmd_add_group },
    { "add-groups", 2, 2, cmd_add_groups },
    { "mod-group", 2, 2, cmd_mod_group },
    { "del-groups", 1, 2, cmd_del_groups },
    { "dump-groups", 1, 2, cmd_dump_groups },
    { "dump-group-stats", 1, 2, cmd_dump_group_stats },
    { "packet-out", 2, INT32_MAX, cmd_packet_out },
    { "monitor", 1, 2, cmd_monitor },
};

int
main(int argc, char *argv[])
{
    enum { OPT_STRICT = 256, OPT_NO_STATS };
    static const struct option long_options[] = {
        { "protocols", required_argument, NULL, 'O' },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "no-stats", no_argument, NULL, OPT_NO_STATS },
        { "format", required_argument, NULL, 'f' },
        { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const struct command *cmd = NULL;
    int c;

    while ((c = getopt_long(argc, argv, "+O:f:t:h", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'O':
            allowed_versions = parse_versions(optarg);
            break;
        case OPT_STRICT:
            strict = true;
            break;
        case OPT_NO_STATS:
            no_stats = true;
            break;
        case 'f':
            if (!strcmp(optarg, "json")) {
                format_json = true;
            } else if (strcmp(optarg, "text")) {
                ofctl_fatal("%s: unknown format (text or json)", optarg);
            }
            break;
        case 't':
            timeout_sec = atoi(optarg);
            if (timeout_sec <= 0) {
                ofctl_fatal("%s: bad timeout", optarg);
            }
            break;
        case 'h':
            usage();
            return 0;
        default:
            fprintf(stderr, "Try 'sluice-ofctl --help' for usage.\n");
            return 1;
        }
    }
    if (optind >= argc) {
        ofctl_fatal("missing command name; use --help for help");
    }

    /* Options may also follow the command, as ovs-ofctl allows. */
    {
        int n = optind;

        for (int i = optind; i < argc; i++) {
            if (!strcmp(argv[i], "--strict")) {
                strict = true;
            } else if (!strcmp(argv[i], "--no-stats")) {
                no_stats = true;
            } else if (!strcmp(argv[i], "--format=json")
                       || (!strcmp(argv[i], "--format") && i + 1 < argc
                           && !strcmp(argv[i + 1], "json"))) {
                format_json = true;
                i += argv[i][8] == '\0';
            } else {
                argv[n++] = argv[i];
            }
        }
        argc = n;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[optind], commands[i].name)) {
            cmd = &commands[i];
        }
    }
    if (!cmd) {
        ofctl_fatal("unknown command '%s'; use --help for help",
                    argv[optind]);
    }
    if (argc - optind - 1 < cmd->min_args
        || argc - optind - 1 > cmd->max_args) {
        ofctl_fatal("'%s' command takes %d to %d arguments", cmd->name,
                    cmd->min_args, cmd->max_args);
    }
    if (timeout_sec) {
        alarm(timeout_sec);
    }
    cmd->handler(argc - optind, argv + optind);
    return n_errors ? 1 : 0;
}
