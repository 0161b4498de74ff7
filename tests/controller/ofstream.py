# Reads decrypted TLS application data as printed by
#   tshark -T fields -e tcp.srcport -e data.data
# (one record per line: source port, hex bytes, several records separated
# by commas), joins it per direction and splits it into OpenFlow messages.
# Prints "TYPE COUNT" for each message type seen (OpenFlow 1.3 numbers) and
# exits 1 if a direction is not a clean sequence of OpenFlow 1.3 messages
# (wrong version, a length below the header's 8 bytes, or a trailing
# partial message).
import collections
import sys

streams = collections.OrderedDict()
for line in sys.stdin:
    parts = line.split()
    if len(parts) != 2:
        continue
    port, data = parts
    streams.setdefault(port, bytearray()).extend(
        b''.join(bytes.fromhex(h) for h in data.split(',')))

counts = collections.Counter()
ok = bool(streams)
for port, data in streams.items():
    pos = 0
    while pos + 8 <= len(data):
        version, msg_type = data[pos], data[pos + 1]
        length = int.from_bytes(data[pos + 2:pos + 4], 'big')
        if version != 4 or length < 8:
            print('malformed message at offset %d from port %s' % (pos, port))
            ok = False
            break
        counts[msg_type] += 1
        pos += length
    if ok and pos != len(data):
        print('partial message at the end of port %s' % port)
        ok = False
for msg_type, n in sorted(counts.items()):
    print(msg_type, n)
sys.exit(0 if ok else 1)
