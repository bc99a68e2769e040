// Checks on generated SVG: well-formedness by xmllint (Debian
// libxml2-utils), and small probes of the document text.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <vector>
#include <string>

namespace neurite::test {

inline bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

// "" when xmllint finds the document well-formed, else its complaint.
inline std::string xmllint_complaint(const std::string& svg, const std::string& tag) {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string base = (dir / ("neurite_xmllint_" + tag + "_" + std::to_string(::getpid()))).string();
    const std::string file = base + ".svg", err = base + ".err";
    std::ofstream(file, std::ios::binary) << svg;
    const int rc = std::system(("xmllint --noout '" + file + "' 2>'" + err + "'").c_str());
    std::ifstream in(err);
    std::string complaint((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(file);
    std::filesystem::remove(err);
    if (rc != 0 && complaint.empty()) complaint = "xmllint exit status " + std::to_string(rc);
    return rc == 0 ? "" : complaint;
}

// How often `needle` occurs in `s` (non-overlapping).
inline std::size_t count(const std::string& s, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos + needle.size())) ++n;
    return n;
}

// The texts of the <text> elements of one class, in document order.
inline std::vector<std::string> texts(const std::string& svg, const std::string& cls) {
    const std::regex re("<text class=\"" + cls + "\"[^>]*>([^<]*)</text>");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

}  // namespace neurite::test
