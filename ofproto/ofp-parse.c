/* ofp-parse: ovs-ofctl's flow syntax into Sluice's internal forms. */
#include "ofproto/ofp-parse.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"
#include "ofproto/ofp-codec.h"

/* Characters that separate "key=value" items. */
#define DELIMS ", \t\r\n"

static int parse_error(char **errorp, const char *format, ...)
    SLUICE_PRINTF(2, 3);

static int
parse_error(char **errorp, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    *errorp = xvasprintf(format, args);
    va_end(args);
    return EINVAL;
}

/* Splits the next item off '*stringp': "key", "key=value", "key:value"
 * or "key(value)".  A value runs to the next delimiter outside
 * parentheses.  Terminates the key and value in place and advances
 * '*stringp'.  Returns false at the end of the string. */
static bool
next_item(char **stringp, char **keyp, char **valuep)
{
    char *pos = *stringp + strspn(*stringp, DELIMS);
    size_t key_len;
    char delim;

    if (!*pos) {
        *stringp = pos;
        return false;
    }
    key_len = strcspn(pos, ":=(" DELIMS);
    delim = pos[key_len];
    *keyp = pos;
    pos[key_len] = '\0';
    pos += key_len + (delim != '\0');

    if (delim == ':' || delim == '=' || delim == '(') {
        int depth = delim == '(';
        char *value = pos;

        for (; *pos; pos++) {
            if (*pos == '(') {
                depth++;
            } else if (*pos == ')') {
                if (depth == 0) {
                    break;
                }
                if (--depth == 0 && delim == '(') {
                    break;
                }
            } else if (depth == 0 && strchr(DELIMS, *pos)) {
                break;
            }
        }
        if (*pos) {
            *pos++ = '\0';
        }
        *valuep = value;
    } else {
        *valuep = *keyp + key_len;
    }
    *stringp = pos;
    return true;
}

/* Parses an unsigned integer in decimal or 0x hex that must not exceed
 * 'max'. */
static int
parse_uint(const char *s, uint64_t max, const char *what, uint64_t *valuep,
           char **errorp)
{
    unsigned long long value;
    char *end;

    if (!*s || *s == '-' || isspace((unsigned char) *s)) {
        return parse_error(errorp, "%s: \"%s\" is not a number", what, s);
    }
    errno = 0;
    value = strtoull(s, &end, 0);
    if (errno || *end) {
        return parse_error(errorp, "%s: \"%s\" is not a number", what, s);
    }
    if (value > max) {
        return parse_error(errorp, "%s: %s is out of range (maximum %"
                           PRIu64 ")", what, s, max);
    }
    *valuep = value;
    return 0;
}

static int
parse_u32(const char *s, uint32_t max, const char *what, uint32_t *valuep,
          char **errorp)
{
    uint64_t value;
    int error = parse_uint(s, max, what, &value, errorp);

    if (!error) {
        *valuep = value;
    }
    return error;
}

static int
parse_u16(const char *s, const char *what, uint16_t *valuep, char **errorp)
{
    uint64_t value;
    int error = parse_uint(s, UINT16_MAX, what, &value, errorp);

    if (!error) {
        *valuep = value;
    }
    return error;
}

static const struct {
    const char *name;
    uint32_t port;
} reserved_ports[] = {
    { "IN_PORT", OFPP_IN_PORT },
    { "TABLE", OFPP_TABLE },
    { "NORMAL", OFPP_NORMAL },
    { "FLOOD", OFPP_FLOOD },
    { "ALL", OFPP_ALL },
    { "CONTROLLER", OFPP_CONTROLLER },
    { "LOCAL", OFPP_LOCAL },
    { "ANY", OFPP_ANY },
    { "NONE", OFPP_ANY },
};

int
ofp_parse_port(const char *s, uint32_t *portp, char **errorp)
{
    uint64_t value;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (!strcasecmp(s, reserved_ports[i].name)) {
            *portp = reserved_ports[i].port;
            return 0;
        }
    }
    if (parse_uint(s, UINT32_MAX, "port", &value, errorp)) {
        free(*errorp);
        return parse_error(errorp, "unknown port \"%s\" (use a number or "
                           "IN_PORT, TABLE, NORMAL, FLOOD, ALL, "
                           "CONTROLLER, LOCAL, ANY)", s);
    }
    if (value >= 0xfff8 && value <= 0xffff) {
        /* OF1.0's reserved numbers, as ovs-ofctl accepts them. */
        value += 0xffff0000u;
    }
    if (value == 0 || (value > OFPP_MAX && value < OFPP_IN_PORT)) {
        return parse_error(errorp, "port %s is not a valid OpenFlow port",
                           s);
    }
    *portp = value;
    return 0;
}

/* Group ids: a number or "all"/"any". */
static int
parse_group_id(const char *s, uint32_t *groupp, char **errorp)
{
    if (!strcasecmp(s, "all")) {
        *groupp = OFPG_ALL;
        return 0;
    } else if (!strcasecmp(s, "any")) {
        *groupp = OFPG_ANY;
        return 0;
    }
    return parse_u32(s, UINT32_MAX, "group", groupp, errorp);
}

/* Field values. */

enum value_kind {
    KIND_INT,
    KIND_MAC,
    KIND_IPV4,
    KIND_IPV6,
    KIND_PORT,
};

static enum value_kind
field_kind(enum mf_field_id id)
{
    switch (id) {
    case MFF_ETH_SRC: case MFF_ETH_DST: case MFF_ARP_SHA: case MFF_ARP_THA:
    case MFF_ND_SLL: case MFF_ND_TLL:
        return KIND_MAC;
    case MFF_IPV4_SRC: case MFF_IPV4_DST: case MFF_ARP_SPA: case MFF_ARP_TPA:
        return KIND_IPV4;
    case MFF_IPV6_SRC: case MFF_IPV6_DST: case MFF_ND_TARGET:
        return KIND_IPV6;
    case MFF_IN_PORT: case MFF_IN_PHY_PORT:
        return KIND_PORT;
    default:
        return KIND_INT;
    }
}

static int
parse_mac(const char *s, struct eth_addr *mac)
{
    unsigned int b[6];
    int n = 0;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n",
               &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &n) != 6
        || s[n]) {
        return EINVAL;
    }
    for (int i = 0; i < 6; i++) {
        mac->ea[i] = b[i];
    }
    return 0;
}

/* Writes the low 'n_bytes' bytes of 'x' big-endian into 'dst'. */
static void
put_be(uint8_t *dst, unsigned int n_bytes, uint64_t x)
{
    for (unsigned int i = 0; i < n_bytes; i++) {
        dst[n_bytes - 1 - i] = x >> (8 * i);
    }
}

/* Makes a mask of the top 'bits' bits of an 'n_bytes'-byte field. */
static void
put_prefix_mask(uint8_t *dst, unsigned int n_bytes, unsigned int bits)
{
    for (unsigned int i = 0; i < n_bytes; i++) {
        unsigned int take = bits > 8 ? 8 : bits;

        dst[i] = take ? (uint8_t) (0xff << (8 - take)) : 0;
        bits -= take;
    }
}

/* Parses one value (no mask) of 'field' from 's' into 'value'. */
static int
parse_field_value(const struct mf_field *field, const char *s,
                  union mf_value *value, char **errorp)
{
    memset(value, 0, sizeof *value);
    switch (field_kind(field->id)) {
    case KIND_MAC:
        if (parse_mac(s, &value->mac)) {
            return parse_error(errorp, "%s: \"%s\" is not an Ethernet "
                               "address (xx:xx:xx:xx:xx:xx)",
                               field->name, s);
        }
        return 0;
    case KIND_IPV4:
        if (inet_pton(AF_INET, s, value->bytes) != 1) {
            return parse_error(errorp, "%s: \"%s\" is not an IPv4 address",
                               field->name, s);
        }
        return 0;
    case KIND_IPV6:
        if (inet_pton(AF_INET6, s, value->bytes) != 1) {
            return parse_error(errorp, "%s: \"%s\" is not an IPv6 address",
                               field->name, s);
        }
        return 0;
    case KIND_PORT: {
        uint32_t port;
        int error = ofp_parse_port(s, &port, errorp);

        if (!error) {
            put_be(value->bytes, field->n_bytes, port);
        }
        return error;
    }
    case KIND_INT:
    default: {
        uint64_t x;
        uint64_t max = field->n_bits >= 64 ? UINT64_MAX
                       : (UINT64_C(1) << field->n_bits) - 1;
        int error = parse_uint(s, max, field->name, &x, errorp);

        if (!error) {
            put_be(value->bytes, field->n_bytes, x);
        }
        return error;
    }
    }
}

/* Parses "VALUE[/MASK]" for 'field'.  Stores in '*has_maskp' whether a mask
 * other than all-ones was given.  CIDR "/N" works for addresses. */
static int
parse_field_value_mask(const struct mf_field *field, char *s,
                       union mf_value *value, union mf_value *mask,
                       bool *has_maskp, char **errorp)
{
    char *slash = strchr(s, '/');
    enum value_kind kind = field_kind(field->id);
    int error;

    memset(mask, 0xff, sizeof *mask);
    *has_maskp = false;
    if (slash) {
        *slash = '\0';
    }
    error = parse_field_value(field, s, value, errorp);
    if (error || !slash) {
        return error;
    }
    s = slash + 1;
    if ((kind == KIND_IPV4 && !strchr(s, '.'))
        || (kind == KIND_IPV6 && !strchr(s, ':'))) {
        uint64_t bits;

        if (parse_uint(s, field->n_bytes * 8, field->name, &bits, errorp)) {
            free(*errorp);
            return parse_error(errorp, "%s: bad prefix length \"/%s\"",
                               field->name, s);
        }
        memset(mask, 0, sizeof *mask);
        put_prefix_mask(mask->bytes, field->n_bytes, bits);
    } else {
        error = parse_field_value(field, s, mask, errorp);
        if (error) {
            return error;
        }
    }
    for (unsigned int i = 0; i < field->n_bytes; i++) {
        if (mask->bytes[i] != 0xff) {
            *has_maskp = true;
        }
        value->bytes[i] &= mask->bytes[i];
    }
    if (*has_maskp && !field->maskable) {
        return parse_error(errorp, "%s: this field cannot be masked",
                           field->name);
    }
    return 0;
}

static void
set_exact(struct match *match, enum mf_field_id id, uint64_t x)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value value;

    memset(&value, 0, sizeof value);
    put_be(value.bytes, field->n_bytes, x);
    match_set_field(match, field, &value, NULL);
}

/* Protocol shorthands. */
static const struct {
    const char *name;
    uint16_t dl_type;
    uint8_t nw_proto;           /* 0: none. */
} shorthands[] = {
    { "ip", ETH_TYPE_IP, 0 },
    { "ipv4", ETH_TYPE_IP, 0 },
    { "icmp", ETH_TYPE_IP, 1 },
    { "tcp", ETH_TYPE_IP, 6 },
    { "udp", ETH_TYPE_IP, 17 },
    { "sctp", ETH_TYPE_IP, 132 },
    { "ipv6", ETH_TYPE_IPV6, 0 },
    { "icmp6", ETH_TYPE_IPV6, 58 },
    { "tcp6", ETH_TYPE_IPV6, 6 },
    { "udp6", ETH_TYPE_IPV6, 17 },
    { "sctp6", ETH_TYPE_IPV6, 132 },
    { "arp", ETH_TYPE_ARP, 0 },
    { "mpls", ETH_TYPE_MPLS, 0 },
    { "mplsm", ETH_TYPE_MPLS_MCAST, 0 },
    { "pbb", ETH_TYPE_PBB, 0 },
};

static bool
match_is_ipv6(const struct match *match)
{
    return match->wc.dl_type && match->flow.dl_type == htons(ETH_TYPE_IPV6);
}

/* Applies one "key=value" match item to 'match'. */
static int
parse_match_item(struct match *match, const char *key, char *value,
                 bool any_field, char **errorp)
{
    const struct mf_field *field;
    union mf_value v, m;
    bool has_mask;
    uint64_t x;
    int error;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(shorthands); i++) {
        if (!strcmp(key, shorthands[i].name)) {
            if (*value) {
                return parse_error(errorp, "%s: protocol shorthand takes "
                                   "no value", key);
            }
            set_exact(match, MFF_ETH_TYPE, shorthands[i].dl_type);
            if (shorthands[i].nw_proto) {
                set_exact(match, MFF_IP_PROTO, shorthands[i].nw_proto);
            }
            return 0;
        }
    }
    if (!*value) {
        return parse_error(errorp, "unknown keyword or protocol \"%s\"",
                           key);
    }

    /* ovs-ofctl's names that have no OXM equivalent, or whose value is
     * expressed differently. */
    if (!strcmp(key, "dl_vlan")) {
        error = parse_uint(value, 0xffff, key, &x, errorp);
        if (error) {
            return error;
        }
        if (x == 0xffff) {
            set_exact(match, MFF_VLAN_VID, 0);
            return 0;
        } else if (x > VLAN_VID_MASK) {
            return parse_error(errorp, "dl_vlan: %s is not a VLAN id "
                               "(0..4095, or 0xffff for no tag)", value);
        }
        set_exact(match, MFF_VLAN_VID, x | VLAN_CFI);
        return 0;
    } else if (!strcmp(key, "dl_vlan_pcp") || !strcmp(key, "vlan_pcp")) {
        error = parse_uint(value, 7, key, &x, errorp);
        if (error) {
            return error;
        }
        if (!(match->wc.vlan_tci & htons(VLAN_CFI))) {
            const struct mf_field *vid = mf_from_id(MFF_VLAN_VID);

            memset(&v, 0, sizeof v);
            memset(&m, 0, sizeof m);
            v.be16 = m.be16 = htons(VLAN_CFI);
            match_set_field(match, vid, &v, &m);
        }
        set_exact(match, MFF_VLAN_PCP, x);
        return 0;
    } else if (!strcmp(key, "vlan_tci")) {
        uint64_t mask = 0xffff;
        char *slash = strchr(value, '/');

        if (slash) {
            *slash = '\0';
            error = parse_uint(slash + 1, 0xffff, key, &mask, errorp);
            if (error) {
                return error;
            }
        }
        error = parse_uint(value, 0xffff, key, &x, errorp);
        if (error) {
            return error;
        }
        match->flow.vlan_tci = htons(x & mask);
        match->wc.vlan_tci = htons(mask);
        return 0;
    } else if (!strcmp(key, "nw_tos")) {
        error = parse_uint(value, 255, key, &x, errorp);
        if (error) {
            return error;
        }
        if (x & 3) {
            return parse_error(errorp, "nw_tos: %s has ECN bits set (use "
                               "a multiple of 4, or ip_dscp)", value);
        }
        set_exact(match, MFF_IP_DSCP, x >> 2);
        return 0;
    } else if (!strcmp(key, "nw_ecn")) {
        field = mf_from_id(MFF_IP_ECN);
    } else if (!strcmp(key, "tp_src")) {
        field = mf_from_id(MFF_TCP_SRC);
    } else if (!strcmp(key, "tp_dst")) {
        field = mf_from_id(MFF_TCP_DST);
    } else if (!strcmp(key, "icmp_type")) {
        field = mf_from_id(match_is_ipv6(match) ? MFF_ICMPV6_TYPE
                           : MFF_ICMPV4_TYPE);
    } else if (!strcmp(key, "icmp_code")) {
        field = mf_from_id(match_is_ipv6(match) ? MFF_ICMPV6_CODE
                           : MFF_ICMPV4_CODE);
    } else {
        field = mf_from_name(key);
        if (!field) {
            return parse_error(errorp, "unknown field \"%s\"", key);
        }
    }
    if (field->oxm_field < 0 && !any_field) {
        return parse_error(errorp, "%s: this field cannot be matched in "
                           "OpenFlow 1.0 or 1.3", key);
    }
    error = parse_field_value_mask(field, value, &v, &m, &has_mask, errorp);
    if (error) {
        return error;
    }
    if (!mf_is_value_valid(field, &v)) {
        return parse_error(errorp, "%s: %s is not a valid value", key,
                           value);
    }
    match_set_field(match, field, &v, has_mask ? &m : NULL);
    return 0;
}

int
ofp_parse_match(const char *s, struct match *match, char **errorp)
{
    char *copy = xstrdup(s);
    char *pos = copy;
    char *key, *value;
    int error = 0;

    match_init_catchall(match);
    while (!error && next_item(&pos, &key, &value)) {
        error = parse_match_item(match, key, value, true, errorp);
    }
    free(copy);
    return error;
}

/* Actions. */

struct ofpact_list {
    struct ofpact *acts;
    size_t n, allocated;
};

static struct ofpact *
ofpact_list_put(struct ofpact_list *list, enum ofpact_type type)
{
    struct ofpact *a;

    if (list->n >= list->allocated) {
        list->allocated = list->allocated ? 2 * list->allocated : 8;
        list->acts = xrealloc(list->acts,
                              list->allocated * sizeof *list->acts);
    }
    a = &list->acts[list->n++];
    memset(a, 0, sizeof *a);
    a->type = type;
    return a;
}

static void
put_output(struct ofpact_list *list, uint32_t port, uint16_t max_len)
{
    struct ofpact *a = ofpact_list_put(list, OFPACT_OUTPUT);

    a->output.port = port;
    a->output.max_len = max_len;
}

static void
put_set_field(struct ofpact_list *list, enum mf_field_id id,
              const union mf_value *value)
{
    struct ofpact *a = ofpact_list_put(list, OFPACT_SET_FIELD);

    a->set_field.field = id;
    a->set_field.value = *value;
}

static void
put_set_field_int(struct ofpact_list *list, enum mf_field_id id,
                  uint64_t x)
{
    union mf_value value;

    memset(&value, 0, sizeof value);
    put_be(value.bytes, mf_from_id(id)->n_bytes, x);
    put_set_field(list, id, &value);
}

/* Names printed and accepted for set_field, in ovs-ofctl's spelling. */
static const char *const set_field_names[MFF_N_IDS] = {
    [MFF_IN_PORT] = "in_port",
    [MFF_IN_PHY_PORT] = "in_phy_port",
    [MFF_METADATA] = "metadata",
    [MFF_ETH_DST] = "eth_dst",
    [MFF_ETH_SRC] = "eth_src",
    [MFF_ETH_TYPE] = "eth_type",
    [MFF_VLAN_VID] = "vlan_vid",
    [MFF_VLAN_PCP] = "vlan_pcp",
    [MFF_IP_DSCP] = "ip_dscp",
    [MFF_IP_ECN] = "nw_ecn",
    [MFF_IP_PROTO] = "ip_proto",
    [MFF_IPV4_SRC] = "ip_src",
    [MFF_IPV4_DST] = "ip_dst",
    [MFF_TCP_SRC] = "tcp_src",
    [MFF_TCP_DST] = "tcp_dst",
    [MFF_UDP_SRC] = "udp_src",
    [MFF_UDP_DST] = "udp_dst",
    [MFF_SCTP_SRC] = "sctp_src",
    [MFF_SCTP_DST] = "sctp_dst",
    [MFF_ICMPV4_TYPE] = "icmp_type",
    [MFF_ICMPV4_CODE] = "icmp_code",
    [MFF_ARP_OP] = "arp_op",
    [MFF_ARP_SPA] = "arp_spa",
    [MFF_ARP_TPA] = "arp_tpa",
    [MFF_ARP_SHA] = "arp_sha",
    [MFF_ARP_THA] = "arp_tha",
    [MFF_IPV6_SRC] = "ipv6_src",
    [MFF_IPV6_DST] = "ipv6_dst",
    [MFF_IPV6_LABEL] = "ipv6_label",
    [MFF_ICMPV6_TYPE] = "icmpv6_type",
    [MFF_ICMPV6_CODE] = "icmpv6_code",
    [MFF_ND_TARGET] = "nd_target",
    [MFF_ND_SLL] = "nd_sll",
    [MFF_ND_TLL] = "nd_tll",
    [MFF_MPLS_LABEL] = "mpls_label",
    [MFF_MPLS_TC] = "mpls_tc",
    [MFF_MPLS_BOS] = "mpls_bos",
    [MFF_PBB_ISID] = "pbb_isid",
    [MFF_TUNNEL_ID] = "tun_id",
    [MFF_IPV6_EXTHDR] = "ipv6_exthdr",
    [MFF_PBB_UCA] = "pbb_uca",
    [MFF_IP_TTL] = "nw_ttl",
};

const char *
ofp_field_name(enum mf_field_id id)
{
    return id < MFF_N_IDS && set_field_names[id] ? set_field_names[id]
                                                 : "unknown";
}

static const struct mf_field *
set_field_lookup(const char *name)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        if (set_field_names[i] && !strcmp(name, set_field_names[i])) {
            return mf_from_id(i);
        }
    }
    if (!strcmp(name, "nw_tos")) {
        return NULL;
    }
    return mf_from_name(name);
}

/* Parses "VALUE->FIELD". */
static int
parse_set_field(struct ofpact_list *list, char *arg, char **errorp)
{
    char *arrow = strstr(arg, "->");
    const struct mf_field *field;
    union mf_value value;
    int error;

    if (!arrow) {
        return parse_error(errorp, "set_field:%s: expected VALUE->FIELD",
                           arg);
    }
    *arrow = '\0';
    field = set_field_lookup(arrow + 2);
    if (!field) {
        return parse_error(errorp, "set_field: unknown field \"%s\"",
                           arrow + 2);
    }
    if (field->id == MFF_IP_TTL) {
        uint64_t ttl;

        error = parse_uint(arg, 255, "set_field nw_ttl", &ttl, errorp);
        if (!error) {
            ofpact_list_put(list, OFPACT_SET_NW_TTL)->ttl = ttl;
        }
        return error;
    }
    if (!field->settable) {
        return parse_error(errorp, "set_field: field %s is read-only",
                           arrow + 2);
    }
    if (strchr(arg, '/')) {
        return parse_error(errorp, "set_field: masked value \"%s\" is not "
                           "supported", arg);
    }
    error = parse_field_value(field, arg, &value, errorp);
    if (error) {
        return error;
    }
    if (!mf_is_value_valid(field, &value)) {
        return parse_error(errorp, "set_field: %s is not a valid value for "
                           "%s", arg, arrow + 2);
    }
    put_set_field(list, field->id, &value);
    return 0;
}

/* Parses "controller", "controller:N" or "controller(max_len=N)". */
static int
parse_controller(struct ofpact_list *list, char *arg, char **errorp)
{
    uint16_t max_len = OFPCML_NO_BUFFER;
    char *key, *value;

    if (*arg && isdigit((unsigned char) *arg)) {
        int error = parse_u16(arg, "controller", &max_len, errorp);

        if (error) {
            return error;
        }
    } else {
        while (next_item(&arg, &key, &value)) {
            if (!strcmp(key, "max_len")) {
                int error = parse_u16(value, "controller max_len", &max_len,
                                      errorp);

                if (error) {
                    return error;
                }
            } else {
                return parse_error(errorp, "controller: unsupported "
                                   "argument \"%s\" (only max_len)", key);
            }
        }
    }
    put_output(list, OFPP_CONTROLLER, max_len);
    return 0;
}

/* Parses one plain action into 'list'. */
static int
parse_action(struct ofpact_list *list, const char *key, char *arg,
             uint8_t version, char **errorp)
{
    struct ofpact *a;
    uint32_t port;
    uint64_t x;
    int error;

    if (!strcasecmp(key, "output")) {
        char *colon;

        if (!strncasecmp(arg, "controller", 10)) {
            return parse_controller(list, arg[10] == ':' ? arg + 11 : "",
                                    errorp);
        }
        colon = strchr(arg, ':');
        if (colon) {
            *colon = '\0';
        }
        error = ofp_parse_port(arg, &port, errorp);
        if (!error) {
            put_output(list, port, 0);
        }
        return error;
    } else if (!strcasecmp(key, "controller")) {
        return parse_controller(list, arg, errorp);
    } else if (!strcasecmp(key, "drop")) {
        return 0;
    } else if (!strcasecmp(key, "enqueue")) {
        char *colon = strchr(arg, ':');
        uint32_t queue;

        if (!colon) {
            return parse_error(errorp, "enqueue:%s: expected PORT:QUEUE",
                               arg);
        }
        *colon = '\0';
        error = ofp_parse_port(arg, &port, errorp);
        if (!error) {
            error = parse_u32(colon + 1, UINT32_MAX, "enqueue queue", &queue,
                              errorp);
        }
        if (!error) {
            ofpact_list_put(list, OFPACT_SET_QUEUE)->queue_id = queue;
            put_output(list, port, 0);
        }
        return error;
    } else if (!strcasecmp(key, "group")) {
        uint32_t group;

        error = parse_u32(arg, OFPG_MAX, "group", &group, errorp);
        if (!error) {
            ofpact_list_put(list, OFPACT_GROUP)->group_id = group;
        }
        return error;
    } else if (!strcasecmp(key, "set_queue")) {
        uint32_t queue;

        error = parse_u32(arg, UINT32_MAX, "set_queue", &queue, errorp);
        if (!error) {
            ofpact_list_put(list, OFPACT_SET_QUEUE)->queue_id = queue;
        }
        return error;
    } else if (!strcasecmp(key, "set_field")) {
        return parse_set_field(list, arg, errorp);
    } else if (!strcasecmp(key, "mod_dl_src")
               || !strcasecmp(key, "mod_dl_dst")) {
        union mf_value value;

        memset(&value, 0, sizeof value);
        if (parse_mac(arg, &value.mac)) {
            return parse_error(errorp, "%s: \"%s\" is not an Ethernet "
                               "address", key, arg);
        }
        put_set_field(list, key[7] == 's' ? MFF_ETH_SRC : MFF_ETH_DST,
                      &value);
        return 0;
    } else if (!strcasecmp(key, "mod_nw_src")
               || !strcasecmp(key, "mod_nw_dst")) {
        union mf_value value;

        memset(&value, 0, sizeof value);
        if (inet_pton(AF_INET, arg, value.bytes) != 1) {
            return parse_error(errorp, "%s: \"%s\" is not an IPv4 address",
                               key, arg);
        }
        put_set_field(list, key[7] == 's' ? MFF_IPV4_SRC : MFF_IPV4_DST,
                      &value);
        return 0;
    } else if (!strcasecmp(key, "mod_nw_tos")) {
        error = parse_uint(arg, 255, key, &x, errorp);
        if (!error && (x & 3)) {
            error = parse_error(errorp, "mod_nw_tos: %s has ECN bits set",
                                arg);
        }
        if (!error) {
            put_set_field_int(list, MFF_IP_DSCP, x >> 2);
        }
        return error;
    } else if (!strcasecmp(key, "mod_nw_ecn")) {
        error = parse_uint(arg, 3, key, &x, errorp);
        if (!error) {
            put_set_field_int(list, MFF_IP_ECN, x);
        }
        return error;
    } else if (!strcasecmp(key, "mod_tp_src")
               || !strcasecmp(key, "mod_tp_dst")) {
        error = parse_uint(arg, 0xffff, key, &x, errorp);
        if (!error) {
            put_set_field_int(list, key[7] == 's' ? MFF_TCP_SRC
                              : MFF_TCP_DST, x);
        }
        return error;
    } else if (!strcasecmp(key, "mod_vlan_vid")) {
        error = parse_uint(arg, VLAN_VID_MASK, key, &x, errorp);
        if (error) {
            return error;
        }
        if (version == OFP10_VERSION) {
            ofpact_list_put(list, OFPACT_SET_VLAN_VID)->vlan_vid = x;
        } else {
            put_set_field_int(list, MFF_VLAN_VID, x | VLAN_CFI);
        }
        return 0;
    } else if (!strcasecmp(key, "mod_vlan_pcp")) {
        error = parse_uint(arg, 7, key, &x, errorp);
        if (error) {
            return error;
        }
        if (version == OFP10_VERSION) {
            ofpact_list_put(list, OFPACT_SET_VLAN_PCP)->vlan_pcp = x;
        } else {
            put_set_field_int(list, MFF_VLAN_PCP, x);
        }
        return 0;
    } else if (!strcasecmp(key, "strip_vlan")) {
        ofpact_list_put(list, version == OFP10_VERSION ? OFPACT_STRIP_VLAN
                        : OFPACT_POP_VLAN);
        return 0;
    } else if (!strcasecmp(key, "pop_vlan")) {
        ofpact_list_put(list, version == OFP10_VERSION ? OFPACT_STRIP_VLAN
                        : OFPACT_POP_VLAN);
        return 0;
    } else if (!strcasecmp(key, "push_vlan")
               || !strcasecmp(key, "push_mpls")
               || !strcasecmp(key, "pop_mpls")
               || !strcasecmp(key, "push_pbb")) {
        enum ofpact_type type = (!strcasecmp(key, "push_vlan")
                                 ? OFPACT_PUSH_VLAN
                                 : !strcasecmp(key, "push_mpls")
                                 ? OFPACT_PUSH_MPLS
                                 : !strcasecmp(key, "pop_mpls")
                                 ? OFPACT_POP_MPLS : OFPACT_PUSH_PBB);
        uint16_t ethertype;

        if (!*arg) {
            return parse_error(errorp, "%s: needs an EtherType, e.g. "
                               "%s:0x%04x", key, key,
                               type == OFPACT_PUSH_VLAN ? 0x8100
                               : type == OFPACT_PUSH_PBB ? 0x88e7
                               : type == OFPACT_PUSH_MPLS ? 0x8847
                               : 0x0800);
        }
        error = parse_u16(arg, key, &ethertype, errorp);
        if (!error) {
            ofpact_list_put(list, type)->ethertype = ethertype;
        }
        return error;
    } else if (!strcasecmp(key, "pop_pbb")) {
        ofpact_list_put(list, OFPACT_POP_PBB);
        return 0;
    } else if (!strcasecmp(key, "copy_ttl_in")) {
        ofpact_list_put(list, OFPACT_COPY_TTL_IN);
        return 0;
    } else if (!strcasecmp(key, "copy_ttl_out")) {
        ofpact_list_put(list, OFPACT_COPY_TTL_OUT);
        return 0;
    } else if (!strcasecmp(key, "dec_ttl")) {
        if (*arg) {
            return parse_error(errorp, "dec_ttl: controller ids (%s) are "
                               "not supported", arg);
        }
        ofpact_list_put(list, OFPACT_DEC_NW_TTL);
        return 0;
    } else if (!strcasecmp(key, "dec_mpls_ttl")) {
        ofpact_list_put(list, OFPACT_DEC_MPLS_TTL);
        return 0;
    } else if (!strcasecmp(key, "mod_nw_ttl")
               || !strcasecmp(key, "set_mpls_ttl")) {
        error = parse_uint(arg, 255, key, &x, errorp);
        if (!error) {
            a = ofpact_list_put(list, key[0] == 'm' || key[0] == 'M'
                                ? OFPACT_SET_NW_TTL : OFPACT_SET_MPLS_TTL);
            a->ttl = x;
        }
        return error;
    }

    /* A bare port: "2", "LOCAL", "in_port", "normal", ... */
    if (!*arg && !ofp_parse_port(key, &port, errorp)) {
        if (port == OFPP_CONTROLLER) {
            put_output(list, port, OFPCML_NO_BUFFER);
        } else if (port == OFPP_ANY) {
            return parse_error(errorp, "cannot output to port %s", key);
        } else {
            put_output(list, port, 0);
        }
        return 0;
    }
    if (!*arg) {
        free(*errorp);
    }
    return parse_error(errorp, "unknown action \"%s\"", key);
}

static int
parse_action_list(const char *s, uint8_t version, struct ofpact_list *list,
                  char **errorp)
{
    char *copy = xstrdup(s);
    char *pos = copy;
    char *key, *value;
    int error = 0;

    while (!error && next_item(&pos, &key, &value)) {
        error = parse_action(list, key, value, version, errorp);
    }
    free(copy);
    return error;
}

int
ofp_parse_actions(const char *s, uint8_t version, struct ofpact **actsp,
                  size_t *n_actsp, char **errorp)
{
    struct ofpact_list list = { NULL, 0, 0 };
    int error = parse_action_list(s, version, &list, errorp);

    if (error) {
        free(list.acts);
        *actsp = NULL;
        *n_actsp = 0;
        return error;
    }
    *actsp = list.acts;
    *n_actsp = list.n;
    return 0;
}

static int
parse_instruction(struct ofpinsts *insts, struct ofpact_list *apply,
                  const char *key, char *arg, uint8_t version,
                  char **errorp)
{
    uint64_t x;
    int error;

    if (!strcasecmp(key, "goto_table")) {
        if (insts->goto_table >= 0) {
            return parse_error(errorp, "goto_table given twice");
        }
        error = parse_uint(arg, OFPTT_MAX, key, &x, errorp);
        if (!error) {
            insts->goto_table = x;
        }
        return error;
    } else if (!strcasecmp(key, "write_metadata")) {
        char *slash = strchr(arg, '/');
        uint64_t mask = UINT64_MAX;

        if (insts->has_write_metadata) {
            return parse_error(errorp, "write_metadata given twice");
        }
        if (slash) {
            *slash = '\0';
            error = parse_uint(slash + 1, UINT64_MAX, key, &mask, errorp);
            if (error) {
                return error;
            }
        }
        error = parse_uint(arg, UINT64_MAX, key, &x, errorp);
        if (!error) {
            insts->has_write_metadata = true;
            insts->metadata = x;
            insts->metadata_mask = mask;
        }
        return error;
    } else if (!strcasecmp(key, "clear_actions")) {
        insts->clear_actions = true;
        return 0;
    } else if (!strcasecmp(key, "meter")) {
        error = parse_uint(arg, UINT32_MAX, key, &x, errorp);
        if (!error && x == 0) {
            error = parse_error(errorp, "meter: 0 is not a meter id");
        }
        if (!error) {
            insts->meter_id = x;
        }
        return error;
    } else if (!strcasecmp(key, "write_actions")) {
        struct ofpact_list write = { NULL, 0, 0 };

        if (insts->has_write) {
            return parse_error(errorp, "write_actions given twice");
        }
        error = parse_action_list(arg, version, &write, errorp);
        if (error) {
            free(write.acts);
            return error;
        }
        insts->has_write = true;
        insts->write = write.acts;
        insts->n_write = write.n;
        return 0;
    } else if (!strcasecmp(key, "apply_actions")) {
        insts->has_apply = true;
        return parse_action_list(arg, version, apply, errorp);
    }
    insts->has_apply = true;
    return parse_action(apply, key, arg, version, errorp);
}

int
ofp_parse_instructions(const char *s, uint8_t version,
                       struct ofpinsts *insts, char **errorp)
{
    struct ofpact_list apply = { NULL, 0, 0 };
    char *copy = xstrdup(s);
    char *pos = copy;
    char *key, *value;
    int error = 0;

    ofpinsts_init(insts);
    while (!error && next_item(&pos, &key, &value)) {
        error = parse_instruction(insts, &apply, key, value, version,
                                  errorp);
    }
    free(copy);
    if (error) {
        free(apply.acts);
        ofpinsts_destroy(insts);
        ofpinsts_init(insts);
        return error;
    }
    if (apply.n) {
        insts->apply = apply.acts;
        insts->n_apply = apply.n;
    } else {
        free(apply.acts);
        insts->has_apply = false;
    }
    return 0;
}

/* Finds "actions=" (or "action=") at an item boundary in 's' and returns
 * a pointer to its value, terminating 's' before it, or NULL. */
static char *
split_actions(char *s)
{
    for (char *p = s; (p = strstr(p, "action")) != NULL; p++) {
        bool boundary = p == s || strchr(DELIMS, p[-1]);
        char *q = p + 6;

        if (*q == 's') {
            q++;
        }
        if (boundary && *q == '=') {
            *p = '\0';
            return q + 1;
        }
    }
    return NULL;
}

/* Parses the cookie argument "V" or "V/M". */
static int
parse_cookie(char *value, uint64_t *cookiep, uint64_t *maskp, bool *maskedp,
             char **errorp)
{
    char *slash = strchr(value, '/');
    int error;

    *maskedp = slash != NULL;
    *maskp = UINT64_MAX;
    if (slash) {
        *slash = '\0';
        if (!strcmp(slash + 1, "-1")) {
            *maskp = UINT64_MAX;
        } else {
            error = parse_uint(slash + 1, UINT64_MAX, "cookie mask", maskp,
                               errorp);
            if (error) {
                return error;
            }
        }
    }
    return parse_uint(value, UINT64_MAX, "cookie", cookiep, errorp);
}

/* Keys that dump-flows prints and that ovs-ofctl ignores on input, so that
 * a dump can be fed back. */
static bool
is_stats_key(const char *key)
{
    return (!strcmp(key, "duration") || !strcmp(key, "n_packets")
            || !strcmp(key, "n_bytes") || !strcmp(key, "idle_age")
            || !strcmp(key, "hard_age"));
}

int
ofp_parse_flow_mod(const char *s, enum ofp_flow_mod_command command,
                   uint8_t version, struct ofp_flow_mod *fm, char **errorp)
{
    bool is_add = command == OFPFC_ADD;
    bool is_delete = (command == OFPFC_DELETE
                      || command == OFPFC_DELETE_STRICT);
    char *copy = xstrdup(s);
    char *acts = split_actions(copy);
    char *pos = copy;
    char *key, *value;
    int error = 0;

    memset(fm, 0, sizeof *fm);
    fm->version = version;
    fm->command = command;
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->table_id = is_delete ? OFPTT_ALL : 0;
    fm->new_cookie = UINT64_MAX;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    match_init_catchall(&fm->match);
    ofpinsts_init(&fm->insts);

    if (is_delete && acts) {
        error = parse_error(errorp, "actions are not allowed when "
                            "deleting flows");
    } else if (!is_add && !is_delete && !acts) {
        error = parse_error(errorp, "modifying flows needs actions= "
                            "(e.g. actions=drop)");
    }
    while (!error && next_item(&pos, &key, &value)) {
        uint64_t x;

        if (is_stats_key(key)) {
            continue;
        } else if (!strcmp(key, "table")) {
            if (!strcasecmp(value, "all") && is_delete) {
                fm->table_id = OFPTT_ALL;
            } else {
                error = parse_uint(value, is_delete ? OFPTT_ALL : OFPTT_MAX,
                                   key, &x, errorp);
                fm->table_id = x;
            }
        } else if (!strcmp(key, "priority")) {
            error = parse_u16(value, key, &fm->priority, errorp);
        } else if (!strcmp(key, "idle_timeout")) {
            error = parse_u16(value, key, &fm->idle_timeout, errorp);
        } else if (!strcmp(key, "hard_timeout")) {
            error = parse_u16(value, key, &fm->hard_timeout, errorp);
        } else if (!strcmp(key, "cookie")) {
            uint64_t cookie, mask;
            bool masked;

            error = parse_cookie(value, &cookie, &mask, &masked, errorp);
            if (error) {
                break;
            }
            if (is_add) {
                if (masked) {
                    error = parse_error(errorp, "cookie=%s: a cookie mask "
                                        "is only allowed when modifying "
                                        "or deleting flows", value);
                }
                fm->cookie = cookie;
            } else if (masked || is_delete) {
                fm->cookie = cookie;
                fm->cookie_mask = mask;
            } else {
                fm->new_cookie = cookie;
            }
        } else if (!strcmp(key, "send_flow_rem")) {
            fm->flags |= OFPFF_SEND_FLOW_REM;
        } else if (!strcmp(key, "check_overlap")) {
            fm->flags |= OFPFF_CHECK_OVERLAP;
        } else if (!strcmp(key, "reset_counts")) {
            fm->flags |= OFPFF_RESET_COUNTS;
        } else if (!strcmp(key, "no_packet_counts")) {
            fm->flags |= OFPFF_NO_PKT_COUNTS;
        } else if (!strcmp(key, "no_byte_counts")) {
            fm->flags |= OFPFF_NO_BYT_COUNTS;
        } else if (!strcmp(key, "out_port")) {
            error = ofp_parse_port(value, &fm->out_port, errorp);
        } else if (!strcmp(key, "out_group")) {
            error = parse_group_id(value, &fm->out_group, errorp);
        } else if (!strcmp(key, "buffer_id")) {
            error = parse_u32(value, UINT32_MAX, key, &fm->buffer_id,
                              errorp);
        } else {
            error = parse_match_item(&fm->match, key, value, false,
                                     errorp);
        }
    }
    if (!error && acts) {
        error = ofp_parse_instructions(acts, version, &fm->insts, errorp);
    }
    free(copy);
    if (error) {
        ofpinsts_destroy(&fm->insts);
        ofpinsts_init(&fm->insts);
    }
    return error;
}

int
ofp_parse_flow_stats_request(const char *s, bool aggregate,
                             struct ofp_flow_stats_request *req,
                             char **errorp)
{
    char *copy = xstrdup(s ? s : "");
    char *pos = copy;
    char *key, *value;
    int error = 0;

    memset(req, 0, sizeof *req);
    req->aggregate = aggregate;
    req->table_id = OFPTT_ALL;
    req->out_port = OFPP_ANY;
    req->out_group = OFPG_ANY;
    match_init_catchall(&req->match);
    while (!error && next_item(&pos, &key, &value)) {
        uint64_t x;

        if (is_stats_key(key)) {
            continue;
        } else if (!strcmp(key, "table")) {
            if (!strcasecmp(value, "all")) {
                req->table_id = OFPTT_ALL;
            } else {
                error = parse_uint(value, OFPTT_ALL, key, &x, errorp);
                req->table_id = x;
            }
        } else if (!strcmp(key, "cookie")) {
            bool masked;

            error = parse_cookie(value, &req->cookie, &req->cookie_mask,
                                 &masked, errorp);
        } else if (!strcmp(key, "out_port")) {
            error = ofp_parse_port(value, &req->out_port, errorp);
        } else if (!strcmp(key, "out_group")) {
            error = parse_group_id(value, &req->out_group, errorp);
        } else if (!strcmp(key, "priority")) {
            continue;
        } else if (!strcmp(key, "actions")) {
            error = parse_error(errorp, "actions are not allowed in a flow "
                                "filter");
        } else {
            error = parse_match_item(&req->match, key, value, false,
                                     errorp);
        }
    }
    free(copy);
    return error;
}

/* Groups. */

static const struct {
    const char *name;
    enum ofp_group_type type;
} group_types[] = {
    { "all", OFPGT_ALL },
    { "select", OFPGT_SELECT },
    { "indirect", OFPGT_INDIRECT },
    { "ff", OFPGT_FF },
    { "fast_failover", OFPGT_FF },
};

/* Parses one bucket's text (after "bucket=") into 'bucket'. */
static int
parse_bucket(char *s, uint8_t version, struct ofp_bucket *bucket,
             char **errorp)
{
    struct ofpact_list list = { NULL, 0, 0 };
    char *acts = split_actions(s);
    char *pos = s;
    char *key, *value;
    int error = 0;

    memset(bucket, 0, sizeof *bucket);
    bucket->watch_port = OFPP_ANY;
    bucket->watch_group = OFPG_ANY;
    while (!error && next_item(&pos, &key, &value)) {
        if (!strcmp(key, "weight")) {
            error = parse_u16(value, key, &bucket->weight, errorp);
        } else if (!strcmp(key, "watch_port")) {
            error = ofp_parse_port(value, &bucket->watch_port, errorp);
        } else if (!strcmp(key, "watch_group")) {
            error = parse_group_id(value, &bucket->watch_group, errorp);
        } else {
            error = parse_action(&list, key, value, version, errorp);
        }
    }
    if (!error && acts) {
        error = parse_action_list(acts, version, &list, errorp);
    }
    if (error) {
        free(list.acts);
        return error;
    }
    bucket->actions = list.acts;
    bucket->n_actions = list.n;
    return 0;
}

/* Finds the next "bucket=" at an item boundary at or after 'p'. */
static char *
find_bucket(char *s, char *p)
{
    for (; (p = strstr(p, "bucket")) != NULL; p++) {
        if ((p == s || strchr(DELIMS, p[-1]))
            && (p[6] == '=' || p[6] == ':')) {
            return p;
        }
    }
    return NULL;
}

int
ofp_parse_group_mod(const char *s, enum ofp_group_mod_command command,
                    uint8_t version, struct ofp_group_mod *gm,
                    char **errorp)
{
    char *copy = xstrdup(s ? s : "");
    char *bucket = find_bucket(copy, copy);
    char *pos = copy;
    bool have_id = false, have_type = false;
    char *key, *value;
    int error = 0;

    memset(gm, 0, sizeof *gm);
    gm->command = command;
    gm->type = OFPGT_ALL;
    gm->group_id = command == OFPGC_DELETE ? OFPG_ALL : 0;
    if (bucket) {
        *bucket = '\0';
    }
    while (!error && next_item(&pos, &key, &value)) {
        if (!strcmp(key, "group_id")) {
            error = parse_group_id(value, &gm->group_id, errorp);
            if (!error && gm->group_id > OFPG_MAX
                && !(command == OFPGC_DELETE && gm->group_id == OFPG_ALL)) {
                error = parse_error(errorp, "group_id=%s: not a valid group "
                                    "id", value);
            }
            have_id = true;
        } else if (!strcmp(key, "type")) {
            size_t i;

            for (i = 0; i < ARRAY_SIZE(group_types); i++) {
                if (!strcmp(value, group_types[i].name)) {
                    gm->type = group_types[i].type;
                    break;
                }
            }
            if (i == ARRAY_SIZE(group_types)) {
                error = parse_error(errorp, "type=%s: unknown group type "
                                    "(all, select, indirect, ff)", value);
            }
            have_type = true;
        } else {
            error = parse_error(errorp, "unknown group keyword \"%s\"", key);
        }
    }
    if (!error && command != OFPGC_DELETE && !have_id) {
        error = parse_error(errorp, "must specify group_id=");
    }
    if (!error && command != OFPGC_DELETE && !have_type) {
        error = parse_error(errorp, "must specify type=");
    }
    while (!error && bucket) {
        char *text = bucket + 7;
        char *next = find_bucket(copy, text);

        if (next) {
            *next = '\0';
        }
        gm->buckets = xrealloc(gm->buckets,
                               (gm->n_buckets + 1) * sizeof *gm->buckets);
        error = parse_bucket(text, version, &gm->buckets[gm->n_buckets],
                             errorp);
        if (!error) {
            gm->n_buckets++;
        }
        bucket = next;
    }
    if (!error && command == OFPGC_DELETE && gm->n_buckets) {
        error = parse_error(errorp, "buckets are not allowed when deleting "
                            "groups");
    }
    free(copy);
    if (error) {
        ofp_buckets_free(gm->buckets, gm->n_buckets);
        gm->buckets = NULL;
        gm->n_buckets = 0;
    }
    return error;
}

int
ofp_parse_hex(const char *s, uint8_t **datap, size_t *lenp, char **errorp)
{
    size_t len = 0;
    uint8_t *data = xmalloc(strlen(s) / 2 + 1);

    while (*s) {
        int hi, lo;

        if (isspace((unsigned char) *s) || *s == ':' || *s == '.') {
            s++;
            continue;
        }
        if (!isxdigit((unsigned char) s[0])
            || !isxdigit((unsigned char) s[1])) {
            free(data);
            return parse_error(errorp, "bad hex digits at \"%.10s\"", s);
        }
        hi = isdigit((unsigned char) s[0]) ? s[0] - '0'
             : tolower((unsigned char) s[0]) - 'a' + 10;
        lo = isdigit((unsigned char) s[1]) ? s[1] - '0'
             : tolower((unsigned char) s[1]) - 'a' + 10;
        data[len++] = hi << 4 | lo;
        s += 2;
    }
    *datap = data;
    *lenp = len;
    return 0;
}

int
ofp_parse_packet_out(const char *s, uint8_t version,
                     struct ofp_packet_out *po, char **errorp)
{
    char *copy = xstrdup(s);
    char *acts = split_actions(copy);
    char *pos = copy;
    uint8_t *packet = NULL;
    size_t len = 0;
    char *key, *value;
    int error = 0;

    memset(po, 0, sizeof *po);
    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_CONTROLLER;
    while (!error && next_item(&pos, &key, &value)) {
        if (!strcmp(key, "in_port")) {
            error = ofp_parse_port(value, &po->in_port, errorp);
        } else if (!strcmp(key, "packet")) {
            free(packet);
            packet = NULL;
            error = ofp_parse_hex(value, &packet, &len, errorp);
        } else {
            error = parse_error(errorp, "unknown packet-out keyword \"%s\" "
                                "(in_port, packet, actions)", key);
        }
    }
    if (!error && !packet) {
        error = parse_error(errorp, "packet-out needs packet=HEX");
    }
    if (!error) {
        error = ofp_parse_actions(acts ? acts : "", version, &po->actions,
                                  &po->n_actions, errorp);
    }
    free(copy);
    if (error) {
        free(packet);
        return error;
    }
    po->data = packet;
    po->len = len;
    return 0;
}
