/* SSL configuration, Controller status and fail-open for sluice-switchd.
 * See controllers.h. */
#include "switchd/controllers.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datapath/dpif.h"
#include "lib/log.h"
#include "lib/util.h"
#include "ofproto/connmgr.h"
#include "ofproto/stream-ssl.h"
#include "ofproto/xlate.h"
#include "switchd/db-client.h"

VLOG_DEFINE_THIS_MODULE(controllers);

void
controllers_apply_ssl(const struct db_client *db, const struct db_row *root)
{
    struct uuid *uuids = NULL;
    size_t n = root ? db_row_get_uuids(root, "ssl", &uuids) : 0;
    const struct db_row *row = n ? db_client_find(db, "SSL", &uuids[0])
                                 : NULL;
    char *key = row ? db_row_get_string(row, "private_key") : NULL;
    char *cert = row ? db_row_get_string(row, "certificate") : NULL;
    char *cacert = row ? db_row_get_string(row, "ca_cert") : NULL;

    stream_ssl_set_files(key, cert, cacert);
    free(key);
    free(cert);
    free(cacert);
    free(uuids);
}

static void
put(json_t *pairs, const char *key, json_t *value)
{
    json_array_append_new(pairs, json_pack("[s, o]", key, value));
}

static json_t *
integer_string(long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    return json_string(buf);
}

json_t *
controllers_status_json(const struct connmgr_status *st)
{
    json_t *pairs = json_array();

    put(pairs, "state", json_string(st->state));
    if (st->last_error) {
        put(pairs, "last_error", json_string(st->last_error));
    }
    if (st->sec_since_connect >= 0) {
        put(pairs, "sec_since_connect",
            integer_string(st->sec_since_connect));
    }
    if (st->sec_since_disconnect >= 0) {
        put(pairs, "sec_since_disconnect",
            integer_string(st->sec_since_disconnect));
    }
    if (st->peer_subject) {
        char when[32];
        struct tm tm;
        gmtime_r(&st->peer_not_after, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        put(pairs, "peer_subject", json_string(st->peer_subject));
        put(pairs, "peer_not_after", json_string(when));
    }
    put(pairs, "async_dropped", integer_string(st->async_dropped));
    if (st->fail_open) {
        put(pairs, "fail_open", json_string("true"));
    }
    return json_pack("[s, o]", "map", pairs);
}

/* Runs in the datapath thread. */
static void
fail_open_run(struct ofproto *ofproto, void *arg)
{
    ofproto_set_fail_open(ofproto, *(bool *) arg);
}

static void
fail_open_cb(struct connmgr *cm, bool fail_open, void *dpif_)
{
    struct dpif *dpif = dpif_;
    bool *arg = xmalloc(sizeof *arg);

    *arg = fail_open;
    int error = dpif_call(dpif, connmgr_name(cm), fail_open_run, free, arg);
    if (error == EAGAIN) {
        /* Rare, and must not be lost: wait the queue out. */
        dpif_drain(dpif);
        error = dpif_call(dpif, connmgr_name(cm), fail_open_run, free, arg);
    }
    if (error) {
        VLOG_WARN("%s: cannot apply fail-open (%s)", connmgr_name(cm),
                  strerror(error));
        free(arg);
    }
}

void
controllers_watch_fail_open(struct connmgr *cm, struct dpif *dpif)
{
    connmgr_set_fail_open_cb(cm, fail_open_cb, dpif);
}
