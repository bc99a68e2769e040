#include "neurite/nn/dense.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "neurite/core/error.hpp"
#include "neurite/kernels/backend.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite {
namespace {

class DenseBackends : public ::testing::Test {
protected:
    void TearDown() override { set_backend(have_onednn() ? Backend::onednn : Backend::portable); }
};

}  // namespace

TEST_F(DenseBackends, FusedOneDnnMatchesPortableForEveryActivation) {
    if (!have_onednn()) GTEST_SKIP() << "built without oneDNN";
    for (Activation a : {Activation::identity, Activation::step, Activation::step_strict, Activation::sigmoid,
                         Activation::tanh, Activation::relu, Activation::leaky_relu, Activation::elu}) {
        Sequential net(33);
        net.dense(17, a);
        net.build();
        Rng rng(2);
        net.init(rng);
        for (auto& b : static_cast<Dense<float>&>(net.layer(0)).bias()) b = static_cast<float>(rng.uniform(-1, 1));
        Matrix x(9, 33);
        for (auto& v : x.flat()) v = static_cast<float>(rng.uniform(-2, 2));
        set_backend(Backend::onednn);
        const Matrix fused(net.forward(x.view()));
        set_backend(Backend::portable);
        const Matrix portable(net.forward(x.view()));
        for (std::size_t i = 0; i < fused.size(); ++i)
            ASSERT_NEAR(fused.flat()[i], portable.flat()[i], 2e-5) << to_string(a) << " element " << i;
    }
}

TEST_F(DenseBackends, StepConventionsAtZeroNetInputOnEveryPath) {
    // w = (1, −1), b = 0: the fruits (1, 1) and (−1, −1) both have net input
    // exactly 0, so step gives 1 and step_strict 0, whether the product is a
    // small-batch loop (2 rows) or a GEMM (8 rows), with either backend.
    for (Backend backend : {Backend::portable, Backend::onednn}) {
        if (backend == Backend::onednn && !have_onednn()) continue;
        set_backend(backend);
        for (std::size_t rows : {2u, 8u}) {
            Matrix x(rows, 2);
            for (std::size_t r = 0; r < rows; ++r) x(r, 0) = x(r, 1) = r % 2 == 0 ? 1.0f : -1.0f;
            for (Activation a : {Activation::step, Activation::step_strict}) {
                Sequential net(2);
                net.dense(1, a);
                net.build();
                auto& dense = static_cast<Dense<float>&>(net.layer(0));
                dense.weights()(0, 0) = 1.0f;
                dense.weights()(1, 0) = -1.0f;
                const MatrixView<const float> y = net.forward(x.view());
                const float expected = a == Activation::step ? 1.0f : 0.0f;
                for (std::size_t r = 0; r < rows; ++r)
                    EXPECT_EQ(y(r, 0), expected) << to_string(a) << ", " << rows << " rows, row " << r;
            }
        }
    }
}

TEST(Dense, SmallBatchLoopsMatchTheGemmPath) {
    // Up to 3 rows take matrix-vector loops, more rows the GEMM path (oneDNN
    // or portable). The same 3 rows twice over have the same mean loss and so
    // the same gradient, computed the other way.
    Sequential net(40);
    net.dense(24, Activation::elu).dense(5);
    net.build();
    Rng rng(6);
    net.init(rng);
    Matrix x(3, 40), twice(6, 40), t(3, 5), t_twice(6, 5);
    for (auto& v : x.flat()) v = rng.uniform() < 0.3 ? 0.0f : static_cast<float>(rng.uniform(-1, 1));
    for (auto& v : t.flat()) v = static_cast<float>(rng.uniform());
    for (std::size_t r = 0; r < 6; ++r) {
        std::copy(x.row(r % 3).begin(), x.row(r % 3).end(), twice.row(r).begin());
        std::copy(t.row(r % 3).begin(), t.row(r % 3).end(), t_twice.row(r).begin());
    }
    const Matrix out_twice(net.forward(twice.view()));
    const Matrix out_small(net.forward(x.view()));
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t j = 0; j < 5; ++j) ASSERT_NEAR(out_small(r, j), out_twice(r, j), 1e-5);
    net.compute_gradients(x.view(), t.view(), Loss::mse);
    const std::vector<float> g_small(net.grads().begin(), net.grads().end());
    net.compute_gradients(twice.view(), t_twice.view(), Loss::mse);
    for (std::size_t i = 0; i < g_small.size(); ++i) ASSERT_NEAR(g_small[i], net.grads()[i], 1e-5) << i;
}

TEST(Dense, ComputesTheTextbookForwardPass) {
    // Inputs (0.2, 0.5) through the first layer of the textbook's 2-3-3-2
    // sigmoid network: f(0.2·(−0.43) + 0.5·(−0.37)) ≈ 0.43 and so on.
    Sequential net(2);
    net.dense(3, Activation::sigmoid);
    net.build();
    auto& d = static_cast<Dense<float>&>(net.layer(0));
    // weights()(input, unit)
    d.weights()(0, 0) = -0.43f; d.weights()(1, 0) = -0.37f;
    d.weights()(0, 1) = 0.04f;  d.weights()(1, 1) = 0.40f;
    d.weights()(0, 2) = 0.04f;  d.weights()(1, 2) = 0.40f;
    const Matrix x(1, 2, {0.2f, 0.5f});
    const auto y = net.forward(x.view());
    EXPECT_NEAR(y(0, 0), 0.43, 0.005);
    EXPECT_NEAR(y(0, 1), 0.55, 0.005);
}

TEST(Dense, InputWidthMismatchIsAnError) {
    Sequential net(4);
    net.dense(2);
    net.build();
    Matrix x(3, 5);
    try {
        net.forward(x.view());
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "network: input has 5 columns but the model expects 4");
    }
}

TEST(Dense, ZeroUnitsAndSoftmaxFusionAreRejected) {
    EXPECT_THROW(Dense<float>(0), Error);
    EXPECT_THROW(Dense<float>(3, Activation::softmax), Error);
}

TEST(Dense, DefaultInitializationDependsOnActivation) {
    // He for ReLU (bound √(6/fan_in)), Xavier otherwise (√(6/(fan_in+fan_out))).
    Sequential net(600);
    net.dense(200, Activation::relu).dense(200, Activation::tanh);
    net.build();
    Rng rng(1);
    net.init(rng);
    auto max_abs = [](MatrixView<const float> w) {
        float m = 0;
        for (std::size_t r = 0; r < w.rows(); ++r)
            for (float v : w.row(r)) m = std::max(m, std::abs(v));
        return m;
    };
    const float he = max_abs(static_cast<Dense<float>&>(net.layer(0)).weights());
    const float xavier = max_abs(static_cast<Dense<float>&>(net.layer(1)).weights());
    EXPECT_NEAR(he, std::sqrt(6.0 / 600), 0.002);
    EXPECT_NEAR(xavier, std::sqrt(6.0 / 400), 0.002);
    for (float b : static_cast<Dense<float>&>(net.layer(0)).bias()) EXPECT_EQ(b, 0.0f);
}

}  // namespace neurite
