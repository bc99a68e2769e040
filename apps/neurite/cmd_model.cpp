// neurite predict / neurite summary: run and describe a network given as a
// JSON model spec or a model file written by neurite train.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "flags.hpp"
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
    bool layers = false;
};

// Inputs from a CSV file, or from an IDX file (one item per row).
Matrix read_inputs(const std::string& path) {
    const auto ext = std::filesystem::path(path).extension().string();
    const bool idx = ext == ".idx" || path.find("-ubyte") != std::string::npos || ext == ".idx3" || ext == ".idx1";
    if (idx) return read_idx(path).as_matrix();
    return read_csv(path).values;
}

// The values of a row, comma-separated, with `precision` significant digits.
void write_values(std::ostream& out, std::span<const float> values, int precision, bool first = true) {
    char buf[64];
    for (const float v : values) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(v));
        if (!first) out << ',';
        out << buf;
        first = false;
    }
}

void write_rows(std::ostream& out, MatrixView<const float> m, int precision) {
    for (std::size_t r = 0; r < m.rows(); ++r) {
        write_values(out, m.row(r), precision);
        out << '\n';
    }
}

void write_outputs(std::ostream& out, Sequential& net, MatrixView<const float> inputs, const ModelArgs& args) {
    Matrix outputs(inputs.rows(), net.output_size());
    net.predict(inputs, outputs);
    if (args.classes) {
        const auto cls = classes_of(outputs.view());
        outputs.resize(cls.size(), 1);
        for (std::size_t i = 0; i < cls.size(); ++i) outputs(i, 0) = static_cast<float>(cls[i]);
    }
    write_rows(out, outputs, args.precision);
}

// --layers: a header naming every unit of every layer, then per input row
// the outputs of all layers in order, the network's outputs last (and its
// class with --classes). A layer's columns are its kind and its index, as
// `neurite summary` numbers the layers, and the unit from 1: dense0.h1,
// dense0.h2, …; the last layer's are out.y1, out.y2, … (docs/predict.md).
std::string layers_header(const Sequential& net, bool classes) {
    std::string header;
    for (std::size_t i = 0; i < net.size(); ++i) {
        const bool last = i + 1 == net.size();
        const std::string prefix = last ? std::string("out.y") : cat(net.layer(i).type(), i, ".h");
        for (std::size_t u = 1; u <= net.layer_output_size(i); ++u) header += cat(header.empty() ? "" : ",", prefix, u);
    }
    return classes ? header + ",class" : header;
}

void write_layers(std::ostream& out, Sequential& net, MatrixView<const float> inputs, const ModelArgs& args) {
    out << layers_header(net, args.classes) << '\n';
    // In chunks, as Sequential::predict runs, so the layers' buffers stay small.
    constexpr std::size_t kChunk = 1024;
    for (std::size_t first = 0; first < inputs.rows(); first += kChunk) {
        const std::size_t count = std::min(kChunk, inputs.rows() - first);
        const MatrixView<const float> y = net.forward(inputs.rows(first, count));
        const std::vector<std::int32_t> cls = args.classes ? classes_of(y) : std::vector<std::int32_t>{};
        for (std::size_t r = 0; r < count; ++r) {
            for (std::size_t i = 0; i < net.size(); ++i)
                write_values(out, net.activations(i).row(r), args.precision, i == 0);
            if (args.classes) out << ',' << cls[r];
            out << '\n';
        }
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
    const auto write = [&](std::ostream& out) {
        if (args.layers) {
            write_layers(out, net, inputs, args);
        } else {
            write_outputs(out, net, inputs, args);
        }
    };
    if (args.output.empty()) {
        write(std::cout);
        return;
    }
    // Written atomically (temporary file, flushed, renamed), so a reader
    // never sees half a file, not even after a crash.
    std::ostringstream text;
    write(text);
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
    cmd->add_option("-m,--model", args->model, "Model file (from neurite train), JSON model spec, or ONNX file (.onnx)")->required();
    cmd->add_option("-i,--input", args->input, "CSV file (one sample per row) or IDX file (one item per row)")->required();
    cmd->add_flag("--classes", args->classes,
                  "Print the predicted class of each row instead of the outputs (with --layers: after them)");
    cmd->add_flag("--layers", args->layers,
                  "Print every layer's outputs (hidden units too), with a header row: dense0.h1,...,out.y1");
    cmd->add_option("-o,--output", args->output, "Write the outputs to this CSV file instead of stdout");
    cmd->add_option("--digits", args->precision, "Significant digits printed (default 6)")->check(CLI::Range(1, 17));
    // --precision is the arithmetic, as for train and eval; a number there is
    // the digits, as it was before bf16.
    cmd->add_option_function<std::string>(
        "--precision",
        [args](const std::string& value) {
            if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) {
                const int digits = value.size() > 2 ? 0 : std::stoi(value);
                if (digits < 1 || digits > 17) fail("--precision ", value, ": digits are 1 to 17 (--digits)");
                args->precision = digits;
            } else {
                use_precision(value);
            }
        },
        std::string(kPrecisionHelp) + "; a number: --digits");
    cmd->callback([args] { run_predict(*args); });
}

void add_summary(CLI::App& app) {
    auto args = std::make_shared<ModelArgs>();
    auto* cmd = app.add_subcommand("summary", "Print a model's layers, output shapes and parameter counts");
    cmd->add_option("-m,--model", args->model, "Model file, JSON model spec, or ONNX file (.onnx)")->required();
    cmd->callback([args] { run_summary(*args); });
}

}  // namespace neurite::cli
