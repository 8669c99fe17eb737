"""The recipes' published schema; the planning boards' views arrive with them."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from recipes.schema import RecipeSpec


@require_GET
@cache_control(public=True, max_age=3600)
def schema(request: HttpRequest) -> JsonResponse:
    """The JSON Schema every exported recipe is valid against, for engineering's tools."""
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": request.build_absolute_uri(),
        **RecipeSpec.model_json_schema(),
    }
    return JsonResponse(document, json_dumps_params={"indent": 2})
