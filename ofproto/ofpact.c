/* Internal actions and instructions.  See ofproto/ofpact.h. */
#include "ofproto/ofpact.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

void
ofpinsts_init(struct ofpinsts *insts)
{
    memset(insts, 0, sizeof *insts);
    insts->goto_table = -1;
}

static struct ofpact *
ofpacts_clone(const struct ofpact *acts, size_t n)
{
    struct ofpact *copy;

    if (!n) {
        return NULL;
    }
    copy = xmalloc(n * sizeof *copy);
    memcpy(copy, acts, n * sizeof *copy);
    return copy;
}

void
ofpinsts_clone(struct ofpinsts *dst, const struct ofpinsts *src)
{
    *dst = *src;
    dst->apply = ofpacts_clone(src->apply, src->n_apply);
    dst->write = ofpacts_clone(src->write, src->n_write);
}

void
ofpinsts_destroy(struct ofpinsts *insts)
{
    if (insts) {
        free(insts->apply);
        free(insts->write);
        insts->apply = insts->write = NULL;
        insts->n_apply = insts->n_write = 0;
    }
}

/* Compares two actions field by field (their unions may hold stale bytes
 * past the member in use, so memcmp would not do). */
static bool
ofpact_equal(const struct ofpact *a, const struct ofpact *b)
{
    if (a->type != b->type) {
        return false;
    }
    switch (a->type) {
    case OFPACT_OUTPUT:
        return (a->output.port == b->output.port
                && a->output.max_len == b->output.max_len);
    case OFPACT_GROUP:
        return a->group_id == b->group_id;
    case OFPACT_SET_QUEUE:
        return a->queue_id == b->queue_id;
    case OFPACT_SET_FIELD: {
        const struct mf_field *mf = mf_from_id(a->set_field.field);
        return (a->set_field.field == b->set_field.field
                && !memcmp(&a->set_field.value, &b->set_field.value,
                           mf->n_bytes));
    }
    case OFPACT_SET_VLAN_VID:
        return a->vlan_vid == b->vlan_vid;
    case OFPACT_SET_VLAN_PCP:
        return a->vlan_pcp == b->vlan_pcp;
    case OFPACT_PUSH_VLAN:
    case OFPACT_PUSH_MPLS:
    case OFPACT_POP_MPLS:
    case OFPACT_PUSH_PBB:
        return a->ethertype == b->ethertype;
    case OFPACT_SET_MPLS_TTL:
    case OFPACT_SET_NW_TTL:
        return a->ttl == b->ttl;
    case OFPACT_STRIP_VLAN:
    case OFPACT_POP_VLAN:
    case OFPACT_POP_PBB:
    case OFPACT_COPY_TTL_OUT:
    case OFPACT_COPY_TTL_IN:
    case OFPACT_DEC_MPLS_TTL:
    case OFPACT_DEC_NW_TTL:
    default:
        return true;
    }
}

static bool
ofpacts_equal(const struct ofpact *a, size_t n_a,
              const struct ofpact *b, size_t n_b)
{
    if (n_a != n_b) {
        return false;
    }
    for (size_t i = 0; i < n_a; i++) {
        if (!ofpact_equal(&a[i], &b[i])) {
            return false;
        }
    }
    return true;
}

bool
ofpinsts_equal(const struct ofpinsts *a, const struct ofpinsts *b)
{
    return (a->meter_id == b->meter_id
            && a->has_apply == b->has_apply
            && ofpacts_equal(a->apply, a->n_apply, b->apply, b->n_apply)
            && a->clear_actions == b->clear_actions
            && a->has_write == b->has_write
            && ofpacts_equal(a->write, a->n_write, b->write, b->n_write)
            && a->has_write_metadata == b->has_write_metadata
            && (!a->has_write_metadata
                || (a->metadata == b->metadata
                    && a->metadata_mask == b->metadata_mask))
            && a->goto_table == b->goto_table);
}

static bool
ofpacts_output_to_port(const struct ofpact *acts, size_t n, uint32_t port)
{
    for (size_t i = 0; i < n; i++) {
        if (acts[i].type == OFPACT_OUTPUT && acts[i].output.port == port) {
            return true;
        }
    }
    return false;
}

static bool
ofpacts_output_to_group(const struct ofpact *acts, size_t n, uint32_t group)
{
    for (size_t i = 0; i < n; i++) {
        if (acts[i].type == OFPACT_GROUP && acts[i].group_id == group) {
            return true;
        }
    }
    return false;
}

bool
ofpinsts_outputs_to_port(const struct ofpinsts *insts, uint32_t port)
{
    return (port == OFPP_ANY
            || ofpacts_output_to_port(insts->apply, insts->n_apply, port)
            || ofpacts_output_to_port(insts->write, insts->n_write, port));
}

bool
ofpinsts_outputs_to_group(const struct ofpinsts *insts, uint32_t group)
{
    return (group == OFPG_ANY
            || ofpacts_output_to_group(insts->apply, insts->n_apply, group)
            || ofpacts_output_to_group(insts->write, insts->n_write,
                                       group));
}
