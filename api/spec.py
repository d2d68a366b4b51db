"""The OpenAPI document generated from the app, as stable YAML (for `disclosure openapi`)."""

import yaml

SPEC_CONFIG = {"DATABASE_URL": "sqlite:///:memory:"}
TOP_LEVEL_ORDER = ("openapi", "info", "servers", "tags", "paths", "components")


def openapi_dict(app=None):
    """The spec of `app` (default: a fresh app; no database is opened) as a plain dict."""
    if app is None:
        from api import create_app

        app = create_app(SPEC_CONFIG)
    spec = app.extensions["disclosure-api"].spec.to_dict()
    ordered = {key: spec[key] for key in TOP_LEVEL_ORDER if key in spec}
    ordered.update((key, value) for key, value in spec.items() if key not in ordered)
    return ordered


class _Dumper(yaml.SafeDumper):
    """Block-style YAML; multi-line strings as literal blocks."""


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render_openapi_yaml(app=None):
    """The spec as YAML text: key order as generated (stable), Unicode kept as is."""
    return yaml.dump(
        openapi_dict(app),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
