"""Privacy notices: public pages (no sign-in) serving the latest published version, frozen PDFs
of every version, and a draft preview for the organisation's admins and register contacts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from core.access import actor, client_data_required

from ..constants import Language
from ..models import Controller, PrivacyNotice, Register
from ..selectors.notices import (
    notice_draft_allowed,
    notice_latest,
    notice_missing_fields,
    published_notices,
)
from ..services.notices import notice_render


def _target(controller_slug: str, register_slug: str | None) -> tuple[Controller, Register | None]:
    controller = get_object_or_404(Controller, slug=controller_slug)
    register = get_object_or_404(controller.registers, slug=register_slug) if register_slug else None
    return controller, register


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in Language.values else translation.get_language()[:2]


def _pdf(notice: PrivacyNotice) -> HttpResponse:
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    name = f"tietosuojaseloste-{notice.controller.slug}-{notice.register.slug if notice.register else 'kaikki'}" \
           f"-v{notice.version}-{notice.language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _urls(controller: Controller, register: Register | None) -> tuple[str, str]:
    args = [controller.slug] + ([register.slug] if register else [])
    suffix = "register" if register else "controller"
    return reverse(f"notices:{suffix}_pdf", args=args), reverse(f"notices:{suffix}_draft", args=args)


@require_GET
def notice_page(request: HttpRequest, controller_slug: str, register_slug: str | None = None) -> HttpResponse:
    controller, register = _target(controller_slug, register_slug)
    language = _language(request)
    notice = notice_latest(controller=controller, register=register, language=language)
    if notice is None:
        raise Http404
    pdf_url, _draft = _urls(controller, register)
    versions = published_notices(controller=controller, register=register).filter(language=notice.language)
    # After a material change, the organisation's register contacts and admins find the clients to inform here.
    informing_url = reverse("clients:notice_informing", args=[notice.pk]) if (
        notice.material_change and notice_draft_allowed(request.user, controller)) else ""
    return render(request, "clients/notices/page.html", {
        "controller": controller, "register": register, "notice": notice, "body": notice.html,
        "pdf_url": f"{pdf_url}?lang={notice.language}", "informing_url": informing_url,
        "versions": [{"version": v.version, "published_at": v.published_at, "change_summary": v.change_summary,
                      "url": reverse("notices:version_pdf", args=[v.pk])} for v in versions],
    })


@require_GET
def notice_pdf(request: HttpRequest, controller_slug: str, register_slug: str | None = None) -> HttpResponse:
    controller, register = _target(controller_slug, register_slug)
    notice = notice_latest(controller=controller, register=register, language=_language(request))
    if notice is None:
        raise Http404
    return _pdf(notice)


@require_GET
def notice_version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Any published version, byte for byte as it was published."""
    return _pdf(get_object_or_404(PrivacyNotice.objects.select_related("controller", "register"), pk=pk))


@client_data_required
def notice_draft(request: HttpRequest, controller_slug: str, register_slug: str | None = None) -> HttpResponse:
    """Preview of what publishing now would freeze: the organisation's admins and register contacts."""
    controller, register = _target(controller_slug, register_slug)
    user = actor(request)
    if not notice_draft_allowed(user, controller):
        raise Http404
    language = _language(request)
    html, pdf = notice_render(controller=controller, register=register, language=language,
                              today=timezone.localdate())
    if request.GET.get("format") == "pdf":
        return HttpResponse(pdf, content_type="application/pdf")
    registers = [register] if register else list(controller.registers.all())
    missing = [f"{r.name}: {field}" for r in registers for field in notice_missing_fields(r)]
    _pdf_url, draft_url = _urls(controller, register)
    return render(request, "clients/notices/page.html", {
        "controller": controller, "register": register, "body": html, "draft": True, "missing": missing,
        "pdf_url": f"{draft_url}?format=pdf&lang={language}",
    })
