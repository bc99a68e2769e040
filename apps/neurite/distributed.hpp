// Data-parallel `neurite train` across processes: whether this process runs
// under an MPI launcher (mpirun) and, if so, the Collective it trains with.
// The MPI code itself is in mpi_collective.cpp, compiled only when CMake
// finds MPI (NEURITE_HAVE_MPI); the library never depends on it.
#pragma once

#include <memory>
#include <string>

#include "neurite/train/collective.hpp"

namespace neurite::cli {

// A Collective that also ends the whole job when one process fails.
class Distributed : public Collective {
public:
    // Called with the message of an error this process cannot go on after.
    // Process 0 prints "error: MESSAGE" at once; any other prints
    // "error: process R of N: MESSAGE" after a grace period (when the error
    // hit every process, process 0's message is the only one: ending the
    // job ends the others first). Then the whole job is aborted. Never returns.
    [[noreturn]] virtual void abort_job(const std::string& message) = 0;
    // Processes of this job on this machine (for the default thread count).
    virtual std::size_t local_size() const = 0;
};

// nullptr when this process trains alone: not under an MPI launcher and not
// `forced` (--distributed). Fails when MPI is asked for (forced, or an MPI
// launcher with more than one process) and neurite was built without it.
std::unique_ptr<Distributed> start_distributed(bool forced);

#ifdef NEURITE_HAVE_MPI
std::unique_ptr<Distributed> start_mpi();  // mpi_collective.cpp
#endif

}  // namespace neurite::cli
