// Tests of the name tables' "did you mean" (include/neurite/core/names.hpp):
// the edit distance, the closest name, aliases and the unknown-name message.
#include "neurite/core/names.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "test_util.hpp"

namespace neurite {
namespace {

enum class Fruit { apple, banana, watermelon };

constexpr auto kFruits =
    enum_names<Fruit>("fruit", {"apple", "banana", "watermelon"}).with_aliases({{Fruit::watermelon, "melon"}});
static_assert(kFruits.name(Fruit::watermelon) == "watermelon");
static_assert(kFruits.parse("melon") == Fruit::watermelon);

const std::vector<std::string_view> kLosses = {"mse", "mae", "mape", "msle", "binary_cross_entropy",
                                               "binary_cross_entropy_logits", "categorical_cross_entropy",
                                               "softmax_cross_entropy"};

}  // namespace

TEST(EditDistance, CountsEditsAndSwapsIgnoringCase) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("mes", "mse"), 1u);  // one swap of neighbours
    EXPECT_EQ(edit_distance("MSE", "mse"), 0u);
    EXPECT_EQ(edit_distance("adm", "adam"), 1u);
    EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // optimal string alignment: no edit of a swapped pair
}

TEST(ClosestName, WithinTheDistanceForTheLength) {
    EXPECT_EQ(closest_name("mes", kLosses), "mse");
    EXPECT_EQ(closest_name("MSE", kLosses), "mse");
    EXPECT_EQ(closest_name("mxe", kLosses), "mse");  // a tie (mse, mae) goes to the earlier name
    EXPECT_EQ(closest_name("categorical_crossentropy", kLosses), "categorical_cross_entropy");
    EXPECT_EQ(closest_name("categoricl_cros_entropy", kLosses), "categorical_cross_entropy");
    EXPECT_EQ(closest_name("sofmax_cross_entropy", kLosses), "softmax_cross_entropy");
    // Short names allow one edit, longer ones max(2, a third of the length).
    const std::vector<std::string_view> short_names = {"sgd", "adam", "adamw"};
    EXPECT_EQ(closest_name("sdg", short_names), "sgd");
    EXPECT_EQ(closest_name("xyz", short_names), "");
    EXPECT_EQ(closest_name("adm", short_names), "adam");
    EXPECT_EQ(closest_name("adamww", short_names), "adamw");
    EXPECT_EQ(closest_name("hinge", kLosses), "");
    EXPECT_EQ(closest_name("", kLosses), "");
}

TEST(ClosestName, APrefixOfThreeCharactersOrMore) {
    EXPECT_EQ(closest_name("binary", kLosses), "binary_cross_entropy");  // the shortest it begins
    EXPECT_EQ(closest_name("softmax", kLosses), "softmax_cross_entropy");
    EXPECT_EQ(closest_name("Categorical", kLosses), "categorical_cross_entropy");
    EXPECT_EQ(closest_name("bi", kLosses), "");  // too short to guess from
}

TEST(ClosestName, LongWordsAreNotCompared) {
    const std::string name(70, 'a');
    const std::vector<std::string_view> candidates = {name};
    EXPECT_EQ(closest_name(std::string(64, 'a'), candidates), name);  // a prefix
    EXPECT_EQ(closest_name(std::string(65, 'a'), candidates), "");
    EXPECT_EQ(closest_name(std::string(1'000'000, 'x'), kLosses), "");
}

TEST(EnumNamesAliases, ParseToTheValueButPrintTheName) {
    EXPECT_EQ(kFruits.parse("melon"), Fruit::watermelon);
    EXPECT_EQ(kFruits.parse("watermelon"), Fruit::watermelon);
    EXPECT_EQ(kFruits.name(kFruits.parse("melon")), "watermelon");
    EXPECT_EQ(kFruits.list(), "apple, banana, watermelon");
    ASSERT_EQ(kFruits.alias_table().size(), 1u);
    EXPECT_EQ(kFruits.alias_table()[0].name, "melon");
}

TEST(EnumNamesAliases, UnknownNamesSuggestNamesAndAliases) {
    EXPECT_EQ(test::error_of([] { (void)kFruits.parse("banan"); }),
              "unknown fruit \"banan\" (did you mean \"banana\"? expected one of: apple, banana, watermelon; "
              "short names: melon)");
    EXPECT_EQ(test::error_of([] { (void)kFruits.parse("melno"); }),
              "unknown fruit \"melno\" (did you mean \"melon\"? expected one of: apple, banana, watermelon; "
              "short names: melon)");
    EXPECT_EQ(test::error_of([] { (void)kFruits.parse("kiwi"); }),
              "unknown fruit \"kiwi\" (expected one of: apple, banana, watermelon; short names: melon)");
    // Without aliases there is no "short names" part.
    constexpr auto plain = enum_names<Fruit>("fruit", {"apple", "banana", "watermelon"});
    EXPECT_EQ(test::error_of([&] { (void)plain.parse("Apple"); }),
              "unknown fruit \"Apple\" (did you mean \"apple\"? expected one of: apple, banana, watermelon)");
}

TEST(EnumNamesAliases, LongUnknownNamesAreCut) {
    const std::string name(1000, 'q');
    const std::string e = test::error_of([&] { (void)kFruits.parse(name); });
    EXPECT_EQ(e, "unknown fruit \"" + std::string(37, 'q') + "...\" (expected one of: apple, banana, watermelon; "
                 "short names: melon)");
}

}  // namespace neurite
