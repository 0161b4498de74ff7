/* The OpenFlow message codec: wire bytes <-> the internal forms of
 * ofproto/ofp-msgs.h, for OpenFlow 1.0 (wire version 0x01) and 1.3 (0x04);
 * OpenFlow 1.4 (0x05) appears only in HELLO negotiation.
 *
 * Used in both directions by both ends: the switch decodes requests and
 * encodes replies and asynchronous messages; sluice-ofctl encodes requests
 * and decodes replies.  Matches, actions and instructions inside messages
 * go through ofproto/ofp-match.h and ofproto/ofp-actions.h (which also
 * converts OF1.0 16-bit port numbers: ofp_port_from_ofp10()).
 *
 * Decoding.  A received message is first framed with ofp_msg_length() and
 * classified with ofp_decode_type(), which checks the header (version,
 * length, type, multipart type).  After that, the per-message decoders
 * take the 'struct ofp_header *' and may rely on its 'length' field: the
 * caller guarantees that many bytes are readable.  Every decoder checks
 * every length before it reads and returns 0 or the spec's ofperr
 * (OFPBRC_BAD_LEN for a body of the wrong size, and so on); on error the
 * output struct holds nothing that needs freeing.  Decoded structs that
 * own arrays are released with the matching _uninit/_free function;
 * packet data pointers point into the message and live as long as it.
 *
 * Encoding.  Every encoder appends one or more complete messages
 * (header with the given version and xid, correct length) to a 'struct
 * ofpbuf'.  Multipart replies bigger than 64 KiB are split into several
 * messages, all but the last with OFPMPF_REPLY_MORE.  An encoder asked
 * for a message that the version cannot express returns
 * OFPERR_OFPBRC_BAD_VERSION (or the closest spec error) and appends
 * nothing.
 *
 * Pure functions over plain data: safe from any thread. */
#ifndef SLUICE_OFP_CODEC_H
#define SLUICE_OFP_CODEC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/flow.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-msgs.h"

/* ---------------------------------------------------------------------
 * A growable byte buffer.
 * ------------------------------------------------------------------- */

struct ofpbuf {
    uint8_t *data;                   /* Owned; NULL when empty. */
    size_t size;                     /* Bytes in use. */
    size_t allocated;                /* Bytes allocated. */
};

void ofpbuf_init(struct ofpbuf *);
/* Frees the data; accepts NULL.  'b' may be reused after ofpbuf_init. */
void ofpbuf_uninit(struct ofpbuf *b);
/* Empties 'b' without freeing its memory. */
void ofpbuf_clear(struct ofpbuf *b);
/* Makes room for 'n' more bytes at the end of 'b' and returns a pointer
 * to them (uninitialised, or zeroed for _put_zeros), growing 'size'.  The
 * pointer is valid until the next call that grows 'b'. */
void *ofpbuf_put_uninit(struct ofpbuf *b, size_t n);
void *ofpbuf_put_zeros(struct ofpbuf *b, size_t n);
/* Appends the 'n' bytes at 'p' to 'b'; returns where they now are. */
void *ofpbuf_put(struct ofpbuf *b, const void *p, size_t n);
/* Returns the byte at 'offset' of 'b' (offset <= size). */
void *ofpbuf_at(const struct ofpbuf *b, size_t offset);

/* ---------------------------------------------------------------------
 * Framing and message types.
 * ------------------------------------------------------------------- */

/* The common header of every OpenFlow message (network byte order). */
struct ofp_header {
    uint8_t version;
    uint8_t type;
    ovs_be16 length;
    ovs_be32 xid;
};
#define OFP_HEADER_LEN 8
#define OFP_MAX_MSG_LEN 65535

/* Bitmaps of wire versions: bit N stands for wire version N. */
#define OFP_VERSION_BIT(V) (1u << (V))
#define OFP_VERSIONS_DEFAULT \
    (OFP_VERSION_BIT(OFP10_VERSION) | OFP_VERSION_BIT(OFP13_VERSION))

/* Version-independent message types.  OpenFlow 1.0's STATS messages map to
 * the same _STATS_REQUEST/_REPLY types as OF1.3's MULTIPART ones. */
enum ofptype {
    OFPTYPE_HELLO,
    OFPTYPE_ERROR,
    OFPTYPE_ECHO_REQUEST,
    OFPTYPE_ECHO_REPLY,
    OFPTYPE_EXPERIMENTER,            /* OF1.0 VENDOR. */
    OFPTYPE_FEATURES_REQUEST,
    OFPTYPE_FEATURES_REPLY,
    OFPTYPE_GET_CONFIG_REQUEST,
    OFPTYPE_GET_CONFIG_REPLY,
    OFPTYPE_SET_CONFIG,
    OFPTYPE_PACKET_IN,
    OFPTYPE_FLOW_REMOVED,
    OFPTYPE_PORT_STATUS,
    OFPTYPE_PACKET_OUT,
    OFPTYPE_FLOW_MOD,
    OFPTYPE_GROUP_MOD,               /* OF1.3 only. */
    OFPTYPE_PORT_MOD,
    OFPTYPE_TABLE_MOD,               /* OF1.3 only. */
    OFPTYPE_BARRIER_REQUEST,
    OFPTYPE_BARRIER_REPLY,
    OFPTYPE_QUEUE_GET_CONFIG_REQUEST,
    OFPTYPE_QUEUE_GET_CONFIG_REPLY,
    OFPTYPE_ROLE_REQUEST,            /* OF1.3 only (and the rest below). */
    OFPTYPE_ROLE_REPLY,
    OFPTYPE_GET_ASYNC_REQUEST,
    OFPTYPE_GET_ASYNC_REPLY,
    OFPTYPE_SET_ASYNC,
    OFPTYPE_METER_MOD,               /* Recognised so it can be refused. */

    /* Multipart (OF1.0: stats) requests and replies. */
    OFPTYPE_DESC_STATS_REQUEST,
    OFPTYPE_DESC_STATS_REPLY,
    OFPTYPE_FLOW_STATS_REQUEST,
    OFPTYPE_FLOW_STATS_REPLY,
    OFPTYPE_AGGREGATE_STATS_REQUEST,
    OFPTYPE_AGGREGATE_STATS_REPLY,
    OFPTYPE_TABLE_STATS_REQUEST,
    OFPTYPE_TABLE_STATS_REPLY,
    OFPTYPE_PORT_STATS_REQUEST,
    OFPTYPE_PORT_STATS_REPLY,
    OFPTYPE_QUEUE_STATS_REQUEST,
    OFPTYPE_QUEUE_STATS_REPLY,
    OFPTYPE_GROUP_STATS_REQUEST,     /* OF1.3 only (and the rest below). */
    OFPTYPE_GROUP_STATS_REPLY,
    OFPTYPE_GROUP_DESC_STATS_REQUEST,
    OFPTYPE_GROUP_DESC_STATS_REPLY,
    OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
    OFPTYPE_GROUP_FEATURES_STATS_REPLY,
    OFPTYPE_METER_STATS_REQUEST,     /* Recognised so they can be refused. */
    OFPTYPE_METER_CONFIG_STATS_REQUEST,
    OFPTYPE_METER_FEATURES_STATS_REQUEST,
    OFPTYPE_TABLE_FEATURES_STATS_REQUEST,
    OFPTYPE_TABLE_FEATURES_STATS_REPLY,
    OFPTYPE_PORT_DESC_STATS_REQUEST,
    OFPTYPE_PORT_DESC_STATS_REPLY,
    OFPTYPE_EXPERIMENTER_STATS_REQUEST,
    OFPTYPE_EXPERIMENTER_STATS_REPLY,
};

/* Returns the length of the first message in the 'avail' bytes at 'buf'
 * (from its header), or 0 if fewer than 8 bytes are available.  The
 * result may exceed 'avail' (the message is incomplete).  It is at least
 * 8 unless the header's length field is below 8: the result is then
 * between 1 and 7 (never 0), the stream cannot be framed and the caller
 * closes it. */
size_t ofp_msg_length(const void *buf, size_t avail);

/* Classifies the message at 'oh', of which 'avail' bytes are readable.
 * Returns 0 and stores its type in '*typep', or returns
 * OFPBRC_BAD_VERSION (not 1.0 or 1.3; HELLO and ERROR of any version are
 * accepted), OFPBRC_BAD_LEN (length field < 8, > 'avail', too short for
 * a multipart header, or a body on a message that has none: FEATURES,
 * GET_CONFIG and GET_ASYNC requests, BARRIER, and the DESC, TABLE,
 * PORT_DESC, GROUP_DESC and GROUP_FEATURES stats requests),
 * OFPBRC_BAD_TYPE (unknown type for the version) or OFPBRC_BAD_MULTIPART
 * (unknown multipart type).  Types marked "recognised so it can be
 * refused" above have no decoder. */
ofperr ofp_decode_type(const struct ofp_header *oh, size_t avail,
                       enum ofptype *typep);

/* Returns a name such as "OFPT_FLOW_MOD" or "OFPST_FLOW reply" for
 * 'type' (static storage). */
const char *ofptype_name(enum ofptype type);

/* Returns the xid of 'oh' in host byte order. */
uint32_t ofp_xid(const struct ofp_header *oh);

/* Returns true if 'oh', a multipart (stats) reply that passed
 * ofp_decode_type(), has OFPMPF_REPLY_MORE: more replies follow. */
bool ofp_multipart_more(const struct ofp_header *oh);

/* Appends a message that consists of nothing but its header (and, for
 * multipart requests, an empty multipart header): FEATURES_REQUEST,
 * GET_CONFIG_REQUEST, BARRIER_REQUEST/REPLY, GET_ASYNC_REQUEST, and the
 * DESC, TABLE, PORT_DESC, GROUP_DESC, GROUP_FEATURES and TABLE_FEATURES
 * stats requests.  Returns OFPBRC_BAD_TYPE for any other type and
 * OFPBRC_BAD_VERSION when 'version' lacks the message. */
ofperr ofp_encode_simple(enum ofptype type, uint8_t version, uint32_t xid,
                         struct ofpbuf *out);

/* ---------------------------------------------------------------------
 * HELLO, ERROR, ECHO, EXPERIMENTER.
 * ------------------------------------------------------------------- */

/* Appends a HELLO announcing 'versions' (a bitmap of OFP_VERSION_BIT):
 * the header carries the highest version, and a version-bitmap element
 * is included when that version is 1.3 or later. */
void ofp_encode_hello(uint32_t versions, uint32_t xid, struct ofpbuf *out);

/* Negotiates the version with the peer whose HELLO is 'hello', given our
 * allowed 'versions' bitmap.  With a version bitmap on both sides, the
 * result is the highest common version; if the peer sent no bitmap, it is
 * min(peer's version, our highest), provided we allow it.  Returns true
 * and stores the version in '*versionp', or returns false (the caller
 * answers with HELLO_FAILED/INCOMPATIBLE) and, if 'errtextp' is nonnull,
 * stores in it a malloc'd ASCII explanation for that error (caller
 * frees).  A malformed bitmap element is treated as absent, as the spec
 * asks of unknown elements. */
bool ofp_hello_negotiate(const struct ofp_header *hello, uint32_t versions,
                           uint8_t *versionp, char **errtextp);

/* Appends an OFPT_ERROR for 'error' in wire 'version' with 'xid'.  The
 * data is the first 64 bytes of 'request' (its length taken from its
 * header), or nothing if 'request' is NULL.  For OF1.0, error types are
 * renumbered and OF1.3-only errors map to the closest OF1.0 one. */
void ofp_encode_error(uint8_t version, uint32_t xid, ofperr error,
                      const struct ofp_header *request, struct ofpbuf *out);

/* Appends an OFPT_ERROR of type HELLO_FAILED, code INCOMPATIBLE, whose
 * data is the NUL-terminated ASCII 'text'. */
void ofp_encode_hello_failed(uint8_t version, uint32_t xid, const char *text,
                             struct ofpbuf *out);

/* Decodes the OFPT_ERROR 'oh' into '*errorp' (OF1.3 numbering, whatever
 * the version) and its data into '*datap'/'*lenp' (pointing into 'oh').
 * Returns 0 or OFPBRC_BAD_LEN. */
ofperr ofp_decode_error(const struct ofp_header *oh, ofperr *errorp,
                        const void **datap, size_t *lenp);

/* Appends an ECHO_REQUEST with 'len' bytes of 'data' as payload. */
void ofp_encode_echo_request(uint8_t version, uint32_t xid, const void *data,
                             size_t len, struct ofpbuf *out);
/* Appends the ECHO_REPLY to 'request': same version, xid and payload. */
void ofp_encode_echo_reply(const struct ofp_header *request,
                           struct ofpbuf *out);

/* Decodes an EXPERIMENTER (OF1.0 VENDOR) message or experimenter
 * multipart request into its experimenter id and (OF1.3; 0 for OF1.0)
 * experimenter type.  Returns 0 or OFPBRC_BAD_LEN.  The switch answers
 * every experimenter message with OFPBRC_BAD_EXPERIMENTER. */
ofperr ofp_decode_experimenter(const struct ofp_header *oh,
                               uint32_t *experimenterp, uint32_t *exp_typep);

/* ---------------------------------------------------------------------
 * Switch features and configuration.
 * ------------------------------------------------------------------- */

/* OFPC_* capabilities (OF1.3 numbering; OF1.0 shares the low bits). */
#define OFPC_FLOW_STATS (1 << 0)
#define OFPC_TABLE_STATS (1 << 1)
#define OFPC_PORT_STATS (1 << 2)
#define OFPC_GROUP_STATS (1 << 3)
#define OFPC_IP_REASM (1 << 5)
#define OFPC_QUEUE_STATS (1 << 6)
#define OFPC_PORT_BLOCKED (1 << 8)

struct ofp_features {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;                /* The switch passes
                                      * SLUICE_N_TABLES. */
    uint8_t auxiliary_id;            /* OF1.3. */
    uint32_t capabilities;           /* OFPC_*. */
    uint32_t actions;                /* OF1.0 only: bitmap of supported
                                      * OFPAT10_* actions. */
    struct ofp_port_desc *ports;     /* OF1.0 only: the port list.  Owned
                                      * after decoding. */
    size_t n_ports;
};

/* Appends a FEATURES_REPLY.  For OF1.0 the port list is included. */
void ofp_encode_features_reply(uint8_t version, uint32_t xid,
                               const struct ofp_features *features,
                               struct ofpbuf *out);
/* Decodes a FEATURES_REPLY; frees nothing in '*features' first.  Release
 * with ofp_features_uninit(). */
ofperr ofp_decode_features_reply(const struct ofp_header *oh,
                                 struct ofp_features *features);
void ofp_features_uninit(struct ofp_features *features);

/* GET_CONFIG_REPLY and SET_CONFIG share a body: 'type' says which one to
 * append (OFPTYPE_GET_CONFIG_REPLY or OFPTYPE_SET_CONFIG). */
void ofp_encode_switch_config(enum ofptype type, uint8_t version,
                              uint32_t xid,
                              const struct ofp_switch_config *config,
                              struct ofpbuf *out);
/* Decodes either of them.  Returns 0 or OFPBRC_BAD_LEN. */
ofperr ofp_decode_switch_config(const struct ofp_header *oh,
                                struct ofp_switch_config *config);

/* ---------------------------------------------------------------------
 * Modifications: FLOW_MOD, GROUP_MOD, PORT_MOD, TABLE_MOD.
 * ------------------------------------------------------------------- */

/* Decodes a FLOW_MOD into 'fm' (which then owns its instructions: free
 * with ofp_flow_mod_uninit()).  OF1.0 specifics: the actions become one
 * apply_actions instruction; table_id is 0 (OFPTT_ALL for deletes); the
 * cookie is the new cookie for add and modify (stored in 'cookie' for add,
 * in 'new_cookie' for modify) and no filter (cookie_mask 0); out_group is
 * OFPG_ANY; OFPFF10_EMERG is refused with OFPFMFC_BAD_FLAGS.  OF1.3:
 * new_cookie is UINT64_MAX (modify keeps cookies).  For adds and modifies
 * the instructions are also checked against the match and table with
 * ofp_insts_check() (OF1.0: ofp_actions_check()).  Errors: BAD_LEN,
 * OFPFMFC_BAD_COMMAND, OFPFMFC_BAD_FLAGS (unknown flags),
 * OFPFMFC_BAD_TABLE_ID (a table above 253, except OFPTT_ALL in a delete
 * or modify),
 * and any error of the match and instruction decoders and checks (e.g.
 * OFPBMC_BAD_PREREQ, OFPBAC_BAD_OUT_PORT, OFPBIC_BAD_TABLE_ID,
 * OFPBAC_MATCH_INCONSISTENT). */
ofperr ofp_decode_flow_mod(const struct ofp_header *oh,
                           struct ofp_flow_mod *fm);
void ofp_flow_mod_uninit(struct ofp_flow_mod *fm);
/* Appends 'fm' as a FLOW_MOD of 'version'.  OF1.0 can only express
 * apply_actions (other instructions: OFPBIC_UNSUP_INST), and uses
 * 'new_cookie' for modify when it is not UINT64_MAX. */
ofperr ofp_encode_flow_mod(uint8_t version, uint32_t xid,
                           const struct ofp_flow_mod *fm,
                           struct ofpbuf *out);

/* GROUP_MOD (OF1.3 only).  Decoding validates lengths, command
 * (OFPGMFC_BAD_COMMAND), type (OFPGMFC_BAD_TYPE) and each bucket's
 * actions; the group semantics are the switch core's.  Free with
 * ofp_group_mod_uninit(). */
ofperr ofp_decode_group_mod(const struct ofp_header *oh,
                            struct ofp_group_mod *gm);
void ofp_group_mod_uninit(struct ofp_group_mod *gm);
ofperr ofp_encode_group_mod(uint8_t version, uint32_t xid,
                            const struct ofp_group_mod *gm,
                            struct ofpbuf *out);
/* Frees the actions of the 'n' buckets at 'buckets' and the array. */
void ofp_buckets_free(struct ofp_bucket *buckets, size_t n);

ofperr ofp_decode_port_mod(const struct ofp_header *oh,
                           struct ofp_port_mod *pm);
void ofp_encode_port_mod(uint8_t version, uint32_t xid,
                         const struct ofp_port_mod *pm, struct ofpbuf *out);

/* TABLE_MOD (OF1.3 only). */
struct ofp_table_mod {
    uint8_t table_id;                /* OFPTT_ALL: every table. */
    uint32_t config;
};
ofperr ofp_decode_table_mod(const struct ofp_header *oh,
                            struct ofp_table_mod *tm);
ofperr ofp_encode_table_mod(uint8_t version, uint32_t xid,
                            const struct ofp_table_mod *tm,
                            struct ofpbuf *out);

/* ---------------------------------------------------------------------
 * PACKET_OUT and asynchronous messages.
 * ------------------------------------------------------------------- */

/* Decodes a PACKET_OUT: 'po->data' points into 'oh'; the actions are
 * owned (free with ofp_packet_out_uninit()).  The actions are checked
 * with ofp_actions_check() against the packet's own flow (output:TABLE
 * allowed).  Errors: BAD_LEN, OFPBRC_BAD_PORT for an invalid in_port,
 * action decoding and check errors. */
ofperr ofp_decode_packet_out(const struct ofp_header *oh,
                             struct ofp_packet_out *po);
void ofp_packet_out_uninit(struct ofp_packet_out *po);
ofperr ofp_encode_packet_out(uint8_t version, uint32_t xid,
                             const struct ofp_packet_out *po,
                             struct ofpbuf *out);

/* PACKET_IN.  OF1.0 carries buffer_id, total_len, in_port (from the
 * match's in_port), reason and data; OF1.3 adds table_id, cookie and the
 * OXM match (in_port, plus metadata and tunnel_id when nonzero).  On
 * decoding, 'pin->data' points into 'oh'. */
void ofp_encode_packet_in(uint8_t version, uint32_t xid,
                          const struct ofp_packet_in *pin,
                          struct ofpbuf *out);
ofperr ofp_decode_packet_in(const struct ofp_header *oh,
                            struct ofp_packet_in *pin);

void ofp_encode_flow_removed(uint8_t version, uint32_t xid,
                             const struct ofp_flow_removed *fr,
                             struct ofpbuf *out);
ofperr ofp_decode_flow_removed(const struct ofp_header *oh,
                               struct ofp_flow_removed *fr);

void ofp_encode_port_status(uint8_t version, uint32_t xid,
                            const struct ofp_port_status *ps,
                            struct ofpbuf *out);
ofperr ofp_decode_port_status(const struct ofp_header *oh,
                              struct ofp_port_status *ps);

/* ---------------------------------------------------------------------
 * ROLE, ASYNC, QUEUE_GET_CONFIG (OF1.3 only except queue config).
 * ------------------------------------------------------------------- */

/* 'type' is OFPTYPE_ROLE_REQUEST or OFPTYPE_ROLE_REPLY.  Decoding refuses
 * an unknown role with OFPRRFC_BAD_ROLE. */
ofperr ofp_encode_role(enum ofptype type, uint8_t version, uint32_t xid,
                       const struct ofp_role *role, struct ofpbuf *out);
ofperr ofp_decode_role(const struct ofp_header *oh, struct ofp_role *role);

/* 'type' is OFPTYPE_GET_ASYNC_REPLY or OFPTYPE_SET_ASYNC. */
ofperr ofp_encode_async_config(enum ofptype type, uint8_t version,
                               uint32_t xid,
                               const struct ofp_async_config *ac,
                               struct ofpbuf *out);
ofperr ofp_decode_async_config(const struct ofp_header *oh,
                               struct ofp_async_config *ac);

/* QUEUE_GET_CONFIG: the request names a port; Sluice's reply lists no
 * queues (queues arrive with QoS). */
void ofp_encode_queue_get_config_request(uint8_t version, uint32_t xid,
                                         uint32_t port, struct ofpbuf *out);
ofperr ofp_decode_queue_get_config_request(const struct ofp_header *oh,
                                           uint32_t *portp);
void ofp_encode_queue_get_config_reply(uint8_t version, uint32_t xid,
                                       uint32_t port, struct ofpbuf *out);

/* ---------------------------------------------------------------------
 * Multipart (OF1.0: stats) requests and replies.
 *
 * Reply encoders take the whole array and append as many messages as
 * needed (split below 64 KiB, OFPMPF_REPLY_MORE on all but the last).
 * Reply decoders decode the entries of ONE message (the client loops while
 * ofp_multipart_more()); arrays they return are malloc'd and owned by the
 * caller (free with the _free function named, or free() for plain ones).
 * ------------------------------------------------------------------- */

/* DESC. */
struct ofp_desc {
    char mfr_desc[256];              /* "Sluice". */
    char hw_desc[256];
    char sw_desc[256];
    char serial_num[32];
    char dp_desc[256];
};
void ofp_encode_desc_reply(uint8_t version, uint32_t xid,
                           const struct ofp_desc *desc, struct ofpbuf *out);
ofperr ofp_decode_desc_reply(const struct ofp_header *oh,
                             struct ofp_desc *desc);

/* FLOW and AGGREGATE: one request form ('req->aggregate' picks the type).
 * OF1.0 has no cookie filter or out_group (decoded as cookie_mask 0 and
 * OFPG_ANY). */
ofperr ofp_encode_flow_stats_request(uint8_t version, uint32_t xid,
                                     const struct ofp_flow_stats_request *req,
                                     struct ofpbuf *out);
ofperr ofp_decode_flow_stats_request(const struct ofp_header *oh,
                                     struct ofp_flow_stats_request *req);

/* Flow stats entries echo match and instructions as installed (OF1.0
 * carries only the apply_actions list). */
ofperr ofp_encode_flow_stats_reply(uint8_t version, uint32_t xid,
                                   const struct ofp_flow_stats *stats,
                                   size_t n, struct ofpbuf *out);
ofperr ofp_decode_flow_stats_reply(const struct ofp_header *oh,
                                   struct ofp_flow_stats **statsp,
                                   size_t *np);
void ofp_flow_stats_free(struct ofp_flow_stats *stats, size_t n);

void ofp_encode_aggregate_stats_reply(uint8_t version, uint32_t xid,
                                      const struct ofp_aggregate_stats *as,
                                      struct ofpbuf *out);
ofperr ofp_decode_aggregate_stats_reply(const struct ofp_header *oh,
                                        struct ofp_aggregate_stats *as);

/* TABLE: OF1.0 entries also carry a name ("table<N>"), the wildcards the
 * table supports and max_entries, which the encoder fills in. */
void ofp_encode_table_stats_reply(uint8_t version, uint32_t xid,
                                  const struct ofp_table_stats *stats,
                                  size_t n, struct ofpbuf *out);
ofperr ofp_decode_table_stats_reply(const struct ofp_header *oh,
                                    struct ofp_table_stats **statsp,
                                    size_t *np);

/* PORT_STATS: the request names a port or OFPP_ANY (OF1.0: OFPP_NONE). */
void ofp_encode_port_stats_request(uint8_t version, uint32_t xid,
                                   uint32_t port, struct ofpbuf *out);
ofperr ofp_decode_port_stats_request(const struct ofp_header *oh,
                                     uint32_t *portp);
void ofp_encode_port_stats_reply(uint8_t version, uint32_t xid,
                                 const struct ofp_port_stats *stats,
                                 size_t n, struct ofpbuf *out);
ofperr ofp_decode_port_stats_reply(const struct ofp_header *oh,
                                   struct ofp_port_stats **statsp,
                                   size_t *np);

/* PORT_DESC (OF1.3; OF1.0 has the ports in the FEATURES_REPLY). */
ofperr ofp_encode_port_desc_reply(uint8_t version, uint32_t xid,
                                  const struct ofp_port_desc *ports,
                                  size_t n, struct ofpbuf *out);
ofperr ofp_decode_port_desc_reply(const struct ofp_header *oh,
                                  struct ofp_port_desc **portsp,
                                  size_t *np);

/* QUEUE. */
#define OFPQ_ALL 0xffffffffu
struct ofp_queue_stats {
    uint32_t port_no;
    uint32_t queue_id;
    uint64_t tx_bytes, tx_packets, tx_errors;
    uint32_t duration_sec, duration_nsec;    /* OF1.3 only. */
};
void ofp_encode_queue_stats_request(uint8_t version, uint32_t xid,
                                    uint32_t port, uint32_t queue_id,
                                    struct ofpbuf *out);
ofperr ofp_decode_queue_stats_request(const struct ofp_header *oh,
                                      uint32_t *portp, uint32_t *queue_idp);
void ofp_encode_queue_stats_reply(uint8_t version, uint32_t xid,
                                  const struct ofp_queue_stats *stats,
                                  size_t n, struct ofpbuf *out);
ofperr ofp_decode_queue_stats_reply(const struct ofp_header *oh,
                                    struct ofp_queue_stats **statsp,
                                    size_t *np);

/* GROUP (stats), OF1.3 only.  The request names a group or OFPG_ALL. */
ofperr ofp_encode_group_stats_request(uint8_t version, uint32_t xid,
                                      uint32_t group_id, struct ofpbuf *out);
ofperr ofp_decode_group_stats_request(const struct ofp_header *oh,
                                      uint32_t *group_idp);
ofperr ofp_encode_group_stats_reply(uint8_t version, uint32_t xid,
                                    const struct ofp_group_stats *stats,
                                    size_t n, struct ofpbuf *out);
ofperr ofp_decode_group_stats_reply(const struct ofp_header *oh,
                                    struct ofp_group_stats **statsp,
                                    size_t *np);
void ofp_group_stats_free(struct ofp_group_stats *stats, size_t n);

/* GROUP_DESC, OF1.3 only. */
struct ofp_group_desc {
    enum ofp_group_type type;
    uint32_t group_id;
    struct ofp_bucket *buckets;      /* Owned. */
    size_t n_buckets;
};
ofperr ofp_encode_group_desc_reply(uint8_t version, uint32_t xid,
                                   const struct ofp_group_desc *descs,
                                   size_t n, struct ofpbuf *out);
ofperr ofp_decode_group_desc_reply(const struct ofp_header *oh,
                                   struct ofp_group_desc **descsp,
                                   size_t *np);
void ofp_group_desc_free(struct ofp_group_desc *descs, size_t n);

/* GROUP_FEATURES, OF1.3 only. */
#define OFPGFC_SELECT_WEIGHT (1 << 0)
#define OFPGFC_SELECT_LIVENESS (1 << 1)
#define OFPGFC_CHAINING (1 << 2)
#define OFPGFC_CHAINING_CHECKS (1 << 3)
struct ofp_group_features {
    uint32_t types;                  /* Bitmap of 1 << OFPGT_*. */
    uint32_t capabilities;           /* OFPGFC_*. */
    uint32_t max_groups[4];          /* Per OFPGT_*. */
    uint32_t actions[4];             /* Bitmaps of 1 << OFPAT13_* type. */
};
ofperr ofp_encode_group_features_reply(uint8_t version, uint32_t xid,
                                       const struct ofp_group_features *gf,
                                       struct ofpbuf *out);
ofperr ofp_decode_group_features_reply(const struct ofp_header *oh,
                                       struct ofp_group_features *gf);

/* TABLE_FEATURES, OF1.3 only.  Sluice answers a request without a body
 * with a description of tables 0..'n_tables'-1: every instruction, every
 * table after the current one as next table, every action and settable
 * field, every OXM field as match and wildcard.  A request with a body
 * (changing table features) is decoded as OFPTFFC_EPERM. */
ofperr ofp_decode_table_features_request(const struct ofp_header *oh);
ofperr ofp_encode_table_features_reply(uint8_t version, uint32_t xid,
                                       unsigned int n_tables,
                                       struct ofpbuf *out);
struct ofp_table_features {
    uint8_t table_id;
    char name[32];
    uint64_t metadata_match;
    uint64_t metadata_write;
    uint32_t config;
    uint32_t max_entries;
    size_t n_properties;             /* Properties seen (not decoded). */
};
ofperr ofp_decode_table_features_reply(const struct ofp_header *oh,
                                       struct ofp_table_features **tfsp,
                                       size_t *np);

#endif /* ofproto/ofp-codec.h */
