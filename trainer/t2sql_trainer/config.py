"""The run config (run.json): defaults filled and every field checked in one place."""

import hashlib
import json
import math
import os

from .errors import TrainerError

DEFAULT_TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

DEFAULTS = {
    "method": "lora",  # "lora" (bf16/fp16 base) or "qlora" (4-bit NF4 base)
    "dtype": "bf16",  # compute dtype: "bf16" or "fp16"
    "lora": {"r": 16, "alpha": 32, "dropout": 0.05, "target_modules": DEFAULT_TARGET_MODULES},
    "learning_rate": 2e-4,
    "lr_scheduler": "cosine",
    "warmup_ratio": 0.03,
    "weight_decay": 0.0,
    "epochs": 1.0,
    "max_steps": None,  # overrides epochs when set
    "batch_size": 4,  # per device
    "grad_accum": 4,
    "max_length": 2048,
    "seed": 42,
    "gradient_checkpointing": True,
    "logging_steps": 10,
    "save_steps": 200,
    "save_total_limit": None,  # None keeps every checkpoint (needed to score them)
    "backend": "auto",  # "auto" (unsloth if importable), "unsloth" or "transformers"
    "model_params": None,  # parameter count, for --dry-run when the model is not a local folder
    "gpu_memory_gb": None,  # memory to plan for in --dry-run (default: the study's 24 GB card)
}

SCHEDULERS = ("linear", "cosine", "constant", "constant_with_warmup")
REQUIRED = ("model", "dataset", "output_dir")
KNOWN = set(REQUIRED) | set(DEFAULTS)
LORA_KNOWN = {"r", "alpha", "dropout", "target_modules"}


def _bad(message, field=None):
    raise TrainerError("config", message, field=field)


def _number(cfg, key, lo, hi, integer=False, lo_open=False, within=""):
    """Checks cfg[key]; `within` is the path of the object holding it ("lora."), for the message."""
    value, name = cfg[key], within + key
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        _bad("%s must be %s, got %s" % (name, "an integer" if integer else "a number", json.dumps(value)), name)
    if not math.isfinite(value):  # json.load reads NaN and Infinity, and every comparison with NaN is false
        _bad("%s must be a finite number, got %s" % (name, json.dumps(value)), name)
    if value < lo or value > hi or (lo_open and value == lo):
        _bad("%s must be %s %s to %s, got %s" % (name, "from (exclusive)" if lo_open else "from", lo, hi, value), name)


def validate(raw, base_dir="."):
    """A complete, checked config from the parsed run.json; paths resolved against `base_dir`."""
    if not isinstance(raw, dict):
        _bad("the config must be a JSON object")
    unknown = sorted(set(raw) - KNOWN)
    if unknown:
        _bad("unknown field%s %s (known: %s)" % ("s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(sorted(KNOWN))), unknown[0])
    for key in REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            _bad("%s is required (a non-empty string)" % key, key)
    cfg = dict(DEFAULTS)
    cfg.update({k: v for k, v in raw.items() if k != "lora"})
    lora = dict(DEFAULTS["lora"])
    if "lora" in raw:
        if not isinstance(raw["lora"], dict):
            _bad("lora must be an object with r, alpha, dropout, target_modules", "lora")
        bad_lora = sorted(set(raw["lora"]) - LORA_KNOWN)
        if bad_lora:
            _bad("unknown lora field %s (known: %s)" % (", ".join(bad_lora), ", ".join(sorted(LORA_KNOWN))), "lora." + bad_lora[0])
        lora.update(raw["lora"])
    cfg["lora"] = lora

    if cfg["method"] not in ("lora", "qlora"):
        _bad("method must be lora or qlora, got %s" % json.dumps(cfg["method"]), "method")
    if cfg["dtype"] not in ("bf16", "fp16"):
        _bad("dtype must be bf16 or fp16, got %s" % json.dumps(cfg["dtype"]), "dtype")
    if cfg["backend"] not in ("auto", "unsloth", "transformers"):
        _bad("backend must be auto, unsloth or transformers, got %s" % json.dumps(cfg["backend"]), "backend")
    if cfg["lr_scheduler"] not in SCHEDULERS:
        _bad("lr_scheduler must be one of %s, got %s" % (", ".join(SCHEDULERS), json.dumps(cfg["lr_scheduler"])), "lr_scheduler")
    _number(lora, "r", 1, 1024, integer=True, within="lora.")
    _number(lora, "alpha", 0, 1e6, lo_open=True, within="lora.")
    _number(lora, "dropout", 0, 0.9, within="lora.")
    mods = lora["target_modules"]
    if not isinstance(mods, list) or not mods or not all(isinstance(m, str) and m for m in mods) or len(set(mods)) != len(mods):
        _bad("lora.target_modules must be a non-empty list of distinct module names", "lora.target_modules")
    _number(cfg, "learning_rate", 0, 1, lo_open=True)
    _number(cfg, "warmup_ratio", 0, 1)
    _number(cfg, "weight_decay", 0, 1)
    _number(cfg, "epochs", 0, 1000, lo_open=True)
    if cfg["max_steps"] is not None:
        _number(cfg, "max_steps", 1, 10**9, integer=True)
    _number(cfg, "batch_size", 1, 4096, integer=True)
    _number(cfg, "grad_accum", 1, 4096, integer=True)
    _number(cfg, "max_length", 16, 1 << 20, integer=True)
    _number(cfg, "seed", 0, 2**32 - 1, integer=True)
    _number(cfg, "logging_steps", 1, 10**9, integer=True)
    _number(cfg, "save_steps", 1, 10**9, integer=True)
    if cfg["save_total_limit"] is not None:
        _number(cfg, "save_total_limit", 1, 10**6, integer=True)
    if not isinstance(cfg["gradient_checkpointing"], bool):
        _bad("gradient_checkpointing must be true or false", "gradient_checkpointing")
    if cfg["model_params"] is not None:
        _number(cfg, "model_params", 1, 1e13)
    if cfg["gpu_memory_gb"] is not None:
        _number(cfg, "gpu_memory_gb", 0, 1e5, lo_open=True)

    cfg["dataset"] = os.path.normpath(os.path.join(base_dir, cfg["dataset"]))
    cfg["output_dir"] = os.path.normpath(os.path.join(base_dir, cfg["output_dir"]))
    local_model = os.path.join(base_dir, cfg["model"])
    if cfg["model"].startswith((".", "/")) or os.path.isdir(local_model):
        cfg["model"] = os.path.normpath(local_model)
    return cfg


def load(path):
    """Reads and validates run.json; a missing or malformed file is a config error naming it."""
    try:
        with open(path, "r", encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        _bad("%s: no such config file" % path)
    except json.JSONDecodeError as e:
        _bad("%s:%d:%d: not valid JSON (%s)" % (path, e.lineno, e.colno, e.msg))
    try:
        return validate(raw, os.path.dirname(os.path.abspath(path)))
    except TrainerError as e:
        raise e.in_file(path) from None


def config_hash(cfg):
    """Identity of what a run trains: resuming a checkpoint needs the same hash."""
    what = {k: v for k, v in cfg.items() if k not in ("logging_steps", "save_steps", "save_total_limit", "gpu_memory_gb", "model_params", "backend")}
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode("utf-8")).hexdigest()
