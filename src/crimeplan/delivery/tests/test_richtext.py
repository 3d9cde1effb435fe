"""The rich text subset: what an editor may write survives; scripts, event handlers and
javascript: links do not."""

from crimeplan.delivery.richtext import clean_html, plain_text


def test_the_allowed_subset_survives_unchanged() -> None:
    html = (
        "<h3>Our year</h3><p>We <strong>kept</strong> our <em>promises</em>.<br>More:</p>"
        '<ul><li><a href="https://www.gov.uk/">GOV.UK</a></li><li><a href="/delivery/">Plans</a>'
        "</li></ul><ol><li>One</li></ol>"
    )
    assert clean_html(html) == html


def test_scripts_are_removed_with_their_text() -> None:
    cleaned = clean_html("<p>Hello<script>alert('x')</script></p><style>p{}</style>")
    assert cleaned == "<p>Hello</p>"


def test_event_handlers_and_other_attributes_are_removed() -> None:
    cleaned = clean_html('<p onclick="steal()" style="color:red" class="x">Hi</p>')
    assert cleaned == "<p>Hi</p>"


def test_javascript_and_other_links_lose_their_address() -> None:
    for href in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "mailto:someone@example.org",
        "vbscript:x",
    ):
        cleaned = clean_html(f'<a href="{href}">link</a>')
        assert "href" not in cleaned, href
        assert "link" in cleaned


def test_tags_outside_the_subset_keep_only_their_text() -> None:
    cleaned = clean_html(
        '<h1>Big</h1><img src="x" onerror="y()"><iframe src="/x"></iframe><p>ok</p>'
    )
    assert cleaned == "Big<p>ok</p>"


def test_empty_text_stays_empty() -> None:
    assert clean_html("") == ""
    assert clean_html("   \n ") == ""


def test_plain_text_has_the_words_only() -> None:
    assert plain_text("<p>Safer &amp; <strong>stronger</strong></p><h3>Next</h3>") == (
        "Safer & stronger Next"
    )
