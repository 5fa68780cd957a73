"""The pain points page: filter, search, bulk edit, delete, undo and restore."""

from __future__ import annotations

from aiadopt.services import sample
from aiadopt.services.capture import count_pain_points, delete_pain_points, get_pain_point
from tests.factories import make_pain_point, make_workshop


def test_pain_points_page_filters_searches_bulk_edits_deletes_and_undoes(facilitator_app, file_db):
    workshop_id = sample.load_sample(file_db)
    total = count_pain_points(file_db, workshop_id)
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/pain_points.py").run()
    assert len(facilitator_app.dataframe[0].value) == total
    facilitator_app.text_input(key="pain_points_query").input("timesheets").run()
    shown = facilitator_app.dataframe[0].value
    assert 0 < len(shown) < total and all("imesheet" in t for t in shown["Pain point"])
    facilitator_app.text_input(key="pain_points_query").input("").run()
    facilitator_app.multiselect(key="pain_points_classes").select("red").run()
    red_ids = facilitator_app.dataframe[0].value["No."].tolist()
    assert red_ids and all(get_pain_point(file_db, i)["data_sensitivity"] == "red" for i in red_ids)

    facilitator_app.checkbox(key="pain_points_select_all").check().run()
    facilitator_app.selectbox(key="pain_points_bulk_field").select("data_sensitivity").run()
    facilitator_app.selectbox(key="pain_points_bulk_class").select("amber").run()
    facilitator_app.button(key="pain_points_bulk_apply").click().run()
    assert all(get_pain_point(file_db, i)["data_sensitivity"] == "amber" for i in red_ids)

    facilitator_app.multiselect(key="pain_points_classes").unselect("red").run()
    facilitator_app.checkbox(key="pain_points_select_all").uncheck().run()
    facilitator_app.multiselect(key="pain_points_selected").select(red_ids[0]).run()
    facilitator_app.button(key="pain_points_bulk_delete").click().run()
    assert count_pain_points(file_db, workshop_id) == total - 1
    facilitator_app.button(key="pain_points_undo").click().run()
    assert count_pain_points(file_db, workshop_id) == total


def test_pain_points_page_restores_from_the_deleted_list(facilitator_app, file_db):
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
    pain_point_id = make_pain_point(file_db, workshop_id, department_id)
    delete_pain_points(file_db, [pain_point_id])
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/pain_points.py").run()
    facilitator_app.multiselect(key="pain_points_restore").select(pain_point_id).run()
    facilitator_app.button(key="pain_points_restore_button").click().run()
    assert count_pain_points(file_db, workshop_id) == 1
