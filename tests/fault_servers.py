"""Real servers that fault tests can stop, freeze and break: the site under gunicorn as
`make run` starts it, and a throwaway PostgreSQL cluster (initdb/pg_ctl) of its own."""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

from clinic_site.settings import BASE_DIR

MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(database_url, **extra):
    """A clean environment for the site's processes (no developer .env)."""
    return {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "/nonexistent/.env",
        "SECRET_KEY": "faults-" + uuid.uuid4().hex * 2,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "APPOINTMENT_MIN_FILL_SECONDS": "0",
        **extra,
    }


def manage(env, *command):
    return subprocess.run(
        [*MANAGE, *command], env=env, cwd=BASE_DIR, check=True, capture_output=True, timeout=180
    )


def make_run_gunicorn_command():
    """gunicorn's command line exactly as `make run` starts it."""
    dry_run = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    [line] = [line for line in dry_run.splitlines() if "gunicorn --config" in line]
    return shlex.split(line.strip())


class Gunicorn:
    def __init__(self, env, log_path, *extra_arguments):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        command = make_run_gunicorn_command()
        command[0] = str(BASE_DIR / command[0])
        command += extra_arguments
        self.process = subprocess.Popen(
            command,
            env={**env, "PORT": str(self.port)},
            cwd=BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                assert self.process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=40)
        self.log.close()


class PostgresCluster:
    """A PostgreSQL server of the test's own (initdb) on a free port, in a directory under
    /tmp. PostgreSQL refuses to run as root: then it runs as the `postgres` user."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.data = self.directory / "data"
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/clinic"
        self._run(shutil.which("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()
        with psycopg.connect(self.url.replace("/clinic", "/postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE clinic")

    def _run(self, *command):
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def pg_ctl(self, *arguments):
        self._run(shutil.which("pg_ctl"), "-D", str(self.data), "-w", *arguments)

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        self.pg_ctl("-o", options, "-l", str(self.directory / "log"), "start")

    def stop(self):
        self.pg_ctl("-m", "immediate", "stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.thaw()
            self.stop()
        shutil.rmtree(self.directory)

    def postmaster_pid(self):
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def freeze(self):
        """Stop every process of the server (SIGSTOP): connections stay open, nothing answers."""
        for pid in self._pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self._pids():
            os.kill(pid, signal.SIGCONT)

    def _pids(self):
        parent = self.postmaster_pid()
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True, text=True
        ).stdout.split()
        return [parent, *map(int, children)]


def available(*programs):
    return all(shutil.which(program) for program in programs)
