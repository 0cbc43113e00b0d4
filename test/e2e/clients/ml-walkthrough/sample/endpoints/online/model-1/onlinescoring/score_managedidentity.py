# Scoring script of the managed-identity sample: in init() it loads the model, reads a blob with a managed-identity
# token twice (plain REST against the MSI endpoint, then azure-identity + azure-storage-blob) and logs its content.
import json
import logging
import os

import joblib
import numpy
import requests
from azure.identity import ManagedIdentityCredential
from azure.storage.blob import BlobClient


def get_token_rest():
    logging.info("Trying to get identity token...")
    uai_client_id = os.getenv("UAI_CLIENT_ID")
    if uai_client_id:
        token_url = os.environ["MSI_ENDPOINT"] + f"?clientid={uai_client_id}&resource=https://storage.azure.com/"
    else:
        token_url = os.environ["MSI_ENDPOINT"] + "?resource=https://storage.azure.com/"
    resp = requests.get(token_url, headers={"secret": os.environ["MSI_SECRET"], "Metadata": "true"})
    resp.raise_for_status()
    logging.info("Retrieved token successfully.")
    return resp.json()["access_token"]


def access_blob_storage_rest():
    account = os.environ["STORAGE_ACCOUNT_NAME"]
    container = os.environ["STORAGE_CONTAINER_NAME"]
    filename = os.environ["FILE_NAME"]
    logging.info("Trying to access blob storage...")
    logging.info(f"storage_account: {account}, container: {container}, filename: {filename}")
    token = get_token_rest()
    resp = requests.get(
        f"https://{account}.blob.core.windows.net/{container}/{filename}?api-version=2019-04-01",
        headers={"Authorization": f"Bearer {token}", "x-ms-blob-type": "BlockBlob", "x-ms-version": "2019-02-02"},
    )
    resp.raise_for_status()
    logging.info(f"Blob contains: {resp.text}")


def access_blob_storage_sdk():
    credential = ManagedIdentityCredential(client_id=os.getenv("UAI_CLIENT_ID"))
    account = os.environ["STORAGE_ACCOUNT_NAME"]
    blob = BlobClient(
        account_url=f"https://{account}.blob.core.windows.net/",
        container_name=os.environ["STORAGE_CONTAINER_NAME"],
        blob_name=os.environ["FILE_NAME"],
        credential=credential,
    )
    text = blob.download_blob().content_as_text()
    logging.info(f"Blob contains: {text}")


def init():
    global model
    model_path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model/sklearn_regression_model.pkl")
    model = joblib.load(model_path)
    logging.info("Model loaded")
    access_blob_storage_rest()
    access_blob_storage_sdk()
    logging.info("Init complete")


def run(raw_data):
    logging.info("Request received")
    data = json.loads(raw_data)["data"]
    data = numpy.array(data)
    result = model.predict(data)
    logging.info("Request processed")
    return result.tolist()
