/* OVSDB atoms and datums (RFC 7047 section 5.1): their JSON and ovs-vsctl
 * text forms, constraint checks and set algebra.  Errors, type names and
 * schemas are in lib/ovsdb-schema.c. */
#include "lib/ovsdb-data.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hmap.h"

/* A growable string. */
struct sbuf {
    char *s;
    size_t len, cap;
};

static void
sbuf_reserve(struct sbuf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = 2 * b->cap > b->len + n + 1 ? 2 * b->cap : b->len + n + 1;
        b->s = xrealloc(b->s, b->cap);
    }
}

static void
sbuf_putn(struct sbuf *b, const char *s, size_t n)
{
    sbuf_reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void
sbuf_puts(struct sbuf *b, const char *s)
{
    sbuf_putn(b, s, strlen(s));
}

static void
sbuf_putc(struct sbuf *b, char c)
{
    sbuf_putn(b, &c, 1);
}

/* Returns the string built in 'b', never NULL; the caller frees it. */
static char *
sbuf_steal(struct sbuf *b)
{
    return b->s ? b->s : xstrdup("");
}

/* Atoms. */

void
ovsdb_atom_init_default(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_INTEGER:
        atom->integer = 0;
        break;
    case OVSDB_TYPE_REAL:
        atom->real = 0.0;
        break;
    case OVSDB_TYPE_BOOLEAN:
        atom->boolean = false;
        break;
    case OVSDB_TYPE_STRING:
        atom->string = xstrdup("");
        break;
    case OVSDB_TYPE_UUID:
        memset(&atom->uuid, 0, sizeof atom->uuid);
        break;
    }
}

void
ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                 enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_STRING) {
        dst->string = xstrdup(src->string);
    } else {
        *dst = *src;
    }
}

void
ovsdb_atom_destroy(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    if (atom && type == OVSDB_TYPE_STRING) {
        free(atom->string);
        atom->string = NULL;
    }
}

int
ovsdb_atom_compare_3way(const union ovsdb_atom *a, const union ovsdb_atom *b,
                        enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_VOID:
        return 0;
    case OVSDB_TYPE_INTEGER:
        return a->integer < b->integer ? -1 : a->integer > b->integer;
    case OVSDB_TYPE_REAL:
        return a->real < b->real ? -1 : a->real > b->real;
    case OVSDB_TYPE_BOOLEAN:
        return (int) a->boolean - (int) b->boolean;
    case OVSDB_TYPE_STRING: {
        int cmp = strcmp(a->string, b->string);
        return cmp < 0 ? -1 : cmp > 0;
    }
    case OVSDB_TYPE_UUID:
        return uuid_compare_3way(&a->uuid, &b->uuid);
    }
    return 0;
}

uint32_t
ovsdb_atom_hash(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                uint32_t basis)
{
    switch (type) {
    case OVSDB_TYPE_VOID:
        return basis;
    case OVSDB_TYPE_INTEGER:
        return hash_bytes(&atom->integer, sizeof atom->integer, basis);
    case OVSDB_TYPE_REAL: {
        /* -0.0 and 0.0 compare equal, so they must hash equal. */
        double x = atom->real == 0.0 ? 0.0 : atom->real;
        return hash_bytes(&x, sizeof x, basis);
    }
    case OVSDB_TYPE_BOOLEAN: {
        unsigned char b = atom->boolean;
        return hash_bytes(&b, 1, basis);
    }
    case OVSDB_TYPE_STRING:
        return hash_bytes(atom->string, strlen(atom->string), basis);
    case OVSDB_TYPE_UUID:
        return hash_bytes(atom->uuid.parts, sizeof atom->uuid.parts, basis);
    }
    return basis;
}

/* Returns a new string naming 'json' in an error message. */
static char *
json_to_display(const json_t *json)
{
    char *s = json_dumps(json, JSON_ENCODE_ANY | JSON_COMPACT);
    return s ? s : xstrdup("<unprintable>");
}

/* Returns a new string naming 'atom' in an error message: strings in
 * double quotes, other atoms in their text form. */
static char *
atom_to_display(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_STRING) {
        json_t *j = json_string(atom->string);
        char *s = j ? json_to_display(j) : xasprintf("\"%s\"", atom->string);
        json_decref(j);
        return s;
    }
    return ovsdb_atom_to_string(atom, type);
}

/* Returns the number of UTF-8 characters in 's'. */
static size_t
utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char) *s & 0xc0) != 0x80;
    }
    return n;
}

/* Returns true if 's' is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
static bool
utf8_is_valid(const char *s_)
{
    const unsigned char *s = (const unsigned char *) s_;
    while (*s) {
        unsigned int c = *s, n;
        uint32_t cp, min;
        if (c < 0x80) {
            s++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        for (unsigned int i = 1; i <= n; i++) {
            if ((s[i] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        s += n + 1;
    }
    return true;
}

/* Returns true if 'atom' satisfies the constraints of 'base'.  The fast
 * path of the checks below, which also explain a failure. */
static bool
atom_satisfies(const union ovsdb_atom *atom,
               const struct ovsdb_base_type *base)
{
    if (base->enum_
        && ovsdb_datum_find_key(base->enum_, atom, base->type) == SIZE_MAX) {
        return false;
    }
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return (atom->integer >= base->min_integer
                && atom->integer <= base->max_integer);
    case OVSDB_TYPE_REAL:
        return atom->real >= base->min_real && atom->real <= base->max_real;
    case OVSDB_TYPE_STRING:
        if (base->min_length || base->max_length != UINT_MAX) {
            size_t len = utf8_length(atom->string);
            return len >= base->min_length && len <= base->max_length;
        }
        return true;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_UUID:
        return true;
    }
    return true;
}

/* Checks 'atom' against 'base', naming it 'name' in an error. */
static struct ovsdb_error *
check_constraints__(const union ovsdb_atom *atom,
                    const struct ovsdb_base_type *base, const char *name)
{
    if (atom_satisfies(atom, base)) {
        return NULL;
    }
    if (base->enum_
        && ovsdb_datum_find_key(base->enum_, atom, base->type) == SIZE_MAX) {
        struct sbuf list = { NULL, 0, 0 };
        for (size_t i = 0; i < base->enum_->n; i++) {
            char *s = ovsdb_atom_to_string(&base->enum_->keys[i], base->type);
            if (i) {
                sbuf_puts(&list, ", ");
            }
            sbuf_puts(&list, s);
            free(s);
        }
        struct ovsdb_error *error = ovsdb_error_create(
            "constraint violation",
            "%s is not one of the allowed values (%s)",
            name, list.s ? list.s : "");
        free(list.s);
        return error;
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER: {
        if (base->min_integer != INT64_MIN
                   && base->max_integer != INT64_MAX) {
            return ovsdb_error_create(
                "constraint violation",
                "%s is not in the range %"PRId64" to %"PRId64,
                name, base->min_integer, base->max_integer);
        } else if (atom->integer < base->min_integer) {
            return ovsdb_error_create(
                "constraint violation",
                "%s is less than the minimum allowed value %"PRId64,
                name, base->min_integer);
        } else {
            return ovsdb_error_create(
                "constraint violation",
                "%s is greater than the maximum allowed value %"PRId64,
                name, base->max_integer);
        }
    }
    case OVSDB_TYPE_REAL: {
        if (base->min_real != -DBL_MAX && base->max_real != DBL_MAX) {
            return ovsdb_error_create(
                "constraint violation", "%s is not in the range %.17g to "
                "%.17g", name, base->min_real, base->max_real);
        } else if (atom->real < base->min_real) {
            return ovsdb_error_create(
                "constraint violation",
                "%s is less than the minimum allowed value %.17g",
                name, base->min_real);
        } else {
            return ovsdb_error_create(
                "constraint violation",
                "%s is greater than the maximum allowed value %.17g",
                name, base->max_real);
        }
    }
    case OVSDB_TYPE_STRING: {
        size_t len = utf8_length(atom->string);
        if (len < base->min_length) {
            return ovsdb_error_create(
                "constraint violation", "%s is %zu characters long, fewer "
                "than the minimum length %u", name, len, base->min_length);
        } else if (len > base->max_length) {
            return ovsdb_error_create(
                "constraint violation", "%s is %zu characters long, more "
                "than the maximum length %u", name, len, base->max_length);
        }
        return NULL;
    }
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_UUID:
        return NULL;
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_atom_check_constraints(const union ovsdb_atom *atom,
                             const struct ovsdb_base_type *base)
{
    if (atom_satisfies(atom, base)) {
        return NULL;
    }
    char *name = atom_to_display(atom, base->type);
    struct ovsdb_error *error = check_constraints__(atom, base, name);
    free(name);
    return error;
}

/* Returns a "syntax error" saying that 'json' is not a 'what'. */
static struct ovsdb_error *
json_type_error(const json_t *json, const char *what)
{
    char *s = json_to_display(json);
    struct ovsdb_error *error = ovsdb_error_create(
        "syntax error", "expected %s, got %s", what, s);
    free(s);
    return error;
}

/* Parses ["uuid", "..."] or ["named-uuid", "..."] 'json'. */
static struct ovsdb_error *
uuid_from_json(struct uuid *uuid, const json_t *json,
               struct ovsdb_symtab *symtab)
{
    const json_t *tag = json_array_get(json, 0);
    const json_t *arg = json_array_get(json, 1);
    if (!json_is_array(json) || json_array_size(json) != 2
        || !json_is_string(tag) || !json_is_string(arg)) {
        return json_type_error(json, "[\"uuid\", \"...\"]");
    }
    const char *s = json_string_value(arg);
    if (!strcmp(json_string_value(tag), "uuid")) {
        if (!uuid_from_string(uuid, s)) {
            return ovsdb_error_create("syntax error",
                                      "\"%s\" is not a valid UUID", s);
        }
        return NULL;
    } else if (!strcmp(json_string_value(tag), "named-uuid")) {
        if (!symtab) {
            return ovsdb_error_create("syntax error", "named-uuid \"%s\" "
                                      "is not allowed here", s);
        }
        if (!symtab->lookup(symtab, s, uuid)) {
            return ovsdb_error_create("syntax error",
                                      "unknown named-uuid \"%s\"", s);
        }
        return NULL;
    }
    return json_type_error(json, "[\"uuid\", \"...\"]");
}

struct ovsdb_error *
ovsdb_atom_from_json(union ovsdb_atom *atom,
                     const struct ovsdb_base_type *base, const json_t *json,
                     struct ovsdb_symtab *symtab)
{
    struct ovsdb_error *error = NULL;

    switch (base->type) {
    case OVSDB_TYPE_VOID:
        return ovsdb_error_create("syntax error", "void type has no atoms");
    case OVSDB_TYPE_INTEGER:
        if (!json_is_integer(json)) {
            return json_type_error(json, "an integer");
        }
        atom->integer = json_integer_value(json);
        break;
    case OVSDB_TYPE_REAL:
        if (!json_is_number(json)) {
            return json_type_error(json, "a real number");
        }
        atom->real = json_number_value(json);
        break;
    case OVSDB_TYPE_BOOLEAN:
        if (!json_is_boolean(json)) {
            return json_type_error(json, "a boolean");
        }
        atom->boolean = json_is_true(json);
        break;
    case OVSDB_TYPE_STRING:
        if (!json_is_string(json)) {
            return json_type_error(json, "a string");
        }
        if (strlen(json_string_value(json)) != json_string_length(json)) {
            return ovsdb_error_create("syntax error", "string contains a "
                                      "null character");
        }
        atom->string = xstrdup(json_string_value(json));
        break;
    case OVSDB_TYPE_UUID:
        error = uuid_from_json(&atom->uuid, json, symtab);
        if (error) {
            return error;
        }
        break;
    }

    error = ovsdb_atom_check_constraints(atom, base);
    if (error) {
        ovsdb_atom_destroy(atom, base->type);
    }
    return error;
}

json_t *
ovsdb_atom_to_json(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    char buf[UUID_LEN + 1];

    switch (type) {
    case OVSDB_TYPE_VOID:
        return json_null();
    case OVSDB_TYPE_INTEGER:
        return json_integer(atom->integer);
    case OVSDB_TYPE_REAL:
        return json_real(atom->real);
    case OVSDB_TYPE_BOOLEAN:
        return json_boolean(atom->boolean);
    case OVSDB_TYPE_STRING:
        return json_string(atom->string);
    case OVSDB_TYPE_UUID:
        uuid_format(&atom->uuid, buf);
        return json_pack("[s, s]", "uuid", buf);
    }
    return json_null();
}

/* Appends the Unicode code point 'cp' to 'b' as UTF-8. */
static void
put_utf8(struct sbuf *b, uint32_t cp)
{
    if (cp < 0x80) {
        sbuf_putc(b, cp);
    } else if (cp < 0x800) {
        sbuf_putc(b, 0xc0 | (cp >> 6));
        sbuf_putc(b, 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        sbuf_putc(b, 0xe0 | (cp >> 12));
        sbuf_putc(b, 0x80 | ((cp >> 6) & 0x3f));
        sbuf_putc(b, 0x80 | (cp & 0x3f));
    } else {
        sbuf_putc(b, 0xf0 | (cp >> 18));
        sbuf_putc(b, 0x80 | ((cp >> 12) & 0x3f));
        sbuf_putc(b, 0x80 | ((cp >> 6) & 0x3f));
        sbuf_putc(b, 0x80 | (cp & 0x3f));
    }
}

static bool
parse_hex4(const char *s, uint32_t *value)
{
    *value = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = (c >= '0' && c <= '9' ? c - '0'
                 : c >= 'a' && c <= 'f' ? c - 'a' + 10
                 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                 : -1);
        if (d < 0) {
            return false;
        }
        *value = (*value << 4) | d;
    }
    return true;
}

/* Pairs of a character and the letter of its backslash escape in quoted
 * strings (JSON's escapes). */
static const char string_escapes[] = "\"\"\\\\\nn\rr\tt\bb\ff//";

/* Parses the double-quoted 'token' (JSON string escapes) into a new string
 * in '*outp'.  'token' must be exactly one quoted string. */
static struct ovsdb_error *
unquote(const char *token, char **outp)
{
    struct sbuf b = { NULL, 0, 0 };
    const char *p = token + 1;

    *outp = NULL;
    for (;;) {
        char c = *p++;
        if (c == '"') {
            break;
        } else if (c == '\0') {
            free(b.s);
            return ovsdb_error_create("syntax error", "%s: missing closing "
                                      "quote", token);
        } else if (c != '\\') {
            sbuf_putc(&b, c);
            continue;
        }

        c = *p++;
        uint32_t cp;
        switch (c) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n':
        case 'r': case 't':
            /* The character that 'c' escapes precedes it in the table. */
            for (const char *e = string_escapes; *e; e += 2) {
                if (e[1] == c) {
                    sbuf_putc(&b, e[0]);
                    break;
                }
            }
            break;
        case 'u':
            if (!parse_hex4(p, &cp)) {
                goto bad_escape;
            }
            p += 4;
            if (cp >= 0xd800 && cp < 0xdc00) {
                uint32_t lo;
                if (p[0] != '\\' || p[1] != 'u' || !parse_hex4(p + 2, &lo)
                    || lo < 0xdc00 || lo > 0xdfff) {
                    goto bad_escape;
                }
                p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            } else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
                goto bad_escape;
            }
            put_utf8(&b, cp);
            break;
        default:
            goto bad_escape;
        }
    }
    if (*p) {
        free(b.s);
        return ovsdb_error_create("syntax error", "%s: trailing characters "
                                  "after closing quote", token);
    }
    *outp = sbuf_steal(&b);
    return NULL;

bad_escape:
    free(b.s);
    return ovsdb_error_create("syntax error", "%s: invalid escape sequence",
                              token);
}

struct ovsdb_error *
ovsdb_atom_from_string(union ovsdb_atom *atom,
                       const struct ovsdb_base_type *base, const char *s,
                       struct ovsdb_symtab *symtab)
{
    struct ovsdb_error *error = NULL;
    char *text;

    if (s[0] == '"') {
        error = unquote(s, &text);
        if (error) {
            return error;
        }
    } else {
        text = xstrdup(s);
    }
    char *name = s[0] == '"' ? xstrdup(s) : xasprintf("\"%s\"", s);

    char *end;
    switch (base->type) {
    case OVSDB_TYPE_VOID:
        error = ovsdb_error_create("syntax error", "void type has no atoms");
        break;
    case OVSDB_TYPE_INTEGER:
        errno = 0;
        atom->integer = strtoll(text, &end, 10);
        if (!*text || *end || errno) {
            error = ovsdb_error_create("syntax error",
                                       "%s is not a valid integer", name);
        }
        break;
    case OVSDB_TYPE_REAL:
        errno = 0;
        atom->real = strtod(text, &end);
        if (!*text || *end || errno || !isfinite(atom->real)) {
            error = ovsdb_error_create("syntax error",
                                       "%s is not a valid real number", name);
        }
        break;
    case OVSDB_TYPE_BOOLEAN:
        if (!strcmp(text, "true")) {
            atom->boolean = true;
        } else if (!strcmp(text, "false")) {
            atom->boolean = false;
        } else {
            error = ovsdb_error_create("syntax error", "%s is not a valid "
                                       "boolean (use true or false)", name);
        }
        break;
    case OVSDB_TYPE_STRING:
        if (!utf8_is_valid(text)) {
            error = ovsdb_error_create("syntax error",
                                       "%s is not valid UTF-8", name);
        } else {
            atom->string = text;
            text = NULL;
        }
        break;
    case OVSDB_TYPE_UUID:
        if (!uuid_from_string(&atom->uuid, text)
            && !(symtab && symtab->lookup(symtab, text, &atom->uuid))) {
            error = ovsdb_error_create("syntax error",
                                       "%s is not a valid UUID", name);
        }
        break;
    }
    free(text);

    if (!error) {
        error = check_constraints__(atom, base, name);
        if (error) {
            ovsdb_atom_destroy(atom, base->type);
        }
    }
    free(name);
    return error;
}

/* Returns true if 's' must be quoted to read back as the string 's'. */
static bool
string_needs_quotes(const char *s)
{
    if (!*s || !strcmp(s, "true") || !strcmp(s, "false")
        || uuid_is_string(s)) {
        return true;
    }
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || strchr("_.:/-", c))) {
            return true;
        }
    }
    char *end;
    errno = 0;
    (void) strtod(s, &end);
    return *end == '\0';
}

static void
quote_string(struct sbuf *b, const char *s)
{
    sbuf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = *s;
        const char *e = c == '/' ? NULL : strchr(string_escapes, c);
        if (e && (e - string_escapes) % 2 == 0) {
            sbuf_putc(b, '\\');
            sbuf_putc(b, e[1]);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sbuf_puts(b, esc);
        } else {
            sbuf_putc(b, c);
        }
    }
    sbuf_putc(b, '"');
}

static void
put_atom_string(struct sbuf *b, const union ovsdb_atom *atom,
                enum ovsdb_atomic_type type)
{
    char buf[64];

    switch (type) {
    case OVSDB_TYPE_VOID:
        break;
    case OVSDB_TYPE_INTEGER:
        snprintf(buf, sizeof buf, "%"PRId64, atom->integer);
        sbuf_puts(b, buf);
        break;
    case OVSDB_TYPE_REAL:
        snprintf(buf, sizeof buf, "%.15g", atom->real);
        if (strtod(buf, NULL) != atom->real) {
            snprintf(buf, sizeof buf, "%.17g", atom->real);
        }
        sbuf_puts(b, buf);
        break;
    case OVSDB_TYPE_BOOLEAN:
        sbuf_puts(b, atom->boolean ? "true" : "false");
        break;
    case OVSDB_TYPE_STRING:
        if (string_needs_quotes(atom->string)) {
            quote_string(b, atom->string);
        } else {
            sbuf_puts(b, atom->string);
        }
        break;
    case OVSDB_TYPE_UUID:
        uuid_format(&atom->uuid, buf);
        sbuf_puts(b, buf);
        break;
    }
}

char *
ovsdb_atom_to_string(const union ovsdb_atom *atom,
                     enum ovsdb_atomic_type type)
{
    struct sbuf b = { NULL, 0, 0 };
    put_atom_string(&b, atom, type);
    return sbuf_steal(&b);
}

/* Datums. */

void
ovsdb_datum_init_empty(struct ovsdb_datum *datum)
{
    datum->n = 0;
    datum->keys = NULL;
    datum->values = NULL;
}

void
ovsdb_datum_init_default(struct ovsdb_datum *datum,
                         const struct ovsdb_type *type)
{
    ovsdb_datum_init_empty(datum);
    if (type->n_min) {
        datum->n = 1;
        datum->keys = xmalloc(sizeof *datum->keys);
        ovsdb_atom_init_default(&datum->keys[0], type->key.type);
        if (ovsdb_type_is_map(type)) {
            datum->values = xmalloc(sizeof *datum->values);
            ovsdb_atom_init_default(&datum->values[0], type->value.type);
        }
    }
}

static union ovsdb_atom *
clone_atoms(const union ovsdb_atom *src, size_t n,
            enum ovsdb_atomic_type type)
{
    if (!src || !n) {
        return NULL;
    }
    union ovsdb_atom *dst = xmalloc(n * sizeof *dst);
    for (size_t i = 0; i < n; i++) {
        ovsdb_atom_clone(&dst[i], &src[i], type);
    }
    return dst;
}

void
ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                  const struct ovsdb_type *type)
{
    dst->n = src->n;
    dst->keys = clone_atoms(src->keys, src->n, type->key.type);
    dst->values = (ovsdb_type_is_map(type)
                   ? clone_atoms(src->values, src->n, type->value.type)
                   : NULL);
}

static void
destroy_atoms(union ovsdb_atom *atoms, size_t n, enum ovsdb_atomic_type type)
{
    if (atoms && type == OVSDB_TYPE_STRING) {
        for (size_t i = 0; i < n; i++) {
            free(atoms[i].string);
        }
    }
    free(atoms);
}

void
ovsdb_datum_destroy(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    if (datum) {
        destroy_atoms(datum->keys, datum->n, type->key.type);
        destroy_atoms(datum->values, datum->n, type->value.type);
        ovsdb_datum_init_empty(datum);
    }
}

void
ovsdb_datum_swap(struct ovsdb_datum *a, struct ovsdb_datum *b)
{
    struct ovsdb_datum tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Returns 'json''s argument if it is [tag, [...]], otherwise NULL. */
static const json_t *
tagged_array(const json_t *json, const char *tag)
{
    const json_t *jtag = json_array_get(json, 0);
    const json_t *arg = json_array_get(json, 1);
    if (json_is_array(json) && json_array_size(json) == 2
        && json_is_string(jtag) && !strcmp(json_string_value(jtag), tag)
        && json_is_array(arg)) {
        return arg;
    }
    return NULL;
}

static struct ovsdb_error *
datum_from_json__(struct ovsdb_datum *datum, const struct ovsdb_type *type,
                  const json_t *json, struct ovsdb_symtab *symtab,
                  bool check_size)
{
    struct ovsdb_error *error = NULL;

    ovsdb_datum_init_empty(datum);
    if (ovsdb_type_is_map(type)) {
        const json_t *pairs = tagged_array(json, "map");
        if (!pairs) {
            return json_type_error(json, "[\"map\", [[key, value], ...]]");
        }
        size_t n = json_array_size(pairs);
        datum->keys = xcalloc(n, sizeof *datum->keys);
        datum->values = xcalloc(n, sizeof *datum->values);
        for (size_t i = 0; i < n; i++) {
            const json_t *pair = json_array_get(pairs, i);
            if (!json_is_array(pair) || json_array_size(pair) != 2) {
                error = json_type_error(pair, "a [key, value] pair");
                break;
            }
            error = ovsdb_atom_from_json(&datum->keys[i], &type->key,
                                         json_array_get(pair, 0), symtab);
            if (error) {
                break;
            }
            error = ovsdb_atom_from_json(&datum->values[i], &type->value,
                                         json_array_get(pair, 1), symtab);
            if (error) {
                ovsdb_atom_destroy(&datum->keys[i], type->key.type);
                break;
            }
            datum->n++;
        }
    } else {
        const json_t *elems = tagged_array(json, "set");
        size_t n = elems ? json_array_size(elems) : 1;
        datum->keys = xcalloc(n, sizeof *datum->keys);
        for (size_t i = 0; i < n; i++) {
            error = ovsdb_atom_from_json(
                &datum->keys[i], &type->key,
                elems ? json_array_get(elems, i) : json, symtab);
            if (error) {
                break;
            }
            datum->n++;
        }
    }

    if (!error) {
        error = ovsdb_datum_sort(datum, type);
    }
    if (!error && check_size) {
        error = ovsdb_datum_check_size(datum, type);
    }
    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

struct ovsdb_error *
ovsdb_datum_from_json(struct ovsdb_datum *datum,
                      const struct ovsdb_type *type, const json_t *json,
                      struct ovsdb_symtab *symtab)
{
    return datum_from_json__(datum, type, json, symtab, true);
}

struct ovsdb_error *
ovsdb_datum_from_json_unsized(struct ovsdb_datum *datum,
                              const struct ovsdb_type *type,
                              const json_t *json,
                              struct ovsdb_symtab *symtab)
{
    return datum_from_json__(datum, type, json, symtab, false);
}

json_t *
ovsdb_datum_to_json(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type)
{
    if (ovsdb_type_is_map(type)) {
        json_t *pairs = json_array();
        for (size_t i = 0; i < datum->n; i++) {
            json_array_append_new(
                pairs, json_pack("[o, o]",
                                 ovsdb_atom_to_json(&datum->keys[i],
                                                    type->key.type),
                                 ovsdb_atom_to_json(&datum->values[i],
                                                    type->value.type)));
        }
        return json_pack("[s, o]", "map", pairs);
    }
    if (datum->n == 1) {
        return ovsdb_atom_to_json(&datum->keys[0], type->key.type);
    }
    json_t *elems = json_array();
    for (size_t i = 0; i < datum->n; i++) {
        json_array_append_new(elems, ovsdb_atom_to_json(&datum->keys[i],
                                                        type->key.type));
    }
    return json_pack("[s, o]", "set", elems);
}

/* The ovs-vsctl text form. */

static const char *
skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    return p;
}

/* Extracts the token at '*p' into a new string in '*tokenp' and advances
 * '*p' past it: a double-quoted string (quotes and escapes kept) or a run
 * of characters other than white space and "=,[]{}".  'text' is the whole
 * input, for error messages. */
static struct ovsdb_error *
next_token(const char **p, const char *text, char **tokenp)
{
    const char *start = *p, *q = start;

    *tokenp = NULL;
    if (*q == '"') {
        for (q++; *q != '"'; q++) {
            if (*q == '\\' && q[1]) {
                q++;
            } else if (!*q) {
                return ovsdb_error_create("syntax error", "\"%s\": missing "
                                          "closing quote", text);
            }
        }
        q++;
    } else {
        q += strcspn(q, " \t\r\n=,[]{}");
        if (q == start) {
            return ovsdb_error_create(
                "syntax error", "\"%s\": missing value %s", text,
                *q ? "before" : "at end of input");
        }
    }
    *tokenp = xstrndup(start, q - start);
    *p = q;
    return NULL;
}

/* Parses the token at '*p' as an atom of 'base' into 'atom'. */
static struct ovsdb_error *
parse_atom_token(const char **p, const char *text,
                 const struct ovsdb_base_type *base, union ovsdb_atom *atom,
                 struct ovsdb_symtab *symtab)
{
    char *token;
    struct ovsdb_error *error = next_token(p, text, &token);
    if (!error) {
        error = ovsdb_atom_from_string(atom, base, token, symtab);
        free(token);
    }
    *p = skip_spaces(*p);
    return error;
}

/* Appends an element to 'datum', whose arrays have room for '*cap'. */
static void
datum_reserve(struct ovsdb_datum *datum, size_t *cap, bool is_map)
{
    if (datum->n >= *cap) {
        *cap = *cap ? 2 * *cap : 4;
        datum->keys = xrealloc(datum->keys, *cap * sizeof *datum->keys);
        if (is_map) {
            datum->values = xrealloc(datum->values,
                                     *cap * sizeof *datum->values);
        }
    }
}

static struct ovsdb_error *
datum_parse_string(struct ovsdb_datum *datum, const struct ovsdb_type *type,
                   const char *text, struct ovsdb_symtab *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    const char *p = skip_spaces(text);
    char open = is_map ? '{' : '[';
    char close = is_map ? '}' : ']';
    struct ovsdb_error *error;
    size_t cap = 0;

    if (!*p && ovsdb_type_is_scalar(type)
        && type->key.type == OVSDB_TYPE_STRING) {
        datum_reserve(datum, &cap, false);
        error = ovsdb_atom_from_string(&datum->keys[0], &type->key, "",
                                       symtab);
        datum->n = !error;
        return error;
    }

    if (!*p && ovsdb_type_is_scalar(type)) {
        return ovsdb_error_create("syntax error", "\"%s\": missing value",
                                  text);
    }

    bool braced = *p == open;
    if (braced) {
        p = skip_spaces(p + 1);
    }
    if (braced ? *p != close : *p != '\0') {
        for (;;) {
            datum_reserve(datum, &cap, is_map);
            error = parse_atom_token(&p, text, &type->key,
                                     &datum->keys[datum->n], symtab);
            if (error) {
                return error;
            }
            if (is_map) {
                if (*p != '=') {
                    ovsdb_atom_destroy(&datum->keys[datum->n],
                                       type->key.type);
                    return ovsdb_error_create(
                        "syntax error", "\"%s\": missing \"=\" after a map "
                        "key", text);
                }
                p = skip_spaces(p + 1);
                error = parse_atom_token(&p, text, &type->value,
                                         &datum->values[datum->n], symtab);
                if (error) {
                    ovsdb_atom_destroy(&datum->keys[datum->n],
                                       type->key.type);
                    return error;
                }
            }
            datum->n++;
            if (*p != ',') {
                break;
            }
            p = skip_spaces(p + 1);
        }
    }
    if (braced) {
        if (*p != close) {
            return ovsdb_error_create("syntax error", "\"%s\": missing "
                                      "\"%c\"", text, close);
        }
        p = skip_spaces(p + 1);
    }
    if (*p) {
        return ovsdb_error_create("syntax error", "\"%s\": unexpected "
                                  "\"%s\"", text, p);
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_datum_from_string(struct ovsdb_datum *datum,
                        const struct ovsdb_type *type, const char *s,
                        struct ovsdb_symtab *symtab)
{
    ovsdb_datum_init_empty(datum);
    struct ovsdb_error *error = datum_parse_string(datum, type, s, symtab);
    if (!error) {
        error = ovsdb_datum_sort(datum, type);
    }
    if (!error) {
        error = ovsdb_datum_check_size(datum, type);
    }
    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

char *
ovsdb_datum_to_string(const struct ovsdb_datum *datum,
                      const struct ovsdb_type *type)
{
    struct sbuf b = { NULL, 0, 0 };
    bool is_map = ovsdb_type_is_map(type);

    if (ovsdb_type_is_scalar(type)
        || (!is_map && ovsdb_type_is_optional(type) && datum->n == 1)) {
        if (datum->n) {
            put_atom_string(&b, &datum->keys[0], type->key.type);
        }
        return sbuf_steal(&b);
    }

    sbuf_putc(&b, is_map ? '{' : '[');
    for (size_t i = 0; i < datum->n; i++) {
        if (i) {
            sbuf_puts(&b, ", ");
        }
        put_atom_string(&b, &datum->keys[i], type->key.type);
        if (is_map) {
            sbuf_putc(&b, '=');
            put_atom_string(&b, &datum->values[i], type->value.type);
        }
    }
    sbuf_putc(&b, is_map ? '}' : ']');
    return sbuf_steal(&b);
}

/* Set algebra. */

int
ovsdb_datum_compare_3way(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    size_t n = a->n < b->n ? a->n : b->n;

    for (size_t i = 0; i < n; i++) {
        int cmp = ovsdb_atom_compare_3way(&a->keys[i], &b->keys[i],
                                          type->key.type);
        if (!cmp && is_map) {
            cmp = ovsdb_atom_compare_3way(&a->values[i], &b->values[i],
                                          type->value.type);
        }
        if (cmp) {
            return cmp;
        }
    }
    return a->n < b->n ? -1 : a->n > b->n;
}

bool
ovsdb_datum_equals(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
                   const struct ovsdb_type *type)
{
    return a->n == b->n && !ovsdb_datum_compare_3way(a, b, type);
}

size_t
ovsdb_datum_find_key(const struct ovsdb_datum *datum,
                     const union ovsdb_atom *key,
                     enum ovsdb_atomic_type type)
{
    size_t lo = 0, hi = datum->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = ovsdb_atom_compare_3way(key, &datum->keys[mid], type);
        if (!cmp) {
            return mid;
        } else if (cmp < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return SIZE_MAX;
}

/* Counts the elements of 'b' that are also in 'a' (same key and, if
 * 'match_values', same value), walking both sorted datums once. */
static size_t
count_common(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
             const struct ovsdb_type *type, bool match_values)
{
    size_t i = 0, j = 0, n = 0;
    while (i < a->n && j < b->n) {
        int cmp = ovsdb_atom_compare_3way(&a->keys[i], &b->keys[j],
                                          type->key.type);
        if (cmp < 0) {
            i++;
        } else if (cmp > 0) {
            j++;
        } else {
            n += (!match_values
                  || !ovsdb_atom_compare_3way(&a->values[i], &b->values[j],
                                              type->value.type));
            i++;
            j++;
        }
    }
    return n;
}

bool
ovsdb_datum_includes_all(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    return count_common(a, b, type, ovsdb_type_is_map(type)) == b->n;
}

bool
ovsdb_datum_excludes_all(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    return count_common(a, b, type, ovsdb_type_is_map(type)) == 0;
}

void
ovsdb_datum_union(struct ovsdb_datum *a, const struct ovsdb_datum *b,
                  const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    size_t cap = a->n + b->n;
    if (!b->n) {
        return;
    }

    union ovsdb_atom *keys = xmalloc(cap * sizeof *keys);
    union ovsdb_atom *values = is_map ? xmalloc(cap * sizeof *values) : NULL;
    size_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        int cmp = (i >= a->n ? 1 : j >= b->n ? -1
                   : ovsdb_atom_compare_3way(&a->keys[i], &b->keys[j],
                                             type->key.type));
        if (cmp <= 0) {
            keys[n] = a->keys[i];
            if (is_map) {
                values[n] = a->values[i];
            }
            i++;
            j += !cmp;
        } else {
            ovsdb_atom_clone(&keys[n], &b->keys[j], type->key.type);
            if (is_map) {
                ovsdb_atom_clone(&values[n], &b->values[j],
                                 type->value.type);
            }
            j++;
        }
        n++;
    }
    free(a->keys);
    free(a->values);
    a->keys = keys;
    a->values = values;
    a->n = n;
}

void
ovsdb_datum_subtract(struct ovsdb_datum *a, const struct ovsdb_type *a_type,
                     const struct ovsdb_datum *b,
                     const struct ovsdb_type *b_type)
{
    bool a_is_map = ovsdb_type_is_map(a_type);
    bool match_values = a_is_map && ovsdb_type_is_map(b_type);
    size_t i = 0, j = 0, n = 0;

    while (i < a->n) {
        int cmp = (j >= b->n ? -1
                   : ovsdb_atom_compare_3way(&a->keys[i], &b->keys[j],
                                             a_type->key.type));
        if (cmp > 0) {
            j++;
            continue;
        }
        bool remove = (!cmp
                       && (!match_values
                           || !ovsdb_atom_compare_3way(
                               &a->values[i], &b->values[j],
                               a_type->value.type)));
        if (remove) {
            ovsdb_atom_destroy(&a->keys[i], a_type->key.type);
            if (a_is_map) {
                ovsdb_atom_destroy(&a->values[i], a_type->value.type);
            }
        } else {
            a->keys[n] = a->keys[i];
            if (a_is_map) {
                a->values[n] = a->values[i];
            }
            n++;
        }
        i++;
        j += !cmp;
    }
    a->n = n;
}

/* Stable merge sort of the permutation 'idx' (with scratch space 'tmp') of
 * 'keys' by key. */
static void
sort_indexes(size_t *idx, size_t *tmp, size_t n,
             const union ovsdb_atom *keys, enum ovsdb_atomic_type type)
{
    if (n < 2) {
        return;
    }
    size_t half = n / 2;
    sort_indexes(idx, tmp, half, keys, type);
    sort_indexes(idx + half, tmp, n - half, keys, type);

    size_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        if (ovsdb_atom_compare_3way(&keys[idx[j]], &keys[idx[i]], type) < 0) {
            tmp[k++] = idx[j++];
        } else {
            tmp[k++] = idx[i++];
        }
    }
    while (i < half) {
        tmp[k++] = idx[i++];
    }
    while (j < n) {
        tmp[k++] = idx[j++];
    }
    memcpy(idx, tmp, n * sizeof *idx);
}

/* Reorders 'atoms' by the permutation 'idx'. */
static void
permute_atoms(union ovsdb_atom *atoms, const size_t *idx, size_t n)
{
    union ovsdb_atom *copy = xmalloc(n * sizeof *copy);
    memcpy(copy, atoms, n * sizeof *copy);
    for (size_t i = 0; i < n; i++) {
        atoms[i] = copy[idx[i]];
    }
    free(copy);
}

struct ovsdb_error *
ovsdb_datum_sort(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    size_t n = datum->n;
    if (n < 2) {
        return NULL;
    }

    size_t *idx = xmalloc(n * sizeof *idx);
    size_t *tmp = xmalloc(n * sizeof *tmp);
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
    }
    sort_indexes(idx, tmp, n, datum->keys, type->key.type);
    permute_atoms(datum->keys, idx, n);
    if (is_map) {
        permute_atoms(datum->values, idx, n);
    }
    free(idx);
    free(tmp);

    for (size_t i = 1; i < n; i++) {
        if (!ovsdb_atom_compare_3way(&datum->keys[i - 1], &datum->keys[i],
                                     type->key.type)) {
            char *name = atom_to_display(&datum->keys[i], type->key.type);
            struct ovsdb_error *error = ovsdb_error_create(
                "constraint violation", "%s contains duplicate %s %s",
                is_map ? "map" : "set", is_map ? "key" : "value", name);
            free(name);
            return error;
        }
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_datum_check_size(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type)
{
    if (datum->n >= type->n_min && datum->n <= type->n_max) {
        return NULL;
    }

    char *s = (datum->n ? ovsdb_datum_to_string(datum, type)
               : xstrdup("empty value"));
    struct ovsdb_error *error;
    if (datum->n < type->n_min) {
        error = ovsdb_error_create(
            "constraint violation", "%s has %zu elements but at least %u "
            "%s required", s, datum->n, type->n_min,
            type->n_min == 1 ? "is" : "are");
    } else {
        error = ovsdb_error_create(
            "constraint violation", "%s has %zu elements but at most %u "
            "%s allowed", s, datum->n, type->n_max,
            type->n_max == 1 ? "is" : "are");
    }
    free(s);
    return error;
}
