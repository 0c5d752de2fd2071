# Base classes: only positional bases are listed; keyword arguments (metaclass=...) are not bases.
import abc
from typing import Generic, TypeVar

T = TypeVar("T")


class NoParens:
    pass


class EmptyParens():
    pass


class Single(NoParens):
    pass


class Several(NoParens, EmptyParens):
    pass


class Dotted(abc.ABC, metaclass=abc.ABCMeta):
    pass


class Subscripted(Generic[T]):
    pass


class Called(type("Dyn", (), {})):
    pass


class MultiLine(
    Single,
    Several,  # a comment between bases
):
    pass


class Keywords(Single, **{"flag": True}):
    pass
