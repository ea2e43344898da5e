"""Keyboard only: a caseworker signs in and opens a client with Tab and Enter, never the mouse,
and always sees where the focus is."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), href: el.getAttribute('href'),
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
    shadow: style.boxShadow !== 'none',
    inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def tab(ui, times: int = 1) -> dict:
    """Press Tab and tell what has the focus; it must be seen: a ring and on screen."""
    for _ in range(times):
        ui.page.keyboard.press("Tab")
    focused = ui.page.evaluate(FOCUS)
    assert focused["tag"] != "body", "the focus was lost"
    assert focused["outline"] >= 2 or focused["shadow"], f"no visible focus on {focused}"
    assert focused["inView"], f"focused element off screen: {focused}"
    return focused


def tab_to(ui, wanted, limit: int = 40) -> dict:
    for _ in range(limit):
        focused = tab(ui)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element; the last focus was {focused}")


def enter_and_wait(ui) -> None:
    with ui.page.expect_navigation():
        ui.page.keyboard.press("Enter")
    ui.check()


def test_sign_in_and_open_a_client_with_the_keyboard_only_with_the_focus_always_visible(ui, world):
    helmi = world.clients["Nieminen"]
    ui.goto("/accounts/login/")
    focused = ui.page.evaluate(FOCUS)
    if focused["name"] != "username":  # the user name field takes the focus; if not, Tab gets there
        focused = tab_to(ui, lambda f: f["name"] == "username")
    ui.page.keyboard.type(world.caseworker.username)
    assert tab(ui)["name"] == "password"
    ui.page.keyboard.type(PASSWORD)
    enter_and_wait(ui)

    assert "/accounts/two-factor/" in ui.page.url
    focused = ui.page.evaluate(FOCUS)
    if focused["name"] != "token":  # the code field takes the focus; if not, Tab gets there
        focused = tab_to(ui, lambda f: f["name"] == "token")
    ui.page.keyboard.type(code_for(TOTPDevice.objects.get(user=world.caseworker)))
    enter_and_wait(ui)
    assert ui.page.url.endswith("/"), ui.page.url

    # Skip the navigation, then the first link in the content is a client of hers.
    assert tab(ui)["href"] == "#main"
    ui.page.keyboard.press("Enter")
    assert ui.page.evaluate("document.activeElement.id") == "main"
    focused = tab_to(ui, lambda f: f["href"] == helmi.get_absolute_url())
    assert "Nieminen Helmi" in focused["text"]
    enter_and_wait(ui)
    assert ui.page.url.endswith(helmi.get_absolute_url())
    assert helmi.identity_code in ui.text()

    # On the client file the same: every stop down to the first button of the file shows its ring.
    tab_to(ui, lambda f: f["href"] == f"{helmi.get_absolute_url()}edit/")
