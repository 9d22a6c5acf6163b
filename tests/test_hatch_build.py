"""The opt-in compiled build (hatch_build.py): ``SUMMARISER_COMPILE=1`` builds a wheel whose offline engine and
grounding are mypyc extensions; that build must pass the engine's and grounding's own tests and give the pure
engine's output, byte for byte, on every article the project holds.

The wheel is built without build isolation, so nothing is downloaded: it needs a C compiler, the Python headers and
the test extra (mypy, hatchling, setuptools). Building takes about two minutes. Without those the tests skip,
unless SUMMARISER_REQUIRE_COMPILED=1 (CI): then they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from conftest import FIXTURES, ROOT

REQUIRED = os.environ.get("SUMMARISER_REQUIRE_COMPILED") == "1"
# The tests of the compiled modules. Not the pipeline's: some monkeypatch grounding's functions, which compiled
# callers inside grounding do not look up again.
ENGINE_TESTS = [*sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_offline*.py")),
                "tests/test_grounding.py", "tests/test_quality.py", "tests/test_evaluate.py"]
# Each article's extraction and what grounding made of it, as JSON.
_DUMP = """
import dataclasses, json, sys
from pydantic import TypeAdapter
from summariser.articles import Article
from summariser.grounding import ground
from summariser.offline import compiled, extract
out = []
for text in json.load(open(sys.argv[1], encoding="utf-8")):
    extraction = extract(Article(text=text))
    grounded = ground(extraction, text, None)
    fields = {f.name: getattr(grounded, f.name) for f in dataclasses.fields(grounded)}
    out.append(extraction.model_dump_json() + TypeAdapter(dict).dump_json(fields).decode())
print(json.dumps({"compiled": compiled(), "out": out}))
"""


def _missing() -> str | None:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h)"
    for module in ("mypyc", "hatchling", "setuptools"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[test]')"
    return None


def _env(tree: Path | None) -> dict[str, str]:
    """For a child process that imports summariser from ``tree`` (and must find it compiled) or, without one, from
    this checkout. Not the coverage plugin's subprocess hooks: compiled modules cannot be traced."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_CORE_", "COVERAGE_", "SUMMARISER_"))}
    return env if tree is None else {**env, "PYTHONPATH": str(tree), "SUMMARISER_EXPECT_COMPILED": "1"}


def _dump(texts_file: Path, tree: Path | None) -> dict:
    run = subprocess.run([sys.executable, "-P", "-c", _DUMP, str(texts_file)], cwd=texts_file.parent,
                         env=_env(tree), capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    """hatch_build.py, loaded from the checkout once its build tools are known to be there."""
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"SUMMARISER_REQUIRE_COMPILED=1 but {reason}")
        pytest.skip(reason)
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tree(hook: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled wheel, unpacked: a directory to put first on PYTHONPATH."""
    base = tmp_path_factory.mktemp("compiled")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", str(base), str(ROOT)],
        env={**os.environ, hook.ENV: "1"}, capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (wheel,) = base.glob("summariser-*.whl")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(base / "tree")
    (base / "wheel-name").write_text(wheel.name)
    return base / "tree"


def test_wheel_holds_an_extension_for_each_compiled_module(hook: ModuleType, tree: Path) -> None:
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for module in hook.COMPILED:
        assert (tree / module).with_suffix(suffix).is_file(), module
        assert (tree / module).is_file(), module  # the source stays beside it
    assert list(tree.glob(f"*__mypyc{suffix}")), "mypyc's shared library is missing"
    name = (tree.parent / "wheel-name").read_text()
    assert not name.endswith("-none-any.whl"), name  # tagged for this interpreter and platform
    version = subprocess.run([sys.executable, "-P", "-m", "summariser", "--version"], cwd=tree.parent,
                             env=_env(tree), capture_output=True, text=True, check=True)
    assert version.stdout.rstrip().endswith("(offline engine: compiled by mypyc)"), version.stdout


def test_compiled_build_passes_the_engine_tests(tree: Path) -> None:
    run = subprocess.run([sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:cov",
                          *ENGINE_TESTS], cwd=ROOT, env=_env(tree), capture_output=True, text=True, check=False)
    tail = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 0, tail
    assert " passed" in tail and "failed" not in tail, tail


def _corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    texts += [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((FIXTURES / "gold").glob("*.json"))]
    for p in sorted((ROOT / "tests" / "data").rglob("*")):
        if p.suffix == ".txt":
            texts.append(p.read_text(encoding="utf-8"))
        elif p.suffix == ".json" and isinstance(text := json.loads(p.read_text(encoding="utf-8")).get("text"), str):
            texts.append(text)
    texts = [t for t in texts if t.strip()]
    # Each article with another's paragraphs after it: longer texts, other names in play.
    texts += [t.rstrip() + "\n" + texts[(i * 7 + 3) % len(texts)].split("\n", 1)[-1] for i, t in enumerate(texts)]
    return texts + [_mangle(t, random.Random(i)) for i, t in enumerate(texts)]


_INSERTS = ['"', "“", "”", "‘", "’", "«", "»", "'", "\u00a0", "\u200b", "K", "İ", "ß", "—", "…", ".", ",", "(",
            "\n", "\n\n", "  ", "é", "中", "Mr.", " said", " told ", " will ", " pledged to ", " met ", " and ", "’s"]


def _mangle(text: str, rnd: random.Random) -> str:
    """Text no article holds: stray quote marks and punctuation, odd characters (the Kelvin sign, dotted I), cuts,
    case changes. Where compiled code differs from Python (a value that breaks its declared type raises), such
    text finds it; 35,000 mangled articles agreed when this was written."""
    chars = list(text)
    for _ in range(rnd.randint(1, 30)):
        at = rnd.randrange(len(chars) + 1)
        if rnd.random() < 0.3 and chars:
            del chars[min(at, len(chars) - 1)]
        else:
            chars.insert(at, rnd.choice(_INSERTS))
    out = "".join(chars)
    cut = rnd.random()
    if cut < 0.2:
        out = out[: rnd.randrange(len(out) + 1)]
    elif cut < 0.3:
        out = out.upper() if cut < 0.25 else out.lower()
    return out


def test_compiled_engine_gives_the_pure_engines_output(tree: Path, tmp_path: Path) -> None:
    texts = _corpus()
    assert len(texts) > 500
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    pure, fast = _dump(tmp_path / "texts.json", None), _dump(tmp_path / "texts.json", tree)
    assert (pure["compiled"], fast["compiled"]) == (False, True)
    differ = [i for i, (a, b) in enumerate(zip(fast["out"], pure["out"], strict=True)) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} articles differ, first: {texts[differ[0]][:200]!r}"
