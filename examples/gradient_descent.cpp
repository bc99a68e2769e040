// Gradient descent on f(x) = x² from x = 8 with learning rate 0.1, stopping
// when |f'(x)| < 0.01: 8, 6.4, 5.12, 4.096, … (34 steps).
//
//   build/examples/gradient_descent
#include <cstdio>
#include <vector>

#include <neurite/neurite.hpp>
#include <neurite/optim/trajectory.hpp>

using namespace neurite;

int main() try {
    const Objective f = [](std::span<const double> p, std::span<double> grad) {
        grad[0] = 2 * p[0];
        return p[0] * p[0];
    };
    const Trajectory t = run_optimizer({.kind = OptimizerKind::sgd, .learning_rate = 0.1}, f, std::vector<double>{8.0},
                                       {.max_steps = 1000, .gradient_tolerance = 1e-2});
    for (std::size_t k = 0; k < t.points.size(); ++k)
        std::printf("step %2zu  x = %-10g f'(x) = %g\n", k, t.points[k][0], t.gradient_norms[k]);
    std::printf("%s after %zu steps\n", t.converged ? "converged" : "not converged", t.steps());
    return t.converged && t.steps() == 34 ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
