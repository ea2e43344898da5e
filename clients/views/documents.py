"""Client documents: upload on the client file, download only through `document_open`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import actor, client_data_required

from .. import services
from ..constants import AccessKind
from ..forms.documents import DocumentUploadForm
from .file import file_tab


@client_data_required
def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_FILE, detail="documents")
    return file_tab(request, client, "documents", "clients/documents/list.html",
                    documents=client.documents.all())


@client_data_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_EDIT,
                                  detail="document upload")
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                actor=actor(request), client=client, kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"], document_date=form.cleaned_data["document_date"],
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Document %(title)s was stored.") % {"title": document.title})
            return redirect("clients:documents", pk=client.pk)
    return render(request, "clients/documents/upload.html", {"form": form, "client": client})


@client_data_required  # type: ignore[arg-type]  # the gate passes a streamed FileResponse through
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = services.document_open(user=actor(request), client_pk=pk, document_pk=document_pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name or f"document-{document.pk}",
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
