"""The request type of every page behind login, for the type checker.

:class:`~laktasi.web.accounts.middleware.LoginRequiredMiddleware` lets no anonymous request reach a page
outside ``PUBLIC_PREFIXES``, so those views see a signed-in ``User``; annotating them with
``AuthenticatedHttpRequest`` says so (django-stubs' documented pattern) instead of checking it again in every
view. Nothing creates one at run time: Django still passes its own ``HttpRequest``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
