"""The LKE ZI rules: catalog, answer values, scoring, advice, readiness and preconditions.

Pure: no SQLite, no file formats, no Qt. Everything above this layer asks it.
"""
