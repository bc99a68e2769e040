// Pictures shared by the gates and perceptron demos: the four points of a
// two-input truth table and decision lines w1·x1 + w2·x2 = c, drawn within
// the square [−0.5, 1.5]² in every panel.
#pragma once

#include <array>
#include <string>

#include "neurite/plot/svg.hpp"

namespace neurite::cli {

// A short number: at most 4 significant digits, no trailing zeros ("0.5", "-2").
std::string num(double v);
// "2·x1 + 1·x2 = 2" (with −θ on the right when flipped by the caller).
std::string line_equation(double w1, double w2, double c);

// Axes for one gate: x1 from −0.5 to 1.5, x2 from −0.5 to 2.2 (the legend's
// room above the square), labels x1 and x2.
Axes gate_axes(std::string title);
// Two scatter series, the inputs whose output is 1 and those whose output is
// 0 (in truth_table_inputs order).
void add_truth_points(Axes& axes, const std::array<int, 4>& outputs);
// The part of w1·x1 + w2·x2 = c inside the square (no points when it misses).
void add_line(Axes& axes, std::string name, double w1, double w2, double c, std::string color = "#333333",
              bool dashed = false);

}  // namespace neurite::cli
