# Cyclomatic complexity by mccabe 0.7 rules: each if/elif, loop and nested def adds 1; a try
# adds 1 plus 1 per except handler; loop and if else-branches add 0; finally bodies are not seen.


def straight(a):
    return a


def if_elif_else(x):
    if x < 0:
        return -1
    elif x == 0:
        return 0
    elif x < 10:
        return 1
    else:
        return 2


def else_if_spelled_out(x):
    if x:
        return 1
    else:
        if x is None:
            return 2
    return 3


def loops_with_else(items):
    for i in items:
        if i:
            break
    else:
        pass
    while items:
        items.pop()
    else:
        pass
    return items


def try_everything(f):
    try:
        f()
    except ValueError:
        pass
    except (TypeError, KeyError) as e:
        print(e)
    except Exception:
        raise
    else:
        if f:
            pass
    finally:
        if f:
            pass
        for _ in range(3):
            pass
    return f


def try_finally_only(f):
    try:
        f()
    finally:
        f.close()


def nested_def_adds_one(x):
    def helper(y):
        if y:
            return y
        return 0

    return helper(x)


def closure_in_finally(f):
    try:
        return f()
    finally:
        def cleanup():
            if f:
                pass
        cleanup()


def class_in_function():
    class Local:
        if True:
            flag = 1

        def method(self):
            for _ in range(2):
                pass

    return Local


def deep_nesting(a, b, c):
    for i in a:
        while b:
            if c:
                with open(i) as fh:
                    try:
                        fh.read()
                    except OSError:
                        pass
    return a


async def async_loops(source):
    async for item in source:
        if item:
            yield item
