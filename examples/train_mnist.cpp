// Trains an MLP on MNIST with the library's training loop, the way
// `neurite train` does, and prints the test accuracy.
//
//   build/examples/train_mnist [DATA_DIR] [EPOCHS]     (default: data/mnist 5)
#include <cstdio>
#include <cstdlib>
#include <string>

#include <neurite/neurite.hpp>
#include <neurite/train/checkpoint.hpp>
#include <neurite/train/progress.hpp>
#include <neurite/train/trainer.hpp>

using namespace neurite;

int main(int argc, char** argv) try {
    const std::string dir = argc > 1 ? argv[1] : "data/mnist";
    const std::size_t epochs = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 5;

    Dataset train = load_mnist(dir, "train"), test = load_mnist(dir, "test");
    const Preprocessing pixels = fit_fixed_range(784, 0, 255, 0, 1);  // 0..255 → 0..1
    pixels.apply(train.features);
    pixels.apply(test.features);

    Sequential net(784);
    net.dense(256, Activation::relu).dense(128, Activation::relu).dense(10).softmax();
    net.build();
    Rng rng(42);
    net.init(rng);

    TrainConfig config;  // Adam 1e-3, batch 64, softmax cross-entropy
    config.epochs = epochs;
    Trainer trainer(net, config);
    ProgressPrinter progress(stdout, false);
    trainer.add_callback(progress);
    CheckpointWriter checkpoints(trainer, "mnist_checkpoint.nrm");  // every epoch; Trainer::resume_from reads it
    trainer.fit(train);

    const Evaluation result = evaluate(net, test, config.loss);
    std::printf("test accuracy: %.2f%%\n", 100.0 * result.accuracy);
    save_model_file("mnist.nrm", model_file_of(net, pixels));
    return result.accuracy > 0.9 ? 0 : 1;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
