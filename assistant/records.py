"""Finding decisions and actions among the records ingest made, and linking action versions.

An action appears in a plan and again in later progress updates. Versions are linked when
they carry the same ID and say much the same thing, or different IDs (a plan renumbered) and
say nearly the same thing: plans reuse IDs for other actions, so an ID alone is not enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from index.lexical import analyse
from ingest.records import ActionRecord, DecisionRecord, record_from_dict

SAME_ID_SIMILARITY = 0.4  # Dice overlap of content words two versions with one ID must reach
RENUMBERED_SIMILARITY = 0.7  # ... and two versions with different IDs


@dataclass(frozen=True)
class DecisionQuery:
    q: str = ""
    body: str = ""
    date_from: str | None = None  # ISO bounds, inclusive, compared on their own precision
    date_to: str | None = None
    key_decision: bool | None = None


@dataclass(frozen=True)
class ActionQuery:
    q: str = ""
    lead: str = ""
    status: str = ""
    ends_before: str | None = None  # ISO: "2026-03" keeps actions ending by March 2026
    plan: str = ""


@dataclass
class ActionResult:
    record: ActionRecord
    history: list[ActionRecord] = field(default_factory=list)  # all versions, newest first


@dataclass
class RecordBook:
    decisions: list[DecisionRecord]
    actions: list[ActionRecord]
    _links: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def from_dicts(cls, rows: Iterable[dict]) -> RecordBook:
        decisions, actions = [], []
        for row in rows:
            record = record_from_dict(row)
            (decisions if isinstance(record, DecisionRecord) else actions).append(record)
        return cls.of(decisions, actions)

    @classmethod
    def of(cls, decisions: list[DecisionRecord], actions: list[ActionRecord]) -> RecordBook:
        return cls(decisions, actions, link_versions(actions))

    def visible(self, documents: frozenset[str] | None) -> RecordBook:
        """The records of these documents only (None: all)."""
        if documents is None:
            return self
        return RecordBook.of(
            [r for r in self.decisions if r.doc_id in documents],
            [r for r in self.actions if r.doc_id in documents],
        )

    def find_decisions(self, query: DecisionQuery) -> list[DecisionRecord]:
        """Matching decisions, newest meeting first, then by minute number."""
        words = set(analyse(query.q))
        found = []
        for record in self.decisions:
            if query.body and query.body.lower() not in record.body.lower():
                continue
            if not _within(record.meeting_date, query.date_from, query.date_to):
                continue
            if query.key_decision is not None and record.key_decision != query.key_decision:
                continue
            if words and not words <= set(analyse(decision_text(record))):
                continue
            found.append(record)
        return sorted(found, key=lambda r: (r.meeting_date or "", -r.minute_number), reverse=True)

    def find_actions(self, query: ActionQuery) -> list[ActionResult]:
        """Matching actions, the newest version of each linked group once, by plan and ID."""
        words = set(analyse(query.q))
        results: list[ActionResult] = []
        shown: set[int] = set()
        for i in self._newest_first():
            if i in shown:
                continue
            record = self.actions[i]
            versions = [self.actions[j] for j in self._links.get(i, [i])]
            if not _action_matches(record, versions, query, words):
                continue
            shown.update(self._links.get(i, [i]))
            results.append(ActionResult(record, versions if len(versions) > 1 else []))
        return results

    def _newest_first(self) -> list[int]:
        return sorted(
            range(len(self.actions)),
            key=lambda i: (self.actions[i].plan_date or "", self.actions[i].plan),
            reverse=True,
        )


def _action_matches(
    record: ActionRecord, versions: Sequence[ActionRecord], query: ActionQuery, words: set[str]
) -> bool:
    if query.lead and not any(_led_by(query.lead, v) for v in versions):
        return False
    if query.status and query.status.lower() not in (
        f"{record.stage} {record.rag} {record.status}".lower()
    ):
        return False
    if query.ends_before:
        ends = [v.end_date for v in versions if v.end_date]
        if not ends or min(ends)[: len(query.ends_before)] > query.ends_before:
            return False
    if query.plan and not any(query.plan.lower() in v.plan.lower() for v in versions):
        return False
    if words:
        text = " ".join(action_text(v) for v in versions)
        if not words <= set(analyse(text)):
            return False
    return True


def _led_by(lead: str, version: ActionRecord) -> bool:
    """Whether the action's lead is the one asked for: named in it ("Carbon Reduction Team"),
    or every word of it but "team" is ("the transport team" for "Transport Strategy and
    Policy")."""
    named = f"{version.lead} {version.role if version.role.lower() == 'lead' else ''}"
    if lead.lower() in named.lower():
        return True
    words = set(analyse(lead)) - {"team"}
    return bool(words) and words <= set(analyse(named))


def decision_text(record: DecisionRecord) -> str:
    items = [i.text for i in record.resolutions] + [
        s.text for i in record.resolutions for s in i.sub_items
    ]
    return " ".join([record.title, *items, record.reasons, record.discussion])


def action_text(record: ActionRecord) -> str:
    return " ".join(
        [record.action_id, record.action, record.lead, record.partners, record.note, record.section]
    )


def _within(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    if date_from is None and date_to is None:
        return True
    if not date:
        return False
    if date_from and date[: len(date_from)] < date_from:
        return False
    return not (date_to and date[: len(date_to)] > date_to)


def similarity(a: set[str], b: set[str]) -> float:
    """Dice overlap of two action texts' content words: 1 for the same words, 0 for none."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def same_action(id_a: str, id_b: str, text_similarity: float) -> bool:
    """Whether two actions from different plans are versions of one action."""
    needed = SAME_ID_SIMILARITY if id_a == id_b else RENUMBERED_SIMILARITY
    return text_similarity >= needed


def link_versions(actions: Sequence[ActionRecord]) -> dict[int, list[int]]:
    """For each action in a linked group, the group's members, newest plan first. A group
    holds at most one action from each plan; the closest pairs are linked first."""
    parent = list(range(len(actions)))
    plans = [{a.plan} for a in actions]  # the plans in each group, kept at its root
    words = [set(analyse(a.action)) for a in actions]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = []
    for i, a in enumerate(actions):
        for j in range(i + 1, len(actions)):
            b = actions[j]
            if a.plan == b.plan:
                continue
            score = similarity(words[i], words[j])
            if same_action(a.action_id, b.action_id, score):
                pairs.append((score + (a.action_id == b.action_id), i, j))
    for _, i, j in sorted(pairs, reverse=True):
        root_i, root_j = find(i), find(j)
        if root_i != root_j and not plans[root_i] & plans[root_j]:
            parent[root_j] = root_i
            plans[root_i] |= plans[root_j]
    groups: dict[int, list[int]] = {}
    for i in range(len(actions)):
        groups.setdefault(find(i), []).append(i)
    links = {}
    for members in groups.values():
        if len(members) > 1:
            ordered = sorted(members, key=lambda m: actions[m].plan_date or "", reverse=True)
            links.update({m: ordered for m in members})
    return links
