# Definitions end on the last line of their last statement (ast's end_lineno): comments after it
# belong to no definition, whether indented like the body or not.


def indented(x):
    y = x + 1
    return y  # a comment on the last line: the end column is the statement's
    # an indented comment after the last statement

    # another, after a blank line


def dedented():
    pass
# a comment at column 0 right after the body


class Holder:
    def method(self):
        return [
            1,
            2,
        ]
        # trailing comment of the method

    # trailing comment of the class body


def last():
    if True:
        pass
        # inside the if block, after its last statement
