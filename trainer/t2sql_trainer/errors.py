"""Kinds of failure, each with its exit code: the orchestrator reads the kind, never the text."""

EXIT_CODES = {
    "config": 2,  # the run config is invalid
    "dataset": 2,  # the JSONL is missing or malformed
    "environment": 3,  # torch / transformers / peft missing or broken
    "no_cuda": 4,  # no CUDA device
    "oom": 5,  # out of GPU memory
    "interrupted": 130,  # stopped by SIGINT / SIGTERM after saving a checkpoint
    "crash": 1,  # anything else
}


class TrainerError(Exception):
    """A failure the trainer reports as one line (and one `error` event), never a traceback."""

    def __init__(self, kind, message, suggestions=None):
        if kind not in EXIT_CODES:
            raise ValueError("unknown error kind %r" % (kind,))
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.suggestions = list(suggestions or [])

    @property
    def exit_code(self):
        return EXIT_CODES[self.kind]
