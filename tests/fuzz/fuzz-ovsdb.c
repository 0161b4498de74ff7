/* libFuzzer target for the OVSDB side of sluice-dbserver and for the
 * OVSDB data model (lib/ovsdb-data.h).  The first input byte picks a
 * mode; the rest is:
 *
 *   mode 0: a session: up to MAX_MSGS JSON-RPC requests one after the
 *           other, dispatched as dbserver/server.c does (get_schema,
 *           transact, monitor, monitor_cancel, echo, list_dbs) against
 *           a fresh in-memory database of dbserver/sluice.ovsschema (no
 *           store).  Committed transactions go to every open monitor
 *           first, as the server does; afterwards every column of every
 *           row must survive a JSON round trip through the column's
 *           type with all its constraints (the database stays valid).
 *   mode 1: one JSON value, parsed with ovsdb_datum_from_json() and
 *           ovsdb_datum_from_json_unsized() as every column type of the
 *           schema;
 *   mode 2: ovs-vsctl text (up to the first NUL), parsed with
 *           ovsdb_datum_from_string() as every column type.
 * In modes 1 and 2 a datum that parses must come back equal from its
 * JSON form and from its text form.  A broken check aborts, which
 * libFuzzer reports as a crash.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined;
 * tests/unit/test-fuzz-replay.c links this file too and replays the
 * committed corpus (tests/fuzz/corpus/ovsdb/) in make check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dbserver/database.h"
#include "dbserver/monitor.h"
#include "dbserver/schema.h"
#include "dbserver/transact.h"
#include "lib/ovsdb-data.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_MSGS 16             /* Requests per session. */
#define MAX_MONITORS 4          /* Open monitors per session. */

/* Aborts with 'what' and 'detail' if 'ok' is false. */
static void
check(int ok, const char *what, const char *detail)
{
    if (!ok) {
        fprintf(stderr, "fuzz-ovsdb: check failed: %s (%s)\n", what,
                detail ? detail : "");
        abort();
    }
}

/* The schema as JSON and parsed, loaded once. */
static json_t *schema_json;
static struct ovsdb_schema *schema;

static void
load_schema(void)
{
    if (!schema_json) {
        json_error_t jerr;
        schema_json = json_loads(dbserver_schema_text, 0, &jerr);
        check(schema_json != NULL, "schema is not JSON", jerr.text);
        struct ovsdb_error *error = ovsdb_schema_from_json(schema_json,
                                                           &schema);
        check(!error, "schema does not parse",
              error ? error->details : NULL);
    }
}

/* ---- Mode 0: a session of requests. ---- */

struct session {
    struct db *db;
    size_t n_monitors;
    struct {
        json_t *id;
        struct monitor *monitor;
    } monitors[MAX_MONITORS];
};

static void
close_monitor(struct session *s, size_t i)
{
    json_decref(s->monitors[i].id);
    monitor_destroy(s->monitors[i].monitor);
    s->monitors[i] = s->monitors[--s->n_monitors];
}

static bool
names_db(const struct session *s, const json_t *params)
{
    const char *name = json_string_value(json_array_get(params, 0));
    return name && !strcmp(name, s->db->schema->name);
}

/* Discards 'reply' after checking that it serialises. */
static void
consume(json_t *reply)
{
    char *text = json_dumps(reply, JSON_COMPACT | JSON_ENCODE_ANY);
    check(text != NULL, "reply cannot be serialised", NULL);
    free(text);
    json_decref(reply);
}

/* Checks that every column of every committed row parses back from its
 * own JSON form as a valid value of its column's type. */
static void
check_database(const struct db *db)
{
    for (size_t t = 0; t < db->n_tables; t++) {
        const struct db_table *table = &db->tables[t];
        size_t n;
        struct db_hnode **nodes = db_umap_nodes(&table->rows, &n);
        for (size_t r = 0; r < n; r++) {
            const struct db_row *row = CONTAINER_OF(nodes[r], struct db_row,
                                                    node);
            for (size_t c = 0; c < table->schema->n_columns; c++) {
                const struct ovsdb_column_schema *col
                    = table->schema->columns[c];
                json_t *json = ovsdb_datum_to_json(&row->fields[c],
                                                   &col->type);
                struct ovsdb_datum back;
                struct ovsdb_error *error = ovsdb_datum_from_json(
                    &back, &col->type, json, NULL);
                check(!error, "committed value violates its type",
                      col->name);
                check(ovsdb_datum_equals(&back, &row->fields[c],
                                         &col->type),
                      "committed value changes in a round trip", col->name);
                ovsdb_datum_destroy(&back, &col->type);
                json_decref(json);
            }
        }
        free(nodes);
    }
}

static void
do_transact(struct session *s, const json_t *params)
{
    struct db_txn *txn;
    long long retry_ms;
    json_t *results = transact_execute(s->db, params, 0, &txn, &retry_ms);
    if (!results) {
        /* A wait that is not yet satisfied: the server would keep it. */
        check(!txn, "waiting transaction with changes", NULL);
        return;
    }
    check(json_is_array(results), "transact result is not an array",
          NULL);
    if (txn) {
        for (size_t i = 0; i < s->n_monitors; i++) {
            json_t *updates = monitor_updates(s->monitors[i].monitor, txn);
            if (updates) {
                consume(updates);
            }
        }
        db_txn_commit(txn);
        check_database(s->db);
    }
    consume(results);
}

static void
do_monitor(struct session *s, const json_t *params)
{
    if (json_array_size(params) != 3) {
        return;
    }
    json_t *id = json_array_get(params, 1);
    for (size_t i = 0; i < s->n_monitors; i++) {
        if (json_equal(s->monitors[i].id, id)) {
            return;             /* "duplicate monitor ID". */
        }
    }
    struct monitor *m;
    json_t *initial;
    struct ovsdb_error *error = monitor_create(s->db,
                                               json_array_get(params, 2),
                                               &m, &initial);
    if (error) {
        check(!m && !initial, "failed monitor with results", NULL);
        consume(ovsdb_error_to_json(error));
        ovsdb_error_destroy(error);
        return;
    }
    consume(initial);
    if (s->n_monitors == MAX_MONITORS) {
        close_monitor(s, 0);
    }
    s->monitors[s->n_monitors].id = json_incref(id);
    s->monitors[s->n_monitors].monitor = m;
    s->n_monitors++;
}

static void
do_monitor_cancel(struct session *s, const json_t *params)
{
    if (json_array_size(params) != 1) {
        return;
    }
    for (size_t i = 0; i < s->n_monitors; i++) {
        if (json_equal(s->monitors[i].id, json_array_get(params, 0))) {
            close_monitor(s, i);
            return;
        }
    }
}

/* Dispatches one message as dbserver/server.c's msg_cb() and
 * handle_request() do (locks, which only concern connections, aside). */
static void
dispatch(struct session *s, const json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    const json_t *params = json_object_get(msg, "params");
    const json_t *id = json_object_get(msg, "id");
    if (!method || !id || json_is_null(id) || !json_is_array(params)) {
        return;
    }
    if (!strcmp(method, "get_schema")) {
        if (names_db(s, params)) {
            consume(ovsdb_schema_to_json(s->db->schema));
        }
    } else if (!strcmp(method, "transact")) {
        if (names_db(s, params)) {
            do_transact(s, params);
        }
    } else if (!strcmp(method, "monitor")) {
        if (names_db(s, params)) {
            do_monitor(s, params);
        }
    } else if (!strcmp(method, "monitor_cancel")) {
        do_monitor_cancel(s, params);
    }
}

static void
run_session(const uint8_t *data, size_t size)
{
    struct ovsdb_schema *copy;
    struct ovsdb_error *error = ovsdb_schema_from_json(schema_json, &copy);
    check(!error, "schema does not parse", NULL);
    struct session s = { .db = db_create(copy) };

    for (int i = 0; i < MAX_MSGS && size; i++) {
        json_error_t jerr;
        json_t *msg = json_loadb((const char *) data, size,
                                 JSON_DISABLE_EOF_CHECK, &jerr);
        if (!msg) {
            break;
        }
        dispatch(&s, msg);
        json_decref(msg);
        check(jerr.position > 0 && (size_t) jerr.position <= size,
              "parser consumed nothing", NULL);
        data += jerr.position;
        size -= jerr.position;
    }
    while (s.n_monitors) {
        close_monitor(&s, s.n_monitors - 1);
    }
    db_destroy(s.db);
}

/* ---- Modes 1 and 2: datums of every column type. ---- */

/* Resolves every name to the same UUID, as a transaction's symbol table
 * would resolve a known named-uuid. */
static bool
lookup_any(struct ovsdb_symtab *symtab, const char *name, struct uuid *uuid)
{
    memset(uuid, 0x5a, sizeof *uuid);
    return true;
}

static struct ovsdb_symtab any_symtab = { .lookup = lookup_any };

/* Checks that 'datum', a valid value of 'type', comes back equal from
 * its JSON form and from its text form. */
static void
check_round_trips(const struct ovsdb_datum *datum,
                  const struct ovsdb_type *type, const char *column)
{
    struct ovsdb_datum back;
    struct ovsdb_error *error;

    json_t *json = ovsdb_datum_to_json(datum, type);
    error = ovsdb_datum_from_json(&back, type, json, NULL);
    check(!error, "datum does not parse from its JSON form", column);
    check(ovsdb_datum_equals(&back, datum, type),
          "datum changes in a JSON round trip", column);
    ovsdb_datum_destroy(&back, type);
    json_decref(json);

    char *text = ovsdb_datum_to_string(datum, type);
    error = ovsdb_datum_from_string(&back, type, text, NULL);
    if (error) {
        fprintf(stderr, "text: %s\n%s\n", text, error->details);
    }
    check(!error, "datum does not parse from its text form", column);
    check(ovsdb_datum_equals(&back, datum, type),
          "datum changes in a text round trip", column);
    ovsdb_datum_destroy(&back, type);
    free(text);
}

/* Parses 'json' or 'text' (exactly one is nonnull) as every column type
 * of the schema. */
static void
parse_datums(const json_t *json, const char *text)
{
    for (size_t t = 0; t < schema->n_tables; t++) {
        const struct ovsdb_table_schema *ts = schema->tables[t];
        for (size_t c = 0; c < ts->n_columns; c++) {
            const struct ovsdb_column_schema *col = ts->columns[c];
            struct ovsdb_datum d;
            struct ovsdb_error *error;

            if (json) {
                error = ovsdb_datum_from_json_unsized(&d, &col->type, json,
                                                      &any_symtab);
                if (!error) {
                    ovsdb_datum_destroy(&d, &col->type);
                }
                ovsdb_error_destroy(error);
                error = ovsdb_datum_from_json(&d, &col->type, json,
                                              &any_symtab);
            } else {
                error = ovsdb_datum_from_string(&d, &col->type, text,
                                                &any_symtab);
            }
            if (error) {
                check(error->tag && error->details, "empty error",
                      col->name);
                ovsdb_error_destroy(error);
            } else {
                check_round_trips(&d, &col->type, col->name);
                ovsdb_datum_destroy(&d, &col->type);
            }
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    load_schema();
    uint8_t mode = data[0] % 3;
    data++;
    size--;

    if (mode == 0) {
        run_session(data, size);
    } else if (mode == 1) {
        json_error_t jerr;
        json_t *json = json_loadb((const char *) data, size,
                                  JSON_DECODE_ANY, &jerr);
        if (json) {
            parse_datums(json, NULL);
            json_decref(json);
        }
    } else {
        char *text = xstrndup((const char *) data, size);
        parse_datums(NULL, text);
        free(text);
    }
    return 0;
}
