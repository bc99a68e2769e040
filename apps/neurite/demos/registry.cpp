#include <cstdio>

#include "demo.hpp"
#include "neurite/core/atomic_file.hpp"

namespace neurite::cli {

void DemoContext::write_figure(const std::string& name, const std::string& text) const {
    const auto path = out_dir / name;
    write_file_atomic(path, text);
    std::printf("figure: %s\n", path.string().c_str());
}

const std::vector<DemoInfo>& all_demos() {
    static const std::vector<DemoInfo> demos = {
        {"mp-neuron", "McCulloch-Pitts neuron on the breast-cancer table: binarized inputs, best threshold b",
         demo_mp_neuron},
        {"perceptron", "Rosenblatt's rule learning AND, NAND, OR and the fruit example; XOR never converging",
         demo_perceptron},
        {"gates", "AND, NAND, OR with textbook weights; XOR as NAND+OR->AND and as a 2-2-1 step network",
         demo_gates},
        {"xor", "XOR learned by back-propagation in a 2-2-1 sigmoid network, with its decision map", demo_xor},
        {"backprop", "Back-propagation by hand through the textbook's 2-3-3-2 sigmoid network", demo_backprop},
        {"gradient-descent", "Gradient descent on f(x) = x^2 from x = 8 with learning rate 0.1",
         demo_gradient_descent},
        {"optimizers", "SGD, momentum, AdaGrad, RMSProp and Adam on f(x,y) = x^2/20 + y^2, on one contour plot",
         demo_optimizers},
        {"gradients", "Vanishing and exploding gradients: per-layer gradient norms of deep sigmoid/tanh/ReLU nets",
         demo_gradients},
        {"init", "Activation histograms per layer for init std 1, 0.01, Xavier and He", demo_init},
        {"activations", "Step, sigmoid, tanh, ReLU, LeakyReLU, ELU and their derivatives; softmax overflow",
         demo_activations},
        {"mnist-classic", "The classic 784-100-10 sigmoid network, MSE, per-sample SGD, one epoch on MNIST",
         demo_mnist_classic},
        {"init-mnist", "A 784-100x5-10 ReLU network on MNIST from init std 0.01, Xavier and He: loss curves",
         demo_init_mnist},
        {"optimizers-mnist", "SGD, momentum, AdaGrad, RMSProp, Adadelta and Adam on one deep MNIST network",
         demo_optimizers_mnist},
        {"overfitting", "A 784-100x6-10 MLP on 300 MNIST digits: train vs test accuracy, plain, weight decay, dropout",
         demo_overfitting},
        {"batch-size", "Batch sizes 1, 16, 64, 256 and full on 2048 MNIST digits: loss vs samples seen and vs time",
         demo_batch_size},
        {"regression", "Identity-output networks: sin(x) + noise fitted with MSE and MAE; iris petal width (RMSE, R\u00b2)",
         demo_regression},
    };
    return demos;
}

}  // namespace neurite::cli
