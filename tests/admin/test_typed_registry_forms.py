"""Registry entries are edited through typed inputs generated from the fact schemas (no JSON box): list facts as
rows, empty as unknown, errors beside the input in the UI language; event types are a choice of the lifecycle's
events with their labels."""
from __future__ import annotations

from admin_helpers import official  # noqa: F401 - a fixture
from admin_helpers import HUANGPU, HUNAN, make_entry, read_form, text

HUNAN_LIST = "/admin/registries/hunan-subcentres/"
HUANGPU_LIST = "/admin/registries/huangpu-platforms/"


def entry(app, eid):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        row = db.session.get(RegistryEntry, eid)
        return dict(row.data), [(e.event) for e in row.events]


def post_rows(client, url, form, rows):
    from werkzeug.datastructures import MultiDict

    items = [(k, v) for k, v in form.items() if k != "data-results"] + [("data-results", r) for r in rows]
    return client.post(url, data=MultiDict(items))


def test_yearly_results_are_rows_of_labelled_choices_and_empty_rows_are_dropped(app, client, official):
    eid = make_entry(app, "分中心", HUNAN, registry="hunan-subcentres",
                     data={"park": "某园区", "designated": "2024-03-20", "results": ["qualified"]})
    official("editor", HUNAN)
    url = f"{HUNAN_LIST}edit/?id={eid}"
    page = text(client.get(url))
    assert 'name="data"' not in page
    assert 'name="data-results"' in page and "合格" in page and "优秀" in page and "添加一行" in page
    assert 'type="date" name="data-designated"' in page and "确定为分中心的日期" in page
    r = post_rows(client, url, read_form(page), ["excellent", "", "qualified"])
    assert r.status_code == 302, text(r)
    assert entry(app, eid)[0] == {"park": "某园区", "designated": "2024-03-20", "results": ["excellent", "qualified"]}
    r = post_rows(client, url, read_form(text(client.get(url))), ["", ""])         # every row empty: unknown
    assert r.status_code == 302
    assert "results" not in entry(app, eid)[0]
    en = text(client.get(url + "&lang=en"))
    assert "Excellent" in en and "Add a row" in en and "Date designated as a sub-centre" in en


def test_a_bad_value_is_refused_beside_its_input_and_nothing_is_saved(app, client, official):
    eid = make_entry(app, "分中心", HUNAN, registry="hunan-subcentres", data={"park": "某园区"})
    official("editor", HUNAN)
    url = f"{HUNAN_LIST}edit/?id={eid}"
    form = read_form(text(client.get(url)))
    form["data-results"] = "splendid"
    r = client.post(url, data=form)
    page = text(r)
    assert r.status_code == 200
    block = page[page.index('data-fact="results"'):]
    assert "ph-fact-error" in block[:block.index("</div></div>") + 200] or "ph-fact-error" in block[:3000]
    assert entry(app, eid)[0] == {"park": "某园区"}


def test_values_no_schema_describes_are_kept(app, client, official):
    eid = make_entry(app, "分中心", HUNAN, registry="hunan-subcentres",
                     data={"park": "某园区", "legacy_note": "旧系统导入"})
    official("editor", HUNAN)
    url = f"{HUNAN_LIST}edit/?id={eid}"
    page = text(client.get(url))
    assert "legacy_note" in page and "旧系统导入" in page
    form = read_form(page)
    form["data-park"] = "新园区"
    assert client.post(url, data=form).status_code == 302
    assert entry(app, eid)[0] == {"park": "新园区", "legacy_note": "旧系统导入"}


def test_event_types_are_the_lifecycles_events_with_their_labels(app, client, official):
    eid = make_entry(app, "平台", HUANGPU, events=[("2024-06-20", "applied")])
    official("editor", HUANGPU)
    url = f"{HUANGPU_LIST}edit/?id={eid}"
    page = text(client.get(url))
    assert '<option selected value="applied">提交申报材料</option>' in page
    assert "认定名单公示" in page
    form = read_form(page)
    form["events-0-event"] = "申报"                                   # free text is no longer accepted
    r = client.post(url, data=form)
    assert r.status_code == 200
    assert entry(app, eid)[1] == ["applied"]
    assert "Application submitted" in text(client.get(url + "&lang=en"))
