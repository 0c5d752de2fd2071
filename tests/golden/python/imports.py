# Imports of every form, one row per imported module or name; relative ones keep their level.

from __future__ import annotations

import os
import os.path
import xml.etree.ElementTree
import numpy as np, json as j
import collections.abc as cabc
from . import sibling
from .sibling import thing as other_thing
from .. import parent_module
from ..pkg import q as r
from ...beyond.top import deep
from .......way_beyond import name
from typing import (
    Any,
    Optional as Opt,
)
from os.path import *
from requests import get


def lazy():
    import sqlite3
    from json import loads as parse
    return sqlite3, parse


class Lazy:
    def method(self):
        from . import helper
        return helper


try:
    import tomllib
except ImportError:
    tomllib = None
