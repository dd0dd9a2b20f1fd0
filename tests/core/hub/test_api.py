"""The API PortalRB pulls, on a real uvicorn server on 127.0.0.1 (`zi-desktop hub serve`), checked by a
client written from the guide (sections 3, 5, 6 and its retry rule in 7) against the master soal list."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from zi_desktop.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
MASTER = ROOT.parent / "shared" / "reference" / "portalrb-master-soal-2026.json"
TOKEN = "uji-token-" + "x" * 30
LKE_ONLY = "uji-token-lke-" + "y" * 30


# -- the client, as PortalRB is described -----------------------------------------------------------


class GuideClient:
    """GET with a Bearer token; on a timeout, a 5xx or a failed connection it retries up to 3 attempts
    in all, waiting 60 s then 120 s (the guide's section 7; `scale` shortens the waits in tests)."""

    WAITS = (0.0, 60.0, 120.0)

    def __init__(self, base: str, token: str | None, scale: float = 0.001) -> None:
        self.base = base.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.scale = scale
        self.attempts = 0

    def get(self, path: str) -> httpx.Response:
        last: Exception | None = None
        for wait in self.WAITS:
            time.sleep(wait * self.scale)
            self.attempts += 1
            try:
                r = httpx.get(self.base + path, headers=self.headers, timeout=10)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last = exc
                continue
            if r.status_code < 500:
                return r
            last = RuntimeError(f"HTTP {r.status_code}")
        raise RuntimeError(f"gagal setelah 3 percobaan: {last}")


def master_soal() -> list[dict[str, Any]]:
    data = json.loads(MASTER.read_text(encoding="utf-8"))
    out: list[dict[str, Any]] = []

    def walk(n: dict[str, Any]) -> None:
        out.extend(n.get("soals") or [])
        for c in n.get("children") or []:
            walk(c)

    for n in data["data"]:
        walk(n)
    return out


def check_unit_list(doc: Any, kategori: set[str]) -> list[dict[str, Any]]:
    assert set(doc) == {"tahun", "units"} and doc["tahun"] == 2026
    for u in doc["units"]:
        assert set(u) == {"id", "nama", "kategori", "afirmasi"}
        assert isinstance(u["id"], str) and u["id"] and isinstance(u["nama"], str) and u["nama"]
        assert u["kategori"] in kategori and isinstance(u["afirmasi"], bool)
        assert u["afirmasi"] == (u["kategori"] == "WBK-AFIRMASI")
    return list(doc["units"])


def check_answers(doc: Any, unit: dict[str, Any], master: list[dict[str, Any]]) -> None:
    assert set(doc) == {"unit_id", "nama_unit", "tahun", "answers"}
    assert (doc["unit_id"], doc["nama_unit"], doc["tahun"]) == (unit["id"], unit["nama"], 2026)
    assert [a["soal_id"] for a in doc["answers"]] == [s["id"] for s in master]
    keys_of = {s["id"]: {k["key"] for k in s["skema_penilaian"]} for s in master}
    for a in doc["answers"]:
        assert set(a) == {"soal_id", "jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi"}
        assert isinstance(a["soal_id"], int)
        for k in ("jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi"):
            assert a[k] is None or (isinstance(a[k], str) and a[k] != ""), (a, k)
        keys = keys_of[a["soal_id"]]
        for k in ("jawaban_unit", "jawaban_tpi"):
            if a[k] is not None and keys:
                assert a[k] in keys, (a["soal_id"], a[k], keys)
            elif a[k] is not None:
                float(a[k])  # a count or a survey score: a number as text


# -- the server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(*args: Any) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, bundle_dir: dict[str, Path]) -> Iterator[dict[str, Any]]:
    d = tmp_path_factory.mktemp("served")
    hub = d / "hub"
    assert cli("hub", "init", hub, "--instansi", "Kementerian Contoh", "--tahun", "2026") == 0
    assert cli("hub", "add", hub, *(bundle_dir[k] for k in ("A", "B", "C", "N"))) == 0
    assert cli("hub", "usulkan", hub, "UNIT-A", "--kategori", "WBBM") == 0
    assert cli("hub", "usulkan", hub, "UNIT-B", "--kategori", "WBK-AFIRMASI") == 0
    assert cli("hub", "usulkan", hub, "UNIT-C", "--kategori", "WBK", "--paksa") == 0
    tokens = d / "tokens.txt"
    tokens.write_text(f"# token PortalRB\n{TOKEN}\n{LKE_ONLY} lke\n", encoding="utf-8")
    tokens.chmod(0o600)
    port = free_port()
    public = f"http://127.0.0.1:{port}/"
    log = (d / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "zi_desktop", "hub", "serve", str(hub), "--host", "127.0.0.1", "--port", str(port)]
        + ["--token-file", str(tokens), "--public-url", public, "--rate-limit", "100000"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            assert proc.poll() is None, (d / "serve.log").read_text()
            time.sleep(0.2)
    try:
        yield {"hub": hub, "base": public.rstrip("/"), "proc": proc, "log": d / "serve.log", "port": port}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_a_guide_client_fetches_both_lists_and_every_proposed_unit(
    served: dict[str, Any], reference_dir: Path, bundle_dir: dict[str, Path]
) -> None:
    master = master_soal()
    c = GuideClient(served["base"], TOKEN)
    r = c.get("/pengusulan/unit-wbk")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    wbk = check_unit_list(r.json(), {"WBK", "WBK-AFIRMASI"})
    wbbm = check_unit_list(c.get("/pengusulan/unit-wbbm").json(), {"WBBM"})
    assert {u["id"] for u in wbk} == {"UNIT-B", "UNIT-C"} and [u["id"] for u in wbbm] == ["UNIT-A"]
    files_checked = 0
    for unit in wbk + wbbm:
        r = c.get(f"/lke/jawaban-unit/{unit['id']}")
        assert r.status_code == 200
        doc = r.json()
        check_answers(doc, unit, master)
        # the same values as the unit's own jawaban-unit.json, with file paths turned into hub links
        key = {"UNIT-A": "A", "UNIT-B": "B", "UNIT-C": "C"}[unit["id"]]
        with zipfile.ZipFile(bundle_dir[key]) as zf:
            own = {a["soal_id"]: a for a in json.loads(zf.read("jawaban-unit.json"))["answers"]}
            for a in doc["answers"]:
                mine = own.get(a["soal_id"], {})
                for k in ("jawaban_unit", "jawaban_tpi", "catatan_unit", "catatan_tpi"):
                    assert a[k] == mine.get(k), (a["soal_id"], k)
                for line in (a["bukti_dukung_unit"] or "").split("\n"):
                    name, _, where = line.partition(": ")
                    if where.startswith(served["base"] + "/berkas/"):
                        got = httpx.get(where, timeout=10)  # no token: the link is the secret
                        assert got.status_code == 200
                        path = next(p for p in zf.namelist() if p.endswith("/" + name) and str(a["soal_id"]) in p)
                        assert hashlib.sha256(got.content).digest() == hashlib.sha256(zf.read(path)).digest()
                        files_checked += 1
                    else:
                        assert "bukti/" not in line  # no bundle path is left for PortalRB
    assert files_checked == 6  # two files in each of three units
    assert c.attempts == 2 + len(wbk) + len(wbbm)  # nothing needed a retry


def test_tokens_and_errors_are_the_guides_json(served: dict[str, Any]) -> None:
    base = served["base"]
    for headers in ({}, {"Authorization": "Bearer salah-" + "z" * 30}, {"Authorization": "Basic abc"}):
        for path in ("/pengusulan/unit-wbk", "/pengusulan/unit-wbbm", "/lke/jawaban-unit/UNIT-A"):
            r = httpx.get(base + path, headers=headers, timeout=10)
            assert r.status_code == 401, (path, headers)
            body = r.json()
            assert set(body) == {"error", "code", "message"} and body["error"] is True and body["code"]
    c = GuideClient(base, TOKEN)
    for path, status in (
        ("/lke/jawaban-unit/UNIT-X", 404),  # unknown
        ("/lke/jawaban-unit/UNIT-N", 404),  # in the hub, not proposed
        ("/lke/jawaban-unit/bukan%20id", 422),
        ("/lke/jawaban-unit/..%2Fetc", 404),
        ("/tidak/ada", 404),
        ("/berkas/" + "a" * 32 + "/x.pdf", 404),
    ):
        r = c.get(path)
        assert r.status_code == status, path
        assert r.json()["error"] is True and isinstance(r.json()["message"], str)
    lke_only = GuideClient(base, LKE_ONLY)
    assert lke_only.get("/lke/jawaban-unit/UNIT-A").status_code == 200
    r = lke_only.get("/pengusulan/unit-wbk")
    assert r.status_code == 403 and r.json()["code"] == "FORBIDDEN"
    log_text = served["log"].read_text()
    assert TOKEN not in log_text and LKE_ONLY not in log_text and "/lke/jawaban-unit/UNIT-X 404" in log_text


def test_changes_while_serving_are_seen_at_once_and_never_half(
    served: dict[str, Any], bundle_dir: dict[str, Path]
) -> None:
    """`hub add` in another process while clients read: every answer document is of one bundle."""
    c = GuideClient(served["base"], TOKEN)
    before = c.get("/lke/jawaban-unit/UNIT-A").json()
    assert before["nama_unit"] == "Satker A"
    seen: list[set[str]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            doc = c.get("/lke/jawaban-unit/UNIT-A").json()
            seen.append(
                {doc["nama_unit"]}
                | {
                    "v2" if (a["catatan_unit"] or "").endswith("-v2") else "v1"
                    for a in doc["answers"]
                    if a["catatan_unit"]
                }
            )

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        assert cli("hub", "add", served["hub"], bundle_dir["A2"]) == 0
        after = c.get("/lke/jawaban-unit/UNIT-A").json()  # no restart, at once
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert after["nama_unit"] == "Satker A Baru"
    assert all(a["catatan_unit"].endswith("-v2") for a in after["answers"] if a["catatan_unit"])
    assert seen and all(s in ({"Satker A", "v1"}, {"Satker A Baru", "v2"}) for s in seen), seen[:5]
    wbbm = c.get("/pengusulan/unit-wbbm").json()
    assert wbbm["units"][0]["nama"] == "Satker A Baru"


def test_rekap_shows_the_last_fetch(served: dict[str, Any], capsys: Any) -> None:
    c = GuideClient(served["base"], TOKEN)
    assert c.get("/lke/jawaban-unit/UNIT-B").status_code == 200
    deadline = time.monotonic() + 10
    while True:
        assert cli("hub", "rekap", served["hub"], "--json") == 0
        rows = {r["unit_id"]: r for r in json.loads(capsys.readouterr().out)["units"]}
        if rows["UNIT-B"]["diambil_sejak_berubah"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert rows["UNIT-B"]["diambil_sejak_berubah"] is True and rows["UNIT-B"]["diambil_terakhir"]
    assert rows["UNIT-N"]["diambil_terakhir"] is None
    assert cli("hub", "usulkan", served["hub"], "UNIT-B", "--kategori", "WBK") == 0  # a change
    capsys.readouterr()
    assert cli("hub", "rekap", served["hub"], "--json") == 0
    rows = {r["unit_id"]: r for r in json.loads(capsys.readouterr().out)["units"]}
    assert rows["UNIT-B"]["diambil_sejak_berubah"] is False


def test_rate_limit_per_client_answers_429(tmp_path: Path) -> None:
    import asyncio

    from zi_desktop.hub.api import Token, create_app

    hub = tmp_path / "hub"
    assert cli("hub", "init", hub, "--instansi", "X") == 0
    app = create_app(
        hub, [Token(TOKEN.encode(), frozenset({"pengusulan", "lke"}))], public_url="http://h", rate_per_minute=5
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}

    async def go() -> tuple[list[int], httpx.Response, int]:
        one = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("10.0.0.1", 1)), base_url="http://h")
        other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("10.0.0.2", 1)), base_url="http://h")
        async with one, other:
            codes = [(await one.get("/pengusulan/unit-wbk", headers=auth)).status_code for _ in range(7)]
            last = await one.get("/pengusulan/unit-wbk", headers=auth)
            other_code = (await other.get("/pengusulan/unit-wbk", headers=auth)).status_code
        return codes, last, other_code

    codes, r, other_code = asyncio.run(go())
    app.state.access.close()
    app.state.hub.close()
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    assert r.status_code == 429 and r.json()["code"] == "RATE_LIMITED" and int(r.headers["retry-after"]) >= 1
    assert other_code == 200  # per client


def test_serve_refuses_a_token_file_others_can_read(tmp_path: Path, capsys: Any) -> None:
    hub = tmp_path / "hub"
    assert cli("hub", "init", hub, "--instansi", "X") == 0
    tokens = tmp_path / "t.txt"
    tokens.write_text(TOKEN + "\n")
    tokens.chmod(0o644)
    assert cli("hub", "serve", hub, "--port", "1", "--token-file", tokens) == 2
    err = capsys.readouterr().err
    assert "chmod 600" in err and TOKEN not in err
    tokens.chmod(0o600)
    tokens.write_text("pendek\n")
    assert cli("hub", "serve", hub, "--port", str(free_port()), "--token-file", tokens) == 2
    err = capsys.readouterr().err
    assert "terlalu pendek" in err and "pendek\n" not in err
