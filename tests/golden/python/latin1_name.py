# golden-name: caf\xe9.py
"""Indexed under a name that is not valid UTF-8: the byte 0xe9, latin-1 for e-acute."""


def named():
    return 1
