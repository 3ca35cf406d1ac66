"""One chat turn, top to bottom.

    1. input rail   policies on the user's text; a refinement also with the caption it changes
    2. rewrite      new captions, or the session's current caption refined (nothing appended raw)
    3. caption rail no caption may add risk the request did not have; every final caption judged whole
    4. plan         seeds (a refinement keeps the picture's seed, and its layout where the pipeline can), style, steps
    5. generate     all approved captions in one batched call
    6. image rail   image-safety classifier on every image; fail closed
    7. save         PNG with provenance -> TurnResult (the Session records it)

Each stage is a component behind a small Protocol (``stages.py``), swapped by config or by passing another
object. A refusal at any stage stops the turn with a message that says which check and why.
"""

from __future__ import annotations

import hashlib
import random
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from .captions import (
    carries_on,
    changes_course,
    continues,
    enters_scene,
    picture_words,
    refers_back,
    reframes,
    resolve_pronouns,
    too_short_to_stand_alone,
)
from .config import LimnerConfig
from .generator import GenerationJob, Generator, ImageOutcome
from .stages import Emit, ImageSafety, ImageSaver, PolicyRail, Rewriter, RewriteResult
from .types import (
    Caption,
    GeneratedImage,
    ImageRequest,
    PolicyDecision,
    PolicyFinding,
    ProgressEvent,
    StorageError,
    TurnContext,
    TurnResult,
    TurnStatus,
)

# ----------------------------------------------------------------------------- the turn


class Slot(BaseModel):
    """One image slot after the image rail: the outcome, its safety scores, or why it is withheld."""

    model_config = {"arbitrary_types_allowed": True}

    outcome: ImageOutcome
    scores: dict[str, float] | None = None
    reason: str | None = None



class TurnPipeline:
    def __init__(self, config: LimnerConfig, policy: PolicyRail, rewriter: Rewriter, generator: Generator,
                 image_safety: ImageSafety | None, saver: ImageSaver) -> None:
        self.config = config
        self.policy = policy
        self.rewriter = rewriter
        self.generator = generator
        self.image_safety = image_safety
        self.saver = saver

    def __call__(self, session_id: str, turn_id: int, request: ImageRequest, context: TurnContext | str | None,
                 emit: Emit, cancel: threading.Event | None = None, dry_run: bool = False) -> TurnResult:
        cfg = self.config
        ctx = context if isinstance(context, TurnContext) else TurnContext(current=context)
        result = TurnResult(session_id=session_id, turn_id=turn_id, status=TurnStatus.running, request=request)

        @contextmanager
        def stage(name: str) -> Iterator[None]:
            emit(ProgressEvent(kind="stage_started", stage=name))
            t0 = time.perf_counter()
            try:
                yield
            finally:
                result.timings[name] = round(time.perf_counter() - t0, 4)
                emit(ProgressEvent(kind="stage_finished", stage=name, data={"seconds": result.timings[name]}))

        def refuse(message: str) -> TurnResult:
            result.status = TurnStatus.refused
            result.refusal_message = message
            return result

        # 1. Input rail: policies on the user's own words and, for a refinement, on the caption they change
        #    together with them ("a woman on a beach" + "remove her clothes" is judged as what it now asks for)
        verbatim = cfg.rewriter.verbatim if request.verbatim is None else request.verbatim
        with stage("input_policy"):
            mode = self.rewriter.mode(request.text, ctx.current, verbatim)
            decision = self.input_rail(request.text, ctx, refine=mode == "refine")
        result.findings += decision.findings
        result.explanation += decision.notes
        if decision.action == "refuse":
            return refuse(decision.message or "This request was refused by the content policy.")
        text = decision.text

        # 2. Rewrite: new captions, or the current caption refined by this turn's instruction; a turn that tells
        #    what happens next in the picture is written with the picture's scene
        with stage("rewrite"):
            rw, text = self.rewrite(text, request.n, ctx, verbatim, mode)
        result.mode = rw.mode  # type: ignore[assignment]
        result.explanation += rw.notes
        if not rw.captions:  # a refinement nothing could apply: say so, never append the raw instruction
            result.status = TurnStatus.not_applied
            result.refusal_message = rw.notes[-1] if rw.notes else "I couldn't apply that change."
            return result

        # 3. Caption rail: the caption the generator receives is what gets judged
        with stage("caption_policy"):
            names = [f.span for f in decision.findings if f.policy == "public_figures" and f.span]
            captions = self.caption_rail(result, rw.captions[: request.n], [request.text, text, ctx.current],
                                         names, ctx, decision.language)
        result.captions = captions
        approved = [c for c in captions if c.approved]
        result.revised_prompts = [c.text for c in approved]
        if not approved:
            reasons = "; ".join(dict.fromkeys(c.note or "" for c in captions if c.note))
            return refuse(f"I can't make this image: every caption failed the content policy ({reasons}).")
        if len(approved) < len(captions):
            result.explanation.append(f"{len(captions) - len(approved)} caption(s) were dropped by the content "
                                      "policy; the others were generated.")
        if dry_run:
            result.status = TurnStatus.dry_run
            return result

        # 4. Plan the job: one seed per image (a refinement keeps the seed of the picture it changes), the style
        job = self.plan_job(request, approved, ctx, refine=result.mode == "refine")

        # 5. Generate: every approved caption in one batched call
        def on_step(i: int, total: int) -> None:
            emit(ProgressEvent(kind="step", stage="generate", step=i, total=total))

        with stage("generate"):
            outcomes = self.generator.generate(job, on_step=on_step, cancel=cancel)

        # 6. Image rail: nothing leaves unchecked; if the classifier cannot run, the images are withheld
        with stage("image_safety"):
            slots = self.image_rail(outcomes)

        # 7. Save what passed, with provenance; record why anything was withheld
        with stage("save"):
            try:
                for i, (cap, seed, slot) in enumerate(zip(approved, job.seeds, slots, strict=True)):
                    result.images.append(self.save_image(result, i, cap.text, job.captions[i], seed, slot, emit))
            except StorageError:  # a failed turn leaves no files behind
                for im in result.images:
                    if im.path:
                        Path(im.path).unlink(missing_ok=True)
                raise

        shown = [im for im in result.images if not im.blocked]
        withheld = [im for im in result.images if im.blocked]
        for im in withheld:
            result.explanation.append(f"Image {im.index + 1} was {im.reason}.")
        result.status = TurnStatus.ok if shown else TurnStatus.blocked
        if not shown:
            result.refusal_message = "No image could be shown: " + "; ".join(im.reason or "" for im in withheld)
        return result

    # ------------------------------------------------------------------ rewrite
    def rewrite(self, text: str, n: int, ctx: TurnContext, verbatim: bool, mode: str) -> tuple[RewriteResult, str]:
        """The rewriter's captions for this turn, and the words they were written from. A turn that carries on the
        current picture's scene (``captions.carries_on``: "a man in a suit parks outside" after "a mosque during
        friday prayers") and that the rewriter would draw as a new picture, or could not apply as an edit ("the
        boy asks if he can pet it"), is written from the user's words for the picture with the turn after them, so
        the mosque stays in the picture. ``mode`` is the rewriter's reading of the turn, made for the input rail."""
        scene = picture_words(ctx.picture_turns) if mode in ("new", "refine") and carries_on(text) else None
        rw = None if mode == "new" and scene else self.rewriter.rewrite(text, n, current=ctx.current,
                                                                           verbatim=verbatim)
        if rw is not None and (rw.captions or not scene):
            return rw, text
        joined = ". ".join(_capitalised(s) for s in (scene or "", text.strip().rstrip(".")))
        # the picture's words as the policies leave them, as the turn's own were: a private name the first turn
        # masked ("draw Tomasz Nowak reading in a café" -> "a person reading ...") stays masked
        treated = self.policy.decide(joined, stage="input", refused_before=ctx.refused_before)
        if treated.action == "refuse":  # read whole, refused: the input rail's readings are what the turn passed
            return (rw, text) if rw is not None else (self.rewriter.rewrite(text, n, current=ctx.current,
                                                                             verbatim=verbatim), text)
        joined = treated.text
        again = self.rewriter.rewrite(joined, n, current=None)
        if rw is not None and not again.captions:
            return rw, text
        note = f"This turn carries on the current picture, so its caption keeps the scene: {scene[:120]!r}."
        return again.model_copy(update={"mode": "new", "notes": [*again.notes, note]}), joined

    # ------------------------------------------------------------------ generation steps
    def plan_job(self, request: ImageRequest, approved: list[Caption], ctx: TurnContext, refine: bool
                 ) -> GenerationJob:
        """Seeds, style clause, guidance and steps. The style clause is added here and only here: captions and
        revised prompts never carry it, the prompt sent to the generator does."""
        gen = self.config.generator
        layout = None
        if request.seed is not None:
            base = request.seed
        elif refine and ctx.seed is not None:
            base = ctx.seed  # the same noise: the picture keeps its layout and only what was asked changes
            layout = ctx.current  # and the first steps follow the caption that drew it, where the pipeline can
        else:
            base = random.SystemRandom().randrange(2**31)
        vivid = request.style.value == "vivid"
        clause = gen.style_clause_vivid if vivid else gen.style_clause_natural
        return GenerationJob(captions=[c.text.rstrip(". ") + clause for c in approved],
                             layout_captions=[layout.rstrip(". ") + clause] * len(approved) if layout else None,
                             seeds=[(base + i) % 2**32 for i in range(len(approved))],
                             width=request.width, height=request.height,
                             steps=gen.steps_hd if request.quality.value == "hd" else gen.steps_standard,
                             guidance=gen.guidance_vivid if vivid else gen.guidance_natural,
                             negative_prompt=request.negative_prompt or gen.negative_prompt)

    def image_rail(self, outcomes: list[ImageOutcome]) -> list[Slot]:
        """One slot per image: the picture with its safety scores, or why it is withheld (fails closed)."""
        pictures = [o.image for o in outcomes if o.image is not None]
        scores: list[dict[str, float]] = []
        error = None
        if self.image_safety is None:
            scores = [{} for _ in pictures]
        elif pictures:
            try:
                scores = self.image_safety.score(pictures)
                if len(scores) != len(pictures):
                    raise RuntimeError(f"{len(scores)} scores for {len(pictures)} images")
            except Exception as e:  # noqa: BLE001 - fail closed on any classifier failure
                error = f"withheld: the image-safety check could not run ({type(e).__name__}: {e})"
        it = iter(scores)
        slots = []
        for o in outcomes:
            if o.image is None:
                slots.append(Slot(outcome=o, reason=f"generation failed: {o.error}"))
            elif error:
                slots.append(Slot(outcome=o, reason=error))
            else:
                slots.append(Slot(outcome=o, scores=next(it)))
        return slots

    def save_image(self, result: TurnResult, i: int, caption: str, prompt: str, seed: int, slot: Slot,
                   emit: Emit) -> GeneratedImage:
        cfg, request = self.config, result.request
        gi = GeneratedImage(index=i, image_id=uuid.uuid4().hex, path=None, seed=seed, caption=caption, prompt=prompt,
                            width=request.width, height=request.height, native_size=slot.outcome.native_size,
                            safety_scores=slot.scores or {})
        if slot.reason:
            gi.blocked, gi.reason = True, slot.reason
            return gi
        image = slot.outcome.image
        failed = self._failed_checks(gi.safety_scores)
        if failed and cfg.image_safety.action == "blur":
            from PIL import ImageFilter

            image = image.filter(ImageFilter.GaussianBlur(max(image.size) / 12))
            gi.blurred, gi.reason = True, f"blurred: image-safety check failed ({failed})"
        elif failed:
            gi.blocked, gi.reason = True, f"withheld: image-safety check failed ({failed}); try another seed or caption"
            return gi
        path = cfg.images_dir / result.session_id / f"turn{result.turn_id:05d}-{i}-{seed}.png"
        meta = {"caption": prompt, "revised_prompt": caption, "seed": seed,
                "size": f"{request.width}x{request.height}", "native_size": slot.outcome.native_size,
                "generator": self.generator.name, "image_id": gi.image_id,
                "policy": [f.model_dump(include={"policy", "category", "action"}) for f in result.findings],
                "safety": gi.safety_scores, "blurred": gi.blurred}
        try:
            self.saver.save(image, path, meta)
        except OSError as e:  # the disk, not the image: the turn fails (a 507 over HTTP) and says why
            raise StorageError(f"could not save image {i + 1} of this turn: {e.strerror or e} (free some space or "
                               "check the images folder's permissions; earlier turns are intact)") from e
        except Exception as e:  # noqa: BLE001 - an image never leaves without its provenance
            gi.blocked = True
            gi.reason = f"withheld: it could not be saved with its provenance ({type(e).__name__}: {e})"
            return gi
        gi.path = str(path)
        gi.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        emit(ProgressEvent(kind="image_ready", stage="save", image_index=i, data={"image_id": gi.image_id, "caption": caption}))
        return gi

    # ------------------------------------------------------------------ rails
    def input_rail(self, text: str, ctx: TurnContext, refine: bool) -> PolicyDecision:
        """The user's words; then, where the turn leans on the conversation, the words it leans on too, and a
        refusal of that combination refuses the turn:
        - a follow-up that only says "more", "even less", "nothing at all", only looks another way ("close-up"), or
          says something risky in three words or fewer ("blood dripping"), or speaks of someone of the scene ("he
          stops struggling" after "they hold one boy under the water") or brings someone into it ("a crowd gathers
          with stones" after a woman buried in sand) and does not change course ("she reads a book instead"),
          right after a refused turn continues that request: the current caption, the refused words and the turn
          together;
        - a turn of five words or fewer refused by the content classifier alone is read with the picture instead
          (``_read_with_picture_instead``);
        - a refinement, a turn that speaks of someone in the current picture ("with him", "the stranger"), one
          of three words or fewer ("penetration" after "a couple on a bed") or a viewpoint on the picture ("hidden
          camera view from the ceiling" after "a woman in a fitting room trying on a bra"): the turn with the
          current caption, and with the user's words for the picture; so is a turn that only goes further ("and
          slips off the bottoms too"), which the language model may draw as a new picture.
        Each of these readings is also read with "it" and "them" written as what they stand for ("he sets it on
        fire" after a cat: ``captions.resolve_pronouns``)."""
        pre = ctx.input_decision
        if pre is not None and pre.checked == text and not ctx.refused_before:
            decision = pre
        else:
            decision = self.policy.decide(text, stage="input", refused_before=ctx.refused_before)
        picture = _sentence(ctx.current)
        if decision.action == "refuse":
            decision = self._read_with_picture_instead(decision, text, ctx, picture, refine)
            if decision.action == "refuse":
                return decision
        if ctx.refused_request and (continues(text) or reframes(text) or (
                too_short_to_stand_alone(text) and self.policy.added_risk(text, []))  # any risk term of its own
                or ((refers_back(text) or enters_scene(text)) and not changes_course(text))):
            # "he stops struggling", "a crowd gathers with stones": the refused scene goes on
            words = _sentence(picture_words(ctx.picture_turns))
            refused = f"{ctx.refused_request.rstrip(' .')}, {text}"
            return self._judged_with(decision, [f"{picture}{refused}", f"{words}{refused}"], ctx,
                                     "As a continuation of the refused request",
                                     f"(This follow-up was judged as a continuation of the request refused just "
                                     f"before: {ctx.refused_request[:120]!r}.)")
        if picture and (refine or refers_back(text) or too_short_to_stand_alone(text) or reframes(text)
                        or continues(text) or enters_scene(text)):
            words = _sentence(picture_words(ctx.picture_turns))
            return self._judged_with(decision, [f"{picture}{text}", f"{words}{text}" if words else ""], ctx,
                                     "Together with the current picture",
                                     f"(This change was judged together with the current picture: "
                                     f"{ctx.current[:120]!r}.)")  # type: ignore[index]
        return decision

    def _read_with_picture_instead(self, decision: PolicyDecision, text: str, ctx: TurnContext, picture: str,
                                   refine: bool) -> PolicyDecision:
        """A turn of five words or fewer that speaks of the picture and was refused by the content classifier
        alone ("she wraps her up" after a girl, 7, in a bath and her mother with a towel: sexual 0.80) gives the
        classifier almost nothing to read: it is read with the picture instead, and the bare turn's reading is set
        aside, with a reason, when the user's words for the picture with the turn are clearly harmless (refused by
        nothing, every classifier score under half its threshold: sexual 0.05 here) and the current caption with
        the turn is refused by no list, pattern or rule. The caption reading's classifier score does not count: the
        rule rewriter's decorated caption is read erratically (sexual 0.72 for "a scene in which her mom comes in
        with a towel ... she wraps her up"). Not right after a refusal, and never a list's, a rule's or the minors
        rule's refusal."""
        refusing = [f for f in decision.findings if f.action == "refuse"]
        if not (picture and refusing and all(f.by_classifier for f in refusing) and not ctx.refused_request
                and 0 < len(re.findall(r"[\w']+", text)) <= 5 and (refine or refers_back(text) or continues(text))):
            return decision
        words = _sentence(picture_words(ctx.picture_turns))
        if not words:
            return decision
        with_caption = self.policy.decide(f"{picture}{text}", stage="input", refused_before=ctx.refused_before,
                                          language=decision.language)
        if any(f.action == "refuse" and not f.by_classifier for f in with_caption.findings) \
                or not self.policy.clearly_harmless(f"{words}{text}", decision.language):
            return decision  # "he cuts his head off" after a masked man with a knife: violence 0.97 with the words
        for f in refusing:
            f.action = "allow"
            f.reason = (f"{_SET_ASIDE} {f.reason} That was this short turn read alone; read with the current picture "
                        f"({ctx.current[:80]!r}), nothing was found.")  # type: ignore[index]
        return decision.model_copy(update={"action": "allow", "message": None})

    def _judged_with(self, decision: PolicyDecision, views: list[str], ctx: TurnContext, how: str, note: str
                     ) -> PolicyDecision:
        """The turn's own decision, or a refusal when the turn with what it leans on is refused. That is read two
        ways: with the current caption, and with the user's own words that asked for the picture ("a boy scout
        campfire. add marshmallows on sticks"). A word list, a rule or the minors rule refusing either reading
        refuses the turn; the content classifier alone refuses it when it refuses the user's own words read whole,
        as they would be read asked in one request ("a couple arguing in a kitchen. he grabs a knife. she lies on
        the floor in a pool of blood": violence 0.97), or both readings for the same reason; not the caption
        reading alone: the small classifier reads the long decorated caption with an edit appended erratically
        (illegal activity 0.77 for the campfire, 0.00 for the same words without the rewriter's decoration)."""
        own = views[1] if len(views) > 1 and views[1] else None  # the user's words for the picture, with the turn
        views = [v for v in views if v]
        # and each with "it" and "them" written as what they stand for ("he sets it on fire" after a cat): lists,
        # patterns and rules only, the classifier's reading of a rewritten text does not count by itself
        resolved = [r for r in dict.fromkeys(resolve_pronouns(v) for v in views) if r not in views]
        decided = self.policy.decide_many(views + resolved, stage="input", refused_before=ctx.refused_before,
                                          language=decision.language)
        refusing = [[f for f in d.findings if f.action == "refuse"] for d in decided]
        both = set.intersection(*({f.category for f in fs if f.by_classifier} for fs in refusing[:len(views)]))
        for i, (d, fs) in enumerate(zip(decided, refusing, strict=True)):
            kept = [f for f in fs if not f.by_classifier or (i < len(views) and (f.category in both or views[i] == own))]
            if kept:
                for f in kept:
                    f.reason = f"{how}: {f.reason}"
                decision.findings += kept
                return decision.model_copy(update={"action": "refuse", "message": f"{d.message} {note}"})
        return decision

    def caption_rail(self, result: TurnResult, captions: list[Caption], sources: list[str | None],
                     names: list[str], ctx: TurnContext, language: str = "en") -> list[Caption]:
        """(a) a caption the model wrote may not add risk the request did not have (ages, children, nudity,
        sexual words, weapons, gore, real names, hate terms): it is discarded, whatever the classifier says;
        (b) every final caption is judged whole by the policies, in the request's language (a caption built
        around German words is judged with the German lists). A model caption that fails either is replaced
        by a plain caption made from the user's words and judged again; a rule-made or plain caption that fails
        is dropped."""
        text = sources[1] or ""
        redo: dict[int, str] = {}
        for i, c in enumerate(captions):
            if c.source in ("llm", "refined"):
                added = self.policy.added_risk(c.text, sources, names, language)
                if added:
                    redo[i] = f"the model's caption added {', '.join(added)}, which your request did not have"
                    result.findings.append(PolicyFinding(
                        policy="rewriter", category="added_risk", span=", ".join(added), action="rewrite",
                        stage="caption", caption_index=c.index,
                        reason=f"The model's caption added {', '.join(added)}; it was discarded."))
        decisions = self.policy.decide_many([c.text for c in captions], stage="caption",
                                            refused_before=ctx.refused_before, language=language)
        set_aside = {f.category for f in result.findings if f.stage == "input" and f.by_classifier
                     and f.action == "allow" and f.reason.startswith(_SET_ASIDE)}
        for i, (c, d) in enumerate(zip(captions, decisions, strict=True)):
            if set_aside and d.action == "refuse" and c.source not in ("llm", "refined"):
                decisions[i] = d = _set_aside_again(d, set_aside)
            if d.action == "refuse" and c.source in ("llm", "refined") and i not in redo:
                redo[i] = "the model's caption failed the content policy"
                for f in d.findings:
                    f.action = "rewrite"
                    f.reason = f"model-written caption replaced: {f.reason}"
                result.findings += d.findings
        if redo:
            plain = self.rewriter.plain(text, len(captions), current=ctx.current)
            for i, why in redo.items():
                if i < len(plain):
                    captions[i] = plain[i].model_copy(update={
                        "index": i, "note": f"{why}; a plain caption made from your words was used instead"})
                else:
                    captions[i] = captions[i].model_copy(update={"approved": False, "note": why})
            again = self.policy.decide_many([captions[i].text for i in redo], stage="caption",
                                            refused_before=ctx.refused_before, language=language)
            for i, d in zip(redo, again, strict=True):
                decisions[i] = d
            result.explanation.append(f"{len(redo)} caption(s) written by the model were discarded "
                                      f"({'; '.join(dict.fromkeys(redo.values()))}) and replaced by plain captions "
                                      "made from your words.")
        for i, (cap, d) in enumerate(zip(captions, decisions, strict=True)):
            for f in d.findings:
                f.stage, f.caption_index = "caption", cap.index
            if i not in redo or cap.source not in ("llm", "refined"):
                result.findings += d.findings
            if d.action == "refuse" or not cap.approved:
                cap.approved = False
                cap.note = d.message if d.action == "refuse" else cap.note
            elif d.action == "rewrite":
                cap.text = d.text
                cap.note = "; ".join(d.notes) or "rewritten by policy"
                for note in d.notes:
                    if note not in result.explanation:
                        result.explanation.append(note)
        return captions

    def _failed_checks(self, scores: dict[str, float]) -> str:
        th = self.config.image_safety.thresholds
        bad = [f"{k} {v:.2f} >= {th[k]:.2f}" for k, v in scores.items() if k in th and v >= th[k]]
        return ", ".join(bad)


_SET_ASIDE = "Set aside:"


def _set_aside_again(d: PolicyDecision, categories: set[str]) -> PolicyDecision:
    """A caption made by code from the user's words (not by the model), refused by the content classifier alone
    for a reading that was set aside at the input rail (``Pipeline._read_with_picture_instead``: the short turn
    read with its picture was found harmless): the same words misread again, set aside again."""
    refusing = [f for f in d.findings if f.action == "refuse"]
    if not refusing or not all(f.by_classifier and f.category in categories for f in refusing):
        return d
    for f in refusing:
        f.action = "allow"
        f.reason = f"{_SET_ASIDE} {f.reason} The caption is made of your words, whose same reading was set aside above."
    return d.model_copy(update={"action": "allow", "message": None})


def _capitalised(sentences: str) -> str:
    """"a mosque at dawn. a man parks outside" -> "A mosque at dawn. A man parks outside"."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), sentences.strip())


def _sentence(text: str | None) -> str:
    """``text`` as a sentence another is appended to ("a red house. "), or "" for none."""
    return f"{text.rstrip(' .')}. " if text else ""
