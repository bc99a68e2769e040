// A McCulloch–Pitts neuron on the Wisconsin breast-cancer table: binarize
// every feature (lower half of its range → 1), try every threshold b on the
// training part, and score the best one on the test part.
//
//   build/examples/mp_neuron [SKLEARN_DIR]     (default: data/sklearn)
#include <cstdio>
#include <string>

#include <neurite/classic/mp_neuron.hpp>
#include <neurite/core/error.hpp>
#include <neurite/data/dataset.hpp>
#include <neurite/data/transforms.hpp>

using namespace neurite;

int main(int argc, char** argv) try {
    const std::string dir = argc > 1 ? argv[1] : "data/sklearn";
    const Dataset data = load_sklearn_table(dir + "/breast_cancer.csv");
    Rng rng(1);
    auto [train, test] = split(data, 0.15, rng, /*stratified=*/true);
    binarize_equal_width(train.features, 2, /*reverse=*/true);  // lower bin → 1, upper → 0
    binarize_equal_width(test.features, 2, true);

    MpNeuron neuron;
    const MpFit fit = neuron.fit(train.features, train.labels);  // tries b = 0 … 30
    for (std::size_t b = 0; b < fit.accuracy.size(); ++b) std::printf("b = %2zu  accuracy %.4f\n", b, fit.accuracy[b]);
    const double test_accuracy = neuron.accuracy(test.features, test.labels);
    std::printf("best b = %zu: train accuracy %.4f, test accuracy %.4f\n", neuron.threshold(), fit.best_accuracy,
                test_accuracy);
    return test_accuracy > 0.7 ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
