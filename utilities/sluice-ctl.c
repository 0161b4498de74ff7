/* sluice-ctl: configures Sluice through sluice-dbserver, as ovs-vsctl
 * configures Open vSwitch.  This file holds main(): options, splitting the
 * command line into commands, running them as one transaction, and waiting
 * for sluice-switchd to apply the result. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/util.h"
#include "utilities/ctl-commands.h"
#include "utilities/ctl-db.h"

/* Exit codes. */
enum {
    CTL_EXIT_OK = 0,
    CTL_EXIT_ERROR = 1,
    CTL_EXIT_FALSE = 2,         /* "br-exists" of a missing bridge. */
    CTL_EXIT_TIMEOUT = 3,       /* sluice-switchd did not apply in time. */
};

#define CTL_DEFAULT_TIMEOUT 30

struct ctl_options {
    enum ctl_format format;
    int timeout;                /* Seconds, 0 for no limit. */
    const char *db;             /* --db, or NULL. */
    const char *rundir;         /* --rundir, or NULL. */
    bool no_wait;
};

/* One command of the command line. */
struct ctl_command {
    const struct ctl_command_def *def;
    int argc;
    char **argv;                /* Arguments after the command name
                                 * (owned array, borrowed strings). */
    bool may_exist;
    bool if_exists;
    char *output;               /* Its output, once run. */
    size_t output_len;
};

static void SLUICE_PRINTF(1, 2) SLUICE_NORETURN
ctl_fatal(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("sluice-ctl: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(CTL_EXIT_ERROR);
}

static void
ctl_usage(void)
{
    printf("\
sluice-ctl: configure Sluice through sluice-dbserver\n\
usage: sluice-ctl [OPTIONS] COMMAND [ARG...] [-- [OPTIONS] COMMAND ...]\n\
\n\
Commands separated by \"--\" run in one transaction: all or none.\n\
\n\
Commands:\n");
    ctl_command_print_usage(stdout);
    printf("\
\n\
Records are named by UUID, or by name (Bridge, Port, Interface, Mirror),\n\
\".\" (Open_vSwitch, SSL), or bridge name (its Controller).  Table names\n\
may be abbreviated to a unique prefix, in any case.  add-port accepts\n\
Port and Interface columns: type=system|internal|tap, tag=N,\n\
trunks=N,M (or [N,M]), vlan_mode=access|trunk|native-tagged|\n\
native-untagged, ofport_request=N, options:KEY=VALUE, ...  VLAN IDs\n\
(tag, trunks, Mirror VLANs) must be 1 to 4094.\n\
\n\
Options:\n\
  --may-exist          add-br/add-port: no error if it already exists\n\
  --if-exists          del-br/del-port/generic commands: no error if the\n\
                       record (or map key) does not exist\n\
  --format table|json  output form of list, get, list-br, list-ports,\n\
                       port-to-br, show (default: table)\n\
  --timeout SECS       give up after SECS seconds (default %d, 0: never)\n\
  --db unix:PATH|PATH  database socket (default: RUNDIR/db.sock)\n\
  --rundir DIR         run directory (default: $SLUICE_RUNDIR or\n\
                       /run/sluice)\n\
  --no-wait            do not wait for sluice-switchd to apply changes\n\
  -h, --help           show this help and exit\n\
  --version            show the version and exit\n\
\n\
Waiting: a change increments Open_vSwitch next_cfg and sluice-ctl waits\n\
until sluice-switchd sets cur_cfg to it, then checks the error column of\n\
each interface it added or changed; if one is set it prints it, undoes\n\
the change in a second transaction and exits 1.  If sluice-switchd is not\n\
running (RUNDIR/switchd.ctl missing or refusing connections), sluice-ctl\n\
says so on stderr and exits 0: the change is stored and applies when\n\
sluice-switchd starts.  --no-wait skips waiting silently.\n\
\n\
JSON output (--format json), one document per command:\n\
  list-br     {\"bridges\": [NAME...]}\n\
  list-ports  {\"bridge\": NAME, \"ports\": [NAME...]}\n\
  port-to-br  {\"port\": NAME, \"bridge\": NAME}\n\
  list        {\"table\": TABLE, \"records\": [{\"_uuid\": UUID,\n\
              COLUMN: VALUE...}...]}\n\
  get         {ARGUMENT: VALUE...}, keyed by each COLUMN[:KEY] as given\n\
  get-controller {\"bridge\": NAME, \"controllers\": [TARGET...]}\n\
  get-fail-mode  {\"bridge\": NAME, \"fail_mode\": MODE or null}\n\
  get-ssl     {\"ssl\": {\"private_key\", \"certificate\", \"ca_cert\",\n\
              \"bootstrap_ca_cert\"} or null}\n\
  show        {\"uuid\": UUID, \"bridges\": [{\"name\", \"controllers\":\n\
              [{\"target\", \"is_connected\", \"role\"}], \"fail_mode\",\n\
              \"ports\": [{\"name\", \"tag\", \"trunks\", \"vlan_mode\",\n\
              \"interfaces\": [{\"name\", \"type\", \"options\",\n\
              \"ofport_request\", \"ofport\", \"error\"}]}]}]}\n\
  A VALUE is a JSON scalar for single-valued columns (null when empty),\n\
  an array for sets, an object for maps; UUIDs are strings.\n\
\n\
Exit status: 0 success; 1 error (bad input, unknown record, rejected\n\
transaction, database unreachable, sluice-switchd reported an error);\n\
2 br-exists: no such bridge; 3 sluice-switchd did not apply the change\n\
within --timeout (the change stays stored).\n", CTL_DEFAULT_TIMEOUT);
}

/* Handles the option 'argv[*ip]' (advancing '*ip' past its value, if any)
 * that may appear before a command.  Per-command options go to 'cmd'.
 * Returns false if 'argv[*ip]' is not an option. */
static bool
ctl_parse_option(int argc, char *argv[], int *ip, struct ctl_options *opts,
                 struct ctl_command *cmd)
{
    static const char *const with_value[] = {
        "--format", "--timeout", "--db", "--rundir",
    };
    const char *arg = argv[*ip];
    const char *value = NULL;

    if (arg[0] != '-' || !strcmp(arg, "--")) {
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(with_value); i++) {
        size_t len = strlen(with_value[i]);
        if (!strncmp(arg, with_value[i], len)
            && (arg[len] == '=' || arg[len] == '\0')) {
            if (arg[len] == '=') {
                value = arg + len + 1;
            } else if (*ip + 1 < argc) {
                value = argv[++*ip];
            } else {
                ctl_fatal("option %s requires a value (see --help)", arg);
            }
            arg = with_value[i];
            break;
        }
    }

    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
        ctl_usage();
        exit(CTL_EXIT_OK);
    } else if (!strcmp(arg, "--version")) {
        printf("sluice-ctl (Sluice) %s\n", PACKAGE_VERSION);
        exit(CTL_EXIT_OK);
    } else if (!strcmp(arg, "--may-exist")) {
        cmd->may_exist = true;
    } else if (!strcmp(arg, "--if-exists")) {
        cmd->if_exists = true;
    } else if (!strcmp(arg, "--no-wait")) {
        opts->no_wait = true;
    } else if (!strcmp(arg, "--format")) {
        if (!strcmp(value, "table")) {
            opts->format = CTL_FORMAT_TABLE;
        } else if (!strcmp(value, "json")) {
            opts->format = CTL_FORMAT_JSON;
        } else {
            ctl_fatal("--format: \"%s\" is not one of table, json", value);
        }
    } else if (!strcmp(arg, "--timeout")) {
        char *end;
        long secs = strtol(value, &end, 10);
        if (!*value || *end || secs < 0 || secs > INT_MAX / 1000) {
            ctl_fatal("--timeout: \"%s\" is not a number of seconds", value);
        }
        opts->timeout = secs;
    } else if (!strcmp(arg, "--db")) {
        opts->db = value;
    } else if (!strcmp(arg, "--rundir")) {
        opts->rundir = value;
    } else {
        ctl_fatal("unknown option \"%s\" (see --help)", arg);
    }
    return true;
}

/* Splits the command line into commands.  Returns the commands and their
 * number in '*np'; exits on a usage error. */
static struct ctl_command *
ctl_parse_command_line(int argc, char *argv[], struct ctl_options *opts,
                       size_t *np)
{
    struct ctl_command *cmds = NULL;
    size_t n = 0;
    int i = 1;

    while (i < argc) {
        struct ctl_command cmd = { .def = NULL };
        while (i < argc && ctl_parse_option(argc, argv, &i, opts, &cmd)) {
            i++;
        }
        if (i >= argc || !strcmp(argv[i], "--")) {
            if (i < argc && !n && !cmd.may_exist && !cmd.if_exists) {
                i++;            /* A leading "--" separates nothing. */
                continue;
            }
            ctl_fatal("missing command name (see --help)");
        }

        const char *name = argv[i++];
        cmd.def = ctl_command_find(name);
        if (!cmd.def) {
            ctl_fatal("unknown command \"%s\" (see --help)", name);
        }
        /* Options may also follow the command's arguments, as users
         * type "list-br --format json"; any other word is an argument. */
        cmd.argv = xcalloc(argc, sizeof *cmd.argv);
        cmd.argc = 0;
        while (i < argc && strcmp(argv[i], "--")) {
            if (strncmp(argv[i], "--", 2)
                || !strncmp(argv[i], "--select-", 9)
                || !strncmp(argv[i], "--output-", 9)
                || !ctl_parse_option(argc, argv, &i, opts, &cmd)) {
                cmd.argv[cmd.argc++] = argv[i];
            }
            i++;
        }
        if (cmd.argc < cmd.def->min_args || cmd.argc > cmd.def->max_args) {
            ctl_fatal("\"%s\" takes %s%d argument%s, not %d (usage: %s %s)",
                      name,
                      cmd.def->min_args == cmd.def->max_args ? ""
                      : cmd.argc < cmd.def->min_args ? "at least "
                      : "at most ",
                      cmd.argc < cmd.def->min_args ? cmd.def->min_args
                      : cmd.def->max_args,
                      (cmd.argc < cmd.def->min_args ? cmd.def->min_args
                       : cmd.def->max_args) == 1 ? "" : "s",
                      cmd.argc, name, cmd.def->usage);
        }
        i++;                    /* Skip "--", if any. */

        cmds = xrealloc(cmds, (n + 1) * sizeof *cmds);
        cmds[n++] = cmd;
    }
    if (!n) {
        ctl_fatal("missing command name (see --help)");
    }
    *np = n;
    return cmds;
}

/* Returns true if something accepts connections on 'path'. */
static bool
ctl_socket_listening(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sun.sun_path) {
        return false;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    bool ok = !connect(fd, (struct sockaddr *) &sun, sizeof sun);
    close(fd);
    return ok;
}

/* Runs every command against a fresh copy of the database.  Returns
 * NULL, or an error message (and the commands' outputs are then
 * meaningless). */
static char *
ctl_run_commands(struct ctl_db *db, struct ctl_command *cmds, size_t n,
                 const struct ctl_options *opts, int *exit_codep)
{
    char *msg = ctl_db_fetch(db);
    *exit_codep = CTL_EXIT_OK;
    for (size_t i = 0; i < n && !msg; i++) {
        struct ctl_command *cmd = &cmds[i];
        free(cmd->output);
        cmd->output = NULL;
        struct ctl_context ctx = {
            .db = db,
            .argc = cmd->argc,
            .argv = cmd->argv,
            .may_exist = cmd->may_exist,
            .if_exists = cmd->if_exists,
            .format = opts->format,
            .out = open_memstream(&cmd->output, &cmd->output_len),
        };
        if (!ctx.out) {
            sluice_abort("open_memstream failed");
        }
        msg = cmd->def->run(&ctx);
        fclose(ctx.out);
        if (ctx.exit_code > *exit_codep) {
            *exit_codep = ctx.exit_code;
        }
    }
    return msg;
}

/* Returns the command line as one string, for the transaction's comment. */
static char *
ctl_command_line(int argc, char *argv[])
{
    char *line = xstrdup("sluice-ctl");
    for (int i = 1; i < argc; i++) {
        char *longer = xasprintf("%s %s", line, argv[i]);
        free(line);
        line = longer;
    }
    return line;
}

/* Waits for sluice-switchd to apply next_cfg and checks the interfaces.
 * Returns the exit code. */
static int
ctl_wait_switchd(struct ctl_db *db, int64_t next_cfg,
                 const struct ctl_options *opts, const char *rundir)
{
    char *ctl_path = xasprintf("%s/switchd.ctl", rundir);
    bool running = ctl_socket_listening(ctl_path);
    free(ctl_path);
    if (!running) {
        fprintf(stderr, "sluice-ctl: sluice-switchd is not running; the "
                "change is stored and applies when it starts\n");
        return CTL_EXIT_OK;
    }

    char *msg;
    int error = ctl_db_wait_cfg(db, next_cfg, &msg);
    if (error == ETIMEDOUT) {
        fprintf(stderr, "sluice-ctl: sluice-switchd did not apply the change "
                "within %d seconds (the change is stored in the database; "
                "see the sluice-switchd log)\n", opts->timeout);
        return CTL_EXIT_TIMEOUT;
    } else if (error) {
        fprintf(stderr, "sluice-ctl: %s\n", msg);
        free(msg);
        return CTL_EXIT_ERROR;
    }

    char **errors;
    size_t n_errors;
    msg = ctl_db_read_iface_errors(db, &errors, &n_errors);
    if (msg) {
        fprintf(stderr, "sluice-ctl: %s\n", msg);
        free(msg);
        return CTL_EXIT_ERROR;
    }
    if (!n_errors) {
        return CTL_EXIT_OK;
    }
    for (size_t i = 0; i < n_errors; i++) {
        fprintf(stderr, "sluice-ctl: %s\n", errors[i]);
        free(errors[i]);
    }
    free(errors);

    /* Undo, so that a failed change leaves nothing half-configured, with
     * a fresh time budget since the first one may be nearly spent. */
    ctl_db_prepare_undo(db);
    if (opts->timeout) {
        db->deadline = time_msec() + opts->timeout * 1000LL;
    }
    int64_t undo_cfg;
    switch (ctl_db_commit(db, "sluice-ctl: undo a change that failed",
                          &undo_cfg, &msg)) {
    case CTL_COMMIT_OK:
        if (!ctl_db_wait_cfg(db, undo_cfg, &msg)) {
            break;
        }
        free(msg);
        break;
    case CTL_COMMIT_TRY_AGAIN:
        fprintf(stderr, "sluice-ctl: could not undo the change: the "
                "database changed meanwhile\n");
        break;
    case CTL_COMMIT_ERROR:
        fprintf(stderr, "sluice-ctl: could not undo the change: %s\n", msg);
        free(msg);
        break;
    case CTL_COMMIT_UNCHANGED:
        break;
    }
    return CTL_EXIT_ERROR;
}

int
main(int argc, char *argv[])
{
    struct ctl_options opts = {
        .format = CTL_FORMAT_TABLE,
        .timeout = CTL_DEFAULT_TIMEOUT,
    };
    size_t n_cmds;
    struct ctl_command *cmds = ctl_parse_command_line(argc, argv, &opts,
                                                      &n_cmds);

    const char *rundir = sluice_rundir(opts.rundir);
    char *db_path = (!opts.db ? xasprintf("%s/db.sock", rundir)
                     : !strncmp(opts.db, "unix:", 5) ? xstrdup(opts.db + 5)
                     : xstrdup(opts.db));
    long long deadline = (opts.timeout
                          ? time_msec() + opts.timeout * 1000LL
                          : LLONG_MAX);

    struct ctl_db *db;
    char *msg = ctl_db_open(db_path, deadline, &db);
    if (msg) {
        ctl_fatal("%s", msg);
    }

    char *comment = ctl_command_line(argc, argv);
    enum ctl_commit_result result;
    int64_t next_cfg;
    int exit_code;
    do {
        msg = ctl_run_commands(db, cmds, n_cmds, &opts, &exit_code);
        if (msg) {
            ctl_fatal("%s", msg);
        }
        result = ctl_db_commit(db, comment, &next_cfg, &msg);
        if (result == CTL_COMMIT_ERROR) {
            ctl_fatal("%s", msg);
        }
        if (result == CTL_COMMIT_TRY_AGAIN && time_msec() >= deadline) {
            ctl_fatal("timed out: the database kept changing under us");
        }
    } while (result == CTL_COMMIT_TRY_AGAIN);
    free(comment);

    for (size_t i = 0; i < n_cmds; i++) {
        fwrite(cmds[i].output, 1, cmds[i].output_len, stdout);
        free(cmds[i].output);
        free(cmds[i].argv);
    }
    fflush(stdout);
    free(cmds);

    if (result == CTL_COMMIT_OK && !opts.no_wait) {
        int wait_code = ctl_wait_switchd(db, next_cfg, &opts, rundir);
        if (wait_code) {
            exit_code = wait_code;
        }
    }
    ctl_db_close(db);
    free(db_path);
    return exit_code;
}
