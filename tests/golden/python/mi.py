"""LLOC and the maintainability index as radon 5.1 counts them
(this docstring's two lines are comment lines)."""
import os  # an inline comment is a comment line too


def colons(d, xs):
    # a colon before a line's last token counts that line twice
    if d: return d[1:]
    y = {1: 2}; z = 3
    w = (1 +
         2)
    s = 1 + \
        2
    return lambda q: q


def decisions(a, b):
    """radon's complexity term: if, boolean operators, loops with else, except and try's else,
    comprehensions, conditional expressions and assert (not what it asserts)"""
    if a and b or not a:
        pass
    for i in a:
        pass
    else:
        pass
    try:
        pass
    except ValueError:
        pass
    else:
        pass
    assert a and b
    return [x for x in a if x] if b else f"{[y for y in b if y]}"


class C:
    flag = 1 if os else 2

    def method(self):
        def nested():
            if self:
                return 1
        return nested


empty_volume = 1


def empty_strings(s):
    # '' and "" are one operand, the empty string: radon's h1 h2 N1 N2 are 3 4 3 6
    return s == '' or s != ""


def concatenated(s):
    # 'x' 'y' is the string 'xy', one operand with the 'xy' after it: h1 h2 N1 N2 are 2 4 3 6
    return s == 'x' 'y' or s == 'xy'


class Based(object if os else int):
    # radon visits only a def's body: the bases' and the default's conditionals count nowhere
    def header(self, a=1 if os else 2):
        return a
