/* Packet buffers and batches; see packet.h for the contract. */
#include "datapath/packet.h"

#include <stdlib.h>
#include <string.h>
#include "lib/util.h"

#define DP_SLOT_SIZE (DP_HEADROOM + DP_PACKET_SIZE)

void
dp_packet_batch_init(struct dp_packet_batch *batch)
{
    uint8_t *pool = xmalloc((size_t) DP_BATCH_SIZE * DP_SLOT_SIZE);
    memset(batch, 0, sizeof *batch);
    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        batch->pkts[i].base = pool + i * DP_SLOT_SIZE;
        batch->pkts[i].data = batch->pkts[i].base + DP_HEADROOM;
    }
}

void
dp_packet_batch_uninit(struct dp_packet_batch *batch)
{
    free(batch->pkts[0].base);
    batch->pkts[0].base = batch->pkts[0].data = NULL;
}

void
dp_packet_batch_reset(struct dp_packet_batch *batch)
{
    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        batch->pkts[i].data = batch->pkts[i].base + DP_HEADROOM;
    }
}

void
dp_packet_init(struct dp_packet *pkt)
{
    memset(pkt, 0, sizeof *pkt);
    pkt->base = xmalloc(DP_SLOT_SIZE);
    pkt->data = pkt->base + DP_HEADROOM;
}

void
dp_packet_uninit(struct dp_packet *pkt)
{
    if (pkt) {
        free(pkt->base);
        pkt->base = pkt->data = NULL;
    }
}

void
dp_packet_copy(struct dp_packet *dst, const struct dp_packet *src)
{
    uint8_t *base = dst->base;
    *dst = *src;
    dst->base = base;
    dst->data = base + DP_HEADROOM;
    memcpy(dst->data, src->data, src->len);
}

bool
dp_packet_parse(struct dp_packet *pkt, uint16_t aux_tpid, uint16_t aux_tci)
{
    if (pkt->len < DP_ETH_HDR_LEN) {
        return false;
    }
    const uint8_t *p = pkt->data;
    uint16_t type = (p[12] << 8) | p[13];
    if (aux_tpid) {
        pkt->tagged = true;
        pkt->tpid = aux_tpid;
        pkt->tci = aux_tci;
        pkt->l2_rest = DP_ETH_ADDRS_LEN;
    } else if ((type == DP_ETH_TYPE_VLAN || type == DP_ETH_TYPE_QINQ)
               && pkt->len >= DP_ETH_HDR_LEN + DP_VLAN_HDR_LEN) {
        pkt->tagged = true;
        pkt->tpid = type;
        pkt->tci = (p[14] << 8) | p[15];
        pkt->l2_rest = DP_ETH_ADDRS_LEN + DP_VLAN_HDR_LEN;
    } else {
        pkt->tagged = false;
        pkt->tpid = DP_ETH_TYPE_VLAN;
        pkt->tci = 0;
        pkt->l2_rest = DP_ETH_ADDRS_LEN;
    }
    return true;
}

size_t
dp_tx_item_prepare(struct dp_tx_item *item, bool with_vnet)
{
    const struct dp_packet *pkt = item->pkt;
    uint8_t *p = item->prefix;
    size_t l2_out = DP_ETH_ADDRS_LEN + (item->tagged ? DP_VLAN_HDR_LEN : 0);

    if (with_vnet) {
        struct virtio_net_hdr vnet = pkt->vnet;
        int shift = (int) l2_out - pkt->l2_rest;
        if (shift && (vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)) {
            vnet.csum_start += shift;
        }
        if (shift && vnet.hdr_len) {
            vnet.hdr_len += shift;
        }
        memcpy(p, &vnet, sizeof vnet);
        p += sizeof vnet;
    }
    memcpy(p, pkt->data, DP_ETH_ADDRS_LEN);
    p += DP_ETH_ADDRS_LEN;
    if (item->tagged) {
        p[0] = item->tpid >> 8;
        p[1] = item->tpid & 0xff;
        p[2] = item->tci >> 8;
        p[3] = item->tci & 0xff;
        p += DP_VLAN_HDR_LEN;
    }
    item->iov[0].iov_base = item->prefix;
    item->iov[0].iov_len = p - item->prefix;
    item->iov[1].iov_base = pkt->data + pkt->l2_rest;
    item->iov[1].iov_len = pkt->len - pkt->l2_rest;
    return l2_out + item->iov[1].iov_len;
}
