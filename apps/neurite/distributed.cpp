#include "distributed.hpp"

#include <cstdlib>
#include <string>

#include "neurite/core/error.hpp"

namespace neurite::cli {
namespace {

// The number of processes an MPI launcher says this job has, or 0 when no
// launcher's variables are set (Open MPI, then MPICH/Hydra and PMIx).
long launcher_size() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
        if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return std::strtol(v, nullptr, 10);
    }
    if (std::getenv("PMIX_RANK") != nullptr) return 1;
    return 0;
}

}  // namespace

std::unique_ptr<Distributed> start_distributed(bool forced) {
    const long size = launcher_size();
    if (!forced && size == 0) return nullptr;
#ifdef NEURITE_HAVE_MPI
    return start_mpi();
#else
    if (forced) fail("--distributed: this neurite was built without MPI (install libopenmpi-dev and rebuild)");
    if (size > 1)
        fail("running under an MPI launcher with ", size,
             " processes, but this neurite was built without MPI: each process would train alone "
             "(install libopenmpi-dev and rebuild)");
    return nullptr;
#endif
}

}  // namespace neurite::cli
