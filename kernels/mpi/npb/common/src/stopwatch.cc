#include "vcb/npb/stopwatch.h"

#include <mpi.h>

#include "vcb/mpi_world.h"

namespace vcb::npb {

Stopwatch::Stopwatch() {
  MPI_Barrier(MPI_COMM_WORLD);
  start_ = MPI_Wtime();
}

double Stopwatch::seconds() const { return mpi::max_all(MPI_Wtime() - start_); }

}  // namespace vcb::npb
