"""What Digit reads from an OpenID Connect ID token's claims (plain values, no Django).

Claims are the decoded ID token as a mapping; allauth has checked its issuer, audience and
expiry before these functions see it.
"""

from collections.abc import Collection, Mapping

# RFC 8176 §2: "mfa" is the `amr` value for an authentication with more than one factor.
MULTI_FACTOR_AMR = "mfa"


def second_factor_claimed(claims: Mapping[str, object], accepted_acr: Collection[str]) -> bool:
    """True when the token says the provider used more than one factor for this sign-in.

    Either ``amr`` (a list, RFC 8176) contains "mfa", or ``acr`` is one of the values the
    installation accepts as multi-factor (``DIGIT_OIDC_MFA_ACR_VALUES``; what an `acr` value
    means is the provider's to define, so no value is accepted by default).
    """
    amr = claims.get("amr")
    if isinstance(amr, list) and MULTI_FACTOR_AMR in amr:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in accepted_acr


def account_uid(issuer: str, subject: str) -> str:
    """The identity of a work account in Digit: the issuer and the subject together.

    A subject is unique only at its issuer (OIDC Core §2, ASVS 6.8.1): the same ``sub`` from
    another provider is another person. An issuer URL has no fragment (OIDC Discovery §3),
    so "#" separates the two without ambiguity.
    """
    return f"{issuer}#{subject}"
