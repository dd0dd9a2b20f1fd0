"""The workspace folder: the SQLite store, its schema and migrations, evidence blobs, the demo."""
