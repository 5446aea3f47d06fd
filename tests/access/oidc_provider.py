"""A small OpenID Connect provider for the tests, run as its own process on 127.0.0.1.

    python -m tests.access.oidc_provider --port 9400 --client-id digit --client-secret s3cret

It speaks the authorisation-code flow as a real provider does: discovery, JWKS, an
authorisation endpoint with a sign-in form, a token endpoint that authenticates the client and
requires PKCE (S256), ID tokens signed with RS256 (joserfc), and userinfo. The tests steer it
over HTTP:

- ``PUT /test/users/<sub>`` sets the claims of a subject (email, email_verified, amr, acr …);
- ``POST /test/faults`` makes the next ID token wrong on purpose: ``{"issuer": …}``,
  ``{"audience": …}``, ``{"expires_in": -60}``, ``{"nonce": …}`` or
  ``{"forged_signature": true}`` (signed with another key);
- ``GET /test/log`` tells what the provider saw (authorisation requests, token requests).

The oidc-provider-mock package was the first choice, but it does not check PKCE and cannot
issue a wrong token on demand, which is what the refusal tests need.
"""

import argparse
import base64
import datetime
import hashlib
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import time_machine
from flask import Flask, abort, jsonify, redirect, render_template_string, request
from joserfc import jwt
from joserfc.jwk import RSAKey

SIGN_IN_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main>
<h1>Test identity provider</h1>
<form method="post">
  <label for="sub">Subject</label>
  <input id="sub" name="sub" required>
  <button type="submit" name="action" value="allow">Authorize</button>
  <button type="submit" name="action" value="deny">Deny</button>
</form>
</main></body></html>"""


@dataclass
class State:
    """What the provider knows; one process serves one client."""

    client_id: str = ""
    client_secret: str = ""
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(
            2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"}
        )
    )
    users: dict[str, dict] = field(default_factory=dict)
    codes: dict[str, dict] = field(default_factory=dict)
    access_tokens: dict[str, str] = field(default_factory=dict)
    faults: dict = field(default_factory=dict)
    log: dict[str, list] = field(default_factory=lambda: {"authorize": [], "token": []})
    lock: threading.Lock = field(default_factory=threading.Lock)


app = Flask(__name__)
state = State()


def issuer() -> str:
    return request.host_url.rstrip("/")


@app.get("/.well-known/openid-configuration")
def discovery():
    base = issuer()
    return jsonify(
        issuer=base,
        authorization_endpoint=f"{base}/authorize",
        token_endpoint=f"{base}/token",
        userinfo_endpoint=f"{base}/userinfo",
        jwks_uri=f"{base}/jwks",
        response_types_supported=["code"],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=["RS256"],
        code_challenge_methods_supported=["S256"],
        token_endpoint_auth_methods_supported=["client_secret_post", "client_secret_basic"],
        scopes_supported=["openid", "profile", "email"],
    )


@app.get("/jwks")
def jwks():
    return jsonify(keys=[state.key.as_dict(private=False)])


@app.route("/authorize", methods=["GET", "POST"])
def authorize():
    args = request.args
    with state.lock:
        state.log["authorize"].append(dict(args))
    if args.get("client_id") != state.client_id or not args.get("redirect_uri"):
        abort(400, "unknown client or no redirect_uri")

    def back(**params):
        query = urlencode({**params, "state": args.get("state")})
        return redirect(f"{args['redirect_uri']}?{query}")

    if args.get("response_type") != "code" or "openid" not in args.get("scope", "").split():
        return back(error="invalid_request")
    if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
        return back(error="invalid_request", error_description="PKCE S256 required")
    if request.method == "GET":
        return render_template_string(SIGN_IN_FORM)
    if request.form.get("action") == "deny":
        return back(error="access_denied")
    code = secrets.token_urlsafe(24)
    with state.lock:
        state.codes[code] = {
            "sub": request.form["sub"],
            "redirect_uri": args["redirect_uri"],
            "challenge": args["code_challenge"],
            "nonce": args.get("nonce"),
            "scope": args.get("scope", ""),
            "auth_time": int(time.time()),
        }
    return back(code=code)


def client_authenticated() -> bool:
    if request.authorization and request.authorization.type == "basic":
        given = (request.authorization.username, request.authorization.password)
    else:
        given = (request.form.get("client_id"), request.form.get("client_secret"))
    return given == (state.client_id, state.client_secret)


def pkce_verified(verifier: str, challenge: str) -> bool:
    """RFC 7636 §4.6, method S256."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


@app.post("/token")
def token():
    form = request.form
    with state.lock:
        state.log["token"].append({k: v for k, v in form.items() if k != "client_secret"})
        grant = state.codes.pop(form.get("code", ""), None)  # a code is good for one exchange
        fault = dict(state.faults)
        state.faults.clear()
    if not client_authenticated():
        return jsonify(error="invalid_client"), 401
    if form.get("grant_type") != "authorization_code" or grant is None:
        return jsonify(error="invalid_grant"), 400
    if form.get("redirect_uri") != grant["redirect_uri"]:
        return jsonify(error="invalid_grant", error_description="redirect_uri differs"), 400
    if not pkce_verified(form.get("code_verifier", ""), grant["challenge"]):
        return jsonify(error="invalid_grant", error_description="PKCE verification failed"), 400
    access_token = secrets.token_urlsafe(24)
    with state.lock:
        state.access_tokens[access_token] = grant["sub"]
    return jsonify(
        access_token=access_token,
        token_type="Bearer",
        expires_in=300,
        scope=grant["scope"],
        id_token=id_token(grant, fault),
    )


def id_token(grant: dict, fault: dict) -> str:
    now = int(time.time())
    claims = {
        **state.users.get(grant["sub"], {}),
        "iss": fault.get("issuer", issuer()),
        "sub": grant["sub"],
        "aud": fault.get("audience", state.client_id),
        "iat": now,
        "exp": now + fault.get("expires_in", 300),
        "auth_time": grant["auth_time"],
    }
    nonce = fault.get("nonce", grant["nonce"])
    if nonce:
        claims["nonce"] = nonce
    # A forger's key under the provider's key id: only the signature can tell.
    key = RSAKey.generate_key(2048) if fault.get("forged_signature") else state.key
    return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)


@app.get("/userinfo")
def userinfo():
    header = request.headers.get("Authorization", "")
    sub = state.access_tokens.get(header.removeprefix("Bearer "))
    if sub is None:
        return jsonify(error="invalid_token"), 401
    claims = state.users.get(sub, {})
    shared = {k: v for k, v in claims.items() if k in {"email", "email_verified", "name"}}
    return jsonify(sub=sub, **shared)


@app.put("/test/users/<sub>")
def set_user(sub: str):
    with state.lock:
        state.users[sub] = request.get_json()
    return "", 204


@app.post("/test/faults")
def set_faults():
    with state.lock:
        state.faults.clear()
        state.faults.update(request.get_json())
    return "", 204


@app.get("/test/log")
def get_log():
    with state.lock:
        return jsonify(state.log)


def main() -> None:
    """Serve; on the test's clock when DIGIT_TEST_NOW is given (tests/clocked_worker.py), so
    that token times agree with the tests' controlled ``now``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    options = parser.parse_args()
    state.client_id, state.client_secret = options.client_id, options.client_secret
    if os.environ.get("DIGIT_TEST_NOW"):
        now = datetime.datetime.fromisoformat(os.environ["DIGIT_TEST_NOW"])
        with time_machine.travel(now, tick=True):
            app.run(host="127.0.0.1", port=options.port, threaded=True)
    else:
        app.run(host="127.0.0.1", port=options.port, threaded=True)


if __name__ == "__main__":
    main()
