# A minimal MPTCP peer for integration tests, written against the socket API (IPPROTO_MPTCP =
# 262) so no LD_PRELOAD wrapper is involved: `server PORT` accepts and holds connections,
# `client HOST PORT N` opens N and holds them. Prints one line when ready; runs until killed.
import socket
import sys
import time

IPPROTO_MPTCP = 262


def server(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", port))
    listener.listen(64)
    print("listening", flush=True)
    held = []
    while True:
        conn, _ = listener.accept()
        conn.sendall(b"h")
        held.append(conn)


def client(host, port, count):
    held = []
    for _ in range(count):
        conn = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
        conn.connect((host, port))
        conn.sendall(b"h")
        conn.recv(1)
        held.append(conn)
    print("connected", flush=True)
    while True:
        time.sleep(60)


if sys.argv[1] == "server":
    server(int(sys.argv[2]))
else:
    client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
