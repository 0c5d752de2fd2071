# Latin-1 bytes without a coding cookie: café crème brûlée (not valid UTF-8).


def greet(name="José"):
    """Salut à toi, %s."""
    return "Ça va, " + name  # © 1999


@label("µs")
class Menu:
    "Entrée, plat, dessert."

    def price(self):
        return "12 ¤"
