"""Checks of the SFT JSONL (t2sql train data) before anything is loaded onto a GPU."""

import hashlib
import json
import os

from .errors import TrainerError

ROLES = ("system", "user", "assistant")


def _bad(path, line, message):
    raise TrainerError("dataset", "%s:%d: %s" % (path, line, message))


def check_example(record, path, line):
    """The example's token count (None when the line does not say) after checking its shape."""
    if not isinstance(record, dict):
        _bad(path, line, "expected a JSON object")
    messages = record.get("messages")
    if not isinstance(messages, list) or len(messages) < 2:
        _bad(path, line, "messages must be a list of at least a user and an assistant turn")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            _bad(path, line, "messages[%d] must be {role: system|user|assistant, content: string}" % i)
        if m["role"] == "system" and i != 0:
            _bad(path, line, "only the first message may be a system message")
    turns = [m["role"] for m in messages if m["role"] != "system"]
    if any(role != ("user" if i % 2 == 0 else "assistant") for i, role in enumerate(turns)) or turns[-1] != "assistant":
        _bad(path, line, "turns must alternate user, assistant and end with the assistant's answer")
    if not messages[-1]["content"].strip():
        _bad(path, line, "the assistant's answer (the gold SQL) is empty")
    if not isinstance(record.get("db_id"), str) or not isinstance(record.get("index"), int):
        _bad(path, line, "db_id (string) and index (integer) are required")
    tokens = record.get("tokens")
    if tokens is not None and (isinstance(tokens, bool) or not isinstance(tokens, int) or tokens <= 0):
        _bad(path, line, "tokens must be a positive integer")
    return tokens


def estimate_tokens(record):
    """Rough count for lines without `tokens`: UTF-8 bytes / 3 plus 5 template tokens per message."""
    return sum(len(m["content"].encode("utf-8")) // 3 + 5 for m in record["messages"])


def read_dataset(path, load_records=False):
    """Shape-checks every line; returns counts, token lengths and the file's sha256."""
    if not os.path.isfile(path):
        raise TrainerError("dataset", "%s: no such dataset (build it with `t2sql train data`)" % path)
    h = hashlib.sha256()
    lengths = []
    estimated = 0
    records = [] if load_records else None
    with open(path, "rb") as f:
        for line_no, raw in enumerate(f, start=1):
            h.update(raw)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                _bad(path, line_no, "not valid JSON (%s)" % e)
            tokens = check_example(record, path, line_no)
            if tokens is None:
                tokens = estimate_tokens(record)
                estimated += 1
            lengths.append(tokens)
            if records is not None:
                records.append(record)
    if not lengths:
        raise TrainerError("dataset", "%s: the dataset holds no examples" % path)
    sha = h.hexdigest()
    manifest_path = os.path.join(os.path.dirname(path), "manifest.json")
    manifest_sha = None
    if os.path.isfile(manifest_path):
        try:
            with open(manifest_path, "r", encoding="utf-8") as f:
                manifest_sha = json.load(f).get("sha256")
        except (OSError, ValueError, AttributeError):
            manifest_sha = None
        if manifest_sha is not None and manifest_sha != sha:
            raise TrainerError("dataset", "%s: sha256 %s differs from its manifest's %s (rebuild it with `t2sql train data`)" % (path, sha[:12], str(manifest_sha)[:12]))
    return {"path": path, "sha256": sha, "examples": len(lengths), "lengths": lengths, "estimated": estimated, "records": records, "manifest_checked": manifest_sha is not None}
