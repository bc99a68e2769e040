// What every neurite chart shares: palette, font sizes, text measuring,
// coordinate formatting and the basic elements (internal to src/plot). The
// axes of a chart — ticks, grid, frame and their labels — are in axes.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "neurite/plot/svg.hpp"

namespace neurite::svg_style {

// matplotlib's "tab10" without its olive and cyan: eight hues that stay apart
// on white and remain distinguishable in grayscale and for most color-vision
// deficiencies when combined with the dashed style.
inline constexpr std::array<const char*, 8> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                        "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

inline constexpr double kTickFont = 11;
inline constexpr double kLabelFont = 12;
inline constexpr double kTitleFont = 14;
inline constexpr double kLegendFont = 11;
inline constexpr double kSmallFont = 9;

// Generous width of a text in a sans-serif font: DejaVu Sans, the usual
// fallback on Linux, averages about 0.6 em per character.
inline double text_width(const std::string& s, double font_size) {
    std::size_t chars = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++chars;  // count UTF-8 code points, not bytes
    return static_cast<double>(chars) * font_size * 0.62;
}

// A coordinate with at most two decimals and no trailing zeros.
inline std::string coord(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

// The opening of every chart: XML declaration, <svg> with size and viewBox,
// the title (for browsers' tab and screen readers) and a white background.
inline std::string document_start(double width, double height, const std::string& title) {
    const std::string w = coord(width), h = coord(height);
    std::string out;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + w + "\" height=\"" + h +
           "\" viewBox=\"0 0 " + w + " " + h + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    if (!title.empty()) out += "<title>" + xml_escape(title) + "</title>\n";
    out += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n";
    return out;
}

// ---- SVG elements, the same in every chart ------------------------------------------

inline void text(std::string& out, const std::string& cls, double x, double y, const char* anchor, double size,
                 const std::string& s, const std::string& extra = {}) {
    out += "<text class=\"" + cls + "\" x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" text-anchor=\"" + anchor +
           "\" font-size=\"" + coord(size) + "\"" + extra + ">" + xml_escape(s) + "</text>\n";
}

inline void line(std::string& out, const std::string& cls, double x0, double y0, double x1, double y1,
                 const std::string& stroke) {
    out += "<line class=\"" + cls + "\" x1=\"" + coord(x0) + "\" y1=\"" + coord(y0) + "\" x2=\"" + coord(x1) +
           "\" y2=\"" + coord(y1) + "\" stroke=\"" + stroke + "\"/>\n";
}

}  // namespace neurite::svg_style
