"""Property-based: schemathesis against the app's own OpenAPI schema, on a real uvicorn server
(`served` fixture of test_api): no 500, no response outside the schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from test_api import TOKEN, served  # noqa: F401  (the module-scoped server fixture)


@pytest.fixture(scope="module")
def api_schema(served: dict[str, Any]) -> Any:  # noqa: F811
    return schemathesis.openapi.from_url(served["base"] + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_500_and_nothing_outside_the_schema(case: Any, served: dict[str, Any]) -> None:  # noqa: F811
    case.call_and_validate(base_url=served["base"], headers={"Authorization": f"Bearer {TOKEN}"})
