// Small grayscale images and labelled matrices as complete standalone SVG
// documents (companions of line_chart_svg in svg.hpp):
//
// * image_grid_svg — images (e.g. MNIST digits, 28×28 values in [0, 1]) in a
//   grid, each drawn pixel by pixel (0 white, 1 black: ink on paper) with a
//   caption under it and, optionally, a small bar chart under the caption
//   (e.g. the ten softmax probabilities, the highlighted bar in its color).
//
//     ImageGrid g;
//     g.title = "MNIST test digits";
//     g.tiles.push_back({.pixels = p, .width = 28, .height = 28, .caption = "label 7"});
//     std::string svg = image_grid_svg(g);
//
// * matrix_heatmap_svg — a matrix of counts (a confusion matrix) as colored
//   cells, white to dark blue, with every value written in its cell
//   (class "cell-value") and row/column labels.
//
// Text is escaped. Pixel values outside [0, 1] are clamped.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace neurite {

struct ImageTile {
    std::vector<float> pixels;  // row-major, width × height, 0 … 1
    std::size_t width = 0, height = 0;
    std::string caption;        // under the image; "\n" breaks it into lines
    std::string caption_color;  // CSS color; empty: dark gray
    std::vector<double> bars;   // optional values in [0, 1] drawn as bars under the caption
    int highlight = -1;         // the bar drawn in caption_color (or blue); −1: none
};

struct ImageGrid {
    std::string title;
    std::vector<ImageTile> tiles;
    std::size_t columns = 10;   // tiles per row
    double pixel_size = 4;      // side of one image pixel in the document
};

// Throws Error when a tile's pixels do not match its size, a tile is empty,
// there are no tiles, columns is 0 or pixel_size is not positive.
std::string image_grid_svg(const ImageGrid& grid);

struct MatrixHeatmap {
    std::string title;
    std::string row_title, column_title;         // e.g. "true class", "predicted class"
    std::vector<std::string> row_labels, column_labels;
    std::vector<std::vector<double>> values;     // one vector per row
    // Colors grow with log(1 + v) / log(1 + max): small counts off the
    // diagonal stay visible beside the large ones on it.
    bool log_color = true;
};

// Throws Error when rows differ in length, the labels do not match the
// matrix, a value is negative or not finite, or the matrix is empty.
std::string matrix_heatmap_svg(const MatrixHeatmap& matrix, double cell_size = 44);

}  // namespace neurite
