"""Agency pages: an index per province with counts, and one page per agency with its tasks."""
from __future__ import annotations

from collections import Counter

from .. import words
from ..index import AgencyTasks, SiteIndex, summarize
from ..model import Province
from ..schedule import STATES
from ..urls import agencies_url, agency_url
from .base import RenderedPage, Row, render, render_html


def render_agency_index(index: SiteIndex, province: Province) -> RenderedPage:
    entries = index.province_agencies(province)
    counts = {e.agency.id: _state_counts(index, e) for e in entries}
    summaries = {e.agency.id: summarize(index.progress.of(ref) for ref in e.lead) for e in entries}
    used_states = [s for s in STATES if any(c[s] for c in counts.values())]
    return render("agencies.md.j2", agencies_url(province.slug), index=index, province=province,
                  entries=entries, counts=counts, states=used_states, summaries=summaries)


# The page's sections, linked from its counts (and from other pages: #tien-do).
_AGENCY_IDS = ("tien-do", "nhiem-vu-chu-tri", "nhiem-vu-phoi-hop", "nhiem-vu-qua-nhom")


def render_agency(index: SiteIndex, entry: AgencyTasks) -> RenderedPage:
    registry = entry.province.registry
    state = index.state
    groups = [registry.agencies[g] for g in registry.groups_of(entry.agency.id)]
    members = [registry.agencies[m] for m in entry.agency.members]
    return render_html(
        "agency.html.j2", agency_url(entry.province.slug, entry.agency.id), entry.agency.name,
        reserved_ids=_AGENCY_IDS, index=index, entry=entry, agency=entry.agency, province=entry.province, groups=groups, members=members,
        summary=summarize(index.progress.of(ref) for ref in entry.lead),
        lead=[Row(ref, state(ref), role=words.ROLES["lead"]) for ref in entry.lead],
        coordinating=[Row(ref, state(ref), role=words.ROLES["coordinating"]) for ref in entry.coordinating],
        via_group=[Row(ref, state(ref), role=f"{words.ROLES[role]} ({registry.agencies[group].name})")
                   for ref, group, role in entry.via_group],
    )


def _state_counts(index: SiteIndex, entry: AgencyTasks) -> Counter:
    seen = {(ref.plan.key, ref.task.id): ref for ref in (*entry.lead, *entry.coordinating)}
    return Counter(index.state(ref) for ref in seen.values())
