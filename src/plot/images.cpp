// Image grids and labelled matrix heat maps as standalone SVG 1.1 documents.
// Elements carry a class (image, pixel, caption, prob-bar, cell, cell-value,
// row-label, column-label) so that tests and style sheets can find them.
#include "neurite/plot/images.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/plot/svg.hpp"
#include "svg_style.hpp"

namespace neurite {
namespace {

using namespace svg_style;

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string gray(double ink) {  // 0: white, 1: black
    const int v = static_cast<int>(std::lround(255.0 * (1.0 - std::clamp(ink, 0.0, 1.0))));
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", v, v, v);
    return buf;
}

void rect(std::string& out, const std::string& cls, double x, double y, double w, double h, const std::string& fill,
          const std::string& extra = {}) {
    out += "<rect class=\"" + cls + "\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" + coord(w) +
           "\" height=\"" + coord(h) + "\" fill=\"" + fill + "\"" + extra + "/>\n";
}

// White (0) to dark blue (1), through matplotlib's "Blues".
std::string blue(double t) {
    t = std::clamp(t, 0.0, 1.0);
    const double from[3] = {247, 251, 255}, to[3] = {8, 48, 107};
    char buf[8];
    int c[3];
    for (int i = 0; i < 3; ++i) c[i] = static_cast<int>(std::lround(from[i] + t * (to[i] - from[i])));
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c[0], c[1], c[2]);
    return buf;
}

}  // namespace

std::string image_grid_svg(const ImageGrid& grid) {
    if (grid.tiles.empty()) fail("image grid: no images");
    if (grid.columns == 0) fail("image grid: columns must be at least 1");
    if (!(grid.pixel_size > 0)) fail("image grid: pixel size must be positive");
    double tile_w = 0, image_h = 0;
    std::size_t caption_lines = 0;
    bool any_bars = false;
    for (std::size_t i = 0; i < grid.tiles.size(); ++i) {
        const ImageTile& t = grid.tiles[i];
        if (t.width == 0 || t.height == 0) fail("image grid: image ", i, " is empty");
        if (t.pixels.size() != t.width * t.height)
            fail("image grid: image ", i, " has ", t.pixels.size(), " pixels, not ", t.width, "x", t.height);
        tile_w = std::max(tile_w, static_cast<double>(t.width) * grid.pixel_size);
        image_h = std::max(image_h, static_cast<double>(t.height) * grid.pixel_size);
        caption_lines = std::max(caption_lines, lines_of(t.caption).size());
        any_bars = any_bars || !t.bars.empty();
    }
    const double line_h = 13, bars_h = any_bars ? 46 : 0, gap = 14;
    tile_w = std::max(tile_w, any_bars ? 120.0 : 60.0);
    const double cell_w = tile_w + gap;
    const double cell_h = image_h + 6 + static_cast<double>(caption_lines) * line_h + bars_h + gap;
    const std::size_t cols = std::min(grid.columns, grid.tiles.size());
    const std::size_t rows = (grid.tiles.size() + cols - 1) / cols;
    const double top = grid.title.empty() ? 10 : 34, left = 10;
    const double width = std::max(left * 2 + static_cast<double>(cols) * cell_w - gap,
                                  text_width(grid.title, kTitleFont) + 20);
    const double height = top + static_cast<double>(rows) * cell_h;

    std::string out = document_start(width, height, grid.title);
    if (!grid.title.empty()) text(out, "title", width / 2, 22, "middle", kTitleFont, grid.title, " font-weight=\"bold\"");
    for (std::size_t i = 0; i < grid.tiles.size(); ++i) {
        const ImageTile& t = grid.tiles[i];
        const double content = static_cast<double>(cols) * cell_w - gap;
        const double x0 = (width - content) / 2 + static_cast<double>(i % cols) * cell_w;
        const double y0 = top + static_cast<double>(i / cols) * cell_h;
        const double iw = static_cast<double>(t.width) * grid.pixel_size;
        const double ih = static_cast<double>(t.height) * grid.pixel_size;
        const double ix = x0 + (tile_w - iw) / 2;
        out += "<g class=\"image\" data-index=\"" + std::to_string(i) + "\">\n";
        rect(out, "image-frame", ix - 0.5, y0 - 0.5, iw + 1, ih + 1, "#ffffff", " stroke=\"#bbbbbb\"");
        for (std::size_t r = 0; r < t.height; ++r)
            for (std::size_t c = 0; c < t.width; ++c) {
                const double v = t.pixels[r * t.width + c];
                if (!(v > 0.02)) continue;  // paper
                rect(out, "pixel", ix + static_cast<double>(c) * grid.pixel_size,
                     y0 + static_cast<double>(r) * grid.pixel_size, grid.pixel_size, grid.pixel_size, gray(v));
            }
        const std::string color = t.caption_color.empty() ? "#333333" : t.caption_color;
        double y = y0 + ih + 6;
        for (const std::string& l : lines_of(t.caption)) {
            y += line_h;
            text(out, "caption", x0 + tile_w / 2, y - 2, "middle", kLegendFont, l, " fill=\"" + color + "\"");
        }
        if (!t.bars.empty()) {
            const double n = static_cast<double>(t.bars.size());
            const double bw = tile_w / n, base = y + bars_h - 12, full = bars_h - 16;
            out += "<line class=\"bar-base\" x1=\"" + coord(x0) + "\" y1=\"" + coord(base) + "\" x2=\"" +
                   coord(x0 + tile_w) + "\" y2=\"" + coord(base) + "\" stroke=\"#999999\"/>\n";
            for (std::size_t b = 0; b < t.bars.size(); ++b) {
                const double v = std::isfinite(t.bars[b]) ? std::clamp(t.bars[b], 0.0, 1.0) : 0.0;
                const bool hi = static_cast<int>(b) == t.highlight;
                const double bx = x0 + static_cast<double>(b) * bw;
                char value[32];
                std::snprintf(value, sizeof value, "%.4f", t.bars[b]);
                rect(out, "prob-bar", bx + 1, base - v * full, std::max(bw - 2, 1.0), v * full,
                     hi ? (t.caption_color.empty() ? "#1f77b4" : t.caption_color) : "#9ecae1",
                     std::string(" data-value=\"") + value + "\"");
                text(out, "bar-label", bx + bw / 2, base + 10, "middle", kSmallFont, std::to_string(b));
            }
        }
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

std::string matrix_heatmap_svg(const MatrixHeatmap& m, double cell) {
    const std::size_t rows = m.values.size();
    if (rows == 0 || m.values[0].empty()) fail("matrix heat map: the matrix is empty");
    const std::size_t cols = m.values[0].size();
    double max = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        if (m.values[r].size() != cols) fail("matrix heat map: row ", r, " has ", m.values[r].size(), " values, not ", cols);
        for (double v : m.values[r]) {
            if (!std::isfinite(v) || v < 0) fail("matrix heat map: value ", v, " in row ", r, " is not a count");
            max = std::max(max, v);
        }
    }
    if (!m.row_labels.empty() && m.row_labels.size() != rows) fail("matrix heat map: ", m.row_labels.size(), " row labels for ", rows, " rows");
    if (!m.column_labels.empty() && m.column_labels.size() != cols)
        fail("matrix heat map: ", m.column_labels.size(), " column labels for ", cols, " columns");
    if (!(cell >= 16)) fail("matrix heat map: cells must be at least 16 wide");

    const double left = 70, top = m.title.empty() ? 50 : 74, right = 20, bottom = 20;
    const double width = left + static_cast<double>(cols) * cell + right;
    const double height = top + static_cast<double>(rows) * cell + bottom;
    std::string out = document_start(width, height, m.title);
    if (!m.title.empty()) text(out, "title", width / 2, 22, "middle", kTitleFont, m.title, " font-weight=\"bold\"");
    if (!m.column_title.empty())
        text(out, "axis-label", left + static_cast<double>(cols) * cell / 2, top - 30, "middle", kLabelFont, m.column_title);
    if (!m.row_title.empty()) {
        const double cx = 16, cy = top + static_cast<double>(rows) * cell / 2;
        text(out, "axis-label", cx, cy, "middle", kLabelFont, m.row_title,
             " transform=\"rotate(-90 " + coord(cx) + " " + coord(cy) + ")\"");
    }
    const double denom = m.log_color ? std::log1p(max) : max;
    for (std::size_t c = 0; c < m.column_labels.size(); ++c)
        text(out, "column-label", left + (static_cast<double>(c) + 0.5) * cell, top - 8, "middle", kTickFont,
             m.column_labels[c]);
    for (std::size_t r = 0; r < rows; ++r) {
        const double y = top + static_cast<double>(r) * cell;
        if (!m.row_labels.empty())
            text(out, "row-label", left - 8, y + cell / 2 + 4, "end", kTickFont, m.row_labels[r]);
        for (std::size_t c = 0; c < cols; ++c) {
            const double v = m.values[r][c];
            const double t = denom > 0 ? (m.log_color ? std::log1p(v) : v) / denom : 0.0;
            const double x = left + static_cast<double>(c) * cell;
            rect(out, "cell", x, y, cell, cell, blue(t), " stroke=\"#ffffff\"");
            char buf[48];
            std::snprintf(buf, sizeof buf, "%g", v);
            text(out, "cell-value", x + cell / 2, y + cell / 2 + 4, "middle", kTickFont, buf,
                 t > 0.55 ? " fill=\"#ffffff\"" : " fill=\"#222222\"");
        }
    }
    out += "</svg>\n";
    return out;
}

}  // namespace neurite
