// The demonstrations behind `neurite demo NAME`. Each prints its numbers on
// stdout and writes its figures (SVG) into ctx.out_dir, naming each file it
// wrote. The computations live in the library; a demo only runs and shows them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace neurite::cli {

struct DemoContext {
    std::filesystem::path out_dir;     // where figures go (created on demand)
    std::filesystem::path data_root;   // folder with mnist/ and sklearn/
    std::uint64_t seed = 1;
    std::optional<std::size_t> epochs;  // overrides the demo's default when set
    std::optional<double> learning_rate;
    bool trace = false;                 // print every step (perceptron)

    // Writes `text` to out_dir/name atomically and prints "figure: PATH".
    void write_figure(const std::string& name, const std::string& text) const;
};

struct DemoInfo {
    const char* name;
    const char* summary;  // one line, shown by neurite demo --list
    // Returns the process exit code (0 when the demo showed what it should).
    int (*run)(const DemoContext&);
};

// Every demo, in the order --list shows them.
const std::vector<DemoInfo>& all_demos();

// One function per demo, each in its own file under demos/.
int demo_mp_neuron(const DemoContext&);
int demo_perceptron(const DemoContext&);
int demo_gates(const DemoContext&);
int demo_xor(const DemoContext&);
int demo_backprop(const DemoContext&);
int demo_gradient_descent(const DemoContext&);
int demo_optimizers(const DemoContext&);
int demo_gradients(const DemoContext&);
int demo_init(const DemoContext&);
int demo_activations(const DemoContext&);
int demo_mnist_classic(const DemoContext&);
int demo_init_mnist(const DemoContext&);
int demo_optimizers_mnist(const DemoContext&);
int demo_overfitting(const DemoContext&);
int demo_batch_size(const DemoContext&);
int demo_regression(const DemoContext&);

}  // namespace neurite::cli
