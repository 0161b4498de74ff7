/* ofproto/trace: the sluice-appctl command that shows how a bridge's
 * OpenFlow pipeline handles a flow or a packet, table by table.
 * Control thread only. */
#ifndef SLUICE_OFPROTO_TRACE_H
#define SLUICE_OFPROTO_TRACE_H 1

struct dpif;

/* Registers "ofproto/trace BRIDGE FLOW [PACKET]" with unixctl.  'dpif'
 * must outlive the registration. */
void ofproto_trace_register(struct dpif *dpif);

#endif /* switchd/ofproto-trace.h */
