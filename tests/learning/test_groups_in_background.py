"""Group formation for a large programme runs as a background task: the request returns at
once, the page follows the task and shows the groups when they are formed, or why not."""

import pytest
from django.urls import reverse

from digit.learning import groups as learning_groups
from digit.learning.models import GroupFormation, GroupFormationRequest
from digit.learning.tasks import form_requested_groups
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch, organisation):
    """A programme counted as large: more participants than are formed within a request."""
    units = [organisation[k] for k in ("branch_a", "branch_b", "exhibitions")]
    for i in range(19):
        make_person(units[i % 3], with_account=False, gender="man" if i % 2 else "woman")
    monkeypatch.setattr(learning_groups, "IN_REQUEST_LIMIT", 10)


def test_a_large_programme_is_formed_by_the_worker_and_the_page_follows(
    client, programme, staff, large, committed
):
    client.force_login(staff)
    url = reverse("learning:groups", args=[programme.slug])
    response = client.post(url, {"min_size": 4, "max_size": 6}, follow=True)
    html = response.content.decode()
    assert "formas i bakgrunden" in html and "Väntar på bakgrundsprocessen" in html
    assert 'hx-trigger="every 3s"' in html
    assert not GroupFormation.objects.exists()
    poll = client.get(url, headers={"HX-Request": "true"})
    assert 'id="group-request"' in poll.content.decode() and "<html" not in poll.content.decode()

    with committed():
        pass  # the worker runs what was enqueued
    request = GroupFormationRequest.objects.get()
    assert request.formation is not None and request.formation.groups.count() == 4
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    html = client.get(url).content.decode()
    assert 'id="group-request"' not in html and "Hur bra grupperna är" in html


def test_a_grouping_that_cannot_exist_is_reported_not_retried(
    client, programme, staff, large, committed
):
    client.force_login(staff)
    url = reverse("learning:groups", args=[programme.slug])
    with committed():
        client.post(url, {"min_size": 25, "max_size": 30})
    request = GroupFormationRequest.objects.get()
    assert request.formation is None and "kan inte delas" in request.error
    html = client.get(url).content.decode()
    assert "Inga grupper kunde bildas" in html and "hx-trigger" not in html


def test_running_the_task_again_forms_the_groups_once(programme, staff, large):
    request = learning_groups.request_learning_groups(
        programme=programme, min_size=4, max_size=6, by=staff
    )
    first = form_requested_groups.call(request.pk)
    assert form_requested_groups.call(request.pk) == first  # as after a lost worker
    assert GroupFormation.objects.count() == 1
