"""The progress protocol: one JSON object per line on stdout, each with an "event" field.

Events (see trainer/README.md): plan, start, progress, checkpoint, done, stopped, error.
Nothing else is written to stdout; human-readable text goes to stderr.
"""

import json
import math
import sys

PROTOCOL_VERSION = 1

EVENTS = ("plan", "start", "progress", "checkpoint", "done", "stopped", "error")


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
    out = stream or sys.stdout
    out.write(encode(event, **fields) + "\n")
    out.flush()


def progress_fields(step, total_steps, loss, learning_rate, tokens_seen, elapsed_seconds, epoch):
    """The fields of a `progress` event: throughput and ETA from what has been done so far."""
    tokens_per_second = tokens_seen / elapsed_seconds if elapsed_seconds > 0 else 0.0
    eta = (total_steps - step) * (elapsed_seconds / step) if step > 0 else None
    return {
        "step": step,
        "total_steps": total_steps,
        "epoch": round(epoch, 4) if epoch is not None else None,
        "loss": loss,
        "learning_rate": learning_rate,
        "tokens_per_second": round(tokens_per_second, 1),
        "eta_seconds": round(eta, 1) if eta is not None else None,
    }
