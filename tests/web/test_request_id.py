"""Every response carries a request id: the proxy's when it is a sane token, a new one otherwise;
log records made while serving the request carry the same id."""

import logging

import pytest
from django.urls import reverse

from digit.request_id import RequestIdFilter, current_request_id


@pytest.mark.django_db
def test_a_new_id_per_request(client):
    first = client.get(reverse("account_login"))["X-Request-ID"]
    second = client.get(reverse("account_login"))["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_the_proxys_id_is_kept_and_a_strange_one_replaced(client):
    kept = client.get(reverse("account_login"), headers={"X-Request-ID": "proxy-1234abcd"})
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get(reverse("account_login"), headers={"X-Request-ID": "<script>\r\nx"})
    assert replaced["X-Request-ID"] != "<script>\r\nx" and len(replaced["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_log_records_during_a_request_carry_its_id(client, caplog):
    seen = []

    class Remember(logging.Handler):
        def emit(self, record):
            seen.append(record.request_id)

    handler = Remember()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert seen and set(seen) == {response["X-Request-ID"]}
    assert current_request_id() == ""  # nothing left behind after the request
