#!/bin/bash
# A tap port used as QEMU uses it: a process opens /dev/net/tun, attaches
# to the tap with TUNSETIFF (IFF_TAP | IFF_NO_PI, plus IFF_VNET_HDR if the
# device was created with it), writes an ARP request and an ICMP echo
# request and reads the replies from a namespace host; the host pings the
# "guest" too, and the guest answers.
TEST_NAME=swtap
. "$top_srcdir/tests/system/lib.sh"
. "$top_srcdir/tests/system/switchd-lib.sh"
[ "$(id -u)" = 0 ] || sl_skip "needs root"
[ -c /dev/net/tun ] || sl_skip "no /dev/net/tun"
sl_setup

BR=slswtapbr
TAP=slswtapvm
sl_start_dbserver
sw_start_switchd
sl_link "$BR"
sl_link "$TAP"
check "add-br" sluice-ctl add-br "$BR"
sw_host h1 10.251.5.1/24
check "add-port h1" sluice-ctl add-port "$BR" slswtaph1
check "add-port tap" sluice-ctl add-port "$BR" "$TAP" type=tap
check "the tap device exists" ip link show "$TAP"

cat >"$SL_DIR/guest.py" <<'PY'
# guest.py TAP MAC IP PEER_IP SECONDS: a minimal guest on tap TAP.  Asks
# for PEER_IP's MAC (ARP), pings it once, and for SECONDS answers ARP
# requests and pings for IP.  Prints what it achieved; exits 0 if its
# own ping was answered.
import fcntl, os, select, socket, struct, sys, time

TUNSETIFF, TUNGETIFF = 0x400454ca, 0x800454d2
IFF_TAP, IFF_NO_PI, IFF_VNET_HDR = 0x0002, 0x1000, 0x4000
VNET_HDR_LEN = 10

tap, mac_s, ip_s, peer_s, secs = sys.argv[1:6]
mac = bytes.fromhex(mac_s.replace(":", ""))
ip, peer = socket.inet_aton(ip_s), socket.inet_aton(peer_s)

# Match the flags the device was created with, as QEMU must.
flags = IFF_TAP | IFF_NO_PI
with open("/sys/class/net/%s/tun_flags" % tap) as f:
    dev_flags = int(f.read(), 16)
if dev_flags & IFF_VNET_HDR:
    flags |= IFF_VNET_HDR
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), flags))
hdr = b"\0" * VNET_HDR_LEN if flags & IFF_VNET_HDR else b""
print("attached with flags 0x%x" % flags, flush=True)

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff

def send(frame):
    os.write(fd, hdr + frame)

def arp(op, dst_mac, tha, tpa):
    return (dst_mac + mac + b"\x08\x06" +
            struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) +
            mac + ip + tha + tpa)

def icmp(dst_mac, dst_ip, typ, ident, seq, payload):
    body = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + payload
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 0, 0x4000,
                      64, 1, 0, ip, dst_ip)
    iph = iph[:10] + struct.pack("!H", csum(iph)) + iph[12:]
    return dst_mac + mac + b"\x08\x00" + iph + body

peer_mac = None
got_reply = False
deadline = time.time() + float(secs)
next_tx = 0
while time.time() < deadline:
    now = time.time()
    if not got_reply and now >= next_tx:
        next_tx = now + 0.5
        if peer_mac is None:
            send(arp(1, b"\xff" * 6, b"\0" * 6, peer))
        else:
            send(icmp(peer_mac, peer, 8, 0x5151, 1, b"sluice-tap-test"))
    r, _, _ = select.select([fd], [], [], 0.1)
    if not r:
        continue
    frame = os.read(fd, 65536)[len(hdr):]
    if len(frame) < 14 or frame[0:6] not in (mac, b"\xff" * 6):
        continue
    etype = frame[12:14]
    if etype == b"\x08\x06" and len(frame) >= 42:
        op = struct.unpack("!H", frame[20:22])[0]
        sha, spa, tpa = frame[22:28], frame[28:32], frame[38:42]
        if op == 2 and spa == peer and peer_mac is None:
            peer_mac = sha
            next_tx = 0
            print("arp reply from %s" % sha.hex(":"), flush=True)
        elif op == 1 and tpa == ip:
            send(arp(2, sha, sha, spa))
    elif etype == b"\x08\x00" and len(frame) >= 42 and frame[23] == 1:
        ihl = (frame[14] & 0x0f) * 4
        src = frame[26:30]
        icmp_msg = frame[14 + ihl:]
        typ = icmp_msg[0]
        if typ == 0 and src == peer and not got_reply:
            got_reply = True
            print("echo reply from %s" % socket.inet_ntoa(src), flush=True)
        elif typ == 8 and frame[30:34] == ip:
            ident, seq = struct.unpack("!HH", icmp_msg[4:8])
            send(icmp(frame[6:12], src, 0, ident, seq, icmp_msg[8:]))
            print("answered echo request from %s" % socket.inet_ntoa(src),
                  flush=True)
sys.exit(0 if got_reply else 1)
PY

GMAC=02:51:00:00:05:0a
python3 "$SL_DIR/guest.py" "$TAP" "$GMAC" 10.251.5.10 10.251.5.1 12 \
    >"$SL_DIR/guest.log" 2>&1 &
guest_pid=$!
check "the guest attached" sl_wait_for "grep -q attached '$SL_DIR/guest.log'" 5
check "the guest learns h1's MAC by ARP" sl_wait_for \
    "grep -q 'arp reply from $(sw_mac h1)' '$SL_DIR/guest.log'" 10
check "the guest's ping is answered" sl_wait_for \
    "grep -q 'echo reply from 10.251.5.1' '$SL_DIR/guest.log'" 10
check "h1 pings the guest" sl_wait_for "sw_ping h1 10.251.5.10" 10
check_match "the guest answered h1" "answered echo request from 10.251.5.1" \
    "$(cat "$SL_DIR/guest.log")"
wait $guest_pid
check_eq "the guest exits 0" 0 $?
tap_of=$(sluice-ctl get Interface "$TAP" ofport)
check_match "fdb/show: the guest's MAC on the tap's ofport" \
    "^ +$tap_of +0 +$GMAC " "$(sluice-appctl fdb/show "$BR")"
check_match "dpif/show lists the tap" "^  $TAP $tap_of/tap:" \
    "$(sluice-appctl dpif/show)"

sl_finish
