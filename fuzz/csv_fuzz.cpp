// Fuzz target: the CSV reader. The first byte picks the reader's options
// (separator detection or a fixed separator, header detection or not), the
// rest is the file's text. Any input must parse or fail with neurite::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "neurite/core/error.hpp"
#include "neurite/data/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    neurite::CsvOptions options;
    const std::uint8_t mode = data[0];
    constexpr char separators[] = {',', ';', '\t', ' '};
    if (mode & 4) options.separator = separators[mode & 3];
    if (mode & 8) options.header = (mode & 16) != 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const neurite::CsvTable table = neurite::parse_csv(text, "fuzz.csv", options);
        // Whatever parsed is a full rectangle of finite numbers.
        if (!table.header.empty() && table.header.size() != table.values.cols()) __builtin_trap();
        for (std::size_t i = 0; i < table.values.size(); ++i)
            if (!(table.values.data()[i] == table.values.data()[i])) __builtin_trap();
    } catch (const neurite::Error&) {
    }
    return 0;
}
