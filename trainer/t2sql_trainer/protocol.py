"""The progress protocol: one JSON object per line on stdout, each with an "event" field.

Events (see trainer/README.md): plan, start, progress, checkpoint, done, stopped, error.
Nothing else is written to stdout; human-readable text goes to stderr.
"""

import json
import math
import os
import sys

PROTOCOL_VERSION = 1

EVENTS = ("plan", "start", "progress", "checkpoint", "done", "stopped", "error")

_out = {"stream": None}  # where events go once claim_stdout() has run; before, sys.stdout


def encode(event, **fields):
    """One protocol line (without the newline). Non-finite floats become null (JSON has no NaN)."""
    if event not in EVENTS:
        raise ValueError("unknown event %r" % (event,))
    record = {"event": event, "protocol": PROTOCOL_VERSION}
    for key, value in fields.items():
        record[key] = _finite(value)
    return json.dumps(record, sort_keys=False, ensure_ascii=False, allow_nan=False)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def emit(event, stream=None, **fields):
    out = stream or _out["stream"] or sys.stdout
    out.write(encode(event, **fields) + "\n")
    out.flush()


def claim_stdout():
    """Keeps stdout for protocol lines: events go on to a duplicate of file descriptor 1, while fd 1
    itself and sys.stdout now point at stderr, so whatever libraries print there (banners, the
    transformers Trainer's log dicts), from Python or from C, ends up in the log instead."""
    if _out["stream"] is not None:
        return
    sys.stdout.flush()
    _out["stream"] = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def progress_fields(step, total_steps, loss, learning_rate, tokens_seen, elapsed_seconds, epoch, steps_done):
    """The fields of a `progress` event: throughput and ETA from what this process has done so far.
    `steps_done` is the steps it trained in `elapsed_seconds`: fewer than `step` after a resume."""
    tokens_per_second = tokens_seen / elapsed_seconds if elapsed_seconds > 0 else 0.0
    eta = (total_steps - step) * (elapsed_seconds / steps_done) if steps_done > 0 else None
    return {
        "step": step,
        "total_steps": total_steps,
        "epoch": round(epoch, 4) if epoch is not None else None,
        "loss": loss,
        "learning_rate": learning_rate,
        "tokens_per_second": round(tokens_per_second, 1),
        "eta_seconds": round(eta, 1) if eta is not None else None,
    }
