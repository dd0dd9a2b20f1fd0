"""The instansi hub: satker bundles in, a recap and the API PortalRB pulls out.

`store` (the hub folder), `intake` (taking a bundle in), `recap` (one row per unit, the workbook),
`proposals` (usulkan), `api` (the ASGI app of PortalRB's guide) and `server` (uvicorn). Only `api`
and `server` import FastAPI / uvicorn, and only `zi-desktop hub serve` imports them.
"""
