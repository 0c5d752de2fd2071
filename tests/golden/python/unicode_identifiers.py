# Non-ASCII identifiers: columns are counted in bytes of UTF-8, like tree-sitter and Python's ast.


def größe(länge, breite=1):
    """Fläche in m²."""
    return länge * breite


class Café:
    def crème(self, ñ):
        return ñ

    def 名前(self):
        return "名前"


def π():
    return 3.14159


λ = lambda x: x
