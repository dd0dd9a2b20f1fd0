"""The headless command line (`zi-desktop ...`): the parser and one module per group of commands."""
