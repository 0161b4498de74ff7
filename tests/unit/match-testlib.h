/* Match builders shared by the OpenFlow unit tests: set a 16- or 32-bit
 * field of a match exactly, from a value in host byte order. */
#ifndef SLUICE_TESTS_MATCH_TESTLIB_H
#define SLUICE_TESTS_MATCH_TESTLIB_H 1

#include <arpa/inet.h>
#include <string.h>

#include "ofproto/match.h"

static inline void
tm_set_u32(struct match *m, enum mf_field_id id, uint32_t v)
{
    union mf_value val;
    memset(&val, 0, sizeof val);
    val.be32 = htonl(v);
    match_set_field(m, mf_from_id(id), &val, NULL);
}

static inline void
tm_set_u16(struct match *m, enum mf_field_id id, uint16_t v)
{
    union mf_value val;
    memset(&val, 0, sizeof val);
    val.be16 = htons(v);
    match_set_field(m, mf_from_id(id), &val, NULL);
}

#endif /* tests/unit/match-testlib.h */
