/* Mirror rows to datapath mirrors: see switchd/bridge-mirror.h. */
#include "switchd/bridge-mirror.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "datapath/dpif.h"
#include "lib/log.h"
#include "lib/util.h"
#include "switchd/db-client.h"

VLOG_DEFINE_THIS_MODULE(bridge_mirror);

/* What was last applied to one bridge. */
struct applied {
    char *bridge;
    char *signature;            /* JSON text of the applied config. */
};

struct bridge_mirrors {
    struct applied *applied;
    size_t n_applied;
};

struct bridge_mirrors *
bridge_mirrors_create(void)
{
    return xzalloc(sizeof(struct bridge_mirrors));
}

void
bridge_mirrors_destroy(struct bridge_mirrors *bm)
{
    if (bm) {
        for (size_t i = 0; i < bm->n_applied; i++) {
            free(bm->applied[i].bridge);
            free(bm->applied[i].signature);
        }
        free(bm->applied);
        free(bm);
    }
}

/* The device name of Port row 'uuid' (its first Interface's name), as a
 * new string, or NULL; its Interface type in '*typep' (new string) if
 * 'typep' is nonnull. */
static char *
port_device(const struct db_client *db, const struct uuid *uuid,
            char **typep)
{
    const struct db_row *port = db_client_find(db, "Port", uuid);
    struct uuid *ifaces;
    size_t n = port ? db_row_get_uuids(port, "interfaces", &ifaces) : 0;
    char *name = NULL;
    if (n) {
        const struct db_row *iface = db_client_find(db, "Interface",
                                                    &ifaces[0]);
        if (iface) {
            name = db_row_get_string(iface, "name");
            if (typep) {
                *typep = db_row_get_string(iface, "type");
            }
        }
    }
    if (port) {
        free(ifaces);
    }
    return name;
}

/* One mirror's configuration with the strings it owns. */
struct mirror_build {
    struct dpif_mirror_config cfg;
    char **src, **dst;
    uint16_t *vlans;
    char *name, *output, *output_type;
};

static char **
port_list(const struct db_client *db, const struct db_row *row,
          const char *column, size_t *np)
{
    struct uuid *uuids;
    size_t n = db_row_get_uuids(row, column, &uuids);
    char **names = xcalloc(n + 1, sizeof *names);
    *np = 0;
    for (size_t i = 0; i < n; i++) {
        char *name = port_device(db, &uuids[i], NULL);
        if (name) {
            names[(*np)++] = name;
        }
    }
    free(uuids);
    return names;
}

static void
build_mirror(const struct db_client *db, const struct db_row *row,
             struct mirror_build *mb, json_t *sig)
{
    memset(mb, 0, sizeof *mb);
    mb->name = db_row_get_string(row, "name");
    if (!mb->name) {
        mb->name = xstrdup("");
    }
    mb->cfg.name = mb->name;
    json_t *sel = json_object_get(row->json, "select_all");
    mb->cfg.select_all = json_is_true(sel);
    mb->src = port_list(db, row, "select_src_port", &mb->cfg.n_src_ports);
    mb->cfg.src_ports = (const char *const *) mb->src;
    mb->dst = port_list(db, row, "select_dst_port", &mb->cfg.n_dst_ports);
    mb->cfg.dst_ports = (const char *const *) mb->dst;

    int64_t *vlans;
    size_t n = db_row_get_integers(row, "select_vlan", &vlans);
    mb->vlans = xcalloc(n + 1, sizeof *mb->vlans);
    for (size_t i = 0; i < n; i++) {
        mb->vlans[i] = vlans[i];
    }
    free(vlans);
    mb->cfg.vlans = mb->vlans;
    mb->cfg.n_vlans = n;

    struct uuid *out;
    if (db_row_get_uuids(row, "output_port", &out)) {
        mb->output = port_device(db, &out[0], &mb->output_type);
    }
    free(out);
    mb->cfg.output_port = mb->output;
    int64_t vlan;
    mb->cfg.output_vlan = (db_row_get_integer(row, "output_vlan", &vlan)
                           ? (int) vlan : -1);

    json_t *j = json_object();
    json_object_set_new(j, "name", json_string(mb->name));
    json_object_set_new(j, "all", json_boolean(mb->cfg.select_all));
    json_t *a = json_array();
    for (size_t i = 0; i < mb->cfg.n_src_ports; i++) {
        json_array_append_new(a, json_string(mb->src[i]));
    }
    json_object_set_new(j, "src", a);
    a = json_array();
    for (size_t i = 0; i < mb->cfg.n_dst_ports; i++) {
        json_array_append_new(a, json_string(mb->dst[i]));
    }
    json_object_set_new(j, "dst", a);
    a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, json_integer(mb->vlans[i]));
    }
    json_object_set_new(j, "vlans", a);
    json_object_set_new(j, "out", mb->output ? json_string(mb->output)
                        : json_null());
    json_object_set_new(j, "out_vlan", json_integer(mb->cfg.output_vlan));
    json_array_append_new(sig, j);
}

static void
free_mirror_build(struct mirror_build *mb)
{
    for (size_t i = 0; i < mb->cfg.n_src_ports; i++) {
        free(mb->src[i]);
    }
    for (size_t i = 0; i < mb->cfg.n_dst_ports; i++) {
        free(mb->dst[i]);
    }
    free(mb->src);
    free(mb->dst);
    free(mb->vlans);
    free(mb->name);
    free(mb->output);
    free(mb->output_type);
}

/* Sets the MTU of device 'dev' to 'mtu' if it is smaller. */
static void
raise_mtu(const char *dev, int mtu)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
    if (!ioctl(fd, SIOCGIFMTU, &ifr) && ifr.ifr_mtu < mtu) {
        ifr.ifr_mtu = mtu;
        if (ioctl(fd, SIOCSIFMTU, &ifr) < 0) {
            VLOG_WARN("mirror output %s: cannot set MTU %d (%s)", dev, mtu,
                      strerror(errno));
        } else {
            VLOG_INFO("mirror output %s: MTU raised to %d", dev, mtu);
        }
    }
    close(fd);
}

static void
disable_ipv6(const char *dev)
{
    char *path = xasprintf("/proc/sys/net/ipv6/conf/%s/disable_ipv6", dev);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (write(fd, "1", 1) != 1) {
            VLOG_WARN("mirror output %s: cannot disable IPv6 (%s)", dev,
                      strerror(errno));
        }
        close(fd);
    }
    free(path);
}

/* Prepares the device of SPAN output 'mb' (internal or tap) for copies
 * of the ports of 'bridge' it selects. */
static void
prepare_output_device(struct dpif *dpif, const char *bridge,
                      const struct mirror_build *mb)
{
    if (!mb->output || !mb->output_type
        || (strcmp(mb->output_type, "internal")
            && strcmp(mb->output_type, "tap"))) {
        return;
    }
    char **names;
    size_t n;
    if (dpif_port_list(dpif, bridge, &names, &n)) {
        return;
    }
    int mtu = 0;
    for (size_t i = 0; i < n; i++) {
        bool selected = mb->cfg.select_all
                        || (!mb->cfg.n_src_ports && !mb->cfg.n_dst_ports);
        for (size_t j = 0; j < mb->cfg.n_src_ports; j++) {
            selected |= !strcmp(names[i], mb->src[j]);
        }
        for (size_t j = 0; j < mb->cfg.n_dst_ports; j++) {
            selected |= !strcmp(names[i], mb->dst[j]);
        }
        struct dpif_port_status st;
        if (selected && strcmp(names[i], mb->output)
            && !dpif_port_get_status(dpif, bridge, names[i], &st)
            && st.mtu > mtu) {
            mtu = st.mtu;
        }
        free(names[i]);
    }
    free(names);
    if (mtu) {
        raise_mtu(mb->output, mtu);
    }
    disable_ipv6(mb->output);
}

static struct applied *
find_applied(struct bridge_mirrors *bm, const char *bridge)
{
    for (size_t i = 0; i < bm->n_applied; i++) {
        if (!strcmp(bm->applied[i].bridge, bridge)) {
            return &bm->applied[i];
        }
    }
    bm->applied = xrealloc(bm->applied,
                           (bm->n_applied + 1) * sizeof *bm->applied);
    struct applied *a = &bm->applied[bm->n_applied++];
    a->bridge = xstrdup(bridge);
    a->signature = NULL;
    return a;
}

static void
reconcile_bridge(struct bridge_mirrors *bm, struct dpif *dpif,
                 const struct db_client *db, const struct db_row *br_row)
{
    char *bridge = db_row_get_string(br_row, "name");
    if (!bridge) {
        return;
    }
    struct uuid *uuids;
    size_t n_rows = db_row_get_uuids(br_row, "mirrors", &uuids);
    struct mirror_build *mbs = xcalloc(n_rows + 1, sizeof *mbs);
    struct dpif_mirror_config *cfgs = xcalloc(n_rows + 1, sizeof *cfgs);
    size_t n = 0;
    json_t *sig = json_array();
    for (size_t i = 0; i < n_rows; i++) {
        const struct db_row *row = db_client_find(db, "Mirror", &uuids[i]);
        if (row) {
            build_mirror(db, row, &mbs[n], sig);
            cfgs[n] = mbs[n].cfg;
            n++;
        }
    }
    free(uuids);

    /* The datapath's port list matters too: ports come and go. */
    char **names;
    size_t n_names;
    if (!dpif_port_list(dpif, bridge, &names, &n_names)) {
        json_t *ports = json_array();
        for (size_t i = 0; i < n_names; i++) {
            json_array_append_new(ports, json_string(names[i]));
            free(names[i]);
        }
        free(names);
        json_array_append_new(sig, ports);

        char *text = json_dumps(sig, JSON_COMPACT);
        struct applied *a = find_applied(bm, bridge);
        if (!a->signature || strcmp(a->signature, text)) {
            char *error;
            if (dpif_mirror_set(dpif, bridge, cfgs, n, &error)) {
                VLOG_WARN("bridge %s: mirrors not applied: %s", bridge,
                          error);
                free(error);
            } else {
                for (size_t i = 0; i < n; i++) {
                    prepare_output_device(dpif, bridge, &mbs[i]);
                }
            }
            free(a->signature);
            a->signature = text;
        } else {
            free(text);
        }
    }
    json_decref(sig);
    for (size_t i = 0; i < n; i++) {
        free_mirror_build(&mbs[i]);
    }
    free(mbs);
    free(cfgs);
    free(bridge);
}

void
bridge_mirrors_reconcile(struct bridge_mirrors *bm, struct dpif *dpif,
                         const struct db_client *db)
{
    struct db_row *const *rows;
    size_t n = db_client_rows(db, "Bridge", &rows);
    for (size_t i = 0; i < n; i++) {
        reconcile_bridge(bm, dpif, db, rows[i]);
    }
}

void
bridge_mirrors_write_stats(struct bridge_mirrors *bm, struct dpif *dpif,
                           const struct db_client *db, json_t *ops)
{
    struct db_row *const *rows;
    size_t n_brs = db_client_rows(db, "Bridge", &rows);
    for (size_t i = 0; i < n_brs; i++) {
        char *bridge = db_row_get_string(rows[i], "name");
        struct dpif_mirror_stats *stats;
        size_t n_stats;
        if (!bridge
            || dpif_mirror_get_stats(dpif, bridge, &stats, &n_stats)) {
            free(bridge);
            continue;
        }
        struct uuid *uuids;
        size_t n = db_row_get_uuids(rows[i], "mirrors", &uuids);
        for (size_t j = 0; j < n; j++) {
            const struct db_row *row = db_client_find(db, "Mirror",
                                                      &uuids[j]);
            char *name = row ? db_row_get_string(row, "name") : NULL;
            for (size_t k = 0; name && k < n_stats; k++) {
                if (strcmp(stats[k].name, name)) {
                    continue;
                }
                json_t *value = json_pack(
                    "[s, [[s, I], [s, I]]]", "map",
                    "tx_bytes", (json_int_t) stats[k].tx_bytes,
                    "tx_packets", (json_int_t) stats[k].tx_packets);
                if (db_row_column_equals(row, "statistics", value)) {
                    json_decref(value);
                    break;
                }
                char s[UUID_LEN + 1];
                uuid_format(&uuids[j], s);
                json_array_append_new(ops, json_pack(
                    "{s:s, s:s, s:[[s, s, [s, s]]], s:{s:o}}",
                    "op", "update", "table", "Mirror",
                    "where", "_uuid", "==", "uuid", s,
                    "row", "statistics", value));
                break;
            }
            free(name);
        }
        free(uuids);
        free(stats);
        free(bridge);
    }
}
