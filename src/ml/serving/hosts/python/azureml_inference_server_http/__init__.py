"""Cerulean's stand-in for the azureml-inference-server-http package: the scoring host is cerulean_scoring_host.py;
this package provides the names scoring scripts import (api.aml_request.rawhttp / AMLRequest, api.aml_response.AMLResponse)."""
__version__ = "1.5.1"
