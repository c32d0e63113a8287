#include "comm.h"

#ifdef VCB_COMD_MPI
#include <mpi.h>
#endif

namespace comd {
namespace {

// Unit tests use the grid without MPI_Init: then this process is the whole world.
bool mpi_running() {
#ifdef VCB_COMD_MPI
  int up = 0, down = 0;
  MPI_Initialized(&up);
  MPI_Finalized(&down);
  return up && !down;
#else
  return false;
#endif
}

}  // namespace

void Comm::init(int& argc, char**& argv) {
#ifdef VCB_COMD_MPI
  MPI_Init(&argc, &argv);
#else
  (void)argc;
  (void)argv;
#endif
}

void Comm::finalize() {
#ifdef VCB_COMD_MPI
  MPI_Finalize();
#endif
}

int Comm::world_rank() {
  int r = 0;
#ifdef VCB_COMD_MPI
  if (mpi_running()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
#endif
  return r;
}

int Comm::world_size() {
  int s = 1;
#ifdef VCB_COMD_MPI
  if (mpi_running()) MPI_Comm_size(MPI_COMM_WORLD, &s);
#endif
  return s;
}

Comm::Comm(std::array<int, 3> procs) : procs_(procs), rank_(world_rank()), size_(world_size()) {
  coord_ = {rank_ % procs_[0], (rank_ / procs_[0]) % procs_[1], rank_ / (procs_[0] * procs_[1])};
}

int Comm::neighbour(int axis, int dir) const {
  std::array<int, 3> c = coord_;
  c[axis] = (c[axis] + dir + procs_[axis]) % procs_[axis];
  return c[0] + procs_[0] * (c[1] + procs_[1] * c[2]);
}

void Comm::sendrecv(const std::vector<char>& out, int dest, std::vector<char>& in, int src) const {
  if (dest == rank_ && src == rank_) {
    in = out;
    return;
  }
#ifdef VCB_COMD_MPI
  long long n_out = static_cast<long long>(out.size()), n_in = 0;
  MPI_Sendrecv(&n_out, 1, MPI_LONG_LONG, dest, 1, &n_in, 1, MPI_LONG_LONG, src, 1, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  in.resize(static_cast<size_t>(n_in));
  MPI_Sendrecv(out.data(), static_cast<int>(n_out), MPI_BYTE, dest, 2, in.data(), static_cast<int>(n_in), MPI_BYTE,
               src, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
#endif
}

void Comm::sum(double* values, int n) const {
#ifdef VCB_COMD_MPI
  if (size_ > 1) MPI_Allreduce(MPI_IN_PLACE, values, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
#else
  (void)values;
  (void)n;
#endif
}

long long Comm::sum(long long value) const {
#ifdef VCB_COMD_MPI
  if (size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
#endif
  return value;
}

double Comm::max(double value) const {
#ifdef VCB_COMD_MPI
  if (size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
#endif
  return value;
}

void Comm::barrier() const {
#ifdef VCB_COMD_MPI
  if (size_ > 1) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

}  // namespace comd
