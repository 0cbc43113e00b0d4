"""Alias of azureml_inference_server_http.api.aml_request (the older azureml-defaults import path)."""
from azureml_inference_server_http.api.aml_request import AMLRequest, rawhttp  # noqa: F401
