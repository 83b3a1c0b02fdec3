"""Runs the official evaluation.py (path as the first argument, its flags after it) for bench:eval.

Its tokenizer (nltk.word_tokenize) needs NLTK's pretrained Punkt sentence model. Where that model
is not installed (it is a separate download), an untrained Punkt tokenizer stands in and a note
goes to stderr: Spider questions are not tokenized here, only SQL, where both split alike, so the
time measured is the script's own.
"""
import os
import runpy
import sys

import nltk
import nltk.tokenize


def _use_untrained_punkt_if_missing() -> None:
    try:
        nltk.data.find("tokenizers/punkt")
        return
    except LookupError:
        pass
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    punkt = PunktSentenceTokenizer()
    nltk.tokenize.sent_tokenize = lambda text, language="english": punkt.tokenize(text)
    print("runOfficialEval: NLTK's Punkt model is not installed; an untrained Punkt tokenizer stands in", file=sys.stderr)


if __name__ == "__main__":
    script = os.path.abspath(sys.argv[1])
    _use_untrained_punkt_if_missing()
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")
