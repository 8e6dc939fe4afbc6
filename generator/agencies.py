"""The agency registry of a province and the resolver from an agency cell to registry entries.

A plan's "Đơn vị chủ trì" / "Đơn vị phối hợp" cell names one or more agencies or groups of agencies
("Văn phòng UBND tỉnh; các Sở, ban, ngành; UBND cấp huyện"). Names themselves contain commas and
"và" ("Sở Thông tin và Truyền thông", "UBND các xã, phường, thị trấn"), so a cell is not split on
separators: it is cut into word and punctuation tokens, and scanned left to right, taking at each
position the LONGEST registered name or alias that matches there. Connectors between names
(punctuation, list markers, "và", "các") are skipped; any other left-over text is reported as
`Unresolved`, with the closest known name as a suggestion.

Matching is insensitive to Unicode normal form (NFC/NFD), letter case, spacing, commas inside a
name ("UBND xã, phường thị trấn" = "UBND xã, phường, thị trấn") and the old/new placement of the
tone mark ("hoá" = "hóa", "Uỷ" = "Ủy").

Pure functions, standard library only, no I/O: the caller reads agencies.yml and passes the data.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

KINDS = (
    "office",
    "department",
    "centre",
    "police",
    "press",
    "court_procuracy",
    "district_committee",
    "commune_committee",
    "unit",
    "agency",
    "group",
)

# Words that only connect names. Skipped between names, and stripped from both ends of a
# registered name ("Các Sở, ban, ngành" is matched as "Sở, ban, ngành").
FILLER_WORDS = ("các", "và")

# Words and punctuation: a word is a run of letters and digits (text is made NFC first, so every
# Vietnamese letter is one character); every other non-space character is a token of its own.
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")

# Tone marks, as combining characters after NFD. Other marks (circumflex, breve, horn) stay.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")

_END = object()  # key of the terminal entry in a trie node

_SUGGESTION_CACHE_SIZE = 4096  # per registry; unresolved fragments repeat across a province's plans


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Unresolved:
    fragment: str
    suggestion: str | None


@dataclass(frozen=True)
class Resolution:
    agency_ids: tuple[str, ...]
    unresolved: tuple[Unresolved, ...]

    @property
    def complete(self) -> bool:
        return not self.unresolved


@lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    """The match form of one token: case-folded, with the tone mark moved to the end of the word."""
    decomposed = unicodedata.normalize("NFD", token.casefold())
    if not any(ch in _TONES for ch in decomposed):
        return unicodedata.normalize("NFC", decomposed)
    # Composed again without the tone (so "ư", "ơ", "â" etc. are single characters), then the tone
    # appended: "hoá" and "hóa" both become "hoa" + U+0301. A syllable has at most one tone.
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    return base + tones


# The filler words in match form.
_FILLERS = frozenset(_token_key(word) for word in FILLER_WORDS)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each token of `text` (positions in `text` as given)."""
    return [(_token_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _name_keys(text: str) -> tuple[str, ...]:
    """The token keys that identify a registered name: commas dropped, fillers stripped at both ends."""
    keys = [key for key, _, _ in _tokens(unicodedata.normalize("NFC", text)) if key != ","]
    while keys and (keys[0] in _FILLERS or not _is_word(keys[0])):
        keys.pop(0)
    while keys and (keys[-1] in _FILLERS or not _is_word(keys[-1])):
        keys.pop()
    return tuple(keys)


def _is_word(key: str) -> bool:
    return key[0].isalnum()


def match_key(text: str) -> str:
    """The normalization used for matching: two names with the same key are the same name.

    Insensitive to NFC/NFD, case, spacing, commas, tone-mark placement, and to a leading or trailing
    connector ("Các Sở, ban, ngành" and "sở ban ngành" have the same key).
    """
    return " ".join(_name_keys(text))


@dataclass(frozen=True)
class Registry:
    province: str
    agencies: dict[str, Agency]
    # Derived in __post_init__; not part of equality.
    _trie: dict = field(init=False, repr=False, compare=False)
    _groups_of: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _spellings: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    _suggestions: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        trie: dict = {}
        owner: dict[tuple[str, ...], tuple[str, str]] = {}
        spellings: list[tuple[str, str]] = []
        groups_of: dict[str, list[str]] = {agency_id: [] for agency_id in self.agencies}
        for agency_id, agency in self.agencies.items():
            if agency_id != agency.id:
                raise ValueError(f"agency {agency.id!r} is registered under the id {agency_id!r}")
            if agency.kind not in KINDS:
                raise ValueError(f"{agency.id}: unknown kind {agency.kind!r}")
            for spelling in agency.spellings:
                keys = _name_keys(spelling)
                if not keys:
                    raise ValueError(f"{agency.id}: the name {spelling!r} has no words")
                previous = owner.get(keys)
                if previous is not None and previous[0] != agency.id:
                    raise ValueError(
                        f"{agency.id}: {spelling!r} is also a name of {previous[0]} ({previous[1]!r})"
                    )
                if previous is None:
                    owner[keys] = (agency.id, spelling)
                    spellings.append((" ".join(keys), spelling))
                    node = trie
                    for key in keys:
                        node = node.setdefault(key, {})
                    node[_END] = agency.id
            if agency.members and agency.kind != "group":
                raise ValueError(f"{agency.id}: only a group has members")
            for member in agency.members:
                if member not in self.agencies:
                    raise ValueError(f"{agency.id}: member {member!r} is not in the registry")
                if self.agencies[member].kind == "group":
                    raise ValueError(f"{agency.id}: member {member!r} is itself a group")
                if agency.id not in groups_of[member]:
                    groups_of[member].append(agency.id)
        object.__setattr__(self, "_trie", trie)
        object.__setattr__(self, "_groups_of", {k: tuple(v) for k, v in groups_of.items()})
        object.__setattr__(self, "_spellings", tuple(spellings))
        object.__setattr__(self, "_suggestions", {})

    def groups_of(self, agency_id: str) -> tuple[str, ...]:
        """Ids of the groups whose members include `agency_id`, in file order."""
        return self._groups_of.get(agency_id, ())

    def suggest(self, text: str) -> str | None:
        """The known name or alias closest to `text` ("did you mean"), or None."""
        key = match_key(text)
        if not key:
            return None
        if key in self._suggestions:
            return self._suggestions[key]
        best = difflib.get_close_matches(key, [k for k, _ in self._spellings], n=1, cutoff=0.6)
        suggestion = next(spelling for k, spelling in self._spellings if k == best[0]) if best else None
        if len(self._suggestions) >= _SUGGESTION_CACHE_SIZE:
            self._suggestions.clear()
        self._suggestions[key] = suggestion
        return suggestion


def registry_from_data(data: dict) -> Registry:
    """Build the registry from the parsed agencies.yml (already valid against agencies.schema.json).

    Raises ValueError for what the schema cannot check: duplicate ids, a name or alias given to two
    agencies, members that are not in the registry or are themselves groups.
    """
    agencies: dict[str, Agency] = {}
    for item in data.get("agencies") or []:
        agency = Agency(
            id=item["id"],
            name=unicodedata.normalize("NFC", item["name"]),
            kind=item["kind"],
            aliases=tuple(unicodedata.normalize("NFC", a) for a in item.get("aliases") or ()),
            members=tuple(item.get("members") or ()),
        )
        if agency.id in agencies:
            raise ValueError(f"duplicate agency id {agency.id!r}")
        agencies[agency.id] = agency
    return Registry(province=unicodedata.normalize("NFC", data["province"]), agencies=agencies)


def resolve_cell(text: str, registry: Registry) -> Resolution:
    """Read an agency cell: the registry entries it names, and what is left over.

    Scans left to right; at each word takes the longest registered name starting there (commas
    inside a name are allowed). Punctuation, list markers and the connectors "và", "các" between
    names are skipped. Other words that start no name are collected, up to the next punctuation or
    name, into an `Unresolved` fragment (text as written, NFC) with a suggestion.
    """
    text = unicodedata.normalize("NFC", text)
    tokens = _tokens(text)
    trie = registry._trie
    found: list[str] = []
    seen: set[str] = set()
    unresolved: list[Unresolved] = []
    pending: list[int] = []  # indexes of the tokens of the current unresolved run

    def flush() -> None:
        # Connectors at either end of a run are not part of the fragment.
        while pending and tokens[pending[-1]][0] in _FILLERS:
            pending.pop()
        while pending and tokens[pending[0]][0] in _FILLERS:
            pending.pop(0)
        if pending:
            fragment = text[tokens[pending[0]][1] : tokens[pending[-1]][2]]
            unresolved.append(Unresolved(fragment, registry.suggest(fragment)))
            pending.clear()

    n = len(tokens)
    i = 0
    while i < n:
        key = tokens[i][0]
        if not _is_word(key):
            flush()
            i += 1
            continue
        # Longest match from token i; commas inside the name are skipped.
        node = trie.get(key)
        matched_id = None
        matched_end = i
        j = i + 1
        while node is not None:
            if _END in node:
                matched_id, matched_end = node[_END], j
            while j < n and tokens[j][0] == ",":
                j += 1
            if j >= n:
                break
            node = node.get(tokens[j][0])
            j += 1
        if matched_id is not None:
            flush()
            if matched_id not in seen:
                seen.add(matched_id)
                found.append(matched_id)
            i = matched_end
            continue
        if key in _FILLERS and not pending:
            i += 1
            continue
        pending.append(i)
        i += 1
    flush()
    return Resolution(tuple(found), tuple(unresolved))
