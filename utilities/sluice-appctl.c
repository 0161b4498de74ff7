/* sluice-appctl: sends one run-time command to a Sluice daemon over its
 * unixctl socket (normally $RUNDIR/switchd.ctl) and prints the reply.
 *
 * Exit status: 0 on success; 1 if the daemon cannot be reached or the
 * command line is wrong; 2 if the daemon ran the command and reported an
 * error (printed on stderr). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/jsonrpc.h"
#include "lib/unixctl.h"
#include "lib/util.h"

static void
usage(void)
{
    printf("\
sluice-appctl: send a run-time command to a Sluice daemon\n\
usage: sluice-appctl [OPTIONS] COMMAND [ARG...]\n\
\n\
Options:\n\
  --rundir DIR          run directory (default: $SLUICE_RUNDIR or\n\
                        /run/sluice)\n\
  -t, --target TARGET   daemon to talk to: a name (\"switchd\", meaning\n\
                        DIR/switchd.ctl) or a socket path (default:\n\
                        switchd)\n\
  -T, --timeout SECS    give up after SECS seconds (default: 30)\n\
  -f, --format FORMAT   output format: text (default) or json\n\
  -h, --help            print this help and exit\n\
  -V, --version         print the version and exit\n\
\n\
Common commands of sluice-switchd (run \"list-commands\" for all):\n\
  fdb/show BRIDGE       MAC learning table: port, VLAN, MAC, age\n\
  fdb/flush [BRIDGE]    forget learned MACs (of every bridge if none)\n\
  dpif/show             bridges, ports, ofports, types and counters\n\
  vlog/list             log levels of each module\n\
  vlog/set MODULE:LEVEL change a log level (LEVEL: off err warn info dbg)\n\
  exit                  stop the daemon\n\
\n\
JSON output (--format json), stable keys:\n\
  fdb/show:  [{\"ofport\": N, \"port\": NAME, \"vlan\": N, \"mac\": MAC,\n\
              \"age\": SECS}, ...]\n\
  dpif/show: [{\"bridge\": NAME, \"ports\": [{\"name\": NAME,\n\
              \"ofport\": N, \"type\": TYPE, \"rx_packets\": N,\n\
              \"rx_bytes\": N, \"rx_dropped\": N, \"rx_errors\": N,\n\
              \"tx_packets\": N, \"tx_bytes\": N, \"tx_dropped\": N,\n\
              \"tx_errors\": N}, ...]}, ...]\n\
  vlog/list: {MODULE: LEVEL, ...}\n\
  list-commands: [{\"command\": NAME, \"usage\": TEXT}, ...]\n\
Commands without a listing (fdb/flush, vlog/set, exit) print the same in\n\
both formats.  On the wire the option travels as the first param,\n\
\"--format=json\" (see lib/unixctl.h).\n");
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "rundir", required_argument, NULL, 'r' },
        { "target", required_argument, NULL, 't' },
        { "timeout", required_argument, NULL, 'T' },
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *rundir = NULL;
    const char *target = "switchd";
    int timeout_ms = 30000;
    bool json_format = false;

    for (;;) {
        int c = getopt_long(argc, argv, "+t:T:f:hV", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'r':
            rundir = optarg;
            break;
        case 't':
            target = optarg;
            break;
        case 'T': {
            char *end;
            double secs = strtod(optarg, &end);
            if (*end || secs <= 0) {
                fprintf(stderr, "sluice-appctl: invalid --timeout \"%s\" "
                        "(expected a positive number of seconds)\n", optarg);
                return 1;
            }
            timeout_ms = (int) (secs * 1000);
            break;
        }
        case 'f':
            if (!strcmp(optarg, "json")) {
                json_format = true;
            } else if (!strcmp(optarg, "text")) {
                json_format = false;
            } else {
                fprintf(stderr, "sluice-appctl: unknown --format \"%s\" "
                        "(expected text or json)\n", optarg);
                return 1;
            }
            break;
        case 'h':
            usage();
            return 0;
        case 'V':
            printf("sluice-appctl (Sluice) %s\n", PACKAGE_VERSION);
            return 0;
        default:
            fprintf(stderr, "Try \"sluice-appctl --help\" for usage.\n");
            return 1;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "sluice-appctl: missing command name; use --help "
                "for usage\n");
        return 1;
    }

    char *path = strchr(target, '/')
                 ? xstrdup(target)
                 : xasprintf("%s/%s.ctl", sluice_rundir(rundir), target);
    struct jsonrpc_client *client;
    int error = jsonrpc_client_open(path, &client);
    if (error) {
        fprintf(stderr, "sluice-appctl: cannot connect to %s (%s); is "
                "sluice-%s running?\n", path, strerror(error),
                strchr(target, '/') ? "switchd" : target);
        free(path);
        return 1;
    }

    json_t *params = json_array();
    if (json_format) {
        json_array_append_new(params,
                              json_string(UNIXCTL_FORMAT_JSON_OPTION));
    }
    for (int i = optind + 1; i < argc; i++) {
        json_array_append_new(params, json_string(argv[i]));
    }

    json_t *reply;
    error = jsonrpc_client_transact(client, argv[optind], params,
                                    timeout_ms, &reply);
    jsonrpc_client_close(client);
    if (error) {
        fprintf(stderr, "sluice-appctl: %s: %s\n", path,
                error == ETIMEDOUT ? "timed out waiting for a reply"
                : error == EOF ? "connection closed before the reply"
                : strerror(error));
        free(path);
        return 1;
    }
    free(path);

    json_t *err = json_object_get(reply, "error");
    json_t *result = json_object_get(reply, "result");
    int status = 0;
    if (err && !json_is_null(err)) {
        const char *s = json_string_value(err);
        char *dump = s ? NULL : json_dumps(err, JSON_COMPACT);
        fprintf(stderr, "%s\n", s ? s : dump);
        if (s && !*s) {
            fprintf(stderr, "sluice-appctl: command failed\n");
        }
        free(dump);
        status = 2;
    } else if (json_is_string(result)) {
        const char *s = json_string_value(result);
        size_t len = strlen(s);
        fputs(s, stdout);
        if (len && s[len - 1] != '\n') {
            putchar('\n');
        }
    } else if (result && !json_is_null(result)) {
        char *dump = json_dumps(result, JSON_COMPACT | JSON_ENCODE_ANY);
        puts(dump);
        free(dump);
    }
    json_decref(reply);
    return status;
}
