// The check shared by the tests of an enum's names (initializers, losses,
// …): to_string and the enum's parse function are each other's inverse, and
// an unknown name is an Error that quotes it and lists the valid ones.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "neurite/core/error.hpp"

namespace neurite::test {

// Every value in `all` has a name that `parse` reads back as that value, and
// each of `unknown` is an Error quoting it and naming every value in `all`.
template <typename E, typename Parse>
void expect_enum_names(std::span<const E> all, Parse parse, std::initializer_list<std::string_view> unknown) {
    for (E value : all) EXPECT_EQ(parse(to_string(value)), value) << to_string(value);
    for (std::string_view name : unknown) {
        try {
            (void)parse(name);
            ADD_FAILURE() << "expected neurite::Error for \"" << name << '"';
        } catch (const Error& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(name), std::string::npos) << msg;
            for (E value : all) EXPECT_NE(msg.find(to_string(value)), std::string::npos) << msg;
        }
    }
}

}  // namespace neurite::test
