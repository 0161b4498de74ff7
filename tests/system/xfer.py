#!/usr/bin/env python3
"""One TCP transfer for the system tests, to check data integrity through
the switch (compare the files' checksums afterwards).

    xfer.py recv PORT FILE        accept one connection, write what arrives
    xfer.py send ADDR PORT FILE   connect, send FILE, wait for the close

Each side gives up after 30 s of silence, so a broken path fails the test
instead of hanging it.
"""
import socket
import sys


def recv(port, path):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(1)
    srv.settimeout(30)
    conn, _ = srv.accept()
    conn.settimeout(30)
    with open(path, "wb") as f:
        while True:
            data = conn.recv(1 << 16)
            if not data:
                break
            f.write(data)


def send(addr, port, path):
    s = socket.create_connection((addr, port), 10)
    with open(path, "rb") as f:
        s.sendall(f.read())
    s.shutdown(socket.SHUT_WR)
    s.settimeout(30)
    s.recv(1)


if __name__ == "__main__":
    if sys.argv[1] == "recv":
        recv(int(sys.argv[2]), sys.argv[3])
    else:
        send(sys.argv[2], int(sys.argv[3]), sys.argv[4])
