"""The demo's sign-ins: staff accounts have names, and running the step twice changes nothing."""

import io

import pytest
from django.core.management.base import BaseCommand

from digit.access.models import User
from digit.demo.accounts import GRANTED, create_demo_accounts, print_demo_logins

pytestmark = pytest.mark.django_db


def test_staff_demo_accounts_have_names_and_are_listed_with_them():
    command = BaseCommand(stdout=io.StringIO())
    create_demo_accounts(command, {})
    create_demo_accounts(command, {})
    print_demo_logins(command, {})
    accounts = User.objects.filter(email__in=[email for _, email in GRANTED])
    assert accounts.count() == len(GRANTED) == 3
    assert all(account.first_name and account.last_name for account in accounts)
    assert "projektledning@demo.digit.test  (Petra Lindqvist)" in command.stdout.getvalue()
