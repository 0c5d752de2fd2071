# Constructs that add nothing to mccabe 0.7's complexity: boolean operators, conditional
# expressions, comprehensions, lambdas, with blocks, assert, and everything inside match cases.


def booleans(a, b, c):
    return a and b or not c


def conditional_expression(x):
    y = 1 if x else 2
    return y if y > 1 else (0 if x else -1)


def comprehension_filters(rows):
    return [r for r in rows if r if r > 1], {k: v for k, v in rows.items() if v}


def lambdas(items):
    return sorted(items, key=lambda i: i if i else 0)


def with_blocks(path):
    with open(path) as a, open(path) as b:
        with a:
            return a.read() + b.read()


def asserts(x):
    assert x, "x must be set"
    assert x > 0 or x < -1
    return x


def match_statement(command):
    match command.split():
        case [action]:
            if action == "go":
                return 1
            for _ in range(3):
                pass
        case [action, obj] if obj:
            while obj:
                obj = obj[1:]
        case _:
            return 0


def match_then_if(value):
    match value:
        case 1:
            pass
    if value:
        return 1
    return 0


def try_star(f):
    try:
        f()
    except* ValueError:
        pass
    except* TypeError:
        if f:
            pass
