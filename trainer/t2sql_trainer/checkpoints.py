"""Where a run keeps its checkpoints, and which one a restarted run resumes from."""

import json
import os
import re

from .errors import TrainerError

RUN_CONFIG_FILE = "run-config.json"
CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")


def layout(output_dir):
    return {
        "root": output_dir,
        "adapter": os.path.join(output_dir, "adapter"),
        "metadata": os.path.join(output_dir, "metadata.json"),
        "run_config": os.path.join(output_dir, RUN_CONFIG_FILE),
        "snapshots": os.path.join(output_dir, "checkpoint-adapters"),
    }


def checkpoints(output_dir):
    """[(step, path)] of complete checkpoints (holding trainer_state.json), oldest first."""
    if not os.path.isdir(output_dir):
        return []
    out = []
    for name in os.listdir(output_dir):
        m = CHECKPOINT.match(name)
        path = os.path.join(output_dir, name)
        if m and os.path.isfile(os.path.join(path, "trainer_state.json")):
            out.append((int(m.group(1)), path))
    return sorted(out)


def resume_point(output_dir, cfg_hash):
    """The latest checkpoint to resume from (None for a fresh run). A folder holding another
    config's checkpoints is a config error: resuming would mix two runs."""
    found = checkpoints(output_dir)
    run_config = layout(output_dir)["run_config"]
    if os.path.isfile(run_config):
        with open(run_config, "r", encoding="utf-8") as f:
            old = json.load(f).get("config_hash")
        if old != cfg_hash and found:
            raise TrainerError("checkpoint_mismatch", "%s holds checkpoints of a run with other settings; choose another output_dir or delete it" % output_dir)
    return found[-1][1] if found else None


def record_run_config(output_dir, cfg, cfg_hash):
    os.makedirs(output_dir, exist_ok=True)
    path = layout(output_dir)["run_config"]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"config_hash": cfg_hash, "config": cfg}, f, indent=2, sort_keys=True)
    os.replace(tmp, path)
