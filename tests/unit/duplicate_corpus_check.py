#!/usr/bin/env python3
"""Validate the duplicate-suggestion corpus and print its counts.

Standard library only.  Usage:

    python3 tests/unit/duplicate_corpus_check.py [path/to/corpus.jsonl] [--json]

Exit status is 0 when the corpus is valid, 1 when any error was found.
Warnings (soft targets of the corpus brief) are printed but do not fail.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REQUIRED = ("id", "workflow", "industry", "workshop", "department", "language", "title", "description", "split")
OPTIONAL = ("near_miss_of",)
LANGUAGES = ("en", "de", "fr", "es")
SPLITS = ("dev", "heldout")
TITLE_WORDS = (3, 12)
MAX_SENTENCES = 4
MAX_WORKFLOW_SIZE = 4

# Pain points describe work, never a technology as the answer.
TECH_WORDS = re.compile(
    r"\b(ai|a\.i\.|artificial intelligence|machine learning|chat ?bots?|bots?|"
    r"chatgpt|gpt|llms?|copilots?|automat\w*|rpa|robots?|"
    r"ki|künstliche intelligenz|ia|intelligence artificielle|inteligencia artificial)\b",
    re.IGNORECASE,
)

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "data" / "duplicates" / "corpus.jsonl"
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")


def sentences(text: str) -> int:
    text = text.strip()
    if not text:
        return 0
    n = len(SENTENCE_END.findall(text))
    return n if text[-1] in ".!?…" else n + 1


def pairs(groups):
    """Unordered item pairs inside each group of items."""
    for items in groups:
        yield from itertools.combinations(items, 2)


def load(path: Path, errors: list[str]) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"line {lineno}: blank line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {lineno}: not JSON ({exc})")
                continue
            if not isinstance(row, dict):
                errors.append(f"line {lineno}: not a JSON object")
                continue
            row["_line"] = lineno
            rows.append(row)
    return rows


def validate(rows: list[dict], errors: list[str], warnings: list[str]) -> None:
    ids = Counter()
    for r in rows:
        where = f"line {r['_line']} ({r.get('id', '?')})"
        for key in REQUIRED:
            if key not in r:
                errors.append(f"{where}: missing key {key!r}")
            elif not isinstance(r[key], str):
                errors.append(f"{where}: {key!r} must be a string")
            elif key != "description" and not r[key].strip():
                errors.append(f"{where}: {key!r} is empty")
        extra = set(r) - set(REQUIRED) - set(OPTIONAL) - {"_line"}
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        nm = r.get("near_miss_of")
        if nm is not None and (not isinstance(nm, str) or not nm.strip()):
            errors.append(f"{where}: near_miss_of must be null or a workflow id")
        if any(not isinstance(r.get(k), str) for k in REQUIRED):
            continue
        ids[r["id"]] += 1
        if r["language"] not in LANGUAGES:
            errors.append(f"{where}: language {r['language']!r} not in {LANGUAGES}")
        if r["split"] not in SPLITS:
            errors.append(f"{where}: split {r['split']!r} not in {SPLITS}")
        words = len(r["title"].split())
        if not TITLE_WORDS[0] <= words <= TITLE_WORDS[1]:
            errors.append(f"{where}: title has {words} words (want {TITLE_WORDS[0]}-{TITLE_WORDS[1]})")
        n_sent = sentences(r["description"])
        if n_sent > MAX_SENTENCES:
            warnings.append(f"{where}: description looks like {n_sent} sentences (max {MAX_SENTENCES})")
        for field in ("title", "description", "department"):
            hit = TECH_WORDS.search(r[field])
            if hit:
                errors.append(f"{where}: technology word {hit.group(0)!r} in {field}")

    for iid, n in ids.items():
        if n > 1:
            errors.append(f"id {iid!r} used {n} times")

    good = [r for r in rows if all(isinstance(r.get(k), str) for k in REQUIRED)]
    by_ws = defaultdict(list)
    by_wf = defaultdict(list)
    for r in good:
        by_ws[r["workshop"]].append(r)
        by_wf[r["workflow"]].append(r)

    for ws, items in by_ws.items():
        splits = {r["split"] for r in items}
        if len(splits) > 1:
            errors.append(f"workshop {ws!r} spans splits {sorted(splits)}")
        industries = {r["industry"] for r in items}
        if len(industries) > 1:
            errors.append(f"workshop {ws!r} has several industries {sorted(industries)}")

    for wf, items in by_wf.items():
        shops = {r["workshop"] for r in items}
        if len(shops) > 1:
            errors.append(f"workflow {wf!r} spans workshops {sorted(shops)}")
        if len({r["split"] for r in items}) > 1:
            errors.append(f"workflow {wf!r} spans splits")
        if len(items) > MAX_WORKFLOW_SIZE:
            errors.append(f"workflow {wf!r} has {len(items)} items (max {MAX_WORKFLOW_SIZE})")
        depts = Counter(r["department"] for r in items)
        for dept, n in depts.items():
            if n > 1:
                errors.append(f"workflow {wf!r}: department {dept!r} tells it {n} times")

    for r in good:
        nm = r.get("near_miss_of")
        if not isinstance(nm, str):
            continue
        where = f"line {r['_line']} ({r['id']})"
        if nm == r["workflow"]:
            errors.append(f"{where}: near_miss_of points at its own workflow")
        elif nm not in by_wf:
            errors.append(f"{where}: near_miss_of {nm!r} is not a workflow")
        elif by_wf[nm][0]["workshop"] != r["workshop"]:
            errors.append(f"{where}: near_miss_of {nm!r} is in another workshop")


def counts(rows: list[dict]) -> dict:
    by_wf = defaultdict(list)
    for r in rows:
        by_wf[r["workflow"]].append(r)
    out: dict = {}
    scopes = {"all": rows}
    for s in SPLITS:
        scopes[s] = [r for r in rows if r["split"] == s]
    for name, items in scopes.items():
        wfs = defaultdict(list)
        shops = defaultdict(list)
        for r in items:
            wfs[r["workflow"]].append(r)
            shops[r["workshop"]].append(r)
        multi = [v for v in wfs.values() if len(v) >= 2]
        true_pairs = list(pairs(multi))
        xl_pairs = [p for p in true_pairs if p[0]["language"] != p[1]["language"]]
        xl_wfs = [v for v in multi if len({r["language"] for r in v}) > 1]
        same_non_en = [
            v for v in multi if any(n >= 2 for lang, n in Counter(r["language"] for r in v).items() if lang != "en")
        ]
        all_pairs = sum(len(v) * (len(v) - 1) // 2 for v in shops.values())
        nm_items = [r for r in items if r.get("near_miss_of")]
        # near-miss pairs: each near-miss item paired with every item of the workflow it mimics
        nm_item_pairs = sum(len(by_wf[r["near_miss_of"]]) for r in nm_items)
        out[name] = {
            "items": len(items),
            "workshops": len(shops),
            "industries": len({r["industry"] for r in items}),
            "languages": dict(sorted(Counter(r["language"] for r in items).items())),
            "non_english_items": sum(r["language"] != "en" for r in items),
            "workflows": len(wfs),
            "workflows_2plus": len(multi),
            "workflow_sizes": {str(k): v for k, v in sorted(Counter(len(v) for v in wfs.values()).items())},
            "items_in_2plus_workflows": sum(len(v) for v in multi),
            "singleton_items": sum(len(v) == 1 for v in wfs.values()),
            "near_miss_items": len(nm_items),
            "near_miss_languages": dict(sorted(Counter(r["language"] for r in nm_items).items())),
            "near_miss_pairs": nm_item_pairs,
            "plain_singletons": sum(1 for v in wfs.values() if len(v) == 1 and not v[0].get("near_miss_of")),
            "true_pairs": len(true_pairs),
            "within_workshop_pairs": all_pairs,
            "cross_language_pairs": len(xl_pairs),
            "cross_language_workflows": len(xl_wfs),
            "workflows_twice_in_one_non_english_language": len(same_non_en),
            "empty_descriptions": sum(not r["description"].strip() for r in items),
        }
    return out


def print_counts(c: dict) -> None:
    keys = list(c["all"])
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  {'all':>18}  {'dev':>18}  {'heldout':>18}")
    for k in keys:
        vals = []
        for scope in ("all", "dev", "heldout"):
            v = c[scope][k]
            if isinstance(v, dict):
                v = " ".join(f"{a}:{b}" for a, b in v.items())
            vals.append(f"{v!s:>18}")
        print(f"{k:{width}}  " + "  ".join(vals))


def soft_targets(c: dict, rows: list[dict], warnings: list[str]) -> None:
    a = c["all"]
    if a["items"] < 330:
        warnings.append(f"only {a['items']} items (target 330+)")
    if a["workshops"] < 10:
        warnings.append(f"only {a['workshops']} workshops (target 10+)")
    if a["industries"] < 8:
        warnings.append(f"only {a['industries']} industries (target 8+)")
    if a["non_english_items"] < 66:
        warnings.append(f"only {a['non_english_items']} non-English items (target 66+)")
    if a["near_miss_items"] < 60:
        warnings.append(f"only {a['near_miss_items']} near-miss items (target 60+)")
    if a["cross_language_workflows"] < 15:
        warnings.append(f"only {a['cross_language_workflows']} cross-language workflows (target 15+)")
    shops = defaultdict(set)
    for r in rows:
        shops[r["split"]].add(r["workshop"])
    share = len(shops["dev"]) / max(1, len(shops["dev"]) + len(shops["heldout"]))
    if not 0.3 <= share <= 0.5:
        warnings.append(f"dev holds {share:.0%} of workshops (target about 40%)")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = (
        Path(args[0])
        if args
        else Path(__file__).resolve().parents[2] / "bench" / "data" / "duplicates" / "corpus.jsonl"
    )
    errors: list[str] = []
    warnings: list[str] = []
    rows = load(path, errors)
    validate(rows, errors, warnings)
    if errors:
        for e in errors:
            print("ERROR:", e)
        print(f"{len(errors)} error(s) in {path}")
        return 1
    for r in rows:
        r.pop("_line", None)
    c = counts(rows)
    soft_targets(c, rows, warnings)
    if "--json" in argv:
        print(json.dumps(c, indent=2, ensure_ascii=False))
    else:
        print(f"corpus: {path}")
        print_counts(c)
    for w in warnings:
        print("WARNING:", w)
    print("OK" if not warnings else f"OK with {len(warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
