"""Redaction of free text, on the kind of text people type into the report form, and as
properties: redacting twice changes nothing, and no planted postcode, phone number or e-mail
address survives whatever surrounds it."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crimeplan.voice.redaction import REMOVED, given_names, redact

AREA = ["Cheltenham", "Cotswold", "Forest of Dean", "Gloucester", "Stroud", "Tewkesbury"]

# (what was typed, what must be gone, what must stay)
REALISTIC = [
    (
        "Outside 14 Albion Street a man called Dave Smith followed me to the taxi rank",
        ["14", "Dave", "Smith"],
        ["Outside", "Albion Street", "followed me to the taxi rank"],
    ),
    (
        "flat 3, 22 Priory Road GL50 1AB. My neighbour Mrs Jones saw the whole thing",
        ["flat 3", "22", "GL50 1AB", "Jones", "Mrs"],
        ["Priory Road", "My neighbour", "saw the whole thing"],
    ),
    (
        "My ex Tom Baker waits by the bus stop on Victoria Street most nights",
        ["Tom", "Baker"],
        ["My ex", "bus stop on Victoria Street most nights"],
    ),
    (
        "a man called dave smith shouted at me near the promenade",
        ["dave", "smith"],
        ["a man called", "shouted at me near the promenade"],
    ),
    (
        "Email me at jo.bloggs@example.co.uk or ring (01242) 123456 if you need more",
        ["jo.bloggs@example.co.uk", "01242", "123456"],
        ["Email me at", "if you need more"],
    ),
    (
        "Silver car AB12 CDE and an older van A123 BCD kept circling the car park",
        ["AB12 CDE", "A123 BCD"],
        ["Silver car", "kept circling the car park"],
    ),
    (
        "I waited 20 minutes on the road by the Forest of Dean sign, nobody about",
        [],
        ["I waited 20 minutes on the road by the Forest of Dean sign, nobody about"],
    ),
    (
        "Priya Patel and Mohammed were there too, near the George on St Mark's Road",
        ["Priya", "Patel", "Mohammed"],
        ["were there too, near the George on St Mark's Road"],
    ),
    (
        "Alley behind the shops in Tewkesbury, my name is Jo, call 07700 900123 or jo@x.org",
        ["Jo,", "07700 900123", "jo@x.org"],
        ["Alley behind the shops in Tewkesbury, my name is"],
    ),
    (
        "PC Smith was no help. Victoria Walk in May is dark and he called the police twice.",
        ["PC Smith"],
        ["was no help. Victoria Walk in May is dark and he called the police twice."],
    ),
    (
        "Dean Close school and the Albert Road underpass, every evening in June",
        [],
        ["Dean Close school and the Albert Road underpass, every evening in June"],
    ),
    (
        "the underpass by Cheltenham station",
        [],
        ["the underpass by Cheltenham station"],
    ),
    (
        "Lad on a bike, insta @gl50_lad, hangs round 7a Winchcombe St with his mate Kyle",
        ["@gl50_lad", "7a", "Kyle"],
        ["Lad on a bike, insta", "Winchcombe St with his mate"],
    ),
    (
        "Her boyfriend, Connor, grabbed my arm outside 41-43 High Street (Stroud)",
        ["Connor", "41-43"],
        ["Her boyfriend,", "grabbed my arm outside", "High Street (Stroud)"],
    ),
    (
        "Someone called out to me from a white van, reg LV19 XKD, at the lights",
        ["LV19 XKD"],
        ["Someone called out to me from a white van, reg", "at the lights"],
    ),
    (
        "Mr. O'Neill from number 6 follows women home from the Montpellier bars",
        ["O'Neill", "Mr."],
        ["follows women home from the Montpellier bars"],
    ),
    (
        "Call +44 7700 900456 or 0044 7700 900789, ask for Aisha Begum. Apartment 12B, "
        "Lansdown Crescent",
        ["7700 900456", "7700 900789", "Aisha", "Begum", "12B"],
        ["Lansdown Crescent"],
    ),
    (
        "see www.example.org/photos and https://example.com/x?y=1 for what he posted",
        ["www.example.org", "https://example.com"],
        ["for what he posted"],
    ),
    (
        "my friend and I were followed from Gloucester Quays to Westgate Street",
        [],
        ["my friend and I were followed from Gloucester Quays to Westgate Street"],
    ),
    (
        "A man known as Big Gaz sells outside the Co-op, everyone knows him",
        ["Big Gaz"],
        ["A man known as", "sells outside the Co-op, everyone knows him"],
    ),
    (
        "Walking home via Hatherley Lane at 11pm, two men in a grey Astra followed",
        [],
        ["Walking home via Hatherley Lane at 11pm, two men in a grey Astra followed"],
    ),
    (
        "Sarah and Emily from work said the same happened to them at Imperial Gardens",
        ["Sarah", "Emily"],
        ["from work said the same happened to them at Imperial Gardens"],
    ),
]


# Reports typed in Welsh, where the site offers it: relations after "fy", "ei" and "eu" in their
# mutated forms, "o'r enw", Welsh titles, and accented names.
WELSH = [
    (
        "Roedd fy nghymydog Dai yn gweiddi arna i ger gorsaf Caerdydd bob nos",
        ["Dai"],
        ["Roedd fy nghymydog", "yn gweiddi arna i ger gorsaf Caerdydd bob nos"],
    ),
    (
        "Dyn o'r enw dai bach oedd yn fy nilyn o'r dafarn",
        ["dai bach"],
        ["Dyn o'r enw", "oedd yn fy nilyn o'r dafarn"],
    ),
    (
        "Aeth fy ffrind Siân a fi adref drwy'r parc tywyll",
        ["Siân"],
        ["Aeth fy ffrind", "a fi adref drwy'r parc tywyll"],
    ),
    (
        "Mae ei chariad Gethin yn aros wrth y safle bws, a'r Parch Huw Jones yn gwybod",
        ["Gethin", "Huw", "Jones", "Parch"],
        ["Mae ei chariad", "yn aros wrth y safle bws, a'r", "yn gwybod"],
    ),
    (
        "Mae fy nghymydog Dai a'i ffrind Siân yn gweiddi, ac i'w mam Glenys hefyd",
        ["Dai", "Siân", "Glenys"],
        ["fy nghymydog", "a'i ffrind", "yn gweiddi, ac i'w mam", "hefyd"],
    ),
    (
        "Fy enw i yw Ffion, ffoniwch 07700 900123",
        ["Ffion", "07700 900123"],
        ["Fy enw i yw"],
    ),
    (
        "Mae'n cael ei alw'n enwau ar y stryd fawr, does dim golau yno",
        [],
        ["Mae'n cael ei alw'n enwau ar y stryd fawr, does dim golau yno"],
    ),
    (
        "Roedd fy mrawd a fy ffrind yno hefyd, ger 12 Heol y Frenhines, Fflat 3",
        ["12", "Fflat 3"],
        ["Roedd fy mrawd a fy ffrind yno hefyd, ger", "Heol y Frenhines"],
    ),
    (
        "Mae'n cael ei alw'n Dai Bach gan bawb, a'ch cymdoges Llinos yn ei nabod",
        ["Dai Bach", "Llinos"],
        ["Mae'n cael ei alw'n", "gan bawb, a'ch cymdoges", "yn ei nabod"],
    ),
]


# Welsh words that stop a name after a Welsh cue, or that are Welsh words as well as names,
# leave English redaction as it was.
ENGLISH_UNCHANGED = [
    ("a woman called Fi Smith shouted at me", ["Fi Smith"]),
    ("Mae Thompson was shouting outside the pub", ["Mae", "Thompson"]),
    ("Ger Murphy followed me from the station", ["Ger", "Murphy"]),
    ("my neighbour Chi Wong saw it", ["Chi", "Wong"]),
]


@pytest.mark.parametrize(("typed", "gone"), ENGLISH_UNCHANGED, ids=lambda v: str(v)[:30])
def test_welsh_words_leave_english_names_removed(typed: str, gone: list[str]) -> None:
    redacted, _removed = redact(typed, place_names=AREA)
    for text in gone:
        assert text not in redacted, redacted


@pytest.mark.parametrize(("typed", "gone", "kept"), WELSH, ids=lambda v: str(v)[:30])
def test_reports_in_welsh(typed: str, gone: list[str], kept: list[str]) -> None:
    redacted, removed = redact(typed, place_names=["Cardiff", "Caerdydd"])
    for text in gone:
        assert text not in redacted, redacted
    for text in kept:
        assert text in redacted, redacted
    assert (removed > 0) is bool(gone)
    assert redact(redacted, place_names=["Cardiff", "Caerdydd"]) == (redacted, 0)


@pytest.mark.parametrize(("typed", "gone", "kept"), REALISTIC, ids=lambda v: str(v)[:30])
def test_realistic_reports(typed: str, gone: list[str], kept: list[str]) -> None:
    redacted, removed = redact(typed, place_names=AREA)
    for text in gone:
        assert text not in redacted, redacted
    for text in kept:
        assert text in redacted, redacted
    assert (removed > 0) is bool(gone)
    assert (REMOVED in redacted) is bool(gone)


def test_neighbouring_removals_read_as_one() -> None:
    assert redact("flat 3, 22 Priory Road")[0] == "[removed] Priory Road"


def test_the_name_list_holds_names_not_place_words() -> None:
    names = given_names()
    assert {"dave", "priya", "mohammed", "siobhan", "wojciech", "kayleigh"} <= names
    assert not {"lane", "street", "may", "june", "will", "summer", "park", "the"} & names


# Properties ----------------------------------------------------------------------------------

POSTCODES = st.sampled_from(["GL50 1AB", "gl51 9xx", "SW1A 1AA", "M1 1AE", "B33 8TH", "GL527HY"])
PHONES = st.sampled_from(
    ["07700 900123", "07700900123", "+44 7700 900123", "01242 123456", "(01452) 654321"]
)
EMAILS = st.from_regex(r"[a-z][a-z0-9._]{0,12}@[a-z]{1,10}\.(?:org|co\.uk|com)", fullmatch=True)
WORDS = st.sampled_from(
    [
        "outside",
        "the",
        "underpass",
        "by",
        "Cheltenham",
        "station",
        "a",
        "man",
        "called",
        "Dave",
        "Smith",
        "my",
        "neighbour",
        "Mrs",
        "Jones",
        "14",
        "Albion",
        "Street",
        "flat",
        "3",
        "Road",
        "at",
        "night",
        "May",
        "Forest",
        "of",
        "Dean",
        "PC",
        "Victoria",
        "is",
        "dark",
        "and",
        "[removed]",
        "0",
        "+44",
        "@",
        "-",
        ",",
        ".",
        "(",
        ")",
    ]
)
SEPARATORS = st.sampled_from([" ", ", ", ". ", "\n", " (", ") ", ": "])
FREE_TEXT = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=25).map(" ".join)


@st.composite
def text_with_planted(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Free text with postcodes, phone numbers and e-mail addresses planted in it, each set
    apart from its neighbours by a space or punctuation, as people write them."""
    planted = draw(st.lists(st.one_of(POSTCODES, PHONES, EMAILS), min_size=1, max_size=4))
    pieces = [draw(FREE_TEXT)]
    for item in planted:
        pieces += [draw(SEPARATORS), item, draw(SEPARATORS), draw(FREE_TEXT)]
    return "".join(pieces), planted


@settings(max_examples=400, deadline=None)
@given(text_with_planted())
@example(("call 07700 900123 0 now", ["07700 900123"]))
@example(("Mrs GL50 1AB, jo@x.org.", ["GL50 1AB", "jo@x.org"]))
def test_no_planted_postcode_phone_or_email_survives(case: tuple[str, list[str]]) -> None:
    text, planted = case
    redacted, _removed = redact(text, place_names=AREA)
    for item in planted:
        assert item not in redacted


@settings(max_examples=400, deadline=None)
@given(st.one_of(FREE_TEXT, text_with_planted().map(lambda case: case[0])))
def test_redacting_twice_changes_nothing(text: str) -> None:
    once, _ = redact(text, place_names=AREA)
    assert redact(once, place_names=AREA) == (once, 0)
