// neurite predict / neurite summary: run and describe a network given as a
// JSON model spec or a model file written by neurite train.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "model_source.hpp"
#include "neurite/core/atomic_file.hpp"
#include "neurite/core/error.hpp"
#include "neurite/data/csv.hpp"
#include "neurite/data/idx.hpp"
#include "neurite/io/model_file.hpp"
#include "neurite/io/model_spec.hpp"
#include "neurite/train/metrics.hpp"
#include "neurite/nn/sequential.hpp"

namespace neurite::cli {
namespace {

struct ModelArgs {
    std::string model;
    std::string input;
    std::string output;
    int precision = 6;
    bool classes = false;
};

// Inputs from a CSV file, or from an IDX file (one item per row).
Matrix read_inputs(const std::string& path) {
    const auto ext = std::filesystem::path(path).extension().string();
    const bool idx = ext == ".idx" || path.find("-ubyte") != std::string::npos || ext == ".idx3" || ext == ".idx1";
    if (idx) return read_idx(path).as_matrix();
    return read_csv(path).values;
}

void write_rows(std::ostream& out, MatrixView<const float> m, int precision) {
    char buf[64];
    for (std::size_t r = 0; r < m.rows(); ++r) {
        for (std::size_t c = 0; c < m.cols(); ++c) {
            std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(m(r, c)));
            if (c) out << ',';
            out << buf;
        }
        out << '\n';
    }
}

void run_predict(const ModelArgs& args) {
    LoadedModel m = load_any_model(args.model);
    Sequential& net = m.net;
    Matrix inputs = read_inputs(args.input);
    if (inputs.cols() != net.input_size())
        fail(args.input, ": rows have ", inputs.cols(), " columns but the model ", args.model, " expects ",
             net.input_size(), " inputs");
    m.preprocessing.apply(inputs.view());
    Matrix out(inputs.rows(), net.output_size());
    net.predict(inputs, out);
    if (args.classes) {
        const auto cls = out.cols() == 1 ? predicted_classes(out.view()) : argmax_rows(out.view());
        out.resize(cls.size(), 1);
        for (std::size_t i = 0; i < cls.size(); ++i) out(i, 0) = static_cast<float>(cls[i]);
    }
    if (args.output.empty()) {
        write_rows(std::cout, out, args.precision);
        return;
    }
    // Written atomically (temporary file, flushed, renamed), so a reader
    // never sees half a file, not even after a crash.
    std::ostringstream text;
    write_rows(text, out, args.precision);
    write_file_atomic(args.output, text.str());
}

void run_summary(const ModelArgs& args) {
    Sequential net = load_any_model(args.model).net;
    std::printf("model %s\n", args.model.c_str());
    std::printf("  %-3s %-28s %-14s %12s\n", "#", "layer", "output shape", "parameters");
    std::printf("  %-3s %-28s %-14s %12s\n", "", "input", ("(batch, " + std::to_string(net.input_size()) + ")").c_str(),
                "");
    for (std::size_t i = 0; i < net.size(); ++i) {
        const std::size_t in = i == 0 ? net.input_size() : net.layer_output_size(i - 1);
        const std::string shape = "(batch, " + std::to_string(net.layer_output_size(i)) + ")";
        std::printf("  %-3zu %-28s %-14s %12zu\n", i, net.layer(i).describe().c_str(), shape.c_str(),
                    net.layer(i).param_count(in));
    }
    std::printf("  total parameters: %zu\n", net.param_count());
}

}  // namespace

void add_predict(CLI::App& app) {
    auto args = std::make_shared<ModelArgs>();
    auto* cmd = app.add_subcommand("predict", "Run a model on the rows of a CSV file; prints one output row per input row");
    cmd->add_option("-m,--model", args->model, "Model file (from neurite train) or JSON model spec")->required();
    cmd->add_option("-i,--input", args->input, "CSV file (one sample per row) or IDX file (one item per row)")->required();
    cmd->add_flag("--classes", args->classes, "Print the predicted class of each row instead of the outputs");
    cmd->add_option("-o,--output", args->output, "Write the outputs to this CSV file instead of stdout");
    cmd->add_option("--precision", args->precision, "Significant digits printed")->check(CLI::Range(1, 17));
    cmd->callback([args] { run_predict(*args); });
}

void add_summary(CLI::App& app) {
    auto args = std::make_shared<ModelArgs>();
    auto* cmd = app.add_subcommand("summary", "Print a model's layers, output shapes and parameter counts");
    cmd->add_option("-m,--model", args->model, "Model file or JSON model spec")->required();
    cmd->callback([args] { run_summary(*args); });
}

}  // namespace neurite::cli
