"""Quality of the rewriter on the shared prompt sets and the EdiVal multi-turn edits.

    .venv/bin/python bench/rewrite_eval.py [--per-set 10] [-n 4] [--edits 20] [--data ../shared/data]

New requests: our own held-out set (bench/data/eval/rewrite_requests.tsv, written before tuning; ``--own``)
and DrawBench, GenEval, T2I-CompBench, COCO (``--per-set`` random prompts from each, seed 0). Every caption is
judged by the faithfulness checker (orchestrator/faithfulness.py):
  raw valid    share of model answers that validate against the schema (constrained decoding)
  model        share of captions written by the model (the rest: the template fallback)
  faithful     share of captions in which the checker finds nothing
  invented     share of captions with a noun that is neither in the request nor a scene word
  attr/count/rel kept   share of captions that keep the request's attribute bindings / counts / relations
               (over the requests that have any)
  contra       contradictions with the request (night/noon, photo/watercolor, top-down/eye-level...)
  words        word-count p5/p50/p95 (goal: 15-80); distinct: distinct captions per request (goal: N)

Edits (EdiVal, ``--edits`` images with three cumulative instructions each): the start caption names the
image's objects; each instruction is applied to the current caption. An edit counts as applied when the
bracketed target of the instruction (the new colour, material, count, text, background or object) is in the
new caption, or, for a removal, the removed object is gone; "kept" means every object the dataset lists as
unchanged is still named. Reported for the final captions and for the model-written ones alone.
"""

import argparse
import ast
import csv
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

from limner.orchestrator import faithfulness
from limner.orchestrator.captions import word_count
from limner.orchestrator.config import LimnerConfig
from limner.orchestrator.rewriter import LLMRewriter

SETS = {
    "drawbench": lambda d: [r["Prompt"] for r in csv.DictReader(open(d / "benign_prompts/drawbench.csv",
                                                                     encoding="utf-8-sig"))],
    "geneval": lambda d: (d / "benign_prompts/geneval_prompts.txt").read_text().splitlines(),
    "t2i-compbench": lambda d: [x for f in sorted((d / "benign_prompts/t2i_compbench").glob("*.txt"))
                                for x in f.read_text().splitlines()],
    "coco": lambda d: [r["prompt"] for r in csv.DictReader(open(d / "benign_prompts/coco_captions_5k.csv"))],
}


class Counting:
    """Wraps the chat model and records whether each raw answer validates against the schema."""

    def __init__(self, chat) -> None:
        self.chat, self.raw = chat, []

    def invoke(self, messages, **kw):
        from limner.orchestrator.rewriter import CaptionList
        from limner.orchestrator.scenes import SceneList

        reply = self.chat.invoke(messages, **kw)
        m = re.search(r"\{.*\}", reply.content, re.S)
        model = SceneList if '"scenes"' in (m.group(0) if m else "") else CaptionList
        try:
            model.model_validate_json(m.group(0) if m else "")
            self.raw.append(True)
        except Exception:  # noqa: BLE001
            self.raw.append(False)
        return reply


NUMBER_WORDS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
                "8": "eight", "9": "nine", "10": "ten"}


def present(phrase: str, caption: str) -> bool:
    """Every word of ``phrase`` is in ``caption`` (digits and number words alike); text in other scripts
    ("奥迪") as a substring."""
    low = caption.lower()
    words = [NUMBER_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in ("the", "a", "an", "of")]
    if not words:
        return bool(phrase.strip()) and phrase.strip().lower() in low
    return all(re.search(rf"\b{re.escape(w.rstrip('s'))}", low) for w in words)


def start_caption(row: dict) -> str:
    """A caption of the image before the edits: its objects once each, without the ones an edit of this row
    brings in (``all_objects`` also lists those, and an object that is already there cannot be added)."""
    fmts = ast.literal_eval(row["format_instructions"])
    kinds = ast.literal_eval(row["task_type"])
    later = set()
    for fmt, kind in zip(fmts, kinds, strict=False):
        targets = re.findall(r"\[([^\]]+)\]", fmt)
        if kind == "subject_add" and targets:
            later.add(targets[0])
        if kind == "subject_replace" and len(targets) > 1:
            later.add(targets[-1])
    objects = list(dict.fromkeys(o for o in ast.literal_eval(row["all_objects"]) if o not in later))
    return f"A photo of {' and '.join(objects)}, natural light, eye-level view, clean simple background."


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--per-set", type=int, default=10)
    p.add_argument("-n", type=int, default=4)
    p.add_argument("--own", type=int, default=1000, help="at most this many of our own held-out requests")
    p.add_argument("--show", action="store_true", help="print every caption the checker faults")
    p.add_argument("--edits", type=int, default=20, help="EdiVal images (three edits each); 0 = all 572")
    p.add_argument("--rule-edits", choices=["first", "fallback"], default=None,
                   help="rewriter.rule_edits for the edits (default: the configured one)")
    a = p.parse_args()
    cfg = LimnerConfig().rewriter
    if a.rule_edits:
        cfg = cfg.model_copy(update={"rule_edits": a.rule_edits})
    rw = LLMRewriter.from_config(cfg, cache_dir=LimnerConfig().home / "cache")
    counter = Counting(rw.chat)
    rw.chat = counter
    rng = random.Random(0)

    if a.per_set > 0:
        new_requests(rw, counter, rng, a)
    edits(rw, a)
    other_phrasings(rw)


def other_phrasings(rw) -> None:
    """Edits of written captions in phrasings other than EdiVal's (bench/data/edits_other_phrasings.csv, written
    before they were first measured): correct when every must_contain phrase is in the new caption and no
    must_not_contain phrase is."""
    rows = list(csv.DictReader(open(Path(__file__).parent / "data/edits_other_phrasings.csv", encoding="utf-8")))
    ok, by = [], []
    for r in rows:
        res = rw.rewrite(r["instruction"], 1, current=r["caption"])
        new = res.captions[0].text.lower()
        good = (all(x.lower() in new for x in r["must_contain"].split(";") if x)
                and not any(x.lower() in new for x in r["must_not_contain"].split(";") if x))
        ok.append(good)
        by.append(res.captions[0].source)
        if not good:
            print(f"  missed: {r['instruction']!r} -> {res.captions[0].text}")
    print(f"EDITS IN OTHER PHRASINGS: {sum(ok)}/{len(ok)} correct; by rule {by.count('rule')}, "
          f"model {by.count('refined')}, fallback {by.count('fallback')}")


def own_set() -> list[str]:
    """bench/data/eval/rewrite_requests.tsv: requests written before the structured rewriter was tuned."""
    rows = csv.DictReader((x for x in open(Path(__file__).parent / "data/eval/rewrite_requests.tsv", encoding="utf-8")
                           if not x.startswith("#")), delimiter="\t")
    return [r["request"] for r in rows]


def new_requests(rw, counter, rng, a) -> None:
    """Each caption judged by the faithfulness checker (orchestrator/faithfulness.py) against its request."""
    own = len(own_set())
    print(f"NEW REQUESTS (N={a.n}; {a.per_set} per shared set, {min(a.own, own)} of the {own} requests of our own "
          "held-out set)")
    cols = ("raw valid", "model", "faithful", "invented", "attr kept", "count kept", "rel kept", "contra", "words",
            "distinct")
    print(f"{'set':<15}" + "".join(f"{c:>11}" for c in cols))
    sets = {"own (held out)": lambda d: own_set(), **SETS}
    totals: dict[str, list] = defaultdict(list)
    problems: Counter = Counter()
    t0 = time.perf_counter()
    for name, load in sets.items():
        prompts = [x.strip() for x in load(a.data) if x.strip()]
        sample = prompts if name.startswith("own") else rng.sample(prompts, min(a.per_set, len(prompts)))
        if name.startswith("own") and a.own < len(sample):
            sample = sample[:: max(1, len(sample) // a.own)][: a.own]
        counter.raw.clear()
        m: dict[str, list] = defaultdict(list)
        for text in sample:
            r = rw.rewrite(text, a.n)
            req = faithfulness.parse(text)
            caps = [c.text for c in r.captions]
            for c in r.captions:
                rep = faithfulness.check(text, c.text, req)
                m["model"].append(c.source == "llm")
                m["faithful"].append(rep.ok)
                m["invented"].append(bool(rep.invented))
                if any(t.attrs for t in req.things):
                    m["attr kept"].append(not rep.attributes)
                if any(t.count for t in req.things):
                    m["count kept"].append(not rep.counts)
                if req.relations:
                    m["rel kept"].append(not rep.relations)
                m["contra"].append(len(rep.contradictions))
                m["words"].append(word_count(c.text))
                problems.update(p.split(":")[0] for p in rep.problems())
                if not rep.ok and a.show:
                    print(f"    {c.source}: {c.text!r}: {rep.problems()}")
            m["distinct"].append(len(set(caps)))
        m["raw valid"] = list(counter.raw)
        for k, v in m.items():
            totals[k] += v
        print(f"{name:<15}" + "".join(f"{_fmt(k, m[k]):>11}" for k in cols))
    print(f"{'all':<15}" + "".join(f"{_fmt(k, totals[k]):>11}" for k in cols))
    w = totals["words"]
    print(f"captions outside 15-80 words: {sum(not 15 <= x <= 80 for x in w)} of {len(w)}; problems by kind: "
          f"{dict(problems)}; {time.perf_counter() - t0:.0f} s")


def _fmt(kind: str, values: list) -> str:
    if not values:
        return "-"
    if kind == "contra":
        return str(sum(values))
    if kind == "words":
        q = statistics.quantiles(values, n=20) if len(values) > 1 else values * 19
        return f"{q[0]:.0f}/{statistics.median(values):.0f}/{q[-1]:.0f}"
    if kind == "distinct":
        return f"{statistics.mean(values):.2f}"
    return f"{sum(values) / len(values):.1%}"


def edits(rw, a) -> None:
    rows = [r for r in csv.DictReader(open(a.data / "multiturn_edits/edival_instructions.csv")) if r["turns"] == "3"]
    if a.edits > 0:
        rows = random.Random(1).sample(rows, min(a.edits, len(rows)))
    stats: dict[str, list[tuple[bool, bool, str]]] = {}
    t0 = time.perf_counter()
    for row in rows:
        current = start_caption(row)
        instrs = ast.literal_eval(row["instructions"])
        fmts = ast.literal_eval(row["format_instructions"])
        kinds = ast.literal_eval(row["task_type"])
        unchanged = ast.literal_eval(row["unchanged_objects"])
        for instr, fmt, kind in zip(instrs, fmts, kinds, strict=False):
            instr = instr.strip().strip('"')
            r = rw.rewrite(instr, 1, current=current)
            new = r.captions[0].text
            targets = re.findall(r"\[([^\]]+)\]", fmt)
            if kind == "subject_remove":
                applied = bool(targets) and not present(targets[0], new)
            elif kind == "subject_add":
                applied = present(targets[0], new) if targets else False
            elif kind == "subject_replace":  # the new object is there and the old one is gone
                applied = len(targets) > 1 and present(targets[-1], new) and not present(targets[0], new)
            else:
                applied = bool(targets) and present(targets[-1], new)
            kept = all(present(o, new) for o in unchanged if not (kind == "subject_remove" and o == targets[0]))
            stats.setdefault(kind, []).append((applied, kept, r.captions[0].source))
            current = new
    dt = time.perf_counter() - t0
    print()
    print(f"EDITS (EdiVal, {len(rows)} images x 3 turns, rule_edits={rw.config.rule_edits}); by whom: model / rule / "
          "fallback (rule-based or appended after the model failed)")
    print(f"{'task':<20}{'edits':>6}{'applied':>9}{'kept':>7}{'both':>7}{'model':>7}{'rule':>6}{'fallback':>9}")

    def row(name: str, v: list[tuple[bool, bool, str]]) -> None:
        n = len(v)
        print(f"{name:<20}{n:>6}{sum(x[0] for x in v) / n:>9.0%}{sum(x[1] for x in v) / n:>7.0%}"
              f"{sum(x[0] and x[1] for x in v) / n:>7.0%}{sum(x[2] == 'refined' for x in v) / n:>7.0%}"
              f"{sum(x[2] == 'rule' for x in v) / n:>6.0%}{sum(x[2] == 'fallback' for x in v) / n:>9.0%}")

    allv = []
    for kind, v in sorted(stats.items()):
        allv += v
        row(kind, v)
    row("all", allv)
    print(f"{dt / len(allv):.2f} s per edit")


if __name__ == "__main__":
    main()
