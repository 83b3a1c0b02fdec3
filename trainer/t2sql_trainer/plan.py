"""The training plan: steps, tokens and an estimate of GPU memory, from the config and the data
alone (no torch). The estimate is for the longest batch (every sequence padded to the longest
example kept), so real use is usually lower."""

import json
import math
import os
import re

GIB = 1024 ** 3

# Published configs of the Qwen2.5 (and Qwen2.5-Coder) sizes, so a plan needs no download.
QWEN25_SHAPES = {
    "0.5": dict(hidden=896, layers=24, heads=14, kv_heads=2, intermediate=4864, vocab=151936, tied=True),
    "1.5": dict(hidden=1536, layers=28, heads=12, kv_heads=2, intermediate=8960, vocab=151936, tied=True),
    "3": dict(hidden=2048, layers=36, heads=16, kv_heads=2, intermediate=11008, vocab=151936, tied=True),
    "7": dict(hidden=3584, layers=28, heads=28, kv_heads=4, intermediate=18944, vocab=152064, tied=False),
    "14": dict(hidden=5120, layers=48, heads=40, kv_heads=8, intermediate=13824, vocab=152064, tied=False),
    "32": dict(hidden=5120, layers=64, heads=40, kv_heads=8, intermediate=27648, vocab=152064, tied=False),
}

STUDY_GPU_GB = 24.0  # the study's RTX 4090


def model_shape(model, model_params=None):
    """(shape, source) for a local folder's config.json, a known Qwen2.5 id, or a parameter count."""
    config_file = os.path.join(model, "config.json")
    if os.path.isfile(config_file):
        with open(config_file, "r", encoding="utf-8") as f:
            c = json.load(f)
        return dict(
            hidden=c["hidden_size"], layers=c["num_hidden_layers"], heads=c["num_attention_heads"],
            kv_heads=c.get("num_key_value_heads", c["num_attention_heads"]), intermediate=c["intermediate_size"],
            vocab=c["vocab_size"], tied=bool(c.get("tie_word_embeddings", False)),
        ), "config.json"
    m = re.search(r"qwen2\.5(?:-coder)?-(\d+(?:\.\d+)?)b", model.lower())
    if m and m.group(1) in QWEN25_SHAPES:
        return dict(QWEN25_SHAPES[m.group(1)]), "qwen2.5-%sb" % m.group(1)
    if model_params:
        layers = 32
        hidden = int(math.sqrt(model_params / (12 * layers)) // 128 * 128) or 128
        return dict(hidden=hidden, layers=layers, heads=max(1, hidden // 128), kv_heads=max(1, hidden // 128),
                    intermediate=4 * hidden, vocab=152064, tied=False), "model_params"
    return None, None


def _dims(shape):
    head_dim = shape["hidden"] // shape["heads"]
    kv = shape["kv_heads"] * head_dim
    h, i = shape["hidden"], shape["intermediate"]
    # (in, out) of each projection a LoRA can target
    return {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
            "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}


def parameter_counts(shape, lora_r, target_modules):
    dims = _dims(shape)
    linear = shape["layers"] * sum(a * b for a, b in dims.values())
    embed = shape["vocab"] * shape["hidden"] * (1 if shape["tied"] else 2)
    trainable = shape["layers"] * sum(lora_r * (dims[m][0] + dims[m][1]) for m in target_modules if m in dims)
    return {"linear": linear, "embedding": embed, "total": linear + embed, "trainable": trainable}


def estimate_memory(shape, method, lora_r, target_modules, batch_size, seq_len, gradient_checkpointing=True):
    """GiB the run needs at its longest batch, by part."""
    p = parameter_counts(shape, lora_r, target_modules)
    if method == "qlora":
        weights = p["linear"] * 0.53 + p["embedding"] * 2  # NF4 + double-quantised scales; embeddings stay 16-bit
    else:
        weights = p["total"] * 2
    adapter = p["trainable"] * 16  # fp32 weights + grads + two Adam moments
    tokens = batch_size * seq_len
    h, layers = shape["hidden"], shape["layers"]
    per_layer = 34 * tokens * h  # 16-bit activations of one transformer layer (flash/SDPA attention)
    activations = (2 * tokens * h * layers + per_layer) if gradient_checkpointing else per_layer * layers
    logits = tokens * shape["vocab"] * 6  # 16-bit logits, fp32 upcast for the loss
    overhead = 1.0 * GIB + 0.1 * (weights + adapter + activations + logits)
    parts = {"weights": weights, "adapter_and_optimizer": adapter, "activations": activations, "logits": logits, "overhead": overhead}
    gib = {k: round(v / GIB, 2) for k, v in parts.items()}
    gib["total"] = round(sum(parts.values()) / GIB, 2)
    return gib


def suggestions(cfg, shape, gpu_gb, lengths):
    """Settings that would fit in `gpu_gb`, cheapest change first, each with its estimate."""
    out = []
    longest = max(lengths) if lengths else cfg["max_length"]

    def est(method, batch, max_len):
        seq = min(max_len, longest)
        return estimate_memory(shape, method, cfg["lora"]["r"], cfg["lora"]["target_modules"], batch, seq, cfg["gradient_checkpointing"])["total"]

    def add(text, method, batch, max_len):
        total = est(method, batch, max_len)
        if total <= gpu_gb * 0.95:
            dropped = sum(1 for n in lengths if n > max_len)
            out.append("%s (est. %.1f GiB%s)" % (text, total, "; drops %d longer examples" % dropped if dropped else ""))

    batch, accum = cfg["batch_size"], cfg["grad_accum"]
    if cfg["method"] == "lora":
        add("method=qlora (--qlora)", "qlora", batch, cfg["max_length"])
    b = batch
    while b > 1:
        b //= 2
        for method in ([cfg["method"]] + (["qlora"] if cfg["method"] == "lora" else [])):
            add("batch_size=%d grad_accum=%d%s" % (b, batch * accum // b, " method=qlora" if method != cfg["method"] else ""), method, b, cfg["max_length"])
    ml = cfg["max_length"]
    while ml > 256:
        ml //= 2
        add("max_length=%d" % ml, cfg["method"], batch, ml)
        add("max_length=%d batch_size=1 grad_accum=%d method=qlora" % (ml, batch * accum), "qlora", 1, ml)
    seen = set()
    return [s for s in out if not (s in seen or seen.add(s))][:4]


def make_plan(cfg, data, gpu_gb=None):
    """The plan --dry-run prints; `data` is dataset.read_dataset's result."""
    lengths = data["lengths"]
    kept = [n for n in lengths if n <= cfg["max_length"]]
    over = len(lengths) - len(kept)
    effective_batch = cfg["batch_size"] * cfg["grad_accum"]
    steps_per_epoch = math.ceil(len(kept) / effective_batch) if kept else 0
    total_steps = cfg["max_steps"] if cfg["max_steps"] is not None else math.ceil(steps_per_epoch * cfg["epochs"])
    epochs = total_steps / steps_per_epoch if steps_per_epoch else 0
    tokens_per_epoch = sum(kept)
    shape, shape_source = model_shape(cfg["model"], cfg["model_params"])
    gpu = gpu_gb or cfg["gpu_memory_gb"] or STUDY_GPU_GB
    plan = {
        "model": cfg["model"],
        "method": cfg["method"],
        "backend": cfg["backend"],
        "dataset": {"path": data["path"], "sha256": data["sha256"], "examples": data["examples"],
                    "tokens_estimated_for": data["estimated"], "manifest_checked": data["manifest_checked"]},
        "examples": len(kept),
        "over_max_length": {"max_length": cfg["max_length"], "count": over, "note": "left out, not truncated" if over else None},
        "effective_batch": effective_batch,
        "steps_per_epoch": steps_per_epoch,
        "total_steps": total_steps,
        "epochs": round(epochs, 4),
        "checkpoints": total_steps // cfg["save_steps"],
        "tokens": {"per_epoch": tokens_per_epoch, "total": int(round(tokens_per_epoch * epochs)), "longest": max(kept) if kept else 0},
        "memory": None,
    }
    if shape is None:
        plan["memory"] = {"estimate_gib": None, "note": "unknown model size: set model_params in the config (or use a local folder with config.json)"}
        return plan
    seq = min(cfg["max_length"], plan["tokens"]["longest"] or cfg["max_length"])
    mem = estimate_memory(shape, cfg["method"], cfg["lora"]["r"], cfg["lora"]["target_modules"], cfg["batch_size"], seq, cfg["gradient_checkpointing"])
    counts = parameter_counts(shape, cfg["lora"]["r"], cfg["lora"]["target_modules"])
    fits = mem["total"] <= gpu * 0.95
    plan["parameters"] = {"model": counts["total"], "trainable": counts["trainable"], "shape_from": shape_source}
    plan["memory"] = {"estimate_gib": mem["total"], "parts_gib": mem, "sequence_length": seq, "gpu_gib": gpu, "fits": fits}
    if not fits:
        plan["memory"]["would_fit"] = suggestions(cfg, shape, gpu, lengths)
    return plan


def describe_plan(plan):
    """The plan as a few lines for a person (stderr)."""
    lines = [
        "model %s · %s · backend %s" % (plan["model"], plan["method"], plan["backend"]),
        "%d examples (%d over max_length %d, left out) · %d steps (%d/epoch, effective batch %d) · %d tokens"
        % (plan["examples"], plan["over_max_length"]["count"], plan["over_max_length"]["max_length"], plan["total_steps"],
           plan["steps_per_epoch"], plan["effective_batch"], plan["tokens"]["total"]),
    ]
    mem = plan["memory"]
    if mem and mem.get("estimate_gib") is not None:
        lines.append("GPU memory: about %.1f GiB at the longest batch (%s on a %.0f GiB card)"
                     % (mem["estimate_gib"], "fits" if mem["fits"] else "does NOT fit", mem["gpu_gib"]))
        for s in mem.get("would_fit", []):
            lines.append("  would fit: %s" % s)
    elif mem:
        lines.append("GPU memory: %s" % mem["note"])
    return "\n".join(lines)
