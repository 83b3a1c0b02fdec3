import os


class OutOfMemoryError(RuntimeError):
    pass


def is_available():
    return os.environ.get("FAKE_STACK_MODE", "ok") != "nocuda"


def device_count():
    return 1


class _Props:
    name = "Fake GPU"
    total_memory = 24 * 1024 ** 3
    major, minor = 8, 9


def get_device_properties(_index):
    return _Props()
