"""Removal of what identifies a person from the free text of an anonymous report.

Each of these is replaced by "[removed]" (neighbouring removals by one):
- e-mail addresses, links, social-media handles, UK phone numbers, postcodes and vehicle
  registrations (current, prefix and suffix styles);
- house and flat numbers in a street address: "outside 14 Albion Street" keeps the street, which
  says no more than the report's grid cell, and loses the number, which would name a home;
- people's names: after a title ("Mrs Jones", "PC Smith"), after "called", "named" or "my name
  is", after "my neighbour", "her ex" and other relations, and any capitalised given name in
  the name list with the surname that follows it ("a man called Dave Smith", "Priya Patel");
  in Welsh too, where the site offers it: after "o'r enw" or "fy enw i yw", after "fy
  nghymydog", "ei chariad" and the other relations in each of their mutated forms, and after
  Welsh titles ("Parch", "Cynghorydd"). A name may have accented letters ("Siân", "Zoë").

The name list is Jörg Michael's dictionary of first names, shipped in the gender-guesser
package (GNU FDL): every name it records as in use in Britain, Ireland, the United States,
India, the Arab countries, Poland, Turkey or Romania, less words that are also ordinary words
in a place description (months, "Lane", "Summer", "Will", ...). Words of the area's own place
names, given by the caller, are never taken for names ("Forest of Dean").

Not caught: a surname on its own ("the Smiths"), a nickname that is not a given name, a house
name, a description of a person. Moderators remove those (docs/how-to/voice.md).
"""

import functools
import re
from collections.abc import Iterable

REMOVED = "[removed]"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TEXT = re.IGNORECASE
_CONTACT_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"(?:https?://|www\.)\S+", _TEXT),  # links
    re.compile(r"(?<![\w.@])@\w{2,}"),  # social-media handles
    # UK phone numbers: 07700 900123, 01242 123456, (01242) 123456, +44 (0)7700 900123
    re.compile(r"(?<![\w+])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0)(?:\d\)?[\s-]?){9,10}(?!\w)"),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", _TEXT),  # postcodes
    re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b", _TEXT),  # registrations since 2001: AB12 CDE
    re.compile(r"\b[A-Z]\d{1,3}\s?[A-Z]{3}\b"),  # prefix style: A123 BCD (capitals only)
    re.compile(r"\b[A-Z]{3}\s?\d{1,3}[A-Z]\b"),  # suffix style: ABC 123D (capitals only)
]

# The last word of a street's name: what makes "14 Albion Street" an address.
STREET_WORDS = _words(
    "street st road rd lane ln avenue ave drive close crescent cres place terrace gardens "
    "gdns grove court ct walk square sq hill rise row mews parade green view vale quay wharf "
    "mead meadows path passage yard boulevard promenade circus approach gate hollow orchard way "
    "park "
    # Welsh, where the street word comes first: "12 Heol y Frenhines", "3 Lôn Las".
    "heol stryd ffordd lôn lon rhodfa cilgant teras clos"
)
# Words that do not belong to a street's name between a number and a street word ("20
# minutes on the road" is no address).
_NOT_STREET_NAME = _words(
    "the a an on in at of to and or near by from for with past minutes mins hours years times "
    "people men women lads boys girls metres meters yards miles am pm"
)
_NUMBER = r"\d{1,4}[a-z]?(?:\s*[-/]\s*\d{1,4}[a-z]?)?"
_ADDRESS_PATTERNS = [
    re.compile(
        r"\b(?:flat|fflat|apartment|apt|maisonette|unit)\s*\.?\s*" + _NUMBER + r"\b,?", _TEXT
    ),
    re.compile(
        r"\b"
        + _NUMBER
        + r"\b,?(?=\s+(?:(?!(?:"
        + "|".join(sorted(_NOT_STREET_NAME, key=len, reverse=True))
        + r")\b)[a-z'\u2019.-]+\s+){0,3}(?:"
        + "|".join(sorted(STREET_WORDS, key=len, reverse=True))
        + r")\b)",
        _TEXT,
    ),
]

# Titles that always introduce a name, in any case, and those that do only when capitalised
# and followed by a capitalised word ("a lady on the bus", "miss the bus").
_TITLES_ANY_CASE = _words("mr mrs ms mx dr cllr sgt pcso")
_TITLES_CAPITALISED = _words(
    "Miss Mister Madam Sir Dame Lady Lord Prof Professor Rev Reverend Father Sister Brother PC "
    "DC DS DI Sergeant Inspector Officer Constable Councillor Nurse Doctor "
    "Parch Parchedig Cynghorydd Cyng Rhingyll Arolygydd Cwnstabl Nyrs Meddyg Athro"
)
_RELATIONS = _words(
    "ex ex-partner ex-boyfriend ex-girlfriend ex-husband ex-wife partner husband wife boyfriend "
    "girlfriend neighbour neighbor friend mate son daughter brother sister mum mom dad mother "
    "father stepdad stepmum stepfather stepmother cousin uncle aunt auntie nan gran grandad "
    "grandma colleague boss manager landlord landlady flatmate housemate carer teacher"
)
# Welsh: each relation as it is written after "fy" (my), "ei" (his, her), "eu" (their), "ein"
# (our) and "dy" (your), whose mutations change its first letters, ...
_WELSH_RELATIONS = _words(
    "cymydog gymydog nghymydog chymydog ffrind brawd frawd mrawd chwaer mam fam tad dad nhad "
    "thad mab fab merch ferch gŵr ŵr ngŵr gwr wr ngwr gwraig wraig ngwraig cariad gariad "
    "nghariad chariad partner bartner mhartner phartner cyn-bartner gyn-bartner nghyn-bartner "
    "chyn-bartner cyn-gariad gyn-gariad nghyn-gariad chyn-gariad modryb fodryb ewythr cefnder "
    "gefnder nghefnder chefnder cyfnither gyfnither nghyfnither chyfnither bos fos mos "
    "cydweithiwr gydweithiwr nghydweithiwr chydweithiwr landlord athro athrawes nain taid nhaid "
    "thaid mam-gu fam-gu tad-cu dad-cu nhad-cu thad-cu cymdoges gymdoges nghymdoges chymdoges "
    "cyn-ŵr gyn-ŵr nghyn-ŵr chyn-ŵr cyn-wr gyn-wr nghyn-wr chyn-wr cyn-wraig gyn-wraig "
    "nghyn-wraig chyn-wraig nai nith"
)
_APOSTROPHE = "['\u2019]"
# ... and their forms run on after a vowel: "a'i ffrind" (and his friend), "i'w mam", "a'm".
_WELSH_POSSESSIVES = rf"fy|ei|eu|ein|eich|dy|{_APOSTROPHE}(?:i|w|m|th|n|ch)"
_CUES = [
    r"my name is",
    r"my name's",
    r"i am called",
    r"i'm called",
    r"called",
    r"named",
    r"known as",
    r"nicknamed",
    r"goes by",
    r"name is",
    r"name was",
]
# Welsh: "o'r enw" (called), "fy enw i yw" (my name is), "mae'n cael ei alw'n" (is called).
_WELSH_CUES = [
    rf"o{_APOSTROPHE}r enw",
    r"fy enw(?: i)? (?:yw|ydy)",
    rf"(?:yn|sy{_APOSTROPHE}n|{_APOSTROPHE}n) cael ei (?:alw|galw){_APOSTROPHE}n",
    r"a elwir",
]
# Letters of a word, with the accented ones of Welsh and other languages (Siân, Zoë, Ŵyn).
_LOWER = "a-zß-öø-ÿŵŷ"
_UPPER = "A-ZÀ-ÖØ-ÞŴŶ"
# A capitalised word: Smith, O'Neill, Smith-Jones, McDonald.
_CAPITALISED = rf"[{_UPPER}][{_LOWER}]*(?:['\u2019-][{_UPPER}]?[{_LOWER}]+)*"
_WORD = rf"[{_UPPER}{_LOWER}][{_LOWER}]*(?:['\u2019-][{_UPPER}{_LOWER}]?[{_LOWER}]+)*"

# Words the name list holds that are also ordinary words in a description of a place, and
# words after which a given name is the name of a place or pub ("the George", "St Mark").
_NOT_NAMES = _words(
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday can man said will "
    "red sky spring summer autumn winter storm sunny rain river meadow lane heath brook "
    "king queen prince princess duke royal christmas easter astra kia"
)
# Given names that are also Welsh words beginning many a sentence about a place ("Mae" is,
# "Ger" near): a name only when a capitalised word, its surname, follows ("Mae Thompson").
_WELSH_WORDS_AND_NAMES = _words("mae ger")
_BEFORE_A_PLACE = _words("the st st. saint")
# Words that follow "called" or "named" in a sentence rather than a name.
_FUNCTION_WORDS = _words(
    "the a an me him her them us it you out back up over round in on at to for from after by "
    "and or but who that this my his their our your what because as so if when police 999 101 "
    "names something someone somebody anything everything nothing"
)
# ... and those that follow a Welsh cue ("yn cael ei alw'n enwau": called names). Kept apart:
# "Fi", "Hi" and "Chi" after "called" are names.
_WELSH_FUNCTION_WORDS = _words(
    "y yr fi fe fo hi nhw ni chi enwau pethau rhywbeth rhywun dim yn i a ac ond heddlu"
)
_NEXT_WORD = re.compile(rf"\s+({_WORD})(?![\w'\u2019-])")
_COUNTRIES = (
    "great_britain",
    "ireland",
    "usa",
    "india",
    "arabia",
    "poland",
    "turkey",
    "romania",
)


@functools.cache
def given_names() -> frozenset[str]:
    """Given names in use in the countries above, lower-cased (read once per process)."""
    from gender_guesser.detector import Detector

    detector = Detector()
    columns = [Detector.COUNTRIES.index(country) for country in _COUNTRIES]
    names = set()
    for name, by_gender in detector.names.items():
        if len(name) < 2 or not name.isalpha() or not name[0].isupper():
            continue
        if any(values[i].strip() for values in by_gender.values() for i in columns):
            names.add(name.lower())
    return frozenset(names - _NOT_NAMES - STREET_WORDS)


def _place_words(place_names: Iterable[str]) -> frozenset[str]:
    letters = rf"[{_UPPER}{_LOWER}]+"
    return frozenset(w.lower() for name in place_names for w in re.findall(letters, name))


class _Redactor:
    """One redaction: the patterns above, then the names, counting what was removed."""

    def __init__(self, place_names: Iterable[str]) -> None:
        self.keep = _place_words(place_names)
        self.removed = 0

    def _sub(self, pattern: re.Pattern[str], text: str) -> str:
        text, found = pattern.subn(REMOVED, text)
        self.removed += found
        return text

    def run(self, text: str) -> str:
        for pattern in [*_CONTACT_PATTERNS, *_ADDRESS_PATTERNS]:
            text = self._sub(pattern, text)
        text = self._titles(text)
        text = self._after(text, _CUES, named=True)
        text = self._after(text, _WELSH_CUES, named=True, stop=_WELSH_FUNCTION_WORDS)
        relations = [rf"(?:my|her|his|their|our|a) {r}(?:'s)?,?" for r in _RELATIONS]
        relations += [rf"(?:{_WELSH_POSSESSIVES}) {r},?" for r in _WELSH_RELATIONS]
        text = self._after(text, relations, named=False)
        text = self._given_names(text)
        return re.sub(r"\[removed\](?:[\s,]*\[removed\])+", REMOVED, text)

    def _is_name_word(self, word: str) -> bool:
        lowered = word.lower()
        return lowered not in self.keep and lowered not in STREET_WORDS

    def _name_run(self, words: list[str]) -> int:
        """How many of these words, from the first, are a person's name (capitalised)."""
        taken = 0
        for word in words[:3]:
            if not word[:1].isupper() or not self._is_name_word(word):
                break
            taken += 1
        return taken

    def _named_run(self, words: list[str], stop: frozenset[str]) -> int:
        """After "called" or "my name is" the next words are a name whatever their case,
        unless they are the words of a sentence ("called the police", "called me names")."""
        taken = 0
        for word in words[:2]:
            if word.lower() in stop or not self._is_name_word(word):
                break
            taken += 1
        return taken

    def _replace_names(
        self,
        text: str,
        lead: re.Pattern[str],
        *,
        named: bool,
        keep_lead: bool,
        stop: frozenset[str] = _FUNCTION_WORDS,
    ) -> str:
        """Replaces the name after each match of `lead`: capitalised words, or a given name in
        lower case as people type, or (`named`, after "called") any words of a name. The lead
        goes too (a title), unless `keep_lead` (a cue such as "called" or "my neighbour")."""
        spans: list[tuple[int, int]] = []
        position = 0
        for match in lead.finditer(text):
            if match.start() < position:
                continue
            words: list[re.Match[str]] = []
            while len(words) < 3:
                following = _NEXT_WORD.match(text, words[-1].end() if words else match.end())
                if not following:
                    break
                words.append(following)
            found = [w.group(1) for w in words]
            taken = self._named_run(found, stop) if named else self._name_run(found)
            if not taken and found and found[0].lower() in given_names():
                taken = int(self._is_name_word(found[0]))
            if not taken:
                continue
            start = words[0].start(1) if keep_lead else match.start()
            spans.append((start, words[taken - 1].end(1)))
            position = words[taken - 1].end(1)
        return self._apply(text, spans)

    def _apply(self, text: str, spans: list[tuple[int, int]]) -> str:
        for start, end in reversed(spans):
            text = text[:start] + REMOVED + text[end:]
        self.removed += len(spans)
        return text

    def _titles(self, text: str) -> str:
        any_case = re.compile(rf"\b(?:{'|'.join(_TITLES_ANY_CASE)})\b\.?", _TEXT)
        text = self._replace_names(text, any_case, named=False, keep_lead=False)
        capitalised = re.compile(rf"\b(?:{'|'.join(_TITLES_CAPITALISED)})\b\.?(?=\s+[A-Z])")
        return self._replace_names(text, capitalised, named=False, keep_lead=False)

    def _after(
        self, text: str, cues: list[str], *, named: bool, stop: frozenset[str] = _FUNCTION_WORDS
    ) -> str:
        lead = re.compile(rf"\b(?:{'|'.join(cues)})(?=\s)", _TEXT)
        return self._replace_names(text, lead, named=named, keep_lead=True, stop=stop)

    def _given_names(self, text: str) -> str:
        """Given names, each with the capitalised words after it that can be its surname;
        a given name alone is a place's after "the" or "St", or before a street word."""
        names = given_names()
        words = list(re.finditer(rf"\b{_CAPITALISED}\b|\S+", text))
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            word = words[i].group()
            if not word[0].isupper() or word.lower() not in names or not self._is_name_word(word):
                i += 1
                continue
            following = [w.group() for w in words[i + 1 : i + 3]]
            taken = self._name_run(following)
            before = words[i - 1].group().lower() if i else ""
            after = following[0].lower() if following else ""
            if not taken and (
                before in _BEFORE_A_PLACE
                or after in STREET_WORDS
                or word.lower() in _WELSH_WORDS_AND_NAMES
            ):
                i += 1
                continue
            spans.append((words[i].start(), words[i + taken].end()))
            i += taken + 1
        return self._apply(text, spans)


def redact(text: str, *, place_names: Iterable[str] = ()) -> tuple[str, int]:
    """The text with what identifies a person replaced by "[removed]", and how many things
    were removed. `place_names` are the area's own names, whose words are never removed as
    names. Redacting the result again changes nothing."""
    redactor = _Redactor(place_names)
    return redactor.run(text), redactor.removed
