"""`hub serve`: the API on uvicorn (TLS optional; behind an HTTPS reverse proxy is the usual way)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from zi_desktop.errors import UserError
from zi_desktop.hub.api import create_app, read_tokens
from zi_desktop.hub.store import open_hub


def endpoint_urls(public_url: str) -> dict[str, str]:
    """What to enter in PortalRB's configuration form."""
    base = public_url.rstrip("/")
    return {
        "Daftar Unit WBK": f"{base}/pengusulan/unit-wbk",
        "Daftar Unit WBBM": f"{base}/pengusulan/unit-wbbm",
        "Jawaban LKE Unit": f"{base}/lke/jawaban-unit/{{unit_id}}",
    }


def serve(
    hub_path: Path | str,
    *,
    host: str,
    port: int,
    token_file: Path | str,
    public_url: str | None = None,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    rate_per_minute: int = 600,
) -> int:
    import uvicorn

    if bool(ssl_certfile) != bool(ssl_keyfile):
        raise UserError("--ssl-certfile dan --ssl-keyfile harus diberikan bersama")
    for f in (ssl_certfile, ssl_keyfile):
        if f and not Path(f).is_file():
            raise UserError(f"berkas TLS {f} tidak ditemukan")
    if not 0 < port < 65536:
        raise UserError(f"port {port} tidak sah (1-65535)")
    if rate_per_minute < 1:
        raise UserError("--rate-limit harus paling sedikit 1 permintaan per menit")
    open_hub(hub_path).close()  # a clear message before uvicorn starts
    tokens = read_tokens(token_file)
    scheme = "https" if ssl_certfile else "http"
    public = (public_url or f"{scheme}://{host}:{port}").rstrip("/")
    if not public.startswith(("http://", "https://")):
        raise UserError(f"--public-url harus diawali https:// (atau http://), bukan '{public_url}'")
    app = create_app(hub_path, tokens, public_url=public, rate_per_minute=rate_per_minute)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    lines = [f"Hub {Path(hub_path)} melayani di {scheme}://{host}:{port} ({len(tokens)} token)"]
    lines.append(f"URL untuk form konfigurasi PortalRB (basis {public}):")
    lines += [f"  {k}: {v}" for k, v in endpoint_urls(public).items()]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        access_log=False,  # the hub's own log: no token, file links shortened
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        server_header=False,
    )
    try:
        uvicorn.Server(config).run()
    except OSError as exc:
        raise UserError(f"tidak dapat membuka {host}:{port} ({exc.strerror})") from None
    return 0
