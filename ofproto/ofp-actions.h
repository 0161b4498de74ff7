/* OpenFlow wire codec for actions (OF1.0 and OF1.3) and instructions
 * (OF1.3), to and from the internal forms of ofproto/ofpact.h, plus the
 * semantic checks a flow_mod, group_mod or packet_out needs on them.
 *
 * Decoding is syntactic (lengths, types, argument ranges); checking
 * against the flow's match (set_field prerequisites, output ports,
 * goto_table) is a separate step, ofp_actions_check() and
 * ofp_insts_check(), because it needs context the message layer has.
 * Encoding reproduces what was decoded: same actions in the same order
 * with the same arguments (output max_len, set_field values), OF1.3
 * instructions in the fixed order of 'struct ofpinsts'.
 *
 * Encoders write into caller-provided memory of the size the matching
 * _len() function returns.  Decoders return arrays the caller owns
 * (free() them, or ofpinsts_destroy()); on error nothing is allocated.
 *
 * Pure functions over plain data: safe from any thread. */
#ifndef SLUICE_OFP_ACTIONS_H
#define SLUICE_OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/match.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofpact.h"

/* OF1.0 action types. */
enum ofp10_action_type {
    OFPAT10_OUTPUT = 0,
    OFPAT10_SET_VLAN_VID = 1,
    OFPAT10_SET_VLAN_PCP = 2,
    OFPAT10_STRIP_VLAN = 3,
    OFPAT10_SET_DL_SRC = 4,
    OFPAT10_SET_DL_DST = 5,
    OFPAT10_SET_NW_SRC = 6,
    OFPAT10_SET_NW_DST = 7,
    OFPAT10_SET_NW_TOS = 8,
    OFPAT10_SET_TP_SRC = 9,
    OFPAT10_SET_TP_DST = 10,
    OFPAT10_ENQUEUE = 11,
    OFPAT10_VENDOR = 0xffff,
};

/* OF1.3 action types. */
enum ofp13_action_type {
    OFPAT13_OUTPUT = 0,
    OFPAT13_COPY_TTL_OUT = 11,
    OFPAT13_COPY_TTL_IN = 12,
    OFPAT13_SET_MPLS_TTL = 15,
    OFPAT13_DEC_MPLS_TTL = 16,
    OFPAT13_PUSH_VLAN = 17,
    OFPAT13_POP_VLAN = 18,
    OFPAT13_PUSH_MPLS = 19,
    OFPAT13_POP_MPLS = 20,
    OFPAT13_SET_QUEUE = 21,
    OFPAT13_GROUP = 22,
    OFPAT13_SET_NW_TTL = 23,
    OFPAT13_DEC_NW_TTL = 24,
    OFPAT13_SET_FIELD = 25,
    OFPAT13_PUSH_PBB = 26,
    OFPAT13_POP_PBB = 27,
    OFPAT13_EXPERIMENTER = 0xffff,
};

/* OF1.3 instruction types. */
enum ofp13_instruction_type {
    OFPIT13_GOTO_TABLE = 1,
    OFPIT13_WRITE_METADATA = 2,
    OFPIT13_WRITE_ACTIONS = 3,
    OFPIT13_APPLY_ACTIONS = 4,
    OFPIT13_CLEAR_ACTIONS = 5,
    OFPIT13_METER = 6,
    OFPIT13_EXPERIMENTER = 0xffff,
};

/* Decodes the 'len' bytes of OF1.0 actions at 'data' into a new array
 * stored in '*actsp' ('*n_actsp' entries; NULL and 0 for an empty list).
 * 'match' (may be NULL, e.g. for packet-out) chooses which field
 * set_tp_src/dst set: UDP or SCTP ports when it matches that nw_proto
 * exactly, TCP ports otherwise.  ENQUEUE becomes SET_QUEUE followed by
 * OUTPUT; SET_NW_TOS becomes a set_field of ip_dscp.
 * Returns 0 or OFPBAC_BAD_LEN (length not a multiple of 8, too short,
 * or past 'len'), OFPBAC_BAD_TYPE, OFPBAC_BAD_EXPERIMENTER (vendor
 * actions), OFPBAC_BAD_ARGUMENT (vlan_vid > 4095, vlan_pcp > 7, nw_tos with ECN
 * bits), OFPBAC_BAD_OUT_PORT (output to port 0 or to OFPP_ANY). */
ofperr ofp_actions10_decode(const void *data, size_t len,
                            const struct match *match,
                            struct ofpact **actsp, size_t *n_actsp);

/* Returns the encoded size of 'acts' as OF1.0 actions.  Actions OF1.0
 * cannot express (MPLS, PBB, TTL, group, set_field of other fields) are
 * skipped; SET_QUEUE directly followed by OUTPUT encodes as one
 * ENQUEUE, a lone SET_QUEUE is skipped. */
size_t ofp_actions10_len(const struct ofpact *acts, size_t n_acts);
/* Encodes 'acts' as OF1.0 actions at 'dst' (ofp_actions10_len() bytes)
 * and returns the number of bytes written. */
size_t ofp_actions10_encode(const struct ofpact *acts, size_t n_acts,
                            void *dst);

/* Decodes the 'len' bytes of OF1.3 actions at 'data' into a new array
 * stored in '*actsp' ('*n_actsp' entries; NULL and 0 for an empty list).
 * Returns 0 or:
 *   OFPBAC_BAD_LEN          an action's length is not a multiple of 8,
 *                           is too short for its type or overruns 'len';
 *   OFPBAC_BAD_TYPE         unknown action type;
 *   OFPBAC_BAD_EXPERIMENTER experimenter actions (none supported);
 *   OFPBAC_BAD_OUT_PORT     output to port 0, to OFPP_ANY or to a
 *                           reserved number that is not a port;
 *   OFPBAC_BAD_OUT_GROUP    group OFPG_ANY or OFPG_ALL;
 *   OFPBAC_BAD_ARGUMENT     push_vlan/push_mpls/push_pbb with a wrong
 *                           EtherType;
 *   OFPBAC_BAD_SET_TYPE     set_field of an unknown or unsettable field;
 *   OFPBAC_BAD_SET_LEN      set_field OXM length wrong, or masked;
 *   OFPBAC_BAD_SET_ARGUMENT set_field value invalid for its field. */
ofperr ofp_actions13_decode(const void *data, size_t len,
                            struct ofpact **actsp, size_t *n_actsp);

/* Returns the encoded size of 'acts' as OF1.3 actions.  OF1.0-only
 * actions are expressed in OF1.3 terms (set_vlan_vid as set_field
 * vlan_vid with OFPVID_PRESENT, strip_vlan as pop_vlan); every action
 * has an encoding. */
size_t ofp_actions13_len(const struct ofpact *acts, size_t n_acts);
/* Encodes 'acts' as OF1.3 actions at 'dst' (ofp_actions13_len() bytes)
 * and returns the number of bytes written. */
size_t ofp_actions13_encode(const struct ofpact *acts, size_t n_acts,
                            void *dst);

/* Decodes the 'len' bytes of OF1.3 instructions at 'data' into 'insts'
 * (initialized here; on success the caller owns it and must call
 * ofpinsts_destroy(), on error it is left empty).  A meter instruction is
 * decoded into 'meter_id'; whether meters exist is the switch core's
 * business.  Within write_actions an action type (for set_field: a
 * field) given twice keeps only its last occurrence, as writing an
 * action set does.  Returns 0 or:
 *   OFPBIC_BAD_LEN            instruction length wrong or overruns 'len';
 *   OFPBIC_UNKNOWN_INST       unknown instruction type;
 *   OFPBIC_BAD_EXPERIMENTER   experimenter instruction;
 *   OFPBIC_UNSUP_INST         an instruction type given twice;
 *   any error of ofp_actions13_decode() for the action lists. */
ofperr ofp_insts13_decode(const void *data, size_t len,
                          struct ofpinsts *insts);

/* Returns the encoded size of 'insts' as OF1.3 instructions. */
size_t ofp_insts13_len(const struct ofpinsts *insts);
/* Encodes 'insts' at 'dst' (ofp_insts13_len() bytes) in the order meter,
 * apply_actions, clear_actions, write_actions, write_metadata,
 * goto_table, and returns the number of bytes written. */
size_t ofp_insts13_encode(const struct ofpinsts *insts, void *dst);

/* Checks 'acts' against the match of the flow (or packet) they will run
 * on, following the effect of each action on the packet (push_vlan makes
 * a tag present, push/pop_mpls change the EtherType, set_field of
 * eth_type/ip_proto changes them...).  'version' is the wire version they
 * came in: OF1.0 accepts actions that do not fit the match (they do
 * nothing at run time), OF1.3 rejects them.  Returns 0 or:
 *   OFPBAC_MATCH_INCONSISTENT set_field whose field's prerequisites
 *                             the packet does not meet at that point
 *                             (vlan_vid/vlan_pcp excepted: OF1.3 gives
 *                             vlan_vid none, and rewriting a missing tag
 *                             does nothing), pop_vlan on a flow that
 *                             matched "no tag", pop_mpls or MPLS TTL
 *                             actions on a non-MPLS packet, pop_pbb on a
 *                             non-PBB packet, IP TTL actions on a non-IP
 *                             packet;
 *   OFPBAC_BAD_SET_TYPE       set_field of an unsettable field;
 *   OFPBAC_BAD_OUT_PORT       output to 0, OFPP_ANY or an unassigned
 *                             reserved number, or to OFPP_TABLE unless
 *                             'allow_table' (only packet-out may
 *                             resubmit to the tables);
 *   OFPBAC_BAD_OUT_GROUP      group OFPG_ALL or OFPG_ANY. */
ofperr ofp_actions_check(const struct ofpact *acts, size_t n_acts,
                         const struct match *match, uint8_t version,
                         bool allow_table);

/* Checks the instructions of a flow in table 'table_id' against its
 * 'match': goto_table must name a later table no higher than
 * 'max_table' (OFPBIC_BAD_TABLE_ID), write_metadata is accepted with any
 * mask, and both action lists pass ofp_actions_check() (the write list
 * against the packet as apply_actions left it).  Meters are not checked
 * here.  Returns 0 or an OFPBIC_/OFPBAC_ error. */
ofperr ofp_insts_check(const struct ofpinsts *insts,
                       const struct match *match, uint8_t table_id,
                       uint8_t max_table, uint8_t version);

#endif /* ofproto/ofp-actions.h */
