"""The click commands of ``cli.py``, one module per group of commands; the library (``graph/``) never imports click."""
