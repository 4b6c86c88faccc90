"""OpenAPI post-processing: document the error answers of every operation.

drf-spectacular documents the success answer of each operation only; our API also answers
400 (field errors), 403 (signed out, or may see but not act), 404 (not visible, or a page past the
end) and 409 (a state conflict or a stale version), always as JSON (`core.api_errors`).
"""

DETAIL = {
    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    "description": "What went wrong, in the user's language.",
}
ERROR = {
    "type": "object",
    "properties": {"detail": DETAIL},
    "required": ["detail"],
    "additionalProperties": True,
    "description": "An error: `detail`, and `current_version` for a stale edit.",
}
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": True,
    "description": "Field name → list of messages (`non_field_errors` or `detail` for the "
    "input as a whole); nested for nested fields.",
}


def _answer(description: str, name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def document_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            parameters = operation.get("parameters", [])
            has_query = any(parameter.get("in") == "query" for parameter in parameters)
            if "requestBody" in operation or has_query:
                responses.setdefault("400", _answer("Invalid input.", "ValidationError"))
            responses.setdefault(
                "401", _answer("No credentials, or a wrong or revoked token.", "Error")
            )
            responses.setdefault(
                "403", _answer("Not allowed (or a session without CSRF).", "Error")
            )
            responses.setdefault(
                "429", _answer("Too many requests: wait Retry-After seconds.", "Error")
            )
            if "{" in path or any(p.get("name") == "page" for p in parameters):
                responses.setdefault("404", _answer("Not found, or not visible.", "Error"))
            if method != "get":
                responses.setdefault("409", _answer("State conflict or stale version.", "Error"))
    return result
