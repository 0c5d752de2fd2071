# Decorators with arguments, spread over several lines, stacked, with a comment after them,
# and an arbitrary expression (PEP 614); decorated definitions start at their first "@".

import dataclasses
import functools


def retry(times, delay=0.5):
    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            return fn(*args, **kwargs)
        return call
    return wrap


@retry(3)
def fetch():
    return 1


@retry(
    times=5,
    delay=1.0,
)
@functools.lru_cache(maxsize=None)
def fetch_many(n):
    return n


@functools.lru_cache
@ retry(2)   # a space after the at sign is legal
def spaced():
    return 2


@(lambda f: f)
def expression_decorator():
    return 3


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int

    @functools.cached_property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
