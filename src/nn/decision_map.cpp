#include "neurite/nn/decision_map.hpp"

#include "neurite/core/error.hpp"
#include "neurite/tensor/matrix.hpp"

namespace neurite {

template <typename T>
Grid2D decision_map(BasicSequential<T>& net, double x_min, double x_max, double y_min, double y_max, std::size_t n,
                    std::size_t output) {
    if (!net.built()) fail("decision map: the network is not built");
    if (net.input_size() != 2)
        fail("decision map: the network takes ", net.input_size(), " inputs; a map of the plane needs 2");
    if (output >= net.output_size())
        fail("decision map: output ", output, " does not exist (the network has ", net.output_size(), ")");
    Grid2D grid(x_min, x_max, n, y_min, y_max, n);
    BasicMatrix<T> in(grid.nx * grid.ny, 2), out(grid.nx * grid.ny, net.output_size());
    for (std::size_t j = 0; j < grid.ny; ++j)
        for (std::size_t i = 0; i < grid.nx; ++i) {
            in(j * grid.nx + i, 0) = static_cast<T>(grid.x(i));
            in(j * grid.nx + i, 1) = static_cast<T>(grid.y(j));
        }
    net.predict(in.view(), out.view());
    for (std::size_t k = 0; k < grid.values.size(); ++k) grid.values[k] = static_cast<double>(out(k, output));
    return grid;
}

template Grid2D decision_map<float>(BasicSequential<float>&, double, double, double, double, std::size_t, std::size_t);
template Grid2D decision_map<double>(BasicSequential<double>&, double, double, double, double, std::size_t,
                                     std::size_t);

}  // namespace neurite
