/* sluice-dbserver: the OVSDB (RFC 7047) server for Sluice's configuration
 * database.  Owns $RUNDIR/db.sock and the SQLite file; see
 * dbserver/server.h for the protocol side and dbserver/store.h for the
 * file. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "dbserver/database.h"
#include "dbserver/schema.h"
#include "dbserver/server.h"
#include "dbserver/store.h"
#include "lib/log.h"
#include "lib/ovsdb-data.h"
#include "lib/util.h"

VLOG_DEFINE_THIS_MODULE(dbserver);

#define DEFAULT_DB_FILE "/var/lib/sluice/conf.db"

struct options {
    const char *rundir;
    const char *db_file;
    const char *log_file;
    const char *pidfile;
};

static void
usage(void)
{
    printf("sluice-dbserver: Sluice configuration database server "
           "(OVSDB, RFC 7047)\n"
           "usage: sluice-dbserver [OPTIONS]\n"
           "\n"
           "Serves the Open_vSwitch database on RUNDIR/db.sock and keeps "
           "it in a\nSQLite file.\n"
           "\n"
           "Options:\n"
           "  --rundir=DIR      run directory (default: $SLUICE_RUNDIR or "
           "/run/sluice)\n"
           "  --db-file=FILE    SQLite file (default: $SLUICE_DB or "
           DEFAULT_DB_FILE ")\n"
           "  --log-file=FILE   also append log messages to FILE\n"
           "  --pidfile=FILE    write the process id to FILE (default: "
           "RUNDIR/dbserver.pid)\n"
           "  -v, --verbose=SPEC  set log levels, e.g. \"dbg\" or "
           "\"store:dbg\"\n"
           "  -h, --help        show this help and exit\n"
           "  -V, --version     show the version and exit\n");
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
    enum { OPT_RUNDIR = 256, OPT_DB_FILE, OPT_LOG_FILE, OPT_PIDFILE };
    static const struct option long_options[] = {
        { "rundir", required_argument, NULL, OPT_RUNDIR },
        { "db-file", required_argument, NULL, OPT_DB_FILE },
        { "log-file", required_argument, NULL, OPT_LOG_FILE },
        { "pidfile", required_argument, NULL, OPT_PIDFILE },
        { "verbose", optional_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "v::hV", long_options, NULL))
           != -1) {
        switch (c) {
        case OPT_RUNDIR:
            opts->rundir = optarg;
            break;
        case OPT_DB_FILE:
            opts->db_file = optarg;
            break;
        case OPT_LOG_FILE:
            opts->log_file = optarg;
            break;
        case OPT_PIDFILE:
            opts->pidfile = optarg;
            break;
        case 'v': {
            char *error = vlog_set_levels(optarg ? optarg : "dbg");
            if (error) {
                fprintf(stderr, "sluice-dbserver: %s\n", error);
                exit(EXIT_FAILURE);
            }
            break;
        }
        case 'h':
            usage();
            exit(EXIT_SUCCESS);
        case 'V':
            printf("sluice-dbserver (Sluice) %s\n", PACKAGE_VERSION);
            exit(EXIT_SUCCESS);
        default:
            fprintf(stderr, "Try 'sluice-dbserver --help' for more "
                    "information.\n");
            exit(EXIT_FAILURE);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sluice-dbserver: unexpected argument \"%s\"; "
                "try --help\n", argv[optind]);
        exit(EXIT_FAILURE);
    }
}

static int
write_pidfile(const char *path)
{
    char *tmp = xasprintf("%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int error = 0;
    if (!f) {
        error = errno;
    } else {
        fprintf(f, "%ld\n", (long) getpid());
        if (fclose(f) || rename(tmp, path)) {
            error = errno;
        }
    }
    if (error) {
        unlink(tmp);
    }
    free(tmp);
    return error;
}

static void
signal_cb(evutil_socket_t sig, short events, void *base)
{
    VLOG_INFO("%s: exiting", strsignal(sig));
    event_base_loopbreak(base);
}

int
main(int argc, char *argv[])
{
    struct options opts = { .db_file = getenv("SLUICE_DB") };
    vlog_set_program_name("sluice-dbserver");
    parse_options(argc, argv, &opts);

    /* Nothing we create (socket, database, WAL, log) is for others to
     * write; the database may be read by the group. */
    umask(027);
    signal(SIGPIPE, SIG_IGN);

    if (opts.log_file) {
        int error = vlog_set_file(opts.log_file);
        if (error) {
            fprintf(stderr, "sluice-dbserver: %s: cannot open log file: "
                    "%s\n", opts.log_file, strerror(error));
            return EXIT_FAILURE;
        }
    }
    const char *rundir = sluice_rundir(opts.rundir);
    const char *db_file = (opts.db_file && *opts.db_file ? opts.db_file
                           : DEFAULT_DB_FILE);
    if (mkdir(rundir, 0755) && errno != EEXIST) {
        VLOG_ERR("%s: cannot create run directory: %s", rundir,
                 strerror(errno));
        return EXIT_FAILURE;
    }

    json_error_t jerr;
    json_t *schema_json = json_loads(dbserver_schema_text, 0, &jerr);
    struct ovsdb_schema *schema = NULL;
    struct ovsdb_error *serror = (schema_json
                                  ? ovsdb_schema_from_json(schema_json,
                                                           &schema)
                                  : ovsdb_error_create("syntax error", "%s",
                                                       jerr.text));
    json_decref(schema_json);
    if (serror) {
        char *s = ovsdb_error_to_string(serror);
        VLOG_ERR("built-in schema is invalid: %s", s);
        free(s);
        ovsdb_error_destroy(serror);
        return EXIT_FAILURE;
    }

    struct store *store;
    struct db *db;
    char *error_msg;
    if (store_open(db_file, schema, &store, &db, &error_msg)) {
        VLOG_ERR("%s", error_msg);
        free(error_msg);
        return EXIT_FAILURE;
    }

    struct event_base *base = event_base_new();
    char *sock_path = xasprintf("%s/db.sock", rundir);
    struct server *server;
    int error = server_create(base, db, store, sock_path, &server);
    if (error) {
        VLOG_ERR("%s: cannot listen: %s", sock_path, strerror(error));
        return EXIT_FAILURE;
    }

    char *pidfile = (opts.pidfile ? xstrdup(opts.pidfile)
                     : xasprintf("%s/dbserver.pid", rundir));
    error = write_pidfile(pidfile);
    if (error) {
        VLOG_ERR("%s: cannot write pidfile: %s", pidfile, strerror(error));
        server_destroy(server);
        return EXIT_FAILURE;
    }

    struct event *sigterm = evsignal_new(base, SIGTERM, signal_cb, base);
    struct event *sigint = evsignal_new(base, SIGINT, signal_cb, base);
    event_add(sigterm, NULL);
    event_add(sigint, NULL);

    VLOG_INFO("serving database %s version %s from %s on %s",
              db->schema->name, db->schema->version, db_file, sock_path);
    event_base_dispatch(base);

    server_destroy(server);
    unlink(pidfile);
    event_free(sigterm);
    event_free(sigint);
    event_base_free(base);
    store_close(store);
    db_destroy(db);
    free(pidfile);
    free(sock_path);
    return EXIT_SUCCESS;
}
