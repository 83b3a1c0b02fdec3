"""Kinds of failure, each with its exit code: the orchestrator reads the kind, never the text."""

EXIT_CODES = {
    "config": 2,  # the run config is invalid
    "checkpoint_mismatch": 2,  # output_dir holds checkpoints of a run with other settings
    "dataset": 2,  # the JSONL is missing or malformed
    "environment": 3,  # torch / transformers / peft missing or broken
    "no_cuda": 4,  # no CUDA device
    "oom": 5,  # out of GPU memory
    "interrupted": 130,  # stopped by SIGINT / SIGTERM after saving a checkpoint
    "crash": 1,  # anything else
}


class TrainerError(Exception):
    """A failure the trainer reports as one line (and one `error` event), never a traceback."""

    def __init__(self, kind, message, suggestions=None, field=None, file=None):
        if kind not in EXIT_CODES:
            raise ValueError("unknown error kind %r" % (kind,))
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.suggestions = list(suggestions or [])
        self.field = field  # the config field at fault, dotted ("lora.r"), when there is one
        self.file = file  # the file that holds it; `message` does not repeat it

    def in_file(self, file):
        """The same failure, saying which file holds the bad value."""
        return TrainerError(self.kind, self.message, self.suggestions, self.field, file)

    def describe(self):
        """The message with its file in front, as a person reads it."""
        return "%s: %s" % (self.file, self.message) if self.file else self.message

    def event_fields(self):
        """The fields of the protocol's `error` event."""
        return {"kind": self.kind, "message": self.message, "suggestions": self.suggestions, "file": self.file, "field": self.field}

    @property
    def exit_code(self):
        return EXIT_CODES[self.kind]
