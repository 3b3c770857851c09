"""How minutes say that something was decided, refused, deferred or noted, and how the vote
went (pure logic).

Councils write "RESOLVED:", "RESOLVED that …", "AGREED", "It was resolved that …", "Committee
resolved to …", "Council agreed …", "unanimously agreed", "Proposed … Seconded … and Resolved",
"Resolved – that …", "Agreed to …", "Members voted to …",
"we are pleased to support the proposal", "Motion by …, seconded by …, to approve …. Motion
carried 5-0.",
"It was APPROVED that", "the amendment FELL with 2 voting FOR and 7 AGAINST".
"""

from __future__ import annotations

import re

from ingest.tokens import runs_on, sentence_start

# A label that opens the decision: "RESOLVED:", "AGREED that", "DECISION:" (capitals, as a
# label is written), or a decision sentence in any case.
_LABEL = re.compile(
    r"\b(?:RESOLVED|AGREED|APPROVED|DECIDED|DECISION|DECISIONS|[Dd]ecision\s+taken)\b\s*[:–-]?\s*"
)
_SENTENCE = re.compile(
    r"\b(?:"
    r"(?:it\s+was|and|(?:the\s+)?(?:council|councillors|committee|members|cabinet|board|panel"
    r"|meeting|sub-committee))\s+(?:was\s+)?(?:unanimously\s+|duly\s+)?"
    r"(?:resolved|agreed|approved|decided|determined)"
    r"|unanimously\s+(?:resolved|agreed|approved)"
    # a council speaking for itself: "we are very pleased to be on board with this proposal",
    # "the Parish Council is happy to support the application"
    r"|(?:we|(?:the\s+)?(?:parish\s+|town\s+|community\s+)?(?:council|pc|committee))\s+(?:are|is)"
    r"\s+(?:very\s+|most\s+)?(?:pleased|happy|glad|delighted|content)\s+to\s+(?:support|endorse"
    r"|back|be\s+on\s+board\s+with)"
    r"|(?:was|were|has\s+been|have\s+been)\s+(?:unanimously\s+|duly\s+)?"
    r"(?:agreed|approved|adopted|accepted|ratified|carried)"
    r"|resolved\s*(?:that|to|:)"
    # opening a sentence, a label in any case set off by a colon or a dash ("Resolved – that
    # …", "Decision: …"), or a decision with no subject ("Agreed to accept the quotation.")
    r"|(?:^|(?<=[.;:]\s)|(?<=\n))(?:(?:resolved|agreed|decided|decision)\s*(?::|\s[–—-])\s+(?=\w)"
    r"|(?:unanimously\s+)?(?:agreed|decided)\s+(?:that|to))"
    r"|(?:council|councillors|committee|members|cabinet)\s+(?:unanimously\s+)?voted\s+"
    r"(?:unanimously\s+)?(?:to|in\s+favour)"
    r")\b",
    re.IGNORECASE,
)
# A motion's result, as minutes that record motions put write it: "Motion carried 5-0", "The
# motion passed 4-1", "MOTION CARRIED", "the motion failed", "carried unanimously", "CARRIED
# 4/0", "LOST" (capitals, as a result set on a line of its own is written).
_RESULT = re.compile(
    r"\b(?:(?:motion|amendment)s?\s+(?:(?:was|were)\s+(?:duly\s+)?(?:unanimously\s+)?adopted|"
    r"(?:was\s+|were\s+)?(?:duly\s+)?(?:unanimously\s+)?(?:carried|passed|failed|defeated|lost))"
    r"|(?:carried|passed|failed)\s+(?:unanimously|by\s+(?:a\s+vote\s+of\s+)?\d"
    r"|\(?\d{1,2}\s*[-–/]\s*\d)|(?-i:CARRIED|LOST|DEFEATED)\b)",
    re.IGNORECASE,
)
# A motion put: "Motion by Councilmember Kim", "MOTION: Councilmember Lopez moved", "A motion
# was made by …", "It was proposed by Cllr A", "Cllr Walsh moved to deny …", a notice of
# motion's "I will move at the next Meeting that …".
_MOTION = re.compile(
    r"\b(?:motion\s+(?:by|of|from)\b|motion\s*:|made\s+a\s+motion|motion\s+was\s+(?:made|moved"
    r"|proposed)|(?:it\s+was\s+)?(?:moved|proposed)\s+by\b|it\s+was\s+(?:moved|proposed)\b"
    r"|moved\s*(?:,|to\b|that\b)|(?:moved|proposed)\s*(?:by\s*)?:"
    r"|(?:I|we)\s+(?:will\s+|would\s+|hereby\s+)?move\b)",
    re.IGNORECASE,
)
_FAILED = re.compile(r"\b(?:failed|defeated|lost)\b", re.IGNORECASE)
# the labelled lines between a motion and its result: a seconder ("Seconded: Cr K Lee") and a
# roll call ("AYES: …", "NOES: None", "ABSENT: …")
_MOTION_LINE_LABEL = re.compile(
    r"\b(?:seconded(?:\s+by)?|AYES|YEAS|NOES|NAYS|ABSENT|ABSTENTIONS?|ABSTAIN(?:ED|ING)?|RECUSED)"
    r"\s*:",
    re.IGNORECASE,
)
_ENDS_WITH_MOTION_LINE_LABEL = re.compile(rf"(?:{_MOTION_LINE_LABEL.pattern})\s*$", re.IGNORECASE)
_REFUSED = re.compile(
    r"\b(?:refused|rejected|not\s+(?:be\s+)?(?:approved|agreed|supported)|(?:motion|amendment|"
    r"recommendation)s?\s+(?:was\s+|were\s+)?(?:fell|lost|defeated|failed)|(?-i:FELL|LOST)"
    r"|(?<!\bno\s)(?:objects?|objection))\b",  # "trees lost to ash die-back", "no objection": none
    re.IGNORECASE,
)
_DEFERRED = re.compile(
    r"\b(?:defer(?:red)?|postponed|adjourned|refer(?:red)?\s+consideration|to\s+be\s+considered\s+at"
    r"\s+(?:a|the)\s+(?:next|future)|carried\s+(?:forward|over))\b",
    re.IGNORECASE,
)
_NOTED = re.compile(
    r"\b(?:be\s+noted|(?:was|were)\s+noted|noted\s+the|received\s+and\s+noted|taken\s+as\s+read"
    r"|for\s+information)\b"
    # a correspondence list's "… £5,333.33. Noted ii) …": the word alone, ending its entry
    r"|(?-i:\bNoted(?=\.?(?:\s*$|\s+(?:[ivxlc]+\)|[a-z]\)|\d+[.)]|[A-Z]))))",
    re.IGNORECASE,
)
_VOTE = re.compile(
    r"\b(\d{1,3}|no|none|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<counted>(?:(?:votes?|members?|councillors?|voting|were)\s+)*)"
    r"(for|in\s+favour|against|abstentions?|abstained|abstaining)\b",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
}


def decision_match(text: str, start: int = 0) -> re.Match[str] | None:
    """The first place in ``text`` (from ``start``) where a decision is stated: a label, a
    sentence, or a motion's result."""
    return _earliest(text, start, (_LABEL, _SENTENCE, _RESULT))


def _statement(text: str, start: int = 0) -> re.Match[str] | None:
    """Where ``decision_text`` and ``outcome`` take the decision to be stated: the first label
    or decision sentence from ``start``; only where there is neither, a motion's result. So
    "The amendment was LOST. RESOLVED that the plan be approved." decides by its label, as it
    did before results were read."""
    return _earliest(text, start, (_LABEL, _SENTENCE)) or _RESULT.search(text, start)


def _earliest(text: str, start: int, patterns: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    found = [m for p in patterns if (m := p.search(text, start))]
    return min(found, key=lambda m: m.start()) if found else None


def decision_start(line: str) -> bool:
    """Whether a line opens a decision ("RESOLVED:", "It was agreed that …")."""
    match = decision_match(line)
    return match is not None and match.start() <= 3


def decision_text(text: str) -> tuple[str, str] | None:
    """(discussion, decision) of an item's text, split where the decision begins: after a
    label ("RESOLVED: a) …" gives "a) …"), or at the start of the sentence that decides.
    Where a label records the decision, a statement more than a sentence before it was part of
    the discussion ("• … improving the bus routes was agreed as alternative civic benefit.
    Following discussion, … On being put to the vote the recommendation was CARRIED
    unanimously. It was APPROVED that; …" decides from "On being put")."""
    match = _statement(text, _discussion_end(text))
    if match is None:
        return None
    if _LABEL.match(text, match.start()):
        return text[: match.start()].strip(), text[match.end() :].strip()
    start = _opening(text, match.start())
    # a motion's result ("the Motion was adopted"), or a bare statement ending the text
    # ("This was seconded … and agreed."), decides the motion put before it
    within = _RESULT.search(text, start, match.end())
    of_a_motion = within is not None and within.group(0).lower().startswith("motion")
    if match.re is _RESULT or of_a_motion or not text[match.end() :].strip(" .;"):
        start = _with_motion(text, start, match.start())
    return text[:start].strip(), text[start:].strip()


def _with_motion(text: str, start: int, statement: int) -> int:
    """Where a decision stated at ``statement`` in the sentence from ``start`` opens: at the
    sentence before, when that sentence puts the motion that the statement decides ("Motion by
    Councilmember Kim, seconded by …, to approve the agenda. | Motion carried 5-0."), a
    seconder's or a roll call's lines between them or not ("Moved: Cr A Brown | Seconded: Cr K
    Lee | That the minutes be confirmed. | CARRIED 4/0", "… to award the contract. AYES:
    Torres, Kim NOES: None | MOTION CARRIED.")."""
    if _MOTION.search(text, start, statement):
        return start
    end = start
    while end > 0:
        begin = _opening(text, end - 1)
        if _MOTION.search(text, begin, end):
            return begin
        labelled = _MOTION_LINE_LABEL.search(text, begin, end)
        if not (labelled or _ENDS_WITH_MOTION_LINE_LABEL.search(text, 0, begin)):
            return start  # neither a seconder's or a roll call's label nor what follows one
        end = begin
    return start


def _discussion_end(text: str) -> int:
    """Where the sentence before the one holding the text's first label begins (0 when the
    text has no label)."""
    label = _LABEL.search(text)
    if label is None:
        return 0
    own = sentence_start(text, label.start())
    return sentence_start(text, own - 1) if own > 0 else 0


def _opening(text: str, position: int) -> int:
    """Where the sentence or the line that ``position`` is in begins; a line that ends with a
    title or an initial runs on into the next ("proposed by Cllr. W.⏎Loynton")."""
    line = text.rfind("\n", 0, position)
    while line > 0 and runs_on(text[:line]):
        line = text.rfind("\n", 0, line)
    return max(sentence_start(text, position), line + 1)


_CARRIED = re.compile(r"\b(?:CARRIED|carried\s+unanimously|motion\s+was\s+carried)\b")
# a consultee's answer on a planning application: "No objection was raised to S.19/2211"
_NO_OBJECTION = re.compile(r"\bno\s+objections?\b", re.IGNORECASE)


_APPROVED = re.compile(
    r"\b(?:approv\w*|agree[ds]?|adopt\w*|accept\w*|ratif\w*|endors\w*|authori[sz]\w*|initiated"
    r"|carried)\b",
    re.IGNORECASE,
)


def outcome(decision: str) -> str:
    """ "refused", "deferred" or "decided" for a decision's text: the first outcome it states
    after the words that open it ("Members agreed | to defer the item"). "1. Approved the
    increase … Recommendations 4c and 5 were not approved" was decided, in part refused."""
    opening = _statement(decision)
    if opening is not None and opening.re is _RESULT:
        result = opening.group(0)
        if _FAILED.search(result) and not result.lower().startswith("amendment"):
            return "refused"  # the motion failed; an amendment lost leaves the motion standing
        start = 0  # the motion put, before its result, says what was decided
    else:
        start = opening.end() if opening else 0
    stated = [
        (match.start(), priority, kind)
        for priority, (kind, pattern) in enumerate(
            (("refused", _REFUSED), ("deferred", _DEFERRED), ("decided", _APPROVED))
        )
        if (match := pattern.search(decision, start))
    ]
    return min(stated)[2] if stated else "decided"


def voted_on(text: str) -> bool:
    """Whether the text reports a vote's result or a consultee's answer with no decision
    wording ("the amendment FELL", "CARRIED", "were not approved", "no objection")."""
    return any(p.search(text) for p in (_CARRIED, _REFUSED, _VOTE, _NO_OBJECTION))


def is_noted(text: str) -> bool:
    """Whether the text says that something was noted (a report, an update)."""
    return bool(_NOTED.search(text))


def votes(text: str) -> dict[str, int]:
    """The recorded vote, where the minutes give one: {"for": 7, "against": 2, "abstentions": 1};
    where there were several (an amendment, then the substantive motion), the last. "£124 for
    the first vehicle" is no vote: a count "for" needs "voting", "votes", "members" or capitals."""
    found: dict[str, int] = {}
    for match in _VOTE.finditer(text):
        count, side = match.group(1).lower(), match.group(3).lower()
        if side == "for" and not match.group("counted") and match.group(3) != "FOR":
            continue
        number = int(count) if count.isdigit() else _WORD_NUMBERS.get(count, 0)
        key = (
            "for"
            if side in ("for", "in favour")
            else "against"
            if side == "against"
            else ("abstentions")
        )
        if key == "for":
            found = {}  # a new vote begins
        found[key] = number
    return found or _tally(text) or _roll_call(text)


# a result with its count: "Motion carried 5-0", "passed 4-1", "carried by 7 votes to 2"
_TALLY = re.compile(
    r"\b(?:carried|passed|failed|adopted|approved|defeated|lost)\s+(?:unanimously\s+)?"
    r"(?:by\s+)?(?:a\s+vote\s+of\s+)?\(?(\d{1,2})\s*(?:[-–/]|votes?\s+to|to)\s*(\d{1,2})\b",
    re.IGNORECASE,
)
# a roll call: "AYES: Torres, Okafor, Kim NOES: None", "Yeas: 5; Nays: 2", "For: Cr Smith, Cr
# Lee Against: Cr Brown"
_ROLL_CALL = re.compile(
    r"\b(?:AYES|YEAS|Ayes|Yeas|FOR|For)\s*:\s*(?P<ayes>.+?)[\s;,.]*"
    r"\b(?:NOES|NAYS|Noes|Nays|AGAINST|Against)\s*:\s*(?P<noes>.+?)"
    r"(?=[\s;,.]*(?:\b[A-Z]{4,}\b|\b[A-Z][a-z]+\s*:|$))"  # up to the next label or the end
)


def _tally(text: str) -> dict[str, int]:
    counts = _TALLY.findall(text)
    return {"for": int(counts[-1][0]), "against": int(counts[-1][1])} if counts else {}


def _roll_call(text: str) -> dict[str, int]:
    calls = list(_ROLL_CALL.finditer(text))
    if not calls:
        return {}
    return {
        side: _counted(calls[-1].group(group))
        for side, group in (("for", "ayes"), ("against", "noes"))
    }


def _counted(names: str) -> int:
    """How many members a roll call's list names: "Torres, Okafor and Kim" 3, "None" 0, "5" 5."""
    names = names.strip(" .;,")
    if names.isdigit():
        return int(names)
    if names.lower() in ("none", "nil", "0", "-", "–"):
        return 0
    return len([n for n in re.split(r"\s*(?:,|;|\band\b|&)\s*", names) if n])
