// neurite::Error — the one exception type the library throws.
//
// Every message names where the problem is: a file and line, a JSON path, a
// flag, or a layer. The command-line tool prints `error: <message>` on one
// line and exits non-zero.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

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

// Throws neurite::Error with the concatenated message.
template <typename... Args>
[[noreturn]] void fail(const Args&... args) {
    throw Error(cat(args...));
}

}  // namespace neurite
