// neurite demo regression: a network with an identity output fits numbers
// rather than classes.
//
//  1. A noisy 1-D function: y = sin(x) + N(0, 0.1²) on 200 points in
//     [−π, π], fitted by a 1-32-32-1 tanh network once with MSE and once with
//     MAE. The fit errors are measured on 1000 fresh noisy points and against
//     the noise-free sin(x); no fit can beat the noise itself on noisy data
//     (RMSE ≈ σ = 0.1), and predicting the mean would give RMSE ≈ 0.71.
//  2. A real table: iris petal width predicted from the other three
//     measurements (80/20 split), with RMSE, MAE and R² on the test rows. The
//     table is also written as a CSV, so `neurite train --csv … --regression`
//     and `neurite eval` can be run on it.
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "demo.hpp"
#include "neurite/data/dataset.hpp"
#include "neurite/data/transforms.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/nn/sequential.hpp"
#include "neurite/plot/svg.hpp"
#include "neurite/train/metrics.hpp"
#include "neurite/train/trainer.hpp"

namespace neurite::cli {
namespace {

constexpr double kNoise = 0.1;

Dataset noisy_sine(std::size_t n, Rng& rng) {
    Matrix x(n, 1), y(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
        const double v = rng.uniform(-std::numbers::pi, std::numbers::pi);
        x(i, 0) = static_cast<float>(v);
        y(i, 0) = static_cast<float>(std::sin(v) + rng.normal(0, kNoise));
    }
    return make_regression(std::move(x), std::move(y));
}

Sequential fit(const Dataset& train, std::size_t inputs, std::size_t hidden, std::size_t layers, Loss loss,
               std::size_t epochs, double lr, std::uint64_t seed) {
    Sequential net(inputs);
    for (std::size_t i = 0; i < layers; ++i) net.dense(hidden, Activation::tanh);
    net.dense(1);  // identity output
    net.build();
    Rng rng(seed);
    net.init(rng);
    TrainConfig cfg;
    cfg.epochs = epochs;
    cfg.batch_size = 32;
    cfg.seed = seed;
    cfg.loss = loss;
    cfg.optimizer = {.kind = OptimizerKind::adam, .learning_rate = lr};
    Trainer(net, cfg).fit(train);
    return net;
}

Matrix predict_all(Sequential& net, const Matrix& x) {
    Matrix out(x.rows(), 1);
    net.predict(x.view(), out.view());
    return out;
}

}  // namespace

int demo_regression(const DemoContext& ctx) {
    const std::size_t epochs = ctx.epochs.value_or(300);
    const double lr = ctx.learning_rate.value_or(0.01);
    Rng rng(ctx.seed);
    const Dataset train = noisy_sine(200, rng);
    const Dataset test = noisy_sine(1000, rng);
    Matrix clean(test.size(), 1);
    for (std::size_t i = 0; i < test.size(); ++i) clean(i, 0) = static_cast<float>(std::sin(test.features(i, 0)));

    std::printf("1. y = sin(x) + noise (sigma %.2g): 200 training points, 1000 fresh test points, x in [-pi, pi]\n",
                kNoise);
    std::printf("   model: 1-32-32-1 tanh, identity output, Adam lr %g, batch 32, %zu epochs, seed %llu\n\n", lr,
                epochs, static_cast<unsigned long long>(ctx.seed));
    Matrix mean_pred(test.size(), 1);
    double mean = 0;
    for (std::size_t i = 0; i < train.size(); ++i) mean += train.targets(i, 0);
    mean /= static_cast<double>(train.size());
    for (std::size_t i = 0; i < test.size(); ++i) mean_pred(i, 0) = static_cast<float>(mean);
    const double noise_rmse = rmse(clean.view(), test.targets.view());  // the true function on noisy data
    const double mean_rmse = rmse(mean_pred.view(), test.targets.view());
    std::printf("   %-28s %-14s %-14s %s\n", "", "test RMSE", "test MAE", "RMSE vs noise-free sin(x)");
    std::printf("   %-28s %-14.4f %-14.4f %.4f\n", "sin(x) itself (the noise)", noise_rmse,
                mae(clean.view(), test.targets.view()), 0.0);
    std::printf("   %-28s %-14.4f %-14.4f %.4f\n", "the training mean", mean_rmse,
                mae(mean_pred.view(), test.targets.view()), rmse(mean_pred.view(), clean.view()));

    // A grid for the figure: the training points, the true curve and both fits.
    std::vector<double> grid_x, grid_sin;
    Matrix grid(401, 1);
    for (std::size_t i = 0; i < grid.rows(); ++i) {
        const double v = -std::numbers::pi + 2 * std::numbers::pi * static_cast<double>(i) / 400.0;
        grid(i, 0) = static_cast<float>(v);
        grid_x.push_back(v);
        grid_sin.push_back(std::sin(v));
    }
    struct Fit {
        const char* name;
        Loss loss;
        Matrix pred;
        std::vector<double> on_grid = {};
        double test_rmse = 0, clean_rmse = 0;
    };
    std::vector<Fit> fits = {{"network fitted with MSE", Loss::mse, {}}, {"network fitted with MAE", Loss::mae, {}}};
    for (Fit& f : fits) {
        Sequential net = fit(train, 1, 32, 2, f.loss, epochs, lr, ctx.seed);
        f.pred = predict_all(net, test.features);
        f.test_rmse = rmse(f.pred.view(), test.targets.view());
        f.clean_rmse = rmse(f.pred.view(), clean.view());
        const Matrix g = predict_all(net, grid);
        for (std::size_t i = 0; i < g.rows(); ++i) f.on_grid.push_back(g(i, 0));
        std::printf("   %-28s %-14.4f %-14.4f %.4f\n", f.name, f.test_rmse, mae(f.pred.view(), test.targets.view()),
                    f.clean_rmse);
    }
    std::printf("\nMSE fit: test RMSE %.4f (noise floor %.4f, mean baseline %.4f), %.4f from the noise-free curve\n",
                fits[0].test_rmse, noise_rmse, mean_rmse, fits[0].clean_rmse);
    std::printf("MAE fit: test RMSE %.4f, %.4f from the noise-free curve\n", fits[1].test_rmse, fits[1].clean_rmse);

    Axes curve{.title = "sin(x) + noise: the data, the true curve and two fits", .x_label = "x", .y_label = "y",
               .log_y = false, .series = {}};
    Series points{.name = "training data (200 points)", .x = {}, .y = {}, .color = "#999999", .line = false};
    for (std::size_t i = 0; i < train.size(); ++i) {
        points.x.push_back(train.features(i, 0));
        points.y.push_back(train.targets(i, 0));
    }
    curve.series.push_back(points);
    curve.series.push_back({.name = "sin(x)", .x = grid_x, .y = grid_sin, .color = "#222222", .dashed = true});
    const char* colors[] = {"#d62728", "#1f77b4"};
    for (std::size_t k = 0; k < fits.size(); ++k) {
        curve.series.push_back({.name = fits[k].name, .x = grid_x, .y = fits[k].on_grid, .color = colors[k]});
    }

    // 2. A table: iris petal width from sepal length, sepal width, petal length.
    const auto iris_file = ctx.data_root / "sklearn" / "iris.csv";
    const Dataset iris = load_sklearn_table(iris_file);
    Matrix features(iris.size(), 3), target(iris.size(), 1);
    std::string csv = "sepal_length,sepal_width,petal_length,petal_width\n";
    for (std::size_t i = 0; i < iris.size(); ++i) {
        for (std::size_t j = 0; j < 3; ++j) features(i, j) = iris.features(i, j);
        target(i, 0) = iris.features(i, 3);
        char line[96];
        std::snprintf(line, sizeof line, "%g,%g,%g,%g\n", iris.features(i, 0), iris.features(i, 1),
                      iris.features(i, 2), iris.features(i, 3));
        csv += line;
    }
    Rng split_rng(ctx.seed);
    auto [table_train, table_test] =
        split(make_regression(std::move(features), std::move(target)), 0.2, split_rng, false);
    const Preprocessing standard = fit_standardize(table_train.features.view());
    standard.apply(table_train.features.view());
    standard.apply(table_test.features.view());
    Sequential net = fit(table_train, 3, 16, 1, Loss::mse, epochs, lr, ctx.seed);
    const Matrix pred = predict_all(net, table_test.features);
    const double r2 = r2_score(pred.view(), table_test.targets.view());
    std::printf("\n2. iris petal width (cm) from sepal length, sepal width and petal length: %zu train, %zu test rows\n",
                table_train.size(), table_test.size());
    std::printf("   model: 3-16-1 tanh, identity output, MSE, inputs standardized on the training rows\n");
    std::printf("   test RMSE: %.4f cm\n   test MAE:  %.4f cm\n   test R\u00b2:   %.4f\n",
                rmse(pred.view(), table_test.targets.view()), mae(pred.view(), table_test.targets.view()), r2);
    std::filesystem::create_directories(ctx.out_dir);
    const auto table_path = ctx.out_dir / "iris_petal_width.csv";
    write_file_atomic(table_path, csv);
    std::printf("   table: %s (neurite train --csv %s --regression; then neurite eval)\n",
                table_path.string().c_str(), table_path.string().c_str());

    Axes table{.title = "iris petal width: predicted vs true (test rows)", .x_label = "true petal width (cm)",
               .y_label = "predicted (cm)", .log_y = false, .series = {}};
    Series scatter{.name = "test rows", .x = {}, .y = {}, .color = "#1f77b4", .line = false};
    for (std::size_t i = 0; i < pred.rows(); ++i) {
        scatter.x.push_back(table_test.targets(i, 0));
        scatter.y.push_back(pred(i, 0));
    }
    table.series.push_back({.name = "perfect prediction", .x = {0, 2.6}, .y = {0, 2.6}, .color = "#222222",
                            .dashed = true});
    table.series.push_back(scatter);
    ctx.write_figure("regression.svg", line_chart_svg({curve, table}, 520, 400));

    const bool ok = fits[0].test_rmse < 1.5 * noise_rmse && fits[0].clean_rmse < kNoise && r2 > 0.85;
    return ok ? 0 : 1;
}

}  // namespace neurite::cli
