"""The client-file PDF of a client with many entries is made by a job (issue 23). The job engine
and its records live with the other heavy documents (requests/jobs.py, requests.DocumentJob: one
home); that app sits above this one, so it plugs its implementation in here at start-up
(`client_file_jobs_set`, requests/apps.py) and the client file's views ask through here. Without
it every client-file PDF is made at once, as before."""

from typing import Any, Protocol

from django.contrib.auth.models import User

from ..models import Client


class ClientFileJobs(Protocol):
    def is_heavy(self, client_pk: int) -> bool: ...

    def latest(self, client: Client) -> Any: ...  # the latest job, or None

    def stalled(self, job: Any) -> bool: ...

    def queue(self, *, actor: User, client: Client) -> Any: ...

    def retry(self, *, actor: User, client: Client, job_pk: int) -> Any: ...

    def content(self, *, client: Client, job_pk: int) -> bytes: ...  # Http404 for another client's job


_jobs: list[ClientFileJobs] = []


def client_file_jobs_set(jobs: ClientFileJobs) -> None:
    _jobs[:] = [jobs]


def client_file_jobs() -> ClientFileJobs | None:
    return _jobs[0] if _jobs else None
