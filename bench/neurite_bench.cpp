// The neurite side of the benchmark (bench/run.sh runs it next to
// bench/torch_bench.py and bench/onnxruntime.mjs). Prints one JSON object per line:
//   {"case": "...", "value": ..., "unit": "...", "onednn_exec": [...]}
// and first a line that describes the machine, {"case": "environment",
// "value": null, ...}: the CPU's model and its vector-instruction flags from
// /proc/cpuinfo, oneDNN's version and the ISA it dispatches to
// (dnnl_get_effective_cpu_isa).
//
// "onednn_exec" lists, for each case, the distinct "primitive implementation"
// pairs (e.g. "matmul brg:avx512_core") that oneDNN's verbose mode reports
// during one untimed call of the case (see onednn_probe); an empty list means
// no oneDNN primitive ran (batches of up to 3 rows take neurite's own loops).
// oneDNN 2.6 does not report dnnl_sgemm in verbose mode, so the GEMMs of the
// backward pass (src/kernels/gemm.cpp) do not appear there; they run oneDNN's
// jit GEMM for the ISA in the environment line.
//
//   neurite_bench [--data DIR] [--seconds S] [--cases train,big,bf16,inference,time98,classic,peak,model]
//                 [--model FILE.nrm]
//
// With --model, the case "model" times inference of that trained model file
// the way bench/onnxruntime.mjs times its ONNX export: raw MNIST test pixels
// in, the stored input scaling applied, the network run; the median of the
// per-call times (see model_cases).
#include <immintrin.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>
#endif

#include <neurite/neurite.hpp>
#include <neurite/data/batches.hpp>
#include <neurite/train/epoch.hpp>
#include <neurite/train/step.hpp>

using namespace neurite;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    return out + "\"";
}

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_string(items[i]);
    return out + "]";
}

// What the last onednn_probe saw; the next emit writes it and clears it.
std::optional<std::vector<std::string>> probed;

void emit(const std::string& name, double value, const char* unit, const std::string& extra = "") {
    std::string exec;
    if (probed) exec = ", \"onednn_exec\": " + json_list(*probed);
    probed.reset();
    std::printf("{\"case\": \"%s\", \"value\": %.6g, \"unit\": \"%s\"%s%s}\n", name.c_str(), value, unit,
                extra.c_str(), exec.c_str());
    std::fflush(stdout);
}

// Runs `call` once, untimed, with oneDNN's verbose mode on, and keeps the
// distinct "primitive implementation" pairs of the exec lines it printed
// for the next emit. oneDNN prints those lines to stdout, so stdout is sent
// to a temporary file for the call and read back: one call per case costs
// little and keeps the timed loops free of verbose output, and the lines
// are those of this case alone, which a second verbose run of the whole
// program (its training cases would run for minutes with every call
// printed) could only split by position. Without oneDNN it just calls.
template <class Call>
void onednn_probe(Call&& call) {
#ifdef NEURITE_HAVE_ONEDNN
    std::fflush(stdout);
    std::FILE* capture = std::tmpfile();
    const int saved = capture ? dup(STDOUT_FILENO) : -1;
    if (saved < 0 || dup2(fileno(capture), STDOUT_FILENO) < 0) fail("onednn_probe: cannot redirect stdout");
    dnnl_set_verbose(1);
    call();
    std::fflush(stdout);
    dnnl_set_verbose(0);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    std::rewind(capture);
    std::set<std::string> seen;
    char line[4096];
    while (std::fgets(line, sizeof line, capture)) {
        // onednn_verbose,exec,ENGINE,PRIMITIVE,IMPLEMENTATION,... (dnnl_verbose before 2.5)
        std::vector<std::string> field;
        std::stringstream in(line);
        for (std::string f; field.size() < 5 && std::getline(in, f, ',');) field.push_back(f);
        if (field.size() == 5 && field[0].ends_with("_verbose") && field[1] == "exec") seen.insert(field[3] + " " + field[4]);
    }
    std::fclose(capture);
    probed = std::vector<std::string>(seen.begin(), seen.end());
#else
    call();
#endif
}

// The machine's line: the CPU, the flags of its vector instructions that
// matter to float GEMMs, and what oneDNN makes of it.
void emit_environment() {
    std::string model, flags;
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line) && (model.empty() || flags.empty());) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        const std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        if (key == "model name" && model.empty()) model = value;
        if (key == "flags" && flags.empty()) flags = value;
    }
    std::vector<std::string> wanted;
    std::stringstream in(flags);
    for (std::string f; in >> f;)
        if (f == "fma" || f == "f16c" || f.starts_with("avx") || f.starts_with("amx")) wanted.push_back(f);
    std::string extra = ", \"cpu\": " + json_string(model) + ", \"cpu_flags\": " + json_list(wanted) +
                        ", \"threads\": " + std::to_string(omp_get_max_threads());
#ifdef NEURITE_HAVE_ONEDNN
    const dnnl_version_t* v = dnnl_version();
    extra += ", \"onednn\": \"" + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
             std::to_string(v->patch) + "\", \"onednn_isa\": " + json_string(dnnl_cpu_isa2str(dnnl_get_effective_cpu_isa()));
#else
    extra += ", \"onednn\": null";
#endif
    std::printf("{\"case\": \"environment\", \"value\": null, \"unit\": \"\"%s}\n", extra.c_str());
    std::fflush(stdout);
}

Sequential mlp(const std::vector<std::size_t>& sizes, std::uint64_t seed) {
    Sequential net(sizes.front());
    for (std::size_t i = 1; i + 1 < sizes.size(); ++i) net.dense(sizes[i], Activation::relu);
    net.dense(sizes.back()).softmax();
    net.build();
    Rng rng(seed);
    net.init(rng);
    return net;
}

// Steps on consecutive slices of the training set, taken in place (no
// gathering, as torch_bench.py slices its tensors): the step's own speed.
double train_throughput(const Dataset& data, const std::vector<std::size_t>& sizes, std::size_t batch,
                        OptimizerKind kind, double seconds) {
    Sequential net = mlp(sizes, 1);
    const double lr = kind == OptimizerKind::sgd ? 0.01 : 1e-3;
    Optimizer opt({.kind = kind, .learning_rate = lr}, net.param_count());
    TrainStep train(net, opt, Loss::categorical_cross_entropy);
    const std::size_t n = data.size() - batch;
    auto step = [&](std::size_t i) {
        const std::size_t off = (i * batch) % n;
        train.run(data.features.view().rows(off, batch), data.targets.view().rows(off, batch), lr);
    };
    onednn_probe([&] { step(0); });
    for (std::size_t i = 1; i < 5; ++i) step(i);
    std::size_t steps = 0;
    const auto start = Clock::now();
    do {
        for (int k = 0; k < 10; ++k) step(steps++);
    } while (since(start) < seconds);
    return static_cast<double>(steps * batch) / since(start);
}

double inference_seconds(const Dataset& data, std::size_t batch, double seconds) {
    Sequential net = mlp({784, 256, 128, 10}, 1);
    const auto x = data.features.view().rows(0, batch);
    onednn_probe([&] { net.forward(x); });
    for (int i = 1; i < 20; ++i) net.forward(x);
    std::size_t calls = 0;
    const auto start = Clock::now();
    do {
        for (int k = 0; k < 50; ++k, ++calls) net.forward(x);
    } while (since(start) < seconds);
    return since(start) / static_cast<double>(calls);
}

// Calls `call` 20 times, then times every call until `seconds` have passed
// (and at least 20 calls); returns the median seconds per call, which a
// moment of other load on the machine barely moves.
template <class Call>
double median_call_seconds(Call&& call, double seconds) {
    for (int i = 0; i < 20; ++i) call();
    std::vector<double> times;
    times.reserve(1 << 16);
    const auto start = Clock::now();
    while (times.size() < 20 || since(start) < seconds) {
        const auto t = Clock::now();
        call();
        times.push_back(since(t));
    }
    auto mid = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
    std::nth_element(times.begin(), mid, times.end());
    return *mid;
}

// A trained model file run as `neurite predict` runs it and as its ONNX export
// runs in onnxruntime: each call copies the raw rows (the ONNX graph's Sub
// makes a new tensor from its input too), applies the stored scaling and runs
// the network. The same cases as bench/onnxruntime.mjs, on the same rows:
// the first test digit (batch 1), that digit with 0.5 added to every pixel so
// no input is zero (neurite's batch-1 loop skips zero inputs, onnxruntime's
// GEMM does not), and the first 1,000 test digits.
void model_cases(const std::string& path, const Dataset& raw_test, double seconds) {
    const ModelFile file = load_model_file(path);
    Sequential net = network_of(file);
    const Preprocessing& pre = file.preprocessing;
    if (net.input_size() != raw_test.features.cols())
        fail(path, ": the model takes ", net.input_size(), " inputs, MNIST has ", raw_test.features.cols());
    auto run_on = [&](MatrixView<const float> rows) {
        Matrix scratch(rows.rows(), rows.cols());
        const auto call = [&] {
            for (std::size_t r = 0; r < rows.rows(); ++r) std::copy_n(rows.row(r).data(), rows.cols(), scratch.row(r).data());
            pre.apply(scratch.view());
            net.forward(scratch.view());
        };
        onednn_probe(call);
        return median_call_seconds(call, seconds);
    };
    emit("model b1 latency", run_on(raw_test.features.view().rows(0, 1)) * 1e6, "us");
    Matrix dense(raw_test.features.view().rows(0, 1));
    for (float& v : dense.flat()) v += 0.5f;
    emit("model b1 latency, no zero inputs", run_on(dense.view()) * 1e6, "us");
    emit("model b1000", 1000.0 / run_on(raw_test.features.view().rows(0, 1000)), "samples/s");
}

// Adam 1e-3, batch 64, shuffled, test accuracy after every epoch.
void time_to_98(const Dataset& train, const Dataset& test, std::uint64_t seed) {
    Sequential net = mlp({784, 256, 128, 10}, seed);
    const double lr = 1e-3;
    Optimizer opt({.kind = OptimizerKind::adam, .learning_rate = lr}, net.param_count());
    TrainStep step(net, opt, Loss::categorical_cross_entropy);
    Rng rng(seed);
    BatchIterator batches(train, 64, &rng);
    {  // one step and one evaluation of a copy of the network, untimed
        Sequential other = mlp({784, 256, 128, 10}, seed);
        Optimizer other_opt({.kind = OptimizerKind::adam, .learning_rate = lr}, other.param_count());
        TrainStep other_step(other, other_opt, Loss::categorical_cross_entropy);
        onednn_probe([&] {
            other_step.run(train.features.view().rows(0, 64), train.targets.view().rows(0, 64), lr);
            evaluate(other, test, Loss::categorical_cross_entropy);
        });
    }
    double acc = 0;
    const auto start = Clock::now();
    for (std::size_t epoch = 1; epoch <= 30; ++epoch) {
        const EpochResult r = run_epoch(step, batches, lr);
        if (r.diverged) fail("time to 98%: training diverged at epoch ", epoch);
        acc = evaluate(net, test, Loss::categorical_cross_entropy).accuracy;
        if (acc >= 0.98) {
            emit("time to 98%", since(start), "s",
                 ", \"seed\": " + std::to_string(seed) + ", \"epochs\": " + std::to_string(epoch) +
                     ", \"accuracy\": " + std::to_string(acc));
            return;
        }
    }
    emit("time to 98%", NAN, "s", ", \"seed\": " + std::to_string(seed) + ", \"accuracy\": " + std::to_string(acc));
}

// The classic per-sample network: 784-100-10 sigmoid, squared error, inputs
// in [0.01, 1], targets 0.01/0.99, one epoch in file order. The from-scratch
// NumPy peer steps 0.1 on a hidden error without the output slope; neurite
// takes exact gradient steps, and at the classic rate 0.3 (5 × 0.3 with its
// MSE, which averages over the 10 outputs) reaches the peer's accuracy.
void classic(const std::string& data_dir) {
    Dataset train = load_mnist(data_dir, "train"), test = load_mnist(data_dir, "test");
    prepare_classic_mnist(train);
    prepare_classic_mnist(test);
    Sequential net = classic_mnist_network(1);
    const double lr = classic_sgd_rate(0.3);
    Optimizer sgd({.kind = OptimizerKind::sgd, .learning_rate = lr}, net.param_count());
    TrainStep step(net, sgd, Loss::mse);
    BatchIterator samples(train, 1, nullptr);  // file order
    {  // one step of a copy of the network, untimed
        Sequential other = classic_mnist_network(1);
        Optimizer other_sgd({.kind = OptimizerKind::sgd, .learning_rate = lr}, other.param_count());
        TrainStep other_step(other, other_sgd, Loss::mse);
        onednn_probe([&] { other_step.run(train.features.view().rows(0, 1), train.targets.view().rows(0, 1), lr); });
    }
    const auto start = Clock::now();
    const EpochResult r = run_epoch(step, samples, lr);
    const double seconds = since(start);
    if (r.diverged) fail("classic: training diverged");
    const double acc = evaluate(net, test, Loss::mse).accuracy;
    emit("classic 784-100-10 per-sample", static_cast<double>(train.size()) / seconds, "samples/s",
         ", \"accuracy\": " + std::to_string(acc));
}

// Peak FP32 rate of this machine: independent FMA chains on every thread.
double fma_peak_gflops(double seconds) {
    const int threads = omp_get_max_threads();
    double total = 0;
#pragma omp parallel reduction(+ : total)
    {
        __m512 acc[16];
        for (int i = 0; i < 16; ++i) acc[i] = _mm512_set1_ps(1.0f + 0.001f * i);
        const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
        std::size_t iters = 0;
        const auto start = Clock::now();
        do {
            for (int k = 0; k < 1000; ++k)
                for (int i = 0; i < 16; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
            iters += 1000;
        } while (since(start) < seconds);
        const double t = since(start);
        float sink = 0;
        for (int i = 0; i < 16; ++i) sink += _mm512_reduce_add_ps(acc[i]);
        if (sink == 42.0f) std::printf(" ");
        total += static_cast<double>(iters) * 16 * 16 * 2 / t / 1e9;
    }
    (void)threads;
    return total;
}

}  // namespace

int main(int argc, char** argv) try {
    std::string data_dir = "data/mnist", cases = "train,big,bf16,inference,time98,classic,peak", model;
    double seconds = 1.5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--data") data_dir = argv[i + 1];
        else if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
        else if (flag == "--cases") cases = argv[i + 1];
        else if (flag == "--model") model = argv[i + 1];
        else fail("unknown flag ", flag);
    }
    auto want = [&](const char* c) { return ("," + cases + ",").find("," + std::string(c) + ",") != std::string::npos; };
    if (want("model") && model.empty()) fail("the case model needs --model FILE.nrm");
    set_num_threads(2);
    emit_environment();
    Dataset train = load_mnist(data_dir, "train"), test = load_mnist(data_dir, "test");
    if (want("model")) model_cases(model, test, seconds);  // on raw pixels: before the scaling below
    const Preprocessing pixels = fit_fixed_range(784, 0, 255, 0, 1);
    pixels.apply(train.features);
    pixels.apply(test.features);

    if (want("peak")) emit("fp32 peak (FMA loop)", fma_peak_gflops(seconds), "GFLOP/s");
    if (want("train")) {
        for (std::size_t b : {1, 16, 64, 256, 1024})
            emit("train sgd b" + std::to_string(b), train_throughput(train, {784, 256, 128, 10}, b, OptimizerKind::sgd, seconds), "samples/s");
        for (std::size_t b : {64, 256})
            emit("train adam b" + std::to_string(b), train_throughput(train, {784, 256, 128, 10}, b, OptimizerKind::adam, seconds), "samples/s");
    }
    if (want("big"))
        emit("train big sgd b256", train_throughput(train, {784, 1024, 1024, 10}, 256, OptimizerKind::sgd, seconds), "samples/s");
    // bf16 products (docs/bf16.md), against this run's float32 cases and
    // PyTorch's torch.autocast("cpu", dtype=torch.bfloat16).
    if (want("bf16")) {
        if (const std::string why = bf16_unsupported_reason(); !why.empty()) {
            std::fprintf(stderr, "neurite_bench: bf16 cases skipped: %s\n", why.c_str());
        } else {
            set_precision(Precision::bf16);
            for (std::size_t b : {64, 256, 1024})
                emit("train sgd bf16 b" + std::to_string(b),
                     train_throughput(train, {784, 256, 128, 10}, b, OptimizerKind::sgd, seconds), "samples/s");
            emit("train big sgd bf16 b256", train_throughput(train, {784, 1024, 1024, 10}, 256, OptimizerKind::sgd, seconds),
                 "samples/s");
            set_precision(Precision::fp32);
        }
    }
    if (want("inference")) {
        emit("inference b1 latency", inference_seconds(train, 1, seconds) * 1e6, "us");
        emit("inference b1000", 1000.0 / inference_seconds(train, 1000, seconds), "samples/s");
    }
    if (want("classic")) classic(data_dir);
    if (want("time98"))
        for (std::uint64_t seed : {1, 2, 3}) time_to_98(train, test, seed);
    return 0;
} catch (const Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
}
