// The playground's engine (playground/engine/session.cpp), natively: the same
// code the web page runs as WebAssembly.
#include "session.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/core/rng.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/nn/sequential.hpp"
#include "test_util.hpp"

using neurite::playground::Session;
using neurite::test::error_of;

namespace {

struct Data {
    std::vector<float> x, y;
};

// Points in [-1, 1]²; the label from `label(a, b)`.
template <typename F>
Data points(std::size_t n, std::uint64_t seed, F label) {
    neurite::Rng rng(seed);
    Data d;
    for (std::size_t i = 0; i < n; ++i) {
        const float a = float(rng.uniform(-1, 1)), b = float(rng.uniform(-1, 1));
        d.x.push_back(a);
        d.x.push_back(b);
        d.y.push_back(label(a, b));
    }
    return d;
}

Data xor_data(std::size_t n, std::uint64_t seed) {
    // A margin around the axes, as the TF playground's XOR has.
    return points(n, seed, [](float a, float b) { return float((a > 0) == (b > 0)); });
}

Data circle_data(std::size_t n, std::uint64_t seed) {
    return points(n, seed, [](float a, float b) { return float(a * a + b * b < 0.4f); });
}

void load(Session& s, const Data& train, const Data& test) { s.set_data(train.x, train.y, test.x, test.y, 2); }

}  // namespace

TEST(PlaygroundSession, LearnsXorAndCircle) {
    for (const bool circle : {false, true}) {
        Session s;
        s.configure(R"({"hidden": [8, 8], "activation": "tanh", "optimizer": "adam",
                        "learning_rate": 0.01, "batch_size": 10, "seed": 2})");
        const Data train = circle ? circle_data(400, 1) : xor_data(400, 1);
        const Data test = circle ? circle_data(200, 2) : xor_data(200, 2);
        load(s, train, test);
        s.step(150);
        EXPECT_EQ(s.epoch(), 150u);
        EXPECT_GT(s.train_accuracy(), 0.95) << (circle ? "circle" : "xor");
        EXPECT_GT(s.test_accuracy(), 0.95) << (circle ? "circle" : "xor");
        EXPECT_LT(s.test_loss(), 0.2);
    }
}

TEST(PlaygroundSession, PlainSgdAsThePlaygroundDefaults) {
    Session s;  // tanh 4-2, sgd 0.03, batch 10
    load(s, circle_data(300, 3), circle_data(100, 4));
    const double before = s.train_loss();
    s.step(300);
    EXPECT_LT(s.train_loss(), before);
    EXPECT_GT(s.test_accuracy(), 0.9);
}

TEST(PlaygroundSession, SameSeedSameWeights) {
    const Data train = xor_data(100, 5), test = xor_data(50, 6);
    auto run = [&](int seed) {
        Session s;
        s.configure(R"({"hidden": [5, 3], "activation": "relu", "optimizer": "momentum", "dropout": 0.2, "seed": )" +
                    std::to_string(seed) + "}");
        load(s, train, test);
        s.step(5);
        std::vector<float> all;
        for (std::size_t l = 0; l < 3; ++l) {
            const auto w = s.weights(l), b = s.biases(l);
            all.insert(all.end(), w.begin(), w.end());
            all.insert(all.end(), b.begin(), b.end());
        }
        return all;
    };
    EXPECT_EQ(run(7), run(7));
    EXPECT_NE(run(7), run(8));
}

TEST(PlaygroundSession, ConfigureStartsAFreshNetwork) {
    Session s;
    s.configure(R"({"seed": 4})");
    load(s, xor_data(50, 1), xor_data(20, 2));
    const auto w0 = s.weights(0);
    s.step(3);
    EXPECT_NE(s.weights(0), w0);
    s.configure(R"({"seed": 4})");
    EXPECT_EQ(s.epoch(), 0u);
    EXPECT_EQ(s.weights(0), w0);
}

TEST(PlaygroundSession, ExportedSpecPredictsTheSame) {
    for (const char* config : {R"({"hidden": [6, 4], "activation": "tanh", "dropout": 0.1})",
                               R"({"hidden": [5], "activation": "relu", "classes": 3})",
                               R"({"hidden": [3], "activation": "sigmoid", "problem": "regression"})"}) {
        Session s;
        s.configure(config);
        const bool three = std::string(config).find("classes") != std::string::npos;
        Data train = xor_data(60, 1), test = xor_data(30, 2);
        if (three)
            for (std::size_t i = 0; i < train.y.size(); ++i) train.y[i] = float(i % 3);
        if (three)
            for (std::size_t i = 0; i < test.y.size(); ++i) test.y[i] = float(i % 3);
        load(s, train, test);
        s.step(4);
        const std::string json = s.export_spec();
        const neurite::ModelSpec spec = neurite::parse_model_spec(json, "export");
        auto net = neurite::build_network<float>(spec);
        neurite::Matrix out(test.x.size() / 2, net.output_size());
        net.predict(neurite::MatrixView<const float>(test.x.data(), test.x.size() / 2, 2), out.view());
        const std::vector<float> mine = s.predict(test.x);
        ASSERT_EQ(mine.size(), out.size()) << config;
        for (std::size_t i = 0; i < mine.size(); ++i) EXPECT_NEAR(mine[i], out.flat()[i], 1e-6) << config;
    }
}

TEST(PlaygroundSession, BadConfigNamesTheKey) {
    Session s;
    EXPECT_NE(error_of([&] { s.configure(R"({"hiden": [3]})"); }).find("\"hiden\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"hidden": [3, -1]})"); }).find("hidden[1]"), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"hidden": 3})"); }).find("\"hidden\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"activation": "relux"})"); }).find("\"activation\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"optimizer": "adamx"})"); }).find("\"optimizer\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"learning_rate": -1})"); }).find("\"learning_rate\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"batch_size": 0})"); }).find("\"batch_size\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"regularization": "l3"})"); }).find("\"regularization\""),
              std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"dropout": 1})"); }).find("\"dropout\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"problem": "ranking"})"); }).find("\"problem\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"classes": 1})"); }).find("\"classes\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"seed": -2})"); }).find("\"seed\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.configure(R"({"hidden": [2], "activations": ["tanh", "relu"]})"); })
                  .find("\"activations\""),
              std::string::npos);
    EXPECT_NE(error_of([&] { s.configure("{nope"); }).find("not valid JSON"), std::string::npos);
    // A refused config leaves the session as it was.
    EXPECT_EQ(s.layer_sizes(), (std::vector<std::size_t>{2, 4, 2, 1}));
}

TEST(PlaygroundSession, BadDataIsRefused) {
    Session s;
    EXPECT_NE(error_of([&] { s.set_data({1, 2, 3}, {0}, {}, {}, 2); }).find("train_x"), std::string::npos);
    EXPECT_NE(error_of([&] { s.set_data({1, 2}, {0, 1}, {}, {}, 2); }).find("train_y"), std::string::npos);
    EXPECT_NE(error_of([&] { s.set_data({1, 2}, {2}, {}, {}, 2); }).find("train_y[0]"), std::string::npos);
    EXPECT_NE(error_of([&] { s.step(1); }).find("no training data"), std::string::npos);
    EXPECT_NE(error_of([&] { (void)s.weights(3); }).find("3 dense layers"), std::string::npos);
    EXPECT_NE(error_of([&] { (void)s.predict({1, 2, 3}); }).find("multiple"), std::string::npos);
}

// tune() changes the optimizer side of a running network: the epoch count
// and the weights stay, and training goes on from them.
TEST(PlaygroundSession, TuneKeepsTheRun) {
    const Data train = circle_data(200, 1), test = circle_data(50, 2);
    const std::string base = R"({"hidden": [8], "activation": "tanh", "seed": 5, "optimizer": "adam", )";
    Session s;
    s.configure(base + R"("learning_rate": 0.03, "batch_size": 10})");
    load(s, train, test);
    s.step(20);
    const double loss = s.train_loss();
    const auto w = s.weights(0);
    s.tune(base + R"("learning_rate": 0.003, "batch_size": 25, "regularization": "l2", "regularization_rate": 0.001})");
    EXPECT_EQ(s.epoch(), 20u);
    EXPECT_EQ(s.weights(0), w);
    EXPECT_EQ(s.train_loss(), loss);
    s.step(1);
    EXPECT_EQ(s.epoch(), 21u);
    EXPECT_LT(std::fabs(s.train_loss() - loss), 0.1) << "the loss jumped: it did not continue from " << loss;

    // The same settings applied twice give the same run as applying them
    // once: tune() with an unchanged optimizer keeps Adam's moments.
    Session a, b;
    for (Session* t : {&a, &b}) {
        t->configure(base + R"("learning_rate": 0.03})");
        load(*t, train, test);
        t->step(5);
    }
    b.tune(base + R"("learning_rate": 0.03})");
    a.step(3);
    b.step(3);
    EXPECT_EQ(a.weights(0), b.weights(0));

    // L2 switched on mid-run shrinks the weights from where they are.
    Session plain, l2;
    for (Session* t : {&plain, &l2}) {
        t->configure(R"({"hidden": [8], "seed": 3})");
        load(*t, train, test);
        t->step(10);
    }
    l2.tune(R"({"hidden": [8], "seed": 3, "regularization": "l2", "regularization_rate": 0.3})");
    plain.step(40);
    l2.step(40);
    auto norm = [](const std::vector<float>& v) {
        return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    };
    EXPECT_LT(norm(l2.weights(0)), 0.8 * norm(plain.weights(0)));

    // Another optimizer takes over the same weights.
    s.tune(base.substr(0, base.find("\"optimizer\"")) + R"("optimizer": "sgd", "learning_rate": 0.1})");
    EXPECT_EQ(s.epoch(), 21u);
    s.step(1);
    EXPECT_EQ(s.epoch(), 22u);
}

TEST(PlaygroundSession, TuneRefusesNetworkChanges) {
    Session s;
    s.configure(R"({"hidden": [4, 2], "seed": 1})");
    load(s, xor_data(50, 1), xor_data(20, 2));
    s.step(2);
    const auto w = s.weights(0);
    EXPECT_NE(error_of([&] { s.tune(R"({"hidden": [4], "seed": 1})"); }).find("\"hidden\" changes the network"),
              std::string::npos);
    EXPECT_NE(error_of([&] { s.tune(R"({"hidden": [4, 2], "seed": 2})"); }).find("\"seed\""), std::string::npos);
    EXPECT_NE(error_of([&] { s.tune(R"({"hidden": [4, 2], "seed": 1, "dropout": 0.5})"); }).find("\"dropout\""),
              std::string::npos);
    EXPECT_NE(error_of([&] { s.tune(R"({"hidden": [4, 2], "seed": 1, "learning_rate": -1})"); })
                  .find("\"learning_rate\""),
              std::string::npos);
    EXPECT_EQ(s.epoch(), 2u);
    EXPECT_EQ(s.weights(0), w);
}

TEST(PlaygroundSession, L1DrivesWeightsToZero) {
    const Data train = circle_data(200, 1), test = circle_data(50, 2);
    auto small_weights = [&](const char* reg) {
        Session s;
        s.configure(std::string(R"({"hidden": [8, 8], "activation": "tanh", "learning_rate": 0.03, "seed": 3,
                                    "regularization": ")") +
                    reg + R"(", "regularization_rate": 0.01})");
        load(s, train, test);
        s.step(100);
        std::size_t count = 0;
        for (std::size_t l = 0; l < 3; ++l)
            for (float w : s.weights(l)) count += std::fabs(w) < 0.01f;
        return count;
    };
    const std::size_t none = small_weights("none"), l1 = small_weights("l1");
    EXPECT_GT(l1, none + 10) << "none " << none << ", l1 " << l1;
    // L2 shrinks every weight, and leaves the biases alone.
    Session plain, l2;
    plain.configure(R"({"hidden": [8], "seed": 3})");
    l2.configure(R"({"hidden": [8], "seed": 3, "regularization": "l2", "regularization_rate": 0.3})");
    for (Session* s : {&plain, &l2}) {
        load(*s, train, test);
        s->step(50);
    }
    auto norm = [](const std::vector<float>& v) {
        return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    };
    EXPECT_LT(norm(l2.weights(0)), 0.8 * norm(plain.weights(0)));
}

TEST(PlaygroundSession, ThreeClassesWithSoftmax) {
    // Three sectors of the plane.
    auto sector = [](float a, float b) {
        const double angle = std::atan2(double(b), double(a)) + M_PI;  // [0, 2π]
        return float(std::min(2, int(angle / (2 * M_PI / 3))));
    };
    const Data train = points(450, 1, sector), test = points(150, 2, sector);
    Session s;
    s.configure(R"({"hidden": [10], "activation": "relu", "classes": 3, "optimizer": "adam",
                    "learning_rate": 0.02, "seed": 1})");
    load(s, train, test);
    s.step(100);
    EXPECT_GT(s.test_accuracy(), 0.9);
    EXPECT_EQ(s.layer_sizes(), (std::vector<std::size_t>{2, 10, 3}));
    const auto p = s.predict({0.5f, 0.5f});
    ASSERT_EQ(p.size(), 3u);
    EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-5);
    const auto c = s.confusion();
    ASSERT_EQ(c.size(), 9u);
    EXPECT_EQ(std::accumulate(c.begin(), c.end(), 0u), 150u);
    EXPECT_GT(c[0] + c[4] + c[8], 135u);
}

TEST(PlaygroundSession, Regression) {
    const Data train = points(300, 1, [](float a, float b) { return a * 0.5f - b * b; });
    const Data test = points(100, 2, [](float a, float b) { return a * 0.5f - b * b; });
    Session s;
    s.configure(R"({"hidden": [8], "activation": "tanh", "problem": "regression", "optimizer": "adam",
                    "learning_rate": 0.01})");
    load(s, train, test);
    const double before = s.test_loss();
    s.step(100);
    EXPECT_LT(s.test_loss(), 0.01);
    EXPECT_LT(s.test_loss(), before);
    EXPECT_TRUE(std::isnan(s.test_accuracy()));
    EXPECT_TRUE(s.confusion().empty());
}

TEST(PlaygroundSession, WhatThePageDraws) {
    Session s;
    s.configure(R"({"hidden": [3, 2], "activations": ["relu", "tanh"], "batch_size": 7})");
    const Data train = xor_data(50, 1), test = xor_data(40, 2);
    load(s, train, test);
    EXPECT_EQ(s.gradient_norms(), (std::vector<float>{0, 0, 0}));
    s.step(1);
    const auto g = s.gradient_norms();
    ASSERT_EQ(g.size(), 3u);  // one per dense layer
    for (float v : g) EXPECT_GT(v, 0.0f);
    EXPECT_EQ(s.weights(0).size(), 6u);
    EXPECT_EQ(s.weights(1).size(), 6u);
    EXPECT_EQ(s.weights(2).size(), 2u);
    EXPECT_EQ(s.biases(1).size(), 2u);
    const auto c = s.confusion();
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(std::accumulate(c.begin(), c.end(), 0u), 40u);
    EXPECT_NEAR(s.test_accuracy(), double(c[0] + c[3]) / 40.0, 1e-12);

    // Neuron outputs: layer after layer, rows × units; the last block is the prediction.
    const std::vector<float> x{0.3f, -0.2f, -0.9f, 0.8f};
    const auto n = s.neuron_outputs(x);
    ASSERT_EQ(n.size(), 2u * (3 + 2 + 1));
    for (std::size_t i = 0; i < 6; ++i) EXPECT_GE(n[i], 0.0f);  // relu
    const auto p = s.predict(x);
    EXPECT_FLOAT_EQ(n[10], p[0]);
    EXPECT_FLOAT_EQ(n[11], p[1]);
    // The first hidden layer by hand, from weights() and biases().
    const auto w = s.weights(0), b = s.biases(0);
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t u = 0; u < 3; ++u) {
            const float z = w[u * 2] * x[r * 2] + w[u * 2 + 1] * x[r * 2 + 1] + b[u];
            EXPECT_NEAR(n[r * 3 + u], std::max(0.0f, z), 1e-6);
        }
}

TEST(PlaygroundSession, MoreFeaturesRebuildTheNetwork) {
    Session s;
    s.set_data({1, 2, 3, 4, 5, 6}, {0, 1}, {1, 2, 3}, {1}, 3);
    EXPECT_EQ(s.layer_sizes(), (std::vector<std::size_t>{3, 4, 2, 1}));
    s.step(2);
    EXPECT_EQ(s.epoch(), 2u);
}
