// neurite._core: the library's public API for Python (pybind11). Every
// number is computed by the C++ library; this file only converts arrays and
// errors. NumPy arrays of float32 in C order are read in place; any other
// dtype or layout is converted once (numpy.ascontiguousarray(x, float32)).
// Training and batched prediction release the GIL; a Python callback runs
// after each epoch, and Ctrl-C (SIGINT) stops a fit between two batches with
// KeyboardInterrupt, the weights as that batch left them.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "neurite/neurite.hpp"

namespace py = pybind11;
using namespace neurite;

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

// A 2-D float32 view of `a` (a 1-D array is one column when `column` else
// one row), or a ValueError naming `what`.
MatrixView<const float> matrix_of(const FloatArray& a, const char* what, bool column = true) {
    if (a.ndim() == 2) return {a.data(), static_cast<std::size_t>(a.shape(0)), static_cast<std::size_t>(a.shape(1))};
    if (a.ndim() == 1) {
        const auto n = static_cast<std::size_t>(a.shape(0));
        return column ? MatrixView<const float>(a.data(), n, 1) : MatrixView<const float>(a.data(), 1, n);
    }
    throw py::value_error(cat(what, ": expected a 2-D array (rows × columns), got ", a.ndim(), " dimensions"));
}

void require_finite(MatrixView<const float> m, const char* what) {
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (const float v : m.row(r))
            if (!std::isfinite(v)) throw py::value_error(cat(what, " holds NaN or infinity (row ", r, ")"));
}

// A data set from NumPy: classification when `classes` > 0 (y: integer
// labels 0 … classes−1), else regression (y: targets, one column per output).
Dataset dataset_of(const FloatArray& x, const py::array& y, std::size_t classes, const char* what) {
    const MatrixView<const float> xv = matrix_of(x, cat(what, " X").c_str());
    require_finite(xv, cat(what, " X").c_str());
    Matrix features(xv);
    if (classes > 0) {
        const auto labels_in = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(y);
        if (!labels_in || labels_in.ndim() != 1)
            throw py::value_error(cat(what, " y: expected a 1-D array of class indices"));
        if (static_cast<std::size_t>(labels_in.shape(0)) != features.rows())
            throw py::value_error(cat(what, " y has ", labels_in.shape(0), " labels for ", features.rows(), " rows of X"));
        std::vector<std::int32_t> labels(features.rows());
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const std::int64_t v = labels_in.at(static_cast<py::ssize_t>(i));
            if (v < 0 || static_cast<std::size_t>(v) >= classes)
                throw py::value_error(cat(what, " y[", i, "] = ", v, " is not a class index from 0 to ", classes - 1));
            labels[i] = static_cast<std::int32_t>(v);
        }
        return make_classification(std::move(features), std::move(labels), classes);
    }
    const FloatArray t = FloatArray::ensure(y);
    if (!t) throw py::value_error(cat(what, " y: expected numbers"));
    const MatrixView<const float> tv = matrix_of(t, cat(what, " y").c_str());
    if (tv.rows() != features.rows())
        throw py::value_error(cat(what, " y has ", tv.rows(), " rows for ", features.rows(), " rows of X"));
    require_finite(tv, cat(what, " y").c_str());
    return make_regression(std::move(features), Matrix(tv));
}

// One epoch's record as the dict the callback and the history give.
py::dict record_dict(const EpochRecord& r) {
    py::dict d;
    d["epoch"] = r.epoch;
    d["loss"] = r.loss;
    d["accuracy"] = r.accuracy;
    d["val_loss"] = r.val_loss;
    d["val_accuracy"] = r.val_accuracy;
    d["learning_rate"] = r.learning_rate;
    d["seconds"] = r.seconds;
    return d;
}

// Per-epoch Python callback and Ctrl-C between batches.
class PythonCallback : public TrainCallback {
public:
    explicit PythonCallback(std::optional<py::function> f) : f_(std::move(f)) {}
    void on_batch_end(std::size_t, std::size_t, double, double) override {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
    void on_epoch_end(const EpochRecord& r) override {
        if (!f_) return;
        py::gil_scoped_acquire gil;
        (*f_)(record_dict(r));
    }

private:
    std::optional<py::function> f_;
};

py::list history_of(const History& h) {
    py::list out;
    for (const EpochRecord& r : h.epochs) out.append(record_dict(r));
    return out;
}

Sequential network_from_json(const std::string& text) { return build_network<float>(parse_model_spec(text, "<json>")); }

py::bytes model_bytes(const Sequential& net) {
    const std::vector<std::uint8_t> b = encode_model_file(model_file_of(net));
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

Sequential network_from_bytes(const py::bytes& data) {
    const std::string s = data;
    return network_of(decode_model_file(std::vector<std::uint8_t>(s.begin(), s.end()), "<bytes>"));
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "neurite's C++ engine (see the neurite package for the documented API)";
    // neurite::Error (bad input, bad files) becomes ValueError with its message.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const Error& e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        }
    });
    m.attr("__version__") = std::string(NEURITE_VERSION_STRING);

    py::class_<Sequential>(m, "Sequential", "A stack of layers (neurite::Sequential): dense(), activation(), dropout(), then build()")
        .def(py::init<std::size_t>(), py::arg("input_size"))
        .def("dense", [](Sequential& s, std::size_t units, const std::string& activation) -> Sequential& {
                 return s.dense(units, parse_activation(activation));
             }, py::arg("units"), py::arg("activation") = "identity", py::return_value_policy::reference_internal)
        .def("activation", [](Sequential& s, const std::string& a) -> Sequential& { return s.activation(parse_activation(a)); },
             py::arg("name"), py::return_value_policy::reference_internal)
        .def("softmax", [](Sequential& s) -> Sequential& { return s.softmax(); }, py::return_value_policy::reference_internal)
        .def("dropout", [](Sequential& s, double rate, std::uint64_t seed) -> Sequential& { return s.dropout(rate, seed); },
             py::arg("rate"), py::arg("seed") = 0x64726f70ULL, py::return_value_policy::reference_internal)
        .def("build", &Sequential::build)
        .def("init", [](Sequential& s, std::uint64_t seed) { Rng rng(seed); s.init(rng); }, py::arg("seed") = 42)
        .def_property_readonly("input_size", &Sequential::input_size)
        .def_property_readonly("output_size", &Sequential::output_size)
        .def_property_readonly("param_count", &Sequential::param_count)
        .def("__len__", &Sequential::size)
        .def("predict", [](Sequential& s, const FloatArray& x) {
                 const MatrixView<const float> xv = matrix_of(x, "X", false);
                 if (!s.built()) throw py::value_error("predict: the network is not built (call build())");
                 if (xv.cols() != s.input_size())
                     throw py::value_error(cat("X has ", xv.cols(), " columns but the network takes ", s.input_size()));
                 require_finite(xv, "X");
                 py::array_t<float> out({xv.rows(), s.output_size()});
                 MatrixView<float> ov(out.mutable_data(), xv.rows(), s.output_size());
                 {
                     py::gil_scoped_release release;
                     if (xv.rows() > 0) s.predict(xv, ov);
                 }
                 return out;
             }, py::arg("X"), "Outputs for the rows of X (rows × outputs); X: float32, converted once if it is not")
        .def("get_params", [](const Sequential& s) {
                 py::array_t<float> out(s.param_count());
                 std::copy(s.params().begin(), s.params().end(), out.mutable_data());
                 return out;
             }, "All weights and biases in one flat copy")
        .def("set_params", [](Sequential& s, const FloatArray& p) {
                 if (static_cast<std::size_t>(p.size()) != s.param_count())
                     throw py::value_error(cat("expected ", s.param_count(), " parameters, got ", p.size()));
                 std::copy(p.data(), p.data() + p.size(), s.params().begin());
             }, py::arg("params"))
        .def("to_json", [](const Sequential& s, bool weights) { return to_json(spec_of(s, weights)); },
             py::arg("with_weights") = true, "The JSON model spec (docs/model-spec.md)")
        .def("to_bytes", &model_bytes, "The .nrm model file's bytes")
        .def("save", [](const Sequential& s, const std::string& path) { save_model_file(path, model_file_of(s)); },
             py::arg("path"), "Writes a .nrm model file (atomically)")
        .def("__repr__", [](const Sequential& s) {
            return cat("<neurite.Sequential ", s.input_size(), " → ", s.built() ? std::to_string(s.output_size()) : "?", ", ",
                       s.param_count(), " parameters>");
        });

    m.def("from_json", &network_from_json, py::arg("text"), "A network from a JSON model spec (with or without weights)");
    m.def("from_bytes", &network_from_bytes, py::arg("data"), "A network from a .nrm file's bytes");
    m.def("load", [](const std::string& path) {
        if (path.size() >= 5 && path.substr(path.size() - 5) == ".json") return build_network<float>(load_model_spec(path));
        return network_of(load_model_file(path));
    }, py::arg("path"), "A network from a .nrm model file or a JSON model spec");

    m.def("fit", [](Sequential& net, const FloatArray& x, const py::array& y, std::size_t classes, const std::string& loss,
                    const std::string& optimizer, std::optional<double> lr, std::size_t epochs, std::size_t batch_size,
                    std::uint64_t seed, double weight_decay, bool shuffle, std::optional<FloatArray> x_val,
                    std::optional<py::array> y_val, std::optional<py::function> callback, std::size_t patience,
                    double min_delta) {
        const Dataset train = dataset_of(x, y, classes, "training");
        std::optional<Dataset> val;
        if (x_val && y_val) val = dataset_of(*x_val, *y_val, classes, "validation");
        if (!net.built()) throw py::value_error("fit: the network is not built (call build())");
        if (train.features.cols() != net.input_size())
            throw py::value_error(cat("X has ", train.features.cols(), " columns but the network takes ", net.input_size()));
        if (train.targets.cols() != net.output_size())
            throw py::value_error(cat("y gives ", train.targets.cols(), " target columns but the network has ",
                                      net.output_size(), " outputs"));
        if (train.size() == 0) throw py::value_error("X has no rows");
        TrainConfig cfg;
        cfg.epochs = epochs;
        cfg.batch_size = batch_size;
        cfg.seed = seed;
        cfg.shuffle = shuffle;
        cfg.loss = parse_loss(loss);
        cfg.optimizer = default_config(parse_optimizer(optimizer));
        if (lr) cfg.optimizer.learning_rate = *lr;
        if (weight_decay > 0) cfg.optimizer.weight_decay = weight_decay;
        // Stop after `patience` epochs whose loss (validation loss when given)
        // improved by less than min_delta; the weights stay the last ones.
        cfg.early_stopping.patience = patience;
        cfg.early_stopping.min_delta = min_delta;
        cfg.early_stopping.restore_best = false;
        Trainer trainer(net, cfg);
        PythonCallback cb(std::move(callback));
        trainer.add_callback(cb);
        History h;
        {
            py::gil_scoped_release release;
            h = trainer.fit(train, val ? &*val : nullptr);
        }
        return history_of(h);
    }, py::arg("net"), py::arg("X"), py::arg("y"), py::kw_only(), py::arg("classes") = 0,
       py::arg("loss") = "categorical_cross_entropy", py::arg("optimizer") = "adam", py::arg("learning_rate") = py::none(),
       py::arg("epochs") = 10, py::arg("batch_size") = 64, py::arg("seed") = 42, py::arg("weight_decay") = 0.0,
       py::arg("shuffle") = true, py::arg("X_val") = py::none(), py::arg("y_val") = py::none(),
       py::arg("callback") = py::none(), py::arg("patience") = 0, py::arg("min_delta") = 0.0,
       "Trains net with neurite's Trainer; returns the history (one dict per epoch)");

    m.def("evaluate", [](Sequential& net, const FloatArray& x, const py::array& y, std::size_t classes,
                         const std::string& loss) {
        const Dataset d = dataset_of(x, y, classes, "evaluation");
        Evaluation e;
        {
            py::gil_scoped_release release;
            e = evaluate(net, d, parse_loss(loss));
        }
        py::dict out;
        out["loss"] = e.loss;
        out["accuracy"] = e.accuracy;
        out["rows"] = e.rows;
        return out;
    }, py::arg("net"), py::arg("X"), py::arg("y"), py::kw_only(), py::arg("classes") = 0,
       py::arg("loss") = "categorical_cross_entropy");

    m.def("load_mnist", [](const std::string& folder, const std::string& part) {
        Dataset d;
        {
            py::gil_scoped_release release;
            d = load_mnist(folder, part);
        }
        py::array_t<float> x({d.features.rows(), d.features.cols()});
        std::copy(d.features.flat().begin(), d.features.flat().end(), x.mutable_data());
        py::array_t<std::int64_t> y(static_cast<py::ssize_t>(d.labels.size()));
        std::copy(d.labels.begin(), d.labels.end(), y.mutable_data());
        return py::make_tuple(x, y);
    }, py::arg("folder"), py::arg("part"),
       "MNIST's original IDX files in folder (part \"train\" or \"test\"): (images as float32 rows of 784 "
       "pixels 0…255, labels as int64)");

    m.def("gradcheck", [](std::uint64_t seed) {
        py::list rows;
        for (const GradCheckRow& r : check_all(seed)) rows.append(py::make_tuple(r.component, r.checked, r.max_error));
        return rows;
    }, py::arg("seed") = 1, "Every layer kind, loss and small network against central differences in double: "
                            "(component, coordinates checked, largest relative error)");

    py::class_<MpNeuron>(m, "MpNeuron", "The McCulloch–Pitts neuron: binary inputs, output 1 when their sum reaches the threshold")
        .def(py::init<std::size_t>(), py::arg("threshold") = 0)
        .def_property("threshold", &MpNeuron::threshold, &MpNeuron::set_threshold)
        .def("predict", [](const MpNeuron& n, const FloatArray& x) {
            const std::vector<std::int32_t> out = n.predict(matrix_of(x, "X", false));
            return py::array_t<std::int32_t>(static_cast<py::ssize_t>(out.size()), out.data());
        }, py::arg("X"))
        .def("fit", [](MpNeuron& n, const FloatArray& x, const py::array_t<std::int32_t, py::array::forcecast>& y) {
            const MpFit f = n.fit(matrix_of(x, "X", false), std::span<const std::int32_t>(y.data(), static_cast<std::size_t>(y.size())));
            return py::make_tuple(f.best_threshold, f.best_accuracy, f.accuracy);
        }, py::arg("X"), py::arg("y"), "Tries every threshold; keeps the most accurate: (threshold, accuracy, accuracy per threshold)");

    py::class_<Perceptron>(m, "Perceptron", "Rosenblatt's perceptron and its error-correction rule")
        .def(py::init<std::size_t, double>(), py::arg("inputs"), py::arg("constant_input") = -1.0)
        .def(py::init<std::vector<double>, double, double>(), py::arg("weights"), py::arg("theta"),
             py::arg("constant_input") = -1.0)
        .def_property_readonly("weights", [](const Perceptron& p) { return std::vector<double>(p.weights().begin(), p.weights().end()); })
        .def_property_readonly("theta", &Perceptron::theta)
        .def("predict", [](const Perceptron& p, const py::array_t<double, py::array::c_style | py::array::forcecast>& x) {
            if (x.ndim() != 2) throw py::value_error("X: expected a 2-D array");
            const std::vector<int> out = p.predict(MatrixView<const double>(x.data(), static_cast<std::size_t>(x.shape(0)),
                                                                             static_cast<std::size_t>(x.shape(1))));
            return py::array_t<int>(static_cast<py::ssize_t>(out.size()), out.data());
        }, py::arg("X"))
        .def("fit", [](Perceptron& p, const py::array_t<double, py::array::c_style | py::array::forcecast>& x,
                       const py::array_t<int, py::array::forcecast>& y, double lr, std::size_t max_epochs) {
            if (x.ndim() != 2) throw py::value_error("X: expected a 2-D array");
            const PerceptronResult r = p.train(
                MatrixView<const double>(x.data(), static_cast<std::size_t>(x.shape(0)), static_cast<std::size_t>(x.shape(1))),
                std::span<const int>(y.data(), static_cast<std::size_t>(y.size())),
                {.learning_rate = lr, .max_epochs = max_epochs});
            py::dict d;
            d["converged"] = r.converged();
            d["epochs"] = r.epochs;
            d["updates"] = r.updates;
            d["mistakes"] = r.mistakes;
            return d;
        }, py::arg("X"), py::arg("y"), py::arg("learning_rate") = 1.0, py::arg("max_epochs") = 100);
}
