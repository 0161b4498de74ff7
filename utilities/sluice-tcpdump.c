/* sluice-tcpdump: live capture on any port of a running sluice-switchd,
 * tap ports of VMs included.
 *
 * The capture is a port tap inside switchd (datapath/capture.h) fed by
 * $RUNDIR/capture.sock (switchd/capture-server.h); the filter is compiled
 * by switchd and runs before any copy.  Frames are written as pcapng with
 * one interface per port and the direction on every packet: to -w FILE,
 * to stdout with -w -, or else into a real "tcpdump -r -" child that gets
 * every other option, so all of tcpdump's output options work.  Nothing
 * persistent is created: when this process ends, however it ends, its
 * socket closes and switchd drops the capture. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <jansson.h>

#include "datapath/capture.h"
#include "lib/util.h"
#include "utilities/pcapng.h"

#define BUF_SIZE (300 * 1024)

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

static void
usage(void)
{
    printf("\
sluice-tcpdump: capture on ports of a running sluice-switchd\n\
usage: sluice-tcpdump -i PORT[,PORT...] [--bridge BR]\n\
                      [--direction in|out|both] [-s SNAPLEN] [-c COUNT]\n\
                      [-w FILE|-] [--rundir DIR]\n\
                      [tcpdump options] [filter expression]\n\
Without -w, frames go to \"tcpdump -r -\" with the other options; with\n\
-w FILE (or - for stdout) they are written as pcapng.\n");
}

static void
fatal(const char *msg)
{
    fprintf(stderr, "sluice-tcpdump: %s\n", msg);
    exit(1);
}

/* tcpdump options that take an argument (passed on with it). */
static bool
tcpdump_opt_has_arg(const char *opt)
{
    return (strlen(opt) == 2
            && strchr("BCEFGMQTWVjmyzZ", opt[1]) != NULL);
}

int
main(int argc, char *argv[])
{
    const char *ports = NULL, *bridge = NULL, *direction = "both";
    const char *wfile = NULL, *rundir_opt = NULL;
    long snaplen = 262144, count = -1;
    char **td_args = xcalloc(argc + 4, sizeof *td_args);
    size_t n_td = 0;
    char *filter = xstrdup("");

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage();
            return 0;
        } else if ((!strcmp(a, "-i") || !strcmp(a, "--interface")) && next) {
            ports = argv[++i];
        } else if (!strcmp(a, "--bridge") && next) {
            bridge = argv[++i];
        } else if (!strcmp(a, "--direction") && next) {
            direction = argv[++i];
        } else if (!strncmp(a, "--direction=", 12)) {
            direction = a + 12;
        } else if (!strcmp(a, "-Q") && next) {
            direction = argv[++i];
        } else if (!strcmp(a, "-s") && next) {
            snaplen = atol(argv[++i]);
        } else if (!strcmp(a, "-c") && next) {
            count = atol(argv[++i]);
            td_args[n_td++] = (char *) a;
            td_args[n_td++] = argv[i];
        } else if (!strcmp(a, "-w") && next) {
            wfile = argv[++i];
        } else if (!strcmp(a, "--rundir") && next) {
            rundir_opt = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            td_args[n_td++] = (char *) a;
            if (tcpdump_opt_has_arg(a) && next) {
                td_args[n_td++] = argv[++i];
            }
        } else {
            char *f = xasprintf("%s%s%s", filter, *filter ? " " : "", a);
            free(filter);
            filter = f;
        }
    }
    if (!ports) {
        usage();
        fatal("-i PORT is required");
    }
    if (strcmp(direction, "in") && strcmp(direction, "out")
        && strcmp(direction, "both") && strcmp(direction, "inout")) {
        fatal("--direction must be in, out or both");
    }
    if (!strcmp(direction, "inout")) {
        direction = "both";
    }
    if (snaplen <= 0 || snaplen > 262144) {
        snaplen = 262144;
    }

    /* Connect and ask. */
    const char *rundir = sluice_rundir(rundir_opt);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s/capture.sock", rundir);
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        char *m = xasprintf("cannot connect to %s (%s); is sluice-switchd "
                            "running?", sun.sun_path, strerror(errno));
        fatal(m);
    }
    int rcvbuf = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    json_t *port_list = json_array();
    char *copy = xstrdup(ports), *save = NULL;
    for (char *p = strtok_r(copy, ",", &save); p;
         p = strtok_r(NULL, ",", &save)) {
        json_array_append_new(port_list, json_string(p));
    }
    free(copy);
    json_t *req = json_pack("{s:o, s:s, s:I, s:s}", "ports", port_list,
                            "direction", direction, "snaplen",
                            (json_int_t) snaplen, "filter", filter);
    if (bridge) {
        json_object_set_new(req, "bridge", json_string(bridge));
    }
    char *text = json_dumps(req, JSON_COMPACT);
    if (send(fd, text, strlen(text), MSG_NOSIGNAL) < 0) {
        fatal("cannot send the capture request");
    }
    free(text);
    json_decref(req);

    uint8_t *buf = xmalloc(BUF_SIZE + 1);
    ssize_t n = recv(fd, buf, BUF_SIZE, 0);
    if (n <= 0) {
        fatal("sluice-switchd closed the capture connection");
    }
    buf[n] = '\0';
    json_t *reply = json_loads((char *) buf, 0, NULL);
    const char *error = json_string_value(json_object_get(reply, "error"));
    if (!reply || error) {
        char *m = xasprintf("%s", error ? error : "malformed reply");
        fatal(m);
    }
    json_t *rports = json_object_get(reply, "ports");
    size_t n_ports = json_array_size(rports);
    const char **names = xcalloc(n_ports + 1, sizeof *names);
    for (size_t i = 0; i < n_ports; i++) {
        names[i] = json_string_value(json_array_get(rports, i));
    }

    /* Where frames go. */
    FILE *out;
    pid_t child = -1;
    if (wfile && !strcmp(wfile, "-")) {
        out = stdout;
    } else if (wfile) {
        out = fopen(wfile, "wb");
        if (!out) {
            char *m = xasprintf("cannot open %s (%s)", wfile,
                                strerror(errno));
            fatal(m);
        }
    } else {
        int pfd[2];
        if (pipe(pfd) < 0) {
            fatal("cannot create a pipe");
        }
        child = fork();
        if (child < 0) {
            fatal("cannot fork");
        }
        if (!child) {
            char **args = xcalloc(n_td + 4, sizeof *args);
            size_t k = 0;
            args[k++] = "tcpdump";
            args[k++] = "-r";
            args[k++] = "-";
            for (size_t i = 0; i < n_td; i++) {
                args[k++] = td_args[i];
            }
            dup2(pfd[0], 0);
            close(pfd[0]);
            close(pfd[1]);
            close(fd);
            signal(SIGINT, SIG_IGN);
            execvp("tcpdump", args);
            fprintf(stderr, "sluice-tcpdump: cannot run tcpdump (%s)\n",
                    strerror(errno));
            _exit(127);
        }
        close(pfd[0]);
        out = fdopen(pfd[1], "wb");
        fprintf(stderr, "sluice-tcpdump: capturing on %s\n", ports);
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    bool ok = !pcapng_write_header(out, names, n_ports, snaplen,
                                   PCAPNG_LINKTYPE_ETHERNET);
    fflush(out);
    long packets = 0;
    uint32_t dropped = 0;
    while (ok && !stop_signal && (count < 0 || packets < count)) {
        n = recv(fd, buf, BUF_SIZE, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (fflush(out)) {
                break;
            }
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            poll(&pfd, 1, -1);
            continue;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n <= 0) {
            break;
        }
        struct capture_record_hdr hdr;
        if ((size_t) n < sizeof hdr) {
            continue;
        }
        memcpy(&hdr, buf, sizeof hdr);
        dropped = hdr.dropped;
        ok = !pcapng_write_packet(out, hdr.port_idx, hdr.ts_ns,
                                  buf + sizeof hdr, n - sizeof hdr,
                                  hdr.orig_len,
                                  hdr.direction == CAPTURE_DIR_IN
                                  ? PCAPNG_DIR_INBOUND
                                  : PCAPNG_DIR_OUTBOUND);
        packets++;
    }
    close(fd);
    fflush(out);
    if (out != stdout) {
        fclose(out);
    }
    int status = 0;
    if (child > 0) {
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
            continue;
        }
    }
    fprintf(stderr, "%ld packets captured\n%u packets dropped by "
            "sluice-switchd\n", packets, dropped);
    json_decref(reply);
    free(names);
    free(buf);
    free(filter);
    free(td_args);
    return child > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 0;
}
