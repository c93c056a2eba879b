"""Demo: one case submitted for the first meeting of the therapeutic-relationship group."""
from __future__ import annotations

from typing import Any

from kring.cases import actions
from kring.cases.models import Case
from kring.cases.queries import open_for_cases

TITLE = "Cliënt belt steeds buiten de afspraken"


def load(demo: Any) -> None:
    group = demo.groups["therapeutic"]
    meeting = group.meetings.order_by("starts_at").first()
    if meeting is None or Case.objects.filter(meeting__group=group, title=TITLE).exists() or not open_for_cases(meeting):
        return
    actions.submit_case(
        demo.people["t1"], meeting, title=TITLE,
        situation="Een cliënt belt of mailt me sinds een paar weken bijna dagelijks tussen de sessies door. "
                  "Ik merk dat ik me schuldig voel als ik niet meteen reageer.",
        question="Hoe kan ik mijn grens aangeven zonder dat de cliënt zich afgewezen voelt?",
        wish="Vragen die me helpen mijn eigen aandeel te zien, en daarna advies.",
    )
