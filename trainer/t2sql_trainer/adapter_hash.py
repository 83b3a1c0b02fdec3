"""An adapter's content hash, computed exactly as t2sql's src/generate/hashAdapter.ts does.

sha256 over lines `<relative path>\\0<sha256 hex of the file>\\n`, files sorted by relative path
(in UTF-16 code-unit order, as JavaScript sorts strings), symlinks followed, directories recursed;
a single file hashes as one line with an empty path.
"""

import hashlib
import os


def _file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _list_files(directory, prefix=""):
    out = []
    for name in os.listdir(directory):
        rel = prefix + "/" + name if prefix else name
        full = os.path.join(directory, name)
        if os.path.isdir(full):  # follows symlinks, as fs.statSync does
            out.extend(_list_files(full, rel))
        elif os.path.isfile(full):
            out.append(rel)
    return out


def _js_order(s):
    return s.encode("utf-16-be", "surrogatepass")


def hash_adapter(adapter_path):
    if os.path.isdir(adapter_path):
        files = sorted(_list_files(adapter_path), key=_js_order)
        if not files:
            raise ValueError("adapter %s holds no files" % adapter_path)
    else:
        os.stat(adapter_path)
        files = [""]
    h = hashlib.sha256()
    for rel in files:
        full = adapter_path if rel == "" else os.path.join(adapter_path, rel)
        h.update(("%s\0%s\n" % (rel, _file_sha256(full))).encode("utf-8"))
    return h.hexdigest()
