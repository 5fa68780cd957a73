"""The Rank page in the facilitator's language: flags, reasons and explanations said again (issue 20)."""

from __future__ import annotations

from aiadopt import i18n
from aiadopt.services import accounts
from tests.apptest_helpers import facilitator_on, owner_id


def test_the_shortlist_says_its_flags_and_explanation_in_the_facilitators_language(file_db, sample_workshop):
    me = owner_id()
    accounts.set_account_language(file_db, accounts.account(file_db, me), me, "de")
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    assert not app.exception
    table = app.dataframe[0].value  # the columns keep their English names; their labels are translated
    flags = " ".join(table["Flags"])
    with i18n.speaking("de"):
        said = i18n.t("No one owns this yet: a pilot without an owner stalls.")
    assert said in flags and "No one owns this yet" not in flags
    explained = [t.value for t in app.text if t.value.startswith(table["Candidate workflow"][0])]
    assert explained and "Ranks 1st" not in explained[0]
