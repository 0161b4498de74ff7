/* Unit tests for the OVSDB data model (lib/ovsdb-data.c and
 * lib/ovsdb-schema.c): schema parsing and round trips, atoms and datums in
 * their JSON and text forms, constraint checks and set algebra. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/ovsdb-data.h"
#include "lib/util.h"

/* A schema that exercises every kind of type and constraint. */
static const char test_schema_text[] =
    "{\"name\": \"Test\", \"version\": \"1.2.3\", \"cksum\": \"12 34\","
    " \"tables\": {"
    "  \"T\": {\"columns\": {"
    "    \"i\": {\"type\": \"integer\"},"
    "    \"r\": {\"type\": \"real\"},"
    "    \"b\": {\"type\": \"boolean\"},"
    "    \"s\": {\"type\": \"string\"},"
    "    \"u\": {\"type\": \"uuid\"},"
    "    \"vlan\": {\"type\": {\"key\": {\"type\": \"integer\","
    "        \"minInteger\": 0, \"maxInteger\": 4095},"
    "        \"min\": 0, \"max\": 1}},"
    "    \"trunks\": {\"type\": {\"key\": {\"type\": \"integer\","
    "        \"minInteger\": 0, \"maxInteger\": 4095},"
    "        \"min\": 0, \"max\": 4096}},"
    "    \"strs\": {\"type\": {\"key\": \"string\", \"min\": 0,"
    "        \"max\": \"unlimited\"}},"
    "    \"two\": {\"type\": {\"key\": \"integer\", \"min\": 1,"
    "        \"max\": 2}},"
    "    \"mode\": {\"type\": {\"key\": {\"type\": \"string\","
    "        \"enum\": [\"set\", [\"trunk\", \"access\"]]},"
    "        \"min\": 0, \"max\": 1}},"
    "    \"only\": {\"type\": {\"key\": {\"type\": \"string\","
    "        \"enum\": \"only\"}}},"
    "    \"name\": {\"type\": {\"key\": {\"type\": \"string\","
    "        \"minLength\": 2, \"maxLength\": 4}}},"
    "    \"ratio\": {\"type\": {\"key\": {\"type\": \"real\","
    "        \"minReal\": 0, \"maxReal\": 1}}},"
    "    \"pos\": {\"type\": {\"key\": {\"type\": \"integer\","
    "        \"minInteger\": 1}}},"
    "    \"neg\": {\"type\": {\"key\": {\"type\": \"integer\","
    "        \"maxInteger\": -1}}},"
    "    \"smap\": {\"type\": {\"key\": \"string\", \"value\": \"string\","
    "        \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"omap\": {\"type\": {\"key\": \"string\", \"value\": \"integer\","
    "        \"min\": 0, \"max\": 1}},"
    "    \"imap\": {\"type\": {\"key\": \"integer\", \"value\": {"
    "        \"type\": \"string\", \"enum\": [\"set\", [\"a\", \"b\"]]},"
    "        \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"weak\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "        \"refTable\": \"U\", \"refType\": \"weak\"},"
    "        \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"refs\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "        \"refTable\": \"U\"}, \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"flag\": {\"type\": \"boolean\", \"mutable\": false,"
    "        \"ephemeral\": true}},"
    "   \"isRoot\": true, \"maxRows\": 5,"
    "   \"indexes\": [[\"s\"], [\"i\", \"b\"]]},"
    "  \"U\": {\"columns\": {\"x\": {\"type\": \"integer\"}}}}}";

static struct ovsdb_schema *test_schema;

static const char uuid1[] = "0123abcd-4567-89ab-cdef-0123456789ab";
static const char uuid2[] = "fedcba98-7654-3210-fedc-ba9876543210";

static json_t *
parse_json(const char *text)
{
    json_error_t jerr;
    json_t *json = json_loads(text, JSON_DECODE_ANY, &jerr);
    if (!json) {
        fail_msg("bad test JSON %s: %s", text, jerr.text);
    }
    return json;
}

static char *
json_text(const json_t *json)
{
    return json_dumps(json, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
}

static int
setup_schema(void **state)
{
    json_t *json = parse_json(test_schema_text);
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &test_schema);
    json_decref(json);
    if (error) {
        fprintf(stderr, "%s\n", ovsdb_error_to_string(error));
        return -1;
    }
    return 0;
}

static int
teardown_schema(void **state)
{
    ovsdb_schema_destroy(test_schema);
    test_schema = NULL;
    return 0;
}

/* Returns the type of column 'name' of table "T" in the test schema. */
static const struct ovsdb_type *
col(const char *name)
{
    const struct ovsdb_table_schema *t = ovsdb_schema_find_table(test_schema,
                                                                 "T");
    assert_non_null(t);
    const struct ovsdb_column_schema *c = ovsdb_table_schema_find_column(
        t, name);
    if (!c) {
        fail_msg("no column %s", name);
    }
    return &c->type;
}

/* Asserts that 'error' is nonnull, has 'tag' and details that contain
 * 'substring', then frees it. */
static void
expect_error(struct ovsdb_error *error, const char *tag,
             const char *substring)
{
    if (!error) {
        fail_msg("expected %s error containing '%s', got success",
                 tag, substring);
    }
    assert_string_equal(error->tag, tag);
    if (!strstr(error->details, substring)) {
        fail_msg("error details '%s' lack '%s'", error->details, substring);
    }
    ovsdb_error_destroy(error);
}

static void
expect_ok(struct ovsdb_error *error)
{
    if (error) {
        fail_msg("unexpected error: %s: %s", error->tag, error->details);
    }
}

/* Parses the JSON 'text' as a datum of 'type', expecting success. */
static void
datum_from_text(struct ovsdb_datum *datum, const struct ovsdb_type *type,
                const char *text)
{
    json_t *json = parse_json(text);
    expect_ok(ovsdb_datum_from_json(datum, type, json, NULL));
    json_decref(json);
}

/* Parses the JSON 'text' for column 'column' and returns the error. */
static struct ovsdb_error *
datum_json_error(const char *column, const char *text, bool sized)
{
    struct ovsdb_datum datum;
    json_t *json = parse_json(text);
    struct ovsdb_error *error = (
        sized ? ovsdb_datum_from_json(&datum, col(column), json, NULL)
        : ovsdb_datum_from_json_unsized(&datum, col(column), json, NULL));
    json_decref(json);
    if (!error) {
        ovsdb_datum_destroy(&datum, col(column));
    }
    return error;
}

/* Asserts that the JSON 'in' parses for 'column' and formats as 'out'. */
static void
check_json_round_trip(const char *column, const char *in, const char *out)
{
    struct ovsdb_datum datum;
    datum_from_text(&datum, col(column), in);
    json_t *json = ovsdb_datum_to_json(&datum, col(column));
    char *s = json_text(json);
    assert_string_equal(s, out);

    /* And the output parses back to the same datum. */
    struct ovsdb_datum again;
    expect_ok(ovsdb_datum_from_json(&again, col(column), json, NULL));
    assert_true(ovsdb_datum_equals(&datum, &again, col(column)));
    ovsdb_datum_destroy(&again, col(column));

    free(s);
    json_decref(json);
    ovsdb_datum_destroy(&datum, col(column));
}

/* Schemas. */

static struct ovsdb_schema *
load_sluice_schema(void)
{
    json_error_t jerr;
    json_t *json = json_load_file(SLUICE_SRCDIR "/dbserver/sluice.ovsschema",
                                  0, &jerr);
    if (!json) {
        fail_msg("cannot load sluice.ovsschema: %s", jerr.text);
    }
    struct ovsdb_schema *schema;
    expect_ok(ovsdb_schema_from_json(json, &schema));
    json_decref(json);
    return schema;
}

static void
test_sluice_schema(void **state)
{
    struct ovsdb_schema *schema = load_sluice_schema();

    assert_string_equal(schema->name, "Open_vSwitch");
    assert_string_equal(schema->version, "1.0.0");
    assert_int_equal(schema->n_tables, 9);
    for (size_t i = 1; i < schema->n_tables; i++) {
        assert_true(strcmp(schema->tables[i - 1]->name,
                           schema->tables[i]->name) < 0);
    }

    const struct ovsdb_table_schema *ovs = ovsdb_schema_find_table(
        schema, "Open_vSwitch");
    const struct ovsdb_table_schema *bridge = ovsdb_schema_find_table(
        schema, "Bridge");
    const struct ovsdb_table_schema *port = ovsdb_schema_find_table(
        schema, "Port");
    const struct ovsdb_table_schema *mirror = ovsdb_schema_find_table(
        schema, "Mirror");
    assert_non_null(ovs);
    assert_non_null(bridge);
    assert_non_null(port);
    assert_non_null(mirror);
    assert_null(ovsdb_schema_find_table(schema, "Nope"));

    assert_true(ovs->is_root);
    assert_int_equal(ovs->max_rows, 1);
    assert_false(bridge->is_root);
    assert_int_equal(bridge->max_rows, UINT_MAX);

    /* Implicit columns first, then the rest by name, each with its
     * index. */
    assert_int_equal(bridge->n_columns, 12);
    assert_string_equal(bridge->columns[OVSDB_COL_UUID]->name, "_uuid");
    assert_string_equal(bridge->columns[OVSDB_COL_VERSION]->name,
                        "_version");
    assert_int_equal(bridge->columns[0]->type.key.type, OVSDB_TYPE_UUID);
    assert_true(ovsdb_type_is_scalar(&bridge->columns[1]->type));
    assert_string_equal(bridge->columns[2]->name, "controller");
    assert_string_equal(bridge->columns[3]->name, "datapath_id");
    for (size_t i = 0; i < bridge->n_columns; i++) {
        assert_int_equal(bridge->columns[i]->index, i);
        if (i > 2) {
            assert_true(strcmp(bridge->columns[i - 1]->name,
                               bridge->columns[i]->name) < 0);
        }
    }

    const struct ovsdb_column_schema *c;
    c = ovsdb_table_schema_find_column(bridge, "name");
    assert_non_null(c);
    assert_false(c->mutable_);
    assert_true(ovsdb_type_is_scalar(&c->type));
    assert_int_equal(c->type.key.type, OVSDB_TYPE_STRING);
    assert_ptr_equal(ovsdb_table_schema_find_column(bridge, "_uuid"),
                     bridge->columns[0]);
    assert_null(ovsdb_table_schema_find_column(bridge, "nope"));

    c = ovsdb_table_schema_find_column(bridge, "datapath_id");
    assert_true(c->ephemeral);
    assert_true(c->mutable_);
    assert_true(ovsdb_type_is_optional(&c->type));

    c = ovsdb_table_schema_find_column(bridge, "fail_mode");
    assert_non_null(c->type.key.enum_);
    assert_int_equal(c->type.key.enum_->n, 2);
    assert_string_equal(c->type.key.enum_->keys[0].string, "secure");
    assert_string_equal(c->type.key.enum_->keys[1].string, "standalone");

    c = ovsdb_table_schema_find_column(bridge, "ports");
    assert_int_equal(c->type.key.type, OVSDB_TYPE_UUID);
    assert_string_equal(c->type.key.ref_table_name, "Port");
    assert_ptr_equal(c->type.key.ref_table, port);
    assert_true(c->type.key.ref_is_strong);
    assert_int_equal(c->type.n_min, 0);
    assert_int_equal(c->type.n_max, OVSDB_UNLIMITED);

    c = ovsdb_table_schema_find_column(mirror, "output_port");
    assert_ptr_equal(c->type.key.ref_table, port);
    assert_false(c->type.key.ref_is_strong);

    c = ovsdb_table_schema_find_column(port, "tag");
    assert_int_equal(c->type.key.min_integer, 0);
    assert_int_equal(c->type.key.max_integer, 4095);
    c = ovsdb_table_schema_find_column(port, "trunks");
    assert_int_equal(c->type.n_max, 4096);

    c = ovsdb_table_schema_find_column(ovs, "other_config");
    assert_true(ovsdb_type_is_map(&c->type));
    assert_int_equal(c->type.value.type, OVSDB_TYPE_STRING);

    assert_int_equal(bridge->n_indexes, 1);
    assert_int_equal(bridge->indexes[0].n_columns, 1);
    assert_ptr_equal(bridge->indexes[0].columns[0],
                     ovsdb_table_schema_find_column(bridge, "name"));

    ovsdb_schema_destroy(schema);
}

static void
test_test_schema(void **state)
{
    assert_string_equal(test_schema->cksum, "12 34");
    const struct ovsdb_table_schema *t = ovsdb_schema_find_table(test_schema,
                                                                 "T");
    const struct ovsdb_table_schema *u = ovsdb_schema_find_table(test_schema,
                                                                 "U");
    assert_true(t->is_root);
    assert_false(u->is_root);
    assert_int_equal(t->max_rows, 5);
    assert_int_equal(t->n_indexes, 2);
    assert_int_equal(t->indexes[1].n_columns, 2);
    assert_string_equal(t->indexes[1].columns[0]->name, "i");
    assert_string_equal(t->indexes[1].columns[1]->name, "b");

    const struct ovsdb_column_schema *flag = ovsdb_table_schema_find_column(
        t, "flag");
    assert_false(flag->mutable_);
    assert_true(flag->ephemeral);

    assert_int_equal(col("ratio")->key.type, OVSDB_TYPE_REAL);
    assert_true(col("ratio")->key.min_real == 0.0);
    assert_true(col("ratio")->key.max_real == 1.0);
    assert_int_equal(col("name")->key.min_length, 2);
    assert_int_equal(col("name")->key.max_length, 4);
    assert_int_equal(col("pos")->key.min_integer, 1);
    assert_int_equal(col("pos")->key.max_integer, INT64_MAX);
    assert_int_equal(col("only")->key.enum_->n, 1);
    assert_string_equal(col("imap")->value.enum_->keys[1].string, "b");
    assert_ptr_equal(col("weak")->key.ref_table, u);
    assert_false(col("weak")->key.ref_is_strong);
    assert_true(col("refs")->key.ref_is_strong);
}

/* A schema with no "isRoot" anywhere makes every table a root. */
static void
test_schema_default_roots(void **state)
{
    json_t *json = parse_json(
        "{\"name\": \"D\", \"version\": \"0.0.1\", \"tables\": {"
        " \"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}},"
        " \"B\": {\"columns\": {\"b\": {\"type\": \"integer\"}}}}}");
    struct ovsdb_schema *schema;
    expect_ok(ovsdb_schema_from_json(json, &schema));
    assert_true(schema->tables[0]->is_root);
    assert_true(schema->tables[1]->is_root);
    assert_null(schema->cksum);
    ovsdb_schema_destroy(schema);
    json_decref(json);
}

/* Checks that parse(to_json(parse(json))) gives the same JSON again. */
static void
check_schema_round_trip(const struct ovsdb_schema *schema)
{
    json_t *json1 = ovsdb_schema_to_json(schema);
    struct ovsdb_schema *schema2;
    expect_ok(ovsdb_schema_from_json(json1, &schema2));
    json_t *json2 = ovsdb_schema_to_json(schema2);
    char *s1 = json_text(json1);
    char *s2 = json_text(json2);
    assert_string_equal(s1, s2);

    assert_int_equal(schema->n_tables, schema2->n_tables);
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *a = schema->tables[i];
        const struct ovsdb_table_schema *b = schema2->tables[i];
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->n_columns, b->n_columns);
        assert_int_equal(a->is_root, b->is_root);
        assert_int_equal(a->max_rows, b->max_rows);
        assert_int_equal(a->n_indexes, b->n_indexes);
        for (size_t j = 0; j < a->n_columns; j++) {
            assert_string_equal(a->columns[j]->name, b->columns[j]->name);
            assert_int_equal(a->columns[j]->type.n_max,
                             b->columns[j]->type.n_max);
            assert_int_equal(a->columns[j]->mutable_,
                             b->columns[j]->mutable_);
            assert_int_equal(a->columns[j]->ephemeral,
                             b->columns[j]->ephemeral);
        }
    }
    free(s1);
    free(s2);
    json_decref(json1);
    json_decref(json2);
    ovsdb_schema_destroy(schema2);
}

static void
test_schema_round_trip(void **state)
{
    struct ovsdb_schema *schema = load_sluice_schema();
    check_schema_round_trip(schema);
    ovsdb_schema_destroy(schema);
    check_schema_round_trip(test_schema);

    /* The output has RFC 7047 shapes and omits the implicit columns. */
    json_t *json = ovsdb_schema_to_json(test_schema);
    json_t *columns = json_object_get(
        json_object_get(json_object_get(json, "tables"), "T"), "columns");
    assert_null(json_object_get(columns, "_uuid"));
    assert_null(json_object_get(columns, "_version"));

    static const struct {
        const char *column;
        const char *json;
    } expected[] = {
        { "i", "{\"type\":\"integer\"}" },
        { "vlan", "{\"type\":{\"key\":{\"maxInteger\":4095,"
          "\"minInteger\":0,\"type\":\"integer\"},\"min\":0}}" },
        { "strs", "{\"type\":{\"key\":\"string\",\"max\":\"unlimited\","
          "\"min\":0}}" },
        { "mode", "{\"type\":{\"key\":{\"enum\":[\"set\",[\"access\","
          "\"trunk\"]],\"type\":\"string\"},\"min\":0}}" },
        { "only", "{\"type\":{\"key\":{\"enum\":\"only\","
          "\"type\":\"string\"}}}" },
        { "smap", "{\"type\":{\"key\":\"string\",\"max\":\"unlimited\","
          "\"min\":0,\"value\":\"string\"}}" },
        { "weak", "{\"type\":{\"key\":{\"refTable\":\"U\",\"refType\":"
          "\"weak\",\"type\":\"uuid\"},\"max\":\"unlimited\",\"min\":0}}" },
        { "flag", "{\"ephemeral\":true,\"mutable\":false,"
          "\"type\":\"boolean\"}" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        char *s = json_text(json_object_get(columns, expected[i].column));
        assert_string_equal(s, expected[i].json);
        free(s);
    }
    json_t *t = json_object_get(json_object_get(json, "tables"), "T");
    char *s = json_text(json_object_get(t, "indexes"));
    assert_string_equal(s, "[[\"s\"],[\"i\",\"b\"]]");
    free(s);
    assert_true(json_is_true(json_object_get(t, "isRoot")));
    assert_int_equal(json_integer_value(json_object_get(t, "maxRows")), 5);
    json_decref(json);
}

/* Open vSwitch's own schema, where Debian's openvswitch-common installed
 * it, parses and round-trips too. */
static void
test_ovs_vswitch_schema(void **state)
{
    json_error_t jerr;
    json_t *json = json_load_file("/usr/share/openvswitch/vswitch.ovsschema",
                                  0, &jerr);
    if (!json) {
        skip();
    }
    struct ovsdb_schema *schema;
    expect_ok(ovsdb_schema_from_json(json, &schema));
    json_decref(json);

    assert_string_equal(schema->name, "Open_vSwitch");
    assert_non_null(schema->cksum);
    const struct ovsdb_table_schema *iface = ovsdb_schema_find_table(
        schema, "Interface");
    assert_non_null(iface);
    const struct ovsdb_column_schema *c = ovsdb_table_schema_find_column(
        iface, "ofport_request");
    assert_non_null(c);
    assert_int_equal(c->type.key.min_integer, 1);
    assert_int_equal(c->type.key.max_integer, 65279);
    c = ovsdb_table_schema_find_column(
        ovsdb_schema_find_table(schema, "Bridge"), "ports");
    assert_ptr_equal(c->type.key.ref_table,
                     ovsdb_schema_find_table(schema, "Port"));
    check_schema_round_trip(schema);
    ovsdb_schema_destroy(schema);
}

/* Builds a schema whose table "T" has one column "c" of type 'type' (and a
 * table "U" to refer to), and expects a syntax error that names the column
 * and mentions 'substring'. */
static void
check_column_error(const char *type, const char *substring)
{
    char *text = xasprintf(
        "{\"name\": \"E\", \"version\": \"1.0.0\", \"tables\": {"
        " \"T\": {\"columns\": {\"c\": {\"type\": %s}}},"
        " \"U\": {\"columns\": {\"x\": {\"type\": \"integer\"}}}}}", type);
    json_t *json = parse_json(text);
    struct ovsdb_schema *schema = (struct ovsdb_schema *) 1;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    assert_null(schema);
    if (error && !strstr(error->details, "table T column c")) {
        fail_msg("'%s' does not name the column", error->details);
    }
    expect_error(error, "syntax error", substring);
    json_decref(json);
    free(text);
}

static void
check_schema_error(const char *text, const char *substring)
{
    json_t *json = parse_json(text);
    struct ovsdb_schema *schema = (struct ovsdb_schema *) 1;
    expect_error(ovsdb_schema_from_json(json, &schema), "syntax error",
                 substring);
    assert_null(schema);
    json_decref(json);
}

static void
test_schema_errors(void **state)
{
    check_column_error("\"int\"", "unknown atomic type \"int\"");
    check_column_error("5", "type must be a string or object");
    check_column_error("{\"key\": {\"type\": \"uuid\", \"refTable\": "
                       "\"Nope\"}}", "refTable \"Nope\"");
    check_column_error("{\"key\": {\"type\": \"uuid\", \"refTable\": "
                       "\"U\", \"refType\": \"soft\"}}", "refType");
    check_column_error("{\"key\": {\"type\": \"uuid\", \"refType\": "
                       "\"weak\"}}", "refType without refTable");
    check_column_error("{\"key\": {\"type\": \"integer\", \"minInteger\": 5,"
                       " \"maxInteger\": 1}}", "minInteger 5 is greater");
    check_column_error("{\"key\": {\"type\": \"real\", \"minReal\": 2,"
                       " \"maxReal\": 1}}", "minReal 2 is greater");
    check_column_error("{\"key\": {\"type\": \"string\", \"minLength\": 5,"
                       " \"maxLength\": 1}}", "minLength 5 is greater");
    check_column_error("{\"key\": {\"type\": \"string\", \"minInteger\": "
                       "1}}", "unknown member \"minInteger\"");
    check_column_error("{\"key\": {\"type\": \"integer\", \"minInteger\": "
                       "1.5}}", "minInteger");
    check_column_error("{\"key\": {\"type\": \"integer\", \"enum\": "
                       "[\"set\", [\"a\"]]}}", "enum");
    check_column_error("{\"key\": \"integer\", \"min\": 2}", "\"min\"");
    check_column_error("{\"key\": \"integer\", \"max\": 0}", "\"max\"");
    check_column_error("{\"key\": \"integer\", \"max\": \"lots\"}",
                       "\"max\"");
    check_column_error("{\"value\": \"integer\"}", "lacks \"key\"");
    check_column_error("{\"key\": \"integer\", \"value\": \"void\"}",
                       "value: unknown atomic type \"void\"");
    check_column_error("{\"key\": \"integer\", \"extra\": 1}",
                       "unknown member \"extra\"");

    static const char head[] =
        "{\"name\": \"E\", \"version\": \"1.0.0\", \"tables\": ";
    char *text;
#define CHECK_TABLES(TABLES, SUBSTRING)             \
    text = xasprintf("%s%s}", head, TABLES);         \
    check_schema_error(text, SUBSTRING);             \
    free(text)

    CHECK_TABLES("{\"T\": {\"columns\": {\"_c\": {\"type\": \"integer\"}}}}",
                 "invalid column name \"_c\"");
    CHECK_TABLES("{\"T\": {\"columns\": {\"1c\": {\"type\": \"integer\"}}}}",
                 "invalid column name \"1c\"");
    CHECK_TABLES("{\"T\": {\"columns\": {\"c\": {\"type\": \"integer\","
                 " \"mutable\": 1}}}}", "table T column c: member "
                 "\"mutable\"");
    CHECK_TABLES("{\"T\": {\"columns\": {\"c\": {\"typo\": "
                 "\"integer\"}}}}", "table T column c");
    CHECK_TABLES("{\"T-1\": {\"columns\": {\"c\": {\"type\": "
                 "\"integer\"}}}}", "invalid table name \"T-1\"");
    CHECK_TABLES("{\"T\": {\"columns\": {}}}", "table T: \"columns\"");
    CHECK_TABLES("{\"T\": {\"columns\": {\"c\": {\"type\": \"integer\"}},"
                 " \"maxRows\": 0}}", "table T: member \"maxRows\"");
    CHECK_TABLES("{\"T\": {\"columns\": {\"c\": {\"type\": \"integer\"}},"
                 " \"indexes\": [[\"d\"]]}}", "table T: index 0 names "
                 "unknown column \"d\"");
    CHECK_TABLES("{\"T\": {\"columns\": {\"c\": {\"type\": \"integer\","
                 " \"ephemeral\": true}}, \"indexes\": [[\"c\"]]}}",
                 "ephemeral column c");
    CHECK_TABLES("{\"T\": {\"columns\": {\"c\": {\"type\": \"integer\"}},"
                 " \"isroot\": true}}", "unknown member \"isroot\"");
    CHECK_TABLES("[]", "\"tables\"");
#undef CHECK_TABLES

    check_schema_error("[]", "must be an object");
    check_schema_error("{\"version\": \"1.0.0\", \"tables\": {}}",
                       "\"name\"");
    check_schema_error("{\"name\": \"E\", \"version\": \"1.0\", "
                       "\"tables\": {}}", "\"version\"");
    check_schema_error("{\"name\": \"E\", \"version\": \"1.0.0\", "
                       "\"tables\": {}, \"extra\": 1}",
                       "unknown member \"extra\"");
}

/* Atoms. */

static void
test_atom_json(void **state)
{
    static const struct {
        enum ovsdb_atomic_type type;
        const char *in;
        const char *out;
    } cases[] = {
        { OVSDB_TYPE_INTEGER, "42", "42" },
        { OVSDB_TYPE_INTEGER, "-7", "-7" },
        { OVSDB_TYPE_INTEGER, "9223372036854775807", "9223372036854775807" },
        { OVSDB_TYPE_REAL, "1.5", "1.5" },
        { OVSDB_TYPE_REAL, "3", "3.0" },
        { OVSDB_TYPE_REAL, "-0.25", "-0.25" },
        { OVSDB_TYPE_BOOLEAN, "true", "true" },
        { OVSDB_TYPE_BOOLEAN, "false", "false" },
        { OVSDB_TYPE_STRING, "\"h\\u00e9llo \\\"x\\\"\"",
          "\"h\\u00E9llo \\\"x\\\"\"" },
        { OVSDB_TYPE_STRING, "\"\"", "\"\"" },
        { OVSDB_TYPE_UUID, "[\"uuid\", \"0123ABCD-4567-89ab-cdef-"
          "0123456789ab\"]", "[\"uuid\",\"0123abcd-4567-89ab-cdef-"
          "0123456789ab\"]" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ovsdb_base_type base = {
            .type = cases[i].type,
            .min_integer = INT64_MIN, .max_integer = INT64_MAX,
            .min_real = -1e308, .max_real = 1e308,
            .max_length = UINT_MAX,
        };
        union ovsdb_atom atom;
        json_t *in = parse_json(cases[i].in);
        expect_ok(ovsdb_atom_from_json(&atom, &base, in, NULL));
        json_t *out = ovsdb_atom_to_json(&atom, cases[i].type);
        char *s = json_dumps(out, JSON_ENCODE_ANY | JSON_COMPACT
                             | JSON_ENSURE_ASCII);
        assert_string_equal(s, cases[i].out);

        union ovsdb_atom copy;
        ovsdb_atom_clone(&copy, &atom, cases[i].type);
        assert_int_equal(ovsdb_atom_compare_3way(&atom, &copy,
                                                 cases[i].type), 0);
        assert_int_equal(ovsdb_atom_hash(&atom, cases[i].type, 7),
                         ovsdb_atom_hash(&copy, cases[i].type, 7));
        ovsdb_atom_destroy(&copy, cases[i].type);

        free(s);
        json_decref(in);
        json_decref(out);
        ovsdb_atom_destroy(&atom, cases[i].type);
    }
}

static void
test_atom_misc(void **state)
{
    union ovsdb_atom a, b;

    ovsdb_atom_init_default(&a, OVSDB_TYPE_STRING);
    assert_string_equal(a.string, "");
    ovsdb_atom_destroy(&a, OVSDB_TYPE_STRING);
    ovsdb_atom_init_default(&a, OVSDB_TYPE_UUID);
    assert_true(uuid_is_zero(&a.uuid));
    ovsdb_atom_init_default(&a, OVSDB_TYPE_INTEGER);
    assert_int_equal(a.integer, 0);

    a.real = 0.0;
    b.real = -0.0;
    assert_int_equal(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_REAL), 0);
    assert_int_equal(ovsdb_atom_hash(&a, OVSDB_TYPE_REAL, 0),
                     ovsdb_atom_hash(&b, OVSDB_TYPE_REAL, 0));

    a.integer = -5;
    b.integer = 3;
    assert_int_equal(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_INTEGER),
                     -1);
    assert_int_equal(ovsdb_atom_compare_3way(&b, &a, OVSDB_TYPE_INTEGER), 1);
    assert_int_not_equal(ovsdb_atom_hash(&a, OVSDB_TYPE_INTEGER, 0),
                         ovsdb_atom_hash(&b, OVSDB_TYPE_INTEGER, 0));

    a.boolean = false;
    b.boolean = true;
    assert_true(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_BOOLEAN) < 0);

    assert_string_equal(ovsdb_atomic_type_to_string(OVSDB_TYPE_REAL),
                        "real");
    assert_string_equal(ovsdb_atomic_type_to_string(OVSDB_TYPE_UUID),
                        "uuid");

    struct ovsdb_error *error = ovsdb_error_create("syntax error",
                                                   "bad %d", 5);
    char *s = ovsdb_error_to_string(error);
    assert_string_equal(s, "syntax error: bad 5");
    free(s);
    json_t *json = ovsdb_error_to_json(error);
    s = json_text(json);
    assert_string_equal(s, "{\"details\":\"bad 5\",\"error\":"
                        "\"syntax error\"}");
    free(s);
    json_decref(json);
    ovsdb_error_destroy(error);
    ovsdb_error_destroy(NULL);
}

/* Datums in JSON. */

static void
test_datum_json(void **state)
{
    check_json_round_trip("i", "5", "5");
    check_json_round_trip("i", "[\"set\", [5]]", "5");
    check_json_round_trip("r", "2", "2.0");
    check_json_round_trip("b", "false", "false");
    check_json_round_trip("s", "\"x y\"", "\"x y\"");
    check_json_round_trip("u", "[\"uuid\", \"fedcba98-7654-3210-fedc-"
                          "ba9876543210\"]", "[\"uuid\",\"fedcba98-7654-"
                          "3210-fedc-ba9876543210\"]");
    check_json_round_trip("vlan", "[\"set\", []]", "[\"set\",[]]");
    check_json_round_trip("vlan", "10", "10");
    check_json_round_trip("trunks", "[\"set\", [30, 10, 20]]",
                          "[\"set\",[10,20,30]]");
    check_json_round_trip("trunks", "[\"set\", [7]]", "7");
    check_json_round_trip("strs", "[\"set\", [\"b\", \"a\"]]",
                          "[\"set\",[\"a\",\"b\"]]");
    check_json_round_trip("smap", "[\"map\", [[\"b\", \"2\"], "
                          "[\"a\", \"1\"]]]",
                          "[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"]]]");
    check_json_round_trip("smap", "[\"map\", [[\"k\", \"v\"]]]",
                          "[\"map\",[[\"k\",\"v\"]]]");
    check_json_round_trip("smap", "[\"map\", []]", "[\"map\",[]]");
    check_json_round_trip("omap", "[\"map\", [[\"k\", 7]]]",
                          "[\"map\",[[\"k\",7]]]");
    check_json_round_trip("imap", "[\"map\", [[2, \"a\"], [1, \"b\"]]]",
                          "[\"map\",[[1,\"b\"],[2,\"a\"]]]");
    check_json_round_trip("refs", "[\"set\", [[\"uuid\", \"fedcba98-7654-"
                          "3210-fedc-ba9876543210\"], [\"uuid\", \"0123abcd-"
                          "4567-89ab-cdef-0123456789ab\"]]]",
                          "[\"set\",[[\"uuid\",\"0123abcd-4567-89ab-cdef-"
                          "0123456789ab\"],[\"uuid\",\"fedcba98-7654-3210-"
                          "fedc-ba9876543210\"]]]");

    /* Datum contents after sorting, maps keep their pairs. */
    struct ovsdb_datum d;
    datum_from_text(&d, col("smap"),
                    "[\"map\", [[\"z\", \"1\"], [\"m\", \"2\"], "
                    "[\"a\", \"3\"]]]");
    assert_int_equal(d.n, 3);
    assert_string_equal(d.keys[0].string, "a");
    assert_string_equal(d.values[0].string, "3");
    assert_string_equal(d.keys[2].string, "z");
    assert_string_equal(d.values[2].string, "1");
    ovsdb_datum_destroy(&d, col("smap"));
}

/* A symbol table with two names. */
static bool
test_symtab_lookup(struct ovsdb_symtab *symtab, const char *name,
                   struct uuid *uuid)
{
    if (!strcmp(name, "row1") || !strcmp(name, "@row1")) {
        return uuid_from_string(uuid, uuid1);
    } else if (!strcmp(name, "row2")) {
        return uuid_from_string(uuid, uuid2);
    }
    return false;
}

static struct ovsdb_symtab test_symtab = { test_symtab_lookup };

static void
test_named_uuid(void **state)
{
    struct ovsdb_datum d;
    json_t *json = parse_json("[\"set\", [[\"named-uuid\", \"row2\"], "
                              "[\"named-uuid\", \"row1\"]]]");
    expect_ok(ovsdb_datum_from_json(&d, col("refs"), json, &test_symtab));
    assert_int_equal(d.n, 2);
    char buf[UUID_LEN + 1];
    uuid_format(&d.keys[0].uuid, buf);
    assert_string_equal(buf, uuid1);
    uuid_format(&d.keys[1].uuid, buf);
    assert_string_equal(buf, uuid2);
    ovsdb_datum_destroy(&d, col("refs"));

    /* Without a symbol table named-uuids are not allowed. */
    expect_error(ovsdb_datum_from_json(&d, col("refs"), json, NULL),
                 "syntax error", "named-uuid \"row2\" is not allowed");
    json_decref(json);

    json = parse_json("[\"named-uuid\", \"row3\"]");
    expect_error(ovsdb_datum_from_json(&d, col("u"), json, &test_symtab),
                 "syntax error", "unknown named-uuid \"row3\"");
    json_decref(json);

    /* The text form resolves names through the table too. */
    expect_ok(ovsdb_datum_from_string(&d, col("refs"), "[@row1, "
                                      "fedcba98-7654-3210-fedc-"
                                      "ba9876543210]", &test_symtab));
    assert_int_equal(d.n, 2);
    uuid_format(&d.keys[0].uuid, buf);
    assert_string_equal(buf, uuid1);
    ovsdb_datum_destroy(&d, col("refs"));
    expect_error(ovsdb_datum_from_string(&d, col("refs"), "@row9",
                                         &test_symtab),
                 "syntax error", "\"@row9\" is not a valid UUID");
}

static void
test_datum_json_syntax_errors(void **state)
{
    expect_error(datum_json_error("i", "1.5", true), "syntax error",
                 "expected an integer, got 1.5");
    expect_error(datum_json_error("i", "\"5\"", true), "syntax error",
                 "got \"5\"");
    expect_error(datum_json_error("r", "true", true), "syntax error",
                 "expected a real number, got true");
    expect_error(datum_json_error("b", "0", true), "syntax error",
                 "expected a boolean, got 0");
    expect_error(datum_json_error("s", "5", true), "syntax error",
                 "expected a string, got 5");
    expect_error(datum_json_error("u", "\"0123abcd-4567-89ab-cdef-"
                                  "0123456789ab\"", true), "syntax error",
                 "[\"uuid\", \"...\"]");
    expect_error(datum_json_error("u", "[\"uuid\", \"zzz\"]", true),
                 "syntax error", "\"zzz\" is not a valid UUID");
    expect_error(datum_json_error("smap", "[\"set\", []]", true),
                 "syntax error", "[\"map\"");
    expect_error(datum_json_error("smap", "[\"map\", [[\"a\"]]]", true),
                 "syntax error", "[key, value] pair, got [\"a\"]");
    expect_error(datum_json_error("smap", "[\"map\", [[\"a\", 1]]]", true),
                 "syntax error", "expected a string, got 1");
    expect_error(datum_json_error("trunks", "[\"set\", [1, \"x\"]]", true),
                 "syntax error", "got \"x\"");
    expect_error(datum_json_error("trunks", "[\"list\", [1]]", true),
                 "syntax error", "expected an integer");
}

static void
test_constraints(void **state)
{
    expect_error(datum_json_error("vlan", "5000", true),
                 "constraint violation", "5000 is not in the range 0 to "
                 "4095");
    expect_error(datum_json_error("trunks", "[\"set\", [1, -1]]", true),
                 "constraint violation", "-1 is not in the range 0 to "
                 "4095");
    expect_error(datum_json_error("pos", "0", true), "constraint violation",
                 "0 is less than the minimum allowed value 1");
    expect_error(datum_json_error("neg", "0", true), "constraint violation",
                 "0 is greater than the maximum allowed value -1");
    expect_error(datum_json_error("ratio", "1.5", true),
                 "constraint violation", "1.5 is not in the range 0 to 1");
    expect_error(datum_json_error("mode", "\"bogus\"", true),
                 "constraint violation", "\"bogus\" is not one of the "
                 "allowed values (access, trunk)");
    expect_error(datum_json_error("imap", "[\"map\", [[1, \"c\"]]]", true),
                 "constraint violation", "\"c\" is not one of the allowed");
    expect_error(datum_json_error("name", "\"a\"", true),
                 "constraint violation", "\"a\" is 1 characters long, "
                 "fewer than the minimum length 2");
    expect_error(datum_json_error("name", "\"h\\u00e9llo\"", true),
                 "constraint violation", "5 characters long, more than "
                 "the maximum length 4");

    /* Length counts UTF-8 characters, not bytes. */
    struct ovsdb_datum d;
    datum_from_text(&d, col("name"), "\"h\\u00e9ll\"");
    assert_int_equal(strlen(d.keys[0].string), 5);
    ovsdb_datum_destroy(&d, col("name"));
    datum_from_text(&d, col("ratio"), "1");
    assert_true(d.keys[0].real == 1.0);
    ovsdb_datum_destroy(&d, col("ratio"));
    datum_from_text(&d, col("mode"), "\"access\"");
    ovsdb_datum_destroy(&d, col("mode"));

    /* Size range. */
    expect_error(datum_json_error("two", "[\"set\", []]", true),
                 "constraint violation", "empty value has 0 elements but "
                 "at least 1 is required");
    expect_error(datum_json_error("two", "[\"set\", [1, 2, 3]]", true),
                 "constraint violation", "[1, 2, 3] has 3 elements but at "
                 "most 2 are allowed");
    expect_error(datum_json_error("vlan", "[\"set\", [1, 2]]", true),
                 "constraint violation", "at most 1 is allowed");
    expect_ok(datum_json_error("two", "[\"set\", [1, 2, 3]]", false));
    expect_ok(datum_json_error("i", "[\"set\", []]", false));
    expect_error(datum_json_error("i", "[\"set\", []]", true),
                 "constraint violation", "at least 1");

    /* Duplicates. */
    expect_error(datum_json_error("trunks", "[\"set\", [3, 1, 3]]", true),
                 "constraint violation", "set contains duplicate value 3");
    expect_error(datum_json_error("smap", "[\"map\", [[\"k\", \"1\"], "
                                  "[\"k\", \"2\"]]]", true),
                 "constraint violation", "map contains duplicate key \"k\"");
    expect_error(datum_json_error("trunks", "[\"set\", [3, 3]]", false),
                 "constraint violation", "duplicate");

    /* ovsdb_atom_check_constraints() directly. */
    union ovsdb_atom atom = { .integer = 4096 };
    expect_error(ovsdb_atom_check_constraints(&atom, &col("vlan")->key),
                 "constraint violation", "4096 is not in the range");
    atom.integer = 4095;
    expect_ok(ovsdb_atom_check_constraints(&atom, &col("vlan")->key));
}

/* Text forms. */

/* Asserts that 'in' parses for 'column' and formats as 'out', and that
 * 'out' parses back to the same datum. */
static void
check_string_round_trip(const char *column, const char *in, const char *out)
{
    const struct ovsdb_type *type = col(column);
    struct ovsdb_datum d, again;
    struct ovsdb_error *error = ovsdb_datum_from_string(&d, type, in, NULL);
    if (error) {
        fail_msg("%s: '%s': %s", column, in, error->details);
    }
    char *s = ovsdb_datum_to_string(&d, type);
    if (strcmp(s, out)) {
        fail_msg("%s: '%s' formats as '%s', expected '%s'",
                 column, in, s, out);
    }
    expect_ok(ovsdb_datum_from_string(&again, type, s, NULL));
    assert_true(ovsdb_datum_equals(&d, &again, type));
    ovsdb_datum_destroy(&again, type);
    ovsdb_datum_destroy(&d, type);
    free(s);
}

static void
test_string_forms(void **state)
{
    check_string_round_trip("i", "10", "10");
    check_string_round_trip("i", " -5 ", "-5");
    check_string_round_trip("r", "1.5", "1.5");
    check_string_round_trip("r", "2", "2");
    check_string_round_trip("r", "0.1", "0.1");
    check_string_round_trip("b", "true", "true");
    check_string_round_trip("b", "false", "false");
    check_string_round_trip("s", "hello", "hello");
    check_string_round_trip("s", "tcp:10.0.0.1:6653", "tcp:10.0.0.1:6653");
    check_string_round_trip("s", "/run/x_y-z.sock", "/run/x_y-z.sock");
    check_string_round_trip("s", "\"hello world\"", "\"hello world\"");
    check_string_round_trip("s", "", "\"\"");
    check_string_round_trip("s", "\"\"", "\"\"");
    check_string_round_trip("s", "\"123\"", "\"123\"");
    check_string_round_trip("s", "\"1e5\"", "\"1e5\"");
    check_string_round_trip("s", "\"true\"", "\"true\"");
    check_string_round_trip("s", "\"a\\\"b\\\\c\\n\"", "\"a\\\"b\\\\c\\n\"");
    check_string_round_trip("s", "\"\\u00e9t\\u00e9\"", "\"\xc3\xa9t"
                            "\xc3\xa9\"");
    check_string_round_trip("s", "\"\\/\\b\\f\\r\\t\"",
                            "\"/\\b\\f\\r\\t\"");
    check_string_round_trip("s", "\"\\ud83d\\ude00\"",
                            "\"\xf0\x9f\x98\x80\"");
    check_string_round_trip("s", "\"0123abcd-4567-89ab-cdef-0123456789ab\"",
                            "\"0123abcd-4567-89ab-cdef-0123456789ab\"");
    check_string_round_trip("u", "0123ABCD-4567-89ab-cdef-0123456789ab",
                            "0123abcd-4567-89ab-cdef-0123456789ab");
    check_string_round_trip("vlan", "", "[]");
    check_string_round_trip("vlan", "[]", "[]");
    check_string_round_trip("vlan", "10", "10");
    check_string_round_trip("vlan", "[10]", "10");
    check_string_round_trip("mode", "access", "access");
    check_string_round_trip("trunks", "[3,1,2]", "[1, 2, 3]");
    check_string_round_trip("trunks", "1, 2", "[1, 2]");
    check_string_round_trip("trunks", "5", "[5]");
    check_string_round_trip("trunks", " [ ] ", "[]");
    check_string_round_trip("strs", "[b, \"a b\", \"\"]",
                            "[\"\", \"a b\", b]");
    check_string_round_trip("smap", "{b=y, a=x}", "{a=x, b=y}");
    check_string_round_trip("smap", "{n=\"1\", t=\"true\"}",
                            "{n=\"1\", t=\"true\"}");
    check_string_round_trip("smap", "{ k = \"x, y\" }", "{k=\"x, y\"}");
    check_string_round_trip("smap", "{}", "{}");
    check_string_round_trip("smap", "", "{}");
    check_string_round_trip("smap", "a=p,b=q", "{a=p, b=q}");
    check_string_round_trip("smap", "{\"=\"=\"{}\"}", "{\"=\"=\"{}\"}");
    check_string_round_trip("imap", "{2=a, 1=b}", "{1=b, 2=a}");
    check_string_round_trip("omap", "{a=1}", "{a=1}");
    check_string_round_trip("omap", "", "{}");

    /* Atoms alone. */
    union ovsdb_atom atom = { .string = "needs \"quotes\"" };
    char *s = ovsdb_atom_to_string(&atom, OVSDB_TYPE_STRING);
    assert_string_equal(s, "\"needs \\\"quotes\\\"\"");
    free(s);
    atom.string = "tab\there\x01";
    s = ovsdb_atom_to_string(&atom, OVSDB_TYPE_STRING);
    assert_string_equal(s, "\"tab\\there\\u0001\"");
    free(s);
    atom.real = 0.1 + 0.2;
    s = ovsdb_atom_to_string(&atom, OVSDB_TYPE_REAL);
    assert_true(strtod(s, NULL) == 0.1 + 0.2);
    free(s);
    atom.integer = INT64_MIN;
    s = ovsdb_atom_to_string(&atom, OVSDB_TYPE_INTEGER);
    assert_string_equal(s, "-9223372036854775808");
    free(s);
}

static void
check_string_error(const char *column, const char *in, const char *tag,
                   const char *substring)
{
    struct ovsdb_datum d;
    struct ovsdb_error *error = ovsdb_datum_from_string(&d, col(column), in,
                                                        NULL);
    if (!error) {
        fail_msg("%s: '%s' parsed but should fail", column, in);
    }
    if (strcmp(error->tag, tag)) {
        fail_msg("%s: '%s': %s: %s", column, in, error->tag, error->details);
    }
    expect_error(error, tag, substring);
}

static void
test_string_errors(void **state)
{
    check_string_error("vlan", "5000", "constraint violation",
                       "\"5000\" is not in the range 0 to 4095");
    check_string_error("trunks", "[1, 9999]", "constraint violation",
                       "\"9999\" is not in the range 0 to 4095");
    check_string_error("i", "abc", "syntax error",
                       "\"abc\" is not a valid integer");
    check_string_error("i", "", "syntax error", "missing value");
    check_string_error("i", "12abc", "syntax error",
                       "\"12abc\" is not a valid integer");
    check_string_error("i", "99999999999999999999", "syntax error",
                       "not a valid integer");
    check_string_error("r", "nan", "syntax error",
                       "\"nan\" is not a valid real number");
    check_string_error("b", "yes", "syntax error",
                       "\"yes\" is not a valid boolean");
    check_string_error("u", "not-a-uuid", "syntax error",
                       "\"not-a-uuid\" is not a valid UUID");
    check_string_error("mode", "bogus", "constraint violation",
                       "\"bogus\" is not one of the allowed values "
                       "(access, trunk)");
    check_string_error("name", "\"x\"", "constraint violation",
                       "\"x\" is 1 characters long");
    check_string_error("trunks", "[1,,2]", "syntax error",
                       "\"[1,,2]\": missing value");
    check_string_error("trunks", "[1, 2", "syntax error", "missing \"]\"");
    check_string_error("trunks", "[1, 2]]", "syntax error",
                       "unexpected \"]\"");
    check_string_error("trunks", "1,", "syntax error", "missing value");
    check_string_error("trunks", "[1, 1]", "constraint violation",
                       "duplicate value 1");
    check_string_error("two", "[]", "constraint violation",
                       "at least 1 is required");
    check_string_error("two", "[1,2,3]", "constraint violation",
                       "at most 2 are allowed");
    check_string_error("vlan", "[1, 2]", "constraint violation",
                       "at most 1");
    check_string_error("s", "hello world", "syntax error",
                       "unexpected \"world\"");
    check_string_error("s", "\"unterminated", "syntax error",
                       "missing closing quote");
    check_string_error("s", "\"bad \\q escape\"", "syntax error",
                       "invalid escape");
    check_string_error("s", "\"\\u0000\"", "syntax error",
                       "invalid escape");
    check_string_error("s", "\"\\udc00\"", "syntax error",
                       "invalid escape");
    check_string_error("s", "\"\\ud83dx\"", "syntax error",
                       "invalid escape");
    check_string_error("s", "\"a\"b", "syntax error", "unexpected");
    check_string_error("s", "\"\xff\"", "syntax error", "not valid UTF-8");
    check_string_error("smap", "{a}", "syntax error", "missing \"=\"");
    check_string_error("smap", "{a=1", "syntax error", "missing \"}\"");
    check_string_error("smap", "{a=1, a=2}", "constraint violation",
                       "duplicate key \"a\"");
    check_string_error("imap", "{x=a}", "syntax error",
                       "\"x\" is not a valid integer");
    check_string_error("imap", "{1=c}", "constraint violation",
                       "\"c\" is not one of the allowed values");
}

/* Set algebra. */

static char *
datum_text(const struct ovsdb_datum *d, const char *column)
{
    return ovsdb_datum_to_string(d, col(column));
}

static void
parse_string_ok(struct ovsdb_datum *d, const char *column, const char *s)
{
    expect_ok(ovsdb_datum_from_string(d, col(column), s, NULL));
}

static void
test_set_algebra(void **state)
{
    const struct ovsdb_type *type = col("strs");
    struct ovsdb_datum a, b, c;
    char *s;

    parse_string_ok(&a, "strs", "[a, c, e]");
    parse_string_ok(&b, "strs", "[b, c, f]");
    ovsdb_datum_union(&a, &b, type);
    s = datum_text(&a, "strs");
    assert_string_equal(s, "[a, b, c, e, f]");
    free(s);

    parse_string_ok(&c, "strs", "[a, f]");
    assert_true(ovsdb_datum_includes_all(&a, &c, type));
    assert_false(ovsdb_datum_excludes_all(&a, &c, type));
    ovsdb_datum_destroy(&c, type);
    parse_string_ok(&c, "strs", "[a, z]");
    assert_false(ovsdb_datum_includes_all(&a, &c, type));
    assert_false(ovsdb_datum_excludes_all(&a, &c, type));
    ovsdb_datum_destroy(&c, type);
    parse_string_ok(&c, "strs", "[d, z]");
    assert_true(ovsdb_datum_excludes_all(&a, &c, type));
    assert_false(ovsdb_datum_includes_all(&a, &c, type));
    ovsdb_datum_destroy(&c, type);
    ovsdb_datum_init_empty(&c);
    assert_true(ovsdb_datum_includes_all(&a, &c, type));
    assert_true(ovsdb_datum_excludes_all(&a, &c, type));

    parse_string_ok(&c, "strs", "[0, b, e, z]");
    ovsdb_datum_subtract(&a, type, &c, type);
    s = datum_text(&a, "strs");
    assert_string_equal(s, "[a, c, f]");
    free(s);

    /* Union into an empty datum and subtracting everything. */
    struct ovsdb_datum empty;
    ovsdb_datum_init_empty(&empty);
    ovsdb_datum_union(&empty, &a, type);
    assert_true(ovsdb_datum_equals(&empty, &a, type));
    ovsdb_datum_subtract(&empty, type, &a, type);
    assert_int_equal(empty.n, 0);
    ovsdb_datum_destroy(&empty, type);

    assert_int_equal(ovsdb_datum_find_key(&a, &(union ovsdb_atom) {
                .string = "c" }, OVSDB_TYPE_STRING), 1);
    assert_int_equal(ovsdb_datum_find_key(&a, &(union ovsdb_atom) {
                .string = "b" }, OVSDB_TYPE_STRING), SIZE_MAX);

    ovsdb_datum_destroy(&a, type);
    ovsdb_datum_destroy(&b, type);
    ovsdb_datum_destroy(&c, type);
}

static void
test_map_algebra(void **state)
{
    const struct ovsdb_type *type = col("smap");
    const struct ovsdb_type *keys_type = col("strs");
    struct ovsdb_datum a, b;
    char *s;

    parse_string_ok(&a, "smap", "{a=v1, b=v2, c=v3}");
    parse_string_ok(&b, "smap", "{b=v9, d=v4}");
    ovsdb_datum_union(&a, &b, type);
    s = datum_text(&a, "smap");
    assert_string_equal(s, "{a=v1, b=v2, c=v3, d=v4}");
    free(s);
    ovsdb_datum_destroy(&b, type);

    /* Pairs must match exactly for includes/excludes. */
    parse_string_ok(&b, "smap", "{a=v1, d=v4}");
    assert_true(ovsdb_datum_includes_all(&a, &b, type));
    assert_false(ovsdb_datum_excludes_all(&a, &b, type));
    ovsdb_datum_destroy(&b, type);
    parse_string_ok(&b, "smap", "{a=v2}");
    assert_false(ovsdb_datum_includes_all(&a, &b, type));
    assert_true(ovsdb_datum_excludes_all(&a, &b, type));
    ovsdb_datum_destroy(&b, type);

    /* Subtract a map: only exact pairs go. */
    parse_string_ok(&b, "smap", "{b=v9, c=v3}");
    ovsdb_datum_subtract(&a, type, &b, type);
    s = datum_text(&a, "smap");
    assert_string_equal(s, "{a=v1, b=v2, d=v4}");
    free(s);
    ovsdb_datum_destroy(&b, type);

    /* Subtract a set of keys. */
    parse_string_ok(&b, "strs", "[a, d, zz]");
    ovsdb_datum_subtract(&a, type, &b, keys_type);
    s = datum_text(&a, "smap");
    assert_string_equal(s, "{b=v2}");
    free(s);
    ovsdb_datum_destroy(&b, keys_type);

    ovsdb_datum_destroy(&a, type);
}

static void
test_compare_and_copy(void **state)
{
    const struct ovsdb_type *type = col("trunks");
    const struct ovsdb_type *mtype = col("imap");
    struct ovsdb_datum a, b, c;

    parse_string_ok(&a, "trunks", "[1, 2]");
    parse_string_ok(&b, "trunks", "[1, 3]");
    parse_string_ok(&c, "trunks", "[1]");
    assert_true(ovsdb_datum_compare_3way(&a, &b, type) < 0);
    assert_true(ovsdb_datum_compare_3way(&b, &a, type) > 0);
    assert_true(ovsdb_datum_compare_3way(&c, &a, type) < 0);
    assert_false(ovsdb_datum_equals(&a, &c, type));
    ovsdb_datum_destroy(&c, type);
    ovsdb_datum_clone(&c, &a, type);
    assert_true(ovsdb_datum_equals(&a, &c, type));
    assert_int_equal(ovsdb_datum_compare_3way(&a, &c, type), 0);
    ovsdb_datum_swap(&b, &c);
    assert_int_equal(b.keys[1].integer, 2);
    assert_int_equal(c.keys[1].integer, 3);
    ovsdb_datum_destroy(&a, type);
    ovsdb_datum_destroy(&b, type);
    ovsdb_datum_destroy(&c, type);
    ovsdb_datum_destroy(NULL, type);

    parse_string_ok(&a, "imap", "{1=a, 2=b}");
    parse_string_ok(&b, "imap", "{1=a, 2=a}");
    assert_true(ovsdb_datum_compare_3way(&b, &a, mtype) < 0);
    assert_false(ovsdb_datum_equals(&a, &b, mtype));
    ovsdb_datum_clone(&c, &a, mtype);
    assert_true(ovsdb_datum_equals(&a, &c, mtype));
    ovsdb_datum_destroy(&a, mtype);
    ovsdb_datum_destroy(&b, mtype);
    ovsdb_datum_destroy(&c, mtype);

    /* Defaults. */
    ovsdb_datum_init_default(&a, col("i"));
    assert_int_equal(a.n, 1);
    assert_int_equal(a.keys[0].integer, 0);
    ovsdb_datum_destroy(&a, col("i"));
    ovsdb_datum_init_default(&a, col("s"));
    assert_int_equal(a.n, 1);
    assert_string_equal(a.keys[0].string, "");
    ovsdb_datum_destroy(&a, col("s"));
    ovsdb_datum_init_default(&a, col("vlan"));
    assert_int_equal(a.n, 0);
    ovsdb_datum_init_default(&a, col("smap"));
    assert_int_equal(a.n, 0);
    assert_null(a.values);
}

static void
test_sort(void **state)
{
    const struct ovsdb_type *type = col("imap");
    struct ovsdb_datum d;
    enum { N = 1000 };

    /* A map built out of order keeps each value with its key. */
    d.n = N;
    d.keys = xmalloc(N * sizeof *d.keys);
    d.values = xmalloc(N * sizeof *d.values);
    for (size_t i = 0; i < N; i++) {
        d.keys[i].integer = (int64_t) ((i * 7919) % N);
        d.values[i].string = xasprintf("%"PRId64, d.keys[i].integer);
    }
    expect_ok(ovsdb_datum_sort(&d, type));
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(d.keys[i].integer, i);
        char *expected = xasprintf("%zu", i);
        assert_string_equal(d.values[i].string, expected);
        free(expected);
    }
    expect_ok(ovsdb_datum_check_size(&d, type));
    expect_error(ovsdb_datum_check_size(&d, col("two")),
                 "constraint violation", "1000 elements");

    /* A duplicate is reported, and the datum can still be freed. */
    free(d.values[5].string);
    d.values[5].string = xstrdup("x");
    d.keys[5].integer = 900;
    expect_error(ovsdb_datum_sort(&d, type), "constraint violation",
                 "map contains duplicate key 900");
    ovsdb_datum_destroy(&d, type);
}

/* Union and subtraction of large sets stay correct (and fast enough that
 * a quadratic version would show). */
static void
test_large_sets(void **state)
{
    const struct ovsdb_type *type = col("strs");
    enum { N = 20000 };
    struct ovsdb_datum evens, odds;

    ovsdb_datum_init_empty(&evens);
    ovsdb_datum_init_empty(&odds);
    evens.keys = xmalloc(N * sizeof *evens.keys);
    odds.keys = xmalloc(N * sizeof *odds.keys);
    for (size_t i = 0; i < N; i++) {
        evens.keys[evens.n++].string = xasprintf("k%08zu", 2 * i);
        odds.keys[odds.n++].string = xasprintf("k%08zu", 2 * i + 1);
    }
    ovsdb_datum_union(&evens, &odds, type);
    assert_int_equal(evens.n, 2 * N);
    for (size_t i = 0; i < 2 * N; i += 997) {
        char *expected = xasprintf("k%08zu", i);
        assert_string_equal(evens.keys[i].string, expected);
        free(expected);
    }
    assert_true(ovsdb_datum_includes_all(&evens, &odds, type));
    ovsdb_datum_subtract(&evens, type, &odds, type);
    assert_int_equal(evens.n, N);
    assert_true(ovsdb_datum_excludes_all(&evens, &odds, type));
    ovsdb_datum_destroy(&evens, type);
    ovsdb_datum_destroy(&odds, type);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sluice_schema),
        cmocka_unit_test(test_test_schema),
        cmocka_unit_test(test_schema_default_roots),
        cmocka_unit_test(test_schema_round_trip),
        cmocka_unit_test(test_ovs_vswitch_schema),
        cmocka_unit_test(test_schema_errors),
        cmocka_unit_test(test_atom_json),
        cmocka_unit_test(test_atom_misc),
        cmocka_unit_test(test_datum_json),
        cmocka_unit_test(test_named_uuid),
        cmocka_unit_test(test_datum_json_syntax_errors),
        cmocka_unit_test(test_constraints),
        cmocka_unit_test(test_string_forms),
        cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_set_algebra),
        cmocka_unit_test(test_map_algebra),
        cmocka_unit_test(test_compare_and_copy),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_large_sets),
    };
    return cmocka_run_group_tests(tests, setup_schema, teardown_schema);
}
