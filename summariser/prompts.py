"""Prompt templates, versioned by their front matter. They ship inside the
wheel (summariser/prompts/); in a source checkout they are read from prompts/."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from summariser.articles import Article
from summariser.errors import ConfigError

_HERE = Path(__file__).resolve().parent
_DIRS = (_HERE / "prompts", _HERE.parent / "prompts")


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    system: str

    def messages(self, article: Article) -> list[dict[str, str]]:
        head = f"Article id: {article.id}\n"
        if article.title:
            head += f"Title: {article.title}\n"
        if article.published:
            head += f"Publication date: {article.published.isoformat()}\n"
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": f"{head}\nArticle text:\n{article.text}"},
        ]


@functools.lru_cache(maxsize=8)
def load(name: str = "summarise") -> Prompt:
    for folder in _DIRS:
        path = folder / f"{name}.md"
        if path.is_file():
            return parse(name, path.read_text(encoding="utf-8"))
    raise ConfigError(f"prompt {name!r} not found in {', '.join(str(d) for d in _DIRS)}",
                      hint="reinstall summariser; the wheel ships its prompts")


def parse(name: str, raw: str) -> Prompt:
    version = name
    body = raw
    if raw.startswith("---\n"):
        front, _, body = raw[4:].partition("\n---\n")
        for line in front.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "version":
                version = value.strip()
    return Prompt(name=name, version=version, system=body.strip())
