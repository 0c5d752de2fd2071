import os.path
from helpers import util as u

def outer(x):
    def inner(y):
        return len(y)
    print(inner(x), os.path.join("a", "b"))
    return f(x)(1)

class C:
    z = compute()
    def m(self):
        self.helper(u(1))

run()
