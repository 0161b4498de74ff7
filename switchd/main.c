/* sluice-switchd: the switch daemon.
 *
 * The main thread is the control thread: it runs one libevent loop with
 * the db client (switchd/db-client.h), the bridge reconciler
 * (switchd/bridge.h), the unixctl server ($RUNDIR/switchd.ctl) and their
 * timers.  Packets are forwarded by the datapath's own thread inside the
 * dpif (datapath/dpif.h).
 *
 * SIGTERM and SIGINT (and the unixctl command "exit") stop the daemon
 * cleanly: the control socket and pidfile are removed, and tap and
 * internal devices of configured ports stay, so that a restart does not
 * disturb guests. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <jansson.h>

#include "datapath/dpif.h"
#include "lib/log.h"
#include "lib/unixctl.h"
#include "lib/util.h"
#include "switchd/bridge.h"
#include "switchd/ofproto-trace.h"
#include "switchd/db-client.h"

VLOG_DEFINE_THIS_MODULE(switchd);

struct options {
    const char *rundir;
    char *db_path;
    const char *log_file;
    char *pidfile;
};

static void
usage(void)
{
    printf("\
sluice-switchd: the Sluice switch daemon\n\
usage: sluice-switchd [OPTIONS]\n\
\n\
Options:\n\
  --rundir DIR       run directory (default: $SLUICE_RUNDIR or /run/sluice);\n\
                     the control socket is DIR/switchd.ctl\n\
  --db unix:PATH     configuration database (default: unix:DIR/db.sock)\n\
  --log-file FILE    also log to FILE\n\
  --pidfile FILE     write the process id to FILE (default:\n\
                     DIR/switchd.pid)\n\
  -h, --help         print this help and exit\n\
  -V, --version      print the version and exit\n\
\n\
Run-time commands: sluice-appctl list-commands\n");
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
    static const struct option long_options[] = {
        { "rundir", required_argument, NULL, 'r' },
        { "db", required_argument, NULL, 'd' },
        { "log-file", required_argument, NULL, 'l' },
        { "pidfile", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = NULL;
    const char *pidfile = NULL;

    memset(opts, 0, sizeof *opts);
    for (;;) {
        int c = getopt_long(argc, argv, "hV", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'r':
            opts->rundir = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'l':
            opts->log_file = optarg;
            break;
        case 'p':
            pidfile = optarg;
            break;
        case 'h':
            usage();
            exit(0);
        case 'V':
            printf("sluice-switchd (Sluice) %s\n", PACKAGE_VERSION);
            exit(0);
        default:
            fprintf(stderr, "Try \"sluice-switchd --help\" for usage.\n");
            exit(1);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sluice-switchd: unexpected argument \"%s\"\n",
                argv[optind]);
        exit(1);
    }

    const char *rundir = sluice_rundir(opts->rundir);
    if (!db) {
        opts->db_path = xasprintf("%s/db.sock", rundir);
    } else if (!strncmp(db, "unix:", 5)) {
        opts->db_path = xstrdup(db + 5);
    } else {
        fprintf(stderr, "sluice-switchd: unsupported --db \"%s\" (expected "
                "unix:PATH)\n", db);
        exit(1);
    }
    opts->pidfile = pidfile ? xstrdup(pidfile)
                            : xasprintf("%s/switchd.pid", rundir);
}

/* Writes our pid to 'path' and holds a lock on it for the life of the
 * process, so that a second instance with the same pidfile refuses to
 * start while this one runs (a killed process's lock goes away with it,
 * even while it is an unreaped zombie).  Returns 0 or an errno value. */
static int
write_pidfile(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        int error = errno;
        fprintf(stderr, "sluice-switchd: cannot open %s (%s)\n", path,
                strerror(error));
        return error;
    }
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    if (fcntl(fd, F_SETLK, &lock) < 0) {
        int error = errno;
        char buf[32] = "";
        ssize_t n = read(fd, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        fprintf(stderr, "sluice-switchd: already running as pid %s "
                "(pidfile %s is locked)\n", *buf ? buf : "?", path);
        close(fd);
        return error == EACCES || error == EAGAIN ? EEXIST : error;
    }
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld\n", (long) getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, len) != len) {
        int error = errno ? errno : EIO;
        fprintf(stderr, "sluice-switchd: cannot write %s (%s)\n", path,
                strerror(error));
        close(fd);
        return error;
    }
    /* 'fd' stays open (and locked) until the process exits. */
    return 0;
}

/* unixctl commands of the daemon itself. */

static void
exit_cb(struct unixctl_conn *conn, int argc, const char *argv[], void *base_)
{
    struct event_base *base = base_;
    /* Let the reply reach the client before the loop stops. */
    struct timeval tv = { 0, 100 * 1000 };
    VLOG_INFO("exiting at the request of a unixctl client");
    unixctl_command_reply(conn, NULL);
    event_base_loopexit(base, &tv);
}

static void
vlog_list_text_cb(const char *name, enum vlog_level level, void *text_)
{
    char **text = text_;
    char *s = xasprintf("%s%-20s %s\n", *text, name,
                        vlog_level_to_string(level));
    free(*text);
    *text = s;
}

static void
vlog_list_json_cb(const char *name, enum vlog_level level, void *obj)
{
    json_object_set_new(obj, name, json_string(vlog_level_to_string(level)));
}

static void
vlog_list_cb(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux)
{
    if (unixctl_conn_wants_json(conn)) {
        json_t *obj = json_object();
        vlog_for_each(vlog_list_json_cb, obj);
        char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
        unixctl_command_reply(conn, s);
        free(s);
        json_decref(obj);
    } else {
        char *text = xasprintf("%-20s %s\n%-20s %s\n", "module", "level",
                               "------", "-----");
        vlog_for_each(vlog_list_text_cb, &text);
        unixctl_command_reply(conn, text);
        free(text);
    }
}

static void
vlog_set_cb(struct unixctl_conn *conn, int argc, const char *argv[],
            void *aux)
{
    for (int i = 1; i < argc; i++) {
        char *error = vlog_set_levels(argv[i]);
        if (error) {
            unixctl_command_reply_error(conn, error);
            free(error);
            return;
        }
    }
    unixctl_command_reply(conn, NULL);
}

static void
signal_cb(evutil_socket_t sig, short events, void *base_)
{
    VLOG_INFO("caught signal %d, exiting", (int) sig);
    event_base_loopbreak(base_);
}

int
main(int argc, char *argv[])
{
    struct options opts;
    parse_options(argc, argv, &opts);
    vlog_set_program_name("sluice-switchd");
    signal(SIGPIPE, SIG_IGN);

    const char *rundir = sluice_rundir(opts.rundir);
    if (mkdir(rundir, 0755) < 0 && errno != EEXIST) {
        fprintf(stderr, "sluice-switchd: cannot create %s (%s)\n", rundir,
                strerror(errno));
        return 1;
    }
    if (opts.log_file) {
        int error = vlog_set_file(opts.log_file);
        if (error) {
            fprintf(stderr, "sluice-switchd: cannot open log file %s (%s)\n",
                    opts.log_file, strerror(error));
            return 1;
        }
    }
    if (write_pidfile(opts.pidfile)) {
        return 1;
    }

    evthread_use_pthreads();
    struct event_base *base = event_base_new();
    if (!base) {
        fprintf(stderr, "sluice-switchd: cannot create event loop\n");
        unlink(opts.pidfile);
        return 1;
    }

    struct dpif *dpif;
    int error = dpif_create(&dpif);
    if (error) {
        VLOG_ERR("cannot create the datapath (%s)", strerror(error));
        unlink(opts.pidfile);
        return 1;
    }

    unixctl_command_register("exit", "", 0, 0, exit_cb, base);
    unixctl_command_register("vlog/list", "", 0, 0, vlog_list_cb, NULL);
    unixctl_command_register("vlog/set", "MODULE:LEVEL...", 1, 16,
                             vlog_set_cb, NULL);
    struct bridges *bridges = bridges_create(base, dpif);
    bridges_set_rundir(bridges, rundir);
    ofproto_trace_register(dpif);

    char *ctl_path = xasprintf("%s/switchd.ctl", rundir);
    struct unixctl_server *unixctl;
    error = unixctl_server_create(base, ctl_path, &unixctl);
    if (error) {
        VLOG_ERR("cannot listen on %s (%s)", ctl_path, strerror(error));
        bridges_destroy(bridges);
        dpif_destroy(dpif, true);
        unlink(opts.pidfile);
        return 1;
    }

    struct db_client *db = db_client_create(base, opts.db_path,
                                            bridges_db_changed, bridges);
    bridges_set_db(bridges, db);

    struct event *sigterm = evsignal_new(base, SIGTERM, signal_cb, base);
    struct event *sigint = evsignal_new(base, SIGINT, signal_cb, base);
    event_add(sigterm, NULL);
    event_add(sigint, NULL);

    VLOG_INFO("sluice-switchd %s started; control socket %s, database %s",
              PACKAGE_VERSION, ctl_path, opts.db_path);
    event_base_dispatch(base);

    unixctl_server_destroy(unixctl);
    db_client_destroy(db);
    bridges_destroy(bridges);
    dpif_destroy(dpif, true);
    event_free(sigterm);
    event_free(sigint);
    event_base_free(base);
    unlink(opts.pidfile);
    VLOG_INFO("exited");

    free(ctl_path);
    free(opts.db_path);
    free(opts.pidfile);
    return 0;
}
