#include "lib/uuid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "lib/util.h"

void
uuid_generate(struct uuid *uuid)
{
    size_t got = 0;
    while (got < sizeof *uuid) {
        ssize_t n = getrandom((char *) uuid + got, sizeof *uuid - got, 0);
        if (n < 0) {
            sluice_abort("getrandom failed");
        }
        got += n;
    }
    /* Version 4, variant 10xx. */
    uuid->parts[1] = (uuid->parts[1] & 0xffff0fff) | 0x00004000;
    uuid->parts[2] = (uuid->parts[2] & 0x3fffffff) | 0x80000000;
}

void
uuid_format(const struct uuid *u, char buf[UUID_LEN + 1])
{
    snprintf(buf, UUID_LEN + 1, "%08x-%04x-%04x-%04x-%04x%08x",
             u->parts[0], u->parts[1] >> 16, u->parts[1] & 0xffff,
             u->parts[2] >> 16, u->parts[2] & 0xffff, u->parts[3]);
}

bool
uuid_is_string(const char *s)
{
    if (strlen(s) != UUID_LEN) {
        return false;
    }
    for (int i = 0; i < UUID_LEN; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return true;
}

static uint32_t
hex32(const char *s, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++) {
        int c = tolower((unsigned char) s[i]);
        v = (v << 4) | (uint32_t) (isdigit(c) ? c - '0' : c - 'a' + 10);
    }
    return v;
}

bool
uuid_from_string(struct uuid *u, const char *s)
{
    if (!uuid_is_string(s)) {
        return false;
    }
    u->parts[0] = hex32(s, 8);
    u->parts[1] = (hex32(s + 9, 4) << 16) | hex32(s + 14, 4);
    u->parts[2] = (hex32(s + 19, 4) << 16) | hex32(s + 24, 4);
    u->parts[3] = hex32(s + 28, 8);
    return true;
}

int
uuid_compare_3way(const struct uuid *a, const struct uuid *b)
{
    for (int i = 0; i < 4; i++) {
        if (a->parts[i] != b->parts[i]) {
            return a->parts[i] < b->parts[i] ? -1 : 1;
        }
    }
    return 0;
}

bool
uuid_equals(const struct uuid *a, const struct uuid *b)
{
    return !memcmp(a, b, sizeof *a);
}

bool
uuid_is_zero(const struct uuid *u)
{
    return !(u->parts[0] | u->parts[1] | u->parts[2] | u->parts[3]);
}

uint32_t
uuid_hash(const struct uuid *u)
{
    return u->parts[0];
}
