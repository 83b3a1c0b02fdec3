"""Loss on the assistant's tokens only: the prompt's tokens are masked with -100."""

IGNORE_INDEX = -100


def assistant_labels(prompt_ids, full_ids):
    """Labels for `full_ids` (the whole conversation in the chat template) given `prompt_ids` (the
    same template up to and including the generation prompt): -100 over the prompt, the token ids
    over the reply. The prompt must be a prefix of the whole conversation, or the template is not
    one this trainer can mask (an error, not a silent mis-masking)."""
    n = len(prompt_ids)
    if n >= len(full_ids) or list(full_ids[:n]) != list(prompt_ids):
        raise ValueError("the chat template's prompt is not a prefix of the full conversation; cannot mask the prompt")
    return [IGNORE_INDEX] * n + list(full_ids[n:])


def pad_batch(features, pad_id):
    """Right-pads input_ids / labels / attention_mask of a batch to its longest sequence."""
    longest = max(len(f["input_ids"]) for f in features)
    batch = {"input_ids": [], "labels": [], "attention_mask": []}
    for f in features:
        gap = longest - len(f["input_ids"])
        batch["input_ids"].append(list(f["input_ids"]) + [pad_id] * gap)
        batch["labels"].append(list(f["labels"]) + [IGNORE_INDEX] * gap)
        batch["attention_mask"].append([1] * len(f["input_ids"]) + [0] * gap)
    return batch
