"""Turn validated plan data into the model: trim text, read dates and targets, freeze collections."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .load import Loaded
from .model import (Block, Decision, Document, MissingAppendix, Plan, Section, Signature, Task,
                    TaskTable)
from .resolve import TaskFacts
from .targets import read_target


def plan_from_loaded(doc: Loaded, province_slug: str, slug: str, facts: dict[str, TaskFacts]) -> Plan:
    """Build a Plan from a schema-valid plan file."""
    data: dict[str, Any] = doc.data
    return Plan(
        province_slug=province_slug,
        slug=slug,
        file=doc.file,
        document=_document(data["document"]),
        decision=_decision(data.get("decision")),
        legal_bases=tuple(_text(t) for t in data.get("legal_bases", ())),
        preamble=_opt(data.get("preamble")),
        purposes=_opt(data.get("purposes")),
        requirements=_opt(data.get("requirements")),
        content=tuple(_block(b) for b in data.get("content", ())),
        implementation=tuple(_block(b) for b in data.get("implementation", ())),
        recipients=tuple(_text(t) for t in data.get("recipients", ())),
        missing_appendices=tuple(MissingAppendix(_text(m["label"]), _text(m["mentioned_as"]))
                                 for m in data.get("missing_appendices", ())),
        task_table=_task_table(data.get("task_table")),
        sections=tuple(
            Section(i, _opt(s.get("number")), _opt(s.get("title")),
                    tuple(_task(t, doc, ("sections", i - 1, "tasks", j), facts) for j, t in enumerate(s["tasks"])))
            for i, s in enumerate(data["sections"], 1)
        ),
    )


def _text(value: str) -> str:
    """Trim each line's trailing spaces and the whole text's edges; inner text stays as written."""
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def _opt(value: str | None) -> str | None:
    if value is None:
        return None
    text = _text(str(value))
    return text or None


def _document(d: dict) -> Document:
    sig = d.get("signature")
    return Document(
        type=d["type"],
        title=_text(d["title"]),
        number=d["number"].strip(),
        issuer=_text(d["issuer"]),
        province=_text(d["province"]),
        place_date=_opt(d.get("place_date")),
        date=dt.date.fromisoformat(d["date"]) if d.get("date") else None,
        year=d["year"],
        signature=Signature(_opt(sig.get("formula")), _opt(sig.get("signer"))) if sig else None,
        source=_text(d["source"]),
    )


def _decision(d: dict | None) -> Decision | None:
    if not d:
        return None
    return Decision(_opt(d.get("number")), _text(d["title"]), tuple(_text(a) for a in d["articles"]))


def _block(b: dict) -> Block:
    return Block(_opt(b.get("heading")), _text(b["body"]))


def _task_table(t: dict | None) -> TaskTable | None:
    if not t:
        return None
    return TaskTable(t["kind"], _opt(t.get("label")), _opt(t.get("title")), _opt(t.get("issued_with")),
                     {k: _text(v) for k, v in t.get("columns", {}).items()})


def _task(t: dict, doc: Loaded, path: tuple, facts: dict[str, TaskFacts]) -> Task:
    fact = facts[t["id"]]
    return Task(
        id=t["id"],
        number=_opt(t.get("number")),
        title=_opt(t.get("title")),
        lead=_opt(t.get("lead")),
        coordinating=_opt(t.get("coordinating")),
        start=_opt(t.get("start")),
        due=_opt(t.get("due")),
        products=_opt(t.get("products")),
        targets=tuple(read_target(_text(x)) for x in t.get("targets", ())),
        subtasks=tuple(_task(s, doc, path + ("subtasks", k), facts) for k, s in enumerate(t.get("subtasks", ()))),
        line=doc.where(path)[0],
        lead_ids=fact.lead_ids,
        coordinating_ids=fact.coordinating_ids,
        reading=fact.reading,
        free_text_time=bool(t.get("free_text_time")),
    )
