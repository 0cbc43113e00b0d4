# Trains the sample's model at test time: scikit-learn's diabetes linear regression (10 features, all rows but the
# last 20, which reproduces the sample's coefficients), saved with joblib as model/sklearn_regression_model.pkl
# beside this script (or in the directory given as argv[1]). Prints the predictions for sample-request.json.
import json
import os
import sys

import joblib
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression

out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "model")
os.makedirs(out_dir, exist_ok=True)
X, y = load_diabetes(return_X_y=True)
model = LinearRegression().fit(X[:-20], y[:-20])
joblib.dump(model, os.path.join(out_dir, "sklearn_regression_model.pkl"))
print(json.dumps(model.predict([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]]).tolist()))
