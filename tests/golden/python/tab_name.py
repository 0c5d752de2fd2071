# golden-name: tab\there and space.py
"""Indexed under a name holding a tab and a space (see run.py)."""


def named():
    return 1
