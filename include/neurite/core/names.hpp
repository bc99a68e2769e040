// Names of enum values, for the edges where strings become enums (JSON
// specs, command-line flags, model files): one table per enum, one way to
// print a value and one way to parse a name, with one error format:
//   unknown optimizer "adm" (expected one of: sgd, momentum, …)
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "neurite/core/error.hpp"

namespace neurite {

template <typename E>
struct NameEntry {
    E value;
    std::string_view name;
};

// The name of `value` in `table` ("?" when it is not there).
template <typename E>
std::string_view name_of(std::span<const NameEntry<E>> table, E value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return "?";
}

// The names in `table`, comma-separated.
template <typename E>
std::string names_of(std::span<const NameEntry<E>> table) {
    std::string all;
    for (const auto& entry : table) {
        if (!all.empty()) all += ", ";
        all += entry.name;
    }
    return all;
}

// The value named `name`; an unknown name is an Error that lists the valid
// ones, with `what` naming the kind of thing ("activation", "loss", …).
template <typename E>
E value_named(std::span<const NameEntry<E>> table, std::string_view name, std::string_view what) {
    for (const auto& entry : table)
        if (entry.name == name) return entry.value;
    fail("unknown ", what, " \"", name, "\" (expected one of: ", names_of(table), ")");
}

}  // namespace neurite
