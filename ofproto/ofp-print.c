/* ofp-print: internal OpenFlow forms in ovs-ofctl's text and in JSON. */
#include "ofproto/ofp-print.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ofproto/ofp-parse.h"

void
ofp_print_header(FILE *s, const char *name, uint8_t version, uint32_t xid)
{
    fprintf(s, "%s%s (xid=0x%"PRIx32"):", name,
            version == OFP13_VERSION ? " (OF1.3)"
            : version == OFP14_VERSION ? " (OF1.4)" : "", xid);
}

static const char *
reserved_port_name(uint32_t port)
{
    switch (port) {
    case OFPP_IN_PORT: return "IN_PORT";
    case OFPP_TABLE: return "TABLE";
    case OFPP_NORMAL: return "NORMAL";
    case OFPP_FLOOD: return "FLOOD";
    case OFPP_ALL: return "ALL";
    case OFPP_CONTROLLER: return "CONTROLLER";
    case OFPP_LOCAL: return "LOCAL";
    case OFPP_ANY: return "ANY";
    default: return NULL;
    }
}

void
ofp_print_port(FILE *s, uint32_t port)
{
    const char *name = reserved_port_name(port);

    if (name) {
        fputs(name, s);
    } else {
        fprintf(s, "%"PRIu32, port);
    }
}

void
ofp_print_duration(FILE *s, uint32_t sec, uint32_t nsec)
{
    fprintf(s, "%"PRIu32, sec);
    if (nsec > 0) {
        uint32_t msec = nsec / 1000000;

        if (msec * 1000000 == nsec) {
            fprintf(s, ".%03"PRIu32, msec);
        } else {
            char buf[16];
            int len = snprintf(buf, sizeof buf, "%09"PRIu32, nsec);

            while (len > 0 && buf[len - 1] == '0') {
                buf[--len] = '\0';
            }
            fprintf(s, ".%s", buf);
        }
    }
    fputc('s', s);
}

/* Match printing, in the order and with the names of OVS's
 * match_format(). */

static void
print_mac(FILE *s, struct eth_addr mac)
{
    fprintf(s, "%02x:%02x:%02x:%02x:%02x:%02x", mac.ea[0], mac.ea[1],
            mac.ea[2], mac.ea[3], mac.ea[4], mac.ea[5]);
}

static bool
mac_is_zero(struct eth_addr mac)
{
    static const struct eth_addr zero;

    return !memcmp(&mac, &zero, sizeof mac);
}

static bool
mac_is_ones(struct eth_addr mac)
{
    static const struct eth_addr ones = { { 0xff, 0xff, 0xff, 0xff, 0xff,
                                            0xff } };

    return !memcmp(&mac, &ones, sizeof mac);
}

static void
print_mac_masked(FILE *s, const char *name, struct eth_addr value,
                 struct eth_addr mask)
{
    if (mac_is_zero(mask)) {
        return;
    }
    fprintf(s, "%s=", name);
    print_mac(s, value);
    if (!mac_is_ones(mask)) {
        fputc('/', s);
        print_mac(s, mask);
    }
    fputc(',', s);
}

/* Returns the prefix length of 'mask' ('n_bytes' big-endian bytes), or -1
 * if it is not a prefix. */
static int
prefix_len(const uint8_t *mask, size_t n_bytes)
{
    int bits = 0;
    size_t i;

    for (i = 0; i < n_bytes && mask[i] == 0xff; i++) {
        bits += 8;
    }
    if (i < n_bytes) {
        uint8_t b = mask[i];
        int n = 0;

        while (b & 0x80) {
            b <<= 1;
            n++;
        }
        if (b) {
            return -1;
        }
        bits += n;
        for (i++; i < n_bytes; i++) {
            if (mask[i]) {
                return -1;
            }
        }
    }
    return bits;
}

static void
print_ip_masked(FILE *s, const char *name, ovs_be32 value, ovs_be32 mask)
{
    char buf[INET_ADDRSTRLEN];
    int plen;

    if (!mask) {
        return;
    }
    inet_ntop(AF_INET, &value, buf, sizeof buf);
    fprintf(s, "%s=%s", name, buf);
    plen = prefix_len((const uint8_t *) &mask, 4);
    if (plen == 32) {
        /* Exact. */
    } else if (plen >= 0) {
        fprintf(s, "/%d", plen);
    } else {
        inet_ntop(AF_INET, &mask, buf, sizeof buf);
        fprintf(s, "/%s", buf);
    }
    fputc(',', s);
}

static bool
ipv6_is_zero(const struct in6_addr *a)
{
    static const struct in6_addr zero;

    return !memcmp(a, &zero, sizeof *a);
}

static void
print_ipv6(FILE *s, const struct in6_addr *a)
{
    char buf[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, a, buf, sizeof buf);
    fputs(buf, s);
}

static void
print_ipv6_masked(FILE *s, const char *name, const struct in6_addr *value,
                  const struct in6_addr *mask)
{
    int plen;

    if (ipv6_is_zero(mask)) {
        return;
    }
    fprintf(s, "%s=", name);
    print_ipv6(s, value);
    plen = prefix_len(mask->s6_addr, 16);
    if (plen == 128) {
        /* Exact. */
    } else if (plen >= 0) {
        fprintf(s, "/%d", plen);
    } else {
        fputc('/', s);
        print_ipv6(s, mask);
    }
    fputc(',', s);
}

/* OVS's format_be16_masked(): decimal if exact, else hex/hex. */
static void
print_be16_masked(FILE *s, const char *name, ovs_be16 value, ovs_be16 mask)
{
    if (!mask) {
        return;
    }
    if (mask == 0xffff) {
        fprintf(s, "%s=%"PRIu16",", name, ntohs(value));
    } else {
        fprintf(s, "%s=0x%04"PRIx16"/0x%04"PRIx16",", name, ntohs(value),
                ntohs(mask));
    }
}

/* ICMP type and code live in the low byte of tp_src/tp_dst. */
static void
print_icmp(FILE *s, const char *name, ovs_be16 value, ovs_be16 mask)
{
    if (ntohs(mask) & 0xff) {
        fprintf(s, "%s=%d,", name, ntohs(value) & 0xff);
    }
}

static uint64_t
be64_to_host(ovs_be64 x)
{
    const uint8_t *b = (const uint8_t *) &x;
    uint64_t v = 0;

    for (int i = 0; i < 8; i++) {
        v = v << 8 | b[i];
    }
    return v;
}

static void
print_be64_masked(FILE *s, const char *name, ovs_be64 value, ovs_be64 mask)
{
    if (!mask) {
        return;
    }
    fprintf(s, "%s=0x%"PRIx64, name, be64_to_host(value));
    if (mask != UINT64_MAX) {
        fprintf(s, "/0x%"PRIx64, be64_to_host(mask));
    }
    fputc(',', s);
}

static void
print_hex_masked(FILE *s, const char *name, uint32_t value, uint32_t mask,
                 uint32_t all, int width)
{
    if (!mask) {
        return;
    }
    fprintf(s, "%s=0x%0*"PRIx32, name, width, value);
    if (mask != all) {
        fprintf(s, "/0x%0*"PRIx32, width, mask);
    }
    fputc(',', s);
}

static void
print_vlan(FILE *s, const struct match *m)
{
    uint16_t tci = ntohs(m->flow.vlan_tci);
    uint16_t mask = ntohs(m->wc.vlan_tci);
    uint16_t vid_mask = mask & VLAN_VID_MASK;
    uint16_t pcp_mask = mask & VLAN_PCP_MASK;

    if (!mask) {
        return;
    }
    if ((mask & VLAN_CFI) && (tci & VLAN_CFI)
        && (!vid_mask || vid_mask == VLAN_VID_MASK)
        && (!pcp_mask || pcp_mask == VLAN_PCP_MASK)
        && (vid_mask || pcp_mask)) {
        if (vid_mask) {
            fprintf(s, "dl_vlan=%d,", tci & VLAN_VID_MASK);
        }
        if (pcp_mask) {
            fprintf(s, "dl_vlan_pcp=%d,", tci >> VLAN_PCP_SHIFT);
        }
    } else if (mask == 0xffff) {
        fprintf(s, "vlan_tci=0x%04"PRIx16",", tci);
    } else {
        fprintf(s, "vlan_tci=0x%04"PRIx16"/0x%04"PRIx16",", tci, mask);
    }
}

/* Returns 'm' in flow syntax as a malloc'd string. */
static char *
format_match(const struct match *m, int priority)
{
    const struct flow *f = &m->flow;
    const struct flow *w = &m->wc;
    uint16_t dl_type = w->dl_type ? ntohs(f->dl_type) : 0;
    bool is_arp = dl_type == ETH_TYPE_ARP;
    bool is_ip = dl_type == ETH_TYPE_IP;
    bool is_ipv6 = dl_type == ETH_TYPE_IPV6;
    bool skip_type = true, skip_proto = false;
    char *buf;
    size_t len;
    FILE *t = open_memstream(&buf, &len);

    if (priority >= 0 && priority != OFP_DEFAULT_PRIORITY) {
        fprintf(t, "priority=%d,", priority);
    }
    if (is_ip || is_ipv6) {
        const char *v6 = is_ipv6 ? "6" : "";

        if (w->nw_proto) {
            skip_proto = true;
            if (f->nw_proto == 1 && is_ip) {
                fputs("icmp,", t);
            } else if (f->nw_proto == 58 && is_ipv6) {
                fputs("icmp6,", t);
            } else if (f->nw_proto == 6) {
                fprintf(t, "tcp%s,", v6);
            } else if (f->nw_proto == 17) {
                fprintf(t, "udp%s,", v6);
            } else if (f->nw_proto == 132) {
                fprintf(t, "sctp%s,", v6);
            } else {
                fputs(is_ip ? "ip," : "ipv6,", t);
                skip_proto = false;
            }
        } else {
            fputs(is_ip ? "ip," : "ipv6,", t);
        }
    } else if (is_arp) {
        fputs("arp,", t);
    } else if (dl_type == ETH_TYPE_MPLS) {
        fputs("mpls,", t);
    } else if (dl_type == ETH_TYPE_MPLS_MCAST) {
        fputs("mplsm,", t);
    } else {
        skip_type = false;
    }
    print_be64_masked(t, "tun_id", f->tunnel_id, w->tunnel_id);
    print_be64_masked(t, "metadata", f->metadata, w->metadata);
    if (w->in_port) {
        fputs("in_port=", t);
        ofp_print_port(t, f->in_port);
        fputc(',', t);
    }
    if (w->in_phy_port) {
        fputs("in_phy_port=", t);
        ofp_print_port(t, f->in_phy_port);
        fputc(',', t);
    }
    print_vlan(t, m);
    print_mac_masked(t, "dl_src", f->dl_src, w->dl_src);
    print_mac_masked(t, "dl_dst", f->dl_dst, w->dl_dst);
    if (!skip_type && w->dl_type) {
        fprintf(t, "dl_type=0x%04"PRIx16",", ntohs(f->dl_type));
    }
    if (is_ipv6) {
        print_ipv6_masked(t, "ipv6_src", &f->ipv6_src, &w->ipv6_src);
        print_ipv6_masked(t, "ipv6_dst", &f->ipv6_dst, &w->ipv6_dst);
        print_hex_masked(t, "ipv6_label", ntohl(f->ipv6_label),
                         ntohl(w->ipv6_label), 0xfffff, 5);
        print_hex_masked(t, "ipv6_exthdr", f->ipv6_exthdr, w->ipv6_exthdr,
                         0x1ff, 1);
    } else if (is_arp) {
        print_ip_masked(t, "arp_spa", f->nw_src, w->nw_src);
        print_ip_masked(t, "arp_tpa", f->nw_dst, w->nw_dst);
    } else {
        print_ip_masked(t, "nw_src", f->nw_src, w->nw_src);
        print_ip_masked(t, "nw_dst", f->nw_dst, w->nw_dst);
    }
    if (!skip_proto && w->nw_proto) {
        fprintf(t, "%s=%"PRIu8",", is_arp ? "arp_op" : "nw_proto",
                f->nw_proto);
    }
    if (is_arp) {
        print_mac_masked(t, "arp_sha", f->arp_sha, w->arp_sha);
        print_mac_masked(t, "arp_tha", f->arp_tha, w->arp_tha);
    }
    if (w->nw_tos & 0xfc) {
        fprintf(t, "nw_tos=%d,", f->nw_tos & 0xfc);
    }
    if (w->nw_tos & 0x03) {
        fprintf(t, "nw_ecn=%d,", f->nw_tos & 0x03);
    }
    if (w->nw_ttl) {
        fprintf(t, "nw_ttl=%d,", f->nw_ttl);
    }
    if (w->mpls_lse & htonl(0xfffff000)) {
        fprintf(t, "mpls_label=%"PRIu32",", ntohl(f->mpls_lse) >> 12);
    }
    if (w->mpls_lse & htonl(0x00000e00)) {
        fprintf(t, "mpls_tc=%"PRIu32",", (ntohl(f->mpls_lse) >> 9) & 7);
    }
    if (w->mpls_lse & htonl(0x000000ff)) {
        fprintf(t, "mpls_ttl=%"PRIu32",", ntohl(f->mpls_lse) & 0xff);
    }
    if (w->mpls_lse & htonl(0x00000100)) {
        fprintf(t, "mpls_bos=%"PRIu32",", (ntohl(f->mpls_lse) >> 8) & 1);
    }
    print_hex_masked(t, "pbb_isid", ntohl(f->pbb_isid) & 0xffffff,
                     ntohl(w->pbb_isid) & 0xffffff, 0xffffff, 1);
    if (w->pbb_uca) {
        fprintf(t, "pbb_uca=%d,", f->pbb_uca);
    }
    if (w->nw_proto && f->nw_proto == 1 && is_ip) {
        print_icmp(t, "icmp_type", f->tp_src, w->tp_src);
        print_icmp(t, "icmp_code", f->tp_dst, w->tp_dst);
    } else if (w->nw_proto && f->nw_proto == 58 && is_ipv6) {
        print_icmp(t, "icmp_type", f->tp_src, w->tp_src);
        print_icmp(t, "icmp_code", f->tp_dst, w->tp_dst);
        print_ipv6_masked(t, "nd_target", &f->nd_target, &w->nd_target);
        print_mac_masked(t, "nd_sll", f->arp_sha, w->arp_sha);
        print_mac_masked(t, "nd_tll", f->arp_tha, w->arp_tha);
    } else {
        print_be16_masked(t, "tp_src", f->tp_src, w->tp_src);
        print_be16_masked(t, "tp_dst", f->tp_dst, w->tp_dst);
    }
    fclose(t);
    if (len && buf[len - 1] == ',') {
        buf[--len] = '\0';
    }
    return buf;
}

void
ofp_print_match(FILE *s, const struct match *m, int priority)
{
    char *text = format_match(m, priority);

    fputs(text, s);
    free(text);
}

/* Actions. */

static uint64_t
value_to_uint(const union mf_value *v, unsigned int n_bytes)
{
    uint64_t x = 0;

    for (unsigned int i = 0; i < n_bytes && i < 8; i++) {
        x = x << 8 | v->bytes[i];
    }
    return x;
}

static bool
field_is_hex(enum mf_field_id id)
{
    return (id == MFF_METADATA || id == MFF_TUNNEL_ID
            || id == MFF_IPV6_LABEL || id == MFF_ETH_TYPE
            || id == MFF_PBB_ISID || id == MFF_IPV6_EXTHDR);
}

/* Prints the value of 'id' from 'v' as set_field shows it. */
static void
print_field_value(FILE *s, enum mf_field_id id, const union mf_value *v)
{
    const struct mf_field *field = mf_from_id(id);
    char buf[INET6_ADDRSTRLEN];

    switch (id) {
    case MFF_ETH_SRC: case MFF_ETH_DST: case MFF_ARP_SHA: case MFF_ARP_THA:
    case MFF_ND_SLL: case MFF_ND_TLL:
        print_mac(s, v->mac);
        break;
    case MFF_IPV4_SRC: case MFF_IPV4_DST: case MFF_ARP_SPA: case MFF_ARP_TPA:
        inet_ntop(AF_INET, v->bytes, buf, sizeof buf);
        fputs(buf, s);
        break;
    case MFF_IPV6_SRC: case MFF_IPV6_DST: case MFF_ND_TARGET:
        inet_ntop(AF_INET6, v->bytes, buf, sizeof buf);
        fputs(buf, s);
        break;
    case MFF_IN_PORT: case MFF_IN_PHY_PORT:
        ofp_print_port(s, value_to_uint(v, field->n_bytes));
        break;
    default:
        fprintf(s, field_is_hex(id) ? "0x%"PRIx64 : "%"PRIu64,
                value_to_uint(v, field->n_bytes));
        break;
    }
}

/* OF1.0 spellings of set_field, as ovs-ofctl prints OF1.0 actions.
 * Returns true if it printed. */
static bool
print_set_field_of10(FILE *s, const struct ofpact *a)
{
    const union mf_value *v = &a->set_field.value;
    const char *name;

    switch (a->set_field.field) {
    case MFF_ETH_SRC: name = "mod_dl_src"; break;
    case MFF_ETH_DST: name = "mod_dl_dst"; break;
    case MFF_IPV4_SRC: name = "mod_nw_src"; break;
    case MFF_IPV4_DST: name = "mod_nw_dst"; break;
    case MFF_TCP_SRC: case MFF_UDP_SRC: name = "mod_tp_src"; break;
    case MFF_TCP_DST: case MFF_UDP_DST: name = "mod_tp_dst"; break;
    case MFF_IP_DSCP:
        fprintf(s, "mod_nw_tos:%d", v->u8 << 2);
        return true;
    default:
        return false;
    }
    fprintf(s, "%s:", name);
    print_field_value(s, a->set_field.field, v);
    return true;
}

static void
print_action(FILE *s, const struct ofpact *a, uint8_t version)
{
    switch (a->type) {
    case OFPACT_OUTPUT:
        if (a->output.port == OFPP_CONTROLLER) {
            fprintf(s, "CONTROLLER:%"PRIu16, a->output.max_len);
        } else {
            if (!reserved_port_name(a->output.port)) {
                fputs("output:", s);
            }
            ofp_print_port(s, a->output.port);
        }
        break;
    case OFPACT_GROUP:
        fprintf(s, "group:%"PRIu32, a->group_id);
        break;
    case OFPACT_SET_QUEUE:
        fprintf(s, "set_queue:%"PRIu32, a->queue_id);
        break;
    case OFPACT_SET_FIELD:
        if (version == OFP10_VERSION && print_set_field_of10(s, a)) {
            break;
        }
        fputs("set_field:", s);
        print_field_value(s, a->set_field.field, &a->set_field.value);
        fprintf(s, "->%s", ofp_field_name(a->set_field.field));
        break;
    case OFPACT_SET_VLAN_VID:
        fprintf(s, "mod_vlan_vid:%"PRIu16, a->vlan_vid);
        break;
    case OFPACT_SET_VLAN_PCP:
        fprintf(s, "mod_vlan_pcp:%"PRIu8, a->vlan_pcp);
        break;
    case OFPACT_STRIP_VLAN:
        fputs("strip_vlan", s);
        break;
    case OFPACT_PUSH_VLAN:
        fprintf(s, "push_vlan:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_POP_VLAN:
        fputs("pop_vlan", s);
        break;
    case OFPACT_PUSH_MPLS:
        fprintf(s, "push_mpls:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_POP_MPLS:
        fprintf(s, "pop_mpls:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_PUSH_PBB:
        fprintf(s, "push_pbb:0x%04"PRIx16, a->ethertype);
        break;
    case OFPACT_POP_PBB:
        fputs("pop_pbb", s);
        break;
    case OFPACT_COPY_TTL_OUT:
        fputs("copy_ttl_out", s);
        break;
    case OFPACT_COPY_TTL_IN:
        fputs("copy_ttl_in", s);
        break;
    case OFPACT_SET_MPLS_TTL:
        fprintf(s, "set_mpls_ttl:%"PRIu8, a->ttl);
        break;
    case OFPACT_DEC_MPLS_TTL:
        fputs("dec_mpls_ttl", s);
        break;
    case OFPACT_SET_NW_TTL:
        fprintf(s, "mod_nw_ttl:%"PRIu8, a->ttl);
        break;
    case OFPACT_DEC_NW_TTL:
        fputs("dec_ttl", s);
        break;
    default:
        fprintf(s, "unknown_action_%d", (int) a->type);
        break;
    }
}

static void
print_action_list(FILE *s, const struct ofpact *acts, size_t n,
                  uint8_t version, bool *firstp)
{
    for (size_t i = 0; i < n; i++) {
        if (!*firstp) {
            fputc(',', s);
        }
        *firstp = false;
        print_action(s, &acts[i], version);
    }
}

void
ofp_print_actions(FILE *s, const struct ofpact *acts, size_t n,
                  uint8_t version)
{
    bool first = true;

    print_action_list(s, acts, n, version, &first);
    if (first) {
        fputs("drop", s);
    }
}

static void
put_sep(FILE *s, bool *firstp)
{
    if (!*firstp) {
        fputc(',', s);
    }
    *firstp = false;
}

void
ofp_print_instructions(FILE *s, const struct ofpinsts *insts,
                       uint8_t version)
{
    bool first = true;

    if (insts->meter_id) {
        put_sep(s, &first);
        fprintf(s, "meter:%"PRIu32, insts->meter_id);
    }
    print_action_list(s, insts->apply, insts->n_apply, version, &first);
    if (insts->clear_actions) {
        put_sep(s, &first);
        fputs("clear_actions", s);
    }
    if (insts->has_write) {
        put_sep(s, &first);
        fputs("write_actions(", s);
        ofp_print_actions(s, insts->write, insts->n_write, version);
        fputc(')', s);
    }
    if (insts->has_write_metadata) {
        put_sep(s, &first);
        fprintf(s, "write_metadata:0x%"PRIx64, insts->metadata);
        if (insts->metadata_mask != UINT64_MAX) {
            fprintf(s, "/0x%"PRIx64, insts->metadata_mask);
        }
    }
    if (insts->goto_table >= 0) {
        put_sep(s, &first);
        fprintf(s, "goto_table:%d", insts->goto_table);
    }
    if (first) {
        fputs("drop", s);
    }
}

static void
print_flow_mod_flags(FILE *s, uint16_t flags)
{
    static const char *const names[] = {
        "send_flow_rem", "check_overlap", "reset_counts",
        "no_packet_counts", "no_byte_counts",
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (1u << i)) {
            fprintf(s, "%s ", names[i]);
        }
    }
}

void
ofp_print_flow_stats(FILE *s, const struct ofp_flow_stats *fs,
                     uint8_t version, bool show_stats)
{
    char *match;

    fputc(' ', s);
    if (show_stats || fs->cookie) {
        fprintf(s, "cookie=0x%"PRIx64", ", fs->cookie);
    }
    if (show_stats) {
        fputs("duration=", s);
        ofp_print_duration(s, fs->duration_sec, fs->duration_nsec);
        fputs(", ", s);
    }
    if (show_stats || fs->table_id) {
        fprintf(s, "table=%"PRIu8", ", fs->table_id);
    }
    if (show_stats) {
        fprintf(s, "n_packets=%"PRIu64", n_bytes=%"PRIu64", ",
                fs->packet_count, fs->byte_count);
    }
    if (fs->idle_timeout) {
        fprintf(s, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        fprintf(s, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
    }
    print_flow_mod_flags(s, fs->flags);
    match = format_match(&fs->match, fs->priority);
    if (*match) {
        fprintf(s, "%s ", match);
    }
    free(match);
    fputs("actions=", s);
    ofp_print_instructions(s, &fs->insts, version);
}

static const char *
group_type_name(enum ofp_group_type type)
{
    switch (type) {
    case OFPGT_ALL: return "all";
    case OFPGT_SELECT: return "select";
    case OFPGT_INDIRECT: return "indirect";
    case OFPGT_FF: return "ff";
    default: return "unknown";
    }
}

void
ofp_print_group_desc(FILE *s, const struct ofp_group_desc *gd,
                     uint8_t version)
{
    fprintf(s, "group_id=%"PRIu32",type=%s", gd->group_id,
            group_type_name(gd->type));
    for (size_t i = 0; i < gd->n_buckets; i++) {
        const struct ofp_bucket *b = &gd->buckets[i];

        fputs(",bucket=", s);
        if (gd->type == OFPGT_SELECT) {
            fprintf(s, "weight:%"PRIu16",", b->weight);
        }
        if (b->watch_port != OFPP_ANY) {
            fputs("watch_port:", s);
            ofp_print_port(s, b->watch_port);
            fputc(',', s);
        }
        if (b->watch_group != OFPG_ANY) {
            fprintf(s, "watch_group:%"PRIu32",", b->watch_group);
        }
        fputs("actions=", s);
        ofp_print_actions(s, b->actions, b->n_actions, version);
    }
}

void
ofp_print_group_stats(FILE *s, const struct ofp_group_stats *gs)
{
    fprintf(s, " group_id=%"PRIu32",duration=", gs->group_id);
    ofp_print_duration(s, gs->duration_sec, gs->duration_nsec);
    fprintf(s, ",ref_count=%"PRIu32",packet_count=%"PRIu64
            ",byte_count=%"PRIu64, gs->ref_count, gs->packet_count,
            gs->byte_count);
    for (size_t i = 0; i < gs->n_buckets; i++) {
        fprintf(s, ",bucket%zu:packet_count=%"PRIu64",byte_count=%"PRIu64,
                i, gs->buckets[i].packet_count, gs->buckets[i].byte_count);
    }
}

/* Ports. */

static void
print_bits(FILE *s, uint32_t bits, const char *const names[], size_t n)
{
    bool any = false;

    for (size_t i = 0; i < n && i < 32; i++) {
        if ((bits & (1u << i)) && names[i]) {
            fprintf(s, "%s%s", any ? " " : "", names[i]);
            any = true;
            bits &= ~(1u << i);
        }
    }
    if (bits) {
        fprintf(s, "%s0x%"PRIx32, any ? " " : "", bits);
        any = true;
    }
    if (!any) {
        fputc('0', s);
    }
    fputc('\n', s);
}

static const char *const port_config_names[] = {
    "PORT_DOWN", NULL, "NO_RECV", NULL, NULL, "NO_FWD", "NO_PACKET_IN",
};
static const char *const port_state_names[] = {
    "LINK_DOWN", "BLOCKED", "LIVE",
};
static const char *const port_feature_names[] = {
    "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
    "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER",
    "FIBER", "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
};

static int
compare_port_descs(const void *a_, const void *b_)
{
    const struct ofp_port_desc *a = a_, *b = b_;

    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

static void
print_features_line(FILE *s, const char *name, uint32_t features)
{
    if (features) {
        fprintf(s, "     %-12s", name);
        print_bits(s, features, port_feature_names,
                   ARRAY_SIZE(port_feature_names));
    }
}

void
ofp_print_port_descs(FILE *s, struct ofp_port_desc *ports, size_t n,
                     uint8_t version)
{
    qsort(ports, n, sizeof *ports, compare_port_descs);
    for (size_t i = 0; i < n; i++) {
        const struct ofp_port_desc *p = &ports[i];
        uint32_t state = p->state;

        fputc(' ', s);
        ofp_print_port(s, p->port_no);
        fprintf(s, "(%.16s): addr:", p->name);
        print_mac(s, p->hw_addr);
        fputs("\n     config:     ", s);
        print_bits(s, p->config, port_config_names,
                   ARRAY_SIZE(port_config_names));
        fputs("     state:      ", s);
        if (version == OFP10_VERSION) {
            state &= ~OFPPS_LIVE;
        }
        print_bits(s, state, port_state_names, ARRAY_SIZE(port_state_names));
        print_features_line(s, "current:", p->curr);
        print_features_line(s, "advertised:", p->advertised);
        print_features_line(s, "supported:", p->supported);
        print_features_line(s, "peer:", p->peer);
        fprintf(s, "     speed: %"PRIu32" Mbps now, %"PRIu32" Mbps max\n",
                p->curr_speed / 1000, p->max_speed / 1000);
    }
}

static void
print_stat(FILE *s, const char *name, uint64_t value, bool more)
{
    fputs(name, s);
    if (value != UINT64_MAX) {
        fprintf(s, "%"PRIu64, value);
    } else {
        fputc('?', s);
    }
    fputs(more ? ", " : "\n", s);
}

void
ofp_print_port_stats(FILE *s, const struct ofp_port_stats *ps, size_t n,
                     uint8_t version)
{
    for (size_t i = 0; i < n; i++, ps++) {
        fputs("  port ", s);
        if (ps->port_no < 10) {
            fputc(' ', s);
        }
        ofp_print_port(s, ps->port_no);
        fputs(": rx ", s);
        print_stat(s, "pkts=", ps->rx_packets, true);
        print_stat(s, "bytes=", ps->rx_bytes, true);
        print_stat(s, "drop=", ps->rx_dropped, true);
        print_stat(s, "errs=", ps->rx_errors, true);
        print_stat(s, "frame=", ps->rx_frame_err, true);
        print_stat(s, "over=", ps->rx_over_err, true);
        print_stat(s, "crc=", ps->rx_crc_err, false);
        fputs("           tx ", s);
        print_stat(s, "pkts=", ps->tx_packets, true);
        print_stat(s, "bytes=", ps->tx_bytes, true);
        print_stat(s, "drop=", ps->tx_dropped, true);
        print_stat(s, "errs=", ps->tx_errors, true);
        print_stat(s, "coll=", ps->collisions, false);
        if (version != OFP10_VERSION && ps->duration_sec != UINT32_MAX) {
            fputs("           duration=", s);
            ofp_print_duration(s, ps->duration_sec, ps->duration_nsec);
            fputc('\n', s);
        }
    }
}

static void
print_ditto(FILE *s, int first, int last)
{
    if (first < 0) {
        return;
    }
    if (first == last) {
        fprintf(s, "\n  table %d: ditto\n", first);
    } else {
        fprintf(s, "\n  tables %d...%d: ditto\n", first, last);
    }
}

void
ofp_print_table_stats(FILE *s, const struct ofp_table_stats *ts, size_t n)
{
    int first_ditto = -1, last_ditto = -1;

    for (size_t i = 0; i < n; i++) {
        const struct ofp_table_stats *t = &ts[i];

        if (i > 0 && t->active_count == ts[i - 1].active_count
            && t->lookup_count == ts[i - 1].lookup_count
            && t->matched_count == ts[i - 1].matched_count) {
            if (first_ditto < 0) {
                first_ditto = t->table_id;
            }
            last_ditto = t->table_id;
            continue;
        }
        print_ditto(s, first_ditto, last_ditto);
        first_ditto = -1;
        fprintf(s, "\n  table %"PRIu8":\n", t->table_id);
        fprintf(s, "    active=%"PRIu32", lookup=%"PRIu64", matched=%"
                PRIu64"\n", t->active_count, t->lookup_count,
                t->matched_count);
    }
    print_ditto(s, first_ditto, last_ditto);
}

void
ofp_print_desc(FILE *s, const struct ofp_desc *d)
{
    fprintf(s, "Manufacturer: %.256s\n", d->mfr_desc);
    fprintf(s, "Hardware: %.256s\n", d->hw_desc);
    fprintf(s, "Software: %.256s\n", d->sw_desc);
    fprintf(s, "Serial Num: %.32s\n", d->serial_num);
    fprintf(s, "DP Description: %.256s\n", d->dp_desc);
}

void
ofp_print_features(FILE *s, const struct ofp_features *f, uint8_t version)
{
    static const char *const cap_names[] = {
        "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "GROUP_STATS", "STP",
        "IP_REASM", "QUEUE_STATS", "ARP_MATCH_IP", "PORT_BLOCKED",
    };
    /* OF1.0 action bits, in the order ovs-ofctl lists them. */
    static const struct {
        int bit;
        const char *name;
    } actions[] = {
        { 0, "output" }, { 11, "enqueue" }, { 1, "set_vlan_vid" },
        { 2, "set_vlan_pcp" }, { 3, "strip_vlan" }, { 4, "mod_dl_src" },
        { 5, "mod_dl_dst" }, { 6, "mod_nw_src" }, { 7, "mod_nw_dst" },
        { 8, "mod_nw_tos" }, { 9, "mod_tp_src" }, { 10, "mod_tp_dst" },
    };
    uint32_t caps = f->capabilities;

    fprintf(s, " dpid:%016"PRIx64"\n", f->datapath_id);
    fprintf(s, "n_tables:%"PRIu8", n_buffers:%"PRIu32"\n", f->n_tables,
            f->n_buffers);
    if (version != OFP10_VERSION) {
        caps &= ~(1u << 4);
    }
    fputs("capabilities: ", s);
    print_bits(s, caps, cap_names, ARRAY_SIZE(cap_names));
    if (version == OFP10_VERSION) {
        bool any = false;

        fputs("actions:", s);
        for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
            if (f->actions & (1u << actions[i].bit)) {
                fprintf(s, " %s", actions[i].name);
                any = true;
            }
        }
        fputs(any ? "\n" : " 0\n", s);
        ofp_print_port_descs(s, f->ports, f->n_ports, version);
    }
}

void
ofp_print_switch_config(FILE *s, const struct ofp_switch_config *c)
{
    static const char *const frags[] = { "normal", "drop", "reassemble",
                                         "nx-match" };

    fprintf(s, " frags=%s miss_send_len=%"PRIu16"\n",
            frags[c->flags & OFPC_FRAG_MASK], c->miss_send_len);
}

/* Prints " ADD match actions=..." for the FLOW_MOD 'oh', as ovs-ofctl
 * shows the request an error refers to. */
static void
print_flow_mod_summary(FILE *s, const struct ofp_header *oh)
{
    static const char *const commands[] = {
        "ADD", "MOD", "MOD_STRICT", "DEL", "DEL_STRICT",
    };
    struct ofp_flow_mod fm;
    char *match;

    if (ofp_decode_flow_mod(oh, &fm)) {
        return;
    }
    fprintf(s, " %s", fm.command < ARRAY_SIZE(commands)
            ? commands[fm.command] : "???");
    if (fm.table_id && fm.table_id != OFPTT_ALL) {
        fprintf(s, " table:%"PRIu8, fm.table_id);
    }
    match = format_match(&fm.match, fm.priority);
    if (*match) {
        fprintf(s, " %s", match);
    }
    free(match);
    if (fm.cookie) {
        fprintf(s, " cookie:0x%"PRIx64, fm.cookie);
    }
    if (fm.idle_timeout) {
        fprintf(s, " idle:%"PRIu16, fm.idle_timeout);
    }
    if (fm.hard_timeout) {
        fprintf(s, " hard:%"PRIu16, fm.hard_timeout);
    }
    if (fm.flags) {
        fputc(' ', s);
        print_flow_mod_flags(s, fm.flags);
    } else {
        fputc(' ', s);
    }
    fputs("actions=", s);
    ofp_print_instructions(s, &fm.insts, oh->version);
    ofp_flow_mod_uninit(&fm);
}

void
ofp_print_error(FILE *s, uint8_t version, uint32_t xid, ofperr error,
                const void *data, size_t len)
{
    ofp_print_header(s, "OFPT_ERROR", version, xid);
    fprintf(s, " %s\n", ofperr_to_string(error));
    if (len >= OFP_HEADER_LEN) {
        const struct ofp_header *oh = data;
        size_t msg_len = ntohs(oh->length);
        enum ofptype type;

        if (msg_len > len) {
            fprintf(s, "(***truncated to %zu bytes from %zu***)\n", len,
                    msg_len);
        } else if (!ofp_decode_type(oh, len, &type)) {
            ofp_print_header(s, ofptype_name(type), oh->version,
                             ofp_xid(oh));
            if (type == OFPTYPE_FLOW_MOD) {
                print_flow_mod_summary(s, oh);
            }
            fputc('\n', s);
        }
    }
}

static const char *
packet_in_reason(enum ofp_packet_in_reason reason)
{
    switch (reason) {
    case OFPR_NO_MATCH: return "no_match";
    case OFPR_ACTION: return "action";
    case OFPR_INVALID_TTL: return "invalid_ttl";
    default: return "unknown";
    }
}

void
ofp_print_packet_flow(FILE *s, const struct flow *flow)
{
    struct match m;
    uint16_t dl_type = ntohs(flow->dl_type);

    memset(&m, 0, sizeof m);
    m.flow = *flow;
    memset(&m.wc.dl_src, 0xff, sizeof m.wc.dl_src);
    memset(&m.wc.dl_dst, 0xff, sizeof m.wc.dl_dst);
    m.wc.dl_type = 0xffff;
    m.wc.vlan_tci = flow->vlan_tci ? 0xffff : 0;
    if (dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_ARP) {
        m.wc.nw_src = m.wc.nw_dst = 0xffffffff;
        m.wc.nw_proto = 0xff;
    } else if (dl_type == ETH_TYPE_IPV6) {
        memset(&m.wc.ipv6_src, 0xff, sizeof m.wc.ipv6_src);
        memset(&m.wc.ipv6_dst, 0xff, sizeof m.wc.ipv6_dst);
        m.wc.nw_proto = 0xff;
    } else if (dl_type == ETH_TYPE_MPLS || dl_type == ETH_TYPE_MPLS_MCAST) {
        m.wc.mpls_lse = htonl(0xfffff100);
    }
    if (dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6) {
        m.wc.nw_tos = 0xff;
        m.wc.nw_ttl = 0xff;
        if (flow->nw_proto == 6 || flow->nw_proto == 17
            || flow->nw_proto == 132 || flow->nw_proto == 1
            || flow->nw_proto == 58) {
            m.wc.tp_src = m.wc.tp_dst = 0xffff;
        }
    }
    m.wc.in_port = flow->in_port ? UINT32_MAX : 0;
    ofp_print_match(s, &m, -1);
}

void
ofp_print_packet_in(FILE *s, uint8_t version, uint32_t xid,
                    const struct ofp_packet_in *pin)
{
    struct flow flow;

    ofp_print_header(s, "OFPT_PACKET_IN", version, xid);
    if (version != OFP10_VERSION) {
        fprintf(s, " table_id=%"PRIu8" cookie=0x%"PRIx64, pin->table_id,
                pin->cookie);
    }
    fprintf(s, " total_len=%"PRIu16" in_port=", pin->total_len);
    ofp_print_port(s, pin->match.flow.in_port);
    fprintf(s, " (via %s) data_len=%zu", packet_in_reason(pin->reason),
            pin->len);
    if (pin->buffer_id == OFP_NO_BUFFER) {
        fputs(" (unbuffered)\n", s);
    } else {
        fprintf(s, " buffer=0x%08"PRIx32"\n", pin->buffer_id);
    }
    flow_extract(pin->data, pin->len, 0, 0, &flow, NULL);
    ofp_print_packet_flow(s, &flow);
    fputc('\n', s);
}

void
ofp_print_flow_removed(FILE *s, uint8_t version, uint32_t xid,
                       const struct ofp_flow_removed *fr)
{
    static const char *const reasons[] = { "idle", "hard", "delete",
                                           "group_delete" };

    ofp_print_header(s, "OFPT_FLOW_REMOVED", version, xid);
    fputc(' ', s);
    ofp_print_match(s, &fr->match, fr->priority);
    fprintf(s, " reason=%s", fr->reason < ARRAY_SIZE(reasons)
            ? reasons[fr->reason] : "unknown");
    if (version != OFP10_VERSION) {
        fprintf(s, " table_id=%"PRIu8, fr->table_id);
    }
    if (fr->cookie) {
        fprintf(s, " cookie:0x%"PRIx64, fr->cookie);
    }
    fputs(" duration", s);
    ofp_print_duration(s, fr->duration_sec, fr->duration_nsec);
    fprintf(s, " idle%"PRIu16, fr->idle_timeout);
    if (fr->hard_timeout) {
        fprintf(s, " hard%"PRIu16, fr->hard_timeout);
    }
    fprintf(s, " pkts%"PRIu64" bytes%"PRIu64"\n", fr->packet_count,
            fr->byte_count);
}

void
ofp_print_port_status(FILE *s, uint8_t version, uint32_t xid,
                      const struct ofp_port_status *ps)
{
    static const char *const reasons[] = { "ADD", "DEL", "MOD" };
    struct ofp_port_desc desc = ps->desc;

    ofp_print_header(s, "OFPT_PORT_STATUS", version, xid);
    fprintf(s, " %s:", ps->reason < ARRAY_SIZE(reasons)
            ? reasons[ps->reason] : "UNKNOWN");
    ofp_print_port_descs(s, &desc, 1, version);
}

/* JSON. */

char *
ofp_print_to_string(void (*print)(FILE *, const void *aux), const void *aux)
{
    char *buf;
    size_t len;
    FILE *s = open_memstream(&buf, &len);

    print(s, aux);
    fclose(s);
    return buf;
}

static json_t *
json_print_string(void (*print)(FILE *, const void *aux), const void *aux)
{
    char *text = ofp_print_to_string(print, aux);
    json_t *j = json_string(text);

    free(text);
    return j;
}

static void
print_match_cb(FILE *s, const void *aux)
{
    ofp_print_match(s, aux, -1);
}

json_t *
ofp_match_to_json(const struct match *match)
{
    return json_print_string(print_match_cb, match);
}

struct insts_aux {
    const struct ofpinsts *insts;
    uint8_t version;
};

static void
print_insts_cb(FILE *s, const void *aux_)
{
    const struct insts_aux *aux = aux_;

    ofp_print_instructions(s, aux->insts, aux->version);
}

static double
duration_json(uint32_t sec, uint32_t nsec)
{
    return sec + nsec / 1e9;
}

static json_t *
flags_to_json(uint16_t flags)
{
    static const char *const names[] = {
        "send_flow_rem", "check_overlap", "reset_counts",
        "no_packet_counts", "no_byte_counts",
    };
    json_t *array = json_array();

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (1u << i)) {
            json_array_append_new(array, json_string(names[i]));
        }
    }
    return array;
}

static json_t *
hex64_json(uint64_t x)
{
    char buf[24];

    snprintf(buf, sizeof buf, "0x%"PRIx64, x);
    return json_string(buf);
}

json_t *
ofp_flow_stats_to_json(const struct ofp_flow_stats *fs, uint8_t version)
{
    struct insts_aux aux = { &fs->insts, version };

    return json_pack("{s:i, s:i, s:o, s:f, s:I, s:I, s:i, s:i, s:o, "
                     "s:o, s:o}",
                     "table", fs->table_id,
                     "priority", fs->priority,
                     "cookie", hex64_json(fs->cookie),
                     "duration", duration_json(fs->duration_sec,
                                               fs->duration_nsec),
                     "n_packets", (json_int_t) fs->packet_count,
                     "n_bytes", (json_int_t) fs->byte_count,
                     "idle_timeout", fs->idle_timeout,
                     "hard_timeout", fs->hard_timeout,
                     "flags", flags_to_json(fs->flags),
                     "match", ofp_match_to_json(&fs->match),
                     "actions", json_print_string(print_insts_cb, &aux));
}

struct acts_aux {
    const struct ofpact *acts;
    size_t n;
    uint8_t version;
};

static void
print_acts_cb(FILE *s, const void *aux_)
{
    const struct acts_aux *aux = aux_;

    ofp_print_actions(s, aux->acts, aux->n, aux->version);
}

static json_t *
port_json(uint32_t port)
{
    const char *name = reserved_port_name(port);

    return name ? json_string(name) : json_integer(port);
}

json_t *
ofp_group_desc_to_json(const struct ofp_group_desc *gd, uint8_t version)
{
    json_t *buckets = json_array();

    for (size_t i = 0; i < gd->n_buckets; i++) {
        const struct ofp_bucket *b = &gd->buckets[i];
        struct acts_aux aux = { b->actions, b->n_actions, version };
        json_t *bucket = json_pack("{s:i, s:o}", "weight", b->weight,
                                   "actions",
                                   json_print_string(print_acts_cb, &aux));

        if (b->watch_port != OFPP_ANY) {
            json_object_set_new(bucket, "watch_port",
                                port_json(b->watch_port));
        }
        if (b->watch_group != OFPG_ANY) {
            json_object_set_new(bucket, "watch_group",
                                json_integer(b->watch_group));
        }
        json_array_append_new(buckets, bucket);
    }
    return json_pack("{s:I, s:s, s:o}", "group_id",
                     (json_int_t) gd->group_id, "type",
                     group_type_name(gd->type), "buckets", buckets);
}

json_t *
ofp_group_stats_to_json(const struct ofp_group_stats *gs)
{
    json_t *buckets = json_array();

    for (size_t i = 0; i < gs->n_buckets; i++) {
        json_array_append_new(buckets, json_pack(
                                  "{s:I, s:I}", "packet_count",
                                  (json_int_t) gs->buckets[i].packet_count,
                                  "byte_count",
                                  (json_int_t) gs->buckets[i].byte_count));
    }
    return json_pack("{s:I, s:f, s:I, s:I, s:I, s:o}",
                     "group_id", (json_int_t) gs->group_id,
                     "duration", duration_json(gs->duration_sec,
                                               gs->duration_nsec),
                     "ref_count", (json_int_t) gs->ref_count,
                     "packet_count", (json_int_t) gs->packet_count,
                     "byte_count", (json_int_t) gs->byte_count,
                     "buckets", buckets);
}

static json_t *
bits_json(uint32_t bits, const char *const names[], size_t n)
{
    json_t *array = json_array();

    for (size_t i = 0; i < n; i++) {
        if ((bits & (1u << i)) && names[i]) {
            json_array_append_new(array, json_string(names[i]));
        }
    }
    return array;
}

json_t *
ofp_port_desc_to_json(const struct ofp_port_desc *p)
{
    char mac[18], name[17];

    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
             p->hw_addr.ea[0], p->hw_addr.ea[1], p->hw_addr.ea[2],
             p->hw_addr.ea[3], p->hw_addr.ea[4], p->hw_addr.ea[5]);
    snprintf(name, sizeof name, "%.16s", p->name);
    return json_pack("{s:o, s:s, s:s, s:o, s:o, s:I, s:I}",
                     "port", port_json(p->port_no),
                     "name", name,
                     "hw_addr", mac,
                     "config", bits_json(p->config, port_config_names,
                                         ARRAY_SIZE(port_config_names)),
                     "state", bits_json(p->state, port_state_names,
                                        ARRAY_SIZE(port_state_names)),
                     "curr_speed", (json_int_t) p->curr_speed,
                     "max_speed", (json_int_t) p->max_speed);
}

json_t *
ofp_port_stats_to_json(const struct ofp_port_stats *ps)
{
    return json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}",
                     "port", port_json(ps->port_no),
                     "rx_packets", (json_int_t) ps->rx_packets,
                     "rx_bytes", (json_int_t) ps->rx_bytes,
                     "rx_dropped", (json_int_t) ps->rx_dropped,
                     "rx_errors", (json_int_t) ps->rx_errors,
                     "tx_packets", (json_int_t) ps->tx_packets,
                     "tx_bytes", (json_int_t) ps->tx_bytes,
                     "tx_dropped", (json_int_t) ps->tx_dropped,
                     "tx_errors", (json_int_t) ps->tx_errors,
                     "duration", duration_json(ps->duration_sec,
                                               ps->duration_nsec));
}

json_t *
ofp_table_stats_to_json(const struct ofp_table_stats *ts)
{
    return json_pack("{s:i, s:I, s:I, s:I}",
                     "table", ts->table_id,
                     "active_count", (json_int_t) ts->active_count,
                     "lookup_count", (json_int_t) ts->lookup_count,
                     "matched_count", (json_int_t) ts->matched_count);
}

json_t *
ofp_desc_to_json(const struct ofp_desc *d)
{
    return json_pack("{s:s%, s:s%, s:s%, s:s%, s:s%}",
                     "manufacturer", d->mfr_desc,
                     strnlen(d->mfr_desc, sizeof d->mfr_desc),
                     "hardware", d->hw_desc,
                     strnlen(d->hw_desc, sizeof d->hw_desc),
                     "software", d->sw_desc,
                     strnlen(d->sw_desc, sizeof d->sw_desc),
                     "serial_num", d->serial_num,
                     strnlen(d->serial_num, sizeof d->serial_num),
                     "dp_desc", d->dp_desc,
                     strnlen(d->dp_desc, sizeof d->dp_desc));
}

json_t *
ofp_aggregate_to_json(const struct ofp_aggregate_stats *as)
{
    return json_pack("{s:I, s:I, s:I}",
                     "packet_count", (json_int_t) as->packet_count,
                     "byte_count", (json_int_t) as->byte_count,
                     "flow_count", (json_int_t) as->flow_count);
}
