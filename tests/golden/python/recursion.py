# cognitive complexity: +1 once for a function that calls itself (directly); mutual recursion
# and a call to another function of the same name are not seen


def fact(n):
    if n <= 1:  # +1
        return 1
    return n * fact(n - 1) * fact(0)  # +1 once


class Tree:
    def size(self, node):
        return 1 + self.size(node.left)  # +1: through self

    def walk(self):
        return walk()  # a plain call in a method is the module's walk: nothing


def even(n):
    return odd(n - 1)  # mutual recursion: nothing


def odd(n):
    return even(n - 1)


def outer():
    def inner():
        return outer()  # inner's call, not outer's
    return inner
