/* dp-harness: a tiny driver for testing the datapath without the daemon.
 *
 *   dp-harness [--aging SEC] BRIDGE PORT[,key=value...]...
 *
 * creates a dpif, bridge BRIDGE and the ports named on the command line,
 * prints "ready" and runs until SIGINT or SIGTERM; then prints each
 * port's status and the MAC table, and exits.  Port options: type=system
 * (default), internal, tap or dummy; tag=N; trunks=A:B:...;
 * vlan_mode=access|trunk|native-tagged|native-untagged (default: access
 * if tag is set, else trunk); ofport=N; mtu=N.  SIGUSR1 prints the status
 * and MAC table without exiting. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "datapath/dpif.h"
#include "lib/util.h"

static volatile sig_atomic_t got_signal;

static void
on_signal(int signo)
{
    got_signal = signo;
}

static SLUICE_NORETURN void
usage(void)
{
    fprintf(stderr, "usage: dp-harness [--aging SEC] BRIDGE "
            "PORT[,type=T][,tag=N][,trunks=A:B][,vlan_mode=M][,ofport=N]"
            "[,mtu=N]...\n");
    exit(2);
}

/* Parses 'spec' into 'cfg'; 'trunks' must have room for 4096 VLANs. */
static void
parse_port(char *spec, struct dpif_port_config *cfg, uint16_t *trunks)
{
    char *save = NULL;
    char *name = strtok_r(spec, ",", &save);
    bool mode_set = false;

    memset(cfg, 0, sizeof *cfg);
    cfg->name = name;
    cfg->type = DPIF_PORT_SYSTEM;
    cfg->tag = -1;
    cfg->trunks = trunks;
    for (char *kv = strtok_r(NULL, ",", &save); kv;
         kv = strtok_r(NULL, ",", &save)) {
        char *value = strchr(kv, '=');
        if (!value) {
            usage();
        }
        *value++ = '\0';
        if (!strcmp(kv, "type")) {
            cfg->type = (!strcmp(value, "internal") ? DPIF_PORT_INTERNAL
                         : !strcmp(value, "tap") ? DPIF_PORT_TAP
                         : !strcmp(value, "dummy") ? DPIF_PORT_DUMMY
                         : DPIF_PORT_SYSTEM);
        } else if (!strcmp(kv, "tag")) {
            cfg->tag = atoi(value);
        } else if (!strcmp(kv, "ofport")) {
            cfg->ofport_request = atoi(value);
        } else if (!strcmp(kv, "mtu")) {
            cfg->mtu_request = atoi(value);
        } else if (!strcmp(kv, "trunks")) {
            char *save2 = NULL;
            for (char *v = strtok_r(value, ":", &save2); v;
                 v = strtok_r(NULL, ":", &save2)) {
                trunks[cfg->n_trunks++] = atoi(v);
            }
        } else if (!strcmp(kv, "vlan_mode")) {
            mode_set = true;
            cfg->vlan_mode = (!strcmp(value, "access") ? DPIF_VLAN_ACCESS
                              : !strcmp(value, "native-tagged")
                              ? DPIF_VLAN_NATIVE_TAGGED
                              : !strcmp(value, "native-untagged")
                              ? DPIF_VLAN_NATIVE_UNTAGGED
                              : DPIF_VLAN_TRUNK);
        } else {
            usage();
        }
    }
    if (!mode_set) {
        cfg->vlan_mode = cfg->tag >= 0 ? DPIF_VLAN_ACCESS : DPIF_VLAN_TRUNK;
    }
}

static void
print_state(struct dpif *dpif, const char *bridge)
{
    char **names;
    size_t n;
    if (dpif_port_list(dpif, bridge, &names, &n)) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        struct dpif_port_status st;
        if (!dpif_port_get_status(dpif, bridge, names[i], &st)) {
            printf("port %s ofport=%d mtu=%d link=%s admin=%s "
                   "rx=%llu/%llu drop=%llu err=%llu "
                   "tx=%llu/%llu drop=%llu err=%llu\n",
                   names[i], st.ofport, st.mtu, st.link_up ? "up" : "down",
                   st.admin_up ? "up" : "down",
                   (unsigned long long) st.rx_packets,
                   (unsigned long long) st.rx_bytes,
                   (unsigned long long) st.rx_dropped,
                   (unsigned long long) st.rx_errors,
                   (unsigned long long) st.tx_packets,
                   (unsigned long long) st.tx_bytes,
                   (unsigned long long) st.tx_dropped,
                   (unsigned long long) st.tx_errors);
        }
        free(names[i]);
    }
    free(names);

    struct dpif_fdb_entry *e;
    if (!dpif_fdb_dump(dpif, bridge, &e, &n)) {
        for (size_t i = 0; i < n; i++) {
            printf("fdb vlan=%u mac=%02x:%02x:%02x:%02x:%02x:%02x port=%s "
                   "age=%u\n", e[i].vlan, e[i].mac[0], e[i].mac[1],
                   e[i].mac[2], e[i].mac[3], e[i].mac[4], e[i].mac[5],
                   e[i].port, e[i].age_sec);
        }
        free(e);
    }
    fflush(stdout);
}

int
main(int argc, char *argv[])
{
    struct dpif_bridge_config bcfg = { 0, 0 };
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "--aging")) {
        bcfg.mac_aging_sec = atoi(argv[i + 1]);
        i += 2;
    }
    if (i >= argc) {
        usage();
    }
    const char *bridge = argv[i++];

    struct dpif *dpif;
    int error = dpif_create(&dpif);
    if (error) {
        fprintf(stderr, "dp-harness: cannot create datapath (%s)\n",
                strerror(error));
        return 1;
    }
    dpif_bridge_add(dpif, bridge, &bcfg);
    for (; i < argc; i++) {
        static uint16_t trunks[4096];
        struct dpif_port_config cfg;
        char *err = NULL;
        parse_port(argv[i], &cfg, trunks);
        if (dpif_port_add(dpif, bridge, &cfg, NULL, &err)) {
            fprintf(stderr, "dp-harness: %s\n", err);
            free(err);
            dpif_destroy(dpif, false);
            return 1;
        }
    }

    /* Signals stay blocked except inside sigsuspend(), so none is lost
     * between the check and the wait. */
    struct sigaction sa = { .sa_handler = on_signal };
    sigset_t blocked, old;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGUSR1);
    sigprocmask(SIG_BLOCK, &blocked, &old);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        while (!got_signal) {
            sigsuspend(&old);
        }
        if (got_signal == SIGUSR1) {
            got_signal = 0;
            print_state(dpif, bridge);
        } else if (got_signal) {
            break;
        }
    }
    print_state(dpif, bridge);
    dpif_destroy(dpif, false);
    return 0;
}
