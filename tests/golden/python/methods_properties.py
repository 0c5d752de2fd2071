# Methods of every flavour: plain, staticmethod, classmethod, and a property whose getter,
# setter and deleter share one name (three rows with the same qualified name).


class Account:
    """A class whose methods come in every flavour."""

    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance

    def deposit(self, amount):
        self._balance += amount
        return self._balance

    @staticmethod
    def validate(amount):
        return amount > 0

    @classmethod
    def create(cls, owner):
        cls.count += 1
        return cls(owner)

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative")
        self._balance = value

    @balance.deleter
    def balance(self):
        del self._balance


def plain(x):
    return x
