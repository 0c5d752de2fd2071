# Cognitive complexity (SonarSource's rule, schema/README.md "cognitive"); expected figure per function.


def flat(a, b):  # 0
    return a + b


def branches(x, items):  # 9: if 1, elif 1, else 1, for (nested 1) 2, if (nested 2) 3, and 1
    if x:
        return 1
    elif x is None:
        return 2
    else:
        for i in items:
            if i and x:
                return i
    return 0


def sequences(a, b, c, d):  # 4: and/or/and 3, conditional expression 1
    ok = a and b or c and d
    return 1 if ok else 2


def handlers(f):  # 4: except 1, except 1, while 1 (the else of a try adds nothing), and 1
    try:
        f()
    except ValueError:
        pass
    except KeyError:
        pass
    else:
        while f:
            f = not (f and f)
    return f


def outer(xs):  # 1: the if; the lambda's and the inner function's increments are theirs
    key = lambda x: 1 if x else 0
    if xs:
        def inner(y):  # 2: if 1, or 1
            if y or xs:
                return y
        return inner
    return sorted(xs, key=key)


def matcher(v):  # 3: match 1, if inside a case (nested) 2
    match v:
        case 1:
            if v:
                return 1
        case _:
            return 0
