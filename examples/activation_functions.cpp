// The activation functions and their slopes at a few points, and softmax
// with and without subtracting the maximum first.
//
//   build/examples/activation_functions
#include <cmath>
#include <cstdio>
#include <vector>

#include <neurite/neurite.hpp>

using namespace neurite;

int main() {
    const std::vector<double> x = {-2, -1, 0, 1, 2};
    const Activation kinds[] = {Activation::step, Activation::sigmoid, Activation::tanh,
                                Activation::relu, Activation::leaky_relu, Activation::elu};
    std::vector<double> y(x.size()), slope(x.size()), ones(x.size(), 1.0);
    for (Activation a : kinds) {
        const double alpha = default_alpha(a);
        activate<double>(a, alpha, x, y);
        activation_backward<double>(a, alpha, y, ones, slope);  // f'(x), computed from y
        std::printf("%-10s", std::string(to_string(a)).c_str());
        for (std::size_t i = 0; i < x.size(); ++i) std::printf("  f(%g)=%.4f f'=%.4f", x[i], y[i], slope[i]);
        std::printf("\n");
    }

    const Matrix big(1, 3, {1000, 1001, 1002});
    Matrix naive(1, 3), stable(1, 3);
    softmax_rows_naive<float>(big, naive);  // e^1000 = inf, inf / inf = NaN
    softmax_rows<float>(big, stable);       // e^(x - 1002): 0.090, 0.245, 0.665
    std::printf("softmax [1000, 1001, 1002]: naive %s, stable %.3f %.3f %.3f\n",
                std::isnan(naive(0, 0)) ? "NaN NaN NaN" : "finite?", stable(0, 0), stable(0, 1), stable(0, 2));
    return std::isnan(naive(0, 0)) && std::abs(stable(0, 2) - 0.665f) < 1e-3f ? 0 : 1;
}
