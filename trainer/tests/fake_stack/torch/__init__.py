import os

__version__ = "0.0-fake"

# Native code writes to file descriptor 1 directly, past sys.stdout.
os.write(1, b"{fake torch: native banner}\n")
bfloat16 = "bfloat16"
float16 = "float16"


class version:
    cuda = "12.8-fake"


def tensor(value):
    return value


from . import cuda  # noqa: E402
