# A small os-ken learning switch for Sluice's controller tests.
#
# On connection it installs a table-miss flow that sends the first 128
# bytes of each packet to the controller (so packet-ins carry a buffer_id
# when the frame is longer).  On each packet-in it learns source MAC ->
# input port; if the destination is known it installs a flow for it,
# naming the packet's buffer_id so the switch forwards the buffered frame
# itself, and otherwise floods the packet with a PACKET_OUT (again by
# buffer_id when there is one).  Every packet-in and flow-mod is logged on
# one line ("PACKET_IN ...", "FLOW_MOD ...") for the test to read.
from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER
from os_ken.controller.handler import set_ev_cls
from os_ken.lib.packet import ethernet, packet
from os_ken.ofproto import ofproto_v1_3


class LearningSwitch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.macs = {}

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def features(self, ev):
        dp = ev.msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        actions = [parser.OFPActionOutput(ofp.OFPP_CONTROLLER, 128)]
        self.flow_mod(dp, 0, parser.OFPMatch(), actions, ofp.OFP_NO_BUFFER)

    def flow_mod(self, dp, priority, match, actions, buffer_id):
        ofp, parser = dp.ofproto, dp.ofproto_parser
        inst = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                             actions)]
        dp.send_msg(parser.OFPFlowMod(datapath=dp, priority=priority,
                                      match=match, instructions=inst,
                                      buffer_id=buffer_id))
        self.logger.info('FLOW_MOD dpid=%016x priority=%d match=%s '
                         'buffer_id=%s', dp.id, priority, match,
                         hex(buffer_id))

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        in_port = msg.match['in_port']
        eth = packet.Packet(msg.data).get_protocols(ethernet.ethernet)[0]
        self.logger.info('PACKET_IN dpid=%016x in_port=%d src=%s dst=%s '
                         'buffer_id=%s total_len=%d len=%d', dp.id, in_port,
                         eth.src, eth.dst, hex(msg.buffer_id),
                         msg.total_len, len(msg.data))
        ports = self.macs.setdefault(dp.id, {})
        ports[eth.src] = in_port
        out_port = ports.get(eth.dst, ofp.OFPP_FLOOD)
        actions = [parser.OFPActionOutput(out_port)]
        if out_port != ofp.OFPP_FLOOD:
            match = parser.OFPMatch(in_port=in_port, eth_dst=eth.dst)
            self.flow_mod(dp, 10, match, actions, msg.buffer_id)
            if msg.buffer_id != ofp.OFP_NO_BUFFER:
                return
        data = msg.data if msg.buffer_id == ofp.OFP_NO_BUFFER else None
        dp.send_msg(parser.OFPPacketOut(datapath=dp,
                                        buffer_id=msg.buffer_id,
                                        in_port=in_port, actions=actions,
                                        data=data))
