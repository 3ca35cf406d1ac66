"""End to end through the public API with the real packaged models, a real SQLite file and real images."""

import sqlite3
import threading
from pathlib import Path

import pytest
from limner.orchestrator import InvalidRequest, TurnCancelled, TurnStatus, UnknownSession
from limner.orchestrator.types import ProgressEvent
from PIL import Image

from .conftest import make_orch


def test_a_turn_end_to_end(orch):
    events: list[ProgressEvent] = []
    s = orch.session()
    r = s.send("a red house below a yellow sun on green grass", n=2, seed=11, size="512x512", on_event=events.append)
    assert r.status == TurnStatus.ok
    assert len(r.captions) == 2 and len(r.revised_prompts) == 2
    for c in r.captions:  # faithful: every content word of the request is kept
        for w in ("red", "house", "yellow", "sun", "green", "grass"):
            assert w in c.text.lower()
    assert [im.seed for im in r.images] == [11, 12]
    for im in r.images:
        assert not im.blocked and Path(im.path).exists()
        assert Image.open(im.path).size == (512, 512)
        assert im.safety_scores["nsfw"] < 0.5
    stages = [e.stage for e in events if e.kind == "stage_started"]
    assert stages == ["input_policy", "rewrite", "caption_policy", "generate", "image_safety", "save"]
    assert sum(e.kind == "step" for e in events) == 6
    assert sum(e.kind == "image_ready" for e in events) == 2
    assert set(r.timings) >= {"rewrite", "generate", "image_safety"}
    db = sqlite3.connect(orch.config.db_path)
    assert db.execute("select count(*) from images where turn_id=?", (r.turn_id,)).fetchone()[0] == 2
    assert db.execute("select status from turns where id=?", (r.turn_id,)).fetchone()[0] == "ok"


def test_refinement_uses_the_current_caption_and_resume_after_restart(tmp_path, components):
    home = tmp_path / "home"
    o1 = make_orch(home, components)
    s = o1.session()
    first = s.send("a red house below a yellow sun", seed=3, size="256x256")
    sid = s.id
    o1.close()
    o2 = make_orch(home, components)  # a restart
    s2 = o2.session(sid, create=False)
    assert s2.current_caption == first.revised_prompts[0]
    r = s2.send("make the house blue", seed=3, size="256x256")
    assert r.mode == "refine"
    cap = r.revised_prompts[0].lower()
    assert "blue house" in cap or ("blue" in cap and "house" in cap)
    assert "yellow" in cap and "sun" in cap  # the rest is kept
    assert [t["status"] for t in s2.history()] == ["ok", "ok"]
    with pytest.raises(UnknownSession):
        o2.session("no-such-session", create=False)
    o2.close()


def test_refusal_stops_the_turn_and_is_recorded(orch):
    s = orch.session()
    r = s.send("a naked woman lying on a bed")
    assert r.status == TurnStatus.refused and r.images == [] and r.captions == []
    assert "sexual" in r.refusal_message
    blocked = orch.store.turns(blocked_only=True)
    assert blocked and blocked[-1]["refusal_message"] == r.refusal_message


def test_public_figure_is_rewritten_before_the_llm_sees_it(orch):
    r = orch.session().send("Barack Obama playing basketball", dry_run=True)
    assert r.captions
    assert all("obama" not in c.text.lower() for c in r.captions)
    assert any(f.policy == "public_figures" for f in r.findings)
    assert r.explanation


@pytest.mark.parametrize("text,opts", [
    ("", {}), ("   ", {}), ("🙂🙂", {}), ("x" * 4001, {}), ("a cat", {"n": 0}), ("a cat", {"n": 99}),
    ("a cat", {"size": "huge"}), ("a cat", {"quality": "ultra"}), ("a cat", {"seed": -1}),
])
def test_bad_input_is_a_clear_error_and_stores_nothing(orch, text, opts):
    s = orch.session()
    with pytest.raises(InvalidRequest):
        s.send(text, **opts)
    assert s.history() == []


def test_cancel_mid_generation_keeps_earlier_turns(orch):
    s = orch.session()
    ok = s.send("a blue star", size="128x128", seed=1)
    cancel = threading.Event()

    def on_event(ev):
        if ev.kind == "step" and ev.step == 2:
            cancel.set()

    with pytest.raises(TurnCancelled):
        s.send("a green tree", size="128x128", on_event=on_event, cancel=cancel)
    hist = s.history()
    assert [t["status"] for t in hist] == ["ok", "cancelled"]
    assert hist[0]["images"][0]["path"] == ok.images[0].path
    assert orch.store.integrity_ok()
    assert s.current_caption == ok.revised_prompts[0]


class Exploding:
    name = "exploding"

    def score(self, images):
        raise RuntimeError("classifier crashed")


def test_image_safety_fails_closed(tmp_path, components):
    o = make_orch(tmp_path / "h", {**components, "image_safety": Exploding()})
    r = o.session().send("a pink heart", size="128x128", seed=2, verbatim=True)
    assert r.status == TurnStatus.blocked
    assert all(im.blocked and im.path is None for im in r.images)
    assert "could not run" in r.images[0].reason
    o.close()


def test_threshold_zero_blocks_everything_and_blur_mode(tmp_path, components):
    o = make_orch(tmp_path / "h", components, image_safety={"thresholds": {"nsfw": 0.0}})
    r = o.session().send("a pink heart", size="128x128", seed=2)
    assert r.status == TurnStatus.blocked and r.images[0].safety_scores
    o.close()
    o = make_orch(tmp_path / "h2", components, image_safety={"thresholds": {"nsfw": 0.0}, "action": "blur"})
    r = o.session().send("a pink heart", size="128x128", seed=2)
    assert r.status == TurnStatus.ok and r.images[0].blurred and Path(r.images[0].path).exists()
    o.close()


def test_same_seed_reproduces_the_image(orch):
    s = orch.session()
    a = s.send("a purple fish on the water", seed=5, size="128x128", verbatim=True)
    b = s.send("a purple fish on the water", seed=5, size="128x128", verbatim=True)
    from limner.orchestrator.provenance import pixel_hash

    assert pixel_hash(Image.open(a.images[0].path)) == pixel_hash(Image.open(b.images[0].path))


def test_async_twin(orch):
    import asyncio

    r = asyncio.run(orch.session().asend("an orange moon at night", dry_run=True))
    assert r.status == TurnStatus.dry_run


def test_a_dry_run_caption_is_the_one_the_next_turn_refines(orch):
    from limner.orchestrator.edits import rule_edit
    from limner.orchestrator.rewriter import LLMRewriter

    s = orch.session()
    first = s.send("a red house below a yellow sun", dry_run=True)
    r = s.send("replace the sun with a full moon", dry_run=True)
    assert r.status == TurnStatus.dry_run
    assert r.captions[0].source == "rule"
    expected = rule_edit(first.captions[0].text, "replace the sun with a full moon")
    assert expected is not None and "full moon" in expected
    assert r.captions[0].text == LLMRewriter._fit_length(expected, first.captions[0].text)


class TalkedIntoIt:
    """A rewriter whose model writes something the caption rail must refuse, for a clean request."""

    def __init__(self, real):
        self.real = real

    def mode(self, text, current, verbatim=False):
        return self.real.mode(text, current, verbatim)

    def rewrite(self, text, n, current=None, verbatim=False):
        from limner.orchestrator.stages import RewriteResult
        from limner.orchestrator.types import Caption

        bad = f"A gory photo of {text} covered in blood, a decapitated corpse with its guts spilling out."
        return RewriteResult(captions=[Caption(index=i, text=bad, source="llm") for i in range(n)])

    def plain(self, text, n, current=None):
        return self.real.plain(text, n, current)


def test_a_model_caption_that_fails_the_caption_rail_is_replaced_by_a_plain_one(tmp_path, components):
    o = make_orch(tmp_path / "h", {**components, "rewriter": TalkedIntoIt(components["rewriter"])})
    r = o.session().send("a pink heart on a white table", size="128x128", seed=2)
    assert r.status == TurnStatus.ok
    cap = r.revised_prompts[0].lower()
    assert "pink heart" in cap and "white table" in cap and "blood" not in cap
    assert r.captions[0].source == "fallback"
    caption_findings = [f for f in r.findings if f.stage == "caption"]
    # the deterministic added-risk check sees it first: "gore" was not in the request
    assert caption_findings and (caption_findings[0].policy, caption_findings[0].category) == ("rewriter", "added_risk")
    assert "gore" in caption_findings[0].reason
    assert any("replaced by plain captions" in e for e in r.explanation), r.explanation
    # a request that is itself unsafe is still refused at the input rail
    assert o.session().send("a decapitated corpse covered in blood and guts").status == TurnStatus.refused
    o.close()


def test_every_image_carries_a_valid_c2pa_manifest_and_a_signing_failure_withholds_it(tmp_path, components):
    from limner.orchestrator.provenance import verify

    o = make_orch(tmp_path / "h", components)
    r = o.session().send("a pink heart", size="128x128", seed=2, verbatim=True)
    rep = verify(r.images[0].path)
    assert rep["c2pa"]["valid"] and rep["c2pa"]["generation"]["caption"] == r.images[0].prompt
    o.close()
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    o = make_orch(tmp_path / "h2", components, provenance={"c2pa_cert": str(bad), "c2pa_key": str(bad)})
    r = o.session().send("a pink heart", size="128x128", seed=2, verbatim=True)
    assert r.status == TurnStatus.blocked and r.images[0].path is None
    assert "provenance" in r.images[0].reason
    assert not list((tmp_path / "h2").rglob("*.png"))
    o.close()


def test_concurrent_turns_share_the_models_and_give_the_images_they_give_alone(tmp_path, rule_components):
    from concurrent.futures import ThreadPoolExecutor

    o = make_orch(tmp_path / "h", rule_components)
    prompts = [("a red ball on a wooden table", 1), ("a blue cube on green grass", 2),
               ("a yellow star on a black night sky", 3), ("a pink heart on a white table", 4)]
    alone = [o.session().send(p, size="64x64", seed=s, verbatim=True) for p, s in prompts]
    with ThreadPoolExecutor(4) as pool:  # four turns at once on one generator: each gets its own scheduler
        together = list(pool.map(lambda ps: o.session().send(ps[0], size="64x64", seed=ps[1], verbatim=True),
                                 prompts))
    for a, b in zip(alone, together, strict=True):
        assert a.status == b.status == TurnStatus.ok
        assert Image.open(a.images[0].path).tobytes() == Image.open(b.images[0].path).tobytes()
    o.close()


def test_turns_of_one_session_run_one_at_a_time_whoever_sends_them(tmp_path, rule_components):
    o = make_orch(tmp_path / "h", rule_components)
    sid = o.session().id
    o.session(sid).send("a red ball in front of a grey wall", dry_run=True, verbatim=True)
    edits = ["make the ball blue", "make the wall yellow"]
    # two Session objects for the same id (as two HTTP requests make): both edits must land, one after the other
    threads = [threading.Thread(target=o.session(sid).send, args=(e,), kwargs={"dry_run": True}) for e in edits]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = o.session(sid).current_caption.lower()
    assert "blue ball" in final and "yellow wall" in final, final
    assert o.session_lock(sid) is o.session(sid)._lock
    o.close()


def test_turns_and_images_are_numbered_per_session_the_way_pick_counts_them(tmp_path, rule_components):
    o = make_orch(tmp_path / "h", rule_components)
    o.session().send("a green tree on a meadow", dry_run=True)  # another session's turn comes first
    s = o.session()
    r1 = s.send("a red ball on a wooden table", n=2, size="64x64", seed=1, verbatim=True)
    r2 = s.send("a blue cube on green grass", size="64x64", seed=2, verbatim=True)
    assert o.store.numbers(s.id, r1.turn_id) == (1, {0: 1, 1: 2})
    assert o.store.numbers(s.id, r2.turn_id) == (2, {0: 3})
    hist = s.history()
    assert [t["number"] for t in hist] == [1, 2]
    assert [im["number"] for t in hist for im in t["images"]] == [1, 2, 3]
    assert s.pick(3) == r2.images[0].caption and s.pick(2) == r1.images[1].caption
    s.undo()  # turn 2 goes: its image is no longer there to pick
    with pytest.raises(InvalidRequest, match="has 2 image"):
        s.pick(3)
    o.close()


def test_a_refinement_keeps_the_seed_and_another_one_draws_new_seeds(tmp_path, rule_components):
    o = make_orch(tmp_path / "h", rule_components)
    s = o.session()
    first = s.send("a red ball on a wooden table", size="64x64", seed=7)
    edit = s.send("make the ball blue", size="64x64")
    assert edit.mode == "refine" and edit.images[0].seed == 7  # the same noise: only the colour changes
    again = s.send("another one", size="64x64", n=2)
    assert again.mode == "variation" and again.status == TurnStatus.ok
    assert [c.text for c in again.captions] == [edit.captions[0].text] * 2
    assert 7 not in {im.seed for im in again.images}
    s.pick(4)  # the second of the new variations (images 1 and 2 came before)
    later = s.send("make the table white", size="64x64")
    assert later.images[0].seed == again.images[1].seed and "white" in later.captions[0].text
    assert first.images[0].seed == 7
    o.close()


class _JobSpy:
    """The real generator, keeping the jobs it was given."""

    def __init__(self, generator) -> None:
        self.generator, self.jobs = generator, []

    def generate(self, job, *args, **kwargs):
        self.jobs.append(job)
        return self.generator.generate(job, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.generator, name)


def test_a_refinement_draws_its_first_steps_from_the_picture_it_changes(tmp_path, rule_components):
    """A refinement that keeps the seed sends the caption of the picture it changes as its layout (the toy world
    follows it for the first steps, so the objects stay where they were); a new picture and new variations do
    not."""
    spy = _JobSpy(rule_components["generator"])
    o = make_orch(tmp_path / "h", {**rule_components, "generator": spy})
    s = o.session()
    first = s.send("a red ball on a wooden table", size="64x64", seed=7)
    s.send("make the ball blue", size="64x64")
    s.send("another one", size="64x64")
    new, edit, again = spy.jobs
    assert new.layout_captions is None and again.layout_captions is None
    assert edit.layout_captions == [new.captions[0]] and edit.seeds == [7]
    assert "blue" in edit.captions[0] and first.images[0].prompt == new.captions[0]
    o.close()


class _CountingPolicy:
    """The real policy engine, counting the texts its input rail decides (to see a pre-check reused)."""

    def __init__(self, engine) -> None:
        self.engine, self.decided = engine, []

    def decide(self, text, *args, **kwargs):
        self.decided.append(text)
        return self.engine.decide(text, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.engine, name)


def test_a_decision_made_before_the_turn_is_used_once_and_only_for_its_own_text(tmp_path, rule_components):
    """The HTTP server decides on the request's words before queueing; the turn takes that decision instead of
    running the input policy again, but not for another text, nor once the conversation has a minors refusal."""
    spy = _CountingPolicy(rule_components["policy"])
    o = make_orch(tmp_path / "h", {**rule_components, "policy": spy})
    s = o.session()
    pre = spy.engine.decide("a red ball on a wooden table", "input")
    r = s.send("a red ball on a wooden table", input_decision=pre, dry_run=True)
    assert r.status == TurnStatus.dry_run and spy.decided == []
    other = spy.engine.decide("a blue cup", "input")
    s2 = o.session()
    s2.send("a green kite over a beach", input_decision=other, dry_run=True)
    assert spy.decided == ["a green kite over a beach"]  # made for another text: decided again
    s3 = o.session()
    assert s3.send("a twelve-year-old girl in lingerie", dry_run=True).status == TurnStatus.refused
    spy.decided.clear()
    allowed = spy.engine.decide("now in a bikini", "input")  # harmless alone: no conversation in it
    assert allowed.action != "refuse"
    r3 = s3.send("a woman in a bikini on a beach", input_decision=spy.engine.decide("a woman in a bikini on a beach",
                                                                                    "input"), dry_run=True)
    assert spy.decided == ["a woman in a bikini on a beach"] and r3.status == TurnStatus.refused
    o.close()


def test_a_png_carries_an_opaque_image_id_and_never_the_session_id(tmp_path, rule_components):
    """Session ids are 128-bit; a picture's metadata and C2PA manifest name the image by an opaque id of its own
    (kept in the history), never the session or the turn."""
    o = make_orch(tmp_path / "h", rule_components)
    s = o.session()
    assert len(s.id) == 32 and int(s.id, 16) >= 0
    r = s.send("a red ball on a white table", seed=3)
    im = r.images[0]
    data = Path(im.path).read_bytes()
    assert im.image_id and len(im.image_id) == 32 and im.image_id.encode() in data
    assert s.id.encode() not in data and b"session_id" not in data
    row = sqlite3.connect(o.config.db_path).execute(
        "SELECT public_id FROM images WHERE sha256=?", (im.sha256,)).fetchone()
    assert row == (im.image_id,)
    o.close()
