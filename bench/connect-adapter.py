#!/usr/bin/env python3
"""A TCP listener that turns every accepted connection into an HTTP/1.1 CONNECT tunnel through a proxy.

Usage: connect-adapter.py LISTEN_PORT PROXY_HOST:PROXY_PORT TARGET_HOST:TARGET_PORT

bench/h2load-inspect.sh uses it when the proxy does not speak h2 inside inspected tunnels: nghttpx sends its
backend through --backend-http-proxy-uri only for HTTP/2 backends, so for an http/1.1 backend nghttpx dials this
adapter instead and the adapter does the CONNECT. Loopback only.
"""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            writer.close()


async def handle(client_r, client_w, proxy, target):
    try:
        up_r, up_w = await asyncio.open_connection(*proxy)
    except OSError as e:
        print(f"connect-adapter: cannot reach the proxy {proxy}: {e}", file=sys.stderr)
        client_w.close()
        return
    up_w.write(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
    head = await up_r.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        print(f"connect-adapter: proxy refused CONNECT {target}: {head.splitlines()[0]!r}", file=sys.stderr)
        client_w.close()
        up_w.close()
        return
    await asyncio.gather(pipe(client_r, up_w), pipe(up_r, client_w))
    client_w.close()
    up_w.close()


async def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    port = int(sys.argv[1])
    phost, pport = sys.argv[2].rsplit(":", 1)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, (phost, int(pport)), sys.argv[3]), "127.0.0.1", port)
    async with server:
        await server.serve_forever()


asyncio.run(main())
