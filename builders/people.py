"""People named in a document: parse a name as written, and keep one IRI per real person inside the document.

Names arrive in many shapes: a byline ("Ming Gao, MD, PhD"), a speaker label ("Professor Sun Xiaoyan"), a
reference list ("Wang JX"), a surname after a title ("Professor Sun"), or a typo ("Jian-Xiong Wang"). `parse_person_name` reduces
each to a `PersonName`; `same_person` says whether two written names can be one person, and
`person_resolver.PersonResolver` decides which are, inside one document.

Across documents a person is shared only through name *and* institution (`iri.expert_iri`): two documents naming
"Wei" are never merged on the surname. Because an IRI must not change once emitted, a builder that knows a
person's institution (from a profile or a byline) should pass it on the first call to `PersonResolver.person`;
`PersonResolver.know` registers names found in a first pass so that a bare surname met early resolves to the
full name met later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "PersonName",
    "parse_person_name",
    "same_person",
    "find_titled_names",
    "HONORIFIC",
    "DEGREE",
    "DEGREES",
    "TITLED",
    "DEGREED",
    "SPOKEN_WITH",
    "UPPER",
    "LOWER",
    "INITIALS",
    "fold_name",
    "clean_name",
]

HONORIFIC = re.compile(
    r"^(?:(?:Assoc(?:iate)?\.?|Assist(?:ant)?\.?|Clinical|Distinguished|Emeritus|Full)\s+)?"
    r"(?:Professors?|Prof\.?|Dr\.?|Doctor|Mr\.?|Ms\.?|Mrs\.?|Miss|Academician|Sir|Dame)\s+",
    re.IGNORECASE,
)
DEGREE = re.compile(
    r"^(?:M\.?D\.?|Ph\.?\s?D\.?|M\.?Sc?\.?|B\.?Sc?\.?|M\.?B\.?B\.?S\.?|MBChB|M\.?P\.?H\.?|D\.?Sc\.?|M\.?A\.?|"
    r"M\.?B\.?A\.?|R\.?N\.?|Pharm\.?\s?D\.?|FRCP(?:ath|C)?|FRCPath|FACP|FRACP|MRCP|DM|MMed|MMSc|MPhil|DPhil|BM|"
    r"MB|BS|BCh|FASCO|FAAP|FASH|Jr\.?|Sr\.?|II|III)$",
    re.IGNORECASE,
)
# Markup, and raised digits and letters (¹, ᵃ) that mark affiliations.
_MARKUP = re.compile(r"<sup>.*?</sup>|<[^>]+>|[*_`#\\]|[\u00b9\u00b2\u00b3\u2070-\u209f\u1d43-\u1d4d\u1d9c\u1da0\u02b0†‡§¶]+")
_TRAILING_MARKS = re.compile(r"[\s\d,;:.*†‡§¶]+$")
INITIALS = re.compile(r"^[A-Z]{1,3}$|^(?:[A-Z]\.\s?-?){1,3}$|^[A-Z]-[A-Z]$")
UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f"  # Latin letters that can open a name ("Łukasz", "Čermák", "Müller")
LOWER = "a-zß-öø-ÿ\u0100-\u017f"
_NAME_TOKEN = re.compile(rf"^[{UPPER}][{UPPER}{LOWER}'’\-]*\.?$|^[a-z]{{1,3}}$")  # "van", "de", "da" inside names
_NAME_WORD = rf"(?:[{UPPER}][{UPPER}{LOWER}\-]+|[{UPPER}]\.)"
# Names in running text: after a title, before a degree, or after "spoke with" / "interviewed".
TITLED = re.compile(
    rf"\b(?:(?:Professor|Prof\.?|Dr\.?|Academician)\s+)+({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})(?![\w’'])"
)
DEGREES = r"(?:MD|PhD|MBBS|MSc|MPH|DPhil|DO|FRCP\w*|FRCPath)\b\.?"
DEGREED = re.compile(rf"\b({_NAME_WORD}(?:\s+[{UPPER}]\.)?\s+{_NAME_WORD}),\s*{DEGREES}")
SPOKEN_WITH = re.compile(
    rf"\b(?:(?:spoke|speaks|talked|talks|sat down|caught up|met)\s+with|interview(?:ed|s|ing)?(?:\s+with)?)\s+"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})"
)
_PARENTHESES = re.compile(r"\s*[(（][^)）]*[)）]")
_PINYIN_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|uo|ui|un|ue|a|e|i|o|u|v)"
)
# Single-syllable family names common enough that a name written "Family Given" can be told from "Given Family".
_COMMON_FAMILY_NAMES = frozenset(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang xu "
    "han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng su lu ding ren shen yao jin fu "
    "zhong cui tan lv fan shi wei kong bai mao qiu qin gu hou shao meng long wan duan lei qian tang yin yi chang "
    "hao kang niu hong gong xing pei qi geng mu zou xiong".split()
)


# Words that occur in outlet, desk and institution labels but not in people's names.
_NOT_NAME_WORDS = frozenset(
    "hematology haematology oncology medicine medical blood cancer leukemia lymphoma myeloma frontier frontiers news "
    "journal weekly daily today times review reporter editor editors interviewer moderator host question answer "
    "hospital university institute center centre society association clinic health network magazine press team "
    "group program online digest report the".split()
)


def fold_name(text: str) -> str:
    """Accents and case dropped, so that "Müller" and "Muller" compare equal."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _pinyin_syllables(token: str) -> list[str]:
    """The pinyin syllables that spell ``token`` (read greedily), or [] when it is not pinyin."""
    word = fold_name(token).replace("-", "").replace("'", "")
    if not word.isalpha():
        return []
    position, found = 0, []
    while position < len(word):
        match = _PINYIN_SYLLABLE.match(word, position)
        if not match or (found and match.group(0)[0] in "aeiouv"):
            return []  # inside a word a syllable opens with a consonant ("Xi'an" needs its apostrophe)
        found.append(match.group(0))
        position = match.end()
    return found


def _syllables(token: str) -> int:
    """How many pinyin syllables spell ``token`` (0 when it is not pinyin)."""
    return len(_pinyin_syllables(token))


def _is_chinese(name: "PersonName") -> bool:
    """Whether a name reads as a Chinese name in pinyin: a one-syllable family name and a pinyin given name."""
    return _syllables(name.family) == 1 and bool(_pinyin_syllables(name.given.replace("-", "").replace(" ", "")))


def _family_first(first: str, last: str) -> bool:
    """Whether a two-token pinyin name is written family name first ("Sun Xiaoyan")."""
    if "-" in first or _syllables(first) != 1 or not _syllables(last):
        return False
    if _syllables(last) >= 2 and "-" not in last and fold_name(last) not in _COMMON_FAMILY_NAMES:
        return True
    return fold_name(first) in _COMMON_FAMILY_NAMES and fold_name(last) not in _COMMON_FAMILY_NAMES


@dataclass(frozen=True)
class PersonName:
    """A person's name with honorifics and degrees stripped.

    Examples
    --------
    >>> PersonName("Jian-Xiang", "Wang").display
    'Jian-Xiang Wang'
    >>> PersonName("", "Sun").display
    'Sun'
    """

    given: str
    family: str

    @property
    def display(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def initials(self) -> str:
        """Initials of the given name, one per syllable of a Chinese given name written as one word.

        Examples
        --------
        >>> [PersonName(g, "Wang").initials for g in ("Jian-Xiang", "Jianxiang", "HH", "Margaret")]
        ['JX', 'JX', 'HH', 'M']
        """
        if INITIALS.match(self.given.replace(" ", "")):
            return re.sub(r"[^A-Z]", "", self.given)
        letters = []
        chinese = _is_chinese(self)
        for part in re.split(r"[\s\-]+", self.given):
            syllables = _pinyin_syllables(part) if part and chinese else []
            if len(syllables) == 2:  # "Haixiao" is written "HX" in reference lists
                letters.extend(s[0].upper() for s in syllables)
            elif part:
                letters.append(part[0].upper())
        return "".join(letters)


def clean_name(text: str) -> str:
    """A name without markup, parentheses, footnote marks and trailing punctuation."""
    text = _PARENTHESES.sub("", _MARKUP.sub("", text))
    text = " ".join(text.replace("\u00a0", " ").split())
    return _TRAILING_MARKS.sub("", text).strip(" ,;:")


def parse_person_name(text: str) -> PersonName | None:
    """The name in ``text``, or None when the text does not look like a person's name.

    Examples
    --------
    >>> parse_person_name("Ming Gao, MD, PhD")
    PersonName(given='Ming', family='Gao')
    >>> parse_person_name("Professor Sun Xiaoyan")
    PersonName(given='Xiaoyan', family='Sun')
    >>> parse_person_name("Wang JX")
    PersonName(given='JX', family='Wang')
    >>> parse_person_name("Garcia MA")
    PersonName(given='MA', family='Garcia')
    >>> parse_person_name("Jian-Xiang Wang<sup>1,3*</sup>")
    PersonName(given='Jian-Xiang', family='Wang')
    >>> parse_person_name("Professor Sun")
    PersonName(given='', family='Sun')
    >>> parse_person_name("Prof. Dr. Łukasz Nowak (Warsaw)")
    PersonName(given='Łukasz', family='Nowak')
    >>> parse_person_name("the results were encouraging") is None
    True
    >>> parse_person_name("Blood Weekly") is None
    True
    """
    text = clean_name(text)
    titled = bool(HONORIFIC.match(text))
    while HONORIFIC.match(text):
        text = HONORIFIC.sub("", text, count=1)
    parts = [p.strip() for p in text.split(",")]
    name = parts[0]
    rest = [p for p in parts[1:] if p]
    if rest and not all(DEGREE.match(p) for p in rest):
        # "Smith, John" (family, given) is rare in our genres; anything else after a comma is not part of the name.
        if len(rest) == 1 and len(name.split()) == 1 and all(_NAME_TOKEN.match(t) for t in rest[0].split()):
            return PersonName(rest[0], name)
    words = name.split()
    if len(words) == 2 and re.fullmatch(r"[A-Z]{1,3}", words[1]) and words[1] not in ("MD", "DM", "DO"):
        words_are_initials = True  # "Garcia MA" in a reference list: initials, not a Master of Arts
    else:
        words_are_initials = False
    tokens = [t for t in words if words_are_initials or not DEGREE.match(t) or t[0].islower()]
    while tokens and DEGREE.match(tokens[-1]) and not words_are_initials:
        tokens.pop()
    if not tokens or len(tokens) > 4 or not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    if any(t.lower().strip(".") in _NOT_NAME_WORDS for t in tokens):
        return None  # "Hematology Frontier", "Blood Weekly": an outlet, not a person
    if not tokens[0][0].isupper() or not tokens[-1][0].isupper():
        return None
    if len(tokens) == 1:
        return PersonName("", tokens[0]) if titled else None
    if len(tokens) >= 2 and INITIALS.match(tokens[-1]) and not INITIALS.match(tokens[0]):
        return PersonName(tokens[-1].replace(".", "").replace(" ", ""), " ".join(tokens[:-1]))  # "Wang JX"
    if len(tokens) == 2 and _family_first(tokens[0], tokens[1]):
        return PersonName(tokens[1], tokens[0])
    family_start = len(tokens) - 1
    while family_start > 1 and tokens[family_start - 1][0].islower():  # "Ludwig van Beethoven"
        family_start -= 1
    return PersonName(" ".join(tokens[:family_start]), " ".join(tokens[family_start:]))


def find_titled_names(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """Names written with a title or a degree, and where the mention starts.

    Examples
    --------
    >>> find_titled_names("Prof. Dr. Anna Berg met Jane Roe, MD, and Dr. Li.", 0, 50)
    [('Anna Berg', 0), ('Jane Roe', 24), ('Li', 42)]
    """
    found = {m.start(1): (m.group(1), m.start()) for m in DEGREED.finditer(text, start, end)}
    found.update({m.start(1): (m.group(1), m.start()) for m in TITLED.finditer(text, start, end)})
    return sorted(found.values(), key=lambda f: f[1])


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def same_person(a: PersonName, b: PersonName) -> bool:
    """Whether two written names can denote the same person (same family name, compatible given names).

    Examples
    --------
    >>> same_person(PersonName("Jian-Xiang", "Wang"), PersonName("JX", "Wang"))
    True
    >>> same_person(PersonName("Jian-Xiang", "Wang"), PersonName("Jian-Xiong", "Wang"))
    True
    >>> same_person(PersonName("Xiaoyan", "Sun"), PersonName("Sun", "Xiaoyan"))
    True
    >>> same_person(PersonName("Ming", "Chen"), PersonName("Hao", "Chen"))
    False
    """
    fa, fb, ga, gb = fold_name(a.family), fold_name(b.family), fold_name(a.given), fold_name(b.given)
    if fa == gb and fb == ga and fa and fb:
        return True  # the same two tokens read in the other order
    if fa != fb:
        return False
    if not ga or not gb:
        return True
    ga_plain, gb_plain = ga.replace("-", "").replace(" ", ""), gb.replace("-", "").replace(" ", "")
    if ga_plain == gb_plain:
        return True
    a_short, b_short = INITIALS.match(a.given.replace(" ", "")), INITIALS.match(b.given.replace(" ", ""))
    if a_short or b_short:
        written, full = (a, b) if a_short else (b, a)
        if written.initials == full.initials or full.initials.startswith(written.initials):
            return True  # "Wang JX" or "Wang J" for Jian-Xiang Wang
        # "Garcia MA" for Maria Garcia: a middle name the full form leaves out, never for a Chinese given name
        return not (a_short and b_short) and not _is_chinese(full) and written.initials.startswith(full.initials)
    return min(len(ga_plain), len(gb_plain)) >= 4 and _edit_distance_at_most_one(ga_plain, gb_plain)
