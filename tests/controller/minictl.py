# A minimal scriptable OpenFlow 1.3 controller for Sluice's system tests.
#
#   python3 minictl.py --port PORT --log FILE --fifo FIFO [--rcvbuf BYTES]
#
# Listens on 127.0.0.1:PORT for the switch (a "tcp:127.0.0.1:PORT"
# controller target), answers HELLO, sends FEATURES_REQUEST, answers echo
# requests, and writes one line per message received to FILE:
#
#   LISTENING port=PORT                 (once, when ready for commands)
#   CONNECTED                           (a switch connection was accepted)
#   FEATURES_REPLY dpid=%016x
#   ROLE_REPLY xid=N role=ROLE generation=N
#   ERROR xid=N type=T code=C
#   BARRIER_REPLY xid=N
#   PACKET_IN reason=R total_len=N
#   PORT_STATUS reason=R
#   DISCONNECTED
#   MSG type=T xid=N                    (anything else)
#
# Commands, one per line, come through the named pipe FIFO (created here):
#
#   role XID ROLE GEN        ROLE_REQUEST (ROLE: nochange, equal, master,
#                            slave; GEN: generation_id, decimal)
#   flow XID PRIORITY PORT   FLOW_MOD add in table 0 with an empty match
#                            and actions=output:PORT (a number,
#                            "controller" or "normal"; to the controller
#                            the whole packet, max_len NO_BUFFER)
#   packetout XID PORT       PACKET_OUT of a 60-byte broadcast frame
#                            (in_port CONTROLLER, actions=output:PORT)
#   barrier XID              BARRIER_REQUEST
#   pause                    stop reading the switch's socket (a slow
#                            controller: the switch's output backs up)
#   resume                   read it again
#
# --rcvbuf shrinks the socket's receive buffer so that a paused controller
# backs the switch up sooner.
import argparse
import os
import selectors
import socket
import struct

OFP_VERSION = 4
OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 1, 2, 3
OFPT_FEATURES_REQUEST, OFPT_FEATURES_REPLY = 5, 6
OFPT_PACKET_IN, OFPT_PORT_STATUS, OFPT_PACKET_OUT = 10, 12, 13
OFPT_FLOW_MOD = 14
OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY = 20, 21
OFPT_ROLE_REQUEST, OFPT_ROLE_REPLY = 24, 25

ROLES = {'nochange': 0, 'equal': 1, 'master': 2, 'slave': 3}
ROLE_NAMES = {v: k for k, v in ROLES.items()}
PORTS = {'controller': 0xfffffffd, 'normal': 0xfffffffa}
OFPCML_NO_BUFFER = 0xffff
OFP_NO_BUFFER = 0xffffffff
OFPP_ANY = 0xffffffff
OFPG_ANY = 0xffffffff


def header(msg_type, length, xid):
    return struct.pack('!BBHI', OFP_VERSION, msg_type, length, xid)


def message(msg_type, xid, body=b''):
    return header(msg_type, 8 + len(body), xid) + body


def flow_mod(xid, priority, port):
    port = PORTS.get(port, None) or int(port)
    action = struct.pack('!HHIH6x', 0, 16, port, OFPCML_NO_BUFFER)
    instruction = struct.pack('!HH4x', 4, 8 + len(action)) + action
    match = struct.pack('!HH4x', 1, 4)      # OFPMT_OXM, no fields.
    body = struct.pack('!QQBBHHHIIIH2x', 0, 0, 0, 0, 0, 0, priority,
                       OFP_NO_BUFFER, OFPP_ANY, OFPG_ANY, 0)
    return message(OFPT_FLOW_MOD, xid, body + match + instruction)


def packet_out(xid, port):
    port = PORTS.get(port, None) or int(port)
    action = struct.pack('!HHIH6x', 0, 16, port, 0)
    frame = b'\xff' * 6 + b'\x02\x00\x00\x00\x00\x09\x88\xb5' + bytes(46)
    body = struct.pack('!IIH6x', OFP_NO_BUFFER, PORTS['controller'],
                       len(action))
    return message(OFPT_PACKET_OUT, xid, body + action + frame)


class Controller:
    def __init__(self, args):
        self.log_file = open(args.log, 'a', buffering=1)
        self.sel = selectors.DefaultSelector()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if args.rcvbuf:
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                                     args.rcvbuf)
        self.listener.bind(('127.0.0.1', args.port))
        self.listener.listen(4)
        self.sel.register(self.listener, selectors.EVENT_READ, 'accept')
        if not os.path.exists(args.fifo):
            os.mkfifo(args.fifo)
        # Opened read-write, so that it never reports end of file.
        self.fifo = os.open(args.fifo, os.O_RDWR | os.O_NONBLOCK)
        self.sel.register(self.fifo, selectors.EVENT_READ, 'command')
        self.commands = b''
        self.sock = None
        self.inbuf = b''
        self.paused = False
        self.log('LISTENING port=%d' % args.port)

    def log(self, line):
        self.log_file.write(line + '\n')

    def send(self, data):
        if self.sock:
            self.sock.sendall(data)

    def accept(self):
        sock, _ = self.listener.accept()
        if self.sock:
            self.drop_connection()
        self.sock = sock
        self.inbuf = b''
        self.sel.register(sock, selectors.EVENT_READ, 'switch')
        self.paused = False
        self.log('CONNECTED')
        self.send(message(OFPT_HELLO, 1))
        self.send(message(OFPT_FEATURES_REQUEST, 2))

    def drop_connection(self):
        if not self.paused:
            self.sel.unregister(self.sock)
        self.sock.close()
        self.sock = None
        self.log('DISCONNECTED')

    def read_switch(self):
        try:
            data = self.sock.recv(65536)
        except ConnectionError:
            data = b''
        if not data:
            self.drop_connection()
            return
        self.inbuf += data
        while len(self.inbuf) >= 8:
            _, msg_type, length, xid = struct.unpack_from('!BBHI',
                                                          self.inbuf)
            if length < 8 or len(self.inbuf) < length:
                break
            body = self.inbuf[8:length]
            self.inbuf = self.inbuf[length:]
            self.handle(msg_type, xid, body)

    def handle(self, msg_type, xid, body):
        if msg_type == OFPT_HELLO:
            return
        if msg_type == OFPT_ECHO_REQUEST:
            self.send(message(OFPT_ECHO_REPLY, xid, body))
        elif msg_type == OFPT_FEATURES_REPLY:
            self.log('FEATURES_REPLY dpid=%016x'
                     % struct.unpack_from('!Q', body)[0])
        elif msg_type == OFPT_ROLE_REPLY:
            role, generation = struct.unpack_from('!I4xQ', body)
            self.log('ROLE_REPLY xid=%d role=%s generation=%d'
                     % (xid, ROLE_NAMES.get(role, role), generation))
        elif msg_type == OFPT_ERROR:
            err_type, code = struct.unpack_from('!HH', body)
            self.log('ERROR xid=%d type=%d code=%d' % (xid, err_type, code))
        elif msg_type == OFPT_BARRIER_REPLY:
            self.log('BARRIER_REPLY xid=%d' % xid)
        elif msg_type == OFPT_PACKET_IN:
            _, total_len, reason = struct.unpack_from('!IHB', body)
            self.log('PACKET_IN reason=%d total_len=%d' % (reason, total_len))
        elif msg_type == OFPT_PORT_STATUS:
            self.log('PORT_STATUS reason=%d' % body[0])
        else:
            self.log('MSG type=%d xid=%d' % (msg_type, xid))

    def read_commands(self):
        self.commands += os.read(self.fifo, 4096)
        while b'\n' in self.commands:
            line, self.commands = self.commands.split(b'\n', 1)
            self.command(line.decode().split())

    def command(self, words):
        if not words:
            return
        if words[0] == 'role':
            xid, role, gen = int(words[1]), ROLES[words[2]], int(words[3])
            self.send(message(OFPT_ROLE_REQUEST, xid,
                              struct.pack('!I4xQ', role, gen)))
        elif words[0] == 'flow':
            self.send(flow_mod(int(words[1]), int(words[2]), words[3]))
        elif words[0] == 'packetout':
            self.send(packet_out(int(words[1]), words[2]))
        elif words[0] == 'barrier':
            self.send(message(OFPT_BARRIER_REQUEST, int(words[1])))
        elif words[0] == 'pause' and self.sock and not self.paused:
            self.sel.unregister(self.sock)
            self.paused = True
        elif words[0] == 'resume' and self.sock and self.paused:
            self.sel.register(self.sock, selectors.EVENT_READ, 'switch')
            self.paused = False
        else:
            self.log('BAD_COMMAND %s' % ' '.join(words))

    def run(self):
        while True:
            for key, _ in self.sel.select():
                if key.data == 'accept':
                    self.accept()
                elif key.data == 'command':
                    self.read_commands()
                elif key.data == 'switch' and self.sock:
                    self.read_switch()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--log', required=True)
    parser.add_argument('--fifo', required=True)
    parser.add_argument('--rcvbuf', type=int, default=0)
    Controller(parser.parse_args()).run()


if __name__ == '__main__':
    main()
