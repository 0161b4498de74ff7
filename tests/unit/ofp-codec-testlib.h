/* Helpers shared by the OpenFlow message codec's unit tests
 * (test-ofp-codec.c, test-ofp-codec-stats.c): a corpus of every message
 * the tests encode, message checks, sample matches, actions, ports, flow
 * and group mods, and the robustness test that replays the corpus
 * truncated and mutated through the fuzz target.  Test code only;
 * single-threaded. */
#ifndef SLUICE_OFP_CODEC_TESTLIB_H
#define SLUICE_OFP_CODEC_TESTLIB_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-codec.h"

/* The fuzz target's entry point (tests/fuzz/fuzz-ofp-codec.c). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every message oct_check_one() sees is appended here. */
extern struct ofpbuf oct_corpus;

/* Returns the message at 'offset' of 'b'. */
const struct ofp_header *oct_msg_at(const struct ofpbuf *b, size_t offset);
/* Checks that 'b' holds exactly one message, of 'type', adds it to the
 * corpus and returns it. */
const struct ofp_header *oct_check_one(const struct ofpbuf *b,
                                       enum ofptype type);
/* Parses 'hex' (spaces allowed) into a new buffer of '*lenp' bytes. */
uint8_t *oct_hex_to_bytes(const char *hex, size_t *lenp);
/* Asserts that 'b' holds exactly the bytes 'hex'. */
void oct_assert_bytes(const struct ofpbuf *b, const char *hex);
/* Sets field 'id' of 'm' to the 'n' bytes at 'value' (wire order) under
 * 'mask' (NULL: exact). */
void oct_set_field(struct match *m, enum mf_field_id id, const void *value,
                   size_t n, const void *mask);
/* A match on in_port=1, ip, nw_src=10.0.0.0/24 (OF1.0-expressible). */
void oct_make_match(struct match *m);
/* A new one-element output action list. */
struct ofpact *oct_make_output(uint32_t port, uint16_t max_len);
void oct_make_port(struct ofp_port_desc *pd, uint32_t port_no,
                   const char *name);
/* An OF1.3 add with a TCP match and every kind of instruction. */
void oct_make_flow_mod13(struct ofp_flow_mod *fm);
/* A select group 7 with two weighted buckets. */
void oct_make_group(struct ofp_group_mod *gm);
/* A 60-byte ARP request frame. */
extern const uint8_t oct_frame[60];

/* Replays the corpus, truncated at every length and mutated at random,
 * through the fuzz target (a cmocka test). */
void oct_test_robustness(void **state);

#endif /* tests/unit/ofp-codec-testlib.h */
