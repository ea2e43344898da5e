"""The admin publishes a privacy notice in the Django admin (an action with a confirmation page)
and anyone, signed in or not, reads it on the public page."""

import pytest

from clients.models import PrivacyNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_publishes_a_privacy_notice_and_the_public_page_shows_it(ui, second_ui, world):
    register = world.register
    public_url = f"/notices/{world.provider.slug}/{register.slug}/"
    anyone = second_ui
    anyone.goto(public_url, status=404)  # nothing published yet

    ui.sign_in(world.admin, next_url="/admin/")
    assert ui.page.url.endswith("/admin/")
    ui.follow(ui.page.locator("#content-main a[href='/admin/clients/register/']").first)
    ui.page.locator(f"input[name=_selected_action][value='{register.pk}']").check()
    ui.page.locator("select[name=action]").select_option("publish_notice")
    ui.follow(ui.page.locator("#changelist-form button[name=index]"))

    # The confirmation page says what publishing does, links a preview, and asks what changed.
    assert register.name in ui.page.locator("#content").inner_text()
    assert ui.page.locator(f"a[href='/notices/{world.provider.slug}/{register.slug}/draft/']").count() == 1
    assert not PrivacyNotice.objects.exists()
    ui.page.locator("textarea[name=change_summary]").fill("Ensimmäinen julkaistu versio.")
    ui.follow(ui.page.locator("#content form:has(input[name=confirm]) [type=submit]"))
    notices = PrivacyNotice.objects.filter(register=register)
    assert {n.language for n in notices} == {"fi", "sv", "en"} and {n.version for n in notices} == {1}
    assert ui.page.locator(".messagelist .success, ul.messagelist li").count() >= 1

    anyone.goto(public_url)
    body = anyone.page.locator("body").inner_text()
    assert "Kotihoidon palvelujen järjestäminen, toteuttaminen ja laskutus." in body
    assert "Hoivapolku Oy" in body and "2345678-0" in body
    anyone.screenshot("privacy-notice")
