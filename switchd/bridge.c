#include "switchd/bridge.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <jansson.h>

#include "datapath/dpif.h"
#include "lib/log.h"
#include "lib/unixctl.h"
#include "lib/util.h"
#include "lib/uuid.h"
#include "ofproto/connmgr.h"
#include "switchd/controllers.h"
#include "switchd/db-client.h"
#include "switchd/bridge-mirror.h"
#include "switchd/capture-server.h"
#include "switchd/ofp-handler.h"

VLOG_DEFINE_THIS_MODULE(bridge);

#define STATUS_INTERVAL_MS 1000
#define STATS_EVERY_TICKS 5         /* Statistics every 5 status ticks. */

/* A port, as configured (desired) or as running. */
struct port {
    char *name;                 /* Interface (device) name. */
    char *port_name;            /* Port row name. */
    struct uuid iface_uuid;
    enum dpif_port_type type;
    const char *type_name;      /* "system", "internal", "tap", "dummy". */
    int ofport_request;         /* Interface.ofport_request, or 0. */
    int db_ofport;              /* Interface.ofport from the db, or 0. */
    int tag;                    /* -1 if none. */
    enum dpif_vlan_mode vlan_mode;
    uint16_t *trunks;
    size_t n_trunks;
    int mtu_request;

    /* Running state. */
    bool attached;              /* Open in the datapath. */
    int ofport;                 /* Valid if 'attached'. */
    char *error;                /* Why it is not attached, or NULL. */
    bool config_error;          /* 'error' is about the configuration
                                 * itself, not about attaching. */
    bool have_stats;            /* 'stats' was written for this session. */
    unsigned int stats_seqno;   /* db connection seqno of 'stats'. */
    struct dpif_port_status stats;
};

struct bridge {
    char *name;
    struct dpif_bridge_config cfg;
    bool failed;                /* dpif_bridge_add() failed. */
    struct port **ports;
    size_t n_ports;

    /* OpenFlow: configuration (desired) and what was applied (running). */
    uint32_t of_versions;       /* Bridge.protocols as a version bitmap. */
    bool fail_secure;           /* Bridge.fail_mode is "secure". */
    bool have_dpid_config;      /* other_config:datapath-id is valid. */
    uint64_t dpid_config;
    struct connmgr_controller *ctls;    /* From Bridge.controller. */
    struct uuid *ctl_uuids;             /* Their Controller rows. */
    size_t n_ctls;
    bool of_served;             /* Its connection manager exists. */
    bool of_configured;         /* Versions, fail mode and datapath ID
                                 * were applied ('dpid_config': the one
                                 * applied, 0 for the default). */
};

struct bridges {
    struct event_base *base;
    struct dpif *dpif;
    struct db_client *db;
    struct event *reconcile_ev;
    struct event *status_timer;
    unsigned int status_ticks;

    struct bridge **brs;        /* Running bridges. */
    size_t n_brs;
    struct ofp_handler *ofp;    /* OpenFlow connections of every bridge. */
    char *rundir;               /* Where BR.mgmt sockets go. */
    struct bridge_mirrors *mirrors;     /* Mirror table -> datapath. */
    struct capture_server *capture;     /* $RUNDIR/capture.sock. */

    bool have_applied_cfg;
    int64_t applied_cfg;        /* next_cfg of the last pass. */
    unsigned int applied_seqno; /* db connection seqno of the last pass. */
};

/* Ports and bridges. */

static void
port_destroy(struct port *p)
{
    if (p) {
        free(p->name);
        free(p->port_name);
        free(p->trunks);
        free(p->error);
        free(p);
    }
}

static void
bridge_free_controllers(struct bridge *br)
{
    for (size_t i = 0; i < br->n_ctls; i++) {
        free((char *) br->ctls[i].target);
    }
    free(br->ctls);
    free(br->ctl_uuids);
    br->ctls = NULL;
    br->ctl_uuids = NULL;
    br->n_ctls = 0;
}

static void
bridge_destroy(struct bridge *br)
{
    if (br) {
        for (size_t i = 0; i < br->n_ports; i++) {
            port_destroy(br->ports[i]);
        }
        bridge_free_controllers(br);
        free(br->ports);
        free(br->name);
        free(br);
    }
}

static void
bridge_add_port(struct bridge *br, struct port *p)
{
    br->ports = xrealloc(br->ports, (br->n_ports + 1) * sizeof *br->ports);
    br->ports[br->n_ports++] = p;
}

static void
bridge_remove_port(struct bridge *br, size_t i)
{
    port_destroy(br->ports[i]);
    memmove(&br->ports[i], &br->ports[i + 1],
            (br->n_ports - i - 1) * sizeof *br->ports);
    br->n_ports--;
}

static struct port *
bridge_find_port(const struct bridge *br, const char *name)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (!strcmp(br->ports[i]->name, name)) {
            return br->ports[i];
        }
    }
    return NULL;
}

static struct bridge *
find_bridge(struct bridge **brs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(brs[i]->name, name)) {
            return brs[i];
        }
    }
    return NULL;
}

static bool
vlan_config_equal(const struct port *a, const struct port *b)
{
    return a->tag == b->tag && a->vlan_mode == b->vlan_mode
           && a->mtu_request == b->mtu_request
           && a->n_trunks == b->n_trunks
           && (!a->n_trunks
               || !memcmp(a->trunks, b->trunks,
                          a->n_trunks * sizeof *a->trunks));
}

static uint16_t *
copy_trunks(const struct port *p)
{
    uint16_t *trunks = NULL;
    if (p->n_trunks) {
        trunks = xcalloc(p->n_trunks, sizeof *trunks);
        memcpy(trunks, p->trunks, p->n_trunks * sizeof *trunks);
    }
    return trunks;
}

static void
port_to_dpif_config(const struct port *p, int ofport_request,
                    struct dpif_port_config *cfg)
{
    *cfg = (struct dpif_port_config) {
        .name = p->name,
        .type = p->type,
        .ofport_request = ofport_request,
        .tag = p->tag,
        .vlan_mode = p->vlan_mode,
        .trunks = p->trunks,
        .n_trunks = p->n_trunks,
        .mtu_request = p->mtu_request,
    };
}

/* Building the desired configuration from the replica. */

static unsigned int
parse_uint_option(const struct db_row *row, const char *key,
                  const char *bridge)
{
    char *s = db_row_get_map_value(row, "other_config", key);
    unsigned int value = 0;
    if (s) {
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (*s && !*end && v > 0 && v <= UINT_MAX) {
            value = v;
        } else {
            VLOG_WARN("bridge %s: ignoring other_config:%s=\"%s\" (expected "
                      "a positive integer)", bridge, key, s);
        }
        free(s);
    }
    return value;
}

static const char *
parse_iface_type(const char *s, enum dpif_port_type *type)
{
    static const struct {
        const char *name;
        enum dpif_port_type type;
    } types[] = {
        { "", DPIF_PORT_SYSTEM },
        { "system", DPIF_PORT_SYSTEM },
        { "internal", DPIF_PORT_INTERNAL },
        { "tap", DPIF_PORT_TAP },
        { "dummy", DPIF_PORT_DUMMY },
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        if (!strcmp(s, types[i].name)) {
            *type = types[i].type;
            return *types[i].name ? types[i].name : "system";
        }
    }
    return NULL;
}

/* Reads the VLAN settings of Port 'row' into 'p'.  Returns NULL, or an
 * error message (caller frees) if they cannot be applied. */
static char *
parse_port_vlans(const struct db_row *row, struct port *p)
{
    int64_t tag;
    p->tag = -1;
    if (db_row_get_integer(row, "tag", &tag)) {
        if (tag < 1 || tag > 4094) {
            return xasprintf("port %s: invalid VLAN tag %"PRId64" (a tag "
                             "must be between 1 and 4094)", p->port_name,
                             tag);
        }
        p->tag = tag;
    }

    int64_t *trunks;
    size_t n = db_row_get_integers(row, "trunks", &trunks);
    p->trunks = n ? xcalloc(n, sizeof *p->trunks) : NULL;
    for (size_t i = 0; i < n; i++) {
        if (trunks[i] < 1 || trunks[i] > 4094) {
            char *error = xasprintf("port %s: invalid VLAN %"PRId64" in "
                                    "trunks (VLANs must be between 1 and "
                                    "4094)", p->port_name, trunks[i]);
            free(trunks);
            return error;
        }
        p->trunks[i] = trunks[i];
    }
    p->n_trunks = n;
    free(trunks);

    char *mode = db_row_get_string(row, "vlan_mode");
    char *error = NULL;
    if (!mode) {
        p->vlan_mode = p->tag >= 0 ? DPIF_VLAN_ACCESS : DPIF_VLAN_TRUNK;
    } else if (!strcmp(mode, "access")) {
        p->vlan_mode = DPIF_VLAN_ACCESS;
    } else if (!strcmp(mode, "trunk")) {
        p->vlan_mode = DPIF_VLAN_TRUNK;
    } else if (!strcmp(mode, "native-tagged")) {
        p->vlan_mode = DPIF_VLAN_NATIVE_TAGGED;
    } else if (!strcmp(mode, "native-untagged")) {
        p->vlan_mode = DPIF_VLAN_NATIVE_UNTAGGED;
    } else {
        error = xasprintf("port %s: unknown vlan_mode \"%s\"",
                          p->port_name, mode);
    }
    free(mode);
    return error;
}

/* Builds the desired port for Port 'port_row' of bridge 'br_name'.
 * Returns NULL if the row is incomplete (no interface in the replica).
 * A port whose settings cannot be applied comes back with 'error' set. */
static struct port *
build_port(const struct db_client *db, const struct db_row *port_row)
{
    struct uuid *ifaces;
    size_t n_ifaces = db_row_get_uuids(port_row, "interfaces", &ifaces);
    const struct db_row *iface = n_ifaces
        ? db_client_find(db, "Interface", &ifaces[0]) : NULL;
    if (!iface) {
        free(ifaces);
        return NULL;
    }

    struct port *p = xzalloc(sizeof *p);
    p->port_name = db_row_get_string(port_row, "name");
    p->name = db_row_get_string(iface, "name");
    if (!p->port_name) {
        p->port_name = xstrdup("");
    }
    if (!p->name) {
        p->name = xstrdup(p->port_name);
    }
    p->iface_uuid = iface->uuid;
    p->tag = -1;

    int64_t v;
    if (db_row_get_integer(iface, "ofport_request", &v)) {
        p->ofport_request = v;
    }
    if (db_row_get_integer(iface, "ofport", &v) && v > 0
        && v <= DPIF_OFPORT_MAX) {
        p->db_ofport = v;
    }
    if (db_row_get_integer(iface, "mtu_request", &v) && v > 0
        && v <= INT_MAX) {
        p->mtu_request = v;
    }

    char *type = db_row_get_string(iface, "type");
    p->type_name = parse_iface_type(type ? type : "", &p->type);
    if (n_ifaces != 1) {
        p->error = xasprintf("port %s has %zu interfaces, but bonding is "
                             "not supported", p->port_name, n_ifaces);
    } else if (!p->type_name) {
        p->error = xasprintf("interface %s: unsupported type \"%s\" "
                             "(supported: system, internal, tap, dummy)",
                             p->name, type);
        p->type_name = "system";
    } else {
        p->error = parse_port_vlans(port_row, p);
    }
    p->config_error = p->error != NULL;
    free(type);
    free(ifaces);
    return p;
}

/* Returns Bridge.protocols of 'row' as a bitmap of OpenFlow wire
 * versions, 0 if empty (the default).  Versions Sluice does not speak yet
 * are ignored with a log message. */
static uint32_t
parse_protocols(const struct db_row *row, const char *br_name)
{
    static const struct {
        const char *name;
        int version;            /* 0: not supported. */
    } protocols[] = {
        { "OpenFlow10", 1 }, { "OpenFlow11", 0 }, { "OpenFlow12", 0 },
        { "OpenFlow13", 4 }, { "OpenFlow14", 0 }, { "OpenFlow15", 0 },
    };
    json_t *value = json_object_get(row->json, "protocols");
    json_t *elems = NULL;
    uint32_t versions = 0;

    if (json_is_string(value)) {
        elems = json_pack("[O]", value);
    } else if (json_is_array(value) && json_array_size(value) == 2) {
        elems = json_incref(json_array_get(value, 1));
    }
    size_t i;
    json_t *elem;
    json_array_foreach(elems, i, elem) {
        const char *name = json_string_value(elem);
        for (size_t j = 0; name && j < ARRAY_SIZE(protocols); j++) {
            if (strcmp(name, protocols[j].name)) {
                continue;
            } else if (protocols[j].version) {
                versions |= OFCONN_VERSION_BIT(protocols[j].version);
            } else {
                VLOG_INFO("bridge %s: protocol %s is not supported yet; "
                          "ignoring it", br_name, name);
            }
        }
    }
    json_decref(elems);
    if (json_is_array(value) && json_array_size(value) == 2
        && json_array_size(json_array_get(value, 1)) && !versions) {
        VLOG_WARN("bridge %s: no supported protocol in Bridge.protocols; "
                  "using OpenFlow10 and OpenFlow13", br_name);
    }
    return versions;
}

/* Reads the OpenFlow settings of Bridge row 'br_row' into 'br':
 * protocols, fail_mode, other_config:datapath-id and the controllers. */
static void
build_openflow_config(const struct db_client *db,
                      const struct db_row *br_row, struct bridge *br)
{
    br->of_versions = parse_protocols(br_row, br->name);

    char *fail_mode = db_row_get_string(br_row, "fail_mode");
    br->fail_secure = fail_mode && !strcmp(fail_mode, "secure");
    free(fail_mode);

    char *dpid = db_row_get_map_value(br_row, "other_config", "datapath-id");
    if (dpid) {
        char *end;
        unsigned long long v = strtoull(dpid, &end, 16);
        if (strlen(dpid) == 16 && !*end && strspn(dpid, "0123456789abcdef"
                                                  "ABCDEF") == 16) {
            br->have_dpid_config = true;
            br->dpid_config = v;
        } else {
            VLOG_WARN("bridge %s: other_config:datapath-id \"%s\" is not "
                      "16 hex digits; ignoring it", br->name, dpid);
        }
        free(dpid);
    }

    struct uuid *uuids;
    size_t n = db_row_get_uuids(br_row, "controller", &uuids);
    br->ctls = xcalloc(n ? n : 1, sizeof *br->ctls);
    br->ctl_uuids = xcalloc(n ? n : 1, sizeof *br->ctl_uuids);
    for (size_t i = 0; i < n; i++) {
        const struct db_row *row = db_client_find(db, "Controller",
                                                  &uuids[i]);
        char *target = row ? db_row_get_string(row, "target") : NULL;
        if (!target) {
            continue;
        }
        struct connmgr_controller *c = &br->ctls[br->n_ctls];
        int64_t v;
        c->target = target;
        c->max_backoff_ms = db_row_get_integer(row, "max_backoff", &v)
                            && v > 0 && v < INT_MAX ? (int) v : 0;
        if (db_row_get_integer(row, "inactivity_probe", &v)) {
            c->probe_interval_ms = v <= 0 ? -1 : v < INT_MAX ? (int) v : 0;
        }
        br->ctl_uuids[br->n_ctls++] = uuids[i];
    }
    free(uuids);
}

/* Builds the desired bridges from the replica into '*brsp'.  Returns
 * their number.  Stores Open_vSwitch's next_cfg and cur_cfg in
 * '*next_cfg' and '*cur_cfg' and the root row in '*rootp' (NULL if
 * none). */
static size_t
build_desired(const struct db_client *db, struct bridge ***brsp,
              const struct db_row **rootp, int64_t *next_cfg,
              int64_t *cur_cfg)
{
    struct db_row *const *roots;
    size_t n_roots = db_client_rows(db, "Open_vSwitch", &roots);
    *brsp = NULL;
    *rootp = n_roots ? roots[0] : NULL;
    *next_cfg = *cur_cfg = 0;
    if (!n_roots) {
        return 0;
    }
    db_row_get_integer(roots[0], "next_cfg", next_cfg);
    db_row_get_integer(roots[0], "cur_cfg", cur_cfg);

    struct uuid *br_uuids;
    size_t n_br_uuids = db_row_get_uuids(roots[0], "bridges", &br_uuids);
    struct bridge **brs = NULL;
    size_t n_brs = 0;
    for (size_t i = 0; i < n_br_uuids; i++) {
        const struct db_row *br_row = db_client_find(db, "Bridge",
                                                     &br_uuids[i]);
        char *name = br_row ? db_row_get_string(br_row, "name") : NULL;
        if (!name || !*name || find_bridge(brs, n_brs, name)) {
            free(name);
            continue;
        }
        struct bridge *br = xzalloc(sizeof *br);
        br->name = name;
        br->cfg.mac_aging_sec = parse_uint_option(br_row, "mac-aging-time",
                                                  name);
        br->cfg.mac_table_size = parse_uint_option(br_row, "mac-table-size",
                                                   name);
        build_openflow_config(db, br_row, br);
        brs = xrealloc(brs, (n_brs + 1) * sizeof *brs);
        brs[n_brs++] = br;

        struct uuid *port_uuids;
        size_t n_ports = db_row_get_uuids(br_row, "ports", &port_uuids);
        for (size_t j = 0; j < n_ports; j++) {
            const struct db_row *port_row = db_client_find(db, "Port",
                                                           &port_uuids[j]);
            struct port *p = port_row ? build_port(db, port_row) : NULL;
            if (!p) {
                continue;
            }
            struct port *dup = bridge_find_port(br, p->name);
            if (dup) {
                VLOG_WARN("bridge %s: interface %s is configured twice; "
                          "ignoring one", br->name, p->name);
                port_destroy(p);
                continue;
            }
            bridge_add_port(br, p);
        }
        free(port_uuids);
    }
    free(br_uuids);
    *brsp = brs;
    return n_brs;
}

/* Reconciliation. */

static void
bridges_remove(struct bridges *b, size_t i)
{
    bridge_destroy(b->brs[i]);
    memmove(&b->brs[i], &b->brs[i + 1], (b->n_brs - i - 1) * sizeof *b->brs);
    b->n_brs--;
}

/* Deletes from the datapath every bridge and port that 'desired' no longer
 * has, or whose type or ofport_request changed; forgets failed ports if
 * 'retry' or if they changed. */
static void
reconcile_delete(struct bridges *b, struct bridge **desired, size_t n_desired,
                 bool retry)
{
    for (size_t i = b->n_brs; i-- > 0;) {
        struct bridge *br = b->brs[i];
        struct bridge *want = find_bridge(desired, n_desired, br->name);
        if (!want || (br->failed && retry)) {
            if (!br->failed) {
                ofp_handler_del_bridge(b->ofp, br->name);
                int error = dpif_bridge_del(b->dpif, br->name);
                if (error) {
                    VLOG_WARN("bridge %s: delete failed (%s)", br->name,
                              strerror(error));
                } else {
                    VLOG_INFO("bridge %s: deleted", br->name);
                }
            }
            bridges_remove(b, i);
            continue;
        }
        for (size_t j = br->n_ports; j-- > 0;) {
            struct port *p = br->ports[j];
            struct port *wp = bridge_find_port(want, p->name);
            bool keep;
            if (!wp) {
                keep = false;
            } else if (p->attached) {
                keep = !wp->error && wp->type == p->type
                       && wp->ofport_request == p->ofport_request
                       && uuid_equals(&wp->iface_uuid, &p->iface_uuid);
            } else {
                keep = !retry && vlan_config_equal(p, wp)
                       && wp->type == p->type
                       && wp->ofport_request == p->ofport_request
                       && uuid_equals(&wp->iface_uuid, &p->iface_uuid)
                       && (wp->error
                           ? p->config_error && !strcmp(wp->error, p->error)
                           : !p->config_error);
            }
            if (!keep) {
                if (p->attached) {
                    int error = dpif_port_del(b->dpif, br->name, p->name);
                    if (error) {
                        VLOG_WARN("bridge %s: deleting port %s failed (%s)",
                                  br->name, p->name, strerror(error));
                    } else {
                        VLOG_INFO("bridge %s: deleted port %s", br->name,
                                  p->name);
                    }
                }
                bridge_remove_port(br, j);
            }
        }
    }
}

static const struct port *
port_with_ofport(const struct bridge *br, int ofport)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (br->ports[i]->attached && br->ports[i]->ofport == ofport) {
            return br->ports[i];
        }
    }
    return NULL;
}

/* Orders ports to add: explicit ofport_request first, then ports that
 * had an ofport before, then the rest; by name within each class. */
static int
port_add_class(const struct port *p)
{
    return p->ofport_request ? 0 : p->db_ofport ? 1 : 2;
}

static int
compare_ports_for_add(const void *a_, const void *b_)
{
    const struct port *a = *(const struct port *const *) a_;
    const struct port *b = *(const struct port *const *) b_;
    int ca = port_add_class(a), cb = port_add_class(b);
    return ca != cb ? ca - cb : strcmp(a->name, b->name);
}

/* Attaches 'p' (a copy of a desired port, now owned by 'br') to 'br' in
 * the datapath, or records why it could not be. */
static void
attach_port(struct bridges *b, struct bridge *br, struct port *p)
{
    bool is_local = !strcmp(p->name, br->name);
    int request = 0;
    if (p->error) {
        return;
    } else if (br->failed) {
        p->error = xasprintf("bridge %s could not be created", br->name);
        return;
    } else if (is_local) {
        request = 0;
    } else if (p->ofport_request) {
        const struct port *owner = port_with_ofport(br, p->ofport_request);
        if (owner) {
            p->error = xasprintf("ofport_request %d of port %s is already "
                                 "used by port %s", p->ofport_request,
                                 p->port_name, owner->port_name);
            return;
        }
        request = p->ofport_request;
    } else if (p->db_ofport && !port_with_ofport(br, p->db_ofport)) {
        request = p->db_ofport;
    }

    struct dpif_port_config cfg;
    struct dpif_port_status status;
    char *reason = NULL;
    port_to_dpif_config(p, request, &cfg);
    memset(&status, 0, sizeof status);
    int error = dpif_port_add(b->dpif, br->name, &cfg, &status, &reason);
    if (error) {
        p->error = reason ? reason
                   : xasprintf("could not add port %s (%s)", p->name,
                               strerror(error));
        VLOG_WARN("bridge %s: %s", br->name, p->error);
        return;
    }
    free(reason);
    p->attached = true;
    p->ofport = status.ofport;
    VLOG_INFO("bridge %s: added %s port %s as ofport %d", br->name,
              p->type_name, p->name, p->ofport);
}

/* Moves desired port 'wp' into running bridge 'br' and attaches it. */
static void
add_missing_ports(struct bridges *b, struct bridge *br,
                  struct bridge *want)
{
    struct port **todo = xcalloc(want->n_ports + 1, sizeof *todo);
    size_t n = 0;
    for (size_t i = 0; i < want->n_ports; i++) {
        if (!bridge_find_port(br, want->ports[i]->name)) {
            todo[n++] = want->ports[i];
            want->ports[i] = NULL;
        }
    }
    qsort(todo, n, sizeof *todo, compare_ports_for_add);
    for (size_t i = 0; i < n; i++) {
        bridge_add_port(br, todo[i]);
        attach_port(b, br, todo[i]);
    }
    free(todo);

    size_t k = 0;
    for (size_t i = 0; i < want->n_ports; i++) {
        if (want->ports[i]) {
            want->ports[k++] = want->ports[i];
        }
    }
    want->n_ports = k;
}

/* Serves OpenFlow for 'br' (creating its management socket the first
 * time) and applies the OpenFlow settings of 'want'. */
static void
configure_openflow(struct bridges *b, struct bridge *br,
                   const struct bridge *want)
{
    if (!br->of_served) {
        char *path = xasprintf("%s/%s.mgmt", b->rundir, br->name);
        char *reason = NULL;
        int error = ofp_handler_add_bridge(b->ofp, br->name, path, &reason);
        if (error) {
            VLOG_ERR("bridge %s: cannot serve OpenFlow: %s", br->name,
                     reason);
            free(reason);
        } else {
            br->of_served = true;
            controllers_watch_fail_open(ofp_handler_get_connmgr(b->ofp,
                                                                br->name),
                                        b->dpif);
        }
        free(path);
    }
    if (!br->of_configured || br->of_versions != want->of_versions) {
        ofp_handler_set_versions(b->ofp, br->name, want->of_versions);
        br->of_versions = want->of_versions;
    }
    if (!br->of_configured || br->fail_secure != want->fail_secure) {
        int error = dpif_bridge_set_fail_mode(b->dpif, br->name,
                                              want->fail_secure
                                              ? DPIF_FAIL_SECURE
                                              : DPIF_FAIL_STANDALONE);
        if (error) {
            VLOG_WARN("bridge %s: cannot set fail mode (%s)", br->name,
                      strerror(error));
        }
        br->fail_secure = want->fail_secure;
    }
    uint64_t dpid = want->have_dpid_config ? want->dpid_config : 0;
    if (!br->of_configured || br->dpid_config != dpid) {
        int error = dpif_bridge_set_datapath_id(b->dpif, br->name, dpid);
        if (error) {
            VLOG_WARN("bridge %s: cannot set datapath ID (%s)", br->name,
                      strerror(error));
        }
        br->dpid_config = dpid;
    }
    br->of_configured = true;

    struct connmgr *cm = ofp_handler_get_connmgr(b->ofp, br->name);
    if (cm) {
        connmgr_set_fail_mode(cm, !want->fail_secure);
        connmgr_set_controllers(cm, want->ctls, want->n_ctls);
    }
    bridge_free_controllers(br);
    br->ctls = xcalloc(want->n_ctls ? want->n_ctls : 1, sizeof *br->ctls);
    br->ctl_uuids = xcalloc(want->n_ctls ? want->n_ctls : 1,
                            sizeof *br->ctl_uuids);
    for (size_t i = 0; i < want->n_ctls; i++) {
        br->ctls[i] = want->ctls[i];
        br->ctls[i].target = xstrdup(want->ctls[i].target);
        br->ctl_uuids[i] = want->ctl_uuids[i];
    }
    br->n_ctls = want->n_ctls;
}

/* Adds what 'desired' has and the datapath lacks, then applies changed
 * bridge and VLAN settings in place.  Takes desired bridges it adds out of
 * 'desired' (leaving NULL behind). */
static void
reconcile_add_and_configure(struct bridges *b, struct bridge **desired,
                            size_t n_desired)
{
    for (size_t i = 0; i < n_desired; i++) {
        struct bridge *want = desired[i];
        struct bridge *br = find_bridge(b->brs, b->n_brs, want->name);
        if (!br) {
            br = xzalloc(sizeof *br);
            br->name = xstrdup(want->name);
            br->cfg = want->cfg;
            int error = dpif_bridge_add(b->dpif, br->name, &br->cfg);
            if (error) {
                VLOG_ERR("bridge %s: cannot create (%s)", br->name,
                         strerror(error));
                br->failed = true;
            } else {
                VLOG_INFO("bridge %s: created", br->name);
            }
            b->brs = xrealloc(b->brs, (b->n_brs + 1) * sizeof *b->brs);
            b->brs[b->n_brs++] = br;
        } else if (!br->failed
                   && (br->cfg.mac_aging_sec != want->cfg.mac_aging_sec
                       || br->cfg.mac_table_size
                          != want->cfg.mac_table_size)) {
            int error = dpif_bridge_set_config(b->dpif, br->name,
                                               &want->cfg);
            if (error) {
                VLOG_WARN("bridge %s: cannot apply MAC table settings (%s)",
                          br->name, strerror(error));
            } else {
                br->cfg = want->cfg;
            }
        }

        /* Reconfigure ports that stay, before adding new ones, so that the
         * VLAN settings of the datapath are current. */
        for (size_t j = br->n_ports; j-- > 0;) {
            struct port *p = br->ports[j];
            struct port *wp = bridge_find_port(want, p->name);
            if (!p->attached || !wp || vlan_config_equal(p, wp)) {
                continue;
            }
            struct dpif_port_config cfg;
            char *reason = NULL;
            port_to_dpif_config(wp, p->ofport, &cfg);
            int error = dpif_port_reconfigure(b->dpif, br->name, &cfg,
                                              &reason);
            if (!error) {
                free(p->trunks);
                p->trunks = copy_trunks(wp);
                p->n_trunks = wp->n_trunks;
                p->tag = wp->tag;
                p->vlan_mode = wp->vlan_mode;
                p->mtu_request = wp->mtu_request;
                VLOG_INFO("bridge %s: reconfigured port %s", br->name,
                          p->name);
                free(reason);
                continue;
            }
            /* A port that cannot take its settings is not kept. */
            VLOG_WARN("bridge %s: %s", br->name, reason ? reason : "?");
            dpif_port_del(b->dpif, br->name, p->name);
            bridge_remove_port(br, j);
            wp->error = reason ? reason
                        : xasprintf("could not reconfigure port %s (%s)",
                                    wp->name, strerror(error));
        }
        add_missing_ports(b, br, want);
        if (!br->failed) {
            configure_openflow(b, br, want);
        }
    }
}

/* Write-back. */

static json_t *
optional_string(const char *s)
{
    return s ? json_string(s) : json_pack("[s, []]", "set");
}

static void
add_column_if_changed(json_t *row_update, const struct db_row *row,
                      const char *column, json_t *value)
{
    if (!db_row_column_equals(row, column, value)) {
        json_object_set(row_update, column, value);
    }
    json_decref(value);
}

static bool
stats_equal(const struct dpif_port_status *a,
            const struct dpif_port_status *b)
{
    return a->rx_packets == b->rx_packets && a->rx_bytes == b->rx_bytes
           && a->rx_dropped == b->rx_dropped && a->rx_errors == b->rx_errors
           && a->tx_packets == b->tx_packets && a->tx_bytes == b->tx_bytes
           && a->tx_dropped == b->tx_dropped && a->tx_errors == b->tx_errors;
}

static json_t *
stats_to_json(const struct dpif_port_status *s)
{
    return json_pack("[s, [[s, I], [s, I], [s, I], [s, I], [s, I], [s, I], "
                     "[s, I], [s, I]]]", "map",
                     "rx_bytes", (json_int_t) s->rx_bytes,
                     "rx_dropped", (json_int_t) s->rx_dropped,
                     "rx_errors", (json_int_t) s->rx_errors,
                     "rx_packets", (json_int_t) s->rx_packets,
                     "tx_bytes", (json_int_t) s->tx_bytes,
                     "tx_dropped", (json_int_t) s->tx_dropped,
                     "tx_errors", (json_int_t) s->tx_errors,
                     "tx_packets", (json_int_t) s->tx_packets);
}

static json_t *
uuid_condition(const struct uuid *uuid)
{
    char s[UUID_LEN + 1];
    uuid_format(uuid, s);
    return json_pack("[[s, s, [s, s]]]", "_uuid", "==", "uuid", s);
}

/* Appends to 'ops' an update of the Interface row of 'p' that brings its
 * status columns up to date, if any differ.  With 'with_stats', also
 * writes statistics that changed since the last write. */
static void
write_port_status(struct bridges *b, const struct bridge *br,
                  struct port *p, json_t *ops, bool with_stats)
{
    const struct db_row *row = db_client_find(b->db, "Interface",
                                              &p->iface_uuid);
    if (!row) {
        return;
    }
    json_t *update = json_object();
    if (p->attached) {
        struct dpif_port_status st;
        int error = dpif_port_get_status(b->dpif, br->name, p->name, &st);
        if (error) {
            json_decref(update);
            return;
        }
        char mac[18];
        snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
                 st.mac[0], st.mac[1], st.mac[2], st.mac[3], st.mac[4],
                 st.mac[5]);
        add_column_if_changed(update, row, "ofport",
                              json_integer(p->ofport));
        add_column_if_changed(update, row, "error", optional_string(NULL));
        add_column_if_changed(update, row, "mac_in_use", json_string(mac));
        add_column_if_changed(update, row, "link_state",
                              json_string(st.link_up ? "up" : "down"));
        add_column_if_changed(update, row, "admin_state",
                              json_string(st.admin_up ? "up" : "down"));
        add_column_if_changed(update, row, "mtu", json_integer(st.mtu));
        unsigned int seqno = db_client_connection_seqno(b->db);
        if (with_stats && (!p->have_stats || p->stats_seqno != seqno
                           || !stats_equal(&p->stats, &st))) {
            json_object_set_new(update, "statistics", stats_to_json(&st));
            p->stats = st;
            p->have_stats = true;
            p->stats_seqno = seqno;
        }
    } else {
        json_t *empty = json_pack("[s, []]", "set");
        add_column_if_changed(update, row, "ofport", json_integer(-1));
        add_column_if_changed(update, row, "error",
                              optional_string(p->error));
        add_column_if_changed(update, row, "mac_in_use", json_incref(empty));
        add_column_if_changed(update, row, "link_state", json_incref(empty));
        add_column_if_changed(update, row, "admin_state",
                              json_incref(empty));
        add_column_if_changed(update, row, "mtu", json_incref(empty));
        json_decref(empty);
    }

    if (json_object_size(update)) {
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:o, s:o}", "op", "update", "table", "Interface",
            "where", uuid_condition(&p->iface_uuid), "row", update));
    } else {
        json_decref(update);
    }
}

/* Appends to 'ops' the updates that bring Bridge.datapath_id of 'br' and
 * the status columns of its Controller rows up to date. */
static void
write_openflow_status(struct bridges *b, const struct bridge *br,
                      json_t *ops)
{
    const struct db_row *br_row = NULL;
    struct db_row *const *rows;
    size_t n_rows = db_client_rows(b->db, "Bridge", &rows);

    for (size_t i = 0; i < n_rows && !br_row; i++) {
        char *name = db_row_get_string(rows[i], "name");
        if (name && !strcmp(name, br->name)) {
            br_row = rows[i];
        }
        free(name);
    }
    uint64_t dpid_value;
    if (br_row && !dpif_bridge_get_datapath_id(b->dpif, br->name,
                                               &dpid_value)) {
        char dpid[17];
        snprintf(dpid, sizeof dpid, "%016"PRIx64, dpid_value);
        json_t *update = json_object();
        add_column_if_changed(update, br_row, "datapath_id",
                              json_string(dpid));
        if (json_object_size(update)) {
            json_array_append_new(ops, json_pack(
                "{s:s, s:s, s:o, s:o}", "op", "update", "table", "Bridge",
                "where", uuid_condition(&br_row->uuid), "row", update));
        } else {
            json_decref(update);
        }
    }

    struct connmgr *cm = ofp_handler_get_connmgr(b->ofp, br->name);
    for (size_t i = 0; cm && i < br->n_ctls; i++) {
        const struct db_row *row = db_client_find(b->db, "Controller",
                                                  &br->ctl_uuids[i]);
        struct connmgr_status st;
        if (!row || !connmgr_get_status(cm, br->ctls[i].target, &st)) {
            continue;
        }
        static const char *const roles[] = {
            [OFPCR_ROLE_NOCHANGE] = "other", [OFPCR_ROLE_EQUAL] = "other",
            [OFPCR_ROLE_MASTER] = "master", [OFPCR_ROLE_SLAVE] = "slave",
        };
        json_t *status = controllers_status_json(&st);
        json_t *update = json_object();
        add_column_if_changed(update, row, "is_connected",
                              json_boolean(st.is_connected));
        add_column_if_changed(update, row, "role",
                              st.is_connected
                              ? json_string(roles[st.role])
                              : json_pack("[s, []]", "set"));
        add_column_if_changed(update, row, "status", status);
        if (json_object_size(update)) {
            json_array_append_new(ops, json_pack(
                "{s:s, s:s, s:o, s:o}", "op", "update",
                "table", "Controller", "where", uuid_condition(&row->uuid),
                "row", update));
        } else {
            json_decref(update);
        }
    }
}

/* Writes the status of every port and, if 'root' is nonnull and its
 * cur_cfg lags, cur_cfg = 'next_cfg', in one transaction. */
static void
write_back(struct bridges *b, bool with_stats, const struct db_row *root,
           int64_t next_cfg, int64_t cur_cfg)
{
    json_t *ops = json_array();
    for (size_t i = 0; i < b->n_brs; i++) {
        struct bridge *br = b->brs[i];
        for (size_t j = 0; j < br->n_ports; j++) {
            write_port_status(b, br, br->ports[j], ops, with_stats);
        }
        if (!br->failed) {
            write_openflow_status(b, br, ops);
        }
    }
    if (with_stats) {
        bridge_mirrors_write_stats(b->mirrors, b->dpif, b->db, ops);
    }
    if (root && cur_cfg != next_cfg) {
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:o, s:{s:I}}", "op", "update",
            "table", "Open_vSwitch", "where", uuid_condition(&root->uuid),
            "row", "cur_cfg", (json_int_t) next_cfg));
    }
    if (json_array_size(ops)) {
        db_client_transact(b->db, ops);
    } else {
        json_decref(ops);
    }
}

static void
reconcile(struct bridges *b)
{
    if (!b->db || !db_client_is_connected(b->db)) {
        return;
    }

    struct bridge **desired;
    const struct db_row *root;
    int64_t next_cfg, cur_cfg;
    size_t n_desired = build_desired(b->db, &desired, &root, &next_cfg,
                                     &cur_cfg);
    unsigned int seqno = db_client_connection_seqno(b->db);
    controllers_apply_ssl(b->db, root);
    bool retry = !b->have_applied_cfg || next_cfg != b->applied_cfg
                 || seqno != b->applied_seqno;

    reconcile_delete(b, desired, n_desired, retry);
    reconcile_add_and_configure(b, desired, n_desired);
    bridge_mirrors_reconcile(b->mirrors, b->dpif, b->db);
    for (size_t i = 0; i < n_desired; i++) {
        bridge_destroy(desired[i]);
    }
    free(desired);

    b->have_applied_cfg = true;
    b->applied_cfg = next_cfg;
    b->applied_seqno = seqno;
    write_back(b, false, root, next_cfg, cur_cfg);
}

static void
reconcile_cb(evutil_socket_t fd, short events, void *b_)
{
    reconcile(b_);
}

void
bridges_db_changed(void *b_)
{
    struct bridges *b = b_;
    if (!evtimer_pending(b->reconcile_ev, NULL)) {
        struct timeval tv = { 0, 0 };
        evtimer_add(b->reconcile_ev, &tv);
    }
}

static void
status_cb(evutil_socket_t fd, short events, void *b_)
{
    struct bridges *b = b_;
    b->status_ticks++;
    if (b->db && db_client_is_connected(b->db)) {
        write_back(b, b->status_ticks % STATS_EVERY_TICKS == 0, NULL, 0, 0);
    }
}

/* unixctl commands. */

static void
reply_json(struct unixctl_conn *conn, json_t *json)
{
    char *s = json_dumps(json, JSON_COMPACT);
    unixctl_command_reply(conn, s);
    free(s);
    json_decref(json);
}

static void
format_ofport(char *buf, size_t size, int ofport)
{
    if (ofport == DPIF_OFPORT_LOCAL) {
        snprintf(buf, size, "LOCAL");
    } else {
        snprintf(buf, size, "%d", ofport);
    }
}

static void
fdb_show_cb(struct unixctl_conn *conn, int argc, const char *argv[],
            void *b_)
{
    struct bridges *b = b_;
    struct dpif_fdb_entry *entries;
    size_t n;
    int error = dpif_fdb_dump(b->dpif, argv[1], &entries, &n);
    if (error) {
        char *msg = error == ENOENT
                    ? xasprintf("no bridge named %s", argv[1])
                    : xasprintf("%s: cannot dump MAC table (%s)", argv[1],
                                strerror(error));
        unixctl_command_reply_error(conn, msg);
        free(msg);
        return;
    }

    if (unixctl_conn_wants_json(conn)) {
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++) {
            const struct dpif_fdb_entry *e = &entries[i];
            char mac[18];
            snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
                     e->mac[0], e->mac[1], e->mac[2], e->mac[3], e->mac[4],
                     e->mac[5]);
            json_array_append_new(list, json_pack(
                "{s:i, s:s, s:i, s:s, s:i}", "ofport", e->ofport,
                "port", e->port, "vlan", (int) e->vlan, "mac", mac,
                "age", (int) e->age_sec));
        }
        free(entries);
        reply_json(conn, list);
        return;
    }

    size_t len = 0, cap = 64 + 48 * n;
    char *text = xmalloc(cap);
    len += snprintf(text, cap, " port  VLAN  MAC                Age\n");
    for (size_t i = 0; i < n; i++) {
        const struct dpif_fdb_entry *e = &entries[i];
        char port[16];
        format_ofport(port, sizeof port, e->ofport);
        len += snprintf(text + len, cap - len,
                        "%5s  %4u  %02x:%02x:%02x:%02x:%02x:%02x  %3u\n",
                        port, e->vlan, e->mac[0], e->mac[1], e->mac[2],
                        e->mac[3], e->mac[4], e->mac[5], e->age_sec);
    }
    free(entries);
    unixctl_command_reply(conn, text);
    free(text);
}

static void
fdb_flush_cb(struct unixctl_conn *conn, int argc, const char *argv[],
             void *b_)
{
    struct bridges *b = b_;
    const char *br = argc > 1 ? argv[1] : NULL;
    int error = dpif_fdb_flush(b->dpif, br);
    if (error) {
        char *msg = error == ENOENT
                    ? xasprintf("no bridge named %s", br)
                    : xasprintf("cannot flush MAC table (%s)",
                                strerror(error));
        unixctl_command_reply_error(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, "table successfully flushed");
    }
}

static int
compare_bridges_by_name(const void *a_, const void *b_)
{
    const struct bridge *a = *(const struct bridge *const *) a_;
    const struct bridge *b = *(const struct bridge *const *) b_;
    return strcmp(a->name, b->name);
}

static int
compare_ports_by_ofport(const void *a_, const void *b_)
{
    const struct port *a = *(const struct port *const *) a_;
    const struct port *b = *(const struct port *const *) b_;
    return a->ofport < b->ofport ? -1 : a->ofport > b->ofport;
}

static void
dpif_show_cb(struct unixctl_conn *conn, int argc, const char *argv[],
             void *b_)
{
    struct bridges *b = b_;
    bool json = unixctl_conn_wants_json(conn);
    json_t *list = json_array();
    char *text = xstrdup("");

    struct bridge **brs = xcalloc(b->n_brs + 1, sizeof *brs);
    memcpy(brs, b->brs, b->n_brs * sizeof *brs);
    qsort(brs, b->n_brs, sizeof *brs, compare_bridges_by_name);
    for (size_t i = 0; i < b->n_brs; i++) {
        struct bridge *br = brs[i];
        if (br->failed) {
            continue;
        }
        struct port **ports = xcalloc(br->n_ports + 1, sizeof *ports);
        size_t n = 0;
        for (size_t j = 0; j < br->n_ports; j++) {
            if (br->ports[j]->attached) {
                ports[n++] = br->ports[j];
            }
        }
        qsort(ports, n, sizeof *ports, compare_ports_by_ofport);

        json_t *jports = json_array();
        char *s = xasprintf("%s%s:\n", text, br->name);
        free(text);
        text = s;
        for (size_t j = 0; j < n; j++) {
            const struct port *p = ports[j];
            struct dpif_port_status st;
            memset(&st, 0, sizeof st);
            dpif_port_get_status(b->dpif, br->name, p->name, &st);
            char ofport[16];
            format_ofport(ofport, sizeof ofport, p->ofport);
            s = xasprintf("%s  %s %s/%s:\n"
                          "    RX packets:%"PRIu64" bytes:%"PRIu64
                          " dropped:%"PRIu64" errors:%"PRIu64"\n"
                          "    TX packets:%"PRIu64" bytes:%"PRIu64
                          " dropped:%"PRIu64" errors:%"PRIu64"\n",
                          text, p->name, ofport, p->type_name,
                          st.rx_packets, st.rx_bytes, st.rx_dropped,
                          st.rx_errors, st.tx_packets, st.tx_bytes,
                          st.tx_dropped, st.tx_errors);
            free(text);
            text = s;
            json_array_append_new(jports, json_pack(
                "{s:s, s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
                "name", p->name, "ofport", p->ofport, "type", p->type_name,
                "rx_packets", (json_int_t) st.rx_packets,
                "rx_bytes", (json_int_t) st.rx_bytes,
                "rx_dropped", (json_int_t) st.rx_dropped,
                "rx_errors", (json_int_t) st.rx_errors,
                "tx_packets", (json_int_t) st.tx_packets,
                "tx_bytes", (json_int_t) st.tx_bytes,
                "tx_dropped", (json_int_t) st.tx_dropped,
                "tx_errors", (json_int_t) st.tx_errors));
        }
        free(ports);
        struct dpif_of_stats of;
        memset(&of, 0, sizeof of);
        dpif_bridge_get_of_stats(b->dpif, br->name, &of);
        s = xasprintf("%s  flow cache: %zu/%zu entries, hits:%"PRIu64
                      " misses:%"PRIu64" evictions:%"PRIu64"\n",
                      text, of.cache_entries, of.cache_capacity,
                      of.cache_hits, of.cache_misses, of.cache_evictions);
        free(text);
        text = s;
        json_array_append_new(list, json_pack(
            "{s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I}}", "bridge", br->name,
            "ports", jports, "flow_cache",
            "entries", (json_int_t) of.cache_entries,
            "capacity", (json_int_t) of.cache_capacity,
            "hits", (json_int_t) of.cache_hits,
            "misses", (json_int_t) of.cache_misses,
            "evictions", (json_int_t) of.cache_evictions));
    }
    free(brs);

    if (json) {
        reply_json(conn, list);
    } else {
        json_decref(list);
        unixctl_command_reply(conn, text);
    }
    free(text);
}

/* Life cycle. */

struct bridges *
bridges_create(struct event_base *base, struct dpif *dpif)
{
    struct bridges *b = xzalloc(sizeof *b);
    b->base = base;
    b->dpif = dpif;
    b->ofp = ofp_handler_create(base, dpif);
    b->rundir = xstrdup(sluice_rundir(NULL));
    b->mirrors = bridge_mirrors_create();
    b->reconcile_ev = evtimer_new(base, reconcile_cb, b);
    b->status_timer = event_new(base, -1, EV_PERSIST, status_cb, b);
    struct timeval tv = { STATUS_INTERVAL_MS / 1000,
                          (STATUS_INTERVAL_MS % 1000) * 1000 };
    event_add(b->status_timer, &tv);

    unixctl_command_register("fdb/show", "BRIDGE", 1, 1, fdb_show_cb, b);
    unixctl_command_register("fdb/flush", "[BRIDGE]", 0, 1, fdb_flush_cb, b);
    unixctl_command_register("dpif/show", "", 0, 0, dpif_show_cb, b);
    return b;
}

void
bridges_set_db(struct bridges *b, struct db_client *db)
{
    b->db = db;
}

void
bridges_set_rundir(struct bridges *b, const char *rundir)
{
    free(b->rundir);
    b->rundir = xstrdup(rundir);
    capture_server_destroy(b->capture);
    b->capture = NULL;
    capture_server_create(b->base, b->dpif, rundir, &b->capture);
}

void
bridges_destroy(struct bridges *b)
{
    if (b) {
        event_free(b->reconcile_ev);
        event_free(b->status_timer);
        ofp_handler_destroy(b->ofp);
        bridge_mirrors_destroy(b->mirrors);
        capture_server_destroy(b->capture);
        free(b->rundir);
        for (size_t i = 0; i < b->n_brs; i++) {
            bridge_destroy(b->brs[i]);
        }
        free(b->brs);
        free(b);
    }
}
