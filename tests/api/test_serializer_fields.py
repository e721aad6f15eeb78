"""A model serializer's fields are worked out from the model once per class and language
(`cooperation/api/fields.py`): each request still gets fields of its own, labelled in its
language."""

import pytest

pytestmark = pytest.mark.django_db


def keys_of_each_record(response):
    assert response.status_code == 200, response.content
    return {frozenset(record) for record in response.json()["results"]}


def test_a_list_that_keeps_some_fields_leaves_the_next_list_whole(api_client):
    whole = keys_of_each_record(api_client.get("/api/v1/projects/?page_size=3"))
    assert len(next(iter(whole))) > 10
    trimmed = keys_of_each_record(api_client.get("/api/v1/projects/?fields=slug&page_size=3"))
    assert trimmed == {frozenset({"slug"})}
    assert keys_of_each_record(api_client.get("/api/v1/projects/?page_size=3")) == whole
    detail = api_client.get("/api/v1/projects/?page_size=1").json()["results"][0]
    assert api_client.get(detail["url"]).json().keys() == detail.keys()


def post_labels(client, language):
    response = client.options("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return {name: field["label"] for name, field in response.json()["actions"]["POST"].items()}


def test_an_editors_form_description_is_labelled_in_the_language_asked_for(editor_api):
    english = post_labels(editor_api, "en")
    russian = post_labels(editor_api, "ru")
    assert english["title"] == "Title"
    assert russian["title"] not in ("Title", "title")
    assert post_labels(editor_api, "en") == english
    assert post_labels(editor_api, "ru") == russian
