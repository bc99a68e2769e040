#include "neurite/nn/sequential.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include <vector>

#include "neurite/core/error.hpp"
#include "neurite/nn/activation_layer.hpp"
#include "neurite/optim/optimizer.hpp"

namespace neurite {
namespace {

Matrix random_batch(std::size_t rows, std::size_t cols, Rng& rng) {
    Matrix m(rows, cols);
    for (auto& v : m.flat()) v = static_cast<float>(rng.uniform(-1, 1));
    return m;
}

Matrix one_hot_targets(std::size_t rows, std::size_t classes) {
    Matrix t(rows, classes, 0.0f);
    for (std::size_t r = 0; r < rows; ++r) t(r, (r * 7) % classes) = 1.0f;
    return t;
}

// Trains a small MLP with Adam for a few steps and returns its weights.
std::vector<float> train_small_mlp(std::uint64_t seed) {
    Sequential net(20);
    net.dense(32, Activation::relu).dropout(0.2).dense(16, Activation::tanh).dense(4).softmax();
    net.build();
    Rng rng(seed);
    net.init(rng);
    OptimizerConfig cfg;
    cfg.kind = OptimizerKind::adam;
    cfg.learning_rate = 1e-2;
    Optimizer opt(cfg, net.param_count());
    Rng data(99);
    const Matrix x = random_batch(64, 20, data);
    const Matrix t = one_hot_targets(64, 4);
    for (int step = 0; step < 20; ++step) {
        net.compute_gradients(x.view().rows(static_cast<std::size_t>(step % 4) * 16, 16),
                              t.view().rows(static_cast<std::size_t>(step % 4) * 16, 16),
                              Loss::categorical_cross_entropy);
        opt.step(net.params(), net.grads());
    }
    return {net.params().begin(), net.params().end()};
}

}  // namespace

TEST(Sequential, SameSeedGivesIdenticalWeightsAfterTraining) {
    const auto a = train_small_mlp(42);
    const auto b = train_small_mlp(42);
    const auto c = train_small_mlp(43);
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(a, b);  // bit-identical
    EXPECT_NE(a, c);
}

TEST(Sequential, OneFlatParameterBufferSharedWithLayers) {
    Sequential net(3);
    net.dense(4, Activation::relu).dense(2);
    net.build();
    EXPECT_EQ(net.param_count(), 3u * 4 + 4 + 4 * 2 + 2);
    EXPECT_EQ(net.param_offset(1), 16u);
    auto& d1 = static_cast<Dense<float>&>(net.layer(1));
    d1.bias()[1] = 5.0f;
    EXPECT_EQ(net.params()[16 + 8 + 1], 5.0f);
    net.params()[16] = -3.0f;
    EXPECT_EQ(d1.weights()(0, 0), -3.0f);
}

TEST(Sequential, FusedSoftmaxCrossEntropyMatchesTheLayerByLayerGradient) {
    Rng rng(8);
    Sequential fused(6);
    fused.dense(5, Activation::tanh).dense(3).softmax();
    fused.build();
    fused.init(rng);
    const Matrix x = random_batch(7, 6, rng);
    const Matrix t = one_hot_targets(7, 3);
    const double loss = fused.compute_gradients(x.view(), t.view(), Loss::categorical_cross_entropy);
    const std::vector<float> g1(fused.grads().begin(), fused.grads().end());

    // Same network, differentiated layer by layer through softmax's Jacobian.
    const auto out = fused.forward(x.view(), Phase::train);
    Matrix dout(7, 3);
    const double loss2 = loss_gradient<float>(Loss::categorical_cross_entropy, out, t.view(), dout.view());
    fused.backward(x.view(), dout.view());
    EXPECT_NEAR(loss, loss2, 1e-5);
    for (std::size_t i = 0; i < g1.size(); ++i) EXPECT_NEAR(g1[i], fused.grads()[i], 1e-5);
}

TEST(Sequential, CrossEntropyOnExtremeLogitsStaysFinite) {
    Sequential net(2);
    net.dense(2).softmax();
    net.build();
    auto& d = static_cast<Dense<float>&>(net.layer(0));
    d.weights()(0, 0) = 1000.0f;
    d.weights()(0, 1) = -1000.0f;
    const Matrix x(1, 2, {1.0f, 0.0f});
    const Matrix wrong(1, 2, {0.0f, 1.0f});
    const double loss = net.compute_gradients(x.view(), wrong.view(), Loss::categorical_cross_entropy);
    EXPECT_NEAR(loss, 2000.0, 1e-3);  // −log softmax = 2000, computed by log-sum-exp
    for (float g : net.grads()) EXPECT_TRUE(std::isfinite(g));
}

// Binary cross-entropy after a sigmoid, in both forms a spec can write it:
// {"dense": 1, "activation": "sigmoid"} and a Dense layer then a sigmoid
// layer. Both are differentiated as BCEWithLogitsLoss on z.
std::pair<Sequential, Sequential> sigmoid_nets(std::size_t inputs, std::size_t hidden, std::uint64_t seed) {
    Sequential in_layer(inputs), own_layer(inputs);
    if (hidden > 0) {
        in_layer.dense(hidden, Activation::tanh);
        own_layer.dense(hidden, Activation::tanh);
    }
    in_layer.dense(1, Activation::sigmoid);
    own_layer.dense(1).activation(Activation::sigmoid);
    in_layer.build();
    own_layer.build();
    Rng a(seed), b(seed);
    in_layer.init(a);
    own_layer.init(b);
    return {std::move(in_layer), std::move(own_layer)};
}

TEST(Sequential, SaturatedWrongSigmoidGetsTheLogitsGradientOnBothPaths) {
    // z = 40, y = 0: σ(z) is 1 in float, the clamped probability form gives
    // loss −log(1e-7) ≈ 16 and a zero gradient through σ'(z); the logits form
    // gives max(z, 0) − z·y + log(1 + e^−|z|) = 40 and ∂L/∂z = σ(z) − y = 1.
    auto [in_layer, own_layer] = sigmoid_nets(1, 0, 1);
    for (Sequential* net : {&in_layer, &own_layer}) {
        auto& d = static_cast<Dense<float>&>(net->layer(0));
        d.weights()(0, 0) = 0.5f;
        d.bias()[0] = 39.5f;
    }
    const Matrix x(1, 1, {1.0f});
    const Matrix y(1, 1, {0.0f});
    for (Sequential* net : {&in_layer, &own_layer}) {
        const double loss = net->compute_gradients(x.view(), y.view(), Loss::binary_cross_entropy);
        EXPECT_NEAR(loss, 40.0, 1e-12);
        EXPECT_EQ(net->grads()[0], 1.0f);  // ∂L/∂w = x·(σ(z) − y)
        EXPECT_EQ(net->grads()[1], 1.0f);  // ∂L/∂b = σ(z) − y
    }
    // The fused SGD step moves the same way: b ← 39.5 − 0.25·1.
    const double loss = in_layer.sgd_step(x.view(), y.view(), Loss::binary_cross_entropy, 0.25f);
    EXPECT_NEAR(loss, 40.0, 1e-12);
    EXPECT_EQ(static_cast<Dense<float>&>(in_layer.layer(0)).bias()[0], 39.25f);
}

TEST(Sequential, SigmoidInADenseLayerAndAsItsOwnLayerGiveTheSameBinaryCrossEntropy) {
    // A batch of 6 rows (the GEMM path, not the small-batch loops) with
    // outputs from saturated to moderate, right and wrong.
    auto [in_layer, own_layer] = sigmoid_nets(3, 4, 5);
    Rng rng(6);
    Matrix x = random_batch(6, 3, rng);
    for (Sequential* net : {&in_layer, &own_layer}) {
        auto& d = static_cast<Dense<float>&>(net->layer(1));
        for (std::size_t i = 0; i < 4; ++i) d.weights()(i, 0) = 12.0f * static_cast<float>(i % 2 == 0 ? 1 : -1);
    }
    const Matrix y(6, 1, {0, 1, 1, 0, 1, 0});
    const double a = in_layer.compute_gradients(x.view(), y.view(), Loss::binary_cross_entropy);
    const double b = own_layer.compute_gradients(x.view(), y.view(), Loss::binary_cross_entropy);
    EXPECT_NEAR(a, b, 1e-6 * std::max(1.0, std::abs(b)));
    ASSERT_EQ(in_layer.param_count(), own_layer.param_count());
    for (std::size_t i = 0; i < in_layer.param_count(); ++i) {
        EXPECT_TRUE(std::isfinite(in_layer.grads()[i])) << i;
        EXPECT_NEAR(in_layer.grads()[i], own_layer.grads()[i], 1e-5) << i;
    }
    // And the value is the logits form's, in double from z = x·W + b.
    const auto z_net = [&] {
        own_layer.forward(x.view(), Phase::train);
        return own_layer.activations(1);
    }();
    double want = 0.0;
    for (std::size_t r = 0; r < 6; ++r) {
        const double z = z_net(r, 0), t = y(r, 0);
        want += std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z)));
    }
    EXPECT_NEAR(a, want / 6.0, 1e-6 * want);
}

TEST(Sequential, LearnsXorWithPerSampleSgd) {
    const Matrix x(4, 2, {0, 0, 0, 1, 1, 0, 1, 1});
    const Matrix y(4, 1, {0, 1, 1, 0});
    Sequential net(2);
    net.dense(2, Activation::sigmoid).dense(1, Activation::sigmoid);
    net.build();
    Rng rng(1);  // 2-2-1 sigmoid nets fall into a local minimum from some starts; this one learns
    net.init(rng);
    OptimizerConfig cfg;
    cfg.learning_rate = 0.5;
    Optimizer opt(cfg, net.param_count());
    for (int epoch = 0; epoch < 3000; ++epoch)
        for (std::size_t i = 0; i < 4; ++i) {
            net.compute_gradients(x.view().rows(i, 1), y.view().rows(i, 1), Loss::mse);
            opt.step(net.params(), net.grads());
        }
    Matrix out(4, 1);
    net.predict(x.view(), out.view());
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(out(i, 0) > 0.5f, y(i, 0) > 0.5f) << "input " << i;
}

TEST(Sequential, PredictInChunksEqualsOneForward) {
    Rng rng(4);
    Sequential net(5);
    net.dense(7, Activation::relu).dense(3);
    net.build();
    net.init(rng);
    // Chunks of 4 and 4 rows take the same GEMM path as the whole batch, so
    // the results are identical; the last chunk of 2 rows takes the
    // matrix-vector loops, which sum in another order.
    const Matrix x = random_batch(10, 5, rng);
    Matrix chunked(10, 3);
    net.predict(x.view(), chunked.view(), 4);
    const Matrix whole(net.forward(x.view()));
    for (std::size_t i = 0; i < 8 * 3; ++i) EXPECT_FLOAT_EQ(chunked.flat()[i], whole.flat()[i]);
    for (std::size_t i = 8 * 3; i < whole.size(); ++i) EXPECT_NEAR(chunked.flat()[i], whole.flat()[i], 1e-6);
}

TEST(Sequential, MisuseGivesClearErrors) {
    Sequential net(3);
    EXPECT_THROW(net.build(), Error);  // no layers
    net.dense(2);
    Matrix x(1, 3);
    EXPECT_THROW(net.forward(x.view()), Error);  // not built
    net.build();
    EXPECT_THROW(net.dense(4), Error);  // after build
    Matrix t(1, 5);
    try {
        net.compute_gradients(x.view(), t.view(), Loss::mse);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "network: targets are 1×5 but the output is 1×2");
    }
    EXPECT_THROW(Sequential(0), Error);
}

}  // namespace neurite

namespace neurite {

TEST(Sequential, FusedSgdStepEqualsGradientsThenStep) {
    // 9 rows take the GEMM path, 2 rows the matrix-vector loops.
    for (std::size_t rows : {std::size_t{9}, std::size_t{2}})
    for (Loss loss : {Loss::categorical_cross_entropy, Loss::mse}) {
        Rng rng(21);
        SequentialD a(6), b(6);
        for (SequentialD* net : {&a, &b}) {
            net->dense(7, Activation::tanh).dense(5, Activation::relu).dense(3).softmax();
            net->build();
        }
        a.init(rng);
        std::copy(a.params().begin(), a.params().end(), b.params().begin());
        MatrixD x(rows, 6), t(rows, 3, 0.0);
        for (auto& v : x.flat()) v = rng.uniform(-1, 1);
        for (std::size_t r = 0; r < rows; ++r) t(r, r % 3) = 1.0;
        const double lr = 0.3;
        for (int step = 0; step < 3; ++step) {
            const double la = a.compute_gradients(x.view(), t.view(), loss);
            for (std::size_t i = 0; i < a.param_count(); ++i) a.params()[i] -= lr * a.grads()[i];
            const double lb = b.sgd_step(x.view(), t.view(), loss, lr);
            EXPECT_NEAR(la, lb, 1e-12);
        }
        for (std::size_t i = 0; i < a.param_count(); ++i) ASSERT_NEAR(a.params()[i], b.params()[i], 1e-12) << i;
    }
}

}  // namespace neurite
