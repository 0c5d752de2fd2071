def first():  # the file starts with a UTF-8 byte order mark, which Python skips
    return 1


class Second:
    pass
