"""Informing clients of the privacy notice (informointi): which version is the client's current
one, whether the client has been told of it, and after a material change which clients are still
to be told. A client is "informed of a version" when told of it in any of its languages."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from ..models import Client, NoticeInforming, PrivacyNotice
from .notices import clients_to_inform, notice_draft_allowed, published_notices
from .register import registers_visible_to


def notice_versions(notice: PrivacyNotice) -> QuerySet[PrivacyNotice]:
    """The same version of the same notice in every language it was published in."""
    return published_notices(controller=notice.controller, register=notice.register).filter(
        version=notice.version)


def notice_in_language(notice: PrivacyNotice, language: str) -> PrivacyNotice:
    """The version the client reads: in `language` if published in it, else in Finnish."""
    versions = notice_versions(notice)
    return versions.filter(language=language).first() or versions.filter(language="fi").first() or notice


def notice_current_for(client: Client) -> PrivacyNotice | None:
    """The notice that covers the client now: the most recently published version of the
    register's own notice or of the controller's notice covering all its registers, in the
    client's language (else Finnish)."""
    register = client.register
    latest = (PrivacyNotice.objects.filter(controller_id=register.controller_id)
              .filter(Q(register_id=register.pk) | Q(register__isnull=True))
              .select_related("controller", "register").order_by("-published_at", "-version", "pk").first())
    return notice_in_language(latest, client.preferred_language) if latest else None


@dataclass(frozen=True)
class InformingStatus:
    current: PrivacyNotice | None       # the notice covering the client now (None: none published)
    informed: NoticeInforming | None    # when the client was told of it (None: not yet)
    last: NoticeInforming | None        # the latest informing of any version


def informing_status(client: Client) -> InformingStatus:
    current = notice_current_for(client)
    informings = client.notice_informings.select_related("notice", "recorded_by").order_by("-informed_on", "-pk")
    informed = informings.filter(notice__in=notice_versions(current)).first() if current else None
    return InformingStatus(current=current, informed=informed, last=informings.first())


def informing_batch_allowed(user: User | AnonymousUser, notice: PrivacyNotice) -> bool:
    """Listing the clients to inform and producing their letters: the admins and register
    contacts who may draft and publish the notice (its controller's, or its register's keeper's)."""
    return notice_draft_allowed(user, notice.controller)


def clients_still_to_inform(notice: PrivacyNotice, *, user: User, today: datetime.date) -> QuerySet[Client]:
    """After a material change: the clients whose relationship is in force, in registers the
    user's organisation keeps, who have not yet been informed of this version; alphabetical."""
    informed = NoticeInforming.objects.filter(notice__in=notice_versions(notice)).values("client_id")
    return (clients_to_inform(notice, today=today)
            .filter(register__in=registers_visible_to(user))
            .exclude(date_of_death__lte=today)
            .exclude(pk__in=informed)
            .order_by("sort_name", "pk"))
