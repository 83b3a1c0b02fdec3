"""Small real files for the trainer's tests."""

import json
import os
import tempfile

TRAINER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(TRAINER_DIR)


def example(i, sql="SELECT count(*) FROM singer", tokens=None):
    record = {
        "messages": [
            {"role": "system", "content": "You are a SQLite expert."},
            {"role": "user", "content": "Database schema:\nsinger(id PK, name)\n\nQuestion: question %d" % i},
            {"role": "assistant", "content": sql},
        ],
        "db_id": "concert_singer",
        "index": i,
    }
    if tokens is not None:
        record["tokens"] = tokens
    return record


def write_jsonl(directory, records, name="train.jsonl"):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return path


def write_config(directory, **fields):
    cfg = {"model": "Qwen/Qwen2.5-Coder-1.5B-Instruct", "dataset": "train.jsonl", "output_dir": "out"}
    cfg.update(fields)
    path = os.path.join(directory, "run.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cfg, f)
    return path


class TempDir:
    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="t2sql-trainer-")
        return self._tmp.name

    def __exit__(self, *exc):
        self._tmp.cleanup()
