"""A refused action shows a page in the user's language that says why and what to do."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, why, todo", [
    ("ky", "Сиздин мектептеги ролуңуз", "Эмне кыла аласыз"),
    ("ru", "Ваша роль в школе", "Что можно сделать"),
])
def test_class_teacher_refused_on_the_movement_book_gets_a_translated_page(client, small_school, language, why,
                                                                         todo):
    client.force_login(small_school.class_teacher_user)
    with translation.override(language):
        url, start = reverse("journal:movement_arrival"), reverse("portal:start")
    response = client.get(url, HTTP_REFERER="/back/")
    assert response.status_code == 403
    page = response.content.decode()
    assert why in page and todo in page
    assert "403 Forbidden" not in page
    assert 'href="/back/"' in page
    assert start in page


def test_buttons_of_actions_a_role_may_not_take_are_not_shown(client, small_school):
    """Issue 9 §4: the director reads the movement book but records nothing: no Arrival or
    Departure button; the deputy has both."""
    arrival, departure = reverse("journal:movement_arrival"), reverse("journal:movement_departure")
    client.force_login(small_school.director)
    page = client.get(reverse("journal:movement_list")).content.decode()
    assert arrival not in page and departure not in page
    client.force_login(small_school.deputy)
    page = client.get(reverse("journal:movement_list")).content.decode()
    assert arrival in page and departure in page
