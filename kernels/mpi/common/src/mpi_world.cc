#include "vcb/mpi_world.h"

#include <mpi.h>

namespace vcb::mpi {
namespace {

void finalize_for_exit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

double reduce(double local, MPI_Op op) {
  double out = local;
  MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, op, MPI_COMM_WORLD);
  return out;
}

}  // namespace

World init(int* argc, char*** argv) {
  MPI_Init(argc, argv);
  World w;
  MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &w.size);
  Kernel::set_exit_hook(finalize_for_exit, w.root());
  return w;
}

long long check_ranks(Kernel& k, const World& w) {
  const long long ranks = k.param_int("ranks", w.size);
  if (ranks != w.size)
    k.usage_error("--ranks " + std::to_string(ranks) + " but the job has " + std::to_string(w.size) +
                  " ranks; launch it with mpirun -np " + std::to_string(ranks));
  return ranks;
}

bool all_true(bool local) {
  int v = local ? 1 : 0, out = 0;
  MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return out != 0;
}

double max_all(double local) { return reduce(local, MPI_MAX); }
double min_all(double local) { return reduce(local, MPI_MIN); }
double sum_all(double local) { return reduce(local, MPI_SUM); }

Series single_run(const Plan& plan, double seconds) {
  Series s;
  s.iterations = 1;
  s.calibrated_here = plan.calibrate;
  s.seconds = {seconds};
  return s;
}

int finish(const Kernel& k, const World& w, bool passed) {
  const bool all = all_true(passed);
  const int status = w.root() ? (all && k.finish() == 0 ? 0 : 1) : (all ? 0 : 1);
  MPI_Finalize();
  return status;
}

}  // namespace vcb::mpi
