/* Live capture requests: see switchd/capture-server.h. */
#include "switchd/capture-server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <event2/event.h>
#include <jansson.h>
#include <pcap/pcap.h>

#include "datapath/dpif.h"
#include "lib/log.h"
#include "lib/unixctl.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(capture_server);

#define REQUEST_MAX 65536
#define REQUEST_TIMEOUT_SEC 10
#define SNAPLEN_MAX 262144

struct capture_server {
    struct event_base *base;
    struct dpif *dpif;
    char *path;
    int fd;
    struct event *accept_ev;
};

/* A connection waiting for its request. */
struct capture_conn {
    struct capture_server *server;
    int fd;
    struct event *ev;
};

static void
send_json(int fd, json_t *json)
{
    char *s = json_dumps(json, JSON_COMPACT);
    if (send(fd, s, strlen(s), MSG_NOSIGNAL) < 0) {
        VLOG_WARN("cannot reply to a capture client (%s)", strerror(errno));
    }
    free(s);
    json_decref(json);
}

/* Finds the bridge with port 'port', as a new string, or NULL. */
static char *
bridge_of_port(struct dpif *dpif, const char *port)
{
    char **brs;
    size_t n_brs;
    char *found = NULL;
    if (dpif_bridge_list(dpif, &brs, &n_brs)) {
        return NULL;
    }
    for (size_t i = 0; i < n_brs; i++) {
        char **ports;
        size_t n_ports;
        if (!found && !dpif_port_list(dpif, brs[i], &ports, &n_ports)) {
            for (size_t j = 0; j < n_ports; j++) {
                if (!found && !strcmp(ports[j], port)) {
                    found = xstrdup(brs[i]);
                }
                free(ports[j]);
            }
            free(ports);
        }
        free(brs[i]);
    }
    free(brs);
    return found;
}

/* Starts the capture 'req' asks for on 'fd'.  Returns NULL and gives 'fd'
 * to the datapath, or returns a malloc'd reason. */
static char *
start_capture(struct capture_server *s, int fd, const json_t *req)
{
    const json_t *ports = json_object_get(req, "ports");
    const char *dir = json_string_value(json_object_get(req, "direction"));
    const char *filter = json_string_value(json_object_get(req, "filter"));
    const char *bridge_req = json_string_value(json_object_get(req,
                                                               "bridge"));
    json_int_t snaplen = json_integer_value(json_object_get(req,
                                                            "snaplen"));
    size_t n_ports = json_array_size(ports);
    if (!n_ports || n_ports > 64) {
        return xstrdup("name 1 to 64 ports to capture on");
    }
    const char **names = xcalloc(n_ports, sizeof *names);
    for (size_t i = 0; i < n_ports; i++) {
        names[i] = json_string_value(json_array_get(ports, i));
        if (!names[i]) {
            free(names);
            return xstrdup("port names must be strings");
        }
    }
    if (!dir) {
        dir = "both";
    }
    bool in = !strcmp(dir, "in") || !strcmp(dir, "both");
    bool out = !strcmp(dir, "out") || !strcmp(dir, "both");
    if (!in && !out) {
        free(names);
        return xasprintf("direction \"%s\" is not in, out or both", dir);
    }
    if (snaplen <= 0 || snaplen > SNAPLEN_MAX) {
        snaplen = SNAPLEN_MAX;
    }
    char *bridge = bridge_req ? xstrdup(bridge_req)
                   : bridge_of_port(s->dpif, names[0]);
    if (!bridge) {
        char *error = xasprintf("no bridge has a port named %s", names[0]);
        free(names);
        return error;
    }

    struct bpf_program prog = { 0, NULL };
    if (filter && *filter) {
        pcap_t *p = pcap_open_dead(DLT_EN10MB, snaplen);
        if (!p || pcap_compile(p, &prog, filter, 1,
                               PCAP_NETMASK_UNKNOWN) < 0) {
            char *error = xasprintf("bad filter \"%s\": %s", filter,
                                    p ? pcap_geterr(p) : "libpcap failed");
            if (p) {
                pcap_close(p);
            }
            free(bridge);
            free(names);
            return error;
        }
        pcap_close(p);
    }

    /* Check the ports before replying: the reply must come before the
     * first frame, and once the datapath has the socket, frames flow. */
    char **have;
    size_t n_have;
    char *error = NULL;
    if (dpif_port_list(s->dpif, bridge, &have, &n_have)) {
        error = xasprintf("no bridge named %s", bridge);
    } else {
        for (size_t i = 0; i < n_ports && !error; i++) {
            bool ok = false;
            for (size_t j = 0; j < n_have; j++) {
                ok |= !strcmp(have[j], names[i]);
            }
            if (!ok) {
                error = xasprintf("bridge %s has no port %s", bridge,
                                  names[i]);
            }
        }
        for (size_t j = 0; j < n_have; j++) {
            free(have[j]);
        }
        free(have);
    }
    if (!error) {
        json_t *reply = json_pack("{s:s, s:O, s:I, s:i}", "bridge", bridge,
                                  "ports", ports, "snaplen", snaplen,
                                  "linktype", DLT_EN10MB);
        send_json(fd, reply);
        struct dpif_capture_config cfg = {
            .bridge = bridge, .ports = names, .n_ports = n_ports,
            .in = in, .out = out, .snaplen = snaplen,
            .insns = prog.bf_insns, .n_insns = prog.bf_len,
            .filter = filter, .fd = fd,
        };
        unsigned int id;
        if (dpif_capture_start(s->dpif, &cfg, &id, &error)) {
            VLOG_WARN("capture on %s: %s", bridge, error);
            free(error);
            close(fd);
        }
    }
    pcap_freecode(&prog);
    free(bridge);
    free(names);
    return error;
}

static void
conn_destroy(struct capture_conn *c)
{
    event_free(c->ev);
    free(c);
}

static void
request_cb(evutil_socket_t fd, short events, void *c_)
{
    struct capture_conn *c = c_;
    if (events & EV_TIMEOUT) {
        close(fd);
        conn_destroy(c);
        return;
    }
    char *buf = xmalloc(REQUEST_MAX + 1);
    ssize_t n = recv(fd, buf, REQUEST_MAX, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        free(buf);
        return;
    }
    char *error = NULL;
    json_t *req = NULL;
    if (n <= 0) {
        close(fd);
        free(buf);
        conn_destroy(c);
        return;
    }
    buf[n] = '\0';
    json_error_t jerr;
    req = json_loads(buf, 0, &jerr);
    if (!json_is_object(req)) {
        error = xasprintf("malformed capture request (%s)", jerr.text);
    } else {
        error = start_capture(c->server, fd, req);
    }
    if (error) {
        send_json(fd, json_pack("{s:s}", "error", error));
        close(fd);
        free(error);
    }
    json_decref(req);
    free(buf);
    conn_destroy(c);
}

static void
accept_cb(evutil_socket_t fd, short events, void *s_)
{
    struct capture_server *s = s_;
    int conn_fd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (conn_fd < 0) {
        return;
    }
    struct capture_conn *c = xzalloc(sizeof *c);
    c->server = s;
    c->fd = conn_fd;
    c->ev = event_new(s->base, conn_fd, EV_READ, request_cb, c);
    struct timeval tv = { REQUEST_TIMEOUT_SEC, 0 };
    event_add(c->ev, &tv);
}

static void
capture_list_cb(struct unixctl_conn *conn, int argc, const char *argv[],
                void *s_)
{
    struct capture_server *s = s_;
    struct dpif_capture_info *infos;
    size_t n;
    dpif_capture_list(s->dpif, &infos, &n);
    if (unixctl_conn_wants_json(conn)) {
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++) {
            const struct dpif_capture_info *c = &infos[i];
            json_array_append_new(list, json_pack(
                "{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I}",
                "id", (json_int_t) c->id, "bridge", c->bridge,
                "ports", c->ports,
                "direction", c->in && c->out ? "both" : c->in ? "in" : "out",
                "snaplen", (json_int_t) c->snaplen, "filter", c->filter,
                "packets", (json_int_t) c->packets,
                "bytes", (json_int_t) c->bytes,
                "dropped", (json_int_t) c->dropped));
        }
        char *text = json_dumps(list, JSON_COMPACT);
        unixctl_command_reply(conn, text);
        free(text);
        json_decref(list);
    } else {
        size_t size = 128 + n * 512;
        char *text = xmalloc(size);
        size_t used = 0;
        for (size_t i = 0; i < n && used < size; i++) {
            const struct dpif_capture_info *c = &infos[i];
            int k = snprintf(text + used, size - used,
                             "capture %u: %s %s (%s) snaplen %u "
                             "filter \"%s\": %"PRIu64" packets, "
                             "%"PRIu64" bytes, %"PRIu64" dropped\n",
                             c->id, c->bridge, c->ports,
                             c->in && c->out ? "both" : c->in ? "in" : "out",
                             c->snaplen, c->filter, c->packets, c->bytes,
                             c->dropped);
            used += k > 0 ? (size_t) k : 0;
        }
        text[used < size ? used : size - 1] = '\0';
        unixctl_command_reply(conn, text);
        free(text);
    }
    free(infos);
}

int
capture_server_create(struct event_base *base, struct dpif *dpif,
                      const char *rundir, struct capture_server **serverp)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    char *path = xasprintf("%s/%s", rundir, CAPTURE_SOCKET_NAME);
    *serverp = NULL;
    if (strlen(path) >= sizeof sun.sun_path) {
        VLOG_ERR("%s: path too long for a unix socket", path);
        free(path);
        return ENAMETOOLONG;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    0);
    if (fd < 0) {
        free(path);
        return errno;
    }
    unlink(path);
    mode_t old = umask(0077);
    int error = (bind(fd, (struct sockaddr *) &sun, sizeof sun) < 0
                 || listen(fd, 16) < 0) ? errno : 0;
    umask(old);
    if (error) {
        VLOG_ERR("%s: cannot listen (%s)", path, strerror(error));
        close(fd);
        free(path);
        return error;
    }
    struct capture_server *s = xzalloc(sizeof *s);
    s->base = base;
    s->dpif = dpif;
    s->path = path;
    s->fd = fd;
    s->accept_ev = event_new(base, fd, EV_READ | EV_PERSIST, accept_cb, s);
    event_add(s->accept_ev, NULL);
    unixctl_command_register("capture/list", "", 0, 0, capture_list_cb, s);
    *serverp = s;
    return 0;
}

void
capture_server_destroy(struct capture_server *s)
{
    if (s) {
        event_free(s->accept_ev);
        close(s->fd);
        unlink(s->path);
        free(s->path);
        free(s);
    }
}
