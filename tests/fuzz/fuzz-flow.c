/* libFuzzer target for packet parsing and editing: lib/flow.c's
 * flow_extract() over arbitrary frames, and datapath/execute.c's action
 * primitives applied to them.
 *
 * Every input is first parsed whole as a frame, untagged and as if the
 * kernel had stripped a VLAN tag.  If it is long enough, it is also read
 * as a small program followed by a frame:
 *
 *   byte 0       flags: bit 0, the kernel stripped a tag (TCI in bytes
 *                1..2); bit 1, the virtio_net_hdr asks for a partial
 *                checksum starting at bytes 3..4; bit 2, it has GSO
 *                header length byte 4
 *   byte 5       number of actions (low 3 bits)
 *   ACTION_LEN   per action: opcode, a field id for set_field, and 16
 *                bytes of value (set_field value, or TCI/label/I-SID/TTL)
 *   rest         the frame, at least an Ethernet header
 *
 * The frame sits in a buffer of exactly DP_HEADROOM plus its length, so
 * that ASan catches any access past its end; after each action the
 * packet's layout must be consistent, the frame that would leave the
 * port (dp_tx_item_prepare()) is read whole and parsed again.  A broken
 * check aborts, which libFuzzer reports as a crash.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined;
 * tests/unit/test-fuzz-replay.c links this file too and replays the
 * committed corpus (tests/fuzz/corpus/flow/) in make check. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datapath/execute.h"
#include "datapath/packet.h"
#include "lib/flow.h"
#include "lib/util.h"
#include "ofproto/meta-flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROGRAM_HDR_LEN 6
#define ACTION_LEN 18
#define MAX_ACTIONS 7

/* Aborts with 'what' if 'ok' is false. */
static void
check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz-flow: check failed: %s\n", what);
        abort();
    }
}

/* Parses the 'len' bytes at 'frame' after copying them into a buffer of
 * exactly that size, with and without a stripped tag 'tci' (host order,
 * VLAN_CFI included). */
static void
extract(const uint8_t *frame, size_t len, uint16_t tci)
{
    uint8_t *copy = xmalloc(len ? len : 1);
    struct flow flow;
    struct flow_layers layers;

    memcpy(copy, frame, len);
    flow_extract(copy, len, 1, 0, &flow, &layers);
    check(layers.l2_5 == UINT16_MAX || layers.l2_5 <= len, "bad l2_5");
    check(layers.l3 == UINT16_MAX || layers.l3 <= len, "bad l3");
    check(layers.l4 == UINT16_MAX || layers.l4 <= len, "bad l4");
    check(layers.l7 == UINT16_MAX || layers.l7 <= len, "bad l7");
    flow_extract(copy, len, 2, htons(tci | VLAN_CFI), &flow, NULL);
    check(flow.vlan_tci == htons(tci | VLAN_CFI) || len < 14,
          "stripped tag not kept");
    free(copy);
}

/* Applies one action record 'a' to 'pkt'. */
static void
apply(struct dp_packet *pkt, const uint8_t *a)
{
    const uint8_t *v = a + 2;
    uint16_t v16 = (v[0] << 8) | v[1];
    uint32_t v32 = ((uint32_t) v[0] << 24) | (v[1] << 16) | (v[2] << 8)
                   | v[3];

    switch (a[0] % 11) {
    case 0: {
        union mf_value value;
        memcpy(&value, v, sizeof value);
        dp_exec_set_field(pkt, a[1] % MFF_N_IDS, &value);
        break;
    }
    case 1:
        dp_exec_push_vlan(pkt, v[2] & 1 ? 0x88a8 : 0x8100, v16);
        break;
    case 2:
        dp_exec_pop_vlan(pkt);
        break;
    case 3:
        dp_exec_push_mpls(pkt, v[4] & 1 ? 0x8848 : 0x8847, v32);
        break;
    case 4:
        dp_exec_pop_mpls(pkt, v16);
        break;
    case 5:
        dp_exec_push_pbb(pkt, v32 & 0xffffff);
        break;
    case 6:
        dp_exec_pop_pbb(pkt);
        break;
    case 7:
        dp_exec_set_mpls_ttl(pkt, v[0]);
        break;
    case 8:
        dp_exec_set_nw_ttl(pkt, v[0]);
        break;
    case 9:
        dp_exec_copy_ttl_out(pkt);
        break;
    default:
        dp_exec_copy_ttl_in(pkt);
        break;
    }
}

/* Checks the layout of 'pkt' (whose buffer ends at 'end') and parses the
 * frame it would send. */
static void
check_output(const struct dp_packet *pkt, const uint8_t *end)
{
    check(pkt->data >= pkt->base && pkt->data <= end, "data out of buffer");
    check(pkt->len == (size_t) (end - pkt->data), "length does not reach "
          "the end of the frame");
    check(pkt->l2_rest == DP_ETH_ADDRS_LEN
          || pkt->l2_rest == DP_ETH_ADDRS_LEN + DP_VLAN_HDR_LEN,
          "bad l2_rest");
    check(pkt->len >= pkt->l2_rest, "frame shorter than its L2 header");

    struct dp_tx_item item = {
        .pkt = pkt,
        .tagged = pkt->tagged,
        .tci = pkt->tci,
        .tpid = pkt->tpid,
    };
    size_t len = dp_tx_item_prepare(&item, true);
    check(len == item.iov[0].iov_len - DP_VNET_HDR_LEN + item.iov[1].iov_len,
          "tx length does not add up");
    uint8_t *wire = xmalloc(len);
    memcpy(wire, (uint8_t *) item.iov[0].iov_base + DP_VNET_HDR_LEN,
           item.iov[0].iov_len - DP_VNET_HDR_LEN);
    memcpy(wire + item.iov[0].iov_len - DP_VNET_HDR_LEN,
           item.iov[1].iov_base, item.iov[1].iov_len);
    struct flow flow;
    flow_extract(wire, len, 1, 0, &flow, NULL);
    free(wire);
}

/* Runs the program at 'data' on the frame after it. */
static void
execute(const uint8_t *data, size_t size)
{
    size_t n_actions = (data[5] & 7) % (MAX_ACTIONS + 1);
    size_t hdr = PROGRAM_HDR_LEN + n_actions * ACTION_LEN;
    if (size < hdr + DP_ETH_HDR_LEN) {
        return;
    }
    size_t len = size - hdr;
    struct dp_packet pkt;
    memset(&pkt, 0, sizeof pkt);
    pkt.base = xmalloc(DP_HEADROOM + len);
    pkt.data = pkt.base + DP_HEADROOM;
    pkt.len = len;
    memcpy(pkt.data, data + hdr, len);
    const uint8_t *end = pkt.data + len;

    if (data[0] & 2) {
        pkt.vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        pkt.vnet.csum_start = (data[3] << 8) | data[4];
    }
    if (data[0] & 4) {
        pkt.vnet.hdr_len = data[4];
    }
    check(dp_packet_parse(&pkt, data[0] & 1, (data[1] << 8) | data[2]),
          "Ethernet frame refused");
    check_output(&pkt, end);
    for (size_t i = 0; i < n_actions; i++) {
        apply(&pkt, data + PROGRAM_HDR_LEN + i * ACTION_LEN);
        check_output(&pkt, end);
    }
    free(pkt.base);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    extract(data, size, size >= 2 ? (data[0] << 8 | data[1]) & 0xefff : 0);
    if (size >= PROGRAM_HDR_LEN) {
        execute(data, size);
    }
    return 0;
}
