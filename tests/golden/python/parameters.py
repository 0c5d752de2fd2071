# Every parameter kind: positional-only, keyword-only, *args, **kwargs, defaults, annotations.
# parameters lists the names only (no * or **); param_count is how many there are.


def none():
    pass


def positional_only(a, b, /, c):
    pass


def keyword_only(a, *, b, c=3):
    pass


def star_args(*args, **kwargs):
    pass


def defaults(a=1, b="two", c=None, d=(1, 2)):
    pass


def annotated(a: int, b: str = "x", *args: int, c: float, d: bool = False, **kw: object) -> None:
    pass


def everything(p1, p2=2, /, n1=3, *rest: tuple, k1, k2: int = 5, **extra):
    pass


def multi_line(
    first,
    second: int = 2,  # a comment between parameters
    *,
    third,
):
    pass


class Methods:
    def method(self, x, /, y=None, *a, z, **k):
        pass

    @classmethod
    def klass(cls, *, flag=False):
        pass
