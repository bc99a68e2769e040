// A function of two variables sampled on a regular grid — what heat maps,
// decision maps and contour plots are drawn from.
//
//   Grid2D g = Grid2D::sample([](double x, double y) { return x * x + y * y; },
//                             -2, 2, 81,   // x from −2 to 2 at 81 nodes
//                             -1, 1, 41);  // y from −1 to 1 at 41 nodes
//   double v = g.at(40, 20);              // f(0, 0)
//
// The grid has nx × ny nodes spaced evenly over the closed box
// [x_min, x_max] × [y_min, y_max], both edges included: node (i, j) sits at
// (x(i), y(j)) and its value is values[j * nx + i] (rows of constant y, from
// y_min upwards).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace neurite {

struct Grid2D {
    double x_min = 0, x_max = 1;
    double y_min = 0, y_max = 1;
    std::size_t nx = 0, ny = 0;  // nodes along x and along y
    std::vector<double> values;  // ny rows of nx values

    // An nx × ny grid over the box with every value 0. Throws Error unless
    // the box is finite with x_min < x_max and y_min < y_max, and nx, ny ≥ 2.
    Grid2D(double x_min, double x_max, std::size_t nx, double y_min, double y_max, std::size_t ny);
    Grid2D() = default;

    // The grid with values[j * nx + i] = f(x(i), y(j)).
    static Grid2D sample(const std::function<double(double, double)>& f, double x_min, double x_max, std::size_t nx,
                         double y_min, double y_max, std::size_t ny);

    double x(std::size_t i) const;
    double y(std::size_t j) const;
    double& at(std::size_t i, std::size_t j) { return values[j * nx + i]; }
    double at(std::size_t i, std::size_t j) const { return values[j * nx + i]; }
    // Smallest and largest finite value (0 and 0 when there is none).
    double min_value() const;
    double max_value() const;
    // Throws Error naming `what` when the shape does not hold together
    // (sizes below 2, values.size() ≠ nx·ny, a box that is empty or not finite).
    void validate(const char* what) const;
};

}  // namespace neurite
