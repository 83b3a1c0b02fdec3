import os

__version__ = "0.0-fake"
bfloat16 = "bfloat16"
float16 = "float16"


class version:
    cuda = "12.8-fake"


def tensor(value):
    return value


from . import cuda  # noqa: E402
