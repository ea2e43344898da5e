"""Client documents: upload on the client file, download only through `document_open`, remove or
move a misfiled one with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.access import actor, client_data_required

from .. import services
from ..constants import AccessKind, RestrictedAct
from ..forms.documents import DocumentMoveForm, DocumentRemoveForm, DocumentUploadForm
from ..models import Client, Document
from ..selectors.documents import document_move_matches, document_move_targets, removed_documents_readable
from .file import file_tab
from .outputs import restricted_output


@client_data_required
def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_FILE, detail="documents")
    return file_tab(request, client, "documents", "clients/documents/list.html",
                    documents=client.documents.filter(removed_at__isnull=True),
                    changes=client.document_changes.select_related("changed_by", "document"),
                    removed_readable=removed_documents_readable(actor(request)))


def _misfiled(request: HttpRequest, pk: int, document_pk: int, detail: str) -> tuple[Client, Document]:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_EDIT, detail=detail)
    document = get_object_or_404(client.documents.filter(removed_at__isnull=True), pk=document_pk)
    return client, document


@client_data_required
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    client, document = _misfiled(request, pk, document_pk, "document removal")
    form = DocumentRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_remove(actor=actor(request), document=document, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Document %(title)s was removed from the client's file.")
                             % {"title": document.title})
            return redirect("clients:documents", pk=client.pk)
    return render(request, "clients/documents/remove.html",
                  {"form": form, "client": client, "document": document})


@client_data_required
def document_move(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """Search for the right client (GET ?q=), choose one of the results and give the reason."""
    client, document = _misfiled(request, pk, document_pk, "document move")
    user = actor(request)
    query = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    if request.method == "POST":
        targets = document_move_targets(user=user, client=client).select_related("register")
        form = DocumentMoveForm(request.POST, targets=targets)
    else:
        targets = document_move_matches(user=user, client=client, query=query).select_related("register")
        form = DocumentMoveForm(initial={"q": query}, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to_client"]
        try:
            services.document_move(actor=user, document=document, to_client=target,
                                   reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Document %(title)s was moved to the file of %(client)s.")
                             % {"title": document.title, "client": target.display_name})
            return redirect("clients:documents", pk=client.pk)
    if request.method == "POST" and not form.is_valid():
        form.fields["to_client"].queryset = document_move_matches(  # type: ignore[attr-defined]
            user=user, client=client, query=query).select_related("register")
    return render(request, "clients/documents/move.html", {
        "form": form, "client": client, "document": document, "query": query,
        "searched": bool(query.strip()), "matches": form.fields["to_client"].queryset,  # type: ignore[attr-defined]
    })


@client_data_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_EDIT,
                                  detail="document upload")
    form = DocumentUploadForm(request.POST or None, request.FILES or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                actor=actor(request), client=client, kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"], document_date=form.cleaned_data["document_date"],
                uploaded_file=form.cleaned_data["file"], case=form.cleaned_data["case"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Document %(title)s was stored.") % {"title": document.title})
            return redirect("clients:documents", pk=client.pk)
    return render(request, "clients/documents/upload.html", {"form": form, "client": client})


@client_data_required  # type: ignore[arg-type]  # the gate passes a streamed FileResponse through
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    """A copy of a stored document; for a restricted client only on an Art 18(2) ground recorded
    for it (views/outputs.py)."""
    document = services.document_open(user=actor(request), client_pk=pk, document_pk=document_pk)

    def produce() -> FileResponse:
        response = FileResponse(document.file.open("rb"), as_attachment=True,
                                filename=document.original_name or f"document-{document.pk}",
                                content_type=document.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    return restricted_output(request, document.client, act=RestrictedAct.DOCUMENT, produce=produce)
