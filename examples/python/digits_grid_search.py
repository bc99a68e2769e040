"""scikit-learn's GridSearchCV over neurite's MLPClassifier on the digits
table: hidden_layer_sizes × learning_rate_init, 3-fold cross-validation on
the training part, then the best model on the held-out test part."""
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from neurite.sklearn import MLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
search = GridSearchCV(make_pipeline(StandardScaler(), MLPClassifier(max_iter=100, random_state=0)),
                      {"mlpclassifier__hidden_layer_sizes": [(32,), (64,), (128,)],
                       "mlpclassifier__learning_rate_init": [1e-3, 3e-3]}, cv=3)
search.fit(X_train, y_train)
for params, score in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"]):
    print(f"  {params['mlpclassifier__hidden_layer_sizes']!s:7} lr {params['mlpclassifier__learning_rate_init']:g}: "
          f"{100 * score:.2f} %")
print(f"best {search.best_params_}: cross-validation {100 * search.best_score_:.2f} %, "
      f"test accuracy {100 * search.score(X_test, y_test):.2f} %")
