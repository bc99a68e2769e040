// XOR learned by back-propagation: a 2-2-1 sigmoid network, MSE loss,
// per-sample SGD, then its decision map written as an SVG heat map.
//
//   build/examples/xor_backprop [out.svg]
#include <cstdio>

#include <neurite/neurite.hpp>
#include <neurite/nn/decision_map.hpp>
#include <neurite/plot/heatmap.hpp>

using namespace neurite;

int main(int argc, char** argv) try {
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    const Matrix y(4, 1, {0, 1, 1, 0});
    Sequential net(2);
    net.dense(2, Activation::sigmoid).dense(1, Activation::sigmoid);
    net.build();
    Rng rng(1);
    net.init(rng);
    Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = 0.5}, net.param_count());
    Matrix out(4, 1);
    for (int epoch = 1; epoch <= 3000; ++epoch) {
        for (std::size_t i = 0; i < 4; ++i) {  // one sample at a time
            train_step(net, sgd, x.view().rows(i, 1), y.view().rows(i, 1), Loss::mse);
        }
        if (epoch % 500 == 0) {
            net.predict(x, out);
            std::printf("epoch %4d  loss %.6f\n", epoch, loss_value<float>(Loss::mse, out, y));
        }
    }
    net.predict(x, out);
    bool ok = true;
    for (std::size_t i = 0; i < 4; ++i) {
        std::printf("%g xor %g -> %.4f\n", x(i, 0), x(i, 1), out(i, 0));
        ok = ok && (out(i, 0) >= 0.5f) == (y(i, 0) >= 0.5f);
    }

    const Heatmap map{.title = "XOR: network output",
                      .x_label = "x1",
                      .y_label = "x2",
                      .value_label = "output",
                      .grid = decision_map(net, -0.5, 1.5, -0.5, 1.5, 81),
                      .boundary_levels = {0.5},
                      .points = {{.name = "0", .x = {0, 1}, .y = {0, 1}},
                                 {.name = "1", .x = {0, 1}, .y = {1, 0}, .shape = MarkerShape::square}}};
    if (argc > 1) write_file_atomic(argv[1], heatmap_svg(map));
    return ok ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
