// neurite::Error — the one exception type the library throws.
//
// Every message names where the problem is: a file and line, a JSON path, a
// flag, or a layer. The command-line tool prints `error: <message>` on one
// line and exits non-zero.
#pragma once

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace neurite {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Concatenates its arguments with operator<< (used to build error messages).
template <typename... Args>
std::string cat(const Args&... args) {
    std::ostringstream out;
    (out << ... << args);
    return out.str();
}

// The words with `between` between each two (for lists of names in
// messages): join(names) is "a, b, c".
template <typename Words>
std::string join(const Words& words, std::string_view between = ", ") {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += between;
        out += w;
    }
    return out;
}

// The first n bytes of s, or fewer so as not to split a UTF-8 character (all
// of s when it is no longer): for messages that quote text from a file.
inline std::string_view utf8_prefix(std::string_view s, std::size_t n) {
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

// Throws neurite::Error with the concatenated message.
template <typename... Args>
[[noreturn]] void fail(const Args&... args) {
    throw Error(cat(args...));
}

}  // namespace neurite
