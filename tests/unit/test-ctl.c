/* Unit tests for sluice-ctl's commands, value parsing and output forms
 * (utilities/ctl-*.c), run against an offline session over our real
 * schema, so no server is needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ovsdb-data.h"
#include "lib/util.h"
#include "utilities/ctl-commands.h"
#include "utilities/ctl-db.h"
#include "utilities/ctl-format.h"

static int
setup_db(void **state)
{
    json_error_t jerr;
    json_t *json = json_load_file(SLUICE_SRCDIR "/dbserver/sluice.ovsschema",
                                  0, &jerr);
    assert_non_null(json);
    struct ovsdb_schema *schema;
    struct ovsdb_error *err = ovsdb_schema_from_json(json, &schema);
    json_decref(json);
    assert_null(err);
    *state = ctl_db_create_offline(schema);
    return 0;
}

static int
teardown_db(void **state)
{
    ctl_db_close(*state);
    return 0;
}

/* Runs command line 'args' (space-separated, no quoting) against 'db'
 * with 'format'.  Returns its error message or NULL, and its output in
 * '*outputp' (caller frees). */
static char *
run(struct ctl_db *db, enum ctl_format format, bool may_exist,
    const char *args, char **outputp)
{
    char *copy = xstrdup(args);
    char *argv[16];
    int argc = 0;
    for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        assert_true(argc < 16);
        argv[argc++] = tok;
    }
    const struct ctl_command_def *def = ctl_command_find(argv[0]);
    assert_non_null(def);

    size_t len;
    struct ctl_context ctx = {
        .db = db,
        .argc = argc - 1,
        .argv = argv + 1,
        .may_exist = may_exist,
        .format = format,
        .out = open_memstream(outputp, &len),
    };
    char *msg = def->run(&ctx);
    fclose(ctx.out);
    free(copy);
    return msg;
}

/* Runs 'args', which must succeed, and returns its output. */
static char *
run_ok(struct ctl_db *db, const char *args)
{
    char *out;
    char *msg = run(db, CTL_FORMAT_TABLE, false, args, &out);
    if (msg) {
        fail_msg("%s: %s", args, msg);
    }
    return out;
}

/* Runs 'args', which must fail with exactly 'expected'. */
static void
run_fails(struct ctl_db *db, const char *args, const char *expected)
{
    char *out;
    char *msg = run(db, CTL_FORMAT_TABLE, false, args, &out);
    assert_non_null(msg);
    assert_string_equal(msg, expected);
    free(msg);
    free(out);
}

static void
check_output(struct ctl_db *db, const char *args, const char *expected)
{
    char *out = run_ok(db, args);
    assert_string_equal(out, expected);
    free(out);
}

/* Parses 's' for 'table'.'column' and returns the error, or NULL with the
 * value formatted in '*textp'. */
static char *
parse(struct ctl_db *db, const char *table, const char *column,
      const char *s, char **textp)
{
    struct ctl_table *t = ctl_db_table(db, table);
    const struct ovsdb_column_schema *col;
    assert_null(ctl_find_column(t, column, &col));
    struct ovsdb_datum d;
    char *msg = ctl_parse_value(db, t, col, s, true, &d);
    *textp = NULL;
    if (!msg) {
        *textp = ovsdb_datum_to_string(&d, &col->type);
        ovsdb_datum_destroy(&d, &col->type);
    }
    return msg;
}

static void
parse_ok(struct ctl_db *db, const char *table, const char *column,
         const char *s, const char *expected)
{
    char *text;
    char *msg = parse(db, table, column, s, &text);
    if (msg) {
        fail_msg("%s.%s=%s: %s", table, column, s, msg);
    }
    assert_string_equal(text, expected);
    free(text);
}

static void
parse_fails(struct ctl_db *db, const char *table, const char *column,
            const char *s, const char *expected)
{
    char *text;
    char *msg = parse(db, table, column, s, &text);
    assert_null(text);
    assert_non_null(msg);
    assert_string_equal(msg, expected);
    free(msg);
}

static void
test_parse_vlans(void **state)
{
    struct ctl_db *db = *state;
    parse_ok(db, "Port", "tag", "10", "10");
    parse_ok(db, "Port", "tag", "4094", "4094");
    parse_ok(db, "Port", "trunks", "10,20", "[10, 20]");
    parse_ok(db, "Port", "trunks", "[30,40]", "[30, 40]");
    parse_ok(db, "Port", "trunks", "", "[]");
    parse_fails(db, "Port", "tag", "5000", "tag: \"5000\" is not in the "
                "range 1 to 4094 (VLANs 0 and 4095 are reserved)");
    parse_fails(db, "Port", "tag", "0", "tag: \"0\" is not in the range 1 "
                "to 4094 (VLANs 0 and 4095 are reserved)");
    parse_fails(db, "Port", "trunks", "10,4095", "trunks: \"4095\" is not "
                "in the range 1 to 4094 (VLANs 0 and 4095 are reserved)");
    parse_fails(db, "Mirror", "output_vlan", "4095", "output_vlan: \"4095\" "
                "is not in the range 1 to 4094 (VLANs 0 and 4095 are "
                "reserved)");
}

static void
test_parse_enums_and_types(void **state)
{
    struct ctl_db *db = *state;
    parse_ok(db, "Interface", "type", "tap", "tap");
    parse_ok(db, "Interface", "type", "internal", "internal");
    parse_fails(db, "Interface", "type", "bogus",
                "type: \"bogus\" is not one of system, internal, tap");
    parse_ok(db, "Port", "vlan_mode", "native-untagged", "native-untagged");
    parse_fails(db, "Port", "vlan_mode", "sideways",
                "vlan_mode: \"sideways\" is not one of access, "
                "native-tagged, native-untagged, trunk");
    parse_fails(db, "Interface", "ofport_request", "0",
                "ofport_request: \"0\" is not in the range 1 to 65279");
    parse_fails(db, "Controller", "max_backoff", "10",
                "max_backoff: \"10\" is less than the minimum 1000");
}

static void
test_parse_maps(void **state)
{
    struct ctl_db *db = *state;
    parse_ok(db, "Interface", "options", "a=b", "{a=b}");
    parse_ok(db, "Interface", "options", "{a=b, c=d}", "{a=b, c=d}");
    parse_ok(db, "Interface", "options", "{}", "{}");
}

static void
test_find_table(void **state)
{
    struct ctl_db *db = *state;
    struct ctl_table *table;
    assert_null(ctl_find_table(db, "port", &table));
    assert_string_equal(table->schema->name, "Port");
    assert_null(ctl_find_table(db, "interf", &table));
    assert_string_equal(table->schema->name, "Interface");
    assert_null(ctl_find_table(db, "open", &table));
    assert_string_equal(table->schema->name, "Open_vSwitch");

    char *msg = ctl_find_table(db, "Q", &table);
    assert_string_equal(msg, "table name \"Q\" is ambiguous (QoS, Queue)");
    free(msg);
    msg = ctl_find_table(db, "Nope", &table);
    assert_string_equal(msg, "unknown table \"Nope\" (known: Bridge, "
                        "Controller, Interface, Mirror, Open_vSwitch, Port, "
                        "QoS, Queue, SSL)");
    free(msg);
    assert_null(table);
}

static void
test_bridge_commands(void **state)
{
    struct ctl_db *db = *state;
    check_output(db, "list-br", "");
    free(run_ok(db, "add-br br1"));
    free(run_ok(db, "add-br br0"));
    check_output(db, "list-br", "br0\nbr1\n");
    run_fails(db, "add-br br0", "bridge \"br0\" already exists");

    char *out;
    assert_null(run(db, CTL_FORMAT_TABLE, true, "add-br br0", &out));
    free(out);

    free(run_ok(db, "add-port br0 p2 trunks=10,20 vlan_mode=trunk"));
    free(run_ok(db, "add-port br0 p1 tag=10 type=tap options:k=v"));
    check_output(db, "list-ports br0", "p1\np2\n");
    check_output(db, "port-to-br p2", "br0\n");
    check_output(db, "get Port p1 tag", "10\n");
    check_output(db, "get Interface p1 type options:k", "tap\nv\n");
    check_output(db, "get Interface br0 type", "internal\n");
    run_fails(db, "add-port br1 p1", "a port named \"p1\" already exists on "
              "bridge \"br0\"");
    run_fails(db, "add-port br9 p9", "no bridge named \"br9\" (known: br0, "
              "br1)");
    run_fails(db, "del-port br0 br0", "cannot delete port \"br0\": it is the "
              "local port of bridge \"br0\" (use del-br to delete the "
              "bridge)");

    free(run_ok(db, "del-port p2"));
    check_output(db, "list-ports br0", "p1\n");
    assert_null(ctl_find_iface(db, "p2"));
    free(run_ok(db, "del-br br0"));
    check_output(db, "list-br", "br1\n");
    assert_null(ctl_find_port(db, "p1"));
    assert_null(ctl_find_iface(db, "br0"));

    /* Last, since a failed command leaves its partial edits in the local
     * copy (sluice-ctl then abandons the whole transaction). */
    run_fails(db, "add-port br1 p9 tag=5000", "tag: \"5000\" is not in the "
              "range 1 to 4094 (VLANs 0 and 4095 are reserved)");
}

static void
test_json_output(void **state)
{
    struct ctl_db *db = *state;
    free(run_ok(db, "add-br br0"));
    free(run_ok(db, "add-port br0 p1 tag=7 trunks=1,2 options:a=b"));

    char *out;
    assert_null(run(db, CTL_FORMAT_JSON, false, "list-br", &out));
    json_t *json = json_loads(out, 0, NULL);
    assert_non_null(json);
    json_t *expected = json_pack("{s:[s]}", "bridges", "br0");
    assert_true(json_equal(json, expected));
    json_decref(expected);
    json_decref(json);
    free(out);

    assert_null(run(db, CTL_FORMAT_JSON, false,
                    "get Port p1 tag trunks vlan_mode", &out));
    json = json_loads(out, 0, NULL);
    expected = json_pack("{s:i, s:[i, i], s:n}", "tag", 7, "trunks", 1, 2,
                         "vlan_mode");
    assert_true(json_equal(json, expected));
    json_decref(expected);
    json_decref(json);
    free(out);

    struct ctl_row *iface = ctl_find_iface(db, "p1");
    json = ctl_format_row_json(iface);
    assert_string_equal(json_string_value(json_object_get(json, "name")),
                        "p1");
    expected = json_pack("{s:s}", "a", "b");
    assert_true(json_equal(json_object_get(json, "options"), expected));
    assert_int_equal(strlen(json_string_value(json_object_get(json,
                                                              "_uuid"))),
                     36);
    assert_true(json_is_null(json_object_get(json, "ofport")));
    json_decref(expected);
    json_decref(json);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parse_vlans, setup_db,
                                        teardown_db),
        cmocka_unit_test_setup_teardown(test_parse_enums_and_types, setup_db,
                                        teardown_db),
        cmocka_unit_test_setup_teardown(test_parse_maps, setup_db,
                                        teardown_db),
        cmocka_unit_test_setup_teardown(test_find_table, setup_db,
                                        teardown_db),
        cmocka_unit_test_setup_teardown(test_bridge_commands, setup_db,
                                        teardown_db),
        cmocka_unit_test_setup_teardown(test_json_output, setup_db,
                                        teardown_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
