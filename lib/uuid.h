/* RFC 4122 version 4 UUIDs, as OVSDB uses them for row identities.
 * Thread-safe. */
#ifndef SLUICE_UUID_H
#define SLUICE_UUID_H 1

#include <stdbool.h>
#include <stdint.h>

#define UUID_LEN 36             /* Length of the text form, without NUL. */

struct uuid {
    uint32_t parts[4];
};

/* Fills 'uuid' with a fresh random (version 4) UUID. */
void uuid_generate(struct uuid *uuid);

/* Writes the 36-character text form of 'uuid' plus a NUL into 'buf'. */
void uuid_format(const struct uuid *uuid, char buf[UUID_LEN + 1]);

/* Parses the text form 's' into 'uuid'.  Returns false if 's' is not
 * exactly a UUID in 8-4-4-4-12 hex form. */
bool uuid_from_string(struct uuid *uuid, const char *s);

/* Returns true if 's' looks like a UUID's text form. */
bool uuid_is_string(const char *s);

int uuid_compare_3way(const struct uuid *a, const struct uuid *b);
bool uuid_equals(const struct uuid *a, const struct uuid *b);
bool uuid_is_zero(const struct uuid *uuid);
uint32_t uuid_hash(const struct uuid *uuid);

#endif /* lib/uuid.h */
