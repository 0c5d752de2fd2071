"""Nested functions three levels deep, and classes nested in classes and in functions."""


def outer(a):
    x = a

    def middle(b):
        y = b

        def inner(c):
            return c + y

        return inner(x)

    return middle(a)


class Outer:
    class Middle:
        class Inner:
            def deep(self):
                return 3

        def mid(self):
            return 2

    def top(self):
        class Local:
            def local_method(self):
                return 1

        return Local


def factory():
    class Made:
        def method(self):
            def helper():
                return 0
            return helper()

    return Made
