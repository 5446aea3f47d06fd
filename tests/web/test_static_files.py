"""Static files as production (and `make demo`) serve them: collected once under hashed names,
compressed, cached for good, and no warning about a missing static folder."""

import json
import os
import subprocess
import sys

# Runs in a fresh process with the production settings: a page, then the files it names.
SERVE = """
import json, re, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import django
    django.setup()
    from django.test import Client
    client = Client()
    page = client.get("/about/").content.decode()
names = sorted(set(re.findall(r'/static/[^"]+', page)))
files = {}
for name in names:
    response = client.get(name, HTTP_ACCEPT_ENCODING="gzip")
    files[name] = [response.status_code, response.get("Content-Encoding", ""),
                   response.get("Cache-Control", "")]
print(json.dumps({"files": files, "warnings": [str(w.message) for w in caught]}))
"""


def production_env(var_dir):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DIGIT_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="digit.settings",
        DIGIT_HTTPS="0",
        DIGIT_ALLOWED_HOSTS="testserver",
        DIGIT_VAR_DIR=str(var_dir),
    )
    return env


def run(env, *args, script=None):
    command = [sys.executable, "-c", script] if script else [sys.executable, "-m", "digit", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_collected_files_are_served_hashed_compressed_and_without_warning(tmp_path):
    env = production_env(tmp_path)
    run(env, "collectstatic", "--noinput", "--verbosity", "0")
    served = json.loads(run(env, script=SERVE).stdout)
    css = [name for name in served["files"] if name.startswith("/static/digit/css/digit.")]
    assert len(css) == 1 and len(css[0].split(".")) == 3  # digit.<hash>.css
    for name, (status, encoding, cache) in served["files"].items():
        assert status == 200, name
        assert "immutable" in cache, name  # hashed names may be cached for good
        if name.endswith((".css", ".js", ".svg")):
            assert encoding == "gzip", name
    assert not [w for w in served["warnings"] if "No directory at" in w]


def test_without_collected_files_the_warning_shows(tmp_path):
    """What the demo's first run printed before `make demo` collected the files (and proof
    that the check above can fail)."""
    env = production_env(tmp_path)
    script = (
        "import warnings; warnings.simplefilter('always')\n"
        "import django; django.setup()\n"
        "from django.core.wsgi import get_wsgi_application; get_wsgi_application()\n"
    )
    assert "No directory at" in run(env, script=script).stderr
