"""The API of PortalRB's guide ("Panduan Teknis API Integrasi ZI", sections 3, 5, 6), as an ASGI app.

    GET /pengusulan/unit-wbk                 {tahun, units: [{id, nama, kategori, afirmasi}]}
    GET /pengusulan/unit-wbbm                the same, kategori "WBBM"
    GET /lke/jawaban-unit/{unit_id}          {unit_id, nama_unit, tahun, answers: [...]}, every soal of
                                             the master list in its order, null where empty
    GET /berkas/{token}/{name}               an evidence file (no Bearer token: the link itself is the
                                             secret, so national evaluators can open it)

The three endpoints need `Authorization: Bearer <token>`; tokens are compared in constant time
(`hmac.compare_digest`, every token tried). Every non-2xx answer is `{error: true, code, message}`:
401 (no or wrong token), 403 (a token not allowed this endpoint), 404 (unknown or unproposed unit,
unknown file or path), 422 (a malformed unit id), 429 (rate limit per client), 500 (a bug).
Each request reads one SQLite snapshot, so `hub add` / `usulkan` in another process show at once
and never half. Requests are logged (endpoint, unit, time, status) in the hub's access log.
"""

from __future__ import annotations

import hmac
import json
import logging
import mimetypes
import queue
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from zi_desktop.hub.store import Hub, now
from zi_desktop.lke.readiness import UNIT_ID_RE

log = logging.getLogger("zi_desktop.hub.access")
SCOPES = ("pengusulan", "lke")
UNIT_ID_PATTERN = "^" + UNIT_ID_RE.pattern + "$"


# -- response models (the guide's fields) ----------------------------------------------------------


class Unit(BaseModel):
    id: str = Field(description="ID unit di sistem instansi; path parameter jawaban-unit")
    nama: str
    kategori: Literal["WBK", "WBK-AFIRMASI", "WBBM"]
    afirmasi: bool


class UnitList(BaseModel):
    tahun: int
    units: list[Unit]


class Answer(BaseModel):
    soal_id: int
    jawaban_unit: str | None
    jawaban_tpi: str | None
    catatan_unit: str | None
    bukti_dukung_unit: str | None
    catatan_tpi: str | None


class JawabanUnit(BaseModel):
    unit_id: str
    nama_unit: str
    tahun: int
    answers: list[Answer]


class ApiError(BaseModel):
    error: Literal[True] = True
    code: str
    message: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "API Key tidak valid atau tidak dikirimkan"},
    403: {"model": ApiError, "description": "API Key valid tapi tidak berhak akses resource ini"},
    404: {"model": ApiError, "description": "Data yang diminta tidak ditemukan"},
    422: {"model": ApiError, "description": "Data request tidak valid"},
    429: {"model": ApiError, "description": "Rate limit terlampaui"},
    500: {"model": ApiError, "description": "Error di sisi instansi"},
}


class ApiProblem(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": True, "code": code, "message": message},
        status_code=status,
        headers={**(headers or {}), "X-Error-Code": code},
    )


# -- tokens ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    secret: bytes
    scopes: frozenset[str]


MIN_TOKEN = 20


def read_tokens(path: Path | str) -> list[Token]:
    """`TOKEN [scope,scope]` per line (`#` comments); scopes: pengusulan, lke (default both).
    Messages never show a token."""
    from zi_desktop.errors import UserError

    p = Path(path)
    try:
        st = p.stat()
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"berkas token {p} tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"berkas token {p} tidak dapat dibaca ({exc.__class__.__name__})") from None
    import os
    import stat as stat_mod

    if os.name != "nt" and st.st_mode & (stat_mod.S_IRWXO):
        raise UserError(f"berkas token {p} dapat dibaca semua pengguna; batasi dulu: chmod 600 {p}")
    tokens = []
    for no, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        secret, _, rest = line.partition(" ")
        scopes = frozenset(s.strip() for s in rest.replace(" ", "").split(",") if s.strip()) or frozenset(SCOPES)
        bad = scopes - set(SCOPES)
        if bad:
            raise UserError(f"berkas token {p} baris {no}: cakupan tidak dikenal {sorted(bad)}; pilih {SCOPES}")
        if len(secret) < MIN_TOKEN:
            raise UserError(f"berkas token {p} baris {no}: token terlalu pendek (minimal {MIN_TOKEN} karakter)")
        tokens.append(Token(secret.encode("utf-8"), scopes))
    if not tokens:
        raise UserError(f"berkas token {p} tidak berisi token")
    return tokens


# -- rate limit and access log -------------------------------------------------------------------------


class RateLimiter:
    """At most `per_minute` requests per client in any 60 s window (sliding log, per client)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> tuple[bool, int]:
        t = time.monotonic()
        with self._lock:
            q = self._hits.setdefault(client, deque())
            while q and q[0] <= t - 60.0:
                q.popleft()
            if len(q) >= self.per_minute:
                return False, max(1, int(60.0 - (t - q[0])) + 1)
            q.append(t)
            if len(self._hits) > 10_000:  # forget idle clients
                for k in [k for k, v in self._hits.items() if not v]:
                    del self._hits[k]
            return True, 0


class AccessLog:
    """Requests are appended to the hub's access log by one thread, in batches (a request never
    waits for a write)."""

    def __init__(self, hub: Hub, interval: float = 0.2) -> None:
        self.hub = hub
        self.interval = interval
        self._q: queue.Queue[tuple[str, str, str, str | None, int, str | None]] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hub-access-log", daemon=True)
        self._thread.start()

    def add(self, entry: tuple[str, str, str, str | None, int, str | None]) -> None:
        self._q.put(entry)

    def _drain(self) -> None:
        batch = []
        while True:
            try:
                batch.append(self._q.get_nowait())
            except queue.Empty:
                break
        if batch:
            try:
                self.hub.log_requests(batch)
            except Exception:  # the log must never take the API down; the line is in the text log
                log.exception("catatan akses tidak dapat disimpan ke hub")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._drain()
        self._drain()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _endpoint(path: str) -> tuple[str, str | None]:
    parts = path.strip("/").split("/")
    if parts[:2] == ["pengusulan", "unit-wbk"] and len(parts) == 2:
        return "unit-wbk", None
    if parts[:2] == ["pengusulan", "unit-wbbm"] and len(parts) == 2:
        return "unit-wbbm", None
    if parts[:2] == ["lke", "jawaban-unit"] and len(parts) == 3:
        return "jawaban-unit", parts[2][:100]
    if parts[0] == "berkas" and len(parts) >= 2:
        return "berkas", None
    return "lain", None


# -- the app ---------------------------------------------------------------------------------------------


def create_app(
    hub_path: Path | str,
    tokens: Sequence[Token],
    *,
    public_url: str,
    rate_per_minute: int = 600,
    log_interval: float = 0.2,
) -> FastAPI:
    hub_path = Path(hub_path)
    from zi_desktop.hub.store import open_hub

    hub = open_hub(hub_path)
    limiter = RateLimiter(rate_per_minute)
    access = AccessLog(hub, log_interval)
    base = public_url.rstrip("/")
    order = [s.soal_id for s in hub.catalog.soal_in_order()]
    documents: dict[int, bytes] = {}
    documents_lock = threading.Lock()

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        access.close()
        hub.close()

    app = FastAPI(
        title="ZI Desktop - hub instansi (API integrasi PortalRB)",
        version="1.0.0",
        description="Endpoint yang dipanggil PortalRB (Panduan Teknis API Integrasi ZI 2026).",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.hub = hub
    app.state.access = access
    bearer = HTTPBearer(auto_error=False, description="Token yang sama dengan yang diisi di form konfigurasi PortalRB")

    def require(scope: str) -> Callable[..., Awaitable[None]]:
        async def check(cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
            if cred is None or cred.scheme.lower() != "bearer" or not cred.credentials:
                raise ApiProblem(401, "UNAUTHORIZED", "API Key tidak dikirimkan (header Authorization: Bearer ...)")
            given = cred.credentials.encode("utf-8")
            match: Token | None = None
            for t in tokens:  # every token is compared, in constant time: no early exit to time
                if hmac.compare_digest(given, t.secret) and match is None:
                    match = t
            if match is None:
                raise ApiProblem(401, "UNAUTHORIZED", "API Key tidak valid")
            if scope not in match.scopes:
                raise ApiProblem(403, "FORBIDDEN", "API Key valid tetapi tidak berhak mengakses data ini")

        return check

    @app.exception_handler(ApiProblem)
    async def _problem(_r: Request, exc: ApiProblem) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_r: Request, exc: RequestValidationError) -> JSONResponse:
        where = ", ".join(".".join(str(x) for x in e.get("loc", ())) for e in exc.errors()[:3])
        return error_response(422, "INVALID_REQUEST", f"data request tidak valid ({where})")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_r: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "DATA_NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
        msg = {404: "alamat tidak dikenal", 405: "metode tidak didukung; gunakan GET"}
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "HTTP_ERROR"),
            msg.get(exc.status_code, str(exc.detail)),
            getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _bug(_r: Request, exc: Exception) -> JSONResponse:
        log.error("galat tak terduga di hub", exc_info=exc)
        return error_response(500, "INTERNAL_ERROR", "terjadi kesalahan di sisi instansi; lihat log hub")

    def _units(kategori: tuple[str, ...]) -> dict[str, Any]:
        with hub.reading() as conn:
            rows = conn.execute(
                f"SELECT p.unit_id, b.unit_name, p.kategori, p.afirmasi FROM proposals p "
                f"JOIN units u ON u.unit_id = p.unit_id JOIN bundles b ON b.id = u.current_bundle "
                f"WHERE p.kategori IN ({','.join('?' * len(kategori))}) ORDER BY p.unit_id",
                kategori,
            ).fetchall()
        return {
            "tahun": hub.tahun,
            "units": [{"id": r[0], "nama": r[1], "kategori": r[2], "afirmasi": bool(r[3])} for r in rows],
        }

    @app.get(
        "/pengusulan/unit-wbk",
        response_model=UnitList,
        responses=ERRORS,
        dependencies=[Depends(require("pengusulan"))],
        summary="Daftar unit WBK yang diusulkan",
    )
    async def unit_wbk() -> Response:
        return JSONResponse(_units(("WBK", "WBK-AFIRMASI")))

    @app.get(
        "/pengusulan/unit-wbbm",
        response_model=UnitList,
        responses=ERRORS,
        dependencies=[Depends(require("pengusulan"))],
        summary="Daftar unit WBBM yang diusulkan",
    )
    async def unit_wbbm() -> Response:
        return JSONResponse(_units(("WBBM",)))

    def _file_url(token: str, path: str) -> str:
        return f"{base}/berkas/{token}/{quote(path.rsplit('/', 1)[-1])}"

    def _bukti(text: str | None, files: dict[str, str]) -> str | None:
        if not text:
            return None
        lines = []
        for ln in text.split("\n"):
            name, sep, where = ln.partition(": ")
            if sep and where in files:
                ln = f"{name}: {_file_url(files[where], where)}"
            lines.append(ln)
        return "\n".join(lines)

    @app.get(
        "/lke/jawaban-unit/{unit_id}",
        response_model=JawabanUnit,
        responses=ERRORS,
        dependencies=[Depends(require("lke"))],
        summary="Jawaban LKE satu unit",
    )
    async def jawaban_unit(
        unit_id: str = PathParam(..., pattern=UNIT_ID_PATTERN, max_length=100),
    ) -> Response:
        # A bundle never changes once stored, so its document is built once and kept (by bundle id);
        # which bundle is current, and whether the unit is proposed, is read anew on every request.
        with hub.reading() as conn:
            row = conn.execute(
                "SELECT u.current_bundle FROM proposals p JOIN units u ON u.unit_id = p.unit_id WHERE p.unit_id = ?",
                (unit_id,),
            ).fetchone()
            if row is None:
                raise ApiProblem(404, "DATA_NOT_FOUND", f"unit {unit_id} tidak diusulkan oleh instansi ini")
            bid = int(row[0])
            body = documents.get(bid)
            if body is None:
                body = _document(conn, bid)
                with documents_lock:
                    documents[bid] = body
                    while len(documents) > 512:
                        documents.pop(next(iter(documents)))
        return Response(body, media_type="application/json")

    def _document(conn: Any, bid: int) -> bytes:
        uid, name = conn.execute("SELECT unit_id, unit_name FROM bundles WHERE id = ?", (bid,)).fetchone()
        answers = {
            int(r[0]): r[1:]
            for r in conn.execute(
                "SELECT soal_id, jawaban_unit, jawaban_tpi, catatan_unit, bukti_dukung_unit, catatan_tpi "
                "FROM answers WHERE bundle_id = ?",
                (bid,),
            )
        }
        files = dict(conn.execute("SELECT path, token FROM files WHERE bundle_id = ?", (bid,)).fetchall())
        out = []
        for sid in order:
            a = answers.get(sid) or (None, None, None, None, None)
            out.append(
                {
                    "soal_id": sid,
                    "jawaban_unit": a[0],
                    "jawaban_tpi": a[1],
                    "catatan_unit": a[2],
                    "bukti_dukung_unit": _bukti(a[3], files),
                    "catatan_tpi": a[4],
                }
            )
        doc = {"unit_id": uid, "nama_unit": name, "tahun": hub.tahun, "answers": out}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @app.get(
        "/berkas/{token}/{name}",
        include_in_schema=False,  # not part of PortalRB's guide: the links inside bukti_dukung_unit
        summary="Berkas bukti dukung (tautan tanpa token; tautannya sendiri rahasia)",
    )
    async def berkas(
        token: str = PathParam(..., pattern=r"^[A-Za-z0-9_-]{16,64}$"),
        name: str = PathParam(..., max_length=300),  # noqa: ARG001 - the file's name, for the reader of the link
    ) -> Response:
        with hub.reading() as conn:
            row = conn.execute(
                "SELECT f.sha256, f.path FROM files f JOIN units u ON u.current_bundle = f.bundle_id "
                "JOIN proposals p ON p.unit_id = u.unit_id WHERE f.token = ?",
                (token,),
            ).fetchone()
        if row is None:
            raise ApiProblem(404, "DATA_NOT_FOUND", "berkas tidak ditemukan (tautan salah atau sudah diganti)")
        path = hub.blob_path(str(row[0]))
        if not path.is_file():
            raise ApiProblem(404, "DATA_NOT_FOUND", "berkas bukti hilang dari hub")
        fname = str(row[1]).rsplit("/", 1)[-1]
        mime = mimetypes.guess_type(fname)[0] or "application/octet-stream"
        return FileResponse(path, media_type=mime, filename=fname, content_disposition_type="inline")

    app.add_middleware(_Guard, limiter=limiter, access=access)
    return app


class _Guard:
    """Pure ASGI middleware around the app: the per-client rate limit (429 before any work) and one
    access-log entry per request (endpoint, unit, status, error code; never a token)."""

    def __init__(self, app: Any, limiter: RateLimiter, access: AccessLog) -> None:
        self.app = app
        self.limiter = limiter
        self.access = access

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "-"
        path = scope.get("path", "")
        endpoint, unit = _endpoint(path)
        ok, retry = self.limiter.allow(client)
        seen: dict[str, Any] = {"status": 500, "code": None}
        if not ok:
            response = error_response(
                429,
                "RATE_LIMITED",
                f"terlalu banyak permintaan; coba lagi dalam {retry} detik",
                {"Retry-After": str(retry)},
            )
            seen.update(status=429, code="RATE_LIMITED")
            await response(scope, receive, send)
        else:

            async def watch(message: Any) -> None:
                if message["type"] == "http.response.start":
                    seen["status"] = message["status"]
                    for k, v in message.get("headers", ()):
                        if k == b"x-error-code":
                            seen["code"] = v.decode("latin-1")
                await send(message)

            await self.app(scope, receive, watch)
        if endpoint != "lain" or seen["status"] != 404:
            self.access.add((now(), client, endpoint, unit, int(seen["status"]), seen["code"]))
        shown = path if endpoint != "berkas" else "/berkas/" + path.split("/")[2][:6] + "..."
        log.info("%s %s %s %s", client, scope.get("method"), shown, seen["status"])
