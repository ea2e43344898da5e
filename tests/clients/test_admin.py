"""The Django admin: scoped, access-logged, codes masked, no client deletion."""

from clients.models import AccessEntry


def test_admin_client_change_page_is_access_logged(client, admin_user, client_a):
    client.force_login(admin_user)
    response = client.get(f"/admin/clients/client/{client_a.pk}/change/")
    assert response.status_code == 200
    assert AccessEntry.objects.filter(client=client_a, user=admin_user, kind="admin_change").count() == 1


def test_admin_client_list_masks_identity_codes_and_offers_no_deletion(client, admin_user, client_a):
    client.force_login(admin_user)
    html = client.get("/admin/clients/client/").content.decode()
    assert client_a.masked_identity_code in html
    assert client_a.identity_code not in html
    assert client.get(f"/admin/clients/client/{client_a.pk}/delete/").status_code in (403, 302)
    assert client_a.__class__.objects.filter(pk=client_a.pk).exists()


def test_admin_of_another_organisation_gets_404_on_the_change_page(client, other_provider, client_a):
    from core.roles import Role
    from tests.conftest import make_user

    stranger = make_user(Role.ADMIN, other_provider)
    client.force_login(stranger)
    assert client.get(f"/admin/clients/client/{client_a.pk}/change/").status_code == 404
