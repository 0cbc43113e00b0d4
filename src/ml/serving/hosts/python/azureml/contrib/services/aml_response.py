"""Alias of azureml_inference_server_http.api.aml_response (the older azureml-defaults import path)."""
from azureml_inference_server_http.api.aml_response import AMLResponse  # noqa: F401
