/* ofctl-flows: sluice-ofctl's replace-flows and diff-flows, which compare
 * two flow tables (read from a file in flow syntax or dumped from a
 * switch) flow by flow, keyed on table, priority and match. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofproto/ofp-parse.h"
#include "ofproto/ofp-print.h"
#include "utilities/ofctl.h"

/* One flow of a table, with its comparison key and its printed form. */
struct fte {
    struct ofp_flow_mod fm;     /* As an add would install it. */
    char *key;                  /* "table=N priority=P,MATCH". */
    char *text;                 /* diff-flows form: key, cookie,
                                 * timeouts, actions. */
};

struct fte_table {
    struct fte *ftes;
    size_t n, allocated;
    uint8_t version;
};

/* Formats the key and text of 'f' from its flow_mod. */
static void
fte_format(struct fte *f, uint8_t version)
{
    const struct ofp_flow_mod *fm = &f->fm;
    char *buf;
    size_t len;
    FILE *s = open_memstream(&buf, &len);

    fprintf(s, "table=%"PRIu8" ", fm->table_id);
    ofp_print_match(s, &fm->match, fm->priority);
    fclose(s);
    f->key = buf;

    s = open_memstream(&buf, &len);
    if (fm->table_id) {
        fprintf(s, "table=%"PRIu8" ", fm->table_id);
    }
    ofp_print_match(s, &fm->match, fm->priority);
    if (fm->cookie) {
        fprintf(s, " cookie=0x%"PRIx64, fm->cookie);
    }
    if (fm->idle_timeout) {
        fprintf(s, " idle_timeout=%"PRIu16, fm->idle_timeout);
    }
    if (fm->hard_timeout) {
        fprintf(s, " hard_timeout=%"PRIu16, fm->hard_timeout);
    }
    fputs(" actions=", s);
    ofp_print_instructions(s, &fm->insts, version);
    fclose(s);
    f->text = buf;
}

static struct fte *
fte_table_add(struct fte_table *t)
{
    if (t->n >= t->allocated) {
        t->allocated = t->allocated ? 2 * t->allocated : 64;
        t->ftes = xrealloc(t->ftes, t->allocated * sizeof *t->ftes);
    }
    return &t->ftes[t->n++];
}

static void
fte_table_destroy(struct fte_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        ofpinsts_destroy(&t->ftes[i].fm.insts);
        free(t->ftes[i].key);
        free(t->ftes[i].text);
    }
    free(t->ftes);
}

static int
compare_ftes(const void *a_, const void *b_)
{
    const struct fte *a = a_, *b = b_;

    return strcmp(a->key, b->key);
}

static void
read_flow_file(const char *name, struct fte_table *t)
{
    FILE *file = strcmp(name, "-") ? fopen(name, "r") : stdin;
    char *line = NULL;
    size_t alloc = 0;
    int line_no = 0;

    if (!file) {
        ofctl_fatal("%s: open failed (%s)", name, strerror(errno));
    }
    while (getline(&line, &alloc, file) > 0) {
        char *p = line + strspn(line, " \t\r\n");
        struct fte *f;
        char *error;

        line_no++;
        p[strcspn(p, "\r\n")] = '\0';
        if (!*p || *p == '#') {
            continue;
        }
        f = fte_table_add(t);
        if (ofp_parse_flow_mod(p, OFPFC_ADD, t->version, &f->fm, &error)) {
            ofctl_fatal("%s:%d: %s (in \"%s\")", name, line_no, error, p);
        }
        fte_format(f, t->version);
    }
    free(line);
    if (file != stdin) {
        fclose(file);
    }
}

static void
flow_stats_to_ftes(const struct ofp_header *msg, void *aux)
{
    struct fte_table *t = aux;
    struct ofp_flow_stats *stats;
    size_t n;
    ofperr err = ofp_decode_flow_stats_reply(msg, &stats, &n);

    if (err) {
        ofctl_fatal("cannot decode flow stats (%s)", ofperr_to_string(err));
    }
    for (size_t i = 0; i < n; i++) {
        struct fte *f = fte_table_add(t);
        struct ofp_flow_mod *fm = &f->fm;

        memset(fm, 0, sizeof *fm);
        fm->version = t->version;
        fm->command = OFPFC_ADD;
        fm->match = stats[i].match;
        fm->priority = stats[i].priority;
        fm->table_id = stats[i].table_id;
        fm->cookie = stats[i].cookie;
        fm->new_cookie = UINT64_MAX;
        fm->idle_timeout = stats[i].idle_timeout;
        fm->hard_timeout = stats[i].hard_timeout;
        fm->flags = stats[i].flags;
        fm->buffer_id = OFP_NO_BUFFER;
        fm->out_port = OFPP_ANY;
        fm->out_group = OFPG_ANY;
        ofpinsts_clone(&fm->insts, &stats[i].insts);
        fte_format(f, t->version);
    }
    ofp_flow_stats_free(stats, n);
}

static void
dump_switch_flows(struct ofctl_conn *conn, struct fte_table *t)
{
    struct ofp_flow_stats_request req;
    uint32_t xid = ofctl_conn_next_xid(conn);
    struct ofpbuf buf;
    char *error;

    t->version = ofctl_conn_version(conn);
    if (ofp_parse_flow_stats_request(NULL, false, &req, &error)) {
        ofctl_fatal("%s", error);
    }
    ofpbuf_init(&buf);
    ofp_encode_flow_stats_request(t->version, xid, &req, &buf);
    ofctl_dump(conn, &buf, xid, OFPTYPE_FLOW_STATS_REPLY,
               flow_stats_to_ftes, t);
}

/* Reads 'source', a file if one exists by that name ("-": stdin), else a
 * switch. */
static void
read_flows(const char *source, struct fte_table *t)
{
    t->version = OFP13_VERSION;
    if (!strcmp(source, "-") || access(source, F_OK) == 0) {
        read_flow_file(source, t);
    } else {
        struct ofctl_conn *conn = ofctl_open(source);

        dump_switch_flows(conn, t);
        ofctl_conn_close(conn);
    }
    qsort(t->ftes, t->n, sizeof *t->ftes, compare_ftes);
}

void
ofctl_cmd_diff_flows(int argc, char *argv[])
{
    struct fte_table a = { NULL, 0, 0, 0 }, b = { NULL, 0, 0, 0 };
    bool differ = false;
    size_t i = 0, j = 0;

    (void) argc;
    read_flows(argv[1], &a);
    read_flows(argv[2], &b);
    while (i < a.n || j < b.n) {
        int cmp = i >= a.n ? 1 : j >= b.n ? -1
                  : strcmp(a.ftes[i].key, b.ftes[j].key);

        if (cmp < 0) {
            printf("-%s\n", a.ftes[i++].text);
            differ = true;
        } else if (cmp > 0) {
            printf("+%s\n", b.ftes[j++].text);
            differ = true;
        } else {
            if (strcmp(a.ftes[i].text, b.ftes[j].text)) {
                printf("-%s\n+%s\n", a.ftes[i].text, b.ftes[j].text);
                differ = true;
            }
            i++;
            j++;
        }
    }
    fte_table_destroy(&a);
    fte_table_destroy(&b);
    fflush(stdout);
    exit(differ ? 2 : 0);
}

void
ofctl_cmd_replace_flows(int argc, char *argv[])
{
    struct fte_table want = { NULL, 0, 0, 0 }, have = { NULL, 0, 0, 0 };
    struct ofctl_conn *conn = ofctl_open(argv[1]);
    struct ofpbuf batch;
    size_t i = 0, j = 0;

    (void) argc;
    dump_switch_flows(conn, &have);
    want.version = have.version;
    read_flow_file(argv[2], &want);
    qsort(have.ftes, have.n, sizeof *have.ftes, compare_ftes);
    qsort(want.ftes, want.n, sizeof *want.ftes, compare_ftes);

    ofpbuf_init(&batch);
    while (i < have.n || j < want.n) {
        int cmp = i >= have.n ? 1 : j >= want.n ? -1
                  : strcmp(have.ftes[i].key, want.ftes[j].key);

        if (cmp < 0) {
            struct ofp_flow_mod fm = have.ftes[i++].fm;

            fm.command = OFPFC_DELETE_STRICT;
            ofpinsts_init(&fm.insts);
            ofctl_send_flow_mod(conn, &fm, &batch);
        } else if (cmp > 0) {
            ofctl_send_flow_mod(conn, &want.ftes[j++].fm, &batch);
        } else {
            if (strcmp(have.ftes[i].text, want.ftes[j].text)) {
                ofctl_send_flow_mod(conn, &want.ftes[j].fm, &batch);
            }
            i++;
            j++;
        }
    }
    if (ofctl_conn_send(conn, &batch)) {
        ofctl_fatal("send failed");
    }
    ofpbuf_uninit(&batch);
    ofctl_barrier_or_die(conn);
    fte_table_destroy(&want);
    fte_table_destroy(&have);
    ofctl_conn_close(conn);
}
