"""Texts of the default captioner: its questions and answers, its word-level tokenizer and LLaVA's v1 prompt.

The questions, answer templates and evaluation answer lengths live in plugin-mllm's ``captioner_tasks.json``
(one place: ``mllm:eval`` asks the same questions). The tokenizer is a HuggingFace tokenizer.json the Java side opens with DJL's tokenizers and
``export_llava.py`` copies into the package: a ``Lowercase`` normalizer, the ``Whitespace`` pre-tokenizer
(regex ``\\w+|[^\\w\\s]+``: "human's questions." is ``human ' s questions .``), a ``WordLevel`` model with
``<unk>`` = 0, ``<s>`` = 1 and ``</s>`` = 2 as special added tokens, and the ``WordPiece`` decoder with its
clean-up (words joined by spaces, no space before ``. , ? !``), so "a red circle , a blue star" reads back
as "a red circle, a blue star". The vocabulary is every word of the conversation template, of the questions
and of the answers the world's scenes can give; :func:`Tokenizer.encode` does in Python what DJL does.

A prompt is built as plugin-mllm's ``LlavaPrompt`` builds it: the first turn
``system + " USER: <image>\\n" + question + " ASSISTANT:"`` (export_llava's ``LLAVA_V1``) is split at the
image placeholder and each side tokenized without special tokens; ``<s>`` starts the ids before the image.
The answer follows as its ids and ``</s>``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

import export_llava
import world_tokenizer as wt

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS_FILE = os.path.join(HERE, "..", "..", "plugin-mllm", "src", "main", "resources", "org", "alphaclip", "mllm", "internal",
                          "eval", "captioner_tasks.json")
UNK, BOS, EOS = "<unk>", "<s>", "</s>"
SPECIALS = [UNK, BOS, EOS]
CONVERSATION = export_llava.LLAVA_V1
POSITION_WORDS = ["top", "bottom", "left", "right"]
CAPTION_WORDS = ["a", "and", ","]          # what joins the generator's phrases into a scene caption
_PIECES = re.compile(r"\w+|[^\w\s]+")       # HuggingFace's "Whitespace" pre-tokenizer
_SPECIAL_SPLIT = re.compile("(" + "|".join(re.escape(t) for t in SPECIALS) + ")")


@dataclass(frozen=True)
class Task:
    type: str
    region: str            # "object" (alpha from the object's mask) or "whole" (alpha all ones)
    answer: str            # template over the fields of answer_fields()
    max_tokens: int        # greedy answer length in the evaluation
    questions: Tuple[str, ...]

    def answer_for(self, fields: dict) -> str:
        return self.answer.format(**fields)


def load_tasks(path: str = TASKS_FILE) -> List[Task]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    tasks = [Task(t["type"], t["region"], t["answer"], t["maxTokens"], tuple(t["questions"])) for t in doc["types"]]
    for t in tasks:
        if t.region not in ("object", "whole") or not t.questions:
            raise ValueError(f"{path}: type {t.type} needs region 'object' or 'whole' and at least one question")
    return tasks


def object_fields(scene: dict, k: int) -> dict:
    o = scene["objects"][k]
    x0, y0, x1, y1 = o["box"]
    return {"phrase": o["phrase"], "colour": o["colour"], "shape": o["shape"], "size": o["size"],
            "horizontal": "left" if (x0 + x1) / 2 < scene["width"] / 2 else "right",
            "vertical": "top" if (y0 + y1) / 2 < scene["height"] / 2 else "bottom"}


def scene_fields(scene: dict) -> dict:
    return {"caption": scene["caption"]}


def first_turn(question: str) -> str:
    """plugin-mllm's ConversationTemplate.firstTurn."""
    c = CONVERSATION
    return (c["system"] + c["separator"] + c["roles"][0] + ": " + c["imageToken"] + "\n" + question
            + c["separator"] + c["roles"][1] + ":")


def pieces(text: str) -> List[str]:
    return _PIECES.findall(text.lower())


def template_texts(tasks: List[Task]) -> List[str]:
    """Every text the vocabulary must cover, answers aside: the prompt of each question."""
    return [first_turn(q).replace(CONVERSATION["imageToken"], " ") for t in tasks for q in t.questions]


def answer_words() -> List[str]:
    return CAPTION_WORDS + wt.SIZES + wt.COLOURS + wt.SHAPES + POSITION_WORDS


class Tokenizer:
    """The word-level tokenizer: specials first, then the words in sorted order."""

    def __init__(self, words: Iterable[str]):
        vocab = SPECIALS + sorted(set(words) - set(SPECIALS))
        self.vocab: Dict[str, int] = {w: i for i, w in enumerate(vocab)}
        self.words = vocab
        self.unk, self.bos, self.eos = (self.vocab[t] for t in SPECIALS)

    @staticmethod
    def for_tasks(tasks: List[Task]) -> "Tokenizer":
        return Tokenizer([p for text in template_texts(tasks) for p in pieces(text)] + answer_words())

    def __len__(self):
        return len(self.vocab)

    def encode(self, text: str) -> List[int]:
        """Ids without added special tokens, as DJL's encode(text, addSpecialTokens=false) gives them (a special
        token written in the text, such as a turn's "</s>", is still its own id)."""
        ids: List[int] = []
        for part in _SPECIAL_SPLIT.split(text):
            ids += [self.vocab[part]] if part in SPECIALS else [self.vocab.get(p, self.unk) for p in pieces(part)]
        return ids

    def unknown(self, texts: Iterable[str]) -> List[str]:
        return sorted({p for t in texts for p in pieces(t) if p not in self.vocab})

    def decode(self, ids: Iterable[int]) -> str:
        """As the WordPiece decoder with clean-up decodes, special tokens skipped (the words have no '##')."""
        text = " ".join(self.words[i] for i in ids if i not in (self.unk, self.bos, self.eos))
        for a, b in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                     (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")):
            text = text.replace(a, b)
        return text

    def prompt(self, question: str) -> Tuple[List[int], List[int]]:
        """(ids before the image with <s> first, ids after it) of the first turn."""
        text = first_turn(question)
        at = text.index(CONVERSATION["imageToken"])
        return [self.bos] + self.encode(text[:at]), self.encode(text[at + len(CONVERSATION["imageToken"]):])

    def answer(self, text: str) -> List[int]:
        return self.encode(text) + [self.eos]

    def write_json(self, path: str) -> None:
        def added(token: str) -> dict:
            return {"id": self.vocab[token], "content": token, "single_word": False, "lstrip": False,
                    "rstrip": False, "normalized": False, "special": True}

        doc = {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [added(t) for t in SPECIALS],
            "normalizer": {"type": "Lowercase"},
            "pre_tokenizer": {"type": "Whitespace"},
            "post_processor": None,
            "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
            "model": {"type": "WordLevel", "vocab": self.vocab, "unk_token": UNK},
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
