# Lambdas bound to names are expressions, not definitions: they make no function rows.
square = lambda x: x * x
add = lambda a, b=1: a + b
key = lambda *args, **kw: (args, kw)


def uses_lambdas(items):
    by_len = sorted(items, key=lambda s: len(s))
    pick = lambda i: items[i] if i < len(items) else None
    return by_len, pick


def comprehensions(rows):
    evens = [r for r in rows if r % 2 == 0]
    pairs = {r: r * r for r in rows if r if r > 1}
    unique = {r for r in rows for _ in range(2)}
    total = sum(r for r in rows if r)
    nested = [[c for c in range(r) if c] for r in rows if r > 0]
    return evens, pairs, unique, total, nested


class Holder:
    handler = lambda self: None
    table = {name: (lambda n=name: n) for name in ("a", "b")}
