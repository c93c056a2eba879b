"""Anonymous evaluation, tried as an attacker with the database in hand would: answers from
known people, in a known order, and every column and the storage's own row order (SQLite's
rowid, PostgreSQL's ctid and xmin) searched for a link back to them."""
from __future__ import annotations

import uuid

import pytest
from django.db import connection

from kring.reports import actions
from kring.reports.models import EvaluationAnswer, EvaluationMarker
from kring.reports.tests.conftest import Cast, make_meeting

# The columns an answer may have: anything new must be argued to reveal no one.
ANSWER_COLUMNS = {"id", "meeting", "owner_tag", "usefulness", "safety", "collaboration", "problem_solving",
                  "confidence", "self_awareness", "comment"}


def physical_order(model: type[EvaluationMarker] | type[EvaluationAnswer], meeting_id: uuid.UUID) -> list[uuid.UUID]:
    """The rows of one meeting in the order the storage keeps them, read past Django."""
    table = connection.ops.quote_name(model._meta.db_table)
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, meeting_id FROM {table} ORDER BY {position}")  # table and column names come from the model
        rows = cursor.fetchall()
    return [uuid.UUID(str(pk)) for pk, meeting in rows if uuid.UUID(str(meeting)) == meeting_id]


def scores_of(index: int) -> dict[str, int]:
    """Person `index` answers usefulness = index + 1: the attacker knows whose answer is whose."""
    return {"usefulness": index + 1, "safety": 3, "collaboration": 3, "problem_solving": 3, "confidence": 3,
            "self_awareness": 3}


@pytest.mark.django_db(transaction=True)
def test_no_column_and_no_row_order_links_an_answer_to_its_author(cast: Cast) -> None:
    meetings = [cast.meeting] + [make_meeting(cast.group, f"2025-04-{day:02d}") for day in (2, 9, 16, 23)]
    people = cast.members
    for meeting in meetings:
        for index, person in enumerate(people):
            # One transaction each, as when people answer from their own browsers.
            actions.answer_evaluation(person, meeting, scores_of(index), f"opmerking {index + 1}")

    assert {f.name for f in EvaluationAnswer._meta.get_fields()} == ANSWER_COLUMNS
    identifying = {str(p.pk) for p in people} | {p.email for p in people} | {p.get_full_name() for p in people}
    identifying |= {str(m.pk) for m in EvaluationMarker.objects.all()}
    for answer in EvaluationAnswer.objects.all():
        assert answer.pk.version == 4  # random, not time- or sequence-based
        values = {str(getattr(answer, f.attname)) for f in EvaluationAnswer._meta.concrete_fields}
        assert not values & identifying
        assert not any(token in value for value in values for token in identifying if len(token) > 3)

    guessed_right = 0
    for meeting in meetings:
        markers = {m.pk: m.person_id for m in EvaluationMarker.objects.filter(meeting=meeting)}
        answerers = [markers[pk] for pk in physical_order(EvaluationMarker, meeting.pk)]
        assert answerers == [p.pk for p in people]  # the markers do keep the order people answered in
        answers = physical_order(EvaluationAnswer, meeting.pk)
        # Where an answer sits is set by its random id alone, not by when it was given.
        assert answers == sorted(answers)
        usefulness = dict(EvaluationAnswer.objects.filter(meeting=meeting).values_list("id", "usefulness"))
        # The attack: pair the n-th answer with the n-th marker.
        guessed_right += sum(usefulness[pk] == index + 1 for index, pk in enumerate(answers))
    # Pairing by row order finds everyone only if five random shuffles of four all came out
    # unshuffled (one chance in 24^5); it does find everyone when answers keep the answer order.
    assert guessed_right < len(meetings) * len(people)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT meeting_id, COUNT(DISTINCT xmin::text) FROM reports_evaluationanswer GROUP BY meeting_id")
            assert {n for _meeting, n in cursor.fetchall()} == {1}  # one transaction wrote all of a meeting's answers
