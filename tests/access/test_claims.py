"""What Digit reads from an ID token's claims (digit.access.claims, no database)."""

from digit.access.claims import account_uid, second_factor_claimed


def test_amr_with_mfa_is_a_second_factor():
    assert second_factor_claimed({"amr": ["pwd", "mfa"]}, accepted_acr=())


def test_amr_without_mfa_is_not():
    assert not second_factor_claimed({"amr": ["pwd"]}, accepted_acr=())
    assert not second_factor_claimed({"amr": "mfa"}, accepted_acr=())  # must be a list
    assert not second_factor_claimed({}, accepted_acr=())


def test_acr_counts_only_when_the_installation_accepts_its_value():
    claims = {"acr": "urn:example:mfa"}
    assert not second_factor_claimed(claims, accepted_acr=())
    assert second_factor_claimed(claims, accepted_acr=("urn:example:mfa",))
    assert not second_factor_claimed({"acr": "1"}, accepted_acr=("urn:example:mfa",))


def test_the_identity_is_issuer_and_subject():
    issuer = "https://login.microsoftonline.com/tenant/v2.0"
    assert account_uid(issuer, "abc") == f"{issuer}#abc"
    assert account_uid(issuer, "abc") != account_uid("https://other.example", "abc")
