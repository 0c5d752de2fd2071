# golden-name: new\nline.py
"""Indexed under a name holding a newline (see run.py)."""
import os


def named():
    return os.sep
