"""Minimal fidelity patches for moto 5.2.1, plus a launcher for moto's server.

Each patch closes a gap between moto and real AWS that blocks a real
`terraform apply/plan/destroy` with hashicorp/aws 5.100.0. A patch only makes
moto behave the way AWS documents/behaves; it never makes a request succeed
that AWS would reject.

Run as a script:  python moto_patches.py [--host 127.0.0.1] [--port 0]
It binds (port 0 = any free port), prints one line "MOTO_READY <port>" on
stdout, serves until SIGTERM/SIGINT, and also exits when its stdin closes
(i.e. when the parent process died), so it can never be orphaned.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from typing import Any

import moto

TESTED_MOTO_VERSION = "5.2.1"


# ---------------------------------------------------------------------------
# Patch 1: REST API resource policy is returned as an escaped JSON string.
#
# Real API Gateway stores the policy minified and returns it with every quote
# escaped (and "/" escaped as "\/"), e.g.  {\"Version\":\"2012-10-17\",...}.
# The provider (internal/service/apigateway/rest_api.go flattenAPIPolicy, also
# rest_api_policy.go) JSON-normalises and strconv.Unquote()s
# that value. moto returns the plain JSON, so every read of
# aws_api_gateway_rest_api / aws_api_gateway_rest_api_policy fails with
# "invalid character ... after top-level value" (refresh, plan and destroy).
# moto gap: moto.apigateway.models.RestAPI.to_dict returns `policy` verbatim.
# ---------------------------------------------------------------------------
def aws_escaped_policy(policy: str | None) -> str | None:
    if not policy:
        return policy
    try:
        policy = json.dumps(json.loads(policy), separators=(",", ":"))
    except ValueError:
        pass  # keep whatever was stored; AWS would have rejected it earlier
    return json.dumps(policy)[1:-1].replace("/", "\\/")


def _patch_rest_api_policy() -> None:
    from moto.apigateway.models import RestAPI

    original = RestAPI.to_dict

    def to_dict(self: Any) -> dict[str, Any]:
        dct = original(self)
        dct[RestAPI.PROP_POLICY] = aws_escaped_policy(self.policy)
        return dct

    RestAPI.to_dict = to_dict  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# Patch 2: API Gateway v2 API mappings on REST (v1) custom domains / REST APIs.
#
# In AWS, custom domain names are shared by the v1 and v2 control planes: the
# v2 CreateApiMapping/GetApiMapping(s)/DeleteApiMapping calls accept a domain
# created with apigateway:CreateDomainName and a REST API id, and that is the
# only way to create multi-level base paths such as "orders/v1"
# (aws_apigatewayv2_api_mapping). moto keeps the two services apart, so the
# mapping fails with NotFoundException.
# moto gap: moto.apigatewayv2.models.ApiGatewayV2Backend.{create,get,delete}_api_mapping
# and get_api_mappings only look at apigatewayv2 domains and HTTP/WebSocket APIs.
# Fix: accept v1 domains/REST APIs of the same account+region (validating the
# REST API stage like AWS does), keep the mappings in the v2 store, list v1
# base path mappings in GetApiMappings, and reject duplicate keys (409).
# Deleting a v1 domain also drops its v2-store mappings.
# ---------------------------------------------------------------------------
def _patch_v2_mappings_on_v1_domains() -> None:
    from moto.apigateway.models import APIGatewayBackend, apigateway_backends
    from moto.apigatewayv2 import exceptions as v2exc
    from moto.apigatewayv2.models import ApiGatewayV2Backend, ApiMapping

    class ConflictException(v2exc.APIGatewayV2Error):
        code = 409

        def __init__(self, message: str) -> None:
            super().__init__("ConflictException", message)

    def v1(self: Any) -> APIGatewayBackend:
        return apigateway_backends[self.account_id][self.region_name]

    def check_domain(self: Any, domain_name: str) -> None:
        if domain_name not in self.domain_names and domain_name not in v1(self).domain_names:
            raise v2exc.DomainNameNotFound()

    def v1_mappings(self: Any, domain_name: str) -> list[ApiMapping]:
        """v1 base path mappings seen through the v2 API (AWS shows both)."""
        out = []
        for bpm in v1(self).base_path_mappings.get(domain_name, {}).values():
            key = "" if bpm.base_path == "(none)" else bpm.base_path
            out.append(
                ApiMapping(
                    api_id=bpm.rest_api_id,
                    api_mapping_key=key,
                    api_mapping_id=self._generate_api_maping_id(key, bpm.stage, domain_name),
                    domain_name=domain_name,
                    stage=bpm.stage,
                )
            )
        return out

    def get_api_mappings(self: Any, domain_name: str) -> list[ApiMapping]:
        check_domain(self, domain_name)
        own = [m for m in self.api_mappings.values() if m.domain_name == domain_name]
        return own + v1_mappings(self, domain_name)

    def create_api_mapping(
        self: Any, api_id: str, api_mapping_key: str, domain_name: str, stage: str
    ) -> ApiMapping:
        check_domain(self, domain_name)
        rest_api = v1(self).apis.get(api_id)
        if api_id not in self.apis and rest_api is None:
            raise v2exc.ApiNotFound(api_id)
        if rest_api is not None and stage not in rest_api.stages:
            raise v2exc.BadRequestException(f"Invalid stage identifier specified: {stage}")
        key = api_mapping_key or ""
        if key.startswith("/") or "//" in key:
            raise v2exc.BadRequestException(
                "API mapping key should not start with a '/' or have consecutive '/'s."
            )
        if key.endswith("/"):
            raise v2exc.BadRequestException("API mapping key should not end with a '/'.")
        if any(m.api_mapping_key == key for m in get_api_mappings(self, domain_name)):
            raise ConflictException(f"Base path already exists for this domain name: {key}")
        mapping = ApiMapping(
            api_id=api_id,
            api_mapping_key=key,
            api_mapping_id=self._generate_api_maping_id(key, stage, domain_name),
            domain_name=domain_name,
            stage=stage,
        )
        self.api_mappings[mapping.api_mapping_id] = mapping
        return mapping

    def find(self: Any, api_mapping_id: str, domain_name: str) -> ApiMapping:
        check_domain(self, domain_name)
        for m in get_api_mappings(self, domain_name):
            if m.api_mapping_id == api_mapping_id:
                return m
        raise v2exc.ApiMappingNotFound()

    def get_api_mapping(self: Any, api_mapping_id: str, domain_name: str) -> ApiMapping:
        return find(self, api_mapping_id, domain_name)

    def delete_api_mapping(self: Any, api_mapping_id: str, domain_name: str) -> None:
        mapping = find(self, api_mapping_id, domain_name)
        if api_mapping_id in self.api_mappings:
            del self.api_mappings[api_mapping_id]
        else:  # a v1 base path mapping
            base_path = mapping.api_mapping_key or "(none)"
            v1(self).base_path_mappings[domain_name].pop(base_path, None)

    ApiGatewayV2Backend.get_api_mappings = get_api_mappings  # type: ignore[method-assign]
    ApiGatewayV2Backend.create_api_mapping = create_api_mapping  # type: ignore[method-assign]
    ApiGatewayV2Backend.get_api_mapping = get_api_mapping  # type: ignore[method-assign]
    ApiGatewayV2Backend.delete_api_mapping = delete_api_mapping  # type: ignore[method-assign]

    from moto.apigatewayv2.models import apigatewayv2_backends

    original_delete_domain = APIGatewayBackend.delete_domain_name

    def delete_domain_name(self: Any, domain_name: str) -> None:
        original_delete_domain(self, domain_name)
        self.base_path_mappings.pop(domain_name, None)
        v2 = apigatewayv2_backends[self.account_id][self.region_name]
        for mapping_id in [k for k, m in v2.api_mappings.items() if m.domain_name == domain_name]:
            del v2.api_mappings[mapping_id]

    APIGatewayBackend.delete_domain_name = delete_domain_name  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# Patch 3: REST API integrations (OpenAPI import and PutIntegration).
#
# a. An OpenAPI `x-amazon-apigateway-integration` of type mock has no uri /
#    httpMethod; moto's import calls put_integration() without them and crashes
#    (TypeError -> HTTP 500, which the provider retries for ~20 minutes).
#    AWS accepts it. Fix: uri / integration_method default to None.
# b. AWS normalises the OpenAPI integration type ("mock", "http_proxy") to upper
#    case; moto stores it verbatim (and then also skips its own per-type checks).
# c. AWS keeps `connectionId` (the VPC link of a VPC_LINK integration); moto
#    drops it on import and on PutIntegration, so a test could not see which VPC
#    link an integration uses, and aws_api_gateway_integration.connection_id
#    would drift.
# moto gap: moto.apigateway.models.APIGatewayBackend._build_integration_args /
# put_integration, Integration.to_json, APIGatewayResponse.put_integration.
# ---------------------------------------------------------------------------
def _patch_integrations() -> None:
    from moto.apigateway.models import APIGatewayBackend, Integration
    from moto.apigateway.responses import APIGatewayResponse

    original_build = APIGatewayBackend._build_integration_args

    def build_integration_args(self: Any, integ: dict[str, Any]) -> dict[str, Any]:
        args = original_build(self, integ)
        if isinstance(args.get("integration_type"), str):
            args["integration_type"] = args["integration_type"].upper()
        args["connection_id"] = integ.get("connectionId")
        return args

    original_put = APIGatewayBackend.put_integration

    def put_integration(
        self: Any,
        function_id: str,
        resource_id: str,
        method_type: str,
        integration_type: str,
        uri: str | None = None,
        integration_method: str | None = None,
        connection_id: str | None = None,
        **kwargs: Any,
    ) -> Any:
        integration = original_put(
            self, function_id, resource_id, method_type, integration_type, uri, integration_method, **kwargs
        )
        integration.connection_id = connection_id
        return integration

    original_to_json = Integration.to_json

    def to_json(self: Any) -> dict[str, Any]:
        dct = original_to_json(self)
        dct["connectionId"] = getattr(self, "connection_id", None)
        return dct

    original_response = APIGatewayResponse.put_integration

    def put_integration_response(self: Any) -> Any:
        status, headers, _ = original_response(self)
        parts = self.path.split("/")
        integration = self.backend.get_integration(parts[2], parts[4], parts[6])
        integration.connection_id = self._get_param("connectionId")
        return status, headers, json.dumps(integration.to_json())

    APIGatewayBackend._build_integration_args = build_integration_args  # type: ignore[method-assign]
    APIGatewayBackend.put_integration = put_integration  # type: ignore[method-assign]
    Integration.to_json = to_json  # type: ignore[method-assign]
    APIGatewayResponse.put_integration = put_integration_response  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# Patch 4: OpenAPI path items hold more than methods.
#
# AWS maps `x-amazon-apigateway-any-method` to the ANY method and ignores
# path-item keys that are not HTTP methods (`parameters`, `summary`,
# `description`, `servers`, ...). moto upper-cases every key into a method, so
# the catch-all `/{proxy+}` route ends up as method "X-AMAZON-APIGATEWAY-ANY-METHOD"
# (GetMethod/GetIntegration for ANY -> NotFound) plus bogus "PARAMETERS" methods.
# moto gap: moto.apigateway.models.APIGatewayBackend.put_rest_api.
# ---------------------------------------------------------------------------
OPENAPI_METHODS = {"get", "put", "post", "delete", "options", "head", "patch"}


def openapi_methods_only(path_item: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in path_item.items():
        if key.lower() == "x-amazon-apigateway-any-method":
            out["ANY"] = value
        elif key.lower() in OPENAPI_METHODS:
            out[key] = value
    return out


def _patch_openapi_path_items() -> None:
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.put_rest_api

    def put_rest_api(
        self: Any, function_id: str, api_doc: dict[str, Any], fail_on_warnings: bool, mode: str = "merge"
    ) -> Any:
        if isinstance(api_doc, dict) and isinstance(api_doc.get("paths"), dict):
            api_doc = {
                **api_doc,
                "paths": {p: openapi_methods_only(item) for p, item in api_doc["paths"].items()},
            }
        return original(self, function_id, api_doc, fail_on_warnings=fail_on_warnings, mode=mode)

    APIGatewayBackend.put_rest_api = put_rest_api  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# Patch 7 (strictness, issue 12): refuse OpenAPI imports API Gateway refuses.
#
# API Gateway builds one resource per path part; a parent holds at most one
# path-variable child, so `/{id}` and `/{orderId}` (or `{id}` and `{proxy+}`)
# as siblings are refused, a greedy `{proxy+}` must be the last part, and a
# variable name appears once per path (BadRequestException on PutRestApi /
# ImportRestApi). Sources: API Gateway Developer Guide, "Set up a proxy
# integration with a proxy resource" and "Import a REST API" (OpenAPI import
# errors); aws-facts.md "Import rules". moto accepts all three and creates a
# resource tree AWS could never hold.
# moto gap: moto.apigateway.models.APIGatewayBackend.put_rest_api (no checks).
# ---------------------------------------------------------------------------
def openapi_path_problems(paths: list[str]) -> list[str]:
    """What API Gateway refuses in a set of OpenAPI paths (empty = accepted)."""
    problems: list[str] = []
    variable_at: dict[str, tuple[str, str]] = {}
    for path in paths:
        parts = [p for p in path.split("/") if p != ""]
        parent = ""
        names: set[str] = set()
        for i, part in enumerate(parts):
            if part.startswith("{") and part.endswith("}"):
                name = part[1:-1]
                if name.endswith("+") and i != len(parts) - 1:
                    problems.append(f"greedy path variable {part} must be the last part of {path}")
                if name.rstrip("+") in names:
                    problems.append(f"duplicate path variable {part} in {path}")
                names.add(name.rstrip("+"))
                seen = variable_at.get(parent)
                if seen and seen[0] != name:
                    problems.append(
                        f"A sibling ({{{seen[0]}}}) of this resource already has a variable path part -- "
                        f"only one is allowed: {path} and {seen[1]}"
                    )
                elif not seen:
                    variable_at[parent] = (name, path)
                parent += "/{}"
            else:
                parent += "/" + part
    return problems


def _patch_openapi_strict_paths() -> None:
    from moto.apigateway.exceptions import BadRequestException
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.put_rest_api

    def put_rest_api(
        self: Any, function_id: str, api_doc: dict[str, Any], fail_on_warnings: bool, mode: str = "merge"
    ) -> Any:
        if isinstance(api_doc, dict) and isinstance(api_doc.get("paths"), dict):
            problems = openapi_path_problems(list(api_doc["paths"].keys()))
            if problems:
                raise BadRequestException("Errors found during import: " + "; ".join(problems))
        return original(self, function_id, api_doc, fail_on_warnings=fail_on_warnings, mode=mode)

    APIGatewayBackend.put_rest_api = put_rest_api  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# Harness guard (not an AWS behaviour): an unhandled exception inside moto
# becomes a werkzeug HTTP 500, which the AWS SDK/provider treat as transient
# and retry with back-off for tens of minutes. Answer such crashes with HTTP 501
# (never retried) and an error body in the request's protocol whose code is
# MotoInternalError and whose message carries the exception, so terraform fails
# at once with a readable cause. The traceback is still printed to stderr.
# ---------------------------------------------------------------------------
# ---------------------------------------------------------------------------
# Patch 6: Lambda LoggingConfig.
#
# AWS stores a function's LoggingConfig (log format, log group, log levels) and returns it
# from GetFunction / GetFunctionConfiguration: default {"LogFormat": "Text", "LogGroup":
# "/aws/lambda/<name>"}; with JSON, the levels default to INFO. moto 5.2.1 drops it, so every
# plan of a function with a `logging_config` block wants to add it again (perpetual diff).
# moto gap: moto.awslambda.models.LambdaFunction.{__init__,get_configuration,update_configuration}.
# ---------------------------------------------------------------------------
def lambda_logging_config(name: str, requested: dict[str, Any] | None) -> dict[str, Any]:
    cfg: dict[str, Any] = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}
    cfg.update({k: v for k, v in (requested or {}).items() if v is not None})
    if cfg["LogFormat"] == "JSON":
        cfg.setdefault("ApplicationLogLevel", "INFO")
        cfg.setdefault("SystemLogLevel", "INFO")
    return cfg


def _patch_lambda_logging_config() -> None:
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__

    def __init__(self: Any, account_id: str, spec: dict[str, Any], region: str, version: Any = 1) -> None:
        original_init(self, account_id, spec, region, version)
        self.logging_config = lambda_logging_config(self.function_name, spec.get("LoggingConfig"))

    original_get = LambdaFunction.get_configuration

    def get_configuration(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original_get(self, *args, **kwargs)
        config["LoggingConfig"] = getattr(self, "logging_config", None) or lambda_logging_config(self.function_name, None)
        return config

    original_update = LambdaFunction.update_configuration

    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "LoggingConfig" in config_updates:
            self.logging_config = lambda_logging_config(self.function_name, config_updates["LoggingConfig"])
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__  # type: ignore[method-assign]
    LambdaFunction.get_configuration = get_configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update_configuration  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# Patch 8: API key required from the OpenAPI security requirement.
#
# AWS imports an operation whose security requirement names an `apiKey` scheme in the
# `x-api-key` header (without `x-amazon-apigateway-authtype`) as a method with
# apiKeyRequired = true ("Usage plans and API keys"; "x-amazon-apigateway-api-key-source").
# moto gap: moto.apigateway.models.APIGatewayBackend.put_rest_api calls put_method with
# api_key_required=None for every imported method.
# ---------------------------------------------------------------------------
def api_key_schemes(api_doc: dict[str, Any]) -> set[str]:
    schemes = (api_doc.get("components") or {}).get("securitySchemes") or {}
    return {
        name
        for name, s in schemes.items()
        if isinstance(s, dict)
        and s.get("type") == "apiKey"
        and s.get("in") == "header"
        and str(s.get("name", "")).lower() == "x-api-key"
        and "x-amazon-apigateway-authtype" not in s
    }


def _patch_openapi_api_key_required() -> None:
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.put_rest_api

    def put_rest_api(
        self: Any, function_id: str, api_doc: dict[str, Any], fail_on_warnings: bool, mode: str = "merge"
    ) -> Any:
        api = original(self, function_id, api_doc, fail_on_warnings=fail_on_warnings, mode=mode)
        keyed = api_key_schemes(api_doc) if isinstance(api_doc, dict) else set()
        for path, item in (api_doc.get("paths") or {}).items() if keyed else []:
            resource = self.apis[function_id].get_resource_for_path(path)
            for key, op in (item or {}).items():
                method = "ANY" if key.lower() == "x-amazon-apigateway-any-method" else key.upper()
                security = op.get("security", api_doc.get("security")) if isinstance(op, dict) else None
                if resource is None or method not in resource.resource_methods or not isinstance(security, list):
                    continue
                if any(isinstance(req, dict) and keyed & set(req) for req in security):
                    resource.resource_methods[method].api_key_required = True
        return api

    APIGatewayBackend.put_rest_api = put_rest_api  # type: ignore[method-assign]


# ---------------------------------------------------------------------------
# IAM enforcement patches (harness, only with AOA_MOTO_IAM=1; test/acceptance/least-privilege.test.ts).
#
# moto_server checks every request against the caller's IAM policies once
# INITIAL_NO_AUTH_ACTION_COUNT requests have passed (POST /moto-api/reset-auth <n> sets it at run
# time). Four things keep that check from judging AWS-valid policies the way AWS does; each is one
# function below. What stays enforced: the caller must hold moto-issued keys (an IAM user's or an
# AssumeRole session's), and every request's *action* must be allowed by a policy attached to the
# caller (user or role), with explicit Deny winning. What is NOT enforced (checked on the
# synthesized documents in unit tests instead): resource scoping for services where moto passes
# "*" as the resource (all but S3/IAM/STS/SQS), policy conditions of identity policies, trust
# policies (moto skips them across accounts anyway), SCPs and permission boundaries.
# ---------------------------------------------------------------------------
def _patch_iam_sigv4_get() -> None:
    """moto's SigV4 check refuses valid GET requests to REST-JSON services (API Gateway, Lambda,
    Route 53) with SignatureDoesNotMatch, even for an admin. Skip the signature check; an unknown
    access key is still refused (create_access_key runs in __init__)."""
    from moto.iam.access_control import IAMRequestBase

    IAMRequestBase.check_signature = lambda self: None  # type: ignore[method-assign]


APIGW_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# moto builds the action's service prefix from the SigV4 signing name; where that differs from the
# IAM service prefix, AWS authorizes under the IAM prefix (found by the first enforced run:
# CloudWatch signs as "monitoring", its IAM actions are cloudwatch:PutDashboard, ...).
SIGNING_NAME_TO_IAM_PREFIX = {"monitoring": "cloudwatch"}


def _patch_iam_apigateway_actions() -> None:
    """AWS authorizes API Gateway management calls as apigateway:GET|POST|PUT|PATCH|DELETE (on
    resource paths); moto asks for the botocore operation name (apigateway:CreateRestApi). Map the
    action to the request's HTTP method (v1 and v2 both sign as service "apigateway"). Also map
    signing names to IAM prefixes (SIGNING_NAME_TO_IAM_PREFIX)."""
    from moto.iam.access_control import IAMRequestBase

    original = IAMRequestBase.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        method = str(getattr(self, "_method", "")).upper()
        if getattr(self, "_service", "") == "apigateway" and method in APIGW_METHODS:
            self._action = f"apigateway:{method}"
        service = getattr(self, "_service", "")
        if service in SIGNING_NAME_TO_IAM_PREFIX and isinstance(getattr(self, "_action", None), str):
            self._action = SIGNING_NAME_TO_IAM_PREFIX[service] + self._action[len(service):]

    IAMRequestBase.__init__ = __init__  # type: ignore[method-assign]


def _patch_iam_action_only_matching() -> None:
    """For most services moto passes "*" as the resource, which a resource-scoped Allow
    (arn:aws:apigateway:...::/restapis/*) never matches; and it evaluates identity-policy
    conditions (acm:DomainNames, iam:PassedToService, ...) against request data it does not fill
    in, so they always fail. For identity policies (no principal): match on the action alone when
    the resource is "*", and leave conditions to the unit tests. Real resource ARNs (S3, IAM, STS)
    are still matched against the statement's resources."""
    from moto.iam.access_control import IAMPolicyStatement

    original = IAMPolicyStatement.is_action_permitted

    def is_action_permitted(self: Any, action: str, resource: str = "*", principal: Any = None, incoming_condition_values: Any = None) -> Any:
        st = self._statement
        if principal is None and isinstance(st, dict) and st.get("Effect") == "Allow":
            relaxed = {k: v for k, v in st.items() if k != "Condition"}
            if resource == "*" and "Resource" in relaxed:
                relaxed["Resource"] = "*"
            return original(IAMPolicyStatement(relaxed), action, resource, principal, incoming_condition_values)
        return original(self, action, resource, principal, incoming_condition_values)

    IAMPolicyStatement.is_action_permitted = is_action_permitted  # type: ignore[method-assign]


def _patch_iam_skip_trust() -> None:
    """moto checks a trust policy only for a role of the caller's own account, with a naive
    principal comparison (an account-root principal never matches a role session) and conditions
    it cannot evaluate (aws:PrincipalArn). Cross-account it skips them. Skip them always: the
    trust documents are proven in test/unit/planner-trust.test.ts. sts:AssumeRole itself must
    still be allowed by the caller's policy."""
    from moto.iam.access_control import IAMRequestBase

    IAMRequestBase._check_role_trust_relationship = lambda self, role_arn: True  # type: ignore[method-assign]


IAM_PATCHES = {
    "iam-sigv4-get": _patch_iam_sigv4_get,
    "iam-apigateway-actions": _patch_iam_apigateway_actions,
    "iam-action-only": _patch_iam_action_only_matching,
    "iam-skip-trust": _patch_iam_skip_trust,
}


def _service_of(environ: dict[str, Any]) -> str:
    auth = environ.get("HTTP_AUTHORIZATION", "")
    try:  # AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request
        return auth.split("Credential=")[1].split(",")[0].split("/")[3]
    except IndexError:
        return ""


# ---------------------------------------------------------------------------
# Patch 9: canary settings on REST API stages (canary releases, config/canary.ts).
#
# AWS keeps `canarySettings { deploymentId, percentTraffic, stageVariableOverrides,
# useStageCache }` on a stage (API Reference, "Stage", "CanarySettings"): CreateStage accepts
# it, UpdateStage patches `/canarySettings/<field>` (and `/canarySettings/stageVariableOverrides/
# <name>`) and `remove /canarySettings` ends the canary (how a promotion clears it, "Promote a
# canary release"). The provider (aws_api_gateway_stage.canary_settings) sends exactly these.
# DeleteDeployment is refused while a stage or a stage's canary points at the deployment
# ("Active stages pointing to this deployment must be moved or deleted").
# moto gap: moto.apigateway Stage has no canarySettings at all (CreateStage drops it,
# UpdateStage ignores the paths, GetStage never returns it), and delete_deployment only checks
# the deployment's own stage_name.
# ---------------------------------------------------------------------------
def _patch_stage_canary_settings() -> None:
    import json as _json

    from moto.apigateway import models as m
    from moto.apigateway.exceptions import BadRequestException
    from moto.apigateway.responses import APIGatewayResponse

    orig_to_json = m.Stage.to_json
    orig_apply = m.Stage.apply_operations
    orig_create = APIGatewayResponse.create_stage
    orig_delete_deployment = m.RestAPI.delete_deployment

    def to_json(self: Any) -> dict[str, Any]:
        d = orig_to_json(self)
        canary = getattr(self, "canary_settings", None)
        if canary is not None:
            d["canarySettings"] = canary
        return d

    def apply_operations(self: Any, patch_operations: list[dict[str, Any]]) -> Any:
        rest = []
        for op in patch_operations:
            path = op.get("path", "")
            if path == "/canarySettings" and op["op"] == "remove":
                self.canary_settings = None
            elif path.startswith("/canarySettings/"):
                canary = self.canary_settings = getattr(self, "canary_settings", None) or {"percentTraffic": 0.0, "useStageCache": False}
                field = path[len("/canarySettings/"):]
                if field.startswith("stageVariableOverrides/"):
                    name = field.split("/", 1)[1]
                    overrides = canary.setdefault("stageVariableOverrides", {})
                    if op["op"] == "remove":
                        overrides.pop(name, None)
                    else:
                        overrides[name] = op["value"]
                elif field == "percentTraffic":
                    value = float(op["value"])
                    if not 0.0 <= value <= 100.0:
                        raise BadRequestException("percentTraffic must be between 0.0 and 100.0")
                    canary["percentTraffic"] = value
                elif field == "useStageCache":
                    canary["useStageCache"] = str(op["value"]).lower() == "true"
                elif field == "deploymentId":
                    canary["deploymentId"] = op["value"]
                else:
                    raise BadRequestException(f"Invalid patch path {path}")
            else:
                rest.append(op)
        return orig_apply(self, rest)

    def create_stage(self: Any) -> Any:
        status, headers, body = orig_create(self)
        canary = self._get_param("canarySettings")
        if canary:
            function_id = self.path.split("/")[2]
            stage = self.backend.get_stage(function_id, self._get_param("stageName"))
            stage.canary_settings = {"percentTraffic": 0.0, "useStageCache": False, **canary}
            body = _json.dumps(stage.to_json())
        return status, headers, body

    def delete_deployment(self: Any, deployment_id: str) -> Any:
        for stage in self.stages.values():
            canary = getattr(stage, "canary_settings", None) or {}
            if stage.deployment_id == deployment_id or canary.get("deploymentId") == deployment_id:
                raise m.StageStillActive()
        return orig_delete_deployment(self, deployment_id)

    m.Stage.to_json = to_json
    m.Stage.apply_operations = apply_operations
    APIGatewayResponse.create_stage = create_stage
    m.RestAPI.delete_deployment = delete_deployment



def crash_response(environ: dict[str, Any], start_response: Any, error: BaseException) -> list[bytes]:
    from xml.sax.saxutils import escape

    message = f"moto crashed ({type(error).__name__}: {error}) on {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
    code = "MotoInternalError"
    service = _service_of(environ)
    ctype = environ.get("CONTENT_TYPE", "")
    if service == "ec2":
        body = f"<Response><Errors><Error><Code>{code}</Code><Message>{escape(message)}</Message></Error></Errors><RequestID>moto</RequestID></Response>"
        content_type = "text/xml"
    elif service == "s3":
        body = f"<Error><Code>{code}</Code><Message>{escape(message)}</Message></Error>"
        content_type = "application/xml"
    elif "x-www-form-urlencoded" in ctype or "xml" in ctype or service in ("route53", "cloudfront"):
        body = f"<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>{escape(message)}</Message></Error><RequestId>moto</RequestId></ErrorResponse>"
        content_type = "text/xml"
    else:
        body = json.dumps({"__type": code, "message": message})
        content_type = "application/json"
    start_response(
        "501 Not Implemented",
        [("Content-Type", content_type), ("x-amzn-ErrorType", code), ("x-amzn-RequestId", "moto")],
    )
    return [body.encode()]


def fail_fast(app: Any) -> Any:
    import traceback

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        try:
            return app(environ, start_response)
        except Exception as error:  # noqa: BLE001 - every crash must surface
            traceback.print_exc()
            return crash_response(environ, start_response, error)

    return wrapped


def apply_patches() -> None:
    if moto.__version__ != TESTED_MOTO_VERSION:
        print(
            f"moto_patches: WARNING patches were written for moto {TESTED_MOTO_VERSION}, "
            f"found {moto.__version__}",
            file=sys.stderr,
        )
    # AOA_MOTO_PATCHES_DISABLE=policy,mappings,integrations,openapi,lambda-logging,openapi-strict,api-key-required,canary turns patches off (to show they are needed)
    disabled = set(os.environ.get("AOA_MOTO_PATCHES_DISABLE", "").split(","))
    patches = {
        "policy": _patch_rest_api_policy,
        "mappings": _patch_v2_mappings_on_v1_domains,
        "integrations": _patch_integrations,
        "openapi": _patch_openapi_path_items,
        "lambda-logging": _patch_lambda_logging_config,
        "openapi-strict": _patch_openapi_strict_paths,
        "api-key-required": _patch_openapi_api_key_required,
        "canary": _patch_stage_canary_settings,
    }
    for name, patch in patches.items():
        if name not in disabled:
            patch()
    if os.environ.get("AOA_MOTO_IAM") == "1":  # IAM enforcement harness (see IAM_PATCHES)
        for name, patch in IAM_PATCHES.items():
            if name not in disabled:
                patch()


def _exit_when_stdin_closes() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except Exception:
        pass
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    apply_patches()

    from werkzeug.serving import make_server
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    app = fail_fast(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, args.port, app, threaded=True)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)  # moto builds some URLs from it

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: os._exit(0))
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()

    print(f"MOTO_READY {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
