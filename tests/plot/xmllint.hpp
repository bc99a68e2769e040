// Well-formedness of generated SVG, checked by xmllint (Debian libxml2-utils).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
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

}  // namespace neurite::test
