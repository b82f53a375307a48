"""The theme's templates rendered for less: fragments rendered once per key, templates without
their indentation (fragments.py). The built site with and without the fragment cache is
compared byte for byte in test_build.py."""

from __future__ import annotations

import jinja2
import pytest
from newsarchive import fragments
from newsarchive.fragments import compact_template


def env(**templates) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates),
                              extensions=[fragments.CompactTemplates, fragments.FragmentCache])


def test_a_fragment_is_rendered_once_per_key():
    calls = []
    e = env(**{"page.html": "{% na_cache key %}<nav>{{ count(title) }}</nav>{% endna_cache %}"
                            "<h1>{{ title }}</h1>"})
    e.globals["count"] = lambda t: calls.append(t) or len(calls)
    page = e.get_template("page.html")
    assert page.render(key=("nav", "../../"), title="A") == "<nav>1</nav><h1>A</h1>"
    assert page.render(key=("nav", "../../"), title="B") == "<nav>1</nav><h1>B</h1>"
    assert page.render(key=("nav", "../"), title="C") == "<nav>2</nav><h1>C</h1>"
    assert page.render(key=None, title="D") == "<nav>3</nav><h1>D</h1>"  # none: every time
    assert page.render(key=None, title="E") == "<nav>4</nav><h1>E</h1>"
    assert calls == ["A", "C", "D", "E"]


def test_nothing_set_in_a_fragment_leaks_out_cached_or_not():
    page = env(**{"p.html": "{% set x = 1 %}{% na_cache k %}{% set x = 2 %}{{ x }}"
                            "{% endna_cache %}{{ x }}"}).get_template("p.html")
    assert page.render(k="a") == "21"
    assert page.render(k="a") == "21"


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(fragments.ENV_SWITCH, "0")
    e = env(**{"p.html": "{% na_cache 1 %}{{ n.pop() }}{% endna_cache %}"})
    page = e.get_template("p.html")
    assert [page.render(n=[1]), page.render(n=[2])] == ["1", "2"]


def test_compact_template_drops_indentation_and_blank_lines():
    source = ("<ul>\n"
              "  {% for x in xs %}\n"
              "    <li>{{ x }}</li>\n"
              "\n"
              "  {% endfor %}\n"
              "</ul>\n")
    assert compact_template(source) == "<ul>\n{% for x in xs -%}<li>{{ x }}</li>\n" \
                                       "{% endfor -%}</ul>\n"
    rendered = env(**{"l.html": source}).get_template("l.html").render(xs=[1, 2])
    assert rendered == "<ul>\n<li>1</li>\n<li>2</li>\n</ul>"


@pytest.mark.parametrize("line", [
    "{% macro row(x) %}",  # a macro called in running text would lose its leading break
    "{% block content %}", "{% endblock %}", '{% include "x.html" %}', "{% set body %}",
    "{% call m() %}", "{% na_cache k %}", "{{ x }}", "{% if a %}<b>{% endif %}",
])
def test_a_tag_that_writes_content_keeps_its_line_break(line):
    assert compact_template(f"  {line}\n") == f"{line}\n"


def test_words_on_either_side_of_a_control_tag_stay_apart():
    source = "<p>\n  Made with\n  {% if link %}\n    <a>Material</a>\n  {% endif %}\n</p>\n"
    rendered = env(**{"p.html": source}).get_template("p.html").render(link=True)
    assert rendered == "<p>\nMade with\n<a>Material</a>\n</p>"


def test_preformatted_text_is_left_alone():
    source = "<div>\n  <pre>\n    keep   this\n\n  </pre>\n  <textarea>  x\n  </textarea>\n</div>\n"
    assert compact_template(source) == ("<div>\n  <pre>\n    keep   this\n\n  </pre>\n"
                                        "  <textarea>  x\n  </textarea>\n</div>\n")


def test_only_html_templates_are_compacted():
    e = env(**{"sitemap.xml": "<urlset>\n  <url/>\n</urlset>"})
    assert e.get_template("sitemap.xml").render() == "<urlset>\n  <url/>\n</urlset>"


MAGNIFY = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 '
           '0 1 16 9.5"/></svg>\n')


def test_an_icon_is_a_reference_into_one_sprite_holding_each_icon_once(tmp_path):
    e = jinja2.Environment(loader=jinja2.DictLoader({
        "p.html": "<a>{{ svg | na_icon(name, '../assets/images/newsarchive-icons.svg') }}</a>"}),
        extensions=[fragments.IconSprite])
    page = e.get_template("p.html")
    used = page.render(svg=MAGNIFY, name="material/magnify")
    assert used == ('<a><svg viewBox="0 0 24 24"><use href="../assets/images/newsarchive-icons.svg'
                    '#material-magnify"></use></svg></a>')
    assert page.render(svg=MAGNIFY, name="material/magnify") == used
    # An <svg> with more on it than a viewBox is Material's, inline.
    other = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9" fill="red"><path/></svg>'
    assert page.render(svg=other, name="x/red") == f"<a>{other}</a>"
    sprite = e.extensions[fragments.IconSprite.identifier]
    sprite.write_sprite(tmp_path)
    assert (tmp_path / fragments.SPRITE).read_text(encoding="utf-8") == (
        '<svg xmlns="http://www.w3.org/2000/svg">\n<symbol id="material-magnify" '
        'viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5"/></symbol>\n</svg>\n')


def test_no_icon_no_sprite(tmp_path):
    e = jinja2.Environment(extensions=[fragments.IconSprite])
    e.extensions[fragments.IconSprite.identifier].write_sprite(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_fragment_s_blank_lines_are_one_line_break_cached_or_not():
    page = env(**{"p.html": "{% na_cache k %}{{ nav }}{% endna_cache %}"}).get_template("p.html")
    nav = "<ul>\n\n  <li>\n\n  Home\n\n  </li>  \n</ul>"  # as templates' expressions leave it
    assert page.render(k="a", nav=nav) == "<ul>\n<li>\nHome\n</li>\n</ul>"
    assert page.render(k=None, nav=nav) == "<ul>\n<li>\nHome\n</li>\n</ul>"
    assert fragments.squeeze("<pre>a\n\n  b</pre>\n\n") == "<pre>a\n\n  b</pre>\n\n"
    assert fragments.squeeze("<a>one</a> <a>two</a>") == "<a>one</a> <a>two</a>"  # no break
