"""Test settings: the real settings over plain HTTP, with fast password hashing."""

import os
import tempfile

os.environ.setdefault("DIGIT_HTTPS", "0")
os.environ.setdefault("DIGIT_VAR_DIR", tempfile.mkdtemp(prefix="digit-test-"))
# Second factor for staff roles: on in production, tested in tests/access/test_mfa.py.
os.environ.setdefault("DIGIT_MFA_REQUIRED_ROLES", "")

from digit.settings import *  # noqa: E402, F403

# Argon2 is the production hasher (tests/access/test_production_settings.py signs in with it);
# here speed matters more.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests roll back and flush the database under the per-process reference cache: read it fresh
# (tests/competences/test_reference.py turns the cache on to test it).
DIGIT_REFERENCE_CACHE_SECONDS = 0
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
else:  # a file, not memory: a real worker process (tests/workers.py) opens it too
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
