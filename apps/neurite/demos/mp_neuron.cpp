// neurite demo mp-neuron: the McCulloch–Pitts neuron on the Wisconsin
// breast-cancer table. Every feature is binarized into two equal-width bins
// (lower bin → 1, upper → 0; the training and test parts each over their own
// range, as the textbook's pandas.cut on each part does), and the threshold b
// is fitted by trying every value.
#include <cstdio>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/classic/mp_neuron.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "neurite/plot/svg.hpp"

namespace neurite::cli {

int demo_mp_neuron(const DemoContext& ctx) {
    const auto path = ctx.data_root / "sklearn" / "breast_cancer.csv";
    const Dataset all = load_sklearn_table(path);
    Rng rng(ctx.seed);
    auto [train, test] = split(all, 0.15, rng, true);
    binarize_equal_width(train.features, 2, true);
    binarize_equal_width(test.features, 2, true);

    const auto name = [&](std::size_t c) {
        return c < all.class_names.size() ? all.class_names[c] : "class " + std::to_string(c);
    };
    std::printf("M-P neuron on the Wisconsin breast-cancer table: %s\n", path.string().c_str());
    std::printf("%zu rows, %zu features; class 0 = %s, class 1 = %s\n", all.size(), all.features.cols(),
                name(0).c_str(), name(1).c_str());
    std::printf("split: %zu train, %zu test (15 %%, stratified, seed %llu)\n", train.size(), test.size(),
                static_cast<unsigned long long>(ctx.seed));
    std::printf(
        "inputs: each feature cut into 2 equal-width bins over its range (in each part),\n"
        "        lower bin -> 1, upper -> 0\n");
    std::printf("neuron: output 1 (%s) when at least b of the %zu inputs are 1 (Σx ≥ b)\n\n", name(1).c_str(),
                train.features.cols());

    MpNeuron neuron;
    const MpFit fit = neuron.fit(train.features, train.labels);
    std::vector<double> bs, train_acc, test_acc;
    std::printf("   b   train accuracy   test accuracy\n");
    for (std::size_t b = 0; b < fit.accuracy.size(); ++b) {
        MpNeuron at_b(b);
        const double t = at_b.accuracy(test.features, test.labels);
        bs.push_back(static_cast<double>(b));
        train_acc.push_back(fit.accuracy[b]);
        test_acc.push_back(t);
        std::printf("  %2zu       %.4f          %.4f%s\n", b, fit.accuracy[b], t,
                    b == fit.best_threshold ? "   <- best on the training part" : "");
    }
    const double test_accuracy = neuron.accuracy(test.features, test.labels);
    std::printf("\nbest b = %zu (the most accurate on the training part; ties would go to the smallest b)\n",
                fit.best_threshold);
    std::printf("train accuracy: %.4f (%zu rows)\n", fit.best_accuracy, train.size());
    std::printf("test accuracy:  %.4f (%zu rows)\n", test_accuracy, test.size());
    // b = 0 answers 1 for every row: the share of the majority class when
    // that is class 1. The fitted neuron should beat answering one class always.
    const double always_one = fit.accuracy.front(), always_zero = fit.accuracy.back();
    std::printf("for comparison, always %s: %.4f\n", name(1).c_str(), always_one);

    Axes a;
    a.title = "M-P neuron on breast cancer: accuracy for each threshold b";
    a.x_label = "threshold b (output 1 when at least b of 30 binary inputs are 1)";
    a.y_label = "accuracy";
    Series tr{"train", bs, train_acc, "", false, true};
    Series te{"test", bs, test_acc, "", true, true};
    Series best{"best b = " + std::to_string(fit.best_threshold),
                {static_cast<double>(fit.best_threshold)},
                {fit.best_accuracy},
                "#d62728"};
    best.line = false;
    a.series = {tr, te, best};
    ctx.write_figure("mp_neuron.svg", line_chart_svg({a}, 760, 420));

    const bool ok = fit.best_accuracy > std::max(always_one, always_zero) && test_accuracy > 0.5;
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
