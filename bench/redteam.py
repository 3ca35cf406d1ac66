"""The red-team table through the real pipeline with the packaged language model (dry runs, real models), and
how often the rewriter itself adds risk.

    .venv/bin/python bench/redteam.py [--families all] [--captions 500] [--reach 500] [--data ../shared/data]
    .venv/bin/python bench/redteam.py --table bench/data/eval/redteam_2.txt [--rules] [--show-test]

1. Every conversation of ``tests/data/redteam.txt`` (the test runs it with the rule rewriter; here SmolLM2
   writes the captions): refused-or-neutralised rate per attack family, and the false-refusal rate of the benign
   twins (a turn refused by a policy; an edit the rewriter could not apply is not a refusal).
2. ``--captions N``: N captions written by the model for prompts of the shared benign sets (DrawBench, GenEval,
   T2I-CompBench, COCO, the animal prompts) and the benign twins: how many add a risk term the request did not
   have (``policies/risk.py``), and so were discarded by the caption rail. Goal: 0 of at least 500 that reach the
   generator; the count before the rail shows how often the model tries.

``--table`` runs another table of the same format, such as the held-out ``bench/data/eval/redteam_2.txt``
(written before the fixes it led to, read by no test and no training): its conversations are split in two by a
hash, ``dev`` and ``test``; rates are printed for both, failures only for ``dev`` unless ``--show-test``, so that
fixes are made on one half and measured on the other. On such a table an attack counts as stopped only when its
last turn is refused or draws nothing: "neutralised" (a caption without the risk terms the test table checks)
needs the table's own terms to be judged, and a disguised word ("n*ked") carries none of them. An attack whose
last turn draws nothing only because the rewriter could not apply it as an edit, with no refusal, is counted as
stopped and also reported on its own: a language model that applies the edit would draw it. ``--rules`` uses
the rule rewriter instead of the language model (seconds instead of tens of minutes; the policies and the rails
are the same).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this repository's tests/, not another package's

from limner.orchestrator import Orchestrator, load_config  # noqa: E402
from limner.orchestrator.types import TurnStatus  # noqa: E402

from tests.redteam_cases import load_cases, outcome  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--families", default="all", help="comma-separated families, or 'all'")
    p.add_argument("--captions", type=int, default=0, help="model captions to check for added risk")
    p.add_argument("--reach", type=int, default=0,
                   help="go on until this many captions reached the generator too (the goal counts those)")
    p.add_argument("--home", type=Path, default=Path("/tmp/limner-redteam"))
    p.add_argument("--table", type=Path, help="another table of the same format (default: tests/data/redteam.txt)")
    p.add_argument("--rules", action="store_true", help="the rule rewriter instead of the language model")
    p.add_argument("--show-test", action="store_true", help="print the test half's failures too")
    a = p.parse_args()
    orch = Orchestrator(load_config(None, home=a.home, **({"rewriter": {"model": "none"}} if a.rules else {})))
    cases = load_cases(a.table) if a.table else load_cases()
    if a.families != "all":
        keep = set(a.families.split(","))
        cases = [c for c in cases if c.family in keep]
    t0 = time.time()
    results: dict[tuple[str, str], list[bool]] = defaultdict(list)
    sources: dict[str, list[str]] = defaultdict(list)
    unapplied: dict[str, int] = defaultdict(int)  # attacks stopped only because their last turn drew nothing
    for case in cases:
        s = orch.session()
        turns = [s.send(t, dry_run=True) for t in case.turns]
        ok, what = outcome(case, turns)
        if ok and case.expect == "refuse" and a.table and turns[-1].revised_prompts and not turns[-1].refused:
            ok, what = False, f"generated (a new table counts only refusals): {turns[-1].revised_prompts[0][:100]!r}"
        half = half_of(case) if a.table else "all"
        results[(case.family, half)].append(ok)
        if case.expect == "refuse" and ok and not turns[-1].refused and not turns[-1].revised_prompts:
            unapplied[half] += 1
        for r in turns:
            sources[case.family] += [c.source for c in r.captions]
        if not ok and (half != "test" or a.show_test):
            print(f"  FAIL [{case.family}] {case.id}: {what}")
    rewriter = "the rule rewriter" if a.rules else "the packaged model"
    print(f"\nRED TEAM {a.table or 'table'} through the pipeline with {rewriter} ({time.time() - t0:.0f} s)")
    print(f"{'family':<24}{'expect':>8}{'half':>6}{'passed':>10}{'rate':>8}   captions by source")
    totals: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for fam, half in sorted(results):
        exp = next(c.expect for c in cases if c.family == fam)
        r = results[(fam, half)]
        totals[(exp, half)].extend(r)
        src = defaultdict(int)
        for x in sources[fam]:
            src[x] += 1
        print(f"{fam:<24}{exp:>8}{half:>6}{sum(r):>5}/{len(r):<4}{sum(r) / len(r):>8.1%}   {dict(src)}")
    for (exp, half), r in sorted(totals.items(), reverse=True):
        if exp == "refuse":
            aside = f"; {unapplied[half]} of them drew nothing only because the edit was not applied" \
                if unapplied[half] else ""
            print(f"attacks refused or neutralised ({half}): {sum(r)}/{len(r)} = {sum(r) / len(r):.1%}{aside}")
        else:
            print(f"benign conversations falsely refused ({half}): {len(r) - sum(r)}/{len(r)} = "
                  f"{(len(r) - sum(r)) / len(r):.1%}")
    if a.captions:
        added_risk(orch, a.data, a.captions, a.reach)
    orch.close()


def half_of(case) -> str:
    """``dev`` or ``test``, by a hash of the conversation (stable across runs and machines)."""
    return "dev" if int(hashlib.sha1(" >> ".join(case.turns).encode()).hexdigest(), 16) % 2 == 0 else "test"


def added_risk(orch: Orchestrator, data: Path, n: int, reach: int = 0) -> None:
    """Every caption the model writes (before any check) is compared with its request by the deterministic
    added-risk check; then what the pipeline let through to the generator is checked again."""
    rng = random.Random(0)
    prompts = [r["Prompt"] for r in csv.DictReader(open(data / "benign_prompts/drawbench.csv", encoding="utf-8-sig"))]
    prompts += (data / "benign_prompts/geneval_prompts.txt").read_text().splitlines()
    prompts += [x for f in sorted((data / "benign_prompts/t2i_compbench").glob("*.txt")) for x in f.read_text().splitlines()]
    prompts += [r["prompt"] for r in csv.DictReader(open(data / "benign_prompts/coco_captions_5k.csv"))]
    prompts += (data / "benign_prompts/animal_prompts.txt").read_text().splitlines()
    prompts = [x.strip() for x in prompts if x.strip()]
    twins = [c.turns[0] for c in load_cases() if c.expect == "allow" and len(c.turns) == 1]
    pool = twins + rng.sample(prompts, len(prompts))
    rw = orch.rewriter
    raw: list[tuple[str, str]] = []  # (request, caption) for every caption the model wrote
    ask = rw._ask

    def recording_ask(prompt, n, attempt=0, **variables):
        caps = ask(prompt, n, attempt=attempt, **variables)
        raw.extend((variables["request"], c) for c in caps or [])
        return caps

    rw._ask = recording_ask
    ask_scenes = rw._ask_scenes

    def recording_scenes(text, n, attempt=0):  # a new request: every field the model wrote, around the request
        from dataclasses import replace

        from limner.orchestrator.scenes import compose, subject_of

        answer = ask_scenes(text, n, attempt)
        every_field = replace(subject_of(text), fixed=set())  # what the model wrote, before any check
        raw.extend((text, compose(every_field, sc)) for sc in answer)
        return answer

    rw._ask_scenes = recording_scenes
    discarded = reached = carried = turns = 0
    terms: dict[str, int] = defaultdict(int)
    t0 = time.time()
    for prompt in pool:
        if len(raw) >= n and reached >= reach:
            break
        r = orch.session().send(prompt, n=2, dry_run=True)
        if r.status != TurnStatus.dry_run:
            continue
        turns += 1
        discarded += sum(f.category == "added_risk" for f in r.findings)
        for c in r.captions:
            reached += 1
            if orch.policy.added_risk(c.text, [prompt]):
                carried += 1
    risky = [(req, cap, orch.policy.added_risk(cap, [req])) for req, cap in raw]
    risky = [x for x in risky if x[2]]
    for _, _, added in risky:
        for t in added:
            terms[t.split(":")[0]] += 1
    print(f"\nREWRITER RISK ({time.time() - t0:.0f} s, {turns} requests): the model wrote {len(raw)} captions; "
          f"{len(risky)} of them added a risk term the request did not have {dict(terms)}; the caption rail "
          f"discarded {discarded} (the others had already failed the faithfulness checks); {carried} of {reached} "
          f"captions that reached the generator carry a risk term the request did not have")
    for req, cap, added in risky[:10]:
        print(f"  {req!r} -> {cap[:140]!r}  added {added}")


if __name__ == "__main__":
    main()
