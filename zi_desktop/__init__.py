"""ZI Desktop core: the LKE Zona Integritas catalog, scoring, workspace and portal package.

This package never imports Qt: the desktop face lives in `ui/`.
"""

__version__ = "0.1.0"
