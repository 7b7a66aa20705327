"""No role is shown a link it cannot follow: every link on the admin pages a front desk
member or a content editor opens answers them without a 4xx (issue 19)."""

import re

import pytest

from .factories import AppointmentRequestFactory, ConditionFactory, UserFactory

LINK = re.compile(r'href="(/[^"#]*)"')


def pages_of(role):
    if role == "Front desk":
        request = AppointmentRequestFactory()
        return [
            "/admin/",
            "/admin/appointments/",
            "/admin/appointments/appointmentrequest/",
            f"/admin/appointments/appointmentrequest/{request.pk}/change/",
            f"/admin/appointments/appointmentrequest/{request.pk}/history/",
            "/admin/password_change/",
        ]
    condition = ConditionFactory()
    return [
        "/admin/",
        "/admin/conditions/",
        "/admin/conditions/condition/",
        f"/admin/conditions/condition/{condition.pk}/change/",
        "/admin/practice/",
        "/admin/password_change/",
    ]


@pytest.mark.parametrize("role", ["Front desk", "Content editors"])
def test_admin_pages_link_only_to_pages_the_role_can_open(client, db, role):
    client.force_login(UserFactory(groups=[role]))
    broken = []
    for page in pages_of(role):
        response = client.get(page)
        assert response.status_code == 200, page
        for href in sorted(set(LINK.findall(response.content.decode()))):
            status = client.get(href.replace("&amp;", "&")).status_code
            if status >= 400:
                broken.append(f"{page} links to {href} ({status})")
    assert not broken, "\n".join(broken)
