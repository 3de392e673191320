"""Ready lessons: a page, fixed values, and controls hidden or locked.

A lesson is a link: ``/<page>?<params>&hide=a,b&lock=c&lesson=<id>``. Its
title and text live in the catalogue (``lesson.<id>.title``/``.body``); the
app shows them above the page when the link carries ``lesson=<id>``.
"""
from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlencode


class Lesson(NamedTuple):
    id: str
    page: str            # URL path of the page
    params: dict         # control values (URL parameters)
    hide: tuple = ()     # controls not drawn
    lock: tuple = ()     # controls drawn but disabled


LESSONS: list[Lesson] = []


def by_id(lesson_id: str | None) -> Lesson | None:
    return next((lesson for lesson in LESSONS if lesson.id == lesson_id), None)


def query(lesson: Lesson) -> dict:
    """The lesson's URL parameters."""
    params = dict(lesson.params)
    if lesson.hide:
        params["hide"] = ",".join(lesson.hide)
    if lesson.lock:
        params["lock"] = ",".join(lesson.lock)
    params["lesson"] = lesson.id
    return params


def link(lesson: Lesson) -> str:
    """The lesson's relative link, as course material would paste it."""
    return f"/{lesson.page}?{urlencode(query(lesson))}"
