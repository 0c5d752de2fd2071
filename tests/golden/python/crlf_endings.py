# Lines end with CR LF.
import os


def joined(a, b):
    """Docstring on a CRLF line."""
    if a:
        return os.path.join(a, b)
    return b


class Windows:
    def method(self):
        """
        First line blank, CRLF.
        """
        return 1
