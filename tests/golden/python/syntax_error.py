# A syntax error: definitions tree-sitter recovers still appear; parse_error_line is the line
# of the first error (line 11 here, where Python reports "'(' was never closed").

import os


def before(a):
    return a


def broken(x:
    return x


class Survivor:
    def method(self):
        return 1


def after(b)
    return b ++


def last():
    return 2
