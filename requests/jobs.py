"""Heavy documents on the job engine (Procrastinate; see retention/jobs.py for the engine).

A request's access report, portability export or access-log report listing more than
REQUEST_DOCUMENT_JOB_ROWS rows is made by a job (`services.document_job_run`) instead of in the
handler's request: the request page shows its state and progress, and the file waits there
until the handler takes it (`services.document_job_release`, which releases and records it as
any download). A job's only argument is the DocumentJob's number: the queue holds no client data.
Imported only where the job engine is installed (PostgreSQL)."""

from procrastinate.contrib.django import app

from core.scope import system_scope

QUEUE = "documents"
TASK = "requests.document"


@app.task(name=TASK, queue=QUEUE)
def request_document(document_job_id: int) -> None:
    """Make one document. The job reads one request's client; like the nightly run's jobs it
    sets the system scope on its own connection (row-level security, core/scope.py)."""
    from .services import document_job_run

    with system_scope():
        document_job_run(job_id=document_job_id)


def document_job_defer(document_job_id: int) -> None:
    request_document.defer(document_job_id=document_job_id)
