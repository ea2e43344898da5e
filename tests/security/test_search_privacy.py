"""Nothing personal leaks outside the app through a search: an identity code typed into the search
box never appears in a URL (so never in a server's access log or the browser's history)."""

import re

from tests.conftest import make_client


def test_a_full_identity_code_opens_the_client_without_the_code_in_any_url(client, caseworker, client_a):
    """The attack seen: `/clients/?q=280906A833R` put a full code into the access logs."""
    client.force_login(caseworker)
    response = client.post("/clients/", {"q": client_a.identity_code})
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_a.pk}/"
    assert client_a.identity_code not in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_a_code_of_someone_the_user_may_not_see_finds_nothing_and_says_so(client, caseworker, other_contact,
                                                                          other_register):
    stranger = make_client(other_contact, other_register, last_name="Vieras")
    client.force_login(caseworker)
    response = client.post("/clients/", {"q": stranger.identity_code})
    assert response.status_code == 302
    assert stranger.identity_code not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Hakua vastaavia asiakkaita ei löytynyt." in page  # Finnish, the default language
    assert "Vieras" not in page


def test_a_name_search_keeps_its_words_out_of_the_url_and_pages_on(client, caseworker, register):
    for n in range(30):
        make_client(caseworker, register, last_name=f"Virtanen{n:02d}").assigned_workers.add(caseworker)
    client.force_login(caseworker)
    response = client.post("/clients/", {"q": "virtanen"})
    assert response.status_code == 302
    assert "virtanen" not in response["Location"].lower()
    first = client.get(response["Location"]).content.decode()
    assert first.count("Virtanen") == 25
    next_link = re.search(r'href="(\?[^"]*page=2)"', first).group(1).replace("&amp;", "&")
    assert "virtanen" not in next_link.lower()
    second = client.get("/clients/" + next_link).content.decode()
    assert second.count("Virtanen") == 5


def test_every_search_box_posts_its_words(client, caseworker):
    client.force_login(caseworker)
    for page in ("/", "/clients/"):
        html = client.get(page).content.decode()
        forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
        assert forms, page
        assert all('method="post"' in form for form in forms), forms
