from limner.orchestrator import TurnResult, TurnStatus
from limner.orchestrator.langchain import LimnerRunnable, limner_tool


def test_runnable_invoke_batch_stream(orch):
    chain = LimnerRunnable(orch)
    r = chain.invoke({"text": "a black boat on the water", "size": "128x128", "seed": 3})
    assert isinstance(r, TurnResult) and r.status == TurnStatus.ok
    rs = chain.batch(["a pink flower", "a nude woman"])
    assert rs[0].status == TurnStatus.ok and rs[1].status == TurnStatus.refused
    items = list(chain.stream("a white moon at night"))
    assert isinstance(items[-1], TurnResult)
    assert any(getattr(i, "kind", None) == "step" for i in items[:-1])


def test_tool_for_agents(orch):
    tool = limner_tool(orch)
    out = tool.invoke({"text": "a brown tree on green grass"})
    assert ".png" in out and "prompt:" in out
    assert tool.invoke({"text": "a naked man"}).startswith("Refused")
