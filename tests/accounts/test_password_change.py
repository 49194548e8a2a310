"""A user changes their own password; bad input gets messages by the fields and changes nothing."""

from app.accounts import services as accounts
from app.settings import get_settings
from tests.factories import PASSWORD, csrf_from, login, make_world


async def _submit(client, headers=None, **fields):
    page = await client.get("/account/password")
    data = {"current": "", "new": "", "confirm": "", **fields, "_csrf_token": csrf_from(page.text)}
    return await client.post("/account/password", data=data, headers=headers or {})


async def test_a_user_changes_their_password(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    response = await _submit(client, current=PASSWORD, new="a-brand-new-secret", confirm="a-brand-new-secret")
    assert response.status_code == 200 and "Your password has been changed." in response.text
    assert await accounts.authenticate("erin", "a-brand-new-secret") is not None
    assert await accounts.authenticate("erin", PASSWORD) is None


async def test_each_mistake_is_named_next_to_its_field_and_nothing_changes(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    cases = [
        ({"current": "", "new": "a-brand-new-secret", "confirm": "a-brand-new-secret"}, "f-current-error", "Enter your current password."),
        ({"current": PASSWORD, "new": "short", "confirm": "short"}, "f-new-error", "at least 10 characters"),
        ({"current": PASSWORD, "new": "123456789", "confirm": "123456789"}, "f-new-error", "at least 10 characters"),
        ({"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD}, "f-new-error", "must differ"),
        ({"current": PASSWORD, "new": "a-brand-new-secret", "confirm": "a-brand-new-secreT"}, "f-confirm-error", "differ"),
        ({"current": "wrong-current-pw", "new": "a-brand-new-secret", "confirm": "a-brand-new-secret"}, "f-current-error", "not your current password"),
    ]
    for fields, error_id, message in cases:
        response = await _submit(client, **fields)
        assert response.status_code == 422, fields
        assert f'id="{error_id}"' in response.text and message in response.text, fields
        assert 'aria-invalid="true"' in response.text
    assert await accounts.authenticate("erin", PASSWORD) is not None


async def test_exactly_ten_characters_is_long_enough(client):
    await make_world()
    await login(client, "erin")
    response = await _submit(client, current=PASSWORD, new="0123456789", confirm="0123456789")
    assert response.status_code == 200


async def test_the_htmx_form_gets_only_the_form_back(client):
    await make_world()
    await login(client, "erin")
    headers = {"HX-Request": "true", "HX-Target": "password-form"}
    response = await _submit(client, headers=headers, current=PASSWORD, new="short", confirm="short")
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="password-form"')


async def test_guessing_the_current_password_is_throttled_as_logins_are(client):
    """Someone at an unattended screen, or holding a stolen session, cannot try password after
    password here: the attempts count with the login form's, by account and address."""
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    limit = get_settings().auth.throttle.max_failures_per_account_address
    for attempt in range(limit):
        response = await _submit(client, current=f"guess-number-{attempt}", new="a-brand-new-secret", confirm="a-brand-new-secret")
        assert "not your current password" in response.text, attempt
    # One more, this time with the right password: refused before it is looked at.
    response = await _submit(client, current=PASSWORD, new="a-brand-new-secret", confirm="a-brand-new-secret")
    assert response.status_code == 422
    assert 'id="f-current-error"' in response.text and "Try again in" in response.text
    assert await accounts.authenticate("erin", PASSWORD) is not None
    assert await accounts.authenticate("erin", "a-brand-new-secret") is None


async def test_a_right_current_password_forgives_the_earlier_typos(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    limit = get_settings().auth.throttle.max_failures_per_account_address
    for attempt in range(limit - 1):
        await _submit(client, current=f"typo-{attempt}", new="a-brand-new-secret", confirm="a-brand-new-secret")
    response = await _submit(client, current=PASSWORD, new="a-brand-new-secret", confirm="a-brand-new-secret")
    assert response.status_code == 200 and "Your password has been changed." in response.text
