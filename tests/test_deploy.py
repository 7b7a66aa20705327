"""The deployment in deploy/ holds up as far as this machine can check it (issue 28): nginx
accepts its configuration, systemd its units, and a backup restores into an empty database
with every row as it was. Running the units, compose and getting a certificate need a real
server and domain: the README's "Go live" section says so."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from .conftest import REQUIRE_ALL

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
# What the units start, as installed under /srv/clinic.
PROGRAMS = (".venv/bin/python", ".venv/bin/gunicorn", "deploy/backup.sh")


def tool(name):
    path = shutil.which(name)
    if not path:
        if REQUIRE_ALL:
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"needs {name}")
    return path


def test_nginx_accepts_the_site_configuration(tmp_path):
    nginx = tool("nginx")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=clinic.test", "-keyout", "key.pem", "-out", "cert.pem"),
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    # The README's installation: the domain put in, then certbot's paths and the logs.
    live = "/etc/letsencrypt/live/clinic.test/"
    for conf in DEPLOY.glob("nginx/*.conf"):
        text = conf.read_text().replace("clinic.example.org", "clinic.test")
        text = text.replace(live + "fullchain.pem", str(tmp_path / "cert.pem"))
        text = text.replace(live + "privkey.pem", str(tmp_path / "key.pem"))
        (tmp_path / conf.name).write_text(text.replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log {tmp_path}/access.log; include {tmp_path}/clinic-http.conf; "
        f"include {tmp_path}/clinic-https.conf; }}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    https = (DEPLOY / "nginx/clinic-https.conf").read_text()
    assert "Content-Security-Policy \"default-src 'none'; sandbox\" always" in https
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in https


def test_systemd_accepts_every_unit(tmp_path):
    analyze = tool("systemd-analyze")
    # An installed server in miniature: systemd's own units, ours in /etc and the
    # programs they start.
    shutil.copytree("/usr/lib/systemd/system", tmp_path / "usr/lib/systemd/system", symlinks=True)
    shutil.copytree(DEPLOY / "systemd", tmp_path / "etc/systemd/system")
    programs = ("bin/kill", *(f"srv/clinic/{name}" for name in PROGRAMS))
    for program in programs:
        path = tmp_path / program
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    units = sorted(path.name for path in (DEPLOY / "systemd").glob("clinic-*") if path.is_file())
    assert {"clinic-web.service", "clinic-web.socket", "clinic-backup.timer"} <= set(units)
    result = subprocess.run(
        [analyze, f"--root={tmp_path}", "verify", *units], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "clinic" not in result.stderr, result.stderr
    # Every service runs hardened as the clinic's own user (the shared drop-in).
    hardening = (DEPLOY / "systemd/clinic-.service.d/hardening.conf").read_text()
    for line in ("User=clinic", "NoNewPrivileges=yes", "ProtectSystem=strict"):
        assert line in hardening


def psql(database, sql):
    result = subprocess.run(
        [tool("psql"), f"{POSTGRES}/{database}", "-XAtqc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def snapshot(database):
    """Every table's row count, and one appointment request's whole row."""
    tables = psql(database, "select tablename from pg_tables where schemaname='public'").split()
    # Table names from the catalogue of a database the test made itself.
    counts = {table: psql(database, f'select count(*) from "{table}"') for table in tables}  # noqa: S608
    request = psql(
        database,
        "select row_to_json(r) from appointments_appointmentrequest r order by id limit 1",
    )
    return counts, request


@pytest.mark.postgres
def test_a_backup_restores_every_row_into_an_empty_database(tmp_path):
    tool("age")
    database = f"clinic_backup_{uuid.uuid4().hex[:8]}"
    url = f"{POSTGRES}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "CACHE_URL": "locmemcache://"}
    manage = [sys.executable, "manage.py"]
    psql("postgres", f"create database {database}")
    try:
        for command in (
            ["migrate", "--noinput"],
            ["load_demo_content"],
            ["generate_scale_data", "--requests", "40"],
        ):
            subprocess.run(manage + command, env=env, check=True, capture_output=True)
        before = snapshot(database)
        assert int(before[0]["appointments_appointmentrequest"]) == 40 and before[1]

        subprocess.run(["age-keygen", "-o", tmp_path / "key.txt"], check=True, capture_output=True)
        recipient = next(
            line.split(": ")[1]
            for line in (tmp_path / "key.txt").read_text().splitlines()
            if line.startswith("# public key: ")
        )
        media = tmp_path / "media/renditions"
        media.mkdir(parents=True)
        (media / "a.webp").write_bytes(b"RIFF-image")
        backups = tmp_path / "backups"
        backup_env = {
            **env,
            "BACKUP_AGE_RECIPIENT": recipient,
            "BACKUP_DIR": str(backups),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        subprocess.run([DEPLOY / "backup.sh"], env=backup_env, check=True, capture_output=True)
        dump = next(backups.glob("clinic-*.dump.age"))
        # Encrypted and private: no patient's name in the file, readable by its owner only.
        assert b"appointments_appointmentrequest" not in dump.read_bytes()
        assert dump.stat().st_mode & 0o777 == 0o600
        assert len(list(backups.glob("media-*.tar.age"))) == 1

        psql("postgres", f"drop database {database} with (force)")
        psql("postgres", f"create database {database}")
        subprocess.run(
            [DEPLOY / "restore.sh", dump, tmp_path / "key.txt"],
            env=env,
            check=True,
            capture_output=True,
        )
        assert snapshot(database) == before
    finally:
        psql("postgres", f"drop database if exists {database} with (force)")
