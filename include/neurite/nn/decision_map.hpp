// What a network with two inputs answers over a region of its input plane:
// the values behind a decision-boundary picture.
//
//   Grid2D map = decision_map(net, -0.5, 1.5, -0.5, 1.5, 81);  // output 0 at 81 × 81 points
//   std::string svg = heatmap_svg({.grid = map, ...});         // see plot/heatmap.hpp
//
// Every node (x, y) of the grid is one input row (x, y); all rows go through
// the network in one predict() call (chunked), and the grid holds output
// column `output` of each.
#pragma once

#include <cstddef>

#include "neurite/nn/sequential.hpp"
#include "neurite/tensor/grid.hpp"

namespace neurite {

// An n × n grid over [x_min, x_max] × [y_min, y_max]. Throws Error unless the
// network is built with 2 inputs, `output` is one of its outputs, and the
// box and n are valid for a Grid2D.
template <typename T>
Grid2D decision_map(BasicSequential<T>& net, double x_min, double x_max, double y_min, double y_max,
                    std::size_t n = 101, std::size_t output = 0);

}  // namespace neurite
