// Contours of a grid (internal to src/plot): the public contour_lines
// (marching squares, declared in neurite/plot/heatmap.hpp) and the SVG path
// data that heat maps and contour plots draw from it — a contour line, and
// the filled region {v >= level} (whole cells merged into row runs, boundary
// cells clipped exactly against the level along their edges, so that no seam
// shows inside a region).
#pragma once

#include <string>

#include "axes.hpp"
#include "neurite/plot/heatmap.hpp"
#include "neurite/tensor/grid.hpp"

namespace neurite::contours {

// Path data of a contour line in the frame's pixels ("M… L… Z" when closed).
std::string line_path(const ContourLine& line, const axes::Frame& f);

// Path data of the region {v >= level} of the grid in the frame's pixels;
// empty when no cell reaches the level.
std::string region_path(const Grid2D& g, const axes::Frame& f, double level);

}  // namespace neurite::contours
