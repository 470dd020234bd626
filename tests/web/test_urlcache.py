"""``{% url %}`` reversed once per process gives Django's addresses (citymade.web.core.templatetags.urlcache)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from citymade.web.core.templatetags import urlcache


def _render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_every_template_gets_the_cached_tag_without_a_load():
    node = Template("{% url 'companies:detail' 'a' %}").nodelist[0]
    assert isinstance(node, urlcache.CachedURLNode)


def test_addresses_are_djangos_and_the_second_one_is_not_reversed_again():
    urlcache._reverse.cache_clear()
    source = "{% url 'companies:detail' slug %}|{% url 'companies:product_edit' slug pk %}|{% url 'core:home' %}"
    first = _render(source, slug="atelier-x", pk=7)
    assert first == "|".join(
        (reverse("companies:detail", args=["atelier-x"]), reverse("companies:product_edit", args=["atelier-x", 7]), reverse("core:home"))
    )
    before = urlcache._reverse.cache_info()
    assert _render(source, slug="atelier-x", pk=7) == first
    after = urlcache._reverse.cache_info()
    assert after.hits == before.hits + 3 and after.misses == before.misses
    assert _render(source, slug="other", pk=8) != first  # other arguments, other addresses


def test_keyword_arguments_as_variable_and_escaping():
    url = reverse("companies:detail", kwargs={"slug": "a-b"})
    assert _render("{% url 'companies:detail' slug=s as there %}[{{ there }}]", s="a-b") == f"[{url}]"
    source = "{% url 'diagnostics:step' 3 key %}"
    assert _render(source, key="a'b<c") == reverse("diagnostics:step", args=[3, "a'b<c"]).replace("'", "&#x27;").replace("<", "&lt;")


def test_errors_are_djangos():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'companies:nowhere' %}")
    assert _render("{% url 'companies:nowhere' as there %}[{{ there }}]") == "[]"


def test_values_that_are_not_plain_text_or_numbers_are_reversed_each_time():
    class Slug:
        def __init__(self, text: str) -> None:
            self.text = text

        def __str__(self) -> str:
            return self.text

    urlcache._reverse.cache_clear()
    assert _render("{% url 'companies:detail' s %}", s=Slug("one")) == reverse("companies:detail", args=["one"])
    assert _render("{% url 'companies:detail' s %}", s=Slug("two")) == reverse("companies:detail", args=["two"])
    assert urlcache._reverse.cache_info().currsize == 0
    # 1 and True are the same key to a dict, not the same address
    assert _render("{% url 'companies:detail' s %}", s=1) == reverse("companies:detail", args=[1])
    assert _render("{% url 'companies:detail' s %}", s=True) == reverse("companies:detail", args=[True])


@override_settings(FORCE_SCRIPT_NAME="/cluster/")
def test_the_script_prefix_is_part_of_the_key(client):
    from django.urls import set_script_prefix

    set_script_prefix("/cluster/")
    try:
        assert _render("{% url 'core:home' %}") == "/cluster/"
    finally:
        set_script_prefix("/")
    assert _render("{% url 'core:home' %}") == "/"
