"""Hypothesis strategies shared by the apps' tests."""

from hypothesis import strategies as st

# What a person can type into a form: any character but NUL, which Django's form fields
# refuse (ProhibitNullCharactersValidator) and PostgreSQL cannot store, and the lone
# surrogates, which no UTF-8 request can carry.
TYPED_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")


def typed_text(*, min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[str]:
    """Text as a form would pass it to a service."""
    return st.text(alphabet=TYPED_CHARACTERS, min_size=min_size, max_size=max_size)
