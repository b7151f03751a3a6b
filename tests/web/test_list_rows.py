"""A list of plain values on the portal is rows, one value per row (no JSON typed by hand): the Hunan
sub-centre's staff experience years."""
from __future__ import annotations

from urllib.parse import urlencode

KEY = "hunan-park-subcentre-requirements"
FACT = "f_staff_ip_experience_years"


def field_block(html: str) -> str:
    """The HTML of the list's field, up to the next field or the end of the form."""
    start = html.index('id="field-staff_ip_experience_years"')
    ends = [i for i in (html.find('class="field ', start + 10), html.find("</form>", start)) if i > 0]
    return html[start:min(ends)]


def test_the_years_are_rows_not_a_json_box(client):
    html = client.get(f"/schemes/{KEY}?lang=zh").get_data(as_text=True)
    block = field_block(html)
    assert "<textarea" not in block and "JSON" not in block and "[1.5" not in block
    assert block.count(f'name="{FACT}"') == 2 and 'type="number"' in block and "更多行" in block
    assert "<script" not in html                                         # rows without script


def test_rows_are_kept_through_the_result_and_back_to_the_form(client):
    query = urlencode([(FACT, "1.5"), (FACT, ""), (FACT, "0.5"), ("lang", "zh")])
    resp = client.get(f"/schemes/{KEY}/result?{query}")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert f"{FACT}=1.5" in html and f"{FACT}=0.5" in html              # the "change answers" link keeps both
    block = field_block(client.get(f"/schemes/{KEY}?{query}").get_data(as_text=True))
    assert 'value="1.5"' in block and 'value="0.5"' in block             # the answers are shown again, in rows
    assert block.count(f'name="{FACT}"') == 4                            # the two values, then two empty rows


def test_a_bad_row_is_an_error_beside_the_list(client):
    query = urlencode([(FACT, "1.5"), (FACT, "lots"), ("lang", "zh")])
    resp = client.get(f"/schemes/{KEY}/result?{query}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'class="error"' in field_block(html)


def test_the_list_is_evaluated_as_given():
    from werkzeug.datastructures import MultiDict

    from policyhub.web.fact_form import make_field, read

    schema = {"type": "array", "items": {"type": "number", "minimum": 0}, "x-label": {"zh": "年限", "en": "Years"}}
    f = make_field("years", schema)
    assert f.kind == "list"
    facts, bad = read([f], MultiDict([("f_years", "1.5"), ("f_years", ""), ("f_years", "2")]))
    assert (facts, bad) == ({"years": [1.5, 2]}, False)
    facts, bad = read([f], MultiDict([("f_years", ""), ("f_years", "")]))
    assert (facts, bad) == ({}, False)                                   # every row empty: unknown
    facts, bad = read([f], MultiDict([("f_years", "-1")]))
    assert bad and f.errors
