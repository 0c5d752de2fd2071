# Halstead counts (schema/README.md "Halstead"): each function's h1, h2, N1, N2 equal what
# `radon hal -f -j` 5.1 reports for it (checked when this case was written; nested ones radon
# does not report follow the same rule).
import functools


@functools.lru_cache(maxsize=1 + 2)  # decorators and defaults count nowhere
def chained(a, b, c=-1):
    if a < b <= c and not a or -a:  # < <= and not - (unary), operands a b c a a
        return a and b and c  # one `and` of three operands
    return (a) + (b)  # parentheses are transparent


def values(x):
    x += 1  # `+=` is the operator `+`
    y = x + 1.0 + True  # 1, 1.0 and True are one operand
    z = x.real - self.real  # both `real`
    return f"{x}" + f"{x}" + "s" + 's'  # f-strings differ, "s" and 's' do not


def outer(n):
    def inner(m=n * 2):  # the default of a nested function counts nowhere
        return m * n  # `n` here is inner's, not outer's
    return n * inner()


class K:
    def method(self, v):
        return self.v != v or v is not None
