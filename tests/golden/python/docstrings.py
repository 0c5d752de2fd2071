# Docstrings: the first line of a string literal that is the first statement of a body.


def single_quoted():
    'Single-quoted docstring.'


def triple():
    """Triple-quoted on one line."""
    return 1


def raw():
    r"""Raw docstring with a \d backslash."""


def blank_first_line():
    """
    Summary on the second line.

        Indented detail.
    """


def f_string(name="x"):
    f"""An f-string {name} is not a docstring."""


def bytes_literal():
    b"""Bytes are not a docstring."""


def not_first():
    x = 1
    """A string after another statement is not a docstring."""
    return x


def escapes():
    "Tab\tand newline\n escapes."


def concatenated():
    "Implicitly " "concatenated."


def one_liner(): "Docstring on the def line."


class Documented:
    '''Class docstring in single-quote triples.'''

    def method(self):
        """Method docstring."""


class Undocumented:
    value = "not a docstring"
